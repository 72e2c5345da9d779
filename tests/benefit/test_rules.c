/* Steps 3–7 worked by hand on the simple policy (bf_fixture.c): deductible
 * and repeat admissions, coinsurance segments, the annual cap, outpatient
 * pooling, critical illness on bands of the cumulative amount, the tilt for
 * poor categories, medical assistance, other funds, account and family aid.
 * Amounts in the comments are yuan; the asserts are fen. */
#include "bf_fixture.h"

BF_SIMPLE_POLICY_SUITE
static yb_benefit_ledger *led;

static int fresh(void **state)
{
    (void)state;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &led));
    return 0;
}

static int drop(void **state)
{
    (void)state;
    yb_benefit_ledger_free(led);
    return 0;
}

/* A claim of one class-A line of `fen` (all in scope). */
static bf_claim *claim(uint64_t id, uint64_t member, int32_t date, int insured, int level, int64_t fen)
{
    static bf_claim b;
    bf_start(&b, id, member, date, insured, level);
    bf_amount(&b, "A1", fen);
    return &b;
}

static yb_benefit_settlement settle(bf_claim *b) { return bf_settle(ctx, pol, led, b); }

static yb_benefit_member member(uint64_t id)
{
    yb_benefit_member m = { .size = sizeof m };
    yb_benefit_ledger_member(led, id, &m);
    return m;
}

static void put(uint64_t id, int year, int64_t cap_used, int64_t ci_cum, int64_t ci_paid, int64_t as_cum,
                int64_t as_paid, int64_t balance)
{
    yb_benefit_member m = { .size = sizeof m, .member_id = id, .year = year, .cap_used = cap_used,
                            .fund_paid = cap_used, .critical_illness_cumulative = ci_cum,
                            .critical_illness_paid = ci_paid, .assistance_cumulative = as_cum,
                            .assistance_paid = as_paid, .account_balance = balance };
    assert_ok(ctx, yb_benefit_ledger_member_put(ctx, led, &m));
}

static void deductible_is_reduced_for_repeated_admissions(void **state)
{
    (void)state;
    /* employee, level 3: deductible 1000 × 100% / 50% / 0%; 85% of the rest (below 20000). */
    yb_benefit_settlement s = settle(claim(1, 10, 20240105, YB_INSURED_EMPLOYEE, 3, 1000000));
    assert_int_equal(s.admission, 1);
    assert_int_equal(s.deductible, 100000); /* 1000 */
    assert_int_equal(s.pooled, 765000);     /* (10000 − 1000) × 85% = 7650 */
    s = settle(claim(2, 10, 20240205, YB_INSURED_EMPLOYEE, 3, 1000000));
    assert_int_equal(s.admission, 2);
    assert_int_equal(s.deductible, 50000); /* 1000 × 50% = 500 */
    assert_int_equal(s.pooled, 807500);    /* 9500 × 85% = 8075 */
    s = settle(claim(3, 10, 20240305, YB_INSURED_EMPLOYEE, 3, 1000000));
    assert_int_equal(s.admission, 3);
    assert_int_equal(s.deductible, 0);
    assert_int_equal(s.pooled, 850000); /* 10000 × 85% */
    yb_benefit_member m = member(10);
    assert_int_equal(m.admissions, 3);
    assert_int_equal(m.deductible_used, 150000);
    assert_int_equal(m.fund_paid, 765000 + 807500 + 850000);
    assert_int_equal(m.cap_used, m.fund_paid);
}

static void deductible_never_exceeds_the_in_scope_amount(void **state)
{
    (void)state;
    yb_benefit_settlement s = settle(claim(1, 10, 20240105, YB_INSURED_EMPLOYEE, 3, 60000)); /* 600 < 1000 */
    assert_int_equal(s.deductible, 60000);
    assert_int_equal(s.pooled, 0);
    assert_int_equal(s.cash_pay, 60000);
    assert_int_equal(member(10).deductible_used, 60000);
}

