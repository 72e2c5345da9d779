/**
 * @file points.h
 * @brief Point values and hospital payment for DIP and DRG.
 *
 * A **point-value book** (::yb_points_book) is loaded from a pack of kind
 * @c points-book (DIP: a @c scores table) or @c drg-book (DRG: a @c weights
 * table, rate or point method). It holds the group scores, the hospitals and
 * their coefficients, the auxiliary-subtype coefficients, the outlier rules,
 * the empty/ungrouped rule, the published point values and the clearing
 * rules. Pack format: doc/packs-points.md; formulas and rounding steps:
 * doc/points.md and doc/rounding.md.
 *
 * Grouping results are consumed **by value**: a case names its group by its
 * code (or by the book's id for that code), never by a grouping handle.
 *
 * Units (money.h): money in fen; scores and points 4 decimals
 * (::YB_SCORE_ONE); coefficients, ratios and indices of cost 6 decimals
 * (::YB_RATIO_ONE); point values and DRG base rates 6 decimals (yuan per
 * point), published rounded to the book's @c point_value.decimals.
 *
 * **Pools.** A book has one point-value pool for all cases, or two: pool 0 for
 * employees (职工) and pool 1 for residents (城乡居民). Arrays "per pool" have
 * yb_points_book_pool_count() entries.
 *
 * A book is immutable and may be shared by any number of threads; a
 * ::yb_points_year accumulator is used by one thread at a time.
 */
#ifndef YIBAO_POINTS_H
#define YIBAO_POINTS_H

#include <stddef.h>
#include <stdint.h>
#include <yibao/export.h>
#include <yibao/ctx.h>

YB_BEGIN_DECLS

/** "No id": an ungrouped case's group id, or a hospital not in the book. @since 0.1 */
#define YB_POINTS_NO_ID 0xFFFFFFFF

/** @brief Opaque point-value book (immutable, shareable). @since 0.1 */
typedef struct yb_points_book yb_points_book;

/** @brief Opaque accumulator of one year of settled cases (one thread at a time). @since 0.1 */
typedef struct yb_points_year yb_points_year;

/** @brief How a book turns groups into money. @since 0.1 */
typedef enum yb_points_method {
    YB_POINTS_METHOD_DIP = 1,        /**< DIP scores × point value (按病种分值). */
    YB_POINTS_METHOD_DRG_POINTS = 2, /**< DRG points = RW × scale, × point value (DRG 点数法). */
    YB_POINTS_METHOD_DRG_RATE = 3    /**< DRG RW × base rate per insurance type (DRG 费率法). */
} yb_points_method;

/** @brief Insurance types of a case. @since 0.1 */
typedef enum yb_insurance {
    YB_INSURANCE_EMPLOYEE = 1, /**< 职工基本医疗保险 (employees). */
    YB_INSURANCE_RESIDENT = 2  /**< 城乡居民基本医疗保险 (residents). */
} yb_insurance;

/** @brief How a case was paid (the @c kind column of the results). @since 0.1 */
typedef enum yb_points_case_kind {
    YB_POINTS_CASE_NORMAL = 0,         /**< Within the outlier thresholds. */
    YB_POINTS_CASE_LOW = 1,            /**< Low-cost case (低倍率): deviation = cost ratio. */
    YB_POINTS_CASE_HIGH = 2,           /**< High-cost case (高倍率). */
    YB_POINTS_CASE_EXTREME = 3,        /**< Above the extreme threshold: paid as high, sent to special review (特例单议). */
    YB_POINTS_CASE_UNGROUPED = 4,      /**< No group: points from cost by the book's ratio. */
    YB_POINTS_CASE_FEE_FOR_SERVICE = 5 /**< No group: paid fee-for-service, outside the points pool. */
} yb_points_case_kind;

/**
 * @brief Loads a point-value book from a pack of kind @c points-book or @c drg-book.
 * @param[in] ctx the context (allocator, error detail).
 * @param[in] pack_path the pack directory or its pack.json.
 * @param[out] out receives the book.
 * @returns ::YB_OK, ::YB_E_IO, ::YB_E_PACK, ::YB_E_PARAM, ::YB_E_FORMAT,
 *          ::YB_E_DUPLICATE, ::YB_E_CHECKSUM, ::YB_E_NOMEM, ::YB_E_INVALID_ARG …
 *          with the file, line, field and value in the context's message.
 * @since 0.1
 */
YB_API int yb_points_book_load(yb_ctx *ctx, const char *pack_path, yb_points_book **out);

/**
 * @brief Frees a book. NULL is accepted.
 * @param[in] book the book.
 * @since 0.1
 */
