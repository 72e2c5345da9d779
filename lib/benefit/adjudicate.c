/* Steps 3–7 of doc/benefit.md: deductible, pooled fund in segments under the
 * annual cap, critical-illness insurance on bands of the cumulative amount
 * (with the tilt for poor categories), other funds, medical assistance by
 * category, personal account and family mutual aid, cash.
 * Sources: DOMAIN.md §4 (the order of the layers, bands on the cumulative
 * amount, the tilt); the national documents named in doc/benefit.md for
 * what each parameter means. */
#include <string.h>

#include "adjudicate.h"
#include "core/date.h"

static int no_policy(yb_ctx *ctx, const bc_attrs *a, const char *what)
{
    return yb_fail(ctx, YB_E_ROW_NO_POLICY, "claim %llu: no %s for %s, level %d, %s on %04d-%02d-%02d",
                   (unsigned long long)a->claim_id, what, bp_insured_name(a->insured), a->level,
                   bp_place_name(a->place), a->date / 10000, a->date / 100 % 100, a->date % 100);
}

static int resolve(yb_ctx *ctx, const yb_benefit_policy *p, const bc_attrs *a, bc_view *v)
{
    memset(v, 0, sizeof *v);
    v->lo = p->valid_from;
    v->hi = p->valid_to;
    if (a->day < p->valid_from || a->day > p->valid_to)
        return no_policy(ctx, a, "policy (the claim date is outside the pack's validity)");
    uint32_t ins = (uint32_t)(a->insured - 1), key = bp_key3(a->insured, a->level, a->place);
    int32_t d = a->day, *lo = &v->lo, *hi = &v->hi;
    uint32_t r = bp_lookup_window(&p->ins_ix, ins, d, lo, hi);
    if (r == BP_NONE)
        return no_policy(ctx, a, "insured-type parameters (insured.csv)");
    v->ins = &p->insured[r];
    if (a->visit == YB_VISIT_INPATIENT) {
        if ((r = bp_lookup_window(&p->ded_ix, key, d, lo, hi)) == BP_NONE)
            return no_policy(ctx, a, "inpatient deductible (inpatient.csv)");
        v->deductible = p->deductible[r];
        if ((r = bp_lookup_window(&p->seg_ix, key, d, lo, hi)) == BP_NONE)
            return no_policy(ctx, a, "coinsurance segments (coinsurance.csv)");
        v->seg = &p->bands[p->seg_sets[r].off];
        v->nseg = p->seg_sets[r].n;
        if ((r = bp_lookup_window(&p->rep_ix, ins, d, lo, hi)) != BP_NONE) {
            v->rep = &p->repeats[p->rep_sets[r].off];
            v->nrep = p->rep_sets[r].n;
        }
    } else {
        if ((r = bp_lookup_window(&p->op_ix, key, d, lo, hi)) == BP_NONE)
            return no_policy(ctx, a, "outpatient pooling ratio (outpatient.csv)");
        v->op_ratio = p->op_ratio[r];
    }
    if ((r = bp_lookup_window(&p->ci_ix, ins, d, lo, hi)) != BP_NONE) {
        uint32_t b = bp_lookup_window(&p->ciband_ix, ins, d, lo, hi);
        if (b == BP_NONE)
            return no_policy(ctx, a, "critical-illness bands (critical_illness_bands.csv)");
        v->ci = &p->ci[r];
        v->band = &p->bands[p->ci_sets[b].off];
        v->nband = p->ci_sets[b].n;
    }
    if (a->category) {
        if ((r = bp_lookup_window(&p->as_ix, (uint32_t)a->category, d, lo, hi)) == BP_NONE) {
            char what[96];
            snprintf(what, sizeof what, "medical-assistance parameters for category %d (assistance.csv)", a->category);
            return no_policy(ctx, a, what);
        }
        v->as = &p->assist[r];
    }
    return YB_OK;
}

