package org.yibao;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The native memory of one batch (its input columns, or its result columns),
 * laid out by {@link StructColumns}.
 *
 * <p>Blocks are JNA {@link Memory}, not zeroed (every column is written in
 * full, by Java or by the library). {@link #close()} hands them back to a
 * small process-wide {@link Pool}, so that the next batch of a loop over
 * chunks gets warm memory (already mapped and faulted in) instead of fresh
 * pages; without {@code close()} a block is freed by JNA's cleaner once its
 * owner is unreachable. Owners call {@link #check} before touching the
 * buffers, so a closed batch throws instead of reading memory that another
 * batch now uses.
 */
final class Columns implements AutoCloseable {
    private final List<Memory> blocks = new ArrayList<>(1);
    private volatile boolean closed;

    /** Throws when closed. */
    void check(String what) {
        if (closed) {
            throw new IllegalStateException("the " + what + " is closed");
        }
    }

    /** Gives every block back to the pool; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            for (Memory m : blocks) {
                Pool.give(m);
            }
            blocks.clear();
        }
    }

    /** A block of at least {@code bytes} bytes (contents undefined), owned by this. */
    synchronized Memory block(long bytes) {
        check("batch");
        Memory m = Pool.take(Math.max(8, bytes));
        blocks.add(m);
        return m;
    }

    static Pointer ptr(ByteBuffer b) {
        return b == null ? null : Native.getDirectBufferPointer(b);
    }

    /**
     * An int for an {@code int8_t} field: a value outside a byte becomes 127, which every such field of the
     * library refuses (a row status), instead of wrapping to a value that may be valid (259 → 3).
     */
    static byte toByte(int v) {
        return v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE ? (byte) v : Byte.MAX_VALUE;
    }

    /** An int for an {@code int16_t} field, likewise (an age of 65581 must not become 45). */
    static short toShort(int v) {
        return v >= Short.MIN_VALUE && v <= Short.MAX_VALUE ? (short) v : Short.MAX_VALUE;
    }

    static void checkLength(int length, int n, String what) {
        if (length != n) {
            throw new IllegalArgumentException(what + " has " + length + " values for " + n + " rows");
        }
    }

    /**
     * Blocks of closed batches kept for reuse, least recently returned first.
     * A block is reused for a request of at least half its size; blocks
     * smaller than 64 KiB are not kept (malloc serves them well), and at most
     * {@code yibao.pool.bytes} bytes in all (system property, default 128 MiB;
     * 0 turns the pool off), the oldest being freed first.
     */
    static final class Pool {
        private static final long MIN = 64 << 10;
        private static final long LIMIT = Long.getLong("yibao.pool.bytes", 128L << 20);
        private static final ArrayList<Memory> FREE = new ArrayList<>();
        private static long held;

        private Pool() {}

        static Memory take(long bytes) {
            if (bytes >= MIN) {
                synchronized (FREE) {
                    int best = -1;
                    for (int i = 0; i < FREE.size(); i++) {
                        long size = FREE.get(i).size();
                        if (size >= bytes && size / 2 <= bytes && (best < 0 || size < FREE.get(best).size())) {
                            best = i;
                        }
                    }
                    if (best >= 0) {
                        Memory m = FREE.remove(best);
                        held -= m.size();
                        return m;
                    }
                }
            }
            return new Memory(bytes);
        }

        static void give(Memory m) {
            if (m.size() < MIN || m.size() > LIMIT) {
                m.close();
                return;
            }
            synchronized (FREE) {
                FREE.add(m);
                held += m.size();
                while (held > LIMIT) {
                    Memory old = FREE.remove(0);
                    held -= old.size();
                    old.close();
                }
            }
        }

        /** Bytes held for reuse (for the tests). */
        static long held() {
            synchronized (FREE) {
                return held;
            }
        }
    }
}
