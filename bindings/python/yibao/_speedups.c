/* Hand-written C helpers of the Python package, compiled into the cffi
 * extension (declarations in _speedups.h): the per-row work that is slow in
 * Python. They take columns of strings once joined into one UTF-8 buffer by
 * Python (or held by Arrow) and split them into the Arrow large-utf8 and CSR
 * layouts that the batch calls take, parse decimal texts exactly, and map
 * text ids to 64-bit ids.
 *
 * Separators are single bytes below 0x80, so they never occur inside a
 * multi-byte UTF-8 sequence. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <yibao/money.h>

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define YBPY_SWAR 1
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Flags the bytes of w equal to b (b < 0: none). The lowest flag is exact;
 * flags above it may be spurious, so only the lowest is ever used. */
static inline uint64_t ybpy_bytes_eq(uint64_t w, int b)
{
    if (b < 0)
        return 0;
    uint64_t x = w ^ (ONES * (uint64_t)b);
    return (x - ONES) & ~x & HIGHS;
}
#else
#define YBPY_SWAR 0
#endif

/* A separator closes the current item (kept when non-empty or keep_empty);
 * a row separator also closes the row. */
#define YBPY_CLOSE(is_row)                                                                  \
    do {                                                                                    \
        if (used > cur || keep_empty)                                                       \
            item_offsets[items++] = cur;                                                    \
        cur = used;                                                                         \
        if (is_row)                                                                         \
            row_offsets[++rows] = items;                                                    \
    } while (0)

/* Splits `data` (len bytes) into rows at `row_sep` (-1: one row) and each row
 * into items at `item_sep` (-1: a row is one item). Empty items are dropped
 * unless keep_empty. Writes row_offsets (rows + 1 CSR offsets into the
 * items; at least separators + 2 entries), `out` (the item bytes back to
 * back; at least len bytes) and item_offsets (items + 1 Arrow offsets into
 * out; at least len / 2 + 2 entries when empty items are dropped, len + 2
 * when kept), and *n_rows. Returns the number of items.
 *
 * Eight bytes at a time where the machine allows: a word is copied whole and
 * the copy advances to its first separator, so an item of a few bytes costs
 * one step instead of one per byte. */
int64_t ybpy_split_joined(const uint8_t *data, size_t len, int row_sep, int item_sep, int keep_empty,
                          int64_t *n_rows, int64_t *row_offsets, uint8_t *out, int64_t *item_offsets)
{
    int64_t items = 0, rows = 0, used = 0, cur = 0;
    size_t i = 0;
    row_offsets[0] = 0;
#if YBPY_SWAR
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, data + i, 8);
        memcpy(out + used, &w, 8); /* used <= i: the 8 bytes fit in out */
        uint64_t m = ybpy_bytes_eq(w, item_sep) | ybpy_bytes_eq(w, row_sep);
        if (!m) {
            used += 8;
            i += 8;
            continue;
        }
        unsigned k = (unsigned)__builtin_ctzll(m) >> 3;
        used += k;
        i += k;
        YBPY_CLOSE(data[i] == row_sep);
        i++;
    }
#endif
    for (; i < len; i++) {
        uint8_t c = data[i];
        if (c != item_sep && c != row_sep) {
            out[used++] = c;
            continue;
        }
        YBPY_CLOSE(c == row_sep);
    }
    YBPY_CLOSE(1);
    item_offsets[items] = used;
    *n_rows = rows;
    return items;
}

/* The same for n rows given by Arrow offsets (n + 1 entries into data), each
 * split at item_sep; row_offsets has n + 1 entries, item_offsets at least
 * (bytes + n) / 2 + 2. Returns the number of items. */
int64_t ybpy_split_rows(const uint8_t *data, const int64_t *offsets, size_t n, int item_sep, int keep_empty,
                        int64_t *row_offsets, uint8_t *out, int64_t *item_offsets)
{
    int64_t items = 0, rows = 0, used = 0, cur = 0;
    int64_t end_all = n ? offsets[n] : 0;
    row_offsets[0] = 0;
    for (size_t r = 0; r < n; r++) {
        int64_t i = offsets[r], end = offsets[r + 1];
        cur = used;
#if YBPY_SWAR
        while (i + 8 <= end_all && i < end) {
            uint64_t w;
            memcpy(&w, data + i, 8);
            memcpy(out + used, &w, 8); /* used - offsets[0] <= i: fits */
            uint64_t m = ybpy_bytes_eq(w, item_sep);
            int64_t k = m ? (int64_t)(__builtin_ctzll(m) >> 3) : 8;
            if (i + k >= end) { /* the row ends first */
                used += end - i;
                i = end;
                break;
            }
            used += k;
            i += k;
            if (k < 8) {
                YBPY_CLOSE(0);
                i++;
            }
        }
#endif
        for (; i < end; i++) {
            uint8_t c = data[i];
            if (c != item_sep) {
                out[used++] = c;
                continue;
            }
            YBPY_CLOSE(0);
        }
        YBPY_CLOSE(1);
    }
    item_offsets[items] = used;
    return items;
}

/* Parses n decimal texts (Arrow layout) exactly into fixed-point values with
 * `decimals` digits (yb_decimal_parse: optional sign, '.', surrounding
 * spaces; no exponent). status[i] gets the call's status (0 = parsed, out[i]
 * valid). Returns the number of texts that did not parse. */
int64_t ybpy_parse_fixed(const uint8_t *data, const int64_t *offsets, size_t n, int decimals, int64_t *out,
                         int32_t *status)
{
    int64_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = yb_decimal_parse((const char *)data + offsets[i], (size_t)(offsets[i + 1] - offsets[i]), decimals,
                                  &out[i]);
        status[i] = rc;
        if (rc) {
            out[i] = 0;
            bad++;
        }
    }
    return bad;
}

/* 64-bit id of a text id (the Python binding's text-id mapping, documented in
 * yibao/benefit.py): bytes read in little-endian 8-byte words, each mixed
 * with multiplications and shifts, the length folded in, and the result
 * finalised with the splitmix64 mixer. The same on every platform. The empty
 * text is 0 ("none"); any other text is never 0. */
static uint64_t ybpy_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

void ybpy_hash_texts(const uint8_t *data, const int64_t *offsets, size_t n, uint64_t *out)
{
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = data + offsets[i];
        size_t len = (size_t)(offsets[i + 1] - offsets[i]);
        if (len == 0) {
            out[i] = 0;
            continue;
        }
        uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)len;
        for (size_t k = 0; k < len; k += 8) {
            uint64_t w = 0;
            size_t m = len - k < 8 ? len - k : 8;
            for (size_t b = 0; b < m; b++)
                w |= (uint64_t)p[k + b] << (8 * b);
            h = ybpy_mix(h ^ ybpy_mix(w + UINT64_C(0x9e3779b97f4a7c15) * (uint64_t)(k / 8 + 1)));
        }
        out[i] = h ? h : 1;
    }
}
