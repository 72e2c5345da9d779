/* `yibao points`: settle a year of grouped cases under a point-value book and
 * write per-case and per-hospital CSV (doc/points.md, "Command line"). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_points.h"

static const char usage[] =
    "yibao points --book PACK --input grouped.csv --output-cases cases_out.csv --output-hospitals hosp_out.csv\n"
    "       [--point-value [POOL=]YUAN]... [--fund-budget [POOL=]YUAN]...\n"
    "  POOL is employee (职工), resident (居民) or all; a one-pool book takes a bare YUAN.\n"
    "  --point-value  budget point values (DRG rate books: base rates); default: the book's\n"
    "  --fund-budget  fund budget per pool: computes settlement point values and the year-end clearing";

typedef struct opts {
    const char *book, *input, *out_cases, *out_hosp;
    int64_t pv[2], fund[2];
    int have_pv[2], have_fund[2];
} opts;

static int parse_pool_value(const char *arg, int decimals, int64_t *v, int *have, const char *what)
{
    const char *eq = strchr(arg, '=');
    int pool = -1;
    if (eq) {
        size_t n = (size_t)(eq - arg);
        if ((n == 8 && !memcmp(arg, "employee", 8)) || (n == 6 && !memcmp(arg, "职工", 6)) ||
            (n == 3 && !memcmp(arg, "all", 3)))
            pool = 0;
        else if ((n == 8 && !memcmp(arg, "resident", 8)) || (n == 6 && !memcmp(arg, "居民", 6)))
            pool = 1;
        else {
            fprintf(stderr, "yibao points: %s: unknown pool in '%s'\n", what, arg);
            return -1;
        }
        arg = eq + 1;
    }
    int64_t x;
    if (yb_decimal_parse(arg, strlen(arg), decimals, &x) || x < 0) {
        fprintf(stderr, "yibao points: %s: '%s' is not an amount with at most %d decimals\n", what, arg, decimals);
        return -1;
    }
    int p = pool < 0 ? 0 : pool;
    v[p] = x;
    have[p] = pool < 0 ? 2 : 1; /* 2 = given without a pool name */
    return 0;
}

static int parse_args(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    const cli_opt files[] = { { "--book", &o->book, NULL }, { "--input", &o->input, NULL },
                              { "--output-cases", &o->out_cases, NULL }, { "--output-hospitals", &o->out_hosp, NULL } };
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (cli_take_option(argc, argv, &i, files, CLI_COUNT(files)))
            continue;
        if ((v = cli_option(argc, argv, &i, "--point-value"))) {
            if (parse_pool_value(v, 6, o->pv, o->have_pv, "--point-value"))
                return -1;
        } else if ((v = cli_option(argc, argv, &i, "--fund-budget"))) {
            if (parse_pool_value(v, 2, o->fund, o->have_fund, "--fund-budget"))
                return -1;
        } else {
            fprintf(stderr, "yibao points: unknown argument '%s'\n", argv[i]);
            return -1;
        }
    }
    return o->book && o->input && o->out_cases && o->out_hosp ? 0 : -1;
}

/* Values per pool from the options: 1 = all given, 0 = none given, -1 = error. */
static int pool_values(const int64_t *v, const int *have, uint32_t npools, const char *what, int64_t *out)
{
    int any = have[0] || have[1];
    if (!any)
        return 0;
    if (npools == 1) {
        if (have[1]) {
            fprintf(stderr, "yibao points: %s: the book has one pool; give a bare amount\n", what);
            return -1;
        }
        out[0] = v[0];
        return 1;
    }
    if (have[0] != 1 || have[1] != 1) {
        fprintf(stderr, "yibao points: %s: the book has a pool per insurance type; give employee=… and resident=…\n",
                what);
        return -1;
    }
    out[0] = v[0];
    out[1] = v[1];
    return 1;
}


int cmd_points(int argc, char **argv)
{
    opts o;
    if (parse_args(argc, argv, &o))
        return cli_usage(usage);
    yb_ctx *ctx = cli_ctx();
    if (!ctx)
        return 1;
    int status = 1;
    yb_points_book *book = NULL;
    yb_points_year *year = NULL;
    pt_cases cases;
    memset(&cases, 0, sizeof cases);
    points_run run;
    memset(&run, 0, sizeof run);
    int rc = yb_points_book_load(ctx, o.book, &book);
    if (rc) {
        cli_fail(ctx, rc, o.book);
        goto done;
    }
    uint32_t npools = yb_points_book_pool_count(book);
    int has_pv = pool_values(o.pv, o.have_pv, npools, "--point-value", run.pv);
    int has_fund = pool_values(o.fund, o.have_fund, npools, "--fund-budget", run.fund);
    if (has_pv < 0 || has_fund < 0)
        goto done;
    if (!has_pv)
        for (uint32_t p = 0; p < npools; p++)
            if ((rc = yb_points_book_point_value(book, p, &run.pv[p]))) {
                fprintf(stderr, "yibao points: the book publishes no budget point value; give --point-value\n");
                goto done;
            }
    if ((rc = pt_read_cases(ctx, o.input, &cases))) {
        cli_fail(ctx, rc, o.input);
        goto done;
    }
    if ((rc = yb_points_year_new(ctx, book, &year))) {
        cli_fail(ctx, rc, "year");
        goto done;
    }
    if (points_compute(ctx, book, year, &cases, has_fund, &run) == 0 &&
        points_write_cases(o.out_cases, book, &cases, &run) == 0 &&
        points_write_hospitals(o.out_hosp, year, &run) == 0) {
        points_summary(book, year, &cases, &run);
        status = 0;
    }
done:
    points_run_free(&run);
    pt_cases_free(&cases);
    yb_points_year_free(year);
    yb_points_book_free(book);
    yb_ctx_free(ctx);
    return status;
}
