/* openIMIS-style capitation, worked by hand from the openIMIS rules
 * (stored procedure uspCreateCapitationPaymentReportData): a facility's
 * population, families, insured persons and insured families are the counts
 * of its catchment locations × catchment share; the month's pot is the
 * allocated contributions × share for capitation; each criterion's pot is
 * the pot × its weight; unit price = criterion pot ÷ total quantity; payment
 * = quantity × unit price. */
#include <stdio.h>
#include <string.h>

#include "cap_pack.h"
#include "test_util.h"

#define Y_OF(yuan) ((int64_t)(yuan) * 100) /* whole yuan in fen */

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

/* Two facilities; village V1 (1000 people, 200 families, 600 insured in 120
 * families) wholly served by HF1; V2 (500, 100, 300, 60) served 40 % by HF1
 * and 60 % by HF2. So HF1: population 1000 + 0.4 × 500 = 1200, families
 * 200 + 40 = 240, insured 600 + 120 = 720, insured families 120 + 24 = 144;
 * HF2: 300, 60, 180, 36. */
#define O_FACILITIES "facility,name\nHF1,Health centre 1\nHF2,Dispensary 2\n"
#define O_LOCATIONS                                                                                               \
    "location,population,families,insured_persons,insured_families\nV1,1000,200,600,120\nV2,500,100,300,60\n"
#define O_CATCHMENT "facility,location,catchment\nHF1,V1,1\nHF1,V2,0.4\nHF2,V2,0.6\n"

static yb_cap_plan *load(const char *tag, const char *params, const char *catchment)
{
    const char *tables[] = { "facilities", O_FACILITIES, "locations", O_LOCATIONS, "catchment",
                             catchment ? catchment : O_CATCHMENT, NULL };
    yb_cap_plan *p = NULL;
    assert_ok(ctx, yb_cap_plan_load(ctx, cap_pack_write(tag, params, tables), &p));
    return p;
}

#define O_PARAMS                                                                                                  \
    "{\"year\": 2024, \"mode\": \"openimis\", \"openimis\": {\"share_contribution\": \"0.5\", \"weight\": "    \
    "{\"population\": \"0.2\", \"families\": \"0.1\", \"insured_persons\": \"0.2\", \"insured_families\": "   \
    "\"0.1\", \"visits\": \"0.3\", \"adjusted_amount\": \"0.1\"}}}"

static void add(yb_cap_ledger *l, const char *id, int32_t kind, int32_t month, const char *fac, int64_t amount,
                int64_t qty)
{
    assert_ok(ctx, yb_cap_ledger_add_one(ctx, l, id, kind, month, NULL, fac, amount, qty, NULL));
}

static yb_cap_facility_payment payment(const yb_cap_clearing *c, size_t i)
{
    yb_cap_facility_payment f = { .size = sizeof f };
    assert_ok(ctx, yb_cap_clearing_payment(c, i, &f));
    return f;
}

