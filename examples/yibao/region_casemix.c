/* The generator's case mix from the CHS-DRG pack and the Harbin weights; see
 * region_casemix.h and doc/region.md. Compiled with -ffp-contract=off. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pack.h"

#include "region_casemix.h"

/* ------------------------------------------------------------------ arena */

static uint32_t arena_add(casemix *cm, const char *s, size_t len)
{
    if (gen_grow((void **)&cm->arena, &cm->arena_cap, cm->arena_len + len + 1, 1))
        return UINT32_MAX;
    uint32_t off = (uint32_t)cm->arena_len;
    memcpy(cm->arena + off, s, len);
    cm->arena[off + len] = 0;
    cm->arena_len += len + 1;
    return off;
}

typedef struct raw_item {
    uint32_t list, code, tag, seq;
} raw_item;

static int by_list(const void *a, const void *b)
{
    const raw_item *x = a, *y = b;
    if (x->list != y->list)
        return x->list < y->list ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

typedef struct raw {
    raw_item *v;
    size_t n, cap;
} raw;

static int raw_push(raw *r, uint32_t list, uint32_t code, uint32_t tag)
{
    if (gen_grow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v))
        return -1;
    r->v[r->n] = (raw_item){ list, code, tag, (uint32_t)r->n };
    r->n++;
    return 0;
}

static uint32_t new_list(casemix *cm)
{
    if (gen_grow((void **)&cm->lists, &cm->lists_cap, cm->n_lists + 1, sizeof *cm->lists))
        return CM_NO_LIST;
    memset(&cm->lists[cm->n_lists], 0, sizeof cm->lists[0]);
    return (uint32_t)cm->n_lists++;
}

/* Interns a list name; returns the list index (creating the list). */
static uint32_t list_of(yb_ctx *ctx, casemix *cm, int proc, const char *name, size_t len)
{
    yb_dict *d = proc ? cm->proc_names : cm->dx_names;
    uint32_t **map = proc ? &cm->proc_list_of : &cm->dx_list_of;
    size_t *cap = proc ? &cm->proc_map_cap : &cm->dx_map_cap;
    uint32_t before = yb_dict_count(d), id;
    if (yb_dict_intern(ctx, d, name, len, &id))
        return CM_NO_LIST;
    if (id >= before) {
        if (gen_grow((void **)map, cap, (size_t)id + 1, sizeof **map))
            return CM_NO_LIST;
        (*map)[id] = new_list(cm);
    }
    return (*map)[id];
}

static uint32_t find_list(const casemix *cm, int proc, const char *name)
{
    uint32_t id;
    if (yb_dict_lookup(proc ? cm->proc_names : cm->dx_names, name, strlen(name), &id))
        return CM_NO_LIST;
    return (proc ? cm->proc_list_of : cm->dx_list_of)[id];
}

/* Turns collected rows into contiguous, shuffled, Zipf-weighted lists. */
static int finish_lists_raw(casemix *cm, raw *r, const region_def *d, uint64_t salt)
{
    qsort(r->v, r->n, sizeof *r->v, by_list);
    if (gen_grow((void **)&cm->item, &cm->items_cap, cm->n_items + r->n, sizeof *cm->item))
        return -1;
    uint32_t *tags = realloc(cm->tag, cm->items_cap * sizeof *cm->tag); /* same capacity as item */
    if (!tags)
        return -1;
    cm->tag = tags;
    for (size_t i = 0; i < r->n;) {
        size_t j = i;
        while (j < r->n && r->v[j].list == r->v[i].list)
            j++;
        cm_list *l = &cm->lists[r->v[i].list];
        l->first = (uint32_t)cm->n_items;
        l->n = (uint32_t)(j - i);
        for (size_t k = i; k < j; k++) {
            cm->item[cm->n_items] = r->v[k].code;
            cm->tag[cm->n_items] = r->v[k].tag;
            cm->n_items++;
        }
        /* seeded Fisher–Yates: which codes of the list are the common ones */
        rng g;
        rng_seed(&g, d->seed, RS_CODES, salt, r->v[i].list);
        for (uint32_t k = l->n; k > 1; k--) {
            uint32_t a = l->first + k - 1, b = l->first + (uint32_t)rng_below(&g, k);
            uint32_t c = cm->item[a], t = cm->tag[a];
            cm->item[a] = cm->item[b];
            cm->tag[a] = cm->tag[b];
            cm->item[b] = c;
            cm->tag[b] = t;
        }
        if (wtable_zipf(&l->zipf, l->n, d->zipf))
            return -1;
        i = j;
    }
    r->n = 0;
    return 0;
}

