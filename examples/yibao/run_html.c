/* run-year: index.html, one self-contained page (inline CSS and SVG, no
 * scripts, nothing fetched): key figures, five charts, the conservation
 * lines and the packs' fingerprints. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx_internal.h"

#include "run_svg.h"
#include "run_year.h"

static const char *const C_COST = "#8c8c8c", *const C_GROSS = "#4e79a7", *const C_PAID = "#59a14f",
                         *const C_BUDGET = "#f28e2b", *const C_SETTLE = "#4e79a7", *const C_BOOK = "#bab0ac",
                         *const C_IN = "#4e79a7", *const C_OTHER = "#f28e2b", *const C_OUT = "#e15759",
                         *const C_LINE = "#222222";

static double yuan(int64_t fen)
{
    return (double)fen / 100.0;
}

/* Element text: quotes stay as they are. */
static void html_text(FILE *f, const char *s)
{
    markup_text(f, s, 0);
}

static void figure(FILE *f, const char *label, const char *value)
{
    fputs("<tr><th>", f);
    html_text(f, label);
    fputs("</th><td>", f);
    html_text(f, value);
    fputs("</td></tr>\n", f);
}

static void money_fig(FILE *f, const char *label, int64_t fen)
{
    char b[48], t[64];
    run_money(fen, b, sizeof b);
    snprintf(t, sizeof t, "%s yuan", b);
    figure(f, label, t);
}

static int charts_hospitals(run_state *s, FILE *f)
{
    size_t n = s->n_hosp;
    const char **labels = malloc((n ? n : 1) * sizeof *labels);
    double *cost = malloc((n ? n : 1) * sizeof(double) * 7);
    if (!labels || !cost) {
        free(labels);
        free(cost);
        return yb_fail_nomem(s->ctx, "charts");
    }
    double *gross = cost + n, *paid = cost + 2 * n, *cmi = cost + 3 * n, *drg = cost + 4 * n, *ratio = cost + 5 * n,
           *hundred = cost + 6 * n;
    for (size_t h = 0; h < n; h++) {
        labels[h] = yb_points_year_hospital_code(s->py, (uint32_t)h);
        cost[h] = yuan(s->h_cost[h]) / 1e4;
        gross[h] = yuan(s->h_gross[h]) / 1e4;
        paid[h] = yuan(s->h_total[h]) / 1e4;
        cmi[h] = (double)s->h_cmi[h] / 1e4;
        drg[h] = s->h_drg_cmi ? s->h_drg_cmi[h] : 0;
    }
    svg_series pay[3] = { { "cost of the cases", C_COST, cost },
                          { "DIP entitlement (points × settlement value)", C_GROSS, gross },
                          { "paid by the fund (after corridors and deposit)", C_PAID, paid } };
    svg_chart c1 = { .title = "Hospital payments and costs, settlement year", .unit = "10 000 yuan", .labels = labels,
                     .n = n, .series = pay, .n_series = 3, .axis_decimals = 0, .value_decimals = 1 };
    fputs("<h2>Hospitals: payments against costs</h2>\n<p>For each hospital, the total cost of its cases settled "
          "by points, what its points are worth at the settlement point value (its entitlement: the pooled fund "
          "pays it less what patients, their accounts, critical-illness insurance and medical assistance paid) "
          "and what the pooled fund paid it for the year (fund due, corridor, special review, less the forfeited "
          "quality deposit). A hospital whose cost exceeds its entitlement overspent; the corridors share part of "
          "it. A hospital below its entitlement keeps its surplus (up to the corridor's cap).</p>\n", f);
    svg_bars(f, &c1);
    for (size_t h = 0; h < n; h++) {
        ratio[h] = s->h_cost[h] ? 100.0 * (double)s->h_gross[h] / (double)s->h_cost[h] : 0;
        hundred[h] = 100;
    }
    svg_series rs = { "entitlement ÷ cost", C_GROSS, ratio }, even = { "break-even", C_LINE, hundred };
    svg_chart c2 = { .title = "Entitlement as a share of cost (above 100: surplus, below: overspend)", .unit = "%",
                     .labels = labels, .n = n, .series = &rs, .n_series = 1, .line = &even, .axis_decimals = 0,
                     .value_decimals = 1, .group_width = 32, .axis_min = 80 };
    svg_bars(f, &c2);
    svg_series cm[2] = { { "CMI (DIP scores / 1000)", C_GROSS, cmi }, { "CMI (CHS-DRG weights)", C_BUDGET, drg } };
    svg_chart c3 = { .title = "Case-mix index by hospital", .unit = "CMI", .labels = labels, .n = n, .series = cm,
                     .n_series = 2, .axis_decimals = 1, .value_decimals = 3, .group_width = 32 };
    fputs("<h2>Case mix</h2>\n<p>CMI from the DIP scores of the region's catalogue (the points module's index) and "
          "from the CHS-DRG 1.1 weights the costs were drawn from. H01–H05 are level-3 hospitals, H06–H15 level 2, "
          "H16–H30 level 1.</p>\n", f);
    svg_bars(f, &c3);
    free(labels);
    free(cost);
    return YB_OK;
}

