package org.yibao;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * Exact money and fixed-point arithmetic ({@code money.h}).
 *
 * <p>Money is a {@code long} count of fen (0.01 yuan) inside the library and
 * in every batch column; {@link BigDecimal} yuan appear only at the edges
 * ({@link #toYuan}, {@link #fen(BigDecimal)}), converted exactly. Other
 * quantities are fixed-point {@code long}s with a documented number of
 * decimals: {@link #RATIO_DECIMALS} (ratios, shares, coefficients),
 * {@link #SCORE_DECIMALS} (scores, points, relative weights),
 * {@link #POINT_VALUE_DECIMALS} (yuan per point). No {@code double} anywhere.
 * All methods are static and thread-safe.
 */
public final class Money {
    static {
        NativeLoader.load();
    }

    private Money() {}

    /** Decimals of money (fen). */
    public static final int MONEY_DECIMALS = NativeYibao.YB_MONEY_DECIMALS;
    /** Decimals of ratios, shares and coefficients. */
    public static final int RATIO_DECIMALS = NativeYibao.YB_RATIO_DECIMALS;
    /** Decimals of scores, points and relative weights. */
    public static final int SCORE_DECIMALS = NativeYibao.YB_SCORE_DECIMALS;
    /** Decimals of point values and base rates (yuan per point). */
    public static final int POINT_VALUE_DECIMALS = NativeYibao.YB_POINT_VALUE_DECIMALS;
    /** 1.0 as a ratio. */
    public static final long RATIO_ONE = NativeYibao.YB_RATIO_ONE;
    /** 1.0 as a score. */
    public static final long SCORE_ONE = NativeYibao.YB_SCORE_ONE;

    // ---- BigDecimal at the edges (pure Java, exact)

    /** Fen as yuan: {@code BigDecimal.valueOf(fen, 2)}, exact. */
    public static BigDecimal toYuan(long fen) {
        return BigDecimal.valueOf(fen, MONEY_DECIMALS);
    }

    /** A fixed-point value with {@code decimals} decimals as a BigDecimal, exact. */
    public static BigDecimal toBigDecimal(long value, int decimals) {
        return BigDecimal.valueOf(value, decimals);
    }

    /**
     * Yuan as fen, exactly. @throws ArithmeticException when {@code yuan} has a
     * non-zero digit below the fen or does not fit in a {@code long}
     */
    public static long fen(BigDecimal yuan) {
        return fromBigDecimal(yuan, MONEY_DECIMALS);
    }

    /** Yuan as fen, rounding below the fen with {@code mode}. @throws ArithmeticException on overflow */
    public static long fen(BigDecimal yuan, Rounding mode) {
        return yuan.setScale(MONEY_DECIMALS, mode.toRoundingMode()).unscaledValue().longValueExact();
    }

    /** A BigDecimal as a fixed-point value with {@code decimals} decimals, exactly. @throws ArithmeticException if inexact or too large */
    public static long fromBigDecimal(BigDecimal value, int decimals) {
        return value.setScale(decimals, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    // ---- the library's arithmetic

    /** round(a × b ÷ d) with a 128-bit product and one rounding ({@code yb_muldiv}). */
    public static long muldiv(long a, long b, long d, Rounding mode) {
        long[] out = new long[1];
        check(NativeYibao.yb_muldiv(a, b, d, mode.code, out), "muldiv(" + a + ", " + b + ", " + d + ")");
        return out[0];
    }

    /** Changes the decimals of a fixed-point value, rounding when dropping digits ({@code yb_rescale}). */
    public static long rescale(long value, int from, int to, Rounding mode) {
        long[] out = new long[1];
        check(NativeYibao.yb_rescale(value, from, to, mode.code, out),
                "rescale(" + value + ", " + from + " → " + to + " decimals)");
        return out[0];
    }

    /** Parses yuan text ("12252.70") into fen exactly; more than 2 non-zero decimals is an error. */
    public static long parseFen(String yuan) {
        return parse(yuan, MONEY_DECIMALS);
    }

    /** Parses a decimal exactly into a fixed-point value ({@code yb_decimal_parse}). @throws YibaoException.Format for malformed or over-precise text */
    public static long parse(String text, int decimals) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        long[] out = new long[1];
        check(NativeYibao.yb_decimal_parse(b, b.length, decimals, out), "parse(\"" + text + "\")");
        return out[0];
    }

    /** Parses a decimal, rounding digits beyond {@code decimals} ({@code yb_decimal_parse_round}). */
    public static long parse(String text, int decimals, Rounding mode) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        long[] out = new long[1];
        check(NativeYibao.yb_decimal_parse_round(b, b.length, decimals, mode.code, out),
                "parse(\"" + text + "\")");
        return out[0];
    }

    /** Fen as yuan text with two decimals ("1234.56", "-0.05"). */
    public static String formatFen(long fen) {
        return format(fen, MONEY_DECIMALS);
    }

    /** A fixed-point value as text with exactly {@code decimals} decimals ({@code yb_decimal_format}). */
    public static String format(long value, int decimals) {
        byte[] buf = new byte[32];
        int n = check(NativeYibao.yb_decimal_format(value, decimals, buf, buf.length),
                "format(" + value + ", " + decimals + ")");
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    /**
     * Splits {@code total} into parts proportional to {@code weights} that add
     * up to it exactly (largest remainder, ties to the lower index;
     * {@code yb_allocate}).
     */
    public static long[] allocate(long total, long[] weights) {
        long[] parts = new long[weights.length];
        check(NativeYibao.yb_allocate(total, weights, weights.length, parts),
                "allocate(" + total + " over " + weights.length + " weights)");
        return parts;
    }

    private static int check(int rc, String what) {
        if (rc < 0) {
            throw YibaoException.of(ErrorInfo.ofStatus(rc, what + ": " + Yibao.statusText(rc)));
        }
        return rc;
    }
}
