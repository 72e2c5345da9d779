/* Loading, freeing and describing a point-value book. */
#include <string.h>

#include "points_internal.h"

#define ONE YB_RATIO_ONE

static const char *const known_tables[] = { "scores",    "weights",   "levels",        "hospitals",
                                            "subtypes", "standards", "outlier_bands", "corridors" };

int yb_points_book_add_name(yb_points_book *b, const char *s, size_t len, uint32_t *off)
{
    if (len == 0) {
        *off = 0;
        return YB_OK;
    }
    if (b->names_len == 0)
        b->names_len = 1; /* offset 0 is the empty name */
    if (b->names_len + len + 1 > UINT32_MAX)
        return YB_E_LIMIT;
    if (b->names_len + len + 1 > b->names_cap) {
        size_t cap = b->names_cap ? b->names_cap * 2 : 4096;
        while (cap < b->names_len + len + 1)
            cap *= 2;
        char *p = yb_mem_realloc(&b->mem, b->names, cap);
        if (!p)
            return YB_E_NOMEM;
        b->names = p;
        b->names[0] = '\0';
        b->names_cap = cap;
    }
    memcpy(b->names + b->names_len, s, len);
    b->names[b->names_len + len] = '\0';
    *off = (uint32_t)b->names_len;
    b->names_len += len + 1;
    return YB_OK;
}

const char *yb_points_book_name_at(const yb_points_book *b, uint32_t off)
{
    return off == 0 || !b->names ? "" : b->names + off;
}

void yb_points_book_free(yb_points_book *b)
{
    if (!b)
        return;
    yb_mem mem = b->mem;
    yb_strmap_clear(&b->groups);
    yb_strmap_clear(&b->levels);
    yb_strmap_clear(&b->hospitals);
    yb_strmap_clear(&b->subtypes);
    yb_strmap_clear(&b->subcodes);
    void *arrays[] = { b->score,         b->weight,          b->primary,      b->group_name,   b->group_outlier,
                       b->level_score,   b->standard,        b->hosp,         b->subtype_coef, b->subcode_star,
                       b->subcode_specific, b->names,        b->surplus,      b->overspend,
                       b->subcode_row,   b->subtype_matrix };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        yb_mem_free(&mem, arrays[i]);
    yb_mem_free(&mem, b);
}

static int check_tables(yb_ctx *ctx, const yb_pack *pack)
{
    for (size_t i = 0; i < yb_pack_table_count(pack); i++) {
        const char *t = yb_pack_table_name(pack, i);
        size_t k = 0;
        while (k < sizeof known_tables / sizeof known_tables[0] && strcmp(t, known_tables[k]) != 0)
            k++;
        if (k == sizeof known_tables / sizeof known_tables[0]) {
            yb_errloc loc = { .file = yb_pack_manifest_path(pack), .field = t };
            return yb_fail_at(ctx, YB_E_PACK, &loc, "unknown table '%s' in a point-value book", t);
        }
    }
    return YB_OK;
}

/* Scores from weights, level scores and fixed standards (doc/points.md). */
static int prepare(yb_ctx *ctx, yb_points_book *b)
{
    uint32_t ng = b->groups.count;
    size_t stride = b->nlevels + 1;
    b->score = yb_mem_calloc(&b->mem, ng, sizeof *b->score);
    b->level_score = yb_mem_calloc(&b->mem, (size_t)ng * stride, sizeof *b->level_score);
    b->standard = yb_mem_calloc(&b->mem, (size_t)ng * stride, sizeof *b->standard);
    if (!b->score || !b->level_score || !b->standard)
        return yb_fail_nomem(ctx, "point-value book");
    for (uint32_t g = 0; g < ng; g++) {
        int64_t s = b->weight[g];
        if (b->method == YB_POINTS_METHOD_DRG_POINTS &&
            yb_muldiv(s, b->score_scale, YB_SCORE_ONE, b->rounding, &s))
            return yb_fail(ctx, YB_E_OVERFLOW, "score of DRG %s overflows", yb_strmap_key(&b->groups, g));
        b->score[g] = s;
        for (size_t l = 0; l < stride; l++) {
            int64_t ls = s;
            if (b->standard_by_level && yb_muldiv(s, b->level_coef[l], ONE, b->rounding, &ls))
                return yb_fail(ctx, YB_E_OVERFLOW, "level score overflows");
            b->level_score[(size_t)g * stride + l] = ls;
            b->standard[(size_t)g * stride + l] = -1;
        }
    }
    return YB_OK;
}

