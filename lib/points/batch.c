/* Batch driver: validates the columns, resolves codes to ids, runs the
 * engine row by row (per-row status, progress and cancellation) and feeds the
 * year accumulator. The fast path over a per-batch plan is batch_fast.c. */
#include <stdio.h>
#include <string.h>

#include "batch_internal.h"

#define VALUE_MAX ((int64_t)1000000 * 1000000)

static const char *const pool_label[2][2] = { { "all", "" }, { "employee", "resident" } };

int yb_points_values(yb_ctx *ctx, const yb_points_book *b, const int64_t *values, size_t n, int64_t *pv)
{
    for (uint32_t p = 0; p < b->npools; p++) {
        const char *label = pool_label[b->npools - 1][p];
        if (!values) {
            if (!b->pv_published[p])
                return yb_fail(ctx, YB_E_NOT_FOUND,
                               "the book publishes no %s for pool '%s'; pass point values to the call",
                               b->method == YB_POINTS_METHOD_DRG_RATE ? "base rate" : "budget point value", label);
            pv[p] = b->pv_budget[p];
            continue;
        }
        if (n != b->npools)
            return yb_fail(ctx, YB_E_INVALID_ARG, "%zu point values given, the book has %u pools", n, b->npools);
        if (values[p] <= 0 || values[p] > VALUE_MAX)
            return yb_fail(ctx, YB_E_INVALID_ARG, "point value of pool '%s' must be above 0 and at most 1000000",
                           label);
        pv[p] = values[p];
    }
    return YB_OK;
}

static int reserved_null(void *const *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (r[i])
            return 0;
    return 1;
}

static int check_args(yb_ctx *ctx, const yb_points_book *b, const yb_points_case_columns *in,
                      const yb_points_case_results *out)
{
    if (!in || in->size < sizeof *in || !reserved_null(in->reserved, 8))
        return yb_fail(ctx, YB_E_INVALID_ARG, "case columns missing, of the wrong size, or reserved fields set");
    if (out && (out->size < sizeof *out || !reserved_null(out->reserved, 8)))
        return yb_fail(ctx, YB_E_INVALID_ARG, "results struct of the wrong size or reserved fields set");
    if (in->n == 0)
        return YB_OK;
    if (!!in->group_ids == !!in->group_data || (in->group_data && !in->group_offsets))
        return yb_fail(ctx, YB_E_INVALID_ARG, "give groups either as group_data + group_offsets or as group_ids");
    if (!!in->hospital_ids == !!in->hospital_data || (in->hospital_data && !in->hospital_offsets))
        return yb_fail(ctx, YB_E_INVALID_ARG,
                       "give hospitals either as hospital_data + hospital_offsets or as hospital_ids");
    if (in->hospital_ids && b->open_hospitals)
        return yb_fail(ctx, YB_E_INVALID_ARG, "the book lists no hospitals: give hospital codes, not ids");
    if (!in->cost)
        return yb_fail(ctx, YB_E_INVALID_ARG, "the cost column is required");
    if (!in->insurance && b->npools > 1)
        return yb_fail(ctx, YB_E_INVALID_ARG, "the insurance column is required: the book has a pool per insurance type");
    if (in->subtype_data && !in->subtype_offsets)
        return yb_fail(ctx, YB_E_INVALID_ARG, "subtype_data needs subtype_offsets");
    return YB_OK;
}

static inline void write_row(yb_points_case_results *out, size_t i, uint32_t g, uint32_t h, int pool, const case_out *o)
{
    if (out->group_id) out->group_id[i] = g;
    if (out->hospital_id) out->hospital_id[i] = h;
    if (out->pool) out->pool[i] = (int8_t)pool;
    if (out->kind) out->kind[i] = (int8_t)o->kind;
    if (out->score) out->score[i] = o->score;
    if (out->hospital_coefficient) out->hospital_coefficient[i] = o->hcoef;
    if (out->subtype_coefficient) out->subtype_coefficient[i] = o->subcoef;
    if (out->standard_cost) out->standard_cost[i] = o->standard;
    if (out->cost_ratio) out->cost_ratio[i] = o->ratio;
    if (out->deviation) out->deviation[i] = o->deviation;
    if (out->points) out->points[i] = o->points;
    if (out->point_value) out->point_value[i] = o->pv;
    if (out->payment) out->payment[i] = o->payment;
    if (out->fund_due) out->fund_due[i] = o->fund_due;
}

