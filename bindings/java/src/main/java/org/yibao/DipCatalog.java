package org.yibao;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
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
 * between threads, each with its own {@link Context}. A region's catalogue is
 * built from its case history with {@link #build}.
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
        codes = codes(p, NativeYibao::yb_dip_group_count, NativeYibao::yb_dip_group_code);
        dx = Dictionary.borrowed(this, NativeYibao.yb_dip_catalog_dx_dict(p));
        proc = Dictionary.borrowed(this, NativeYibao.yb_dip_catalog_proc_dict(p));
    }

    /** Loads a catalogue (and the base packs it overlays). @throws YibaoException with the file, line and value at fault */
    public static DipCatalog load(Context ctx, Path pack) {
        return new DipCatalog(open(ctx, (c, out) -> NativeYibao.yb_dip_catalog_load(c, pack.toString(), out)));
    }

    /** The pack's fingerprint, for audit. */
    public String fingerprint() {
        return get(NativeYibao::yb_dip_catalog_fingerprint);
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
        int[] id = new int[1];
        return getInt(p -> NativeYibao.yb_dip_group_find(p, code, id)) == 0 ? id[0] : NONE;
    }

    /** A group's entry. @throws IndexOutOfBoundsException for an unknown id */
    public Group group(int id) {
        if (id < 0 || id >= codes.length) {
            throw new IndexOutOfBoundsException("no group " + id + " (" + codes.length + " in the catalogue)");
        }
        return get(p -> {
            long[] score = new long[1];
            long s = NativeYibao.yb_dip_group_score(p, id, score) == 0 ? score[0] : -1;
            return new Group(codes[id], NativeYibao.yb_dip_group_name(p, id), NativeYibao.yb_dip_group_kind(p, id),
                    NativeYibao.yb_dip_group_primary_care(p, id) == 1, NativeYibao.yb_dip_group_active(p, id) == 1, s);
        });
    }

    /**
     * An auxiliary subtype (辅助分型) with its coefficient.
     *
     * @param code such as "CCI-2"
     * @param group the group it belongs to, or {@link #NONE} when it applies to every group
     * @param coefficient its coefficient (6 decimals)
     */
    public record Subtype(String code, int group, long coefficient) {
    }

    /** The subtypes that have a coefficient, by subtype id (the {@code subtype} of a result). */
    public List<Subtype> subtypes() {
        return items(p -> NativeYibao.yb_dip_subtype_count(p), (p, i) -> new Subtype(
                NativeYibao.yb_dip_subtype_code(p, (int) i), NativeYibao.yb_dip_subtype_group(p, (int) i),
                NativeYibao.yb_dip_subtype_coefficient(p, (int) i)));
    }

    /**
     * Builds a region's catalogue from its case history with this catalogue
     * as the base ({@code yb_dip_build_catalog}; see {@link DipBuild}) and
     * writes it, as a {@code dip-catalog} pack overlaying this one, into
     * {@code outDir} (created if missing). Rows that cannot be used (a bad
     * cost, a year outside the years built, a bad code) get a status and are
     * left out.
     * @param ctx the calling thread's context
     * @param cases the history's cases
     * @param costFen total cost of each case, fen (≥ 0)
     * @param years discharge year of each case
     * @param params the parameters ({@code new DipBuild.Params()} for the defaults)
     * @param outDir the directory to write (not this catalogue's own)
     * @throws YibaoException.Param for a parameter out of range, naming it
     * @throws YibaoException.NotFound when the reference group has no cases
     * @throws YibaoException.DivisionByZero when no case could be grouped
     */
    public DipBuild build(Context ctx, CaseBatch cases, long[] costFen, int[] years, DipBuild.Params params,
                          Path outDir) {
        return DipBuild.run(ctx, this, cases, costFen, years, params, outDir);
    }

    /** Groups a batch; bad rows get a status, unmatched rows {@link #FLAG_UNGROUPED}. */
    public DipResults group(Context ctx, CaseBatch cases) {
        StructColumns.Output<NativeYibao.YbDipResults> out = DipResults.output(cases.size());
        try {
            int failed = call(ctx, (c, p) -> NativeYibao.yb_dip_group_batch(c, p, cases.columns(), out.struct(),
                    out.status()));
            return new DipResults(this, failed, out);
        } finally {
            cases.keepAlive();
        }
    }

    /** Groups one case. @throws YibaoException.GroupingRow when the case is rejected, with the reason */
    public DipResults.Result groupOne(Context ctx, InpatientCase c) {
        OneCase k = new OneCase(c);
        NativeYibao.YbDipResult r = new NativeYibao.YbDipResult();
        try {
            call(ctx, (x, p) -> NativeYibao.yb_dip_group_one(x, p, k.struct, r));
            return new DipResults.Result(0, r.group, groupCode(r.group), r.layer, r.attribute, r.matched_procs,
                    r.subtype, r.subtype_coef, r.score, r.subtype_score, r.cci, r.flags);
        } finally {
            Reference.reachabilityFence(k);
        }
    }

    /** How row {@code row} of a batch is grouped, as text (codes, candidate rules, tie-break, subtype). */
    public String trace(Context ctx, CaseBatch cases, int row) {
        try {
            return text(ctx, (x, p, buf, needed) -> NativeYibao.yb_dip_trace_text(x, p, cases.columns(), row, buf,
                    buf == null ? 0 : buf.length, needed));
        } finally {
            cases.keepAlive();
        }
    }

    /** How one case is grouped, as text; a rejected case's text says why. */
    public String trace(Context ctx, InpatientCase c) {
        OneCase k = new OneCase(c);
        try {
            return text(ctx, (x, p, buf, needed) -> NativeYibao.yb_dip_trace_one_text(x, p, k.struct, buf,
                    buf == null ? 0 : buf.length, needed));
        } finally {
            Reference.reachabilityFence(k);
        }
    }

    private interface TextCall {
        int call(Pointer ctx, Pointer catalog, byte[] buf, long[] needed);
    }

    // Asks for the length, then fills a buffer of that size; a row status still gives the text.
    private String text(Context ctx, TextCall f) {
        try {
            Pointer x = ctx.ptr();
            Pointer p = ptr();
            long[] needed = new long[1];
            int rc = f.call(x, p, null, needed);
            if (rc < 0 && rc > -100) {
                ctx.check(rc);
            }
            byte[] buf = new byte[(int) needed[0] + 1];
            rc = f.call(x, p, buf, needed);
            if (rc < 0 && rc > -100) {
                ctx.check(rc);
            }
            return new String(buf, 0, (int) needed[0], StandardCharsets.UTF_8);
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(ctx);
        }
    }

    /** A {@code yb_dip_case} and the native strings it points to. */
    private static final class OneCase {
        final NativeYibao.YbDipCase struct = new NativeYibao.YbDipCase();
        private final Memory diagnoses;
        private final Memory procedures;

        OneCase(InpatientCase c) {
            struct.sex = Columns.toByte(c.sex());
            struct.age_years = Columns.toShort(c.ageYears());
            struct.age_days = c.ageDays();
            struct.birth_weight_g = c.birthWeightG();
            struct.los_days = c.losDays();
            struct.discharge_type = Columns.toByte(c.dischargeType());
            struct.vent_hours = c.ventHours();
            struct.icu_days = c.icuDays();
            diagnoses = cstr(String.join("|", c.diagnoses()));
            procedures = c.procedures().isEmpty() ? null : cstr(String.join("|", c.procedures()));
            struct.diagnoses = diagnoses;
            struct.procedures = procedures;
        }
    }
}
