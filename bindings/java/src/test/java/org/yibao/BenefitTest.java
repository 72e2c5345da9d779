package org.yibao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.internal.NativeYibao;

/**
 * Pooled-fund payment of a member's bill through the Java layer, with the
 * values worked by hand in tests/benefit/test_rules.c, test_classify.c,
 * test_batch.c, test_reverse.c and test_ledger.c on the simple policy.
 */
class BenefitTest {
    static Context ctx;
    static BenefitPolicy pol;

    @BeforeAll
    static void load(@TempDir Path tmp) {
        ctx = new Context();
        pol = BenefitPolicy.load(ctx, BenefitFixture.write(tmp.resolve("simple")));
    }

    @AfterAll
    static void free() {
        pol.close();
        ctx.close();
    }

    /** A claim of one class-A line of {@code fen}. */
    static BenefitClaim claim(long id, long member, int date, int insured, int level, long fen) {
        return BenefitClaim.builder(id, member, date, insured, level).line("A1", fen).build();
    }

    static BenefitSettlement settle(BenefitLedger l, BenefitClaim c) {
        BenefitSettlement s = l.settleOne(ctx, pol, c, BenefitLedger.Mode.FINAL).settlement();
        // the identities of every settlement (benefit.h)
        assertEquals(s.total(), s.fullSelfPay() + s.overLimit() + s.bFirstPay() + s.inScope());
        assertEquals(s.fundTotal(), s.pooled() + s.criticalIllness() + s.otherFunds() + s.assistance());
        assertEquals(s.total(), s.fundTotal() + s.personal());
        assertEquals(s.personal(), s.accountPay() + s.cashPay());
        return s;
    }

    @Test
    void deductibleIsReducedForRepeatedAdmissions() {
        try (BenefitLedger l = BenefitLedger.create(ctx)) {
            // employee, level 3: deductible 1000 × 100 % / 50 % / 0 %; 85 % of the rest
            BenefitSettlement s = settle(l, claim(1, 10, 20240105, BenefitClaim.EMPLOYEE, 3, 1000000));
            assertEquals(1, s.admission());
            assertEquals(100000, s.deductible());
            assertEquals(765000, s.pooled()); // (10000 − 1000) × 85 %
            s = settle(l, claim(2, 10, 20240205, BenefitClaim.EMPLOYEE, 3, 1000000));
            assertEquals(50000, s.deductible());
            assertEquals(807500, s.pooled()); // 9500 × 85 %
            s = settle(l, claim(3, 10, 20240305, BenefitClaim.EMPLOYEE, 3, 1000000));
            assertEquals(0, s.deductible());
            assertEquals(850000, s.pooled());
            BenefitLedger.Member m = l.member(10);
            assertEquals(3, m.admissions());
            assertEquals(150000, m.deductibleUsed());
            assertEquals(765000 + 807500 + 850000, m.fundPaid());
            // 31000 − 1000 = 30000: 20000 × 85 % + 10000 × 90 % = 26000 (coinsurance segments)
            assertEquals(2600000, settle(l, claim(4, 11, 20240105, BenefitClaim.EMPLOYEE, 3, 3100000)).pooled());
        }
    }

