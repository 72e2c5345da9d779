/* Loading a dip-catalog pack, part two: parameters, the auxiliary tables
 * (Charlson conditions, severity, subtypes), the indexes built once all rows
 * are read, and yb_dip_catalog_load() itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grouping/dip_internal.h"

/* ------------------------------------------------------------ parameters */

int dip_load_params(yb_ctx *ctx, yb_dip_catalog *cat, const yb_pack *pack, dip_loader *ld)
{
    static const char *const known[] = { "match.tie_break", "match.prefer_specific_dx", "exclusion.principal_dx",
                                         "comprehensive.fallback_conservative", "codes.unknown",
                                         "codes.default_attribute", "ventilation.code", "ventilation.min_hours",
                                         "severity.severe_min_los", "rounding", "build." };
    static const char *const ties[] = { "first", "highest_score", "lowest_score" };
    static const char *const excl[] = { "ungrouped", "comprehensive" };
    static const char *const unknown[] = { "reject", "accept" };
    static const char *const rounding[] = { "half_up", "half_even", "down", "up", "floor", "ceil" };
    int rc = yb_pack_param_check_known(ctx, pack, known, sizeof known / sizeof *known);
    if (rc)
        return rc;
    int v = DIP_TIE_FIRST;
    if ((rc = yb_pack_param_enum(ctx, pack, "match.tie_break", 0, ties, 3, &v)))
        return rc;
    cat->tie_break = v;
    cat->prefer_specific = 1;
    if ((rc = yb_pack_param_bool(ctx, pack, "match.prefer_specific_dx", 0, &cat->prefer_specific)))
        return rc;
    v = 0;
    if ((rc = yb_pack_param_enum(ctx, pack, "exclusion.principal_dx", 0, excl, 2, &v)))
        return rc;
    cat->excluded_to_comprehensive = v;
    cat->fallback_conservative = 1;
    if ((rc = yb_pack_param_bool(ctx, pack, "comprehensive.fallback_conservative", 0, &cat->fallback_conservative)))
        return rc;
    v = 0;
    if ((rc = yb_pack_param_enum(ctx, pack, "codes.unknown", 0, unknown, 2, &v)))
        return rc;
    cat->accept_unknown = v;
    v = YB_DIP_ATTR_THERAPEUTIC;
    if ((rc = yb_pack_param_enum(ctx, pack, "codes.default_attribute", 0, dip_attr_names, 4, &v)))
        return rc;
    ld->default_attr = v;
    int64_t n = 96;
    if ((rc = yb_pack_param_int(ctx, pack, "ventilation.min_hours", 0, 1, 100000, &n)))
        return rc;
    cat->vent_min_hours = (int32_t)n;
    n = 3;
    if ((rc = yb_pack_param_int(ctx, pack, "severity.severe_min_los", 0, 0, 100000, &n)))
        return rc;
    cat->severe_min_los = (int32_t)n;
    v = 0;
    if ((rc = yb_pack_param_enum(ctx, pack, "rounding", 0, rounding, 6, &v)))
        return rc;
    cat->rounding = v; /* the names are in yb_round order */
    cat->vent_code = DIP_NONE;
    return YB_OK;
}

/* ------------------------------------------------------------ aux tables */

static int cci_condition(yb_ctx *ctx, yb_dip_catalog *cat, const char *s, size_t len, int create, int32_t *out)
{
    for (uint32_t i = 0; i < cat->ncci_conds; i++) {
        const char *name = dip_pool_str(cat, cat->cci_conds[i].name);
        if (strlen(name) == len && memcmp(name, s, len) == 0) {
            *out = (int32_t)i;
            return YB_OK;
        }
    }
    if (!create)
        return YB_E_NOT_FOUND;
    if (cat->ncci_conds == DIP_MAX_CCI_CONDITIONS)
        return yb_fail(ctx, YB_E_LIMIT, "more than %d Charlson conditions", DIP_MAX_CCI_CONDITIONS);
    dip_cci_cond *c = &cat->cci_conds[cat->ncci_conds];
    if (dip_pool_add(cat, s, len, &c->name))
        return yb_fail_nomem(ctx, "Charlson conditions");
    c->weight = -1;
    c->supersedes = -1;
    *out = (int32_t)cat->ncci_conds++;
    return YB_OK;
}

