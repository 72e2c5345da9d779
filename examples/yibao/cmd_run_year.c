/* `yibao run-year`: a settlement year of a sample pooling region through
 * every module of libyibao.
 *
 *   yibao run-year --region PACK --year YYYY --out DIR [--seed N] [--no-data]
 *
 * Generates the region's data (deterministically, into DIR/data unless
 * --no-data), groups every case under CHS-DRG 1.1 and DIP, builds the DIP
 * catalogue from the previous years, settles the year's cases by points with
 * monthly advances and year-end clearing, clears the county alliance's
 * capitation budget and adjudicates every member claim through the benefit
 * tiers. Writes DIR/index.html, CSV tables and summary.txt; prints the
 * summary and the conservation lines. Exit status: 0, 1 on an error, 3 when a
 * conservation line does not hold. Progress goes to stderr on a terminal.
 * doc/region.md describes every step and file. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/pack.h"

#include "cli.h"
#include "run_year.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void progress_cb(void *user, const char *stage, uint64_t done, uint64_t total)
{
    progress_region_cb(&((run_state *)user)->pr, stage, done, total);
}

static int pack_fingerprint(yb_ctx *ctx, const char *path, const char *kind, char out[65])
{
    yb_pack *p = NULL;
    int rc = yb_pack_open(ctx, path, kind, &p);
    if (!rc)
        snprintf(out, 65, "%s", yb_pack_fingerprint(p));
    yb_pack_close(p);
    return rc;
}

static int load_packs(run_state *s)
{
    yb_ctx *ctx = s->ctx;
    const region_def *d = s->d;
    yb_points_book *base = NULL;
    int rc;
    run_stage(s, "loading packs");
    if ((rc = yb_drg_scheme_load(ctx, d->pack_drg, &s->drg)) ||
        (rc = yb_dip_catalog_load(ctx, d->pack_dip, &s->dip_base)) ||
        (rc = yb_points_book_load(ctx, d->pack_points, &base)) ||
        (rc = yb_cap_plan_load(ctx, d->pack_capitation, &s->plan)) ||
        (rc = yb_benefit_policy_load(ctx, d->pack_benefit, &s->policy)) ||
        (rc = pack_fingerprint(ctx, d->pack_weights, "drg-book", s->fp_weights)))
        goto done;
    snprintf(s->fp_region, sizeof s->fp_region, "%s", d->fingerprint);
    snprintf(s->fp_drg, sizeof s->fp_drg, "%s", yb_drg_scheme_fingerprint(s->drg));
    snprintf(s->fp_dip_base, sizeof s->fp_dip_base, "%s", yb_dip_catalog_fingerprint(s->dip_base));
    snprintf(s->fp_points_base, sizeof s->fp_points_base, "%s", yb_points_book_fingerprint(base));
    snprintf(s->fp_cap, sizeof s->fp_cap, "%s", yb_cap_plan_fingerprint(s->plan));
    snprintf(s->fp_benefit, sizeof s->fp_benefit, "%s", yb_benefit_policy_fingerprint(s->policy));
    if (yb_cap_plan_mode(s->plan) != YB_CAP_MODE_ALLIANCE)
        rc = yb_fail(ctx, YB_E_PARAM, "%s: the region needs an alliance-mode capitation plan", d->pack_capitation);
done:
    yb_points_book_free(base);
    return rc;
}

/* Every case under CHS-DRG 1.1, from its codes (the generator drew the costs
 * from the same grouping: the two must agree). */
static int group_drg(run_state *s)
{
    const region_cases *c = &s->data.c;
    run_stage(s, "CHS-DRG 1.1, every case");
    s->drg_id = malloc((c->n ? c->n : 1) * sizeof *s->drg_id);
    if (!s->drg_id)
        return yb_fail_nomem(s->ctx, "DRG results");
    static int64_t zero = 0;
    yb_case_columns in = { .size = sizeof in, .n = c->n, .sex = c->sex, .age_years = c->age, .age_days = c->age_days,
                           .birth_weight_g = c->weight, .los_days = c->los, .discharge_type = c->discharge_type,
                           .dx_row_offsets = c->dx.row, .dx_data = c->dx.data, .dx_offsets = c->dx.off,
                           .proc_row_offsets = c->proc.row, .proc_data = c->proc.data ? c->proc.data : "",
                           .proc_offsets = c->proc.off ? c->proc.off : &zero };
    yb_drg_results out = { .size = sizeof out, .n = c->n, .drg = s->drg_id };
    int rc = yb_drg_group_batch(s->ctx, s->drg, &in, &out, NULL);
    if (rc < 0)
        return rc;
    for (size_t k = 0; k < c->n; k++)
        s->drg_mismatch += s->drg_id[k] != c->drg[k];
    return YB_OK;
}