YB_API void yb_points_book_free(yb_points_book *book);

/**
 * @brief The fingerprint of the pack the book was loaded from.
 * @param[in] book the book.
 * @returns 64 lower-case hex digits owned by the book ("" for NULL).
 * @since 0.1
 */
YB_API const char *yb_points_book_fingerprint(const yb_points_book *book);

/**
 * @brief The book's method.
 * @param[in] book the book.
 * @returns a ::yb_points_method, or 0 for NULL.
 * @since 0.1
 */
YB_API int yb_points_book_method(const yb_points_book *book);

/**
 * @brief Number of point-value pools (1, or 2 when split by insurance type).
 * @param[in] book the book.
 * @returns 1 or 2 (0 for NULL).
 * @since 0.1
 */
YB_API uint32_t yb_points_book_pool_count(const yb_points_book *book);

/**
 * @brief The pool a case of an insurance type belongs to.
 * @param[in] book the book.
 * @param[in] insurance a ::yb_insurance (any value when the book has one pool).
 * @param[out] pool receives the pool index.
 * @returns ::YB_OK, ::YB_E_ROW_INSURANCE or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_book_pool_of(const yb_points_book *book, int insurance, uint32_t *pool);

/**
 * @brief The budget point value (DRG rate method: base rate) the book publishes for a pool.
 * @param[in] book the book.
 * @param[in] pool a pool index.
 * @param[out] value receives yuan per point at 6 decimals.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND (the book publishes none) or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_book_point_value(const yb_points_book *book, uint32_t pool, int64_t *value);

/**
 * @brief Number of groups (DIP groups or DRGs) in the book.
 * @param[in] book the book.
 * @returns the count (0 for NULL).
 * @since 0.1
 */
YB_API uint32_t yb_points_book_group_count(const yb_points_book *book);

/**
 * @brief The code of a group id.
 * @param[in] book the book.
 * @param[in] id a group id.
 * @returns the code owned by the book, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_points_book_group_code(const yb_points_book *book, uint32_t id);

/**
 * @brief Looks a group code up. Surrounding ASCII spaces are ignored; otherwise
 *        codes compare byte for byte (case-sensitive).
 * @param[in] book the book.
 * @param[in] code the code (need not be NUL-terminated).
 * @param[in] len its length in bytes.
 * @param[out] id receives the group id.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_book_group_lookup(const yb_points_book *book, const char *code, size_t len,
                                       uint32_t *id);

/**
 * @brief A group's entry in the book.
 * @since 0.1
 */
typedef struct yb_points_group_info {
    size_t size;          /**< Caller sets sizeof(yb_points_group_info). */
    int64_t score;        /**< Score used for points: DIP score, RW × scale (DRG points) or RW (DRG rate); 4 decimals. */
    int64_t weight;       /**< DRG relative weight as published (4 decimals); the score for DIP. */
    int32_t primary_care; /**< 1 for a primary-care group (基层病种: no hospital coefficient). */
    const char *name;     /**< Name ("" when none), owned by the book. */
} yb_points_group_info;

/**
 * @brief Describes a group.
 * @param[in] book the book.
 * @param[in] id a group id.
 * @param[in,out] info caller's struct with @c size set.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_book_group_info(const yb_points_book *book, uint32_t id, yb_points_group_info *info);

/**
 * @brief Number of hospitals listed in the book (0 for a book without a hospitals table).
 * @param[in] book the book.
 * @returns the count.
 * @since 0.1
 */
YB_API uint32_t yb_points_book_hospital_count(const yb_points_book *book);

/**
 * @brief The code of a hospital id.
 * @param[in] book the book.
 * @param[in] id a hospital id.
 * @returns the code owned by the book, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_points_book_hospital_code(const yb_points_book *book, uint32_t id);

/**
 * @brief Looks a hospital code up (surrounding ASCII spaces ignored).
 * @param[in] book the book.
 * @param[in] code the code.
 * @param[in] len its length in bytes.
 * @param[out] id receives the hospital id.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_book_hospital_lookup(const yb_points_book *book, const char *code, size_t len,
                                          uint32_t *id);

/**
 * @brief A hospital's coefficient and how it was made.
 * @since 0.1
 */
typedef struct yb_points_hospital_info {
    size_t size;              /**< Caller sets sizeof(yb_points_hospital_info). */
    const char *level;        /**< Level code, owned by the book. */
    const char *name;         /**< Name ("" when none), owned by the book. */
    int64_t base_coefficient; /**< Level base coefficient (6 decimals). */
    int64_t addon_cmi;        /**< CMI add-on after its cap (6 decimals). */
    int64_t addon_children;   /**< Children-share add-on after its cap. */
    int64_t addon_elderly;    /**< Elderly-share add-on after its cap. */
    int64_t addon_tcm;        /**< TCM-share add-on after its cap. */
    int64_t coefficient;      /**< Final hospital coefficient, rounded to the book's decimals (6-decimal scale). */
} yb_points_hospital_info;

