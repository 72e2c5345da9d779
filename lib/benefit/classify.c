/* Steps 1–2 of doc/benefit.md: each line is checked and split by the
 * catalogue into full self-pay (class C, out of catalogue), over-limit
 * (above the unit price limit), class-B first pay and in-scope. Source:
 * DOMAIN.md §4 step 1–2; the national drug list's 甲/乙/丙 classes. */
#include <string.h>

#include "adjudicate.h"
#include "core/date.h"

static const char *class_name(int c)
{
    return c == YB_CLASS_A ? "A" : c == YB_CLASS_B ? "B" : "C";
}

int bc_check_attrs(yb_ctx *ctx, bc_attrs *a, bc_view_cache *cache)
{
    if (a->claim_id == 0)
        return yb_fail(ctx, YB_E_ROW_CLAIM, "claim id 0 is not allowed");
    const unsigned long long id = (unsigned long long)a->claim_id;
    if (a->member_id == 0)
        return yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu: member id 0 is not allowed", id);
    if (cache && cache->date && a->date == cache->date) {
        a->day = cache->day;
    } else {
        if (yb_date_valid(a->date))
            return yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu: date %d is not a valid YYYYMMDD date", id, a->date);
        a->day = yb_date_to_days(a->date);
        if (cache) {
            cache->date = a->date;
            cache->day = a->day;
        }
    }
    if (a->insured < YB_INSURED_EMPLOYEE || a->insured > YB_INSURED_RESIDENT)
        return yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu: insurance type %d is not 1, 2 or 3", id, a->insured);
    if (a->level < 1 || a->level > 3)
        return yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu: hospital level %d is not 1, 2 or 3", id, a->level);
    if (a->place < YB_PLACE_LOCAL || a->place > YB_PLACE_REFERRED)
        return yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu: place %d is not 1, 2 or 3", id, a->place);
    if (a->visit != YB_VISIT_INPATIENT && a->visit != YB_VISIT_OUTPATIENT)
        return yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu: visit %d is not 1 (inpatient) or 2 (outpatient)", id,
                       a->visit);
    if (a->category < 0 || a->category >= BP_NCATEGORY)
        return yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu: category %d is not 0 … 63", id, a->category);
    if (a->payer_id == a->member_id)
        return yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu: the family payer is the member themself", id);
    return YB_OK;
}

static int line_fail(yb_ctx *ctx, const bc_attrs *a, size_t k, int status, const char *what, const char *code,
                     size_t len)
{
    if (!code) {
        code = "?";
        len = 1;
    }
    if (len > 63)
        len = 63;
    return yb_fail(ctx, status, "claim %llu line %zu (item %.*s): %s", (unsigned long long)a->claim_id, k + 1,
                   (int)len, code, what);
}

