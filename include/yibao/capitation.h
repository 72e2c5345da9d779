/**
 * @file capitation.h
 * @brief Capitation budgets and clearing: the one-pot budget of a tight
 *        county medical alliance (紧密型县域医共体), and openIMIS-style
 *        capitation payments to health facilities.
 *
 * Three objects:
 * - a **plan** (::yb_cap_plan, immutable, loaded from a @c capitation-plan
 *   pack, shareable between threads): enrolled population, per-capita base and
 *   growth, risk adjustment, carve-outs, risk reserve, classified pots,
 *   assessment, surplus retention, overspend bands and tier split — or, in
 *   openIMIS mode, facilities, catchment and criterion weights;
 * - a **ledger** (::yb_cap_ledger, mutable, one thread at a time): the year's
 *   entries — spending of enrollees inside and outside the alliance, monthly
 *   advances, allocated contributions, visits — each with an id so that it can
 *   be reversed exactly;
 * - a **clearing** (::yb_cap_clearing, immutable result): budget against
 *   actual, surplus retained or overspend shared band by band, split by tier,
 *   every step recorded as a structured ::yb_cap_step with its text.
 *
 * Money is int64 fen; ratios have 6 decimals (::YB_RATIO_ONE); assessment
 * scores have 4 decimals (::YB_SCORE_ONE, a full score is 100.0000); openIMIS
 * quantities (catchment-weighted counts) have 6 decimals; unit prices are yuan
 * per unit with 6 decimals. Formulas and every rounding step are in
 * doc/capitation.md and doc/rounding.md; the pack format in
 * doc/packs-capitation.md.
 */
#ifndef YIBAO_CAPITATION_H
#define YIBAO_CAPITATION_H

#include <stddef.h>
#include <stdint.h>
#include <yibao/export.h>
#include <yibao/ctx.h>

YB_BEGIN_DECLS

/** Id meaning "none" in id fields of results. @since 0.1 */
#define YB_CAP_NO_ID UINT32_MAX
/** Months in a plan year. @since 0.1 */
#define YB_CAP_MONTHS 12
/** Number of openIMIS capitation criteria (see ::yb_cap_criterion). @since 0.1 */
#define YB_CAP_CRITERIA 6
/** Longest entry id, pot, facility or other code, in bytes. @since 0.1 */
#define YB_CAP_CODE_MAX 63
/** Decimals of openIMIS quantities (catchment-weighted counts). @since 0.1 */
#define YB_CAP_QTY_DECIMALS 6

/** @brief Immutable capitation plan loaded from a pack. @since 0.1 */
typedef struct yb_cap_plan yb_cap_plan;
/** @brief Mutable in-year ledger of one plan. @since 0.1 */
typedef struct yb_cap_ledger yb_cap_ledger;
/** @brief Result of a clearing, with its explained steps. @since 0.1 */
typedef struct yb_cap_clearing yb_cap_clearing;

/** @brief How a plan pays. @since 0.1 */
typedef enum yb_cap_mode {
    YB_CAP_MODE_ALLIANCE = 1, /**< One pot for a county alliance, cleared against spending (医共体总额付费). */
    YB_CAP_MODE_OPENIMIS = 2  /**< openIMIS capitation: weighted criterion pots paid to facilities. */
} yb_cap_mode;

/** @brief Kinds of ledger entries. @since 0.1 */
typedef enum yb_cap_entry_kind {
    YB_CAP_SPEND_ALLIANCE = 1,        /**< Fund spending on enrollees inside the alliance (alliance mode). */
    YB_CAP_SPEND_OTHER_COUNTY = 2,    /**< Spending on enrollees treated in another county of the province (异地). */
    YB_CAP_SPEND_OUT_OF_PROVINCE = 3, /**< Spending on enrollees treated out of the province (跨省异地). */
    YB_CAP_ADVANCE = 4,               /**< A monthly advance paid to the alliance (月度预付). */
    YB_CAP_REVERSAL = 5,              /**< Reverses the entry named in @c reverses, exactly. */
    YB_CAP_CONTRIBUTION = 6,          /**< openIMIS: contributions allocated to the month. */
    YB_CAP_VISITS = 7,                /**< openIMIS: visits (claims) of a facility, in @c quantity. */
    YB_CAP_ADJUSTED = 8               /**< openIMIS: adjusted (valuated) claim amount of a facility. */
} yb_cap_entry_kind;