static int cci_rows(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const yb_pack *pack)
{
    static const char *const cols[] = { "dx", "condition", "weight", "supersedes" };
    static const int req[] = { 1, 1, 1, 0 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "cci", 0, cols, req, 4, &t);
    if (rc || !yb_table_present(&t))
        return rc;
    cat->has_cci = 1;
    uint32_t *sup_name = NULL, nsup = 0, sup_cap = 0; /* per condition: pool offset of the superseded name + 1 */
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        size_t len;
        const char *name = yb_table_text(&t, 1, &len);
        int32_t cond = 0, weight = -1;
        if (!len) {
            rc = yb_table_row_fail(&t, ctx, 1, YB_E_FORMAT, "missing condition");
            break;
        }
        if ((rc = cci_condition(ctx, cat, name, len, 1, &cond)) ||
            (rc = dip_table_opt_int(&t, ctx, 2, 0, 100, &weight)))
            break;
        dip_cci_cond *c = &cat->cci_conds[cond];
        if (c->weight >= 0 && c->weight != weight) {
            rc = yb_table_row_fail(&t, ctx, 2, YB_E_PACK, "the condition has another weight on an earlier row");
            break;
        }
        c->weight = weight;
        while (nsup < cat->ncci_conds) {
            uint32_t *slot = dip_grow(&cat->mem, (void **)&sup_name, &nsup, &sup_cap, sizeof *slot);
            if (!slot) {
                rc = yb_fail_nomem(ctx, "Charlson conditions");
                break;
            }
        }
        if (rc)
            break;
        const char *sup = yb_table_text(&t, 3, &len);
        if (len) {
            uint32_t off;
            if (dip_pool_add(cat, sup, len, &off)) {
                rc = yb_fail_nomem(ctx, "Charlson conditions");
                break;
            }
            sup_name[cond] = off + 1;
        }
        uint32_t *set = dip_grow(&cat->mem, (void **)&cat->cci_set, &cat->ncci, &ld->cci_cap, sizeof *set);
        if (!set) {
            rc = yb_fail_nomem(ctx, "Charlson conditions");
            break;
        }
        cat->ncci--;
        uint32_t *cslot = yb_mem_realloc_array(&cat->mem, cat->cci_cond, ld->cci_cap, sizeof *cslot);
        if (!cslot) {
            rc = yb_fail_nomem(ctx, "Charlson conditions");
            break;
        }
        cat->cci_cond = cslot;
        if ((rc = dip_table_set(ctx, cat, ld, &t, 0, &cat->cci_set[cat->ncci])))
            break;
        if (cat->cci_set[cat->ncci] == DIP_NONE) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_FORMAT, "missing diagnosis list");
            break;
        }
        cat->cci_cond[cat->ncci++] = (uint32_t)cond;
    }
    yb_table_close(&t);
    for (uint32_t i = 0; rc == 0 && i < nsup; i++) {
        if (!sup_name[i])
            continue;
        const char *s = dip_pool_str(cat, sup_name[i] - 1);
        int32_t other;
        if (cci_condition(ctx, cat, s, strlen(s), 0, &other)) {
            yb_errloc loc = { .file = yb_pack_table_file(pack, "cci"), .field = "supersedes", .value = s,
                              .value_len = strlen(s) };
            rc = yb_fail_at(ctx, YB_E_NOT_FOUND, &loc,
                            "condition '%s' supersedes a condition the table does not have",
                            dip_pool_str(cat, cat->cci_conds[i].name));
        } else {
            cat->cci_conds[i].supersedes = other;
        }
    }
    yb_mem_free(&cat->mem, sup_name);
    return rc < 0 ? rc : YB_OK;
}

