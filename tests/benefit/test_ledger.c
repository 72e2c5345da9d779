/* The member ledger: serialisation (round trip, canonical bytes, damaged
 * input), allocation failures, direct member changes, compaction, memory. */
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

/* A ledger with credits, a family payer, a rollover (saved record) and a
 * member whose claim was reversed. */
static yb_benefit_ledger *busy(const yb_benefit_policy *p)
{
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, l, 5, 40000));
    assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, l, 6, 70000));
    bf_settle(ctx, p, l, claim(1, 5, 20241201, YB_INSURED_EMPLOYEE, 2, 500000));
    bf_claim *b = claim(2, 5, 20250110, YB_INSURED_EMPLOYEE, 1, 1020000);
    b->c.family_payer = 6;
    bf_settle(ctx, p, l, b);
    bf_settle(ctx, p, l, claim(3, 7, 20250111, YB_INSURED_RESIDENT, 3, 5100000));
    bf_settle(ctx, p, l, claim(4, 8, 20250112, YB_INSURED_RESIDENT, 3, 100000));
    assert_int_equal(yb_benefit_reverse(ctx, p, l, 4, NULL), 0);
    return l;
}

static void save_and_load_round_trip_byte_for_byte(void **state)
{
    (void)state;
    yb_benefit_ledger *l = busy(pol);
    size_t n;
    uint8_t *bytes = bf_bytes(ctx, l, &n);
    /* header 40 + 2 members (5, 7) × 100 + 3 entries × 148 + 1 saved year × 108 +
     * checksum 8. Member 6's only state is being named by a journal entry (its
     * whole balance went to family aid), which is rebuilt on load; member 8's
     * only claim was reversed. */
    assert_int_equal(n, 40 + 2 * 100 + 3 * 148 + 108 + 8);
    assert_int_equal(yb_benefit_ledger_member_count(l), 3);
    yb_benefit_ledger *back;
    assert_ok(ctx, yb_benefit_ledger_load(ctx, bytes, n, &back));
    bf_assert_same_ledger(ctx, l, back);
    /* The loaded ledger keeps working: reversal of the rollover claim needs its saved year. */
    assert_int_equal(yb_benefit_reverse(ctx, pol, back, 2, NULL), 0);
    yb_benefit_member m = { .size = sizeof m };
    assert_ok(ctx, yb_benefit_ledger_member(back, 5, &m));
    assert_int_equal(m.year, 2024);
    /* claim 1 (level 2, 5000 in scope): pooled (5000 − 500) × 85% = 3825; the residual
     * 1175 took the whole 400 balance. */
    assert_int_equal(m.account_balance, 0);
    assert_int_equal(m.admissions, 1);
    free(bytes);
    yb_benefit_ledger_free(back);
    yb_benefit_ledger_free(l);
}

static void bytes_do_not_depend_on_the_order_things_happened(void **state)
{
    (void)state;
    yb_benefit_ledger *a, *b;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &a));
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &b));
    for (uint64_t id = 1; id <= 50; id++)
        assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, a, id, (int64_t)id * 100));
    for (uint64_t id = 50; id >= 1; id--)
        assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, b, id, (int64_t)id * 100));
    bf_assert_same_ledger(ctx, a, b);
    yb_benefit_ledger_free(a);
    yb_benefit_ledger_free(b);
}

static void damaged_bytes_are_refused(void **state)
{
    (void)state;
    yb_benefit_ledger *l = busy(pol);
    size_t n;
    uint8_t *bytes = bf_bytes(ctx, l, &n);
    yb_benefit_ledger *out = (yb_benefit_ledger *)&out;
    for (size_t i = 0; i < n; i++) {
        bytes[i] ^= 0x20;
        int rc = yb_benefit_ledger_load(ctx, bytes, n, &out);
        assert_true(rc == YB_E_FORMAT || rc == YB_E_VERSION);
        assert_null(out);
        bytes[i] ^= 0x20;
    }
    for (size_t len = 0; len < n; len += 7)
        assert_int_equal(yb_benefit_ledger_load(ctx, bytes, len, &out), YB_E_FORMAT);
    bytes[8] = 2; /* format version 2 */
    assert_status(ctx, yb_benefit_ledger_load(ctx, bytes, n, &out), YB_E_VERSION);
    assert_msg_has(ctx, "ledger format 2");
    free(bytes);
    uint8_t small[8];
    size_t need;
    assert_int_equal(yb_benefit_ledger_save(ctx, l, small, sizeof small, &need), YB_E_LIMIT);
    assert_true(need > sizeof small);
    yb_benefit_ledger_free(l);
}

