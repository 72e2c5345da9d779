package org.yibao;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.yibao.internal.NativeYibao;

/**
 * Settlements of a batch of claims ({@code yb_settlement_columns} and row
 * statuses), in native memory written by the library. A failed row changes
 * nothing in the ledger and has no settlement ({@link #get} returns null).
 */
public final class BenefitSettlements implements AutoCloseable {
    private final BenefitClaims claims;
    private final int failed;
    private final int[] status;
    private final LongBuffer[] money; // total … cash_pay, in struct order
    private final IntBuffer admission;
    private final Columns mem;

    /** Output buffers bound to a settlement-columns struct. */
    static final class Out {
        final Columns mem = new Columns();
        final NativeYibao.YbSettlementColumns struct = new NativeYibao.YbSettlementColumns();
        final ByteBuffer[] cols = new ByteBuffer[16];
        final int[] status;

        Out(int n) {
            status = new int[n];
            long[] sizes = new long[16];
            java.util.Arrays.fill(sizes, 8L * n);
            sizes[15] = 4L * n;
            System.arraycopy(mem.directAll(sizes), 0, cols, 0, cols.length);
            struct.n = n;
            struct.total = Columns.ptr(cols[0]);
            struct.full_self_pay = Columns.ptr(cols[1]);
            struct.over_limit = Columns.ptr(cols[2]);
            struct.b_first_pay = Columns.ptr(cols[3]);
            struct.in_scope = Columns.ptr(cols[4]);
            struct.deductible = Columns.ptr(cols[5]);
            struct.pooled = Columns.ptr(cols[6]);
            struct.critical_illness = Columns.ptr(cols[7]);
            struct.other_funds = Columns.ptr(cols[8]);
            struct.assistance = Columns.ptr(cols[9]);
            struct.fund_total = Columns.ptr(cols[10]);
            struct.personal = Columns.ptr(cols[11]);
            struct.account_pay = Columns.ptr(cols[12]);
            struct.family_aid = Columns.ptr(cols[13]);
            struct.cash_pay = Columns.ptr(cols[14]);
            struct.admission = Columns.ptr(cols[15]);
        }
    }

    BenefitSettlements(BenefitClaims claims, int failed, Out out) {
        this.claims = claims;
        this.failed = failed;
        this.status = out.status;
        this.mem = out.mem;
        money = new LongBuffer[15];
        for (int i = 0; i < 15; i++) {
            money[i] = out.cols[i].asLongBuffer().asReadOnlyBuffer();
        }
        admission = out.cols[15].asIntBuffer().asReadOnlyBuffer();
    }

    /** Frees the native memory now (else when garbage-collected); getters and views must not be used afterwards. */
    @Override
    public void close() {
        mem.close();
    }

    /** Number of claims. */
    public int size() {
        return status.length;
    }

    /** Rows that failed. */
    public int failedRows() {
        return failed;
    }

    /** Row status: 0 settled, or the reason ({@code YB_E_ROW_CLAIM}, {@code _ITEM}, {@code _NO_POLICY}, {@code _CLAIM_ID}, …). */
    public int status(int row) {
        return status[row];
    }

    /** The statuses, copied. */
    public int[] statuses() {
        return status.clone();
    }

    /** Pooled fund paid, per claim (read-only view). */
    public LongBuffer pooledColumn() {
        mem.check("settlements");
        return money[6].duplicate();
    }

    /** Cash paid, per claim (read-only view). */
    public LongBuffer cashPayColumn() {
        mem.check("settlements");
        return money[14].duplicate();
    }

    /** The settlement of a row, or null when the row failed. */
    public BenefitSettlement get(int row) {
        mem.check("settlements");
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
