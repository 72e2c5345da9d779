/* The DIP catalogue builder: parameters, the passes over the history and the
 * order of the steps (doc/packs-dip.md, "Building a catalogue"):
 *   1. match every case against the base catalogue (national layers);
 *   2. the case threshold (fixed, or the count whose combinations cover the
 *      coverage share of cases; DIP 3.0 spec draft ch. 3 §1 二(三));
 *   3. national groups below the threshold are switched off and the cases
 *      matched again (they fall to the next rule that fits, §3 三(一) 2);
 *   4. unmatched cases form local core groups (§2 三, ≥10 % related-procedure
 *      rule) and comprehensive groups (§3 三(二));
 *   5. the new catalogue is written, loaded back, and every case matched with it;
 *   6. trimming, weighted means, scores and subtype coefficients;
 *   7. scores.csv and the subtypes are added to the pack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grouping/dip_build.h"

void yb_dip_build_params_init(yb_dip_build_params *p)
{
    if (!p)
        return;
    memset(p, 0, sizeof *p);
    p->size = sizeof *p;
    p->n_years = 3;
    p->trim_low = 25000;
    p->trim_high = 975000;
    p->threshold_mode = YB_DIP_THRESHOLD_FIXED;
    p->threshold_cases = 15;
    p->threshold_coverage = 950000;
    p->related_min_increase = 100000;
    p->new_core_groups = 1;
    p->comprehensive_min_cases = 1;
    p->subtype_min_cases = 0;
    p->scale = 1000;
    p->rounding = YB_ROUND_HALF_UP;
    p->name = "DIP";
    p->version = "local";
    p->region = "local";
}

static int bad_param(yb_ctx *ctx, const char *name, const char *why)
{
    yb_errloc loc = { .field = name };
    return yb_fail_at(ctx, YB_E_PARAM, &loc, "build parameter %s: %s", name, why);
}

static int check_params(bld *b)
{
    yb_ctx *ctx = b->ctx;
    const yb_dip_build_params *p = &b->p;
    if (p->n_years < 1 || p->n_years > BLD_MAX_YEARS)
        return bad_param(ctx, "n_years", "from 1 to 8");
    if (p->trim_low < 0 || p->trim_high > YB_RATIO_ONE || p->trim_low >= p->trim_high)
        return bad_param(ctx, "trim_low/trim_high", "0 <= trim_low < trim_high <= 1");
    if (p->threshold_mode != YB_DIP_THRESHOLD_FIXED && p->threshold_mode != YB_DIP_THRESHOLD_COVERAGE)
        return bad_param(ctx, "threshold_mode", "FIXED or COVERAGE");
    if (p->threshold_mode == YB_DIP_THRESHOLD_FIXED && p->threshold_cases < 1)
        return bad_param(ctx, "threshold_cases", "at least 1");
    if (p->threshold_mode == YB_DIP_THRESHOLD_COVERAGE &&
        (p->threshold_coverage <= 0 || p->threshold_coverage > YB_RATIO_ONE))
        return bad_param(ctx, "threshold_coverage", "above 0 and at most 1");
    if (p->related_min_increase < 0)
        return bad_param(ctx, "related_min_increase", "not negative");
    if (p->comprehensive_min_cases < 1)
        return bad_param(ctx, "comprehensive_min_cases", "at least 1");
    if (p->subtype_min_cases < 0)
        return bad_param(ctx, "subtype_min_cases", "not negative");
    if (p->scale < 1 || p->scale > 1000000000)
        return bad_param(ctx, "scale", "from 1 to 10^9");
    if (p->rounding != YB_ROUND_HALF_UP && p->rounding != YB_ROUND_HALF_EVEN && p->rounding != YB_ROUND_DOWN &&
        p->rounding != YB_ROUND_UP && p->rounding != YB_ROUND_FLOOR && p->rounding != YB_ROUND_CEIL)
        return bad_param(ctx, "rounding", "a yb_round value");
    for (size_t i = 0; i < sizeof p->reserved / sizeof p->reserved[0]; i++)
        if (p->reserved[i])
            return bad_param(ctx, "reserved", "must be NULL");
    return YB_OK;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* Years and weights; rows with a bad cost or year get their status. */