    @Test
    void linesSplitIntoSelfPayOverLimitFirstPayAndInScope() {
        try (BenefitLedger l = BenefitLedger.create(ctx)) {
            BenefitClaim c = BenefitClaim.builder(1, 100, 20240310, BenefitClaim.EMPLOYEE, 3)
                    .line(BenefitClaim.Line.of("A1", 20000, 1000000))    // 2 × 100.00, class A
                    .line(BenefitClaim.Line.of("B10", 10000, 3333300))   // 333.33, first pay 33.33
                    .line("C1", 5000)                                  // 50.00 class C
                    .line(BenefitClaim.Line.of("LIM", 30000, 800000))    // 240.00, limit 180.00: over 60.00
                    .line(BenefitClaim.Line.of("BLIM", 10000, 10000000)) // 1000.00: over 200, first pay 160
                    .line("NOT-LISTED", 1000)                          // 10.00 not in the catalogue
                    .build();
            BenefitSettlement.Adjudication a = l.settleOne(ctx, pol, c, BenefitLedger.Mode.PRE);
            BenefitSettlement s = a.settlement();
            assertEquals(183333, s.total());
            assertEquals(6000, s.fullSelfPay());
            assertEquals(26000, s.overLimit());
            assertEquals(19333, s.bFirstPay());
            assertEquals(132000, s.inScope());
            assertEquals(0, l.claimCount()); // a pre-settlement changes nothing
            assertEquals(NativeYibao.YB_BENEFIT_FUNDS, a.funds().size());
            assertEquals(NativeYibao.YB_FUND_POOLED, a.funds().get(0).fund());
            assertEquals(s.pooled(), a.funds().get(0).amount());
            assertTrue(a.steps().stream().anyMatch(st -> st.kind() == NativeYibao.YB_STEP_DEDUCTIBLE
                    && st.amount() == s.deductible()));
            assertEquals(a.steps().size(), a.explanation().lines().count());
        }
    }

    @Test
    void batchRowsSettleInOrderWithTheirOwnStatus() {
        List<BenefitClaim> claims = List.of(
                claim(1, 1, 20240105, BenefitClaim.EMPLOYEE, 3, 1000000),
                BenefitClaim.builder(2, 2, 20240106, BenefitClaim.EMPLOYEE, 3).line("A1", 1000)
                        .line(new BenefitClaim.Line("A2", 2, 10000, 100000, 1000)).build(), // class B, catalogued A
                claim(3, 0, 20240107, BenefitClaim.EMPLOYEE, 3, 1000),       // member 0
                claim(4, 1, 20240108, BenefitClaim.EMPLOYEE, 3, 1000000),
                claim(1, 3, 20240109, BenefitClaim.EMPLOYEE, 3, 1000));      // claim id 1 again
        try (BenefitLedger l = BenefitLedger.create(ctx)) {
            BenefitSettlements r = l.settle(ctx, pol, BenefitClaims.of(claims), BenefitLedger.Mode.FINAL);
            assertEquals(3, r.failedRows());
            assertArrayEquals(new int[] {0, NativeYibao.YB_E_ROW_ITEM, NativeYibao.YB_E_ROW_CLAIM, 0,
                NativeYibao.YB_E_ROW_CLAIM_ID}, r.statuses());
            assertTrue(ctx.lastError().message().contains("claim 1 is already settled"));
            assertEquals(765000, r.get(0).pooled());
            assertEquals(1, r.get(0).admission());
            assertEquals(807500, r.get(3).pooled());
            assertEquals(2, r.get(3).admission());
            assertEquals(1000000 - 807500, r.get(3).cashPay());
            assertEquals(r.get(3).cashPay(), r.cashPayColumn().get(3));
            assertNull(r.get(1));
            assertEquals(2, l.claimCount());
            // the single call says why, as an exception
            YibaoException.BenefitRow e = assertThrows(YibaoException.BenefitRow.class,
                    () -> l.settleOne(ctx, pol, claims.get(4), BenefitLedger.Mode.FINAL));
            assertEquals("YB_E_ROW_CLAIM_ID", e.statusName());
        }
    }

