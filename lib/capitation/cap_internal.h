/* Capitation module internals: the plan, ledger and clearing structures shared
 * by the files of lib/capitation/. Formulas: doc/capitation.md. */
#ifndef YB_CAP_INTERNAL_H
#define YB_CAP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <yibao/capitation.h>
#include <yibao/money.h>
#include <yibao/pack.h>

#include "core/csv.h"
#include "core/ctx_internal.h"
#include "core/pack.h"
#include "core/table.h"

#define CAP_CODE_CAP (YB_CAP_CODE_MAX + 1)
#define CAP_NAME_CAP 128
#define CAP_OPEN_END (-1) /* upper bound of the last band: open */
#define CAP_MAX_TIERS 64
#define CAP_STATIC_CRITERIA 4 /* population, families, insured persons, insured families */

typedef struct cap_band {       /* one age-sex band of the enrolled population */
    char code[CAP_CODE_CAP];
    int sex;                    /* 1 male, 2 female */
    int age_from, age_to;       /* inclusive years */
    int64_t enrollees;
    int64_t coef;               /* age-sex coefficient, 6 decimals; 0 when absent */
    uint64_t line;
} cap_band;

typedef struct cap_named {      /* pots, tiers, conditions, carve-outs, items, facilities */
    char code[CAP_CODE_CAP];
    char name[CAP_NAME_CAP];
    int64_t a;                  /* pot/tier share, condition coefficient, carve-out value, item maximum */
    int64_t b;                  /* tier loss share, condition enrollees, carve-out basis */
    int64_t qty[CAP_STATIC_CRITERIA]; /* facilities: catchment-weighted counts, 6 decimals */
} cap_named;

typedef struct cap_range {      /* a band [from, to) of ratios or scores with its ratio */
    int64_t from, to;           /* to = CAP_OPEN_END for the last, open band */
    int64_t ratio;
} cap_range;

enum { CAP_CARVE_PER_CAPITA = 0, CAP_CARVE_RATIO = 1, CAP_CARVE_AMOUNT = 2 };
enum { CAP_BASIS_TOTAL = 0, CAP_BASIS_POT = 1 };

typedef struct cap_list {       /* a growable array of cap_named */
    cap_named *v;
    size_t n, cap;
} cap_list;

struct yb_cap_plan {
    yb_mem mem;
    int mode;
    int rounding;
    int32_t year;
    char fingerprint[YB_FINGERPRINT_SIZE];
    /* alliance mode */
    cap_band *bands;
    size_t nbands;
    cap_list conds, pots, carves, items, tiers;
    cap_range *retention, *surplus, *over;
    size_t nretention, nsurplus, nover;
    int risk_adjust, basis;
    int64_t per_capita_base, growth, reserve_ratio, normalisation, advance_ratio, min_score;
    yb_cap_budget budget;
    int64_t *carve_amount;      /* per carve-out, fen */
    int64_t *pot_budget;        /* per pot, annual, fen */
    /* openIMIS mode */
    cap_list facilities;
    uint32_t *fac_sorted;       /* facility ids sorted by code, for lookups */
    int64_t share_contribution;
    int64_t weight[YB_CAP_CRITERIA];
};

/* plan_table.c: reading plan tables. */
/* Appends a zeroed element; returns it or NULL (out of memory, recorded). */
cap_named *cap_list_push(yb_ctx *ctx, yb_mem *mem, cap_list *l);
void cap_list_free(yb_mem *mem, cap_list *l);
/* Index of code in the list, or -1 (linear; lists are short). */
long cap_list_find(const cap_list *l, const char *code, size_t len);
/* Ids of a list sorted by code (for binary search), and the lookup. */
uint32_t *cap_index_build(yb_ctx *ctx, yb_mem *mem, const cap_list *l);
long cap_index_find(const cap_list *l, const uint32_t *idx, const char *code, size_t len);
/* Reads a contiguous band table [from, to) with one ratio column (banded
 * ratios: surplus, overspend) or a threshold table (retention). */
int cap_read_ranges(yb_ctx *ctx, yb_mem *mem, const yb_pack *pack, const char *table, int required,
                    cap_range **out, size_t *n);
