/* run-year, points: the budget point value of each pool from the history
 * (points of the history years' cases under the year's book, weighted 1:2:7),
 * the DIP total (fund budget) of each pool by expenditure items, the year's
 * cases settled at the budget values with monthly advances, and the year-end
 * clearing at the settlement point values (doc/points.md). */
#include <stdlib.h>
#include <string.h>

#include "core/ctx_internal.h"
#include "core/pack.h"

#include "run_year.h"

typedef struct pcols {
    uint32_t *group, *hospital;
    int8_t *insurance, *month;
    int64_t *cost, *self_pay, *sub_off;
    int32_t *los;
    char *sub;
    size_t sub_len, sub_cap;
} pcols;

static void pcols_free(pcols *p)
{
    free(p->group); free(p->hospital); free(p->insurance); free(p->month); free(p->cost); free(p->self_pay);
    free(p->sub_off); free(p->los); free(p->sub);
    memset(p, 0, sizeof *p);
}

/* Points columns of the cases rows[0 … n): book ids of their DIP group and
 * hospital, insurance pool, cost, in-scope patient payment, subtype code. */
static int make_pcols(run_state *s, const int64_t *rows, size_t n, const int64_t *self_pay, pcols *p,
                      yb_points_case_columns *in)
{
    const region_cases *c = &s->data.c;
    memset(p, 0, sizeof *p);
    size_t m = n ? n : 1;
    p->group = malloc(m * sizeof *p->group); p->hospital = malloc(m * sizeof *p->hospital);
    p->insurance = malloc(m); p->month = malloc(m); p->cost = malloc(m * sizeof *p->cost);
    p->self_pay = malloc(m * sizeof *p->self_pay); p->sub_off = malloc((n + 1) * sizeof *p->sub_off);
    p->los = malloc(m * sizeof *p->los);
    if (!p->group || !p->hospital || !p->insurance || !p->month || !p->cost || !p->self_pay || !p->sub_off || !p->los)
        return -1;
    uint32_t fac_id[REGION_MAX_FACILITIES];
    for (size_t f = 0; f < s->d->n_fac; f++) {
        const char *code = s->d->fac[f].code;
        if (yb_points_book_hospital_lookup(s->book, code, strlen(code), &fac_id[f]))
            fac_id[f] = YB_POINTS_NO_ID;
    }
    p->sub_off[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)rows[i];
        uint32_t g = YB_POINTS_NO_ID, dg = s->dip_group[k];
        if (dg != YB_DIP_NONE) {
            const char *code = yb_dip_group_code(s->dip, dg);
            if (yb_points_book_group_lookup(s->book, code, strlen(code), &g))
                g = YB_POINTS_NO_ID; /* a group without a score: paid by the ungrouped rule */
        }
        p->group[i] = g;
        p->hospital[i] = fac_id[c->facility[k]];
        p->insurance[i] = (int8_t)(run_pool_of_member(s, c->member[k]) + 1);
        p->month[i] = (int8_t)(c->discharge[k] / 100 % 100);
        p->cost[i] = c->cost[k];
        p->self_pay[i] = self_pay ? self_pay[i] : 0;
        p->los[i] = c->los[k];
        const char *sub = "";
        if (g != YB_POINTS_NO_ID && s->dip_subtype[k] != YB_DIP_NONE)
            sub = yb_dip_subtype_code(s->dip, s->dip_subtype[k]);
        size_t len = strlen(sub);
        if (gen_grow((void **)&p->sub, &p->sub_cap, p->sub_len + len + 1, 1))
            return -1;
        memcpy(p->sub + p->sub_len, sub, len);
        p->sub_len += len;
        p->sub_off[i + 1] = (int64_t)p->sub_len;
    }
    if (!p->sub && gen_grow((void **)&p->sub, &p->sub_cap, 1, 1))
        return -1;
    *in = (yb_points_case_columns){ .size = sizeof *in, .n = n, .group_ids = p->group, .hospital_ids = p->hospital,
                                    .insurance = p->insurance, .cost = p->cost, .self_pay = p->self_pay,
                                    .subtype_data = p->sub, .subtype_offsets = p->sub_off, .month = p->month,
                                    .los_days = p->los };
    return 0;
}

