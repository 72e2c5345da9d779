/* The in-year ledger: exact reversals, per-row statuses for bad rows (the
 * rest of the batch is kept), cancellation, and failing allocations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_pack.h"
#include "test_util.h"

static yb_ctx *ctx;
static yb_cap_plan *plan;
static char plan_dir[4096];

static int setup(void **state)
{
    (void)state;
    if (yb_ctx_new(&ctx, NULL))
        return -1;
    snprintf(plan_dir, sizeof plan_dir, "%s", cap_pack_h("ledger", NULL));
    return yb_cap_plan_load(ctx, plan_dir, &plan);
}

static int teardown(void **state)
{
    (void)state;
    yb_cap_plan_free(plan);
    yb_ctx_free(ctx);
    return 0;
}

static yb_cap_ledger_totals totals(const yb_cap_ledger *l)
{
    yb_cap_ledger_totals t = { .size = sizeof t };
    assert_int_equal(yb_cap_ledger_totals_get(l, &t), YB_OK);
    return t;
}

static void reversal_restores_totals_and_clearing_exactly(void **state)
{
    (void)state;
    yb_cap_ledger *l = NULL;
    assert_ok(ctx, yb_cap_ledger_new(ctx, plan, &l));
    cap_entry_ok(ctx, l, "a1", YB_CAP_SPEND_ALLIANCE, 1, "inpatient", 20000000);
    cap_entry_ok(ctx, l, "a2", YB_CAP_SPEND_OTHER_COUNTY, 2, "outpatient", 1234567);
    cap_entry_ok(ctx, l, "adv1", YB_CAP_ADVANCE, 1, NULL, 3000000);
    yb_cap_ledger_totals before = totals(l);
    yb_cap_summary s1 = cap_clear_year(ctx, plan, l, 950000);
    /* An entry and its reversal, then an advance and its reversal. */
    cap_entry_ok(ctx, l, "x", YB_CAP_SPEND_OUT_OF_PROVINCE, 5, "chronic", 987654321);
    assert_int_equal(totals(l).spent_out_of_province, 987654321);
    assert_ok(ctx, yb_cap_ledger_add_one(ctx, l, "x-rev", YB_CAP_REVERSAL, 0, NULL, NULL, 0, 0, "x"));
    cap_entry_ok(ctx, l, "adv2", YB_CAP_ADVANCE, 2, NULL, 111);
    assert_ok(ctx, yb_cap_ledger_add_one(ctx, l, "adv2-rev", YB_CAP_REVERSAL, 0, NULL, NULL, 0, 0, "adv2"));
    yb_cap_ledger_totals after = totals(l);
    assert_int_equal(after.entries, before.entries + 4);
    assert_int_equal(after.reversed, 2);
    assert_int_equal(after.spent_alliance, before.spent_alliance);
    assert_int_equal(after.spent_other_county, before.spent_other_county);
    assert_int_equal(after.spent_out_of_province, 0);
    assert_int_equal(after.advances, 3000000);
    yb_cap_summary s2 = cap_clear_year(ctx, plan, l, 950000);
    assert_memory_equal(&s1, &s2, sizeof s1);
    yb_cap_ledger_free(l);
}

static void reversal_of_unknown_reversed_or_reversal_entries_is_a_row_error(void **state)
{
    (void)state;
    yb_cap_ledger *l = NULL;
    assert_ok(ctx, yb_cap_ledger_new(ctx, plan, &l));
    cap_entry_ok(ctx, l, "a", YB_CAP_SPEND_ALLIANCE, 3, "inpatient", 500);
    assert_status(ctx, yb_cap_ledger_add_one(ctx, l, "r0", YB_CAP_REVERSAL, 0, NULL, NULL, 0, 0, "nope"),
                  YB_E_ROW_REVERSAL);
    assert_msg_has(ctx, "not in the ledger", "reverses");
    assert_status(ctx, yb_cap_ledger_add_one(ctx, l, "r0", YB_CAP_REVERSAL, 0, NULL, NULL, 0, 0, NULL),
                  YB_E_ROW_REVERSAL);
    assert_msg_has(ctx, "must name the entry");
    assert_ok(ctx, yb_cap_ledger_add_one(ctx, l, "r1", YB_CAP_REVERSAL, 0, NULL, NULL, 0, 0, "a"));
    assert_status(ctx, yb_cap_ledger_add_one(ctx, l, "r2", YB_CAP_REVERSAL, 0, NULL, NULL, 0, 0, "a"),
                  YB_E_ROW_REVERSAL);
    assert_msg_has(ctx, "already reversed", "'r2'");
    assert_status(ctx, yb_cap_ledger_add_one(ctx, l, "r3", YB_CAP_REVERSAL, 0, NULL, NULL, 0, 0, "r1"),
                  YB_E_ROW_REVERSAL);
    assert_msg_has(ctx, "cannot be reversed");
    /* Failed rows leave nothing behind: their ids are still free. */
    cap_entry_ok(ctx, l, "r2", YB_CAP_SPEND_ALLIANCE, 3, "inpatient", 7);
    yb_cap_ledger_totals t = totals(l);
    assert_int_equal(t.entries, 3);
    assert_int_equal(t.spent_alliance, 7);
    yb_cap_ledger_free(l);
}