/** @brief openIMIS capitation criteria, in the order of result arrays. @since 0.1 */
typedef enum yb_cap_criterion {
    YB_CAP_POPULATION = 0,       /**< Population of the catchment locations × catchment share. */
    YB_CAP_FAMILIES = 1,         /**< Families of the catchment × catchment share. */
    YB_CAP_INSURED_PERSONS = 2,  /**< Insured persons of the catchment × catchment share. */
    YB_CAP_INSURED_FAMILIES = 3, /**< Insured families of the catchment × catchment share. */
    YB_CAP_VISITS_COUNT = 4,     /**< Visits (claims) of the facility in the month. */
    YB_CAP_ADJUSTED_AMOUNT = 5   /**< Adjusted claim amount of the facility in the month (yuan). */
} yb_cap_criterion;

/** @brief What a clearing step did. @since 0.1 */
typedef enum yb_cap_step_kind {
    YB_CAP_STEP_PER_CAPITA = 1,       /**< Per-capita amount = base × (1 + growth). */
    YB_CAP_STEP_RISK = 2,             /**< Risk weight (in @c amount, 6 decimals) and normalised score (in @c ratio). */
    YB_CAP_STEP_GROSS = 3,            /**< Gross budget = per-capita × (risk-weighted) enrollees. */
    YB_CAP_STEP_CARVE_OUT = 4,        /**< One carve-out taken off the gross budget. */
    YB_CAP_STEP_RESERVE = 5,          /**< Risk reserve withheld by the fund. */
    YB_CAP_STEP_POT = 6,              /**< The pot (one pot, or one classified pot). */
    YB_CAP_STEP_PERIOD = 7,           /**< Budget of the months cleared (interim clearing). */
    YB_CAP_STEP_SPENT = 8,            /**< Spending of one kind in the period. */
    YB_CAP_STEP_ADVANCES = 9,         /**< Advances already paid. */
    YB_CAP_STEP_SCORE = 10,           /**< Assessment score and retention factor. */
    YB_CAP_STEP_SURPLUS = 11,         /**< Surplus = budget − spending. */
    YB_CAP_STEP_SURPLUS_BAND = 12,    /**< Retained part of one surplus band. */
    YB_CAP_STEP_RETURNED = 13,        /**< Surplus not retained, returned to the fund. */
    YB_CAP_STEP_OVERSPEND = 14,       /**< Overspend = spending − budget. */
    YB_CAP_STEP_OVERSPEND_BAND = 15,  /**< The fund's share of one overspend band. */
    YB_CAP_STEP_MIN_SCORE = 16,       /**< Score below the minimum: the fund shares no overspend. */
    YB_CAP_STEP_RESERVE_USED = 17,    /**< The fund's overspend share drawn from the reserve. */
    YB_CAP_STEP_TIER_RETAINED = 18,   /**< One tier's part of the retained surplus. */
    YB_CAP_STEP_TIER_LOSS = 19,       /**< One tier's part of the overspend borne by the alliance. */
    YB_CAP_STEP_PAYMENT = 20,         /**< What the fund owes the alliance for the period. */
    YB_CAP_STEP_BALANCE = 21,         /**< Payment minus advances: the settlement still due. */
    YB_CAP_STEP_ALLOCATED = 22,       /**< openIMIS: contributions allocated to the month. */
    YB_CAP_STEP_CRITERION_POT = 23,   /**< openIMIS: the pot of one criterion in a month. */
    YB_CAP_STEP_UNIT_PRICE = 24,      /**< openIMIS: unit price = criterion pot ÷ total quantity. */
    YB_CAP_STEP_FACILITY = 25,        /**< openIMIS: one facility's payment for one criterion. */
    YB_CAP_STEP_UNDISTRIBUTED = 26    /**< openIMIS: pot money no facility qualified for. */
} yb_cap_step_kind;

/**
 * @brief The budget a plan implies before any spending (alliance mode).
 * @since 0.1
 */
