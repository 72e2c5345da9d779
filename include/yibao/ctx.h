/**
 * @file ctx.h
 * @brief The per-thread worker context: allocator, options, callbacks and
 *        the detail of the last error.
 *
 * A ::yb_ctx belongs to one thread at a time. Immutable data handles (schemes,
 * catalogues, books, policies, plans) may be shared by any number of threads,
 * each with its own context. The library never prints, aborts or exits; it
 * reports through return codes, the context's error detail and the optional
 * log callback.
 */
#ifndef YIBAO_CTX_H
#define YIBAO_CTX_H

#include <stddef.h>
#include <stdint.h>
#include <yibao/export.h>

YB_BEGIN_DECLS

/** @brief Opaque per-thread worker context. @since 0.1 */
typedef struct yb_ctx yb_ctx;

/** @brief malloc-like hook: returns NULL on failure. @since 0.1 */
typedef void *(*yb_malloc_fn)(void *user, size_t size);
/** @brief realloc-like hook: returns NULL on failure and leaves @p ptr valid. @since 0.1 */
typedef void *(*yb_realloc_fn)(void *user, void *ptr, size_t size);
/** @brief free-like hook: must accept NULL. @since 0.1 */
typedef void (*yb_free_fn)(void *user, void *ptr);

/**
 * @brief Memory hooks used by a context and by every handle loaded with it.
 *
 * A handle remembers the allocator it was loaded with and frees itself with it,
 * so the hooks (and @c user) must outlive every handle made through them.
 * @since 0.1
 */
typedef struct yb_allocator {
    size_t size;               /**< sizeof(yb_allocator), for growth. */
    yb_malloc_fn malloc_fn;    /**< Allocate; required. */
    yb_realloc_fn realloc_fn;  /**< Resize; required. */
    yb_free_fn free_fn;        /**< Release; required. */
    void *user;                /**< Passed to every hook. */
} yb_allocator;

/** @brief Log levels of the log callback. @since 0.1 */
typedef enum yb_log_level {
    YB_LOG_ERROR = 1,  /**< The message of a failed call. */
    YB_LOG_WARN = 2,   /**< Something suspicious that did not fail the call. */
    YB_LOG_INFO = 3,   /**< Milestones: pack loaded, batch finished. */
    YB_LOG_DEBUG = 4   /**< Detail useful when investigating. */
} yb_log_level;

/**
 * @brief Log callback. @p message is valid only during the call.
 * @since 0.1
 */
typedef void (*yb_log_fn)(void *user, int level, const char *message);

/**
 * @brief Progress callback of long batch calls.
 *
 * Called between chunks of work with the rows done so far and the total.
 * Return 0 to continue, any other value to cancel: the call then stops at the
 * next chunk boundary and returns ::YB_E_CANCELLED; rows not processed get the
 * row status ::YB_E_CANCELLED.
 * @since 0.1
 */
typedef int (*yb_progress_fn)(void *user, uint64_t done, uint64_t total);

/** @brief Context options, set with yb_ctx_set_option(). @since 0.1 */
typedef enum yb_option {
    /** Rows between two progress callbacks (default 65536, minimum 1). */
    YB_OPT_PROGRESS_INTERVAL = 1,
    /** Longest CSV record in bytes accepted by readers (default 1 MiB). */
    YB_OPT_CSV_MAX_RECORD = 2,
    /** Maximum diagnoses or procedures per case (default 64). */
    YB_OPT_MAX_CODES_PER_CASE = 3
} yb_option;

/**
 * @brief Structured detail of the last error recorded on a context.
 *
 * Strings point into the context and stay valid until the next call that
 * records an error on it (or yb_ctx_free()). Absent parts are empty strings
 * and zero numbers.
 * @since 0.1
 */
typedef struct yb_error_info {
    size_t size;         /**< Caller sets sizeof(yb_error_info). */
    int status;          /**< The ::yb_status of the failure (0 if none). */
    const char *file;    /**< File (or pack table) the error is about. */
    uint64_t line;       /**< 1-based line, 0 if not applicable. */
    uint64_t column;     /**< 1-based column (field index for CSV), 0 if n/a. */
    const char *field;   /**< Field, column or parameter name. */
    const char *value;   /**< The offending value as read (truncated to 200 bytes). */
    const char *message; /**< The full message, same as yb_ctx_errmsg(). */
} yb_error_info;

/**
 * @brief Creates a worker context.
 * @param[out] out receives the context.
 * @param[in] alloc memory hooks, or NULL for the C library's malloc/realloc/free.
 *            The struct is copied.
 * @returns ::YB_OK, ::YB_E_INVALID_ARG or ::YB_E_NOMEM.
 * @since 0.1
 */
YB_API int yb_ctx_new(yb_ctx **out, const yb_allocator *alloc);

/**
 * @brief Frees a context. NULL is accepted.
 * @param[in] ctx the context.
 * @since 0.1
 */
YB_API void yb_ctx_free(yb_ctx *ctx);

/**
 * @brief Full text of the last error recorded on the context.
 * @param[in] ctx the context (NULL gives a fixed text).
 * @returns a string owned by the context; "" when no error was recorded.
 * @since 0.1
 */
YB_API const char *yb_ctx_errmsg(const yb_ctx *ctx);

/**
 * @brief Status of the last error recorded on the context.
 * @param[in] ctx the context.
 * @returns the status, or ::YB_OK when none was recorded.
 * @since 0.1
 */
YB_API int yb_ctx_errcode(const yb_ctx *ctx);

/**
 * @brief Structured detail of the last error.
 * @param[in] ctx the context.
 * @param[in,out] info caller's struct with @c size set.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_ctx_error_info(const yb_ctx *ctx, yb_error_info *info);

/**
 * @brief Forgets the last error.
 * @param[in] ctx the context.
 * @since 0.1
 */
YB_API void yb_ctx_clear_error(yb_ctx *ctx);

/**
 * @brief Installs (or removes, with NULL) the log callback.
 * @param[in] ctx the context.
 * @param[in] fn the callback or NULL.
 * @param[in] user passed to @p fn.
 * @param[in] max_level messages above this ::yb_log_level are not produced.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_ctx_set_log(yb_ctx *ctx, yb_log_fn fn, void *user, int max_level);

/**
 * @brief Installs (or removes, with NULL) the progress/cancel callback.
 * @param[in] ctx the context.
 * @param[in] fn the callback or NULL.
 * @param[in] user passed to @p fn.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_ctx_set_progress(yb_ctx *ctx, yb_progress_fn fn, void *user);

/**
 * @brief Sets an option.
 * @param[in] ctx the context.
 * @param[in] option a ::yb_option.
 * @param[in] value the new value.
 * @returns ::YB_OK, ::YB_E_INVALID_ARG (unknown option) or ::YB_E_PARAM (bad value).
 * @since 0.1
 */
YB_API int yb_ctx_set_option(yb_ctx *ctx, int option, int64_t value);

/**
 * @brief Reads an option.
 * @param[in] ctx the context.
 * @param[in] option a ::yb_option.
 * @param[out] value receives the value.
 * @returns ::YB_OK or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_ctx_get_option(const yb_ctx *ctx, int option, int64_t *value);

/**
 * @brief Run-time version as MAJOR*10000 + MINOR*100 + PATCH.
 * @returns the version number of the loaded library.
 * @since 0.1
 */
YB_API uint32_t yb_version_number(void);

/**
 * @brief Run-time version as text, "MAJOR.MINOR.PATCH".
 * @returns a static string.
 * @since 0.1
 */
YB_API const char *yb_version_string(void);

YB_END_DECLS

#endif /* YIBAO_CTX_H */
