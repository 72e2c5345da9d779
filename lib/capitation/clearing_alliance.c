/* Year-end (or interim) clearing of an alliance pot (doc/capitation.md,
 * "Clearing"): budget of the months cleared, spending inside and outside the
 * alliance, surplus retained band by band (结余留用) or overspend shared band
 * by band (合理超支分担), reserve use, tier split and the settlement due. */
#include <stdio.h>
#include <string.h>

#include "cap_internal.h"
#include "core/fixed.h"

typedef struct unit {
    int64_t budget, spent, surplus, retained, returned, overspend, fund, alliance;
} unit;

typedef struct run {
    yb_ctx *ctx;
    const yb_cap_plan *p;
    yb_cap_clearing *c;
    int r;                      /* rounding mode */
    int64_t score, factor;
} run;

static int ovf(yb_ctx *ctx)
{
    return yb_fail(ctx, YB_E_OVERFLOW, "a clearing amount does not fit in 64-bit fen");
}

/* Lower and upper fen bounds of band k of budget B: round(B × ratio). */
static int bounds(const run *x, int64_t B, const cap_range *k, int64_t *lo, int64_t *hi)
{
    if (yb_muldiv(B, k->from, YB_RATIO_ONE, x->r, lo))
        return ovf(x->ctx);
    if (k->to == CAP_OPEN_END)
        *hi = INT64_MAX;
    else if (yb_muldiv(B, k->to, YB_RATIO_ONE, x->r, hi))
        return ovf(x->ctx);
    return YB_OK;
}

static const char *band_text(const cap_range *k, int64_t lo, int64_t hi, char *buf, size_t cap)
{
    char f[32], t[32], l[32], h[32];
    if (k->to == CAP_OPEN_END)
        snprintf(buf, cap, "above %s of the budget (above %s yuan)", cap_ratio(k->from, f), cap_yuan(lo, l));
    else
        snprintf(buf, cap, "%s–%s of the budget (%s–%s yuan)", cap_ratio(k->from, f), cap_ratio(k->to, t),
                 cap_yuan(lo, l), cap_yuan(hi, h));
    return buf;
}

static int surplus(run *x, cap_step_ids ids, unit *u)
{
    char a[32], b[32], s[32], q[32], band[160];
    int rc;
    u->surplus = u->budget - u->spent;
    if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_SURPLUS, ids, u->budget, 0, u->surplus,
                           "surplus (结余) = budget %s − spending %s = %s yuan", cap_yuan(u->budget, a),
                           cap_yuan(u->spent, b), cap_yuan(u->surplus, s))))
        return rc;
    for (size_t k = 0; k < x->p->nsurplus; k++) {
        const cap_range *rg = &x->p->surplus[k];
        int64_t lo, hi, kept;
        if ((rc = bounds(x, u->budget, rg, &lo, &hi)))
            return rc;
        if (u->surplus <= lo)
            break;
        int64_t amt = (u->surplus < hi ? u->surplus : hi) - lo;
        /* C7: kept = round(amount × retain ratio × score factor), one rounding. */
        if (yb_muldiv(amt, rg->ratio * x->factor, (int64_t)YB_RATIO_ONE * YB_RATIO_ONE, x->r, &kept))
            return ovf(x->ctx);
        ids.band = (uint32_t)k;
        if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_SURPLUS_BAND, ids, amt, rg->ratio, kept,
                               "surplus band %zu, %s: %s × retain %s × score factor %s = %s yuan retained (结余留用)",
                               k + 1, band_text(rg, lo, hi, band, sizeof band), cap_yuan(amt, a),
                               cap_ratio(rg->ratio, b), cap_ratio(x->factor, q), cap_yuan(kept, s))))
            return rc;
        u->retained += kept;
    }
    ids.band = YB_CAP_NO_ID;
    u->returned = u->surplus - u->retained;
    return cap_step_add(x->ctx, x->c, YB_CAP_STEP_RETURNED, ids, u->surplus, 0, u->returned,
                        "returned to the fund = surplus %s − retained %s = %s yuan", cap_yuan(u->surplus, a),
                        cap_yuan(u->retained, b), cap_yuan(u->returned, s));
}

