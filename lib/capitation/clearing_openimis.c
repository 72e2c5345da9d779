/* openIMIS-style capitation, month by month (doc/capitation.md, "openIMIS
 * mode"). The rules follow the openIMIS stored procedure
 * uspCreateCapitationPaymentReportData (openimis/database_ms_sqlserver,
 * commit 0e5ee533) and the Capitation Payment report of the openIMIS user
 * manual (docs.openimis.org, user_manual/tools/reports/
 * product_capitation_payment):
 *   pot_m          = contributions allocated to month m × share of contributions
 *   pot_{m,k}      = pot_m × weight_k                     (six criteria k)
 *   unit price_k   = pot_{m,k} ÷ Σ_facilities quantity_k
 *   payment_{f,k}  = quantity_{f,k} × unit price_k
 * openIMIS multiplies in DECIMAL(18,6) and leaves the sums to fall where they
 * may; here each pot is split with the largest-remainder method so that the
 * facility payments add up to the pot exactly, and a criterion no facility
 * has any quantity of stays undistributed. */
#include <string.h>

#include "cap_internal.h"
#include "core/fixed.h"

static const char *const criterion_names[YB_CAP_CRITERIA] = {
    "population", "families", "insured persons", "insured families", "visits", "adjusted amount (yuan)",
};

static int ovf(yb_ctx *ctx)
{
    return yb_fail(ctx, YB_E_OVERFLOW, "an openIMIS capitation amount does not fit in 64 bits");
}

/* Quantity of criterion k for facility f in month m (6 decimals). */
static int quantity(const yb_cap_plan *p, const yb_cap_ledger *l, int m, size_t f, int k, int64_t *q)
{
    if (k < CAP_STATIC_CRITERIA) {
        *q = p->facilities.v[f].qty[k];
        return YB_OK;
    }
    if (k == YB_CAP_VISITS_COUNT)
        return cap_mul(l->visits[(size_t)m * l->nfac + f], YB_RATIO_ONE, q);
    return cap_mul(l->adjusted[(size_t)m * l->nfac + f], 10000, q); /* fen → yuan with 6 decimals */
}

static int criterion(yb_ctx *ctx, const yb_cap_plan *p, const yb_cap_ledger *l, yb_cap_clearing *c, int m, int k,
                     int64_t *q, int64_t *parts)
{
    const size_t nf = p->facilities.n;
    yb_cap_month_result *mr = &c->months[m];
    cap_step_ids ids = cap_no_ids;
    ids.month = m + 1;
    ids.criterion = k;
    char a[32], b[32], s[32];
    int64_t total = 0, cpot = mr->criterion_pot[k];
    int rc;
    for (size_t f = 0; f < nf; f++)
        if (quantity(p, l, m, f, k, &q[f]) || cap_add(total, q[f], &total))
            return ovf(ctx);
    mr->total_quantity[k] = total;
    if ((rc = cap_step_add(ctx, c, YB_CAP_STEP_CRITERION_POT, ids, mr->pot, p->weight[k], cpot,
                           "month %d, %s: pot %s × weight %s = %s yuan", m + 1, criterion_names[k],
                           cap_yuan(mr->pot, a), cap_ratio(p->weight[k], b), cap_yuan(cpot, s))))
        return rc;
    if (total == 0) {
        mr->undistributed += cpot;
        if (!cpot)
            return YB_OK;
        return cap_step_add(ctx, c, YB_CAP_STEP_UNDISTRIBUTED, ids, 0, 0, cpot,
                            "month %d, %s: no facility has any, so %s yuan stay undistributed", m + 1,
                            criterion_names[k], cap_yuan(cpot, a));
    }
    /* O3: unit price (yuan per unit, 6 decimals) = pot ÷ total, for display. */
    if (yb_muldiv(cpot, (int64_t)10000000000, total, p->rounding, &mr->unit_price[k]))
        return ovf(ctx);
    if ((rc = cap_step_add(ctx, c, YB_CAP_STEP_UNIT_PRICE, ids, total, 0, mr->unit_price[k],
                           "month %d, %s: unit price = %s yuan ÷ %s = %s yuan per unit", m + 1, criterion_names[k],
                           cap_yuan(cpot, a), cap_ratio(total, b), cap_ratio(mr->unit_price[k], s))))
        return rc;
    /* O4: facility payments = largest-remainder split of the pot by quantity. */
    if ((rc = yb_allocate(cpot, q, nf, parts)))
        return yb_fail(ctx, rc, "cannot split a criterion pot among facilities");
    for (size_t f = 0; f < nf; f++) {
        yb_cap_facility_payment *fp = &c->pay[(size_t)m * nf + f];
        fp->quantity[k] = q[f];
        fp->payment[k] = parts[f];
        fp->total += parts[f]; /* parts add up to cpot: no overflow */
        mr->distributed += parts[f];
        if (!q[f])
            continue;
        ids.facility = (uint32_t)f;
        if ((rc = cap_step_add(ctx, c, YB_CAP_STEP_FACILITY, ids, q[f], 0, parts[f],
                               "month %d, facility %s, %s: %s × unit price %s = %s yuan", m + 1,
                               p->facilities.v[f].code, criterion_names[k], cap_ratio(q[f], a),
                               cap_ratio(mr->unit_price[k], b), cap_yuan(parts[f], s))))
            return rc;
    }
    return YB_OK;
}