/**
 * @brief Describes a hospital.
 * @param[in] book the book.
 * @param[in] id a hospital id.
 * @param[in,out] info caller's struct with @c size set.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_book_hospital_info(const yb_points_book *book, uint32_t id,
                                        yb_points_hospital_info *info);

/**
 * @brief Money of a number of points: round(points × point value) to fen with the book's rounding.
 * @param[in] book the book (its rounding mode).
 * @param[in] points points, 4 decimals.
 * @param[in] point_value yuan per point, 6 decimals.
 * @param[out] fen receives the amount.
 * @returns ::YB_OK, ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_book_payment(const yb_points_book *book, int64_t points, int64_t point_value,
                                  int64_t *fen);

/**
 * @brief Grouped cases, column by column (input of the case batch).
 *
 * Groups are given as strings (Arrow large-utf8: @c group_data and
 * @c group_offsets; an empty string = ungrouped) or as book ids
 * (@c group_ids; ::YB_POINTS_NO_ID = ungrouped). Hospitals likewise; a book
 * without a hospitals table accepts any hospital string (coefficient
 * @c hospital.default_coefficient) and needs strings.
 * @since 0.1
 */
typedef struct yb_points_case_columns {
    size_t size;                     /**< sizeof(yb_points_case_columns). */
    size_t n;                        /**< Number of cases. */
    const char *group_data;          /**< Group codes back to back, or NULL with @c group_ids. */
    const int64_t *group_offsets;    /**< n + 1 offsets into @c group_data. */
    const uint32_t *group_ids;       /**< Book group ids, or NULL with @c group_data. */
    const char *hospital_data;       /**< Hospital codes back to back, or NULL with @c hospital_ids. */
    const int64_t *hospital_offsets; /**< n + 1 offsets into @c hospital_data. */
    const uint32_t *hospital_ids;    /**< Book hospital ids, or NULL with @c hospital_data. */
    const int8_t *insurance;         /**< A ::yb_insurance; -1 missing; may be NULL for a one-pool book. */
    const int64_t *cost;             /**< Total medical cost in fen (≥ 0). Required. */
    const int64_t *self_pay;         /**< Patients' in-scope payment in fen (0 … cost); NULL = 0. */
    const char *subtype_data;        /**< Auxiliary-subtype codes ("" = none), or NULL = none. */
    const int64_t *subtype_offsets;  /**< n + 1 offsets into @c subtype_data. */
    const int8_t *month;             /**< Settlement month 1 … 12; -1 missing; may be NULL. */
    const int32_t *los_days;         /**< Length of stay (time index); -1 missing; may be NULL. */
    void *reserved[8];               /**< Must be NULL. */
} yb_points_case_columns;

/**
 * @brief Per-case results: caller-allocated arrays of n entries; a NULL array is not written.
 *
 * Rows whose status is not 0 get ids ::YB_POINTS_NO_ID, kind -1 and zeros.
 * @since 0.1
 */
typedef struct yb_points_case_results {
    size_t size;                   /**< sizeof(yb_points_case_results). */
    uint32_t *group_id;            /**< Book group id (::YB_POINTS_NO_ID when ungrouped). */
    uint32_t *hospital_id;         /**< Book hospital id (::YB_POINTS_NO_ID for a hospital not listed). */
    int8_t *pool;                  /**< Point-value pool. */
    int8_t *kind;                  /**< A ::yb_points_case_kind. */
    int64_t *score;                /**< Group score (4 decimals); 0 when ungrouped. */
    int64_t *hospital_coefficient; /**< Coefficient applied (6 decimals): the hospital's, or the primary-care one. */
    int64_t *subtype_coefficient;  /**< Auxiliary-subtype coefficient (6 decimals; 1 when none). */
    int64_t *standard_cost;        /**< Group standard cost the outlier rules compare with (fen; 0 = none). */
    int64_t *cost_ratio;           /**< cost ÷ standard (6 decimals; 0 when no standard). */
    int64_t *deviation;            /**< Deviation coefficient (6 decimals; 1 for normal cases). */
    int64_t *points;               /**< Case points (4 decimals); 0 for fee-for-service. */
    int64_t *point_value;          /**< Point value used (6 decimals). */
    int64_t *payment;              /**< round(points × point value), fen (fee-for-service: round(cost × ratio)). */
    int64_t *fund_due;             /**< payment − patients' in-scope payment, fen. */
    void *reserved[8];             /**< Must be NULL. */
} yb_points_case_results;

