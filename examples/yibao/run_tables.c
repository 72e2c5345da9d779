/* run-year: the CSV tables of the report folder (columns: doc/region.md).
 * Money in yuan with 2 decimals, point values with the book's 4, scores and
 * points with 4, ratios with 6 — exact, from the integers. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx_internal.h"

#include "cli.h"
#include "run_year.h"

static const char *dec(int64_t v, int decimals, char *buf)
{
    if (yb_decimal_format(v, decimals, buf, 32) < 0)
        snprintf(buf, 32, "?");
    return buf;
}

static int hospitals(run_state *s)
{
    FILE *f = run_open(s, "hospitals.csv");
    if (!f)
        return yb_ctx_errcode(s->ctx);
    const region_cases *c = &s->data.c;
    double *sum = calloc(s->n_hosp ? s->n_hosp : 1, sizeof *sum);
    size_t *cnt = calloc(s->n_hosp ? s->n_hosp : 1, sizeof *cnt);
    s->h_drg_cmi = calloc(s->n_hosp ? s->n_hosp : 1, sizeof *s->h_drg_cmi);
    if (!sum || !cnt || !s->h_drg_cmi) {
        free(sum);
        free(cnt);
        fclose(f);
        return yb_fail_nomem(s->ctx, "hospitals");
    }
    for (size_t k = 0; k < c->n; k++)
        for (size_t h = 0; c->year[k] == s->year && c->place[k] == PLACE_LOCAL && h < s->n_hosp; h++)
            if (s->hosp_fac[h] == c->facility[k]) {
                sum[h] += s->data.drg_weight[s->drg_id[k]];
                cnt[h]++;
            }
    fputs("hospital,name,level,alliance,cases,cost,points,cmi,drg_cmi,cost_index,time_index,entitlement,self_pay,"
          "fund_due,corridor,special_review,fee_for_service,advances,deposit_withheld,deposit_forfeit,total_paid,"
          "balance\n", f);
    for (size_t h = 0; h < s->n_hosp; h++) {
        const region_facility *fa = s->hosp_fac[h] >= 0 ? &s->d->fac[s->hosp_fac[h]] : NULL;
        char b[20][32];
        s->h_drg_cmi[h] = cnt[h] ? sum[h] / (double)cnt[h] : 0;
        /* the CHS-DRG CMI (mean Harbin-mapped weight) is a report figure: 4 decimals from the double */
        int64_t drg_cmi = (int64_t)(s->h_drg_cmi[h] * 10000.0 + 0.5);
        fprintf(f, "%s,%s,%d,%d,%lld,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n",
                yb_points_year_hospital_code(s->py, (uint32_t)h), fa ? fa->name : "", fa ? fa->level : 0,
                fa ? fa->alliance : 0, (long long)s->h_cases[h], dec(s->h_cost[h], 2, b[0]),
                dec(s->h_points[h], 4, b[1]), dec(s->h_cmi[h], 4, b[2]), dec(drg_cmi, 4, b[3]),
                dec(s->h_cost_index[h], 4, b[4]), dec(s->h_time_index[h], 4, b[5]), dec(s->h_gross[h], 2, b[6]),
                dec(s->h_self_pay[h], 2, b[7]), dec(s->h_fund_due[h], 2, b[8]), dec(s->h_corridor[h], 2, b[9]),
                dec(s->h_review[h], 2, b[10]), dec(s->h_ffs[h], 2, b[11]), dec(s->h_advance[h], 2, b[12]),
                dec(s->h_deposit[h], 2, b[13]), dec(s->h_forfeit[h], 2, b[14]), dec(s->h_total[h], 2, b[15]),
                dec(s->h_balance[h], 2, b[16]));
    }
    free(sum);
    free(cnt);
    return run_close(s, f, "hospitals.csv");
}

