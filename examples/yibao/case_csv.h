/* Inpatient cases from CSV into yb_case_columns, chunk by chunk.
 *
 * The input has a header row naming at least the columns
 *   id,sex,age_years,age_days,birth_weight_g,los_days,discharge_type,
 *   principal_dx,secondary_dx,procedures
 * in any order (other columns are ignored unless asked for as "extra"
 * columns). secondary_dx and procedures are lists separated by '|'; the first
 * procedure is the principal one; empty items are skipped. Empty numeric
 * fields are missing (-1 in the columns). Codes are passed on as written: the
 * grouping engine normalises and checks them.
 *
 * Bad rows are normal input: a field that does not parse (a sex of "M", an age
 * of "abc", a record with the wrong number of fields, invalid UTF-8) keeps its
 * row, with the field set to missing, and the row gets a parse status (the
 * YB_E_ROW_* status of the field, or YB_E_FORMAT / YB_E_ENCODING for the
 * record) and a message naming the file, line, column and value. Callers
 * report that status in preference to the engine's for the row. Only errors
 * that lose the file's structure (I/O, an unterminated quote, a record over
 * the size limit) stop the reader.
 *
 * Used by `yibao group`, the grouping benchmarks and the DIP tools. */
#ifndef YIBAO_CASE_CSV_H
#define YIBAO_CASE_CSV_H

#include <stddef.h>
#include <stdint.h>

#include <yibao/yibao.h>

typedef struct case_csv case_csv;

/* Opens path and checks its header. extra (n_extra names, may be NULL) are
 * further columns to keep as text per row; an extra column absent from the
 * file reads as "" (see case_csv_has_extra()). */
int case_csv_open(yb_ctx *ctx, const char *path, const char *const *extra, size_t n_extra,
                  case_csv **out);
void case_csv_close(case_csv *r);

/* Reads the next chunk of at most max_rows cases (max_rows >= 1). *cases
 * points to columns owned by the reader, valid until the next read or close;
 * (*cases)->n == 0 at the end of the file. Returns YB_OK or a fatal status. */
int case_csv_read(case_csv *r, yb_ctx *ctx, size_t max_rows, const yb_case_columns **cases);

/* Per row of the current chunk. */
const char *case_csv_id(const case_csv *r, size_t row);
int case_csv_status(const case_csv *r, size_t row);       /* 0 or the parse status */
const char *case_csv_message(const case_csv *r, size_t row); /* "" when the row parsed */
uint64_t case_csv_line(const case_csv *r, size_t row);    /* physical line of the record */
const char *case_csv_extra(const case_csv *r, size_t row, size_t k);
int case_csv_has_extra(const case_csv *r, size_t k);
/* An extra column read as a whole number from 0 to max (surrounding spaces
 * allowed): -1 when the field is empty, -2 when it is not such a number. */
int32_t case_csv_extra_int(const case_csv *r, size_t row, size_t k, int32_t max);
/* Rows read so far, over all chunks. */
uint64_t case_csv_total(const case_csv *r);

#endif /* YIBAO_CASE_CSV_H */
