/* A small string → dense id map for the points module (open addressing over
 * XXH3, keys copied into one byte pool). Codes compare byte for byte: group
 * and hospital codes are opaque, unlike ICD codes (see dict.h), so no case
 * folding. Single writer, then any number of readers. */
#ifndef YB_POINTS_STRMAP_H
#define YB_POINTS_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx_internal.h"

typedef struct yb_strmap {
    yb_mem mem;
    uint32_t *slots;   /* id + 1; 0 = empty; power-of-two capacity */
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
/* YB_OK or YB_E_NOT_FOUND. */
int yb_strmap_find(const yb_strmap *m, const char *key, size_t len, uint32_t *id);
const char *yb_strmap_key(const yb_strmap *m, uint32_t id);

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
