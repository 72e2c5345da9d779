/* Shared pieces of the grouping benchmarks; see bench_run.h. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_run.h"
#include "case_gen.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

double bench_cpu_now(void)
{
    return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

typedef struct job {
    bench_group_fn fn;
    const void *handle;
    yb_case_columns cols;
    uint32_t *out;
    int passes;
    int rc;
    double cpu; /* CPU seconds of the thread */
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    yb_ctx *ctx = NULL;
    if (yb_ctx_new(&ctx, NULL)) {
        j->rc = YB_E_NOMEM;
        return NULL;
    }
    double c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
    for (int p = 0; p < j->passes && j->rc >= 0; p++)
        j->rc = j->fn(ctx, j->handle, &j->cols, j->out);
    j->cpu = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
    yb_ctx_free(ctx);
    return NULL;
}

double bench_timed(bench_group_fn fn, const void *handle, const yb_case_columns *c, int threads, int passes,
                   uint32_t *out, double *cpu)
{
    job jobs[2];
    pthread_t tid[2];
    if (threads < 1 || threads > 2)
        return -1;
    size_t per = c->n / (size_t)threads;
    int started = 0, failed = 0;
    double t0 = bench_now();
    for (int t = 0; t < threads; t++) {
        size_t first = (size_t)t * per, n = t == threads - 1 ? c->n - first : per;
        jobs[t] = (job){ fn, handle, case_gen_slice(c, first, n), out + first, passes, 0, 0 };
        if (threads == 1)
            run_job(&jobs[t]);
        else if (pthread_create(&tid[t], NULL, run_job, &jobs[t]) == 0)
            started++;
        else
            failed = 1;
    }
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    double dt = bench_now() - t0;
    *cpu = 0;
    for (int t = 0; t < threads; t++) {
        if (failed || jobs[t].rc < 0)
            return -1;
        *cpu += jobs[t].cpu;
    }
    return dt;
}

int bench_to_ids(const yb_dict *dx, const yb_dict *proc, const yb_case_columns *c, uint32_t **dx_ids,
                 uint32_t **proc_ids, yb_case_columns *out)
{
    size_t nd = (size_t)c->dx_row_offsets[c->n];
    size_t np = c->proc_row_offsets ? (size_t)c->proc_row_offsets[c->n] : 0;
    *dx_ids = malloc((nd ? nd : 1) * sizeof **dx_ids);
    *proc_ids = malloc((np ? np : 1) * sizeof **proc_ids);
    if (!*dx_ids || !*proc_ids)
        return -1;
    if (yb_dict_lookup_batch(dx, c->dx_data, c->dx_offsets, nd, *dx_ids) < 0 ||
        yb_dict_lookup_batch(proc, c->proc_data, c->proc_offsets, np, *proc_ids) < 0)
        return -1;
    *out = *c;
    out->dx_data = NULL;
    out->dx_offsets = NULL;
    out->dx_ids = *dx_ids;
    out->proc_data = NULL;
    out->proc_offsets = NULL;
    out->proc_ids = *proc_ids;
    return 0;
}

static void *c_malloc(void *u, size_t n)
{
    bench_counting *c = u;
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
    bench_counting *c = u;
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
    bench_counting *c = u;
    if (!ptr)
        return;
    size_t *p = (size_t *)(void *)((char *)ptr - 16);
    c->live -= *p;
    free(p);
}

yb_allocator bench_counting_allocator(bench_counting *c)
{
    yb_allocator a = { sizeof a, c_malloc, c_realloc, c_free, c };
    return a;
}

long bench_rss_kib(void)
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
