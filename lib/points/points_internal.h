/* Internal view of the point-value book and the year accumulator. */
#ifndef YB_POINTS_INTERNAL_H
#define YB_POINTS_INTERNAL_H

#include <stdint.h>

#include <yibao/money.h>
#include <yibao/points.h>
#include <yibao/status.h>

#include "core/ctx_internal.h"
#include "core/fixed.h"
#include "core/pack.h"
#include "core/table.h"
#include "strmap.h"

#define YB_POINTS_MAX_POOLS 2
#define YB_POINTS_MAX_LEVELS 16
#define YB_POINTS_MAX_YEARS 10
#define YB_POINTS_ADDONS 4
/* Largest cost accepted on a row (fen): 10^12 fen = 10 billion yuan keeps
 * every intermediate product of the case path inside 128 bits and the
 * cost × 10^6 comparison inside 64 bits. */
#define YB_POINTS_MAX_COST 1000000000000LL

enum { ADDON_CMI, ADDON_CHILDREN, ADDON_ELDERLY, ADDON_TCM };
enum { STANDARD_POINT_VALUE, STANDARD_FIXED, STANDARD_TABLE };
enum { UNGROUPED_REJECT, UNGROUPED_COST_RATIO, UNGROUPED_FFS };
enum { SETTLE_RATIO, SETTLE_ADD_SELF_PAY, SETTLE_FIXED };
enum { HIGH_MULTIPLY, HIGH_ADD };

/* Outlier thresholds (ratios of the standard cost, 6 decimals). */
typedef struct outlier_rule {
    int64_t low, high, extreme; /* extreme 0 = none */
} outlier_rule;

typedef struct addon_rule {
    int set;
    int64_t reference, slope, cap; /* 6 decimals */
} addon_rule;

typedef struct corridor_band {
    int64_t upto;  /* ratio of entitlement (6 decimals); INT64_MAX = unbounded */
    int64_t share; /* share retained (surplus) / paid by the fund (overspend) */
} corridor_band;

typedef struct points_hospital {
    uint32_t level;       /* index into levels; nlevels = the "none" level */
    int64_t addon[YB_POINTS_ADDONS];
    int64_t coefficient;
    uint32_t name_off;
} points_hospital;

struct yb_points_book {
    yb_mem mem;
    char fingerprint[65];
    int method;
    int rounding;
    int64_t score_scale;        /* 4 decimals */
    uint32_t npools;
    int pv_decimals;
    int pv_published[YB_POINTS_MAX_POOLS];
    int64_t pv_budget[YB_POINTS_MAX_POOLS];
    int settle_method;
    int64_t settle_ratio[YB_POINTS_MAX_POOLS];
    int settle_conserve;
    int64_t year_weights[YB_POINTS_MAX_YEARS];
    size_t n_year_weights;
    int combine_multiply;
    int coef_decimals;
    int64_t default_coefficient;
    int64_t primary_coefficient;
    addon_rule addons[YB_POINTS_ADDONS];
    int outliers_on;
    int standard_source;
    int64_t standard_pv;
    int standard_by_level;
    outlier_rule outlier;       /* default thresholds */
    int low_inclusive, high_inclusive, extreme_inclusive;
    int high_formula;
    int ungrouped_rule;
    int64_t ungrouped_ratio;
    int64_t review_share;
    int64_t deposit_ratio;
    int corridor_has_cap;
    int64_t corridor_cap;
    corridor_band *surplus, *overspend;
    size_t n_surplus, n_overspend;

    /* groups */
    yb_strmap groups;
    int64_t *score;             /* per group, 4 decimals */
    int64_t max_score, max_coef; /* largest score and coefficient: bounds of the fast path */
    int64_t *weight;
    uint8_t *primary;
    uint32_t *group_name;       /* offset into names */
    outlier_rule *group_outlier; /* per group (bands by score), or NULL = book default */
    int64_t *level_score;       /* per group × (nlevels + 1): round4(score × level coef) */
    int64_t *standard;          /* per group × (nlevels + 1): standard cost fen (fixed/table), -1 none */

