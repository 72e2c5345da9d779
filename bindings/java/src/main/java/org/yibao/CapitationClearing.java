package org.yibao;

import com.sun.jna.Pointer;
import java.util.List;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * The result of clearing a {@link CapitationPlan} against its
 * {@link CapitationLedger} ({@code yb_cap_clearing}): budget against
 * spending, surplus retained or overspend shared band by band, the tiers'
 * parts, and every step explained ({@link #steps()}, {@link #text()}).
 * Immutable; close it when done (a cleaner frees a forgotten one).
 *
 * <p>Alliance-mode identities, exact to the fen: {@code budget + fundShare +
 * allianceShare = spentTotal + retained + returned}; {@code alliancePayment =
 * spentAlliance + retained − allianceShare}; {@code fundOutlay =
 * spentOtherCounty + spentOutOfProvince + alliancePayment}.
 */
public final class CapitationClearing extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /** An id field that names nothing ({@code YB_CAP_NO_ID}). */
    public static final int NO_ID = NativeYibao.YB_CAP_NO_ID;
    /** Number of openIMIS criteria: population, families, insured persons, insured families, visits, adjusted amount. */
    public static final int CRITERIA = NativeYibao.YB_CAP_CRITERIA;

    /**
     * What a clearing needs besides plan and ledger.
     *
     * @param throughMonth clear months 1 … this; 0 means 12, the year-end clearing
     * @param itemScores achieved score of each assessment item (4 decimals), in plan order, or null
     * @param totalScore total score (4 decimals) when the plan has no items; -1 = not given
     */
    public record Input(int throughMonth, long[] itemScores, long totalScore) {
        /** The whole year with a total score (4 decimals: 95.0000 is {@code 950000}). */
        public static Input year(long totalScore) {
            return new Input(0, null, totalScore);
        }

        /** The whole year with the score of each assessment item (4 decimals). */
        public static Input yearWithItems(long... itemScores) {
            return new Input(0, itemScores.clone(), -1);
        }

        /** The whole year of a plan without assessment (openIMIS). */
        public static Input year() {
            return new Input(0, null, -1);
        }

        /** The same input for an interim clearing of months 1 … {@code month}. */
        public Input through(int month) {
            return new Input(month, itemScores, totalScore);
        }
    }

    /** Totals of the clearing, fen unless said otherwise (see {@code yb_cap_summary}). */
    public record Summary(CapitationPlan.Mode mode, int throughMonth, long score, long retentionFactor, long budget,
                          long reserve, long spentAlliance, long spentOtherCounty, long spentOutOfProvince,
                          long spentTotal, long surplus, long retained, long returned, long overspend,
                          long fundShare, long allianceShare, long reserveUsed, long reserveLeft, long advances,
                          long alliancePayment, long balanceDue, long fundOutlay, long allocated, long pot,
                          long distributed, long undistributed) {
    }

    /**
     * One explained step ({@code yb_cap_step}).
     *
     * @param kind the {@code yb_cap_step_kind} value
     * @param kindName its name, such as "overspend_band"
     * @param month 1 … 12, or 0 for the whole period
     * @param pot pot id or {@link #NO_ID}
     * @param band band index or {@link #NO_ID}
     * @param tier tier id or {@link #NO_ID}
     * @param facility facility id or {@link #NO_ID}
     * @param criterion openIMIS criterion 0 … 5, or -1
     * @param base what the step starts from (fen, or a quantity)
     * @param ratio the ratio applied (6 decimals), or 0
     * @param amount the step's result (fen; a unit price or risk weight has 6 decimals)
     * @param text the step in words
     */
    public record Step(int kind, String kindName, int month, int pot, int band, int tier, int facility,
                       int criterion, long base, long ratio, long amount, String text) {
    }

    /** Budget and result of one pot (alliance mode), fen. */
    public record PotResult(long budget, long spent, long surplus, long overspend, long retained, long fundShare) {
    }

    /** One tier's part (alliance mode), fen. */
    public record TierResult(long retained, long loss) {
    }

    /**
     * One month of an openIMIS clearing; arrays are indexed by criterion.
     *
     * @param allocated contributions allocated to the month, fen
     * @param pot allocated × share of contributions, fen
     * @param criterionPot pot × weight of each criterion, fen
     * @param totalQuantity Σ facility quantities (6 decimals)
     * @param unitPrice yuan per unit (6 decimals)
     * @param distributed paid to facilities, fen
     * @param undistributed pot − distributed, fen
     */
    public record MonthResult(long allocated, long pot, long[] criterionPot, long[] totalQuantity, long[] unitPrice,
                              long distributed, long undistributed) {
    }

    /**
     * One facility's openIMIS payment for one month; arrays are indexed by criterion.
     *
     * @param month 1 … 12
     * @param facility facility id
     * @param quantity its quantity per criterion (6 decimals)
     * @param payment its payment per criterion, fen
     * @param total sum of payment, fen
     */
    public record FacilityPayment(int month, int facility, long[] quantity, long[] payment, long total) {
    }

    CapitationClearing(Pointer p) {
        super(p, NativeYibao::yb_cap_clearing_free, "capitation clearing");
    }

    /** The totals. */
    public Summary summary() {
        NativeYibao.YbCapSummary s = fetch(new NativeYibao.YbCapSummary(), NativeYibao::yb_cap_clearing_summary,
                WHAT + "summary");
        return new Summary(s.mode == NativeYibao.YB_CAP_MODE_OPENIMIS ? CapitationPlan.Mode.OPENIMIS
                : CapitationPlan.Mode.ALLIANCE, s.through_month, s.score, s.retention_factor, s.budget,
                s.reserve, s.spent_alliance, s.spent_other_county, s.spent_out_of_province, s.spent_total,
                s.surplus, s.retained, s.returned, s.overspend, s.fund_share, s.alliance_share, s.reserve_used,
                s.reserve_left, s.advances, s.alliance_payment, s.balance_due, s.fund_outlay, s.allocated, s.pot,
                s.distributed, s.undistributed);
    }

    /** Every step, in order. */
    public List<Step> steps() {
        return items(NativeYibao::yb_cap_clearing_step_count, (p, i) -> {
            NativeYibao.YbCapStep s = new NativeYibao.YbCapStep();
            check(NativeYibao.yb_cap_clearing_step(p, i, s), WHAT + "step " + i);
            return new Step(s.kind, NativeYibao.yb_cap_step_kind_name(s.kind), s.month, s.pot, s.band, s.tier,
                    s.facility, s.criterion, s.base, s.ratio, s.amount, str(s.text));
        });
    }

    /** All steps as text, one line each. */
    public String text() {
        return get(NativeYibao::yb_cap_clearing_text);
    }

    /** Result of one pot (alliance mode). @throws YibaoException.InvalidArgument for an unknown pot */
    public PotResult pot(int pot) {
        NativeYibao.YbCapPotResult r = fetch(new NativeYibao.YbCapPotResult(),
                (p, out) -> NativeYibao.yb_cap_clearing_pot(p, pot, out), WHAT + "pot " + pot);
        return new PotResult(r.budget, r.spent, r.surplus, r.overspend, r.retained, r.fund_share);
    }

    /** Result of one tier (alliance mode). @throws YibaoException.InvalidArgument for an unknown tier */
    public TierResult tier(int tier) {
        NativeYibao.YbCapTierResult r = fetch(new NativeYibao.YbCapTierResult(),
                (p, out) -> NativeYibao.yb_cap_clearing_tier(p, tier, out), WHAT + "tier " + tier);
        return new TierResult(r.retained, r.loss);
    }

    /** One month (openIMIS mode). @throws YibaoException.InvalidArgument for an alliance clearing or a month not cleared */
    public MonthResult month(int month) {
        NativeYibao.YbCapMonthResult r = fetch(new NativeYibao.YbCapMonthResult(),
                (p, out) -> NativeYibao.yb_cap_clearing_month(p, month, out), WHAT + "month " + month);
        return new MonthResult(r.allocated, r.pot, r.criterion_pot.clone(), r.total_quantity.clone(),
                r.unit_price.clone(), r.distributed, r.undistributed);
    }

    /** The facility payments (openIMIS mode), ordered by month then facility id. */
    public List<FacilityPayment> payments() {
        return items(NativeYibao::yb_cap_clearing_payment_count, (p, i) -> {
            NativeYibao.YbCapFacilityPayment f = new NativeYibao.YbCapFacilityPayment();
            check(NativeYibao.yb_cap_clearing_payment(p, i, f), WHAT + "payment " + i);
            return new FacilityPayment(f.month, f.facility, f.quantity.clone(), f.payment.clone(), f.total);
        });
    }

    private static final String WHAT = "capitation clearing ";
}
