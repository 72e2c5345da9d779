package org.yibao;

import java.util.List;

/**
 * One inpatient case, the input of grouping ({@code cases.h}); integers use
 * {@link #MISSING} (-1) for "not given". Build with {@link #builder()}.
 *
 * @param sex 1 male, 2 female
 * @param ageYears age in whole years
 * @param ageDays total age in days (infants)
 * @param birthWeightG birth/admission weight of a newborn in grams
 * @param losDays length of stay in days
 * @param dischargeType 离院方式: 1 routine, 2 transfer, 3 community, 4 against advice, 5 death, 9 other
 * @param ventHours invasive ventilation hours
 * @param icuDays ICU days
 * @param diagnoses ICD-10 codes, the principal diagnosis first
 * @param procedures ICD-9-CM-3 codes, the principal procedure first
 */
public record InpatientCase(int sex, int ageYears, int ageDays, int birthWeightG, int losDays,
                            int dischargeType, int ventHours, int icuDays, List<String> diagnoses,
                            List<String> procedures) {

    /** The value of an integer that is not given. */
    public static final int MISSING = -1;

    /** Copies the lists (null becomes empty). */
    public InpatientCase {
        diagnoses = diagnoses == null ? List.of() : List.copyOf(diagnoses);
        procedures = procedures == null ? List.of() : List.copyOf(procedures);
    }

    /** A builder with every integer missing and no codes. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link InpatientCase}. */
    public static final class Builder {
        private int sex = MISSING;
        private int ageYears = MISSING;
        private int ageDays = MISSING;
        private int birthWeightG = MISSING;
        private int losDays = MISSING;
        private int dischargeType = MISSING;
        private int ventHours = MISSING;
        private int icuDays = MISSING;
        private List<String> diagnoses = List.of();
        private List<String> procedures = List.of();

        private Builder() {}

        /** @param v 1 male, 2 female @return this */
        public Builder sex(int v) { sex = v; return this; }
        /** @param v age in whole years @return this */
        public Builder ageYears(int v) { ageYears = v; return this; }
        /** @param v total age in days @return this */
        public Builder ageDays(int v) { ageDays = v; return this; }
        /** @param v birth weight in grams @return this */
        public Builder birthWeightG(int v) { birthWeightG = v; return this; }
        /** @param v length of stay in days @return this */
        public Builder losDays(int v) { losDays = v; return this; }
        /** @param v discharge type (1-5, 9) @return this */
        public Builder dischargeType(int v) { dischargeType = v; return this; }
        /** @param v invasive ventilation hours @return this */
        public Builder ventHours(int v) { ventHours = v; return this; }
        /** @param v ICU days @return this */
        public Builder icuDays(int v) { icuDays = v; return this; }
        /** @param codes diagnoses, principal first @return this */
        public Builder diagnoses(String... codes) { diagnoses = List.of(codes); return this; }
        /** @param codes diagnoses, principal first @return this */
        public Builder diagnoses(List<String> codes) { diagnoses = codes; return this; }
        /** @param codes procedures, principal first @return this */
        public Builder procedures(String... codes) { procedures = List.of(codes); return this; }
        /** @param codes procedures, principal first @return this */
        public Builder procedures(List<String> codes) { procedures = codes; return this; }

        /** @return the case */
        public InpatientCase build() {
            return new InpatientCase(sex, ageYears, ageDays, birthWeightG, losDays, dischargeType, ventHours,
                    icuDays, diagnoses, procedures);
        }
    }
}
