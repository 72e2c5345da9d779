package org.yibao;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The native memory of one batch (its input columns, or its result columns):
 * direct buffers in native byte order, as the C structs of arrays expect.
 *
 * <p>Memory is JNA {@link Memory}, not zeroed (every column is written in
 * full, by Java or by the library), and is freed by {@link #close()} — so the
 * next batch reuses warm memory — or, when the owner is never closed, by JNA's
 * cleaner once every buffer is unreachable. Owners call {@link #check} before
 * touching the buffers, so a closed batch throws instead of reading freed
 * memory.
 */
final class Columns implements AutoCloseable {
    private final List<Memory> blocks = new ArrayList<>();
    private volatile boolean closed;

    /** Throws when closed. */
    void check(String what) {
        if (closed) {
            throw new IllegalStateException("the " + what + " is closed");
        }
    }

    /** Frees every buffer now; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            for (Memory m : blocks) {
                m.close();
            }
            blocks.clear();
        }
    }

    /**
     * Several columns in one block of native memory (one allocation, each
     * column 8-byte aligned): result columns are allocated together so that a
     * closed batch's block is reused whole by the next one.
     */
    synchronized ByteBuffer[] directAll(long... sizes) {
        check("batch");
        long total = 0;
        for (long size : sizes) {
            total += (Math.max(8, size) + 7) & ~7L;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("columns of " + total + " bytes: split the batch");
        }
        Memory m = new Memory(Math.max(8, total));
        blocks.add(m);
        ByteBuffer[] out = new ByteBuffer[sizes.length];
        long at = 0;
        for (int i = 0; i < sizes.length; i++) {
            long size = Math.max(8, sizes[i]);
            out[i] = m.getByteBuffer(at, size).order(ByteOrder.nativeOrder());
            at += (size + 7) & ~7L;
        }
        return out;
    }

    static Pointer ptr(ByteBuffer b) {
        return b == null ? null : Native.getDirectBufferPointer(b);
    }





    /** The first {@code length} bytes of an array. */
    record Slice(byte[] bytes, int length) {
    }

    /**
     * Strings in the Arrow "large utf8" layout, still on the Java heap: the
     * UTF-8 bytes back to back ({@code data}) and {@code n + 1} offsets.
     */
    record Utf8(Slice data, long[] offsets) {
    }

    /**
     * Encodes strings (a null string is an empty one; a null array gives
     * null) in one pass: codes are nearly always ASCII and are copied char for
     * byte into one growing array (no allocation per string); a string with
     * another character goes through the JDK's UTF-8 encoder.
     */
    static Utf8 encode(String[] values) {
        if (values == null) {
            return null;
        }
        int n = values.length;
        byte[] buf = new byte[Math.max(64, 8 * n)];
        long[] offsets = new long[n + 1];
        int at = 0;
        for (int i = 0; i < n; i++) {
            String v = values[i];
            if (v != null) {
                int len = v.length();
                if ((long) at + 4L * len > buf.length) { // 4 bytes per char covers UTF-8
                    long want = Math.max(2L * buf.length, (long) at + 4L * len);
                    if (want > Integer.MAX_VALUE - 16) {
                        throw new IllegalArgumentException("strings of over 2 GB: split the batch");
                    }
                    buf = Arrays.copyOf(buf, (int) want);
                }
                int k = 0;
                while (k < len) {
                    char c = v.charAt(k);
                    if (c >= 0x80) {
                        break;
                    }
                    buf[at + k] = (byte) c;
                    k++;
                }
                at = k == len ? at + len : copyUtf8(v, buf, at);
            }
            offsets[i + 1] = at;
        }
        return new Utf8(new Slice(buf, at), offsets);
    }

    /** {@link #encode} placed in native memory: {@code [data, offsets]} (nulls for a null array). */
    ByteBuffer[] utf8(String[] values) {
        Utf8 u = encode(values);
        return u == null ? new ByteBuffer[2] : place(u.data(), u.offsets());
    }

    /**
     * Copies columns into one block of native memory: each of {@code byte[]},
     * {@link Slice}, {@code short[]}, {@code int[]} and {@code long[]} becomes
     * a buffer (null stays null), in order.
     */
    ByteBuffer[] place(Object... columns) {
        long[] sizes = new long[columns.length];
        int used = 0;
        for (Object c : columns) {
            if (c != null) {
                sizes[used++] = bytesOf(c);
            }
        }
        ByteBuffer[] blocks = directAll(Arrays.copyOf(sizes, used));
        ByteBuffer[] out = new ByteBuffer[columns.length];
        int k = 0;
        for (int i = 0; i < columns.length; i++) {
            Object c = columns[i];
            if (c == null) {
                continue;
            }
            ByteBuffer b = blocks[k++];
            if (c instanceof byte[] a) {
                b.put(0, a);
            } else if (c instanceof Slice sl) {
                b.put(0, sl.bytes(), 0, sl.length());
            } else if (c instanceof short[] a) {
                b.asShortBuffer().put(a);
            } else if (c instanceof int[] a) {
                b.asIntBuffer().put(a);
            } else {
                b.asLongBuffer().put((long[]) c);
            }
            out[i] = b;
        }
        return out;
    }

    private static long bytesOf(Object c) {
        if (c instanceof byte[] a) {
            return a.length;
        } else if (c instanceof Slice s) {
            return s.length();
        } else if (c instanceof short[] a) {
            return 2L * a.length;
        } else if (c instanceof int[] a) {
            return 4L * a.length;
        } else if (c instanceof long[] a) {
            return 8L * a.length;
        }
        throw new IllegalArgumentException("not a column: " + c.getClass());
    }

    private static int copyUtf8(String v, byte[] dst, int at) {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, dst, at, b.length);
        return at + b.length;
    }

    static void checkLength(int length, int n, String what) {
        if (length != n) {
            throw new IllegalArgumentException(what + " has " + length + " values for " + n + " rows");
        }
    }
}
