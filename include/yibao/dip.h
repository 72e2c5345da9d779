/**
 * @file dip.h
 * @brief DIP (按病种分值付费, Big-Data Diagnosis-Intervention Packet): grouping of
 *        inpatient cases with a DIP catalogue, and building a region's
 *        catalogue and scores from its case history.
 *
 * A catalogue (::yb_dip_catalog) is loaded from a @c dip-catalog pack
 * (doc/packs-dip.md): the national DIP 3.0 layer (packs/dip-3.0) and, as an
 * overlay, a region's layer (its active core groups, comprehensive groups,
 * scores and auxiliary-subtype coefficients). A case is matched in the
 * catalogue's order (DIP 3.0 technical specification draft, ch. 3 §2 三 and
 * §3 三): exclusion lists, pre-groups, merged groups, diagnosis-refined groups,
 * basic-rule core groups, then the region's comprehensive groups. Inside a
 * layer the candidate matching the most procedures wins; remaining ties are
 * settled by the pack's declared rule (parameter @c match.tie_break).
 *
 * Scores have ::YB_SCORE_DECIMALS decimals (10000 = 1.0); coefficients
 * ::YB_RATIO_DECIMALS (1000000 = 1.0); costs are fen.
 *
 * A catalogue is immutable and may be used by any number of threads at once,
 * each with its own ::yb_ctx.
 */
#ifndef YIBAO_DIP_H
#define YIBAO_DIP_H

#include <stddef.h>
#include <stdint.h>
#include <yibao/export.h>
#include <yibao/ctx.h>
#include <yibao/dict.h>
#include <yibao/cases.h>

YB_BEGIN_DECLS

/** No group / no subtype: the id value meaning "none". @since 0.1 */
#define YB_DIP_NONE 0xFFFFFFFF

/** Result flag: the group is a primary-care group (基层病种). @since 0.1 */
#define YB_DIP_FLAG_PRIMARY_CARE 0x1
/** Result flag: the principal diagnosis is on the exclusion list. @since 0.1 */
#define YB_DIP_FLAG_EXCLUDED_DX 0x2
/** Result flag: a procedure on the exclusion list was ignored. @since 0.1 */
#define YB_DIP_FLAG_PROC_IGNORED 0x4
/** Result flag: the first procedure may not be principal; a later one was used. @since 0.1 */
#define YB_DIP_FLAG_PRINCIPAL_SHIFTED 0x8
/** Result flag: several groups tied and the declared tie-break decided. @since 0.1 */
#define YB_DIP_FLAG_TIE_BREAK 0x10
/** Result flag: the group has no score in this catalogue (score is 0). @since 0.1 */
#define YB_DIP_FLAG_NO_SCORE 0x20
/** Result flag: no comprehensive group for the procedure attribute; the conservative one was used. @since 0.1 */
#define YB_DIP_FLAG_FALLBACK_CONSERVATIVE 0x40
/** Result flag: a code unknown to the catalogue was accepted (parameter codes.unknown = accept). @since 0.1 */
#define YB_DIP_FLAG_UNKNOWN_CODE 0x80
/** Result flag: the ventilation code was added from the ventilation hours. @since 0.1 */
#define YB_DIP_FLAG_VENTILATION_HOURS 0x100
/** Result flag: no group matched (未入组); group is ::YB_DIP_NONE. @since 0.1 */
#define YB_DIP_FLAG_UNGROUPED 0x200

/**
 * @brief Matching layers, in catalogue order; also the kind of a group.
 * @since 0.1
 */
typedef enum yb_dip_layer {
    YB_DIP_LAYER_NONE = 0,          /**< Not grouped. */
    YB_DIP_LAYER_PRE = 1,           /**< 先期分组: transplants, ECMO, long ventilation, low birth weight. */
    YB_DIP_LAYER_MERGED = 2,        /**< 并项规则下的核心病种. */
    YB_DIP_LAYER_REFINED = 3,       /**< 诊断辅助细分: burns, tumours, tuberculosis. */
    YB_DIP_LAYER_CORE = 4,          /**< 基础规则下的核心病种: diagnosis + procedure. */
    YB_DIP_LAYER_COMPREHENSIVE = 5  /**< 综合病种: 3-character category × procedure attribute. */
} yb_dip_layer;

/**
 * @brief Attribute of a procedure, which chooses the comprehensive group.
 * @since 0.1
 */
