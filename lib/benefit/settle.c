/* Settlement and pre-settlement of claims against the ledger: the batch form
 * over columns and the single-claim form with fund lines and explanation.
 * A claim is computed completely, its invariants checked, room reserved, and
 * only then is the ledger changed, so a failing claim changes nothing. */
#include <string.h>

#include "adjudicate.h"
#include "core/date.h"

/* Computes one claim; with YB_SETTLE_FINAL also commits it. */
static int settle_claim(yb_ctx *ctx, const yb_benefit_policy *p, yb_benefit_ledger *l, bc_attrs *a,
                        const bc_lines *ln, int mode, bl_entry *e, bc_rec *rec, bc_view_cache *cache)
{
    bc_summary sum;
    bc_view v;
    int rc = bc_check_attrs(ctx, a, cache);
    if (rc || (rc = bc_classify(ctx, p, a, ln, &sum, rec)))
        return rc;
    if (mode == YB_SETTLE_FINAL && idmap_find(&l->jr_ix, bl_jr_view(l), a->claim_id) != IDMAP_NONE)
        return yb_fail(ctx, YB_E_ROW_CLAIM_ID, "claim %llu is already settled; reverse it first to settle it again",
                       (unsigned long long)a->claim_id);
    if ((rc = bc_resolve(ctx, p, a, &v, cache)))
        return rc;
    const bl_member *m0 = bl_find(l, a->member_id);
    bl_member m = m0 ? *m0 : (bl_member){ .id = a->member_id }, before = m;
    int year = a->date / 10000;
    uint8_t rolled = 0;
    if (m.year > year)
        return yb_fail(ctx, YB_E_ROW_ORDER,
                       "claim %llu is dated %d but member %llu already has claims of %d: settle claims in time "
                       "order, or reverse the later ones first",
                       (unsigned long long)a->claim_id, a->date, (unsigned long long)a->member_id, m.year);
    if (m.year != year) {
        rolled = m.year ? BL_ROLLED : BL_ROLLED_BLANK;
        bl_rollover(&m, year);
        bc_step(rec, YB_STEP_ROLLOVER, 0, year, 0, 0, 0, 0, 0, 0, 0);
    }
    if (a->visit == YB_VISIT_INPATIENT && m.admissions == UINT16_MAX)
        return yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu: member %llu has 65535 admissions this year",
                       (unsigned long long)a->claim_id, (unsigned long long)a->member_id);
    const bl_member *pm = a->payer_id ? bl_find(l, a->payer_id) : NULL;
    bl_member payer = pm ? *pm : (bl_member){ .id = a->payer_id };
    bc_adjudicate(p, &v, a, &sum, &m, payer.balance, e, rec);
    e->flags |= rolled;
    if (bl_apply(&m, a->payer_id ? &payer : NULL, e, +1))
        return yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu: member %llu's accumulators would overflow",
                       (unsigned long long)a->claim_id, (unsigned long long)a->member_id);
#ifndef NDEBUG
    if ((rc = bc_check_invariants(ctx, &v, e, &m, a->payer_id ? &payer : NULL)))
        return rc;
#endif
    if (mode != YB_SETTLE_FINAL)
        return YB_OK;
    size_t new_members = (m0 == NULL) + (a->payer_id && !pm);
    if ((rc = bl_reserve_more(ctx, l, new_members, 1, rolled == BL_ROLLED)))
        return rc;
    if (rolled == BL_ROLLED)
        bl_saved_add(l, a->claim_id, &before);
    bl_member *rm = bl_get_or_add(l, a->member_id);
    m.refs = rm->refs + 1;
    *rm = m;
    if (a->payer_id) {
        bl_member *rp = bl_get_or_add(l, a->payer_id);
        rp->balance = payer.balance;
        rp->refs++;
    }
    l->jr[l->njr] = *e;
    idmap_insert(&l->jr_ix, bl_jr_view(l), a->claim_id, (uint32_t)l->njr);
    l->njr++;
    return YB_OK;
}

