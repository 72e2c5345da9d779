/* Capitation plans: the budget worked by hand from the plan's rules, risk
 * adjustment and normalisation, rounding modes, bad plans rejected with
 * messages naming file, line, field and value, and the loader under failing
 * allocations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_pack.h"
#include "test_util.h"

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

static yb_cap_budget budget_of(const char *dir)
{
    yb_cap_plan *p = NULL;
    assert_ok(ctx, yb_cap_plan_load(ctx, dir, &p));
    yb_cap_budget b = { .size = sizeof b };
    assert_ok(ctx, yb_cap_plan_budget(ctx, p, &b));
    yb_cap_plan_free(p);
    return b;
}

static void plan_h_budget_is_per_capita_times_enrollees_less_carve_out_and_reserve(void **state)
{
    (void)state;
    yb_cap_budget b = budget_of(cap_pack_h("h-budget", NULL));
    assert_int_equal(b.enrollees, 1000);                /* 500 + 300 + 100 + 100 */
    assert_int_equal(b.per_capita, 52000);              /* 500.00 × 1.04 = 520.00 yuan */
    assert_int_equal(b.gross, 52000000);                /* 520.00 × 1000 = 520 000.00 */
    assert_int_equal(b.carve_outs, 3000000);            /* 30.00 × 1000 = 30 000.00 */
    assert_int_equal(b.reserve, 2450000);               /* (520 000 − 30 000) × 0.05 = 24 500.00 */
    assert_int_equal(b.pot, 46550000);                  /* 520 000 − 30 000 − 24 500 = 465 500.00 */
    assert_int_equal(b.advance_total, 46550000);        /* advance ratio defaults to 1 */
    /* 46 550 000 fen ÷ 12 = 3 879 166 rem 8: months 1–8 get one fen more. */
    assert_int_equal(b.advance[0], 3879167);
    assert_int_equal(b.advance[7], 3879167);
    assert_int_equal(b.advance[8], 3879166);
    assert_int_equal(b.advance[11], 3879166);
}

static void sample_pack_budget_matches_its_documented_derivation(void **state)
{
    (void)state;
    /* packs/sample-capitation/SOURCE.md: per-capita 980.00 × 1.049 = 1 028.02;
     * W = 5518×0.55 + 5252×0.50 + 17904×0.75 + 17040×0.80 + 1872×1.60 + 1782×1.45
     *   + 5447×2.30 + 5185×2.10 + 6900×0.35 + 2300×0.45 = 65 166.6; normalisation
     * 65 166.6 / 60 000 = 1.08611, so gross = 1 028.02 × 60 000 = 61 681 200.00;
     * carve-out 60.00 × 60 000 = 3 600 000.00; reserve 58 081 200.00 × 0.05 =
     * 2 904 060.00; pot 55 177 140.00; advances 0.9 × pot = 49 659 426.00. */
    yb_cap_budget b = budget_of(yb_test_src("packs/sample-capitation"));
    assert_int_equal(b.enrollees, 60000);
    assert_int_equal(b.per_capita, 102802);
    assert_int_equal(b.risk_weight, 65166600000);
    assert_int_equal(b.normalised_score, 1000000);
    assert_int_equal(b.gross, 6168120000);
    assert_int_equal(b.carve_outs, 360000000);
    assert_int_equal(b.reserve, 290406000);
    assert_int_equal(b.pot, 5517714000);
    assert_int_equal(b.advance_total, 4965942600);
}

static void classified_pots_split_the_pot_by_share(void **state)
{
    (void)state;
    yb_cap_plan *p = NULL;
    yb_cap_ledger *l = NULL;
    yb_cap_clearing *c = NULL;
    assert_ok(ctx, yb_cap_plan_load(ctx, cap_pack_h("h-pots", NULL), &p));
    assert_int_equal(yb_cap_plan_pot_count(p), 3);
    assert_string_equal(yb_cap_plan_pot_code(p, 2), "chronic");
    assert_null(yb_cap_plan_pot_code(p, 3));
    assert_ok(ctx, yb_cap_ledger_new(ctx, p, &l));
    yb_cap_clearing_input in = { .size = sizeof in, .total_score = 1000000 };
    assert_ok(ctx, yb_cap_clear(ctx, p, l, &in, &c));
    yb_cap_pot_result r = { .size = sizeof r };
    /* 465 500.00 × 0.6 = 279 300.00; × 0.3 = 139 650.00; × 0.1 = 46 550.00 */
    assert_ok(ctx, yb_cap_clearing_pot(c, 0, &r));
    assert_int_equal(r.budget, 27930000);
    assert_ok(ctx, yb_cap_clearing_pot(c, 1, &r));
    assert_int_equal(r.budget, 13965000);
    assert_ok(ctx, yb_cap_clearing_pot(c, 2, &r));
    assert_int_equal(r.budget, 4655000);
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(l);
    yb_cap_plan_free(p);
}

