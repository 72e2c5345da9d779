/* Loading a drg-scheme pack: parameters, code tables, code lists, MCC/CC
 * and exclusion tables, then the rules (drg_rules.c) and the per-code
 * membership index the engine reads. Table layouts: doc/packs-drg.md. */
#include <stdlib.h>
#include <string.h>

#include "drg_loader.h"

static const char *const known_tables[] = {
    "mdc", "adrg", "drg", "dx_lists", "proc_lists", "cc", "cc_exclusion",
    "dx_codes", "proc_codes", "dx_principal_invalid", "proc_principal_invalid",
};

static const char *const known_params[] = {
    "ungroupable_drg", "ungroupable_name", "validation.",
};

/* ---- list registry ---- */

int drg_lists_find(const drg_list_reg *reg, const char *name, size_t len, int is_proc, uint32_t *id)
{
    return drg_strmap_get(&reg->by_name[is_proc ? 1 : 0], reg->s->pool.p, name, len, id) ? YB_OK
                                                                                         : YB_E_NOT_FOUND;
}

int drg_lists_has_tags(const drg_list_reg *reg, uint32_t list)
{
    return list < reg->tagged.n && DRG_VEC_AT(reg->tagged, uint8_t, list);
}

static int new_list(yb_ctx *ctx, drg_list_reg *reg, uint32_t name_off, int is_proc, uint32_t *id)
{
    yb_drg_scheme *s = reg->s;
    uint8_t p = (uint8_t)(is_proc != 0), zero = 0;
    *id = (uint32_t)reg->names.n;
    if (drg_vec_push(&s->mem, &reg->names, &name_off) || drg_vec_push(&s->mem, &reg->is_proc, &p) ||
        drg_vec_push(&s->mem, &reg->tagged, &zero))
        return yb_fail_nomem(ctx, "code lists");
    return YB_OK;
}

int drg_lists_sub(yb_ctx *ctx, drg_list_reg *reg, uint32_t parent, const char *tag, size_t len,
                  uint32_t *id)
{
    yb_drg_scheme *s = reg->s;
    uint32_t tag_id;
    if (!drg_strmap_get(&reg->tag_map, s->pool.p, tag, len, &tag_id))
        return YB_E_NOT_FOUND;
    int found = 0;
    const drg_vec *v = &reg->entries[DRG_VEC_AT(reg->is_proc, uint8_t, parent)];
    for (size_t i = 0; i < v->n && !found; i++) {
        const drg_entry *e = &DRG_VEC_AT(*v, drg_entry, i);
        found = e->list == parent && e->tag == tag_id;
    }
    if (!found)
        return YB_E_NOT_FOUND;
    for (size_t i = 0; i < reg->subs.n; i++) {
        const drg_sub *sb = &DRG_VEC_AT(reg->subs, drg_sub, i);
        if (sb->parent == parent && sb->tag == tag_id) {
            *id = sb->id;
            return YB_OK;
        }
    }
    /* The sub-list is named "<list>['<tag>']" in traces. */
    const char *pname = drg_str(s, DRG_VEC_AT(reg->names, uint32_t, parent));
    size_t plen = strlen(pname);
    char buf[512];
    if (plen + len + 5 > sizeof buf)
        return yb_fail(ctx, YB_E_LIMIT, "list name too long");
    memcpy(buf, pname, plen);
    buf[plen] = '[';
    buf[plen + 1] = '\'';
    memcpy(buf + plen + 2, tag, len);
    memcpy(buf + plen + 2 + len, "']", 2);
    uint32_t off;
    if (drg_pool_add(&s->mem, &s->pool, buf, plen + len + 4, &off))
        return yb_fail_nomem(ctx, "code lists");
    int rc = new_list(ctx, reg, off, DRG_VEC_AT(reg->is_proc, uint8_t, parent), id);
    if (rc)
        return rc;
    drg_sub sb = { parent, tag_id, *id };
    if (drg_vec_push(&s->mem, &reg->subs, &sb))
        return yb_fail_nomem(ctx, "code lists");
    return YB_OK;
}

