/* Every gate, rule kind, split and special group of the format, on the tiny
 * pack (drg_test_pack.c). Each expectation is worked from the pack's tables in
 * the comment next to it. */
#include <stdlib.h>

#include "core/sha256.h"

#include "drg_test_pack.h"

typedef struct fixture {
    yb_ctx *ctx;
    yb_drg_scheme *s;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_int_equal(yb_ctx_new(&f->ctx, NULL), YB_OK);
    assert_ok(f->ctx, yb_drg_scheme_load(f->ctx, drg_tiny_pack("rules", NULL, NULL, NULL), &f->s));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    yb_drg_scheme_free(f->s);
    yb_ctx_free(f->ctx);
    free(f);
    return 0;
}

typedef struct expect {
    const char *what;
    drg_tcase c;
    const char *mdc, *adrg, *drg;
    uint32_t flags_set, flags_clear;
    int mcc, cc;
} expect;

#define ADULT 1, 50, -1, -1, 5, 1
#define W(x) YB_DRG_FLAG_##x

static void check(fixture *f, const expect *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        yb_drg_result r;
        int st = drg_group(f->ctx, f->s, &e[i].c, &r);
        const char *mdc = drg_code_mdc(f->s, r.mdc), *adrg = drg_code_adrg(f->s, r.adrg),
                   *drg = drg_code_drg(f->s, r.drg);
        if (st || strcmp(mdc, e[i].mdc) || strcmp(adrg, e[i].adrg) || strcmp(drg, e[i].drg) ||
            (r.flags & e[i].flags_set) != e[i].flags_set || (r.flags & e[i].flags_clear) ||
            (e[i].mcc >= 0 && r.mcc_count != e[i].mcc) || (e[i].cc >= 0 && r.cc_count != e[i].cc))
            print_error("%s: status %d, %s %s %s flags 0x%x mcc %d cc %d; expected %s %s %s set 0x%x clear 0x%x\n",
                        e[i].what, st, mdc, adrg, drg, (unsigned)r.flags, (int)r.mcc_count, (int)r.cc_count,
                        e[i].mdc, e[i].adrg, e[i].drg, (unsigned)e[i].flags_set, (unsigned)e[i].flags_clear);
        assert_int_equal(st, YB_OK);
        assert_int_equal(r.status, YB_OK);
        assert_string_equal(mdc, e[i].mdc);
        assert_string_equal(adrg, e[i].adrg);
        assert_string_equal(drg, e[i].drg);
        assert_int_equal(r.flags & e[i].flags_set, e[i].flags_set);
        assert_int_equal(r.flags & e[i].flags_clear, 0);
        if (e[i].mcc >= 0)
            assert_int_equal(r.mcc_count, e[i].mcc);
        if (e[i].cc >= 0)
            assert_int_equal(r.cc_count, e[i].cc);
    }
}

static void pre_mdc_procedure_rules(void **state)
{
    static const expect e[] = {
        /* 33.5000 is in valid_or (MDCA's gate) and in AA1.ss: principal procedure in a list. */
        { "AA1", { ADULT, "K92.200", "33.5000" }, "MDCA", "AA1", "AA19", 0, W(FELL_THROUGH), 0, 0 },
        /* 52.8000 (valid_or, AB1.ss1) and 55.6900 (AB1.ss2): two procedures from two lists. */
        { "AB1", { ADULT, "K92.200", "52.8000|55.6900" }, "MDCA", "AB1", "AB19", 0, 0, 0, 0 },
        /* Only AB1.ss1 hit: MDCA's gate held but no ADRG → next MDC; K92.200 opens MDCG, where the
         * medical GR1 matches while there is a principal procedure → the ambiguous GQY. */
        { "AB1 half", { ADULT, "K92.200", "52.8000" }, "MDCG", "GQY", "GQY", W(FELL_THROUGH) | W(AMBIGUOUS), 0,
          0, 0 },
    };
    check(*state, e, sizeof e / sizeof e[0]);
}

