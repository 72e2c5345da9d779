/* Budget point value from history, the DIP total by the three methods of the
 * DIP 3.0 draft (ch. 4 §2.2) and the elastic point value (ch. 4 §3.1). */
#include <string.h>

#include "points_internal.h"

#define ONE YB_RATIO_ONE

int yb_points_budget_value(yb_ctx *ctx, const yb_points_book *b, const int64_t *cost, const int64_t *points,
                           size_t n_years, const int64_t *weights, int64_t *value)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (!b || !cost || !points || !value || n_years == 0 || n_years > YB_POINTS_MAX_YEARS)
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_points_budget_value: bad arguments (1 … 10 years)");
    int64_t ones[YB_POINTS_MAX_YEARS] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    const int64_t *w = weights;
    if (!w && b->n_year_weights) {
        if (b->n_year_weights != n_years)
            return yb_fail(ctx, YB_E_PARAM, "budget.year_weights has %zu weights, %zu years given",
                           b->n_year_weights, n_years);
        w = b->year_weights;
    }
    if (!w)
        w = ones;
    yb_i128 num = 0, den = 0;
    for (size_t i = 0; i < n_years; i++) {
        if (cost[i] < 0 || points[i] < 0 || w[i] < 0 || w[i] > 1000000)
            return yb_fail(ctx, YB_E_INVALID_ARG, "year %zu: cost, points and weight must be ≥ 0", i);
        num += (yb_i128)cost[i] * w[i];
        den += (yb_i128)points[i] * w[i];
    }
    if (den == 0)
        return yb_fail(ctx, YB_E_DIV_ZERO, "no points in the weighted years");
    /* cost (fen) ÷ points (4 decimals) at 6 decimals: × 10^8. */
    int rc = yb_points_value_div(num * FEN_PER_POINT_UNIT, den, b->pv_decimals, b->rounding, value);
    return rc ? yb_fail(ctx, rc, "budget point value out of range") : YB_OK;
}

static int dip_total_by_method(yb_ctx *ctx, const yb_dip_total_input *in, int mode, yb_dip_total_result *out)
{
    int64_t t;
    switch (in->method) {
    case YB_DIP_TOTAL_BY_ITEMS:
        if (in->inpatient_budget < 0 || in->regional_adjustment < 0 || in->out_of_area < 0 || in->other_excluded < 0)
            return yb_fail(ctx, YB_E_INVALID_ARG, "amounts of the items method must be ≥ 0");
        t = in->inpatient_budget - in->regional_adjustment - in->out_of_area - in->other_excluded;
        if (t < 0)
            return yb_fail(ctx, YB_E_PARAM, "deductions exceed the inpatient fund budget");
        break;
    case YB_DIP_TOTAL_BY_PROPORTION:
        if (in->inpatient_budget < 0 || in->last_dip_total < 0 || in->last_inpatient_total < 0 ||
            in->last_dip_total > in->last_inpatient_total)
            return yb_fail(ctx, YB_E_INVALID_ARG, "need 0 ≤ last DIP total ≤ last inpatient total");
        if (in->last_inpatient_total == 0)
            return yb_fail(ctx, YB_E_DIV_ZERO, "last year's inpatient fund total is 0");
        /* The exact share, not the reported rounded one, multiplies the budget: one rounding. */
        if (yb_muldiv(in->inpatient_budget, in->last_dip_total, in->last_inpatient_total, mode, &t) ||
            yb_muldiv(in->last_dip_total, ONE, in->last_inpatient_total, mode, &out->share))
            return yb_fail(ctx, YB_E_OVERFLOW, "DIP total overflows");
        break;
    case YB_DIP_TOTAL_BY_GROWTH: {
        int64_t g = in->growth_rate;
        if (in->last_dip_total < 0 || g < -ONE)
            return yb_fail(ctx, YB_E_INVALID_ARG, "need last DIP total ≥ 0 and growth ≥ -1");
        if (in->growth_capped && g > in->growth_cap)
            g = in->growth_cap;
        out->growth_applied = g;
        if (g < -ONE || yb_muldiv(in->last_dip_total, ONE + g, ONE, mode, &t))
            return yb_fail(ctx, YB_E_OVERFLOW, "DIP total overflows or growth cap below -1");
        break;
    }
    default: return yb_fail(ctx, YB_E_PARAM, "unknown DIP total method %d", (int)in->method);
    }
    out->before_rebase = t;
    return YB_OK;
}