static int severity_rows(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const yb_pack *pack)
{
    static const char *const cols[] = { "dx", "level" };
    static const int req[] = { 1, 1 };
    static const char *const levels[] = { "moderate", "severe" };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "severity", 0, cols, req, 2, &t);
    while (!rc && (rc = yb_table_next(&t, ctx)) == 1) {
        size_t len;
        const char *lv = yb_table_text(&t, 1, &len);
        int level = dip_name_index(lv, len, levels, 2);
        if (level < 0) {
            rc = yb_table_row_fail(&t, ctx, 1, YB_E_FORMAT, "level must be moderate or severe");
            break;
        }
        uint32_t set;
        if ((rc = dip_table_set(ctx, cat, ld, &t, 0, &set)))
            break;
        if (set == DIP_NONE) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_FORMAT, "missing diagnosis list");
            break;
        }
        uint32_t *slot = dip_grow(&cat->mem, (void **)&cat->sev_set, &cat->nsev, &ld->sev_cap, sizeof *slot);
        uint8_t *lslot = slot ? yb_mem_realloc(&cat->mem, cat->sev_level, ld->sev_cap) : NULL;
        if (!lslot) {
            rc = yb_fail_nomem(ctx, "severity");
            break;
        }
        cat->sev_level = lslot;
        *slot = set;
        cat->sev_level[cat->nsev - 1] = (uint8_t)(level == 0 ? DIP_SEV_MODERATE : DIP_SEV_SEVERE);
    }
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

/* An age bound "28d", "65y" or "65" (years). */
static int age_bound(const yb_table *t, yb_ctx *ctx, size_t k, int32_t *v, uint8_t *days)
{
    size_t len;
    const char *s = yb_table_text(t, k, &len);
    *v = -1;
    *days = 0;
    if (!len)
        return YB_OK;
    int64_t n;
    size_t digits = len;
    if (s[len - 1] == 'd' || s[len - 1] == 'y') {
        *days = s[len - 1] == 'd';
        digits--;
    }
    if (!digits || yb_decimal_parse(s, digits, 0, &n) || n < 0 || n > 36600)
        return yb_table_row_fail(t, ctx, k, YB_E_FORMAT,
                                 "an age bound is a whole number of days (\"28d\") or years (\"65y\")");
    *v = (int32_t)n;
    return YB_OK;
}

enum { S_CODE, S_GROUP, S_KIND, S_NAME, S_PDX, S_SDX, S_PROCS, S_CCI_MIN, S_CCI_MAX, S_SEV, S_AGE_MIN, S_AGE_MAX,
       S_ICU_MIN, S_ICU_MAX, S_COEF, S_NCOLS };

