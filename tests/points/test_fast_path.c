/* The batch's fast path (a plan per batch, a tight loop over blocks of rows)
 * must give every output bit the case-by-case engine gives: every result
 * column, every row status, and every total of the year — for books of every
 * rule variant, rows of every kind (bad ones too), codes and ids, and totals
 * that overflow. The reference is the same rows sent one per call: a batch of
 * one row builds no plan and goes through the engine (yb_points_compute and
 * yb_points_year_add), whose formulas test_case.c checks by hand. */
#include <stdlib.h>

#include "points_fixture.h"

static yb_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    return yb_ctx_new(&ctx, NULL);
}

static int teardown(void **state)
{
    (void)state;
    yb_ctx_free(ctx);
    return 0;
}

/* Rows and every result column. */
typedef struct rows {
    size_t n;
    char *gdata, *hdata, *sdata;
    int64_t *goff, *hoff, *soff;
    uint32_t *gid, *hid;
    int8_t *ins, *month;
    int64_t *cost, *self;
    int32_t *los;
} rows;

typedef struct results {
    uint32_t *group_id, *hospital_id;
    int8_t *pool, *kind;
    int64_t *score, *hcoef, *subcoef, *standard, *ratio, *deviation, *points, *pv, *payment, *fund_due;
    int32_t *status;
} results;

static uint64_t next(uint64_t *x)
{
    *x = *x * 6364136223846793005ull + 1442695040888963407ull;
    return *x >> 16;
}

static void put(char *data, int64_t *off, size_t i, const char *s)
{
    size_t len = strlen(s);
    memcpy(data + off[i], s, len);
    off[i + 1] = off[i] + (int64_t)len;
}

/* n rows: mostly good, costs around the standard (low, normal, high and
 * extreme cases), ungrouped ones, subtypes known and unknown, and a few bad
 * values in every column. `same_place` puts every row on hospital 0, month
 * 1, pool 0 so that the totals of one cell grow fast. */