static int overspend(run *x, cap_step_ids ids, unit *u)
{
    char a[32], b[32], s[32], band[160];
    int rc;
    u->overspend = u->spent - u->budget;
    if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_OVERSPEND, ids, u->budget, 0, u->overspend,
                           "overspend (超支) = spending %s − budget %s = %s yuan", cap_yuan(u->spent, a),
                           cap_yuan(u->budget, b), cap_yuan(u->overspend, s))))
        return rc;
    if (x->score < x->p->min_score) {
        if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_MIN_SCORE, ids, x->score, 0, 0,
                               "assessment score %s is below the minimum %s: the fund shares none of the overspend",
                               cap_score(x->score, a), cap_score(x->p->min_score, b))))
            return rc;
    } else {
        for (size_t k = 0; k < x->p->nover; k++) {
            const cap_range *rg = &x->p->over[k];
            int64_t lo, hi, fund;
            if ((rc = bounds(x, u->budget, rg, &lo, &hi)))
                return rc;
            if (u->overspend <= lo)
                break;
            int64_t amt = (u->overspend < hi ? u->overspend : hi) - lo;
            /* C8: fund part = round(amount × fund share). */
            if (yb_muldiv(amt, rg->ratio, YB_RATIO_ONE, x->r, &fund))
                return ovf(x->ctx);
            ids.band = (uint32_t)k;
            if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_OVERSPEND_BAND, ids, amt, rg->ratio, fund,
                                   "overspend band %zu, %s: %s × fund share %s = %s yuan borne by the fund (合理超支分担)",
                                   k + 1, band_text(rg, lo, hi, band, sizeof band), cap_yuan(amt, a),
                                   cap_ratio(rg->ratio, b), cap_yuan(fund, s))))
                return rc;
            u->fund += fund;
        }
    }
    u->alliance = u->overspend - u->fund;
    return YB_OK;
}

static int clear_unit(run *x, cap_step_ids ids, unit *u)
{
    return u->spent <= u->budget ? surplus(x, ids, u) : overspend(x, ids, u);
}

static int budget_steps(run *x)
{
    const yb_cap_plan *p = x->p;
    const yb_cap_budget *b = &p->budget;
    char s1[32], s2[32], s3[32], s4[32];
    cap_step_ids ids = cap_no_ids;
    int rc;
    if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_PER_CAPITA, ids, b->per_capita_base, b->growth, b->per_capita,
                           "per-capita amount = last year's per-capita fund spending %s × (1 + growth %s) = %s yuan",
                           cap_yuan(b->per_capita_base, s1), cap_ratio(b->growth, s2), cap_yuan(b->per_capita, s3))))
        return rc;
    if (p->risk_adjust) {
        if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_RISK, ids, b->enrollees, b->normalised_score, b->risk_weight,
                               "risk weight = Σ enrollees × age-sex coefficient + Σ condition enrollees × condition "
                               "coefficient = %s for %lld enrollees (average score %s, ÷ normalisation %s = %s)",
                               cap_ratio(b->risk_weight, s1), (long long)b->enrollees, cap_ratio(b->risk_score, s2),
                               cap_ratio(p->normalisation, s3), cap_ratio(b->normalised_score, s4))))
            return rc;
        if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_GROSS, ids, b->per_capita, b->normalised_score, b->gross,
                               "gross budget = per-capita %s × risk weight %s ÷ normalisation %s = %s yuan",
                               cap_yuan(b->per_capita, s1), cap_ratio(b->risk_weight, s2),
                               cap_ratio(p->normalisation, s3), cap_yuan(b->gross, s4))))
            return rc;
    } else if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_GROSS, ids, b->per_capita, YB_RATIO_ONE, b->gross,
                                  "gross budget = per-capita %s × %lld enrollees = %s yuan", cap_yuan(b->per_capita, s1),
                                  (long long)b->enrollees, cap_yuan(b->gross, s2))))
        return rc;
    for (size_t i = 0; i < p->carves.n; i++) {
        const cap_named *cv = &p->carves.v[i];
        int64_t amt = p->carve_amount[i];
        if (cv->b == CAP_CARVE_PER_CAPITA)
            rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_CARVE_OUT, ids, b->enrollees, 0, amt,
                              "carve-out %s (%s) = %s yuan per enrollee × %lld = %s yuan", cv->code, cv->name,
                              cap_yuan(cv->a, s1), (long long)b->enrollees, cap_yuan(amt, s2));
        else if (cv->b == CAP_CARVE_RATIO)
            rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_CARVE_OUT, ids, b->gross, cv->a, amt,
                              "carve-out %s (%s) = gross %s × %s = %s yuan", cv->code, cv->name, cap_yuan(b->gross, s1),
                              cap_ratio(cv->a, s2), cap_yuan(amt, s3));
        else
            rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_CARVE_OUT, ids, amt, 0, amt,
                              "carve-out %s (%s) = fixed %s yuan", cv->code, cv->name, cap_yuan(amt, s1));
        if (rc)
            return rc;
    }
    int64_t net = b->gross - b->carve_outs;
    if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_RESERVE, ids, net, p->reserve_ratio, b->reserve,
                           "risk reserve (风险调剂金) = (gross − carve-outs) %s × %s = %s yuan, withheld by the fund",
                           cap_yuan(net, s1), cap_ratio(p->reserve_ratio, s2), cap_yuan(b->reserve, s3))) ||
        (rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_POT, ids, b->gross, 0, b->pot,
                           "pot = gross %s − carve-outs %s − reserve %s = %s yuan", cap_yuan(b->gross, s1),
                           cap_yuan(b->carve_outs, s2), cap_yuan(b->reserve, s3), cap_yuan(b->pot, s4))))
        return rc;
    for (size_t i = 0; p->pots.n > 1 && i < p->pots.n; i++) {
        ids.pot = (uint32_t)i;
        if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_POT, ids, b->pot, p->pots.v[i].a, p->pot_budget[i],
                               "pot %s (%s) = %s × share %s = %s yuan (largest remainder)", p->pots.v[i].code,
                               p->pots.v[i].name, cap_yuan(b->pot, s1), cap_ratio(p->pots.v[i].a, s2),
                               cap_yuan(p->pot_budget[i], s3))))
            return rc;
    }
    return YB_OK;
}

