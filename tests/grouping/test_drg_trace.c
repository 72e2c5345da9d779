/* Traces: the steps of one case as structured data (kinds, outcomes, ids,
 * attached codes with their lists and exclusion tables) and as text, on the
 * tiny pack; the trace's result always equals the batch's. */
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
    assert_ok(f->ctx, yb_drg_scheme_load(f->ctx, drg_tiny_pack("trace", NULL, NULL, NULL), &f->s));
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

static yb_drg_trace *trace_of(fixture *f, const char *principal, const char *const *sec, size_t ns,
                              const char *const *proc, size_t np)
{
    yb_drg_case c = { .size = sizeof c, .sex = 1, .age_years = 40, .age_days = -1, .birth_weight_g = -1,
                      .los_days = 3, .discharge_type = 1, .vent_hours = -1, .icu_days = -1,
                      .principal_dx = principal, .secondary_dx = sec, .n_secondary = ns, .procedures = proc,
                      .n_procedures = np };
    yb_drg_trace *t = NULL;
    assert_ok(f->ctx, yb_drg_trace_one(f->ctx, f->s, &c, &t));
    /* the same case through the batch path gives the trace's result */
    yb_drg_result a = { .size = sizeof a }, b = { .size = sizeof b };
    int st = yb_drg_group_one(f->ctx, f->s, &c, &a);
    assert_int_equal(yb_drg_trace_result(t, &b), YB_OK);
    assert_int_equal(b.status, st);
    assert_int_equal(a.drg, b.drg);
    assert_int_equal(a.adrg, b.adrg);
    assert_int_equal(a.mdc, b.mdc);
    assert_int_equal(a.flags, b.flags);
    assert_int_equal(a.mcc_count, b.mcc_count);
    assert_int_equal(a.cc_count, b.cc_count);
    return t;
}

/* Index of the first step of a kind about a subject, or -1. */
static long find_step(const yb_drg_trace *t, int kind, const char *subject, yb_drg_step_info *out)
{
    for (size_t i = 0; i < yb_drg_trace_step_count(t); i++) {
        yb_drg_step_info st = { .size = sizeof st };
        assert_int_equal(yb_drg_trace_step(t, i, &st), YB_OK);
        if (st.kind == kind && (!subject || strcmp(st.subject, subject) == 0)) {
            *out = st;
            return (long)i;
        }
    }
    return -1;
}

static void code_at(const yb_drg_trace *t, long step, size_t k, yb_drg_code_info *c)
{
    c->size = sizeof *c;
    assert_int_equal(yb_drg_trace_code(t, (size_t)step, k, c), YB_OK);
}