/**
 * @brief Computes the points and payment of a batch of grouped cases.
 *
 * Points = score × hospital coefficient × subtype coefficient × deviation,
 * rounded once to 4 decimals (doc/points.md gives every variant); payment =
 * points × the pool's point value, rounded once to fen.
 * @param[in] ctx the context.
 * @param[in] book the book.
 * @param[in] in the cases.
 * @param[in] point_values one value per pool (yuan per point, 6 decimals), or
 *            NULL for the book's published budget values.
 * @param[in] n_values number of entries of @p point_values (the pool count, or 0 with NULL).
 * @param[out] out per-case results (arrays may be NULL).
 * @param[out] row_status n statuses (0 or a ::yb_status); may be NULL.
 * @returns the number of rows whose status is not 0, or a negative ::yb_status
 *          when the whole batch failed (bad arguments, no point value, cancelled).
 * @since 0.1
 */
YB_API int yb_points_case_batch(yb_ctx *ctx, const yb_points_book *book, const yb_points_case_columns *in,
                                const int64_t *point_values, size_t n_values, yb_points_case_results *out,
                                int32_t *row_status);

/**
 * @brief One grouped case (input of yb_points_case_one()).
 * @since 0.1
 */
typedef struct yb_points_case {
    size_t size;          /**< sizeof(yb_points_case). */
    const char *group;    /**< Group code, "" or NULL = ungrouped. */
    const char *hospital; /**< Hospital code. */
    int8_t insurance;     /**< A ::yb_insurance, -1 missing. */
    int8_t month;         /**< 1 … 12, -1 missing. */
    int32_t los_days;     /**< Length of stay, -1 missing. */
    int64_t cost;         /**< Total cost, fen. */
    int64_t self_pay;     /**< Patients' in-scope payment, fen. */
    const char *subtype;  /**< Auxiliary subtype, "" or NULL = none. */
    void *reserved[4];    /**< Must be NULL. */
} yb_points_case;

/**
 * @brief Result of one case: the same fields as ::yb_points_case_results.
 * @since 0.1
 */
typedef struct yb_points_case_result {
    size_t size;                  /**< sizeof(yb_points_case_result). */
    uint32_t group_id;            /**< See ::yb_points_case_results. */
    uint32_t hospital_id;         /**< See ::yb_points_case_results. */
    int32_t pool;                 /**< See ::yb_points_case_results. */
    int32_t kind;                 /**< See ::yb_points_case_results. */
    int64_t score;                /**< See ::yb_points_case_results. */
    int64_t hospital_coefficient; /**< See ::yb_points_case_results. */
    int64_t subtype_coefficient;  /**< See ::yb_points_case_results. */
    int64_t standard_cost;        /**< See ::yb_points_case_results. */
    int64_t cost_ratio;           /**< See ::yb_points_case_results. */
    int64_t deviation;            /**< See ::yb_points_case_results. */
    int64_t points;               /**< See ::yb_points_case_results. */
    int64_t point_value;          /**< See ::yb_points_case_results. */
    int64_t payment;              /**< See ::yb_points_case_results. */
    int64_t fund_due;             /**< See ::yb_points_case_results. */
} yb_points_case_result;

/**
 * @brief Computes one case (a thin wrapper over yb_points_case_batch()).
 * @param[in] ctx the context (the row's message is recorded there).
 * @param[in] book the book.
 * @param[in] c the case.
 * @param[in] point_values one value per pool, or NULL for the book's.
 * @param[in] n_values entries of @p point_values.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK or the row's ::yb_status.
 * @since 0.1
 */
YB_API int yb_points_case_one(yb_ctx *ctx, const yb_points_book *book, const yb_points_case *c,
                              const int64_t *point_values, size_t n_values, yb_points_case_result *out);

/**
 * @brief Creates an empty year accumulator for a book (the book must outlive it).
 * @param[in] ctx the context (allocator).
 * @param[in] book the book.
 * @param[out] out receives the accumulator.
 * @returns ::YB_OK, ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_year_new(yb_ctx *ctx, const yb_points_book *book, yb_points_year **out);

/**
 * @brief Frees an accumulator. NULL is accepted.
 * @param[in] year the accumulator.
 * @since 0.1
 */
YB_API void yb_points_year_free(yb_points_year *year);

