/* Every real pack of the repository, damaged on purpose, through its own
 * module loader: a field replaced by junk, by nothing, by a negative, a huge
 * or an over-precise number, by a copy of another row's field (duplicate
 * keys), by a full-width or a quoted text; a line deleted or given an extra
 * field; the file cut at a random byte. The manifest's checksum is updated
 * each time, so the damage reaches the table parsers and the cross-table
 * checks instead of stopping at the checksum.
 *
 * Each load must either succeed (the damage was harmless: a junk note, an
 * equal value) or fail with a negative status and a message that names a
 * file of the pack (the damaged table, the table whose row refers to the
 * damaged one, or the manifest); it must never crash, leak or touch memory it
 * does not own (the suite runs under ASan+UBSan too). The mutations are
 * drawn from a fixed seed: a failure is reproducible by its pack, table and
 * round, printed with the message. */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "test_util.h"

#include "core/sha256.h"

typedef int (*load_fn)(yb_ctx *ctx, const char *path);

static int load_drg(yb_ctx *ctx, const char *path)
{
    yb_drg_scheme *s = NULL;
    int rc = yb_drg_scheme_load(ctx, path, &s);
    yb_drg_scheme_free(s);
    return rc;
}

static int load_dip(yb_ctx *ctx, const char *path)
{
    yb_dip_catalog *c = NULL;
    int rc = yb_dip_catalog_load(ctx, path, &c);
    yb_dip_catalog_free(c);
    return rc;
}

static int load_book(yb_ctx *ctx, const char *path)
{
    yb_points_book *b = NULL;
    int rc = yb_points_book_load(ctx, path, &b);
    yb_points_book_free(b);
    return rc;
}

static int load_plan(yb_ctx *ctx, const char *path)
{
    yb_cap_plan *p = NULL;
    int rc = yb_cap_plan_load(ctx, path, &p);
    yb_cap_plan_free(p);
    return rc;
}

static int load_policy(yb_ctx *ctx, const char *path)
{
    yb_benefit_policy *p = NULL;
    int rc = yb_benefit_policy_load(ctx, path, &p);
    yb_benefit_policy_free(p);
    return rc;
}

/* ---- files ---- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_non_null(p);
    if (fread(p, 1, (size_t)n, f) != (size_t)n)
        fail_msg("short read of %s", path);
    fclose(f);
    p[n] = '\0';
    *len = (size_t)n;
    return p;
}

/* Copies the regular files of src (packs are flat) into dst. */
static void copy_dir(const char *src, const char *dst)
{
    DIR *d = opendir(src);
    assert_non_null(d);
    struct dirent *e;
    char from[1400], to[1400];
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (e->d_name[0] == '.' || (size_t)snprintf(from, sizeof from, "%.1000s/%.255s", src, e->d_name) >= sizeof from ||
            stat(from, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        snprintf(to, sizeof to, "%.1000s/%.255s", dst, e->d_name);
        size_t n;
        char *p = slurp(from, &n);
        yb_test_write_file(to, p, n);
        free(p);
    }
    closedir(d);
}

/* ---- the damage ---- */

static uint64_t rng_state;

static uint64_t rnd(uint64_t bound)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return bound ? rng_state % bound : 0;
}

typedef struct span {
    size_t at, len;
} span;

/* Line k (0 = header) of text: its start and length without the newline. */
static int line_span(const char *t, size_t n, size_t k, span *out)
{
    size_t at = 0;
    for (size_t i = 0; i < k; i++) {
        const char *nl = memchr(t + at, '\n', n - at);
        if (!nl)
            return -1;
        at = (size_t)(nl - t) + 1;
    }
    if (at >= n)
        return -1;
    const char *nl = memchr(t + at, '\n', n - at);
    out->at = at;
    out->len = nl ? (size_t)(nl - t) - at : n - at;
    if (out->len && t[out->at + out->len - 1] == '\r')
        out->len--;
    return 0;
}

static size_t line_count(const char *t, size_t n)
{
    size_t lines = 0;
    for (size_t i = 0; i < n; i++)
        lines += t[i] == '\n';
    return lines + (n && t[n - 1] != '\n');
}

/* Field f of a line (plain CSV: the packs quote nothing that this test damages). */
static int field_span(const char *t, span line, size_t f, span *out)
{
    size_t at = line.at, end = line.at + line.len;
    for (size_t i = 0; i < f; i++) {
        const char *c = memchr(t + at, ',', end - at);
        if (!c)
            return -1;
        at = (size_t)(c - t) + 1;
    }
    const char *c = memchr(t + at, ',', end - at);
    out->at = at;
    out->len = c ? (size_t)(c - t) - at : end - at;
    return 0;
}

