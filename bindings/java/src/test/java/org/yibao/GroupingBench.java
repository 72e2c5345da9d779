package org.yibao;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.yibao.internal.NativeYibao;

/**
 * Java batch grouping against the same batch grouped by C, in one run.
 *
 * <pre>
 *   GroupingBench [--scheme packs/chs-drg-1.1] [--book packs/harbin-drg-2024] [--cases 200000] [--reps 7]
 *                 [--seed 20240611] [--policy packs/sample-benefit] [--claims 100000]
 * </pre>
 *
 * Cases are synthetic, drawn reproducibly from the scheme's own code
 * dictionaries (sex, age with newborns and infants, 1–8 diagnoses, about
 * half with procedures). Lines:
 * <ul>
 * <li>C: {@code yb_drg_group_batch} on columns already in native memory,
 *     called through the generated layer (one JNA call per batch) — the C work;</li>
 * <li>Java, prebuilt batch: {@link DrgScheme#group} on the same {@link CaseBatch}
 *     (output buffers, result object);</li>
 * <li>Java, from String lists: building the {@link CaseBatch} from Java
 *     columns ({@code List<List<String>>} codes, primitive arrays), grouping,
 *     and mapping every DRG id to its code string;</li>
 * <li>Java, from records: the same from a {@code List<InpatientCase>}.</li>
 * </ul>
 * The Java lines close their batches and results (try-with-resources), as a
 * loop over chunks of a large file would, so native memory is reused.
 * The lines of one part are timed in turn, repetition after repetition (a
 * change in the load of a shared machine hits them alike); each gives the
 * median wall time and the median CPU time of the calling thread, and their
 * ratios to the C line; the part ends with the summary
 * {@code java-group <cases> cases CPU ratio <x> wall ratio <y>} of the
 * end-to-end line from String lists. A second part does the same for
 * settlement ({@link #settlement}), summary line {@code java-points …}; its
 * "never closed" line runs on its own afterwards (its garbage would slow the
 * others). A third part, {@link BenefitBench}, does the same for member claim
 * settlement, summary line {@code java-benefit …}.
 */
public final class GroupingBench {
    private GroupingBench() {}

    public static void main(String[] args) {
        Path pack = Path.of(Bench.arg(args, "--scheme", "packs/chs-drg-1.1"));
        int n = Integer.parseInt(Bench.arg(args, "--cases", "200000"));
        int reps = Integer.parseInt(Bench.arg(args, "--reps", "7"));
        long seed = Long.parseLong(Bench.arg(args, "--seed", "20240611"));
        try (Context ctx = new Context(); DrgScheme scheme = DrgScheme.load(ctx, pack)) {
            Synthetic s = Synthetic.make(scheme, n, seed);
            CaseBatch batch = s.batch();
            System.out.printf("scheme %s %s; %d synthetic cases, %.1f diagnoses and %.1f procedures per case%n",
                    scheme.name(), scheme.version(), n, s.dxPerCase(), s.procPerCase());

            // C: the native batch call on prebuilt columns, outputs preallocated once.
            StructColumns.Output<NativeYibao.YbDrgResults> out = DrgResults.output(n);
            int[] status = new int[n];
            com.sun.jna.Pointer cptr = ctx.ptr();
            com.sun.jna.Pointer sptr = scheme.ptr();
            NativeYibao.YbCaseColumns cols = batch.columns();
            List<InpatientCase> records = s.records();
            Bench.Time[] t = Bench.interleaved(2, reps,
                    () -> NativeYibao.yb_drg_group_batch(cptr, sptr, cols, out.struct(), status),
                    () -> {
                        try (DrgResults r = scheme.group(ctx, batch)) {
                            return r.failedRows();
                        }
                    },
                    () -> {
                        try (CaseBatch b = s.batch(); DrgResults r = scheme.group(ctx, b)) {
                            return r.drgCodes().length;
                        }
                    },
                    () -> {
                        try (CaseBatch b = CaseBatch.of(records); DrgResults r = scheme.group(ctx, b)) {
                            return r.drgCodes().length;
                        }
                    });
            Bench.report("java-group", n, t, 2, "C yb_drg_group_batch (prebuilt columns)",
                    "Java group(), prebuilt CaseBatch", "Java from String lists (build+group+codes)",
                    "Java from InpatientCase records");
        }
        settlement(Path.of(Bench.arg(args, "--book", "packs/harbin-drg-2024")), n, reps, seed);
        BenefitBench.run(Path.of(Bench.arg(args, "--policy", "packs/sample-benefit")),
                Integer.parseInt(Bench.arg(args, "--claims", "100000")), reps, seed);
    }

