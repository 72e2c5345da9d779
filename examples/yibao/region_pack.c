/* Loads a pack of kind `region` (doc/packs-region.md) into a region_def.
 * Every table and parameter is checked; errors name the file, line, column
 * and value (the pack and CSV readers of lib/core do that). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pack.h"

#include "region.h"

static const char *const ROLE_NAMES[ROLE_COUNT] = {
    "consult", "bed3", "bed2", "bed1", "nursing", "lab", "lab2", "imaging", "imaging_b", "petct", "surgery",
    "surgery_f", "surgery_i", "material", "material_f", "material_i", "material_c", "material_a", "drug_a",
    "drug_b", "drug_onc", "drug_c", "service_c", "rehab", "chronic",
};

static const char *const INSURED_NAMES[REGION_INSURED] = { "employee", "retired", "resident" };

/* ------------------------------------------------------------- parameters */

static int p_double(yb_ctx *ctx, yb_pack *p, const char *key, int64_t min, int64_t max, double dflt, double *out)
{
    const int64_t absent = INT64_MIN;
    int64_t v = absent;
    int rc = yb_pack_param_decimal(ctx, p, key, 0, 6, min, max, &v);
    *out = v == absent ? dflt : (double)v / 1e6;
    return rc;
}

static int p_ratio(yb_ctx *ctx, yb_pack *p, const char *key, int64_t dflt, int64_t *out)
{
    *out = dflt;
    return yb_pack_param_decimal(ctx, p, key, 0, 6, -1000000, 10000000, out);
}

static int p_path(yb_ctx *ctx, yb_pack *p, const char *dir, const char *key, char *out)
{
    const char *v = yb_pack_param_text(p, key);
    if (!v || !*v)
        return yb_fail(ctx, YB_E_PARAM, "%s: parameter '%s' (path of a component pack) is required",
                       yb_pack_manifest_path(p), key);
    int n = v[0] == '/' ? snprintf(out, REGION_PATH_MAX, "%s", v) : snprintf(out, REGION_PATH_MAX, "%s/%s", dir, v);
    if (n < 0 || n >= REGION_PATH_MAX)
        return yb_fail(ctx, YB_E_LIMIT, "%s: parameter '%s': path too long", yb_pack_manifest_path(p), key);
    return YB_OK;
}

static int p_text(yb_pack *p, const char *key, const char *dflt, char *out, size_t cap)
{
    const char *v = yb_pack_param_text(p, key);
    snprintf(out, cap, "%s", v ? v : dflt);
    return YB_OK;
}

/* Every parameter a region pack may have (doc/packs-region.md); any other key is refused. */
static const char *const KNOWN[] = {
    "seed", "years.first", "years.settlement", "members", "packs.drg", "packs.dip", "packs.points",
    "packs.capitation", "packs.benefit", "packs.weights", "cost.base.employee", "cost.base.resident",
    "cost.sigma.medical", "cost.sigma.surgical", "cost.los_correlation", "cost.tail.share", "cost.tail.sigma",
    "cost.low.share", "los.base", "los.per_rw", "los.sigma", "case.secondary_base", "case.secondary_per_year",
    "case.cc_share", "case.zipf", "case.medical_procedure_share", "case.death_base", "hospital.rw_mid",
    "hospital.rw_high", "births.settlement_year_share", "births.neonatal_admission", "family_aid.share", "out_of_area.base",
    "out_of_area.per_rw", "out_of_area.referred_share", "out_of_area.cost_factor", "alliance.loyalty",
    "alliance.city_share", "alliance.level3_factor", "alliance.admission_factor", "outpatient.sigma",
    "outpatient.clinic_mean", "outpatient.chronic_visits", "outpatient.hypertension_share",
    "outpatient.diabetes_share", "budget.growth", "budget.adjustment_share", "dip.threshold", "dip.trim_low",
    "dip.trim_high", "dip.scale", "capitation.pot.inpatient", "capitation.pot.outpatient", "capitation.pot.chronic",
};

