/* Synthetic inpatient cases for benchmarks: realistic shapes (age mix with
 * newborns and infants, 0-15 secondary diagnoses, about 45% surgical cases)
 * drawn, seeded and reproducibly, from pools of real codes given by the
 * caller (for example a scheme's MDC lists, MCC/CC table and ADRG procedure
 * lists). */
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

typedef struct case_gen case_gen;

/* Generates n cases; NULL when out of memory or a pool is empty. */
case_gen *case_gen_make(const case_gen_pools *pools, size_t n, uint64_t seed);
const yb_case_columns *case_gen_cases(const case_gen *g);
/* Average diagnoses and procedures per case, and the share with a procedure. */
void case_gen_stats(const case_gen *g, double *dx_per_case, double *proc_per_case, double *surgical_share);
void case_gen_free(case_gen *g);

/* A view of rows [first, first + n) of a batch (the arrays are shared). */
yb_case_columns case_gen_slice(const yb_case_columns *c, size_t first, size_t n);

#endif /* YIBAO_CASE_GEN_H */
