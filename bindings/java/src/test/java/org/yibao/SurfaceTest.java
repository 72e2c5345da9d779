package org.yibao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.internal.NativeYibao;

/**
 * The rest of the public surface: column views against row getters, ids
 * against codes, and the clearing inputs not covered elsewhere, with the
 * hand-worked values of tests/points/test_clearing.c and test_dip_national.c.
 */
class SurfaceTest {
    @TempDir
    Path tmp;

    @Test
    void drgColumnsAgreeWithRowsAndNames() {
        try (Context ctx = new Context(); DrgScheme s = DrgScheme.load(ctx, Fixtures.pack("chs-drg-1.1"))) {
            List<InpatientCase> cases = Fixtures.chsDrg11Cases().stream().map(Fixtures.Row::c).collect(Collectors.toList());
            DrgResults r = s.group(ctx, CaseBatch.of(cases));
            IntBuffer[] cols = {r.mdcColumn(), r.adrgColumn(), r.drgColumn(), r.mccCountColumn(), r.ccCountColumn(),
                r.unknownDxColumn(), r.unknownProcColumn()};
            for (int i = 0; i < r.size(); i++) {
                DrgResult g = r.get(i);
                assertArrayEquals(new int[] {g.mdc(), g.adrg(), g.drg(), g.mccCount(), g.ccCount(), g.unknownDx(),
                    g.unknownProc()}, new int[] {cols[0].get(i), cols[1].get(i), cols[2].get(i), cols[3].get(i),
                    cols[4].get(i), cols[5].get(i), cols[6].get(i)});
                assertEquals(g.adrg(), r.adrg(i));
                assertEquals(g.drg(), r.drg(i));
                assertEquals(s.adrgCodes().get(r.adrg(i)), r.adrgCode(i));
                assertEquals(r.adrg(i), s.drgAdrg(r.drg(i)));
            }
            assertThrows(UnsupportedOperationException.class, () -> r.drgColumn().put(0, 1)); // read-only
            int br2 = s.adrgId("BR2");
            assertTrue(s.adrgName(br2).contains("脑"), s.adrgName(br2));
            assertTrue(s.drgName(s.drgId("BR23")).length() > 0);
        }
    }

    @Test
    void ventilationHoursAndIcuDaysReachTheEngine() {
        // pre.csv of DIP 3.0: 96.7201 + 39.9500x007 → XQ0013; the ventilation code comes from the hours
        try (Context ctx = new Context(); DipCatalog cat = DipCatalog.load(ctx, Fixtures.pack("dip-3.0"))) {
            CaseBatch b = CaseBatch.builder(2).sex(new byte[] {1, 1}).ageYears(new short[] {40, 40})
                    .losDays(new int[] {5, 5}).dischargeType(new byte[] {1, 1})
                    .ventHours(new int[] {120, -1}).icuDays(new int[] {3, -1})
                    .diagnoses(new String[][] {{"J96.000"}, {"J96.000"}})
                    .procedures(new String[][] {{"39.9500x007"}, {"39.9500x007"}}).build();
            DipResults r = cat.group(ctx, b);
            assertEquals("XQ0013", r.groupCode(0));
            assertTrue((r.flags(0) & DipCatalog.FLAG_VENTILATION_HOURS) != 0);
            assertTrue(!"XQ0013".equals(r.groupCode(1)));
            assertEquals(r.group(0), r.groupColumn().get(0));
            assertEquals(r.score(0), r.scoreColumn().get(0));
            assertEquals(r.score(0), r.subtypeScore(0)); // no scores nationally: 0 and 0
            // vent hours below zero are a row status
            CaseBatch bad = CaseBatch.builder(1).sex(new byte[] {1}).ageYears(new short[] {40})
                    .ventHours(new int[] {-5}).diagnoses(new String[][] {{"J96.000"}}).build();
            assertEquals(NativeYibao.YB_E_ROW_VENT_HOURS, cat.group(ctx, bad).status(0));
        }
    }

