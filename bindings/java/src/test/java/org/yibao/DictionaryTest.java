package org.yibao;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Code normalisation and the interning dictionary (tests/core/test_dict.c). */
class DictionaryTest {

    @Test
    void normalisationFollowsTheDocumentedRules() {
        assertEquals("K35.800x001", Dictionary.normalize("K35.800x001"));
        assertEquals("K35.800x001", Dictionary.normalize(" k35.800X001\t")); // trim, case, extension x
        assertEquals("I10.x05", Dictionary.normalize("i10.X05"));
        assertEquals("60.5x02", Dictionary.normalize("60.5X02"));           // procedure extension
        assertEquals("X59.900", Dictionary.normalize("x59.900"));           // chapter XX code starts with X
        assertEquals("M47.101+G99.2*", Dictionary.normalize("m47.101+g99.2*"));
        assertEquals("A17.000+X01*", Dictionary.normalize("a17.000+x01*"));
        // Full-width forms (Ｋ３５．８ and an ideographic space) become ASCII.
        assertEquals("K35.8", Dictionary.normalize("Ｋ３５．８\u3000"));
        assertEquals("K35.9", Dictionary.normalize("ｋ35.9"));
        for (String bad : new String[] {"", "   ", "K35 .8", "K35.8,K36", "K35|8", "医"}) {
            YibaoException.Format e = assertThrows(YibaoException.Format.class, () -> Dictionary.normalize(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(YibaoException.Limit.class, () -> Dictionary.normalize("A".repeat(64)));
        assertEquals("A".repeat(63), Dictionary.normalize("a".repeat(63)));
    }

    @Test
    void idsAreDenseAndLookupNormalises() {
        try (Context ctx = new Context(); Dictionary d = new Dictionary(ctx)) {
            assertEquals(0, d.intern(ctx, "K35.800x001"));
            assertEquals(1, d.intern(ctx, "I10.x05"));
            assertEquals(0, d.intern(ctx, " k35.800X001 "));
            assertEquals(2, d.intern(ctx, "60.5x02"));
            assertEquals(3, d.size());
            assertEquals("I10.x05", d.code(1));
            assertThrows(IndexOutOfBoundsException.class, () -> d.code(3));
            assertThrows(IndexOutOfBoundsException.class, () -> d.code(-1));
            assertEquals(1, d.lookup("i10.X05"));
            assertEquals(Dictionary.NO_ID, d.lookup("I10.x06"));
            assertTrue(d.contains("60.5X02"));
            assertFalse(d.contains("I10.x06"));
            assertFalse(d.contains(""));
            assertThrows(YibaoException.Format.class, () -> d.lookup(""));
            YibaoException.Format e = assertThrows(YibaoException.Format.class, () -> d.intern(ctx, "K35 8"));
            assertTrue(e.detail().contains("not a valid code") && e.detail().contains("K35 8"), e.detail());
        }
    }

    @Test
    void lookupAllGivesEachCodesIdInOneCall() {
        try (Context ctx = new Context(); Dictionary d = new Dictionary(ctx)) {
            d.intern(ctx, "K35.800x001"); // 0
            d.intern(ctx, "I10.x05");     // 1
            d.intern(ctx, "60.5x02");     // 2
            // normalised like lookup(); absent → NO_ID; not a code (empty, inner space, null, 64 bytes) → INVALID_ID
            String[] codes = {"i10.X05", " k35.800X001\t", "I10.x06", "", "K35 8", null, "60.5X02", "Ｋ３５．８",
                "A".repeat(64), "I10.x05"};
            int none = Dictionary.NO_ID;
            int bad = Dictionary.INVALID_ID;
            assertArrayEquals(new int[] {1, 0, none, bad, bad, bad, 2, none, bad, 1}, d.lookupAll(codes));
            assertEquals(-2, bad);
            assertArrayEquals(new int[0], d.lookupAll());
            // the same ids as one lookup per code, over a column of 5000 codes with repeats and misses
            String[] many = new String[5000];
            for (int i = 0; i < many.length; i++) {
                many[i] = i % 7 == 0 ? "Z" + i : d.code(i % 3);
            }
            int[] ids = d.lookupAll(many);
            for (int i = 0; i < many.length; i++) {
                assertEquals(d.lookup(many[i]), ids[i], many[i]);
            }
        }
    }

    @Test
    void manyCodesSurviveGrowth() {
        try (Context ctx = new Context(); Dictionary d = new Dictionary(ctx)) {
            for (int i = 0; i < 20000; i++) {
                d.intern(ctx, String.format("%c%02d.%03dx%03d", 'A' + i % 26, i % 100, i / 100 % 1000, i % 7));
            }
            for (int id = 0; id < d.size(); id++) {
                assertEquals(id, d.lookup(d.code(id)));
            }
        }
    }

    @Test
    void closedDictionaryRefusesUse() {
        try (Context ctx = new Context()) {
            Dictionary d = new Dictionary(ctx);
            d.intern(ctx, "A01");
            d.close();
            assertThrows(IllegalStateException.class, d::size);
            assertThrows(IllegalStateException.class, () -> d.intern(ctx, "A02"));
        }
    }
}
