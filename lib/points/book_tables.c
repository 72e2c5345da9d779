/* Tables of a point-value book: scores or weights, levels, hospitals,
 * subtypes, standards, outlier bands and corridors (doc/packs-points.md). */
#include <stdio.h>
#include <string.h>

#include "points_internal.h"

#define ONE YB_RATIO_ONE
#define MAX_ROWS 2000000u

/* A decimal in [min, max]; *present = 0 for an empty optional cell. */
int points_table_dec(yb_ctx *ctx, const yb_table *t, int k, int decimals, int64_t min, int64_t max, int required,
                      int64_t *out, int *present)
{
    int have = 0;
    if (t->col[k] < 0) {
        if (present)
            *present = 0;
        return YB_OK;
    }
    int rc = yb_csv_get_decimal_opt(t->csv, ctx, (size_t)t->col[k], decimals, out, &have);
    if (rc)
        return rc;
    if (!have && required)
        return yb_table_row_fail(t, ctx, k, YB_E_FORMAT, "%s", "missing value");
    if (have && (*out < min || *out > max)) {
        char lo[32], hi[32], msg[96];
        yb_decimal_format(min, decimals, lo, sizeof lo);
        yb_decimal_format(max, decimals, hi, sizeof hi);
        snprintf(msg, sizeof msg, "value out of range %s … %s", lo, hi);
        return yb_table_row_fail(t, ctx, k, YB_E_FORMAT, "%s", msg);
    }
    if (present)
        *present = have;
    return YB_OK;
}

static int get_code(yb_ctx *ctx, const yb_table *t, int k, const char **s, size_t *len)
{
    *s = yb_table_text(t, k, len);
    if (*len == 0)
        return yb_table_row_fail(t, ctx, k, YB_E_FORMAT, "%s", "missing code");
    if (*len > 64)
        return yb_table_row_fail(t, ctx, k, YB_E_FORMAT, "%s", "code longer than 64 bytes");
    return YB_OK;
}

static int next_row(yb_ctx *ctx, yb_table *t, size_t *rows)
{
    int r = yb_csv_next(t->csv, ctx);
    if (r > 0 && ++*rows > MAX_ROWS) {
        yb_errloc loc = { .file = yb_csv_name(t->csv), .line = yb_csv_line(t->csv) };
        return yb_fail_at(ctx, YB_E_LIMIT, &loc, "more than %u rows", MAX_ROWS);
    }
    return r;
}

static int grow(yb_ctx *ctx, void **p, size_t count, size_t size)
{
    void *np = yb_mem_realloc_array(&ctx->mem, *p, count, size);
    if (!np)
        return yb_fail_nomem(ctx, "point-value book");
    *p = np;
    return YB_OK;
}

static int intern_new(yb_ctx *ctx, yb_strmap *m, const yb_table *t, int k, const char *s, size_t len, uint32_t *id,
                      const char *what)
{
    int added = 0;
    int rc = yb_strmap_intern(m, s, len, id, &added);
    if (rc == YB_E_NOMEM)
        return yb_fail_nomem(ctx, what);
    if (rc)
        return yb_fail(ctx, rc, "too many %ss", what);
    if (!added) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s appears twice", what);
        return yb_table_row_fail(t, ctx, k, YB_E_DUPLICATE, "%s", msg);
    }
    return YB_OK;
}

