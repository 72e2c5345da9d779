/* Point values, monthly advances and the year-end clearing, worked by hand,
 * and conservation: the hospitals' fund due adds up to the fund budget
 * exactly, in fen. */
#include <stdlib.h>

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

typedef struct row {
    const char *group, *hospital;
    int64_t cost, self;
    int8_t month, ins;
} row;

static void add_rows(yb_points_year *y, const row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t goff[2] = { 0, (int64_t)strlen(rows[i].group) }, hoff[2] = { 0, (int64_t)strlen(rows[i].hospital) };
        int8_t ins = rows[i].ins ? rows[i].ins : 1;
        yb_points_case_columns in = { .size = sizeof in, .n = 1, .group_data = rows[i].group, .group_offsets = goff,
                                      .hospital_data = rows[i].hospital, .hospital_offsets = hoff,
                                      .insurance = &ins, .cost = &rows[i].cost, .self_pay = &rows[i].self,
                                      .month = &rows[i].month };
        assert_int_equal(yb_points_year_add_batch(ctx, y, &in, NULL, 0, NULL, NULL), 0);
    }
}

/* The usual book; HA two G1 cases (1000 points each, self pay 2000.00 each,
 * months 1 and 2), HB one G1 (850 points, 1000.00, month 1), HC one G2
 * (2500.5 × 0.7 = 1750.35 points, 3000.00, month 2): Σ points 4600.35,
 * Σ self pay 8000.00. */
static const row YEAR[] = {
    { "G1", "HA", 1000000, 200000, 1, 0 },
    { "G1", "HA", 1000000, 200000, 2, 0 },
    { "G1", "HB", 850000, 100000, 1, 0 },
    { "G2", "HC", 1750350, 300000, 2, 0 },
};

static void settlement_value_divides_fund_by_ratio_and_points(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, NULL);
    int64_t v;
    /* (800000.00 ÷ 0.8) ÷ 80000 points = 12.5000 */
    assert_ok(ctx, yb_points_settlement_value(ctx, b, 0, 80000000, 800000000, 0, &v));
    assert_int_equal(v, 12500000);
    /* (800000.00 ÷ 0.8) ÷ 30000 = 33.3333… → 33.3333 (4 published decimals) */
    assert_ok(ctx, yb_points_settlement_value(ctx, b, 0, 80000000, 300000000, 0, &v));
    assert_int_equal(v, 33333300);
    assert_status(ctx, yb_points_settlement_value(ctx, b, 0, 80000000, 0, 0, &v), YB_E_DIV_ZERO);
    yb_points_book_free(b);
    /* 2 decimals: 33.33; (fund + self pay) ÷ points: (800000 + 200000) ÷ 60000 = 16.6666… → 16.67 */
    b = pt_book(ctx, "point_value.decimals=2; point_value.budget.all=\"10\"; settlement.method=\"add_self_pay\"");
    assert_ok(ctx, yb_points_settlement_value(ctx, b, 0, 80000000, 600000000, 20000000, &v));
    assert_int_equal(v, 16670000);
    yb_points_book_free(b);
}

static void budget_value_weights_three_years_one_two_seven(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, "budget.year_weights=\"1:2:7\"");
    int64_t cost[3] = { 9000000, 10000000, 12000000 };    /* 90000, 100000, 120000 yuan */
    int64_t points[3] = { 90000000, 95000000, 100000000 }; /* 9000, 9500, 10000 points */
    int64_t v;
    /* (1×90000 + 2×100000 + 7×120000) ÷ (1×9000 + 2×9500 + 7×10000) = 1130000 ÷ 98000 = 11.530612… → 11.5306 */
    assert_ok(ctx, yb_points_budget_value(ctx, b, cost, points, 3, NULL, &v));
    assert_int_equal(v, 11530600);
    /* equal weights given: 310000 ÷ 28500 = 10.877192… → 10.8772 */
    int64_t ones[3] = { 1, 1, 1 };
    assert_ok(ctx, yb_points_budget_value(ctx, b, cost, points, 3, ones, &v));
    assert_int_equal(v, 10877200);
    assert_status(ctx, yb_points_budget_value(ctx, b, cost, points, 2, NULL, &v), YB_E_PARAM);
    yb_points_book_free(b);
}

