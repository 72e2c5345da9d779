/* Reversal (冲正) and the replay semantics of yb_benefit_reverse(): the
 * ledger after reversing a claim must equal, byte for byte, a ledger on
 * which that claim was never settled. */
#include <stdlib.h>

#include "bf_fixture.h"

BF_SIMPLE_POLICY_SUITE

static bf_claim *claim(uint64_t id, uint64_t member, int32_t date, int insured, int level, int64_t fen)
{
    static bf_claim b;
    bf_start(&b, id, member, date, insured, level);
    bf_amount(&b, "A1", fen);
    return &b;
}

static yb_benefit_ledger *ledger(void)
{
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    return l;
}

static void settle_then_reverse_restores_the_ledger_bytes(void **state)
{
    (void)state;
    yb_benefit_ledger *l = ledger();
    assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, l, 1, 80000));
    assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, l, 2, 90000));
    bf_settle(ctx, pol, l, claim(1, 1, 20241201, YB_INSURED_EMPLOYEE, 2, 500000));
    size_t n0;
    uint8_t *before = bf_bytes(ctx, l, &n0);
    /* a claim that rolls member 1 into 2025 and draws on member 2's account */
    bf_claim *b = claim(2, 1, 20250110, YB_INSURED_EMPLOYEE, 1, 1020000);
    b->c.family_payer = 2;
    b->c.category = 1;
    yb_benefit_settlement s = bf_settle(ctx, pol, l, b);
    assert_true(s.family_aid > 0);
    yb_benefit_settlement r = { .size = sizeof r };
    assert_int_equal(yb_benefit_reverse(ctx, pol, l, 2, &r), 0);
    assert_memory_equal(&r.total, &s.total, sizeof s - offsetof(yb_benefit_settlement, total) - sizeof s.reserved);
    size_t n1;
    uint8_t *after = bf_bytes(ctx, l, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(before);
    free(after);
    /* reversing the only claim of a member leaves no trace of the member */
    assert_int_equal(yb_benefit_reverse(ctx, pol, l, 1, NULL), 0);
    yb_benefit_member m = { .size = sizeof m };
    assert_int_equal(yb_benefit_ledger_member(l, 1, &m), YB_OK); /* still has the credited balance */
    assert_int_equal(m.account_balance, 80000);
    assert_int_equal(m.year, 0);
    assert_int_equal(yb_benefit_ledger_claim_count(l), 0);
    yb_benefit_ledger_free(l);
}

static void reversing_an_earlier_admission_replays_the_later_one(void **state)
{
    (void)state;
    yb_benefit_ledger *l = ledger();
    /* resident level 3 (deductible 1000, 70%): X is the 1st admission, Y the 2nd. */
    bf_settle(ctx, pol, l, claim(1, 20, 20240105, YB_INSURED_RESIDENT, 3, 1100000));  /* X: pooled 7000 */
    bf_settle(ctx, pol, l, claim(2, 21, 20240110, YB_INSURED_RESIDENT, 3, 1100000));  /* another member */
    yb_benefit_settlement y = bf_settle(ctx, pol, l, claim(3, 20, 20240205, YB_INSURED_RESIDENT, 3, 1100000));
    assert_int_equal(y.deductible, 50000); /* 2nd admission: 500 */
    assert_int_equal(y.pooled, 735000);    /* 10500 × 70% */
    yb_benefit_settlement x = { .size = sizeof x };
    assert_int_equal(yb_benefit_reverse(ctx, pol, l, 1, &x), 1);
    assert_int_equal(x.pooled, 700000);
    assert_int_equal(yb_benefit_ledger_replay_count(l), 1);
    yb_benefit_settlement before = { .size = sizeof before }, after = { .size = sizeof after };
    assert_ok(ctx, yb_benefit_ledger_replay_get(l, 0, &before, &after));
    assert_int_equal(before.claim_id, 3);
    assert_int_equal(before.admission, 2);
    assert_int_equal(before.pooled, 735000);
    /* Y is now the 1st admission: deductible 1000, pooled 10000 × 70% = 7000. */
    assert_int_equal(after.admission, 1);
    assert_int_equal(after.deductible, 100000);
    assert_int_equal(after.pooled, 700000);
    bf_assert_identities(&after);
    assert_int_equal(yb_benefit_ledger_replay_get(l, 1, &before, NULL), YB_E_NOT_FOUND);
    /* The same as never having settled X. */
    yb_benefit_ledger *fresh = ledger();
    bf_settle(ctx, pol, fresh, claim(2, 21, 20240110, YB_INSURED_RESIDENT, 3, 1100000));
    bf_settle(ctx, pol, fresh, claim(3, 20, 20240205, YB_INSURED_RESIDENT, 3, 1100000));
    bf_assert_same_ledger(ctx, l, fresh);
    yb_benefit_ledger_free(fresh);
    yb_benefit_ledger_free(l);
}

