/* Ledger serialisation, format 1 (little-endian, canonical):
 *   header   "YBLEDGER", u32 version = 1, u32 flags = 0,
 *            u64 members, u64 entries, u64 saved
 *   members  sorted by id, those with any state: id u64, year i16,
 *            admissions u16, 11 × i64 (deductible used, outpatient deductible
 *            used, fund paid, cap used, outpatient fund paid, eligible
 *            cumulative, critical-illness cumulative and paid, assistance
 *            cumulative and paid, account balance)                 100 bytes
 *   entries  in settlement order: claim, member, payer u64, date i32,
 *            insured, level, place, visit, category i8, flags u8,
 *            admission u16, 5 × i64 classification (total, full self-pay,
 *            over-limit, class-B first pay, in scope), 9 × i64 (deductible,
 *            pooled, critical illness, other, assistance, account, family
 *            aid, critical-illness and assistance counted)          148 bytes
 *   saved    sorted by claim id: claim u64 + a member record        108 bytes
 *   trailer  u64 XXH3-64 of everything before it.
 * Reference counts and indexes are rebuilt on load. */
#include <stdlib.h>
#include <string.h>

#include "adjudicate.h"
#include "core/date.h"
#include "core/hash.h"

#define MAGIC "YBLEDGER"
#define VERSION 1
#define HEADER 40
#define MEMBER 100
#define ENTRY 148
#define SAVED 108

typedef struct wbuf {
    uint8_t *p;
} wbuf;

static void put(wbuf *w, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        *w->p++ = (uint8_t)(v >> (8 * i));
}

static uint64_t get(const uint8_t **p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)(*p)[i] << (8 * i);
    *p += bytes;
    return v;
}

static int empty_state(const bl_member *m)
{
    bl_member c = *m;
    c.refs = 0;
    return bl_blank(&c);
}

static void put_member(wbuf *w, const bl_member *m)
{
    put(w, m->id, 8);
    put(w, (uint16_t)m->year, 2);
    put(w, m->admissions, 2);
    const int64_t v[] = { m->ded_used, m->op_ded_used, m->fund_paid, m->cap_used, m->op_paid, m->elig_cum,
                          m->ci_cum, m->ci_paid, m->as_cum, m->as_paid, m->balance };
    for (size_t i = 0; i < 11; i++)
        put(w, (uint64_t)v[i], 8);
}

static void get_member(const uint8_t **p, bl_member *m)
{
    memset(m, 0, sizeof *m);
    m->id = get(p, 8);
    m->year = (int16_t)(uint16_t)get(p, 2);
    m->admissions = (uint16_t)get(p, 2);
    int64_t *v[] = { &m->ded_used, &m->op_ded_used, &m->fund_paid, &m->cap_used, &m->op_paid, &m->elig_cum,
                     &m->ci_cum, &m->ci_paid, &m->as_cum, &m->as_paid, &m->balance };
    for (size_t i = 0; i < 11; i++)
        *v[i] = (int64_t)get(p, 8);
}

static void put_entry(wbuf *w, const bl_entry *e)
{
    put(w, e->claim_id, 8);
    put(w, e->member_id, 8);
    put(w, e->payer_id, 8);
    put(w, (uint32_t)e->date, 4);
    const int8_t b[] = { e->insured, e->level, e->place, e->visit, e->category };
    for (size_t i = 0; i < 5; i++)
        put(w, (uint8_t)b[i], 1);
    put(w, e->flags, 1);
    put(w, e->admission, 2);
    const int64_t *s = &e->sum.total;
    for (size_t i = 0; i < 5; i++)
        put(w, (uint64_t)s[i], 8);
    const int64_t *q = &e->paid.deductible;
    for (size_t i = 0; i < 9; i++)
        put(w, (uint64_t)q[i], 8);
}

static void get_entry(const uint8_t **p, bl_entry *e)
{
    memset(e, 0, sizeof *e);
    e->claim_id = get(p, 8);
    e->member_id = get(p, 8);
    e->payer_id = get(p, 8);
    e->date = (int32_t)(uint32_t)get(p, 4);
    int8_t *b[] = { &e->insured, &e->level, &e->place, &e->visit, &e->category };
    for (size_t i = 0; i < 5; i++)
        *b[i] = (int8_t)(uint8_t)get(p, 1);
    e->flags = (uint8_t)get(p, 1);
    e->admission = (uint16_t)get(p, 2);
    int64_t *s = &e->sum.total;
    for (size_t i = 0; i < 5; i++)
        s[i] = (int64_t)get(p, 8);
    int64_t *q = &e->paid.deductible;
    for (size_t i = 0; i < 9; i++)
        q[i] = (int64_t)get(p, 8);
}