/* Split of an amount among tiers by share (retained) or loss share. */
static int tier_split(run *x, int64_t total, int loss)
{
    const cap_list *t = &x->p->tiers;
    int64_t w[CAP_MAX_TIERS], part[CAP_MAX_TIERS];
    char a[32], b[32], s[32];
    if (total == 0)
        return YB_OK;
    for (size_t i = 0; i < t->n; i++)
        w[i] = loss ? t->v[i].b : t->v[i].a;
    int rc = yb_allocate(total, w, t->n, part);
    if (rc)
        return yb_fail(x->ctx, rc, "cannot split among tiers");
    for (size_t i = 0; i < t->n; i++) {
        cap_step_ids ids = cap_no_ids;
        ids.tier = (uint32_t)i;
        if (loss)
            x->c->tiers[i].loss = part[i];
        else
            x->c->tiers[i].retained = part[i];
        if ((rc = cap_step_add(x->ctx, x->c, loss ? YB_CAP_STEP_TIER_LOSS : YB_CAP_STEP_TIER_RETAINED, ids, total,
                               w[i], part[i], "%s tier %s (%s): %s × %s = %s yuan (largest remainder)",
                               loss ? "overspend borne by" : "retained surplus to", t->v[i].code, t->v[i].name,
                               cap_yuan(total, a), cap_ratio(w[i], b), cap_yuan(part[i], s))))
            return rc;
    }
    return YB_OK;
}

/* Spending per pot and kind over months 1 … M; advances over the same months. */
static int gather(run *x, const yb_cap_ledger *l, int32_t M, int64_t *spent /* [3][npots] */, int64_t *adv)
{
    size_t np = x->p->pots.n;
    *adv = 0;
    for (int32_t m = 0; m < M; m++) {
        if (cap_add(*adv, l->advance[m], adv))
            return ovf(x->ctx);
        for (int k = 0; k < 3; k++)
            for (size_t p = 0; p < np; p++)
                if (cap_add(spent[k * np + p], *cap_spend_cell(l, k, m, (uint32_t)p), &spent[k * np + p]))
                    return ovf(x->ctx);
    }
    return YB_OK;
}

static int sum3(yb_ctx *ctx, int64_t a, int64_t b, int64_t c, int64_t *out)
{
    return cap_add(a, b, out) || cap_add(*out, c, out) ? ovf(ctx) : YB_OK;
}

