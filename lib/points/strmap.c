/* String → id map (see strmap.h). */
#include <string.h>

#include <yibao/status.h>

#include "core/hash.h"
#include "strmap.h"

void yb_strmap_init(yb_strmap *m, const yb_mem *mem)
{
    memset(m, 0, sizeof *m);
    m->mem = *mem;
}

void yb_strmap_clear(yb_strmap *m)
{
    yb_mem_free(&m->mem, m->slots);
    yb_mem_free(&m->mem, m->off);
    yb_mem_free(&m->mem, m->hash);
    yb_mem_free(&m->mem, m->pool);
    yb_mem mem = m->mem;
    yb_strmap_init(m, &mem);
}

uint64_t yb_strmap_long_hash(const char *key, size_t len)
{
    return yb_hash_bytes(key, len);
}

int yb_strmap_find_long(const yb_strmap *m, const char *key, size_t len, uint32_t *id)
{
    if (!m->count || len >= UINT32_MAX)
        return YB_E_NOT_FOUND;
    uint64_t k[2];
    yb_strmap_words(key, len, k);
    uint64_t h = yb_strmap_hash(k, key, len);
    for (uint32_t i = (uint32_t)h & m->mask;; i = (i + 1) & m->mask) {
        const yb_strmap_slot *s = &m->slots[i];
        if (s->k[0] == k[0] && s->k[1] == k[1] && s->len1 == len + 1 && m->hash[s->id1 - 1] == h &&
            memcmp(m->pool + m->off[s->id1 - 1], key, len) == 0) {
            *id = s->id1 - 1;
            return YB_OK;
        }
        if (!s->id1)
            return YB_E_NOT_FOUND;
    }
}

/* The empty slot where a key of hash h goes (the key is not in the table). */
static yb_strmap_slot *free_slot(yb_strmap_slot *slots, uint32_t mask, uint64_t h)
{
    uint32_t i = (uint32_t)h & mask;
    while (slots[i].id1)
        i = (i + 1) & mask;
    return &slots[i];
}

static int grow_slots(yb_strmap *m)
{
    uint32_t ncap = m->mask ? (m->mask + 1) * 2 : 64;
    yb_strmap_slot *ns = yb_mem_calloc(&m->mem, ncap, sizeof *ns);
    if (!ns)
        return YB_E_NOMEM;
    for (uint32_t id = 0; id < m->count; id++) {
        size_t len = (size_t)(m->off[id + 1] - m->off[id] - 1);
        yb_strmap_slot *s = free_slot(ns, ncap - 1, m->hash[id]);
        yb_strmap_words(m->pool + m->off[id], len, s->k);
        s->id1 = id + 1;
        s->len1 = (uint32_t)len + 1;
    }
    yb_mem_free(&m->mem, m->slots);
    m->slots = ns;
    m->mask = ncap - 1;
    return YB_OK;
}

int yb_strmap_intern(yb_strmap *m, const char *key, size_t len, uint32_t *id, int *added)
{
    if (added)
        *added = 0;
    if (yb_strmap_find(m, key, len, id) == YB_OK)
        return YB_OK;
    if (m->count >= UINT32_MAX / 4 || len >= UINT32_MAX - 1)
        return YB_E_LIMIT;
    /* Keep the load factor under a quarter: a lookup then probes 1.2 slots on average. */
    if ((uint64_t)(m->count + 1) * 4 > (uint64_t)m->mask + 1 || !m->slots) {
        int rc = grow_slots(m);
        if (rc)
            return rc;
    }
    if (m->count + 1 >= m->cap) {
        uint32_t ncap = m->cap ? m->cap * 2 : 32;
        uint64_t *noff = yb_mem_realloc_array(&m->mem, m->off, (size_t)ncap + 1, sizeof *noff);
        if (!noff)
            return YB_E_NOMEM;
        m->off = noff;
        uint64_t *nh = yb_mem_realloc_array(&m->mem, m->hash, ncap, sizeof *nh);
        if (!nh)
            return YB_E_NOMEM;
        m->hash = nh;
        if (m->cap == 0)
            m->off[0] = 0;
        m->cap = ncap;
    }
    if (m->pool_len + len + 1 > m->pool_cap) {
        size_t ncap = m->pool_cap ? m->pool_cap * 2 : 1024;
        while (ncap < m->pool_len + len + 1)
            ncap *= 2;
        char *np = yb_mem_realloc(&m->mem, m->pool, ncap);
        if (!np)
            return YB_E_NOMEM;
        m->pool = np;
        m->pool_cap = ncap;
    }
    uint32_t nid = m->count;
    memcpy(m->pool + m->pool_len, key, len);
    m->pool[m->pool_len + len] = '\0';
    m->pool_len += len + 1;
    m->off[nid + 1] = m->pool_len;
    uint64_t k[2];
    yb_strmap_words(key, len, k);
    uint64_t h = yb_strmap_hash(k, key, len);
    m->hash[nid] = h;
    yb_strmap_slot *slot = free_slot(m->slots, m->mask, h);
    slot->k[0] = k[0];
    slot->k[1] = k[1];
    slot->id1 = nid + 1;
    slot->len1 = (uint32_t)len + 1;
    m->count++;
    *id = nid;
    if (added)
        *added = 1;
    return YB_OK;
}

const char *yb_strmap_key(const yb_strmap *m, uint32_t id)
{
    return id < m->count ? m->pool + m->off[id] : NULL;
}
