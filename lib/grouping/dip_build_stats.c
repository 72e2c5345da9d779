/* Statistics of a build (doc/packs-dip.md, "Arithmetic of the builder"):
 *
 * Trimming, per group and year: with the n costs of the group in the year
 * sorted, the nearest-rank percentiles P_low = x[max(1, ceil(n × trim_low))]
 * and P_high = x[ceil(n × trim_high)] (1-based); cases with P_low <= cost <=
 * P_high are kept. Means (bld_wmean): per year, sum of kept costs × 10^4 /
 * kept cases, rounded → yuan with 6 decimals; across years, Σ weight_y ×
 * mean_y / Σ weight_y over the years with kept cases, rounded. M is the same
 * over every kept case of every group. score_i = m_i × K × 10^4 / M rounded
 * to 4 decimals (or / m_reference). A subtype's coefficient: the weighted
 * mean of the group's kept cases that fit it × 10^6 / m_i, rounded to 6
 * decimals, when at least subtype_min_cases (default the threshold) fit. */
#include <stdlib.h>
#include <string.h>

#include "grouping/dip_build.h"

typedef struct sort_item {
    uint32_t group;
    uint8_t year;
    int64_t cost;
    size_t row;
} sort_item;

static int cmp_item(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->year != y->year)
        return x->year < y->year ? -1 : 1;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* ceil(n × p / 10^6) */
static int64_t rank_of(int64_t n, int64_t p)
{
    return (int64_t)(((yb_i128)n * p + YB_RATIO_ONE - 1) / YB_RATIO_ONE);
}

static int trim(bld *b)
{
    size_t m = 0;
    for (size_t i = 0; i < b->n; i++)
        m += b->rows[i].year != BLD_BAD && b->rows[i].gf != DIP_NONE;
    sort_item *it = yb_calloc(b->ctx, m ? m : 1, sizeof *it);
    if (!it)
        return yb_fail_nomem(b->ctx, "a DIP build");
    m = 0;
    for (size_t i = 0; i < b->n; i++) {
        const bld_row *r = &b->rows[i];
        if (r->year != BLD_BAD && r->gf != DIP_NONE)
            it[m++] = (sort_item){ r->gf, r->year, b->h->cost[i], i };
    }
    qsort(it, m, sizeof *it, cmp_item);
    for (size_t s = 0; s < m;) {
        size_t e = s;
        while (e < m && it[e].group == it[s].group && it[e].year == it[s].year)
            e++;
        int64_t n = (int64_t)(e - s);
        int64_t lo = rank_of(n, b->p.trim_low), hi = rank_of(n, b->p.trim_high);
        if (lo < 1)
            lo = 1;
        if (hi < 1)
            hi = 1;
        int64_t plo = it[s + (size_t)lo - 1].cost, phi = it[s + (size_t)hi - 1].cost;
        for (size_t k = s; k < e; k++) {
            bld_row *r = &b->rows[it[k].row];
            bld_gstat *g = &b->gstat[it[k].group];
            bld_acc_add(&g->all, it[k].year, it[k].cost);
            r->kept = it[k].cost >= plo && it[k].cost <= phi;
            if (r->kept)
                bld_acc_add(&g->kept, it[k].year, it[k].cost);
        }
        s = e;
    }
    yb_free(b->ctx, it);
    return YB_OK;
}

static int subtypes(bld *b)
{
    int64_t min = b->p.subtype_min_cases ? b->p.subtype_min_cases : b->threshold;
    bld_acc *acc = yb_calloc(b->ctx, (size_t)b->cat->ngroups * (b->ntmpl ? b->ntmpl : 1), sizeof *acc);
    if (!acc)
        return yb_fail_nomem(b->ctx, "a DIP build");
    for (size_t i = 0; i < b->n; i++) {
        const bld_row *r = &b->rows[i];
        if (r->year == BLD_BAD || r->gf == DIP_NONE || !r->kept || !r->fits)
            continue;
        for (uint32_t t = 0; t < b->ntmpl; t++)
            if (r->fits >> t & 1)
                bld_acc_add(&acc[(size_t)r->gf * b->ntmpl + t], r->year, b->h->cost[i]);
    }
    int rc = YB_OK;
    for (uint32_t g = 0; !rc && g < b->cat->ngroups; g++) {
        const bld_gstat *gs = &b->gstat[g];
        if (!gs->has_score || gs->mean <= 0)
            continue;
        for (uint32_t t = 0; !rc && t < b->ntmpl; t++) {
            const bld_acc *a = &acc[(size_t)g * b->ntmpl + t];
            int64_t cases = 0, mean, coef;
            for (int y = 0; y < b->nyears; y++)
                cases += a->n[y];
            if (cases < min || cases == 0)
                continue;
            if (bld_wmean(b, a, &mean) || yb_muldiv(mean, YB_RATIO_ONE, gs->mean, b->p.rounding, &coef)) {
                rc = yb_fail(b->ctx, YB_E_OVERFLOW, "a subtype coefficient does not fit in 64 bits");
                break;
            }
            if (coef <= 0)
                continue;
            bld_sub_out *o = dip_grow(&b->ctx->mem, (void **)&b->subs, &b->nsubs, &b->subs_cap, sizeof *o);
            if (!o) {
                rc = yb_fail_nomem(b->ctx, "a DIP build");
                break;
            }
            *o = (bld_sub_out){ b->tmpl[t], g, coef, cases };
        }
    }
    yb_free(b->ctx, acc);
    return rc;
}

