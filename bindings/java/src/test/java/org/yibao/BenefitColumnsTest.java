package org.yibao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.internal.NativeYibao;

/**
 * Claims built from primitive columns ({@link BenefitClaims#builder}): the
 * batch of {@code BenefitTest.batchRowsSettleInOrderWithTheirOwnStatus}
 * (values worked by hand in tests/benefit/test_batch.c on the simple policy)
 * given as arrays, with item codes and with item ids, and the builder's
 * checks of what it is given.
 */
class BenefitColumnsTest {
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

    // five claims; claim 1 (row 1) has two lines, the others one
    static final long[] ROWS = {0, 1, 3, 4, 5, 6};
    static final String[] ITEMS = {"A1", "A1", "A2", "A1", "A1", "A1"};
    static final long[] QTY = {10000, 10000, 10000, 10000, 10000, 10000};
    static final long[] PRICE = {100000000, 100000, 100000, 100000, 100000000, 100000};
    static final long[] AMOUNT = {1000000, 1000, 1000, 1000, 1000000, 1000};
    static final byte[] CLASSES = {0, 0, 2, 0, 0, 0}; // A2 billed as class B: the catalogue says A

    static BenefitClaims.Builder claims() {
        byte e = (byte) BenefitClaim.EMPLOYEE;
        return BenefitClaims.builder(5)
                .claimIds(new long[] {1, 2, 3, 4, 1})                 // claim id 1 again in row 4
                .memberIds(new long[] {1, 2, 0, 1, 3})                // member 0 in row 2
                .dates(new int[] {20240105, 20240106, 20240107, 20240108, 20240109})
                .insured(new byte[] {e, e, e, e, e})
                .levels(new byte[] {3, 3, 3, 3, 3});
    }

    static void assertHandWorked(BenefitLedger l, BenefitSettlements r) {
        assertEquals(3, r.failedRows());
        assertArrayEquals(new int[] {0, NativeYibao.YB_E_ROW_ITEM, NativeYibao.YB_E_ROW_CLAIM, 0,
            NativeYibao.YB_E_ROW_CLAIM_ID}, r.statuses());
        assertEquals(765000, r.get(0).pooled());      // (10000 − 1000) × 85 %
        assertEquals(1, r.get(0).admission());
        assertEquals(807500, r.get(3).pooled());      // second admission: 9500 × 85 %
        assertEquals(2, r.get(3).admission());
        assertEquals(1000000 - 807500, r.get(3).cashPay());
        assertEquals(4, r.get(3).claimId());
        assertEquals(20240108, r.get(3).date());
        assertNull(r.get(1));
        assertEquals(2, l.claimCount());
    }

    @Test
    void columnsWithItemCodesSettleLikeTheRecords() {
        try (BenefitLedger l = BenefitLedger.create(ctx);
             BenefitClaims c = claims().lines(ROWS, ITEMS, QTY, PRICE, AMOUNT).itemClasses(CLASSES).build();
             BenefitSettlements r = l.settle(ctx, pol, c, BenefitLedger.Mode.FINAL)) {
            assertHandWorked(l, r);
        }
    }

    @Test
    void columnsWithItemIdsSettleLikeTheCodes() {
        int[] ids = new int[ITEMS.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = pol.itemId(ITEMS[i]);
        }
        assertTrue(ids[0] >= 0 && ids[2] >= 0 && ids[0] != ids[2]);
        try (BenefitLedger l = BenefitLedger.create(ctx);
             BenefitClaims c = claims().lineIds(ROWS, ids, QTY, PRICE, AMOUNT).itemClasses(CLASSES).build();
             BenefitSettlements r = l.settle(ctx, pol, c, BenefitLedger.Mode.FINAL)) {
            assertHandWorked(l, r);
        }
    }

    @Test
    void theCallersArraysAreCopiedWhenBuilt() {
        long[] amount = AMOUNT.clone();
        long[] claimIds = {1, 2, 3, 4, 1};
        try (BenefitLedger l = BenefitLedger.create(ctx);
             BenefitClaims c = claims().claimIds(claimIds).lines(ROWS, ITEMS, QTY, PRICE, amount)
                     .itemClasses(CLASSES).build()) {
            amount[0] = 5;
            claimIds[3] = 99;
            try (BenefitSettlements r = l.settle(ctx, pol, c, BenefitLedger.Mode.FINAL)) {
                assertHandWorked(l, r);
            }
        }
    }

    @Test
    void wrongShapesAreRefusedBeforeAnythingIsCopied() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> claims().claimIds(new long[] {1, 2}));
        assertTrue(e.getMessage().contains("claimIds has 2 values for 5 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> claims().lines(new long[] {0, 1, 3, 4, 5}, ITEMS, QTY, PRICE, AMOUNT));
        assertTrue(e.getMessage().contains("row offsets must be n + 1 = 6 values from 0 to 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> claims().lines(new long[] {0, 3, 1, 4, 5, 6}, ITEMS, QTY, PRICE, AMOUNT));
        assertTrue(e.getMessage().contains("row offsets decrease at claim 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> claims().lines(ROWS, ITEMS, QTY, PRICE, new long[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("amounts has 3 values for 6 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> claims().lines(ROWS, ITEMS, QTY, PRICE, AMOUNT).itemClasses(new byte[] {0}));
        assertTrue(e.getMessage().contains("itemClasses has 1 values for 6 rows"), e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> claims().itemClasses(CLASSES));
        assertTrue(s.getMessage().contains("lines before their classes"), s.getMessage());
        s = assertThrows(IllegalStateException.class, () -> claims().build());
        assertTrue(s.getMessage().contains("lines are required"), s.getMessage());
        s = assertThrows(IllegalStateException.class, () -> BenefitClaims.builder(1).claimIds(new long[] {1})
                .lines(new long[] {0, 1}, new String[] {"A1"}, new long[] {10000}, new long[] {100}, new long[] {1})
                .build());
        assertTrue(s.getMessage().contains("required"), s.getMessage());
    }

    @Test
    void aLevelOutsideAByteIsRefusedNotWrapped() {
        // (byte) 259 would be 3, a valid level: the claim must fail instead
        BenefitClaim bad = BenefitClaim.builder(1, 1, 20240105, BenefitClaim.EMPLOYEE, 259).line("A1", 1000000).build();
        BenefitClaim good = BenefitClaim.builder(2, 2, 20240105, BenefitClaim.EMPLOYEE, 3).line("A1", 1000000).build();
        try (BenefitLedger l = BenefitLedger.create(ctx);
             BenefitSettlements r = l.settle(ctx, pol, BenefitClaims.of(java.util.List.of(bad, good)),
                     BenefitLedger.Mode.FINAL)) {
            assertArrayEquals(new int[] {NativeYibao.YB_E_ROW_CLAIM, 0}, r.statuses());
            assertEquals(765000, r.get(1).pooled());
        }
        try (BenefitLedger l = BenefitLedger.create(ctx)) {
            YibaoException.BenefitRow e = assertThrows(YibaoException.BenefitRow.class,
                    () -> l.settleOne(ctx, pol, bad, BenefitLedger.Mode.FINAL));
            assertEquals("YB_E_ROW_CLAIM", e.statusName());
        }
    }

    @Test
    void offsetsChangedAfterTheyWereGivenAreCheckedAgainWhenBuilt() {
        long[] rows = ROWS.clone();
        BenefitClaims.Builder b = claims().lines(rows, ITEMS, QTY, PRICE, AMOUNT);
        rows[5] = 60; // would read past the line columns
        assertThrows(IllegalArgumentException.class, b::build);
    }
}
