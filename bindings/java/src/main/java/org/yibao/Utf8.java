package org.yibao;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A string column being encoded into the Arrow "large utf8" layout of
 * {@code cases.h} (UTF-8 bytes back to back, {@code count + 1} int64 offsets),
 * optionally grouped into rows by CSR row offsets (a list of codes per case),
 * on the Java heap until {@link StructColumns} copies it into native memory and
 * {@link #release}s the arrays to {@link Scratch}.
 *
 * <p>One pass, no allocation per string: codes are nearly always ASCII and are
 * copied char for byte; a string with another character goes through the
 * JDK's UTF-8 encoder. A null string is an empty one (a row status, not a
 * batch failure).
 */
final class Utf8 {
    byte[] data;
    int length;
    long[] offsets;
    int count;
    long[] rows; // CSR row offsets, or null
    int rowCount;

    private Utf8(int strings, int rowsExpected) {
        data = Scratch.bytes((int) Math.min(Integer.MAX_VALUE - 16, Math.max(64, 12L * strings)));
        offsets = Scratch.longs(strings + 1);
        offsets[0] = 0;
        if (rowsExpected >= 0) {
            rows = Scratch.longs(rowsExpected + 1);
            rows[0] = 0;
        }
    }

    /** The strings, in order; null for a null array. */
    static Utf8 of(String[] values) {
        if (values == null) {
            return null;
        }
        Utf8 u = new Utf8(values.length, -1);
        u.addAll(values, values.length);
        return u;
    }

    /** One list of strings per row (a null list is an empty one). */
    static Utf8 ofLists(List<? extends List<String>> perRow) {
        int n = perRow.size();
        Utf8 u = new Utf8(2 * n, n);
        String[] row = new String[16];
        for (List<String> r : perRow) {
            if (r != null) {
                int k = r.size();
                row = r.toArray(row); // one copy per list (a new array only when it is longer than any before)
                u.addAll(row, k);
            }
            u.endRow();
        }
        return u;
    }

    /** One array of strings per row (a null array is an empty one). */
    static Utf8 ofLists(String[][] perRow) {
        Utf8 u = new Utf8(2 * perRow.length, perRow.length);
        for (String[] r : perRow) {
            if (r != null) {
                u.addAll(r, r.length);
            }
            u.endRow();
        }
        return u;
    }

    /**
     * Appends {@code values[0 … k-1]}; the hot loop of every batch that
     * carries codes as strings, written over local copies of the fields.
     */
    void addAll(String[] values, int k) {
        if (count + k + 1 >= offsets.length) {
            offsets = grow(offsets, count + k + 1);
        }
        long[] off = offsets;
        int c = count;
        byte[] d = data;
        int at = length;
        for (int i = 0; i < k; i++) {
            String v = values[i];
            if (v != null) {
                int len = v.length();
                if (3L * len > d.length - at) { // UTF-8 takes at most 3 bytes per UTF-16 char
                    length = at;
                    ensure(3L * len);
                    d = data;
                }
                int j = 0;
                while (j < len) {
                    char ch = v.charAt(j);
                    if (ch >= 0x80) {
                        break;
                    }
                    d[at + j] = (byte) ch;
                    j++;
                }
                if (j == len) {
                    at += len;
                } else {
                    byte[] b = v.getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(b, 0, d, at, b.length);
                    at += b.length;
                }
            }
            off[++c] = at;
        }
        count = c;
        length = at;
    }

    /** Closes the current row (lists only). */
    void endRow() {
        if (rowCount + 2 > rows.length) {
            rows = grow(rows, rowCount + 2);
        }
        rows[++rowCount] = count;
    }

    /** Gives the staging arrays back; the column is unusable afterwards. */
    void release() {
        Scratch.give(data);
        Scratch.give(offsets);
        Scratch.give(rows);
        data = null;
        offsets = null;
        rows = null;
    }

    private void ensure(long more) {
        long want = Math.max(2L * data.length, length + more);
        if (want > Integer.MAX_VALUE - 16) {
            if (length + more > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("strings of over 2 GB: split the batch");
            }
            want = Integer.MAX_VALUE - 16;
        }
        data = Arrays.copyOf(data, (int) want);
    }

    private static long[] grow(long[] a, int min) {
        return Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(2L * a.length, min)));
    }
}