/* Builds string columns from a NULL-padded list of n strings. */
typedef struct strcol {
    char data[4096];
    int64_t off[64];
} strcol;

static void fill(strcol *c, const char *const *v, size_t n)
{
    size_t used = 0;
    c->off[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = v[i] ? strlen(v[i]) : 0;
        memcpy(c->data + used, v[i] ? v[i] : "", len);
        used += len;
        c->off[i + 1] = (int64_t)used;
    }
}

static void bad_rows_get_their_status_and_the_rest_are_added(void **state)
{
    (void)state;
    enum { N = 13 };
    const char *ids[N] = { "ok1", "", "ok1", "k", "m", "p1", "p2", "neg", "k99", "ok2", "rev", "toolong", "ok3" };
    int32_t kind[N] = { 1, 1, 1, YB_CAP_CONTRIBUTION, 1, 1, 1, 2, 99, 3, YB_CAP_REVERSAL, 1, 4 };
    int32_t month[N] = { 1, 1, 1, 1, 13, 1, 1, 1, 1, 12, 0, 1, 6 };
    const char *pot[N] = { "inpatient", "inpatient", "inpatient", "", "inpatient", "dental", "", "inpatient",
                           "inpatient", "outpatient", "", "inpatient", "" };
    int64_t amount[N] = { 100, 100, 100, 100, 100, 100, 100, -1, 100, 250, 0, 100, 999 };
    const char *rev[N] = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "ok1", NULL, NULL };
    char longid[80];
    memset(longid, 'x', 64);
    longid[64] = '\0';
    ids[11] = longid;
    static strcol cid, cpot, crev;
    fill(&cid, ids, N);
    fill(&cpot, pot, N);
    fill(&crev, rev, N);
    yb_cap_entry_columns in = { .size = sizeof in, .n = N, .entry_id_data = cid.data,
                                .entry_id_offsets = cid.off, .kind = kind, .month = month,
                                .pot_data = cpot.data, .pot_offsets = cpot.off, .amount = amount,
                                .reverses_data = crev.data, .reverses_offsets = crev.off };
    int32_t st[N];
    yb_cap_ledger *l = NULL;
    assert_ok(ctx, yb_cap_ledger_new(ctx, plan, &l));
    assert_int_equal(yb_cap_ledger_add_batch(ctx, l, &in, st), 9);
    const int32_t want[N] = { YB_OK, YB_E_ROW_ENTRY, YB_E_ROW_ENTRY, YB_E_ROW_KIND, YB_E_ROW_PERIOD, YB_E_ROW_POT,
                              YB_E_ROW_POT, YB_E_ROW_AMOUNT, YB_E_ROW_KIND, YB_OK, YB_OK, YB_E_ROW_ENTRY, YB_OK };
    for (int i = 0; i < N; i++)
        if (st[i] != want[i]) {
            print_error("row %d: %s, expected %s\n", i + 1, yb_status_name(st[i]), yb_status_name(want[i]));
            fail();
        }
    /* Kept: ok1 (reversed by rev within the same batch), ok2 out of province 2.50, rev, ok3 advance 9.99. */
    yb_cap_ledger_totals t = totals(l);
    assert_int_equal(t.entries, 4);
    assert_int_equal(t.reversed, 1);
    assert_int_equal(t.spent_alliance, 0);
    assert_int_equal(t.spent_out_of_province, 250);
    assert_int_equal(t.advances, 999);
    yb_cap_ledger_free(l);
}