static void coinsurance_segments_split_the_amount_above_the_deductible(void **state)
{
    (void)state;
    /* 31000 − 1000 = 30000: 20000 × 85% = 17000, 10000 × 90% = 9000 → 26000. */
    yb_benefit_settlement s = settle(claim(1, 10, 20240105, YB_INSURED_EMPLOYEE, 3, 3100000));
    assert_int_equal(s.pooled, 2600000);
}

static void annual_segment_basis_places_the_claim_on_the_year_cumulative(void **state)
{
    (void)state;
    yb_benefit_policy *annual =
        bf_load(ctx, bf_pack("annual", NULL, 0, "{\"inpatient\": {\"segment_basis\": \"annual\"}}"));
    yb_benefit_settlement s = bf_settle(ctx, annual, led, claim(1, 10, 20240105, YB_INSURED_EMPLOYEE, 3, 1600000));
    assert_int_equal(s.pooled, 1275000); /* 15000 × 85% */
    /* 2nd admission: deductible 500, eligible 10000 on the year axis [15000, 25000):
     * 5000 × 85% + 5000 × 90% = 4250 + 4500 = 8750. */
    s = bf_settle(ctx, annual, led, claim(2, 10, 20240205, YB_INSURED_EMPLOYEE, 3, 1050000));
    assert_int_equal(s.pooled, 875000);
    assert_int_equal(member(10).eligible_cumulative, 2500000);
    /* The same second claim on the claim basis: 10000 × 85% = 8500. */
    s = settle(claim(3, 11, 20240105, YB_INSURED_EMPLOYEE, 3, 1600000));
    s = settle(claim(4, 11, 20240205, YB_INSURED_EMPLOYEE, 3, 1050000));
    assert_int_equal(s.pooled, 850000);
    yb_benefit_policy_free(annual);
}

static void annual_cap_limits_the_pooled_fund(void **state)
{
    (void)state;
    put(10, 2024, 29500000, 0, 0, 0, 0, 0); /* 295000 of the 300000 cap used */
    bf_claim *b = claim(1, 10, 20240605, YB_INSURED_EMPLOYEE, 3, 1100000);
    yb_benefit_step steps[YB_BENEFIT_MAX_STEPS];
    yb_benefit_fund_line funds[YB_BENEFIT_FUNDS];
    size_t n;
    yb_benefit_settlement s = { .size = sizeof s };
    assert_ok(ctx, yb_benefit_settle_one(ctx, pol, led, bf_done(b), YB_SETTLE_FINAL, &s, funds, steps,
                                         YB_BENEFIT_MAX_STEPS, &n));
    /* (11000 − 1000) × 85% = 8500, but only 5000 is left under the cap. */
    assert_int_equal(s.pooled, 500000);
    assert_int_equal(funds[YB_FUND_POOLED - 1].base, 1000000);
    assert_int_equal(funds[YB_FUND_POOLED - 1].has_limit, 1);
    assert_int_equal(funds[YB_FUND_POOLED - 1].limit, 500000);
    assert_int_equal(member(10).cap_used, 30000000);
    s = settle(claim(2, 10, 20240705, YB_INSURED_EMPLOYEE, 3, 1100000));
    assert_int_equal(s.pooled, 0);
    assert_int_equal(s.deductible, 50000); /* still the 2nd admission's deductible */
}

static void outpatient_pooling_has_an_annual_deductible_and_cap(void **state)
{
    (void)state;
    bf_claim *b = claim(1, 10, 20240105, YB_INSURED_EMPLOYEE, 1, 30000);
    b->c.visit = YB_VISIT_OUTPATIENT;
    yb_benefit_settlement s = settle(b); /* 300 < 500 deductible */
    assert_int_equal(s.deductible, 30000);
    assert_int_equal(s.pooled, 0);
    assert_int_equal(s.admission, 0);
    b = claim(2, 10, 20240115, YB_INSURED_EMPLOYEE, 1, 100000);
    b->c.visit = YB_VISIT_OUTPATIENT;
    s = settle(b); /* 200 of the deductible left; (1000 − 200) × 50% = 400 */
    assert_int_equal(s.deductible, 20000);
    assert_int_equal(s.pooled, 40000);
    b = claim(3, 10, 20240125, YB_INSURED_EMPLOYEE, 1, 500000);
    b->c.visit = YB_VISIT_OUTPATIENT;
    s = settle(b); /* 5000 × 50% = 2500, cap 2000 − 400 = 1600 */
    assert_int_equal(s.deductible, 0);
    assert_int_equal(s.pooled, 160000);
    assert_int_equal(s.critical_illness, 0); /* outpatient does not count toward critical illness here */
    yb_benefit_member m = member(10);
    assert_int_equal(m.outpatient_deductible_used, 50000);
    assert_int_equal(m.outpatient_fund_paid, 200000);
    assert_int_equal(m.fund_paid, 200000);
    assert_int_equal(m.cap_used, 0); /* outpatient.counts_toward_annual_cap is false */
    assert_int_equal(m.admissions, 0);
}

