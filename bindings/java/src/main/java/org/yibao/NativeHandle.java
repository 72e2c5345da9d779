package org.yibao;

import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.util.function.Consumer;

/**
 * A native object owned by a Java object: freed by {@link #close()}, or by a
 * {@link Cleaner} when the owner becomes unreachable without being closed (a
 * safety net, not a substitute for try-with-resources).
 *
 * <p>Subclasses read the pointer with {@link #ptr()} and end every method that
 * passes it to C with {@code Reference.reachabilityFence(this)}, so the
 * cleaner cannot free the object during the call.
 */
abstract class NativeHandle implements AutoCloseable {
    static final Cleaner CLEANER = Cleaner.create();

    private final Release release;
    private final Cleaner.Cleanable cleanable;
    private final String what;

    /** Takes ownership of {@code ptr}, released with {@code free} (which must not capture the owner). */
    NativeHandle(Pointer ptr, Consumer<Pointer> free, String what) {
        this.release = new Release(ptr, free);
        this.cleanable = CLEANER.register(this, release);
        this.what = what;
    }

    /** The native pointer. @throws IllegalStateException once closed */
    final Pointer ptr() {
        Pointer p = release.ptr;
        if (p == null) {
            throw new IllegalStateException("the " + what + " is closed");
        }
        return p;
    }

    /** Whether {@link #close()} was called. */
    public final boolean isClosed() {
        return release.ptr == null;
    }

    /** Frees the native object; later calls do nothing. */
    @Override
    public void close() {
        cleanable.clean();
    }

    private static final class Release implements Runnable {
        volatile Pointer ptr;
        final Consumer<Pointer> free;

        Release(Pointer ptr, Consumer<Pointer> free) {
            this.ptr = ptr;
            this.free = free;
        }

        @Override
        public void run() {
            Pointer p = ptr;
            ptr = null;
            if (p != null) {
                free.accept(p);
            }
        }
    }
}
