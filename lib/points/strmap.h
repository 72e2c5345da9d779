/* A small string → dense id map for the points module: open addressing over
 * 24-byte slots that hold the first 16 bytes of their key as two zero-padded
 * words, so finding a key of up to 16 bytes — every group, hospital, level
 * and subtype code in practice — is a few multiplications and two word
 * compares, without a call. Longer keys are hashed with XXH3 and confirmed
 * against their bytes. Codes compare byte for byte: group and hospital codes
 * are opaque, unlike ICD codes (see dict.h), so no case folding. Keys are
 * copied into one byte pool. Single writer, then any number of readers. */
#ifndef YB_POINTS_STRMAP_H
#define YB_POINTS_STRMAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <yibao/status.h>

#include "core/ctx_internal.h"

#define YB_STRMAP_WORDS 16 /* keys up to this length are compared as two words */

typedef struct yb_strmap_slot {
    uint64_t k[2];  /* bytes 0-15 of the key, zero-padded; 0 in an empty slot */
    uint32_t id1;   /* id + 1; 0 = empty */
    uint32_t len1;  /* key length + 1; 0 in an empty slot */
} yb_strmap_slot;

typedef struct yb_strmap {
    yb_mem mem;
    yb_strmap_slot *slots; /* power-of-two capacity */
    uint32_t mask;
    uint32_t count, cap;
    uint64_t *off;     /* offset of id's key in pool (count + 1 entries: key i is pool[off[i]..off[i+1]-1]) */
    uint64_t *hash;
    char *pool;        /* keys, each followed by a NUL */
    size_t pool_len, pool_cap;
} yb_strmap;

void yb_strmap_init(yb_strmap *m, const yb_mem *mem);
void yb_strmap_clear(yb_strmap *m);
/* Adds key when new. *id gets its id; *added = 1 when new. YB_E_NOMEM. */
int yb_strmap_intern(yb_strmap *m, const char *key, size_t len, uint32_t *id, int *added);
const char *yb_strmap_key(const yb_strmap *m, uint32_t id);
/* The hash of a key of more than YB_STRMAP_WORDS bytes (XXH3). */
uint64_t yb_strmap_long_hash(const char *key, size_t len);

/* The first (up to) 16 bytes of s as two zero-padded little-endian words,
 * reading only s[0 .. n): the words and n identify a key of up to 16 bytes. */
static inline void yb_strmap_words(const char *s, size_t n, uint64_t k[2])
{
    uint64_t a = 0, b = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n >= 16) {
        memcpy(&a, s, 8);
        memcpy(&b, s + 8, 8);
    } else if (n > 8) {
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8); /* bytes n-8 … n-1: keep 8 … n-1 */
        b >>= 8 * (16 - n);
    } else if (n == 8) {
        memcpy(&a, s, 8);
    } else if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4); /* bytes n-4 … n-1, overlapping lo */
        a = (uint64_t)lo | (uint64_t)hi << (8 * (n - 4));
    } else if (n > 0) {
        const unsigned char *u = (const unsigned char *)s;
        a = (uint64_t)u[0] | (uint64_t)u[n / 2] << (8 * (n / 2)) | (uint64_t)u[n - 1] << (8 * (n - 1));
    }
#else
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n && i < 16; i++) {
        if (i < 8)
            a |= (uint64_t)u[i] << (8 * i);
        else
            b |= (uint64_t)u[i] << (8 * (i - 8));
    }
#endif
    k[0] = a;
    k[1] = b;
}

/* The hash of a key from its words (keys of up to 16 bytes) or its bytes. */
static inline uint64_t yb_strmap_hash(const uint64_t k[2], const char *s, size_t n)
{
    if (n > YB_STRMAP_WORDS)
        return yb_strmap_long_hash(s, n);
    uint64_t h = k[0] * 0x9E3779B97F4A7C15ull;
    h ^= (k[1] + n) * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 32;
    h *= 0x94D049BB133111EBull;
    h ^= h >> 29;
    return h;
}

/* yb_strmap_find() of a key of more than YB_STRMAP_WORDS bytes. */
int yb_strmap_find_long(const yb_strmap *m, const char *key, size_t len, uint32_t *id);

/* YB_OK or YB_E_NOT_FOUND. */
static inline __attribute__((always_inline)) int yb_strmap_find(const yb_strmap *m, const char *key, size_t len,
                                                             uint32_t *id)
{
    if (len > YB_STRMAP_WORDS)
        return yb_strmap_find_long(m, key, len, id);
    if (!m->count)
        return YB_E_NOT_FOUND;
    uint64_t k[2];
    yb_strmap_words(key, len, k);
    uint64_t h = yb_strmap_hash(k, key, len);
    for (uint32_t i = (uint32_t)h & m->mask;; i = (i + 1) & m->mask) {
        const yb_strmap_slot *s = &m->slots[i];
        if (s->k[0] == k[0] && s->k[1] == k[1] && s->len1 == len + 1) {
            *id = s->id1 - 1;
            return YB_OK;
        }
        if (!s->id1)
            return YB_E_NOT_FOUND;
    }
}

/* Removes surrounding ASCII spaces and tabs. */
static inline const char *yb_trim(const char *s, size_t *len)
{
    size_t n = *len;
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *len = n;
    return s;
}

#endif /* YB_POINTS_STRMAP_H */
