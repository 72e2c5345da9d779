/**
 * @file status.h
 * @brief Status codes returned by every fallible libyibao call.
 *
 * Zero is success; errors are negative. Values are part of the ABI: a code is
 * never renumbered or reused, new codes are only appended inside the range of
 * their module. Batch calls return the number of rows whose row status is not
 * ::YB_OK (a non-negative count) or a negative status when the batch as a
 * whole failed.
 *
 * Ranges: general errors -1 … -99; grouping rows -100 … -199; points rows
 * -200 … -299; capitation rows -300 … -399; benefit rows -400 … -499.
 */
#ifndef YIBAO_STATUS_H
#define YIBAO_STATUS_H

#include <yibao/export.h>

YB_BEGIN_DECLS

/** @brief Status codes. @since 0.1 */
typedef enum yb_status {
    YB_OK = 0,                 /**< Success. */
    YB_E_INVALID_ARG = -1,     /**< A NULL pointer, bad struct size or out-of-range argument. */
    YB_E_NOMEM = -2,           /**< The allocator returned NULL. */
    YB_E_IO = -3,              /**< A file could not be opened, read or written. */
    YB_E_FORMAT = -4,          /**< Malformed text: CSV syntax, a number, a date, a code. */
    YB_E_ENCODING = -5,        /**< Input is not UTF-8 (for example GBK/GB18030 or UTF-16). */
    YB_E_PACK = -6,            /**< A pack manifest or table is inconsistent or incomplete. */
    YB_E_CHECKSUM = -7,        /**< A pack table does not match the checksum in its manifest. */
    YB_E_NOT_FOUND = -8,       /**< A looked-up key, code, table or parameter does not exist. */
    YB_E_OVERFLOW = -9,        /**< A money or fixed-point result does not fit in 64 bits. */
    YB_E_CANCELLED = -10,      /**< The progress callback asked to stop. */
    YB_E_VERSION = -11,        /**< Unsupported format version or struct size. */
    YB_E_STATE = -12,          /**< The call is not valid in the object's current state. */
    YB_E_LIMIT = -13,          /**< A documented size limit was exceeded. */
    YB_E_DUPLICATE = -14,      /**< A key that must be unique appears twice. */
    YB_E_PARAM = -15,          /**< A parameter value is outside its allowed domain. */
    YB_E_DIV_ZERO = -16,       /**< A division by zero (for example a zero total or scale). */
    YB_E_INTERNAL = -99,       /**< An internal invariant failed; please report it. */

    /* grouping rows: -100 … -199 */
    YB_E_ROW_SEX = -100,            /**< Sex missing or not 1 (male) / 2 (female). */
    YB_E_ROW_AGE = -101,            /**< Age missing, negative or implausible. */
    YB_E_ROW_AGE_DAYS = -102,       /**< Age in days missing for an infant under one year. */
    YB_E_ROW_BIRTH_WEIGHT = -103,   /**< Birth weight missing or implausible for a newborn. */
    YB_E_ROW_NEWBORN = -104,        /**< Contradictory newborn data (age, days and weight disagree). */
    YB_E_ROW_NO_DIAGNOSIS = -105,   /**< No principal diagnosis. */
    YB_E_ROW_DX_CODE = -106,        /**< A diagnosis code is malformed or unknown to the scheme. */
    YB_E_ROW_PROC_CODE = -107,      /**< A procedure code is malformed or unknown to the scheme. */
    YB_E_ROW_TOO_MANY_CODES = -108, /**< More diagnoses or procedures than the documented limit. */
    YB_E_ROW_LOS = -109,            /**< Length of stay negative or implausible. */
    YB_E_ROW_DISCHARGE = -110,      /**< Discharge type not one of 1, 2, 3, 4, 5, 9. */
    YB_E_ROW_PRINCIPAL_DX = -111,   /**< Principal diagnosis not allowed as principal by the scheme. */
    YB_E_ROW_VENT_HOURS = -150,     /**< Ventilation hours negative (DIP). */
    YB_E_ROW_ICU_DAYS = -151,       /**< ICU days negative (DIP). */
    YB_E_ROW_YEAR = -152,           /**< History year not among the years of a DIP catalogue build. */

    /* points rows: -200 … -299 */
    YB_E_ROW_GROUP = -200,          /**< The case's group is not in the book. */
    YB_E_ROW_HOSPITAL = -201,       /**< The case's hospital is not in the book. */
    YB_E_ROW_COST = -202,           /**< Cost missing, negative or above 10^12 fen (10 billion yuan). */
    YB_E_ROW_INSURANCE = -203,      /**< Insurance type unknown. */
    YB_E_ROW_SUBTYPE = -204,        /**< Auxiliary subtype unknown for the case's group. */
    YB_E_ROW_SELF_PAY = -205,       /**< In-scope patient payment negative or above the cost. */
    YB_E_ROW_MONTH = -206,          /**< Month not 1 … 12. */
    YB_E_ROW_UNGROUPED = -207,      /**< Ungrouped case and the book's rule rejects ungrouped cases. */

    /* capitation rows: -300 … -399 */
    YB_E_ROW_MEMBER = -300,         /**< Enrollee or band unknown to the plan. */
    YB_E_ROW_PERIOD = -301,         /**< Month or date outside the plan year. */
    YB_E_ROW_REVERSAL = -302,       /**< A reversal names no matching earlier entry. */
    YB_E_ROW_ENTRY = -303,          /**< Entry id missing, too long, or already in the ledger. */
    YB_E_ROW_KIND = -304,           /**< Entry kind unknown or not used by the plan's mode. */
    YB_E_ROW_POT = -305,            /**< Pot missing or unknown to the plan. */
    YB_E_ROW_FACILITY = -306,       /**< Facility missing or unknown to the plan. */
    YB_E_ROW_AMOUNT = -307,         /**< Amount or quantity negative, missing, or overflowing the totals. */

    /* benefit rows: -400 … -499 */
    YB_E_ROW_CLAIM = -400,          /**< Claim malformed (no lines, bad date, bad member). */
    YB_E_ROW_ITEM = -401,           /**< A line's item or class is unknown or inconsistent. */
    YB_E_ROW_NO_POLICY = -402,      /**< No policy parameters in force on the claim's date. */
    YB_E_ROW_CLAIM_ID = -403,       /**< Claim id already settled, or unknown for a reversal. */
    YB_E_ROW_ORDER = -404           /**< Claim dated in a year before its member's current ledger year. */
} yb_status;

/**
 * @brief Static English text describing a status code.
 * @param[in] status a ::yb_status value (or any int).
 * @returns a NUL-terminated static string; "unknown status" for values that
 *          are not codes. Never NULL.
 * @since 0.1
 */
YB_API const char *yb_strerror(int status);

/**
 * @brief Stable symbolic name of a status code, such as "YB_E_FORMAT".
 * @param[in] status a ::yb_status value.
 * @returns a static string, "YB_UNKNOWN" for values that are not codes.
 * @since 0.1
 */
YB_API const char *yb_status_name(int status);

YB_END_DECLS

#endif /* YIBAO_STATUS_H */
