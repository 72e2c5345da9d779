/* Auxiliary subtypes (辅助分型, DOMAIN.md §1.2): the Charlson index of the
 * secondary diagnoses, the severity level, age and ICU-day bands and
 * diagnosis/procedure conditions. A case that fits several subtypes of its
 * group takes the highest coefficient (dip_match.c). */
#include "grouping/dip_internal.h"

/* Charlson comorbidity index: the sum of the weights of the conditions found
 * among the secondary diagnoses, each condition counted once, a condition
 * not counted when a condition that supersedes it is present (diabetes with
 * complications over diabetes, severe over mild liver disease, metastatic
 * tumour over malignancy; cci.csv column supersedes). */
int32_t dip_case_cci(const yb_dip_catalog *cat, const dip_case *c)
{
    if (!cat->has_cci)
        return -1;
    uint64_t present = 0;
    for (uint32_t w = 0; w < cat->set_words; w++)
        for (uint64_t bits = c->sec_sets[w]; bits; bits &= bits - 1)
            present |= cat->set_cci[w * 64 + (uint32_t)__builtin_ctzll(bits)];
    uint64_t counted = present;
    for (uint64_t m = present; m; m &= m - 1) {
        int32_t sup = cat->cci_conds[__builtin_ctzll(m)].supersedes;
        if (sup >= 0)
            counted &= ~(1ull << sup);
    }
    int32_t sum = 0;
    for (uint64_t m = counted; m; m &= m - 1)
        sum += cat->cci_conds[__builtin_ctzll(m)].weight;
    return sum;
}

/* Death (discharge type 5); severe: a secondary diagnosis on the severe list
 * and a stay longer than severity.severe_min_los days; moderate: one on the
 * moderate list; otherwise mild. */
int dip_case_severity(const yb_dip_catalog *cat, const dip_case *c)
{
    if (c->discharge == YB_DISCHARGE_DEATH)
        return DIP_SEV_DEATH;
    int level = DIP_SEV_MILD;
    for (uint32_t i = 0; i < cat->nsev; i++) {
        if (!dip_bit(c->sec_sets, cat->sev_set[i]))
            continue;
        if (cat->sev_level[i] == DIP_SEV_SEVERE) {
            if (c->los >= 0 && c->los > cat->severe_min_los)
                return DIP_SEV_SEVERE;
        } else {
            level = DIP_SEV_MODERATE;
        }
    }
    return level;
}

/* Age against a bound in days (age_days, or 365 × age_years when age_days is
 * missing) or in years (age_years, or age_days / 365 when it is missing).
 * Returns -1 when the case's age is unknown. */
static int64_t age_in(const dip_case *c, int days)
{
    if (days) {
        if (c->age_days >= 0)
            return c->age_days;
        return c->age_years >= 0 ? (int64_t)c->age_years * 365 : -1;
    }
    if (c->age_years >= 0)
        return c->age_years;
    return c->age_days >= 0 ? c->age_days / 365 : -1;
}

int dip_subtype_fits(const yb_dip_catalog *cat, const dip_subtype *s, const dip_case *c, int32_t *cci, int *sev)
{
    if (s->pdx != DIP_NONE && !dip_bit(c->pdx_sets, s->pdx))
        return 0;
    if (s->sdx != DIP_NONE && !dip_bit(c->sec_sets, s->sdx))
        return 0;
    if (s->procs != DIP_NONE && dip_cnf_match(cat, s->procs, c->procs, c->nproc, DIP_NONE) < 0)
        return 0;
    if (s->cci_min >= 0 || s->cci_max >= 0) {
        if (*cci < 0)
            *cci = dip_case_cci(cat, c);
        if ((s->cci_min >= 0 && *cci < s->cci_min) || (s->cci_max >= 0 && *cci > s->cci_max))
            return 0;
    }
    if (s->severity >= 0) {
        if (*sev < 0)
            *sev = dip_case_severity(cat, c);
        if (*sev != s->severity)
            return 0;
    }
    if (s->age_min >= 0) {
        int64_t a = age_in(c, s->age_min_days);
        if (a < 0 || a < s->age_min)
            return 0;
    }
    if (s->age_max >= 0) {
        int64_t a = age_in(c, s->age_max_days);
        if (a < 0 || a > s->age_max)
            return 0;
    }
    if (s->icu_min >= 0 || s->icu_max >= 0) {
        if (c->icu < 0 || (s->icu_min >= 0 && c->icu < s->icu_min) || (s->icu_max >= 0 && c->icu > s->icu_max))
            return 0;
    }
    return 1;
}
