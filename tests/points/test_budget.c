/* The DIP total by the three methods of the DIP 3.0 draft (ch. 4 §2.2) and
 * the elastic point value (ch. 4 §3.1), worked by hand. */
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

#define YUAN(y) ((int64_t)(y) * 100)

static yb_dip_total_result total(yb_dip_total_input in, int expect)
{
    in.size = sizeof in;
    yb_dip_total_result r = { .size = sizeof r };
    assert_status(ctx, yb_points_dip_total(ctx, &in, YB_ROUND_HALF_UP, &r), expect);
    return r;
}

static void dip_total_by_items_deducts_what_dip_does_not_pay(void **state)
{
    (void)state;
    /* 1,000,000,000 − 20,000,000 (adjustment fund) − 80,000,000 (out of area) − 50,000,000 (other)
     * = 850,000,000.00 */
    yb_dip_total_result r = total((yb_dip_total_input){ .method = YB_DIP_TOTAL_BY_ITEMS,
                                                         .inpatient_budget = YUAN(1000000000),
                                                         .regional_adjustment = YUAN(20000000),
                                                         .out_of_area = YUAN(80000000),
                                                         .other_excluded = YUAN(50000000) },
                                  YB_OK);
    assert_int_equal(r.total, YUAN(850000000));
    total((yb_dip_total_input){ .method = YB_DIP_TOTAL_BY_ITEMS, .inpatient_budget = YUAN(10),
                                .out_of_area = YUAN(11) },
          YB_E_PARAM);
}

static void dip_total_by_proportion_uses_last_years_share(void **state)
{
    (void)state;
    /* 600,000,000 ÷ 800,000,000 = 0.75 × 1,000,000,000 = 750,000,000.00 */
    yb_dip_total_result r = total((yb_dip_total_input){ .method = YB_DIP_TOTAL_BY_PROPORTION,
                                                         .inpatient_budget = YUAN(1000000000),
                                                         .last_dip_total = YUAN(600000000),
                                                         .last_inpatient_total = YUAN(800000000) },
                                  YB_OK);
    assert_int_equal(r.total, YUAN(750000000));
    assert_int_equal(r.share, 750000);
    /* the exact share multiplies, rounding once: 1000.01 × 100 ÷ 300 = 333.33666… → 333.34
     * (the rounded share 0.333333 would give 333.33) */
    r = total((yb_dip_total_input){ .method = YB_DIP_TOTAL_BY_PROPORTION, .inpatient_budget = 100001,
                                    .last_dip_total = YUAN(100), .last_inpatient_total = YUAN(300) },
              YB_OK);
    assert_int_equal(r.total, 33334);
    assert_int_equal(r.share, 333333);
    total((yb_dip_total_input){ .method = YB_DIP_TOTAL_BY_PROPORTION, .inpatient_budget = 1 }, YB_E_DIV_ZERO);
}

static void dip_total_by_growth_is_capped_by_the_cost_growth_target(void **state)
{
    (void)state;
    /* 700,000,000 × 1.08 = 756,000,000.00 */
    yb_dip_total_result r = total((yb_dip_total_input){ .method = YB_DIP_TOTAL_BY_GROWTH,
                                                         .last_dip_total = YUAN(700000000),
                                                         .growth_rate = 80000 },
                                  YB_OK);
    assert_int_equal(r.total, YUAN(756000000));
    /* growth 8% above the 6% target: 700,000,000 × 1.06 = 742,000,000.00 */
    r = total((yb_dip_total_input){ .method = YB_DIP_TOTAL_BY_GROWTH, .last_dip_total = YUAN(700000000),
                                    .growth_rate = 80000, .growth_capped = 1, .growth_cap = 60000 },
              YB_OK);
    assert_int_equal(r.growth_applied, 60000);
    assert_int_equal(r.total, YUAN(742000000));
}