static void critical_illness_bands_are_on_the_cumulative_amount(void **state)
{
    (void)state;
    /* resident, level 3: deductible 1000, 70%; counted = in-scope − pooled − deductible. */
    yb_benefit_settlement s = settle(claim(1, 20, 20240105, YB_INSURED_RESIDENT, 3, 5100000));
    assert_int_equal(s.pooled, 3500000);     /* 50000 × 70% */
    assert_int_equal(s.critical_illness, 0); /* counted 51000 − 35000 − 1000 = 15000 < 20000 */
    assert_int_equal(member(20).critical_illness_cumulative, 1500000);
    /* 2nd: deductible 500, pooled 100000 × 70% = 70000, counted 30000: 15000 → 45000;
     * band 1 (60%) over [20000, 45000) = 25000 × 60% = 15000. */
    bf_claim *b = claim(2, 20, 20240205, YB_INSURED_RESIDENT, 3, 10050000);
    yb_benefit_step steps[YB_BENEFIT_MAX_STEPS];
    size_t n;
    s = (yb_benefit_settlement){ .size = sizeof s };
    assert_ok(ctx, yb_benefit_settle_one(ctx, pol, led, bf_done(b), YB_SETTLE_FINAL, &s, NULL, steps,
                                         YB_BENEFIT_MAX_STEPS, &n));
    assert_int_equal(s.pooled, 7000000);
    assert_int_equal(s.critical_illness, 1500000);
    char text[4096];
    assert_true(yb_benefit_explain(steps, n, text, sizeof text) < (int64_t)sizeof text);
    assert_non_null(strstr(text, "critical-illness band 1, cumulative [20000.00, 45000.00): 25000.00 × 60% = 15000.00"));
    assert_non_null(strstr(text, "deductible (起付线), admission 2: 1000.00 × 50%, applied 500.00"));
    /* 3rd: no deductible, pooled 28000, counted 12000: 45000 → 57000 crosses the
     * band boundary at a cumulative 50000: 5000 × 60% + 7000 × 70% = 3000 + 4900.
     * (Bands on the amount above the threshold would give 12000 × 60% = 7200.) */
    s = settle(claim(3, 20, 20240305, YB_INSURED_RESIDENT, 3, 4000000));
    assert_int_equal(s.pooled, 2800000);
    assert_int_equal(s.critical_illness, 790000);
    yb_benefit_member m = member(20);
    assert_int_equal(m.critical_illness_cumulative, 5700000);
    assert_int_equal(m.critical_illness_paid, 2290000);
}

static void class_b_first_pay_counts_toward_critical_illness_by_switch(void **state)
{
    (void)state;
    bf_claim b;
    /* resident (class-B first pay counts): 31000 class A + 10000 class B 10%:
     * first pay 1000, in scope 40000, pooled (40000 − 1000) × 70% = 27300,
     * counted 40000 − 27300 − 1000 + 1000 = 12700. */
    bf_start(&b, 1, 20, 20240105, YB_INSURED_RESIDENT, 3);
    bf_amount(&b, "A1", 3100000);
    bf_amount(&b, "B10", 1000000);
    yb_benefit_settlement s = settle(&b);
    assert_int_equal(s.b_first_pay, 100000);
    assert_int_equal(s.pooled, 2730000);
    assert_int_equal(member(20).critical_illness_cumulative, 1270000);
    /* employee (it does not): pooled 20000 × 85% + 19000 × 90% = 17000 + 17100 = 34100,
     * counted 40000 − 34100 − 1000 = 4900. */
    bf_start(&b, 2, 21, 20240105, YB_INSURED_EMPLOYEE, 3);
    bf_amount(&b, "A1", 3100000);
    bf_amount(&b, "B10", 1000000);
    s = settle(&b);
    assert_int_equal(s.pooled, 3410000);
    assert_int_equal(member(21).critical_illness_cumulative, 490000);
}

