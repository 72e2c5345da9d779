/* Containers of the grouping loader; see drg_util.h. */
#include <string.h>

#include "core/hash.h"

#include "drg_util.h"

void drg_vec_init(drg_vec *v, size_t elsize)
{
    memset(v, 0, sizeof *v);
    v->elsize = elsize;
}

int drg_vec_push(const yb_mem *mem, drg_vec *v, const void *elem)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        char *p = yb_mem_realloc_array(mem, v->p, cap, v->elsize);
        if (!p)
            return YB_E_NOMEM;
        v->p = p;
        v->cap = cap;
    }
    memcpy(v->p + v->n * v->elsize, elem, v->elsize);
    v->n++;
    return YB_OK;
}

void drg_vec_free(const yb_mem *mem, drg_vec *v)
{
    yb_mem_free(mem, v->p);
    v->p = NULL;
    v->n = v->cap = 0;
}

void *drg_vec_take(drg_vec *v)
{
    void *p = v->p;
    v->p = NULL;
    v->n = v->cap = 0;
    return p;
}

int drg_pool_add(const yb_mem *mem, drg_pool *pool, const char *s, size_t len, uint32_t *off)
{
    if (pool->len + len + 1 > UINT32_MAX)
        return YB_E_NOMEM;
    if (pool->len + len + 1 > pool->cap) {
        size_t cap = pool->cap ? pool->cap : 4096;
        while (cap < pool->len + len + 1)
            cap *= 2;
        char *p = yb_mem_realloc(mem, pool->p, cap);
        if (!p)
            return YB_E_NOMEM;
        pool->p = p;
        pool->cap = cap;
    }
    if (len)
        memcpy(pool->p + pool->len, s, len);
    pool->p[pool->len + len] = '\0';
    *off = (uint32_t)pool->len;
    pool->len += len + 1;
    return YB_OK;
}

void drg_strmap_free(const yb_mem *mem, drg_strmap *m)
{
    yb_mem_free(mem, m->key);
    yb_mem_free(mem, m->val);
    memset(m, 0, sizeof *m);
}

static int same(const char *pool, uint32_t key, const char *s, size_t len)
{
    const char *k = pool + key - 1;
    return strncmp(k, s, len) == 0 && k[len] == '\0';
}

int drg_strmap_get(const drg_strmap *m, const char *pool, const char *s, size_t len, uint32_t *val)
{
    if (!m->key)
        return 0;
    uint32_t i = (uint32_t)yb_hash_bytes(s, len) & m->mask;
    while (m->key[i]) {
        if (same(pool, m->key[i], s, len)) {
            *val = m->val[i];
            return 1;
        }
        i = (i + 1) & m->mask;
    }
    return 0;
}

static int grow(const yb_mem *mem, drg_strmap *m, const char *pool)
{
    uint32_t cap = m->key ? (m->mask + 1) * 2 : 64;
    uint32_t *key = yb_mem_calloc(mem, cap, sizeof *key);
    uint32_t *val = yb_mem_calloc(mem, cap, sizeof *val);
    if (!key || !val) {
        yb_mem_free(mem, key);
        yb_mem_free(mem, val);
        return YB_E_NOMEM;
    }
    for (uint32_t i = 0; m->key && i <= m->mask; i++) {
        if (!m->key[i])
            continue;
        const char *k = pool + m->key[i] - 1;
        uint32_t j = (uint32_t)yb_hash_bytes(k, strlen(k)) & (cap - 1);
        while (key[j])
            j = (j + 1) & (cap - 1);
        key[j] = m->key[i];
        val[j] = m->val[i];
    }
    yb_mem_free(mem, m->key);
    yb_mem_free(mem, m->val);
    m->key = key;
    m->val = val;
    m->mask = cap - 1;
    return YB_OK;
}

int drg_strmap_put(const yb_mem *mem, drg_strmap *m, const char *pool, uint32_t key_off, uint32_t val)
{
    if (!m->key || (uint64_t)(m->count + 1) * 2 > (uint64_t)m->mask + 1) {
        if (grow(mem, m, pool))
            return YB_E_NOMEM;
    }
    const char *k = pool + key_off;
    uint32_t i = (uint32_t)yb_hash_bytes(k, strlen(k)) & m->mask;
    while (m->key[i])
        i = (i + 1) & m->mask;
    m->key[i] = key_off + 1;
    m->val[i] = val;
    m->count++;
    return YB_OK;
}
