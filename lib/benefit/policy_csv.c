/* Typed column readers of the benefit-policy tables. */
#include <string.h>

#include <yibao/benefit.h>
#include <yibao/money.h>

#include "core/date.h"
#include "policy.h"
#include "policy_csv.h"

int bp_table_open(yb_ctx *ctx, const yb_pack *pack, const char *name, int must_exist,
                  const char *const *cols, const int *required, size_t n, bp_table *t)
{
    memset(t, 0, sizeof *t);
    t->name = name;
    if (!yb_pack_has_table(pack, name)) {
        if (!must_exist)
            return YB_E_NOT_FOUND;
        yb_errloc loc = { .file = yb_pack_manifest_path(pack), .field = name };
        return yb_fail_at(ctx, YB_E_PACK, &loc, "a benefit-policy pack needs the table '%s'", name);
    }
    int rc = yb_pack_table_open(ctx, pack, name, &t->r);
    if (rc)
        return rc;
    rc = yb_csv_map_cols(t->r, ctx, cols, required, n, t->col);
    if (rc) {
        bp_table_close(t);
        return rc;
    }
    return YB_OK;
}

void bp_table_close(bp_table *t)
{
    yb_csv_close(t->r);
    t->r = NULL;
}

uint64_t bp_line(const bp_table *t) { return yb_csv_line(t->r); }

int bp_next(bp_table *t, yb_ctx *ctx) { return yb_csv_next(t->r, ctx); }

static const char *field(bp_table *t, int c, size_t *len)
{
    const char *s = yb_csv_field(t->r, (size_t)t->col[c], len);
    while (*len && (*s == ' ' || *s == '\t')) {
        s++;
        (*len)--;
    }
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
        (*len)--;
    return s;
}

static int fail(bp_table *t, yb_ctx *ctx, int c, int status, const char *what)
{
    return yb_csv_field_fail(t->r, ctx, (size_t)t->col[c], status, "%s", what);
}

static int get_date(bp_table *t, yb_ctx *ctx, int c, int32_t *day, int *present)
{
    size_t n;
    const char *s = field(t, c, &n);
    *present = n > 0;
    if (!n)
        return YB_OK;
    int32_t v;
    if (yb_date_parse(s, n, &v))
        return fail(t, ctx, c, YB_E_FORMAT, "expected a date YYYY-MM-DD");
    *day = yb_date_to_days(v);
    return YB_OK;
}

int bp_get_period(bp_table *t, yb_ctx *ctx, int fc, int tc, int32_t *from, int32_t *to)
{
    int present;
    *from = BP_DAY_MIN;
    *to = BP_DAY_MAX;
    int rc = get_date(t, ctx, fc, from, &present);
    if (!rc)
        rc = get_date(t, ctx, tc, to, &present);
    if (rc)
        return rc;
    if (*from > *to)
        return fail(t, ctx, tc, YB_E_FORMAT, "valid_to is before valid_from");
    return YB_OK;
}

static int match(const char *s, size_t n, const char *word)
{
    return n == strlen(word) && memcmp(s, word, n) == 0;
}

int bp_get_insured(bp_table *t, yb_ctx *ctx, int c, int *out)
{
    size_t n;
    const char *s = field(t, c, &n);
    for (int i = YB_INSURED_EMPLOYEE; i <= YB_INSURED_RESIDENT; i++)
        if (match(s, n, bp_insured_name(i))) {
            *out = i;
            return YB_OK;
        }
    return fail(t, ctx, c, YB_E_FORMAT, "expected an insurance type: employee, retired or resident");
}

int bp_get_level(bp_table *t, yb_ctx *ctx, int c, int *out)
{
    size_t n;
    const char *s = field(t, c, &n);
    if (n == 1 && s[0] >= '1' && s[0] <= '3') {
        *out = s[0] - '0';
        return YB_OK;
    }
    return fail(t, ctx, c, YB_E_FORMAT, "expected a hospital level 1, 2 or 3");
}

int bp_get_place(bp_table *t, yb_ctx *ctx, int c, int *out)
{
    size_t n;
    const char *s = field(t, c, &n);
    for (int i = YB_PLACE_LOCAL; i <= YB_PLACE_REFERRED; i++)
        if (match(s, n, bp_place_name(i))) {
            *out = i;
            return YB_OK;
        }
    return fail(t, ctx, c, YB_E_FORMAT, "expected a place: local, out_of_area or referred");
}

int bp_get_money(bp_table *t, yb_ctx *ctx, int c, int64_t *out, uint8_t *present)
{
    size_t n;
    const char *s = field(t, c, &n);
    if (!n) {
        if (present) {
            *present = 0;
            *out = 0;
            return YB_OK;
        }
        return fail(t, ctx, c, YB_E_FORMAT, "missing amount (yuan)");
    }
    int64_t v;
    if (yb_decimal_parse(s, n, 2, &v) || v < 0 || v > YB_BENEFIT_MAX_AMOUNT)
        return fail(t, ctx, c, YB_E_FORMAT,
                    "expected an amount in yuan with at most 2 decimals, from 0 to 100000000000");
    if (present)
        *present = 1;
    *out = v;
    return YB_OK;
}

int bp_get_ratio(bp_table *t, yb_ctx *ctx, int c, int64_t max, int64_t def, int64_t *out)
{
    size_t n;
    const char *s = field(t, c, &n);
    if (!n) {
        if (def >= 0) {
            *out = def;
            return YB_OK;
        }
        return fail(t, ctx, c, YB_E_FORMAT, "missing ratio");
    }
    int64_t v;
    if (yb_decimal_parse(s, n, 6, &v) || v < 0 || v > max) {
        char what[96], hi[32];
        yb_decimal_format(max, 6, hi, sizeof hi);
        snprintf(what, sizeof what, "expected a ratio with at most 6 decimals from 0 to %s", hi);
        return fail(t, ctx, c, YB_E_FORMAT, what);
    }
    *out = v;
    return YB_OK;
}

int bp_get_bool(bp_table *t, yb_ctx *ctx, int c, int def, uint8_t *out)
{
    size_t n;
    const char *s = field(t, c, &n);
    if (!n)
        *out = (uint8_t)def;
    else if (match(s, n, "true") || match(s, n, "1"))
        *out = 1;
    else if (match(s, n, "false") || match(s, n, "0"))
        *out = 0;
    else
        return fail(t, ctx, c, YB_E_FORMAT, "expected true or false");
    return YB_OK;
}

int bp_get_int(bp_table *t, yb_ctx *ctx, int c, int64_t min, int64_t max, int64_t *out)
{
    return yb_csv_get_i64(t->r, ctx, (size_t)t->col[c], min, max, out);
}
