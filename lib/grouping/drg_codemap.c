/* Code → id for the batch's string path. Same answers as yb_dict_lookup() on
 * the scheme's dictionary (same normalisation, same ids), with less memory
 * traffic: 8-byte slots (hash tag + id, 512 KiB for 33,000 codes) and the
 * verification against the code copy held in the id's drg_code_info record,
 * which the engine reads next anyway. Codes longer than 16 bytes, and codes
 * that need normalising, take the slow path (normalise, then the same table
 * or the dictionary). */
#include <string.h>

#include "drg_internal.h"

#define KEY_BYTES 16

static inline uint64_t mix(uint64_t a, uint64_t b, size_t n)
{
    uint64_t h = a * 0x9E3779B97F4A7C15ull;
    h ^= (b * 0xC2B2AE3D27D4EB4Full) >> 7;
    h ^= (uint64_t)n * 0x27D4EB2F165667C5ull;
    h ^= h >> 31;
    h *= 0x94D049BB133111EBull;
    h ^= h >> 29;
    return h | ((uint64_t)1 << 32); /* the tag (upper half) is never 0 */
}

/* Which characters a code already in normal form may hold (include/yibao/dict.h),
 * as two bits: bit 0 = allowed first or right after '+', bit 1 = allowed
 * elsewhere. Digits, A-Z but X, and . + * - / _ are allowed anywhere; X only
 * first or after '+'; x (an extension) only elsewhere; anything else would
 * be changed or refused by normalisation. */
#define ANY 3
static const unsigned char allowed[256] = {
    ['0'] = ANY, ['1'] = ANY, ['2'] = ANY, ['3'] = ANY, ['4'] = ANY, ['5'] = ANY, ['6'] = ANY, ['7'] = ANY,
    ['8'] = ANY, ['9'] = ANY, ['A'] = ANY, ['B'] = ANY, ['C'] = ANY, ['D'] = ANY, ['E'] = ANY, ['F'] = ANY,
    ['G'] = ANY, ['H'] = ANY, ['I'] = ANY, ['J'] = ANY, ['K'] = ANY, ['L'] = ANY, ['M'] = ANY, ['N'] = ANY,
    ['O'] = ANY, ['P'] = ANY, ['Q'] = ANY, ['R'] = ANY, ['S'] = ANY, ['T'] = ANY, ['U'] = ANY, ['V'] = ANY,
    ['W'] = ANY, ['Y'] = ANY, ['Z'] = ANY, ['.'] = ANY, ['+'] = ANY, ['*'] = ANY, ['-'] = ANY, ['/'] = ANY,
    ['_'] = ANY, ['X'] = 1, ['x'] = 2,
};

/* Copies a code of at most KEY_BYTES bytes into the zero-padded key when it
 * already is in normal form; 0 when it is not. Branch-free over the
 * characters: they are unpredictable, a mispredicted branch costs more than
 * the tests. */
static inline int load_key(const char *code, size_t n, uint64_t k[2])
{
    if (n == 0 || n > KEY_BYTES)
        return 0;
    k[0] = k[1] = 0;
    memcpy(k, code, n);
    const unsigned char *b = (const unsigned char *)k;
    unsigned ok = 1, shift = 0; /* shift 0: first or after '+' */
    for (size_t i = 0; i < n; i++) {
        ok &= (unsigned)allowed[b[i]] >> shift;
        shift = b[i] != '+';
    }
    return (int)(ok & 1);
}

int drg_codemap_build(const yb_mem *mem, drg_codes *dc)
{
    drg_codemap *m = &dc->map;
    uint32_t cap = 64;
    while (cap < 2 * (uint64_t)dc->n + 1)
        cap *= 2;
    m->slot = yb_mem_calloc(mem, cap, sizeof *m->slot);
    if (!m->slot)
        return YB_E_NOMEM;
    m->mask = cap - 1;
    for (uint32_t id = 0; id < dc->n; id++) {
        const char *code = yb_dict_code(dc->dict, id);
        size_t len = strlen(code);
        drg_code_info *ci = &dc->info[id];
        ci->len = (uint8_t)(len < 255 ? len : 255);
        if (len > KEY_BYTES)
            continue; /* found through the dictionary */
        unsigned char kb[KEY_BYTES] = { 0 };
        memcpy(kb, code, len);
        memcpy(ci->key, kb, KEY_BYTES);
        uint64_t h = mix(ci->key[0], ci->key[1], len);
        uint32_t i = (uint32_t)h & m->mask;
        while (m->slot[i])
            i = (i + 1) & m->mask;
        m->slot[i] = (h & 0xFFFFFFFF00000000ull) | (uint64_t)(id + 1);
    }
    return YB_OK;
}

void drg_codemap_free(const yb_mem *mem, drg_codemap *m)
{
    yb_mem_free(mem, m->slot);
    m->slot = NULL;
}

static int find(const drg_codes *dc, const uint64_t k[2], size_t n, uint64_t h, uint32_t *id)
{
    const drg_codemap *m = &dc->map;
    uint64_t tag = h & 0xFFFFFFFF00000000ull;
    uint32_t i = (uint32_t)h & m->mask;
    for (;;) {
        uint64_t sl = m->slot[i];
        if (!sl)
            return YB_E_NOT_FOUND;
        if ((sl & 0xFFFFFFFF00000000ull) == tag) {
            uint32_t cand = (uint32_t)sl - 1;
            const drg_code_info *ci = &dc->info[cand];
            if (ci->key[0] == k[0] && ci->key[1] == k[1] && ci->len == n) {
                *id = cand;
                return YB_OK;
            }
        }
        i = (i + 1) & m->mask;
    }
}

int drg_codemap_key(const drg_codes *dc, const char *code, size_t n, drg_key *key)
{
    if (!load_key(code, n, key->k))
        return 0;
    key->h = mix(key->k[0], key->k[1], n);
    DRG_PREFETCH(&dc->map.slot[(uint32_t)key->h & dc->map.mask]);
    return 1;
}

void drg_codemap_peek(const drg_codes *dc, const drg_key *key)
{
    uint64_t sl = dc->map.slot[(uint32_t)key->h & dc->map.mask];
    if (sl && (sl & 0xFFFFFFFF00000000ull) == (key->h & 0xFFFFFFFF00000000ull))
        DRG_PREFETCH(&dc->info[(uint32_t)sl - 1]);
}

int drg_codemap_lookup(const drg_codes *dc, const char *code, size_t n, const drg_key *key, uint32_t *id)
{
    if (key)
        return find(dc, key->k, n, key->h, id);
    uint64_t k[2];
    if (load_key(code, n, k))
        return find(dc, k, n, mix(k[0], k[1], n), id);
    char buf[YB_CODE_MAX + 1];
    size_t len;
    int rc = yb_code_normalize(code, n, buf, sizeof buf, &len);
    if (rc)
        return rc;
    if (len <= KEY_BYTES) {
        unsigned char kb[KEY_BYTES] = { 0 };
        memcpy(kb, buf, len);
        memcpy(k, kb, KEY_BYTES);
        return find(dc, k, len, mix(k[0], k[1], len), id);
    }
    return yb_dict_lookup(dc->dict, buf, len, id);
}
