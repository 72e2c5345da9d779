/* Cells of the DIP pack tables (doc/packs-dip.md, "Lists and expressions"):
 *   diagnosis list   items separated by '|': a category "K35", a subcategory
 *                    "K35.8", an exact code "A15.000x010", or a range of
 *                    categories "C00-C75"; a trailing dagger '+' is dropped;
 *   procedure expr.  components separated by '+', each a list of alternative
 *                    codes separated by '|' (all components must be present).
 * Identical cells share one set / expression. */
#include <stdlib.h>
#include <string.h>

#include "grouping/dip_internal.h"

static int cell_fail(yb_ctx *ctx, const char *what, const char *text, size_t len, const char *why)
{
    yb_errloc loc = { .value = text, .value_len = len };
    return yb_fail_at(ctx, YB_E_FORMAT, &loc, "%s: %s", what, why);
}

static int is_cat(const char *s)
{
    return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9';
}

int dip_intern_key(yb_ctx *ctx, yb_dip_catalog *cat, const char *item, size_t len, uint32_t *key, int *spec)
{
    char norm[YB_CODE_MAX + 1];
    size_t n;
    while (len && item[len - 1] == '+')
        len--;
    int rc = yb_code_normalize(item, len, norm, sizeof norm, &n);
    if (rc)
        return cell_fail(ctx, "diagnosis list item", item, len, "not a code");
    if (n == 3 && is_cat(norm))
        *spec = DIP_SPEC_CATEGORY;
    else if (n == 5 && is_cat(norm) && norm[3] == '.')
        *spec = DIP_SPEC_SUBCATEGORY;
    else
        *spec = DIP_SPEC_EXACT;
    rc = yb_dict_intern(ctx, cat->keys, norm, n, key);
    return rc == YB_E_NOMEM ? yb_fail_nomem(ctx, "diagnosis keys") : rc;
}

/* One item of a cell: s[0..n) without surrounding blanks; end is the position of the separator after it
 * (the end of the text when there is none). */
typedef struct item {
    const char *s;
    size_t n, end;
} item;

/* The item of text[from, end) that runs up to the next sep. */
static item next_item(const char *text, size_t from, size_t end, char sep)
{
    item it = { text + from, 0, from };
    while (it.end < end && text[it.end] != sep)
        it.end++;
    it.n = it.end - from;
    while (it.n && (*it.s == ' ' || *it.s == '\t')) {
        it.s++;
        it.n--;
    }
    while (it.n && (it.s[it.n - 1] == ' ' || it.s[it.n - 1] == '\t'))
        it.n--;
    return it;
}

/* Calls fn for every key of a diagnosis list (ranges expanded). */
typedef int (*key_fn)(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, uint32_t key, int spec, uint32_t arg);

static int each_key(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const char *text, size_t len, key_fn fn,
                    uint32_t arg)
{
    size_t i = 0;
    int any = 0;
    while (i <= len) {
        item it = next_item(text, i, len, '|');
        if (it.n == 0)
            return cell_fail(ctx, "diagnosis list", text, len, "empty item");
        int rc;
        if (it.n == 7 && it.s[3] == '-' && is_cat(it.s) && is_cat(it.s + 4)) {
            char lo[4], hi[4];
            memcpy(lo, it.s, 3);
            memcpy(hi, it.s + 4, 3);
            lo[3] = hi[3] = '\0';
            if (strcmp(lo, hi) > 0)
                return cell_fail(ctx, "diagnosis range", it.s, it.n, "start after end");
            char c[4] = { lo[0], lo[1], lo[2], '\0' };
            for (;;) {
                uint32_t key;
                int spec = 0;
                if ((rc = dip_intern_key(ctx, cat, c, 3, &key, &spec)) || (rc = fn(ctx, cat, ld, key, spec, arg)))
                    return rc;
                if (strcmp(c, hi) == 0)
                    break;
                if (c[2] < '9')
                    c[2]++;
                else if (c[1] < '9') {
                    c[1]++;
                    c[2] = '0';
                } else {
                    c[0]++;
                    c[1] = c[2] = '0';
                }
            }
        } else {
            uint32_t key;
            int spec = 0;
            if ((rc = dip_intern_key(ctx, cat, it.s, it.n, &key, &spec)) || (rc = fn(ctx, cat, ld, key, spec, arg)))
                return rc;
        }
        any = 1;
        i = it.end + 1;
    }
    return any ? YB_OK : cell_fail(ctx, "diagnosis list", text, len, "empty");
}