static void poor_categories_get_half_threshold_and_five_more_points(void **state)
{
    (void)state;
    /* category 2 (tilt): threshold 20000 × 0.5 = 10000; band 1 at 60% + 5 = 65%.
     * counted 15000 as above: [10000, 15000) × 65% = 3250.
     * assistance (category 2: no threshold, 70%): (51000 − 35000 − 3250) × 70% = 12750 × 70% = 8925. */
    bf_claim *b = claim(1, 30, 20240105, YB_INSURED_RESIDENT, 3, 5100000);
    b->c.category = 2;
    yb_benefit_settlement s = settle(b);
    assert_int_equal(s.critical_illness, 325000);
    assert_int_equal(s.assistance, 892500);
    assert_int_equal(s.fund_total, 3500000 + 325000 + 892500);
    assert_int_equal(s.cash_pay, 382500);
    /* category 3 (no tilt, assistance threshold 5000, 60%): no critical illness below 20000;
     * assistance (16000 − 5000) × 60% = 6600; cash 16000 − 6600 = 9400. */
    b = claim(2, 31, 20240105, YB_INSURED_RESIDENT, 3, 5100000);
    b->c.category = 3;
    s = settle(b);
    assert_int_equal(s.critical_illness, 0);
    assert_int_equal(s.assistance, 660000);
    assert_int_equal(s.cash_pay, 940000);
}

static void poor_categories_have_no_critical_illness_cap(void **state)
{
    (void)state;
    /* cumulative 100000 already counted, 299000 of the 300000 cap paid.
     * claim: pooled (11000 − 1000) × 70% = 7000, counted 3000 in band 3 (80%). */
    put(40, 2024, 0, 10000000, 29900000, 0, 0, 0);
    yb_benefit_settlement s = settle(claim(1, 40, 20240105, YB_INSURED_RESIDENT, 3, 1100000));
    assert_int_equal(s.critical_illness, 100000); /* 3000 × 80% = 2400, capped at the 1000 left */
    put(41, 2024, 0, 10000000, 29900000, 0, 0, 0);
    bf_claim *b = claim(2, 41, 20240105, YB_INSURED_RESIDENT, 3, 1100000);
    b->c.category = 2;
    s = settle(b);
    assert_int_equal(s.critical_illness, 255000); /* 3000 × (80% + 5%) = 2550, no cap */
    assert_int_equal(s.assistance, 101500);       /* (11000 − 7000 − 2550) × 70% = 1015 */
}

static void assistance_threshold_is_annual_and_its_cap_binds(void **state)
{
    (void)state;
    /* resident, level 1: deductible 200, 70%. category 3: threshold 5000, 60%, cap 20000. */
    bf_claim *b = claim(1, 50, 20240105, YB_INSURED_RESIDENT, 1, 1020000);
    b->c.category = 3;
    yb_benefit_settlement s = settle(b); /* residual 10200 − 7000 = 3200 < 5000 */
    assert_int_equal(s.pooled, 700000);
    assert_int_equal(s.assistance, 0);
    b = claim(2, 50, 20240205, YB_INSURED_RESIDENT, 1, 1010000);
    b->c.category = 3;
    s = settle(b); /* deductible 100; residual 3100: cumulative 3200 → 6300, above 5000: 1300 × 60% = 780 */
    assert_int_equal(s.assistance, 78000);
    assert_int_equal(member(50).assistance_cumulative, 630000);
    put(51, 2024, 0, 0, 0, 1000000, 1990000, 0); /* threshold passed, 19900 of 20000 paid */
    b = claim(3, 51, 20240105, YB_INSURED_RESIDENT, 1, 1020000);
    b->c.category = 3;
    s = settle(b); /* 3200 × 60% = 1920, capped at 100 */
    assert_int_equal(s.assistance, 10000);
}

