package org.yibao;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntUnaryOperator;
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
        super(p, NativeYibao::yb_points_year_free, "points year", book); // the C year points into its book
        this.book = book;
    }

    /** The book of this year. */
    public PointsBook book() {
        return book;
    }

    /**
     * Prices a batch like {@link PointsBook#compute} and adds every good row to
     * the year's totals (a cancelled batch keeps the rows done before).
     * @param pointValues the year's budget value per pool, or null for the book's
     */
    public PointsResults add(Context ctx, PointsCases cases, long[] pointValues) {
        StructColumns.Output<NativeYibao.YbPointsCaseResults> out = PointsResults.output(cases.n);
        try {
            int failed = call(ctx, (c, p) -> NativeYibao.yb_points_year_add_batch(c, p, cases.columns(),
                    pointValues, pointValues == null ? 0 : pointValues.length, out.struct(), out.status()));
            return new PointsResults(book, failed, out);
        } finally {
            cases.keepAlive();
        }
    }

    /** Number of hospitals of the year. */
    public int hospitalCount() {
        return getInt(NativeYibao::yb_points_year_hospital_count);
    }

    /** Hospital codes of the year by year hospital id. */
    public List<String> hospitalCodes() {
        return codes(NativeYibao::yb_points_year_hospital_count, NativeYibao::yb_points_year_hospital_code);
    }

    /**
     * Totals of a slice of the year.
     * @param hospital a year hospital id, or {@link PointsBook#NO_ID} for all
     * @param pool a pool, or -1 for all
     * @param month 1 … 12, 0 for cases without a month, or -1 for all
     */
    public Totals totals(Context ctx, int hospital, int pool, int month) {
        NativeYibao.YbPointsTotals t = new NativeYibao.YbPointsTotals();
        call(ctx, (c, p) -> NativeYibao.yb_points_year_totals(c, p, hospital, pool, month, t));
        return new Totals(t.cases, t.grouped_cases, t.low_cases, t.high_cases, t.review_cases, t.ungrouped_cases,
                t.ffs_cases, t.points, t.score_sum, t.cost, t.self_pay, t.payment, t.review_points, t.review_cost,
                t.ffs_cost, t.ffs_self_pay, t.ffs_payment, t.los_sum, t.los_cases);
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
        int h = hospitalCount();
        StructColumns<NativeYibao.YbPointsAdvanceResults> r = new StructColumns<>(
                new NativeYibao.YbPointsAdvanceResults(), h).zeroed()
                .out(8, "points", "gross", "self_pay", "fund_due", "deposit", "advance");
        long[][] a = run(ctx, r, k -> h, (c, p, cols) -> NativeYibao.yb_points_year_advance(c, p, month, pointValues,
                pointValues == null ? 0 : pointValues.length, cols));
        return new Advance(a[0], a[1], a[2], a[3], a[4], a[5]);
    }

    /** The year-end clearing of every hospital. @throws YibaoException.DivisionByZero for a pool without points */
    public Clearing clear(Context ctx, ClearingInput in) {
        int pools = book.poolCount();
        int h = hospitalCount();
        NativeYibao.YbPointsClearingInput i = new NativeYibao.YbPointsClearingInput();
        i.n_pools = in.fundBudget().length;
        i.n_hospitals = h;
        StructColumns<NativeYibao.YbPointsClearingInput> inputs = new StructColumns<>(i, h)
                .in("fund_budget", sized(in.fundBudget(), pools, "fundBudget"))
                .in("special_review_pool", sized(in.specialReviewPool(), pools, "specialReviewPool"))
                .in("budget_values", sized(in.budgetValues(), pools, "budgetValues"))
                .in("advance_paid", sized(in.advancePaid(), h, "advancePaid"))
                .in("deposit_withheld", sized(in.depositWithheld(), h, "depositWithheld"))
                .in("assessment", sized(in.assessment(), h, "assessment"))
                .in("review_claim", sized(in.reviewClaim(), h * pools, "reviewClaim"));
        StructColumns<NativeYibao.YbPointsClearingResults> r = new StructColumns<>(
                new NativeYibao.YbPointsClearingResults(), h).zeroed()
                .out(8L * pools, "pool_point_value", "pool_points", "pool_points_fund", "pool_review_pool",
                        "pool_review_paid", "pool_review_unused", "pool_unallocated")
                .out(8L * h * pools, "hp_points", "hp_gross", "hp_self_pay", "hp_fund_due")
                .out(8, "points", "cost", "gross", "self_pay", "fund_due", "conservation_adjustment", "corridor",
                        "review_paid", "ffs_fund_due", "advance_paid", "deposit_withheld", "deposit_forfeit",
                        "total_paid", "balance");
        try (Columns mem = new Columns()) {
            inputs.input(mem);
            long[][] a = run(ctx, r, k -> k < 7 ? pools : k < 11 ? h * pools : h,
                    (c, p, cols) -> NativeYibao.yb_points_year_clear(c, p, i, cols));
            return new Clearing(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12],
                    a[13], a[14], a[15], a[16], a[17], a[18], a[19], a[20], a[21], a[22], a[23], a[24]);
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
        int n = region ? 1 : hospitalCount();
        StructColumns<NativeYibao.YbPointsIndexResults> r = new StructColumns<>(
                new NativeYibao.YbPointsIndexResults(), n).zeroed()
                .out(8, "cases", "cmi", "cost_index", "time_index", "group_coverage", "fund_coverage");
        long[][] a = run(ctx, r, k -> n, (c, p, cols) -> NativeYibao.yb_points_year_indices(c, p, region ? null : cols,
                region ? cols : null));
        return new Indices(a[0], a[1], a[2], a[3], a[4], a[5]);
    }

    private interface YearCall<S> {
        int call(Pointer ctx, Pointer year, S results);
    }

    // Calls f with the result columns bound, then copies column k (rows(k) values) out.
    private <S extends Structure> long[][] run(Context ctx, StructColumns<S> r, IntUnaryOperator rows, YearCall<S> f) {
        try (Columns mem = new Columns()) {
            ByteBuffer[] cols = r.bind(mem);
            call(ctx, (c, p) -> f.call(c, p, r.struct()));
            long[][] out = new long[cols.length][];
            for (int k = 0; k < cols.length; k++) {
                out[k] = StructColumns.toLongs(cols[k], rows.applyAsInt(k));
            }
            return out;
        }
    }

    private static long[] sized(long[] v, int expected, String what) {
        if (v != null && v.length != expected) {
            throw new IllegalArgumentException(what + " has " + v.length + " entries, " + expected + " expected");
        }
        return v;
    }
}