typedef enum yb_dip_attribute {
    YB_DIP_ATTR_CONSERVATIVE = 0, /**< 内科诊疗: no procedure, or a simple one. */
    YB_DIP_ATTR_DIAGNOSTIC = 1,   /**< 诊断性操作. */
    YB_DIP_ATTR_THERAPEUTIC = 2,  /**< 治疗性操作. */
    YB_DIP_ATTR_SURGERY = 3       /**< 手术 (including interventional procedures). */
} yb_dip_attribute;

/** @brief Opaque, immutable DIP catalogue. @since 0.1 */
typedef struct yb_dip_catalog yb_dip_catalog;

/**
 * @brief Loads a @c dip-catalog pack (and the base packs it overlays).
 * @param[in] ctx the context (its allocator is kept by the catalogue).
 * @param[in] pack_path the pack directory or its pack.json.
 * @param[out] out receives the catalogue.
 * @returns ::YB_OK, or ::YB_E_IO, ::YB_E_PACK, ::YB_E_VERSION,
 *          ::YB_E_CHECKSUM, ::YB_E_FORMAT, ::YB_E_ENCODING, ::YB_E_DUPLICATE,
 *          ::YB_E_NOT_FOUND, ::YB_E_PARAM, ::YB_E_LIMIT, ::YB_E_NOMEM or
 *          ::YB_E_INVALID_ARG, with the detail (file, line, column, value) on @p ctx.
 * @since 0.1
 */
YB_API int yb_dip_catalog_load(yb_ctx *ctx, const char *pack_path, yb_dip_catalog **out);

/**
 * @brief Frees a catalogue. NULL is accepted.
 * @param[in] catalog the catalogue.
 * @since 0.1
 */
YB_API void yb_dip_catalog_free(yb_dip_catalog *catalog);

/**
 * @brief The fingerprint of the catalogue's pack (64 hex digits).
 * @param[in] catalog the catalogue.
 * @returns a string owned by the catalogue.
 * @since 0.1
 */
YB_API const char *yb_dip_catalog_fingerprint(const yb_dip_catalog *catalog);

/**
 * @brief The diagnosis dictionary: intern case codes with yb_dict_lookup() to
 *        pass ids in ::yb_case_columns::dx_ids.
 * @param[in] catalog the catalogue.
 * @returns the dictionary, owned by the catalogue.
 * @since 0.1
 */
YB_API const yb_dict *yb_dip_catalog_dx_dict(const yb_dip_catalog *catalog);

/**
 * @brief The procedure dictionary (for ::yb_case_columns::proc_ids).
 * @param[in] catalog the catalogue.
 * @returns the dictionary, owned by the catalogue.
 * @since 0.1
 */
YB_API const yb_dict *yb_dip_catalog_proc_dict(const yb_dip_catalog *catalog);

/**
 * @brief Number of groups; group ids are 0 … count-1 in catalogue order.
 * @param[in] catalog the catalogue.
 * @returns the count (0 for NULL).
 * @since 0.1
 */
YB_API uint32_t yb_dip_group_count(const yb_dip_catalog *catalog);

/**
 * @brief Finds a group by its code.
 * @param[in] catalog the catalogue.
 * @param[in] code the group code, for example "JC3625".
 * @param[out] id receives the group id.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_dip_group_find(const yb_dip_catalog *catalog, const char *code, uint32_t *id);

/**
 * @brief The code of a group.
 * @param[in] catalog the catalogue.
 * @param[in] id a group id.
 * @returns the code, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_dip_group_code(const yb_dip_catalog *catalog, uint32_t id);

/**
 * @brief The name of a group (UTF-8).
 * @param[in] catalog the catalogue.
 * @param[in] id a group id.
 * @returns the name, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_dip_group_name(const yb_dip_catalog *catalog, uint32_t id);

/**
 * @brief The kind of a group: the layer it is matched in.
 * @param[in] catalog the catalogue.
 * @param[in] id a group id.
 * @returns a ::yb_dip_layer (1 … 5), or ::YB_E_INVALID_ARG for an unknown id.
 * @since 0.1
 */
YB_API int yb_dip_group_kind(const yb_dip_catalog *catalog, uint32_t id);

/**
 * @brief Whether a group is a primary-care group (基层病种).
 * @param[in] catalog the catalogue.
 * @param[in] id a group id.
 * @returns 1 or 0, or ::YB_E_INVALID_ARG for an unknown id.
 * @since 0.1
 */
YB_API int yb_dip_group_primary_care(const yb_dip_catalog *catalog, uint32_t id);