int bld_stats(bld *b)
{
    yb_ctx *ctx = b->ctx;
    uint32_t ng = b->cat->ngroups;
    b->gstat = yb_calloc(ctx, ng, sizeof *b->gstat);
    if (!b->gstat)
        return yb_fail_nomem(ctx, "a DIP build");
    int rc = trim(b);
    if (rc)
        return rc;
    bld_acc all;
    memset(&all, 0, sizeof all);
    for (uint32_t g = 0; g < ng; g++) {
        bld_gstat *gs = &b->gstat[g];
        if (bld_wmean(b, &gs->kept, &gs->mean))
            return yb_fail(ctx, YB_E_OVERFLOW, "a mean cost does not fit in 64 bits");
        for (int y = 0; y < b->nyears; y++) {
            all.sum[y] += gs->kept.sum[y];
            all.n[y] += gs->kept.n[y];
        }
    }
    if (bld_wmean(b, &all, &b->mean_all))
        return yb_fail(ctx, YB_E_OVERFLOW, "the mean cost does not fit in 64 bits");
    if (b->mean_all < 0)
        return yb_fail(ctx, YB_E_DIV_ZERO, "no case of the history was grouped: no catalogue can be built");
    b->ref_mean = b->mean_all;
    if (b->p.reference_group) {
        uint32_t ref;
        if (dip_group_lookup(b->cat, b->p.reference_group, strlen(b->p.reference_group), &ref) ||
            b->gstat[ref].mean < 0) {
            yb_errloc loc = { .field = "reference_group", .value = b->p.reference_group,
                              .value_len = strlen(b->p.reference_group) };
            return yb_fail_at(ctx, YB_E_NOT_FOUND, &loc, "the reference group is not a group with cases in the build");
        }
        b->ref_mean = b->gstat[ref].mean;
    }
    if (b->ref_mean == 0)
        return yb_fail(ctx, YB_E_DIV_ZERO, "the reference mean cost is zero");
    for (uint32_t g = 0; g < ng; g++) {
        bld_gstat *gs = &b->gstat[g];
        if (gs->mean < 0)
            continue;
        if (yb_muldiv(gs->mean, b->p.scale * YB_SCORE_ONE, b->ref_mean, b->p.rounding, &gs->score))
            return yb_fail(ctx, YB_E_OVERFLOW, "a score does not fit in 64 bits");
        gs->has_score = 1;
    }
    if ((rc = subtypes(b)))
        return rc;
    yb_dip_build_summary *s = &b->sum;
    s->size = sizeof *s;
    s->threshold = b->threshold;
    s->mean_all = b->mean_all;
    s->reference_mean = b->ref_mean;
    for (size_t i = 0; i < b->n; i++) {
        const bld_row *r = &b->rows[i];
        s->cases++;
        if (r->year == BLD_BAD) {
            s->cases_bad++;
            continue;
        }
        if (r->gf == DIP_NONE) {
            s->cases_ungrouped++;
            continue;
        }
        if (b->cat->groups[r->gf].kind == YB_DIP_LAYER_COMPREHENSIVE)
            s->cases_comprehensive++;
        else
            s->cases_core++;
        s->cases_trimmed += !r->kept;
    }
    for (uint32_t g = 0; g < b->base->ngroups; g++)
        s->groups_national += b->base->groups[g].active && !b->inactive[g];
    for (uint32_t k = 0; k < b->nnews; k++) {
        if (b->news[k].kind == YB_DIP_LAYER_COMPREHENSIVE)
            s->groups_comprehensive++;
        else
            s->groups_local++;
    }
    return YB_OK;
}
