/* The batch driver's shared state: batch.c (checks, the general row path,
 * the entry points) and batch_fast.c (the per-batch plan and the block loop). */
#ifndef YB_POINTS_BATCH_INTERNAL_H
#define YB_POINTS_BATCH_INTERNAL_H

#include "points_internal.h"

/* Per-batch plan entry for one (group, level, pool): what a case of the
 * group at a hospital of the level, paid from the pool, needs besides its
 * cost and hospital coefficient. One cache line. */
typedef struct plan_entry {
    int64_t low_lim;  /* cost × 10^6 from this on is not low; INT64_MAX: the engine decides */
    int64_t high_lim; /* cost × 10^6 from this on is high (or extreme) */
    int64_t score;    /* the group's score */
    int64_t coef;     /* the primary-care coefficient, or -1: the hospital's */
    int64_t ext_lim;  /* cost × 10^6 from this on is extreme */
    /* the standard cost (fen) prepared as a divisor (lib/core/fixed.h) for
     * the cost ratio; st_d = 0: no standard (every case normal), or an entry
     * the engine decides */
    uint64_t st_d, st_dn, st_v;
} plan_entry;

/* What the fast path needs of a hospital, per batch: its plan row and its
 * cells of the year in one place. */
typedef struct plan_hospital {
    const plan_entry *plan; /* the plan of the hospital's level: pool p, group g at plan[p × G + g] */
    cell_hot *hot;          /* the year's cells of the hospital (pool × 13 months), or NULL */
    cell_cold *cold;
    hg_cell *hg;            /* its (hospital, group) cells of the year, or NULL */
    int64_t coef;           /* its coefficient */
} plan_hospital;

/* State of one batch call. */
typedef struct run_state {
    yb_ctx *ctx;
    const yb_points_book *b;
    yb_points_year *y;
    const yb_points_case_columns *in;
    yb_points_case_results *out;
    int32_t *row_status;
    int64_t pv[YB_POINTS_MAX_POOLS];
    plan_entry *plan;      /* level l, pool p, group g at plan[(l × P + p) × G + g] */
    plan_hospital *hplan;  /* per book hospital, for yb_points_fast_rows() */
    size_t L, P;
    int need_ratio;
    int simple; /* half-up and every normal product fits 64 bits: no checks needed */
    int bad, first_bad;
} run_state;

/* One row's results as the output columns hold them. */
typedef struct row_result {
    int32_t status;
    uint32_t group, hospital;
    int pool;
    case_out o;
} row_result;

/* Any row by the general path: resolve, compute (through the plan when it
 * applies), add to the year, report a bad row; fills *res (a bad row: no
 * ids, pool and kind -1, zeros) and returns its status. Writes no output. */
int yb_points_settle_row(run_state *r, size_t i, row_result *res);

/* The plan of a batch, or NULL when not worth it (or out of memory). */
plan_entry *yb_points_plan_build(yb_ctx *ctx, const yb_points_book *b, const int64_t *pv, size_t n);

/* Prepares r->hplan when rows of this batch can take yb_points_fast_rows();
 * returns whether they can. */
int yb_points_fast_prepare(run_state *r);

/* Rows [from, to) through the plan, in blocks; writes outputs and statuses. */
void yb_points_fast_rows(run_state *r, size_t from, size_t to);

/* Row i of a string column, trimmed; YB_E_INVALID_ARG for bad offsets. */
static inline int yb_points_slice(const char *data, const int64_t *off, size_t i, const char **s, size_t *len)
{
    int64_t a = off[i], e = off[i + 1];
    if (a < 0 || e < a)
        return YB_E_INVALID_ARG;
    *s = data + a;
    *len = (size_t)(e - a);
    /* most codes have no surrounding space: skip the trimming loops */
    if (*len && ((*s)[0] == ' ' || (*s)[0] == '\t' || (*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        *s = yb_trim(*s, len);
    return YB_OK;
}

#endif /* YB_POINTS_BATCH_INTERNAL_H */
