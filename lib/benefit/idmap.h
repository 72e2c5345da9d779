/* An open-addressing index from 64-bit ids to positions in an array whose
 * elements start with their uint64_t id (member records, journal entries,
 * saved records). Slots hold position + 1 (0 = empty), 4 bytes each, so the
 * index costs 8–16 bytes per element at its load factor of at most 1/2.
 * Deletion shifts entries back (no tombstones), so an index after
 * insert-then-delete is the same as before. */
#ifndef YB_BENEFIT_IDMAP_H
#define YB_BENEFIT_IDMAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/ctx_internal.h"

#define IDMAP_NONE UINT32_MAX

typedef struct idmap {
    uint32_t *slots;
    uint32_t mask;   /* capacity − 1 (capacity a power of two), 0 when empty */
    uint32_t count;
} idmap;

/* Elements are read through base + pos × stride; the id is their first field. */
typedef struct idmap_view {
    const void *base;
    size_t stride;
} idmap_view;

static inline uint64_t idmap_hash(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static inline uint64_t idmap_key(idmap_view v, uint32_t pos)
{
    uint64_t k;
    memcpy(&k, (const char *)v.base + (size_t)pos * v.stride, sizeof k);
    return k;
}

/* Position of id, or IDMAP_NONE. */
static inline uint32_t idmap_find(const idmap *m, idmap_view v, uint64_t id)
{
    if (!m->count)
        return IDMAP_NONE;
    for (uint32_t i = (uint32_t)idmap_hash(id) & m->mask;; i = (i + 1) & m->mask) {
        uint32_t s = m->slots[i];
        if (!s)
            return IDMAP_NONE;
        if (idmap_key(v, s - 1) == id)
            return s - 1;
    }
}

/* Makes room for n elements in total (rehashing); YB_E_NOMEM or YB_E_LIMIT. */
int idmap_reserve(idmap *m, const yb_mem *mem, idmap_view v, uint64_t n);
/* Adds id → pos; room must have been reserved. */
void idmap_insert(idmap *m, idmap_view v, uint64_t id, uint32_t pos);
/* Changes the position stored for id (which must be present). */
void idmap_set(idmap *m, idmap_view v, uint64_t id, uint32_t pos);
/* Removes id (which must be present); v must still show its element. */
void idmap_remove(idmap *m, idmap_view v, uint64_t id);
void idmap_free(idmap *m, const yb_mem *mem);
/* Bytes held. */
static inline size_t idmap_bytes(const idmap *m) { return m->slots ? ((size_t)m->mask + 1) * 4 : 0; }

#endif /* YB_BENEFIT_IDMAP_H */
