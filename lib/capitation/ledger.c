/* The in-year ledger: entries with unique ids, reversible exactly, and the
 * running aggregates the clearing reads (spending by kind, month and pot;
 * advances; openIMIS contributions, visits and adjusted amounts by month and
 * facility). Aggregates are integer sums, so a reversal (subtracting what the
 * entry added) restores them exactly. */
#include <string.h>

#include "cap_internal.h"
#include "core/hash.h"

void yb_cap_ledger_free(yb_cap_ledger *l)
{
    if (!l)
        return;
    yb_mem mem = l->mem;
    yb_mem_free(&mem, l->e);
    yb_mem_free(&mem, l->ids);
    yb_mem_free(&mem, l->slots);
    yb_mem_free(&mem, l->spend);
    yb_mem_free(&mem, l->visits);
    yb_mem_free(&mem, l->adjusted);
    yb_mem_free(&mem, l);
}

int yb_cap_ledger_new(yb_ctx *ctx, const yb_cap_plan *plan, yb_cap_ledger **out)
{
    if (!ctx || !plan || !out)
        return YB_E_INVALID_ARG;
    *out = NULL;
    yb_cap_ledger *l = yb_calloc(ctx, 1, sizeof *l);
    if (!l)
        return yb_fail_nomem(ctx, "a capitation ledger");
    l->mem = ctx->mem;
    l->plan = plan;
    l->npots = plan->pots.n;
    l->nfac = plan->facilities.n;
    int ok = 1;
    if (plan->mode == YB_CAP_MODE_ALLIANCE)
        ok = (l->spend = yb_mem_calloc(&l->mem, 3 * YB_CAP_MONTHS * l->npots, sizeof *l->spend)) != NULL;
    else
        ok = (l->visits = yb_mem_calloc(&l->mem, YB_CAP_MONTHS * l->nfac, sizeof *l->visits)) != NULL &&
             (l->adjusted = yb_mem_calloc(&l->mem, YB_CAP_MONTHS * l->nfac, sizeof *l->adjusted)) != NULL;
    if (!ok) {
        yb_cap_ledger_free(l);
        return yb_fail_nomem(ctx, "a capitation ledger");
    }
    *out = l;
    return YB_OK;
}

static const char *id_of(const yb_cap_ledger *l, const cap_entry *e)
{
    return l->ids + e->id_off;
}

/* Index of the entry with this id, or -1. */
static long find(const yb_cap_ledger *l, const char *id, size_t len)
{
    if (!l->nslots)
        return -1;
    size_t mask = l->nslots - 1;
    for (size_t s = (size_t)yb_hash_bytes(id, len) & mask;; s = (s + 1) & mask) {
        uint32_t v = l->slots[s];
        if (!v)
            return -1;
        const cap_entry *e = &l->e[v - 1];
        if (e->id_len == len && memcmp(id_of(l, e), id, len) == 0)
            return (long)(v - 1);
    }
}

static void slot_insert(uint32_t *slots, size_t nslots, const char *id, size_t len, uint32_t value)
{
    size_t mask = nslots - 1;
    size_t s = (size_t)yb_hash_bytes(id, len) & mask;
    while (slots[s])
        s = (s + 1) & mask;
    slots[s] = value;
}

/* Makes room for one more entry with an id of len bytes, so that adding it
 * cannot fail afterwards. */
static int reserve(yb_ctx *ctx, yb_cap_ledger *l, size_t len)
{
    if (l->n >= UINT32_MAX - 1)
        return yb_fail(ctx, YB_E_LIMIT, "a ledger holds at most %u entries", (unsigned)(UINT32_MAX - 1));
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 256;
        cap_entry *ne = yb_mem_realloc_array(&l->mem, l->e, nc, sizeof *ne);
        if (!ne)
            return yb_fail_nomem(ctx, "ledger entries");
        l->e = ne;
        l->cap = nc;
    }
    if (l->ids_len + len + 1 > l->ids_cap) {
        size_t nc = l->ids_cap ? l->ids_cap * 2 : 4096;
        while (nc < l->ids_len + len + 1)
            nc *= 2;
        char *ni = yb_mem_realloc(&l->mem, l->ids, nc);
        if (!ni)
            return yb_fail_nomem(ctx, "ledger entry ids");
        l->ids = ni;
        l->ids_cap = nc;
    }
    if ((l->n + 1) * 2 > l->nslots) {
        size_t ns = l->nslots ? l->nslots * 2 : 512;
        uint32_t *nsl = yb_mem_calloc(&l->mem, ns, sizeof *nsl);
        if (!nsl)
            return yb_fail_nomem(ctx, "the ledger index");
        for (size_t i = 0; i < l->n; i++)
            slot_insert(nsl, ns, id_of(l, &l->e[i]), l->e[i].id_len, (uint32_t)(i + 1));
        yb_mem_free(&l->mem, l->slots);
        l->slots = nsl;
        l->nslots = ns;
    }
    return YB_OK;
}