static int load_params(yb_ctx *ctx, yb_pack *p, region_def *d)
{
    int64_t v;
    int rc;
    if ((rc = yb_pack_param_check_known(ctx, p, KNOWN, sizeof KNOWN / sizeof KNOWN[0])))
        return rc;
    if ((rc = yb_pack_param_int(ctx, p, "seed", 1, 0, INT64_MAX, &v)))
        return rc;
    d->seed = (uint64_t)v;
    if ((rc = yb_pack_param_int(ctx, p, "years.first", 1, 1990, 2900, &v)))
        return rc;
    d->first_year = (int)v;
    if ((rc = yb_pack_param_int(ctx, p, "years.settlement", 1, d->first_year + 1, 2900, &v)))
        return rc;
    d->settle_year = (int)v;
    if (d->settle_year - d->first_year + 1 > REGION_MAX_YEARS)
        return yb_fail(ctx, YB_E_PARAM, "%s: at most %d years", yb_pack_manifest_path(p), REGION_MAX_YEARS);
    if ((rc = yb_pack_param_int(ctx, p, "members", 1, 10, 100000000, &d->members)))
        return rc;
    const char *dir = d->dir;
    if ((rc = p_path(ctx, p, dir, "packs.drg", d->pack_drg)) || (rc = p_path(ctx, p, dir, "packs.dip", d->pack_dip)) ||
        (rc = p_path(ctx, p, dir, "packs.points", d->pack_points)) ||
        (rc = p_path(ctx, p, dir, "packs.capitation", d->pack_capitation)) ||
        (rc = p_path(ctx, p, dir, "packs.benefit", d->pack_benefit)) ||
        (rc = p_path(ctx, p, dir, "packs.weights", d->pack_weights)))
        return rc;
    const int64_t M = 1000000;
    struct { const char *key; int64_t min, max; double dflt; double *out; } dbl[] = {
        { "cost.base.employee", 1, 1000000 * M, 12252.70, &d->cost_base[0] },
        { "cost.base.resident", 1, 1000000 * M, 9649.24, &d->cost_base[1] },
        { "cost.sigma.medical", 0, 3 * M, 0.45, &d->sigma_medical },
        { "cost.sigma.surgical", 0, 3 * M, 0.35, &d->sigma_surgical },
        { "cost.los_correlation", 0, M, 0.6, &d->los_correlation },
        { "cost.tail.share", 0, M, 0.02, &d->tail_share },
        { "cost.tail.sigma", 0, 5 * M, 1.0, &d->tail_sigma },
        { "cost.low.share", 0, M, 0.03, &d->low_share },
        { "los.base", 0, 100 * M, 4.0, &d->los_base },
        { "los.per_rw", 0, 100 * M, 3.0, &d->los_per_rw },
        { "los.sigma", 0, 3 * M, 0.5, &d->los_sigma },
        { "case.secondary_base", 0, 20 * M, 0.4, &d->secondary_base },
        { "case.secondary_per_year", 0, M, 0.05, &d->secondary_per_year },
        { "case.cc_share", 0, M, 0.55, &d->cc_share },
        { "case.zipf", 0, 5 * M, 1.3, &d->zipf },
        { "case.medical_procedure_share", 0, M, 0.3, &d->medical_proc_share },
        { "case.death_base", 0, M, 0.004, &d->death_base },
        { "hospital.rw_mid", 0, 100 * M, 0.8, &d->rw_mid },
        { "hospital.rw_high", 0, 100 * M, 2.0, &d->rw_high },
        { "births.settlement_year_share", 0, M, 0.0064, &d->births_share },
        { "births.neonatal_admission", 0, M, 0.1, &d->neonatal_admission },
        { "family_aid.share", 0, M, 0.0, &d->family_aid_share },
        { "out_of_area.base", 0, M, 0.03, &d->out_of_area_base },
        { "out_of_area.per_rw", 0, M, 0.02, &d->out_of_area_per_rw },
        { "out_of_area.referred_share", 0, M, 0.6, &d->referred_share },
        { "out_of_area.cost_factor", 0, 10 * M, 1.15, &d->out_of_area_cost },
        { "alliance.loyalty", 0, M, 0.85, &d->loyalty },
        { "alliance.city_share", 0, M, 0.03, &d->city_to_alliance },
        { "alliance.level3_factor", 0, 10 * M, 0.4, &d->county_level3 },
        { "alliance.admission_factor", 0, 10 * M, 1.0, &d->alliance_admission },
        { "outpatient.sigma", 0, 3 * M, 0.6, &d->op_sigma },
        { "outpatient.clinic_mean", 0, 100000 * M, 45.0, &d->op_clinic_mean },
        { "outpatient.chronic_visits", 0, 365 * M, 6.0, &d->chronic_visits },
        { "outpatient.hypertension_share", 0, M, 0.15, &d->chronic_share[0] },
        { "outpatient.diabetes_share", 0, M, 0.05, &d->chronic_share[1] },
    };
    for (size_t i = 0; i < sizeof dbl / sizeof dbl[0]; i++)
        if ((rc = p_double(ctx, p, dbl[i].key, dbl[i].min, dbl[i].max, dbl[i].dflt, dbl[i].out)))
            return rc;
    if ((rc = p_ratio(ctx, p, "budget.growth", 50000, &d->budget_growth)) ||
        (rc = p_ratio(ctx, p, "budget.adjustment_share", 30000, &d->adjustment_share)) ||
        (rc = p_ratio(ctx, p, "dip.trim_low", 25000, &d->dip_trim_low)) ||
        (rc = p_ratio(ctx, p, "dip.trim_high", 975000, &d->dip_trim_high)))
        return rc;
    v = 15;
    if ((rc = yb_pack_param_int(ctx, p, "dip.threshold", 0, 1, 100000, &v)))
        return rc;
    d->dip_threshold = (int32_t)v;
    d->dip_scale = 1000;
    if ((rc = yb_pack_param_int(ctx, p, "dip.scale", 0, 1, 1000000, &d->dip_scale)))
        return rc;
    p_text(p, "capitation.pot.inpatient", "inpatient", d->pot_code[POT_INPATIENT], sizeof d->pot_code[0]);
    p_text(p, "capitation.pot.outpatient", "outpatient", d->pot_code[POT_OUTPATIENT], sizeof d->pot_code[0]);
    p_text(p, "capitation.pot.chronic", "chronic", d->pot_code[POT_CHRONIC], sizeof d->pot_code[0]);
    return YB_OK;
}

