/* CHS-DRG engine internals (not installed): the loaded scheme, compiled
 * conditions, and the per-case working state shared by the loader
 * (drg_load.c), the condition compiler (drg_cond.c), the engine
 * (drg_engine.c), the batch front end (drg_batch.c) and the trace
 * (drg_trace.c). */
#ifndef YB_GROUPING_DRG_INTERNAL_H
#define YB_GROUPING_DRG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <yibao/grouping.h>

#include "core/ctx_internal.h"
#include "drg_util.h"

/* Internal id of a well-formed code that is not in a dictionary. */
#define DRG_UNKNOWN UINT32_MAX

#if defined(__GNUC__)
#define DRG_PREFETCH(p) __builtin_prefetch(p)
#else
#define DRG_PREFETCH(p) ((void)(p))
#endif
#define DRG_NONE16 UINT16_MAX

/* Where in the case a list test looks. The first DRG_BITSETS classes have a
 * bitset per case; "any" is the union of principal and secondary. */
enum drg_class {
    CLS_PDX,   /* principal diagnosis */
    CLS_SDX,   /* any secondary diagnosis */
    CLS_PPROC, /* principal procedure (when it counts) */
    CLS_SPROC, /* any secondary procedure */
    CLS_ADX,   /* any diagnosis */
    CLS_APROC, /* any procedure that counts */
    CLS_COUNT
};
#define DRG_BITSETS 4

static inline int drg_cls_is_proc(int cls)
{
    return cls == CLS_PPROC || cls == CLS_SPROC || cls == CLS_APROC;
}

/* Case fields a comparison reads. */
enum drg_field {
    F_SEX, F_AGE_YEARS, F_AGE_DAYS, F_BIRTH_WEIGHT, F_LOS, F_DISCHARGE, F_VENT_HOURS, F_ICU_DAYS,
    F_DX_COUNT, F_PROC_COUNT, F_COUNT
};

enum drg_cmp { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };

/* Instructions of a compiled condition. The machine has one boolean
 * accumulator; `and`/`or` compile to conditional jumps (short-circuit), so no
 * stack is needed. */
enum drg_opcode {
    OP_TRUE,
    OP_FALSE,
    OP_LIST,      /* acc = case hits list `arg` in class `a` */
    OP_CMP,       /* acc = field `a` present and (field `b`-op `value`) */
    OP_TAGS,      /* acc = count of distinct tags of list `arg` hit in class `a`, `b`-op `value` */
    OP_HAS_PROC,  /* acc = a procedure that counts exists */
    OP_HAS_PPROC, /* acc = the principal procedure exists and counts */
    OP_HAS_MCC,
    OP_HAS_CC,
    OP_NOT,
    OP_JF,        /* if !acc: pc = arg */
    OP_JT         /* if acc: pc = arg */
};

typedef struct drg_instr {
    uint8_t op, a, b, pad;
    uint32_t arg;
    int32_t value;
} drg_instr;

/* A compiled condition: instructions [off, off + len) of scheme->code. */
typedef struct drg_prog {
    uint32_t off, len;
    uint32_t text;   /* offset of the source text in scheme->strings */
    uint32_t guard_list;  /* a list the condition cannot hold without (guard_cls != DRG_NO_GUARD) */
    uint8_t guard_cls;
} drg_prog;

#define DRG_NO_GUARD 0xFF
#define DRG_NO_PACKED UINT32_MAX

typedef struct drg_mdc {
    uint32_t code, name;           /* string offsets */
    int32_t order;
    int stop_when_no_adrg;         /* on_no_match = stop */
    uint32_t qy_adrg;              /* ADRG id or YB_DRG_NO_ID */
    drg_prog gate, qy;             /* qy.len == 0: no ambiguity redirect */
    uint32_t adrg_first, adrg_n;   /* slice of scheme->mdc_adrgs, in try order */
} drg_mdc;

enum drg_adrg_kind { KIND_SURGICAL, KIND_NON_OR, KIND_MEDICAL, KIND_AMBIGUOUS };

typedef struct drg_adrg {
    uint32_t code, name;
    uint32_t mdc;
    int32_t order;
    int kind;
    drg_prog cond;
    uint32_t drg_first, drg_n;     /* slice of scheme->adrg_drgs, in try order */
} drg_adrg;

typedef struct drg_drg {
    uint32_t code, name;
    uint32_t adrg;
    int32_t order;
    drg_prog pred;
} drg_drg;

/* Hot per-code data, one 16-byte record per dictionary id (codes reach it
 * through the scheme's yb_dict: yb_dict_lookup_batch() on the string path). */
typedef struct drg_code_info {
    uint32_t mem_first;     /* first membership in mem_list / mem_tag */
    uint16_t mem_n;         /* number of memberships */
    uint8_t cc_level;       /* CC_NONE / CC_CC / CC_MCC (diagnoses) */
    uint8_t flags;          /* CODE_* */
    uint16_t cc_table;      /* the MCC/CC's exclusion table */
    uint16_t excl_table;    /* as principal: the table it cancels (DRG_NONE16 = none) */
} drg_code_info;