/**
 * @brief Computes a batch like yb_points_case_batch() and adds every good row
 *        to the year's totals (per hospital, pool and month, and per group for
 *        the evaluation indices).
 * @param[in] ctx the context.
 * @param[in,out] year the accumulator.
 * @param[in] in the cases.
 * @param[in] point_values one value per pool (the budget values of the year), or NULL for the book's.
 * @param[in] n_values entries of @p point_values.
 * @param[out] out per-case results, or NULL.
 * @param[out] row_status n statuses, or NULL.
 * @returns the number of bad rows, or a negative ::yb_status. A cancelled
 *          batch adds the rows done before the cancellation.
 * @since 0.1
 */
YB_API int yb_points_year_add_batch(yb_ctx *ctx, yb_points_year *year, const yb_points_case_columns *in,
                                    const int64_t *point_values, size_t n_values,
                                    yb_points_case_results *out, int32_t *row_status);

/**
 * @brief Number of hospitals of the year: the book's hospitals (same ids),
 *        then hospitals not listed in the book in order of first appearance.
 * @param[in] year the accumulator.
 * @returns the count.
 * @since 0.1
 */
YB_API uint32_t yb_points_year_hospital_count(const yb_points_year *year);

/**
 * @brief The code of a hospital of the year.
 * @param[in] year the accumulator.
 * @param[in] id a year hospital id.
 * @returns the code, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_points_year_hospital_code(const yb_points_year *year, uint32_t id);

/**
 * @brief Totals of a slice of the year.
 * @since 0.1
 */
typedef struct yb_points_totals {
    size_t size;           /**< Caller sets sizeof(yb_points_totals). */
    int64_t cases;         /**< Good cases. */
    int64_t grouped_cases; /**< Cases with a group. */
    int64_t low_cases;     /**< Low-cost cases. */
    int64_t high_cases;    /**< High-cost cases (extreme ones excluded). */
    int64_t review_cases;  /**< Extreme cases (special review). */
    int64_t ungrouped_cases; /**< Ungrouped cases paid by points. */
    int64_t ffs_cases;     /**< Ungrouped cases paid fee-for-service. */
    int64_t points;        /**< Σ case points (4 decimals). */
    int64_t score_sum;     /**< Σ group scores of grouped cases (4 decimals; CMI numerator). */
    int64_t cost;          /**< Σ total cost of points-paid cases, fen. */
    int64_t self_pay;      /**< Σ in-scope patient payment of points-paid cases, fen. */
    int64_t payment;       /**< Σ case payments at the values the cases were added with, fen. */
    int64_t review_points; /**< Σ points of extreme cases. */
    int64_t review_cost;   /**< Σ cost of extreme cases, fen. */
    int64_t ffs_cost;      /**< Σ cost of fee-for-service cases, fen. */
    int64_t ffs_self_pay;  /**< Σ in-scope patient payment of fee-for-service cases, fen. */
    int64_t ffs_payment;   /**< Σ fee-for-service payments, fen. */
    int64_t los_sum;       /**< Σ length of stay of cases that have one. */
    int64_t los_cases;     /**< Cases with a length of stay. */
} yb_points_totals;

/**
 * @brief Sums a slice of the year.
 * @param[in] ctx the context.
 * @param[in] year the accumulator.
 * @param[in] hospital a year hospital id, or ::YB_POINTS_NO_ID for all.
 * @param[in] pool a pool index, or -1 for all.
 * @param[in] month 1 … 12, 0 for cases without a month, or -1 for all.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_year_totals(yb_ctx *ctx, const yb_points_year *year, uint32_t hospital, int32_t pool,
                                 int32_t month, yb_points_totals *out);

/**
 * @brief Budget point value from history: Σ wᵧ·costᵧ ÷ Σ wᵧ·pointsᵧ, rounded
 *        once to the book's published decimals.
 * @param[in] ctx the context.
 * @param[in] book the book (decimals, rounding, @c budget.year_weights).
 * @param[in] cost total cost per year in fen, oldest first.
 * @param[in] points total points per year (4 decimals), oldest first.
 * @param[in] n_years number of years (1 … 10).
 * @param[in] weights n_years non-negative weights, or NULL for the book's
 *            @c budget.year_weights (which must have n_years entries; equal
 *            weights when the book has none).
 * @param[out] value receives yuan per point (6-decimal scale).
 * @returns ::YB_OK, ::YB_E_DIV_ZERO, ::YB_E_PARAM, ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_budget_value(yb_ctx *ctx, const yb_points_book *book, const int64_t *cost,
                                  const int64_t *points, size_t n_years, const int64_t *weights,
                                  int64_t *value);

/**
 * @brief Settlement point value of a pool: (fund ÷ reimbursement ratio) ÷ Σ
 *        points (@c settlement.method = ratio) or (fund + Σ in-scope patient
 *        payment) ÷ Σ points (add_self_pay), rounded once to the published decimals.
 * @param[in] ctx the context.
 * @param[in] book the book.
 * @param[in] pool the pool.
 * @param[in] fund fund available for the pool's points (fen).
 * @param[in] points Σ points of the pool (4 decimals).
 * @param[in] self_pay Σ in-scope patient payment of the pool (fen; add_self_pay only).
 * @param[out] value receives yuan per point (6-decimal scale).
 * @returns ::YB_OK, ::YB_E_DIV_ZERO, ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_settlement_value(yb_ctx *ctx, const yb_points_book *book, uint32_t pool, int64_t fund,
                                      int64_t points, int64_t self_pay, int64_t *value);

/**
 * @brief Per-hospital arrays of a monthly advance (year hospital count entries each; NULL not written).
 * @since 0.1
 */
