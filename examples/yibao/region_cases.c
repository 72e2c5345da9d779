/* Inpatient cases of the sample region: admissions per member and year,
 * codes from the case mix, grouping with the CHS-DRG scheme, then hospital
 * and cost drawn from the DRG the case groups to. Model: doc/region.md.
 * Compiled with -ffp-contract=off. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx_internal.h"
#include "core/date.h"

#include "region.h"
#include "region_casemix.h"
#include "region_rng.h"

int region_codes_push(region_codes *c, const char *code, size_t len)
{
    if (gen_grow((void **)&c->data, &c->byte_cap, c->bytes + len + 1, 1) ||
        gen_grow((void **)&c->off, &c->item_cap, c->items + 2, sizeof *c->off))
        return -1;
    if (c->items == 0)
        c->off[0] = 0;
    if (len)
        memcpy(c->data + c->bytes, code, len);
    c->bytes += len;
    c->off[++c->items] = (int64_t)c->bytes;
    return 0;
}

/* row[k + 1] = items so far; row must have room (the case arrays grow it). */
int region_codes_end_row(region_codes *c, size_t row)
{
    c->row[row + 1] = (int64_t)c->items;
    return 0;
}

static int cases_reserve(region_cases *c, size_t need)
{
    if (need <= c->cap)
        return 0;
    size_t cap = c->cap ? c->cap * 2 : 65536;
    while (cap < need)
        cap *= 2;
#define GROW(f) do { void *q = realloc(c->f, cap * sizeof *c->f); if (!q) return -1; c->f = q; } while (0)
    GROW(id); GROW(year); GROW(member); GROW(facility); GROW(place); GROW(admit); GROW(discharge); GROW(sex);
    GROW(age); GROW(age_days); GROW(weight); GROW(los); GROW(discharge_type); GROW(cost); GROW(drg); GROW(tmpl);
    GROW(key); GROW(z); GROW(body); GROW(surgical);
#undef GROW
    void *q = realloc(c->dx.row, (cap + 1) * sizeof *c->dx.row);
    if (!q)
        return -1;
    c->dx.row = q;
    q = realloc(c->proc.row, (cap + 1) * sizeof *c->proc.row);
    if (!q)
        return -1;
    c->proc.row = q;
    if (c->cap == 0)
        c->dx.row[0] = c->proc.row[0] = 0;
    c->cap = cap;
    return 0;
}

typedef struct gen {
    const region_def *d;
    const casemix *cm;
    region_data *r;
} gen;

static int has_code(const region_codes *c, size_t row_start, const char *code)
{
    size_t len = strlen(code);
    for (size_t k = row_start; k < c->items; k++)
        if ((size_t)(c->off[k + 1] - c->off[k]) == len && memcmp(c->data + c->off[k], code, len) == 0)
            return 1;
    return 0;
}

static int push_unique(region_codes *c, size_t row_start, const char *code)
{
    if (has_code(c, row_start, code))
        return 0;
    return region_codes_push(c, code, strlen(code));
}

static int discharge_type(const region_def *d, rng *r, int age, double rw)
{
    double death = d->death_base * (age >= 80 ? 6.0 : age >= 65 ? 3.0 : age < 15 ? 0.3 : 1.0) * (rw >= 2.0 ? 3.0 : 1.0);
    double u = rng_unit(r);
    if (u < death)
        return 5;
    u -= death;
    if (u < 0.015)
        return 2;
    u -= 0.015;
    if (age >= 65 && u < 0.01)
        return 3;
    u -= 0.01;
    if (u < 0.02)
        return 4;
    u -= 0.02;
    if (u < 0.005)
        return 9;
    return 1;
}

/* Adds one admission of member i discharged on day `dis` (day number); for a
 * newborn admission dis is ignored (the stay starts within 20 days of birth).
 * Returns 1 when the member died in it, 0 when added or skipped, -1 on memory. */
