/* The national DIP 3.0 catalogue (packs/dip-3.0, imported by tools/import/dip30.py) against its source
 * tables in /work/shared/data/dip_30_catalogue: counts from the data README and cases whose group can be
 * read off one row of the workbook sheets (the row is named in each test). */
#include "dip_test_util.h"

static yb_ctx *ctx;
static yb_dip_catalog *cat;

static int setup(void **state)
{
    (void)state;
    if (yb_ctx_new(&ctx, NULL))
        return -1;
    int rc = yb_dip_catalog_load(ctx, yb_test_src("packs/dip-3.0"), &cat);
    if (rc)
        fprintf(stderr, "load: %s\n", yb_ctx_errmsg(ctx));
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    yb_dip_catalog_free(cat);
    yb_ctx_free(ctx);
    return 0;
}

static const char *group_of(yb_dip_case c, uint32_t *flags)
{
    yb_dip_result r = { .size = sizeof r };
    assert_ok(ctx, yb_dip_group_one(ctx, cat, &c, &r));
    if (flags)
        *flags = r.flags;
    return r.group == YB_DIP_NONE ? "none" : yb_dip_group_code(cat, r.group);
}

static void counts_match_the_workbook(void **state)
{
    (void)state;
    /* dip_30_catalogue/README.md: 19 pre-groups; 1,725 merged rows (each its own group number);
     * refined: burns 25, tumours 42, tuberculosis 46; basic rules 3,268; 127 primary-care rows. */
    uint32_t kinds[6] = { 0 }, primary = 0, national = 0;
    for (uint32_t g = 0; g < yb_dip_group_count(cat); g++) {
        kinds[yb_dip_group_kind(cat, g)]++;
        primary += (uint32_t)yb_dip_group_primary_care(cat, g);
        const char *code = yb_dip_group_code(cat, g);
        national += strlen(code) == 6 && code[2] >= '0' && code[2] <= '9'; /* XQ0001 … JC5125 */
    }
    assert_int_equal(kinds[YB_DIP_LAYER_PRE], 19);
    assert_int_equal(kinds[YB_DIP_LAYER_REFINED], 25 + 42 + 46);
    assert_int_equal(national, 19 + 1725 + 25 + 42 + 46 + 3268);
    assert_int_equal(primary, 127);
    assert_int_equal(kinds[YB_DIP_LAYER_COMPREHENSIVE], 0); /* the national catalogue has none */
}

static void appendicitis_laparoscopic_is_basic_group_3625(void **state)
{
    (void)state;
    /* base.csv (workbook row 1770): K35 + 47.0100 → seq 3625; the same pair is primaryCare.csv (row 61) */
    uint32_t flags;
    assert_string_equal(group_of(dip_test_case("K35.800x001", "47.0100"), &flags), "JC3625");
    assert_true(flags & YB_DIP_FLAG_PRIMARY_CARE);
    /* merge.csv: K35 + 47.0100 + related 45.2302 (colonoscopy) → seq 918 */
    assert_string_equal(group_of(dip_test_case("K35.800x001", "47.0100|45.2302"), NULL), "BX0918");
}

static void angina_stent_with_ivus_is_merged_group_606(void **state)
{
    (void)state;
    /* merge.csv: I20 + 36.0601|36.0602|36.0700|36.0700x004, related 00.2400x001|38.2400 → seq 606;
     * without a related procedure → seq 609 */
    assert_string_equal(group_of(dip_test_case("I20.000", "36.0700|00.2400x001"), NULL), "BX0606");
    assert_string_equal(group_of(dip_test_case("I20.000", "36.0700"), NULL), "BX0609");
}

