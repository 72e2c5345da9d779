/* `yibao bench benefit`: settlement throughput for claims of about ten lines
 * against the sample policy, with the ledger's memory per member.
 *
 * Claims are generated once per chunk (deterministic: region_rng.h), then settled
 * chunk after chunk with new claim ids and rotated members, so a million
 * claims need only one chunk of line data. A baseline pass in the same run
 * (summing every line amount of a chunk) gives a machine-independent ratio.
 * Last line: benefit <claims> claims <seconds> s <rate> claims/s */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "gen_mem.h"
#include "region_rng.h"

typedef struct gen {
    size_t n, nlines;
    uint64_t *claim_id, *member_id, *payer;
    int32_t *date;
    int8_t *insured, *level, *place, *visit, *category;
    int64_t *rows, *offsets, *qty, *price, *amount;
    uint32_t *ids;
    char *data;
} gen;

/* CPU time of this thread: the rate per core on a shared machine (wall time
 * would count the time other processes held the core). */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void gen_free(gen *g)
{
    void *p[] = { g->claim_id, g->member_id, g->payer, g->date, g->insured, g->level, g->place, g->visit,
                  g->category, g->rows, g->offsets, g->qty, g->price, g->amount, g->ids, g->data };
    for (size_t i = 0; i < sizeof p / sizeof *p; i++)
        free(p[i]);
}

static int generate(gen *g, const yb_benefit_policy *pol, size_t n, uint64_t members, int lines)
{
    memset(g, 0, sizeof *g);
    rng r;
    rng_seed(&r, 0x2545F4914F6CDD1DULL, RS_BENCH, 0, 0);
    size_t maxl = n * (size_t)(lines + 2);
    g->n = n;
    const gen_array arrays[] = {
        GEN_ARRAY(g->claim_id, n), GEN_ARRAY(g->member_id, n), GEN_ARRAY(g->payer, n), GEN_ARRAY(g->date, n),
        GEN_ARRAY(g->insured, n), GEN_ARRAY(g->level, n), GEN_ARRAY(g->place, n), GEN_ARRAY(g->visit, n),
        GEN_ARRAY(g->category, n), GEN_ARRAY(g->rows, n + 1), GEN_ARRAY(g->offsets, maxl + 1),
        GEN_ARRAY(g->qty, maxl), GEN_ARRAY(g->price, maxl), GEN_ARRAY(g->amount, maxl), GEN_ARRAY(g->ids, maxl),
        GEN_ARRAY(g->data, maxl * 24) /* item codes of up to 24 bytes */
    };
    if (gen_calloc_all(arrays, CLI_COUNT(arrays)))
        return -1;
    uint32_t nitems = yb_benefit_policy_item_count(pol);
    size_t k = 0, used = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t m = rng_next(&r) % members + 1;
        g->member_id[i] = m;
        g->insured[i] = (int8_t)(m % 3 + 1);
        g->level[i] = (int8_t)(rng_next(&r) % 3 + 1);
        g->place[i] = (int8_t)(rng_next(&r) % 10 < 8 ? 1 : rng_next(&r) % 2 + 2);
        g->visit[i] = (int8_t)(rng_next(&r) % 100 < 85 ? 1 : 2);
        g->category[i] = (int8_t)(m % 10 == 0 ? m / 10 % 5 + 1 : 0);
        g->payer[i] = rng_next(&r) % 100 < 5 ? (m % members) + 1 : 0;
        if (g->payer[i] == m)
            g->payer[i] = 0;
        g->date[i] = 20240101 + (int32_t)(i * 12 / n) * 100 + (int32_t)(rng_next(&r) % 28); /* Jan … Dec 2024 */
        g->rows[i] = (int64_t)k;
        int nl = lines - 2 + (int)(rng_next(&r) % 5); /* lines − 2 … lines + 2, mean `lines` */
        for (int j = 0; j < nl; j++, k++) {
            uint32_t id = (uint32_t)(rng_next(&r) % nitems);
            const char *code = yb_benefit_policy_item_code(pol, id);
            size_t len = strlen(code);
            memcpy(g->data + used, code, len);
            g->offsets[k] = (int64_t)used;
            used += len;
            g->ids[k] = id;
            g->qty[k] = (int64_t)(rng_next(&r) % 3 + 1) * 10000;
            g->price[k] = (int64_t)(rng_next(&r) % 50000 + 100) * (rng_next(&r) % 8 == 0 ? 1000 : 100);
            /* quantity × price ÷ 10^6 = fen, half up */
            g->amount[k] = (g->qty[k] * g->price[k] + 500000) / 1000000;
        }
    }
    g->rows[n] = (int64_t)k;
    g->offsets[k] = (int64_t)used;
    g->nlines = k;
    return 0;
}

