/* The worker context: options, error detail, log and progress callbacks. */
#include "test_util.h"

#include "core/ctx_internal.h"

static void version_matches_header(void **state)
{
    (void)state;
    assert_int_equal(yb_version_number(), YB_VERSION_MAJOR * 10000 + YB_VERSION_MINOR * 100 + YB_VERSION_PATCH);
    char expect[32];
    snprintf(expect, sizeof expect, "%d.%d.%d", YB_VERSION_MAJOR, YB_VERSION_MINOR, YB_VERSION_PATCH);
    assert_string_equal(yb_version_string(), expect);
}

static void strerror_and_names_cover_every_code(void **state)
{
    (void)state;
    assert_string_equal(yb_status_name(YB_OK), "YB_OK");
    assert_string_equal(yb_status_name(YB_E_FORMAT), "YB_E_FORMAT");
    assert_string_equal(yb_strerror(YB_E_NOMEM), "out of memory");
    assert_string_equal(yb_strerror(12345), "unknown status");
    assert_string_equal(yb_status_name(12345), "YB_UNKNOWN");
    /* Every code from -1 to -499 either is unknown or has both a name and a text. */
    for (int s = -1; s >= -499; s--) {
        int named = strcmp(yb_status_name(s), "YB_UNKNOWN") != 0;
        int texted = strcmp(yb_strerror(s), "unknown status") != 0;
        assert_int_equal(named, texted);
    }
}

static void new_rejects_incomplete_allocators(void **state)
{
    (void)state;
    yb_ctx *ctx = (yb_ctx *)0x1;
    assert_int_equal(yb_ctx_new(NULL, NULL), YB_E_INVALID_ARG);
    yb_allocator a = { sizeof a, NULL, NULL, NULL, NULL };
    assert_int_equal(yb_ctx_new(&ctx, &a), YB_E_INVALID_ARG);
    assert_null(ctx);
    yb_test_alloc st = { 0 };
    yb_allocator ok = yb_test_allocator(&st);
    ok.size = 4; /* too small: an older or corrupted struct */
    assert_int_equal(yb_ctx_new(&ctx, &ok), YB_E_INVALID_ARG);
    st.fail_at = 1;
    ok.size = sizeof ok;
    assert_int_equal(yb_ctx_new(&ctx, &ok), YB_E_NOMEM);
    yb_ctx_free(NULL); /* NULL-safe */
}

static void options_are_checked(void **state)
{
    (void)state;
    yb_ctx *ctx;
    assert_ok(NULL, yb_ctx_new(&ctx, NULL));
    int64_t v;
    assert_ok(ctx, yb_ctx_get_option(ctx, YB_OPT_PROGRESS_INTERVAL, &v));
    assert_int_equal(v, 65536);
    assert_ok(ctx, yb_ctx_get_option(ctx, YB_OPT_MAX_CODES_PER_CASE, &v));
    assert_int_equal(v, 64);
    assert_ok(ctx, yb_ctx_set_option(ctx, YB_OPT_PROGRESS_INTERVAL, 10));
    assert_ok(ctx, yb_ctx_get_option(ctx, YB_OPT_PROGRESS_INTERVAL, &v));
    assert_int_equal(v, 10);
    assert_status(ctx, yb_ctx_set_option(ctx, YB_OPT_PROGRESS_INTERVAL, 0), YB_E_PARAM);
    assert_msg_has(ctx, "progress interval", "got 0");
    assert_status(ctx, yb_ctx_set_option(ctx, YB_OPT_CSV_MAX_RECORD, 10), YB_E_PARAM);
    assert_status(ctx, yb_ctx_set_option(ctx, YB_OPT_MAX_CODES_PER_CASE, 5000), YB_E_PARAM);
    assert_status(ctx, yb_ctx_set_option(ctx, 999, 1), YB_E_INVALID_ARG);
    assert_msg_has(ctx, "unknown option 999");
    assert_status(ctx, yb_ctx_get_option(ctx, 999, &v), YB_E_INVALID_ARG);
    yb_ctx_free(ctx);
}

