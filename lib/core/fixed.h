/* Internal 128-bit helpers behind money.h. */
#ifndef YB_CORE_FIXED_H
#define YB_CORE_FIXED_H

#include <stdint.h>

__extension__ typedef __int128 yb_i128; /* gcc and clang on 64-bit targets */
__extension__ typedef unsigned __int128 yb_u128;

/* Rounds the quotient n / d (d != 0) with a yb_round mode. */
yb_i128 yb_div_round_i128(yb_i128 n, yb_i128 d, int mode);

/* 10^k for 0 <= k <= 18. */
int64_t yb_pow10(int k);

/* True when a yb_round value is known. */
int yb_round_valid(int mode);

/* Fits a 128-bit value into int64 or returns YB_E_OVERFLOW. */
int yb_i128_to_i64(yb_i128 v, int64_t *out);

/* Checked int64 addition: YB_OK or YB_E_OVERFLOW. */
static inline int yb_add_i64(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_add_overflow(a, b, out) ? -9 /* YB_E_OVERFLOW */ : 0;
}

/* ---- Division by an invariant divisor, without a divide instruction ----
 *
 * gcc and clang turn a 128-bit division into a call of __divti3 (tens of
 * cycles, more for large quotients) even when the divisor is a constant, and
 * a 64-bit division by a divisor known only at run time is a hardware divide
 * (20 to 90 cycles). A divisor used many times is prepared once instead:
 * the 2-by-1 division of Möller and Granlund ("Improved division by
 * invariant integers", IEEE Transactions on Computers 60(2), 2011,
 * algorithm 4) then divides with two multiplications and two corrections.
 * The quotient and remainder are exact: the same as the `/` and `%` they
 * replace. */

typedef struct yb_divisor {
    uint64_t d;  /* the divisor, > 0 */
    uint64_t dn; /* d << shift: the top bit set */
    uint64_t v;  /* floor((2^128 - 1) / dn) - 2^64, the reciprocal */
    int shift;   /* leading zero bits of d */
} yb_divisor;

/* Prepares d (> 0; d = 0 gives the divisor 1). */
void yb_divisor_init(yb_divisor *dv, uint64_t d);

/* 10^0 … 10^18, prepared. */
extern const yb_divisor yb_pow10_divisors[19];

/* 10^k for 0 <= k <= 18, folded to a constant when k is one. */
static inline int64_t yb_pow10_const(int k)
{
    static const int64_t p[19] = { 1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
                                   100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
                                   1000000000000LL, 10000000000000LL, 100000000000000LL,
                                   1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
                                   1000000000000000000LL };
    return p[k];
}

/* floor((hi·2^64 + lo) / d) for hi < d, and the remainder. */
static inline uint64_t yb_divisor_div2by1(const yb_divisor *dv, uint64_t hi, uint64_t lo, uint64_t *rem)
{
    int s = dv->shift;
    /* Normalise: (hi, lo) << s; lo >> (64 - s) written so that s = 0 shifts nothing in. */
    uint64_t u1 = (hi << s) | ((lo >> 1) >> (63 - s)), u0 = lo << s;
    yb_u128 q = (yb_u128)dv->v * u1 + (((yb_u128)u1 << 64) | u0);
    uint64_t q1 = (uint64_t)(q >> 64) + 1, q0 = (uint64_t)q;
    uint64_t r = u0 - q1 * dv->dn;
    if (r > q0) {
        q1--;
        r += dv->dn;
    }
    if (r >= dv->dn) { /* rare */
        q1++;
        r -= dv->dn;
    }
    *rem = r >> s;
    return q1;
}

/* floor(n / d) for any unsigned 128-bit n, and the remainder. */
static inline yb_u128 yb_divisor_div_u128(const yb_divisor *dv, yb_u128 n, uint64_t *rem)
{
    uint64_t hi = (uint64_t)(n >> 64), lo = (uint64_t)n, qh = 0;
    if (hi >= dv->d)
        qh = yb_divisor_div2by1(dv, 0, hi, &hi);
    uint64_t ql = yb_divisor_div2by1(dv, hi, lo, rem);
    return ((yb_u128)qh << 64) | ql;
}

/* Whether a truncated quotient moves one unit away from zero, for a
 * remainder r (0 < r < d) of the magnitude, the magnitude's quotient q and
 * the sign of the exact quotient; the yb_round modes of yb_div_round_i128. */
static inline int yb_round_away(int mode, uint64_t r, uint64_t d, uint64_t q, int negative)
{
    switch (mode) {
    case 1 /* YB_ROUND_HALF_EVEN */: return r > d - r || (r == d - r && (q & 1));
    case 2 /* YB_ROUND_DOWN */: return 0;
    case 3 /* YB_ROUND_UP */: return 1;
    case 4 /* YB_ROUND_FLOOR */: return negative;
    case 5 /* YB_ROUND_CEIL */: return !negative;
    default /* YB_ROUND_HALF_UP */: return r >= d - r;
    }
}

/* round(n / d) with a yb_round mode: yb_div_round_i128(n, d, mode) for d > 0. */
static inline yb_i128 yb_divisor_round_i128(const yb_divisor *dv, yb_i128 n, int mode)
{
    int negative = n < 0;
    yb_u128 mag = negative ? (yb_u128)0 - (yb_u128)n : (yb_u128)n;
    uint64_t r;
    yb_u128 q = yb_divisor_div_u128(dv, mag, &r);
    if (r && yb_round_away(mode, r, dv->d, (uint64_t)q, negative))
        q++;
    return (yb_i128)(negative ? (yb_u128)0 - q : q);
}

/* round(n / d) with a yb_round mode for a 64-bit n (the result always fits). */
static inline int64_t yb_divisor_round_i64(const yb_divisor *dv, int64_t n, int mode)
{
    int negative = n < 0;
    uint64_t mag = negative ? (uint64_t)0 - (uint64_t)n : (uint64_t)n, r;
    uint64_t q = yb_divisor_div2by1(dv, 0, mag, &r);
    if (r && yb_round_away(mode, r, dv->d, q, negative))
        q++;
    return (int64_t)(negative ? (uint64_t)0 - q : q);
}

/* round(n / 10^k), 0 <= k <= 18, with a yb_round mode: exactly
 * yb_div_round_i128(n, yb_pow10(k), mode), without a 128-bit division. */
static inline yb_i128 yb_div_round_pow10_i128(yb_i128 n, int k, int mode)
{
    return yb_divisor_round_i128(&yb_pow10_divisors[k], n, mode);
}

#endif /* YB_CORE_FIXED_H */