typedef struct yb_cap_budget {
    size_t size;                       /**< Caller sets sizeof(yb_cap_budget). */
    int32_t year;                      /**< Plan year. */
    int64_t enrollees;                 /**< Enrolled persons (sum of the bands). */
    int64_t per_capita_base;           /**< Last year's per-capita fund spending, fen. */
    int64_t growth;                    /**< Growth ratio (6 decimals). */
    int64_t per_capita;                /**< Per-capita amount of the year, fen. */
    int64_t risk_weight;               /**< Σ enrollees × coefficients (6 decimals); enrollees × 1 without risk adjustment. */
    int64_t risk_score;                /**< Average raw risk score (6 decimals, rounded, for display). */
    int64_t normalised_score;          /**< Average score ÷ normalisation factor (6 decimals, for display). */
    int64_t gross;                     /**< Gross budget, fen. */
    int64_t carve_outs;                /**< Sum of carve-outs, fen. */
    int64_t reserve;                   /**< Risk reserve withheld, fen. */
    int64_t pot;                       /**< Pot = gross − carve-outs − reserve, fen. */
    int64_t advance_total;             /**< Advances planned for the year = pot × advance ratio, fen. */
    int64_t advance[YB_CAP_MONTHS];    /**< Planned advance of each month (index 0 = January), fen. */
} yb_cap_budget;

/**
 * @brief A batch of ledger entries, column by column.
 *
 * Strings use the Arrow "large utf8" layout: row i of @c X is bytes
 * <tt>X_data[X_offsets[i]] … X_data[X_offsets[i+1]-1]</tt>; an empty string
 * means "none". A column whose @c _data is NULL is empty in every row.
 * @since 0.1
 */
typedef struct yb_cap_entry_columns {
    size_t size;                     /**< sizeof(yb_cap_entry_columns). */
    size_t n;                        /**< Number of entries. */
    const char *entry_id_data;       /**< Unique entry ids (required, at most ::YB_CAP_CODE_MAX bytes). */
    const int64_t *entry_id_offsets; /**< n + 1 offsets into entry_id_data. */
    const int32_t *kind;             /**< A ::yb_cap_entry_kind per row. Required. */
    const int32_t *month;            /**< Month 1 … 12 of the plan year (ignored for reversals). */
    const char *pot_data;            /**< Pot code; empty when the plan has one pot. May be NULL. */
    const int64_t *pot_offsets;      /**< n + 1 offsets into pot_data. */
    const char *facility_data;       /**< Facility code (openIMIS visits and adjusted amounts). May be NULL. */
    const int64_t *facility_offsets; /**< n + 1 offsets into facility_data. */
    const int64_t *amount;           /**< Amount in fen, ≥ 0 (spending, advances, contributions, adjusted). May be NULL. */
    const int64_t *quantity;         /**< Whole count ≥ 0 (visits). May be NULL. */
    const char *reverses_data;       /**< For reversals: the id of the entry reversed. May be NULL. */
    const int64_t *reverses_offsets; /**< n + 1 offsets into reverses_data. */
    void *reserved[4];               /**< Must be NULL. */
} yb_cap_entry_columns;

/**
 * @brief Running totals of a ledger (entries net of reversals).
 * @since 0.1
 */
typedef struct yb_cap_ledger_totals {
    size_t size;                   /**< Caller sets sizeof(yb_cap_ledger_totals). */
    uint64_t entries;              /**< Entries accepted, reversals included. */
    uint64_t reversed;             /**< Entries that have been reversed. */
    int64_t spent_alliance;        /**< Spending inside the alliance, fen. */
    int64_t spent_other_county;    /**< Spending in other counties of the province, fen. */
    int64_t spent_out_of_province; /**< Spending out of the province, fen. */
    int64_t advances;              /**< Advances paid, fen. */
    int64_t contributions;         /**< openIMIS allocated contributions, fen. */
    int64_t visits;                /**< openIMIS visits. */
    int64_t adjusted;              /**< openIMIS adjusted amounts, fen. */
} yb_cap_ledger_totals;

/**
 * @brief What a clearing needs besides the plan and the ledger.
 * @since 0.1
 */
typedef struct yb_cap_clearing_input {
    size_t size;                /**< Caller sets sizeof(yb_cap_clearing_input). */
    int32_t through_month;      /**< Clear months 1 … this (1 … 12); 0 means 12, the year-end clearing. */
    const int64_t *item_scores; /**< Achieved score of each assessment item of the plan (4 decimals), in plan order; NULL if none. */
    size_t n_item_scores;       /**< Entries in item_scores; must equal yb_cap_plan_item_count() when given. */
    int64_t total_score;        /**< Total score (4 decimals) when the plan has no items; -1 = not given. */
} yb_cap_clearing_input;

