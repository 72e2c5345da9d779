package org.yibao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.internal.NativeYibao;

/**
 * The DIP catalogue builder through the Java layer, on the small history
 * worked out by hand in tests/grouping/test_dip_build.c (the same base
 * catalogue, rows and parameters; the working is repeated here).
 *
 * <p>Base catalogue: JC1 K35 + 30.0002 (laparoscopic appendectomy); JC2 J18
 * conservative; JC3 K25 conservative; template subtype AGE65 (65 years and
 * older, no coefficient). Parameters: years 2021-2023 weighted 1:2:7,
 * trimming outside 10 %-90 %, threshold 3 cases, related rule 10 %, K = 1000,
 * subtypes need 2 cases. Costs in yuan (passed in fen), age 40 unless said.
 * <pre>
 *   JC1  K35.800 + 30.0002   2021: 1000, 1200   2022: 1100
 *                            2023: 1000 1000 1100 1100 1200 1200 1300 1300 1400 9000
 *   JC2  J18.900             2021: 2000   2022: 2100, 2300 (age 70)   2023: 2200, 2400 (age 70)
 *   JC3  K25.900             2023: 500, 700            → 2 &lt; 3 cases: switched off
 *   N39.000 + 50.0001        2022: 3000   2023: 3300, 3600                  (no related procedure)
 *   N39.000 + 50.0001 + 45.0001   2023: 4000, 4000, 4200, 4200             (colonoscopy)
 *   N39.000 + 50.0001 + 45.0002   2023: 3400                               (biopsy)
 *   N39.000 + 30.0001        2021: 5000 (surgery)      N39.000 + 81.0001   2022: 800 (therapeutic)
 *   Z00.000 (excluded principal diagnosis) 2023: 100; bad rows: cost -1, year 2019, code NOPE.1
 * </pre>
 * Related rule (spec ch. 3 §1 三, table 3-3) for N39.0 + 50.0001: mean without
 * related procedures (2 × 3000 + 7 × (3300 + 3600) / 2) / 9 = 30150 / 9 = 3350;
 * with 45.0001: 4100 ≥ 3350 × 1.1 = 3685 → its own group; with 45.0002:
 * 3400 &lt; 3685 → joins the plain combination. Threshold 3: LC0001 N39.0 +
 * 50.0001 (3 + 1 cases), LC0002 N39.0 + 50.0001 + 45.0001 (4). The rest is
 * comprehensive: ZH-K25-C (2), ZH-N39-S (1), ZH-N39-T (1).
 *
 * <p>Trimming JC1 2023 (n = 10): ranks ceil(10 × 0.1) = 1 and ceil(10 × 0.9) =
 * 9 → keep 1000 … 1400, drop 9000. Every other group-year keeps all its cases.
 *
 * <p>Means in yuan with 6 decimals (per-year mean rounded, then weighted, rounded half up):
 * <pre>
 *   JC1: 2021 2200/2 = 1100; 2022 1100; 2023 10600/9 = 1177.777778;
 *        (1 × 1100 + 2 × 1100 + 7 × 1177.777778) / 10 = 11544.444446 / 10 = 1154.444445
 *   JC2: (2000 + 2 × 2200 + 7 × 2300) / 10 = 2250
 *   LC0001: 2022 3000; 2023 10300/3 = 3433.333333; (2 × 3000 + 7 × 3433.333333) / 9 = 3337.037037
 *   LC0002: 4100; ZH-K25-C: 600; ZH-N39-S: 5000; ZH-N39-T: 800
 *   M: 2021 (1000+1200+2000+5000)/4 = 2300; 2022 (1100+2100+2300+3000+800)/5 = 1860;
 *      2023 43100/20 = 2155; (2300 + 2 × 1860 + 7 × 2155) / 10 = 2110.5
 * </pre>
 * Scores m / M × 1000, 4 decimals: JC1 1154.444445 / 2110.5 × 1000 = 547.0004;
 * JC2 1066.0981; LC0001 1581.1595; LC0002 1942.6676; ZH-K25-C 284.2928;
 * ZH-N39-S 2369.1068; ZH-N39-T 379.0571. Subtype AGE65 in JC2 (2 cases):
 * (2 × 2300 + 7 × 2400) / 9 = 2377.777778; / 2250 = 1.056790.
 */
class DipBuildTest {
    /** dx, procedures ('|'-separated), year, yuan (-1: a bad cost), age. */
    record Row(String dx, String procs, int year, long yuan, int age) {
    }