static rows make_rows(const yb_points_book *b, size_t n, uint64_t seed, int64_t unit_cost, int same_place)
{
    static const char *const subs[20] = { "CCI1", "SEVERE", "AGE65", "NOPE", " CCI1 ", "CCI3" }; /* rest "" */
    rows r = { .n = n };
    r.gdata = calloc(n, 40);
    r.hdata = calloc(n, 80);
    r.sdata = calloc(n, 8);
    r.goff = calloc(n + 1, 8);
    r.hoff = calloc(n + 1, 8);
    r.soff = calloc(n + 1, 8);
    r.gid = calloc(n, 4);
    r.hid = calloc(n, 4);
    r.ins = calloc(n, 1);
    r.month = calloc(n, 1);
    r.cost = calloc(n, 8);
    r.self = calloc(n, 8);
    r.los = calloc(n, 4);
    uint32_t ng = yb_points_book_group_count(b), nh = yb_points_book_hospital_count(b);
    uint64_t x = seed;
    for (size_t i = 0; i < n; i++) {
        uint64_t a = next(&x), c = next(&x);
        uint32_t u = (uint32_t)(a % 100), g = u < 3 ? ng : u == 3 ? ng + 1 : (uint32_t)((a >> 8) % ng);
        r.gid[i] = g == ng ? YB_POINTS_NO_ID : g; /* ng + 1: an unknown id */
        char code[40];
        if (g < ng)
            snprintf(code, sizeof code, (a >> 8) % 16 ? "%s" : " %s\t", yb_points_book_group_code(b, g));
        put(r.gdata, r.goff, i, g < ng ? code : g == ng ? "" : "NOPE");
        uint32_t h = nh ? ((a >> 12) % 64 ? (uint32_t)((a >> 18) % nh) : nh) : (uint32_t)((a >> 12) % 5);
        if (same_place)
            h = 0;
        r.hid[i] = h; /* nh: an unknown id */
        if (nh && h < nh)
            snprintf(code, sizeof code, (a >> 20) % 16 ? "%s" : "  %s", yb_points_book_hospital_code(b, h));
        else
            snprintf(code, sizeof code, nh ? "H-UNKNOWN" : "OPEN%u", h); /* an open book takes any code */
        put(r.hdata, r.hoff, i, (a >> 24) % 200 ? code : ""); /* a few rows without a hospital */
        put(r.sdata, r.soff, i, subs[(a >> 28) % 20] ? subs[(a >> 28) % 20] : "");
        r.ins[i] = (int8_t)((a >> 32) % 50 ? 1 + (a >> 33) % 2 : 3);
        int mv = (int)((a >> 40) % 13); /* 0 → no month (-1), else 1 … 12 */
        r.month[i] = (int8_t)(mv ? mv : -1);
        if ((a >> 44) % 97 == 0)
            r.month[i] = (int8_t)((a >> 52) % 2 ? 0 : 13); /* invalid */
        if (same_place) {
            r.ins[i] = 1;
            r.month[i] = 1;
        }
        /* cost ÷ unit: 0 … 3 mostly, else 0 … 12, so every outlier kind occurs */
        uint64_t spread = (c >> 50) % 4 ? 3 : 12;
        r.cost[i] = (int64_t)(c % (spread * (uint64_t)unit_cost)) + (int64_t)((c >> 40) % 3);
        if ((c >> 20) % 151 == 0)
            r.cost[i] = -(int64_t)(c % 1000) - 1;
        if ((c >> 20) % 157 == 0)
            r.cost[i] = 1000000000001LL; /* above YB_POINTS_MAX_COST */
        if ((c >> 20) % 163 == 0)
            r.cost[i] = 1000000000000LL; /* YB_POINTS_MAX_COST */
        r.self[i] = r.cost[i] > 0 ? (int64_t)((c >> 8) % (uint64_t)r.cost[i]) : 0;
        if ((c >> 24) % 131 == 0)
            r.self[i] = r.cost[i] + 1;
        r.los[i] = (int32_t)((c >> 30) % 40) - 1;
        if ((c >> 36) % 139 == 0)
            r.los[i] = -2;
    }
    return r;
}

static void free_rows(rows *r)
{
    void *p[] = { r->gdata, r->hdata, r->sdata, r->goff, r->hoff, r->soff, r->gid, r->hid,
                  r->ins, r->month, r->cost, r->self, r->los };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
}

static results alloc_results(size_t n)
{
    results s;
    s.group_id = malloc(n * 4);
    s.hospital_id = malloc(n * 4);
    s.pool = malloc(n);
    s.kind = malloc(n);
    int64_t **cols[] = { &s.score, &s.hcoef, &s.subcoef, &s.standard, &s.ratio, &s.deviation,
                         &s.points, &s.pv, &s.payment, &s.fund_due };
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
        *cols[k] = malloc(n * 8);
        memset(*cols[k], 0x5a, n * 8); /* every row must be written */
    }
    s.status = malloc(n * 4);
    memset(s.group_id, 0x5a, n * 4);
    memset(s.hospital_id, 0x5a, n * 4);
    memset(s.pool, 0x5a, n);
    memset(s.kind, 0x5a, n);
    memset(s.status, 0x5a, n * 4);
    return s;
}

static void free_results(results *s)
{
    void *p[] = { s->group_id, s->hospital_id, s->pool, s->kind, s->score, s->hcoef, s->subcoef, s->standard,
                  s->ratio, s->deviation, s->points, s->pv, s->payment, s->fund_due, s->status };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
}