static int advances(run_state *s)
{
    FILE *f = run_open(s, "advances.csv");
    if (!f)
        return yb_ctx_errcode(s->ctx);
    fputs("hospital", f);
    for (int m = 1; m <= RUN_MONTHS; m++)
        fprintf(f, ",%02d", m);
    fputs("\n", f);
    for (size_t h = 0; h < s->n_hosp; h++) {
        char b[32];
        fputs(yb_points_year_hospital_code(s->py, (uint32_t)h), f);
        for (int m = 0; m < RUN_MONTHS; m++)
            fprintf(f, ",%s", dec(s->h_month_advance[h * RUN_MONTHS + (size_t)m], 2, b));
        fputs("\n", f);
    }
    return run_close(s, f, "advances.csv");
}

static int point_values(run_state *s)
{
    FILE *f = run_open(s, "point_values.csv");
    if (!f)
        return yb_ctx_errcode(s->ctx);
    static const char *const POOL[RUN_POOLS] = { "employee", "resident" };
    fputs("pool,book_budget_value,budget_value,settlement_value,ratio,points,fund_budget,special_review_pool,"
          "points_fund,special_review_paid,special_review_unused,unallocated,last_year_inpatient_pooled,"
          "last_year_out_of_area_pooled,last_year_inpatient_bills,inpatient_budget,regional_adjustment,"
          "out_of_area_budget\n", f);
    for (int p = 0; p < RUN_POOLS; p++) {
        char b[20][32];
        fprintf(f, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", POOL[p], dec(s->book_budget[p], 6, b[0]),
                dec(s->budget_value[p], 6, b[1]), dec(s->settle_value[p], 6, b[2]), dec(s->ratio[p], 6, b[3]),
                dec(s->pool_points[p], 4, b[4]), dec(s->fund_budget[p], 2, b[5]),
                dec(s->pool_review_pool[p], 2, b[6]), dec(s->pool_points_fund[p], 2, b[7]),
                dec(s->pool_review_paid[p], 2, b[8]), dec(s->pool_review_unused[p], 2, b[9]),
                dec(s->pool_unallocated[p], 2, b[10]), dec(s->base_pooled[p], 2, b[11]),
                dec(s->base_out_of_area[p], 2, b[12]), dec(s->base_total[p], 2, b[16]),
                dec(s->inpatient_budget[p], 2, b[13]), dec(s->adjustment[p], 2, b[14]),
                dec(s->out_of_area_budget[p], 2, b[15]));
    }
    int rc = run_close(s, f, "point_values.csv");
    if (rc || !(f = run_open(s, "history.csv")))
        return rc ? rc : yb_ctx_errcode(s->ctx);
    fputs("year,pool,cost,points\n", f);
    for (int y = 0; y < s->hist_years; y++)
        for (int p = 0; p < RUN_POOLS; p++) {
            char b[2][32];
            fprintf(f, "%d,%s,%s,%s\n", s->d->first_year + y, POOL[p], dec(s->hist_cost[y][p], 2, b[0]),
                    dec(s->hist_points[y][p], 4, b[1]));
        }
    return run_close(s, f, "history.csv");
}

static int cases(run_state *s)
{
    char name[64];
    snprintf(name, sizeof name, "cases_%d.csv", s->year);
    FILE *f = run_open(s, name);
    if (!f)
        return yb_ctx_errcode(s->ctx);
    const region_cases *c = &s->data.c;
    static const char *const POOL[RUN_POOLS] = { "employee", "resident" };
    static const char *const KIND[] = { "normal", "low", "high", "extreme", "ungrouped", "fee_for_service" };
    fputs("case_id,hospital,pool,drg,dip_group,subtype,status,kind,score,hospital_coefficient,deviation,points,"
          "payment,cost,self_pay\n", f);
    for (size_t i = 0; i < s->n_pc; i++) {
        size_t k = (size_t)s->pc_case[i];
        char b[8][32];
        int ok = !s->pc_status[i];
        const char *dip = s->dip_group[k] != YB_DIP_NONE ? yb_dip_group_code(s->dip, s->dip_group[k]) : "";
        const char *sub = s->dip_subtype[k] != YB_DIP_NONE ? yb_dip_subtype_code(s->dip, s->dip_subtype[k]) : "";
        fprintf(f, "%llu,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", (unsigned long long)c->id[k],
                s->d->fac[c->facility[k]].code, POOL[run_pool_of_member(s, c->member[k])],
                yb_drg_scheme_drg_code(s->drg, s->drg_id[k]), dip, sub, ok ? "OK" : yb_status_name(s->pc_status[i]),
                ok && s->pc_kind[i] >= 0 && s->pc_kind[i] <= 5 ? KIND[s->pc_kind[i]] : "",
                dec(s->pc_score[i], 4, b[0]), dec(s->pc_coef[i], 6, b[1]), dec(s->pc_dev[i], 6, b[2]),
                dec(s->pc_points[i], 4, b[3]), dec(s->pc_payment[i], 2, b[4]), dec(c->cost[k], 2, b[5]),
                dec(s->pc_self_pay[i], 2, b[6]));
    }
    return run_close(s, f, name);
}

