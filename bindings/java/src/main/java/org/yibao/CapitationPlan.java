package org.yibao;

import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.List;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * A capitation plan ({@code yb_cap_plan}, {@code capitation.h}) loaded from a
 * {@code capitation-plan} pack: the one-pot budget of a county medical
 * alliance (医共体总额付费) or openIMIS-style facility capitation.
 *
 * <p>Immutable and shareable between threads. Its year's entries go into a
 * {@link CapitationLedger} ({@link #newLedger}), which {@link #clear} settles
 * into a {@link CapitationClearing}. Money is {@code long} fen, ratios 6
 * decimals, scores 4 decimals (a full score is {@code 100_0000}).
 */
public final class CapitationPlan extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /** How a plan pays ({@code yb_cap_mode}). */
    public enum Mode {
        /** One pot for a county alliance, cleared against spending. */
        ALLIANCE,
        /** openIMIS: weighted criterion pots paid to facilities. */
        OPENIMIS
    }

    /**
     * The budget a plan implies before any spending (alliance mode), fen
     * unless said otherwise.
     *
     * @param year plan year
     * @param enrollees enrolled persons
     * @param perCapitaBase last year's per-capita fund spending
     * @param growth growth ratio (6 decimals)
     * @param perCapita per-capita amount of the year
     * @param riskWeight Σ enrollees × coefficients (6 decimals)
     * @param riskScore average raw risk score (6 decimals)
     * @param normalisedScore average score ÷ normalisation factor (6 decimals)
     * @param gross gross budget
     * @param carveOuts sum of carve-outs
     * @param reserve risk reserve withheld
     * @param pot gross − carve-outs − reserve
     * @param advanceTotal advances planned for the year
     * @param advance planned advance of each month (index 0 = January)
     */
    public record Budget(int year, long enrollees, long perCapitaBase, long growth, long perCapita,
                         long riskWeight, long riskScore, long normalisedScore, long gross, long carveOuts,
                         long reserve, long pot, long advanceTotal, long[] advance) {
    }

    private CapitationPlan(Pointer p) {
        super(p, NativeYibao::yb_cap_plan_free, "capitation plan");
    }

    /**
     * Loads a plan; every table is checked against its checksum.
     * @param ctx the calling thread's context
     * @param pack the pack directory or its pack.json
     * @throws YibaoException with the file, line, field and value at fault
     */
    public static CapitationPlan load(Context ctx, Path pack) {
        return new CapitationPlan(open(ctx, (c, out) -> NativeYibao.yb_cap_plan_load(c, pack.toString(), out)));
    }

    /** The pack's fingerprint (64 hex digits), for audit. */
    public String fingerprint() {
        return get(NativeYibao::yb_cap_plan_fingerprint);
    }

    /** The plan's mode. */
    public Mode mode() {
        return getInt(NativeYibao::yb_cap_plan_mode) == NativeYibao.YB_CAP_MODE_OPENIMIS ? Mode.OPENIMIS
                : Mode.ALLIANCE;
    }

    /** The budget before any spending. @throws YibaoException.State for an openIMIS plan */
    public Budget budget(Context ctx) {
        NativeYibao.YbCapBudget b = new NativeYibao.YbCapBudget();
        call(ctx, (c, p) -> NativeYibao.yb_cap_plan_budget(c, p, b));
        return new Budget(b.year, b.enrollees, b.per_capita_base, b.growth, b.per_capita, b.risk_weight,
                b.risk_score, b.normalised_score, b.gross, b.carve_outs, b.reserve, b.pot, b.advance_total,
                b.advance.clone());
    }

    /** Pot codes by id (one pot when the plan does not classify; none in openIMIS mode). */
    public List<String> pots() {
        return codes(NativeYibao::yb_cap_plan_pot_count, NativeYibao::yb_cap_plan_pot_code);
    }

    /** Tier codes by id (alliance mode). */
    public List<String> tiers() {
        return codes(NativeYibao::yb_cap_plan_tier_count, NativeYibao::yb_cap_plan_tier_code);
    }

    /** Assessment item codes, in the order {@link CapitationClearing.Input#itemScores} expects. */
    public List<String> assessmentItems() {
        return codes(NativeYibao::yb_cap_plan_item_count, NativeYibao::yb_cap_plan_item_code);
    }

    /** Facility codes by id (openIMIS mode). */
    public List<String> facilities() {
        return codes(NativeYibao::yb_cap_plan_facility_count, NativeYibao::yb_cap_plan_facility_code);
    }

    /** An empty ledger of this plan's year (see {@link CapitationLedger}). */
    public CapitationLedger newLedger(Context ctx) {
        return new CapitationLedger(this, openFrom(ctx, (c, out) -> NativeYibao.yb_cap_ledger_new(c, ptr(), out)));
    }

    /**
     * Clears the plan against a ledger of it.
     * @param ctx the calling thread's context
     * @param ledger a ledger made by {@link #newLedger} of this plan
     * @param input the months cleared and the assessment scores
     * @throws YibaoException.Param for missing or out-of-range scores or months
     * @throws YibaoException.InvalidArgument for a ledger of another plan
     */
    public CapitationClearing clear(Context ctx, CapitationLedger ledger, CapitationClearing.Input input) {
        NativeYibao.YbCapClearingInput in = new NativeYibao.YbCapClearingInput();
        in.through_month = input.throughMonth();
        in.total_score = input.totalScore();
        long[] items = input.itemScores();
        int n = items == null ? 0 : items.length;
        in.n_item_scores = n;
        try (Columns mem = new Columns()) {
            new StructColumns<>(in, n).in("item_scores", items).input(mem);
            return new CapitationClearing(openFrom(ctx, (c, out) -> NativeYibao.yb_cap_clear(c, ptr(), ledger.ptr(), in,
                    out)));
        } finally {
            Reference.reachabilityFence(ledger);
        }
    }
}