static int one_subtype(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const yb_table *t)
{
    static const char *const sev[] = { "mild", "moderate", "severe", "death" };
    dip_subtype s;
    memset(&s, 0, sizeof s);
    s.line = (uint32_t)yb_csv_line(t->csv);
    size_t len;
    const char *code = yb_table_text(t, S_CODE, &len);
    if (!len)
        return yb_table_row_fail(t, ctx, S_CODE, YB_E_FORMAT, "missing subtype code");
    int rc;
    if ((rc = dip_pool_add(cat, code, len, &s.code)))
        return yb_fail_nomem(ctx, "subtypes");
    const char *grp = yb_table_text(t, S_GROUP, &len);
    s.group = DIP_NONE;
    if (!(len == 1 && grp[0] == '*') && dip_group_lookup(cat, grp, len, &s.group))
        return yb_table_row_fail(t, ctx, S_GROUP, YB_E_NOT_FOUND, "no such group (use * for every group)");
    const char *kind = yb_table_text(t, S_KIND, &len);
    int k = dip_name_index(kind, len, dip_subtype_kinds, dip_subtype_nkinds);
    if (k < 0)
        return yb_table_row_fail(t, ctx, S_KIND, YB_E_FORMAT, "kind must be cci, severity, age, icu, tumour or other");
    s.kind = (uint8_t)k;
    const char *name = yb_table_text(t, S_NAME, &len);
    if ((rc = dip_pool_add(cat, name, len, &s.name)))
        return yb_fail_nomem(ctx, "subtypes");
    if ((rc = dip_table_set(ctx, cat, ld, t, S_PDX, &s.pdx)) || (rc = dip_table_set(ctx, cat, ld, t, S_SDX, &s.sdx)))
        return rc;
    if ((rc = dip_table_cnf(ctx, cat, ld, t, S_PROCS, 0, &s.procs)))
        return rc;
    if ((rc = dip_table_opt_int(t, ctx, S_CCI_MIN, 0, 1000, &s.cci_min)) ||
        (rc = dip_table_opt_int(t, ctx, S_CCI_MAX, 0, 1000, &s.cci_max)) ||
        (rc = dip_table_opt_int(t, ctx, S_ICU_MIN, 0, 36600, &s.icu_min)) ||
        (rc = dip_table_opt_int(t, ctx, S_ICU_MAX, 0, 36600, &s.icu_max)) ||
        (rc = age_bound(t, ctx, S_AGE_MIN, &s.age_min, &s.age_min_days)) ||
        (rc = age_bound(t, ctx, S_AGE_MAX, &s.age_max, &s.age_max_days)))
        return rc;
    if ((s.cci_min >= 0 || s.cci_max >= 0) && !cat->has_cci)
        return yb_table_row_fail(t, ctx, S_CCI_MIN, YB_E_PACK, "a CCI band needs the cci table");
    const char *sv = yb_table_text(t, S_SEV, &len);
    s.severity = -1;
    if (len) {
        int lv = dip_name_index(sv, len, sev, 4);
        if (lv < 0)
            return yb_table_row_fail(t, ctx, S_SEV, YB_E_FORMAT, "severity must be mild, moderate, severe or death");
        s.severity = (int8_t)lv;
    }
    if (s.pdx == DIP_NONE && s.sdx == DIP_NONE && s.procs == DIP_NONE && s.cci_min < 0 && s.cci_max < 0 &&
        s.severity < 0 && s.age_min < 0 && s.age_max < 0 && s.icu_min < 0 && s.icu_max < 0)
        return yb_table_row_fail(t, ctx, S_CODE, YB_E_FORMAT, "a subtype needs at least one condition");
    int present;
    int64_t coef = 0;
    if ((rc = yb_table_dec_opt(t, ctx, S_COEF, YB_RATIO_DECIMALS, INT64_MIN, INT64_MAX, &coef, &present)))
        return rc;
    if (present && coef <= 0)
        return yb_table_row_fail(t, ctx, S_COEF, YB_E_FORMAT, "a coefficient must be positive");
    s.has_coef = (uint8_t)present;
    s.coef = coef;
    for (uint32_t i = 0; i < cat->nsubs; i++)
        if (cat->subs[i].group == s.group &&
            strcmp(dip_pool_str(cat, cat->subs[i].code), dip_pool_str(cat, s.code)) == 0)
            return yb_table_row_fail(t, ctx, S_CODE, YB_E_DUPLICATE, "subtype listed twice for the same group");
    dip_subtype *slot = dip_grow(&cat->mem, (void **)&cat->subs, &cat->nsubs, &ld->sub_cap, sizeof *slot);
    if (!slot)
        return yb_fail_nomem(ctx, "subtypes");
    *slot = s;
    return YB_OK;
}

