package org.yibao;

import java.util.List;
import org.yibao.internal.NativeYibao;

/**
 * A batch of claims as columns in native memory ({@code yb_claim_columns}):
 * one entry per claim, the lines in CSR form with item codes in the Arrow
 * "large utf8" layout (or as the policy's item ids). Immutable once built.
 * Build from records with {@link #of}, or from primitive columns with
 * {@link #builder} (no object per claim or line: the fast path for a
 * platform that holds its claims in arrays).
 */
public final class BenefitClaims implements AutoCloseable {
    final int n;
    final long[] claimIds;
    final long[] memberIds;
    final int[] dates;
    private final NativeYibao.YbClaimColumns columns;
    private final Columns mem;

    private BenefitClaims(int n, long[] claimIds, long[] memberIds, int[] dates, NativeYibao.YbClaimColumns c,
                          Columns mem) {
        this.n = n;
        this.claimIds = claimIds;
        this.memberIds = memberIds;
        this.dates = dates;
        this.columns = c;
        this.mem = mem;
    }

    /** Frees the native memory now (else when garbage-collected); closed claims cannot be settled. */
    @Override
    public void close() {
        mem.close();
    }

    NativeYibao.YbClaimColumns columns() {
        mem.check("claims");
        return columns;
    }

    /** Number of claims. */
    public int size() {
        return n;
    }

    void keepAlive() {
        java.lang.ref.Reference.reachabilityFence(mem);
    }

    /** The claims, in order, as columns. */
    public static BenefitClaims of(List<BenefitClaim> claims) {
        return columnsOf(claims).build();
    }

    /** The claims as the columns of {@link #builder}, not yet copied to native memory. */
    static Builder columnsOf(List<BenefitClaim> claims) {
        int n = claims.size();
        long[] cid = new long[n];
        long[] mid = new long[n];
        int[] date = new int[n];
        byte[] insured = new byte[n];
        byte[] level = new byte[n];
        byte[] place = new byte[n];
        byte[] visit = new byte[n];
        byte[] category = new byte[n];
        byte[] civil = new byte[n];
        byte[] account = new byte[n];
        long[] payer = new long[n];
        long[] rows = new long[n + 1];
        int lines = 0;
        for (int i = 0; i < n; i++) {
            lines += claims.get(i).lines().size();
            rows[i + 1] = lines;
        }
        String[] items = new String[lines];
        byte[] cls = new byte[lines];
        long[] qty = new long[lines];
        long[] price = new long[lines];
        long[] amount = new long[lines];
        int k = 0;
        for (int i = 0; i < n; i++) {
            BenefitClaim c = claims.get(i);
            cid[i] = c.claimId();
            mid[i] = c.memberId();
            date[i] = c.date();
            insured[i] = Columns.toByte(c.insured());
            level[i] = Columns.toByte(c.level());
            place[i] = Columns.toByte(c.place());
            visit[i] = Columns.toByte(c.visit());
            category[i] = Columns.toByte(c.category());
            civil[i] = (byte) (c.civilServant() ? 1 : 0);
            account[i] = (byte) (c.useAccount() ? 1 : 0);
            payer[i] = c.familyPayer();
            for (BenefitClaim.Line l : c.lines()) {
                items[k] = l.item();
                cls[k] = Columns.toByte(l.itemClass());
                qty[k] = l.quantity();
                price[k] = l.price();
                amount[k] = l.amount();
                k++;
            }
        }
        return builder(n).claimIds(cid).memberIds(mid).dates(date).insured(insured).levels(level).places(place)
                .visits(visit).categories(category).civilServants(civil).useAccounts(account).familyPayers(payer)
                .lines(rows, items, qty, price, amount).itemClasses(cls);
    }

    /** A builder for {@code n} claims from columns. */
    public static Builder builder(int n) {
        return new Builder(n);
    }

    /**
     * Builds {@link BenefitClaims} from primitive columns, one value per claim,
     * and the lines as CSR: line columns of {@code rowOffsets[n]} values, claim
     * i owning lines {@code rowOffsets[i] … rowOffsets[i+1]-1}. Required: claim
     * ids, member ids, dates, insurance types, levels and the lines; the
     * others default as in {@code yb_claim_columns} (local, inpatient, no
     * assistance category, no civil-servant subsidy, account used, no family
     * payer, classes from the catalogue). Arrays are copied when built.
     */
    public static final class Builder extends BatchBuilder<Builder> {
        private Builder(int n) {
            super(n);
        }

        /** @param v claim ids (结算 id), not 0 @return this */
        public Builder claimIds(long[] v) { return col("claim_id", v, "claimIds"); }
        /** @param v member ids (人员编号), not 0 @return this */
        public Builder memberIds(long[] v) { return col("member_id", v, "memberIds"); }
        /** @param v service or discharge dates, YYYYMMDD @return this */
        public Builder dates(int[] v) { return col("date", v, "dates"); }
        /** @param v {@link BenefitClaim#EMPLOYEE}, {@link BenefitClaim#RETIRED} or {@link BenefitClaim#RESIDENT} @return this */
        public Builder insured(byte[] v) { return col("insured", v, "insured"); }
        /** @param v hospital levels 1 … 3 @return this */
        public Builder levels(byte[] v) { return col("level", v, "levels"); }
        /** @param v {@link BenefitClaim#LOCAL}, {@link BenefitClaim#OUT_OF_AREA} or {@link BenefitClaim#REFERRED} @return this */
        public Builder places(byte[] v) { return col("place", v, "places"); }
        /** @param v {@link BenefitClaim#INPATIENT} or {@link BenefitClaim#OUTPATIENT} @return this */
        public Builder visits(byte[] v) { return col("visit", v, "visits"); }
        /** @param v assistance categories of the policy (1 … 63), 0 none @return this */
        public Builder categories(byte[] v) { return col("category", v, "categories"); }
        /** @param v 1 when covered by the civil-servant subsidy @return this */
        public Builder civilServants(byte[] v) { return col("civil_servant", v, "civilServants"); }
        /** @param v 0 to keep the personal account out of the claim @return this */
        public Builder useAccounts(byte[] v) { return col("use_account", v, "useAccounts"); }
        /** @param v relative whose account pays what remains (家庭共济), 0 none @return this */
        public Builder familyPayers(long[] v) { return col("family_payer", v, "familyPayers"); }

