package org.yibao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.internal.NativeYibao;

/**
 * Point values and hospital payment through the Java layer, with the values
 * worked by hand in tests/points/test_case.c, test_batch.c, test_book.c,
 * test_clearing.c, test_indices.c and test_budget.c (money in fen, points ×
 * 10^4, ratios × 10^6).
 */
class PointsTest {
    @TempDir
    Path tmp;
    Context ctx;
    int books;

    @BeforeEach
    void open() {
        ctx = new Context();
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    PointsBook book(String more) {
        return PointsBook.load(ctx, PointsFixture.book(tmp.resolve("b" + books++), more));
    }

    PointsResults.Result one(PointsBook b, String group, String hospital, long cost, long selfPay) {
        return b.computeOne(ctx, group, hospital, PointsBook.EMPLOYEE, 1, -1, cost, selfPay, null, null);
    }

    @Test
    void normalCaseIsScoreTimesHospitalCoefficient() {
        try (PointsBook b = book(null)) {
            // HA level 3: standard 1000 × 1.00 × 10 = 10000.00; cost 9000.00 → normal; 1000 points; fund due 8500.00
            PointsResults.Result r = one(b, "G1", "HA", 900000, 150000);
            assertEquals(PointsResults.Kind.NORMAL, r.kind());
            assertEquals(1000000, r.standardCost());
            assertEquals(10000000, r.points());
            assertEquals(1000000, r.payment());
            assertEquals(850000, r.fundDue());
            // HB level 2: 1000 × 0.85 = 850 points, 8500.00
            r = one(b, "G1", "HB", 800000, 0);
            assertEquals(850000, r.hospitalCoefficient());
            assertEquals(8500000, r.points());
            assertEquals(850000, r.payment());
            // G2 at HC: 2500.5 × 0.70 = 1750.35 points → 17503.50
            r = one(b, "G2", "HC", 1750350, 0);
            assertEquals(17503500, r.points());
            assertEquals(1750350, r.payment());
            assertEquals(Money.RATIO_ONE, r.deviation());
        }
    }

    @Test
    void outlierBoundariesFollowTheRules() {
        try (PointsBook b = book(null)) {
            // cost 5000.00 = 0.5 × standard: "< 0.5" is false → normal
            assertEquals(PointsResults.Kind.NORMAL, one(b, "G1", "HA", 500000, 0).kind());
            // 4999.99 → ratio 0.499999 → low: 1000 × 0.499999 = 499.999 points → 4999.99
            PointsResults.Result r = one(b, "G1", "HA", 499999, 0);
            assertEquals(PointsResults.Kind.LOW, r.kind());
            assertEquals(499999, r.costRatio());
            assertEquals(4999990, r.points());
            assertEquals(499999, r.payment());
            // 20000.01 → ratio 2.000001 → high: deviation 1.000001; 1000.0010 points; 10000.01
            r = one(b, "G1", "HA", 2000001, 0);
            assertEquals(PointsResults.Kind.HIGH, r.kind());
            assertEquals(1000001, r.deviation());
            assertEquals(1000001, r.payment());
        }
        try (PointsBook b = book("outlier.low.inclusive=true")) {
            // HB cost 3000.00 vs 8500.00: 0.352941; 1000 × 0.85 × 0.352941 = 299.99985 → 299.9999; → 3000.00
            PointsResults.Result r = one(b, "G1", "HB", 300000, 0);
            assertEquals(352941, r.costRatio());
            assertEquals(2999999, r.points());
            assertEquals(300000, r.payment());
        }
    }

    @Test
    void badRowsGetTheirStatusAndTheRestIsComputed() {
        try (PointsBook b = book(null)) {
            PointsCases c = PointsCases.builder(9)
                    .groups(new String[] {"G1", "NOPE", "G1", "G1", "G1", "G1", "G1", "G1", " G1 "})
                    .hospitals(new String[] {"HA", "HA", "H99", "HA", "HA", "HA", "HA", "", " HB "})
                    .insurance(new byte[] {1, 1, 1, 1, 1, 1, 1, 1, 1})
                    .cost(new long[] {900000, 900000, 900000, -1, 100, 900000, 900000, 900000, 800000})
                    .selfPay(new long[] {0, 0, 0, 0, 101, 0, 0, 0, 0})
                    .month(new byte[] {1, 1, 1, 1, 1, 13, 1, 1, 2})
                    .subtypes(new String[] {"", "", "", "", "", "", "NOSUCH", "", " "})
                    .losDays(new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3})
                    .build();
            PointsResults r = b.compute(ctx, c, null);
            assertEquals(7, r.failedRows());
            assertArrayEquals(new int[] {0, NativeYibao.YB_E_ROW_GROUP, NativeYibao.YB_E_ROW_HOSPITAL,
                NativeYibao.YB_E_ROW_COST, NativeYibao.YB_E_ROW_SELF_PAY, NativeYibao.YB_E_ROW_MONTH,
                NativeYibao.YB_E_ROW_SUBTYPE, NativeYibao.YB_E_ROW_HOSPITAL, 0}, r.statuses());
            assertEquals(1000000, r.payment(0));
            assertEquals(850000, r.payment(8)); // after trimming: 8500.00
            assertEquals(PointsBook.NO_ID, r.groupId(1));
            assertNull(r.kind(1));
            assertNull(r.groupCode(1));
            assertEquals("G1", r.groupCode(8));
            assertEquals(0, r.payment(1));
            // The first bad row is described on the context.
            assertTrue(ctx.lastError().message().contains("NOPE"), ctx.lastError().message());
            // The caller's point value replaces the book's: 1000 points × 12.5 = 12500.00.
            PointsResults v = b.compute(ctx, c, new long[] {12500000});
            assertEquals(1250000, v.payment(0));
            assertThrows(YibaoException.InvalidArgument.class, () -> b.compute(ctx, c, new long[] {1, 2}));
            // One case: the refusal is an exception with the reason.
            YibaoException.PointsRow e = assertThrows(YibaoException.PointsRow.class, () -> one(b, "NOPE", "HA", 1, 0));
            assertEquals("YB_E_ROW_GROUP", e.statusName());
            assertTrue(e.detail().contains("NOPE"), e.detail());
        }
    }

