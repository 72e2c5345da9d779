package org.yibao;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Batch columns in direct buffers (native byte order), as the C structs of arrays expect. */
final class Columns {
    private Columns() {}

    static ByteBuffer direct(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a column of " + bytes + " bytes: split the batch");
        }
        return ByteBuffer.allocateDirect((int) Math.max(1, bytes)).order(ByteOrder.nativeOrder());
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
     */
    static ByteBuffer[] utf8(String[] values) {
        if (values == null) {
            return new ByteBuffer[2];
        }
        int n = values.length;
        byte[][] enc = new byte[n][];
        long total = 0;
        for (int i = 0; i < n; i++) {
            String s = values[i];
            enc[i] = s == null ? EMPTY : s.getBytes(StandardCharsets.UTF_8);
            total += enc[i].length;
        }
        ByteBuffer data = direct(total);
        ByteBuffer offsets = direct(8L * (n + 1));
        long at = 0;
        offsets.putLong(0, 0);
        for (int i = 0; i < n; i++) {
            data.put(enc[i]);
            at += enc[i].length;
            offsets.putLong(8 * (i + 1), at);
        }
        return new ByteBuffer[] {data, offsets};
    }

    private static final byte[] EMPTY = new byte[0];

    static void checkLength(int length, int n, String what) {
        if (length != n) {
            throw new IllegalArgumentException(what + " has " + length + " values for " + n + " rows");
        }
    }
}
