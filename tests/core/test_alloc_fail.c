/* Every allocation of the core loaders fails in turn: each run must end in
 * YB_E_NOMEM (or succeed when the failure is absorbed) and leak nothing. */
#include "test_util.h"

#include "core/csv.h"
#include "core/pack.h"
#include "core/sha256.h"

static int read_csv_file(yb_ctx *ctx, void *user)
{
    yb_csv *r;
    int rc = yb_csv_open_file(ctx, user, &r);
    if (rc)
        return rc;
    while ((rc = yb_csv_next(r, ctx)) == 1)
        ;
    yb_csv_close(r);
    return rc;
}

static void csv_reader_survives_every_allocation_failure(void **state)
{
    (void)state;
    long sites = yb_test_every_alloc_fails(read_csv_file, NULL, (void *)yb_test_src("tests/core/data/chs_drg_11_mdc.csv"));
    assert_true(sites >= 5); /* reader, parts, names, chunk, record growth, fields, header */
}

static const char *pack_dir;

static int open_pack_and_read(yb_ctx *ctx, void *user)
{
    (void)user;
    yb_pack *p;
    int rc = yb_pack_open(ctx, pack_dir, "test-kind", &p);
    if (rc)
        return rc;
    int64_t v;
    rc = yb_pack_param_decimal(ctx, p, "b.c", 1, 2, 0, 1000, &v);
    yb_csv *r = NULL;
    if (!rc)
        rc = yb_pack_table_open(ctx, p, "t", &r);
    if (!rc) {
        int more;
        while ((more = yb_csv_next(r, ctx)) == 1)
            ;
        rc = more;
    }
    yb_csv_close(r);
    yb_pack_close(p);
    return rc;
}

static void put(const char *dir, const char *name, const char *text, char sum[72])
{
    char path[4200], hex[65];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    yb_test_write_text(path, text);
    yb_sha256_hex(text, strlen(text), hex);
    snprintf(sum, 72, "sha256:%s", hex);
}

static void pack_loader_with_overlay_survives_every_allocation_failure(void **state)
{
    (void)state;
    const char *base = yb_test_tmpdir("afbase");
    char s1[72], s2[72], json[4096], path[4200];
    put(base, "t.csv", "code,v\nA,1\nB,2\n", s1);
    snprintf(json, sizeof json,
             "{\"format\":\"yibao-pack/1\",\"kind\":\"test-kind\",\"name\":\"B\",\"version\":\"1\","
             "\"tables\":{\"t\":{\"file\":\"t.csv\",\"checksum\":\"%s\"}},\"parameters\":{\"a\":\"1\",\"b\":{\"c\":\"2\"}}}", s1);
    snprintf(path, sizeof path, "%s/pack.json", base);
    yb_test_write_text(path, json);
    const char *local = yb_test_tmpdir("aflocal");
    put(local, "t2.csv", "code,v\nC,3\n", s2);
    snprintf(json, sizeof json,
             "{\"format\":\"yibao-pack/1\",\"kind\":\"test-kind\",\"name\":\"L\",\"version\":\"1\",\"base\":\"%s\","
             "\"tables\":{\"t\":{\"file\":\"t2.csv\",\"checksum\":\"%s\",\"mode\":\"append\"}},"
             "\"parameters\":{\"b\":{\"c\":\"5.25\"}}}", base, s2);
    snprintf(path, sizeof path, "%s/pack.json", local);
    yb_test_write_text(path, json);
    pack_dir = local;
    long sites = yb_test_every_alloc_fails(open_pack_and_read, NULL, NULL);
    assert_true(sites >= 20);
}

static int intern_many(yb_ctx *ctx, void *user)
{
    yb_dict **out = user;
    yb_dict *d;
    int rc = yb_dict_new(ctx, &d);
    if (rc)
        return rc;
    char code[16];
    for (int i = 0; i < 3000 && !rc; i++) {
        int n = snprintf(code, sizeof code, "A%02d.%03d", i % 100, i);
        uint32_t id;
        rc = yb_dict_intern(ctx, d, code, (size_t)n, &id);
    }
    if (rc) {
        yb_dict_free(d);
        return rc;
    }
    *out = d;
    return YB_OK;
}

static void free_dict(void *user)
{
    yb_dict **d = user;
    yb_dict_free(*d);
    *d = NULL;
}

static void dictionary_survives_every_allocation_failure(void **state)
{
    (void)state;
    yb_dict *d = NULL;
    long sites = yb_test_every_alloc_fails(intern_many, free_dict, &d);
    assert_true(sites >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_reader_survives_every_allocation_failure),
        cmocka_unit_test(pack_loader_with_overlay_survives_every_allocation_failure),
        cmocka_unit_test(dictionary_survives_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