static void steps_explain_mdc_adrg_and_exclusion(void **state)
{
    fixture *f = *state;
    /* K35.800 with K29.700 (CC of T3, which K35.800 cancels) and N18.500 (CC of T2), 47.0901:
     * MDCA's gate holds (47.0901 is in valid_or) but AA1/AB1 fail → next; MDCP, MDCZ, MDCM, MDCN fail;
     * MDCG holds; GB1 matches (K35.800 in GB1.zd, 47.0901 in GB1.ss); GB11 (has_mcc) fails, GB13 (has_cc,
     * N18.500) holds. */
    const char *sec[] = { "K29.700", "N18.500" };
    const char *pr[] = { "47.0901" };
    yb_drg_trace *t = trace_of(f, "K35.800", sec, 2, pr, 1);
    yb_drg_step_info st;
    yb_drg_code_info c;

    /* severity: K29.700 excluded by table T3 (with the principal that excludes it), N18.500 counts */
    long k = find_step(t, YB_DRG_STEP_CC, "K29.700", &st);
    assert_true(k >= 0);
    assert_int_equal(st.outcome, 0);
    assert_int_equal(st.code_count, 2);
    code_at(t, k, 0, &c);
    assert_int_equal(c.role, YB_DRG_CODE_EXCLUDED);
    assert_string_equal(c.code, "K29.700");
    assert_string_equal(c.list, "T3");
    assert_int_equal(c.position, 1);
    code_at(t, k, 1, &c);
    assert_int_equal(c.role, YB_DRG_CODE_EXCLUDER);
    assert_string_equal(c.code, "K35.800");
    assert_int_equal(c.position, 0);
    k = find_step(t, YB_DRG_STEP_CC, "N18.500", &st);
    assert_int_equal(st.outcome, 1);
    code_at(t, k, 0, &c);
    assert_int_equal(c.role, YB_DRG_CODE_CC);
    assert_string_equal(c.list, "T2");

    /* MDCA tried and held, then passed on */
    k = find_step(t, YB_DRG_STEP_MDC, "MDCA", &st);
    assert_int_equal(st.outcome, 1);
    assert_string_equal(st.rule, "has_procedure and principal_proc in valid_or");
    assert_non_null(strstr(st.detail, "principal_proc in valid_or: yes"));
    k = find_step(t, YB_DRG_STEP_ADRG, "AB1", &st);
    assert_int_equal(st.outcome, 0);
    k = find_step(t, YB_DRG_STEP_NO_ADRG, "MDCA", &st);
    assert_int_equal(st.outcome, 1); /* next MDC */
    k = find_step(t, YB_DRG_STEP_MDC, "MDCZ", &st);
    assert_int_equal(st.outcome, 0);
    /* MDCG chosen because the principal is in its list */
    k = find_step(t, YB_DRG_STEP_MDC, "MDCG", &st);
    assert_int_equal(st.outcome, 1);
    assert_int_equal(st.code_count, 1);
    code_at(t, k, 0, &c);
    assert_int_equal(c.role, YB_DRG_CODE_MATCHED);
    assert_string_equal(c.code, "K35.800");
    assert_string_equal(c.list, "MDCG.mdc_zd");
    /* GB1 with the codes that matched */
    k = find_step(t, YB_DRG_STEP_ADRG, "GB1", &st);
    assert_int_equal(st.outcome, 1);
    assert_string_equal(st.rule, "principal_dx in zd and principal_proc in ss");
    assert_string_equal(yb_drg_scheme_adrg_code(f->s, st.adrg), "GB1");
    assert_string_equal(yb_drg_scheme_mdc_code(f->s, st.mdc), "MDCG");
    assert_int_equal(st.code_count, 2);
    code_at(t, k, 0, &c);
    assert_string_equal(c.code, "K35.800");
    assert_string_equal(c.list, "GB1.zd");
    assert_int_equal(c.is_procedure, 0);
    code_at(t, k, 1, &c);
    assert_string_equal(c.code, "47.0901");
    assert_string_equal(c.list, "GB1.ss");
    assert_int_equal(c.is_procedure, 1);
    /* no ADRG after the chosen one was tried */
    assert_true(find_step(t, YB_DRG_STEP_ADRG, "GC1", &st) < 0);
    /* DRG splits in order */
    k = find_step(t, YB_DRG_STEP_DRG, "GB11", &st);
    assert_int_equal(st.outcome, 0);
    assert_non_null(strstr(st.detail, "has_mcc: no"));
    k = find_step(t, YB_DRG_STEP_DRG, "GB13", &st);
    assert_int_equal(st.outcome, 1);
    assert_true(find_step(t, YB_DRG_STEP_DRG, "GB15", &st) < 0);
    k = find_step(t, YB_DRG_STEP_RESULT, NULL, &st);
    assert_int_equal(k, (long)yb_drg_trace_step_count(t) - 1);
    assert_string_equal(st.subject, "GB13");
    assert_string_equal(yb_drg_scheme_drg_code(f->s, st.drg), "GB13");

    const char *text = yb_drg_trace_text(t);
    const char *want[] = {
        "severity K29.700: excluded", "excluded by table T3", "MDC MDCA [has_procedure and principal_proc in valid_or]: yes",
        "no ADRG MDCA: next MDC", "MDC MDCG [principal_dx in mdc_zd]: yes",
        "ADRG GB1 [principal_dx in zd and principal_proc in ss]: yes",
        "K35.800 (principal diagnosis) in GB1.zd", "47.0901 (principal procedure) in GB1.ss",
        "DRG GB13 [has_cc]: yes", "result GB13",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (!strstr(text, want[i]))
            print_error("trace text lacks \"%s\":\n%s\n", want[i], text);
        assert_non_null(strstr(text, want[i]));
    }
    yb_drg_trace_free(t);
}