/* Rows of the local cases of one year. */
static int64_t *local_rows(const region_cases *c, int year, size_t *n)
{
    *n = 0;
    for (size_t k = 0; k < c->n; k++)
        *n += c->year[k] == year && c->place[k] == PLACE_LOCAL;
    int64_t *rows = malloc((*n ? *n : 1) * sizeof *rows);
    size_t i = 0;
    for (size_t k = 0; rows && k < c->n; k++)
        if (c->year[k] == year && c->place[k] == PLACE_LOCAL)
            rows[i++] = (int64_t)k;
    return rows;
}

static int budget_values(run_state *s)
{
    yb_ctx *ctx = s->ctx;
    int rc = YB_OK;
    s->hist_years = 0;
    for (int y = s->d->first_year; y < s->year && !rc; y++) {
        size_t n;
        pcols p;
        yb_points_case_columns in;
        int64_t *rows = local_rows(&s->data.c, y, &n);
        int64_t *points = malloc((n ? n : 1) * sizeof *points);
        int8_t *pool = malloc(n ? n : 1);
        int32_t *status = malloc((n ? n : 1) * sizeof *status);
        if (!rows || !points || !pool || !status || make_pcols(s, rows, n, NULL, &p, &in)) {
            rc = yb_fail_nomem(ctx, "history points");
        } else {
            yb_points_case_results out = { .size = sizeof out, .points = points, .pool = pool };
            int bad = yb_points_case_batch(ctx, s->book, &in, NULL, 0, &out, status);
            if (bad < 0)
                rc = bad;
            int h = s->hist_years;
            for (size_t i = 0; !rc && i < n; i++)
                if (!status[i]) {
                    s->hist_cost[h][pool[i]] += p.cost[i];
                    s->hist_points[h][pool[i]] += points[i];
                }
            s->hist_years++;
        }
        pcols_free(&p);
        free(rows);
        free(points);
        free(pool);
        free(status);
    }
    for (int pool = 0; pool < RUN_POOLS && !rc; pool++) {
        int64_t cost[REGION_MAX_YEARS], pts[REGION_MAX_YEARS];
        for (int h = 0; h < s->hist_years; h++) {
            cost[h] = s->hist_cost[h][pool];
            pts[h] = s->hist_points[h][pool];
        }
        rc = yb_points_budget_value(ctx, s->book, cost, pts, (size_t)s->hist_years, NULL, &s->budget_value[pool]);
    }
    return rc;
}

/* The DIP total of each pool by expenditure items (DIP 3.0 draft ch. 4 §2.2):
 * the year's inpatient fund budget = last year's inpatient pooled fund
 * (re-priced, run_benefit.c) × (1 + growth), less the regional adjustment
 * fund (a share of it) and the budget for out-of-area care. */
static int fund_budgets(run_state *s)
{
    int64_t g = YB_RATIO_ONE + s->d->budget_growth;
    for (int p = 0; p < RUN_POOLS; p++) {
        int rc;
        if ((rc = yb_muldiv(s->base_pooled[p] + s->base_out_of_area[p], g, YB_RATIO_ONE, YB_ROUND_HALF_UP,
                            &s->inpatient_budget[p])) ||
            (rc = yb_muldiv(s->inpatient_budget[p], s->d->adjustment_share, YB_RATIO_ONE, YB_ROUND_HALF_UP,
                            &s->adjustment[p])) ||
            (rc = yb_muldiv(s->base_out_of_area[p], g, YB_RATIO_ONE, YB_ROUND_HALF_UP, &s->out_of_area_budget[p])))
            return yb_fail(s->ctx, rc, "fund budget of pool %d", p);
        yb_dip_total_input in = { .size = sizeof in, .method = YB_DIP_TOTAL_BY_ITEMS,
                                  .inpatient_budget = s->inpatient_budget[p], .regional_adjustment = s->adjustment[p],
                                  .out_of_area = s->out_of_area_budget[p] };
        s->total[p].size = sizeof s->total[p];
        if ((rc = yb_points_dip_total(s->ctx, &in, YB_ROUND_HALF_UP, &s->total[p])))
            return rc;
        s->fund_budget[p] = s->total[p].total;
    }
    return YB_OK;
}

