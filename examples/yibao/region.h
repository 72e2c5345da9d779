/* The sample pooling region: its definition (a pack of kind `region`,
 * doc/packs-region.md) and the data the generator draws from it (members,
 * inpatient cases, claims with their lines). Used by `yibao region generate`
 * and `yibao run-year`. */
#ifndef YIBAO_REGION_H
#define YIBAO_REGION_H

#include <stddef.h>
#include <stdint.h>

#include <yibao/yibao.h>

#include "gen_mem.h"

#define REGION_PATH_MAX 1024
#define REGION_MAX_FACILITIES 128
#define REGION_MAX_BANDS 32
#define REGION_MAX_MDC 32
#define REGION_MAX_YEARS 8
#define REGION_MAX_ITEMS 64
#define REGION_INSURED 3 /* 1 employee, 2 retired, 3 resident (yb_insured of benefit) */

enum { TIER_NONE = 0, TIER_COUNTY = 1, TIER_TOWNSHIP = 2, TIER_VILLAGE = 3 };
enum { SPEC_GENERAL = 0, SPEC_TCM = 1, SPEC_MATERNAL = 2 };
enum { PLACE_LOCAL = 1, PLACE_OUT_OF_AREA = 2, PLACE_REFERRED = 3 };
enum { VISIT_INPATIENT = 1, VISIT_OUTPATIENT = 2 };
enum { POT_INPATIENT = 0, POT_OUTPATIENT = 1, POT_CHRONIC = 2 };

/* Roles of claim line items (the claim_items table). */
enum {
    ROLE_CONSULT, ROLE_BED3, ROLE_BED2, ROLE_BED1, ROLE_NURSING, ROLE_LAB, ROLE_LAB2, ROLE_IMAGING,
    ROLE_IMAGING_B, ROLE_PETCT, ROLE_SURGERY, ROLE_SURGERY_F, ROLE_SURGERY_I, ROLE_MATERIAL, ROLE_MATERIAL_F,
    ROLE_MATERIAL_I, ROLE_MATERIAL_C, ROLE_MATERIAL_A, ROLE_DRUG_A, ROLE_DRUG_B, ROLE_DRUG_ONC, ROLE_DRUG_C,
    ROLE_SERVICE_C, ROLE_REHAB, ROLE_CHRONIC, ROLE_COUNT
};

typedef struct region_facility {
    char code[16];
    char name[96];
    int level;            /* 1 … 3 */
    int inpatient;        /* 1 hospital (H01 …), 0 village clinic (outpatient only) */
    int64_t beds;         /* relative size: share of its level's admissions */
    double cost_factor;   /* the hospital's cost level against its level's */
    int alliance;         /* member of the county medical alliance */
    int tier;             /* TIER_* */
    int specialty;        /* SPEC_* */
    int64_t deposit_return; /* share of the points quality deposit returned (6 decimals) */
} region_facility;

typedef struct region_band {
    int from, to;         /* ages, inclusive */
    double share;
} region_band;

typedef struct region_age_rate {
    int from, to;
    double admit[2];      /* admissions per member-year, male / female */
    double outpatient;    /* factor on the outpatient visit rate */
} region_age_rate;

typedef struct region_mdc {
    char code[8];
    double share;         /* share of admissions before the age factors */
    int sex;              /* 0 any, 1 male only, 2 female only */
    int age_min, age_max;
    double procedure_share; /* share of surgical and non-OR procedure ADRGs */
    double factor[5];     /* age groups 0, 1–14, 15–44, 45–64, 65+ */
} region_mdc;

typedef struct region_item {
    int role;
    char cls;             /* 'A', 'B' or 'C': its class in the benefit catalogue (informative) */
    char code[40];
    int64_t price_min, price_max; /* fen; 0 = the amount decides */
} region_item;

typedef struct region_def {
    char dir[REGION_PATH_MAX];
    char fingerprint[65];
    char name[128], version[64];
    uint64_t seed;
    int first_year, settle_year;
    int64_t members;
    char pack_drg[REGION_PATH_MAX], pack_dip[REGION_PATH_MAX], pack_points[REGION_PATH_MAX],
        pack_capitation[REGION_PATH_MAX], pack_benefit[REGION_PATH_MAX], pack_weights[REGION_PATH_MAX];
    /* insured types (index insured − 1) */
    double insured_share[REGION_INSURED], admission_factor[REGION_INSURED], outpatient_visits[REGION_INSURED],
        civil_servant_share[REGION_INSURED];
    int64_t account_credit[REGION_INSURED]; /* fen per year */
    region_band ages[REGION_INSURED][REGION_MAX_BANDS];
    size_t n_ages[REGION_INSURED];
    region_age_rate rates[REGION_MAX_BANDS];
    size_t n_rates;
    region_mdc mdc[REGION_MAX_MDC];
    size_t n_mdc;
    double level_cost[4], level_op_mean[4], level_share[4][3]; /* by level 1 … 3; shares by RW class */
    region_facility fac[REGION_MAX_FACILITIES];
    size_t n_fac;
    int32_t years[REGION_MAX_YEARS];
    double cost_index[REGION_MAX_YEARS];
    size_t n_years;
    double assistance_share[8];   /* of residents, by category 1 … 7 */
    char assess_item[16][32];
    int64_t assess_score[16];     /* 4 decimals */
    size_t n_assess;
    region_item items[REGION_MAX_ITEMS];
    size_t n_items;
    /* generative parameters (see doc/packs-region.md) */
    double cost_base[2];          /* yuan per RW: employees (and retired), residents */
    double sigma_medical, sigma_surgical, los_correlation, tail_share, tail_sigma, low_share;
    double los_base, los_per_rw, los_sigma;
    double secondary_base, secondary_per_year, cc_share, zipf, medical_proc_share, death_base;
    double rw_mid, rw_high;
    double births_share, neonatal_admission;
    double family_aid_share;      /* residents whose out-of-pocket an employee relative's account may pay */
    double out_of_area_base, out_of_area_per_rw, referred_share, out_of_area_cost;
    double loyalty, city_to_alliance, county_level3, alliance_admission;
    double op_sigma, op_clinic_mean, chronic_visits, chronic_share[2];
    double op_choice[3][2][4];    /* [county resident, city resident, employee][ordinary, chronic][village, L1, L2, L3] */
    /* calculation parameters */
    int64_t budget_growth, adjustment_share; /* 6 decimals */
    int32_t dip_threshold;
    int64_t dip_trim_low, dip_trim_high;
    int64_t dip_scale;
    char pot_code[3][32];         /* capitation pots for inpatient, outpatient, chronic ("" = single pot) */
} region_def;

