/* Fixed-point money: every expected value below is worked by hand from the
 * rule named in money.h (round once, ties per mode, largest remainder). */
#include <stdlib.h>

#include "test_util.h"

#include "core/fixed.h"

static int64_t md(int64_t a, int64_t b, int64_t d, int mode)
{
    int64_t out = 0x5555;
    assert_int_equal(yb_muldiv(a, b, d, mode, &out), YB_OK);
    return out;
}

static void muldiv_rounds_ties_by_mode(void **state)
{
    (void)state;
    /* 5 × 1 ÷ 2 = 2.5 */
    assert_int_equal(md(5, 1, 2, YB_ROUND_HALF_UP), 3);
    assert_int_equal(md(5, 1, 2, YB_ROUND_HALF_EVEN), 2);
    assert_int_equal(md(7, 1, 2, YB_ROUND_HALF_EVEN), 4); /* 3.5 → 4 (even) */
    assert_int_equal(md(5, 1, 2, YB_ROUND_DOWN), 2);
    assert_int_equal(md(5, 1, 2, YB_ROUND_UP), 3);
    assert_int_equal(md(5, 1, 2, YB_ROUND_FLOOR), 2);
    assert_int_equal(md(5, 1, 2, YB_ROUND_CEIL), 3);
    /* Negative values: half-up is symmetric (−2.5 → −3) so reversals mirror settlements. */
    assert_int_equal(md(-5, 1, 2, YB_ROUND_HALF_UP), -3);
    assert_int_equal(md(-5, 1, 2, YB_ROUND_HALF_EVEN), -2);
    assert_int_equal(md(-5, 1, 2, YB_ROUND_FLOOR), -3);
    assert_int_equal(md(-5, 1, 2, YB_ROUND_CEIL), -2);
    assert_int_equal(md(5, -1, 2, YB_ROUND_DOWN), -2);
    /* Not a tie: 2.4 and 2.6. */
    assert_int_equal(md(12, 1, 5, YB_ROUND_HALF_UP), 2);
    assert_int_equal(md(13, 1, 5, YB_ROUND_HALF_UP), 3);
}

static void muldiv_uses_128_bit_products(void **state)
{
    (void)state;
    /* 9e18 × 3 ÷ 4 = 6.75e18: the product overflows 64 bits, the result does not. */
    assert_int_equal(md(9000000000000000000LL, 3, 4, YB_ROUND_HALF_UP), 6750000000000000000LL);
    int64_t out;
    assert_int_equal(yb_muldiv(INT64_MAX, 2, 1, YB_ROUND_HALF_UP, &out), YB_E_OVERFLOW);
    assert_int_equal(yb_muldiv(1, 1, 0, YB_ROUND_HALF_UP, &out), YB_E_DIV_ZERO);
    assert_int_equal(yb_muldiv(1, 1, 1, 99, &out), YB_E_INVALID_ARG);
    assert_int_equal(yb_muldiv(1, 1, 1, YB_ROUND_HALF_UP, NULL), YB_E_INVALID_ARG);
}

static void money_times_ratio_example(void **state)
{
    (void)state;
    /* 1234.56 yuan × 0.85 = 1049.376 yuan → 1049.38 yuan (104938 fen). */
    assert_int_equal(md(123456, 850000, YB_RATIO_ONE, YB_ROUND_HALF_UP), 104938);
    /* 0.1 + 0.2 in fen is exactly 0.3: 10 + 20 = 30 (the float bug does not exist here). */
    int64_t a, b;
    assert_int_equal(yb_decimal_parse("0.1", 3, 2, &a), YB_OK);
    assert_int_equal(yb_decimal_parse("0.2", 3, 2, &b), YB_OK);
    assert_int_equal(a + b, 30);
    /* Two half-fen amounts: 0.005 and 0.005 yuan round each to 0.01 half-up,
     * to 0.00 half-even (0 is even). */
    int64_t h;
    assert_int_equal(yb_decimal_parse_round("0.005", 5, 2, YB_ROUND_HALF_UP, &h), YB_OK);
    assert_int_equal(h, 1);
    assert_int_equal(yb_decimal_parse_round("0.005", 5, 2, YB_ROUND_HALF_EVEN, &h), YB_OK);
    assert_int_equal(h, 0);
    assert_int_equal(yb_decimal_parse_round("0.015", 5, 2, YB_ROUND_HALF_EVEN, &h), YB_OK);
    assert_int_equal(h, 2);
}