    /**
     * Settlement of grouped cases: {@code yb_points_case_batch} on prebuilt
     * columns (C) against building {@link PointsCases} from Java arrays
     * (DRG code strings, hospital strings, insurance, cost, self pay), pricing
     * and reading every payment back (Java).
     */
    static void settlement(Path bookPack, int n, int reps, long seed) {
        try (Context ctx = new Context(); PointsBook book = PointsBook.load(ctx, bookPack)) {
            SplittableRandom r = new SplittableRandom(seed);
            List<String> codes = book.groupCodes();
            String[] groups = new String[n];
            String[] hospitals = new String[n];
            byte[] insurance = new byte[n];
            long[] cost = new long[n];
            long[] selfPay = new long[n];
            byte[] month = new byte[n];
            for (int i = 0; i < n; i++) {
                groups[i] = codes.get(r.nextInt(codes.size()));
                hospitals[i] = "H" + (1 + r.nextInt(40));
                insurance[i] = (byte) (1 + r.nextInt(2));
                cost[i] = 100000 + r.nextInt(5000000);
                selfPay[i] = cost[i] / (3 + r.nextInt(5));
                month[i] = (byte) (1 + r.nextInt(12));
            }
            java.util.function.Supplier<PointsCases> build = () -> PointsCases.builder(n).groups(groups)
                    .hospitals(hospitals).insurance(insurance).cost(cost).selfPay(selfPay).month(month).build();
            PointsCases cases = build.get();
            System.out.printf("%nbook %s (%s); %d synthetic priced cases%n", bookPack, book.method(), n);
            StructColumns.Output<NativeYibao.YbPointsCaseResults> out = PointsResults.output(n);
            com.sun.jna.Pointer cptr = ctx.ptr();
            com.sun.jna.Pointer bptr = book.ptr();
            Bench.Time[] t = Bench.interleaved(2, reps,
                    () -> NativeYibao.yb_points_case_batch(cptr, bptr, cases.columns(), null, 0, out.struct(),
                            out.status()),
                    () -> {
                        try (PointsResults res = book.compute(ctx, cases, null)) {
                            return res.failedRows();
                        }
                    },
                    () -> {
                        try (PointsCases built = build.get(); PointsResults res = book.compute(ctx, built, null)) {
                            return sum(res);
                        }
                    });
            Bench.Time unclosed = Bench.median(2, reps, () -> sum(book.compute(ctx, build.get(), null)));
            Bench.report("java-points", n, t, 2, "C yb_points_case_batch (prebuilt columns)",
                    "Java compute(), prebuilt PointsCases", "Java from arrays (build+compute+payments)");
            Bench.line("  the same, never closed (memory freed by GC)", n, unclosed, t[0]);
        }
    }

    private static long sum(PointsResults res) {
        long sum = 0;
        for (int i = 0; i < res.size(); i++) {
            sum += res.payment(i);
        }
        return sum;
    }

    /** Reproducible synthetic cases from the scheme's dictionaries. */
    record Synthetic(byte[] sex, short[] age, int[] ageDays, int[] weight, int[] los, byte[] discharge,
                     List<List<String>> dx, List<List<String>> proc) {

        static Synthetic make(DrgScheme scheme, int n, long seed) {
            Dictionary dd = scheme.diagnoses();
            Dictionary pd = scheme.procedures();
            String[] dxPool = new String[dd.size()];
            for (int i = 0; i < dxPool.length; i++) {
                dxPool[i] = dd.code(i);
            }
            String[] procPool = new String[pd.size()];
            for (int i = 0; i < procPool.length; i++) {
                procPool[i] = pd.code(i);
            }
            SplittableRandom r = new SplittableRandom(seed);
            byte[] sex = new byte[n];
            short[] age = new short[n];
            int[] days = new int[n];
            int[] weight = new int[n];
            int[] los = new int[n];
            byte[] discharge = new byte[n];
            List<List<String>> dx = new ArrayList<>(n);
            List<List<String>> proc = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                sex[i] = (byte) (1 + r.nextInt(2));
                int kind = r.nextInt(100);
                if (kind < 3) { // newborn
                    age[i] = 0;
                    days[i] = r.nextInt(29);
                    weight[i] = 900 + r.nextInt(3600);
                } else if (kind < 6) { // infant
                    age[i] = 0;
                    days[i] = 29 + r.nextInt(330);
                    weight[i] = -1;
                } else {
                    age[i] = (short) (1 + r.nextInt(95));
                    days[i] = -1;
                    weight[i] = -1;
                }
                los[i] = 1 + r.nextInt(30);
                discharge[i] = (byte) (r.nextInt(20) == 0 ? 5 : 1);
                int nd = 1 + r.nextInt(8);
                List<String> d = new ArrayList<>(nd);
                for (int k = 0; k < nd; k++) {
                    d.add(dxPool[r.nextInt(dxPool.length)]);
                }
                dx.add(d);
                int np = r.nextInt(2) == 0 ? 0 : 1 + r.nextInt(3);
                List<String> p = new ArrayList<>(np);
                for (int k = 0; k < np; k++) {
                    p.add(procPool[r.nextInt(procPool.length)]);
                }
                proc.add(p);
            }
            return new Synthetic(sex, age, days, weight, los, discharge, dx, proc);
        }

        CaseBatch batch() {
            return CaseBatch.builder(sex.length).sex(sex).ageYears(age).ageDays(ageDays).birthWeightG(weight)
                    .losDays(los).dischargeType(discharge).diagnoses(dx).procedures(proc).build();
        }

        List<InpatientCase> records() {
            List<InpatientCase> out = new ArrayList<>(sex.length);
            for (int i = 0; i < sex.length; i++) {
                out.add(new InpatientCase(sex[i], age[i], ageDays[i], weight[i], los[i], discharge[i], -1, -1,
                        dx.get(i), proc.get(i)));
            }
            return out;
        }

        double dxPerCase() {
            return dx.stream().mapToInt(List::size).average().orElse(0);
        }

        double procPerCase() {
            return proc.stream().mapToInt(List::size).average().orElse(0);
        }
    }
}