int bc_resolve(yb_ctx *ctx, const yb_benefit_policy *p, const bc_attrs *a, bc_view *v, bc_view_cache *cache)
{
    if (!cache)
        return resolve(ctx, p, a, v);
    /* kind: insured (2 bits), level (2), place (2), visit (1), category (6) */
    uint32_t kind = (uint32_t)a->insured | (uint32_t)a->level << 2 | (uint32_t)a->place << 4 |
                    (uint32_t)a->visit << 6 | (uint32_t)a->category << 7;
    uint32_t slot = (kind * 0x9E3779B1u) >> 26;
    if (cache->key[slot] == kind + 1 && a->day >= cache->view[slot].lo && a->day <= cache->view[slot].hi) {
        *v = cache->view[slot];
        return YB_OK;
    }
    int rc = resolve(ctx, p, a, v);
    if (!rc) {
        cache->key[slot] = kind + 1;
        cache->view[slot] = *v;
    }
    return rc;
}

void bc_entry_init(bl_entry *e, const bc_attrs *a, const bc_summary *sum)
{
    memset(e, 0, sizeof *e);
    e->claim_id = a->claim_id;
    e->member_id = a->member_id;
    e->payer_id = a->payer_id;
    e->date = a->date;
    e->insured = a->insured;
    e->level = a->level;
    e->place = a->place;
    e->visit = a->visit;
    e->category = a->category;
    e->flags = a->flags & (BL_USE_ACCOUNT | BL_CIVIL);
    e->sum = *sum;
}

static void fund(bc_rec *rec, int f, int64_t base, int has_limit, int64_t limit, int64_t amount)
{
    if (rec && rec->funds)
        rec->funds[f - 1] = (yb_benefit_fund_line){ f, has_limit, base, has_limit ? limit : 0, amount };
}

/* Step 3: the deductible (起付线). */
static int64_t deductible(const yb_benefit_policy *p, const bc_view *v, const bl_entry *e, const bl_member *m,
                          bc_rec *rec)
{
    int64_t in_scope = e->sum.in_scope;
    if (e->visit == YB_VISIT_OUTPATIENT) {
        int64_t room = bc_max(0, v->ins->op_deductible - m->op_ded_used);
        int64_t d = bc_min(room, in_scope);
        bc_step(rec, YB_STEP_DEDUCTIBLE, YB_FUND_POOLED, 0, v->ins->op_deductible, YB_RATIO_ONE, 0, 0, 1, room, d);
        return d;
    }
    int64_t k = e->admission, factor = YB_RATIO_ONE;
    for (uint32_t i = 0; i < v->nrep && v->rep[i].from <= k; i++)
        factor = v->rep[i].ratio;
    int64_t d = bc_muldiv(v->deductible, factor, YB_RATIO_ONE, p->round); /* B4 */
    int has_room = v->ins->has_deductible_max;
    int64_t room = has_room ? bc_max(0, v->ins->deductible_max - m->ded_used) : 0;
    if (has_room)
        d = bc_min(d, room);
    d = bc_min(d, in_scope);
    bc_step(rec, YB_STEP_DEDUCTIBLE, YB_FUND_POOLED, (int32_t)k, v->deductible, factor, 0, 0, has_room, room, d);
    return d;
}

/* Step 4: the pooled fund (统筹基金) in segments, under the annual cap. */
static void pooled(const yb_benefit_policy *p, const bc_view *v, bl_entry *e, const bl_member *m, bc_rec *rec)
{
    bc_paid *o = &e->paid;
    int64_t elig = e->sum.in_scope - o->deductible, raw = 0;
    const bp_insured *ins = v->ins;
    int has_room = 0;
    int64_t room = INT64_MAX;
    if (ins->has_cap && (e->visit == YB_VISIT_INPATIENT || p->op_counts_cap)) {
        has_room = 1;
        room = bc_max(0, ins->cap - m->cap_used);
    }
    if (e->visit == YB_VISIT_INPATIENT) {
        int64_t a = p->segment_annual ? m->elig_cum : 0, b = a + elig;
        for (uint32_t i = 0; i < v->nseg; i++) {
            int64_t lo = v->seg[i].from, hi = i + 1 < v->nseg ? v->seg[i + 1].from : INT64_MAX;
            int64_t part = bc_overlap(a, b, lo, hi);
            if (!part)
                continue;
            int64_t amt = bc_muldiv(part, v->seg[i].ratio, YB_RATIO_ONE, p->round); /* B5, per segment */
            raw += amt;
            bc_step(rec, YB_STEP_POOLED_SEGMENT, YB_FUND_POOLED, (int32_t)i + 1, part, v->seg[i].ratio,
                    bc_max(a, lo), bc_min(b, hi), 0, 0, amt);
        }
    } else {
        raw = bc_muldiv(elig, v->op_ratio, YB_RATIO_ONE, p->round); /* B5 */
        bc_step(rec, YB_STEP_POOLED_SEGMENT, YB_FUND_POOLED, 1, elig, v->op_ratio, 0, elig, 0, 0, raw);
        if (ins->has_op_cap) {
            int64_t op_room = bc_max(0, ins->op_cap - m->op_paid);
            if (!has_room || op_room < room)
                room = op_room;
            has_room = 1;
        }
    }
    o->pooled = bc_min(raw, room);
    if (e->visit == YB_VISIT_INPATIENT || p->op_counts_cap)
        e->flags |= BL_CAP_COUNTED;
    bc_step(rec, YB_STEP_POOLED, YB_FUND_POOLED, 0, elig, 0, 0, 0, has_room, has_room ? room : 0, o->pooled);
    fund(rec, YB_FUND_POOLED, elig, has_room, room, o->pooled);
}

