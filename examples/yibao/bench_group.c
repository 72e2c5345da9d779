/* `yibao bench group`: grouping throughput on synthetic cases drawn from the
 * real code lists of a scheme pack.
 *
 *   yibao bench group [--scheme PACK] [--cases N] [--passes P] [--seed S]
 *
 * Prints the scheme's load time and memory, then cases/s for CHS-DRG from
 * code strings and from pre-interned ids, on 1 and 2 threads (each thread has
 * its own context; the scheme is shared). The DIP lines go after the DRG lines
 * (bench_group_dip(), added by the DIP module). The last line is the summary
 * `group <scheme> <cases> cases <seconds> s <rate> cases/s` of the single-thread
 * run from strings. Timings on a shared machine are noisy: compare the lines of
 * one run with each other. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/pack.h"

#include "case_gen.h"
#include "cli.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* Resident set size in KiB from /proc/self/status (0 if unknown). */
static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = 0;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kib = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kib;
}

/* Allocator that counts the live heap bytes of what it allocates. */
typedef struct counting {
    size_t live, peak;
} counting;

static void *c_malloc(void *u, size_t n)
{
    counting *c = u;
    size_t *p = malloc(n + 16);
    if (!p)
        return NULL;
    *p = n;
    c->live += n;
    if (c->live > c->peak)
        c->peak = c->live;
    return (char *)p + 16;
}

static void *c_realloc(void *u, void *ptr, size_t n)
{
    counting *c = u;
    if (!ptr)
        return c_malloc(u, n);
    size_t *p = (size_t *)(void *)((char *)ptr - 16);
    size_t old = *p;
    size_t *q = realloc(p, n + 16);
    if (!q)
        return NULL;
    *q = n;
    c->live = c->live - old + n;
    if (c->live > c->peak)
        c->peak = c->live;
    return (char *)q + 16;
}

static void c_free(void *u, void *ptr)
{
    counting *c = u;
    if (!ptr)
        return;
    size_t *p = (size_t *)(void *)((char *)ptr - 16);
    c->live -= *p;
    free(p);
}

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

typedef struct job {
    const yb_drg_scheme *scheme;
    yb_case_columns cols;
    uint32_t *drg;
    int passes;
    int rc;
    double cpu;       /* CPU seconds of the thread */
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    yb_ctx *ctx = NULL;
    if (yb_ctx_new(&ctx, NULL)) {
        j->rc = YB_E_NOMEM;
        return NULL;
    }
    yb_drg_results r = { .size = sizeof r, .n = j->cols.n, .drg = j->drg };
    double c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
    for (int p = 0; p < j->passes && j->rc >= 0; p++)
        j->rc = yb_drg_group_batch(ctx, j->scheme, &j->cols, &r, NULL);
    j->cpu = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
    yb_ctx_free(ctx);
    return NULL;
}

/* Groups the batch `passes` times on `threads` threads; returns wall seconds
 * (and the threads' CPU seconds in *cpu), or -1. */
static double timed(const yb_drg_scheme *s, const yb_case_columns *c, int threads, int passes, uint32_t *drg,
                    double *cpu)
{
    job jobs[2];
    pthread_t tid[2];
    size_t per = c->n / (size_t)threads;
    double t0 = now();
    for (int t = 0; t < threads; t++) {
        size_t first = (size_t)t * per, n = t == threads - 1 ? c->n - first : per;
        jobs[t] = (job){ s, case_gen_slice(c, first, n), drg + first, passes, 0, 0 };
        if (threads == 1)
            run_job(&jobs[t]);
        else if (pthread_create(&tid[t], NULL, run_job, &jobs[t]) != 0)
            return -1;
    }
    for (int t = 0; threads > 1 && t < threads; t++)
        pthread_join(tid[t], NULL);
    double dt = now() - t0;
    *cpu = 0;
    for (int t = 0; t < threads; t++) {
        if (jobs[t].rc < 0)
            return -1;
        *cpu += jobs[t].cpu;
    }
    return dt;
}

