/* Ties inside a layer (DIP 3.0 spec draft ch. 3 §3 三(一) 3: "可由地方论证确定成组逻辑"):
 * the declared option match.tie_break and match.prefer_specific_dx, each
 * variant an overlay of one base pack that changes only the parameters. */
#include "dip_test_util.h"

static yb_ctx *ctx;
static const char *base_dir;

/* Three groups share one rule (K35.8 + 30.0002): A1 500.0000, A2 1500.5000, A3 200.0000.
 * B1 (K35 + 30.0001, 900.0000) and B2 (K35.8 + 30.0001, 100.0000) differ in specificity.
 * C1 (no score) and C2 (10.0000) share K25.9 + 30.0001. */
static const char *const GROUPS = "code,kind,seq,name,primary_care,active\n"
                                  "A1,core,,a1,0,1\nA2,core,,a2,0,1\nA3,core,,a3,0,1\n"
                                  "B1,core,,b1,0,1\nB2,core,,b2,0,1\n"
                                  "C1,core,,c1,0,1\nC2,core,,c2,0,1\n";
static const char *const RULES = "group,pdx,pproc\n"
                                 "A1,K35.8,30.0002\nA2,K35.8,30.0002\nA3,K35.8,30.0002\n"
                                 "B1,K35,30.0001\nB2,K35.8,30.0001\n"
                                 "C1,K25.9,30.0001\nC2,K25.9,30.0001\n";
static const char *const SCORES = "group,score\nA1,500\nA2,1500.5\nA3,200.0000\nB1,900\nB2,100\nC2,10\n";

static int setup(void **state)
{
    (void)state;
    if (yb_ctx_new(&ctx, NULL))
        return -1;
    const dip_test_table t[] = {
        { "proc_codes", "code,name,attribute\n30.0001,open,surgery\n30.0002,laparoscopic,surgery\n", NULL },
        { "dx_codes", "code,name\nK35.800,appendicitis\nK35.300,appendicitis\nK25.900,ulcer\n", NULL },
        { "groups", GROUPS, NULL },
        { "rules", RULES, NULL },
        { "scores", SCORES, NULL },
    };
    base_dir = dip_test_pack("dip-tie-base", t, sizeof t / sizeof t[0], NULL, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    yb_ctx_free(ctx);
    return 0;
}

static const char *winner(const char *params, const char *dx, const char *proc, uint32_t *flags)
{
    char base[4400];
    snprintf(base, sizeof base, "\"%s\"", base_dir);
    const char *dir = dip_test_pack("dip-tie", NULL, 0, params, base);
    yb_dip_catalog *cat;
    assert_ok(ctx, yb_dip_catalog_load(ctx, dir, &cat));
    yb_dip_case c = dip_test_case(dx, proc);
    yb_dip_result r = { .size = sizeof r };
    assert_ok(ctx, yb_dip_group_one(ctx, cat, &c, &r));
    static char code[32];
    snprintf(code, sizeof code, "%s", r.group == YB_DIP_NONE ? "none" : yb_dip_group_code(cat, r.group));
    if (flags)
        *flags = r.flags;
    yb_dip_catalog_free(cat);
    return code;
}

static void first_takes_catalogue_order(void **state)
{
    (void)state;
    uint32_t flags;
    assert_string_equal(winner("{\"match\":{\"tie_break\":\"first\"}}", "K35.800", "30.0002", &flags), "A1");
    assert_true(flags & YB_DIP_FLAG_TIE_BREAK);
    /* the default is "first" */
    assert_string_equal(winner(NULL, "K35.800", "30.0002", NULL), "A1");
}

static void highest_score_takes_a2(void **state)
{
    (void)state;
    /* 1500.5000 > 500.0000 > 200.0000 */
    assert_string_equal(winner("{\"match\":{\"tie_break\":\"highest_score\"}}", "K35.800", "30.0002", NULL), "A2");
}

static void lowest_score_takes_a3(void **state)
{
    (void)state;
    assert_string_equal(winner("{\"match\":{\"tie_break\":\"lowest_score\"}}", "K35.800", "30.0002", NULL), "A3");
}

static void a_scored_group_beats_an_unscored_one_on_score_rules(void **state)
{
    (void)state;
    /* C1 has no score, C2 has 10: highest and lowest both take C2; first takes C1 */
    assert_string_equal(winner("{\"match\":{\"tie_break\":\"highest_score\"}}", "K25.900", "30.0001", NULL), "C2");
    assert_string_equal(winner("{\"match\":{\"tie_break\":\"lowest_score\"}}", "K25.900", "30.0001", NULL), "C2");
    assert_string_equal(winner("{\"match\":{\"tie_break\":\"first\"}}", "K25.900", "30.0001", NULL), "C1");
}

static void specificity_comes_before_the_tie_break_when_declared(void **state)
{
    (void)state;
    uint32_t flags;
    /* B2 (K35.8) is more specific than B1 (K35) for K35.800 */
    assert_string_equal(winner("{\"match\":{\"tie_break\":\"highest_score\"}}", "K35.800", "30.0001", &flags), "B2");
    assert_false(flags & YB_DIP_FLAG_TIE_BREAK);
    /* switched off, the declared tie-break decides between B1 (900) and B2 (100) */
    assert_string_equal(
        winner("{\"match\":{\"tie_break\":\"highest_score\",\"prefer_specific_dx\":false}}", "K35.800", "30.0001",
               &flags),
        "B1");
    assert_true(flags & YB_DIP_FLAG_TIE_BREAK);
    assert_string_equal(
        winner("{\"match\":{\"tie_break\":\"lowest_score\",\"prefer_specific_dx\":false}}", "K35.800", "30.0001",
               NULL),
        "B2");
    /* K35.300 reaches only B1 */
    assert_string_equal(winner(NULL, "K35.300", "30.0001", NULL), "B1");
}

static void unknown_tie_break_is_a_parameter_error(void **state)
{
    (void)state;
    char base[4400];
    snprintf(base, sizeof base, "\"%s\"", base_dir);
    const char *dir = dip_test_pack("dip-tie-bad", NULL, 0, "{\"match\":{\"tie_break\":\"random\"}}", base);
    yb_dip_catalog *cat = NULL;
    assert_status(ctx, yb_dip_catalog_load(ctx, dir, &cat), YB_E_PARAM);
    assert_msg_has(ctx, "match.tie_break", "random", "first");
    assert_null(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_takes_catalogue_order),
        cmocka_unit_test(highest_score_takes_a2),
        cmocka_unit_test(lowest_score_takes_a3),
        cmocka_unit_test(a_scored_group_beats_an_unscored_one_on_score_rules),
        cmocka_unit_test(specificity_comes_before_the_tie_break_when_declared),
        cmocka_unit_test(unknown_tie_break_is_a_parameter_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