static void civil_servant_subsidy_pays_half_the_residual(void **state)
{
    (void)state;
    /* employee level 1: deductible 200, pooled 10000 × 85% = 8500, residual 1700 × 50% = 850. */
    bf_claim *b = claim(1, 60, 20240105, YB_INSURED_EMPLOYEE, 1, 1020000);
    b->c.civil_servant = 1;
    yb_benefit_settlement s = settle(b);
    assert_int_equal(s.other_funds, 85000);
    assert_int_equal(s.cash_pay, 85000);
}

static void account_then_family_aid_then_cash(void **state)
{
    (void)state;
    assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, led, 70, 50000));  /* own 500 */
    assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, led, 71, 100000)); /* relative 1000 */
    bf_claim b;
    bf_start(&b, 1, 70, 20240105, YB_INSURED_EMPLOYEE, 1);
    bf_amount(&b, "A1", 1020000);
    bf_amount(&b, "C1", 10000); /* class C: the employee account may not pay it in this policy */
    b.c.family_payer = 71;
    yb_benefit_settlement s = settle(&b);
    /* pooled 8500; personal 1700 in scope + 100 class C; account may pay 1700:
     * own 500, relative min(1000, 1200) = 1000, cash 1800 − 1500 = 300. */
    assert_int_equal(s.pooled, 850000);
    assert_int_equal(s.personal, 180000);
    assert_int_equal(s.account_pay, 150000);
    assert_int_equal(s.family_aid, 100000);
    assert_int_equal(s.cash_pay, 30000);
    assert_int_equal(member(70).account_balance, 0);
    assert_int_equal(member(71).account_balance, 0);
    /* The patient may decline the account. */
    assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, led, 72, 50000));
    bf_start(&b, 2, 72, 20240105, YB_INSURED_EMPLOYEE, 1);
    bf_amount(&b, "A1", 1020000);
    b.c.use_account = 0;
    s = settle(&b);
    assert_int_equal(s.account_pay, 0);
    assert_int_equal(s.cash_pay, 170000);
    assert_int_equal(member(72).account_balance, 50000);
}

static void place_lowers_the_ratio(void **state)
{
    (void)state;
    /* resident level 3, 10000 above the deductible: local 70%, out of area 60%, referred 65%. */
    static const int places[] = { YB_PLACE_LOCAL, YB_PLACE_OUT_OF_AREA, YB_PLACE_REFERRED };
    static const int64_t pooled[] = { 700000, 600000, 650000 };
    for (int i = 0; i < 3; i++) {
        bf_claim *b = claim((uint64_t)i + 1, 80 + (uint64_t)i, 20240105, YB_INSURED_RESIDENT, 3, 1100000);
        b->c.place = (int8_t)places[i];
        assert_int_equal(settle(b).pooled, pooled[i]);
    }
    /* retired level 2: deductible 500, 90%. */
    assert_int_equal(settle(claim(9, 90, 20240105, YB_INSURED_RETIRED, 2, 1050000)).pooled, 900000);
}

static void new_year_restarts_the_accumulators_and_order_is_enforced(void **state)
{
    (void)state;
    assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, led, 10, 12345));
    settle(claim(1, 10, 20241220, YB_INSURED_EMPLOYEE, 3, 1000000));
    bf_claim *b = claim(2, 10, 20250105, YB_INSURED_EMPLOYEE, 3, 1000000);
    b->c.use_account = 0;
    yb_benefit_step steps[YB_BENEFIT_MAX_STEPS];
    size_t n;
    yb_benefit_settlement s = { .size = sizeof s };
    assert_ok(ctx, yb_benefit_settle_one(ctx, pol, led, bf_done(b), YB_SETTLE_FINAL, &s, NULL, steps,
                                         YB_BENEFIT_MAX_STEPS, &n));
    size_t k = 0;
    while (k < n && steps[k].kind != YB_STEP_ROLLOVER)
        k++;
    assert_true(k < n && k == 5); /* after the five classification steps, before the deductible */
    assert_int_equal(steps[k].index, 2025);
    assert_int_equal(steps[k + 1].kind, YB_STEP_DEDUCTIBLE);
    assert_int_equal(s.admission, 1);       /* first admission of 2025 */
    assert_int_equal(s.deductible, 100000); /* the full 1000 again */
    yb_benefit_member m = member(10);
    assert_int_equal(m.year, 2025);
    assert_int_equal(m.deductible_used, 100000);
    assert_true(m.account_balance < 12345 + 1); /* carried over (less what 2024 used) */
    assert_status(ctx, yb_benefit_settle_one(ctx, pol, led, bf_done(claim(3, 10, 20241228, YB_INSURED_EMPLOYEE, 3, 1000)),
                                             YB_SETTLE_FINAL, &s, NULL, NULL, 0, NULL),
                  YB_E_ROW_ORDER);
    assert_msg_has(ctx, "claim 3", "20241228", "2025", "time order");
}