static int drg_groups(run_state *s)
{
    uint32_t n = yb_drg_scheme_drg_count(s->drg);
    int64_t *cnt = calloc(n ? n : 1, sizeof *cnt), *cost = calloc(n ? n : 1, sizeof *cost);
    FILE *f = cnt && cost ? run_open(s, "drg_groups.csv") : NULL;
    if (!f) {
        free(cnt);
        free(cost);
        return cnt && cost ? yb_ctx_errcode(s->ctx) : yb_fail_nomem(s->ctx, "DRG table");
    }
    const region_cases *c = &s->data.c;
    for (size_t k = 0; k < c->n; k++)
        if (c->year[k] == s->year && c->place[k] == PLACE_LOCAL) {
            cnt[s->drg_id[k]]++;
            cost[s->drg_id[k]] += c->cost[k];
        }
    fputs("drg,name,weight,cases,mean_cost\n", f);
    for (uint32_t g = 0; g < n; g++) {
        if (!cnt[g])
            continue;
        char b[2][32];
        int64_t mean = 0, w = (int64_t)(s->data.drg_weight[g] * 10000.0 + 0.5);
        yb_muldiv(cost[g], 1, cnt[g], YB_ROUND_HALF_UP, &mean);
        const char *name = yb_drg_scheme_drg_name(s->drg, g);
        fprintf(f, "%s,\"%s\",%s,%lld,%s\n", yb_drg_scheme_drg_code(s->drg, g), name ? name : "", dec(w, 4, b[0]),
                (long long)cnt[g], dec(mean, 2, b[1]));
    }
    free(cnt);
    free(cost);
    return run_close(s, f, "drg_groups.csv");
}

static int benefit(run_state *s)
{
    FILE *f = run_open(s, "benefit.csv");
    if (!f)
        return yb_ctx_errcode(s->ctx);
    const region_claims *k = &s->data.k;
    const run_claims *r = &s->cl;
    static const char *const INS[] = { "", "employee", "retired", "resident" };
    static const char *const VIS[] = { "", "inpatient", "outpatient" };
    fputs("insured,visit,claims,refused,total,full_self_pay,over_limit,b_first_pay,in_scope,deductible,pooled,"
          "critical_illness,other_funds,assistance,account_pay,family_aid,cash_pay\n", f);
    for (int ins = 1; ins <= 3; ins++)
        for (int v = 1; v <= 2; v++) {
            int64_t t[13] = { 0 }, n = 0, bad = 0;
            for (size_t j = s->claim_first; j < k->n; j++) {
                if (s->data.m.insured[k->member[j]] != ins || k->visit[j] != v)
                    continue;
                if (r->status[j]) {
                    bad++;
                    continue;
                }
                n++;
                int64_t x[13] = { r->total[j], r->full_self_pay[j], r->over_limit[j], r->b_first_pay[j],
                                  r->in_scope[j], r->deductible[j], r->pooled[j], r->critical_illness[j],
                                  r->other_funds[j], r->assistance[j], r->account_pay[j], r->family_aid[j],
                                  r->cash_pay[j] };
                for (int q = 0; q < 13; q++)
                    t[q] += x[q];
            }
            fprintf(f, "%s,%s,%lld,%lld", INS[ins], VIS[v], (long long)n, (long long)bad);
            for (int q = 0; q < 13; q++) {
                char b[32];
                fprintf(f, ",%s", dec(t[q], 2, b));
            }
            fputs("\n", f);
        }
    return run_close(s, f, "benefit.csv");
}

