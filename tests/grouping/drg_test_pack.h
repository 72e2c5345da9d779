/* Test helpers of the grouping suites: a small hand-made drg-scheme pack
 * ("tiny", described in drg_test_pack.c) written into a scratch directory with
 * its checksums, optionally with one table or the parameters replaced; and a
 * one-case grouping shortcut. */
#ifndef YB_DRG_TEST_PACK_H
#define YB_DRG_TEST_PACK_H

#include "test_util.h"

/* Writes the tiny pack into a new directory and returns its path (static
 * storage, valid until the next call). table/text replace (or, with text NULL,
 * drop) one table; params is the JSON object of parameters or NULL. */
const char *drg_tiny_pack(const char *tag, const char *table, const char *text, const char *params);

/* The text of a tiny pack table (for tests that change a line of it). */
const char *drg_tiny_table(const char *table);

/* A case for drg_group(): fields as in yb_drg_case, lists as '|'-separated text. */
typedef struct drg_tcase {
    int sex, age, age_days, weight, los, discharge;
    const char *dx;     /* principal first */
    const char *proc;   /* principal first, may be "" */
} drg_tcase;

/* Groups one case through yb_drg_group_one(); returns its row status. */
int drg_group(yb_ctx *ctx, const yb_drg_scheme *s, const drg_tcase *c, yb_drg_result *r);

/* Code of an id or "-" for YB_DRG_NO_ID. */
const char *drg_code_mdc(const yb_drg_scheme *s, uint32_t id);
const char *drg_code_adrg(const yb_drg_scheme *s, uint32_t id);
const char *drg_code_drg(const yb_drg_scheme *s, uint32_t id);

#endif /* YB_DRG_TEST_PACK_H */
