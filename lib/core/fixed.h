/* Internal 128-bit helpers behind money.h. */
#ifndef YB_CORE_FIXED_H
#define YB_CORE_FIXED_H

#include <stdint.h>

__extension__ typedef __int128 yb_i128; /* gcc and clang on 64-bit targets */

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

#endif /* YB_CORE_FIXED_H */