    /* levels and hospitals */
    yb_strmap levels;
    int64_t level_coef[YB_POINTS_MAX_LEVELS + 1];
    uint32_t nlevels;
    yb_strmap hospitals;
    points_hospital *hosp;
    int open_hospitals;         /* no hospitals table: any code accepted */

    /* auxiliary subtypes: group-specific ones keyed by yb_points_subtype_key()
     * in `subtypes`; every code in `subcodes` with its "*" (all groups)
     * coefficient (-1 = none) and whether some group has its own. */
    yb_strmap subtypes;
    int64_t *subtype_coef;
    yb_strmap subcodes;
    int64_t *subcode_star;
    uint8_t *subcode_specific;
    /* the same as a matrix when small enough: code → its row among the codes
     * some group has its own of (UINT32_MAX: none), row × groups + group →
     * the group's coefficient (-1: none, the "*" one applies) */
    uint32_t *subcode_row;
    int64_t *subtype_matrix;

    char *names;                /* NUL-terminated names back to back; offset 0 = "" */
    size_t names_len, names_cap;
};

/* Per hospital × pool × month accumulator cell, stored in two parts: what
 * every grouped case adds, in one cache line, and the rest. */
typedef struct cell_hot {
    int64_t cases, points, score_sum, cost, self_pay, payment, los_sum, los_cases;
} cell_hot;

typedef struct cell_cold {
    int64_t low, high, review, ungrouped, ffs;
    int64_t review_points, review_cost;
    int64_t ffs_cost, ffs_self_pay, ffs_payment;
} cell_cold;

/* A whole cell as its readers see it (yb_points_year_cell); grouped =
 * cases − ungrouped − fee-for-service ones. */
typedef struct points_cell {
    int64_t cases, grouped, low, high, review, ungrouped, ffs;
    int64_t points, score_sum, cost, self_pay, payment;
    int64_t review_points, review_cost;
    int64_t ffs_cost, ffs_self_pay, ffs_payment;
    int64_t los_sum, los_cases;
} points_cell;

/* Per (hospital, group) cell of the evaluation indices: half a cache line. */
typedef struct hg_cell {
    int64_t cases, cost, los_sum, los_cases;
} hg_cell;

struct yb_points_year {
    yb_mem mem;
    const yb_points_book *book;
    yb_strmap extra;            /* hospitals not in the book */
    uint32_t nhosp;             /* book hospitals + extra */
    uint32_t hosp_cap;
    /* cells: hosp_cap × npools × 13 (month 0 = none); hot is 64-byte aligned in hot_mem */
    cell_hot *hot;
    cell_cold *cold;
    void *hot_mem;
    /* (hospital, group) cells: dense (hospital × groups + group, 64-byte
     * aligned in dense_mem) when the book lists few enough hospitals, else an
     * open-addressing hash of keys (hospital << 32 | group) + 1 (0 = empty)
     * with the cells alongside. */
    hg_cell *dense;
    void *dense_mem;
    uint64_t *hg_keys;
    hg_cell *hg;
    size_t hg_mask, hg_count;
    /* Σ over the cases added of max(|cost|, |payment|, |points|, |score|),
     * saturating: it bounds |every money, points and score total| (self pay
     * ≤ cost), so while it stays ≤ INT64_MAX the batch's fast path may add
     * without checking each total for overflow. */
    uint64_t mass;
};

/* Index of a cell in hot and cold. */
static inline size_t yb_points_cell_index(const yb_points_year *y, uint32_t h, uint32_t pool, int month)
{
    return ((size_t)h * y->book->npools + pool) * 13 + (size_t)month;
}

/* max(|a|, |b|, |c|, |d|). */
static inline uint64_t yb_points_mass(int64_t a, int64_t b, int64_t c, int64_t d)
{
    uint64_t m = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
    uint64_t v[3] = { b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b, c < 0 ? (uint64_t)0 - (uint64_t)c : (uint64_t)c,
                      d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d };
    for (int i = 0; i < 3; i++)
        m = v[i] > m ? v[i] : m;
    return m;
}

/* y->mass += m, saturating. */
static inline void yb_points_add_mass(yb_points_year *y, uint64_t m)
{
    if (__builtin_add_overflow(y->mass, m, &y->mass))
        y->mass = UINT64_MAX;
}