/**
 * @brief Whether a group takes part in matching (a region deactivates national
 *        groups with too few cases; their cases go on to later layers).
 * @param[in] catalog the catalogue.
 * @param[in] id a group id.
 * @returns 1 or 0, or ::YB_E_INVALID_ARG for an unknown id.
 * @since 0.1
 */
YB_API int yb_dip_group_active(const yb_dip_catalog *catalog, uint32_t id);

/**
 * @brief The score of a group (::YB_SCORE_DECIMALS decimals).
 * @param[in] catalog the catalogue.
 * @param[in] id a group id.
 * @param[out] score receives the score.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND when the catalogue gives the group no
 *          score (the national catalogue has none), or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_dip_group_score(const yb_dip_catalog *catalog, uint32_t id, int64_t *score);

/**
 * @brief Number of auxiliary subtypes (辅助分型) that have a coefficient.
 * @param[in] catalog the catalogue.
 * @returns the count; subtype ids are 0 … count-1.
 * @since 0.1
 */
YB_API uint32_t yb_dip_subtype_count(const yb_dip_catalog *catalog);

/**
 * @brief The code of a subtype (for example "CCI-2").
 * @param[in] catalog the catalogue.
 * @param[in] id a subtype id.
 * @returns the code, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_dip_subtype_code(const yb_dip_catalog *catalog, uint32_t id);

/**
 * @brief The group a subtype coefficient belongs to.
 * @param[in] catalog the catalogue.
 * @param[in] id a subtype id.
 * @returns the group id, ::YB_DIP_NONE when it applies to every group, or
 *          ::YB_DIP_NONE for an unknown id.
 * @since 0.1
 */
YB_API uint32_t yb_dip_subtype_group(const yb_dip_catalog *catalog, uint32_t id);

/**
 * @brief The coefficient of a subtype (::YB_RATIO_DECIMALS decimals).
 * @param[in] catalog the catalogue.
 * @param[in] id a subtype id.
 * @returns the coefficient, or -1 for an unknown id.
 * @since 0.1
 */
YB_API int64_t yb_dip_subtype_coefficient(const yb_dip_catalog *catalog, uint32_t id);

/**
 * @brief Grouping results, column by column (caller-allocated arrays of
 *        length @c n; a NULL array is not written).
 * @since 0.1
 */
typedef struct yb_dip_results {
    size_t size;                /**< sizeof(yb_dip_results). */
    size_t n;                   /**< Rows; must equal the cases' n. */
    uint32_t *group;            /**< Group id, ::YB_DIP_NONE when not grouped. */
    int8_t *layer;              /**< The ::yb_dip_layer that matched (0 = none). */
    int8_t *attribute;          /**< ::yb_dip_attribute of the principal procedure (0 = none/conservative). */
    int16_t *matched_procs;     /**< Procedure components the winning rule matched. */
    uint32_t *subtype;          /**< Auxiliary subtype id, ::YB_DIP_NONE when none applies. */
    int64_t *subtype_coef;      /**< Its coefficient (1000000 = 1.0 when none applies). */
    int64_t *score;             /**< The group's score (0 with ::YB_DIP_FLAG_NO_SCORE). */
    int64_t *subtype_score;     /**< score × subtype_coef, rounded to 4 decimals (pack parameter @c rounding). */
    int32_t *cci;               /**< Charlson comorbidity index of the secondary diagnoses (-1 if the pack has no cci table). */
    uint32_t *flags;            /**< YB_DIP_FLAG_* bits. */
    void *reserved[8];          /**< Must be NULL. */
} yb_dip_results;

