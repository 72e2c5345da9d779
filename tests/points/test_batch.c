/* The batch API: per-row status, nothing lost, bad rows reported, the same
 * results from codes and from ids, from the per-batch plan and case by case,
 * outputs left NULL untouched, progress and cancellation. */
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

/* Columns built from "group|hospital|cost fen|self pay fen|month|subtype" rows. */
typedef struct cols {
    char gdata[4096], hdata[4096], sdata[4096];
    int64_t goff[65], hoff[65], soff[65];
    int8_t ins[64], month[64];
    int64_t cost[64], self[64];
    int32_t los[64];
    size_t n;
} cols;

static void add(cols *c, const char *g, const char *h, int ins, int64_t cost, int64_t self, int month,
                const char *sub)
{
    size_t i = c->n++;
    if (i == 0)
        c->goff[0] = c->hoff[0] = c->soff[0] = 0;
    strcpy(c->gdata + c->goff[i], g);
    c->goff[i + 1] = c->goff[i] + (int64_t)strlen(g);
    strcpy(c->hdata + c->hoff[i], h);
    c->hoff[i + 1] = c->hoff[i] + (int64_t)strlen(h);
    strcpy(c->sdata + c->soff[i], sub);
    c->soff[i + 1] = c->soff[i] + (int64_t)strlen(sub);
    c->ins[i] = (int8_t)ins;
    c->cost[i] = cost;
    c->self[i] = self;
    c->month[i] = (int8_t)month;
    c->los[i] = 3;
}

static yb_points_case_columns columns(const cols *c)
{
    yb_points_case_columns in = { .size = sizeof in, .n = c->n, .group_data = c->gdata, .group_offsets = c->goff,
                                  .hospital_data = c->hdata, .hospital_offsets = c->hoff, .insurance = c->ins,
                                  .cost = c->cost, .self_pay = c->self, .subtype_data = c->sdata,
                                  .subtype_offsets = c->soff, .month = c->month, .los_days = c->los };
    return in;
}

static void bad_rows_get_their_status_and_the_rest_is_computed(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, NULL);
    cols *c = calloc(1, sizeof *c);
    add(c, "G1", "HA", 1, 900000, 0, 1, "");        /* 0 good: 10000.00 */
    add(c, "NOPE", "HA", 1, 900000, 0, 1, "");      /* 1 unknown group */
    add(c, "G1", "H99", 1, 900000, 0, 1, "");       /* 2 unknown hospital */
    add(c, "G1", "HA", 1, -1, 0, 1, "");            /* 3 negative cost */
    add(c, "G1", "HA", 1, 100, 101, 1, "");         /* 4 self pay above cost */
    add(c, "G1", "HA", 1, 900000, 0, 13, "");       /* 5 month 13 */
    add(c, "G1", "HA", 1, 900000, 0, 1, "NOSUCH");  /* 6 unknown subtype */
    add(c, "G1", "", 1, 900000, 0, 1, "");          /* 7 no hospital */
    add(c, " G1 ", " HB ", 1, 800000, 0, 2, " ");   /* 8 good after trimming: 8500.00 */
    yb_points_case_columns in = columns(c);
    int32_t st[9];
    int64_t pay[9];
    uint32_t gid[9];
    int8_t kind[9];
    yb_points_case_results out = { .size = sizeof out, .payment = pay, .group_id = gid, .kind = kind };
    assert_int_equal(yb_points_case_batch(ctx, b, &in, NULL, 0, &out, st), 7);
    /* the first bad row is described on the context */
    assert_msg_has(ctx, "case 1", "group", "NOPE");
    const int expect[9] = { YB_OK, YB_E_ROW_GROUP, YB_E_ROW_HOSPITAL, YB_E_ROW_COST, YB_E_ROW_SELF_PAY,
                            YB_E_ROW_MONTH, YB_E_ROW_SUBTYPE, YB_E_ROW_HOSPITAL, YB_OK };
    for (int i = 0; i < 9; i++)
        assert_int_equal(st[i], expect[i]);
    assert_int_equal(pay[0], 1000000);
    assert_int_equal(pay[8], 850000);
    assert_int_equal(gid[1], YB_POINTS_NO_ID);
    assert_int_equal(kind[1], -1);
    assert_int_equal(pay[1], 0);
    free(c);
    yb_points_book_free(b);
}

