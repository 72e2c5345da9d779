/* Case points and payment, rule by rule. Every expected value is worked by
 * hand in the comment next to it from the rule in doc/points.md, with the
 * usual test book (points_fixture.c): value 10 yuan/point, levels 1.00 /
 * 0.85 / 0.70, groups G1 = 1000, G2 = 2500.5, P1 = 400 (primary care),
 * outliers low 0.5, high 2, extreme 5 (exclusive), standard = round4(score ×
 * level base) × value. Money in fen, points × 10^4, ratios × 10^6. */
#include "points_fixture.h"

#define FEN(y) ((int64_t)((y)*100 + ((y) < 0 ? -0.5 : 0.5))) /* test literals only */

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

static void normal_case_is_score_times_hospital_coefficient(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, NULL);
    /* HA level 3: standard 1000 × 1.00 × 10 = 10000.00; cost 9000.00 → ratio 0.9: normal.
     * points 1000 × 1.00 = 1000.0000; payment 1000 × 10 = 10000.00; fund due 10000 − 1500 = 8500.00 */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 900000, 150000 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_NORMAL);
    assert_int_equal(r.standard_cost, 1000000);
    assert_int_equal(r.points, 10000000);
    assert_int_equal(r.payment, 1000000);
    assert_int_equal(r.fund_due, 850000);
    /* HB level 2: points 1000 × 0.85 = 850.0000; payment 8500.00; standard 850 × 10 = 8500.00 */
    r = pt_one(ctx, b, (pt_case){ "G1", "HB", NULL, 1, 800000, 0 }, YB_OK);
    assert_int_equal(r.hospital_coefficient, 850000);
    assert_int_equal(r.standard_cost, 850000);
    assert_int_equal(r.points, 8500000);
    assert_int_equal(r.payment, 850000);
    /* G2 at HC: 2500.5 × 0.70 = 1750.35 points; 1750.35 × 10 = 17503.50 */
    r = pt_one(ctx, b, (pt_case){ "G2", "HC", NULL, 1, 1750350, 0 }, YB_OK);
    assert_int_equal(r.points, 17503500);
    assert_int_equal(r.payment, 1750350);
    assert_int_equal(r.deviation, YB_RATIO_ONE);
    yb_points_book_free(b);
}

static void low_cost_boundary_is_exclusive_by_default(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, NULL);
    /* cost 5000.00 = 0.5 × 10000.00 exactly: "< 0.5" is false → normal, 1000 points */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 500000, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_NORMAL);
    assert_int_equal(r.points, 10000000);
    /* cost 4999.99 → ratio 0.499999 → low: 1000 × 0.499999 = 499.999 points → 4999.99 */
    r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 499999, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_LOW);
    assert_int_equal(r.cost_ratio, 499999);
    assert_int_equal(r.deviation, 499999);
    assert_int_equal(r.points, 4999990);
    assert_int_equal(r.payment, 499999);
    yb_points_book_free(b);
}

static void low_cost_boundary_inclusive_takes_the_cost_ratio(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, "outlier.low.inclusive=true");
    /* cost 5000.00 → ratio 0.5 ≤ 0.5: low; points 1000 × 0.5 = 500.0000; payment 5000.00 */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 500000, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_LOW);
    assert_int_equal(r.deviation, 500000);
    assert_int_equal(r.points, 5000000);
    assert_int_equal(r.payment, 500000);
    /* cost 3000.00 at HB (standard 8500.00): ratio 3000/8500 = 0.352941176… → 0.352941;
     * points 1000 × 0.85 × 0.352941 = 299.99985 → 299.9999 (half-up at 4 decimals);
     * payment 299.9999 × 10 = 2999.999 → 3000.00 */
    r = pt_one(ctx, b, (pt_case){ "G1", "HB", NULL, 1, 300000, 0 }, YB_OK);
    assert_int_equal(r.cost_ratio, 352941);
    assert_int_equal(r.points, 2999999);
    assert_int_equal(r.payment, 300000);
    yb_points_book_free(b);
}

