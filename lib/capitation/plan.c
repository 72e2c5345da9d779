/* The capitation plan handle: loading (common parameters, then the mode's
 * tables), freeing and accessors. */
#include <string.h>

#include "cap_internal.h"

/* Parameters common to both modes, and per mode (anything else is a typo). */
static const char *const known_alliance[] = {
    "mode", "year", "rounding", "per_capita.base", "per_capita.growth", "risk_reserve.ratio",
    "risk_adjustment.enabled", "risk_adjustment.normalisation", "clearing.basis", "overspend.min_score",
    "advance.ratio",
};
static const char *const known_openimis[] = {
    "mode", "year", "rounding", "openimis.share_contribution", "openimis.weight.population",
    "openimis.weight.families", "openimis.weight.insured_persons", "openimis.weight.insured_families",
    "openimis.weight.visits", "openimis.weight.adjusted_amount",
};

void yb_cap_plan_free(yb_cap_plan *p)
{
    if (!p)
        return;
    yb_mem mem = p->mem;
    yb_mem_free(&mem, p->bands);
    cap_list_free(&mem, &p->conds);
    cap_list_free(&mem, &p->pots);
    cap_list_free(&mem, &p->carves);
    cap_list_free(&mem, &p->items);
    cap_list_free(&mem, &p->tiers);
    cap_list_free(&mem, &p->facilities);
    yb_mem_free(&mem, p->retention);
    yb_mem_free(&mem, p->surplus);
    yb_mem_free(&mem, p->over);
    yb_mem_free(&mem, p->carve_amount);
    yb_mem_free(&mem, p->pot_budget);
    yb_mem_free(&mem, p->fac_sorted);
    yb_mem_free(&mem, p);
}

static int load(yb_ctx *ctx, const yb_pack *pack, yb_cap_plan *p)
{
    static const char *const modes[] = { "alliance", "openimis" };
    static const char *const roundings[] = { "half_up", "half_even" };
    int mode = 0, rounding = 0, rc;
    int64_t year;
    if ((rc = yb_pack_param_enum(ctx, pack, "mode", 0, modes, 2, &mode)) ||
        (rc = yb_pack_param_enum(ctx, pack, "rounding", 0, roundings, 2, &rounding)) ||
        (rc = yb_pack_param_int(ctx, pack, "year", 1, 2000, 2100, &year)))
        return rc;
    p->mode = mode == 0 ? YB_CAP_MODE_ALLIANCE : YB_CAP_MODE_OPENIMIS;
    p->rounding = rounding == 0 ? YB_ROUND_HALF_UP : YB_ROUND_HALF_EVEN;
    p->year = (int32_t)year;
    if (p->mode == YB_CAP_MODE_ALLIANCE)
        rc = yb_pack_param_check_known(ctx, pack, known_alliance, sizeof known_alliance / sizeof *known_alliance);
    else
        rc = yb_pack_param_check_known(ctx, pack, known_openimis, sizeof known_openimis / sizeof *known_openimis);
    if (rc)
        return rc; /* the core message names the manifest and the unknown key */
    memcpy(p->fingerprint, yb_pack_fingerprint(pack), sizeof p->fingerprint);
    return p->mode == YB_CAP_MODE_ALLIANCE ? cap_load_alliance(ctx, pack, p) : cap_load_openimis(ctx, pack, p);
}

int yb_cap_plan_load(yb_ctx *ctx, const char *pack_path, yb_cap_plan **out)
{
    if (!ctx || !pack_path || !out)
        return YB_E_INVALID_ARG;
    *out = NULL;
    yb_pack *pack = NULL;
    int rc = yb_pack_open(ctx, pack_path, "capitation-plan", &pack);
    if (rc)
        return rc;
    yb_cap_plan *p = yb_calloc(ctx, 1, sizeof *p);
    if (!p) {
        yb_pack_close(pack);
        return yb_fail_nomem(ctx, "a capitation plan");
    }
    p->mem = ctx->mem;
    rc = load(ctx, pack, p);
    yb_pack_close(pack);
    if (rc) {
        yb_cap_plan_free(p);
        return rc;
    }
    yb_log(ctx, YB_LOG_INFO, "capitation plan %s loaded (%s mode)", pack_path,
           p->mode == YB_CAP_MODE_ALLIANCE ? "alliance" : "openimis");
    *out = p;
    return YB_OK;
}

