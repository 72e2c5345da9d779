/* Alliance clearing, worked by hand on plan H (cap_pack.h): pot 465 500.00 =
 * inpatient 279 300.00 + outpatient 139 650.00 + chronic 46 550.00; reserve
 * 24 500.00; 5 % of the pot is 23 275.00 and 10 % is 46 550.00. Every
 * expected value below is derived in its comment from those rules. */
#include <stdio.h>
#include <string.h>

#include "cap_pack.h"
#include "test_util.h"

static yb_ctx *ctx;
static yb_cap_plan *plan;

#define Y(yuan) ((int64_t)(yuan) * 100) /* whole yuan in fen */

static int setup(void **state)
{
    (void)state;
    if (yb_ctx_new(&ctx, NULL))
        return -1;
    return yb_cap_plan_load(ctx, cap_pack_h("clearing", NULL), &plan);
}

static int teardown(void **state)
{
    (void)state;
    yb_cap_plan_free(plan);
    yb_ctx_free(ctx);
    return 0;
}

/* Spending inside the alliance split over pots, plus outside spending, plus
 * twelve advances of 30 000.00. */
static yb_cap_ledger *ledger_of(const yb_cap_plan *p, int64_t in_inp, int64_t in_out, int64_t in_chr, int64_t county,
                                int64_t province)
{
    yb_cap_ledger *l = NULL;
    assert_ok(ctx, yb_cap_ledger_new(ctx, p, &l));
    cap_entry_ok(ctx, l, "inp-1", YB_CAP_SPEND_ALLIANCE, 1, "inpatient", in_inp / 2);
    cap_entry_ok(ctx, l, "inp-7", YB_CAP_SPEND_ALLIANCE, 7, "inpatient", in_inp - in_inp / 2);
    cap_entry_ok(ctx, l, "out-3", YB_CAP_SPEND_ALLIANCE, 3, "outpatient", in_out);
    cap_entry_ok(ctx, l, "chr-12", YB_CAP_SPEND_ALLIANCE, 12, "chronic", in_chr);
    cap_entry_ok(ctx, l, "county-5", YB_CAP_SPEND_OTHER_COUNTY, 5, "inpatient", county);
    cap_entry_ok(ctx, l, "prov-9", YB_CAP_SPEND_OUT_OF_PROVINCE, 9, "inpatient", province);
    for (int m = 1; m <= 12; m++) {
        char id[16];
        snprintf(id, sizeof id, "adv-%d", m);
        cap_entry_ok(ctx, l, id, YB_CAP_ADVANCE, m, NULL, Y(30000));
    }
    return l;
}

static yb_cap_clearing *clear(const yb_cap_plan *p, const yb_cap_ledger *l, int64_t score, int32_t through)
{
    yb_cap_clearing_input in = { .size = sizeof in, .through_month = through, .total_score = score };
    yb_cap_clearing *c = NULL;
    assert_ok(ctx, yb_cap_clear(ctx, p, l, &in, &c));
    return c;
}

static yb_cap_summary summary(const yb_cap_clearing *c)
{
    yb_cap_summary s = { .size = sizeof s };
    assert_ok(ctx, yb_cap_clearing_summary(c, &s));
    return s;
}

static yb_cap_tier_result tier(const yb_cap_clearing *c, uint32_t t)
{
    yb_cap_tier_result r = { .size = sizeof r };
    assert_ok(ctx, yb_cap_clearing_tier(c, t, &r));
    return r;
}

static void surplus_within_the_first_band_is_retained_in_full(void **state)
{
    (void)state;
    /* Spending 450 000.00 → surplus 15 500.00, all below the 5 % bound 23 275.00:
     * retained 15 500.00 × 1 × factor 1 (score 95); tiers 6:3:1 = 9 300 / 4 650 / 1 550. */
    yb_cap_ledger *l = ledger_of(plan, Y(300000), Y(100000), Y(50000), 0, 0);
    yb_cap_clearing *c = clear(plan, l, 950000, 0);
    yb_cap_summary s = summary(c);
    assert_int_equal(s.budget, Y(465500));
    assert_int_equal(s.surplus, Y(15500));
    assert_int_equal(s.retained, Y(15500));
    assert_int_equal(s.returned, 0);
    assert_int_equal(tier(c, 0).retained, Y(9300));
    assert_int_equal(tier(c, 1).retained, Y(4650));
    assert_int_equal(tier(c, 2).retained, Y(1550));
    assert_int_equal(s.alliance_payment, Y(465500)); /* 450 000 + 15 500 */
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(l);
}

