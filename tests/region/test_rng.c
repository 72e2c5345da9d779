/* The sample-region generator's random numbers and elementary functions
 * (examples/yibao/region_rng.c): the xoshiro256** reference sequence, our
 * exp and log against the C library's, and the distributions' moments. */
#include <math.h>

#include "test_util.h"

#include "region_rng.h"

static void xoshiro_reference_sequence(void **state)
{
    (void)state;
    /* state {1, 2, 3, 4}; output = rotl(s1 × 5, 7) × 9:
     * 1st: rotl(10, 7) × 9 = 1280 × 9 = 11520; then s2 = 3^1 = 2, s3 = 4^2 = 6, s1 = 2^2 = 0, s0 = 1^6 = 7,
     *      s2 ^= 2 << 17 → 262146, s3 = rotl(6, 45);
     * 2nd: s1 = 0 → 0; then s2 = 262146^7 = 262149, s1 = 0^262149 = 262149;
     * 3rd: rotl(262149 × 5, 7) × 9 = 1310745 × 128 × 9 = 1509978240. */
    rng r = { { 1, 2, 3, 4 } };
    assert_int_equal(rng_next(&r), 11520);
    assert_int_equal(rng_next(&r), 0);
    assert_int_equal(rng_next(&r), 1509978240);
}

static void streams_are_reproducible_and_distinct(void **state)
{
    (void)state;
    rng a, b, c;
    rng_seed(&a, 20240101, 3, 17, 2024);
    rng_seed(&b, 20240101, 3, 17, 2024);
    rng_seed(&c, 20240101, 3, 2024, 17); /* the indices swapped: another stream */
    int same = 1, differ = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = rng_next(&a), y = rng_next(&b), z = rng_next(&c);
        same &= x == y;
        differ += x != z;
    }
    assert_true(same);
    assert_true(differ > 990);
}

static void exp_and_log_match_the_c_library(void **state)
{
    (void)state;
    double worst = 0;
    for (double x = -40.0; x <= 40.0; x += 0.0371) {
        double e = exp(x), r = rmath_exp(x);
        double rel = fabs(r - e) / e;
        worst = rel > worst ? rel : worst;
    }
    assert_true(worst < 1e-15); /* within a few units in the last place (2.2e-16 each) */
    assert_true(rmath_exp(0.0) == 1.0);
    worst = 0;
    for (double x = 1e-9; x < 1e9; x *= 1.013) {
        double l = log(x), r = rmath_log(x);
        double err = fabs(r - l) / (fabs(l) > 1 ? fabs(l) : 1);
        worst = err > worst ? err : worst;
    }
    assert_true(worst < 1e-15);
    assert_true(rmath_log(1.0) == 0.0);
    assert_true(fabs(rmath_pow(2.0, 10.0) - 1024.0) < 1e-10);
}

static void rounding_to_integers(void **state)
{
    (void)state;
    assert_int_equal(rmath_round(2.5), 3);
    assert_int_equal(rmath_round(2.4999999), 2);
    assert_int_equal(rmath_round(0.5), 1);
    assert_int_equal(rmath_round(-2.5), -3);
    assert_int_equal(rmath_round(123456.49), 123456);
}

static void uniform_integers_stay_in_range(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 1, 1, 1, 1);
    size_t count[7] = { 0 };
    for (int i = 0; i < 70000; i++) {
        uint64_t k = rng_below(&r, 7);
        assert_true(k < 7);
        count[k]++;
    }
    for (int k = 0; k < 7; k++) /* 10 000 expected, σ ≈ 93 */
        assert_true(count[k] > 9500 && count[k] < 10500);
    assert_int_equal(rng_below(&r, 1), 0);
    double u = rng_unit(&r);
    assert_true(u >= 0.0 && u < 1.0);
}

static void normal_and_poisson_moments(void **state)
{
    (void)state;
    rng r;
    rng_seed(&r, 42, 2, 0, 0);
    const int n = 200000;
    double sum = 0, sq = 0, ps = 0;
    for (int i = 0; i < n; i++) {
        double z = rng_normal(&r);
        sum += z;
        sq += z * z;
        ps += rng_poisson(&r, 3.7);
    }
    double mean = sum / n, var = sq / n - mean * mean;
    assert_true(fabs(mean) < 0.01);      /* σ of the mean ≈ 0.0022 */
    assert_true(fabs(var - 1.0) < 0.02);
    assert_true(fabs(ps / n - 3.7) < 0.03); /* σ ≈ 0.0043 */
    assert_int_equal(rng_poisson(&r, 0.0), 0);
}

static void zipf_table_frequencies(void **state)
{
    (void)state;
    /* weights 1/k over k = 1 … 4: shares 12/25, 6/25, 4/25, 3/25 */
    wtable t;
    assert_int_equal(wtable_zipf(&t, 4, 1.0), 0);
    rng r;
    rng_seed(&r, 7, 7, 7, 7);
    size_t count[4] = { 0 };
    const int n = 100000;
    for (int i = 0; i < n; i++)
        count[wtable_draw(&t, &r)]++;
    const double share[4] = { 12.0 / 25, 6.0 / 25, 4.0 / 25, 3.0 / 25 };
    for (int k = 0; k < 4; k++)
        assert_true(fabs((double)count[k] / n - share[k]) < 0.006);
    wtable_free(&t);
    /* a zero weight is never drawn; all zero is refused */
    double w[3] = { 0.0, 1.0, 0.0 };
    assert_int_equal(wtable_init(&t, w, 3), 0);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(wtable_draw(&t, &r), 1);
    wtable_free(&t);
    double z[2] = { 0.0, 0.0 };
    assert_int_equal(wtable_init(&t, z, 2), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xoshiro_reference_sequence),
        cmocka_unit_test(streams_are_reproducible_and_distinct),
        cmocka_unit_test(exp_and_log_match_the_c_library),
        cmocka_unit_test(rounding_to_integers),
        cmocka_unit_test(uniform_integers_stay_in_range),
        cmocka_unit_test(normal_and_poisson_moments),
        cmocka_unit_test(zipf_table_frequencies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