/* Rows [from, from + n) into the year, results at the same rows. */
static int run(const yb_points_book *b, yb_points_year *y, const rows *r, size_t from, size_t n, int by_ids,
               const int64_t *values, size_t n_values, results *s)
{
    yb_points_case_columns in = { .size = sizeof in, .n = n, .insurance = r->ins + from, .cost = r->cost + from,
                                  .self_pay = r->self + from, .subtype_data = r->sdata,
                                  .subtype_offsets = r->soff + from, .month = r->month + from,
                                  .los_days = r->los + from };
    if (by_ids) {
        in.group_ids = r->gid + from;
        in.hospital_ids = r->hid + from;
    } else {
        in.group_data = r->gdata;
        in.group_offsets = r->goff + from;
        in.hospital_data = r->hdata;
        in.hospital_offsets = r->hoff + from;
    }
    yb_points_case_results out = {
        .size = sizeof out, .group_id = s->group_id + from, .hospital_id = s->hospital_id + from,
        .pool = s->pool + from, .kind = s->kind + from, .score = s->score + from,
        .hospital_coefficient = s->hcoef + from, .subtype_coefficient = s->subcoef + from,
        .standard_cost = s->standard + from, .cost_ratio = s->ratio + from, .deviation = s->deviation + from,
        .points = s->points + from, .point_value = s->pv + from, .payment = s->payment + from,
        .fund_due = s->fund_due + from
    };
    return y ? yb_points_year_add_batch(ctx, y, &in, values, n_values, &out, s->status + from)
             : yb_points_case_batch(ctx, b, &in, values, n_values, &out, s->status + from);
}

static void same_results(const results *a, const results *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a->status[i], e->status[i]);
        assert_int_equal(a->group_id[i], e->group_id[i]);
        assert_int_equal(a->hospital_id[i], e->hospital_id[i]);
        assert_int_equal(a->pool[i], e->pool[i]);
        assert_int_equal(a->kind[i], e->kind[i]);
        assert_int_equal(a->score[i], e->score[i]);
        assert_int_equal(a->hcoef[i], e->hcoef[i]);
        assert_int_equal(a->subcoef[i], e->subcoef[i]);
        assert_int_equal(a->standard[i], e->standard[i]);
        assert_int_equal(a->ratio[i], e->ratio[i]);
        assert_int_equal(a->deviation[i], e->deviation[i]);
        assert_int_equal(a->points[i], e->points[i]);
        assert_int_equal(a->pv[i], e->pv[i]);
        assert_int_equal(a->payment[i], e->payment[i]);
        assert_int_equal(a->fund_due[i], e->fund_due[i]);
    }
}

static void same_totals(const yb_points_year *a, const yb_points_year *e, uint32_t npools)
{
    uint32_t nh = yb_points_year_hospital_count(e);
    assert_int_equal(yb_points_year_hospital_count(a), nh);
    for (uint32_t h = 0; h < nh; h++) {
        assert_string_equal(yb_points_year_hospital_code(a, h), yb_points_year_hospital_code(e, h));
        for (uint32_t p = 0; p < npools; p++)
            for (int m = 0; m <= 12; m++) {
                yb_points_totals ta = { .size = sizeof ta }, te = { .size = sizeof te };
                assert_ok(ctx, yb_points_year_totals(ctx, a, h, (int32_t)p, m, &ta));
                assert_ok(ctx, yb_points_year_totals(ctx, e, h, (int32_t)p, m, &te));
                assert_memory_equal(&ta, &te, sizeof ta);
            }
    }
    /* the (hospital, group) cells, through the indices they feed */
    int64_t *col[2][6];
    for (int k = 0; k < 2; k++)
        for (int c = 0; c < 6; c++)
            col[k][c] = calloc(nh + 1, 8);
    for (int k = 0; k < 2; k++) {
        yb_points_index_results r = { .size = sizeof r, .cases = col[k][0], .cmi = col[k][1],
                                      .cost_index = col[k][2], .time_index = col[k][3],
                                      .group_coverage = col[k][4], .fund_coverage = col[k][5] };
        int rc = yb_points_year_indices(ctx, k ? e : a, &r, NULL);
        assert_true(rc == YB_OK || rc == YB_E_OVERFLOW);
    }
    for (int c = 0; c < 6; c++) {
        assert_memory_equal(col[0][c], col[1][c], (nh + 1) * 8);
        free(col[0][c]);
        free(col[1][c]);
    }
}

