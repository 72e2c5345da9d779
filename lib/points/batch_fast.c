/* The batch's fast path (doc/points.md, "Speed"). A batch large enough builds
 * a plan: for every (group, level, pool) what yb_points_compute() would derive
 * for a case of that group at that level before looking at the case — the
 * score, the primary-care coefficient, the cost bounds of each kind (compared
 * exactly, in fen × 10^6) and the standard prepared as a divisor — and for
 * every hospital its plan row and its cells of the year. Rows then go in
 * blocks: pass 1 copies and checks the block's columns in loops the compiler
 * vectorises; pass 2 settles each checked row in order with the engine's exact
 * arithmetic into the block's columns and adds it to the year, and sends any
 * other row (bad, ungrouped, unknown subtype, overflow) through the general
 * path (yb_points_settle_row) in its turn, so the year sees the rows in order.
 * The block is then copied to the output columns the caller asked for.
 * tests/points/test_fast_path.c checks that every output bit and every total
 * equals the engine's. */
#include <string.h>

#include "batch_internal.h"

#define ONE YB_RATIO_ONE
#define PLAN_MAX_ENTRIES (1u << 22)

static int fit64(yb_i128 v, int64_t *out)
{
    if (v > INT64_MAX || v < INT64_MIN)
        return 0;
    *out = (int64_t)v;
    return 1;
}

plan_entry *yb_points_plan_build(yb_ctx *ctx, const yb_points_book *b, const int64_t *pv, size_t n)
{
    size_t L = b->nlevels + 1, P = b->npools, G = b->groups.count, entries = G * L * P;
    if (entries > PLAN_MAX_ENTRIES || n < entries / 4 || n < 64)
        return NULL; /* not worth it: the engine computes each case directly */
    plan_entry *plan = yb_alloc(ctx, entries * sizeof *plan);
    if (!plan)
        return NULL; /* also fine: no plan */
    for (size_t g = 0; g < G; g++) {
        const outlier_rule *r = b->group_outlier ? &b->group_outlier[g] : &b->outlier;
        int64_t coef = b->primary[g] ? b->primary_coefficient : -1;
        for (size_t l = 0; l < L; l++)
            for (size_t p = 0; p < P; p++) {
                plan_entry *e = &plan[(l * P + p) * G + g];
                int64_t st;
                *e = (plan_entry){ INT64_MIN, INT64_MAX, b->score[g], coef, INT64_MAX, 0, 0, 0 };
                if (yb_points_standard(b, (uint32_t)g, (uint32_t)l, pv[p], &st)) {
                    e->low_lim = INT64_MAX; /* no case is normal here, and st_d = 0 sends the rest to the engine */
                    e->high_lim = INT64_MIN;
                    continue;
                }
                if (st <= 0)
                    continue; /* every case normal */
                /* c6 ≤ T ⟺ c6 < T + 1 and c6 > T ⟺ c6 ≥ T + 1 for integers. */
                yb_i128 lo = (yb_i128)st * r->low + (b->low_inclusive ? 1 : 0);
                yb_i128 hi = (yb_i128)st * r->high + (b->high_inclusive ? 0 : 1);
                yb_i128 ex = r->extreme ? (yb_i128)st * r->extreme + (b->extreme_inclusive ? 0 : 1) : INT64_MAX;
                if (!fit64(lo, &e->low_lim) || !fit64(hi, &e->high_lim) || !fit64(ex, &e->ext_lim)) {
                    e->low_lim = INT64_MAX;
                    e->high_lim = INT64_MIN;
                    continue;
                }
                yb_divisor dv;
                yb_divisor_init(&dv, (uint64_t)st);
                e->st_d = dv.d;
                e->st_dn = dv.dn;
                e->st_v = dv.v;
            }
    }
    return plan;
}

