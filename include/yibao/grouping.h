/**
 * @file grouping.h
 * @brief CHS-DRG grouping: schemes loaded from packs, batch and single-case
 *        grouping, and an explainable trace of every step.
 *
 * A ::yb_drg_scheme is a CHS-DRG grouping scheme (1.0, 1.1, 2.0 or a local
 * variant) loaded from a @c drg-scheme pack (format: doc/packs-drg.md). The
 * engine holds no code list of its own: MDC order and gates, MDC diagnosis
 * lists, ADRG rules, DRG split predicates, MCC/CC and exclusion tables all
 * come from the pack. A loaded scheme is immutable and may be shared by any
 * number of threads, each with its own ::yb_ctx.
 *
 * Grouping a case (the order the pack gives, doc/packs-drg.md §Semantics):
 * 1. validation (row statuses below);
 * 2. MDCs in the scheme's order: an MDC whose gate holds tries its ADRGs in
 *    order; the first ADRG whose condition holds is chosen (a medical ADRG
 *    may be redirected to the MDC's ambiguous group QY); when none holds the
 *    MDC either lets the next MDC try or stops as ungroupable, as the pack
 *    says;
 * 3. inside the ADRG, the first DRG whose split predicate holds (MCC/CC with
 *    exclusion tables, or local splits by age, stay, discharge or weight);
 * 4. no MDC → the ungroupable group (@c 0000).
 *
 * Results are dense ids of the scheme (MDC, ADRG, DRG), mapped to codes and
 * names with the accessors below; ::YB_DRG_NO_ID means none. A DRG code is an
 * opaque string of at most ::YB_DRG_CODE_MAX bytes (CHS-DRG 3.0 uses letters
 * in the fourth place).
 *
 * **Row statuses** (checked in this order; the first failing check is the
 * row's status): no principal diagnosis ::YB_E_ROW_NO_DIAGNOSIS; more
 * diagnoses or procedures than the context option
 * ::YB_OPT_MAX_CODES_PER_CASE ::YB_E_ROW_TOO_MANY_CODES; a code that is not a
 * code (yb_code_normalize() fails) or an id outside the dictionary
 * ::YB_E_ROW_DX_CODE / ::YB_E_ROW_PROC_CODE; sex not 1/2 ::YB_E_ROW_SEX; age
 * missing, negative or above the pack's maximum ::YB_E_ROW_AGE; age in days
 * negative, or missing when the age is 0 years ::YB_E_ROW_AGE_DAYS; age in
 * days contradicting the age in years (365·y ≤ days < 366·(y+1) must hold)
 * ::YB_E_ROW_NEWBORN; birth weight negative or implausible, or missing for a
 * newborn (age in days ≤ the pack's newborn limit, 28 by default; 0 g is
 * accepted) ::YB_E_ROW_BIRTH_WEIGHT; length of stay negative or implausible
 * ::YB_E_ROW_LOS; discharge type not 1, 2, 3, 4, 5 or 9 ::YB_E_ROW_DISCHARGE;
 * ventilation hours or ICU days below -1 (missing) ::YB_E_ROW_VENT_HOURS /
 * ::YB_E_ROW_ICU_DAYS; a principal diagnosis (or principal procedure) unknown to a scheme whose
 * pack lists its full code set ::YB_E_ROW_DX_CODE (::YB_E_ROW_PROC_CODE); a
 * principal diagnosis the scheme does not allow as principal
 * ::YB_E_ROW_PRINCIPAL_DX. A rejected row's results are the ungroupable DRG
 * with ::YB_DRG_FLAG_INVALID set.
 *
 * **Unknown secondary codes** (well-formed but not in the scheme's
 * dictionary) do not reject the row: they cannot be in any list of the
 * scheme, so they match nothing, but they are counted (@c unknown_dx,
 * @c unknown_proc) and flagged (::YB_DRG_FLAG_UNKNOWN_CODE), and the trace
 * names them. An unknown procedure still counts as a procedure (it makes the
 * case surgical where a scheme asks whether there is any procedure).
 */
#ifndef YIBAO_GROUPING_H
#define YIBAO_GROUPING_H

#include <stddef.h>
#include <stdint.h>
#include <yibao/export.h>
#include <yibao/ctx.h>
#include <yibao/dict.h>
#include <yibao/cases.h>

YB_BEGIN_DECLS

