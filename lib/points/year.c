/* The year accumulator: totals per hospital × pool × month, and per
 * (hospital, group) for the evaluation indices. */
#include <string.h>

#include "points_internal.h"

#define MONTHS 13 /* 0 = no month, 1 … 12 */
#define DENSE_MAX (1u << 18) /* (hospital, group) cells kept densely: 262,144 × 32 bytes at most */

void yb_points_year_cell(const yb_points_year *y, uint32_t h, uint32_t pool, int month, points_cell *out)
{
    size_t i = yb_points_cell_index(y, h, pool, month);
    const cell_hot *a = &y->hot[i];
    const cell_cold *b = &y->cold[i];
    *out = (points_cell){ .cases = a->cases, .grouped = a->cases - b->ungrouped - b->ffs, .low = b->low,
                          .high = b->high, .review = b->review, .ungrouped = b->ungrouped, .ffs = b->ffs,
                          .points = a->points, .score_sum = a->score_sum, .cost = a->cost,
                          .self_pay = a->self_pay, .payment = a->payment, .review_points = b->review_points,
                          .review_cost = b->review_cost, .ffs_cost = b->ffs_cost, .ffs_self_pay = b->ffs_self_pay,
                          .ffs_payment = b->ffs_payment, .los_sum = a->los_sum, .los_cases = a->los_cases };
}

/* Zeroed memory for n items of `size` bytes at a 64-byte boundary of *raw
 * (so that an item of 32 or 64 bytes never straddles two cache lines). */
static void *calloc_lines(yb_mem *mem, size_t n, size_t size, void **raw)
{
    *raw = NULL;
    if (n > (SIZE_MAX - 64) / size)
        return NULL;
    *raw = yb_mem_calloc(mem, n * size + 63, 1);
    return *raw ? (void *)(((uintptr_t)*raw + 63) & ~(uintptr_t)63) : NULL;
}

static int grow_hospitals(yb_points_year *y, uint32_t need)
{
    if (need <= y->hosp_cap)
        return YB_OK;
    uint32_t cap = y->hosp_cap ? y->hosp_cap : 16;
    while (cap < need)
        cap *= 2;
    size_t per = (size_t)y->book->npools * MONTHS, used = (size_t)y->hosp_cap * per;
    cell_cold *nc = yb_mem_realloc_array(&y->mem, y->cold, (size_t)cap * per, sizeof *nc);
    if (!nc)
        return YB_E_NOMEM;
    memset(nc + used, 0, ((size_t)cap * per - used) * sizeof *nc);
    y->cold = nc;
    void *raw;
    cell_hot *nh = calloc_lines(&y->mem, (size_t)cap * per, sizeof *nh, &raw);
    if (!nh) {
        yb_mem_free(&y->mem, raw);
        return YB_E_NOMEM; /* cold is larger but hosp_cap unchanged: consistent */
    }
    if (used)
        memcpy(nh, y->hot, used * sizeof *nh);
    yb_mem_free(&y->mem, y->hot_mem);
    y->hot = nh;
    y->hot_mem = raw;
    y->hosp_cap = cap;
    return YB_OK;
}

void yb_points_year_free(yb_points_year *y)
{
    if (!y)
        return;
    yb_mem mem = y->mem;
    yb_strmap_clear(&y->extra);
    void *arrays[] = { y->hot_mem, y->cold, y->hg_keys, y->hg, y->dense_mem };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        yb_mem_free(&mem, arrays[i]);
    yb_mem_free(&mem, y);
}

int yb_points_year_new(yb_ctx *ctx, const yb_points_book *b, yb_points_year **out)
{
    if (!ctx || !b || !out)
        return ctx ? yb_fail(ctx, YB_E_INVALID_ARG, "yb_points_year_new: NULL argument") : YB_E_INVALID_ARG;
    *out = NULL;
    yb_points_year *y = yb_mem_calloc(&ctx->mem, 1, sizeof *y);
    if (!y)
        return yb_fail_nomem(ctx, "year accumulator");
    y->mem = ctx->mem;
    y->book = b;
    yb_strmap_init(&y->extra, &y->mem);
    y->nhosp = b->hospitals.count;
    size_t cells = (size_t)b->groups.count * b->hospitals.count;
    int ok = 1;
    if (!b->open_hospitals && cells <= DENSE_MAX) {
        y->dense = calloc_lines(&y->mem, cells ? cells : 1, sizeof *y->dense, &y->dense_mem);
        ok = y->dense != NULL;
    } else {
        y->hg_mask = 1023;
        y->hg_keys = yb_mem_calloc(&y->mem, y->hg_mask + 1, sizeof *y->hg_keys);
        y->hg = yb_mem_calloc(&y->mem, y->hg_mask + 1, sizeof *y->hg);
        ok = y->hg_keys && y->hg;
    }
    if (!ok || grow_hospitals(y, y->nhosp ? y->nhosp : 1)) {
        yb_points_year_free(y);
        return yb_fail_nomem(ctx, "year accumulator");
    }
    *out = y;
    return YB_OK;
}

int yb_points_year_hospital_id(yb_points_year *y, uint32_t book_id, const char *code, size_t len, uint32_t *out)
{
    if (book_id != YB_POINTS_NO_ID) {
        *out = book_id;
        return YB_OK;
    }
    uint32_t id;
    int added = 0;
    int rc = yb_strmap_intern(&y->extra, code, len, &id, &added);
    if (rc)
        return rc;
    uint32_t yid = y->book->hospitals.count + id;
    if (added) {
        if ((rc = grow_hospitals(y, yid + 1))) {
            /* The code stays interned but unused; the next call retries the growth. */
            return rc;
        }
        y->nhosp = yid + 1;
    } else if (yid >= y->nhosp) {
        if ((rc = grow_hospitals(y, yid + 1)))
            return rc;
        y->nhosp = yid + 1;
    }
    *out = yid;
    return YB_OK;
}