/**
 * @brief Totals of a clearing.
 *
 * Alliance mode, in fen, for the months cleared. The identities, exact to the
 * fen: <tt>budget + fund_share + alliance_share = spent_total + retained +
 * returned</tt>; <tt>alliance_payment = spent_alliance + retained −
 * alliance_share</tt>; <tt>fund_outlay = spent_other_county +
 * spent_out_of_province + alliance_payment = budget − returned + fund_share</tt>.
 * openIMIS mode: <tt>pot = distributed + undistributed</tt>.
 * @since 0.1
 */
typedef struct yb_cap_summary {
    size_t size;                   /**< Caller sets sizeof(yb_cap_summary). */
    int32_t mode;                  /**< A ::yb_cap_mode. */
    int32_t through_month;         /**< Last month cleared. */
    int64_t score;                 /**< Assessment score (4 decimals); 100.0000 when the plan has no assessment. */
    int64_t retention_factor;      /**< Retention factor of the score (6 decimals). */
    int64_t budget;                /**< Pot of the months cleared. */
    int64_t reserve;               /**< Risk reserve of the months cleared. */
    int64_t spent_alliance;        /**< Spending inside the alliance. */
    int64_t spent_other_county;    /**< Spending in other counties. */
    int64_t spent_out_of_province; /**< Spending out of province. */
    int64_t spent_total;           /**< All spending paid from the pot. */
    int64_t surplus;               /**< Budget − spending where positive (summed over pots when cleared by pot). */
    int64_t retained;              /**< Surplus the alliance keeps (结余留用). */
    int64_t returned;              /**< Surplus returned to the fund. */
    int64_t overspend;             /**< Spending − budget where positive. */
    int64_t fund_share;            /**< Overspend the fund bears (合理超支分担). */
    int64_t alliance_share;        /**< Overspend the alliance bears. */
    int64_t reserve_used;          /**< Part of fund_share drawn from the reserve. */
    int64_t reserve_left;          /**< Reserve not used. */
    int64_t advances;              /**< Advances paid in the months cleared. */
    int64_t alliance_payment;      /**< What the fund owes the alliance for its own care. */
    int64_t balance_due;           /**< alliance_payment − advances (negative: the alliance repays). */
    int64_t fund_outlay;           /**< Everything the fund pays out of the budget and reserve. */
    int64_t allocated;             /**< openIMIS: contributions allocated to the months. */
    int64_t pot;                   /**< openIMIS: capitation pots of the months. */
    int64_t distributed;           /**< openIMIS: paid to facilities. */
    int64_t undistributed;         /**< openIMIS: not paid (criteria with no quantity, unweighted share). */
} yb_cap_summary;

/**
 * @brief One explained step of a clearing.
 * @since 0.1
 */
typedef struct yb_cap_step {
    size_t size;       /**< Caller sets sizeof(yb_cap_step). */
    int32_t kind;      /**< A ::yb_cap_step_kind. */
    int32_t month;     /**< Month 1 … 12, or 0 for the whole period. */
    uint32_t pot;      /**< Pot id, or ::YB_CAP_NO_ID. */
    uint32_t band;     /**< Band index (0-based), or ::YB_CAP_NO_ID. */
    uint32_t tier;     /**< Tier id, or ::YB_CAP_NO_ID. */
    uint32_t facility; /**< Facility id, or ::YB_CAP_NO_ID. */
    int32_t criterion; /**< A ::yb_cap_criterion, or -1. */
    int32_t reserved0; /**< Zero. */
    int64_t base;      /**< What the step starts from (fen, or a quantity for openIMIS). */
    int64_t ratio;     /**< The ratio applied (6 decimals), or 0. */
    int64_t amount;    /**< The step's result in fen; a unit price has 6 decimals of yuan, a risk weight 6 decimals. */
    const char *text;  /**< The step in words; owned by the clearing. */
} yb_cap_step;

/**
 * @brief Budget and result of one pot (alliance mode).
 * @since 0.1
 */
typedef struct yb_cap_pot_result {
    size_t size;           /**< Caller sets sizeof(yb_cap_pot_result). */
    int64_t budget;        /**< Budget of the pot for the months cleared. */
    int64_t spent;         /**< Spending charged to the pot (inside and outside). */
    int64_t surplus;       /**< Budget − spent where positive. */
    int64_t overspend;     /**< Spent − budget where positive. */
    int64_t retained;      /**< Retained (cleared by pot only; else 0). */
    int64_t fund_share;    /**< Fund's overspend share (cleared by pot only; else 0). */
} yb_cap_pot_result;