static void monthly_advance_withholds_the_quality_deposit(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, "advance.deposit_ratio=\"0.05\"");
    yb_points_year *y = NULL;
    assert_ok(ctx, yb_points_year_new(ctx, b, &y));
    add_rows(y, YEAR, 4);
    int64_t gross[3], due[3], dep[3], adv[3];
    yb_points_advance_results a = { .size = sizeof a, .gross = gross, .fund_due = due, .deposit = dep, .advance = adv };
    /* month 2 at the budget value 10: HA 1000 × 10 − 2000 = 8000.00, deposit 5% = 400.00, advance 7600.00;
     * HC 1750.35 × 10 = 17503.50 − 3000 = 14503.50, deposit 725.175 → 725.18, advance 13778.32; HB nothing */
    assert_ok(ctx, yb_points_year_advance(ctx, y, 2, NULL, 0, &a));
    assert_int_equal(gross[0], 1000000);
    assert_int_equal(due[0], 800000);
    assert_int_equal(dep[0], 40000);
    assert_int_equal(adv[0], 760000);
    assert_int_equal(gross[1], 0);
    assert_int_equal(gross[2], 1750350);
    assert_int_equal(dep[2], 72518);
    assert_int_equal(adv[2], 1377832);
    assert_status(ctx, yb_points_year_advance(ctx, y, 13, NULL, 0, &a), YB_E_INVALID_ARG);
    yb_points_year_free(y);
    yb_points_book_free(b);
}

#define H 3
typedef struct clearing {
    int64_t pv[1], points[1], pfund[1], rpool[1], rpaid[1], runused[1], unalloc[1];
    int64_t hp_gross[H], hp_due[H];
    int64_t gross[H], due[H], adj[H], corr[H], review[H], paid[H], withheld[H], forfeit[H], total[H], balance[H];
    yb_points_clearing_results r;
} clearing;

static void bind(clearing *c)
{
    c->r = (yb_points_clearing_results){ .size = sizeof c->r, .pool_point_value = c->pv, .pool_points = c->points,
        .pool_points_fund = c->pfund, .pool_review_pool = c->rpool, .pool_review_paid = c->rpaid,
        .pool_review_unused = c->runused, .pool_unallocated = c->unalloc, .hp_gross = c->hp_gross,
        .hp_fund_due = c->hp_due, .gross = c->gross, .fund_due = c->due, .conservation_adjustment = c->adj,
        .corridor = c->corr, .review_paid = c->review, .advance_paid = c->paid,
        .deposit_withheld = c->withheld, .deposit_forfeit = c->forfeit, .total_paid = c->total,
        .balance = c->balance };
}

static void clearing_gives_the_remainder_by_points_and_settles_the_deposit(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, "advance.deposit_ratio=\"0.05\"");
    yb_points_year *y = NULL;
    assert_ok(ctx, yb_points_year_new(ctx, b, &y));
    add_rows(y, YEAR, 4);
    int64_t fund[1] = { 4000000 };                   /* 40000.00 */
    int64_t assessment[H] = { 1000000, 800000, 500000 }; /* deposit returned: all, 80%, 50% */
    yb_points_clearing_input in = { .size = sizeof in, .n_pools = 1, .fund_budget = fund, .n_hospitals = H,
                                    .assessment = assessment };
    clearing *c = calloc(1, sizeof *c);
    bind(c);
    assert_ok(ctx, yb_points_year_clear(ctx, y, &in, &c->r));
    /* value = (40000 ÷ 0.8) ÷ 4600.35 = 10.868738… → 10.8687 */
    assert_int_equal(c->pv[0], 10868700);
    /* gross: HA 2000 × 10.8687 = 21737.40; HB 850 × 10.8687 = 9238.395 → 9238.40;
     * HC 1750.35 × 10.8687 = 19024.029045 → 19024.03 */
    assert_int_equal(c->hp_gross[0], 2173740);
    assert_int_equal(c->hp_gross[1], 923840);
    assert_int_equal(c->hp_gross[2], 1902403);
    /* before the remainder rule: 17737.40 + 8238.40 + 16024.03 = 41999.83, 1999.83 over the fund.
     * −199983 fen by points 2000 : 850 : 1750.35 (Σ 4600.35): 86942.8…, 36950.5…, 76089.9… →
     * floors 86942 + 36950 + 76089 = 199981; the 2 fen left go to the largest remainders (HC .92, HB .57):
     * −869.42, −369.51, −760.90 */
    assert_int_equal(c->adj[0], -86942);
    assert_int_equal(c->adj[1], -36951);
    assert_int_equal(c->adj[2], -76090);
    assert_int_equal(c->due[0], 1686798); /* 17737.40 − 869.42 */
    assert_int_equal(c->due[1], 786889);  /*  8238.40 − 369.51 */
    assert_int_equal(c->due[2], 1526313); /* 16024.03 − 760.90 */
    assert_int_equal(c->due[0] + c->due[1] + c->due[2], fund[0]);
    assert_int_equal(c->unalloc[0], 0);
    /* advances at 10 (months 1 and 2): HA 7600 + 7600, deposits 400 + 400; HB 7125 (375);
     * HC 13778.32 (725.18). Forfeit: HB 375 × 0.2 = 75.00; HC 725.18 × 0.5 = 362.59 */
    assert_int_equal(c->paid[0], 1520000);
    assert_int_equal(c->withheld[0], 80000);
    assert_int_equal(c->paid[1], 712500);
    assert_int_equal(c->withheld[2], 72518);
    assert_int_equal(c->forfeit[0], 0);
    assert_int_equal(c->forfeit[1], 7500);
    assert_int_equal(c->forfeit[2], 36259);
    /* balance = due − forfeit − advances: HA 16867.98 − 15200 = 1667.98; HB 7868.89 − 75 − 7125 = 668.89;
     * HC 15263.13 − 362.59 − 13778.32 = 1122.22 */
    assert_int_equal(c->balance[0], 166798);
    assert_int_equal(c->balance[1], 66889);
    assert_int_equal(c->balance[2], 112222);
    /* entitlement = fund due + self pay: HA 16867.98 + 4000 = 20867.98 */
    assert_int_equal(c->gross[0], 2086798);
    free(c);
    yb_points_year_free(y);
    yb_points_book_free(b);
}

