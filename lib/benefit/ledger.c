/* The member ledger: records, journal and saved years; the public accessors
 * and the primitive changes every settlement and reversal is made of. */
#include <string.h>

#include <yibao/benefit.h>

#include "core/date.h"
#include "ledger.h"

int bl_blank(const bl_member *m)
{
    return m->year == 0 && m->admissions == 0 && m->refs == 0 && m->ded_used == 0 && m->op_ded_used == 0 &&
           m->fund_paid == 0 && m->cap_used == 0 && m->op_paid == 0 && m->elig_cum == 0 && m->ci_cum == 0 &&
           m->ci_paid == 0 && m->as_cum == 0 && m->as_paid == 0 && m->balance == 0;
}

int yb_benefit_ledger_new(yb_ctx *ctx, yb_benefit_ledger **out)
{
    if (!ctx || !out)
        return YB_E_INVALID_ARG;
    *out = yb_calloc(ctx, 1, sizeof **out);
    if (!*out)
        return yb_fail_nomem(ctx, "member ledger");
    (*out)->mem = ctx->mem;
    return YB_OK;
}

void yb_benefit_ledger_free(yb_benefit_ledger *l)
{
    if (!l)
        return;
    const yb_mem mem = l->mem;
    yb_mem_free(&mem, l->recs);
    yb_mem_free(&mem, l->jr);
    yb_mem_free(&mem, l->saved);
    yb_mem_free(&mem, l->changes);
    idmap_free(&l->rec_ix, &mem);
    idmap_free(&l->jr_ix, &mem);
    idmap_free(&l->saved_ix, &mem);
    yb_mem_free(&mem, l);
}

static int grow_exact(const yb_mem *mem, void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return YB_OK;
    size_t ncap = *cap + *cap / 2;
    if (ncap < need)
        ncap = need;
    if (ncap < 16)
        ncap = 16;
    void *p = yb_mem_realloc_array(mem, *arr, ncap, elem);
    if (!p)
        return YB_E_NOMEM;
    *arr = p;
    *cap = ncap;
    return YB_OK;
}

int bl_reserve_more(yb_ctx *ctx, yb_benefit_ledger *l, size_t members, size_t entries, size_t saved)
{
    int rc = YB_OK;
    if (l->nrecs + members <= l->caprecs && (l->nrecs + members) * 4 <= ((size_t)l->rec_ix.mask + 1) * 3 &&
        l->njr + entries <= l->capjr && (l->njr + entries) * 4 <= ((size_t)l->jr_ix.mask + 1) * 3 && !saved)
        return YB_OK; /* the common case: room already there */
    if (members && ((rc = grow_exact(&l->mem, (void **)&l->recs, &l->caprecs, l->nrecs + members, sizeof *l->recs)) ||
                    (rc = idmap_reserve(&l->rec_ix, &l->mem, bl_rec_view(l), l->nrecs + members))))
        goto fail;
    if (entries && ((rc = grow_exact(&l->mem, (void **)&l->jr, &l->capjr, l->njr + entries, sizeof *l->jr)) ||
                    (rc = idmap_reserve(&l->jr_ix, &l->mem, bl_jr_view(l), l->njr + entries))))
        goto fail;
    if (saved && ((rc = grow_exact(&l->mem, (void **)&l->saved, &l->capsaved, l->nsaved + saved, sizeof *l->saved)) ||
                  (rc = idmap_reserve(&l->saved_ix, &l->mem, bl_saved_view(l), l->nsaved + saved))))
        goto fail;
    return YB_OK;
fail:
    if (rc == YB_E_NOMEM)
        return yb_fail_nomem(ctx, "member ledger");
    return yb_fail(ctx, rc, "member ledger: more than 2^30 members or claims");
}

int yb_benefit_ledger_reserve(yb_ctx *ctx, yb_benefit_ledger *l, uint64_t members, uint64_t claims)
{
    if (!ctx || !l)
        return YB_E_INVALID_ARG;
    if (members > (UINT64_C(1) << 30) || claims > (UINT64_C(1) << 30))
        return yb_fail(ctx, YB_E_LIMIT, "member ledger: more than 2^30 members or claims");
    size_t m = members > l->nrecs ? (size_t)members - l->nrecs : 0;
    size_t c = claims > l->njr ? (size_t)claims - l->njr : 0;
    /* Reserve exactly (no growth slack) so a known population costs only its records. */
    if (m && l->nrecs + m > l->caprecs) {
        bl_member *p = yb_mem_realloc_array(&l->mem, l->recs, l->nrecs + m, sizeof *p);
        if (!p)
            return yb_fail_nomem(ctx, "member ledger");
        l->recs = p;
        l->caprecs = l->nrecs + m;
    }
    if (c && l->njr + c > l->capjr) {
        bl_entry *p = yb_mem_realloc_array(&l->mem, l->jr, l->njr + c, sizeof *p);
        if (!p)
            return yb_fail_nomem(ctx, "member ledger");
        l->jr = p;
        l->capjr = l->njr + c;
    }
    return bl_reserve_more(ctx, l, m, c, 0);
}

