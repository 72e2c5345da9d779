package org.yibao;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test point-value books, as tests/points/points_fixture.c writes them: three
 * groups G1 = 1000, G2 = 2500.5, P1 = 400 (primary care), levels 1.00 / 0.85
 * / 0.70, hospitals HA/HB/HC one per level, value 10 yuan/point, ratio 0.8,
 * outliers 0.5 / 2 / 5 exclusive. Parameters are flat ("outlier.low.ratio" →
 * JSON literal) and nested into the manifest here.
 */
final class PointsFixture {
    private PointsFixture() {}

    static final String SCORES = """
            group,score,primary_care,name
            G1,1000.0000,0,ordinary group
            G2,2500.5000,0,large group
            P1,400.0000,1,primary-care group
            """;
    static final String LEVELS = "level,coefficient,name\n3,1.000000,三级\n2,0.850000,二级\n1,0.700000,一级\n";
    static final String HOSPITALS = "hospital,level,name\nHA,3,A\nHB,2,B\nHC,1,C\n";
    static final String PARAMS = "pools=\"single\"; point_value.budget.all=\"10\"; settlement.ratio.all=\"0.8\";"
            + "outlier.extreme.ratio=\"5\"; ungrouped.rule=\"cost_ratio\"; ungrouped.ratio=\"0.7\"";

    /** The usual book with more parameters ("k=v; k=v", later keys win). */
    static Path book(Path dir, String more) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("scores", SCORES);
        t.put("levels", LEVELS);
        t.put("hospitals", HOSPITALS);
        return Packs.write(dir, t, Map.of("kind", "\"points-book\"", "name", "\"test\"", "version", "\"1\"",
                "parameters", nest(PARAMS + ";" + (more == null ? "" : more))));
    }

    /** "a.b=1; a.c=2" as {"a":{"b":1,"c":2}}. */
    static String nest(String flat) {
        Map<String, Object> root = new TreeMap<>();
        for (String item : flat.split(";")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            String[] path = item.substring(0, eq).strip().split("\\.");
            Map<String, Object> at = root;
            for (int i = 0; i < path.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) at.computeIfAbsent(path[i], k -> new TreeMap<String, Object>());
                at = next;
            }
            at.put(path[path.length - 1], item.substring(eq + 1).strip());
        }
        return json(root);
    }

    private static String json(Map<String, Object> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            @SuppressWarnings("unchecked")
            String value = v instanceof Map ? json((Map<String, Object>) v) : (String) v;
            b.append('"').append(k).append("\":").append(value);
        });
        return b.append('}').toString();
    }
}
