/* DIP matching, layer by layer, on the small catalogue of dip_test_util.c.
 *
 * The catalogue (groups and rules are listed in dip_test_util.c):
 *   pre      XQ1 transplant 01.0001 as principal; XQ2 ECMO 02.0001 anywhere;
 *            XQ3 ventilation 02.0002 + CRRT 02.0003 anywhere; XQ4 ventilation anywhere;
 *            XQ5 P07 anywhere, age <= 28 days, 1000-1499 g
 *   merged   BX1 I20 + stent|balloon; BX2 the same + (IVUS|OCT); BX3 I20 + stent + (IVUS|OCT) + FFR
 *   refined  FZ1/FZ2 burn T20.2 with area T31.1|T32.1, conservative / debridement;
 *            FZ3 Z51.1 + C00-C75 + chemo; FZ4 the same + chemo + targeted;
 *            FZ5 TB resistant (A15.000x010, or A15-A16 with U84.300), FZ6 not resistant
 *   core     JC1 K35 + lap. appendectomy; JC2 K35.8 + lap. appendectomy (primary care);
 *            JC3 J18 conservative; JC4 J18.9 conservative (primary care); JC5 J18.0 (inactive);
 *            JC6 K25 + gastroscopy
 *   comprehensive ZH1/ZH2/ZH3 N39 conservative / surgery / diagnostic
 *   exclusions Z00.000 as principal; 70.0001 "group as conservative"; 60.0001 never principal;
 *            60.0002 principal only with a principal diagnosis in K20-K93
 * Expected groups follow from the rules above and DIP 3.0 spec draft ch. 3 §3 三(一),(三). */
#include "dip_test_util.h"

static yb_ctx *ctx;
static yb_dip_catalog *cat;