bl_member *bl_get_or_add(yb_benefit_ledger *l, uint64_t id)
{
    bl_member *m = bl_find(l, id);
    if (m)
        return m;
    m = &l->recs[l->nrecs];
    memset(m, 0, sizeof *m);
    m->id = id;
    idmap_insert(&l->rec_ix, bl_rec_view(l), id, (uint32_t)l->nrecs);
    l->nrecs++;
    return m;
}

void bl_saved_add(yb_benefit_ledger *l, uint64_t claim_id, const bl_member *rec)
{
    l->saved[l->nsaved] = (bl_saved){ claim_id, *rec };
    idmap_insert(&l->saved_ix, bl_saved_view(l), claim_id, (uint32_t)l->nsaved);
    l->nsaved++;
}

const bl_saved *bl_saved_find(const yb_benefit_ledger *l, uint64_t claim_id)
{
    uint32_t pos = idmap_find(&l->saved_ix, bl_saved_view(l), claim_id);
    return pos == IDMAP_NONE ? NULL : &l->saved[pos];
}

void bl_saved_remove(yb_benefit_ledger *l, uint64_t claim_id)
{
    uint32_t pos = idmap_find(&l->saved_ix, bl_saved_view(l), claim_id);
    if (pos == IDMAP_NONE)
        return;
    idmap_remove(&l->saved_ix, bl_saved_view(l), claim_id);
    size_t last = l->nsaved - 1;
    if (pos != last) {
        l->saved[pos] = l->saved[last];
        idmap_set(&l->saved_ix, bl_saved_view(l), l->saved[pos].claim_id, pos);
    }
    l->nsaved--;
}

/* Removes entries [pos, pos + k) and moves the later ones down. The index
 * is updated before the move, in increasing order: a probe reads each slot's
 * key at the position the slot stores, and an updated slot (position − k)
 * then reads an earlier entry, never the one being looked up. */
static void journal_cut(yb_benefit_ledger *l, size_t pos, size_t k)
{
    for (size_t q = pos; q < pos + k; q++)
        idmap_remove(&l->jr_ix, bl_jr_view(l), l->jr[q].claim_id);
    for (size_t q = pos + k; q < l->njr; q++)
        idmap_set(&l->jr_ix, bl_jr_view(l), l->jr[q].claim_id, (uint32_t)(q - k));
    memmove(&l->jr[pos], &l->jr[pos + k], (l->njr - pos - k) * sizeof *l->jr);
    l->njr -= k;
}

void bl_journal_remove(yb_benefit_ledger *l, size_t pos) { journal_cut(l, pos, 1); }

static int add_checked(int64_t *acc, int64_t delta)
{
    return __builtin_add_overflow(*acc, delta, acc);
}

int bl_apply(bl_member *m, bl_member *payer, const bl_entry *e, int sign)
{
    bl_member n = *m;
    const bc_paid *p = &e->paid;
    int in = e->visit == YB_VISIT_INPATIENT;
    int64_t s = sign;
    int bad = 0;
    bad |= add_checked(&n.ded_used, in ? s * p->deductible : 0);
    bad |= add_checked(&n.op_ded_used, in ? 0 : s * p->deductible);
    bad |= add_checked(&n.fund_paid, s * p->pooled);
    bad |= add_checked(&n.cap_used, (e->flags & BL_CAP_COUNTED) ? s * p->pooled : 0);
    bad |= add_checked(&n.op_paid, in ? 0 : s * p->pooled);
    bad |= add_checked(&n.elig_cum, s * (e->sum.in_scope - p->deductible));
    bad |= add_checked(&n.ci_cum, s * p->d_ci_cum);
    bad |= add_checked(&n.ci_paid, s * p->ci);
    bad |= add_checked(&n.as_cum, s * p->d_as_cum);
    bad |= add_checked(&n.as_paid, s * p->assist);
    bad |= add_checked(&n.balance, -s * (p->account - p->family));
    if (in)
        n.admissions = (uint16_t)(n.admissions + (sign > 0 ? 1 : -1));
    if (bad)
        return YB_E_OVERFLOW;
    *m = n;
    if (payer)
        payer->balance -= s * p->family;
    return YB_OK;
}

