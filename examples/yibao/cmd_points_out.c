/* `yibao points`: the computation through the library and the CSV output. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_points.h"

static const char *const kind_names[] = { "normal", "low", "high", "extreme", "ungrouped", "fee_for_service" };
static const char *const pool_names[2][2] = { { "all", "" }, { "employee", "resident" } };

/* The malloc'ed arrays of a run, for allocation and freeing in one place. */
#define RES_ARRAYS(X, r)                                                                                         \
    X((r)->res.score) X((r)->res.hospital_coefficient) X((r)->res.subtype_coefficient) X((r)->res.standard_cost) \
    X((r)->res.cost_ratio) X((r)->res.deviation) X((r)->res.points) X((r)->res.point_value) X((r)->res.payment) \
    X((r)->res.fund_due)
#define IDX_ARRAYS(X, r)                                                                                          \
    X((r)->idx.cases) X((r)->idx.cmi) X((r)->idx.cost_index) X((r)->idx.time_index) X((r)->idx.group_coverage) \
    X((r)->idx.fund_coverage)
#define POOL_ARRAYS(X, r)                                                                                     \
    X((r)->clr.pool_point_value) X((r)->clr.pool_points) X((r)->clr.pool_points_fund)                        \
    X((r)->clr.pool_review_pool) X((r)->clr.pool_review_paid) X((r)->clr.pool_review_unused)                 \
    X((r)->clr.pool_unallocated)
#define HP_ARRAYS(X, r) X((r)->clr.hp_points) X((r)->clr.hp_gross) X((r)->clr.hp_self_pay) X((r)->clr.hp_fund_due)
#define HOSP_ARRAYS(X, r)                                                                                         \
    X((r)->clr.points) X((r)->clr.cost) X((r)->clr.gross) X((r)->clr.self_pay) X((r)->clr.fund_due)             \
    X((r)->clr.conservation_adjustment) X((r)->clr.corridor) X((r)->clr.review_paid) X((r)->clr.ffs_fund_due) \
    X((r)->clr.advance_paid) X((r)->clr.deposit_withheld) X((r)->clr.deposit_forfeit) X((r)->clr.total_paid) \
    X((r)->clr.balance)

void points_run_free(points_run *r)
{
#define FREE(p) free(p);
    RES_ARRAYS(FREE, r) IDX_ARRAYS(FREE, r) POOL_ARRAYS(FREE, r) HP_ARRAYS(FREE, r) HOSP_ARRAYS(FREE, r)
#undef FREE
    free(r->status);
    free(r->res.group_id);
    free(r->res.hospital_id);
    free(r->res.pool);
    free(r->res.kind);
}

#define ALLOC(p, count)                               \
    do {                                              \
        (p) = calloc((count) > 0 ? (count) : 1, sizeof *(p)); \
        ok &= (p) != NULL;                            \
    } while (0);

static int alloc_cases(points_run *r, size_t n)
{
    int ok = 1;
#define A_N(p) ALLOC(p, n)
    RES_ARRAYS(A_N, r)
    A_N(r->status) A_N(r->res.group_id) A_N(r->res.hospital_id) A_N(r->res.pool) A_N(r->res.kind)
#undef A_N
    return ok ? 0 : -1;
}

static int alloc_hospitals(points_run *r, size_t nh, size_t np)
{
    int ok = 1;
    size_t nhp = nh * np;
#define A_H(p) ALLOC(p, nh)
#define A_P(p) ALLOC(p, np)
#define A_HP(p) ALLOC(p, nhp)
    IDX_ARRAYS(A_H, r) POOL_ARRAYS(A_P, r) HP_ARRAYS(A_HP, r) HOSP_ARRAYS(A_H, r)
#undef A_H
#undef A_P
#undef A_HP
    return ok ? 0 : -1;
}
#undef ALLOC

int points_compute(yb_ctx *ctx, const yb_points_book *book, yb_points_year *year, const pt_cases *cases,
                   int settle, points_run *r)
{
    r->n = cases->n;
    r->npools = yb_points_book_pool_count(book);
    r->res.size = sizeof r->res;
    r->idx.size = sizeof r->idx;
    r->clr.size = sizeof r->clr;
    if (alloc_cases(r, cases->n)) {
        fprintf(stderr, "yibao points: out of memory\n");
        return -1;
    }
    yb_points_case_columns cols;
    pt_columns(cases, &cols);
    int rc = yb_points_year_add_batch(ctx, year, &cols, r->pv, r->npools, &r->res, r->status);
    if (rc < 0)
        return cli_fail(ctx, rc, "settling the cases"), -1;
    for (size_t i = 0; i < cases->n; i++)
        r->bad += cases->parse_status[i] || r->status[i];
    r->nh = yb_points_year_hospital_count(year);
    if (alloc_hospitals(r, r->nh, r->npools)) {
        fprintf(stderr, "yibao points: out of memory\n");
        return -1;
    }
    r->region = (yb_points_index_results){ .size = sizeof r->region, .cases = &r->region_arrays[0],
                                           .cmi = &r->region_arrays[1], .cost_index = &r->region_arrays[2],
                                           .time_index = &r->region_arrays[3],
                                           .group_coverage = &r->region_arrays[4],
                                           .fund_coverage = &r->region_arrays[5] };
    if ((rc = yb_points_year_indices(ctx, year, &r->idx, &r->region)))
        return cli_fail(ctx, rc, "indices"), -1;
    if (!settle)
        return 0;
    yb_points_clearing_input in = { .size = sizeof in, .n_pools = r->npools, .fund_budget = r->fund,
                                    .budget_values = r->pv, .n_hospitals = r->nh };
    if ((rc = yb_points_year_clear(ctx, year, &in, &r->clr)))
        return cli_fail(ctx, rc, "clearing"), -1;
    r->settled = 1;
    return 0;
}