static void high_cost_case_above_twice_standard_adds_ratio_minus_one(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, NULL);
    /* cost 20000.00 = 2 × 10000.00: "> 2" is false → normal */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 2000000, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_NORMAL);
    assert_int_equal(r.points, 10000000);
    /* cost 20000.01 → ratio 2.000001 → high: deviation 2.000001 − 2 + 1 = 1.000001;
     * points 1000 × 1.000001 = 1000.001 → 1000.0010; payment 10000.01 */
    r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 2000001, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_HIGH);
    assert_int_equal(r.deviation, 1000001);
    assert_int_equal(r.points, 10000010);
    assert_int_equal(r.payment, 1000001);
    /* HB, cost 25500.00 = 3 × 8500.00: deviation 3 − 2 + 1 = 2; points 1000 × 0.85 × 2 = 1700.0000;
     * payment 17000.00 */
    r = pt_one(ctx, b, (pt_case){ "G1", "HB", NULL, 1, 2550000, 0 }, YB_OK);
    assert_int_equal(r.deviation, 2000000);
    assert_int_equal(r.points, 17000000);
    assert_int_equal(r.payment, 1700000);
    yb_points_book_free(b);
}

static void high_cost_boundary_inclusive_counts_exactly_twice(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, "outlier.high.inclusive=true");
    /* cost 20000.00 → ratio 2 ≥ 2: high; deviation 2 − 2 + 1 = 1 → 1000 points */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 2000000, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_HIGH);
    assert_int_equal(r.deviation, YB_RATIO_ONE);
    assert_int_equal(r.points, 10000000);
    yb_points_book_free(b);
}

static void high_cost_add_formula_adds_the_hospital_coefficient(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, "outlier.high.formula=\"add\"");
    /* HB, ratio 3: points = 1000 × (0.85 + 3 − 2) = 1000 × 1.85 = 1850.0000; payment 18500.00
     * (the multiply formula gives 1700, see above) */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "G1", "HB", NULL, 1, 2550000, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_HIGH);
    assert_int_equal(r.points, 18500000);
    assert_int_equal(r.payment, 1850000);
    yb_points_book_free(b);
}

static void extreme_case_above_five_times_goes_to_special_review(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, NULL);
    /* cost 50000.00 = 5 × 10000.00: "> 5" false → high; deviation 5 − 2 + 1 = 4 → 4000 points */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 5000000, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_HIGH);
    assert_int_equal(r.points, 40000000);
    /* cost 50000.01 → ratio 5.000001: extreme, paid as high: 1000 × 4.000001 = 4000.001 → 40000.01 */
    r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 5000001, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_EXTREME);
    assert_int_equal(r.points, 40000010);
    assert_int_equal(r.payment, 4000001);
    yb_points_book_free(b);
    b = pt_book(ctx, "outlier.extreme.inclusive=true");
    r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 5000000, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_EXTREME); /* 5 ≥ 5 */
    yb_points_book_free(b);
}

static void primary_care_group_ignores_the_hospital_coefficient(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, NULL);
    /* P1 at HC (level base 0.70): 400 × 1.0 = 400.0000 points, 4000.00 — the same at every level */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "P1", "HC", NULL, 1, 250000, 0 }, YB_OK);
    assert_int_equal(r.hospital_coefficient, YB_RATIO_ONE);
    assert_int_equal(r.points, 4000000);
    assert_int_equal(r.payment, 400000);
    r = pt_one(ctx, b, (pt_case){ "P1", "HA", NULL, 1, 400000, 0 }, YB_OK);
    assert_int_equal(r.payment, 400000);
    yb_points_book_free(b);
    /* A region may set one primary-care coefficient: 400 × 0.9 = 360 points */
    b = pt_book(ctx, "primary_care.coefficient=\"0.9\"");
    r = pt_one(ctx, b, (pt_case){ "P1", "HA", NULL, 1, 400000, 0 }, YB_OK);
    assert_int_equal(r.points, 3600000);
    yb_points_book_free(b);
}

static yb_points_book *subtype_book(void)
{
    char params[1024];
    snprintf(params, sizeof params, "%s", PT_PARAMS);
    pt_spec s = { .params = params, .scores = PT_SCORES, .levels = PT_LEVELS, .hospitals = PT_HOSPITALS,
                  .subtypes = "group,subtype,coefficient,name\n*,CCI1,1.100000,all groups\n"
                              "G1,CCI1,1.200000,G1 only\n*,AGE65,1.050000,elderly\n" };
    yb_points_book *b = NULL;
    assert_ok(ctx, pt_load(ctx, &s, &b));
    return b;
}