static void newborn_gate_and_weight_bands(void **state)
{
    static const expect e[] = {
        /* P07.100 at 3 days, 1200 g: MDCP gate (list, age 0); PS1 = any dx in zd, 0 < 1200 < 1500, 3 <= 28;
         * no MCC → PS15. */
        { "PS1", { 2, 0, 3, 1200, 5, 1, "P07.100", "" }, "MDCP", "PS1", "PS15", 0, 0, 0, 0 },
        /* With J96.000 (MCC of table T2; P07.100 cancels no table) → PS11. */
        { "PS1 MCC", { 2, 0, 3, 1200, 5, 1, "P07.100|J96.000", "" }, "MDCP", "PS1", "PS11", W(MCC), 0, 1, 0 },
        /* 1800 g: PS1 fails (< 1500), PS2 (>= 1500) holds → PS29. */
        { "PS2", { 1, 0, 3, 1800, 5, 1, "P07.100", "" }, "MDCP", "PS2", "PS29", 0, 0, 0, 0 },
        /* 0 g passes validation but is in no band (PS1 needs > 0), PU1's list lacks P07.100: the gate held,
         * nothing matched → next; no other MDC lists P07.100 → ungroupable, no MDC. */
        { "0 g", { 1, 0, 3, 0, 5, 1, "P07.100", "" }, "-", "-", "0000", W(UNGROUPABLE) | W(FELL_THROUGH), 0, 0, 0 },
        /* P59.900 at 10 days: PS1/PS2 need P07.100; PU1 = principal in zd and <= 28 days → PU19. */
        { "PU1", { 1, 0, 10, 3200, 5, 1, "P59.900", "" }, "MDCP", "PU1", "PU19", 0, 0, 0, 0 },
        /* The same at 40 days (an infant: no weight needed): every MDCP rule needs <= 28 days → 0000. */
        { "infant", { 1, 0, 40, -1, 5, 1, "P59.900", "" }, "-", "-", "0000", W(UNGROUPABLE), 0, 0, 0 },
    };
    check(*state, e, sizeof e / sizeof e[0]);
}

static void trauma_needs_two_regions_and_sex_gates(void **state)
{
    static const expect e[] = {
        /* S06.000 (head) + S27.000 (chest): two distinct tags of MDCZ.mdc_zd → ZZ1. */
        { "2 regions", { ADULT, "S06.000|S27.000", "" }, "MDCZ", "ZZ1", "ZZ19", 0, 0, 0, 0 },
        /* S06.000 + S06.100: both head → one region → no MDC lists S06.000 otherwise → 0000. */
        { "1 region", { ADULT, "S06.000|S06.100", "" }, "-", "-", "0000", W(UNGROUPABLE), 0, 0, 0 },
        /* Two regions in the secondaries but a principal outside MDCZ: the gate needs the principal. */
        { "principal", { ADULT, "K92.200|S06.000|S27.000", "" }, "MDCG", "GR1", "GR15", 0, 0, 0, 0 },
        /* Q56.000 is in MDCM and MDCN: sex 1 opens MDCM, sex 2 skips it and opens MDCN. */
        { "male", { 1, 30, -1, -1, 5, 1, "Q56.000", "" }, "MDCM", "MA1", "MA19", 0, 0, 0, 0 },
        { "female", { 2, 30, -1, -1, 5, 1, "Q56.000", "" }, "MDCN", "NA1", "NA19", 0, 0, 0, 0 },
    };
    check(*state, e, sizeof e / sizeof e[0]);
}

