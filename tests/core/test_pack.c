/* The pack loader: manifest rules, checksums, parameters, overlays and the
 * fingerprint, with every error's status and message. */
#include <stdlib.h>
#include <sys/stat.h>

#include "test_util.h"

#include "core/pack.h"
#include "core/sha256.h"

static yb_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    return yb_ctx_new(&ctx, NULL);
}

static int teardown(void **state)
{
    (void)state;
    yb_ctx_free(ctx);
    return 0;
}

/* Writes dir/name with text and returns "sha256:<hex>" of it. */
static const char *put(const char *dir, const char *name, const char *text)
{
    static char sums[8][80];
    static int next;
    char path[4200], hex[65];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    yb_test_write_text(path, text);
    yb_sha256_hex(text, strlen(text), hex);
    char *s = sums[next++ % 8];
    snprintf(s, 80, "sha256:%s", hex);
    return s;
}

static void manifest(const char *dir, const char *json)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/pack.json", dir);
    yb_test_write_text(path, json);
}

static const char *TABLE = "code,ratio\nA,0.5\nB,0.25\n";

/* A valid pack: kind test-kind, table t, some parameters. */
static const char *make_pack(const char *tag, const char *params)
{
    const char *dir = yb_test_tmpdir(tag);
    const char *sum = put(dir, "t.csv", TABLE);
    char json[2048];
    snprintf(json, sizeof json,
             "{\"format\":\"yibao-pack/1\",\"kind\":\"test-kind\",\"name\":\"T\",\"version\":\"1\","
             "\"region\":\"sample\",\"valid_from\":\"2024-01-01\",\"tables\":{\"t\":{\"file\":\"t.csv\","
             "\"checksum\":\"%s\",\"rows\":2}},\"parameters\":%s,\"source\":\"hand-made\"}",
             sum, params);
    manifest(dir, json);
    return dir;
}

static void valid_pack_exposes_metadata_tables_and_parameters(void **state)
{
    (void)state;
    const char *dir = make_pack("ok", "{\"ratio\":\"0.93\",\"count\":15,\"on\":true,\"mode\":\"half_even\","
                                      "\"outlier\":{\"low\":\"0.5\",\"inclusive\":false},\"start\":\"2024-07-01\"}");
    yb_pack *p;
    assert_ok(ctx, yb_pack_open(ctx, dir, "test-kind", &p));
    assert_string_equal(yb_pack_kind(p), "test-kind");
    assert_string_equal(yb_pack_region(p), "sample");
    assert_int_equal(yb_pack_valid_from(p), 20240101);
    assert_int_equal(yb_pack_valid_to(p), 0);
    assert_int_equal(strlen(yb_pack_fingerprint(p)), 64);
    int64_t v = -1;
    assert_ok(ctx, yb_pack_param_decimal(ctx, p, "ratio", 1, 6, 0, YB_RATIO_ONE, &v));
    assert_int_equal(v, 930000);
    assert_ok(ctx, yb_pack_param_decimal(ctx, p, "outlier.low", 1, 6, 0, YB_RATIO_ONE, &v));
    assert_int_equal(v, 500000);
    assert_ok(ctx, yb_pack_param_int(ctx, p, "count", 1, 1, 100, &v));
    assert_int_equal(v, 15);
    int b = -1;
    assert_ok(ctx, yb_pack_param_bool(ctx, p, "on", 1, &b));
    assert_int_equal(b, 1);
    assert_ok(ctx, yb_pack_param_bool(ctx, p, "outlier.inclusive", 1, &b));
    assert_int_equal(b, 0);
    static const char *const modes[] = { "half_up", "half_even" };
    int m = -1;
    assert_ok(ctx, yb_pack_param_enum(ctx, p, "mode", 1, modes, 2, &m));
    assert_int_equal(m, 1);
    int32_t d;
    assert_ok(ctx, yb_pack_param_date(ctx, p, "start", 1, &d));
    assert_int_equal(d, 20240701);
    v = 77; /* absent and optional: untouched */
    assert_ok(ctx, yb_pack_param_int(ctx, p, "absent", 0, 0, 100, &v));
    assert_int_equal(v, 77);
    yb_csv *r;
    assert_ok(ctx, yb_pack_table_open(ctx, p, "t", &r));
    assert_int_equal(yb_csv_next(r, ctx), 1);
    assert_string_equal(yb_csv_field(r, 0, NULL), "A");
    yb_csv_close(r);
    assert_status(ctx, yb_pack_table_open(ctx, p, "nope", &r), YB_E_NOT_FOUND);
    assert_msg_has(ctx, "no table 'nope'");
    yb_pack_close(p);
}