static void surplus_above_five_percent_is_retained_at_half(void **state)
{
    (void)state;
    /* Spending 400 000 inside + 20 000 other county + 10 000 out of province = 430 000.00;
     * surplus 35 500.00; band 1: 23 275.00 × 1 = 23 275.00; band 2: (35 500 − 23 275)
     * = 12 225.00 × 0.5 = 6 112.50; retained 29 387.50, returned 6 112.50. */
    yb_cap_ledger *l = ledger_of(plan, Y(250000), Y(120000), Y(30000), Y(20000), Y(10000));
    yb_cap_clearing *c = clear(plan, l, 920000, 0);
    yb_cap_summary s = summary(c);
    assert_int_equal(s.spent_alliance, Y(400000));
    assert_int_equal(s.spent_other_county, Y(20000));
    assert_int_equal(s.spent_out_of_province, Y(10000));
    assert_int_equal(s.spent_total, Y(430000));
    assert_int_equal(s.surplus, Y(35500));
    assert_int_equal(s.retained, 2938750);
    assert_int_equal(s.returned, 611250);
    assert_int_equal(s.overspend, 0);
    /* 29 387.50 × 0.6 = 17 632.50; × 0.3 = 8 816.25; × 0.1 = 2 938.75 */
    assert_int_equal(tier(c, 0).retained, 1763250);
    assert_int_equal(tier(c, 1).retained, 881625);
    assert_int_equal(tier(c, 2).retained, 293875);
    /* payment = 400 000 + 29 387.50 = 429 387.50; advances 12 × 30 000 = 360 000;
     * balance 69 387.50; fund outlay = 30 000 outside + 429 387.50 = 459 387.50
     * = budget 465 500 − returned 6 112.50. */
    assert_int_equal(s.alliance_payment, 42938750);
    assert_int_equal(s.advances, Y(360000));
    assert_int_equal(s.balance_due, 6938750);
    assert_int_equal(s.fund_outlay, 45938750);
    /* The steps explain it: band 2 is a structured step and a line of text. */
    int found = 0;
    for (size_t i = 0; i < yb_cap_clearing_step_count(c); i++) {
        yb_cap_step st = { .size = sizeof st };
        assert_ok(ctx, yb_cap_clearing_step(c, i, &st));
        assert_true(st.text && *st.text);
        if (st.kind == YB_CAP_STEP_SURPLUS_BAND && st.band == 1) {
            assert_int_equal(st.base, 1222500);
            assert_int_equal(st.ratio, 500000);
            assert_int_equal(st.amount, 611250);
            assert_non_null(strstr(st.text, "12225.00 × retain 0.5 × score factor 1 = 6112.50"));
            found = 1;
        }
    }
    assert_true(found);
    const char *text = yb_cap_clearing_text(c);
    assert_non_null(strstr(text, "pot = gross 520000.00 − carve-outs 30000.00 − reserve 24500.00 = 465500.00"));
    assert_non_null(strstr(text, "retained surplus to tier county (县级): 29387.50 × 0.6 = 17632.50"));
    assert_non_null(strstr(text, "balance due = payment 429387.50 − advances 360000.00 = 69387.50"));
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(l);
}

static void retention_factor_follows_the_assessment_score(void **state)
{
    (void)state;
    yb_cap_ledger *l = ledger_of(plan, Y(250000), Y(120000), Y(30000), Y(20000), Y(10000));
    /* Score 85 → factor 0.8: 23 275 × 0.8 = 18 620.00; 12 225 × 0.5 × 0.8 = 4 890.00;
     * retained 23 510.00, returned 35 500 − 23 510 = 11 990.00. */
    yb_cap_summary s = cap_clear_year(ctx, plan, l, 850000);
    assert_int_equal(s.retention_factor, 800000);
    assert_int_equal(s.retained, Y(23510));
    assert_int_equal(s.returned, Y(11990));
    /* Score exactly 60 → factor 0.6: 13 965.00 + 3 667.50 = 17 632.50. */
    s = cap_clear_year(ctx, plan, l, 600000);
    assert_int_equal(s.retained, 1763250);
    /* Score 59.9999 → factor 0: everything goes back to the fund. */
    s = cap_clear_year(ctx, plan, l, 599999);
    assert_int_equal(s.retained, 0);
    assert_int_equal(s.returned, Y(35500));
    yb_cap_ledger_free(l);
}

