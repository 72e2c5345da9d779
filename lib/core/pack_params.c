/* Typed access to a pack's parameters, with messages naming the manifest,
 * the key and the value (see pack.h). */
#include <stdio.h>
#include <string.h>

#include <yibao/money.h>

#include "date.h"
#include "pack.h"

const char *yb_pack_param_text(const yb_pack *p, const char *key)
{
    const char *text;
    return yb_pack_param_raw(p, key, &text, NULL) ? text : NULL;
}

static int param_fail(yb_ctx *ctx, const yb_pack *p, const char *key, const char *value, const char *what)
{
    yb_errloc loc = { .file = yb_pack_manifest_path(p), .field = key, .value = value,
                      .value_len = value ? strlen(value) : 0 };
    if (!value)
        return yb_fail_at(ctx, YB_E_PARAM, &loc, "missing required parameter '%s' (%s)", key, what);
    return yb_fail_at(ctx, YB_E_PARAM, &loc, "parameter '%s' must be %s", key, what);
}

/* The stored text of key, or NULL when there is nothing to convert: then
 * *rc is YB_OK (absent, optional) or the error (bad arguments, absent and
 * required). *is_bool tells a JSON boolean from text. */
static const char *text_of(yb_ctx *ctx, const yb_pack *p, const char *key, int required, const char *what,
                           int *is_bool, int *rc)
{
    const char *text = NULL;
    char type = 0;
    *rc = YB_OK;
    if (!ctx || !p || !key)
        *rc = YB_E_INVALID_ARG;
    else if (!yb_pack_param_raw(p, key, &text, &type) && required)
        *rc = param_fail(ctx, p, key, NULL, what);
    *is_bool = type == 'b';
    return *rc ? NULL : text;
}

/* Whole numbers are decimals with no fraction digits. */
static int param_number(yb_ctx *ctx, const yb_pack *p, const char *key, int required, int decimals, int64_t min,
                        int64_t max, int64_t *out, const char *what)
{
    int rc, is_bool;
    const char *text = text_of(ctx, p, key, required, what, &is_bool, &rc);
    if (!text)
        return rc;
    int64_t v;
    if (is_bool || yb_decimal_parse(text, strlen(text), decimals, &v) || v < min || v > max)
        return param_fail(ctx, p, key, text, what);
    *out = v;
    return YB_OK;
}

int yb_pack_param_int(yb_ctx *ctx, const yb_pack *p, const char *key, int required, int64_t min,
                      int64_t max, int64_t *out)
{
    char what[96];
    snprintf(what, sizeof what, "a whole number from %lld to %lld", (long long)min, (long long)max);
    return param_number(ctx, p, key, required, 0, min, max, out, what);
}

int yb_pack_param_decimal(yb_ctx *ctx, const yb_pack *p, const char *key, int required, int decimals,
                          int64_t min, int64_t max, int64_t *out)
{
    char what[160], lo[32], hi[32];
    yb_decimal_format(min, decimals, lo, sizeof lo);
    yb_decimal_format(max, decimals, hi, sizeof hi);
    snprintf(what, sizeof what, "a decimal number with at most %d decimals from %s to %s", decimals, lo, hi);
    return param_number(ctx, p, key, required, decimals, min, max, out, what);
}

/* One of names[0..n-1] → its index. */
static int param_choice(yb_ctx *ctx, const yb_pack *p, const char *key, int required, const char *const *names,
                        size_t n, int *out, const char *what)
{
    int rc, is_bool;
    const char *text = text_of(ctx, p, key, required, what, &is_bool, &rc);
    if (!text)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = (int)i;
            return YB_OK;
        }
    return param_fail(ctx, p, key, text, what);
}

int yb_pack_param_bool(yb_ctx *ctx, const yb_pack *p, const char *key, int required, int *out)
{
    static const char *const names[] = { "false", "true" };
    return param_choice(ctx, p, key, required, names, 2, out, "true or false");
}

int yb_pack_param_date(yb_ctx *ctx, const yb_pack *p, const char *key, int required, int32_t *out)
{
    static const char what[] = "a date YYYY-MM-DD";
    int rc, is_bool;
    const char *text = text_of(ctx, p, key, required, what, &is_bool, &rc);
    if (!text)
        return rc;
    if (yb_date_parse(text, strlen(text), out))
        return param_fail(ctx, p, key, text, what);
    return YB_OK;
}

int yb_pack_param_enum(yb_ctx *ctx, const yb_pack *p, const char *key, int required,
                       const char *const *names, size_t n, int *out)
{
    char what[256];
    size_t used = (size_t)snprintf(what, sizeof what, "one of");
    for (size_t i = 0; i < n && used < sizeof what; i++)
        used += (size_t)snprintf(what + used, sizeof what - used, "%s \"%s\"", i ? "," : "", names[i]);
    return param_choice(ctx, p, key, required, names, n, out, what);
}

int yb_pack_param_check_known(yb_ctx *ctx, const yb_pack *p, const char *const *known, size_t n)
{
    if (!ctx || !p)
        return YB_E_INVALID_ARG;
    for (size_t i = 0; i < yb_pack_param_count(p); i++) {
        const char *key = yb_pack_param_key(p, i);
        size_t k = 0;
        for (; k < n; k++) {
            size_t len = strlen(known[k]);
            if (len && known[k][len - 1] == '.' ? strncmp(key, known[k], len) == 0 : strcmp(key, known[k]) == 0)
                break;
        }
        if (k == n) {
            yb_errloc loc = { .file = yb_pack_manifest_path(p), .field = key };
            return yb_fail_at(ctx, YB_E_PARAM, &loc, "unknown parameter '%s' for a '%s' pack", key, yb_pack_kind(p));
        }
    }
    return YB_OK;
}

