/* Shared pieces of the grouping benchmarks (bench_group.c, bench_dip.c):
 * timing a batch call on one or two threads (each with its own context, the
 * handle shared), wall and CPU seconds, the ids form of a batch, and an
 * allocator that counts the heap a handle keeps. */
#ifndef YIBAO_BENCH_RUN_H
#define YIBAO_BENCH_RUN_H

#include <stddef.h>
#include <stdint.h>

#include <yibao/yibao.h>

/* Monotonic wall-clock seconds, and CPU seconds of the calling thread. */
double bench_now(void);
double bench_cpu_now(void);

/* Groups rows [first, first + cols->n) of the caller's batch (cols is that
 * slice) and writes one id per row at out[0 …); returns the batch call's result. */
typedef int (*bench_group_fn)(yb_ctx *ctx, const void *handle, const yb_case_columns *cols, uint32_t *out);

/* Groups the batch `passes` times on `threads` (1 or 2) threads, each thread
 * its own half; returns the wall seconds (and the threads' CPU seconds in
 * *cpu), or -1 when a call failed. */
double bench_timed(bench_group_fn fn, const void *handle, const yb_case_columns *c, int threads, int passes,
                   uint32_t *out, double *cpu);

/* The ids form of a string batch: every code looked up in the dictionaries
 * (yb_dict_lookup_batch(); absent or malformed codes become YB_DICT_NOT_FOUND
 * or YB_DICT_INVALID). The id arrays are malloc'ed. 0, or -1 when out of memory. */
int bench_to_ids(const yb_dict *dx, const yb_dict *proc, const yb_case_columns *c, uint32_t **dx_ids,
                 uint32_t **proc_ids, yb_case_columns *out);

/* An allocator counting the live heap bytes of what it allocates. */
typedef struct bench_counting {
    size_t live, peak;
} bench_counting;
yb_allocator bench_counting_allocator(bench_counting *c);

/* Resident set size in KiB from /proc/self/status (0 if unknown). */
long bench_rss_kib(void);

#endif /* YIBAO_BENCH_RUN_H */
