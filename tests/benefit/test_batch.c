/* The batch API over columns: per-row status, pre-settlement, item ids,
 * cancellation and argument checks. */
#include <stdlib.h>

#include "bf_fixture.h"

BF_SIMPLE_POLICY_SUITE

/* Five claims, one line each except claim 2 (two lines):
 * 1: member 1, employee level 3, 10000 in scope → deductible 1000, pooled 7650
 * 2: member 2, line 2 billed as class B but catalogued A → YB_E_ROW_ITEM
 * 3: member 0 → YB_E_ROW_CLAIM
 * 4: member 1 again, 10000 → 2nd admission: deductible 500, pooled 8075
 * 5: claim id 1 again → YB_E_ROW_CLAIM_ID */
typedef struct batch {
    uint64_t claim_id[5], member_id[5];
    int32_t date[5];
    int8_t insured[5], level[5], cls[6];
    int64_t rows[6], offsets[7], qty[6], price[6], amount[6];
    uint32_t ids[6];
    char data[64];
    yb_claim_columns c;
} batch;

static void make(batch *b)
{
    memset(b, 0, sizeof *b);
    const uint64_t cid[] = { 1, 2, 3, 4, 1 }, mid[] = { 1, 2, 0, 1, 3 };
    const char *codes[] = { "A1", "A1", "A2", "A1", "A1", "A1" };
    const int64_t fen[] = { 1000000, 1000, 1000, 1000, 1000000, 1000 };
    int64_t used = 0;
    for (int i = 0; i < 5; i++) {
        b->claim_id[i] = cid[i];
        b->member_id[i] = mid[i];
        b->date[i] = 20240105 + i;
        b->insured[i] = YB_INSURED_EMPLOYEE;
        b->level[i] = 3;
    }
    const int64_t rows[] = { 0, 1, 3, 4, 5, 6 };
    memcpy(b->rows, rows, sizeof rows);
    for (int k = 0; k < 6; k++) {
        b->offsets[k] = used;
        memcpy(b->data + used, codes[k], strlen(codes[k]));
        used += (int64_t)strlen(codes[k]);
        b->qty[k] = 10000;
        b->price[k] = fen[k] * 100;
        b->amount[k] = fen[k];
        assert_ok(ctx, yb_benefit_policy_item_id(pol, codes[k], strlen(codes[k]), &b->ids[k]));
    }
    b->offsets[6] = used;
    b->cls[2] = YB_CLASS_B;
    b->c = (yb_claim_columns){ .size = sizeof b->c, .n = 5, .claim_id = b->claim_id, .member_id = b->member_id,
                               .date = b->date, .insured = b->insured, .level = b->level,
                               .line_row_offsets = b->rows, .item_data = b->data, .item_offsets = b->offsets,
                               .item_class = b->cls, .quantity = b->qty, .price = b->price, .amount = b->amount };
}

typedef struct outs {
    int64_t pooled[5], deductible[5], total[5], cash[5];
    int32_t admission[5], status[5];
    yb_settlement_columns o;
} outs;

static void prepare(outs *o)
{
    memset(o, 0x55, sizeof *o);
    o->o = (yb_settlement_columns){ .size = sizeof o->o, .n = 5, .pooled = o->pooled, .deductible = o->deductible,
                                    .total = o->total, .cash_pay = o->cash, .admission = o->admission };
}

static void rows_settle_in_order_with_their_own_status(void **state)
{
    (void)state;
    batch b;
    outs o;
    make(&b);
    prepare(&o);
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    assert_int_equal(yb_benefit_settle_batch(ctx, pol, l, &b.c, YB_SETTLE_FINAL, &o.o, o.status), 3);
    assert_int_equal(o.status[0], YB_OK);
    assert_int_equal(o.status[1], YB_E_ROW_ITEM);
    assert_int_equal(o.status[2], YB_E_ROW_CLAIM);
    assert_int_equal(o.status[3], YB_OK);
    assert_int_equal(o.status[4], YB_E_ROW_CLAIM_ID);
    assert_msg_has(ctx, "claim 1 is already settled"); /* the last failing row's detail */
    assert_int_equal(o.deductible[0], 100000);
    assert_int_equal(o.pooled[0], 765000);
    assert_int_equal(o.admission[0], 1);
    assert_int_equal(o.deductible[3], 50000);
    assert_int_equal(o.pooled[3], 807500);
    assert_int_equal(o.admission[3], 2);
    assert_int_equal(o.cash[3], 1000000 - 807500);
    assert_int_equal(o.pooled[1], 0x5555555555555555LL); /* failed rows are not written */
    assert_int_equal(yb_benefit_ledger_claim_count(l), 2);
    yb_benefit_ledger_free(l);
}

