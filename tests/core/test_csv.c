/* The CSV reader: RFC 4180 dialect, encodings, streaming, and every error
 * path with its status and message. */
#include <stdlib.h>

#include "test_util.h"

#include "core/csv.h"

typedef struct fixture {
    yb_ctx *ctx;
    yb_csv *r;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || yb_ctx_new(&f->ctx, NULL))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    yb_csv_close(f->r);
    yb_ctx_free(f->ctx);
    free(f);
    return 0;
}

static yb_csv *open_text(fixture *f, const char *text)
{
    yb_csv_close(f->r);
    f->r = NULL;
    int rc = yb_csv_open_mem(f->ctx, "t.csv", text, strlen(text), &f->r);
    if (rc)
        print_error("open failed: %s\n", yb_ctx_errmsg(f->ctx));
    assert_int_equal(rc, YB_OK);
    return f->r;
}

static const char *field(yb_csv *r, size_t i)
{
    return yb_csv_field(r, i, NULL);
}

static void quotes_commas_newlines_and_crlf(void **state)
{
    fixture *f = *state;
    yb_csv *r = open_text(f, "\xEF\xBB\xBF" "id,name,note\r\n"
                             "1,\"Smith, J\",\"said \"\"hi\"\"\"\r\n"
                             "\r\n"
                             "2,\"two\nlines\",\r\n"
                             "3,,\"\"\n"
                             "4,last,no newline at end");
    assert_int_equal(yb_csv_ncols(r), 3);
    assert_string_equal(yb_csv_colname(r, 0), "id"); /* BOM stripped */
    assert_int_equal(yb_csv_next(r, f->ctx), 1);
    assert_string_equal(field(r, 1), "Smith, J");
    assert_string_equal(field(r, 2), "said \"hi\"");
    assert_int_equal(yb_csv_line(r), 2);
    assert_int_equal(yb_csv_next(r, f->ctx), 1); /* the blank line 3 is skipped */
    assert_string_equal(field(r, 1), "two\nlines");
    assert_string_equal(field(r, 2), "");
    assert_int_equal(yb_csv_line(r), 4);
    assert_int_equal(yb_csv_next(r, f->ctx), 1);
    assert_int_equal(yb_csv_line(r), 6); /* the quoted newline counted as a line */
    assert_string_equal(field(r, 0), "3");
    assert_string_equal(field(r, 2), "");
    assert_int_equal(yb_csv_next(r, f->ctx), 1);
    assert_string_equal(field(r, 2), "no newline at end");
    assert_int_equal(yb_csv_record(r), 4);
    assert_int_equal(yb_csv_next(r, f->ctx), 0);
    assert_int_equal(yb_csv_next(r, f->ctx), 0);
}

static void lone_cr_ends_a_record(void **state)
{
    fixture *f = *state;
    yb_csv *r = open_text(f, "a,b\r1,2\r3,4\r");
    assert_int_equal(yb_csv_next(r, f->ctx), 1);
    assert_string_equal(field(r, 1), "2");
    assert_int_equal(yb_csv_next(r, f->ctx), 1);
    assert_string_equal(field(r, 0), "3");
    assert_int_equal(yb_csv_next(r, f->ctx), 0);
}

static void real_table_with_chinese_and_quoted_commas(void **state)
{
    fixture *f = *state;
    assert_ok(f->ctx, yb_csv_open_file(f->ctx, yb_test_src("tests/core/data/chs_drg_11_mdc.csv"), &f->r));
    long order = yb_csv_find_col(f->r, "order"), mdc = yb_csv_find_col(f->r, "mdc");
    assert_int_equal(mdc, 0);
    assert_int_equal(order, 1);
    int rows = 0;
    int rc;
    while ((rc = yb_csv_next(f->r, f->ctx)) == 1) {
        rows++;
        assert_int_equal(yb_csv_nfields(f->r), 7);
        if (rows == 1) {
            assert_string_equal(field(f->r, 0), "MDCA");
            assert_string_equal(field(f->r, 4), "存在手术"); /* rule_label_zh of MDCA */
        }
    }
    assert_int_equal(rc, 0);
    assert_int_equal(rows, 26); /* the README: 26 MDCs */
}

