/* Code normalisation and the interning dictionary. */
#include "test_util.h"

static void expect_norm(const char *in, const char *out)
{
    char buf[YB_CODE_MAX + 1];
    size_t n = 0;
    int rc = yb_code_normalize(in, strlen(in), buf, sizeof buf, &n);
    if (rc != YB_OK)
        print_error("normalising '%s' gave %s\n", in, yb_status_name(rc));
    assert_int_equal(rc, YB_OK);
    assert_string_equal(buf, out);
    assert_int_equal(n, strlen(out));
}

static void expect_bad(const char *in, int status)
{
    char buf[YB_CODE_MAX + 1];
    assert_int_equal(yb_code_normalize(in, strlen(in), buf, sizeof buf, NULL), status);
}

static void normalisation_follows_the_documented_rules(void **state)
{
    (void)state;
    expect_norm("K35.800x001", "K35.800x001");     /* already normal */
    expect_norm(" k35.800X001\t", "K35.800x001");  /* trim, case, extension x */
    expect_norm("i10.X05", "I10.x05");
    expect_norm("60.5X02", "60.5x02");               /* procedure extension */
    expect_norm("x59.900", "X59.900");               /* chapter XX code starts with X */
    expect_norm("m47.101+g99.2*", "M47.101+G99.2*"); /* dagger/asterisk pair */
    expect_norm("a17.000+x01*", "A17.000+X01*");     /* X right after '+' starts a code */
    /* Full-width forms (Ｋ３５．８ with an ideographic space) become ASCII. */
    expect_norm("\xEF\xBC\xAB\xEF\xBC\x93\xEF\xBC\x95\xEF\xBC\x8E\xEF\xBC\x98\xE3\x80\x80", "K35.8");
    expect_norm("\xEF\xBD\x8B" "35.9", "K35.9"); /* full-width lower-case k */
    expect_bad("", YB_E_FORMAT);
    expect_bad("   ", YB_E_FORMAT);
    expect_bad("K35 .8", YB_E_FORMAT);            /* inner space */
    expect_bad("K35.8,K36", YB_E_FORMAT);         /* separator inside */
    expect_bad("K35|8", YB_E_FORMAT);
    expect_bad("\xE5\x8C\xBB", YB_E_FORMAT);      /* a Chinese character */
    expect_bad("K35.\xFF", YB_E_FORMAT);          /* invalid UTF-8 */
    char longcode[80];
    memset(longcode, 'A', 64);
    longcode[64] = '\0';
    expect_bad(longcode, YB_E_LIMIT);
    char small[4];
    assert_int_equal(yb_code_normalize("K35.8", 5, small, sizeof small, NULL), YB_E_LIMIT);
}

static void ids_are_dense_and_lookup_normalises(void **state)
{
    (void)state;
    yb_ctx *ctx;
    yb_dict *d;
    assert_ok(NULL, yb_ctx_new(&ctx, NULL));
    assert_ok(ctx, yb_dict_new(ctx, &d));
    uint32_t a, b, c, again;
    assert_ok(ctx, yb_dict_intern(ctx, d, "K35.800x001", 11, &a));
    assert_ok(ctx, yb_dict_intern(ctx, d, "I10.x05", 7, &b));
    assert_ok(ctx, yb_dict_intern(ctx, d, " k35.800X001 ", 13, &again));
    assert_ok(ctx, yb_dict_intern(ctx, d, "60.5x02", 7, &c));
    assert_int_equal(a, 0);
    assert_int_equal(b, 1);
    assert_int_equal(again, 0);
    assert_int_equal(c, 2);
    assert_int_equal(yb_dict_count(d), 3);
    assert_string_equal(yb_dict_code(d, 1), "I10.x05");
    assert_null(yb_dict_code(d, 3));
    uint32_t id;
    assert_int_equal(yb_dict_lookup(d, "i10.X05", 7, &id), YB_OK);
    assert_int_equal(id, 1);
    assert_int_equal(yb_dict_lookup(d, "I10.x06", 7, &id), YB_E_NOT_FOUND);
    assert_int_equal(yb_dict_lookup(d, "", 0, &id), YB_E_FORMAT);
    assert_status(ctx, yb_dict_intern(ctx, d, "K35 8", 5, &id), YB_E_FORMAT);
    assert_msg_has(ctx, "not a valid code", "K35 8");
    yb_dict_free(d);
    yb_dict_free(NULL);
    assert_int_equal(yb_dict_count(NULL), 0);
    yb_ctx_free(ctx);
}

static void many_codes_survive_growth(void **state)
{
    (void)state;
    yb_ctx *ctx;
    yb_dict *d;
    assert_ok(NULL, yb_ctx_new(&ctx, NULL));
    assert_ok(ctx, yb_dict_new(ctx, &d));
    char code[32];
    for (int i = 0; i < 50000; i++) {
        int n = snprintf(code, sizeof code, "%c%02d.%03dx%03d", 'A' + i % 26, i % 100, i / 100 % 1000, i % 7);
        uint32_t id;
        assert_int_equal(yb_dict_intern(ctx, d, code, (size_t)n, &id), YB_OK);
    }
    uint32_t count = yb_dict_count(d);
    for (uint32_t id = 0; id < count; id++) {
        const char *s = yb_dict_code(d, id);
        uint32_t back;
        assert_int_equal(yb_dict_lookup(d, s, strlen(s), &back), YB_OK);
        assert_int_equal(back, id);
    }
    yb_dict_free(d);
    yb_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normalisation_follows_the_documented_rules),
        cmocka_unit_test(ids_are_dense_and_lookup_normalises),
        cmocka_unit_test(many_codes_survive_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