static uint8_t *g_bytes;
static size_t g_len;
static yb_benefit_ledger *g_out;

static int op_load(yb_ctx *c, void *user)
{
    (void)user;
    return yb_benefit_ledger_load(c, g_bytes, g_len, &g_out);
}

static void cleanup_ledger(void *user)
{
    (void)user;
    yb_benefit_ledger_free(g_out);
    g_out = NULL;
}

static int settle_steps(yb_ctx *c);

static int op_settle(yb_ctx *c, void *user)
{
    (void)user;
    /* a fresh ledger, two claims (the second with a family payer and a rollover), a
     * replaying reversal and a save, all on the failing allocator */
    int rc = yb_benefit_ledger_new(c, &g_out);
    if (rc)
        return rc;
    rc = settle_steps(c);
    if (rc) {
        yb_benefit_ledger_free(g_out);
        g_out = NULL;
    }
    return rc;
}

static int settle_steps(yb_ctx *c)
{
    int rc;
    yb_benefit_settlement s = { .size = sizeof s };
    if ((rc = yb_benefit_ledger_account_credit(c, g_out, 6, 70000)) ||
        (rc = yb_benefit_settle_one(c, pol, g_out, bf_done(claim(1, 5, 20241201, YB_INSURED_EMPLOYEE, 2, 500000)),
                                    YB_SETTLE_FINAL, &s, NULL, NULL, 0, NULL)))
        return rc;
    bf_claim *b = claim(2, 5, 20250110, YB_INSURED_EMPLOYEE, 1, 1020000);
    b->c.family_payer = 6;
    if ((rc = yb_benefit_settle_one(c, pol, g_out, bf_done(b), YB_SETTLE_FINAL, &s, NULL, NULL, 0, NULL)) ||
        (rc = yb_benefit_settle_one(c, pol, g_out, bf_done(claim(3, 9, 20250111, YB_INSURED_EMPLOYEE, 1, 5000)),
                                    YB_SETTLE_FINAL, &s, NULL, NULL, 0, NULL)))
        return rc;
    int64_t r = yb_benefit_reverse(c, pol, g_out, 1, NULL);
    if (r < 0)
        return (int)r;
    uint8_t buf[4096];
    size_t len;
    return yb_benefit_ledger_save(c, g_out, buf, sizeof buf, &len);
}

static void every_allocation_failure_is_reported_and_leaks_nothing(void **state)
{
    (void)state;
    yb_benefit_ledger *l = busy(pol);
    g_bytes = bf_bytes(ctx, l, &g_len);
    assert_true(yb_test_every_alloc_fails(op_load, cleanup_ledger, NULL) > 3);
    assert_true(yb_test_every_alloc_fails(op_settle, cleanup_ledger, NULL) > 5);
    free(g_bytes);
    yb_benefit_ledger_free(l);
}

static void member_state_can_be_set_only_without_journalled_claims(void **state)
{
    (void)state;
    yb_benefit_ledger *l = busy(pol);
    yb_benefit_member m = { .size = sizeof m, .member_id = 5, .year = 2025, .account_balance = 1 };
    assert_status(ctx, yb_benefit_ledger_member_put(ctx, l, &m), YB_E_STATE);
    assert_msg_has(ctx, "member 5", "journalled claims");
    m.member_id = 99;
    m.cap_used = -1;
    assert_status(ctx, yb_benefit_ledger_member_put(ctx, l, &m), YB_E_PARAM);
    m.cap_used = 0;
    m.year = 1800;
    assert_status(ctx, yb_benefit_ledger_member_put(ctx, l, &m), YB_E_PARAM);
    m.year = 2025;
    assert_ok(ctx, yb_benefit_ledger_member_put(ctx, l, &m));
    assert_status(ctx, yb_benefit_ledger_account_credit(ctx, l, 99, -2), YB_E_PARAM);
    assert_msg_has(ctx, "exceeds the balance");
    assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, l, 99, -1));
    yb_benefit_member back = { .size = sizeof back };
    assert_ok(ctx, yb_benefit_ledger_member(l, 99, &back));
    assert_int_equal(back.account_balance, 0);
    assert_int_equal(yb_benefit_ledger_member(l, 12345, &back), YB_E_NOT_FOUND);
    assert_int_equal(back.member_id, 12345);
    assert_int_equal(back.fund_paid, 0);
    yb_benefit_ledger_free(l);
}

