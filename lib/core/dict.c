/* Code normalisation and the interning dictionary.
 *
 * Open addressing over 32-byte slots, each aligned to its own half cache
 * line. A slot holds the first 16 bytes of its code as two zero-padded words,
 * the length, the hash and the id, so a lookup of a code of up to 16 bytes
 * (every ICD-10 and ICD-9-CM-3 code) is two word compares on one cache line.
 * Longer codes are confirmed against their bytes in the pool.
 *
 * Lookups try the bytes as given first. The dictionary holds normalised codes
 * only, so bytes found there are their own normal form and the answer is the
 * one normalising would give; only a miss pays for normalisation (and a second
 * probe when normalising changed the bytes). yb_dict_lookup_batch() keys each
 * code and starts loading its slot AHEAD codes before it probes it, so the
 * memory latency of successive codes overlaps. */
#include <string.h>

#include <yibao/dict.h>
#include <yibao/status.h>

#include "ctx_internal.h"
#include "hash.h"

#define WORD_KEY 16  /* codes up to this length are compared as two words */
#define AHEAD 16     /* codes keyed (and their slots prefetched) ahead in a batch */

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

typedef struct slot {
    uint64_t k[2];   /* bytes 0-15 of the code, zero-padded */
    uint64_t hash;
    uint32_t id1;    /* id + 1; 0 = empty (then k, len are 0) */
    uint32_t len;
} slot;

typedef char slot_is_32_bytes[sizeof(slot) == 32 ? 1 : -1];

struct yb_dict {
    yb_mem mem;
    void *slot_mem;      /* the allocation; slots is it aligned to 64 bytes */
    slot *slots;
    uint32_t slot_mask;
    uint32_t count;
    uint32_t id_cap;
    uint32_t *offset;    /* offset of each id's code in pool */
    uint32_t *slot_of;   /* slot index of each id (for rehashing) */
    char *pool;          /* NUL-terminated codes back to back */
    size_t pool_len, pool_cap;
};

/* The first (up to) 16 bytes of s as two zero-padded words, reading only
 * s[0 .. n). */
static inline void load_words(const char *s, size_t n, uint64_t k[2])
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t a = 0, b = 0;
    if (n >= 16) {
        memcpy(&a, s, 8);
        memcpy(&b, s + 8, 8);
    } else if (n > 8) {
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8); /* bytes n-8 .. n-1; keep 8 .. n-1 */
        b >>= 8 * (16 - n);
    } else if (n == 8) {
        memcpy(&a, s, 8);
    } else if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4); /* bytes n-4 .. n-1, overlapping lo */
        a = (uint64_t)lo | (uint64_t)hi << (8 * (n - 4));
    } else if (n > 0) {
        a = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << (8 * (n / 2)) |
            (uint64_t)(unsigned char)s[n - 1] << (8 * (n - 1));
    }
    k[0] = a;
    k[1] = b;
#else
    unsigned char buf[16] = { 0 };
    memcpy(buf, s, n < 16 ? n : 16);
    memcpy(k, buf, 16);
#endif
}

static inline uint64_t mix(uint64_t a, uint64_t b, uint64_t n)
{
    uint64_t h = a * 0x9E3779B97F4A7C15ull;
    h ^= (b + n) * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 32;
    h *= 0x94D049BB133111EBull;
    h ^= h >> 29;
    return h;
}

/* The hash of a code whose words k are already loaded. */
static inline uint64_t code_hash(const uint64_t k[2], const char *s, size_t n)
{
    return n <= WORD_KEY ? mix(k[0], k[1], n) : yb_hash_bytes(s, n);
}

/* 1 and the slot holding the code, or 0 and the empty slot where it would go. */
static inline int probe(const yb_dict *d, const uint64_t k[2], const char *s, size_t n, uint64_t h,
                        uint32_t *at)
{
    uint32_t i = (uint32_t)h & d->slot_mask;
    for (;;) {
        const slot *e = &d->slots[i];
        if (e->k[0] == k[0] && e->k[1] == k[1] && e->len == n &&
            (n <= WORD_KEY || (e->hash == h && memcmp(d->pool + d->offset[e->id1 - 1], s, n) == 0))) {
            *at = i;
            return 1;
        }
        if (e->id1 == 0) {
            *at = i;
            return 0;
        }
        i = (i + 1) & d->slot_mask;
    }
}

