/* Memory helpers of the synthetic-data code: the sample-region generator,
 * the benchmarks' case and claim generators and the DIP history reader. */
#ifndef YIBAO_GEN_MEM_H
#define YIBAO_GEN_MEM_H

#include <stddef.h>

/* Makes room for `need` elements of `elsize` bytes in *p (capacity *cap,
 * doubled from 1024): 0, or -1 when out of memory (*p and *cap unchanged). */
int gen_grow(void **p, size_t *cap, size_t need, size_t elsize);

/* One array to allocate: *p = calloc(n, elsize). */
typedef struct gen_array {
    void **p;
    size_t n, elsize;
} gen_array;
#define GEN_ARRAY(ptr, count) { (void **)&(ptr), (count), sizeof *(ptr) }

/* Allocates every array of a[0..count-1] (zeroed): 0, or -1 when one could
 * not be allocated; the others stay allocated for the caller's free function. */
int gen_calloc_all(const gen_array *a, size_t count);

#endif /* YIBAO_GEN_MEM_H */