/**
 * @brief One tier's part of the result (alliance mode).
 * @since 0.1
 */
typedef struct yb_cap_tier_result {
    size_t size;       /**< Caller sets sizeof(yb_cap_tier_result). */
    int64_t retained;  /**< Its part of the retained surplus. */
    int64_t loss;      /**< Its part of the overspend borne by the alliance. */
} yb_cap_tier_result;

/**
 * @brief One facility's openIMIS capitation payment for one month.
 * @since 0.1
 */
typedef struct yb_cap_facility_payment {
    size_t size;                             /**< Caller sets sizeof(yb_cap_facility_payment). */
    int32_t month;                           /**< Month 1 … 12. */
    uint32_t facility;                       /**< Facility id. */
    int64_t quantity[YB_CAP_CRITERIA];       /**< Its quantity per criterion (6 decimals). */
    int64_t payment[YB_CAP_CRITERIA];        /**< Its payment per criterion, fen. */
    int64_t total;                           /**< Sum of payment[], fen. */
} yb_cap_facility_payment;

/**
 * @brief One month of an openIMIS clearing.
 * @since 0.1
 */
typedef struct yb_cap_month_result {
    size_t size;                             /**< Caller sets sizeof(yb_cap_month_result). */
    int64_t allocated;                       /**< Contributions allocated to the month, fen. */
    int64_t pot;                             /**< allocated × share of contributions, fen. */
    int64_t criterion_pot[YB_CAP_CRITERIA];  /**< pot × weight of each criterion, fen. */
    int64_t total_quantity[YB_CAP_CRITERIA]; /**< Σ facility quantities (6 decimals). */
    int64_t unit_price[YB_CAP_CRITERIA];     /**< Yuan per unit (6 decimals); 0 when no quantity. */
    int64_t distributed;                     /**< Paid to facilities, fen. */
    int64_t undistributed;                   /**< pot − distributed, fen. */
} yb_cap_month_result;

/**
 * @brief Loads a capitation plan from a @c capitation-plan pack.
 * @param[in] ctx the context (allocator, error detail).
 * @param[in] pack_path the pack directory or its pack.json.
 * @param[out] out receives the plan.
 * @returns ::YB_OK, ::YB_E_IO, ::YB_E_PACK, ::YB_E_CHECKSUM, ::YB_E_FORMAT,
 *          ::YB_E_PARAM, ::YB_E_DUPLICATE, ::YB_E_NOT_FOUND, ::YB_E_OVERFLOW,
 *          ::YB_E_NOMEM or ::YB_E_INVALID_ARG; the context names the file,
 *          line, field and value at fault.
 * @since 0.1
 */
YB_API int yb_cap_plan_load(yb_ctx *ctx, const char *pack_path, yb_cap_plan **out);

/**
 * @brief Frees a plan. NULL is accepted.
 * @param[in] plan the plan.
 * @since 0.1
 */
YB_API void yb_cap_plan_free(yb_cap_plan *plan);

/**
 * @brief Fingerprint of the pack the plan was loaded from.
 * @param[in] plan the plan.
 * @returns 64 lower-case hex digits owned by the plan, or "" for NULL.
 * @since 0.1
 */
YB_API const char *yb_cap_plan_fingerprint(const yb_cap_plan *plan);

/**
 * @brief The plan's mode.
 * @param[in] plan the plan.
 * @returns a ::yb_cap_mode, or 0 for NULL.
 * @since 0.1
 */
YB_API int yb_cap_plan_mode(const yb_cap_plan *plan);

/**
 * @brief The budget the plan implies (alliance mode).
 * @param[in] ctx the context for error detail.
 * @param[in] plan the plan.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK, ::YB_E_STATE (openIMIS plan) or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_cap_plan_budget(yb_ctx *ctx, const yb_cap_plan *plan, yb_cap_budget *out);

/**
 * @brief Number of pots (alliance mode; 1 when the plan does not classify).
 * @param[in] plan the plan.
 * @returns the count, 0 for NULL or an openIMIS plan.
 * @since 0.1
 */
YB_API uint32_t yb_cap_plan_pot_count(const yb_cap_plan *plan);