/* Visits every (hospital, group) cell that has cases. */
typedef void (*hg_visit_fn)(void *user, uint32_t h, uint32_t g, const hg_cell *c);
void yb_points_year_each_hg(const yb_points_year *y, hg_visit_fn fn, void *user);

/* One case of the engine (internal form of a row). */
typedef struct case_in {
    uint32_t group;      /* YB_POINTS_NO_ID = ungrouped */
    uint32_t hospital;   /* book id or YB_POINTS_NO_ID (open book) */
    uint32_t pool;
    int64_t cost, self_pay;
    const char *subtype;
    size_t subtype_len;
} case_in;

typedef struct case_out {
    int kind;
    int64_t score, hcoef, subcoef, standard, ratio, deviation, points, pv, payment, fund_due;
} case_out;

/* Book internals shared by the module's files. */
int yb_points_book_params(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack);
int yb_points_book_tables(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack);
int yb_points_book_rules(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack);
/* Key of an auxiliary subtype in b->subtypes; 0 when it does not fit. */
size_t yb_points_subtype_key(uint32_t group, const char *code, size_t len, char *key, size_t cap);
int yb_points_book_add_name(yb_points_book *b, const char *s, size_t len, uint32_t *off);
const char *yb_points_book_name_at(const yb_points_book *b, uint32_t off);

/* The engine: computes one case given its resolved ids. need_ratio asks for
 * the cost ratio of normal cases too. Returns YB_OK or a row status; *detail
 * names the offending field when it fails. */
int yb_points_compute(const yb_points_book *b, const case_in *c, const int64_t *pv, int need_ratio,
                      case_out *o);

/* Coefficient of an auxiliary subtype code for group g (YB_E_ROW_SUBTYPE when unknown). */
int yb_points_subtype_coef(const yb_points_book *b, uint32_t g, const char *s, size_t len, int64_t *coef);

/* Standard cost (fen) of group g at a level for a point value; -1 = none. */
int yb_points_standard(const yb_points_book *b, uint32_t g, uint32_t level, int64_t pv, int64_t *st);

/* Batch driver shared by case_batch and year_add_batch. */
int yb_points_run(yb_ctx *ctx, const yb_points_book *b, yb_points_year *year, const yb_points_case_columns *in,
                  const int64_t *point_values, size_t n_values, yb_points_case_results *out,
                  int32_t *row_status);

/* Year: resolves an open-book hospital to a year id (interning it). */
int yb_points_year_hospital_id(yb_points_year *y, uint32_t book_id, const char *code, size_t len,
                               uint32_t *out);
/* The (hospital, group) cell, created when new; NULL when out of memory. */
hg_cell *yb_points_year_hg(yb_points_year *y, uint32_t h, uint32_t g);
/* A whole cell (month 0 = cases without a month). */
void yb_points_year_cell(const yb_points_year *y, uint32_t h, uint32_t pool, int month, points_cell *out);

/* Clearing of every pool: settlement value, fund due with the remainder
 * rule and special review; fills the per-pool and per hospital-and-pool
 * outputs and hp_due / hp_raw (before the remainder rule) / hp_review. */
int yb_points_clear_pools(yb_ctx *ctx, const yb_points_year *y, const yb_points_clearing_input *in,
                          yb_points_clearing_results *out, int64_t *hp_due, int64_t *hp_raw, int64_t *hp_review);

/* Point values of a batch: the caller's or the book's. */
int yb_points_values(yb_ctx *ctx, const yb_points_book *b, const int64_t *values, size_t n, int64_t *pv);

/* Fixed-point helpers with the book's rounding. */
static inline int yb_points_div(yb_i128 num, yb_i128 den, int mode, int64_t *out)
{
    if (den == 0)
        return YB_E_DIV_ZERO;
    return yb_i128_to_i64(yb_div_round_i128(num, den, mode), out);
}

/* A point value num ÷ den given at 6 decimals, rounded once to `decimals`
 * (≤ 6) and returned at 6 decimals. */
