/* CHS-DRG 2.0 on the real pack: the README's worked check and the 2.0
 * semantics (QY enabled, zd_invalid / ss_invalid, MDCY on any diagnosis, MDCP
 * bands from the ADRG names, MDCM/MDCN by sex, MDCZ, stop in the main MDC).
 * Each expectation cites the pack rows it follows from. */
#include <stdlib.h>

#include "drg_test_pack.h"

typedef struct fixture {
    yb_ctx *ctx;
    yb_drg_scheme *s;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_int_equal(yb_ctx_new(&f->ctx, NULL), YB_OK);
    assert_ok(f->ctx, yb_drg_scheme_load(f->ctx, yb_test_src("packs/chs-drg-2.0"), &f->s));
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
    int status;
    const char *mdc, *adrg, *drg;
    uint32_t flags;
} expect;

static void check(fixture *f, const expect *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        yb_drg_result r;
        int st = drg_group(f->ctx, f->s, &e[i].c, &r);
        const char *mdc = drg_code_mdc(f->s, r.mdc), *adrg = drg_code_adrg(f->s, r.adrg),
                   *drg = drg_code_drg(f->s, r.drg);
        if (st != e[i].status || strcmp(mdc, e[i].mdc) || strcmp(adrg, e[i].adrg) || strcmp(drg, e[i].drg) ||
            (r.flags & e[i].flags) != e[i].flags)
            print_error("%s: %s %s %s %s flags 0x%x; expected %s %s %s %s flags 0x%x\n", e[i].what,
                        yb_status_name(st), mdc, adrg, drg, (unsigned)r.flags, yb_status_name(e[i].status), e[i].mdc,
                        e[i].adrg, e[i].drg, (unsigned)e[i].flags);
        assert_int_equal(st, e[i].status);
        assert_string_equal(mdc, e[i].mdc);
        assert_string_equal(adrg, e[i].adrg);
        assert_string_equal(drg, e[i].drg);
        assert_int_equal(r.flags & e[i].flags, e[i].flags);
    }
}

#define MAN45 1, 45, -1, -1, 7, 1
#define W(x) YB_DRG_FLAG_##x

static void readme_worked_check_hc23(void **state)
{
    static const expect e[] = {
        /* README §6: K80.101 → MDCH; 51.2300 is in HC2.pproc (not HB1/HC1) → HC2; I50.900 is MCC of table 90,
         * K80.101 cancels table 113, so it counts; HC2's DRGs are HC23 (has_mcc or has_cc) then HC25 → HC23. */
        { "HC23", { MAN45, "K80.101|I50.900", "51.2300" }, YB_OK, "MDCH", "HC2", "HC23", W(MCC) },
        /* Without the secondary: HC25. */
        { "HC25", { MAN45, "K80.101", "51.2300" }, YB_OK, "MDCH", "HC2", "HC25", 0 },
    };
    check(*state, e, sizeof e / sizeof e[0]);
}

static void ambiguous_group_and_invalid_codes(void **state)
{
    static const expect e[] = {
        /* 00.0102 is in no MDCA or MDCH list (only FF1.group2, FN2.pproc): MDCH's surgical and non-OR ADRGs
         * fail, the medical HZ2 (K80.101 in HZ2.pdx) is chosen with an effective principal procedure → HQY. */
        { "QY", { MAN45, "K80.101", "00.0102" }, YB_OK, "MDCH", "HQY", "HQY", W(AMBIGUOUS) },
        /* 00.0101 is in ss_invalid: it does not count, so there is no procedure and no QY → HZ29. */
        { "ss_invalid", { MAN45, "K80.101", "00.0101" }, YB_OK, "MDCH", "HZ2", "HZ29", W(PROC_IGNORED) },
        /* B95.000 is in zd_invalid. */
        { "zd_invalid", { MAN45, "B95.000", "" }, YB_E_ROW_PRINCIPAL_DX, "-", "-", "0000", W(INVALID) },
    };
    check(*state, e, sizeof e / sizeof e[0]);
}

