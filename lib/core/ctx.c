/* The worker context: hooks, options, callbacks and the last error. */
#include <stdio.h>
#include <string.h>

#include <yibao/ctx.h>
#include <yibao/version.h>

#include "ctx_internal.h"

#define DEFAULT_PROGRESS_INTERVAL 65536
#define DEFAULT_CSV_MAX_RECORD (1 << 20)
#define DEFAULT_MAX_CODES 64

int yb_ctx_new(yb_ctx **out, const yb_allocator *alloc)
{
    if (!out)
        return YB_E_INVALID_ARG;
    *out = NULL;
    yb_mem mem = yb_mem_default;
    if (alloc) {
        if (alloc->size < sizeof(yb_allocator) || !alloc->malloc_fn || !alloc->realloc_fn ||
            !alloc->free_fn)
            return YB_E_INVALID_ARG;
        mem.malloc_fn = alloc->malloc_fn;
        mem.realloc_fn = alloc->realloc_fn;
        mem.free_fn = alloc->free_fn;
        mem.user = alloc->user;
    }
    yb_ctx *ctx = yb_mem_calloc(&mem, 1, sizeof *ctx);
    if (!ctx)
        return YB_E_NOMEM;
    ctx->mem = mem;
    ctx->log_max_level = YB_LOG_WARN;
    ctx->progress_interval = DEFAULT_PROGRESS_INTERVAL;
    ctx->csv_max_record = DEFAULT_CSV_MAX_RECORD;
    ctx->max_codes_per_case = DEFAULT_MAX_CODES;
    *out = ctx;
    return YB_OK;
}

void yb_ctx_free(yb_ctx *ctx)
{
    if (ctx) {
        yb_mem mem = ctx->mem;
        yb_mem_free(&mem, ctx);
    }
}

const char *yb_ctx_errmsg(const yb_ctx *ctx)
{
    return ctx ? ctx->err_msg : "no context";
}

int yb_ctx_errcode(const yb_ctx *ctx)
{
    return ctx ? ctx->err_status : YB_E_INVALID_ARG;
}

int yb_ctx_error_info(const yb_ctx *ctx, yb_error_info *info)
{
    if (!ctx || !info || info->size < sizeof(yb_error_info))
        return YB_E_INVALID_ARG;
    info->status = ctx->err_status;
    info->file = ctx->err_file;
    info->line = ctx->err_line;
    info->column = ctx->err_column;
    info->field = ctx->err_field;
    info->value = ctx->err_value;
    info->message = ctx->err_msg;
    return YB_OK;
}

void yb_ctx_clear_error(yb_ctx *ctx)
{
    if (!ctx)
        return;
    ctx->err_status = YB_OK;
    ctx->err_line = ctx->err_column = 0;
    ctx->err_file[0] = ctx->err_field[0] = ctx->err_value[0] = ctx->err_msg[0] = '\0';
}

int yb_ctx_set_log(yb_ctx *ctx, yb_log_fn fn, void *user, int max_level)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    ctx->log_fn = fn;
    ctx->log_user = user;
    ctx->log_max_level = max_level;
    return YB_OK;
}

int yb_ctx_set_progress(yb_ctx *ctx, yb_progress_fn fn, void *user)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    ctx->progress_fn = fn;
    ctx->progress_user = user;
    return YB_OK;
}

int yb_ctx_set_option(yb_ctx *ctx, int option, int64_t value)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    switch (option) {
    case YB_OPT_PROGRESS_INTERVAL:
        if (value < 1)
            return yb_fail(ctx, YB_E_PARAM, "progress interval must be at least 1, got %lld",
                           (long long)value);
        ctx->progress_interval = value;
        return YB_OK;
    case YB_OPT_CSV_MAX_RECORD:
        if (value < 64 || value > ((int64_t)1 << 30))
            return yb_fail(ctx, YB_E_PARAM,
                           "CSV record limit must be between 64 bytes and 1 GiB, got %lld",
                           (long long)value);
        ctx->csv_max_record = value;
        return YB_OK;
    case YB_OPT_MAX_CODES_PER_CASE:
        if (value < 1 || value > 4096)
            return yb_fail(ctx, YB_E_PARAM, "codes per case must be between 1 and 4096, got %lld",
                           (long long)value);
        ctx->max_codes_per_case = value;
        return YB_OK;
    default:
        return yb_fail(ctx, YB_E_INVALID_ARG, "unknown option %d", option);
    }
}