#define H_CONDITIONS "condition,name,coefficient,enrollees\nhypertension,高血压,0.3,150\ndiabetes,糖尿病,0.5,50\n"

static const char *pack_risk(const char *tag, const char *norm)
{
    char params[1024];
    snprintf(params, sizeof params,
             "{\"year\": 2024, \"per_capita\": {\"base\": \"500.00\", \"growth\": \"0.04\"}, "
             "\"risk_adjustment\": {\"enabled\": true, \"normalisation\": \"%s\"}}",
             norm);
    const char *tables[] = { "population", H_POPULATION, "conditions", H_CONDITIONS, "tiers", H_TIERS,
                             "overspend_bands", H_OVER, NULL };
    return cap_pack_write(tag, params, tables);
}

static void risk_adjusted_gross_is_per_capita_times_weight_over_normalisation(void **state)
{
    (void)state;
    /* W = 500×0.9 + 300×1.0 + 100×1.6 + 100×1.5 + 150×0.3 + 50×0.5
     *   = 450 + 300 + 160 + 150 + 45 + 25 = 1130; average score 1130 / 1000 = 1.13. */
    yb_cap_budget b = budget_of(pack_risk("risk-1", "1"));
    assert_int_equal(b.risk_weight, 1130000000);
    assert_int_equal(b.risk_score, 1130000);
    assert_int_equal(b.normalised_score, 1130000);
    assert_int_equal(b.gross, 58760000); /* 520.00 × 1130 ÷ 1 = 587 600.00 */
    /* Normalising by the population's own average score gives back 520.00 × 1000. */
    b = budget_of(pack_risk("risk-113", "1.13"));
    assert_int_equal(b.normalised_score, 1000000);
    assert_int_equal(b.gross, 52000000);
    /* 52 000 fen × 1130 ÷ 1.2 = 48 966 666.67 fen → 48 966 667 (half up, one rounding);
     * normalised score 1.13 ÷ 1.2 = 0.9416666… → 0.941667. */
    b = budget_of(pack_risk("risk-12", "1.2"));
    assert_int_equal(b.gross, 48966667);
    assert_int_equal(b.normalised_score, 941667);
}

static const char *pack_simple(const char *tag, const char *params)
{
    const char *tables[] = { "population", "band,sex,age_from,age_to,enrollees\nall,1,0,150,1000\n", "tiers", H_TIERS,
                             "overspend_bands", H_OVER, "carveouts",
                             "carveout,name,basis,value\nci,大病,ratio,0.012345\nadmin,fixed,amount,100.00\n", NULL };
    return cap_pack_write(tag, params, tables);
}

static void per_capita_half_fen_rounds_by_the_plans_mode(void **state)
{
    (void)state;
    /* 100.10 yuan × 1.05 = 10 510.5 fen: half up 10 511, half even 10 510. */
    yb_cap_budget b = budget_of(pack_simple("hu", "{\"year\": 2024, \"per_capita\": {\"base\": \"100.10\", "
                                                  "\"growth\": \"0.05\"}}"));
    assert_int_equal(b.per_capita, 10511);
    b = budget_of(pack_simple("he", "{\"year\": 2024, \"rounding\": \"half_even\", \"per_capita\": "
                                    "{\"base\": \"100.10\", \"growth\": \"0.05\"}}"));
    assert_int_equal(b.per_capita, 10510);
}

static void carve_outs_by_ratio_and_amount(void **state)
{
    (void)state;
    /* gross = 520.01 × 1000 = 520 010.00; ratio carve-out 520 010.00 × 0.012345 =
     * 6 419.52345 → 6 419.52; fixed 100.00; reserve (520 010.00 − 6 519.52) × 0.1
     * = 51 349.048 → 51 349.05; pot = 520 010.00 − 6 519.52 − 51 349.05 = 462 141.43. */
    yb_cap_budget b = budget_of(pack_simple("carve", "{\"year\": 2024, \"per_capita\": {\"base\": \"520.01\"}, "
                                                     "\"risk_reserve\": {\"ratio\": \"0.1\"}}"));
    assert_int_equal(b.gross, 52001000);
    assert_int_equal(b.carve_outs, 641952 + 10000);
    assert_int_equal(b.reserve, 5134905);
    assert_int_equal(b.pot, 46214143);
}