int yb_points_fast_prepare(run_state *r)
{
    const yb_points_case_columns *in = r->in;
    const yb_points_book *b = r->b;
    if (!r->plan || b->open_hospitals)
        return 0;
    /* groups and hospitals both as ids or both as codes; a year kept densely */
    if ((in->group_ids ? !in->hospital_ids : !in->hospital_data) || (r->y && !r->y->dense))
        return 0;
    uint32_t H = b->hospitals.count;
    size_t G = b->groups.count;
    r->hplan = yb_alloc(r->ctx, (H ? H : 1) * sizeof *r->hplan);
    if (!r->hplan)
        return 0; /* the general path then */
    for (uint32_t h = 0; h < H; h++) {
        plan_hospital *hp = &r->hplan[h];
        hp->plan = r->plan + (size_t)b->hosp[h].level * r->P * G;
        size_t ci = r->y ? yb_points_cell_index(r->y, h, 0, 0) : 0;
        hp->hot = r->y ? &r->y->hot[ci] : NULL;
        hp->cold = r->y ? &r->y->cold[ci] : NULL;
        hp->hg = r->y ? &r->y->dense[h * G] : NULL;
        hp->coef = b->hosp[h].coefficient;
    }
    return 1;
}

/* round(c6 / standard) with the entry's prepared standard (st_d > 0). */
static inline int64_t ratio_of(const plan_entry *e, int64_t c6, int mode)
{
    yb_divisor dv = { e->st_d, e->st_dn, e->st_v, __builtin_clzll(e->st_d) };
    return yb_divisor_round_i64(&dv, c6, mode);
}

/* The rows of a block and every output column for them. */
#define BLOCK 64 /* rows: the block stays in L1 with the year's cells */
typedef struct fast_block {
    int32_t status[BLOCK];
    uint32_t g[BLOCK], h[BLOCK];
    int8_t pool[BLOCK], kind[BLOCK];
    /* the row's values, staged by the first pass, and its checks: nonzero
     * bad* = a value out of range, nonzero subtype = the row has one */
    uint8_t cell[BLOCK]; /* the row's cell of its hospital: pool × 13 + month (0 = none) */
    int8_t bad8[BLOCK];
    int32_t los[BLOCK], bad32[BLOCK];
    int64_t cost[BLOCK], sp[BLOCK], bad64[BLOCK], subtype[BLOCK];
    int64_t score[BLOCK], coef[BLOCK], sub[BLOCK], standard[BLOCK], ratio[BLOCK], dev[BLOCK], points[BLOCK],
        pv[BLOCK], payment[BLOCK], fund_due[BLOCK];
} fast_block;

/* f->cell of a row from the general path: all its columns are in the block. */
#define GENERAL_ROW 0xff

/* Row k of the block (row i of the batch) through the general path. */
static void put_general(run_state *r, size_t i, fast_block *f, size_t k)
{
    row_result res;
    yb_points_settle_row(r, i, &res);
    f->cell[k] = GENERAL_ROW;
    f->status[k] = res.status;
    f->g[k] = res.group;
    f->h[k] = res.hospital;
    f->pool[k] = (int8_t)res.pool;
    f->kind[k] = (int8_t)res.o.kind;
    f->score[k] = res.o.score;
    f->coef[k] = res.o.hcoef;
    f->sub[k] = res.o.subcoef;
    f->standard[k] = res.o.standard;
    f->ratio[k] = res.o.ratio;
    f->dev[k] = res.o.deviation;
    f->points[k] = res.o.points;
    f->pv[k] = res.o.pv;
    f->payment[k] = res.o.payment;
    f->fund_due[k] = res.o.fund_due;
}