/**
 * @brief Groups a batch of cases.
 *
 * Codes come as strings (normalised as in dict.h, looked up in the
 * catalogue's dictionaries) or as ids of those dictionaries. Optional columns
 * may be NULL. The principal procedure is the first procedure that the
 * exclusion list allows as principal; procedures listed as "group as
 * conservative" are ignored. Row statuses: ::YB_E_ROW_NO_DIAGNOSIS,
 * ::YB_E_ROW_DX_CODE, ::YB_E_ROW_PROC_CODE (malformed, or unknown with
 * parameter codes.unknown = reject), ::YB_E_ROW_TOO_MANY_CODES,
 * ::YB_E_ROW_SEX, ::YB_E_ROW_AGE, ::YB_E_ROW_AGE_DAYS, ::YB_E_ROW_BIRTH_WEIGHT
 * (out of range, or missing when a newborn pre-group needs it),
 * ::YB_E_ROW_NEWBORN, ::YB_E_ROW_LOS, ::YB_E_ROW_DISCHARGE,
 * ::YB_E_ROW_VENT_HOURS, ::YB_E_ROW_ICU_DAYS, ::YB_E_INVALID_ARG (offsets
 * decrease), ::YB_E_CANCELLED. A row that matches no group is not an error:
 * its group is ::YB_DIP_NONE with ::YB_DIP_FLAG_UNGROUPED.
 * @param[in] ctx the context (one per thread).
 * @param[in] catalog the catalogue (may be shared between threads).
 * @param[in] cases the cases.
 * @param[in,out] out the result columns (size and n set by the caller).
 * @param[out] row_status n statuses (may be NULL).
 * @returns the number of rows whose status is not ::YB_OK, or a negative
 *          status when the batch as a whole failed (::YB_E_INVALID_ARG,
 *          ::YB_E_VERSION, ::YB_E_CANCELLED).
 * @since 0.1
 */
YB_API int yb_dip_group_batch(yb_ctx *ctx, const yb_dip_catalog *catalog, const yb_case_columns *cases,
                              yb_dip_results *out, int32_t *row_status);

/**
 * @brief One case for the single-case form: scalars and '|'-separated code lists.
 * @since 0.1
 */
typedef struct yb_dip_case {
    size_t size;              /**< sizeof(yb_dip_case). */
    int8_t sex;               /**< 1 male, 2 female, -1 missing. */
    int16_t age_years;        /**< Whole years, -1 missing. */
    int32_t age_days;         /**< Age in days for infants, -1 missing. */
    int32_t birth_weight_g;   /**< Newborn weight in grams, -1 missing. */
    int32_t los_days;         /**< Length of stay in days, -1 missing. */
    int8_t discharge_type;    /**< A ::yb_discharge, -1 missing. */
    int32_t vent_hours;       /**< Invasive ventilation hours, -1 missing. */
    int32_t icu_days;         /**< ICU days, -1 missing. */
    const char *diagnoses;    /**< "K35.800x001|E11.900" — the first is the principal diagnosis. */
    const char *procedures;   /**< "47.0100|54.5101" (first = principal), or NULL / "" for none. */
    void *reserved[4];        /**< Must be NULL. */
} yb_dip_case;

/**
 * @brief One case's result (the single-case form of ::yb_dip_results).
 * @since 0.1
 */
typedef struct yb_dip_result {
    size_t size;            /**< sizeof(yb_dip_result). */
    uint32_t group;         /**< Group id or ::YB_DIP_NONE. */
    int32_t layer;          /**< ::yb_dip_layer. */
    int32_t attribute;      /**< ::yb_dip_attribute. */
    int32_t matched_procs;  /**< Procedure components matched. */
    uint32_t subtype;       /**< Subtype id or ::YB_DIP_NONE. */
    int64_t subtype_coef;   /**< Subtype coefficient (6 decimals). */
    int64_t score;          /**< Group score (4 decimals). */
    int64_t subtype_score;  /**< Score × coefficient (4 decimals). */
    int32_t cci;            /**< Charlson index, -1 without a cci table. */
    uint32_t flags;         /**< YB_DIP_FLAG_* bits. */
    void *reserved[4];      /**< Set to NULL. */
} yb_dip_result;

/**
 * @brief Groups one case (a thin wrapper over yb_dip_group_batch()).
 * @param[in] ctx the context.
 * @param[in] catalog the catalogue.
 * @param[in] c the case.
 * @param[in,out] out the result (size set by the caller).
 * @returns ::YB_OK or the row status (see yb_dip_group_batch()), or
 *          ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_dip_group_one(yb_ctx *ctx, const yb_dip_catalog *catalog, const yb_dip_case *c,
                            yb_dip_result *out);

/**
 * @brief Explains how row @p row of a batch is grouped, as text: the codes
 *        after cleaning, each layer's candidate rules (pack line, group,
 *        procedures matched or why not), the tie-break, the subtype.
 * @param[in] ctx the context.
 * @param[in] catalog the catalogue.
 * @param[in] cases the batch.
 * @param[in] row the row to explain.
 * @param[out] buf destination (may be NULL when @p cap is 0).
 * @param[in] cap capacity of @p buf; the text is cut at a line end when too long.
 * @param[out] needed receives the full length without the NUL (may be NULL).
 * @returns ::YB_OK, the row's status, or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_dip_trace_text(yb_ctx *ctx, const yb_dip_catalog *catalog, const yb_case_columns *cases,
                             size_t row, char *buf, size_t cap, size_t *needed);

/**
 * @brief yb_dip_trace_text() for one case given as a ::yb_dip_case.
 * @param[in] ctx the context.
 * @param[in] catalog the catalogue.
 * @param[in] c the case.
 * @param[out] buf destination (may be NULL when @p cap is 0).
 * @param[in] cap capacity of @p buf.
 * @param[out] needed receives the full length without the NUL (may be NULL).
 * @returns ::YB_OK, the case's status, or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_dip_trace_one_text(yb_ctx *ctx, const yb_dip_catalog *catalog, const yb_dip_case *c, char *buf,
                                 size_t cap, size_t *needed);

/* ------------------------------------------------------------------ builder */

