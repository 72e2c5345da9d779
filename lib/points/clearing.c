/* Settlement point value, monthly advances and the year-end clearing
 * (doc/points.md, "Settlement", "Monthly advance", "Clearing"). */
#include <string.h>

#include "points_internal.h"

#define ONE YB_RATIO_ONE

static const char *const pool_label[2][2] = { { "all", "" }, { "employee", "resident" } };

int yb_points_settlement_value(yb_ctx *ctx, const yb_points_book *b, uint32_t pool, int64_t fund, int64_t points,
                               int64_t self_pay, int64_t *value)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (!b || !value || pool >= b->npools || fund < 0 || points < 0 || self_pay < 0)
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_points_settlement_value: bad arguments");
    const char *label = pool_label[b->npools - 1][pool];
    if (b->settle_method == SETTLE_FIXED) {
        if (!b->pv_published[pool])
            return yb_fail(ctx, YB_E_NOT_FOUND, "settlement.method is fixed but the book publishes no value for pool '%s'",
                           label);
        *value = b->pv_budget[pool];
        return YB_OK;
    }
    if (points == 0)
        return yb_fail(ctx, YB_E_DIV_ZERO, "pool '%s' has no points: no settlement point value", label);
    int rc;
    if (b->settle_method == SETTLE_RATIO)
        /* (fund ÷ ratio) ÷ points: fen·10^-2 ÷ (ratio·10^-6) ÷ (points·10^-4) at 10^-6 → × 10^14. */
        rc = yb_points_value_div((yb_i128)fund * 100000000000000LL, (yb_i128)b->settle_ratio[pool] * points,
                                 b->pv_decimals, b->rounding, value);
    else
        /* (fund + self pay) ÷ points → × 10^8. */
        rc = yb_points_value_div(((yb_i128)fund + self_pay) * FEN_PER_POINT_UNIT, points, b->pv_decimals,
                                 b->rounding, value);
    if (rc)
        return yb_fail(ctx, rc, "settlement point value of pool '%s' out of range", label);
    return YB_OK;
}

static int reserved_null(void *const *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (r[i])
            return 0;
    return 1;
}

/* One month's advance of one hospital. */
typedef struct advance_row {
    int64_t points, gross, self_pay, due, deposit, advance;
} advance_row;

static int advance_of(const yb_points_year *y, uint32_t h, int month, const int64_t *bv, advance_row *a)
{
    const yb_points_book *b = y->book;
    memset(a, 0, sizeof *a);
    for (uint32_t p = 0; p < b->npools; p++) {
        points_cell whole;
        yb_points_year_cell(y, h, p, month, &whole);
        const points_cell *c = &whole;
        int64_t g;
        int rc = yb_muldiv(c->points, bv[p], FEN_PER_POINT_UNIT, b->rounding, &g);
        if (rc)
            return rc;
        a->points += c->points;
        a->gross += g;
        a->self_pay += c->self_pay;
    }
    a->due = a->gross - a->self_pay;
    int rc = yb_muldiv(a->due > 0 ? a->due : 0, b->deposit_ratio, ONE, b->rounding, &a->deposit);
    a->advance = a->due - a->deposit;
    return rc;
}

int yb_points_year_advance(yb_ctx *ctx, const yb_points_year *y, int32_t month, const int64_t *point_values,
                           size_t n_values, yb_points_advance_results *out)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (!y || month < 1 || month > 12 || !out || out->size < sizeof *out || !reserved_null(out->reserved, 4))
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_points_year_advance: bad arguments (month must be 1 … 12)");
    int64_t bv[YB_POINTS_MAX_POOLS];
    int rc = yb_points_values(ctx, y->book, point_values, n_values, bv);
    if (rc)
        return rc;
    for (uint32_t h = 0; h < y->nhosp; h++) {
        advance_row a;
        if ((rc = advance_of(y, h, month, bv, &a)))
            return yb_fail(ctx, rc, "advance of hospital %s overflows", yb_points_year_hospital_code(y, h));
        if (out->points) out->points[h] = a.points;
        if (out->gross) out->gross[h] = a.gross;
        if (out->self_pay) out->self_pay[h] = a.self_pay;
        if (out->fund_due) out->fund_due[h] = a.due;
        if (out->deposit) out->deposit[h] = a.deposit;
        if (out->advance) out->advance[h] = a.advance;
    }
    return YB_OK;
}

