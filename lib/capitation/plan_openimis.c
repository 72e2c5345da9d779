/* Loading an openIMIS-mode capitation plan: facilities, locations with their
 * population, families, insured persons and insured families, the catchment
 * (share of each location served by each facility), the share of
 * contributions given to capitation and the criterion weights.
 *
 * Source of the rules: openIMIS stored procedure
 * uspCreateCapitationPaymentReportData (openimis/database_ms_sqlserver,
 * sql/stored_procedures/, commit 0e5ee533): a facility's population and
 * families are Σ over its catchment locations of the location's count ×
 * catchment %, and likewise for insured persons and families. */
#include <stdlib.h>
#include <string.h>

#include "cap_internal.h"
#include "core/fixed.h"

static const char *const weight_keys[YB_CAP_CRITERIA] = {
    "openimis.weight.population",       "openimis.weight.families",
    "openimis.weight.insured_persons",  "openimis.weight.insured_families",
    "openimis.weight.visits",           "openimis.weight.adjusted_amount",
};

static int read_params(yb_ctx *ctx, const yb_pack *pack, yb_cap_plan *p)
{
    int rc;
    p->share_contribution = YB_RATIO_ONE;
    if ((rc = yb_pack_param_decimal(ctx, pack, "openimis.share_contribution", 0, YB_RATIO_DECIMALS, 0,
                                    YB_RATIO_ONE, &p->share_contribution)))
        return rc;
    int64_t sum = 0;
    for (int k = 0; k < YB_CAP_CRITERIA; k++) {
        if ((rc = yb_pack_param_decimal(ctx, pack, weight_keys[k], 0, YB_RATIO_DECIMALS, 0, YB_RATIO_ONE,
                                        &p->weight[k])))
            return rc;
        sum += p->weight[k];
    }
    if (sum > YB_RATIO_ONE || sum == 0) {
        char v[32];
        yb_decimal_format(sum, YB_RATIO_DECIMALS, v, sizeof v);
        yb_errloc loc = { .file = yb_pack_manifest_path(pack), .field = "openimis.weight", .value = v,
                          .value_len = strlen(v) };
        return yb_fail_at(ctx, YB_E_PARAM, &loc,
                          "the criterion weights must add up to more than 0 and at most 1");
    }
    return YB_OK;
}

static int read_facilities(yb_ctx *ctx, const yb_pack *pack, yb_cap_plan *p)
{
    const char *const cols[] = { "facility", "name" };
    const int req[] = { 1, 0 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "facilities", 1, cols, req, 2, &t);
    if (rc)
        return rc;
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        char code[CAP_CODE_CAP];
        if ((rc = yb_table_copy(&t, ctx, 0, 1, code, CAP_CODE_CAP)))
            break;
        if (cap_list_find(&p->facilities, code, strlen(code)) >= 0) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_DUPLICATE, "facility '%s' is defined twice", code);
            break;
        }
        cap_named *e = cap_list_push(ctx, &p->mem, &p->facilities);
        if (!e) {
            rc = YB_E_NOMEM;
            break;
        }
        memcpy(e->code, code, sizeof code);
        if ((rc = yb_table_copy(&t, ctx, 1, 0, e->name, CAP_NAME_CAP)))
            break;
    }
    if (!rc && !p->facilities.n)
        rc = yb_table_fail(&t, ctx, YB_E_PACK, NULL, NULL, "the table has no facilities");
    yb_table_close(&t);
    if (rc < 0)
        return rc;
    p->fac_sorted = cap_index_build(ctx, &p->mem, &p->facilities);
    return p->fac_sorted ? YB_OK : YB_E_NOMEM;
}

/* Locations: counts in qty[0..3], running catchment sum in a. */
static int read_locations(yb_ctx *ctx, const yb_pack *pack, yb_cap_plan *p, cap_list *locs)
{
    const char *const cols[] = { "location", "population", "families", "insured_persons", "insured_families" };
    const int req[] = { 1, 1, 1, 1, 1 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "locations", 1, cols, req, 5, &t);
    if (rc)
        return rc;
    uint32_t *idx = NULL;
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        char code[CAP_CODE_CAP];
        if ((rc = yb_table_copy(&t, ctx, 0, 1, code, CAP_CODE_CAP)))
            break;
        cap_named *e = cap_list_push(ctx, &p->mem, locs);
        if (!e) {
            rc = YB_E_NOMEM;
            break;
        }
        memcpy(e->code, code, sizeof code);
        e->b = (int64_t)yb_csv_line(t.csv);
        for (size_t k = 0; k < CAP_STATIC_CRITERIA && !rc; k++)
            rc = yb_table_int(&t, ctx, k + 1, 0, 1000000000, &e->qty[k]);
        if (!rc && e->qty[1] > e->qty[0])
            rc = yb_table_row_fail(&t, ctx, 2, YB_E_PARAM, "more families than people");
        if (!rc && e->qty[2] > e->qty[0])
            rc = yb_table_row_fail(&t, ctx, 3, YB_E_PARAM, "more insured persons than people");
        if (!rc && e->qty[3] > e->qty[1])
            rc = yb_table_row_fail(&t, ctx, 4, YB_E_PARAM, "more insured families than families");
        if (rc)
            break;
    }
    if (!rc && !(idx = cap_index_build(ctx, &p->mem, locs)))
        rc = YB_E_NOMEM;
    for (size_t i = 1; !rc && i < locs->n; i++)
        if (!strcmp(locs->v[idx[i]].code, locs->v[idx[i - 1]].code))
            rc = yb_table_fail(&t, ctx, YB_E_DUPLICATE, "location", locs->v[idx[i]].code, "location defined twice (lines %lld and %lld)", (long long)locs->v[idx[i - 1]].b, (long long)locs->v[idx[i]].b);
    yb_mem_free(&p->mem, idx);
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

