/* Parameters of a point-value book (doc/packs-points.md lists them all). */
#include <stdio.h>
#include <string.h>

#include "points_internal.h"

#define ONE YB_RATIO_ONE
#define RATIO_MAX (1000 * (int64_t)YB_RATIO_ONE)
#define VALUE_MAX ((int64_t)1000000 * 1000000) /* one million yuan per point */

static const char *const known[] = {
    "method", "rounding", "score.scale", "pools", "point_value.decimals", "point_value.budget.", "rate.",
    "settlement.method", "settlement.ratio.", "settlement.conserve", "budget.year_weights",
    "hospital.combine", "hospital.decimals", "hospital.default_coefficient", "addon.",
    "primary_care.coefficient", "outlier.enabled", "outlier.standard", "outlier.standard_point_value",
    "outlier.by_level", "outlier.low.ratio", "outlier.low.inclusive", "outlier.high.ratio",
    "outlier.high.inclusive", "outlier.high.formula", "outlier.extreme.ratio", "outlier.extreme.inclusive",
    "ungrouped.rule", "ungrouped.ratio", "special_review.pool_share", "advance.deposit_ratio",
    "corridor.surplus_cap",
};

static const char *const pool_names[2][2] = { { "all", NULL }, { "employee", "resident" } };
static const char *const addon_names[YB_POINTS_ADDONS] = { "cmi", "children", "elderly", "tcm" };

static int param_error(yb_ctx *ctx, const yb_pack *pack, const char *key, const char *fmt)
{
    const char *v = yb_pack_param_text(pack, key);
    yb_errloc loc = { .file = yb_pack_manifest_path(pack), .field = key, .value = v,
                      .value_len = v ? strlen(v) : 0 };
    return yb_fail_at(ctx, YB_E_PARAM, &loc, fmt, key);
}

/* Rejects keys under a prefix other than the listed suffixes. */
static int check_suffixes(yb_ctx *ctx, const yb_pack *pack, const char *prefix, const char *const *ok, size_t n)
{
    size_t plen = strlen(prefix);
    for (size_t i = 0; i < yb_pack_param_count(pack); i++) {
        const char *key = yb_pack_param_key(pack, i);
        if (strncmp(key, prefix, plen) != 0)
            continue;
        size_t k = 0;
        while (k < n && (!ok[k] || strcmp(key + plen, ok[k]) != 0))
            k++;
        if (k == n)
            return param_error(ctx, pack, key, "unknown parameter '%s' for this book (see doc/packs-points.md)");
    }
    return YB_OK;
}

static int read_pools(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    static const char *const pools[] = { "by_insurance", "single" };
    int which = 0;
    int rc = yb_pack_param_enum(ctx, pack, "pools", 0, pools, 2, &which);
    if (rc)
        return rc;
    b->npools = which == 0 ? 2 : 1;
    const char *const *names = pool_names[b->npools - 1];
    int rate = b->method == YB_POINTS_METHOD_DRG_RATE;
    const char *value_prefix = rate ? "rate." : "point_value.budget.";
    const char *other_prefix = rate ? "point_value.budget." : "rate.";
    if ((rc = check_suffixes(ctx, pack, value_prefix, names, b->npools)) ||
        (rc = check_suffixes(ctx, pack, other_prefix, NULL, 0)) ||
        (rc = check_suffixes(ctx, pack, "settlement.ratio.", names, b->npools)))
        return rc;
    for (uint32_t p = 0; p < b->npools; p++) {
        char key[64];
        snprintf(key, sizeof key, "%s%s", value_prefix, names[p]);
        int64_t v = -1;
        if ((rc = yb_pack_param_decimal(ctx, pack, key, rate, 6, 1, VALUE_MAX, &v)))
            return rc;
        if (v >= 0) {
            if (v % yb_pow10(6 - b->pv_decimals) != 0)
                return param_error(ctx, pack, key, "parameter '%s' has more decimals than point_value.decimals");
            b->pv_budget[p] = v;
            b->pv_published[p] = 1;
        }
        snprintf(key, sizeof key, "settlement.ratio.%s", names[p]);
        b->settle_ratio[p] = 0;
        if ((rc = yb_pack_param_decimal(ctx, pack, key, b->settle_method == SETTLE_RATIO, 6, 1, ONE,
                                        &b->settle_ratio[p])))
            return rc;
    }
    return YB_OK;
}