static int finish_lists(yb_ctx *ctx, casemix *cm, raw *r, const region_def *d, uint64_t salt)
{
    return finish_lists_raw(cm, r, d, salt) ? yb_fail_nomem(ctx, "code lists") : YB_OK;
}

/* Reads a code table of the DRG pack into lists: named = 1, one list per
 * value of its `list` column; named = 0, one list (its index in *single).
 * Codes found in `skip`, or missing from `keep`, are left out. */
static int read_codes(yb_ctx *ctx, casemix *cm, yb_pack *p, const char *table, int proc, int named,
                      const yb_dict *skip, const yb_dict *keep, uint32_t *single, raw *r)
{
    yb_csv *csv = NULL;
    int rc = yb_pack_table_open(ctx, p, table, &csv);
    if (rc)
        return rc;
    long cl = yb_csv_find_col(csv, "list"), cc = yb_csv_find_col(csv, "code"), ct = yb_csv_find_col(csv, "tag");
    if (cc < 0 || (named && cl < 0)) {
        yb_csv_close(csv);
        return yb_fail(ctx, YB_E_FORMAT, "%s: table %s lacks the columns it needs", yb_pack_manifest_path(p), table);
    }
    if (!named && (*single = new_list(cm)) == CM_NO_LIST) {
        yb_csv_close(csv);
        return yb_fail_nomem(ctx, "code lists");
    }
    while ((rc = yb_csv_next(csv, ctx)) == 1) {
        size_t len, ll = 0, tl = 0;
        const char *code = yb_csv_field(csv, (size_t)cc, &len);
        const char *tag = ct >= 0 ? yb_csv_field(csv, (size_t)ct, &tl) : "";
        uint32_t id;
        if ((skip && yb_dict_lookup(skip, code, len, &id) == YB_OK) ||
            (keep && yb_dict_lookup(keep, code, len, &id) != YB_OK))
            continue;
        uint32_t list = named ? CM_NO_LIST : *single;
        if (named) {
            const char *name = yb_csv_field(csv, (size_t)cl, &ll);
            list = list_of(ctx, cm, proc, name, ll);
        }
        uint32_t co = arena_add(cm, code, len), to = tl ? arena_add(cm, tag, tl) : 0;
        if (list == CM_NO_LIST || co == UINT32_MAX || to == UINT32_MAX || raw_push(r, list, co, to)) {
            rc = yb_fail_nomem(ctx, "code lists");
            break;
        }
    }
    yb_csv_close(csv);
    return rc < 0 ? rc : YB_OK;
}

/* ---------------------------------------------------------------- weights */

typedef struct hw {
    char code[16];
    double w;
} hw;

