package org.yibao;

import java.nio.ByteBuffer;
import org.yibao.internal.NativeYibao;

/**
 * Grouped cases as columns in native memory ({@code yb_points_case_columns},
 * {@code points.h}): the input of {@link PointsBook#compute} and
 * {@link PointsYear#add}. Groups and hospitals are codes (Arrow strings; ""
 * = ungrouped) or the book's ids. Money is fen; -1 means missing in the
 * optional integer columns. Immutable once built; shareable between threads.
 */
public final class PointsCases implements AutoCloseable {
    final int n;
    private final NativeYibao.YbPointsCaseColumns columns;
    private final Columns mem;

    private PointsCases(int n, NativeYibao.YbPointsCaseColumns columns, Columns mem) {
        this.n = n;
        this.columns = columns;
        this.mem = mem;
    }

    /** Frees the native memory now (else when garbage-collected); a closed batch cannot be priced. */
    @Override
    public void close() {
        mem.close();
    }

    NativeYibao.YbPointsCaseColumns columns() {
        mem.check("points cases");
        return columns;
    }

    /** Number of cases. */
    public int size() {
        return n;
    }

    void keepAlive() {
        java.lang.ref.Reference.reachabilityFence(mem);
    }

    /** A builder for {@code n} cases. */
    public static Builder builder(int n) {
        return new Builder(n);
    }

    /** Builds {@link PointsCases}: group (codes or ids), hospital (codes or ids) and cost are required. */
    public static final class Builder {
        private final int n;
        private String[] groups;
        private int[] groupIds;
        private String[] hospitals;
        private int[] hospitalIds;
        private byte[] insurance;
        private long[] cost;
        private long[] selfPay;
        private String[] subtypes;
        private byte[] month;
        private int[] losDays;

        private Builder(int n) {
            this.n = n;
        }

        /** @param v group codes (DIP group or DRG; "" or null = ungrouped) @return this */
        public Builder groups(String[] v) { Columns.checkLength(v.length, n, "groups"); groups = v; groupIds = null; return this; }
        /** @param v the book's group ids ({@link PointsBook#NO_ID} = ungrouped) @return this */
        public Builder groupIds(int[] v) { Columns.checkLength(v.length, n, "groupIds"); groupIds = v; groups = null; return this; }
        /** @param v hospital codes @return this */
        public Builder hospitals(String[] v) { Columns.checkLength(v.length, n, "hospitals"); hospitals = v; hospitalIds = null; return this; }
        /** @param v the book's hospital ids @return this */
        public Builder hospitalIds(int[] v) { Columns.checkLength(v.length, n, "hospitalIds"); hospitalIds = v; hospitals = null; return this; }
        /** @param v 1 employee (职工), 2 resident (城乡居民), -1 missing @return this */
        public Builder insurance(byte[] v) { Columns.checkLength(v.length, n, "insurance"); insurance = v; return this; }
        /** @param v total medical cost, fen (required) @return this */
        public Builder cost(long[] v) { Columns.checkLength(v.length, n, "cost"); cost = v; return this; }
        /** @param v patients' in-scope payment, fen @return this */
        public Builder selfPay(long[] v) { Columns.checkLength(v.length, n, "selfPay"); selfPay = v; return this; }
        /** @param v auxiliary-subtype codes ("" or null = none) @return this */
        public Builder subtypes(String[] v) { Columns.checkLength(v.length, n, "subtypes"); subtypes = v; return this; }
        /** @param v settlement month 1 … 12, -1 missing @return this */
        public Builder month(byte[] v) { Columns.checkLength(v.length, n, "month"); month = v; return this; }
        /** @param v length of stay, -1 missing @return this */
        public Builder losDays(int[] v) { Columns.checkLength(v.length, n, "losDays"); losDays = v; return this; }

        /** Copies the columns into native memory. @throws IllegalStateException without groups, hospitals or cost */
        public PointsCases build() {
            if ((groups == null && groupIds == null) || (hospitals == null && hospitalIds == null) || cost == null) {
                throw new IllegalStateException("groups, hospitals and cost are required");
            }
            Columns mem = new Columns();
            Columns.Utf8 g = Columns.encode(groups);
            Columns.Utf8 h = Columns.encode(hospitals);
            Columns.Utf8 s = Columns.encode(subtypes);
            ByteBuffer[] keep = mem.place(g == null ? null : g.data(), g == null ? null : g.offsets(), groupIds,
                h == null ? null : h.data(), h == null ? null : h.offsets(), hospitalIds, insurance, cost, selfPay,
                s == null ? null : s.data(), s == null ? null : s.offsets(), month, losDays);
            NativeYibao.YbPointsCaseColumns c = new NativeYibao.YbPointsCaseColumns();
            c.n = n;
            c.group_data = Columns.ptr(keep[0]);
            c.group_offsets = Columns.ptr(keep[1]);
            c.group_ids = Columns.ptr(keep[2]);
            c.hospital_data = Columns.ptr(keep[3]);
            c.hospital_offsets = Columns.ptr(keep[4]);
            c.hospital_ids = Columns.ptr(keep[5]);
            c.insurance = Columns.ptr(keep[6]);
            c.cost = Columns.ptr(keep[7]);
            c.self_pay = Columns.ptr(keep[8]);
            c.subtype_data = Columns.ptr(keep[9]);
            c.subtype_offsets = Columns.ptr(keep[10]);
            c.month = Columns.ptr(keep[11]);
            c.los_days = Columns.ptr(keep[12]);
            c.write();
            c.setAutoSynch(false);
            return new PointsCases(n, c, mem);
        }
    }
}
