/* Basic-insurance tables of a benefit-policy pack: inpatient deductibles,
 * coinsurance segments, repeat-admission factors, per-insured settings and
 * outpatient pooling ratios (doc/packs-benefit.md). */
#include <string.h>

#include <yibao/money.h>

#include "policy.h"
#include "policy_csv.h"

/* Reads a table whose rows are keyed by (insured, level, place) or insured
 * alone, calling row_fn for the payload. */
typedef int (*row_fn)(yb_table *t, yb_ctx *ctx, yb_benefit_policy *p, size_t row);

typedef struct keyed_spec {
    const char *table;
    int must_exist;
    const char *const *cols;
    const int *req;
    size_t ncols;
    int key3;            /* 1: columns 2, 3, 4 are insured, level, place; 0: column 2 is insured */
    void **payload;      /* growable array of the policy */
    size_t elem;
    row_fn read;
    bp_index *ix;
} keyed_spec;

static int load_keyed(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack, const keyed_spec *s)
{
    yb_table t;
    int rc = yb_table_open(ctx, pack, s->table, s->must_exist, s->cols, s->req, s->ncols, &t);
    if (!rc && !yb_table_present(&t))
        return bp_index_build(ctx, &p->mem, s->table, NULL, 0, s->key3 ? BP_NKEY3 : BP_NINSURED,
                              s->key3 ? bp_describe_key3 : bp_describe_insured, s->ix);
    if (rc)
        return rc;
    bp_rowkey *keys = NULL;
    size_t n = 0, kcap = 0, pcap = 0;
    while ((rc = yb_table_next(&t, ctx)) == 1) {
        if ((rc = bp_grow(ctx, &p->mem, (void **)&keys, &kcap, n + 1, sizeof *keys, s->table)) ||
            (rc = bp_grow(ctx, &p->mem, s->payload, &pcap, n + 1, s->elem, s->table)))
            break;
        bp_rowkey *k = &keys[n];
        int ins, level = 1, place = 1;
        if ((rc = bp_get_period(&t, ctx, 0, 1, &k->from, &k->to)) || (rc = bp_get_insured(&t, ctx, 2, &ins)))
            break;
        if (s->key3 && ((rc = bp_get_level(&t, ctx, 3, &level)) || (rc = bp_get_place(&t, ctx, 4, &place))))
            break;
        memset((char *)*s->payload + n * s->elem, 0, s->elem);
        if ((rc = s->read(&t, ctx, p, n)))
            break;
        k->key = s->key3 ? bp_key3(ins, level, place) : (uint32_t)(ins - 1);
        k->row = (uint32_t)n;
        k->line = bp_line(&t);
        n++;
    }
    if (rc == 0)
        rc = bp_index_build(ctx, &p->mem, yb_csv_name(t.csv), keys, n, s->key3 ? BP_NKEY3 : BP_NINSURED,
                            s->key3 ? bp_describe_key3 : bp_describe_insured, s->ix);
    yb_mem_free(&p->mem, keys);
    yb_table_close(&t);
    return rc;
}

static int read_deductible(yb_table *t, yb_ctx *ctx, yb_benefit_policy *p, size_t row)
{
    return bp_get_money(t, ctx, 5, &p->deductible[row], NULL);
}

static int read_op_ratio(yb_table *t, yb_ctx *ctx, yb_benefit_policy *p, size_t row)
{
    return bp_get_ratio(t, ctx, 5, YB_RATIO_ONE, -1, &p->op_ratio[row]);
}

static int read_insured(yb_table *t, yb_ctx *ctx, yb_benefit_policy *p, size_t row)
{
    bp_insured *r = &p->insured[row];
    int rc;
    uint8_t has_op_ded;
    if ((rc = bp_get_money(t, ctx, 3, &r->cap, &r->has_cap)) ||
        (rc = bp_get_money(t, ctx, 4, &r->deductible_max, &r->has_deductible_max)) ||
        (rc = bp_get_money(t, ctx, 5, &r->op_deductible, &has_op_ded)) ||
        (rc = bp_get_money(t, ctx, 6, &r->op_cap, &r->has_op_cap)) ||
        (rc = bp_get_bool(t, ctx, 7, 1, &r->acc_in_scope)) || (rc = bp_get_bool(t, ctx, 8, 1, &r->acc_b_first)) ||
        (rc = bp_get_bool(t, ctx, 9, 0, &r->acc_self_pay)) || (rc = bp_get_bool(t, ctx, 10, 0, &r->family_aid)) ||
        (rc = bp_get_ratio(t, ctx, 11, YB_RATIO_ONE, 0, &r->civil_ratio)))
        return rc;
    return YB_OK;
}