int yb_code_normalize(const char *code, size_t len, char *out, size_t cap, size_t *out_len)
{
    if (!code || !out || cap == 0)
        return YB_E_INVALID_ARG;
    char buf[4 * (YB_CODE_MAX + 1)];
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)code[i];
        if (c < 0x80) {
            if (n >= sizeof buf)
                return YB_E_LIMIT;
            buf[n++] = (char)c;
            i++;
            continue;
        }
        /* Full-width forms U+FF01..U+FF5E are EF BC 81..EF BD 9E; U+3000 is E3 80 80. */
        if (i + 2 < len) {
            unsigned char c1 = (unsigned char)code[i + 1], c2 = (unsigned char)code[i + 2];
            if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) {
                if (n >= sizeof buf)
                    return YB_E_LIMIT;
                buf[n++] = ' ';
                i += 3;
                continue;
            }
            if (c == 0xEF && (c1 == 0xBC || c1 == 0xBD) && c2 >= 0x80 && c2 <= 0xBF) {
                unsigned cp = 0xF000u | ((unsigned)(c1 & 0x3F) << 6) | (c2 & 0x3F);
                if (cp >= 0xFF01 && cp <= 0xFF5E) {
                    if (n >= sizeof buf)
                        return YB_E_LIMIT;
                    buf[n++] = (char)(cp - 0xFEE0);
                    i += 3;
                    continue;
                }
            }
        }
        return YB_E_FORMAT;
    }
    size_t b = 0, e = n;
    while (b < e && (buf[b] == ' ' || buf[b] == '\t'))
        b++;
    while (e > b && (buf[e - 1] == ' ' || buf[e - 1] == '\t'))
        e--;
    if (b == e)
        return YB_E_FORMAT;
    size_t m = e - b;
    if (m > YB_CODE_MAX || m + 1 > cap)
        return YB_E_LIMIT;
    for (size_t i = 0; i < m; i++) {
        unsigned char c = (unsigned char)buf[b + i];
        if (c <= 0x20 || c == 0x7F || c == ',' || c == '"' || c == '|')
            return YB_E_FORMAT;
        if (c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 'a' + 'A');
        if (c == 'X' && i > 0 && out[i - 1] != '+')
            c = 'x';
        out[i] = (char)c;
    }
    out[m] = '\0';
    if (out_len)
        *out_len = m;
    return YB_OK;
}

static int alloc_slots(const yb_mem *mem, uint32_t cap, void **raw, slot **slots)
{
    *raw = yb_mem_calloc(mem, (size_t)cap + 2, sizeof(slot));
    if (!*raw)
        return YB_E_NOMEM;
    uintptr_t p = ((uintptr_t)*raw + 63) & ~(uintptr_t)63;
    *slots = (slot *)(void *)((char *)*raw + (p - (uintptr_t)*raw));
    return YB_OK;
}

int yb_dict_new(yb_ctx *ctx, yb_dict **out)
{
    if (!ctx || !out)
        return YB_E_INVALID_ARG;
    *out = NULL;
    yb_dict *d = yb_calloc(ctx, 1, sizeof *d);
    if (!d)
        return yb_fail_nomem(ctx, "a code dictionary");
    d->mem = ctx->mem;
    if (alloc_slots(&d->mem, 64, &d->slot_mem, &d->slots)) {
        yb_free(ctx, d);
        return yb_fail_nomem(ctx, "a code dictionary");
    }
    d->slot_mask = 63;
    *out = d;
    return YB_OK;
}

void yb_dict_free(yb_dict *d)
{
    if (!d)
        return;
    yb_mem mem = d->mem;
    yb_mem_free(&mem, d->slot_mem);
    yb_mem_free(&mem, d->offset);
    yb_mem_free(&mem, d->slot_of);
    yb_mem_free(&mem, d->pool);
    yb_mem_free(&mem, d);
}