static void adrg_rule_kinds_in_order(void **state)
{
    static const expect e[] = {
        /* K35.800 in GB1.zd and 47.0901 in GB1.ss: diagnosis + procedure (47.0901 is valid_or, so MDCA's gate
         * held first and passed the case on). */
        { "GB1", { ADULT, "K35.800", "47.0901" }, "MDCG", "GB1", "GB15", W(FELL_THROUGH), 0, 0, 0 },
        /* 44.4300 in GC1.ss: principal procedure. */
        { "GC1", { ADULT, "K92.200", "44.4300" }, "MDCG", "GC1", "GC19", 0, 0, 0, 0 },
        /* 45.7100 carries tag 'big' in GJ1.ss: principal_proc in ss['big']. */
        { "GJ1 big", { ADULT, "K92.200", "45.7100" }, "MDCG", "GJ1", "GJ19", 0, 0, 0, 0 },
        /* 46.1000 (tag b, principal) and 45.1300 (tag a): the (a and b) branch; 46.1000 is not in valid_or
         * so MDCA's gate fails. */
        { "GJ1 a+b", { ADULT, "K92.200", "46.1000|45.1300" }, "MDCG", "GJ1", "GJ19", 0, W(FELL_THROUGH), 0, 0 },
        /* 45.1300 alone: only tag a → GJ1 fails; GK1 = any procedure in GK1.ss → GK19 (non-OR, not QY). */
        { "GJ1 a", { ADULT, "K92.200", "45.1300" }, "MDCG", "GK1", "GK19", 0, W(AMBIGUOUS), 0, 0 },
        /* 99.2500 as a secondary procedure: any_proc looks at every procedure. */
        { "GK1 any", { ADULT, "K92.200", "38.9300|99.2500" }, "MDCG", "GK1", "GK19", 0, 0, 0, 0 },
        /* No procedure: the medical GR1 (principal in zd). */
        { "GR1", { ADULT, "K92.200", "" }, "MDCG", "GR1", "GR15", 0, W(AMBIGUOUS), 0, 0 },
        /* K29.700 principal, K92.200 secondary: only GS1 (secondary in zd) holds. */
        { "GS1", { ADULT, "K29.700|K92.200", "" }, "MDCG", "GS1", "GS19", 0, 0, 0, 0 },
    };
    check(*state, e, sizeof e / sizeof e[0]);
}

static void ambiguous_group_and_ignored_principal_procedure(void **state)
{
    static const expect e[] = {
        /* 38.9300 is in no list of MDCG: the medical GR1 is chosen with a principal procedure → GQY. */
        { "QY", { ADULT, "K92.200", "38.9300" }, "MDCG", "GQY", "GQY", W(AMBIGUOUS), W(UNGROUPABLE), 0, 0 },
        /* 99.0400 is not valid as principal: it is ignored, so there is no procedure at all → GR15, no QY. */
        { "ignored", { ADULT, "K92.200", "99.0400" }, "MDCG", "GR1", "GR15", W(PROC_IGNORED), W(AMBIGUOUS), 0, 0 },
        /* Ignored principal, 99.2500 still counts as a procedure (any_proc) → GK1. */
        { "ignored+1", { ADULT, "K92.200", "99.0400|99.2500" }, "MDCG", "GK1", "GK19", W(PROC_IGNORED), 0, 0, 0 },
    };
    check(*state, e, sizeof e / sizeof e[0]);
}

static void stop_next_and_no_mdc(void **state)
{
    static const expect e[] = {
        /* K29.700 opens MDCG (stop) but no ADRG holds: ungroupable inside MDCG. */
        { "stop", { ADULT, "K29.700", "" }, "MDCG", "-", "0000", W(UNGROUPABLE), W(FELL_THROUGH), 0, 0 },
        /* I99.000 opens MDCF (next), none of FR1/FT1 lists it → MDCX (also lists it) → XR1. */
        { "next", { ADULT, "I99.000", "" }, "MDCX", "XR1", "XR19", W(FELL_THROUGH), W(UNGROUPABLE), 0, 0 },
        /* R50.900 is a code of the scheme in no list: no MDC → 0000. */
        { "no MDC", { ADULT, "R50.900", "" }, "-", "-", "0000", W(UNGROUPABLE), W(FELL_THROUGH), 0, 0 },
    };
    check(*state, e, sizeof e / sizeof e[0]);
}

