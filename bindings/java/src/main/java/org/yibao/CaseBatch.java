package org.yibao;

import java.nio.ByteBuffer;
import java.util.List;
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
        long[] dxRows = new long[n + 1];
        long[] procRows = new long[n + 1];
        int nd = 0;
        int np = 0;
        for (int i = 0; i < n; i++) {
            InpatientCase c = cases.get(i);
            nd += c.diagnoses().size();
            np += c.procedures().size();
            dxRows[i + 1] = nd;
            procRows[i + 1] = np;
        }
        String[] dx = new String[nd];
        String[] proc = new String[np];
        nd = 0;
        np = 0;
        for (int i = 0; i < n; i++) {
            InpatientCase c = cases.get(i);
            sex[i] = narrowByte(c.sex());
            discharge[i] = narrowByte(c.dischargeType());
            // An age beyond a short stays invalid (a row status) instead of wrapping.
            age[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, c.ageYears()));
            days[i] = c.ageDays();
            weight[i] = c.birthWeightG();
            los[i] = c.losDays();
            vent[i] = c.ventHours();
            icu[i] = c.icuDays();
            for (String d : c.diagnoses()) {
                dx[nd++] = d;
            }
            for (String p : c.procedures()) {
                proc[np++] = p;
            }
        }
        return builder(n).sex(sex).ageYears(age).ageDays(days).birthWeightG(weight).losDays(los)
                .dischargeType(discharge).ventHours(vent).icuDays(icu).diagnoses(dxRows, dx)
                .procedures(procRows, proc).build();
    }

    // A value outside a byte keeps being invalid rather than wrapping to a valid one.
    private static byte narrowByte(int v) {
        return v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE ? (byte) v : Byte.MAX_VALUE;
    }

    /** Builds a {@link CaseBatch}; columns may be given in any order, each once. */
    public static final class Builder {
        private final int n;
        private byte[] sex;
        private short[] ageYears;
        private int[] ageDays;
        private int[] birthWeightG;
        private int[] losDays;
        private byte[] dischargeType;
        private int[] ventHours;
        private int[] icuDays;
        private Codes dx;
        private Codes proc;

        private Builder(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative batch size " + n);
            }
            this.n = n;
        }

        /** @param v 1 male, 2 female, -1 missing (required) @return this */
        public Builder sex(byte[] v) { sex = len(v, "sex"); return this; }
        /** @param v age in whole years, -1 missing (required) @return this */
        public Builder ageYears(short[] v) { ageYears = len(v, "ageYears"); return this; }
        /** @param v total age in days, -1 missing @return this */
        public Builder ageDays(int[] v) { ageDays = len(v, "ageDays"); return this; }
        /** @param v newborn weight in grams, -1 missing @return this */
        public Builder birthWeightG(int[] v) { birthWeightG = len(v, "birthWeightG"); return this; }
        /** @param v length of stay in days, -1 missing @return this */
        public Builder losDays(int[] v) { losDays = len(v, "losDays"); return this; }
        /** @param v discharge type (1-5, 9), -1 missing @return this */
        public Builder dischargeType(byte[] v) { dischargeType = len(v, "dischargeType"); return this; }
        /** @param v invasive ventilation hours, -1 missing @return this */
        public Builder ventHours(int[] v) { ventHours = len(v, "ventHours"); return this; }
        /** @param v ICU days, -1 missing @return this */
        public Builder icuDays(int[] v) { icuDays = len(v, "icuDays"); return this; }

        /** @param perCase each case's diagnoses, principal first (required) @return this */
        public Builder diagnoses(List<? extends List<String>> perCase) { dx = Codes.of(perCase, n, "diagnoses"); return this; }
        /** @param perCase each case's diagnoses, principal first (required) @return this */
        public Builder diagnoses(String[][] perCase) { dx = Codes.of(perCase, n, "diagnoses"); return this; }
        /**
         * Diagnoses as a flat list under CSR row offsets.
         * @param rowOffsets n + 1 offsets into {@code codes}: case i has codes rowOffsets[i] … rowOffsets[i+1]-1
         * @param codes the codes
         * @return this
         */
        public Builder diagnoses(long[] rowOffsets, String[] codes) { dx = Codes.of(rowOffsets, codes, n, "diagnoses"); return this; }
        /**
         * Diagnoses as ids of the scheme's diagnosis dictionary ({@link Dictionary#lookup}; -1 for a code not in it).
         * @param rowOffsets n + 1 offsets into {@code ids}
         * @param ids the ids
         * @return this
         */
        public Builder diagnosisIds(long[] rowOffsets, int[] ids) { dx = Codes.ofIds(rowOffsets, ids, n, "diagnoses"); return this; }

        /** @param perCase each case's procedures, principal first @return this */
        public Builder procedures(List<? extends List<String>> perCase) { proc = Codes.of(perCase, n, "procedures"); return this; }
        /** @param perCase each case's procedures, principal first @return this */
        public Builder procedures(String[][] perCase) { proc = Codes.of(perCase, n, "procedures"); return this; }
        /** @param rowOffsets n + 1 offsets into {@code codes} @param codes the codes @return this */
        public Builder procedures(long[] rowOffsets, String[] codes) { proc = Codes.of(rowOffsets, codes, n, "procedures"); return this; }
        /** @param rowOffsets n + 1 offsets into {@code ids} @param ids procedure dictionary ids @return this */
        public Builder procedureIds(long[] rowOffsets, int[] ids) { proc = Codes.ofIds(rowOffsets, ids, n, "procedures"); return this; }

        private byte[] len(byte[] v, String what) { check(v.length, what); return v; }
        private short[] len(short[] v, String what) { check(v.length, what); return v; }
        private int[] len(int[] v, String what) { check(v.length, what); return v; }

        private void check(int length, String what) {
            Columns.checkLength(length, n, what);
        }

        /**
         * Copies the columns into native memory.
         * @throws IllegalStateException when sex, ageYears or diagnoses is missing
         */
        public CaseBatch build() {
            if (sex == null || ageYears == null || dx == null) {
                throw new IllegalStateException("sex, ageYears and diagnoses are required");
            }
            NativeYibao.YbCaseColumns c = new NativeYibao.YbCaseColumns();
            c.n = n;
            Columns mem = new Columns();
            ByteBuffer[] keep = mem.place(
                sex, ageYears, ageDays, birthWeightG, losDays, dischargeType, ventHours, icuDays,
                dx.rowOffsets, dx.data, dx.offsets, dx.ids,
                proc == null ? null : proc.rowOffsets, proc == null ? null : proc.data,
                proc == null ? null : proc.offsets, proc == null ? null : proc.ids);
            c.sex = Columns.ptr(keep[0]);
            c.age_years = Columns.ptr(keep[1]);
            c.age_days = Columns.ptr(keep[2]);
            c.birth_weight_g = Columns.ptr(keep[3]);
            c.los_days = Columns.ptr(keep[4]);
            c.discharge_type = Columns.ptr(keep[5]);
            c.vent_hours = Columns.ptr(keep[6]);
            c.icu_days = Columns.ptr(keep[7]);
            c.dx_row_offsets = Columns.ptr(keep[8]);
            c.dx_data = Columns.ptr(keep[9]);
            c.dx_offsets = Columns.ptr(keep[10]);
            c.dx_ids = Columns.ptr(keep[11]);
            c.proc_row_offsets = Columns.ptr(keep[12]);
            c.proc_data = Columns.ptr(keep[13]);
            c.proc_offsets = Columns.ptr(keep[14]);
            c.proc_ids = Columns.ptr(keep[15]);
            c.write();
            c.setAutoSynch(false); // immutable from now on: safe to pass from several threads
            return new CaseBatch(n, mem, c);
        }
    }

    /** A CSR list column: row offsets plus Arrow strings or ids, in direct buffers. */
    private static final class Codes {
        long[] rowOffsets;
        Columns.Slice data;
        long[] offsets;
        int[] ids;

        static Codes of(List<? extends List<String>> perCase, int n, String what) {
            if (perCase.size() != n) {
                throw new IllegalArgumentException(what + " has " + perCase.size() + " rows for " + n + " cases");
            }
            long[] rows = new long[n + 1];
            int items = 0;
            for (int i = 0; i < n; i++) {
                List<String> r = perCase.get(i);
                items += r == null ? 0 : r.size();
                rows[i + 1] = items;
            }
            String[] flat = new String[items];
            int k = 0;
            for (int i = 0; i < n; i++) {
                List<String> r = perCase.get(i);
                if (r != null) {
                    for (String s : r) {
                        flat[k++] = s;
                    }
                }
            }
            return strings(rows, flat);
        }

        static Codes of(String[][] perCase, int n, String what) {
            if (perCase.length != n) {
                throw new IllegalArgumentException(what + " has " + perCase.length + " rows for " + n + " cases");
            }
            long[] rows = new long[n + 1];
            int items = 0;
            for (int i = 0; i < n; i++) {
                items += perCase[i] == null ? 0 : perCase[i].length;
                rows[i + 1] = items;
            }
            String[] flat = new String[items];
            int k = 0;
            for (String[] r : perCase) {
                if (r != null) {
                    System.arraycopy(r, 0, flat, k, r.length);
                    k += r.length;
                }
            }
            return strings(rows, flat);
        }

        static Codes of(long[] rowOffsets, String[] codes, int n, String what) {
            checkRows(rowOffsets, codes.length, n, what);
            return strings(rowOffsets, codes);
        }

        static Codes ofIds(long[] rowOffsets, int[] ids, int n, String what) {
            checkRows(rowOffsets, ids.length, n, what);
            Codes c = new Codes();
            c.rowOffsets = rowOffsets.clone();
            c.ids = ids.clone();
            return c;
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

        // A null code is an empty one: a row status, not a batch failure.
        private static Codes strings(long[] rows, String[] flat) {
            Codes c = new Codes();
            c.rowOffsets = rows;
            Columns.Utf8 u = Columns.encode(flat);
            c.data = u.data();
            c.offsets = u.offsets();
            return c;
        }
    }
}
