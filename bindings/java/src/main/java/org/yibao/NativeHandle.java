package org.yibao;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * A native object owned by a Java object: freed by {@link #close()}, or by a
 * {@link Cleaner} when the owner becomes unreachable without being closed (a
 * safety net, not a substitute for try-with-resources).
 *
 * <p>Subclasses read the pointer with {@link #ptr()} and end every method that
 * passes it to C with {@code Reference.reachabilityFence(this)}, so the
 * cleaner cannot free the object during the call; the helpers {@link #get},
 * {@link #call}, {@link #open} and {@link #codes} do both.
 */
abstract class NativeHandle implements AutoCloseable {
    static final Cleaner CLEANER = Cleaner.create();

    private final Release release;
    private final Cleaner.Cleanable cleanable;
    private final String what;
    private final NativeHandle parent;

    /** Takes ownership of {@code ptr}, released with {@code free} (which must not capture the owner). */
    NativeHandle(Pointer ptr, Consumer<Pointer> free, String what) {
        this(ptr, free, what, null);
    }

    /**
     * The same for an object that points into {@code parent} (a ledger into
     * its plan, a year into its book, a scheme's dictionary): the parent is
     * kept reachable, and once it is closed this one refuses use.
     */
    NativeHandle(Pointer ptr, Consumer<Pointer> free, String what, NativeHandle parent) {
        this.release = new Release(ptr, free);
        this.cleanable = CLEANER.register(this, release);
        this.what = what;
        this.parent = parent;
    }

    /** The native pointer. @throws IllegalStateException once this or its parent is closed */
    final Pointer ptr() {
        if (parent != null) {
            parent.ptr();
        }
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

    // ---- calls

    /** A C function of (ctx, this, …) returning a status. */
    interface CtxCall {
        int call(Pointer ctx, Pointer self);
    }

    /** A C function of (ctx, this, …) returning a count or a negative status. */
    interface CtxCall64 {
        long call(Pointer ctx, Pointer self);
    }

    /** A C function that makes a handle: (ctx, …, out) returning a status. */
    interface Opener {
        int open(Pointer ctx, PointerByReference out);
    }

    /** A C function giving the code of an id. */
    interface CodeAt {
        String code(Pointer self, int id);
    }

    /** A C function filling a struct about this object. */
    interface Fill<S> {
        int fill(Pointer self, S out);
    }

    /** A C function giving item {@code i} of this object. */
    interface ItemAt<T> {
        T item(Pointer self, long i);
    }

    /** {@code f(ptr())}, this kept reachable during the call. */
    final <T> T get(Function<Pointer, T> f) {
        try {
            return f.apply(ptr());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** {@code f(ptr())} for an int result. */
    final int getInt(ToIntFunction<Pointer> f) {
        try {
            return f.applyAsInt(ptr());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** {@code f(ptr())} for a long result. */
    final long getLong(ToLongFunction<Pointer> f) {
        try {
            return f.applyAsLong(ptr());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** {@code out} filled by {@code f}; a negative status throws, naming {@code what}. */
    final <S> S fetch(S out, Fill<S> f, String what) {
        check(getInt(p -> f.fill(p, out)), what);
        return out;
    }

    /** Items 0 … count-1, each made by {@code item}. */
    final <T> List<T> items(ToLongFunction<Pointer> count, ItemAt<T> item) {
        try {
            Pointer p = ptr();
            long n = count.applyAsLong(p);
            List<T> out = new ArrayList<>((int) Math.min(n, Integer.MAX_VALUE));
            for (long i = 0; i < n; i++) {
                out.add(item.item(p, i));
            }
            return List.copyOf(out);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** {@code f(ctx, this)}, its status checked on {@code ctx} (so a failure throws with the detail). */
    final int call(Context ctx, CtxCall f) {
        try {
            return ctx.check(f.call(ctx.ptr(), ptr()));
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    /** {@link #call} for a function returning a 64-bit count (or a negative status). */
    final long call64(Context ctx, CtxCall64 f) {
        try {
            long rc = f.call(ctx.ptr(), ptr());
            if (rc < 0) {
                ctx.check((int) Math.max(rc, Integer.MIN_VALUE));
            }
            return rc;
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    /** A handle made by {@code f} (a load, a new ledger, a trace …), its status checked on {@code ctx}. */
    static Pointer open(Context ctx, Opener f) {
        try {
            PointerByReference out = new PointerByReference();
            ctx.check(f.open(ctx.ptr(), out));
            return out.getValue();
        } finally {
            Reference.reachabilityFence(ctx);
        }
    }

    /** {@link #open} for a handle made from this one (the C function reads {@link #ptr()}). */
    final Pointer openFrom(Context ctx, Opener f) {
        try {
            return open(ctx, f);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The codes of ids 0 … count-1. */
    final List<String> codes(ToIntFunction<Pointer> count, CodeAt code) {
        try {
            return List.of(codes(ptr(), count, code));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The codes of ids 0 … count-1 of the object at {@code p}. */
    static String[] codes(Pointer p, ToIntFunction<Pointer> count, CodeAt code) {
        String[] out = new String[count.applyAsInt(p)];
        for (int i = 0; i < out.length; i++) {
            out[i] = code.code(p, i);
        }
        return out;
    }

    // ---- values

    /** A NUL-terminated UTF-8 copy of {@code s} in native memory, or null. */
    static Memory cstr(String s) {
        if (s == null) {
            return null;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(b.length + 1L);
        m.write(0, b, 0, b.length);
        m.setByte(b.length, (byte) 0);
        return m;
    }

    /** The UTF-8 string at {@code p}, or "" for NULL. */
    static String str(Pointer p) {
        return p == null ? "" : p.getString(0, "UTF-8");
    }

    /** Throws for a negative status of a call that records nothing on a context, naming {@code what}. */
    static int check(int rc, String what) {
        if (rc < 0) {
            throw YibaoException.of(ErrorInfo.ofStatus(rc, what + ": " + Yibao.statusText(rc)));
        }
        return rc;
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
