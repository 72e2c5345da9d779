package org.yibao;

/**
 * The CHS-DRG grouping of one case ({@code yb_drg_result}). Ids are the
 * scheme's dense ids ({@link DrgScheme#NO_ID} for none); codes are null for none.
 *
 * @param status the row status: 0, or a {@code YB_E_ROW_*} code (then the DRG is the ungroupable group)
 * @param mdc MDC id
 * @param adrg ADRG id
 * @param drg DRG id
 * @param mdcCode MDC code such as "MDCB", or null
 * @param adrgCode ADRG code such as "BR2", or null
 * @param drgCode DRG code such as "BR23", "BQY" or "0000"
 * @param flags {@code DrgScheme.FLAG_*} bits
 * @param mccCount secondary diagnoses counted as MCC after exclusion
 * @param ccCount secondary diagnoses counted as CC after exclusion
 * @param unknownDx secondary diagnoses unknown to the scheme
 * @param unknownProc procedures unknown to the scheme
 */
public record DrgResult(int status, int mdc, int adrg, int drg, String mdcCode, String adrgCode, String drgCode,
                        int flags, int mccCount, int ccCount, int unknownDx, int unknownProc) {

    /** Whether all the given {@code DrgScheme.FLAG_*} bits are set. */
    public boolean has(int flag) {
        return (flags & flag) == flag;
    }
}