/* ----------------------------------------------------------------- tables */

typedef struct tbl {
    yb_csv *csv;
    long col[16];
} tbl;

static int tbl_open(yb_ctx *ctx, yb_pack *p, const char *name, const char *const *cols, const int *req, size_t n,
                    tbl *t)
{
    int rc = yb_pack_table_open(ctx, p, name, &t->csv);
    if (rc)
        return rc;
    if ((rc = yb_csv_map_cols(t->csv, ctx, cols, req, n, t->col))) {
        yb_csv_close(t->csv);
        t->csv = NULL;
    }
    return rc;
}

static int get_dbl(tbl *t, yb_ctx *ctx, int k, int64_t min, int64_t max, double *out)
{
    int64_t v;
    int rc = yb_csv_get_decimal(t->csv, ctx, (size_t)t->col[k], 6, &v);
    if (!rc && (v < min || v > max))
        rc = yb_csv_field_fail(t->csv, ctx, (size_t)t->col[k], YB_E_FORMAT, "out of range");
    *out = (double)v / 1e6;
    return rc;
}

static int get_int(tbl *t, yb_ctx *ctx, int k, int64_t min, int64_t max, int *out)
{
    int64_t v = 0;
    int rc = yb_csv_get_i64(t->csv, ctx, (size_t)t->col[k], min, max, &v);
    *out = (int)v;
    return rc;
}