static int spending_steps(run *x, const int64_t *spent, int32_t M, yb_cap_summary *S)
{
    static const char *const what[3] = { "inside the alliance", "in other counties of the province (异地)",
                                         "out of the province (跨省异地)" };
    size_t np = x->p->pots.n;
    int64_t *tot[3] = { &S->spent_alliance, &S->spent_other_county, &S->spent_out_of_province };
    char a[32];
    int rc;
    for (int k = 0; k < 3; k++) {
        for (size_t p = 0; p < np; p++)
            if (cap_add(*tot[k], spent[k * np + p], tot[k]))
                return ovf(x->ctx);
        if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_SPENT, cap_no_ids, 0, 0, *tot[k],
                               "spending of enrollees %s, months 1–%d: %s yuan", what[k], (int)M, cap_yuan(*tot[k], a))))
            return rc;
    }
    if ((rc = sum3(x->ctx, S->spent_alliance, S->spent_other_county, S->spent_out_of_province, &S->spent_total)))
        return rc;
    for (size_t p = 0; p < np; p++) {
        yb_cap_pot_result *pr = &x->c->pots[p];
        if ((rc = sum3(x->ctx, spent[p], spent[np + p], spent[2 * np + p], &pr->spent)))
            return rc;
        if (np > 1) {
            cap_step_ids ids = cap_no_ids;
            ids.pot = (uint32_t)p;
            if ((rc = cap_step_add(x->ctx, x->c, YB_CAP_STEP_SPENT, ids, pr->budget, 0, pr->spent,
                                   "spending charged to pot %s: %s yuan", x->p->pots.v[p].code, cap_yuan(pr->spent, a))))
                return rc;
        }
    }
    return YB_OK;
}

static int units(run *x, yb_cap_summary *S)
{
    size_t np = x->p->pots.n;
    int rc;
    if (x->p->basis == CAP_BASIS_TOTAL) {
        unit u = { .budget = S->budget, .spent = S->spent_total };
        if ((rc = clear_unit(x, cap_no_ids, &u)))
            return rc;
        S->surplus = u.surplus, S->retained = u.retained, S->returned = u.returned;
        S->overspend = u.overspend, S->fund_share = u.fund, S->alliance_share = u.alliance;
        for (size_t p = 0; p < np; p++) { /* pots are shown, not cleared, one by one */
            yb_cap_pot_result *pr = &x->c->pots[p];
            pr->surplus = pr->budget > pr->spent ? pr->budget - pr->spent : 0;
            pr->overspend = pr->spent > pr->budget ? pr->spent - pr->budget : 0;
        }
        return YB_OK;
    }
    for (size_t p = 0; p < np; p++) {
        yb_cap_pot_result *pr = &x->c->pots[p];
        unit u = { .budget = pr->budget, .spent = pr->spent };
        cap_step_ids ids = cap_no_ids;
        ids.pot = (uint32_t)p;
        if ((rc = clear_unit(x, ids, &u)))
            return rc;
        pr->surplus = u.surplus, pr->overspend = u.overspend, pr->retained = u.retained, pr->fund_share = u.fund;
        if (cap_add(S->surplus, u.surplus, &S->surplus) || cap_add(S->retained, u.retained, &S->retained) ||
            cap_add(S->returned, u.returned, &S->returned) || cap_add(S->overspend, u.overspend, &S->overspend) ||
            cap_add(S->fund_share, u.fund, &S->fund_share) ||
            cap_add(S->alliance_share, u.alliance, &S->alliance_share))
            return ovf(x->ctx);
    }
    return YB_OK;
}

