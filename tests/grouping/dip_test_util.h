/* Helpers of the DIP suites: packs written at test time (with their
 * checksums), the small hand-made catalogue the matching tests use, and
 * grouping one case given as text. */
#ifndef YB_TEST_DIP_UTIL_H
#define YB_TEST_DIP_UTIL_H

#include "test_util.h"

typedef struct dip_test_table {
    const char *name;  /* table name in the manifest */
    const char *text;  /* CSV content; the file is <name>.csv */
    const char *mode;  /* NULL, "replace" or "append" */
} dip_test_table;

/* Writes a dip-catalog pack into a fresh directory and returns its path.
 * params: a JSON object text or NULL; base: a JSON value for "base" or NULL. */
const char *dip_test_pack(const char *tag, const dip_test_table *tables, size_t n, const char *params,
                          const char *base);

/* The small catalogue of tests/grouping/test_dip_match.c (documented there),
 * with extra parameters (JSON members without braces, or NULL). */
const char *dip_test_small_pack(const char *tag, const char *extra_params);
/* The same with one table replaced (or added) by text, or removed when text is NULL. */
const char *dip_test_small_pack_with(const char *tag, const char *table, const char *text, const char *extra_params);
extern const char *const dip_test_small_groups;
extern const char *const dip_test_small_rules;

/* A case in text form for yb_dip_group_one(). */
yb_dip_case dip_test_case(const char *dx, const char *procs);

#endif
