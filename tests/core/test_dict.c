/* Code normalisation and the interning dictionary. */
#include <stdlib.h>

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

/* Codes back to back with Arrow offsets, as a batch column holds them. */
typedef struct column {
    char data[4096];
    int64_t off[128];
    size_t n;
} column;

static void push(column *c, const char *s, size_t len)
{
    if (c->n == 0)
        c->off[0] = 0;
    memcpy(c->data + c->off[c->n], s, len);
    c->off[c->n + 1] = c->off[c->n] + (int64_t)len;
    c->n++;
}

static void push_str(column *c, const char *s)
{
    push(c, s, strlen(s));
}

static void batch_lookup_gives_the_single_lookup_answers(void **state)
{
    (void)state;
    yb_ctx *ctx;
    yb_dict *d;
    assert_ok(NULL, yb_ctx_new(&ctx, NULL));
    assert_ok(ctx, yb_dict_new(ctx, &d));
    /* ids in interning order: every prefix of a 20-letter word (lengths 1 … 20
     * cover each way the key words are loaded), then two 30-byte codes equal
     * in their first 16 bytes. */
    const char *word = "ABCDEFGHIJKLMNOPQRST";
    uint32_t id;
    for (size_t len = 1; len <= 20; len++) {
        assert_ok(ctx, yb_dict_intern(ctx, d, word, len, &id));
        assert_int_equal(id, len - 1);
    }
    assert_ok(ctx, yb_dict_intern(ctx, d, "M47.101+G99.2*LONGCODE00000001", 30, &id)); /* 20 */
    assert_ok(ctx, yb_dict_intern(ctx, d, "M47.101+G99.2*LONGCODE00000002", 30, &id)); /* 21 */
    assert_ok(ctx, yb_dict_intern(ctx, d, "K35.800x001", 11, &id));                      /* 22 */
    assert_int_equal(id, 22);

    column c = { .n = 0 };
    for (size_t len = 1; len <= 20; len++)
        push(&c, word, len);                                  /* items 0-19: ids 0-19 */
    push_str(&c, "M47.101+G99.2*LONGCODE00000002");           /* 20: id 21 */
    push_str(&c, "m47.101+g99.2*longcode00000001");           /* 21: normalised, id 20 */
    push_str(&c, " k35.800X001\t");                           /* 22: normalised, id 22 */
    push_str(&c, "K35.800x002");                              /* 23: well-formed, absent */
    push_str(&c, "");                                         /* 24: empty: invalid */
    push(&c, "ABC\0", 4);                                     /* 25: NUL inside: invalid, not "ABC" */
    push_str(&c, "K35 .8");                                   /* 26: inner space: invalid */
    char longcode[70];
    memset(longcode, 'A', 64);
    push(&c, longcode, 64);                                   /* 27: 64 bytes: invalid (limit) */
    push_str(&c, "\xEF\xBC\xA1\xEF\xBC\xA2");               /* 28: full-width "AB": id 1 */
    push_str(&c, "ABCDEFGHIJKLMNOPQ ");                       /* 29: 18 bytes, trailing space: id 16 */
    const uint32_t expect[] = { 0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14,
                                15, 16, 17, 18, 19, 21, 20, 22, YB_DICT_NOT_FOUND, YB_DICT_INVALID,
                                YB_DICT_INVALID, YB_DICT_INVALID, YB_DICT_INVALID, 1, 16 };
    assert_int_equal(c.n, sizeof expect / sizeof expect[0]);
    uint32_t ids[128];
    memset(ids, 0xAB, sizeof ids);
    assert_int_equal(yb_dict_lookup_batch(d, c.data, c.off, c.n, ids), 5);
    for (size_t k = 0; k < c.n; k++) {
        if (ids[k] != expect[k])
            print_error("item %zu: id %u, expected %u\n", k, (unsigned)ids[k], (unsigned)expect[k]);
        assert_int_equal(ids[k], expect[k]);
        /* the single lookup agrees */
        uint32_t one = YB_DICT_NOT_FOUND;
        int rc = yb_dict_lookup(d, c.data + c.off[k], (size_t)(c.off[k + 1] - c.off[k]), &one);
        assert_int_equal(rc, expect[k] == YB_DICT_NOT_FOUND ? YB_E_NOT_FOUND
                             : expect[k] == YB_DICT_INVALID ? (k == 27 ? YB_E_LIMIT : YB_E_FORMAT)
                                                             : YB_OK);
        if (rc == YB_OK)
            assert_int_equal(one, expect[k]);
    }
    assert_int_equal(ids[c.n], 0xABABABABu); /* nothing written past n */

    /* a slice of the column: offsets are absolute, so the pointer moves */
    assert_int_equal(yb_dict_lookup_batch(d, c.data, c.off + 20, 4, ids), 1);
    assert_int_equal(ids[0], 21);
    assert_int_equal(ids[3], YB_DICT_NOT_FOUND);

    /* negative or decreasing offsets: that item is invalid, the others found */
    int64_t bad[] = { 0, 1, -5, 3 };
    assert_int_equal(yb_dict_lookup_batch(d, word, bad, 3, ids), 2);
    assert_int_equal(ids[0], 0);
    assert_int_equal(ids[1], YB_DICT_INVALID);
    assert_int_equal(ids[2], YB_DICT_INVALID);
    int64_t down[] = { 0, 3, 2, 3 };
    assert_int_equal(yb_dict_lookup_batch(d, word, down, 3, ids), 2);
    assert_int_equal(ids[0], 2);                 /* "ABC" */
    assert_int_equal(ids[1], YB_DICT_INVALID);   /* [3, 2) */
    assert_int_equal(ids[2], YB_DICT_NOT_FOUND); /* "C" */

    assert_int_equal(yb_dict_lookup_batch(d, NULL, NULL, 0, ids), 0);
    assert_int_equal(yb_dict_lookup_batch(NULL, c.data, c.off, 1, ids), YB_E_INVALID_ARG);
    assert_int_equal(yb_dict_lookup_batch(d, NULL, c.off, 1, ids), YB_E_INVALID_ARG);
    assert_int_equal(yb_dict_lookup_batch(d, c.data, c.off, 1, NULL), YB_E_INVALID_ARG);
    yb_dict_free(d);
    yb_ctx_free(ctx);
}

