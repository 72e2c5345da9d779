/* Text and names of the status codes. */
#include <yibao/status.h>

#include <stddef.h>

typedef struct status_text {
    int code;
    const char *name;
    const char *text;
} status_text;

#define S(code, text) { code, #code, text }
static const status_text status_table[] = {
    S(YB_OK, "success"),
    S(YB_E_INVALID_ARG, "invalid argument"),
    S(YB_E_NOMEM, "out of memory"),
    S(YB_E_IO, "input/output error"),
    S(YB_E_FORMAT, "malformed input"),
    S(YB_E_ENCODING, "input is not UTF-8"),
    S(YB_E_PACK, "invalid data pack"),
    S(YB_E_CHECKSUM, "pack table checksum mismatch"),
    S(YB_E_NOT_FOUND, "not found"),
    S(YB_E_OVERFLOW, "arithmetic overflow"),
    S(YB_E_CANCELLED, "cancelled by the progress callback"),
    S(YB_E_VERSION, "unsupported version or struct size"),
    S(YB_E_STATE, "operation not valid in the current state"),
    S(YB_E_LIMIT, "size limit exceeded"),
    S(YB_E_DUPLICATE, "duplicate key"),
    S(YB_E_PARAM, "parameter value out of its domain"),
    S(YB_E_DIV_ZERO, "division by zero"),
    S(YB_E_INTERNAL, "internal error"),
    S(YB_E_ROW_SEX, "sex missing or not 1/2"),
    S(YB_E_ROW_AGE, "age missing or implausible"),
    S(YB_E_ROW_AGE_DAYS, "age in days missing for an infant"),
    S(YB_E_ROW_BIRTH_WEIGHT, "birth weight missing or implausible for a newborn"),
    S(YB_E_ROW_NEWBORN, "contradictory newborn data"),
    S(YB_E_ROW_NO_DIAGNOSIS, "no principal diagnosis"),
    S(YB_E_ROW_DX_CODE, "diagnosis code malformed or unknown"),
    S(YB_E_ROW_PROC_CODE, "procedure code malformed or unknown"),
    S(YB_E_ROW_TOO_MANY_CODES, "too many diagnoses or procedures"),
    S(YB_E_ROW_LOS, "length of stay negative or implausible"),
    S(YB_E_ROW_DISCHARGE, "discharge type not 1/2/3/4/5/9"),
    S(YB_E_ROW_PRINCIPAL_DX, "principal diagnosis not allowed as principal"),
    S(YB_E_ROW_VENT_HOURS, "ventilation hours negative"),
    S(YB_E_ROW_ICU_DAYS, "ICU days negative"),
    S(YB_E_ROW_YEAR, "year not among the build's years"),
    S(YB_E_ROW_GROUP, "group not in the book"),
    S(YB_E_ROW_HOSPITAL, "hospital not in the book"),
    S(YB_E_ROW_COST, "cost missing, negative or above 10^12 fen"),
    S(YB_E_ROW_INSURANCE, "insurance type unknown"),
    S(YB_E_ROW_SUBTYPE, "auxiliary subtype unknown for the group"),
    S(YB_E_ROW_SELF_PAY, "in-scope patient payment negative or above the cost"),
    S(YB_E_ROW_MONTH, "month not 1 to 12"),
    S(YB_E_ROW_UNGROUPED, "ungrouped case rejected by the book"),
    S(YB_E_ROW_MEMBER, "enrollee or band unknown to the plan"),
    S(YB_E_ROW_PERIOD, "month or date outside the plan year"),
    S(YB_E_ROW_REVERSAL, "reversal matches no earlier entry"),
    S(YB_E_ROW_ENTRY, "entry id missing, too long or already in the ledger"),
    S(YB_E_ROW_KIND, "entry kind unknown or not used by the plan"),
    S(YB_E_ROW_POT, "pot missing or unknown to the plan"),
    S(YB_E_ROW_FACILITY, "facility missing or unknown to the plan"),
    S(YB_E_ROW_AMOUNT, "amount or quantity negative, missing or too large"),
    S(YB_E_ROW_CLAIM, "claim malformed"),
    S(YB_E_ROW_ITEM, "item or class unknown or inconsistent"),
    S(YB_E_ROW_NO_POLICY, "no policy in force on the claim date"),
    S(YB_E_ROW_CLAIM_ID, "claim id already settled or unknown"),
    S(YB_E_ROW_ORDER, "claim earlier than its member's ledger year"),
};
#undef S

static const status_text *find(int status)
{
    for (size_t i = 0; i < sizeof status_table / sizeof status_table[0]; i++)
        if (status_table[i].code == status)
            return &status_table[i];
    return NULL;
}

const char *yb_strerror(int status)
{
    const status_text *t = find(status);
    return t ? t->text : "unknown status";
}

const char *yb_status_name(int status)
{
    const status_text *t = find(status);
    return t ? t->name : "YB_UNKNOWN";
}