static void put_dec(FILE *f, int64_t v, int decimals, int last)
{
    char buf[40];
    yb_decimal_format(v, decimals, buf, sizeof buf);
    fputs(buf, f);
    fputc(last ? '\n' : ',', f);
}

/* A CSV field and its separator. */
static void put_str(FILE *f, const char *s, size_t n)
{
    cli_csv_field_n(f, s, n);
    fputc(',', f);
}

static void put_col(FILE *f, const pt_strings *s, size_t i)
{
    put_str(f, s->data + s->off[i], (size_t)(s->off[i + 1] - s->off[i]));
}

int points_write_cases(const char *path, const yb_points_book *book, const pt_cases *c, const points_run *r)
{
    FILE *f = cli_open_out(path);
    if (!f)
        return -1;
    fputs("id,status,message,group,hospital,insurance,kind,score,hospital_coefficient,subtype_coefficient,"
          "standard_cost,cost_ratio,deviation,points,point_value,payment,fund_due",
          f);
    fputs(r->settled ? ",settlement_point_value,settlement_payment,settlement_fund_due\n" : "\n", f);
    const yb_points_case_results *o = &r->res;
    for (size_t i = 0; i < c->n; i++) {
        int st = c->parse_status[i] ? c->parse_status[i] : r->status[i];
        put_col(f, &c->id, i);
        fprintf(f, "%s,", st ? yb_status_name(st) : "ok");
        const char *msg = c->parse_msg[i] ? c->parse_msg[i] : st ? yb_strerror(st) : "";
        put_str(f, msg, strlen(msg));
        put_col(f, &c->group, i);
        put_col(f, &c->hospital, i);
        int ins = c->insurance[i];
        fprintf(f, "%s,", ins == 1 ? "employee" : ins == 2 ? "resident" : "");
        if (st) {
            fputs(r->settled ? ",,,,,,,,,,,,,\n" : ",,,,,,,,,,\n", f);
            continue;
        }
        fprintf(f, "%s,", kind_names[o->kind[i]]);
        put_dec(f, o->score[i], 4, 0);
        put_dec(f, o->hospital_coefficient[i], 6, 0);
        put_dec(f, o->subtype_coefficient[i], 6, 0);
        put_dec(f, o->standard_cost[i], 2, 0);
        put_dec(f, o->cost_ratio[i], 6, 0);
        put_dec(f, o->deviation[i], 6, 0);
        put_dec(f, o->points[i], 4, 0);
        put_dec(f, o->point_value[i], 6, 0);
        put_dec(f, o->payment[i], 2, 0);
        put_dec(f, o->fund_due[i], 2, !r->settled);
        if (r->settled) {
            int64_t spv = r->clr.pool_point_value[o->pool[i]], pay = o->payment[i];
            if (o->kind[i] != YB_POINTS_CASE_FEE_FOR_SERVICE)
                yb_points_book_payment(book, o->points[i], spv, &pay);
            put_dec(f, spv, 6, 0);
            put_dec(f, pay, 2, 0);
            put_dec(f, pay - c->self_pay[i], 2, 1);
        }
    }
    return cli_close_out(f, path);
}