/**
 * @brief Code of a pot.
 * @param[in] plan the plan.
 * @param[in] id a pot id below yb_cap_plan_pot_count().
 * @returns the code owned by the plan, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_cap_plan_pot_code(const yb_cap_plan *plan, uint32_t id);

/**
 * @brief Number of tiers of the alliance.
 * @param[in] plan the plan.
 * @returns the count, 0 for NULL or an openIMIS plan.
 * @since 0.1
 */
YB_API uint32_t yb_cap_plan_tier_count(const yb_cap_plan *plan);

/**
 * @brief Code of a tier.
 * @param[in] plan the plan.
 * @param[in] id a tier id.
 * @returns the code owned by the plan, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_cap_plan_tier_code(const yb_cap_plan *plan, uint32_t id);

/**
 * @brief Number of assessment items.
 * @param[in] plan the plan.
 * @returns the count (0 when the plan has none).
 * @since 0.1
 */
YB_API uint32_t yb_cap_plan_item_count(const yb_cap_plan *plan);

/**
 * @brief Code of an assessment item.
 * @param[in] plan the plan.
 * @param[in] id an item id.
 * @returns the code owned by the plan, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_cap_plan_item_code(const yb_cap_plan *plan, uint32_t id);

/**
 * @brief Number of facilities (openIMIS mode).
 * @param[in] plan the plan.
 * @returns the count, 0 for NULL or an alliance plan.
 * @since 0.1
 */
YB_API uint32_t yb_cap_plan_facility_count(const yb_cap_plan *plan);

/**
 * @brief Code of a facility.
 * @param[in] plan the plan.
 * @param[in] id a facility id.
 * @returns the code owned by the plan, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_cap_plan_facility_code(const yb_cap_plan *plan, uint32_t id);

/**
 * @brief Parses an entry kind name ("spend_alliance", "spend_other_county",
 *        "spend_out_of_province", "advance", "reversal", "contribution",
 *        "visits", "adjusted").
 * @param[in] text the name (need not be NUL-terminated).
 * @param[in] len its length in bytes.
 * @param[out] kind receives the ::yb_cap_entry_kind.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_cap_entry_kind_parse(const char *text, size_t len, int32_t *kind);

/**
 * @brief Name of a step kind, such as "overspend_band".
 * @param[in] kind a ::yb_cap_step_kind.
 * @returns a static string, "unknown" for other values.
 * @since 0.1
 */
YB_API const char *yb_cap_step_kind_name(int kind);

/**
 * @brief Creates an empty ledger for a plan. The plan must outlive it.
 * @param[in] ctx the context (its allocator is remembered).
 * @param[in] plan the plan.
 * @param[out] out receives the ledger.
 * @returns ::YB_OK, ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_cap_ledger_new(yb_ctx *ctx, const yb_cap_plan *plan, yb_cap_ledger **out);

/**
 * @brief Frees a ledger. NULL is accepted.
 * @param[in] ledger the ledger.
 * @since 0.1
 */
YB_API void yb_cap_ledger_free(yb_cap_ledger *ledger);

/**
 * @brief Adds a batch of entries, in row order.
 *
 * Each row is checked on its own: a bad row gets a negative status
 * (::YB_E_ROW_ENTRY, ::YB_E_ROW_KIND, ::YB_E_ROW_PERIOD, ::YB_E_ROW_POT,
 * ::YB_E_ROW_FACILITY, ::YB_E_ROW_AMOUNT, ::YB_E_ROW_REVERSAL) and leaves the
 * ledger unchanged; the other rows are added. A reversal may name an entry of
 * the same batch given earlier. The message of the last bad row is on the
 * context. If memory runs out the call stops: rows before stay added, the
 * failing row and the rest get ::YB_E_NOMEM.
 * @param[in] ctx the context.
 * @param[in,out] ledger the ledger.
 * @param[in] in the entries.
 * @param[out] row_status n statuses, or NULL.
 * @returns the number of bad rows (≥ 0), or ::YB_E_NOMEM, ::YB_E_CANCELLED,
 *          ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_cap_ledger_add_batch(yb_ctx *ctx, yb_cap_ledger *ledger, const yb_cap_entry_columns *in,
                                   int32_t *row_status);

/**
 * @brief Adds one entry (a thin wrapper over yb_cap_ledger_add_batch()).
 * @param[in] ctx the context.
 * @param[in,out] ledger the ledger.
 * @param[in] entry_id the unique id (NUL-terminated).
 * @param[in] kind a ::yb_cap_entry_kind.
 * @param[in] month 1 … 12 (ignored for reversals).
 * @param[in] pot pot code or NULL.
 * @param[in] facility facility code or NULL.
 * @param[in] amount fen.
 * @param[in] quantity count.
 * @param[in] reverses id of the entry reversed, or NULL.
 * @returns ::YB_OK or the row's status.
 * @since 0.1
 */