static int check_columns(const yb_claim_columns *c, const yb_settlement_columns *out)
{
    if (c->size < sizeof *c || !c->claim_id || !c->member_id || !c->date || !c->insured || !c->level ||
        !c->line_row_offsets || !c->quantity || !c->price || !c->amount)
        return 0;
    if (!c->item_ids == !c->item_data || (c->item_data && !c->item_offsets))
        return 0;
    for (size_t i = 0; i < sizeof c->reserved / sizeof *c->reserved; i++)
        if (c->reserved[i] || (out && out->reserved[i]))
            return 0;
    return !out || (out->size >= sizeof *out && out->n >= c->n);
}

static void write_out(yb_settlement_columns *out, size_t i, const bl_entry *e)
{
    if (!out)
        return;
    const bc_summary *s = &e->sum;
    const bc_paid *o = &e->paid;
    int64_t fund = o->pooled + o->ci + o->other + o->assist, personal = s->total - fund;
#define PUT(col, v)                                                                                           \
    if (out->col)                                                                                             \
    out->col[i] = (v)
    PUT(total, s->total);
    PUT(full_self_pay, s->full_self);
    PUT(over_limit, s->over_limit);
    PUT(b_first_pay, s->b_first);
    PUT(in_scope, s->in_scope);
    PUT(deductible, o->deductible);
    PUT(pooled, o->pooled);
    PUT(critical_illness, o->ci);
    PUT(other_funds, o->other);
    PUT(assistance, o->assist);
    PUT(fund_total, fund);
    PUT(personal, personal);
    PUT(account_pay, o->account);
    PUT(family_aid, o->family);
    PUT(cash_pay, personal - o->account);
    PUT(admission, e->admission);
#undef PUT
}

/* Hash lookups of members and claim ids miss the cache on large ledgers; the
 * batch asks for the index slots of the claim PREFETCH_FAR rows ahead and for
 * the member records PREFETCH_NEAR rows ahead (when the slot is home). */
#define PREFETCH_FAR 16
#define PREFETCH_NEAR 6

IDMAP_PREFETCH_FN void prefetch(const yb_benefit_ledger *l, const yb_claim_columns *c, size_t i, int mode)
{
    if (i + PREFETCH_FAR < c->n) {
        idmap_prefetch(&l->rec_ix, c->member_id[i + PREFETCH_FAR]);
        if (mode == YB_SETTLE_FINAL)
            idmap_prefetch(&l->jr_ix, c->claim_id[i + PREFETCH_FAR]);
    }
    if (i + PREFETCH_NEAR < c->n)
        idmap_prefetch_element(&l->rec_ix, bl_rec_view(l), c->member_id[i + PREFETCH_NEAR]);
}

