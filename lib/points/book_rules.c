/* Rule tables of a point-value book: auxiliary subtypes, standard costs,
 * outlier bands by weight and clearing corridors (doc/packs-points.md). */
#include <string.h>

#include "points_internal.h"

#define ONE YB_RATIO_ONE

/* Key of a subtype: the group id (4 bytes, little endian; YB_POINTS_NO_ID =
 * every group) followed by the subtype code. */
size_t yb_points_subtype_key(uint32_t group, const char *code, size_t len, char *key, size_t cap)
{
    if (len + 4 > cap)
        return 0;
    for (int i = 0; i < 4; i++)
        key[i] = (char)(group >> (8 * i));
    memcpy(key + 4, code, len);
    return len + 4;
}

static int resolve_group(yb_ctx *ctx, const yb_points_book *b, const yb_table *t, int k, int star, uint32_t *g)
{
    size_t len;
    const char *s = yb_table_text(t, k, &len);
    if (star && len == 1 && s[0] == '*') {
        *g = YB_POINTS_NO_ID;
        return YB_OK;
    }
    if (len == 0)
        return yb_table_row_fail(t, ctx, k, YB_E_FORMAT, "%s", "missing group");
    if (yb_strmap_find(&b->groups, s, len, g))
        return yb_table_row_fail(t, ctx, k, YB_E_NOT_FOUND, "%s", "group not in the book's scores/weights");
    return YB_OK;
}

/* The group-specific coefficients as a matrix (specific code's row × group,
 * -1 = no row of its own), when it is small enough: a lookup is then one
 * load instead of a second map lookup. */
#define SUBTYPE_MATRIX_MAX (1u << 20)

static int subtype_matrix(yb_ctx *ctx, yb_points_book *b)
{
    uint32_t nc = b->subcodes.count, G = b->groups.count, ns = 0;
    if (!nc || !b->subtypes.count)
        return YB_OK;
    b->subcode_row = yb_mem_calloc(&b->mem, nc, sizeof *b->subcode_row);
    if (!b->subcode_row)
        return yb_fail_nomem(ctx, "subtypes");
    for (uint32_t c = 0; c < nc; c++)
        b->subcode_row[c] = b->subcode_specific[c] ? ns++ : UINT32_MAX;
    if ((size_t)ns * G > SUBTYPE_MATRIX_MAX)
        return YB_OK; /* lookups by key then */
    b->subtype_matrix = yb_mem_calloc(&b->mem, (size_t)ns * G, sizeof *b->subtype_matrix);
    if (!b->subtype_matrix)
        return yb_fail_nomem(ctx, "subtypes");
    for (size_t i = 0; i < (size_t)ns * G; i++)
        b->subtype_matrix[i] = -1;
    for (uint32_t id = 0; id < b->subtypes.count; id++) {
        /* the key: the group's 4 bytes, then the code (yb_points_subtype_key) */
        const unsigned char *key = (const unsigned char *)yb_strmap_key(&b->subtypes, id);
        size_t len = (size_t)(b->subtypes.off[id + 1] - b->subtypes.off[id] - 1);
        uint32_t g = (uint32_t)key[0] | (uint32_t)key[1] << 8 | (uint32_t)key[2] << 16 | (uint32_t)key[3] << 24, c;
        if (yb_strmap_find(&b->subcodes, (const char *)key + 4, len - 4, &c) || b->subcode_row[c] == UINT32_MAX ||
            g >= G)
            return yb_fail(ctx, YB_E_INTERNAL, "subtype key %u does not resolve", id);
        b->subtype_matrix[(size_t)b->subcode_row[c] * G + g] = b->subtype_coef[id];
    }
    return YB_OK;
}