/* Per-code data of one dictionary: list memberships and flags. */
typedef struct drg_codes {
    yb_dict *dict;
    uint32_t n;
    drg_code_info *info;    /* n records */
    uint32_t *mem_list;     /* list id of each membership */
    uint16_t *mem_tag;      /* tag id (DRG_NONE16 = none) */
    int closed;             /* the pack lists the full code set */
} drg_codes;

enum { CODE_INVALID_PRINCIPAL = 1 };

/* Diagnosis severity data. */
enum { CC_NONE = 0, CC_CC = 1, CC_MCC = 2 };

struct yb_drg_scheme {
    yb_mem mem;
    char fingerprint[65];
    uint32_t name, version;        /* string offsets */
    drg_pool pool;                 /* every string of the scheme */
    drg_codes dx, proc;
    uint32_t n_tables;
    uint32_t *table_name;          /* string offsets of exclusion-table names */
    uint32_t n_lists;              /* lists and tag sub-lists */
    uint32_t *list_name;           /* string offsets, for traces */
    uint8_t *list_is_proc;
    uint32_t n_tags;
    uint32_t *tag_name;
    size_t words;                  /* 64-bit words of one class bitset */
    drg_vec code;                  /* drg_instr of every compiled condition */
    drg_mdc *mdcs;
    uint32_t n_mdc;
    uint32_t *mdc_order;           /* MDC ids in try order */
    drg_adrg *adrgs;
    uint32_t n_adrg;
    uint32_t *mdc_adrgs;
    drg_drg *drgs;
    uint32_t n_drg;                /* the ungroupable DRG included (the last id) */
    uint32_t *adrg_drgs;
    uint32_t ungroupable;
    /* Fast paths of the walk (built by the loader; traces do not use them):
     * which MDCs (bit = position in mdc_order) a principal diagnosis in a list
     * makes possible, the MDCs possible whatever the principal, and each ADRG's
     * guard packed as cls << 24 | list (DRG_NO_PACKED = none), parallel to mdc_adrgs. */
    uint64_t *list_mdc_mask;       /* n_lists entries, or NULL when n_mdc > 64 */
    uint64_t mdc_always;
    uint32_t *adrg_guard;
    drg_strmap mdc_map, adrg_map, drg_map; /* code -> id */
    int uses_tags;                 /* some condition counts distinct tags */
    /* validation parameters */
    int infant_age_days, newborn_weight;
    int32_t newborn_days, max_age_years, max_los_days, max_birth_weight;
};

static inline const char *drg_str(const yb_drg_scheme *s, uint32_t off)
{
    return s->pool.p + off;
}

static inline const drg_instr *drg_code_at(const yb_drg_scheme *s, uint32_t pc)
{
    return (const drg_instr *)(const void *)s->code.p + pc;
}

/* ---- the case as the engine sees it ---- */

typedef struct drg_case {
    int32_t field[F_COUNT];        /* -1 = missing */
    const uint32_t *dx;            /* ids (DRG_UNKNOWN allowed), dx[0] principal */
    uint32_t n_dx;
    const uint32_t *proc;
    uint32_t n_proc;
    int pproc_ignored;             /* the principal procedure does not count */
    uint32_t n_proc_counting;
    uint64_t *bits;                /* DRG_BITSETS * words */
    /* severity, computed on first use */
    int cc_done;
    int32_t n_mcc, n_cc, n_excluded;
} drg_case;

/* The codes of class cls (CLS_PDX … CLS_APROC) in a case: codes[begin, end) of the dictionary dc.
 * Position 0 is the principal; a principal procedure that does not count is in no class. */
typedef struct drg_class_span {
    const drg_codes *dc;
    const uint32_t *codes;
    uint32_t begin, end;
} drg_class_span;

/* Where dc->mem_list / dc->mem_tag hold the membership of `code` in `list`; UINT32_MAX when the code is
 * unknown or not in the list. A code is in a list at most once (the loader rejects a repeat). */
static inline uint32_t drg_membership(const drg_codes *dc, uint32_t code, uint32_t list)
{
    if (code >= dc->n)
        return UINT32_MAX;
    const drg_code_info *ci = &dc->info[code];
    for (uint32_t k = ci->mem_first; k < ci->mem_first + ci->mem_n; k++)
        if (dc->mem_list[k] == list)
            return k;
    return UINT32_MAX;
}

static inline drg_class_span drg_class_codes(const yb_drg_scheme *s, const drg_case *c, int cls)
{
    int is_proc = drg_cls_is_proc(cls);
    drg_class_span sp = { is_proc ? &s->proc : &s->dx, is_proc ? c->proc : c->dx, 0, is_proc ? c->n_proc : c->n_dx };
    if (cls == CLS_SDX || cls == CLS_SPROC || (is_proc && c->pproc_ignored))
        sp.begin = 1;
    if ((cls == CLS_PDX || cls == CLS_PPROC) && sp.end > 1)
        sp.end = 1;
    return sp;
}