static int setup(void **state)
{
    (void)state;
    if (yb_ctx_new(&ctx, NULL))
        return -1;
    const char *dir = dip_test_small_pack("dip-match", NULL);
    int rc = yb_dip_catalog_load(ctx, dir, &cat);
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

static yb_dip_result run(yb_dip_case c, int expect_status)
{
    yb_dip_result r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    assert_status(ctx, yb_dip_group_one(ctx, cat, &c, &r), expect_status);
    return r;
}

static yb_dip_result one(const char *dx, const char *procs)
{
    return run(dip_test_case(dx, procs), YB_OK);
}

static const char *code(yb_dip_result r)
{
    return r.group == YB_DIP_NONE ? "none" : yb_dip_group_code(cat, r.group);
}

/* ----------------------------------------------------------------------------------- pre-groups */

static void transplant_needs_the_principal_procedure(void **state)
{
    (void)state;
    yb_dip_result r = one("I20.000", "01.0001");
    assert_string_equal(code(r), "XQ1");
    assert_int_equal(r.layer, YB_DIP_LAYER_PRE);
    assert_int_equal(r.matched_procs, 1);
    /* as a second procedure it is not the principal one: the stent is, and BX1 matches */
    r = one("I20.000", "10.0001|01.0001");
    assert_string_equal(code(r), "BX1");
}

static void ecmo_counts_anywhere_and_precedes_every_diagnosis_group(void **state)
{
    (void)state;
    yb_dip_result r = one("I20.000", "10.0001|20.0001|02.0001");
    assert_string_equal(code(r), "XQ2");
}

static void ventilation_with_crrt_matches_two_components_and_beats_ventilation_alone(void **state)
{
    (void)state;
    yb_dip_result r = one("R57.000", "02.0003|02.0002");
    assert_string_equal(code(r), "XQ3");
    assert_int_equal(r.matched_procs, 2);
    r = one("R57.000", "02.0002");
    assert_string_equal(code(r), "XQ4");
    assert_int_equal(r.matched_procs, 1);
}

static void ventilation_hours_add_the_ventilation_code(void **state)
{
    (void)state;
    yb_dip_case c = dip_test_case("R57.000", "02.0003");
    c.vent_hours = 96; /* parameter ventilation.min_hours = 96: inclusive */
    yb_dip_result r = run(c, YB_OK);
    assert_string_equal(code(r), "XQ3");
    assert_true(r.flags & YB_DIP_FLAG_VENTILATION_HOURS);
    c.vent_hours = 95;
    r = run(c, YB_OK);
    assert_string_equal(code(r), "none");
    assert_true(r.flags & YB_DIP_FLAG_UNGROUPED);
}

static void newborn_band_uses_age_in_days_and_birth_weight(void **state)
{
    (void)state;
    yb_dip_case c = dip_test_case("N39.000|P07.100", NULL);
    c.age_years = 0;
    c.age_days = 28;
    c.birth_weight_g = 1000; /* band 1000-1499 inclusive */
    yb_dip_result r = run(c, YB_OK);
    assert_string_equal(code(r), "XQ5");
    c.birth_weight_g = 1500; /* outside: the case goes on to N39's comprehensive group */
    r = run(c, YB_OK);
    assert_string_equal(code(r), "ZH1");
    c.birth_weight_g = 1200;
    c.age_days = 29; /* older than 28 days */
    r = run(c, YB_OK);
    assert_string_equal(code(r), "ZH1");
    c.age_days = 10;
    c.birth_weight_g = -1; /* P07 newborn without a weight: cannot be placed */
    run(c, YB_E_ROW_BIRTH_WEIGHT);
    c.birth_weight_g = 1200;
    c.age_days = -1; /* age 0 years without age in days */
    run(c, YB_E_ROW_AGE_DAYS);
}

/* ------------------------------------------------------------------------------- merged groups */

static void related_procedures_most_matched_wins(void **state)
{
    (void)state;
    /* stent + IVUS + FFR: BX1 (1), BX2 (stent, IVUS: 2), BX3 (stent, IVUS|OCT, FFR: 3) */
    yb_dip_result r = one("I20.000", "10.0001|20.0001|20.0003");
    assert_string_equal(code(r), "BX3");
    assert_int_equal(r.matched_procs, 3);
    assert_int_equal(r.layer, YB_DIP_LAYER_MERGED);
    /* balloon + OCT + FFR: BX3 needs the stent as principal, so BX2 (2) */
    r = one("I20.000", "10.0002|20.0002|20.0003");
    assert_string_equal(code(r), "BX2");
    assert_int_equal(r.matched_procs, 2);
}

static void unmatched_related_procedure_falls_back_to_principal_diagnosis_and_procedure(void **state)
{
    (void)state;
    /* FFR alone matches no related component of BX2/BX3 (BX3 needs IVUS|OCT as well): BX1 */
    yb_dip_result r = one("I20.000", "10.0001|20.0003");
    assert_string_equal(code(r), "BX1");
    assert_int_equal(r.matched_procs, 1);
}

static void related_procedure_must_not_be_the_principal_one(void **state)
{
    (void)state;
    /* IVUS as principal is not a related procedure and matches no principal list: not grouped */
    yb_dip_result r = one("I20.000", "20.0001|20.0003");
    assert_string_equal(code(r), "none");
}

/* ----------------------------------------------------------------------------- refined groups */

static void burn_groups_need_the_area_as_secondary_diagnosis(void **state)
{
    (void)state;
    assert_string_equal(code(one("T20.200|T31.100", NULL)), "FZ1");
    assert_string_equal(code(one("T20.200|T31.100", "50.0001")), "FZ2");
    /* 30-39% is not in the 10-29% list: no refined group, and no other rule for T20 */
    assert_string_equal(code(one("T20.200|T31.300", "50.0001")), "none");
}

static void tumour_procedure_expression_needs_every_component(void **state)
{
    (void)state;
    yb_dip_result r = one("Z51.101|C34.100", "40.0001|40.0002");
    assert_string_equal(code(r), "FZ4");
    assert_int_equal(r.matched_procs, 2);
    r = one("Z51.101|C34.100", "40.0001");
    assert_string_equal(code(r), "FZ3");
    /* targeted therapy without chemotherapy matches neither */
    assert_string_equal(code(one("Z51.101|C34.100", "40.0002")), "none");
    /* C78 is not in C00-C75 */
    assert_string_equal(code(one("Z51.101|C78.000", "40.0001")), "none");
}

static void tuberculosis_resistance_by_extension_code_or_u84(void **state)
{
    (void)state;
    assert_string_equal(code(one("A15.000x010", NULL)), "FZ5");
    assert_string_equal(code(one("A15.000|U84.300", NULL)), "FZ5");
    assert_string_equal(code(one("A15.000", NULL)), "FZ6");
    assert_string_equal(code(one("A15.000|E11.900", NULL)), "FZ6");
}

/* ---------------------------------------------------------------------------------- core groups */

static void more_specific_diagnosis_key_wins_an_equal_match(void **state)
{
    (void)state;
    /* K35.800x001 reaches JC1 through K35 and JC2 through K35.8, both with 1 procedure */
    yb_dip_result r = one("K35.800x001", "30.0002");
    assert_string_equal(code(r), "JC2");
    assert_true(r.flags & YB_DIP_FLAG_PRIMARY_CARE);
    assert_false(r.flags & YB_DIP_FLAG_TIE_BREAK);
    /* K35.300 only reaches JC1 */
    r = one("K35.300", "30.0002");
    assert_string_equal(code(r), "JC1");
    assert_false(r.flags & YB_DIP_FLAG_PRIMARY_CARE);
}

static void conservative_groups_need_no_procedure(void **state)
{
    (void)state;
    assert_string_equal(code(one("J18.100", NULL)), "JC3");
    assert_string_equal(code(one("J18.900", NULL)), "JC4");
    /* with a procedure that no J18 rule lists, there is no core group (and no comprehensive one) */
    assert_string_equal(code(one("J18.100", "81.0001")), "none");
}

static void inactive_group_is_skipped(void **state)
{
    (void)state;
    /* JC5 (J18.0) is inactive: the case goes to JC3 (J18) */
    assert_string_equal(code(one("J18.000", NULL)), "JC3");
}

static void rules_without_a_principal_diagnosis_are_tried_in_their_own_layer(void **state)
{
    (void)state;
    /* Two more rules without a principal-diagnosis condition, in later layers than the pre-groups:
     * BX1 (merged) for any diagnosis T31.1, JC6 (core) for any diagnosis N39 with 50.0001 anywhere. */
    char rules[4096];
    snprintf(rules, sizeof rules, "%sBX1,,,T31.1,,,,,,,,,\nJC6,,,N39,,,,50.0001,,,,,\n", dip_test_small_rules);
    yb_dip_catalog *c2 = NULL;
    assert_ok(ctx, yb_dip_catalog_load(ctx, dip_test_small_pack_with("dip-match-global", "rules", rules, NULL), &c2));
    yb_dip_case k = dip_test_case("T20.200|T31.100", NULL);
    yb_dip_result r = { .size = sizeof r };
    /* the burn would be FZ1 (refined, layer 3); the merged layer comes first */
    assert_ok(ctx, yb_dip_group_one(ctx, c2, &k, &r));
    assert_string_equal(yb_dip_group_code(c2, r.group), "BX1");
    assert_int_equal(r.layer, YB_DIP_LAYER_MERGED);
    /* N39 with a surgical procedure would be ZH2 (comprehensive, layer 5); the core rule comes first,
     * in the core layer (not in an earlier one) */
    k = dip_test_case("N39.000", "50.0001");
    assert_ok(ctx, yb_dip_group_one(ctx, c2, &k, &r));
    assert_string_equal(yb_dip_group_code(c2, r.group), "JC6");
    assert_int_equal(r.layer, YB_DIP_LAYER_CORE);
    /* without the procedure the core rule does not hold: the comprehensive conservative group */
    k = dip_test_case("N39.000", NULL);
    assert_ok(ctx, yb_dip_group_one(ctx, c2, &k, &r));
    assert_string_equal(yb_dip_group_code(c2, r.group), "ZH1");
    assert_int_equal(r.layer, YB_DIP_LAYER_COMPREHENSIVE);
    yb_dip_catalog_free(c2);
}

/* -------------------------------------------------------------------------------- exclusions */

static void excluded_principal_diagnosis_is_not_grouped(void **state)
{
    (void)state;
    yb_dip_result r = one("Z00.000|I20.000", "10.0001");
    assert_string_equal(code(r), "none");
    assert_true(r.flags & YB_DIP_FLAG_EXCLUDED_DX);
    assert_true(r.flags & YB_DIP_FLAG_UNGROUPED);
}

static void conservative_exclusion_drops_the_procedure(void **state)
{
    (void)state;
    yb_dip_result r = one("J18.100", "70.0001");
    assert_string_equal(code(r), "JC3");
    assert_true(r.flags & YB_DIP_FLAG_PROC_IGNORED);
}

static void not_principal_procedure_passes_the_role_to_the_next(void **state)
{
    (void)state;
    yb_dip_result r = one("I20.000", "60.0001|10.0001");
    assert_string_equal(code(r), "BX1");
    assert_true(r.flags & YB_DIP_FLAG_PRINCIPAL_SHIFTED);
    /* gastroscopy may be principal with K25 (in K20-K93) but not with I20 */
    r = one("K25.900", "60.0002");
    assert_string_equal(code(r), "JC6");
    assert_false(r.flags & YB_DIP_FLAG_PRINCIPAL_SHIFTED);
    r = one("I20.000", "60.0002|10.0002");
    assert_string_equal(code(r), "BX1");
    assert_true(r.flags & YB_DIP_FLAG_PRINCIPAL_SHIFTED);
}

/* ------------------------------------------------------------------------- comprehensive groups */

static void comprehensive_group_by_attribute_of_the_principal_procedure(void **state)
{
    (void)state;
    yb_dip_result r = one("N39.000", NULL);
    assert_string_equal(code(r), "ZH1");
    assert_int_equal(r.layer, YB_DIP_LAYER_COMPREHENSIVE);
    r = one("N39.000", "30.0001");
    assert_string_equal(code(r), "ZH2");
    assert_int_equal(r.attribute, YB_DIP_ATTR_SURGERY);
    r = one("N39.000", "80.0001");
    assert_string_equal(code(r), "ZH3");
    assert_int_equal(r.attribute, YB_DIP_ATTR_DIAGNOSTIC);
}

static void missing_attribute_group_falls_back_to_conservative(void **state)
{
    (void)state;
    /* an injection is therapeutic; N39 has no therapeutic group (spec ch. 3 §3 三(三) 2(4)) */
    yb_dip_result r = one("N39.000", "81.0001");
    assert_string_equal(code(r), "ZH1");
    assert_true(r.flags & YB_DIP_FLAG_FALLBACK_CONSERVATIVE);
}

static void fallback_can_be_switched_off(void **state)
{
    (void)state;
    yb_dip_catalog *c2;
    const char *dir = dip_test_small_pack("dip-nofallback", "\"comprehensive\":{\"fallback_conservative\":false}");
    assert_ok(ctx, yb_dip_catalog_load(ctx, dir, &c2));
    yb_dip_case c = dip_test_case("N39.000", "81.0001");
    yb_dip_result r = { .size = sizeof r };
    assert_ok(ctx, yb_dip_group_one(ctx, c2, &c, &r));
    assert_int_equal(r.group, YB_DIP_NONE);
    yb_dip_catalog_free(c2);
}

static void excluded_diagnosis_may_go_to_comprehensive_groups(void **state)
{
    (void)state;
    const dip_test_table extra[] = {
        { "excluded_dx", "code,name\nN39.000,urinary tract infection\n", NULL },
    };
    const char *base = dip_test_small_pack("dip-excl-base", NULL);
    char bj[4400];
    snprintf(bj, sizeof bj, "\"%s\"", base);
    const char *dir = dip_test_pack("dip-excl", extra, 1, "{\"exclusion\":{\"principal_dx\":\"comprehensive\"}}", bj);
    yb_dip_catalog *c2;
    assert_ok(ctx, yb_dip_catalog_load(ctx, dir, &c2));
    yb_dip_case c = dip_test_case("N39.000", "30.0001");
    yb_dip_result r = { .size = sizeof r };
    assert_ok(ctx, yb_dip_group_one(ctx, c2, &c, &r));
    assert_string_equal(yb_dip_group_code(c2, r.group), "ZH2");
    assert_true(r.flags & YB_DIP_FLAG_EXCLUDED_DX);
    yb_dip_catalog_free(c2);
}

/* ------------------------------------------------------------------------------------- subtypes */

static void subtypes_highest_coefficient_wins(void **state)
{
    (void)state;
    /* J18.1 → JC3. Secondary E11.200 (diabetes with complications, weight 2) supersedes E11.900
     * (diabetes, 1): CCI = 2 → CCI-1 (1.10). Age 70 → AGE-65 (1.15). Highest: AGE-65. */
    yb_dip_case c = dip_test_case("J18.100|E11.200|E11.900", NULL);
    c.age_years = 70;
    yb_dip_result r = run(c, YB_OK);
    assert_string_equal(code(r), "JC3");
    assert_int_equal(r.cci, 2);
    assert_string_equal(yb_dip_subtype_code(cat, r.subtype), "AGE-65");
    assert_int_equal(r.subtype_coef, 1150000);
    /* add ICU 2 days → ICU-1 (1.20) beats AGE-65 */
    c.icu_days = 2;
    r = run(c, YB_OK);
    assert_string_equal(yb_dip_subtype_code(cat, r.subtype), "ICU-1");
    /* death: the every-group subtype DEATH (1.30) beats them all */
    c.discharge_type = YB_DISCHARGE_DEATH;
    r = run(c, YB_OK);
    assert_string_equal(yb_dip_subtype_code(cat, r.subtype), "DEATH");
    assert_int_equal(r.subtype_coef, 1300000);
}

static void charlson_index_counts_superseding_conditions_once(void **state)
{
    (void)state;
    /* C34 malignancy (2) is superseded by C77 metastatic (6); I21 (1): 6 + 1 = 7 → CCI-2 (3 and more) */
    yb_dip_result r = one("J18.100|C34.100|C77.000|I21.000", NULL);
    assert_int_equal(r.cci, 7);
    assert_string_equal(yb_dip_subtype_code(cat, r.subtype), "CCI-2");
    assert_int_equal(r.subtype_coef, 1250000);
    /* K70.3 (1) and K72.1 (3): severe liver disease supersedes mild → 3 */
    r = one("J18.100|K70.300|K72.100", NULL);
    assert_int_equal(r.cci, 3);
    /* the principal diagnosis does not count */
    r = one("J18.100", NULL);
    assert_int_equal(r.cci, 0);
    assert_int_equal(r.subtype, YB_DIP_NONE);
    assert_int_equal(r.subtype_coef, 1000000);
}

static void severe_needs_a_stay_longer_than_three_days(void **state)
{
    (void)state;
    yb_dip_case c = dip_test_case("J18.100|R57.000", NULL);
    c.los_days = 4;
    yb_dip_result r = run(c, YB_OK);
    assert_string_equal(yb_dip_subtype_code(cat, r.subtype), "SEV-SEVERE");
    c.los_days = 3;
    r = run(c, YB_OK);
    assert_int_equal(r.subtype, YB_DIP_NONE);
}

static void neonate_band_is_in_days(void **state)
{
    (void)state;
    yb_dip_case c = dip_test_case("J18.100", NULL);
    c.age_years = 0;
    c.age_days = 28;
    yb_dip_result r = run(c, YB_OK);
    assert_string_equal(yb_dip_subtype_code(cat, r.subtype), "NEONATE");
    c.age_days = 29;
    r = run(c, YB_OK);
    assert_int_equal(r.subtype, YB_DIP_NONE);
}

static void template_without_coefficient_is_not_applied(void **state)
{
    (void)state;
    /* 7 applied subtypes; TEMPLATE (no coefficient) is not one of them */
    assert_int_equal(yb_dip_subtype_count(cat), 7);
    for (uint32_t i = 0; i < yb_dip_subtype_count(cat); i++)
        assert_string_not_equal(yb_dip_subtype_code(cat, i), "TEMPLATE");
}

/* ------------------------------------------------------------------------------- bad input rows */

static void bad_rows_get_their_status(void **state)
{
    (void)state;
    run(dip_test_case("", NULL), YB_E_ROW_NO_DIAGNOSIS);
    run(dip_test_case("J18.100|NOPE.1", NULL), YB_E_ROW_DX_CODE);
    assert_msg_has(ctx, "NOPE.1", "row 0");
    run(dip_test_case("J18.100", "99.9999"), YB_E_ROW_PROC_CODE);
    run(dip_test_case("J18.1 00", NULL), YB_E_ROW_DX_CODE);
    yb_dip_case c = dip_test_case("J18.100", NULL);
    c.sex = 3;
    run(c, YB_E_ROW_SEX);
    c = dip_test_case("J18.100", NULL);
    c.age_years = -5;
    run(c, YB_E_ROW_AGE);
    c = dip_test_case("J18.100", NULL);
    c.age_years = 2;
    c.age_days = 100; /* 2 years old but 100 days */
    run(c, YB_E_ROW_NEWBORN);
    c = dip_test_case("J18.100", NULL);
    c.discharge_type = 6;
    run(c, YB_E_ROW_DISCHARGE);
    c = dip_test_case("J18.100", NULL);
    c.los_days = -2;
    run(c, YB_E_ROW_LOS);
    c = dip_test_case("J18.100", NULL);
    c.vent_hours = -3;
    run(c, YB_E_ROW_VENT_HOURS);
    c = dip_test_case("J18.100", NULL);
    c.icu_days = -3;
    run(c, YB_E_ROW_ICU_DAYS);
}

static void unknown_codes_accepted_when_the_pack_says_so(void **state)
{
    (void)state;
    yb_dip_catalog *c2;
    const char *dir = dip_test_small_pack("dip-accept", "\"codes\":{\"unknown\":\"accept\"}");
    assert_ok(ctx, yb_dip_catalog_load(ctx, dir, &c2));
    /* J18.100x005 is not in the code list; its keys J18.1 / J18 still lead to JC3. The unknown
     * procedure is ignored, so the case is conservative. */
    yb_dip_case c = dip_test_case("J18.100x005|XYZ.12", "99.9999");
    yb_dip_result r = { .size = sizeof r };
    assert_ok(ctx, yb_dip_group_one(ctx, c2, &c, &r));
    assert_string_equal(yb_dip_group_code(c2, r.group), "JC3");
    assert_true(r.flags & YB_DIP_FLAG_UNKNOWN_CODE);
    yb_dip_catalog_free(c2);
}

static void codes_are_normalised_before_lookup(void **state)
{
    (void)state;
    /* lower case, spaces and an upper-case extension X: the same code */
    assert_string_equal(code(one(" k35.800X001 ", " 30.0002")), "JC2");
}

static void trace_names_layers_candidates_and_tie(void **state)
{
    (void)state;
    yb_dip_case c = dip_test_case("I20.000", "10.0001|20.0001|20.0003");
    char buf[4096];
    size_t need = 0;
    assert_ok(ctx, yb_dip_trace_one_text(ctx, cat, &c, buf, sizeof buf, &need));
    assert_int_equal(need, strlen(buf));
    assert_non_null(strstr(buf, "layer merged:"));
    assert_non_null(strstr(buf, "BX3 (via category): matches, 3 procedure components"));
    assert_non_null(strstr(buf, "BX1 (via category): matches, 1 procedure component"));
    assert_non_null(strstr(buf, "result: BX3"));
    assert_non_null(strstr(buf, "rules.csv:9 BX3"));
    /* a small buffer is cut at a line end and needed tells the full size */
    char small[64];
    assert_ok(ctx, yb_dip_trace_one_text(ctx, cat, &c, small, sizeof small, &need));
    assert_true(need > sizeof small);
    assert_true(strlen(small) == 0 || small[strlen(small) - 1] == '\n');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(transplant_needs_the_principal_procedure),
        cmocka_unit_test(ecmo_counts_anywhere_and_precedes_every_diagnosis_group),
        cmocka_unit_test(ventilation_with_crrt_matches_two_components_and_beats_ventilation_alone),
        cmocka_unit_test(ventilation_hours_add_the_ventilation_code),
        cmocka_unit_test(newborn_band_uses_age_in_days_and_birth_weight),
        cmocka_unit_test(related_procedures_most_matched_wins),
        cmocka_unit_test(unmatched_related_procedure_falls_back_to_principal_diagnosis_and_procedure),
        cmocka_unit_test(related_procedure_must_not_be_the_principal_one),
        cmocka_unit_test(burn_groups_need_the_area_as_secondary_diagnosis),
        cmocka_unit_test(tumour_procedure_expression_needs_every_component),
        cmocka_unit_test(tuberculosis_resistance_by_extension_code_or_u84),
        cmocka_unit_test(more_specific_diagnosis_key_wins_an_equal_match),
        cmocka_unit_test(conservative_groups_need_no_procedure),
        cmocka_unit_test(inactive_group_is_skipped),
        cmocka_unit_test(rules_without_a_principal_diagnosis_are_tried_in_their_own_layer),
        cmocka_unit_test(excluded_principal_diagnosis_is_not_grouped),
        cmocka_unit_test(conservative_exclusion_drops_the_procedure),
        cmocka_unit_test(not_principal_procedure_passes_the_role_to_the_next),
        cmocka_unit_test(comprehensive_group_by_attribute_of_the_principal_procedure),
        cmocka_unit_test(missing_attribute_group_falls_back_to_conservative),
        cmocka_unit_test(fallback_can_be_switched_off),
        cmocka_unit_test(excluded_diagnosis_may_go_to_comprehensive_groups),
        cmocka_unit_test(subtypes_highest_coefficient_wins),
        cmocka_unit_test(charlson_index_counts_superseding_conditions_once),
        cmocka_unit_test(severe_needs_a_stay_longer_than_three_days),
        cmocka_unit_test(neonate_band_is_in_days),
        cmocka_unit_test(template_without_coefficient_is_not_applied),
        cmocka_unit_test(bad_rows_get_their_status),
        cmocka_unit_test(unknown_codes_accepted_when_the_pack_says_so),
        cmocka_unit_test(codes_are_normalised_before_lookup),
        cmocka_unit_test(trace_names_layers_candidates_and_tie),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