void bl_rollover(bl_member *m, int year)
{
    bl_member n = { 0 };
    n.id = m->id;
    n.refs = m->refs;
    n.balance = m->balance;
    n.year = (int16_t)year;
    *m = n;
}

void bl_unroll(bl_member *m, const bl_entry *e, const bl_saved *saved)
{
    int64_t balance = m->balance;
    uint32_t refs = m->refs;
    if ((e->flags & BL_ROLLED) && saved)
        *m = saved->rec;
    else if (e->flags & BL_ROLLED_BLANK)
        bl_rollover(m, 0);
    else
        return;
    m->balance = balance;
    m->refs = refs;
}

int bl_rebuild(yb_ctx *ctx, yb_benefit_ledger *l)
{
    idmap_free(&l->rec_ix, &l->mem);
    idmap_free(&l->jr_ix, &l->mem);
    idmap_free(&l->saved_ix, &l->mem);
    if (idmap_reserve(&l->rec_ix, &l->mem, bl_rec_view(l), l->nrecs + 1) ||
        idmap_reserve(&l->jr_ix, &l->mem, bl_jr_view(l), l->njr + 1) ||
        idmap_reserve(&l->saved_ix, &l->mem, bl_saved_view(l), l->nsaved + 1))
        return yb_fail_nomem(ctx, "member ledger");
    for (size_t i = 0; i < l->nrecs; i++)
        idmap_insert(&l->rec_ix, bl_rec_view(l), l->recs[i].id, (uint32_t)i);
    for (size_t i = 0; i < l->njr; i++)
        idmap_insert(&l->jr_ix, bl_jr_view(l), l->jr[i].claim_id, (uint32_t)i);
    for (size_t i = 0; i < l->nsaved; i++)
        idmap_insert(&l->saved_ix, bl_saved_view(l), l->saved[i].claim_id, (uint32_t)i);
    return YB_OK;
}

int yb_benefit_ledger_clone(yb_ctx *ctx, const yb_benefit_ledger *l, yb_benefit_ledger **out)
{
    if (!ctx || !l || !out)
        return YB_E_INVALID_ARG;
    yb_benefit_ledger *c = NULL;
    int rc = yb_benefit_ledger_new(ctx, &c);
    if (rc)
        return rc;
    if ((rc = bl_reserve_more(ctx, c, l->nrecs, l->njr, l->nsaved))) {
        yb_benefit_ledger_free(c);
        return rc;
    }
    if (l->nrecs)
        memcpy(c->recs, l->recs, l->nrecs * sizeof *l->recs);
    if (l->njr)
        memcpy(c->jr, l->jr, l->njr * sizeof *l->jr);
    if (l->nsaved)
        memcpy(c->saved, l->saved, l->nsaved * sizeof *l->saved);
    c->nrecs = l->nrecs;
    c->njr = l->njr;
    c->nsaved = l->nsaved;
    for (size_t i = 0; i < c->nrecs; i++)
        idmap_insert(&c->rec_ix, bl_rec_view(c), c->recs[i].id, (uint32_t)i);
    for (size_t i = 0; i < c->njr; i++)
        idmap_insert(&c->jr_ix, bl_jr_view(c), c->jr[i].claim_id, (uint32_t)i);
    for (size_t i = 0; i < c->nsaved; i++)
        idmap_insert(&c->saved_ix, bl_saved_view(c), c->saved[i].claim_id, (uint32_t)i);
    *out = c;
    return YB_OK;
}

static void to_public(const bl_member *m, yb_benefit_member *o)
{
    size_t size = o->size;
    memset(o, 0, size < sizeof *o ? size : sizeof *o);
    o->size = size;
    o->member_id = m->id;
    o->year = m->year;
    o->admissions = m->admissions;
    o->deductible_used = m->ded_used;
    o->outpatient_deductible_used = m->op_ded_used;
    o->fund_paid = m->fund_paid;
    o->cap_used = m->cap_used;
    o->outpatient_fund_paid = m->op_paid;
    o->eligible_cumulative = m->elig_cum;
    o->critical_illness_cumulative = m->ci_cum;
    o->critical_illness_paid = m->ci_paid;
    o->assistance_cumulative = m->as_cum;
    o->assistance_paid = m->as_paid;
    o->account_balance = m->balance;
}

int yb_benefit_ledger_member(const yb_benefit_ledger *l, uint64_t member_id, yb_benefit_member *out)
{
    if (!l || !out || out->size < sizeof *out)
        return YB_E_INVALID_ARG;
    const bl_member *m = bl_find(l, member_id);
    bl_member blank = { .id = member_id };
    to_public(m ? m : &blank, out);
    return m && !bl_blank(m) ? YB_OK : YB_E_NOT_FOUND;
}

