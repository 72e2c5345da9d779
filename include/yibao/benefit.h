/**
 * @file benefit.h
 * @brief Pooled-fund payment of one member's bill (统筹基金支付): the one-stop
 *        multi-tier settlement, the member ledger of annual accumulators, and
 *        reversals.
 *
 * A claim (one inpatient admission or one outpatient visit) is split, fen by
 * fen, among the pooled fund (统筹基金), critical-illness insurance (大病保险),
 * other funds (公务员医疗补助), medical assistance (医疗救助), the personal
 * account (个人账户, with family mutual aid 家庭共济) and cash. The steps and
 * formulas are in doc/benefit.md; the policy pack format in
 * doc/packs-benefit.md; the rounding steps in doc/rounding.md.
 *
 * Objects:
 * - ::yb_benefit_policy — immutable parameters loaded from a
 *   @c benefit-policy pack; shared by any number of threads.
 * - ::yb_benefit_ledger — the members' annual accumulators and the journal of
 *   settled claims; mutable, used by one thread at a time.
 *
 * Units: money is @c int64_t fen; ratios have 6 decimals (::YB_RATIO_ONE);
 * quantities have ::YB_BENEFIT_QTY_DECIMALS decimals and unit prices are yuan
 * with ::YB_BENEFIT_PRICE_DECIMALS decimals. Dates are @c int32_t YYYYMMDD.
 * Member, claim and payer ids are caller-chosen non-zero 64-bit numbers
 * (0 means "none").
 *
 * Invariants of every settlement (checked after each claim unless the library
 * is built with NDEBUG; a violation is ::YB_E_INTERNAL, never an abort):
 * total = full self-pay + over-limit + class-B first pay + in-scope;
 * fund total = pooled + critical illness + other funds + assistance;
 * fund total + personal = total; personal = account pay + cash pay;
 * every component is ≥ 0; no annual cap is exceeded; no account goes below 0.
 */
#ifndef YIBAO_BENEFIT_H
#define YIBAO_BENEFIT_H

#include <stddef.h>
#include <stdint.h>
#include <yibao/export.h>
#include <yibao/ctx.h>

YB_BEGIN_DECLS

/** Decimals of line quantities (10000 = one unit). @since 0.1 */
#define YB_BENEFIT_QTY_DECIMALS 4
/** Decimals of unit prices and price limits, in yuan (10000 = 1 yuan). @since 0.1 */
#define YB_BENEFIT_PRICE_DECIMALS 4
/** Number of fund detail lines of a settlement (one per ::yb_benefit_fund). @since 0.1 */
#define YB_BENEFIT_FUNDS 6
/** Most explanation steps one claim produces; a steps buffer this long always suffices. @since 0.1 */
#define YB_BENEFIT_MAX_STEPS 64
/** Most coinsurance segments or critical-illness bands in one schedule. @since 0.1 */
#define YB_BENEFIT_MAX_BANDS 8
/** Largest line amount accepted, in fen (10^13 fen = 100 billion yuan). @since 0.1 */
#define YB_BENEFIT_MAX_AMOUNT 10000000000000
/** Most lines in one claim. @since 0.1 */
#define YB_BENEFIT_MAX_LINES 100000
/** Largest line quantity accepted (10^10 = one million units at 4 decimals). @since 0.1 */
#define YB_BENEFIT_MAX_QTY 10000000000
/** "No item id": an item code that is not in the policy's catalogue. @since 0.1 */
#define YB_BENEFIT_NO_ITEM 4294967295

/** @brief Insurance type of the member on the claim date. @since 0.1 */
typedef enum yb_insured {
    YB_INSURED_EMPLOYEE = 1, /**< Employee insurance, in service (职工医保在职). */
    YB_INSURED_RETIRED = 2,  /**< Employee insurance, retired (职工医保退休). */
    YB_INSURED_RESIDENT = 3  /**< Urban and rural residents' insurance (城乡居民医保). */
} yb_insured;

/** @brief Where the care was given, relative to the member's pooling region. @since 0.1 */
typedef enum yb_place {
    YB_PLACE_LOCAL = 1,       /**< In the pooling region (本地就医). */
    YB_PLACE_OUT_OF_AREA = 2, /**< Out of the region without referral (异地就医, e.g. temporary). */
    YB_PLACE_REFERRED = 3     /**< Out of the region after a referral (转诊转院). */
} yb_place;