int yb_points_dip_total(yb_ctx *ctx, const yb_dip_total_input *in, int rounding, yb_dip_total_result *out)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (!in || in->size < sizeof *in || !out || out->size < sizeof *out || !yb_round_valid(rounding))
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_points_dip_total: bad arguments");
    for (int i = 0; i < 4; i++)
        if (in->reserved[i])
            return yb_fail(ctx, YB_E_INVALID_ARG, "reserved fields must be NULL");
    size_t size = out->size;
    memset(out, 0, sizeof *out);
    out->size = size;
    int rc = dip_total_by_method(ctx, in, rounding, out);
    if (rc)
        return rc;
    out->total = out->before_rebase;
    if (in->income_budget || in->income_actual) {
        /* 按本年基金收入决算数调整: total × actual income ÷ budgeted income. */
        if (in->income_budget <= 0 || in->income_actual < 0)
            return yb_fail(ctx, YB_E_INVALID_ARG, "re-basing needs budgeted income > 0 and actual income ≥ 0");
        if (yb_muldiv(out->before_rebase, in->income_actual, in->income_budget, rounding, &out->total))
            return yb_fail(ctx, YB_E_OVERFLOW, "re-based DIP total overflows");
    }
    return YB_OK;
}

int yb_points_elastic_value(yb_ctx *ctx, const yb_elastic_input *in, int rounding, yb_elastic_result *out)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (!in || in->size < sizeof *in || !out || out->size < sizeof *out || !yb_round_valid(rounding) ||
        in->decimals < 0 || in->decimals > 6 || in->total < 0 || in->base_points < 0 || in->increment_points < 0 ||
        in->fixed_point_value < 0 || in->actual_paid < 0 || in->base_share < 0 || in->base_share > ONE ||
        (in->capped && in->floating_cap < 0))
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_points_elastic_value: bad arguments");
    for (int i = 0; i < 4; i++)
        if (in->reserved[i])
            return yb_fail(ctx, YB_E_INVALID_ARG, "reserved fields must be NULL");
    size_t size = out->size;
    memset(out, 0, sizeof *out);
    out->size = size;
    int rc;
    out->fixed_point_value = in->fixed_point_value;
    if (!out->fixed_point_value) {
        if (in->base_share == 0)
            return yb_fail(ctx, YB_E_INVALID_ARG, "give a fixed point value or a base share");
        if (in->base_points == 0)
            return yb_fail(ctx, YB_E_DIV_ZERO, "no base points to derive the fixed point value from");
        /* total × share ÷ base points at 6 decimals: fen·ratio × 10^2 ÷ points. */
        if ((rc = yb_points_value_div((yb_i128)in->total * in->base_share * 100, in->base_points, in->decimals,
                                      rounding, &out->fixed_point_value)))
            return yb_fail(ctx, rc, "fixed point value out of range");
    }
    if (yb_muldiv(in->base_points, out->fixed_point_value, FEN_PER_POINT_UNIT, rounding, &out->base_total))
        return yb_fail(ctx, YB_E_OVERFLOW, "base total overflows");
    out->increment_total = in->total - out->base_total - in->actual_paid;
    if (out->increment_total < 0)
        return yb_fail(ctx, YB_E_PARAM, "the base part and the amounts paid at actual cost exceed the total");
    if (in->increment_points > 0) {
        if ((rc = yb_points_value_div((yb_i128)out->increment_total * FEN_PER_POINT_UNIT, in->increment_points,
                                      in->decimals, rounding, &out->floating_uncapped)))
            return yb_fail(ctx, rc, "floating point value out of range");
        out->floating_point_value = out->floating_uncapped;
        if (in->capped && out->floating_point_value > in->floating_cap)
            out->floating_point_value = in->floating_cap;
        if (yb_muldiv(in->increment_points, out->floating_point_value, FEN_PER_POINT_UNIT, rounding,
                      &out->increment_paid))
            return yb_fail(ctx, YB_E_OVERFLOW, "increment payment overflows");
    }
    out->increment_unused = out->increment_total - out->increment_paid;
    return YB_OK;
}
