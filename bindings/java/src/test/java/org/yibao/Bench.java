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

    /**
     * The tasks timed in turn, repetition after repetition, after
     * {@code warmup} rounds: medians per task, in the order given.
     */
    static Time[] interleaved(int warmup, int reps, LongSupplier... tasks) {
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            for (LongSupplier t : tasks) {
                sink += t.getAsLong();
            }
        }
        double[][] wall = new double[tasks.length][reps];
        double[][] cpu = new double[tasks.length][reps];
        for (int i = 0; i < reps; i++) {
            for (int k = 0; k < tasks.length; k++) {
                long c0 = MX.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                sink += tasks[k].getAsLong();
                wall[k][i] = (System.nanoTime() - t0) * 1e-9;
                cpu[k][i] = (MX.getCurrentThreadCpuTime() - c0) * 1e-9;
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        Time[] out = new Time[tasks.length];
        for (int k = 0; k < tasks.length; k++) {
            Arrays.sort(wall[k]);
            Arrays.sort(cpu[k]);
            out[k] = new Time(wall[k][reps / 2], cpu[k][reps / 2]);
        }
        return out;
    }

    /** One line per task against the first (C), then {@code <summary> <n> cases CPU ratio … wall ratio …} of task {@code main}. */
    static void report(String summary, int n, Time[] t, int main, String... names) {
        for (int k = 0; k < t.length; k++) {
            line(names[k], n, t[k], t[0]);
        }
        System.out.printf("%s %d cases CPU ratio %.2f wall ratio %.2f%n", summary, n, t[main].cpu() / t[0].cpu(),
                t[main].wall() / t[0].wall());
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