/** @brief Kind of claim. @since 0.1 */
typedef enum yb_visit {
    YB_VISIT_INPATIENT = 1, /**< One inpatient admission (住院), settled at discharge. */
    YB_VISIT_OUTPATIENT = 2 /**< One outpatient visit under outpatient pooling (门诊统筹). */
} yb_visit;

/** @brief Catalogue class of a line (甲/乙/丙). @since 0.1 */
typedef enum yb_item_class {
    YB_CLASS_FROM_CATALOGUE = 0, /**< Take the class from the policy's catalogue. */
    YB_CLASS_A = 1,              /**< Class A (甲类): fully in scope. */
    YB_CLASS_B = 2,              /**< Class B (乙类): the patient first pays a share. */
    YB_CLASS_C = 3               /**< Class C / out of catalogue (丙类, 目录外): full self-pay. */
} yb_item_class;

/** @brief What a settlement call does to the ledger. @since 0.1 */
typedef enum yb_settle_mode {
    YB_SETTLE_PRE = 0,  /**< Pre-settlement (预结算): computes against the ledger, changes nothing. */
    YB_SETTLE_FINAL = 1 /**< Settlement (结算): updates the ledger and journals the claim under its id. */
} yb_settle_mode;

/** @brief The funds of the one-stop settlement, in the order they pay. @since 0.1 */
typedef enum yb_benefit_fund {
    YB_FUND_POOLED = 1,           /**< Basic insurance pooled fund (统筹基金). */
    YB_FUND_CRITICAL_ILLNESS = 2, /**< Critical-illness insurance (大病保险 / 职工大额医疗补助). */
    YB_FUND_OTHER = 3,            /**< Other funds: civil-servant medical subsidy (公务员医疗补助). */
    YB_FUND_ASSISTANCE = 4,       /**< Medical assistance (医疗救助). */
    YB_FUND_ACCOUNT = 5,          /**< The member's own personal account (个人账户). */
    YB_FUND_FAMILY_AID = 6        /**< A relative's personal account (家庭共济). */
} yb_benefit_fund;

/**
 * @brief Kinds of explanation steps. Fields of ::yb_benefit_step not named
 *        for a kind are 0.
 * @since 0.1
 */
typedef enum yb_benefit_step_kind {
    YB_STEP_ROLLOVER = 1,       /**< The member's accumulators start a new year: index = the year. */
    YB_STEP_TOTAL = 2,          /**< amount = Σ line amounts; index = number of lines. */
    YB_STEP_FULL_SELF_PAY = 3,  /**< amount = Σ class C / out-of-catalogue amounts. */
    YB_STEP_OVER_LIMIT = 4,     /**< amount = Σ (amount − quantity × price limit) over priced-limited lines. */
    YB_STEP_B_FIRST_PAY = 5,    /**< amount = Σ round(class-B allowed amount × first-pay ratio) per line. */
    YB_STEP_IN_SCOPE = 6,       /**< amount = total − full self-pay − over-limit − class-B first pay. */
    YB_STEP_DEDUCTIBLE = 7,     /**< index = admission number (0 outpatient); base = standard deductible; ratio = repeat factor; limit = room left; amount = applied. */
    YB_STEP_POOLED_SEGMENT = 8, /**< index = segment (1-based); [from, to) on the segment axis; base = to − from; ratio; amount = round(base × ratio). */
    YB_STEP_POOLED = 9,         /**< base = in-scope − deductible; limit = cap room before the claim; amount = pooled fund paid. */
    YB_STEP_CI_COUNTED = 10,    /**< base = amount counted toward critical illness; [from, to) = cumulative before and after. */
    YB_STEP_CI_THRESHOLD = 11,  /**< base = published threshold; ratio = factor (tilt); amount = threshold applied. */
    YB_STEP_CI_BAND = 12,       /**< index = band (1-based); [from, to) on the cumulative axis; base = to − from; ratio (tilt included); amount. */
    YB_STEP_CRITICAL_ILLNESS = 13, /**< base = counted amount; limit = cap room (has_limit 0 = no cap); amount paid. */
    YB_STEP_OTHER = 14,         /**< base = residual in-scope self-pay; ratio; amount. */
    YB_STEP_ASSIST_ELIGIBLE = 15, /**< index = category; base = residual counted; [from, to) = cumulative before and after; limit = annual threshold; amount = part above it. */
    YB_STEP_ASSISTANCE = 16,    /**< index = category; base = eligible part; ratio; limit = cap room (has_limit 0 = no cap); amount paid. */
    YB_STEP_ACCOUNT = 17,       /**< base = amount the account may pay; limit = balance; amount = paid. */
    YB_STEP_FAMILY_AID = 18,    /**< base = amount still payable; limit = the payer's balance; amount = paid. */
    YB_STEP_CASH = 19           /**< amount = cash pay. */
} yb_benefit_step_kind;