static void chemotherapy_with_targeted_therapy_for_lung_cancer_is_1772(void **state)
{
    (void)state;
    /* tumor.csv: Z51.1 + secondary C00-C75 + 99.2503+99.2800x006 → seq 1772 */
    assert_string_equal(group_of(dip_test_case("Z51.101|C34.100", "99.2503|99.2800x006"), NULL), "FZ1772");
    /* Z51.100 itself is on the exclusion list (excludedDiagnosis.csv): not grouped */
    uint32_t flags;
    assert_string_equal(group_of(dip_test_case("Z51.100|C34.100", "99.2503"), &flags), "none");
    assert_true(flags & YB_DIP_FLAG_EXCLUDED_DX);
}

static void resistant_tuberculosis_without_procedure_is_1836(void **state)
{
    (void)state;
    /* tb.csv: A15-A16, no procedure, drug resistant (principal A15.000x010 is on
     * tbResistantDiagnosis.csv) → seq 1836; not resistant → 1837 */
    assert_string_equal(group_of(dip_test_case("A15.000x010", NULL), NULL), "FZ1836");
    /* A15.000 itself is excluded as principal (excludedDiagnosis.csv); A15.001 is not */
    assert_string_equal(group_of(dip_test_case("A15.001|U84.300", NULL), NULL), "FZ1836");
    assert_string_equal(group_of(dip_test_case("A15.001", NULL), NULL), "FZ1837");
    assert_string_equal(group_of(dip_test_case("A15.000", NULL), NULL), "none");
}

static void very_low_birth_weight_is_pre_group_17(void **state)
{
    (void)state;
    /* pre.csv: P07 anywhere, < 29 days, 1000-1499 g → seq 17 */
    yb_dip_case c = dip_test_case("P22.000|P07.100", NULL);
    c.age_years = 0;
    c.age_days = 3;
    c.birth_weight_g = 1200;
    assert_string_equal(group_of(c, NULL), "XQ0017");
}

static void ventilation_with_crrt_is_pre_group_13(void **state)
{
    (void)state;
    /* pre.csv: 96.7201+39.9500x007 anywhere → seq 13; 96.7201 alone → 14 */
    assert_string_equal(group_of(dip_test_case("J96.000", "39.9500x007|96.7201"), NULL), "XQ0013");
    yb_dip_case c = dip_test_case("J96.000", "39.9500x007");
    c.vent_hours = 120; /* ventilation.code = 96.7201 in the national pack */
    assert_string_equal(group_of(c, NULL), "XQ0013");
    assert_string_equal(group_of(dip_test_case("J96.000", "96.7201"), NULL), "XQ0014");
}

static void gastroscopy_is_principal_only_for_digestive_diagnoses(void **state)
{
    (void)state;
    /* excludedProcedure.csv: 44.1300x001 may be principal with A00-A09|C15-C26|D01|D12|D13|D37|I85|K20-K93;
     * merge.csv: A09.0 + 44.1300x001|45.1300x004|45.2302 → seq 20 */
    uint32_t flags;
    assert_string_equal(group_of(dip_test_case("A09.000x001", "44.1300x001"), &flags), "BX0020");
    assert_false(flags & YB_DIP_FLAG_PRINCIPAL_SHIFTED);
    /* with a circulatory principal diagnosis it may not be principal: the stent is (BX0609) */
    assert_string_equal(group_of(dip_test_case("I20.000", "44.1300x001|36.0700"), &flags), "BX0609");
    assert_true(flags & YB_DIP_FLAG_PRINCIPAL_SHIFTED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_match_the_workbook),
        cmocka_unit_test(appendicitis_laparoscopic_is_basic_group_3625),
        cmocka_unit_test(angina_stent_with_ivus_is_merged_group_606),
        cmocka_unit_test(chemotherapy_with_targeted_therapy_for_lung_cancer_is_1772),
        cmocka_unit_test(resistant_tuberculosis_without_procedure_is_1836),
        cmocka_unit_test(very_low_birth_weight_is_pre_group_17),
        cmocka_unit_test(ventilation_with_crrt_is_pre_group_13),
        cmocka_unit_test(gastroscopy_is_principal_only_for_digestive_diagnoses),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