static yb_claim_columns columns(const gen *g, int use_ids)
{
    yb_claim_columns c = { .size = sizeof c, .n = g->n, .claim_id = g->claim_id, .member_id = g->member_id,
                           .date = g->date, .insured = g->insured, .level = g->level, .place = g->place,
                           .visit = g->visit, .category = g->category, .family_payer = g->payer,
                           .line_row_offsets = g->rows, .quantity = g->qty, .price = g->price,
                           .amount = g->amount };
    if (use_ids)
        c.item_ids = g->ids;
    else {
        c.item_data = g->data;
        c.item_offsets = g->offsets;
    }
    return c;
}

/* Gives chunk `rep` fresh claim ids and rotated members. */
static void relabel(gen *g, size_t rep, uint64_t members)
{
    for (size_t i = 0; i < g->n; i++) {
        g->claim_id[i] = (uint64_t)rep * g->n + i + 1;
        uint64_t m = (g->member_id[i] - 1 + 7919) % members + 1;
        g->member_id[i] = m;
        g->insured[i] = (int8_t)(m % 3 + 1);
        g->category[i] = (int8_t)(m % 10 == 0 ? m / 10 % 5 + 1 : 0);
        g->payer[i] = g->payer[i] ? (m % members) + 1 : 0;
    }
}

/* Runs `claims` claims in chunks; returns seconds spent in the library. */
static double run(yb_ctx *ctx, const yb_benefit_policy *pol, yb_benefit_ledger *led, gen *g, size_t claims,
                  uint64_t members, int mode, int use_ids, int64_t *failed)
{
    double t = 0;
    *failed = 0;
    for (size_t done = 0, rep = 0; done < claims; done += g->n, rep++) {
        relabel(g, rep, members);
        yb_claim_columns c = columns(g, use_ids);
        c.n = claims - done < g->n ? claims - done : g->n;
        double t0 = now();
        int64_t f = yb_benefit_settle_batch(ctx, pol, led, &c, mode, NULL, NULL);
        t += now() - t0;
        if (f < 0)
            return -1;
        *failed += f;
    }
    return t;
}

static double baseline(const gen *g, size_t claims, int64_t *sink)
{
    double t0 = now();
    int64_t s = 0;
    for (size_t done = 0; done < claims; done += g->n) {
        size_t n = claims - done < g->n ? claims - done : g->n;
        for (size_t i = 0; i < n; i++)
            for (int64_t k = g->rows[i]; k < g->rows[i + 1]; k++)
                s += g->amount[k] + (g->data[g->offsets[k]] == 'D');
    }
    *sink = s;
    return now() - t0;
}