static void batch_lookup_over_a_large_dictionary(void **state)
{
    (void)state;
    yb_ctx *ctx;
    yb_dict *d;
    assert_ok(NULL, yb_ctx_new(&ctx, NULL));
    assert_ok(ctx, yb_dict_new(ctx, &d));
    enum { N = 40000 };
    char *data = malloc(N * 16);
    int64_t *off = malloc((N + 1) * sizeof *off);
    uint32_t *ids = malloc(N * sizeof *ids);
    assert_non_null(data);
    assert_non_null(off);
    assert_non_null(ids);
    off[0] = 0;
    for (int i = 0; i < N; i++) {
        char code[32];
        int n = snprintf(code, sizeof code, "%c%02d.%03dx%03d", 'A' + i % 26, i % 100, i / 100 % 1000, i % 7);
        uint32_t id;
        if (i % 2 == 0) /* every other code is interned; the odd ones stay absent */
            assert_ok(ctx, yb_dict_intern(ctx, d, code, (size_t)n, &id));
        memcpy(data + off[i], code, (size_t)n);
        off[i + 1] = off[i] + n;
    }
    assert_int_equal(yb_dict_lookup_batch(d, data, off, N, ids), N / 2);
    for (int i = 0; i < N; i++) {
        if (i % 2)
            assert_int_equal(ids[i], YB_DICT_NOT_FOUND);
        else
            assert_int_equal(ids[i], (uint32_t)(i / 2)); /* interned in order */
    }
    free(data);
    free(off);
    free(ids);
    yb_dict_free(d);
    yb_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normalisation_follows_the_documented_rules),
        cmocka_unit_test(ids_are_dense_and_lookup_normalises),
        cmocka_unit_test(many_codes_survive_growth),
        cmocka_unit_test(batch_lookup_gives_the_single_lookup_answers),
        cmocka_unit_test(batch_lookup_over_a_large_dictionary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