static void overspend_in_the_first_two_bands_is_shared_seventy_and_fifty(void **state)
{
    (void)state;
    /* Spending 450 000 inside + 30 000 + 20 000 outside = 500 000.00; overspend 34 500.00;
     * band 1: 23 275.00 × 0.7 = 16 292.50; band 2: 11 225.00 × 0.5 = 5 612.50;
     * fund 21 905.00 (from the reserve 24 500.00, 2 595.00 left); alliance 12 595.00. */
    yb_cap_ledger *l = ledger_of(plan, Y(300000), Y(120000), Y(30000), Y(30000), Y(20000));
    yb_cap_clearing *c = clear(plan, l, 950000, 0);
    yb_cap_summary s = summary(c);
    assert_int_equal(s.overspend, Y(34500));
    assert_int_equal(s.fund_share, Y(21905));
    assert_int_equal(s.alliance_share, Y(12595));
    assert_int_equal(s.reserve_used, Y(21905));
    assert_int_equal(s.reserve_left, Y(2595));
    assert_int_equal(s.surplus, 0);
    assert_int_equal(s.retained, 0);
    /* 12 595 × 0.6 = 7 557.00; × 0.3 = 3 778.50; × 0.1 = 1 259.50 */
    assert_int_equal(tier(c, 0).loss, Y(7557));
    assert_int_equal(tier(c, 1).loss, 377850);
    assert_int_equal(tier(c, 2).loss, 125950);
    /* payment = 450 000 − 12 595 = 437 405.00; fund outlay = 50 000 + 437 405
     * = budget 465 500 + fund share 21 905 = 487 405.00 */
    assert_int_equal(s.alliance_payment, Y(437405));
    assert_int_equal(s.fund_outlay, Y(487405));
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(l);
}

static void overspend_beyond_ten_percent_is_borne_by_the_alliance(void **state)
{
    (void)state;
    /* Spending 520 000.00; overspend 54 500.00: band 1 23 275 × 0.7 = 16 292.50; band 2
     * 23 275 × 0.5 = 11 637.50; band 3 (54 500 − 46 550) = 7 950 × 0 = 0; fund 27 930.00,
     * alliance 26 570.00; the reserve 24 500.00 is used up. */
    yb_cap_ledger *l = ledger_of(plan, Y(350000), Y(120000), Y(50000), 0, 0);
    yb_cap_clearing *c = clear(plan, l, 950000, 0);
    yb_cap_summary s = summary(c);
    /* 27 930 − 24 500 = 3 430.00 comes from the pooled fund beyond the reserve. */
    assert_non_null(strstr(yb_cap_clearing_text(c), "24500.00 used, 0.00 left; 3430.00 from the pooled fund"));
    yb_cap_clearing_free(c);
    assert_int_equal(s.overspend, Y(54500));
    assert_int_equal(s.fund_share, Y(27930));
    assert_int_equal(s.alliance_share, Y(26570));
    assert_int_equal(s.reserve_used, Y(24500));
    assert_int_equal(s.reserve_left, 0);
    yb_cap_ledger_free(l);
}

static void score_below_the_minimum_leaves_all_overspend_to_the_alliance(void **state)
{
    (void)state;
    yb_cap_ledger *l = ledger_of(plan, Y(300000), Y(120000), Y(30000), Y(30000), Y(20000));
    yb_cap_clearing *c = clear(plan, l, 550000, 0); /* 55 < minimum 60 */
    yb_cap_summary s = summary(c);
    assert_int_equal(s.overspend, Y(34500));
    assert_int_equal(s.fund_share, 0);
    assert_int_equal(s.alliance_share, Y(34500));
    assert_non_null(strstr(yb_cap_clearing_text(c), "score 55 is below the minimum 60"));
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(l);
}

