/* The CSV case reader of the command-line tool (examples/yibao/case_csv.c):
 * columns, lists, chunking, and bad rows kept with their status. */
#include "test_util.h"

#include "case_csv.h"

static yb_ctx *new_ctx(void)
{
    yb_ctx *ctx = NULL;
    assert_int_equal(yb_ctx_new(&ctx, NULL), YB_OK);
    return ctx;
}

static const char *item(const char *data, const int64_t *off, int64_t k, char *buf, size_t cap)
{
    size_t n = (size_t)(off[k + 1] - off[k]);
    assert_true(n < cap);
    memcpy(buf, data + off[k], n);
    buf[n] = '\0';
    return buf;
}

static void fixture_file_reads_in_chunks(void **state)
{
    (void)state;
    yb_ctx *ctx = new_ctx();
    case_csv *r = NULL;
    const char *extra[] = { "expected_drg", "no_such_column" };
    assert_ok(ctx, case_csv_open(ctx, yb_test_src("tests/grouping/data/fixture_cases.csv"), extra, 2, &r));
    assert_true(case_csv_has_extra(r, 0));
    assert_false(case_csv_has_extra(r, 1));
    const yb_case_columns *c = NULL;
    size_t total = 0, chunks = 0;
    char buf[80];
    for (;;) {
        assert_ok(ctx, case_csv_read(r, ctx, 7, &c));
        if (c->n == 0)
            break;
        assert_true(c->n <= 7);
        if (chunks == 0) {
            /* 22058878,2,88,32460,,94,1,K22.301,K11.901|E11.900|I10.x05,96.0800x005,GZ13 */
            assert_string_equal(case_csv_id(r, 0), "22058878");
            assert_int_equal(c->sex[0], 2);
            assert_int_equal(c->age_years[0], 88);
            assert_int_equal(c->age_days[0], 32460);
            assert_int_equal(c->birth_weight_g[0], -1);
            assert_int_equal(c->los_days[0], 94);
            assert_int_equal(c->discharge_type[0], 1);
            assert_int_equal(c->dx_row_offsets[0], 0);
            assert_int_equal(c->dx_row_offsets[1], 4);
            assert_string_equal(item(c->dx_data, c->dx_offsets, 0, buf, sizeof buf), "K22.301");
            assert_string_equal(item(c->dx_data, c->dx_offsets, 3, buf, sizeof buf), "I10.x05");
            assert_int_equal(c->proc_row_offsets[1], 1);
            assert_string_equal(item(c->proc_data, c->proc_offsets, 0, buf, sizeof buf), "96.0800x005");
            assert_string_equal(case_csv_extra(r, 0, 0), "GZ13");
            assert_string_equal(case_csv_extra(r, 0, 1), "");
            assert_int_equal(case_csv_status(r, 0), 0);
            assert_int_equal(case_csv_line(r, 0), 2);
        }
        total += c->n;
        chunks++;
    }
    assert_int_equal(total, 30);
    assert_int_equal(chunks, 5); /* 7 + 7 + 7 + 7 + 2 */
    assert_int_equal(case_csv_total(r), 30);
    case_csv_close(r);
    yb_ctx_free(ctx);
}

