/* Building small point-value books for the tests: CSV tables and a
 * pack.json with real checksums in a scratch directory. Parameters are given
 * flat ("outlier.low.ratio=\"0.5\"; pools=\"single\"") and nested here. */
#ifndef YB_TEST_POINTS_FIXTURE_H
#define YB_TEST_POINTS_FIXTURE_H

#include "test_util.h"

typedef struct pt_spec {
    const char *kind;      /* NULL = "points-book" */
    const char *params;    /* "key=<JSON literal>" pairs separated by ';' (later keys win) */
    const char *scores, *weights, *levels, *hospitals, *subtypes, *standards, *bands, *corridors, *extra;
} pt_spec;

/* The test book's usual tables (doc in points_fixture.c). */
extern const char PT_SCORES[], PT_LEVELS[], PT_HOSPITALS[];
/* Parameters of the usual one-pool test book: value 10 yuan/point, ratio 0.8,
 * outliers 0.5 / 2 / 5 exclusive with the standard = level score × value. */
extern const char PT_PARAMS[];

/* Writes the pack; returns its directory (valid until the 8th next call). */
const char *pt_write(const pt_spec *s);
/* Writes and loads; returns the load status. */
int pt_load(yb_ctx *ctx, const pt_spec *s, yb_points_book **out);
/* The usual book with extra parameters appended (may be NULL); asserts the load. */
yb_points_book *pt_book(yb_ctx *ctx, const char *more_params);

/* One case through yb_points_case_one with the book's values; asserts status. */
typedef struct pt_case {
    const char *group, *hospital, *subtype;
    int insurance;
    int64_t cost, self_pay;
} pt_case;
yb_points_case_result pt_one(yb_ctx *ctx, const yb_points_book *b, pt_case c, int expect_status);

#endif