static void rescale_rounds_only_when_dropping_digits(void **state)
{
    (void)state;
    int64_t out;
    /* score 1234.56785 at 5 decimals to 4: 1234.5679 (half-up), 1234.5678 (down). */
    assert_int_equal(yb_rescale(123456785, 5, 4, YB_ROUND_HALF_UP, &out), YB_OK);
    assert_int_equal(out, 12345679);
    assert_int_equal(yb_rescale(123456785, 5, 4, YB_ROUND_DOWN, &out), YB_OK);
    assert_int_equal(out, 12345678);
    assert_int_equal(yb_rescale(15, 0, 2, YB_ROUND_HALF_UP, &out), YB_OK);
    assert_int_equal(out, 1500);
    assert_int_equal(yb_rescale(INT64_MAX, 0, 1, YB_ROUND_HALF_UP, &out), YB_E_OVERFLOW);
    assert_int_equal(yb_rescale(1, 0, 19, YB_ROUND_HALF_UP, &out), YB_E_INVALID_ARG);
}

static void decimal_parse_is_exact(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(yb_decimal_parse("12252.70", 8, 2, &v), YB_OK);
    assert_int_equal(v, 1225270);
    assert_int_equal(yb_decimal_parse(" -0.93 ", 7, 6, &v), YB_OK);
    assert_int_equal(v, -930000);
    assert_int_equal(yb_decimal_parse("+7", 2, 4, &v), YB_OK);
    assert_int_equal(v, 70000);
    assert_int_equal(yb_decimal_parse("1.", 2, 2, &v), YB_OK);
    assert_int_equal(v, 100);
    assert_int_equal(yb_decimal_parse(".5", 2, 2, &v), YB_OK);
    assert_int_equal(v, 50);
    /* Trailing zeros beyond the scale are fine; a non-zero digit is not. */
    assert_int_equal(yb_decimal_parse("1.2300", 6, 2, &v), YB_OK);
    assert_int_equal(v, 123);
    assert_int_equal(yb_decimal_parse("1.234", 5, 2, &v), YB_E_FORMAT);
    static const char *bad[] = { "", " ", "-", ".", "1e3", "1,000", "1.2.3", "0x10", "12a", "--1" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(yb_decimal_parse(bad[i], strlen(bad[i]), 2, &v), YB_E_FORMAT);
    assert_int_equal(yb_decimal_parse("92233720368547758.08", 20, 2, &v), YB_E_OVERFLOW);
    assert_int_equal(yb_decimal_parse("92233720368547758.07", 20, 2, &v), YB_OK);
    assert_int_equal(v, INT64_MAX);
}

static void decimal_format_pads_and_signs(void **state)
{
    (void)state;
    char buf[32];
    assert_int_equal(yb_decimal_format(123456, 2, buf, sizeof buf), 7);
    assert_string_equal(buf, "1234.56");
    yb_decimal_format(-5, 2, buf, sizeof buf);
    assert_string_equal(buf, "-0.05");
    yb_decimal_format(0, 4, buf, sizeof buf);
    assert_string_equal(buf, "0.0000");
    yb_decimal_format(42, 0, buf, sizeof buf);
    assert_string_equal(buf, "42");
    yb_decimal_format(INT64_MIN, 2, buf, sizeof buf);
    assert_string_equal(buf, "-92233720368547758.08");
    assert_int_equal(yb_decimal_format(123456, 2, buf, 7), YB_E_LIMIT);
}

static void allocate_sums_exactly_with_largest_remainder(void **state)
{
    (void)state;
    /* 100 fen in thirds: 33.33… each; one fen left, remainders equal → lowest index. */
    int64_t w3[3] = { 1, 1, 1 }, p3[3];
    assert_int_equal(yb_allocate(100, w3, 3, p3), YB_OK);
    assert_int_equal(p3[0], 34);
    assert_int_equal(p3[1], 33);
    assert_int_equal(p3[2], 33);
    /* Tiers 6:3:1 of 1001 fen: 600.6, 300.3, 100.1 → floors 600+300+100 = 1000;
     * the one fen goes to the largest remainder (0.6, the county tier). */
    int64_t w[3] = { 6, 3, 1 }, p[3];
    assert_int_equal(yb_allocate(1001, w, 3, p), YB_OK);
    assert_int_equal(p[0], 601);
    assert_int_equal(p[1], 300);
    assert_int_equal(p[2], 100);
    /* 10 fen over weights 1,2,3,4 (sum 10): exact, no remainder. */
    int64_t w4[4] = { 1, 2, 3, 4 }, p4[4];
    assert_int_equal(yb_allocate(10, w4, 4, p4), YB_OK);
    assert_int_equal(p4[3], 4);
    /* 7 fen over 1,1,1,1,1,1,1,1,1,1 → seven parts get 1, the first seven. */
    int64_t w10[10], p10[10];
    for (int i = 0; i < 10; i++)
        w10[i] = 1;
    assert_int_equal(yb_allocate(7, w10, 10, p10), YB_OK);
    for (int i = 0; i < 10; i++)
        assert_int_equal(p10[i], i < 7 ? 1 : 0);
    /* Negative totals mirror positive ones. */
    assert_int_equal(yb_allocate(-1001, w, 3, p), YB_OK);
    assert_int_equal(p[0], -601);
    assert_int_equal(p[1], -300);
    assert_int_equal(p[2], -100);
    /* Zero weight gets nothing; remainders 2/3 vs 1/3. 5 × (2,0,1)/3 = 3.33, 0, 1.67 → 3, 0, 2. */
    int64_t wz[3] = { 2, 0, 1 }, pz[3];
    assert_int_equal(yb_allocate(5, wz, 3, pz), YB_OK);
    assert_int_equal(pz[0], 3);
    assert_int_equal(pz[1], 0);
    assert_int_equal(pz[2], 2);
    int64_t zeros[2] = { 0, 0 }, neg[2] = { 1, -1 };
    assert_int_equal(yb_allocate(5, zeros, 2, pz), YB_E_DIV_ZERO);
    assert_int_equal(yb_allocate(5, neg, 2, pz), YB_E_INVALID_ARG);
    assert_int_equal(yb_allocate(5, w, 0, pz), YB_E_INVALID_ARG);
}

static void allocate_random_totals_always_add_up(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252ULL; /* xorshift */
    for (int round = 0; round < 2000; round++) {
        int64_t w[17], p[17];
        size_t n = 1 + round % 17;
        int any = 0;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            w[i] = (int64_t)(x % 1000000);
            any |= w[i] != 0;
        }
        if (!any)
            w[0] = 1;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        int64_t total = (int64_t)(x % 10000000000ULL) - 5000000000LL;
        assert_int_equal(yb_allocate(total, w, n, p), YB_OK);
        int64_t sum = 0, wsum = 0;
        for (size_t i = 0; i < n; i++) {
            sum += p[i];
            wsum += w[i];
        }
        assert_int_equal(sum, total);
        /* Each part is within one fen of its exact share. */
        for (size_t i = 0; i < n; i++) {
            __extension__ __int128 exact_num = (__int128)total * w[i];
            __extension__ __int128 diff = (__int128)p[i] * wsum - exact_num;
            if (diff < 0)
                diff = -diff;
            assert_true(diff < wsum);
        }
    }
}

