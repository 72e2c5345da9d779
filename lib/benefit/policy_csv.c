/* Column readers of the benefit-policy tables (see policy_csv.h). */
#include <string.h>

#include <yibao/benefit.h>
#include <yibao/money.h>

#include "core/date.h"
#include "policy.h"
#include "policy_csv.h"

static int get_date(const yb_table *t, yb_ctx *ctx, int c, int32_t *day)
{
    size_t n;
    const char *s = yb_table_text(t, (size_t)c, &n);
    if (!n)
        return YB_OK;
    int32_t v;
    if (yb_date_parse(s, n, &v))
        return yb_table_row_fail(t, ctx, (size_t)c, YB_E_FORMAT,
                                  "expected a date YYYY-MM-DD between 1900-01-01 and 2999-12-31");
    *day = yb_date_to_days(v);
    return YB_OK;
}

int bp_get_period(const yb_table *t, yb_ctx *ctx, int fc, int tc, int32_t *from, int32_t *to)
{
    *from = BP_DAY_MIN;
    *to = BP_DAY_MAX;
    int rc = get_date(t, ctx, fc, from);
    if (!rc)
        rc = get_date(t, ctx, tc, to);
    if (rc)
        return rc;
    if (*from > *to)
        return yb_table_row_fail(t, ctx, (size_t)tc, YB_E_FORMAT, "valid_to is before valid_from");
    return YB_OK;
}

static int match(const char *s, size_t n, const char *word)
{
    return n == strlen(word) && memcmp(s, word, n) == 0;
}

int bp_get_insured(const yb_table *t, yb_ctx *ctx, int c, int *out)
{
    size_t n;
    const char *s = yb_table_text(t, (size_t)c, &n);
    for (int i = YB_INSURED_EMPLOYEE; i <= YB_INSURED_RESIDENT; i++)
        if (match(s, n, bp_insured_name(i))) {
            *out = i;
            return YB_OK;
        }
    return yb_table_row_fail(t, ctx, (size_t)c, YB_E_FORMAT,
                             "expected an insurance type: employee, retired or resident");
}

int bp_get_level(const yb_table *t, yb_ctx *ctx, int c, int *out)
{
    size_t n;
    const char *s = yb_table_text(t, (size_t)c, &n);
    if (n == 1 && s[0] >= '1' && s[0] <= '3') {
        *out = s[0] - '0';
        return YB_OK;
    }
    return yb_table_row_fail(t, ctx, (size_t)c, YB_E_FORMAT, "expected a hospital level 1, 2 or 3");
}

int bp_get_place(const yb_table *t, yb_ctx *ctx, int c, int *out)
{
    size_t n;
    const char *s = yb_table_text(t, (size_t)c, &n);
    for (int i = YB_PLACE_LOCAL; i <= YB_PLACE_REFERRED; i++)
        if (match(s, n, bp_place_name(i))) {
            *out = i;
            return YB_OK;
        }
    return yb_table_row_fail(t, ctx, (size_t)c, YB_E_FORMAT, "expected a place: local, out_of_area or referred");
}

int bp_get_money(const yb_table *t, yb_ctx *ctx, int c, int64_t *out, uint8_t *present)
{
    *out = 0;
    if (!present)
        return yb_table_dec(t, ctx, (size_t)c, 2, 0, YB_BENEFIT_MAX_AMOUNT, out);
    int p = 0;
    int rc = yb_table_dec_opt(t, ctx, (size_t)c, 2, 0, YB_BENEFIT_MAX_AMOUNT, out, &p);
    *present = (uint8_t)p;
    return rc;
}

int bp_get_ratio(const yb_table *t, yb_ctx *ctx, int c, int64_t max, int64_t def, int64_t *out)
{
    int present = 0;
    int rc = yb_table_dec_opt(t, ctx, (size_t)c, 6, 0, max, out, &present);
    if (rc || present)
        return rc;
    if (def < 0)
        return yb_table_row_fail(t, ctx, (size_t)c, YB_E_FORMAT, "missing ratio");
    *out = def;
    return YB_OK;
}

int bp_get_bool(const yb_table *t, yb_ctx *ctx, int c, int def, uint8_t *out)
{
    size_t n;
    const char *s = yb_table_text(t, (size_t)c, &n);
    if (!n)
        *out = (uint8_t)def;
    else if (match(s, n, "true") || match(s, n, "1"))
        *out = 1;
    else if (match(s, n, "false") || match(s, n, "0"))
        *out = 0;
    else
        return yb_table_row_fail(t, ctx, (size_t)c, YB_E_FORMAT, "expected true or false");
    return YB_OK;
}