/* What a bad row is about, for the message of the first bad row. */
typedef struct row_err {
    const char *what;
    const char *val;
    size_t vlen;
    int64_t num;
    int has_num;
} row_err;

#define BAD_TEXT(field, s, len, status) return (err->what = (field), err->val = (s), err->vlen = (len), (status))
#define BAD_NUM(field, v, status) return (err->what = (field), err->num = (v), err->has_num = 1, (status))

/* Resolves row i into c (and the year hospital id); returns a row status. */
static inline int resolve(yb_ctx *ctx, const yb_points_book *b, yb_points_year *y, const yb_points_case_columns *in,
                   size_t i, case_in *c, uint32_t *year_h, int *month, int32_t *los, row_err *err)
{
    const char *s;
    size_t len;
    if (in->group_ids) {
        c->group = in->group_ids[i];
        if (c->group != YB_POINTS_NO_ID && c->group >= b->groups.count)
            BAD_NUM("group id", c->group, YB_E_ROW_GROUP);
    } else {
        if (yb_points_slice(in->group_data, in->group_offsets, i, &s, &len))
            BAD_NUM("group offsets", (int64_t)i, YB_E_INVALID_ARG);
        c->group = YB_POINTS_NO_ID;
        if (len && yb_strmap_find(&b->groups, s, len, &c->group))
            BAD_TEXT("group", s, len, YB_E_ROW_GROUP);
    }
    if (in->hospital_ids) {
        c->hospital = in->hospital_ids[i];
        if (c->hospital >= b->hospitals.count)
            BAD_NUM("hospital id", c->hospital, YB_E_ROW_HOSPITAL);
        *year_h = c->hospital;
    } else {
        if (yb_points_slice(in->hospital_data, in->hospital_offsets, i, &s, &len))
            BAD_NUM("hospital offsets", (int64_t)i, YB_E_INVALID_ARG);
        if (len == 0 || len > 64)
            BAD_TEXT("hospital", s, len, YB_E_ROW_HOSPITAL);
        if (b->open_hospitals) {
            c->hospital = YB_POINTS_NO_ID;
            *year_h = YB_POINTS_NO_ID;
            if (y) {
                int rc = yb_points_year_hospital_id(y, YB_POINTS_NO_ID, s, len, year_h);
                if (rc)
                    BAD_TEXT("hospital", s, len, rc == YB_E_NOMEM ? yb_fail_nomem(ctx, "year hospitals") : rc);
            }
        } else {
            if (yb_strmap_find(&b->hospitals, s, len, &c->hospital))
                BAD_TEXT("hospital", s, len, YB_E_ROW_HOSPITAL);
            *year_h = c->hospital;
        }
    }
    int ins = in->insurance ? in->insurance[i] : -1;
    if (b->npools == 1)
        c->pool = 0;
    else if (ins == YB_INSURANCE_EMPLOYEE || ins == YB_INSURANCE_RESIDENT)
        c->pool = (uint32_t)ins - 1;
    else
        BAD_NUM("insurance", ins, YB_E_ROW_INSURANCE);
    c->cost = in->cost[i];
    if (c->cost < 0 || c->cost > YB_POINTS_MAX_COST)
        BAD_NUM("cost (fen)", c->cost, YB_E_ROW_COST);
    c->self_pay = in->self_pay ? in->self_pay[i] : 0;
    if (c->self_pay < 0 || c->self_pay > c->cost)
        BAD_NUM("self_pay (fen)", c->self_pay, YB_E_ROW_SELF_PAY);
    *month = in->month ? in->month[i] : -1;
    if (*month == -1)
        *month = 0;
    else if (*month < 1 || *month > 12)
        BAD_NUM("month", *month, YB_E_ROW_MONTH);
    *los = in->los_days ? in->los_days[i] : -1;
    if (*los < -1)
        BAD_NUM("los_days", *los, YB_E_ROW_LOS);
    c->subtype = NULL;
    c->subtype_len = 0;
    if (in->subtype_data) {
        if (yb_points_slice(in->subtype_data, in->subtype_offsets, i, &c->subtype, &c->subtype_len))
            BAD_NUM("subtype offsets", (int64_t)i, YB_E_INVALID_ARG);
        if (c->subtype_len > 64)
            BAD_TEXT("subtype", c->subtype, c->subtype_len, YB_E_ROW_SUBTYPE);
    }
    return YB_OK;
}

