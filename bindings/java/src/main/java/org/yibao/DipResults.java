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
public final class DipResults extends BatchResults {
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

    /** The output columns of {@code yb_dip_group_batch} for {@code n} cases. */
    static StructColumns.Output<NativeYibao.YbDipResults> output(int n) {
        NativeYibao.YbDipResults r = new NativeYibao.YbDipResults();
        r.n = n;
        return new StructColumns<>(r, n).out(4, "group").out(1, "layer", "attribute").out(2, "matched_procs")
                .out(4, "subtype").out(8, "subtype_coef", "score", "subtype_score").out(4, "cci", "flags").output();
    }

    DipResults(DipCatalog catalog, int failed, StructColumns.Output<NativeYibao.YbDipResults> out) {
        super("DIP results", failed, out);
        this.catalog = catalog;
        int n = out.status().length;
        ByteBuffer[] c = out.cols();
        group = ints(c[0], n);
        layer = bytes(c[1]);
        attribute = bytes(c[2]);
        matched = bytes(c[3]);
        subtype = ints(c[4], n);
        subtypeCoef = longs(c[5], n);
        score = longs(c[6], n);
        subtypeScore = longs(c[7], n);
        cci = ints(c[8], n);
        flags = ints(c[9], n);
    }

    /** Group id, or {@link DipCatalog#NONE}. */
    public int group(int row) { return at(group, row); }
    /** Group code, or null. */
    public String groupCode(int row) { return catalog.groupCode(group(row)); }
    /** Score (4 decimals). */
    public long score(int row) { return at(score, row); }
    /** Score × subtype coefficient (4 decimals). */
    public long subtypeScore(int row) { return at(subtypeScore, row); }
    /** {@code DipCatalog.FLAG_*} bits. */
    public int flags(int row) { return at(flags, row); }
    /** Group ids, read-only view. */
    public IntBuffer groupColumn() { return view(group); }
    /** Scores, read-only view. */
    public LongBuffer scoreColumn() { return view(score); }

    /** One row as a record. */
    public Result get(int row) {
        check();
        return new Result(status[row], group.get(row), groupCode(row), layer.get(row), attribute.get(row),
                matched.getShort(2 * row), subtype.get(row), subtypeCoef.get(row), score.get(row),
                subtypeScore.get(row), cci.get(row), flags.get(row));
    }
}
