package org.yibao;

import com.sun.jna.Pointer;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * A region's DIP catalogue built from its case history ({@code yb_dip_build},
 * {@code dip.h}; spec draft ch. 3): {@link DipCatalog#build} matches every
 * case against the base catalogue, keeps the national groups that reach the
 * case threshold, forms local core groups and comprehensive groups from the
 * rest, trims and averages the costs per year, weights the years, and writes
 * the result as a {@code dip-catalog} pack overlaying the base, with
 * {@code scores.csv}. This object holds the figures of the build: its
 * {@link #summary()}, its scored {@link #groups()} and one status per
 * history row; load the written pack with {@link DipCatalog#load}.
 *
 * <p>Costs and means: a history cost is fen; means are yuan with 6 decimals;
 * scores 4 decimals ({@code m_i / M × K}); every rounding as the parameters
 * say. Close it when done (a {@link java.lang.ref.Cleaner} frees a forgotten one).
 */
public final class DipBuild extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /**
     * Summary figures of a build ({@code yb_dip_build_summary}).
     *
     * @param cases history rows
     * @param casesBad rows with a non-zero row status (left out)
     * @param casesCore cases in core groups (national or local)
     * @param casesComprehensive cases in comprehensive groups
     * @param casesUngrouped cases in no group (excluded, or below every threshold)
     * @param casesTrimmed grouped cases left out of the means by trimming
     * @param threshold the case threshold used
     * @param groupsNational active national groups
     * @param groupsLocal new local core groups
     * @param groupsComprehensive comprehensive groups
     * @param meanAll M, the weighted mean cost of all cases, yuan with 6 decimals
     * @param referenceMean the mean of the reference group (or M), yuan with 6 decimals
     */
    public record Summary(long cases, long casesBad, long casesCore, long casesComprehensive, long casesUngrouped,
                          long casesTrimmed, int threshold, int groupsNational, int groupsLocal,
                          int groupsComprehensive, long meanAll, long referenceMean) {
    }

    /**
     * One scored group of a build ({@code yb_dip_build_group}), in the order of {@code scores.csv}.
     *
     * @param code the group code
     * @param name its name
     * @param layer the layer it is matched in (4 core, 5 comprehensive, …)
     * @param primaryCare a primary-care group (基层病种)
     * @param local a new local core group, to be reviewed (spec ch. 3 §3 三(一))
     * @param cases cases in the group
     * @param casesKept cases left after trimming
     * @param meanCost m_i, the weighted mean cost, yuan with 6 decimals
     * @param score m_i / M × K, 4 decimals
     */
    public record Group(String code, String name, int layer, boolean primaryCare, boolean local, long cases,
                        long casesKept, long meanCost, long score) {
    }

    /**
     * Parameters of a build ({@code yb_dip_build_params}); a new object holds
     * the library's defaults ({@code yb_dip_build_params_init}): the 3 most
     * recent years weighted 1:2:7, costs trimmed outside 2.5 %-97.5 %, a fixed threshold of 15 cases,
     * related-procedure rule 10 %, local core groups on, K = 1000, half-up
     * rounding, pack "DIP" version "local" region "local". Setters return this.
     * Checked by the library when the build runs ({@link YibaoException.Param}
     * naming the parameter).
     */
    public static final class Params {
        private int nYears;
        private int[] years;
        private int[] yearWeights;
        private long trimLow;
        private long trimHigh;
        private int thresholdMode;
        private int thresholdCases;
        private long thresholdCoverage;
        private long relatedMinIncrease;
        private boolean newCoreGroups;
        private int comprehensiveMinCases;
        private int subtypeMinCases;
        private long scale;
        private String referenceGroup;
        private Rounding rounding;
        private String name;
        private String version;
        private String region;

        /** The library's defaults. */
        public Params() {
            NativeYibao.YbDipBuildParams d = new NativeYibao.YbDipBuildParams();
            NativeYibao.yb_dip_build_params_init(d);
            nYears = (int) d.n_years;
            trimLow = d.trim_low;
            trimHigh = d.trim_high;
            thresholdMode = d.threshold_mode;
            thresholdCases = d.threshold_cases;
            thresholdCoverage = d.threshold_coverage;
            relatedMinIncrease = d.related_min_increase;
            newCoreGroups = d.new_core_groups != 0;
            comprehensiveMinCases = d.comprehensive_min_cases;
            subtypeMinCases = d.subtype_min_cases;
            scale = d.scale;
            rounding = Arrays.stream(Rounding.values()).filter(r -> r.code == d.rounding).findFirst()
                    .orElse(Rounding.HALF_UP);
            name = str(d.name);
            version = str(d.version);
            region = str(d.region);
        }

        /** @param n the {@code n} most recent years of the history @return this */
        public Params yearCount(int n) { nYears = n; years = null; return this; }
        /** @param v the years, oldest first @return this */
        public Params years(int... v) { years = v.clone(); nYears = v.length; return this; }
        /** @param v a whole weight per year, oldest first (null: 1:2:7 for 3 years, else equal) @return this */
        public Params yearWeights(int... v) { yearWeights = v == null ? null : v.clone(); return this; }
        /**
         * Trimming percentiles per group and year, 6 decimals (25000 = 2.5 %).
         * @param low cases below are left out of the means (0 = none)
         * @param high cases above are left out (1000000 = none)
         * @return this
         */
        public Params trim(long low, long high) { trimLow = low; trimHigh = high; return this; }
        /** @param cases fixed case threshold between core and comprehensive groups @return this */
        public Params threshold(int cases) {
            thresholdMode = NativeYibao.YB_DIP_THRESHOLD_FIXED;
            thresholdCases = cases;
            return this;
        }

        /**
         * The threshold by coverage: the count at which the combinations at or
         * above it cover {@code share} of the cases.
         * @param share 6 decimals (950000 = 95 %)
         * @return this
         */
        public Params coverageThreshold(long share) {
            thresholdMode = NativeYibao.YB_DIP_THRESHOLD_COVERAGE;
            thresholdCoverage = share;
            return this;
        }

        /** @param ratio a related procedure makes its own group when it raises the mean cost this much (6 decimals) @return this */
        public Params relatedMinIncrease(long ratio) { relatedMinIncrease = ratio; return this; }
        /** @param on form local core groups from unmatched cases @return this */
        public Params newCoreGroups(boolean on) { newCoreGroups = on; return this; }
        /** @param cases a comprehensive group needs at least this many cases @return this */
        public Params comprehensiveMinCases(int cases) { comprehensiveMinCases = cases; return this; }
        /** @param cases a subtype coefficient needs this many cases (0 = the threshold) @return this */
        public Params subtypeMinCases(int cases) { subtypeMinCases = cases; return this; }
        /** @param k K in m_i / M × K, whole points @return this */
        public Params scale(long k) { scale = k; return this; }
        /** @param code a group whose score is set to K (score = m_i / m_ref × K), or null @return this */
        public Params referenceGroup(String code) { referenceGroup = code; return this; }
        /** @param mode the rounding of every step @return this */
        public Params rounding(Rounding mode) { rounding = mode; return this; }
        /** @param packName pack name @param packVersion pack version @param packRegion pack region @return this */
        public Params pack(String packName, String packVersion, String packRegion) {
            name = packName;
            version = packVersion;
            region = packRegion;
            return this;
        }

        /** @return years of history used */
        public int yearCount() { return nYears; }
        /** @return the fixed case threshold */
        public int threshold() { return thresholdCases; }
        /** @return the coverage share of the coverage threshold (6 decimals) */
        public long coverage() { return thresholdCoverage; }
        /** @return whether the threshold is by coverage */
        public boolean byCoverage() { return thresholdMode == NativeYibao.YB_DIP_THRESHOLD_COVERAGE; }
        /** @return the lower trimming percentile (6 decimals) */
        public long trimLow() { return trimLow; }
        /** @return the upper trimming percentile (6 decimals) */
        public long trimHigh() { return trimHigh; }
        /** @return the related-procedure rule (6 decimals) */
        public long relatedMinIncrease() { return relatedMinIncrease; }
        /** @return whether local core groups are formed */
        public boolean newCoreGroups() { return newCoreGroups; }
        /** @return the cases a comprehensive group needs */
        public int comprehensiveMinCases() { return comprehensiveMinCases; }
        /** @return the cases a subtype coefficient needs (0 = the threshold) */
        public int subtypeMinCases() { return subtypeMinCases; }
        /** @return K */
        public long scale() { return scale; }
        /** @return the rounding */
        public Rounding rounding() { return rounding; }
        /** @return the pack name, version and region */
        public List<String> pack() { return List.of(name, version, region); }

        /** The C struct, its arrays and strings placed in {@code mem}. */
        NativeYibao.YbDipBuildParams struct(Columns mem) {
            if (yearWeights != null && yearWeights.length != nYears) {
                throw new IllegalArgumentException("yearWeights has " + yearWeights.length + " entries for "
                        + nYears + " years");
            }
            NativeYibao.YbDipBuildParams p = new NativeYibao.YbDipBuildParams();
            p.n_years = nYears;
            p.trim_low = trimLow;
            p.trim_high = trimHigh;
            p.threshold_mode = thresholdMode;
            p.threshold_cases = thresholdCases;
            p.threshold_coverage = thresholdCoverage;
            p.related_min_increase = relatedMinIncrease;
            p.new_core_groups = newCoreGroups ? 1 : 0;
            p.comprehensive_min_cases = comprehensiveMinCases;
            p.subtype_min_cases = subtypeMinCases;
            p.scale = scale;
            p.rounding = rounding.code;
            p.reference_group = cstr(referenceGroup);
            p.name = cstr(name);
            p.version = cstr(version);
            p.region = cstr(region);
            return new StructColumns<>(p, nYears).in("years", years).in("year_weights", yearWeights).input(mem);
        }
    }

    private final int[] status;
    private final Path pack;

    private DipBuild(Pointer p, int[] status, Path pack) {
        super(p, NativeYibao::yb_dip_build_free, "DIP build");
        this.status = status;
        this.pack = pack;
    }

    /** Runs a build (see {@link DipCatalog#build}). */
    static DipBuild run(Context ctx, DipCatalog base, CaseBatch cases, long[] costFen, int[] years, Params params,
                        Path outDir) {
        int n = cases.size();
        Columns.checkLength(costFen.length, n, "costFen");
        Columns.checkLength(years.length, n, "years");
        int[] status = new int[n];
        NativeYibao.YbDipHistory h = new NativeYibao.YbDipHistory();
        h.cases = cases.columns().getPointer();
        try (Columns mem = new Columns()) {
            new StructColumns<>(h, n).in("cost", costFen).in("year", years).input(mem);
            NativeYibao.YbDipBuildParams p = params.struct(mem);
            Pointer build = base.openFrom(ctx, (c, out) -> NativeYibao.yb_dip_build_catalog(c, base.ptr(), h, p,
                    outDir.toString(), out, status));
            Reference.reachabilityFence(p);
            return new DipBuild(build, status, outDir);
        } finally {
            cases.keepAlive();
        }
    }

    /** The directory the pack was written to (load it with {@link DipCatalog#load}). */
    public Path pack() {
        return pack;
    }

    /** The status of a history row: 0, or why it was left out ({@code YB_E_ROW_COST}, {@code _YEAR}, {@code _DX_CODE}, …). */
    public int status(int row) {
        return status[row];
    }

    /** The row statuses, copied. */
    public int[] statuses() {
        return status.clone();
    }

    /** The summary figures. */
    public Summary summary() {
        NativeYibao.YbDipBuildSummary s = fetch(new NativeYibao.YbDipBuildSummary(),
                NativeYibao::yb_dip_build_get_summary, "DIP build summary");
        return new Summary(s.cases, s.cases_bad, s.cases_core, s.cases_comprehensive, s.cases_ungrouped,
                s.cases_trimmed, s.threshold, s.groups_national, s.groups_local, s.groups_comprehensive, s.mean_all,
                s.reference_mean);
    }

    /** The groups with a score, in the order of {@code scores.csv}. */
    public List<Group> groups() {
        return items(NativeYibao::yb_dip_build_group_count, (p, i) -> {
            NativeYibao.YbDipBuildGroup g = new NativeYibao.YbDipBuildGroup();
            check(NativeYibao.yb_dip_build_group_info(p, i, g), "DIP build group " + i);
            return new Group(str(g.code), str(g.name), g.kind, g.primary_care != 0, g.local != 0, g.cases,
                    g.cases_kept, g.mean_cost, g.score);
        });
    }
}