    @Test
    void harbinRateBookPaysRwTimesBaseRate() {
        try (PointsBook b = PointsBook.load(ctx, Fixtures.pack("harbin-drg-2024"))) {
            assertEquals(PointsBook.Method.DRG_RATE, b.method());
            assertEquals(703, b.groupCodes().size());
            assertEquals(2, b.poolCount());
            assertEquals(12252700000L, b.pointValue(0)); // 职工 12,252.70
            assertEquals(9649240000L, b.pointValue(1));  // 居民 9,649.24
            assertEquals(1, b.poolOf(PointsBook.RESIDENT));
            int id = b.groupId(" AB19 ");
            PointsBook.Group g = b.group(id);
            assertEquals(362185, g.weight());
            assertEquals("肝移植", g.name());
            assertEquals(PointsBook.NO_ID, b.groupId("ab19")); // codes are exact
            // AB19 RW 36.2185 × 12252.70 = 443774.41495 → 443774.41
            PointsResults.Result r = b.computeOne(ctx, "AB19", "某医院", PointsBook.EMPLOYEE, 1, -1, 50000000, 0, null, null);
            assertEquals(362185, r.points());
            assertEquals(44377441, r.payment());
            // × 9649.24 (居民) = 349480.99894 → 349481.00
            r = b.computeOne(ctx, "AB19", "某医院", PointsBook.RESIDENT, 1, -1, 50000000, 0, null, null);
            assertEquals(34948100, r.payment());
        }
    }

    @Test
    void sampleBookCoefficientsFollowItsAddOnRules() {
        try (PointsBook b = PointsBook.load(ctx, Fixtures.pack("sample-points"))) {
            assertEquals(PointsBook.Method.DIP, b.method());
            assertEquals(30, b.hospitalCodes().size());
            assertEquals(10250000, b.pointValue(0)); // 10.2500 yuan/point (employees)
            // H01: 1 + (1.05 − 1) × 0.1 = 1.0050; H04: 1 + 0.023 + 0.006 + min(0.05, 0.03) = 1.0590;
            // H05: 1 + 0.029 + min(0.104, 0.02) = 1.0490; H16: 0.70 + 0.002 = 0.7020
            assertEquals(1005000, b.hospital(b.hospitalId("H01")).coefficient());
            assertEquals(1059000, b.hospital(b.hospitalId("H04")).coefficient());
            assertEquals(1049000, b.hospital(b.hospitalId("H05")).coefficient());
            PointsBook.Hospital h16 = b.hospital(b.hospitalId("H16"));
            assertEquals(702000, h16.coefficient());
            assertEquals(700000, h16.baseCoefficient());
            assertEquals("H16", h16.code());
            assertThrows(YibaoException.NotFound.class, () -> b.hospital(99));
        }
    }

