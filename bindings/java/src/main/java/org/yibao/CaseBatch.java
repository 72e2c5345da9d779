package org.yibao;

import java.util.AbstractList;
import java.util.List;
import java.util.function.Function;
import org.yibao.internal.NativeYibao;

/**
 * A batch of inpatient cases as columns in native memory ({@code
 * yb_case_columns}, {@code cases.h}): the input of batch grouping.
 *
 * <p>Every column is copied once into a direct buffer; diagnosis and
 * procedure codes are laid out as the Arrow "large utf8" layout (UTF-8 bytes
 * back to back with {@code n + 1} int64 offsets) under CSR row offsets, or as
 * pre-interned ids. Integer columns use -1 for "missing"; optional columns
 * left unset are all missing. A built batch is immutable and may be grouped
 * by several threads at once.
 *
 * <pre>{@code
 * CaseBatch batch = CaseBatch.builder(n)
 *         .sex(sex).ageYears(age).losDays(los)
 *         .diagnoses(dxPerCase)          // List<List<String>>, principal first
 *         .procedures(procPerCase)
 *         .build();
 * }</pre>
 */
public final class CaseBatch implements AutoCloseable {
    private final int n;
    private final Columns mem; // the native memory the struct points into
    private final NativeYibao.YbCaseColumns columns;

    private CaseBatch(int n, Columns mem, NativeYibao.YbCaseColumns columns) {
        this.n = n;
        this.mem = mem;
        this.columns = columns;
    }

    /**
     * Frees the batch's native memory now (so the next batch reuses it);
     * without it, the memory goes when the batch is garbage-collected. A
     * closed batch cannot be grouped.
     */
    @Override
    public void close() {
        mem.close();
    }

    /** Number of cases. */
    public int size() {
        return n;
    }

    /** The native struct (written once, never re-synchronised, so it can be shared). */
    NativeYibao.YbCaseColumns columns() {
        mem.check("case batch");
        return columns;
    }

    /** Keeps the buffers reachable until a native call that reads them has returned. */
    void keepAlive() {
        java.lang.ref.Reference.reachabilityFence(mem);
    }

    /** A builder for {@code n} cases. */
    public static Builder builder(int n) {
        return new Builder(n);
    }

    /** A batch of the given cases, in order. */
    public static CaseBatch of(List<InpatientCase> cases) {
        int n = cases.size();
        byte[] sex = new byte[n];
        byte[] discharge = new byte[n];
        short[] age = new short[n];
        int[] days = new int[n];
        int[] weight = new int[n];
        int[] los = new int[n];
        int[] vent = new int[n];
        int[] icu = new int[n];
        for (int i = 0; i < n; i++) {
            InpatientCase c = cases.get(i);
            sex[i] = Columns.toByte(c.sex());
            discharge[i] = Columns.toByte(c.dischargeType());
            age[i] = Columns.toShort(c.ageYears()); // beyond a short stays invalid (a row status)
            days[i] = c.ageDays();
            weight[i] = c.birthWeightG();
            los[i] = c.losDays();
            vent[i] = c.ventHours();
            icu[i] = c.icuDays();
        }
        // The code lists are read in place (views, no copy) when the batch is built.
        return builder(n).sex(sex).ageYears(age).ageDays(days).birthWeightG(weight).losDays(los)
                .dischargeType(discharge).ventHours(vent).icuDays(icu)
                .diagnoses(view(cases, InpatientCase::diagnoses)).procedures(view(cases, InpatientCase::procedures))
                .build();
    }

    private static List<List<String>> view(List<InpatientCase> cases, Function<InpatientCase, List<String>> f) {
        return new AbstractList<>() {
            @Override
            public List<String> get(int i) {
                return f.apply(cases.get(i));
            }

            @Override
            public int size() {
                return cases.size();
            }
        };
    }

    /** Builds a {@link CaseBatch}; columns may be given in any order, each once. */
    public static final class Builder extends BatchBuilder<Builder> {
        private Builder(int n) {
            super(n);
        }

        /** @param v 1 male, 2 female, -1 missing (required) @return this */
        public Builder sex(byte[] v) { return col("sex", v, "sex"); }
        /** @param v age in whole years, -1 missing (required) @return this */
        public Builder ageYears(short[] v) { return col("age_years", v, "ageYears"); }
        /** @param v total age in days, -1 missing @return this */
        public Builder ageDays(int[] v) { return col("age_days", v, "ageDays"); }
        /** @param v newborn weight in grams, -1 missing @return this */
        public Builder birthWeightG(int[] v) { return col("birth_weight_g", v, "birthWeightG"); }
        /** @param v length of stay in days, -1 missing @return this */
        public Builder losDays(int[] v) { return col("los_days", v, "losDays"); }
        /** @param v discharge type (1-5, 9), -1 missing @return this */
        public Builder dischargeType(byte[] v) { return col("discharge_type", v, "dischargeType"); }
        /** @param v invasive ventilation hours, -1 missing @return this */
        public Builder ventHours(int[] v) { return col("vent_hours", v, "ventHours"); }
        /** @param v ICU days, -1 missing @return this */
        public Builder icuDays(int[] v) { return col("icu_days", v, "icuDays"); }

