package org.yibao;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * How one case was grouped, step by step ({@code yb_drg_trace}): for audits
 * and for explaining a DRG to a coder. The trace's result always equals the
 * batch result of the same case. Close it when done.
 */
public final class DrgTrace extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /** Kinds of steps ({@code yb_drg_step_kind}). */
    public enum StepKind {
        /** Validation rejected the row (outcome = the row status). */
        VALIDATE,
        /** A code was unknown or ignored (subject = the code). */
        CODE,
        /** An MDC's gate was evaluated (outcome 1 = held). */
        MDC,
        /** An ADRG's condition was evaluated (outcome 1 = chosen). */
        ADRG,
        /** No ADRG of a gated MDC matched (outcome 1 = next MDC, 0 = stop). */
        NO_ADRG,
        /** The chosen medical ADRG was redirected to the ambiguous group. */
        AMBIGUOUS,
        /** An MCC/CC secondary diagnosis (outcome 1 = counts, 0 = excluded). */
        CC,
        /** A DRG split predicate was evaluated (outcome 1 = chosen). */
        DRG,
        /** The final result. */
        RESULT
    }

    /** How a code takes part in a step ({@code yb_drg_code_role}). */
    public enum CodeRole {
        /** The code is in the list named by {@code list}. */
        MATCHED,
        /** A secondary diagnosis that counts as MCC. */
        MCC,
        /** A secondary diagnosis that counts as CC. */
        CC,
        /** An MCC/CC secondary cancelled by the principal's exclusion table. */
        EXCLUDED,
        /** The principal diagnosis whose exclusion table cancels. */
        EXCLUDER,
        /** A code unknown to the scheme. */
        UNKNOWN,
        /** A principal procedure not valid as principal. */
        IGNORED
    }

    /**
     * A code attached to a step.
     *
     * @param role its role
     * @param procedure true for a procedure, false for a diagnosis
     * @param position index in the case's list (0 = principal)
     * @param code the code (normalised when well-formed)
     * @param list the list matched, or the exclusion table ("" if none)
     */
    public record Code(CodeRole role, boolean procedure, int position, String code, String list) {
    }

    /**
     * One step.
     *
     * @param kind the kind
     * @param outcome 1 / 0 as the kind says (a status for VALIDATE)
     * @param mdc the MDC concerned, or {@link DrgScheme#NO_ID}
     * @param adrg the ADRG concerned, or {@link DrgScheme#NO_ID}
     * @param drg the DRG concerned, or {@link DrgScheme#NO_ID}
     * @param subject an MDC, ADRG or DRG code, or a code
     * @param rule the condition as written in the pack, or ""
     * @param detail one line saying why
     * @param codes the codes attached
     */
    public record Step(StepKind kind, int outcome, int mdc, int adrg, int drg, String subject, String rule,
                       String detail, List<Code> codes) {
    }

    private final DrgScheme scheme;

    DrgTrace(DrgScheme scheme, Pointer p) {
        super(p, NativeYibao::yb_drg_trace_free, "DRG trace");
        this.scheme = scheme;
    }

    /** The whole trace as text, one step per line. */
    public String text() {
        return get(NativeYibao::yb_drg_trace_text);
    }

    @Override
    public String toString() {
        return isClosed() ? "DrgTrace(closed)" : text();
    }

    /** The traced case's result. */
    public DrgResult result() {
        return scheme.result(fetch(new NativeYibao.YbDrgResult(), NativeYibao::yb_drg_trace_result, WHAT + "result"));
    }

    /** The steps, in order. */
    public List<Step> steps() {
        return items(NativeYibao::yb_drg_trace_step_count, (p, i) -> {
            NativeYibao.YbDrgStepInfo s = new NativeYibao.YbDrgStepInfo();
            check(NativeYibao.yb_drg_trace_step(p, i, s), WHAT + "step " + i);
            List<Code> codes = new ArrayList<>();
            NativeYibao.YbDrgCodeInfo c = new NativeYibao.YbDrgCodeInfo();
            for (long k = 0; k < s.code_count; k++) {
                check(NativeYibao.yb_drg_trace_code(p, i, k, c), WHAT + "code " + k + " of step " + i);
                codes.add(new Code(CodeRole.values()[c.role - 1], c.is_procedure != 0, c.position, str(c.code),
                        str(c.list)));
            }
            return new Step(StepKind.values()[s.kind - 1], s.outcome, s.mdc, s.adrg, s.drg, str(s.subject),
                    str(s.rule), str(s.detail), List.copyOf(codes));
        });
    }

    private static final String WHAT = "DRG trace ";
}