static size_t field_count(const char *t, span line)
{
    size_t f = 1;
    for (size_t i = 0; i < line.len; i++)
        f += t[line.at + i] == ',';
    return f;
}

/* dst = t with [at, at+len) replaced by rep; returns the new length. */
static size_t splice(char *dst, const char *t, size_t n, size_t at, size_t len, const char *rep, size_t rlen)
{
    memcpy(dst, t, at);
    memcpy(dst + at, rep, rlen);
    memcpy(dst + at + rlen, t + at + len, n - at - len);
    return n - len + rlen;
}

enum { KINDS = 12 };
static const char *const kind_names[KINDS] = {
    "junk field",     "empty field",   "negative field", "huge number",  "zero field",   "field of another row",
    "deleted line",   "extra field",   "cut file",       "long decimal", "full-width",   "quoted comma",
};

/* Writes a damaged copy of t into out (capacity n + 64); returns its length
 * and describes the damage in what. */
static size_t damage(const char *t, size_t n, int kind, char *out, char *what, size_t what_cap)
{
    size_t lines = line_count(t, n);
    span line = { 0, 0 }, other = { 0, 0 }, f = { 0, 0 }, g = { 0, 0 };
    size_t k = lines > 1 ? 1 + rnd(lines - 1) : 0;
    if (line_span(t, n, k, &line))
        line_span(t, n, 0, &line);
    size_t fi = rnd(field_count(t, line));
    field_span(t, line, fi, &f);
    snprintf(what, what_cap, "%s, line %zu, field %zu", kind_names[kind], k + 1, fi + 1);
    static const char *const rep[] = { "x!", "", "-1", "99999999999999999999", "0" };
    switch (kind) {
    case 0: case 1: case 2: case 3: case 4:
        return splice(out, t, n, f.at, f.len, rep[kind], strlen(rep[kind]));
    case 5: {
        size_t k2 = lines > 1 ? 1 + rnd(lines - 1) : 0;
        if (line_span(t, n, k2, &other) || field_span(t, other, fi, &g))
            g = f;
        char copy[256];
        size_t glen = g.len < sizeof copy ? g.len : sizeof copy;
        memcpy(copy, t + g.at, glen);
        return splice(out, t, n, f.at, f.len, copy, glen);
    }
    case 6: {
        size_t end = line.at + line.len;
        while (end < n && (t[end] == '\r' || t[end] == '\n'))
            end++;
        return splice(out, t, n, line.at, end - line.at, "", 0);
    }
    case 7:
        return splice(out, t, n, line.at + line.len, 0, ",extra", 6);
    case 8: {
        size_t cut = rnd(n);
        memcpy(out, t, cut);
        snprintf(what, what_cap, "%s at byte %zu of %zu", kind_names[kind], cut, n);
        return cut;
    }
    case 9:
        return splice(out, t, n, f.at, f.len, "1.23456789012345", 16);
    case 10:
        return splice(out, t, n, f.at, f.len, "\xef\xbc\xa1\xef\xbc\x91", 6); /* "Ａ１" */
    default:
        return splice(out, t, n, f.at, f.len, "\"a,b\"", 5);
    }
}

/* The manifest with the table's checksum replaced by the new one: the first
 * old checksum after the table's file name (two tables may have equal
 * content, hence equal checksums). */
static char *rechecksum(const char *manifest, const char *file, const char *old_hex, const char *new_hex)
{
    char *m = strdup(manifest);
    assert_non_null(m);
    char quoted[300];
    snprintf(quoted, sizeof quoted, "\"%.290s\"", file);
    char *from = strstr(m, quoted);
    char *at = strstr(from ? from : m, old_hex);
    if (at)
        memcpy(at, new_hex, 64);
    return m;
}

/* The message names a file of the pack: the damaged table, or for a
 * cross-table check the table whose row refers to it (with its line), or
 * the manifest. */
static int names_a_file(const char *msg)
{
    return strstr(msg, ".csv") != NULL || strstr(msg, "pack.json") != NULL;
}

typedef struct pack_case {
    const char *pack;
    load_fn load;
    int rounds; /* damaged copies per table */
} pack_case;