static void parameter_errors_name_key_and_value(void **state)
{
    (void)state;
    const char *dir = make_pack("perr", "{\"ratio\":\"0.9x\",\"big\":\"1.5\",\"count\":500,\"on\":\"yes\","
                                        "\"mode\":\"round\",\"start\":\"2024-02-30\"}");
    yb_pack *p;
    assert_ok(ctx, yb_pack_open(ctx, dir, NULL, &p));
    int64_t v;
    int b, m;
    int32_t d;
    assert_status(ctx, yb_pack_param_decimal(ctx, p, "ratio", 1, 6, 0, YB_RATIO_ONE, &v), YB_E_PARAM);
    assert_msg_has(ctx, "pack.json", "parameter 'ratio' must be a decimal", "value '0.9x'");
    assert_status(ctx, yb_pack_param_decimal(ctx, p, "big", 1, 6, 0, YB_RATIO_ONE, &v), YB_E_PARAM);
    assert_msg_has(ctx, "from 0.000000 to 1.000000", "value '1.5'");
    assert_status(ctx, yb_pack_param_int(ctx, p, "count", 1, 1, 100, &v), YB_E_PARAM);
    assert_msg_has(ctx, "from 1 to 100", "value '500'");
    assert_status(ctx, yb_pack_param_bool(ctx, p, "on", 1, &b), YB_E_PARAM);
    assert_msg_has(ctx, "true or false", "value 'yes'");
    static const char *const modes[] = { "half_up", "half_even" };
    assert_status(ctx, yb_pack_param_enum(ctx, p, "mode", 1, modes, 2, &m), YB_E_PARAM);
    assert_msg_has(ctx, "one of \"half_up\", \"half_even\"", "value 'round'");
    assert_status(ctx, yb_pack_param_date(ctx, p, "start", 1, &d), YB_E_PARAM);
    assert_status(ctx, yb_pack_param_int(ctx, p, "needed", 1, 0, 1, &v), YB_E_PARAM);
    assert_msg_has(ctx, "missing required parameter 'needed'");
    static const char *const known[] = { "ratio", "big", "count", "on", "mode" };
    assert_status(ctx, yb_pack_param_check_known(ctx, p, known, 5), YB_E_PARAM);
    assert_msg_has(ctx, "unknown parameter 'start' for a 'test-kind' pack");
    static const char *const prefixed[] = { "ratio", "big", "count", "on", "mode", "st" };
    assert_status(ctx, yb_pack_param_check_known(ctx, p, prefixed, 6), YB_E_PARAM); /* "st" is no prefix */
    static const char *const with_prefix[] = { "ratio", "big", "count", "on", "mode", "s." , "start" };
    assert_ok(ctx, yb_pack_param_check_known(ctx, p, with_prefix, 7));
    yb_pack_close(p);
}

static void expect_manifest_error(const char *json, int status, const char *frag)
{
    const char *dir = yb_test_tmpdir("bad");
    put(dir, "t.csv", TABLE);
    manifest(dir, json);
    yb_pack *p = (yb_pack *)0x1;
    int rc = yb_pack_open(ctx, dir, "test-kind", &p);
    if (rc != status || !strstr(yb_ctx_errmsg(ctx), frag))
        print_error("manifest %s\n gave %s: %s\n wanted %s with \"%s\"\n", json, yb_status_name(rc),
                    yb_ctx_errmsg(ctx), yb_status_name(status), frag);
    assert_int_equal(rc, status);
    assert_non_null(strstr(yb_ctx_errmsg(ctx), frag));
    assert_null(p);
}

#define HEAD "{\"format\":\"yibao-pack/1\",\"kind\":\"test-kind\",\"name\":\"T\",\"version\":\"1\","
#define SUM "\"sha256:0000000000000000000000000000000000000000000000000000000000000000\""

