/* The region's members: insurance type, sex, birth date, assistance category,
 * civil-servant subsidy, chronic conditions, personal-account credit. The
 * county alliance's enrollees are drawn to match the capitation plan's
 * population table exactly (band by band) and its registered chronic
 * patients (hypertension, diabetes) in number. Model: doc/region.md. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/date.h"
#include "core/pack.h"

#include "region.h"
#include "region_rng.h"

int region_mkdir_p(const char *path)
{
    char buf[REGION_PATH_MAX];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++)
        if (buf[i] == '/' || buf[i] == 0) {
            char c = buf[i];
            buf[i] = 0;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return -1;
            buf[i] = c;
        }
    return 0;
}

/* The capitation plan's population bands and condition counts. */
typedef struct cap_band {
    int sex, from, to;
    int64_t enrollees;
} cap_band;

typedef struct cap_pop {
    cap_band band[64];
    size_t n;
    int64_t hypertension, diabetes;
} cap_pop;

static int read_capitation(yb_ctx *ctx, const char *path, cap_pop *pop)
{
    memset(pop, 0, sizeof *pop);
    yb_pack *p = NULL;
    yb_csv *csv = NULL;
    int rc = yb_pack_open(ctx, path, "capitation-plan", &p);
    if (rc)
        return rc;
    static const char *const pc[] = { "sex", "age_from", "age_to", "enrollees" };
    static const int req[] = { 1, 1, 1, 1 };
    long col[4];
    if ((rc = yb_pack_table_open(ctx, p, "population", &csv)) || (rc = yb_csv_map_cols(csv, ctx, pc, req, 4, col)))
        goto done;
    while ((rc = yb_csv_next(csv, ctx)) == 1) {
        if (pop->n >= 64) {
            rc = yb_csv_field_fail(csv, ctx, 0, YB_E_LIMIT, "more than 64 population bands");
            break;
        }
        cap_band *b = &pop->band[pop->n];
        size_t len;
        const char *s = yb_csv_field(csv, (size_t)col[0], &len);
        b->sex = (s[0] == '1' || s[0] == 'M' || s[0] == 'm') ? 1 : 2;
        int64_t f, t;
        if ((rc = yb_csv_get_i64(csv, ctx, (size_t)col[1], 0, 150, &f)) ||
            (rc = yb_csv_get_i64(csv, ctx, (size_t)col[2], f, 150, &t)) ||
            (rc = yb_csv_get_i64(csv, ctx, (size_t)col[3], 0, 100000000, &b->enrollees)))
            break;
        b->from = (int)f;
        b->to = (int)(t > 100 ? 100 : t);
        if (b->to < b->from)
            b->to = b->from;
        pop->n++;
    }
    yb_csv_close(csv);
    csv = NULL;
    if (rc < 0 || !yb_pack_has_table(p, "conditions"))
        goto done;
    static const char *const cc[] = { "condition", "enrollees" };
    if ((rc = yb_pack_table_open(ctx, p, "conditions", &csv)) || (rc = yb_csv_map_cols(csv, ctx, cc, req, 2, col)))
        goto done;
    while ((rc = yb_csv_next(csv, ctx)) == 1) {
        size_t len;
        const char *s = yb_csv_field(csv, (size_t)col[0], &len);
        int64_t n;
        if ((rc = yb_csv_get_i64(csv, ctx, (size_t)col[1], 0, 100000000, &n)))
            break;
        if (strcmp(s, "hypertension") == 0)
            pop->hypertension = n;
        else if (strcmp(s, "diabetes") == 0)
            pop->diabetes = n;
    }
done:
    yb_csv_close(csv);
    yb_pack_close(p);
    return rc < 0 ? rc : YB_OK;
}

static int32_t birth_for_age(int settle_year, int age, rng *r)
{
    /* age completed on 1 January of the settlement year */
    int32_t jan1 = yb_date_to_days((int32_t)(settle_year - age) * 10000 + 101);
    return yb_date_from_days(jan1 - (int32_t)rng_below(r, 365));
}

static int draw_band_age(const region_band *b, size_t n, rng *r)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += b[i].share;
    double u = rng_unit(r) * total;
    size_t k = 0;
    while (k + 1 < n && u >= b[k].share) {
        u -= b[k].share;
        k++;
    }
    return b[k].from + (int)rng_below(r, (uint64_t)(b[k].to - b[k].from + 1));
}

typedef struct keyed {
    double key;
    uint32_t row;
} keyed;