static void interim_clearing_takes_the_months_share_of_budget_and_reserve(void **state)
{
    (void)state;
    /* Months 1–3 of each pot's 12 equal parts: inpatient 27 930 000 / 12 = 2 327 500;
     * outpatient 13 965 000 / 12 = 1 163 750; chronic 4 655 000 / 12 = 387 916 rem 8,
     * months 1–8 get 387 917. Budget = 3 × (2 327 500 + 1 163 750 + 387 917) = 11 637 501 fen.
     * Reserve 2 450 000 / 12 = 204 166 rem 8 → 3 × 204 167 = 612 501. */
    yb_cap_ledger *l = NULL;
    assert_ok(ctx, yb_cap_ledger_new(ctx, plan, &l));
    cap_entry_ok(ctx, l, "jan", YB_CAP_SPEND_ALLIANCE, 1, "inpatient", 6000000);
    cap_entry_ok(ctx, l, "mar", YB_CAP_SPEND_OTHER_COUNTY, 3, "chronic", 4000000);
    cap_entry_ok(ctx, l, "apr", YB_CAP_SPEND_ALLIANCE, 4, "inpatient", 99999999); /* after the period */
    yb_cap_clearing *c = clear(plan, l, 950000, 3);
    yb_cap_summary s = summary(c);
    assert_int_equal(s.through_month, 3);
    assert_int_equal(s.budget, 11637501);
    assert_int_equal(s.reserve, 612501);
    assert_int_equal(s.spent_total, 10000000);
    /* Surplus 1 637 501; 5 % bound round(11 637 501 × 0.05 = 581 875.05) = 581 875;
     * band 2: 1 055 626 × 0.5 = 527 813; retained 1 109 688, returned 527 813. */
    assert_int_equal(s.surplus, 1637501);
    assert_int_equal(s.retained, 1109688);
    assert_int_equal(s.returned, 527813);
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(l);
}

static void clearing_by_pot_clears_each_pot_on_its_own(void **state)
{
    (void)state;
    yb_cap_plan *p = NULL;
    assert_ok(ctx, yb_cap_plan_load(ctx, cap_pack_h("by-pot", ", \"clearing\": {\"basis\": \"pot\"}"), &p));
    /* Inpatient 300 000 against 279 300: overspend 20 700; band 1 (5 % = 13 965)
     * 13 965 × 0.7 = 9 775.50; band 2 6 735 × 0.5 = 3 367.50; fund 13 143, alliance 7 557.
     * Outpatient 100 000 against 139 650: surplus 39 650; band 1 (5 % = 6 982.50) in full;
     * band 2 32 667.50 × 0.5 = 16 333.75; retained 23 316.25, returned 16 333.75.
     * Chronic 46 550 against 46 550: nothing either way. */
    yb_cap_ledger *l = ledger_of(p, Y(300000), Y(100000), Y(46550), 0, 0);
    yb_cap_clearing *c = clear(p, l, 950000, 0);
    yb_cap_summary s = summary(c);
    assert_int_equal(s.overspend, Y(20700));
    assert_int_equal(s.fund_share, Y(13143));
    assert_int_equal(s.alliance_share, Y(7557));
    assert_int_equal(s.surplus, Y(39650));
    assert_int_equal(s.retained, 2331625);
    assert_int_equal(s.returned, 1633375);
    yb_cap_pot_result r = { .size = sizeof r };
    assert_ok(ctx, yb_cap_clearing_pot(c, 0, &r));
    assert_int_equal(r.fund_share, Y(13143));
    assert_ok(ctx, yb_cap_clearing_pot(c, 1, &r));
    assert_int_equal(r.retained, 2331625);
    /* Cleared on the total instead, the same spending (446 550) leaves a surplus of
     * 18 950.00, all inside the first band: retained in full. */
    yb_cap_ledger *l2 = ledger_of(plan, Y(300000), Y(100000), Y(46550), 0, 0);
    yb_cap_summary t = cap_clear_year(ctx, plan, l2, 950000);
    assert_int_equal(t.surplus, Y(18950));
    assert_int_equal(t.retained, Y(18950));
    yb_cap_ledger_free(l2);
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(l);
    yb_cap_plan_free(p);
}

