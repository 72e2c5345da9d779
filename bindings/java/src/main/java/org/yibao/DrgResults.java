package org.yibao;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import org.yibao.internal.NativeYibao;

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
public final class DrgResults extends BatchResults {
    private final DrgScheme scheme;
    private final int n;
    final IntBuffer mdc;
    final IntBuffer adrg;
    final IntBuffer drg;
    final IntBuffer flags;
    final IntBuffer mcc;
    final IntBuffer cc;
    final IntBuffer unknownDx;
    final IntBuffer unknownProc;

    /** The output columns of {@code yb_drg_group_batch} for {@code n} cases. */
    static StructColumns.Output<NativeYibao.YbDrgResults> output(int n) {
        NativeYibao.YbDrgResults r = new NativeYibao.YbDrgResults();
        r.n = n;
        return new StructColumns<>(r, n).out(4, "mdc", "adrg", "drg", "flags", "mcc_count", "cc_count", "unknown_dx",
                "unknown_proc").output();
    }

    DrgResults(DrgScheme scheme, int failed, StructColumns.Output<NativeYibao.YbDrgResults> out) {
        super("DRG results", failed, out);
        this.scheme = scheme;
        this.n = out.status().length;
        ByteBuffer[] cols = out.cols();
        this.mdc = ints(cols[0], n);
        this.adrg = ints(cols[1], n);
        this.drg = ints(cols[2], n);
        this.flags = ints(cols[3], n);
        this.mcc = ints(cols[4], n);
        this.cc = ints(cols[5], n);
        this.unknownDx = ints(cols[6], n);
        this.unknownProc = ints(cols[7], n);
    }

    /** MDC id of a row, or {@link DrgScheme#NO_ID}. */
    public int mdc(int row) {
        return at(mdc, row);
    }

    /** ADRG id of a row, or {@link DrgScheme#NO_ID}. */
    public int adrg(int row) {
        return at(adrg, row);
    }

    /** DRG id of a row (the ungroupable group for a rejected row). */
    public int drg(int row) {
        return at(drg, row);
    }

    /** {@code DrgScheme.FLAG_*} bits of a row. */
    public int flags(int row) {
        return at(flags, row);
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
        check();
        return new DrgResult(status[row], mdc.get(row), adrg.get(row), drg.get(row), mdcCode(row),
                adrgCode(row), drgCode(row), flags.get(row), mcc.get(row), cc.get(row), unknownDx.get(row),
                unknownProc.get(row));
    }

    /** Column views, read-only, without copying; valid until {@link #close()}. */
    public IntBuffer statusColumn() { return IntBuffer.wrap(status).asReadOnlyBuffer(); }
    /** @return the MDC ids */
    public IntBuffer mdcColumn() { return view(mdc); }
    /** @return the ADRG ids */
    public IntBuffer adrgColumn() { return view(adrg); }
    /** @return the DRG ids */
    public IntBuffer drgColumn() { return view(drg); }
    /** @return the flags */
    public IntBuffer flagsColumn() { return view(flags); }
    /** @return the MCC counts */
    public IntBuffer mccCountColumn() { return view(mcc); }
    /** @return the CC counts */
    public IntBuffer ccCountColumn() { return view(cc); }
    /** @return the unknown secondary diagnosis counts */
    public IntBuffer unknownDxColumn() { return view(unknownDx); }
    /** @return the unknown procedure counts */
    public IntBuffer unknownProcColumn() { return view(unknownProc); }

    /** A column copied into a new array, e.g. {@code toArray(r.drgColumn())}. */
    public static int[] toArray(IntBuffer column) {
        int[] out = new int[column.remaining()];
        column.duplicate().get(out);
        return out;
    }

    /** The DRG codes of all rows (a single pass over the id column). */
    public String[] drgCodes() {
        check();
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = scheme.drgCode(drg.get(i));
        }
        return out;
    }
}
