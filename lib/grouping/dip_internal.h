/* DIP catalogue: internal representation shared by the loader, the matcher,
 * the trace and the builder. Not installed.
 *
 * Codes are interned in three dictionaries: diagnoses and procedures (the
 * public ones, ids given to callers) and diagnosis keys (the list items rules
 * and sets are written with: a 3-character category "K35", a 4-character
 * subcategory "K35.8" or an exact code "A15.000x010"). Every diagnosis id
 * knows its up to three key ids (exact, 4-character, 3-character); each key
 * knows the rules whose principal diagnosis it is and the diagnosis sets it
 * belongs to. Procedure expressions are kept in conjunctive form: components
 * that must all be present, each a sorted list of alternative procedure ids. */
#ifndef YB_GROUPING_DIP_INTERNAL_H
#define YB_GROUPING_DIP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <yibao/dip.h>
#include <yibao/money.h>

#include "core/ctx_internal.h"
#include "core/pack.h"
#include "core/table.h"

#define DIP_NONE UINT32_MAX
#define DIP_MAX_SETS 65536u       /* distinct diagnosis lists (rule and subtype cells) */
#define DIP_MAX_CCI_CONDITIONS 64 /* Charlson conditions (a 64-bit mask per case) */
#define DIP_NLAYERS 5

/* Specificity of the key through which a principal diagnosis reached a rule. */
enum { DIP_SPEC_ANY = 0, DIP_SPEC_CATEGORY = 1, DIP_SPEC_SUBCATEGORY = 2, DIP_SPEC_EXACT = 3 };

/* Procedure flags. */
enum { DIP_PROC_DROP = 1, DIP_PROC_NOT_PRINCIPAL = 2, DIP_PROC_GLOBAL = 4 };

/* Tie-break options (parameter match.tie_break). */
enum { DIP_TIE_FIRST = 0, DIP_TIE_HIGHEST_SCORE = 1, DIP_TIE_LOWEST_SCORE = 2 };

/* Severity levels (severity.csv and subtype conditions). */
enum { DIP_SEV_MILD = 0, DIP_SEV_MODERATE = 1, DIP_SEV_SEVERE = 2, DIP_SEV_DEATH = 3 };

/* A growable string-keyed map to uint32 values (for deduplicating cells and
 * naming groups); keys are copied into a pool. */
typedef struct dip_strmap {
    const yb_mem *mem;
    uint32_t *slots;    /* entry index + 1; 0 = empty */
    uint32_t mask;
    uint32_t count, cap;
    uint64_t *hash;
    uint32_t *off, *len, *value;
    char *pool;
    size_t pool_len, pool_cap;
} dip_strmap;

typedef struct dip_group {
    uint32_t code;      /* offset in the string pool */
    uint32_t name;      /* offset in the string pool */
    int32_t seq;        /* national sequence number, -1 if none */
    uint8_t kind;       /* yb_dip_layer */
    uint8_t primary_care;
    uint8_t active;
    uint8_t has_score;
    int64_t score;
    uint32_t sub_off, sub_n;  /* applied subtypes of this group (into cat->group_subs) */
} dip_group;

typedef struct dip_rule {
    uint32_t group;
    uint32_t sdx, anydx, not_pdx, not_sdx; /* set ids or DIP_NONE */
    uint32_t pproc;                        /* cnf id of one component, or DIP_NONE (any) */
    uint32_t procs, related;               /* cnf ids or DIP_NONE */
    int32_t age_days_max, weight_min, weight_max; /* -1 = no condition */
    uint32_t line;                         /* line in its rules part (for traces) */
    uint32_t src;                          /* pool offset of that part's name */
    uint8_t layer;
    uint8_t active;                        /* its group takes part in matching (copied at load) */
    uint8_t no_proc;                       /* pproc '-': no principal procedure allowed */
    uint8_t attribute;                     /* comprehensive rules: yb_dip_attribute, 0xFF = any */
    uint8_t has_pdx;
} dip_rule;

typedef struct dip_cnf {
    uint32_t comp_off, ncomp;
} dip_cnf;

typedef struct dip_comp {
    uint32_t code_off, ncode; /* sorted procedure ids in cat->cnf_codes */
} dip_comp;

