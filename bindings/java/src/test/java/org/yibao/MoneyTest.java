package org.yibao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/** The golden values of tests/core/test_money.c, each worked by hand there, through the Java layer. */
class MoneyTest {

    @Test
    void muldivRoundsTiesByMode() {
        // 5 × 1 ÷ 2 = 2.5
        assertEquals(3, Money.muldiv(5, 1, 2, Rounding.HALF_UP));
        assertEquals(2, Money.muldiv(5, 1, 2, Rounding.HALF_EVEN));
        assertEquals(4, Money.muldiv(7, 1, 2, Rounding.HALF_EVEN)); // 3.5 → 4 (even)
        assertEquals(2, Money.muldiv(5, 1, 2, Rounding.DOWN));
        assertEquals(3, Money.muldiv(5, 1, 2, Rounding.UP));
        assertEquals(2, Money.muldiv(5, 1, 2, Rounding.FLOOR));
        assertEquals(3, Money.muldiv(5, 1, 2, Rounding.CEIL));
        // Negative values: half-up is symmetric (−2.5 → −3) so reversals mirror settlements.
        assertEquals(-3, Money.muldiv(-5, 1, 2, Rounding.HALF_UP));
        assertEquals(-2, Money.muldiv(-5, 1, 2, Rounding.HALF_EVEN));
        assertEquals(-3, Money.muldiv(-5, 1, 2, Rounding.FLOOR));
        assertEquals(-2, Money.muldiv(-5, 1, 2, Rounding.CEIL));
        assertEquals(-2, Money.muldiv(5, -1, 2, Rounding.DOWN));
        // Not a tie: 2.4 and 2.6.
        assertEquals(2, Money.muldiv(12, 1, 5, Rounding.HALF_UP));
        assertEquals(3, Money.muldiv(13, 1, 5, Rounding.HALF_UP));
    }

    @Test
    void roundingModesAreTheJdkRules() {
        // Each mode rounds like its java.math.RoundingMode: check on the ties ±2.5 and ±3.5 and on ±2.4.
        long[][] cases = {{5, 2}, {-5, 2}, {7, 2}, {-7, 2}, {12, 5}, {-12, 5}};
        for (Rounding r : Rounding.values()) {
            for (long[] c : cases) {
                long expected = BigDecimal.valueOf(c[0]).divide(BigDecimal.valueOf(c[1]))
                        .setScale(0, r.toRoundingMode()).longValueExact();
                assertEquals(expected, Money.muldiv(c[0], 1, c[1], r), r + " " + c[0] + "/" + c[1]);
            }
            assertEquals(r, Rounding.of(r.toRoundingMode()));
        }
        assertThrows(IllegalArgumentException.class, () -> Rounding.of(RoundingMode.UNNECESSARY));
    }

    @Test
    void muldivUses128BitProducts() {
        // 9e18 × 3 ÷ 4 = 6.75e18: the product overflows 64 bits, the result does not.
        assertEquals(6750000000000000000L, Money.muldiv(9000000000000000000L, 3, 4, Rounding.HALF_UP));
        YibaoException.Overflow o = assertThrows(YibaoException.Overflow.class,
                () -> Money.muldiv(Long.MAX_VALUE, 2, 1, Rounding.HALF_UP));
        assertEquals("YB_E_OVERFLOW", o.statusName());
        assertEquals(-9, o.status());
        YibaoException.DivisionByZero z = assertThrows(YibaoException.DivisionByZero.class,
                () -> Money.muldiv(1, 1, 0, Rounding.HALF_UP));
        assertTrue(z instanceof YibaoException.Numeric);
        assertTrue(z.getMessage().contains("muldiv(1, 1, 0)"), z.getMessage());
        assertTrue(z.getMessage().contains("YB_E_DIV_ZERO"), z.getMessage());
    }

    @Test
    void moneyTimesRatioExample() {
        // 1234.56 yuan × 0.85 = 1049.376 yuan → 1049.38 yuan (104938 fen).
        assertEquals(104938, Money.muldiv(123456, 850000, Money.RATIO_ONE, Rounding.HALF_UP));
        // 0.1 + 0.2 in fen is exactly 0.3: 10 + 20 = 30.
        assertEquals(30, Money.parse("0.1", 2) + Money.parse("0.2", 2));
        // Two half-fen amounts: 0.005 yuan rounds to 0.01 half-up, to 0.00 half-even (0 is even).
        assertEquals(1, Money.parse("0.005", 2, Rounding.HALF_UP));
        assertEquals(0, Money.parse("0.005", 2, Rounding.HALF_EVEN));
        assertEquals(2, Money.parse("0.015", 2, Rounding.HALF_EVEN));
    }

    @Test
    void rescaleRoundsOnlyWhenDroppingDigits() {
        // score 1234.56785 at 5 decimals to 4: 1234.5679 (half-up), 1234.5678 (down).
        assertEquals(12345679, Money.rescale(123456785, 5, 4, Rounding.HALF_UP));
        assertEquals(12345678, Money.rescale(123456785, 5, 4, Rounding.DOWN));
        assertEquals(1500, Money.rescale(15, 0, 2, Rounding.HALF_UP));
        assertThrows(YibaoException.Overflow.class, () -> Money.rescale(Long.MAX_VALUE, 0, 1, Rounding.HALF_UP));
        assertThrows(YibaoException.InvalidArgument.class, () -> Money.rescale(1, 0, 19, Rounding.HALF_UP));
    }

