/* Property test over random claims on the sample policy:
 * - every settlement satisfies the DOMAIN.md §4 identities (and the library
 *   checks its own invariants after each claim in debug builds);
 * - a claim that fails leaves the ledger byte-identical;
 * - settle-then-reverse leaves the ledger byte-identical;
 * - reversing an earlier claim (replay) leaves exactly the ledger that
 *   settling the remaining claims in order on a fresh ledger gives;
 * - reversing everything returns to the opening balances.
 * PROPERTY_CLAIMS random claims (100 000 in the slow suite). */
#include <stdlib.h>

#include "bf_fixture.h"
#include "core/date.h"

#ifndef PROPERTY_CLAIMS
#define PROPERTY_CLAIMS 10000
#endif
#define MEMBERS 120
#define KEEP_MAX 48

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int64_t below(int64_t n) { return (int64_t)(rnd() % (uint64_t)n); }

static yb_ctx *ctx;
static yb_benefit_policy *pol;

static void credit_all(yb_benefit_ledger *l)
{
    uint64_t saved = rng_state;
    rng_state = 12345;
    for (uint64_t m = 1; m <= MEMBERS; m++)
        if (m % 3 != 2) /* employees and retirees have accounts */
            assert_ok(ctx, yb_benefit_ledger_account_credit(ctx, l, m, below(300000)));
    rng_state = saved;
}

static void random_claim(bf_claim *b, uint64_t id, int32_t date)
{
    uint64_t m = (uint64_t)below(MEMBERS) + 1;
    int insured = (int)(m % 3) + 1;
    bf_start(b, id, m, date, insured, (int)below(3) + 1);
    int64_t r = below(10);
    b->c.place = (int8_t)(r < 8 ? YB_PLACE_LOCAL : r == 8 ? YB_PLACE_OUT_OF_AREA : YB_PLACE_REFERRED);
    b->c.visit = (int8_t)(below(100) < 85 ? YB_VISIT_INPATIENT : YB_VISIT_OUTPATIENT);
    b->c.category = (int8_t)(m % 11 < 5 ? m % 11 + 1 : 0);
    b->c.civil_servant = (int8_t)(insured != YB_INSURED_RESIDENT && below(10) == 0);
    b->c.use_account = (int8_t)(below(10) != 0);
    if (below(100) < 15) {
        uint64_t p = (uint64_t)below(MEMBERS) + 1;
        b->c.family_payer = p == m ? 0 : p;
    }
    uint32_t nitems = yb_benefit_policy_item_count(pol);
    int nlines = (int)below(12) + 1;
    for (int k = 0; k < nlines; k++) {
        char code[40];
        if (below(100) < 3)
            snprintf(code, sizeof code, "UNLISTED-%d", (int)below(50));
        else
            snprintf(code, sizeof code, "%s", yb_benefit_policy_item_code(pol, (uint32_t)below(nitems)));
        int64_t qty = below(4) == 0 ? 5000 : (below(5) + 1) * 10000;
        /* prices from 1 yuan to 30000 yuan, most of them small */
        int64_t price = (below(100) + 1) * 10000 * (below(4) == 0 ? (below(300) + 1) : 1);
        bf_line(b, code, qty, price);
    }
    if (below(100) < 2)
        b->amount[below(nlines)] += 500; /* amount inconsistent with quantity × price: a row error */
}

static int32_t date_of(long i)
{
    /* 2024-01-01 … 2025-12-31 in order, so each member's years only advance */
    return yb_date_from_days(yb_date_to_days(20240101) + (int32_t)(i * 730 / PROPERTY_CLAIMS));
}

static void check_equal_bytes(const uint8_t *a, size_t na, const yb_benefit_ledger *l, long i, const char *what)
{
    size_t nb;
    uint8_t *b = bf_bytes(ctx, l, &nb);
    if (na != nb || memcmp(a, b, na) != 0) {
        print_error("claim %ld: ledger changed after %s\n", i, what);
        fail();
    }
    free(b);
}

