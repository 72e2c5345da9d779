package org.yibao;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.yibao.internal.NativeYibao;

/**
 * Settlements of a batch of claims ({@code yb_settlement_columns} and row
 * statuses), in native memory written by the library. A failed row changes
 * nothing in the ledger and has no settlement ({@link #get} returns null).
 */
public final class BenefitSettlements extends BatchResults {
    private static final String[] MONEY = {"total", "full_self_pay", "over_limit", "b_first_pay", "in_scope",
        "deductible", "pooled", "critical_illness", "other_funds", "assistance", "fund_total", "personal",
        "account_pay", "family_aid", "cash_pay"};

    private final BenefitClaims claims;
    private final LongBuffer[] money; // total … cash_pay, in struct order
    private final IntBuffer admission;

    /** The output columns of {@code yb_benefit_settle_batch} for {@code n} claims. */
    static StructColumns.Output<NativeYibao.YbSettlementColumns> output(int n) {
        NativeYibao.YbSettlementColumns s = new NativeYibao.YbSettlementColumns();
        s.n = n;
        return new StructColumns<>(s, n).out(8, MONEY).out(4, "admission").output();
    }

    BenefitSettlements(BenefitClaims claims, int failed, StructColumns.Output<NativeYibao.YbSettlementColumns> out) {
        super("settlements", failed, out);
        this.claims = claims;
        int n = out.status().length;
        money = new LongBuffer[MONEY.length];
        for (int i = 0; i < MONEY.length; i++) {
            money[i] = longs(out.cols()[i], n);
        }
        admission = ints(out.cols()[MONEY.length], n);
    }

    /** The statuses, copied. */
    public int[] statuses() {
        return status.clone();
    }

    /** Pooled fund paid, per claim (read-only view). */
    public LongBuffer pooledColumn() {
        return view(money[6]);
    }

    /** Cash paid, per claim (read-only view). */
    public LongBuffer cashPayColumn() {
        return view(money[14]);
    }

    /** The settlement of a row, or null when the row failed. */
    public BenefitSettlement get(int row) {
        check();
        if (status[row] != 0) {
            return null;
        }
        long[] m = new long[15];
        for (int i = 0; i < 15; i++) {
            m[i] = money[i].get(row);
        }
        return new BenefitSettlement(claims.claimIds[row], claims.memberIds[row], claims.dates[row], admission.get(row),
                m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], m[12], m[13], m[14]);
    }
}
