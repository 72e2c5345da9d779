/* Internal model of a benefit policy: the tables of a benefit-policy pack
 * (doc/packs-benefit.md) resolved into small arrays indexed by key and
 * validity period, so a claim finds its parameters with a few array reads. */
#ifndef YB_BENEFIT_POLICY_H
#define YB_BENEFIT_POLICY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <yibao/benefit.h>
#include <yibao/dict.h>

#include "core/ctx_internal.h"
#include "core/pack.h"

#define BP_NONE UINT32_MAX
#define BP_NINSURED 3
#define BP_NKEY3 27  /* insured × level × place */
#define BP_NCATEGORY 64
#define BP_DAY_MIN INT32_MIN
#define BP_DAY_MAX INT32_MAX

/* Key of the (insured, level, place) tables; arguments are 1-based enums. */
static inline uint32_t bp_key3(int insured, int level, int place)
{
    return (uint32_t)((insured - 1) * 9 + (level - 1) * 3 + (place - 1));
}

/* A validity period in day numbers, both ends inclusive, and the row it selects. */
typedef struct bp_period {
    int32_t from, to;
    uint32_t row;
} bp_period;

/* Periods of one table by key: key k's periods are per[key_off[k] … key_off[k+1]),
 * sorted by start and never overlapping. */
typedef struct bp_index {
    uint32_t nkeys;
    uint32_t *key_off; /* nkeys + 1 */
    bp_period *per;
} bp_index;

/* A schedule (coinsurance segments, critical-illness bands, repeat factors):
 * elements off … off + n − 1 of the owning array. */
typedef struct bp_set {
    uint32_t off, n;
} bp_set;

/* A segment or band: it starts at `from` (fen, on its axis) and ends where the
 * next one starts. Repeat-admission schedules reuse it: from = admission
 * number, ratio = deductible factor from that admission on. */
typedef struct bp_band {
    int64_t from;
    int64_t ratio;
} bp_band;

/* One dated version of a catalogue item. */
typedef struct bp_item {
    int32_t from, to;
    int8_t cls;          /* YB_CLASS_A/B/C */
    uint8_t has_limit;
    int64_t b_ratio;     /* class-B first-pay ratio (6 decimals) */
    int64_t limit;       /* price limit, yuan with 4 decimals */
    uint32_t next;       /* next version of the same code, or BP_NONE */
} bp_item;

/* Per insured type: annual cap, outpatient pooling, personal account. */
typedef struct bp_insured {
    int64_t cap;             /* annual pooled-fund cap (封顶线) */
    int64_t deductible_max;  /* most inpatient deductible paid in a year */
    int64_t op_deductible;   /* outpatient pooling annual deductible */
    int64_t op_cap;          /* outpatient pooling annual cap */
    int64_t civil_ratio;     /* civil-servant subsidy ratio of the residual in-scope self-pay */
    uint8_t has_cap, has_deductible_max, has_op_cap;
    uint8_t acc_in_scope, acc_b_first, acc_self_pay, family_aid;
} bp_insured;

/* Critical-illness insurance per insured type. */
typedef struct bp_ci {
    int64_t threshold;
    int64_t cap;
    int64_t tilt_factor;   /* threshold factor for tilted categories */
    int64_t tilt_add;      /* ratio points added for tilted categories */
    uint8_t has_cap, counts_deductible, counts_b_first, counts_outpatient, tilt_no_cap;
} bp_ci;

/* Medical assistance per category. */
typedef struct bp_assist {
    int64_t threshold;   /* annual, on the cumulative residual */
    int64_t ratio;
    int64_t cap;
    uint8_t has_cap, ci_tilt, covers_outpatient, counts_b_first;
} bp_assist;

struct yb_benefit_policy {
    yb_mem mem;
    char fingerprint[65];
    int round;               /* yb_round */
    int unknown_reject;      /* unknown item: 1 = row error, 0 = full self-pay */
    int segment_annual;      /* coinsurance segments on the annual cumulative amount */
    int op_counts_cap;       /* outpatient pooled fund counts toward the annual cap */
    int64_t tolerance;       /* |amount − quantity × price| allowed, fen */
    int32_t valid_from, valid_to; /* whole pack, day numbers */