/* Reference for the largest-remainder rule, written independently of the
 * library: sort the parts by (remainder descending, index ascending) and give
 * one fen to each of the first `left`. */
typedef struct ref_part {
    __extension__ unsigned __int128 rem;
    size_t index;
} ref_part;

static int ref_part_cmp(const void *a, const void *b)
{
    const ref_part *x = a, *y = b;
    if (x->rem != y->rem)
        return x->rem > y->rem ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void ref_allocate(int64_t total, const int64_t *w, size_t n, int64_t *p, ref_part *scratch)
{
    __extension__ unsigned __int128 t = total < 0 ? (unsigned __int128)(-(__int128)total) : (unsigned __int128)total;
    __extension__ unsigned __int128 sum = 0, given = 0;
    for (size_t i = 0; i < n; i++)
        sum += (uint64_t)w[i];
    for (size_t i = 0; i < n; i++) {
        p[i] = (int64_t)(t * (uint64_t)w[i] / sum);
        given += (uint64_t)p[i];
        scratch[i].rem = t * (uint64_t)w[i] % sum;
        scratch[i].index = i;
    }
    qsort(scratch, n, sizeof *scratch, ref_part_cmp);
    for (size_t k = 0; k < (size_t)(t - given); k++)
        p[scratch[k].index]++;
    if (total < 0)
        for (size_t i = 0; i < n; i++)
            p[i] = -p[i];
}

static void allocate_matches_the_sorted_largest_remainder_reference(void **state)
{
    (void)state;
    enum { MAXN = 3000 };
    static int64_t w[MAXN], p[MAXN], q[MAXN];
    static ref_part scratch[MAXN];
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    /* Small weights (many equal remainders), weights near 2^40 (sum beyond
     * 2^41) and weights near 2^62 (sum beyond 2^64: remainders of up to
     * 9 bytes), with totals from a few fen to 10^12 fen. */
    const int64_t wmax[3] = { 7, (int64_t)1 << 40, (int64_t)1 << 62 };
    for (int round = 0; round < 300; round++) {
        size_t n = round % 10 == 0 ? MAXN : 1 + round % 97;
        int64_t cap = wmax[round % 3];
        int any = 0;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            w[i] = (int64_t)(x % (uint64_t)cap);
            any |= w[i] != 0;
        }
        if (!any)
            w[0] = 1;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        int64_t total = (int64_t)(x % 1000000000000ULL) * (round % 2 ? 1 : -1);
        if (round % 5 == 0)
            total %= (int64_t)n * 3; /* fewer fen than parts or about as many */
        assert_int_equal(yb_allocate(total, w, n, p), YB_OK);
        ref_allocate(total, w, n, q, scratch);
        for (size_t i = 0; i < n; i++)
            if (p[i] != q[i])
                fail_msg("round %d part %zu of %zu: %lld, reference %lld", round, i, n, (long long)p[i],
                         (long long)q[i]);
    }
}

