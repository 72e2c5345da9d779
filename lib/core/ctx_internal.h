/* Internal view of the worker context and the allocation and error helpers
 * every module uses. Not installed. */
#ifndef YB_CORE_CTX_INTERNAL_H
#define YB_CORE_CTX_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <yibao/ctx.h>
#include <yibao/status.h>

#define YB_ERRMSG_CAP 1024
#define YB_ERRPART_CAP 256
#define YB_ERRVALUE_MAX 200

/* A copy of the allocator hooks; handles keep one so they can free themselves
 * without a context. */
typedef struct yb_mem {
    yb_malloc_fn malloc_fn;
    yb_realloc_fn realloc_fn;
    yb_free_fn free_fn;
    void *user;
} yb_mem;

struct yb_ctx {
    yb_mem mem;
    int err_status;
    uint64_t err_line;
    uint64_t err_column;
    char err_file[YB_ERRPART_CAP];
    char err_field[YB_ERRPART_CAP];
    char err_value[YB_ERRPART_CAP];
    char err_msg[YB_ERRMSG_CAP];
    yb_log_fn log_fn;
    void *log_user;
    int log_max_level;
    yb_progress_fn progress_fn;
    void *progress_user;
    int64_t progress_interval;
    int64_t csv_max_record;
    int64_t max_codes_per_case;
};

/* Where an error is: every part optional (NULL / 0). */
typedef struct yb_errloc {
    const char *file;
    uint64_t line;
    uint64_t column;
    const char *field;
    const char *value;     /* need not be NUL-terminated: value_len bytes */
    size_t value_len;
} yb_errloc;

/* Records an error and returns @p status, so callers can write
 * `return yb_fail(ctx, YB_E_FORMAT, "…", …);`. ctx may be NULL. */
int yb_fail(yb_ctx *ctx, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The same with a location; the message is prefixed "file:line:column: " and
 * suffixed with field and value when given. */
int yb_fail_at(yb_ctx *ctx, int status, const yb_errloc *loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

int yb_vfail_at(yb_ctx *ctx, int status, const yb_errloc *loc, const char *fmt, va_list ap);

/* Out of memory, with the what that failed. */
int yb_fail_nomem(yb_ctx *ctx, const char *what);

void yb_log(yb_ctx *ctx, int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Progress: returns YB_OK or YB_E_CANCELLED (with the message recorded). */
int yb_progress(yb_ctx *ctx, uint64_t done, uint64_t total);

/* Allocation through a yb_mem. Size-overflow safe variants for arrays. */
void *yb_mem_alloc(const yb_mem *mem, size_t size);
void *yb_mem_calloc(const yb_mem *mem, size_t count, size_t size);
void *yb_mem_realloc(const yb_mem *mem, void *ptr, size_t size);
void *yb_mem_realloc_array(const yb_mem *mem, void *ptr, size_t count, size_t size);
void yb_mem_free(const yb_mem *mem, void *ptr);
char *yb_mem_strndup(const yb_mem *mem, const char *s, size_t len);

/* Shorthands on the context's allocator. */
static inline void *yb_alloc(yb_ctx *ctx, size_t size) { return yb_mem_alloc(&ctx->mem, size); }
static inline void *yb_calloc(yb_ctx *ctx, size_t n, size_t size) { return yb_mem_calloc(&ctx->mem, n, size); }
static inline void yb_free(yb_ctx *ctx, void *p) { yb_mem_free(&ctx->mem, p); }

/* The default hooks (C library). */
extern const yb_mem yb_mem_default;

#endif /* YB_CORE_CTX_INTERNAL_H */