static int add_case(gen *g, size_t i, int year, uint32_t key, int32_t dis, int newborn)
{
    const region_def *d = g->d;
    const casemix *cm = g->cm;
    region_members *m = &g->r->m;
    region_cases *c = &g->r->c;
    rng r;
    rng_seed(&r, d->seed, RS_CASE, i, key);
    int32_t birth = yb_date_to_days(m->birth[i]);
    int sex = m->sex[i];
    size_t ti;
    if (newborn) {
        ti = wtable_draw(&cm->newborn, &r);
    } else {
        int age_now = (yb_date_from_days(dis) - m->birth[i]) / 10000;
        ti = wtable_draw(&cm->cell[sex - 1][casemix_age_group(age_now)], &r);
    }
    const cm_template *t = &cm->t[ti];
    double z = rng_normal(&r);
    double mean_los = d->los_base + d->los_per_rw * t->rw, s = d->los_sigma;
    int64_t los = rmath_round(rmath_exp(rmath_log(mean_los) - s * s / 2 + s * z));
    if (newborn && los > 27)
        los = 27;
    los = los < 1 ? 1 : los > 180 ? 180 : los;
    int32_t adm;
    if (newborn) {
        adm = birth + (int32_t)rng_below(&r, 21);
        dis = adm + (int32_t)los;
        if (yb_date_from_days(dis) / 10000 != year)
            return 0; /* the stay ends in another year: not generated */
    } else {
        adm = dis - (int32_t)los;
        if (adm < birth) {
            adm = birth;
            los = dis - adm;
            if (los < 1)
                return 0;
        }
    }
    int32_t adm_ymd = yb_date_from_days(adm), dis_ymd = yb_date_from_days(dis);
    int age = (adm_ymd - m->birth[i]) / 10000;
    if (cases_reserve(c, c->n + 1))
        return -1;
    size_t k = c->n;
    c->year[k] = year;
    c->member[k] = (uint32_t)i;
    c->admit[k] = adm_ymd;
    c->discharge[k] = dis_ymd;
    c->sex[k] = (int8_t)sex;
    c->age[k] = (int16_t)age;
    c->age_days[k] = age == 0 ? adm - birth : -1;
    c->weight[k] = -1;
    if (age == 0 && adm - birth <= 28) {
        int lo = newborn ? t->wmin : 2500, hi = newborn ? t->wmax : 4200;
        c->weight[k] = lo + (int32_t)rng_below(&r, (uint64_t)(hi - lo + 1));
    }
    c->los[k] = (int32_t)los;
    c->discharge_type[k] = (int8_t)discharge_type(d, &r, age, t->rw);
    c->tmpl[k] = (uint16_t)ti;
    c->key[k] = key;
    c->z[k] = z;
    c->facility[k] = -1;
    c->place[k] = PLACE_LOCAL;
    c->cost[k] = 0;
    c->drg[k] = 0;
    /* diagnoses: the principal, a second injured body region for multiple
     * trauma, then secondary diagnoses (MCC/CC list or any code) */
    size_t dx0 = c->dx.items;
    const char *tag = NULL, *code = casemix_draw(cm, t->dx, &r, &tag);
    if (region_codes_push(&c->dx, code, strlen(code)))
        return -1;
    if (t->multi_trauma && *tag)
        for (int tries = 0; tries < 20; tries++) {
            const char *tag2, *c2 = casemix_draw(cm, t->dx, &r, &tag2);
            if (*tag2 && strcmp(tag2, tag) != 0) {
                if (push_unique(&c->dx, dx0, c2))
                    return -1;
                break;
            }
        }
    int n_sec = rng_poisson(&r, newborn ? 0.5 : d->secondary_base + d->secondary_per_year * age);
    if (n_sec > 12)
        n_sec = 12;
    for (int j = 0; j < n_sec; j++) {
        uint32_t pool = rng_unit(&r) < d->cc_share ? cm->pool_cc : cm->pool_dx;
        if (push_unique(&c->dx, dx0, casemix_draw(cm, pool, &r, NULL)))
            return -1;
    }
    region_codes_end_row(&c->dx, k);
    /* procedures */
    size_t pr0 = c->proc.items;
    int extra = 0;
    if (t->procedural) {
        if (push_unique(&c->proc, pr0, casemix_draw(cm, t->proc, &r, NULL)))
            return -1;
        if (t->proc2 != CM_NO_LIST && push_unique(&c->proc, pr0, casemix_draw(cm, t->proc2, &r, NULL)))
            return -1;
        extra = rng_chance(&r, 0.4) ? 1 + (int)rng_below(&r, 2) : 0;
    } else if (rng_chance(&r, d->medical_proc_share)) {
        extra = 1 + (int)rng_below(&r, 2);
    }
    for (int j = 0; j < extra; j++)
        if (push_unique(&c->proc, pr0, casemix_draw(cm, cm->pool_nonor, &r, NULL)))
            return -1;
    region_codes_end_row(&c->proc, k);
    c->id[k] = (uint64_t)year * 10000000u + (uint64_t)(k + 1);
    c->n++;
    if (c->discharge_type[k] == 5) {
        m->death[i] = dis_ymd;
        return 1;
    }
    return 0;
}