static void subtype_coefficient_prefers_the_group_row(void **state)
{
    (void)state;
    yb_points_book *b = subtype_book();
    /* G1 + CCI1: group row 1.2 → 1000 × 1.0 × 1.2 = 1200.0000; 12000.00 */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "G1", "HA", "CCI1", 1, 1000000, 0 }, YB_OK);
    assert_int_equal(r.subtype_coefficient, 1200000);
    assert_int_equal(r.points, 12000000);
    assert_int_equal(r.payment, 1200000);
    /* G2 + CCI1: "*" row 1.1 → 2500.5 × 1.1 = 2750.55 points; 27505.50 */
    r = pt_one(ctx, b, (pt_case){ "G2", "HA", "CCI1", 1, 2500000, 0 }, YB_OK);
    assert_int_equal(r.subtype_coefficient, 1100000);
    assert_int_equal(r.points, 27505500);
    assert_int_equal(r.payment, 2750550);
    /* unknown subtype: a row error naming the value */
    pt_one(ctx, b, (pt_case){ "G1", "HA", "CCI9", 1, 1000000, 0 }, YB_E_ROW_SUBTYPE);
    assert_msg_has(ctx, "subtype", "CCI9");
    yb_points_book_free(b);
}

static void ungrouped_case_follows_the_book_rule(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, NULL);
    /* cost_ratio 0.7: points = 8000.00 × 0.7 ÷ 10 = 560.0000; payment 5600.00; due 5600 − 800 = 4800.00 */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "", "HB", NULL, 1, 800000, 80000 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_UNGROUPED);
    assert_int_equal(r.group_id, YB_POINTS_NO_ID);
    assert_int_equal(r.points, 5600000);
    assert_int_equal(r.payment, 560000);
    assert_int_equal(r.fund_due, 480000);
    yb_points_book_free(b);
    /* fee for service at 0.9: 8000.00 × 0.9 = 7200.00, no points */
    b = pt_book(ctx, "ungrouped.rule=\"fee_for_service\"; ungrouped.ratio=\"0.9\"");
    r = pt_one(ctx, b, (pt_case){ NULL, "HB", NULL, 1, 800000, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_FEE_FOR_SERVICE);
    assert_int_equal(r.points, 0);
    assert_int_equal(r.payment, 720000);
    yb_points_book_free(b);
    b = pt_book(ctx, "ungrouped.rule=\"reject\"");
    pt_one(ctx, b, (pt_case){ "", "HB", NULL, 1, 800000, 0 }, YB_E_ROW_UNGROUPED);
    yb_points_book_free(b);
}

static void points_and_money_round_half_up_or_half_even(void **state)
{
    (void)state;
    const char *scores = "group,score\nT1,1234.5677\nT2,1.0000\n";
    const char *hosp = "hospital,level,coefficient\nH5,3,0.500000\n";
    pt_spec s = { .params = "pools=\"single\"; point_value.budget.all=\"10.005\"; settlement.ratio.all=\"0.8\"",
                  .scores = scores, .levels = PT_LEVELS, .hospitals = hosp };
    yb_points_book *up = NULL, *even = NULL;
    assert_ok(ctx, pt_load(ctx, &s, &up));
    s.params = "pools=\"single\"; point_value.budget.all=\"10.005\"; settlement.ratio.all=\"0.8\"; "
               "rounding=\"half_even\"";
    assert_ok(ctx, pt_load(ctx, &s, &even));
    /* points 1234.5677 × 0.5 = 617.28385: half-up 617.2839, half-even 617.2838 (8 is even)
     * (cost 12000.00 against a standard of 1234.5677 × 10.005 ≈ 12351.85 is normal) */
    yb_points_case_result r = pt_one(ctx, up, (pt_case){ "T1", "H5", NULL, 1, 1200000, 0 }, YB_OK);
    assert_int_equal(r.points, 6172839);
    r = pt_one(ctx, even, (pt_case){ "T1", "H5", NULL, 1, 1200000, 0 }, YB_OK);
    assert_int_equal(r.points, 6172838);
    /* Money: in a book without hospitals (coefficient 1) T2 is 1.0000 point × 10.005 = 10.005 yuan:
     * half-up 10.01, half-even 10.00 (0 is even) */
    yb_points_book_free(up);
    yb_points_book_free(even);
    pt_spec o = { .params = "pools=\"single\"; point_value.budget.all=\"10.005\"; settlement.ratio.all=\"0.8\"",
                  .scores = scores };
    assert_ok(ctx, pt_load(ctx, &o, &up));
    o.params = "pools=\"single\"; point_value.budget.all=\"10.005\"; settlement.ratio.all=\"0.8\"; "
               "rounding=\"half_even\"";
    assert_ok(ctx, pt_load(ctx, &o, &even));
    r = pt_one(ctx, up, (pt_case){ "T2", "ANY", NULL, 1, 1000, 0 }, YB_OK);
    assert_int_equal(r.payment, 1001);
    r = pt_one(ctx, even, (pt_case){ "T2", "ANY", NULL, 1, 1000, 0 }, YB_OK);
    assert_int_equal(r.payment, 1000);
    yb_points_book_free(up);
    yb_points_book_free(even);
}

