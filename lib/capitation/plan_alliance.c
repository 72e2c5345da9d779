/* Loading the tables and parameters of an alliance-mode capitation plan
 * (紧密型县域医共体总额付费). Table formats: doc/packs-capitation.md. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cap_internal.h"

static int parse_sex(yb_ctx *ctx, yb_table *t, size_t c, int *sex)
{
    char v[CAP_CODE_CAP];
    int rc = yb_table_copy(t, ctx, c, 1, v, CAP_CODE_CAP);
    if (rc)
        return rc;
    if (!strcmp(v, "1") || !strcasecmp(v, "M") || !strcasecmp(v, "male"))
        *sex = 1;
    else if (!strcmp(v, "2") || !strcasecmp(v, "F") || !strcasecmp(v, "female"))
        *sex = 2;
    else
        return yb_table_row_fail(t, ctx, c, YB_E_FORMAT, "sex must be 1 (or M) for male, 2 (or F) for female");
    return YB_OK;
}

static int read_population(yb_ctx *ctx, const yb_pack *pack, yb_cap_plan *p)
{
    enum { BAND, SEX, FROM, TO, ENROLLEES, COEF };
    const char *const cols[] = { "band", "sex", "age_from", "age_to", "enrollees", "coefficient" };
    const int req[] = { 1, 1, 1, 1, 1, 0 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "population", 1, cols, req, 6, &t);
    if (rc)
        return rc;
    if (p->risk_adjust && t.col[COEF] < 0) {
        rc = yb_table_fail(&t, ctx, YB_E_PACK, "coefficient", NULL, "risk_adjustment.enabled is true, so the population table needs a 'coefficient' column");
        yb_table_close(&t);
        return rc;
    }
    size_t cap = 0;
    int64_t total = 0;
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        cap_band b = { .line = yb_csv_line(t.csv) };
        int64_t from, to;
        int has_coef;
        if ((rc = yb_table_copy(&t, ctx, BAND, 1, b.code, CAP_CODE_CAP)) || (rc = parse_sex(ctx, &t, SEX, &b.sex)) ||
            (rc = yb_table_int(&t, ctx, FROM, 0, 150, &from)) || (rc = yb_table_int(&t, ctx, TO, 0, 150, &to)) ||
            (rc = yb_table_int(&t, ctx, ENROLLEES, 0, 100000000, &b.enrollees)) ||
            (rc = yb_table_dec_opt(&t, ctx, COEF, YB_RATIO_DECIMALS, 1, 100 * (int64_t)YB_RATIO_ONE, &b.coef, &has_coef)))
            break;
        b.age_from = (int)from;
        b.age_to = (int)to;
        if (to < from) {
            rc = yb_table_row_fail(&t, ctx, TO, YB_E_PARAM, "age_to is below age_from");
            break;
        }
        if (p->risk_adjust && !has_coef) {
            rc = yb_table_row_fail(&t, ctx, COEF, YB_E_FORMAT, "missing coefficient (risk adjustment is enabled)");
            break;
        }
        for (size_t i = 0; i < p->nbands && !rc; i++) {
            if (!strcmp(p->bands[i].code, b.code))
                rc = yb_table_row_fail(&t, ctx, BAND, YB_E_DUPLICATE, "band already defined on line %llu", (unsigned long long)p->bands[i].line);
            else if (p->bands[i].sex == b.sex && b.age_from <= p->bands[i].age_to && p->bands[i].age_from <= b.age_to)
                rc = yb_table_row_fail(&t, ctx, FROM, YB_E_PACK, "ages overlap band '%s' of the same sex (line %llu)", p->bands[i].code, (unsigned long long)p->bands[i].line);
        }
        if (rc)
            break;
        if (p->nbands == cap) {
            size_t nc = cap ? cap * 2 : 16;
            cap_band *nb = yb_mem_realloc_array(&p->mem, p->bands, nc, sizeof *nb);
            if (!nb) {
                rc = yb_fail_nomem(ctx, "the population table");
                break;
            }
            p->bands = nb;
            cap = nc;
        }
        p->bands[p->nbands++] = b;
        total += b.enrollees; /* ≤ 1e8 per row, rows bounded by memory: no overflow before 9e10 rows */
    }
    if (!rc && total == 0)
        rc = yb_table_fail(&t, ctx, YB_E_PACK, "enrollees", NULL, "the plan enrols nobody (enrollees sum to 0)");
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

/* Reads code,name,<value columns> tables into a cap_list. kind selects the
 * value columns. */
enum { T_CONDITIONS, T_POTS, T_CARVEOUTS, T_ASSESSMENT, T_TIERS };