/* Largest score and coefficient, so a batch can tell when its products fit 64 bits. */
static void bounds(yb_points_book *b)
{
    b->max_score = 0;
    for (uint32_t g = 0; g < b->groups.count; g++)
        if (b->score[g] > b->max_score)
            b->max_score = b->score[g];
    b->max_coef = b->primary_coefficient > b->default_coefficient ? b->primary_coefficient : b->default_coefficient;
    for (uint32_t h = 0; h < b->hospitals.count; h++)
        if (b->hosp[h].coefficient > b->max_coef)
            b->max_coef = b->hosp[h].coefficient;
}

static int fixed_standards(yb_ctx *ctx, yb_points_book *b)
{
    size_t cells = (size_t)b->groups.count * (b->nlevels + 1);
    for (size_t i = 0; i < cells; i++) {
        /* score (4 decimals) × value (6) = 10 decimals of a yuan → fen. */
        if (yb_muldiv(b->level_score[i], b->standard_pv, 100000000, b->rounding, &b->standard[i]))
            return yb_fail(ctx, YB_E_OVERFLOW, "standard cost overflows");
    }
    return YB_OK;
}

int yb_points_book_load(yb_ctx *ctx, const char *pack_path, yb_points_book **out)
{
    if (!ctx || !pack_path || !out)
        return ctx ? yb_fail(ctx, YB_E_INVALID_ARG, "yb_points_book_load: NULL argument") : YB_E_INVALID_ARG;
    *out = NULL;
    yb_pack *pack = NULL;
    int rc = yb_pack_open(ctx, pack_path, NULL, &pack);
    if (rc)
        return rc;
    const char *kind = yb_pack_kind(pack);
    if (strcmp(kind, "points-book") != 0 && strcmp(kind, "drg-book") != 0) {
        yb_errloc loc = { .file = yb_pack_manifest_path(pack), .field = "kind", .value = kind,
                          .value_len = strlen(kind) };
        rc = yb_fail_at(ctx, YB_E_PACK, &loc, "expected a pack of kind 'points-book' or 'drg-book'");
        yb_pack_close(pack);
        return rc;
    }
    yb_points_book *b = yb_mem_calloc(&ctx->mem, 1, sizeof *b);
    if (!b) {
        yb_pack_close(pack);
        return yb_fail_nomem(ctx, "point-value book");
    }
    b->mem = ctx->mem;
    yb_strmap_init(&b->groups, &b->mem);
    yb_strmap_init(&b->levels, &b->mem);
    yb_strmap_init(&b->hospitals, &b->mem);
    yb_strmap_init(&b->subtypes, &b->mem);
    yb_strmap_init(&b->subcodes, &b->mem);
    memcpy(b->fingerprint, yb_pack_fingerprint(pack), 64);
    b->fingerprint[64] = '\0';
    if (!(rc = check_tables(ctx, pack)) && !(rc = yb_points_book_params(ctx, b, pack)) &&
        !(rc = yb_points_book_tables(ctx, b, pack)) && !(rc = prepare(ctx, b)) &&
        !(rc = yb_points_book_rules(ctx, b, pack)) && b->outliers_on && b->standard_source == STANDARD_FIXED)
        rc = fixed_standards(ctx, b);
    yb_pack_close(pack);
    if (rc) {
        yb_points_book_free(b);
        return rc;
    }
    bounds(b);
    yb_log(ctx, YB_LOG_INFO, "point-value book %s: %u groups, %u hospitals", pack_path, b->groups.count,
           b->hospitals.count);
    *out = b;
    return YB_OK;
}