static void pre_mdcs_y_p_and_z(void **state)
{
    static const expect e[] = {
        /* MDCY opens on a secondary (mdcyPrincipalDiagnosisOnly false): B20.001 is in MDCY.mdc_zd and YR1.dx;
         * YC1 needs a procedure; YR1 = any dx in YR1.dx. B20.001 is MCC of table 13, K80.101 cancels 113 → YR11. */
        { "MDCY", { MAN45, "K80.101|B20.001", "" }, YB_OK, "MDCY", "YR1", "YR11", W(MCC) },
        /* Q86.000 at 5 days (3000 g): MDCP gate (0 years, < 365 days); PB1…PR1 fail; PS1–PS4 need P07.x;
         * PU1 = principal in PU1.pdx and <= 28 days → PU19. */
        { "PU1", { 2, 0, 5, 3000, 7, 1, "Q86.000", "" }, YB_OK, "MDCP", "PU1", "PU19", 0 },
        /* At 60 days only PV1 (29 days to 1 year, Q86.000 in PV1.pdx) → PV19. */
        { "PV1", { 2, 0, 60, -1, 7, 1, "Q86.000", "" }, YB_OK, "MDCP", "PV1", "PV19", 0 },
        /* At 2 years MDCP's gate fails; MDCI lists Q86.000, IZ2.pdx too → IZ25. */
        { "2 years", { 2, 2, -1, -1, 7, 1, "Q86.000", "" }, YB_OK, "MDCI", "IZ2", "IZ25", 0 },
        /* P07.200 is in PS1–PS4.dx: the band comes from the ADRG names (< 1500, 1500-1999, 2000-2499, > 2499). */
        { "1200 g", { 1, 0, 2, 1200, 7, 1, "P07.200", "" }, YB_OK, "MDCP", "PS1", "PS15", 0 },
        { "1800 g", { 1, 0, 2, 1800, 7, 1, "P07.200", "" }, YB_OK, "MDCP", "PS2", "PS29", 0 },
        { "2200 g", { 1, 0, 2, 2200, 7, 1, "P07.200", "" }, YB_OK, "MDCP", "PS3", "PS39", 0 },
        { "2600 g", { 1, 0, 2, 2600, 7, 1, "P07.200", "" }, YB_OK, "MDCP", "PS4", "PS45", 0 },
        /* 0 g is in no band; P07.200 is in no other list → no MDC → 0000. */
        { "0 g", { 1, 0, 2, 0, 7, 1, "P07.200", "" }, YB_OK, "-", "-", "0000", W(UNGROUPABLE) },
        /* MDCZ: S06.000 (头颈部创伤) and S72.000 (下肢创伤) are two sites; no procedure: ZB1…ZJ1 fail, ZZ1 (no
         * procedure) holds; S72.000 is CC (table 194; S06.000 cancels 187), not MCC → ZZ15. */
        { "MDCZ CC", { MAN45, "S06.000|S72.000", "" }, YB_OK, "MDCZ", "ZZ1", "ZZ15", W(CC) },
        /* With S36.000 (腹部创伤, MCC of table 190) → ZZ11. */
        { "MDCZ MCC", { MAN45, "S06.000|S36.000", "" }, YB_OK, "MDCZ", "ZZ1", "ZZ11", W(MCC) },
    };
    check(*state, e, sizeof e / sizeof e[0]);
}

static void main_mdc_by_sex_and_stop(void **state)
{
    static const expect e[] = {
        /* C49.503 is in MDCM and MDCN (and MR1.pdx, NR1.pdx): MDCM is skipped for women, MDCN for men. */
        { "male", { 1, 50, -1, -1, 7, 1, "C49.503", "" }, YB_OK, "MDCM", "MR1", "MR15", 0 },
        { "female", { 2, 50, -1, -1, 7, 1, "C49.503", "" }, YB_OK, "MDCN", "NR1", "NR15", 0 },
        /* O75.700x001 is in MDCO.mdc_zd only; every MDCO ADRG needs a procedure, a principal in its pdx lists or
         * a secondary in OR1.sdx → no ADRG; the main MDC stops: MDCO, 0000. */
        { "stop", { 2, 30, -1, -1, 7, 1, "O75.700x001", "" }, YB_OK, "MDCO", "-", "0000", W(UNGROUPABLE) },
    };
    check(*state, e, sizeof e / sizeof e[0]);
}

static void open_dictionary_unknown_principal_is_ungroupable(void **state)
{
    fixture *f = *state;
    /* 2.0 ships no full code set: an unknown principal is not a row error; it is in no list → 0000,
     * and it is counted. */
    yb_drg_result r;
    drg_tcase c = { MAN45, "Z99.999x999", "" };
    assert_int_equal(drg_group(f->ctx, f->s, &c, &r), YB_OK);
    assert_string_equal(drg_code_drg(f->s, r.drg), "0000");
    assert_int_equal(r.unknown_dx, 1);
    assert_true(r.flags & YB_DRG_FLAG_UNKNOWN_CODE);
    /* the pack's shape */
    assert_int_equal(yb_drg_scheme_mdc_count(f->s), 26);
    assert_string_equal(yb_drg_scheme_version(f->s), "2.0");
    /* 409 ADRGs + 25 ambiguous groups (every MDC but MDCA has a medical ADRG) */
    assert_int_equal(yb_drg_scheme_adrg_count(f->s), 434);
    /* 634 DRGs + 25 QY + 0000 */
    assert_int_equal(yb_drg_scheme_drg_count(f->s), 660);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(readme_worked_check_hc23),
        cmocka_unit_test(ambiguous_group_and_invalid_codes),
        cmocka_unit_test(pre_mdcs_y_p_and_z),
        cmocka_unit_test(main_mdc_by_sex_and_stop),
        cmocka_unit_test(open_dictionary_unknown_principal_is_ungroupable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