static int capitation(run_state *s)
{
    FILE *f = run_open(s, "capitation_months.csv");
    if (!f)
        return yb_ctx_errcode(s->ctx);
    int64_t w[RUN_MONTHS], part[RUN_MONTHS];
    for (int m = 0; m < RUN_MONTHS; m++)
        w[m] = 1;
    yb_allocate(s->cap_budget.pot, w, RUN_MONTHS, part);
    fputs("month,budget,advance,spent_alliance,spent_other_county,spent_out_of_province\n", f);
    for (int m = 0; m < RUN_MONTHS; m++) {
        char b[5][32];
        fprintf(f, "%d,%s,%s,%s,%s,%s\n", m + 1, dec(part[m], 2, b[0]), dec(s->cap_budget.advance[m], 2, b[1]),
                dec(s->cap_spent[m][0], 2, b[2]), dec(s->cap_spent[m][1], 2, b[3]), dec(s->cap_spent[m][2], 2, b[4]));
    }
    int rc = run_close(s, f, "capitation_months.csv");
    if (rc || !(f = run_open(s, "capitation_clearing.csv")))
        return rc ? rc : yb_ctx_errcode(s->ctx);
    fputs("step,kind,amount,text\n", f);
    size_t n = yb_cap_clearing_step_count(s->cap);
    for (size_t i = 0; i < n; i++) {
        yb_cap_step st = { .size = sizeof st };
        if (yb_cap_clearing_step(s->cap, i, &st))
            continue;
        char b[32];
        fprintf(f, "%zu,%s,%s,", i + 1, yb_cap_step_kind_name(st.kind), dec(st.amount, 2, b));
        cli_csv_quoted(f, st.text ? st.text : "", 0);
        fputc('\n', f);
    }
    return run_close(s, f, "capitation_clearing.csv");
}

static int audit(run_state *s)
{
    FILE *f = run_open(s, "conservation.csv");
    if (!f)
        return yb_ctx_errcode(s->ctx);
    fputs("check,lhs,rhs,difference,status\n", f);
    for (size_t i = 0; i < s->n_checks; i++) {
        const run_check *k = &s->checks[i];
        char b[3][32];
        fprintf(f, "\"%s\",%s,%s,%s,%s\n", k->what, dec(k->lhs, 2, b[0]), dec(k->rhs, 2, b[1]),
                dec(k->lhs - k->rhs, 2, b[2]), k->lhs == k->rhs ? "OK" : "MISMATCH");
    }
    int rc = run_close(s, f, "conservation.csv");
    if (rc || !(f = run_open(s, "fingerprints.csv")))
        return rc ? rc : yb_ctx_errcode(s->ctx);
    fputs("module,pack,fingerprint\n", f);
    fprintf(f, "region,%s,%s\n", s->d->dir, s->fp_region);
    fprintf(f, "grouping (CHS-DRG),%s,%s\n", s->d->pack_drg, s->fp_drg);
    fprintf(f, "grouping (DIP national),%s,%s\n", s->d->pack_dip, s->fp_dip_base);
    fprintf(f, "grouping (DIP region),%s,%s\n", s->cat_dir, s->fp_dip);
    fprintf(f, "points (region book),%s,%s\n", s->d->pack_points, s->fp_points_base);
    fprintf(f, "points (year book),%s,%s\n", s->book_dir, s->fp_book);
    fprintf(f, "capitation,%s,%s\n", s->d->pack_capitation, s->fp_cap);
    fprintf(f, "benefit,%s,%s\n", s->d->pack_benefit, s->fp_benefit);
    fprintf(f, "DRG weights,%s,%s\n", s->d->pack_weights, s->fp_weights);
    return run_close(s, f, "fingerprints.csv");
}

int run_tables(run_state *s)
{
    int rc;
    if ((rc = hospitals(s)) || (rc = advances(s)) || (rc = point_values(s)) || (rc = cases(s)) ||
        (rc = drg_groups(s)) || (rc = benefit(s)) || (rc = capitation(s)) || (rc = audit(s)))
        return rc;
    return YB_OK;
}
