package org.yibao;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yibao.internal.NativeYibao;

/**
 * DIP grouping on the national DIP 3.0 catalogue through the Java layer, with
 * the cases of tests/grouping/test_dip_national.c, each read off one row of the
 * workbook sheets (the row is named in that test).
 */
class DipCatalogTest {
    static Context ctx;
    static DipCatalog cat;

    @BeforeAll
    static void load() {
        ctx = new Context();
        cat = DipCatalog.load(ctx, Fixtures.pack("dip-3.0"));
    }

    @AfterAll
    static void free() {
        cat.close();
        ctx.close();
    }

    /** Male, 40, 5 days, routine discharge, as dip_test_case() in the C suite. */
    static InpatientCase.Builder adult(String dx, String procs) {
        return InpatientCase.builder().sex(1).ageYears(40).losDays(5).dischargeType(1)
                .diagnoses(List.of(dx.split("\\|"))).procedures(procs == null ? List.of() : List.of(procs.split("\\|")));
    }

    static String groupOf(InpatientCase c) {
        DipResults.Result r = cat.groupOne(ctx, c);
        return r.group() == DipCatalog.NONE ? "none" : r.groupCode();
    }

    @Test
    void countsMatchTheWorkbook() {
        // dip_30_catalogue/README.md: 19 pre-groups; refined 25 + 42 + 46; 127 primary-care rows; no comprehensive.
        int[] kinds = new int[6];
        int primary = 0;
        for (int g = 0; g < cat.groupCodes().size(); g++) {
            DipCatalog.Group info = cat.group(g);
            kinds[info.layer()]++;
            primary += info.primaryCare() ? 1 : 0;
        }
        assertEquals(19, kinds[NativeYibao.YB_DIP_LAYER_PRE]);
        assertEquals(25 + 42 + 46, kinds[NativeYibao.YB_DIP_LAYER_REFINED]);
        assertEquals(127, primary);
        assertEquals(0, kinds[NativeYibao.YB_DIP_LAYER_COMPREHENSIVE]);
        assertEquals(-1, cat.group(0).score()); // the national catalogue gives no scores
        assertTrue(cat.fingerprint().matches("[0-9a-f]{64}"));
        assertThrows(IndexOutOfBoundsException.class, () -> cat.group(-1));
    }

    @Test
    void workbookRowsGiveTheirGroups() {
        // base.csv row 1770: K35 + 47.0100 → 3625 (also a primary-care row); merge.csv: + 45.2302 → 918
        DipResults.Result r = cat.groupOne(ctx, adult("K35.800x001", "47.0100").build());
        assertEquals("JC3625", r.groupCode());
        assertTrue(r.has(DipCatalog.FLAG_PRIMARY_CARE));
        assertEquals("BX0918", groupOf(adult("K35.800x001", "47.0100|45.2302").build()));
        // merge.csv: I20 + stent + related IVUS → 606; without → 609
        assertEquals("BX0606", groupOf(adult("I20.000", "36.0700|00.2400x001").build()));
        assertEquals("BX0609", groupOf(adult("I20.000", "36.0700").build()));
        // tumor.csv: Z51.1 + C00-C75 + 99.2503+99.2800x006 → 1772; Z51.100 is excluded
        assertEquals("FZ1772", groupOf(adult("Z51.101|C34.100", "99.2503|99.2800x006").build()));
        DipResults.Result ex = cat.groupOne(ctx, adult("Z51.100|C34.100", "99.2503").build());
        assertEquals(DipCatalog.NONE, ex.group());
        assertNull(ex.groupCode());
        assertTrue(ex.has(DipCatalog.FLAG_EXCLUDED_DX));
        // tb.csv: resistant → 1836, not resistant → 1837
        assertEquals("FZ1836", groupOf(adult("A15.001|U84.300", null).build()));
        assertEquals("FZ1837", groupOf(adult("A15.001", null).build()));
        // pre.csv: P07, < 29 days, 1000-1499 g → 17
        assertEquals("XQ0017", groupOf(adult("P22.000|P07.100", null).ageYears(0).ageDays(3).birthWeightG(1200).build()));
        // pre.csv: ventilation from the hours (ventilation.code 96.7201) + CRRT → 13
        assertEquals("XQ0013", groupOf(adult("J96.000", "39.9500x007").ventHours(120).build()));
        // excludedProcedure.csv: gastroscopy not principal with a circulatory diagnosis → the stent (609)
        DipResults.Result shifted = cat.groupOne(ctx, adult("I20.000", "44.1300x001|36.0700").build());
        assertEquals("BX0609", shifted.groupCode());
        assertTrue(shifted.has(DipCatalog.FLAG_PRINCIPAL_SHIFTED));
        assertEquals(cat.groupId("BX0609"), shifted.group());
        assertEquals(DipCatalog.NONE, cat.groupId("NOPE"));
    }

    @Test
    void batchAgreesWithSingleCasesAndReportsBadRows() {
        List<InpatientCase> cases = new ArrayList<>();
        cases.add(adult("K35.800x001", "47.0100").build());
        cases.add(adult("I20.000", "36.0700|00.2400x001").build());
        cases.add(adult("K35.800x001", "47.0100").sex(7).build()); // bad sex
        cases.add(adult("Z51.100|C34.100", "99.2503").build());    // excluded: not grouped, not an error
        DipResults r = cat.group(ctx, CaseBatch.of(cases));
        assertEquals(1, r.failedRows());
        assertEquals(NativeYibao.YB_E_ROW_SEX, r.status(2));
        assertEquals("JC3625", r.groupCode(0));
        assertEquals("BX0606", r.groupCode(1));
        assertEquals(DipCatalog.NONE, r.group(3));
        assertTrue((r.flags(3) & DipCatalog.FLAG_UNGROUPED) != 0);
        for (int i : new int[] {0, 1, 3}) {
            assertEquals(r.get(i), cat.groupOne(ctx, cases.get(i)));
        }
        YibaoException.GroupingRow e = assertThrows(YibaoException.GroupingRow.class, () -> cat.groupOne(ctx, cases.get(2)));
        assertEquals("YB_E_ROW_SEX", e.statusName());
        // The trace explains, for a batch row and for one case.
        String t = cat.trace(ctx, CaseBatch.of(cases), 1);
        assertTrue(t.contains("BX0606"), t);
        assertEquals(t, cat.trace(ctx, cases.get(1)));
        assertFalse(cat.trace(ctx, cases.get(2)).isEmpty());
    }
}