const char *yb_cap_plan_fingerprint(const yb_cap_plan *p) { return p ? p->fingerprint : ""; }
int yb_cap_plan_mode(const yb_cap_plan *p) { return p ? p->mode : 0; }

int yb_cap_plan_budget(yb_ctx *ctx, const yb_cap_plan *p, yb_cap_budget *out)
{
    if (!p || !out || out->size < sizeof *out)
        return YB_E_INVALID_ARG;
    if (p->mode != YB_CAP_MODE_ALLIANCE)
        return yb_fail(ctx, YB_E_STATE, "an openIMIS plan has no alliance budget; see yb_cap_clear()");
    *out = p->budget;
    return YB_OK;
}

static uint32_t count(const yb_cap_plan *p, const cap_list *l, int mode)
{
    return p && p->mode == mode ? (uint32_t)l->n : 0;
}

static const char *code(const yb_cap_plan *p, const cap_list *l, int mode, uint32_t id)
{
    return p && p->mode == mode && id < l->n ? l->v[id].code : NULL;
}

uint32_t yb_cap_plan_pot_count(const yb_cap_plan *p) { return p ? count(p, &p->pots, YB_CAP_MODE_ALLIANCE) : 0; }
uint32_t yb_cap_plan_tier_count(const yb_cap_plan *p) { return p ? count(p, &p->tiers, YB_CAP_MODE_ALLIANCE) : 0; }
uint32_t yb_cap_plan_item_count(const yb_cap_plan *p) { return p ? count(p, &p->items, YB_CAP_MODE_ALLIANCE) : 0; }
uint32_t yb_cap_plan_facility_count(const yb_cap_plan *p)
{
    return p ? count(p, &p->facilities, YB_CAP_MODE_OPENIMIS) : 0;
}

const char *yb_cap_plan_pot_code(const yb_cap_plan *p, uint32_t id)
{
    return p ? code(p, &p->pots, YB_CAP_MODE_ALLIANCE, id) : NULL;
}
const char *yb_cap_plan_tier_code(const yb_cap_plan *p, uint32_t id)
{
    return p ? code(p, &p->tiers, YB_CAP_MODE_ALLIANCE, id) : NULL;
}
const char *yb_cap_plan_item_code(const yb_cap_plan *p, uint32_t id)
{
    return p ? code(p, &p->items, YB_CAP_MODE_ALLIANCE, id) : NULL;
}
const char *yb_cap_plan_facility_code(const yb_cap_plan *p, uint32_t id)
{
    return p ? code(p, &p->facilities, YB_CAP_MODE_OPENIMIS, id) : NULL;
}

static const struct {
    const char *name;
    int32_t kind;
} kinds[] = {
    { "spend_alliance", YB_CAP_SPEND_ALLIANCE },
    { "spend_other_county", YB_CAP_SPEND_OTHER_COUNTY },
    { "spend_out_of_province", YB_CAP_SPEND_OUT_OF_PROVINCE },
    { "advance", YB_CAP_ADVANCE },
    { "reversal", YB_CAP_REVERSAL },
    { "contribution", YB_CAP_CONTRIBUTION },
    { "visits", YB_CAP_VISITS },
    { "adjusted", YB_CAP_ADJUSTED },
};

int yb_cap_entry_kind_parse(const char *text, size_t len, int32_t *kind)
{
    if (!text || !kind)
        return YB_E_INVALID_ARG;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strlen(kinds[i].name) == len && memcmp(kinds[i].name, text, len) == 0) {
            *kind = kinds[i].kind;
            return YB_OK;
        }
    return YB_E_NOT_FOUND;
}
