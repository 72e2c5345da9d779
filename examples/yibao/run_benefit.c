/* run-year, benefit: every member claim of the settlement year adjudicated
 * through the tiers (pooled fund, critical illness, civil-servant subsidy,
 * medical assistance, personal account, cash) in date order against one
 * member ledger whose accounts are credited on 1 January; and the previous
 * year's inpatient claims re-priced under the same policy on a scratch
 * ledger — the base of the fund's inpatient budget (run_points.c). */
#include <stdlib.h>
#include <string.h>

#include "core/ctx_internal.h"

#include "run_year.h"

typedef struct cols {
    uint64_t *member_id, *payer;
    int32_t *date;
    int8_t *insured, *category, *civil;
    uint32_t *item;
} cols;

static void cols_free(cols *c)
{
    free(c->member_id); free(c->payer); free(c->date);
    free(c->insured); free(c->category); free(c->civil); free(c->item);
}

static int alloc_results(run_claims *r, size_t n)
{
    size_t m = n ? n : 1;
    r->status = calloc(m, sizeof *r->status);
    r->admission = calloc(m, sizeof *r->admission);
    int64_t **f[] = { &r->total, &r->full_self_pay, &r->over_limit, &r->b_first_pay, &r->in_scope, &r->deductible,
                      &r->pooled, &r->critical_illness, &r->other_funds, &r->assistance, &r->fund_total,
                      &r->personal, &r->account_pay, &r->family_aid, &r->cash_pay };
    int bad = !r->status || !r->admission;
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        bad |= !(*f[i] = calloc(m, sizeof **f[i]));
    return bad ? -1 : 0;
}

/* Settles claims [a, b) into the ledger, results at the same rows. */
static int settle(run_state *s, yb_benefit_ledger *ledger, const cols *c, size_t a, size_t b, const char *stage)
{
    const region_claims *k = &s->data.k;
    run_claims *r = &s->cl;
    if (b <= a)
        return YB_OK;
    yb_claim_columns in = { .size = sizeof in, .n = b - a, .claim_id = k->id + a, .member_id = c->member_id + a,
                            .date = c->date + a, .insured = c->insured + a, .level = k->level + a,
                            .place = k->place + a, .visit = k->visit + a, .category = c->category + a,
                            .civil_servant = c->civil + a, .family_payer = c->payer + a,
                            .line_row_offsets = k->line_row + a, .item_ids = c->item,
                            .quantity = k->qty, .price = k->price, .amount = k->amount };
    yb_settlement_columns out = { .size = sizeof out, .n = b - a, .total = r->total + a,
                                  .full_self_pay = r->full_self_pay + a, .over_limit = r->over_limit + a,
                                  .b_first_pay = r->b_first_pay + a, .in_scope = r->in_scope + a,
                                  .deductible = r->deductible + a, .pooled = r->pooled + a,
                                  .critical_illness = r->critical_illness + a, .other_funds = r->other_funds + a,
                                  .assistance = r->assistance + a, .fund_total = r->fund_total + a,
                                  .personal = r->personal + a, .account_pay = r->account_pay + a,
                                  .family_aid = r->family_aid + a, .cash_pay = r->cash_pay + a,
                                  .admission = r->admission + a };
    run_stage(s, stage);
    int64_t bad = yb_benefit_settle_batch(s->ctx, s->policy, ledger, &in, YB_SETTLE_FINAL, &out, r->status + a);
    if (bad < 0)
        return (int)bad;
    r->failed += (size_t)bad;
    return YB_OK;
}

static int credit_accounts(run_state *s, yb_benefit_ledger *ledger)
{
    const region_members *m = &s->data.m;
    for (size_t i = 0; i < m->n; i++) {
        if (m->account_credit[i] <= 0)
            continue;
        int rc = yb_benefit_ledger_account_credit(s->ctx, ledger, m->id[i], m->account_credit[i]);
        if (rc)
            return rc;
    }
    return YB_OK;
}

int run_benefit(run_state *s)
{
    yb_ctx *ctx = s->ctx;
    const region_claims *k = &s->data.k;
    const region_members *m = &s->data.m;
    cols c = { 0 };
    yb_benefit_ledger *scratch = NULL;
    size_t n = k->n;
    int rc = YB_OK;
    c.member_id = malloc((n ? n : 1) * sizeof *c.member_id);
    c.payer = malloc((n ? n : 1) * sizeof *c.payer);
    c.date = malloc((n ? n : 1) * sizeof *c.date);
    c.insured = malloc(n ? n : 1);
    c.category = malloc(n ? n : 1);
    c.civil = malloc(n ? n : 1);
    c.item = malloc((k->lines ? k->lines : 1) * sizeof *c.item);
    if (!c.member_id || !c.payer || !c.date || !c.insured || !c.category || !c.civil || !c.item || alloc_results(&s->cl, n)) {
        rc = yb_fail_nomem(ctx, "claims");
        goto done;
    }
    uint32_t ids[REGION_MAX_ITEMS];
    for (size_t i = 0; i < s->d->n_items; i++) {
        const char *code = s->d->items[i].code;
        if ((rc = yb_benefit_policy_item_id(s->policy, code, strlen(code), &ids[i])))
            goto done;
    }
    for (size_t l = 0; l < k->lines; l++)
        c.item[l] = ids[k->item[l]];
    size_t first = n; /* claims are in date order: [0, first) the year before, [first, n) the year */
    for (size_t j = 0; j < n; j++) {
        uint32_t i = k->member[j];
        c.member_id[j] = m->id[i];
        c.payer[j] = m->family_payer[i];
        c.insured[j] = m->insured[i];
        c.category[j] = m->category[i];
        c.civil[j] = m->civil[i];
        c.date[j] = k->date[j];
        if (k->date[j] / 10000 < s->year) {
            /* last year's claims are re-priced under this year's policy: dated one year on */
            int32_t d = k->date[j] + 10000;
            c.date[j] = d % 10000 == 229 ? d - 1 : d;
        } else if (first == n) {
            first = j;
        }
    }
    /* the base year, on a scratch ledger */
    if ((rc = yb_benefit_ledger_new(ctx, &scratch)) ||
        (rc = yb_benefit_ledger_reserve(ctx, scratch, m->n, first)) || (rc = credit_accounts(s, scratch)) ||
        (rc = settle(s, scratch, &c, 0, first, "benefit (last year, re-priced)")))
        goto done;
    for (size_t j = 0; j < first; j++) {
        if (s->cl.status[j] || k->visit[j] != VISIT_INPATIENT)
            continue;
        int p = run_pool_of_member(s, k->member[j]);
        if (k->place[j] == PLACE_LOCAL) {
            s->base_pooled[p] += s->cl.pooled[j];
            s->base_total[p] += s->cl.total[j];
        } else {
            s->base_out_of_area[p] += s->cl.pooled[j];
        }
    }
    /* the settlement year */
    if ((rc = yb_benefit_ledger_new(ctx, &s->ledger)) ||
        (rc = yb_benefit_ledger_reserve(ctx, s->ledger, m->n, n - first)) || (rc = credit_accounts(s, s->ledger)))
        goto done;
    s->claim_first = first;
    s->base_failed = s->cl.failed;
    s->cl.failed = 0;
    rc = settle(s, s->ledger, &c, first, n, "benefit (settlement year)");
done:
    yb_benefit_ledger_free(scratch);
    cols_free(&c);
    return rc;
}