static int load_groups(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    int dip = b->method == YB_POINTS_METHOD_DIP;
    const char *name = dip ? "scores" : "weights";
    const char *other = dip ? "weights" : "scores";
    if (yb_pack_has_table(pack, other))
        return yb_fail(ctx, YB_E_PACK, "a %s has a '%s' table, not '%s'", dip ? "points-book" : "drg-book", name,
                       other);
    static const char *const dip_cols[] = { "group", "score", "primary_care", "name" };
    static const char *const drg_cols[] = { "drg", "weight", "name" };
    static const int dip_req[] = { 1, 1, 0, 0 }, drg_req[] = { 1, 1, 0 };
    yb_table t;
    int rc = dip ? yb_table_open(ctx, pack, name, 1, dip_cols, dip_req, 4, &t)
                 : yb_table_open(ctx, pack, name, 1, drg_cols, drg_req, 3, &t);
    if (rc)
        return rc;
    int kname = dip ? 3 : 2;
    size_t rows = 0, cap = 0;
    int r;
    while ((r = next_row(ctx, &t, &rows)) > 0) {
        const char *code;
        size_t len;
        uint32_t id;
        int64_t score = 0;
        if ((rc = get_code(ctx, &t, 0, &code, &len)) ||
            (rc = points_table_dec(ctx, &t, 1, 4, 0, 100000000 * (int64_t)YB_SCORE_ONE, 1, &score, NULL)) ||
            (rc = intern_new(ctx, &b->groups, &t, 0, code, len, &id, dip ? "group" : "DRG")))
            break;
        if (id >= cap) {
            cap = cap ? cap * 2 : 1024;
            if ((rc = grow(ctx, (void **)&b->weight, cap, sizeof *b->weight)) ||
                (rc = grow(ctx, (void **)&b->primary, cap, sizeof *b->primary)) ||
                (rc = grow(ctx, (void **)&b->group_name, cap, sizeof *b->group_name)))
                break;
        }
        b->weight[id] = score;
        b->primary[id] = 0;
        if (dip) {
            size_t plen;
            const char *pc = yb_table_text(&t, 2, &plen);
            if (plen == 1 && (pc[0] == '0' || pc[0] == '1'))
                b->primary[id] = pc[0] == '1';
            else if (plen == 4 && memcmp(pc, "true", 4) == 0)
                b->primary[id] = 1;
            else if (!(plen == 0 || (plen == 5 && memcmp(pc, "false", 5) == 0))) {
                rc = yb_table_row_fail(&t, ctx, 2, YB_E_FORMAT, "%s", "expected 0, 1, true, false or empty");
                break;
            }
        }
        size_t nlen;
        const char *nm = yb_table_text(&t, kname, &nlen);
        if ((rc = yb_points_book_add_name(b, nm, nlen, &b->group_name[id]))) {
            rc = yb_fail_nomem(ctx, "group names");
            break;
        }
    }
    if (!rc && r < 0)
        rc = r;
    if (!rc && b->groups.count == 0)
        rc = yb_fail(ctx, YB_E_PACK, "table '%s' has no rows", name);
    yb_csv_close(t.csv);
    return rc;
}

static int load_levels(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    static const char *const cols[] = { "level", "coefficient", "name" };
    static const int req[] = { 1, 1, 0 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "levels", 0, cols, req, 3, &t);
    if (!rc && !yb_table_present(&t))
        return yb_fail(ctx, YB_E_PACK, "a book with a 'hospitals' table needs a 'levels' table");
    if (rc)
        return rc;
    size_t rows = 0;
    int r;
    while ((r = next_row(ctx, &t, &rows)) > 0) {
        const char *code;
        size_t len;
        uint32_t id;
        int64_t coef;
        if ((rc = get_code(ctx, &t, 0, &code, &len)) ||
            (rc = points_table_dec(ctx, &t, 1, 6, 0, 100 * (int64_t)ONE, 1, &coef, NULL)))
            break;
        if (b->levels.count == YB_POINTS_MAX_LEVELS) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_LIMIT, "%s", "more than 16 levels");
            break;
        }
        if ((rc = intern_new(ctx, &b->levels, &t, 0, code, len, &id, "level")))
            break;
        b->level_coef[id] = coef;
    }
    if (!rc && r < 0)
        rc = r;
    b->nlevels = b->levels.count;
    b->level_coef[b->nlevels] = ONE;
    yb_csv_close(t.csv);
    return rc;
}

/* Hospital coefficient: the level's base and the capped add-ons, added or
 * multiplied (base × Π(1 + addon)), rounded once to hospital.decimals
 * (doc/points.md, "Hospital coefficient"). */
static int hospital_coefficient(const yb_points_book *b, points_hospital *h)
{
    yb_i128 exact = b->level_coef[h->level];
    yb_i128 scale = 1;
    for (int a = 0; a < YB_POINTS_ADDONS; a++) {
        if (!b->addons[a].set)
            continue;
        if (b->combine_multiply) {
            exact *= ONE + h->addon[a];
            scale *= ONE;
        } else {
            exact += h->addon[a];
        }
    }
    int64_t unit = yb_pow10(6 - b->coef_decimals);
    return yb_i128_to_i64(yb_div_round_i128(exact, scale * unit, b->rounding) * unit, &h->coefficient);
}

