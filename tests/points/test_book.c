/* Loading point-value books: the shipped packs, hospital coefficients worked
 * by hand, every bad book refused with a message that names the place, and
 * no crash or leak when any allocation fails. */
#include "points_fixture.h"

static yb_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    return yb_ctx_new(&ctx, NULL);
}

static int teardown(void **state)
{
    (void)state;
    yb_ctx_free(ctx);
    return 0;
}

static int64_t coefficient(const yb_points_book *b, const char *hospital)
{
    uint32_t id;
    assert_int_equal(yb_points_book_hospital_lookup(b, hospital, strlen(hospital), &id), YB_OK);
    yb_points_hospital_info info = { .size = sizeof info };
    assert_int_equal(yb_points_book_hospital_info(b, id, &info), YB_OK);
    return info.coefficient;
}

static void sample_book_coefficients_follow_its_add_on_rules(void **state)
{
    (void)state;
    yb_points_book *b = NULL;
    assert_ok(ctx, yb_points_book_load(ctx, yb_test_src("packs/sample-points"), &b));
    assert_int_equal(yb_points_book_method(b), YB_POINTS_METHOD_DIP);
    assert_int_equal(yb_points_book_hospital_count(b), 30);
    int64_t v;
    assert_ok(ctx, yb_points_book_point_value(b, 0, &v));
    assert_int_equal(v, 10250000); /* 10.2500 yuan/point (employees) */
    /* Add-ons (packs/sample-points/SOURCE.md): CMI (cmi − 1.0) × 0.1 ≤ 0.05; children (share − 0.10) × 0.2
     * ≤ 0.02; elderly (share − 0.30) × 0.1 ≤ 0.02; TCM (share − 0.05) × 0.1 ≤ 0.03; each ≥ 0; added.
     * H01 level 3, cmi 1.05, children 0.07, elderly 0.30, tcm 0.03: 1 + 0.005 = 1.0050 */
    assert_int_equal(coefficient(b, "H01"), 1005000);
    /* H04 (TCM) cmi 1.23, children 0.10, elderly 0.36, tcm 0.55:
     * 1 + 0.023 + 0 + 0.006 + min(0.05, 0.03) = 1.0590 */
    assert_int_equal(coefficient(b, "H04"), 1059000);
    /* H05 (maternal and children's) cmi 1.29, children 0.62, elderly 0.05, tcm 0.04:
     * 1 + 0.029 + min(0.104, 0.02) = 1.0490 */
    assert_int_equal(coefficient(b, "H05"), 1049000);
    /* H16 level 1 (0.70), cmi 0.62, elderly 0.32: 0.70 + 0.002 = 0.7020 */
    assert_int_equal(coefficient(b, "H16"), 702000);
    assert_int_equal(strlen(yb_points_book_fingerprint(b)), 64);
    yb_points_book_free(b);
}

static void harbin_book_carries_the_published_weights_and_rates(void **state)
{
    (void)state;
    yb_points_book *b = NULL;
    assert_ok(ctx, yb_points_book_load(ctx, yb_test_src("packs/harbin-drg-2024"), &b));
    assert_int_equal(yb_points_book_method(b), YB_POINTS_METHOD_DRG_RATE);
    assert_int_equal(yb_points_book_group_count(b), 703);
    assert_int_equal(yb_points_book_pool_count(b), 2);
    int64_t v;
    assert_ok(ctx, yb_points_book_point_value(b, 0, &v));
    assert_int_equal(v, 12252700000LL); /* 职工 12,252.70 */
    assert_ok(ctx, yb_points_book_point_value(b, 1, &v));
    assert_int_equal(v, 9649240000LL); /* 居民 9,649.24 */
    uint32_t id;
    assert_ok(ctx, yb_points_book_group_lookup(b, " AB19 ", 6, &id));
    yb_points_group_info g = { .size = sizeof g };
    assert_ok(ctx, yb_points_book_group_info(b, id, &g));
    assert_int_equal(g.weight, 362185);
    assert_string_equal(g.name, "肝移植");
    assert_int_equal(yb_points_book_group_lookup(b, "ab19", 4, &id), YB_E_NOT_FOUND); /* codes are exact */
    yb_points_book_free(b);
    assert_ok(ctx, yb_points_book_load(ctx, yb_test_src("packs/harbin-drg-2023"), &b));
    assert_ok(ctx, yb_points_book_point_value(b, 1, &v));
    assert_int_equal(v, 12099850000LL); /* 居民 2023: 12,099.85 */
    yb_points_book_free(b);
}