static void totals_that_would_overflow_are_a_row_error(void **state)
{
    (void)state;
    yb_cap_ledger *l = NULL;
    assert_ok(ctx, yb_cap_ledger_new(ctx, plan, &l));
    cap_entry_ok(ctx, l, "big", YB_CAP_SPEND_ALLIANCE, 1, "inpatient", INT64_MAX);
    assert_status(ctx, yb_cap_ledger_add_one(ctx, l, "one", YB_CAP_SPEND_ALLIANCE, 1, "inpatient", NULL, 1, 0, NULL),
                  YB_E_ROW_AMOUNT);
    assert_msg_has(ctx, "overflow");
    /* Another month is another total. */
    cap_entry_ok(ctx, l, "one", YB_CAP_SPEND_ALLIANCE, 2, "inpatient", 1);
    /* The year's clearing cannot add them up in 64 bits and says so. */
    yb_cap_clearing *c = NULL;
    yb_cap_clearing_input in = { .size = sizeof in, .total_score = 1000000 };
    assert_status(ctx, yb_cap_clear(ctx, plan, l, &in, &c), YB_E_OVERFLOW);
    assert_null(c);
    yb_cap_ledger_free(l);
}

static int stop_at_20(void *user, uint64_t done, uint64_t total)
{
    (void)user;
    (void)total;
    return done >= 20;
}

static void progress_callback_cancels_the_rest_of_the_batch(void **state)
{
    (void)state;
    enum { N = 50 };
    static strcol cid;
    const char *ids[N];
    char buf[N][8];
    int32_t kind[N], month[N];
    int64_t amount[N];
    for (int i = 0; i < N; i++) {
        snprintf(buf[i], sizeof buf[i], "e%02d", i);
        ids[i] = buf[i];
        kind[i] = YB_CAP_ADVANCE;
        month[i] = 1 + i % 12;
        amount[i] = 1;
    }
    fill(&cid, ids, N);
    yb_cap_entry_columns in = { .size = sizeof in, .n = N, .entry_id_data = cid.data, .entry_id_offsets = cid.off,
                                .kind = kind, .month = month, .amount = amount };
    int32_t st[N];
    yb_cap_ledger *l = NULL;
    assert_ok(ctx, yb_cap_ledger_new(ctx, plan, &l));
    assert_ok(ctx, yb_ctx_set_option(ctx, YB_OPT_PROGRESS_INTERVAL, 10));
    assert_ok(ctx, yb_ctx_set_progress(ctx, stop_at_20, NULL));
    assert_int_equal(yb_cap_ledger_add_batch(ctx, l, &in, st), YB_E_CANCELLED);
    assert_ok(ctx, yb_ctx_set_progress(ctx, NULL, NULL));
    assert_ok(ctx, yb_ctx_set_option(ctx, YB_OPT_PROGRESS_INTERVAL, 65536));
    assert_int_equal(st[19], YB_OK);
    assert_int_equal(st[20], YB_E_CANCELLED);
    assert_int_equal(st[49], YB_E_CANCELLED);
    assert_int_equal(totals(l).entries, 20);
    assert_int_equal(totals(l).advances, 20);
    yb_cap_ledger_free(l);
}

/* 700 entries (past the first growth of entries, ids and index) and 50 reversals. */
static int ledger_op(yb_ctx *c, void *user)
{
    const yb_cap_plan *p = user;
    yb_cap_ledger *l = NULL;
    int rc = yb_cap_ledger_new(c, p, &l);
    for (int i = 0; !rc && i < 750; i++) {
        char id[16], target[16];
        snprintf(id, sizeof id, "entry-%d", i);
        snprintf(target, sizeof target, "entry-%d", i - 700);
        rc = i < 700 ? yb_cap_ledger_add_one(c, l, id, 1 + i % 3, 1 + i % 12, "inpatient", NULL, i, 0, NULL)
                     : yb_cap_ledger_add_one(c, l, id, YB_CAP_REVERSAL, 0, NULL, NULL, 0, 0, target);
    }
    yb_cap_ledger_free(l);
    return rc;
}

static void ledger_survives_every_failing_allocation(void **state)
{
    (void)state;
    assert_true(yb_test_every_alloc_fails(ledger_op, NULL, plan) >= 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reversal_restores_totals_and_clearing_exactly),
        cmocka_unit_test(reversal_of_unknown_reversed_or_reversal_entries_is_a_row_error),
        cmocka_unit_test(bad_rows_get_their_status_and_the_rest_are_added),
        cmocka_unit_test(totals_that_would_overflow_are_a_row_error),
        cmocka_unit_test(progress_callback_cancels_the_rest_of_the_batch),
        cmocka_unit_test(ledger_survives_every_failing_allocation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
