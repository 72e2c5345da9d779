package org.yibao;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.yibao.internal.NativeLoader;
import org.yibao.internal.NativeYibao;

/**
 * A benefit policy ({@code yb_benefit_policy}, {@code benefit.h}) loaded from
 * a {@code benefit-policy} pack: the item catalogue (甲/乙/丙), deductibles,
 * coinsurance, caps, critical illness, assistance and personal-account rules
 * of the one-stop settlement (一站式结算). Immutable and shareable between
 * threads; claims are settled against a {@link BenefitLedger}.
 */
public final class BenefitPolicy extends NativeHandle {
    static {
        NativeLoader.load();
    }

    /** "No item id": a code not in the catalogue ({@code YB_BENEFIT_NO_ITEM}). */
    public static final int NO_ITEM = NativeYibao.YB_BENEFIT_NO_ITEM;

    private BenefitPolicy(Pointer p) {
        super(p, NativeYibao::yb_benefit_policy_free, "benefit policy");
    }

    /** Loads a policy. @throws YibaoException naming the file, line, column and value at fault */
    public static BenefitPolicy load(Context ctx, Path pack) {
        return new BenefitPolicy(open(ctx, (c, out) -> NativeYibao.yb_benefit_policy_load(c, pack.toString(), out)));
    }

    /** The pack's fingerprint, for audit. */
    public String fingerprint() {
        return get(NativeYibao::yb_benefit_policy_fingerprint);
    }

    /** The id of an item code (normalised first), or {@link #NO_ITEM}. @throws YibaoException.Format for a string that is not a code */
    public int itemId(String code) {
        byte[] b = code.getBytes(StandardCharsets.UTF_8);
        int[] id = new int[1];
        int rc = getInt(p -> NativeYibao.yb_benefit_policy_item_id(p, b, b.length, id));
        if (rc == NativeYibao.YB_E_NOT_FOUND) {
            return NO_ITEM;
        }
        check(rc, "item '" + code + "'");
        return id[0];
    }

    /** The catalogue's item codes by id. */
    public List<String> itemCodes() {
        return codes(NativeYibao::yb_benefit_policy_item_count, NativeYibao::yb_benefit_policy_item_code);
    }
}