static inline int yb_points_value_div(yb_i128 num6, yb_i128 den, int decimals, int mode, int64_t *out)
{
    if (den == 0)
        return YB_E_DIV_ZERO;
    int64_t unit = yb_pow10(6 - decimals);
    yb_i128 q = yb_div_round_i128(num6, den * unit, mode);
    return yb_i128_to_i64(q * unit, out);
}

/* points (4 decimals) × value (6) → fen (2): divide by 10^8. */
#define FEN_PER_POINT_UNIT 100000000

/* round(n / d) for d > 0 with a yb_round mode, in 64 bits. Inlined with a
 * constant d the division becomes a multiplication. */
static inline int64_t yb_points_rdiv64(int64_t n, int64_t d, int mode)
{
    /* The common case: half-up of a non-negative value (r ≥ ⌈d/2⌉ rounds up). */
    if (mode == YB_ROUND_HALF_UP && n >= 0 && n <= INT64_MAX - d / 2)
        return (n + d / 2) / d;
    int64_t q = n / d, r = n % d;
    if (r == 0)
        return q;
    int neg = n < 0;
    int64_t ar = r < 0 ? -r : r;
    int away;
    switch (mode) {
    case YB_ROUND_HALF_EVEN: away = 2 * ar > d || (2 * ar == d && (q & 1)); break;
    case YB_ROUND_DOWN: away = 0; break;
    case YB_ROUND_UP: away = 1; break;
    case YB_ROUND_FLOOR: away = neg; break;
    case YB_ROUND_CEIL: away = !neg; break;
    default: away = 2 * ar >= d; break;
    }
    return away ? q + (neg ? -1 : 1) : q;
}

/* Decimal exponents of the fixed scales: a ratio's 10^6, and points (4
 * decimals) × value (6) → fen (2), a division by 10^8. */
#define RATIO_DIGITS 6
#define FEN_PER_POINT_DIGITS 8

/* round(a × b / 10^k): 64-bit when a × b fits, else 128-bit; k is a constant
 * at every call site, so neither path divides. */
static inline int yb_points_mul_div(int64_t a, int64_t b, int k, int mode, int64_t *out)
{
    int64_t p;
    if (!__builtin_mul_overflow(a, b, &p)) {
        *out = yb_points_rdiv64(p, yb_pow10_const(k), mode);
        return YB_OK;
    }
    return yb_i128_to_i64(yb_div_round_pow10_i128((yb_i128)a * b, k, mode), out);
}

/* Significant bits of |v| (at least 1). */
static inline int yb_points_bits(int64_t v)
{
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    return 64 - __builtin_clzll(m | 1);
}

/* round(f0 × f1 × f2 × f3 / 10^k) with one rounding, or YB_E_OVERFLOW when a
 * partial product passes 2^125: in 64 bits when the product fits, else in 128
 * bits. k is a constant at every call site, so no path divides. */
static inline int yb_points_product4(int64_t f0, int64_t f1, int64_t f2, int64_t f3, int k, int mode, int64_t *out)
{
    const int64_t d = yb_pow10_const(k);
    int64_t p;
    if (!__builtin_mul_overflow(f0, f1, &p) && !__builtin_mul_overflow(p, f2, &p) &&
        !__builtin_mul_overflow(p, f3, &p)) {
        *out = yb_points_rdiv64(p, d, mode);
        return YB_OK;
    }
    /* Non-negative factors (every points product) get another 64-bit chance
     * unsigned: half-up is (p + d/2) / d there too. */
    uint64_t u;
    if (mode == YB_ROUND_HALF_UP && f0 >= 0 && f1 >= 0 && f2 >= 0 && f3 >= 0 &&
        !__builtin_mul_overflow((uint64_t)f0, (uint64_t)f1, &u) && !__builtin_mul_overflow(u, (uint64_t)f2, &u) &&
        !__builtin_mul_overflow(u, (uint64_t)f3, &u) && u <= UINT64_MAX - (uint64_t)d / 2) {
        uint64_t q = (u + (uint64_t)d / 2) / (uint64_t)d;
        if (q > (uint64_t)INT64_MAX)
            return YB_E_OVERFLOW;
        *out = (int64_t)q;
        return YB_OK;
    }
    yb_i128 q = (yb_i128)f0 * f1; /* |f0|, |f1| ≤ 2^63: fits */
    /* Below 2^125 by the factors' sizes: every partial product is too. */
    if (yb_points_bits(f0) + yb_points_bits(f1) + yb_points_bits(f2) + yb_points_bits(f3) > 125) {
        const yb_i128 lim = (((yb_i128)1) << 125);
        int64_t rest[2] = { f2, f3 };
        for (int i = 0; i < 2; i++) {
            yb_i128 m = rest[i] < 0 ? -(yb_i128)rest[i] : rest[i];
            yb_i128 aq = q < 0 ? -q : q;
            if (m != 0 && aq > lim / m)
                return YB_E_OVERFLOW;
            q *= rest[i];
        }
    } else {
        q = q * f2 * f3;
    }
    return yb_i128_to_i64(yb_div_round_pow10_i128(q, k, mode), out);
}