static void two_pools_pay_each_insurance_type_its_value(void **state)
{
    (void)state;
    pt_spec s = { .params = "point_value.budget.employee=\"10\"; point_value.budget.resident=\"9\";"
                            "settlement.ratio.employee=\"0.85\"; settlement.ratio.resident=\"0.7\"",
                  .scores = PT_SCORES, .levels = PT_LEVELS, .hospitals = PT_HOSPITALS };
    yb_points_book *b = NULL;
    assert_ok(ctx, pt_load(ctx, &s, &b));
    assert_int_equal(yb_points_book_pool_count(b), 2);
    /* 1000 points × 10 = 10000.00 (employee); × 9 = 9000.00 (resident) */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, YB_INSURANCE_EMPLOYEE, 900000, 0 }, YB_OK);
    assert_int_equal(r.pool, 0);
    assert_int_equal(r.payment, 1000000);
    r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, YB_INSURANCE_RESIDENT, 900000, 0 }, YB_OK);
    assert_int_equal(r.pool, 1);
    assert_int_equal(r.payment, 900000);
    pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 3, 900000, 0 }, YB_E_ROW_INSURANCE);
    yb_points_book_free(b);
}

static void standards_table_and_fixed_value_give_the_standard(void **state)
{
    (void)state;
    pt_spec s = { .params = "pools=\"single\"; point_value.budget.all=\"10\"; settlement.ratio.all=\"0.8\";"
                            "outlier.standard=\"table\"",
                  .scores = PT_SCORES, .levels = PT_LEVELS, .hospitals = PT_HOSPITALS,
                  .standards = "group,level,standard_cost\nG1,,9500.00\nG1,3,9000.00\n" };
    yb_points_book *b = NULL;
    assert_ok(ctx, pt_load(ctx, &s, &b));
    /* HA (level 3) uses its own row, 9000.00: cost 4400.00 → 4400 ÷ 9000 = 0.4888…→ 0.488889 → low;
     * points 1000 × 0.488889 = 488.889 → 488.8890; payment 4888.89 */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 440000, 0 }, YB_OK);
    assert_int_equal(r.standard_cost, 900000);
    assert_int_equal(r.kind, YB_POINTS_CASE_LOW);
    assert_int_equal(r.points, 4888890);
    assert_int_equal(r.payment, 488889);
    /* HB (level 2) falls back to the all-levels row 9500.00; G2 has no standard: never an outlier */
    r = pt_one(ctx, b, (pt_case){ "G1", "HB", NULL, 1, 440000, 0 }, YB_OK);
    assert_int_equal(r.standard_cost, 950000);
    r = pt_one(ctx, b, (pt_case){ "G2", "HB", NULL, 1, 1, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_NORMAL);
    assert_int_equal(r.standard_cost, 0);
    yb_points_book_free(b);
    /* fixed value 12: standard at HA = 1000 × 1.00 × 12 = 12000.00; cost 25000.00 → 2.083333 → high;
     * deviation 1.083333 → 1083.333 points → 1083.3330 × 10 = 10833.33 */
    b = pt_book(ctx, "outlier.standard=\"fixed\"; outlier.standard_point_value=\"12\"");
    r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 2500000, 0 }, YB_OK);
    assert_int_equal(r.standard_cost, 1200000);
    assert_int_equal(r.kind, YB_POINTS_CASE_HIGH);
    assert_int_equal(r.deviation, 1083333);
    assert_int_equal(r.payment, 1083333);
    yb_points_book_free(b);
}

