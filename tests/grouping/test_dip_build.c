/* The DIP catalogue builder on a small history worked out by hand.
 *
 * Base catalogue: JC1 K35 + 30.0002 (laparoscopic appendectomy); JC2 J18 conservative; JC3 K25
 * conservative; template subtype AGE65 (65 years and older, no coefficient). Parameters: years
 * 2021-2023 weighted 1:2:7, trimming outside 10 %-90 %, threshold 3 cases, related rule 10 %,
 * K = 1000, subtypes need 2 cases. Costs in yuan (stored in fen), age 40 unless said.
 *
 *   JC1  K35.800 + 30.0002   2021: 1000, 1200   2022: 1100
 *                            2023: 1000 1000 1100 1100 1200 1200 1300 1300 1400 9000
 *   JC2  J18.900             2021: 2000   2022: 2100, 2300 (age 70)   2023: 2200, 2400 (age 70)
 *   JC3  K25.900             2023: 500, 700            → 2 < 3 cases: switched off
 *   N39.000 + 50.0001        2022: 3000   2023: 3300, 3600                  (no related procedure)
 *   N39.000 + 50.0001 + 45.0001   2023: 4000, 4000, 4200, 4200             (colonoscopy)
 *   N39.000 + 50.0001 + 45.0002   2023: 3400                               (biopsy)
 *   N39.000 + 30.0001        2021: 5000 (surgery)      N39.000 + 81.0001   2022: 800 (therapeutic)
 *   Z00.000 (excluded principal diagnosis) 2023: 100; bad rows: cost -1, year 2019, code NOPE.1
 *
 * Related rule (spec ch. 3 §1 三, table 3-3) for N39.0 + 50.0001: mean without related procedures
 * (2 × 3000 + 7 × (3300 + 3600) / 2) / 9 = 30150 / 9 = 3350; with 45.0001: 4100 ≥ 3350 × 1.1 = 3685 →
 * its own group; with 45.0002: 3400 < 3685 → joins the plain combination. Threshold 3: LC0001
 * N39.0 + 50.0001 (3 + 1 cases), LC0002 N39.0 + 50.0001 + 45.0001 (4). The rest is comprehensive:
 * ZH-K25-C (2), ZH-N39-S (1), ZH-N39-T (1).
 *
 * Trimming JC1 2023 (n = 10): ranks ceil(10 × 0.1) = 1 and ceil(10 × 0.9) = 9 → keep 1000 … 1400,
 * drop 9000. Every other group-year keeps all its cases (n ≤ 3: ranks 1 and n).
 *
 * Means in yuan with 6 decimals (per-year mean rounded, then weighted, rounded half up):
 *   JC1: 2021 2200/2 = 1100; 2022 1100; 2023 10600/9 = 1177.777778;
 *        (1 × 1100 + 2 × 1100 + 7 × 1177.777778) / 10 = 11544.444446 / 10 = 1154.444445
 *   JC2: (2000 + 2 × 2200 + 7 × 2300) / 10 = 2250
 *   LC0001: 2022 3000; 2023 10300/3 = 3433.333333; (2 × 3000 + 7 × 3433.333333) / 9 = 3337.037037
 *   LC0002: 4100; ZH-K25-C: 600; ZH-N39-S: 5000; ZH-N39-T: 800
 *   M: 2021 (1000+1200+2000+5000)/4 = 2300; 2022 (1100+2100+2300+3000+800)/5 = 1860;
 *      2023 43100/20 = 2155; (2300 + 2 × 1860 + 7 × 2155) / 10 = 2110.5
 * Scores m / M × 1000, 4 decimals: JC1 1154.444445 / 2110.5 × 1000 = 547.0004; JC2 1066.0981;
 *   LC0001 1581.1595; LC0002 1942.6676; ZH-K25-C 284.2928; ZH-N39-S 2369.1068; ZH-N39-T 379.0571.
 * Subtype AGE65 in JC2 (2 cases): (2 × 2300 + 7 × 2400) / 9 = 2377.777778; / 2250 = 1.056790. */
#include <stdlib.h>

#include "dip_test_util.h"

static yb_ctx *ctx;
static const char *base_dir;
static yb_dip_catalog *base;

typedef struct hrow {
    const char *dx, *procs;
    int year;
    int64_t yuan;
    int age;
} hrow;

