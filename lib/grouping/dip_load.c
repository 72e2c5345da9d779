/* Loading a dip-catalog pack: the code lists, groups, rules, exclusions and
 * scores (doc/packs-dip.md). The remaining tables and the indexes are in
 * dip_load_extra.c. */
#include <stdio.h>
#include <string.h>

#include "grouping/dip_internal.h"

/* ------------------------------------------------------------ interning */

static int grow_bytes(const yb_mem *mem, uint8_t **a, uint32_t cap, uint32_t ncap, uint8_t fill)
{
    uint8_t *n = yb_mem_realloc(mem, *a, ncap);
    if (!n)
        return YB_E_NOMEM;
    memset(n + cap, fill, ncap - cap);
    *a = n;
    return YB_OK;
}

int dip_intern_proc(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const char *code, size_t len, uint32_t *id)
{
    int rc = yb_dict_intern(ctx, cat->proc, code, len, id);
    if (rc)
        return rc == YB_E_NOMEM ? yb_fail_nomem(ctx, "procedure codes") : rc;
    if (*id < cat->nproc)
        return YB_OK;
    if (*id >= ld->proc_cap) {
        uint32_t ncap = ld->proc_cap ? ld->proc_cap * 2 : 1024;
        uint32_t *na = yb_mem_realloc_array(&cat->mem, ld->proc_allow, ncap, sizeof *na);
        if (!na)
            return yb_fail_nomem(ctx, "procedure codes");
        ld->proc_allow = na;
        if (grow_bytes(&cat->mem, &ld->proc_flags, ld->proc_cap, ncap, 0) ||
            grow_bytes(&cat->mem, &ld->proc_attr, ld->proc_cap, ncap, 0))
            return yb_fail_nomem(ctx, "procedure codes");
        ld->proc_cap = ncap;
    }
    ld->proc_allow[*id] = DIP_NONE;
    ld->proc_flags[*id] = 0;
    ld->proc_attr[*id] = (uint8_t)ld->default_attr;
    cat->nproc = *id + 1;
    return YB_OK;
}

int dip_intern_dx(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const char *code, size_t len, uint32_t *id)
{
    int rc = yb_dict_intern(ctx, cat->dx, code, len, id);
    if (rc)
        return rc == YB_E_NOMEM ? yb_fail_nomem(ctx, "diagnosis codes") : rc;
    uint32_t count = yb_dict_count(cat->dx);
    if (count > ld->dx_cap) {
        uint32_t ncap = ld->dx_cap ? ld->dx_cap * 2 : 4096;
        while (ncap < count)
            ncap *= 2;
        if (grow_bytes(&cat->mem, &ld->dx_excluded, ld->dx_cap, ncap, 0))
            return yb_fail_nomem(ctx, "diagnosis codes");
        ld->dx_cap = ncap;
    }
    return YB_OK;
}

/* ------------------------------------------------------------ table fields */

/* The catalogue's own tables: an absent one is YB_E_PACK naming the
 * manifest, as in every other pack kind. */
static int open_required(yb_ctx *ctx, const yb_pack *pack, const char *name, const char *const *cols,
                         const int *req, size_t n, yb_table *t)
{
    return yb_table_open(ctx, pack, name, 1, cols, req, n, t);
}

int dip_name_index(const char *s, size_t len, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
            return (int)i;
    return -1;
}

int dip_table_opt_int(const yb_table *t, yb_ctx *ctx, size_t k, int64_t min, int64_t max, int32_t *out)
{
    *out = -1;
    if (!yb_table_has_col(t, k))
        return YB_OK;
    int64_t v;
    int present;
    int rc = yb_csv_get_i64_opt(t->csv, ctx, (size_t)t->col[k], min, max, &v, &present);
    if (!rc && present)
        *out = (int32_t)v;
    return rc;
}

/* A cell parser's error, moved onto field k of the row (out of memory stays as it is). */
static int cell_error(const yb_table *t, yb_ctx *ctx, size_t k, int rc)
{
    return rc && rc != YB_E_NOMEM ? yb_table_row_fail(t, ctx, k, rc, "%s", yb_ctx_errmsg(ctx)) : rc;
}