static void family_aid_links_members_in_a_replay(void **state)
{
    (void)state;
    yb_benefit_ledger *l = ledger(), *fresh = ledger();
    for (int k = 0; k < 2; k++) {
        yb_benefit_ledger *x = k ? fresh : l;
        assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, x, 70, 50000));
        assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, x, 71, 100000));
        assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, x, 72, 1000));
    }
    /* A: member 70, payer 71: residual 1700, own 500, relative 1000 (as in test_rules). */
    bf_claim *b = claim(1, 70, 20240105, YB_INSURED_EMPLOYEE, 1, 1020000);
    b->c.family_payer = 71;
    bf_settle(ctx, pol, l, b);
    bf_settle(ctx, pol, l, claim(2, 72, 20240106, YB_INSURED_EMPLOYEE, 1, 1020000)); /* unrelated */
    /* B: member 71's own claim, residual 1700, account empty → cash 1700. */
    yb_benefit_settlement s = bf_settle(ctx, pol, l, claim(3, 71, 20240107, YB_INSURED_EMPLOYEE, 1, 1020000));
    assert_int_equal(s.account_pay, 0);
    /* Reversing A gives 71 back 1000, so B now pays 1000 from the account and 700 cash. */
    assert_int_equal(yb_benefit_reverse(ctx, pol, l, 1, NULL), 1);
    yb_benefit_settlement before = { .size = sizeof before }, after = { .size = sizeof after };
    assert_ok(ctx, yb_benefit_ledger_replay_get(l, 0, &before, &after));
    assert_int_equal(after.claim_id, 3);
    assert_int_equal(before.account_pay, 0);
    assert_int_equal(after.account_pay, 100000);
    assert_int_equal(after.cash_pay, 70000);
    bf_settle(ctx, pol, fresh, claim(2, 72, 20240106, YB_INSURED_EMPLOYEE, 1, 1020000));
    bf_settle(ctx, pol, fresh, claim(3, 71, 20240107, YB_INSURED_EMPLOYEE, 1, 1020000));
    bf_assert_same_ledger(ctx, l, fresh);
    yb_benefit_ledger_free(fresh);
    yb_benefit_ledger_free(l);
}

static void replay_follows_members_transitively(void **state)
{
    (void)state;
    yb_benefit_ledger *l = ledger(), *fresh = ledger();
    for (int k = 0; k < 2; k++)
        assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, k ? fresh : l, 80, 30000));
    /* 1: 80's own claim empties 80's account; 2: 81 with payer 80; 3: 81 again; 4: unrelated 82. */
    bf_settle(ctx, pol, l, claim(1, 80, 20240105, YB_INSURED_EMPLOYEE, 1, 1020000));
    bf_claim *b = claim(2, 81, 20240106, YB_INSURED_RESIDENT, 1, 1020000);
    b->c.family_payer = 80;
    bf_settle(ctx, pol, l, b);
    bf_settle(ctx, pol, l, claim(3, 81, 20240107, YB_INSURED_RESIDENT, 1, 1020000));
    bf_settle(ctx, pol, l, claim(4, 82, 20240108, YB_INSURED_RESIDENT, 1, 1020000));
    assert_true(yb_benefit_reverse(ctx, pol, l, 1, NULL) >= 1);
    b = claim(2, 81, 20240106, YB_INSURED_RESIDENT, 1, 1020000);
    b->c.family_payer = 80;
    bf_settle(ctx, pol, fresh, b);
    bf_settle(ctx, pol, fresh, claim(3, 81, 20240107, YB_INSURED_RESIDENT, 1, 1020000));
    bf_settle(ctx, pol, fresh, claim(4, 82, 20240108, YB_INSURED_RESIDENT, 1, 1020000));
    bf_assert_same_ledger(ctx, l, fresh);
    yb_benefit_ledger_free(fresh);
    yb_benefit_ledger_free(l);
}

