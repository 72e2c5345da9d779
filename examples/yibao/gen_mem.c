/* Memory helpers of the synthetic-data code; see gen_mem.h. */
#include <stdlib.h>

#include "gen_mem.h"

int gen_grow(void **p, size_t *cap, size_t need, size_t elsize)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elsize);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

int gen_calloc_all(const gen_array *a, size_t count)
{
    int failed = 0;
    for (size_t i = 0; i < count; i++) {
        *a[i].p = calloc(a[i].n, a[i].elsize);
        failed |= *a[i].p == NULL;
    }
    return failed ? -1 : 0;
}