static void dip_total_is_rebased_on_actual_fund_income(void **state)
{
    (void)state;
    /* 850,000,000 × 5,150,000,000 ÷ 5,000,000,000 = 875,500,000.00 */
    yb_dip_total_result r = total((yb_dip_total_input){ .method = YB_DIP_TOTAL_BY_ITEMS,
                                                         .inpatient_budget = YUAN(850000000),
                                                         .income_budget = YUAN(5000000000LL),
                                                         .income_actual = YUAN(5150000000LL) },
                                  YB_OK);
    assert_int_equal(r.before_rebase, YUAN(850000000));
    assert_int_equal(r.total, YUAN(875500000));
    total((yb_dip_total_input){ .method = YB_DIP_TOTAL_BY_ITEMS, .inpatient_budget = 1, .income_actual = 5 },
          YB_E_INVALID_ARG);
    total((yb_dip_total_input){ .method = 9 }, YB_E_PARAM);
}

static yb_elastic_result elastic(yb_elastic_input in, int expect)
{
    in.size = sizeof in;
    yb_elastic_result r = { .size = sizeof r };
    assert_status(ctx, yb_points_elastic_value(ctx, &in, YB_ROUND_HALF_UP, &r), expect);
    return r;
}

static void elastic_value_splits_base_and_increment(void **state)
{
    (void)state;
    /* total 10,000,000.00, base 80%: fixed value 8,000,000 ÷ 700,000 base points = 11.428571… → 11.4286;
     * base total 700,000 × 11.4286 = 8,000,020.00; increment 1,999,980.00 ÷ 200,000 points = 9.9999;
     * cap 9.5: floating 9.5000, paid 1,900,000.00, unused 99,980.00 */
    yb_elastic_result r = elastic((yb_elastic_input){ .decimals = 4, .total = YUAN(10000000),
                                                       .base_points = 700000LL * YB_SCORE_ONE,
                                                       .increment_points = 200000LL * YB_SCORE_ONE,
                                                       .base_share = 800000, .capped = 1,
                                                       .floating_cap = 9500000 },
                                  YB_OK);
    assert_int_equal(r.fixed_point_value, 11428600);
    assert_int_equal(r.base_total, YUAN(8000020));
    assert_int_equal(r.increment_total, YUAN(1999980));
    assert_int_equal(r.floating_uncapped, 9999900);
    assert_int_equal(r.floating_point_value, 9500000);
    assert_int_equal(r.increment_paid, YUAN(1900000));
    assert_int_equal(r.increment_unused, YUAN(99980));
    /* preset fixed value 12 and 100,000.00 paid at actual cost: base 8,400,000; increment
     * 10,000,000 − 8,400,000 − 100,000 = 1,500,000 ÷ 200,000 = 7.5000 */
    r = elastic((yb_elastic_input){ .decimals = 4, .total = YUAN(10000000), .base_points = 700000LL * YB_SCORE_ONE,
                                    .increment_points = 200000LL * YB_SCORE_ONE, .fixed_point_value = 12000000,
                                    .actual_paid = YUAN(100000) },
                YB_OK);
    assert_int_equal(r.base_total, YUAN(8400000));
    assert_int_equal(r.floating_point_value, 7500000);
    assert_int_equal(r.increment_unused, 0);
    /* no increment points: no floating value, the increment stays unused */
    r = elastic((yb_elastic_input){ .decimals = 4, .total = YUAN(10000000), .base_points = 700000LL * YB_SCORE_ONE,
                                    .fixed_point_value = 12000000 },
                YB_OK);
    assert_int_equal(r.floating_point_value, 0);
    assert_int_equal(r.increment_unused, YUAN(1600000));
    /* a base part above the total is refused */
    elastic((yb_elastic_input){ .decimals = 4, .total = YUAN(1000), .base_points = 700000LL * YB_SCORE_ONE,
                                .fixed_point_value = 12000000 },
            YB_E_PARAM);
    elastic((yb_elastic_input){ .decimals = 4, .total = YUAN(1000) }, YB_E_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dip_total_by_items_deducts_what_dip_does_not_pay),
        cmocka_unit_test(dip_total_by_proportion_uses_last_years_share),
        cmocka_unit_test(dip_total_by_growth_is_capped_by_the_cost_growth_target),
        cmocka_unit_test(dip_total_is_rebased_on_actual_fund_income),
        cmocka_unit_test(elastic_value_splits_base_and_increment),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