static int setup_years(bld *b)
{
    yb_ctx *ctx = b->ctx;
    const yb_dip_build_params *p = &b->p;
    b->nyears = (int)p->n_years;
    if (p->years) {
        for (int y = 0; y < b->nyears; y++) {
            b->years[y] = p->years[y];
            if (y && b->years[y] <= b->years[y - 1])
                return bad_param(ctx, "years", "strictly increasing (oldest first)");
        }
    } else {
        /* the n_years most recent distinct years of the history */
        int32_t *seen = yb_calloc(ctx, b->n ? b->n : 1, sizeof *seen);
        if (!seen)
            return yb_fail_nomem(ctx, "a DIP build");
        size_t found = 0;
        for (size_t i = 0; i < b->n; i++)
            seen[found++] = b->h->year[i];
        qsort(seen, found, sizeof *seen, cmp_i32);
        size_t distinct = 0;
        for (size_t i = 0; i < found; i++)
            if (!distinct || seen[distinct - 1] != seen[i])
                seen[distinct++] = seen[i];
        if (distinct < (size_t)b->nyears) {
            yb_free(ctx, seen);
            yb_errloc loc = { .field = "n_years" };
            return yb_fail_at(ctx, YB_E_PARAM, &loc, "the history has %zu distinct years, the build needs %d",
                              distinct, b->nyears);
        }
        memcpy(b->years, seen + distinct - (size_t)b->nyears, sizeof(int32_t) * (size_t)b->nyears);
        yb_free(ctx, seen);
    }
    for (int y = 0; y < b->nyears; y++) {
        if (p->year_weights)
            b->weights[y] = p->year_weights[y];
        else if (b->nyears == 3)
            b->weights[y] = y == 0 ? 1 : y == 1 ? 2 : 7; /* 1:2:7, oldest first */
        else
            b->weights[y] = 1;
        if (b->weights[y] < 1 || b->weights[y] > 1000000)
            return bad_param(ctx, "year_weights", "whole numbers from 1 to 10^6");
    }
    for (size_t i = 0; i < b->n; i++) {
        bld_row *r = &b->rows[i];
        r->year = BLD_BAD;
        if (b->h->cost[i] < 0) {
            b->status[i] = YB_E_ROW_COST;
            continue;
        }
        for (int y = 0; y < b->nyears; y++)
            if (b->h->year[i] == b->years[y])
                r->year = (uint8_t)y;
        if (r->year == BLD_BAD)
            b->status[i] = YB_E_ROW_YEAR;
    }
    return YB_OK;
}

void bld_acc_add(bld_acc *a, int year, int64_t cost)
{
    a->sum[year] += cost;
    a->n[year]++;
}

int bld_wmean(const bld *b, const bld_acc *a, int64_t *mean)
{
    int64_t num = 0, den = 0;
    for (int y = 0; y < b->nyears; y++) {
        if (!a->n[y])
            continue;
        int64_t m;
        /* mean of the year in yuan with 6 decimals: fen × 10^4 / cases */
        if (yb_muldiv(a->sum[y], 10000, a->n[y], b->p.rounding, &m))
            return YB_E_OVERFLOW;
        num += m * b->weights[y];
        den += b->weights[y];
    }
    if (!den) {
        *mean = -1;
        return YB_OK;
    }
    return yb_muldiv(num, 1, den, b->p.rounding, mean);
}

size_t bld_dx_key(const yb_dip_catalog *cat, uint32_t dx, int category, char *out, size_t cap)
{
    const char *code = yb_dict_code(cat->dx, dx);
    size_t lens[3];
    dip_dx_prefixes(code, strlen(code), lens);
    size_t n = !category && lens[1] ? lens[1] : lens[2] ? lens[2] : strlen(code);
    if (n >= cap)
        n = cap - 1;
    memcpy(out, code, n);
    out[n] = '\0';
    return n;
}

/* ------------------------------------------------------------ passes */

typedef void (*row_fn)(bld *b, size_t i, const dip_case *c, const dip_outcome *o);

static int run_pass(bld *b, const yb_dip_catalog *cat, const dip_match_opts *opts, row_fn fn, int pass)
{
    dip_work w;
    int rc = dip_work_init(b->ctx, cat, &w);
    if (rc)
        return rc;
    uint64_t interval = b->ctx->progress_interval > 0 ? (uint64_t)b->ctx->progress_interval : 65536;
    for (size_t i = 0; i < b->n; i++) {
        if (i && i % interval == 0 && (rc = yb_progress(b->ctx, (uint64_t)pass * b->n + i, 3 * (uint64_t)b->n)))
            break;
        bld_row *r = &b->rows[i];
        if (r->year == BLD_BAD)
            continue;
        dip_outcome o;
        int st = dip_case_from_columns(b->ctx, cat, b->h->cases, i, NULL, NULL, &w);
        if (!st)
            st = dip_match(b->ctx, cat, &w, opts, &o, NULL);
        if (st) {
            b->status[i] = st;
            r->year = BLD_BAD;
            continue;
        }
        fn(b, i, &w.c, &o);
    }
    dip_work_free(b->ctx, &w);
    return rc;
}

