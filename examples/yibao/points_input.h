/* Grouped cases read from CSV for `yibao points` and `yibao bench points`. */
#ifndef YIBAO_POINTS_INPUT_H
#define YIBAO_POINTS_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include <yibao/yibao.h>

/* Growing UTF-8 strings back to back with n + 1 offsets (Arrow layout). */
typedef struct pt_strings {
    char *data;
    size_t len, cap;
    int64_t *off;
} pt_strings;

typedef struct pt_cases {
    size_t n, cap;
    pt_strings id, group, hospital, subtype;
    int8_t *insurance, *month;
    int64_t *cost, *self_pay;
    int32_t *los;
    int32_t *parse_status; /* 0, or why the row could not be read */
    char **parse_msg;      /* message of a bad row (malloc'ed) or NULL */
    int have_subtype, have_los, have_month;
} pt_cases;

/* Reads id,hospital,insurance,group,cost,self_pay_in_scope,month[,subtype,los_days] (doc/points.md).
 * Returns 0, or a status after printing why the file as a whole cannot be read. */
int pt_read_cases(yb_ctx *ctx, const char *path, pt_cases *c);
void pt_cases_free(pt_cases *c);
/* Fills the library's columns from c (pointers into c). */
void pt_columns(const pt_cases *c, yb_points_case_columns *cols);
/* Appends one case (used by the benchmark's generator). */
int pt_push(pt_cases *c, const char *id, const char *group, const char *hospital, const char *subtype,
            int insurance, int64_t cost, int64_t self_pay, int month, int32_t los);

#endif /* YIBAO_POINTS_INPUT_H */