static int read_row(yb_ctx *ctx, yb_table *t, int kind, cap_named *e, int64_t enrollees)
{
    int rc, present;
    switch (kind) {
    case T_CONDITIONS:
        if ((rc = yb_table_dec(t, ctx, 2, YB_RATIO_DECIMALS, 0, 100 * (int64_t)YB_RATIO_ONE, &e->a)))
            return rc;
        return yb_table_int(t, ctx, 3, 0, enrollees, &e->b);
    case T_POTS:
        return yb_table_dec(t, ctx, 2, YB_RATIO_DECIMALS, 1, YB_RATIO_ONE, &e->a);
    case T_CARVEOUTS: {
        char basis[CAP_CODE_CAP];
        if ((rc = yb_table_copy(t, ctx, 2, 1, basis, CAP_CODE_CAP)))
            return rc;
        if (!strcmp(basis, "per_capita"))
            e->b = CAP_CARVE_PER_CAPITA;
        else if (!strcmp(basis, "ratio"))
            e->b = CAP_CARVE_RATIO;
        else if (!strcmp(basis, "amount"))
            e->b = CAP_CARVE_AMOUNT;
        else
            return yb_table_row_fail(t, ctx, 2, YB_E_FORMAT, "basis must be per_capita, ratio or amount");
        if (e->b == CAP_CARVE_RATIO)
            return yb_table_dec(t, ctx, 3, YB_RATIO_DECIMALS, 0, YB_RATIO_ONE, &e->a);
        return yb_table_dec(t, ctx, 3, YB_MONEY_DECIMALS, 0, (int64_t)1 << 53, &e->a);
    }
    case T_ASSESSMENT:
        return yb_table_dec(t, ctx, 2, YB_SCORE_DECIMALS, 1, 100 * (int64_t)YB_SCORE_ONE, &e->a);
    default: /* T_TIERS */
        if ((rc = yb_table_dec(t, ctx, 2, YB_RATIO_DECIMALS, 0, YB_RATIO_ONE, &e->a)))
            return rc;
        if ((rc = yb_table_dec_opt(t, ctx, 3, YB_RATIO_DECIMALS, 0, YB_RATIO_ONE, &e->b, &present)))
            return rc;
        if (t->col[3] >= 0 && !present)
            return yb_table_row_fail(t, ctx, 3, YB_E_FORMAT, "missing value");
        if (!present)
            e->b = e->a;
        return YB_OK;
    }
}

static int read_list(yb_ctx *ctx, const yb_pack *pack, yb_cap_plan *p, int kind, cap_list *l, int required)
{
    static const char *const tables[] = { "conditions", "pots", "carveouts", "assessment", "tiers" };
    static const char *const code_col[] = { "condition", "pot", "carveout", "item", "tier" };
    static const char *const c2[] = { "coefficient", "share", "basis", "max_score", "share" };
    static const char *const c3[] = { "enrollees", NULL, "value", NULL, "loss_share" };
    const char *cols[4] = { code_col[kind], "name", c2[kind], c3[kind] };
    const int req[4] = { 1, 0, 1, kind != T_TIERS };
    size_t ncols = c3[kind] ? 4 : 3;
    yb_table t;
    int present;
    int rc = yb_table_open(ctx, pack, tables[kind], required, cols, req, ncols, &t);
    present = yb_table_present(&t);
    if (rc || !present)
        return rc;
    int64_t sum = 0, sum_b = 0;
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        char code[CAP_CODE_CAP];
        if ((rc = yb_table_copy(&t, ctx, 0, 1, code, CAP_CODE_CAP)))
            break;
        if (cap_list_find(l, code, strlen(code)) >= 0) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_DUPLICATE, "'%s' is defined twice", code);
            break;
        }
        cap_named *e = cap_list_push(ctx, &p->mem, l);
        if (!e) {
            rc = YB_E_NOMEM;
            break;
        }
        memcpy(e->code, code, sizeof code);
        if ((rc = yb_table_copy(&t, ctx, 1, 0, e->name, CAP_NAME_CAP)) || (rc = read_row(ctx, &t, kind, e, p->budget.enrollees)))
            break;
        sum += e->a;
        sum_b += e->b;
    }
    char v[32];
    if (!rc && !l->n)
        rc = yb_table_fail(&t, ctx, YB_E_PACK, NULL, NULL, "the table has no rows");
    else if (!rc && kind == T_TIERS && l->n > CAP_MAX_TIERS)
        rc = yb_table_fail(&t, ctx, YB_E_LIMIT, NULL, NULL, "at most %d tiers", CAP_MAX_TIERS);
    else if (!rc && (kind == T_POTS || kind == T_TIERS) && sum != YB_RATIO_ONE)
        rc = yb_table_fail(&t, ctx, YB_E_PACK, "share", (yb_decimal_format(sum, 6, v, sizeof v), v), "shares must add up to exactly 1");
    else if (!rc && kind == T_TIERS && sum_b != YB_RATIO_ONE)
        rc = yb_table_fail(&t, ctx, YB_E_PACK, "loss_share", (yb_decimal_format(sum_b, 6, v, sizeof v), v), "loss shares must add up to exactly 1");
    else if (!rc && kind == T_ASSESSMENT && sum != 100 * (int64_t)YB_SCORE_ONE)
        rc = yb_table_fail(&t, ctx, YB_E_PACK, "max_score", (yb_decimal_format(sum, 4, v, sizeof v), v), "item maxima must add up to exactly 100");
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