static void chart_point_values(run_state *s, FILE *f)
{
    static const char *const labels[RUN_POOLS] = { "employees", "residents" };
    double book[RUN_POOLS], budget[RUN_POOLS], settle[RUN_POOLS];
    for (int p = 0; p < RUN_POOLS; p++) {
        book[p] = (double)s->book_budget[p] / 1e6;
        budget[p] = (double)s->budget_value[p] / 1e6;
        settle[p] = (double)s->settle_value[p] / 1e6;
    }
    svg_series ser[3] = { { "published in the region's book", C_BOOK, book },
                          { "budget value (history 1:2:7)", C_BUDGET, budget },
                          { "settlement value", C_SETTLE, settle } };
    svg_chart c = { .title = "Point values by pool", .unit = "yuan per point", .labels = labels, .n = RUN_POOLS,
                    .series = ser, .n_series = 3, .axis_decimals = 0, .value_decimals = 4, .group_width = 200 };
    fputs("<h2>Point values</h2>\n<p>The budget point value pays the monthly advances: the history's cost over its "
          "points, years weighted 1:2:7. The settlement point value clears the year: (fund budget − special-review "
          "pool) ÷ reimbursement ratio ÷ Σ points.</p>\n", f);
    svg_bars(f, &c);
}

static void chart_alliance(run_state *s, FILE *f)
{
    static const char *const labels[RUN_MONTHS] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    double in[RUN_MONTHS], other[RUN_MONTHS], out[RUN_MONTHS], budget[RUN_MONTHS];
    int64_t w[RUN_MONTHS], part[RUN_MONTHS];
    for (int m = 0; m < RUN_MONTHS; m++)
        w[m] = 1;
    yb_allocate(s->cap_budget.pot, w, RUN_MONTHS, part);
    for (int m = 0; m < RUN_MONTHS; m++) {
        in[m] = yuan(s->cap_spent[m][0]) / 1e4;
        other[m] = yuan(s->cap_spent[m][1]) / 1e4;
        out[m] = yuan(s->cap_spent[m][2]) / 1e4;
        budget[m] = yuan(part[m]) / 1e4;
    }
    svg_series ser[3] = { { "inside the alliance", C_IN, in }, { "other hospitals of the region", C_OTHER, other },
                          { "out of the region", C_OUT, out } };
    svg_series line = { "budget (pot ÷ 12)", C_LINE, budget };
    svg_chart c = { .title = "County alliance: monthly budget and the fund's spending on its enrollees",
                    .unit = "10 000 yuan", .labels = labels, .n = RUN_MONTHS, .series = ser, .n_series = 3,
                    .line = &line, .stacked = 1, .axis_decimals = 0, .value_decimals = 1, .group_width = 50 };
    fputs("<h2>County medical alliance</h2>\n<p>The pooled fund paid on the enrollees' claims, by where they were "
          "treated, against the capitation pot spread over the months. Care outside the alliance is paid from "
          "the pot too: the alliance's incentive to keep patients.</p>\n", f);
    svg_bars(f, &c);
}

