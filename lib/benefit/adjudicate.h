/* Adjudication of one claim (internal): line classification (steps 1–2 of
 * doc/benefit.md, independent of the ledger) and the layered split (steps
 * 3–7, a pure function of the parameters in force, the classification and
 * the member's accumulators). */
#ifndef YB_BENEFIT_ADJUDICATE_H
#define YB_BENEFIT_ADJUDICATE_H

#include <stdint.h>
#include <stdio.h>

#include <yibao/benefit.h>
#include <yibao/money.h>

#include "core/fixed.h"
#include "ledger.h"
#include "policy.h"

/* Claim attributes (what a journal entry keeps besides the money). */
typedef struct bc_attrs {
    uint64_t claim_id, member_id, payer_id;
    int32_t date;      /* YYYYMMDD */
    int32_t day;       /* day number */
    int8_t insured, level, place, visit, category;
    uint8_t flags;     /* BL_USE_ACCOUNT, BL_CIVIL */
} bc_attrs;

/* One claim's lines, pointing into the caller's arrays. */
typedef struct bc_lines {
    size_t first, n;
    const char *item_data;
    const int64_t *item_offsets;
    const uint32_t *item_ids;
    const int8_t *item_class;
    const int64_t *quantity, *price, *amount;
} bc_lines;

/* The parameters in force for a claim. */
typedef struct bc_view {
    const bp_insured *ins;
    int64_t deductible;          /* inpatient standard deductible */
    const bp_band *seg;          /* coinsurance segments (inpatient) */
    uint32_t nseg;
    const bp_band *rep;          /* repeat-admission factors, may be empty */
    uint32_t nrep;
    int64_t op_ratio;            /* outpatient pooling ratio */
    const bp_ci *ci;             /* NULL: no critical-illness insurance */
    const bp_band *band;
    uint32_t nband;
    const bp_assist *as;         /* NULL: no category */
    int32_t lo, hi;              /* days on which every lookup above gives the same rows */
} bc_view;

/* A few resolved views, reused while claims of the same kind and period
 * follow each other (the batch keeps one). */
#define BC_VIEW_CACHE 64
typedef struct bc_view_cache {
    uint32_t key[BC_VIEW_CACHE]; /* kind + 1, 0 = empty */
    bc_view view[BC_VIEW_CACHE];
    int32_t date, day;           /* the last valid date and its day number */
} bc_view_cache;

/* Explanation recorder; steps NULL = do not record. */
typedef struct bc_rec {
    yb_benefit_step *steps;
    size_t cap, n;
    yb_benefit_fund_line *funds; /* YB_BENEFIT_FUNDS or NULL */
} bc_rec;

static inline void bc_step(bc_rec *r, int kind, int fund, int32_t index, int64_t base, int64_t ratio,
                           int64_t from, int64_t to, int has_limit, int64_t limit, int64_t amount)
{
    if (!r)
        return;
    if (r->steps && r->n < r->cap)
        r->steps[r->n] = (yb_benefit_step){ kind, index, has_limit, fund, base, ratio, from, to, limit, amount };
    r->n++;
}

/* round(a × b ÷ d) for a, b ≥ 0 and d > 0, half-up or half-even. The
 * product is exact: 64-bit when it fits (the common case, where a constant d
 * becomes a multiplication), 128-bit otherwise. */
static inline int64_t bc_muldiv(int64_t a, int64_t b, int64_t d, int mode)
{
    uint64_t n;
    if (!__builtin_mul_overflow((uint64_t)a, (uint64_t)b, &n)) {
        uint64_t q = n / (uint64_t)d, r = n % (uint64_t)d;
        if (2 * r > (uint64_t)d || (2 * r == (uint64_t)d && (mode == YB_ROUND_HALF_UP || (q & 1))))
            q++;
        return (int64_t)q;
    }
    return (int64_t)yb_div_round_i128((yb_i128)a * b, d, mode);
}

static inline int64_t bc_min(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t bc_max(int64_t a, int64_t b) { return a > b ? a : b; }

/* Length of [a, b) ∩ [lo, hi). */
static inline int64_t bc_overlap(int64_t a, int64_t b, int64_t lo, int64_t hi)
{
    int64_t s = bc_max(a, lo), e = bc_min(b, hi);
    return e > s ? e - s : 0;
}

/* Checks the attributes and sets the day number; YB_E_ROW_CLAIM with a
 * message otherwise. cache (may be NULL) remembers the last date. */
int bc_check_attrs(yb_ctx *ctx, bc_attrs *a, bc_view_cache *cache);
/* Steps 1–2: classifies the lines. Row errors YB_E_ROW_ITEM / YB_E_ROW_CLAIM. */
int bc_classify(yb_ctx *ctx, const yb_benefit_policy *p, const bc_attrs *a, const bc_lines *lines,
                bc_summary *sum, bc_rec *rec);
/* The parameters in force; YB_E_ROW_NO_POLICY naming what is missing.
 * cache may be NULL. */
int bc_resolve(yb_ctx *ctx, const yb_benefit_policy *p, const bc_attrs *a, bc_view *v, bc_view_cache *cache);
/* Steps 3–7 on the member's record m (already rolled into the claim's year)
 * and the family payer's balance. Fills the entry's admission and paid. */
void bc_adjudicate(const yb_benefit_policy *p, const bc_view *v, const bc_attrs *a, const bc_summary *sum,
                   const bl_member *m, int64_t payer_balance, bl_entry *e, bc_rec *rec);
/* Fills a journal entry's attributes. */
void bc_entry_init(bl_entry *e, const bc_attrs *a, const bc_summary *sum);
/* Entry → public settlement. */
void bc_settlement(const bl_entry *e, yb_benefit_settlement *out);
/* Invariants of a settled entry against the parameters and the records
 * after it (doc/benefit.md); YB_E_INTERNAL with the broken one. */
int bc_check_invariants(yb_ctx *ctx, const bc_view *v, const bl_entry *e, const bl_member *after,
                        const bl_member *payer_after);

#endif /* YB_BENEFIT_ADJUDICATE_H */