    @Test
    void settlementAndBudgetValues() {
        try (PointsBook b = book("budget.year_weights=\"1:2:7\"")) {
            // (800000.00 ÷ 0.8) ÷ 80000 points = 12.5000; ÷ 30000 = 33.3333…
            assertEquals(12500000, b.settlementValue(ctx, 0, 80000000, 800000000, 0));
            assertEquals(33333300, b.settlementValue(ctx, 0, 80000000, 300000000, 0));
            assertThrows(YibaoException.DivisionByZero.class, () -> b.settlementValue(ctx, 0, 80000000, 0, 0));
            long[] cost = {9000000, 10000000, 12000000};
            long[] points = {90000000, 95000000, 100000000};
            // 1130000 ÷ 98000 = 11.530612… → 11.5306; equal weights 310000 ÷ 28500 = 10.8772
            assertEquals(11530600, b.budgetValue(ctx, cost, points, null));
            assertEquals(10877200, b.budgetValue(ctx, cost, points, new long[] {1, 1, 1}));
            assertEquals(100000, b.payment(1000000, 10000000)); // 100.0000 points × 10 yuan = 1000.00 yuan
        }
    }

    /** HA two G1 (months 1, 2, self pay 2000.00 each), HB one G1 (month 1, 1000.00), HC one G2 (month 2, 3000.00). */
    PointsYear year(PointsBook b) {
        PointsYear y = b.newYear(ctx);
        PointsResults r = y.add(ctx, PointsCases.builder(4)
                .groups(new String[] {"G1", "G1", "G1", "G2"})
                .hospitals(new String[] {"HA", "HA", "HB", "HC"})
                .insurance(new byte[] {1, 1, 1, 1})
                .cost(new long[] {1000000, 1000000, 850000, 1750350})
                .selfPay(new long[] {200000, 200000, 100000, 300000})
                .month(new byte[] {1, 2, 1, 2})
                .build(), null);
        assertEquals(0, r.failedRows());
        return y;
    }

    @Test
    void monthlyAdvanceWithholdsTheQualityDeposit() {
        try (PointsBook b = book("advance.deposit_ratio=\"0.05\""); PointsYear y = year(b)) {
            assertEquals(List.of("HA", "HB", "HC"), y.hospitalCodes());
            // month 2 at 10: HA 8000.00 due, deposit 400.00, advance 7600.00; HC 17503.50 − 3000 = 14503.50,
            // deposit 725.175 → 725.18, advance 13778.32; HB nothing
            PointsYear.Advance a = y.advance(ctx, 2, null);
            assertArrayEquals(new long[] {1000000, 0, 1750350}, a.gross());
            assertEquals(800000, a.fundDue()[0]);
            assertEquals(40000, a.deposit()[0]);
            assertEquals(760000, a.advance()[0]);
            assertEquals(72518, a.deposit()[2]);
            assertEquals(1377832, a.advance()[2]);
            assertThrows(YibaoException.InvalidArgument.class, () -> y.advance(ctx, 13, null));
            PointsYear.Totals t = y.totals(ctx);
            assertEquals(4, t.cases());
            assertEquals(46003500, t.points()); // 1000 + 1000 + 850 + 1750.35
            assertEquals(800000, t.selfPay());
            assertEquals(2, y.totals(ctx, 0, -1, -1).cases());
            assertEquals(2, y.totals(ctx, PointsBook.NO_ID, -1, 2).cases());
        }
    }

    @Test
    void clearingGivesTheRemainderByPointsAndSettlesTheDeposit() {
        try (PointsBook b = book("advance.deposit_ratio=\"0.05\""); PointsYear y = year(b)) {
            PointsYear.Clearing c = y.clear(ctx, PointsYear.ClearingInput.of(4000000)
                    .withAssessment(1000000, 800000, 500000));
            // value = (40000 ÷ 0.8) ÷ 4600.35 = 10.868738… → 10.8687
            assertEquals(10868700, c.poolPointValue()[0]);
            assertArrayEquals(new long[] {2173740, 923840, 1902403}, c.hpGross());
            // −1999.83 by points: −869.42, −369.51, −760.90 (largest remainders)
            assertArrayEquals(new long[] {-86942, -36951, -76090}, c.conservationAdjustment());
            assertArrayEquals(new long[] {1686798, 786889, 1526313}, c.fundDue());
            assertEquals(4000000, c.fundDue()[0] + c.fundDue()[1] + c.fundDue()[2]);
            assertEquals(0, c.poolUnallocated()[0]);
            assertArrayEquals(new long[] {0, 7500, 36259}, c.depositForfeit());
            assertArrayEquals(new long[] {166798, 66889, 112222}, c.balance());
            assertEquals(2086798, c.gross()[0]);
            assertEquals(1520000, c.advancePaid()[0]);
            assertThrows(IllegalArgumentException.class, () -> y.clear(ctx, PointsYear.ClearingInput.of(1, 2)));
        }
    }