/* ---- Division by a prepared divisor (lib/core/fixed.h) ---- */

static void pow10_divisors_are_prepared_powers_of_ten(void **state)
{
    (void)state;
    int64_t p = 1;
    for (int k = 0; k <= 18; p = k < 18 ? p * 10 : p, k++) {
        yb_divisor d;
        yb_divisor_init(&d, (uint64_t)p);
        const yb_divisor *t = &yb_pow10_divisors[k];
        assert_true(t->d == (uint64_t)p && yb_pow10_const(k) == p && yb_pow10(k) == p);
        assert_true(t->dn == d.dn && t->v == d.v && t->shift == d.shift);
        assert_true(t->dn >> 63 == 1 && t->dn >> t->shift == t->d); /* normalised, nothing lost */
    }
}

static yb_i128 big(const char *digits)
{
    int64_t neg = digits[0] == '-';
    yb_i128 v = 0;
    for (const char *c = digits + neg; *c; c++)
        v = v * 10 + (*c - '0');
    return neg ? -v : v;
}

static void dividing_by_a_power_of_ten_moves_the_point_and_rounds_once(void **state)
{
    (void)state;
    /* 7.5 × 10^18 ÷ 10^18 = 7.5: a tie. */
    yb_i128 n = big("7500000000000000000");
    int64_t want[6] = { 8, 8, 7, 8, 7, 8 }; /* half-up, half-even (7 odd → 8), down, up, floor, ceil */
    int64_t want_neg[6] = { -8, -8, -7, -8, -8, -7 };
    for (int m = 0; m <= 5; m++) {
        assert_true(yb_div_round_pow10_i128(n, 18, m) == want[m]);
        assert_true(yb_div_round_pow10_i128(-n, 18, m) == want_neg[m]);
    }
    /* 6.5: half-even goes to 6; 6.500…01 is above the tie and goes to 7 in every nearest mode. */
    assert_true(yb_div_round_pow10_i128(big("6500000000000000000"), 18, YB_ROUND_HALF_EVEN) == 6);
    assert_true(yb_div_round_pow10_i128(big("6500000000000000001"), 18, YB_ROUND_HALF_EVEN) == 7);
    assert_true(yb_div_round_pow10_i128(big("6499999999999999999"), 18, YB_ROUND_HALF_UP) == 6);
    /* 2^127 − 1 = 170141183460469231731687303715884105727; ÷ 10^18 = 170141183460469231731.687… */
    yb_i128 max = big("170141183460469231731687303715884105727");
    assert_true(yb_div_round_pow10_i128(max, 18, YB_ROUND_HALF_UP) == big("170141183460469231732"));
    assert_true(yb_div_round_pow10_i128(max, 18, YB_ROUND_DOWN) == big("170141183460469231731"));
    /* −2^127 ÷ 10^18 = −170141183460469231731.687303715884105728; ÷ 1 is itself. */
    yb_i128 min = -max - 1;
    assert_true(yb_div_round_pow10_i128(min, 18, YB_ROUND_CEIL) == big("-170141183460469231731"));
    assert_true(yb_div_round_pow10_i128(min, 18, YB_ROUND_FLOOR) == big("-170141183460469231732"));
    assert_true(yb_div_round_pow10_i128(min, 0, YB_ROUND_HALF_UP) == min);
    /* Points of a high case: 3125.0000 score × 1.050000 coefficient × 1.120000 subtype × 2.345678
     * deviation = 3281.25 × 1.12 × 2.345678 = 3675 × 2.345678 = 8620.36665, a tie at 4 decimals:
     * 31250000 × 1050000 × 1120000 × 2345678 ÷ 10^18 = 86203666.5. */
    n = (yb_i128)31250000 * 1050000 * 1120000 * 2345678;
    assert_true(yb_div_round_pow10_i128(n, 18, YB_ROUND_HALF_UP) == 86203667);
    assert_true(yb_div_round_pow10_i128(n, 18, YB_ROUND_HALF_EVEN) == 86203666);
    assert_true(yb_div_round_pow10_i128(n, 18, YB_ROUND_DOWN) == 86203666);
    assert_true(yb_div_round_pow10_i128(n + 1, 18, YB_ROUND_HALF_EVEN) == 86203667);
    /* 12 345 fen ÷ 10^2 = 123.45 yuan. */
    assert_true(yb_div_round_pow10_i128(12345, 2, YB_ROUND_HALF_UP) == 123);
    assert_true(yb_div_round_pow10_i128(12350, 2, YB_ROUND_HALF_EVEN) == 124);
    assert_true(yb_div_round_pow10_i128(12250, 2, YB_ROUND_HALF_EVEN) == 122);
}