typedef struct dip_subtype {
    uint32_t code, name;      /* pool offsets */
    uint32_t group;           /* DIP_NONE = every group */
    uint32_t pdx, sdx, procs; /* set, set, cnf (DIP_NONE = no condition) */
    int32_t cci_min, cci_max; /* -1 = open */
    int32_t icu_min, icu_max;
    int32_t age_min, age_max; /* -1 = open */
    uint8_t age_min_days, age_max_days; /* 1 when the bound is in days, 0 in years */
    int8_t severity;          /* -1 = no condition */
    uint8_t kind;             /* index in dip_subtype_kinds */
    uint8_t has_coef;
    int64_t coef;
    uint32_t line;
} dip_subtype;

typedef struct dip_cci_cond {
    uint32_t name;       /* pool offset */
    int32_t weight;
    int32_t supersedes;  /* condition index or -1 */
} dip_cci_cond;

struct yb_dip_catalog {
    yb_mem mem;
    char fingerprint[65];
    char *pack_dir;          /* directory of the pack (written as a builder's base) */
    char *pack_name, *pack_version;

    yb_dict *dx, *proc, *keys;
    dip_strmap group_map;    /* group code -> group id (codes are kept exactly as written) */
    /* per diagnosis id */
    uint32_t *dx_key;        /* 3 per id: exact, subcategory, category key ids (DIP_NONE if unused) */
    uint8_t *dx_excluded;
    /* per key id: rules (rule id << 2 | specificity) and sets */
    uint32_t *key_rule_off, *key_rules;
    /* per key DIP_NLAYERS + 1 offsets into key_rules: where each layer's rules start, then the end */
    uint32_t *key_layer_off;
    uint32_t *key_set_off, *key_sets;
    uint32_t nkeys;
    /* per procedure id */
    uint8_t *proc_flags, *proc_attr;
    uint32_t *proc_allow;    /* dx set: may be principal when the principal diagnosis is in it */
    uint32_t nproc;

    dip_group *groups;
    uint32_t ngroups;
    dip_rule *rules;
    uint32_t nrules;
    uint32_t *global_rules;  /* rules without a principal-diagnosis condition, by layer then order */
    uint32_t nglobal;
    uint32_t global_layer_off[DIP_NLAYERS + 1]; /* where each layer's global rules start, then the end */
    dip_cnf *cnfs;
    uint32_t ncnf;
    dip_comp *comps;
    uint32_t ncomp;
    uint32_t *cnf_codes;
    uint32_t ncnf_codes;
    uint32_t nsets, set_words;
    uint64_t *global_mask;   /* sets used by a global rule (quick filter), set_words words */

    dip_subtype *subs;
    uint32_t nsubs;
    uint32_t *applied;       /* public subtype id -> index in subs */
    uint32_t napplied;
    uint32_t *group_subs;    /* applied subtypes by group (CSR via dip_group.sub_off/sub_n) */
    uint32_t *global_subs;   /* applied subtypes for every group */
    uint32_t nglobal_subs;

    dip_cci_cond cci_conds[DIP_MAX_CCI_CONDITIONS];
    uint32_t ncci_conds;
    uint32_t *cci_set, *cci_cond;  /* per cci row: set id, condition index */
    uint64_t *set_cci;       /* per set: the Charlson conditions it stands for */
    uint32_t ncci;
    int has_cci;
    uint32_t *sev_set;
    uint8_t *sev_level;
    uint32_t nsev;

    char *pool;               /* names and codes of groups and subtypes */
    size_t pool_len, pool_cap;

    /* parameters */
    int tie_break;
    int prefer_specific;
    int excluded_to_comprehensive;
    int fallback_conservative;
    int accept_unknown;
    uint32_t vent_code;       /* procedure id or DIP_NONE */
    int32_t vent_min_hours;
    int32_t severe_min_los;
    int rounding;
};

/* ---------------------------------------------------------------- util */
int dip_strmap_init(dip_strmap *m, const yb_mem *mem);
void dip_strmap_free(dip_strmap *m);
/* Finds s; when absent adds it with value. *found tells which happened. */
int dip_strmap_put(dip_strmap *m, const char *s, size_t len, uint32_t value, uint32_t *out, int *found);
int dip_strmap_get(const dip_strmap *m, const char *s, size_t len, uint32_t *out);

/* Appends one element to a growable array: returns the slot or NULL. */
void *dip_grow(const yb_mem *mem, void **arr, uint32_t *n, uint32_t *cap, size_t elem);