static int subtype_rows(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const yb_pack *pack)
{
    static const char *const cols[S_NCOLS] = { "code", "group", "kind", "name", "pdx", "sdx", "procs", "cci_min",
                                               "cci_max", "severity", "age_min", "age_max", "icu_min", "icu_max",
                                               "coefficient" };
    static const int req[S_NCOLS] = { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "subtypes", 0, cols, req, S_NCOLS, &t);
    while (!rc && (rc = yb_table_next(&t, ctx)) == 1)
        rc = one_subtype(ctx, cat, ld, &t);
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

int dip_load_extra_tables(yb_ctx *ctx, yb_dip_catalog *cat, const yb_pack *pack, dip_loader *ld)
{
    int rc;
    if ((rc = cci_rows(ctx, cat, ld, pack)) || (rc = severity_rows(ctx, cat, ld, pack)) ||
        (rc = subtype_rows(ctx, cat, ld, pack)))
        return rc;
    const char *vent = yb_pack_param_text(pack, "ventilation.code");
    if (vent && *vent) {
        uint32_t id;
        if (yb_dict_lookup(cat->proc, vent, strlen(vent), &id)) {
            yb_errloc loc = { .file = yb_pack_manifest_path(pack), .field = "ventilation.code", .value = vent,
                              .value_len = strlen(vent) };
            return yb_fail_at(ctx, YB_E_PARAM, &loc, "the ventilation code is not in the procedure codes");
        }
        cat->vent_code = id;
    }
    return YB_OK;
}

/* ------------------------------------------------------------ indexes */

static int sub_cmp_group(const yb_dip_catalog *cat, uint32_t a, uint32_t b)
{
    uint32_t ga = cat->subs[a].group, gb = cat->subs[b].group;
    return ga < gb ? -1 : ga > gb ? 1 : (a < b ? -1 : a > b);
}

static int index_subtypes(yb_ctx *ctx, yb_dip_catalog *cat)
{
    cat->applied = yb_mem_calloc(&cat->mem, cat->nsubs ? cat->nsubs : 1, sizeof *cat->applied);
    cat->group_subs = yb_mem_calloc(&cat->mem, cat->nsubs ? cat->nsubs : 1, sizeof *cat->group_subs);
    cat->global_subs = yb_mem_calloc(&cat->mem, cat->nsubs ? cat->nsubs : 1, sizeof *cat->global_subs);
    if (!cat->applied || !cat->group_subs || !cat->global_subs)
        return yb_fail_nomem(ctx, "subtypes");
    for (uint32_t i = 0; i < cat->nsubs; i++)
        if (cat->subs[i].has_coef)
            cat->applied[cat->napplied++] = i;
    /* applied ids sorted by group (every-group rows last), then row order: insertion sort is fine for the
     * few thousand rows a region has. */
    for (uint32_t i = 1; i < cat->napplied; i++) {
        uint32_t v = cat->applied[i], j = i;
        while (j > 0 && sub_cmp_group(cat, cat->applied[j - 1], v) > 0) {
            cat->applied[j] = cat->applied[j - 1];
            j--;
        }
        cat->applied[j] = v;
    }
    uint32_t ng = 0;
    for (uint32_t p = 0; p < cat->napplied; p++) {
        const dip_subtype *s = &cat->subs[cat->applied[p]];
        if (s->group == DIP_NONE) {
            cat->global_subs[cat->nglobal_subs++] = p;
            continue;
        }
        dip_group *g = &cat->groups[s->group];
        if (!g->sub_n)
            g->sub_off = ng;
        g->sub_n++;
        cat->group_subs[ng++] = p;
    }
    return YB_OK;
}

/* Orders a key's rules by layer, then by row: insertion sort, lists are short. */
static void sort_by_layer(const yb_dip_catalog *cat, uint32_t *v, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        uint32_t x = v[i], j = i;
        while (j > 0 && (cat->rules[v[j - 1] >> 2].layer > cat->rules[x >> 2].layer ||
                         (cat->rules[v[j - 1] >> 2].layer == cat->rules[x >> 2].layer && v[j - 1] > x))) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

int dip_finalize(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld)
{
    int rc;
    cat->nkeys = yb_dict_count(cat->keys);
    if ((rc = dip_pairs_csr(&cat->mem, &ld->key_rule, cat->nkeys, &cat->key_rule_off, &cat->key_rules)) ||
        (rc = dip_pairs_csr(&cat->mem, &ld->key_set, cat->nkeys, &cat->key_set_off, &cat->key_sets)))
        return yb_fail_nomem(ctx, "the diagnosis index");
    for (uint32_t k = 0; k < cat->nkeys; k++)
        sort_by_layer(cat, cat->key_rules + cat->key_rule_off[k], cat->key_rule_off[k + 1] - cat->key_rule_off[k]);
    /* each key's rules by layer, so matching a layer reads only its rules */
    cat->key_layer_off = yb_mem_calloc(&cat->mem, (size_t)cat->nkeys * (DIP_NLAYERS + 1) + 1,
                                       sizeof *cat->key_layer_off);
    if (!cat->key_layer_off)
        return yb_fail_nomem(ctx, "the diagnosis index");
    for (uint32_t k = 0; k < cat->nkeys; k++) {
        uint32_t *lo = cat->key_layer_off + (size_t)k * (DIP_NLAYERS + 1), e = cat->key_rule_off[k];
        for (int layer = 1; layer <= DIP_NLAYERS; layer++) {
            while (e < cat->key_rule_off[k + 1] && cat->rules[cat->key_rules[e] >> 2].layer < layer)
                e++;
            lo[layer - 1] = e;
        }
        lo[DIP_NLAYERS] = cat->key_rule_off[k + 1];
    }
    for (uint32_t r = 0; r < cat->nrules; r++)
        cat->rules[r].active = cat->groups[cat->rules[r].group].active;
    uint32_t ndx = yb_dict_count(cat->dx);
    cat->dx_key = yb_mem_calloc(&cat->mem, (size_t)ndx * 3 + 1, sizeof *cat->dx_key);
    if (!cat->dx_key)
        return yb_fail_nomem(ctx, "the diagnosis index");
    for (uint32_t id = 0; id < ndx; id++) {
        const char *code = yb_dict_code(cat->dx, id);
        size_t lens[3];
        dip_dx_prefixes(code, strlen(code), lens);
        for (int k = 0; k < 3; k++) {
            uint32_t key = DIP_NONE;
            if (lens[k] && yb_dict_lookup(cat->keys, code, lens[k], &key))
                key = DIP_NONE;
            for (int j = 0; j < k && key != DIP_NONE; j++)
                if (cat->dx_key[id * 3 + (uint32_t)j] == key)
                    key = DIP_NONE;
            cat->dx_key[id * 3 + (uint32_t)k] = key;
        }
    }
    cat->dx_excluded = ld->dx_excluded;
    ld->dx_excluded = NULL;
    if (!cat->dx_excluded && !(cat->dx_excluded = yb_mem_calloc(&cat->mem, ndx ? ndx : 1, 1)))
        return yb_fail_nomem(ctx, "the diagnosis index");
    cat->proc_flags = ld->proc_flags;
    cat->proc_attr = ld->proc_attr;
    cat->proc_allow = ld->proc_allow;
    ld->proc_flags = ld->proc_attr = NULL;
    ld->proc_allow = NULL;
    cat->set_words = (cat->nsets + 63) / 64;
    if (!cat->set_words)
        cat->set_words = 1;
    cat->global_mask = yb_mem_calloc(&cat->mem, cat->set_words, sizeof *cat->global_mask);
    cat->global_rules = yb_mem_calloc(&cat->mem, cat->nrules ? cat->nrules : 1, sizeof *cat->global_rules);
    if (!cat->global_mask || !cat->global_rules)
        return yb_fail_nomem(ctx, "the rule index");
    for (int layer = 1; layer <= DIP_NLAYERS; layer++) {
        cat->global_layer_off[layer - 1] = cat->nglobal;
        for (uint32_t r = 0; r < cat->nrules; r++) {
            const dip_rule *rule = &cat->rules[r];
            if (rule->has_pdx || rule->layer != layer)
                continue;
            cat->global_rules[cat->nglobal++] = r;
            if (rule->anydx != DIP_NONE)
                cat->global_mask[rule->anydx >> 6] |= 1ull << (rule->anydx & 63);
            if (rule->sdx != DIP_NONE)
                cat->global_mask[rule->sdx >> 6] |= 1ull << (rule->sdx & 63);
            uint32_t exprs[2] = { rule->pproc, rule->procs };
            for (int e = 0; e < 2; e++) {
                if (exprs[e] == DIP_NONE)
                    continue;
                const dip_cnf *c = &cat->cnfs[exprs[e]];
                for (uint32_t k = 0; k < c->ncomp; k++) {
                    const dip_comp *comp = &cat->comps[c->comp_off + k];
                    for (uint32_t m = 0; m < comp->ncode; m++)
                        cat->proc_flags[cat->cnf_codes[comp->code_off + m]] |= DIP_PROC_GLOBAL;
                }
            }
        }
    }
    cat->global_layer_off[DIP_NLAYERS] = cat->nglobal;
    cat->set_cci = yb_mem_calloc(&cat->mem, cat->nsets ? cat->nsets : 1, sizeof *cat->set_cci);
    if (!cat->set_cci)
        return yb_fail_nomem(ctx, "the Charlson index");
    for (uint32_t i = 0; i < cat->ncci; i++)
        cat->set_cci[cat->cci_set[i]] |= 1ull << cat->cci_cond[i];
    return index_subtypes(ctx, cat);
}

/* ------------------------------------------------------------ load / free */

void yb_dip_catalog_free(yb_dip_catalog *cat)
{
    if (!cat)
        return;
    yb_mem mem = cat->mem;
    yb_dict_free(cat->dx);
    yb_dict_free(cat->proc);
    yb_dict_free(cat->keys);
    dip_strmap_free(&cat->group_map);
    void *arrays[] = { cat->pack_dir, cat->pack_name, cat->pack_version, cat->dx_key, cat->dx_excluded,
                       cat->key_rule_off, cat->key_rules, cat->key_layer_off, cat->key_set_off, cat->key_sets,
                       cat->proc_flags, cat->proc_attr, cat->proc_allow, cat->groups, cat->rules, cat->global_rules,
                       cat->cnfs, cat->comps, cat->cnf_codes, cat->global_mask, cat->subs, cat->applied,
                       cat->group_subs, cat->global_subs, cat->cci_set, cat->cci_cond, cat->set_cci, cat->sev_set,
                       cat->sev_level, cat->pool };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        yb_mem_free(&mem, arrays[i]);
    yb_mem_free(&mem, cat);
}

static void loader_free(yb_dip_catalog *cat, dip_loader *ld)
{
    dip_strmap_free(&ld->set_text);
    dip_strmap_free(&ld->cnf_text);
    yb_mem_free(&cat->mem, ld->key_rule.v);
    yb_mem_free(&cat->mem, ld->key_set.v);
    yb_mem_free(&cat->mem, ld->tmp);
    yb_mem_free(&cat->mem, ld->proc_allow);
    yb_mem_free(&cat->mem, ld->proc_flags);
    yb_mem_free(&cat->mem, ld->proc_attr);
    yb_mem_free(&cat->mem, ld->dx_excluded);
}

static char *dup_cstr(const yb_mem *mem, const char *s, size_t n)
{
    return yb_mem_strndup(mem, s, n);
}

int yb_dip_catalog_load(yb_ctx *ctx, const char *pack_path, yb_dip_catalog **out)
{
    if (!ctx || !pack_path || !out)
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_dip_catalog_load: NULL argument");
    *out = NULL;
    yb_pack *pack;
    int rc = yb_pack_open(ctx, pack_path, "dip-catalog", &pack);
    if (rc)
        return rc;
    yb_dip_catalog *cat = yb_calloc(ctx, 1, sizeof *cat);
    if (!cat) {
        yb_pack_close(pack);
        return yb_fail_nomem(ctx, "a DIP catalogue");
    }
    cat->mem = ctx->mem;
    dip_loader ld;
    memset(&ld, 0, sizeof ld);
    if (dip_strmap_init(&ld.set_text, &cat->mem) || dip_strmap_init(&ld.cnf_text, &cat->mem) ||
        yb_dict_new(ctx, &cat->dx) || yb_dict_new(ctx, &cat->proc) || yb_dict_new(ctx, &cat->keys) ||
        dip_strmap_init(&cat->group_map, &cat->mem))
        rc = yb_fail_nomem(ctx, "a DIP catalogue");
    if (!rc)
        rc = dip_load_params(ctx, cat, pack, &ld);
    if (!rc)
        rc = dip_load_tables(ctx, cat, pack, &ld);
    if (!rc)
        rc = dip_load_extra_tables(ctx, cat, pack, &ld);
    if (!rc)
        rc = dip_finalize(ctx, cat, &ld);
    if (!rc) {
        memcpy(cat->fingerprint, yb_pack_fingerprint(pack), sizeof cat->fingerprint);
        const char *m = yb_pack_manifest_path(pack);
        const char *slash = strrchr(m, '/');
        cat->pack_dir = slash ? dup_cstr(&cat->mem, m, (size_t)(slash - m)) : dup_cstr(&cat->mem, ".", 1);
        cat->pack_name = dup_cstr(&cat->mem, yb_pack_name(pack), strlen(yb_pack_name(pack)));
        cat->pack_version = dup_cstr(&cat->mem, yb_pack_version(pack), strlen(yb_pack_version(pack)));
        if (!cat->pack_dir || !cat->pack_name || !cat->pack_version)
            rc = yb_fail_nomem(ctx, "a DIP catalogue");
    }
    loader_free(cat, &ld);
    yb_pack_close(pack);
    if (rc) {
        yb_dip_catalog_free(cat);
        return rc;
    }
    yb_log(ctx, YB_LOG_INFO, "DIP catalogue %s: %u groups, %u rules, %u diagnosis and %u procedure codes",
           pack_path, cat->ngroups, cat->nrules, yb_dict_count(cat->dx), cat->nproc);
    *out = cat;
    return YB_OK;
}