static int read_year_weights(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    const char *t = yb_pack_param_text(pack, "budget.year_weights");
    if (!t)
        return YB_OK;
    size_t n = 0;
    const char *s = t;
    for (;;) {
        const char *e = strchr(s, ':');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        int64_t w;
        if (n == YB_POINTS_MAX_YEARS || yb_decimal_parse(s, len, 0, &w) || w < 0 || w > 1000000)
            return param_error(ctx, pack, "budget.year_weights",
                               "parameter '%s' must be up to 10 whole weights oldest first, such as \"1:2:7\"");
        b->year_weights[n++] = w;
        if (!e)
            break;
        s = e + 1;
    }
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += b->year_weights[i];
    if (sum == 0)
        return param_error(ctx, pack, "budget.year_weights", "parameter '%s' has only zero weights");
    b->n_year_weights = n;
    return YB_OK;
}

static int read_addons(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    static const char *const parts[] = { "reference", "slope", "cap" };
    for (int a = 0; a < YB_POINTS_ADDONS; a++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "addon.%s.", addon_names[a]);
        int rc = check_suffixes(ctx, pack, prefix, parts, 3);
        if (rc)
            return rc;
        int64_t v[3] = { -1, -1, -1 };
        int given = 0;
        for (int k = 0; k < 3; k++) {
            char key[48];
            snprintf(key, sizeof key, "%s%s", prefix, parts[k]);
            if (yb_pack_param_text(pack, key))
                given++;
        }
        if (given == 0)
            continue;
        for (int k = 0; k < 3; k++) {
            char key[48];
            snprintf(key, sizeof key, "%s%s", prefix, parts[k]);
            int64_t lo = k == 1 ? -RATIO_MAX : 0, hi = k == 2 ? 10 * ONE : RATIO_MAX; /* cap ≤ 10 */
            if ((rc = yb_pack_param_decimal(ctx, pack, key, 1, 6, lo, hi, &v[k])))
                return rc;
        }
        b->addons[a] = (addon_rule){ 1, v[0], v[1], v[2] };
    }
    /* any other addon.<name>. */
    for (size_t i = 0; i < yb_pack_param_count(pack); i++) {
        const char *key = yb_pack_param_key(pack, i);
        if (strncmp(key, "addon.", 6) != 0)
            continue;
        int a = 0;
        while (a < YB_POINTS_ADDONS &&
               !(strncmp(key + 6, addon_names[a], strlen(addon_names[a])) == 0 &&
                 key[6 + strlen(addon_names[a])] == '.'))
            a++;
        if (a == YB_POINTS_ADDONS)
            return param_error(ctx, pack, key, "unknown add-on '%s' (known: cmi, children, elderly, tcm)");
    }
    return YB_OK;
}

static int read_outliers(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    static const char *const sources[] = { "point_value", "fixed", "table" };
    static const char *const formulas[] = { "multiply", "add" };
    int rc;
    b->outliers_on = 1;
    b->standard_by_level = 1;
    b->outlier = (outlier_rule){ ONE / 2, 2 * ONE, 0 };
    if ((rc = yb_pack_param_bool(ctx, pack, "outlier.enabled", 0, &b->outliers_on)) ||
        (rc = yb_pack_param_enum(ctx, pack, "outlier.standard", 0, sources, 3, &b->standard_source)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "outlier.standard_point_value", b->standard_source == STANDARD_FIXED,
                                    6, 1, VALUE_MAX, &b->standard_pv)) ||
        (rc = yb_pack_param_bool(ctx, pack, "outlier.by_level", 0, &b->standard_by_level)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "outlier.low.ratio", 0, 6, 0, RATIO_MAX, &b->outlier.low)) ||
        (rc = yb_pack_param_bool(ctx, pack, "outlier.low.inclusive", 0, &b->low_inclusive)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "outlier.high.ratio", 0, 6, 1, RATIO_MAX, &b->outlier.high)) ||
        (rc = yb_pack_param_bool(ctx, pack, "outlier.high.inclusive", 0, &b->high_inclusive)) ||
        (rc = yb_pack_param_enum(ctx, pack, "outlier.high.formula", 0, formulas, 2, &b->high_formula)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "outlier.extreme.ratio", 0, 6, 1, RATIO_MAX, &b->outlier.extreme)) ||
        (rc = yb_pack_param_bool(ctx, pack, "outlier.extreme.inclusive", 0, &b->extreme_inclusive)))
        return rc;
    if (b->standard_source != STANDARD_FIXED && yb_pack_param_text(pack, "outlier.standard_point_value"))
        return param_error(ctx, pack, "outlier.standard_point_value",
                           "parameter '%s' is only used with outlier.standard = \"fixed\"");
    if (b->outlier.low >= b->outlier.high)
        return param_error(ctx, pack, "outlier.low.ratio", "parameter '%s' must be below outlier.high.ratio");
    if (b->outlier.extreme && b->outlier.extreme <= b->outlier.high)
        return param_error(ctx, pack, "outlier.extreme.ratio", "parameter '%s' must be above outlier.high.ratio");
    return YB_OK;
}

