/* Reading the tables of a capitation-plan pack: growable lists and the banded
 * tables (surplus bands, overspend bands, retention by score). Column mapping
 * and typed fields come from core (lib/core/table.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_internal.h"

cap_named *cap_list_push(yb_ctx *ctx, yb_mem *mem, cap_list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        cap_named *v = yb_mem_realloc_array(mem, l->v, cap, sizeof *v);
        if (!v) {
            yb_fail_nomem(ctx, "a plan table");
            return NULL;
        }
        l->v = v;
        l->cap = cap;
    }
    cap_named *e = &l->v[l->n++];
    memset(e, 0, sizeof *e);
    return e;
}

void cap_list_free(yb_mem *mem, cap_list *l)
{
    yb_mem_free(mem, l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

long cap_list_find(const cap_list *l, const char *code, size_t len)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i].code) == len && memcmp(l->v[i].code, code, len) == 0)
            return (long)i;
    return -1;
}

static int push_range(yb_ctx *ctx, yb_mem *mem, cap_range **v, size_t *n, size_t *cap, cap_range r)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        cap_range *nv = yb_mem_realloc_array(mem, *v, nc, sizeof *nv);
        if (!nv)
            return yb_fail_nomem(ctx, "a band table");
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = r;
    return YB_OK;
}

/* Bands of a ratio of the budget: from_ratio,to_ratio,<ratio column>. The
 * first starts at 0, each starts where the previous ended, only the last is
 * open (empty to_ratio). */
int cap_read_ranges(yb_ctx *ctx, yb_mem *mem, const yb_pack *pack, const char *table, int required,
                    cap_range **out, size_t *n)
{
    const int is_over = strcmp(table, "overspend_bands") == 0;
    const char *const cols[] = { "from_ratio", "to_ratio", is_over ? "fund_share" : "retain_ratio" };
    const int req[] = { 1, 1, 1 };
    yb_table t;
    int present;
    int rc = yb_table_open(ctx, pack, table, required, cols, req, 3, &t);
    present = yb_table_present(&t);
    if (rc || !present)
        return rc;
    size_t cap = 0;
    int open_seen = 0;
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        cap_range r;
        int has_to;
        if ((rc = yb_table_dec(&t, ctx, 0, YB_RATIO_DECIMALS, 0, 100 * (int64_t)YB_RATIO_ONE, &r.from)) ||
            (rc = yb_table_dec_opt(&t, ctx, 1, YB_RATIO_DECIMALS, 0, 100 * (int64_t)YB_RATIO_ONE, &r.to, &has_to)) ||
            (rc = yb_table_dec(&t, ctx, 2, YB_RATIO_DECIMALS, 0, YB_RATIO_ONE, &r.ratio)))
            break;
        if (open_seen) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_PACK, "a band follows the open last band (empty to_ratio)");
            break;
        }
        int64_t expect = *n ? (*out)[*n - 1].to : 0;
        if (r.from != expect) {
            char want[32];
            yb_decimal_format(expect, YB_RATIO_DECIMALS, want, sizeof want);
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_PACK, "bands must be contiguous from 0: this band must start at %s", want);
            break;
        }
        if (!has_to) {
            r.to = CAP_OPEN_END;
            open_seen = 1;
        } else if (r.to <= r.from) {
            rc = yb_table_row_fail(&t, ctx, 1, YB_E_PACK, "to_ratio must be above from_ratio");
            break;
        }
        if ((rc = push_range(ctx, mem, out, n, &cap, r)))
            break;
    }
    if (!rc && !*n)
        rc = yb_table_fail(&t, ctx, YB_E_PACK, NULL, NULL, "the table has no bands");
    else if (!rc && !open_seen)
        rc = yb_table_fail(&t, ctx, YB_E_PACK, "to_ratio", NULL, "the last band must be open (empty to_ratio) so that every amount falls in a band");
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

/* Retention factor by assessment score: min_score,factor; the first row
 * starts at 0 and min_score increases strictly. */
int cap_read_retention(yb_ctx *ctx, yb_mem *mem, const yb_pack *pack, cap_range **out, size_t *n)
{
    const char *const cols[] = { "min_score", "factor" };
    const int req[] = { 1, 1 };
    yb_table t;
    int present;
    int rc = yb_table_open(ctx, pack, "retention", 0, cols, req, 2, &t);
    present = yb_table_present(&t);
    if (rc || !present)
        return rc;
    size_t cap = 0;
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        cap_range r = { .to = CAP_OPEN_END };
        if ((rc = yb_table_dec(&t, ctx, 0, YB_SCORE_DECIMALS, 0, 100 * (int64_t)YB_SCORE_ONE, &r.from)) ||
            (rc = yb_table_dec(&t, ctx, 1, YB_RATIO_DECIMALS, 0, YB_RATIO_ONE, &r.ratio)))
            break;
        if (!*n && r.from != 0) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_PACK, "the first row must start at score 0");
            break;
        }
        if (*n && r.from <= (*out)[*n - 1].from) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_PACK, "min_score must increase from row to row");
            break;
        }
        if ((rc = push_range(ctx, mem, out, n, &cap, r)))
            break;
    }
    if (!rc && !*n)
        rc = yb_table_fail(&t, ctx, YB_E_PACK, NULL, NULL, "the table has no rows");
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

static int cmp_named_ptr(const void *a, const void *b)
{
    return strcmp((*(const cap_named *const *)a)->code, (*(const cap_named *const *)b)->code);
}

uint32_t *cap_index_build(yb_ctx *ctx, yb_mem *mem, const cap_list *l)
{
    const cap_named **ptr = yb_mem_calloc(mem, l->n ? l->n : 1, sizeof *ptr);
    uint32_t *idx = yb_mem_calloc(mem, l->n ? l->n : 1, sizeof *idx);
    if (!ptr || !idx) {
        yb_mem_free(mem, ptr);
        yb_mem_free(mem, idx);
        yb_fail_nomem(ctx, "a code index");
        return NULL;
    }
    for (size_t i = 0; i < l->n; i++)
        ptr[i] = &l->v[i];
    qsort(ptr, l->n, sizeof *ptr, cmp_named_ptr);
    for (size_t i = 0; i < l->n; i++)
        idx[i] = (uint32_t)(ptr[i] - l->v);
    yb_mem_free(mem, ptr);
    return idx;
}

long cap_index_find(const cap_list *l, const uint32_t *idx, const char *code, size_t len)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *c = l->v[idx[mid]].code;
        size_t clen = strlen(c);
        int d = memcmp(c, code, clen < len ? clen : len);
        if (!d)
            d = clen < len ? -1 : clen > len;
        if (!d)
            return (long)idx[mid];
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}