int yb_ctx_get_option(const yb_ctx *ctx, int option, int64_t *value)
{
    if (!ctx || !value)
        return YB_E_INVALID_ARG;
    switch (option) {
    case YB_OPT_PROGRESS_INTERVAL: *value = ctx->progress_interval; return YB_OK;
    case YB_OPT_CSV_MAX_RECORD: *value = ctx->csv_max_record; return YB_OK;
    case YB_OPT_MAX_CODES_PER_CASE: *value = ctx->max_codes_per_case; return YB_OK;
    default: return YB_E_INVALID_ARG;
    }
}

uint32_t yb_version_number(void)
{
    return YB_VERSION_MAJOR * 10000u + YB_VERSION_MINOR * 100u + YB_VERSION_PATCH;
}

#define STR2(x) #x
#define STR(x) STR2(x)
const char *yb_version_string(void)
{
    return STR(YB_VERSION_MAJOR) "." STR(YB_VERSION_MINOR) "." STR(YB_VERSION_PATCH);
}

static size_t truncated_len(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--; /* do not cut inside a UTF-8 sequence */
    return n;
}

/* Copies at most cap-1 bytes, replacing control characters so a message stays
 * on one line. */
static void copy_part(char *dst, size_t cap, const char *src, size_t len)
{
    size_t n = 0;
    if (src) {
        len = truncated_len(src, len, cap - 1);
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)src[i];
            dst[n++] = (c < 0x20 || c == 0x7F) ? '?' : (char)c;
        }
    }
    dst[n] = '\0';
}

int yb_vfail_at(yb_ctx *ctx, int status, const yb_errloc *loc, const char *fmt, va_list ap)
{
    if (!ctx)
        return status;
    yb_ctx_clear_error(ctx);
    ctx->err_status = status;
    size_t used = 0;
    char *msg = ctx->err_msg;
    const size_t cap = sizeof ctx->err_msg;
    if (loc) {
        if (loc->file) {
            copy_part(ctx->err_file, sizeof ctx->err_file, loc->file, strlen(loc->file));
            used += (size_t)snprintf(msg + used, cap - used, "%s:", ctx->err_file);
            if (loc->line && used < cap)
                used += (size_t)snprintf(msg + used, cap - used, "%llu:", (unsigned long long)loc->line);
            if (loc->column && used < cap)
                used += (size_t)snprintf(msg + used, cap - used, "%llu:", (unsigned long long)loc->column);
            if (used < cap)
                used += (size_t)snprintf(msg + used, cap - used, " ");
        }
        ctx->err_line = loc->line;
        ctx->err_column = loc->column;
        if (loc->field)
            copy_part(ctx->err_field, sizeof ctx->err_field, loc->field, strlen(loc->field));
        if (loc->value) {
            size_t vlen = truncated_len(loc->value, loc->value_len, YB_ERRVALUE_MAX);
            copy_part(ctx->err_value, sizeof ctx->err_value, loc->value, vlen);
        }
    }
    if (used < cap)
        used += (size_t)vsnprintf(msg + used, cap - used, fmt, ap);
    if (loc && loc->field && used < cap)
        used += (size_t)snprintf(msg + used, cap - used, " (field '%s'", ctx->err_field);
    if (loc && loc->field && loc->value && used < cap)
        used += (size_t)snprintf(msg + used, cap - used, ", value '%s'", ctx->err_value);
    else if (loc && !loc->field && loc->value && used < cap)
        used += (size_t)snprintf(msg + used, cap - used, " (value '%s'", ctx->err_value);
    if (loc && (loc->field || loc->value) && used < cap)
        (void)snprintf(msg + used, cap - used, ")");
    if (ctx->log_fn && ctx->log_max_level >= YB_LOG_ERROR)
        ctx->log_fn(ctx->log_user, YB_LOG_ERROR, ctx->err_msg);
    return status;
}

int yb_fail_at(yb_ctx *ctx, int status, const yb_errloc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = yb_vfail_at(ctx, status, loc, fmt, ap);
    va_end(ap);
    return rc;
}

int yb_fail(yb_ctx *ctx, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = yb_vfail_at(ctx, status, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

int yb_fail_nomem(yb_ctx *ctx, const char *what)
{
    return yb_fail(ctx, YB_E_NOMEM, "out of memory while allocating %s", what);
}

void yb_log(yb_ctx *ctx, int level, const char *fmt, ...)
{
    if (!ctx || !ctx->log_fn || level > ctx->log_max_level)
        return;
    char buf[YB_ERRMSG_CAP];
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ctx->log_fn(ctx->log_user, level, buf);
}

int yb_progress(yb_ctx *ctx, uint64_t done, uint64_t total)
{
    if (ctx && ctx->progress_fn && ctx->progress_fn(ctx->progress_user, done, total) != 0)
        return yb_fail(ctx, YB_E_CANCELLED, "cancelled by the progress callback after %llu of %llu rows",
                       (unsigned long long)done, (unsigned long long)total);
    return YB_OK;
}
