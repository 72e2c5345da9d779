/* Open-addressing id index with hash tags and backward-shift deletion (see
 * idmap.h). */
#include "idmap.h"

#include <yibao/status.h>

static void place(idmap_slot *slots, uint32_t mask, uint64_t id, uint32_t pos)
{
    uint64_t h = idmap_hash(id);
    uint32_t i = (uint32_t)h & mask;
    while (slots[i].pos1)
        i = (i + 1) & mask;
    slots[i] = (idmap_slot){ pos + 1, (uint32_t)(h >> 32) };
}

int idmap_reserve(idmap *m, const yb_mem *mem, idmap_view v, uint64_t n)
{
    (void)v;
    uint64_t cap = m->slots ? (uint64_t)m->mask + 1 : 0;
    if (n * 4 <= cap * 3)
        return YB_OK;
    if (n > (UINT64_C(1) << 30))
        return YB_E_LIMIT;
    uint64_t ncap = cap ? cap : 16;
    while (n * 4 > ncap * 3)
        ncap *= 2;
    idmap_slot *slots = yb_mem_calloc(mem, (size_t)ncap, sizeof *slots);
    if (!slots)
        return YB_E_NOMEM;
    uint32_t nmask = (uint32_t)(ncap - 1);
    for (uint64_t i = 0; i < cap; i++)
        if (m->slots[i].pos1) {
            /* the tag is the hash's high half; the home slot needs the low half */
            uint32_t pos = m->slots[i].pos1 - 1;
            place(slots, nmask, idmap_key(v, pos), pos);
        }
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
    uint64_t h = idmap_hash(id);
    uint32_t i = (uint32_t)h & m->mask, tag = (uint32_t)(h >> 32);
    for (uint64_t n = 0; n <= m->mask && m->slots[i].pos1; n++, i = (i + 1) & m->mask)
        if (m->slots[i].tag == tag && idmap_key(v, m->slots[i].pos1 - 1) == id)
            return i;
    return IDMAP_NONE;
}

void idmap_set(idmap *m, idmap_view v, uint64_t id, uint32_t pos)
{
    uint32_t i = slot_of(m, v, id);
    if (i != IDMAP_NONE)
        m->slots[i].pos1 = pos + 1;
}

void idmap_remove(idmap *m, idmap_view v, uint64_t id)
{
    uint32_t hole = slot_of(m, v, id);
    if (hole == IDMAP_NONE)
        return;
    m->slots[hole].pos1 = 0;
    m->count--;
    /* Shift back every following entry of the cluster that may move into the
     * hole: one whose home slot is not cyclically in (hole, j]. */
    for (uint32_t j = (hole + 1) & m->mask; m->slots[j].pos1; j = (j + 1) & m->mask) {
        uint32_t home = (uint32_t)idmap_hash(idmap_key(v, m->slots[j].pos1 - 1)) & m->mask;
        int between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
        if (between)
            continue;
        m->slots[hole] = m->slots[j];
        m->slots[j].pos1 = 0;
        hole = j;
    }
}

void idmap_free(idmap *m, const yb_mem *mem)
{
    yb_mem_free(mem, m->slots);
    memset(m, 0, sizeof *m);
}