/** @brief Opaque benefit policy loaded from a pack. @since 0.1 */
typedef struct yb_benefit_policy yb_benefit_policy;

/** @brief Opaque member ledger (accumulators and journal). @since 0.1 */
typedef struct yb_benefit_ledger yb_benefit_ledger;

/**
 * @brief A batch of claims, column by column, with their lines in CSR form.
 *
 * Claim @c i has the lines <tt>line_row_offsets[i] … line_row_offsets[i+1]-1</tt>
 * of the line arrays. Item codes are given either as UTF-8 strings back to
 * back (@c item_data with @c item_offsets, Arrow "large utf8" layout: line
 * @c k is bytes <tt>item_offsets[k] … item_offsets[k+1]</tt>) or as ids from
 * yb_benefit_policy_item_id() (@c item_ids, ::YB_BENEFIT_NO_ITEM for an item
 * not in the catalogue); exactly one of the two forms.
 * @since 0.1
 */
typedef struct yb_claim_columns {
    size_t size;                     /**< sizeof(yb_claim_columns). */
    size_t n;                        /**< Number of claims. */
    const uint64_t *claim_id;        /**< Claim id (结算 id), not 0. Required. */
    const uint64_t *member_id;       /**< Member id (人员编号), not 0. Required. */
    const int32_t *date;             /**< Service or discharge date YYYYMMDD; chooses the parameters. Required. */
    const int8_t *insured;           /**< A ::yb_insured. Required. */
    const int8_t *level;             /**< Hospital level 1 (一级及以下), 2 (二级), 3 (三级). Required. */
    const int8_t *place;             /**< A ::yb_place; NULL = all local. */
    const int8_t *visit;             /**< A ::yb_visit; NULL = all inpatient. */
    const int8_t *category;          /**< Assistance category of the pack (1 … 63), 0 none; NULL = none. */
    const int8_t *civil_servant;     /**< 1 when covered by the civil-servant subsidy; NULL = none. */
    const int8_t *use_account;       /**< 0 to keep the personal account out of it; NULL = all use it. */
    const uint64_t *family_payer;    /**< Relative whose account pays what remains (家庭共济), 0 none; NULL = none. */
    const int64_t *line_row_offsets; /**< n + 1 offsets into the line arrays. Required. */
    const char *item_data;           /**< Item codes as UTF-8 bytes, or NULL with item_ids. */
    const int64_t *item_offsets;     /**< Line k's code is item_data[item_offsets[k] … item_offsets[k+1]). */
    const uint32_t *item_ids;        /**< Item ids of the policy, or NULL with item_data. */
    const int8_t *item_class;        /**< A ::yb_item_class per line; NULL = all from the catalogue. */
    const int64_t *quantity;         /**< Quantity per line, ::YB_BENEFIT_QTY_DECIMALS decimals, 1 … ::YB_BENEFIT_MAX_QTY. Required. */
    const int64_t *price;            /**< Unit price per line, yuan with ::YB_BENEFIT_PRICE_DECIMALS decimals, ≥ 0. Required. */
    const int64_t *amount;           /**< Line amount in fen, 0 … ::YB_BENEFIT_MAX_AMOUNT; must match quantity × price. Required. */
    void *reserved[8];               /**< Must be NULL. */
} yb_claim_columns;

/**
 * @brief Settlement results, one entry per claim. Any pointer left NULL is
 *        not written. Money in fen.
 * @since 0.1
 */