static int read_method(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    static const char *const methods[] = { "dip", "drg_points", "drg_rate" };
    int drg = strcmp(yb_pack_kind(pack), "drg-book") == 0;
    int m = 0;
    int rc = yb_pack_param_enum(ctx, pack, "method", drg, methods, 3, &m);
    if (rc)
        return rc;
    if (drg != (m != 0))
        return param_error(ctx, pack, "method",
                           drg ? "parameter '%s' of a drg-book must be \"drg_points\" or \"drg_rate\""
                               : "parameter '%s' of a points-book must be \"dip\" (DRG books are kind drg-book)");
    b->method = m + 1;
    b->score_scale = m == 0 ? 1000 * (int64_t)YB_SCORE_ONE : m == 1 ? 100 * (int64_t)YB_SCORE_ONE : YB_SCORE_ONE;
    if ((rc = yb_pack_param_decimal(ctx, pack, "score.scale", 0, 4, 1, 1000000 * (int64_t)YB_SCORE_ONE,
                                    &b->score_scale)))
        return rc;
    if (b->method == YB_POINTS_METHOD_DRG_RATE && b->score_scale != YB_SCORE_ONE)
        return param_error(ctx, pack, "score.scale", "parameter '%s' must be 1 with the rate method (score = RW)");
    return YB_OK;
}

int yb_points_book_params(yb_ctx *ctx, yb_points_book *b, const yb_pack *pack)
{
    static const char *const roundings[] = { "half_up", "half_even" };
    static const char *const settles[] = { "ratio", "add_self_pay", "fixed" };
    static const char *const combines[] = { "add", "multiply" };
    static const char *const ungrouped[] = { "reject", "cost_ratio", "fee_for_service" };
    int rc = yb_pack_param_check_known(ctx, pack, known, sizeof known / sizeof known[0]);
    if (rc || (rc = read_method(ctx, b, pack)))
        return rc;
    int mode = 0;
    if ((rc = yb_pack_param_enum(ctx, pack, "rounding", 0, roundings, 2, &mode)))
        return rc;
    b->rounding = mode == 0 ? YB_ROUND_HALF_UP : YB_ROUND_HALF_EVEN;
    int64_t dec = 4;
    if ((rc = yb_pack_param_int(ctx, pack, "point_value.decimals", 0, 0, 6, &dec)))
        return rc;
    b->pv_decimals = (int)dec;
    b->settle_method = b->method == YB_POINTS_METHOD_DRG_RATE ? SETTLE_FIXED : SETTLE_RATIO;
    if ((rc = yb_pack_param_enum(ctx, pack, "settlement.method", 0, settles, 3, &b->settle_method)))
        return rc;
    b->settle_conserve = 1;
    if ((rc = yb_pack_param_bool(ctx, pack, "settlement.conserve", 0, &b->settle_conserve)) ||
        (rc = read_pools(ctx, b, pack)) || (rc = read_year_weights(ctx, b, pack)))
        return rc;
    int combine = 0;
    int64_t cdec = 4;
    b->default_coefficient = ONE;
    b->primary_coefficient = ONE;
    if ((rc = yb_pack_param_enum(ctx, pack, "hospital.combine", 0, combines, 2, &combine)) ||
        (rc = yb_pack_param_int(ctx, pack, "hospital.decimals", 0, 0, 6, &cdec)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "hospital.default_coefficient", 0, 6, 0, 100 * ONE,
                                    &b->default_coefficient)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "primary_care.coefficient", 0, 6, 0, 100 * ONE,
                                    &b->primary_coefficient)) ||
        (rc = read_addons(ctx, b, pack)) || (rc = read_outliers(ctx, b, pack)))
        return rc;
    b->combine_multiply = combine == 1;
    b->coef_decimals = (int)cdec;
    b->ungrouped_ratio = ONE;
    if ((rc = yb_pack_param_enum(ctx, pack, "ungrouped.rule", 0, ungrouped, 3, &b->ungrouped_rule)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "ungrouped.ratio", 0, 6, 0, 10 * ONE, &b->ungrouped_ratio)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "special_review.pool_share", 0, 6, 0, ONE, &b->review_share)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "advance.deposit_ratio", 0, 6, 0, ONE, &b->deposit_ratio)))
        return rc;
    b->corridor_cap = -1;
    if ((rc = yb_pack_param_decimal(ctx, pack, "corridor.surplus_cap", 0, 6, 0, RATIO_MAX, &b->corridor_cap)))
        return rc;
    b->corridor_has_cap = b->corridor_cap >= 0;
    return YB_OK;
}