/** No MDC, ADRG or DRG; also the id to pass for a code known to be absent from a dictionary. @since 0.1 */
#define YB_DRG_NO_ID 4294967295

/** Longest DRG, ADRG or MDC code in bytes. @since 0.1 */
#define YB_DRG_CODE_MAX 8

/** The case could not be grouped: its DRG is the ungroupable group (0000). @since 0.1 */
#define YB_DRG_FLAG_UNGROUPABLE 1
/** The case is in an ambiguous group (QY, 歧义组). @since 0.1 */
#define YB_DRG_FLAG_AMBIGUOUS 2
/** A secondary diagnosis counts as MCC (after exclusion). @since 0.1 */
#define YB_DRG_FLAG_MCC 4
/** A secondary diagnosis counts as CC (after exclusion). @since 0.1 */
#define YB_DRG_FLAG_CC 8
/** An MCC or CC secondary diagnosis was cancelled by the exclusion table of the principal. @since 0.1 */
#define YB_DRG_FLAG_CC_EXCLUDED 16
/** A secondary code is unknown to the scheme (see the unknown counts). @since 0.1 */
#define YB_DRG_FLAG_UNKNOWN_CODE 32
/** The principal procedure is not valid as principal for the scheme and was ignored. @since 0.1 */
#define YB_DRG_FLAG_PROC_IGNORED 64
/** An MDC's gate held but none of its ADRGs matched, and grouping went on to the next MDC (a gate that is simply "true" does not count). @since 0.1 */
#define YB_DRG_FLAG_FELL_THROUGH 128
/** The row was rejected by validation; its row status says why. @since 0.1 */
#define YB_DRG_FLAG_INVALID 256

/** @brief Opaque, immutable CHS-DRG scheme; shareable between threads. @since 0.1 */
typedef struct yb_drg_scheme yb_drg_scheme;

/**
 * @brief Loads a CHS-DRG scheme from a @c drg-scheme pack.
 *
 * Every table is verified against its checksum before it is parsed; every
 * condition is compiled, and a reference to an unknown list, MDC or ADRG is an
 * error naming the table, line, column and value.
 * @param[in] ctx the context (its allocator is kept by the scheme).
 * @param[in] pack_path the pack directory or its pack.json.
 * @param[out] out receives the scheme (NULL on failure).
 * @returns ::YB_OK, ::YB_E_IO, ::YB_E_PACK, ::YB_E_FORMAT, ::YB_E_CHECKSUM,
 *          ::YB_E_VERSION, ::YB_E_DUPLICATE, ::YB_E_NOT_FOUND, ::YB_E_PARAM,
 *          ::YB_E_LIMIT, ::YB_E_ENCODING, ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_drg_scheme_load(yb_ctx *ctx, const char *pack_path, yb_drg_scheme **out);

/**
 * @brief Frees a scheme. NULL is accepted.
 * @param[in] scheme the scheme.
 * @since 0.1
 */
YB_API void yb_drg_scheme_free(yb_drg_scheme *scheme);

/**
 * @brief The fingerprint of the scheme's pack (64 hex digits).
 * @param[in] scheme the scheme.
 * @returns a string owned by the scheme ("" for NULL).
 * @since 0.1
 */
YB_API const char *yb_drg_scheme_fingerprint(const yb_drg_scheme *scheme);

/**
 * @brief The scheme's name, for example "CHS-DRG".
 * @param[in] scheme the scheme.
 * @returns a string owned by the scheme ("" for NULL).
 * @since 0.1
 */
YB_API const char *yb_drg_scheme_name(const yb_drg_scheme *scheme);

/**
 * @brief The scheme's version, for example "1.1".
 * @param[in] scheme the scheme.
 * @returns a string owned by the scheme ("" for NULL).
 * @since 0.1
 */
YB_API const char *yb_drg_scheme_version(const yb_drg_scheme *scheme);

/**
 * @brief The scheme's diagnosis dictionary, to pre-intern codes as ids.
 *
 * Look codes up with yb_dict_lookup() (never intern into it: it is shared).
 * @param[in] scheme the scheme.
 * @returns the dictionary owned by the scheme, or NULL for NULL.
 * @since 0.1
 */
YB_API const yb_dict *yb_drg_scheme_dx_dict(const yb_drg_scheme *scheme);