/* The block to the output columns the caller asked for. */
static void write_block(const run_state *r, const fast_block *f, size_t at, size_t m)
{
    yb_points_case_results *o = r->out;
    if (r->row_status)
        memcpy(r->row_status + at, f->status, m * sizeof *f->status);
    if (!o)
        return;
#define COPY(col, src)    \
    if (o->col)           \
        memcpy(o->col + at, f->src, m * sizeof *f->src);
    COPY(group_id, g)
    COPY(hospital_id, h)
    COPY(pool, pool)
    COPY(kind, kind)
    COPY(cost_ratio, ratio)
    COPY(points, points)
    COPY(payment, payment)
#undef COPY
    /* Columns the plan gives for a settled row are only filled in here, and
     * only when asked for. */
    const size_t G = r->b->groups.count;
#define ENTRY(k) (&r->hplan[f->h[k]].plan[(size_t)f->pool[k] * G + f->g[k]])
#define DERIVE(col, src, expr)                                                     \
    if (o->col)                                                                    \
        for (size_t k = 0; k < m; k++)                                             \
            o->col[at + k] = f->cell[k] == GENERAL_ROW ? f->src[k] : (expr);
    DERIVE(score, score, ENTRY(k)->score)
    DERIVE(hospital_coefficient, coef, ENTRY(k)->coef >= 0 ? ENTRY(k)->coef : r->hplan[f->h[k]].coef)
    DERIVE(standard_cost, standard, (int64_t)ENTRY(k)->st_d)
    DERIVE(point_value, pv, r->pv[f->pool[k]])
    DERIVE(fund_due, fund_due, f->payment[k] - f->sp[k])
    /* a settled normal case without subtype leaves both at 1 */
    DERIVE(subtype_coefficient, sub, f->subtype[k] ? f->sub[k] : ONE)
    DERIVE(deviation, dev, f->kind[k] == YB_POINTS_CASE_NORMAL ? ONE : f->dev[k])
#undef DERIVE
#undef ENTRY
}

/* Columns a batch may leave out, as a block of their defaults. */
#define R4(x) x, x, x, x
#define R256(x) R4(R4(R4(R4(x))))
_Static_assert(BLOCK < 256, "the defaults below cover a block");
static const int64_t zeros64[256];                  /* self pay 0; subtype offsets (BLOCK + 1 of them) */
static const int8_t minus1_8[256] = { R256(-1) };   /* no insurance, no month */
static const int32_t minus1_32[256] = { R256(-1) }; /* no length of stay */
#undef R4
#undef R256

/* What the loop computes for a row besides the plan's values. */
typedef struct row_vals {
    int kind;
    int64_t ratio, dev, points, payment;
} row_vals;

/* yb_points_product4(f0, f1, f2, f3, k, half-up) for factors ≥ 0: while
 * their bit lengths keep the product below 2^125 (where product4 forms it
 * exactly and never reports an overflow) it is formed here in 128 bits and
 * divided by the prepared 10^k; else product4 decides. */
#define BITS(v) (64 - __builtin_clzll((uint64_t)(v) | 1)) /* of v ≥ 0, as yb_points_bits() */
static inline __attribute__((always_inline)) int product4_half_up(int64_t f0, int64_t f1, int64_t f2, int64_t f3,
                                                                  int k, int64_t *out)
{
    if (BITS(f0) + BITS(f1) + BITS(f2) + BITS(f3) > 125)
        return yb_points_product4(f0, f1, f2, f3, k, YB_ROUND_HALF_UP, out);
    const yb_divisor *d = &yb_pow10_divisors[k];
    uint64_t r;
    yb_u128 q = yb_divisor_div_u128(d, (yb_u128)(uint64_t)f0 * (uint64_t)f1 * (uint64_t)f2 * (uint64_t)f3 + d->d / 2, &r);
    if (q > INT64_MAX)
        return YB_E_OVERFLOW;
    *out = (int64_t)q;
    return YB_OK;
}
#undef BITS

/* Any grouped case but a normal one without subtype under r->simple: the
 * engine's formulas (yb_points_compute) with the plan's values. Kept out of
 * the loop, which then holds fewer values. Every factor is ≥ 0 here. Returns
 * 0, or nonzero for a case the engine decides (an entry it keeps, an
 * overflow). */