static int read_harbin(yb_ctx *ctx, const char *path, hw **out, size_t *n)
{
    yb_pack *p = NULL;
    yb_csv *csv = NULL;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc = yb_pack_open(ctx, path, "drg-book", &p);
    if (rc)
        return rc;
    static const char *const cols[] = { "drg", "weight" };
    static const int req[] = { 1, 1 };
    long col[2];
    if (!(rc = yb_pack_table_open(ctx, p, "weights", &csv)) && !(rc = yb_csv_map_cols(csv, ctx, cols, req, 2, col)))
        while ((rc = yb_csv_next(csv, ctx)) == 1) {
            size_t len;
            const char *code = yb_csv_field(csv, (size_t)col[0], &len);
            int64_t w;
            if ((rc = yb_csv_get_decimal(csv, ctx, (size_t)col[1], 4, &w)))
                break;
            if (len >= sizeof (*out)->code)
                continue;
            if (gen_grow((void **)out, &cap, *n + 1, sizeof **out)) {
                rc = yb_fail_nomem(ctx, "weights");
                break;
            }
            memcpy((*out)[*n].code, code, len + 1);
            (*out)[*n].w = (double)w / 10000.0;
            (*n)++;
        }
    yb_csv_close(csv);
    yb_pack_close(p);
    return rc < 0 ? rc : YB_OK;
}

/* Weight of every CHS-DRG DRG: the Harbin weight of the same code; else the
 * mean of Harbin's DRGs of the same ADRG times a severity factor of the
 * fourth character (1 = with MCC ×1.3, 3 = with CC ×1.05, 5 = without ×0.85,
 * other ×1); else the mean of Harbin's DRGs of the same MDC letter; else 1. */
static void map_weights(casemix *cm, const yb_drg_scheme *s, const hw *h, size_t nh)
{
    for (uint32_t g = 0; g < cm->n_drg; g++) {
        const char *code = yb_drg_scheme_drg_code(s, g);
        double w = 1.0;
        int rule = 3;
        for (size_t i = 0; i < nh && rule == 3; i++)
            if (strcmp(h[i].code, code) == 0) {
                w = h[i].w;
                rule = 0;
            }
        for (int prefix = 3; prefix >= 1 && rule == 3; prefix -= 2) {
            double sum = 0;
            int k = 0;
            for (size_t i = 0; i < nh; i++)
                if (strlen(code) >= (size_t)prefix && strncmp(h[i].code, code, (size_t)prefix) == 0) {
                    sum += h[i].w;
                    k++;
                }
            if (k) {
                w = sum / k;
                if (prefix == 3) {
                    char sev = strlen(code) >= 4 ? code[3] : '9';
                    w *= sev == '1' ? 1.3 : sev == '3' ? 1.05 : sev == '5' ? 0.85 : 1.0;
                    rule = 1;
                } else {
                    rule = 2;
                }
            }
        }
        if (g == yb_drg_scheme_ungroupable_drg(s))
            rule = 3, w = 1.0;
        cm->drg_weight[g] = w;
        cm->weight_rule[rule]++;
    }
}

/* -------------------------------------------------------------- templates */

static int parse_after(const char *cond, const char *what, int *out)
{
    const char *p = strstr(cond, what);
    if (!p)
        return 0;
    *out = atoi(p + strlen(what));
    return 1;
}

