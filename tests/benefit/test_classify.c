/* Steps 1–2 (line classification) and the rounding steps, worked by hand on
 * the simple policy of bf_fixture.c. Money in fen: 1833.33 yuan = 183333. */
#include "bf_fixture.h"

BF_SIMPLE_POLICY_SUITE

static yb_benefit_settlement pre(yb_benefit_ledger *l, bf_claim *b, int expect)
{
    yb_benefit_settlement s = { .size = sizeof s };
    assert_status(ctx, yb_benefit_settle_one(ctx, pol, l, bf_done(b), YB_SETTLE_PRE, &s, NULL, NULL, 0, NULL),
                  expect);
    if (expect == YB_OK)
        bf_assert_identities(&s);
    return s;
}

static void lines_split_into_self_pay_over_limit_first_pay_and_in_scope(void **state)
{
    (void)state;
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    bf_claim b;
    bf_start(&b, 1, 100, 20240310, YB_INSURED_EMPLOYEE, 3);
    bf_line(&b, "A1", 20000, 1000000);   /* 2 × 100.00 = 200.00, class A: in scope */
    bf_line(&b, "B10", 10000, 3333300);  /* 333.33, class B 10%: first pay 33.333 → 33.33, in scope 300.00 */
    bf_amount(&b, "C1", 5000);           /* 50.00 class C: full self-pay */
    bf_line(&b, "LIM", 30000, 800000);   /* 3 × 80.00 = 240.00; limit 3 × 60.00 = 180.00: over 60.00, in scope 180.00 */
    bf_line(&b, "BLIM", 10000, 10000000); /* 1000.00; limit 800.00: over 200.00; 800.00 × 20% = 160.00 first pay; in scope 640.00 */
    bf_amount(&b, "NOT-LISTED", 1000);   /* 10.00, not in the catalogue: full self-pay */
    yb_benefit_settlement s = pre(l, &b, YB_OK);
    assert_int_equal(s.total, 183333);        /* 200 + 333.33 + 50 + 240 + 1000 + 10 */
    assert_int_equal(s.full_self_pay, 6000);  /* 50 + 10 */
    assert_int_equal(s.over_limit, 26000);    /* 60 + 200 */
    assert_int_equal(s.b_first_pay, 19333);   /* 33.33 + 160.00 */
    assert_int_equal(s.in_scope, 132000);     /* 200 + 300 + 180 + 640 */
    yb_benefit_ledger_free(l);
}

static void class_b_first_pay_rounds_per_line_half_up_or_half_even(void **state)
{
    (void)state;
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    bf_claim b;
    bf_start(&b, 1, 100, 20240310, YB_INSURED_EMPLOYEE, 3);
    bf_amount(&b, "B10", 5);  /* 0.05 × 10% = 0.005 → half up 0.01, half even 0.00 */
    bf_amount(&b, "B15", 30); /* 0.30 × 15% = 0.045 → half up 0.05, half even 0.04 */
    bf_amount(&b, "B15", 10); /* 0.10 × 15% = 0.015 → 0.02 either way (2 is even) */
    yb_benefit_settlement s = pre(l, &b, YB_OK);
    assert_int_equal(s.b_first_pay, 1 + 5 + 2);
    yb_benefit_policy *even = bf_load(ctx, bf_pack("even", NULL, 0, "{\"rounding\": \"half_even\"}"));
    yb_benefit_settlement e = { .size = sizeof e };
    assert_ok(ctx, yb_benefit_settle_one(ctx, even, l, bf_done(&b), YB_SETTLE_PRE, &e, NULL, NULL, 0, NULL));
    assert_int_equal(e.b_first_pay, 0 + 4 + 2);
    /* Two half-fen first pays do not both round up under half-even: the
     * classic float-rounding bug is absent; in-scope keeps the rest exactly. */
    assert_int_equal(e.in_scope, 45 - 6);
    yb_benefit_policy_free(even);
    yb_benefit_ledger_free(l);
}

static void price_limit_applies_only_above_the_limit(void **state)
{
    (void)state;
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    bf_claim b;
    bf_start(&b, 1, 100, 20240310, YB_INSURED_EMPLOYEE, 3);
    bf_line(&b, "LIM", 25000, 600000); /* 2.5 × 60.00 = 150.00, exactly at the limit: nothing over */
    bf_line(&b, "LIM", 15000, 600100); /* 1.5 × 60.01 = 90.015 → 90.02; limit 1.5 × 60 = 90.00: over 0.02 */
    yb_benefit_settlement s = pre(l, &b, YB_OK);
    assert_int_equal(s.total, 15000 + 9002);
    assert_int_equal(s.over_limit, 2);
    assert_int_equal(s.in_scope, 15000 + 9000);
    yb_benefit_ledger_free(l);
}

