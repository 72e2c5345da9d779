package org.yibao;

import java.util.List;
import org.yibao.internal.NativeYibao;

/**
 * A batch of claims as columns in native memory ({@code yb_claim_columns}):
 * one entry per claim, the lines in CSR form with item codes in the Arrow
 * "large utf8" layout. Immutable once built.
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
            insured[i] = (byte) c.insured();
            level[i] = (byte) c.level();
            place[i] = (byte) c.place();
            visit[i] = (byte) c.visit();
            category[i] = (byte) c.category();
            civil[i] = (byte) (c.civilServant() ? 1 : 0);
            account[i] = (byte) (c.useAccount() ? 1 : 0);
            payer[i] = c.familyPayer();
            for (BenefitClaim.Line l : c.lines()) {
                items[k] = l.item();
                cls[k] = (byte) l.itemClass();
                qty[k] = l.quantity();
                price[k] = l.price();
                amount[k] = l.amount();
                k++;
            }
        }
        Columns mem = new Columns();
        NativeYibao.YbClaimColumns c = new NativeYibao.YbClaimColumns();
        c.n = n;
        new StructColumns<>(c, n).in("claim_id", cid).in("member_id", mid).in("date", date).in("insured", insured)
                .in("level", level).in("place", place).in("visit", visit).in("category", category)
                .in("civil_servant", civil).in("use_account", account).in("family_payer", payer)
                .in("line_row_offsets", rows).text("item", Utf8.of(items)).in("item_class", cls).in("quantity", qty)
                .in("price", price).in("amount", amount).input(mem);
        return new BenefitClaims(n, cid, mid, date, c, mem);
    }
}