static void pre_settlement_changes_nothing_and_matches_settlement(void **state)
{
    (void)state;
    batch b;
    outs pre, fin;
    make(&b);
    b.c.n = 1; /* claim 1 alone */
    prepare(&pre);
    prepare(&fin);
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    size_t n0, n1;
    uint8_t *b0 = bf_bytes(ctx, l, &n0);
    assert_int_equal(yb_benefit_settle_batch(ctx, pol, l, &b.c, YB_SETTLE_PRE, &pre.o, pre.status), 0);
    assert_int_equal(yb_benefit_settle_batch(ctx, pol, l, &b.c, YB_SETTLE_PRE, &pre.o, pre.status), 0);
    uint8_t *b1 = bf_bytes(ctx, l, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(b0, b1, n0);
    assert_int_equal(yb_benefit_settle_batch(ctx, pol, l, &b.c, YB_SETTLE_FINAL, &fin.o, fin.status), 0);
    assert_int_equal(pre.pooled[0], fin.pooled[0]);
    assert_int_equal(pre.deductible[0], fin.deductible[0]);
    free(b0);
    free(b1);
    yb_benefit_ledger_free(l);
}

static void item_ids_give_the_same_results_as_codes(void **state)
{
    (void)state;
    batch b;
    outs x, y;
    make(&b);
    prepare(&x);
    prepare(&y);
    yb_benefit_ledger *l1, *l2;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l1));
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l2));
    assert_int_equal(yb_benefit_settle_batch(ctx, pol, l1, &b.c, YB_SETTLE_FINAL, &x.o, x.status), 3);
    b.c.item_data = NULL;
    b.c.item_offsets = NULL;
    b.c.item_ids = b.ids;
    assert_int_equal(yb_benefit_settle_batch(ctx, pol, l2, &b.c, YB_SETTLE_FINAL, &y.o, y.status), 3);
    assert_memory_equal(x.status, y.status, sizeof x.status);
    assert_int_equal(x.pooled[3], y.pooled[3]);
    bf_assert_same_ledger(ctx, l1, l2);
    yb_benefit_ledger_free(l1);
    yb_benefit_ledger_free(l2);
}

static int cancel_after_two(void *user, uint64_t done, uint64_t total)
{
    (void)user;
    (void)total;
    return done >= 2;
}

static void progress_callback_can_cancel(void **state)
{
    (void)state;
    batch b;
    outs o;
    make(&b);
    prepare(&o);
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    yb_ctx *c2;
    assert_int_equal(yb_ctx_new(&c2, NULL), YB_OK);
    assert_int_equal(yb_ctx_set_option(c2, YB_OPT_PROGRESS_INTERVAL, 2), YB_OK);
    assert_int_equal(yb_ctx_set_progress(c2, cancel_after_two, NULL), YB_OK);
    assert_int_equal(yb_benefit_settle_batch(c2, pol, l, &b.c, YB_SETTLE_FINAL, &o.o, o.status), YB_E_CANCELLED);
    assert_int_equal(o.status[0], YB_OK);
    assert_int_equal(o.status[1], YB_E_ROW_ITEM);
    assert_int_equal(o.status[2], YB_E_CANCELLED);
    assert_int_equal(o.status[4], YB_E_CANCELLED);
    assert_int_equal(yb_benefit_ledger_claim_count(l), 1);
    yb_ctx_free(c2);
    yb_benefit_ledger_free(l);
}

static void bad_arguments_fail_the_whole_batch(void **state)
{
    (void)state;
    batch b;
    outs o;
    make(&b);
    prepare(&o);
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    b.c.amount = NULL;
    assert_int_equal(yb_benefit_settle_batch(ctx, pol, l, &b.c, YB_SETTLE_FINAL, &o.o, o.status), YB_E_INVALID_ARG);
    make(&b);
    b.c.item_ids = b.ids; /* both code forms */
    assert_int_equal(yb_benefit_settle_batch(ctx, pol, l, &b.c, YB_SETTLE_FINAL, &o.o, o.status), YB_E_INVALID_ARG);
    make(&b);
    o.o.n = 4; /* outputs shorter than the batch */
    assert_int_equal(yb_benefit_settle_batch(ctx, pol, l, &b.c, YB_SETTLE_FINAL, &o.o, o.status), YB_E_INVALID_ARG);
    assert_int_equal(yb_benefit_settle_batch(ctx, pol, l, &b.c, 7, NULL, NULL), YB_E_INVALID_ARG);
    make(&b);
    b.rows[2] = 0; /* claim 2's lines end before they start */
    /* pre-settlement: rows 2 (offsets) and 3 (member 0) fail; a repeated id is not an error */
    assert_int_equal(yb_benefit_settle_batch(ctx, pol, l, &b.c, YB_SETTLE_PRE, NULL, o.status), 2);
    assert_int_equal(o.status[1], YB_E_ROW_CLAIM);
    assert_int_equal(yb_benefit_ledger_claim_count(l), 0);
    yb_benefit_ledger_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_settle_in_order_with_their_own_status),
        cmocka_unit_test(pre_settlement_changes_nothing_and_matches_settlement),
        cmocka_unit_test(item_ids_give_the_same_results_as_codes),
        cmocka_unit_test(progress_callback_can_cancel),
        cmocka_unit_test(bad_arguments_fail_the_whole_batch),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
