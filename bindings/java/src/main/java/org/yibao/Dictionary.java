package org.yibao;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
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
    /** The id {@link #lookupAll} gives a string that is not a code (empty, bad character, too long). */
    public static final int INVALID_ID = NativeYibao.YB_DICT_INVALID;

    private final boolean borrowed; // a scheme's read-only view

    /** An empty dictionary using {@code ctx}'s allocator. */
    public Dictionary(Context ctx) {
        super(open(ctx, NativeYibao::yb_dict_new), NativeYibao::yb_dict_free, "dictionary");
        this.borrowed = false;
    }

    private Dictionary(NativeHandle owner, Pointer p) {
        super(p, q -> { }, "dictionary", owner);
        this.borrowed = true;
    }

    /** A read-only view of a dictionary owned by {@code owner}. */
    static Dictionary borrowed(NativeHandle owner, Pointer p) {
        return new Dictionary(owner, p);
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
        if (borrowed) {
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
            int rc = NativeYibao.yb_dict_lookup(ptr(), b, b.length, id);
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

    /**
     * The ids of many codes in one native call ({@code yb_dict_lookup_batch}),
     * each normalised first: {@link #NO_ID} for a code not in the dictionary,
     * {@link #INVALID_ID} for a string that is not a code (a null one
     * included). Gives what {@link #lookup} gives code by code, without
     * throwing; use it to build id columns ({@link CaseBatch.Builder#diagnosisIds}).
     * Thread-safe.
     */
    public int[] lookupAll(String... codes) {
        int n = codes.length;
        int[] ids = new int[n];
        if (n == 0) {
            return ids;
        }
        StructColumns<Structure> cols = new StructColumns<>(null, n).text("code", Utf8.of(codes));
        try (Columns mem = new Columns()) {
            cols.bind(mem);
            check(getInt(p -> NativeYibao.yb_dict_lookup_batch(ptr(), cols.pointer("code_data"),
                    cols.pointer("code_offsets"), n, ids)), "dictionary lookup");
        }
        return ids;
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
            String c = id < 0 ? null : NativeYibao.yb_dict_code(ptr(), id);
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
            return NativeYibao.yb_dict_count(ptr());
        } finally {
            Reference.reachabilityFence(this);
        }
    }
}