    @Test
    void moneyFromBigDecimalAtAnyScale() {
        assertEquals(930000, Money.fromBigDecimal(new BigDecimal("0.93"), Money.RATIO_DECIMALS));
        assertEquals(12345679, Money.fromBigDecimal(new BigDecimal("1234.5679"), Money.SCORE_DECIMALS));
        assertThrows(ArithmeticException.class, () -> Money.fromBigDecimal(new BigDecimal("0.0000001"), 6));
    }

    @Test
    void specialReviewPaysClaimsFromItsPool() {
        try (Context ctx = new Context();
             PointsBook b = PointsBook.load(ctx, PointsFixture.book(tmp.resolve("sr"),
                     "settlement.method=\"add_self_pay\"; special_review.pool_share=\"0.02\""));
             PointsYear y = b.newYear(ctx)) {
            // HA: extreme case, cost 60000 = 6 × 10000 → deviation 5 → 5000 points; HB: 850 points
            PointsResults added = y.add(ctx, PointsCases.builder(2).groups(new String[] {"G1", "G1"})
                    .hospitals(new String[] {"HA", "HB"}).insurance(new byte[] {1, 1})
                    .cost(new long[] {6000000, 850000}).selfPay(new long[] {0, 0}).month(new byte[] {1, 1}).build(), null);
            assertEquals(PointsResults.Kind.EXTREME, added.kind(0));
            assertEquals(0, added.pool(0));
            assertEquals(Money.RATIO_ONE, added.subtypeCoefficient(0));
            assertEquals(added.points(0), added.pointsColumn().get(0));
            assertEquals(added.payment(1), added.paymentColumn().get(1));
            assertEquals(added.fundDue(1), added.fundDueColumn().get(1));
            assertEquals(3, y.hospitalCount());
            assertEquals(b, y.book());
            PointsYear.Clearing c = y.clear(ctx, PointsYear.ClearingInput.of(5000000));
            // pool 2 % × 50000 = 1000.00; value 49000 ÷ 5850 = 8.3761; HA's claim exceeds the pool: all to HA
            assertEquals(100000, c.poolReviewPool()[0]);
            assertEquals(8376100, c.poolPointValue()[0]);
            assertArrayEquals(new long[] {100000, 0, 0}, c.reviewPaid());
            // claims 100.00 and 200.00 against a pool of 100.00: 33.33 and 66.67
            c = y.clear(ctx, PointsYear.ClearingInput.of(5000000).withReviewPool(10000).withReviewClaims(10000, 20000, 0));
            assertArrayEquals(new long[] {3333, 6667, 0}, c.reviewPaid());
            // claims within the pool are paid in full, the rest stays unused
            c = y.clear(ctx, PointsYear.ClearingInput.of(5000000).withReviewPool(10000).withReviewClaims(1000, 2000, 0));
            assertEquals(1000, c.reviewPaid()[0]);
            assertEquals(7000, c.poolReviewUnused()[0]);
            assertEquals(5000000, c.fundDue()[0] + c.fundDue()[1] + c.fundDue()[2] + c.poolReviewPaid()[0]
                    + c.poolReviewUnused()[0] + c.poolUnallocated()[0]);
        }
    }