    yb_dict *codes;          /* item code → id (normalising lookup) */
    uint32_t ncodes;
    const char **code_text;  /* per id: the normalised code */
    uint32_t *code_len;
    uint64_t *code_slots;    /* exact-bytes index: (id + 1) | hash tag << 32 */
    uint32_t code_mask;
    uint32_t *item_first;    /* per id: first version */
    bp_item *items;
    uint32_t nitems;

    int64_t *deductible;     /* rows of inpatient.csv */
    bp_index ded_ix;         /* key3 */
    bp_set *seg_sets;        /* coinsurance schedules */
    bp_index seg_ix;         /* key3 */
    bp_band *bands;          /* segments and critical-illness bands */
    size_t nbands;
    bp_set *rep_sets;
    bp_index rep_ix;         /* insured */
    bp_band *repeats;
    size_t nrepeats;
    bp_insured *insured;
    bp_index ins_ix;         /* insured */
    int64_t *op_ratio;
    bp_index op_ix;          /* key3 */
    bp_ci *ci;
    bp_index ci_ix;          /* insured */
    bp_set *ci_sets;
    bp_index ciband_ix;      /* insured */
    bp_assist *assist;
    bp_index as_ix;          /* category */
};

/* Row selected by key and day, or BP_NONE. */
static inline uint32_t bp_lookup(const bp_index *ix, uint32_t key, int32_t day)
{
    if (key >= ix->nkeys)
        return BP_NONE;
    for (uint32_t i = ix->key_off[key]; i < ix->key_off[key + 1]; i++) {
        const bp_period *p = &ix->per[i];
        if (day < p->from)
            break;
        if (day <= p->to)
            return p->row;
    }
    return BP_NONE;
}

/* The same, also narrowing [*lo, *hi] to the days on which the answer stays
 * the same (the found period, or the gap between periods). */
static inline uint32_t bp_lookup_window(const bp_index *ix, uint32_t key, int32_t day, int32_t *lo, int32_t *hi)
{
    if (key >= ix->nkeys)
        return BP_NONE;
    int32_t gap_lo = BP_DAY_MIN;
    for (uint32_t i = ix->key_off[key]; i < ix->key_off[key + 1]; i++) {
        const bp_period *p = &ix->per[i];
        if (day < p->from) {
            if (gap_lo > *lo)
                *lo = gap_lo;
            if (p->from - 1 < *hi)
                *hi = p->from - 1;
            return BP_NONE;
        }
        if (day <= p->to) {
            if (p->from > *lo)
                *lo = p->from;
            if (p->to < *hi)
                *hi = p->to;
            return p->row;
        }
        gap_lo = p->to + 1;
    }
    if (gap_lo > *lo)
        *lo = gap_lo;
    return BP_NONE;
}

/* One dated row of a table before indexing. */
typedef struct bp_rowkey {
    uint32_t key;
    int32_t from, to;
    uint32_t row;
    uint64_t line;
} bp_rowkey;

typedef void (*bp_describe_fn)(uint32_t key, char *buf, size_t cap);

/* Builds an index over rows (sorted here); overlapping periods of one key are
 * YB_E_PACK naming the table, the key and both lines. */
int bp_index_build(yb_ctx *ctx, const yb_mem *mem, const char *table, bp_rowkey *rows, size_t n,
                   uint32_t nkeys, bp_describe_fn describe, bp_index *out);
void bp_index_free(const yb_mem *mem, bp_index *ix);
/* 1 and the first day of [from, to] not covered by the key's periods, or 0
 * when every day is covered. */
int bp_uncovered_day(const bp_index *ix, uint32_t key, int32_t from, int32_t to, int32_t *day);
/* Every period of `a` must be covered by `b` (same keys): otherwise YB_E_PACK
 * naming both tables and their files, the key and the first uncovered day. */
int bp_check_cover(yb_ctx *ctx, const yb_pack *pack, const char *ta, const bp_index *a, const char *tb,
                   const bp_index *b, bp_describe_fn describe);

/* Grows *arr to hold need elements (doubling). */
int bp_grow(yb_ctx *ctx, const yb_mem *mem, void **arr, size_t *cap, size_t need, size_t elem,
            const char *what);

/* A row of a schedule table before grouping: rows sharing key and validity
 * form one schedule ordered by sub (segment start, band start, admission). */
