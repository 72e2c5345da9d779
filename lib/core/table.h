/* A pack table opened with its columns mapped by name, and typed access to
 * the current row's fields with messages naming the file, line, column,
 * field and value. Every module's pack loader reads its tables through this
 * (internal). */
#ifndef YB_CORE_TABLE_H
#define YB_CORE_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "csv.h"
#include "pack.h"

#define YB_TABLE_MAX_COLS 32

typedef struct yb_table {
    const char *name;             /* the table's name in the manifest */
    yb_csv *csv;                  /* NULL when an optional table is absent */
    long col[YB_TABLE_MAX_COLS];  /* file column of each requested column, -1 when absent */
} yb_table;

/* Opens table `name` and maps cols[0..n-1] (required[i] != 0: the column must
 * exist; required may be NULL = all required). An absent table is YB_E_PACK
 * naming the manifest when required_table, otherwise YB_OK with t->csv NULL
 * (yb_table_next() then reports the end at once). */
int yb_table_open(yb_ctx *ctx, const yb_pack *pack, const char *name, int required_table,
                  const char *const *cols, const int *required, size_t n, yb_table *t);
void yb_table_close(yb_table *t);
/* 1 = a row, 0 = the end (or an absent table), < 0 = error (errors stop a load). */
int yb_table_next(yb_table *t, yb_ctx *ctx);
int yb_table_present(const yb_table *t);
int yb_table_has_col(const yb_table *t, size_t k);

/* Field k of the current row without surrounding spaces; "" for an absent column. */
const char *yb_table_text(const yb_table *t, size_t k, size_t *len);
/* Copies field k into out (cap bytes): required and empty is an error, so is
 * a value of cap bytes or more or one holding control characters. */
int yb_table_copy(const yb_table *t, yb_ctx *ctx, size_t k, int required, char *out, size_t cap);
int yb_table_int(const yb_table *t, yb_ctx *ctx, size_t k, int64_t min, int64_t max, int64_t *out);
/* Optional whole number / decimal: an empty field or absent column sets
 * *present = 0 and leaves *out untouched. */
int yb_table_int_opt(const yb_table *t, yb_ctx *ctx, size_t k, int64_t min, int64_t max, int64_t *out,
                     int *present);
int yb_table_dec(const yb_table *t, yb_ctx *ctx, size_t k, int decimals, int64_t min, int64_t max,
                 int64_t *out);
int yb_table_dec_opt(const yb_table *t, yb_ctx *ctx, size_t k, int decimals, int64_t min, int64_t max,
                     int64_t *out, int *present);

/* An error about field k of the current row. The message is formatted before
 * the context is touched, so it may quote the context's previous message. */
int yb_table_row_fail(const yb_table *t, yb_ctx *ctx, size_t k, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* An error about the table as a whole (file named, no line). */
int yb_table_fail(const yb_table *t, yb_ctx *ctx, int status, const char *field, const char *value,
                  const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

#endif /* YB_CORE_TABLE_H */