static int by_key_desc(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? 1 : -1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* Marks exactly `count` of the enrollees [first, first + n) with `bit`, by
 * weighted sampling without replacement (Efraimidis–Spirakis keys): members
 * aged 60 and over three times as likely as those aged 35–59, younger never. */
static int mark_condition(const region_def *d, region_members *m, size_t first, size_t n, int64_t count, int bit,
                          uint64_t stream)
{
    keyed *k = malloc((n ? n : 1) * sizeof *k);
    if (!k)
        return -1;
    size_t eligible = 0;
    for (size_t i = 0; i < n; i++) {
        int age = d->settle_year - m->birth[first + i] / 10000;
        double w = age >= 60 ? 3.0 : age >= 35 ? 1.0 : 0.0;
        if (w <= 0)
            continue;
        rng r;
        rng_seed(&r, d->seed, RS_CONDITIONS, stream, first + i);
        double u = rng_unit(&r);
        k[eligible].key = rmath_log(u > 0 ? u : 1e-300) / w;
        k[eligible].row = (uint32_t)(first + i);
        eligible++;
    }
    qsort(k, eligible, sizeof *k, by_key_desc);
    for (size_t i = 0; i < eligible && (int64_t)i < count; i++)
        m->chronic[k[i].row] |= (int8_t)bit;
    free(k);
    return 0;
}

int region_gen_members(yb_ctx *ctx, const region_def *d, region_members *m)
{
    cap_pop pop;
    int rc = read_capitation(ctx, d->pack_capitation, &pop);
    if (rc)
        return rc;
    int64_t enrollees = 0;
    for (size_t i = 0; i < pop.n; i++)
        enrollees += pop.band[i].enrollees;
    size_t n = (size_t)d->members;
    double total_share = d->insured_share[0] + d->insured_share[1] + d->insured_share[2];
    size_t n_emp = (size_t)rmath_round((double)n * d->insured_share[0] / total_share);
    size_t n_ret = (size_t)rmath_round((double)n * d->insured_share[1] / total_share);
    size_t n_births = (size_t)rmath_round((double)n * d->births_share);
    if (n_emp + n_ret + (size_t)enrollees + n_births > n)
        return yb_fail(ctx, YB_E_PARAM, "%s: %zu members cannot hold %zu employees, %zu retired, %lld alliance "
                       "enrollees and %zu births", d->dir, n, n_emp, n_ret, (long long)enrollees, n_births);
    memset(m, 0, sizeof *m);
    m->n = n;
    const gen_array arrays[] = { GEN_ARRAY(m->id, n), GEN_ARRAY(m->insured, n), GEN_ARRAY(m->sex, n),
                                 GEN_ARRAY(m->county, n), GEN_ARRAY(m->alliance, n), GEN_ARRAY(m->category, n),
                                 GEN_ARRAY(m->civil, n), GEN_ARRAY(m->chronic, n), GEN_ARRAY(m->birth, n),
                                 GEN_ARRAY(m->death, n), GEN_ARRAY(m->account_credit, n),
                                 GEN_ARRAY(m->family_payer, n) };
    if (gen_calloc_all(arrays, sizeof arrays / sizeof *arrays))
        return yb_fail_nomem(ctx, "members");
    size_t first_enrollee = n_emp + n_ret, first_city = first_enrollee + (size_t)enrollees, first_birth = n - n_births;
    size_t band = 0;
    int64_t left_in_band = pop.n ? pop.band[0].enrollees : 0;
    const double male_share = 105.07 / 205.07; /* census 2020 sex ratio (see SOURCE.md) */
    for (size_t i = 0; i < n; i++) {
        rng r;
        rng_seed(&r, d->seed, RS_MEMBER, i, 0);
        m->id[i] = (uint64_t)i + 1;
        int ins = i < n_emp ? 1 : i < n_emp + n_ret ? 2 : 3;
        m->insured[i] = (int8_t)ins;
        m->sex[i] = (int8_t)(rng_unit(&r) < male_share ? 1 : 2);
        int age;
        if (i >= first_enrollee && i < first_city) {
            while (left_in_band == 0 && band + 1 < pop.n)
                left_in_band = pop.band[++band].enrollees;
            left_in_band--;
            const cap_band *b = &pop.band[band];
            m->sex[i] = (int8_t)b->sex;
            m->county[i] = m->alliance[i] = 1;
            if (b->to >= 100 && b->from >= 60) /* open top band: ages thin out (mean 8 years above its start) */
                age = b->from + (int)(-8.0 * rmath_log(1.0 - rng_unit(&r)));
            else
                age = b->from + (int)rng_below(&r, (uint64_t)(b->to - b->from + 1));
            if (age > 100)
                age = 100;
        } else {
            age = draw_band_age(d->ages[ins - 1], d->n_ages[ins - 1], &r);
        }
        if (i >= first_birth) /* born during the settlement year */
            m->birth[i] = yb_date_from_days(yb_date_to_days(d->settle_year * 10000 + 101) + (int32_t)rng_below(&r, 365));
        else
            m->birth[i] = birth_for_age(d->settle_year, age, &r);
        if (ins == 3) {
            double u = rng_unit(&r), acc = 0;
            for (int c = 1; c <= 7; c++) {
                acc += d->assistance_share[c];
                if (u < acc) {
                    m->category[i] = (int8_t)c;
                    break;
                }
            }
        }
        m->civil[i] = (int8_t)(rng_unit(&r) < d->civil_servant_share[ins - 1]);
        /* the account credit varies with the wage or pension: 70 % … 130 % of the table's */
        double credit = (double)d->account_credit[ins - 1] * (0.7 + 0.6 * rng_unit(&r));
        m->account_credit[i] = rmath_round(credit);
        if (!m->alliance[i] && age >= 35) { /* members outside the alliance: a prevalence from age 35 */
            if (rng_unit(&r) < d->chronic_share[0])
                m->chronic[i] |= 1;
            if (rng_unit(&r) < d->chronic_share[1])
                m->chronic[i] |= 2;
        }
    }
    /* Family mutual aid (家庭共济): a share of the residents are relatives of an employee in service whose
     * personal account may pay what they owe; the employee is drawn uniformly. */
    for (size_t i = first_enrollee; n_emp > 0 && i < n; i++) {
        rng r;
        rng_seed(&r, d->seed, RS_FAMILY, i, 0);
        if (m->insured[i] == 3 && rng_unit(&r) < d->family_aid_share)
            m->family_payer[i] = m->id[rng_below(&r, (uint64_t)n_emp)];
    }
    if (mark_condition(d, m, first_enrollee, (size_t)enrollees, pop.hypertension, 1, 1) ||
        mark_condition(d, m, first_enrollee, (size_t)enrollees, pop.diabetes, 2, 2))
        return yb_fail_nomem(ctx, "chronic conditions");
    return YB_OK;
}