static void adding_self_pay_needs_only_a_few_fen_of_remainder(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, "settlement.method=\"add_self_pay\"");
    yb_points_year *y = NULL;
    assert_ok(ctx, yb_points_year_new(ctx, b, &y));
    add_rows(y, YEAR, 4);
    int64_t fund[1] = { 4000000 };
    yb_points_clearing_input in = { .size = sizeof in, .n_pools = 1, .fund_budget = fund, .n_hospitals = H };
    clearing *c = calloc(1, sizeof *c);
    bind(c);
    assert_ok(ctx, yb_points_year_clear(ctx, y, &in, &c->r));
    /* (40000 + 8000) ÷ 4600.35 = 10.433989… → 10.4340; gross 20868.00, 8868.90, 18263.1519 → 18263.15;
     * dues 16868.00 + 7868.90 + 15263.15 = 40000.05: −5 fen by points → 2.17, 0.92, 1.90 → floors 2, 0, 1
     * and 2 fen to the largest remainders (HB .92, HC .90): −2, −1, −2 */
    assert_int_equal(c->pv[0], 10434000);
    assert_int_equal(c->adj[0], -2);
    assert_int_equal(c->adj[1], -1);
    assert_int_equal(c->adj[2], -2);
    assert_int_equal(c->due[0] + c->due[1] + c->due[2], fund[0]);
    free(c);
    yb_points_year_free(y);
    bind(c = calloc(1, sizeof *c));
    /* without the remainder rule the 5 fen are reported as unallocated (negative: over the fund) */
    yb_points_book_free(b);
    b = pt_book(ctx, "settlement.method=\"add_self_pay\"; settlement.conserve=false");
    assert_ok(ctx, yb_points_year_new(ctx, b, &y));
    add_rows(y, YEAR, 4);
    assert_ok(ctx, yb_points_year_clear(ctx, y, &in, &c->r));
    assert_int_equal(c->unalloc[0], -5);
    assert_int_equal(c->adj[0], 0);
    assert_int_equal(c->due[0] + c->due[1] + c->due[2] + c->unalloc[0], fund[0]);
    free(c);
    yb_points_year_free(y);
    yb_points_book_free(b);
}

static int64_t corridor_of(const char *params, const char *corridors, int64_t cost)
{
    char p[1024];
    snprintf(p, sizeof p, "%s; settlement.method=\"add_self_pay\"; %s", PT_PARAMS, params);
    pt_spec s = { .params = p, .scores = PT_SCORES, .levels = PT_LEVELS, .hospitals = PT_HOSPITALS,
                  .corridors = corridors };
    yb_points_book *b = NULL;
    assert_ok(ctx, pt_load(ctx, &s, &b));
    yb_points_year *y = NULL;
    assert_ok(ctx, yb_points_year_new(ctx, b, &y));
    row r = { "G1", "HA", cost, 0, 1, 0 };
    add_rows(y, &r, 1);
    /* one hospital takes the whole fund: entitlement = 10000.00 */
    int64_t fund[1] = { 1000000 }, corr[H], gross[H];
    yb_points_clearing_input in = { .size = sizeof in, .n_pools = 1, .fund_budget = fund, .n_hospitals = H };
    yb_points_clearing_results out = { .size = sizeof out, .corridor = corr, .gross = gross };
    assert_ok(ctx, yb_points_year_clear(ctx, y, &in, &out));
    assert_int_equal(gross[0], 1000000);
    yb_points_year_free(y);
    yb_points_book_free(b);
    return corr[0];
}

