/* Typed column readers shared by the benefit-policy table loaders. Every
 * failure names the table file, line, column and value (yb_csv_field_fail). */
#ifndef YB_BENEFIT_POLICY_CSV_H
#define YB_BENEFIT_POLICY_CSV_H

#include <stdint.h>

#include "core/csv.h"
#include "core/pack.h"

#define BP_MAX_COLS 16

typedef struct bp_table {
    yb_csv *r;
    const char *name;
    long col[BP_MAX_COLS];
} bp_table;

/* Opens a table and maps its columns (required[i] != 0: must exist). A table
 * the pack does not have: YB_E_NOT_FOUND when must_exist is 0 (the caller
 * treats it as absent), a YB_E_PACK error naming it otherwise. */
int bp_table_open(yb_ctx *ctx, const yb_pack *pack, const char *name, int must_exist,
                  const char *const *cols, const int *required, size_t n, bp_table *t);
void bp_table_close(bp_table *t);

/* Optional valid_from / valid_to columns (index fc, tc); empty or absent =
 * open. Day numbers out; from > to is an error. */
int bp_get_period(bp_table *t, yb_ctx *ctx, int fc, int tc, int32_t *from, int32_t *to);
int bp_get_insured(bp_table *t, yb_ctx *ctx, int c, int *out);
int bp_get_level(bp_table *t, yb_ctx *ctx, int c, int *out);
int bp_get_place(bp_table *t, yb_ctx *ctx, int c, int *out);
/* Yuan with at most 2 decimals → fen, 0 … YB_BENEFIT_MAX_AMOUNT. *present = 0
 * for an empty field when optional (present != NULL). */
int bp_get_money(bp_table *t, yb_ctx *ctx, int c, int64_t *out, uint8_t *present);
/* Ratio with at most 6 decimals, 0 … max. Empty: def when def >= 0, else an error. */
int bp_get_ratio(bp_table *t, yb_ctx *ctx, int c, int64_t max, int64_t def, int64_t *out);
/* true/false/1/0; empty or absent column = def. */
int bp_get_bool(bp_table *t, yb_ctx *ctx, int c, int def, uint8_t *out);
/* Whole number min … max. */
int bp_get_int(bp_table *t, yb_ctx *ctx, int c, int64_t min, int64_t max, int64_t *out);
/* Current record's line number. */
uint64_t bp_line(const bp_table *t);
/* Next record: 1, 0 at the end, < 0 on error. */
int bp_next(bp_table *t, yb_ctx *ctx);

#endif /* YB_BENEFIT_POLICY_CSV_H */
