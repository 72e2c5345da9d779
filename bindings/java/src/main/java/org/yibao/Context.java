package org.yibao;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * A libyibao worker context ({@code yb_ctx}): options, the detail of the last
 * error, and the log and progress listeners.
 *
 * <p><b>One context per thread.</b> A context is used by one thread at a time
 * (it records the last error); immutable handles such as a {@link DrgScheme}
 * are shared between threads, each passing its own context. Close it with
 * try-with-resources; a {@link java.lang.ref.Cleaner} frees a forgotten one.
 * Handles loaded with a context do not depend on it afterwards.
 *
 * <pre>{@code
 * try (Context ctx = new Context()) {
 *     ctx.setOption(Context.Option.MAX_CODES_PER_CASE, 32);
 *     ...
 * }
 * }</pre>
 */
public final class Context extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /** Context options ({@code yb_option}). */
    public enum Option {
        /** Rows between two progress calls (default 65536, minimum 1). */
        PROGRESS_INTERVAL(NativeYibao.YB_OPT_PROGRESS_INTERVAL),
        /** Longest CSV record in bytes accepted by readers (default 1 MiB). */
        CSV_MAX_RECORD(NativeYibao.YB_OPT_CSV_MAX_RECORD),
        /** Maximum diagnoses or procedures per case (default 64). */
        MAX_CODES_PER_CASE(NativeYibao.YB_OPT_MAX_CODES_PER_CASE);

        final int code;

        Option(int code) {
            this.code = code;
        }
    }

    /** Log levels ({@code yb_log_level}), most severe first. */
    public enum LogLevel {
        /** The message of a failed call. */
        ERROR,
        /** Something suspicious that did not fail the call. */
        WARN,
        /** Milestones: pack loaded, batch finished. */
        INFO,
        /** Detail useful when investigating. */
        DEBUG;

        int code() {
            return ordinal() + 1;
        }
    }

    /** Receives the library's log messages, on the thread that made the call. */
    @FunctionalInterface
    public interface LogListener {
        /** @param level the level @param message the text */
        void log(LogLevel level, String message);
    }

    /**
     * Told the progress of long batch calls, on the calling thread, every
     * {@link Option#PROGRESS_INTERVAL} rows.
     */
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * @param done rows done so far
         * @param total rows in the batch
         * @return true to go on; false to cancel (remaining rows get
         *         {@code YB_E_CANCELLED} and the call throws {@link YibaoException.Cancelled})
         */
        boolean progress(long done, long total);
    }

    // Installed callbacks are kept here: JNA must not collect them while C holds them.
    private NativeYibao.YbLogFn logFn;
    private NativeYibao.YbProgressFn progressFn;
    private Throwable listenerFailure;

    /** Creates a context with the C library's allocator. */
    public Context() {
        super(create(), NativeYibao::yb_ctx_free, "context");
    }

    private static Pointer create() {
        PointerByReference out = new PointerByReference();
        int rc = NativeYibao.yb_ctx_new(out, null);
        if (rc < 0) {
            throw YibaoException.of(ErrorInfo.ofStatus(rc, "cannot create a context: " + Yibao.statusText(rc)));
        }
        return out.getValue();
    }

    // ---- options

    /** Sets an option. @throws YibaoException.Param for a value outside the option's domain */
    public Context setOption(Option option, long value) {
        checked(p -> NativeYibao.yb_ctx_set_option(p, option.code, value));
        return this;
    }

    /** Reads an option. */
    public long option(Option option) {
        long[] v = new long[1];
        checked(p -> NativeYibao.yb_ctx_get_option(p, option.code, v));
        return v[0];
    }

    /** {@code f(ptr())}, its status checked on this context; for C functions that take only a context. */
    int checked(java.util.function.ToIntFunction<Pointer> f) {
        return check(getInt(f));
    }

    // ---- errors

    /** The last error recorded on this context, or null when there is none. */
    public ErrorInfo lastError() {
        try {
            Pointer p = ptr();
            if (NativeYibao.yb_ctx_errcode(p) == 0) {
                return null;
            }
            return readError(p);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Forgets the last error. */
    public void clearError() {
        getInt(p -> {
            NativeYibao.yb_ctx_clear_error(p);
            return 0;
        });
    }

    private static ErrorInfo readError(Pointer p) {
        NativeYibao.YbErrorInfo e = new NativeYibao.YbErrorInfo();
        if (NativeYibao.yb_ctx_error_info(p, e) < 0) {
            return null;
        }
        return new ErrorInfo(e.status, Yibao.statusName(e.status), str(e.message), str(e.file), e.line,
                e.column, str(e.field), str(e.value));
    }

    /**
     * Returns {@code rc} when it is not negative; otherwise throws the
     * exception of its family with this context's detail (when the context
     * recorded this status) or the status text. A listener that threw during
     * the call is rethrown first.
     */
    int check(int rc) {
        Throwable t = listenerFailure;
        if (t != null) {
            listenerFailure = null;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("a listener failed", t);
        }
        if (rc >= 0) {
            return rc;
        }
        Pointer p = ptr();
        ErrorInfo info = NativeYibao.yb_ctx_errcode(p) == rc ? readError(p) : null;
        throw YibaoException.of(info != null ? info : ErrorInfo.ofStatus(rc, Yibao.statusText(rc)));
    }

    // ---- listeners

    /**
     * Installs a log listener for messages up to {@code maxLevel}; null removes it.
     * The listener runs on the thread making the call; an exception it throws
     * is rethrown when that call returns.
     */
    public void setLogListener(LogListener listener, LogLevel maxLevel) {
        try {
            if (listener == null) {
                check(NativeYibao.yb_ctx_set_log(ptr(), null, null, 0));
                logFn = null;
                return;
            }
            NativeYibao.YbLogFn fn = (user, level, message) -> {
                try {
                    LogLevel[] all = LogLevel.values();
                    LogLevel l = level >= 1 && level <= all.length ? all[level - 1] : LogLevel.DEBUG;
                    listener.log(l, message == null ? "" : message);
                } catch (Throwable t) {
                    remember(t);
                }
            };
            check(NativeYibao.yb_ctx_set_log(ptr(), fn, null, maxLevel.code()));
            logFn = fn;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Installs a progress listener for batch calls made with this context;
     * null removes it. A listener that throws cancels the batch, and its
     * exception is rethrown when the batch returns.
     */
    public void setProgressListener(ProgressListener listener) {
        try {
            if (listener == null) {
                check(NativeYibao.yb_ctx_set_progress(ptr(), null, null));
                progressFn = null;
                return;
            }
            NativeYibao.YbProgressFn fn = (user, done, total) -> {
                try {
                    return listener.progress(done, total) ? 0 : 1;
                } catch (Throwable t) {
                    remember(t);
                    return 1;
                }
            };
            check(NativeYibao.yb_ctx_set_progress(ptr(), fn, null));
            progressFn = fn;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private void remember(Throwable t) {
        if (listenerFailure == null) {
            listenerFailure = t;
        } else if (listenerFailure != t) {
            listenerFailure.addSuppressed(t);
        }
    }

    @Override
    public void close() {
        super.close();
        logFn = null;
        progressFn = null;
    }
}