static int get_text(tbl *t, yb_ctx *ctx, int k, char *out, size_t cap, int required)
{
    size_t len = 0;
    const char *s = t->col[k] >= 0 ? yb_csv_field(t->csv, (size_t)t->col[k], &len) : "";
    if (required && len == 0)
        return yb_csv_field_fail(t->csv, ctx, (size_t)t->col[k], YB_E_FORMAT, "missing");
    if (len >= cap)
        return yb_csv_field_fail(t->csv, ctx, (size_t)t->col[k], YB_E_FORMAT, "too long (at most %zu bytes)", cap - 1);
    memcpy(out, s, len);
    out[len] = 0;
    return YB_OK;
}

static int get_enum(tbl *t, yb_ctx *ctx, int k, const char *const *names, size_t n, int *out)
{
    *out = 0;
    size_t len;
    const char *s = yb_csv_field(t->csv, (size_t)t->col[k], &len);
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (int)i;
            return YB_OK;
        }
    return yb_csv_field_fail(t->csv, ctx, (size_t)t->col[k], YB_E_FORMAT, "unknown value");
}

static int too_many(tbl *t, yb_ctx *ctx, size_t max)
{
    return yb_csv_field_fail(t->csv, ctx, 0, YB_E_LIMIT, "more than %zu rows", max);
}

/* Reads every row of a table through fn; closes it. */
typedef int (*row_fn)(tbl *t, yb_ctx *ctx, region_def *d);

static int read_table(yb_ctx *ctx, yb_pack *p, region_def *d, const char *name, const char *const *cols,
                      const int *req, size_t n, row_fn fn)
{
    tbl t;
    int rc = tbl_open(ctx, p, name, cols, req, n, &t);
    while (!rc && (rc = yb_csv_next(t.csv, ctx)) == 1)
        rc = fn(&t, ctx, d);
    if (t.csv)
        yb_csv_close(t.csv);
    return rc < 0 ? rc : YB_OK;
}

static int row_insured(tbl *t, yb_ctx *ctx, region_def *d)
{
    int k, rc;
    int64_t credit;
    if ((rc = get_enum(t, ctx, 0, INSURED_NAMES, REGION_INSURED, &k)) ||
        (rc = get_dbl(t, ctx, 1, 0, 1000000, &d->insured_share[k])) ||
        (rc = get_dbl(t, ctx, 2, 0, 10000000, &d->admission_factor[k])) ||
        (rc = get_dbl(t, ctx, 3, 0, 365000000, &d->outpatient_visits[k])) ||
        (rc = yb_csv_get_decimal(t->csv, ctx, (size_t)t->col[4], 2, &credit)) ||
        (rc = get_dbl(t, ctx, 5, 0, 1000000, &d->civil_servant_share[k])))
        return rc;
    d->account_credit[k] = credit;
    return YB_OK;
}

static int row_ages(tbl *t, yb_ctx *ctx, region_def *d)
{
    int k, rc;
    if ((rc = get_enum(t, ctx, 0, INSURED_NAMES, REGION_INSURED, &k)))
        return rc;
    if (d->n_ages[k] >= REGION_MAX_BANDS)
        return too_many(t, ctx, REGION_MAX_BANDS);
    region_band *b = &d->ages[k][d->n_ages[k]++];
    if ((rc = get_int(t, ctx, 1, 0, 120, &b->from)) || (rc = get_int(t, ctx, 2, b->from, 120, &b->to)) ||
        (rc = get_dbl(t, ctx, 3, 0, 1000000, &b->share)))
        return rc;
    return YB_OK;
}

static int row_rates(tbl *t, yb_ctx *ctx, region_def *d)
{
    if (d->n_rates >= REGION_MAX_BANDS)
        return too_many(t, ctx, REGION_MAX_BANDS);
    region_age_rate *a = &d->rates[d->n_rates++];
    int rc;
    if ((rc = get_int(t, ctx, 0, 0, 120, &a->from)) || (rc = get_int(t, ctx, 1, a->from, 120, &a->to)) ||
        (rc = get_dbl(t, ctx, 2, 0, 10000000, &a->admit[0])) || (rc = get_dbl(t, ctx, 3, 0, 10000000, &a->admit[1])) ||
        (rc = get_dbl(t, ctx, 4, 0, 100000000, &a->outpatient)))
        return rc;
    return YB_OK;
}

