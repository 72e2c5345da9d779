/* yb_cap_clear(): checks the input, works out the assessment score and its
 * retention factor, runs the mode's clearing and exposes the result. */
#include <string.h>

#include "cap_internal.h"

void yb_cap_clearing_free(yb_cap_clearing *c)
{
    if (!c)
        return;
    yb_mem mem = c->mem;
    yb_mem_free(&mem, c->steps);
    yb_mem_free(&mem, c->step_text);
    yb_mem_free(&mem, c->arena);
    yb_mem_free(&mem, c->text);
    yb_mem_free(&mem, c->pots);
    yb_mem_free(&mem, c->tiers);
    yb_mem_free(&mem, c->pay);
    yb_mem_free(&mem, c);
}

/* Score = Σ item scores (each within 0 … its maximum), or the total given;
 * 100 when the plan assesses nothing. Factor = retention row of the score. */
static int score_of(yb_ctx *ctx, const yb_cap_plan *p, const yb_cap_clearing_input *in, int64_t *score,
                    int64_t *factor)
{
    const int64_t full = 100 * (int64_t)YB_SCORE_ONE;
    char v[32];
    *score = full;
    if (p->items.n) {
        if (!in || !in->item_scores || in->n_item_scores != p->items.n)
            return yb_fail(ctx, YB_E_PARAM, "the plan has %zu assessment items: give a score for each (got %zu)",
                           p->items.n, in && in->item_scores ? in->n_item_scores : (size_t)0);
        *score = 0;
        for (size_t i = 0; i < p->items.n; i++) {
            int64_t s = in->item_scores[i];
            if (s < 0 || s > p->items.v[i].a) {
                yb_errloc loc = { .field = p->items.v[i].code, .value = cap_score(s, v), .value_len = strlen(v) };
                char max[32];
                return yb_fail_at(ctx, YB_E_PARAM, &loc, "assessment item score must be from 0 to %s",
                                  cap_score(p->items.v[i].a, max));
            }
            *score += s;
        }
    } else if (in && in->total_score >= 0) {
        if (in->total_score > full) {
            yb_errloc loc = { .field = "total_score", .value = cap_score(in->total_score, v), .value_len = strlen(v) };
            return yb_fail_at(ctx, YB_E_PARAM, &loc, "the assessment score must be from 0 to 100");
        }
        *score = in->total_score;
    } else if (p->nretention || p->min_score) {
        return yb_fail(ctx, YB_E_PARAM,
                       "the plan links retention or overspend sharing to an assessment score: give total_score");
    }
    *factor = YB_RATIO_ONE;
    for (size_t i = 0; i < p->nretention; i++)
        if (p->retention[i].from <= *score)
            *factor = p->retention[i].ratio;
    return YB_OK;
}

int yb_cap_clear(yb_ctx *ctx, const yb_cap_plan *plan, const yb_cap_ledger *ledger,
                 const yb_cap_clearing_input *input, yb_cap_clearing **out)
{
    if (!ctx || !plan || !ledger || !out || (input && input->size < sizeof *input))
        return YB_E_INVALID_ARG;
    *out = NULL;
    if (ledger->plan != plan)
        return yb_fail(ctx, YB_E_INVALID_ARG, "the ledger was made for another plan");
    int32_t through = input && input->through_month ? input->through_month : YB_CAP_MONTHS;
    if (through < 1 || through > YB_CAP_MONTHS)
        return yb_fail(ctx, YB_E_PARAM, "through_month must be 1 … 12 (0 for the whole year), got %d", (int)through);
    int64_t score = 100 * (int64_t)YB_SCORE_ONE, factor = YB_RATIO_ONE;
    int rc;
    if (plan->mode == YB_CAP_MODE_ALLIANCE && (rc = score_of(ctx, plan, input, &score, &factor)))
        return rc;
    yb_cap_clearing *c = yb_calloc(ctx, 1, sizeof *c);
    if (!c)
        return yb_fail_nomem(ctx, "a clearing");
    c->mem = ctx->mem;
    c->sum.size = sizeof c->sum;
    c->sum.mode = plan->mode;
    c->sum.through_month = through;
    if (plan->mode == YB_CAP_MODE_ALLIANCE)
        rc = cap_clear_alliance(ctx, plan, ledger, through, score, factor, c);
    else
        rc = cap_clear_openimis(ctx, plan, ledger, through, c);
    if (!rc)
        rc = cap_finish_text(ctx, c);
    if (rc) {
        yb_cap_clearing_free(c);
        return rc;
    }
    *out = c;
    return YB_OK;
}

int yb_cap_clearing_summary(const yb_cap_clearing *c, yb_cap_summary *out)
{
    if (!c || !out || out->size < sizeof *out)
        return YB_E_INVALID_ARG;
    *out = c->sum;
    return YB_OK;
}

size_t yb_cap_clearing_step_count(const yb_cap_clearing *c) { return c ? c->nsteps : 0; }

int yb_cap_clearing_step(const yb_cap_clearing *c, size_t i, yb_cap_step *out)
{
    if (!c || !out || out->size < sizeof *out || i >= c->nsteps)
        return YB_E_INVALID_ARG;
    *out = c->steps[i];
    return YB_OK;
}

const char *yb_cap_clearing_text(const yb_cap_clearing *c) { return c && c->text ? c->text : ""; }

int yb_cap_clearing_pot(const yb_cap_clearing *c, uint32_t pot, yb_cap_pot_result *out)
{
    if (!c || !out || out->size < sizeof *out || pot >= c->npots)
        return YB_E_INVALID_ARG;
    *out = c->pots[pot];
    return YB_OK;
}

int yb_cap_clearing_tier(const yb_cap_clearing *c, uint32_t tier, yb_cap_tier_result *out)
{
    if (!c || !out || out->size < sizeof *out || tier >= c->ntiers)
        return YB_E_INVALID_ARG;
    *out = c->tiers[tier];
    return YB_OK;
}

int yb_cap_clearing_month(const yb_cap_clearing *c, int32_t month, yb_cap_month_result *out)
{
    if (!c || !out || out->size < sizeof *out || month < 1 || month > c->nmonths)
        return YB_E_INVALID_ARG;
    *out = c->months[month - 1];
    return YB_OK;
}

size_t yb_cap_clearing_payment_count(const yb_cap_clearing *c) { return c ? c->npay : 0; }

int yb_cap_clearing_payment(const yb_cap_clearing *c, size_t i, yb_cap_facility_payment *out)
{
    if (!c || !out || out->size < sizeof *out || i >= c->npay)
        return YB_E_INVALID_ARG;
    *out = c->pay[i];
    return YB_OK;
}