/**
 * @brief The scheme's procedure dictionary, to pre-intern codes as ids.
 * @param[in] scheme the scheme.
 * @returns the dictionary owned by the scheme, or NULL for NULL.
 * @since 0.1
 */
YB_API const yb_dict *yb_drg_scheme_proc_dict(const yb_drg_scheme *scheme);

/**
 * @brief Number of MDCs (ids 0 … count-1, in the order of the pack's table).
 * @param[in] scheme the scheme.
 * @returns the count (0 for NULL).
 * @since 0.1
 */
YB_API uint32_t yb_drg_scheme_mdc_count(const yb_drg_scheme *scheme);

/**
 * @brief Code of an MDC, such as "MDCB".
 * @param[in] scheme the scheme.
 * @param[in] mdc an MDC id.
 * @returns the code owned by the scheme, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_drg_scheme_mdc_code(const yb_drg_scheme *scheme, uint32_t mdc);

/**
 * @brief Name of an MDC (UTF-8, may be "").
 * @param[in] scheme the scheme.
 * @param[in] mdc an MDC id.
 * @returns the name owned by the scheme, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_drg_scheme_mdc_name(const yb_drg_scheme *scheme, uint32_t mdc);

/**
 * @brief Id of an MDC code.
 * @param[in] scheme the scheme.
 * @param[in] code the code (NUL-terminated).
 * @param[out] id receives the id.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_drg_scheme_mdc_lookup(const yb_drg_scheme *scheme, const char *code, uint32_t *id);

/**
 * @brief Number of ADRGs, ambiguous groups (QY) included.
 * @param[in] scheme the scheme.
 * @returns the count (0 for NULL).
 * @since 0.1
 */
YB_API uint32_t yb_drg_scheme_adrg_count(const yb_drg_scheme *scheme);

/**
 * @brief Code of an ADRG, such as "BR2" or "BQY".
 * @param[in] scheme the scheme.
 * @param[in] adrg an ADRG id.
 * @returns the code owned by the scheme, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_drg_scheme_adrg_code(const yb_drg_scheme *scheme, uint32_t adrg);

/**
 * @brief Name of an ADRG (UTF-8, may be "").
 * @param[in] scheme the scheme.
 * @param[in] adrg an ADRG id.
 * @returns the name owned by the scheme, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_drg_scheme_adrg_name(const yb_drg_scheme *scheme, uint32_t adrg);

/**
 * @brief The MDC an ADRG belongs to.
 * @param[in] scheme the scheme.
 * @param[in] adrg an ADRG id.
 * @returns the MDC id, or ::YB_DRG_NO_ID for an unknown id.
 * @since 0.1
 */
YB_API uint32_t yb_drg_scheme_adrg_mdc(const yb_drg_scheme *scheme, uint32_t adrg);

/**
 * @brief Id of an ADRG code.
 * @param[in] scheme the scheme.
 * @param[in] code the code (NUL-terminated).
 * @param[out] id receives the id.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_drg_scheme_adrg_lookup(const yb_drg_scheme *scheme, const char *code, uint32_t *id);

/**
 * @brief Number of DRGs, the ungroupable group included.
 * @param[in] scheme the scheme.
 * @returns the count (0 for NULL).
 * @since 0.1
 */
YB_API uint32_t yb_drg_scheme_drg_count(const yb_drg_scheme *scheme);

/**
 * @brief Code of a DRG, such as "BR23", "BQY" or "0000".
 * @param[in] scheme the scheme.
 * @param[in] drg a DRG id.
 * @returns the code owned by the scheme, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_drg_scheme_drg_code(const yb_drg_scheme *scheme, uint32_t drg);

/**
 * @brief Name of a DRG (UTF-8, may be "").
 * @param[in] scheme the scheme.
 * @param[in] drg a DRG id.
 * @returns the name owned by the scheme, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_drg_scheme_drg_name(const yb_drg_scheme *scheme, uint32_t drg);

/**
 * @brief The ADRG a DRG belongs to.
 * @param[in] scheme the scheme.
 * @param[in] drg a DRG id.
 * @returns the ADRG id; ::YB_DRG_NO_ID for the ungroupable group or an unknown id.
 * @since 0.1
 */
YB_API uint32_t yb_drg_scheme_drg_adrg(const yb_drg_scheme *scheme, uint32_t drg);

