package org.yibao;

import java.util.ArrayList;
import java.util.List;

/**
 * One claim (one inpatient admission or one outpatient visit) with its bill
 * lines ({@code yb_benefit_claim}). Ids are caller-chosen non-zero numbers;
 * dates YYYYMMDD; money fen; quantities and unit prices 4 decimals (unit
 * prices in yuan). Build with {@link #builder}.
 *
 * @param claimId the claim (结算 id), not 0
 * @param memberId the member (人员编号), not 0
 * @param date service or discharge date, YYYYMMDD
 * @param insured {@link #EMPLOYEE}, {@link #RETIRED} or {@link #RESIDENT}
 * @param level hospital level 1 … 3
 * @param place {@link #LOCAL}, {@link #OUT_OF_AREA} or {@link #REFERRED}
 * @param visit {@link #INPATIENT} or {@link #OUTPATIENT}
 * @param category assistance category of the policy (1 … 63), 0 none
 * @param civilServant covered by the civil-servant subsidy
 * @param useAccount whether the personal account may pay
 * @param familyPayer relative whose account pays what remains (家庭共济), 0 none
 * @param lines the bill lines, at least one
 */
public record BenefitClaim(long claimId, long memberId, int date, int insured, int level, int place, int visit,
                           int category, boolean civilServant, boolean useAccount, long familyPayer,
                           List<Line> lines) {

    /** 职工医保在职. */
    public static final int EMPLOYEE = 1;
    /** 职工医保退休. */
    public static final int RETIRED = 2;
    /** 城乡居民医保. */
    public static final int RESIDENT = 3;
    /** 本地就医. */
    public static final int LOCAL = 1;
    /** 异地就医 without referral. */
    public static final int OUT_OF_AREA = 2;
    /** 转诊转院. */
    public static final int REFERRED = 3;
    /** 住院. */
    public static final int INPATIENT = 1;
    /** 门诊统筹. */
    public static final int OUTPATIENT = 2;

    /** Copies the lines. */
    public BenefitClaim {
        lines = List.copyOf(lines);
    }

    /**
     * One bill line.
     *
     * @param item the item code (甲/乙/丙 from the catalogue unless {@code itemClass} says)
     * @param itemClass 0 from the catalogue, 1 class A, 2 class B, 3 class C
     * @param quantity 4 decimals (10000 = one unit)
     * @param price unit price in yuan, 4 decimals
     * @param amount line amount in fen; must match quantity × price
     */
    public record Line(String item, int itemClass, long quantity, long price, long amount) {
        /** A line of quantity 1 at {@code fen}, classed by the catalogue. */
        public static Line of(String item, long fen) {
            return new Line(item, 0, 10000, fen * 100, fen);
        }

        /**
         * A line of {@code quantity} units (4 decimals) at {@code price} (yuan, 4 decimals), classed by the
         * catalogue; the amount is quantity × price in fen, rounded half up once.
         */
        public static Line of(String item, long quantity, long price) {
            return new Line(item, 0, quantity, price, Money.muldiv(quantity, price, 1000000, Rounding.HALF_UP));
        }
    }

    /** A builder: inpatient, local, account used, no family payer. */
    public static Builder builder(long claimId, long memberId, int date, int insured, int level) {
        return new Builder(claimId, memberId, date, insured, level);
    }

    /** Builds a {@link BenefitClaim}. */
    public static final class Builder {
        private final long claimId;
        private final long memberId;
        private final int date;
        private final int insured;
        private final int level;
        private int place = LOCAL;
        private int visit = INPATIENT;
        private int category;
        private boolean civilServant;
        private boolean useAccount = true;
        private long familyPayer;
        private final List<Line> lines = new ArrayList<>();

        private Builder(long claimId, long memberId, int date, int insured, int level) {
            this.claimId = claimId;
            this.memberId = memberId;
            this.date = date;
            this.insured = insured;
            this.level = level;
        }

        /** @param v where the care was given @return this */
        public Builder place(int v) { place = v; return this; }
        /** @param v inpatient or outpatient @return this */
        public Builder visit(int v) { visit = v; return this; }
        /** @param v assistance category, 0 none @return this */
        public Builder category(int v) { category = v; return this; }
        /** @param v covered by the civil-servant subsidy @return this */
        public Builder civilServant(boolean v) { civilServant = v; return this; }
        /** @param v whether the personal account may pay @return this */
        public Builder useAccount(boolean v) { useAccount = v; return this; }
        /** @param v relative paying from their account, 0 none @return this */
        public Builder familyPayer(long v) { familyPayer = v; return this; }
        /** @param line a bill line @return this */
        public Builder line(Line line) { lines.add(line); return this; }
        /** @param item item code @param fen amount of one unit @return this */
        public Builder line(String item, long fen) { return line(Line.of(item, fen)); }

        /** @return the claim */
        public BenefitClaim build() {
            return new BenefitClaim(claimId, memberId, date, insured, level, place, visit, category, civilServant,
                    useAccount, familyPayer, lines);
        }
    }
}