static const hrow HISTORY[] = {
    { "K35.800", "30.0002", 2021, 1000, 40 }, { "K35.800", "30.0002", 2021, 1200, 40 },
    { "K35.800", "30.0002", 2022, 1100, 40 }, { "K35.800", "30.0002", 2023, 1000, 40 },
    { "K35.800", "30.0002", 2023, 1000, 40 }, { "K35.800", "30.0002", 2023, 1100, 40 },
    { "K35.800", "30.0002", 2023, 1100, 40 }, { "K35.800", "30.0002", 2023, 1200, 40 },
    { "K35.800", "30.0002", 2023, 1200, 40 }, { "K35.800", "30.0002", 2023, 1300, 40 },
    { "K35.800", "30.0002", 2023, 1300, 40 }, { "K35.800", "30.0002", 2023, 1400, 40 },
    { "K35.800", "30.0002", 2023, 9000, 40 },
    { "J18.900", "", 2021, 2000, 40 }, { "J18.900", "", 2022, 2100, 40 }, { "J18.900", "", 2022, 2300, 70 },
    { "J18.900", "", 2023, 2200, 40 }, { "J18.900", "", 2023, 2400, 70 },
    { "K25.900", "", 2023, 500, 40 }, { "K25.900", "", 2023, 700, 40 },
    { "N39.000", "50.0001", 2022, 3000, 40 }, { "N39.000", "50.0001", 2023, 3300, 40 },
    { "N39.000", "50.0001", 2023, 3600, 40 },
    { "N39.000", "50.0001|45.0001", 2023, 4000, 40 }, { "N39.000", "50.0001|45.0001", 2023, 4000, 40 },
    { "N39.000", "50.0001|45.0001", 2023, 4200, 40 }, { "N39.000", "50.0001|45.0001", 2023, 4200, 40 },
    { "N39.000", "50.0001|45.0002", 2023, 3400, 40 },
    { "N39.000", "30.0001", 2021, 5000, 40 }, { "N39.000", "81.0001", 2022, 800, 40 },
    { "Z00.000", "", 2023, 100, 40 },
    { "J18.900", "", 2023, -1, 40 },     /* bad cost */
    { "J18.900", "", 2019, 2000, 40 },   /* year outside 2021-2023 */
    { "NOPE.1", "", 2023, 2000, 40 },    /* unknown code */
};
enum { NROWS = sizeof HISTORY / sizeof HISTORY[0] };

typedef struct hist {
    yb_case_columns c;
    yb_dip_history h;
    int8_t sex[NROWS];
    int16_t age[NROWS];
    int64_t dx_rows[NROWS + 1], pr_rows[NROWS + 1], dx_off[NROWS * 3 + 1], pr_off[NROWS * 3 + 1];
    char dx[NROWS * 40], pr[NROWS * 40];
    int64_t cost[NROWS];
    int32_t year[NROWS];
} hist;

static void add_list(const char *s, char *data, size_t *used, int64_t *off, size_t *items)
{
    while (*s) {
        const char *e = strchr(s, '|');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        memcpy(data + *used, s, n);
        *used += n;
        off[++*items] = (int64_t)*used;
        s += n + (e ? 1 : 0);
    }
}

static void make_history(hist *x)
{
    memset(x, 0, sizeof *x);
    size_t dxu = 0, pru = 0, ndx = 0, npr = 0;
    for (size_t i = 0; i < NROWS; i++) {
        x->sex[i] = 1;
        x->age[i] = (int16_t)HISTORY[i].age;
        add_list(HISTORY[i].dx, x->dx, &dxu, x->dx_off, &ndx);
        add_list(HISTORY[i].procs, x->pr, &pru, x->pr_off, &npr);
        x->dx_rows[i + 1] = (int64_t)ndx;
        x->pr_rows[i + 1] = (int64_t)npr;
        x->cost[i] = HISTORY[i].yuan < 0 ? -100 : HISTORY[i].yuan * 100;
        x->year[i] = HISTORY[i].year;
    }
    x->c = (yb_case_columns){ .size = sizeof x->c, .n = NROWS, .sex = x->sex, .age_years = x->age,
                              .dx_row_offsets = x->dx_rows, .dx_data = x->dx, .dx_offsets = x->dx_off,
                              .proc_row_offsets = x->pr_rows, .proc_data = x->pr, .proc_offsets = x->pr_off };
    x->h = (yb_dip_history){ .size = sizeof x->h, .cases = &x->c, .cost = x->cost, .year = x->year };
}

