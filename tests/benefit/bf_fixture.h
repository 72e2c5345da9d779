/* Benefit test fixture: a small policy with round numbers so every expected
 * value can be worked by hand in the tests (its parameters are listed in
 * bf_fixture.c), pack writing with checksums, and claim builders. */
#ifndef BF_FIXTURE_H
#define BF_FIXTURE_H

#include "test_util.h"

#include <yibao/benefit.h>

/* One pack table: name and CSV text (NULL text = leave the table out). */
typedef struct bf_table {
    const char *name;
    const char *csv;
} bf_table;

/* Writes the simple policy, with tables replaced (or removed) by overrides
 * and the manifest's "parameters" object replaced by params_json when not
 * NULL, into a fresh directory; returns its path (static buffer). */
const char *bf_pack(const char *tag, const bf_table *overrides, size_t n, const char *params_json);
/* Loads a pack, failing the test when it does not load. */
yb_benefit_policy *bf_load(yb_ctx *ctx, const char *dir);
/* The simple policy, loaded. */
yb_benefit_policy *bf_simple(yb_ctx *ctx);

/* A suite on the simple policy: the file's `ctx` and `pol` and the cmocka
 * group setup/teardown that create and free them (run the tests with
 * cmocka_run_group_tests(tests, setup, teardown)). */
#define BF_SIMPLE_POLICY_SUITE                                 \
    static yb_ctx *ctx;                                        \
    static yb_benefit_policy *pol;                             \
    static int setup(void **state)                             \
    {                                                          \
        (void)state;                                           \
        assert_int_equal(yb_ctx_new(&ctx, NULL), YB_OK);       \
        pol = bf_simple(ctx);                                  \
        return 0;                                              \
    }                                                          \
    static int teardown(void **state)                          \
    {                                                          \
        (void)state;                                           \
        yb_benefit_policy_free(pol);                           \
        yb_ctx_free(ctx);                                      \
        return 0;                                              \
    }

/* A claim under construction (up to 32 lines). */
typedef struct bf_claim {
    yb_benefit_claim c;
    char codes[32][32];
    char data[32 * 32];
    int64_t offsets[33];
    int8_t cls[32];
    int64_t qty[32], price[32], amount[32];
} bf_claim;

/* Starts a claim: inpatient, local, level 3, account used, no lines. */
void bf_start(bf_claim *b, uint64_t claim_id, uint64_t member_id, int32_t date, int insured, int level);
/* Adds a line: quantity and price in their fixed-point units; amount = round(q × p). */
void bf_line(bf_claim *b, const char *code, int64_t qty, int64_t price);
/* Adds a line of quantity 1 at `fen` fen (price = fen × 100). */
void bf_amount(bf_claim *b, const char *code, int64_t fen);
/* Finishes offsets; returns &b->c. */
const yb_benefit_claim *bf_done(bf_claim *b);

/* Settles (FINAL) and asserts YB_OK; returns the settlement. */
yb_benefit_settlement bf_settle(yb_ctx *ctx, const yb_benefit_policy *p, yb_benefit_ledger *l, bf_claim *b);
/* Asserts the DOMAIN.md §4 identities on a settlement. */
void bf_assert_identities(const yb_benefit_settlement *s);
/* Serialised bytes of a ledger (caller frees). */
uint8_t *bf_bytes(yb_ctx *ctx, const yb_benefit_ledger *l, size_t *len);
/* Asserts two ledgers serialise identically. */
void bf_assert_same_ledger(yb_ctx *ctx, const yb_benefit_ledger *a, const yb_benefit_ledger *b);

/* Yuan to fen for readable expectations: Y(1234.56) is not allowed (no
 * floats); write fen literals with a comment instead. */

#endif /* BF_FIXTURE_H */