/* Step 5: critical-illness insurance (大病保险) on bands of the cumulative
 * counted amount; poor categories get the tilt. Returns the part paid out of
 * the class-B first pay (the rest came out of the in-scope self-pay). */
static int64_t critical_illness(const yb_benefit_policy *p, const bc_view *v, bl_entry *e, const bl_member *m,
                                bc_rec *rec)
{
    bc_paid *o = &e->paid;
    const bp_ci *ci = v->ci;
    if (!ci || (e->visit == YB_VISIT_OUTPATIENT && !ci->counts_outpatient)) {
        fund(rec, YB_FUND_CRITICAL_ILLNESS, 0, 0, 0, 0);
        return 0;
    }
    int64_t c_in = e->sum.in_scope - o->pooled - (ci->counts_deductible ? 0 : o->deductible);
    int64_t c = c_in + (ci->counts_b_first ? e->sum.b_first : 0);
    int64_t prev = m->ci_cum, next = prev + c;
    bc_step(rec, YB_STEP_CI_COUNTED, YB_FUND_CRITICAL_ILLNESS, 0, c, 0, prev, next, 0, 0, c);
    int tilt = v->as && v->as->ci_tilt;
    int64_t factor = tilt ? ci->tilt_factor : YB_RATIO_ONE, add = tilt ? ci->tilt_add : 0;
    int64_t t = bc_muldiv(ci->threshold, factor, YB_RATIO_ONE, p->round); /* B6 */
    bc_step(rec, YB_STEP_CI_THRESHOLD, YB_FUND_CRITICAL_ILLNESS, 0, ci->threshold, factor, 0, 0, 0, 0, t);
    int64_t raw = 0;
    for (uint32_t i = 0; i < v->nband; i++) {
        int64_t lo = i == 0 ? t : bc_max(v->band[i].from, t);
        int64_t hi = i + 1 < v->nband ? v->band[i + 1].from : INT64_MAX;
        int64_t part = bc_overlap(prev, next, lo, hi);
        if (!part)
            continue;
        int64_t ratio = bc_min(YB_RATIO_ONE, v->band[i].ratio + add);
        int64_t amt = bc_muldiv(part, ratio, YB_RATIO_ONE, p->round); /* B7, per band */
        raw += amt;
        bc_step(rec, YB_STEP_CI_BAND, YB_FUND_CRITICAL_ILLNESS, (int32_t)i + 1, part, ratio, bc_max(prev, lo),
                bc_min(next, hi), 0, 0, amt);
    }
    int has_room = ci->has_cap && !(tilt && ci->tilt_no_cap);
    int64_t room = has_room ? bc_max(0, ci->cap - m->ci_paid) : INT64_MAX;
    o->ci = bc_min(raw, room);
    o->d_ci_cum = c;
    bc_step(rec, YB_STEP_CRITICAL_ILLNESS, YB_FUND_CRITICAL_ILLNESS, 0, c, 0, 0, 0, has_room,
            has_room ? room : 0, o->ci);
    fund(rec, YB_FUND_CRITICAL_ILLNESS, c, has_room, room, o->ci);
    return o->ci > c_in ? o->ci - c_in : 0;
}