int bc_classify(yb_ctx *ctx, const yb_benefit_policy *p, const bc_attrs *a, const bc_lines *ln, bc_summary *sum,
                bc_rec *rec)
{
    memset(sum, 0, sizeof *sum);
    if (ln->n == 0 || ln->n > YB_BENEFIT_MAX_LINES)
        return yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu has %zu lines (1 … %d allowed)", (unsigned long long)a->claim_id,
                       ln->n, YB_BENEFIT_MAX_LINES);
    const int mode = p->round;
    for (size_t i = 0; i < ln->n; i++) {
        size_t k = ln->first + i;
        const char *code = NULL;
        size_t len = 0;
        uint32_t id;
        if (ln->item_ids) {
            id = ln->item_ids[k];
            if (id != YB_BENEFIT_NO_ITEM && id >= p->ncodes)
                return line_fail(ctx, a, i, YB_E_ROW_ITEM, "item id is not in the policy", "(bad id)", 8);
        } else {
            int64_t b = ln->item_offsets[k], e = ln->item_offsets[k + 1];
            if (b < 0 || e < b)
                return line_fail(ctx, a, i, YB_E_ROW_CLAIM, "item offsets go backwards", "?", 1);
            code = ln->item_data + b;
            len = (size_t)(e - b);
            int rc = bp_code_lookup(p, code, len, &id);
            if (rc == YB_E_NOT_FOUND)
                id = YB_BENEFIT_NO_ITEM;
            else if (rc)
                return line_fail(ctx, a, i, YB_E_ROW_ITEM, "malformed item code", code, len);
        }
        const bp_item *it = id == YB_BENEFIT_NO_ITEM ? NULL : bp_item_at(p, id, a->day);
        if (!code && id != YB_BENEFIT_NO_ITEM) { /* for messages; the length is found when one is written */
            code = p->code_text[id];
            len = p->code_len[id];
        }
        int cls = ln->item_class ? ln->item_class[k] : YB_CLASS_FROM_CATALOGUE;
        int64_t q = ln->quantity[k], pr = ln->price[k], amt = ln->amount[k];
        if (cls < YB_CLASS_FROM_CATALOGUE || cls > YB_CLASS_C)
            return line_fail(ctx, a, i, YB_E_ROW_ITEM, "class is not 0 (catalogue), 1 (A), 2 (B) or 3 (C)", code, len);
        if ((uint64_t)(q - 1) >= (uint64_t)YB_BENEFIT_MAX_QTY || (uint64_t)pr > (uint64_t)YB_BENEFIT_MAX_AMOUNT ||
            (uint64_t)amt > (uint64_t)YB_BENEFIT_MAX_AMOUNT)
            return line_fail(ctx, a, i, YB_E_ROW_ITEM,
                             "quantity must be 0 < q ≤ 10^6 units, price and amount 0 … 10^11 yuan", code, len);
        /* B1: quantity (4 decimals) × price (yuan, 4 decimals) = yuan with 8 decimals = fen × 10^6 */
        int64_t expect = bc_muldiv(q, pr, 1000000, mode);
        if (amt - expect > p->tolerance || expect - amt > p->tolerance) {
            char what[160];
            snprintf(what, sizeof what, "amount %lld fen differs from quantity × price = %lld fen", (long long)amt,
                     (long long)expect);
            return line_fail(ctx, a, i, YB_E_ROW_ITEM, what, code, len);
        }
        sum->total += amt; /* ≤ 10^5 lines × 10^13 fen: no overflow; the total is checked below */
        if (!it) {
            if (p->unknown_reject)
                return line_fail(ctx, a, i, YB_E_ROW_ITEM, "not in the catalogue on the claim date", code, len);
            if (cls == YB_CLASS_A || cls == YB_CLASS_B) {
                char what[96];
                snprintf(what, sizeof what, "billed as class %s but not in the catalogue on the claim date",
                         class_name(cls));
                return line_fail(ctx, a, i, YB_E_ROW_ITEM, what, code, len);
            }
            sum->full_self += amt;
            continue;
        }
        if (cls != YB_CLASS_FROM_CATALOGUE && cls != it->cls) {
            char what[96];
            snprintf(what, sizeof what, "billed as class %s but the catalogue has class %s", class_name(cls),
                     class_name(it->cls));
            return line_fail(ctx, a, i, YB_E_ROW_ITEM, what, code, len);
        }
        if (it->cls == YB_CLASS_C) {
            sum->full_self += amt;
            continue;
        }
        int64_t over = 0;
        if (it->has_limit && pr > it->limit) /* B2 */
            over = bc_max(0, amt - bc_muldiv(q, it->limit, 1000000, mode));
        int64_t rest = amt - over;
        sum->over_limit += over;
        if (it->cls == YB_CLASS_B) {
            int64_t bf = bc_muldiv(rest, it->b_ratio, YB_RATIO_ONE, mode); /* B3, per line */
            sum->b_first += bf;
            rest -= bf;
        }
        sum->in_scope += rest;
    }
    if (sum->total > YB_BENEFIT_MAX_AMOUNT)
        return yb_fail(ctx, YB_E_ROW_CLAIM, "claim %llu: total exceeds %lld fen", (unsigned long long)a->claim_id,
                       (long long)YB_BENEFIT_MAX_AMOUNT);
    bc_step(rec, YB_STEP_TOTAL, 0, (int32_t)ln->n, 0, 0, 0, 0, 0, 0, sum->total);
    bc_step(rec, YB_STEP_FULL_SELF_PAY, 0, 0, sum->total, 0, 0, 0, 0, 0, sum->full_self);
    bc_step(rec, YB_STEP_OVER_LIMIT, 0, 0, sum->total, 0, 0, 0, 0, 0, sum->over_limit);
    bc_step(rec, YB_STEP_B_FIRST_PAY, 0, 0, sum->total, 0, 0, 0, 0, 0, sum->b_first);
    bc_step(rec, YB_STEP_IN_SCOPE, 0, 0, sum->total, 0, 0, 0, 0, 0, sum->in_scope);
    return YB_OK;
}
