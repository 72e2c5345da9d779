package org.yibao;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
public final class PointsResults implements AutoCloseable {
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

    private final int n;
    private final int failed;
    private final int[] status;
    private final IntBuffer groupId;
    private final IntBuffer hospitalId;
    private final ByteBuffer pool;
    private final ByteBuffer kind;
    private final LongBuffer[] longs; // score … fund_due, in struct order
    private final PointsBook book;
    private final Columns mem;

    private PointsResults(PointsBook book, int n, int failed, int[] status, ByteBuffer[] cols, Columns mem) {
        this.book = book;
        this.mem = mem;
        this.n = n;
        this.failed = failed;
        this.status = status;
        this.groupId = cols[0].asIntBuffer().asReadOnlyBuffer();
        this.hospitalId = cols[1].asIntBuffer().asReadOnlyBuffer();
        this.pool = cols[2].asReadOnlyBuffer();
        this.kind = cols[3].asReadOnlyBuffer();
        this.longs = new LongBuffer[10];
        for (int i = 0; i < 10; i++) {
            longs[i] = cols[4 + i].order(ByteOrder.nativeOrder()).asLongBuffer().asReadOnlyBuffer();
        }
    }

    /** Output buffers bound to a results struct, for one batch call. */
    static final class Out {
        final Columns mem = new Columns();
        final NativeYibao.YbPointsCaseResults struct = new NativeYibao.YbPointsCaseResults();
        final ByteBuffer[] cols = new ByteBuffer[14];
        final int[] status;
        final int n;

        Out(int n) {
            this.n = n;
            status = new int[n];
            long[] sizes = new long[cols.length];
            for (int i = 0; i < cols.length; i++) {
                sizes[i] = (i < 2 ? 4L : i < 4 ? 1L : 8L) * n;
            }
            System.arraycopy(mem.directAll(sizes), 0, cols, 0, cols.length);
            struct.group_id = Columns.ptr(cols[0]);
            struct.hospital_id = Columns.ptr(cols[1]);
            struct.pool = Columns.ptr(cols[2]);
            struct.kind = Columns.ptr(cols[3]);
            struct.score = Columns.ptr(cols[4]);
            struct.hospital_coefficient = Columns.ptr(cols[5]);
            struct.subtype_coefficient = Columns.ptr(cols[6]);
            struct.standard_cost = Columns.ptr(cols[7]);
            struct.cost_ratio = Columns.ptr(cols[8]);
            struct.deviation = Columns.ptr(cols[9]);
            struct.points = Columns.ptr(cols[10]);
            struct.point_value = Columns.ptr(cols[11]);
            struct.payment = Columns.ptr(cols[12]);
            struct.fund_due = Columns.ptr(cols[13]);
        }

        PointsResults results(PointsBook book, int failed) {
            return new PointsResults(book, n, failed, status, cols, mem);
        }
    }

    /** Frees the native memory now (else when garbage-collected); getters and views must not be used afterwards. */
    @Override
    public void close() {
        mem.close();
    }

    private LongBuffer col(int i) {
        mem.check("points results");
        return longs[i];
    }

    /** Number of cases. */
    public int size() {
        return n;
    }

    /** Rows whose status is not 0. */
    public int failedRows() {
        return failed;
    }

    /** Row status: 0 or a {@code yb_status} ({@code YB_E_ROW_GROUP}, {@code YB_E_ROW_HOSPITAL}, …). */
    public int status(int row) {
        return status[row];
    }

    /** The statuses, copied. */
    public int[] statuses() {
        return status.clone();
    }

    /** Book group id. */
    public int groupId(int row) { mem.check("points results"); return groupId.get(row); }
    /** Book hospital id. */
    public int hospitalId(int row) { mem.check("points results"); return hospitalId.get(row); }
    /** Point-value pool. */
    public int pool(int row) { mem.check("points results"); return pool.get(row); }
    /** How the case was paid, or null for a bad row. */
    public Kind kind(int row) { mem.check("points results"); return Kind.of(kind.get(row)); }
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