/* A bad plan: tables (name, csv pairs) and parameters, the expected status
 * and fragments of the message. */
typedef struct bad_case {
    const char *what;
    const char *params;
    const char *population, *pots, *tiers, *over, *extra_name, *extra;
    int status;
    const char *frag[4];
} bad_case;

#define P_OK "{\"year\": 2024, \"per_capita\": {\"base\": \"500.00\"}}"
#define POP_OK "band,sex,age_from,age_to,enrollees\nall,1,0,150,1000\n"

static const bad_case bad_cases[] = {
    { "pot shares not 1", P_OK, POP_OK, "pot,name,share\na,A,0.5\nb,B,0.4\n", H_TIERS, H_OVER, NULL, NULL,
      YB_E_PACK, { "pots.csv", "add up to exactly 1", "0.900000" } },
    { "gap between overspend bands", P_OK, POP_OK, NULL, H_TIERS,
      "from_ratio,to_ratio,fund_share\n0,0.04,0.7\n0.05,,0\n", NULL, NULL, YB_E_PACK,
      { "overspend_bands.csv:3:1", "contiguous", "from_ratio", "'0.05'" } },
    { "last band closed", P_OK, POP_OK, NULL, H_TIERS, "from_ratio,to_ratio,fund_share\n0,0.05,0.7\n", NULL, NULL,
      YB_E_PACK, { "overspend_bands.csv", "must be open" } },
    { "fund share above 1", P_OK, POP_OK, NULL, H_TIERS, "from_ratio,to_ratio,fund_share\n0,,1.5\n", NULL, NULL,
      YB_E_PARAM, { "overspend_bands.csv:2:3", "fund_share", "'1.5'", "from 0.000000 to 1.000000" } },
    { "bad sex", P_OK, "band,sex,age_from,age_to,enrollees\nall,X,0,150,1000\n", NULL, H_TIERS, H_OVER, NULL, NULL,
      YB_E_FORMAT, { "population.csv:2:2", "sex", "'X'" } },
    { "band twice", P_OK, "band,sex,age_from,age_to,enrollees\na,1,0,9,10\na,2,0,9,10\n", NULL, H_TIERS, H_OVER,
      NULL, NULL, YB_E_DUPLICATE, { "population.csv:3:1", "line 2", "'a'" } },
    { "overlapping ages", P_OK, "band,sex,age_from,age_to,enrollees\na,1,0,9,10\nb,1,5,19,10\n", NULL, H_TIERS,
      H_OVER, NULL, NULL, YB_E_PACK, { "population.csv:3", "overlap band 'a'" } },
    { "nobody enrolled", P_OK, "band,sex,age_from,age_to,enrollees\na,1,0,150,0\n", NULL, H_TIERS, H_OVER, NULL,
      NULL, YB_E_PACK, { "population.csv", "enrols nobody" } },
    { "misspelt parameter", "{\"year\": 2024, \"per_capita\": {\"base\": \"500\", \"groth\": \"0.04\"}}", POP_OK,
      NULL, H_TIERS, H_OVER, NULL, NULL, YB_E_PARAM, { "pack.json", "per_capita.groth" } },
    { "no per-capita base", "{\"year\": 2024}", POP_OK, NULL, H_TIERS, H_OVER, NULL, NULL, YB_E_PARAM,
      { "pack.json", "per_capita.base" } },
    { "growth out of range", "{\"year\": 2024, \"per_capita\": {\"base\": \"500\", \"growth\": \"2\"}}", POP_OK,
      NULL, H_TIERS, H_OVER, NULL, NULL, YB_E_PARAM, { "per_capita.growth", "'2'" } },
    { "no tiers", P_OK, POP_OK, NULL, NULL, H_OVER, NULL, NULL, YB_E_PACK, { "pack.json", "'tiers'" } },
    { "tier loss shares not 1", P_OK, POP_OK, NULL, "tier,share,loss_share\nc,0.6,0.5\nt,0.4,0.4\n", H_OVER, NULL,
      NULL, YB_E_PACK, { "tiers.csv", "loss shares", "0.900000" } },
    { "risk adjustment without coefficients",
      "{\"year\": 2024, \"per_capita\": {\"base\": \"500\"}, \"risk_adjustment\": {\"enabled\": true}}", POP_OK, NULL,
      H_TIERS, H_OVER, NULL, NULL, YB_E_PACK, { "population.csv", "coefficient" } },
    { "conditions without risk adjustment", P_OK, POP_OK, NULL, H_TIERS, H_OVER, "conditions", H_CONDITIONS,
      YB_E_PACK, { "pack.json", "conditions table" } },
    { "assessment maxima not 100", P_OK, POP_OK, NULL, H_TIERS, H_OVER, "assessment",
      "item,name,max_score\nq,quality,60\nc,cost,30\n", YB_E_PACK, { "assessment.csv", "100", "90.0000" } },
    { "retention not from 0", P_OK, POP_OK, NULL, H_TIERS, H_OVER, "retention", "min_score,factor\n60,0.5\n",
      YB_E_PACK, { "retention.csv:2:1", "start at score 0" } },
    { "carve-outs above gross", P_OK, POP_OK, NULL, H_TIERS, H_OVER, "carveouts",
      "carveout,name,basis,value\nx,X,per_capita,600.00\n", YB_E_PARAM, { "carve-outs", "exceed the gross" } },
    { "unknown carve-out basis", P_OK, POP_OK, NULL, H_TIERS, H_OVER, "carveouts",
      "carveout,name,basis,value\nx,X,percent,5\n", YB_E_FORMAT, { "carveouts.csv:2:3", "basis", "'percent'" } },
};