static void corridors_keep_part_of_a_surplus_and_share_an_overspend(void **state)
{
    (void)state;
    const char *bands = "side,upto,share\nsurplus,0.1,1\nsurplus,,0.5\noverspend,0.1,0.5\noverspend,0.2,0.3\n";
    /* cost 7000 against 10000: surplus 3000 = 1000 (≤ 10%, kept in full) + 2000 (kept half: 1000) = 2000
     * kept, capped at 15% × 10000 = 1500: the fund keeps 3000 − 1500 = 1500 → −1500.00 */
    assert_int_equal(corridor_of("corridor.surplus_cap=\"0.15\"", bands, 700000), -150000);
    /* without the cap: 2000 kept → −1000.00 */
    assert_int_equal(corridor_of("", bands, 700000), -100000);
    /* cost 13000: overspend 3000 = 1000 × 50% + 1000 × 30% + 1000 × 0 → the fund adds 800.00 */
    assert_int_equal(corridor_of("", bands, 1300000), 80000);
    /* no surplus bands, a cap: everything kept up to 15%: −(3000 − 1500) */
    assert_int_equal(corridor_of("corridor.surplus_cap=\"0.15\"", "side,upto,share\noverspend,0.1,0.5\n", 700000),
                     -150000);
    /* no corridors at all: the hospital keeps its surplus and bears its overspend */
    assert_int_equal(corridor_of("", NULL, 700000), 0);
    assert_int_equal(corridor_of("", NULL, 1300000), 0);
}

static void special_review_pays_claims_from_its_pool(void **state)
{
    (void)state;
    yb_points_book *b = pt_book(ctx, "settlement.method=\"add_self_pay\"; special_review.pool_share=\"0.02\"");
    yb_points_year *y = NULL;
    assert_ok(ctx, yb_points_year_new(ctx, b, &y));
    /* HA: extreme case, cost 60000 = 6 × 10000 → deviation 5 → 5000 points; HB: 850 points */
    const row rows[] = { { "G1", "HA", 6000000, 0, 1, 0 }, { "G1", "HB", 850000, 0, 1, 0 } };
    add_rows(y, rows, 2);
    int64_t fund[1] = { 5000000 };
    yb_points_clearing_input in = { .size = sizeof in, .n_pools = 1, .fund_budget = fund, .n_hospitals = H };
    clearing *c = calloc(1, sizeof *c);
    bind(c);
    assert_ok(ctx, yb_points_year_clear(ctx, y, &in, &c->r));
    /* pool 2% × 50000 = 1000.00; points fund 49000.00; value 49000 ÷ 5850 = 8.376068… → 8.3761;
     * HA claims 60000 − 5000 × 8.3761 (41880.50) = 18119.50 > pool: the pool (1000.00) goes to HA */
    assert_int_equal(c->rpool[0], 100000);
    assert_int_equal(c->pv[0], 8376100);
    assert_int_equal(c->review[0], 100000);
    assert_int_equal(c->review[1], 0);
    assert_int_equal(c->runused[0], 0);
    assert_int_equal(c->due[0] + c->due[1] + c->due[2] + c->rpaid[0] + c->runused[0] + c->unalloc[0], fund[0]);
    /* given claims 100.00 and 200.00 against a pool of 100.00: 10000 fen split 1 : 2 = 3333.3 / 6666.7 →
     * floors 3333 + 6666, the last fen to the larger remainder: 33.33 and 66.67 */
    int64_t claims[H] = { 10000, 20000, 0 }, pool[1] = { 10000 };
    in.review_claim = claims;
    in.special_review_pool = pool;
    assert_ok(ctx, yb_points_year_clear(ctx, y, &in, &c->r));
    assert_int_equal(c->review[0], 3333);
    assert_int_equal(c->review[1], 6667);
    /* claims within the pool are paid in full, the rest stays unused */
    claims[0] = 1000;
    claims[1] = 2000;
    assert_ok(ctx, yb_points_year_clear(ctx, y, &in, &c->r));
    assert_int_equal(c->review[0], 1000);
    assert_int_equal(c->runused[0], 7000);
    assert_int_equal(c->due[0] + c->due[1] + c->due[2] + c->rpaid[0] + c->runused[0] + c->unalloc[0], fund[0]);
    free(c);
    yb_points_year_free(y);
    yb_points_book_free(b);
}

