/* Deterministic random numbers for the sample-region generator.
 *
 * The generator must give the same bytes on every platform, so:
 * - the generator is xoshiro256** (integers only), seeded through splitmix64
 *   from (seed, stream, a, b): every member, case and claim draws from its
 *   own stream, so one part of the region does not shift the others;
 * - the only floating-point operations are IEEE-754 +, −, ×, ÷ and sqrt,
 *   which are correctly rounded everywhere; exp and log are our own series
 *   (the C library's differ between platforms in the last bit); frexp and
 *   ldexp are exact. The files that use doubles are compiled with
 *   -ffp-contract=off so that no compiler fuses a multiply-add.
 * Doubles never reach money: amounts are rounded to whole fen once, where the
 * generator draws them, and everything after that is integer. */
#ifndef YIBAO_REGION_RNG_H
#define YIBAO_REGION_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct rng {
    uint64_t s[4];
} rng;

/* Stream identifiers: one per kind of draw. */
enum {
    RS_MEMBER = 1,
    RS_ENROLLEE = 2,
    RS_ADMISSIONS = 3,
    RS_CASE = 4,
    RS_COST = 5,
    RS_OUTPATIENT = 6,
    RS_LINES = 7,
    RS_CODES = 8,
    RS_CONDITIONS = 9,
    RS_BIRTHS = 10,
    RS_BENCH = 11, /* the benchmarks' synthetic data (case_gen.c, bench_*.c) */
    RS_FAMILY = 12 /* family mutual aid links (a stream of its own: the other draws stay as they were) */
};

/* Seeds a stream from the region seed, a stream kind and two indices. */
void rng_seed(rng *r, uint64_t seed, uint64_t stream, uint64_t a, uint64_t b);
uint64_t rng_next(rng *r);
/* Uniform integer in [0, n) without modulo bias (n ≥ 1). */
uint64_t rng_below(rng *r, uint64_t n);
/* Uniform double in [0, 1) with 53 random bits. */
double rng_unit(rng *r);
/* Standard normal deviate (Marsaglia's polar method: log, sqrt and ÷ only). */
double rng_normal(rng *r);
/* Poisson deviate for a small mean (≤ 30): Knuth's product of uniforms. */
int rng_poisson(rng *r, double mean);
/* Bernoulli draw with probability p. */
int rng_chance(rng *r, double p);
/* An index drawn in proportion to w[0..n-1] (≥ 0), whose sum the caller gives
 * as total: -1 without a draw when total is not positive. */
int rng_pick(rng *r, const double *w, size_t n, double total);

/* e^x and ln x as series, bit-identical everywhere (|relative error| < 1e-15). */
double rmath_exp(double x);
double rmath_log(double x);
/* x^y for x > 0. */
double rmath_pow(double x, double y);

/* A discrete distribution: cumulative weights searched by bisection. */
typedef struct wtable {
    double *cum;   /* cum[i] = w[0] + … + w[i] */
    size_t n;
} wtable;

/* Builds from n weights ≥ 0 (not all zero); returns -1 when out of memory or all zero. */
int wtable_init(wtable *t, const double *w, size_t n);
/* Zipf weights 1 / (rank+1)^s over n items. */
int wtable_zipf(wtable *t, size_t n, double s);
size_t wtable_draw(const wtable *t, rng *r);
void wtable_free(wtable *t);

/* Rounds a non-negative double to the nearest integer (ties away from zero). */
int64_t rmath_round(double x);

#endif /* YIBAO_REGION_RNG_H */
