package org.yibao;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pack inspection and its error paths, with the structured detail (tests/core/test_pack.c). */
class PackInfoTest {
    private static final Map<String, String> ITEMS = Map.of("items", "code,weight\nA01,1.5\n");

    @TempDir
    Path tmp;

    @Test
    void inspectReadsTheManifest() throws Exception {
        Path d = Packs.write(tmp.resolve("p"), Map.of("a", "x\n1\n", "b", "y\n2\n"),
                Map.of("region", "\"sample\"", "valid_from", "\"2024-01-01\"", "valid_to", "\"2024-12-31\""));
        try (Context ctx = new Context()) {
            PackInfo info = PackInfo.inspect(ctx, d, true);
            assertEquals("drg-scheme", info.kind());
            assertEquals("TEST", info.name());
            assertEquals("1.0", info.version());
            assertEquals("sample", info.region());
            assertEquals(LocalDate.of(2024, 1, 1), info.validFrom());
            assertEquals(LocalDate.of(2024, 12, 31), info.validTo());
            assertEquals(2, info.tables());
            assertTrue(info.fingerprint().matches("[0-9a-f]{64}"), info.fingerprint());
            // The pack.json path gives the same identity.
            assertEquals(info, PackInfo.inspect(ctx, d.resolve("pack.json"), false));
        }
    }

    @Test
    void openEndedValidityIsNull() {
        try (Context ctx = new Context()) {
            PackInfo info = PackInfo.inspect(ctx, Packs.write(tmp.resolve("p"), ITEMS, Map.of()), true);
            assertNull(info.validFrom());
            assertNull(info.validTo());
        }
    }

    @Test
    void fingerprintIgnoresLocationAndFollowsContent() {
        try (Context ctx = new Context()) {
            String a = PackInfo.inspect(ctx, Packs.write(tmp.resolve("a"), ITEMS, Map.of()), true).fingerprint();
            String b = PackInfo.inspect(ctx, Packs.write(tmp.resolve("b"), ITEMS, Map.of()), true).fingerprint();
            String c = PackInfo.inspect(ctx, Packs.write(tmp.resolve("c"),
                    Map.of("items", "code,weight\nA01,1.6\n"), Map.of()), true).fingerprint();
            assertEquals(a, b);
            assertNotEquals(a, c);
        }
    }

    @Test
    void changedTableIsAChecksumErrorNamingTheFile() throws Exception {
        Path d = Packs.write(tmp.resolve("p"), ITEMS, Map.of());
        Files.writeString(d.resolve("items.csv"), "code,weight\nA01,9.9\n");
        try (Context ctx = new Context()) {
            assertEquals(1, PackInfo.inspect(ctx, d, false).tables()); // the manifest alone is fine
            YibaoException.Checksum e = assertThrows(YibaoException.Checksum.class, () -> PackInfo.inspect(ctx, d, true));
            assertTrue(e instanceof YibaoException.Pack);
            assertEquals("YB_E_CHECKSUM", e.statusName());
            assertTrue(e.file().endsWith("items.csv"), e.file());
            // The expected checksum is the one the manifest holds, of the original table.
            String original = Packs.sha256("code,weight\nA01,1.5\n".getBytes()).substring("sha256:".length());
            assertTrue(e.detail().contains(original) && e.detail().contains("items.csv"), e.detail());
        }
    }

    @Test
    void missingPackIsAnIoErrorNamingTheManifest() {
        try (Context ctx = new Context()) {
            YibaoException.Io e = assertThrows(YibaoException.Io.class,
                    () -> PackInfo.inspect(ctx, tmp.resolve("nope"), true));
            assertTrue(e instanceof YibaoException.Resource);
            assertEquals(tmp.resolve("nope").resolve("pack.json").toString(), e.file());
            assertTrue(e.detail().contains("cannot open the pack manifest"), e.detail());
            assertEquals(e.info(), ctx.lastError());
        }
    }

    @Test
    void manifestErrorsNameTheKeyLineAndField() throws Exception {
        try (Context ctx = new Context()) {
            YibaoException.Pack unknown = assertThrows(YibaoException.Pack.class, () -> PackInfo.inspect(ctx,
                    Packs.write(tmp.resolve("k"), ITEMS, Map.of("colour", "\"blue\"")), true));
            assertTrue(unknown.detail().contains("colour"), unknown.detail());
            assertTrue(unknown.file().endsWith("pack.json"), unknown.file());

            YibaoException.Pack ratio = assertThrows(YibaoException.Pack.class, () -> PackInfo.inspect(ctx,
                    Packs.write(tmp.resolve("r"), ITEMS, Map.of("parameters", "{\"ratio\": 0.93}")), true));
            assertTrue(ratio.detail().contains("write it as a string"), ratio.detail());

            Path j = Packs.write(tmp.resolve("j"), ITEMS, Map.of());
            Files.writeString(j.resolve("pack.json"), "{\n  \"format\": \"yibao-pack/1\",\n  oops\n}");
            YibaoException.Pack json = assertThrows(YibaoException.Pack.class, () -> PackInfo.inspect(ctx, j, true));
            assertEquals(3, json.line());
            assertTrue(json.detail().contains("pack.json:3"), json.detail());

            Path f = Packs.write(tmp.resolve("f"), ITEMS, Map.of());
            String text = Files.readString(f.resolve("pack.json")).replace(",\n\"version\":\"1.0\"", "");
            assertTrue(!text.contains("version"), text);
            Files.writeString(f.resolve("pack.json"), text);
            YibaoException.Pack missing = assertThrows(YibaoException.Pack.class, () -> PackInfo.inspect(ctx, f, true));
            assertEquals("version", missing.field());
        }
    }

    @Test
    void unsupportedFormatIsAVersionErrorAndGbkAnEncodingError() throws Exception {
        try (Context ctx = new Context()) {
            assertThrows(YibaoException.Version.class, () -> PackInfo.inspect(ctx,
                    Packs.write(tmp.resolve("v"), ITEMS, Map.of("format", "\"yibao-pack/9\"")), true));
            Path g = Packs.write(tmp.resolve("g"), ITEMS, Map.of());
            Files.write(g.resolve("pack.json"), "{\"name\": \"北京\"}".getBytes(Charset.forName("GBK")));
            YibaoException.Encoding e = assertThrows(YibaoException.Encoding.class, () -> PackInfo.inspect(ctx, g, true));
            assertTrue(e instanceof YibaoException.Format);
        }
    }
}
