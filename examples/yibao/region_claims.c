/* Member claims of the sample region: one inpatient claim per admission of
 * the settlement year and the year before, outpatient visits of the
 * settlement year (ordinary and chronic-disease visits), each with line items
 * of the benefit catalogue (classes A, B, C, price limits) that add up to the
 * claim's total exactly. Claims are ordered by date, as a settlement platform
 * receives them. Model: doc/region.md. Compiled with -ffp-contract=off. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx_internal.h"
#include "core/date.h"

#include "region.h"
#include "region_rng.h"

typedef struct head {
    int32_t date;
    int8_t visit, level, place, pot;
    int16_t facility;
    uint32_t member;
    uint64_t key;      /* unique per member: the case id, or 2^40 + visit number */
    int64_t case_row;  /* -1 outpatient */
    int64_t total;     /* fen */
} head;

static int by_date(const void *a, const void *b)
{
    const head *x = a, *y = b;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    if (x->member != y->member)
        return x->member < y->member ? -1 : 1;
    return (x->key > y->key) - (x->key < y->key);
}

typedef struct heads {
    head *v;
    size_t n, cap;
} heads;

static int push_head(heads *h, const head *x)
{
    if (gen_grow((void **)&h->v, &h->cap, h->n + 1, sizeof *h->v))
        return -1;
    h->v[h->n++] = *x;
    return 0;
}

/* ----------------------------------------------------------- outpatient */

static int pick_among(const region_def *d, int level, int alliance, int village, rng *r)
{
    double total = 0, w[REGION_MAX_FACILITIES];
    for (size_t i = 0; i < d->n_fac; i++) {
        const region_facility *f = &d->fac[i];
        int ok = village ? !f->inpatient : f->inpatient && f->level == level && f->alliance == alliance;
        w[i] = ok ? (village ? 1.0 : (double)f->beds) : 0.0;
        total += w[i];
    }
    return rng_pick(r, w, d->n_fac, total);
}

static int outpatient_facility(const region_def *d, const region_members *m, uint32_t i, int chronic, rng *r)
{
    int group = m->alliance[i] ? 0 : m->insured[i] == 3 ? 1 : 2;
    const double *c = d->op_choice[group][chronic];
    double u = rng_unit(r) * (c[0] + c[1] + c[2] + c[3]);
    int k = 0;
    while (k < 3 && u >= c[k]) {
        u -= c[k];
        k++;
    }
    int f;
    if (k == 0)
        f = pick_among(d, 1, 1, 1, r);
    else /* enrollees use the alliance for levels 1 and 2, everyone else the city's hospitals */
        f = pick_among(d, k, group == 0 && k < 3, 0, r);
    if (f < 0)
        f = pick_among(d, k ? k : 1, !(group == 0 && k < 3), 0, r);
    return f;
}

static double outpatient_factor(const region_def *d, int age)
{
    for (size_t i = 0; i < d->n_rates; i++)
        if (age >= d->rates[i].from && age <= d->rates[i].to)
            return d->rates[i].outpatient;
    return 1.0;
}