static int row_mdc(tbl *t, yb_ctx *ctx, region_def *d)
{
    if (d->n_mdc >= REGION_MAX_MDC)
        return too_many(t, ctx, REGION_MAX_MDC);
    region_mdc *m = &d->mdc[d->n_mdc++];
    int rc;
    if ((rc = get_text(t, ctx, 0, m->code, sizeof m->code, 1)) || (rc = get_dbl(t, ctx, 1, 0, 1000000, &m->share)) ||
        (rc = get_int(t, ctx, 2, 0, 2, &m->sex)) || (rc = get_int(t, ctx, 3, 0, 120, &m->age_min)) ||
        (rc = get_int(t, ctx, 4, m->age_min, 120, &m->age_max)) ||
        (rc = get_dbl(t, ctx, 5, 0, 1000000, &m->procedure_share)))
        return rc;
    for (int g = 0; g < 5; g++)
        if ((rc = get_dbl(t, ctx, 6 + g, 0, 100000000, &m->factor[g])))
            return rc;
    return YB_OK;
}

static int row_levels(tbl *t, yb_ctx *ctx, region_def *d)
{
    int l, rc;
    if ((rc = get_int(t, ctx, 0, 1, 3, &l)) || (rc = get_dbl(t, ctx, 1, 1, 10000000, &d->level_cost[l])) ||
        (rc = get_dbl(t, ctx, 2, 0, 100000000000, &d->level_op_mean[l])))
        return rc;
    for (int k = 0; k < 3; k++)
        if ((rc = get_dbl(t, ctx, 3 + k, 0, 1000000, &d->level_share[l][k])))
            return rc;
    return YB_OK;
}

static const char *const TIERS[] = { "", "county", "township", "village" };
static const char *const SPECS[] = { "general", "tcm", "maternal" };

static int row_hospital(tbl *t, yb_ctx *ctx, region_def *d, int inpatient)
{
    if (d->n_fac >= REGION_MAX_FACILITIES)
        return too_many(t, ctx, REGION_MAX_FACILITIES);
    region_facility *f = &d->fac[d->n_fac];
    memset(f, 0, sizeof *f);
    int rc, beds = 0;
    f->inpatient = inpatient;
    if ((rc = get_text(t, ctx, 0, f->code, sizeof f->code, 1)) || (rc = get_text(t, ctx, 1, f->name, sizeof f->name, 0)))
        return rc;
    if (region_facility_index(d, f->code) >= 0)
        return yb_csv_field_fail(t->csv, ctx, (size_t)t->col[0], YB_E_DUPLICATE, "facility listed twice");
    if (inpatient) {
        if ((rc = get_int(t, ctx, 2, 1, 3, &f->level)) || (rc = get_int(t, ctx, 3, 1, 100000, &beds)) ||
            (rc = get_dbl(t, ctx, 4, 100000, 10000000, &f->cost_factor)) || (rc = get_int(t, ctx, 5, 0, 1, &f->alliance)) ||
            (rc = get_enum(t, ctx, 6, TIERS, 3, &f->tier)) || (rc = get_enum(t, ctx, 7, SPECS, 3, &f->specialty)) ||
            (rc = yb_csv_get_decimal(t->csv, ctx, (size_t)t->col[8], 6, &f->deposit_return)))
            return rc;
        if (f->deposit_return < 0 || f->deposit_return > 1000000)
            return yb_csv_field_fail(t->csv, ctx, (size_t)t->col[8], YB_E_FORMAT, "not a share 0 … 1");
        if (f->alliance != (f->tier != TIER_NONE))
            return yb_csv_field_fail(t->csv, ctx, (size_t)t->col[6], YB_E_FORMAT,
                                     "a tier is given exactly for the alliance's hospitals");
    } else {
        f->level = 1;
        f->cost_factor = 1.0;
        f->alliance = 1;
        f->tier = TIER_VILLAGE;
        f->deposit_return = 1000000;
    }
    f->beds = beds;
    d->n_fac++;
    return YB_OK;
}

