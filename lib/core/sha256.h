/* SHA-256 (FIPS 180-4) for pack checksums and fingerprints. */
#ifndef YB_CORE_SHA256_H
#define YB_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct yb_sha256 {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char block[64];
    size_t used;
} yb_sha256;

void yb_sha256_init(yb_sha256 *s);
void yb_sha256_update(yb_sha256 *s, const void *data, size_t len);
void yb_sha256_final(yb_sha256 *s, unsigned char digest[32]);
/* Lower-case hex of a whole buffer's digest into hex[65]. */
void yb_sha256_hex(const void *data, size_t len, char hex[65]);
void yb_hex_encode(const unsigned char *bytes, size_t n, char *hex);

#endif /* YB_CORE_SHA256_H */