static int gen_outpatient(const region_def *d, const region_members *m, heads *h)
{
    int year = d->settle_year;
    int32_t jan1 = yb_date_to_days(year * 10000 + 101), dec31 = yb_date_to_days(year * 10000 + 1231);
    double index = region_cost_index(d, year);
    for (uint32_t i = 0; i < m->n; i++) {
        int32_t from = yb_date_to_days(m->birth[i]) + 1, to = m->death[i] ? yb_date_to_days(m->death[i]) - 1 : dec31;
        from = from > jan1 ? from : jan1;
        if (to > dec31)
            to = dec31;
        if (from > to)
            continue;
        rng r;
        rng_seed(&r, d->seed, RS_OUTPATIENT, i, (uint64_t)year);
        double exposure = (double)(to - from + 1) / (double)(dec31 - jan1 + 1);
        int age = (year * 10000 + 701 - m->birth[i]) / 10000;
        int n = rng_poisson(&r, d->outpatient_visits[m->insured[i] - 1] * outpatient_factor(d, age < 0 ? 0 : age) *
                                    exposure);
        int n_chronic = m->chronic[i] ? rng_poisson(&r, d->chronic_visits * exposure) : 0;
        for (int v = 0; v < n + n_chronic; v++) {
            int chronic = v >= n;
            head x = { 0 };
            x.date = yb_date_from_days(from + (int32_t)rng_below(&r, (uint64_t)(to - from + 1)));
            x.visit = VISIT_OUTPATIENT;
            x.place = PLACE_LOCAL;
            x.pot = (int8_t)(chronic ? POT_CHRONIC : POT_OUTPATIENT);
            x.member = i;
            x.key = ((uint64_t)1 << 40) + (uint64_t)v;
            x.case_row = -1;
            int f = outpatient_facility(d, m, i, chronic, &r);
            if (f < 0)
                return -1;
            x.facility = (int16_t)f;
            x.level = (int8_t)d->fac[f].level;
            double mean = (d->fac[f].inpatient ? d->level_op_mean[d->fac[f].level] : d->op_clinic_mean) * index *
                          (chronic ? 1.2 : 1.0);
            double s = d->op_sigma;
            double cost = rmath_exp(rmath_log(mean) - s * s / 2 + s * rng_normal(&r));
            int64_t fen = rmath_round(cost * 100.0);
            x.total = fen < 500 ? 500 : fen;
            if (push_head(h, &x))
                return -1;
        }
    }
    return 0;
}

/* ----------------------------------------------------------------- lines */

typedef struct liner {
    const region_def *d;
    region_claims *k;
    uint16_t role_item[ROLE_COUNT][REGION_MAX_ITEMS]; /* items of each role */
    int role_n[ROLE_COUNT];
    int64_t left;      /* fen of the claim not yet on a line */
    rng r;
} liner;

static int pick_item(liner *L, int role)
{
    return L->role_item[role][rng_below(&L->r, (uint64_t)L->role_n[role])];
}

static int line_push(liner *L, int idx, int64_t qty_units, int64_t price_fen)
{
    region_claims *k = L->k;
    if (k->lines == k->line_cap) { /* the four line arrays grow together */
        size_t cap = k->line_cap ? k->line_cap * 2 : 1 << 16;
        uint16_t *it = realloc(k->item, cap * sizeof *it);
        if (!it)
            return -1;
        k->item = it;
        int64_t *q = realloc(k->qty, cap * sizeof *q), *p, *a;
        if (!q)
            return -1;
        k->qty = q;
        if (!(p = realloc(k->price, cap * sizeof *p)))
            return -1;
        k->price = p;
        if (!(a = realloc(k->amount, cap * sizeof *a)))
            return -1;
        k->amount = a;
        k->line_cap = cap;
    }
    k->item[k->lines] = (uint16_t)idx;
    k->qty[k->lines] = qty_units * 10000;     /* 4 decimals */
    k->price[k->lines] = price_fen * 100;     /* yuan with 4 decimals */
    k->amount[k->lines] = qty_units * price_fen;
    L->left -= qty_units * price_fen;
    k->lines++;
    return 0;
}

/* A line of `units` at a unit price drawn from the role's range, with at
 * most `cap` fen (fewer units when the budget is short); skipped when not
 * even one unit fits. */
static int line_units(liner *L, int role, int64_t units, int64_t cap)
{
    int idx = pick_item(L, role);
    const region_item *it = &L->d->items[idx];
    int64_t price = it->price_min + (int64_t)rng_below(&L->r, (uint64_t)(it->price_max - it->price_min + 1));
    if (price <= 0)
        return 0;
    if (cap > L->left)
        cap = L->left;
    if (units * price > cap)
        units = cap / price;
    return units > 0 ? line_push(L, idx, units, price) : 0;
}

/* A line of one unit whose price is the amount (surgery, drugs by value). */
static int line_amount(liner *L, int role, int64_t amount)
{
    if (amount > L->left)
        amount = L->left;
    return amount > 0 ? line_push(L, pick_item(L, role), 1, amount) : 0;
}

