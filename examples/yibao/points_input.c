/* Reading grouped cases for `yibao points` (format in doc/points.md, "Command line"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "points_input.h"

static int str_push(pt_strings *s, size_t row, const char *p, size_t len)
{
    if (s->len + len + 1 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        while (cap < s->len + len + 1)
            cap *= 2;
        char *d = realloc(s->data, cap);
        if (!d)
            return -1;
        s->data = d;
        s->cap = cap;
    }
    if (len)
        memcpy(s->data + s->len, p, len);
    s->len += len;
    s->off[row + 1] = (int64_t)s->len;
    return 0;
}

static int grow(pt_cases *c)
{
    if (c->n + 1 < c->cap)
        return 0;
    size_t cap = c->cap ? c->cap * 2 : 1024;
#define GROW(field)                                                   \
    do {                                                              \
        void *p = realloc((void *)c->field, cap * sizeof *c->field); \
        if (!p)                                                       \
            return -1;                                                \
        c->field = p;                                                 \
    } while (0)
    GROW(id.off); GROW(group.off); GROW(hospital.off); GROW(subtype.off);
    GROW(insurance); GROW(month); GROW(cost); GROW(self_pay); GROW(los); GROW(parse_status); GROW(parse_msg);
#undef GROW
    if (c->cap == 0)
        c->id.off[0] = c->group.off[0] = c->hospital.off[0] = c->subtype.off[0] = 0;
    c->cap = cap;
    return 0;
}

/* Appends the four strings (id, group, hospital, subtype) of a row. */
static int push_strings(pt_cases *c, const char *const *s, const size_t *len)
{
    if (grow(c))
        return -1;
    size_t i = c->n;
    pt_strings *dst[4] = { &c->id, &c->group, &c->hospital, &c->subtype };
    for (int k = 0; k < 4; k++)
        if (str_push(dst[k], i, s[k], len[k]))
            return -1;
    return 0;
}

int pt_push(pt_cases *c, const char *id, const char *group, const char *hospital, const char *subtype,
            int insurance, int64_t cost, int64_t self_pay, int month, int32_t los)
{
    const char *s[4] = { id, group, hospital, subtype };
    size_t len[4] = { strlen(id), strlen(group), strlen(hospital), strlen(subtype) };
    if (push_strings(c, s, len))
        return -1;
    size_t i = c->n;
    c->insurance[i] = (int8_t)insurance;
    c->cost[i] = cost;
    c->self_pay[i] = self_pay;
    c->month[i] = (int8_t)month;
    c->los[i] = los;
    c->parse_status[i] = 0;
    c->parse_msg[i] = NULL;
    c->n++;
    return 0;
}

void pt_cases_free(pt_cases *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->parse_msg[i]);
    pt_strings *s[] = { &c->id, &c->group, &c->hospital, &c->subtype };
    for (int k = 0; k < 4; k++) {
        free(s[k]->data);
        free(s[k]->off);
    }
    free(c->insurance); free(c->month); free(c->cost); free(c->self_pay); free(c->los);
    free(c->parse_status); free(c->parse_msg);
    memset(c, 0, sizeof *c);
}

void pt_columns(const pt_cases *c, yb_points_case_columns *cols)
{
    memset(cols, 0, sizeof *cols);
    cols->size = sizeof *cols;
    cols->n = c->n;
    cols->group_data = c->group.data ? c->group.data : "";
    cols->group_offsets = c->group.off;
    cols->hospital_data = c->hospital.data ? c->hospital.data : "";
    cols->hospital_offsets = c->hospital.off;
    cols->insurance = c->insurance;
    cols->cost = c->cost;
    cols->self_pay = c->self_pay;
    if (c->have_subtype) {
        cols->subtype_data = c->subtype.data ? c->subtype.data : "";
        cols->subtype_offsets = c->subtype.off;
    }
    cols->month = c->have_month ? c->month : NULL;
    cols->los_days = c->have_los ? c->los : NULL;
}

static int eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static int parse_insurance(const char *s, size_t n, int *out)
{
    if (n == 0) *out = -1;
    else if (eq(s, n, "1") || eq(s, n, "employee") || eq(s, n, "职工")) *out = YB_INSURANCE_EMPLOYEE;
    else if (eq(s, n, "2") || eq(s, n, "resident") || eq(s, n, "居民")) *out = YB_INSURANCE_RESIDENT;
    else return -1;
    return 0;
}

/* 1 … 12, YYYYMM, YYYY-MM or YYYY-MM-DD; empty = -1. */
static int parse_month(const char *s, size_t n, int *out)
{
    char buf[16];
    size_t k = 0;
    if (n == 0) {
        *out = -1;
        return 0;
    }
    for (size_t i = 0; i < n && k < sizeof buf - 1; i++)
        if (s[i] != '-')
            buf[k++] = s[i];
    buf[k] = '\0';
    for (size_t i = 0; i < k; i++)
        if (buf[i] < '0' || buf[i] > '9')
            return -1;
    long v;
    if (k <= 2)
        v = strtol(buf, NULL, 10);
    else if (k == 6 || k == 8)
        v = (buf[4] - '0') * 10 + (buf[5] - '0');
    else
        return -1;
    if (v < 1 || v > 12)
        return -1;
    *out = (int)v;
    return 0;
}