static hist H;

static void params(yb_dip_build_params *p)
{
    yb_dip_build_params_init(p);
    p->trim_low = 100000;
    p->trim_high = 900000;
    p->threshold_cases = 3;
    p->subtype_min_cases = 2;
    p->region = "test-city";
}

static int setup(void **state)
{
    (void)state;
    if (yb_ctx_new(&ctx, NULL))
        return -1;
    const dip_test_table t[] = {
        { "proc_codes",
          "code,name,attribute\n30.0001,appendectomy,surgery\n30.0002,laparoscopic appendectomy,surgery\n"
          "45.0001,colonoscopy,diagnostic\n45.0002,biopsy,diagnostic\n50.0001,cystoscopic surgery,surgery\n"
          "81.0001,injection,therapeutic\n",
          NULL },
        { "dx_codes", "code,name\nK35.800,appendicitis\nJ18.900,pneumonia\nK25.900,ulcer\nN39.000,UTI\nZ00.000,exam\n",
          NULL },
        { "groups", "code,kind,seq,name,primary_care,active\nJC1,core,1,appendicitis: laparoscopic,1,1\n"
                    "JC2,core,2,pneumonia: conservative,0,1\nJC3,core,3,ulcer: conservative,0,1\n",
          NULL },
        { "rules", "group,pdx,sdx,anydx,not_pdx,not_sdx,pproc,procs,related,age_days_max,weight_min,weight_max,"
                   "attribute,source\nJC1,K35,,,,,30.0002,,,,,,,row 1\nJC2,J18,,,,,-,,,,,,,row 2\n"
                   "JC3,K25,,,,,-,,,,,,,row 3\n",
          NULL },
        { "excluded_dx", "code,name\nZ00.000,exam\n", NULL },
        { "subtypes", "code,group,kind,name,pdx,sdx,procs,cci_min,cci_max,severity,age_min,age_max,icu_min,icu_max,"
                      "coefficient\nAGE65,*,age,65 and older,,,,,,,65y,,,,\n",
          NULL },
    };
    base_dir = dip_test_pack("dip-build-base", t, sizeof t / sizeof t[0], "{\"match\":{\"tie_break\":\"first\"}}",
                             NULL);
    make_history(&H);
    return yb_dip_catalog_load(ctx, base_dir, &base);
}

static int teardown(void **state)
{
    (void)state;
    yb_dip_catalog_free(base);
    yb_ctx_free(ctx);
    return 0;
}

static int64_t score_of(const yb_dip_catalog *cat, const char *code)
{
    uint32_t id;
    int64_t s = -1;
    assert_ok(ctx, yb_dip_group_find(cat, code, &id));
    assert_ok(ctx, yb_dip_group_score(cat, id, &s));
    return s;
}