static const char ADDON_HOSPITALS[] = "hospital,level,cmi,children_share\n"
                                      "HX,2,1.200000,0.150000\n"   /* CMI above, children above */
                                      "HY,2,0.900000,\n"           /* CMI below; children not assessed */
                                      "HZ,1,1.800000,0.500000\n";  /* both above their caps */

static yb_points_book *addon_book(const char *combine, const char *decimals)
{
    char params[512];
    snprintf(params, sizeof params,
             "pools=\"single\"; settlement.ratio.all=\"0.8\"; hospital.combine=\"%s\"; hospital.decimals=%s;"
             "addon.cmi.reference=\"1\"; addon.cmi.slope=\"0.1\"; addon.cmi.cap=\"0.05\";"
             "addon.children.reference=\"0.1\"; addon.children.slope=\"0.2\"; addon.children.cap=\"0.02\"",
             combine, decimals);
    pt_spec s = { .params = params, .scores = PT_SCORES, .levels = PT_LEVELS, .hospitals = ADDON_HOSPITALS };
    yb_points_book *b = NULL;
    assert_ok(ctx, pt_load(ctx, &s, &b));
    return b;
}

static void hospital_coefficient_adds_or_multiplies_capped_add_ons(void **state)
{
    (void)state;
    yb_points_book *b = addon_book("add", "4");
    /* HX: 0.85 + (1.2 − 1) × 0.1 + (0.15 − 0.1) × 0.2 = 0.85 + 0.02 + 0.01 = 0.8800 */
    assert_int_equal(coefficient(b, "HX"), 880000);
    /* HY: CMI below the reference adds nothing (not negative); children not assessed: 0.8500 */
    assert_int_equal(coefficient(b, "HY"), 850000);
    /* HZ: 0.70 + min(0.08, 0.05) + min(0.08, 0.02) = 0.7700 */
    assert_int_equal(coefficient(b, "HZ"), 770000);
    yb_points_hospital_info info = { .size = sizeof info };
    uint32_t id;
    assert_ok(ctx, yb_points_book_hospital_lookup(b, "HZ", 2, &id));
    assert_ok(ctx, yb_points_book_hospital_info(b, id, &info));
    assert_int_equal(info.addon_cmi, 50000);
    assert_int_equal(info.addon_children, 20000);
    assert_string_equal(info.level, "1");
    yb_points_book_free(b);
    b = addon_book("multiply", "4");
    /* HX: 0.85 × 1.02 × 1.01 = 0.875670 → 0.8757 */
    assert_int_equal(coefficient(b, "HX"), 875700);
    /* HZ: 0.70 × 1.05 × 1.02 = 0.749700 → 0.7497 */
    assert_int_equal(coefficient(b, "HZ"), 749700);
    yb_points_book_free(b);
    b = addon_book("multiply", "2");
    /* HX: 0.87567 → 0.88 at 2 decimals */
    assert_int_equal(coefficient(b, "HX"), 880000);
    yb_points_book_free(b);
}

/* A bad book: load fails with the status and a message holding the fragments. */
static void refused(const pt_spec *s, int status, const char *frag1, const char *frag2)
{
    yb_points_book *b = (yb_points_book *)0x1;
    assert_status(ctx, pt_load(ctx, s, &b), status);
    assert_null(b);
    assert_msg_has(ctx, frag1, frag2 ? frag2 : frag1);
}