static int read_templates(yb_ctx *ctx, casemix *cm, yb_pack *p, const region_def *d, const yb_drg_scheme *s)
{
    yb_csv *csv = NULL;
    size_t cap = 0;
    int rc = yb_pack_table_open(ctx, p, "adrg", &csv);
    if (rc)
        return rc;
    static const char *const cols[] = { "adrg", "mdc", "kind", "condition" };
    static const int req[] = { 1, 1, 1, 1 };
    long col[4];
    if ((rc = yb_csv_map_cols(csv, ctx, cols, req, 4, col))) {
        yb_csv_close(csv);
        return rc;
    }
    while ((rc = yb_csv_next(csv, ctx)) == 1) {
        size_t la, lm, lk, lc;
        const char *adrg = yb_csv_field(csv, (size_t)col[0], &la), *mdc = yb_csv_field(csv, (size_t)col[1], &lm);
        const char *kind = yb_csv_field(csv, (size_t)col[2], &lk), *cond = yb_csv_field(csv, (size_t)col[3], &lc);
        cm_template t;
        memset(&t, 0, sizeof t);
        if (yb_drg_scheme_adrg_lookup(s, adrg, &t.adrg))
            continue;
        t.mdc_row = -1;
        for (size_t i = 0; i < d->n_mdc; i++)
            if (strcmp(d->mdc[i].code, mdc) == 0)
                t.mdc_row = (int)i;
        char name[64];
        t.dx = t.proc = t.proc2 = CM_NO_LIST;
        if (strstr(cond, "dx in zd")) {
            snprintf(name, sizeof name, "%s.zd", adrg);
            t.dx = find_list(cm, 0, name);
        }
        if (t.dx == CM_NO_LIST) {
            snprintf(name, sizeof name, "%s.mdc_zd", mdc);
            t.dx = find_list(cm, 0, name);
        }
        if (t.dx == CM_NO_LIST)
            t.dx = cm->pool_dx;
        if (strstr(cond, "proc in ss")) {
            snprintf(name, sizeof name, "%s.ss", adrg);
            t.proc = find_list(cm, 1, name);
        }
        if (strstr(cond, "in ss1")) {
            snprintf(name, sizeof name, "%s.ss1", adrg);
            t.proc2 = find_list(cm, 1, name);
        }
        t.procedural = strcmp(kind, "surgical") == 0 || strcmp(kind, "non_or") == 0;
        if (t.procedural && t.proc == CM_NO_LIST)
            t.proc = cm->pool_valid;
        if (!t.procedural)
            t.proc = t.proc2 = CM_NO_LIST;
        t.newborn = strstr(cond, "age_days <= 28") != NULL;
        t.multi_trauma = strcmp(mdc, "MDCZ") == 0;
        t.wmin = 2500;
        t.wmax = 4200;
        int v;
        if (parse_after(cond, "birth_weight >= ", &v))
            t.wmin = v;
        if (parse_after(cond, "birth_weight < ", &v))
            t.wmax = v - 1;
        if (t.wmax < t.wmin)
            t.wmin = t.wmax - 400;
        if (t.wmin < 500)
            t.wmin = 500;
        double sum = 0;
        int k = 0;
        for (uint32_t g = 0; g < cm->n_drg; g++)
            if (yb_drg_scheme_drg_adrg(s, g) == t.adrg) {
                sum += cm->drg_weight[g];
                k++;
                cm->drg_procedural[g] = (uint8_t)t.procedural;
            }
        t.rw = k ? sum / k : 1.0;
        if (gen_grow((void **)&cm->t, &cap, cm->n_t + 1, sizeof *cm->t)) {
            rc = yb_fail_nomem(ctx, "templates");
            break;
        }
        cm->t[cm->n_t++] = t;
    }
    yb_csv_close(csv);
    return rc < 0 ? rc : YB_OK;
}

int casemix_age_group(int age)
{
    return age <= 0 ? 0 : age <= 14 ? 1 : age <= 44 ? 2 : age <= 64 ? 3 : 4;
}

static const int GROUP_FROM[CM_AGE_GROUPS] = { 0, 1, 15, 45, 65 };
static const int GROUP_TO[CM_AGE_GROUPS] = { 0, 14, 44, 64, 120 };

