/* Code normalisation and the interning dictionary (open addressing, keys in
 * one growing byte pool). */
#include <string.h>

#include <yibao/dict.h>
#include <yibao/status.h>

#include "ctx_internal.h"
#include "hash.h"

struct yb_dict {
    yb_mem mem;
    uint32_t *slots;     /* id + 1, 0 = empty; capacity is a power of two */
    uint32_t slot_mask;
    uint32_t count;
    uint32_t id_cap;
    uint32_t *offset;    /* offset of each id's code in pool */
    uint8_t *length;     /* length of each id's code */
    uint64_t *hash;      /* hash of each id's code (for rehashing and quick rejects) */
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
    yb_mem_free(&mem, d->length);
    yb_mem_free(&mem, d->hash);
    yb_mem_free(&mem, d->pool);
    yb_mem_free(&mem, d);
}

static int find_slot(const yb_dict *d, const char *s, size_t len, uint64_t h, uint32_t *slot)
{
    uint32_t i = (uint32_t)h & d->slot_mask;
    for (;;) {
        uint32_t v = d->slots[i];
        if (v == 0) {
            *slot = i;
            return 0;
        }
        uint32_t id = v - 1;
        if (d->hash[id] == h && d->length[id] == len && memcmp(d->pool + d->offset[id], s, len) == 0) {
            *slot = i;
            return 1;
        }
        i = (i + 1) & d->slot_mask;
    }
}

static int grow_slots(yb_dict *d)
{
    uint32_t cap = (d->slot_mask + 1) * 2;
    uint32_t *slots = yb_mem_calloc(&d->mem, cap, sizeof *slots);
    if (!slots)
        return YB_E_NOMEM;
    yb_mem_free(&d->mem, d->slots);
    d->slots = slots;
    d->slot_mask = cap - 1;
    for (uint32_t id = 0; id < d->count; id++) {
        uint32_t i = (uint32_t)d->hash[id] & d->slot_mask;
        while (d->slots[i])
            i = (i + 1) & d->slot_mask;
        d->slots[i] = id + 1;
    }
    return YB_OK;
}

static int grow_ids(yb_dict *d)
{
    uint32_t cap = d->id_cap ? d->id_cap * 2 : 64;
    uint32_t *offset = yb_mem_realloc_array(&d->mem, d->offset, cap, sizeof *offset);
    if (!offset)
        return YB_E_NOMEM;
    d->offset = offset;
    uint8_t *length = yb_mem_realloc_array(&d->mem, d->length, cap, sizeof *length);
    if (!length)
        return YB_E_NOMEM;
    d->length = length;
    uint64_t *hash = yb_mem_realloc_array(&d->mem, d->hash, cap, sizeof *hash);
    if (!hash)
        return YB_E_NOMEM;
    d->hash = hash;
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
    uint32_t slot;
    if (find_slot(d, s, n, h, &slot)) {
        *id = d->slots[slot] - 1;
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
        (void)find_slot(d, s, n, h, &slot);
    }
    uint32_t new_id = d->count++;
    d->offset[new_id] = (uint32_t)d->pool_len;
    d->length[new_id] = (uint8_t)n;
    d->hash[new_id] = h;
    memcpy(d->pool + d->pool_len, s, n);
    d->pool[d->pool_len + n] = '\0';
    d->pool_len += n + 1;
    d->slots[slot] = new_id + 1;
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
    uint32_t slot;
    if (!find_slot(d, s, n, yb_hash_bytes(s, n), &slot))
        return YB_E_NOT_FOUND;
    *id = d->slots[slot] - 1;
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
