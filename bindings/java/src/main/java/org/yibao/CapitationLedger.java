package org.yibao;

import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * The in-year ledger of a {@link CapitationPlan} ({@code yb_cap_ledger}):
 * spending inside and outside the alliance, monthly advances, openIMIS
 * contributions and visits, each under a unique entry id so that it can be
 * reversed exactly.
 *
 * <p>Mutable: one thread at a time. It keeps its plan reachable; closing the
 * plan first makes the ledger unusable. A bad entry is refused with a
 * {@link YibaoException.CapitationRow} (one entry) or a row status (a batch)
 * and leaves the ledger unchanged.
 */
public final class CapitationLedger extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /** Kinds of ledger entries ({@code yb_cap_entry_kind}). */
    public enum EntryKind {
        /** Fund spending on enrollees inside the alliance. */
        SPEND_ALLIANCE(NativeYibao.YB_CAP_SPEND_ALLIANCE),
        /** Spending on enrollees treated in another county of the province (异地). */
        SPEND_OTHER_COUNTY(NativeYibao.YB_CAP_SPEND_OTHER_COUNTY),
        /** Spending on enrollees treated out of the province (跨省异地). */
        SPEND_OUT_OF_PROVINCE(NativeYibao.YB_CAP_SPEND_OUT_OF_PROVINCE),
        /** A monthly advance paid to the alliance (月度预付). */
        ADVANCE(NativeYibao.YB_CAP_ADVANCE),
        /** Reverses an earlier entry exactly. */
        REVERSAL(NativeYibao.YB_CAP_REVERSAL),
        /** openIMIS: contributions allocated to the month. */
        CONTRIBUTION(NativeYibao.YB_CAP_CONTRIBUTION),
        /** openIMIS: visits (claims) of a facility. */
        VISITS(NativeYibao.YB_CAP_VISITS),
        /** openIMIS: adjusted (valuated) claim amount of a facility. */
        ADJUSTED(NativeYibao.YB_CAP_ADJUSTED);

        static {
            NativeLoader.load();
        }

        /** The C value. */
        public final int code;

        EntryKind(int code) {
            this.code = code;
        }

        /** Parses a kind name such as "spend_alliance" ({@code yb_cap_entry_kind_parse}). @throws YibaoException.NotFound for an unknown name */
        public static EntryKind parse(String name) {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            int[] k = new int[1];
            int rc = NativeYibao.yb_cap_entry_kind_parse(b, b.length, k);
            if (rc < 0) {
                throw YibaoException.of(ErrorInfo.ofStatus(rc, "unknown capitation entry kind '" + name + "'"));
            }
            for (EntryKind e : values()) {
                if (e.code == k[0]) {
                    return e;
                }
            }
            throw new IllegalStateException("entry kind " + k[0] + " has no Java constant");
        }
    }

    /**
     * Running totals, entries net of reversals (fen, visits as counts).
     *
     * @param entries entries accepted, reversals included
     * @param reversed entries that have been reversed
     * @param spentAlliance spending inside the alliance
     * @param spentOtherCounty spending in other counties of the province
     * @param spentOutOfProvince spending out of the province
     * @param advances advances paid
     * @param contributions openIMIS allocated contributions
     * @param visits openIMIS visits
     * @param adjusted openIMIS adjusted amounts
     */
    public record Totals(long entries, long reversed, long spentAlliance, long spentOtherCounty,
                         long spentOutOfProvince, long advances, long contributions, long visits, long adjusted) {
    }

    private final CapitationPlan plan;

    CapitationLedger(CapitationPlan plan, Pointer p) {
        super(p, NativeYibao::yb_cap_ledger_free, "capitation ledger", plan); // the C ledger points into its plan
        this.plan = plan;
    }

    /** The plan this ledger belongs to. */
    public CapitationPlan plan() {
        return plan;
    }

    /**
     * Adds one entry.
     * @param ctx the calling thread's context
     * @param entryId unique id (at most 63 bytes)
     * @param kind the kind
     * @param month 1 … 12 (ignored for reversals)
     * @param pot pot code, or null when the plan has one pot
     * @param facility facility code (openIMIS visits and adjusted amounts), or null
     * @param amount fen, ≥ 0
     * @param quantity whole count ≥ 0 (visits)
     * @param reverses for a reversal, the id of the entry reversed; else null
     * @throws YibaoException.CapitationRow with the reason (YB_E_ROW_ENTRY, _KIND, _PERIOD, _POT, _FACILITY, _AMOUNT, _REVERSAL)
     */
    public void add(Context ctx, String entryId, EntryKind kind, int month, String pot, String facility,
                    long amount, long quantity, String reverses) {
        call(ctx, (c, p) -> NativeYibao.yb_cap_ledger_add_one(c, p, entryId, kind.code, month, pot, facility,
                amount, quantity, reverses));
    }

    /** Adds spending or an advance of {@code fen} in {@code month}, charged to {@code pot} (null: the one pot). */
    public void add(Context ctx, String entryId, EntryKind kind, int month, String pot, long fen) {
        add(ctx, entryId, kind, month, pot, null, fen, 0, null);
    }

    /** Reverses the entry {@code reversedId} exactly, under the new id {@code entryId}. */
    public void reverse(Context ctx, String entryId, String reversedId) {
        add(ctx, entryId, EntryKind.REVERSAL, 0, null, null, 0, 0, reversedId);
    }

    /**
     * Adds a batch of entries in row order; bad rows get their status and
     * leave the ledger unchanged, the others are added (a reversal may name an
     * earlier row of the same batch).
     * @return one status per row (0 = added)
     * @throws YibaoException.Cancelled when the progress listener stopped the batch (rows before stay added)
     */
    public int[] addBatch(Context ctx, Entries entries) {
        int[] status = new int[entries.n];
        entries.mem.check("ledger entries");
        try {
            call(ctx, (c, p) -> NativeYibao.yb_cap_ledger_add_batch(c, p, entries.columns, status));
            return status;
        } finally {
            Reference.reachabilityFence(entries.mem);
        }
    }

    /** The running totals. @throws YibaoException.Overflow for a total beyond 64 bits */
    public Totals totals() {
        NativeYibao.YbCapLedgerTotals t = new NativeYibao.YbCapLedgerTotals();
        check(getInt(p -> NativeYibao.yb_cap_ledger_totals_get(p, t)), "ledger totals");
        return new Totals(t.entries, t.reversed, t.spent_alliance, t.spent_other_county, t.spent_out_of_province,
                t.advances, t.contributions, t.visits, t.adjusted);
    }

    /** Entries as columns in native memory ({@code yb_cap_entry_columns}); build with {@link #builder}. */
    public static final class Entries implements AutoCloseable {
        final int n;
        final NativeYibao.YbCapEntryColumns columns;
        final Columns mem;

        private Entries(int n, NativeYibao.YbCapEntryColumns columns, Columns mem) {
            this.n = n;
            this.columns = columns;
            this.mem = mem;
        }

        /** Frees the native memory now (else when garbage-collected); closed entries cannot be added. */
        @Override
        public void close() {
            mem.close();
        }

        /** Number of entries. */
        public int size() {
            return n;
        }

        /** A builder for {@code n} entries. */
        public static Builder builder(int n) {
            return new Builder(n);
        }

        /** Builds {@link Entries}; ids and kinds are required, other columns optional. */
        public static final class Builder extends BatchBuilder<Builder> {
            private Builder(int n) {
                super(n);
            }

            /** @param v unique entry ids @return this */
            public Builder entryIds(String[] v) { return col("entry_id", v, "entryIds"); }
            /** @param v kinds @return this */
            public Builder kinds(EntryKind[] v) {
                Columns.checkLength(v.length, n, "kinds");
                int[] kinds = new int[n];
                for (int i = 0; i < n; i++) {
                    kinds[i] = v[i].code;
                }
                return put("kind", kinds);
            }
            /** @param v months 1 … 12 @return this */
            public Builder months(int[] v) { return col("month", v, "months"); }
            /** @param v pot codes (null or "" = none) @return this */
            public Builder pots(String[] v) { return col("pot", v, "pots"); }
            /** @param v facility codes (null or "" = none) @return this */
            public Builder facilities(String[] v) { return col("facility", v, "facilities"); }
            /** @param v amounts in fen @return this */
            public Builder amounts(long[] v) { return col("amount", v, "amounts"); }
            /** @param v quantities (visits) @return this */
            public Builder quantities(long[] v) { return col("quantity", v, "quantities"); }
            /** @param v ids of the entries reversed (null or "" = none) @return this */
            public Builder reverses(String[] v) { return col("reverses", v, "reverses"); }

            /** Copies the columns into native memory. @throws IllegalStateException without ids or kinds */
            public Entries build() {
                if (!has("entry_id") || !has("kind")) {
                    throw new IllegalStateException("entryIds and kinds are required");
                }
                Columns mem = new Columns();
                NativeYibao.YbCapEntryColumns c = new NativeYibao.YbCapEntryColumns();
                c.n = n;
                layout(c, mem);
                return new Entries(n, c, mem);
            }
        }
    }
}