static void unterminated_quote_is_fatal_and_names_the_line(void **state)
{
    fixture *f = *state;
    yb_csv *r = open_text(f, "a,b\n1,2\n3,\"open\n4,5\n");
    assert_int_equal(yb_csv_next(r, f->ctx), 1);
    assert_status(f->ctx, yb_csv_next(r, f->ctx), YB_E_FORMAT);
    assert_msg_has(f->ctx, "t.csv:3:", "never closed");
    assert_true(yb_csv_failed(r));
    assert_status(f->ctx, yb_csv_next(r, f->ctx), YB_E_FORMAT);
    assert_msg_has(f->ctx, "stopped after an earlier error");
}

static void stray_quotes_are_recoverable(void **state)
{
    fixture *f = *state;
    yb_csv *r = open_text(f, "a,b\n1,ab\"c\n2,\"x\"y\n3,ok\n");
    assert_status(f->ctx, yb_csv_next(r, f->ctx), YB_E_FORMAT);
    assert_msg_has(f->ctx, "t.csv:2:2:", "quote inside an unquoted field");
    assert_status(f->ctx, yb_csv_next(r, f->ctx), YB_E_FORMAT);
    assert_msg_has(f->ctx, "t.csv:3:2:", "after a closing quote");
    assert_int_equal(yb_csv_next(r, f->ctx), 1);
    assert_string_equal(field(r, 1), "ok");
    assert_int_equal(yb_csv_line(r), 4);
    assert_false(yb_csv_failed(r));
}

static void wrong_field_count_is_recoverable(void **state)
{
    fixture *f = *state;
    yb_csv *r = open_text(f, "a,b,c\n1,2\n1,2,3,4\n7,8,9\n");
    assert_status(f->ctx, yb_csv_next(r, f->ctx), YB_E_FORMAT);
    assert_msg_has(f->ctx, "t.csv:2:", "2 fields where the header has 3");
    assert_status(f->ctx, yb_csv_next(r, f->ctx), YB_E_FORMAT);
    assert_msg_has(f->ctx, "t.csv:3:", "4 fields");
    assert_int_equal(yb_csv_next(r, f->ctx), 1);
    assert_string_equal(field(r, 2), "9");
}

static void gbk_bytes_get_an_iconv_hint(void **state)
{
    fixture *f = *state;
    /* "医保" in GBK is D2 BD B1 A3. */
    yb_csv *r = open_text(f, "code,name\nA01,\xD2\xBD\xB1\xA3\nA02,ok\n");
    assert_status(f->ctx, yb_csv_next(r, f->ctx), YB_E_ENCODING);
    assert_msg_has(f->ctx, "t.csv:2:2:", "GBK/GB18030", "iconv -f GB18030 -t UTF-8");
    assert_int_equal(yb_csv_next(r, f->ctx), 1);
    assert_string_equal(field(r, 0), "A02");
}

static void other_invalid_utf8_is_reported_without_the_hint(void **state)
{
    fixture *f = *state;
    yb_csv *r = open_text(f, "code\n\xC3\x28\n");
    assert_status(f->ctx, yb_csv_next(r, f->ctx), YB_E_ENCODING);
    assert_msg_has(f->ctx, "not valid UTF-8 at byte 1");
    assert_null(strstr(yb_ctx_errmsg(f->ctx), "GBK"));
    /* Overlong encodings and surrogates are invalid too. */
    int gbk;
    assert_int_equal(yb_utf8_check((const unsigned char *)"\xC0\xAF", 2, &gbk), 0);
    assert_int_equal(yb_utf8_check((const unsigned char *)"a\xED\xA0\x80", 4, &gbk), 1);
    assert_int_equal(yb_utf8_check((const unsigned char *)"\xF0\x9F\x98\x80", 4, &gbk), 4);
    assert_int_equal(yb_utf8_check((const unsigned char *)"\xE5\x8C", 2, &gbk), 0); /* truncated */
}

