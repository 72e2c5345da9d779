package org.yibao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.CapitationLedger.EntryKind;
import org.yibao.internal.NativeYibao;

/**
 * Capitation through the Java layer, with the hand-worked values of
 * tests/capitation/test_plan.c, test_ledger.c, test_clearing.c and
 * test_openimis.c (plan "H" of tests/capitation/cap_pack.h: pot 465 500.00 =
 * inpatient 279 300.00 + outpatient 139 650.00 + chronic 46 550.00; reserve
 * 24 500.00; 5 % of the pot is 23 275.00 and 10 % is 46 550.00).
 */
class CapitationTest {
    static final String H_POPULATION = "band,sex,age_from,age_to,enrollees,coefficient\n"
            + "M0,1,0,59,500,0.9\nF0,2,0,59,300,1.0\nM60,1,60,150,100,1.6\nF60,2,60,150,100,1.5\n";
    static final String H_POTS = "pot,name,share\ninpatient,住院,0.6\noutpatient,门诊,0.3\nchronic,慢病,0.1\n";
    static final String H_CARVE = "carveout,name,basis,value\ncritical,大病保险,per_capita,30.00\n";
    static final String H_TIERS = "tier,name,share\ncounty,县级,0.6\ntownship,乡镇级,0.3\nvillage,村级,0.1\n";
    static final String H_SURPLUS = "from_ratio,to_ratio,retain_ratio\n0,0.05,1\n0.05,,0.5\n";
    static final String H_RETENTION = "min_score,factor\n0,0\n60,0.6\n80,0.8\n90,1\n";
    static final String H_OVER = "from_ratio,to_ratio,fund_share\n0,0.05,0.7\n0.05,0.10,0.5\n0.10,,0\n";
    static final String H_PARAMS = "{\"year\": 2024, \"per_capita\": {\"base\": \"500.00\", \"growth\": \"0.04\"}, "
            + "\"risk_reserve\": {\"ratio\": \"0.05\"}, \"overspend\": {\"min_score\": \"60\"}";

    static long y(long yuan) {
        return yuan * 100;
    }

    @TempDir
    Path tmp;
    Context ctx;
    CapitationPlan plan;

    static Path writePlan(Path dir, String params, Map<String, String> tables) {
        return Packs.write(dir, tables, Map.of("kind", "\"capitation-plan\"", "parameters", params));
    }