    static final List<Row> HISTORY = List.of(
            new Row("K35.800", "30.0002", 2021, 1000, 40), new Row("K35.800", "30.0002", 2021, 1200, 40),
            new Row("K35.800", "30.0002", 2022, 1100, 40), new Row("K35.800", "30.0002", 2023, 1000, 40),
            new Row("K35.800", "30.0002", 2023, 1000, 40), new Row("K35.800", "30.0002", 2023, 1100, 40),
            new Row("K35.800", "30.0002", 2023, 1100, 40), new Row("K35.800", "30.0002", 2023, 1200, 40),
            new Row("K35.800", "30.0002", 2023, 1200, 40), new Row("K35.800", "30.0002", 2023, 1300, 40),
            new Row("K35.800", "30.0002", 2023, 1300, 40), new Row("K35.800", "30.0002", 2023, 1400, 40),
            new Row("K35.800", "30.0002", 2023, 9000, 40),
            new Row("J18.900", "", 2021, 2000, 40), new Row("J18.900", "", 2022, 2100, 40),
            new Row("J18.900", "", 2022, 2300, 70), new Row("J18.900", "", 2023, 2200, 40),
            new Row("J18.900", "", 2023, 2400, 70),
            new Row("K25.900", "", 2023, 500, 40), new Row("K25.900", "", 2023, 700, 40),
            new Row("N39.000", "50.0001", 2022, 3000, 40), new Row("N39.000", "50.0001", 2023, 3300, 40),
            new Row("N39.000", "50.0001", 2023, 3600, 40),
            new Row("N39.000", "50.0001|45.0001", 2023, 4000, 40), new Row("N39.000", "50.0001|45.0001", 2023, 4000, 40),
            new Row("N39.000", "50.0001|45.0001", 2023, 4200, 40), new Row("N39.000", "50.0001|45.0001", 2023, 4200, 40),
            new Row("N39.000", "50.0001|45.0002", 2023, 3400, 40),
            new Row("N39.000", "30.0001", 2021, 5000, 40), new Row("N39.000", "81.0001", 2022, 800, 40),
            new Row("Z00.000", "", 2023, 100, 40),
            new Row("J18.900", "", 2023, -1, 40),   // bad cost
            new Row("J18.900", "", 2019, 2000, 40), // year outside 2021-2023
            new Row("NOPE.1", "", 2023, 2000, 40)); // unknown code
    static final int N = HISTORY.size();

    @TempDir
    static Path tmp;
    static Context ctx;
    static Path baseDir;
    static DipCatalog base;
    static CaseBatch cases;
    static long[] cost = new long[N];
    static int[] years = new int[N];

    @BeforeAll
    static void setUp() {
        ctx = new Context();
        Map<String, String> t = new LinkedHashMap<>();
        t.put("proc_codes", "code,name,attribute\n30.0001,appendectomy,surgery\n"
                + "30.0002,laparoscopic appendectomy,surgery\n45.0001,colonoscopy,diagnostic\n45.0002,biopsy,diagnostic\n"
                + "50.0001,cystoscopic surgery,surgery\n81.0001,injection,therapeutic\n");
        t.put("dx_codes", "code,name\nK35.800,appendicitis\nJ18.900,pneumonia\nK25.900,ulcer\nN39.000,UTI\nZ00.000,exam\n");
        t.put("groups", "code,kind,seq,name,primary_care,active\nJC1,core,1,appendicitis: laparoscopic,1,1\n"
                + "JC2,core,2,pneumonia: conservative,0,1\nJC3,core,3,ulcer: conservative,0,1\n");
        t.put("rules", "group,pdx,sdx,anydx,not_pdx,not_sdx,pproc,procs,related,age_days_max,weight_min,weight_max,"
                + "attribute,source\nJC1,K35,,,,,30.0002,,,,,,,row 1\nJC2,J18,,,,,-,,,,,,,row 2\n"
                + "JC3,K25,,,,,-,,,,,,,row 3\n");
        t.put("excluded_dx", "code,name\nZ00.000,exam\n");
        t.put("subtypes", "code,group,kind,name,pdx,sdx,procs,cci_min,cci_max,severity,age_min,age_max,icu_min,icu_max,"
                + "coefficient\nAGE65,*,age,65 and older,,,,,,,65y,,,,\n");
        baseDir = Packs.write(tmp.resolve("dip-build-base"), t, Map.of("kind", "\"dip-catalog\"",
                "name", "\"DIP-test\"", "version", "\"1\"", "region", "\"sample\"",
                "parameters", "{\"match\":{\"tie_break\":\"first\"}}"));
        base = DipCatalog.load(ctx, baseDir);
        byte[] sex = new byte[N];
        short[] age = new short[N];
        String[][] dx = new String[N][];
        String[][] procs = new String[N][];
        for (int i = 0; i < N; i++) {
            Row r = HISTORY.get(i);
            sex[i] = 1;
            age[i] = (short) r.age();
            dx[i] = new String[] {r.dx()};
            procs[i] = r.procs().isEmpty() ? new String[0] : r.procs().split("\\|");
            cost[i] = r.yuan() < 0 ? -100 : r.yuan() * 100;
            years[i] = r.year();
        }
        cases = CaseBatch.builder(N).sex(sex).ageYears(age).diagnoses(dx).procedures(procs).build();
    }

