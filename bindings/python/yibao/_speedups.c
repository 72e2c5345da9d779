/* Hand-written C helpers of the Python package, compiled into the cffi
 * extension (declarations in _speedups.h). They turn columns of strings,
 * once joined into one UTF-8 buffer by Python, into the Arrow large-utf8 and
 * CSR layouts that the batch calls take, in one pass over the bytes: the
 * per-row work that is slow in Python.
 *
 * Separators are single bytes below 0x80, so they never occur inside a
 * multi-byte UTF-8 sequence. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
