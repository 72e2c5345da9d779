/* Batch driver: validates the columns, resolves codes to ids, runs the
 * engine row by row (per-row status, progress and cancellation) and feeds the
 * year accumulator. */
#include <stdio.h>
#include <string.h>

#include "points_internal.h"

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

static int slice(const char *data, const int64_t *off, size_t i, const char **s, size_t *len)
{
    int64_t a = off[i], e = off[i + 1];
    if (a < 0 || e < a)
        return YB_E_INVALID_ARG;
    *s = data + a;
    *len = (size_t)(e - a);
    *s = yb_trim(*s, len);
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
        if (slice(in->group_data, in->group_offsets, i, &s, &len))
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
        if (slice(in->hospital_data, in->hospital_offsets, i, &s, &len))
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
        if (slice(in->subtype_data, in->subtype_offsets, i, &c->subtype, &c->subtype_len))
            BAD_NUM("subtype offsets", (int64_t)i, YB_E_INVALID_ARG);
        if (c->subtype_len > 64)
            BAD_TEXT("subtype", c->subtype, c->subtype_len, YB_E_ROW_SUBTYPE);
    }
    return YB_OK;
}

/* Per-batch plan: for every (group, level, pool) the standard cost and the
 * cost bounds (in fen × 10^6, the same exact comparison as the engine's) of
 * a normal case. A normal case without subtype then needs two comparisons and
 * two multiplications; every other case goes through yb_points_compute(). */
typedef struct plan_entry {
    int64_t standard;  /* fen; ≤ 0 = none */
    int64_t low_lim;   /* cost × 10^6 below this is low */
    int64_t high_lim;  /* cost × 10^6 from this on is high (or extreme) */
    int64_t ext_lim;   /* cost × 10^6 from this on is extreme */
    int64_t high;      /* the high threshold ratio (deviation = ratio − high + 1) */
    int usable;        /* 0: the bounds do not fit 64 bits, the engine decides */
} plan_entry;

#define PLAN_MAX_ENTRIES (1u << 22)

static int fit64(yb_i128 v, int64_t *out)
{
    if (v > INT64_MAX || v < INT64_MIN)
        return 0;
    *out = (int64_t)v;
    return 1;
}

static plan_entry *build_plan(yb_ctx *ctx, const yb_points_book *b, const int64_t *pv, size_t n)
{
    size_t L = b->nlevels + 1, P = b->npools, G = b->groups.count, entries = G * L * P;
    if (entries > PLAN_MAX_ENTRIES || n < entries / 4 || n < 64)
        return NULL; /* not worth it: the engine computes each case directly */
    plan_entry *plan = yb_alloc(ctx, entries * sizeof *plan);
    if (!plan)
        return NULL; /* also fine: no plan */
    for (size_t g = 0; g < G; g++) {
        const outlier_rule *r = b->group_outlier ? &b->group_outlier[g] : &b->outlier;
        for (size_t l = 0; l < L; l++)
            for (size_t p = 0; p < P; p++) {
                plan_entry *e = &plan[(g * L + l) * P + p];
                int64_t st;
                *e = (plan_entry){ 0, INT64_MIN, INT64_MAX, INT64_MAX, r->high, 1 };
                if (yb_points_standard(b, (uint32_t)g, (uint32_t)l, pv[p], &st)) {
                    e->usable = 0;
                    continue;
                }
                if (st <= 0)
                    continue;
                e->standard = st;
                /* c6 ≤ T ⟺ c6 < T + 1 and c6 > T ⟺ c6 ≥ T + 1 for integers. */
                yb_i128 lo = (yb_i128)st * r->low + (b->low_inclusive ? 1 : 0);
                yb_i128 hi = (yb_i128)st * r->high + (b->high_inclusive ? 0 : 1);
                yb_i128 ex = r->extreme ? (yb_i128)st * r->extreme + (b->extreme_inclusive ? 0 : 1) : INT64_MAX;
                if (!fit64(lo, &e->low_lim) || !fit64(hi, &e->high_lim) || !fit64(ex, &e->ext_lim))
                    e->usable = 0;
            }
    }
    return plan;
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
    o->standard = e->standard;
    o->ratio = need_ratio && e->standard > 0 ? yb_points_rdiv64(c->cost * YB_RATIO_ONE, e->standard, mode) : 0;
    int rc = yb_points_mul_div(o->score, coef, RATIO_DIGITS, mode, &o->points);
    if (rc || (rc = yb_points_mul_div(o->points, pv, FEN_PER_POINT_DIGITS, mode, &o->payment)))
        return rc;
    o->fund_due = o->payment - c->self_pay;
    return YB_OK;
}