        /**
         * The bill lines with item codes.
         * @param rowOffsets n + 1 offsets into the line columns, from 0 to the line count
         * @param items item codes, one per line
         * @param quantities 4 decimals (10000 = one unit), one per line
         * @param prices unit prices in yuan, 4 decimals, one per line
         * @param amounts line amounts in fen (must match quantity × price), one per line
         * @return this
         */
        public Builder lines(long[] rowOffsets, String[] items, long[] quantities, long[] prices, long[] amounts) {
            return put("line", Lines.of(rowOffsets, items, items.length, quantities, prices, amounts, n));
        }

        /**
         * The bill lines with the policy's item ids ({@link BenefitPolicy#itemId};
         * {@link BenefitPolicy#NO_ITEM} for an item not in the catalogue).
         * @param rowOffsets n + 1 offsets into the line columns
         * @param itemIds item ids, one per line
         * @param quantities 4 decimals, one per line
         * @param prices unit prices in yuan, 4 decimals, one per line
         * @param amounts line amounts in fen, one per line
         * @return this
         */
        public Builder lineIds(long[] rowOffsets, int[] itemIds, long[] quantities, long[] prices, long[] amounts) {
            return put("line", Lines.of(rowOffsets, itemIds, itemIds.length, quantities, prices, amounts, n));
        }

        /**
         * Classes billed per line, checked against the catalogue (0 from the catalogue, 1 A, 2 B, 3 C).
         * @param perLine one per line, after {@link #lines} or {@link #lineIds}
         * @return this
         */
        public Builder itemClasses(byte[] perLine) {
            if (!(get("line") instanceof Lines l)) {
                throw new IllegalStateException("give the lines before their classes");
            }
            Columns.checkLength(perLine.length, l.count(), "itemClasses");
            return put("line", l.withClasses(perLine));
        }

        /**
         * Copies the columns into native memory.
         * @throws IllegalStateException when a required column is missing
         */
        public BenefitClaims build() {
            if (!has("claim_id") || !has("member_id") || !has("date") || !has("insured") || !has("level")
                    || !has("line")) {
                throw new IllegalStateException("claimIds, memberIds, dates, insured, levels and lines are required");
            }
            NativeYibao.YbClaimColumns c = new NativeYibao.YbClaimColumns();
            c.n = n;
            Columns mem = new Columns();
            layout(c, mem);
            return new BenefitClaims(n, ((long[]) get("claim_id")).clone(), ((long[]) get("member_id")).clone(),
                    ((int[]) get("date")).clone(), c, mem);
        }
    }

    /** The CSR line columns as given: item codes or ids, quantities, prices, amounts and optional classes. */
    private record Lines(long[] rowOffsets, Object items, long[] qty, long[] price, long[] amount, byte[] cls)
            implements BatchBuilder.Source {
        static Lines of(long[] rowOffsets, Object items, int count, long[] qty, long[] price, long[] amount, int n) {
            checkRows(rowOffsets, count, n);
            Columns.checkLength(qty.length, count, "quantities");
            Columns.checkLength(price.length, count, "prices");
            Columns.checkLength(amount.length, count, "amounts");
            return new Lines(rowOffsets, items, qty, price, amount, null);
        }

        int count() {
            return qty.length;
        }

        Lines withClasses(byte[] c) {
            return new Lines(rowOffsets, items, qty, price, amount, c);
        }

        @Override
        public void into(StructColumns<?> cols, String field) {
            // checked again now: the arrays are the caller's and C trusts the offsets
            int count = java.lang.reflect.Array.getLength(items);
            checkRows(rowOffsets, count, rowOffsets.length - 1);
            cols.in("line_row_offsets", rowOffsets);
            if (items instanceof String[] codes) {
                cols.text("item", Utf8.of(codes));
            } else {
                cols.in("item_ids", items);
            }
            cols.in("quantity", qty).in("price", price).in("amount", amount).in("item_class", cls);
        }

        // C trusts the offsets: anything inconsistent would read outside the buffers.
        private static void checkRows(long[] rowOffsets, int lines, int n) {
            if (rowOffsets.length != n + 1 || rowOffsets[0] != 0 || rowOffsets[n] != lines) {
                throw new IllegalArgumentException("lines: row offsets must be n + 1 = " + (n + 1)
                        + " values from 0 to " + lines);
            }
            for (int i = 0; i < n; i++) {
                if (rowOffsets[i + 1] < rowOffsets[i]) {
                    throw new IllegalArgumentException("lines: row offsets decrease at claim " + i);
                }
            }
        }
    }
}