static void bad_plans_are_rejected_with_file_line_field_and_value(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const bad_case *b = &bad_cases[i];
        const char *tables[16];
        size_t n = 0;
        tables[n++] = "population", tables[n++] = b->population;
        if (b->pots)
            tables[n++] = "pots", tables[n++] = b->pots;
        if (b->tiers)
            tables[n++] = "tiers", tables[n++] = b->tiers;
        if (b->over)
            tables[n++] = "overspend_bands", tables[n++] = b->over;
        if (b->extra_name)
            tables[n++] = b->extra_name, tables[n++] = b->extra;
        tables[n] = NULL;
        yb_cap_plan *p = NULL;
        int rc = yb_cap_plan_load(ctx, cap_pack_write("bad", b->params, tables), &p);
        if (rc != b->status)
            print_error("case '%s'\n", b->what);
        assert_status(ctx, rc, b->status);
        assert_null(p);
        if (getenv("CAP_DEBUG")) print_message("%s: %s\n", b->what, yb_ctx_errmsg(ctx));
        for (size_t k = 0; k < 4 && b->frag[k]; k++)
            if (!strstr(yb_ctx_errmsg(ctx), b->frag[k])) {
                print_error("case '%s': message \"%s\" lacks \"%s\"\n", b->what, yb_ctx_errmsg(ctx), b->frag[k]);
                fail();
            }
    }
}

static void wrong_pack_kind_is_refused(void **state)
{
    (void)state;
    const char *dir = cap_pack_h("kind", NULL);
    char path[4200], text[8192];
    snprintf(path, sizeof path, "%s/pack.json", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *k = strstr(text, "capitation-plan");
    assert_non_null(k);
    memcpy(k, "points-book-xyz", 15); /* same length as "capitation-plan" */
    yb_test_write_text(path, text);
    yb_cap_plan *p = NULL;
    assert_status(ctx, yb_cap_plan_load(ctx, dir, &p), YB_E_PACK);
    assert_msg_has(ctx, "points-book-xyz", "'capitation-plan' pack is needed");
    assert_null(p);
}

static int load_op(yb_ctx *c, void *user)
{
    yb_cap_plan *p = NULL;
    int rc = yb_cap_plan_load(c, user, &p);
    yb_cap_plan_free(p);
    return rc;
}

static void plan_loader_survives_every_failing_allocation(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", pack_risk("alloc-risk", "1.13"));
    assert_true(yb_test_every_alloc_fails(load_op, NULL, dir) > 10);
    snprintf(dir, sizeof dir, "%s", cap_pack_h("alloc-h", NULL));
    assert_true(yb_test_every_alloc_fails(load_op, NULL, dir) > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plan_h_budget_is_per_capita_times_enrollees_less_carve_out_and_reserve),
        cmocka_unit_test(sample_pack_budget_matches_its_documented_derivation),
        cmocka_unit_test(classified_pots_split_the_pot_by_share),
        cmocka_unit_test(risk_adjusted_gross_is_per_capita_times_weight_over_normalisation),
        cmocka_unit_test(per_capita_half_fen_rounds_by_the_plans_mode),
        cmocka_unit_test(carve_outs_by_ratio_and_amount),
        cmocka_unit_test(bad_plans_are_rejected_with_file_line_field_and_value),
        cmocka_unit_test(wrong_pack_kind_is_refused),
        cmocka_unit_test(plan_loader_survives_every_failing_allocation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