typedef struct yb_settlement_columns {
    size_t size;               /**< sizeof(yb_settlement_columns). */
    size_t n;                  /**< Capacity of every array; must be ≥ the claims' n. */
    int64_t *total;            /**< 医疗费总额: Σ line amounts. */
    int64_t *full_self_pay;    /**< 全自费: class C and out-of-catalogue amounts. */
    int64_t *over_limit;       /**< 超限价自费: amounts above the price limits. */
    int64_t *b_first_pay;      /**< 先行自付: the class-B first-pay shares. */
    int64_t *in_scope;         /**< 符合政策范围: total − the three above. */
    int64_t *deductible;       /**< 起付线 applied to this claim. */
    int64_t *pooled;           /**< 统筹基金支付. */
    int64_t *critical_illness; /**< 大病保险支付. */
    int64_t *other_funds;      /**< 其他基金 (公务员医疗补助). */
    int64_t *assistance;       /**< 医疗救助. */
    int64_t *fund_total;       /**< 基金支付总额 = pooled + critical illness + other + assistance. */
    int64_t *personal;         /**< 个人负担 = total − fund total. */
    int64_t *account_pay;      /**< 个人账户支付, family aid included. */
    int64_t *family_aid;       /**< Part of account_pay paid from the family payer's account. */
    int64_t *cash_pay;         /**< 现金支付 = personal − account pay. */
    int32_t *admission;        /**< Inpatient admission number in the year (1 = first); 0 outpatient. */
    void *reserved[8];         /**< Must be NULL. */
} yb_settlement_columns;

/**
 * @brief One claim, for the single-claim calls. Line arrays hold @c nlines
 *        entries (@c item_offsets nlines + 1); field meanings as in
 *        ::yb_claim_columns.
 * @since 0.1
 */
typedef struct yb_benefit_claim {
    size_t size;                 /**< sizeof(yb_benefit_claim). */
    uint64_t claim_id;           /**< Claim id, not 0. */
    uint64_t member_id;          /**< Member id, not 0. */
    int32_t date;                /**< Service or discharge date YYYYMMDD. */
    int8_t insured;              /**< A ::yb_insured. */
    int8_t level;                /**< Hospital level 1 … 3. */
    int8_t place;                /**< A ::yb_place (0 is taken as local). */
    int8_t visit;                /**< A ::yb_visit (0 is taken as inpatient). */
    int8_t category;             /**< Assistance category, 0 none. */
    int8_t civil_servant;        /**< 1 when covered by the civil-servant subsidy. */
    int8_t use_account;          /**< 1 to let the personal account pay, 0 not. */
    int8_t reserved_flags;       /**< Must be 0. */
    uint64_t family_payer;       /**< Relative paying from their account, 0 none. */
    size_t nlines;               /**< Number of lines, ≥ 1. */
    const char *item_data;       /**< Item codes (UTF-8), or NULL with item_ids. */
    const int64_t *item_offsets; /**< nlines + 1 offsets into item_data. */
    const uint32_t *item_ids;    /**< Item ids, or NULL with item_data. */
    const int8_t *item_class;    /**< A ::yb_item_class per line, or NULL. */
    const int64_t *quantity;     /**< Quantities (4 decimals). */
    const int64_t *price;        /**< Unit prices (yuan, 4 decimals). */
    const int64_t *amount;       /**< Line amounts (fen). */
    void *reserved[4];           /**< Must be NULL. */
} yb_benefit_claim;

/**
 * @brief The settlement of one claim (all output fields of the national
 *        platform's settlement, money in fen).
 * @since 0.1
 */
typedef struct yb_benefit_settlement {
    size_t size;              /**< Caller sets sizeof(yb_benefit_settlement). */
    uint64_t claim_id;        /**< The claim. */
    uint64_t member_id;       /**< The member. */
    int32_t date;             /**< The claim date. */
    int32_t admission;        /**< Inpatient admission number in the year; 0 outpatient. */
    int64_t total;            /**< 医疗费总额. */
    int64_t full_self_pay;    /**< 全自费. */
    int64_t over_limit;       /**< 超限价自费. */
    int64_t b_first_pay;      /**< 先行自付. */
    int64_t in_scope;         /**< 符合政策范围金额. */
    int64_t deductible;       /**< 起付线 applied. */
    int64_t pooled;           /**< 统筹基金支付. */
    int64_t critical_illness; /**< 大病保险支付. */
    int64_t other_funds;      /**< 其他基金支付. */
    int64_t assistance;       /**< 医疗救助支付. */
    int64_t fund_total;       /**< 基金支付总额. */
    int64_t personal;         /**< 个人负担总额. */
    int64_t account_pay;      /**< 个人账户支付 (family aid included). */
    int64_t family_aid;       /**< Of which from the family payer's account. */
    int64_t cash_pay;         /**< 现金支付. */
    void *reserved[4];        /**< Set to NULL by the library. */
} yb_benefit_settlement;

/**
 * @brief One fund detail line of a settlement (结算基金分项).
 * @since 0.1
 */