static int add_key_set(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, uint32_t key, int spec, uint32_t set)
{
    (void)spec;
    return dip_pairs_add(&cat->mem, &ld->key_set, key, set) ? yb_fail_nomem(ctx, "diagnosis sets") : YB_OK;
}

static int add_key_rule(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, uint32_t key, int spec, uint32_t rule)
{
    if (rule >= (1u << 30))
        return yb_fail(ctx, YB_E_LIMIT, "more than 2^30 rules");
    return dip_pairs_add(&cat->mem, &ld->key_rule, key, rule << 2 | (uint32_t)spec)
               ? yb_fail_nomem(ctx, "rule index")
               : YB_OK;
}

int dip_cell_set(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const char *text, size_t len, uint32_t *set)
{
    int found;
    int rc = dip_strmap_put(&ld->set_text, text, len, cat->nsets, set, &found);
    if (rc)
        return rc == YB_E_NOMEM ? yb_fail_nomem(ctx, "diagnosis sets") : yb_fail(ctx, rc, "diagnosis list too long");
    if (found)
        return YB_OK;
    if (cat->nsets >= DIP_MAX_SETS)
        return yb_fail(ctx, YB_E_LIMIT, "more than %u distinct diagnosis lists", DIP_MAX_SETS);
    cat->nsets++;
    return each_key(ctx, cat, ld, text, len, add_key_set, *set);
}

int dip_cell_rule_keys(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const char *text, size_t len,
                       uint32_t rule)
{
    return each_key(ctx, cat, ld, text, len, add_key_rule, rule);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int dip_cell_cnf(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const char *text, size_t len, int single,
                 uint32_t *cnf)
{
    if (single && memchr(text, '+', len))
        return cell_fail(ctx, "principal procedures", text, len, "a list of alternatives may not contain '+'");
    int found;
    int rc = dip_strmap_put(&ld->cnf_text, text, len, cat->ncnf, cnf, &found);
    if (rc)
        return rc == YB_E_NOMEM ? yb_fail_nomem(ctx, "procedure expressions")
                                : yb_fail(ctx, rc, "procedure expression too long");
    if (found)
        return YB_OK;
    dip_cnf *c = dip_grow(&cat->mem, (void **)&cat->cnfs, &cat->ncnf, &ld->cnf_cap, sizeof *c);
    if (!c)
        return yb_fail_nomem(ctx, "procedure expressions");
    c->comp_off = cat->ncomp;
    size_t i = 0;
    while (i <= len) {
        size_t j = next_item(text, i, len, '+').end;
        uint32_t ntmp = 0;
        size_t a = i;
        while (a <= j) {
            item it = next_item(text, a, j, '|');
            if (it.n == 0)
                return cell_fail(ctx, "procedure expression", text, len, "empty code");
            uint32_t id;
            if ((rc = dip_intern_proc(ctx, cat, ld, it.s, it.n, &id)))
                return rc == YB_E_NOMEM ? rc : cell_fail(ctx, "procedure expression", it.s, it.n, "not a code");
            uint32_t *slot = dip_grow(&cat->mem, (void **)&ld->tmp, &ntmp, &ld->tmp_cap, sizeof *slot);
            if (!slot)
                return yb_fail_nomem(ctx, "procedure expressions");
            *slot = id;
            a = it.end + 1;
        }
        qsort(ld->tmp, ntmp, sizeof *ld->tmp, cmp_u32);
        dip_comp *comp = dip_grow(&cat->mem, (void **)&cat->comps, &cat->ncomp, &ld->comp_cap, sizeof *comp);
        if (!comp)
            return yb_fail_nomem(ctx, "procedure expressions");
        comp->code_off = cat->ncnf_codes;
        for (uint32_t k = 0; k < ntmp; k++) {
            if (k && ld->tmp[k] == ld->tmp[k - 1])
                continue;
            uint32_t *slot = dip_grow(&cat->mem, (void **)&cat->cnf_codes, &cat->ncnf_codes, &ld->code_cap,
                                      sizeof *slot);
            if (!slot)
                return yb_fail_nomem(ctx, "procedure expressions");
            *slot = ld->tmp[k];
            comp->ncode++;
        }
        cat->cnfs[*cnf].ncomp++;
        i = j + 1;
    }
    return YB_OK;
}
