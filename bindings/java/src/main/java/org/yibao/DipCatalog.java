package org.yibao;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * A DIP catalogue ({@code yb_dip_catalog}, {@code dip.h}) loaded from a
 * {@code dip-catalog} pack: the national DIP 3.0 layer and, as an overlay, a
 * region's groups, scores and subtype coefficients. Immutable and shareable
 * between threads, each with its own {@link Context}. (The catalogue builder
 * of {@code dip.h} is reachable through the generated layer only.)
 */
public final class DipCatalog extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /** No group / no subtype ({@code YB_DIP_NONE}). */
    public static final int NONE = NativeYibao.YB_DIP_NONE;
    /** A primary-care group (基层病种). */
    public static final int FLAG_PRIMARY_CARE = NativeYibao.YB_DIP_FLAG_PRIMARY_CARE;
    /** The principal diagnosis is on the exclusion list. */
    public static final int FLAG_EXCLUDED_DX = NativeYibao.YB_DIP_FLAG_EXCLUDED_DX;
    /** A procedure on the exclusion list was ignored. */
    public static final int FLAG_PROC_IGNORED = NativeYibao.YB_DIP_FLAG_PROC_IGNORED;
    /** The first procedure may not be principal; a later one was used. */
    public static final int FLAG_PRINCIPAL_SHIFTED = NativeYibao.YB_DIP_FLAG_PRINCIPAL_SHIFTED;
    /** Several groups tied and the declared tie-break decided. */
    public static final int FLAG_TIE_BREAK = NativeYibao.YB_DIP_FLAG_TIE_BREAK;
    /** The group has no score in this catalogue. */
    public static final int FLAG_NO_SCORE = NativeYibao.YB_DIP_FLAG_NO_SCORE;
    /** No comprehensive group for the attribute; the conservative one was used. */
    public static final int FLAG_FALLBACK_CONSERVATIVE = NativeYibao.YB_DIP_FLAG_FALLBACK_CONSERVATIVE;
    /** A code unknown to the catalogue was accepted. */
    public static final int FLAG_UNKNOWN_CODE = NativeYibao.YB_DIP_FLAG_UNKNOWN_CODE;
    /** The ventilation code was added from the ventilation hours. */
    public static final int FLAG_VENTILATION_HOURS = NativeYibao.YB_DIP_FLAG_VENTILATION_HOURS;
    /** No group matched (未入组). */
    public static final int FLAG_UNGROUPED = NativeYibao.YB_DIP_FLAG_UNGROUPED;

    /**
     * A group of the catalogue.
     *
     * @param code such as "JC3625"
     * @param name the name (UTF-8)
     * @param layer the layer it is matched in (1 pre … 5 comprehensive)
     * @param primaryCare a primary-care group (基层病种)
     * @param active whether it takes part in matching
     * @param score its score (4 decimals), or -1 when the catalogue gives none
     */
    public record Group(String code, String name, int layer, boolean primaryCare, boolean active, long score) {
    }

    private final String[] codes;
    private final Dictionary dx;
    private final Dictionary proc;

    private DipCatalog(Pointer p) {
        super(p, NativeYibao::yb_dip_catalog_free, "DIP catalogue");
        codes = new String[NativeYibao.yb_dip_group_count(p)];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = NativeYibao.yb_dip_group_code(p, i);
        }
        dx = Dictionary.borrowed(this, NativeYibao.yb_dip_catalog_dx_dict(p));
        proc = Dictionary.borrowed(this, NativeYibao.yb_dip_catalog_proc_dict(p));
    }

    /** Loads a catalogue (and the base packs it overlays). @throws YibaoException with the file, line and value at fault */
    public static DipCatalog load(Context ctx, Path pack) {
        try {
            PointerByReference out = new PointerByReference();
            ctx.check(NativeYibao.yb_dip_catalog_load(ctx.ptr(), pack.toString(), out));
            return new DipCatalog(out.getValue());
        } finally {
            Reference.reachabilityFence(ctx);
        }
    }

    /** The pack's fingerprint, for audit. */
    public String fingerprint() {
        try {
            return NativeYibao.yb_dip_catalog_fingerprint(ptr());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The diagnosis dictionary (ids for {@link CaseBatch.Builder#diagnosisIds}); read-only. */
    public Dictionary diagnoses() {
        return dx;
    }

    /** The procedure dictionary; read-only. */
    public Dictionary procedures() {
        return proc;
    }

    /** Group codes by id, in catalogue order. */
    public List<String> groupCodes() {
        return List.of(codes);
    }

    /** Code of a group id, or null for {@link #NONE}. */
    public String groupCode(int id) {
        return id == NONE ? null : codes[id];
    }

    /** Id of a group code, or {@link #NONE}. */
    public int groupId(String code) {
        try {
            int[] id = new int[1];
            return NativeYibao.yb_dip_group_find(ptr(), code, id) == 0 ? id[0] : NONE;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** A group's entry. @throws IndexOutOfBoundsException for an unknown id */
    public Group group(int id) {
        if (id < 0 || id >= codes.length) {
            throw new IndexOutOfBoundsException("no group " + id + " (" + codes.length + " in the catalogue)");
        }
        try {
            Pointer p = ptr();
            long[] score = new long[1];
            long s = NativeYibao.yb_dip_group_score(p, id, score) == 0 ? score[0] : -1;
            return new Group(codes[id], NativeYibao.yb_dip_group_name(p, id), NativeYibao.yb_dip_group_kind(p, id),
                    NativeYibao.yb_dip_group_primary_care(p, id) == 1, NativeYibao.yb_dip_group_active(p, id) == 1, s);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Groups a batch; bad rows get a status, unmatched rows {@link #FLAG_UNGROUPED}. */
    public DipResults group(Context ctx, CaseBatch cases) {
        DipResults.Out out = new DipResults.Out(cases.size());
        try {
            int failed = ctx.check(NativeYibao.yb_dip_group_batch(ctx.ptr(), ptr(), cases.columns(), out.struct,
                    out.status));
            return new DipResults(this, failed, out);
        } finally {
            cases.keepAlive();
            Reference.reachabilityFence(out);
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    /** Groups one case. @throws YibaoException.GroupingRow when the case is rejected, with the reason */
    public DipResults.Result groupOne(Context ctx, InpatientCase c) {
        NativeYibao.YbDipCase k = struct(c);
        NativeYibao.YbDipResult r = new NativeYibao.YbDipResult();
        try {
            ctx.check(NativeYibao.yb_dip_group_one(ctx.ptr(), ptr(), k, r));
            return new DipResults.Result(0, r.group, groupCode(r.group), r.layer, r.attribute, r.matched_procs,
                    r.subtype, r.subtype_coef, r.score, r.subtype_score, r.cci, r.flags);
        } finally {
            Reference.reachabilityFence(k);
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    /** How row {@code row} of a batch is grouped, as text (codes, candidate rules, tie-break, subtype). */
    public String trace(Context ctx, CaseBatch cases, int row) {
        try {
            return text((buf, needed) -> NativeYibao.yb_dip_trace_text(ctx.ptr(), ptr(), cases.columns(), row, buf,
                    buf == null ? 0 : buf.length, needed), ctx);
        } finally {
            cases.keepAlive();
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    /** How one case is grouped, as text; a rejected case's text says why. */
    public String trace(Context ctx, InpatientCase c) {
        NativeYibao.YbDipCase k = struct(c);
        try {
            return text((buf, needed) -> NativeYibao.yb_dip_trace_one_text(ctx.ptr(), ptr(), k, buf,
                    buf == null ? 0 : buf.length, needed), ctx);
        } finally {
            Reference.reachabilityFence(k);
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    private interface TextCall {
        int call(byte[] buf, long[] needed);
    }

    // Asks for the length, then fills a buffer of that size; a row status still gives the text.
    private static String text(TextCall f, Context ctx) {
        long[] needed = new long[1];
        int rc = f.call(null, needed);
        if (rc < 0 && rc > -100) {
            ctx.check(rc);
        }
        byte[] buf = new byte[(int) needed[0] + 1];
        rc = f.call(buf, needed);
        if (rc < 0 && rc > -100) {
            ctx.check(rc);
        }
        return new String(buf, 0, (int) needed[0], StandardCharsets.UTF_8);
    }

    private static NativeYibao.YbDipCase struct(InpatientCase c) {
        NativeYibao.YbDipCase k = new NativeYibao.YbDipCase();
        k.sex = (byte) c.sex();
        k.age_years = (short) c.ageYears();
        k.age_days = c.ageDays();
        k.birth_weight_g = c.birthWeightG();
        k.los_days = c.losDays();
        k.discharge_type = (byte) c.dischargeType();
        k.vent_hours = c.ventHours();
        k.icu_days = c.icuDays();
        k.diagnoses = PointsBook.cstr(String.join("|", c.diagnoses()));
        k.procedures = c.procedures().isEmpty() ? null : PointsBook.cstr(String.join("|", c.procedures()));
        return k;
    }
}
