/* Loading a benefit-policy pack: manifest parameters, the tables in order,
 * and the public accessors of the policy handle. */
#include <string.h>

#include <yibao/benefit.h>
#include <yibao/money.h>

#include "core/date.h"
#include "policy.h"

static const char *const known_params[] = {
    "rounding", "catalogue.unknown_item", "catalogue.amount_tolerance", "inpatient.segment_basis",
    "outpatient.counts_toward_annual_cap",
};

static int read_params(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack)
{
    static const char *const rounding[] = { "half_up", "half_even" };
    static const char *const unknown[] = { "self_pay", "reject" };
    static const char *const basis[] = { "claim", "annual" };
    int rc = yb_pack_param_check_known(ctx, pack, known_params, sizeof known_params / sizeof *known_params);
    int mode = 0, unk = 0, seg = 0, opcap = 0;
    int64_t tol = 1;
    if (rc || (rc = yb_pack_param_enum(ctx, pack, "rounding", 0, rounding, 2, &mode)) ||
        (rc = yb_pack_param_enum(ctx, pack, "catalogue.unknown_item", 0, unknown, 2, &unk)) ||
        (rc = yb_pack_param_decimal(ctx, pack, "catalogue.amount_tolerance", 0, 2, 0, 100000, &tol)) ||
        (rc = yb_pack_param_enum(ctx, pack, "inpatient.segment_basis", 0, basis, 2, &seg)) ||
        (rc = yb_pack_param_bool(ctx, pack, "outpatient.counts_toward_annual_cap", 0, &opcap)))
        return rc;
    p->round = mode == 0 ? YB_ROUND_HALF_UP : YB_ROUND_HALF_EVEN;
    p->unknown_reject = unk;
    p->tolerance = tol;
    p->segment_annual = seg;
    p->op_counts_cap = opcap;
    int32_t vf = yb_pack_valid_from(pack), vt = yb_pack_valid_to(pack);
    p->valid_from = vf ? yb_date_to_days(vf) : BP_DAY_MIN;
    p->valid_to = vt ? yb_date_to_days(vt) : BP_DAY_MAX;
    return YB_OK;
}

int yb_benefit_policy_load(yb_ctx *ctx, const char *pack_path, yb_benefit_policy **out)
{
    if (!ctx || !pack_path || !out)
        return YB_E_INVALID_ARG;
    *out = NULL;
    yb_pack *pack = NULL;
    int rc = yb_pack_open(ctx, pack_path, "benefit-policy", &pack);
    if (rc)
        return rc;
    yb_benefit_policy *p = yb_calloc(ctx, 1, sizeof *p);
    if (!p) {
        yb_pack_close(pack);
        return yb_fail_nomem(ctx, "benefit policy");
    }
    p->mem = ctx->mem;
    memcpy(p->fingerprint, yb_pack_fingerprint(pack), sizeof p->fingerprint - 1);
    if ((rc = read_params(ctx, p, pack)) || (rc = bp_load_items(ctx, p, pack)) ||
        (rc = bp_load_inpatient(ctx, p, pack)) || (rc = bp_load_insured(ctx, p, pack)) ||
        (rc = bp_load_outpatient(ctx, p, pack)) || (rc = bp_load_critical_illness(ctx, p, pack)) ||
        (rc = bp_load_assistance(ctx, p, pack))) {
        yb_pack_close(pack);
        yb_benefit_policy_free(p);
        return rc;
    }
    yb_pack_close(pack);
    yb_log(ctx, YB_LOG_INFO, "benefit policy %s loaded: %u item codes", pack_path, yb_dict_count(p->codes));
    *out = p;
    return YB_OK;
}

void yb_benefit_policy_free(yb_benefit_policy *p)
{
    if (!p)
        return;
    const yb_mem mem = p->mem;
    yb_dict_free(p->codes);
    yb_mem_free(&mem, p->item_first);
    yb_mem_free(&mem, p->code_text);
    yb_mem_free(&mem, p->code_len);
    yb_mem_free(&mem, p->code_slots);
    yb_mem_free(&mem, p->items);
    yb_mem_free(&mem, p->deductible);
    yb_mem_free(&mem, p->seg_sets);
    yb_mem_free(&mem, p->bands);
    yb_mem_free(&mem, p->rep_sets);
    yb_mem_free(&mem, p->repeats);
    yb_mem_free(&mem, p->insured);
    yb_mem_free(&mem, p->op_ratio);
    yb_mem_free(&mem, p->ci);
    yb_mem_free(&mem, p->ci_sets);
    yb_mem_free(&mem, p->assist);
    bp_index *ix[] = { &p->ded_ix, &p->seg_ix, &p->rep_ix, &p->ins_ix, &p->op_ix,
                       &p->ci_ix, &p->ciband_ix, &p->as_ix };
    for (size_t i = 0; i < sizeof ix / sizeof *ix; i++)
        bp_index_free(&mem, ix[i]);
    yb_mem_free(&mem, p);
}

const char *yb_benefit_policy_fingerprint(const yb_benefit_policy *p)
{
    return p ? p->fingerprint : "";
}

int yb_benefit_policy_item_id(const yb_benefit_policy *p, const char *code, size_t len, uint32_t *id)
{
    if (!p || !code || !id)
        return YB_E_INVALID_ARG;
    *id = YB_BENEFIT_NO_ITEM;
    int rc = bp_code_lookup(p, code, len, id);
    if (rc)
        *id = YB_BENEFIT_NO_ITEM;
    return rc;
}

uint32_t yb_benefit_policy_item_count(const yb_benefit_policy *p)
{
    return p ? yb_dict_count(p->codes) : 0;
}

const char *yb_benefit_policy_item_code(const yb_benefit_policy *p, uint32_t id)
{
    return p ? yb_dict_code(p->codes, id) : NULL;
}
