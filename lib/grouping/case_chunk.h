/* The string codes of a batch of cases, looked up a chunk of rows at a time
 * (internal; shared by the CHS-DRG and DIP batch loops).
 *
 * A batch whose diagnosis or procedure lists are strings is walked in chunks
 * of consecutive rows (at most CASE_CHUNK_ROWS rows and `cap` codes per
 * list): each chunk's codes go through yb_dict_lookup_batch() in one call,
 * which overlaps their memory accesses, and the engine then groups the rows
 * of the chunk from those ids as it would from caller-given ids. Lists given
 * as ids are passed through.
 *
 * Only rows whose row offsets are sound (first offset >= 0, offsets not
 * decreasing) join a chunk; a row that does not, or that alone has more codes
 * than `cap`, is a chunk of its own without ids (case_chunk_ids() gives
 * NULL), and the engine decodes it on its own (and rejects it). */
#ifndef YB_GROUPING_CASE_CHUNK_H
#define YB_GROUPING_CASE_CHUNK_H

#include <stddef.h>
#include <stdint.h>

#include <yibao/cases.h>
#include <yibao/dict.h>

#include "core/ctx_internal.h"

#define CASE_CHUNK_ROWS 256
#define CASE_CHUNK_ITEMS 2048

typedef struct case_chunk {
    const yb_case_columns *cs;
    const yb_dict *dx_dict, *proc_dict;
    size_t first, end;      /* rows [first, end) */
    int looked_up;          /* the string lists' ids of these rows are in dx / proc */
    int64_t dx0, proc0;     /* first item of each list in the chunk */
    uint32_t *dx, *proc;    /* ids (or YB_DICT_NOT_FOUND / YB_DICT_INVALID) of the chunk's string items */
    size_t cap;             /* entries of dx and proc */
    size_t row_cap;         /* the longest row the engine accepts (longer rows are rejected unread) */
} case_chunk;

/* Prepares the walk over cs; min_cap is the longest row the engine accepts
 * (the buffers hold at least that many codes). YB_OK or YB_E_NOMEM (recorded
 * on ctx). */
int case_chunk_init(yb_ctx *ctx, case_chunk *k, const yb_case_columns *cs, const yb_dict *dx_dict,
                    const yb_dict *proc_dict, size_t min_cap);
void case_chunk_free(yb_ctx *ctx, case_chunk *k);

/* Moves to the chunk starting at row k->end (< cs->n) and looks its codes up. */
void case_chunk_next(case_chunk *k);

static inline int64_t case_chunk_proc_row(const yb_case_columns *cs, size_t row)
{
    return cs->proc_row_offsets ? cs->proc_row_offsets[row] : 0;
}

/* The ids of a row's diagnoses (is_proc 0) or procedures (1): the caller's
 * ids, or those of the current chunk; NULL when the row has no ids yet (a
 * string list outside the chunk or of a row left out of chunking). */
static inline const uint32_t *case_chunk_ids(const case_chunk *k, size_t row, int is_proc)
{
    const yb_case_columns *cs = k->cs;
    const uint32_t *ids = is_proc ? cs->proc_ids : cs->dx_ids;
    int64_t at = is_proc ? case_chunk_proc_row(cs, row) : cs->dx_row_offsets[row];
    if (ids)
        return ids + at;
    if (row < k->first || row >= k->end || !k->looked_up)
        return NULL;
    return is_proc ? k->proc + (at - k->proc0) : k->dx + (at - k->dx0);
}

/* The looked-up ids of a row's string list in the current chunk, or NULL
 * (a list given as ids, or a row without looked-up ids). */
static inline const uint32_t *case_chunk_looked_up(const case_chunk *k, size_t row, int is_proc)
{
    if (is_proc ? k->cs->proc_ids != NULL : k->cs->dx_ids != NULL)
        return NULL;
    return case_chunk_ids(k, row, is_proc);
}

#endif /* YB_GROUPING_CASE_CHUNK_H */