static int64_t share(liner *L, int64_t total, double lo, double hi)
{
    return rmath_round((double)total * (lo + (hi - lo) * rng_unit(&L->r)));
}

static int inpatient_lines(liner *L, const region_data *rd, int64_t row, int level)
{
    const region_cases *c = &rd->c;
    int64_t C = L->left, los = c->los[row];
    char body = (char)c->body[row]; /* MDC letter: F circulatory, I musculoskeletal, C eye, R neoplasms … */
    int rc = 0;
    int64_t keep = C / 20; /* 5 % always left for the last drug line */
    L->left -= keep;
    rc |= line_units(L, level == 3 ? ROLE_BED3 : level == 2 ? ROLE_BED2 : ROLE_BED1, los, C * 15 / 100);
    rc |= line_units(L, ROLE_NURSING, los, C * 6 / 100);
    rc |= line_units(L, ROLE_LAB, 1 + los / 3, C * 5 / 100);
    rc |= line_units(L, ROLE_LAB2, 1 + los / 5, C * 5 / 100);
    double u = rng_unit(&L->r);
    if (body == 'R' && u < 0.1)
        rc |= line_units(L, ROLE_PETCT, 1, C * 20 / 100);
    else if (u < 0.55)
        rc |= line_units(L, ROLE_IMAGING, 1, C * 8 / 100);
    else if (u < 0.8)
        rc |= line_units(L, ROLE_IMAGING_B, 1, C * 8 / 100);
    rc |= line_units(L, ROLE_MATERIAL_A, 1 + (int64_t)rng_below(&L->r, 3), C * 2 / 100);
    if (c->surgical[row]) {
        rc |= line_amount(L, body == 'F' ? ROLE_SURGERY_F : body == 'I' ? ROLE_SURGERY_I : ROLE_SURGERY,
                          share(L, C, 0.12, 0.22));
        if (body == 'F')
            rc |= line_units(L, ROLE_MATERIAL_F, 1 + (int64_t)rng_below(&L->r, 2), C * 30 / 100);
        else if (body == 'I')
            rc |= line_units(L, ROLE_MATERIAL_I, 1, C * 35 / 100);
        else if (body == 'C')
            rc |= line_units(L, ROLE_MATERIAL_C, 1, C * 30 / 100);
        else
            rc |= line_amount(L, ROLE_MATERIAL, share(L, C, 0.03, 0.08));
        if (rng_chance(&L->r, 0.05))
            rc |= line_amount(L, ROLE_SERVICE_C, share(L, C, 0.02, 0.06));
    }
    if ((body == 'I' || body == 'B') && rng_chance(&L->r, 0.3))
        rc |= line_amount(L, ROLE_REHAB, share(L, C, 0.02, 0.05));
    if (body == 'R')
        rc |= line_amount(L, ROLE_DRUG_ONC, share(L, C, 0.15, 0.30));
    rc |= line_amount(L, ROLE_DRUG_B, share(L, C, 0.08, 0.18));
    if (rng_chance(&L->r, 0.35))
        rc |= line_amount(L, ROLE_DRUG_C, share(L, C, 0.01, 0.05));
    L->left += keep;
    rc |= line_amount(L, ROLE_DRUG_A, L->left);
    return rc ? -1 : 0;
}

static int outpatient_lines(liner *L, int chronic)
{
    int rc = 0;
    int64_t C = L->left;
    if (!chronic || rng_chance(&L->r, 0.5))
        rc |= line_units(L, ROLE_CONSULT, 1, C / 2);
    if (!chronic && rng_chance(&L->r, 0.3))
        rc |= line_units(L, ROLE_LAB, 1, C / 3);
    if (chronic) {
        rc |= line_amount(L, ROLE_CHRONIC, L->left);
    } else {
        double u = rng_unit(&L->r);
        rc |= line_amount(L, u < 0.6 ? ROLE_DRUG_A : u < 0.9 ? ROLE_DRUG_B : ROLE_DRUG_C, L->left);
    }
    return rc ? -1 : 0;
}