static void utf16_and_nul_bytes_are_refused(void **state)
{
    fixture *f = *state;
    static const char utf16[] = "\xFF\xFE" "a\0,\0b\0";
    assert_status(f->ctx, yb_csv_open_mem(f->ctx, "u16.csv", utf16, sizeof utf16 - 1, &f->r), YB_E_ENCODING);
    assert_msg_has(f->ctx, "u16.csv:1:", "UTF-16", "iconv");
    assert_null(f->r);
    static const char nul[] = "a,b\n1,\0\n";
    assert_ok(f->ctx, yb_csv_open_mem(f->ctx, "nul.csv", nul, sizeof nul - 1, &f->r));
    assert_status(f->ctx, yb_csv_next(f->r, f->ctx), YB_E_ENCODING);
    assert_msg_has(f->ctx, "nul.csv:2:2:", "NUL byte");
}

static void empty_files_and_bad_headers(void **state)
{
    fixture *f = *state;
    assert_status(f->ctx, yb_csv_open_mem(f->ctx, "e.csv", "", 0, &f->r), YB_E_FORMAT);
    assert_msg_has(f->ctx, "e.csv:1:", "empty file");
    assert_status(f->ctx, yb_csv_open_mem(f->ctx, "e.csv", "\n\n", 2, &f->r), YB_E_FORMAT);
    assert_status(f->ctx, yb_csv_open_mem(f->ctx, "d.csv", "a,b,a\n", 6, &f->r), YB_E_FORMAT);
    assert_msg_has(f->ctx, "d.csv:1:", "column 'a' appears twice");
    assert_status(f->ctx, yb_csv_open_file(f->ctx, "/nonexistent/x.csv", &f->r), YB_E_IO);
    assert_msg_has(f->ctx, "/nonexistent/x.csv", "cannot open file");
}

static void missing_columns_are_named_with_the_header(void **state)
{
    fixture *f = *state;
    yb_csv *r = open_text(f, " id ,sex\n1,2\n");
    const char *names[] = { "id", "sex", "age_years", "note" };
    const int required[] = { 1, 1, 1, 0 };
    long idx[4];
    assert_status(f->ctx, yb_csv_map_cols(r, f->ctx, names, required, 4, idx), YB_E_FORMAT);
    assert_msg_has(f->ctx, "missing required column 'age_years'", "header has: id, sex");
    const int optional[] = { 1, 1, 0, 0 };
    assert_ok(f->ctx, yb_csv_map_cols(r, f->ctx, names, optional, 4, idx));
    assert_int_equal(idx[0], 0); /* the header name was trimmed */
    assert_int_equal(idx[2], -1);
}

static void record_limit_stops_runaway_quotes(void **state)
{
    fixture *f = *state;
    assert_ok(f->ctx, yb_ctx_set_option(f->ctx, YB_OPT_CSV_MAX_RECORD, 64));
    char text[300] = "a,b\n1,\"";
    for (int i = 0; i < 200; i++)
        strcat(text, "x");
    strcat(text, "\"\n");
    yb_csv *r = open_text(f, text);
    assert_status(f->ctx, yb_csv_next(r, f->ctx), YB_E_LIMIT);
    assert_msg_has(f->ctx, "t.csv:2:", "longer than the limit of 64 bytes");
}

static void typed_getters_name_the_field(void **state)
{
    fixture *f = *state;
    yb_csv *r = open_text(f, "id,age,cost,day,opt\n7,130,12.345,2024-02-30,\n");
    assert_int_equal(yb_csv_next(r, f->ctx), 1);
    int64_t v;
    int present;
    assert_ok(f->ctx, yb_csv_get_i64(r, f->ctx, 0, 0, 100, &v));
    assert_int_equal(v, 7);
    assert_status(f->ctx, yb_csv_get_i64(r, f->ctx, 1, 0, 120, &v), YB_E_FORMAT);
    assert_msg_has(f->ctx, "t.csv:2:2:", "from 0 to 120", "field 'age'", "value '130'");
    assert_status(f->ctx, yb_csv_get_decimal(r, f->ctx, 2, 2, &v), YB_E_FORMAT);
    assert_msg_has(f->ctx, "t.csv:2:3:", "at most 2 decimals", "value '12.345'");
    assert_ok(f->ctx, yb_csv_get_decimal(r, f->ctx, 2, 3, &v));
    assert_int_equal(v, 12345);
    int32_t day;
    assert_status(f->ctx, yb_csv_get_date(r, f->ctx, 3, &day), YB_E_FORMAT);
    assert_msg_has(f->ctx, "field 'day'", "2024-02-30");
    assert_ok(f->ctx, yb_csv_get_i64_opt(r, f->ctx, 4, 0, 9, &v, &present));
    assert_int_equal(present, 0);
    assert_status(f->ctx, yb_csv_get_i64(r, f->ctx, 4, 0, 9, &v), YB_E_FORMAT);
    assert_msg_has(f->ctx, "missing value", "field 'opt'");
}