static int settle_year(run_state *s)
{
    yb_ctx *ctx = s->ctx;
    const region_claims *k = &s->data.k;
    size_t n;
    pcols p;
    yb_points_case_columns in;
    int64_t *rows = local_rows(&s->data.c, s->year, &n);
    int64_t *claim_of = malloc((s->data.c.n ? s->data.c.n : 1) * sizeof *claim_of), *sp = NULL;
    int rc = YB_OK;
    memset(&p, 0, sizeof p);
    if (!rows || !claim_of) {
        rc = yb_fail_nomem(ctx, "cases");
        goto done;
    }
    for (size_t i = 0; i < s->data.c.n; i++)
        claim_of[i] = -1;
    for (size_t j = s->claim_first; j < k->n; j++)
        if (k->case_row[j] >= 0)
            claim_of[k->case_row[j]] = (int64_t)j;
    /* the patients' payment deducted from the points' worth: everything of the
     * bill the pooled fund does not pay (patient, account, critical illness,
     * assistance) — points × value stands for the whole cost of the case, as
     * the scores and the budget value are learnt from whole costs */
    sp = malloc((n ? n : 1) * sizeof *sp);
    if (!sp) {
        rc = yb_fail_nomem(ctx, "cases");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t j = claim_of[rows[i]];
        sp[i] = j >= 0 && !s->cl.status[j] ? s->cl.total[j] - s->cl.pooled[j] : 0;
    }
    if (make_pcols(s, rows, n, sp, &p, &in)) {
        rc = yb_fail_nomem(ctx, "cases");
        goto done;
    }
    s->n_pc = n;
    s->pc_case = rows;
    rows = NULL;
    s->pc_self_pay = sp;
    sp = NULL;
    size_t m = n ? n : 1;
    s->pc_points = malloc(m * sizeof *s->pc_points); s->pc_payment = malloc(m * sizeof *s->pc_payment);
    s->pc_score = malloc(m * sizeof *s->pc_score); s->pc_coef = malloc(m * sizeof *s->pc_coef);
    s->pc_dev = malloc(m * sizeof *s->pc_dev); s->pc_kind = malloc(m); s->pc_pool = malloc(m);
    s->pc_status = malloc(m * sizeof *s->pc_status);
    if (!s->pc_points || !s->pc_payment || !s->pc_score || !s->pc_coef || !s->pc_dev || !s->pc_kind || !s->pc_pool ||
        !s->pc_status || (rc = yb_points_year_new(ctx, s->book, &s->py))) {
        rc = rc ? rc : yb_fail_nomem(ctx, "points");
        goto done;
    }
    yb_points_case_results out = { .size = sizeof out, .points = s->pc_points, .payment = s->pc_payment,
                                   .score = s->pc_score, .hospital_coefficient = s->pc_coef,
                                   .deviation = s->pc_dev, .kind = s->pc_kind, .pool = s->pc_pool };
    run_stage(s, "points (settling the year)");
    int bad = yb_points_year_add_batch(ctx, s->py, &in, NULL, 0, &out, s->pc_status);
    if (bad < 0)
        rc = bad;
    else
        s->pc_bad = (size_t)bad;
done:
    pcols_free(&p);
    free(rows);
    free(sp);
    free(claim_of);
    return rc;
}