int yb_benefit_ledger_member_put(yb_ctx *ctx, yb_benefit_ledger *l, const yb_benefit_member *s)
{
    if (!ctx || !l || !s || s->size < sizeof *s || s->member_id == 0 || s->reserved[0] || s->reserved[1] ||
        s->reserved[2] || s->reserved[3])
        return YB_E_INVALID_ARG;
    bl_member *m = bl_find(l, s->member_id);
    if (m && m->refs)
        return yb_fail(ctx, YB_E_STATE,
                       "member %llu: %u journalled claims refer to this member; reverse or compact them first",
                       (unsigned long long)s->member_id, m->refs);
    const int64_t v[] = { s->deductible_used, s->outpatient_deductible_used, s->fund_paid, s->cap_used,
                          s->outpatient_fund_paid, s->eligible_cumulative, s->critical_illness_cumulative,
                          s->critical_illness_paid, s->assistance_cumulative, s->assistance_paid,
                          s->account_balance };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (v[i] < 0)
            return yb_fail(ctx, YB_E_PARAM, "member %llu: accumulators and balance must not be negative",
                           (unsigned long long)s->member_id);
    if ((s->year != 0 && (s->year < 1900 || s->year > 2999)) || s->admissions < 0 || s->admissions > 65535)
        return yb_fail(ctx, YB_E_PARAM, "member %llu: year %d or admissions %d out of range",
                       (unsigned long long)s->member_id, s->year, s->admissions);
    int rc = bl_reserve_more(ctx, l, 1, 0, 0);
    if (rc)
        return rc;
    m = bl_get_or_add(l, s->member_id);
    *m = (bl_member){ .id = s->member_id, .year = (int16_t)s->year, .admissions = (uint16_t)s->admissions,
                      .ded_used = v[0], .op_ded_used = v[1], .fund_paid = v[2], .cap_used = v[3],
                      .op_paid = v[4], .elig_cum = v[5], .ci_cum = v[6], .ci_paid = v[7], .as_cum = v[8],
                      .as_paid = v[9], .balance = v[10] };
    return YB_OK;
}

int yb_benefit_ledger_account_credit(yb_ctx *ctx, yb_benefit_ledger *l, uint64_t member_id, int64_t amount)
{
    if (!ctx || !l || member_id == 0)
        return YB_E_INVALID_ARG;
    bl_member *m = bl_find(l, member_id);
    int64_t now = m ? m->balance : 0, next;
    if (__builtin_add_overflow(now, amount, &next))
        return yb_fail(ctx, YB_E_OVERFLOW, "member %llu: account balance overflows", (unsigned long long)member_id);
    if (next < 0)
        return yb_fail(ctx, YB_E_PARAM, "member %llu: a debit of %lld fen exceeds the balance of %lld fen",
                       (unsigned long long)member_id, (long long)-amount, (long long)now);
    if (!m) {
        int rc = bl_reserve_more(ctx, l, 1, 0, 0);
        if (rc)
            return rc;
        m = bl_get_or_add(l, member_id);
    }
    m->balance = next;
    return YB_OK;
}

uint64_t yb_benefit_ledger_member_count(const yb_benefit_ledger *l)
{
    uint64_t n = 0;
    if (l)
        for (size_t i = 0; i < l->nrecs; i++)
            n += !bl_blank(&l->recs[i]);
    return n;
}

uint64_t yb_benefit_ledger_claim_count(const yb_benefit_ledger *l) { return l ? l->njr : 0; }

uint64_t yb_benefit_ledger_memory(const yb_benefit_ledger *l)
{
    if (!l)
        return 0;
    return sizeof *l + l->caprecs * sizeof *l->recs + l->capjr * sizeof *l->jr + l->capsaved * sizeof *l->saved +
           l->capchanges * sizeof *l->changes + idmap_bytes(&l->rec_ix) + idmap_bytes(&l->jr_ix) +
           idmap_bytes(&l->saved_ix);
}

int64_t yb_benefit_ledger_compact(yb_ctx *ctx, yb_benefit_ledger *l, int32_t before_date)
{
    if (!ctx || !l || yb_date_valid(before_date))
        return YB_E_INVALID_ARG;
    size_t k = 0;
    while (k < l->njr && l->jr[k].date < before_date)
        k++;
    if (!k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        const bl_entry *e = &l->jr[i];
        bl_find(l, e->member_id)->refs--;
        if (e->payer_id)
            bl_find(l, e->payer_id)->refs--;
        if (e->flags & BL_ROLLED)
            bl_saved_remove(l, e->claim_id);
    }
    journal_cut(l, 0, k);
    l->nchanges = 0;
    return (int64_t)k;
}
