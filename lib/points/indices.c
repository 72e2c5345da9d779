/* Evaluation indices (doc/points.md, "Evaluation indices"): CMI, cost- and
 * time-consumption indices, group coverage and fund coverage. */
#include <string.h>

#include "points_internal.h"

#define ONE YB_RATIO_ONE
/* Extra precision of each term of the consumption indices before the one
 * final rounding to 4 decimals. */
#define TERM_SCALE ((yb_i128)100000000)

struct index_acc {
    yb_i128 cost_terms, time_terms;
    int64_t cases, grouped, score_sum, los_cases, points_due, ffs_due;
};

/* round(a × s ÷ c) for a ≥ 0, c > 0 without forming a × s: the whole part
 * of a ÷ c is exact, only the remainder's share rounds (same result). */
static yb_i128 scaled_div(yb_i128 a, yb_i128 c, yb_i128 s, int mode)
{
    return (a / c) * s + yb_div_round_i128((a % c) * s, c, mode);
}

typedef struct group_tot {
    yb_i128 cases, cost, los_sum, los_cases; /* sums over hospitals: 128 bits cannot overflow */
} group_tot;

static void sum_group(void *user, uint32_t h, uint32_t g, const hg_cell *c)
{
    group_tot *t = &((group_tot *)user)[g];
    (void)h;
    t->cases += c->cases;
    t->cost += c->cost;
    t->los_sum += c->los_sum;
    t->los_cases += c->los_cases;
}

typedef struct index_acc index_acc;
typedef struct term_ctx {
    const group_tot *gt;
    index_acc *acc, *all;
    int mode;
} term_ctx;

static void add_terms(void *user, uint32_t h, uint32_t g, const hg_cell *c);

static void put(int64_t *a, size_t i, int64_t v)
{
    if (a)
        a[i] = v;
}

static int64_t ratio6(int64_t num, int64_t den, int mode)
{
    return den > 0 ? (int64_t)yb_div_round_i128((yb_i128)num * ONE, den, mode) : 0;
}

static void write(const yb_points_book *b, const index_acc *a, yb_points_index_results *r, size_t i)
{
    int mode = b->rounding;
    put(r->cases, i, a->cases);
    /* CMI = (Σ score ÷ grouped cases) ÷ scale; both scores 4 decimals. */
    put(r->cmi, i,
        a->grouped ? (int64_t)yb_div_round_i128((yb_i128)a->score_sum * YB_SCORE_ONE,
                                                (yb_i128)a->grouped * b->score_scale, mode)
                   : 0);
    put(r->cost_index, i,
        a->grouped ? (int64_t)yb_div_round_i128(a->cost_terms, (yb_i128)a->grouped * TERM_SCALE, mode) : 0);
    put(r->time_index, i,
        a->los_cases ? (int64_t)yb_div_round_i128(a->time_terms, (yb_i128)a->los_cases * TERM_SCALE, mode) : 0);
    put(r->group_coverage, i, ratio6(a->grouped, a->cases, mode));
    int64_t all = a->points_due + a->ffs_due;
    put(r->fund_coverage, i, all > 0 && a->points_due > 0 ? ratio6(a->points_due, all, mode) : 0);
}

static void add_terms(void *user, uint32_t h, uint32_t g, const hg_cell *c)
{
    term_ctx *t = user;
    const group_tot *m = &t->gt[g];
    const yb_i128 s = YB_SCORE_ONE * TERM_SCALE;
    yb_i128 term = m->cost > 0 ? scaled_div((yb_i128)c->cost * m->cases, m->cost, s, t->mode) : (yb_i128)c->cases * s;
    t->acc[h].cost_terms += term;
    t->all->cost_terms += term;
    if (c->los_cases) {
        yb_i128 lt = m->los_sum > 0 ? scaled_div((yb_i128)c->los_sum * m->los_cases, m->los_sum, s, t->mode)
                                    : (yb_i128)c->los_cases * s;
        t->acc[h].time_terms += lt;
        t->all->time_terms += lt;
        t->acc[h].los_cases += c->los_cases;
        t->all->los_cases += c->los_cases;
    }
}

static int check_out(const yb_points_index_results *r)
{
    if (!r)
        return 1;
    if (r->size < sizeof *r)
        return 0;
    for (int i = 0; i < 4; i++)
        if (r->reserved[i])
            return 0;
    return 1;
}

int yb_points_year_indices(yb_ctx *ctx, const yb_points_year *y, yb_points_index_results *hospitals,
                           yb_points_index_results *region)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (!y || !check_out(hospitals) || !check_out(region))
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_points_year_indices: bad arguments");
    const yb_points_book *b = y->book;
    size_t H = y->nhosp;
    index_acc *acc = yb_mem_calloc(&ctx->mem, H + 1, sizeof *acc);
    if (!acc)
        return yb_fail_nomem(ctx, "indices");
    index_acc *all = &acc[H];
    for (size_t h = 0; h < H; h++) {
        for (uint32_t p = 0; p < b->npools; p++)
            for (int m = 0; m < 13; m++) {
                points_cell whole;
                yb_points_year_cell(y, (uint32_t)h, p, m, &whole);
                const points_cell *c = &whole;
                acc[h].cases += c->cases;
                acc[h].grouped += c->grouped;
                acc[h].score_sum += c->score_sum;
                acc[h].points_due += c->payment - c->self_pay;
                acc[h].ffs_due += c->ffs_payment - c->ffs_self_pay;
            }
        all->cases += acc[h].cases;
        all->grouped += acc[h].grouped;
        all->score_sum += acc[h].score_sum;
        all->points_due += acc[h].points_due;
        all->ffs_due += acc[h].ffs_due;
    }
    /* Region's totals per group (the means m_g), from the (hospital, group) cells. */
    size_t G = b->groups.count;
    group_tot *gt = yb_mem_calloc(&ctx->mem, G ? G : 1, sizeof *gt);
    if (!gt) {
        yb_mem_free(&ctx->mem, acc);
        return yb_fail_nomem(ctx, "indices");
    }
    yb_points_year_each_hg(y, sum_group, gt);
    /* Cost index of h = Σ_g C_hg ÷ m_g ÷ n_h with m_g = C_g ÷ N_g the region's
     * mean cost of group g: each term C_hg × N_g ÷ C_g is kept at 10^-12 and
     * the sum rounds once to 4 decimals. */
    term_ctx tc = { gt, acc, all, b->rounding };
    yb_points_year_each_hg(y, add_terms, &tc);
    yb_mem_free(&ctx->mem, gt);
    for (size_t h = 0; hospitals && h < H; h++)
        write(b, &acc[h], hospitals, h);
    if (region)
        write(b, all, region, 0);
    yb_mem_free(&ctx->mem, acc);
    return YB_OK;
}
