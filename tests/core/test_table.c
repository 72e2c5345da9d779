/* Pack tables with named columns (lib/core/table.h). */
#include "test_util.h"

#include "core/sha256.h"
#include "core/table.h"

static yb_ctx *ctx;
static yb_pack *pack;

static int setup(void **state)
{
    (void)state;
    if (yb_ctx_new(&ctx, NULL))
        return -1;
    const char *dir = yb_test_tmpdir("table");
    const char *csv = "code, ratio ,name,count\n A1 ,0.5,甲,3\nB2,1.25,,\nC3,x,,\n";
    char path[4200], hex[65], json[1024];
    snprintf(path, sizeof path, "%s/t.csv", dir);
    yb_test_write_text(path, csv);
    yb_sha256_hex(csv, strlen(csv), hex);
    snprintf(json, sizeof json,
             "{\"format\":\"yibao-pack/1\",\"kind\":\"k\",\"name\":\"n\",\"version\":\"1\","
             "\"tables\":{\"t\":{\"file\":\"t.csv\",\"checksum\":\"sha256:%s\"}}}", hex);
    snprintf(path, sizeof path, "%s/pack.json", dir);
    yb_test_write_text(path, json);
    return yb_pack_open(ctx, dir, NULL, &pack);
}

static int teardown(void **state)
{
    (void)state;
    yb_pack_close(pack);
    yb_ctx_free(ctx);
    return 0;
}

static void columns_map_by_name_and_fields_are_typed(void **state)
{
    (void)state;
    static const char *const cols[] = { "code", "ratio", "count", "absent" };
    static const int req[] = { 1, 1, 0, 0 };
    yb_table t;
    assert_ok(ctx, yb_table_open(ctx, pack, "t", 1, cols, req, 4, &t));
    assert_true(yb_table_present(&t));
    assert_false(yb_table_has_col(&t, 3));
    assert_int_equal(yb_table_next(&t, ctx), 1);
    char code[8];
    assert_ok(ctx, yb_table_copy(&t, ctx, 0, 1, code, sizeof code));
    assert_string_equal(code, "A1"); /* trimmed */
    int64_t v = 0;
    int present = -1;
    assert_ok(ctx, yb_table_dec(&t, ctx, 1, 6, 0, YB_RATIO_ONE, &v));
    assert_int_equal(v, 500000);
    assert_ok(ctx, yb_table_int_opt(&t, ctx, 2, 0, 10, &v, &present));
    assert_int_equal(present, 1);
    assert_int_equal(v, 3);
    v = 77;
    assert_ok(ctx, yb_table_int_opt(&t, ctx, 3, 0, 10, &v, &present)); /* absent column */
    assert_int_equal(present, 0);
    assert_int_equal(v, 77);
    assert_int_equal(yb_table_next(&t, ctx), 1);
    assert_status(ctx, yb_table_dec(&t, ctx, 1, 6, 0, YB_RATIO_ONE, &v), YB_E_PARAM);
    assert_msg_has(ctx, "t.csv:3:2:", "must be from 0.000000 to 1.000000", "field 'ratio'", "value '1.25'");
    assert_status(ctx, yb_table_int(&t, ctx, 2, 0, 10, &v), YB_E_FORMAT);
    assert_msg_has(ctx, "t.csv:3:4:", "missing value", "field 'count'");
    assert_status(ctx, yb_table_copy(&t, ctx, 0, 1, code, 2), YB_E_FORMAT);
    assert_msg_has(ctx, "longer than 1 bytes");
    assert_int_equal(yb_table_next(&t, ctx), 1);
    assert_status(ctx, yb_table_dec(&t, ctx, 1, 6, 0, YB_RATIO_ONE, &v), YB_E_FORMAT);
    assert_msg_has(ctx, "t.csv:4:2:", "value 'x'");
    assert_status(ctx, yb_table_row_fail(&t, ctx, 0, YB_E_DUPLICATE, "code %s twice", "C3"), YB_E_DUPLICATE);
    assert_msg_has(ctx, "t.csv:4:1:", "code C3 twice", "field 'code'");
    assert_int_equal(yb_table_next(&t, ctx), 0);
    yb_table_close(&t);
}

static void absent_tables_and_columns(void **state)
{
    (void)state;
    static const char *const cols[] = { "code", "nope" };
    yb_table t;
    assert_ok(ctx, yb_table_open(ctx, pack, "other", 0, cols, NULL, 1, &t));
    assert_false(yb_table_present(&t));
    assert_int_equal(yb_table_next(&t, ctx), 0);
    assert_status(ctx, yb_table_open(ctx, pack, "other", 1, cols, NULL, 1, &t), YB_E_PACK);
    assert_msg_has(ctx, "pack.json", "a 'k' pack needs the table 'other'");
    assert_status(ctx, yb_table_open(ctx, pack, "t", 1, cols, NULL, 2, &t), YB_E_FORMAT);
    assert_msg_has(ctx, "missing required column 'nope'");
    assert_null(t.csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(columns_map_by_name_and_fields_are_typed),
        cmocka_unit_test(absent_tables_and_columns),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
