/* Reading the tables of a capitation-plan pack: column mapping, typed fields
 * with messages naming file, line, field and value, growable lists, and the
 * banded tables (surplus bands, overspend bands, retention by score). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_internal.h"

int cap_tbl_open(yb_ctx *ctx, const yb_pack *pack, const char *table, int required, const char *const *cols,
                 const int *col_required, size_t ncols, cap_tbl *t, int *present)
{
    memset(t, 0, sizeof *t);
    t->table = table;
    for (size_t i = 0; i < sizeof t->col / sizeof t->col[0]; i++)
        t->col[i] = -1;
    *present = 0;
    if (!yb_pack_has_table(pack, table)) {
        if (!required)
            return YB_OK;
        yb_errloc loc = { .file = yb_pack_manifest_path(pack), .field = "tables" };
        return yb_fail_at(ctx, YB_E_PACK, &loc, "this %s needs the table '%s'", yb_pack_kind(pack), table);
    }
    int rc = yb_pack_table_open(ctx, pack, table, &t->csv);
    if (rc)
        return rc;
    rc = yb_csv_map_cols(t->csv, ctx, cols, col_required, ncols, t->col);
    if (rc) {
        cap_tbl_close(t);
        return rc;
    }
    *present = 1;
    return YB_OK;
}

void cap_tbl_close(cap_tbl *t)
{
    yb_csv_close(t->csv);
    t->csv = NULL;
}

int cap_tbl_next(yb_ctx *ctx, cap_tbl *t)
{
    return yb_csv_next(t->csv, ctx);
}

int cap_row_fail(yb_ctx *ctx, cap_tbl *t, size_t c, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return yb_csv_field_fail(t->csv, ctx, (size_t)t->col[c], status, "%s", msg);
}

int cap_tbl_fail(yb_ctx *ctx, cap_tbl *t, int status, const char *field, const char *value, const char *fmt, ...)
{
    yb_errloc loc = { .file = yb_csv_name(t->csv), .field = field, .value = value,
                      .value_len = value ? strlen(value) : 0 };
    va_list ap;
    va_start(ap, fmt);
    int rc = yb_vfail_at(ctx, status, &loc, fmt, ap);
    va_end(ap);
    return rc;
}

static const char *trimmed(const char *s, size_t *len)
{
    while (*len && (*s == ' ' || *s == '\t')) {
        s++;
        (*len)--;
    }
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
        (*len)--;
    return s;
}

static int get_text(yb_ctx *ctx, cap_tbl *t, size_t c, char *out, size_t cap, int required)
{
    out[0] = '\0';
    if (t->col[c] < 0)
        return YB_OK;
    size_t len;
    const char *s = trimmed(yb_csv_field(t->csv, (size_t)t->col[c], &len), &len);
    if (!len)
        return required ? cap_row_fail(ctx, t, c, YB_E_FORMAT, "missing value") : YB_OK;
    if (len >= cap)
        return cap_row_fail(ctx, t, c, YB_E_FORMAT, "longer than %zu bytes", cap - 1);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20)
            return cap_row_fail(ctx, t, c, YB_E_FORMAT, "control character in a code or name");
    memcpy(out, s, len);
    out[len] = '\0';
    return YB_OK;
}

int cap_get_code(yb_ctx *ctx, cap_tbl *t, size_t c, char out[CAP_CODE_CAP])
{
    return get_text(ctx, t, c, out, CAP_CODE_CAP, 1);
}

int cap_get_name(yb_ctx *ctx, cap_tbl *t, size_t c, char out[CAP_NAME_CAP])
{
    return get_text(ctx, t, c, out, CAP_NAME_CAP, 0);
}

int cap_get_int(yb_ctx *ctx, cap_tbl *t, size_t c, int64_t min, int64_t max, int64_t *out)
{
    return yb_csv_get_i64(t->csv, ctx, (size_t)t->col[c], min, max, out);
}

static int check_range(yb_ctx *ctx, cap_tbl *t, size_t c, int decimals, int64_t min, int64_t max, int64_t v)
{
    if (v >= min && v <= max)
        return YB_OK;
    char lo[32], hi[32];
    yb_decimal_format(min, decimals, lo, sizeof lo);
    yb_decimal_format(max, decimals, hi, sizeof hi);
    return cap_row_fail(ctx, t, c, YB_E_PARAM, "must be from %s to %s", lo, hi);
}

int cap_get_dec(yb_ctx *ctx, cap_tbl *t, size_t c, int decimals, int64_t min, int64_t max, int64_t *out)
{
    int rc = yb_csv_get_decimal(t->csv, ctx, (size_t)t->col[c], decimals, out);
    return rc ? rc : check_range(ctx, t, c, decimals, min, max, *out);
}

int cap_get_dec_opt(yb_ctx *ctx, cap_tbl *t, size_t c, int decimals, int64_t min, int64_t max, int64_t *out,
                    int *present)
{
    *present = 0;
    if (t->col[c] < 0)
        return YB_OK;
    int rc = yb_csv_get_decimal_opt(t->csv, ctx, (size_t)t->col[c], decimals, out, present);
    if (rc || !*present)
        return rc;
    return check_range(ctx, t, c, decimals, min, max, *out);
}

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
    cap_tbl t;
    int present;
    int rc = cap_tbl_open(ctx, pack, table, required, cols, req, 3, &t, &present);
    if (rc || !present)
        return rc;
    size_t cap = 0;
    int open_seen = 0;
    while ((rc = cap_tbl_next(ctx, &t)) == 1) {
        cap_range r;
        int has_to;
        if ((rc = cap_get_dec(ctx, &t, 0, YB_RATIO_DECIMALS, 0, 100 * (int64_t)YB_RATIO_ONE, &r.from)) ||
            (rc = cap_get_dec_opt(ctx, &t, 1, YB_RATIO_DECIMALS, 0, 100 * (int64_t)YB_RATIO_ONE, &r.to,
                                  &has_to)) ||
            (rc = cap_get_dec(ctx, &t, 2, YB_RATIO_DECIMALS, 0, YB_RATIO_ONE, &r.ratio)))
            break;
        if (open_seen) {
            rc = cap_row_fail(ctx, &t, 0, YB_E_PACK, "a band follows the open last band (empty to_ratio)");
            break;
        }
        int64_t expect = *n ? (*out)[*n - 1].to : 0;
        if (r.from != expect) {
            char want[32];
            yb_decimal_format(expect, YB_RATIO_DECIMALS, want, sizeof want);
            rc = cap_row_fail(ctx, &t, 0, YB_E_PACK, "bands must be contiguous from 0: this band must start at %s",
                              want);
            break;
        }
        if (!has_to) {
            r.to = CAP_OPEN_END;
            open_seen = 1;
        } else if (r.to <= r.from) {
            rc = cap_row_fail(ctx, &t, 1, YB_E_PACK, "to_ratio must be above from_ratio");
            break;
        }
        if ((rc = push_range(ctx, mem, out, n, &cap, r)))
            break;
    }
    if (!rc && !*n)
        rc = cap_tbl_fail(ctx, &t, YB_E_PACK, NULL, NULL, "the table has no bands");
    else if (!rc && !open_seen)
        rc = cap_tbl_fail(ctx, &t, YB_E_PACK, "to_ratio", NULL,
                          "the last band must be open (empty to_ratio) so that every amount falls in a band");
    cap_tbl_close(&t);
    return rc < 0 ? rc : YB_OK;
}

/* Retention factor by assessment score: min_score,factor; the first row
 * starts at 0 and min_score increases strictly. */