static int row_hosp(tbl *t, yb_ctx *ctx, region_def *d)
{
    return row_hospital(t, ctx, d, 1);
}

static int row_clinic(tbl *t, yb_ctx *ctx, region_def *d)
{
    return row_hospital(t, ctx, d, 0);
}

static int row_years(tbl *t, yb_ctx *ctx, region_def *d)
{
    if (d->n_years >= REGION_MAX_YEARS)
        return too_many(t, ctx, REGION_MAX_YEARS);
    int y, rc;
    if ((rc = get_int(t, ctx, 0, 1990, 2900, &y)) || (rc = get_dbl(t, ctx, 1, 1, 100000000, &d->cost_index[d->n_years])))
        return rc;
    d->years[d->n_years++] = y;
    return YB_OK;
}

static int row_assistance(tbl *t, yb_ctx *ctx, region_def *d)
{
    int c, rc;
    if ((rc = get_int(t, ctx, 0, 1, 7, &c)))
        return rc;
    return get_dbl(t, ctx, 1, 0, 1000000, &d->assistance_share[c]);
}

static int row_assess(tbl *t, yb_ctx *ctx, region_def *d)
{
    if (d->n_assess >= 16)
        return too_many(t, ctx, 16);
    int rc = get_text(t, ctx, 0, d->assess_item[d->n_assess], sizeof d->assess_item[0], 1);
    if (!rc)
        rc = yb_csv_get_decimal(t->csv, ctx, (size_t)t->col[1], 4, &d->assess_score[d->n_assess]);
    if (!rc)
        d->n_assess++;
    return rc;
}

static int row_item(tbl *t, yb_ctx *ctx, region_def *d)
{
    if (d->n_items >= REGION_MAX_ITEMS)
        return too_many(t, ctx, REGION_MAX_ITEMS);
    region_item *it = &d->items[d->n_items];
    int rc, present;
    if ((rc = get_enum(t, ctx, 0, ROLE_NAMES, ROLE_COUNT, &it->role)) ||
        (rc = get_text(t, ctx, 1, it->code, sizeof it->code, 1)) ||
        (rc = yb_csv_get_decimal_opt(t->csv, ctx, (size_t)t->col[2], 2, &it->price_min, &present)))
        return rc;
    if (!present)
        it->price_min = 0;
    if ((rc = yb_csv_get_decimal_opt(t->csv, ctx, (size_t)t->col[3], 2, &it->price_max, &present)))
        return rc;
    if (!present)
        it->price_max = it->price_min;
    if (it->price_min < 0 || it->price_max < it->price_min)
        return yb_csv_field_fail(t->csv, ctx, (size_t)t->col[3], YB_E_FORMAT, "price range is not min ≤ max");
    d->n_items++;
    return YB_OK;
}

static const char *const OP_GROUPS[] = { "county", "city", "employee" };
static const char *const OP_VISITS[] = { "ordinary", "chronic" };

static int row_op_choice(tbl *t, yb_ctx *ctx, region_def *d)
{
    int g, v, rc;
    if ((rc = get_enum(t, ctx, 0, OP_GROUPS, 3, &g)) || (rc = get_enum(t, ctx, 1, OP_VISITS, 2, &v)))
        return rc;
    for (int k = 0; k < 4; k++)
        if ((rc = get_dbl(t, ctx, 2 + k, 0, 1000000, &d->op_choice[g][v][k])))
            return rc;
    return YB_OK;
}

