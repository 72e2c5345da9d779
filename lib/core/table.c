/* Pack tables with named columns; see table.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <yibao/money.h>

#include "table.h"

int yb_table_open(yb_ctx *ctx, const yb_pack *pack, const char *name, int required_table,
                  const char *const *cols, const int *required, size_t n, yb_table *t)
{
    memset(t, 0, sizeof *t);
    t->name = name;
    for (size_t i = 0; i < YB_TABLE_MAX_COLS; i++)
        t->col[i] = -1;
    if (n > YB_TABLE_MAX_COLS)
        return yb_fail(ctx, YB_E_INTERNAL, "table '%s': more than %d columns requested", name, YB_TABLE_MAX_COLS);
    if (!yb_pack_has_table(pack, name)) {
        if (!required_table)
            return YB_OK;
        yb_errloc loc = { .file = yb_pack_manifest_path(pack), .field = "tables" };
        return yb_fail_at(ctx, YB_E_PACK, &loc, "a '%s' pack needs the table '%s'", yb_pack_kind(pack), name);
    }
    int rc = yb_pack_table_open(ctx, pack, name, &t->csv);
    if (rc)
        return rc;
    rc = yb_csv_map_cols(t->csv, ctx, cols, required, n, t->col);
    if (rc)
        yb_table_close(t);
    return rc;
}

void yb_table_close(yb_table *t)
{
    yb_csv_close(t->csv);
    t->csv = NULL;
}

int yb_table_next(yb_table *t, yb_ctx *ctx)
{
    return t->csv ? yb_csv_next(t->csv, ctx) : 0;
}

int yb_table_present(const yb_table *t) { return t->csv != NULL; }

int yb_table_has_col(const yb_table *t, size_t k)
{
    return k < YB_TABLE_MAX_COLS && t->col[k] >= 0;
}

const char *yb_table_text(const yb_table *t, size_t k, size_t *len)
{
    if (!yb_table_has_col(t, k) || !t->csv) {
        *len = 0;
        return "";
    }
    const char *s = yb_csv_field(t->csv, (size_t)t->col[k], len);
    while (*len && (*s == ' ' || *s == '\t')) {
        s++;
        (*len)--;
    }
    while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
        (*len)--;
    return s;
}

int yb_table_row_fail(const yb_table *t, yb_ctx *ctx, size_t k, int status, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t col = yb_table_has_col(t, k) ? (size_t)t->col[k] : 0;
    return yb_csv_field_fail(t->csv, ctx, col, status, "%s", msg);
}

int yb_table_fail(const yb_table *t, yb_ctx *ctx, int status, const char *field, const char *value,
                  const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    yb_errloc loc = { .file = t->csv ? yb_csv_name(t->csv) : t->name, .field = field, .value = value,
                      .value_len = value ? strlen(value) : 0 };
    return yb_fail_at(ctx, status, &loc, "%s", msg);
}

int yb_table_copy(const yb_table *t, yb_ctx *ctx, size_t k, int required, char *out, size_t cap)
{
    out[0] = '\0';
    size_t len;
    const char *s = yb_table_text(t, k, &len);
    if (!len)
        return required ? yb_table_row_fail(t, ctx, k, YB_E_FORMAT, "missing value") : YB_OK;
    if (len >= cap)
        return yb_table_row_fail(t, ctx, k, YB_E_FORMAT, "longer than %zu bytes", cap - 1);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20)
            return yb_table_row_fail(t, ctx, k, YB_E_FORMAT, "control character in a code or name");
    memcpy(out, s, len);
    out[len] = '\0';
    return YB_OK;
}

static int out_of_range(const yb_table *t, yb_ctx *ctx, size_t k, int decimals, int64_t min, int64_t max)
{
    char lo[32], hi[32];
    yb_decimal_format(min, decimals, lo, sizeof lo);
    yb_decimal_format(max, decimals, hi, sizeof hi);
    return yb_table_row_fail(t, ctx, k, YB_E_PARAM, "must be from %s to %s", lo, hi);
}

int yb_table_dec_opt(const yb_table *t, yb_ctx *ctx, size_t k, int decimals, int64_t min, int64_t max,
                     int64_t *out, int *present)
{
    *present = 0;
    if (!yb_table_has_col(t, k))
        return YB_OK;
    int64_t v;
    int rc = decimals == 0 ? yb_csv_get_i64_opt(t->csv, ctx, (size_t)t->col[k], INT64_MIN, INT64_MAX, &v, present)
                           : yb_csv_get_decimal_opt(t->csv, ctx, (size_t)t->col[k], decimals, &v, present);
    if (rc || !*present)
        return rc;
    if (v < min || v > max)
        return out_of_range(t, ctx, k, decimals, min, max);
    *out = v;
    return YB_OK;
}

int yb_table_dec(const yb_table *t, yb_ctx *ctx, size_t k, int decimals, int64_t min, int64_t max,
                 int64_t *out)
{
    int present;
    int rc = yb_table_dec_opt(t, ctx, k, decimals, min, max, out, &present);
    if (!rc && !present)
        return yb_table_row_fail(t, ctx, k, YB_E_FORMAT, "missing value");
    return rc;
}

int yb_table_int_opt(const yb_table *t, yb_ctx *ctx, size_t k, int64_t min, int64_t max, int64_t *out,
                     int *present)
{
    return yb_table_dec_opt(t, ctx, k, 0, min, max, out, present);
}

int yb_table_int(const yb_table *t, yb_ctx *ctx, size_t k, int64_t min, int64_t max, int64_t *out)
{
    return yb_table_dec(t, ctx, k, 0, min, max, out);
}