static void first_row(bld *b, size_t i, const dip_case *c, const dip_outcome *o)
{
    bld_row *r = &b->rows[i];
    r->g1 = o->group;
    r->excluded = (o->flags & YB_DIP_FLAG_EXCLUDED_DX) != 0;
    r->pdx = c->dx_ids[0];
    r->attr = (uint8_t)o->attribute;
    r->pproc = c->principal == DIP_NONE ? DIP_NONE : c->procs[c->principal];
    r->rel_off = b->nrel;
    r->rel_n = 0;
    for (uint32_t k = 0; k < c->nproc; k++) {
        if (k == c->principal)
            continue;
        uint32_t *slot = dip_grow(&b->ctx->mem, (void **)&b->rel, &b->nrel, &b->rel_cap, sizeof *slot);
        if (!slot) {
            b->status[i] = YB_E_NOMEM; /* reported after the pass */
            r->year = BLD_BAD;
            return;
        }
        *slot = c->procs[k];
        r->rel_n++;
    }
    if (o->group != DIP_NONE)
        b->count1[o->group]++;
}

static void second_row(bld *b, size_t i, const dip_case *c, const dip_outcome *o)
{
    (void)c;
    b->rows[i].g2 = o->group;
}

static void final_row(bld *b, size_t i, const dip_case *c, const dip_outcome *o)
{
    bld_row *r = &b->rows[i];
    r->gf = o->group;
    r->fits = 0;
    if (o->group == DIP_NONE)
        return;
    int32_t cci = -1;
    int sev = -1;
    for (uint32_t t = 0; t < b->ntmpl; t++) {
        const dip_subtype *s = &b->cat->subs[b->tmpl[t]];
        if ((s->group == DIP_NONE || s->group == o->group) && dip_subtype_fits(b->cat, s, c, &cci, &sev))
            r->fits |= 1ull << t;
    }
}

static int cmp_desc(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x > y ? -1 : x < y;
}

/* Fixed, or the smallest count whose combinations (national groups of the
 * first pass; for unmatched cases subcategory + principal procedure) cover the
 * coverage share of the cases. */
static int threshold(bld *b)
{
    if (b->p.threshold_mode == YB_DIP_THRESHOLD_FIXED) {
        b->threshold = b->p.threshold_cases;
        return YB_OK;
    }
    uint32_t ng = b->base->ngroups;
    size_t n = 0;
    int64_t *counts = yb_calloc(b->ctx, (size_t)ng + b->nkeys + 1, sizeof *counts);
    if (!counts)
        return yb_fail_nomem(b->ctx, "the threshold");
    int64_t total = 0;
    for (uint32_t g = 0; g < ng; g++)
        if (b->count1[g])
            total += counts[n++] = b->count1[g];
    for (uint32_t k = 0; k < b->nkeys; k++)
        if (b->keys[k].cases)
            total += counts[n++] = b->keys[k].cases;
    qsort(counts, n, sizeof *counts, cmp_desc);
    int64_t cum = 0;
    b->threshold = 1;
    for (size_t i = 0; i < n; i++) {
        cum += counts[i];
        if ((yb_i128)cum * YB_RATIO_ONE >= (yb_i128)total * b->p.threshold_coverage) {
            b->threshold = (int32_t)(counts[i] > INT32_MAX ? INT32_MAX : counts[i]);
            break;
        }
    }
    yb_free(b->ctx, counts);
    return YB_OK;
}

static void bld_free(bld *b)
{
    yb_ctx *ctx = b->ctx;
    void *p[] = { b->rows, b->rel, b->count1, b->inactive, b->keys, b->fulls, b->relacc, b->relacc_key, b->relacc_proc, b->relacc_sig, b->comp_cases, b->comp_dx,
                  b->comp_attr, b->news, b->tmpl, b->gstat, b->subs };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        yb_free(ctx, p[i]);
    dip_strmap_free(&b->key_map);
    dip_strmap_free(&b->full_map);
    dip_strmap_free(&b->relacc_map);
    dip_strmap_free(&b->comp_map);
    yb_dip_catalog_free(b->cat);
}

static int check_history(yb_ctx *ctx, const yb_dip_history *h)
{
    if (!h)
        return yb_fail(ctx, YB_E_INVALID_ARG, "history: NULL");
    if (h->size < sizeof(yb_dip_history))
        return yb_fail(ctx, YB_E_VERSION, "history: size %zu is smaller than yb_dip_history (%zu)", h->size,
                       sizeof(yb_dip_history));
    for (size_t i = 0; i < sizeof h->reserved / sizeof h->reserved[0]; i++)
        if (h->reserved[i])
            return yb_fail(ctx, YB_E_INVALID_ARG, "history: reserved fields must be NULL");
    int rc = dip_check_columns(ctx, h->cases);
    if (rc)
        return rc;
    if (h->cases->n && (!h->cost || !h->year))
        return yb_fail(ctx, YB_E_INVALID_ARG, "history: cost and year are required");
    return YB_OK;
}

