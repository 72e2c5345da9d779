package org.yibao;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** Test helper: writes a pack directory with correct checksums (doc/packs.md). */
final class Packs {
    private Packs() {}

    static String sha256(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes dir/pack.json with the tables (name → CSV text) and extra manifest members (raw JSON values). */
    static Path write(Path dir, Map<String, String> tables, Map<String, String> manifest) {
        try {
            Files.createDirectories(dir);
            StringBuilder t = new StringBuilder();
            for (Map.Entry<String, String> e : new TreeMap<>(tables).entrySet()) {
                byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
                Files.write(dir.resolve(e.getKey() + ".csv"), data);
                t.append(t.length() == 0 ? "" : ",").append('"').append(e.getKey()).append("\":{\"file\":\"")
                        .append(e.getKey()).append(".csv\",\"checksum\":\"").append(sha256(data)).append("\"}");
            }
            Map<String, String> m = new TreeMap<>();
            m.put("format", "\"yibao-pack/1\"");
            m.put("kind", "\"drg-scheme\"");
            m.put("name", "\"TEST\"");
            m.put("version", "\"1.0\"");
            m.put("tables", "{" + t + "}");
            m.putAll(manifest);
            StringBuilder json = new StringBuilder("{");
            m.forEach((k, v) -> json.append(json.length() == 1 ? "" : ",\n").append('"').append(k).append("\":").append(v));
            Files.writeString(dir.resolve("pack.json"), json.append("}\n"), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