static int month(yb_ctx *ctx, const yb_cap_plan *p, const yb_cap_ledger *l, yb_cap_clearing *c, int m,
                 int64_t *q, int64_t *parts)
{
    yb_cap_month_result *mr = &c->months[m];
    cap_step_ids ids = cap_no_ids;
    ids.month = m + 1;
    char a[32], b[32], s[32];
    int rc;
    mr->size = sizeof *mr;
    mr->allocated = l->contribution[m];
    /* O1: the month's capitation pot = round(allocated × share of contributions). */
    if (yb_muldiv(mr->allocated, p->share_contribution, YB_RATIO_ONE, p->rounding, &mr->pot))
        return ovf(ctx);
    if ((rc = cap_step_add(ctx, c, YB_CAP_STEP_ALLOCATED, ids, mr->allocated, p->share_contribution, mr->pot,
                           "month %d: contributions allocated %s × share for capitation %s = pot %s yuan", m + 1,
                           cap_yuan(mr->allocated, a), cap_ratio(p->share_contribution, b), cap_yuan(mr->pot, s))))
        return rc;
    /* O2: criterion pots = largest-remainder split of the pot by weight; the
     * unweighted rest (1 − Σ weights) is not distributed. */
    int64_t w[YB_CAP_CRITERIA + 1], cp[YB_CAP_CRITERIA + 1];
    w[YB_CAP_CRITERIA] = YB_RATIO_ONE;
    for (int k = 0; k < YB_CAP_CRITERIA; k++) {
        w[k] = p->weight[k];
        w[YB_CAP_CRITERIA] -= w[k];
    }
    if ((rc = yb_allocate(mr->pot, w, YB_CAP_CRITERIA + 1, cp)))
        return yb_fail(ctx, rc, "cannot split the month's pot by criterion");
    memcpy(mr->criterion_pot, cp, sizeof mr->criterion_pot);
    mr->undistributed = cp[YB_CAP_CRITERIA];
    if (cp[YB_CAP_CRITERIA] &&
        (rc = cap_step_add(ctx, c, YB_CAP_STEP_UNDISTRIBUTED, ids, mr->pot, w[YB_CAP_CRITERIA], cp[YB_CAP_CRITERIA],
                           "month %d: the weights leave %s of the pot unweighted: %s yuan stay undistributed", m + 1,
                           cap_ratio(w[YB_CAP_CRITERIA], a), cap_yuan(cp[YB_CAP_CRITERIA], b))))
        return rc;
    for (size_t f = 0; f < p->facilities.n; f++) {
        yb_cap_facility_payment *fp = &c->pay[(size_t)m * p->facilities.n + f];
        fp->size = sizeof *fp;
        fp->month = m + 1;
        fp->facility = (uint32_t)f;
    }
    for (int k = 0; k < YB_CAP_CRITERIA; k++)
        if ((rc = criterion(ctx, p, l, c, m, k, q, parts)))
            return rc;
    return YB_OK;
}

int cap_clear_openimis(yb_ctx *ctx, const yb_cap_plan *p, const yb_cap_ledger *l, int32_t M, yb_cap_clearing *c)
{
    const size_t nf = p->facilities.n;
    c->nmonths = M;
    c->npay = (size_t)M * nf;
    c->pay = yb_mem_calloc(&c->mem, c->npay, sizeof *c->pay);
    int64_t *q = yb_mem_calloc(&c->mem, nf, sizeof *q);
    int64_t *parts = yb_mem_calloc(&c->mem, nf, sizeof *parts);
    int rc = c->pay && q && parts ? YB_OK : yb_fail_nomem(ctx, "an openIMIS clearing");
    for (int m = 0; !rc && m < M; m++)
        rc = month(ctx, p, l, c, m, q, parts);
    yb_mem_free(&c->mem, q);
    yb_mem_free(&c->mem, parts);
    if (rc)
        return rc;
    yb_cap_summary *S = &c->sum;
    S->score = 100 * (int64_t)YB_SCORE_ONE;
    S->retention_factor = YB_RATIO_ONE;
    for (int m = 0; m < M; m++) {
        const yb_cap_month_result *mr = &c->months[m];
        if (cap_add(S->allocated, mr->allocated, &S->allocated) || cap_add(S->pot, mr->pot, &S->pot) ||
            cap_add(S->distributed, mr->distributed, &S->distributed) ||
            cap_add(S->undistributed, mr->undistributed, &S->undistributed))
            return ovf(ctx);
        if (mr->distributed + mr->undistributed != mr->pot)
            return yb_fail(ctx, YB_E_INTERNAL, "openIMIS capitation does not conserve money (please report)");
    }
    return YB_OK;
}