static void facility_payments_are_catchment_weighted_counts_times_unit_prices(void **state)
{
    (void)state;
    yb_cap_plan *p = load("oi", O_PARAMS, NULL);
    assert_int_equal(yb_cap_plan_mode(p), YB_CAP_MODE_OPENIMIS);
    assert_int_equal(yb_cap_plan_facility_count(p), 2);
    assert_string_equal(yb_cap_plan_facility_code(p, 1), "HF2");
    yb_cap_ledger *l = NULL;
    assert_ok(ctx, yb_cap_ledger_new(ctx, p, &l));
    add(l, "c1", YB_CAP_CONTRIBUTION, 1, NULL, 10000000, 0); /* 100 000.00 allocated to January */
    add(l, "v1", YB_CAP_VISITS, 1, "HF1", 0, 30);
    add(l, "v2", YB_CAP_VISITS, 1, "HF2", 0, 70);
    add(l, "a1", YB_CAP_ADJUSTED, 1, "HF1", 200000, 0); /* 2 000.00 */
    add(l, "a2", YB_CAP_ADJUSTED, 1, "HF2", 300000, 0); /* 3 000.00 */
    yb_cap_clearing_input in = { .size = sizeof in, .through_month = 2, .total_score = -1 };
    yb_cap_clearing *c = NULL;
    assert_ok(ctx, yb_cap_clear(ctx, p, l, &in, &c));
    /* Pot 100 000 × 0.5 = 50 000.00; criterion pots 10 000, 5 000, 10 000, 5 000, 15 000, 5 000. */
    yb_cap_month_result m = { .size = sizeof m };
    assert_ok(ctx, yb_cap_clearing_month(c, 1, &m));
    assert_int_equal(m.pot, Y_OF(50000));
    assert_int_equal(m.criterion_pot[YB_CAP_POPULATION], Y_OF(10000));
    assert_int_equal(m.criterion_pot[YB_CAP_VISITS_COUNT], Y_OF(15000));
    /* Population 1500 → unit price 10 000 / 1500 = 6.666667 yuan; visits 15 000 / 100 = 150;
     * adjusted amount 5 000 / 5 000 yuan = 1 yuan per yuan. */
    assert_int_equal(m.total_quantity[YB_CAP_POPULATION], 1500000000);
    assert_int_equal(m.unit_price[YB_CAP_POPULATION], 6666667);
    assert_int_equal(m.unit_price[YB_CAP_VISITS_COUNT], 150000000);
    assert_int_equal(m.unit_price[YB_CAP_ADJUSTED_AMOUNT], 1000000);
    /* HF1: 1200/1500 × 10 000 = 8 000; 240/300 × 5 000 = 4 000; 720/900 × 10 000 = 8 000;
     * 144/180 × 5 000 = 4 000; 30 × 150 = 4 500; 2 000 × 1 = 2 000 → 30 500.00.
     * HF2: 2 000 + 1 000 + 2 000 + 1 000 + 10 500 + 3 000 = 19 500.00. */
    assert_int_equal(yb_cap_clearing_payment_count(c), 4); /* 2 months × 2 facilities */
    yb_cap_facility_payment f1 = payment(c, 0), f2 = payment(c, 1);
    assert_int_equal(f1.month, 1);
    assert_int_equal(f1.facility, 0);
    assert_int_equal(f1.quantity[YB_CAP_POPULATION], 1200000000);
    assert_int_equal(f1.quantity[YB_CAP_INSURED_FAMILIES], 144000000);
    assert_int_equal(f1.payment[YB_CAP_POPULATION], Y_OF(8000));
    assert_int_equal(f1.payment[YB_CAP_FAMILIES], Y_OF(4000));
    assert_int_equal(f1.payment[YB_CAP_INSURED_PERSONS], Y_OF(8000));
    assert_int_equal(f1.payment[YB_CAP_INSURED_FAMILIES], Y_OF(4000));
    assert_int_equal(f1.payment[YB_CAP_VISITS_COUNT], Y_OF(4500));
    assert_int_equal(f1.payment[YB_CAP_ADJUSTED_AMOUNT], Y_OF(2000));
    assert_int_equal(f1.total, Y_OF(30500));
    assert_int_equal(f2.total, Y_OF(19500));
    /* February: nothing allocated, nothing paid. */
    assert_int_equal(payment(c, 2).total, 0);
    yb_cap_summary s = { .size = sizeof s };
    assert_ok(ctx, yb_cap_clearing_summary(c, &s));
    assert_int_equal(s.allocated, Y_OF(100000));
    assert_int_equal(s.pot, Y_OF(50000));
    assert_int_equal(s.distributed, Y_OF(50000));
    assert_int_equal(s.undistributed, 0);
    assert_non_null(strstr(yb_cap_clearing_text(c),
                           "month 1, facility HF1, visits: 30 × unit price 150 = 4500.00 yuan"));
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(l);
    yb_cap_plan_free(p);
}

