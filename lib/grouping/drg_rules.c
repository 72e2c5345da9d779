/* The rule tables of a drg-scheme pack: mdc, adrg and drg (doc/packs-drg.md).
 * Conditions are compiled as the rows are read, so a bad condition is
 * reported with its table, line and column. */
#include <stdlib.h>
#include <string.h>

#include "drg_loader.h"

static const char *const kind_names[] = { "surgical", "non_or", "medical", "ambiguous" };

static int read_code(drg_loader *L, const yb_table *t, size_t k, uint32_t *off)
{
    size_t n;
    const char *v = yb_table_text(t, k, &n);
    if (n == 0 || n > YB_DRG_CODE_MAX)
        return yb_table_row_fail(t, L->ctx, k, YB_E_FORMAT, "a code has 1 to %d bytes", YB_DRG_CODE_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] <= ' ' || (unsigned char)v[i] >= 0x7F || v[i] == '|')
            return yb_table_row_fail(t, L->ctx, k, YB_E_FORMAT, "a code is printable ASCII without spaces or '|'");
    if (drg_pool_add(&L->s->mem, &L->s->pool, v, n, off))
        return yb_fail_nomem(L->ctx, "codes");
    return YB_OK;
}

static int read_text(drg_loader *L, const yb_table *t, size_t k, uint32_t *off)
{
    size_t n;
    const char *v = yb_table_text(t, k, &n);
    if (drg_pool_add(&L->s->mem, &L->s->pool, v, n, off))
        return yb_fail_nomem(L->ctx, "names");
    return YB_OK;
}

/* A whole number outside 0 … 1000000 is YB_E_FORMAT, as the CSV reader reports it. */
static int read_order(drg_loader *L, const yb_table *t, size_t k, int32_t *order)
{
    int64_t v;
    int rc = yb_csv_get_i64(t->csv, L->ctx, (size_t)t->col[k], 0, 1000000, &v);
    *order = (int32_t)v;
    return rc;
}

/* Compiles the condition in column k (scope: the row's owner). */
static int compile(drg_loader *L, const yb_table *t, size_t k, const char *scope, drg_prog *out)
{
    size_t n;
    const char *v = yb_table_text(t, k, &n);
    size_t col = (size_t)t->col[k];
    yb_errloc loc = { .file = yb_csv_name(t->csv), .line = yb_csv_line(t->csv), .column = col + 1,
                      .field = yb_csv_colname(t->csv, col), .value = v, .value_len = n };
    return drg_cond_compile(L->ctx, L->s, &L->reg, v, scope, &loc, out);
}

static int lookup(drg_loader *L, const yb_table *t, size_t k, const drg_strmap *map, const char *what,
                  uint32_t *id)
{
    size_t n;
    const char *v = yb_table_text(t, k, &n);
    if (drg_strmap_get(map, L->s->pool.p, v, n, id))
        return YB_OK;
    return yb_table_row_fail(t, L->ctx, k, YB_E_NOT_FOUND, "no %s with this code", what);
}

static int add_code(drg_loader *L, const yb_table *t, size_t k, drg_strmap *map, uint32_t off, uint32_t id)
{
    uint32_t other;
    const char *code = drg_str(L->s, off);
    if (drg_strmap_get(map, L->s->pool.p, code, strlen(code), &other))
        return yb_table_row_fail(t, L->ctx, k, YB_E_DUPLICATE, "code appears twice");
    if (drg_strmap_put(&L->s->mem, map, L->s->pool.p, off, id))
        return yb_fail_nomem(L->ctx, "codes");
    return YB_OK;
}

static int grow(drg_loader *L, void **arr, uint32_t n, uint32_t *cap, size_t elsize)
{
    if (n < *cap)
        return YB_OK;
    uint32_t c = *cap ? *cap * 2 : 64;
    void *p = yb_mem_realloc_array(&L->s->mem, *arr, c, elsize);
    if (!p)
        return yb_fail_nomem(L->ctx, "rules");
    *arr = p;
    *cap = c;
    return YB_OK;
}

/* mdc: mdc,order,name,gate,on_no_match,qy_adrg,qy_condition */
typedef struct mdc_extra {
    uint32_t qy_code;     /* pool offset of the qy_adrg text ("" = none) */
    uint32_t line;
} mdc_extra;

