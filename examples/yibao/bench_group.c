/* `yibao bench group`: grouping throughput on synthetic cases drawn from the
 * real code lists of a CHS-DRG scheme pack and of a DIP catalogue.
 *
 *   yibao bench group [--scheme PACK] [--dip CATALOG | --dip none] [--cases N] [--passes P] [--seed S]
 *                     [--only RUN]
 *
 * Prints the scheme's load time and memory, then cases/s for CHS-DRG from
 * code strings and from pre-interned ids, on 1 and 2 threads (each thread has
 * its own context; the scheme is shared), then the same four runs for DIP
 * (bench_dip.c: cases following the catalogue's rules, --dip packs/dip-3.0 by
 * default). Runs are numbered 0-3 for CHS-DRG (strings 1 thread, ids 1
 * thread, strings 2 threads, ids 2 threads) and 4-7 for DIP in the same
 * order; --only RUN does that run alone (for profiling). The last line is the
 * summary `group <scheme> <cases> cases <seconds> s <rate> cases/s` of the
 * CHS-DRG single-thread run from strings. Timings on a shared machine are
 * noisy: compare the lines of one run with each other, and the CPU-second
 * rates rather than the wall-clock ones. */
#include <stdlib.h>
#include <string.h>

#include "core/pack.h"

#include "bench_dip.h"
#include "bench_run.h"
#include "case_gen.h"
#include "cli.h"

/* Unique codes of some columns of a pack table, kept in a dictionary. */
static int pool_from(yb_ctx *ctx, yb_pack *pack, const char *table, const char *col, const char *list_suffix,
                     yb_dict *d)
{
    if (!yb_pack_has_table(pack, table))
        return YB_OK;
    yb_csv *csv;
    int rc = yb_pack_table_open(ctx, pack, table, &csv);
    if (rc)
        return rc;
    long c = yb_csv_find_col(csv, col), l = yb_csv_find_col(csv, "list");
    while (c >= 0 && (rc = yb_csv_next(csv, ctx)) == 1) {
        size_t n, ln;
        if (list_suffix && l >= 0) {
            const char *lv = yb_csv_field(csv, (size_t)l, &ln);
            size_t sl = strlen(list_suffix);
            if (ln < sl || memcmp(lv + ln - sl, list_suffix, sl) != 0)
                continue;
        }
        const char *v = yb_csv_field(csv, (size_t)c, &n);
        uint32_t id;
        if ((rc = yb_dict_intern(ctx, d, v, n, &id)))
            break;
    }
    yb_csv_close(csv);
    return rc < 0 ? rc : YB_OK;
}

static const char **pool_codes(const yb_dict *d, size_t *n)
{
    *n = yb_dict_count(d);
    const char **v = malloc((*n ? *n : 1) * sizeof *v);
    for (size_t i = 0; v && i < *n; i++)
        v[i] = yb_dict_code(d, (uint32_t)i);
    return v;
}

static int drg_batch(yb_ctx *ctx, const void *scheme, const yb_case_columns *cols, uint32_t *drg)
{
    yb_drg_results r = { .size = sizeof r, .n = cols->n, .drg = drg };
    return yb_drg_group_batch(ctx, scheme, cols, &r, NULL);
}