typedef struct yb_benefit_fund_line {
    int32_t fund;      /**< A ::yb_benefit_fund. */
    int32_t has_limit; /**< 1 when @c limit constrained this fund, 0 when it has no limit. */
    int64_t base;      /**< Amount the fund's rule was applied to (fen). */
    int64_t limit;     /**< Room left before this claim: annual cap room or account balance (fen). */
    int64_t amount;    /**< Amount the fund paid (fen). */
} yb_benefit_fund_line;

/**
 * @brief One explained step of an adjudication; the meaning of each field per
 *        kind is given at ::yb_benefit_step_kind and in doc/benefit.md.
 * @since 0.1
 */
typedef struct yb_benefit_step {
    int32_t kind;      /**< A ::yb_benefit_step_kind. */
    int32_t index;     /**< Admission, segment, band, year or category number. */
    int32_t has_limit; /**< 1 when @c limit is meaningful. */
    int32_t fund;      /**< The ::yb_benefit_fund concerned, 0 none. */
    int64_t base;      /**< Amount the step applies to (fen). */
    int64_t ratio;     /**< Ratio or factor applied (6 decimals), 0 if none. */
    int64_t from;      /**< Start of the range on the cumulative or segment axis (fen). */
    int64_t to;        /**< End of the range (fen). */
    int64_t limit;     /**< A limit, room or threshold (fen), see the kind. */
    int64_t amount;    /**< Result of the step (fen). */
} yb_benefit_step;

/**
 * @brief A member's annual accumulators as kept by the ledger.
 * @since 0.1
 */
typedef struct yb_benefit_member {
    size_t size;                       /**< Caller sets sizeof(yb_benefit_member). */
    uint64_t member_id;                /**< The member. */
    int32_t year;                      /**< Year the accumulators belong to; 0 before the first claim. */
    int32_t admissions;                /**< Inpatient admissions settled in the year. */
    int64_t deductible_used;           /**< Inpatient deductible paid in the year. */
    int64_t outpatient_deductible_used; /**< Outpatient-pooling deductible consumed in the year. */
    int64_t fund_paid;                 /**< Pooled fund paid in the year (inpatient and outpatient). */
    int64_t cap_used;                  /**< Pooled fund counted toward the annual cap (封顶线). */
    int64_t outpatient_fund_paid;      /**< Pooled fund paid for outpatient claims (outpatient cap). */
    int64_t eligible_cumulative;       /**< In-scope amount above deductibles in the year (annual segments). */
    int64_t critical_illness_cumulative; /**< Amount counted toward critical illness in the year. */
    int64_t critical_illness_paid;     /**< Critical-illness insurance paid in the year. */
    int64_t assistance_cumulative;     /**< Residual self-pay counted toward the assistance threshold. */
    int64_t assistance_paid;           /**< Medical assistance paid in the year. */
    int64_t account_balance;           /**< Personal account balance (not reset by year). */
    void *reserved[4];                 /**< Must be NULL on input; set to NULL on output. */
} yb_benefit_member;

/**
 * @brief Loads a @c benefit-policy pack (format in doc/packs-benefit.md).
 * @param[in] ctx the context (its allocator is remembered by the policy).
 * @param[in] pack_path the pack directory or its pack.json.
 * @param[out] out receives the policy.
 * @returns ::YB_OK, ::YB_E_PACK, ::YB_E_PARAM, ::YB_E_FORMAT, ::YB_E_DUPLICATE,
 *          ::YB_E_CHECKSUM, ::YB_E_IO, ::YB_E_NOMEM or ::YB_E_INVALID_ARG; the
 *          context names the file, line, column and value.
 * @since 0.1
 */
YB_API int yb_benefit_policy_load(yb_ctx *ctx, const char *pack_path, yb_benefit_policy **out);

/**
 * @brief Frees a policy. NULL is accepted.
 * @param[in] policy the policy.
 * @since 0.1
 */
YB_API void yb_benefit_policy_free(yb_benefit_policy *policy);

/**
 * @brief The fingerprint of the pack the policy was loaded from.
 * @param[in] policy the policy.
 * @returns 64 lower-case hex digits owned by the policy ("" for NULL).
 * @since 0.1
 */
YB_API const char *yb_benefit_policy_fingerprint(const yb_benefit_policy *policy);