/* What the rows of a check covered: kinds of good rows, bad row statuses. */
typedef struct coverage {
    size_t kind[6];
    size_t overflow, other_bad;
} coverage;

/* The whole batch against one row per call, with and without a year, by
 * codes and (for a book that lists its hospitals) by ids. */
static coverage check_book(const yb_points_book *b, size_t n, uint64_t seed, int64_t unit_cost, int same_place,
                           const int64_t *values, size_t n_values)
{
    coverage cov = { { 0 }, 0, 0 };
    rows r = make_rows(b, n, seed, unit_cost, same_place);
    int listed = yb_points_book_hospital_count(b) > 0;
    uint32_t npools = yb_points_book_pool_count(b);
    for (int by_ids = 0; by_ids <= listed; by_ids++)
        for (int with_year = 0; with_year < 2; with_year++) {
            results fast = alloc_results(n), one = alloc_results(n);
            yb_points_year *ya = NULL, *ye = NULL;
            if (with_year) {
                assert_ok(ctx, yb_points_year_new(ctx, b, &ya));
                assert_ok(ctx, yb_points_year_new(ctx, b, &ye));
            }
            int bad = run(b, ya, &r, 0, n, by_ids, values, n_values, &fast);
            assert_true(bad > 0 && (size_t)bad < n);
            int bad_one = 0;
            for (size_t i = 0; i < n; i++) {
                int rc = run(b, ye, &r, i, 1, by_ids, values, n_values, &one);
                assert_true(rc == 0 || rc == 1);
                bad_one += rc;
            }
            assert_int_equal(bad, bad_one);
            same_results(&fast, &one, n);
            if (!with_year) {
                /* Some columns only (no cost ratio): each as with all of them. */
                results part = alloc_results(n);
                yb_points_case_columns in = { .size = sizeof in, .n = n, .insurance = r.ins, .cost = r.cost,
                                              .self_pay = r.self, .subtype_data = r.sdata, .subtype_offsets = r.soff,
                                              .month = r.month, .los_days = r.los };
                if (by_ids) {
                    in.group_ids = r.gid;
                    in.hospital_ids = r.hid;
                } else {
                    in.group_data = r.gdata;
                    in.group_offsets = r.goff;
                    in.hospital_data = r.hdata;
                    in.hospital_offsets = r.hoff;
                }
                yb_points_case_results out = { .size = sizeof out, .kind = part.kind, .deviation = part.deviation,
                                               .subtype_coefficient = part.subcoef, .payment = part.payment,
                                               .fund_due = part.fund_due, .standard_cost = part.standard };
                assert_int_equal(yb_points_case_batch(ctx, b, &in, values, n_values, &out, NULL), bad);
                for (size_t i = 0; i < n; i++) {
                    assert_int_equal(part.kind[i], one.kind[i]);
                    assert_int_equal(part.deviation[i], one.deviation[i]);
                    assert_int_equal(part.subcoef[i], one.subcoef[i]);
                    assert_int_equal(part.payment[i], one.payment[i]);
                    assert_int_equal(part.fund_due[i], one.fund_due[i]);
                    assert_int_equal(part.standard[i], one.standard[i]);
                }
                free_results(&part);
            }
            for (size_t i = 0; i < n && by_ids == listed && with_year; i++) {
                if (fast.status[i] == YB_OK)
                    cov.kind[fast.kind[i]]++;
                else if (fast.status[i] == YB_E_OVERFLOW)
                    cov.overflow++;
                else
                    cov.other_bad++;
            }
            if (with_year)
                same_totals(ya, ye, npools);
            yb_points_year_free(ya);
            yb_points_year_free(ye);
            free_results(&fast);
            free_results(&one);
        }
    free_rows(&r);
    return cov;
}