        /** @param perCase each case's diagnoses, principal first (required) @return this */
        public Builder diagnoses(List<? extends List<String>> perCase) {
            return put("dx", Codes.lists(perCase, perCase.size(), n, "diagnoses"));
        }
        /** @param perCase each case's diagnoses, principal first (required) @return this */
        public Builder diagnoses(String[][] perCase) {
            return put("dx", Codes.lists(perCase, perCase.length, n, "diagnoses"));
        }
        /**
         * Diagnoses as a flat list under CSR row offsets.
         * @param rowOffsets n + 1 offsets into {@code codes}: case i has codes rowOffsets[i] … rowOffsets[i+1]-1
         * @param codes the codes
         * @return this
         */
        public Builder diagnoses(long[] rowOffsets, String[] codes) {
            return put("dx", Codes.flat(rowOffsets, codes, codes.length, n, "diagnoses"));
        }
        /**
         * Diagnoses as ids of the scheme's diagnosis dictionary ({@link Dictionary#lookupAll}; -1 for a code not in it).
         * @param rowOffsets n + 1 offsets into {@code ids}
         * @param ids the ids
         * @return this
         */
        public Builder diagnosisIds(long[] rowOffsets, int[] ids) {
            return put("dx", Codes.flat(rowOffsets, ids, ids.length, n, "diagnoses"));
        }

        /** @param perCase each case's procedures, principal first @return this */
        public Builder procedures(List<? extends List<String>> perCase) {
            return put("proc", Codes.lists(perCase, perCase.size(), n, "procedures"));
        }
        /** @param perCase each case's procedures, principal first @return this */
        public Builder procedures(String[][] perCase) {
            return put("proc", Codes.lists(perCase, perCase.length, n, "procedures"));
        }
        /** @param rowOffsets n + 1 offsets into {@code codes} @param codes the codes @return this */
        public Builder procedures(long[] rowOffsets, String[] codes) {
            return put("proc", Codes.flat(rowOffsets, codes, codes.length, n, "procedures"));
        }
        /** @param rowOffsets n + 1 offsets into {@code ids} @param ids procedure dictionary ids @return this */
        public Builder procedureIds(long[] rowOffsets, int[] ids) {
            return put("proc", Codes.flat(rowOffsets, ids, ids.length, n, "procedures"));
        }

        /**
         * Copies the columns into native memory.
         * @throws IllegalStateException when sex, ageYears or diagnoses is missing
         */
        public CaseBatch build() {
            if (!has("sex") || !has("age_years") || !has("dx")) {
                throw new IllegalStateException("sex, ageYears and diagnoses are required");
            }
            NativeYibao.YbCaseColumns c = new NativeYibao.YbCaseColumns();
            c.n = n;
            Columns mem = new Columns();
            layout(c, mem);
            return new CaseBatch(n, mem, c);
        }
    }

    /**
     * A CSR list column as given: lists of strings (encoded when the batch is
     * built), or row offsets over flat strings or dictionary ids. Lays out
     * {@code X_row_offsets} and {@code X_data}/{@code X_offsets} or {@code X_ids}.
     */
    private record Codes(Object lists, long[] rowOffsets, Object flat, String what) implements BatchBuilder.Source {
        static Codes lists(Object perCase, int rows, int n, String what) {
            if (rows != n) {
                throw new IllegalArgumentException(what + " has " + rows + " rows for " + n + " cases");
            }
            return new Codes(perCase, null, null, what);
        }

        static Codes flat(long[] rowOffsets, Object codesOrIds, int items, int n, String what) {
            checkRows(rowOffsets, items, n, what);
            return new Codes(null, rowOffsets, codesOrIds, what);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void into(StructColumns<?> cols, String prefix) {
            if (lists instanceof String[][] a) {
                cols.text(prefix, Utf8.ofLists(a));
            } else if (lists != null) {
                cols.text(prefix, Utf8.ofLists((List<? extends List<String>>) lists));
            } else {
                // checked again now: the arrays are the caller's and C trusts the offsets
                checkRows(rowOffsets, java.lang.reflect.Array.getLength(flat), rowOffsets.length - 1, what);
                cols.in(prefix + "_row_offsets", rowOffsets);
                if (flat instanceof String[] codes) {
                    cols.text(prefix, Utf8.of(codes));
                } else {
                    cols.in(prefix + "_ids", flat);
                }
            }
        }

        // C trusts the offsets: anything inconsistent would read outside the buffers.
        private static void checkRows(long[] rowOffsets, int items, int n, String what) {
            if (rowOffsets.length != n + 1 || rowOffsets[0] != 0 || rowOffsets[n] != items) {
                throw new IllegalArgumentException(what + ": row offsets must be n + 1 = " + (n + 1)
                        + " values from 0 to " + items);
            }
            for (int i = 0; i < n; i++) {
                if (rowOffsets[i + 1] < rowOffsets[i]) {
                    throw new IllegalArgumentException(what + ": row offsets decrease at row " + i);
                }
            }
        }
    }
}