static void bad_books_are_refused_with_clear_messages(void **state)
{
    (void)state;
    char p[1024];
    snprintf(p, sizeof p, "%s", PT_PARAMS);
    pt_spec s = { .params = p, .scores = PT_SCORES, .levels = PT_LEVELS, .hospitals = PT_HOSPITALS };
    pt_spec t = s;

    t.params = "pools=\"single\"; point_value.budget.all=\"10\"; settlement.ratio.all=\"0.8\"; outlier.lowratio=\"1\"";
    refused(&t, YB_E_PARAM, "unknown parameter", "outlier.lowratio");
    t.params = "pools=\"single\"; settlement.ratio.all=\"0.8\"; outlier.low.ratio=\"2\"";
    refused(&t, YB_E_PARAM, "outlier.low.ratio", "below outlier.high.ratio");
    t.params = "pools=\"single\"; settlement.ratio.all=\"0.8\"; outlier.extreme.ratio=\"1.5\"";
    refused(&t, YB_E_PARAM, "outlier.extreme.ratio", "above outlier.high.ratio");
    t.params = "pools=\"single\"; settlement.ratio.all=\"0.8\"; point_value.decimals=2; point_value.budget.all=\"9.125\"";
    refused(&t, YB_E_PARAM, "point_value.budget.all", "more decimals");
    t.params = "pools=\"single\"";
    refused(&t, YB_E_PARAM, "settlement.ratio.all", "missing");
    t.params = "pools=\"single\"; settlement.ratio.all=\"0.8\"; method=\"drg_rate\"";
    refused(&t, YB_E_PARAM, "method", "drg-book");
    t.params = "pools=\"single\"; settlement.ratio.all=\"0.8\"; budget.year_weights=\"1:x:7\"";
    refused(&t, YB_E_PARAM, "budget.year_weights", "1:2:7");
    t.params = "pools=\"single\"; settlement.ratio.all=\"0.8\"; addon.cmi.reference=\"1\"";
    refused(&t, YB_E_PARAM, "addon.cmi.slope", "missing");
    t.params = "pools=\"single\"; settlement.ratio.all=\"0.8\"; addon.cmi.reference=\"1\"; addon.cmi.slope=\"0.1\";"
               "addon.cmi.cap=\"0.05\"";
    refused(&t, YB_E_PACK, "addon.cmi", "column 'cmi'");
    t.params = "pools=\"single\"; settlement.ratio.all=\"0.8\"; outlier.standard=\"table\"";
    refused(&t, YB_E_PACK, "standards", NULL);
    t.params = "pools=\"single\"; settlement.ratio.all=0.8";
    refused(&t, YB_E_PACK, "fraction", "\"0.93\"");

    t = s;
    t.kind = "drg-book";
    refused(&t, YB_E_PARAM, "method", "missing");
    t.kind = "capitation-plan";
    refused(&t, YB_E_PACK, "points-book", "drg-book");
    t = s;
    t.scores = "group,score,primary_care\nG1,1000,0\nG2,2000,0\nG1,3000,0\n";
    refused(&t, YB_E_DUPLICATE, "scores.csv:4", "G1");
    t.scores = "group,score\nG1,abc\n";
    refused(&t, YB_E_FORMAT, "field 'score'", "abc");
    t.scores = "group,score\nG1,1000.12345\n";
    refused(&t, YB_E_FORMAT, "score", "at most 4 decimals");
    t.scores = "group,score,primary_care\nG1,1000,maybe\n";
    refused(&t, YB_E_FORMAT, "primary_care", "maybe");
    t.scores = "group,points\nG1,1000\n";
    refused(&t, YB_E_FORMAT, "missing required column 'score'", NULL);
    t.scores = NULL;
    refused(&t, YB_E_PACK, "needs the table 'scores'", NULL);
    t.scores = PT_SCORES;
    t.weights = "drg,weight\nAB19,1\n";
    refused(&t, YB_E_PACK, "'weights'", "'scores'");
    t.weights = NULL;
    t.hospitals = "hospital,level\nHA,4\n";
    refused(&t, YB_E_NOT_FOUND, "hospitals.csv:2", "'4'");
    t.hospitals = PT_HOSPITALS;
    t.levels = NULL;
    refused(&t, YB_E_PACK, "'levels'", NULL);
    t.levels = PT_LEVELS;
    t.subtypes = "group,subtype,coefficient\nG9,CCI1,1.1\n";
    refused(&t, YB_E_NOT_FOUND, "subtypes.csv:2", "G9");
    t.subtypes = "group,subtype,coefficient\n*,CCI1,1.1\n*,CCI1,1.2\n";
    refused(&t, YB_E_DUPLICATE, "subtypes.csv:3", "CCI1");
    t.subtypes = NULL;
    t.corridors = "side,upto,share\nboth,0.1,0.5\n";
    refused(&t, YB_E_FORMAT, "corridors.csv:2", "surplus or overspend");
    t.corridors = "side,upto,share\noverspend,,0.5\noverspend,0.1,0.3\n";
    refused(&t, YB_E_FORMAT, "corridors.csv:3", "rise strictly");
    t.corridors = NULL;
    t.bands = "weight_from,low_ratio,high_ratio\n0,0.5,2\n0,0.4,1.5\n";
    refused(&t, YB_E_FORMAT, "outlier_bands.csv:3", "rise strictly");
    t.bands = NULL;
    t.extra = "a\n1\n";
    refused(&t, YB_E_PACK, "unknown table 'extra'", NULL);
}

