/* Streaming RFC 4180 CSV reader (internal).
 *
 * - fields separated by ',', records by CRLF, LF or a lone CR;
 * - quoted fields may hold commas, quotes ("" = one quote) and line breaks;
 * - a quote inside an unquoted field, or anything but a separator after a
 *   closing quote, is an error;
 * - UTF-8 with or without BOM; invalid UTF-8 is an error whose message names
 *   GBK/GB18030 (and the iconv command) when the bytes look like it, and a
 *   UTF-16 BOM is recognised;
 * - the first record is the header; every record must have as many fields as
 *   the header; records with no bytes at all (blank lines) are skipped;
 * - input is read in 64 KiB chunks, so files larger than memory stream.
 *
 * Several parts (for example a base pack table and its overlay) can be read
 * as one table; each part has its own header, which must equal the first.
 *
 * Errors inside one record (wrong field count, bad UTF-8, stray quote) are
 * recoverable: yb_csv_next() reports the error and the next call continues
 * with the following record. Errors that lose the record structure (I/O,
 * unterminated quote, record over the size limit) stop the reader.
 */
#ifndef YB_CORE_CSV_H
#define YB_CORE_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "ctx_internal.h"

typedef struct yb_csv yb_csv;

/* One input: a file path, or bytes in memory (then data/len; not copied, must
 * outlive the reader). name is used in messages (defaults to the path). */
typedef struct yb_csv_part {
    const char *name;
    const char *path;
    const void *data;
    size_t len;
    int owned;          /* data was allocated with the context's allocator; the reader frees it */
} yb_csv_part;

int yb_csv_open_file(yb_ctx *ctx, const char *path, yb_csv **out);
int yb_csv_open_mem(yb_ctx *ctx, const char *name, const void *data, size_t len, yb_csv **out);
int yb_csv_open_parts(yb_ctx *ctx, const yb_csv_part *parts, size_t n, yb_csv **out);
void yb_csv_close(yb_csv *r);

/* Header access. */
size_t yb_csv_ncols(const yb_csv *r);
const char *yb_csv_colname(const yb_csv *r, size_t col);
/* Index of a column by name, or -1. */
long yb_csv_find_col(const yb_csv *r, const char *name);

/* Maps required (and optional, required[i] == 0) column names to indices.
 * Missing required columns give YB_E_FORMAT naming the column and listing
 * the header. Optional missing columns get -1. */
int yb_csv_map_cols(yb_csv *r, yb_ctx *ctx, const char *const *names, const int *required,
                    size_t n, long *idx);

/* Reads the next record: 1 = a record, 0 = end of input, < 0 = error (see
 * the context). After a recoverable error the next call goes on. */
int yb_csv_next(yb_csv *r, yb_ctx *ctx);

/* Whether the reader stopped on an unrecoverable error. */
int yb_csv_failed(const yb_csv *r);

/* Current record. Fields are NUL-terminated (embedded NUL bytes are errors). */
size_t yb_csv_nfields(const yb_csv *r);
const char *yb_csv_field(const yb_csv *r, size_t col, size_t *len);
uint64_t yb_csv_line(const yb_csv *r);      /* physical line where the record starts */
uint64_t yb_csv_record(const yb_csv *r);    /* 1-based data record number (header excluded) */
const char *yb_csv_name(const yb_csv *r);   /* name of the current part */

/* Records an error about field col of the current record, naming the file,
 * line, column number, column name and value. Returns status. */
int yb_csv_field_fail(const yb_csv *r, yb_ctx *ctx, size_t col, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Typed field access with messages naming file, line, field and value.
 * An empty field is YB_E_FORMAT ("missing") unless the _opt form is used, which
 * returns YB_OK and sets *present = 0. */
int yb_csv_get_i64(const yb_csv *r, yb_ctx *ctx, size_t col, int64_t min, int64_t max, int64_t *out);
int yb_csv_get_i64_opt(const yb_csv *r, yb_ctx *ctx, size_t col, int64_t min, int64_t max,
                       int64_t *out, int *present);
int yb_csv_get_decimal(const yb_csv *r, yb_ctx *ctx, size_t col, int decimals, int64_t *out);
int yb_csv_get_decimal_opt(const yb_csv *r, yb_ctx *ctx, size_t col, int decimals, int64_t *out,
                           int *present);
/* Date as YYYY-MM-DD (or YYYYMMDD) into the integer YYYYMMDD, validated. */
int yb_csv_get_date(const yb_csv *r, yb_ctx *ctx, size_t col, int32_t *yyyymmdd);

/* UTF-8 check: returns the offset of the first invalid byte or len when
 * valid; *gbk_like is set when the invalid bytes form GBK/GB18030 pairs. */
size_t yb_utf8_check(const unsigned char *s, size_t len, int *gbk_like);

#endif /* YB_CORE_CSV_H */