/* Every kind of grouped case, and ungrouped ones unless rejected. */
static void covers_every_kind(coverage c, int ungrouped)
{
    for (int k = YB_POINTS_CASE_NORMAL; k <= YB_POINTS_CASE_EXTREME; k++)
        assert_true(c.kind[k] > 0);
    assert_true(!ungrouped || c.kind[YB_POINTS_CASE_UNGROUPED] + c.kind[YB_POINTS_CASE_FEE_FOR_SERVICE] > 0);
    assert_true(c.other_bad > 0);
}

static void sample_book_fast_path_gives_the_engine_results(void **state)
{
    (void)state;
    yb_points_book *b = NULL;
    assert_ok(ctx, yb_points_book_load(ctx, yb_test_src("packs/sample-points"), &b));
    covers_every_kind(check_book(b, 6000, 1, 600000, 0, NULL, 0), 0);
    /* the caller's point values instead of the budget's */
    int64_t values[2] = { 12345678, 7654321 };
    covers_every_kind(check_book(b, 3000, 2, 600000, 0, values, 2), 0);
    yb_points_book_free(b);
}

static void every_rule_variant_gives_the_engine_results(void **state)
{
    (void)state;
    static const char *const base = "pools=\"single\"; point_value.budget.all=\"10\"; settlement.ratio.all=\"0.8\";"
                                    "ungrouped.rule=\"cost_ratio\"; ungrouped.ratio=\"0.7\"";
    static const char *const variants[] = {
        /* the usual test book: outliers 0.5 / 2 / 5 exclusive */
        "outlier.extreme.ratio=\"5\"",
        /* add formula, half-even, inclusive boundaries, fee-for-service, subtypes by group */
        "outlier.extreme.ratio=\"4\"; outlier.high.formula=\"add\"; rounding=\"half_even\";"
        "outlier.low.inclusive=true; outlier.high.inclusive=true; outlier.extreme.inclusive=true;"
        "ungrouped.rule=\"fee_for_service\"; ungrouped.ratio=\"0.85\"",
        /* ungrouped rejected, no extreme threshold, primary care at 0.9 */
        "ungrouped.rule=\"reject\"; primary_care.coefficient=\"0.9\"",
        /* no outliers at all */
        "outlier.enabled=false",
        /* standard at a fixed value, not by level */
        "outlier.standard=\"fixed\"; outlier.standard_point_value=\"12\"; outlier.by_level=false",
        /* a point value with few decimals, half-even, a lower low threshold */
        "point_value.budget.all=\"9.87\"; rounding=\"half_even\"; outlier.low.ratio=\"0.3\"",
    };
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        char params[2048];
        snprintf(params, sizeof params, "%s;%s", base, variants[v]);
        pt_spec s = { .params = params, .scores = PT_SCORES, .levels = PT_LEVELS, .hospitals = PT_HOSPITALS,
                      .subtypes = "group,subtype,coefficient\n*,CCI1,1.1\nG1,SEVERE,1.3\n*,AGE65,1.05\n" };
        yb_points_book *b = NULL;
        assert_ok(ctx, pt_load(ctx, &s, &b));
        coverage c = check_book(b, 3000, 10 + v, 1000000, 0, NULL, 0);
        /* the kinds each variant has: no outliers in 3, no extreme threshold in 2, 4 and 5 */
        int last = v == 3 ? YB_POINTS_CASE_NORMAL : v <= 1 ? YB_POINTS_CASE_EXTREME : YB_POINTS_CASE_HIGH;
        for (int k = YB_POINTS_CASE_NORMAL; k <= last; k++)
            assert_true(c.kind[k] > 0);
        assert_true(c.kind[YB_POINTS_CASE_EXTREME] == 0 || last == YB_POINTS_CASE_EXTREME);
        assert_true(v == 2 || c.kind[YB_POINTS_CASE_UNGROUPED] + c.kind[YB_POINTS_CASE_FEE_FOR_SERVICE] > 0);
        assert_true(c.other_bad > 0);
        yb_points_book_free(b);
    }
    /* a standards table (a group without a row has no outliers) and bands by weight */
    pt_spec s = { .params = "pools=\"single\"; point_value.budget.all=\"10\"; settlement.ratio.all=\"0.8\";"
                            "outlier.standard=\"table\"; ungrouped.rule=\"cost_ratio\"; ungrouped.ratio=\"0.7\"",
                  .scores = PT_SCORES, .levels = PT_LEVELS, .hospitals = PT_HOSPITALS,
                  .standards = "group,level,standard_cost\nG1,,9500.00\nG1,3,9000.00\nP1,,4000.00\n",
                  .bands = "weight_from,low_ratio,high_ratio,extreme_ratio\n0,0.5,2,5\n2000,0.4,1.5,\n" };
    yb_points_book *b = NULL;
    assert_ok(ctx, pt_load(ctx, &s, &b));
    covers_every_kind(check_book(b, 3000, 20, 1000000, 0, NULL, 0), 1);
    yb_points_book_free(b);
}

