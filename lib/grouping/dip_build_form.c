/* Forming the region's new groups from the cases the national catalogue does
 * not take (DIP 3.0 technical specification draft, ch. 3):
 *
 * Local core groups (§2 三 and §1 三, table 3-3): a combination is the
 * principal diagnosis's 4-character subcategory (its category when it has
 * none) + the principal procedure (or none). A related procedure r of the
 * combination is significant when the weighted mean cost of its cases with r
 * is at least (1 + related_min_increase) × that of its cases without any
 * related procedure ("相关手术操作资源消耗达到该病例原费用 10% 以上的情形单独成组");
 * with no case without related procedures nothing is significant. A case's
 * full combination adds its significant related procedures. Full combinations
 * with related procedures and at least the threshold of cases become groups;
 * the plain combination becomes a group when its own cases plus those whose
 * related procedures formed no group (and no smaller group they contain)
 * reach the threshold (§3 三(一) 1-2).
 *
 * Comprehensive groups (§3 三(二)): the remaining cases by 3-character
 * category × attribute of the principal procedure, kept when they have at
 * least comprehensive_min_cases cases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grouping/dip_build.h"

static int reset_maps(bld *b)
{
    dip_strmap_free(&b->key_map);
    dip_strmap_free(&b->full_map);
    dip_strmap_free(&b->relacc_map);
    b->nkeys = b->nfulls = b->nrelacc = 0;
    if (dip_strmap_init(&b->key_map, &b->ctx->mem) || dip_strmap_init(&b->full_map, &b->ctx->mem) ||
        dip_strmap_init(&b->relacc_map, &b->ctx->mem))
        return yb_fail_nomem(b->ctx, "a DIP build");
    return YB_OK;
}

static int put_key(bld *b, const bld_row *r, uint32_t *id)
{
    char text[YB_CODE_MAX * 2 + 4];
    size_t n = bld_dx_key(b->base, r->pdx, 0, text, sizeof text);
    snprintf(text + n, sizeof text - n, "|%s", r->pproc == DIP_NONE ? "-" : yb_dict_code(b->base->proc, r->pproc));
    int found;
    if (dip_strmap_put(&b->key_map, text, strlen(text), b->nkeys, id, &found))
        return yb_fail_nomem(b->ctx, "a DIP build");
    if (!found) {
        bld_key *k = dip_grow(&b->ctx->mem, (void **)&b->keys, &b->nkeys, &b->keys_cap, sizeof *k);
        if (!k)
            return yb_fail_nomem(b->ctx, "a DIP build");
        k->dx = r->pdx;
        k->proc = r->pproc;
        k->group = DIP_NONE;
    }
    return YB_OK;
}

/* Rows the local groups are formed from: valid, unmatched in the given pass,
 * principal diagnosis known and not excluded. */
static int candidate(const bld_row *r, int pass)
{
    return r->year != BLD_BAD && (pass == 1 ? r->g1 : r->g2) == DIP_NONE && !r->excluded && r->pdx != DIP_NONE;
}

int bld_count_keys(bld *b)
{
    int rc = reset_maps(b);
    for (size_t i = 0; !rc && i < b->n; i++) {
        bld_row *r = &b->rows[i];
        uint32_t k;
        if (candidate(r, 1) && !(rc = put_key(b, r, &k)))
            b->keys[k].cases++;
    }
    return rc;
}