/* State of one batch call. */
typedef struct run_state {
    yb_ctx *ctx;
    const yb_points_book *b;
    yb_points_year *y;
    const yb_points_case_columns *in;
    yb_points_case_results *out;
    int32_t *row_status;
    int64_t pv[YB_POINTS_MAX_POOLS];
    plan_entry *plan;
    size_t L, P;
    int need_ratio;
    int simple; /* half-up and every normal product fits 64 bits: no checks needed */
    int bad, first_bad;
} run_state;

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
    if (r->out)
        write_row(r->out, i, YB_POINTS_NO_ID, YB_POINTS_NO_ID, -1, &(case_out){ .kind = -1 });
}

/* Any row: resolve, compute (through the plan when it applies), add. */
static void process_row(run_state *r, size_t i)
{
    const yb_points_book *b = r->b;
    case_in c;
    case_out o;
    uint32_t yh = YB_POINTS_NO_ID;
    int month = 0;
    int32_t los = -1;
    row_err err = { "row", NULL, 0, 0, 0 };
    int st = resolve(r->ctx, b, r->y, r->in, i, &c, &yh, &month, &los, &err);
    if (st == YB_OK) {
        const plan_entry *e = NULL;
        if (r->plan && c.group != YB_POINTS_NO_ID && c.subtype_len == 0) {
            uint32_t level = c.hospital == YB_POINTS_NO_ID ? b->nlevels : b->hosp[c.hospital].level;
            e = &r->plan[((size_t)c.group * r->L + level) * r->P + c.pool];
            int64_t c6 = c.cost * YB_RATIO_ONE;
            if (!e->usable || !(c6 >= e->low_lim && c6 < e->high_lim))
                e = NULL;
        }
        st = e ? fast_normal(b, &c, e, r->pv[c.pool], r->need_ratio, &o)
               : yb_points_compute(b, &c, r->pv, r->need_ratio, &o);
        if (st == YB_E_ROW_SUBTYPE)
            err = (row_err){ "subtype", c.subtype, c.subtype_len, 0, 0 };
        else if (st == YB_E_ROW_UNGROUPED)
            err = (row_err){ "group", "", 0, 0, 0 };
        else if (st)
            err = (row_err){ "cost (fen)", NULL, 0, c.cost, 1 };
    }
    if (st == YB_OK && r->y)
        st = yb_points_year_add(r->y, yh, &c, &o, month, los);
    if (r->row_status)
        r->row_status[i] = st;
    if (st != YB_OK)
        row_failed(r, i, st, &err);
    else if (r->out)
        write_row(r->out, i, c.group, c.hospital, (int)c.pool, &o);
}

/* Normal rows of a block settled by fast_rows(), written column by column. */
#define BLOCK 256
typedef struct fast_block {
    uint8_t ok[BLOCK];
    uint8_t pool[BLOCK];
    int8_t kind[BLOCK];
    int64_t ratio[BLOCK], dev[BLOCK];
    uint32_t g[BLOCK], h[BLOCK];
    int64_t cost[BLOCK], sp[BLOCK], coef[BLOCK], sub[BLOCK], standard[BLOCK], points[BLOCK], pv[BLOCK],
        payment[BLOCK];
} fast_block;

