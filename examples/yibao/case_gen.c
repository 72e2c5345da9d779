/* Synthetic cases for the benchmarks and tests; see case_gen.h. */
#include <stdlib.h>
#include <string.h>

#include "case_gen.h"
#include "gen_mem.h"
#include "region_rng.h"

struct case_gen {
    yb_case_columns cols;
    int8_t *sex, *discharge;
    int16_t *age;
    int32_t *age_days, *weight, *los;
    int64_t *dx_row, *dx_off, *proc_row, *proc_off;
    char *dx_data, *proc_data;
    size_t n_dx, n_proc, dx_len, proc_len, surgical;
};

/* The draws: region_rng.h's generator, seeded from the caller's seed. */
static size_t below(rng *s, size_t n)
{
    return (size_t)rng_below(s, n);
}

typedef struct list_out {
    char **data;
    int64_t **off;
    size_t *len, *n, data_cap, off_cap;
} list_out;

static int add(list_out *o, const char *code)
{
    size_t l = strlen(code);
    if (gen_grow((void **)o->data, &o->data_cap, *o->len + l, 1) ||
        gen_grow((void **)o->off, &o->off_cap, *o->n + 2, sizeof(int64_t)))
        return -1;
    memcpy(*o->data + *o->len, code, l);
    *o->len += l;
    (*o->n)++;
    (*o->off)[*o->n] = (int64_t)*o->len;
    return 0;
}

/* The row arrays of n cases and the first offsets of the lists. */
static int alloc_rows(case_gen *g, size_t n, list_out *dx, list_out *pr)
{
    g->sex = malloc(n ? n : 1);
    g->discharge = malloc(n ? n : 1);
    g->age = malloc((n ? n : 1) * sizeof *g->age);
    g->age_days = malloc((n ? n : 1) * sizeof *g->age_days);
    g->weight = malloc((n ? n : 1) * sizeof *g->weight);
    g->los = malloc((n ? n : 1) * sizeof *g->los);
    g->dx_row = malloc((n + 1) * sizeof *g->dx_row);
    g->proc_row = malloc((n + 1) * sizeof *g->proc_row);
    *dx = (list_out){ &g->dx_data, &g->dx_off, &g->dx_len, &g->n_dx, 0, 0 };
    *pr = (list_out){ &g->proc_data, &g->proc_off, &g->proc_len, &g->n_proc, 0, 0 };
    if (!g->sex || !g->discharge || !g->age || !g->age_days || !g->weight || !g->los || !g->dx_row ||
        !g->proc_row || gen_grow((void **)&g->dx_off, &dx->off_cap, 1, sizeof(int64_t)) ||
        gen_grow((void **)&g->proc_off, &pr->off_cap, 1, sizeof(int64_t)))
        return -1;
    g->dx_off[0] = g->proc_off[0] = 0;
    return 0;
}

static int8_t discharge(rng *s)
{
    size_t d = below(s, 100);
    return (int8_t)(d < 90 ? 1 : d < 94 ? 2 : d < 98 ? 4 : 5);
}

/* Case i drawn from the pools alone. */
static int random_case(case_gen *g, const case_gen_pools *p, size_t i, rng *s, list_out *dx, list_out *pr)
{
    g->sex[i] = (int8_t)(1 + below(s, 2));
    size_t r = below(s, 100);
    g->weight[i] = -1;
    if (r < 3) { /* newborn */
        g->age[i] = 0;
        g->age_days[i] = (int32_t)below(s, 29);
        g->weight[i] = (int32_t)(700 + below(s, 3900));
    } else if (r < 5) { /* infant */
        g->age[i] = 0;
        g->age_days[i] = (int32_t)(29 + below(s, 336));
    } else {
        g->age[i] = (int16_t)(1 + below(s, 95));
        g->age_days[i] = below(s, 2) ? -1 : (int32_t)(g->age[i] * 365 + (int32_t)below(s, 365));
    }
    g->los[i] = (int32_t)(1 + below(s, 40));
    g->discharge[i] = discharge(s);
    /* diagnoses: the principal, then 0-15 secondaries */
    int fail = add(dx, p->principal_dx[below(s, p->n_principal_dx)]);
    size_t k = below(s, 100);
    size_t n_sec = k < 15 ? 0 : k < 60 ? 1 + below(s, 3) : k < 90 ? 4 + below(s, 5) : 9 + below(s, 7);
    for (size_t j = 0; j < n_sec && !fail; j++)
        fail = add(dx, below(s, 2) ? p->secondary_dx[below(s, p->n_secondary_dx)]
                                   : p->principal_dx[below(s, p->n_principal_dx)]);
    /* procedures: 45% of cases have 1-5 */
    if (!fail && below(s, 100) < 45) {
        g->surgical++;
        size_t n_proc = 1 + below(s, 5);
        fail = add(pr, below(s, 10) < 7 ? p->principal_proc[below(s, p->n_principal_proc)]
                                        : p->other_proc[below(s, p->n_other_proc)]);
        for (size_t j = 1; j < n_proc && !fail; j++)
            fail = add(pr, p->other_proc[below(s, p->n_other_proc)]);
    }
    return fail;
}

/* Adds the code of a template slot (always for the principal diagnosis,
 * otherwise with the slot's chance). */
static int add_slot(list_out *o, const case_gen_slot *sl, int always, rng *s)
{
    if (sl->n_alts == 0 || (!always && (int)below(s, 100) >= sl->percent))
        return 0;
    const case_gen_alt *a = &sl->alts[below(s, sl->n_alts)];
    return a->n ? add(o, a->codes[below(s, a->n)]) : 0;
}