static int clear_year(run_state *s)
{
    yb_ctx *ctx = s->ctx;
    size_t H = s->n_hosp = yb_points_year_hospital_count(s->py), m = H ? H : 1;
    int64_t **arrays[] = { &s->h_points, &s->h_cost, &s->h_gross, &s->h_self_pay, &s->h_fund_due, &s->h_corridor,
                           &s->h_review, &s->h_ffs, &s->h_advance, &s->h_deposit, &s->h_forfeit, &s->h_total,
                           &s->h_balance, &s->h_cases, &s->h_cmi, &s->h_cost_index, &s->h_time_index };
    int bad = 0;
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        bad |= !(*arrays[i] = calloc(m, sizeof **arrays[i]));
    s->hp_fund_due = calloc(m * RUN_POOLS, sizeof *s->hp_fund_due);
    s->h_month_advance = calloc(m * RUN_MONTHS, sizeof *s->h_month_advance);
    s->hosp_fac = malloc(m * sizeof *s->hosp_fac);
    int64_t *assess = malloc(m * sizeof *assess), *adv = malloc(m * sizeof *adv);
    int rc = YB_OK;
    if (bad || !s->hp_fund_due || !s->h_month_advance || !s->hosp_fac || !assess || !adv) {
        rc = yb_fail_nomem(ctx, "clearing");
        goto done;
    }
    for (size_t h = 0; h < H; h++) {
        s->hosp_fac[h] = region_facility_index(s->d, yb_points_year_hospital_code(s->py, (uint32_t)h));
        assess[h] = s->hosp_fac[h] >= 0 ? s->d->fac[s->hosp_fac[h]].deposit_return : YB_RATIO_ONE;
    }
    for (int month = 1; month <= RUN_MONTHS && !rc; month++) {
        yb_points_advance_results a = { .size = sizeof a, .advance = adv };
        rc = yb_points_year_advance(ctx, s->py, month, NULL, 0, &a);
        for (size_t h = 0; !rc && h < H; h++)
            s->h_month_advance[h * RUN_MONTHS + (size_t)month - 1] = adv[h];
    }
    if (rc)
        goto done;
    run_stage(s, "points (year-end clearing)");
    yb_points_clearing_input in = { .size = sizeof in, .n_pools = RUN_POOLS, .fund_budget = s->fund_budget,
                                    .n_hospitals = H, .assessment = assess };
    yb_points_clearing_results out = {
        .size = sizeof out, .pool_point_value = s->pool_point_value, .pool_points = s->pool_points,
        .pool_points_fund = s->pool_points_fund, .pool_review_pool = s->pool_review_pool,
        .pool_review_paid = s->pool_review_paid, .pool_review_unused = s->pool_review_unused,
        .pool_unallocated = s->pool_unallocated, .hp_fund_due = s->hp_fund_due, .points = s->h_points,
        .cost = s->h_cost, .gross = s->h_gross, .self_pay = s->h_self_pay, .fund_due = s->h_fund_due,
        .corridor = s->h_corridor, .review_paid = s->h_review, .ffs_fund_due = s->h_ffs,
        .advance_paid = s->h_advance, .deposit_withheld = s->h_deposit, .deposit_forfeit = s->h_forfeit,
        .total_paid = s->h_total, .balance = s->h_balance };
    if ((rc = yb_points_year_clear(ctx, s->py, &in, &out)))
        goto done;
    for (int p = 0; p < RUN_POOLS; p++)
        s->settle_value[p] = s->pool_point_value[p];
    yb_points_index_results hi = { .size = sizeof hi, .cases = s->h_cases, .cmi = s->h_cmi,
                                   .cost_index = s->h_cost_index, .time_index = s->h_time_index };
    yb_points_index_results ri = { .size = sizeof ri, .cmi = &s->region_cmi };
    rc = yb_points_year_indices(ctx, s->py, &hi, &ri);
done:
    free(assess);
    free(adv);
    return rc;
}

/* The book as loaded must hold the ratios the overlay wrote (the library reads its own). */
static int book_ratios(run_state *s)
{
    yb_pack *p = NULL;
    int64_t r[RUN_POOLS] = { 0, 0 };
    int rc = yb_pack_open(s->ctx, s->book_dir, "points-book", &p);
    if (!rc)
        rc = yb_pack_param_decimal(s->ctx, p, "settlement.ratio.employee", 1, 6, 1, YB_RATIO_ONE, &r[0]);
    if (!rc)
        rc = yb_pack_param_decimal(s->ctx, p, "settlement.ratio.resident", 1, 6, 1, YB_RATIO_ONE, &r[1]);
    yb_pack_close(p);
    if (!rc && (r[0] != s->ratio[0] || r[1] != s->ratio[1]))
        rc = yb_fail(s->ctx, YB_E_INTERNAL, "%s: the settlement ratios read back differ", s->book_dir);
    return rc;
}

int run_points(run_state *s)
{
    int rc;
    if (yb_points_book_pool_count(s->book) != RUN_POOLS)
        return yb_fail(s->ctx, YB_E_PARAM, "%s: the points book must have two pools (employees, residents)",
                       s->d->pack_points);
    for (int p = 0; p < RUN_POOLS; p++)
        if ((rc = yb_points_book_point_value(s->book, (uint32_t)p, &s->book_budget[p])))
            return yb_fail(s->ctx, rc, "%s: the points book publishes no budget point value", s->d->pack_points);
    run_stage(s, "points (budget point values)");
    /* the settlement ratio of each pool: last year's pooled fund ÷ last year's
     * inpatient bills (re-priced claims), 6 decimals — so fund ÷ ratio is the
     * whole cost the points are worth */
    for (int p = 0; p < RUN_POOLS; p++)
        if (!s->base_total[p] || (rc = yb_muldiv(s->base_pooled[p], YB_RATIO_ONE, s->base_total[p],
                                                  YB_ROUND_HALF_UP, &s->ratio[p])))
            return yb_fail(s->ctx, YB_E_DIV_ZERO, "no inpatient claims of the pool %d last year", p);
    if ((rc = budget_values(s)) || (rc = run_write_book(s, 1)) || (rc = book_ratios(s)) || (rc = fund_budgets(s)) ||
        (rc = settle_year(s)))
        return rc;
    return clear_year(s);
}