typedef struct yb_points_advance_results {
    size_t size;       /**< sizeof(yb_points_advance_results). */
    int64_t *points;   /**< Points of the month (4 decimals). */
    int64_t *gross;    /**< Σ over pools of round(points × budget value), fen. */
    int64_t *self_pay; /**< In-scope patient payment, fen. */
    int64_t *fund_due; /**< gross − self_pay, fen. */
    int64_t *deposit;  /**< Quality deposit withheld: round(max(fund_due, 0) × deposit ratio), fen. */
    int64_t *advance;  /**< fund_due − deposit, fen. */
    void *reserved[4]; /**< Must be NULL. */
} yb_points_advance_results;

/**
 * @brief Monthly advance (月度预付) of every hospital with the quality deposit (质量保证金).
 * @param[in] ctx the context.
 * @param[in] year the accumulator.
 * @param[in] month 1 … 12.
 * @param[in] point_values budget value per pool, or NULL for the book's.
 * @param[in] n_values entries of @p point_values.
 * @param[out] out per-hospital arrays.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND (no budget value), ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_year_advance(yb_ctx *ctx, const yb_points_year *year, int32_t month,
                                  const int64_t *point_values, size_t n_values,
                                  yb_points_advance_results *out);

/**
 * @brief Inputs of the year-end clearing (年终清算).
 * @since 0.1
 */
typedef struct yb_points_clearing_input {
    size_t size;                       /**< sizeof(yb_points_clearing_input). */
    size_t n_pools;                    /**< Entries of the per-pool arrays (the book's pool count). */
    const int64_t *fund_budget;        /**< Fund budget per pool (fen): the DIP/DRG total. Required. */
    const int64_t *special_review_pool; /**< Special-review pool per pool (fen), or NULL = budget × pool share. */
    const int64_t *budget_values;      /**< Budget value per pool for computed advances, or NULL = the book's. */
    size_t n_hospitals;                /**< Entries of the per-hospital arrays (yb_points_year_hospital_count()). */
    const int64_t *advance_paid;       /**< Advances paid per hospital (fen), or NULL = computed for months 1 … 12. */
    const int64_t *deposit_withheld;   /**< Deposits withheld per hospital (fen); required with @c advance_paid. */
    const int64_t *assessment;         /**< Share of the deposit returned per hospital (0 … 1), or NULL = all. */
    const int64_t *review_claim;       /**< Approved special-review claim per hospital and pool (fen; entry
                                            h × n_pools + p), or NULL = extreme cases' cost not covered by their payment. */
    void *reserved[8];                 /**< Must be NULL. */
} yb_points_clearing_input;

/**
 * @brief Results of the clearing: caller-allocated arrays; NULL arrays are not written.
 *
 * Per-pool arrays have @c n_pools entries, per-hospital arrays
 * @c n_hospitals, and per hospital-and-pool arrays n_hospitals × n_pools
 * (entry h × n_pools + p). For every pool, exactly in fen:
 * fund_budget = Σ fund_due + review_paid + review_unused + unallocated.
 * @since 0.1
 */