/* The aggregate cell an entry adds to, or NULL (reversal). */
static int64_t *cell(yb_cap_ledger *l, const cap_entry *e)
{
    int m = e->month - 1;
    switch (e->kind) {
    case YB_CAP_SPEND_ALLIANCE:
    case YB_CAP_SPEND_OTHER_COUNTY:
    case YB_CAP_SPEND_OUT_OF_PROVINCE: return cap_spend_cell(l, e->kind - YB_CAP_SPEND_ALLIANCE, m, e->pot);
    case YB_CAP_ADVANCE: return &l->advance[m];
    case YB_CAP_CONTRIBUTION: return &l->contribution[m];
    case YB_CAP_VISITS: return &l->visits[(size_t)m * l->nfac + e->facility];
    case YB_CAP_ADJUSTED: return &l->adjusted[(size_t)m * l->nfac + e->facility];
    default: return NULL;
    }
}

static int64_t value_of(const cap_entry *e)
{
    return e->kind == YB_CAP_VISITS ? e->qty : e->amount;
}

typedef struct row_view {
    const char *id, *pot, *fac, *rev;
    size_t id_len, pot_len, fac_len, rev_len;
} row_view;

static int str_at(const char *data, const int64_t *off, size_t i, const char **s, size_t *len)
{
    *s = "";
    *len = 0;
    if (!data || !off)
        return YB_OK;
    if (off[i] < 0 || off[i + 1] < off[i])
        return YB_E_INVALID_ARG;
    *s = data + off[i];
    *len = (size_t)(off[i + 1] - off[i]);
    return YB_OK;
}

static int row_fail(yb_ctx *ctx, size_t i, int status, const row_view *v, const char *field, const char *what)
{
    yb_errloc loc = { .line = (uint64_t)i + 1, .field = field, .value = v->id,
                      .value_len = v->id_len };
    return yb_fail_at(ctx, status, &loc, "entry row %zu: %s", i + 1, what);
}

static int kind_allowed(int mode, int32_t kind)
{
    if (kind == YB_CAP_REVERSAL)
        return 1;
    if (mode == YB_CAP_MODE_ALLIANCE)
        return kind >= YB_CAP_SPEND_ALLIANCE && kind <= YB_CAP_ADVANCE;
    return kind >= YB_CAP_CONTRIBUTION && kind <= YB_CAP_ADJUSTED;
}