/**
 * @brief Looks an item code up in the policy's catalogue.
 * @param[in] policy the policy.
 * @param[in] code the item code (UTF-8; normalised as in dict.h).
 * @param[in] len its length in bytes.
 * @param[out] id receives the item id, or ::YB_BENEFIT_NO_ITEM.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND (then *id = ::YB_BENEFIT_NO_ITEM),
 *          ::YB_E_FORMAT, ::YB_E_LIMIT or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_benefit_policy_item_id(const yb_benefit_policy *policy, const char *code, size_t len,
                                     uint32_t *id);

/**
 * @brief Number of distinct item codes in the catalogue (ids are 0 … count − 1).
 * @param[in] policy the policy.
 * @returns the count (0 for NULL).
 * @since 0.1
 */
YB_API uint32_t yb_benefit_policy_item_count(const yb_benefit_policy *policy);

/**
 * @brief The normalised code of an item id.
 * @param[in] policy the policy.
 * @param[in] id an item id.
 * @returns the code owned by the policy, or NULL for an unknown id.
 * @since 0.1
 */
YB_API const char *yb_benefit_policy_item_code(const yb_benefit_policy *policy, uint32_t id);

/**
 * @brief Creates an empty ledger.
 * @param[in] ctx the context (its allocator is remembered by the ledger).
 * @param[out] out receives the ledger.
 * @returns ::YB_OK, ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_benefit_ledger_new(yb_ctx *ctx, yb_benefit_ledger **out);

/**
 * @brief Frees a ledger. NULL is accepted.
 * @param[in] ledger the ledger.
 * @since 0.1
 */
YB_API void yb_benefit_ledger_free(yb_benefit_ledger *ledger);

/**
 * @brief Reserves room for @p members members and @p claims journalled
 *        claims, so settling up to those counts allocates nothing more.
 * @param[in] ctx the context for error detail.
 * @param[in,out] ledger the ledger.
 * @param[in] members members to make room for (in total).
 * @param[in] claims journal entries to make room for (in total).
 * @returns ::YB_OK, ::YB_E_NOMEM, ::YB_E_LIMIT or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_benefit_ledger_reserve(yb_ctx *ctx, yb_benefit_ledger *ledger, uint64_t members,
                                     uint64_t claims);

/**
 * @brief Copies a ledger (for what-if runs).
 * @param[in] ctx the context (allocator of the copy).
 * @param[in] ledger the ledger to copy.
 * @param[out] out receives the copy.
 * @returns ::YB_OK, ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_benefit_ledger_clone(yb_ctx *ctx, const yb_benefit_ledger *ledger,
                                   yb_benefit_ledger **out);

/**
 * @brief Serialises a ledger (members, journal, saved years) to bytes.
 *
 * The format is versioned, little-endian and canonical: two ledgers with the
 * same content give the same bytes, whatever order things were done in.
 * Call with @p buf NULL to learn the size.
 * @param[in] ctx the context for error detail.
 * @param[in] ledger the ledger.
 * @param[out] buf destination, or NULL.
 * @param[in] cap capacity of @p buf.
 * @param[out] len receives the size in bytes (also when @p buf is NULL or too small).
 * @returns ::YB_OK, ::YB_E_LIMIT (buffer too small), ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_benefit_ledger_save(yb_ctx *ctx, const yb_benefit_ledger *ledger, uint8_t *buf,
                                  size_t cap, size_t *len);

/**
 * @brief Rebuilds a ledger from bytes written by yb_benefit_ledger_save().
 * @param[in] ctx the context (allocator of the ledger, error detail).
 * @param[in] data the bytes.
 * @param[in] len their length.
 * @param[out] out receives the ledger.
 * @returns ::YB_OK, ::YB_E_FORMAT (damaged or inconsistent), ::YB_E_VERSION
 *          (another format version), ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_benefit_ledger_load(yb_ctx *ctx, const uint8_t *data, size_t len,
                                  yb_benefit_ledger **out);

/**
 * @brief Reads a member's accumulators.
 * @param[in] ledger the ledger.
 * @param[in] member_id the member.
 * @param[in,out] out caller's struct with @c size set; a member the ledger
 *                does not know reads as all zeros.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND (unknown member; @p out zeroed) or
 *          ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_benefit_ledger_member(const yb_benefit_ledger *ledger, uint64_t member_id,
                                    yb_benefit_member *out);

/**
 * @brief Sets a member's accumulators (opening balances, migration from
 *        another system).
 *
 * Refused with ::YB_E_STATE while journalled claims refer to the member
 * (they could no longer be reversed exactly).
 * @param[in] ctx the context for error detail.
 * @param[in,out] ledger the ledger.
 * @param[in] state the member's state (@c size set; amounts ≥ 0; year 0 or 1900 … 2999).
 * @returns ::YB_OK, ::YB_E_STATE, ::YB_E_PARAM, ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_benefit_ledger_member_put(yb_ctx *ctx, yb_benefit_ledger *ledger,
                                        const yb_benefit_member *state);

/**
 * @brief Credits (or, negative, debits) a member's personal account.
 *
 * Credits are not journalled: a later replay sees them as already made.
 * @param[in] ctx the context for error detail.
 * @param[in,out] ledger the ledger.
 * @param[in] member_id the member (created when new).
 * @param[in] amount fen to add; the balance may not become negative.
 * @returns ::YB_OK, ::YB_E_PARAM (balance would be negative), ::YB_E_OVERFLOW,
 *          ::YB_E_NOMEM or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_benefit_ledger_account_credit(yb_ctx *ctx, yb_benefit_ledger *ledger,
                                            uint64_t member_id, int64_t amount);

/**
 * @brief Number of members with any state (a member whose only claims were
 *        all reversed is not counted).
 * @param[in] ledger the ledger.
 * @returns the count (0 for NULL).
 * @since 0.1
 */
