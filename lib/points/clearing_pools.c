/* Clearing of each point-value pool: special-review pool, settlement point
 * value, fund due with the remainder rule (conservation) and special-review
 * payments (doc/points.md, "Clearing" and "Conservation"). */
#include <string.h>

#include "points_internal.h"

#define ONE YB_RATIO_ONE

static const char *const pool_label[2][2] = { { "all", "" }, { "employee", "resident" } };

typedef struct pool_totals {
    int64_t points, self_pay;
} pool_totals;

static void hospital_pool(const yb_points_year *y, uint32_t h, uint32_t p, int64_t *points, int64_t *self_pay,
                          int64_t *review_points, int64_t *review_cost)
{
    *points = *self_pay = *review_points = *review_cost = 0;
    for (int m = 0; m < 13; m++) {
        points_cell whole;
        yb_points_year_cell(y, h, p, m, &whole);
        const points_cell *c = &whole;
        *points += c->points;
        *self_pay += c->self_pay;
        *review_points += c->review_points;
        *review_cost += c->review_cost;
    }
}

/* Special review of one pool: claims (given, or the cost of extreme cases
 * not covered by their points) paid in full when the pool suffices,
 * otherwise the pool split in proportion to the claims (largest remainder). */
static int special_review(yb_ctx *ctx, const yb_points_year *y, const yb_points_clearing_input *in, uint32_t p,
                          int64_t pv, int64_t review_pool, int64_t *hp_review, int64_t *claims, int64_t *paid_sum)
{
    const yb_points_book *b = y->book;
    size_t H = y->nhosp, P = b->npools;
    yb_i128 total = 0;
    for (size_t h = 0; h < H; h++) {
        int64_t claim;
        if (in->review_claim) {
            claim = in->review_claim[h * P + p];
            if (claim < 0)
                return yb_fail(ctx, YB_E_INVALID_ARG, "negative special-review claim for hospital %s",
                               yb_points_year_hospital_code(y, (uint32_t)h));
        } else {
            int64_t pts, sp, rpts, rcost, covered;
            hospital_pool(y, (uint32_t)h, p, &pts, &sp, &rpts, &rcost);
            if (yb_muldiv(rpts, pv, FEN_PER_POINT_UNIT, b->rounding, &covered))
                return yb_fail(ctx, YB_E_OVERFLOW, "special-review claim overflows");
            claim = rcost > covered ? rcost - covered : 0;
        }
        claims[h] = claim;
        total += claim;
    }
    if (total > INT64_MAX / 2)
        return yb_fail(ctx, YB_E_OVERFLOW, "special-review claims overflow");
    if (total <= review_pool) {
        for (size_t h = 0; h < H; h++)
            hp_review[h * P + p] = claims[h];
        *paid_sum = (int64_t)total;
        return YB_OK;
    }
    int64_t *parts = claims + H;
    int rc = yb_allocate(review_pool, claims, H, parts);
    if (rc)
        return yb_fail(ctx, rc, "special-review split failed");
    for (size_t h = 0; h < H; h++)
        hp_review[h * P + p] = parts[h];
    *paid_sum = review_pool;
    return YB_OK;
}

static void put(int64_t *a, size_t i, int64_t v)
{
    if (a)
        a[i] = v;
}