/* The engine's normal case, given the plan entry (identical arithmetic). */
static int fast_normal(const yb_points_book *b, const case_in *c, const plan_entry *e, int64_t pv,
                       int need_ratio, case_out *o)
{
    const points_hospital *h = c->hospital == YB_POINTS_NO_ID ? NULL : &b->hosp[c->hospital];
    int64_t coef = b->primary[c->group] ? b->primary_coefficient : h ? h->coefficient : b->default_coefficient;
    int mode = b->rounding;
    o->kind = YB_POINTS_CASE_NORMAL;
    o->score = b->score[c->group];
    o->hcoef = coef;
    o->subcoef = YB_RATIO_ONE;
    o->deviation = YB_RATIO_ONE;
    o->pv = pv;
    o->standard = (int64_t)e->st_d;
    o->ratio = need_ratio && e->st_d ? yb_points_rdiv64(c->cost * YB_RATIO_ONE, (int64_t)e->st_d, mode) : 0;
    int rc = yb_points_mul_div(o->score, coef, RATIO_DIGITS, mode, &o->points);
    if (rc || (rc = yb_points_mul_div(o->points, pv, FEN_PER_POINT_DIGITS, mode, &o->payment)))
        return rc;
    o->fund_due = o->payment - c->self_pay;
    return YB_OK;
}

static void row_failed(run_state *r, size_t i, int st, const row_err *err)
{
    r->bad++;
    if (r->first_bad) {
        r->first_bad = 0;
        char num[32] = "";
        if (err->has_num)
            snprintf(num, sizeof num, "%lld", (long long)err->num);
        yb_errloc loc = { .line = i + 1, .field = err->what, .value = err->val ? err->val : num,
                          .value_len = err->val ? err->vlen : strlen(num) };
        yb_fail_at(r->ctx, st, &loc, "case %zu (0-based): %s", i, yb_strerror(st));
    }
}

int yb_points_settle_row(run_state *r, size_t i, row_result *res)
{
    const yb_points_book *b = r->b;
    case_in c;
    uint32_t yh = YB_POINTS_NO_ID;
    int month = 0;
    int32_t los = -1;
    row_err err = { "row", NULL, 0, 0, 0 };
    int st = resolve(r->ctx, b, r->y, r->in, i, &c, &yh, &month, &los, &err);
    if (st == YB_OK) {
        const plan_entry *e = NULL;
        if (r->plan && c.group != YB_POINTS_NO_ID && c.subtype_len == 0) {
            uint32_t level = c.hospital == YB_POINTS_NO_ID ? b->nlevels : b->hosp[c.hospital].level;
            e = &r->plan[((size_t)level * r->P + c.pool) * b->groups.count + c.group];
            int64_t c6 = c.cost * YB_RATIO_ONE;
            if (!(c6 >= e->low_lim && c6 < e->high_lim))
                e = NULL;
        }
        st = e ? fast_normal(b, &c, e, r->pv[c.pool], r->need_ratio, &res->o)
               : yb_points_compute(b, &c, r->pv, r->need_ratio, &res->o);
        if (st == YB_E_ROW_SUBTYPE)
            err = (row_err){ "subtype", c.subtype, c.subtype_len, 0, 0 };
        else if (st == YB_E_ROW_UNGROUPED)
            err = (row_err){ "group", "", 0, 0, 0 };
        else if (st)
            err = (row_err){ "cost (fen)", NULL, 0, c.cost, 1 };
    }
    if (st == YB_OK && r->y)
        st = yb_points_year_add(r->y, yh, &c, &res->o, month, los);
    res->status = st;
    if (st != YB_OK) {
        row_failed(r, i, st, &err);
        res->group = res->hospital = YB_POINTS_NO_ID;
        res->pool = -1;
        res->o = (case_out){ .kind = -1 };
    } else {
        res->group = c.group;
        res->hospital = c.hospital;
        res->pool = (int)c.pool;
    }
    return st;
}

/* Any row by the general path, its outputs written. */
static void process_row(run_state *r, size_t i)
{
    row_result res;
    yb_points_settle_row(r, i, &res);
    if (r->row_status)
        r->row_status[i] = res.status;
    if (r->out)
        write_row(r->out, i, res.group, res.hospital, res.pool, &res.o);
}

