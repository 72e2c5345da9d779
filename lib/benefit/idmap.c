/* Open-addressing id index with backward-shift deletion (see idmap.h). */
#include "idmap.h"

#include <yibao/status.h>

static void place(uint32_t *slots, uint32_t mask, uint64_t id, uint32_t pos)
{
    uint32_t i = (uint32_t)idmap_hash(id) & mask;
    while (slots[i])
        i = (i + 1) & mask;
    slots[i] = pos + 1;
}

int idmap_reserve(idmap *m, const yb_mem *mem, idmap_view v, uint64_t n)
{
    uint64_t cap = m->slots ? (uint64_t)m->mask + 1 : 0;
    if (n * 2 <= cap)
        return YB_OK;
    if (n > (UINT64_C(1) << 30))
        return YB_E_LIMIT;
    uint64_t ncap = cap ? cap : 16;
    while (ncap < n * 2)
        ncap *= 2;
    uint32_t *slots = yb_mem_calloc(mem, (size_t)ncap, sizeof *slots);
    if (!slots)
        return YB_E_NOMEM;
    uint32_t nmask = (uint32_t)(ncap - 1);
    for (uint64_t i = 0; i < cap; i++)
        if (m->slots[i])
            place(slots, nmask, idmap_key(v, m->slots[i] - 1), m->slots[i] - 1);
    yb_mem_free(mem, m->slots);
    m->slots = slots;
    m->mask = nmask;
    return YB_OK;
}

void idmap_insert(idmap *m, idmap_view v, uint64_t id, uint32_t pos)
{
    (void)v;
    place(m->slots, m->mask, id, pos);
    m->count++;
}

/* Slot holding id; IDMAP_NONE if absent (a caller bug, but never a hang). */
static uint32_t slot_of(const idmap *m, idmap_view v, uint64_t id)
{
    if (!m->slots)
        return IDMAP_NONE;
    uint32_t i = (uint32_t)idmap_hash(id) & m->mask;
    for (uint64_t n = 0; n <= m->mask && m->slots[i]; n++, i = (i + 1) & m->mask)
        if (idmap_key(v, m->slots[i] - 1) == id)
            return i;
    return IDMAP_NONE;
}

void idmap_set(idmap *m, idmap_view v, uint64_t id, uint32_t pos)
{
    uint32_t i = slot_of(m, v, id);
    if (i != IDMAP_NONE)
        m->slots[i] = pos + 1;
}

void idmap_remove(idmap *m, idmap_view v, uint64_t id)
{
    uint32_t hole = slot_of(m, v, id);
    if (hole == IDMAP_NONE)
        return;
    m->slots[hole] = 0;
    m->count--;
    /* Shift back every following entry of the cluster that may move into the
     * hole: one whose home slot is not cyclically in (hole, j]. */
    for (uint32_t j = (hole + 1) & m->mask; m->slots[j]; j = (j + 1) & m->mask) {
        uint32_t home = (uint32_t)idmap_hash(idmap_key(v, m->slots[j] - 1)) & m->mask;
        int between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
        if (between)
            continue;
        m->slots[hole] = m->slots[j];
        m->slots[j] = 0;
        hole = j;
    }
}

void idmap_free(idmap *m, const yb_mem *mem)
{
    yb_mem_free(mem, m->slots);
    memset(m, 0, sizeof *m);
}
