package org.yibao;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.yibao.internal.NativeYibao;

/**
 * DIP grouping of a batch ({@code yb_dip_results} and the row statuses), in
 * native memory written by the library. A case that matches no group is not
 * an error: its group is {@link DipCatalog#NONE} with {@link DipCatalog#FLAG_UNGROUPED}.
 * Immutable; thread-safe to read.
 */
public final class DipResults implements AutoCloseable {
    /**
     * One case's DIP grouping ({@code yb_dip_result}).
     *
     * @param status 0 or the row status
     * @param group group id, {@link DipCatalog#NONE} when not grouped
     * @param groupCode its code (such as "JC3625"), or null
     * @param layer the matching layer (0 none, 1 pre, 2 merged, 3 refined, 4 core, 5 comprehensive)
     * @param attribute the principal procedure's attribute (0 conservative, 1 diagnostic, 2 therapeutic, 3 surgery)
     * @param matchedProcs procedure components the winning rule matched
     * @param subtype auxiliary subtype id, or {@link DipCatalog#NONE}
     * @param subtypeCoefficient its coefficient (6 decimals; 1.0 when none)
     * @param score the group's score (4 decimals)
     * @param subtypeScore score × subtype coefficient (4 decimals)
     * @param cci Charlson comorbidity index, -1 without a cci table
     * @param flags {@code DipCatalog.FLAG_*} bits
     */
    public record Result(int status, int group, String groupCode, int layer, int attribute, int matchedProcs,
                         int subtype, long subtypeCoefficient, long score, long subtypeScore, int cci, int flags) {
        /** Whether all the given flag bits are set. */
        public boolean has(int flag) {
            return (flags & flag) == flag;
        }
    }

    private final DipCatalog catalog;
    private final int n;
    private final int failed;
    private final int[] status;
    private final IntBuffer group;
    private final ByteBuffer layer;
    private final ByteBuffer attribute;
    private final ByteBuffer matched; // int16
    private final IntBuffer subtype;
    private final LongBuffer subtypeCoef;
    private final LongBuffer score;
    private final LongBuffer subtypeScore;
    private final IntBuffer cci;
    private final IntBuffer flags;
    private final Columns mem;

    /** Output buffers bound to a results struct. */
    static final class Out {
        final Columns mem = new Columns();
        final NativeYibao.YbDipResults struct = new NativeYibao.YbDipResults();
        final ByteBuffer[] cols = new ByteBuffer[10];
        final int[] status;

        Out(int n) {
            status = new int[n];
            long[] width = {4, 1, 1, 2, 4, 8, 8, 8, 4, 4};
            long[] sizes = new long[cols.length];
            for (int i = 0; i < cols.length; i++) {
                sizes[i] = width[i] * n;
            }
            System.arraycopy(mem.directAll(sizes), 0, cols, 0, cols.length);
            struct.n = n;
            struct.group = Columns.ptr(cols[0]);
            struct.layer = Columns.ptr(cols[1]);
            struct.attribute = Columns.ptr(cols[2]);
            struct.matched_procs = Columns.ptr(cols[3]);
            struct.subtype = Columns.ptr(cols[4]);
            struct.subtype_coef = Columns.ptr(cols[5]);
            struct.score = Columns.ptr(cols[6]);
            struct.subtype_score = Columns.ptr(cols[7]);
            struct.cci = Columns.ptr(cols[8]);
            struct.flags = Columns.ptr(cols[9]);
        }
    }

    DipResults(DipCatalog catalog, int failed, Out out) {
        this.catalog = catalog;
        this.n = out.status.length;
        this.failed = failed;
        this.status = out.status;
        this.mem = out.mem;
        ByteBuffer[] c = out.cols;
        group = c[0].asIntBuffer().asReadOnlyBuffer();
        layer = c[1].asReadOnlyBuffer();
        attribute = c[2].asReadOnlyBuffer();
        matched = c[3];
        subtype = c[4].asIntBuffer().asReadOnlyBuffer();
        subtypeCoef = c[5].asLongBuffer().asReadOnlyBuffer();
        score = c[6].asLongBuffer().asReadOnlyBuffer();
        subtypeScore = c[7].asLongBuffer().asReadOnlyBuffer();
        cci = c[8].asIntBuffer().asReadOnlyBuffer();
        flags = c[9].asIntBuffer().asReadOnlyBuffer();
    }

    /** Frees the native memory now (else when garbage-collected); getters throw afterwards. */
    @Override
    public void close() {
        mem.close();
    }

    /** Number of cases. */
    public int size() { return n; }
    /** Rows whose status is not 0. */
    public int failedRows() { return failed; }
    /** Row status: 0 or a {@code YB_E_ROW_*} code. */
    public int status(int row) { return status[row]; }
    /** Group id, or {@link DipCatalog#NONE}. */
    public int group(int row) { mem.check("DIP results"); return group.get(row); }
    /** Group code, or null. */
    public String groupCode(int row) { return catalog.groupCode(group(row)); }
    /** Score (4 decimals). */
    public long score(int row) { mem.check("DIP results"); return score.get(row); }
    /** Score × subtype coefficient (4 decimals). */
    public long subtypeScore(int row) { mem.check("DIP results"); return subtypeScore.get(row); }
    /** {@code DipCatalog.FLAG_*} bits. */
    public int flags(int row) { mem.check("DIP results"); return flags.get(row); }
    /** Group ids, read-only view. */
    public IntBuffer groupColumn() { mem.check("DIP results"); return group.duplicate(); }
    /** Scores, read-only view. */
    public LongBuffer scoreColumn() { mem.check("DIP results"); return score.duplicate(); }

    /** One row as a record. */
    public Result get(int row) {
        mem.check("DIP results");
        return new Result(status[row], group.get(row), groupCode(row), layer.get(row), attribute.get(row),
                matched.getShort(2 * row), subtype.get(row), subtypeCoef.get(row), score.get(row),
                subtypeScore.get(row), cci.get(row), flags.get(row));
    }
}