void bc_adjudicate(const yb_benefit_policy *p, const bc_view *v, const bc_attrs *a, const bc_summary *sum,
                   const bl_member *m, int64_t payer_balance, bl_entry *e, bc_rec *rec)
{
    bc_entry_init(e, a, sum);
    bc_paid *o = &e->paid;
    const bp_insured *ins = v->ins;
    e->admission = e->visit == YB_VISIT_INPATIENT ? (uint16_t)(m->admissions + 1) : 0;
    o->deductible = deductible(p, v, e, m, rec);
    pooled(p, v, e, m, rec);
    int64_t ci_from_b = critical_illness(p, v, e, m, rec);
    /* What is left of the in-scope self-pay and of the class-B first pay. */
    int64_t u = sum->in_scope - o->pooled - (o->ci - ci_from_b), b = sum->b_first - ci_from_b;
    if ((a->flags & BL_CIVIL) && ins->civil_ratio) {
        o->other = bc_muldiv(u, ins->civil_ratio, YB_RATIO_ONE, p->round); /* B8 */
        bc_step(rec, YB_STEP_OTHER, YB_FUND_OTHER, 0, u, ins->civil_ratio, 0, 0, 0, 0, o->other);
        fund(rec, YB_FUND_OTHER, u, 0, 0, o->other);
        u -= o->other;
    } else {
        fund(rec, YB_FUND_OTHER, 0, 0, 0, 0);
    }
    const bp_assist *as = v->as;
    if (as && (e->visit == YB_VISIT_INPATIENT || as->covers_outpatient)) {
        int64_t base = u + (as->counts_b_first ? b : 0), prev = m->as_cum, next = prev + base;
        int64_t elig = bc_overlap(prev, next, as->threshold, INT64_MAX);
        bc_step(rec, YB_STEP_ASSIST_ELIGIBLE, YB_FUND_ASSISTANCE, a->category, base, 0, prev, next, 1, as->threshold,
                elig);
        int64_t raw = bc_muldiv(elig, as->ratio, YB_RATIO_ONE, p->round); /* B9 */
        int64_t room = as->has_cap ? bc_max(0, as->cap - m->as_paid) : INT64_MAX;
        o->assist = bc_min(raw, room);
        o->d_as_cum = base;
        bc_step(rec, YB_STEP_ASSISTANCE, YB_FUND_ASSISTANCE, a->category, elig, as->ratio, 0, 0, as->has_cap,
                as->has_cap ? room : 0, o->assist);
        fund(rec, YB_FUND_ASSISTANCE, base, as->has_cap, room, o->assist);
        int64_t from_u = bc_min(o->assist, u);
        u -= from_u;
        b -= o->assist - from_u;
    } else {
        fund(rec, YB_FUND_ASSISTANCE, 0, 0, 0, 0);
    }
    /* Step 7: personal account, then a relative's account, then cash. */
    int64_t allowed = (ins->acc_in_scope ? u : 0) + (ins->acc_b_first ? b : 0) +
                      (ins->acc_self_pay ? sum->over_limit + sum->full_self : 0);
    int use = (a->flags & BL_USE_ACCOUNT) != 0;
    int64_t own = use ? bc_min(m->balance, allowed) : 0;
    bc_step(rec, YB_STEP_ACCOUNT, YB_FUND_ACCOUNT, 0, use ? allowed : 0, 0, 0, 0, 1, m->balance, own);
    fund(rec, YB_FUND_ACCOUNT, use ? allowed : 0, 1, m->balance, own);
    int64_t fam = 0;
    if (use && a->payer_id && ins->family_aid) {
        fam = bc_min(payer_balance, allowed - own);
        bc_step(rec, YB_STEP_FAMILY_AID, YB_FUND_FAMILY_AID, 0, allowed - own, 0, 0, 0, 1, payer_balance, fam);
        fund(rec, YB_FUND_FAMILY_AID, allowed - own, 1, payer_balance, fam);
    } else {
        fund(rec, YB_FUND_FAMILY_AID, 0, 0, 0, 0);
    }
    o->account = own + fam;
    o->family = fam;
    int64_t personal = sum->total - o->pooled - o->ci - o->other - o->assist;
    bc_step(rec, YB_STEP_CASH, 0, 0, personal, 0, 0, 0, 0, 0, personal - o->account);
}