int dip_table_set(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const yb_table *t, size_t k, uint32_t *set)
{
    size_t len;
    const char *s = yb_table_text(t, k, &len);
    *set = DIP_NONE;
    return len ? cell_error(t, ctx, k, dip_cell_set(ctx, cat, ld, s, len, set)) : YB_OK;
}

int dip_table_cnf(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const yb_table *t, size_t k, int single,
                  uint32_t *cnf)
{
    size_t len;
    const char *s = yb_table_text(t, k, &len);
    *cnf = DIP_NONE;
    return len ? cell_error(t, ctx, k, dip_cell_cnf(ctx, cat, ld, s, len, single, cnf)) : YB_OK;
}

/* ------------------------------------------------------------ tables */

static int code_rows(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const yb_pack *pack, int procs)
{
    static const char *const cols[] = { "code", "name", "attribute" };
    static const int req[] = { 1, 0, 1 };
    yb_table t;
    int rc = open_required(ctx, pack, procs ? "proc_codes" : "dx_codes", cols, req, procs ? 3 : 2, &t);
    if (rc)
        return rc;
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        size_t len;
        const char *code = yb_table_text(&t, 0, &len);
        uint32_t before = procs ? cat->nproc : yb_dict_count(cat->dx), id;
        rc = procs ? dip_intern_proc(ctx, cat, ld, code, len, &id) : dip_intern_dx(ctx, cat, ld, code, len, &id);
        if (rc == YB_E_NOMEM)
            break;
        if (rc) {
            rc = yb_table_row_fail(&t, ctx, 0, rc, "not a valid code");
            break;
        }
        if (id < before) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_DUPLICATE, "code listed twice");
            break;
        }
        if (procs) {
            size_t alen;
            const char *a = yb_table_text(&t, 2, &alen);
            int attr = dip_name_index(a, alen, dip_attr_names, 4);
            if (attr < 0) {
                rc = yb_table_row_fail(&t, ctx, 2, YB_E_FORMAT,
                                "attribute must be conservative, diagnostic, therapeutic or surgery");
                break;
            }
            ld->proc_attr[id] = (uint8_t)attr;
        }
    }
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

static int group_rows(yb_ctx *ctx, yb_dip_catalog *cat, const yb_pack *pack)
{
    static const char *const cols[] = { "code", "kind", "seq", "name", "primary_care", "active" };
    static const int req[] = { 1, 1, 0, 1, 1, 0 };
    yb_table t;
    int rc = open_required(ctx, pack, "groups", cols, req, 6, &t);
    if (rc)
        return rc;
    uint32_t cap = 0;
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        size_t len;
        const char *code = yb_table_text(&t, 0, &len);
        size_t clen = len;
        uint32_t id;
        size_t q = 0;
        while (q < len && ((code[q] >= 'A' && code[q] <= 'Z') || (code[q] >= 'a' && code[q] <= 'z') ||
                           (code[q] >= '0' && code[q] <= '9') || code[q] == '.' || code[q] == '-' || code[q] == '_'))
            q++;
        if (len == 0 || q < len || len > 32) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_FORMAT,
                            "a group code is 1 to 32 letters, digits, '.', '-' or '_'");
            break;
        }
        int found;
        if ((rc = dip_strmap_put(&cat->group_map, code, len, cat->ngroups, &id, &found))) {
            rc = yb_fail_nomem(ctx, "groups");
            break;
        }
        if (found) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_DUPLICATE, "group listed twice");
            break;
        }
        dip_group *g = dip_grow(&cat->mem, (void **)&cat->groups, &cat->ngroups, &cap, sizeof *g);
        if (!g) {
            rc = yb_fail_nomem(ctx, "groups");
            break;
        }
        const char *kind = yb_table_text(&t, 1, &len);
        int k = dip_name_index(kind, len, dip_layer_names + 1, DIP_NLAYERS);
        if (k < 0) {
            rc = yb_table_row_fail(&t, ctx, 1, YB_E_FORMAT, "kind must be pre, merged, refined, core or comprehensive");
            break;
        }
        g->kind = (uint8_t)(k + 1);
        int32_t v;
        if ((rc = dip_table_opt_int(&t, ctx, 2, 0, INT32_MAX, &g->seq)) ||
            (rc = dip_table_opt_int(&t, ctx, 4, 0, 1, &v)))
            break;
        if (v < 0) {
            rc = yb_table_row_fail(&t, ctx, 4, YB_E_FORMAT, "primary_care must be 0 or 1");
            break;
        }
        g->primary_care = (uint8_t)v;
        if ((rc = dip_table_opt_int(&t, ctx, 5, 0, 1, &v)))
            break;
        g->active = v != 0;
        const char *name = yb_table_text(&t, 3, &len);
        if ((rc = dip_pool_add(cat, code, clen, &g->code)) || (rc = dip_pool_add(cat, name, len, &g->name))) {
            rc = rc == YB_E_NOMEM ? yb_fail_nomem(ctx, "group names") : yb_fail(ctx, rc, "group names too long");
            break;
        }
    }
    yb_table_close(&t);
    if (rc < 0)
        return rc;
    if (cat->ngroups == 0)
        return yb_fail(ctx, YB_E_PACK, "the groups table is empty");
    return YB_OK;
}