static void malformed_manifests_are_rejected_with_reasons(void **state)
{
    (void)state;
    expect_manifest_error("{\"format\": ", YB_E_PACK, "invalid JSON");
    expect_manifest_error("{\"format\":\"yibao-pack/1\",\n \"kind\": oops}", YB_E_PACK, "pack.json:2:");
    expect_manifest_error("[1,2]", YB_E_PACK, "must be a JSON object");
    expect_manifest_error("{\"format\":\"yibao-pack/9\"}", YB_E_VERSION, "reads yibao-pack/1");
    expect_manifest_error("{\"kind\":\"x\"}", YB_E_PACK, "missing required key 'format'");
    expect_manifest_error(HEAD "\"tables\":{}, \"colour\":\"red\"}", YB_E_PACK, "unknown key 'colour'");
    expect_manifest_error("{\"format\":\"yibao-pack/1\",\"kind\":\"other\",\"name\":\"T\",\"version\":\"1\",\"tables\":{}}",
                          YB_E_PACK, "this pack is a 'other', a 'test-kind' pack is needed");
    expect_manifest_error(HEAD "\"name\":\"again\",\"tables\":{}}", YB_E_PACK, "invalid JSON");
    expect_manifest_error(HEAD "\"version\":1,\"tables\":{}}", YB_E_PACK, "invalid JSON"); /* duplicate key */
    expect_manifest_error("{\"format\":\"yibao-pack/1\",\"kind\":\"test-kind\",\"name\":\"T\",\"version\":2,\"tables\":{}}",
                          YB_E_PACK, "key 'version' must be a string");
    expect_manifest_error(HEAD "\"valid_from\":\"2024-13-01\",\"tables\":{}}", YB_E_PACK, "YYYY-MM-DD");
    expect_manifest_error(HEAD "\"valid_from\":\"2024-02-01\",\"valid_to\":\"2024-01-01\",\"tables\":{}}",
                          YB_E_PACK, "valid_to is before valid_from");
    expect_manifest_error(HEAD "\"region\":\"x\"}", YB_E_PACK, "missing key 'tables'");
    expect_manifest_error(HEAD "\"tables\":{\"t\":\"t.csv\"}}", YB_E_PACK, "table 't' must be an object");
    expect_manifest_error(HEAD "\"tables\":{\"t\":{\"file\":\"t.csv\"}}}", YB_E_PACK, "missing required key 'checksum'");
    expect_manifest_error(HEAD "\"tables\":{\"t\":{\"file\":\"t.csv\",\"checksum\":\"md5:abc\"}}}", YB_E_PACK,
                          "must be \"sha256:\" and 64 lower-case hex digits");
    expect_manifest_error(HEAD "\"tables\":{\"t\":{\"file\":\"../t.csv\",\"checksum\":" SUM "}}}", YB_E_PACK,
                          "relative path inside the pack");
    expect_manifest_error(HEAD "\"tables\":{\"t\":{\"file\":\"/etc/passwd\",\"checksum\":" SUM "}}}", YB_E_PACK,
                          "relative path inside the pack");
    expect_manifest_error(HEAD "\"tables\":{\"t\":{\"file\":\"t.csv\",\"checksum\":" SUM ",\"mode\":\"merge\"}}}",
                          YB_E_PACK, "mode must be");
    expect_manifest_error(HEAD "\"tables\":{\"t\":{\"file\":\"t.csv\",\"checksum\":" SUM ",\"size\":3}}}",
                          YB_E_PACK, "unknown key 'size' in a table entry");
    expect_manifest_error(HEAD "\"tables\":{},\"parameters\":{\"ratio\":0.93}}", YB_E_PACK,
                          "write it as a string");
    expect_manifest_error(HEAD "\"tables\":{},\"parameters\":{\"list\":[1,2]}}", YB_E_PACK, "put lists in a table");
    expect_manifest_error(HEAD "\"tables\":{},\"parameters\":{\"a.b\":\"1\"}}", YB_E_PACK, "without '.'");
    expect_manifest_error(HEAD "\"tables\":{},\"parameters\":[]}", YB_E_PACK, "'parameters' must be an object");
    expect_manifest_error(HEAD "\"tables\":{},\"base\":3}", YB_E_PACK, "'base' must be a path");
    expect_manifest_error(HEAD "\"tables\":{},\"base\":\"no-such-dir\"}", YB_E_IO, "cannot open the pack manifest");
    expect_manifest_error(HEAD "\"tables\":{},\"base\":\".\"}", YB_E_PACK, "nested deeper than 8 levels");
    /* GBK text in the manifest: "名称" = C3 FB B3 C6 */
    expect_manifest_error(HEAD "\"tables\":{},\"description\":\"\xC3\xFB\xB3\xC6\"}", YB_E_ENCODING, "GBK");
}

static void missing_manifest_is_an_io_error(void **state)
{
    (void)state;
    yb_pack *p;
    const char *dir = yb_test_tmpdir("empty");
    assert_status(ctx, yb_pack_open(ctx, dir, NULL, &p), YB_E_IO);
    assert_msg_has(ctx, "pack.json", "cannot open the pack manifest", "No such file");
}