static void replay_crosses_the_year_boundary(void **state)
{
    (void)state;
    yb_benefit_ledger *l = ledger(), *fresh = ledger();
    bf_settle(ctx, pol, l, claim(1, 10, 20241220, YB_INSURED_EMPLOYEE, 3, 1000000));
    bf_settle(ctx, pol, l, claim(2, 10, 20250105, YB_INSURED_EMPLOYEE, 3, 1000000));
    bf_settle(ctx, pol, l, claim(3, 10, 20250205, YB_INSURED_EMPLOYEE, 3, 1000000));
    /* 2 and 3 are the 1st and 2nd admissions of 2025 either way: nothing changes. */
    assert_int_equal(yb_benefit_reverse(ctx, pol, l, 1, NULL), 0);
    bf_settle(ctx, pol, fresh, claim(2, 10, 20250105, YB_INSURED_EMPLOYEE, 3, 1000000));
    bf_settle(ctx, pol, fresh, claim(3, 10, 20250205, YB_INSURED_EMPLOYEE, 3, 1000000));
    bf_assert_same_ledger(ctx, l, fresh);
    /* Reversing the claim that rolled the member into 2025 restores 2024 exactly. */
    yb_benefit_ledger *l2 = ledger();
    bf_settle(ctx, pol, l2, claim(1, 10, 20241220, YB_INSURED_EMPLOYEE, 3, 1000000));
    size_t n0;
    uint8_t *b0 = bf_bytes(ctx, l2, &n0);
    bf_settle(ctx, pol, l2, claim(2, 10, 20250105, YB_INSURED_EMPLOYEE, 3, 1000000));
    assert_int_equal(yb_benefit_reverse(ctx, pol, l2, 2, NULL), 0);
    size_t n1;
    uint8_t *b1 = bf_bytes(ctx, l2, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(b0, b1, n0);
    yb_benefit_member m = { .size = sizeof m };
    assert_ok(ctx, yb_benefit_ledger_member(l2, 10, &m));
    assert_int_equal(m.year, 2024);
    assert_int_equal(m.admissions, 1);
    free(b0);
    free(b1);
    yb_benefit_ledger_free(l2);
    yb_benefit_ledger_free(fresh);
    yb_benefit_ledger_free(l);
}

static void failed_replay_changes_nothing(void **state)
{
    (void)state;
    /* A policy without resident parameters cannot replay a resident's claim. */
    static const char employees_only[] =
        "insured,annual_cap,outpatient_deductible,outpatient_cap\nemployee,300000.00,500.00,2000.00\n";
    bf_table over[] = { { "insured", employees_only } };
    yb_benefit_policy *narrow = bf_load(ctx, bf_pack("narrow", over, 1, NULL));
    yb_benefit_ledger *l = ledger();
    bf_settle(ctx, pol, l, claim(1, 20, 20240105, YB_INSURED_RESIDENT, 3, 1100000));
    bf_settle(ctx, pol, l, claim(3, 20, 20240205, YB_INSURED_RESIDENT, 3, 1100000));
    size_t n0, n1;
    uint8_t *b0 = bf_bytes(ctx, l, &n0);
    assert_status(ctx, (int)yb_benefit_reverse(ctx, narrow, l, 1, NULL), YB_E_ROW_NO_POLICY);
    assert_msg_has(ctx, "reversing claim 1 needs claim 3 replayed", "resident");
    uint8_t *b1 = bf_bytes(ctx, l, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(b0, b1, n0);
    free(b0);
    free(b1);
    yb_benefit_ledger_free(l);
    yb_benefit_policy_free(narrow);
}

static void unknown_and_repeated_reversals_are_refused(void **state)
{
    (void)state;
    yb_benefit_ledger *l = ledger();
    bf_settle(ctx, pol, l, claim(1, 20, 20240105, YB_INSURED_RESIDENT, 3, 1100000));
    assert_int_equal(yb_benefit_reverse(ctx, pol, l, 1, NULL), 0);
    assert_status(ctx, (int)yb_benefit_reverse(ctx, pol, l, 1, NULL), YB_E_ROW_CLAIM_ID);
    assert_msg_has(ctx, "claim 1 is not in the ledger's journal");
    assert_status(ctx, (int)yb_benefit_reverse(ctx, pol, l, 999, NULL), YB_E_ROW_CLAIM_ID);
    yb_benefit_ledger_free(l);
}

static void reverse_batch_reports_each_row(void **state)
{
    (void)state;
    yb_benefit_ledger *l = ledger();
    bf_settle(ctx, pol, l, claim(1, 20, 20240105, YB_INSURED_RESIDENT, 3, 1100000));
    bf_settle(ctx, pol, l, claim(2, 20, 20240205, YB_INSURED_RESIDENT, 3, 1100000));
    bf_settle(ctx, pol, l, claim(3, 21, 20240205, YB_INSURED_RESIDENT, 3, 1100000));
    const uint64_t ids[] = { 1, 42, 3 };
    int64_t changed[3];
    int32_t st[3];
    assert_int_equal(yb_benefit_reverse_batch(ctx, pol, l, 3, ids, changed, st), 1);
    assert_int_equal(st[0], 0);
    assert_int_equal(changed[0], 1); /* claim 2 became the 1st admission */
    assert_int_equal(st[1], YB_E_ROW_CLAIM_ID);
    assert_int_equal(st[2], 0);
    assert_int_equal(changed[2], 0);
    assert_int_equal(yb_benefit_ledger_claim_count(l), 1);
    yb_benefit_ledger_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(settle_then_reverse_restores_the_ledger_bytes),
        cmocka_unit_test(reversing_an_earlier_admission_replays_the_later_one),
        cmocka_unit_test(family_aid_links_members_in_a_replay),
        cmocka_unit_test(replay_follows_members_transitively),
        cmocka_unit_test(replay_crosses_the_year_boundary),
        cmocka_unit_test(failed_replay_changes_nothing),
        cmocka_unit_test(unknown_and_repeated_reversals_are_refused),
        cmocka_unit_test(reverse_batch_reports_each_row),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