static int read_catchment(yb_ctx *ctx, const yb_pack *pack, yb_cap_plan *p, cap_list *locs)
{
    const char *const cols[] = { "facility", "location", "catchment" };
    const int req[] = { 1, 1, 1 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "catchment", 1, cols, req, 3, &t);
    if (rc)
        return rc;
    uint32_t *lidx = cap_index_build(ctx, &p->mem, locs);
    if (!lidx) {
        yb_table_close(&t);
        return YB_E_NOMEM;
    }
    /* Pairs seen, to reject a facility–location pair given twice. */
    uint64_t *pairs = NULL;
    size_t npairs = 0, cap = 0;
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        char fac[CAP_CODE_CAP], loc[CAP_CODE_CAP];
        int64_t share;
        if ((rc = yb_table_copy(&t, ctx, 0, 1, fac, CAP_CODE_CAP)) || (rc = yb_table_copy(&t, ctx, 1, 1, loc, CAP_CODE_CAP)) ||
            (rc = yb_table_dec(&t, ctx, 2, YB_RATIO_DECIMALS, 1, YB_RATIO_ONE, &share)))
            break;
        long f = cap_index_find(&p->facilities, p->fac_sorted, fac, strlen(fac));
        long l = cap_index_find(locs, lidx, loc, strlen(loc));
        if (f < 0) {
            rc = yb_table_row_fail(&t, ctx, 0, YB_E_NOT_FOUND, "facility not in the facilities table");
            break;
        }
        if (l < 0) {
            rc = yb_table_row_fail(&t, ctx, 1, YB_E_NOT_FOUND, "location not in the locations table");
            break;
        }
        uint64_t key = ((uint64_t)f << 32) | (uint64_t)l;
        for (size_t i = 0; i < npairs && !rc; i++)
            if (pairs[i] == key)
                rc = yb_table_row_fail(&t, ctx, 1, YB_E_DUPLICATE, "facility '%s' already serves this location", fac);
        if (rc)
            break;
        if (npairs == cap) {
            size_t nc = cap ? cap * 2 : 64;
            uint64_t *np = yb_mem_realloc_array(&p->mem, pairs, nc, sizeof *np);
            if (!np) {
                rc = yb_fail_nomem(ctx, "the catchment table");
                break;
            }
            pairs = np;
            cap = nc;
        }
        pairs[npairs++] = key;
        cap_named *L = &locs->v[l];
        L->a += share;
        if (L->a > YB_RATIO_ONE) {
            rc = yb_table_row_fail(&t, ctx, 2, YB_E_PARAM, "the catchment shares of location '%s' exceed 1", loc);
            break;
        }
        cap_named *F = &p->facilities.v[f];
        for (int k = 0; k < CAP_STATIC_CRITERIA && !rc; k++) {
            int64_t q;
            if (cap_mul(L->qty[k], share, &q) || cap_add(F->qty[k], q, &F->qty[k]))
                rc = yb_table_row_fail(&t, ctx, 2, YB_E_OVERFLOW, "catchment-weighted count too large");
        }
        if (rc)
            break;
    }
    yb_mem_free(&p->mem, pairs);
    yb_mem_free(&p->mem, lidx);
    yb_table_close(&t);
    return rc < 0 ? rc : YB_OK;
}

int cap_load_openimis(yb_ctx *ctx, const yb_pack *pack, yb_cap_plan *p)
{
    cap_list locs = { 0 };
    int rc;
    if (!(rc = read_params(ctx, pack, p)) && !(rc = read_facilities(ctx, pack, p)) &&
        !(rc = read_locations(ctx, pack, p, &locs)))
        rc = read_catchment(ctx, pack, p, &locs);
    cap_list_free(&p->mem, &locs);
    return rc;
}