static void changed_table_fails_its_checksum_before_parsing(void **state)
{
    (void)state;
    const char *dir = make_pack("sum", "{}");
    char path[4200];
    snprintf(path, sizeof path, "%s/t.csv", dir);
    yb_test_write_text(path, "code,ratio\nA,0.5\nB,0.26\n"); /* one digit changed */
    yb_pack *p;
    assert_ok(ctx, yb_pack_open(ctx, dir, NULL, &p)); /* the manifest itself is fine */
    yb_csv *r = (yb_csv *)0x1;
    assert_status(ctx, yb_pack_table_open(ctx, p, "t", &r), YB_E_CHECKSUM);
    assert_null(r);
    char hex[65];
    yb_sha256_hex(TABLE, strlen(TABLE), hex);
    assert_msg_has(ctx, "t.csv", "table file changed", hex);
    assert_status(ctx, yb_pack_verify_tables(ctx, p), YB_E_CHECKSUM);
    yb_pack_info info = { .size = sizeof info };
    assert_status(ctx, yb_pack_inspect(ctx, dir, 1, &info), YB_E_CHECKSUM);
    assert_ok(ctx, yb_pack_inspect(ctx, dir, 0, &info)); /* without verification */
    yb_pack_close(p);
    remove(path);
    assert_ok(ctx, yb_pack_open(ctx, dir, NULL, &p));
    assert_status(ctx, yb_pack_table_open(ctx, p, "t", &r), YB_E_IO);
    assert_msg_has(ctx, "cannot open a pack table");
    yb_pack_close(p);
}

static char *fingerprint_of(const char *dir)
{
    static char fp[4][65];
    static int next;
    yb_pack_info info = { .size = sizeof info };
    assert_ok(ctx, yb_pack_inspect(ctx, dir, 1, &info));
    char *out = fp[next++ % 4];
    memcpy(out, info.fingerprint, 65);
    return out;
}

static void fingerprint_depends_on_content_not_location(void **state)
{
    (void)state;
    const char *a = make_pack("fa", "{\"x\":\"1\",\"y\":{\"z\":2}}");
    /* Same content in another directory, keys reordered, other whitespace and
     * descriptive text: same fingerprint. */
    const char *b = yb_test_tmpdir("fb");
    const char *sum = put(b, "t.csv", TABLE);
    char json[1024];
    snprintf(json, sizeof json,
             "{ \"tables\": { \"t\": { \"checksum\": \"%s\", \"file\": \"t.csv\" } },\n"
             "  \"parameters\": { \"y\": { \"z\": 2 }, \"x\": \"1\" },\n"
             "  \"version\": \"1\", \"name\": \"T\", \"kind\": \"test-kind\", \"format\": \"yibao-pack/1\",\n"
             "  \"region\": \"sample\", \"valid_from\": \"2024-01-01\", \"description\": \"moved\" }",
             sum);
    manifest(b, json);
    char *fa = fingerprint_of(a), *fb = fingerprint_of(b);
    assert_string_equal(fa, fb);
    /* A parameter's type is part of the identity: 2 and "2" differ. */
    const char *c = make_pack("fc", "{\"x\":\"1\",\"y\":{\"z\":\"2\"}}");
    assert_string_not_equal(fa, fingerprint_of(c));
    const char *d = make_pack("fd", "{\"x\":\"1.0\",\"y\":{\"z\":2}}");
    assert_string_not_equal(fa, fingerprint_of(d));
}

