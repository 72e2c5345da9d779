/* Exact fixed-point arithmetic: rounding division, rescaling, decimal text,
 * and largest-remainder allocation. */
#include <string.h>

#include <yibao/money.h>
#include <yibao/status.h>

#include "fixed.h"

int yb_round_valid(int mode)
{
    return mode >= YB_ROUND_HALF_UP && mode <= YB_ROUND_CEIL;
}

int64_t yb_pow10(int k)
{
    int64_t p = 1;
    while (k-- > 0)
        p *= 10;
    return p;
}

void yb_divisor_init(yb_divisor *dv, uint64_t d)
{
    if (d == 0)
        d = 1;
    int s = __builtin_clzll(d);
    dv->d = d;
    dv->dn = d << s;
    dv->shift = s;
    /* floor((2^128 - 1) / dn) is in [2^64, 2^65): keep the low 64 bits. */
    dv->v = (uint64_t)(~(yb_u128)0 / dv->dn);
}

/* The same as yb_divisor_init(10^k), as constants (tests compare them). */
#define POW10_DIVISOR(d, s) { d##ULL, d##ULL << s, (uint64_t)(~(yb_u128)0 / (d##ULL << s)), s }
const yb_divisor yb_pow10_divisors[19] = {
    POW10_DIVISOR(1, 63),
    POW10_DIVISOR(10, 60),
    POW10_DIVISOR(100, 57),
    POW10_DIVISOR(1000, 54),
    POW10_DIVISOR(10000, 50),
    POW10_DIVISOR(100000, 47),
    POW10_DIVISOR(1000000, 44),
    POW10_DIVISOR(10000000, 40),
    POW10_DIVISOR(100000000, 37),
    POW10_DIVISOR(1000000000, 34),
    POW10_DIVISOR(10000000000, 30),
    POW10_DIVISOR(100000000000, 27),
    POW10_DIVISOR(1000000000000, 24),
    POW10_DIVISOR(10000000000000, 20),
    POW10_DIVISOR(100000000000000, 17),
    POW10_DIVISOR(1000000000000000, 14),
    POW10_DIVISOR(10000000000000000, 10),
    POW10_DIVISOR(100000000000000000, 7),
    POW10_DIVISOR(1000000000000000000, 4),
};

int yb_i128_to_i64(yb_i128 v, int64_t *out)
{
    if (v > INT64_MAX || v < INT64_MIN)
        return YB_E_OVERFLOW;
    *out = (int64_t)v;
    return YB_OK;
}

yb_i128 yb_div_round_i128(yb_i128 n, yb_i128 d, int mode)
{
    yb_i128 q = n / d; /* truncates toward zero */
    yb_i128 r = n % d;
    if (r == 0)
        return q;
    int negative = (n < 0) != (d < 0);
    yb_i128 ar = r < 0 ? -r : r;
    yb_i128 ad = d < 0 ? -d : d;
    int away; /* move one unit away from zero? */
    switch (mode) {
    case YB_ROUND_DOWN: away = 0; break;
    case YB_ROUND_UP: away = 1; break;
    case YB_ROUND_FLOOR: away = negative; break;
    case YB_ROUND_CEIL: away = !negative; break;
    case YB_ROUND_HALF_EVEN:
        if (2 * ar == ad)
            away = (q % 2) != 0;
        else
            away = 2 * ar > ad;
        break;
    case YB_ROUND_HALF_UP:
    default: away = 2 * ar >= ad; break;
    }
    if (away)
        q += negative ? -1 : 1;
    return q;
}

int yb_muldiv(int64_t a, int64_t b, int64_t d, int mode, int64_t *out)
{
    if (!out || !yb_round_valid(mode))
        return YB_E_INVALID_ARG;
    if (d == 0)
        return YB_E_DIV_ZERO;
    yb_i128 q = yb_div_round_i128((yb_i128)a * b, d, mode);
    return yb_i128_to_i64(q, out);
}

int yb_rescale(int64_t value, int from, int to, int mode, int64_t *out)
{
    if (!out || from < 0 || from > 18 || to < 0 || to > 18 || !yb_round_valid(mode))
        return YB_E_INVALID_ARG;
    if (to >= from)
        return yb_i128_to_i64((yb_i128)value * yb_pow10(to - from), out);
    return yb_i128_to_i64(yb_div_round_i128(value, yb_pow10(from - to), mode), out);
}

/* Parses [sign] digits [. digits] into an unscaled 128-bit integer and the
 * count of fraction digits. Up to 36 significant digits are kept exactly. */