int bench_group(int argc, char **argv)
{
    static const char usage[] = "yibao bench group [--scheme PACK] [--dip CATALOG | --dip none] [--cases N] "
                                "[--passes P] [--seed S] [--only RUN]";
    const char *path = "packs/chs-drg-1.1", *dip_path = "packs/dip-3.0";
    long n = 200000, passes = 5, only = -1;
    unsigned long long seed = 20240611;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if ((v = cli_option(argc, argv, &i, "--scheme")))
            path = v;
        else if ((v = cli_option(argc, argv, &i, "--dip")))
            dip_path = strcmp(v, "none") ? v : NULL;
        else if ((v = cli_option(argc, argv, &i, "--cases")))
            n = strtol(v, NULL, 10);
        else if ((v = cli_option(argc, argv, &i, "--passes")))
            passes = strtol(v, NULL, 10);
        else if ((v = cli_option(argc, argv, &i, "--only")))
            only = strtol(v, NULL, 10);
        else if ((v = cli_option(argc, argv, &i, "--seed")))
            seed = strtoull(v, NULL, 10);
        else
            return cli_usage(usage);
    }
    if (n < 2 || passes < 1 || only > 7)
        return cli_usage(usage);
    bench_counting cnt = { 0, 0 };
    yb_allocator alloc = bench_counting_allocator(&cnt);
    yb_ctx *ctx = NULL;
    if (yb_ctx_new(&ctx, &alloc))
        return 1;
    long rss0 = bench_rss_kib();
    double t0 = bench_now();
    yb_drg_scheme *s = NULL;
    int rc = yb_drg_scheme_load(ctx, path, &s);
    double load_s = bench_now() - t0;
    long rss1 = bench_rss_kib();
    if (rc) {
        cli_fail(ctx, rc, path);
        yb_ctx_free(ctx);
        return 1;
    }
    size_t heap = cnt.live, peak = cnt.peak;
    printf("scheme %s %s (%s): load %.2f s; heap %.1f MiB (peak while loading %.1f MiB); resident +%.1f MiB\n",
           yb_drg_scheme_name(s), yb_drg_scheme_version(s), path, load_s, heap / 1048576.0, peak / 1048576.0,
           (rss1 - rss0) / 1024.0);

    /* Code pools from the pack's own tables. */
    yb_pack *pack = NULL;
    yb_dict *pdx = NULL, *sdx = NULL, *pproc = NULL, *oproc = NULL;
    int ok = !yb_pack_open(ctx, path, "drg-scheme", &pack) && !yb_dict_new(ctx, &pdx) && !yb_dict_new(ctx, &sdx) &&
             !yb_dict_new(ctx, &pproc) && !yb_dict_new(ctx, &oproc) &&
             !pool_from(ctx, pack, "dx_lists", "code", "mdc_zd", pdx) &&
             !pool_from(ctx, pack, "cc", "code", NULL, sdx) &&
             !pool_from(ctx, pack, "proc_lists", "code", NULL, pproc) &&
             !pool_from(ctx, pack, yb_pack_has_table(pack, "proc_codes") ? "proc_codes" : "proc_lists", "code",
                        NULL, oproc);
    if (ok && yb_dict_count(pdx) == 0)
        ok = !pool_from(ctx, pack, "dx_lists", "code", NULL, pdx);
    case_gen_pools pools = { 0 };
    const char **a = NULL, **b = NULL, **c = NULL, **d = NULL;
    if (ok) {
        a = pool_codes(pdx, &pools.n_principal_dx);
        b = pool_codes(sdx, &pools.n_secondary_dx);
        c = pool_codes(pproc, &pools.n_principal_proc);
        d = pool_codes(oproc, &pools.n_other_proc);
        pools.principal_dx = a;
        pools.secondary_dx = b;
        pools.principal_proc = c;
        pools.other_proc = d;
    }
    case_gen *g = ok && a && b && c && d ? case_gen_make(&pools, (size_t)n, seed) : NULL;
    uint32_t *drg = malloc((size_t)n * sizeof *drg), *drg2 = malloc((size_t)n * sizeof *drg2);
    uint32_t *dx_ids = NULL, *proc_ids = NULL;
    yb_case_columns ids;
    int exit_code = 1;
    if (!g || !drg || !drg2 ||
        bench_to_ids(yb_drg_scheme_dx_dict(s), yb_drg_scheme_proc_dict(s), case_gen_cases(g), &dx_ids, &proc_ids,
                     &ids)) {
        fprintf(stderr, "yibao: cannot build the benchmark cases: %s\n", yb_ctx_errmsg(ctx));
        goto done;
    }
    const yb_case_columns *cs = case_gen_cases(g);
    double dxc, prc, surg;
    case_gen_stats(g, &dxc, &prc, &surg);
    printf("cases: %ld generated (seed %llu) from %zu principal, %zu secondary, %zu procedure codes; %.1f diagnoses "
           "and %.1f procedures per case, %.0f%% with a procedure\n",
           n, seed, pools.n_principal_dx, pools.n_secondary_dx, pools.n_principal_proc, dxc, prc, surg * 100);

    /* The four DRG runs; every run must give the same DRGs. Rates are per
     * wall-clock second and per CPU second of the grouping threads (on a
     * shared machine the CPU figure is the one that measures the code). */
    double first_s = 0, first_rate = 0;
    int first_done = 0;
    struct { const char *what; const yb_case_columns *cols; int threads; } runs[] = {
        { "strings, 1 thread ", cs, 1 }, { "ids,     1 thread ", &ids, 1 },
        { "strings, 2 threads", cs, 2 }, { "ids,     2 threads", &ids, 2 },
    };
    char label[64];
    snprintf(label, sizeof label, "%s-%s", yb_drg_scheme_name(s), yb_drg_scheme_version(s));
    for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
        if (only >= 0 && (long)r != only)
            continue;
        double cpu;
        (void)bench_timed(drg_batch, s, runs[r].cols, runs[r].threads, 1, r ? drg2 : drg, &cpu); /* warm-up */
        double dt = bench_timed(drg_batch, s, runs[r].cols, runs[r].threads, (int)passes, r ? drg2 : drg, &cpu);
        if (dt < 0) {
            fprintf(stderr, "yibao: grouping failed\n");
            goto done;
        }
        if (r && only < 0 && memcmp(drg, drg2, (size_t)n * sizeof *drg) != 0) {
            fprintf(stderr, "yibao: run '%s' grouped differently from the first run\n", runs[r].what);
            goto done;
        }
        double total = (double)n * (double)passes, rate = total / dt;
        if (r == 0) {
            first_s = dt;
            first_rate = rate;
            first_done = 1;
        }
        printf("drg %s %s: %.0f cases in %.3f s = %.0f cases/s wall; %.3f CPU s = %.0f cases per CPU second\n",
               label, runs[r].what, total, dt, rate, cpu, total / cpu);
    }
    if (only < 0 || only < 4) {
        uint32_t ung = yb_drg_scheme_ungroupable_drg(s);
        size_t ungrouped = 0;
        for (long i = 0; i < n; i++)
            ungrouped += (only <= 0 ? drg : drg2)[i] == ung;
        printf("grouped: %.1f%% of the synthetic cases to a DRG (the rest ungroupable or rejected)\n",
               100.0 * (double)(n - (long)ungrouped) / (double)n);
    }
    /* The DIP runs (bench_dip.c). */
    if (dip_path && (only < 0 || only >= 4)) {
        dip_bench db = { .catalog = dip_path, .cases = (size_t)n, .passes = (int)passes, .seed = seed,
                         .only = only < 0 ? -1 : (int)only - 4 };
        if (bench_group_dip(&db))
            goto done;
    }
    if (first_done)
        printf("group %s %.0f cases %.3f s %.0f cases/s\n", label, (double)n * (double)passes, first_s, first_rate);
    exit_code = 0;
done:
    free(drg);
    free(drg2);
    free(dx_ids);
    free(proc_ids);
    case_gen_free(g);
    free(a);
    free(b);
    free(c);
    free(d);
    yb_dict_free(pdx);
    yb_dict_free(sdx);
    yb_dict_free(pproc);
    yb_dict_free(oproc);
    yb_pack_close(pack);
    yb_drg_scheme_free(s);
    yb_ctx_free(ctx);
    return exit_code;
}