static int load_subtypes(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    static const char *const cols[] = { "group", "subtype", "coefficient", "name" };
    static const int req[] = { 1, 1, 1, 0 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "subtypes", 1, cols, req, 4, &t);
    if (rc)
        return rc;
    size_t cap = 0, ccap = 0;
    int r;
    while ((r = yb_csv_next(t.csv, ctx)) > 0) {
        uint32_t g, id;
        int64_t coef;
        size_t len;
        const char *code = yb_table_text(&t, 1, &len);
        if ((rc = resolve_group(ctx, b, &t, 0, 1, &g)))
            break;
        if (len == 0 || len > 64) {
            rc = yb_table_row_fail(&t, ctx, 1, YB_E_FORMAT, "%s", "subtype code empty or longer than 64 bytes");
            break;
        }
        if ((rc = points_table_dec(ctx, &t, 2, 6, 0, 100 * (int64_t)ONE, 1, &coef, NULL)))
            break;
        uint32_t sc;
        int sc_new = 0;
        if ((rc = yb_strmap_intern(&b->subcodes, code, len, &sc, &sc_new))) {
            rc = rc == YB_E_NOMEM ? yb_fail_nomem(ctx, "subtypes") : yb_fail(ctx, rc, "too many subtypes");
            break;
        }
        if (sc_new && sc >= ccap) {
            ccap = ccap ? ccap * 2 : 64;
            int64_t *ns = yb_mem_realloc_array(&ctx->mem, b->subcode_star, ccap, sizeof *ns);
            if (ns)
                b->subcode_star = ns;
            uint8_t *nf = ns ? yb_mem_realloc_array(&ctx->mem, b->subcode_specific, ccap, 1) : NULL;
            if (!nf) {
                rc = yb_fail_nomem(ctx, "subtypes");
                break;
            }
            b->subcode_specific = nf;
        }
        if (sc_new) {
            b->subcode_star[sc] = -1;
            b->subcode_specific[sc] = 0;
        }
        if (g == YB_POINTS_NO_ID) {
            if (b->subcode_star[sc] >= 0) {
                rc = yb_table_row_fail(&t, ctx, 1, YB_E_DUPLICATE, "%s", "subtype appears twice for group '*'");
                break;
            }
            b->subcode_star[sc] = coef;
            continue;
        }
        b->subcode_specific[sc] = 1;
        char key[72];
        size_t klen = yb_points_subtype_key(g, code, len, key, sizeof key);
        int added = 0;
        if ((rc = yb_strmap_intern(&b->subtypes, key, klen, &id, &added))) {
            rc = rc == YB_E_NOMEM ? yb_fail_nomem(ctx, "subtypes") : yb_fail(ctx, rc, "too many subtypes");
            break;
        }
        if (!added) {
            rc = yb_table_row_fail(&t, ctx, 1, YB_E_DUPLICATE, "%s", "subtype appears twice for this group");
            break;
        }
        if (id >= cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *nc = yb_mem_realloc_array(&ctx->mem, b->subtype_coef, cap, sizeof *nc);
            if (!nc) {
                rc = yb_fail_nomem(ctx, "subtypes");
                break;
            }
            b->subtype_coef = nc;
        }
        b->subtype_coef[id] = coef;
    }
    if (!rc && r < 0)
        rc = r;
    yb_csv_close(t.csv);
    return rc ? rc : subtype_matrix(ctx, b);
}

static int load_standards(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    static const char *const cols[] = { "group", "level", "standard_cost" };
    static const int req[] = { 1, 0, 1 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "standards", 0, cols, req, 3, &t);
    if (!rc && !yb_table_present(&t))
        return yb_fail(ctx, YB_E_PACK, "outlier.standard = \"table\" needs a 'standards' table");
    if (rc)
        return rc;
    size_t stride = b->nlevels + 1;
    uint8_t *how = yb_mem_calloc(&ctx->mem, (size_t)b->groups.count * stride, 1); /* 1 all-levels, 2 own */
    if (!how) {
        yb_csv_close(t.csv);
        return yb_fail_nomem(ctx, "standards");
    }
    int r;
    while ((r = yb_csv_next(t.csv, ctx)) > 0) {
        uint32_t g, level = 0;
        int64_t yuan;
        size_t len;
        const char *lv = yb_table_text(&t, 1, &len);
        if ((rc = resolve_group(ctx, b, &t, 0, 0, &g)))
            break;
        if (len && yb_strmap_find(&b->levels, lv, len, &level)) {
            rc = yb_table_row_fail(&t, ctx, 1, YB_E_NOT_FOUND, "%s", "level not in table 'levels'");
            break;
        }
        if ((rc = points_table_dec(ctx, &t, 2, 2, 0, YB_POINTS_MAX_COST, 1, &yuan, NULL)))
            break;
        uint8_t mark = len ? 2 : 1;
        size_t from = len ? level : 0, to = len ? level + 1 : stride;
        for (size_t l = from; l < to && !rc; l++) {
            uint8_t *m = &how[(size_t)g * stride + l];
            if (*m == mark)
                rc = yb_table_row_fail(&t, ctx, 1, YB_E_DUPLICATE, "%s", "standard cost given twice for this group and level");
            else if (*m < mark) {
                *m = mark;
                b->standard[(size_t)g * stride + l] = yuan; /* 2 decimals: fen */
            }
        }
        if (rc)
            break;
    }
    if (!rc && r < 0)
        rc = r;
    yb_mem_free(&ctx->mem, how);
    yb_csv_close(t.csv);
    return rc;
}