static void trace_names_tags_qy_unknown_and_ignored_codes(void **state)
{
    fixture *f = *state;
    yb_drg_step_info st;
    yb_drg_code_info c;
    /* multiple trauma: the regions of each code */
    const char *sec[] = { "S27.000" };
    yb_drg_trace *t = trace_of(f, "S06.000", sec, 1, NULL, 0);
    long k = find_step(t, YB_DRG_STEP_MDC, "MDCZ", &st);
    assert_int_equal(st.outcome, 1);
    assert_non_null(strstr(st.detail, "(2)"));
    int head = 0, chest = 0;
    for (size_t i = 0; i < st.code_count; i++) {
        code_at(t, k, i, &c);
        head |= strcmp(c.list, "MDCZ.mdc_zd['head']") == 0;
        chest |= strcmp(c.list, "MDCZ.mdc_zd['chest']") == 0;
    }
    assert_true(head && chest);
    yb_drg_trace_free(t);

    /* the ambiguous group, an unknown secondary and an ignored principal procedure */
    const char *sec2[] = { "Z99.999" };
    const char *pr[] = { "38.9300" };
    t = trace_of(f, "K92.200", sec2, 1, pr, 1);
    k = find_step(t, YB_DRG_STEP_CODE, "Z99.999", &st);
    assert_true(k >= 0);
    code_at(t, k, 0, &c);
    assert_int_equal(c.role, YB_DRG_CODE_UNKNOWN);
    k = find_step(t, YB_DRG_STEP_AMBIGUOUS, "GQY", &st);
    assert_int_equal(st.outcome, 1);
    assert_non_null(strstr(st.detail, "GR1 redirected to the ambiguous group GQY"));
    yb_drg_trace_free(t);
    const char *pr2[] = { "99.0400" };
    t = trace_of(f, "K92.200", NULL, 0, pr2, 1);
    k = find_step(t, YB_DRG_STEP_CODE, "99.0400", &st);
    code_at(t, k, 0, &c);
    assert_int_equal(c.role, YB_DRG_CODE_IGNORED);
    assert_int_equal(c.is_procedure, 1);
    k = find_step(t, YB_DRG_STEP_AMBIGUOUS, "GQY", &st);
    assert_int_equal(st.outcome, 0);
    yb_drg_trace_free(t);
}

static void rejected_rows_are_traced_with_the_reason(void **state)
{
    fixture *f = *state;
    yb_drg_case c = { .size = sizeof c, .sex = 1, .age_years = 0, .age_days = 400, .birth_weight_g = -1,
                      .los_days = 3, .discharge_type = 1, .vent_hours = -1, .icu_days = -1, .principal_dx = "K92.200" };
    yb_drg_trace *t = NULL;
    assert_ok(f->ctx, yb_drg_trace_one(f->ctx, f->s, &c, &t));
    yb_drg_result r = { .size = sizeof r };
    assert_int_equal(yb_drg_trace_result(t, &r), YB_OK);
    assert_int_equal(r.status, YB_E_ROW_NEWBORN);
    assert_int_equal(yb_drg_trace_step_count(t), 2);
    yb_drg_step_info st = { .size = sizeof st };
    assert_int_equal(yb_drg_trace_step(t, 0, &st), YB_OK);
    assert_int_equal(st.kind, YB_DRG_STEP_VALIDATE);
    assert_int_equal(st.outcome, YB_E_ROW_NEWBORN);
    assert_string_equal(st.subject, "YB_E_ROW_NEWBORN");
    assert_non_null(strstr(st.detail, "age 400 days contradicts age 0 years"));
    assert_non_null(strstr(yb_drg_trace_text(t), "rejected YB_E_ROW_NEWBORN - age 400 days"));
    /* accessor errors */
    assert_int_equal(yb_drg_trace_step(t, 2, &st), YB_E_INVALID_ARG);
    yb_drg_code_info ci = { .size = sizeof ci };
    assert_int_equal(yb_drg_trace_code(t, 0, 0, &ci), YB_E_INVALID_ARG);
    st.size = 4;
    assert_int_equal(yb_drg_trace_step(t, 0, &st), YB_E_INVALID_ARG);
    yb_drg_trace_free(t);
    assert_int_equal(yb_drg_trace_step_count(NULL), 0);
    assert_string_equal(yb_drg_trace_text(NULL), "");
    yb_drg_trace_free(NULL);
    /* a row outside the batch */
    yb_case_columns none = { .size = sizeof none };
    assert_status(f->ctx, yb_drg_trace_case(f->ctx, f->s, &none, 0, &t), YB_E_INVALID_ARG);
    assert_null(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(steps_explain_mdc_adrg_and_exclusion),
        cmocka_unit_test(trace_names_tags_qy_unknown_and_ignored_codes),
        cmocka_unit_test(rejected_rows_are_traced_with_the_reason),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
