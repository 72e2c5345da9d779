/* Reversal (冲正) by claim id, with the replay semantics of benefit.h: the
 * later claims that touched an affected member are undone newest first, the
 * target is removed, and they are settled again in their original order.
 * All computing happens on scratch copies of the affected members; the
 * ledger changes only once everything succeeded and room is reserved. */
#include <string.h>

#include "adjudicate.h"

typedef struct scratch {
    const yb_mem *mem;
    bl_member *recs;
    size_t n, cap;
    idmap ix;
} scratch;

static idmap_view sview(const scratch *s) { return (idmap_view){ s->recs, sizeof *s->recs }; }

static bl_member *sfind(scratch *s, uint64_t id)
{
    uint32_t pos = idmap_find(&s->ix, sview(s), id);
    return pos == IDMAP_NONE ? NULL : &s->recs[pos];
}

static int sadd(scratch *s, const yb_benefit_ledger *l, uint64_t id)
{
    if (!id || sfind(s, id))
        return YB_OK;
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 8;
        bl_member *r = yb_mem_realloc_array(s->mem, s->recs, ncap, sizeof *r);
        if (!r)
            return YB_E_NOMEM;
        s->recs = r;
        s->cap = ncap;
    }
    if (idmap_reserve(&s->ix, s->mem, sview(s), s->n + 1))
        return YB_E_NOMEM;
    const bl_member *m = bl_find(l, id);
    s->recs[s->n] = m ? *m : (bl_member){ .id = id };
    idmap_insert(&s->ix, sview(s), id, (uint32_t)s->n);
    s->n++;
    return YB_OK;
}

static int touches(scratch *s, const bl_entry *e)
{
    return sfind(s, e->member_id) || (e->payer_id && sfind(s, e->payer_id));
}

static void undo(scratch *s, const yb_benefit_ledger *l, const bl_entry *e)
{
    bl_member *m = sfind(s, e->member_id);
    bl_apply(m, e->payer_id ? sfind(s, e->payer_id) : NULL, e, -1);
    bl_unroll(m, e, (e->flags & BL_ROLLED) ? bl_saved_find(l, e->claim_id) : NULL);
}

/* Work of one general reversal. */
typedef struct replay {
    size_t *pos;        /* affected journal positions, in order */
    bl_entry *next;     /* their new entries */
    bl_saved *saved;    /* records saved by replayed rollovers */
    size_t n, nsaved;
} replay;

static int replay_one(yb_ctx *ctx, const yb_benefit_policy *p, scratch *s, const bl_entry *old, bl_entry *ne,
                      replay *w, uint64_t target)
{
    bc_attrs a = { .claim_id = old->claim_id, .member_id = old->member_id, .payer_id = old->payer_id,
                   .date = old->date, .insured = old->insured, .level = old->level, .place = old->place,
                   .visit = old->visit, .category = old->category,
                   .flags = old->flags & (BL_USE_ACCOUNT | BL_CIVIL) };
    bc_view v;
    int rc = bc_check_attrs(ctx, &a, NULL);
    if (rc || (rc = bc_resolve(ctx, p, &a, &v, NULL))) {
        char why[512];
        snprintf(why, sizeof why, "%s", yb_ctx_errmsg(ctx));
        return yb_fail(ctx, rc, "reversing claim %llu needs claim %llu replayed: %s", (unsigned long long)target,
                       (unsigned long long)old->claim_id, why);
    }
    bl_member *m = sfind(s, a.member_id), *payer = a.payer_id ? sfind(s, a.payer_id) : NULL;
    int year = a.date / 10000;
    uint8_t rolled = 0;
    if (m->year > year)
        return yb_fail(ctx, YB_E_ROW_ORDER, "reversing claim %llu: replayed claim %llu is dated before year %d",
                       (unsigned long long)target, (unsigned long long)a.claim_id, m->year);
    if (m->year != year) {
        rolled = m->year ? BL_ROLLED : BL_ROLLED_BLANK;
        if (rolled == BL_ROLLED)
            w->saved[w->nsaved++] = (bl_saved){ a.claim_id, *m };
        bl_rollover(m, year);
    }
    bc_adjudicate(p, &v, &a, &old->sum, m, payer ? payer->balance : 0, ne, NULL);
    ne->flags |= rolled;
    if (bl_apply(m, payer, ne, +1))
        return yb_fail(ctx, YB_E_OVERFLOW, "reversing claim %llu: replayed claim %llu overflows",
                       (unsigned long long)target, (unsigned long long)a.claim_id);
#ifndef NDEBUG
    if ((rc = bc_check_invariants(ctx, &v, ne, m, payer)))
        return rc;
#endif
    return YB_OK;
}