/* Corridor adjustment of a hospital whose entitlement is e and cost c
 * (doc/points.md, "Corridors"): surplus bands keep a share of the surplus
 * (capped), overspend bands have the fund pay a share of the overspend. */
static int corridor(const yb_points_book *b, int64_t e, int64_t c, int64_t *adj)
{
    *adj = 0;
    if (e <= 0 || c == e)
        return YB_OK;
    int surplus = c < e;
    int64_t x = surplus ? e - c : c - e;
    const corridor_band *bands = surplus ? b->surplus : b->overspend;
    size_t n = surplus ? b->n_surplus : b->n_overspend;
    corridor_band keep_all = { INT64_MAX, ONE };
    if (surplus && n == 0) {
        if (!b->corridor_has_cap)
            return YB_OK; /* no corridor: the hospital keeps its whole surplus */
        bands = &keep_all;
        n = 1;
    }
    if (n == 0)
        return YB_OK; /* no overspend sharing: the hospital bears it */
    int64_t shared = 0, prev = 0;
    for (size_t k = 0; k < n && prev < x; k++) {
        int64_t bound = x;
        if (bands[k].upto != INT64_MAX) {
            int rc = yb_muldiv(e, bands[k].upto, ONE, b->rounding, &bound);
            if (rc)
                return rc;
            if (bound > x)
                bound = x;
        }
        if (bound <= prev)
            continue;
        int64_t part;
        int rc = yb_muldiv(bound - prev, bands[k].share, ONE, b->rounding, &part);
        if (rc)
            return rc;
        shared += part;
        prev = bound;
    }
    if (surplus) {
        if (b->corridor_has_cap) {
            int64_t cap;
            int rc = yb_muldiv(e, b->corridor_cap, ONE, b->rounding, &cap);
            if (rc)
                return rc;
            if (shared > cap)
                shared = cap;
        }
        *adj = shared - x; /* the fund keeps what is not retained */
    } else {
        *adj = shared;
    }
    return YB_OK;
}

static int check_clearing(yb_ctx *ctx, const yb_points_year *y, const yb_points_clearing_input *in,
                          const yb_points_clearing_results *out)
{
    if (!y || !in || in->size < sizeof *in || !reserved_null(in->reserved, 8) || !out || out->size < sizeof *out ||
        !reserved_null(out->reserved, 8))
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_points_year_clear: missing or wrongly sized structs");
    if (in->n_pools != y->book->npools || !in->fund_budget)
        return yb_fail(ctx, YB_E_INVALID_ARG, "clearing needs a fund budget for each of the book's %u pools",
                       y->book->npools);
    if (in->n_hospitals != y->nhosp)
        return yb_fail(ctx, YB_E_INVALID_ARG, "n_hospitals is %zu, the year has %u hospitals", in->n_hospitals,
                       y->nhosp);
    if (!!in->advance_paid != !!in->deposit_withheld)
        return yb_fail(ctx, YB_E_INVALID_ARG, "give advance_paid and deposit_withheld together");
    for (size_t h = 0; h < in->n_hospitals; h++) {
        if (in->assessment && (in->assessment[h] < 0 || in->assessment[h] > ONE))
            return yb_fail(ctx, YB_E_INVALID_ARG, "assessment of hospital %s must be 0 … 1",
                           yb_points_year_hospital_code(y, (uint32_t)h));
        if (in->deposit_withheld && in->deposit_withheld[h] < 0)
            return yb_fail(ctx, YB_E_INVALID_ARG, "negative deposit withheld for hospital %s",
                           yb_points_year_hospital_code(y, (uint32_t)h));
    }
    return YB_OK;
}