int64_t yb_benefit_settle_batch(yb_ctx *ctx, const yb_benefit_policy *p, yb_benefit_ledger *l,
                                const yb_claim_columns *c, int mode, yb_settlement_columns *out,
                                int32_t *row_status)
{
    if (!ctx || !p || !l || !c || (mode != YB_SETTLE_PRE && mode != YB_SETTLE_FINAL) || !check_columns(c, out))
        return ctx ? yb_fail(ctx, YB_E_INVALID_ARG, "yb_benefit_settle_batch: missing or inconsistent arguments")
                   : YB_E_INVALID_ARG;
    bc_view_cache *cache = yb_calloc(ctx, 1, sizeof *cache); /* optional: NULL only costs speed */
    int64_t failed = 0;
    uint64_t interval = ctx->progress_interval > 0 ? (uint64_t)ctx->progress_interval : 65536;
    for (size_t i = 0; i < c->n; i++) {
        prefetch(l, c, i, mode);
        if (i && i % interval == 0 && yb_progress(ctx, i, c->n)) {
            for (size_t k = i; k < c->n; k++)
                if (row_status)
                    row_status[k] = YB_E_CANCELLED;
            yb_free(ctx, cache);
            return YB_E_CANCELLED;
        }
        bc_attrs a = { .claim_id = c->claim_id[i], .member_id = c->member_id[i], .date = c->date[i],
                       .insured = c->insured[i], .level = c->level[i],
                       .place = c->place ? c->place[i] : YB_PLACE_LOCAL,
                       .visit = c->visit ? c->visit[i] : YB_VISIT_INPATIENT,
                       .category = c->category ? c->category[i] : 0,
                       .payer_id = c->family_payer ? c->family_payer[i] : 0 };
        a.flags = (uint8_t)((!c->use_account || c->use_account[i] ? BL_USE_ACCOUNT : 0) |
                            (c->civil_servant && c->civil_servant[i] ? BL_CIVIL : 0));
        int64_t lb = c->line_row_offsets[i], le = c->line_row_offsets[i + 1];
        bl_entry e;
        int rc;
        if (lb < 0 || le < lb) {
            rc = yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu: line offsets go backwards",
                         (unsigned long long)a.claim_id);
        } else {
            bc_lines ln = { (size_t)lb, (size_t)(le - lb), c->item_data, c->item_offsets, c->item_ids,
                            c->item_class, c->quantity, c->price, c->amount };
            rc = settle_claim(ctx, p, l, &a, &ln, mode, &e, NULL, cache);
        }
        if (row_status)
            row_status[i] = rc;
        if (rc) {
            failed++;
            if (rc == YB_E_NOMEM || rc == YB_E_INTERNAL || rc == YB_E_LIMIT)
                yb_log(ctx, YB_LOG_ERROR, "%s", yb_ctx_errmsg(ctx));
            continue;
        }
        write_out(out, i, &e);
    }
    yb_free(ctx, cache);
    if (failed)
        yb_log(ctx, YB_LOG_WARN, "benefit batch: %lld of %zu claims failed; last: %s", (long long)failed, c->n,
               yb_ctx_errmsg(ctx));
    return failed;
}

int yb_benefit_settle_one(yb_ctx *ctx, const yb_benefit_policy *p, yb_benefit_ledger *l,
                          const yb_benefit_claim *c, int mode, yb_benefit_settlement *out,
                          yb_benefit_fund_line *funds, yb_benefit_step *steps, size_t steps_cap, size_t *nsteps)
{
    if (!ctx || !p || !l || !c || !out || c->size < sizeof *c || out->size < sizeof *out ||
        (mode != YB_SETTLE_PRE && mode != YB_SETTLE_FINAL) || !c->quantity || !c->price || !c->amount ||
        !c->item_ids == !c->item_data || (c->item_data && !c->item_offsets) || c->reserved_flags ||
        c->reserved[0] || c->reserved[1] || c->reserved[2] || c->reserved[3] || (steps_cap && !steps))
        return ctx ? yb_fail(ctx, YB_E_INVALID_ARG, "yb_benefit_settle_one: missing or inconsistent arguments")
                   : YB_E_INVALID_ARG;
    bc_attrs a = { .claim_id = c->claim_id, .member_id = c->member_id, .date = c->date, .insured = c->insured,
                   .level = c->level, .place = c->place ? c->place : YB_PLACE_LOCAL,
                   .visit = c->visit ? c->visit : YB_VISIT_INPATIENT, .category = c->category,
                   .payer_id = c->family_payer };
    a.flags = (uint8_t)((c->use_account ? BL_USE_ACCOUNT : 0) | (c->civil_servant ? BL_CIVIL : 0));
    bc_lines ln = { 0, c->nlines, c->item_data, c->item_offsets, c->item_ids, c->item_class, c->quantity,
                    c->price, c->amount };
    bc_rec rec = { steps, steps_cap, 0, funds };
    bl_entry e;
    if (funds)
        memset(funds, 0, YB_BENEFIT_FUNDS * sizeof *funds);
    int rc = settle_claim(ctx, p, l, &a, &ln, mode, &e, &rec, NULL);
    if (nsteps)
        *nsteps = rc ? 0 : rec.n;
    if (rc)
        return rc;
    bc_settlement(&e, out);
    return YB_OK;
}