static int add_row(yb_ctx *ctx, yb_cap_ledger *l, const yb_cap_entry_columns *in, size_t i)
{
    const yb_cap_plan *p = l->plan;
    row_view v;
    if (str_at(in->entry_id_data, in->entry_id_offsets, i, &v.id, &v.id_len) ||
        str_at(in->pot_data, in->pot_offsets, i, &v.pot, &v.pot_len) ||
        str_at(in->facility_data, in->facility_offsets, i, &v.fac, &v.fac_len) ||
        str_at(in->reverses_data, in->reverses_offsets, i, &v.rev, &v.rev_len))
        return yb_fail(ctx, YB_E_INVALID_ARG, "entry row %zu: string offsets are negative or decrease", i + 1);
    if (!v.id_len)
        return row_fail(ctx, i, YB_E_ROW_ENTRY, &v, "entry_id", "missing entry id");
    if (v.id_len > YB_CAP_CODE_MAX)
        return row_fail(ctx, i, YB_E_ROW_ENTRY, &v, "entry_id", "entry id longer than 63 bytes");
    if (find(l, v.id, v.id_len) >= 0)
        return row_fail(ctx, i, YB_E_ROW_ENTRY, &v, "entry_id", "entry id already in the ledger");
    cap_entry e = { .kind = 0, .pot = YB_CAP_NO_ID, .facility = YB_CAP_NO_ID };
    int32_t kind = in->kind[i];
    if (!kind_allowed(p->mode, kind))
        return row_fail(ctx, i, YB_E_ROW_KIND, &v, "kind",
                        p->mode == YB_CAP_MODE_ALLIANCE
                            ? "kind must be spend_alliance, spend_other_county, spend_out_of_province, advance or reversal"
                            : "kind must be contribution, visits, adjusted or reversal");
    e.kind = (uint8_t)kind;
    cap_entry *target = NULL;
    if (kind == YB_CAP_REVERSAL) {
        long t = v.rev_len ? find(l, v.rev, v.rev_len) : -1;
        if (!v.rev_len)
            return row_fail(ctx, i, YB_E_ROW_REVERSAL, &v, "reverses", "a reversal must name the entry it reverses");
        if (t < 0)
            return row_fail(ctx, i, YB_E_ROW_REVERSAL, &v, "reverses", "the reversed entry is not in the ledger");
        target = &l->e[t];
        if (target->kind == YB_CAP_REVERSAL)
            return row_fail(ctx, i, YB_E_ROW_REVERSAL, &v, "reverses", "a reversal cannot be reversed");
        if (target->reversed)
            return row_fail(ctx, i, YB_E_ROW_REVERSAL, &v, "reverses", "the entry was already reversed");
        e.qty = t; /* which entry this reversal undid, for audits */
    } else {
        int32_t month = in->month ? in->month[i] : 0;
        if (month < 1 || month > YB_CAP_MONTHS)
            return row_fail(ctx, i, YB_E_ROW_PERIOD, &v, "month", "month must be 1 … 12 of the plan year");
        e.month = (uint8_t)month;
        if (kind <= YB_CAP_SPEND_OUT_OF_PROVINCE) {
            long pot = 0;
            if (v.pot_len)
                pot = cap_list_find(&p->pots, v.pot, v.pot_len);
            else if (p->pots.n > 1)
                return row_fail(ctx, i, YB_E_ROW_POT, &v, "pot", "missing pot: the plan has classified pots");
            if (pot < 0)
                return row_fail(ctx, i, YB_E_ROW_POT, &v, "pot", "pot unknown to the plan");
            e.pot = (uint32_t)pot;
        }
        if (kind == YB_CAP_VISITS || kind == YB_CAP_ADJUSTED) {
            long f = v.fac_len ? cap_index_find(&p->facilities, p->fac_sorted, v.fac, v.fac_len) : -1;
            if (f < 0)
                return row_fail(ctx, i, YB_E_ROW_FACILITY, &v, "facility",
                                v.fac_len ? "facility unknown to the plan" : "missing facility");
            e.facility = (uint32_t)f;
        }
        if (kind == YB_CAP_VISITS) {
            if (!in->quantity || in->quantity[i] < 0 || in->quantity[i] > (int64_t)1000000000000)
                return row_fail(ctx, i, YB_E_ROW_AMOUNT, &v, "quantity", "visits need a quantity from 0 to 10^12");
            e.qty = in->quantity[i];
        } else {
            if (!in->amount || in->amount[i] < 0)
                return row_fail(ctx, i, YB_E_ROW_AMOUNT, &v, "amount", "the amount must be given and not negative");
            e.amount = in->amount[i];
        }
    }
    int rc = reserve(ctx, l, v.id_len);
    if (rc)
        return rc;
    if (target) {
        int64_t *c = cell(l, target);
        *c -= value_of(target); /* restores the sum it had before, exactly */
        target->reversed = 1;
        l->reversed++;
    } else {
        int64_t *c = cell(l, &e), sum;
        if (cap_add(*c, value_of(&e), &sum)) /* the cell stays untouched on failure */
            return row_fail(ctx, i, YB_E_ROW_AMOUNT, &v, "amount", "the month's total would overflow");
        *c = sum;
    }
    e.id_off = l->ids_len;
    e.id_len = (uint8_t)v.id_len;
    memcpy(l->ids + l->ids_len, v.id, v.id_len);
    l->ids_len += v.id_len;
    l->ids[l->ids_len++] = '\0';
    l->e[l->n++] = e;
    slot_insert(l->slots, l->nslots, v.id, v.id_len, (uint32_t)l->n);
    return YB_OK;
}