static void hand_worked_history_gives_the_scores(void **state)
{
    (void)state;
    yb_dip_build_params p;
    params(&p);
    const char *out = yb_test_tmpdir("dip-build-out");
    int32_t status[NROWS];
    yb_dip_build *b;
    assert_ok(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, out, &b, status));
    assert_int_equal(status[NROWS - 3], YB_E_ROW_COST);
    assert_int_equal(status[NROWS - 2], YB_E_ROW_YEAR);
    assert_int_equal(status[NROWS - 1], YB_E_ROW_DX_CODE);
    assert_int_equal(status[0], YB_OK);

    yb_dip_build_summary s = { .size = sizeof s };
    assert_ok(ctx, yb_dip_build_get_summary(b, &s));
    assert_int_equal(s.cases, NROWS);
    assert_int_equal(s.cases_bad, 3);
    assert_int_equal(s.threshold, 3);
    assert_int_equal(s.cases_core, 13 + 5 + 4 + 4);
    assert_int_equal(s.cases_comprehensive, 2 + 1 + 1);
    assert_int_equal(s.cases_ungrouped, 1); /* Z00.000 */
    assert_int_equal(s.cases_trimmed, 1);   /* 9000 in JC1 2023 */
    assert_int_equal(s.groups_national, 2); /* JC1, JC2; JC3 off */
    assert_int_equal(s.groups_local, 2);
    assert_int_equal(s.groups_comprehensive, 3);
    assert_int_equal(s.mean_all, 2110500000);

    assert_int_equal(yb_dip_build_group_count(b), 7);
    yb_dip_build_group g = { .size = sizeof g };
    assert_ok(ctx, yb_dip_build_group_info(b, 0, &g));
    assert_string_equal(g.code, "JC1");
    assert_int_equal(g.cases, 13);
    assert_int_equal(g.cases_kept, 12);
    assert_int_equal(g.mean_cost, 1154444445);
    assert_int_equal(g.score, 5470004);
    assert_int_equal(g.primary_care, 1);
    yb_dip_build_free(b);

    /* the pack loads, overlays the base, and carries the scores */
    yb_dip_catalog *cat;
    assert_ok(ctx, yb_dip_catalog_load(ctx, out, &cat));
    assert_int_equal(score_of(cat, "JC1"), 5470004);
    assert_int_equal(score_of(cat, "JC2"), 10660981);
    assert_int_equal(score_of(cat, "LC0001"), 15811595);
    assert_int_equal(score_of(cat, "LC0002"), 19426676);
    assert_int_equal(score_of(cat, "ZH-K25-C"), 2842928);
    assert_int_equal(score_of(cat, "ZH-N39-S"), 23691068);
    assert_int_equal(score_of(cat, "ZH-N39-T"), 3790571);
    uint32_t id;
    assert_ok(ctx, yb_dip_group_find(cat, "JC3", &id));
    assert_int_equal(yb_dip_group_active(cat, id), 0);
    assert_int_equal(yb_dip_group_score(cat, id, &(int64_t){ 0 }), YB_E_NOT_FOUND);
    assert_string_equal(yb_dip_group_code(cat, 4), "LC0002"); /* after JC1..3 and LC0001 */
    assert_int_equal(yb_dip_group_kind(cat, 4), YB_DIP_LAYER_CORE);
    assert_string_equal(yb_dip_group_code(cat, 5), "ZH-K25-C");
    /* grouping with the new catalogue */
    yb_dip_case c = dip_test_case("N39.000", "50.0001|45.0001");
    yb_dip_result r = { .size = sizeof r };
    assert_ok(ctx, yb_dip_group_one(ctx, cat, &c, &r));
    assert_string_equal(yb_dip_group_code(cat, r.group), "LC0002");
    assert_int_equal(r.score, 19426676);
    c = dip_test_case("K25.900", NULL);
    assert_ok(ctx, yb_dip_group_one(ctx, cat, &c, &r));
    assert_string_equal(yb_dip_group_code(cat, r.group), "ZH-K25-C");
    assert_int_equal(r.layer, YB_DIP_LAYER_COMPREHENSIVE);
    /* the subtype coefficient and its score: 1066.0981 × 1.056790 = 1126.64181… → 1126.6418 */
    c = dip_test_case("J18.900", NULL);
    c.age_years = 80;
    assert_ok(ctx, yb_dip_group_one(ctx, cat, &c, &r));
    assert_string_equal(yb_dip_subtype_code(cat, r.subtype), "AGE65");
    assert_int_equal(r.subtype_coef, 1056790);
    assert_int_equal(r.subtype_score, 11266418);
    yb_dip_catalog_free(cat);

    /* scores.csv: group,score,primary_care,name in catalogue order */
    char path[4200], text[4096];
    snprintf(path, sizeof path, "%s/scores.csv", out);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    assert_non_null(strstr(text, "group,score,primary_care,name\nJC1,547.0004,1,appendicitis: laparoscopic\n"
                                 "JC2,1066.0981,0,pneumonia: conservative\n"));
    assert_non_null(strstr(text, "LC0002,1942.6676,0,N39.0-50.0001+45.0001\n"));
    assert_non_null(strstr(text, "ZH-N39-T,379.0571,0,N39 治疗性操作组\n"));
}