static int load_hospitals(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    static const char *const cols[] = { "hospital", "level",          "name",          "coefficient",
                                        "cmi",      "children_share", "elderly_share", "tcm_share" };
    static const int req[] = { 1, 1, 0, 0, 0, 0, 0, 0 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "hospitals", 1, cols, req, 8, &t);
    if (rc)
        return rc;
    for (int a = 0; a < YB_POINTS_ADDONS; a++)
        if (b->addons[a].set && t.col[4 + a] < 0) {
            yb_csv_close(t.csv);
            return yb_fail(ctx, YB_E_PACK, "parameters addon.%s.* need the column '%s' in table 'hospitals'",
                           a == 0 ? "cmi" : a == 1 ? "children" : a == 2 ? "elderly" : "tcm", cols[4 + a]);
        }
    size_t rows = 0, cap = 0;
    int r;
    while ((r = next_row(ctx, &t, &rows)) > 0) {
        const char *code, *lv;
        size_t len, lvlen;
        uint32_t id, level;
        if ((rc = get_code(ctx, &t, 0, &code, &len)) || (rc = get_code(ctx, &t, 1, &lv, &lvlen)))
            break;
        if (yb_strmap_find(&b->levels, lv, lvlen, &level)) {
            rc = yb_table_row_fail(&t, ctx, 1, YB_E_NOT_FOUND, "%s", "level not in table 'levels'");
            break;
        }
        if ((rc = intern_new(ctx, &b->hospitals, &t, 0, code, len, &id, "hospital")))
            break;
        if (id >= cap) {
            cap = cap ? cap * 2 : 64;
            if ((rc = grow(ctx, (void **)&b->hosp, cap, sizeof *b->hosp)))
                break;
        }
        points_hospital *h = &b->hosp[id];
        memset(h, 0, sizeof *h);
        h->level = level;
        size_t nlen;
        const char *nm = yb_table_text(&t, 2, &nlen);
        if (yb_points_book_add_name(b, nm, nlen, &h->name_off)) {
            rc = yb_fail_nomem(ctx, "hospital names");
            break;
        }
        for (int a = 0; a < YB_POINTS_ADDONS; a++) {
            if (!b->addons[a].set)
                continue;
            int64_t v = 0;
            int have = 0;
            if ((rc = points_table_dec(ctx, &t, 4 + a, 6, 0, 1000 * (int64_t)ONE, 0, &v, &have)))
                break;
            if (!have)
                continue; /* not assessed: no add-on */
            const addon_rule *ar = &b->addons[a];
            int64_t add = 0;
            rc = yb_muldiv(v - ar->reference, ar->slope, ONE, b->rounding, &add);
            if (rc)
                break;
            h->addon[a] = add < 0 ? 0 : add > ar->cap ? ar->cap : add;
        }
        if (rc)
            break;
        int64_t given = 0;
        int have_given = 0;
        if ((rc = points_table_dec(ctx, &t, 3, 6, 0, 100 * (int64_t)ONE, 0, &given, &have_given)))
            break;
        if (have_given)
            h->coefficient = given;
        else if ((rc = hospital_coefficient(b, h)))
            break;
    }
    if (!rc && r < 0)
        rc = r;
    yb_csv_close(t.csv);
    return rc;
}

int yb_points_book_tables(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    int rc = load_groups(ctx, b, pack);
    if (rc)
        return rc;
    b->open_hospitals = !yb_pack_has_table(pack, "hospitals");
    if (!b->open_hospitals) {
        if ((rc = load_levels(ctx, b, pack)) || (rc = load_hospitals(ctx, b, pack)))
            return rc;
    } else {
        for (int a = 0; a < YB_POINTS_ADDONS; a++)
            if (b->addons[a].set)
                return yb_fail(ctx, YB_E_PACK, "add-on parameters need a 'hospitals' table");
        if (yb_pack_has_table(pack, "levels") && (rc = load_levels(ctx, b, pack)))
            return rc;
        b->level_coef[b->nlevels] = ONE;
    }
    return YB_OK;
}