int yb_cap_ledger_add_batch(yb_ctx *ctx, yb_cap_ledger *l, const yb_cap_entry_columns *in, int32_t *row_status)
{
    if (!ctx || !l || !in || in->size < sizeof *in || (in->n && (!in->entry_id_data || !in->entry_id_offsets ||
                                                                  !in->kind)))
        return YB_E_INVALID_ARG;
    for (size_t k = 0; k < sizeof in->reserved / sizeof *in->reserved; k++)
        if (in->reserved[k])
            return yb_fail(ctx, YB_E_INVALID_ARG, "yb_cap_entry_columns.reserved must be NULL");
    int bad = 0;
    uint64_t interval = (uint64_t)ctx->progress_interval;
    for (size_t i = 0; i < in->n; i++) {
        if (i && i % interval == 0 && yb_progress(ctx, i, in->n)) {
            for (size_t k = i; row_status && k < in->n; k++)
                row_status[k] = YB_E_CANCELLED;
            return YB_E_CANCELLED;
        }
        int st = add_row(ctx, l, in, i);
        if (st == YB_E_NOMEM || st == YB_E_LIMIT) {
            for (size_t k = i; row_status && k < in->n; k++)
                row_status[k] = st;
            return st;
        }
        if (row_status)
            row_status[i] = st;
        bad += st != YB_OK;
    }
    return bad;
}

static int64_t slen(const char *s) { return s ? (int64_t)strlen(s) : 0; }

int yb_cap_ledger_add_one(yb_ctx *ctx, yb_cap_ledger *l, const char *entry_id, int32_t kind, int32_t month,
                          const char *pot, const char *facility, int64_t amount, int64_t quantity,
                          const char *reverses)
{
    if (!entry_id)
        return YB_E_INVALID_ARG;
    int64_t id_off[2] = { 0, slen(entry_id) }, pot_off[2] = { 0, slen(pot) };
    int64_t fac_off[2] = { 0, slen(facility) }, rev_off[2] = { 0, slen(reverses) };
    yb_cap_entry_columns in = {
        .size = sizeof in, .n = 1, .entry_id_data = entry_id, .entry_id_offsets = id_off, .kind = &kind,
        .month = &month, .pot_data = pot, .pot_offsets = pot_off, .facility_data = facility,
        .facility_offsets = fac_off, .amount = &amount, .quantity = &quantity, .reverses_data = reverses,
        .reverses_offsets = rev_off,
    };
    int32_t st = YB_OK;
    int rc = yb_cap_ledger_add_batch(ctx, l, &in, &st);
    return rc < 0 ? rc : st;
}

int yb_cap_ledger_totals_get(const yb_cap_ledger *l, yb_cap_ledger_totals *out)
{
    if (!l || !out || out->size < sizeof *out)
        return YB_E_INVALID_ARG;
    size_t size = out->size;
    memset(out, 0, sizeof *out);
    out->size = size;
    out->entries = l->n;
    out->reversed = l->reversed;
    int64_t *spent[3] = { &out->spent_alliance, &out->spent_other_county, &out->spent_out_of_province };
    int rc = YB_OK;
    for (int k = 0; k < 3 && l->spend; k++)
        for (int m = 0; m < YB_CAP_MONTHS; m++)
            for (uint32_t p = 0; p < l->npots; p++)
                rc |= cap_add(*spent[k], *cap_spend_cell(l, k, m, p), spent[k]);
    for (int m = 0; m < YB_CAP_MONTHS; m++) {
        rc |= cap_add(out->advances, l->advance[m], &out->advances);
        rc |= cap_add(out->contributions, l->contribution[m], &out->contributions);
        for (size_t f = 0; f < l->nfac; f++) {
            rc |= cap_add(out->visits, l->visits[(size_t)m * l->nfac + f], &out->visits);
            rc |= cap_add(out->adjusted, l->adjusted[(size_t)m * l->nfac + f], &out->adjusted);
        }
    }
    return rc ? YB_E_OVERFLOW : YB_OK;
}