static void compaction_drops_the_oldest_entries_only(void **state)
{
    (void)state;
    yb_benefit_ledger *l = busy(pol);
    yb_benefit_member before = { .size = sizeof before }, after = { .size = sizeof after };
    assert_ok(ctx, yb_benefit_ledger_member(l, 5, &before));
    assert_int_equal(yb_benefit_ledger_claim_count(l), 3);
    assert_int_equal(yb_benefit_ledger_compact(ctx, l, 20250101), 1); /* claim 1 (2024-12-01) */
    assert_int_equal(yb_benefit_ledger_claim_count(l), 2);
    assert_ok(ctx, yb_benefit_ledger_member(l, 5, &after));
    assert_memory_equal(&before, &after, sizeof before);
    assert_status(ctx, (int)yb_benefit_reverse(ctx, pol, l, 1, NULL), YB_E_ROW_CLAIM_ID);
    /* claim 2 rolled member 5 from 2024; its saved year is still there */
    assert_int_equal(yb_benefit_reverse(ctx, pol, l, 2, NULL), 0);
    assert_ok(ctx, yb_benefit_ledger_member(l, 5, &after));
    assert_int_equal(after.year, 2024);
    /* once nothing refers to member 5 any more, its state may be set again */
    yb_benefit_member m = { .size = sizeof m, .member_id = 5 };
    assert_ok(ctx, yb_benefit_ledger_member_put(ctx, l, &m));
    assert_int_equal(yb_benefit_ledger_compact(ctx, l, 20991231), 1);
    assert_int_equal(yb_benefit_ledger_claim_count(l), 0);
    assert_int_equal(yb_benefit_ledger_compact(ctx, l, 20991301), YB_E_INVALID_ARG);
    yb_benefit_ledger_free(l);
}

static void a_reserved_member_costs_at_most_128_bytes(void **state)
{
    (void)state;
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    const uint64_t n = 100000;
    assert_ok(ctx, yb_benefit_ledger_reserve(ctx, l, n, 0));
    for (uint64_t id = 1; id <= n; id++)
        assert_int_equal(yb_benefit_ledger_account_credit(ctx, l, id, 100), YB_OK);
    uint64_t bytes = yb_benefit_ledger_memory(l);
    /* 104-byte records plus a 4-byte slot index at load ≤ 1/2 (2^18 slots here). */
    assert_true(bytes <= n * 128);
    assert_true(bytes >= n * 104);
    yb_benefit_ledger_free(l);
}

static void a_clone_is_independent(void **state)
{
    (void)state;
    yb_benefit_ledger *l = busy(pol), *c;
    assert_ok(ctx, yb_benefit_ledger_clone(ctx, l, &c));
    bf_assert_same_ledger(ctx, l, c);
    bf_settle(ctx, pol, c, claim(50, 5, 20250301, YB_INSURED_EMPLOYEE, 1, 100000));
    assert_int_equal(yb_benefit_ledger_claim_count(l), 3);
    assert_int_equal(yb_benefit_ledger_claim_count(c), 4);
    assert_int_equal(yb_benefit_reverse(ctx, pol, c, 50, NULL), 0);
    bf_assert_same_ledger(ctx, l, c);
    yb_benefit_ledger_free(c);
    yb_benefit_ledger_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(save_and_load_round_trip_byte_for_byte),
        cmocka_unit_test(bytes_do_not_depend_on_the_order_things_happened),
        cmocka_unit_test(damaged_bytes_are_refused),
        cmocka_unit_test(every_allocation_failure_is_reported_and_leaks_nothing),
        cmocka_unit_test(member_state_can_be_set_only_without_journalled_claims),
        cmocka_unit_test(compaction_drops_the_oldest_entries_only),
        cmocka_unit_test(a_reserved_member_costs_at_most_128_bytes),
        cmocka_unit_test(a_clone_is_independent),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