int points_write_hospitals(const char *path, const yb_points_year *year, const points_run *r)
{
    FILE *f = cli_open_out(path);
    if (!f)
        return -1;
    fputs("hospital,cases,grouped_cases,low_cases,high_cases,review_cases,ungrouped_cases,ffs_cases,points,cost,"
          "self_pay,payment_budget,cmi,cost_index,time_index,group_coverage,fund_coverage",
          f);
    fputs(r->settled ? ",entitlement,fund_due,conservation_adjustment,corridor,review_paid,ffs_fund_due,"
                       "advance_paid,deposit_withheld,deposit_forfeit,total_paid,balance\n"
                     : "\n",
          f);
    yb_ctx *ctx = cli_ctx();
    for (uint32_t h = 0; ctx && h < r->nh; h++) {
        yb_points_totals t = { .size = sizeof t };
        yb_points_year_totals(ctx, year, h, -1, -1, &t);
        const char *code = yb_points_year_hospital_code(year, h);
        put_str(f, code, strlen(code));
        fprintf(f, "%lld,%lld,%lld,%lld,%lld,%lld,%lld,", (long long)t.cases, (long long)t.grouped_cases,
                (long long)t.low_cases, (long long)t.high_cases, (long long)t.review_cases,
                (long long)t.ungrouped_cases, (long long)t.ffs_cases);
        put_dec(f, t.points, 4, 0);
        put_dec(f, t.cost + t.ffs_cost, 2, 0);
        put_dec(f, t.self_pay + t.ffs_self_pay, 2, 0);
        put_dec(f, t.payment + t.ffs_payment, 2, 0);
        put_dec(f, r->idx.cmi[h], 4, 0);
        put_dec(f, r->idx.cost_index[h], 4, 0);
        put_dec(f, r->idx.time_index[h], 4, 0);
        put_dec(f, r->idx.group_coverage[h], 6, 0);
        put_dec(f, r->idx.fund_coverage[h], 6, !r->settled);
        if (r->settled) {
            const yb_points_clearing_results *c = &r->clr;
            put_dec(f, c->gross[h], 2, 0);
            put_dec(f, c->fund_due[h], 2, 0);
            put_dec(f, c->conservation_adjustment[h], 2, 0);
            put_dec(f, c->corridor[h], 2, 0);
            put_dec(f, c->review_paid[h], 2, 0);
            put_dec(f, c->ffs_fund_due[h], 2, 0);
            put_dec(f, c->advance_paid[h], 2, 0);
            put_dec(f, c->deposit_withheld[h], 2, 0);
            put_dec(f, c->deposit_forfeit[h], 2, 0);
            put_dec(f, c->total_paid[h], 2, 0);
            put_dec(f, c->balance[h], 2, 1);
        }
    }
    yb_ctx_free(ctx);
    return cli_close_out(f, path);
}

static void print_yuan(const char *label, int64_t fen)
{
    char buf[40];
    yb_decimal_format(fen, 2, buf, sizeof buf);
    printf(" %s %s", label, buf);
}

void points_summary(const yb_points_book *book, const yb_points_year *year, const pt_cases *cases,
                    const points_run *r)
{
    static const char *const methods[] = { "", "dip", "drg_points", "drg_rate" };
    printf("book %s method %s pools %u hospitals %zu\n", yb_points_book_fingerprint(book),
           methods[yb_points_book_method(book)], r->npools, r->nh);
    printf("cases %zu good %zu bad %d\n", cases->n, cases->n - (size_t)r->bad, r->bad);
    char v[40];
    yb_decimal_format(r->region_arrays[1], 4, v, sizeof v);
    printf("region cmi %s", v);
    yb_decimal_format(r->region_arrays[4], 6, v, sizeof v);
    printf(" group_coverage %s", v);
    yb_decimal_format(r->region_arrays[5], 6, v, sizeof v);
    printf(" fund_coverage %s\n", v);
    yb_ctx *ctx = cli_ctx();
    for (uint32_t p = 0; ctx && p < r->npools; p++) {
        const char *name = pool_names[r->npools - 1][p];
        yb_points_totals t = { .size = sizeof t };
        yb_points_year_totals(ctx, year, YB_POINTS_NO_ID, (int32_t)p, -1, &t);
        yb_decimal_format(r->pv[p], 6, v, sizeof v);
        printf("pool %s cases %lld budget_value %s", name, (long long)t.cases, v);
        yb_decimal_format(t.points, 4, v, sizeof v);
        printf(" points %s", v);
        print_yuan("cost", t.cost + t.ffs_cost);
        print_yuan("payment_budget", t.payment + t.ffs_payment);
        printf("\n");
        if (!r->settled)
            continue;
        const yb_points_clearing_results *c = &r->clr;
        int64_t due = 0;
        for (size_t h = 0; h < r->nh; h++)
            due += c->hp_fund_due[h * r->npools + p];
        yb_decimal_format(c->pool_point_value[p], 6, v, sizeof v);
        printf("settlement %s point_value %s", name, v);
        print_yuan("fund_budget", r->fund[p]);
        print_yuan("review_pool", c->pool_review_pool[p]);
        printf("\nconservation %s:", name);
        print_yuan("fund_budget", r->fund[p]);
        print_yuan("= fund_due", due);
        print_yuan("+ review_paid", c->pool_review_paid[p]);
        print_yuan("+ review_unused", c->pool_review_unused[p]);
        print_yuan("+ unallocated", c->pool_unallocated[p]);
        int exact = r->fund[p] == due + c->pool_review_paid[p] + c->pool_review_unused[p] + c->pool_unallocated[p];
        printf(" %s\n", exact ? "exact" : "MISMATCH");
    }
    yb_ctx_free(ctx);
}