static void catalogue_version_follows_the_claim_date(void **state)
{
    (void)state;
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    bf_claim b;
    bf_start(&b, 1, 100, 20241231, YB_INSURED_EMPLOYEE, 3);
    bf_amount(&b, "NEW", 100000); /* 2024: class C → 1000.00 full self-pay */
    yb_benefit_settlement s = pre(l, &b, YB_OK);
    assert_int_equal(s.full_self_pay, 100000);
    assert_int_equal(s.in_scope, 0);
    bf_start(&b, 2, 100, 20250101, YB_INSURED_EMPLOYEE, 3);
    bf_amount(&b, "NEW", 100000); /* 2025: class B 10% → first pay 100.00, in scope 900.00 */
    s = pre(l, &b, YB_OK);
    assert_int_equal(s.full_self_pay, 0);
    assert_int_equal(s.b_first_pay, 10000);
    assert_int_equal(s.in_scope, 90000);
    yb_benefit_ledger_free(l);
}

static void bad_lines_are_row_errors_naming_the_line(void **state)
{
    (void)state;
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    bf_claim b;
    bf_start(&b, 7, 100, 20240310, YB_INSURED_EMPLOYEE, 3);
    bf_amount(&b, "A1", 1000);
    bf_amount(&b, "A2", 1000);
    b.cls[1] = YB_CLASS_B; /* billed as B, catalogue says A */
    pre(l, &b, YB_E_ROW_ITEM);
    assert_msg_has(ctx, "claim 7 line 2", "A2", "class B", "class A");
    b.cls[1] = 0;
    b.amount[0] = 1002; /* 10.00 billed as 10.02: beyond the 0.01 tolerance */
    pre(l, &b, YB_E_ROW_ITEM);
    assert_msg_has(ctx, "line 1", "1002", "1000");
    b.amount[0] = 1001; /* within the tolerance of one fen */
    pre(l, &b, YB_OK);
    bf_start(&b, 8, 100, 20240310, YB_INSURED_EMPLOYEE, 3);
    bf_amount(&b, "NOT-LISTED", 1000);
    b.cls[0] = YB_CLASS_A;
    pre(l, &b, YB_E_ROW_ITEM);
    assert_msg_has(ctx, "NOT-LISTED", "not in the catalogue");
    b.cls[0] = 9;
    pre(l, &b, YB_E_ROW_ITEM);
    bf_start(&b, 9, 100, 20240310, YB_INSURED_EMPLOYEE, 3);
    bf_amount(&b, "BAD CODE", 1000);
    pre(l, &b, YB_E_ROW_ITEM);
    assert_msg_has(ctx, "malformed item code");
    bf_start(&b, 10, 100, 20240310, YB_INSURED_EMPLOYEE, 3);
    pre(l, &b, YB_E_ROW_CLAIM); /* no lines */
    assert_msg_has(ctx, "claim 10 has 0 lines (1 … 100000 allowed)");
    bf_start(&b, 11, 100, 20240230, YB_INSURED_EMPLOYEE, 3);
    bf_amount(&b, "A1", 1000);
    pre(l, &b, YB_E_ROW_CLAIM);
    assert_msg_has(ctx, "20240230");
    bf_start(&b, 12, 100, 20230310, YB_INSURED_EMPLOYEE, 3);
    bf_amount(&b, "A1", 1000);
    pre(l, &b, YB_E_ROW_NO_POLICY); /* the simple policy starts 2024-01-01 */
    assert_msg_has(ctx, "claim 12", "2023-03-10");
    bf_start(&b, 13, 100, 20240310, 4, 3);
    bf_amount(&b, "A1", 1000);
    pre(l, &b, YB_E_ROW_CLAIM);
    bf_start(&b, 14, 100, 20240310, YB_INSURED_EMPLOYEE, 3);
    bf_amount(&b, "A1", 1000);
    b.qty[0] = 0;
    pre(l, &b, YB_E_ROW_ITEM);
    yb_benefit_ledger_free(l);
}

static void unknown_items_can_be_rejected_by_the_policy(void **state)
{
    (void)state;
    yb_benefit_policy *strict =
        bf_load(ctx, bf_pack("strict", NULL, 0, "{\"catalogue\": {\"unknown_item\": \"reject\"}}"));
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    bf_claim b;
    bf_start(&b, 1, 100, 20240310, YB_INSURED_EMPLOYEE, 3);
    bf_amount(&b, "NOT-LISTED", 1000);
    yb_benefit_settlement s = { .size = sizeof s };
    assert_status(ctx, yb_benefit_settle_one(ctx, strict, l, bf_done(&b), YB_SETTLE_PRE, &s, NULL, NULL, 0, NULL),
                  YB_E_ROW_ITEM);
    yb_benefit_policy_free(strict);
    yb_benefit_ledger_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lines_split_into_self_pay_over_limit_first_pay_and_in_scope),
        cmocka_unit_test(class_b_first_pay_rounds_per_line_half_up_or_half_even),
        cmocka_unit_test(price_limit_applies_only_above_the_limit),
        cmocka_unit_test(catalogue_version_follows_the_claim_date),
        cmocka_unit_test(bad_lines_are_row_errors_naming_the_line),
        cmocka_unit_test(unknown_items_can_be_rejected_by_the_policy),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
