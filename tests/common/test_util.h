/* Shared helpers of the cmocka suites: cmocka's includes, status assertions
 * that print the context's message, paths to the source tree, and an
 * allocator that counts live blocks and fails on request. */
#ifndef YB_TEST_UTIL_H
#define YB_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <yibao/yibao.h>

/* Asserts rc == expected; on failure prints both names and the ctx message. */
#define assert_status(ctx, rc, expected) \
    yb_test_assert_status((ctx), (rc), (expected), #rc, __FILE__, __LINE__)
#define assert_ok(ctx, rc) assert_status((ctx), (rc), YB_OK)
void yb_test_assert_status(const yb_ctx *ctx, int rc, int expected, const char *expr, const char *file,
                           int line);

/* Asserts that the ctx message contains every given fragment (NULL-terminated list). */
void yb_test_assert_msg_has(const yb_ctx *ctx, ...);
#define assert_msg_has(ctx, ...) yb_test_assert_msg_has((ctx), __VA_ARGS__, (const char *)NULL)

/* "<source root>/<rel>" in a static buffer (YB_SOURCE_ROOT from meson). */
const char *yb_test_src(const char *rel);
/* "<build root>/<rel>" (YB_BUILD_ROOT). */
const char *yb_test_build(const char *rel);
/* A fresh scratch directory under the build tree, unique per call. */
const char *yb_test_tmpdir(const char *tag);
/* Writes bytes to path (creating it). */
void yb_test_write_file(const char *path, const void *data, size_t len);
void yb_test_write_text(const char *path, const char *text);

/* Counting allocator with failure injection: the n-th allocation (1-based)
 * and every later one fail when fail_at = n; 0 disables. */
typedef struct yb_test_alloc {
    long fail_at;
    long calls;
    long live;
    int failed;
} yb_test_alloc;
yb_allocator yb_test_allocator(yb_test_alloc *state);

/* Runs op(ctx, user) once without failures to count its allocations, then
 * once for every allocation site with that allocation failing. Each failing
 * run must return YB_E_NOMEM (or another error) and free everything
 * (cleanup(user) is called after each run to free what a successful run made).
 * Returns the number of allocation sites exercised. */
typedef int (*yb_test_op)(yb_ctx *ctx, void *user);
typedef void (*yb_test_cleanup)(void *user);
long yb_test_every_alloc_fails(yb_test_op op, yb_test_cleanup cleanup, void *user);

#endif /* YB_TEST_UTIL_H */
