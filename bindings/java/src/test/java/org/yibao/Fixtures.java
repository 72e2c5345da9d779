package org.yibao;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The source tree's data for the tests: packs and tests/grouping/data/fixture_cases.csv. */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        return Path.of(System.getProperty("yibao.root", "../..")).toAbsolutePath().normalize();
    }

    static Path pack(String name) {
        return root().resolve("packs").resolve(name);
    }

    /** One row of fixture_cases.csv: the case and the DRG OpenDRG published for it ("" when none). */
    record Row(String id, InpatientCase c, String expectedDrg) {
    }

    /** The 30 published CHS-DRG 1.1 cases (no quoting in that file; lists are '|'-separated). */
    static List<Row> chsDrg11Cases() {
        try {
            List<String> lines = Files.readAllLines(root().resolve("tests/grouping/data/fixture_cases.csv"),
                    StandardCharsets.UTF_8);
            List<Row> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                List<String> dx = new ArrayList<>();
                dx.add(f[7]);
                dx.addAll(list(f[8]));
                InpatientCase c = InpatientCase.builder().sex(num(f[1])).ageYears(num(f[2])).ageDays(num(f[3]))
                        .birthWeightG(num(f[4])).losDays(num(f[5])).dischargeType(num(f[6])).diagnoses(dx)
                        .procedures(list(f[9])).build();
                out.add(new Row(f[0], c, f[10]));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int num(String s) {
        return s.isEmpty() ? InpatientCase.MISSING : Integer.parseInt(s);
    }

    private static List<String> list(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\|"));
    }
}