/**
 * @brief Id of a DRG code.
 * @param[in] scheme the scheme.
 * @param[in] code the code (NUL-terminated).
 * @param[out] id receives the id.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_drg_scheme_drg_lookup(const yb_drg_scheme *scheme, const char *code, uint32_t *id);

/**
 * @brief Id of the ungroupable group (code from the pack, "0000" by default).
 * @param[in] scheme the scheme.
 * @returns the DRG id, or ::YB_DRG_NO_ID for NULL.
 * @since 0.1
 */
YB_API uint32_t yb_drg_scheme_ungroupable_drg(const yb_drg_scheme *scheme);

/**
 * @brief Output columns of yb_drg_group_batch(): caller-allocated arrays.
 *
 * Every array that is not NULL must hold at least @c n entries; NULL arrays
 * are not written.
 * @since 0.1
 */
typedef struct yb_drg_results {
    size_t size;            /**< sizeof(yb_drg_results). */
    size_t n;               /**< Entries in each array; must be at least the cases' n. */
    uint32_t *mdc;          /**< MDC id or ::YB_DRG_NO_ID. */
    uint32_t *adrg;         /**< ADRG id or ::YB_DRG_NO_ID. */
    uint32_t *drg;          /**< DRG id (the ungroupable group when not grouped). */
    uint32_t *flags;        /**< YB_DRG_FLAG_* bits. */
    int32_t *mcc_count;     /**< Secondary diagnoses counted as MCC after exclusion. */
    int32_t *cc_count;      /**< Secondary diagnoses counted as CC after exclusion. */
    int32_t *unknown_dx;    /**< Diagnoses unknown to the scheme (a principal only where the scheme's code set is open). */
    int32_t *unknown_proc;  /**< Procedures unknown to the scheme. */
    void *reserved[8];      /**< Must be NULL. */
} yb_drg_results;

/**
 * @brief Groups a batch of cases.
 *
 * Codes come as strings (normalised as in dict.h, then looked up) or as ids
 * of the scheme's dictionaries (yb_drg_scheme_dx_dict()); an id of
 * ::YB_DRG_NO_ID stands for a well-formed code not in the dictionary. Bad rows
 * get a row status and the ungroupable result; they never stop the batch.
 * Calls the progress callback every YB_OPT_PROGRESS_INTERVAL rows; when it
 * cancels, the remaining rows get ::YB_E_CANCELLED.
 * @param[in] ctx the calling thread's context.
 * @param[in] scheme the scheme (may be shared with other threads).
 * @param[in] cases the cases (see cases.h).
 * @param[out] out the result arrays.
 * @param[out] row_status per-row status (n entries), or NULL.
 * @returns the number of rows whose status is not ::YB_OK (≥ 0), or a negative
 *          status when the batch as a whole failed (::YB_E_INVALID_ARG for
 *          inconsistent columns, with the row and column in the message;
 *          ::YB_E_NOMEM; ::YB_E_CANCELLED).
 * @since 0.1
 */
YB_API int yb_drg_group_batch(yb_ctx *ctx, const yb_drg_scheme *scheme, const yb_case_columns *cases,
                              yb_drg_results *out, int32_t *row_status);

/**
 * @brief One case, for the single-case calls.
 *
 * Integers use -1 for missing (so a zero-filled struct is not "all
 * missing": set every optional field to -1). Lists are arrays of
 * NUL-terminated codes.
 * @since 0.1
 */
typedef struct yb_drg_case {
    size_t size;                      /**< sizeof(yb_drg_case). */
    int32_t sex;                      /**< 1 male, 2 female. */
    int32_t age_years;                /**< Age in whole years. */
    int32_t age_days;                 /**< Total age in days, -1 if not given. */
    int32_t birth_weight_g;           /**< Newborn birth/admission weight in grams, -1 if not given. */
    int32_t los_days;                 /**< Length of stay in days, -1 if not given. */
    int32_t discharge_type;           /**< A ::yb_discharge, -1 if not given. */
    int32_t vent_hours;               /**< Invasive ventilation hours, -1 if not given. */
    int32_t icu_days;                 /**< ICU days, -1 if not given. */
    const char *principal_dx;         /**< Principal diagnosis; required. */
    const char *const *secondary_dx;  /**< Secondary diagnoses (may be NULL when none). */
    size_t n_secondary;               /**< Number of secondary diagnoses. */
    const char *const *procedures;    /**< Procedures, principal first (may be NULL when none). */
    size_t n_procedures;              /**< Number of procedures. */
    void *reserved[4];                /**< Must be NULL. */
} yb_drg_case;

