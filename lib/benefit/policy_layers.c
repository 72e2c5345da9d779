/* Tables of the layers above basic insurance: critical-illness insurance
 * (critical_illness.csv with its bands) and medical assistance by category
 * (assistance.csv). See doc/packs-benefit.md. */
#include <string.h>

#include <yibao/money.h>

#include "policy.h"
#include "policy_csv.h"

enum { CI_FROM, CI_TO, CI_INS, CI_THR, CI_CAP, CI_CDED, CI_CB, CI_COP, CI_TF, CI_TA, CI_TNC, CI_N };

static int read_ci_row(yb_table *t, yb_ctx *ctx, bp_ci *r)
{
    int rc;
    if ((rc = bp_get_money(t, ctx, CI_THR, &r->threshold, NULL)) ||
        (rc = bp_get_money(t, ctx, CI_CAP, &r->cap, &r->has_cap)) ||
        (rc = bp_get_bool(t, ctx, CI_CDED, 0, &r->counts_deductible)) ||
        (rc = bp_get_bool(t, ctx, CI_CB, 0, &r->counts_b_first)) ||
        (rc = bp_get_bool(t, ctx, CI_COP, 0, &r->counts_outpatient)) ||
        (rc = bp_get_ratio(t, ctx, CI_TF, YB_RATIO_ONE, YB_RATIO_ONE, &r->tilt_factor)) ||
        (rc = bp_get_ratio(t, ctx, CI_TA, YB_RATIO_ONE, 0, &r->tilt_add)) ||
        (rc = bp_get_bool(t, ctx, CI_TNC, 0, &r->tilt_no_cap)))
        return rc;
    return YB_OK;
}

static int load_ci_rows(yb_ctx *ctx, yb_benefit_policy *p, yb_table *t)
{
    bp_rowkey *keys = NULL;
    size_t n = 0, kcap = 0, pcap = 0;
    int rc;
    while ((rc = yb_table_next(t, ctx)) == 1) {
        if ((rc = bp_grow(ctx, &p->mem, (void **)&keys, &kcap, n + 1, sizeof *keys, t->name)) ||
            (rc = bp_grow(ctx, &p->mem, (void **)&p->ci, &pcap, n + 1, sizeof *p->ci, t->name)))
            break;
        int ins;
        bp_rowkey *k = &keys[n];
        memset(&p->ci[n], 0, sizeof p->ci[n]);
        if ((rc = bp_get_period(t, ctx, CI_FROM, CI_TO, &k->from, &k->to)) ||
            (rc = bp_get_insured(t, ctx, CI_INS, &ins)) || (rc = read_ci_row(t, ctx, &p->ci[n])))
            break;
        k->key = (uint32_t)(ins - 1);
        k->row = (uint32_t)n;
        k->line = bp_line(t);
        n++;
    }
    if (rc == 0)
        rc = bp_index_build(ctx, &p->mem, yb_csv_name(t->csv), keys, n, BP_NINSURED, bp_describe_insured,
                            &p->ci_ix);
    yb_mem_free(&p->mem, keys);
    return rc;
}

static int load_bands(yb_ctx *ctx, yb_benefit_policy *p, yb_table *t)
{
    bp_set_row *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = yb_table_next(t, ctx)) == 1) {
        if ((rc = bp_grow(ctx, &p->mem, (void **)&rows, &cap, n + 1, sizeof *rows, t->name)))
            break;
        bp_set_row *r = &rows[n];
        int ins;
        if ((rc = bp_get_period(t, ctx, 0, 1, &r->from, &r->to)) || (rc = bp_get_insured(t, ctx, 2, &ins)) ||
            (rc = bp_get_money(t, ctx, 3, &r->sub, NULL)) ||
            (rc = bp_get_ratio(t, ctx, 4, YB_RATIO_ONE, -1, &r->value)))
            break;
        r->key = (uint32_t)(ins - 1);
        r->line = bp_line(t);
        n++;
    }
    if (rc == 0)
        rc = bp_build_sets(ctx, &p->mem, yb_csv_name(t->csv), "from", 0, rows, n, BP_NINSURED,
                           bp_describe_insured, &p->bands, &p->nbands, &p->ci_sets, &p->ciband_ix);
    yb_mem_free(&p->mem, rows);
    return rc;
}