static void thirds_are_split_by_largest_remainder_and_add_up_to_the_pot(void **state)
{
    (void)state;
    yb_cap_plan *p = load("oi-thirds",
                          "{\"year\": 2024, \"mode\": \"openimis\", \"openimis\": {\"weight\": {\"visits\": \"1\"}}}",
                          NULL);
    yb_cap_ledger *l = NULL;
    assert_ok(ctx, yb_cap_ledger_new(ctx, p, &l));
    add(l, "c", YB_CAP_CONTRIBUTION, 3, NULL, 10000, 0); /* 100.00 in March, all for capitation */
    add(l, "v1", YB_CAP_VISITS, 3, "HF1", 0, 1);
    add(l, "v2", YB_CAP_VISITS, 3, "HF2", 0, 2);
    yb_cap_clearing_input in = { .size = sizeof in, .through_month = 3, .total_score = -1 };
    yb_cap_clearing *c = NULL;
    assert_ok(ctx, yb_cap_clear(ctx, p, l, &in, &c));
    /* Unit price 100 / 3 = 33.333333; HF1 1 × 33.33… = 3 333.33 fen → 3 333 (remainder 1/3),
     * HF2 6 666.67 fen → 6 666 (remainder 2/3) + the fen left over = 6 667. */
    yb_cap_month_result m = { .size = sizeof m };
    assert_ok(ctx, yb_cap_clearing_month(c, 3, &m));
    assert_int_equal(m.unit_price[YB_CAP_VISITS_COUNT], 33333333);
    assert_int_equal(payment(c, 4).payment[YB_CAP_VISITS_COUNT], 3333);
    assert_int_equal(payment(c, 5).payment[YB_CAP_VISITS_COUNT], 6667);
    assert_int_equal(m.distributed, 10000);
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(l);
    yb_cap_plan_free(p);
}

static void unweighted_share_and_empty_criteria_stay_undistributed(void **state)
{
    (void)state;
    /* Weights 0.5 population + 0.4 visits = 0.9: 10 % of the pot is unweighted. No visits
     * were recorded, so the visits pot is not paid either. Pot 1 000.00 (share 1):
     * population 500.00 paid; visits 400.00 and the rest 100.00 undistributed. */
    yb_cap_plan *p = load("oi-undist",
                          "{\"year\": 2024, \"mode\": \"openimis\", \"openimis\": {\"weight\": {\"population\": "
                          "\"0.5\", \"visits\": \"0.4\"}}}",
                          NULL);
    yb_cap_ledger *l = NULL;
    assert_ok(ctx, yb_cap_ledger_new(ctx, p, &l));
    add(l, "c", YB_CAP_CONTRIBUTION, 1, NULL, 100000, 0);
    yb_cap_clearing_input in = { .size = sizeof in, .through_month = 1, .total_score = -1 };
    yb_cap_clearing *c = NULL;
    assert_ok(ctx, yb_cap_clear(ctx, p, l, &in, &c));
    yb_cap_summary s = { .size = sizeof s };
    assert_ok(ctx, yb_cap_clearing_summary(c, &s));
    assert_int_equal(s.pot, 100000);
    assert_int_equal(s.distributed, 50000);
    assert_int_equal(s.undistributed, 50000);
    /* 500.00 by population 1200 : 300 → 400.00 and 100.00 */
    assert_int_equal(payment(c, 0).total, 40000);
    assert_int_equal(payment(c, 1).total, 10000);
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(l);
    yb_cap_plan_free(p);
}

static void ledger_rows_of_the_other_mode_or_unknown_facilities_are_row_errors(void **state)
{
    (void)state;
    yb_cap_plan *p = load("oi-rows", O_PARAMS, NULL);
    yb_cap_ledger *l = NULL;
    assert_ok(ctx, yb_cap_ledger_new(ctx, p, &l));
    assert_status(ctx, yb_cap_ledger_add_one(ctx, l, "s", YB_CAP_SPEND_ALLIANCE, 1, NULL, NULL, 5, 0, NULL),
                  YB_E_ROW_KIND);
    assert_status(ctx, yb_cap_ledger_add_one(ctx, l, "v", YB_CAP_VISITS, 1, NULL, "HF9", 0, 3, NULL),
                  YB_E_ROW_FACILITY);
    assert_msg_has(ctx, "facility unknown", "'v'");
    assert_status(ctx, yb_cap_ledger_add_one(ctx, l, "v", YB_CAP_VISITS, 1, NULL, NULL, 0, 3, NULL),
                  YB_E_ROW_FACILITY);
    assert_status(ctx, yb_cap_ledger_add_one(ctx, l, "v", YB_CAP_VISITS, 1, NULL, "HF1", 0, -3, NULL),
                  YB_E_ROW_AMOUNT);
    add(l, "v", YB_CAP_VISITS, 1, "HF1", 0, 3);
    assert_ok(ctx, yb_cap_ledger_add_one(ctx, l, "v-rev", YB_CAP_REVERSAL, 0, NULL, NULL, 0, 0, "v"));
    yb_cap_ledger_totals t = { .size = sizeof t };
    assert_ok(ctx, yb_cap_ledger_totals_get(l, &t));
    assert_int_equal(t.visits, 0);
    yb_cap_budget b = { .size = sizeof b };
    assert_status(ctx, yb_cap_plan_budget(ctx, p, &b), YB_E_STATE);
    yb_cap_ledger_free(l);
    yb_cap_plan_free(p);
}