static void run_pack(const pack_case *pc)
{
    char src[1024], tmp[1024], path[1100], mpath[1100];
    snprintf(src, sizeof src, "%s", yb_test_src(pc->pack));
    snprintf(tmp, sizeof tmp, "%s", yb_test_tmpdir("mutations"));
    copy_dir(src, tmp);
    snprintf(mpath, sizeof mpath, "%.1000s/pack.json", tmp);
    size_t mlen;
    char *manifest = slurp(mpath, &mlen);
    yb_ctx *ctx;
    assert_int_equal(yb_ctx_new(&ctx, NULL), YB_OK);
    assert_int_equal(pc->load(ctx, tmp), YB_OK); /* the undamaged copy loads */

    int loaded = 0, refused = 0, unclear = 0;
    /* YB_MUTATIONS_ROUNDS=N: N damaged copies per table of every pack, for a deeper run by hand. */
    const char *deep = getenv("YB_MUTATIONS_ROUNDS");
    int rounds = deep && atoi(deep) > 0 ? atoi(deep) : pc->rounds;
    DIR *d = opendir(src);
    assert_non_null(d);
    struct dirent *e;
    rng_state = 0x243F6A8885A308D3ULL;
    while ((e = readdir(d)) != NULL) {
        size_t nl = strlen(e->d_name);
        if (nl < 5 || strcmp(e->d_name + nl - 4, ".csv") != 0)
            continue;
        snprintf(path, sizeof path, "%.800s/%.255s", tmp, e->d_name);
        size_t n;
        char *orig = slurp(path, &n);
        char old_hex[65], new_hex[65], what[160];
        yb_sha256_hex(orig, n, old_hex);
        if (!strstr(manifest, old_hex)) { /* not a table of the manifest */
            free(orig);
            continue;
        }
        char *buf = malloc(n + 64);
        assert_non_null(buf);
        for (int r = 0; r < rounds; r++) {
            int kind = (int)((r + rnd(KINDS)) % KINDS);
            size_t len = damage(orig, n, kind, buf, what, sizeof what);
            yb_test_write_file(path, buf, len);
            yb_sha256_hex(buf, len, new_hex);
            char *m = rechecksum(manifest, e->d_name, old_hex, new_hex);
            yb_test_write_text(mpath, m);
            free(m);
            int rc = pc->load(ctx, tmp);
            if (rc == YB_OK) {
                loaded++;
                if (getenv("YB_MUTATIONS_VERBOSE")) /* to review what the loaders accept */
                    print_message("# loaded %s/%s round %d (%s)\n", pc->pack, e->d_name, r, what);
                continue;
            }
            refused++;
            const char *msg = yb_ctx_errmsg(ctx);
            if (rc >= 0 || !msg || !names_a_file(msg)) {
                print_message("# %s/%s round %d (%s): status %d, message \"%s\" names no file of the pack\n",
                              pc->pack, e->d_name, r, what, rc, msg ? msg : "(null)");
                unclear++;
            }
        }
        yb_test_write_file(path, orig, n);
        yb_test_write_text(mpath, manifest);
        free(buf);
        free(orig);
    }
    closedir(d);
    print_message("# %s: %d damaged copies refused with a message naming the file, %d loaded\n", pc->pack,
                  refused, loaded);
    assert_true(refused > 0);
    assert_int_equal(unclear, 0);
    yb_ctx_free(ctx);
    free(manifest);
}

#define PACK_TEST(name, pack, fn, rounds)                \
    static void name(void **state)                       \
    {                                                    \
        (void)state;                                     \
        static const pack_case pc = { pack, fn, rounds }; \
        run_pack(&pc);                                   \
    }

/* The national schemes take a second to load under ASan: fewer rounds there. */
#if defined(__SANITIZE_ADDRESS__)
#define BIG_ROUNDS 2
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BIG_ROUNDS 2
#endif
#endif
#ifndef BIG_ROUNDS
#define BIG_ROUNDS 6
#endif

PACK_TEST(damaged_benefit_policy, "packs/sample-benefit", load_policy, 36)
PACK_TEST(damaged_points_book, "packs/sample-points", load_book, 36)
PACK_TEST(damaged_drg_book, "packs/harbin-drg-2024", load_book, 36)
PACK_TEST(damaged_capitation_plan, "packs/sample-capitation", load_plan, 36)
PACK_TEST(damaged_openimis_plan, "packs/sample-capitation-openimis", load_plan, 36)
PACK_TEST(damaged_drg_scheme, "packs/chs-drg-1.1", load_drg, BIG_ROUNDS)
PACK_TEST(damaged_dip_catalog, "packs/dip-3.0", load_dip, BIG_ROUNDS)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(damaged_benefit_policy), cmocka_unit_test(damaged_points_book),
        cmocka_unit_test(damaged_drg_book),       cmocka_unit_test(damaged_capitation_plan),
        cmocka_unit_test(damaged_openimis_plan),  cmocka_unit_test(damaged_drg_scheme),
        cmocka_unit_test(damaged_dip_catalog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