static int build_tables(yb_ctx *ctx, casemix *cm, const region_def *d)
{
    size_t n = cm->n_t;
    double *pop = calloc(n ? n : 1, sizeof *pop), *w = calloc(n ? n : 1, sizeof *w);
    double group_pop[REGION_MAX_MDC][2] = { { 0 } };
    if (!pop || !w) {
        free(pop);
        free(w);
        return yb_fail_nomem(ctx, "case mix");
    }
    /* popularity of each ADRG: log-normal (σ = 1) around rw^-0.5 */
    for (size_t i = 0; i < n; i++) {
        const cm_template *t = &cm->t[i];
        rng g;
        rng_seed(&g, d->seed, RS_CODES, 1000000, t->adrg);
        pop[i] = rmath_exp(rng_normal(&g) - 0.5) * rmath_pow(t->rw > 0.05 ? t->rw : 0.05, -0.5);
        if (t->mdc_row >= 0 && !t->newborn)
            group_pop[t->mdc_row][t->procedural] += pop[i];
    }
    int rc = YB_OK;
    for (int sex = 1; sex <= 2 && !rc; sex++)
        for (int g = 0; g < CM_AGE_GROUPS && !rc; g++) {
            for (size_t i = 0; i < n; i++) {
                const cm_template *t = &cm->t[i];
                w[i] = 0;
                if (t->mdc_row < 0 || t->newborn)
                    continue;
                const region_mdc *m = &d->mdc[t->mdc_row];
                if ((m->sex && m->sex != sex) || m->age_max < GROUP_FROM[g] || m->age_min > GROUP_TO[g])
                    continue;
                double kind = t->procedural ? m->procedure_share : 1.0 - m->procedure_share;
                w[i] = m->share * m->factor[g] * kind * pop[i] / group_pop[t->mdc_row][t->procedural];
            }
            if (wtable_init(&cm->cell[sex - 1][g], w, n))
                rc = yb_fail(ctx, YB_E_PARAM, "%s: the case mix gives no admission to sex %d, age group %d-%d",
                             d->dir, sex, GROUP_FROM[g], GROUP_TO[g]);
        }
    for (size_t i = 0; i < n && !rc; i++) {
        const cm_template *t = &cm->t[i];
        w[i] = t->newborn ? rmath_pow(t->rw > 0.05 ? t->rw : 0.05, -1.5) : 0.0;
    }
    if (!rc && wtable_init(&cm->newborn, w, n))
        rc = yb_fail(ctx, YB_E_PARAM, "the CHS-DRG pack has no newborn ADRG (condition age_days <= 28)");
    free(pop);
    free(w);
    return rc;
}

/* The codes of a full code-set table (dx_codes, proc_codes) as a set; NULL
 * when the pack has no such table (its lists are then taken as they are). */
static int code_set(yb_ctx *ctx, yb_pack *p, const char *table, yb_dict **out)
{
    *out = NULL;
    if (!yb_pack_has_table(p, table))
        return YB_OK;
    yb_csv *csv = NULL;
    int rc;
    if ((rc = yb_dict_new(ctx, out)) || (rc = yb_pack_table_open(ctx, p, table, &csv)))
        return rc;
    long cc = yb_csv_find_col(csv, "code");
    while (cc >= 0 && (rc = yb_csv_next(csv, ctx)) == 1) {
        size_t len;
        const char *code = yb_csv_field(csv, (size_t)cc, &len);
        uint32_t id;
        if ((rc = yb_dict_intern(ctx, *out, code, len, &id)))
            break;
    }
    yb_csv_close(csv);
    return rc < 0 ? rc : YB_OK;
}