static int load_mdc(drg_loader *L, mdc_extra **extra)
{
    static const char *const cols[] = { "mdc", "order", "name", "gate", "on_no_match", "qy_adrg", "qy_condition" };
    static const int req[] = { 1, 1, 0, 1, 0, 0, 0 };
    yb_drg_scheme *s = L->s;
    yb_table t;
    int rc = yb_table_open(L->ctx, L->pack, "mdc", 1, cols, req, 7, &t);
    if (rc)
        return rc;
    uint32_t cap = 0, xcap = 0;
    while ((rc = yb_table_next(&t, L->ctx)) == 1) {
        if ((rc = grow(L, (void **)&s->mdcs, s->n_mdc, &cap, sizeof *s->mdcs)) ||
            (rc = grow(L, (void **)extra, s->n_mdc, &xcap, sizeof **extra)))
            break;
        drg_mdc *m = &s->mdcs[s->n_mdc];
        mdc_extra *x = &(*extra)[s->n_mdc];
        memset(m, 0, sizeof *m);
        x->line = (uint32_t)yb_csv_line(t.csv);
        m->qy_adrg = YB_DRG_NO_ID;
        if ((rc = read_code(L, &t, 0, &m->code)) || (rc = read_order(L, &t, 1, &m->order)) ||
            (rc = read_text(L, &t, 2, &m->name)) ||
            (rc = add_code(L, &t, 0, &s->mdc_map, m->code, s->n_mdc)))
            break;
        const char *scope = drg_str(s, m->code);
        char scope_buf[YB_DRG_CODE_MAX + 1];
        strcpy(scope_buf, scope); /* the pool may move while compiling */
        if ((rc = compile(L, &t, 3, scope_buf, &m->gate)))
            break;
        size_t n;
        const char *v = yb_table_text(&t, 4, &n);
        if (n == 0 || (n == 4 && memcmp(v, "next", 4) == 0))
            m->stop_when_no_adrg = 0;
        else if (n == 4 && memcmp(v, "stop", 4) == 0)
            m->stop_when_no_adrg = 1;
        else {
            rc = yb_table_row_fail(&t, L->ctx, 4, YB_E_FORMAT, "on_no_match must be next or stop");
            break;
        }
        if ((rc = read_text(L, &t, 5, &x->qy_code)))
            break;
        (void)yb_table_text(&t, 6, &n);
        int has_qy = *drg_str(s, x->qy_code) != '\0';
        if (has_qy != (n > 0)) {
            rc = yb_table_row_fail(&t, L->ctx, has_qy ? 6 : 5, YB_E_FORMAT,
                                   "qy_adrg and qy_condition go together");
            break;
        }
        if (has_qy && (rc = compile(L, &t, 6, scope_buf, &m->qy)))
            break;
        s->n_mdc++;
    }
    yb_table_close(&t);
    if (rc < 0)
        return rc;
    if (s->n_mdc == 0)
        return yb_fail(L->ctx, YB_E_PACK, "the mdc table has no rows");
    return YB_OK;
}