static void reg_free(const yb_mem *mem, drg_list_reg *reg)
{
    drg_strmap_free(mem, &reg->by_name[0]);
    drg_strmap_free(mem, &reg->by_name[1]);
    drg_strmap_free(mem, &reg->tag_map);
    drg_vec_free(mem, &reg->names);
    drg_vec_free(mem, &reg->is_proc);
    drg_vec_free(mem, &reg->tagged);
    drg_vec_free(mem, &reg->tag_names);
    drg_vec_free(mem, &reg->subs);
    drg_vec_free(mem, &reg->entries[0]);
    drg_vec_free(mem, &reg->entries[1]);
}

/* ---- reading tables ---- */

/* The code of column k, normalised and interned in the diagnosis or procedure dictionary. */
static int intern_code(drg_loader *L, const yb_table *t, size_t k, int is_proc, uint32_t *id)
{
    size_t n;
    const char *v = yb_table_text(t, k, &n);
    char norm[YB_CODE_MAX + 1];
    if (yb_code_normalize(v, n, norm, sizeof norm, &n))
        return yb_table_row_fail(t, L->ctx, k, YB_E_FORMAT, "not a valid %s code", is_proc ? "procedure" : "diagnosis");
    return yb_dict_intern(L->ctx, is_proc ? L->s->proc.dict : L->s->dx.dict, norm, n, id);
}

/* A table of one column of codes: dx_codes / proc_codes, the closed code set (into NULL), or
 * dx_principal_invalid / proc_principal_invalid (the code ids go into `into`). Both are optional. */
static int load_code_column(drg_loader *L, const char *table, int is_proc, drg_vec *into)
{
    static const char *const cols[] = { "code" };
    yb_table t;
    int rc = yb_table_open(L->ctx, L->pack, table, 0, cols, NULL, 1, &t);
    if (rc || !yb_table_present(&t))
        return rc;
    if (!into)
        (is_proc ? &L->s->proc : &L->s->dx)->closed = 1;
    while ((rc = yb_table_next(&t, L->ctx)) == 1) {
        uint32_t id;
        if ((rc = intern_code(L, &t, 0, is_proc, &id)))
            break;
        if (into && drg_vec_push(&L->s->mem, into, &id)) {
            rc = yb_fail_nomem(L->ctx, "invalid-principal list");
            break;
        }
    }
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

static int intern_name(drg_loader *L, drg_strmap *map, drg_vec *names, const char *v, size_t n,
                       uint32_t *id)
{
    yb_drg_scheme *s = L->s;
    if (drg_strmap_get(map, s->pool.p, v, n, id))
        return YB_OK;
    uint32_t off;
    *id = (uint32_t)names->n;
    if (drg_pool_add(&s->mem, &s->pool, v, n, &off) || drg_vec_push(&s->mem, names, &off) ||
        drg_strmap_put(&s->mem, map, s->pool.p, off, *id))
        return yb_fail_nomem(L->ctx, "names");
    return YB_OK;
}

/* dx_lists / proc_lists: list,code[,tag]. */
static int load_lists(drg_loader *L, const char *table, int is_proc)
{
    static const char *const cols[] = { "list", "code", "tag" };
    static const int req[] = { 1, 1, 0 };
    yb_table t;
    int rc = yb_table_open(L->ctx, L->pack, table, 1, cols, req, 3, &t);
    if (rc)
        return rc;
    drg_list_reg *reg = &L->reg;
    yb_drg_scheme *s = L->s;
    while ((rc = yb_table_next(&t, L->ctx)) == 1) {
        size_t n;
        const char *name = yb_table_text(&t, 0, &n);
        if (n == 0 || n > 200) {
            rc = yb_table_row_fail(&t, L->ctx, 0, YB_E_FORMAT, "a list name has 1 to 200 characters");
            break;
        }
        size_t bad = n;
        for (size_t i = 0; i < n && bad == n; i++) {
            char c = name[i];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '.') || (i == 0 && c >= '0' && c <= '9'))
                bad = i;
        }
        if (bad != n) {
            rc = yb_table_row_fail(&t, L->ctx, 0, YB_E_FORMAT,
                                   "a list name is letters, digits, '_' and '.', not starting with a digit");
            break;
        }
        uint32_t list;
        if (drg_lists_find(reg, name, n, is_proc, &list)) {
            uint32_t off;
            if (drg_pool_add(&s->mem, &s->pool, name, n, &off)) {
                rc = yb_fail_nomem(L->ctx, "code lists");
                break;
            }
            if ((rc = new_list(L->ctx, reg, off, is_proc, &list)))
                break;
            if (drg_strmap_put(&s->mem, &reg->by_name[is_proc], s->pool.p, off, list)) {
                rc = yb_fail_nomem(L->ctx, "code lists");
                break;
            }
        }
        drg_entry e = { 0, list, DRG_NONE16, (uint32_t)yb_csv_line(t.csv) };
        if ((rc = intern_code(L, &t, 1, is_proc, &e.code)))
            break;
        const char *tag = yb_table_text(&t, 2, &n);
        if (n) {
            uint32_t tag_id;
            if ((rc = intern_name(L, &reg->tag_map, &reg->tag_names, tag, n, &tag_id)))
                break;
            if (tag_id >= DRG_NONE16) {
                rc = yb_table_row_fail(&t, L->ctx, 2, YB_E_LIMIT, "too many distinct tags");
                break;
            }
            e.tag = (uint16_t)tag_id;
            DRG_VEC_AT(reg->tagged, uint8_t, list) = 1;
        }
        if (drg_vec_push(&s->mem, &reg->entries[is_proc], &e)) {
            rc = yb_fail_nomem(L->ctx, "code lists");
            break;
        }
    }
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