/* The ids form of a batch: every code looked up in the scheme's dictionaries. */
static int to_ids(const yb_drg_scheme *s, const yb_case_columns *c, uint32_t **dx, uint32_t **pr, yb_case_columns *out)
{
    size_t nd = (size_t)c->dx_row_offsets[c->n], np = (size_t)c->proc_row_offsets[c->n];
    *dx = malloc((nd ? nd : 1) * sizeof **dx);
    *pr = malloc((np ? np : 1) * sizeof **pr);
    if (!*dx || !*pr)
        return -1;
    for (size_t k = 0; k < nd; k++)
        if (yb_dict_lookup(yb_drg_scheme_dx_dict(s), c->dx_data + c->dx_offsets[k],
                           (size_t)(c->dx_offsets[k + 1] - c->dx_offsets[k]), &(*dx)[k]))
            (*dx)[k] = YB_DRG_NO_ID;
    for (size_t k = 0; k < np; k++)
        if (yb_dict_lookup(yb_drg_scheme_proc_dict(s), c->proc_data + c->proc_offsets[k],
                           (size_t)(c->proc_offsets[k + 1] - c->proc_offsets[k]), &(*pr)[k]))
            (*pr)[k] = YB_DRG_NO_ID;
    *out = *c;
    out->dx_data = NULL;
    out->dx_offsets = NULL;
    out->dx_ids = *dx;
    out->proc_data = NULL;
    out->proc_offsets = NULL;
    out->proc_ids = *pr;
    return 0;
}

int bench_group(int argc, char **argv)
{
    static const char usage[] = "yibao bench group [--scheme PACK] [--cases N] [--passes P] [--seed S] [--only RUN]";
    const char *path = "packs/chs-drg-1.1";
    long n = 200000, passes = 5, only = -1;
    unsigned long long seed = 20240611;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if ((v = cli_option(argc, argv, &i, "--scheme")))
            path = v;
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
    if (n < 2 || passes < 1)
        return cli_usage(usage);
    counting cnt = { 0, 0 };
    yb_allocator alloc = { sizeof alloc, c_malloc, c_realloc, c_free, &cnt };
    yb_ctx *ctx = NULL;
    if (yb_ctx_new(&ctx, &alloc))
        return 1;
    long rss0 = rss_kib();
    double t0 = now();
    yb_drg_scheme *s = NULL;
    int rc = yb_drg_scheme_load(ctx, path, &s);
    double load_s = now() - t0;
    long rss1 = rss_kib();
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
    if (!g || !drg || !drg2 || to_ids(s, case_gen_cases(g), &dx_ids, &proc_ids, &ids)) {
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
    double best = 0, first_s = 0;
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
        (void)timed(s, runs[r].cols, runs[r].threads, 1, r ? drg2 : drg, &cpu); /* warm-up */
        double dt = timed(s, runs[r].cols, runs[r].threads, (int)passes, r ? drg2 : drg, &cpu);
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
            best = rate;
            first_s = dt;
        }
        printf("drg %s %s: %.0f cases in %.3f s = %.0f cases/s wall; %.3f CPU s = %.0f cases per CPU second\n",
               label, runs[r].what, total, dt, rate, cpu, total / cpu);
    }
    /* DIP lines: the DIP module adds its runs here (bench_group_dip()). */
    uint32_t ung = yb_drg_scheme_ungroupable_drg(s);
    size_t ungrouped = 0;
    for (long i = 0; i < n; i++)
        ungrouped += drg[i] == ung;
    printf("grouped: %.1f%% of the synthetic cases to a DRG (the rest ungroupable or rejected)\n",
           100.0 * (double)(n - (long)ungrouped) / (double)n);
    printf("group %s %.0f cases %.3f s %.0f cases/s\n", label, (double)n * (double)passes, first_s, best);
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