const char *yb_points_book_fingerprint(const yb_points_book *b) { return b ? b->fingerprint : ""; }
int yb_points_book_method(const yb_points_book *b) { return b ? b->method : 0; }
uint32_t yb_points_book_pool_count(const yb_points_book *b) { return b ? b->npools : 0; }
uint32_t yb_points_book_group_count(const yb_points_book *b) { return b ? b->groups.count : 0; }
uint32_t yb_points_book_hospital_count(const yb_points_book *b) { return b ? b->hospitals.count : 0; }

int yb_points_book_pool_of(const yb_points_book *b, int insurance, uint32_t *pool)
{
    if (!b || !pool)
        return YB_E_INVALID_ARG;
    if (b->npools == 1) {
        *pool = 0;
        return YB_OK;
    }
    if (insurance != YB_INSURANCE_EMPLOYEE && insurance != YB_INSURANCE_RESIDENT)
        return YB_E_ROW_INSURANCE;
    *pool = (uint32_t)insurance - 1;
    return YB_OK;
}

int yb_points_book_point_value(const yb_points_book *b, uint32_t pool, int64_t *value)
{
    if (!b || !value || pool >= b->npools)
        return YB_E_INVALID_ARG;
    if (!b->pv_published[pool])
        return YB_E_NOT_FOUND;
    *value = b->pv_budget[pool];
    return YB_OK;
}

const char *yb_points_book_group_code(const yb_points_book *b, uint32_t id)
{
    return b ? yb_strmap_key(&b->groups, id) : NULL;
}

int yb_points_book_group_lookup(const yb_points_book *b, const char *code, size_t len, uint32_t *id)
{
    if (!b || (!code && len) || !id)
        return YB_E_INVALID_ARG;
    code = yb_trim(code ? code : "", &len);
    return yb_strmap_find(&b->groups, code, len, id);
}

int yb_points_book_group_info(const yb_points_book *b, uint32_t id, yb_points_group_info *info)
{
    if (!b || !info || info->size < sizeof *info)
        return YB_E_INVALID_ARG;
    if (id >= b->groups.count)
        return YB_E_NOT_FOUND;
    info->score = b->score[id];
    info->weight = b->weight[id];
    info->primary_care = b->primary[id];
    info->name = yb_points_book_name_at(b, b->group_name[id]);
    return YB_OK;
}

const char *yb_points_book_hospital_code(const yb_points_book *b, uint32_t id)
{
    return b ? yb_strmap_key(&b->hospitals, id) : NULL;
}

int yb_points_book_hospital_lookup(const yb_points_book *b, const char *code, size_t len, uint32_t *id)
{
    if (!b || (!code && len) || !id)
        return YB_E_INVALID_ARG;
    code = yb_trim(code ? code : "", &len);
    return yb_strmap_find(&b->hospitals, code, len, id);
}

int yb_points_book_hospital_info(const yb_points_book *b, uint32_t id, yb_points_hospital_info *info)
{
    if (!b || !info || info->size < sizeof *info)
        return YB_E_INVALID_ARG;
    if (id >= b->hospitals.count)
        return YB_E_NOT_FOUND;
    const points_hospital *h = &b->hosp[id];
    info->level = yb_strmap_key(&b->levels, h->level);
    info->name = yb_points_book_name_at(b, h->name_off);
    info->base_coefficient = b->level_coef[h->level];
    info->addon_cmi = h->addon[ADDON_CMI];
    info->addon_children = h->addon[ADDON_CHILDREN];
    info->addon_elderly = h->addon[ADDON_ELDERLY];
    info->addon_tcm = h->addon[ADDON_TCM];
    info->coefficient = h->coefficient;
    return YB_OK;
}

int yb_points_book_payment(const yb_points_book *b, int64_t points, int64_t point_value, int64_t *fen)
{
    if (!b || !fen)
        return YB_E_INVALID_ARG;
    /* points (4 decimals) × value (6 decimals) = 10 decimals of a yuan; fen keep 2. */
    return yb_muldiv(points, point_value, 100000000, b->rounding, fen);
}