static void reference_group_gets_exactly_the_scale(void **state)
{
    (void)state;
    yb_dip_build_params p;
    params(&p);
    p.reference_group = "JC2";
    const char *out = yb_test_tmpdir("dip-build-ref");
    assert_ok(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, out, NULL, NULL));
    yb_dip_catalog *cat;
    assert_ok(ctx, yb_dip_catalog_load(ctx, out, &cat));
    /* m / m_JC2 × 1000: JC2 1000.0000; JC1 1154.444445 / 2250 × 1000 = 513.0864 */
    assert_int_equal(score_of(cat, "JC2"), 10000000);
    assert_int_equal(score_of(cat, "JC1"), 5130864);
    assert_int_equal(score_of(cat, "ZH-N39-T"), 3555556); /* 800 / 2250 × 1000 = 355.5556 */
    yb_dip_catalog_free(cat);
    p.reference_group = "JC3"; /* switched off: no cases */
    assert_status(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, yb_test_tmpdir("dip-build-ref2"), NULL, NULL),
                  YB_E_NOT_FOUND);
    assert_msg_has(ctx, "JC3");
}

static void scale_100_divides_by_ten(void **state)
{
    (void)state;
    yb_dip_build_params p;
    params(&p);
    p.scale = 100;
    const char *out = yb_test_tmpdir("dip-build-k100");
    assert_ok(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, out, NULL, NULL));
    yb_dip_catalog *cat;
    assert_ok(ctx, yb_dip_catalog_load(ctx, out, &cat));
    assert_int_equal(score_of(cat, "JC1"), 547000);  /* 54.70004… → 54.7000 */
    assert_int_equal(score_of(cat, "JC2"), 1066098); /* 106.60981… → 106.6098 */
    yb_dip_catalog_free(cat);
}

static void coverage_threshold(void **state)
{
    (void)state;
    /* combinations of the first matching: JC1 13, N39.0 + 50.0001 8, JC2 5, JC3 2, N39.0 + 30.0001 1,
     * N39.0 + 81.0001 1 (30 cases). Cumulative 13, 21, 26, 28, 29, 30: 85 % of 30 = 25.5 is reached
     * at 26 (count 5); 90 % = 27 at 28 (count 2); 95 % = 28.5 at 29 (count 1). */
    static const int64_t coverage[] = { 850000, 900000, 950000 };
    static const int expected[] = { 5, 2, 1 };
    for (int i = 0; i < 3; i++) {
        yb_dip_build_params p;
        params(&p);
        p.threshold_mode = YB_DIP_THRESHOLD_COVERAGE;
        p.threshold_coverage = coverage[i];
        yb_dip_build *b;
        assert_ok(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, yb_test_tmpdir("dip-build-cov"), &b, NULL));
        yb_dip_build_summary s = { .size = sizeof s };
        assert_ok(ctx, yb_dip_build_get_summary(b, &s));
        assert_int_equal(s.threshold, expected[i]);
        yb_dip_build_free(b);
    }
}

static void without_new_core_groups_everything_else_is_comprehensive(void **state)
{
    (void)state;
    yb_dip_build_params p;
    params(&p);
    p.new_core_groups = 0;
    yb_dip_build *b;
    assert_ok(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, yb_test_tmpdir("dip-build-nolocal"), &b, NULL));
    yb_dip_build_summary s = { .size = sizeof s };
    assert_ok(ctx, yb_dip_build_get_summary(b, &s));
    assert_int_equal(s.groups_local, 0);
    /* K25 conservative, N39 surgery (50.0001 and 30.0001 are surgery), N39 therapeutic */
    assert_int_equal(s.groups_comprehensive, 3);
    assert_int_equal(s.cases_comprehensive, 2 + 9 + 1);
    yb_dip_build_free(b);
}

static void parameter_and_argument_errors(void **state)
{
    (void)state;
    yb_dip_build_params p;
    params(&p);
    const char *out = yb_test_tmpdir("dip-build-err");
    p.trim_low = 950000;
    assert_status(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, out, NULL, NULL), YB_E_PARAM);
    assert_msg_has(ctx, "trim");
    params(&p);
    p.n_years = 5; /* the history has 4 distinct years (2019 on one row) */
    assert_status(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, out, NULL, NULL), YB_E_PARAM);
    params(&p);
    int32_t years[3] = { 2021, 2023, 2022 };
    p.years = years;
    assert_status(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, out, NULL, NULL), YB_E_PARAM);
    assert_msg_has(ctx, "increasing");
    params(&p);
    p.threshold_cases = 0;
    assert_status(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, out, NULL, NULL), YB_E_PARAM);
    params(&p);
    assert_status(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, base_dir, NULL, NULL), YB_E_INVALID_ARG);
    assert_msg_has(ctx, "base");
    assert_status(ctx, yb_dip_build_catalog(ctx, base, NULL, &p, out, NULL, NULL), YB_E_INVALID_ARG);
    p.size = 8;
    assert_status(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, out, NULL, NULL), YB_E_VERSION);
}