static void outlier_bands_scale_thresholds_with_weight(void **state)
{
    (void)state;
    char params[1024];
    snprintf(params, sizeof params, "%s", PT_PARAMS);
    pt_spec s = { .params = params, .scores = PT_SCORES, .levels = PT_LEVELS, .hospitals = PT_HOSPITALS,
                  .bands = "weight_from,low_ratio,high_ratio,extreme_ratio\n0,0.5,2,5\n2000,0.4,1.5,\n" };
    yb_points_book *b = NULL;
    assert_ok(ctx, pt_load(ctx, &s, &b));
    /* G2 (2500.5 ≥ 2000) uses high 1.5: standard 25005.00, cost 40008.00 → ratio 1.6 → high;
     * deviation 1.6 − 1.5 + 1 = 1.1 → 2500.5 × 1.1 = 2750.55 points → 27505.50 */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "G2", "HA", NULL, 1, 4000800, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_HIGH);
    assert_int_equal(r.deviation, 1100000);
    assert_int_equal(r.payment, 2750550);
    /* the same ratio 1.6 for G1 (band 0: high 2) is normal */
    r = pt_one(ctx, b, (pt_case){ "G1", "HA", NULL, 1, 1600000, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_NORMAL);
    yb_points_book_free(b);
}

static void drg_points_method_scales_the_weight(void **state)
{
    (void)state;
    pt_spec s = { .kind = "drg-book",
                  .params = "method=\"drg_points\"; pools=\"single\"; point_value.budget.all=\"80\";"
                            "settlement.ratio.all=\"0.8\"",
                  .weights = "drg,weight,name\nAB19,1.5,x\nVS15,0.18,y\n" };
    yb_points_book *b = NULL;
    assert_ok(ctx, pt_load(ctx, &s, &b));
    /* points = RW × 100 = 150.0000; × 80 yuan = 12000.00 (no hospitals table: coefficient 1) */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "AB19", "X1", NULL, 1, 1200000, 0 }, YB_OK);
    assert_int_equal(r.score, 1500000);
    assert_int_equal(r.points, 1500000);
    assert_int_equal(r.payment, 1200000);
    assert_int_equal(r.hospital_id, YB_POINTS_NO_ID);
    yb_points_book_free(b);
}

static void harbin_rate_book_pays_rw_times_base_rate(void **state)
{
    (void)state;
    yb_points_book *b = NULL;
    assert_ok(ctx, yb_points_book_load(ctx, yb_test_src("packs/harbin-drg-2024"), &b));
    /* AB19 肝移植 RW 36.2185 (weights_2024.csv) × 12252.70 (职工) = 443774.41495 → 443774.41 */
    yb_points_case_result r = pt_one(ctx, b, (pt_case){ "AB19", "某医院", NULL, YB_INSURANCE_EMPLOYEE, 50000000, 0 },
                                     YB_OK);
    assert_int_equal(r.points, 362185);
    assert_int_equal(r.payment, 44377441);
    /* × 9649.24 (居民) = 349480.99894 → 349481.00 */
    r = pt_one(ctx, b, (pt_case){ "AB19", "某医院", NULL, YB_INSURANCE_RESIDENT, 50000000, 0 }, YB_OK);
    assert_int_equal(r.payment, 34948100);
    /* VS15 RW 0.18 × 12252.70 = 2205.486 → 2205.49; outliers are off in this book: cost 1 fen is normal */
    r = pt_one(ctx, b, (pt_case){ "VS15", "某医院", NULL, YB_INSURANCE_EMPLOYEE, 1, 0 }, YB_OK);
    assert_int_equal(r.kind, YB_POINTS_CASE_NORMAL);
    assert_int_equal(r.payment, 220549);
    yb_points_book_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normal_case_is_score_times_hospital_coefficient),
        cmocka_unit_test(low_cost_boundary_is_exclusive_by_default),
        cmocka_unit_test(low_cost_boundary_inclusive_takes_the_cost_ratio),
        cmocka_unit_test(high_cost_case_above_twice_standard_adds_ratio_minus_one),
        cmocka_unit_test(high_cost_boundary_inclusive_counts_exactly_twice),
        cmocka_unit_test(high_cost_add_formula_adds_the_hospital_coefficient),
        cmocka_unit_test(extreme_case_above_five_times_goes_to_special_review),
        cmocka_unit_test(primary_care_group_ignores_the_hospital_coefficient),
        cmocka_unit_test(subtype_coefficient_prefers_the_group_row),
        cmocka_unit_test(ungrouped_case_follows_the_book_rule),
        cmocka_unit_test(points_and_money_round_half_up_or_half_even),
        cmocka_unit_test(two_pools_pay_each_insurance_type_its_value),
        cmocka_unit_test(standards_table_and_fixed_value_give_the_standard),
        cmocka_unit_test(outlier_bands_scale_thresholds_with_weight),
        cmocka_unit_test(drg_points_method_scales_the_weight),
        cmocka_unit_test(harbin_rate_book_pays_rw_times_base_rate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