int region_gen_claims(yb_ctx *ctx, const region_def *d, region_data *rd, region_progress_fn progress, void *user)
{
    heads h = { 0 };
    const region_cases *c = &rd->c;
    region_claims *k = &rd->k;
    memset(k, 0, sizeof *k);
    int rc = YB_OK;
    for (size_t i = 0; i < c->n && !rc; i++) {
        if (c->year[i] < d->settle_year - 1)
            continue;
        head x = { 0 };
        x.date = c->discharge[i];
        x.visit = VISIT_INPATIENT;
        x.place = c->place[i];
        x.pot = POT_INPATIENT;
        x.facility = c->facility[i];
        x.level = (int8_t)(c->facility[i] >= 0 ? d->fac[c->facility[i]].level : 3);
        x.member = c->member[i];
        x.key = c->id[i];
        x.case_row = (int64_t)i;
        x.total = c->cost[i];
        if (push_head(&h, &x))
            rc = yb_fail_nomem(ctx, "claims");
    }
    if (!rc && gen_outpatient(d, &rd->m, &h))
        rc = yb_fail_nomem(ctx, "claims");
    if (rc) {
        free(h.v);
        return rc;
    }
    qsort(h.v, h.n, sizeof *h.v, by_date);
    size_t n = h.n;
    k->n = k->cap = n;
    k->id = malloc((n ? n : 1) * sizeof *k->id);
    k->member = malloc((n ? n : 1) * sizeof *k->member);
    k->case_row = malloc((n ? n : 1) * sizeof *k->case_row);
    k->date = malloc((n ? n : 1) * sizeof *k->date);
    k->visit = malloc(n ? n : 1);
    k->level = malloc(n ? n : 1);
    k->place = malloc(n ? n : 1);
    k->pot = malloc(n ? n : 1);
    k->facility = malloc((n ? n : 1) * sizeof *k->facility);
    k->line_row = malloc((n + 1) * sizeof *k->line_row);
    if (!k->id || !k->member || !k->case_row || !k->date || !k->visit || !k->level || !k->place || !k->pot ||
        !k->facility || !k->line_row) {
        free(h.v);
        return yb_fail_nomem(ctx, "claims");
    }
    liner L = { .d = d, .k = k };
    for (size_t i = 0; i < d->n_items; i++) { /* region_load checks every role has an item */
        int role = d->items[i].role;
        L.role_item[role][L.role_n[role]++] = (uint16_t)i;
    }
    k->line_row[0] = 0;
    int year = 0;
    uint64_t seq = 0;
    for (size_t j = 0; j < n && !rc; j++) {
        const head *x = &h.v[j];
        if (progress && (j & 65535) == 0)
            progress(user, "claims", j, n);
        if (x->date / 10000 != year) {
            year = x->date / 10000;
            seq = 0;
        }
        k->id[j] = (uint64_t)year * 100000000u + ++seq;
        k->member[j] = x->member;
        k->case_row[j] = x->case_row;
        k->date[j] = x->date;
        k->visit[j] = x->visit;
        k->level[j] = x->level;
        k->place[j] = x->place;
        k->pot[j] = x->pot;
        k->facility[j] = x->facility;
        rng_seed(&L.r, d->seed, RS_LINES, x->member, x->key);
        L.left = x->total;
        int bad = x->visit == VISIT_INPATIENT ? inpatient_lines(&L, rd, x->case_row, x->level)
                                              : outpatient_lines(&L, x->pot == POT_CHRONIC);
        if (bad || L.left != 0)
            rc = bad ? yb_fail_nomem(ctx, "claim lines")
                     : yb_fail(ctx, YB_E_INTERNAL, "claim lines do not add up to the claim (%lld fen left)",
                               (long long)L.left);
        k->line_row[j + 1] = (int64_t)k->lines;
    }
    free(h.v);
    return rc;
}
