package org.yibao;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * A code dictionary ({@code dict.h}): ICD-10 / ICD-9-CM-3 codes interned to
 * dense ids 0, 1, 2, … in order of first interning, after the documented
 * normalisation ({@link #normalize}).
 *
 * <p>Filled by one thread ({@link #intern}), then read by any number
 * ({@link #lookup}, {@link #code}, {@link #size}). A scheme's dictionaries
 * ({@link DrgScheme#diagnoses()}) are read-only views that live as long as
 * the scheme.
 */
public final class Dictionary extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /** The id returned by {@link #lookup} for a code that is not in the dictionary. */
    public static final int NO_ID = -1;

    private final NativeHandle owner; // non-null for a borrowed, read-only view

    /** An empty dictionary using {@code ctx}'s allocator. */
    public Dictionary(Context ctx) {
        super(create(ctx), NativeYibao::yb_dict_free, "dictionary");
        this.owner = null;
    }

    private Dictionary(NativeHandle owner, Pointer p) {
        super(p, q -> { }, "dictionary");
        this.owner = owner;
    }

    /** A read-only view of a dictionary owned by {@code owner}. */
    static Dictionary borrowed(NativeHandle owner, Pointer p) {
        return new Dictionary(owner, p);
    }

    private static Pointer create(Context ctx) {
        try {
            PointerByReference out = new PointerByReference();
            ctx.check(NativeYibao.yb_dict_new(ctx.ptr(), out));
            return out.getValue();
        } finally {
            Reference.reachabilityFence(ctx);
        }
    }

    private Pointer dict() {
        if (owner != null) {
            owner.ptr(); // throws when the owner is closed
        }
        return ptr();
    }

    /**
     * Normalises a code as {@code dict.h} documents (full-width forms to
     * ASCII, trimmed, upper case except an extension {@code x}).
     * @throws YibaoException.Format for an empty code or a bad character
     * @throws YibaoException.Limit for a code longer than 63 bytes
     */
    public static String normalize(String code) {
        byte[] in = code.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[NativeYibao.YB_CODE_MAX + 1];
        long[] len = new long[1];
        int rc = NativeYibao.yb_code_normalize(in, in.length, out, out.length, len);
        if (rc < 0) {
            throw YibaoException.of(ErrorInfo.ofStatus(rc, "'" + code + "' is not a valid code: "
                    + Yibao.statusText(rc)));
        }
        return new String(out, 0, (int) len[0], StandardCharsets.US_ASCII);
    }

    /**
     * The id of {@code code}, adding it when new. Single writer: no other
     * thread may use the dictionary meanwhile.
     * @throws IllegalStateException on a scheme's read-only dictionary
     */
    public int intern(Context ctx, String code) {
        if (owner != null) {
            throw new IllegalStateException("a scheme's dictionary is read-only");
        }
        try {
            byte[] b = code.getBytes(StandardCharsets.UTF_8);
            int[] id = new int[1];
            ctx.check(NativeYibao.yb_dict_intern(ctx.ptr(), ptr(), b, b.length, id));
            return id[0];
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    /**
     * The id of {@code code} (normalised first), or {@link #NO_ID} when it is
     * not in the dictionary. Thread-safe.
     * @throws YibaoException.Format for a string that is not a code
     */
    public int lookup(String code) {
        try {
            byte[] b = code.getBytes(StandardCharsets.UTF_8);
            int[] id = new int[1];
            int rc = NativeYibao.yb_dict_lookup(dict(), b, b.length, id);
            if (rc == NativeYibao.YB_E_NOT_FOUND) {
                return NO_ID;
            }
            if (rc < 0) {
                throw YibaoException.of(ErrorInfo.ofStatus(rc, "'" + code + "' is not a valid code: "
                        + Yibao.statusText(rc)));
            }
            return id[0];
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Whether {@code code} is in the dictionary (false for a string that is not a code). */
    public boolean contains(String code) {
        try {
            return lookup(code) != NO_ID;
        } catch (YibaoException e) {
            return false;
        }
    }

    /** The normalised code of an id. @throws IndexOutOfBoundsException for an unknown id */
    public String code(int id) {
        try {
            String c = id < 0 ? null : NativeYibao.yb_dict_code(dict(), id);
            if (c == null) {
                throw new IndexOutOfBoundsException("no code with id " + id + " (" + size() + " codes)");
            }
            return c;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Number of codes. */
    public int size() {
        try {
            return NativeYibao.yb_dict_count(dict());
        } finally {
            Reference.reachabilityFence(this);
        }
    }
}
