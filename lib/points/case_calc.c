/* The per-case engine: score × hospital coefficient × subtype coefficient ×
 * deviation, then money. Every formula and rounding step is in doc/points.md;
 * the 64-bit fast paths give exactly the 128-bit results (same rounding, used
 * only when the product fits). */
#include <string.h>

#include "points_internal.h"

#define ONE YB_RATIO_ONE

int yb_points_subtype_coef(const yb_points_book *b, uint32_t g, const char *s, size_t len, int64_t *coef)
{
    uint32_t code, id;
    if (len == 0) {
        *coef = ONE;
        return YB_OK;
    }
    if (yb_strmap_find(&b->subcodes, s, len, &code))
        return YB_E_ROW_SUBTYPE;
    if (b->subtype_matrix && b->subcode_row[code] != UINT32_MAX) {
        int64_t own = b->subtype_matrix[(size_t)b->subcode_row[code] * b->groups.count + g];
        if (own >= 0) {
            *coef = own;
            return YB_OK;
        }
    } else if (b->subcode_specific[code]) {
        char key[72];
        size_t klen = yb_points_subtype_key(g, s, len, key, sizeof key);
        if (klen && yb_strmap_find(&b->subtypes, key, klen, &id) == YB_OK) {
            *coef = b->subtype_coef[id];
            return YB_OK;
        }
    }
    if (b->subcode_star[code] < 0)
        return YB_E_ROW_SUBTYPE;
    *coef = b->subcode_star[code];
    return YB_OK;
}

static int ungrouped(const yb_points_book *b, const case_in *c, int64_t pv, case_out *o)
{
    int rc;
    switch (b->ungrouped_rule) {
    case UNGROUPED_COST_RATIO:
        /* points = cost (yuan) × ratio ÷ value: fen × 10^-2 × ratio × 10^-6 ÷ (value × 10^-6) → × 10^4. */
        o->kind = YB_POINTS_CASE_UNGROUPED;
        o->deviation = b->ungrouped_ratio;
        if ((rc = yb_points_div((yb_i128)c->cost * b->ungrouped_ratio * 100, pv, b->rounding, &o->points)) ||
            (rc = yb_points_mul_div(o->points, pv, FEN_PER_POINT_DIGITS, b->rounding, &o->payment)))
            return rc;
        break;
    case UNGROUPED_FFS:
        o->kind = YB_POINTS_CASE_FEE_FOR_SERVICE;
        o->deviation = b->ungrouped_ratio;
        o->points = 0;
        if ((rc = yb_points_mul_div(c->cost, b->ungrouped_ratio, RATIO_DIGITS, b->rounding, &o->payment)))
            return rc;
        break;
    default: return YB_E_ROW_UNGROUPED;
    }
    o->fund_due = o->payment - c->self_pay;
    return YB_OK;
}

int yb_points_standard(const yb_points_book *b, uint32_t g, uint32_t level, int64_t pv, int64_t *st)
{
    *st = -1;
    if (!b->outliers_on)
        return YB_OK;
    size_t cell = (size_t)g * (b->nlevels + 1) + level;
    if (b->standard_source != STANDARD_POINT_VALUE) {
        *st = b->standard[cell];
        return YB_OK;
    }
    /* standard = level score × the case's point value, to fen */
    return yb_points_mul_div(b->level_score[cell], pv, FEN_PER_POINT_DIGITS, b->rounding, st);
}

int yb_points_compute(const yb_points_book *b, const case_in *c, const int64_t *pvs, int need_ratio, case_out *o)
{
    int64_t pv = pvs[c->pool];
    int mode = b->rounding;
    int rc;
    o->pv = pv;
    o->score = 0;
    o->hcoef = ONE;
    o->subcoef = ONE;
    o->standard = 0;
    o->ratio = 0;
    o->deviation = ONE;
    o->kind = YB_POINTS_CASE_NORMAL;
    uint32_t g = c->group;
    if (g == YB_POINTS_NO_ID)
        return ungrouped(b, c, pv, o);

    const points_hospital *h = c->hospital == YB_POINTS_NO_ID ? NULL : &b->hosp[c->hospital];
    uint32_t level = h ? h->level : b->nlevels;
    int64_t score = b->score[g];
    int64_t coef = b->primary[g] ? b->primary_coefficient : h ? h->coefficient : b->default_coefficient;
    o->score = score;
    o->hcoef = coef;
    if (c->subtype_len && (rc = yb_points_subtype_coef(b, g, c->subtype, c->subtype_len, &o->subcoef)))
        return rc;

    int64_t st;
    if ((rc = yb_points_standard(b, g, level, pv, &st)))
        return rc;
    if (st > 0) {
        const outlier_rule *r = b->group_outlier ? &b->group_outlier[g] : &b->outlier;
        yb_i128 c6 = (yb_i128)c->cost * ONE;
        if (r->extreme && (b->extreme_inclusive ? c6 >= (yb_i128)st * r->extreme : c6 > (yb_i128)st * r->extreme))
            o->kind = YB_POINTS_CASE_EXTREME;
        else if (b->high_inclusive ? c6 >= (yb_i128)st * r->high : c6 > (yb_i128)st * r->high)
            o->kind = YB_POINTS_CASE_HIGH;
        else if (b->low_inclusive ? c6 <= (yb_i128)st * r->low : c6 < (yb_i128)st * r->low)
            o->kind = YB_POINTS_CASE_LOW;
        o->standard = st;
        if (o->kind != YB_POINTS_CASE_NORMAL || need_ratio) {
            /* cost ratio, 6 decimals: the one rounding of the ratio step. */
            o->ratio = yb_points_rdiv64(c->cost * ONE, st, mode); /* cost ≤ 10^12 keeps cost × 10^6 in 64 bits */
        }
        if (o->kind == YB_POINTS_CASE_LOW)
            o->deviation = o->ratio;
        else if (o->kind != YB_POINTS_CASE_NORMAL)
            o->deviation = o->ratio - r->high + ONE;
    }

    if (o->kind == YB_POINTS_CASE_NORMAL && o->subcoef == ONE) {
        if ((rc = yb_points_mul_div(score, coef, RATIO_DIGITS, mode, &o->points)))
            return rc;
    } else if (o->kind == YB_POINTS_CASE_NORMAL) {
        rc = yb_points_product4(score, coef, o->subcoef, 1, 2 * RATIO_DIGITS, mode, &o->points);
    } else if (o->kind != YB_POINTS_CASE_LOW && b->high_formula == HIGH_ADD) {
        /* score × subtype × (coefficient + deviation − 1) */
        rc = yb_points_product4(score, o->subcoef, coef + o->deviation - ONE, 1, 2 * RATIO_DIGITS, mode, &o->points);
    } else {
        rc = yb_points_product4(score, coef, o->subcoef, o->deviation, 3 * RATIO_DIGITS, mode, &o->points);
    }
    if (rc || (rc = yb_points_mul_div(o->points, pv, FEN_PER_POINT_DIGITS, mode, &o->payment)))
        return rc;
    o->fund_due = o->payment - c->self_pay;
    return YB_OK;
}