int casemix_load(yb_ctx *ctx, const region_def *d, const yb_drg_scheme *s, casemix *cm)
{
    memset(cm, 0, sizeof *cm);
    yb_pack *p = NULL;
    hw *h = NULL;
    size_t nh = 0;
    raw r = { 0 };
    yb_dict *valid = NULL, *dxset = NULL, *procset = NULL;
    int rc;
    cm->n_drg = yb_drg_scheme_drg_count(s);
    cm->drg_weight = calloc(cm->n_drg ? cm->n_drg : 1, sizeof *cm->drg_weight);
    cm->drg_procedural = calloc(cm->n_drg ? cm->n_drg : 1, 1);
    if (!cm->drg_weight || !cm->drg_procedural || arena_add(cm, "", 0) != 0)
        return yb_fail_nomem(ctx, "case mix");
    if ((rc = yb_dict_new(ctx, &cm->dx_names)) || (rc = yb_dict_new(ctx, &cm->proc_names)) ||
        (rc = yb_dict_new(ctx, &valid)) || (rc = read_harbin(ctx, d->pack_weights, &h, &nh)) ||
        (rc = yb_pack_open(ctx, d->pack_drg, "drg-scheme", &p)))
        goto done;
    map_weights(cm, s, h, nh);
    /* cases use the national code lists (dx_codes, proc_codes) only, as coders do */
    if ((rc = code_set(ctx, p, "dx_codes", &dxset)) || (rc = code_set(ctx, p, "proc_codes", &procset)) ||
        (rc = read_codes(ctx, cm, p, "dx_lists", 0, 1, NULL, dxset, NULL, &r)) ||
        (rc = finish_lists(ctx, cm, &r, d, 1)) ||
        (rc = read_codes(ctx, cm, p, "proc_lists", 1, 1, NULL, procset, NULL, &r)) ||
        (rc = finish_lists(ctx, cm, &r, d, 2)))
        goto done;
    cm->pool_valid = find_list(cm, 1, "valid_procedure");
    if (cm->pool_valid == CM_NO_LIST) {
        rc = yb_fail(ctx, YB_E_PACK, "%s: no procedure list 'valid_procedure'", d->pack_drg);
        goto done;
    }
    for (uint32_t i = 0; i < cm->lists[cm->pool_valid].n; i++) {
        const char *c = cm->arena + cm->item[cm->lists[cm->pool_valid].first + i];
        uint32_t id;
        if ((rc = yb_dict_intern(ctx, valid, c, strlen(c), &id)))
            goto done;
    }
    if ((rc = read_codes(ctx, cm, p, "cc", 0, 0, NULL, dxset, &cm->pool_cc, &r)) ||
        (rc = finish_lists(ctx, cm, &r, d, 3)) ||
        (rc = read_codes(ctx, cm, p, "dx_codes", 0, 0, NULL, NULL, &cm->pool_dx, &r)) ||
        (rc = finish_lists(ctx, cm, &r, d, 4)) ||
        (rc = read_codes(ctx, cm, p, "proc_codes", 1, 0, valid, NULL, &cm->pool_nonor, &r)) ||
        (rc = finish_lists(ctx, cm, &r, d, 5)) || (rc = read_templates(ctx, cm, p, d, s)))
        goto done;
    if (!cm->lists[cm->pool_cc].n || !cm->lists[cm->pool_dx].n || !cm->lists[cm->pool_nonor].n) {
        rc = yb_fail(ctx, YB_E_PACK, "%s: tables cc, dx_codes and proc_codes (beyond valid_procedure) need codes",
                     d->pack_drg);
        goto done;
    }
    rc = build_tables(ctx, cm, d);
done:
    free(r.v);
    free(h);
    yb_dict_free(valid);
    yb_dict_free(dxset);
    yb_dict_free(procset);
    yb_pack_close(p);
    if (rc)
        casemix_free(cm);
    return rc;
}

void casemix_free(casemix *cm)
{
    for (size_t i = 0; i < cm->n_lists; i++)
        wtable_free(&cm->lists[i].zipf);
    for (int s = 0; s < 2; s++)
        for (int g = 0; g < CM_AGE_GROUPS; g++)
            wtable_free(&cm->cell[s][g]);
    wtable_free(&cm->newborn);
    free(cm->arena);
    free(cm->item);
    free(cm->tag);
    free(cm->lists);
    free(cm->dx_list_of);
    free(cm->proc_list_of);
    free(cm->t);
    free(cm->drg_weight);
    free(cm->drg_procedural);
    yb_dict_free(cm->dx_names);
    yb_dict_free(cm->proc_names);
    memset(cm, 0, sizeof *cm);
}

const char *casemix_draw(const casemix *cm, uint32_t list, rng *r, const char **tag)
{
    const cm_list *l = &cm->lists[list];
    size_t k = l->first + wtable_draw(&l->zipf, r);
    if (tag)
        *tag = cm->arena + cm->tag[k];
    return cm->arena + cm->item[k];
}
