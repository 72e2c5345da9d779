package org.yibao;

import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * The members' annual accumulators and the journal of settled claims
 * ({@code yb_benefit_ledger}, {@code benefit.h}). Claims are settled in order
 * against it ({@link #settle}, {@link #settleOne}) and can be reversed exactly
 * ({@link #reverse}: later claims of the members concerned are settled again).
 * It saves to and loads from canonical bytes for persistence and audit.
 *
 * <p>Mutable: one thread at a time. It does not depend on a policy; each call
 * names the policy to use.
 */
public final class BenefitLedger extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /** What a settlement call does to the ledger. */
    public enum Mode {
        /** Pre-settlement (预结算): computes against the ledger, changes nothing. */
        PRE,
        /** Settlement (结算): updates the ledger and journals the claim under its id. */
        FINAL
    }

    /**
     * A member's annual accumulators (fen); see {@code yb_benefit_member}.
     *
     * @param memberId the member
     * @param year year of the accumulators, 0 before the first claim
     * @param admissions inpatient admissions settled in the year
     * @param deductibleUsed inpatient deductible paid
     * @param outpatientDeductibleUsed outpatient-pooling deductible consumed
     * @param fundPaid pooled fund paid in the year
     * @param capUsed pooled fund counted toward the annual cap
     * @param outpatientFundPaid pooled fund paid for outpatient claims
     * @param eligibleCumulative in-scope amount above deductibles
     * @param criticalIllnessCumulative amount counted toward critical illness
     * @param criticalIllnessPaid critical-illness insurance paid
     * @param assistanceCumulative residual self-pay counted toward the assistance threshold
     * @param assistancePaid medical assistance paid
     * @param accountBalance personal account balance
     */
    public record Member(long memberId, int year, int admissions, long deductibleUsed, long outpatientDeductibleUsed,
                         long fundPaid, long capUsed, long outpatientFundPaid, long eligibleCumulative,
                         long criticalIllnessCumulative, long criticalIllnessPaid, long assistanceCumulative,
                         long assistancePaid, long accountBalance) {
    }

    private BenefitLedger(Pointer p) {
        super(p, NativeYibao::yb_benefit_ledger_free, "benefit ledger");
    }

    /** An empty ledger using {@code ctx}'s allocator. */
    public static BenefitLedger create(Context ctx) {
        return new BenefitLedger(open(ctx, NativeYibao::yb_benefit_ledger_new));
    }

    /** Rebuilds a ledger from {@link #save} bytes. @throws YibaoException.Format for damaged bytes */
    public static BenefitLedger load(Context ctx, byte[] bytes) {
        return new BenefitLedger(open(ctx, (c, out) -> NativeYibao.yb_benefit_ledger_load(c, bytes, bytes.length, out)));
    }

    /** An independent copy (for what-if runs). */
    public BenefitLedger copy(Context ctx) {
        return new BenefitLedger(openFrom(ctx, (c, out) -> NativeYibao.yb_benefit_ledger_clone(c, ptr(), out)));
    }

    /** The ledger as canonical bytes: equal content gives equal bytes. */
    public byte[] save(Context ctx) {
        long[] len = new long[1];
        call(ctx, (c, p) -> NativeYibao.yb_benefit_ledger_save(c, p, null, 0, len));
        byte[] buf = new byte[Math.toIntExact(len[0])];
        call(ctx, (c, p) -> NativeYibao.yb_benefit_ledger_save(c, p, buf, buf.length, len));
        return buf;
    }

    /** Makes room for {@code members} members and {@code claims} journalled claims in total. */
    public void reserve(Context ctx, long members, long claims) {
        call(ctx, (c, p) -> NativeYibao.yb_benefit_ledger_reserve(c, p, members, claims));
    }

    /** A member's accumulators (all zeros for a member the ledger does not know). */
    public Member member(long memberId) {
        NativeYibao.YbBenefitMember m = new NativeYibao.YbBenefitMember();
        int rc = getInt(p -> NativeYibao.yb_benefit_ledger_member(p, memberId, m));
        if (rc != NativeYibao.YB_E_NOT_FOUND) {
            check(rc, "member " + memberId);
        }
        return new Member(memberId, m.year, m.admissions, m.deductible_used, m.outpatient_deductible_used,
                m.fund_paid, m.cap_used, m.outpatient_fund_paid, m.eligible_cumulative, m.critical_illness_cumulative,
                m.critical_illness_paid, m.assistance_cumulative, m.assistance_paid, m.account_balance);
    }

    /** Sets a member's accumulators (opening balances). @throws YibaoException.State while journalled claims refer to the member */
    public void putMember(Context ctx, Member m) {
        NativeYibao.YbBenefitMember s = new NativeYibao.YbBenefitMember();
        s.member_id = m.memberId();
        s.year = m.year();
        s.admissions = m.admissions();
        s.deductible_used = m.deductibleUsed();
        s.outpatient_deductible_used = m.outpatientDeductibleUsed();
        s.fund_paid = m.fundPaid();
        s.cap_used = m.capUsed();
        s.outpatient_fund_paid = m.outpatientFundPaid();
        s.eligible_cumulative = m.eligibleCumulative();
        s.critical_illness_cumulative = m.criticalIllnessCumulative();
        s.critical_illness_paid = m.criticalIllnessPaid();
        s.assistance_cumulative = m.assistanceCumulative();
        s.assistance_paid = m.assistancePaid();
        s.account_balance = m.accountBalance();
        call(ctx, (c, p) -> NativeYibao.yb_benefit_ledger_member_put(c, p, s));
    }

    /** Credits (or, negative, debits) a member's personal account. @throws YibaoException.Param when the balance would go below 0 */
    public void credit(Context ctx, long memberId, long fen) {
        call(ctx, (c, p) -> NativeYibao.yb_benefit_ledger_account_credit(c, p, memberId, fen));
    }

    /** Members with any state. */
    public long memberCount() {
        return getLong(NativeYibao::yb_benefit_ledger_member_count);
    }

    /** Settled (reversible) claims in the journal. */
    public long claimCount() {
        return getLong(NativeYibao::yb_benefit_ledger_claim_count);
    }

    /** Bytes of memory the ledger holds. */
    public long memoryBytes() {
        return getLong(NativeYibao::yb_benefit_ledger_memory);
    }

    /** Drops journal entries before the first one dated on or after {@code beforeDate}; returns how many. */
    public long compact(Context ctx, int beforeDate) {
        return call64(ctx, (c, p) -> NativeYibao.yb_benefit_ledger_compact(c, p, beforeDate));
    }

    /**
     * Settles (or pre-settles) a batch in order; each claim sees the ledger as
     * left by the ones before it. A failed row changes nothing.
     */
    public BenefitSettlements settle(Context ctx, BenefitPolicy policy, BenefitClaims claims, Mode mode) {
        StructColumns.Output<NativeYibao.YbSettlementColumns> out = BenefitSettlements.output(claims.n);
        try {
            long failed = call64(ctx, (c, p) -> NativeYibao.yb_benefit_settle_batch(c, policy.ptr(), p,
                    claims.columns(), mode.ordinal(), out.struct(), out.status()));
            return new BenefitSettlements(claims, (int) failed, out);
        } finally {
            claims.keepAlive();
            Reference.reachabilityFence(policy);
        }
    }

    /**
     * Settles (or pre-settles) one claim with its fund lines and explanation.
     * @throws YibaoException.BenefitRow when the claim is refused, with the reason
     */
    public BenefitSettlement.Adjudication settleOne(Context ctx, BenefitPolicy policy, BenefitClaim claim, Mode mode) {
        BenefitClaims one = BenefitClaims.of(List.of(claim));
        NativeYibao.YbClaimColumns c = one.columns();
        NativeYibao.YbBenefitClaim k = new NativeYibao.YbBenefitClaim();
        k.claim_id = claim.claimId();
        k.member_id = claim.memberId();
        k.date = claim.date();
        k.insured = Columns.toByte(claim.insured());
        k.level = Columns.toByte(claim.level());
        k.place = Columns.toByte(claim.place());
        k.visit = Columns.toByte(claim.visit());
        k.category = Columns.toByte(claim.category());
        k.civil_servant = (byte) (claim.civilServant() ? 1 : 0);
        k.use_account = (byte) (claim.useAccount() ? 1 : 0);
        k.family_payer = claim.familyPayer();
        k.nlines = claim.lines().size();
        k.item_data = c.item_data;
        k.item_offsets = c.item_offsets;
        k.item_class = c.item_class;
        k.quantity = c.quantity;
        k.price = c.price;
        k.amount = c.amount;
        NativeYibao.YbBenefitSettlement s = new NativeYibao.YbBenefitSettlement();
        NativeYibao.YbBenefitFundLine[] funds =
                (NativeYibao.YbBenefitFundLine[]) new NativeYibao.YbBenefitFundLine().toArray(NativeYibao.YB_BENEFIT_FUNDS);
        NativeYibao.YbBenefitStep[] steps =
                (NativeYibao.YbBenefitStep[]) new NativeYibao.YbBenefitStep().toArray(NativeYibao.YB_BENEFIT_MAX_STEPS);
        long[] nsteps = new long[1];
        try {
            call(ctx, (x, p) -> NativeYibao.yb_benefit_settle_one(x, policy.ptr(), p, k, mode.ordinal(), s, funds[0],
                    steps[0], steps.length, nsteps));
            List<BenefitSettlement.FundLine> f = new ArrayList<>();
            for (NativeYibao.YbBenefitFundLine l : funds) {
                l.read();
                f.add(new BenefitSettlement.FundLine(l.fund, l.has_limit != 0, l.base, l.limit, l.amount));
            }
            int n = (int) Math.min(nsteps[0], steps.length);
            List<BenefitSettlement.Step> st = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                NativeYibao.YbBenefitStep x = steps[i];
                x.read();
                st.add(new BenefitSettlement.Step(x.kind, x.index, x.has_limit != 0, x.fund, x.base, x.ratio, x.from,
                        x.to, x.limit, x.amount));
            }
            return new BenefitSettlement.Adjudication(BenefitSettlement.of(s), List.copyOf(f), List.copyOf(st),
                    explain(steps[0], n));
        } finally {
            one.keepAlive();
            Reference.reachabilityFence(policy);
        }
    }

    private static String explain(NativeYibao.YbBenefitStep first, int n) {
        long len = NativeYibao.yb_benefit_explain(first, n, null, 0);
        check((int) Math.max(len, Integer.MIN_VALUE), "explanation");
        byte[] buf = new byte[Math.toIntExact(len) + 1];
        NativeYibao.yb_benefit_explain(first, n, buf, buf.length);
        return new String(buf, 0, (int) len, StandardCharsets.UTF_8);
    }

    /**
     * Reverses (冲正) a settled claim and restores the accumulators exactly;
     * later claims of the members concerned are settled again with {@code policy}.
     * Atomic: on error the ledger is unchanged.
     * @throws YibaoException.BenefitRow for an unknown (or compacted) claim
     */
    public BenefitSettlement.Reversal reverse(Context ctx, BenefitPolicy policy, long claimId) {
        NativeYibao.YbBenefitSettlement r = new NativeYibao.YbBenefitSettlement();
        try {
            call64(ctx, (c, p) -> NativeYibao.yb_benefit_reverse(c, policy.ptr(), p, claimId, r));
            return new BenefitSettlement.Reversal(BenefitSettlement.of(r), replays());
        } finally {
            Reference.reachabilityFence(policy);
        }
    }

    /**
     * Reverses claims one after another.
     * @return per claim, 0 or the reason it failed
     */
    public int[] reverseAll(Context ctx, BenefitPolicy policy, long... claimIds) {
        int[] status = new int[claimIds.length];
        try {
            call64(ctx, (c, p) -> NativeYibao.yb_benefit_reverse_batch(c, policy.ptr(), p, claimIds.length, claimIds,
                    null, status));
            return status;
        } finally {
            Reference.reachabilityFence(policy);
        }
    }

    private List<BenefitSettlement.Replay> replays() {
        return items(NativeYibao::yb_benefit_ledger_replay_count, (p, i) -> {
            NativeYibao.YbBenefitSettlement before = new NativeYibao.YbBenefitSettlement();
            NativeYibao.YbBenefitSettlement after = new NativeYibao.YbBenefitSettlement();
            check(NativeYibao.yb_benefit_ledger_replay_get(p, i, before, after), "replay " + i);
            return new BenefitSettlement.Replay(BenefitSettlement.of(before), BenefitSettlement.of(after));
        });
    }
}