static void write_block(const run_state *r, const fast_block *f, size_t at, size_t m)
{
    yb_points_case_results *o = r->out;
    const yb_points_book *b = r->b;
#define COLUMN(col, expr)                    \
    if (o->col)                              \
        for (size_t k = 0; k < m; k++)       \
            if (f->ok[k])                    \
                o->col[at + k] = (expr);
    if (r->row_status)
        for (size_t k = 0; k < m; k++)
            if (f->ok[k])
                r->row_status[at + k] = YB_OK;
    if (!o)
        return;
    COLUMN(group_id, f->g[k])
    COLUMN(hospital_id, f->h[k])
    COLUMN(pool, (int8_t)f->pool[k])
    COLUMN(kind, f->kind[k])
    COLUMN(score, b->score[f->g[k]])
    COLUMN(hospital_coefficient, f->coef[k])
    COLUMN(subtype_coefficient, f->sub[k])
    COLUMN(standard_cost, f->standard[k])
    COLUMN(cost_ratio, f->kind[k] != YB_POINTS_CASE_NORMAL ? f->ratio[k]
                       : f->standard[k] > 0 ? yb_points_rdiv64(f->cost[k] * YB_RATIO_ONE, f->standard[k], b->rounding)
                                            : 0)
    COLUMN(deviation, f->dev[k])
    COLUMN(points, f->points[k])
    COLUMN(point_value, f->pv[k])
    COLUMN(payment, f->payment[k])
    COLUMN(fund_due, f->payment[k] - f->sp[k])
#undef COLUMN
}

/* The common shape — a plan, a book that lists its hospitals, groups and
 * hospitals both as ids or both as codes — in
 * one tight loop: a valid grouped row whose plan entry is usable is settled
 * here with exactly yb_points_compute()'s arithmetic; every other row (bad,
 * ungrouped, unknown subtype, overflow) goes to process_row(). */