static void mcc_cc_with_exclusion_tables(void **state)
{
    static const expect e[] = {
        /* I21.000 cancels table T1: I50.900 (MCC T1) and E11.900 (CC T1) are excluded → FR15. */
        { "all excluded", { ADULT, "I21.000|I50.900|E11.900", "" }, "MDCF", "FR1", "FR15", W(CC_EXCLUDED),
          W(MCC) | W(CC), 0, 0 },
        /* J96.000 is MCC of T2, not cancelled → FR11. */
        { "MCC", { ADULT, "I21.000|J96.000", "" }, "MDCF", "FR1", "FR11", W(MCC), W(CC_EXCLUDED), 1, 0 },
        /* N18.500 is CC of T2 → FR13 (has_mcc or has_cc). */
        { "CC", { ADULT, "I21.000|N18.500", "" }, "MDCF", "FR1", "FR13", W(CC), W(MCC), 0, 1 },
        /* The MCC is cancelled, the CC is not → FR13. */
        { "MCC excluded, CC counts", { ADULT, "I21.000|I50.900|N18.500", "" }, "MDCF", "FR1", "FR13",
          W(CC) | W(CC_EXCLUDED), W(MCC), 0, 1 },
        /* K35.800 cancels T3: K29.700 (CC T3) does not count → GB15; N18.500 (CC T2) → GB13 (has_cc);
         * J96.000 → GB11. */
        { "GB excluded", { ADULT, "K35.800|K29.700", "47.0901" }, "MDCG", "GB1", "GB15", W(CC_EXCLUDED), W(CC), 0, 0 },
        { "GB CC", { ADULT, "K35.800|N18.500", "47.0901" }, "MDCG", "GB1", "GB13", W(CC), 0, 0, 1 },
        { "GB MCC", { ADULT, "K35.800|J96.000", "47.0901" }, "MDCG", "GB1", "GB11", W(MCC), 0, 1, 0 },
        /* A principal that cancels no table: the CC of T1 counts (GR13). */
        { "no table", { ADULT, "K92.200|E11.900", "" }, "MDCG", "GR1", "GR13", W(CC), W(CC_EXCLUDED), 0, 1 },
    };
    check(*state, e, sizeof e / sizeof e[0]);
}

static void local_splits_by_discharge_stay_and_age(void **state)
{
    static const expect e[] = {
        /* FT17: (discharge 5 or 2) and stay < 5. */
        { "death day 3", { 1, 50, -1, -1, 3, 5, "I10.x00", "" }, "MDCF", "FT1", "FT17", 0, 0, 0, 0 },
        { "transfer day 4", { 1, 50, -1, -1, 4, 2, "I10.x00", "" }, "MDCF", "FT1", "FT17", 0, 0, 0, 0 },
        /* Death on day 5: FT17 fails (5 < 5 is false); 50 < 65; 5 < 30 → FT19. */
        { "death day 5", { 1, 50, -1, -1, 5, 5, "I10.x00", "" }, "MDCF", "FT1", "FT19", 0, 0, 0, 0 },
        /* Stay missing: a comparison with a missing value is false → FT17 fails; age 70 → FT18. */
        { "no stay", { 1, 70, -1, -1, -1, 5, "I10.x00", "" }, "MDCF", "FT1", "FT18", 0, 0, 0, 0 },
        /* 40 days: FT1A, a DRG code with a letter in the fourth place. */
        { "long stay", { 1, 50, -1, -1, 40, 1, "I10.x00", "" }, "MDCF", "FT1", "FT1A", 0, 0, 0, 0 },
    };
    check(*state, e, sizeof e / sizeof e[0]);
}

static void unknown_secondary_codes_are_counted_not_dropped(void **state)
{
    fixture *f = *state;
    yb_drg_result r;
    drg_tcase c = { ADULT, "K92.200|Z99.999|N18.500", "" };
    /* Z99.999 is well formed but not a code of the scheme: counted, flagged, matching nothing. */
    assert_int_equal(drg_group(f->ctx, f->s, &c, &r), YB_OK);
    assert_string_equal(drg_code_drg(f->s, r.drg), "GR13");
    assert_int_equal(r.unknown_dx, 1);
    assert_int_equal(r.unknown_proc, 0);
    assert_true(r.flags & YB_DRG_FLAG_UNKNOWN_CODE);
    /* An unknown secondary procedure still is a procedure; the principal 38.9300 makes GR1 → GQY. */
    drg_tcase p = { ADULT, "K92.200", "38.9300|12.3456" };
    assert_int_equal(drg_group(f->ctx, f->s, &p, &r), YB_OK);
    assert_string_equal(drg_code_drg(f->s, r.drg), "GQY");
    assert_int_equal(r.unknown_proc, 1);
    assert_true(r.flags & YB_DRG_FLAG_UNKNOWN_CODE);
}

