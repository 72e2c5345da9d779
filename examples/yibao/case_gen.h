/* Synthetic inpatient cases for benchmarks and tests, seeded and
 * reproducible, drawn from codes the caller gives:
 *
 * - random cases (case_gen_make()): realistic shapes (age mix with newborns
 *   and infants, 0-15 secondary diagnoses, about 45% surgical cases) from
 *   pools of real codes (for example a scheme's MDC lists, MCC/CC table and
 *   ADRG procedure lists);
 * - template cases (case_gen_make_templated()): each case follows a template
 *   picked at random (for example one per rule of a DIP catalogue: its
 *   principal diagnosis, the diagnoses and procedures it requires, optional
 *   procedures with a chance, a newborn band), varied with further random
 *   codes, with a share of random cases mixed in. */
#ifndef YIBAO_CASE_GEN_H
#define YIBAO_CASE_GEN_H

#include <stddef.h>
#include <stdint.h>

#include <yibao/yibao.h>

typedef struct case_gen_pools {
    const char *const *principal_dx;  /* candidate principal diagnoses */
    size_t n_principal_dx;
    const char *const *secondary_dx;  /* candidate secondary diagnoses (e.g. MCC/CC codes and others) */
    size_t n_secondary_dx;
    const char *const *principal_proc; /* candidate principal procedures (e.g. ADRG procedure lists) */
    size_t n_principal_proc;
    const char *const *other_proc;    /* candidate further procedures */
    size_t n_other_proc;
} case_gen_pools;

/* One code of a template: an alternative is chosen at random, then one code
 * of it (an alternative is a run of codes, e.g. all codes of a category). */
typedef struct case_gen_alt {
    const char *const *codes;
    size_t n;
} case_gen_alt;

typedef struct case_gen_slot {
    const case_gen_alt *alts;
    size_t n_alts;
    int percent;                /* chance in % that the code is present (100 = always) */
} case_gen_slot;

typedef struct case_gen_template {
    const case_gen_slot *dx;    /* dx[0] is the principal diagnosis */
    size_t n_dx;
    const case_gen_slot *proc;  /* in order: the first present one is the principal procedure */
    size_t n_proc;
    int32_t newborn_days;       /* >= 0: a newborn of 0 … newborn_days days; -1: an adult */
    int32_t weight_min, weight_max; /* the newborn's weight band in grams (-1: 3000 g) */
} case_gen_template;

typedef struct case_gen_spec {
    const case_gen_template *templates;
    size_t n_templates;
    int random_percent;         /* share of cases drawn as case_gen_make() draws them */
    size_t max_extra_dx;        /* a template case gets 0 … this many further secondary diagnoses */
    int extra_proc_percent;     /* chance that a template case gets a further random procedure */
} case_gen_spec;

typedef struct case_gen case_gen;

/* Generates n random cases; NULL when out of memory or a pool is empty. */
case_gen *case_gen_make(const case_gen_pools *pools, size_t n, uint64_t seed);
/* Generates n template cases (the pools give the random cases and extra
 * codes); NULL when out of memory, a pool is empty or there is no template. */
case_gen *case_gen_make_templated(const case_gen_pools *pools, const case_gen_spec *spec, size_t n,
                                  uint64_t seed);
const yb_case_columns *case_gen_cases(const case_gen *g);
/* Average diagnoses and procedures per case, and the share with a procedure. */
void case_gen_stats(const case_gen *g, double *dx_per_case, double *proc_per_case, double *surgical_share);
void case_gen_free(case_gen *g);

/* A view of rows [first, first + n) of a batch (the arrays are shared). */
yb_case_columns case_gen_slice(const yb_case_columns *c, size_t first, size_t n);

#endif /* YIBAO_CASE_GEN_H */
