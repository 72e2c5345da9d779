package org.yibao;

import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.yibao.internal.NativeYibao;

/**
 * Member claim settlement through Java against the same batch through C, in
 * one run: the third part of {@code scripts/java-bench}, summary line
 * {@code java-benefit <claims> cases CPU ratio … wall ratio …}.
 *
 * <p>Claims are those of the Python benchmark ({@code bindings/python/bench.py}):
 * 8–12 lines each of the sample policy's items (quantity 1–5, unit price
 * 1–500 yuan), members = claims / 5, dated through 2024 in claim order, all
 * three insurance types and levels, 20% outpatient, 5% with an assistance
 * category. Every run settles (FINAL) into a fresh ledger reserved for the
 * population, as a day's batch into a new year's ledger would.
 * <ul>
 * <li>C: ledger new + reserve + {@code yb_benefit_settle_batch} on claim
 *     columns already in native memory, through the generated layer;</li>
 * <li>Java, prebuilt claims: {@link BenefitLedger#settle} on the same
 *     {@link BenefitClaims} (ledger, output buffers, result object);</li>
 * <li>Java, from records: {@link BenefitClaims#of} a {@code List<BenefitClaim>}
 *     (item codes as Strings), settling, and summing the pooled-fund column;</li>
 * <li>Java, from arrays: the same claims as primitive columns and a
 *     {@code String[]} of item codes through {@link BenefitClaims#builder}.</li>
 * </ul>
 */
final class BenefitBench {
    private BenefitBench() {}

    static void run(Path policyPack, int n, int reps, long seed) {
        try (Context ctx = new Context(); BenefitPolicy policy = BenefitPolicy.load(ctx, policyPack)) {
            int members = Math.max(n / 5, 1);
            List<BenefitClaim> claims = claims(policy.itemCodes(), n, members, seed);
            long lines = claims.stream().mapToLong(c -> c.lines().size()).sum();
            System.out.printf("%npolicy %s; %d synthetic claims, %.1f lines per claim, %d members%n", policyPack, n,
                    (double) lines / n, members);
            BenefitClaims prebuilt = BenefitClaims.of(claims);
            BenefitClaims.Builder arrays = BenefitClaims.columnsOf(claims);
            StructColumns.Output<NativeYibao.YbSettlementColumns> out = BenefitSettlements.output(n);
            com.sun.jna.Pointer cptr = ctx.ptr();
            com.sun.jna.Pointer pptr = policy.ptr();
            NativeYibao.YbClaimColumns cols = prebuilt.columns();
            int finalMode = NativeYibao.YB_SETTLE_FINAL;
            Bench.Time[] t = Bench.interleaved(2, reps,
                    () -> {
                        com.sun.jna.ptr.PointerByReference ref = new com.sun.jna.ptr.PointerByReference();
                        check(ctx, NativeYibao.yb_benefit_ledger_new(cptr, ref));
                        com.sun.jna.Pointer led = ref.getValue();
                        try {
                            check(ctx, NativeYibao.yb_benefit_ledger_reserve(cptr, led, members, n));
                            long failed = NativeYibao.yb_benefit_settle_batch(cptr, pptr, led, cols, finalMode,
                                    out.struct(), out.status());
                            check(ctx, (int) Math.min(failed, 0));
                            return failed;
                        } finally {
                            NativeYibao.yb_benefit_ledger_free(led);
                        }
                    },
                    () -> {
                        try (BenefitLedger led = BenefitLedger.create(ctx)) {
                            led.reserve(ctx, members, n);
                            try (BenefitSettlements s = led.settle(ctx, policy, prebuilt, BenefitLedger.Mode.FINAL)) {
                                return s.failedRows();
                            }
                        }
                    },
                    () -> {
                        try (BenefitLedger led = BenefitLedger.create(ctx); BenefitClaims b = BenefitClaims.of(claims)) {
                            led.reserve(ctx, members, n);
                            try (BenefitSettlements s = led.settle(ctx, policy, b, BenefitLedger.Mode.FINAL)) {
                                if (s.failedRows() != 0) {
                                    throw new IllegalStateException(s.failedRows() + " claims failed");
                                }
                                return sum(s.pooledColumn());
                            }
                        }
                    },
                    () -> {
                        try (BenefitLedger led = BenefitLedger.create(ctx); BenefitClaims b = arrays.build()) {
                            led.reserve(ctx, members, n);
                            try (BenefitSettlements s = led.settle(ctx, policy, b, BenefitLedger.Mode.FINAL)) {
                                return sum(s.pooledColumn());
                            }
                        }
                    });
            Bench.report("java-benefit", n, t, 2, "C yb_benefit_settle_batch (prebuilt columns)",
                    "Java settle(), prebuilt BenefitClaims", "Java from BenefitClaim records (build+settle+pooled)",
                    "Java from arrays (builder+settle+pooled)");
            prebuilt.close();
        }
    }

    private static void check(Context ctx, int rc) {
        if (rc < 0) {
            throw new IllegalStateException("yb_benefit_*: " + rc + " " + ctx.lastError());
        }
    }

    private static long sum(LongBuffer b) {
        long s = 0;
        for (int i = 0; i < b.limit(); i++) {
            s += b.get(i);
        }
        return s;
    }

    /** The claims, reproducibly from {@code seed}. */
    static List<BenefitClaim> claims(List<String> items, int n, int members, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] monthDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        List<BenefitClaim> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int day = (int) ((long) i * 366 / n); // 2024 is a leap year
            int month = 0;
            while (day >= monthDays[month]) {
                day -= monthDays[month++];
            }
            int date = 20240000 + (month + 1) * 100 + day + 1;
            BenefitClaim.Builder b = BenefitClaim.builder(i + 1L, 1 + r.nextInt(members), date, 1 + r.nextInt(3),
                    1 + r.nextInt(3));
            b.visit(r.nextInt(5) == 0 ? BenefitClaim.OUTPATIENT : BenefitClaim.INPATIENT);
            if (r.nextInt(20) == 0) {
                b.category(1 + r.nextInt(3));
            }
            int lines = 8 + r.nextInt(5);
            for (int k = 0; k < lines; k++) {
                long qty = (1 + r.nextInt(5)) * 10000L;
                long price = (100 + r.nextInt(49900)) * 100L;
                b.line(BenefitClaim.Line.of(items.get(r.nextInt(items.size())), qty, price));
            }
            out.add(b.build());
        }
        return out;
    }
}