YB_API uint64_t yb_benefit_ledger_member_count(const yb_benefit_ledger *ledger);

/**
 * @brief Number of settled claims in the journal (reversible).
 * @param[in] ledger the ledger.
 * @returns the count (0 for NULL).
 * @since 0.1
 */
YB_API uint64_t yb_benefit_ledger_claim_count(const yb_benefit_ledger *ledger);

/**
 * @brief Bytes of memory the ledger holds (member table, journal, indexes).
 * @param[in] ledger the ledger.
 * @returns the byte count (0 for NULL).
 * @since 0.1
 */
YB_API uint64_t yb_benefit_ledger_memory(const yb_benefit_ledger *ledger);

/**
 * @brief Drops the oldest journal entries: those before the first entry whose
 *        date is on or after @p before_date. Their claims can no longer be
 *        reversed; the accumulators are unchanged.
 * @param[in] ctx the context for error detail.
 * @param[in,out] ledger the ledger.
 * @param[in] before_date YYYYMMDD, e.g. 20250101 to close 2024.
 * @returns the number of entries dropped (≥ 0), or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int64_t yb_benefit_ledger_compact(yb_ctx *ctx, yb_benefit_ledger *ledger, int32_t before_date);

/**
 * @brief Settles (or pre-settles) a batch of claims in order.
 *
 * With ::YB_SETTLE_FINAL each claim sees the ledger as left by the claims
 * before it and is journalled under its id; a row that fails changes nothing.
 * With ::YB_SETTLE_PRE every claim is computed against the ledger as it is and
 * nothing changes. Claims of one member must come in time order across years
 * (a claim dated in a year before the member's current year is refused).
 * @param[in] ctx the context; the detail of the last failing row is kept.
 * @param[in] policy the policy.
 * @param[in,out] ledger the ledger.
 * @param[in] claims the claims.
 * @param[in] mode a ::yb_settle_mode.
 * @param[out] out the results (arrays of at least claims->n entries), or NULL.
 * @param[out] row_status claims->n statuses (0 = settled), or NULL.
 * @returns the number of failed rows (≥ 0), or a negative status when the
 *          batch as a whole failed (bad arguments, ::YB_E_CANCELLED).
 * @since 0.1
 */
YB_API int64_t yb_benefit_settle_batch(yb_ctx *ctx, const yb_benefit_policy *policy,
                                       yb_benefit_ledger *ledger, const yb_claim_columns *claims,
                                       int mode, yb_settlement_columns *out, int32_t *row_status);

