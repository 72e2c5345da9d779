package org.yibao;

import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * libyibao for Java: the library's version and status names.
 *
 * <p>The native library bundled in the jar (linux-x86-64) is loaded on first
 * use, without any system install (see {@link NativeLoader}).
 *
 * <h2>Thread safety</h2>
 * A {@link Context} belongs to one thread at a time: give every worker thread
 * its own. Handles loaded from packs (a {@link DrgScheme}, and the other
 * modules' schemes, catalogues and books) and a {@link Dictionary} once filled
 * are immutable and may be shared by any number of threads, each calling with
 * its own context. {@link CaseBatch} objects are immutable once built and may
 * be shared too. Static helpers ({@link Money}, {@link Dictionary#normalize})
 * need no context and are thread-safe.
 */
public final class Yibao {
    static {
        NativeLoader.load();
    }

    private Yibao() {}

    /** Ensures the native library is loaded (it is, on first use of any class). */
    static void load() {
        // the static initialiser did it
    }

    /** The loaded library's version, "MAJOR.MINOR.PATCH". */
    public static String version() {
        return NativeYibao.yb_version_string();
    }

    /** The loaded library's version as MAJOR*10000 + MINOR*100 + PATCH. */
    public static int versionNumber() {
        return NativeYibao.yb_version_number();
    }

    /** The stable symbolic name of a status, such as {@code "YB_E_FORMAT"}; "YB_UNKNOWN" otherwise. */
    public static String statusName(int status) {
        return NativeYibao.yb_status_name(status);
    }

    /** The English text of a status; "unknown status" for values that are not codes. */
    public static String statusText(int status) {
        return NativeYibao.yb_strerror(status);
    }
}