    @AfterAll
    static void tearDown() {
        cases.close();
        base.close();
        ctx.close();
    }

    /** The parameters of the C suite's params(). */
    static DipBuild.Params params() {
        return new DipBuild.Params().trim(100000, 900000).threshold(3).subtypeMinCases(2)
                .pack("DIP", "local", "test-city");
    }

    static long scoreOf(DipCatalog cat, String code) {
        return cat.group(cat.groupId(code)).score();
    }

    static DipResults.Result one(DipCatalog cat, String dx, String procs, int age) {
        return cat.groupOne(ctx, InpatientCase.builder().sex(1).ageYears(age).losDays(5).dischargeType(1)
                .diagnoses(dx).procedures(procs == null ? new String[0] : procs.split("\\|")).build());
    }

    @Test
    void paramsStartAtTheDocumentedDefaults() {
        // dip.h: 3 years, trimming 2.5 % … 97.5 % (the values its fields show), FIXED 15, coverage 950000,
        // related 100000, local groups on, comprehensive 1, subtypes 0 (= the threshold), K 1000, half up,
        // "DIP" / "local" / "local"
        DipBuild.Params p = new DipBuild.Params();
        assertEquals(3, p.yearCount());
        assertEquals(25000, p.trimLow());
        assertEquals(975000, p.trimHigh());
        assertFalse(p.byCoverage());
        assertEquals(15, p.threshold());
        assertEquals(950000, p.coverage());
        assertEquals(100000, p.relatedMinIncrease());
        assertTrue(p.newCoreGroups());
        assertEquals(1, p.comprehensiveMinCases());
        assertEquals(0, p.subtypeMinCases());
        assertEquals(1000, p.scale());
        assertEquals(Rounding.HALF_UP, p.rounding());
        assertEquals(List.of("DIP", "local", "local"), p.pack());
    }