int bp_load_critical_illness(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack)
{
    static const char *const cols[CI_N] = { "valid_from", "valid_to", "insured", "threshold", "cap",
                                            "counts_deductible", "counts_b_first", "counts_outpatient",
                                            "tilt_threshold_factor", "tilt_ratio_add", "tilt_no_cap" };
    static const int req[CI_N] = { 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0 };
    static const char *const bcols[] = { "valid_from", "valid_to", "insured", "from", "ratio" };
    static const int breq[] = { 0, 0, 1, 1, 1 };
    int has_ci = yb_pack_has_table(pack, "critical_illness");
    int has_bands = yb_pack_has_table(pack, "critical_illness_bands");
    if (has_ci != has_bands) {
        yb_errloc loc = { .file = yb_pack_manifest_path(pack) };
        return yb_fail_at(ctx, YB_E_PACK, &loc,
                          "tables 'critical_illness' and 'critical_illness_bands' come together; this pack has "
                          "only '%s'",
                          has_ci ? "critical_illness" : "critical_illness_bands");
    }
    if (!has_ci) {
        int rc = bp_index_build(ctx, &p->mem, "critical_illness", NULL, 0, BP_NINSURED, bp_describe_insured,
                                &p->ci_ix);
        if (!rc)
            rc = bp_build_sets(ctx, &p->mem, "critical_illness_bands", "from", 0, NULL, 0, BP_NINSURED,
                               bp_describe_insured, &p->bands, &p->nbands, &p->ci_sets, &p->ciband_ix);
        return rc;
    }
    yb_table t;
    int rc = yb_table_open(ctx, pack, "critical_illness", 1, cols, req, CI_N, &t);
    if (rc)
        return rc;
    rc = load_ci_rows(ctx, p, &t);
    yb_table_close(&t);
    if (rc)
        return rc;
    if ((rc = yb_table_open(ctx, pack, "critical_illness_bands", 1, bcols, breq, 5, &t)))
        return rc;
    rc = load_bands(ctx, p, &t);
    yb_table_close(&t);
    if (!rc)
        rc = bp_check_cover(ctx, pack, "critical_illness", &p->ci_ix, "critical_illness_bands", &p->ciband_ix,
                            bp_describe_insured);
    if (!rc)
        rc = bp_check_cover(ctx, pack, "critical_illness_bands", &p->ciband_ix, "critical_illness", &p->ci_ix,
                            bp_describe_insured);
    return rc;
}

enum { AS_FROM, AS_TO, AS_CAT, AS_THR, AS_RATIO, AS_CAP, AS_TILT, AS_OP, AS_CB, AS_N };

int bp_load_assistance(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack)
{
    static const char *const cols[AS_N] = { "valid_from", "valid_to", "category", "threshold", "ratio", "cap",
                                            "ci_tilt", "covers_outpatient", "counts_b_first" };
    static const int req[AS_N] = { 0, 0, 1, 0, 1, 0, 0, 0, 0 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, "assistance", 0, cols, req, AS_N, &t);
    if (!rc && !yb_table_present(&t))
        return bp_index_build(ctx, &p->mem, "assistance", NULL, 0, BP_NCATEGORY, bp_describe_category,
                              &p->as_ix);
    if (rc)
        return rc;
    bp_rowkey *keys = NULL;
    size_t n = 0, kcap = 0, pcap = 0;
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        if ((rc = bp_grow(ctx, &p->mem, (void **)&keys, &kcap, n + 1, sizeof *keys, t.name)) ||
            (rc = bp_grow(ctx, &p->mem, (void **)&p->assist, &pcap, n + 1, sizeof *p->assist, t.name)))
            break;
        bp_rowkey *k = &keys[n];
        bp_assist *a = &p->assist[n];
        memset(a, 0, sizeof *a);
        int64_t cat;
        uint8_t has_thr;
        if ((rc = bp_get_period(&t, ctx, AS_FROM, AS_TO, &k->from, &k->to)) ||
            (rc = yb_table_int(&t, ctx, AS_CAT, 1, BP_NCATEGORY - 1, &cat)) ||
            (rc = bp_get_money(&t, ctx, AS_THR, &a->threshold, &has_thr)) ||
            (rc = bp_get_ratio(&t, ctx, AS_RATIO, YB_RATIO_ONE, -1, &a->ratio)) ||
            (rc = bp_get_money(&t, ctx, AS_CAP, &a->cap, &a->has_cap)) ||
            (rc = bp_get_bool(&t, ctx, AS_TILT, 0, &a->ci_tilt)) ||
            (rc = bp_get_bool(&t, ctx, AS_OP, 0, &a->covers_outpatient)) ||
            (rc = bp_get_bool(&t, ctx, AS_CB, 0, &a->counts_b_first)))
            break;
        k->key = (uint32_t)cat;
        k->row = (uint32_t)n;
        k->line = bp_line(&t);
        n++;
    }
    if (rc == 0)
        rc = bp_index_build(ctx, &p->mem, yb_csv_name(t.csv), keys, n, BP_NCATEGORY, bp_describe_category,
                            &p->as_ix);
    yb_mem_free(&p->mem, keys);
    yb_table_close(&t);
    return rc;
}
