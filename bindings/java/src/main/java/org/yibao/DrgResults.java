package org.yibao;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;

/**
 * The grouping of a batch ({@code yb_drg_results} and the row statuses):
 * one entry per case, in native memory written by the library.
 *
 * <p>Read a row with the getters, a whole column without copying with the
 * {@code *Column()} views (ids are unsigned 32-bit values in C; {@link
 * DrgScheme#NO_ID} is -1 here), or as a Java array with {@link #toArray}.
 * Rows that the scheme rejected have a non-zero {@link #status(int)} and the
 * ungroupable DRG; they never stop the batch. Immutable; thread-safe to read.
 */
public final class DrgResults implements AutoCloseable {
    private final DrgScheme scheme;
    private final Columns mem;
    private final int n;
    private final int failed;
    final IntBuffer status;
    final IntBuffer mdc;
    final IntBuffer adrg;
    final IntBuffer drg;
    final IntBuffer flags;
    final IntBuffer mcc;
    final IntBuffer cc;
    final IntBuffer unknownDx;
    final IntBuffer unknownProc;

    DrgResults(DrgScheme scheme, int n, int failed, int[] status, ByteBuffer[] cols, Columns mem) {
        this.scheme = scheme;
        this.mem = mem;
        this.n = n;
        this.failed = failed;
        this.status = IntBuffer.wrap(status).asReadOnlyBuffer();
        this.mdc = view(cols[0]);
        this.adrg = view(cols[1]);
        this.drg = view(cols[2]);
        this.flags = view(cols[3]);
        this.mcc = view(cols[4]);
        this.cc = view(cols[5]);
        this.unknownDx = view(cols[6]);
        this.unknownProc = view(cols[7]);
    }

    private IntBuffer view(ByteBuffer b) {
        return b.asIntBuffer().limit(n).asReadOnlyBuffer();
    }

    /**
     * Frees the results' native memory now (so the next batch reuses it); the
     * getters and the column views must not be used afterwards (the getters
     * throw). Without it, the memory goes when the results are garbage-collected.
     */
    @Override
    public void close() {
        mem.close();
    }

    /** Number of cases. */
    public int size() {
        return n;
    }

    /** Number of rows whose status is not 0. */
    public int failedRows() {
        return failed;
    }

    /** The row status: 0 or a {@code YB_E_ROW_*} code (name it with {@link Yibao#statusName}). */
    public int status(int row) {
        return status.get(row);
    }

    /** MDC id of a row, or {@link DrgScheme#NO_ID}. */
    public int mdc(int row) {
        mem.check("DRG results");
        return mdc.get(row);
    }

    /** ADRG id of a row, or {@link DrgScheme#NO_ID}. */
    public int adrg(int row) {
        mem.check("DRG results");
        return adrg.get(row);
    }

    /** DRG id of a row (the ungroupable group for a rejected row). */
    public int drg(int row) {
        mem.check("DRG results");
        return drg.get(row);
    }

    /** {@code DrgScheme.FLAG_*} bits of a row. */
    public int flags(int row) {
        mem.check("DRG results");
        return flags.get(row);
    }

    /** MDC code of a row, or null. */
    public String mdcCode(int row) {
        return scheme.mdcCode(mdc(row));
    }

    /** ADRG code of a row, or null. */
    public String adrgCode(int row) {
        return scheme.adrgCode(adrg(row));
    }

    /** DRG code of a row. */
    public String drgCode(int row) {
        return scheme.drgCode(drg(row));
    }

    /** One row as a record. */
    public DrgResult get(int row) {
        mem.check("DRG results");
        return new DrgResult(status.get(row), mdc.get(row), adrg.get(row), drg.get(row), mdcCode(row),
                adrgCode(row), drgCode(row), flags.get(row), mcc.get(row), cc.get(row), unknownDx.get(row),
                unknownProc.get(row));
    }

    /** Column views, read-only, without copying; valid until {@link #close()}. */
    public IntBuffer statusColumn() { mem.check("DRG results"); return status.duplicate(); }
    /** @return the MDC ids */
    public IntBuffer mdcColumn() { mem.check("DRG results"); return mdc.duplicate(); }
    /** @return the ADRG ids */
    public IntBuffer adrgColumn() { mem.check("DRG results"); return adrg.duplicate(); }
    /** @return the DRG ids */
    public IntBuffer drgColumn() { mem.check("DRG results"); return drg.duplicate(); }
    /** @return the flags */
    public IntBuffer flagsColumn() { mem.check("DRG results"); return flags.duplicate(); }
    /** @return the MCC counts */
    public IntBuffer mccCountColumn() { mem.check("DRG results"); return mcc.duplicate(); }
    /** @return the CC counts */
    public IntBuffer ccCountColumn() { mem.check("DRG results"); return cc.duplicate(); }
    /** @return the unknown secondary diagnosis counts */
    public IntBuffer unknownDxColumn() { mem.check("DRG results"); return unknownDx.duplicate(); }
    /** @return the unknown procedure counts */
    public IntBuffer unknownProcColumn() { mem.check("DRG results"); return unknownProc.duplicate(); }

    /** A column copied into a new array, e.g. {@code toArray(r.drgColumn())}. */
    public static int[] toArray(IntBuffer column) {
        int[] out = new int[column.remaining()];
        column.duplicate().get(out);
        return out;
    }

    /** The DRG codes of all rows (a single pass over the id column). */
    public String[] drgCodes() {
        mem.check("DRG results");
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = scheme.drgCode(drg.get(i));
        }
        return out;
    }
}
