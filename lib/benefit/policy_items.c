/* The item catalogue (items.csv): class A/B/C, class-B first-pay ratio and
 * price limit per item code, with optional validity dates. */
#include <stdlib.h>
#include <string.h>

#include <yibao/money.h>

#include "core/date.h"
#include "policy.h"
#include "policy_csv.h"

enum { C_CODE, C_CLASS, C_BFIRST, C_LIMIT, C_FROM, C_TO, C_N };

typedef struct item_sort {
    uint32_t id;
    int32_t from;
    uint32_t idx;
    uint64_t line;
} item_sort;

static int cmp_item(const void *a, const void *b)
{
    const item_sort *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int parse_class(yb_table *t, yb_ctx *ctx, int8_t *cls)
{
    size_t n;
    const char *s = yb_table_text(t, C_CLASS, &n);
    static const char *const names[3][2] = { { "A", "\xE7\x94\xB2" }, { "B", "\xE4\xB9\x99" },
                                             { "C", "\xE4\xB8\x99" } };
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 2; k++)
            if (n == strlen(names[i][k]) && memcmp(s, names[i][k], n) == 0) {
                *cls = (int8_t)(YB_CLASS_A + i);
                return YB_OK;
            }
    return yb_table_row_fail(t, ctx, C_CLASS, YB_E_FORMAT,
                             "expected an item class A, B or C (甲, 乙, 丙)");
}

static int read_row(yb_table *t, yb_ctx *ctx, bp_item *it)
{
    int rc = parse_class(t, ctx, &it->cls);
    if (rc)
        return rc;
    size_t n;
    const char *s = yb_table_text(t, C_BFIRST, &n);
    if (it->cls == YB_CLASS_B) {
        if ((rc = bp_get_ratio(t, ctx, C_BFIRST, YB_RATIO_ONE, -1, &it->b_ratio)))
            return rc;
    } else if (n && !(n == 1 && s[0] == '0')) {
        int64_t v;
        if ((rc = bp_get_ratio(t, ctx, C_BFIRST, YB_RATIO_ONE, 0, &v)))
            return rc;
        if (v != 0)
            return yb_table_row_fail(t, ctx, C_BFIRST, YB_E_FORMAT,
                                     "a first-pay ratio is only for class B items");
    }
    s = yb_table_text(t, C_LIMIT, &n);
    if (n) {
        if (it->cls == YB_CLASS_C)
            return yb_table_row_fail(t, ctx, C_LIMIT, YB_E_FORMAT,
                                     "a price limit on a class C item has no effect");
        if (yb_decimal_parse(s, n, YB_BENEFIT_PRICE_DECIMALS, &it->limit) || it->limit < 0 ||
            it->limit > YB_BENEFIT_MAX_AMOUNT)
            return yb_table_row_fail(t, ctx, C_LIMIT, YB_E_FORMAT,
                                     "expected a unit price limit in yuan with at most 4 decimals");
        it->has_limit = 1;
    }
    return bp_get_period(t, ctx, C_FROM, C_TO, &it->from, &it->to);
}

static int build_code_index(yb_ctx *ctx, yb_benefit_policy *p);

static int link_versions(yb_ctx *ctx, yb_benefit_policy *p, item_sort *srt, const char *table)
{
    uint32_t ncodes = yb_dict_count(p->codes);
    p->item_first = yb_mem_calloc(&p->mem, ncodes ? ncodes : 1, sizeof *p->item_first);
    if (!p->item_first)
        return yb_fail_nomem(ctx, "item catalogue");
    qsort(srt, p->nitems, sizeof *srt, cmp_item);
    for (uint32_t i = 0; i < p->nitems; i++) {
        bp_item *it = &p->items[srt[i].idx];
        it->next = BP_NONE;
        if (i == 0 || srt[i - 1].id != srt[i].id) {
            p->item_first[srt[i].id] = srt[i].idx;
            continue;
        }
        bp_item *prev = &p->items[srt[i - 1].idx];
        if (it->from <= prev->to) {
            yb_errloc loc = { .file = table, .line = srt[i].line, .field = "valid_from",
                              .value = yb_dict_code(p->codes, srt[i].id),
                              .value_len = strlen(yb_dict_code(p->codes, srt[i].id)) };
            return yb_fail_at(ctx, YB_E_DUPLICATE, &loc,
                              "item %s: this row's validity overlaps the row on line %llu",
                              yb_dict_code(p->codes, srt[i].id), (unsigned long long)srt[i - 1].line);
        }
        prev->next = srt[i].idx;
    }
    return YB_OK;
}