static int parse_plain(const char *s, size_t len, yb_i128 *mantissa, int *frac_digits)
{
    size_t i = 0, end = len;
    while (i < end && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t'))
        end--;
    int negative = 0;
    if (i < end && (s[i] == '+' || s[i] == '-'))
        negative = s[i++] == '-';
    yb_i128 m = 0;
    int digits = 0, frac = 0, seen_point = 0, significant = 0;
    for (; i < end; i++) {
        char c = s[i];
        if (c == '.' && !seen_point) {
            seen_point = 1;
            continue;
        }
        if (c < '0' || c > '9')
            return YB_E_FORMAT;
        digits++;
        if (seen_point)
            frac++;
        if (m != 0 || c != '0')
            significant++;
        if (significant > 36)
            return YB_E_OVERFLOW;
        m = m * 10 + (c - '0');
    }
    if (digits == 0)
        return YB_E_FORMAT;
    *mantissa = negative ? -m : m;
    *frac_digits = frac;
    return YB_OK;
}

static int parse_scaled(const char *text, size_t len, int decimals, int mode, int exact,
                        int64_t *out)
{
    if (!text || !out || decimals < 0 || decimals > 18 || !yb_round_valid(mode))
        return YB_E_INVALID_ARG;
    yb_i128 m;
    int frac;
    int rc = parse_plain(text, len, &m, &frac);
    if (rc)
        return rc;
    if (frac <= decimals) {
        int64_t mul = yb_pow10(decimals - frac);
        if (m > ((yb_i128)1 << 100) || m < -((yb_i128)1 << 100))
            return YB_E_OVERFLOW;
        return yb_i128_to_i64(m * mul, out);
    }
    /* More fraction digits than wanted: divide by 10^(frac-decimals), which
     * may exceed 10^18, so do it in steps of at most 10^18. */
    int drop = frac - decimals;
    yb_i128 div = 1;
    while (drop-- > 0) {
        if (div > ((yb_i128)1 << 120) / 10)
            return YB_E_FORMAT;
        div *= 10;
    }
    if (exact && m % div != 0)
        return YB_E_FORMAT;
    return yb_i128_to_i64(yb_div_round_i128(m, div, mode), out);
}

int yb_decimal_parse(const char *text, size_t len, int decimals, int64_t *out)
{
    return parse_scaled(text, len, decimals, YB_ROUND_HALF_UP, 1, out);
}

int yb_decimal_parse_round(const char *text, size_t len, int decimals, int mode, int64_t *out)
{
    return parse_scaled(text, len, decimals, mode, 0, out);
}

int yb_decimal_format(int64_t value, int decimals, char *buf, size_t cap)
{
    if (!buf || decimals < 0 || decimals > 18)
        return YB_E_INVALID_ARG;
    char tmp[48];
    size_t n = 0;
    /* Work with the magnitude as unsigned so INT64_MIN is fine. */
    uint64_t mag = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    int written = 0;
    do {
        tmp[n++] = (char)('0' + mag % 10);
        mag /= 10;
        written++;
        if (written == decimals && decimals > 0)
            tmp[n++] = '.';
    } while (mag > 0 || written <= decimals);
    if (value < 0)
        tmp[n++] = '-';
    if (n + 1 > cap)
        return YB_E_LIMIT;
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return (int)n;
}

/* Remainder of part i: (|total| * w_i) mod W. */
static yb_i128 remainder_of(yb_i128 total, int64_t w, yb_i128 sum)
{
    return ((yb_i128)total * w) % sum;
}

/* The `left`-th largest remainder among the n parts, found without memory by
 * a most-significant-digit radix select over 8-bit digits: each pass counts,
 * among the parts whose higher digits equal the prefix found so far, how many
 * have each value of the next digit, then fixes that digit. Remainders are
 * below sum <= 2^100, so at most 13 passes (8 when sum < 2^64); the binary
 * search over the value range that this replaces needed up to 100. */
static yb_i128 kth_largest_remainder(yb_i128 t, const int64_t *weights, size_t n, yb_i128 sum, yb_i128 left)
{
    int bits = 0;
    for (yb_i128 m = sum - 1; m > 0; m >>= 1)
        bits++;
    yb_i128 prefix = 0; /* the digits fixed so far, in place */
    for (int shift = (bits + 7) / 8 * 8 - 8; shift >= 0; shift -= 8) {
        uint64_t count[256] = { 0 };
        for (size_t i = 0; i < n; i++) {
            yb_i128 r = remainder_of(t, weights[i], sum);
            if ((r >> (shift + 8)) == (prefix >> (shift + 8)))
                count[(unsigned)(r >> shift) & 0xffu]++;
        }
        int digit = 255;
        while (digit > 0 && (yb_i128)count[digit] < left) {
            left -= (yb_i128)count[digit];
            digit--;
        }
        prefix |= (yb_i128)digit << shift;
    }
    return prefix;
}

int yb_allocate(int64_t total, const int64_t *weights, size_t n, int64_t *parts)
{
    if (!weights || !parts || n == 0)
        return YB_E_INVALID_ARG;
    yb_i128 sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (weights[i] < 0)
            return YB_E_INVALID_ARG;
        sum += weights[i];
        if (sum > ((yb_i128)1 << 100))
            return YB_E_OVERFLOW;
    }
    if (sum == 0)
        return YB_E_DIV_ZERO;
    int negative = total < 0;
    yb_i128 t = negative ? -(yb_i128)total : (yb_i128)total;
    yb_i128 given = 0;
    for (size_t i = 0; i < n; i++) {
        yb_i128 base = t * weights[i] / sum; /* fits: base <= t */
        parts[i] = (int64_t)base;
        given += base;
    }
    yb_i128 left = t - given; /* 0 <= left < n */
    if (left > 0) {
        /* T, the `left`-th largest remainder: every part strictly above T
         * gets one fen (fewer than `left` of them), then the parts equal to
         * T, lowest index first, until the fen run out. */
        yb_i128 threshold = kth_largest_remainder(t, weights, n, sum, left);
        for (size_t i = 0; i < n && left > 0; i++)
            if (remainder_of(t, weights[i], sum) > threshold) {
                parts[i]++;
                left--;
            }
        for (size_t i = 0; i < n && left > 0; i++)
            if (remainder_of(t, weights[i], sum) == threshold) {
                parts[i]++;
                left--;
            }
    }
    if (negative)
        for (size_t i = 0; i < n; i++)
            parts[i] = -parts[i];
    return YB_OK;
}
