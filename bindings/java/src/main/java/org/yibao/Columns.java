package org.yibao;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Batch columns in direct buffers (native byte order), as the C structs of arrays expect. */
final class Columns {
    private Columns() {}

    /**
     * A direct buffer of native memory, not zeroed (every column is written in
     * full, by Java or by the library): JNA {@link Memory}, which lives as long
     * as the buffer (or a view of it) is reachable. Unlike
     * {@link ByteBuffer#allocateDirect} it neither clears the memory nor counts
     * against {@code -XX:MaxDirectMemorySize}.
     */
    static ByteBuffer direct(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a column of " + bytes + " bytes: split the batch");
        }
        long size = Math.max(8, bytes);
        return new Memory(size).getByteBuffer(0, size).order(ByteOrder.nativeOrder());
    }

    static Pointer ptr(ByteBuffer b) {
        return b == null ? null : Native.getDirectBufferPointer(b);
    }

    static ByteBuffer bytes(byte[] v) {
        return v == null ? null : direct(v.length).put(0, v);
    }

    static ByteBuffer shorts(short[] v) {
        if (v == null) {
            return null;
        }
        ByteBuffer b = direct(2L * v.length);
        b.asShortBuffer().put(v);
        return b;
    }

    static ByteBuffer ints(int[] v) {
        if (v == null) {
            return null;
        }
        ByteBuffer b = direct(4L * v.length);
        b.asIntBuffer().put(v);
        return b;
    }

    static ByteBuffer longs(long[] v) {
        if (v == null) {
            return null;
        }
        ByteBuffer b = direct(8L * v.length);
        b.asLongBuffer().put(v);
        return b;
    }

    /**
     * Strings in the Arrow "large utf8" layout: {@code [data, offsets]}, the
     * UTF-8 bytes back to back and {@code n + 1} int64 offsets. A null string
     * is an empty one. Returns nulls for a null array.
     *
     * <p>One pass: codes are nearly always ASCII and are copied char for byte
     * into one growing heap array (no allocation per string); a string with
     * another character goes through the JDK's UTF-8 encoder. The bytes are
     * then copied once into the direct buffer.
     */
    static ByteBuffer[] utf8(String[] values) {
        if (values == null) {
            return new ByteBuffer[2];
        }
        int n = values.length;
        byte[] buf = new byte[Math.max(64, 8 * n)];
        ByteBuffer offsets = direct(8L * (n + 1));
        int at = 0;
        offsets.putLong(0, 0);
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
            offsets.putLong(8 * (i + 1), at);
        }
        ByteBuffer data = direct(at);
        data.put(0, buf, 0, at);
        return new ByteBuffer[] {data, offsets};
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
