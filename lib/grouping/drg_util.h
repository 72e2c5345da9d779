/* Small containers of the grouping loader: a growable array, a string pool
 * and a string → id hash map whose keys live in the pool. */
#ifndef YB_GROUPING_DRG_UTIL_H
#define YB_GROUPING_DRG_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx_internal.h"

/* Growable array of fixed-size elements. */
typedef struct drg_vec {
    char *p;
    size_t n, cap, elsize;
} drg_vec;

void drg_vec_init(drg_vec *v, size_t elsize);
int drg_vec_push(const yb_mem *mem, drg_vec *v, const void *elem); /* YB_E_NOMEM */
void drg_vec_free(const yb_mem *mem, drg_vec *v);
/* Gives the storage away (caller frees it with mem) and resets v. */
void *drg_vec_take(drg_vec *v);
#define DRG_VEC_AT(v, type, i) (((type *)(void *)(v).p)[i])

/* Strings back to back, NUL-terminated, addressed by offset. */
typedef struct drg_pool {
    char *p;
    size_t len, cap;
} drg_pool;

int drg_pool_add(const yb_mem *mem, drg_pool *pool, const char *s, size_t len, uint32_t *off);

/* Map from a string (in a pool) to a uint32 value. */
typedef struct drg_strmap {
    uint32_t *key;   /* pool offset + 1; 0 = empty */
    uint32_t *val;
    uint32_t mask, count;
} drg_strmap;

void drg_strmap_free(const yb_mem *mem, drg_strmap *m);
/* 1 and *val when found, 0 when not. */
int drg_strmap_get(const drg_strmap *m, const char *pool, const char *s, size_t len, uint32_t *val);
/* Adds key (a pool offset) → val; the key must not be present. */
int drg_strmap_put(const yb_mem *mem, drg_strmap *m, const char *pool, uint32_t key_off, uint32_t val);

#endif /* YB_GROUPING_DRG_UTIL_H */
