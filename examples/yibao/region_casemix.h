/* The case mix of the generator: code lists read from the CHS-DRG pack, one
 * case template per ADRG (which lists its principal diagnosis and procedures
 * come from), the frequency of each template per sex and age group, and the
 * relative weight of every CHS-DRG 1.1 DRG taken from the Harbin weights.
 * The model is described in doc/region.md. */
#ifndef YIBAO_REGION_CASEMIX_H
#define YIBAO_REGION_CASEMIX_H

#include "region.h"
#include "region_rng.h"

#define CM_AGE_GROUPS 5
#define CM_NO_LIST UINT32_MAX

typedef struct cm_list {
    uint32_t first, n; /* items [first, first + n) of the arena, in a seeded random order */
    wtable zipf;       /* Zipf weights over that order: a few codes are common, most are rare */
} cm_list;

typedef struct cm_template {
    uint32_t adrg;     /* scheme id */
    int mdc_row;       /* row of region_def.mdc, -1 when the mix does not list the MDC */
    int procedural;    /* a surgical or non-OR procedure ADRG */
    int newborn;       /* its condition needs age_days <= 28 */
    int multi_trauma;  /* MDCZ: two body regions */
    int wmin, wmax;    /* birth-weight band of a newborn template (grams) */
    uint32_t dx, proc, proc2; /* lists (CM_NO_LIST = none) */
    double rw;         /* mean relative weight of its DRGs */
} cm_template;

typedef struct casemix {
    char *arena;
    size_t arena_len, arena_cap;
    uint32_t *item;    /* offset of each item's code in the arena */
    uint32_t *tag;     /* offset of its tag (0 = none: the arena starts with an empty string) */
    size_t n_items, items_cap;
    cm_list *lists;
    size_t n_lists, lists_cap;
    yb_dict *dx_names, *proc_names; /* list name → index in lists (via a side table) */
    uint32_t *dx_list_of, *proc_list_of;
    size_t dx_map_cap, proc_map_cap;
    uint32_t pool_cc, pool_dx, pool_nonor, pool_valid;
    cm_template *t;
    size_t n_t;
    wtable cell[2][CM_AGE_GROUPS]; /* per sex and age group: frequency of each template */
    wtable newborn;    /* newborn templates */
    double *drg_weight; /* per scheme DRG id */
    uint8_t *drg_procedural;
    uint32_t n_drg;
    size_t weight_rule[4];
} casemix;

int casemix_load(yb_ctx *ctx, const region_def *d, const yb_drg_scheme *scheme, casemix *cm);
void casemix_free(casemix *cm);
/* A code of a list, Zipf-distributed over its seeded order. */
const char *casemix_draw(const casemix *cm, uint32_t list, rng *r, const char **tag);
/* Age group 0 … 4 of an age in years: 0, 1–14, 15–44, 45–64, 65+. */
int casemix_age_group(int age);

#endif /* YIBAO_REGION_CASEMIX_H */