static int load_tables(yb_ctx *ctx, yb_pack *p, region_def *d)
{
    static const char *const c_ins[] = { "insured", "share", "admission_factor", "outpatient_visits", "account_credit",
                                         "civil_servant_share" };
    static const char *const c_age[] = { "insured", "age_from", "age_to", "share" };
    static const char *const c_rate[] = { "age_from", "age_to", "admission_male", "admission_female",
                                          "outpatient_factor" };
    static const char *const c_mdc[] = { "mdc", "share", "sex", "age_min", "age_max", "procedure_share",
                                         "f_0", "f_1_14", "f_15_44", "f_45_64", "f_65" };
    static const char *const c_lvl[] = { "level", "cost_factor", "outpatient_mean", "share_rw_low", "share_rw_mid",
                                         "share_rw_high" };
    static const char *const c_hos[] = { "hospital", "name", "level", "beds", "cost_factor", "alliance", "tier",
                                         "specialty", "deposit_return" };
    static const char *const c_cli[] = { "clinic", "name" };
    static const char *const c_yr[] = { "year", "cost_index" };
    static const char *const c_as[] = { "category", "share" };
    static const char *const c_sc[] = { "item", "score" };
    static const char *const c_it[] = { "role", "code", "price_min", "price_max" };
    static const char *const c_op[] = { "group", "visit", "village", "level1", "level2", "level3" };
    static const int R[16] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    static const int R_item[4] = { 1, 1, 0, 0 };
    static const int R_hos[9] = { 1, 0, 1, 1, 1, 1, 1, 1, 1 };
    static const int R_cli[2] = { 1, 0 };
    int rc;
    if ((rc = read_table(ctx, p, d, "insured", c_ins, R, 6, row_insured)) ||
        (rc = read_table(ctx, p, d, "ages", c_age, R, 4, row_ages)) ||
        (rc = read_table(ctx, p, d, "age_rates", c_rate, R, 5, row_rates)) ||
        (rc = read_table(ctx, p, d, "mdc_mix", c_mdc, R, 11, row_mdc)) ||
        (rc = read_table(ctx, p, d, "levels", c_lvl, R, 6, row_levels)) ||
        (rc = read_table(ctx, p, d, "hospitals", c_hos, R_hos, 9, row_hosp)) ||
        (rc = read_table(ctx, p, d, "clinics", c_cli, R_cli, 2, row_clinic)) ||
        (rc = read_table(ctx, p, d, "years", c_yr, R, 2, row_years)) ||
        (rc = read_table(ctx, p, d, "assistance", c_as, R, 2, row_assistance)) ||
        (rc = read_table(ctx, p, d, "assessment", c_sc, R, 2, row_assess)) ||
        (rc = read_table(ctx, p, d, "claim_items", c_it, R_item, 4, row_item)) ||
        (rc = read_table(ctx, p, d, "outpatient_choice", c_op, R, 6, row_op_choice)))
        return rc;
    const char *mf = yb_pack_manifest_path(p);
    for (int k = 0; k < REGION_INSURED; k++)
        if (!d->n_ages[k] || d->insured_share[k] <= 0)
            return yb_fail(ctx, YB_E_PACK, "%s: insured type '%s' needs a share and age bands", mf, INSURED_NAMES[k]);
    for (int l = 1; l <= 3; l++)
        if (d->level_cost[l] <= 0)
            return yb_fail(ctx, YB_E_PACK, "%s: table levels has no row for level %d", mf, l);
    int have_role[ROLE_COUNT] = { 0 };
    for (size_t i = 0; i < d->n_items; i++)
        have_role[d->items[i].role] = 1;
    for (int r = 0; r < ROLE_COUNT; r++)
        if (!have_role[r])
            return yb_fail(ctx, YB_E_PACK, "%s: table claim_items has no item of role '%s'", mf, ROLE_NAMES[r]);
    for (int l = 1; l <= 3; l++) {
        int any = 0;
        for (size_t i = 0; i < d->n_fac; i++)
            any |= d->fac[i].inpatient && d->fac[i].level == l;
        if (!any)
            return yb_fail(ctx, YB_E_PACK, "%s: no hospital of level %d", mf, l);
    }
    for (int g = 0; g < 3; g++)
        for (int v = 0; v < 2; v++)
            if (!(d->op_choice[g][v][0] + d->op_choice[g][v][1] + d->op_choice[g][v][2] + d->op_choice[g][v][3] > 0))
                return yb_fail(ctx, YB_E_PACK, "%s: table outpatient_choice needs a row for %s/%s", mf, OP_GROUPS[g],
                               OP_VISITS[v]);
    if (!d->n_rates || !d->n_mdc)
        return yb_fail(ctx, YB_E_PACK, "%s: tables age_rates and mdc_mix need rows", mf);
    return YB_OK;
}