static void check_against_fresh(const yb_benefit_ledger *l, bf_claim *kept, int nkept)
{
    yb_benefit_ledger *fresh;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &fresh));
    credit_all(fresh);
    for (int k = 0; k < nkept; k++)
        bf_settle(ctx, pol, fresh, &kept[k]);
    bf_assert_same_ledger(ctx, l, fresh);
    yb_benefit_ledger_free(fresh);
}

static void random_claims_keep_every_property(void **state)
{
    (void)state;
    assert_int_equal(yb_ctx_new(&ctx, NULL), YB_OK);
    pol = bf_load(ctx, yb_test_src("packs/sample-benefit"));
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    credit_all(l);
    size_t n_open;
    uint8_t *open = bf_bytes(ctx, l, &n_open);
    static bf_claim kept[KEEP_MAX + 1];
    int nkept = 0;
    long settled = 0, failed = 0, replays = 0, changed = 0;
    bf_claim b;
    for (long i = 0; i < PROPERTY_CLAIMS; i++) {
        random_claim(&b, (uint64_t)i + 1, date_of(i));
        size_t n0;
        uint8_t *before = bf_bytes(ctx, l, &n0);
        yb_benefit_settlement s = { .size = sizeof s };
        yb_benefit_step steps[YB_BENEFIT_MAX_STEPS];
        size_t nsteps = 0;
        int rc = yb_benefit_settle_one(ctx, pol, l, bf_done(&b), YB_SETTLE_FINAL, &s, NULL, steps,
                                       YB_BENEFIT_MAX_STEPS, &nsteps);
        if (rc != YB_OK) {
            if (rc != YB_E_ROW_ITEM) {
                print_error("claim %ld: unexpected %s: %s\n", i, yb_status_name(rc), yb_ctx_errmsg(ctx));
                fail();
            }
            check_equal_bytes(before, n0, l, i, "a failed claim");
            failed++;
            free(before);
            continue;
        }
        settled++;
        bf_assert_identities(&s);
        assert_true(nsteps > 6 && nsteps <= YB_BENEFIT_MAX_STEPS);
        if (below(2) == 0) {
            yb_benefit_settlement r = { .size = sizeof r };
            assert_int_equal(yb_benefit_reverse(ctx, pol, l, b.c.claim_id, &r), 0);
            assert_int_equal(r.cash_pay, s.cash_pay);
            check_equal_bytes(before, n0, l, i, "settle-then-reverse");
        } else {
            kept[nkept++] = b;
        }
        free(before);
        if (nkept > KEEP_MAX) {
            int k = (int)below(nkept);
            int64_t c = yb_benefit_reverse(ctx, pol, l, kept[k].c.claim_id, NULL);
            assert_true(c >= 0);
            changed += c;
            replays++;
            memmove(&kept[k], &kept[k + 1], (size_t)(nkept - k - 1) * sizeof *kept);
            nkept--;
        }
        if (i % 997 == 0)
            check_against_fresh(l, kept, nkept);
    }
    check_against_fresh(l, kept, nkept);
    while (nkept > 0) {
        int k = (int)below(nkept);
        assert_true(yb_benefit_reverse(ctx, pol, l, kept[k].c.claim_id, NULL) >= 0);
        memmove(&kept[k], &kept[k + 1], (size_t)(nkept - k - 1) * sizeof *kept);
        nkept--;
    }
    check_equal_bytes(open, n_open, l, PROPERTY_CLAIMS, "reversing every claim");
    print_message("# %ld claims settled, %ld refused, %ld earlier reversals replayed, %ld settlements changed\n",
                  settled, failed, replays, changed);
    assert_true(settled >= PROPERTY_CLAIMS * 95 / 100);
    assert_true(changed > 0);
    free(open);
    yb_benefit_ledger_free(l);
    yb_benefit_policy_free(pol);
    yb_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_claims_keep_every_property),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