YB_API int yb_cap_ledger_add_one(yb_ctx *ctx, yb_cap_ledger *ledger, const char *entry_id, int32_t kind,
                                 int32_t month, const char *pot, const char *facility, int64_t amount,
                                 int64_t quantity, const char *reverses);

/**
 * @brief Running totals of the ledger.
 * @param[in] ledger the ledger.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK, ::YB_E_OVERFLOW (a total beyond 64 bits) or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_cap_ledger_totals_get(const yb_cap_ledger *ledger, yb_cap_ledger_totals *out);

/**
 * @brief Clears the plan against the ledger.
 * @param[in] ctx the context.
 * @param[in] plan the plan the ledger was made for.
 * @param[in] ledger the ledger.
 * @param[in] input months and assessment scores; NULL clears the year with a
 *            full score when the plan needs no scores.
 * @param[out] out receives the clearing.
 * @returns ::YB_OK, ::YB_E_PARAM (missing or out-of-range scores, bad
 *          month), ::YB_E_OVERFLOW, ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_cap_clear(yb_ctx *ctx, const yb_cap_plan *plan, const yb_cap_ledger *ledger,
                        const yb_cap_clearing_input *input, yb_cap_clearing **out);

/**
 * @brief Frees a clearing. NULL is accepted.
 * @param[in] clearing the clearing.
 * @since 0.1
 */
YB_API void yb_cap_clearing_free(yb_cap_clearing *clearing);

/**
 * @brief Totals of a clearing.
 * @param[in] clearing the clearing.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_cap_clearing_summary(const yb_cap_clearing *clearing, yb_cap_summary *out);

/**
 * @brief Number of explained steps.
 * @param[in] clearing the clearing.
 * @returns the count (0 for NULL).
 * @since 0.1
 */
YB_API size_t yb_cap_clearing_step_count(const yb_cap_clearing *clearing);

/**
 * @brief One explained step.
 * @param[in] clearing the clearing.
 * @param[in] i step index.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_cap_clearing_step(const yb_cap_clearing *clearing, size_t i, yb_cap_step *out);

/**
 * @brief All steps as text, one line each.
 * @param[in] clearing the clearing.
 * @returns a string owned by the clearing ("" for NULL).
 * @since 0.1
 */
YB_API const char *yb_cap_clearing_text(const yb_cap_clearing *clearing);

/**
 * @brief Result of one pot (alliance mode).
 * @param[in] clearing the clearing.
 * @param[in] pot a pot id.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_cap_clearing_pot(const yb_cap_clearing *clearing, uint32_t pot, yb_cap_pot_result *out);

/**
 * @brief Result of one tier (alliance mode).
 * @param[in] clearing the clearing.
 * @param[in] tier a tier id.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_cap_clearing_tier(const yb_cap_clearing *clearing, uint32_t tier, yb_cap_tier_result *out);

/**
 * @brief Result of one month (openIMIS mode).
 * @param[in] clearing the clearing.
 * @param[in] month 1 … through_month.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG (alliance clearing, bad month).
 * @since 0.1
 */
YB_API int yb_cap_clearing_month(const yb_cap_clearing *clearing, int32_t month, yb_cap_month_result *out);

/**
 * @brief Number of facility payment rows (openIMIS mode: months × facilities).
 * @param[in] clearing the clearing.
 * @returns the count (0 for an alliance clearing).
 * @since 0.1
 */
YB_API size_t yb_cap_clearing_payment_count(const yb_cap_clearing *clearing);

/**
 * @brief One facility payment row, ordered by month then facility id.
 * @param[in] clearing the clearing.
 * @param[in] i row index.
 * @param[in,out] out caller's struct with @c size set.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_cap_clearing_payment(const yb_cap_clearing *clearing, size_t i, yb_cap_facility_payment *out);

YB_END_DECLS

#endif /* YIBAO_CAPITATION_H */