static void explicit_years_and_weights(void **state)
{
    (void)state;
    /* equal weights over 2021-2023: JC2 (2000 + 2200 + 2300) / 3 = 2166.666667 */
    yb_dip_build_params p;
    params(&p);
    int32_t years[3] = { 2021, 2022, 2023 }, weights[3] = { 1, 1, 1 };
    p.years = years;
    p.year_weights = weights;
    yb_dip_build *b;
    assert_ok(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, yb_test_tmpdir("dip-build-w"), &b, NULL));
    yb_dip_build_group g = { .size = sizeof g };
    assert_ok(ctx, yb_dip_build_group_info(b, 1, &g));
    assert_string_equal(g.code, "JC2");
    assert_int_equal(g.mean_cost, 2166666667);
    yb_dip_build_free(b);
}

static void rebuilding_on_a_built_catalogue_gives_the_same_scores(void **state)
{
    (void)state;
    /* The first build's groups are now the base's: LC0001/LC0002 are matched as core groups, the base's
     * comprehensive groups are switched off and formed anew (ZH-K25-C exists, so the new one is ZH-K25-C2),
     * the subtype coefficient is recomputed (not listed twice). Same cases, same groups: same scores. */
    yb_dip_build_params p;
    params(&p);
    const char *out1 = yb_test_tmpdir("dip-rebuild-1");
    assert_ok(ctx, yb_dip_build_catalog(ctx, base, &H.h, &p, out1, NULL, NULL));
    yb_dip_catalog *mid;
    assert_ok(ctx, yb_dip_catalog_load(ctx, out1, &mid));
    const char *out2 = yb_test_tmpdir("dip-rebuild-2");
    yb_dip_build *b;
    assert_ok(ctx, yb_dip_build_catalog(ctx, mid, &H.h, &p, out2, &b, NULL));
    yb_dip_build_summary s = { .size = sizeof s };
    assert_ok(ctx, yb_dip_build_get_summary(b, &s));
    assert_int_equal(s.groups_local, 0);
    assert_int_equal(s.groups_comprehensive, 3);
    yb_dip_build_free(b);
    yb_dip_catalog *cat;
    assert_ok(ctx, yb_dip_catalog_load(ctx, out2, &cat));
    assert_int_equal(score_of(cat, "JC1"), 5470004);
    assert_int_equal(score_of(cat, "LC0002"), 19426676);
    assert_int_equal(score_of(cat, "ZH-K25-C2"), 2842928);
    uint32_t id;
    assert_ok(ctx, yb_dip_group_find(cat, "ZH-K25-C", &id));
    assert_int_equal(yb_dip_group_active(cat, id), 0);
    assert_int_equal(yb_dip_subtype_count(cat), 1);
    assert_int_equal(yb_dip_subtype_coefficient(cat, 0), 1056790);
    yb_dip_catalog_free(cat);
    yb_dip_catalog_free(mid);
}

static const char *alloc_out;

static int build_small(yb_ctx *c, void *user)
{
    (void)user;
    yb_dip_build_params p;
    params(&p);
    yb_dip_build *b = NULL;
    int rc = yb_dip_build_catalog(c, base, &H.h, &p, alloc_out, &b, NULL);
    yb_dip_build_free(b);
    return rc;
}

static void builder_survives_every_allocation_failure(void **state)
{
    (void)state;
    alloc_out = yb_test_tmpdir("dip-build-alloc");
    long sites = yb_test_every_alloc_fails(build_small, NULL, NULL);
    assert_true(sites > 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_worked_history_gives_the_scores),
        cmocka_unit_test(reference_group_gets_exactly_the_scale),
        cmocka_unit_test(scale_100_divides_by_ten),
        cmocka_unit_test(coverage_threshold),
        cmocka_unit_test(without_new_core_groups_everything_else_is_comprehensive),
        cmocka_unit_test(parameter_and_argument_errors),
        cmocka_unit_test(explicit_years_and_weights),
        cmocka_unit_test(rebuilding_on_a_built_catalogue_gives_the_same_scores),
        cmocka_unit_test(builder_survives_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