static void codes_are_normalised_before_lookup(void **state)
{
    fixture *f = *state;
    yb_drg_result r;
    /* Lower case, surrounding blanks, a capital extension X and full-width digits all normalise
     * (include/yibao/dict.h) to K35.800 / N18.500 / 47.0901. */
    drg_tcase c = { ADULT, " k35.800 |N18.500|i10.X00", "４７.0901" };
    assert_int_equal(drg_group(f->ctx, f->s, &c, &r), YB_OK);
    assert_string_equal(drg_code_drg(f->s, r.drg), "GB13");
    assert_int_equal(r.unknown_dx, 0);
    assert_int_equal(r.unknown_proc, 0);
}

static void accessors_map_ids_to_codes_and_names(void **state)
{
    fixture *f = *state;
    const yb_drg_scheme *s = f->s;
    assert_string_equal(yb_drg_scheme_name(s), "Tiny");
    assert_string_equal(yb_drg_scheme_version(s), "1");
    assert_int_equal(strlen(yb_drg_scheme_fingerprint(s)), 64);
    assert_int_equal(yb_drg_scheme_mdc_count(s), 8);
    assert_int_equal(yb_drg_scheme_adrg_count(s), 18);
    assert_int_equal(yb_drg_scheme_drg_count(s), 28); /* 27 DRGs + the ungroupable group */
    uint32_t id;
    assert_int_equal(yb_drg_scheme_drg_lookup(s, "FT17", &id), YB_OK);
    assert_string_equal(yb_drg_scheme_drg_name(s, id), "Died or transferred early");
    uint32_t a = yb_drg_scheme_drg_adrg(s, id);
    assert_string_equal(yb_drg_scheme_adrg_code(s, a), "FT1");
    assert_string_equal(yb_drg_scheme_adrg_name(s, a), "Hypertension");
    assert_string_equal(yb_drg_scheme_mdc_code(s, yb_drg_scheme_adrg_mdc(s, a)), "MDCF");
    assert_string_equal(yb_drg_scheme_mdc_name(s, yb_drg_scheme_adrg_mdc(s, a)), "Circulatory");
    assert_int_equal(yb_drg_scheme_mdc_lookup(s, "MDCG", &id), YB_OK);
    assert_int_equal(yb_drg_scheme_adrg_lookup(s, "GQY", &id), YB_OK);
    assert_int_equal(yb_drg_scheme_adrg_lookup(s, "NOPE", &id), YB_E_NOT_FOUND);
    uint32_t u = yb_drg_scheme_ungroupable_drg(s);
    assert_string_equal(yb_drg_scheme_drg_code(s, u), "0000");
    assert_int_equal(yb_drg_scheme_drg_adrg(s, u), YB_DRG_NO_ID);
    assert_null(yb_drg_scheme_drg_code(s, 28));
    assert_null(yb_drg_scheme_mdc_code(s, YB_DRG_NO_ID));
    assert_int_equal(yb_drg_scheme_adrg_mdc(s, 999), YB_DRG_NO_ID);
    /* The dictionaries hold every code of the pack (22 diagnoses, 11 procedures). */
    assert_int_equal(yb_dict_count(yb_drg_scheme_dx_dict(s)), 22);
    assert_int_equal(yb_dict_count(yb_drg_scheme_proc_dict(s)), 11);
    assert_int_equal(yb_dict_lookup(yb_drg_scheme_dx_dict(s), "i21.000", 7, &id), YB_OK);
    assert_string_equal(yb_dict_code(yb_drg_scheme_dx_dict(s), id), "I21.000");
    /* NULL-safety */
    assert_int_equal(yb_drg_scheme_mdc_count(NULL), 0);
    assert_string_equal(yb_drg_scheme_fingerprint(NULL), "");
    assert_null(yb_drg_scheme_dx_dict(NULL));
    yb_drg_scheme_free(NULL);
}