typedef struct bp_set_row {
    uint32_t key;
    int32_t from, to;
    int64_t sub, value;
    uint64_t line;
} bp_set_row;

/* Groups schedule rows into sets appended to *elems, checks that each set
 * starts at first_sub, has strictly increasing subs and at most
 * YB_BENEFIT_MAX_BANDS elements, and indexes the sets by key and period. */
int bp_build_sets(yb_ctx *ctx, const yb_mem *mem, const char *table, const char *sub_name,
                  int64_t first_sub, bp_set_row *rows, size_t n, uint32_t nkeys, bp_describe_fn describe,
                  bp_band **elems, size_t *nelems, bp_set **sets, bp_index *ix);

void bp_describe_key3(uint32_t key, char *buf, size_t cap);
void bp_describe_insured(uint32_t key, char *buf, size_t cap);
void bp_describe_category(uint32_t key, char *buf, size_t cap);
const char *bp_insured_name(int insured);
const char *bp_place_name(int place);

/* Table loaders (policy_tables.c, policy_items.c). */
int bp_load_items(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack);
int bp_load_inpatient(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack);
int bp_load_insured(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack);
int bp_load_outpatient(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack);
int bp_load_critical_illness(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack);
int bp_load_assistance(yb_ctx *ctx, yb_benefit_policy *p, const yb_pack *pack);

/* Item version in force on a day, or NULL. */
static inline const bp_item *bp_item_at(const yb_benefit_policy *p, uint32_t id, int32_t day)
{
    if (id >= p->ncodes)
        return NULL;
    for (uint32_t v = p->item_first[id]; v != BP_NONE; v = p->items[v].next) {
        const bp_item *it = &p->items[v];
        if (day < it->from)
            return NULL;
        if (day <= it->to)
            return it;
    }
    return NULL;
}

/* Hash of a short byte string for the exact-code index: 8-byte words
 * multiplied and folded (codes are short; XXH3's dispatch costs more than
 * the hashing here). Not for anything an adversary controls the cost of:
 * a collision only means one more compare. */
static inline uint64_t bp_load8(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
    return w;
}

/* The last 1…8 bytes of s[0, n) as a word, without reading outside it. */
static inline uint64_t bp_tail8(const char *s, size_t n)
{
    if (n >= 8)
        return bp_load8(s + n - 8);
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    return w;
}

static inline uint64_t bp_code_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xC2B2AE3D27D4EB4FULL);
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
        h = (h ^ bp_load8(s + i)) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    h = (h ^ bp_tail8(s, n)) * 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 32);
}

/* a[0, n) == b[0, n) by words (the same tail word as the hash). */
static inline int bp_same_bytes(const char *a, const char *b, size_t n)
{
    size_t i = 0;
    for (; i + 8 < n; i += 8)
        if (bp_load8(a + i) != bp_load8(b + i))
            return 0;
    return bp_tail8(a, n) == bp_tail8(b, n);
}

/* The normalising dictionary's answer for a code the exact index missed. */
int bp_code_lookup_slow(const yb_benefit_policy *p, const char *code, size_t len, uint32_t *id);

/* Item id of a code: exact bytes first (the common, already normal case),
 * then the normalising dictionary. YB_OK, YB_E_NOT_FOUND or the dictionary's
 * YB_E_FORMAT / YB_E_LIMIT for a malformed code. */
static inline int bp_code_lookup(const yb_benefit_policy *p, const char *code, size_t len, uint32_t *id)
{
    uint64_t h = bp_code_hash(code, len), tag = h & UINT64_C(0xFFFFFFFF00000000);
    for (uint32_t i = (uint32_t)h & p->code_mask; p->code_slots[i]; i = (i + 1) & p->code_mask) {
        uint64_t s = p->code_slots[i];
        if ((s & UINT64_C(0xFFFFFFFF00000000)) != tag)
            continue;
        uint32_t k = (uint32_t)s - 1;
        if (p->code_len[k] == len && bp_same_bytes(p->code_text[k], code, len)) {
            *id = k;
            return 0;
        }
    }
    return bp_code_lookup_slow(p, code, len, id);
}

#endif /* YB_BENEFIT_POLICY_H */