int yb_points_clear_pools(yb_ctx *ctx, const yb_points_year *y, const yb_points_clearing_input *in,
                          yb_points_clearing_results *out, int64_t *hp_due, int64_t *hp_raw, int64_t *hp_review)
{
    const yb_points_book *b = y->book;
    size_t H = y->nhosp, P = b->npools;
    /* scratch: points per hospital (weights) + claims and their parts */
    int64_t *scratch = yb_mem_calloc(&ctx->mem, 3 * H + 1, sizeof *scratch);
    if (!scratch)
        return yb_fail_nomem(ctx, "clearing");
    int64_t *weights = scratch, *claims = scratch + H;
    int rc = YB_OK;
    for (uint32_t p = 0; p < P && !rc; p++) {
        const char *label = pool_label[P - 1][p];
        int64_t fund = in->fund_budget[p], review_pool;
        if (fund < 0) {
            rc = yb_fail(ctx, YB_E_INVALID_ARG, "negative fund budget for pool '%s'", label);
            break;
        }
        if (in->special_review_pool)
            review_pool = in->special_review_pool[p];
        else if (yb_muldiv(fund, b->review_share, ONE, b->rounding, &review_pool)) {
            rc = yb_fail(ctx, YB_E_OVERFLOW, "special-review pool of pool '%s' overflows", label);
            break;
        }
        if (review_pool < 0 || review_pool > fund) {
            rc = yb_fail(ctx, YB_E_INVALID_ARG, "special-review pool of pool '%s' must be 0 … the fund budget", label);
            break;
        }
        int64_t points_fund = fund - review_pool;
        int64_t tot_points = 0, tot_sp = 0;
        for (size_t h = 0; h < H; h++) {
            int64_t pts, sp, rp, rcost;
            hospital_pool(y, (uint32_t)h, p, &pts, &sp, &rp, &rcost);
            weights[h] = pts;
            tot_points += pts;
            tot_sp += sp;
        }
        int64_t pv = 0;
        if (b->settle_method == SETTLE_FIXED) {
            if (in->budget_values)
                pv = in->budget_values[p];
            else if (b->pv_published[p])
                pv = b->pv_budget[p];
            else {
                rc = yb_fail(ctx, YB_E_NOT_FOUND, "settlement.method is fixed: give budget_values for pool '%s'",
                             label);
                break;
            }
        } else if (tot_points > 0 &&
                   (rc = yb_points_settlement_value(ctx, b, p, points_fund, tot_points, tot_sp, &pv))) {
            break;
        }
        /* Fund due before the remainder rule: round(points × value) − self pay. */
        yb_i128 raw_sum = 0;
        for (size_t h = 0; h < H; h++) {
            int64_t pts, sp, rp, rcost, gross;
            hospital_pool(y, (uint32_t)h, p, &pts, &sp, &rp, &rcost);
            if ((rc = yb_muldiv(pts, pv, FEN_PER_POINT_UNIT, b->rounding, &gross)))
                break;
            hp_raw[h * P + p] = gross - sp;
            hp_due[h * P + p] = gross - sp;
            raw_sum += gross - sp;
            put(out->hp_points, h * P + p, pts);
            put(out->hp_gross, h * P + p, gross);
            put(out->hp_self_pay, h * P + p, sp);
        }
        if (rc || raw_sum > INT64_MAX / 2 || raw_sum < -(INT64_MAX / 2)) {
            rc = yb_fail(ctx, YB_E_OVERFLOW, "fund due of pool '%s' overflows", label);
            break;
        }
        /* Remainder rule: what the rounded dues miss of the points fund goes to
         * the hospitals in proportion to their points (largest remainder). */
        int64_t diff = points_fund - (int64_t)raw_sum, unallocated = diff;
        if (b->settle_conserve && b->settle_method != SETTLE_FIXED && tot_points > 0 && diff != 0) {
            int64_t *parts = claims; /* reuse as scratch before the review */
            if ((rc = yb_allocate(diff, weights, H, parts))) {
                rc = yb_fail(ctx, rc, "remainder split of pool '%s' failed", label);
                break;
            }
            for (size_t h = 0; h < H; h++)
                hp_due[h * P + p] += parts[h];
            unallocated = 0;
        }
        for (size_t h = 0; h < H; h++)
            put(out->hp_fund_due, h * P + p, hp_due[h * P + p]);
        int64_t paid = 0;
        if ((rc = special_review(ctx, y, in, p, pv, review_pool, hp_review, claims, &paid)))
            break;
        put(out->pool_point_value, p, pv);
        put(out->pool_points, p, tot_points);
        put(out->pool_points_fund, p, points_fund);
        put(out->pool_review_pool, p, review_pool);
        put(out->pool_review_paid, p, paid);
        put(out->pool_review_unused, p, review_pool - paid);
        put(out->pool_unallocated, p, unallocated);
    }
    yb_mem_free(&ctx->mem, scratch);
    return rc;
}