/* Adds a computed case to the year (the batch's inner loop, hence inline).
 * A running total that would overflow refuses the row before anything changes;
 * every total is bounded by its cell's, so cells are what is checked. */
static inline int yb_points_year_add(yb_points_year *y, uint32_t h, const case_in *c, const case_out *o,
                                     int month, int32_t los)
{
    if (h >= y->nhosp)
        return YB_E_ROW_HOSPITAL;
    int grouped = c->group != YB_POINTS_NO_ID;
    hg_cell *hc = NULL;
    if (grouped) {
        hc = y->dense ? &y->dense[(size_t)h * y->book->groups.count + c->group] : yb_points_year_hg(y, h, c->group);
        if (!hc)
            return YB_E_NOMEM;
    }
    size_t ci = yb_points_cell_index(y, h, c->pool, month);
    cell_hot *hot = &y->hot[ci];
    cell_cold *cold = &y->cold[ci];
    int ffs = o->kind == YB_POINTS_CASE_FEE_FOR_SERVICE;
    int64_t *cost_sum = ffs ? &cold->ffs_cost : &hot->cost;
    int64_t *pay_sum = ffs ? &cold->ffs_payment : &hot->payment;
    int64_t nc, np, npts, nscore;
    int ovf = __builtin_add_overflow(*cost_sum, c->cost, &nc);
    ovf |= __builtin_add_overflow(*pay_sum, o->payment, &np);
    ovf |= __builtin_add_overflow(hot->points, o->points, &npts);
    ovf |= __builtin_add_overflow(hot->score_sum, o->score, &nscore);
    if (ovf || (hc && hc->cost > INT64_MAX - c->cost))
        return YB_E_OVERFLOW;
    yb_points_add_mass(y, yb_points_mass(c->cost, o->payment, o->points, o->score));
    hot->cases++;
    *cost_sum = nc;
    *pay_sum = np;
    hot->points = npts;
    hot->score_sum = nscore;
    if (ffs) {
        cold->ffs++;
        cold->ffs_self_pay += c->self_pay;
    } else {
        hot->self_pay += c->self_pay;
    }
    if (o->kind != YB_POINTS_CASE_NORMAL) {
        cold->low += o->kind == YB_POINTS_CASE_LOW;
        cold->high += o->kind == YB_POINTS_CASE_HIGH;
        cold->ungrouped += o->kind == YB_POINTS_CASE_UNGROUPED;
        if (o->kind == YB_POINTS_CASE_EXTREME) {
            cold->review++;
            cold->review_points += o->points;
            cold->review_cost += c->cost;
        }
    }
    if (hc) {
        hc->cases++;
        hc->cost += c->cost;
    }
    if (los >= 0) {
        hot->los_sum += los;
        hot->los_cases++;
        if (hc) {
            hc->los_sum += los;
            hc->los_cases++;
        }
    }
    return YB_OK;
}

/* A decimal of field k in [min, max] (book_tables.c); *present = 0 for an
 * empty optional cell or an absent column. */
int points_table_dec(yb_ctx *ctx, const yb_table *t, int k, int decimals, int64_t min, int64_t max, int required,
                     int64_t *out, int *present);

#endif /* YB_POINTS_INTERNAL_H */