/* Loads a region pack; relative component paths are resolved against the pack. */
int region_load(yb_ctx *ctx, const char *path, region_def *out);
/* Index of a facility code, or -1. */
int region_facility_index(const region_def *d, const char *code);
/* Cost index of a year (1.0 when not listed). */
double region_cost_index(const region_def *d, int year);

/* ---------------------------------------------------------------- the data */

typedef struct region_members {
    size_t n;
    uint64_t *id;
    int8_t *insured, *sex, *county, *alliance, *category, *civil, *chronic; /* chronic: 1 hypertension, 2 diabetes */
    int32_t *birth, *death;     /* YYYYMMDD; death 0 = alive */
    int64_t *account_credit;    /* fen credited at the start of each year */
    uint64_t *family_payer;     /* member id of the employee relative whose account helps (家庭共济), 0 none */
} region_members;

/* A growing list of strings (CSR over bytes), one list per row. */
typedef struct region_codes {
    int64_t *row;   /* n + 1 offsets into off */
    int64_t *off;   /* item offsets into data */
    char *data;
    size_t items, bytes, item_cap, byte_cap;
} region_codes;

typedef struct region_cases {
    size_t n, cap;
    uint64_t *id;
    int32_t *year;
    uint32_t *member;
    int16_t *facility;          /* -1 out of the region */
    int8_t *place;
    int32_t *admit, *discharge; /* YYYYMMDD */
    int8_t *sex;
    int16_t *age;
    int32_t *age_days, *weight, *los;
    int8_t *discharge_type;
    int64_t *cost;              /* fen */
    uint32_t *drg;              /* CHS-DRG id the cost was drawn from */
    uint16_t *tmpl;             /* case template (ADRG) the codes were drawn for */
    uint32_t *key;              /* stream index of the case within its member (cost draws) */
    double *z;                  /* the normal deviate of its length of stay (cost correlates) */
    uint8_t *body;              /* letter of the MDC it was drawn for ('F' for MDCF …) */
    int8_t *surgical;           /* its DRG is in a surgical or non-OR procedure ADRG */
    region_codes dx, proc;
} region_cases;

typedef struct region_claims {
    size_t n, cap;
    uint64_t *id;
    uint32_t *member;
    int64_t *case_row;          /* row in region_cases, -1 outpatient */
    int32_t *date;
    int8_t *visit, *level, *place, *pot;
    int16_t *facility;          /* -1 out of the region */
    int64_t *line_row;          /* n + 1 */
    /* lines */
    size_t lines, line_cap;
    uint16_t *item;             /* index into region_def.items */
    int64_t *qty;               /* 4 decimals */
    int64_t *price;             /* yuan, 4 decimals */
    int64_t *amount;            /* fen */
} region_claims;

typedef struct region_data {
    region_members m;
    region_cases c;
    region_claims k;
    /* CHS-DRG scheme the cases were grouped with to draw their costs */
    double *drg_weight;         /* per DRG id: the relative weight used */
    uint32_t n_drg;
    size_t weight_rule[4];      /* DRGs weighted: exact Harbin code, ADRG mean, MDC mean, default */
} region_data;

/* Progress of long steps (may be NULL). */
typedef void (*region_progress_fn)(void *user, const char *stage, uint64_t done, uint64_t total);

/* Draws the whole region from its definition (seed: d->seed). Needs the
 * CHS-DRG scheme (loaded by the caller from d->pack_drg). */
int region_generate(yb_ctx *ctx, const region_def *d, const yb_drg_scheme *scheme, region_data *out,
                    region_progress_fn progress, void *user);
void region_data_free(region_data *r);
/* Writes members.csv, cases.csv, claims.csv, claim_lines.csv into dir (created). */
int region_write(yb_ctx *ctx, const region_def *d, const region_data *r, const char *dir);

/* Pieces of the generator (region_gen_*.c). */
int region_gen_members(yb_ctx *ctx, const region_def *d, region_members *m);
int region_codes_push(region_codes *c, const char *code, size_t len);
int region_codes_end_row(region_codes *c, size_t row);
int region_gen_claims(yb_ctx *ctx, const region_def *d, region_data *r, region_progress_fn progress, void *user);

/* Small helpers shared by the region files. */
int region_parse_seed(const char *s, uint64_t *out);
int region_mkdir_p(const char *path);

#endif /* YIBAO_REGION_H */