static int grow_slots(yb_dict *d)
{
    uint32_t cap = (d->slot_mask + 1) * 2;
    void *raw;
    slot *slots;
    if (alloc_slots(&d->mem, cap, &raw, &slots))
        return YB_E_NOMEM;
    for (uint32_t id = 0; id < d->count; id++) {
        const slot *old = &d->slots[d->slot_of[id]];
        uint32_t i = (uint32_t)old->hash & (cap - 1);
        while (slots[i].id1)
            i = (i + 1) & (cap - 1);
        slots[i] = *old;
        d->slot_of[id] = i;
    }
    yb_mem_free(&d->mem, d->slot_mem);
    d->slot_mem = raw;
    d->slots = slots;
    d->slot_mask = cap - 1;
    return YB_OK;
}

static int grow_ids(yb_dict *d)
{
    uint32_t cap = d->id_cap ? d->id_cap * 2 : 64;
    uint32_t *offset = yb_mem_realloc_array(&d->mem, d->offset, cap, sizeof *offset);
    if (!offset)
        return YB_E_NOMEM;
    d->offset = offset;
    uint32_t *slot_of = yb_mem_realloc_array(&d->mem, d->slot_of, cap, sizeof *slot_of);
    if (!slot_of)
        return YB_E_NOMEM;
    d->slot_of = slot_of;
    d->id_cap = cap;
    return YB_OK;
}

int yb_dict_intern(yb_ctx *ctx, yb_dict *d, const char *code, size_t len, uint32_t *id)
{
    if (!ctx || !d || !code || !id)
        return YB_E_INVALID_ARG;
    char s[YB_CODE_MAX + 1];
    size_t n;
    int rc = yb_code_normalize(code, len, s, sizeof s, &n);
    if (rc) {
        yb_errloc loc = { .field = "code", .value = code, .value_len = len };
        return yb_fail_at(ctx, rc, &loc, "%s",
                          rc == YB_E_LIMIT ? "code longer than 63 bytes" : "not a valid code");
    }
    uint64_t k[2];
    load_words(s, n, k);
    uint64_t h = code_hash(k, s, n);
    uint32_t at;
    if (probe(d, k, s, n, h, &at)) {
        *id = d->slots[at].id1 - 1;
        return YB_OK;
    }
    if (d->count == UINT32_MAX - 2)
        return yb_fail(ctx, YB_E_LIMIT, "code dictionary is full");
    if (d->count == d->id_cap && grow_ids(d))
        return yb_fail_nomem(ctx, "code dictionary ids");
    while (d->pool_len + n + 1 > d->pool_cap) {
        size_t cap = d->pool_cap ? d->pool_cap * 2 : 1024;
        char *pool = yb_mem_realloc(&d->mem, d->pool, cap);
        if (!pool)
            return yb_fail_nomem(ctx, "code dictionary text");
        d->pool = pool;
        d->pool_cap = cap;
    }
    if ((uint64_t)(d->count + 1) * 2 > (uint64_t)d->slot_mask + 1) {
        if (grow_slots(d))
            return yb_fail_nomem(ctx, "code dictionary slots");
        (void)probe(d, k, s, n, h, &at);
    }
    uint32_t new_id = d->count++;
    d->offset[new_id] = (uint32_t)d->pool_len;
    d->slot_of[new_id] = at;
    memcpy(d->pool + d->pool_len, s, n);
    d->pool[d->pool_len + n] = '\0';
    d->pool_len += n + 1;
    slot *e = &d->slots[at];
    e->k[0] = k[0];
    e->k[1] = k[1];
    e->hash = h;
    e->id1 = new_id + 1;
    e->len = (uint32_t)n;
    *id = new_id;
    return YB_OK;
}

/* After the bytes as given were not found: normalise, and probe again when
 * that changed them. YB_OK, YB_E_NOT_FOUND, YB_E_FORMAT or YB_E_LIMIT. */
