/* An open-addressing index from 64-bit ids to positions in an array whose
 * elements start with their uint64_t id (member records, journal entries,
 * saved records). A slot is 8 bytes: position + 1 (0 = empty) and 32 bits of
 * the id's hash, so a probe rejects other ids without touching their
 * element. Load factor at most 3/4, so an exactly reserved index costs
 * 10.7–21.3 bytes per element. Deletion shifts entries back (no
 * tombstones). */
#ifndef YB_BENEFIT_IDMAP_H
#define YB_BENEFIT_IDMAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/ctx_internal.h"

#define IDMAP_NONE UINT32_MAX

/* GCC 12 treats a function whose only effect is __builtin_prefetch as pure
 * and deletes the calls before inlining; forcing early inlining keeps the
 * prefetch instructions. */
#define IDMAP_PREFETCH_FN __attribute__((always_inline)) static inline

typedef struct idmap_slot {
    uint32_t pos1;  /* position + 1, 0 = empty */
    uint32_t tag;   /* high 32 bits of the hash */
} idmap_slot;

typedef struct idmap {
    idmap_slot *slots;
    uint32_t mask;   /* capacity − 1 (capacity a power of two) */
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
    uint64_t h = idmap_hash(id);
    uint32_t tag = (uint32_t)(h >> 32);
    for (uint32_t i = (uint32_t)h & m->mask;; i = (i + 1) & m->mask) {
        idmap_slot s = m->slots[i];
        if (!s.pos1)
            return IDMAP_NONE;
        if (s.tag == tag && idmap_key(v, s.pos1 - 1) == id)
            return s.pos1 - 1;
    }
}

/* Hints the cache about where id's slot lies (batch pipelines). */
IDMAP_PREFETCH_FN void idmap_prefetch(const idmap *m, uint64_t id)
{
    if (m->slots)
        __builtin_prefetch(&m->slots[(uint32_t)idmap_hash(id) & m->mask]);
}

/* Hints the cache about id's element when its home slot (already cached by
 * idmap_prefetch) holds it. */
IDMAP_PREFETCH_FN void idmap_prefetch_element(const idmap *m, idmap_view v, uint64_t id)
{
    if (!m->slots)
        return;
    uint64_t h = idmap_hash(id);
    idmap_slot s = m->slots[(uint32_t)h & m->mask];
    if (s.pos1 && s.tag == (uint32_t)(h >> 32)) {
        const char *e = (const char *)v.base + (size_t)(s.pos1 - 1) * v.stride;
        __builtin_prefetch(e);
        __builtin_prefetch(e + v.stride - 1);
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
static inline size_t idmap_bytes(const idmap *m) { return m->slots ? ((size_t)m->mask + 1) * sizeof *m->slots : 0; }

#endif /* YB_BENEFIT_IDMAP_H */