static void overlay_inherits_replaces_appends_and_overrides(void **state)
{
    (void)state;
    const char *base = yb_test_tmpdir("base");
    const char *t1 = put(base, "t.csv", "code,v\nA,1\nB,2\n");
    const char *u1 = put(base, "u.csv", "code,v\nX,9\n");
    const char *w1 = put(base, "w.csv", "k\nkeep\n");
    char json[8192];
    snprintf(json, sizeof json,
             HEAD "\"region\":\"national\",\"tables\":{\"t\":{\"file\":\"t.csv\",\"checksum\":\"%s\"},"
                  "\"u\":{\"file\":\"u.csv\",\"checksum\":\"%s\"},\"w\":{\"file\":\"w.csv\",\"checksum\":\"%s\"}},"
                  "\"parameters\":{\"a\":\"1\",\"b\":{\"c\":\"2\"}}}",
             t1, u1, w1);
    manifest(base, json);
    char *base_fp = fingerprint_of(base);
    char base_copy[65];
    memcpy(base_copy, base_fp, 65);

    const char *local = yb_test_tmpdir("local");
    mkdir(local, 0777);
    const char *t2 = put(local, "t.csv", "code,v\nA,10\n");
    const char *u2 = put(local, "u_extra.csv", "code,v\nY,8\n");
    char rel[1024];
    snprintf(rel, sizeof rel, "%s", base); /* an absolute base path */
    snprintf(json, sizeof json,
             HEAD "\"region\":\"city\",\"base\":{\"path\":\"%s\",\"fingerprint\":\"%s\"},"
                  "\"tables\":{\"t\":{\"file\":\"t.csv\",\"checksum\":\"%s\"},"
                  "\"u\":{\"file\":\"u_extra.csv\",\"checksum\":\"%s\",\"mode\":\"append\"}},"
                  "\"parameters\":{\"b\":{\"c\":\"3\"},\"d\":\"4\"}}",
             rel, base_copy, t2, u2);
    manifest(local, json);
    yb_pack *p;
    assert_ok(ctx, yb_pack_open(ctx, local, "test-kind", &p));
    assert_string_equal(yb_pack_region(p), "city");
    assert_int_equal(yb_pack_table_count(p), 3);
    assert_string_equal(yb_pack_param_text(p, "a"), "1"); /* inherited */
    assert_string_equal(yb_pack_param_text(p, "b.c"), "3"); /* overridden */
    assert_string_equal(yb_pack_param_text(p, "d"), "4");
    yb_csv *r;
    char got[64] = "";
    assert_ok(ctx, yb_pack_table_open(ctx, p, "t", &r)); /* replaced */
    while (yb_csv_next(r, ctx) == 1)
        strcat(got, yb_csv_field(r, 1, NULL));
    yb_csv_close(r);
    assert_string_equal(got, "10");
    got[0] = '\0';
    assert_ok(ctx, yb_pack_table_open(ctx, p, "u", &r)); /* appended after the base rows */
    while (yb_csv_next(r, ctx) == 1)
        strcat(got, yb_csv_field(r, 0, NULL));
    yb_csv_close(r);
    assert_string_equal(got, "XY");
    assert_ok(ctx, yb_pack_table_open(ctx, p, "w", &r)); /* untouched */
    yb_csv_close(r);
    assert_string_not_equal(yb_pack_fingerprint(p), base_copy);
    yb_pack_close(p);

    /* Pinning another fingerprint fails and says which one the base has. */
    snprintf(json, sizeof json,
             HEAD "\"base\":{\"path\":\"%s\",\"fingerprint\":\"%064d\"},\"tables\":{}}", rel, 0);
    manifest(local, json);
    assert_status(ctx, yb_pack_open(ctx, local, "test-kind", &p), YB_E_PACK);
    assert_msg_has(ctx, "base pack's fingerprint is", base_copy);
    /* A base of another kind is refused. */
    snprintf(json, sizeof json,
             "{\"format\":\"yibao-pack/1\",\"kind\":\"other-kind\",\"name\":\"T\",\"version\":\"1\","
             "\"base\":\"%s\",\"tables\":{}}", rel);
    manifest(local, json);
    assert_status(ctx, yb_pack_open(ctx, local, NULL, &p), YB_E_PACK);
    assert_msg_has(ctx, "this pack is a 'test-kind', a 'other-kind' pack is needed");
}

static void inspect_fills_the_public_summary(void **state)
{
    (void)state;
    const char *dir = make_pack("inspect", "{}");
    yb_pack_info info = { .size = sizeof info };
    assert_ok(ctx, yb_pack_inspect(ctx, dir, 1, &info));
    assert_string_equal(info.kind, "test-kind");
    assert_string_equal(info.name, "T");
    assert_string_equal(info.region, "sample");
    assert_int_equal(info.valid_from, 20240101);
    assert_int_equal(info.tables, 1);
    char manifest_path[4200];
    snprintf(manifest_path, sizeof manifest_path, "%s/pack.json", dir);
    yb_pack_info again = { .size = sizeof again };
    assert_ok(ctx, yb_pack_inspect(ctx, manifest_path, 0, &again)); /* the manifest path works too */
    assert_string_equal(info.fingerprint, again.fingerprint);
    yb_pack_info old = { .size = 16 };
    assert_int_equal(yb_pack_inspect(ctx, dir, 0, &old), YB_E_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_pack_exposes_metadata_tables_and_parameters),
        cmocka_unit_test(parameter_errors_name_key_and_value),
        cmocka_unit_test(malformed_manifests_are_rejected_with_reasons),
        cmocka_unit_test(missing_manifest_is_an_io_error),
        cmocka_unit_test(changed_table_fails_its_checksum_before_parsing),
        cmocka_unit_test(fingerprint_depends_on_content_not_location),
        cmocka_unit_test(overlay_inherits_replaces_appends_and_overrides),
        cmocka_unit_test(inspect_fills_the_public_summary),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