typedef struct yb_points_clearing_results {
    size_t size;                     /**< sizeof(yb_points_clearing_results). */
    int64_t *pool_point_value;       /**< Settlement point value (6-decimal scale, published decimals). */
    int64_t *pool_points;            /**< Σ points. */
    int64_t *pool_points_fund;       /**< Fund for points: budget − special-review pool. */
    int64_t *pool_review_pool;       /**< Special-review pool. */
    int64_t *pool_review_paid;       /**< Σ special-review payments. */
    int64_t *pool_review_unused;     /**< Pool left unpaid. */
    int64_t *pool_unallocated;       /**< Points fund not given to hospitals (conservation off, or no points). */
    int64_t *hp_points;              /**< Points per hospital and pool. */
    int64_t *hp_gross;               /**< round(points × settlement value) per hospital and pool, fen. */
    int64_t *hp_self_pay;            /**< In-scope patient payment per hospital and pool, fen. */
    int64_t *hp_fund_due;            /**< Fund due per hospital and pool after the remainder rule, fen. */
    int64_t *points;                 /**< Σ points of the hospital. */
    int64_t *cost;                   /**< Σ cost of its points-paid cases, fen. */
    int64_t *gross;                  /**< Σ hp_gross + conservation adjustment: its entitlement, fen. */
    int64_t *self_pay;               /**< Σ in-scope patient payment, fen. */
    int64_t *fund_due;               /**< Σ hp_fund_due, fen. */
    int64_t *conservation_adjustment; /**< fund_due − (gross − self_pay) before the remainder rule, fen. */
    int64_t *corridor;               /**< Corridor adjustment, fen (negative: the fund keeps part of a surplus). */
    int64_t *review_paid;            /**< Special-review payment, fen. */
    int64_t *ffs_fund_due;           /**< Fund due for its fee-for-service cases, fen. */
    int64_t *advance_paid;           /**< Advances paid during the year, fen. */
    int64_t *deposit_withheld;       /**< Quality deposits withheld, fen. */
    int64_t *deposit_forfeit;        /**< Deposit not returned: round(withheld × (1 − assessment)), fen. */
    int64_t *total_paid;             /**< fund_due + corridor + review_paid + ffs_fund_due − deposit_forfeit, fen. */
    int64_t *balance;                /**< total_paid − advance_paid: paid at clearing (negative = recovered), fen. */
    void *reserved[8];               /**< Must be NULL. */
} yb_points_clearing_results;

/**
 * @brief Year-end clearing of every hospital: settlement point value per
 *        pool, fund due with the remainder rule, corridors, special review,
 *        quality deposit and the balance against the advances.
 * @param[in] ctx the context.
 * @param[in] year the accumulator.
 * @param[in] in the clearing inputs.
 * @param[out] out the results.
 * @returns ::YB_OK, ::YB_E_DIV_ZERO (a pool without points), ::YB_E_NOT_FOUND
 *          (no budget value for computed advances), ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_year_clear(yb_ctx *ctx, const yb_points_year *year, const yb_points_clearing_input *in,
                                yb_points_clearing_results *out);

/**
 * @brief Evaluation indices: arrays of n entries (hospitals, or 1 for the region); NULL not written.
 * @since 0.1
 */
typedef struct yb_points_index_results {
    size_t size;             /**< sizeof(yb_points_index_results). */
    int64_t *cases;          /**< Good cases. */
    int64_t *cmi;            /**< Case-mix index: mean group score ÷ score scale (4 decimals). */
    int64_t *cost_index;     /**< Cost-consumption index (费用消耗指数, 4 decimals; region = 1). */
    int64_t *time_index;     /**< Time-consumption index (时间消耗指数, 4 decimals; 0 without LOS). */
    int64_t *group_coverage; /**< Grouped cases ÷ cases (6 decimals). */
    int64_t *fund_coverage;  /**< Fund due paid by points ÷ all fund due (6 decimals). */
    void *reserved[4];       /**< Must be NULL. */
} yb_points_index_results;

/**
 * @brief Evaluation indices per hospital and for the region.
 * @param[in] ctx the context.
 * @param[in] year the accumulator.
 * @param[out] hospitals arrays of yb_points_year_hospital_count() entries, or NULL.
 * @param[out] region arrays of 1 entry, or NULL.
 * @returns ::YB_OK, ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_year_indices(yb_ctx *ctx, const yb_points_year *year, yb_points_index_results *hospitals,
                                  yb_points_index_results *region);

/** @brief Methods of fixing the DIP total (DIP 3.0 draft, ch. 4 §2.2). @since 0.1 */
typedef enum yb_dip_total_method {
    YB_DIP_TOTAL_BY_ITEMS = 1,      /**< 按支出项目分配: inpatient budget − adjustment fund − out-of-area − other. */
    YB_DIP_TOTAL_BY_PROPORTION = 2, /**< 按比例分配: last year's DIP share × this year's inpatient budget. */
    YB_DIP_TOTAL_BY_GROWTH = 3      /**< 按增长率测算: last year's DIP total × (1 + growth), growth capped. */
} yb_dip_total_method;

/**
 * @brief Inputs of the DIP total (all money in fen, ratios 6 decimals).
 * @since 0.1
 */