/**
 * @brief The result of one case.
 * @since 0.1
 */
typedef struct yb_drg_result {
    size_t size;            /**< sizeof(yb_drg_result). */
    int32_t status;         /**< The row status (::YB_OK or a YB_E_ROW_* code). */
    uint32_t mdc;           /**< MDC id or ::YB_DRG_NO_ID. */
    uint32_t adrg;          /**< ADRG id or ::YB_DRG_NO_ID. */
    uint32_t drg;           /**< DRG id. */
    uint32_t flags;         /**< YB_DRG_FLAG_* bits. */
    int32_t mcc_count;      /**< Secondary diagnoses counted as MCC. */
    int32_t cc_count;       /**< Secondary diagnoses counted as CC. */
    int32_t unknown_dx;     /**< Diagnoses unknown to the scheme. */
    int32_t unknown_proc;   /**< Procedures unknown to the scheme. */
} yb_drg_result;

/**
 * @brief Groups one case (a thin wrapper over yb_drg_group_batch()).
 * @param[in] ctx the calling thread's context.
 * @param[in] scheme the scheme.
 * @param[in] c the case.
 * @param[in,out] out caller's struct with @c size set; filled.
 * @returns the row status (::YB_OK or a negative YB_E_ROW_* code, also in
 *          @c out->status), or ::YB_E_INVALID_ARG / ::YB_E_NOMEM.
 * @since 0.1
 */
YB_API int yb_drg_group_one(yb_ctx *ctx, const yb_drg_scheme *scheme, const yb_drg_case *c,
                            yb_drg_result *out);

/** @brief Kinds of trace steps. @since 0.1 */
typedef enum yb_drg_step_kind {
    YB_DRG_STEP_VALIDATE = 1,  /**< Validation rejected the row (outcome = the row status). */
    YB_DRG_STEP_CODE = 2,      /**< A code was unknown or ignored (subject = the code). */
    YB_DRG_STEP_MDC = 3,       /**< An MDC's gate was evaluated (outcome 1 = held). */
    YB_DRG_STEP_ADRG = 4,      /**< An ADRG's condition was evaluated (outcome 1 = chosen). */
    YB_DRG_STEP_NO_ADRG = 5,   /**< No ADRG of a gated MDC matched (outcome 1 = next MDC, 0 = stop). */
    YB_DRG_STEP_AMBIGUOUS = 6, /**< The chosen medical ADRG was redirected to the ambiguous group. */
    YB_DRG_STEP_CC = 7,        /**< An MCC/CC secondary diagnosis (outcome 1 = counts, 0 = excluded). */
    YB_DRG_STEP_DRG = 8,       /**< A DRG split predicate was evaluated (outcome 1 = chosen). */
    YB_DRG_STEP_RESULT = 9     /**< The final result. */
} yb_drg_step_kind;

/** @brief How a code takes part in a trace step. @since 0.1 */
typedef enum yb_drg_code_role {
    YB_DRG_CODE_MATCHED = 1,   /**< The code is in the list named by @c list. */
    YB_DRG_CODE_MCC = 2,       /**< A secondary diagnosis that counts as MCC. */
    YB_DRG_CODE_CC = 3,        /**< A secondary diagnosis that counts as CC. */
    YB_DRG_CODE_EXCLUDED = 4,  /**< An MCC/CC secondary cancelled by the principal's exclusion table. */
    YB_DRG_CODE_EXCLUDER = 5,  /**< The principal diagnosis whose exclusion table cancels. */
    YB_DRG_CODE_UNKNOWN = 6,   /**< A code unknown to the scheme. */
    YB_DRG_CODE_IGNORED = 7    /**< A principal procedure not valid as principal. */
} yb_drg_code_role;

/**
 * @brief One step of a trace.
 * @since 0.1
 */
