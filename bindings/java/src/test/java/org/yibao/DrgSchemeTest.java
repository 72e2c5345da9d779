package org.yibao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yibao.internal.NativeYibao;

/**
 * CHS-DRG grouping through the Java layer: the published CHS-DRG 1.1 cases and
 * the six hand-checked ones of tests/grouping/test_drg_11.c, and the row
 * statuses, batch forms and cancellation of tests/grouping/test_drg_input.c
 * on the "tiny" pack.
 */
class DrgSchemeTest {
    static Context ctx;
    static DrgScheme chs11;
    static DrgScheme tiny;

    @BeforeAll
    static void load(@TempDir Path tmp) {
        ctx = new Context();
        chs11 = DrgScheme.load(ctx, Fixtures.pack("chs-drg-1.1"));
        tiny = DrgScheme.load(ctx, TinyDrgPack.write(tmp.resolve("tiny")));
    }

    @AfterAll
    static void free() {
        chs11.close();
        tiny.close();
        ctx.close();
    }

    static InpatientCase tcase(int sex, int age, int ageDays, int weight, int los, int discharge, String dx, String proc) {
        return InpatientCase.builder().sex(sex).ageYears(age).ageDays(ageDays).birthWeightG(weight).losDays(los)
                .dischargeType(discharge).diagnoses(split(dx)).procedures(split(proc)).build();
    }