typedef struct yb_dip_total_input {
    size_t size;                   /**< sizeof(yb_dip_total_input). */
    int32_t method;                /**< A ::yb_dip_total_method. */
    int32_t growth_capped;         /**< 1 when @c growth_cap applies (growth method). */
    int64_t inpatient_budget;      /**< This year's inpatient fund budget (items, proportion). */
    int64_t regional_adjustment;   /**< Regional adjustment fund (区域调节金) (items). */
    int64_t out_of_area;           /**< Out-of-area care (异地就医) (items). */
    int64_t other_excluded;        /**< Other spending not settled by DIP (items). */
    int64_t last_dip_total;        /**< Last year's DIP fund paid (proportion, growth). */
    int64_t last_inpatient_total;  /**< Last year's inpatient fund paid (proportion). */
    int64_t growth_rate;           /**< Growth rate (growth; may be negative). */
    int64_t growth_cap;            /**< Region's cost-growth target: the largest growth allowed. */
    int64_t income_budget;         /**< Budgeted fund income; with @c income_actual re-bases the total (0 = no re-basing). */
    int64_t income_actual;         /**< Actual fund income of the year (基金收入决算数). */
    void *reserved[4];             /**< Must be NULL. */
} yb_dip_total_input;

/**
 * @brief The DIP total and its steps.
 * @since 0.1
 */
typedef struct yb_dip_total_result {
    size_t size;           /**< Caller sets sizeof(yb_dip_total_result). */
    int64_t before_rebase; /**< The total by the method, fen. */
    int64_t share;         /**< Proportion method: last DIP ÷ last inpatient (6 decimals, reported). */
    int64_t growth_applied; /**< Growth method: the growth used after the cap. */
    int64_t total;         /**< After re-basing on actual income, fen. */
} yb_dip_total_result;

/**
 * @brief The DIP total by one of the three methods of the DIP 3.0 draft, re-based on actual income.
 * @param[in] ctx the context.
 * @param[in] in the inputs.
 * @param[in] rounding a ::yb_round for the single rounding to fen.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK, ::YB_E_PARAM (negative result, bad method), ::YB_E_DIV_ZERO,
 *          ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_dip_total(yb_ctx *ctx, const yb_dip_total_input *in, int rounding,
                               yb_dip_total_result *out);

/**
 * @brief Inputs of the elastic point value (弹性点值, DIP 3.0 draft ch. 4 §3.1).
 * @since 0.1
 */
typedef struct yb_elastic_input {
    size_t size;                 /**< sizeof(yb_elastic_input). */
    int32_t decimals;            /**< Published decimals of the point values (0 … 6). */
    int32_t capped;              /**< 1 when @c floating_cap applies. */
    int64_t total;               /**< Regional total (fen). */
    int64_t base_points;         /**< Points of the base part (基准服务点数), 4 decimals. */
    int64_t increment_points;    /**< Points of the increment part (增量服务点数), 4 decimals. */
    int64_t fixed_point_value;   /**< Preset fixed value (6 decimals), or 0 to derive it from @c base_share. */
    int64_t base_share;          /**< Share of the total for the base part (e.g. 0.8), used when no fixed value. */
    int64_t actual_paid;         /**< Paid at actual cost out of the increment total (按实支付), fen. */
    int64_t floating_cap;        /**< Cap of the floating value (6 decimals). */
    void *reserved[4];           /**< Must be NULL. */
} yb_elastic_input;

/**
 * @brief Result of the elastic point value.
 * @since 0.1
 */
typedef struct yb_elastic_result {
    size_t size;                   /**< Caller sets sizeof(yb_elastic_result). */
    int64_t fixed_point_value;     /**< Fixed value of the base part (6-decimal scale). */
    int64_t base_total;            /**< round(base points × fixed value), fen. */
    int64_t increment_total;       /**< total − base_total − actual_paid, fen. */
    int64_t floating_uncapped;     /**< increment_total ÷ increment points (6-decimal scale). */
    int64_t floating_point_value;  /**< After the cap. */
    int64_t increment_paid;        /**< round(increment points × floating value), fen. */
    int64_t increment_unused;      /**< increment_total − increment_paid, fen (kept when capped). */
} yb_elastic_result;

/**
 * @brief Elastic point value: base part at a fixed value, increment part at a capped floating value.
 * @param[in] ctx the context.
 * @param[in] in the inputs.
 * @param[in] rounding a ::yb_round.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK, ::YB_E_PARAM (base part above the total), ::YB_E_DIV_ZERO,
 *          ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_points_elastic_value(yb_ctx *ctx, const yb_elastic_input *in, int rounding,
                                   yb_elastic_result *out);

YB_END_DECLS

#endif /* YIBAO_POINTS_H */