    static Path planH(Path dir, String extra) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("population", H_POPULATION);
        t.put("pots", H_POTS);
        t.put("carveouts", H_CARVE);
        t.put("tiers", H_TIERS);
        t.put("surplus_bands", H_SURPLUS);
        t.put("retention", H_RETENTION);
        t.put("overspend_bands", H_OVER);
        return writePlan(dir, H_PARAMS + extra + "}", t);
    }

    @BeforeEach
    void load() {
        ctx = new Context();
        plan = CapitationPlan.load(ctx, planH(tmp.resolve("h"), ""));
    }

    @AfterEach
    void free() {
        plan.close();
        ctx.close();
    }

    /** Spending inside the alliance split over pots, outside spending, twelve advances of 30 000.00. */
    CapitationLedger ledgerOf(CapitationPlan p, long inp, long out, long chr, long county, long province) {
        CapitationLedger l = p.newLedger(ctx);
        l.add(ctx, "inp-1", EntryKind.SPEND_ALLIANCE, 1, "inpatient", inp / 2);
        l.add(ctx, "inp-7", EntryKind.SPEND_ALLIANCE, 7, "inpatient", inp - inp / 2);
        l.add(ctx, "out-3", EntryKind.SPEND_ALLIANCE, 3, "outpatient", out);
        l.add(ctx, "chr-12", EntryKind.SPEND_ALLIANCE, 12, "chronic", chr);
        l.add(ctx, "county-5", EntryKind.SPEND_OTHER_COUNTY, 5, "inpatient", county);
        l.add(ctx, "prov-9", EntryKind.SPEND_OUT_OF_PROVINCE, 9, "inpatient", province);
        for (int m = 1; m <= 12; m++) {
            l.add(ctx, "adv-" + m, EntryKind.ADVANCE, m, null, y(30000));
        }
        return l;
    }

    // ---- plan

    @Test
    void planHBudgetIsPerCapitaTimesEnrolleesLessCarveOutAndReserve() {
        CapitationPlan.Budget b = plan.budget(ctx);
        assertEquals(2024, b.year());
        assertEquals(1000, b.enrollees());            // 500 + 300 + 100 + 100
        assertEquals(52000, b.perCapita());           // 500.00 × 1.04 = 520.00 yuan
        assertEquals(52000000, b.gross());            // 520.00 × 1000
        assertEquals(3000000, b.carveOuts());         // 30.00 × 1000
        assertEquals(2450000, b.reserve());           // (520 000 − 30 000) × 0.05
        assertEquals(46550000, b.pot());              // 520 000 − 30 000 − 24 500
        assertEquals(46550000, b.advanceTotal());     // advance ratio defaults to 1
        // 46 550 000 fen ÷ 12 = 3 879 166 rem 8: months 1–8 get one fen more.
        assertEquals(3879167, b.advance()[0]);
        assertEquals(3879167, b.advance()[7]);
        assertEquals(3879166, b.advance()[8]);
        assertEquals(3879166, b.advance()[11]);
        assertEquals(CapitationPlan.Mode.ALLIANCE, plan.mode());
        assertEquals(List.of("inpatient", "outpatient", "chronic"), plan.pots());
        assertEquals(List.of("county", "township", "village"), plan.tiers());
        assertEquals(List.of(), plan.assessmentItems());
        assertEquals(List.of(), plan.facilities());
        assertTrue(plan.fingerprint().matches("[0-9a-f]{64}"));
    }

    @Test
    void samplePackBudgetMatchesItsDocumentedDerivation() {
        // packs/sample-capitation/SOURCE.md: per-capita 980.00 × 1.049 = 1 028.02; W = 65 166.6, normalisation
        // 1.08611, gross = 1 028.02 × 60 000 = 61 681 200.00; carve-out 3 600 000.00; reserve 58 081 200.00 × 0.05
        // = 2 904 060.00; pot 55 177 140.00; advances 0.9 × pot = 49 659 426.00.
        Path pack = Fixtures.pack("sample-capitation");
        try (CapitationPlan p = CapitationPlan.load(ctx, pack)) {
            CapitationPlan.Budget b = p.budget(ctx);
            assertEquals(60000, b.enrollees());
            assertEquals(102802, b.perCapita());
            assertEquals(65166600000L, b.riskWeight());
            assertEquals(1000000, b.normalisedScore());
            assertEquals(6168120000L, b.gross());
            assertEquals(360000000, b.carveOuts());
            assertEquals(290406000, b.reserve());
            assertEquals(5517714000L, b.pot());
            assertEquals(4965942600L, b.advanceTotal());
            assertEquals(Money.toYuan(b.pot()).toPlainString(), "55177140.00");
        }
    }

    @Test
    void badPlansNameFileLineColumnFieldAndValue() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("population", "band,sex,age_from,age_to,enrollees\nall,1,0,150,1000\n");
        t.put("tiers", H_TIERS);
        t.put("overspend_bands", "from_ratio,to_ratio,fund_share\n0,,1.5\n");
        String ok = "{\"year\": 2024, \"per_capita\": {\"base\": \"500.00\"}}";
        YibaoException.Param e = assertThrows(YibaoException.Param.class,
                () -> CapitationPlan.load(ctx, writePlan(tmp.resolve("b1"), ok, t)));
        assertTrue(e.file().endsWith("overspend_bands.csv"), e.file());
        assertEquals(2, e.line());
        assertEquals(3, e.column());
        assertEquals("fund_share", e.field());
        assertEquals("1.5", e.value());
        assertTrue(e.detail().contains("overspend_bands.csv:2:3") && e.detail().contains("from 0.000000 to 1.000000"),
                e.detail());

        t.put("overspend_bands", H_OVER);
        t.put("population", "band,sex,age_from,age_to,enrollees\nall,X,0,150,1000\n");
        YibaoException.Format f = assertThrows(YibaoException.Format.class,
                () -> CapitationPlan.load(ctx, writePlan(tmp.resolve("b2"), ok, t)));
        assertEquals(2, f.line());
        assertEquals(2, f.column());
        assertEquals("sex", f.field());
        assertEquals("X", f.value());

        t.put("population", "band,sex,age_from,age_to,enrollees\nall,1,0,150,1000\n");
        YibaoException.Param g = assertThrows(YibaoException.Param.class, () -> CapitationPlan.load(ctx,
                writePlan(tmp.resolve("b3"), "{\"year\": 2024, \"per_capita\": {\"base\": \"500\", \"groth\": \"0.04\"}}", t)));
        assertTrue(g.detail().contains("per_capita.groth") && g.detail().contains("pack.json"), g.detail());
        assertThrows(YibaoException.Io.class, () -> CapitationPlan.load(ctx, tmp.resolve("none")));
    }

    // ---- clearing

    @Test
    void surplusAboveFivePercentIsRetainedAtHalf() {
        // Spending 400 000 inside + 20 000 other county + 10 000 out of province = 430 000.00; surplus 35 500.00;
        // band 1: 23 275.00 × 1; band 2: (35 500 − 23 275) = 12 225.00 × 0.5 = 6 112.50; retained 29 387.50.
        try (CapitationLedger l = ledgerOf(plan, y(250000), y(120000), y(30000), y(20000), y(10000));
             CapitationClearing c = plan.clear(ctx, l, CapitationClearing.Input.year(920000))) {
            CapitationClearing.Summary s = c.summary();
            assertEquals(CapitationPlan.Mode.ALLIANCE, s.mode());
            assertEquals(12, s.throughMonth());
            assertEquals(y(400000), s.spentAlliance());
            assertEquals(y(20000), s.spentOtherCounty());
            assertEquals(y(10000), s.spentOutOfProvince());
            assertEquals(y(430000), s.spentTotal());
            assertEquals(y(35500), s.surplus());
            assertEquals(2938750, s.retained());
            assertEquals(611250, s.returned());
            assertEquals(0, s.overspend());
            // 29 387.50 × 0.6 = 17 632.50; × 0.3 = 8 816.25; × 0.1 = 2 938.75
            assertEquals(1763250, c.tier(0).retained());
            assertEquals(881625, c.tier(1).retained());
            assertEquals(293875, c.tier(2).retained());
            // payment = 400 000 + 29 387.50 = 429 387.50; balance 69 387.50; outlay 459 387.50
            assertEquals(42938750, s.alliancePayment());
            assertEquals(y(360000), s.advances());
            assertEquals(6938750, s.balanceDue());
            assertEquals(45938750, s.fundOutlay());
            CapitationClearing.Step band2 = c.steps().stream()
                    .filter(st -> st.kind() == NativeYibao.YB_CAP_STEP_SURPLUS_BAND && st.band() == 1)
                    .findFirst().orElseThrow();
            assertEquals("surplus_band", band2.kindName());
            assertEquals(1222500, band2.base());
            assertEquals(500000, band2.ratio());
            assertEquals(611250, band2.amount());
            assertEquals(CapitationClearing.NO_ID, band2.tier());
            assertTrue(band2.text().contains("12225.00 × retain 0.5 × score factor 1 = 6112.50"), band2.text());
            String text = c.text();
            assertTrue(text.contains("pot = gross 520000.00 − carve-outs 30000.00 − reserve 24500.00 = 465500.00"));
            assertTrue(text.contains("retained surplus to tier county (县级): 29387.50 × 0.6 = 17632.50"), text);
            assertTrue(text.contains("balance due = payment 429387.50 − advances 360000.00 = 69387.50"));
            for (CapitationClearing.Step st : c.steps()) {
                assertTrue(!st.text().isEmpty() && text.contains(st.text()));
            }
        }
    }

    @Test
    void retentionFactorFollowsTheAssessmentScore() {
        try (CapitationLedger l = ledgerOf(plan, y(250000), y(120000), y(30000), y(20000), y(10000))) {
            // Score 85 → factor 0.8: 23 275 × 0.8 + 12 225 × 0.5 × 0.8 = 18 620 + 4 890 = 23 510.00.
            try (CapitationClearing c = plan.clear(ctx, l, CapitationClearing.Input.year(850000))) {
                assertEquals(800000, c.summary().retentionFactor());
                assertEquals(y(23510), c.summary().retained());
                assertEquals(y(11990), c.summary().returned());
            }
            // Score 59.9999 → factor 0: everything goes back to the fund.
            try (CapitationClearing c = plan.clear(ctx, l, CapitationClearing.Input.year(599999))) {
                assertEquals(0, c.summary().retained());
                assertEquals(y(35500), c.summary().returned());
            }
        }
    }

    @Test
    void overspendInTheFirstTwoBandsIsSharedSeventyAndFifty() {
        // Spending 500 000.00; overspend 34 500.00; 23 275.00 × 0.7 + 11 225.00 × 0.5 = 16 292.50 + 5 612.50
        // = fund 21 905.00 (from the reserve, 2 595.00 left); alliance 12 595.00.
        try (CapitationLedger l = ledgerOf(plan, y(300000), y(120000), y(30000), y(30000), y(20000));
             CapitationClearing c = plan.clear(ctx, l, CapitationClearing.Input.year(950000))) {
            CapitationClearing.Summary s = c.summary();
            assertEquals(y(34500), s.overspend());
            assertEquals(y(21905), s.fundShare());
            assertEquals(y(12595), s.allianceShare());
            assertEquals(y(21905), s.reserveUsed());
            assertEquals(y(2595), s.reserveLeft());
            // 12 595 × 0.6 = 7 557.00; × 0.3 = 3 778.50; × 0.1 = 1 259.50
            assertEquals(y(7557), c.tier(0).loss());
            assertEquals(377850, c.tier(1).loss());
            assertEquals(125950, c.tier(2).loss());
            assertEquals(y(437405), s.alliancePayment());
            assertEquals(y(487405), s.fundOutlay());
        }
        // Score 55 < minimum 60: the alliance bears all of it.
        try (CapitationLedger l = ledgerOf(plan, y(300000), y(120000), y(30000), y(30000), y(20000));
             CapitationClearing c = plan.clear(ctx, l, CapitationClearing.Input.year(550000))) {
            assertEquals(0, c.summary().fundShare());
            assertEquals(y(34500), c.summary().allianceShare());
            assertTrue(c.text().contains("score 55 is below the minimum 60"));
        }
    }

    @Test
    void interimClearingTakesTheMonthsShareOfBudgetAndReserve() {
        // Months 1–3: 3 × (2 327 500 + 1 163 750 + 387 917) = 11 637 501 fen; reserve 3 × 204 167 = 612 501.
        try (CapitationLedger l = plan.newLedger(ctx)) {
            l.add(ctx, "jan", EntryKind.SPEND_ALLIANCE, 1, "inpatient", 6000000);
            l.add(ctx, "mar", EntryKind.SPEND_OTHER_COUNTY, 3, "chronic", 4000000);
            l.add(ctx, "apr", EntryKind.SPEND_ALLIANCE, 4, "inpatient", 99999999); // after the period
            try (CapitationClearing c = plan.clear(ctx, l, CapitationClearing.Input.year(950000).through(3))) {
                CapitationClearing.Summary s = c.summary();
                assertEquals(3, s.throughMonth());
                assertEquals(11637501, s.budget());
                assertEquals(612501, s.reserve());
                assertEquals(10000000, s.spentTotal());
                // surplus 1 637 501; 5 % bound 581 875; band 2: 1 055 626 × 0.5 = 527 813.
                assertEquals(1109688, s.retained());
                assertEquals(527813, s.returned());
            }
        }
    }

    @Test
    void clearingByPotClearsEachPotOnItsOwn() {
        try (CapitationPlan p = CapitationPlan.load(ctx, planH(tmp.resolve("by-pot"), ", \"clearing\": {\"basis\": \"pot\"}"));
             CapitationLedger l = ledgerOf(p, y(300000), y(100000), y(46550), 0, 0);
             CapitationClearing c = p.clear(ctx, l, CapitationClearing.Input.year(950000))) {
            // Inpatient overspend 20 700: 13 965 × 0.7 + 6 735 × 0.5 = 13 143 fund. Outpatient surplus 39 650:
            // 6 982.50 + 32 667.50 × 0.5 = 23 316.25 retained.
            assertEquals(y(13143), c.summary().fundShare());
            assertEquals(2331625, c.summary().retained());
            assertEquals(y(13143), c.pot(0).fundShare());
            assertEquals(2331625, c.pot(1).retained());
            assertEquals(y(279300), c.pot(0).budget()); // 465 500.00 × 0.6
            assertThrows(YibaoException.InvalidArgument.class, () -> c.pot(3));
            assertThrows(YibaoException.InvalidArgument.class, () -> c.month(1)); // openIMIS only
        }
    }

    @Test
    void conservationIsExactInFenOnManyLedgers() {
        long[] seed = {20240101L};
        String[] pots = {"inpatient", "outpatient", "chronic"};
        for (int round = 0; round < 40; round++) {
            try (CapitationLedger l = plan.newLedger(ctx)) {
                int n = 1 + (int) (lcg(seed) % 40);
                long scale = 1 + lcg(seed) % 3000000;
                for (int i = 0; i < n; i++) {
                    EntryKind kind = EntryKind.values()[(int) (lcg(seed) % 4)];
                    int month = 1 + (int) (lcg(seed) % 12);
                    String pot = pots[(int) (lcg(seed) % 3)];
                    long fen = lcg(seed) % 1000 * scale + lcg(seed) % 100;
                    l.add(ctx, "r" + i, kind, month, pot, fen);
                }
                long score = lcg(seed) % 1000001;
                int through = 1 + (int) (lcg(seed) % 12);
                try (CapitationClearing c = plan.clear(ctx, l, CapitationClearing.Input.year(score).through(through))) {
                    CapitationClearing.Summary s = c.summary();
                    assertEquals(s.budget() + s.fundShare() + s.allianceShare(), s.spentTotal() + s.retained() + s.returned());
                    assertEquals(s.alliancePayment(), s.spentAlliance() + s.retained() - s.allianceShare());
                    assertEquals(s.fundOutlay(), s.spentOtherCounty() + s.spentOutOfProvince() + s.alliancePayment());
                    assertEquals(s.fundOutlay(), s.budget() - s.returned() + s.fundShare());
                    assertEquals(s.reserve(), s.reserveUsed() + s.reserveLeft());
                    assertEquals(s.balanceDue(), s.alliancePayment() - s.advances());
                    long tr = 0;
                    long tl = 0;
                    for (int t = 0; t < plan.tiers().size(); t++) {
                        tr += c.tier(t).retained();
                        tl += c.tier(t).loss();
                    }
                    assertEquals(s.retained(), tr);
                    assertEquals(s.allianceShare(), tl);
                }
            }
        }
    }

    static long lcg(long[] s) {
        s[0] = s[0] * 6364136223846793005L + 1442695040888963407L;
        return s[0] >>> 33;
    }

    @Test
    void scoresAreRequiredAndChecked() {
        try (CapitationLedger l = ledgerOf(plan, y(1), y(1), y(1), 0, 0)) {
            YibaoException.Param e = assertThrows(YibaoException.Param.class,
                    () -> plan.clear(ctx, l, CapitationClearing.Input.year()));
            assertTrue(e.detail().contains("total_score"), e.detail());
            e = assertThrows(YibaoException.Param.class, () -> plan.clear(ctx, l, CapitationClearing.Input.year(1000001)));
            assertTrue(e.detail().contains("100.0001"), e.detail());
            e = assertThrows(YibaoException.Param.class,
                    () -> plan.clear(ctx, l, CapitationClearing.Input.year(900000).through(13)));
            assertTrue(e.detail().contains("through_month"), e.detail());
        }
        // A plan with assessment items quality (max 60) and cost (max 40).
        Map<String, String> t = new LinkedHashMap<>();
        t.put("population", H_POPULATION);
        t.put("tiers", H_TIERS);
        t.put("overspend_bands", H_OVER);
        t.put("retention", H_RETENTION);
        t.put("assessment", "item,name,max_score\nquality,质量,60\ncost,费用控制,40\n");
        try (CapitationPlan p = CapitationPlan.load(ctx, writePlan(tmp.resolve("items"),
                "{\"year\": 2024, \"per_capita\": {\"base\": \"500\"}}", t));
             CapitationLedger l = p.newLedger(ctx)) {
            assertEquals(List.of("quality", "cost"), p.assessmentItems());
            // 55 + 37.5 = 92.5 → factor 1
            try (CapitationClearing c = p.clear(ctx, l, CapitationClearing.Input.yearWithItems(550000, 375000))) {
                assertEquals(925000, c.summary().score());
                assertEquals(1000000, c.summary().retentionFactor());
            }
            YibaoException.Param e = assertThrows(YibaoException.Param.class,
                    () -> p.clear(ctx, l, CapitationClearing.Input.yearWithItems(610000, 375000)));
            assertTrue(e.detail().contains("quality") && e.detail().contains("'61'") && e.detail().contains("from 0 to 60"),
                    e.detail());
            e = assertThrows(YibaoException.Param.class, () -> p.clear(ctx, l, CapitationClearing.Input.yearWithItems(550000)));
            assertTrue(e.detail().contains("2 assessment items"), e.detail());
            // A ledger belongs to its plan.
            assertThrows(YibaoException.InvalidArgument.class, () -> plan.clear(ctx, l, CapitationClearing.Input.year(950000)));
        }
    }

    // ---- ledger

    @Test
    void reversalRestoresTotalsAndClearingExactly() {
        try (CapitationLedger l = plan.newLedger(ctx)) {
            assertSame(plan, l.plan());
            l.add(ctx, "a1", EntryKind.SPEND_ALLIANCE, 1, "inpatient", 20000000);
            l.add(ctx, "a2", EntryKind.SPEND_OTHER_COUNTY, 2, "outpatient", 1234567);
            l.add(ctx, "adv1", EntryKind.ADVANCE, 1, null, 3000000);
            CapitationLedger.Totals before = l.totals();
            CapitationClearing.Summary s1;
            try (CapitationClearing c = plan.clear(ctx, l, CapitationClearing.Input.year(950000))) {
                s1 = c.summary();
            }
            l.add(ctx, "x", EntryKind.SPEND_OUT_OF_PROVINCE, 5, "chronic", 987654321);
            assertEquals(987654321, l.totals().spentOutOfProvince());
            l.reverse(ctx, "x-rev", "x");
            l.add(ctx, "adv2", EntryKind.ADVANCE, 2, null, 111);
            l.reverse(ctx, "adv2-rev", "adv2");
            CapitationLedger.Totals after = l.totals();
            assertEquals(before.entries() + 4, after.entries());
            assertEquals(2, after.reversed());
            assertEquals(before.spentAlliance(), after.spentAlliance());
            assertEquals(0, after.spentOutOfProvince());
            assertEquals(3000000, after.advances());
            try (CapitationClearing c = plan.clear(ctx, l, CapitationClearing.Input.year(950000))) {
                assertEquals(s1, c.summary());
            }
        }
    }

    @Test
    void badReversalsAreRowErrorsWithTheirReason() {
        try (CapitationLedger l = plan.newLedger(ctx)) {
            l.add(ctx, "a", EntryKind.SPEND_ALLIANCE, 3, "inpatient", 500);
            YibaoException.CapitationRow e = assertThrows(YibaoException.CapitationRow.class, () -> l.reverse(ctx, "r0", "nope"));
            assertEquals("YB_E_ROW_REVERSAL", e.statusName());
            assertTrue(e instanceof YibaoException.Row);
            assertTrue(e.detail().contains("not in the ledger") && e.detail().contains("reverses"), e.detail());
            l.reverse(ctx, "r1", "a");
            e = assertThrows(YibaoException.CapitationRow.class, () -> l.reverse(ctx, "r2", "a"));
            assertTrue(e.detail().contains("already reversed") && e.detail().contains("'r2'"), e.detail());
            e = assertThrows(YibaoException.CapitationRow.class, () -> l.reverse(ctx, "r3", "r1"));
            assertTrue(e.detail().contains("cannot be reversed"), e.detail());
            // Failed rows leave nothing behind: their ids are still free.
            l.add(ctx, "r2", EntryKind.SPEND_ALLIANCE, 3, "inpatient", 7);
            assertEquals(3, l.totals().entries());
            assertEquals(7, l.totals().spentAlliance());
        }
    }

    @Test
    void badBatchRowsGetTheirStatusAndTheRestAreAdded() {
        String[] ids = {"ok1", "", "ok1", "k", "m", "p1", "p2", "neg", "k99", "ok2", "rev", "x".repeat(64), "ok3"};
        int[] kind = {1, 1, 1, NativeYibao.YB_CAP_CONTRIBUTION, 1, 1, 1, 2, 99, 3, NativeYibao.YB_CAP_REVERSAL, 1, 4};
        int[] month = {1, 1, 1, 1, 13, 1, 1, 1, 1, 12, 0, 1, 6};
        String[] pot = {"inpatient", "inpatient", "inpatient", "", "inpatient", "dental", "", "inpatient",
            "inpatient", "outpatient", "", "inpatient", ""};
        long[] amount = {100, 100, 100, 100, 100, 100, 100, -1, 100, 250, 0, 100, 999};
        String[] rev = {null, null, null, null, null, null, null, null, null, null, "ok1", null, null};
        // Kind 99 has no enum constant: build the kinds column from the raw values the C test uses.
        CapitationLedger.Entries e = entriesWithRawKinds(ids, kind, month, pot, amount, rev);
        int[] want = {0, NativeYibao.YB_E_ROW_ENTRY, NativeYibao.YB_E_ROW_ENTRY, NativeYibao.YB_E_ROW_KIND,
            NativeYibao.YB_E_ROW_PERIOD, NativeYibao.YB_E_ROW_POT, NativeYibao.YB_E_ROW_POT,
            NativeYibao.YB_E_ROW_AMOUNT, NativeYibao.YB_E_ROW_KIND, 0, 0, NativeYibao.YB_E_ROW_ENTRY, 0};
        try (CapitationLedger l = plan.newLedger(ctx)) {
            assertArrayEquals(want, l.addBatch(ctx, e));
            // Kept: ok1 (reversed by rev in the same batch), ok2 out of province 2.50, rev, ok3 advance 9.99.
            CapitationLedger.Totals t = l.totals();
            assertEquals(4, t.entries());
            assertEquals(1, t.reversed());
            assertEquals(0, t.spentAlliance());
            assertEquals(250, t.spentOutOfProvince());
            assertEquals(999, t.advances());
        }
    }

    private static CapitationLedger.Entries entriesWithRawKinds(String[] ids, int[] kind, int[] month, String[] pot,
                                                               long[] amount, String[] rev) {
        EntryKind[] kinds = new EntryKind[kind.length];
        List<Integer> raw = new ArrayList<>();
        for (int i = 0; i < kind.length; i++) {
            int k = kind[i];
            kinds[i] = k >= 1 && k <= 8 ? EntryKind.values()[k - 1] : EntryKind.SPEND_ALLIANCE;
            if (kinds[i].code != k) {
                raw.add(i);
            }
        }
        CapitationLedger.Entries.Builder b = CapitationLedger.Entries.builder(ids.length).entryIds(ids).kinds(kinds)
                .months(month).pots(pot).amounts(amount).reverses(rev);
        CapitationLedger.Entries e = b.build();
        // Write the raw out-of-range kinds into the native column, as a foreign producer could.
        for (int i : raw) {
            e.columns.kind.setInt(4L * i, kind[i]);
        }
        return e;
    }

    @Test
    void progressListenerCancelsTheRestOfTheBatch() {
        int n = 50;
        String[] ids = new String[n];
        EntryKind[] kinds = new EntryKind[n];
        int[] months = new int[n];
        long[] amounts = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = String.format("e%02d", i);
            kinds[i] = EntryKind.ADVANCE;
            months[i] = 1 + i % 12;
            amounts[i] = 1;
        }
        CapitationLedger.Entries e = CapitationLedger.Entries.builder(n).entryIds(ids).kinds(kinds).months(months)
                .amounts(amounts).build();
        try (CapitationLedger l = plan.newLedger(ctx)) {
            ctx.setOption(Context.Option.PROGRESS_INTERVAL, 10);
            List<Long> calls = new ArrayList<>();
            ctx.setProgressListener((done, total) -> {
                calls.add(done);
                assertEquals(50, total);
                return done < 20;
            });
            YibaoException.Cancelled c = assertThrows(YibaoException.Cancelled.class, () -> l.addBatch(ctx, e));
            assertEquals("YB_E_CANCELLED", c.statusName());
            assertEquals(List.of(10L, 20L), calls);
            assertEquals(20, l.totals().entries());
            assertEquals(20, l.totals().advances());
            // A listener that throws cancels too, and its exception reaches the caller.
            ctx.setProgressListener((done, total) -> {
                throw new IllegalStateException("operator pressed stop");
            });
            CapitationLedger.Entries more = CapitationLedger.Entries.builder(n).entryIds(
                    java.util.Arrays.stream(ids).map(s -> s + "b").toArray(String[]::new)).kinds(kinds).months(months)
                    .amounts(amounts).build();
            IllegalStateException stop = assertThrows(IllegalStateException.class, () -> l.addBatch(ctx, more));
            assertEquals("operator pressed stop", stop.getMessage());
            assertEquals(30, l.totals().entries()); // the first 10 rows went in before the first call
            ctx.setProgressListener(null);
        }
    }

    @Test
    void entryKindsParseByName() {
        assertEquals(EntryKind.SPEND_OTHER_COUNTY, EntryKind.parse("spend_other_county"));
        assertEquals(EntryKind.ADJUSTED, EntryKind.parse("adjusted"));
        assertThrows(YibaoException.NotFound.class, () -> EntryKind.parse("refund"));
        assertThrows(IllegalArgumentException.class, () -> CapitationLedger.Entries.builder(2).entryIds(new String[] {"a"}));
        assertThrows(IllegalStateException.class, () -> CapitationLedger.Entries.builder(1).build());
    }

    @Test
    void closedPlanMakesItsLedgerUnusable() {
        CapitationPlan p = CapitationPlan.load(ctx, planH(tmp.resolve("closing"), ""));
        CapitationLedger l = p.newLedger(ctx);
        p.close();
        assertThrows(IllegalStateException.class, l::totals);
        l.close();
    }

    // ---- openIMIS

    @Test
    void openImisFacilityPaymentsAreCatchmentWeightedCountsTimesUnitPrices() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("facilities", "facility,name\nHF1,Health centre 1\nHF2,Dispensary 2\n");
        t.put("locations", "location,population,families,insured_persons,insured_families\n"
                + "V1,1000,200,600,120\nV2,500,100,300,60\n");
        t.put("catchment", "facility,location,catchment\nHF1,V1,1\nHF1,V2,0.4\nHF2,V2,0.6\n");
        String params = "{\"year\": 2024, \"mode\": \"openimis\", \"openimis\": {\"share_contribution\": \"0.5\", "
                + "\"weight\": {\"population\": \"0.2\", \"families\": \"0.1\", \"insured_persons\": \"0.2\", "
                + "\"insured_families\": \"0.1\", \"visits\": \"0.3\", \"adjusted_amount\": \"0.1\"}}}";
        try (CapitationPlan p = CapitationPlan.load(ctx, writePlan(tmp.resolve("oi"), params, t));
             CapitationLedger l = p.newLedger(ctx)) {
            assertEquals(CapitationPlan.Mode.OPENIMIS, p.mode());
            assertEquals(List.of("HF1", "HF2"), p.facilities());
            assertThrows(YibaoException.State.class, () -> p.budget(ctx));
            l.add(ctx, "c1", EntryKind.CONTRIBUTION, 1, null, null, 10000000, 0, null); // 100 000.00 in January
            l.add(ctx, "v1", EntryKind.VISITS, 1, null, "HF1", 0, 30, null);
            l.add(ctx, "v2", EntryKind.VISITS, 1, null, "HF2", 0, 70, null);
            l.add(ctx, "a1", EntryKind.ADJUSTED, 1, null, "HF1", 200000, 0, null);
            l.add(ctx, "a2", EntryKind.ADJUSTED, 1, null, "HF2", 300000, 0, null);
            try (CapitationClearing c = p.clear(ctx, l, CapitationClearing.Input.year().through(2))) {
                // Pot 100 000 × 0.5 = 50 000.00; criterion pots 10 000, 5 000, 10 000, 5 000, 15 000, 5 000.
                CapitationClearing.MonthResult m = c.month(1);
                assertEquals(y(50000), m.pot());
                assertEquals(y(10000), m.criterionPot()[NativeYibao.YB_CAP_POPULATION]);
                assertEquals(y(15000), m.criterionPot()[NativeYibao.YB_CAP_VISITS_COUNT]);
                // Population 1500 → 10 000 / 1500 = 6.666667 yuan; visits 15 000 / 100 = 150.
                assertEquals(1500000000L, m.totalQuantity()[NativeYibao.YB_CAP_POPULATION]);
                assertEquals(6666667, m.unitPrice()[NativeYibao.YB_CAP_POPULATION]);
                assertEquals(150000000, m.unitPrice()[NativeYibao.YB_CAP_VISITS_COUNT]);
                List<CapitationClearing.FacilityPayment> pay = c.payments();
                assertEquals(4, pay.size()); // 2 months × 2 facilities
                CapitationClearing.FacilityPayment f1 = pay.get(0);
                assertEquals(1, f1.month());
                assertEquals(0, f1.facility());
                assertEquals(1200000000L, f1.quantity()[NativeYibao.YB_CAP_POPULATION]);
                // HF1: 8 000 + 4 000 + 8 000 + 4 000 + 4 500 + 2 000 = 30 500.00; HF2: 19 500.00.
                assertArrayEquals(new long[] {y(8000), y(4000), y(8000), y(4000), y(4500), y(2000)}, f1.payment());
                assertEquals(y(30500), f1.total());
                assertEquals(y(19500), pay.get(1).total());
                assertEquals(0, pay.get(2).total()); // February: nothing allocated
                CapitationClearing.Summary s = c.summary();
                assertEquals(CapitationPlan.Mode.OPENIMIS, s.mode());
                assertEquals(y(100000), s.allocated());
                assertEquals(y(50000), s.distributed());
                assertEquals(0, s.undistributed());
                assertTrue(c.text().contains("month 1, facility HF1, visits: 30 × unit price 150 = 4500.00 yuan"));
                assertThrows(YibaoException.InvalidArgument.class, () -> c.month(3));
            }
        }
    }
}