int cap_read_retention(yb_ctx *ctx, yb_mem *mem, const yb_pack *pack, cap_range **out, size_t *n)
{
    const char *const cols[] = { "min_score", "factor" };
    const int req[] = { 1, 1 };
    cap_tbl t;
    int present;
    int rc = cap_tbl_open(ctx, pack, "retention", 0, cols, req, 2, &t, &present);
    if (rc || !present)
        return rc;
    size_t cap = 0;
    while ((rc = cap_tbl_next(ctx, &t)) == 1) {
        cap_range r = { .to = CAP_OPEN_END };
        if ((rc = cap_get_dec(ctx, &t, 0, YB_SCORE_DECIMALS, 0, 100 * (int64_t)YB_SCORE_ONE, &r.from)) ||
            (rc = cap_get_dec(ctx, &t, 1, YB_RATIO_DECIMALS, 0, YB_RATIO_ONE, &r.ratio)))
            break;
        if (!*n && r.from != 0) {
            rc = cap_row_fail(ctx, &t, 0, YB_E_PACK, "the first row must start at score 0");
            break;
        }
        if (*n && r.from <= (*out)[*n - 1].from) {
            rc = cap_row_fail(ctx, &t, 0, YB_E_PACK, "min_score must increase from row to row");
            break;
        }
        if ((rc = push_range(ctx, mem, out, n, &cap, r)))
            break;
    }
    if (!rc && !*n)
        rc = cap_tbl_fail(ctx, &t, YB_E_PACK, NULL, NULL, "the table has no rows");
    cap_tbl_close(&t);
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