/**
 * @brief How the case threshold between core and comprehensive groups is set
 *        (spec draft ch. 3 §1 二(三)).
 * @since 0.1
 */
typedef enum yb_dip_threshold {
    YB_DIP_THRESHOLD_FIXED = 0,    /**< A fixed count (15 for a city, at least 50 for a province). */
    YB_DIP_THRESHOLD_COVERAGE = 1  /**< The count at which combinations at or above it cover the coverage share of cases. */
} yb_dip_threshold;

/**
 * @brief Parameters of the catalogue builder. Call yb_dip_build_params_init()
 *        first: it sets the defaults written next to each field.
 * @since 0.1
 */
typedef struct yb_dip_build_params {
    size_t size;                    /**< sizeof(yb_dip_build_params). */
    size_t n_years;                 /**< Years of history (default 3). */
    const int32_t *years;           /**< The years, oldest first; NULL = the n_years most recent years of the history (default). */
    const int32_t *year_weights;    /**< Their weights; NULL = 1:2:7 for 3 years, else all equal (default NULL). */
    int64_t trim_low;               /**< Lower trimming percentile, 6 decimals (25000 = 2.5 %); 0 = none. */
    int64_t trim_high;              /**< Upper trimming percentile (975000 = 97.5 %); 1000000 = none. */
    int32_t threshold_mode;         /**< A ::yb_dip_threshold (default FIXED). */
    int32_t threshold_cases;        /**< Fixed threshold (default 15). */
    int64_t threshold_coverage;     /**< Coverage share for COVERAGE, 6 decimals (default 950000). */
    int64_t related_min_increase;   /**< Related-procedure rule: minimum cost increase, 6 decimals (default 100000 = 10 %). */
    int32_t new_core_groups;        /**< 1 = form local core groups from unmatched cases (default 1). */
    int32_t comprehensive_min_cases; /**< Comprehensive groups need at least this many cases (default 1). */
    int32_t subtype_min_cases;      /**< A subtype coefficient needs this many cases; 0 = the threshold (default 0). */
    int64_t scale;                  /**< K in m_i / M × K, whole points (default 1000). */
    const char *reference_group;    /**< NULL, or a group code whose score is set to @c scale (score = m_i / m_ref × K). */
    int32_t rounding;               /**< A ::yb_round for every rounding step (default half up). */
    const char *name;               /**< Pack name (default "DIP"). */
    const char *version;            /**< Pack version (default "local"). */
    const char *region;             /**< Pack region (default "local"). */
    void *reserved[8];              /**< Must be NULL. */
} yb_dip_build_params;

/**
 * @brief Sets the builder defaults.
 * @param[out] params the parameters (size is set too).
 * @since 0.1
 */
YB_API void yb_dip_build_params_init(yb_dip_build_params *params);

/**
 * @brief A history of cases with their costs, input of the builder.
 * @since 0.1
 */
typedef struct yb_dip_history {
    size_t size;                   /**< sizeof(yb_dip_history). */
    const yb_case_columns *cases;  /**< The cases (codes as strings or as ids of the base catalogue). */
    const int64_t *cost;           /**< Total cost of each case in fen (>= 0). */
    const int32_t *year;           /**< Discharge year of each case. */
    void *reserved[4];             /**< Must be NULL. */
} yb_dip_history;

/** @brief Opaque result of a catalogue build. @since 0.1 */
typedef struct yb_dip_build yb_dip_build;

/**
 * @brief Summary figures of a build.
 * @since 0.1
 */