/* What a grouping produced. */
typedef struct drg_out {
    uint32_t mdc, adrg, drg, flags;
    int32_t mcc_count, cc_count, unknown_dx, unknown_proc;
} drg_out;

/* Trace recorder (drg_trace.c); NULL when not tracing. */
typedef struct drg_rec drg_rec;

/* The loader's registry of named code lists (drg_load.c). */
typedef struct drg_list_reg drg_list_reg;
/* Finds a list by name among the diagnosis (is_proc 0) or procedure lists. */
int drg_lists_find(const drg_list_reg *reg, const char *name, size_t len, int is_proc, uint32_t *id);
/* The sub-list of the codes of `parent` whose tag is `tag`, made on first use.
 * YB_E_NOT_FOUND when no code of the list has that tag. */
int drg_lists_sub(yb_ctx *ctx, drg_list_reg *reg, uint32_t parent, const char *tag, size_t len,
                  uint32_t *id);
/* Whether some code of the list has a tag. */
int drg_lists_has_tags(const drg_list_reg *reg, uint32_t list);

/* drg_cond.c: compiles `text` (condition notation, doc/packs-drg.md) into
 * scheme->code. scope is the owner's code ("AA1", "MDCB") used to resolve
 * unqualified list names as "<scope>.<name>" first. loc names the table cell
 * for messages. */
int drg_cond_compile(yb_ctx *ctx, yb_drg_scheme *s, drg_list_reg *lists, const char *text,
                     const char *scope, const yb_errloc *loc, drg_prog *out);
/* Names used in condition text, for traces. */
const char *drg_class_name(int cls);
const char *drg_field_name(int field);
const char *drg_cmp_name(int cmp);

/* drg_engine.c */
void drg_case_prepare(const yb_drg_scheme *s, drg_case *c);
int drg_eval(const yb_drg_scheme *s, drg_case *c, const drg_prog *p, drg_rec *rec);
void drg_severity(const yb_drg_scheme *s, drg_case *c, drg_rec *rec);
void drg_group_case(const yb_drg_scheme *s, drg_case *c, drg_out *out, drg_rec *rec);

/* drg_batch.c: decodes and validates row `row` of the columns into c (ids in
 * the scratch buffers of cap entries each). dx_pre / proc_pre are the row's
 * string codes already looked up (yb_dict_lookup_batch() ids), or NULL to
 * look them up here. Returns the row status. */
typedef struct drg_scratch {
    uint32_t *dx, *proc;
    size_t cap;
    uint64_t *bits;
} drg_scratch;
int drg_scratch_init(yb_ctx *ctx, const yb_drg_scheme *s, drg_scratch *sc);
void drg_scratch_free(yb_ctx *ctx, drg_scratch *sc);
int drg_check_columns(yb_ctx *ctx, const yb_case_columns *cases);
int drg_decode_row(const yb_drg_scheme *s, const yb_case_columns *cases, size_t row, int64_t max_codes,
                   const uint32_t *dx_pre, const uint32_t *proc_pre, drg_scratch *sc, drg_case *c, drg_out *out,
                   drg_rec *rec);
void drg_out_invalid(const yb_drg_scheme *s, drg_out *out);
/* Validates and groups one row (the batch's and the trace's common path). */
int drg_group_row(yb_ctx *ctx, const yb_drg_scheme *s, const yb_case_columns *cs, size_t row,
                  drg_scratch *sc, drg_out *o, drg_rec *rec);
/* A one-row column set made from a yb_drg_case (small cases use the inline
 * buffers, larger ones the heap). */
typedef struct drg_one {
    yb_case_columns cols;
    int8_t sex, discharge;
    int16_t age;
    int32_t age_days, weight, los, vent, icu;
    int64_t dx_row[2], proc_row[2];
    int64_t dx_off_buf[66], proc_off_buf[66];
    char dx_buf[1024], proc_buf[1024];
    int64_t *dx_off, *proc_off;
    char *dx_data, *proc_data;
} drg_one;
int drg_one_build(yb_ctx *ctx, const yb_drg_case *c, drg_one *tmp);
void drg_one_free(yb_ctx *ctx, drg_one *tmp);

/* drg_trace.c: recording hooks used by the engine and the decoder. */
void drg_rec_step(drg_rec *rec, int kind, int outcome, uint32_t mdc, uint32_t adrg, uint32_t drg,
                  const char *subject, const char *rule);
/* Sets the outcome of the last step. */
void drg_rec_outcome(drg_rec *rec, int outcome);
void drg_rec_detail(drg_rec *rec, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void drg_rec_code(drg_rec *rec, int role, int is_proc, int position, const char *code, const char *list);
/* Records the codes of the case that hit list `list` in class `cls`. */
void drg_rec_list_hits(drg_rec *rec, const yb_drg_scheme *s, const drg_case *c, int cls, uint32_t list,
                       int with_tags);

#endif /* YB_GROUPING_DRG_INTERNAL_H */