/* Pairs (a, b) sorted and deduplicated into CSR offsets (na + 1) and values. */
typedef struct dip_pairs {
    uint64_t *v; /* a << 32 | b */
    uint32_t n, cap;
} dip_pairs;
int dip_pairs_add(const yb_mem *mem, dip_pairs *p, uint32_t a, uint32_t b);
int dip_pairs_csr(const yb_mem *mem, dip_pairs *p, uint32_t na, uint32_t **off, uint32_t **vals);

/* Adds a NUL-terminated copy of s to the catalogue's pool; returns the offset via *off. */
int dip_pool_add(yb_dip_catalog *cat, const char *s, size_t len, uint32_t *off);
static inline const char *dip_pool_str(const yb_dip_catalog *cat, uint32_t off) { return cat->pool + off; }
static inline const char *dip_group_code(const yb_dip_catalog *cat, uint32_t g) { return cat->pool + cat->groups[g].code; }
/* Looks a group code up: YB_OK or YB_E_NOT_FOUND. */
int dip_group_lookup(const yb_dip_catalog *cat, const char *code, size_t len, uint32_t *id);

/* Key strings of a normalised diagnosis code: exact, 4-character, 3-character.
 * Returns the count of distinct prefixes written (lens[i] = 0 when absent). */
void dip_dx_prefixes(const char *code, size_t len, size_t lens[3]);

/* ---------------------------------------------------------------- loading */
/* State while reading tables: deduplication maps and the key pairs that
 * become the per-key CSR lists. */
typedef struct dip_loader {
    dip_strmap set_text;   /* diagnosis-list cell -> set id */
    dip_strmap cnf_text;   /* procedure-expression cell -> cnf id */
    dip_pairs key_rule;    /* key id, rule id << 2 | specificity */
    dip_pairs key_set;     /* key id, set id */
    uint32_t last_src;     /* pool offset of the last rules part name, +1 (0 = none) */
    uint32_t rule_cap, cnf_cap, comp_cap, code_cap, sub_cap, cci_cap, sev_cap;
    uint32_t *tmp;         /* scratch for parsing a component */
    uint32_t tmp_cap;
    uint32_t *proc_allow;  /* per procedure id, grown as codes are interned */
    uint8_t *proc_flags, *proc_attr;
    uint32_t proc_cap;
    uint8_t *dx_excluded;
    uint32_t dx_cap;
    int default_attr;
} dip_loader;

int dip_load_tables(yb_ctx *ctx, yb_dip_catalog *cat, const yb_pack *pack, dip_loader *ld);
int dip_load_extra_tables(yb_ctx *ctx, yb_dip_catalog *cat, const yb_pack *pack, dip_loader *ld);
int dip_load_params(yb_ctx *ctx, yb_dip_catalog *cat, const yb_pack *pack, dip_loader *ld);
int dip_finalize(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld);
/* Interns a procedure code (growing the per-procedure arrays). */
int dip_intern_proc(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const char *code, size_t len, uint32_t *id);
/* Interns a diagnosis code (growing the per-diagnosis arrays). */
int dip_intern_dx(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const char *code, size_t len, uint32_t *id);

/* Cell parsers shared by the tables (dip_cells.c): a diagnosis list as a set,
 * a principal-diagnosis list as rule keys, a procedure expression as a CNF. */
int dip_cell_set(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const char *text, size_t len, uint32_t *set);
int dip_cell_rule_keys(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const char *text, size_t len,
                       uint32_t rule);
int dip_cell_cnf(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const char *text, size_t len, int single,
                 uint32_t *cnf);
int dip_intern_key(yb_ctx *ctx, yb_dip_catalog *cat, const char *item, size_t len, uint32_t *key, int *spec);

/* Fields of the catalogue's tables, shared by dip_load.c and dip_load_extra.c;
 * errors name the file, line, column, field and value. */
/* Index of s[0..len) among names[0..n-1], or -1. */
int dip_name_index(const char *s, size_t len, const char *const *names, size_t n);
/* Optional whole number of column k: -1 when empty or absent; outside [min, max] is YB_E_FORMAT. */
int dip_table_opt_int(const yb_table *t, yb_ctx *ctx, size_t k, int64_t min, int64_t max, int32_t *out);
/* Diagnosis-list cell k as a set id; DIP_NONE when empty. */
int dip_table_set(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const yb_table *t, size_t k, uint32_t *set);
/* Procedure-expression cell k as a CNF id (single: one component only); DIP_NONE when empty. */
int dip_table_cnf(yb_ctx *ctx, yb_dip_catalog *cat, dip_loader *ld, const yb_table *t, size_t k, int single,
                  uint32_t *cnf);