typedef struct yb_drg_step_info {
    size_t size;            /**< Caller sets sizeof(yb_drg_step_info). */
    int32_t kind;           /**< A ::yb_drg_step_kind. */
    int32_t outcome;        /**< 1 / 0 as the kind says (a status for VALIDATE). */
    uint32_t mdc;           /**< The MDC concerned, or ::YB_DRG_NO_ID. */
    uint32_t adrg;          /**< The ADRG concerned, or ::YB_DRG_NO_ID. */
    uint32_t drg;           /**< The DRG concerned, or ::YB_DRG_NO_ID. */
    const char *subject;    /**< What the step is about: an MDC, ADRG or DRG code, or a code. */
    const char *rule;       /**< The condition as written in the pack, or "". */
    const char *detail;     /**< One line saying why (each evaluated test and its value). */
    size_t code_count;      /**< Codes attached to the step (yb_drg_trace_code()). */
} yb_drg_step_info;

/**
 * @brief A code attached to a trace step.
 * @since 0.1
 */
typedef struct yb_drg_code_info {
    size_t size;            /**< Caller sets sizeof(yb_drg_code_info). */
    int32_t role;           /**< A ::yb_drg_code_role. */
    int32_t is_procedure;   /**< 1 for a procedure, 0 for a diagnosis. */
    int32_t position;       /**< Index in the case's list (0 = principal). */
    const char *code;       /**< The code (normalised when it is well-formed). */
    const char *list;       /**< The list matched, or the exclusion table ("" if none). */
} yb_drg_code_info;

/** @brief Opaque trace of one case. @since 0.1 */
typedef struct yb_drg_trace yb_drg_trace;

/**
 * @brief Groups one row of a batch and records every step.
 *
 * The grouping is the same code path as yb_drg_group_batch(), with recording
 * switched on, so the trace's result always equals the batch result.
 * @param[in] ctx the context (its allocator is kept by the trace).
 * @param[in] scheme the scheme.
 * @param[in] cases the cases.
 * @param[in] row the row to trace.
 * @param[out] out receives the trace.
 * @returns ::YB_OK (also for a row that validation rejects: the trace says
 *          why), ::YB_E_INVALID_ARG or ::YB_E_NOMEM.
 * @since 0.1
 */
YB_API int yb_drg_trace_case(yb_ctx *ctx, const yb_drg_scheme *scheme, const yb_case_columns *cases,
                             size_t row, yb_drg_trace **out);

/**
 * @brief Traces one case given as a ::yb_drg_case.
 * @param[in] ctx the context.
 * @param[in] scheme the scheme.
 * @param[in] c the case.
 * @param[out] out receives the trace.
 * @returns ::YB_OK, ::YB_E_INVALID_ARG or ::YB_E_NOMEM.
 * @since 0.1
 */
YB_API int yb_drg_trace_one(yb_ctx *ctx, const yb_drg_scheme *scheme, const yb_drg_case *c,
                            yb_drg_trace **out);

/**
 * @brief Frees a trace. NULL is accepted.
 * @param[in] trace the trace.
 * @since 0.1
 */
YB_API void yb_drg_trace_free(yb_drg_trace *trace);

/**
 * @brief The traced case's result.
 * @param[in] trace the trace.
 * @param[in,out] out caller's struct with @c size set; filled.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_drg_trace_result(const yb_drg_trace *trace, yb_drg_result *out);

/**
 * @brief Number of steps.
 * @param[in] trace the trace.
 * @returns the count (0 for NULL).
 * @since 0.1
 */
YB_API size_t yb_drg_trace_step_count(const yb_drg_trace *trace);

/**
 * @brief One step. Strings stay valid until the trace is freed.
 * @param[in] trace the trace.
 * @param[in] index the step, below yb_drg_trace_step_count().
 * @param[in,out] out caller's struct with @c size set; filled.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_drg_trace_step(const yb_drg_trace *trace, size_t index, yb_drg_step_info *out);

/**
 * @brief One code attached to a step.
 * @param[in] trace the trace.
 * @param[in] step the step index.
 * @param[in] k the code's index, below the step's @c code_count.
 * @param[in,out] out caller's struct with @c size set; filled.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_drg_trace_code(const yb_drg_trace *trace, size_t step, size_t k, yb_drg_code_info *out);

/**
 * @brief The whole trace as text, one step per line (UTF-8).
 * @param[in] trace the trace.
 * @returns a string owned by the trace ("" for NULL).
 * @since 0.1
 */
YB_API const char *yb_drg_trace_text(const yb_drg_trace *trace);

YB_END_DECLS

#endif /* YIBAO_GROUPING_H */