static int by_day(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static double admission_rate(const region_def *d, int age, int sex)
{
    for (size_t i = 0; i < d->n_rates; i++)
        if (age >= d->rates[i].from && age <= d->rates[i].to)
            return d->rates[i].admit[sex - 1];
    return 0;
}

static int gen_year(gen *g, int year, region_progress_fn progress, void *user)
{
    const region_def *d = g->d;
    region_members *m = &g->r->m;
    int32_t jan1 = yb_date_to_days(year * 10000 + 101), dec31 = yb_date_to_days(year * 10000 + 1231);
    for (size_t i = 0; i < m->n; i++) {
        if (progress && (i & 16383) == 0)
            progress(user, "admissions", (uint64_t)(year - d->first_year) * m->n + i,
                     (uint64_t)(d->settle_year - d->first_year + 1) * m->n);
        if (m->death[i])
            continue;
        int32_t birth = yb_date_to_days(m->birth[i]);
        if (birth > dec31)
            continue;
        rng r;
        rng_seed(&r, d->seed, RS_ADMISSIONS, i, (uint64_t)year);
        int32_t from = birth + 1 > jan1 ? birth + 1 : jan1;
        if (from > dec31)
            continue;
        double exposure = (double)(dec31 - from + 1) / (double)(dec31 - jan1 + 1);
        int age = (year * 10000 + 701 - m->birth[i]) / 10000;
        if (age < 0)
            age = 0;
        double rate = admission_rate(d, age, m->sex[i]) * d->admission_factor[m->insured[i] - 1] * exposure *
                      (m->alliance[i] ? d->alliance_admission : 1.0);
        int k = rng_poisson(&r, rate);
        int32_t days[16];
        if (k > 16)
            k = 16;
        for (int j = 0; j < k; j++)
            days[j] = from + (int32_t)rng_below(&r, (uint64_t)(dec31 - from + 1));
        qsort(days, (size_t)k, sizeof days[0], by_day);
        int died = 0;
        if (birth >= jan1 && rng_chance(&r, d->neonatal_admission)) {
            int rc = add_case(g, i, year, 63, 0, 1);
            if (rc < 0)
                return -1;
            died = rc;
        }
        for (int j = 0; j < k && !died; j++) {
            int rc = add_case(g, i, year, (uint32_t)j, days[j], 0);
            if (rc < 0)
                return -1;
            died = rc;
        }
    }
    return 0;
}

/* ------------------------------------------------- hospital and cost */

/* The level of the hospital: shares by the DRG's weight class; level 3
 * scaled by `level3` (county residents go to the city less often). */
static int pick_level(const region_def *d, double rw, double level3, rng *r)
{
    int cls = rw < d->rw_mid ? 0 : rw < d->rw_high ? 1 : 2;
    double share[4] = { 0, d->level_share[1][cls], d->level_share[2][cls], d->level_share[3][cls] * level3 };
    double total = share[1] + share[2] + share[3], u = rng_unit(r) * total;
    for (int l = 3; l >= 1; l--) {
        if (u < share[l])
            return l;
        u -= share[l];
    }
    return 1;
}

/* A hospital of `level`, inside (1) or outside (0) the alliance, by beds
 * and specialty; -1 when there is none. */
static int pick_hospital(const region_def *d, int level, int alliance, int maternal, int child, rng *r)
{
    double w[REGION_MAX_FACILITIES], total = 0;
    for (size_t i = 0; i < d->n_fac; i++) {
        const region_facility *f = &d->fac[i];
        w[i] = 0;
        if (!f->inpatient || f->level != level || f->alliance != alliance)
            continue;
        double factor = 1.0;
        if (f->specialty == SPEC_MATERNAL)
            factor = maternal ? 4.0 : child ? 3.0 : 0.1;
        w[i] = (double)f->beds * factor;
        total += w[i];
    }
    return rng_pick(r, w, d->n_fac, total);
}

static void draw_cost(gen *g, size_t k)
{
    const region_def *d = g->d;
    const casemix *cm = g->cm;
    region_cases *c = &g->r->c;
    const region_members *m = &g->r->m;
    uint32_t i = c->member[k];
    rng r;
    rng_seed(&r, d->seed, RS_COST, i, (uint64_t)c->year[k] * 64 + c->key[k]);
    double rw = cm->drg_weight[c->drg[k]];
    const cm_template *t = &cm->t[c->tmpl[k]];
    const char *mdc = t->mdc_row >= 0 ? d->mdc[t->mdc_row].code : "";
    int maternal = strcmp(mdc, "MDCO") == 0 || strcmp(mdc, "MDCN") == 0 || strcmp(mdc, "MDCP") == 0;
    c->body[k] = (uint8_t)(strlen(mdc) == 4 ? mdc[3] : 'X');
    c->surgical[k] = (int8_t)cm->drg_procedural[c->drg[k]];
    int child = c->age[k] < 15;
    double factor;
    if (rng_unit(&r) < d->out_of_area_base + d->out_of_area_per_rw * (rw < 4 ? rw : 4)) {
        c->place[k] = (int8_t)(rng_unit(&r) < d->referred_share ? PLACE_REFERRED : PLACE_OUT_OF_AREA);
        c->facility[k] = -1;
        factor = d->level_cost[3] * d->out_of_area_cost;
    } else {
        int level = pick_level(d, rw, m->county[i] ? d->county_level3 : 1.0, &r), h;
        int alliance = m->county[i] ? (level < 3 && rng_unit(&r) < d->loyalty) : rng_unit(&r) < d->city_to_alliance;
        h = pick_hospital(d, level, alliance, maternal, child, &r);
        if (h < 0)
            h = pick_hospital(d, level, !alliance, maternal, child, &r);
        c->facility[k] = (int16_t)h;
        factor = d->level_cost[level] * d->fac[h].cost_factor;
    }
    double base = d->cost_base[m->insured[i] == 3 ? 1 : 0];
    double mean = rw * base * factor * region_cost_index(d, c->year[k]);
    double s = cm->drg_procedural[c->drg[k]] ? d->sigma_surgical : d->sigma_medical, rho = d->los_correlation;
    double z = rho * c->z[k] + sqrt(1.0 - rho * rho) * rng_normal(&r);
    double cost = rmath_exp(rmath_log(mean) - s * s / 2 + s * z);
    if (rng_unit(&r) < d->tail_share) /* a heavy upper tail: complications, long stays (× e^(σ·[0.5, 1.5))) */
        cost *= rmath_exp(d->tail_sigma * (0.5 + rng_unit(&r)));
    int dt = c->discharge_type[k];
    if (rng_unit(&r) < d->low_share || dt == 4 || (dt == 2 && c->los[k] <= 2))
        cost *= 0.25 + 0.25 * rng_unit(&r); /* stays cut short */
    if (dt == 5)
        cost *= 1.3;
    int64_t fen = rmath_round(cost * 100.0);
    c->cost[k] = fen < 5000 ? 5000 : fen;
}

static int group_cases(yb_ctx *ctx, const yb_drg_scheme *s, region_cases *c, region_progress_fn progress,
                       void *user)
{
    yb_case_columns cols = { .size = sizeof cols, .n = c->n, .sex = c->sex, .age_years = c->age,
                             .age_days = c->age_days, .birth_weight_g = c->weight, .los_days = c->los,
                             .discharge_type = c->discharge_type, .dx_row_offsets = c->dx.row,
                             .dx_data = c->dx.data, .dx_offsets = c->dx.off, .proc_row_offsets = c->proc.row,
                             .proc_data = c->proc.data ? c->proc.data : "", .proc_offsets = c->proc.off };
    int64_t zero = 0;
    if (!c->proc.off)
        cols.proc_offsets = &zero;
    yb_drg_results out = { .size = sizeof out, .n = c->n, .drg = c->drg };
    if (progress)
        progress(user, "grouping (CHS-DRG)", 0, c->n);
    int rc = yb_drg_group_batch(ctx, s, &cols, &out, NULL);
    if (progress)
        progress(user, "grouping (CHS-DRG)", c->n, c->n);
    return rc < 0 ? rc : YB_OK;
}

int region_generate(yb_ctx *ctx, const region_def *d, const yb_drg_scheme *scheme, region_data *out,
                    region_progress_fn progress, void *user)
{
    memset(out, 0, sizeof *out);
    casemix cm;
    int rc = region_gen_members(ctx, d, &out->m);
    if (rc)
        return rc;
    if ((rc = casemix_load(ctx, d, scheme, &cm)))
        return rc;
    gen g = { d, &cm, out };
    for (int y = d->first_year; y <= d->settle_year && !rc; y++)
        if (gen_year(&g, y, progress, user))
            rc = yb_fail_nomem(ctx, "cases");
    if (!rc && !out->c.n)
        rc = yb_fail(ctx, YB_E_PARAM, "%s: the region has no admissions", d->dir);
    if (!rc)
        rc = group_cases(ctx, scheme, &out->c, progress, user);
    for (size_t k = 0; !rc && k < out->c.n; k++)
        draw_cost(&g, k);
    if (!rc) {
        out->n_drg = cm.n_drg;
        out->drg_weight = malloc(cm.n_drg * sizeof *out->drg_weight);
        if (!out->drg_weight)
            rc = yb_fail_nomem(ctx, "weights");
        else
            memcpy(out->drg_weight, cm.drg_weight, cm.n_drg * sizeof *out->drg_weight);
        memcpy(out->weight_rule, cm.weight_rule, sizeof out->weight_rule);
    }
    casemix_free(&cm);
    if (!rc)
        rc = region_gen_claims(ctx, d, out, progress, user);
    return rc;
}

void region_data_free(region_data *r)
{
    region_members *m = &r->m;
    free(m->id); free(m->insured); free(m->sex); free(m->county); free(m->alliance); free(m->category);
    free(m->civil); free(m->chronic); free(m->birth); free(m->death); free(m->account_credit);
    free(m->family_payer);
    region_cases *c = &r->c;
    free(c->id); free(c->year); free(c->member); free(c->facility); free(c->place); free(c->admit);
    free(c->discharge); free(c->sex); free(c->age); free(c->age_days); free(c->weight); free(c->los);
    free(c->discharge_type); free(c->cost); free(c->drg); free(c->tmpl); free(c->key); free(c->z); free(c->body); free(c->surgical);
    free(c->dx.row); free(c->dx.off); free(c->dx.data); free(c->proc.row); free(c->proc.off); free(c->proc.data);
    region_claims *k = &r->k;
    free(k->id); free(k->member); free(k->case_row); free(k->date); free(k->visit); free(k->level); free(k->place);
    free(k->pot); free(k->facility); free(k->line_row); free(k->item); free(k->qty); free(k->price); free(k->amount);
    free(r->drg_weight);
    memset(r, 0, sizeof *r);
}