    static List<String> split(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split("\\|", -1));
    }

    // ---- the real CHS-DRG 1.1 pack

    @Test
    void publishedFixtureCasesMatchTheExpectedDrg() {
        List<Fixtures.Row> rows = Fixtures.chsDrg11Cases();
        assertEquals(30, rows.size());
        CaseBatch batch = CaseBatch.of(rows.stream().map(Fixtures.Row::c).collect(Collectors.toList()));
        DrgResults r = chs11.group(ctx, batch);
        assertEquals(30, r.size());
        assertEquals(0, r.failedRows());
        int withExpected = 0;
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(0, r.status(i), rows.get(i).id());
            String expected = rows.get(i).expectedDrg();
            if (expected.isEmpty()) {
                continue;
            }
            withExpected++;
            assertEquals(expected, r.drgCode(i), "case " + rows.get(i).id());
            assertEquals(expected.substring(0, 3), r.adrgCode(i)); // the ADRG is the DRG's first three characters
            // The single-case call agrees with the batch.
            DrgResult one = chs11.groupOne(ctx, rows.get(i).c());
            assertEquals(r.get(i), one);
        }
        assertEquals(24, withExpected);
    }

    @Test
    void fixtureCasesWithoutExpectedDrgFollowTheRules() {
        // Worked by hand in tests/grouping/test_drg_11.c from the README's rules and the pack's tables.
        Map<String, String[]> want = Map.of(
                "22080305", new String[] {"MDCR", "RC1", "RC19"},
                "22080446", new String[] {"MDCJ", "JD1", "JD13"},
                "22089232", new String[] {"MDCB", "BY2", "BY23"},
                "22089767", new String[] {"MDCZ", "ZJ1", "ZJ15"},
                "22091181", new String[] {"MDCZ", "ZZ1", "ZZ15"},
                "22091208", new String[] {"MDCB", "BZ1", "BZ15"});
        int seen = 0;
        for (Fixtures.Row row : Fixtures.chsDrg11Cases()) {
            String[] w = want.get(row.id());
            if (w == null) {
                continue;
            }
            seen++;
            assertEquals("", row.expectedDrg());
            DrgResult r = chs11.groupOne(ctx, row.c());
            assertArrayEquals(w, new String[] {r.mdcCode(), r.adrgCode(), r.drgCode()}, row.id());
        }
        assertEquals(6, seen);
    }

    @Test
    void schemeAccessorsNameCodesAndIds() {
        assertEquals("CHS-DRG", chs11.name());
        assertEquals("1.1", chs11.version());
        assertTrue(chs11.fingerprint().matches("[0-9a-f]{64}"));
        int br = chs11.adrgId("BR2");
        assertTrue(br >= 0);
        assertEquals("BR2", chs11.adrgCode(br));
        assertEquals("MDCB", chs11.mdcCode(chs11.adrgMdc(br)));
        int drg = chs11.drgId("BR23");
        assertEquals(br, chs11.drgAdrg(drg));
        assertEquals("0000", chs11.drgCode(chs11.ungroupableDrg()));
        assertEquals(DrgScheme.NO_ID, chs11.drgAdrg(chs11.ungroupableDrg()));
        assertEquals(DrgScheme.NO_ID, chs11.drgId("ZZ99"));
        assertEquals(DrgScheme.NO_ID, chs11.mdcId("MDC?"));
        assertNull(chs11.drgCode(DrgScheme.NO_ID));
        assertEquals(chs11.drgCodes().size(), chs11.drgCodes().stream().distinct().count());
        assertTrue(chs11.mdcCodes().contains("MDCA"));
        // Names are the pack's UTF-8 Chinese text.
        assertTrue(chs11.mdcName(chs11.mdcId("MDCB")).contains("神经"), chs11.mdcName(chs11.mdcId("MDCB")));
        assertThrows(IndexOutOfBoundsException.class, () -> chs11.drgName(chs11.drgCodes().size()));
        // The dictionaries are read-only views of the scheme's.
        Dictionary dx = chs11.diagnoses();
        int id = dx.lookup("k35.800x001");
        assertTrue(id >= 0);
        assertEquals("K35.800x001", dx.code(id));
        assertThrows(IllegalStateException.class, () -> dx.intern(ctx, "Z99.999"));
    }

    // ---- row statuses (tiny pack)

    @Test
    void eachInvalidRowGetsItsStatus() {
        Object[][] rows = {
            {"no diagnosis", tcase(1, 50, -1, -1, 5, 1, "", ""), NativeYibao.YB_E_ROW_NO_DIAGNOSIS},
            {"blank principal", tcase(1, 50, -1, -1, 5, 1, "   |K92.200", ""), NativeYibao.YB_E_ROW_NO_DIAGNOSIS},
            {"malformed principal", tcase(1, 50, -1, -1, 5, 1, "K92 200", ""), NativeYibao.YB_E_ROW_DX_CODE},
            {"malformed secondary", tcase(1, 50, -1, -1, 5, 1, "K92.200|中文", ""), NativeYibao.YB_E_ROW_DX_CODE},
            {"malformed procedure", tcase(1, 50, -1, -1, 5, 1, "K92.200", "47.09 01"), NativeYibao.YB_E_ROW_PROC_CODE},
            {"sex missing", tcase(-1, 50, -1, -1, 5, 1, "K92.200", ""), NativeYibao.YB_E_ROW_SEX},
            {"sex 3", tcase(3, 50, -1, -1, 5, 1, "K92.200", ""), NativeYibao.YB_E_ROW_SEX},
            {"age 151", tcase(1, 151, -1, -1, 5, 1, "K92.200", ""), NativeYibao.YB_E_ROW_AGE},
            {"infant without days", tcase(1, 0, -1, -1, 5, 1, "K92.200", ""), NativeYibao.YB_E_ROW_AGE_DAYS},
            {"0 years, 400 days", tcase(1, 0, 400, -1, 5, 1, "K92.200", ""), NativeYibao.YB_E_ROW_NEWBORN},
            {"newborn without weight", tcase(1, 0, 10, -1, 5, 1, "P59.900", ""), NativeYibao.YB_E_ROW_BIRTH_WEIGHT},
            {"stay 3651 days", tcase(1, 50, -1, -1, 3651, 1, "K92.200", ""), NativeYibao.YB_E_ROW_LOS},
            {"discharge 6", tcase(1, 50, -1, -1, 5, 6, "K92.200", ""), NativeYibao.YB_E_ROW_DISCHARGE},
            {"unknown principal", tcase(1, 50, -1, -1, 5, 1, "Z99.999", ""), NativeYibao.YB_E_ROW_DX_CODE},
            {"unknown principal procedure", tcase(1, 50, -1, -1, 5, 1, "K92.200", "12.3456|44.4300"),
                NativeYibao.YB_E_ROW_PROC_CODE},
            {"not allowed as principal", tcase(1, 50, -1, -1, 5, 1, "R69.x00", ""), NativeYibao.YB_E_ROW_PRINCIPAL_DX},
            {"sex and age", tcase(0, -1, -1, -1, -9, 1, "K92.200", ""), NativeYibao.YB_E_ROW_SEX},
            {"code before sex", tcase(0, 50, -1, -1, 5, 1, "K92 200", ""), NativeYibao.YB_E_ROW_DX_CODE},
        };
        List<InpatientCase> all = new ArrayList<>();
        for (Object[] row : rows) {
            InpatientCase c = (InpatientCase) row[1];
            int status = (Integer) row[2];
            all.add(c);
            YibaoException.GroupingRow e = assertThrows(YibaoException.GroupingRow.class,
                    () -> tiny.groupOne(ctx, c), (String) row[0]);
            assertEquals(status, e.status(), row[0] + ": " + e.getMessage());
            assertEquals(Yibao.statusName(status), e.statusName());
            assertTrue(e instanceof YibaoException.Row);
            // The trace says why too, and its result is the invalid ungroupable one.
            try (DrgTrace t = tiny.trace(ctx, c)) {
                assertEquals(status, t.result().status());
                assertEquals(DrgTrace.StepKind.VALIDATE, t.steps().get(0).kind());
                assertEquals(status, t.steps().get(0).outcome());
            }
        }
        // The same rows in one batch: every row has its status and the invalid ungroupable result.
        DrgResults r = tiny.group(ctx, CaseBatch.of(all));
        assertEquals(rows.length, r.failedRows());
        for (int i = 0; i < rows.length; i++) {
            assertEquals((int) (Integer) rows[i][2], r.status(i), (String) rows[i][0]);
            assertEquals("0000", r.drgCode(i));
            assertEquals(DrgScheme.NO_ID, r.mdc(i));
            assertNull(r.adrgCode(i));
            assertTrue(r.get(i).has(DrgScheme.FLAG_INVALID | DrgScheme.FLAG_UNGROUPABLE));
        }
    }

    @Test
    void rowMessagesNameTheProblem() {
        YibaoException.GroupingRow e = assertThrows(YibaoException.GroupingRow.class,
                () -> tiny.groupOne(ctx, tcase(3, 50, -1, -1, 5, 1, "K92.200", "")));
        assertEquals("YB_E_ROW_SEX", e.statusName());
        assertTrue(e.getMessage().contains("YB_E_ROW_SEX"), e.getMessage());
        assertTrue(!e.detail().isEmpty());
    }

    @Test
    void tooManyCodesFollowsTheContextOption() {
        InpatientCase c4 = tcase(1, 50, -1, -1, 5, 1, "K92.200|N18.500|E11.900|J96.000", "38.9300");
        try (Context c = new Context()) {
            assertEquals(0, tiny.groupOne(c, c4).status());
            c.setOption(Context.Option.MAX_CODES_PER_CASE, 3);
            YibaoException.GroupingRow e = assertThrows(YibaoException.GroupingRow.class, () -> tiny.groupOne(c, c4));
            assertEquals(NativeYibao.YB_E_ROW_TOO_MANY_CODES, e.status());
            // The option belongs to that context only.
            assertEquals(0, tiny.groupOne(ctx, c4).status());
        }
    }

    // ---- batch forms (tiny pack)

    /** Row 0: K92.200 + N18.500 (GR13); row 1: sex 9 (invalid); row 2: K35.800 + Z99.999, 47.0901 (GB15). */
    static CaseBatch.Builder threeRows() {
        return CaseBatch.builder(3).sex(new byte[] {1, 9, 2}).ageYears(new short[] {40, 40, 40});
    }

    @Test
    void batchReportsRowsAndKeepsGoingAsStringsOrIds() {
        CaseBatch strings = threeRows()
                .diagnoses(new String[][] {{"K92.200", "N18.500"}, {"K92.200"}, {"K35.800", "Z99.999"}})
                .procedures(List.of(List.of(), List.of(), List.of("47.0901")))
                .build();
        DrgResults r = tiny.group(ctx, strings);
        assertEquals(1, r.failedRows());
        assertArrayEquals(new int[] {0, NativeYibao.YB_E_ROW_SEX, 0}, DrgResults.toArray(r.statusColumn()));
        assertArrayEquals(new String[] {"GR13", "0000", "GB15"}, r.drgCodes());
        assertEquals(1, r.get(2).unknownDx());
        assertTrue(r.get(2).has(DrgScheme.FLAG_UNKNOWN_CODE));
        // The flat CSR form gives the same.
        CaseBatch flat = threeRows()
                .diagnoses(new long[] {0, 2, 3, 5}, new String[] {"K92.200", "N18.500", "K92.200", "K35.800", "Z99.999"})
                .procedures(new long[] {0, 0, 0, 1}, new String[] {"47.0901"})
                .build();
        assertArrayEquals(r.drgCodes(), tiny.group(ctx, flat).drgCodes());
        // As ids of the scheme's dictionaries (Z99.999 → NO_ID): same answers.
        Dictionary dx = tiny.diagnoses();
        int[] ids = dx.lookupAll("K92.200", "N18.500", "K92.200", "K35.800", "Z99.999");
        assertEquals(DrgScheme.NO_ID, ids[4]);
        assertEquals(dx.lookup("N18.500"), ids[1]);
        assertEquals(ids[0], ids[2]);
        CaseBatch byIds = threeRows().diagnosisIds(new long[] {0, 2, 3, 5}, ids)
                .procedureIds(new long[] {0, 0, 0, 1}, tiny.procedures().lookupAll("47.0901")).build();
        DrgResults r2 = tiny.group(ctx, byIds);
        assertArrayEquals(DrgResults.toArray(r.drgColumn()), DrgResults.toArray(r2.drgColumn()));
        assertArrayEquals(DrgResults.toArray(r.statusColumn()), DrgResults.toArray(r2.statusColumn()));
        assertEquals(1, r2.get(2).unknownDx());
        // An id beyond the dictionary is not a code.
        ids[3] = 5000;
        CaseBatch badId = threeRows().diagnosisIds(new long[] {0, 2, 3, 5}, ids).build();
        DrgResults r3 = tiny.group(ctx, badId);
        assertEquals(2, r3.failedRows());
        assertEquals(NativeYibao.YB_E_ROW_DX_CODE, r3.status(2));
        // The trace of a batch row gives the batch's result.
        try (DrgTrace t = tiny.trace(ctx, strings, 2)) {
            assertEquals(r.get(2), t.result());
            assertTrue(t.text().contains("GB15"), t.text());
            DrgTrace.Step last = t.steps().get(t.steps().size() - 1);
            assertEquals(DrgTrace.StepKind.RESULT, last.kind());
            assertTrue(t.steps().stream().anyMatch(s -> s.kind() == DrgTrace.StepKind.CODE
                    && s.codes().stream().anyMatch(c -> c.role() == DrgTrace.CodeRole.UNKNOWN
                    && c.code().equals("Z99.999") && !c.procedure() && c.position() == 1)), t.text());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> tiny.trace(ctx, strings, 3));
    }

    @Test
    void inconsistentColumnsAreRefusedBeforeReachingC() {
        assertThrows(IllegalArgumentException.class, () -> CaseBatch.builder(3).sex(new byte[2]));
        assertThrows(IllegalStateException.class, () -> CaseBatch.builder(3).sex(new byte[3]).build());
        assertThrows(IllegalArgumentException.class, () -> threeRows().diagnoses(new long[] {0, 3, 2, 5}, new String[5]));
        assertThrows(IllegalArgumentException.class, () -> threeRows().diagnoses(new long[] {0, 1, 2, 6}, new String[5]));
        assertThrows(IllegalArgumentException.class, () -> threeRows().diagnoses(new String[2][]));
        // An empty batch is fine.
        DrgResults none = tiny.group(ctx, CaseBatch.builder(0).sex(new byte[0]).ageYears(new short[0])
                .diagnoses(new String[0][]).build());
        assertEquals(0, none.size());
    }

    @Test
    void progressListenerCanCancel() {
        CaseBatch b = threeRows()
                .diagnoses(new String[][] {{"K92.200", "N18.500"}, {"K92.200"}, {"K35.800", "Z99.999"}}).build();
        try (Context c = new Context()) {
            c.setOption(Context.Option.PROGRESS_INTERVAL, 1);
            List<long[]> calls = new ArrayList<>();
            c.setProgressListener((done, total) -> {
                calls.add(new long[] {done, total});
                return done < 1;
            });
            YibaoException.Cancelled e = assertThrows(YibaoException.Cancelled.class, () -> tiny.group(c, b));
            assertEquals(NativeYibao.YB_E_CANCELLED, e.status());
            assertEquals(1, calls.size());
            assertArrayEquals(new long[] {1, 3}, calls.get(0));
            c.setProgressListener(null);
            assertEquals(1, tiny.group(c, b).failedRows());
        }
    }

    @Test
    void loadErrorsNameTableLineColumnAndValue(@TempDir Path tmp) {
        String adrg = TinyDrgPack.TABLES.get("adrg").replace(
                "AA1,MDCA,1,surgical,Heart transplant,principal_proc in ss\n",
                "AA1,MDCA,1,surgical,Heart transplant,principal_proc in\n");
        YibaoException.Format e = assertThrows(YibaoException.Format.class,
                () -> DrgScheme.load(ctx, TinyDrgPack.write(tmp.resolve("a"), Map.of("adrg", adrg), null)));
        assertTrue(e.file().endsWith("adrg.csv"), e.file());
        assertEquals(2, e.line());
        assertEquals(6, e.column());
        assertTrue(e.detail().contains("adrg.csv:2:6") && e.detail().contains("expected a list name"), e.detail());
        YibaoException.Pack missing = assertThrows(YibaoException.Pack.class,
                () -> DrgScheme.load(ctx, TinyDrgPack.write(tmp.resolve("b"), java.util.Collections.singletonMap("cc", null), null)));
        assertTrue(missing.detail().contains("needs the table 'cc'"), missing.detail());
        String mdc = TinyDrgPack.TABLES.get("mdc").replace("MDCX,8,", "MDCF,8,");
        YibaoException.Duplicate dup = assertThrows(YibaoException.Duplicate.class,
                () -> DrgScheme.load(ctx, TinyDrgPack.write(tmp.resolve("c"), Map.of("mdc", mdc), null)));
        assertTrue(dup.detail().contains("mdc.csv:9"), dup.detail());
        assertThrows(YibaoException.Io.class, () -> DrgScheme.load(ctx, tmp.resolve("nowhere")));
    }
}
