/* Evaluation indices worked by hand: CMI, cost- and time-consumption
 * indices, group coverage and fund coverage. */
#include "points_fixture.h"

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

/* HA: G1 10000.00 (5 days), G1 14000.00 (7), G2 30000.00 (10);
 * HB: G1 6000.00 (3), G2 20000.00 (8), one ungrouped case 5000.00 (no LOS).
 * Region means: G1 (10000 + 14000 + 6000) ÷ 3 = 10000, G2 25000; LOS G1 5, G2 9. */
static yb_points_year *year_of(yb_points_book *b)
{
    static const char *const groups[] = { "G1", "G1", "G2", "G1", "G2", "" };
    static const char *const hosps[] = { "HA", "HA", "HA", "HB", "HB", "HB" };
    static const int64_t cost[] = { 1000000, 1400000, 3000000, 600000, 2000000, 500000 };
    static const int32_t los[] = { 5, 7, 10, 3, 8, -1 };
    yb_points_year *y = NULL;
    assert_ok(ctx, yb_points_year_new(ctx, b, &y));
    for (int i = 0; i < 6; i++) {
        int64_t goff[2] = { 0, (int64_t)strlen(groups[i]) }, hoff[2] = { 0, 2 };
        yb_points_case_columns in = { .size = sizeof in, .n = 1, .group_data = groups[i], .group_offsets = goff,
                                      .hospital_data = hosps[i], .hospital_offsets = hoff, .cost = &cost[i],
                                      .los_days = &los[i] };
        assert_int_equal(yb_points_year_add_batch(ctx, y, &in, NULL, 0, NULL, NULL), 0);
    }
    return y;
}

static void indices_follow_their_definitions(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, NULL);
    yb_points_year *y = year_of(b);
    int64_t cases[3], cmi[3], ci[3], ti[3], gc[3], fc[3];
    yb_points_index_results h = { .size = sizeof h, .cases = cases, .cmi = cmi, .cost_index = ci, .time_index = ti,
                                  .group_coverage = gc, .fund_coverage = fc };
    int64_t rc_[6];
    yb_points_index_results r = { .size = sizeof r, .cases = &rc_[0], .cmi = &rc_[1], .cost_index = &rc_[2],
                                  .time_index = &rc_[3], .group_coverage = &rc_[4], .fund_coverage = &rc_[5] };
    assert_ok(ctx, yb_points_year_indices(ctx, y, &h, &r));
    /* CMI = mean score ÷ 1000: HA (1000 + 1000 + 2500.5) ÷ 3 ÷ 1000 = 1.500166… → 1.5002;
     * HB (1000 + 2500.5) ÷ 2 ÷ 1000 = 1.75025 → 1.7503 (half-up) */
    assert_int_equal(cmi[0], 15002);
    assert_int_equal(cmi[1], 17503);
    /* cost index: HA (24000 ÷ 10000 + 30000 ÷ 25000) ÷ 3 = (2.4 + 1.2) ÷ 3 = 1.2000;
     * HB (6000 ÷ 10000 + 20000 ÷ 25000) ÷ 2 = 0.7000; the region 1 by definition */
    assert_int_equal(ci[0], 12000);
    assert_int_equal(ci[1], 7000);
    assert_int_equal(rc_[2], 10000);
    /* time index: HA (12 ÷ 5 + 10 ÷ 9) ÷ 3 = 3.5111… ÷ 3 = 1.170370… → 1.1704;
     * HB (3 ÷ 5 + 8 ÷ 9) ÷ 2 = 0.74444… → 0.7444 */
    assert_int_equal(ti[0], 11704);
    assert_int_equal(ti[1], 7444);
    /* coverage: HB 2 of 3 cases grouped = 0.666667; HA 1; HC no cases: 0 */
    assert_int_equal(cases[1], 3);
    assert_int_equal(gc[0], 1000000);
    assert_int_equal(gc[1], 666667);
    assert_int_equal(gc[2], 0);
    assert_int_equal(rc_[4], 833333); /* 5 of 6 */
    /* every case is paid by points (the ungrouped one by 0.7 × cost): fund coverage 1 */
    assert_int_equal(fc[1], 1000000);
    yb_points_year_free(y);
    yb_points_book_free(b);
    /* With fee for service for ungrouped cases: HB points due G1 850 × 10 = 8500.00, G2 round4(2500.5 × 0.85)
     * = 2125.425 × 10 = 21254.25 → 29754.25; fee for service at the book's ungrouped ratio 0.7:
     * 5000.00 × 0.7 = 3500.00; 29754.25 ÷ (29754.25 + 3500.00) = 0.894750… */
    b = pt_book(ctx, "ungrouped.rule=\"fee_for_service\"");
    y = year_of(b);
    assert_ok(ctx, yb_points_year_indices(ctx, y, &h, NULL));
    assert_int_equal(fc[1], 894750);
    assert_int_equal(fc[0], 1000000);
    yb_points_year_free(y);
    yb_points_book_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(indices_follow_their_definitions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