    @Test
    void handWorkedHistoryGivesTheScores() throws IOException {
        Path out = tmp.resolve("dip-build-out");
        try (DipBuild b = base.build(ctx, cases, cost, years, params(), out)) {
            assertEquals(NativeYibao.YB_E_ROW_COST, b.status(N - 3));
            assertEquals(NativeYibao.YB_E_ROW_YEAR, b.status(N - 2));
            assertEquals(NativeYibao.YB_E_ROW_DX_CODE, b.status(N - 1));
            assertEquals(0, b.status(0));
            assertEquals(out, b.pack());

            DipBuild.Summary s = b.summary();
            assertEquals(N, s.cases());
            assertEquals(3, s.casesBad());
            assertEquals(3, s.threshold());
            assertEquals(13 + 5 + 4 + 4, s.casesCore());
            assertEquals(2 + 1 + 1, s.casesComprehensive());
            assertEquals(1, s.casesUngrouped());   // Z00.000
            assertEquals(1, s.casesTrimmed());     // 9000 in JC1 2023
            assertEquals(2, s.groupsNational());   // JC1, JC2; JC3 off
            assertEquals(2, s.groupsLocal());
            assertEquals(3, s.groupsComprehensive());
            assertEquals(2110500000L, s.meanAll()); // M = 2110.5 yuan

            List<DipBuild.Group> groups = b.groups();
            assertEquals(7, groups.size());
            DipBuild.Group g = groups.get(0);
            assertEquals("JC1", g.code());
            assertEquals(13, g.cases());
            assertEquals(12, g.casesKept());
            assertEquals(1154444445L, g.meanCost());
            assertEquals(5470004, g.score());
            assertTrue(g.primaryCare());
            assertFalse(g.local());
        }

        // the pack loads, overlays the base, and carries the scores
        try (DipCatalog cat = DipCatalog.load(ctx, out)) {
            assertEquals(5470004, scoreOf(cat, "JC1"));
            assertEquals(10660981, scoreOf(cat, "JC2"));
            assertEquals(15811595, scoreOf(cat, "LC0001"));
            assertEquals(19426676, scoreOf(cat, "LC0002"));
            assertEquals(2842928, scoreOf(cat, "ZH-K25-C"));
            assertEquals(23691068, scoreOf(cat, "ZH-N39-S"));
            assertEquals(3790571, scoreOf(cat, "ZH-N39-T"));
            DipCatalog.Group jc3 = cat.group(cat.groupId("JC3"));
            assertFalse(jc3.active());
            assertEquals(-1, jc3.score()); // no score
            assertEquals("LC0002", cat.groupCode(4)); // after JC1..3 and LC0001
            assertEquals(NativeYibao.YB_DIP_LAYER_CORE, cat.group(4).layer());
            assertEquals("ZH-K25-C", cat.groupCode(5));
            // grouping with the new catalogue
            DipResults.Result r = one(cat, "N39.000", "50.0001|45.0001", 40);
            assertEquals("LC0002", r.groupCode());
            assertEquals(19426676, r.score());
            r = one(cat, "K25.900", null, 40);
            assertEquals("ZH-K25-C", r.groupCode());
            assertEquals(NativeYibao.YB_DIP_LAYER_COMPREHENSIVE, r.layer());
            // the subtype coefficient and its score: 1066.0981 × 1.056790 = 1126.64181… → 1126.6418
            r = one(cat, "J18.900", null, 80);
            assertEquals("AGE65", cat.subtypes().get(r.subtype()).code());
            assertEquals(1056790, r.subtypeCoefficient());
            assertEquals(11266418, r.subtypeScore());
        }

        // scores.csv: group,score,primary_care,name in catalogue order
        String text = Files.readString(out.resolve("scores.csv"), StandardCharsets.UTF_8);
        assertTrue(text.contains("group,score,primary_care,name\nJC1,547.0004,1,appendicitis: laparoscopic\n"
                + "JC2,1066.0981,0,pneumonia: conservative\n"), text);
        assertTrue(text.contains("LC0002,1942.6676,0,N39.0-50.0001+45.0001\n"), text);
        assertTrue(text.contains("ZH-N39-T,379.0571,0,N39 治疗性操作组\n"), text);
    }

    @Test
    void referenceGroupGetsExactlyTheScale() {
        Path out = tmp.resolve("dip-build-ref");
        base.build(ctx, cases, cost, years, params().referenceGroup("JC2"), out).close();
        try (DipCatalog cat = DipCatalog.load(ctx, out)) {
            // m / m_JC2 × 1000: JC2 1000.0000; JC1 1154.444445 / 2250 × 1000 = 513.0864
            assertEquals(10000000, scoreOf(cat, "JC2"));
            assertEquals(5130864, scoreOf(cat, "JC1"));
            assertEquals(3555556, scoreOf(cat, "ZH-N39-T")); // 800 / 2250 × 1000 = 355.5556
        }
        // JC3 is switched off: no cases
        YibaoException.NotFound e = assertThrows(YibaoException.NotFound.class, () -> base.build(ctx, cases, cost,
                years, params().referenceGroup("JC3"), tmp.resolve("dip-build-ref2")));
        assertTrue(e.getMessage().contains("JC3"), e.getMessage());
    }

    @Test
    void scale100DividesByTen() {
        Path out = tmp.resolve("dip-build-k100");
        base.build(ctx, cases, cost, years, params().scale(100), out).close();
        try (DipCatalog cat = DipCatalog.load(ctx, out)) {
            assertEquals(547000, scoreOf(cat, "JC1"));  // 54.70004… → 54.7000
            assertEquals(1066098, scoreOf(cat, "JC2")); // 106.60981… → 106.6098
        }
    }

    @Test
    void coverageThreshold() {
        // combinations of the first matching: JC1 13, N39.0 + 50.0001 8, JC2 5, JC3 2, N39.0 + 30.0001 1,
        // N39.0 + 81.0001 1 (30 cases). Cumulative 13, 21, 26, 28, 29, 30: 85 % of 30 = 25.5 is reached
        // at 26 (count 5); 90 % = 27 at 28 (count 2); 95 % = 28.5 at 29 (count 1).
        long[] coverage = {850000, 900000, 950000};
        int[] expected = {5, 2, 1};
        for (int i = 0; i < 3; i++) {
            try (DipBuild b = base.build(ctx, cases, cost, years, params().coverageThreshold(coverage[i]),
                    tmp.resolve("dip-build-cov" + i))) {
                assertEquals(expected[i], b.summary().threshold());
            }
        }
    }