static uint64_t next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Every divisor shape (1, powers of two and ten, odd, the largest) against
 * the 128-bit `/`, `%` and yb_div_round_i128. */
static void prepared_divisors_divide_exactly_like_the_division_operator(void **state)
{
    (void)state;
    uint64_t x = 0x2545F4914F6CDD1DULL;
    const uint64_t fixed[] = { 1, 2, 3, 7, 10, 1000000, 100000000, 1000000000000000000ULL, 1ULL << 63,
                               (1ULL << 63) + 1, UINT64_MAX, UINT64_MAX - 1, 4294967295ULL, 4294967296ULL };
    for (int round = 0; round < 20000; round++) {
        uint64_t d = round < 14 * 64 ? fixed[round % 14] : next(&x) >> (next(&x) % 64);
        if (d == 0)
            d = 1;
        yb_divisor dv;
        yb_divisor_init(&dv, d);
        /* numerators of every size, with their edges */
        yb_u128 u = ((yb_u128)next(&x) << 64) | next(&x);
        int bits = (int)(next(&x) % 129);
        u = bits == 128 ? u : u & ((((yb_u128)1) << bits) - 1);
        if (round % 7 == 0)
            u = (u / d) * d + (d - 1) / 2 + (round % 14 == 0); /* just below or at a tie */
        uint64_t r;
        yb_u128 q = yb_divisor_div_u128(&dv, u, &r);
        assert_true(q == u / d && r == (uint64_t)(u % d));
        yb_i128 n = (yb_i128)(u >> 1);
        if (next(&x) & 1)
            n = -n;
        for (int m = 0; m <= 5; m++) {
            assert_true(yb_divisor_round_i128(&dv, n, m) == yb_div_round_i128(n, (yb_i128)d, m));
            int64_t n64 = (int64_t)n;
            assert_true(yb_divisor_round_i64(&dv, n64, m) == yb_div_round_i128(n64, (yb_i128)d, m));
        }
    }
    yb_divisor one;
    yb_divisor_init(&one, 1);
    assert_true(yb_divisor_round_i64(&one, INT64_MIN, YB_ROUND_HALF_UP) == INT64_MIN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(muldiv_rounds_ties_by_mode),
        cmocka_unit_test(muldiv_uses_128_bit_products),
        cmocka_unit_test(money_times_ratio_example),
        cmocka_unit_test(rescale_rounds_only_when_dropping_digits),
        cmocka_unit_test(decimal_parse_is_exact),
        cmocka_unit_test(decimal_format_pads_and_signs),
        cmocka_unit_test(allocate_sums_exactly_with_largest_remainder),
        cmocka_unit_test(allocate_random_totals_always_add_up),
        cmocka_unit_test(allocate_matches_the_sorted_largest_remainder_reference),
        cmocka_unit_test(pow10_divisors_are_prepared_powers_of_ten),
        cmocka_unit_test(dividing_by_a_power_of_ten_moves_the_point_and_rounds_once),
        cmocka_unit_test(prepared_divisors_divide_exactly_like_the_division_operator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
