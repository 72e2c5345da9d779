/* The DIP part of the grouping benchmark (bench_dip.c), run by
 * `yibao bench group` after the CHS-DRG runs and by `yibao bench dip`. */
#ifndef YIBAO_BENCH_DIP_H
#define YIBAO_BENCH_DIP_H

#include <stddef.h>
#include <stdint.h>

typedef struct dip_bench {
    const char *catalog;  /* the dip-catalog pack */
    size_t cases;
    int passes;
    uint64_t seed;
    int only;             /* -1: the four runs; 0-3: that run alone */
    /* filled: the single-thread run from strings, when it ran */
    char label[64];       /* "DIP-3.0" */
    double first_s, first_rate;
    int first_done;
} dip_bench;

/* Prints the DIP lines; 0, or 1 after printing why it failed. */
int bench_group_dip(dip_bench *b);

#endif /* YIBAO_BENCH_DIP_H */