static void open_and_drg_books_give_the_engine_results(void **state)
{
    (void)state;
    yb_points_book *b = NULL;
    assert_ok(ctx, yb_points_book_load(ctx, yb_test_src("packs/harbin-drg-2024"), &b));
    /* outliers off, ungrouped rejected */
    coverage c = check_book(b, 3000, 30, 1200000, 0, NULL, 0);
    assert_true(c.kind[YB_POINTS_CASE_NORMAL] > 1000 && c.other_bad > 0);
    yb_points_book_free(b);
}

/* Huge scores at the largest point value: a normal case pays about
 * 2.5 × 10^16 fen, so the totals of one cell overflow after some hundred
 * rows; with a standard of one fen (G1) the deviations are huge too and
 * points and payments overflow on their own (the points product of the
 * largest costs passes 2^125). The fast path must refuse exactly the rows the
 * engine refuses. */
static void overflowing_rows_and_totals_are_refused_alike(void **state)
{
    (void)state;
    static const char *const variants[] = {
        "outlier.enabled=false",
        "outlier.standard=\"table\"; outlier.extreme.ratio=\"5\"",
        /* standards of 10^16 fen: their thresholds × 10^6 pass 2^63, so the plan leaves G1 and G2 to the engine */
        "outlier.extreme.ratio=\"5\"",
    };
    for (size_t v = 0; v < 3; v++) {
        char params[1024];
        snprintf(params, sizeof params, "pools=\"single\"; point_value.budget.all=\"10\"; settlement.ratio.all=\"0.8\";"
                                        "ungrouped.rule=\"cost_ratio\"; %s", variants[v]);
        pt_spec s = { .params = params,
                      .scores = "group,score,primary_care,name\nG1,99999999.9999,0,huge\nG2,50000000,0,large\n"
                                "G3,1000,0,small\n",
                      .levels = PT_LEVELS, .hospitals = "hospital,level,name,coefficient\nHA,3,A,2.5\nHB,2,B,\n",
                      .subtypes = "group,subtype,coefficient\n*,CCI1,1.1\nG1,SEVERE,1.3\n",
                      .standards = v == 1 ? "group,level,standard_cost\nG1,,0.01\nG2,,50000.00\nG3,,100.00\n" : NULL };
        yb_points_book *b = NULL;
        assert_ok(ctx, pt_load(ctx, &s, &b));
        int64_t value = 1000000000000LL; /* 10^6 yuan per point, the largest accepted */
        coverage c = check_book(b, 3000, 40 + v, v == 1 ? 1000000 : 1000000000, 1, &value, 1);
        if (v < 2)
            assert_true(c.overflow > 100 && c.kind[YB_POINTS_CASE_NORMAL] > 100);
        else /* every cost is far below those standards: low cases, settled by the engine for G1 and G2 */
            assert_true(c.kind[YB_POINTS_CASE_LOW] > 1000);
        yb_points_book_free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_book_fast_path_gives_the_engine_results),
        cmocka_unit_test(every_rule_variant_gives_the_engine_results),
        cmocka_unit_test(open_and_drg_books_give_the_engine_results),
        cmocka_unit_test(overflowing_rows_and_totals_are_refused_alike),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