static void big_file_streams_across_chunks(void **state)
{
    fixture *f = *state;
    const char *dir = yb_test_tmpdir("csv");
    char path[4200];
    snprintf(path, sizeof path, "%s/big.csv", dir);
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    fputs("id,code,amount\r\n", out);
    long long expect = 0;
    for (int i = 1; i <= 200000; i++) { /* ~5 MB: about 80 chunks, records straddle their edges */
        fprintf(out, "%d,\"K%02d.%d, \"\"x\"\"\",%d.%02d\r\n", i, i % 100, i % 10, i, i % 100);
        expect += (long long)i * 100 + i % 100;
    }
    fclose(out);
    assert_ok(f->ctx, yb_csv_open_file(f->ctx, path, &f->r));
    long long sum = 0;
    int rc, rows = 0;
    while ((rc = yb_csv_next(f->r, f->ctx)) == 1) {
        int64_t cents;
        assert_ok(f->ctx, yb_csv_get_decimal(f->r, f->ctx, 2, 2, &cents));
        sum += cents;
        rows++;
        size_t n;
        const char *code = yb_csv_field(f->r, 1, &n);
        assert_true(n >= 10 && code[0] == 'K' && code[n - 1] == '"');
    }
    assert_int_equal(rc, 0);
    assert_int_equal(rows, 200000);
    assert_true(sum == expect);
    assert_int_equal(yb_csv_line(f->r), 200001);
}

static void parts_are_read_as_one_table(void **state)
{
    fixture *f = *state;
    const char *a = "code,v\nA,1\nB,2\n", *b = "\xEF\xBB\xBF" "code,v\nC,3\n", *c = "code,x\nD,4\n";
    yb_csv_part parts[3] = { { .name = "base.csv", .data = a, .len = strlen(a) },
                             { .name = "overlay.csv", .data = b, .len = strlen(b) },
                             { .name = "bad.csv", .data = c, .len = strlen(c) } };
    assert_ok(f->ctx, yb_csv_open_parts(f->ctx, parts, 3, &f->r));
    const char *seen = "";
    char got[8] = "";
    int rc;
    while ((rc = yb_csv_next(f->r, f->ctx)) == 1) {
        strcat(got, field(f->r, 0));
        seen = yb_csv_name(f->r);
    }
    assert_string_equal(got, "ABC");
    assert_string_equal(seen, "overlay.csv");
    assert_status(f->ctx, rc, YB_E_FORMAT); /* the third part's header differs */
    assert_msg_has(f->ctx, "bad.csv:1:", "header differs from the header of base.csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(quotes_commas_newlines_and_crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(lone_cr_ends_a_record, setup, teardown),
        cmocka_unit_test_setup_teardown(real_table_with_chinese_and_quoted_commas, setup, teardown),
        cmocka_unit_test_setup_teardown(unterminated_quote_is_fatal_and_names_the_line, setup, teardown),
        cmocka_unit_test_setup_teardown(stray_quotes_are_recoverable, setup, teardown),
        cmocka_unit_test_setup_teardown(wrong_field_count_is_recoverable, setup, teardown),
        cmocka_unit_test_setup_teardown(gbk_bytes_get_an_iconv_hint, setup, teardown),
        cmocka_unit_test_setup_teardown(other_invalid_utf8_is_reported_without_the_hint, setup, teardown),
        cmocka_unit_test_setup_teardown(utf16_and_nul_bytes_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_files_and_bad_headers, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_columns_are_named_with_the_header, setup, teardown),
        cmocka_unit_test_setup_teardown(record_limit_stops_runaway_quotes, setup, teardown),
        cmocka_unit_test_setup_teardown(typed_getters_name_the_field, setup, teardown),
        cmocka_unit_test_setup_teardown(big_file_streams_across_chunks, setup, teardown),
        cmocka_unit_test_setup_teardown(parts_are_read_as_one_table, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