enum { R_GROUP, R_PDX, R_SDX, R_ANYDX, R_NOT_PDX, R_NOT_SDX, R_PPROC, R_PROCS, R_RELATED, R_AGE, R_WMIN, R_WMAX, R_ATTR,
       R_NCOLS };

static int one_rule(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const yb_table *t)
{
    size_t len;
    const char *code = yb_table_text(t, R_GROUP, &len);
    uint32_t gid;
    if (dip_group_lookup(cat, code, len, &gid))
        return yb_table_row_fail(t, ctx, R_GROUP, YB_E_NOT_FOUND, "no such group in the groups table");
    dip_rule *r = dip_grow(&cat->mem, (void **)&cat->rules, &cat->nrules, &ld->rule_cap, sizeof *r);
    if (!r)
        return yb_fail_nomem(ctx, "rules");
    uint32_t rid = cat->nrules - 1;
    r->group = gid;
    r->layer = cat->groups[gid].kind;
    r->line = (uint32_t)yb_csv_line(t->csv);
    const char *part = yb_csv_name(t->csv);
    if (!ld->last_src || strcmp(dip_pool_str(cat, ld->last_src - 1), part) != 0) {
        uint32_t off;
        if (dip_pool_add(cat, part, strlen(part), &off))
            return yb_fail_nomem(ctx, "rules");
        ld->last_src = off + 1;
    }
    r->src = ld->last_src - 1;
    r->attribute = 0xFF;
    int rc;
    dip_rule tmp = *r;
    if ((rc = dip_table_set(ctx, cat, ld, t, R_SDX, &tmp.sdx)) ||
        (rc = dip_table_set(ctx, cat, ld, t, R_ANYDX, &tmp.anydx)) ||
        (rc = dip_table_set(ctx, cat, ld, t, R_NOT_PDX, &tmp.not_pdx)) ||
        (rc = dip_table_set(ctx, cat, ld, t, R_NOT_SDX, &tmp.not_sdx)) ||
        (rc = dip_table_cnf(ctx, cat, ld, t, R_PROCS, 0, &tmp.procs)) ||
        (rc = dip_table_cnf(ctx, cat, ld, t, R_RELATED, 0, &tmp.related)))
        return rc;
    const char *pp = yb_table_text(t, R_PPROC, &len);
    if (len == 1 && pp[0] == '-') {
        tmp.no_proc = 1;
        tmp.pproc = DIP_NONE;
    } else if ((rc = dip_table_cnf(ctx, cat, ld, t, R_PPROC, 1, &tmp.pproc))) {
        return rc;
    }
    if ((rc = dip_table_opt_int(t, ctx, R_AGE, 0, 36600, &tmp.age_days_max)) ||
        (rc = dip_table_opt_int(t, ctx, R_WMIN, 0, 20000, &tmp.weight_min)) ||
        (rc = dip_table_opt_int(t, ctx, R_WMAX, 0, 20000, &tmp.weight_max)))
        return rc;
    const char *attr = yb_table_text(t, R_ATTR, &len);
    if (len) {
        int a = dip_name_index(attr, len, dip_attr_names, 4);
        if (a < 0)
            return yb_table_row_fail(t, ctx, R_ATTR, YB_E_FORMAT,
                              "attribute must be conservative, diagnostic, therapeutic or surgery");
        tmp.attribute = (uint8_t)a;
    }
    const char *pdx = yb_table_text(t, R_PDX, &len);
    tmp.has_pdx = len > 0;
    if (tmp.layer == YB_DIP_LAYER_COMPREHENSIVE) {
        if (!tmp.has_pdx || tmp.attribute == 0xFF)
            return yb_table_row_fail(t, ctx, R_ATTR, YB_E_FORMAT,
                              "a comprehensive group's rule needs a principal diagnosis list and an attribute");
        if (tmp.pproc != DIP_NONE || tmp.no_proc || tmp.procs != DIP_NONE || tmp.related != DIP_NONE)
            return yb_table_row_fail(t, ctx, R_PPROC, YB_E_FORMAT,
                              "a comprehensive group's rule is chosen by the attribute, not by procedures");
    } else if (tmp.attribute != 0xFF) {
        return yb_table_row_fail(t, ctx, R_ATTR, YB_E_FORMAT, "only comprehensive groups' rules have an attribute");
    }
    if (!tmp.has_pdx && tmp.pproc == DIP_NONE && tmp.procs == DIP_NONE && tmp.anydx == DIP_NONE)
        return yb_table_row_fail(t, ctx, R_PDX, YB_E_FORMAT,
                          "the rule would match every case: give pdx, pproc, procs or anydx");
    if (tmp.related != DIP_NONE && tmp.pproc == DIP_NONE)
        return yb_table_row_fail(t, ctx, R_RELATED, YB_E_FORMAT,
                                 "related procedures need principal procedures (pproc)");
    if ((tmp.weight_min >= 0 || tmp.weight_max >= 0) && tmp.age_days_max < 0)
        return yb_table_row_fail(t, ctx, R_WMIN, YB_E_FORMAT, "a birth-weight band needs age_days_max (newborns)");
    if (tmp.weight_min >= 0 && tmp.weight_max >= 0 && tmp.weight_min > tmp.weight_max)
        return yb_table_row_fail(t, ctx, R_WMAX, YB_E_FORMAT, "weight_max is below weight_min");
    if (tmp.has_pdx && (rc = dip_cell_rule_keys(ctx, cat, ld, pdx, len, rid)))
        return cell_error(t, ctx, R_PDX, rc);
    cat->rules[rid] = tmp;
    return YB_OK;
}

