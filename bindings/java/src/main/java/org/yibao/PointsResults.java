package org.yibao;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import org.yibao.internal.NativeYibao;

/**
 * Points and payment of a batch of cases ({@code yb_points_case_results} and
 * the row statuses), in native memory written by the library. Rows whose
 * status is not 0 have ids {@link PointsBook#NO_ID}, kind -1 and zeros.
 * Money in fen; scores and points 4 decimals; coefficients and ratios 6; point
 * values 6. Immutable; thread-safe to read.
 */
public final class PointsResults extends BatchResults {
    /** How a case was paid ({@code yb_points_case_kind}). */
    public enum Kind {
        /** Within the outlier thresholds. */
        NORMAL,
        /** Low-cost case (低倍率). */
        LOW,
        /** High-cost case (高倍率). */
        HIGH,
        /** Above the extreme threshold: paid as high, sent to special review (特例单议). */
        EXTREME,
        /** No group: points from cost by the book's ratio. */
        UNGROUPED,
        /** No group: paid fee-for-service, outside the points pool. */
        FEE_FOR_SERVICE;

        /** The kind of a C value, or null for -1 (a bad row). */
        public static Kind of(int code) {
            return code < 0 || code >= values().length ? null : values()[code];
        }
    }

    /**
     * One case's result ({@code yb_points_case_result}).
     *
     * @param status 0 or the row's status
     * @param groupId book group id, {@link PointsBook#NO_ID} when ungrouped
     * @param hospitalId book hospital id, {@link PointsBook#NO_ID} for a hospital not listed
     * @param pool point-value pool
     * @param kind how it was paid (null for a bad row)
     * @param score group score (4 decimals)
     * @param hospitalCoefficient coefficient applied (6 decimals)
     * @param subtypeCoefficient auxiliary-subtype coefficient (6 decimals)
     * @param standardCost group standard cost, fen
     * @param costRatio cost ÷ standard (6 decimals)
     * @param deviation deviation coefficient (6 decimals)
     * @param points case points (4 decimals)
     * @param pointValue point value used (6 decimals)
     * @param payment round(points × point value), fen
     * @param fundDue payment − patients' in-scope payment, fen
     */
    public record Result(int status, int groupId, int hospitalId, int pool, Kind kind, long score,
                         long hospitalCoefficient, long subtypeCoefficient, long standardCost, long costRatio,
                         long deviation, long points, long pointValue, long payment, long fundDue) {
    }

    private final IntBuffer groupId;
    private final IntBuffer hospitalId;
    private final ByteBuffer pool;
    private final ByteBuffer kind;
    private final LongBuffer[] longs; // score … fund_due, in struct order
    private final PointsBook book;

    /** The output columns of {@code yb_points_case_batch} for {@code n} cases. */
    static StructColumns.Output<NativeYibao.YbPointsCaseResults> output(int n) {
        return new StructColumns<>(new NativeYibao.YbPointsCaseResults(), n).out(4, "group_id", "hospital_id")
                .out(1, "pool", "kind").out(8, "score", "hospital_coefficient", "subtype_coefficient", "standard_cost",
                        "cost_ratio", "deviation", "points", "point_value", "payment", "fund_due").output();
    }

    PointsResults(PointsBook book, int failed, StructColumns.Output<NativeYibao.YbPointsCaseResults> out) {
        super("points results", failed, out);
        this.book = book;
        int n = out.status().length;
        ByteBuffer[] cols = out.cols();
        this.groupId = ints(cols[0], n);
        this.hospitalId = ints(cols[1], n);
        this.pool = bytes(cols[2]);
        this.kind = bytes(cols[3]);
        this.longs = new LongBuffer[10];
        for (int i = 0; i < 10; i++) {
            longs[i] = longs(cols[4 + i], n);
        }
    }

    private LongBuffer col(int i) {
        check();
        return longs[i];
    }

    /** The statuses, copied. */
    public int[] statuses() {
        return status.clone();
    }

    /** Book group id. */
    public int groupId(int row) { return at(groupId, row); }
    /** Book hospital id. */
    public int hospitalId(int row) { return at(hospitalId, row); }
    /** Point-value pool. */
    public int pool(int row) { check(); return pool.get(row); }
    /** How the case was paid, or null for a bad row. */
    public Kind kind(int row) { check(); return Kind.of(kind.get(row)); }
    /** Group score, 4 decimals. */
    public long score(int row) { return col(0).get(row); }
    /** Hospital coefficient applied, 6 decimals. */
    public long hospitalCoefficient(int row) { return col(1).get(row); }
    /** Subtype coefficient, 6 decimals. */
    public long subtypeCoefficient(int row) { return col(2).get(row); }
    /** Standard cost, fen. */
    public long standardCost(int row) { return col(3).get(row); }
    /** Cost ÷ standard, 6 decimals. */
    public long costRatio(int row) { return col(4).get(row); }
    /** Deviation coefficient, 6 decimals. */
    public long deviation(int row) { return col(5).get(row); }
    /** Case points, 4 decimals. */
    public long points(int row) { return col(6).get(row); }
    /** Point value used, 6 decimals. */
    public long pointValue(int row) { return col(7).get(row); }
    /** Payment, fen. */
    public long payment(int row) { return col(8).get(row); }
    /** Fund due, fen. */
    public long fundDue(int row) { return col(9).get(row); }

    /** Group code of a row, or null when ungrouped or bad. */
    public String groupCode(int row) {
        int id = groupId(row);
        return id == PointsBook.NO_ID ? null : book.groupCode(id);
    }

    /** Points of all rows (read-only view, no copy). */
    public LongBuffer pointsColumn() { return col(6).duplicate(); }
    /** Payments of all rows (read-only view, no copy). */
    public LongBuffer paymentColumn() { return col(8).duplicate(); }
    /** Fund due of all rows (read-only view, no copy). */
    public LongBuffer fundDueColumn() { return col(9).duplicate(); }

    /** A column copied into a new array, e.g. {@code toArray(r.paymentColumn())}. */
    public static long[] toArray(LongBuffer column) {
        long[] out = new long[column.remaining()];
        column.duplicate().get(out);
        return out;
    }

    /** One row as a record. */
    public Result get(int row) {
        return new Result(status[row], groupId(row), hospitalId(row), pool(row), kind(row), score(row),
                hospitalCoefficient(row), subtypeCoefficient(row), standardCost(row), costRatio(row), deviation(row),
                points(row), pointValue(row), payment(row), fundDue(row));
    }
}