int cap_read_retention(yb_ctx *ctx, yb_mem *mem, const yb_pack *pack, cap_range **out, size_t *n);

/* plan_alliance.c / plan_openimis.c */
int cap_load_alliance(yb_ctx *ctx, const yb_pack *pack, yb_cap_plan *plan);
int cap_load_openimis(yb_ctx *ctx, const yb_pack *pack, yb_cap_plan *plan);
/* plan_budget.c: computes plan->budget, carve_amount and pot_budget. */
int cap_compute_budget(yb_ctx *ctx, yb_cap_plan *plan);
/* Splits an annual amount into 12 months (equal weights, largest remainder)
 * and returns the sum of months 1 … through. */
int cap_months_through(int64_t annual, int32_t through, int64_t *out);

/* Ledger */
typedef struct cap_entry {
    uint64_t id_off;            /* into the id arena */
    int64_t amount;
    int64_t qty;
    uint32_t pot, facility;
    uint8_t id_len, kind, month, reversed;
} cap_entry;

struct yb_cap_ledger {
    yb_mem mem;
    const yb_cap_plan *plan;
    cap_entry *e;
    size_t n, cap;
    char *ids;
    size_t ids_len, ids_cap;
    uint32_t *slots;            /* open addressing: entry index + 1, 0 = empty */
    size_t nslots;
    uint64_t reversed;
    size_t npots, nfac;
    int64_t *spend;             /* [3 kinds][12 months][npots] */
    int64_t advance[YB_CAP_MONTHS];
    int64_t contribution[YB_CAP_MONTHS];
    int64_t *visits;            /* [12][nfac] */
    int64_t *adjusted;          /* [12][nfac] */
};

static inline int64_t *cap_spend_cell(const yb_cap_ledger *l, int kind_index, int month0, uint32_t pot)
{
    return &l->spend[((size_t)kind_index * YB_CAP_MONTHS + (size_t)month0) * l->npots + pot];
}

/* Clearing result under construction. */
struct yb_cap_clearing {
    yb_mem mem;
    yb_cap_summary sum;
    yb_cap_step *steps;
    size_t *step_text;          /* offsets into arena while building */
    size_t nsteps, steps_cap;
    char *arena;                /* step texts, each NUL-terminated */
    size_t arena_len, arena_cap;
    char *text;                 /* all steps joined by newlines */
    yb_cap_pot_result *pots;
    size_t npots;
    yb_cap_tier_result *tiers;
    size_t ntiers;
    yb_cap_month_result months[YB_CAP_MONTHS];
    int32_t nmonths;
    yb_cap_facility_payment *pay;
    size_t npay;
};

/* explain.c */
typedef struct cap_step_ids {
    int32_t month;
    uint32_t pot, band, tier, facility;
    int32_t criterion;
} cap_step_ids;
extern const cap_step_ids cap_no_ids;
int cap_step_add(yb_ctx *ctx, yb_cap_clearing *c, int kind, cap_step_ids ids, int64_t base, int64_t ratio,
                 int64_t amount, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;
int cap_finish_text(yb_ctx *ctx, yb_cap_clearing *c);
/* Formats fen as yuan ("1234.56") and a 6-decimal ratio without trailing
 * zeros ("0.05"); buffers of 32 bytes; return buf. */
const char *cap_yuan(int64_t fen, char *buf);
const char *cap_ratio(int64_t r, char *buf);
const char *cap_score(int64_t s, char *buf);

/* clearing_alliance.c / clearing_openimis.c */
int cap_clear_alliance(yb_ctx *ctx, const yb_cap_plan *plan, const yb_cap_ledger *l, int32_t through,
                       int64_t score, int64_t factor, yb_cap_clearing *c);
int cap_clear_openimis(yb_ctx *ctx, const yb_cap_plan *plan, const yb_cap_ledger *l, int32_t through,
                       yb_cap_clearing *c);

/* Checked helpers returning YB_OK or YB_E_OVERFLOW. */
static inline int cap_add(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_add_overflow(a, b, out) ? YB_E_OVERFLOW : YB_OK;
}
static inline int cap_mul(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_mul_overflow(a, b, out) ? YB_E_OVERFLOW : YB_OK;
}

#endif /* YB_CAP_INTERNAL_H */