static void bad_openimis_plans_are_rejected(void **state)
{
    (void)state;
    yb_cap_plan *p = NULL;
    const char *t1[] = { "facilities", O_FACILITIES, "locations", O_LOCATIONS, "catchment",
                         "facility,location,catchment\nHF1,V1,1\nHF2,V1,0.2\n", NULL };
    assert_status(ctx, yb_cap_plan_load(ctx, cap_pack_write("oi-b1", O_PARAMS, t1), &p), YB_E_PARAM);
    assert_msg_has(ctx, "catchment.csv:3:3", "exceed 1", "'0.2'");
    const char *t2[] = { "facilities", O_FACILITIES, "locations", O_LOCATIONS, "catchment",
                         "facility,location,catchment\nHF1,V7,1\n", NULL };
    assert_status(ctx, yb_cap_plan_load(ctx, cap_pack_write("oi-b2", O_PARAMS, t2), &p), YB_E_NOT_FOUND);
    assert_msg_has(ctx, "catchment.csv:2:2", "location", "'V7'");
    const char *t3[] = { "facilities", O_FACILITIES, "locations", O_LOCATIONS, "catchment", O_CATCHMENT, NULL };
    assert_status(ctx, yb_cap_plan_load(ctx, cap_pack_write("oi-b3", "{\"year\": 2024, \"mode\": \"openimis\", "
                                                            "\"openimis\": {\"weight\": {\"population\": \"0.7\", "
                                                            "\"visits\": \"0.4\"}}}", t3), &p),
                  YB_E_PARAM);
    assert_msg_has(ctx, "pack.json", "openimis.weight", "'1.100000'");
    const char *t4[] = { "facilities", O_FACILITIES, "locations",
                         "location,population,families,insured_persons,insured_families\nV1,10,20,5,5\n",
                         "catchment", "facility,location,catchment\n", NULL };
    assert_status(ctx, yb_cap_plan_load(ctx, cap_pack_write("oi-b4", O_PARAMS, t4), &p), YB_E_PARAM);
    assert_msg_has(ctx, "locations.csv:2:3", "more families than people");
    assert_status(ctx, yb_cap_plan_load(ctx, cap_pack_write("oi-b5", "{\"year\": 2024, \"mode\": \"openimis\", "
                                                            "\"per_capita\": {\"base\": \"1\"}}", t3), &p),
                  YB_E_PARAM);
    assert_msg_has(ctx, "unknown parameter 'per_capita.base'");
    assert_null(p);
}

static int load_op(yb_ctx *c, void *user)
{
    yb_cap_plan *p = NULL;
    int rc = yb_cap_plan_load(c, user, &p);
    yb_cap_plan_free(p);
    return rc;
}

static void openimis_loader_survives_every_failing_allocation(void **state)
{
    (void)state;
    const char *tables[] = { "facilities", O_FACILITIES, "locations", O_LOCATIONS, "catchment", O_CATCHMENT, NULL };
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", cap_pack_write("oi-alloc", O_PARAMS, tables));
    assert_true(yb_test_every_alloc_fails(load_op, NULL, dir) > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(facility_payments_are_catchment_weighted_counts_times_unit_prices),
        cmocka_unit_test(thirds_are_split_by_largest_remainder_and_add_up_to_the_pot),
        cmocka_unit_test(unweighted_share_and_empty_criteria_stay_undistributed),
        cmocka_unit_test(ledger_rows_of_the_other_mode_or_unknown_facilities_are_row_errors),
        cmocka_unit_test(bad_openimis_plans_are_rejected),
        cmocka_unit_test(openimis_loader_survives_every_failing_allocation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