static void null_outputs_are_left_alone_and_bad_arguments_fail_the_batch(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, NULL);
    cols *c = calloc(1, sizeof *c);
    add(c, "G1", "HA", 1, 900000, 0, 1, "");
    yb_points_case_columns in = columns(c);
    int64_t points[1] = { -7 }, fund[1] = { -7 };
    yb_points_case_results out = { .size = sizeof out, .points = points };
    assert_int_equal(yb_points_case_batch(ctx, b, &in, NULL, 0, &out, NULL), 0);
    assert_int_equal(points[0], 10000000);
    assert_int_equal(fund[0], -7);
    /* groups both as codes and ids */
    uint32_t ids[1] = { 0 };
    in.group_ids = ids;
    assert_status(ctx, yb_points_case_batch(ctx, b, &in, NULL, 0, &out, NULL), YB_E_INVALID_ARG);
    in.group_ids = NULL;
    /* reserved field set */
    in.reserved[0] = &in;
    assert_status(ctx, yb_points_case_batch(ctx, b, &in, NULL, 0, &out, NULL), YB_E_INVALID_ARG);
    in.reserved[0] = NULL;
    /* wrong number of point values; zero value */
    int64_t v[2] = { 10000000, 9000000 };
    assert_status(ctx, yb_points_case_batch(ctx, b, &in, v, 2, &out, NULL), YB_E_INVALID_ARG);
    v[0] = 0;
    assert_status(ctx, yb_points_case_batch(ctx, b, &in, v, 1, &out, NULL), YB_E_INVALID_ARG);
    /* the caller's value replaces the book's: 1000 points × 12.5 = 12500.00 */
    v[0] = 12500000;
    int64_t pay[1];
    out.payment = pay;
    assert_int_equal(yb_points_case_batch(ctx, b, &in, v, 1, &out, NULL), 0);
    assert_int_equal(pay[0], 1250000);
    free(c);
    yb_points_book_free(b);
}

static void book_without_point_value_needs_one_from_the_caller(void **state)
{
    (void)state;
    pt_spec s = { .params = "pools=\"single\"; settlement.ratio.all=\"0.8\"", .scores = PT_SCORES };
    yb_points_book *b = NULL;
    assert_ok(ctx, pt_load(ctx, &s, &b));
    cols *c = calloc(1, sizeof *c);
    add(c, "G1", "ANY", 1, 900000, 0, 1, "");
    yb_points_case_columns in = columns(c);
    assert_status(ctx, yb_points_case_batch(ctx, b, &in, NULL, 0, NULL, NULL), YB_E_NOT_FOUND);
    assert_msg_has(ctx, "budget point value");
    free(c);
    yb_points_book_free(b);
}

/* Many rows with every kind of case: the batch (which builds a plan and
 * takes its fast path) must equal the case-by-case engine, from codes and
 * from ids. */
static void compare_paths(yb_points_book *b, uint64_t seed, int64_t max_cost);

static void plan_codes_and_ids_give_the_engine_results(void **state)
{
    (void)state;
    yb_points_book *b = NULL;
    assert_ok(ctx, yb_points_book_load(ctx, yb_test_src("packs/sample-points"), &b));
    compare_paths(b, 12345, 12000000); /* up to 120000.00 yuan: every outlier kind */
    yb_points_book_free(b);
    /* the other variants: add formula, half-even, inclusive boundaries, subtypes by group */
    pt_spec s = { .params = "pools=\"single\"; point_value.budget.all=\"10.3333\"; settlement.ratio.all=\"0.8\";"
                            "outlier.extreme.ratio=\"4\"; outlier.high.formula=\"add\"; rounding=\"half_even\";"
                            "outlier.low.inclusive=true; outlier.high.inclusive=true; outlier.extreme.inclusive=true;"
                            "ungrouped.rule=\"fee_for_service\"; ungrouped.ratio=\"0.85\"",
                  .scores = PT_SCORES, .levels = PT_LEVELS, .hospitals = PT_HOSPITALS,
                  .subtypes = "group,subtype,coefficient\n*,CCI1,1.1\nG1,SEVERE,1.3\n*,AGE65,1.05\n" };
    assert_ok(ctx, pt_load(ctx, &s, &b));
    compare_paths(b, 777, 6000000);
    yb_points_book_free(b);
}