void run_state_free(run_state *s)
{
    region_data_free(&s->data);
    yb_drg_scheme_free(s->drg);
    yb_dip_catalog_free(s->dip_base);
    yb_dip_catalog_free(s->dip);
    yb_points_year_free(s->py);
    yb_points_book_free(s->book);
    yb_cap_clearing_free(s->cap);
    yb_cap_ledger_free(s->cap_ledger);
    yb_cap_plan_free(s->plan);
    yb_benefit_ledger_free(s->ledger);
    yb_benefit_policy_free(s->policy);
    free(s->drg_id); free(s->dip_group); free(s->dip_subtype); free(s->dip_status);
    run_claims *r = &s->cl;
    free(r->status); free(r->admission); free(r->total); free(r->full_self_pay); free(r->over_limit);
    free(r->b_first_pay); free(r->in_scope); free(r->deductible); free(r->pooled); free(r->critical_illness);
    free(r->other_funds); free(r->assistance); free(r->fund_total); free(r->personal); free(r->account_pay);
    free(r->family_aid); free(r->cash_pay);
    free(s->hosp_fac); free(s->pc_case); free(s->pc_points); free(s->pc_payment); free(s->pc_self_pay);
    free(s->pc_score); free(s->pc_coef); free(s->pc_dev); free(s->pc_kind); free(s->pc_pool); free(s->pc_status);
    free(s->hp_fund_due);
    int64_t *h[] = { s->h_points, s->h_cost, s->h_gross, s->h_self_pay, s->h_fund_due, s->h_corridor, s->h_review,
                     s->h_ffs, s->h_advance, s->h_deposit, s->h_forfeit, s->h_total, s->h_balance, s->h_cases,
                     s->h_cmi, s->h_cost_index, s->h_time_index, s->h_month_advance };
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
        free(h[i]);
    free(s->h_drg_cmi);
    free(s->d);
}

int cmd_run_year(int argc, char **argv)
{
    static const char usage[] = "yibao run-year --region PACK --year YYYY --out DIR [--seed N] [--no-data]";
    const char *pack = NULL, *out = NULL, *seed = NULL, *year = NULL;
    int no_data = 0;
    const cli_opt opts[] = { { "--region", &pack, NULL }, { "--out", &out, NULL }, { "--seed", &seed, NULL },
                             { "--year", &year, NULL }, { "--no-data", NULL, &no_data } };
    if (cli_parse_options(argc, argv, opts, CLI_COUNT(opts)) || !pack || !out)
        return cli_usage(usage);
    int write_data = !no_data;
    run_state *s = calloc(1, sizeof *s);
    if (!s || !(s->d = malloc(sizeof *s->d)) || !(s->ctx = cli_ctx())) {
        fprintf(stderr, "yibao: out of memory\n");
        if (s)
            free(s->d);
        free(s);
        return 1;
    }
    yb_ctx *ctx = s->ctx;
    double t0 = now();
    int exit_code = 1, rc;
    progress_init(&s->pr);
    s->out = out;
    s->write_data = write_data;
    yb_ctx_set_progress(ctx, progress_ctx_cb, &s->pr);
    yb_ctx_set_option(ctx, YB_OPT_PROGRESS_INTERVAL, 8192);
    if ((rc = region_load(ctx, pack, s->d))) {
        cli_fail(ctx, rc, pack);
        goto done;
    }
    if (seed && region_parse_seed(seed, &s->d->seed)) {
        exit_code = cli_usage(usage);
        goto done;
    }
    s->year = s->d->settle_year;
    if (year && atoi(year) != s->year) {
        fprintf(stderr, "yibao: the region %s settles %d (years.settlement); --year %s is not it\n", pack, s->year,
                year);
        exit_code = 2;
        goto done;
    }
    snprintf(s->data_dir, sizeof s->data_dir, "%s/data", out);
    snprintf(s->cat_dir, sizeof s->cat_dir, "%s/dip-catalog", out);
    snprintf(s->book_dir, sizeof s->book_dir, "%s/points-book", out);
    if (region_mkdir_p(out)) {
        fprintf(stderr, "yibao: cannot create %s\n", out);
        goto done;
    }
    const char *step = "loading the packs";
    if ((rc = load_packs(s)))
        goto failed;
    step = "generating the region";
    if ((rc = region_generate(ctx, s->d, s->drg, &s->data, progress_cb, s)))
        goto failed;
    if (write_data) {
        run_stage(s, "writing the data");
        if ((rc = region_write(ctx, s->d, &s->data, s->data_dir)))
            goto failed;
    }
    step = "grouping";
    if ((rc = group_drg(s)) || (rc = run_dip(s)))
        goto failed;
    step = "benefit";
    if ((rc = run_benefit(s)))
        goto failed;
    step = "points";
    if ((rc = run_points(s)))
        goto failed;
    step = "capitation";
    if ((rc = run_capitation(s)))
        goto failed;
    run_stage(s, "writing the report");
    progress_end(&s->pr);
    int report = run_report(s);
    if (report && report != YB_E_INTERNAL) {
        rc = report;
        step = "report";
        goto failed;
    }
    if ((rc = run_html(s))) {
        step = "report";
        goto failed;
    }
    fflush(stdout); /* the summary before the timing, also when both go to one file */
    fprintf(stderr, "yibao run-year: %.1f s\n", now() - t0);
    if (report == YB_E_INTERNAL) {
        fprintf(stderr, "yibao run-year: a conservation line does not hold (MISMATCH above)\n");
        exit_code = 3;
    } else {
        exit_code = 0;
    }
    goto done;
failed:
    progress_end(&s->pr);
    cli_fail(ctx, rc, step);
done:
    yb_ctx_free(ctx);
    run_state_free(s);
    free(s);
    return exit_code;
}