static void bad_field(pt_cases *c, yb_ctx *ctx, yb_csv *r, long col, int status, const char *what)
{
    size_t i = c->n - 1;
    yb_csv_field_fail(r, ctx, (size_t)col, status, "%s", what);
    if (!c->parse_status[i]) {
        c->parse_status[i] = status;
        c->parse_msg[i] = strdup(yb_ctx_errmsg(ctx));
    }
    c->cost[i] = -1; /* the library rejects the row too: it is never counted */
}

enum { C_ID, C_HOSP, C_INS, C_GROUP, C_COST, C_SELF, C_MONTH, C_SUB, C_LOS, C_N };

static void read_row(pt_cases *c, yb_ctx *ctx, yb_csv *r, const long *col)
{
    size_t len[C_N];
    const char *f[C_N];
    for (int k = 0; k < C_N; k++) {
        f[k] = col[k] >= 0 ? yb_csv_field(r, (size_t)col[k], &len[k]) : "";
        if (col[k] < 0)
            len[k] = 0;
    }
    const char *s[4] = { f[C_ID], f[C_GROUP], f[C_HOSP], f[C_SUB] };
    size_t sl[4] = { len[C_ID], len[C_GROUP], len[C_HOSP], len[C_SUB] };
    if (push_strings(c, s, sl))
        return;
    size_t i = c->n++;
    c->insurance[i] = -1;
    c->cost[i] = 0;
    c->self_pay[i] = 0;
    c->month[i] = -1;
    c->los[i] = -1;
    c->parse_status[i] = 0;
    c->parse_msg[i] = NULL;
    int ins, month;
    int64_t los;
    if (parse_insurance(f[C_INS], len[C_INS], &ins)) {
        bad_field(c, ctx, r, col[C_INS], YB_E_ROW_INSURANCE, "expected 1, 2, employee, resident, 职工 or 居民");
        return;
    }
    c->insurance[i] = (int8_t)ins;
    if (yb_decimal_parse(f[C_COST], len[C_COST], 2, &c->cost[i])) {
        bad_field(c, ctx, r, col[C_COST], YB_E_ROW_COST, "expected yuan with at most 2 decimals");
        return;
    }
    if (col[C_SELF] >= 0 && len[C_SELF] && yb_decimal_parse(f[C_SELF], len[C_SELF], 2, &c->self_pay[i])) {
        bad_field(c, ctx, r, col[C_SELF], YB_E_ROW_SELF_PAY, "expected yuan with at most 2 decimals");
        return;
    }
    if (parse_month(f[C_MONTH], len[C_MONTH], &month)) {
        bad_field(c, ctx, r, col[C_MONTH], YB_E_ROW_MONTH, "expected 1 … 12, YYYYMM or YYYY-MM");
        return;
    }
    c->month[i] = (int8_t)month;
    if (len[C_LOS]) {
        if (yb_decimal_parse(f[C_LOS], len[C_LOS], 0, &los) || los < 0 || los > 100000) {
            bad_field(c, ctx, r, col[C_LOS], YB_E_ROW_LOS, "expected whole days 0 … 100000");
            return;
        }
        c->los[i] = (int32_t)los;
    }
}

int pt_read_cases(yb_ctx *ctx, const char *path, pt_cases *c)
{
    static const char *const names[C_N] = { "id", "hospital", "insurance", "group", "cost", "self_pay_in_scope",
                                            "month", "subtype", "los_days" };
    static const int required[C_N] = { 1, 1, 0, 1, 1, 0, 0, 0, 0 };
    memset(c, 0, sizeof *c);
    yb_csv *r = NULL;
    long col[C_N];
    int rc = yb_csv_open_file(ctx, path, &r);
    if (rc || (rc = yb_csv_map_cols(r, ctx, names, required, C_N, col))) {
        yb_csv_close(r);
        return rc;
    }
    c->have_month = col[C_MONTH] >= 0;
    c->have_subtype = col[C_SUB] >= 0;
    c->have_los = col[C_LOS] >= 0;
    for (;;) {
        int got = yb_csv_next(r, ctx);
        if (got == 0)
            break;
        if (got < 0) {
            if (yb_csv_failed(r)) {
                yb_csv_close(r);
                return got;
            }
            /* A broken record: keep it as a bad row so nothing is lost silently. */
            if (pt_push(c, "", "", "", "", -1, -1, 0, -1, -1)) {
                yb_csv_close(r);
                return yb_fail(ctx, YB_E_NOMEM, "out of memory reading %s", path);
            }
            c->parse_status[c->n - 1] = got;
            c->parse_msg[c->n - 1] = strdup(yb_ctx_errmsg(ctx));
            continue;
        }
        size_t before = c->n;
        read_row(c, ctx, r, col);
        if (c->n == before) {
            yb_csv_close(r);
            return yb_fail(ctx, YB_E_NOMEM, "out of memory reading %s", path);
        }
    }
    yb_csv_close(r);
    return 0;
}
