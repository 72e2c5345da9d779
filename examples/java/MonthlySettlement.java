import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yibao.CaseBatch;
import org.yibao.Context;
import org.yibao.DrgResults;
import org.yibao.DrgScheme;
import org.yibao.Money;
import org.yibao.PointsBook;
import org.yibao.PointsCases;
import org.yibao.PointsResults;
import org.yibao.PointsYear;
import org.yibao.Yibao;

/**
 * A hospital's monthly DRG settlement with libyibao's Java binding: group the
 * month's inpatient cases with CHS-DRG 1.1, price them with the Harbin 2024
 * DRG rate book (RW × base rate of the patient's insurance type), and print
 * what the fund owes the hospital, per insurance pool and per DRG.
 *
 * <pre>
 *   examples/java/run [cases.csv] [--scheme packs/chs-drg-1.1] [--book packs/harbin-drg-2024]
 * </pre>
 *
 * Input columns: case_id, hospital, month, insurance (1 职工, 2 居民), sex, age_years, age_days,
 * birth_weight_g, los_days, discharge_type, principal_dx, secondary_dx and procedures ('|'-separated),
 * cost and self_pay (yuan, at most two decimals). Money stays exact: fen in {@code long}, BigDecimal
 * only for printing.
 */
public final class MonthlySettlement {
    public static void main(String[] args) throws IOException {
        Path root = Path.of(System.getProperty("yibao.root", "."));
        Path input = root.resolve("examples/java/sample-month.csv");
        Path schemePack = root.resolve("packs/chs-drg-1.1");
        Path bookPack = root.resolve("packs/harbin-drg-2024");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scheme" -> schemePack = Path.of(args[++i]);
                case "--book" -> bookPack = Path.of(args[++i]);
                default -> input = Path.of(args[i]);
            }
        }
        Month m = Month.read(input);
        try (Context ctx = new Context();
             DrgScheme scheme = DrgScheme.load(ctx, schemePack);
             PointsBook book = PointsBook.load(ctx, bookPack);
             PointsYear year = book.newYear(ctx)) {

            // 1. Group the month in one batch call.
            CaseBatch batch = CaseBatch.builder(m.n).sex(m.sex).ageYears(m.age).ageDays(m.ageDays)
                    .birthWeightG(m.weight).losDays(m.los).dischargeType(m.discharge)
                    .diagnoses(m.dx).procedures(m.proc).build();
            DrgResults groups = scheme.group(ctx, batch);

            // 2. Price the grouped cases: the DRG code goes to the book by value; a rejected or
            //    ungroupable case has no group ("", which this book refuses with a row status).
            String[] drg = new String[m.n];
            for (int i = 0; i < m.n; i++) {
                boolean grouped = groups.status(i) == 0 && (groups.flags(i) & DrgScheme.FLAG_UNGROUPABLE) == 0;
                drg[i] = grouped ? groups.drgCode(i) : "";
            }
            PointsCases priced = PointsCases.builder(m.n).groups(drg).hospitals(m.hospital).insurance(m.insurance)
                    .cost(m.cost).selfPay(m.selfPay).month(m.month).losDays(m.los).build();
            PointsResults pay = year.add(ctx, priced, null); // the book's published base rates

            report(m, scheme, book, year, groups, drg, pay, ctx);
        }
    }

    static void report(Month m, DrgScheme scheme, PointsBook book, PointsYear year, DrgResults groups, String[] drg,
                       PointsResults pay, Context ctx) {
        System.out.printf("Monthly DRG settlement — %s, %d-%02d (libyibao %s)%n", String.join(",",
                Arrays.stream(m.hospital).distinct().toList()), 2024, m.month[0], Yibao.version());
        System.out.printf("scheme  %s %s  %s…%n", scheme.name(), scheme.version(), scheme.fingerprint().substring(0, 16));
        System.out.printf("book    %s: base rate 职工 %s, 居民 %s yuan per RW  %s…%n%n", book.method(),
                rate(book.pointValue(0)), rate(book.pointValue(1)), book.fingerprint().substring(0, 16));

        int rejected = 0;
        int ungroupable = 0;
        Map<String, Integer> notInBook = new TreeMap<>();
        Map<String, Integer> otherRows = new TreeMap<>();
        for (int i = 0; i < m.n; i++) {
            if (groups.status(i) != 0) {
                rejected++;
            } else if (drg[i].isEmpty()) {
                ungroupable++;
            } else if (pay.status(i) == -200) { // YB_E_ROW_GROUP: the book has no weight for this DRG
                notInBook.merge(drg[i], 1, Integer::sum);
            } else if (pay.status(i) != 0) {
                otherRows.merge(Yibao.statusName(pay.status(i)), 1, Integer::sum);
            }
        }
        int priced = m.n - pay.failedRows();
        System.out.printf("cases %d: grouped %d (rejected %d, ungroupable %d); priced by the book %d; "
                + "DRG not in the book %d%n%n", m.n, m.n - rejected - ungroupable, rejected, ungroupable, priced,
                notInBook.values().stream().mapToInt(Integer::intValue).sum());

        // Per pool, from the year accumulator (exact sums in fen).
        System.out.printf("%-14s %6s %16s %16s %14s %16s %16s%n", "pool", "cases", "cost", "DRG payment",
                "patients", "fund due", "payment − cost");
        String[] pools = {"职工 employees", "居民 residents"};
        long[] all = new long[5];
        for (int p = 0; p < book.poolCount(); p++) {
            PointsYear.Totals t = year.totals(ctx, PointsBook.NO_ID, p, m.month[0]);
            long fundDue = t.payment() - t.selfPay();
            row(pools[p], t.cases(), t.cost(), t.payment(), t.selfPay(), fundDue);
            long[] v = {t.cases(), t.cost(), t.payment(), t.selfPay(), fundDue};
            for (int k = 0; k < 5; k++) {
                all[k] = Math.addExact(all[k], v[k]);
            }
        }
        row("total", all[0], all[1], all[2], all[3], all[4]);

        // Per DRG: the hospital's gain or loss against its cost.
        Map<String, long[]> byDrg = new TreeMap<>();
        for (int i = 0; i < m.n; i++) {
            if (pay.status(i) == 0) {
                long[] a = byDrg.computeIfAbsent(drg[i], k -> new long[3]);
                a[0]++;
                a[1] += m.cost[i];
                a[2] += pay.payment(i);
            }
        }
        System.out.printf("%nDRGs priced, by payment:%n%-6s %5s %8s %14s %14s %14s  %s%n", "DRG", "cases", "RW",
                "cost", "DRG payment", "payment − cost", "name");
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(byDrg.entrySet());
        rows.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[2]).reversed());
        for (Map.Entry<String, long[]> e : rows) {
            PointsBook.Group g = book.group(book.groupId(e.getKey()));
            long[] a = e.getValue();
            System.out.printf("%-6s %5d %8s %,14.2f %,14.2f %,14.2f  %s%n", e.getKey(), a[0],
                    Money.format(g.weight(), 4), Money.toYuan(a[1]), Money.toYuan(a[2]), Money.toYuan(a[2] - a[1]),
                    cut(g.name(), 24));
        }
        if (!notInBook.isEmpty()) {
            System.out.printf("%nNot priced — CHS-DRG 1.1 DRGs the Harbin book does not list (its local splits "
                    + "differ): %s%n", notInBook);
        }
        if (!otherRows.isEmpty()) {
            System.out.printf("Other refused rows: %s%n", otherRows);
        }
        PointsYear.Advance adv = year.advance(ctx, m.month[0], null);
        int h = year.hospitalCodes().indexOf(m.hospital[0]);
        // The advance prices each pool's points once (rounding per pool, not per case): it may differ from the
        // sum of the case fund due above by a few fen.
        System.out.printf("%nMonthly advance to %s: fund due %s yuan, quality deposit %s, advance paid %s%n",
                m.hospital[0], Money.toYuan(adv.fundDue()[h]).toPlainString(),
                Money.toYuan(adv.deposit()[h]).toPlainString(), Money.toYuan(adv.advance()[h]).toPlainString());
    }

    static void row(String what, long cases, long cost, long payment, long selfPay, long fundDue) {
        System.out.printf("%-14s %6d %,16.2f %,16.2f %,14.2f %,16.2f %,16.2f%n", what, cases, Money.toYuan(cost),
                Money.toYuan(payment), Money.toYuan(selfPay), Money.toYuan(fundDue), Money.toYuan(payment - cost));
    }

    /** A point value or base rate (6 decimals) as published, without trailing zeros. */
    static String rate(long value) {
        return Money.toBigDecimal(value, Money.POINT_VALUE_DECIMALS).stripTrailingZeros().toPlainString();
    }

    static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** The month's cases as columns (what a vendor would read from its database). */
    static final class Month {
        int n;
        String[] hospital;
        byte[] month;
        byte[] insurance;
        byte[] sex;
        short[] age;
        int[] ageDays;
        int[] weight;
        int[] los;
        byte[] discharge;
        List<List<String>> dx = new ArrayList<>();
        List<List<String>> proc = new ArrayList<>();
        long[] cost;
        long[] selfPay;

        static Month read(Path csv) throws IOException {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            List<String> head = Arrays.asList(lines.get(0).split(",", -1));
            Month m = new Month();
            m.n = lines.size() - 1;
            m.hospital = new String[m.n];
            m.month = new byte[m.n];
            m.insurance = new byte[m.n];
            m.sex = new byte[m.n];
            m.age = new short[m.n];
            m.ageDays = new int[m.n];
            m.weight = new int[m.n];
            m.los = new int[m.n];
            m.discharge = new byte[m.n];
            m.cost = new long[m.n];
            m.selfPay = new long[m.n];
            for (int i = 0; i < m.n; i++) {
                String[] f = lines.get(i + 1).split(",", -1);
                m.hospital[i] = f[head.indexOf("hospital")];
                m.month[i] = (byte) num(f[head.indexOf("month")]);
                m.insurance[i] = (byte) num(f[head.indexOf("insurance")]);
                m.sex[i] = (byte) num(f[head.indexOf("sex")]);
                m.age[i] = (short) num(f[head.indexOf("age_years")]);
                m.ageDays[i] = num(f[head.indexOf("age_days")]);
                m.weight[i] = num(f[head.indexOf("birth_weight_g")]);
                m.los[i] = num(f[head.indexOf("los_days")]);
                m.discharge[i] = (byte) num(f[head.indexOf("discharge_type")]);
                List<String> d = new ArrayList<>();
                d.add(f[head.indexOf("principal_dx")]);
                d.addAll(list(f[head.indexOf("secondary_dx")]));
                m.dx.add(d);
                m.proc.add(list(f[head.indexOf("procedures")]));
                m.cost[i] = Money.parseFen(f[head.indexOf("cost")]);       // exact: "6726.07" → 672607
                m.selfPay[i] = Money.parseFen(f[head.indexOf("self_pay")]);
            }
            return m;
        }

        static int num(String s) {
            return s.isEmpty() ? -1 : Integer.parseInt(s);
        }

        static List<String> list(String s) {
            return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\|"));
        }
    }

}
