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
/* The common case of yb_decimal_parse, exactly: digits, optionally '.' and
 * at most `decimals` digits, 18 digits in all. Returns 0 with *out set, or
 * -1 for anything else (left to yb_decimal_parse and its errors). */
static int ybpy_plain_decimal(const uint8_t *p, size_t len, int decimals, int64_t *out)
{
    uint64_t v = 0;
    int digits = 0, before = 0, frac = -1;
    for (size_t i = 0; i < len; i++) {
        unsigned d = (unsigned)p[i] - '0';
        if (d <= 9) {
            v = v * 10 + d;
            digits++;
            if (frac >= 0)
                frac++;
            else
                before++;
        } else if (p[i] == '.' && frac < 0) {
            frac = 0;
        } else {
            return -1;
        }
    }
    if (frac < 0)
        frac = 0;
    if (before == 0 || (frac == 0 && len > 0 && p[len - 1] == '.') || frac > decimals ||
        digits + (decimals - frac) > 18)
        return -1;
    for (int k = frac; k < decimals; k++)
        v *= 10;
    *out = (int64_t)v;
    return 0;
}

int64_t ybpy_parse_fixed(const uint8_t *data, const int64_t *offsets, size_t n, int decimals, int64_t *out,
                         int32_t *status)
{
    int64_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = data + offsets[i];
        size_t len = (size_t)(offsets[i + 1] - offsets[i]);
        if (decimals >= 0 && decimals <= 18 && ybpy_plain_decimal(p, len, decimals, &out[i]) == 0) {
            status[i] = 0;
            continue;
        }
        int rc = yb_decimal_parse((const char *)p, len, decimals, &out[i]);
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

/* ------------------------------------------------------------------------
 * Columns of Python objects (the PyObject pointers of a numpy object array),
 * read in place: no list, no joined string, no per-row work in Python. The
 * GIL is taken for the duration (cffi releases it around calls). Only str
 * objects are read (missing values, None, float NaN, pd.NA and pd.NaT, where
 * allowed);
 * anything else makes the call return YBPY_DECLINED, and the caller takes its
 * pure-Python path, which gives the error or the conversion. */
#define YBPY_DECLINED INT64_MIN
#define YBPY_RETRY (INT64_MIN + 1)
#define YBPY_GUESS 16 /* bytes guessed per code of a list before reading it */

#ifndef PYPY_VERSION
/* pandas' missing-value singletons (pd.NA, pd.NaT), by their type's name. */
static int ybpy_is_pandas_na(PyObject *o)
{
    const char *name = Py_TYPE(o)->tp_name;
    size_t len = strlen(name);
    return (len >= 6 && strcmp(name + len - 6, "NAType") == 0) ||
           (len >= 7 && strcmp(name + len - 7, "NaTType") == 0);
}

/* The UTF-8 bytes of a str (cached by CPython; for ASCII its own data). */
static int ybpy_text(PyObject *o, int clean, const char **p, Py_ssize_t *n)
{
    if (PyUnicode_Check(o)) {
        if (PyUnicode_IS_COMPACT_ASCII(o)) { /* ASCII: its data are its UTF-8 bytes */
            *p = (const char *)PyUnicode_DATA(o);
            *n = PyUnicode_GET_LENGTH(o);
            return 0;
        }
        *p = PyUnicode_AsUTF8AndSize(o, n);
        if (!*p) {
            PyErr_Clear();
            return -1;
        }
        return 0;
    }
    if (clean && (o == Py_None || (PyFloat_Check(o) && PyFloat_AS_DOUBLE(o) != PyFloat_AS_DOUBLE(o)) ||
                  ybpy_is_pandas_na(o))) {
        *p = "";
        *n = 0;
        return 0;
    }
    return -1;
}
#endif

/* Copies n bytes, eight at a time where they can be read (a str's data may
 * end anywhere); `out` has eight bytes of slack. */
static inline void ybpy_copy(uint8_t *out, const char *p, Py_ssize_t n)
{
    Py_ssize_t i = 0;
    for (; i + 8 <= n; i += 8)
        memcpy(out + i, p + i, 8);
    for (; i < n; i++)
        out[i] = (uint8_t)p[i];
}

/* The strings of n objects in the Arrow layout: with out NULL returns the
 * number of bytes they need; otherwise writes them to out (cap bytes plus
 * eight of slack) and n + 1 offsets and returns the bytes written, or
 * YBPY_RETRY when they do not fit (a guessed cap: size them first), or
 * YBPY_DECLINED for an object that is not a str. clean: missing values are
 * "". */
int64_t ybpy_objects_utf8(void *const *objs, size_t n, int clean, uint8_t *out, size_t cap, int64_t *offsets)
{
#ifdef PYPY_VERSION
    (void)objs, (void)n, (void)clean, (void)out, (void)cap, (void)offsets;
    return YBPY_DECLINED;
#else
    PyGILState_STATE gil = PyGILState_Ensure();
    int64_t used = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p;
        Py_ssize_t len;
        if (ybpy_text((PyObject *)objs[i], clean, &p, &len)) {
            used = YBPY_DECLINED;
            break;
        }
        if (out) {
            if ((size_t)(used + len) > cap) {
                used = YBPY_RETRY;
                break;
            }
            offsets[i] = used;
            ybpy_copy(out + used, p, len);
        }
        used += len;
    }
    if (out && used >= 0)
        offsets[n] = used;
    PyGILState_Release(gil);
    return used;
#endif
}


