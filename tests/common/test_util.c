#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"

void yb_test_assert_status(const yb_ctx *ctx, int rc, int expected, const char *expr, const char *file,
                           int line)
{
    if (rc == expected)
        return;
    print_error("%s:%d: %s returned %d (%s), expected %d (%s); context says: %s\n", file, line, expr, rc,
                yb_status_name(rc), expected, yb_status_name(expected), ctx ? yb_ctx_errmsg(ctx) : "-");
    fail();
}

void yb_test_assert_msg_has(const yb_ctx *ctx, ...)
{
    va_list ap;
    va_start(ap, ctx);
    const char *frag;
    const char *msg = yb_ctx_errmsg(ctx);
    while ((frag = va_arg(ap, const char *)) != NULL) {
        if (!strstr(msg, frag)) {
            print_error("message \"%s\" lacks \"%s\"\n", msg, frag);
            va_end(ap);
            fail();
        }
    }
    va_end(ap);
}

static const char *root_path(const char *env, const char *rel)
{
    static char buf[8][4096];
    static int next;
    char *b = buf[next++ % 8];
    const char *root = getenv(env);
    snprintf(b, sizeof buf[0], "%s/%s", root ? root : ".", rel);
    return b;
}

const char *yb_test_src(const char *rel) { return root_path("YB_SOURCE_ROOT", rel); }
const char *yb_test_build(const char *rel) { return root_path("YB_BUILD_ROOT", rel); }

const char *yb_test_tmpdir(const char *tag)
{
    static char buf[4][4096];
    static int next, counter;
    char *b = buf[next++ % 4];
    const char *root = getenv("YB_BUILD_ROOT");
    snprintf(b, sizeof buf[0], "%s/test-tmp", root ? root : ".");
    mkdir(b, 0777);
    snprintf(b, sizeof buf[0], "%s/test-tmp/%s-%ld-%d", root ? root : ".", tag, (long)getpid(), counter++);
    mkdir(b, 0777);
    return b;
}

void yb_test_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

void yb_test_write_text(const char *path, const char *text)
{
    yb_test_write_file(path, text, strlen(text));
}

/* Each block carries a header with its size so realloc can be counted. */
typedef struct block {
    size_t size;
    max_align_t align;
} block;

static int should_fail(yb_test_alloc *s)
{
    s->calls++;
    if (s->fail_at > 0 && s->calls >= s->fail_at) {
        s->failed = 1;
        return 1;
    }
    return 0;
}

static void *t_malloc(void *user, size_t size)
{
    yb_test_alloc *s = user;
    if (should_fail(s))
        return NULL;
    block *b = malloc(sizeof(block) + size);
    if (!b)
        return NULL;
    b->size = size;
    s->live++;
    return (char *)b + sizeof(block);
}

static void *t_realloc(void *user, void *ptr, size_t size)
{
    yb_test_alloc *s = user;
    if (should_fail(s))
        return NULL;
    block *b = realloc((char *)ptr - sizeof(block), sizeof(block) + size);
    if (!b)
        return NULL;
    b->size = size;
    return (char *)b + sizeof(block);
}

static void t_free(void *user, void *ptr)
{
    yb_test_alloc *s = user;
    if (!ptr)
        return;
    s->live--;
    free((char *)ptr - sizeof(block));
}

yb_allocator yb_test_allocator(yb_test_alloc *state)
{
    yb_allocator a = { sizeof a, t_malloc, t_realloc, t_free, state };
    return a;
}

long yb_test_every_alloc_fails(yb_test_op op, yb_test_cleanup cleanup, void *user)
{
    /* The context itself is allocated with the default allocator so that
     * only the operation's own allocations are counted and failed. */
    yb_test_alloc st = { 0 };
    yb_allocator a = yb_test_allocator(&st);
    yb_ctx *ctx = NULL;
    assert_int_equal(yb_ctx_new(&ctx, &a), YB_OK);
    long before = st.calls;
    int rc = op(ctx, user);
    if (rc != YB_OK)
        print_error("operation failed without injection: %s\n", yb_ctx_errmsg(ctx));
    assert_int_equal(rc, YB_OK);
    if (cleanup)
        cleanup(user);
    long sites = st.calls - before;
    assert_int_equal(st.live, 1); /* only the context is left */
    yb_ctx_free(ctx);
    for (long n = 1; n <= sites; n++) {
        yb_test_alloc s2 = { 0 };
        yb_allocator a2 = yb_test_allocator(&s2);
        yb_ctx *c2 = NULL;
        assert_int_equal(yb_ctx_new(&c2, &a2), YB_OK);
        s2.fail_at = s2.calls + n;
        rc = op(c2, user);
        if (rc == YB_OK) {
            /* Some failures are absorbed (e.g. a growth that can be retried);
             * the result must still be complete and freed. */
            if (cleanup)
                cleanup(user);
        } else if (rc != YB_E_NOMEM) {
            print_error("allocation %ld failing gave %s: %s\n", n, yb_status_name(rc), yb_ctx_errmsg(c2));
            fail();
        }
        if (s2.live != 1) {
            print_error("allocation %ld failing leaked %ld blocks\n", n, s2.live - 1);
            fail();
        }
        s2.fail_at = 0;
        yb_ctx_free(c2);
    }
    return sites;
}