static int same_settlement(const bl_entry *a, const bl_entry *b)
{
    return a->admission == b->admission && memcmp(&a->paid, &b->paid, sizeof a->paid) == 0;
}

static int grow_changes(yb_ctx *ctx, yb_benefit_ledger *l, size_t need)
{
    if (need <= l->capchanges)
        return YB_OK;
    bl_change *c = yb_mem_realloc_array(&l->mem, l->changes, need, sizeof *c);
    if (!c)
        return yb_fail_nomem(ctx, "replay report");
    l->changes = c;
    l->capchanges = need;
    return YB_OK;
}

/* Ledger changes of a reversal once its outcome is known. */
static void commit(yb_benefit_ledger *l, size_t pos, scratch *s, replay *w)
{
    const bl_entry *t = &l->jr[pos];
    if (t->flags & BL_ROLLED)
        bl_saved_remove(l, t->claim_id);
    for (size_t i = 0; i < w->n; i++)
        if (l->jr[w->pos[i]].flags & BL_ROLLED)
            bl_saved_remove(l, l->jr[w->pos[i]].claim_id);
    for (size_t i = 0; i < w->nsaved; i++)
        bl_saved_add(l, w->saved[i].claim_id, &w->saved[i].rec);
    for (size_t i = 0; i < s->n; i++)
        *bl_find(l, s->recs[i].id) = s->recs[i];
    bl_find(l, t->member_id)->refs--;
    if (t->payer_id)
        bl_find(l, t->payer_id)->refs--;
    l->nchanges = 0;
    for (size_t i = 0; i < w->n; i++) {
        bl_entry *e = &l->jr[w->pos[i]];
        if (!same_settlement(e, &w->next[i]))
            l->changes[l->nchanges++] = (bl_change){ *e, w->next[i] };
        *e = w->next[i];
    }
    bl_journal_remove(l, pos);
}

static int64_t reverse_general(yb_ctx *ctx, const yb_benefit_policy *p, yb_benefit_ledger *l, size_t pos)
{
    const bl_entry *t = &l->jr[pos];
    scratch s = { .mem = &l->mem };
    replay w = { 0 };
    size_t later = l->njr - pos - 1;
    int64_t rc = YB_OK;
    w.pos = yb_mem_calloc(&l->mem, later, sizeof *w.pos);
    w.next = yb_mem_calloc(&l->mem, later, sizeof *w.next);
    w.saved = yb_mem_calloc(&l->mem, later, sizeof *w.saved);
    if (!w.pos || !w.next || !w.saved || sadd(&s, l, t->member_id) || sadd(&s, l, t->payer_id)) {
        rc = yb_fail_nomem(ctx, "reversal");
        goto done;
    }
    for (size_t q = pos + 1; q < l->njr; q++) {
        const bl_entry *e = &l->jr[q];
        if (!touches(&s, e))
            continue;
        w.pos[w.n++] = q;
        if (sadd(&s, l, e->member_id) || sadd(&s, l, e->payer_id)) {
            rc = yb_fail_nomem(ctx, "reversal");
            goto done;
        }
    }
    for (size_t i = w.n; i-- > 0;)
        undo(&s, l, &l->jr[w.pos[i]]);
    undo(&s, l, t);
    for (size_t i = 0; i < w.n; i++)
        if ((rc = replay_one(ctx, p, &s, &l->jr[w.pos[i]], &w.next[i], &w, t->claim_id)))
            goto done;
    for (size_t i = 0; i < s.n; i++)
        if (!bl_find(l, s.recs[i].id)) { /* journalled members always have a record */
            rc = yb_fail(ctx, YB_E_INTERNAL, "reversal: member %llu of the journal has no record",
                         (unsigned long long)s.recs[i].id);
            goto done;
        }
    if ((rc = bl_reserve_more(ctx, l, 0, 0, w.nsaved)) || (rc = grow_changes(ctx, l, w.n)))
        goto done;
    commit(l, pos, &s, &w);
    rc = (int64_t)l->nchanges;
done:
    yb_mem_free(&l->mem, w.pos);
    yb_mem_free(&l->mem, w.next);
    yb_mem_free(&l->mem, w.saved);
    yb_mem_free(&l->mem, s.recs);
    idmap_free(&s.ix, &l->mem);
    return rc;
}

