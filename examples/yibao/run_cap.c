/* run-year, capitation: the county alliance's ledger for the year — the
 * pooled fund the benefit step paid on its enrollees' claims, by month and
 * pot, inside the alliance, in the region's other hospitals (outside the
 * county: "other county") and out of the region ("out of province"), plus the
 * plan's twelve monthly advances — and its year-end clearing with the
 * region's assessment scores (doc/capitation.md). The ledger is also written
 * as capitation_ledger.csv in the format of `yibao capitation --ledger`. */
#include <stdlib.h>
#include <string.h>

#include "core/ctx_internal.h"

#include "run_year.h"

#define KINDS 3

static const char *const KIND_NAME[KINDS] = { "spend_alliance", "spend_other_county", "spend_out_of_province" };
static const int32_t KIND_CODE[KINDS] = { YB_CAP_SPEND_ALLIANCE, YB_CAP_SPEND_OTHER_COUNTY,
                                          YB_CAP_SPEND_OUT_OF_PROVINCE };
static const char *const KIND_ID[KINDS] = { "alliance", "other-county", "out-of-province" };

typedef struct entries {
    char ids[512][64];
    char pots[512][32];
    int32_t kind[512], month[512];
    int64_t amount[512];
    size_t n;
    char idbuf[512 * 64], potbuf[512 * 32]; /* the same as columns */
    int64_t idoff[513], potoff[513];
    int32_t status[512];
} entries;

static void add(entries *e, const char *id, int32_t kind, int32_t month, const char *pot, int64_t amount)
{
    if (e->n >= sizeof e->amount / sizeof e->amount[0]) /* 12 advances + 12 × 3 kinds × 3 pots at most */
        return;
    snprintf(e->ids[e->n], sizeof e->ids[0], "%s", id);
    snprintf(e->pots[e->n], sizeof e->pots[0], "%s", pot);
    e->kind[e->n] = kind;
    e->month[e->n] = month;
    e->amount[e->n] = amount;
    e->n++;
}

static int write_ledger(run_state *s, const entries *e)
{
    FILE *f = run_open(s, "capitation_ledger.csv");
    if (!f)
        return yb_ctx_errcode(s->ctx);
    fputs("entry_id,kind,month,pot,facility,amount,quantity,reverses\n", f);
    for (size_t i = 0; i < e->n; i++) {
        char yuan[32];
        yb_decimal_format(e->amount[i], 2, yuan, sizeof yuan);
        const char *kind = e->kind[i] == YB_CAP_ADVANCE ? "advance" : KIND_NAME[e->kind[i] - 1];
        fprintf(f, "%s,%s,%d,%s,,%s,,\n", e->ids[i], kind, (int)e->month[i], e->pots[i], yuan);
    }
    return run_close(s, f, "capitation_ledger.csv");
}