static void chart_bills(run_state *s, FILE *f)
{
    static const char *const labels[6] = { "employees, inpatient", "employees, outpatient", "retired, inpatient",
                                            "retired, outpatient", "residents, inpatient", "residents, outpatient" };
    double v[6][6];
    memset(v, 0, sizeof v);
    const region_claims *k = &s->data.k;
    for (size_t j = s->claim_first; j < k->n; j++) {
        if (s->cl.status[j])
            continue;
        int row = (s->data.m.insured[k->member[j]] - 1) * 2 + (k->visit[j] - 1);
        double x[6] = { yuan(s->cl.pooled[j]), yuan(s->cl.critical_illness[j]), yuan(s->cl.other_funds[j]),
                        yuan(s->cl.assistance[j]), yuan(s->cl.account_pay[j]), yuan(s->cl.cash_pay[j]) };
        for (int q = 0; q < 6; q++)
            v[q][row] += x[q];
    }
    svg_series ser[6] = { { "pooled fund", "#4e79a7", v[0] }, { "critical illness", "#76b7b2", v[1] },
                          { "civil-servant subsidy", "#b07aa1", v[2] }, { "medical assistance", "#59a14f", v[3] },
                          { "personal account", "#edc948", v[4] }, { "cash", "#e15759", v[5] } };
    svg_chart c = { .title = "Who paid the members' bills", .labels = labels, .n = 6, .series = ser, .n_series = 6 };
    fputs("<h2>Members' bills</h2>\n<p>Every claim of the year adjudicated through the tiers: basic insurance's "
          "pooled fund, critical-illness insurance, the civil-servant subsidy, medical assistance, the personal "
          "account and cash.</p>\n", f);
    svg_share_bars(f, &c);
}