int cap_clear_alliance(yb_ctx *ctx, const yb_cap_plan *p, const yb_cap_ledger *l, int32_t M, int64_t score,
                       int64_t factor, yb_cap_clearing *c)
{
    run x = { ctx, p, c, p->rounding, score, factor };
    yb_cap_summary *S = &c->sum;
    size_t np = p->pots.n;
    char a[32], b[32], s[32], q[32], e[32];
    int rc;
    c->npots = np;
    c->ntiers = p->tiers.n;
    c->pots = yb_mem_calloc(&c->mem, np, sizeof *c->pots);
    c->tiers = yb_mem_calloc(&c->mem, c->ntiers, sizeof *c->tiers);
    int64_t *spent = yb_mem_calloc(&c->mem, 3 * np, sizeof *spent);
    if (!c->pots || !c->tiers || !spent) {
        yb_mem_free(&c->mem, spent);
        return yb_fail_nomem(ctx, "a clearing");
    }
    for (size_t i = 0; i < np; i++)
        c->pots[i].size = sizeof *c->pots;
    for (size_t i = 0; i < c->ntiers; i++)
        c->tiers[i].size = sizeof *c->tiers;
    S->score = score;
    S->retention_factor = factor;
    /* C6: the budget of months 1 … M is the sum of the pot's 12 equal monthly parts. */
    rc = budget_steps(&x);
    for (size_t i = 0; !rc && i < np; i++)
        if ((rc = cap_months_through(p->pot_budget[i], M, &c->pots[i].budget)) ||
            (rc = cap_add(S->budget, c->pots[i].budget, &S->budget)))
            rc = ovf(ctx);
    if (!rc && (rc = cap_months_through(p->budget.reserve, M, &S->reserve)))
        rc = ovf(ctx);
    if (!rc && M < YB_CAP_MONTHS)
        rc = cap_step_add(ctx, c, YB_CAP_STEP_PERIOD, cap_no_ids, p->budget.pot, 0, S->budget,
                          "interim clearing of months 1–%d: budget = Σ of %d of the pot's 12 monthly parts = %s yuan; "
                          "reserve for the period %s yuan", (int)M, (int)M, cap_yuan(S->budget, a),
                          cap_yuan(S->reserve, b));
    if (!rc)
        rc = gather(&x, l, M, spent, &S->advances);
    if (!rc)
        rc = spending_steps(&x, spent, M, S);
    yb_mem_free(&c->mem, spent);
    if (rc)
        return rc;
    if ((rc = cap_step_add(ctx, c, YB_CAP_STEP_ADVANCES, cap_no_ids, 0, 0, S->advances,
                           "advances paid to the alliance, months 1–%d: %s yuan", (int)M, cap_yuan(S->advances, a))) ||
        (rc = cap_step_add(ctx, c, YB_CAP_STEP_SCORE, cap_no_ids, score, factor, 0,
                           "assessment score %s of 100 → surplus retention factor %s", cap_score(score, a),
                           cap_ratio(factor, b))) ||
        (rc = units(&x, S)))
        return rc;
    /* The fund's share of the overspend is paid from the reserve first. */
    S->reserve_used = S->fund_share < S->reserve ? S->fund_share : S->reserve;
    S->reserve_left = S->reserve - S->reserve_used;
    if (S->fund_share &&
        (rc = cap_step_add(ctx, c, YB_CAP_STEP_RESERVE_USED, cap_no_ids, S->fund_share, 0, S->reserve_used,
                           "the fund's overspend share %s is paid from the risk reserve %s: %s used, %s left; "
                           "%s from the pooled fund beyond the reserve", cap_yuan(S->fund_share, a),
                           cap_yuan(S->reserve, b), cap_yuan(S->reserve_used, s), cap_yuan(S->reserve_left, q),
                           cap_yuan(S->fund_share - S->reserve_used, e))))
        return rc;
    if ((rc = tier_split(&x, S->retained, 0)) || (rc = tier_split(&x, S->alliance_share, 1)))
        return rc;
    /* Payment to the alliance, the fund's outlay and the balance still due. */
    if (cap_add(S->spent_alliance, S->retained, &S->alliance_payment) ||
        cap_add(S->alliance_payment, -S->alliance_share, &S->alliance_payment) ||
        sum3(ctx, S->spent_other_county, S->spent_out_of_province, S->alliance_payment, &S->fund_outlay) ||
        cap_add(S->alliance_payment, -S->advances, &S->balance_due))
        return ovf(ctx);
    if ((rc = cap_step_add(ctx, c, YB_CAP_STEP_PAYMENT, cap_no_ids, S->spent_alliance, 0, S->alliance_payment,
                           "payment to the alliance = its spending %s + retained %s − overspend it bears %s = %s yuan",
                           cap_yuan(S->spent_alliance, a), cap_yuan(S->retained, b), cap_yuan(S->alliance_share, s),
                           cap_yuan(S->alliance_payment, q))) ||
        (rc = cap_step_add(ctx, c, YB_CAP_STEP_BALANCE, cap_no_ids, S->alliance_payment, 0, S->balance_due,
                           "balance due = payment %s − advances %s = %s yuan%s", cap_yuan(S->alliance_payment, a),
                           cap_yuan(S->advances, b), cap_yuan(S->balance_due, s),
                           S->balance_due < 0 ? " (the alliance repays the fund)" : "")))
        return rc;
    /* Conservation, exact in fen (checked in 128 bits). */
    yb_i128 lhs = (yb_i128)S->budget + S->fund_share + S->alliance_share;
    yb_i128 rhs = (yb_i128)S->spent_total + S->retained + S->returned;
    if (lhs != rhs)
        return yb_fail(ctx, YB_E_INTERNAL, "capitation clearing does not conserve money (please report)");
    return YB_OK;
}