    @Test
    void decimalParseIsExact() {
        assertEquals(1225270, Money.parseFen("12252.70"));
        assertEquals(-930000, Money.parse(" -0.93 ", 6));
        assertEquals(70000, Money.parse("+7", 4));
        assertEquals(100, Money.parse("1.", 2));
        assertEquals(50, Money.parse(".5", 2));
        // Trailing zeros beyond the scale are fine; a non-zero digit is not.
        assertEquals(123, Money.parse("1.2300", 2));
        YibaoException.Format f = assertThrows(YibaoException.Format.class, () -> Money.parse("1.234", 2));
        assertTrue(f.getMessage().contains("1.234"), f.getMessage());
        for (String bad : new String[] {"", " ", "-", ".", "1e3", "1,000", "1.2.3", "0x10", "12a", "--1"}) {
            assertThrows(YibaoException.Format.class, () -> Money.parse(bad, 2), bad);
        }
        assertThrows(YibaoException.Overflow.class, () -> Money.parse("92233720368547758.08", 2));
        assertEquals(Long.MAX_VALUE, Money.parse("92233720368547758.07", 2));
    }

    @Test
    void decimalFormatPadsAndSigns() {
        assertEquals("1234.56", Money.format(123456, 2));
        assertEquals("1234.56", Money.formatFen(123456));
        assertEquals("-0.05", Money.format(-5, 2));
        assertEquals("0.0000", Money.format(0, 4));
        assertEquals("42", Money.format(42, 0));
        assertEquals("-92233720368547758.08", Money.format(Long.MIN_VALUE, 2));
        assertThrows(YibaoException.InvalidArgument.class, () -> Money.format(1, 19));
    }

    @Test
    void allocateSumsExactlyWithLargestRemainder() {
        // 100 fen in thirds: 33.33… each; one fen left, remainders equal → lowest index.
        assertArrayEquals(new long[] {34, 33, 33}, Money.allocate(100, new long[] {1, 1, 1}));
        // Tiers 6:3:1 of 1001 fen: 600.6, 300.3, 100.1 → 600+300+100 = 1000; the fen left goes to 0.6.
        assertArrayEquals(new long[] {601, 300, 100}, Money.allocate(1001, new long[] {6, 3, 1}));
        // 10 fen over weights 1,2,3,4: exact.
        assertArrayEquals(new long[] {1, 2, 3, 4}, Money.allocate(10, new long[] {1, 2, 3, 4}));
        // 7 fen over ten equal weights: the first seven get 1.
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 0, 0, 0}, Money.allocate(7, new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
        // Negative totals mirror positive ones.
        assertArrayEquals(new long[] {-601, -300, -100}, Money.allocate(-1001, new long[] {6, 3, 1}));
        // 5 × (2,0,1)/3 = 3.33, 0, 1.67 → 3, 0, 2.
        assertArrayEquals(new long[] {3, 0, 2}, Money.allocate(5, new long[] {2, 0, 1}));
        assertThrows(YibaoException.DivisionByZero.class, () -> Money.allocate(5, new long[] {0, 0}));
        assertThrows(YibaoException.InvalidArgument.class, () -> Money.allocate(5, new long[] {1, -1}));
        assertThrows(YibaoException.InvalidArgument.class, () -> Money.allocate(5, new long[0]));
    }

    @Test
    void allocateRandomTotalsAlwaysAddUp() {
        long x = 88172645463325252L; // xorshift, as in the C suite
        for (int round = 0; round < 500; round++) {
            int n = 1 + round % 17;
            long[] w = new long[n];
            long wsum = 0;
            for (int i = 0; i < n; i++) {
                x ^= x << 13; x ^= x >>> 7; x ^= x << 17;
                w[i] = Long.remainderUnsigned(x, 1000000);
                wsum += w[i];
            }
            if (wsum == 0) {
                w[0] = 1;
                wsum = 1;
            }
            x ^= x << 13; x ^= x >>> 7; x ^= x << 17;
            long total = Long.remainderUnsigned(x, 10000000000L) - 5000000000L;
            long[] p = Money.allocate(total, w);
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += p[i];
                // Each part is within one fen of its exact share total × w / Σw.
                BigInteger diff = BigInteger.valueOf(p[i]).multiply(BigInteger.valueOf(wsum))
                        .subtract(BigInteger.valueOf(total).multiply(BigInteger.valueOf(w[i]))).abs();
                assertTrue(diff.compareTo(BigInteger.valueOf(wsum)) < 0);
            }
            assertEquals(total, sum);
        }
    }

    @Test
    void bigDecimalAtTheEdgesIsExact() {
        assertEquals(new BigDecimal("1234.56"), Money.toYuan(123456));
        assertEquals(new BigDecimal("-0.05"), Money.toYuan(-5));
        assertEquals(new BigDecimal("0.930000"), Money.toBigDecimal(930000, Money.RATIO_DECIMALS));
        assertEquals(1225270, Money.fen(new BigDecimal("12252.70")));
        assertEquals(1225270, Money.fen(new BigDecimal("12252.7000")));
        assertEquals(1225300, Money.fen(new BigDecimal("12253")));
        // A third fen is not money: exact conversion refuses it, rounding takes a mode.
        assertThrows(ArithmeticException.class, () -> Money.fen(new BigDecimal("0.005")));
        assertEquals(1, Money.fen(new BigDecimal("0.005"), Rounding.HALF_UP));
        assertEquals(0, Money.fen(new BigDecimal("0.005"), Rounding.HALF_EVEN));
        assertThrows(ArithmeticException.class, () -> Money.fen(new BigDecimal("92233720368547758.08")));
        // Round trip through text and BigDecimal agrees with the library's parser.
        assertEquals(Money.parseFen("-1049.38"), Money.fen(new BigDecimal("-1049.38")));
        assertEquals(Money.toYuan(104938).toPlainString(), Money.formatFen(104938));
    }
}