static __attribute__((noinline)) int settle_other(const yb_points_book *b, const plan_entry *e, uint32_t g,
                                                  int64_t c6, int64_t coef, int64_t sub, int64_t pv, int need_ratio,
                                                  row_vals *v)
{
    const int mode = b->rounding, half_up = mode == YB_ROUND_HALF_UP;
    int64_t score = e->score, points, payment;
    int rc;
    v->kind = YB_POINTS_CASE_NORMAL;
    v->ratio = 0;
    v->dev = ONE;
    if (c6 >= e->low_lim && c6 < e->high_lim) {
        if (sub == ONE)
            rc = yb_points_mul_div(score, coef, RATIO_DIGITS, mode, &points);
        else if (half_up)
            rc = product4_half_up(score, coef, sub, 1, 2 * RATIO_DIGITS, &points);
        else
            rc = yb_points_product4(score, coef, sub, 1, 2 * RATIO_DIGITS, mode, &points);
        if (need_ratio && e->st_d)
            v->ratio = ratio_of(e, c6, mode);
    } else {
        if (!e->st_d)
            return 1;
        v->ratio = ratio_of(e, c6, mode);
        if (c6 >= e->high_lim) {
            v->kind = c6 >= e->ext_lim ? YB_POINTS_CASE_EXTREME : YB_POINTS_CASE_HIGH;
            v->dev = v->ratio - (b->group_outlier ? b->group_outlier[g].high : b->outlier.high) + ONE;
        } else {
            v->kind = YB_POINTS_CASE_LOW;
            v->dev = v->ratio;
        }
        /* the add formula: score × subtype × (coefficient + deviation − 1) */
        int add = v->kind != YB_POINTS_CASE_LOW && b->high_formula == HIGH_ADD;
        int64_t f1 = add ? sub : coef, f2 = add ? coef + v->dev - ONE : sub, f3 = add ? 1 : v->dev;
        int k = add ? 2 * RATIO_DIGITS : 3 * RATIO_DIGITS;
        rc = half_up ? product4_half_up(score, f1, f2, f3, k, &points)
                     : yb_points_product4(score, f1, f2, f3, k, mode, &points);
    }
    if (rc || yb_points_mul_div(points, pv, FEN_PER_POINT_DIGITS, mode, &payment))
        return 1;
    v->points = points;
    v->payment = payment;
    return 0;
}

/* The overflow checks of yb_points_year_add() for a grouped case, for when
 * the year's bound no longer rules an overflow out. Nonzero on overflow. */
static __attribute__((noinline)) int add_checked(const cell_hot *cell, const hg_cell *hc, int64_t cost,
                                                 int64_t payment, int64_t points, int64_t score)
{
    int64_t t;
    return __builtin_add_overflow(cell->cost, cost, &t) || __builtin_add_overflow(cell->payment, payment, &t) ||
           __builtin_add_overflow(cell->points, points, &t) || __builtin_add_overflow(cell->score_sum, score, &t) ||
           hc->cost > INT64_MAX - cost;
}

/* Pass 1, column by column: the block's values staged and checked. Written
 * as simple loops over restrict-qualified columns so that the compiler
 * vectorises them when n is the constant BLOCK. */
static inline __attribute__((always_inline)) void check_columns(fast_block *f, size_t n, uint32_t G, uint32_t H,
                                                                uint32_t P, const int64_t *restrict costs,
                                                                const int64_t *restrict selfs,
                                                                const int32_t *restrict losv,
                                                                const int8_t *restrict insv,
                                                                const int8_t *restrict months,
                                                                const int64_t *restrict soffs)
{
    uint32_t *restrict g = f->g, *restrict h = f->h;
    int64_t *restrict cost = f->cost, *restrict sp = f->sp, *restrict bad64 = f->bad64, *restrict sub = f->subtype;
    int32_t *restrict los = f->los, *restrict bad32 = f->bad32;
    int8_t *restrict pool = f->pool, *restrict bad8 = f->bad8;
    uint8_t *restrict cell = f->cell;
    const int8_t pool_mask = P == 1 ? 0 : -1, last_pool = (int8_t)(P - 1);
    memcpy(cost, costs, n * sizeof *cost);
    memcpy(sp, selfs, n * sizeof *sp);
    memcpy(los, losv, n * sizeof *los);
    for (size_t k = 0; k < n; k++)
        bad32[k] = (g[k] >= G) | (h[k] >= H) | (los[k] < -1);
    /* cost 0 … max and self pay 0 … cost: each term's bits from 40 on are
     * zero exactly then (the max is below 2^40) */
    _Static_assert(YB_POINTS_MAX_COST < (1LL << 40), "the cost check below");
    for (size_t k = 0; k < n; k++)
        bad64[k] = (int64_t)(((uint64_t)cost[k] | (uint64_t)sp[k] | ((uint64_t)YB_POINTS_MAX_COST - (uint64_t)cost[k]) |
                              ((uint64_t)cost[k] - (uint64_t)sp[k])) >> 40);
    /* pool from the insurance type; the month's cell: -1 (none) → 0, 1 … 12 */
    for (size_t k = 0; k < n; k++) {
        int8_t p = (int8_t)((int8_t)(insv[k] - 1) & pool_mask), m = months[k];
        pool[k] = p;
        cell[k] = (uint8_t)(p * 13 + (m < 0 ? 0 : m));
        bad8[k] = (int8_t)((m < -1) | (m == 0) | (m > 12) | (p < 0) | (p > last_pool));
    }
    for (size_t k = 0; k < n; k++)
        sub[k] = soffs[k + 1] ^ soffs[k];
}