int yb_points_year_clear(yb_ctx *ctx, const yb_points_year *y, const yb_points_clearing_input *in,
                         yb_points_clearing_results *out)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    int rc = check_clearing(ctx, y, in, out);
    if (rc)
        return rc;
    const yb_points_book *b = y->book;
    size_t H = y->nhosp, P = b->npools;
    int64_t bv[YB_POINTS_MAX_POOLS];
    if (!in->advance_paid && (rc = yb_points_values(ctx, b, in->budget_values, in->budget_values ? P : 0, bv)))
        return rc;
    int64_t *work = yb_mem_calloc(&ctx->mem, 3 * H * P + 1, sizeof *work);
    if (!work)
        return yb_fail_nomem(ctx, "clearing");
    int64_t *hp_due = work, *hp_raw = work + H * P, *hp_review = work + 2 * H * P;
    if ((rc = yb_points_clear_pools(ctx, y, in, out, hp_due, hp_raw, hp_review))) {
        yb_mem_free(&ctx->mem, work);
        return rc;
    }
    size_t h = 0;
    for (; h < H && !rc; h++) {
        int64_t pts = 0, cost = 0, sp = 0, due = 0, raw = 0, review = 0, ffs = 0;
        for (uint32_t p = 0; p < P; p++) {
            for (int m = 0; m < 13; m++) {
                points_cell whole;
                yb_points_year_cell(y, (uint32_t)h, p, m, &whole);
                const points_cell *c = &whole;
                pts += c->points;
                cost += c->cost;
                sp += c->self_pay;
                ffs += c->ffs_payment - c->ffs_self_pay;
            }
            due += hp_due[h * P + p];
            raw += hp_raw[h * P + p];
            review += hp_review[h * P + p];
        }
        int64_t gross = due + sp, adj, paid = 0, withheld = 0, forfeit;
        if ((rc = corridor(b, gross, cost, &adj)))
            break;
        if (in->advance_paid) {
            paid = in->advance_paid[h];
            withheld = in->deposit_withheld[h];
        } else {
            for (int m = 1; m <= 12 && !rc; m++) {
                advance_row a;
                rc = advance_of(y, (uint32_t)h, m, bv, &a);
                paid += a.advance;
                withheld += a.deposit;
            }
            if (rc)
                break;
        }
        int64_t returned = in->assessment ? in->assessment[h] : ONE;
        if ((rc = yb_muldiv(withheld, ONE - returned, ONE, b->rounding, &forfeit)))
            break;
        int64_t total = due + adj + review + ffs - forfeit;
        if (out->points) out->points[h] = pts;
        if (out->cost) out->cost[h] = cost;
        if (out->gross) out->gross[h] = gross;
        if (out->self_pay) out->self_pay[h] = sp;
        if (out->fund_due) out->fund_due[h] = due;
        if (out->conservation_adjustment) out->conservation_adjustment[h] = due - raw;
        if (out->corridor) out->corridor[h] = adj;
        if (out->review_paid) out->review_paid[h] = review;
        if (out->ffs_fund_due) out->ffs_fund_due[h] = ffs;
        if (out->advance_paid) out->advance_paid[h] = paid;
        if (out->deposit_withheld) out->deposit_withheld[h] = withheld;
        if (out->deposit_forfeit) out->deposit_forfeit[h] = forfeit;
        if (out->total_paid) out->total_paid[h] = total;
        if (out->balance) out->balance[h] = total - paid;
    }
    if (rc && h < H) /* the loop stopped on an arithmetic error of hospital h */
        rc = yb_fail(ctx, rc, "clearing of hospital %s: %s", yb_points_year_hospital_code(y, (uint32_t)h),
                     yb_strerror(rc));
    yb_mem_free(&ctx->mem, work);
    return rc;
}
