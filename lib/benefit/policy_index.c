/* Dated rows by key: building the period index and checking coverage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "policy.h"

const char *bp_insured_name(int insured)
{
    switch (insured) {
    case YB_INSURED_EMPLOYEE: return "employee";
    case YB_INSURED_RETIRED: return "retired";
    case YB_INSURED_RESIDENT: return "resident";
    default: return "?";
    }
}

const char *bp_place_name(int place)
{
    switch (place) {
    case YB_PLACE_LOCAL: return "local";
    case YB_PLACE_OUT_OF_AREA: return "out_of_area";
    case YB_PLACE_REFERRED: return "referred";
    default: return "?";
    }
}

void bp_describe_key3(uint32_t key, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s, level %u, %s", bp_insured_name((int)(key / 9) + 1), key / 3 % 3 + 1,
             bp_place_name((int)(key % 3) + 1));
}

void bp_describe_insured(uint32_t key, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", bp_insured_name((int)key + 1));
}

void bp_describe_category(uint32_t key, char *buf, size_t cap)
{
    snprintf(buf, cap, "category %u", key);
}

static int cmp_rowkey(const void *a, const void *b)
{
    const bp_rowkey *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static void format_day(int32_t day, char *buf, size_t cap)
{
    if (day == BP_DAY_MIN)
        snprintf(buf, cap, "the open start (no valid_from)");
    else if (day == BP_DAY_MAX)
        snprintf(buf, cap, "the open end (no valid_to)");
    else {
        int32_t v = yb_date_from_days(day);
        snprintf(buf, cap, "%04d-%02d-%02d", v / 10000, v / 100 % 100, v % 100);
    }
}

int bp_index_build(yb_ctx *ctx, const yb_mem *mem, const char *table, bp_rowkey *rows, size_t n,
                   uint32_t nkeys, bp_describe_fn describe, bp_index *out)
{
    memset(out, 0, sizeof *out);
    if (n)
        qsort(rows, n, sizeof *rows, cmp_rowkey);
    for (size_t i = 1; i < n; i++)
        if (rows[i].key == rows[i - 1].key && rows[i].from <= rows[i - 1].to) {
            char key[96], d[40];
            describe(rows[i].key, key, sizeof key);
            format_day(rows[i].from, d, sizeof d);
            yb_errloc loc = { .file = table, .line = rows[i].line, .field = "valid_from" };
            return yb_fail_at(ctx, rows[i].from == rows[i - 1].from ? YB_E_DUPLICATE : YB_E_PACK, &loc,
                              "the row for %s valid from %s overlaps the row on line %llu", key, d,
                              (unsigned long long)rows[i - 1].line);
        }
    out->key_off = yb_mem_calloc(mem, (size_t)nkeys + 1, sizeof *out->key_off);
    out->per = yb_mem_calloc(mem, n ? n : 1, sizeof *out->per);
    if (!out->key_off || !out->per) {
        bp_index_free(mem, out);
        return yb_fail_nomem(ctx, table);
    }
    out->nkeys = nkeys;
    size_t i = 0;
    for (uint32_t k = 0; k < nkeys; k++) {
        out->key_off[k] = (uint32_t)i;
        while (i < n && rows[i].key == k) {
            out->per[i] = (bp_period){ rows[i].from, rows[i].to, rows[i].row };
            i++;
        }
    }
    out->key_off[nkeys] = (uint32_t)i;
    return YB_OK;
}

void bp_index_free(const yb_mem *mem, bp_index *ix)
{
    yb_mem_free(mem, ix->key_off);
    yb_mem_free(mem, ix->per);
    memset(ix, 0, sizeof *ix);
}

int bp_uncovered_day(const bp_index *ix, uint32_t key, int32_t from, int32_t to, int32_t *day)
{
    int64_t cur = from;
    for (uint32_t i = ix->key_off[key]; i < ix->key_off[key + 1] && cur <= to; i++) {
        const bp_period *p = &ix->per[i];
        if (p->from > cur)
            break;
        if (p->to >= cur)
            cur = (int64_t)p->to + 1;
    }
    if (cur > to)
        return 0;
    *day = (int32_t)cur;
    return 1;
}

int bp_check_cover(yb_ctx *ctx, const yb_pack *pack, const char *ta, const bp_index *a, const char *tb,
                   const bp_index *b, bp_describe_fn describe)
{
    for (uint32_t k = 0; k < a->nkeys; k++)
        for (uint32_t i = a->key_off[k]; i < a->key_off[k + 1]; i++) {
            int32_t day;
            if (!bp_uncovered_day(b, k, a->per[i].from, a->per[i].to, &day))
                continue;
            char key[96], d[40];
            describe(k, key, sizeof key);
            format_day(day, d, sizeof d);
            yb_errloc loc = { .file = yb_pack_table_file(pack, ta) };
            return yb_fail_at(ctx, YB_E_PACK, &loc, "%s has rows for %s in force on %s but %s (%s) has none",
                              ta, key, d, tb, yb_pack_table_file(pack, tb));
        }
    return YB_OK;
}

int bp_grow(yb_ctx *ctx, const yb_mem *mem, void **arr, size_t *cap, size_t need, size_t elem,
            const char *what)
{
    if (need <= *cap)
        return YB_OK;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    void *p = yb_mem_realloc_array(mem, *arr, ncap, elem);
    if (!p)
        return yb_fail_nomem(ctx, what);
    *arr = p;
    *cap = ncap;
    return YB_OK;
}

static int cmp_set_row(const void *a, const void *b)
{
    const bp_set_row *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    if (x->sub != y->sub)
        return x->sub < y->sub ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int same_set(const bp_set_row *a, const bp_set_row *b)
{
    return a->key == b->key && a->from == b->from && a->to == b->to;
}

int bp_build_sets(yb_ctx *ctx, const yb_mem *mem, const char *table, const char *sub_name,
                  int64_t first_sub, bp_set_row *rows, size_t n, uint32_t nkeys, bp_describe_fn describe,
                  bp_band **elems, size_t *nelems, bp_set **sets, bp_index *ix)
{
    if (n == 0) {
        *sets = yb_mem_calloc(mem, 1, sizeof **sets);
        if (!*sets)
            return yb_fail_nomem(ctx, table);
        return bp_index_build(ctx, mem, table, NULL, 0, nkeys, describe, ix);
    }
    qsort(rows, n, sizeof *rows, cmp_set_row);
    size_t ngroups = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || !same_set(&rows[i], &rows[i - 1]))
            ngroups++;
    bp_band *el = yb_mem_realloc_array(mem, *elems, *nelems + n + 1, sizeof *el);
    if (!el)
        return yb_fail_nomem(ctx, table);
    *elems = el;
    *sets = yb_mem_calloc(mem, ngroups, sizeof **sets);
    bp_rowkey *keys = yb_mem_calloc(mem, ngroups, sizeof *keys);
    if (!*sets || !keys) {
        yb_mem_free(mem, keys);
        return yb_fail_nomem(ctx, table);
    }
    int rc = YB_OK;
    size_t g = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && same_set(&rows[j], &rows[i]))
            j++;
        yb_errloc loc = { .file = table, .line = rows[i].line, .field = sub_name };
        char key[96];
        describe(rows[i].key, key, sizeof key);
        if (rows[i].sub != first_sub) {
            rc = yb_fail_at(ctx, YB_E_PACK, &loc, "the schedule for %s must start with %s %lld",
                            key, sub_name, (long long)first_sub);
            break;
        }
        if (j - i > YB_BENEFIT_MAX_BANDS) {
            rc = yb_fail_at(ctx, YB_E_LIMIT, &loc, "the schedule for %s has %zu rows, at most %d allowed",
                            key, j - i, YB_BENEFIT_MAX_BANDS);
            break;
        }
        for (size_t k = i + 1; k < j; k++)
            if (rows[k].sub == rows[k - 1].sub) {
                loc.line = rows[k].line;
                rc = yb_fail_at(ctx, YB_E_DUPLICATE, &loc, "%s %lld appears twice in the schedule for %s",
                                sub_name, (long long)rows[k].sub, key);
                break;
            }
        if (rc)
            break;
        size_t ne = *nelems;
        (*sets)[g] = (bp_set){ (uint32_t)ne, (uint32_t)(j - i) };
        for (size_t k = i; k < j; k++)
            el[ne++] = (bp_band){ rows[k].sub, rows[k].value };
        *nelems = ne;
        keys[g] = (bp_rowkey){ rows[i].key, rows[i].from, rows[i].to, (uint32_t)g, rows[i].line };
        g++;
        i = j;
    }
    if (!rc)
        rc = bp_index_build(ctx, mem, table, keys, g, nkeys, describe, ix);
    yb_mem_free(mem, keys);
    return rc;
}
