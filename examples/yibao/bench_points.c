/* `yibao bench points`: settle N grouped cases (default 10 million) under a
 * point-value book — case points, payment, per-hospital totals — then clear
 * the year. Cases are generated deterministically from the book: groups and
 * hospitals uniform, costs spread around each group's standard so that low,
 * high and extreme cases occur, 1% ungrouped, 10% with an auxiliary subtype.
 * The last line is `points <cases> cases <seconds> s <rate> cases/s` for the
 * id path (groups and hospitals given as book ids). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "region_rng.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now(void) { return clock_s(CLOCK_MONOTONIC); }
/* CPU time of this thread: on a shared machine, the time the work really ran. */
static double cpu_now(void) { return clock_s(CLOCK_THREAD_CPUTIME_ID); }

typedef struct timing {
    double wall, cpu;
} timing;

typedef struct gen {
    size_t n;
    uint32_t *group, *hospital;
    int8_t *insurance, *month;
    int64_t *cost, *self_pay;
    int32_t *los;
    char *sub_data;
    int64_t *sub_off;
    char *g_data, *h_data;
    int64_t *g_off, *h_off;
} gen;

static void gen_free(gen *g)
{
    void *p[] = { g->group, g->hospital, g->insurance, g->month, g->cost, g->self_pay, g->los,
                  g->sub_data, g->sub_off, g->g_data, g->h_data, g->g_off, g->h_off };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
}

typedef const char *(*code_fn)(const yb_points_book *, uint32_t);

static int put_codes(char **data, int64_t *off, size_t n, const uint32_t *ids, code_fn code, const yb_points_book *b)
{
    size_t cap = n * 20 + 64, len = 0;
    char *d = malloc(cap);
    if (!d)
        return -1;
    off[0] = 0;
    for (size_t i = 0; i < n; i++) {
        const char *c = ids[i] == YB_POINTS_NO_ID ? "" : code(b, ids[i]);
        size_t l = strlen(c);
        if (len + l > cap) {
            cap *= 2;
            char *nd = realloc(d, cap);
            if (!nd) {
                free(d);
                return -1;
            }
            d = nd;
        }
        memcpy(d + len, c, l);
        len += l;
        off[i + 1] = (int64_t)len;
    }
    *data = d;
    return 0;
}

