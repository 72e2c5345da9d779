package org.yibao;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * A small timing harness: warm-up runs, then repeated timed runs; the medians
 * of wall time and of the calling thread's CPU time are reported (on a shared
 * machine the CPU time is the steadier of the two).
 */
final class Bench {
    private Bench() {}

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /** Median wall and CPU seconds. */
    record Time(double wall, double cpu) {
    }

    static Time median(int warmup, int reps, LongSupplier task) {
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += task.getAsLong();
        }
        double[] wall = new double[reps];
        double[] cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = MX.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink += task.getAsLong();
            wall[i] = (System.nanoTime() - t0) * 1e-9;
            cpu[i] = (MX.getCurrentThreadCpuTime() - c0) * 1e-9;
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Time(wall[reps / 2], cpu[reps / 2]);
    }

    static void line(String what, int n, Time t, Time base) {
        System.out.printf("%-46s wall %8.1f ms %5.2f × C | CPU %8.1f ms %9.0f cases/s %5.2f × C%n", what,
                t.wall() * 1e3, t.wall() / base.wall(), t.cpu() * 1e3, n / t.cpu(), t.cpu() / base.cpu());
    }

    static String arg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