    @Test
    void fundBudgetIsConservedExactlyWithIdsAndGivenAdvances() {
        try (Context ctx = new Context(); PointsBook b = PointsBook.load(ctx, Fixtures.pack("sample-points"));
             PointsYear y = b.newYear(ctx)) {
            int n = 4000;
            int ng = b.groupCodes().size();
            int[] gid = new int[n];
            int[] hid = new int[n];
            long[] cost = new long[n];
            long[] self = new long[n];
            byte[] ins = new byte[n];
            byte[] month = new byte[n];
            long x = 99;
            for (int i = 0; i < n; i++) { // the generator of tests/points/test_clearing.c
                x = x * 6364136223846793005L + 1442695040888963407L;
                gid[i] = Long.remainderUnsigned(x >>> 33, 50) == 0 ? PointsBook.NO_ID : (int) Long.remainderUnsigned(x >>> 33, ng);
                hid[i] = (int) Long.remainderUnsigned(x >>> 20, 30);
                cost[i] = 100000 + Long.remainderUnsigned(x >>> 24, 8000000);
                self[i] = cost[i] * Long.remainderUnsigned(x >>> 50, 30) / 100;
                ins[i] = (byte) (1 + Long.remainderUnsigned(x >>> 45, 2));
                month[i] = (byte) (1 + Long.remainderUnsigned(x >>> 40, 12));
            }
            PointsResults r = y.add(ctx, PointsCases.builder(n).groupIds(gid).hospitalIds(hid).insurance(ins).cost(cost)
                    .selfPay(self).month(month).build(), null);
            assertEquals(0, r.failedRows());
            long[] fund = {3000000007L, 1500000003L};
            PointsYear.Clearing c = y.clear(ctx, PointsYear.ClearingInput.of(fund));
            int nh = y.hospitalCount();
            for (int p = 0; p < 2; p++) {
                long sum = 0;
                for (int h = 0; h < nh; h++) {
                    sum += c.hpFundDue()[h * 2 + p];
                }
                assertEquals(0, c.poolUnallocated()[p]);
                assertEquals(c.poolPointsFund()[p], sum);
                assertEquals(fund[p], sum + c.poolReviewPaid()[p] + c.poolReviewUnused()[p]);
                assertEquals(fund[p] - (fund[p] + 50) / 100, c.poolPointsFund()[p]); // 1 % set aside
            }
            for (int h = 0; h < nh; h++) {
                assertEquals(c.fundDue()[h], c.hpFundDue()[h * 2] + c.hpFundDue()[h * 2 + 1]);
                assertEquals(c.totalPaid()[h], c.fundDue()[h] + c.corridor()[h] + c.reviewPaid()[h]
                        + c.ffsFundDue()[h] - c.depositForfeit()[h]);
            }
            // Giving the advances the clearing computed itself changes nothing.
            PointsYear.Clearing given = y.clear(ctx, PointsYear.ClearingInput.of(fund)
                    .withAdvances(c.advancePaid(), c.depositWithheld())
                    .withBudgetValues(b.pointValue(0), b.pointValue(1)));
            assertArrayEquals(c.balance(), given.balance());
        }
    }

    @Test
    void ledgerBatchQuantitiesEqualSingleEntries(@TempDir Path dir) {
        String params = "{\"year\": 2024, \"mode\": \"openimis\", \"openimis\": {\"weight\": {\"visits\": \"1\"}}}";
        java.util.Map<String, String> t = new java.util.LinkedHashMap<>();
        t.put("facilities", "facility,name\nHF1,Health centre 1\nHF2,Dispensary 2\n");
        t.put("locations", "location,population,families,insured_persons,insured_families\nV1,1000,200,600,120\n");
        t.put("catchment", "facility,location,catchment\nHF1,V1,1\n");
        try (Context ctx = new Context(); CapitationPlan p = CapitationPlan.load(ctx, CapitationTest.writePlan(dir, params, t));
             CapitationLedger a = p.newLedger(ctx); CapitationLedger b = p.newLedger(ctx)) {
            a.add(ctx, "c", CapitationLedger.EntryKind.CONTRIBUTION, 3, null, null, 10000, 0, null);
            a.add(ctx, "v1", CapitationLedger.EntryKind.VISITS, 3, null, "HF1", 0, 1, null);
            a.add(ctx, "v2", CapitationLedger.EntryKind.VISITS, 3, null, "HF2", 0, 2, null);
            int[] st = b.addBatch(ctx, CapitationLedger.Entries.builder(3).entryIds(new String[] {"c", "v1", "v2"})
                    .kinds(new CapitationLedger.EntryKind[] {CapitationLedger.EntryKind.CONTRIBUTION,
                        CapitationLedger.EntryKind.VISITS, CapitationLedger.EntryKind.VISITS})
                    .months(new int[] {3, 3, 3}).facilities(new String[] {null, "HF1", "HF2"})
                    .amounts(new long[] {10000, 0, 0}).quantities(new long[] {0, 1, 2}).build());
            assertArrayEquals(new int[] {0, 0, 0}, st);
            assertEquals(a.totals(), b.totals());
            assertEquals(3, b.totals().visits());
        }
    }
}