    @Test
    void indicesFollowTheirDefinitions() {
        try (PointsBook b = book(null); PointsYear y = b.newYear(ctx)) {
            // HA: G1 10000.00 (5 days), G1 14000.00 (7), G2 30000.00 (10); HB: G1 6000.00 (3), G2 20000.00 (8),
            // one ungrouped 5000.00 (no LOS).
            y.add(ctx, PointsCases.builder(6).groups(new String[] {"G1", "G1", "G2", "G1", "G2", ""})
                    .hospitals(new String[] {"HA", "HA", "HA", "HB", "HB", "HB"})
                    .cost(new long[] {1000000, 1400000, 3000000, 600000, 2000000, 500000})
                    .losDays(new int[] {5, 7, 10, 3, 8, -1}).build(), null);
            PointsYear.Indices h = y.hospitalIndices(ctx);
            assertArrayEquals(new long[] {15002, 17503, 0}, h.cmi());      // 1.500166… → 1.5002; 1.75025 → 1.7503
            assertEquals(12000, h.costIndex()[0]);                        // (2.4 + 1.2) ÷ 3
            assertEquals(7000, h.costIndex()[1]);
            assertArrayEquals(new long[] {11704, 7444}, new long[] {h.timeIndex()[0], h.timeIndex()[1]});
            assertArrayEquals(new long[] {1000000, 666667, 0}, h.groupCoverage());
            PointsYear.Indices r = y.regionIndices(ctx);
            assertEquals(10000, r.costIndex()[0]);
            assertEquals(833333, r.groupCoverage()[0]); // 5 of 6
        }
    }

    @Test
    void dipTotalAndElasticValue() {
        long y = 100;
        PointsBook.DipTotal t = PointsBook.dipTotal(ctx, new PointsBook.DipTotalInput(PointsBook.DipTotalMethod.BY_ITEMS,
                false, 1000000000 * y, 20000000 * y, 80000000 * y, 50000000 * y, 0, 0, 0, 0, 0, 0), Rounding.HALF_UP);
        assertEquals(850000000 * y, t.total()); // 1,000,000,000 − 20,000,000 − 80,000,000 − 50,000,000
        // proportion: 1000.01 × 100 ÷ 300 = 333.33666… → 333.34 (the exact share multiplies)
        t = PointsBook.dipTotal(ctx, new PointsBook.DipTotalInput(PointsBook.DipTotalMethod.BY_PROPORTION, false,
                100001, 0, 0, 0, 100 * y, 300 * y, 0, 0, 0, 0), Rounding.HALF_UP);
        assertEquals(33334, t.total());
        assertEquals(333333, t.share());
        // growth 8 % capped at 6 %: 700,000,000 × 1.06
        t = PointsBook.dipTotal(ctx, new PointsBook.DipTotalInput(PointsBook.DipTotalMethod.BY_GROWTH, true, 0, 0, 0,
                0, 700000000 * y, 0, 80000, 60000, 0, 0), Rounding.HALF_UP);
        assertEquals(60000, t.growthApplied());
        assertEquals(742000000 * y, t.total());
        assertThrows(YibaoException.Param.class, () -> PointsBook.dipTotal(ctx, new PointsBook.DipTotalInput(
                PointsBook.DipTotalMethod.BY_ITEMS, false, 10 * y, 0, 11 * y, 0, 0, 0, 0, 0, 0, 0), Rounding.HALF_UP));
        // elastic: base 80 % of 10,000,000.00 over 700,000 points = 11.4286; increment 1,999,980.00 over 200,000
        // points = 9.9999, capped at 9.5: paid 1,900,000.00, unused 99,980.00
        PointsBook.Elastic e = PointsBook.elasticValue(ctx, new PointsBook.ElasticInput(4, true, 10000000 * y,
                700000L * Money.SCORE_ONE, 200000L * Money.SCORE_ONE, 0, 800000, 0, 9500000), Rounding.HALF_UP);
        assertEquals(11428600, e.fixedPointValue());
        assertEquals(8000020 * y, e.baseTotal());
        assertEquals(9999900, e.floatingUncapped());
        assertEquals(9500000, e.floatingPointValue());
        assertEquals(1900000 * y, e.incrementPaid());
        assertEquals(99980 * y, e.incrementUnused());
    }
}