/* Reads a schedule table (segments or repeat factors) into set rows. */
static int read_sets(yb_ctx *ctx, yb_benefit_policy *p, yb_table *t, int key3, int sub_decimals,
                     int64_t sub_min, int64_t ratio_max, bp_set_row **rows, size_t *n)
{
    size_t cap = 0;
    int rc;
    int col = key3 ? 5 : 3;
    while ((rc = yb_table_next(t, ctx)) == 1) {
        if ((rc = bp_grow(ctx, &p->mem, (void **)rows, &cap, *n + 1, sizeof **rows, t->name)))
            return rc;
        bp_set_row *r = &(*rows)[*n];
        int ins, level = 1, place = 1;
        if ((rc = bp_get_period(t, ctx, 0, 1, &r->from, &r->to)) || (rc = bp_get_insured(t, ctx, 2, &ins)))
            return rc;
        if (key3 && ((rc = bp_get_level(t, ctx, 3, &level)) || (rc = bp_get_place(t, ctx, 4, &place))))
            return rc;
        if (sub_decimals == 2)
            rc = bp_get_money(t, ctx, col, &r->sub, NULL);
        else
            rc = yb_table_int(t, ctx, (size_t)col, sub_min, 1000, &r->sub);
        if (rc || (rc = bp_get_ratio(t, ctx, col + 1, ratio_max, -1, &r->value)))
            return rc;
        r->key = key3 ? bp_key3(ins, level, place) : (uint32_t)(ins - 1);
        r->line = bp_line(t);
        (*n)++;
    }
    return rc;
}

static int load_schedule(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack, const char *table,
                         int must_exist, int key3, const char *sub_col, bp_band **elems, size_t *nelems,
                         bp_set **sets, bp_index *ix)
{
    const char *cols3[] = { "valid_from", "valid_to", "insured", "level", "place", sub_col, "ratio" };
    const char *cols1[] = { "valid_from", "valid_to", "insured", sub_col, "factor" };
    static const int req3[] = { 0, 0, 1, 1, 1, 1, 1 };
    static const int req1[] = { 0, 0, 1, 1, 1 };
    yb_table t;
    int rc = yb_table_open(ctx, pack, table, must_exist, key3 ? cols3 : cols1, key3 ? req3 : req1,
                           key3 ? 7 : 5, &t);
    uint32_t nkeys = key3 ? BP_NKEY3 : BP_NINSURED;
    bp_describe_fn describe = key3 ? bp_describe_key3 : bp_describe_insured;
    if (!rc && !yb_table_present(&t))
        return bp_build_sets(ctx, &p->mem, table, sub_col, 0, NULL, 0, nkeys, describe, elems, nelems, sets, ix);
    if (rc)
        return rc;
    bp_set_row *rows = NULL;
    size_t n = 0;
    rc = read_sets(ctx, p, &t, key3, key3 ? 2 : 0, 1, YB_RATIO_ONE, &rows, &n);
    if (rc == 0)
        rc = bp_build_sets(ctx, &p->mem, yb_csv_name(t.csv), sub_col, key3 ? 0 : 1, rows, n, nkeys, describe,
                           elems, nelems, sets, ix);
    yb_mem_free(&p->mem, rows);
    yb_table_close(&t);
    return rc;
}

int bp_load_inpatient(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack)
{
    static const char *const cols[] = { "valid_from", "valid_to", "insured", "level", "place", "deductible" };
    static const int req[] = { 0, 0, 1, 1, 1, 1 };
    keyed_spec s = { "inpatient", 1, cols, req, 6, 1, (void **)&p->deductible, sizeof *p->deductible,
                     read_deductible, &p->ded_ix };
    int rc = load_keyed(ctx, p, pack, &s);
    if (!rc)
        rc = load_schedule(ctx, p, pack, "coinsurance", 1, 1, "from", &p->bands, &p->nbands, &p->seg_sets,
                           &p->seg_ix);
    if (!rc)
        rc = bp_check_cover(ctx, pack, "inpatient", &p->ded_ix, "coinsurance", &p->seg_ix, bp_describe_key3);
    if (!rc)
        rc = bp_check_cover(ctx, pack, "coinsurance", &p->seg_ix, "inpatient", &p->ded_ix, bp_describe_key3);
    if (!rc)
        rc = load_schedule(ctx, p, pack, "repeat_admission", 0, 0, "admission", &p->repeats, &p->nrepeats,
                           &p->rep_sets, &p->rep_ix);
    return rc;
}

int bp_load_outpatient(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack)
{
    static const char *const cols[] = { "valid_from", "valid_to", "insured", "level", "place", "ratio" };
    static const int req[] = { 0, 0, 1, 1, 1, 1 };
    keyed_spec s = { "outpatient", 0, cols, req, 6, 1, (void **)&p->op_ratio, sizeof *p->op_ratio,
                     read_op_ratio, &p->op_ix };
    return load_keyed(ctx, p, pack, &s);
}

int bp_load_insured(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack)
{
    static const char *const cols[] = { "valid_from", "valid_to", "insured", "annual_cap",
                                        "inpatient_deductible_max", "outpatient_deductible", "outpatient_cap",
                                        "account_pays_in_scope", "account_pays_b_first", "account_pays_self_pay",
                                        "family_aid", "civil_servant_ratio" };
    static const int req[] = { 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 };
    keyed_spec s = { "insured", 1, cols, req, 12, 0, (void **)&p->insured, sizeof *p->insured, read_insured,
                     &p->ins_ix };
    return load_keyed(ctx, p, pack, &s);
}
