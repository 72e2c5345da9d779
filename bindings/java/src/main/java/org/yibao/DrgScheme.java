package org.yibao;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.List;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * A CHS-DRG grouping scheme ({@code yb_drg_scheme}, {@code grouping.h})
 * loaded from a {@code drg-scheme} pack (CHS-DRG 1.0, 1.1, 2.0 or a local
 * variant).
 *
 * <p><b>Immutable and shared:</b> load it once and group from any number of
 * threads, each with its own {@link Context}:
 * <pre>{@code
 * DrgScheme scheme = DrgScheme.load(ctx, Path.of("packs/chs-drg-1.1"));
 * // in each worker thread:
 * try (Context ctx = new Context()) {
 *     DrgResults r = scheme.group(ctx, batch);
 *     String drg = r.drgCode(0);
 * }
 * }</pre>
 */
public final class DrgScheme extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /** No MDC, ADRG or DRG ({@code YB_DRG_NO_ID}, UINT32_MAX in C). */
    public static final int NO_ID = NativeYibao.YB_DRG_NO_ID;
    /** The case could not be grouped: its DRG is the ungroupable group (0000). */
    public static final int FLAG_UNGROUPABLE = NativeYibao.YB_DRG_FLAG_UNGROUPABLE;
    /** The case is in an ambiguous group (QY, 歧义组). */
    public static final int FLAG_AMBIGUOUS = NativeYibao.YB_DRG_FLAG_AMBIGUOUS;
    /** A secondary diagnosis counts as MCC (after exclusion). */
    public static final int FLAG_MCC = NativeYibao.YB_DRG_FLAG_MCC;
    /** A secondary diagnosis counts as CC (after exclusion). */
    public static final int FLAG_CC = NativeYibao.YB_DRG_FLAG_CC;
    /** An MCC or CC was cancelled by the principal's exclusion table. */
    public static final int FLAG_CC_EXCLUDED = NativeYibao.YB_DRG_FLAG_CC_EXCLUDED;
    /** A secondary code is unknown to the scheme. */
    public static final int FLAG_UNKNOWN_CODE = NativeYibao.YB_DRG_FLAG_UNKNOWN_CODE;
    /** The principal procedure is not valid as principal and was ignored. */
    public static final int FLAG_PROC_IGNORED = NativeYibao.YB_DRG_FLAG_PROC_IGNORED;
    /** An MDC's gate held but none of its ADRGs matched; grouping went on. */
    public static final int FLAG_FELL_THROUGH = NativeYibao.YB_DRG_FLAG_FELL_THROUGH;
    /** The row was rejected by validation; its status says why. */
    public static final int FLAG_INVALID = NativeYibao.YB_DRG_FLAG_INVALID;

    private final String[] mdcCodes;
    private final String[] adrgCodes;
    private final String[] drgCodes;
    private final Dictionary dx;
    private final Dictionary proc;

    private DrgScheme(Pointer p) {
        super(p, NativeYibao::yb_drg_scheme_free, "DRG scheme");
        mdcCodes = codes(p, NativeYibao::yb_drg_scheme_mdc_count, NativeYibao::yb_drg_scheme_mdc_code);
        adrgCodes = codes(p, NativeYibao::yb_drg_scheme_adrg_count, NativeYibao::yb_drg_scheme_adrg_code);
        drgCodes = codes(p, NativeYibao::yb_drg_scheme_drg_count, NativeYibao::yb_drg_scheme_drg_code);
        dx = Dictionary.borrowed(this, NativeYibao.yb_drg_scheme_dx_dict(p));
        proc = Dictionary.borrowed(this, NativeYibao.yb_drg_scheme_proc_dict(p));
    }

    /**
     * Loads a scheme; every table is checked against its checksum and every
     * condition compiled.
     * @param ctx the calling thread's context
     * @param pack the pack directory or its pack.json
     * @throws YibaoException naming the table, line, column and value at fault
     */
    public static DrgScheme load(Context ctx, Path pack) {
        return new DrgScheme(open(ctx, (c, out) -> NativeYibao.yb_drg_scheme_load(c, pack.toString(), out)));
    }

    /** The pack's fingerprint (64 hex digits), for audit. */
    public String fingerprint() {
        return get(NativeYibao::yb_drg_scheme_fingerprint);
    }

    /** The scheme's name, such as "CHS-DRG". */
    public String name() {
        return get(NativeYibao::yb_drg_scheme_name);
    }

    /** The scheme's version, such as "1.1". */
    public String version() {
        return get(NativeYibao::yb_drg_scheme_version);
    }

    /** The diagnosis dictionary, to pre-intern codes as ids ({@link CaseBatch.Builder#diagnosisIds}); read-only. */
    public Dictionary diagnoses() {
        return dx;
    }

    /** The procedure dictionary; read-only. */
    public Dictionary procedures() {
        return proc;
    }

    /** MDC codes by id. */
    public List<String> mdcCodes() {
        return List.of(mdcCodes);
    }

    /** ADRG codes by id (ambiguous groups QY included). */
    public List<String> adrgCodes() {
        return List.of(adrgCodes);
    }

    /** DRG codes by id (the ungroupable group included). */
    public List<String> drgCodes() {
        return List.of(drgCodes);
    }

    /** Code of an MDC id; null for {@link #NO_ID}. */
    public String mdcCode(int id) {
        return id == NO_ID ? null : mdcCodes[id];
    }

    /** Code of an ADRG id; null for {@link #NO_ID}. */
    public String adrgCode(int id) {
        return id == NO_ID ? null : adrgCodes[id];
    }

    /** Code of a DRG id; null for {@link #NO_ID}. */
    public String drgCode(int id) {
        return id == NO_ID ? null : drgCodes[id];
    }

    /** Name (中文名称) of an MDC id, "" when the pack gives none. @throws IndexOutOfBoundsException for an unknown id */
    public String mdcName(int id) {
        return get(p -> NativeYibao.yb_drg_scheme_mdc_name(p, index(id, mdcCodes.length)));
    }

    /** Name of an ADRG id. @throws IndexOutOfBoundsException for an unknown id */
    public String adrgName(int id) {
        return get(p -> NativeYibao.yb_drg_scheme_adrg_name(p, index(id, adrgCodes.length)));
    }

    /** Name of a DRG id. @throws IndexOutOfBoundsException for an unknown id */
    public String drgName(int id) {
        return get(p -> NativeYibao.yb_drg_scheme_drg_name(p, index(id, drgCodes.length)));
    }

    private static int index(int id, int count) {
        if (id < 0 || id >= count) {
            throw new IndexOutOfBoundsException("no id " + id + " (" + count + " in the scheme)");
        }
        return id;
    }

    /** Id of an MDC code, or {@link #NO_ID}. */
    public int mdcId(String code) {
        return lookup(code, NativeYibao::yb_drg_scheme_mdc_lookup);
    }

    /** Id of an ADRG code, or {@link #NO_ID}. */
    public int adrgId(String code) {
        return lookup(code, NativeYibao::yb_drg_scheme_adrg_lookup);
    }

    /** Id of a DRG code, or {@link #NO_ID}. */
    public int drgId(String code) {
        return lookup(code, NativeYibao::yb_drg_scheme_drg_lookup);
    }

    private interface Lookup {
        int find(Pointer scheme, String code, int[] out);
    }

    private int lookup(String code, Lookup fn) {
        int[] out = new int[1];
        return getInt(p -> fn.find(p, code, out)) == 0 ? out[0] : NO_ID;
    }

    /** The MDC of an ADRG id, or {@link #NO_ID}. */
    public int adrgMdc(int adrg) {
        return getInt(p -> NativeYibao.yb_drg_scheme_adrg_mdc(p, adrg));
    }

    /** The ADRG of a DRG id; {@link #NO_ID} for the ungroupable group. */
    public int drgAdrg(int drg) {
        return getInt(p -> NativeYibao.yb_drg_scheme_drg_adrg(p, drg));
    }

    /** Id of the ungroupable group ("0000" by default). */
    public int ungroupableDrg() {
        return getInt(NativeYibao::yb_drg_scheme_ungroupable_drg);
    }

    // ---- grouping

    /**
     * Groups a batch ({@code yb_drg_group_batch}). Bad rows get a status and the
     * ungroupable result; they never stop the batch. Calls the context's
     * progress listener every {@link Context.Option#PROGRESS_INTERVAL} rows.
     * @param ctx the calling thread's context
     * @param cases the cases (may be shared with other threads)
     * @throws YibaoException.Cancelled when the progress listener stopped the batch
     */
    public DrgResults group(Context ctx, CaseBatch cases) {
        StructColumns.Output<NativeYibao.YbDrgResults> out = DrgResults.output(cases.size());
        try {
            int failed = call(ctx, (c, p) -> NativeYibao.yb_drg_group_batch(c, p, cases.columns(), out.struct(),
                    out.status()));
            return new DrgResults(this, failed, out);
        } finally {
            cases.keepAlive();
        }
    }

    /**
     * Groups one case ({@code yb_drg_group_one}).
     * @throws YibaoException.GroupingRow when the scheme rejects the case (sex,
     *         age, codes, …), with the reason
     */
    public DrgResult groupOne(Context ctx, InpatientCase c) {
        OneCase one = new OneCase(c);
        NativeYibao.YbDrgResult r = new NativeYibao.YbDrgResult();
        try {
            call(ctx, (x, p) -> NativeYibao.yb_drg_group_one(x, p, one.struct, r));
            return result(r);
        } finally {
            Reference.reachabilityFence(one);
        }
    }

    DrgResult result(NativeYibao.YbDrgResult r) {
        return new DrgResult(r.status, r.mdc, r.adrg, r.drg, mdcCode(r.mdc), adrgCode(r.adrg), drgCode(r.drg), r.flags,
                r.mcc_count, r.cc_count, r.unknown_dx, r.unknown_proc);
    }

    /** Groups one row of a batch with every step recorded (same code path as {@link #group}). */
    public DrgTrace trace(Context ctx, CaseBatch cases, int row) {
        if (row < 0 || row >= cases.size()) {
            throw new IndexOutOfBoundsException("row " + row + " of " + cases.size());
        }
        try {
            return new DrgTrace(this, openFrom(ctx, (c, out) -> NativeYibao.yb_drg_trace_case(c, ptr(),
                    cases.columns(), row, out)));
        } finally {
            cases.keepAlive();
        }
    }

    /** Groups one case with every step recorded; a rejected case's trace says why. */
    public DrgTrace trace(Context ctx, InpatientCase c) {
        OneCase one = new OneCase(c);
        try {
            return new DrgTrace(this, openFrom(ctx, (x, out) -> NativeYibao.yb_drg_trace_one(x, ptr(), one.struct, out)));
        } finally {
            Reference.reachabilityFence(one);
        }
    }

    /** A {@code yb_drg_case} and the native strings it points to. */
    private static final class OneCase {
        final NativeYibao.YbDrgCase struct = new NativeYibao.YbDrgCase();
        private final Memory principal;
        private final StringArray secondary;
        private final StringArray procedures;

        OneCase(InpatientCase c) {
            struct.sex = c.sex();
            struct.age_years = c.ageYears();
            struct.age_days = c.ageDays();
            struct.birth_weight_g = c.birthWeightG();
            struct.los_days = c.losDays();
            struct.discharge_type = c.dischargeType();
            struct.vent_hours = c.ventHours();
            struct.icu_days = c.icuDays();
            List<String> dx = c.diagnoses();
            principal = dx.isEmpty() ? null : cstr(dx.get(0));
            struct.principal_dx = principal;
            secondary = dx.size() > 1 ? new StringArray(dx.subList(1, dx.size()).toArray(new String[0]), "UTF-8") : null;
            struct.secondary_dx = secondary;
            struct.n_secondary = Math.max(0, dx.size() - 1);
            procedures = c.procedures().isEmpty() ? null
                    : new StringArray(c.procedures().toArray(new String[0]), "UTF-8");
            struct.procedures = procedures;
            struct.n_procedures = c.procedures().size();
        }
    }
}
