package org.yibao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yibao.internal.NativeYibao;

/** The native layout of batches: Arrow large-utf8 strings and CSR row offsets, read back from native memory. */
class ColumnsTest {

    static String[] strings(ByteBuffer[] u, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            int from = (int) u[1].getLong(8 * i);
            int to = (int) u[1].getLong(8 * (i + 1));
            byte[] b = new byte[to - from];
            u[0].get(from, b);
            out[i] = new String(b, StandardCharsets.UTF_8);
        }
        return out;
    }

    @Test
    void utf8ColumnsHoldEveryStringBackToBack() {
        String[] in = {"K35.800x001", "", null, "中文", "x😀y", "I10.x05", "é"};
        ByteBuffer[] u = new Columns().utf8(in);
        String[] expect = {"K35.800x001", "", "", "中文", "x😀y", "I10.x05", "é"};
        assertArrayEquals(expect, strings(u, in.length));
        // offsets are cumulative UTF-8 byte lengths: 11, 0, 0, 6, 6, 7, 2
        long[] offsets = new long[in.length + 1];
        for (int i = 0; i <= in.length; i++) {
            offsets[i] = u[1].getLong(8 * i);
        }
        assertArrayEquals(new long[] {0, 11, 11, 11, 17, 23, 30, 32}, offsets);
        // A long ASCII column grows its buffer and stays exact.
        String[] many = new String[10000];
        Arrays.setAll(many, i -> "A" + i + (i % 97 == 0 ? "全角" : ""));
        assertArrayEquals(many, strings(new Columns().utf8(many), many.length));
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
