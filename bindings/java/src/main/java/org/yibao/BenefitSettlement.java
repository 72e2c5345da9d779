package org.yibao;

import java.util.List;
import org.yibao.internal.NativeYibao;

/**
 * The settlement of one claim ({@code yb_benefit_settlement}): every output
 * field of the national platform's settlement, money in fen. Identities:
 * total = fullSelfPay + overLimit + bFirstPay + inScope; fundTotal = pooled +
 * criticalIllness + otherFunds + assistance; fundTotal + personal = total;
 * personal = accountPay + cashPay.
 *
 * @param claimId the claim
 * @param memberId the member
 * @param date the claim date
 * @param admission inpatient admission number in the year (0 outpatient)
 * @param total 医疗费总额
 * @param fullSelfPay 全自费
 * @param overLimit 超限价自费
 * @param bFirstPay 先行自付
 * @param inScope 符合政策范围金额
 * @param deductible 起付线 applied
 * @param pooled 统筹基金支付
 * @param criticalIllness 大病保险支付
 * @param otherFunds 其他基金支付 (公务员医疗补助)
 * @param assistance 医疗救助支付
 * @param fundTotal 基金支付总额
 * @param personal 个人负担总额
 * @param accountPay 个人账户支付 (family aid included)
 * @param familyAid of which from the family payer's account
 * @param cashPay 现金支付
 */
public record BenefitSettlement(long claimId, long memberId, int date, int admission, long total, long fullSelfPay,
                                long overLimit, long bFirstPay, long inScope, long deductible, long pooled,
                                long criticalIllness, long otherFunds, long assistance, long fundTotal,
                                long personal, long accountPay, long familyAid, long cashPay) {

    static BenefitSettlement of(NativeYibao.YbBenefitSettlement s) {
        return new BenefitSettlement(s.claim_id, s.member_id, s.date, s.admission, s.total, s.full_self_pay,
                s.over_limit, s.b_first_pay, s.in_scope, s.deductible, s.pooled, s.critical_illness, s.other_funds,
                s.assistance, s.fund_total, s.personal, s.account_pay, s.family_aid, s.cash_pay);
    }

    /**
     * One fund detail line (结算基金分项).
     *
     * @param fund 1 pooled, 2 critical illness, 3 other, 4 assistance, 5 account, 6 family aid
     * @param hasLimit whether {@code limit} constrained the fund
     * @param base amount the fund's rule was applied to
     * @param limit room left before the claim (cap room or account balance)
     * @param amount amount paid
     */
    public record FundLine(int fund, boolean hasLimit, long base, long limit, long amount) {
    }

    /**
     * One explained step; the meaning of the fields per kind is in {@code benefit.h} ({@code yb_benefit_step_kind}).
     *
     * @param kind the step kind (1 rollover … 19 cash)
     * @param index admission, segment, band, year or category number
     * @param hasLimit whether {@code limit} is meaningful
     * @param fund the fund concerned, 0 none
     * @param base amount the step applies to
     * @param ratio ratio applied (6 decimals)
     * @param from start of the range (fen)
     * @param to end of the range (fen)
     * @param limit a limit, room or threshold (fen)
     * @param amount result (fen)
     */
    public record Step(int kind, int index, boolean hasLimit, int fund, long base, long ratio, long from, long to,
                       long limit, long amount) {
    }

    /**
     * A settled (or pre-settled) claim with its fund lines and every step.
     *
     * @param settlement the settlement
     * @param funds the six fund lines, in fund order
     * @param steps the steps, in order
     * @param explanation the steps as text, one line each
     */
    public record Adjudication(BenefitSettlement settlement, List<FundLine> funds, List<Step> steps,
                               String explanation) {
    }

    /**
     * A reversal (冲正) and its replay.
     *
     * @param reversed the settlement that was reversed, as last settled
     * @param replays later claims whose settlement changed when they were settled again: before and after
     */
    public record Reversal(BenefitSettlement reversed, List<Replay> replays) {
    }

    /**
     * A later claim settled again after a reversal.
     *
     * @param before its settlement before the reversal
     * @param after its settlement after the replay
     */
    public record Replay(BenefitSettlement before, BenefitSettlement after) {
    }
}