int bp_load_items(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack)
{
    static const char *const cols[C_N] = { "code", "class", "b_first_pay", "price_limit", "valid_from",
                                           "valid_to" };
    static const int req[C_N] = { 1, 1, 0, 0, 0, 0 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "items", 1, cols, req, C_N, &t);
    if (rc)
        return rc;
    item_sort *srt = NULL;
    size_t cap = 0;
    if ((rc = yb_dict_new(ctx, &p->codes)))
        goto done;
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        if (p->nitems == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            bp_item *ni = yb_mem_realloc_array(&p->mem, p->items, ncap, sizeof *ni);
            if (!ni) {
                rc = yb_fail_nomem(ctx, "item catalogue");
                goto done;
            }
            p->items = ni;
            item_sort *ns = yb_mem_realloc_array(&p->mem, srt, ncap, sizeof *ns);
            if (!ns) {
                rc = yb_fail_nomem(ctx, "item catalogue");
                goto done;
            }
            srt = ns;
            cap = ncap;
        }
        bp_item *it = &p->items[p->nitems];
        memset(it, 0, sizeof *it);
        if ((rc = read_row(&t, ctx, it)))
            goto done;
        size_t n;
        const char *code = yb_table_text(&t, C_CODE, &n);
        uint32_t id;
        rc = yb_dict_intern(ctx, p->codes, code, n, &id);
        if (rc == YB_E_NOMEM)
            goto done;
        if (rc) {
            rc = yb_table_row_fail(&t, ctx, C_CODE, YB_E_FORMAT,
                                   "expected an item code (printable ASCII, at most 63 characters)");
            goto done;
        }
        srt[p->nitems] = (item_sort){ id, it->from, p->nitems, bp_line(&t) };
        p->nitems++;
    }
    if (rc < 0)
        goto done;
    if (p->nitems == 0) {
        yb_errloc loc = { .file = yb_csv_name(t.csv) };
        rc = yb_fail_at(ctx, YB_E_PACK, &loc, "the item catalogue is empty");
        goto done;
    }
    if (!(rc = link_versions(ctx, p, srt, yb_csv_name(t.csv))))
        rc = build_code_index(ctx, p);
done:
    yb_mem_free(&p->mem, srt);
    yb_table_close(&t);
    return rc;
}

/* The exact-bytes index over the normalised codes. */
static int build_code_index(yb_ctx *ctx, yb_benefit_policy *p)
{
    p->ncodes = yb_dict_count(p->codes);
    uint64_t cap = 16;
    while (cap < (uint64_t)p->ncodes * 2)
        cap *= 2;
    p->code_text = yb_mem_calloc(&p->mem, p->ncodes, sizeof *p->code_text);
    p->code_len = yb_mem_calloc(&p->mem, p->ncodes, sizeof *p->code_len);
    p->code_slots = yb_mem_calloc(&p->mem, (size_t)cap, sizeof *p->code_slots);
    if (!p->code_text || !p->code_len || !p->code_slots)
        return yb_fail_nomem(ctx, "item catalogue");
    p->code_mask = (uint32_t)(cap - 1);
    for (uint32_t id = 0; id < p->ncodes; id++) {
        const char *c = yb_dict_code(p->codes, id);
        size_t n = strlen(c);
        p->code_text[id] = c;
        p->code_len[id] = (uint32_t)n;
        uint64_t h = bp_code_hash(c, n);
        uint32_t i = (uint32_t)h & p->code_mask;
        while (p->code_slots[i])
            i = (i + 1) & p->code_mask;
        p->code_slots[i] = (uint64_t)(id + 1) | (h & UINT64_C(0xFFFFFFFF00000000));
    }
    return YB_OK;
}

int bp_code_lookup_slow(const yb_benefit_policy *p, const char *code, size_t len, uint32_t *id)
{
    return yb_dict_lookup(p->codes, code, len, id);
}