typedef struct id_pos {
    uint64_t id;
    size_t pos;
} id_pos;

static int cmp_id(const void *a, const void *b)
{
    const id_pos *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

int yb_benefit_ledger_save(yb_ctx *ctx, const yb_benefit_ledger *l, uint8_t *buf, size_t cap, size_t *len)
{
    if (!ctx || !l || !len)
        return YB_E_INVALID_ARG;
    size_t nm = 0;
    for (size_t i = 0; i < l->nrecs; i++)
        nm += !empty_state(&l->recs[i]);
    size_t need = HEADER + nm * MEMBER + l->njr * ENTRY + l->nsaved * SAVED + 8;
    *len = need;
    if (!buf)
        return YB_OK;
    if (cap < need)
        return yb_fail(ctx, YB_E_LIMIT, "ledger needs %zu bytes, the buffer has %zu", need, cap);
    size_t nsort = nm > l->nsaved ? nm : l->nsaved;
    id_pos *order = yb_calloc(ctx, nsort ? nsort : 1, sizeof *order);
    if (!order)
        return yb_fail_nomem(ctx, "ledger serialisation");
    wbuf w = { buf };
    memcpy(w.p, MAGIC, 8);
    w.p += 8;
    put(&w, VERSION, 4);
    put(&w, 0, 4);
    put(&w, nm, 8);
    put(&w, l->njr, 8);
    put(&w, l->nsaved, 8);
    size_t k = 0;
    for (size_t i = 0; i < l->nrecs; i++)
        if (!empty_state(&l->recs[i]))
            order[k++] = (id_pos){ l->recs[i].id, i };
    qsort(order, k, sizeof *order, cmp_id);
    for (size_t i = 0; i < k; i++)
        put_member(&w, &l->recs[order[i].pos]);
    for (size_t i = 0; i < l->njr; i++)
        put_entry(&w, &l->jr[i]);
    for (size_t i = 0; i < l->nsaved; i++)
        order[i] = (id_pos){ l->saved[i].claim_id, i };
    qsort(order, l->nsaved, sizeof *order, cmp_id);
    for (size_t i = 0; i < l->nsaved; i++) {
        put(&w, l->saved[order[i].pos].claim_id, 8);
        put_member(&w, &l->saved[order[i].pos].rec);
    }
    yb_free(ctx, order);
    put(&w, yb_hash_bytes(buf, need - 8), 8);
    return YB_OK;
}

static int bad(yb_ctx *ctx, const char *what, uint64_t index)
{
    return yb_fail(ctx, YB_E_FORMAT, "ledger bytes are inconsistent: %s (item %llu)", what,
                   (unsigned long long)index);
}

static int check_member(yb_ctx *ctx, const bl_member *m, uint64_t i)
{
    if (m->id == 0)
        return bad(ctx, "member id 0", i);
    if (m->year != 0 && (m->year < 1900 || m->year > 2999))
        return bad(ctx, "member year out of range", i);
    const int64_t *v = &m->ded_used;
    for (size_t k = 0; k < 11; k++)
        if (v[k] < 0)
            return bad(ctx, "negative accumulator", i);
    return YB_OK;
}

static int check_entry(yb_ctx *ctx, const bl_entry *e, uint64_t i)
{
    if (!e->claim_id || !e->member_id || e->payer_id == e->member_id || yb_date_valid(e->date))
        return bad(ctx, "entry ids or date", i);
    if (e->insured < 1 || e->insured > 3 || e->level < 1 || e->level > 3 || e->place < 1 || e->place > 3 ||
        e->visit < 1 || e->visit > 2 || e->category < 0 || e->category >= BP_NCATEGORY ||
        (e->flags & ~(BL_USE_ACCOUNT | BL_CIVIL | BL_ROLLED | BL_ROLLED_BLANK | BL_CAP_COUNTED)) ||
        ((e->flags & BL_ROLLED) && (e->flags & BL_ROLLED_BLANK)))
        return bad(ctx, "entry codes", i);
    const int64_t *s = &e->sum.total, *q = &e->paid.deductible;
    for (size_t k = 0; k < 5; k++)
        if (s[k] < 0 || s[k] > YB_BENEFIT_MAX_AMOUNT)
            return bad(ctx, "entry amounts", i);
    for (size_t k = 0; k < 9; k++)
        if (q[k] < 0 || q[k] > YB_BENEFIT_MAX_AMOUNT)
            return bad(ctx, "entry amounts", i);
    if (e->sum.total != e->sum.full_self + e->sum.over_limit + e->sum.b_first + e->sum.in_scope ||
        e->paid.family > e->paid.account || e->paid.deductible > e->sum.in_scope ||
        e->paid.pooled + e->paid.ci + e->paid.other + e->paid.assist + e->paid.account > e->sum.total)
        return bad(ctx, "entry sums", i);
    return YB_OK;
}

static int parse_body(yb_ctx *ctx, yb_benefit_ledger *l, const uint8_t *p, uint64_t nm, uint64_t ne, uint64_t ns)
{
    int rc;
    for (uint64_t i = 0; i < nm; i++) {
        get_member(&p, &l->recs[i]);
        if ((rc = check_member(ctx, &l->recs[i], i)))
            return rc;
        if (i && l->recs[i].id <= l->recs[i - 1].id)
            return bad(ctx, "members not in increasing id order", i);
    }
    l->nrecs = (size_t)nm;
    for (uint64_t i = 0; i < ne; i++) {
        get_entry(&p, &l->jr[i]);
        if ((rc = check_entry(ctx, &l->jr[i], i)))
            return rc;
    }
    l->njr = (size_t)ne;
    for (uint64_t i = 0; i < ns; i++) {
        l->saved[i].claim_id = get(&p, 8);
        get_member(&p, &l->saved[i].rec);
        if ((rc = check_member(ctx, &l->saved[i].rec, i)))
            return rc;
        if (i && l->saved[i].claim_id <= l->saved[i - 1].claim_id)
            return bad(ctx, "saved records not in increasing claim order", i);
    }
    l->nsaved = (size_t)ns;
    return YB_OK;
}

/* Indexes, reference counts and the cross-checks between the parts. */
static int link(yb_ctx *ctx, yb_benefit_ledger *l)
{
    int rc = bl_rebuild(ctx, l);
    if (rc)
        return rc;
    size_t rolled = 0;
    for (size_t i = 0; i < l->njr; i++) {
        const bl_entry *e = &l->jr[i];
        if (idmap_find(&l->jr_ix, bl_jr_view(l), e->claim_id) != i)
            return bad(ctx, "claim id appears twice in the journal", i);
        if (e->flags & BL_ROLLED) {
            rolled++;
            if (!bl_saved_find(l, e->claim_id))
                return bad(ctx, "rolled-over entry without its saved record", i);
        }
        if ((rc = bl_reserve_more(ctx, l, 2, 0, 0)))
            return rc;
        bl_get_or_add(l, e->member_id)->refs++;
        if (e->payer_id)
            bl_get_or_add(l, e->payer_id)->refs++;
    }
    if (rolled != l->nsaved)
        return bad(ctx, "saved records that no journal entry needs", l->nsaved);
    return YB_OK;
}

int yb_benefit_ledger_load(yb_ctx *ctx, const uint8_t *data, size_t len, yb_benefit_ledger **out)
{
    if (!ctx || !out || (!data && len))
        return YB_E_INVALID_ARG;
    *out = NULL;
    if (len < HEADER + 8 || memcmp(data, MAGIC, 8) != 0)
        return yb_fail(ctx, YB_E_FORMAT, "not a libyibao ledger (no YBLEDGER header)");
    const uint8_t *p = data + 8;
    uint64_t version = get(&p, 4), flags = get(&p, 4), nm = get(&p, 8), ne = get(&p, 8), ns = get(&p, 8);
    if (version != VERSION)
        return yb_fail(ctx, YB_E_VERSION, "ledger format %llu; this library reads format %d",
                       (unsigned long long)version, VERSION);
    uint64_t limit = UINT64_C(1) << 30;
    if (flags || nm > limit || ne > limit || ns > limit ||
        len != HEADER + nm * MEMBER + ne * ENTRY + ns * SAVED + 8)
        return yb_fail(ctx, YB_E_FORMAT, "ledger bytes are truncated or their counts are wrong (%zu bytes)", len);
    const uint8_t *tail = data + len - 8;
    if (get(&tail, 8) != yb_hash_bytes(data, len - 8))
        return yb_fail(ctx, YB_E_FORMAT, "ledger bytes are damaged (checksum mismatch)");
    yb_benefit_ledger *l;
    int rc = yb_benefit_ledger_new(ctx, &l);
    if (rc)
        return rc;
    if ((rc = bl_reserve_more(ctx, l, (size_t)nm + 1, (size_t)ne + 1, (size_t)ns + 1)) ||
        (rc = parse_body(ctx, l, p, nm, ne, ns)) || (rc = link(ctx, l))) {
        yb_benefit_ledger_free(l);
        return rc;
    }
    *out = l;
    return YB_OK;
}