int bench_benefit(int argc, char **argv)
{
    static const char usage[] =
        "yibao bench benefit [--policy PACK] [--claims N] [--members M] [--lines L] [--repeat R]";
    const char *policy = "packs/sample-benefit", *v;
    long long claims = 1000000, members = 200000, lines = 10, repeat = 3;
    for (int i = 1; i < argc; i++) {
        if ((v = cli_option(argc, argv, &i, "--policy")))
            policy = v;
        else if ((v = cli_option(argc, argv, &i, "--claims")))
            claims = atoll(v);
        else if ((v = cli_option(argc, argv, &i, "--members")))
            members = atoll(v);
        else if ((v = cli_option(argc, argv, &i, "--lines")))
            lines = atoll(v);
        else if ((v = cli_option(argc, argv, &i, "--repeat")))
            repeat = atoll(v);
        else
            return cli_usage(usage);
    }
    if (claims < 1 || members < 1 || lines < 3 || lines > 1000 || repeat < 1 || repeat > 100)
        return cli_usage(usage);
    yb_ctx *ctx = cli_ctx();
    if (!ctx)
        return 1;
    yb_benefit_policy *pol = NULL;
    yb_benefit_ledger *led = NULL, *only = NULL;
    gen g;
    int status = 1, rc;
    memset(&g, 0, sizeof g);
    if ((rc = yb_benefit_policy_load(ctx, policy, &pol))) {
        cli_fail(ctx, rc, policy);
        goto done;
    }
    size_t chunk = claims < 100000 ? (size_t)claims : 100000;
    if (generate(&g, pol, chunk, (uint64_t)members, (int)lines)) {
        fprintf(stderr, "yibao: out of memory generating claims\n");
        goto done;
    }
    printf("policy %s (fingerprint %.16s…), %lld claims, %lld members, %.1f lines per claim\n", policy,
           yb_benefit_policy_fingerprint(pol), claims, members, (double)g.nlines / (double)g.n);
    int64_t sink, failed;
    double tb = baseline(&g, (size_t)claims, &sink);
    printf("baseline (sum every line)   %8.3f s %12.0f claims/s (checksum %lld)\n", tb, (double)claims / tb,
           (long long)sink);
    yb_benefit_ledger_new(ctx, &led);
    double tp = run(ctx, pol, led, &g, (size_t)claims, (uint64_t)members, YB_SETTLE_PRE, 0, &failed);
    printf("pre-settlement, item codes  %8.3f s %12.0f claims/s  %.1f× baseline\n", tp, (double)claims / tp, tp / tb);
    if ((rc = yb_benefit_ledger_reserve(ctx, led, (uint64_t)members + 1, (uint64_t)claims))) {
        cli_fail(ctx, rc, "ledger");
        goto done;
    }
    double ti = run(ctx, pol, led, &g, (size_t)claims, (uint64_t)members, YB_SETTLE_FINAL, 1, &failed);
    printf("settlement, item ids        %8.3f s %12.0f claims/s  %.1f× baseline (%lld rows failed)\n", ti,
           (double)claims / ti, ti / tb, (long long)failed);
    /* The headline: item codes, fresh reserved ledger, best of `repeat` runs. */
    double ts = 0, tw = 0;
    for (long long r = 0; r < repeat; r++) {
        yb_benefit_ledger_free(led);
        led = NULL;
        yb_benefit_ledger_new(ctx, &led);
        if ((rc = yb_benefit_ledger_reserve(ctx, led, (uint64_t)members + 1, (uint64_t)claims))) {
            cli_fail(ctx, rc, "ledger");
            goto done;
        }
        double w0 = wall();
        double t = run(ctx, pol, led, &g, (size_t)claims, (uint64_t)members, YB_SETTLE_FINAL, 0, &failed);
        double w = wall() - w0;
        printf("settlement, item codes      %8.3f s %12.0f claims/s  %.1f× baseline (%lld rows failed; wall %.3f s)\n",
               t, (double)claims / t, t / tb, (long long)failed, w);
        if (r == 0 || t < ts) {
            ts = t;
            tw = w;
        }
    }
    /* Member state alone: the same members with no journal. */
    yb_benefit_ledger_new(ctx, &only);
    yb_benefit_ledger_reserve(ctx, only, (uint64_t)members, 0);
    for (long long m = 1; m <= members; m++)
        yb_benefit_ledger_account_credit(ctx, only, (uint64_t)m, 1);
    uint64_t mem_members = yb_benefit_ledger_memory(only), mem_all = yb_benefit_ledger_memory(led);
    uint64_t nclaims = yb_benefit_ledger_claim_count(led);
    printf("ledger: %llu members, %.1f bytes per member (record 104 B + index); journal %.1f bytes per claim\n",
           (unsigned long long)yb_benefit_ledger_member_count(led), (double)mem_members / (double)members,
           nclaims ? (double)(mem_all - mem_members) / (double)nclaims : 0.0);
    printf("best settlement run: %.3f s CPU (%.3f s wall); times are this thread's CPU time%s\n", ts, tw,
#ifdef NDEBUG
           ""
#else
           "; invariant checks on (build without NDEBUG)"
#endif
    );
    printf("benefit %lld claims %.3f s %.0f claims/s\n", claims, ts, (double)claims / ts);
    status = 0;
done:
    gen_free(&g);
    yb_benefit_ledger_free(only);
    yb_benefit_ledger_free(led);
    yb_benefit_policy_free(pol);
    yb_ctx_free(ctx);
    return status;
}
