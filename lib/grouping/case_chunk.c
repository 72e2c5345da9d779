/* Chunks of a batch's rows with their string codes looked up; see case_chunk.h. */
#include <string.h>

#include "grouping/case_chunk.h"

int case_chunk_init(yb_ctx *ctx, case_chunk *k, const yb_case_columns *cs, const yb_dict *dx_dict,
                    const yb_dict *proc_dict, size_t min_cap)
{
    memset(k, 0, sizeof *k);
    k->cs = cs;
    k->dx_dict = dx_dict;
    k->proc_dict = proc_dict;
    k->row_cap = min_cap;
    int strings = cs->dx_data || (cs->proc_row_offsets && cs->proc_data);
    if (cs->n == 0 || !strings)
        return YB_OK;
    /* as many codes as a chunk takes, but no more than the batch has (a
     * single case stays cheap), and at least the longest row accepted */
    int64_t d = cs->dx_row_offsets[cs->n] - cs->dx_row_offsets[0];
    int64_t p = case_chunk_proc_row(cs, cs->n) - case_chunk_proc_row(cs, 0);
    int64_t want = d > p ? d : p;
    k->cap = want > 0 && want < CASE_CHUNK_ITEMS ? (size_t)want : CASE_CHUNK_ITEMS;
    if (k->cap < min_cap)
        k->cap = min_cap;
    k->dx = yb_alloc(ctx, k->cap * sizeof *k->dx);
    k->proc = yb_alloc(ctx, k->cap * sizeof *k->proc);
    if (!k->dx || !k->proc) {
        case_chunk_free(ctx, k);
        return yb_fail_nomem(ctx, "grouping work space");
    }
    return YB_OK;
}

void case_chunk_free(yb_ctx *ctx, case_chunk *k)
{
    yb_free(ctx, k->dx);
    yb_free(ctx, k->proc);
    k->dx = k->proc = NULL;
}

/* Whether row r can join a chunk whose lists start at items d0 / p0: its
 * offsets do not decrease and the chunk's codes still fit. */
static int fits(const case_chunk *k, size_t r, int64_t d0, int64_t p0)
{
    const yb_case_columns *cs = k->cs;
    int64_t da = cs->dx_row_offsets[r], db = cs->dx_row_offsets[r + 1];
    int64_t pa = case_chunk_proc_row(cs, r), pb = case_chunk_proc_row(cs, r + 1);
    return da >= d0 && db >= da && (uint64_t)(db - d0) <= k->cap && pa >= p0 && pb >= pa &&
           (uint64_t)(pb - p0) <= k->cap;
}

void case_chunk_next(case_chunk *k)
{
    const yb_case_columns *cs = k->cs;
    size_t i = k->end, end = i;
    k->first = i;
    k->looked_up = 0;
    if (!k->dx) { /* ids only: one chunk over everything */
        k->end = cs->n;
        return;
    }
    int64_t d0 = cs->dx_row_offsets[i], p0 = case_chunk_proc_row(cs, i);
    if (d0 >= 0 && p0 >= 0)
        while (end < cs->n && end - i < CASE_CHUNK_ROWS && fits(k, end, d0, p0))
            end++;
    if (end == i) { /* a row to decode on its own */
        k->end = i + 1;
        return;
    }
    k->end = end;
    k->looked_up = 1;
    k->dx0 = d0;
    k->proc0 = p0;
    if (cs->dx_data)
        (void)yb_dict_lookup_batch(k->dx_dict, cs->dx_data, cs->dx_offsets + d0,
                                   (size_t)(cs->dx_row_offsets[end] - d0), k->dx);
    if (cs->proc_data && cs->proc_row_offsets)
        (void)yb_dict_lookup_batch(k->proc_dict, cs->proc_data, cs->proc_offsets + p0,
                                   (size_t)(cs->proc_row_offsets[end] - p0), k->proc);
}