int run_capitation(run_state *s)
{
    yb_ctx *ctx = s->ctx;
    const region_claims *k = &s->data.k;
    const region_members *m = &s->data.m;
    int rc;
    run_stage(s, "capitation (ledger and clearing)");
    s->cap_budget.size = sizeof s->cap_budget;
    if ((rc = yb_cap_plan_budget(ctx, s->plan, &s->cap_budget)))
        return rc;
    uint32_t npots = yb_cap_plan_pot_count(s->plan);
    const char *pot_of[3];
    for (int p = 0; p < 3; p++) {
        pot_of[p] = "";
        if (npots <= 1)
            continue;
        for (uint32_t q = 0; q < npots; q++)
            if (strcmp(yb_cap_plan_pot_code(s->plan, q), s->d->pot_code[p]) == 0)
                pot_of[p] = s->d->pot_code[p];
        if (!*pot_of[p])
            return yb_fail(ctx, YB_E_PARAM, "%s: capitation pot '%s' is not a pot of the plan %s", s->d->dir,
                           s->d->pot_code[p], s->d->pack_capitation);
    }
    int64_t spent[KINDS][RUN_MONTHS][3];
    memset(spent, 0, sizeof spent);
    for (size_t j = s->claim_first; j < k->n; j++) {
        uint32_t i = k->member[j];
        if (!m->alliance[i] || s->cl.status[j])
            continue;
        int kind = k->facility[j] < 0 ? 2 : s->d->fac[k->facility[j]].alliance ? 0 : 1;
        int month = k->date[j] / 100 % 100;
        spent[kind][month - 1][npots > 1 ? k->pot[j] : 0] += s->cl.pooled[j]; /* one pot: all in one */
        s->cap_enrollee_pooled += s->cl.pooled[j];
        s->cap_spent[month - 1][kind] += s->cl.pooled[j];
        s->cap_pot_spent[k->pot[j]] += s->cl.pooled[j];
    }
    entries *e = calloc(1, sizeof *e);
    if (!e)
        return yb_fail_nomem(ctx, "ledger");
    char id[64];
    for (int month = 1; month <= RUN_MONTHS; month++) {
        snprintf(id, sizeof id, "%d-%02d-advance", s->year, month);
        add(e, id, YB_CAP_ADVANCE, month, "", s->cap_budget.advance[month - 1]);
        for (int kind = 0; kind < KINDS; kind++)
            for (int p = 0; p < (npots > 1 ? 3 : 1); p++) {
                if (!spent[kind][month - 1][p])
                    continue;
                snprintf(id, sizeof id, "%d-%02d-%s-%s", s->year, month, KIND_ID[kind],
                         npots > 1 ? pot_of[p] : "all");
                add(e, id, KIND_CODE[kind], month, pot_of[p], spent[kind][month - 1][p]);
            }
    }
    /* columns */
    char *idbuf = e->idbuf, *potbuf = e->potbuf;
    int64_t *idoff = e->idoff, *potoff = e->potoff;
    size_t il = 0, pl = 0;
    idoff[0] = potoff[0] = 0;
    for (size_t i = 0; i < e->n; i++) {
        size_t a = strlen(e->ids[i]), b = strlen(e->pots[i]);
        memcpy(idbuf + il, e->ids[i], a);
        memcpy(potbuf + pl, e->pots[i], b);
        il += a;
        pl += b;
        idoff[i + 1] = (int64_t)il;
        potoff[i + 1] = (int64_t)pl;
    }
    yb_cap_entry_columns in = { .size = sizeof in, .n = e->n, .entry_id_data = idbuf, .entry_id_offsets = idoff,
                                .kind = e->kind, .month = e->month, .pot_data = potbuf, .pot_offsets = potoff,
                                .amount = e->amount };
    s->cap_entries = e->n;
    if ((rc = yb_cap_ledger_new(ctx, s->plan, &s->cap_ledger)))
        goto done;
    int bad = yb_cap_ledger_add_batch(ctx, s->cap_ledger, &in, e->status);
    if (bad) {
        rc = bad < 0 ? bad : yb_fail(ctx, YB_E_INTERNAL, "%d capitation ledger entries refused: %s", bad,
                                     yb_ctx_errmsg(ctx));
        goto done;
    }
    if ((rc = write_ledger(s, e)))
        goto done;
    /* the assessment: one score per item of the plan, from the region pack */
    uint32_t items = yb_cap_plan_item_count(s->plan);
    int64_t scores[16];
    if (items > 16) {
        rc = yb_fail(ctx, YB_E_LIMIT, "the capitation plan has more than 16 assessment items");
        goto done;
    }
    for (uint32_t q = 0; q < items; q++) {
        const char *code = yb_cap_plan_item_code(s->plan, q);
        size_t a = 0;
        while (a < s->d->n_assess && strcmp(s->d->assess_item[a], code) != 0)
            a++;
        if (a == s->d->n_assess) {
            rc = yb_fail(ctx, YB_E_PARAM, "%s: no assessment score for the plan's item '%s'", s->d->dir, code);
            goto done;
        }
        scores[q] = s->d->assess_score[a];
    }
    yb_cap_clearing_input ci = { .size = sizeof ci, .through_month = 12, .item_scores = items ? scores : NULL,
                                 .n_item_scores = items, .total_score = -1 };
    if ((rc = yb_cap_clear(ctx, s->plan, s->cap_ledger, &ci, &s->cap)))
        goto done;
    s->cap_summary.size = sizeof s->cap_summary;
    rc = yb_cap_clearing_summary(s->cap, &s->cap_summary);
done:
    free(e);
    return rc;
}