int yb_dip_build_catalog(yb_ctx *ctx, const yb_dip_catalog *base, const yb_dip_history *history,
                         const yb_dip_build_params *params, const char *out_dir, yb_dip_build **out,
                         int32_t *row_status)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (out)
        *out = NULL;
    if (!base || !params || !out_dir)
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_dip_build_catalog: NULL argument");
    if (params->size < sizeof(yb_dip_build_params))
        return yb_fail(ctx, YB_E_VERSION, "build parameters: size %zu is smaller than %zu", params->size,
                       sizeof(yb_dip_build_params));
    int rc = check_history(ctx, history);
    if (rc)
        return rc;
    bld b;
    memset(&b, 0, sizeof b);
    b.ctx = ctx;
    b.base = base;
    b.h = history;
    b.p = *params;
    b.out_dir = out_dir;
    b.n = history->cases->n;
    if (!b.p.name)
        b.p.name = "DIP";
    if (!b.p.version)
        b.p.version = "local";
    if (!b.p.region)
        b.p.region = "local";
    if ((rc = check_params(&b)) || (rc = bld_check_out_dir(&b)))
        return rc;
    b.rows = yb_calloc(ctx, b.n ? b.n : 1, sizeof *b.rows);
    b.status = row_status ? row_status : yb_calloc(ctx, b.n ? b.n : 1, sizeof *b.status);
    b.count1 = yb_calloc(ctx, base->ngroups, sizeof *b.count1);
    b.inactive = yb_calloc(ctx, base->ngroups, 1);
    if (!b.rows || !b.status || !b.count1 || !b.inactive || dip_strmap_init(&b.key_map, &ctx->mem) ||
        dip_strmap_init(&b.full_map, &ctx->mem) || dip_strmap_init(&b.relacc_map, &ctx->mem) ||
        dip_strmap_init(&b.comp_map, &ctx->mem))
        rc = yb_fail_nomem(ctx, "a DIP build");
    if (!rc) {
        if (b.n)
            memset(b.status, 0, b.n * sizeof *b.status);
        rc = setup_years(&b);
    }
    /* 1. the base catalogue as it is */
    dip_match_opts o1 = { .skip_comprehensive = 1, .inactive = NULL };
    if (!rc)
        rc = run_pass(&b, base, &o1, first_row, 0);
    for (size_t i = 0; !rc && i < b.n; i++)
        if (b.status[i] == YB_E_NOMEM)
            rc = yb_fail_nomem(ctx, "a DIP build");
    /* 2. threshold (the coverage form needs the unmatched combinations) */
    if (!rc)
        rc = bld_count_keys(&b);
    if (!rc)
        rc = threshold(&b);
    /* 3. thin national groups off, match again */
    if (!rc) {
        for (uint32_t g = 0; g < base->ngroups; g++)
            b.inactive[g] = b.count1[g] < b.threshold;
        dip_match_opts o2 = { .skip_comprehensive = 1, .inactive = b.inactive };
        rc = run_pass(&b, base, &o2, second_row, 1);
    }
    /* 4. local core and comprehensive groups */
    if (!rc)
        rc = bld_form_local(&b);
    if (!rc)
        rc = bld_form_comprehensive(&b);
    /* 5. the new catalogue */
    if (!rc)
        rc = bld_write_structure(&b);
    if (!rc) {
        char path[4096];
        snprintf(path, sizeof path, "%s", out_dir);
        rc = yb_dip_catalog_load(ctx, path, &b.cat);
        if (!rc && (yb_dict_count(b.cat->dx) != yb_dict_count(base->dx) || b.cat->nproc != base->nproc))
            rc = yb_fail(ctx, YB_E_INTERNAL, "the built catalogue's code dictionaries differ from the base's");
    }
    if (!rc) {
        b.tmpl = yb_calloc(ctx, b.cat->nsubs ? b.cat->nsubs : 1, sizeof *b.tmpl);
        if (!b.tmpl)
            rc = yb_fail_nomem(ctx, "a DIP build");
        for (uint32_t s = 0; !rc && s < b.cat->nsubs; s++)
            if (!b.cat->subs[s].has_coef) {
                if (b.ntmpl == BLD_MAX_TEMPLATES)
                    rc = yb_fail(ctx, YB_E_LIMIT, "more than %d subtype templates", BLD_MAX_TEMPLATES);
                else
                    b.tmpl[b.ntmpl++] = s;
            }
    }
    dip_match_opts o3 = { 0, NULL };
    if (!rc)
        rc = run_pass(&b, b.cat, &o3, final_row, 2);
    /* 6. statistics, 7. scores and subtypes */
    if (!rc)
        rc = bld_stats(&b);
    if (!rc)
        rc = bld_write_final(&b);
    if (!rc && out)
        rc = bld_result(&b, out);
    if (!row_status)
        yb_free(ctx, b.status);
    bld_free(&b);
    return rc;
}