static void compare_paths(yb_points_book *b, uint64_t seed, int64_t max_cost)
{
    enum { N = 3000 };
    uint32_t ng = yb_points_book_group_count(b), nh = yb_points_book_hospital_count(b);
    static const char *const subs[] = { "", "", "", "CCI1", "SEVERE", "AGE65", "NOPE" };
    char *gdata = calloc(N, 32), *hdata = calloc(N, 8), *sdata = calloc(N, 8);
    int64_t *goff = calloc(N + 1, 8), *hoff = calloc(N + 1, 8), *soff = calloc(N + 1, 8);
    uint32_t *gid = calloc(N, 4), *hid = calloc(N, 4);
    int8_t *ins = calloc(N, 1), *month = calloc(N, 1);
    int64_t *cost = calloc(N, 8), *self = calloc(N, 8);
    uint64_t x = seed;
    for (size_t i = 0; i < N; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        uint32_t g = (uint32_t)((x >> 33) % (ng + 1)); /* ng = ungrouped */
        gid[i] = g == ng ? YB_POINTS_NO_ID : g;
        hid[i] = (uint32_t)((x >> 20) % nh);
        const char *gc = g == ng ? "" : yb_points_book_group_code(b, g);
        const char *hc = yb_points_book_hospital_code(b, hid[i]);
        const char *sc = subs[(x >> 12) % 7];
        goff[i + 1] = goff[i] + (int64_t)strlen(gc);
        memcpy(gdata + goff[i], gc, strlen(gc));
        hoff[i + 1] = hoff[i] + (int64_t)strlen(hc);
        memcpy(hdata + hoff[i], hc, strlen(hc));
        soff[i + 1] = soff[i] + (int64_t)strlen(sc);
        memcpy(sdata + soff[i], sc, strlen(sc));
        ins[i] = (int8_t)(1 + (x >> 40) % 2);
        month[i] = (int8_t)((x >> 44) % 13) - 1; /* -1 … 11; 0 is invalid */
        cost[i] = (int64_t)((x >> 24) % (uint64_t)max_cost);
        self[i] = cost[i] / 5;
    }
    yb_points_case_columns in = { .size = sizeof in, .n = N, .group_data = gdata, .group_offsets = goff,
                                  .hospital_data = hdata, .hospital_offsets = hoff, .insurance = ins,
                                  .cost = cost, .self_pay = self, .subtype_data = sdata, .subtype_offsets = soff,
                                  .month = month };
    int64_t *pts[2], *pay[2], *ratio[2];
    int32_t *st[2];
    for (int k = 0; k < 2; k++) {
        pts[k] = calloc(N, 8);
        pay[k] = calloc(N, 8);
        ratio[k] = calloc(N, 8);
        st[k] = calloc(N, 4);
        yb_points_case_results out = { .size = sizeof out, .points = pts[k], .payment = pay[k],
                                       .cost_ratio = ratio[k] };
        if (k == 1) {
            in.group_data = NULL;
            in.group_offsets = NULL;
            in.group_ids = gid;
            in.hospital_data = NULL;
            in.hospital_offsets = NULL;
            in.hospital_ids = hid;
        }
        assert_true(yb_points_case_batch(ctx, b, &in, NULL, 0, &out, st[k]) > 0);
    }
    size_t kinds[6] = { 0 };
    for (size_t i = 0; i < N; i++) {
        char g[40], h[8], s[8];
        snprintf(g, sizeof g, "%.*s", (int)(goff[i + 1] - goff[i]), gdata + goff[i]);
        snprintf(h, sizeof h, "%.*s", (int)(hoff[i + 1] - hoff[i]), hdata + hoff[i]);
        snprintf(s, sizeof s, "%.*s", (int)(soff[i + 1] - soff[i]), sdata + soff[i]);
        yb_points_case c = { .size = sizeof c, .group = g, .hospital = h, .subtype = s, .insurance = ins[i],
                             .month = month[i], .los_days = -1, .cost = cost[i], .self_pay = self[i] };
        yb_points_case_result r = { .size = sizeof r };
        int rc = yb_points_case_one(ctx, b, &c, NULL, 0, &r);
        assert_int_equal(rc, st[0][i]);
        assert_int_equal(rc, st[1][i]);
        if (rc)
            continue;
        kinds[r.kind]++;
        assert_int_equal(r.points, pts[0][i]);
        assert_int_equal(r.points, pts[1][i]);
        assert_int_equal(r.payment, pay[0][i]);
        assert_int_equal(r.payment, pay[1][i]);
        assert_int_equal(r.cost_ratio, ratio[0][i]);
        assert_int_equal(r.cost_ratio, ratio[1][i]);
    }
    /* the data covered every kind of grouped case */
    for (int k = 0; k <= YB_POINTS_CASE_EXTREME; k++)
        assert_true(kinds[k] > 0);
    assert_true(kinds[YB_POINTS_CASE_UNGROUPED] + kinds[YB_POINTS_CASE_FEE_FOR_SERVICE] > 0);
    for (int k = 0; k < 2; k++) {
        free(pts[k]);
        free(pay[k]);
        free(ratio[k]);
        free(st[k]);
    }
    free(gdata); free(hdata); free(sdata); free(goff); free(hoff); free(soff);
    free(gid); free(hid); free(ins); free(month); free(cost); free(self);
}

