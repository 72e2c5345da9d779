package org.yibao;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
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
        try {
            PointerByReference out = new PointerByReference();
            ctx.check(NativeYibao.yb_cap_plan_load(ctx.ptr(), pack.toString(), out));
            return new CapitationPlan(out.getValue());
        } finally {
            Reference.reachabilityFence(ctx);
        }
    }

    /** The pack's fingerprint (64 hex digits), for audit. */
    public String fingerprint() {
        try {
            return NativeYibao.yb_cap_plan_fingerprint(ptr());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The plan's mode. */
    public Mode mode() {
        try {
            return NativeYibao.yb_cap_plan_mode(ptr()) == NativeYibao.YB_CAP_MODE_OPENIMIS ? Mode.OPENIMIS
                    : Mode.ALLIANCE;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The budget before any spending. @throws YibaoException.State for an openIMIS plan */
    public Budget budget(Context ctx) {
        try {
            NativeYibao.YbCapBudget b = new NativeYibao.YbCapBudget();
            ctx.check(NativeYibao.yb_cap_plan_budget(ctx.ptr(), ptr(), b));
            return new Budget(b.year, b.enrollees, b.per_capita_base, b.growth, b.per_capita, b.risk_weight,
                    b.risk_score, b.normalised_score, b.gross, b.carve_outs, b.reserve, b.pot, b.advance_total,
                    b.advance.clone());
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    /** Pot codes by id (one pot when the plan does not classify; none in openIMIS mode). */
    public List<String> pots() {
        return codes(NativeYibao.yb_cap_plan_pot_count(ptr()), i -> NativeYibao.yb_cap_plan_pot_code(ptr(), i));
    }

    /** Tier codes by id (alliance mode). */
    public List<String> tiers() {
        return codes(NativeYibao.yb_cap_plan_tier_count(ptr()), i -> NativeYibao.yb_cap_plan_tier_code(ptr(), i));
    }

    /** Assessment item codes, in the order {@link CapitationClearing.Input#itemScores} expects. */
    public List<String> assessmentItems() {
        return codes(NativeYibao.yb_cap_plan_item_count(ptr()), i -> NativeYibao.yb_cap_plan_item_code(ptr(), i));
    }

    /** Facility codes by id (openIMIS mode). */
    public List<String> facilities() {
        return codes(NativeYibao.yb_cap_plan_facility_count(ptr()),
                i -> NativeYibao.yb_cap_plan_facility_code(ptr(), i));
    }

    private List<String> codes(int count, IntFunction<String> code) {
        try {
            List<String> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(code.apply(i));
            }
            return List.copyOf(out);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** An empty ledger of this plan's year (see {@link CapitationLedger}). */
    public CapitationLedger newLedger(Context ctx) {
        try {
            PointerByReference out = new PointerByReference();
            ctx.check(NativeYibao.yb_cap_ledger_new(ctx.ptr(), ptr(), out));
            return new CapitationLedger(this, out.getValue());
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
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
        try {
            NativeYibao.YbCapClearingInput in = new NativeYibao.YbCapClearingInput();
            in.through_month = input.throughMonth();
            in.total_score = input.totalScore();
            long[] items = input.itemScores();
            Memory scores = null;
            if (items != null) {
                scores = new Memory(8L * Math.max(1, items.length));
                scores.write(0, items, 0, items.length);
                in.item_scores = scores;
                in.n_item_scores = items.length;
            }
            PointerByReference out = new PointerByReference();
            ctx.check(NativeYibao.yb_cap_clear(ctx.ptr(), ptr(), ledger.ptr(), in, out));
            Reference.reachabilityFence(scores);
            return new CapitationClearing(out.getValue());
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ledger);
            Reference.reachabilityFence(ctx);
        }
    }
}
