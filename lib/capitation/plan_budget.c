/* The budget of an alliance plan (doc/capitation.md, "Budget"): per-capita
 * amount, risk weight, gross budget, carve-outs, risk reserve, pot, pots by
 * class and the monthly advance schedule. Every rounding step is numbered as
 * in doc/rounding.md (C1 … C5). */
#include <string.h>

#include "cap_internal.h"
#include "core/fixed.h"

int cap_months_through(int64_t annual, int32_t through, int64_t *out)
{
    static const int64_t ones[YB_CAP_MONTHS] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    int64_t parts[YB_CAP_MONTHS];
    int rc = yb_allocate(annual, ones, YB_CAP_MONTHS, parts);
    if (rc)
        return rc;
    int64_t s = 0;
    for (int32_t m = 0; m < through && m < YB_CAP_MONTHS; m++)
        s += parts[m]; /* parts add up to annual: no overflow */
    *out = s;
    return YB_OK;
}

static int overflow(yb_ctx *ctx, const char *what)
{
    return yb_fail(ctx, YB_E_OVERFLOW, "the plan's %s does not fit in 64-bit fen", what);
}

/* W = Σ_band n_b × a_b + Σ_condition m_c × h_c (6 decimals). */
static int risk_weight(yb_ctx *ctx, const yb_cap_plan *p, int64_t *out)
{
    yb_i128 w = 0;
    for (size_t i = 0; i < p->nbands; i++)
        w += (yb_i128)p->bands[i].enrollees * p->bands[i].coef;
    for (size_t i = 0; i < p->conds.n; i++)
        w += (yb_i128)p->conds.v[i].b * p->conds.v[i].a;
    if (yb_i128_to_i64(w, out))
        return overflow(ctx, "risk weight");
    if (*out <= 0)
        return yb_fail(ctx, YB_E_PARAM, "the plan's risk weight is zero: every enrolled band has coefficient 0");
    return YB_OK;
}

int cap_compute_budget(yb_ctx *ctx, yb_cap_plan *p)
{
    yb_cap_budget *b = &p->budget;
    const int r = p->rounding;
    int rc;
    b->size = sizeof *b;
    b->year = p->year;
    b->per_capita_base = p->per_capita_base;
    b->growth = p->growth;
    /* C1: per-capita = round(base × (1 + growth)) in fen. */
    if ((rc = yb_muldiv(p->per_capita_base, YB_RATIO_ONE + p->growth, YB_RATIO_ONE, r, &b->per_capita)))
        return overflow(ctx, "per-capita amount");
    if (p->risk_adjust) {
        if ((rc = risk_weight(ctx, p, &b->risk_weight)))
            return rc;
        /* C2: gross = round(per-capita × W ÷ normalisation). */
        if (yb_muldiv(b->per_capita, b->risk_weight, p->normalisation, r, &b->gross))
            return overflow(ctx, "gross budget");
        /* Display only: average raw score W ÷ N and normalised W ÷ (N × norm). */
        if (yb_muldiv(b->risk_weight, 1, b->enrollees, r, &b->risk_score))
            return overflow(ctx, "risk score");
        yb_i128 den = (yb_i128)b->enrollees * p->normalisation;
        yb_i128 num = (yb_i128)b->risk_weight * YB_RATIO_ONE;
        if (yb_i128_to_i64(yb_div_round_i128(num, den, r), &b->normalised_score))
            return overflow(ctx, "normalised score");
    } else {
        if (cap_mul(b->enrollees, YB_RATIO_ONE, &b->risk_weight) || cap_mul(b->per_capita, b->enrollees, &b->gross))
            return overflow(ctx, "gross budget");
        b->risk_score = b->normalised_score = YB_RATIO_ONE;
    }
    /* C3: carve-outs. */
    if (p->carves.n) {
        p->carve_amount = yb_mem_calloc(&p->mem, p->carves.n, sizeof *p->carve_amount);
        if (!p->carve_amount)
            return yb_fail_nomem(ctx, "the carve-outs");
    }
    for (size_t i = 0; i < p->carves.n; i++) {
        const cap_named *c = &p->carves.v[i];
        int64_t *a = &p->carve_amount[i];
        if (c->b == CAP_CARVE_PER_CAPITA)
            rc = cap_mul(c->a, b->enrollees, a);
        else if (c->b == CAP_CARVE_RATIO)
            rc = yb_muldiv(b->gross, c->a, YB_RATIO_ONE, r, a);
        else
            *a = c->a;
        if (rc || cap_add(b->carve_outs, *a, &b->carve_outs))
            return overflow(ctx, "carve-outs");
    }
    if (b->carve_outs > b->gross) {
        char c1[32], c2[32];
        yb_decimal_format(b->carve_outs, YB_MONEY_DECIMALS, c1, sizeof c1);
        yb_decimal_format(b->gross, YB_MONEY_DECIMALS, c2, sizeof c2);
        yb_errloc loc = { .field = "carveouts", .value = c1, .value_len = strlen(c1) };
        return yb_fail_at(ctx, YB_E_PARAM, &loc, "the carve-outs (%s yuan) exceed the gross budget (%s yuan)", c1, c2);
    }
    /* C4: reserve = round((gross − carve-outs) × reserve ratio); pot = the rest. */
    int64_t net = b->gross - b->carve_outs;
    if (yb_muldiv(net, p->reserve_ratio, YB_RATIO_ONE, r, &b->reserve))
        return overflow(ctx, "risk reserve");
    b->pot = net - b->reserve;
    /* Pots by class: largest-remainder split of the pot by share. */
    p->pot_budget = yb_mem_calloc(&p->mem, p->pots.n, sizeof *p->pot_budget);
    int64_t *w = yb_mem_calloc(&p->mem, p->pots.n, sizeof *w);
    if (!p->pot_budget || !w) {
        yb_mem_free(&p->mem, w);
        return yb_fail_nomem(ctx, "the pots");
    }
    for (size_t i = 0; i < p->pots.n; i++)
        w[i] = p->pots.v[i].a;
    rc = yb_allocate(b->pot, w, p->pots.n, p->pot_budget);
    yb_mem_free(&p->mem, w);
    if (rc)
        return yb_fail(ctx, rc, "cannot split the pot by class");
    /* C5: advances = round(pot × advance ratio), split into 12 months. */
    static const int64_t ones[YB_CAP_MONTHS] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    if (yb_muldiv(b->pot, p->advance_ratio, YB_RATIO_ONE, r, &b->advance_total) ||
        yb_allocate(b->advance_total, ones, YB_CAP_MONTHS, b->advance))
        return overflow(ctx, "advance schedule");
    return YB_OK;
}
