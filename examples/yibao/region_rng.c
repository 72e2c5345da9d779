/* Deterministic random numbers and elementary functions; see region_rng.h.
 * Compiled with -ffp-contract=off (examples/yibao/meson.build). */
#include <math.h>
#include <stdlib.h>

#include "region_rng.h"

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void rng_seed(rng *r, uint64_t seed, uint64_t stream, uint64_t a, uint64_t b)
{
    /* Mix the four inputs through splitmix64 one after another, so that
     * (seed, stream, a, b) and any permutation give unrelated states. */
    uint64_t x = seed;
    uint64_t h = splitmix(&x);
    x = h ^ (stream * 0xD1B54A32D192ED03ull);
    h = splitmix(&x);
    x = h ^ (a * 0x8CB92BA72F3D8DD7ull);
    h = splitmix(&x);
    x = h ^ (b * 0xAEF17502108EF2D9ull);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t v, int k)
{
    return (v << k) | (v >> (64 - k));
}

uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t rng_below(rng *r, uint64_t n)
{
    if (n <= 1)
        return 0;
    uint64_t limit = (UINT64_MAX / n) * n, x;
    do
        x = rng_next(r);
    while (x >= limit);
    return x % n;
}

double rng_unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

int rng_chance(rng *r, double p)
{
    return rng_unit(r) < p;
}

int rng_pick(rng *r, const double *w, size_t n, double total)
{
    if (!(total > 0))
        return -1;
    double u = rng_unit(r) * total;
    for (size_t i = 0; i < n; i++) {
        if (u < w[i])
            return (int)i;
        u -= w[i];
    }
    for (size_t i = n; i-- > 0;) /* rounding left u at the end: the last item that can be drawn */
        if (w[i] > 0)
            return (int)i;
    return -1;
}

double rng_normal(rng *r)
{
    double u, v, s;
    do {
        u = 2.0 * rng_unit(r) - 1.0;
        v = 2.0 * rng_unit(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return u * sqrt(-2.0 * rmath_log(s) / s);
}

int rng_poisson(rng *r, double mean)
{
    if (mean <= 0)
        return 0;
    if (mean > 30)
        mean = 30;
    double limit = rmath_exp(-mean), p = 1.0;
    int k = 0;
    do {
        k++;
        p *= rng_unit(r);
    } while (p > limit);
    return k - 1;
}

static const double LN2 = 0.6931471805599453;   /* ln 2 rounded to double */
static const double LOG2E = 1.4426950408889634; /* 1 / ln 2 rounded to double */
static const double LN2_HI = 6.93147180369123816490e-01; /* ln 2 to 32 bits (0x3fe62e42fee00000) */
static const double LN2_LO = 1.90821492927058770002e-10; /* ln 2 − LN2_HI */

double rmath_exp(double x)
{
    if (x > 700)
        x = 700;
    if (x < -700)
        return 0.0;
    /* x = k·ln2 + r with |r| ≤ ln2/2 (ln2 in two parts, Cody and Waite: k × LN2_HI
     * is exact for |k| < 2^11), then e^r by its Taylor series. */
    double k = floor(x * LOG2E + 0.5);
    double r = (x - k * LN2_HI) - k * LN2_LO;
    double term = 1.0, sum = 1.0;
    for (int i = 1; i <= 20; i++) {
        term = term * r / (double)i;
        sum = sum + term;
    }
    return ldexp(sum, (int)k);
}

double rmath_log(double x)
{
    if (!(x > 0))
        return -1e300;
    int e;
    double m = frexp(x, &e); /* x = m·2^e, m in [0.5, 1) */
    if (m < 0.70710678118654752) {
        m = m * 2.0;
        e = e - 1;
    }
    /* ln m = 2·atanh(f), f = (m − 1)/(m + 1), |f| ≤ 0.172 */
    double f = (m - 1.0) / (m + 1.0), s = f * f, term = f, sum = 0.0;
    for (int i = 0; i < 16; i++) {
        sum = sum + term / (double)(2 * i + 1);
        term = term * s;
    }
    return 2.0 * sum + (double)e * LN2;
}

double rmath_pow(double x, double y)
{
    return rmath_exp(y * rmath_log(x));
}

int64_t rmath_round(double x)
{
    return x < 0 ? -(int64_t)(-x + 0.5) : (int64_t)(x + 0.5);
}

int wtable_init(wtable *t, const double *w, size_t n)
{
    t->n = 0;
    t->cum = malloc((n ? n : 1) * sizeof *t->cum);
    if (!t->cum)
        return -1;
    double acc = 0;
    for (size_t i = 0; i < n; i++) {
        acc = acc + (w[i] > 0 ? w[i] : 0.0);
        t->cum[i] = acc;
    }
    t->n = n;
    if (!(acc > 0)) {
        wtable_free(t);
        return -1;
    }
    return 0;
}

int wtable_zipf(wtable *t, size_t n, double s)
{
    double *w = malloc((n ? n : 1) * sizeof *w);
    if (!w)
        return -1;
    for (size_t i = 0; i < n; i++)
        w[i] = rmath_exp(-s * rmath_log((double)(i + 1)));
    int rc = wtable_init(t, w, n);
    free(w);
    return rc;
}

size_t wtable_draw(const wtable *t, rng *r)
{
    double u = rng_unit(r) * t->cum[t->n - 1];
    size_t lo = 0, hi = t->n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->cum[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo; /* the first item whose cumulative weight exceeds u: never a zero-weight one */
}

void wtable_free(wtable *t)
{
    free(t->cum);
    t->cum = NULL;
    t->n = 0;
}
