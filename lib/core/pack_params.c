/* Typed access to a pack's parameters, with messages naming the manifest,
 * the key and the value (see pack.h). */
#include <stdio.h>
#include <string.h>

#include <yibao/money.h>

#include "date.h"
#include "pack.h"

/* A parameter as stored: exact text and its JSON type ('s', 'i', 'b'). */
typedef struct param_view {
    const char *text;
    char type;
} param_view;

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

static int lookup(yb_ctx *ctx, const yb_pack *p, const char *key, int required, const char *what,
                  param_view *view, const param_view **q)
{
    if (!ctx || !p || !key)
        return YB_E_INVALID_ARG;
    *q = yb_pack_param_raw(p, key, &view->text, &view->type) ? view : NULL;
    if (!*q && required)
        return param_fail(ctx, p, key, NULL, what);
    return YB_OK;
}

int yb_pack_param_int(yb_ctx *ctx, const yb_pack *p, const char *key, int required, int64_t min,
                      int64_t max, int64_t *out)
{
    char what[96];
    snprintf(what, sizeof what, "a whole number from %lld to %lld", (long long)min, (long long)max);
    param_view view;
    const param_view *q;
    int rc = lookup(ctx, p, key, required, what, &view, &q);
    if (rc || !q)
        return rc;
    int64_t v;
    if (q->type == 'b' || yb_decimal_parse(q->text, strlen(q->text), 0, &v) || v < min || v > max)
        return param_fail(ctx, p, key, q->text, what);
    *out = v;
    return YB_OK;
}

int yb_pack_param_decimal(yb_ctx *ctx, const yb_pack *p, const char *key, int required, int decimals,
                          int64_t min, int64_t max, int64_t *out)
{
    char what[160], lo[32], hi[32];
    yb_decimal_format(min, decimals, lo, sizeof lo);
    yb_decimal_format(max, decimals, hi, sizeof hi);
    snprintf(what, sizeof what, "a decimal number with at most %d decimals from %s to %s", decimals, lo, hi);
    param_view view;
    const param_view *q;
    int rc = lookup(ctx, p, key, required, what, &view, &q);
    if (rc || !q)
        return rc;
    int64_t v;
    if (q->type == 'b' || yb_decimal_parse(q->text, strlen(q->text), decimals, &v) || v < min || v > max)
        return param_fail(ctx, p, key, q->text, what);
    *out = v;
    return YB_OK;
}

int yb_pack_param_bool(yb_ctx *ctx, const yb_pack *p, const char *key, int required, int *out)
{
    param_view view;
    const param_view *q;
    int rc = lookup(ctx, p, key, required, "true or false", &view, &q);
    if (rc || !q)
        return rc;
    if (strcmp(q->text, "true") == 0)
        *out = 1;
    else if (strcmp(q->text, "false") == 0)
        *out = 0;
    else
        return param_fail(ctx, p, key, q->text, "true or false");
    return YB_OK;
}

int yb_pack_param_date(yb_ctx *ctx, const yb_pack *p, const char *key, int required, int32_t *out)
{
    param_view view;
    const param_view *q;
    int rc = lookup(ctx, p, key, required, "a date YYYY-MM-DD", &view, &q);
    if (rc || !q)
        return rc;
    if (yb_date_parse(q->text, strlen(q->text), out))
        return param_fail(ctx, p, key, q->text, "a date YYYY-MM-DD");
    return YB_OK;
}

int yb_pack_param_enum(yb_ctx *ctx, const yb_pack *p, const char *key, int required,
                       const char *const *names, size_t n, int *out)
{
    char what[256];
    size_t used = (size_t)snprintf(what, sizeof what, "one of");
    for (size_t i = 0; i < n && used < sizeof what; i++)
        used += (size_t)snprintf(what + used, sizeof what - used, "%s \"%s\"", i ? "," : "", names[i]);
    param_view view;
    const param_view *q;
    int rc = lookup(ctx, p, key, required, what, &view, &q);
    if (rc || !q)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (strcmp(q->text, names[i]) == 0) {
            *out = (int)i;
            return YB_OK;
        }
    return param_fail(ctx, p, key, q->text, what);
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