static int is_sig(const bld *b, uint32_t key, uint32_t proc, int *sig)
{
    char text[32];
    int n = snprintf(text, sizeof text, "%u:%u", key, proc);
    uint32_t id;
    *sig = dip_strmap_get(&b->relacc_map, text, (size_t)n, &id) == YB_OK && b->relacc_sig[id];
    return YB_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int add_new(bld *b, int kind, uint32_t key, uint32_t full, uint32_t pdx, int attr)
{
    bld_new *g = dip_grow(&b->ctx->mem, (void **)&b->news, &b->nnews, &b->news_cap, sizeof *g);
    if (!g)
        return yb_fail_nomem(b->ctx, "a DIP build");
    g->kind = kind;
    g->key = key;
    g->full = full;
    g->pdx = pdx;
    g->attr = attr;
    return YB_OK;
}

/* Related procedures of a row that are significant for its combination, sorted, into tmp. */
static uint32_t significant(const bld *b, const bld_row *r, uint32_t *tmp)
{
    uint32_t n = 0;
    for (uint32_t k = 0; k < r->rel_n; k++) {
        uint32_t p = b->rel[r->rel_off + k];
        int sig;
        is_sig(b, r->key, p, &sig);
        if (!sig)
            continue;
        uint32_t j = 0;
        while (j < n && tmp[j] != p)
            j++;
        if (j == n)
            tmp[n++] = p;
    }
    qsort(tmp, n, sizeof *tmp, cmp_u32);
    return n;
}

static int subset(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
    uint32_t j = 0;
    for (uint32_t i = 0; i < na; i++) {
        while (j < nb && b[j] < a[i])
            j++;
        if (j == nb || b[j] != a[i])
            return 0;
    }
    return 1;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int accumulate(bld *b)
{
    for (size_t i = 0; i < b->n; i++) {
        bld_row *r = &b->rows[i];
        r->key = r->full = DIP_NONE;
        r->local = 0;
        if (!candidate(r, 2))
            continue;
        int rc = put_key(b, r, &r->key);
        if (rc)
            return rc;
        bld_key *k = &b->keys[r->key];
        k->cases++;
        if (r->rel_n == 0)
            bld_acc_add(&k->base, r->year, b->h->cost[i]);
        for (uint32_t q = 0; q < r->rel_n; q++) {
            uint32_t p = b->rel[r->rel_off + q], dup = 0;
            for (uint32_t e = 0; e < q; e++)
                dup |= b->rel[r->rel_off + e] == p;
            if (dup)
                continue;
            char text[32];
            int n = snprintf(text, sizeof text, "%u:%u", r->key, p);
            uint32_t id;
            int found;
            if (dip_strmap_put(&b->relacc_map, text, (size_t)n, b->nrelacc, &id, &found))
                return yb_fail_nomem(b->ctx, "a DIP build");
            if (!found) {
                uint32_t cap = b->relacc_cap;
                bld_acc *a = dip_grow(&b->ctx->mem, (void **)&b->relacc, &b->nrelacc, &b->relacc_cap, sizeof *a);
                if (!a)
                    return yb_fail_nomem(b->ctx, "a DIP build");
                if (cap != b->relacc_cap) {
                    uint32_t *nk = yb_mem_realloc_array(&b->ctx->mem, b->relacc_key, b->relacc_cap, sizeof *nk);
                    if (nk)
                        b->relacc_key = nk;
                    uint32_t *np = nk ? yb_mem_realloc_array(&b->ctx->mem, b->relacc_proc, b->relacc_cap, sizeof *np)
                                      : NULL;
                    if (np)
                        b->relacc_proc = np;
                    uint8_t *ns = np ? yb_mem_realloc(&b->ctx->mem, b->relacc_sig, b->relacc_cap) : NULL;
                    if (!ns)
                        return yb_fail_nomem(b->ctx, "a DIP build");
                    b->relacc_sig = ns;
                }
                b->relacc_key[id] = r->key;
                b->relacc_proc[id] = p;
                b->relacc_sig[id] = 0;
            }
            bld_acc_add(&b->relacc[id], r->year, b->h->cost[i]);
        }
    }
    return YB_OK;
}

/* related_min_increase: mean with r >= mean without related × (1 + increase). */
static int mark_significant(bld *b)
{
    for (uint32_t a = 0; a < b->nrelacc; a++) {
        int64_t m0, mr;
        if (bld_wmean(b, &b->keys[b->relacc_key[a]].base, &m0) || bld_wmean(b, &b->relacc[a], &mr))
            return yb_fail(b->ctx, YB_E_OVERFLOW, "a mean cost does not fit in 64 bits");
        b->relacc_sig[a] = m0 >= 0 && mr >= 0 &&
                           (yb_i128)mr * YB_RATIO_ONE >= (yb_i128)m0 * (YB_RATIO_ONE + b->p.related_min_increase);
    }
    return YB_OK;
}

int bld_form_local(bld *b)
{
    int rc = reset_maps(b);
    if (rc || (rc = accumulate(b)) || (rc = mark_significant(b)))
        return rc;
    uint32_t *tmp = yb_calloc(b->ctx, (size_t)b->rel_cap + 1, sizeof *tmp);
    if (!tmp)
        return yb_fail_nomem(b->ctx, "a DIP build");
    /* full combinations */
    for (size_t i = 0; !rc && i < b->n; i++) {
        bld_row *r = &b->rows[i];
        if (r->key == DIP_NONE)
            continue;
        uint32_t ns = significant(b, r, tmp);
        char text[1024];
        size_t len = (size_t)snprintf(text, sizeof text, "%u|", r->key);
        for (uint32_t q = 0; q < ns && len < sizeof text - 12; q++)
            len += (size_t)snprintf(text + len, sizeof text - len, "%s%u", q ? "+" : "", tmp[q]);
        int found;
        if (dip_strmap_put(&b->full_map, text, len, b->nfulls, &r->full, &found)) {
            rc = yb_fail_nomem(b->ctx, "a DIP build");
            break;
        }
        if (!found) {
            bld_full *f = dip_grow(&b->ctx->mem, (void **)&b->fulls, &b->nfulls, &b->fulls_cap, sizeof *f);
            if (!f) {
                rc = yb_fail_nomem(b->ctx, "a DIP build");
                break;
            }
            f->key = r->key;
            f->rel_off = b->nrel;
            f->rel_n = ns;
            for (uint32_t q = 0; q < ns && !rc; q++) {
                uint32_t *slot = dip_grow(&b->ctx->mem, (void **)&b->rel, &b->nrel, &b->rel_cap, sizeof *slot);
                if (!slot)
                    rc = yb_fail_nomem(b->ctx, "a DIP build");
                else
                    *slot = tmp[q];
            }
        }
        b->fulls[r->full].cases++;
    }
    if (rc || !b->p.new_core_groups) {
        yb_free(b->ctx, tmp);
        return rc;
    }
    for (uint32_t f = 0; f < b->nfulls; f++)
        b->fulls[f].formed = b->fulls[f].rel_n > 0 && b->fulls[f].cases >= b->threshold;
    /* the plain combination takes its own cases and those no related group takes; formed
     * related groups sorted by combination so each row looks at its own */
    uint32_t nformed = 0;
    uint64_t *fk = yb_calloc(b->ctx, (size_t)b->nfulls + 1, sizeof *fk);
    if (!fk) {
        yb_free(b->ctx, tmp);
        return yb_fail_nomem(b->ctx, "a DIP build");
    }
    for (uint32_t f = 0; f < b->nfulls; f++)
        if (b->fulls[f].formed)
            fk[nformed++] = (uint64_t)b->fulls[f].key << 32 | f;
    qsort(fk, nformed, sizeof *fk, cmp_u64);
    for (size_t i = 0; i < b->n; i++) {
        bld_row *r = &b->rows[i];
        if (r->key == DIP_NONE)
            continue;
        const bld_full *mine = &b->fulls[r->full];
        int covered = mine->formed;
        uint32_t lo = 0, hi = nformed;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo) / 2;
            if ((uint32_t)(fk[mid] >> 32) < r->key)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (uint32_t q = lo; !covered && mine->rel_n && q < nformed && (uint32_t)(fk[q] >> 32) == r->key; q++) {
            const bld_full *o = &b->fulls[(uint32_t)fk[q]];
            covered = subset(b->rel + o->rel_off, o->rel_n, b->rel + mine->rel_off, mine->rel_n);
        }
        r->local = (uint8_t)covered;
        if (!covered)
            b->keys[r->key].cases_plain++;
    }
    yb_free(b->ctx, fk);
    for (uint32_t k = 0; k < b->nkeys; k++)
        b->keys[k].formed = b->keys[k].cases_plain >= b->threshold;
    for (size_t i = 0; i < b->n; i++) {
        bld_row *r = &b->rows[i];
        if (r->key != DIP_NONE && b->keys[r->key].formed)
            r->local = 1;
    }
    for (uint32_t f = 0; !rc && f < b->nfulls; f++)
        if (b->fulls[f].formed)
            rc = add_new(b, YB_DIP_LAYER_CORE, b->fulls[f].key, f, b->keys[b->fulls[f].key].dx, 0);
    for (uint32_t k = 0; !rc && k < b->nkeys; k++)
        if (b->keys[k].formed)
            rc = add_new(b, YB_DIP_LAYER_CORE, k, DIP_NONE, b->keys[k].dx, 0);
    yb_free(b->ctx, tmp);
    return rc;
}

int bld_form_comprehensive(bld *b)
{
    static const char letters[] = "CDTS"; /* conservative, diagnostic, therapeutic, surgery */
    int to_comp = b->base->excluded_to_comprehensive;
    for (size_t i = 0; i < b->n; i++) {
        bld_row *r = &b->rows[i];
        if (r->year == BLD_BAD || r->g2 != DIP_NONE || r->local || r->pdx == DIP_NONE || (r->excluded && !to_comp))
            continue;
        char text[YB_CODE_MAX + 4];
        size_t n = bld_dx_key(b->base, r->pdx, 1, text, sizeof text - 3);
        text[n++] = '|';
        text[n++] = letters[r->attr & 3];
        text[n] = '\0';
        uint32_t id;
        int found;
        if (dip_strmap_put(&b->comp_map, text, n, b->ncomp, &id, &found))
            return yb_fail_nomem(b->ctx, "a DIP build");
        if (!found) {
            uint32_t cap = b->comp_cap;
            int64_t *c = dip_grow(&b->ctx->mem, (void **)&b->comp_cases, &b->ncomp, &b->comp_cap, sizeof *c);
            if (!c)
                return yb_fail_nomem(b->ctx, "a DIP build");
            if (cap != b->comp_cap) {
                uint32_t *nd = yb_mem_realloc_array(&b->ctx->mem, b->comp_dx, b->comp_cap, sizeof *nd);
                if (nd)
                    b->comp_dx = nd;
                uint8_t *na = nd ? yb_mem_realloc(&b->ctx->mem, b->comp_attr, b->comp_cap) : NULL;
                if (!na)
                    return yb_fail_nomem(b->ctx, "a DIP build");
                b->comp_attr = na;
            }
            b->comp_dx[id] = r->pdx;
            b->comp_attr[id] = r->attr;
        }
        b->comp_cases[id]++;
    }
    for (uint32_t c = 0; c < b->ncomp; c++)
        if (b->comp_cases[c] >= b->p.comprehensive_min_cases) {
            int rc = add_new(b, YB_DIP_LAYER_COMPREHENSIVE, c, DIP_NONE, b->comp_dx[c], b->comp_attr[c]);
            if (rc)
                return rc;
        }
    return YB_OK;
}
