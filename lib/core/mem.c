/* Allocation through the caller's hooks. */
#include <stdlib.h>
#include <string.h>

#include "ctx_internal.h"

static void *default_malloc(void *user, size_t size) { (void)user; return malloc(size); }
static void *default_realloc(void *user, void *p, size_t size) { (void)user; return realloc(p, size); }
static void default_free(void *user, void *p) { (void)user; free(p); }

const yb_mem yb_mem_default = { default_malloc, default_realloc, default_free, NULL };

void *yb_mem_alloc(const yb_mem *mem, size_t size)
{
    /* Zero-size requests get one byte so NULL always means failure. */
    return mem->malloc_fn(mem->user, size ? size : 1);
}

void *yb_mem_calloc(const yb_mem *mem, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    size_t bytes = count * size;
    void *p = yb_mem_alloc(mem, bytes);
    if (p)
        memset(p, 0, bytes > 0 ? bytes : 1);
    return p;
}

void *yb_mem_realloc(const yb_mem *mem, void *ptr, size_t size)
{
    if (!ptr)
        return yb_mem_alloc(mem, size);
    return mem->realloc_fn(mem->user, ptr, size ? size : 1);
}

void *yb_mem_realloc_array(const yb_mem *mem, void *ptr, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    return yb_mem_realloc(mem, ptr, count * size);
}

void yb_mem_free(const yb_mem *mem, void *ptr)
{
    if (ptr)
        mem->free_fn(mem->user, ptr);
}

char *yb_mem_strndup(const yb_mem *mem, const char *s, size_t len)
{
    char *p = yb_mem_alloc(mem, len + 1);
    if (p) {
        if (len)
            memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}