/* Pass 1: the block's codes resolved (ids copied, codes looked up) and its
 * values staged and checked. */
static inline __attribute__((always_inline)) void check_block(const run_state *r, size_t at, size_t m, fast_block *f,
                                                              const int by_ids)
{
    const yb_points_book *b = r->b;
    const yb_points_case_columns *in = r->in;
    const uint32_t G = b->groups.count, H = b->hospitals.count, P = (uint32_t)r->P;
    if (by_ids) {
        memcpy(f->g, in->group_ids + at, m * sizeof *f->g);
        memcpy(f->h, in->hospital_ids + at, m * sizeof *f->h);
    } else {
        for (size_t k = 0; k < m; k++) {
            const char *gs, *hs;
            size_t gl, hl;
            uint32_t g, h;
            /* ungrouped or unknown: an id out of range sends the row to the general path */
            if (yb_points_slice(in->group_data, in->group_offsets, at + k, &gs, &gl) || gl == 0 ||
                yb_strmap_find(&b->groups, gs, gl, &g))
                g = UINT32_MAX;
            if (yb_points_slice(in->hospital_data, in->hospital_offsets, at + k, &hs, &hl) ||
                yb_strmap_find(&b->hospitals, hs, hl, &h))
                h = UINT32_MAX;
            f->g[k] = g;
            f->h[k] = h;
        }
    }
    const int64_t *costs = in->cost + at, *selfs = in->self_pay ? in->self_pay + at : zeros64;
    const int64_t *soffs = in->subtype_offsets ? in->subtype_offsets + at : zeros64;
    const int8_t *insv = in->insurance ? in->insurance + at : minus1_8;
    const int8_t *months = in->month ? in->month + at : minus1_8;
    const int32_t *losv = in->los_days ? in->los_days + at : minus1_32;
    if (m == BLOCK)
        check_columns(f, BLOCK, G, H, P, costs, selfs, losv, insv, months, soffs);
    else
        check_columns(f, m, G, H, P, costs, selfs, losv, insv, months, soffs);
}

/* The coefficient of row i's subtype for group g; nonzero when unknown. */
static __attribute__((noinline)) int subtype_of(const run_state *r, size_t i, uint32_t g, int64_t *sub)
{
    const char *s;
    size_t len;
    return yb_points_slice(r->in->subtype_data, r->in->subtype_offsets, i, &s, &len) || len > 64 ||
           yb_points_subtype_coef(r->b, g, s, len, sub);
}

/* Pass 2, in row order: each checked row settled with the engine's formulas
 * and the plan's values into the block's columns and added to the year
 * (yb_points_year_add() for a grouped case, the year's layout hoisted); any
 * other row through the general path. */