/* The slot of key in the hash: where it is, or the empty one where it goes. */
static size_t hg_slot(const uint64_t *keys, size_t mask, uint64_t key)
{
    /* splitmix64 finaliser: every key bit reaches the low bits used. */
    uint64_t z = key;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    size_t i = (size_t)z & mask;
    while (keys[i] && keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

static int hg_grow(yb_points_year *y)
{
    size_t ncap = (y->hg_mask + 1) * 2, oldcap = y->hg_mask + 1;
    uint64_t *nk = yb_mem_calloc(&y->mem, ncap, sizeof *nk);
    hg_cell *nh = yb_mem_calloc(&y->mem, ncap, sizeof *nh);
    if (!nk || !nh) {
        yb_mem_free(&y->mem, nk);
        yb_mem_free(&y->mem, nh);
        return YB_E_NOMEM;
    }
    for (size_t i = 0; i < oldcap; i++)
        if (y->hg_keys[i]) {
            size_t j = hg_slot(nk, ncap - 1, y->hg_keys[i]);
            nk[j] = y->hg_keys[i];
            nh[j] = y->hg[i];
        }
    yb_mem_free(&y->mem, y->hg_keys);
    yb_mem_free(&y->mem, y->hg);
    y->hg_keys = nk;
    y->hg = nh;
    y->hg_mask = ncap - 1;
    return YB_OK;
}

hg_cell *yb_points_year_hg(yb_points_year *y, uint32_t h, uint32_t g)
{
    if (y->dense)
        return &y->dense[(size_t)h * y->book->groups.count + g];
    if ((y->hg_count + 1) * 2 > y->hg_mask + 1 && hg_grow(y))
        return NULL;
    uint64_t key = ((uint64_t)h << 32 | g) + 1;
    size_t i = hg_slot(y->hg_keys, y->hg_mask, key);
    if (!y->hg_keys[i]) {
        y->hg_keys[i] = key;
        y->hg_count++;
    }
    return &y->hg[i];
}

void yb_points_year_each_hg(const yb_points_year *y, hg_visit_fn fn, void *user)
{
    if (y->dense) {
        uint32_t ng = y->book->groups.count;
        for (uint32_t h = 0; h < y->nhosp; h++)
            for (uint32_t g = 0; g < ng; g++)
                if (y->dense[(size_t)h * ng + g].cases)
                    fn(user, h, g, &y->dense[(size_t)h * ng + g]);
        return;
    }
    for (size_t i = 0; i <= y->hg_mask; i++)
        if (y->hg_keys[i] && y->hg[i].cases)
            fn(user, (uint32_t)((y->hg_keys[i] - 1) >> 32), (uint32_t)(y->hg_keys[i] - 1), &y->hg[i]);
}

int yb_points_year_add_batch(yb_ctx *ctx, yb_points_year *y, const yb_points_case_columns *in,
                             const int64_t *point_values, size_t n_values, yb_points_case_results *out,
                             int32_t *row_status)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (!y)
        return yb_fail(ctx, YB_E_INVALID_ARG, "no year accumulator");
    return yb_points_run(ctx, y->book, y, in, point_values, n_values, out, row_status);
}

uint32_t yb_points_year_hospital_count(const yb_points_year *y) { return y ? y->nhosp : 0; }

const char *yb_points_year_hospital_code(const yb_points_year *y, uint32_t id)
{
    if (!y || id >= y->nhosp)
        return NULL;
    uint32_t nb = y->book->hospitals.count;
    return id < nb ? yb_strmap_key(&y->book->hospitals, id) : yb_strmap_key(&y->extra, id - nb);
}

static void add_cell(yb_points_totals *t, const points_cell *c)
{
    t->cases += c->cases;
    t->grouped_cases += c->grouped;
    t->low_cases += c->low;
    t->high_cases += c->high;
    t->review_cases += c->review;
    t->ungrouped_cases += c->ungrouped;
    t->ffs_cases += c->ffs;
    t->points += c->points;
    t->score_sum += c->score_sum;
    t->cost += c->cost;
    t->self_pay += c->self_pay;
    t->payment += c->payment;
    t->review_points += c->review_points;
    t->review_cost += c->review_cost;
    t->ffs_cost += c->ffs_cost;
    t->ffs_self_pay += c->ffs_self_pay;
    t->ffs_payment += c->ffs_payment;
    t->los_sum += c->los_sum;
    t->los_cases += c->los_cases;
}

int yb_points_year_totals(yb_ctx *ctx, const yb_points_year *y, uint32_t hospital, int32_t pool, int32_t month,
                          yb_points_totals *out)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (!y || !out || out->size < sizeof *out || (hospital != YB_POINTS_NO_ID && hospital >= y->nhosp) ||
        pool < -1 || pool >= (int32_t)y->book->npools || month < -1 || month > 12)
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_points_year_totals: bad arguments");
    size_t size = out->size;
    memset(out, 0, sizeof *out);
    out->size = size;
    for (uint32_t h = 0; h < y->nhosp; h++) {
        if (hospital != YB_POINTS_NO_ID && h != hospital)
            continue;
        for (uint32_t p = 0; p < y->book->npools; p++) {
            if (pool >= 0 && p != (uint32_t)pool)
                continue;
            for (int m = 0; m < MONTHS; m++)
                if (month < 0 || m == month) {
                    points_cell c;
                    yb_points_year_cell(y, h, p, m, &c);
                    add_cell(out, &c);
                }
        }
    }
    return YB_OK;
}