static int load_bands(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    static const char *const cols[] = { "weight_from", "low_ratio", "high_ratio", "extreme_ratio" };
    static const int req[] = { 1, 1, 1, 0 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "outlier_bands", 1, cols, req, 4, &t);
    if (rc)
        return rc;
    int64_t from[64];
    outlier_rule rule[64];
    size_t n = 0;
    int r;
    while ((r = yb_csv_next(t.csv, ctx)) > 0) {
        int64_t f, lo, hi, ex = 0;
        int have_ex = 0;
        if ((rc = points_table_dec(ctx, &t, 0, 4, 0, INT64_MAX / 2, 1, &f, NULL)) ||
            (rc = points_table_dec(ctx, &t, 1, 6, 0, 1000 * (int64_t)ONE, 1, &lo, NULL)) ||
            (rc = points_table_dec(ctx, &t, 2, 6, 1, 1000 * (int64_t)ONE, 1, &hi, NULL)) ||
            (t.col[3] >= 0 && (rc = points_table_dec(ctx, &t, 3, 6, 1, 1000 * (int64_t)ONE, 0, &ex, &have_ex))))
            break;
        if (n == 64) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_LIMIT, "%s", "more than 64 bands");
            break;
        }
        if ((n == 0 && f != 0) || (n > 0 && f <= from[n - 1])) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_FORMAT, "%s", "bands must start at 0 and rise strictly");
            break;
        }
        if (lo >= hi || (have_ex && ex <= hi)) {
            rc = yb_table_row_fail(&t, ctx, 2, YB_E_FORMAT, "%s", "need low_ratio < high_ratio < extreme_ratio");
            break;
        }
        from[n] = f;
        rule[n++] = (outlier_rule){ lo, hi, have_ex ? ex : 0 };
    }
    if (!rc && r < 0)
        rc = r;
    yb_csv_close(t.csv);
    if (rc)
        return rc;
    if (n == 0)
        return yb_fail(ctx, YB_E_PACK, "table 'outlier_bands' has no rows");
    b->group_outlier = yb_mem_calloc(&ctx->mem, b->groups.count, sizeof *b->group_outlier);
    if (!b->group_outlier)
        return yb_fail_nomem(ctx, "outlier bands");
    for (uint32_t g = 0; g < b->groups.count; g++) {
        size_t k = n - 1;
        while (k > 0 && from[k] > b->weight[g])
            k--;
        b->group_outlier[g] = rule[k];
    }
    return YB_OK;
}

static int add_band(yb_ctx *ctx, corridor_band **bands, size_t *n, int64_t upto, int64_t share)
{
    corridor_band *nb = yb_mem_realloc_array(&ctx->mem, *bands, *n + 1, sizeof *nb);
    if (!nb)
        return yb_fail_nomem(ctx, "corridors");
    nb[*n] = (corridor_band){ upto, share };
    *bands = nb;
    ++*n;
    return YB_OK;
}

static int load_corridors(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    static const char *const cols[] = { "side", "upto", "share" };
    static const int req[] = { 1, 1, 1 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "corridors", 1, cols, req, 3, &t);
    if (rc)
        return rc;
    int r;
    while ((r = yb_csv_next(t.csv, ctx)) > 0) {
        size_t len;
        const char *side = yb_table_text(&t, 0, &len);
        int surplus = len == 7 && memcmp(side, "surplus", 7) == 0;
        if (!surplus && !(len == 9 && memcmp(side, "overspend", 9) == 0)) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_FORMAT, "%s", "expected surplus or overspend");
            break;
        }
        int64_t upto = INT64_MAX, share;
        int have = 0;
        if ((rc = points_table_dec(ctx, &t, 1, 6, 1, 1000 * (int64_t)ONE, 0, &upto, &have)) ||
            (rc = points_table_dec(ctx, &t, 2, 6, 0, ONE, 1, &share, NULL)))
            break;
        if (!have)
            upto = INT64_MAX;
        corridor_band **bands = surplus ? &b->surplus : &b->overspend;
        size_t *n = surplus ? &b->n_surplus : &b->n_overspend;
        if (*n && (*bands)[*n - 1].upto >= upto) {
            rc = yb_table_row_fail(&t, ctx, 1, YB_E_FORMAT,
                            "bands of a side must rise strictly; an empty upto (no limit) comes last");
            break;
        }
        if ((rc = add_band(ctx, bands, n, upto, share)))
            break;
    }
    if (!rc && r < 0)
        rc = r;
    yb_csv_close(t.csv);
    return rc;
}

int yb_points_book_rules(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    int rc = YB_OK;
    if (yb_pack_has_table(pack, "subtypes") && (rc = load_subtypes(ctx, b, pack)))
        return rc;
    if (b->outliers_on && b->standard_source == STANDARD_TABLE && (rc = load_standards(ctx, b, pack)))
        return rc;
    if (!(b->outliers_on && b->standard_source == STANDARD_TABLE) && yb_pack_has_table(pack, "standards"))
        return yb_fail(ctx, YB_E_PACK, "table 'standards' is only used with outlier.standard = \"table\"");
    if (yb_pack_has_table(pack, "outlier_bands") && (rc = load_bands(ctx, b, pack)))
        return rc;
    if (yb_pack_has_table(pack, "corridors") && (rc = load_corridors(ctx, b, pack)))
        return rc;
    return YB_OK;
}