/* An optional date column: 0 when the column or the field is empty. */
static int opt_date(yb_csv *csv, yb_ctx *ctx, long col, int32_t *out)
{
    size_t len = 0;
    *out = 0;
    if (col < 0)
        return YB_OK;
    yb_csv_field(csv, (size_t)col, &len);
    return len ? yb_csv_get_date(csv, ctx, (size_t)col, out) : YB_OK;
}

/* Every claim item must be in the benefit policy's catalogue; its class
 * there (on 1 July of the settlement year) is kept for the data files. */
static int check_items(yb_ctx *ctx, region_def *d)
{
    yb_pack *p = NULL;
    yb_csv *csv = NULL;
    int rc = yb_pack_open(ctx, d->pack_benefit, "benefit-policy", &p);
    if (rc)
        return rc;
    static const char *const cols[] = { "code", "class", "valid_from", "valid_to" };
    static const int req[] = { 1, 1, 0, 0 };
    long col[4];
    int32_t when = d->settle_year * 10000 + 701;
    if (!(rc = yb_pack_table_open(ctx, p, "items", &csv)) && !(rc = yb_csv_map_cols(csv, ctx, cols, req, 4, col)))
        while ((rc = yb_csv_next(csv, ctx)) == 1) {
            size_t len, lc;
            const char *code = yb_csv_field(csv, (size_t)col[0], &len), *cls = yb_csv_field(csv, (size_t)col[1], &lc);
            int32_t from = 0, to = 0;
            if ((rc = opt_date(csv, ctx, col[2], &from)) || (rc = opt_date(csv, ctx, col[3], &to)))
                break;
            if ((from && when < from) || (to && when > to))
                continue;
            for (size_t i = 0; i < d->n_items; i++)
                if (strcmp(d->items[i].code, code) == 0 && lc == 1)
                    d->items[i].cls = cls[0];
        }
    yb_csv_close(csv);
    const char *mf = yb_pack_manifest_path(p);
    for (size_t i = 0; rc >= 0 && i < d->n_items; i++)
        if (!d->items[i].cls)
            rc = yb_fail(ctx, YB_E_PACK, "claim item %s of the region is not in the benefit catalogue %s",
                         d->items[i].code, mf);
    yb_pack_close(p);
    return rc < 0 ? rc : YB_OK;
}

int region_load(yb_ctx *ctx, const char *path, region_def *d)
{
    memset(d, 0, sizeof *d);
    yb_pack *p = NULL;
    int rc = yb_pack_open(ctx, path, "region", &p);
    if (rc)
        return rc;
    const char *mf = yb_pack_manifest_path(p);
    const char *slash = strrchr(mf, '/');
    if (slash)
        snprintf(d->dir, sizeof d->dir, "%.*s", (int)(slash - mf), mf);
    else
        snprintf(d->dir, sizeof d->dir, ".");
    snprintf(d->fingerprint, sizeof d->fingerprint, "%s", yb_pack_fingerprint(p));
    snprintf(d->name, sizeof d->name, "%s", yb_pack_name(p));
    snprintf(d->version, sizeof d->version, "%s", yb_pack_version(p));
    if (!(rc = load_params(ctx, p, d)))
        rc = load_tables(ctx, p, d);
    yb_pack_close(p);
    return rc ? rc : check_items(ctx, d);
}

int region_facility_index(const region_def *d, const char *code)
{
    for (size_t i = 0; i < d->n_fac; i++)
        if (strcmp(d->fac[i].code, code) == 0)
            return (int)i;
    return -1;
}

double region_cost_index(const region_def *d, int year)
{
    for (size_t i = 0; i < d->n_years; i++)
        if (d->years[i] == year)
            return d->cost_index[i];
    return 1.0;
}
