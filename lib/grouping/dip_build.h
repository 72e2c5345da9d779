/* The DIP catalogue builder (internal): state shared by the passes over the
 * history (dip_build.c), the formation of local core and comprehensive
 * groups (dip_build_form.c), the statistics (dip_build_stats.c) and the pack
 * writer (dip_build_write.c). See doc/packs-dip.md, "Building a catalogue". */
#ifndef YB_GROUPING_DIP_BUILD_H
#define YB_GROUPING_DIP_BUILD_H

#include "core/fixed.h"
#include "grouping/dip_internal.h"

#define BLD_MAX_YEARS 8
#define BLD_MAX_TEMPLATES 64
#define BLD_BAD 0xFF

/* Per-year sums of one set of cases. */
typedef struct bld_acc {
    int64_t sum[BLD_MAX_YEARS];  /* fen */
    int64_t n[BLD_MAX_YEARS];
} bld_acc;

typedef struct bld_row {
    uint32_t g1, g2, gf;     /* group: first pass (base), second pass (base, thin groups off), final */
    uint32_t key;            /* local key (subcategory + principal procedure), DIP_NONE if none */
    uint32_t full;           /* local key with its significant related procedures */
    uint32_t rel_off, rel_n; /* related procedures (kept procedures but the principal) in bld.rel */
    uint32_t pdx, pproc;     /* principal diagnosis id, principal procedure id (DIP_NONE if none) */
    uint64_t fits;           /* subtype templates the case fits (final pass) */
    uint8_t year;            /* index in bld.years, BLD_BAD for a rejected row */
    uint8_t attr;            /* attribute of the principal procedure */
    uint8_t excluded;        /* principal diagnosis on the exclusion list */
    uint8_t kept;            /* not trimmed */
    uint8_t local;           /* covered by a new local core group */
} bld_row;

/* A local combination: subcategory (or category) key + principal procedure. */
typedef struct bld_key {
    uint32_t dx;             /* principal diagnosis id of its first case (for the key text) */
    uint32_t proc;           /* principal procedure id or DIP_NONE */
    bld_acc base;            /* cases without related procedures */
    int64_t cases;
    int64_t cases_plain;     /* cases that fall to the combination without related procedures */
    int formed;              /* 1 when (key, no related) became a local group */
    uint32_t group;          /* its index in bld.local */
} bld_key;

/* A local combination with its significant related procedures. */
typedef struct bld_full {
    uint32_t key;
    uint32_t rel_off, rel_n; /* sorted related procedure ids in bld.rel */
    int64_t cases;
    int formed;
} bld_full;

/* A new group of the build (local core or comprehensive). */
typedef struct bld_new {
    int kind;                /* YB_DIP_LAYER_CORE or YB_DIP_LAYER_COMPREHENSIVE */
    uint32_t key, full;      /* local: key, full (DIP_NONE for the plain combination) */
    uint32_t pdx;            /* a principal diagnosis id of the group (for the key text) */
    int attr;                /* comprehensive: attribute */
    char code[24];
    char sort[256];          /* sort key: the rule texts */
} bld_new;

/* Final statistics of one group of the new catalogue. */
typedef struct bld_gstat {
    bld_acc all, kept;
    int64_t mean;            /* yuan with 6 decimals, -1 if no case kept */
    int64_t score;
    int has_score;
} bld_gstat;

typedef struct bld_sub_out {
    uint32_t tmpl;           /* template index in the final catalogue's subtypes */
    uint32_t group;
    int64_t coef;
    int64_t cases;
} bld_sub_out;

struct yb_dip_build {
    yb_mem mem;
    yb_dip_build_summary summary;
    yb_dip_build_group *groups;
    size_t ngroups;
    char *strings;           /* codes and names of groups */
};

typedef struct bld {
    yb_ctx *ctx;
    const yb_dip_catalog *base;
    const yb_dip_history *h;
    yb_dip_build_params p;
    const char *out_dir;
    size_t n;
    bld_row *rows;
    int32_t *status;
    int nyears;
    int32_t years[BLD_MAX_YEARS];
    int64_t weights[BLD_MAX_YEARS];
    uint32_t *rel;
    uint32_t nrel, rel_cap;
    int32_t threshold;
    int64_t *count1;         /* cases per base group, first pass */
    uint8_t *inactive;       /* per base group: below the threshold */
    dip_strmap key_map, full_map, relacc_map, comp_map;
    bld_key *keys;
    uint32_t nkeys, keys_cap;
    bld_full *fulls;
    uint32_t nfulls, fulls_cap;
    bld_acc *relacc;          /* per (key, related procedure) */
    uint32_t *relacc_key, *relacc_proc;
    uint8_t *relacc_sig;
    uint32_t nrelacc, relacc_cap;
    int64_t *comp_cases;      /* per comprehensive key */
    uint32_t *comp_dx;        /* a principal diagnosis id per comprehensive key */
    uint8_t *comp_attr;
    uint32_t ncomp, comp_cap;
    bld_new *news;
    uint32_t nnews, news_cap;
    yb_dip_catalog *cat;      /* the new catalogue, loaded back */
    uint32_t *tmpl;           /* template subtypes of the new catalogue */
    uint32_t ntmpl;
    bld_gstat *gstat;         /* per group of the new catalogue */
    int64_t mean_all, ref_mean;
    bld_sub_out *subs;
    uint32_t nsubs, subs_cap;
    yb_dip_build_summary sum;
    char structure_hex[2][65];  /* checksums of groups.csv and rules.csv */
    int64_t structure_rows[2];
} bld;

/* Weighted mean of per-year sums (doc/packs-dip.md): per-year means rounded to
 * yuan with 6 decimals, weighted by the year weights of the years that have
 * cases. Returns -1 when no year has a case. */
int bld_wmean(const bld *b, const bld_acc *a, int64_t *mean);
void bld_acc_add(bld_acc *a, int year, int64_t cost);

int bld_count_keys(bld *b);
int bld_form_local(bld *b);
int bld_form_comprehensive(bld *b);
int bld_stats(bld *b);
int bld_check_out_dir(bld *b);
int bld_write_structure(bld *b);
int bld_write_final(bld *b);
int bld_result(bld *b, yb_dip_build **out);

/* The key text of a principal diagnosis: its 4-character subcategory when it
 * has one, else its 3-character category. */
size_t bld_dx_key(const yb_dip_catalog *cat, uint32_t dx, int category, char *out, size_t cap);

#endif /* YB_GROUPING_DIP_BUILD_H */