/* n rows of items into CSR + Arrow layout. lists = 0: each row is a str of
 * items joined by the byte `sep` (empty items dropped), or missing (no
 * items). lists = 1 or 2: each row is a list or tuple of str (empty strings
 * dropped), or missing. With out NULL only sizes the output: counts[0] =
 * bytes, counts[1] = items (for joined rows upper bounds, computed without
 * reading the bytes; for lists = 1 a guess of YBPY_GUESS bytes a code that
 * reads only the lists, for lists = 2 exact). Otherwise fills out (cap bytes
 * plus eight of slack), row_offsets (n + 1) and item_offsets (items_cap + 1
 * entries) and sets counts to what was written. Returns 0, YBPY_RETRY (a
 * list's codes did not fit: size them with lists = 2) or YBPY_DECLINED. */
int64_t ybpy_objects_split(void *const *objs, size_t n, int sep, int lists, uint8_t *out, size_t cap,
                           int64_t *row_offsets, int64_t *item_offsets, size_t items_cap, int64_t *counts)
{
#ifdef PYPY_VERSION
    (void)objs, (void)n, (void)sep, (void)lists, (void)out, (void)cap, (void)row_offsets, (void)item_offsets;
    (void)items_cap, (void)counts;
    return YBPY_DECLINED;
#else
    PyGILState_STATE gil = PyGILState_Ensure();
    int64_t used = 0, items = 0, rc = 0;
    if (out)
        row_offsets[0] = 0;
    for (size_t r = 0; r < n && !rc; r++) {
        PyObject *o = (PyObject *)objs[r];
        const char *p;
        Py_ssize_t len;
        if (lists && (PyList_Check(o) || PyTuple_Check(o))) {
            Py_ssize_t k = PySequence_Fast_GET_SIZE(o);
            PyObject **its = PySequence_Fast_ITEMS(o);
            if (!out && lists == 1) { /* a guess that reads only the lists: codes are short */
                used += YBPY_GUESS * k;
                items += k;
                goto next;
            }
            for (Py_ssize_t j = 0; j < k; j++) {
                if (ybpy_text(its[j], 0, &p, &len)) {
                    rc = YBPY_DECLINED;
                    break;
                }
                if (len == 0)
                    continue;
                if (out) {
                    if ((size_t)(used + len) > cap || (size_t)items >= items_cap) {
                        rc = YBPY_RETRY; /* longer than guessed, or changed: size exactly */
                        break;
                    }
                    item_offsets[items] = used;
                    ybpy_copy(out + used, p, len);
                }
                used += len;
                items++;
            }
        } else if (ybpy_text(o, 1, &p, &len) || (lists && len)) {
            rc = YBPY_DECLINED; /* not a str (or, for lists, a str instead of a list) */
        } else if (!out) { /* bounds without reading the bytes: items are at least one byte apart */
            used += len;
            items += (len + 1) / 2;
        } else if ((size_t)(used + len) > cap || (size_t)(items + (len + 1) / 2) > items_cap) {
            rc = YBPY_DECLINED; /* the objects changed since they were sized */
        } else {
            /* Eight bytes at a time: a word is stored whole and the copy
             * advances to its first separator, as in ybpy_split_joined. */
            int64_t cur = used;
            Py_ssize_t i = 0;
#if YBPY_SWAR
            while (i + 8 <= len) {
                uint64_t w;
                memcpy(&w, p + i, 8);
                memcpy(out + used, &w, 8);
                uint64_t m = ybpy_bytes_eq(w, sep);
                if (!m) {
                    used += 8;
                    i += 8;
                    continue;
                }
                unsigned b = (unsigned)__builtin_ctzll(m) >> 3;
                used += b;
                i += b + 1;
                if (used > cur)
                    item_offsets[items++] = cur;
                cur = used;
            }
#endif
            for (; i < len; i++) {
                uint8_t c = (uint8_t)p[i];
                if (c != sep) {
                    out[used++] = c;
                    continue;
                }
                if (used > cur)
                    item_offsets[items++] = cur;
                cur = used;
            }
            if (used > cur)
                item_offsets[items++] = cur;
        }
    next:
        if (out && !rc)
            row_offsets[r + 1] = items;
    }
    if (!rc) {
        if (out)
            item_offsets[items] = used;
        counts[0] = used;
        counts[1] = items;
    }
    PyGILState_Release(gil);
    return rc;
#endif
}
