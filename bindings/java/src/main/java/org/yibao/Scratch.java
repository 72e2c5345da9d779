package org.yibao;

import java.lang.ref.SoftReference;
import java.util.ArrayList;

/**
 * Large heap arrays reused across batches: the staging arrays strings are
 * encoded into before they are copied to native memory ({@link Utf8}). A batch
 * of 200 000 cases would otherwise allocate (and zero) megabytes of
 * short-lived arrays per column. At most a few arrays of each type are kept,
 * through soft references (the garbage collector may take them back), and
 * none above 32 M elements. Thread-safe.
 */
final class Scratch {
    private static final int KEEP = 8;
    private static final int MAX_KEPT = 1 << 25;
    private static final ArrayList<SoftReference<byte[]>> BYTES = new ArrayList<>();
    private static final ArrayList<SoftReference<long[]>> LONGS = new ArrayList<>();

    private Scratch() {}

    /** A byte array of at least {@code min} entries, contents undefined. */
    static byte[] bytes(int min) {
        byte[] a = take(BYTES, min, x -> x.length);
        return a != null ? a : new byte[min];
    }

    /** A long array of at least {@code min} entries, contents undefined. */
    static long[] longs(int min) {
        long[] a = take(LONGS, min, x -> x.length);
        return a != null ? a : new long[min];
    }

    static void give(byte[] a) {
        if (a != null && a.length <= MAX_KEPT) {
            keep(BYTES, a);
        }
    }

    static void give(long[] a) {
        if (a != null && a.length <= MAX_KEPT) {
            keep(LONGS, a);
        }
    }

    // The largest kept array if it is large enough (cleared references are dropped on the way): a
    // column that outgrew its first guess then starts the next batch at the size it ended with.
    private static <T> T take(ArrayList<SoftReference<T>> kept, int min, java.util.function.ToIntFunction<T> length) {
        synchronized (kept) {
            int best = -1;
            T found = null;
            for (int i = kept.size() - 1; i >= 0; i--) {
                T a = kept.get(i).get();
                if (a == null) {
                    kept.remove(i);
                    if (best > i) {
                        best--;
                    }
                } else if (length.applyAsInt(a) >= min && (found == null || length.applyAsInt(a) > length.applyAsInt(found))) {
                    best = i;
                    found = a;
                }
            }
            if (found != null) {
                kept.remove(best);
            }
            return found;
        }
    }

    private static <T> void keep(ArrayList<SoftReference<T>> kept, T a) {
        synchronized (kept) {
            kept.add(new SoftReference<>(a));
            if (kept.size() > KEEP) {
                kept.remove(0);
            }
        }
    }
}