/* ---------------------------------------------------------------- matching */

/* One case, cleaned, in the ids of the catalogue. */
typedef struct dip_case {
    int8_t sex, discharge;
    int16_t age_years;
    int32_t age_days, weight, los, vent, icu;
    uint32_t ndx;
    uint32_t *dx_keys;     /* 3 per diagnosis; diagnosis 0 is the principal */
    uint32_t *dx_ids;      /* DIP_NONE for an accepted unknown code */
    uint32_t nproc_in;     /* procedures given */
    uint32_t nproc;        /* procedures kept for grouping */
    uint32_t *procs;       /* kept procedure ids, in the case's order */
    uint32_t principal;    /* index in procs, or DIP_NONE */
    uint64_t *pdx_sets, *sec_sets, *all_sets; /* set_words words each */
    uint32_t flags;
} dip_case;

/* Working memory for one case; sized by the context's code limit. */
typedef struct dip_work {
    uint32_t max_codes;
    dip_case c;
    uint32_t *buf;
    uint64_t *bits;
} dip_work;

int dip_work_init(yb_ctx *ctx, const yb_dip_catalog *cat, dip_work *w);
void dip_work_free(yb_ctx *ctx, dip_work *w);

/* Trace sink (NULL when not tracing). DIP_NOTE skips the call, and the
 * evaluation of its arguments, when not tracing. */
typedef struct dip_trace dip_trace;
#define DIP_NOTE(t, ...)                      \
    do {                                      \
        if (t)                                \
            dip_trace_note((t), __VA_ARGS__); \
    } while (0)
void dip_trace_note(dip_trace *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void dip_trace_rule(dip_trace *t, const yb_dip_catalog *cat, uint32_t rule, int spec, int rc, int count,
                    const char *why);

/* The outcome of matching one case. */
typedef struct dip_outcome {
    uint32_t group;
    int layer;
    int attribute;
    int matched;
    uint32_t subtype;      /* public subtype id or DIP_NONE */
    int64_t coef;
    int64_t score;
    int64_t subtype_score;
    int32_t cci;
    uint32_t flags;
} dip_outcome;

/* Options the builder uses to match against part of a catalogue. */
typedef struct dip_match_opts {
    int skip_comprehensive;
    const uint8_t *inactive;   /* per group: 1 = treat as inactive (NULL = none) */
} dip_match_opts;

/* Cleans the procedures (exclusions, principal) of w->c, then matches. */
int dip_match(yb_ctx *ctx, const yb_dip_catalog *cat, dip_work *w, const dip_match_opts *opts, dip_outcome *out,
              dip_trace *trace);

/* Fills w->c from row i of a batch: validation, codes to ids and keys, sets.
 * pre_dx / pre_proc: the row's string codes already looked up with
 * yb_dict_lookup_batch() (case_chunk.h), or NULL to look them up here. */
int dip_case_from_columns(yb_ctx *ctx, const yb_dip_catalog *cat, const yb_case_columns *in, size_t i,
                          const uint32_t *pre_dx, const uint32_t *pre_proc, dip_work *w);
/* Checks the shape of a batch (struct sizes, required columns). */
int dip_check_columns(yb_ctx *ctx, const yb_case_columns *in);

/* Charlson index and severity of the cleaned case (dip_subtype.c). */
int32_t dip_case_cci(const yb_dip_catalog *cat, const dip_case *c);
int dip_case_severity(const yb_dip_catalog *cat, const dip_case *c);
/* Whether a subtype's conditions hold for the case. */
int dip_subtype_fits(const yb_dip_catalog *cat, const dip_subtype *s, const dip_case *c, int32_t *cci, int *sev);
/* Conjunctive procedure expression: the number of components satisfied by
 * procs (all must be), or -1. skip = index in procs to leave out, or DIP_NONE. */
int dip_cnf_match(const yb_dip_catalog *cat, uint32_t cnf, const uint32_t *procs, uint32_t n, uint32_t skip);
int dip_comp_has(const yb_dip_catalog *cat, uint32_t comp, uint32_t proc);

static inline int dip_bit(const uint64_t *bits, uint32_t i) { return (int)((bits[i >> 6] >> (i & 63)) & 1u); }

extern const char *const dip_layer_names[DIP_NLAYERS + 1];
extern const char *const dip_attr_names[4];
extern const char *const dip_subtype_kinds[];
extern const size_t dip_subtype_nkinds;

#endif /* YB_GROUPING_DIP_INTERNAL_H */
