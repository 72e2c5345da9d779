/* Pieces of `yibao points` shared by cmd_points.c and cmd_points_out.c. */
#ifndef YIBAO_CMD_POINTS_H
#define YIBAO_CMD_POINTS_H

#include <stdio.h>

#include "points_input.h"

/* Everything one run computes. Arrays are malloc'ed; points_run_free() frees them. */
typedef struct points_run {
    int64_t pv[2];        /* budget values used for the cases */
    int64_t fund[2];      /* fund budget per pool (when settled) */
    int settled;          /* a fund budget was given: clearing done */
    size_t n;             /* cases */
    int32_t *status;
    yb_points_case_results res;
    int bad;              /* rows with a status */
    size_t nh;            /* hospitals of the year */
    uint32_t npools;
    yb_points_clearing_results clr;
    yb_points_index_results idx;
    yb_points_index_results region;
    int64_t region_arrays[6];
} points_run;

int points_compute(yb_ctx *ctx, const yb_points_book *book, yb_points_year *year, const pt_cases *cases,
                   int settle, points_run *run);
int points_write_cases(const char *path, const yb_points_book *book, const pt_cases *cases, const points_run *run);
int points_write_hospitals(const char *path, const yb_points_year *year, const points_run *run);
void points_summary(const yb_points_book *book, const yb_points_year *year, const pt_cases *cases,
                    const points_run *run);
void points_run_free(points_run *run);

#endif /* YIBAO_CMD_POINTS_H */
