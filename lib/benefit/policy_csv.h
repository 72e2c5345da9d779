/* Column readers of the benefit-policy tables, on top of the core pack table
 * (lib/core/table.h): validity periods, insured types, levels, places, money,
 * ratios and switches. Every failure names the table file, line, column and
 * value. */
#ifndef YB_BENEFIT_POLICY_CSV_H
#define YB_BENEFIT_POLICY_CSV_H

#include <stdint.h>

#include "core/table.h"

/* Optional valid_from / valid_to columns (indexes fc, tc); empty or absent =
 * open. Day numbers out; from > to is an error. */
int bp_get_period(const yb_table *t, yb_ctx *ctx, int fc, int tc, int32_t *from, int32_t *to);
int bp_get_insured(const yb_table *t, yb_ctx *ctx, int c, int *out);
int bp_get_level(const yb_table *t, yb_ctx *ctx, int c, int *out);
int bp_get_place(const yb_table *t, yb_ctx *ctx, int c, int *out);
/* Yuan with at most 2 decimals → fen, 0 … YB_BENEFIT_MAX_AMOUNT. With
 * present != NULL an empty field is allowed (*present = 0, *out = 0). */
int bp_get_money(const yb_table *t, yb_ctx *ctx, int c, int64_t *out, uint8_t *present);
/* Ratio with at most 6 decimals, 0 … max. Empty: def when def >= 0, else an error. */
int bp_get_ratio(const yb_table *t, yb_ctx *ctx, int c, int64_t max, int64_t def, int64_t *out);
/* true/false/1/0; empty or absent column = def. */
int bp_get_bool(const yb_table *t, yb_ctx *ctx, int c, int def, uint8_t *out);

static inline uint64_t bp_line(const yb_table *t) { return yb_csv_line(t->csv); }

#endif /* YB_BENEFIT_POLICY_CSV_H */
