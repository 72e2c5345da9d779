/* `yibao bench capitation [--plan PACK] [--entries N]`: ledger throughput and
 * clearing time on synthetic entries (spending of three kinds over 12 months
 * and the plan's pots, 1 % of them reversed). The baseline, measured in the
 * same run, is a bare pass over the same columns (hash every id, add every
 * amount into a kind × month × pot array), so the ratio shows what the
 * ledger's checks, index and reversal bookkeeping cost on this machine.
 * Last line: `capitation <entries> entries <s> s <rate> entries/s baseline x<ratio> clear <ms> ms`. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "core/hash.h"
#include "region_rng.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int bench_capitation(int argc, char **argv)
{
    const char *plan_path = "packs/sample-capitation", *v;
    long n = 1000000;
    for (int i = 1; i < argc; i++) {
        if ((v = cli_option(argc, argv, &i, "--plan")))
            plan_path = v;
        else if ((v = cli_option(argc, argv, &i, "--entries")))
            n = strtol(v, NULL, 10);
        else
            return cli_usage("yibao bench capitation [--plan PACK] [--entries N]");
    }
    if (n < 100 || n > 50000000)
        return cli_usage("yibao bench capitation: --entries must be 100 … 50000000");
    yb_ctx *ctx = cli_ctx();
    if (!ctx)
        return 1;
    yb_cap_plan *plan = NULL;
    int rc = yb_cap_plan_load(ctx, plan_path, &plan);
    if (rc || yb_cap_plan_mode(plan) != YB_CAP_MODE_ALLIANCE) {
        int st = cli_fail(ctx, rc ? rc : YB_E_STATE, plan_path);
        yb_cap_plan_free(plan);
        yb_ctx_free(ctx);
        return st;
    }
    size_t N = (size_t)n, npots = yb_cap_plan_pot_count(plan);
    char *ids = malloc(N * 10), *pots = malloc(N * 16), *revs = malloc(N * 10);
    int64_t *id_off = malloc((N + 1) * sizeof *id_off), *pot_off = malloc((N + 1) * sizeof *pot_off);
    int64_t *rev_off = malloc((N + 1) * sizeof *rev_off), *amount = malloc(N * sizeof *amount);
    int32_t *kind = malloc(N * sizeof *kind), *month = malloc(N * sizeof *month), *st = malloc(N * sizeof *st);
    uint32_t *pot_id = malloc(N * sizeof *pot_id);
    if (!ids || !pots || !revs || !id_off || !pot_off || !rev_off || !amount || !kind || !month || !st || !pot_id) {
        fprintf(stderr, "yibao: out of memory\n");
        return 1;
    }
    size_t il = 0, pl = 0, rl = 0;
    rng r;
    rng_seed(&r, 7, RS_BENCH, 0, 0);
    id_off[0] = pot_off[0] = rev_off[0] = 0;
    for (size_t i = 0; i < N; i++) {
        uint64_t x = rng_next(&r);
        int reversal = i >= 100 && (x >> 40) % 100 == 0 && kind[i - 100] != YB_CAP_REVERSAL;
        il += (size_t)snprintf(ids + il, 10, "%08zx", i);
        id_off[i + 1] = (int64_t)il;
        pot_id[i] = (uint32_t)((x >> 20) % npots);
        kind[i] = reversal ? YB_CAP_REVERSAL : 1 + (int32_t)((x >> 30) % 3);
        month[i] = 1 + (int32_t)((x >> 35) % 12);
        amount[i] = (int64_t)((x >> 44) % 2000000);
        const char *pc = reversal ? "" : yb_cap_plan_pot_code(plan, pot_id[i]);
        memcpy(pots + pl, pc, strlen(pc));
        pl += strlen(pc);
        pot_off[i + 1] = (int64_t)pl;
        if (reversal) /* reverse an entry 100 rows back (reversed at most once: ids are distinct) */
            rl += (size_t)snprintf(revs + rl, 10, "%08zx", i - 100);
        rev_off[i + 1] = (int64_t)rl;
    }
    /* Baseline: a bare pass over the same data. */
    int64_t *cells = calloc(3 * 12 * npots, sizeof *cells);
    double t0 = now();
    uint64_t h = 0;
    for (size_t i = 0; i < N; i++) {
        h ^= yb_hash_bytes(ids + id_off[i], (size_t)(id_off[i + 1] - id_off[i]));
        if (kind[i] != YB_CAP_REVERSAL)
            cells[((size_t)(kind[i] - 1) * 12 + (size_t)(month[i] - 1)) * npots + pot_id[i]] += amount[i];
    }
    double base = now() - t0;
    yb_cap_ledger *l = NULL;
    yb_cap_entry_columns in = { .size = sizeof in, .n = N, .entry_id_data = ids, .entry_id_offsets = id_off,
                                .kind = kind, .month = month, .pot_data = pots, .pot_offsets = pot_off,
                                .amount = amount, .reverses_data = revs, .reverses_offsets = rev_off };
    rc = yb_cap_ledger_new(ctx, plan, &l);
    t0 = now();
    int bad = rc ? rc : yb_cap_ledger_add_batch(ctx, l, &in, st);
    double add = now() - t0;
    yb_cap_clearing *c = NULL;
    yb_cap_clearing_input ci = { .size = sizeof ci, .total_score = 950000 };
    int64_t item_scores[64];
    size_t nitems = yb_cap_plan_item_count(plan);
    for (size_t i = 0; i < nitems && i < 64; i++)
        item_scores[i] = 0;
    if (nitems) /* zero item scores are valid: they test the assessment path, not the result */
        ci.item_scores = item_scores, ci.n_item_scores = nitems;
    t0 = now();
    int crc = bad < 0 ? bad : yb_cap_clear(ctx, plan, l, &ci, &c);
    double clear = now() - t0;
    int status = 0;
    if (bad != 0 || crc != 0) {
        status = cli_fail(ctx, bad < 0 ? bad : crc ? crc : YB_E_INTERNAL, "bench");
    } else {
        printf("baseline pass %.3f s (checksum %llx)\n", base, (unsigned long long)(h & 0xffff));
        printf("ledger add_batch %.3f s, clearing %.3f ms, %zu steps (machine shared: compare ratios)\n", add,
               clear * 1e3, yb_cap_clearing_step_count(c));
        printf("capitation %zu entries %.3f s %.0f entries/s baseline x%.1f clear %.3f ms\n", N, add,
               (double)N / add, add / (base > 0 ? base : 1e-9), clear * 1e3);
    }
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(l);
    yb_cap_plan_free(plan);
    yb_ctx_free(ctx);
    free(ids), free(pots), free(revs), free(id_off), free(pot_off), free(rev_off), free(amount), free(kind);
    free(month), free(st), free(pot_id), free(cells);
    return status;
}