static int table_id(drg_loader *L, const yb_table *t, size_t k, uint16_t *out)
{
    size_t n;
    const char *v = yb_table_text(t, k, &n);
    if (n == 0)
        return yb_table_row_fail(t, L->ctx, k, YB_E_FORMAT, "missing exclusion table");
    uint32_t id;
    int rc = intern_name(L, &L->table_map, &L->table_names, v, n, &id);
    if (!rc && id >= DRG_NONE16)
        return yb_table_row_fail(t, L->ctx, k, YB_E_LIMIT, "too many exclusion tables");
    *out = (uint16_t)id;
    return rc;
}

/* cc: code,level,table (the MCC/CC diagnoses); cc_exclusion: principal_code,table. */
static int load_cc_table(drg_loader *L, int exclusion)
{
    static const char *const cols[] = { "code", "level", "table" };
    static const char *const xcols[] = { "principal_code", "table" };
    yb_table t;
    int rc = exclusion ? yb_table_open(L->ctx, L->pack, "cc_exclusion", 1, xcols, NULL, 2, &t)
                       : yb_table_open(L->ctx, L->pack, "cc", 1, cols, NULL, 3, &t);
    if (rc)
        return rc;
    while ((rc = yb_table_next(&t, L->ctx)) == 1) {
        drg_cc_row r = { 0, 0, 0, (uint32_t)yb_csv_line(t.csv) };
        if (!exclusion) {
            size_t n;
            const char *lv = yb_table_text(&t, 1, &n);
            if (n == 3 && memcmp(lv, "MCC", 3) == 0)
                r.level = CC_MCC;
            else if (n == 2 && memcmp(lv, "CC", 2) == 0)
                r.level = CC_CC;
            else {
                rc = yb_table_row_fail(&t, L->ctx, 1, YB_E_FORMAT, "level must be MCC or CC");
                break;
            }
        }
        if ((rc = intern_code(L, &t, 0, 0, &r.code)) || (rc = table_id(L, &t, exclusion ? 1 : 2, &r.table)))
            break;
        if (drg_vec_push(&L->s->mem, exclusion ? &L->excl_rows : &L->cc_rows, &r)) {
            rc = yb_fail_nomem(L->ctx, exclusion ? "exclusion table" : "MCC/CC table");
            break;
        }
    }
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

/* ---- per-code index ---- */

static int cmp_entry(const void *a, const void *b)
{
    const drg_entry *x = a, *y = b;
    if (x->code != y->code)
        return x->code < y->code ? -1 : 1;
    if (x->list != y->list)
        return x->list < y->list ? -1 : 1;
    return 0;
}

static int build_codes(drg_loader *L, int is_proc)
{
    yb_drg_scheme *s = L->s;
    drg_list_reg *reg = &L->reg;
    drg_codes *dc = is_proc ? &s->proc : &s->dx;
    drg_vec *ev = &reg->entries[is_proc];
    size_t base = ev->n;
    /* Sub-lists of tags: every base entry with the tag joins the sub-list. */
    for (size_t k = 0; k < reg->subs.n; k++) {
        const drg_sub *sb = &DRG_VEC_AT(reg->subs, drg_sub, k);
        if (DRG_VEC_AT(reg->is_proc, uint8_t, sb->parent) != is_proc)
            continue;
        for (size_t i = 0; i < base; i++) {
            drg_entry e = DRG_VEC_AT(*ev, drg_entry, i);
            if (e.list == sb->parent && e.tag == sb->tag) {
                e.list = sb->id;
                if (drg_vec_push(&s->mem, ev, &e))
                    return yb_fail_nomem(L->ctx, "code lists");
            }
        }
    }
    if (ev->n > UINT32_MAX - 1)
        return yb_fail(L->ctx, YB_E_LIMIT, "too many list memberships");
    qsort(ev->p, ev->n, sizeof(drg_entry), cmp_entry);
    for (size_t i = 1; i < ev->n; i++) {
        const drg_entry *a = &DRG_VEC_AT(*ev, drg_entry, i - 1), *b = &DRG_VEC_AT(*ev, drg_entry, i);
        if (a->code == b->code && a->list == b->list) {
            yb_errloc loc = { .file = yb_pack_table_file(L->pack, is_proc ? "proc_lists" : "dx_lists"), .line = b->line,
                              .field = "code", .value = yb_dict_code(dc->dict, b->code),
                              .value_len = strlen(yb_dict_code(dc->dict, b->code)) };
            return yb_fail_at(L->ctx, YB_E_DUPLICATE, &loc, "code listed twice in list '%s' (also line %u)",
                              drg_str(s, DRG_VEC_AT(reg->names, uint32_t, b->list)), (unsigned)a->line);
        }
    }
    dc->n = yb_dict_count(dc->dict);
    dc->info = yb_mem_calloc(&s->mem, dc->n ? dc->n : 1, sizeof *dc->info);
    dc->mem_list = yb_mem_calloc(&s->mem, ev->n ? ev->n : 1, sizeof *dc->mem_list);
    dc->mem_tag = yb_mem_calloc(&s->mem, ev->n ? ev->n : 1, sizeof *dc->mem_tag);
    if (!dc->info || !dc->mem_list || !dc->mem_tag)
        return yb_fail_nomem(L->ctx, "code index");
    for (uint32_t c = 0; c < dc->n; c++)
        dc->info[c].excl_table = DRG_NONE16;
    for (size_t i = 0; i < ev->n; i++) {
        const drg_entry *e = &DRG_VEC_AT(*ev, drg_entry, i);
        drg_code_info *ci = &dc->info[e->code];
        if (ci->mem_n == 0)
            ci->mem_first = (uint32_t)i;
        if (ci->mem_n == UINT16_MAX)
            return yb_fail(L->ctx, YB_E_LIMIT, "code %s is in more than 65535 lists", yb_dict_code(dc->dict, e->code));
        ci->mem_n++;
        dc->mem_list[i] = e->list;
        dc->mem_tag[i] = e->tag;
    }
    for (size_t i = 0; i < L->invalid[is_proc].n; i++)
        dc->info[DRG_VEC_AT(L->invalid[is_proc], uint32_t, i)].flags |= CODE_INVALID_PRINCIPAL;
    return YB_OK;
}

static int build_cc(drg_loader *L)
{
    yb_drg_scheme *s = L->s;
    drg_code_info *info = s->dx.info;
    for (size_t i = 0; i < L->cc_rows.n; i++) {
        const drg_cc_row *r = &DRG_VEC_AT(L->cc_rows, drg_cc_row, i);
        if (info[r->code].cc_level) {
            yb_errloc loc = { .file = yb_pack_table_file(L->pack, "cc"), .line = r->line, .field = "code",
                              .value = yb_dict_code(s->dx.dict, r->code),
                              .value_len = strlen(yb_dict_code(s->dx.dict, r->code)) };
            return yb_fail_at(L->ctx, YB_E_DUPLICATE, &loc, "diagnosis listed twice in the MCC/CC table");
        }
        info[r->code].cc_level = r->level;
        info[r->code].cc_table = r->table;
    }
    for (size_t i = 0; i < L->excl_rows.n; i++) {
        const drg_cc_row *r = &DRG_VEC_AT(L->excl_rows, drg_cc_row, i);
        if (info[r->code].excl_table != DRG_NONE16) {
            yb_errloc loc = { .file = yb_pack_table_file(L->pack, "cc_exclusion"), .line = r->line, .field = "principal_code",
                              .value = yb_dict_code(s->dx.dict, r->code),
                              .value_len = strlen(yb_dict_code(s->dx.dict, r->code)) };
            return yb_fail_at(L->ctx, YB_E_DUPLICATE, &loc, "principal diagnosis listed twice in the exclusion table");
        }
        info[r->code].excl_table = r->table;
    }
    return YB_OK;
}

/* ---- parameters ---- */

static int load_params(drg_loader *L)
{
    yb_drg_scheme *s = L->s;
    yb_ctx *ctx = L->ctx;
    int rc = yb_pack_param_check_known(ctx, L->pack, known_params, sizeof known_params / sizeof *known_params);
    if (rc)
        return rc;
    static const char *const vkeys[] = {
        "validation.infant_age_days", "validation.newborn_birth_weight", "validation.newborn_days",
        "validation.max_age_years", "validation.max_los_days", "validation.max_birth_weight_g",
    };
    for (size_t i = 0; i < yb_pack_param_count(L->pack); i++) {
        const char *key = yb_pack_param_key(L->pack, i);
        if (strncmp(key, "validation.", 11) != 0)
            continue;
        int ok = 0;
        for (size_t k = 0; k < sizeof vkeys / sizeof *vkeys; k++)
            ok |= strcmp(key, vkeys[k]) == 0;
        if (!ok) {
            yb_errloc loc = { .file = yb_pack_manifest_path(L->pack), .field = key };
            return yb_fail_at(ctx, YB_E_PARAM, &loc, "unknown parameter '%s'", key);
        }
    }
    s->infant_age_days = 1;
    s->newborn_weight = 1;
    int64_t nd = 28, age = 150, los = 3650, bw = 9999;
    if ((rc = yb_pack_param_bool(ctx, L->pack, vkeys[0], 0, &s->infant_age_days)) ||
        (rc = yb_pack_param_bool(ctx, L->pack, vkeys[1], 0, &s->newborn_weight)) ||
        (rc = yb_pack_param_int(ctx, L->pack, vkeys[2], 0, 0, 365, &nd)) ||
        (rc = yb_pack_param_int(ctx, L->pack, vkeys[3], 0, 1, 200, &age)) ||
        (rc = yb_pack_param_int(ctx, L->pack, vkeys[4], 0, 1, 100000, &los)) ||
        (rc = yb_pack_param_int(ctx, L->pack, vkeys[5], 0, 1, 100000, &bw)))
        return rc;
    s->newborn_days = (int32_t)nd;
    s->max_age_years = (int32_t)age;
    s->max_los_days = (int32_t)los;
    s->max_birth_weight = (int32_t)bw;
    const char *code = yb_pack_param_text(L->pack, "ungroupable_drg");
    const char *name = yb_pack_param_text(L->pack, "ungroupable_name");
    if (!code)
        code = "0000";
    if (!name)
        name = "无法入组";
    if (!*code || strlen(code) > YB_DRG_CODE_MAX) {
        yb_errloc loc = { .file = yb_pack_manifest_path(L->pack), .field = "ungroupable_drg",
                          .value = code, .value_len = strlen(code) };
        return yb_fail_at(ctx, YB_E_PARAM, &loc, "a DRG code has 1 to %d bytes", YB_DRG_CODE_MAX);
    }
    /* kept for the rule builder, which appends the ungroupable DRG last */
    if (drg_pool_add(&s->mem, &s->pool, code, strlen(code), &L->ung_code) ||
        drg_pool_add(&s->mem, &s->pool, name, strlen(name), &L->ung_name))
        return yb_fail_nomem(ctx, "names");
    return YB_OK;
}

static int check_tables(drg_loader *L)
{
    for (size_t i = 0; i < yb_pack_table_count(L->pack); i++) {
        const char *t = yb_pack_table_name(L->pack, i);
        int ok = 0;
        for (size_t k = 0; k < sizeof known_tables / sizeof *known_tables; k++)
            ok |= strcmp(t, known_tables[k]) == 0;
        if (!ok) {
            yb_errloc loc = { .file = yb_pack_manifest_path(L->pack), .field = t };
            return yb_fail_at(L->ctx, YB_E_PACK, &loc,
                              "a drg-scheme pack has no table '%s' (tables: mdc, adrg, drg, dx_lists, "
                              "proc_lists, cc, cc_exclusion, dx_codes, proc_codes, dx_principal_invalid, "
                              "proc_principal_invalid)", t);
        }
    }
    return YB_OK;
}

static void loader_free(drg_loader *L)
{
    const yb_mem *mem = &L->s->mem;
    reg_free(mem, &L->reg);
    drg_strmap_free(mem, &L->table_map);
    drg_vec_free(mem, &L->table_names);
    drg_vec_free(mem, &L->cc_rows);
    drg_vec_free(mem, &L->excl_rows);
    drg_vec_free(mem, &L->invalid[0]);
    drg_vec_free(mem, &L->invalid[1]);
    yb_pack_close(L->pack);
}

void yb_drg_scheme_free(yb_drg_scheme *s)
{
    if (!s)
        return;
    yb_mem mem = s->mem;
    drg_codes *all[] = { &s->dx, &s->proc };
    for (size_t i = 0; i < 2; i++) {
        yb_dict_free(all[i]->dict);
        yb_mem_free(&mem, all[i]->info);
        yb_mem_free(&mem, all[i]->mem_list);
        yb_mem_free(&mem, all[i]->mem_tag);
    }
    yb_mem_free(&mem, s->table_name);
    yb_mem_free(&mem, s->list_name);
    yb_mem_free(&mem, s->list_is_proc);
    yb_mem_free(&mem, s->tag_name);
    drg_vec_free(&mem, &s->code);
    yb_mem_free(&mem, s->adrg_guard);
    yb_mem_free(&mem, s->list_mdc_mask);
    yb_mem_free(&mem, s->mdcs);
    yb_mem_free(&mem, s->mdc_order);
    yb_mem_free(&mem, s->adrgs);
    yb_mem_free(&mem, s->mdc_adrgs);
    yb_mem_free(&mem, s->drgs);
    yb_mem_free(&mem, s->adrg_drgs);
    drg_strmap_free(&mem, &s->mdc_map);
    drg_strmap_free(&mem, &s->adrg_map);
    drg_strmap_free(&mem, &s->drg_map);
    yb_mem_free(&mem, s->pool.p);
    yb_mem_free(&mem, s);
}

static int finish(drg_loader *L)
{
    yb_drg_scheme *s = L->s;
    drg_list_reg *reg = &L->reg;
    int rc;
    if ((rc = build_codes(L, 0)) || (rc = build_codes(L, 1)) || (rc = build_cc(L)))
        return rc;
    s->n_lists = (uint32_t)reg->names.n;
    s->list_name = drg_vec_take(&reg->names);
    s->list_is_proc = drg_vec_take(&reg->is_proc);
    s->n_tags = (uint32_t)reg->tag_names.n;
    s->tag_name = drg_vec_take(&reg->tag_names);
    s->n_tables = (uint32_t)L->table_names.n;
    s->table_name = drg_vec_take(&L->table_names);
    s->words = ((size_t)s->n_lists + 63) / 64;
    if (s->words == 0)
        s->words = 1;
    /* Fast-path tables of the walk. */
    s->adrg_guard = yb_mem_calloc(&s->mem, s->n_adrg ? s->n_adrg : 1, sizeof *s->adrg_guard);
    if (!s->adrg_guard)
        return yb_fail_nomem(L->ctx, "rule index");
    for (uint32_t i = 0; i < s->n_adrg; i++) {
        const drg_prog *p = &s->adrgs[s->mdc_adrgs[i]].cond;
        s->adrg_guard[i] = p->guard_cls == DRG_NO_GUARD || p->guard_list >= (1u << 24)
                               ? DRG_NO_PACKED
                               : ((uint32_t)p->guard_cls << 24) | p->guard_list;
    }
    if (s->n_mdc <= 64) {
        s->list_mdc_mask = yb_mem_calloc(&s->mem, s->n_lists ? s->n_lists : 1, sizeof *s->list_mdc_mask);
        if (!s->list_mdc_mask)
            return yb_fail_nomem(L->ctx, "rule index");
        for (uint32_t oi = 0; oi < s->n_mdc; oi++) {
            const drg_prog *g = &s->mdcs[s->mdc_order[oi]].gate;
            if (g->guard_cls == CLS_PDX)
                s->list_mdc_mask[g->guard_list] |= (uint64_t)1 << oi;
            else
                s->mdc_always |= (uint64_t)1 << oi;
        }
    }
    return YB_OK;
}

/* Everything after the manifest, in the order the tables depend on each other. */
static int load_all(drg_loader *L)
{
    int rc;
    if ((rc = check_tables(L)) || (rc = load_params(L)) || (rc = load_code_column(L, "dx_codes", 0, NULL)) ||
        (rc = load_code_column(L, "proc_codes", 1, NULL)) || (rc = load_lists(L, "dx_lists", 0)) ||
        (rc = load_lists(L, "proc_lists", 1)) || (rc = load_cc_table(L, 0)) || (rc = load_cc_table(L, 1)) ||
        (rc = load_code_column(L, "dx_principal_invalid", 0, &L->invalid[0])) ||
        (rc = load_code_column(L, "proc_principal_invalid", 1, &L->invalid[1])) || (rc = drg_load_rules(L)))
        return rc;
    return finish(L);
}

int yb_drg_scheme_load(yb_ctx *ctx, const char *pack_path, yb_drg_scheme **out)
{
    if (!ctx || !pack_path || !out)
        return YB_E_INVALID_ARG;
    *out = NULL;
    yb_drg_scheme *s = yb_calloc(ctx, 1, sizeof *s);
    if (!s)
        return yb_fail_nomem(ctx, "a DRG scheme");
    s->mem = ctx->mem;
    drg_vec_init(&s->code, sizeof(drg_instr));
    drg_loader L;
    memset(&L, 0, sizeof L);
    L.ctx = ctx;
    L.s = s;
    L.reg.s = s;
    drg_vec_init(&L.reg.names, sizeof(uint32_t));
    drg_vec_init(&L.reg.is_proc, 1);
    drg_vec_init(&L.reg.tagged, 1);
    drg_vec_init(&L.reg.tag_names, sizeof(uint32_t));
    drg_vec_init(&L.reg.subs, sizeof(drg_sub));
    drg_vec_init(&L.reg.entries[0], sizeof(drg_entry));
    drg_vec_init(&L.reg.entries[1], sizeof(drg_entry));
    drg_vec_init(&L.table_names, sizeof(uint32_t));
    drg_vec_init(&L.cc_rows, sizeof(drg_cc_row));
    drg_vec_init(&L.excl_rows, sizeof(drg_cc_row));
    drg_vec_init(&L.invalid[0], sizeof(uint32_t));
    drg_vec_init(&L.invalid[1], sizeof(uint32_t));
    int rc = yb_dict_new(ctx, &s->dx.dict);
    if (!rc)
        rc = yb_dict_new(ctx, &s->proc.dict);
    if (!rc)
        rc = yb_pack_open(ctx, pack_path, "drg-scheme", &L.pack);
    if (!rc) {
        const char *nm = yb_pack_name(L.pack), *ver = yb_pack_version(L.pack);
        if (drg_pool_add(&s->mem, &s->pool, nm, strlen(nm), &s->name) ||
            drg_pool_add(&s->mem, &s->pool, ver, strlen(ver), &s->version))
            rc = yb_fail_nomem(ctx, "names");
        memcpy(s->fingerprint, yb_pack_fingerprint(L.pack), 64);
        s->fingerprint[64] = '\0';
    }
    if (!rc)
        rc = load_all(&L);
    loader_free(&L);
    if (rc) {
        yb_drg_scheme_free(s);
        return rc;
    }
    yb_log(ctx, YB_LOG_INFO, "loaded DRG scheme %s %s: %u MDC, %u ADRG, %u DRG, %u diagnoses, %u procedures",
           drg_str(s, s->name), drg_str(s, s->version), s->n_mdc, s->n_adrg, s->n_drg, s->dx.n, s->proc.n);
    *out = s;
    return YB_OK;
}
