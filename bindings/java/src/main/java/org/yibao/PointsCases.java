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
    public static final class Builder extends BatchBuilder<Builder> {
        private Builder(int n) {
            super(n);
        }

        /** @param v group codes (DIP group or DRG; "" or null = ungrouped) @return this */
        public Builder groups(String[] v) { return col("group", v, "groups", "group_ids"); }
        /** @param v the book's group ids ({@link PointsBook#NO_ID} = ungrouped) @return this */
        public Builder groupIds(int[] v) { return col("group_ids", v, "groupIds", "group"); }
        /** @param v hospital codes @return this */
        public Builder hospitals(String[] v) { return col("hospital", v, "hospitals", "hospital_ids"); }
        /** @param v the book's hospital ids @return this */
        public Builder hospitalIds(int[] v) { return col("hospital_ids", v, "hospitalIds", "hospital"); }
        /** @param v 1 employee (职工), 2 resident (城乡居民), -1 missing @return this */
        public Builder insurance(byte[] v) { return col("insurance", v, "insurance"); }
        /** @param v total medical cost, fen (required) @return this */
        public Builder cost(long[] v) { return col("cost", v, "cost"); }
        /** @param v patients' in-scope payment, fen @return this */
        public Builder selfPay(long[] v) { return col("self_pay", v, "selfPay"); }
        /** @param v auxiliary-subtype codes ("" or null = none) @return this */
        public Builder subtypes(String[] v) { return col("subtype", v, "subtypes"); }
        /** @param v settlement month 1 … 12, -1 missing @return this */
        public Builder month(byte[] v) { return col("month", v, "month"); }
        /** @param v length of stay, -1 missing @return this */
        public Builder losDays(int[] v) { return col("los_days", v, "losDays"); }

        /** Copies the columns into native memory. @throws IllegalStateException without groups, hospitals or cost */
        public PointsCases build() {
            if (!has("group", "group_ids") || !has("hospital", "hospital_ids") || !has("cost")) {
                throw new IllegalStateException("groups, hospitals and cost are required");
            }
            Columns mem = new Columns();
            NativeYibao.YbPointsCaseColumns c = new NativeYibao.YbPointsCaseColumns();
            c.n = n;
            return new PointsCases(n, layout(c, mem), mem);
        }
    }
}