static int read_params(yb_ctx *ctx, const yb_pack *pack, yb_cap_plan *p)
{
    static const char *const basis[] = { "total", "pot" };
    const int64_t one = YB_RATIO_ONE;
    int rc, b = CAP_BASIS_TOTAL;
    p->normalisation = one;
    p->advance_ratio = one;
    if ((rc = yb_pack_param_decimal(ctx, pack, "per_capita.base", 1, YB_MONEY_DECIMALS, 1, (int64_t)1 << 40,
                                    &p->per_capita_base)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "per_capita.growth", 0, YB_RATIO_DECIMALS, -one / 2, one,
                                    &p->growth)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "risk_reserve.ratio", 0, YB_RATIO_DECIMALS, 0, one / 2,
                                    &p->reserve_ratio)) ||
        (rc = yb_pack_param_bool(ctx, pack, "risk_adjustment.enabled", 0, &p->risk_adjust)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "risk_adjustment.normalisation", 0, YB_RATIO_DECIMALS, 1,
                                    100 * one, &p->normalisation)) ||
        (rc = yb_pack_param_enum(ctx, pack, "clearing.basis", 0, basis, 2, &b)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "overspend.min_score", 0, YB_SCORE_DECIMALS, 0,
                                    100 * (int64_t)YB_SCORE_ONE, &p->min_score)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "advance.ratio", 0, YB_RATIO_DECIMALS, 0, one, &p->advance_ratio)))
        return rc;
    p->basis = b;
    return YB_OK;
}

int cap_load_alliance(yb_ctx *ctx, const yb_pack *pack, yb_cap_plan *p)
{
    int rc;
    if ((rc = read_params(ctx, pack, p)) || (rc = read_population(ctx, pack, p)))
        return rc;
    for (size_t i = 0; i < p->nbands; i++)
        p->budget.enrollees += p->bands[i].enrollees;
    if (!p->risk_adjust && yb_pack_has_table(pack, "conditions")) {
        yb_errloc loc = { .file = yb_pack_manifest_path(pack), .field = "risk_adjustment.enabled" };
        return yb_fail_at(ctx, YB_E_PACK, &loc,
                          "the plan has a conditions table but risk adjustment is not enabled");
    }
    if ((rc = read_list(ctx, pack, p, T_CONDITIONS, &p->conds, 0)) ||
        (rc = read_list(ctx, pack, p, T_POTS, &p->pots, 0)) ||
        (rc = read_list(ctx, pack, p, T_CARVEOUTS, &p->carves, 0)) ||
        (rc = read_list(ctx, pack, p, T_ASSESSMENT, &p->items, 0)) ||
        (rc = read_list(ctx, pack, p, T_TIERS, &p->tiers, 1)) ||
        (rc = cap_read_retention(ctx, &p->mem, pack, &p->retention, &p->nretention)) ||
        (rc = cap_read_ranges(ctx, &p->mem, pack, "surplus_bands", 0, &p->surplus, &p->nsurplus)) ||
        (rc = cap_read_ranges(ctx, &p->mem, pack, "overspend_bands", 1, &p->over, &p->nover)))
        return rc;
    if (!p->pots.n) { /* no classified budget: one pot takes everything */
        cap_named *e = cap_list_push(ctx, &p->mem, &p->pots);
        if (!e)
            return YB_E_NOMEM;
        snprintf(e->code, sizeof e->code, "all");
        snprintf(e->name, sizeof e->name, "whole budget");
        e->a = YB_RATIO_ONE;
    }
    if (!p->nsurplus) { /* default: the whole surplus is subject to retention */
        p->surplus = yb_mem_alloc(&p->mem, sizeof *p->surplus);
        if (!p->surplus)
            return yb_fail_nomem(ctx, "the surplus bands");
        p->surplus[0] = (cap_range){ 0, CAP_OPEN_END, YB_RATIO_ONE };
        p->nsurplus = 1;
    }
    return cap_compute_budget(ctx, p);
}