static int generate(const yb_points_book *b, size_t n, gen *g)
{
    static const char *const subs[] = { "CCI1", "CCI3", "AGE65", "SEVERE" };
    memset(g, 0, sizeof *g);
    g->n = n;
    g->group = malloc(n * sizeof *g->group);
    g->hospital = malloc(n * sizeof *g->hospital);
    g->insurance = malloc(n);
    g->month = malloc(n);
    g->cost = malloc(n * sizeof *g->cost);
    g->self_pay = malloc(n * sizeof *g->self_pay);
    g->los = malloc(n * sizeof *g->los);
    g->sub_off = malloc((n + 1) * sizeof *g->sub_off);
    g->sub_data = malloc(n / 10 * 8 + 64);
    g->g_off = malloc((n + 1) * sizeof *g->g_off);
    g->h_off = malloc((n + 1) * sizeof *g->h_off);
    if (!g->group || !g->hospital || !g->insurance || !g->month || !g->cost || !g->self_pay || !g->los ||
        !g->sub_off || !g->sub_data || !g->g_off || !g->h_off)
        return -1;
    uint32_t ng = yb_points_book_group_count(b), nh = yb_points_book_hospital_count(b);
    int64_t pv = 0;
    yb_points_book_point_value(b, 0, &pv);
    rng s;
    rng_seed(&s, 0x9E3779B97F4A7C15ull, RS_BENCH, 0, 0);
    size_t sub_len = 0;
    g->sub_off[0] = 0;
    /* Subtypes only when the book knows them (the sample book does). */
    yb_ctx *probe = NULL;
    int has_subtypes = 0;
    if (yb_ctx_new(&probe, NULL) == 0) {
        yb_points_case c = { .size = sizeof c, .group = yb_points_book_group_code(b, 0),
                             .hospital = yb_points_book_hospital_code(b, 0), .insurance = 1, .month = 1,
                             .los_days = -1, .cost = 100, .subtype = "CCI1" };
        yb_points_case_result res = { .size = sizeof res };
        has_subtypes = yb_points_case_one(probe, b, &c, NULL, 0, &res) != YB_E_ROW_SUBTYPE;
        yb_ctx_free(probe);
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t r = rng_next(&s);
        uint32_t grp = (uint32_t)(r % ng);
        g->group[i] = (r >> 32) % 100 == 0 ? YB_POINTS_NO_ID : grp;
        g->hospital[i] = (uint32_t)((r >> 40) % nh);
        yb_points_hospital_info hi = { .size = sizeof hi };
        yb_points_book_hospital_info(b, g->hospital[i], &hi);
        g->insurance[i] = (int8_t)((r >> 48) % 10 < 6 ? 1 : 2);
        g->month[i] = (int8_t)(1 + (r >> 52) % 12);
        yb_points_group_info info = { .size = sizeof info };
        yb_points_book_group_info(b, grp, &info);
        /* cost ÷ standard: 0.6 … 1.8 for most cases, 4% low (0.2 … 0.5), 3% high (2 … 4.5),
         * 0.3% extreme (5 … 9): roughly the shares regions report. */
        uint64_t r2 = rng_next(&s);
        int64_t spread = 600 + (int64_t)(r2 % 601) + (int64_t)((r2 >> 10) % 601);
        unsigned tail = (unsigned)((r2 >> 20) % 1000);
        if (tail < 40)
            spread = 200 + (int64_t)((r2 >> 30) % 300);
        else if (tail < 70)
            spread = 2000 + (int64_t)((r2 >> 30) % 2500);
        else if (tail < 73)
            spread = 5000 + (int64_t)((r2 >> 30) % 4000);
        int64_t standard = info.score * pv / 100000000 * hi.base_coefficient / 1000000; /* fen */
        g->cost[i] = standard * spread / 1000 + 1;
        g->self_pay[i] = g->cost[i] * (int64_t)(10 + (r2 >> 40) % 25) / 100;
        g->los[i] = (int32_t)(2 + (r2 >> 48) % 20);
        if (has_subtypes && (r2 >> 56) % 10 == 0) {
            const char *st = subs[(r2 >> 60) % 4];
            memcpy(g->sub_data + sub_len, st, strlen(st));
            sub_len += strlen(st);
        }
        g->sub_off[i + 1] = (int64_t)sub_len;
    }
    if (put_codes(&g->g_data, g->g_off, n, g->group, yb_points_book_group_code, b) ||
        put_codes(&g->h_data, g->h_off, n, g->hospital, yb_points_book_hospital_code, b))
        return -1;
    return 0;
}

/* Settles all cases in chunks through a year accumulator. */
static timing settle(yb_ctx *ctx, const yb_points_book *b, const gen *g, int by_ids, int64_t *total_pay, int *bad)
{
    const size_t chunk = 1 << 20;
    int64_t *points = malloc(chunk * sizeof *points), *payment = malloc(chunk * sizeof *payment);
    int8_t *kind = malloc(chunk);
    int32_t *st = malloc(chunk * sizeof *st);
    yb_points_year *y = NULL;
    double t0 = now(), c0 = cpu_now();
    if (!points || !payment || !kind || !st || yb_points_year_new(ctx, b, &y)) {
        *bad = -1;
        goto out;
    }
    *total_pay = 0;
    *bad = 0;
    for (size_t at = 0; at < g->n; at += chunk) {
        size_t m = g->n - at < chunk ? g->n - at : chunk;
        yb_points_case_columns in = { .size = sizeof in, .n = m, .insurance = g->insurance + at,
                                      .cost = g->cost + at, .self_pay = g->self_pay + at, .month = g->month + at,
                                      .los_days = g->los + at };
        if (by_ids) {
            in.group_ids = g->group + at;
            in.hospital_ids = g->hospital + at;
        } else {
            in.group_data = g->g_data;
            in.group_offsets = g->g_off + at;
            in.hospital_data = g->h_data;
            in.hospital_offsets = g->h_off + at;
        }
        in.subtype_data = g->sub_data;
        in.subtype_offsets = g->sub_off + at;
        yb_points_case_results out = { .size = sizeof out, .points = points, .payment = payment, .kind = kind };
        int rc = yb_points_year_add_batch(ctx, y, &in, NULL, 0, &out, st);
        if (rc < 0) {
            cli_fail(ctx, rc, "bench");
            *bad = -1;
            goto out;
        }
        *bad += rc;
        for (size_t i = 0; i < m; i++)
            *total_pay += payment[i];
    }
    /* Per-hospital totals and the clearing at a fund budget of 80% of the payments. */
    uint32_t nh = yb_points_year_hospital_count(y);
    int64_t *due = calloc(nh, sizeof *due);
    int64_t fund[2];
    yb_points_totals t = { .size = sizeof t };
    for (int p = 0; p < 2; p++) {
        yb_points_year_totals(ctx, y, YB_POINTS_NO_ID, p, -1, &t);
        fund[p] = t.payment / 10 * 8;
    }
    yb_points_clearing_input ci = { .size = sizeof ci, .n_pools = yb_points_book_pool_count(b), .fund_budget = fund,
                                    .n_hospitals = nh };
    yb_points_clearing_results cr = { .size = sizeof cr, .fund_due = due };
    if (!due || yb_points_year_clear(ctx, y, &ci, &cr)) {
        cli_fail(ctx, yb_ctx_errcode(ctx), "bench clearing");
        *bad = -1;
    }
    free(due);
out:;
    timing t1 = { now() - t0, cpu_now() - c0 };
    yb_points_year_free(y);
    free(points);
    free(payment);
    free(kind);
    free(st);
    return t1;
}