static void fast_rows(run_state *r, size_t from, size_t to)
{
    const yb_points_book *b = r->b;
    const yb_points_case_columns *in = r->in;
    const uint32_t G = b->groups.count, H = b->hospitals.count;
    const int mode = b->rounding;
    const int by_ids = in->group_ids != NULL;
    /* Every pointer the loop reads is a local: the block's byte stores could
     * otherwise alias them and force a reload on every row. */
    const uint32_t *const gids = in->group_ids, *const hids = in->hospital_ids;
    const int64_t *const costs = in->cost, *const selfs = in->self_pay, *const soffs = in->subtype_offsets;
    const int8_t *const insv = in->insurance, *const months = in->month;
    const int32_t *const losv = in->los_days;
    const int64_t *const scores = b->score;
    const uint8_t *const primary = b->primary;
    const points_hospital *const hosp = b->hosp;
    const plan_entry *const plan = r->plan;
    const size_t L = r->L, P = r->P;
    const int one_pool = b->npools == 1, add_formula = b->high_formula == HIGH_ADD;
    const int64_t primary_coef = b->primary_coefficient;
    const int simple = r->simple;
    int64_t pvs[YB_POINTS_MAX_POOLS];
    memcpy(pvs, r->pv, sizeof pvs);
    /* Only a dense year (a book that lists its hospitals) is updated here. */
    points_cell *cells = r->y && r->y->dense ? r->y->cells : NULL;
    hg_cell *dense = cells ? r->y->dense : NULL;
    if (r->y && !cells) {
        for (size_t i = from; i < to; i++)
            process_row(r, i);
        return;
    }
    fast_block f;
    for (size_t at = from; at < to; at += BLOCK) {
        size_t m = to - at < BLOCK ? to - at : BLOCK;
        for (size_t k = 0; k < m; k++) {
            size_t i = at + k;
            f.ok[k] = 0;
            uint32_t g, h;
            if (by_ids) {
                g = gids[i];
                h = hids[i];
            } else {
                const char *gs, *hs;
                size_t gl, hl;
                if (slice(in->group_data, in->group_offsets, i, &gs, &gl) || gl == 0 ||
                    yb_strmap_find(&b->groups, gs, gl, &g) ||
                    slice(in->hospital_data, in->hospital_offsets, i, &hs, &hl) ||
                    yb_strmap_find(&b->hospitals, hs, hl, &h)) {
                    process_row(r, i); /* ungrouped or unknown: the general path decides and reports */
                    continue;
                }
            }
            int64_t cost = costs[i], sp = selfs ? selfs[i] : 0;
            int ins = insv ? insv[i] : -1;
            int month = months ? months[i] : -1;
            int32_t los = losv ? losv[i] : -1;
            uint32_t pool = one_pool ? 0 : (uint32_t)(ins - 1);
            /* unsigned compares fold the negative checks in: cost 0 … max, self pay 0 … cost, month -1 or 1 … 12 */
            if ((g >= G) | (h >= H) | (pool >= P) | ((uint64_t)cost > (uint64_t)YB_POINTS_MAX_COST) |
                ((uint64_t)sp > (uint64_t)cost) | ((unsigned)(month + 1) > 13u) | (month == 0) | (los < -1)) {
                process_row(r, i);
                continue;
            }
            int64_t sub = YB_RATIO_ONE;
            if (soffs && soffs[i + 1] != soffs[i]) {
                const char *s;
                size_t len;
                if (slice(in->subtype_data, in->subtype_offsets, i, &s, &len) || len > 64 ||
                    yb_points_subtype_coef(b, g, s, len, &sub)) {
                    process_row(r, i); /* reports the row */
                    continue;
                }
            }
            const points_hospital *hp = &hosp[h];
            const plan_entry *e = &plan[((size_t)g * L + hp->level) * P + pool];
            int64_t c6 = cost * YB_RATIO_ONE;
            if (!e->usable) {
                process_row(r, i);
                continue;
            }
            int64_t score = scores[g], coef = primary[g] ? primary_coef : hp->coefficient;
            int64_t pv = pvs[pool], points, payment, ratio = 0, dev = YB_RATIO_ONE;
            int kind = YB_POINTS_CASE_NORMAL, bad;
            if (c6 < e->low_lim)
                kind = YB_POINTS_CASE_LOW;
            else if (c6 >= e->high_lim)
                kind = c6 >= e->ext_lim ? YB_POINTS_CASE_EXTREME : YB_POINTS_CASE_HIGH;
            /* The engine's formulas (yb_points_compute), case by case. */
            if (kind == YB_POINTS_CASE_NORMAL && sub == YB_RATIO_ONE && simple) {
                /* half-up of non-negative products that fit (r->simple): the same results, no checks */
                points = (score * coef + YB_RATIO_ONE / 2) / YB_RATIO_ONE;
                payment = (points * pv + FEN_PER_POINT_UNIT / 2) / FEN_PER_POINT_UNIT;
                bad = 0;
            } else if (kind == YB_POINTS_CASE_NORMAL) {
                bad = sub == YB_RATIO_ONE ? yb_points_mul_div(score, coef, RATIO_DIGITS, mode, &points)
                                          : yb_points_product4(score, coef, sub, 1,
                                                               2 * RATIO_DIGITS, mode, &points);
            } else {
                ratio = yb_points_rdiv64(c6, e->standard, mode);
                dev = kind == YB_POINTS_CASE_LOW ? ratio : ratio - e->high + YB_RATIO_ONE;
                if (kind != YB_POINTS_CASE_LOW && add_formula)
                    bad = yb_points_product4(score, sub, coef + dev - YB_RATIO_ONE, 1,
                                             2 * RATIO_DIGITS, mode, &points);
                else
                    bad = yb_points_product4(score, coef, sub, dev, 3 * RATIO_DIGITS,
                                             mode, &points);
            }
            if (bad || (!(kind == YB_POINTS_CASE_NORMAL && sub == YB_RATIO_ONE && simple) &&
                        yb_points_mul_div(points, pv, FEN_PER_POINT_DIGITS, mode, &payment))) {
                process_row(r, i); /* reports the overflow */
                continue;
            }
            if (cells) {
                /* yb_points_year_add() for a normal grouped case, with the
                 * year's layout hoisted out of the loop. */
                points_cell *cell = &cells[((size_t)h * P + pool) * 13 + (size_t)(month < 0 ? 0 : month)];
                hg_cell *hc = &dense[(size_t)h * G + g];
                int64_t nc, np, npts, nscore;
                int ovf = __builtin_add_overflow(cell->cost, cost, &nc);
                ovf |= __builtin_add_overflow(cell->payment, payment, &np);
                ovf |= __builtin_add_overflow(cell->points, points, &npts);
                ovf |= __builtin_add_overflow(cell->score_sum, score, &nscore);
                if (ovf || hc->cost > INT64_MAX - cost) {
                    process_row(r, i); /* reports the overflow */
                    continue;
                }
                if (kind != YB_POINTS_CASE_NORMAL) {
                    cell->low += kind == YB_POINTS_CASE_LOW;
                    cell->high += kind == YB_POINTS_CASE_HIGH;
                    if (kind == YB_POINTS_CASE_EXTREME) {
                        cell->review++;
                        cell->review_points += points;
                        cell->review_cost += cost;
                    }
                }
                cell->cases++;
                cell->grouped++;
                cell->cost = nc;
                cell->payment = np;
                cell->points = npts;
                cell->score_sum = nscore;
                cell->self_pay += sp;
                hc->cases++;
                hc->cost += cost;
                if (los >= 0) {
                    cell->los_sum += los;
                    cell->los_cases++;
                    hc->los_sum += los;
                    hc->los_cases++;
                }
            }
            f.ok[k] = 1;
            f.kind[k] = (int8_t)kind;
            f.ratio[k] = ratio;
            f.dev[k] = dev;
            f.pool[k] = (uint8_t)pool;
            f.g[k] = g;
            f.h[k] = h;
            f.cost[k] = cost;
            f.sp[k] = sp;
            f.coef[k] = coef;
            f.sub[k] = sub;
            f.standard[k] = e->standard;
            f.points[k] = points;
            f.pv[k] = pv;
            f.payment[k] = payment;
        }
        write_block(r, &f, at, m);
    }
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
    r.plan = build_plan(ctx, b, r.pv, in->n);
    int64_t max_pv = 1;
    for (uint32_t p = 0; p < b->npools; p++)
        max_pv = r.pv[p] > max_pv ? r.pv[p] : max_pv;
    int64_t max_coef = b->max_coef > 0 ? b->max_coef : 1;
    /* score × coefficient ≤ 2^62, and the points that come out (≤ that ÷ 10^6 + 1) × value ≤ 2^62 */
    r.simple = b->rounding == YB_ROUND_HALF_UP && b->max_score <= INT64_MAX / 2 / max_coef &&
               b->max_score * max_coef / YB_RATIO_ONE + 1 <= INT64_MAX / 2 / max_pv;
    int fast = r.plan && !b->open_hospitals && (in->group_ids ? in->hospital_ids != NULL : in->hospital_data != NULL);
    size_t step = ctx->progress_fn ? (size_t)ctx->progress_interval : in->n;
    for (size_t i = 0; i < in->n;) {
        size_t end = in->n - i < step ? in->n : i + step;
        if (fast)
            fast_rows(&r, i, end);
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
            return YB_E_CANCELLED;
        }
    }
    yb_free(ctx, r.plan);
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