/* A year of the sample book (two pools, every kind of case): for each pool,
 * budget = Σ fund due + review paid + review unused + unallocated, exactly. */
static void fund_budget_is_conserved_exactly_in_fen(void **state)
{
    (void)state;
    yb_points_book *b = NULL;
    assert_ok(ctx, yb_points_book_load(ctx, yb_test_src("packs/sample-points"), &b));
    yb_points_year *y = NULL;
    assert_ok(ctx, yb_points_year_new(ctx, b, &y));
    enum { N = 4000 };
    uint32_t *gid = calloc(N, 4), *hid = calloc(N, 4), ng = yb_points_book_group_count(b);
    int64_t *cost = calloc(N, 8), *self = calloc(N, 8);
    int8_t *ins = calloc(N, 1), *month = calloc(N, 1);
    uint64_t x = 99;
    for (size_t i = 0; i < N; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        gid[i] = (x >> 33) % 50 == 0 ? YB_POINTS_NO_ID : (uint32_t)((x >> 33) % ng);
        hid[i] = (uint32_t)((x >> 20) % 30);
        cost[i] = 100000 + (int64_t)((x >> 24) % 8000000);
        self[i] = cost[i] * (int64_t)((x >> 50) % 30) / 100;
        ins[i] = (int8_t)(1 + (x >> 45) % 2);
        month[i] = (int8_t)(1 + (x >> 40) % 12);
    }
    yb_points_case_columns in = { .size = sizeof in, .n = N, .group_ids = gid, .hospital_ids = hid,
                                  .insurance = ins, .cost = cost, .self_pay = self, .month = month };
    assert_int_equal(yb_points_year_add_batch(ctx, y, &in, NULL, 0, NULL, NULL), 0);
    size_t nh = yb_points_year_hospital_count(y);
    int64_t fund[2] = { 3000000007LL, 1500000003LL }; /* 30,000,000.07 and 15,000,000.03 yuan */
    int64_t pv[2], pfund[2], rpaid[2], runused[2], unalloc[2];
    int64_t *hp_due = calloc(nh * 2, 8), *due = calloc(nh, 8), *total = calloc(nh, 8), *corr = calloc(nh, 8),
            *review = calloc(nh, 8), *forfeit = calloc(nh, 8), *ffs = calloc(nh, 8);
    yb_points_clearing_input ci = { .size = sizeof ci, .n_pools = 2, .fund_budget = fund, .n_hospitals = nh };
    yb_points_clearing_results r = { .size = sizeof r, .pool_point_value = pv, .pool_points_fund = pfund,
                                     .pool_review_paid = rpaid, .pool_review_unused = runused,
                                     .pool_unallocated = unalloc, .hp_fund_due = hp_due, .fund_due = due,
                                     .total_paid = total, .corridor = corr, .review_paid = review,
                                     .deposit_forfeit = forfeit, .ffs_fund_due = ffs };
    assert_ok(ctx, yb_points_year_clear(ctx, y, &ci, &r));
    for (int p = 0; p < 2; p++) {
        int64_t sum = 0;
        for (size_t h = 0; h < nh; h++)
            sum += hp_due[h * 2 + p];
        assert_int_equal(unalloc[p], 0);
        assert_int_equal(sum, pfund[p]);
        assert_int_equal(sum + rpaid[p] + runused[p] + unalloc[p], fund[p]);
        /* the sample book sets 1% aside for special review */
        assert_int_equal(pfund[p], fund[p] - (fund[p] + 50) / 100);
    }
    for (size_t h = 0; h < nh; h++) {
        assert_int_equal(due[h], hp_due[h * 2] + hp_due[h * 2 + 1]);
        assert_int_equal(total[h], due[h] + corr[h] + review[h] + ffs[h] - forfeit[h]);
    }
    free(gid); free(hid); free(cost); free(self); free(ins); free(month);
    free(hp_due); free(due); free(total); free(corr); free(review); free(forfeit); free(ffs);
    yb_points_year_free(y);
    yb_points_book_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(settlement_value_divides_fund_by_ratio_and_points),
        cmocka_unit_test(budget_value_weights_three_years_one_two_seven),
        cmocka_unit_test(monthly_advance_withholds_the_quality_deposit),
        cmocka_unit_test(clearing_gives_the_remainder_by_points_and_settles_the_deposit),
        cmocka_unit_test(adding_self_pay_needs_only_a_few_fen_of_remainder),
        cmocka_unit_test(corridors_keep_part_of_a_surplus_and_share_an_overspend),
        cmocka_unit_test(special_review_pays_claims_from_its_pool),
        cmocka_unit_test(fund_budget_is_conserved_exactly_in_fen),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
