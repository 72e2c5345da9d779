/* Journal entries as public settlements, and the invariants every
 * settlement must satisfy (DOMAIN.md §4 "Invariants"). */
#include <string.h>

#include "adjudicate.h"

void bc_settlement(const bl_entry *e, yb_benefit_settlement *out)
{
    size_t size = out->size;
    memset(out, 0, size < sizeof *out ? size : sizeof *out);
    out->size = size;
    out->claim_id = e->claim_id;
    out->member_id = e->member_id;
    out->date = e->date;
    out->admission = e->admission;
    out->total = e->sum.total;
    out->full_self_pay = e->sum.full_self;
    out->over_limit = e->sum.over_limit;
    out->b_first_pay = e->sum.b_first;
    out->in_scope = e->sum.in_scope;
    out->deductible = e->paid.deductible;
    out->pooled = e->paid.pooled;
    out->critical_illness = e->paid.ci;
    out->other_funds = e->paid.other;
    out->assistance = e->paid.assist;
    out->fund_total = e->paid.pooled + e->paid.ci + e->paid.other + e->paid.assist;
    out->personal = e->sum.total - out->fund_total;
    out->account_pay = e->paid.account;
    out->family_aid = e->paid.family;
    out->cash_pay = out->personal - e->paid.account;
}

#define CHECK(cond)                                                                                           \
    do {                                                                                                      \
        if (!(cond))                                                                                          \
            return yb_fail(ctx, YB_E_INTERNAL, "claim %llu: settlement invariant failed: %s",                 \
                           (unsigned long long)e->claim_id, #cond);                                           \
    } while (0)

int bc_check_invariants(yb_ctx *ctx, const bc_view *v, const bl_entry *e, const bl_member *m,
                        const bl_member *payer)
{
    const bc_summary *s = &e->sum;
    const bc_paid *o = &e->paid;
    int64_t fund_total = o->pooled + o->ci + o->other + o->assist;
    int64_t personal = s->total - fund_total;
    CHECK(s->full_self >= 0 && s->over_limit >= 0 && s->b_first >= 0 && s->in_scope >= 0);
    CHECK(s->total == s->full_self + s->over_limit + s->b_first + s->in_scope);
    CHECK(o->deductible >= 0 && o->pooled >= 0 && o->ci >= 0 && o->other >= 0 && o->assist >= 0);
    CHECK(o->account >= 0 && o->family >= 0 && o->family <= o->account);
    CHECK(o->d_ci_cum >= 0 && o->d_as_cum >= 0);
    CHECK(o->deductible <= s->in_scope);
    CHECK(o->pooled <= s->in_scope - o->deductible);
    CHECK(o->ci <= o->d_ci_cum);
    CHECK(personal >= 0 && fund_total + personal == s->total);
    CHECK(o->account <= personal);
    CHECK(m->balance >= 0 && (!payer || payer->balance >= 0));
    const bp_insured *ins = v->ins;
    CHECK(!ins->has_cap || !(e->flags & BL_CAP_COUNTED) || o->pooled == 0 || m->cap_used <= ins->cap);
    CHECK(e->visit != YB_VISIT_OUTPATIENT || !ins->has_op_cap || o->pooled == 0 || m->op_paid <= ins->op_cap);
    if (v->ci) {
        int no_cap = v->as && v->as->ci_tilt && v->ci->tilt_no_cap;
        CHECK(!v->ci->has_cap || no_cap || o->ci == 0 || m->ci_paid <= v->ci->cap);
    }
    if (v->as)
        CHECK(!v->as->has_cap || o->assist == 0 || m->as_paid <= v->as->cap);
    if (e->visit == YB_VISIT_INPATIENT && ins->has_deductible_max)
        CHECK(o->deductible == 0 || m->ded_used <= ins->deductible_max);
    return YB_OK;
}