/* The newest claim of its members: undone in place, nothing to replay. */
static void reverse_last(yb_benefit_ledger *l, size_t pos)
{
    const bl_entry *e = &l->jr[pos];
    bl_member *m = bl_find(l, e->member_id), *payer = e->payer_id ? bl_find(l, e->payer_id) : NULL;
    bl_apply(m, payer, e, -1);
    bl_unroll(m, e, (e->flags & BL_ROLLED) ? bl_saved_find(l, e->claim_id) : NULL);
    m->refs--;
    if (payer)
        payer->refs--;
    if (e->flags & BL_ROLLED)
        bl_saved_remove(l, e->claim_id);
    l->nchanges = 0;
    bl_journal_remove(l, pos);
}

int64_t yb_benefit_reverse(yb_ctx *ctx, const yb_benefit_policy *p, yb_benefit_ledger *l, uint64_t claim_id,
                           yb_benefit_settlement *reversed)
{
    if (!ctx || !p || !l || (reversed && reversed->size < sizeof *reversed))
        return ctx ? yb_fail(ctx, YB_E_INVALID_ARG, "yb_benefit_reverse: missing or inconsistent arguments")
                   : YB_E_INVALID_ARG;
    uint32_t pos = idmap_find(&l->jr_ix, bl_jr_view(l), claim_id);
    if (pos == IDMAP_NONE)
        return yb_fail(ctx, YB_E_ROW_CLAIM_ID, "claim %llu is not in the ledger's journal (never settled, "
                                               "already reversed, or compacted)",
                       (unsigned long long)claim_id);
    bl_entry target = l->jr[pos];
    int later = 0;
    for (size_t q = pos + 1; q < l->njr && !later; q++) {
        const bl_entry *e = &l->jr[q];
        later = e->member_id == target.member_id || e->payer_id == target.member_id ||
                (target.payer_id && (e->member_id == target.payer_id || e->payer_id == target.payer_id));
    }
    int64_t rc;
    if (!later) {
        reverse_last(l, pos);
        rc = 0;
    } else if ((rc = reverse_general(ctx, p, l, pos)) < 0) {
        return rc;
    }
    if (reversed)
        bc_settlement(&target, reversed);
    return rc;
}

int64_t yb_benefit_reverse_batch(yb_ctx *ctx, const yb_benefit_policy *p, yb_benefit_ledger *l, size_t n,
                                 const uint64_t *claim_ids, int64_t *changed, int32_t *row_status)
{
    if (!ctx || !p || !l || (n && !claim_ids))
        return ctx ? yb_fail(ctx, YB_E_INVALID_ARG, "yb_benefit_reverse_batch: missing arguments")
                   : YB_E_INVALID_ARG;
    int64_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t rc = yb_benefit_reverse(ctx, p, l, claim_ids[i], NULL);
        if (changed)
            changed[i] = rc > 0 ? rc : 0;
        if (row_status)
            row_status[i] = rc < 0 ? (int32_t)rc : 0;
        failed += rc < 0;
    }
    return failed;
}

uint64_t yb_benefit_ledger_replay_count(const yb_benefit_ledger *l) { return l ? l->nchanges : 0; }

int yb_benefit_ledger_replay_get(const yb_benefit_ledger *l, uint64_t i, yb_benefit_settlement *before,
                                 yb_benefit_settlement *after)
{
    if (!l || (before && before->size < sizeof *before) || (after && after->size < sizeof *after))
        return YB_E_INVALID_ARG;
    if (i >= l->nchanges)
        return YB_E_NOT_FOUND;
    if (before)
        bc_settlement(&l->changes[i].before, before);
    if (after)
        bc_settlement(&l->changes[i].after, after);
    return YB_OK;
}