int cmd_bench_points(int argc, char **argv)
{
    const char *book_path = "packs/sample-points";
    size_t n = 10000000;
    int strings = 1, repeat = 3;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--ids-only") == 0)
            strings = 0;
        else if ((v = cli_option(argc, argv, &i, "--book")))
            book_path = v;
        else if ((v = cli_option(argc, argv, &i, "--cases")))
            n = (size_t)strtoull(v, NULL, 10);
        else if ((v = cli_option(argc, argv, &i, "--repeat")))
            repeat = atoi(v);
        else
            return cli_usage("yibao bench points [--book PACK (default packs/sample-points)] [--cases N] [--repeat K "
                             "(default 3)] [--ids-only]");
    }
    if (n == 0 || repeat < 1 || repeat > 100)
        return cli_usage("yibao bench points: --cases must be positive and --repeat between 1 and 100");
    yb_ctx *ctx = cli_ctx();
    if (!ctx)
        return 1;
    yb_points_book *b = NULL;
    int rc = yb_points_book_load(ctx, book_path, &b);
    if (rc) {
        cli_fail(ctx, rc, book_path);
        yb_ctx_free(ctx);
        return 1;
    }
    gen g;
    if (yb_points_book_hospital_count(b) == 0 || generate(b, n, &g)) {
        fprintf(stderr, "yibao bench points: the book needs a hospitals table, and memory for %zu cases\n", n);
        gen_free(&g);
        yb_points_book_free(b);
        yb_ctx_free(ctx);
        return 1;
    }
    /* Baseline: one pass that only reads the cost and group columns. */
    double c0 = cpu_now();
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += g.cost[i] + g.group[i];
    double base = cpu_now() - c0;
    int64_t pay_s = 0, pay_i = 0;
    int bad_s = 0, bad_i = 0;
    timing ts = { 0, 0 }, ti = { 0, 0 };
    /* Best of `repeat` runs of each path: on a shared machine the slower runs
     * measure the neighbours, not the library. */
    for (int r = 0; r < repeat; r++) {
        if (strings) {
            timing t = settle(ctx, b, &g, 0, &pay_s, &bad_s);
            if (r == 0 || t.cpu < ts.cpu)
                ts = t;
        }
        timing t = settle(ctx, b, &g, 1, &pay_i, &bad_i);
        if (r == 0 || t.cpu < ti.cpu)
            ti = t;
    }
    int status = 0;
    if (bad_s < 0 || bad_i < 0 || (strings && (pay_s != pay_i || bad_s != bad_i))) {
        fprintf(stderr, "yibao bench points: the string and id paths disagree or failed\n");
        status = 1;
    }
    printf("machine: %ld CPUs online; rates are cases per CPU-second of the settling thread, best of %d runs\n",
           sysconf(_SC_NPROCESSORS_ONLN), repeat);
    printf("baseline read pass: %.4f s CPU (checksum %lld)\n", base, (long long)(sum & 0xffff));
    if (strings)
        printf("strings: %zu cases %.3f s CPU (%.3f s wall) %.0f cases/s, %.0f x baseline, bad rows %d\n", n,
               ts.cpu, ts.wall, (double)n / ts.cpu, ts.cpu / base, bad_s);
    printf("ids:     %zu cases %.3f s CPU (%.3f s wall) %.0f cases/s, %.0f x baseline, bad rows %d\n", n, ti.cpu,
           ti.wall, (double)n / ti.cpu, ti.cpu / base, bad_i);
    printf("points %zu cases %.3f s %.0f cases/s\n", n, ti.cpu, (double)n / ti.cpu);
    gen_free(&g);
    yb_points_book_free(b);
    yb_ctx_free(ctx);
    return status;
}
