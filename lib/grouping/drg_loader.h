/* State of a scheme being loaded, shared by the table readers (drg_load.c)
 * and the rule builder (drg_rules.c). */
#ifndef YB_GROUPING_DRG_LOADER_H
#define YB_GROUPING_DRG_LOADER_H

#include "core/pack.h"
#include "core/table.h"
#include "drg_internal.h"

/* One membership of a code in a list, as read. */
typedef struct drg_entry {
    uint32_t code, list;
    uint16_t tag;
    uint32_t line;       /* for duplicate messages */
} drg_entry;

typedef struct drg_sub {
    uint32_t parent, tag, id;
} drg_sub;

struct drg_list_reg {
    yb_drg_scheme *s;
    drg_strmap by_name[2];   /* diagnosis lists, procedure lists: name -> id */
    drg_vec names;           /* uint32 string offset per list id */
    drg_vec is_proc;         /* uint8 per list id */
    drg_vec tagged;          /* uint8 per list id: some code has a tag */
    drg_strmap tag_map;      /* tag text -> tag id */
    drg_vec tag_names;       /* uint32 per tag id */
    drg_vec subs;            /* drg_sub */
    drg_vec entries[2];      /* drg_entry, diagnosis and procedure memberships */
};

typedef struct drg_loader {
    yb_ctx *ctx;
    yb_drg_scheme *s;
    yb_pack *pack;
    drg_list_reg reg;
    drg_strmap table_map;    /* exclusion table name -> id */
    drg_vec table_names;     /* uint32 */
    drg_vec cc_rows;         /* drg_cc_row */
    drg_vec excl_rows;       /* drg_cc_row (level unused) */
    drg_vec invalid[2];      /* uint32 code ids not valid as principal */
    uint32_t ung_code, ung_name; /* the ungroupable DRG (pool offsets) */
} drg_loader;

typedef struct drg_cc_row {
    uint32_t code;
    uint16_t table;
    uint8_t level;
    uint32_t line;
} drg_cc_row;

/* drg_rules.c: reads mdc, adrg and drg tables, compiles their conditions and
 * orders them. */
int drg_load_rules(drg_loader *L);

#endif /* YB_GROUPING_DRG_LOADER_H */