static void ungroupable_code_is_a_parameter(void **state)
{
    (void)state;
    yb_ctx *ctx;
    assert_int_equal(yb_ctx_new(&ctx, NULL), YB_OK);
    yb_drg_scheme *s = NULL;
    assert_ok(ctx, yb_drg_scheme_load(ctx, drg_tiny_pack("ung", NULL, NULL,
                                                          "{\"ungroupable_drg\": \"ZZZZ\", \"ungroupable_name\": \"none\"}"),
                                      &s));
    uint32_t u = yb_drg_scheme_ungroupable_drg(s);
    assert_string_equal(yb_drg_scheme_drg_code(s, u), "ZZZZ");
    assert_string_equal(yb_drg_scheme_drg_name(s, u), "none");
    yb_drg_result r;
    drg_tcase c = { ADULT, "R50.900", "" };
    assert_int_equal(drg_group(ctx, s, &c, &r), YB_OK);
    assert_int_equal(r.drg, u);
    yb_drg_scheme_free(s);
    yb_ctx_free(ctx);
}

static void local_variant_as_an_overlay_pack(void **state)
{
    (void)state;
    /* A city adds a death split to GR1 by appending one DRG row with an earlier order (0). */
    char base[512], dir[512], path[700], json[1024], hex[65];
    snprintf(base, sizeof base, "%s", drg_tiny_pack("ovbase", NULL, NULL, NULL));
    snprintf(dir, sizeof dir, "%s", yb_test_tmpdir("overlay"));
    const char *rows = "drg,adrg,order,predicate,name\nGR17,GR1,0,discharge_type == 5,Died\n";
    snprintf(path, sizeof path, "%s/drg.csv", dir);
    yb_test_write_text(path, rows);
    yb_sha256_hex(rows, strlen(rows), hex);
    snprintf(json, sizeof json,
             "{\"format\": \"yibao-pack/1\", \"kind\": \"drg-scheme\", \"name\": \"Tiny\", \"version\": \"1-city\", "
             "\"base\": \"%s\", \"tables\": {\"drg\": {\"file\": \"drg.csv\", \"checksum\": \"sha256:%s\", "
             "\"mode\": \"append\"}}}",
             base, hex);
    snprintf(path, sizeof path, "%s/pack.json", dir);
    yb_test_write_text(path, json);
    yb_ctx *ctx;
    assert_int_equal(yb_ctx_new(&ctx, NULL), YB_OK);
    yb_drg_scheme *s = NULL;
    assert_ok(ctx, yb_drg_scheme_load(ctx, dir, &s));
    yb_drg_result r;
    drg_tcase died = { 1, 50, -1, -1, 2, 5, "K92.200|N18.500", "" };
    assert_int_equal(drg_group(ctx, s, &died, &r), YB_OK);
    assert_string_equal(drg_code_drg(s, r.drg), "GR17");
    drg_tcase home = { 1, 50, -1, -1, 2, 1, "K92.200|N18.500", "" };
    assert_int_equal(drg_group(ctx, s, &home, &r), YB_OK);
    assert_string_equal(drg_code_drg(s, r.drg), "GR13");
    assert_string_equal(yb_drg_scheme_version(s), "1-city");
    yb_drg_scheme_free(s);
    yb_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pre_mdc_procedure_rules),
        cmocka_unit_test(newborn_gate_and_weight_bands),
        cmocka_unit_test(trauma_needs_two_regions_and_sex_gates),
        cmocka_unit_test(adrg_rule_kinds_in_order),
        cmocka_unit_test(ambiguous_group_and_ignored_principal_procedure),
        cmocka_unit_test(stop_next_and_no_mdc),
        cmocka_unit_test(mcc_cc_with_exclusion_tables),
        cmocka_unit_test(local_splits_by_discharge_stay_and_age),
        cmocka_unit_test(unknown_secondary_codes_are_counted_not_dropped),
        cmocka_unit_test(codes_are_normalised_before_lookup),
        cmocka_unit_test(accessors_map_ids_to_codes_and_names),
        cmocka_unit_test(ungroupable_code_is_a_parameter),
        cmocka_unit_test(local_variant_as_an_overlay_pack),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