/**
 * @brief Settles (or pre-settles) one claim with its fund lines and the
 *        explanation of every step.
 * @param[in] ctx the context.
 * @param[in] policy the policy.
 * @param[in,out] ledger the ledger.
 * @param[in] claim the claim.
 * @param[in] mode a ::yb_settle_mode.
 * @param[out] out the settlement (@c size set by the caller).
 * @param[out] funds ::YB_BENEFIT_FUNDS fund lines in ::yb_benefit_fund order, or NULL.
 * @param[out] steps room for @p steps_cap steps, or NULL.
 * @param[in] steps_cap capacity of @p steps (::YB_BENEFIT_MAX_STEPS always suffices).
 * @param[out] nsteps receives the number of steps produced (may exceed
 *             @p steps_cap, then only the first are written), or NULL.
 * @returns ::YB_OK, a row status (::YB_E_ROW_CLAIM, ::YB_E_ROW_ITEM,
 *          ::YB_E_ROW_NO_POLICY, ::YB_E_ROW_CLAIM_ID, ::YB_E_ROW_ORDER),
 *          ::YB_E_NOMEM, ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_benefit_settle_one(yb_ctx *ctx, const yb_benefit_policy *policy,
                                 yb_benefit_ledger *ledger, const yb_benefit_claim *claim, int mode,
                                 yb_benefit_settlement *out, yb_benefit_fund_line *funds,
                                 yb_benefit_step *steps, size_t steps_cap, size_t *nsteps);

/**
 * @brief Reverses (冲正) a settled claim and restores the accumulators exactly.
 *
 * Replay semantics when later claims exist: every later claim that touched a
 * member the reversal changes (the claim's member and family payer, and,
 * transitively, the members of each claim so found) is undone newest first,
 * the target is removed, and those claims are settled again in their original
 * order against the restored accumulators, with @p policy. Later claims of
 * unrelated members are untouched. Replayed claims keep their ids and their
 * line classification; only the steps from the deductible on are recomputed.
 * Those whose settlement changed are listed by
 * yb_benefit_ledger_replay_count() / yb_benefit_ledger_replay_get(). The
 * call is atomic: on any error the ledger is unchanged.
 * @param[in] ctx the context.
 * @param[in] policy the policy used for replayed claims.
 * @param[in,out] ledger the ledger.
 * @param[in] claim_id the claim to reverse.
 * @param[out] reversed the settlement being reversed (as last settled), or NULL.
 * @returns the number of replayed claims whose settlement changed (≥ 0),
 *          ::YB_E_ROW_CLAIM_ID (unknown or compacted claim), ::YB_E_ROW_NO_POLICY
 *          (a replayed claim has no parameters in @p policy), ::YB_E_NOMEM or
 *          ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int64_t yb_benefit_reverse(yb_ctx *ctx, const yb_benefit_policy *policy,
                                  yb_benefit_ledger *ledger, uint64_t claim_id,
                                  yb_benefit_settlement *reversed);

/**
 * @brief Reverses a batch of claims, one after another (see yb_benefit_reverse()).
 * @param[in] ctx the context.
 * @param[in] policy the policy used for replayed claims.
 * @param[in,out] ledger the ledger.
 * @param[in] n number of claims.
 * @param[in] claim_ids the claims to reverse.
 * @param[out] changed per claim, the number of replayed settlements that changed, or NULL.
 * @param[out] row_status per claim, 0 or the error, or NULL.
 * @returns the number of failed rows (≥ 0) or a negative status.
 * @since 0.1
 */
YB_API int64_t yb_benefit_reverse_batch(yb_ctx *ctx, const yb_benefit_policy *policy,
                                        yb_benefit_ledger *ledger, size_t n,
                                        const uint64_t *claim_ids, int64_t *changed,
                                        int32_t *row_status);

/**
 * @brief Number of changed settlements reported by the last successful
 *        yb_benefit_reverse() on this ledger.
 * @param[in] ledger the ledger.
 * @returns the count (0 for NULL).
 * @since 0.1
 */
YB_API uint64_t yb_benefit_ledger_replay_count(const yb_benefit_ledger *ledger);

/**
 * @brief One changed settlement of the last reversal's replay.
 * @param[in] ledger the ledger.
 * @param[in] i index below yb_benefit_ledger_replay_count().
 * @param[out] before the claim's settlement before the reversal (@c size set), or NULL.
 * @param[out] after its settlement after the replay (@c size set), or NULL.
 * @returns ::YB_OK, ::YB_E_NOT_FOUND (index out of range) or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_benefit_ledger_replay_get(const yb_benefit_ledger *ledger, uint64_t i,
                                        yb_benefit_settlement *before, yb_benefit_settlement *after);

/**
 * @brief Renders explanation steps as text, one line per step.
 * @param[in] steps the steps.
 * @param[in] n their number.
 * @param[out] buf destination (NUL-terminated when @p cap > 0), or NULL.
 * @param[in] cap capacity of @p buf.
 * @returns the length of the full text (without NUL) — larger than @p cap − 1
 *          when truncated — or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int64_t yb_benefit_explain(const yb_benefit_step *steps, size_t n, char *buf, size_t cap);

YB_END_DECLS

#endif /* YIBAO_BENEFIT_H */