typedef struct yb_dip_build_summary {
    size_t size;                 /**< Caller sets sizeof(yb_dip_build_summary). */
    int64_t cases;               /**< History rows. */
    int64_t cases_bad;           /**< Rows with a non-zero row status (left out). */
    int64_t cases_core;          /**< Cases in core groups (national or local). */
    int64_t cases_comprehensive; /**< Cases in comprehensive groups. */
    int64_t cases_ungrouped;     /**< Cases in no group (excluded or below every threshold). */
    int64_t cases_trimmed;       /**< Grouped cases left out of the means by trimming. */
    int32_t threshold;           /**< The case threshold used. */
    int32_t groups_national;     /**< Active national groups. */
    int32_t groups_local;        /**< New local core groups. */
    int32_t groups_comprehensive; /**< Comprehensive groups. */
    int64_t mean_all;            /**< M: weighted mean cost of all cases, yuan with 6 decimals. */
    int64_t reference_mean;      /**< Mean of the reference group (or M), yuan with 6 decimals. */
} yb_dip_build_summary;

/**
 * @brief One group of a build.
 * @since 0.1
 */
typedef struct yb_dip_build_group {
    size_t size;             /**< Caller sets sizeof(yb_dip_build_group). */
    const char *code;        /**< Group code (owned by the build). */
    const char *name;        /**< Group name. */
    int32_t kind;            /**< ::yb_dip_layer. */
    int32_t primary_care;    /**< 1 for primary-care groups. */
    int32_t local;           /**< 1 for a new local core group (to be reviewed, spec ch. 3 §3 三(一)). */
    int64_t cases;           /**< Cases in the group. */
    int64_t cases_kept;      /**< Cases left after trimming. */
    int64_t mean_cost;       /**< m_i: weighted mean cost, yuan with 6 decimals. */
    int64_t score;           /**< m_i / M × K, 4 decimals. */
} yb_dip_build_group;

/**
 * @brief Builds a region's catalogue from a case history and writes it as a
 *        @c dip-catalog pack overlaying @p base, plus @c scores.csv.
 *
 * Steps (doc/packs-dip.md, "Building a catalogue"): every case is matched
 * against the base catalogue's national layers; national groups with at least
 * the threshold of cases stay active; unmatched cases form local core groups
 * (4-character diagnosis + principal procedure + related procedures that raise
 * the cost by at least @c related_min_increase) when they reach the threshold;
 * the rest form comprehensive groups (3-character category × procedure
 * attribute). Costs are trimmed per group and year, averaged per year and
 * weighted across years; score_i = m_i / M × K. Auxiliary-subtype coefficients
 * are subtype mean / group mean. All arithmetic is integer with the rounding
 * steps documented there.
 * @param[in] ctx the context.
 * @param[in] base the base catalogue (loaded from its pack; its path is
 *            written into the new pack's manifest).
 * @param[in] history the history.
 * @param[in] params the parameters (see yb_dip_build_params_init()).
 * @param[in] out_dir the directory to write (created if missing).
 * @param[out] out receives the build's figures (free with yb_dip_build_free()); may be NULL.
 * @param[out] row_status one status per history row (may be NULL).
 * @returns ::YB_OK, or ::YB_E_INVALID_ARG, ::YB_E_PARAM, ::YB_E_IO,
 *          ::YB_E_NOT_FOUND (reference group), ::YB_E_DIV_ZERO (no cases),
 *          ::YB_E_OVERFLOW, ::YB_E_NOMEM, ::YB_E_CANCELLED.
 * @since 0.1
 */
YB_API int yb_dip_build_catalog(yb_ctx *ctx, const yb_dip_catalog *base, const yb_dip_history *history,
                                const yb_dip_build_params *params, const char *out_dir, yb_dip_build **out,
                                int32_t *row_status);

/**
 * @brief Frees a build. NULL is accepted.
 * @param[in] build the build.
 * @since 0.1
 */
YB_API void yb_dip_build_free(yb_dip_build *build);

/**
 * @brief The summary of a build.
 * @param[in] build the build.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_dip_build_get_summary(const yb_dip_build *build, yb_dip_build_summary *out);

/**
 * @brief Number of groups with a score in a build.
 * @param[in] build the build.
 * @returns the count.
 * @since 0.1
 */
YB_API size_t yb_dip_build_group_count(const yb_dip_build *build);

/**
 * @brief One group of a build, in the order of scores.csv.
 * @param[in] build the build.
 * @param[in] i index below yb_dip_build_group_count().
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_dip_build_group_info(const yb_dip_build *build, size_t i, yb_dip_build_group *out);

YB_END_DECLS

#endif /* YIBAO_DIP_H */