static int rule_rows(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const yb_pack *pack)
{
    static const char *const cols[R_NCOLS] = { "group", "pdx", "sdx", "anydx", "not_pdx", "not_sdx", "pproc",
                                               "procs", "related", "age_days_max", "weight_min", "weight_max",
                                               "attribute" };
    static const int req[R_NCOLS] = { 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
    yb_table t;
    int rc = open_required(ctx, pack, "rules", cols, req, R_NCOLS, &t);
    if (rc)
        return rc;
    while ((rc = yb_table_next(&t, ctx)) == 1)
        if ((rc = one_rule(ctx, cat, ld, &t)))
            break;
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

static int excluded_rows(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const yb_pack *pack)
{
    static const char *const dcols[] = { "code" };
    static const int dreq[] = { 1 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "excluded_dx", 0, dcols, dreq, 1, &t);
    while (!rc && (rc = yb_table_next(&t, ctx)) == 1) {
        size_t len;
        const char *code = yb_table_text(&t, 0, &len);
        uint32_t id;
        rc = dip_intern_dx(ctx, cat, ld, code, len, &id);
        if (rc && rc != YB_E_NOMEM)
            rc = yb_table_row_fail(&t, ctx, 0, rc, "not a valid code");
        if (!rc)
            ld->dx_excluded[id] = 1;
    }
    yb_table_close(&t);
    if (rc < 0)
        return rc;

    static const char *const pcols[] = { "code", "policy", "principal_if_dx" };
    static const int preq[] = { 1, 1, 0 };
    static const char *const policies[] = { "conservative", "not_principal" };
    rc = yb_table_open(ctx, pack, "excluded_proc", 0, pcols, preq, 3, &t);
    while (!rc && (rc = yb_table_next(&t, ctx)) == 1) {
        size_t len;
        const char *code = yb_table_text(&t, 0, &len);
        uint32_t id;
        rc = dip_intern_proc(ctx, cat, ld, code, len, &id);
        if (rc) {
            if (rc != YB_E_NOMEM)
                rc = yb_table_row_fail(&t, ctx, 0, rc, "not a valid code");
            break;
        }
        const char *pol = yb_table_text(&t, 1, &len);
        int p = dip_name_index(pol, len, policies, 2);
        if (p < 0) {
            rc = yb_table_row_fail(&t, ctx, 1, YB_E_FORMAT, "policy must be conservative or not_principal");
            break;
        }
        ld->proc_flags[id] |= p == 0 ? DIP_PROC_DROP : DIP_PROC_NOT_PRINCIPAL;
        uint32_t set;
        if ((rc = dip_table_set(ctx, cat, ld, &t, 2, &set)))
            break;
        if (set != DIP_NONE && p == 0) {
            rc = yb_table_row_fail(&t, ctx, 2, YB_E_FORMAT, "principal_if_dx only goes with policy not_principal");
            break;
        }
        ld->proc_allow[id] = set;
    }
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

static int score_rows(yb_ctx *ctx, yb_dip_catalog *cat, const yb_pack *pack)
{
    static const char *const cols[] = { "group", "score", "primary_care", "name" };
    static const int req[] = { 1, 1, 0, 0 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "scores", 0, cols, req, 4, &t);
    while (!rc && (rc = yb_table_next(&t, ctx)) == 1) {
        size_t len;
        const char *code = yb_table_text(&t, 0, &len);
        uint32_t gid;
        if (dip_group_lookup(cat, code, len, &gid)) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_NOT_FOUND, "no such group in the groups table");
            break;
        }
        dip_group *g = &cat->groups[gid];
        if (g->has_score) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_DUPLICATE, "group scored twice");
            break;
        }
        if ((rc = yb_table_dec(&t, ctx, 1, YB_SCORE_DECIMALS, INT64_MIN, INT64_MAX, &g->score)))
            break;
        if (g->score < 0) {
            rc = yb_table_row_fail(&t, ctx, 1, YB_E_FORMAT, "a score may not be negative");
            break;
        }
        int32_t pc;
        if ((rc = dip_table_opt_int(&t, ctx, 2, 0, 1, &pc)))
            break;
        if (pc >= 0 && pc != g->primary_care) {
            rc = yb_table_row_fail(&t, ctx, 2, YB_E_PACK, "primary_care disagrees with the groups table");
            break;
        }
        g->has_score = 1;
    }
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

int dip_load_tables(yb_ctx *ctx, yb_dip_catalog *cat, const yb_pack *pack, dip_loader *ld)
{
    int rc;
    if ((rc = code_rows(ctx, cat, ld, pack, 1)) || (rc = code_rows(ctx, cat, ld, pack, 0)) ||
        (rc = group_rows(ctx, cat, pack)) || (rc = excluded_rows(ctx, cat, ld, pack)) ||
        (rc = rule_rows(ctx, cat, ld, pack)) || (rc = score_rows(ctx, cat, pack)))
        return rc;
    return YB_OK;
}