static void one_fen_of_retained_surplus_goes_to_the_largest_remainder(void **state)
{
    (void)state;
    /* Surplus 0.01 retained; 1 fen × 0.6 / 0.3 / 0.1: remainders 0.6, 0.3, 0.1 → county. */
    yb_cap_ledger *l = ledger_of(plan, Y(300000), Y(100000), Y(65500) - 1, 0, 0);
    yb_cap_clearing *c = clear(plan, l, 950000, 0);
    assert_int_equal(summary(c).retained, 1);
    assert_int_equal(tier(c, 0).retained, 1);
    assert_int_equal(tier(c, 1).retained, 0);
    assert_int_equal(tier(c, 2).retained, 0);
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(l);
}

/* Conservation on many ledgers: deterministic pseudo-random spending. */
static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static void check_identities(const yb_cap_clearing *c, const yb_cap_plan *p)
{
    yb_cap_summary s = summary(c);
    assert_int_equal(s.budget + s.fund_share + s.alliance_share, s.spent_total + s.retained + s.returned);
    assert_int_equal(s.alliance_payment, s.spent_alliance + s.retained - s.alliance_share);
    assert_int_equal(s.fund_outlay, s.spent_other_county + s.spent_out_of_province + s.alliance_payment);
    assert_int_equal(s.fund_outlay, s.budget - s.returned + s.fund_share);
    assert_int_equal(s.reserve_used + s.reserve_left, s.reserve);
    assert_int_equal(s.balance_due, s.alliance_payment - s.advances);
    int64_t tr = 0, tl = 0, pb = 0;
    for (uint32_t t = 0; t < yb_cap_plan_tier_count(p); t++)
        tr += tier(c, t).retained, tl += tier(c, t).loss;
    assert_int_equal(tr, s.retained);
    assert_int_equal(tl, s.alliance_share);
    for (uint32_t k = 0; k < yb_cap_plan_pot_count(p); k++) {
        yb_cap_pot_result r = { .size = sizeof r };
        assert_ok(ctx, yb_cap_clearing_pot(c, k, &r));
        pb += r.budget;
    }
    assert_int_equal(pb, s.budget);
}

static void conservation_is_exact_in_fen_on_many_ledgers(void **state)
{
    (void)state;
    yb_cap_plan *by_pot = NULL;
    assert_ok(ctx, yb_cap_plan_load(ctx, cap_pack_h("cons", ", \"clearing\": {\"basis\": \"pot\"}"), &by_pot));
    const yb_cap_plan *plans[2] = { plan, by_pot };
    static const char *const pots[3] = { "inpatient", "outpatient", "chronic" };
    uint64_t seed = 20240101;
    for (int round = 0; round < 120; round++) {
        const yb_cap_plan *p = plans[round % 2];
        yb_cap_ledger *l = NULL;
        assert_ok(ctx, yb_cap_ledger_new(ctx, p, &l));
        int n = 1 + (int)(lcg(&seed) % 40);
        int64_t scale = 1 + (int64_t)(lcg(&seed) % 3000000); /* up to ~ 30 000 yuan per entry */
        for (int i = 0; i < n; i++) {
            char id[16];
            snprintf(id, sizeof id, "r%d", i);
            int kind = 1 + (int)(lcg(&seed) % 4);
            cap_entry_ok(ctx, l, id, kind, 1 + (int)(lcg(&seed) % 12), pots[lcg(&seed) % 3],
                         (int64_t)(lcg(&seed) % 1000) * scale + (int64_t)(lcg(&seed) % 100));
        }
        int64_t score = (int64_t)(lcg(&seed) % 1000001);
        int32_t through = 1 + (int32_t)(lcg(&seed) % 12);
        yb_cap_clearing *c = clear(p, l, score, through);
        check_identities(c, p);
        yb_cap_clearing_free(c);
        yb_cap_ledger_free(l);
    }
    yb_cap_plan_free(by_pot);
}

