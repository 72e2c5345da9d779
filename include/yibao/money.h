/**
 * @file money.h
 * @brief Exact money and fixed-point arithmetic.
 *
 * Money is an @c int64_t count of fen (0.01 yuan). Every other non-integer
 * quantity is a fixed-point @c int64_t with a documented number of decimals:
 *
 * | quantity                                   | decimals | one unit is |
 * |--------------------------------------------|---------:|-------------|
 * | money                                      | 2        | 1 fen       |
 * | ratio, share, coefficient                  | 6        | 1e-6        |
 * | score, points, relative weight             | 4        | 1e-4        |
 * | point value, base rate (yuan per point)    | 6        | 1e-6 yuan   |
 *
 * Products and quotients use 128-bit intermediates and round exactly once, at
 * the step the caller names, with a ::yb_round mode. No binary floating point
 * is used anywhere on these paths. See doc/rounding.md.
 */
#ifndef YIBAO_MONEY_H
#define YIBAO_MONEY_H

#include <stddef.h>
#include <stdint.h>
#include <yibao/export.h>

YB_BEGIN_DECLS

/** Decimals of money (fen). @since 0.1 */
#define YB_MONEY_DECIMALS 2
/** Decimals of ratios, shares and coefficients. @since 0.1 */
#define YB_RATIO_DECIMALS 6
/** Decimals of scores, points and relative weights. @since 0.1 */
#define YB_SCORE_DECIMALS 4
/** Decimals of point values and base rates (yuan per point). @since 0.1 */
#define YB_POINT_VALUE_DECIMALS 6
/** One whole ratio (1.0) at ::YB_RATIO_DECIMALS. @since 0.1 */
#define YB_RATIO_ONE 1000000
/** One whole score (1.0) at ::YB_SCORE_DECIMALS. @since 0.1 */
#define YB_SCORE_ONE 10000

/**
 * @brief Rounding modes. Ties are exact halves of the last kept unit.
 *
 * Modes are symmetric around zero where it matters for reversals:
 * ::YB_ROUND_HALF_UP rounds -2.5 to -3, so reversing a settlement gives the
 * exact negative of it.
 * @since 0.1
 */
typedef enum yb_round {
    YB_ROUND_HALF_UP = 0,   /**< Ties away from zero (四舍五入); the default. */
    YB_ROUND_HALF_EVEN = 1, /**< Ties to the even neighbour (banker's rounding). */
    YB_ROUND_DOWN = 2,      /**< Toward zero (truncate). */
    YB_ROUND_UP = 3,        /**< Away from zero. */
    YB_ROUND_FLOOR = 4,     /**< Toward negative infinity. */
    YB_ROUND_CEIL = 5       /**< Toward positive infinity. */
} yb_round;

/**
 * @brief Computes round(a × b ÷ d) exactly.
 *
 * The product is formed in 128 bits, so it never overflows; only the final
 * result must fit in 64 bits.
 * @param[in] a first factor.
 * @param[in] b second factor.
 * @param[in] d divisor, not zero.
 * @param[in] mode a ::yb_round.
 * @param[out] out receives the result.
 * @returns ::YB_OK, ::YB_E_DIV_ZERO, ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_muldiv(int64_t a, int64_t b, int64_t d, int mode, int64_t *out);

/**
 * @brief Changes the number of decimals of a fixed-point value.
 *
 * Fewer decimals round with @p mode; more decimals are exact.
 * @param[in] value the value with @p from decimals.
 * @param[in] from its decimals (0 … 18).
 * @param[in] to wanted decimals (0 … 18).
 * @param[in] mode a ::yb_round.
 * @param[out] out receives the value with @p to decimals.
 * @returns ::YB_OK, ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_rescale(int64_t value, int from, int to, int mode, int64_t *out);

/**
 * @brief Parses a decimal number exactly into a fixed-point value.
 *
 * Accepts an optional sign, digits, an optional '.', and digits; surrounding
 * ASCII spaces are ignored. Digits beyond @p decimals must be zeros, otherwise
 * the call fails with ::YB_E_FORMAT (use yb_decimal_parse_round() to round).
 * No exponent, no thousands separators.
 * @param[in] text the text (need not be NUL-terminated).
 * @param[in] len its length in bytes.
 * @param[in] decimals decimals of the result (0 … 18).
 * @param[out] out receives the value.
 * @returns ::YB_OK, ::YB_E_FORMAT, ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_decimal_parse(const char *text, size_t len, int decimals, int64_t *out);

/**
 * @brief Parses a decimal number, rounding digits beyond @p decimals.
 * @param[in] text the text.
 * @param[in] len its length in bytes.
 * @param[in] decimals decimals of the result (0 … 18).
 * @param[in] mode a ::yb_round.
 * @param[out] out receives the value.
 * @returns ::YB_OK, ::YB_E_FORMAT, ::YB_E_OVERFLOW or ::YB_E_INVALID_ARG.
 * @since 0.1
 */
YB_API int yb_decimal_parse_round(const char *text, size_t len, int decimals, int mode,
                                  int64_t *out);

/**
 * @brief Formats a fixed-point value as a decimal with exactly @p decimals digits.
 *
 * For example 123456 with 2 decimals gives "1234.56"; -5 with 2 gives "-0.05".
 * @param[in] value the value.
 * @param[in] decimals its decimals (0 … 18).
 * @param[out] buf destination.
 * @param[in] cap capacity of @p buf in bytes (32 always suffices).
 * @returns the length written (without the NUL), or ::YB_E_LIMIT when @p cap is
 *          too small, ::YB_E_INVALID_ARG for bad arguments.
 * @since 0.1
 */
YB_API int yb_decimal_format(int64_t value, int decimals, char *buf, size_t cap);

/**
 * @brief Splits @p total into parts proportional to @p weights that add up to
 *        @p total exactly (largest-remainder method).
 *
 * Each part is first floor(|total| × weight ÷ Σweights); the fen left over go
 * one each to the parts with the largest remainders, ties to the lower index.
 * A negative @p total is split as its absolute value and negated.
 * @param[in] total the amount to split.
 * @param[in] weights n non-negative weights, not all zero.
 * @param[in] n number of parts.
 * @param[out] parts n results.
 * @returns ::YB_OK, ::YB_E_INVALID_ARG (negative weight, NULL), ::YB_E_DIV_ZERO
 *          (all weights zero) or ::YB_E_OVERFLOW.
 * @since 0.1
 */
YB_API int yb_allocate(int64_t total, const int64_t *weights, size_t n, int64_t *parts);

YB_END_DECLS

#endif /* YIBAO_MONEY_H */