static int lookup_normalised(const yb_dict *d, const char *code, size_t len, uint32_t *id)
{
    char s[YB_CODE_MAX + 1];
    size_t n;
    int rc = yb_code_normalize(code, len, s, sizeof s, &n);
    if (rc)
        return rc;
    if (n == len && memcmp(s, code, n) == 0)
        return YB_E_NOT_FOUND; /* already normal: the first probe was the answer */
    uint64_t k[2];
    load_words(s, n, k);
    uint32_t at;
    if (!probe(d, k, s, n, code_hash(k, s, n), &at))
        return YB_E_NOT_FOUND;
    *id = d->slots[at].id1 - 1;
    return YB_OK;
}

int yb_dict_lookup(const yb_dict *d, const char *code, size_t len, uint32_t *id)
{
    if (!d || !code || !id)
        return YB_E_INVALID_ARG;
    if (len >= 1 && len <= YB_CODE_MAX) {
        uint64_t k[2];
        load_words(code, len, k);
        uint32_t at;
        if (probe(d, k, code, len, code_hash(k, code, len), &at)) {
            *id = d->slots[at].id1 - 1;
            return YB_OK;
        }
    }
    return lookup_normalised(d, code, len, id);
}

/* Keys code k of a batch and starts loading its slot; q->n = 0 when the code
 * is not a short one (decided by the slow path). */
typedef struct pending {
    uint64_t k[2], h;
    size_t n;
} pending;

static inline void key_ahead(const yb_dict *d, const char *data, const int64_t *offsets, size_t k, pending *q)
{
    int64_t s = offsets[k], e = offsets[k + 1];
    q->n = 0;
    if (s < 0 || e - s < 1 || e - s > WORD_KEY)
        return;
    q->n = (size_t)(e - s);
    load_words(data + s, q->n, q->k);
    q->h = mix(q->k[0], q->k[1], q->n);
    PREFETCH(&d->slots[(uint32_t)q->h & d->slot_mask]);
}

static inline uint32_t resolve(const yb_dict *d, const char *data, const int64_t *offsets, size_t k,
                               const pending *q, size_t *missing)
{
    int64_t s = offsets[k];
    uint32_t at, id;
    if (q->n && probe(d, q->k, data + s, q->n, q->h, &at))
        return d->slots[at].id1 - 1;
    int64_t e = offsets[k + 1];
    int rc = s < 0 || e < s ? YB_E_INVALID_ARG
             : q->n         ? lookup_normalised(d, data + s, q->n, &id)
                            : yb_dict_lookup(d, data + s, (size_t)(e - s), &id);
    if (rc) {
        (*missing)++;
        return rc == YB_E_NOT_FOUND ? YB_DICT_NOT_FOUND : YB_DICT_INVALID;
    }
    return id;
}

int yb_dict_lookup_batch(const yb_dict *d, const char *data, const int64_t *offsets, size_t n, uint32_t *ids)
{
    if (!d || !ids || (n && (!data || !offsets)))
        return YB_E_INVALID_ARG;
    /* a software pipeline: code k is keyed (and its slot starts loading)
     * AHEAD codes before it is probed */
    size_t missing = 0;
    pending q[AHEAD];
    size_t k = 0;
    for (; k < n && k < AHEAD; k++)
        key_ahead(d, data, offsets, k, &q[k]);
    for (; k < n; k++) {
        pending *p = &q[k % AHEAD];
        ids[k - AHEAD] = resolve(d, data, offsets, k - AHEAD, p, &missing);
        key_ahead(d, data, offsets, k, p);
    }
    for (size_t j = k > AHEAD ? k - AHEAD : 0; j < n; j++)
        ids[j] = resolve(d, data, offsets, j, &q[j % AHEAD], &missing);
    return missing > INT32_MAX ? INT32_MAX : (int)missing;
}

const char *yb_dict_code(const yb_dict *d, uint32_t id)
{
    if (!d || id >= d->count)
        return NULL;
    return d->pool + d->offset[id];
}

uint32_t yb_dict_count(const yb_dict *d)
{
    return d ? d->count : 0;
}