static void scores_are_required_and_checked(void **state)
{
    (void)state;
    yb_cap_ledger *l = ledger_of(plan, Y(1), Y(1), Y(1), 0, 0);
    yb_cap_clearing *c = NULL;
    assert_status(ctx, yb_cap_clear(ctx, plan, l, NULL, &c), YB_E_PARAM);
    assert_msg_has(ctx, "total_score");
    yb_cap_clearing_input in = { .size = sizeof in, .total_score = 1000001 };
    assert_status(ctx, yb_cap_clear(ctx, plan, l, &in, &c), YB_E_PARAM);
    assert_msg_has(ctx, "100.0001");
    in.total_score = 900000;
    in.through_month = 13;
    assert_status(ctx, yb_cap_clear(ctx, plan, l, &in, &c), YB_E_PARAM);
    assert_msg_has(ctx, "through_month");
    assert_null(c);
    yb_cap_ledger_free(l);
    /* A plan with assessment items: quality (max 60) and cost control (max 40). */
    const char *tables[] = { "population", H_POPULATION, "tiers", H_TIERS, "overspend_bands", H_OVER, "retention",
                             H_RETENTION, "assessment", "item,name,max_score\nquality,质量,60\ncost,费用控制,40\n",
                             NULL };
    yb_cap_plan *p = NULL;
    assert_ok(ctx, yb_cap_plan_load(ctx, cap_pack_write("items", "{\"year\": 2024, \"per_capita\": {\"base\": "
                                                                 "\"500\"}}", tables), &p));
    assert_int_equal(yb_cap_plan_item_count(p), 2);
    assert_string_equal(yb_cap_plan_item_code(p, 1), "cost");
    assert_ok(ctx, yb_cap_ledger_new(ctx, p, &l));
    int64_t scores[2] = { 550000, 375000 }; /* 55 + 37.5 = 92.5 → factor 1 */
    yb_cap_clearing_input in2 = { .size = sizeof in2, .item_scores = scores, .n_item_scores = 2, .total_score = -1 };
    assert_ok(ctx, yb_cap_clear(ctx, p, l, &in2, &c));
    assert_int_equal(summary(c).score, 925000);
    assert_int_equal(summary(c).retention_factor, 1000000);
    yb_cap_clearing_free(c);
    c = NULL;
    scores[0] = 610000; /* 61 > 60 */
    assert_status(ctx, yb_cap_clear(ctx, p, l, &in2, &c), YB_E_PARAM);
    assert_msg_has(ctx, "quality", "'61'", "from 0 to 60");
    in2.n_item_scores = 1;
    assert_status(ctx, yb_cap_clear(ctx, p, l, &in2, &c), YB_E_PARAM);
    assert_msg_has(ctx, "2 assessment items");
    /* A ledger belongs to its plan. */
    assert_status(ctx, yb_cap_clear(ctx, plan, l, &in, &c), YB_E_INVALID_ARG);
    yb_cap_ledger_free(l);
    yb_cap_plan_free(p);
}

static int clear_op(yb_ctx *c, void *user)
{
    const yb_cap_ledger *l = user;
    yb_cap_clearing_input in = { .size = sizeof in, .total_score = 920000 };
    yb_cap_clearing *out = NULL;
    int rc = yb_cap_clear(c, plan, l, &in, &out);
    yb_cap_clearing_free(out);
    return rc;
}

static void clearing_survives_every_failing_allocation(void **state)
{
    (void)state;
    yb_cap_ledger *l = ledger_of(plan, Y(250000), Y(120000), Y(30000), Y(20000), Y(10000));
    assert_true(yb_test_every_alloc_fails(clear_op, NULL, l) >= 5);
    yb_cap_ledger_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(surplus_within_the_first_band_is_retained_in_full),
        cmocka_unit_test(surplus_above_five_percent_is_retained_at_half),
        cmocka_unit_test(retention_factor_follows_the_assessment_score),
        cmocka_unit_test(overspend_in_the_first_two_bands_is_shared_seventy_and_fifty),
        cmocka_unit_test(overspend_beyond_ten_percent_is_borne_by_the_alliance),
        cmocka_unit_test(score_below_the_minimum_leaves_all_overspend_to_the_alliance),
        cmocka_unit_test(interim_clearing_takes_the_months_share_of_budget_and_reserve),
        cmocka_unit_test(clearing_by_pot_clears_each_pot_on_its_own),
        cmocka_unit_test(one_fen_of_retained_surplus_goes_to_the_largest_remainder),
        cmocka_unit_test(conservation_is_exact_in_fen_on_many_ledgers),
        cmocka_unit_test(scores_are_required_and_checked),
        cmocka_unit_test(clearing_survives_every_failing_allocation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