static void settling_a_claim_id_twice_is_refused(void **state)
{
    (void)state;
    settle(claim(1, 10, 20240105, YB_INSURED_EMPLOYEE, 3, 1000000));
    yb_benefit_settlement s = { .size = sizeof s };
    assert_status(ctx, yb_benefit_settle_one(ctx, pol, led, bf_done(claim(1, 11, 20240106, YB_INSURED_EMPLOYEE, 3, 100)),
                                             YB_SETTLE_FINAL, &s, NULL, NULL, 0, NULL),
                  YB_E_ROW_CLAIM_ID);
    assert_msg_has(ctx, "claim 1 is already settled");
}

static void sample_pack_resident_threshold_follows_the_claim_date(void **state)
{
    (void)state;
    /* packs/sample-benefit, resident level 3 local: deductible 900; 65% in 2024, 67% from
     * 2025; critical-illness threshold 19609 in 2024 (half of 39218), 20657 in 2025.
     * 2024: pooled 60000 × 65% = 39000, counted 60900 − 39000 − 900 = 21000,
     *       above 19609: 1391 × 60% = 834.60.
     * 2025: pooled 60000 × 67% = 40200, counted 19800 < 20657: none. */
    yb_benefit_policy *sample = bf_load(ctx, yb_test_src("packs/sample-benefit"));
    bf_claim b;
    bf_start(&b, 1, 100, 20240601, YB_INSURED_RESIDENT, 3);
    bf_amount(&b, "S.SURG.APPENDIX", 6090000);
    yb_benefit_settlement s = bf_settle(ctx, sample, led, &b);
    assert_int_equal(s.pooled, 3900000);
    assert_int_equal(s.critical_illness, 83460);
    bf_start(&b, 2, 101, 20250601, YB_INSURED_RESIDENT, 3);
    bf_amount(&b, "S.SURG.APPENDIX", 6090000);
    s = bf_settle(ctx, sample, led, &b);
    assert_int_equal(s.pooled, 4020000);
    assert_int_equal(s.critical_illness, 0);
    yb_benefit_policy_free(sample);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fresh, drop)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(deductible_is_reduced_for_repeated_admissions),
        T(deductible_never_exceeds_the_in_scope_amount),
        T(coinsurance_segments_split_the_amount_above_the_deductible),
        T(annual_segment_basis_places_the_claim_on_the_year_cumulative),
        T(annual_cap_limits_the_pooled_fund),
        T(outpatient_pooling_has_an_annual_deductible_and_cap),
        T(critical_illness_bands_are_on_the_cumulative_amount),
        T(class_b_first_pay_counts_toward_critical_illness_by_switch),
        T(poor_categories_get_half_threshold_and_five_more_points),
        T(poor_categories_have_no_critical_illness_cap),
        T(assistance_threshold_is_annual_and_its_cap_binds),
        T(civil_servant_subsidy_pays_half_the_residual),
        T(account_then_family_aid_then_cash),
        T(place_lowers_the_ratio),
        T(new_year_restarts_the_accumulators_and_order_is_enforced),
        T(settling_a_claim_id_twice_is_refused),
        T(sample_pack_resident_threshold_follows_the_claim_date),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
