package org.yibao;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * A point-value book ({@code yb_points_book}, {@code points.h}) loaded from a
 * {@code points-book} (DIP scores) or {@code drg-book} (DRG weights, point or
 * rate method) pack: group scores, hospitals and coefficients, outlier rules,
 * published point values and clearing rules.
 *
 * <p>Immutable and shareable between threads. Grouped cases are priced with
 * {@link #compute} (or {@link #computeOne}); a year of them accumulates in a
 * {@link PointsYear} for monthly advances and the year-end clearing. Money is
 * {@code long} fen, scores and points 4 decimals, coefficients 6, point
 * values 6 (yuan per point).
 */
public final class PointsBook extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /** "No id": an ungrouped case's group, or a hospital not in the book. */
    public static final int NO_ID = NativeYibao.YB_POINTS_NO_ID;
    /** Insurance type 职工 (employees); pool 0 of a two-pool book. */
    public static final byte EMPLOYEE = (byte) NativeYibao.YB_INSURANCE_EMPLOYEE;
    /** Insurance type 城乡居民 (residents); pool 1 of a two-pool book. */
    public static final byte RESIDENT = (byte) NativeYibao.YB_INSURANCE_RESIDENT;

    /** How a book turns groups into money. */
    public enum Method {
        /** DIP scores × point value (按病种分值). */
        DIP,
        /** DRG points = RW × scale, × point value (DRG 点数法). */
        DRG_POINTS,
        /** DRG RW × base rate per insurance type (DRG 费率法). */
        DRG_RATE
    }

    /**
     * A group's entry.
     *
     * @param code the group code
     * @param score score used for points (4 decimals)
     * @param weight DRG relative weight as published (4 decimals); the score for DIP
     * @param primaryCare a primary-care group (基层病种: no hospital coefficient)
     * @param name the name, "" when none
     */
    public record Group(String code, long score, long weight, boolean primaryCare, String name) {
    }

    /**
     * A hospital's coefficient and how it was made (6 decimals).
     *
     * @param code the hospital code
     * @param level level code
     * @param name name, "" when none
     * @param baseCoefficient level base coefficient
     * @param addonCmi CMI add-on after its cap
     * @param addonChildren children-share add-on
     * @param addonElderly elderly-share add-on
     * @param addonTcm TCM-share add-on
     * @param coefficient final coefficient
     */
    public record Hospital(String code, String level, String name, long baseCoefficient, long addonCmi,
                           long addonChildren, long addonElderly, long addonTcm, long coefficient) {
    }

    private final String[] groupCodes;

    private PointsBook(Pointer p) {
        super(p, NativeYibao::yb_points_book_free, "points book");
        groupCodes = codes(p, NativeYibao::yb_points_book_group_count, NativeYibao::yb_points_book_group_code);
    }

    /**
     * Loads a book; tables are checked against their checksums.
     * @param ctx the calling thread's context
     * @param pack the pack directory or its pack.json
     * @throws YibaoException with the file, line, field and value at fault
     */
    public static PointsBook load(Context ctx, Path pack) {
        return new PointsBook(open(ctx, (c, out) -> NativeYibao.yb_points_book_load(c, pack.toString(), out)));
    }

    /** The pack's fingerprint, for audit. */
    public String fingerprint() {
        return get(NativeYibao::yb_points_book_fingerprint);
    }

    /** The book's method. */
    public Method method() {
        return Method.values()[getInt(NativeYibao::yb_points_book_method) - 1];
    }

    /** Number of point-value pools: 1, or 2 (employees, residents). */
    public int poolCount() {
        return getInt(NativeYibao::yb_points_book_pool_count);
    }

    /** The pool of an insurance type ({@link #EMPLOYEE}, {@link #RESIDENT}). @throws YibaoException.PointsRow for an unknown type */
    public int poolOf(int insurance) {
        int[] pool = new int[1];
        check(getInt(p -> NativeYibao.yb_points_book_pool_of(p, insurance, pool)), "insurance type " + insurance);
        return pool[0];
    }

    /** The budget point value (rate method: base rate) the book publishes for a pool, 6 decimals. @throws YibaoException.NotFound when it publishes none */
    public long pointValue(int pool) {
        long[] v = new long[1];
        check(getInt(p -> NativeYibao.yb_points_book_point_value(p, pool, v)), "point value of pool " + pool);
        return v[0];
    }

    /** Group codes by id. */
    public List<String> groupCodes() {
        return List.of(groupCodes);
    }

    /** Code of a group id, or null for {@link #NO_ID}. */
    public String groupCode(int id) {
        return id == NO_ID ? null : groupCodes[id];
    }

    /** Id of a group code (surrounding spaces ignored, case-sensitive), or {@link #NO_ID}. */
    public int groupId(String code) {
        return lookup(code, NativeYibao::yb_points_book_group_lookup);
    }

    /** A group's entry. @throws YibaoException.NotFound for an unknown id */
    public Group group(int id) {
        NativeYibao.YbPointsGroupInfo g = new NativeYibao.YbPointsGroupInfo();
        check(getInt(p -> NativeYibao.yb_points_book_group_info(p, id, g)), "group " + id);
        return new Group(groupCodes[id], g.score, g.weight, g.primary_care != 0, str(g.name));
    }

    /** Hospital codes by id (empty for a book without a hospitals table). */
    public List<String> hospitalCodes() {
        return codes(NativeYibao::yb_points_book_hospital_count, NativeYibao::yb_points_book_hospital_code);
    }

    /** Id of a hospital code, or {@link #NO_ID}. */
    public int hospitalId(String code) {
        return lookup(code, NativeYibao::yb_points_book_hospital_lookup);
    }

    private interface Lookup {
        int find(Pointer book, byte[] code, long len, int[] id);
    }

    private int lookup(String code, Lookup fn) {
        byte[] b = code.getBytes(StandardCharsets.UTF_8);
        int[] id = new int[1];
        return getInt(p -> fn.find(p, b, b.length, id)) == 0 ? id[0] : NO_ID;
    }

    /** A hospital's coefficient and its parts. @throws YibaoException.NotFound for an unknown id */
    public Hospital hospital(int id) {
        NativeYibao.YbPointsHospitalInfo h = new NativeYibao.YbPointsHospitalInfo();
        check(getInt(p -> NativeYibao.yb_points_book_hospital_info(p, id, h)), "hospital " + id);
        return new Hospital(get(p -> NativeYibao.yb_points_book_hospital_code(p, id)), str(h.level), str(h.name),
                h.base_coefficient, h.addon_cmi, h.addon_children, h.addon_elderly, h.addon_tcm, h.coefficient);
    }

    /** round(points × point value) to fen with the book's rounding. */
    public long payment(long points, long pointValue) {
        long[] fen = new long[1];
        check(getInt(p -> NativeYibao.yb_points_book_payment(p, points, pointValue, fen)), "payment");
        return fen[0];
    }

    // ---- cases

    /**
     * Points and payment of a batch of grouped cases ({@code yb_points_case_batch}).
     * Bad rows (group or hospital not in the book, bad cost, …) get a status; they never stop the batch.
     * @param ctx the calling thread's context
     * @param cases the cases
     * @param pointValues one value per pool (6 decimals), or null for the book's published budget values
     */
    public PointsResults compute(Context ctx, PointsCases cases, long[] pointValues) {
        StructColumns.Output<NativeYibao.YbPointsCaseResults> out = PointsResults.output(cases.n);
        try {
            int failed = call(ctx, (c, p) -> NativeYibao.yb_points_case_batch(c, p, cases.columns(), pointValues,
                    pointValues == null ? 0 : pointValues.length, out.struct(), out.status()));
            return new PointsResults(this, failed, out);
        } finally {
            cases.keepAlive();
        }
    }

    /**
     * One grouped case ({@code yb_points_case_one}).
     * @param group group code ("" or null = ungrouped)
     * @param hospital hospital code
     * @param insurance {@link #EMPLOYEE}, {@link #RESIDENT} or -1
     * @param month 1 … 12 or -1
     * @param losDays length of stay or -1
     * @param cost total cost, fen
     * @param selfPay patients' in-scope payment, fen
     * @param subtype auxiliary subtype or null
     * @param pointValues one value per pool, or null for the book's
     * @throws YibaoException.PointsRow when the case is refused (group or hospital not in the book, …)
     */
    public PointsResults.Result computeOne(Context ctx, String group, String hospital, int insurance, int month,
                                           int losDays, long cost, long selfPay, String subtype, long[] pointValues) {
        NativeYibao.YbPointsCase c = new NativeYibao.YbPointsCase();
        Memory g = cstr(group);
        Memory h = cstr(hospital);
        Memory s = cstr(subtype);
        c.group = g;
        c.hospital = h;
        c.subtype = s;
        c.insurance = Columns.toByte(insurance);
        c.month = Columns.toByte(month);
        c.los_days = losDays;
        c.cost = cost;
        c.self_pay = selfPay;
        NativeYibao.YbPointsCaseResult r = new NativeYibao.YbPointsCaseResult();
        try {
            call(ctx, (x, p) -> NativeYibao.yb_points_case_one(x, p, c, pointValues,
                    pointValues == null ? 0 : pointValues.length, r));
            return new PointsResults.Result(0, r.group_id, r.hospital_id, r.pool, PointsResults.Kind.of(r.kind),
                    r.score, r.hospital_coefficient, r.subtype_coefficient, r.standard_cost, r.cost_ratio,
                    r.deviation, r.points, r.point_value, r.payment, r.fund_due);
        } finally {
            Reference.reachabilityFence(g);
            Reference.reachabilityFence(h);
            Reference.reachabilityFence(s);
        }
    }

    /** An empty year accumulator (see {@link PointsYear}). */
    public PointsYear newYear(Context ctx) {
        return new PointsYear(this, openFrom(ctx, (c, out) -> NativeYibao.yb_points_year_new(c, ptr(), out)));
    }

    // ---- point values

    /**
     * Budget point value from history: Σ wᵧ·costᵧ ÷ Σ wᵧ·pointsᵧ, rounded once to the published decimals.
     * @param cost total cost per year, fen, oldest first
     * @param points total points per year (4 decimals), oldest first
     * @param weights one weight per year, or null for the book's {@code budget.year_weights}
     */
    public long budgetValue(Context ctx, long[] cost, long[] points, long[] weights) {
        if (cost.length != points.length || (weights != null && weights.length != cost.length)) {
            throw new IllegalArgumentException("cost, points and weights need one entry per year");
        }
        long[] v = new long[1];
        call(ctx, (c, p) -> NativeYibao.yb_points_budget_value(c, p, cost, points, cost.length, weights, v));
        return v[0];
    }

    /**
     * Settlement point value of a pool: (fund ÷ reimbursement ratio) ÷ Σ points,
     * or (fund + Σ self pay) ÷ Σ points, as the book says; rounded once.
     */
    public long settlementValue(Context ctx, int pool, long fund, long points, long selfPay) {
        long[] v = new long[1];
        call(ctx, (c, p) -> NativeYibao.yb_points_settlement_value(c, p, pool, fund, points, selfPay, v));
        return v[0];
    }

    // ---- DIP 3.0 totals (no book needed)

    /** Methods of fixing the DIP total (DIP 3.0 draft, ch. 4 §2.2). */
    public enum DipTotalMethod {
        /** 按支出项目分配. */
        BY_ITEMS,
        /** 按比例分配. */
        BY_PROPORTION,
        /** 按增长率测算. */
        BY_GROWTH
    }

    /**
     * Inputs of the DIP total (fen; ratios 6 decimals); see {@code yb_dip_total_input}.
     *
     * @param method the method
     * @param growthCapped whether {@code growthCap} applies
     * @param inpatientBudget this year's inpatient fund budget
     * @param regionalAdjustment regional adjustment fund (区域调节金)
     * @param outOfArea out-of-area care (异地就医)
     * @param otherExcluded other spending not settled by DIP
     * @param lastDipTotal last year's DIP fund paid
     * @param lastInpatientTotal last year's inpatient fund paid
     * @param growthRate growth rate (may be negative)
     * @param growthCap the largest growth allowed
     * @param incomeBudget budgeted fund income (0 = no re-basing)
     * @param incomeActual actual fund income
     */
    public record DipTotalInput(DipTotalMethod method, boolean growthCapped, long inpatientBudget,
                                long regionalAdjustment, long outOfArea, long otherExcluded, long lastDipTotal,
                                long lastInpatientTotal, long growthRate, long growthCap, long incomeBudget,
                                long incomeActual) {
    }

    /**
     * The DIP total and its steps.
     *
     * @param beforeRebase the total by the method, fen
     * @param share proportion method: last DIP ÷ last inpatient (6 decimals)
     * @param growthApplied growth method: the growth used after the cap
     * @param total after re-basing on actual income, fen
     */
    public record DipTotal(long beforeRebase, long share, long growthApplied, long total) {
    }

    /** The DIP total by one of the three methods of the DIP 3.0 draft ({@code yb_points_dip_total}). */
    public static DipTotal dipTotal(Context ctx, DipTotalInput in, Rounding rounding) {
        NativeYibao.YbDipTotalInput i = new NativeYibao.YbDipTotalInput();
        i.method = in.method().ordinal() + 1;
        i.growth_capped = in.growthCapped() ? 1 : 0;
        i.inpatient_budget = in.inpatientBudget();
        i.regional_adjustment = in.regionalAdjustment();
        i.out_of_area = in.outOfArea();
        i.other_excluded = in.otherExcluded();
        i.last_dip_total = in.lastDipTotal();
        i.last_inpatient_total = in.lastInpatientTotal();
        i.growth_rate = in.growthRate();
        i.growth_cap = in.growthCap();
        i.income_budget = in.incomeBudget();
        i.income_actual = in.incomeActual();
        NativeYibao.YbDipTotalResult r = new NativeYibao.YbDipTotalResult();
        ctx.checked(c -> NativeYibao.yb_points_dip_total(c, i, rounding.code, r));
        return new DipTotal(r.before_rebase, r.share, r.growth_applied, r.total);
    }

    /**
     * Inputs of the elastic point value (弹性点值, DIP 3.0 draft ch. 4 §3.1).
     *
     * @param decimals published decimals of the point values (0 … 6)
     * @param capped whether {@code floatingCap} applies
     * @param total regional total, fen
     * @param basePoints points of the base part (4 decimals)
     * @param incrementPoints points of the increment part (4 decimals)
     * @param fixedPointValue preset fixed value (6 decimals), or 0 to derive it from {@code baseShare}
     * @param baseShare share of the total for the base part (6 decimals)
     * @param actualPaid paid at actual cost out of the increment total, fen
     * @param floatingCap cap of the floating value (6 decimals)
     */
    public record ElasticInput(int decimals, boolean capped, long total, long basePoints, long incrementPoints,
                               long fixedPointValue, long baseShare, long actualPaid, long floatingCap) {
    }

    /**
     * Result of the elastic point value (values 6 decimals, money fen).
     *
     * @param fixedPointValue fixed value of the base part
     * @param baseTotal round(base points × fixed value)
     * @param incrementTotal total − baseTotal − actualPaid
     * @param floatingUncapped incrementTotal ÷ increment points
     * @param floatingPointValue after the cap
     * @param incrementPaid round(increment points × floating value)
     * @param incrementUnused incrementTotal − incrementPaid
     */
    public record Elastic(long fixedPointValue, long baseTotal, long incrementTotal, long floatingUncapped,
                          long floatingPointValue, long incrementPaid, long incrementUnused) {
    }

    /** Elastic point value ({@code yb_points_elastic_value}). */
    public static Elastic elasticValue(Context ctx, ElasticInput in, Rounding rounding) {
        NativeYibao.YbElasticInput i = new NativeYibao.YbElasticInput();
        i.decimals = in.decimals();
        i.capped = in.capped() ? 1 : 0;
        i.total = in.total();
        i.base_points = in.basePoints();
        i.increment_points = in.incrementPoints();
        i.fixed_point_value = in.fixedPointValue();
        i.base_share = in.baseShare();
        i.actual_paid = in.actualPaid();
        i.floating_cap = in.floatingCap();
        NativeYibao.YbElasticResult r = new NativeYibao.YbElasticResult();
        ctx.checked(c -> NativeYibao.yb_points_elastic_value(c, i, rounding.code, r));
        return new Elastic(r.fixed_point_value, r.base_total, r.increment_total, r.floating_uncapped,
                r.floating_point_value, r.increment_paid, r.increment_unused);
    }

}