static const char *all_tables_dir;

static int load_all(yb_ctx *c, void *user)
{
    yb_points_book **out = user;
    return yb_points_book_load(c, all_tables_dir, out);
}

static void free_book(void *user)
{
    yb_points_book **b = user;
    yb_points_book_free(*b);
    *b = NULL;
}

static void loader_survives_every_allocation_failure(void **state)
{
    (void)state;
    pt_spec s = { .params = "pools=\"single\"; point_value.budget.all=\"10\"; settlement.ratio.all=\"0.8\";"
                            "outlier.standard=\"table\"; addon.cmi.reference=\"1\"; addon.cmi.slope=\"0.1\";"
                            "addon.cmi.cap=\"0.05\"",
                  .scores = PT_SCORES, .levels = PT_LEVELS,
                  .hospitals = "hospital,level,name,cmi\nHA,3,A,1.1\nHB,2,B,\n",
                  .subtypes = "group,subtype,coefficient\n*,CCI1,1.1\nG1,CCI1,1.2\n",
                  .standards = "group,level,standard_cost\nG1,,9000\n",
                  .bands = "weight_from,low_ratio,high_ratio\n0,0.5,2\n2000,0.4,1.5\n",
                  .corridors = "side,upto,share\nsurplus,0.1,1\noverspend,0.1,0.5\n" };
    all_tables_dir = pt_write(&s);
    yb_points_book *b = NULL;
    assert_true(yb_test_every_alloc_fails(load_all, free_book, &b) > 20);
    all_tables_dir = yb_test_src("packs/sample-points");
    assert_true(yb_test_every_alloc_fails(load_all, free_book, &b) > 20);
}

typedef struct book_year {
    yb_points_book *b;
    yb_points_year *y;
} book_year;

static void free_year(void *user)
{
    book_year *by = user;
    yb_points_year_free(by->y);
    yb_points_book_free(by->b);
    by->y = NULL;
    by->b = NULL;
}

/* Loads the Harbin book, makes a year and adds two cases of an open book
 * (hospitals interned as they come). */
static int new_year(yb_ctx *c, void *user)
{
    book_year *by = user;
    int rc = yb_points_book_load(c, yb_test_src("packs/harbin-drg-2024"), &by->b);
    if (!rc)
        rc = yb_points_year_new(c, by->b, &by->y);
    if (!rc) {
        int64_t hoff[3] = { 0, 2, 4 }, goff[3] = { 0, 4, 8 };
        int64_t cost[2] = { 100000, 100000 };
        int8_t ins[2] = { 1, 2 };
        yb_points_case_columns in = { .size = sizeof in, .n = 2, .group_data = "VS15VS15", .group_offsets = goff,
                                      .hospital_data = "H1H2", .hospital_offsets = hoff, .insurance = ins,
                                      .cost = cost };
        int32_t st[2];
        int n = yb_points_year_add_batch(c, by->y, &in, NULL, 0, NULL, st);
        /* the only way a row can fail here is memory for a new hospital */
        rc = n < 0 ? n : n > 0 ? (st[0] ? st[0] : st[1]) : YB_OK;
        if (!rc)
            assert_int_equal(yb_points_year_hospital_count(by->y), 2);
    }
    if (rc)
        free_year(by);
    return rc;
}

static void year_survives_every_allocation_failure(void **state)
{
    (void)state;
    book_year by = { NULL, NULL };
    assert_true(yb_test_every_alloc_fails(new_year, free_year, &by) > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_book_coefficients_follow_its_add_on_rules),
        cmocka_unit_test(harbin_book_carries_the_published_weights_and_rates),
        cmocka_unit_test(hospital_coefficient_adds_or_multiplies_capped_add_ons),
        cmocka_unit_test(bad_books_are_refused_with_clear_messages),
        cmocka_unit_test(loader_survives_every_allocation_failure),
        cmocka_unit_test(year_survives_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
