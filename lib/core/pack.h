/* Data packs (internal): a directory with a manifest `pack.json` and CSV
 * tables. See doc/packs.md for the format.
 *
 * Opening a pack reads and validates the manifest (and, recursively, the base
 * pack it overlays). Tables are verified against their SHA-256 checksum when
 * opened, before a single row is parsed. Parameters are flattened to dotted
 * keys and kept as exact text; typed getters convert them. */
#ifndef YB_CORE_PACK_H
#define YB_CORE_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "csv.h"
#include "ctx_internal.h"

#define YB_PACK_FORMAT "yibao-pack/1"
#define YB_PACK_MANIFEST "pack.json"

typedef struct yb_pack yb_pack;

/* path: the pack directory (or its pack.json). expect_kind: NULL or the kind
 * the caller needs. */
int yb_pack_open(yb_ctx *ctx, const char *path, const char *expect_kind, yb_pack **out);
void yb_pack_close(yb_pack *pack);

const char *yb_pack_kind(const yb_pack *pack);
const char *yb_pack_name(const yb_pack *pack);
const char *yb_pack_version(const yb_pack *pack);
const char *yb_pack_region(const yb_pack *pack);
const char *yb_pack_source(const yb_pack *pack);
const char *yb_pack_manifest_path(const yb_pack *pack);
int32_t yb_pack_valid_from(const yb_pack *pack);   /* YYYYMMDD or 0 */
int32_t yb_pack_valid_to(const yb_pack *pack);     /* YYYYMMDD or 0 (open) */
const char *yb_pack_fingerprint(const yb_pack *pack); /* 64 lower-case hex digits */

int yb_pack_has_table(const yb_pack *pack, const char *table);
/* Opens a table (all its parts: base first, then appended overlays) after
 * verifying every part's checksum. A missing table is YB_E_NOT_FOUND. */
int yb_pack_table_open(yb_ctx *ctx, const yb_pack *pack, const char *table, yb_csv **out);
/* The file a table's rows come from, for messages: "<pack dir>/<file>" of its
 * topmost part (an overlay's when one extends it), or the table name itself
 * when the pack has no such table. */
const char *yb_pack_table_file(const yb_pack *pack, const char *table);
/* Verifies every table of the pack. */
int yb_pack_verify_tables(yb_ctx *ctx, const yb_pack *pack);
size_t yb_pack_table_count(const yb_pack *pack);
const char *yb_pack_table_name(const yb_pack *pack, size_t i);

/* Parameters (flattened keys such as "outlier.low_ratio"). The getters leave
 * *out untouched and return YB_OK when the key is absent and not required;
 * a present value that does not parse is YB_E_PARAM with a message naming
 * the manifest, the key and the value. */
const char *yb_pack_param_text(const yb_pack *pack, const char *key); /* NULL if absent */
/* The stored text and JSON type ('s' string, 'i' integer, 'b' boolean) of a
 * parameter; 0 when absent. */
int yb_pack_param_raw(const yb_pack *pack, const char *key, const char **text, char *type);
int yb_pack_param_int(yb_ctx *ctx, const yb_pack *pack, const char *key, int required, int64_t min,
                      int64_t max, int64_t *out);
int yb_pack_param_decimal(yb_ctx *ctx, const yb_pack *pack, const char *key, int required,
                          int decimals, int64_t min, int64_t max, int64_t *out);
int yb_pack_param_bool(yb_ctx *ctx, const yb_pack *pack, const char *key, int required, int *out);
int yb_pack_param_date(yb_ctx *ctx, const yb_pack *pack, const char *key, int required, int32_t *out);
/* One of names[0..n-1] → its index. */
int yb_pack_param_enum(yb_ctx *ctx, const yb_pack *pack, const char *key, int required,
                       const char *const *names, size_t n, int *out);
/* Rejects any parameter whose key does not start with one of the known
 * keys or prefixes (a prefix ends with '.'), to catch typos. */
int yb_pack_param_check_known(yb_ctx *ctx, const yb_pack *pack, const char *const *known, size_t n);
size_t yb_pack_param_count(const yb_pack *pack);
const char *yb_pack_param_key(const yb_pack *pack, size_t i);

#endif /* YB_CORE_PACK_H */
