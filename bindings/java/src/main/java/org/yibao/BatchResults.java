package org.yibao;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * What every batch result shares: the row count, the row statuses, the
 * number of failed rows and the native memory the result columns live in
 * ({@link StructColumns.Output}).
 */
abstract class BatchResults implements AutoCloseable {
    private final String what;
    private final int failed;
    final int[] status;
    final Columns mem;

    BatchResults(String what, int failed, StructColumns.Output<?> out) {
        this.what = what;
        this.failed = failed;
        this.status = out.status();
        this.mem = out.mem();
    }

    /**
     * Frees the native memory now (so the next batch reuses it); without it,
     * the memory goes when the results are garbage-collected. The getters
     * throw afterwards, and column views taken before must not be used.
     */
    @Override
    public void close() {
        mem.close();
    }

    /** Number of rows. */
    public int size() {
        return status.length;
    }

    /** Number of rows whose status is not 0. */
    public int failedRows() {
        return failed;
    }

    /** The row status: 0 or a {@code yb_status} code (name it with {@link Yibao#statusName}). */
    public int status(int row) {
        return status[row];
    }

    /** Throws once closed. */
    final void check() {
        mem.check(what);
    }

    /** Row {@code row} of an int32 column; throws once closed. */
    final int at(IntBuffer col, int row) {
        check();
        return col.get(row);
    }

    /** Row {@code row} of an int64 column; throws once closed. */
    final long at(LongBuffer col, int row) {
        check();
        return col.get(row);
    }

    /** A view of a whole column, read-only, without copying; throws once closed. */
    final <T extends java.nio.Buffer> T view(T col) {
        check();
        @SuppressWarnings("unchecked")
        T dup = (T) col.duplicate();
        return dup;
    }

    /** A read-only view of an int32 column of {@code n} rows. */
    static IntBuffer ints(ByteBuffer col, int n) {
        return col.asIntBuffer().limit(n).asReadOnlyBuffer();
    }

    /** A read-only view of an int64 column of {@code n} rows. */
    static LongBuffer longs(ByteBuffer col, int n) {
        return col.asLongBuffer().limit(n).asReadOnlyBuffer();
    }

    /** A read-only view of an int8 (or int16) column. */
    static ByteBuffer bytes(ByteBuffer col) {
        return col.asReadOnlyBuffer().order(col.order());
    }
}