int yb_points_run(yb_ctx *ctx, const yb_points_book *b, yb_points_year *y, const yb_points_case_columns *in,
                  const int64_t *values, size_t n_values, yb_points_case_results *out, int32_t *row_status)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (!b)
        return yb_fail(ctx, YB_E_INVALID_ARG, "no book");
    run_state r = { .ctx = ctx, .b = b, .y = y, .in = in, .out = out, .row_status = row_status,
                    .L = b->nlevels + 1, .P = b->npools, .first_bad = 1 };
    int rc = check_args(ctx, b, in, out);
    if (rc || (rc = yb_points_values(ctx, b, values, n_values, r.pv)))
        return rc;
    r.need_ratio = out && out->cost_ratio;
    r.plan = yb_points_plan_build(ctx, b, r.pv, in->n);
    int64_t max_pv = 1;
    for (uint32_t p = 0; p < b->npools; p++)
        max_pv = r.pv[p] > max_pv ? r.pv[p] : max_pv;
    int64_t max_coef = b->max_coef > 0 ? b->max_coef : 1;
    /* score × coefficient ≤ 2^62, and the points that come out (≤ that ÷ 10^6 + 1) × value ≤ 2^62 */
    r.simple = b->rounding == YB_ROUND_HALF_UP && b->max_score <= INT64_MAX / 2 / max_coef &&
               b->max_score * max_coef / YB_RATIO_ONE + 1 <= INT64_MAX / 2 / max_pv;
    int fast = yb_points_fast_prepare(&r);
    size_t step = ctx->progress_fn ? (size_t)ctx->progress_interval : in->n;
    for (size_t i = 0; i < in->n;) {
        size_t end = in->n - i < step ? in->n : i + step;
        if (fast)
            yb_points_fast_rows(&r, i, end);
        else
            for (size_t k = i; k < end; k++)
                process_row(&r, k);
        i = end;
        if (i < in->n && ctx->progress_fn && yb_progress(ctx, i, in->n)) {
            for (size_t k = i; k < in->n; k++) {
                if (row_status)
                    row_status[k] = YB_E_CANCELLED;
                if (out)
                    write_row(out, k, YB_POINTS_NO_ID, YB_POINTS_NO_ID, -1, &(case_out){ .kind = -1 });
            }
            yb_free(ctx, r.plan);
            yb_free(ctx, r.hplan);
            return YB_E_CANCELLED;
        }
    }
    yb_free(ctx, r.plan);
    yb_free(ctx, r.hplan);
    return r.bad;
}

int yb_points_case_batch(yb_ctx *ctx, const yb_points_book *book, const yb_points_case_columns *in,
                         const int64_t *point_values, size_t n_values, yb_points_case_results *out,
                         int32_t *row_status)
{
    return yb_points_run(ctx, book, NULL, in, point_values, n_values, out, row_status);
}

int yb_points_case_one(yb_ctx *ctx, const yb_points_book *book, const yb_points_case *c,
                       const int64_t *point_values, size_t n_values, yb_points_case_result *out)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (!c || c->size < sizeof *c || !reserved_null(c->reserved, 4) || !out || out->size < sizeof *out ||
        !c->hospital)
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_points_case_one: bad arguments");
    const char *group = c->group ? c->group : "";
    const char *sub = c->subtype ? c->subtype : "";
    int64_t goff[2] = { 0, (int64_t)strlen(group) }, hoff[2] = { 0, (int64_t)strlen(c->hospital) },
            soff[2] = { 0, (int64_t)strlen(sub) };
    yb_points_case_columns in = { .size = sizeof in, .n = 1, .group_data = group, .group_offsets = goff,
                                  .hospital_data = c->hospital, .hospital_offsets = hoff,
                                  .insurance = &c->insurance, .cost = &c->cost, .self_pay = &c->self_pay,
                                  .subtype_data = sub, .subtype_offsets = soff, .month = &c->month,
                                  .los_days = &c->los_days };
    int8_t pool, kind;
    yb_points_case_results r = { .size = sizeof r, .group_id = &out->group_id, .hospital_id = &out->hospital_id,
                                 .pool = &pool, .kind = &kind, .score = &out->score,
                                 .hospital_coefficient = &out->hospital_coefficient,
                                 .subtype_coefficient = &out->subtype_coefficient,
                                 .standard_cost = &out->standard_cost, .cost_ratio = &out->cost_ratio,
                                 .deviation = &out->deviation, .points = &out->points,
                                 .point_value = &out->point_value, .payment = &out->payment,
                                 .fund_due = &out->fund_due };
    int32_t st = 0;
    int rc = yb_points_run(ctx, book, NULL, &in, point_values, n_values, &r, &st);
    if (rc < 0)
        return rc;
    out->pool = pool;
    out->kind = kind;
    return st;
}