/* adrg: adrg,mdc,order,kind,name,condition */
static int load_adrg(drg_loader *L)
{
    static const char *const cols[] = { "adrg", "mdc", "order", "kind", "name", "condition" };
    static const int req[] = { 1, 1, 1, 1, 0, 1 };
    yb_drg_scheme *s = L->s;
    yb_table t;
    int rc = yb_table_open(L->ctx, L->pack, "adrg", 1, cols, req, 6, &t);
    if (rc)
        return rc;
    uint32_t cap = 0;
    while ((rc = yb_table_next(&t, L->ctx)) == 1) {
        if ((rc = grow(L, (void **)&s->adrgs, s->n_adrg, &cap, sizeof *s->adrgs)))
            break;
        drg_adrg *a = &s->adrgs[s->n_adrg];
        memset(a, 0, sizeof *a);
        if ((rc = read_code(L, &t, 0, &a->code)) ||
            (rc = lookup(L, &t, 1, &s->mdc_map, "MDC", &a->mdc)) ||
            (rc = read_order(L, &t, 2, &a->order)) || (rc = read_text(L, &t, 4, &a->name)) ||
            (rc = add_code(L, &t, 0, &s->adrg_map, a->code, s->n_adrg)))
            break;
        size_t n;
        const char *k = yb_table_text(&t, 3, &n);
        a->kind = -1;
        for (int i = 0; i < 4; i++)
            if (strlen(kind_names[i]) == n && memcmp(k, kind_names[i], n) == 0)
                a->kind = i;
        if (a->kind < 0) {
            rc = yb_table_row_fail(&t, L->ctx, 3, YB_E_FORMAT,
                                   "kind must be surgical, non_or, medical or ambiguous");
            break;
        }
        char scope[YB_DRG_CODE_MAX + 1];
        strcpy(scope, drg_str(s, a->code));
        if ((rc = compile(L, &t, 5, scope, &a->cond)))
            break;
        s->n_adrg++;
    }
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

/* drg: drg,adrg,order,predicate,name */
static int load_drg(drg_loader *L)
{
    static const char *const cols[] = { "drg", "adrg", "order", "predicate", "name" };
    static const int req[] = { 1, 1, 1, 1, 0 };
    yb_drg_scheme *s = L->s;
    yb_table t;
    int rc = yb_table_open(L->ctx, L->pack, "drg", 1, cols, req, 5, &t);
    if (rc)
        return rc;
    uint32_t cap = 0;
    while ((rc = yb_table_next(&t, L->ctx)) == 1) {
        if ((rc = grow(L, (void **)&s->drgs, s->n_drg + 1, &cap, sizeof *s->drgs)))
            break;
        drg_drg *d = &s->drgs[s->n_drg];
        memset(d, 0, sizeof *d);
        if ((rc = read_code(L, &t, 0, &d->code)) ||
            (rc = lookup(L, &t, 1, &s->adrg_map, "ADRG", &d->adrg)) ||
            (rc = read_order(L, &t, 2, &d->order)) || (rc = read_text(L, &t, 4, &d->name)) ||
            (rc = add_code(L, &t, 0, &s->drg_map, d->code, s->n_drg)))
            break;
        char scope[YB_DRG_CODE_MAX + 1];
        strcpy(scope, drg_str(s, s->adrgs[d->adrg].code));
        if ((rc = compile(L, &t, 3, scope, &d->pred)))
            break;
        s->n_drg++;
    }
    yb_table_close(&t);
    if (rc < 0)
        return rc;
    /* The ungroupable group comes last. */
    if (!rc && (rc = grow(L, (void **)&s->drgs, s->n_drg + 1, &cap, sizeof *s->drgs)))
        return rc;
    drg_drg *u = &s->drgs[s->n_drg];
    memset(u, 0, sizeof *u);
    u->code = L->ung_code;
    u->name = L->ung_name;
    u->adrg = YB_DRG_NO_ID;
    uint32_t other;
    const char *code = drg_str(s, u->code);
    if (drg_strmap_get(&s->drg_map, s->pool.p, code, strlen(code), &other)) {
        yb_errloc loc = { .file = yb_pack_manifest_path(L->pack), .field = "ungroupable_drg",
                          .value = code, .value_len = strlen(code) };
        return yb_fail_at(L->ctx, YB_E_DUPLICATE, &loc, "the ungroupable DRG code is also a DRG of the drg table");
    }
    if (drg_strmap_put(&s->mem, &s->drg_map, s->pool.p, u->code, s->n_drg))
        return yb_fail_nomem(L->ctx, "codes");
    s->ungroupable = s->n_drg++;
    return YB_OK;
}

/* Sorting ids by (owner, order) through a global pointer-free comparator. */
typedef struct key3 {
    uint32_t owner;
    int32_t order;
    uint32_t id;
} key3;

static int cmp_key3(const void *a, const void *b)
{
    const key3 *x = a, *y = b;
    if (x->owner != y->owner)
        return x->owner < y->owner ? -1 : 1;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return x->id < y->id ? -1 : (x->id > y->id);
}

/* Orders ids by (owner, order); writes the ids to *out and each owner's
 * slice (first, count) through set_slice. A repeated (owner, order) is an error. */
static int order_ids(drg_loader *L, key3 *keys, uint32_t n, uint32_t **out, const char *table, const char *what,
                     const char *owner_what, const char *(*owner_code)(const yb_drg_scheme *, uint32_t),
                     const char *(*code)(const yb_drg_scheme *, uint32_t))
{
    qsort(keys, n, sizeof *keys, cmp_key3);
    for (uint32_t i = 1; i < n; i++)
        if (keys[i].owner == keys[i - 1].owner && keys[i].order == keys[i - 1].order) {
            yb_errloc loc = { .file = yb_pack_table_file(L->pack, table), .field = "order" };
            return yb_fail_at(L->ctx, YB_E_DUPLICATE, &loc, "%s %s and %s have the same order %d in %s%s%s", what,
                              code(L->s, keys[i - 1].id), code(L->s, keys[i].id), (int)keys[i].order,
                              owner_code ? owner_what : "the scheme", owner_code ? " " : "",
                              owner_code ? owner_code(L->s, keys[i].owner) : "");
        }
    *out = yb_mem_calloc(&L->s->mem, n ? n : 1, sizeof **out);
    if (!*out)
        return yb_fail_nomem(L->ctx, "rule order");
    for (uint32_t i = 0; i < n; i++)
        (*out)[i] = keys[i].id;
    return YB_OK;
}

static const char *mdc_code(const yb_drg_scheme *s, uint32_t id) { return drg_str(s, s->mdcs[id].code); }
static const char *adrg_code(const yb_drg_scheme *s, uint32_t id) { return drg_str(s, s->adrgs[id].code); }
static const char *drg_code(const yb_drg_scheme *s, uint32_t id) { return drg_str(s, s->drgs[id].code); }

static int build_order(drg_loader *L, const mdc_extra *extra)
{
    yb_drg_scheme *s = L->s;
    uint32_t nk = s->n_mdc > s->n_adrg ? s->n_mdc : s->n_adrg;
    if (s->n_drg > nk)
        nk = s->n_drg;
    key3 *keys = yb_mem_calloc(&s->mem, nk ? nk : 1, sizeof *keys);
    if (!keys)
        return yb_fail_nomem(L->ctx, "rule order");
    int rc;
    for (uint32_t i = 0; i < s->n_mdc; i++)
        keys[i] = (key3){ 0, s->mdcs[i].order, i };
    rc = order_ids(L, keys, s->n_mdc, &s->mdc_order, "mdc", "MDCs", "", NULL, mdc_code);
    for (uint32_t i = 0; !rc && i < s->n_adrg; i++)
        keys[i] = (key3){ s->adrgs[i].mdc, s->adrgs[i].order, i };
    if (!rc)
        rc = order_ids(L, keys, s->n_adrg, &s->mdc_adrgs, "adrg", "ADRGs", "MDC", mdc_code, adrg_code);
    for (uint32_t i = 0; !rc && i < s->n_adrg; i++) {
        drg_mdc *m = &s->mdcs[s->adrgs[s->mdc_adrgs[i]].mdc];
        if (m->adrg_n == 0)
            m->adrg_first = i;
        m->adrg_n++;
    }
    uint32_t nd = s->n_drg - 1; /* without the ungroupable group */
    for (uint32_t i = 0; !rc && i < nd; i++)
        keys[i] = (key3){ s->drgs[i].adrg, s->drgs[i].order, i };
    if (!rc)
        rc = order_ids(L, keys, nd, &s->adrg_drgs, "drg", "DRGs", "ADRG", adrg_code, drg_code);
    for (uint32_t i = 0; !rc && i < nd; i++) {
        drg_adrg *a = &s->adrgs[s->drgs[s->adrg_drgs[i]].adrg];
        if (a->drg_n == 0)
            a->drg_first = i;
        a->drg_n++;
    }
    yb_mem_free(&s->mem, keys);
    for (uint32_t i = 0; !rc && i < s->n_adrg; i++)
        if (s->adrgs[i].drg_n == 0) {
            yb_errloc loc = { .file = yb_pack_table_file(L->pack, "drg"), .field = "adrg", .value = adrg_code(s, i),
                              .value_len = strlen(adrg_code(s, i)) };
            rc = yb_fail_at(L->ctx, YB_E_PACK, &loc, "ADRG %s has no DRG in the drg table", adrg_code(s, i));
        }
    /* The ambiguous group of an MDC must be one of its ADRGs. */
    for (uint32_t i = 0; !rc && i < s->n_mdc; i++) {
        const char *qy = drg_str(s, extra[i].qy_code);
        if (!*qy)
            continue;
        uint32_t a;
        if (!drg_strmap_get(&s->adrg_map, s->pool.p, qy, strlen(qy), &a) || s->adrgs[a].mdc != i) {
            yb_errloc loc = { .file = "mdc", .line = extra[i].line, .field = "qy_adrg", .value = qy,
                              .value_len = strlen(qy) };
            rc = yb_fail_at(L->ctx, YB_E_NOT_FOUND, &loc, "the ambiguous group must be an ADRG of %s",
                            mdc_code(s, i));
        } else {
            s->mdcs[i].qy_adrg = a;
        }
    }
    return rc;
}

int drg_load_rules(drg_loader *L)
{
    mdc_extra *extra = NULL;
    int rc = load_mdc(L, &extra);
    if (!rc)
        rc = load_adrg(L);
    if (!rc)
        rc = load_drg(L);
    if (!rc)
        rc = build_order(L, extra);
    yb_mem_free(&L->s->mem, extra);
    return rc;
}