static inline __attribute__((always_inline)) void settle_block(run_state *r, size_t at, size_t m, fast_block *f,
                                                               const int with_year)
{
    const yb_points_book *b = r->b;
    const size_t G = b->groups.count;
    const int simple = r->simple, need_ratio = r->need_ratio;
    const plan_hospital *const hplan = r->hplan;
    const int64_t pv0 = r->pv[0], pv1 = r->pv[r->P - 1];
    yb_points_year *const y = with_year ? r->y : NULL;
    uint64_t mass = with_year ? y->mass : 0;
    for (size_t k = 0; k < m; k++) {
        uint32_t g = f->g[k], pool = (uint32_t)f->pool[k];
        int64_t sub = ONE, sub_coef;
        if ((f->bad32[k] | f->bad8[k]) || f->bad64[k])
            goto general; /* the general path decides and reports */
        if (f->subtype[k]) {
            if (subtype_of(r, at + k, g, &sub_coef))
                goto general; /* reports the row */
            sub = sub_coef;
        }
        const plan_hospital *hp = &hplan[f->h[k]];
        const plan_entry *e = &hp->plan[pool * G + g];
        int64_t cost = f->cost[k], c6 = cost * ONE;
        int64_t score = e->score, coef = e->coef >= 0 ? e->coef : hp->coef, pv = pool ? pv1 : pv0;
        int kind = YB_POINTS_CASE_NORMAL;
        int64_t points, payment;
        if (!f->subtype[k] && simple && c6 >= e->low_lim && c6 < e->high_lim) {
            /* half-up of non-negative products that fit (r->simple): the same results, no checks;
             * subtype coefficient and deviation 1, cost ratio only when asked for (write_block()) */
            points = (int64_t)(((uint64_t)score * (uint64_t)coef + ONE / 2) / ONE);
            payment = (int64_t)(((uint64_t)points * (uint64_t)pv + FEN_PER_POINT_UNIT / 2) / FEN_PER_POINT_UNIT);
            if (need_ratio)
                f->ratio[k] = e->st_d ? ratio_of(e, c6, b->rounding) : 0;
        } else {
            row_vals v;
            if (settle_other(b, e, g, c6, coef, sub, pv, need_ratio, &v))
                goto general; /* the general path reports the overflow */
            kind = v.kind;
            points = v.points;
            payment = v.payment;
            f->sub[k] = sub;
            f->ratio[k] = v.ratio;
            f->dev[k] = v.dev;
        }
        if (with_year) {
            cell_hot *cell = &hp->hot[f->cell[k]];
            hg_cell *hc = &hp->hg[g];
            /* Every value here is ≥ 0: their OR bounds their maximum. While
             * the year's mass stays ≤ INT64_MAX no total can overflow. */
            uint64_t row_mass = (uint64_t)cost | (uint64_t)payment | (uint64_t)points | (uint64_t)score;
            if (__builtin_add_overflow(mass, row_mass, &mass) || mass > INT64_MAX) {
                mass = UINT64_MAX; /* no bound any more: check every total from now on */
                if (add_checked(cell, hc, cost, payment, points, score))
                    goto general; /* reports the overflow */
            }
            int32_t los = f->los[k];
            if (kind != YB_POINTS_CASE_NORMAL) {
                cell_cold *cold = &hp->cold[f->cell[k]];
                cold->low += kind == YB_POINTS_CASE_LOW;
                cold->high += kind == YB_POINTS_CASE_HIGH;
                if (kind == YB_POINTS_CASE_EXTREME) {
                    cold->review++;
                    cold->review_points += points;
                    cold->review_cost += cost;
                }
            }
            cell->cases++;
            cell->cost += cost;
            cell->payment += payment;
            cell->points += points;
            cell->score_sum += score;
            cell->self_pay += f->sp[k];
            hc->cases++;
            hc->cost += cost;
            if (los >= 0) {
                cell->los_sum += los;
                cell->los_cases++;
                hc->los_sum += los;
                hc->los_cases++;
            }
        }
        /* score, coefficient, standard, point value and fund due: write_block() */
        f->status[k] = YB_OK;
        f->kind[k] = (int8_t)kind;
        f->points[k] = points;
        f->payment[k] = payment;
        continue;
    general:
        if (with_year)
            y->mass = mass;
        put_general(r, at + k, f, k);
        if (with_year)
            mass = y->mass;
    }
    if (with_year)
        y->mass = mass;
}

static inline __attribute__((always_inline)) void fast_loop(run_state *r, size_t from, size_t to, const int by_ids,
                                                            const int with_year)
{
    fast_block f;
    for (size_t at = from; at < to; at += BLOCK) {
        size_t m = to - at < BLOCK ? to - at : BLOCK;
        check_block(r, at, m, &f, by_ids);
        settle_block(r, at, m, &f, with_year);
        write_block(r, &f, at, m);
    }
}

void yb_points_fast_rows(run_state *r, size_t from, size_t to)
{
    if (r->in->group_ids)
        r->y ? fast_loop(r, from, to, 1, 1) : fast_loop(r, from, to, 1, 0);
    else
        r->y ? fast_loop(r, from, to, 0, 1) : fast_loop(r, from, to, 0, 0);
}