/* Case i following a template chosen at random. */
static int template_case(case_gen *g, const case_gen_pools *p, const case_gen_spec *spec, size_t i, rng *s,
                         list_out *dx, list_out *pr)
{
    const case_gen_template *t = &spec->templates[below(s, spec->n_templates)];
    g->sex[i] = (int8_t)(1 + below(s, 2));
    g->age[i] = (int16_t)(1 + below(s, 95));
    g->age_days[i] = g->weight[i] = -1;
    if (t->newborn_days >= 0) {
        g->age[i] = 0;
        g->age_days[i] = (int32_t)below(s, (size_t)t->newborn_days + 1);
        g->weight[i] = t->weight_min >= 0 && t->weight_max >= t->weight_min
                           ? t->weight_min + (int32_t)below(s, (size_t)(t->weight_max - t->weight_min) + 1)
                           : 3000;
    }
    g->los[i] = (int32_t)(1 + below(s, 40));
    g->discharge[i] = discharge(s);
    int fail = 0;
    for (size_t k = 0; k < t->n_dx && !fail; k++)
        fail = add_slot(dx, &t->dx[k], k == 0, s);
    for (size_t k = below(s, spec->max_extra_dx + 1); k > 0 && !fail; k--)
        fail = add(dx, p->secondary_dx[below(s, p->n_secondary_dx)]);
    size_t before = g->n_proc;
    for (size_t k = 0; k < t->n_proc && !fail; k++)
        fail = add_slot(pr, &t->proc[k], 0, s);
    if (!fail && (int)below(s, 100) < spec->extra_proc_percent)
        fail = add(pr, p->other_proc[below(s, p->n_other_proc)]);
    g->surgical += g->n_proc > before;
    return fail;
}

static case_gen *generate(const case_gen_pools *p, const case_gen_spec *spec, size_t n, uint64_t seed)
{
    if (!p->n_principal_dx || !p->n_secondary_dx || !p->n_principal_proc || !p->n_other_proc ||
        (spec && !spec->n_templates))
        return NULL;
    case_gen *g = calloc(1, sizeof *g);
    list_out dx, pr;
    if (!g || alloc_rows(g, n, &dx, &pr)) {
        case_gen_free(g);
        return NULL;
    }
    rng s;
    rng_seed(&s, seed, RS_BENCH, 0, 0);
    for (size_t i = 0; i < n; i++) {
        g->dx_row[i] = (int64_t)g->n_dx;
        g->proc_row[i] = (int64_t)g->n_proc;
        int fail = spec && (int)below(&s, 100) >= spec->random_percent ? template_case(g, p, spec, i, &s, &dx, &pr)
                                                                        : random_case(g, p, i, &s, &dx, &pr);
        if (fail) {
            case_gen_free(g);
            return NULL;
        }
    }
    g->dx_row[n] = (int64_t)g->n_dx;
    g->proc_row[n] = (int64_t)g->n_proc;
    yb_case_columns *c = &g->cols;
    c->size = sizeof *c;
    c->n = n;
    c->sex = g->sex;
    c->age_years = g->age;
    c->age_days = g->age_days;
    c->birth_weight_g = g->weight;
    c->los_days = g->los;
    c->discharge_type = g->discharge;
    c->dx_row_offsets = g->dx_row;
    c->dx_data = g->dx_data ? g->dx_data : "";
    c->dx_offsets = g->dx_off;
    c->proc_row_offsets = g->proc_row;
    c->proc_data = g->proc_data ? g->proc_data : "";
    c->proc_offsets = g->proc_off;
    return g;
}

case_gen *case_gen_make(const case_gen_pools *p, size_t n, uint64_t seed)
{
    return generate(p, NULL, n, seed);
}

case_gen *case_gen_make_templated(const case_gen_pools *p, const case_gen_spec *spec, size_t n, uint64_t seed)
{
    return spec ? generate(p, spec, n, seed) : NULL;
}

const yb_case_columns *case_gen_cases(const case_gen *g)
{
    return &g->cols;
}

void case_gen_stats(const case_gen *g, double *dx, double *proc, double *surgical)
{
    double n = g->cols.n ? (double)g->cols.n : 1.0;
    *dx = (double)g->n_dx / n;
    *proc = (double)g->n_proc / n;
    *surgical = (double)g->surgical / n;
}

void case_gen_free(case_gen *g)
{
    if (!g)
        return;
    free(g->sex); free(g->discharge); free(g->age); free(g->age_days); free(g->weight); free(g->los);
    free(g->dx_row); free(g->dx_off); free(g->proc_row); free(g->proc_off); free(g->dx_data); free(g->proc_data);
    free(g);
}

yb_case_columns case_gen_slice(const yb_case_columns *c, size_t first, size_t n)
{
    yb_case_columns v = *c;
    v.n = n;
    v.sex += first;
    v.age_years += first;
    if (v.age_days) v.age_days += first;
    if (v.birth_weight_g) v.birth_weight_g += first;
    if (v.los_days) v.los_days += first;
    if (v.discharge_type) v.discharge_type += first;
    if (v.vent_hours) v.vent_hours += first;
    if (v.icu_days) v.icu_days += first;
    v.dx_row_offsets += first;
    if (v.proc_row_offsets) v.proc_row_offsets += first;
    return v;
}
