package org.yibao;

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
            NativeYibao.YbPointsCaseColumns c = new NativeYibao.YbPointsCaseColumns();
            c.n = n;
            new StructColumns<>(c, n).text("group", Utf8.of(groups)).in("group_ids", groupIds)
                    .text("hospital", Utf8.of(hospitals)).in("hospital_ids", hospitalIds).in("insurance", insurance)
                    .in("cost", cost).in("self_pay", selfPay).text("subtype", Utf8.of(subtypes)).in("month", month)
                    .in("los_days", losDays).input(mem);
            return new PointsCases(n, c, mem);
        }
    }
}