int run_html(run_state *s)
{
    FILE *f = run_open(s, "index.html");
    if (!f)
        return yb_ctx_errcode(s->ctx);
    char title[256], b[64], c[64];
    snprintf(title, sizeof title, "%s — settlement year %d", s->d->name, s->year);
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>", f);
    html_text(f, title);
    fputs("</title>\n<style>\nbody{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;"
          "color:#222}\nh1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}\n"
          "table{border-collapse:collapse;margin:1em 0}th,td{padding:.2em .8em;border-bottom:1px solid #eee;"
          "text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
          ".ok{color:#2a7a2a;font-weight:bold}.bad{color:#b00;font-weight:bold}code{font-size:.85em}\n"
          "svg.chart{max-width:100%;height:auto;display:block;margin:1em 0}svg .t{font:bold 14px sans-serif}"
          "svg .l,svg .a{font:11px sans-serif;fill:#444}svg .v{font:10px sans-serif;fill:#fff}"
          "svg .g{stroke:#e5e5e5}\n</style></head><body>\n<h1>", f);
    html_text(f, title);
    fprintf(f, "</h1>\n<p>Generated by <code>yibao run-year</code> (libyibao %s) from the region pack "
               "<code>", yb_version_string());
    html_text(f, s->d->dir);
    fprintf(f, "</code>, seed %llu. Every figure is exact in fen; the CSV tables next to this page hold them.</p>\n",
            (unsigned long long)s->d->seed);
    fputs("<h2>Key figures</h2>\n<table>\n", f);
    snprintf(b, sizeof b, "%zu", s->data.m.n);
    figure(f, "members", b);
    snprintf(b, sizeof b, "%zu", s->n_pc);
    figure(f, "inpatient cases settled by points", b);
    snprintf(b, sizeof b, "%zu", s->data.k.n - s->claim_first);
    figure(f, "member claims adjudicated", b);
    static const char *const POOL[RUN_POOLS] = { "employees", "residents" };
    for (int p = 0; p < RUN_POOLS; p++) {
        char label[96];
        int64_t x = 0, y = 0;
        yb_rescale(s->budget_value[p], 6, 4, YB_ROUND_HALF_UP, &x);
        yb_rescale(s->settle_value[p], 6, 4, YB_ROUND_HALF_UP, &y);
        yb_decimal_format(x, 4, b, sizeof b);
        yb_decimal_format(y, 4, c, sizeof c);
        snprintf(label, sizeof label, "point value, %s: budget / settlement", POOL[p]);
        char both[140];
        snprintf(both, sizeof both, "%s / %s yuan", b, c);
        figure(f, label, both);
        snprintf(label, sizeof label, "DIP fund budget, %s", POOL[p]);
        money_fig(f, label, s->fund_budget[p]);
    }
    money_fig(f, "alliance capitation pot", s->cap_summary.budget);
    money_fig(f, "alliance spending", s->cap_summary.spent_total);
    money_fig(f, "alliance retained surplus", s->cap_summary.retained);
    money_fig(f, "overspend borne by the alliance", s->cap_summary.alliance_share);
    fputs("</table>\n", f);
    int rc = charts_hospitals(s, f);
    if (rc) {
        fclose(f);
        return rc;
    }
    chart_point_values(s, f);
    chart_alliance(s, f);
    chart_bills(s, f);
    fputs("<h2>Conservation, exact in fen</h2>\n<table>\n", f);
    for (size_t i = 0; i < s->n_checks; i++) {
        const run_check *k = &s->checks[i];
        int ok = k->lhs == k->rhs;
        fprintf(f, "<tr><td class=\"%s\">%s</td><td><b>", ok ? "ok" : "bad", ok ? "OK" : "MISMATCH");
        html_text(f, k->what);
        fputs("</b><br>", f);
        html_text(f, k->lhs_text);
        fputs(" =<br>", f);
        html_text(f, k->rhs_text);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n<h2>Packs (fingerprints for audit)</h2>\n<table>\n", f);
    struct { const char *what, *fp; } fps[] = {
        { "region", s->fp_region }, { "CHS-DRG 1.1", s->fp_drg }, { "DIP 3.0 national", s->fp_dip_base },
        { "DIP catalogue built for the year", s->fp_dip }, { "points book of the region", s->fp_points_base },
        { "points book of the year (overlay)", s->fp_book }, { "capitation plan", s->fp_cap },
        { "benefit policy", s->fp_benefit }, { "DRG weights (Harbin 2024)", s->fp_weights },
    };
    for (size_t i = 0; i < sizeof fps / sizeof fps[0]; i++) {
        fputs("<tr><th>", f);
        html_text(f, fps[i].what);
        fprintf(f, "</th><td><code>%s</code></td></tr>\n", fps[i].fp);
    }
    fputs("</table>\n<h2>Tables</h2>\n<p><a href=\"hospitals.csv\">hospitals.csv</a> · "
          "<a href=\"point_values.csv\">point_values.csv</a> · <a href=\"history.csv\">history.csv</a> · ", f);
    fprintf(f, "<a href=\"cases_%d.csv\">cases_%d.csv</a> · ", s->year, s->year);
    fputs("<a href=\"advances.csv\">advances.csv</a> · <a href=\"drg_groups.csv\">drg_groups.csv</a> · "
          "<a href=\"benefit.csv\">benefit.csv</a> · <a href=\"capitation_months.csv\">capitation_months.csv</a> · "
          "<a href=\"capitation_clearing.csv\">capitation_clearing.csv</a> · "
          "<a href=\"capitation_ledger.csv\">capitation_ledger.csv</a> · "
          "<a href=\"conservation.csv\">conservation.csv</a> · <a href=\"fingerprints.csv\">fingerprints.csv</a> · "
          "<a href=\"summary.txt\">summary.txt</a>; the generated data in <code>data/</code>, the DIP catalogue in "
          "<code>dip-catalog/</code>, the year's points book in <code>points-book/</code>.</p>\n</body></html>\n", f);
    return run_close(s, f, "index.html");
}
