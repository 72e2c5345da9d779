/* `yibao run-year`: one settlement year of the sample region through every
 * module of libyibao. The steps share this state; each file does one step:
 *   cmd_run_year.c   arguments, loading, the order of the steps, exit status
 *   run_dip.c        the DIP catalogue from the history, DIP grouping, the overlay points book
 *   run_benefit.c    adjudication of every member claim (benefit)
 *   run_points.c     budget and settlement point values, advances, clearing (points)
 *   run_cap.c        the alliance's capitation ledger and clearing (capitation)
 *   run_report.c     the text summary, the CSV tables and the conservation lines
 *   run_html.c       the HTML page with its SVG charts
 * The report's files and figures: doc/region.md. */
#ifndef YIBAO_RUN_YEAR_H
#define YIBAO_RUN_YEAR_H

#include <stdio.h>

#include "region.h"
#include "region_progress.h"

#define RUN_POOLS 2     /* points pools: 0 employees (in service and retired), 1 residents */
#define RUN_MONTHS 12
#define RUN_CHECKS 16

/* One conservation line: lhs = rhs, both printed. */
typedef struct run_check {
    char what[160];
    char lhs_text[200], rhs_text[400];
    int64_t lhs, rhs;
} run_check;

/* Benefit results per claim (arrays of the claims' n). */
typedef struct run_claims {
    int32_t *status;
    int64_t *total, *full_self_pay, *over_limit, *b_first_pay, *in_scope, *deductible, *pooled, *critical_illness,
        *other_funds, *assistance, *fund_total, *personal, *account_pay, *family_aid, *cash_pay;
    int32_t *admission;
    size_t failed;
} run_claims;

typedef struct run_state {
    yb_ctx *ctx;
    region_def *d;
    region_data data;
    progress pr;
    const char *out;
    char data_dir[REGION_PATH_MAX + 16], cat_dir[REGION_PATH_MAX + 16], book_dir[REGION_PATH_MAX + 16];
    int year;              /* the settlement year */
    int write_data;        /* write the generated data files */

    /* handles */
    yb_drg_scheme *drg;
    yb_dip_catalog *dip_base, *dip;
    yb_points_book *book;
    yb_points_year *py;
    yb_cap_plan *plan;
    yb_cap_ledger *cap_ledger;
    yb_cap_clearing *cap;
    yb_benefit_policy *policy;
    yb_benefit_ledger *ledger;
    char fp_region[65], fp_drg[65], fp_dip_base[65], fp_dip[65], fp_points_base[65], fp_book[65], fp_cap[65],
        fp_benefit[65], fp_weights[65];

    /* grouping, per case */
    uint32_t *drg_id;
    int drg_mismatch;      /* cases whose CHS-DRG differs from the generator's (must be 0) */
    uint32_t *dip_group;   /* group id of the built catalogue, YB_DIP_NONE */
    uint32_t *dip_subtype;
    int32_t *dip_status;
    yb_dip_build_summary dip_summary;
    size_t dip_ungrouped_settle;

    /* benefit */
    run_claims cl;
    size_t claim_first;    /* claims [claim_first, n) are the settlement year's; before: last year's, re-priced */
    size_t base_failed;
    int64_t base_pooled[RUN_POOLS], base_out_of_area[RUN_POOLS]; /* the year before: inpatient pooled fund */
    int64_t base_total[RUN_POOLS];         /* the year before: local inpatient bills */

    /* points */
    size_t n_hosp;                         /* the year's hospitals (the book's) */
    int *hosp_fac;                         /* year hospital id → facility row */
    int64_t budget_value[RUN_POOLS], settle_value[RUN_POOLS], book_budget[RUN_POOLS];
    int64_t hist_cost[REGION_MAX_YEARS][RUN_POOLS], hist_points[REGION_MAX_YEARS][RUN_POOLS];
    int hist_years;
    yb_dip_total_result total[RUN_POOLS];
    int64_t inpatient_budget[RUN_POOLS], adjustment[RUN_POOLS], out_of_area_budget[RUN_POOLS];
    int64_t fund_budget[RUN_POOLS];
    int64_t ratio[RUN_POOLS];              /* settlement ratios of the year's book: last year's pooled ÷ bills */
    /* per settled case (settlement-year cases, local) */
    size_t n_pc;
    int64_t *pc_case;                      /* row in the cases */
    int64_t *pc_points, *pc_payment, *pc_self_pay, *pc_score, *pc_coef, *pc_dev;
    int8_t *pc_kind, *pc_pool;
    int32_t *pc_status;
    size_t pc_bad;
    /* clearing, per pool and per hospital */
    int64_t pool_point_value[RUN_POOLS], pool_points[RUN_POOLS], pool_points_fund[RUN_POOLS],
        pool_review_pool[RUN_POOLS], pool_review_paid[RUN_POOLS], pool_review_unused[RUN_POOLS],
        pool_unallocated[RUN_POOLS];
    int64_t *hp_fund_due;                  /* n_hosp × pools */
    int64_t *h_points, *h_cost, *h_gross, *h_self_pay, *h_fund_due, *h_corridor, *h_review, *h_ffs, *h_advance,
        *h_deposit, *h_forfeit, *h_total, *h_balance, *h_cases, *h_cmi, *h_cost_index, *h_time_index;
    int64_t *h_month_advance;              /* n_hosp × 12 */
    int64_t region_cmi;
    double *h_drg_cmi;                     /* mean CHS-DRG weight of the hospital's cases (report only) */

    /* capitation */
    yb_cap_budget cap_budget;
    yb_cap_summary cap_summary;
    int64_t cap_spent[RUN_MONTHS][3];      /* by month: inside the alliance, other counties, out of province */
    int64_t cap_pot_spent[3];
    int64_t cap_enrollee_pooled;           /* Σ pooled fund on enrollees' claims (benefit) */
    size_t cap_entries;

    /* conservation */
    run_check checks[RUN_CHECKS];
    size_t n_checks;
} run_state;

int run_dip(run_state *s);
/* Writes (and loads) the overlay points book; with_values adds the budget point values. */
int run_write_book(run_state *s, int with_values);
int run_benefit(run_state *s);
int run_points(run_state *s);
int run_capitation(run_state *s);
int run_report(run_state *s);      /* CSV tables, conservation lines, text summary */
int run_tables(run_state *s);      /* the CSV tables (run_report calls it) */
int run_html(run_state *s);
void run_state_free(run_state *s);

/* Helpers shared by the run files. */
int run_pool_of_member(const run_state *s, uint32_t member); /* 0 employees and retired, 1 residents */
void run_money(int64_t fen, char *buf, size_t cap);          /* "1,234,567.89" */
FILE *run_open(run_state *s, const char *name);              /* a file of the report folder (NULL: failed, ctx set) */
int run_close(run_state *s, FILE *f, const char *name);
void run_stage(run_state *s, const char *stage);
void run_add_check(run_state *s, const char *what, const char *lhs_text, int64_t lhs, const char *rhs_text,
                   int64_t rhs);

#endif /* YIBAO_RUN_YEAR_H */