static void error_detail_names_file_line_field_value(void **state)
{
    (void)state;
    yb_ctx *ctx;
    assert_ok(NULL, yb_ctx_new(&ctx, NULL));
    assert_string_equal(yb_ctx_errmsg(ctx), "");
    assert_int_equal(yb_ctx_errcode(ctx), YB_OK);
    yb_errloc loc = { .file = "cases.csv", .line = 12, .column = 3, .field = "sex", .value = "X\n", .value_len = 2 };
    assert_int_equal(yb_fail_at(ctx, YB_E_FORMAT, &loc, "expected %d or %d", 1, 2), YB_E_FORMAT);
    assert_string_equal(yb_ctx_errmsg(ctx), "cases.csv:12:3: expected 1 or 2 (field 'sex', value 'X?')");
    yb_error_info info = { .size = sizeof info };
    assert_ok(ctx, yb_ctx_error_info(ctx, &info));
    assert_int_equal(info.status, YB_E_FORMAT);
    assert_string_equal(info.file, "cases.csv");
    assert_int_equal(info.line, 12);
    assert_int_equal(info.column, 3);
    assert_string_equal(info.field, "sex");
    assert_string_equal(info.value, "X?");
    yb_error_info small = { .size = 8 };
    assert_int_equal(yb_ctx_error_info(ctx, &small), YB_E_INVALID_ARG);
    yb_ctx_clear_error(ctx);
    assert_string_equal(yb_ctx_errmsg(ctx), "");
    assert_int_equal(yb_ctx_errcode(ctx), YB_OK);
    yb_ctx_free(ctx);
}

static void long_values_are_cut_on_a_character_boundary(void **state)
{
    (void)state;
    yb_ctx *ctx;
    assert_ok(NULL, yb_ctx_new(&ctx, NULL));
    char value[400];
    /* 133 three-byte characters (399 bytes) of 医: the 200-byte cut must not split one. */
    for (int i = 0; i < 133; i++)
        memcpy(value + 3 * i, "\xE5\x8C\xBB", 3);
    yb_errloc loc = { .field = "name", .value = value, .value_len = 399 };
    yb_fail_at(ctx, YB_E_FORMAT, &loc, "too long");
    yb_error_info info = { .size = sizeof info };
    yb_ctx_error_info(ctx, &info);
    assert_int_equal(strlen(info.value) % 3, 0);
    assert_true(strlen(info.value) <= 200);
    yb_ctx_free(ctx);
}

typedef struct log_capture {
    int calls;
    int level;
    char last[256];
} log_capture;

static void capture(void *user, int level, const char *message)
{
    log_capture *c = user;
    c->calls++;
    c->level = level;
    snprintf(c->last, sizeof c->last, "%s", message);
}

static void log_callback_receives_errors_and_respects_level(void **state)
{
    (void)state;
    yb_ctx *ctx;
    assert_ok(NULL, yb_ctx_new(&ctx, NULL));
    log_capture c = { 0 };
    assert_ok(ctx, yb_ctx_set_log(ctx, capture, &c, YB_LOG_WARN));
    yb_fail(ctx, YB_E_IO, "disk on fire");
    assert_int_equal(c.calls, 1);
    assert_int_equal(c.level, YB_LOG_ERROR);
    assert_string_equal(c.last, "disk on fire");
    yb_log(ctx, YB_LOG_INFO, "ignored at WARN");
    assert_int_equal(c.calls, 1);
    yb_log(ctx, YB_LOG_WARN, "kept %d", 7);
    assert_int_equal(c.calls, 2);
    assert_string_equal(c.last, "kept 7");
    assert_ok(ctx, yb_ctx_set_log(ctx, NULL, NULL, 0));
    yb_fail(ctx, YB_E_IO, "quiet");
    assert_int_equal(c.calls, 2);
    yb_ctx_free(ctx);
}

static int stop_after_two(void *user, uint64_t done, uint64_t total)
{
    int *calls = user;
    (void)done;
    (void)total;
    return ++*calls >= 2;
}

static void progress_callback_can_cancel(void **state)
{
    (void)state;
    yb_ctx *ctx;
    assert_ok(NULL, yb_ctx_new(&ctx, NULL));
    assert_ok(ctx, yb_progress(ctx, 1, 10)); /* no callback: continue */
    int calls = 0;
    assert_ok(ctx, yb_ctx_set_progress(ctx, stop_after_two, &calls));
    assert_ok(ctx, yb_progress(ctx, 5, 10));
    assert_status(ctx, yb_progress(ctx, 8, 10), YB_E_CANCELLED);
    assert_msg_has(ctx, "cancelled", "8 of 10");
    yb_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_matches_header),
        cmocka_unit_test(strerror_and_names_cover_every_code),
        cmocka_unit_test(new_rejects_incomplete_allocators),
        cmocka_unit_test(options_are_checked),
        cmocka_unit_test(error_detail_names_file_line_field_value),
        cmocka_unit_test(long_values_are_cut_on_a_character_boundary),
        cmocka_unit_test(log_callback_receives_errors_and_respects_level),
        cmocka_unit_test(progress_callback_can_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