static void bad_rows_keep_their_place_and_status(void **state)
{
    (void)state;
    const char *dir = yb_test_tmpdir("case_csv");
    char path[512];
    snprintf(path, sizeof path, "%s/bad.csv", dir);
    yb_test_write_text(path,
                       "id,sex,age_years,age_days,birth_weight_g,los_days,discharge_type,principal_dx,"
                       "secondary_dx,procedures\n"
                       "a,M,40,,,3,1,K35.800,,\n"                       /* sex not a number */
                       "b,1,40,,,3,1,K35.800\n"                         /* 8 fields of 10 */
                       "c,1,40,,,3,1,, I10.x05 ||E11.900|, 47.0901 |\n" /* no principal */
                       "d,2,abc,,,3,1,K35.800, I10.x05 ||E11.900|,|47.0901 | 54.5101\n"
                       "e,1,99999,,,3,1,K35.800,,\n");                 /* too large for int16 */
    yb_ctx *ctx = new_ctx();
    case_csv *r = NULL;
    assert_ok(ctx, case_csv_open(ctx, path, NULL, 0, &r));
    const yb_case_columns *c = NULL;
    assert_ok(ctx, case_csv_read(r, ctx, 100, &c));
    assert_int_equal(c->n, 5);
    char buf[80];

    assert_int_equal(case_csv_status(r, 0), YB_E_ROW_SEX);
    assert_int_equal(c->sex[0], -1);
    assert_non_null(strstr(case_csv_message(r, 0), "bad.csv:2"));
    assert_non_null(strstr(case_csv_message(r, 0), "sex"));
    assert_non_null(strstr(case_csv_message(r, 0), "M"));
    assert_int_equal(c->dx_row_offsets[1] - c->dx_row_offsets[0], 1);

    assert_int_equal(case_csv_status(r, 1), YB_E_FORMAT);
    assert_string_equal(case_csv_id(r, 1), "b");
    assert_non_null(strstr(case_csv_message(r, 1), "8 fields"));
    assert_int_equal(c->dx_row_offsets[2] - c->dx_row_offsets[1], 0);

    /* No principal: no diagnoses at all, so E11.900 does not become the principal. */
    assert_int_equal(case_csv_status(r, 2), YB_E_ROW_NO_DIAGNOSIS);
    assert_int_equal(c->dx_row_offsets[3] - c->dx_row_offsets[2], 0);
    assert_int_equal(c->proc_row_offsets[3] - c->proc_row_offsets[2], 1);

    /* Blank list items are skipped and items trimmed. */
    assert_int_equal(case_csv_status(r, 3), YB_E_ROW_AGE);
    assert_int_equal(c->age_years[3], -1);
    int64_t d0 = c->dx_row_offsets[3];
    assert_int_equal(c->dx_row_offsets[4] - d0, 3);
    assert_string_equal(item(c->dx_data, c->dx_offsets, d0 + 1, buf, sizeof buf), "I10.x05");
    assert_string_equal(item(c->dx_data, c->dx_offsets, d0 + 2, buf, sizeof buf), "E11.900");
    int64_t p0 = c->proc_row_offsets[3];
    assert_int_equal(c->proc_row_offsets[4] - p0, 2);
    assert_string_equal(item(c->proc_data, c->proc_offsets, p0, buf, sizeof buf), "47.0901");
    assert_string_equal(item(c->proc_data, c->proc_offsets, p0 + 1, buf, sizeof buf), "54.5101");

    assert_int_equal(case_csv_status(r, 4), YB_E_ROW_AGE);
    assert_non_null(strstr(case_csv_message(r, 4), "99999"));

    assert_ok(ctx, case_csv_read(r, ctx, 100, &c));
    assert_int_equal(c->n, 0);
    case_csv_close(r);
    yb_ctx_free(ctx);
}

static void missing_column_is_a_file_error(void **state)
{
    (void)state;
    const char *dir = yb_test_tmpdir("case_csv_cols");
    char path[512];
    snprintf(path, sizeof path, "%s/cols.csv", dir);
    yb_test_write_text(path, "id,sex,age_years\n1,1,2\n");
    yb_ctx *ctx = new_ctx();
    case_csv *r = NULL;
    assert_status(ctx, case_csv_open(ctx, path, NULL, 0, &r), YB_E_FORMAT);
    assert_msg_has(ctx, "age_days");
    assert_null(r);
    assert_status(ctx, case_csv_open(ctx, "/nonexistent/cases.csv", NULL, 0, &r), YB_E_IO);
    yb_ctx_free(ctx);
}

static void extra_columns_read_as_whole_numbers(void **state)
{
    (void)state;
    const char *dir = yb_test_tmpdir("case_csv_extra_int");
    char path[512];
    snprintf(path, sizeof path, "%s/extra.csv", dir);
    yb_test_write_text(path, "id,sex,age_years,age_days,birth_weight_g,los_days,discharge_type,principal_dx,"
                             "secondary_dx,procedures,vent_hours\n"
                             "a,1,40,,,3,1,K35.800,,,96\n"
                             "b,1,40,,,3,1,K35.800,,,\n"
                             "c,1,40,,,3,1,K35.800,,, 7 \n"
                             "d,1,40,,,3,1,K35.800,,,-5\n"
                             "e,1,40,,,3,1,K35.800,,,9x\n"
                             "f,1,40,,,3,1,K35.800,,,1000001\n"
                             "g,1,40,,,3,1,K35.800,,,1000000\n"
                             "h,1,40,,,3,1,K35.800,,,  \n");
    yb_ctx *ctx = new_ctx();
    case_csv *r = NULL;
    const char *extra[] = { "vent_hours" };
    assert_ok(ctx, case_csv_open(ctx, path, extra, 1, &r));
    const yb_case_columns *c = NULL;
    assert_ok(ctx, case_csv_read(r, ctx, 100, &c));
    assert_int_equal(c->n, 8);
    /* 96; empty; spaces around 7; a sign; a letter; one above the maximum; the maximum; only spaces */
    const int32_t want[] = { 96, -1, 7, -2, -2, -2, 1000000, -1 };
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(case_csv_extra_int(r, i, 0, 1000000), want[i]);
    case_csv_close(r);
    yb_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixture_file_reads_in_chunks),
        cmocka_unit_test(bad_rows_keep_their_place_and_status),
        cmocka_unit_test(missing_column_is_a_file_error),
        cmocka_unit_test(extra_columns_read_as_whole_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
