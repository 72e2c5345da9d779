package org.yibao;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * One year of settled cases of a {@link PointsBook} ({@code yb_points_year}):
 * totals per hospital, pool and month, the monthly advances (月度预付) with
 * their quality deposit, the year-end clearing (年终清算) and the evaluation
 * indices.
 *
 * <p>Mutable: one thread at a time. Hospital ids of the year are the book's,
 * then hospitals not listed in the book in order of first appearance
 * ({@link #hospitalCodes()}). It keeps its book reachable; closing the book
 * first makes the year unusable.
 */
public final class PointsYear extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /** Totals of a slice of the year (counts; points 4 decimals; money fen); see {@code yb_points_totals}. */
    public record Totals(long cases, long groupedCases, long lowCases, long highCases, long reviewCases,
                         long ungroupedCases, long ffsCases, long points, long scoreSum, long cost, long selfPay,
                         long payment, long reviewPoints, long reviewCost, long ffsCost, long ffsSelfPay,
                         long ffsPayment, long losSum, long losCases) {
    }

    /**
     * A monthly advance, one entry per hospital of the year (fen; points 4 decimals).
     *
     * @param points points of the month
     * @param gross Σ over pools of round(points × budget value)
     * @param selfPay in-scope patient payment
     * @param fundDue gross − selfPay
     * @param deposit quality deposit withheld
     * @param advance fundDue − deposit
     */
    public record Advance(long[] points, long[] gross, long[] selfPay, long[] fundDue, long[] deposit,
                          long[] advance) {
    }

    /**
     * Inputs of the year-end clearing; per-pool arrays have {@link PointsBook#poolCount()} entries, per-hospital
     * arrays {@link #hospitalCount()}. Build with {@link #clearing(long...)}.
     *
     * @param fundBudget fund budget per pool (the DIP/DRG total), fen
     * @param specialReviewPool special-review pool per pool, or null = budget × pool share
     * @param budgetValues budget value per pool for computed advances, or null = the book's
     * @param advancePaid advances paid per hospital, or null = computed for months 1 … 12
     * @param depositWithheld deposits withheld per hospital (required with advancePaid)
     * @param assessment share of the deposit returned per hospital (6 decimals), or null = all
     * @param reviewClaim approved special-review claim per hospital and pool (h × pools + p), or null
     */
    public record ClearingInput(long[] fundBudget, long[] specialReviewPool, long[] budgetValues, long[] advancePaid,
                                long[] depositWithheld, long[] assessment, long[] reviewClaim) {
        /** Only the fund budget per pool; every other input takes its default. */
        public static ClearingInput of(long... fundBudget) {
            return new ClearingInput(fundBudget.clone(), null, null, null, null, null, null);
        }

        /** The same input with the assessment results (share of the deposit returned, 6 decimals). */
        public ClearingInput withAssessment(long... perHospital) {
            return new ClearingInput(fundBudget, specialReviewPool, budgetValues, advancePaid, depositWithheld,
                    perHospital.clone(), reviewClaim);
        }

        /** The same input with the advances actually paid and deposits withheld, per hospital. */
        public ClearingInput withAdvances(long[] paid, long[] withheld) {
            return new ClearingInput(fundBudget, specialReviewPool, budgetValues, paid.clone(), withheld.clone(),
                    assessment, reviewClaim);
        }

        /** The same input with the special-review pool given per pool (fen) instead of the book's share. */
        public ClearingInput withReviewPool(long... perPool) {
            return new ClearingInput(fundBudget, perPool.clone(), budgetValues, advancePaid, depositWithheld,
                    assessment, reviewClaim);
        }

        /** The same input with the budget value per pool for the computed advances (6 decimals). */
        public ClearingInput withBudgetValues(long... perPool) {
            return new ClearingInput(fundBudget, specialReviewPool, perPool.clone(), advancePaid, depositWithheld,
                    assessment, reviewClaim);
        }

        /** The same input with approved special-review claims (hospital × pool). */
        public ClearingInput withReviewClaims(long... claims) {
            return new ClearingInput(fundBudget, specialReviewPool, budgetValues, advancePaid, depositWithheld,
                    assessment, claims.clone());
        }
    }

    /**
     * The clearing: pool arrays ({@code pool*}), hospital × pool arrays
     * ({@code hp*}, entry h × pools + p) and hospital arrays (the rest); fen,
     * points 4 decimals, point values 6. For every pool, exactly:
     * fund budget = Σ fund due + review paid + review unused + unallocated.
     */
    public record Clearing(long[] poolPointValue, long[] poolPoints, long[] poolPointsFund, long[] poolReviewPool,
                           long[] poolReviewPaid, long[] poolReviewUnused, long[] poolUnallocated, long[] hpPoints,
                           long[] hpGross, long[] hpSelfPay, long[] hpFundDue, long[] points, long[] cost,
                           long[] gross, long[] selfPay, long[] fundDue, long[] conservationAdjustment,
                           long[] corridor, long[] reviewPaid, long[] ffsFundDue, long[] advancePaid,
                           long[] depositWithheld, long[] depositForfeit, long[] totalPaid, long[] balance) {
    }

    /**
     * Evaluation indices, one entry per hospital (or one for the region).
     *
     * @param cases good cases
     * @param cmi case-mix index (4 decimals)
     * @param costIndex cost-consumption index (费用消耗指数, 4 decimals)
     * @param timeIndex time-consumption index (时间消耗指数, 4 decimals)
     * @param groupCoverage grouped ÷ cases (6 decimals)
     * @param fundCoverage fund due paid by points ÷ all fund due (6 decimals)
     */
    public record Indices(long[] cases, long[] cmi, long[] costIndex, long[] timeIndex, long[] groupCoverage,
                          long[] fundCoverage) {
    }

    private final PointsBook book;

    PointsYear(PointsBook book, Pointer p) {
        super(p, NativeYibao::yb_points_year_free, "points year");
        this.book = book;
    }

    /** The book of this year. */
    public PointsBook book() {
        return book;
    }

    private Pointer year() {
        book.ptr(); // the C year points into its book
        return ptr();
    }

    /**
     * Prices a batch like {@link PointsBook#compute} and adds every good row to
     * the year's totals (a cancelled batch keeps the rows done before).
     * @param pointValues the year's budget value per pool, or null for the book's
     */
    public PointsResults add(Context ctx, PointsCases cases, long[] pointValues) {
        PointsResults.Out out = new PointsResults.Out(cases.n);
        try {
            int failed = ctx.check(NativeYibao.yb_points_year_add_batch(ctx.ptr(), year(), cases.columns(), pointValues,
                    pointValues == null ? 0 : pointValues.length, out.struct, out.status));
            return out.results(book, failed);
        } finally {
            cases.keepAlive();
            Reference.reachabilityFence(out);
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    /** Number of hospitals of the year. */
    public int hospitalCount() {
        try {
            return NativeYibao.yb_points_year_hospital_count(year());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Hospital codes of the year by year hospital id. */
    public List<String> hospitalCodes() {
        try {
            Pointer p = year();
            int n = NativeYibao.yb_points_year_hospital_count(p);
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(NativeYibao.yb_points_year_hospital_code(p, i));
            }
            return List.copyOf(out);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Totals of a slice of the year.
     * @param hospital a year hospital id, or {@link PointsBook#NO_ID} for all
     * @param pool a pool, or -1 for all
     * @param month 1 … 12, 0 for cases without a month, or -1 for all
     */
    public Totals totals(Context ctx, int hospital, int pool, int month) {
        try {
            NativeYibao.YbPointsTotals t = new NativeYibao.YbPointsTotals();
            ctx.check(NativeYibao.yb_points_year_totals(ctx.ptr(), year(), hospital, pool, month, t));
            return new Totals(t.cases, t.grouped_cases, t.low_cases, t.high_cases, t.review_cases, t.ungrouped_cases,
                    t.ffs_cases, t.points, t.score_sum, t.cost, t.self_pay, t.payment, t.review_points, t.review_cost,
                    t.ffs_cost, t.ffs_self_pay, t.ffs_payment, t.los_sum, t.los_cases);
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    /** Totals of the whole year. */
    public Totals totals(Context ctx) {
        return totals(ctx, PointsBook.NO_ID, -1, -1);
    }

    /**
     * The monthly advance of every hospital with the quality deposit.
     * @param month 1 … 12
     * @param pointValues budget value per pool, or null for the book's
     */
    public Advance advance(Context ctx, int month, long[] pointValues) {
        try {
            int h = NativeYibao.yb_points_year_hospital_count(year());
            NativeYibao.YbPointsAdvanceResults a = new NativeYibao.YbPointsAdvanceResults();
            Memory[] m = new Memory[6];
            for (int i = 0; i < m.length; i++) {
                m[i] = out(h);
            }
            a.points = m[0];
            a.gross = m[1];
            a.self_pay = m[2];
            a.fund_due = m[3];
            a.deposit = m[4];
            a.advance = m[5];
            ctx.check(NativeYibao.yb_points_year_advance(ctx.ptr(), year(), month, pointValues,
                    pointValues == null ? 0 : pointValues.length, a));
            return new Advance(read(m[0], h), read(m[1], h), read(m[2], h), read(m[3], h), read(m[4], h),
                    read(m[5], h));
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    /** The year-end clearing of every hospital. @throws YibaoException.DivisionByZero for a pool without points */
    public Clearing clear(Context ctx, ClearingInput in) {
        try {
            int pools = book.poolCount();
            int h = NativeYibao.yb_points_year_hospital_count(year());
            NativeYibao.YbPointsClearingInput i = new NativeYibao.YbPointsClearingInput();
            i.n_pools = in.fundBudget().length;
            i.n_hospitals = h;
            Memory[] inputs = {in(in.fundBudget(), pools, "fundBudget"), in(in.specialReviewPool(), pools, "specialReviewPool"),
                in(in.budgetValues(), pools, "budgetValues"), in(in.advancePaid(), h, "advancePaid"),
                in(in.depositWithheld(), h, "depositWithheld"), in(in.assessment(), h, "assessment"),
                in(in.reviewClaim(), h * pools, "reviewClaim")};
            i.fund_budget = inputs[0];
            i.special_review_pool = inputs[1];
            i.budget_values = inputs[2];
            i.advance_paid = inputs[3];
            i.deposit_withheld = inputs[4];
            i.assessment = inputs[5];
            i.review_claim = inputs[6];
            NativeYibao.YbPointsClearingResults r = new NativeYibao.YbPointsClearingResults();
            int[] sizes = {pools, pools, pools, pools, pools, pools, pools, h * pools, h * pools, h * pools, h * pools,
                h, h, h, h, h, h, h, h, h, h, h, h, h, h};
            Memory[] m = new Memory[sizes.length];
            for (int k = 0; k < m.length; k++) {
                m[k] = out(sizes[k]);
            }
            r.pool_point_value = m[0];
            r.pool_points = m[1];
            r.pool_points_fund = m[2];
            r.pool_review_pool = m[3];
            r.pool_review_paid = m[4];
            r.pool_review_unused = m[5];
            r.pool_unallocated = m[6];
            r.hp_points = m[7];
            r.hp_gross = m[8];
            r.hp_self_pay = m[9];
            r.hp_fund_due = m[10];
            r.points = m[11];
            r.cost = m[12];
            r.gross = m[13];
            r.self_pay = m[14];
            r.fund_due = m[15];
            r.conservation_adjustment = m[16];
            r.corridor = m[17];
            r.review_paid = m[18];
            r.ffs_fund_due = m[19];
            r.advance_paid = m[20];
            r.deposit_withheld = m[21];
            r.deposit_forfeit = m[22];
            r.total_paid = m[23];
            r.balance = m[24];
            ctx.check(NativeYibao.yb_points_year_clear(ctx.ptr(), year(), i, r));
            Reference.reachabilityFence(inputs);
            long[][] a = new long[m.length][];
            for (int k = 0; k < m.length; k++) {
                a[k] = read(m[k], sizes[k]);
            }
            return new Clearing(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12],
                    a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23], a[24]);
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    /** Evaluation indices per hospital of the year. */
    public Indices hospitalIndices(Context ctx) {
        return indices(ctx, false);
    }

    /** Evaluation indices of the region (arrays of one entry). */
    public Indices regionIndices(Context ctx) {
        return indices(ctx, true);
    }

    private Indices indices(Context ctx, boolean region) {
        try {
            int n = region ? 1 : NativeYibao.yb_points_year_hospital_count(year());
            NativeYibao.YbPointsIndexResults r = new NativeYibao.YbPointsIndexResults();
            Memory[] m = new Memory[6];
            for (int i = 0; i < m.length; i++) {
                m[i] = out(n);
            }
            r.cases = m[0];
            r.cmi = m[1];
            r.cost_index = m[2];
            r.time_index = m[3];
            r.group_coverage = m[4];
            r.fund_coverage = m[5];
            ctx.check(NativeYibao.yb_points_year_indices(ctx.ptr(), year(), region ? null : r, region ? r : null));
            return new Indices(read(m[0], n), read(m[1], n), read(m[2], n), read(m[3], n), read(m[4], n),
                    read(m[5], n));
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    private static Memory out(int n) {
        Memory m = new Memory(8L * Math.max(1, n));
        m.clear();
        return m;
    }

    private static Memory in(long[] v, int expected, String what) {
        if (v == null) {
            return null;
        }
        if (v.length != expected) {
            throw new IllegalArgumentException(what + " has " + v.length + " entries, " + expected + " expected");
        }
        Memory m = out(v.length);
        m.write(0, v, 0, v.length);
        return m;
    }

    private static long[] read(Memory m, int n) {
        return n == 0 ? new long[0] : m.getLongArray(0, n);
    }
}