    @Test
    void withoutNewCoreGroupsEverythingElseIsComprehensive() {
        try (DipBuild b = base.build(ctx, cases, cost, years, params().newCoreGroups(false),
                tmp.resolve("dip-build-nolocal"))) {
            DipBuild.Summary s = b.summary();
            assertEquals(0, s.groupsLocal());
            // K25 conservative, N39 surgery (50.0001 and 30.0001 are surgery), N39 therapeutic
            assertEquals(3, s.groupsComprehensive());
            assertEquals(2 + 9 + 1, s.casesComprehensive());
        }
    }

    @Test
    void parameterAndArgumentErrors() {
        Path out = tmp.resolve("dip-build-err");
        YibaoException.Param e = assertThrows(YibaoException.Param.class,
                () -> base.build(ctx, cases, cost, years, params().trim(950000, 900000), out));
        assertTrue(e.getMessage().contains("trim"), e.getMessage());
        // the history has 4 distinct years (2019 on one row)
        assertThrows(YibaoException.Param.class, () -> base.build(ctx, cases, cost, years, params().yearCount(5), out));
        e = assertThrows(YibaoException.Param.class,
                () -> base.build(ctx, cases, cost, years, params().years(2021, 2023, 2022), out));
        assertTrue(e.getMessage().contains("increasing"), e.getMessage());
        assertThrows(YibaoException.Param.class, () -> base.build(ctx, cases, cost, years, params().threshold(0), out));
        YibaoException.InvalidArgument a = assertThrows(YibaoException.InvalidArgument.class,
                () -> base.build(ctx, cases, cost, years, params(), baseDir));
        assertTrue(a.getMessage().contains("base"), a.getMessage());
        // Java-side: columns of another length, weights for another number of years
        assertThrows(IllegalArgumentException.class,
                () -> base.build(ctx, cases, new long[N - 1], years, params(), out));
        assertThrows(IllegalArgumentException.class,
                () -> base.build(ctx, cases, cost, years, params().yearWeights(1, 1), out));
    }

    @Test
    void explicitYearsAndWeights() {
        // equal weights over 2021-2023: JC2 (2000 + 2200 + 2300) / 3 = 2166.666667
        try (DipBuild b = base.build(ctx, cases, cost, years, params().years(2021, 2022, 2023).yearWeights(1, 1, 1),
                tmp.resolve("dip-build-w"))) {
            DipBuild.Group g = b.groups().get(1);
            assertEquals("JC2", g.code());
            assertEquals(2166666667L, g.meanCost());
        }
    }

    @Test
    void rebuildingOnABuiltCatalogueGivesTheSameScores() {
        // The first build's groups are now the base's: LC0001/LC0002 are matched as core groups, the base's
        // comprehensive groups are switched off and formed anew (ZH-K25-C exists, so the new one is ZH-K25-C2),
        // the subtype coefficient is recomputed (not listed twice). Same cases, same groups: same scores.
        Path out1 = tmp.resolve("dip-rebuild-1");
        base.build(ctx, cases, cost, years, params(), out1).close();
        Path out2 = tmp.resolve("dip-rebuild-2");
        try (DipCatalog mid = DipCatalog.load(ctx, out1);
             DipBuild b = mid.build(ctx, cases, cost, years, params(), out2)) {
            assertEquals(0, b.summary().groupsLocal());
            assertEquals(3, b.summary().groupsComprehensive());
        }
        try (DipCatalog cat = DipCatalog.load(ctx, out2)) {
            assertEquals(5470004, scoreOf(cat, "JC1"));
            assertEquals(19426676, scoreOf(cat, "LC0002"));
            assertEquals(2842928, scoreOf(cat, "ZH-K25-C2"));
            assertFalse(cat.group(cat.groupId("ZH-K25-C")).active());
            assertEquals(1, cat.subtypes().size());
            assertEquals(1056790, cat.subtypes().get(0).coefficient());
            assertEquals("AGE65", cat.subtypes().get(0).code());
        }
    }

    @Test
    void aClosedBuildRefusesUse() {
        DipBuild b = base.build(ctx, cases, cost, years, params(), tmp.resolve("dip-build-closed"));
        int[] statuses = b.statuses();
        b.close();
        assertThrows(IllegalStateException.class, b::summary);
        assertThrows(IllegalStateException.class, b::groups);
        assertArrayEquals(statuses, b.statuses()); // Java-side copy
    }
}
