/* Code normalisation and the interning dictionary (open addressing, keys in
 * one growing byte pool). */
#include <string.h>

#include <yibao/dict.h>
#include <yibao/status.h>

#include "ctx_internal.h"
#include "hash.h"

/* Open addressing with the key inline in a 32-byte slot, so a lookup of a
 * code of up to INLINE_KEY bytes (every ICD code) touches one cache line:
 * hash, id and key together. Longer codes keep their bytes in the pool. */
#define INLINE_KEY 19

typedef struct slot {
    uint64_t hash;
    uint32_t id1;             /* id + 1; 0 = empty */
    uint8_t len;
    char key[INLINE_KEY];     /* zero-padded; unused when len > INLINE_KEY */
} slot;

struct yb_dict {
    yb_mem mem;
    slot *slots;
    uint32_t slot_mask;
    uint32_t count;
    uint32_t id_cap;
    uint32_t *offset;    /* offset of each id's code in pool */
    uint32_t *slot_of;   /* slot index of each id (for rehashing) */
    char *pool;          /* NUL-terminated codes back to back */
    size_t pool_len, pool_cap;
};

/* A normalised character may stay as is when it is one of these. */
static int plain_char(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '.' || c == '+' || c == '*' ||
           c == '-' || c == '/' || c == '_';
}

/* True when the input already is its own normal form (the common case). */
static int already_normal(const char *s, size_t len)
{
    if (len == 0 || len > YB_CODE_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (plain_char(c)) {
            if (c == 'X' && i > 0 && s[i - 1] != '+')
                return 0; /* an extension X must be lower case */
            continue;
        }
        if (c == 'x' && i > 0 && s[i - 1] != '+')
            continue;
        return 0;
    }
    return 1;
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

int yb_dict_new(yb_ctx *ctx, yb_dict **out)
{
    if (!ctx || !out)
        return YB_E_INVALID_ARG;
    *out = NULL;
    yb_dict *d = yb_calloc(ctx, 1, sizeof *d);
    if (!d)
        return yb_fail_nomem(ctx, "a code dictionary");
    d->mem = ctx->mem;
    d->slots = yb_calloc(ctx, 64, sizeof *d->slots);
    if (!d->slots) {
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
    yb_mem_free(&mem, d->slots);
    yb_mem_free(&mem, d->offset);
    yb_mem_free(&mem, d->slot_of);
    yb_mem_free(&mem, d->pool);
    yb_mem_free(&mem, d);
}

static inline int slot_matches(const yb_dict *d, const slot *e, const char *s, size_t len, uint64_t h)
{
    if (e->hash != h || e->len != len)
        return 0;
    if (len <= INLINE_KEY)
        return memcmp(e->key, s, len) == 0;
    return memcmp(d->pool + d->offset[e->id1 - 1], s, len) == 0;
}

static int find_slot(const yb_dict *d, const char *s, size_t len, uint64_t h, uint32_t *at)
{
    uint32_t i = (uint32_t)h & d->slot_mask;
    for (;;) {
        const slot *e = &d->slots[i];
        if (e->id1 == 0) {
            *at = i;
            return 0;
        }
        if (slot_matches(d, e, s, len, h)) {
            *at = i;
            return 1;
        }
        i = (i + 1) & d->slot_mask;
    }
}

static int grow_slots(yb_dict *d)
{
    uint32_t cap = (d->slot_mask + 1) * 2;
    slot *slots = yb_mem_calloc(&d->mem, cap, sizeof *slots);
    if (!slots)
        return YB_E_NOMEM;
    for (uint32_t id = 0; id < d->count; id++) {
        const slot *old = &d->slots[d->slot_of[id]];
        uint32_t i = (uint32_t)old->hash & (cap - 1);
        while (slots[i].id1)
            i = (i + 1) & (cap - 1);
        slots[i] = *old;
        d->slot_of[id] = i;
    }
    yb_mem_free(&d->mem, d->slots);
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

static int normal_form(const char *code, size_t len, char *buf, const char **s, size_t *n)
{
    if (already_normal(code, len)) {
        *s = code;
        *n = len;
        return YB_OK;
    }
    int rc = yb_code_normalize(code, len, buf, YB_CODE_MAX + 1, n);
    *s = buf;
    return rc;
}

int yb_dict_intern(yb_ctx *ctx, yb_dict *d, const char *code, size_t len, uint32_t *id)
{
    if (!ctx || !d || !code || !id)
        return YB_E_INVALID_ARG;
    char buf[YB_CODE_MAX + 1];
    const char *s;
    size_t n;
    int rc = normal_form(code, len, buf, &s, &n);
    if (rc) {
        yb_errloc loc = { .field = "code", .value = code, .value_len = len };
        return yb_fail_at(ctx, rc, &loc, "%s",
                          rc == YB_E_LIMIT ? "code longer than 63 bytes" : "not a valid code");
    }
    uint64_t h = yb_hash_bytes(s, n);
    uint32_t at;
    if (find_slot(d, s, n, h, &at)) {
        *id = d->slots[at].id1 - 1;
        return YB_OK;
    }
    if (d->count == UINT32_MAX - 1)
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
        (void)find_slot(d, s, n, h, &at);
    }
    uint32_t new_id = d->count++;
    d->offset[new_id] = (uint32_t)d->pool_len;
    d->slot_of[new_id] = at;
    memcpy(d->pool + d->pool_len, s, n);
    d->pool[d->pool_len + n] = '\0';
    d->pool_len += n + 1;
    slot *e = &d->slots[at];
    e->hash = h;
    e->id1 = new_id + 1;
    e->len = (uint8_t)n;
    if (n <= INLINE_KEY)
        memcpy(e->key, s, n);
    *id = new_id;
    return YB_OK;
}

int yb_dict_lookup(const yb_dict *d, const char *code, size_t len, uint32_t *id)
{
    if (!d || !code || !id)
        return YB_E_INVALID_ARG;
    char buf[YB_CODE_MAX + 1];
    const char *s;
    size_t n;
    int rc = normal_form(code, len, buf, &s, &n);
    if (rc)
        return rc;
    uint32_t at;
    if (!find_slot(d, s, n, yb_hash_bytes(s, n), &at))
        return YB_E_NOT_FOUND;
    *id = d->slots[at].id1 - 1;
    return YB_OK;
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
