package org.yibao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yibao.internal.NativeYibao;

/** The native layout of batches: Arrow large-utf8 strings and CSR row offsets, read back from native memory. */
class ColumnsTest {

    static String[] strings(Pointer data, Pointer offsets, int n) {
        String[] out = new String[n];
        long[] off = offsets.getLongArray(0, n + 1);
        for (int i = 0; i < n; i++) {
            out[i] = new String(data.getByteArray(off[i], (int) (off[i + 1] - off[i])), StandardCharsets.UTF_8);
        }
        return out;
    }

    /** {@code in} as the group column of a points batch, in native memory. */
    static NativeYibao.YbPointsCaseColumns encoded(String[] in, Columns mem) {
        NativeYibao.YbPointsCaseColumns c = new NativeYibao.YbPointsCaseColumns();
        c.n = in.length;
        return new StructColumns<>(c, in.length).text("group", Utf8.of(in)).input(mem);
    }

    @Test
    void utf8ColumnsHoldEveryStringBackToBack() {
        String[] in = {"K35.800x001", "", null, "中文", "x😀y", "I10.x05", "é"};
        try (Columns mem = new Columns()) {
            NativeYibao.YbPointsCaseColumns c = encoded(in, mem);
            String[] expect = {"K35.800x001", "", "", "中文", "x😀y", "I10.x05", "é"};
            assertArrayEquals(expect, strings(c.group_data, c.group_offsets, in.length));
            // offsets are cumulative UTF-8 byte lengths: 11, 0, 0, 6, 6, 7, 2
            assertArrayEquals(new long[] {0, 11, 11, 11, 17, 23, 30, 32}, c.group_offsets.getLongArray(0, in.length + 1));
            assertEquals(null, c.hospital_data); // not given: NULL
        }
        // A long column grows its staging arrays and stays exact, reused or not.
        for (int round = 0; round < 3; round++) {
            String[] many = new String[10000 * (round + 1)];
            Arrays.setAll(many, i -> "A" + i + (i % 97 == 0 ? "全角" : ""));
            try (Columns mem = new Columns()) {
                NativeYibao.YbPointsCaseColumns c = encoded(many, mem);
                assertArrayEquals(many, strings(c.group_data, c.group_offsets, many.length));
            }
        }
    }

    @Test
    void closedBlocksAreReusedByTheNextBatchOfASimilarSize() {
        Columns a = new Columns();
        long first = Pointer.nativeValue(a.block(1 << 20));
        a.close();
        try (Columns b = new Columns(); Columns c = new Columns()) {
            // at most twice the request: a 256 KiB batch does not take the 1 MiB block, a 700 KiB one does
            assertNotEquals(first, Pointer.nativeValue(b.block(256 << 10)));
            assertEquals(first, Pointer.nativeValue(c.block(700 << 10)));
        }
        assertThrows(IllegalStateException.class, () -> a.block(8)); // a closed batch allocates nothing
        assertTrue(Columns.Pool.held() <= 128L << 20);
    }

    @Test
    void closedBatchesAndResultsRefuseUse() {
        try (Context ctx = new Context(); DrgScheme s = DrgScheme.load(ctx, Fixtures.pack("chs-drg-1.1"))) {
            CaseBatch b = CaseBatch.of(List.of(InpatientCase.builder().sex(1).ageYears(50).diagnoses("K35.800x001")
                    .build()));
            DrgResults r = s.group(ctx, b);
            String drg = r.drgCode(0);
            b.close();
            b.close(); // twice is fine
            assertThrows(IllegalStateException.class, () -> s.group(ctx, b));
            assertEquals(drg, r.drgCode(0)); // the results own their memory
            r.close();
            assertThrows(IllegalStateException.class, () -> r.drgCode(0));
            assertThrows(IllegalStateException.class, r::drgColumn);
            assertThrows(IllegalStateException.class, () -> r.get(0));
            assertEquals(1, r.size()); // no native memory behind it
            // closing each batch lets the next one reuse the memory
            for (int i = 0; i < 50; i++) {
                try (CaseBatch c = CaseBatch.of(List.of(InpatientCase.builder().sex(2).ageYears(30)
                        .diagnoses("K35.800x001").build())); DrgResults x = s.group(ctx, c)) {
                    assertEquals(drg, x.drgCode(0));
                }
            }
        }
    }

    @Test
    void caseBatchWritesCsrListsAndColumns() {
        CaseBatch b = CaseBatch.builder(3).sex(new byte[] {1, 2, -1}).ageYears(new short[] {40, 0, 7})
                .ageDays(new int[] {-1, 12, -1})
                .diagnoses(List.of(List.of("K35.800", "I10.x05"), List.of(), List.of("中")))
                .procedures(new String[][] {{"47.0901"}, null, {}})
                .build();
        NativeYibao.YbCaseColumns c = b.columns();
        assertEquals(3, c.n);
        assertArrayEquals(new byte[] {1, 2, -1}, c.sex.getByteArray(0, 3));
        assertArrayEquals(new short[] {40, 0, 7}, c.age_years.getShortArray(0, 3));
        assertArrayEquals(new int[] {-1, 12, -1}, c.age_days.getIntArray(0, 3));
        assertEquals(null, c.los_days); // not given: NULL, all missing
        assertArrayEquals(new long[] {0, 2, 2, 3}, c.dx_row_offsets.getLongArray(0, 4));
        assertArrayEquals(new long[] {0, 7, 14, 17}, c.dx_offsets.getLongArray(0, 4));
        assertEquals("K35.800I10.x05中", new String(c.dx_data.getByteArray(0, 17), StandardCharsets.UTF_8));
        assertArrayEquals(new long[] {0, 1, 1, 1}, c.proc_row_offsets.getLongArray(0, 4));
        assertEquals(null, c.dx_ids);
        Pointer reserved = c.reserved[0];
        assertEquals(null, reserved);
    }
}
