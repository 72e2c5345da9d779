/* Fast non-cryptographic hashing for in-memory tables (XXH3 from the
 * system's xxHash headers, inlined so there is no link dependency). */
#ifndef YB_CORE_HASH_H
#define YB_CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define XXH_INLINE_ALL
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

static inline uint64_t yb_hash_bytes(const void *data, size_t len)
{
    return (uint64_t)XXH3_64bits(data, len);
}

#endif /* YB_CORE_HASH_H */