static int cancel_at_second_call(void *user, uint64_t done, uint64_t total)
{
    int *calls = user;
    (void)done;
    (void)total;
    return ++*calls >= 2;
}

static void cancelled_batch_marks_the_remaining_rows(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, NULL);
    cols *c = calloc(1, sizeof *c);
    for (int i = 0; i < 10; i++)
        add(c, "G1", "HA", 1, 900000, 0, 1, "");
    yb_points_case_columns in = columns(c);
    int calls = 0;
    assert_ok(ctx, yb_ctx_set_option(ctx, YB_OPT_PROGRESS_INTERVAL, 3));
    assert_ok(ctx, yb_ctx_set_progress(ctx, cancel_at_second_call, &calls));
    int32_t st[10];
    yb_points_year *y = NULL;
    assert_ok(ctx, yb_points_year_new(ctx, b, &y));
    assert_status(ctx, yb_points_year_add_batch(ctx, y, &in, NULL, 0, NULL, st), YB_E_CANCELLED);
    /* progress after rows 3 and 6; the second call cancels: rows 0–5 done, 6–9 cancelled */
    for (int i = 0; i < 6; i++)
        assert_int_equal(st[i], YB_OK);
    for (int i = 6; i < 10; i++)
        assert_int_equal(st[i], YB_E_CANCELLED);
    yb_points_totals t = { .size = sizeof t };
    assert_ok(ctx, yb_points_year_totals(ctx, y, YB_POINTS_NO_ID, -1, -1, &t));
    assert_int_equal(t.cases, 6);
    yb_ctx_set_progress(ctx, NULL, NULL);
    yb_points_year_free(y);
    free(c);
    yb_points_book_free(b);
}

static void open_book_collects_hospitals_in_order_of_appearance(void **state)
{
    (void)state;
    yb_points_book *b = NULL;
    assert_ok(ctx, yb_points_book_load(ctx, yb_test_src("packs/harbin-drg-2024"), &b));
    cols *c = calloc(1, sizeof *c);
    add(c, "VS15", "医院乙", 1, 100000, 0, 1, "");
    add(c, "VS15", "医院甲", 2, 100000, 0, 1, "");
    add(c, "VS15", "医院乙", 1, 100000, 0, 2, "");
    yb_points_case_columns in = columns(c);
    in.subtype_data = NULL;
    in.subtype_offsets = NULL;
    yb_points_year *y = NULL;
    assert_ok(ctx, yb_points_year_new(ctx, b, &y));
    assert_int_equal(yb_points_year_add_batch(ctx, y, &in, NULL, 0, NULL, NULL), 0);
    assert_int_equal(yb_points_year_hospital_count(y), 2);
    assert_string_equal(yb_points_year_hospital_code(y, 0), "医院乙");
    assert_string_equal(yb_points_year_hospital_code(y, 1), "医院甲");
    yb_points_totals t = { .size = sizeof t };
    assert_ok(ctx, yb_points_year_totals(ctx, y, 0, -1, -1, &t));
    /* two employee cases of VS15: 2 × 0.18 × 12252.70 = 2 × 2205.49 (each rounded) = 4410.98 */
    assert_int_equal(t.cases, 2);
    assert_int_equal(t.payment, 441098);
    assert_ok(ctx, yb_points_year_totals(ctx, y, 0, -1, 2, &t));
    assert_int_equal(t.cases, 1);
    yb_points_year_free(y);
    free(c);
    yb_points_book_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_rows_get_their_status_and_the_rest_is_computed),
        cmocka_unit_test(null_outputs_are_left_alone_and_bad_arguments_fail_the_batch),
        cmocka_unit_test(book_without_point_value_needs_one_from_the_caller),
        cmocka_unit_test(plan_codes_and_ids_give_the_engine_results),
        cmocka_unit_test(cancelled_batch_marks_the_remaining_rows),
        cmocka_unit_test(open_book_collects_hospitals_in_order_of_appearance),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