    @Test
    void reversingAnEarlierAdmissionReplaysTheLaterOne() {
        try (BenefitLedger l = BenefitLedger.create(ctx); BenefitLedger fresh = BenefitLedger.create(ctx)) {
            // resident level 3 (deductible 1000, 70 %): X the 1st admission, Y the 2nd
            settle(l, claim(1, 20, 20240105, BenefitClaim.RESIDENT, 3, 1100000));
            settle(l, claim(2, 21, 20240110, BenefitClaim.RESIDENT, 3, 1100000));
            BenefitSettlement y = settle(l, claim(3, 20, 20240205, BenefitClaim.RESIDENT, 3, 1100000));
            assertEquals(50000, y.deductible());
            assertEquals(735000, y.pooled()); // 10500 × 70 %
            BenefitSettlement.Reversal r = l.reverse(ctx, pol, 1);
            assertEquals(700000, r.reversed().pooled());
            assertEquals(1, r.replays().size());
            BenefitSettlement.Replay p = r.replays().get(0);
            assertEquals(3, p.before().claimId());
            assertEquals(2, p.before().admission());
            assertEquals(735000, p.before().pooled());
            // Y is now the 1st admission: deductible 1000, pooled 10000 × 70 % = 7000
            assertEquals(1, p.after().admission());
            assertEquals(100000, p.after().deductible());
            assertEquals(700000, p.after().pooled());
            // the same as never having settled X, byte for byte
            settle(fresh, claim(2, 21, 20240110, BenefitClaim.RESIDENT, 3, 1100000));
            settle(fresh, claim(3, 20, 20240205, BenefitClaim.RESIDENT, 3, 1100000));
            assertArrayEquals(fresh.save(ctx), l.save(ctx));
            assertThrows(YibaoException.BenefitRow.class, () -> l.reverse(ctx, pol, 1));
            assertArrayEquals(new int[] {0, NativeYibao.YB_E_ROW_CLAIM_ID}, l.reverseAll(ctx, pol, 3, 99));
        }
    }

    @Test
    void ledgerSavesLoadsCopiesCreditsAndCompacts() {
        try (BenefitLedger l = BenefitLedger.create(ctx)) {
            l.reserve(ctx, 100, 100);
            l.credit(ctx, 5, 80000);
            settle(l, claim(1, 5, 20241201, BenefitClaim.EMPLOYEE, 2, 500000));
            settle(l, claim(2, 5, 20250110, BenefitClaim.EMPLOYEE, 1, 300000));
            byte[] bytes = l.save(ctx);
            try (BenefitLedger back = BenefitLedger.load(ctx, bytes); BenefitLedger copy = l.copy(ctx)) {
                assertArrayEquals(bytes, back.save(ctx));
                assertEquals(l.member(5), back.member(5));
                settle(copy, claim(50, 5, 20250301, BenefitClaim.EMPLOYEE, 1, 100000));
                assertEquals(2, l.claimCount());
                assertEquals(3, copy.claimCount());
            }
            byte[] damaged = bytes.clone();
            damaged[damaged.length / 2] ^= 0x5a;
            assertThrows(YibaoException.class, () -> BenefitLedger.load(ctx, damaged).close());
            // journalled claims refer to member 5: its state cannot be set
            YibaoException.State st = assertThrows(YibaoException.State.class,
                    () -> l.putMember(ctx, new BenefitLedger.Member(5, 2025, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)));
            assertTrue(st.detail().contains("member 5"), st.detail());
            l.putMember(ctx, new BenefitLedger.Member(99, 2025, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
            assertThrows(YibaoException.Param.class, () -> l.credit(ctx, 99, -2));
            l.credit(ctx, 99, -1);
            assertEquals(0, l.member(99).accountBalance());
            assertEquals(0, l.member(12345).fundPaid()); // unknown: zeros
            assertTrue(l.memberCount() >= 2);
            assertTrue(l.memoryBytes() > 0);
            // compaction drops claim 1 (2024-12-01) only; it can no longer be reversed
            assertEquals(1, l.compact(ctx, 20250101));
            assertEquals(1, l.claimCount());
            assertThrows(YibaoException.BenefitRow.class, () -> l.reverse(ctx, pol, 1));
        }
    }

    @Test
    void policyCatalogue() {
        assertTrue(pol.fingerprint().matches("[0-9a-f]{64}"));
        int a1 = pol.itemId("a1");
        assertEquals("A1", pol.itemCodes().get(a1));
        assertEquals(BenefitPolicy.NO_ITEM, pol.itemId("ZZZ"));
        assertTrue(pol.itemCodes().containsAll(List.of("A1", "B10", "C1", "LIM", "BLIM", "NEW")));
    }
}
