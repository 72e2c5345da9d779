package org.yibao;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;

/**
 * Lays out the columns of one generated struct of arrays ({@code
 * yb_case_columns}, {@code yb_points_case_results}, …) in one block of native
 * memory and points the struct's fields, named as in C, at them:
 * <ul>
 * <li>{@link #in}: a primitive array copied in with one bulk write;</li>
 * <li>{@link #text}: a {@link Utf8} string column ({@code X_data},
 *     {@code X_offsets}, and {@code X_row_offsets} for lists);</li>
 * <li>{@link #out}: a column of {@code n} values the library writes.</li>
 * </ul>
 * A null input leaves its field NULL. Every column is 8-byte aligned and at
 * least 8 bytes, so a batch of 0 rows still passes non-NULL pointers. With a
 * null struct the columns are only placed, for functions that take them as
 * separate arguments ({@link #pointer}).
 *
 * @param <S> the struct
 */
final class StructColumns<S extends Structure> {
    private static final Object OUT = new Object();

    private final S struct;
    private final int n;
    private final ArrayList<String> fields = new ArrayList<>();
    private final ArrayList<Object> values = new ArrayList<>();
    private final ArrayList<Long> sizes = new ArrayList<>();
    private final ArrayList<Utf8> staged = new ArrayList<>(2);
    private boolean zero;
    private Pointer[] bound;

    /** Columns of {@code n} rows for {@code struct} (whose {@code n} field, if any, the caller sets). */
    StructColumns(S struct, int n) {
        this.struct = struct;
        this.n = n;
    }

    /** Where column {@code field} was placed by {@link #bind} (null when it was not given). */
    Pointer pointer(String field) {
        int i = fields.indexOf(field);
        return i < 0 ? null : bound[i];
    }

    /** The struct. */
    S struct() {
        return struct;
    }

    /** An input column copied from a {@code byte[]}, {@code short[]}, {@code int[]} or {@code long[]} (null: none). */
    StructColumns<S> in(String field, Object array) {
        if (array != null) {
            add(field, array, bytes(array));
        }
        return this;
    }

    /** A string column: {@code prefix_data}, {@code prefix_offsets} and, for lists, {@code prefix_row_offsets}. */
    StructColumns<S> text(String prefix, Utf8 u) {
        if (u != null) {
            staged.add(u);
            if (u.rows != null) {
                add(prefix + "_row_offsets", u.rows, 8L * (u.rowCount + 1));
            }
            add(prefix + "_data", u.data, u.length);
            add(prefix + "_offsets", u.offsets, 8L * (u.count + 1));
        }
        return this;
    }

    /** Output columns of {@code width} bytes per row, in the order given. */
    StructColumns<S> out(int width, String... names) {
        return out((long) width * n, names);
    }

    /** Output columns of {@code bytes} bytes each, in the order given. */
    StructColumns<S> out(long bytes, String... names) {
        for (String name : names) {
            add(name, OUT, bytes);
        }
        return this;
    }

    /** Output columns are zeroed before the call (for outputs the library may leave partly unwritten). */
    StructColumns<S> zeroed() {
        zero = true;
        return this;
    }

    /**
     * Allocates the block in {@code mem}, copies the inputs, points the fields
     * at the columns and writes the struct.
     * @return the buffers of the output columns, in the order they were declared
     */
    ByteBuffer[] bind(Columns mem) {
        try {
            int k = fields.size();
            long[] at = new long[k];
            long total = 0;
            for (int i = 0; i < k; i++) {
                at[i] = total;
                total += (Math.max(8, sizes.get(i)) + 7) & ~7L;
            }
            Memory m = mem.block(total);
            bound = new Pointer[k];
            ArrayList<ByteBuffer> outs = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                Object v = values.get(i);
                long size = Math.max(8, sizes.get(i));
                if (v == OUT) {
                    if (zero) {
                        m.setMemory(at[i], size, (byte) 0);
                    }
                    outs.add(m.getByteBuffer(at[i], size).order(ByteOrder.nativeOrder()));
                } else {
                    write(m, at[i], v, sizes.get(i));
                }
                bound[i] = m.share(at[i], size);
                if (struct != null) {
                    struct.writeField(fields.get(i), bound[i]);
                }
            }
            if (struct != null) {
                struct.write();
            }
            return outs.toArray(new ByteBuffer[0]);
        } finally {
            for (Utf8 u : staged) {
                u.release();
            }
            staged.clear();
        }
    }

    /**
     * Binds an input struct in {@code mem} and freezes it: written once,
     * never re-synchronised, so that several threads may pass it at once.
     */
    S input(Columns mem) {
        bind(mem);
        struct.setAutoSynch(false);
        return struct;
    }

    /** Binds an output struct in a memory of its own, with a row-status array. */
    Output<S> output() {
        Columns mem = new Columns();
        return new Output<>(struct, mem, bind(mem), new int[n]);
    }

    /**
     * The output of one batch call.
     *
     * @param struct the results struct to pass
     * @param mem its native memory
     * @param cols the output columns, as declared
     * @param status the row statuses to pass
     * @param <S> the struct
     */
    record Output<S extends Structure>(S struct, Columns mem, ByteBuffer[] cols, int[] status) {
    }

    /** The first {@code n} values of an int64 output column, copied. */
    static long[] toLongs(ByteBuffer col, int n) {
        long[] out = new long[n];
        col.asLongBuffer().get(out);
        return out;
    }

    private void add(String field, Object value, long size) {
        fields.add(field);
        values.add(value);
        sizes.add(size);
    }

    private static long bytes(Object a) {
        if (a instanceof byte[] b) {
            return b.length;
        } else if (a instanceof short[] s) {
            return 2L * s.length;
        } else if (a instanceof int[] i) {
            return 4L * i.length;
        } else if (a instanceof long[] l) {
            return 8L * l.length;
        }
        throw new IllegalArgumentException("not a column: " + a.getClass());
    }

    // One bulk copy (JNA's Pointer.write) per column; size is in bytes.
    private static void write(Memory m, long at, Object v, long size) {
        if (v instanceof byte[] b) {
            m.write(at, b, 0, (int) size);
        } else if (v instanceof short[] s) {
            m.write(at, s, 0, (int) (size / 2));
        } else if (v instanceof int[] i) {
            m.write(at, i, 0, (int) (size / 4));
        } else {
            m.write(at, (long[]) v, 0, (int) (size / 8));
        }
    }
}
