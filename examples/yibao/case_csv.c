/* Cases from CSV into yb_case_columns; see case_csv.h. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/csv.h"
#include "core/ctx_internal.h"

#include "case_csv.h"

enum { C_ID, C_SEX, C_AGE, C_AGE_DAYS, C_WEIGHT, C_LOS, C_DISCHARGE, C_PDX, C_SDX, C_PROC, C_COUNT };

static const char *const col_names[C_COUNT] = {
    "id", "sex", "age_years", "age_days", "birth_weight_g", "los_days", "discharge_type",
    "principal_dx", "secondary_dx", "procedures",
};

/* A growable array of bytes (text pools and typed arrays alike). */
typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

struct case_csv {
    yb_mem mem;
    yb_csv *csv;
    long col[C_COUNT];
    long *extra_col;
    size_t n_extra;
    uint64_t total;
    int at_end;
    yb_case_columns cols;
    /* column storage */
    buf sex, age, age_days, weight, los, discharge;
    buf dx_row, dx_data, dx_off, proc_row, proc_data, proc_off;
    buf id_pool, id_off, msg_pool, msg_off, status, line, extra_pool, extra_off;
};

static int reserve(const yb_mem *mem, buf *b, size_t more)
{
    if (b->len + more <= b->cap)
        return YB_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more) {
        if (cap > SIZE_MAX / 2)
            return YB_E_NOMEM;
        cap *= 2;
    }
    char *p = yb_mem_realloc(mem, b->p, cap);
    if (!p)
        return YB_E_NOMEM;
    b->p = p;
    b->cap = cap;
    return YB_OK;
}

static int put(const yb_mem *mem, buf *b, const void *data, size_t n)
{
    if (reserve(mem, b, n))
        return YB_E_NOMEM;
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    return YB_OK;
}

static int put_i64(const yb_mem *mem, buf *b, int64_t v)
{
    return put(mem, b, &v, sizeof v);
}

static void buf_free(const yb_mem *mem, buf *b)
{
    yb_mem_free(mem, b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

void case_csv_close(case_csv *r)
{
    if (!r)
        return;
    yb_mem mem = r->mem;
    yb_csv_close(r->csv);
    buf *all[] = { &r->sex, &r->age, &r->age_days, &r->weight, &r->los, &r->discharge, &r->dx_row,
                   &r->dx_data, &r->dx_off, &r->proc_row, &r->proc_data, &r->proc_off, &r->id_pool,
                   &r->id_off, &r->msg_pool, &r->msg_off, &r->status, &r->line, &r->extra_pool,
                   &r->extra_off };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        buf_free(&mem, all[i]);
    yb_mem_free(&mem, r->extra_col);
    yb_mem_free(&mem, r);
}

int case_csv_open(yb_ctx *ctx, const char *path, const char *const *extra, size_t n_extra,
                  case_csv **out)
{
    if (!ctx || !path || !out || (n_extra && !extra))
        return YB_E_INVALID_ARG;
    *out = NULL;
    case_csv *r = yb_calloc(ctx, 1, sizeof *r);
    if (!r)
        return yb_fail_nomem(ctx, "a case reader");
    r->mem = ctx->mem;
    int rc = yb_csv_open_file(ctx, path, &r->csv);
    if (!rc)
        rc = yb_csv_map_cols(r->csv, ctx, col_names, NULL, C_COUNT, r->col);
    if (!rc && n_extra) {
        r->extra_col = yb_calloc(ctx, n_extra, sizeof *r->extra_col);
        if (!r->extra_col)
            rc = yb_fail_nomem(ctx, "a case reader");
        for (size_t k = 0; !rc && k < n_extra; k++)
            r->extra_col[k] = yb_csv_find_col(r->csv, extra[k]);
        r->n_extra = n_extra;
    }
    if (rc) {
        case_csv_close(r);
        return rc;
    }
    *out = r;
    return YB_OK;
}

/* Adds the '|'-separated items of a field to data/offsets. */
static int add_list(case_csv *r, buf *data, buf *off, const char *s, size_t n)
{
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != '|')
            j++;
        size_t b = i, e = j;
        while (b < e && (s[b] == ' ' || s[b] == '\t'))
            b++;
        while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
            e--;
        if (e > b) {
            if (put(&r->mem, data, s + b, e - b))
                return YB_E_NOMEM;
            if (put_i64(&r->mem, off, (int64_t)(data->len)))
                return YB_E_NOMEM;
        }
        i = j + 1;
    }
    return YB_OK;
}

/* Parses an optional integer field; on a bad value records the row's first
 * error (status and message) and returns -1 as the value. */
static int64_t get_int(case_csv *r, yb_ctx *ctx, int field, int64_t min, int64_t max, int status,
                       int *row_status)
{
    int64_t v = -1;
    int present = 0;
    if (r->col[field] < 0)
        return -1;
    if (yb_csv_get_i64_opt(r->csv, ctx, (size_t)r->col[field], min, max, &v, &present)) {
        if (!*row_status) {
            *row_status = status;
            return -2; /* caller records the message now on the ctx */
        }
        return -1;
    }
    return present ? v : -1;
}

static int set_message(case_csv *r, const char *msg)
{
    size_t n = strlen(msg);
    if (put(&r->mem, &r->msg_pool, msg, n + 1))
        return YB_E_NOMEM;
    return YB_OK;
}

static int read_row(case_csv *r, yb_ctx *ctx, int rc_next)
{
    int row_status = 0;
    size_t msg_at = r->msg_pool.len;
    int has_msg = 0;
    if (rc_next < 0) {
        row_status = rc_next;
        if (set_message(r, yb_ctx_errmsg(ctx)))
            return YB_E_NOMEM;
        has_msg = 1;
    }
    /* id */
    size_t n = 0;
    const char *id = yb_csv_field(r->csv, (size_t)r->col[C_ID], &n);
    if (put(&r->mem, &r->id_pool, id, n) || put(&r->mem, &r->id_pool, "", 1))
        return YB_E_NOMEM;
    if (put_i64(&r->mem, &r->id_off, (int64_t)(r->id_pool.len)))
        return YB_E_NOMEM;
    /* numbers */
    struct { int field; int64_t min, max; int status; buf *out; size_t width; } nums[] = {
        { C_SEX, INT8_MIN, INT8_MAX, YB_E_ROW_SEX, &r->sex, 1 },
        { C_AGE, INT16_MIN, INT16_MAX, YB_E_ROW_AGE, &r->age, 2 },
        { C_AGE_DAYS, INT32_MIN, INT32_MAX, YB_E_ROW_AGE_DAYS, &r->age_days, 4 },
        { C_WEIGHT, INT32_MIN, INT32_MAX, YB_E_ROW_BIRTH_WEIGHT, &r->weight, 4 },
        { C_LOS, INT32_MIN, INT32_MAX, YB_E_ROW_LOS, &r->los, 4 },
        { C_DISCHARGE, INT8_MIN, INT8_MAX, YB_E_ROW_DISCHARGE, &r->discharge, 1 },
    };
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
        int64_t v = rc_next < 0 ? -1 : get_int(r, ctx, nums[k].field, nums[k].min, nums[k].max,
                                               nums[k].status, &row_status);
        if (v == -2) {
            if (set_message(r, yb_ctx_errmsg(ctx)))
                return YB_E_NOMEM;
            has_msg = 1;
            v = -1;
        }
        int rc = YB_OK;
        if (nums[k].width == 1) { int8_t x = (int8_t)v; rc = put(&r->mem, nums[k].out, &x, 1); }
        else if (nums[k].width == 2) { int16_t x = (int16_t)v; rc = put(&r->mem, nums[k].out, &x, 2); }
        else { int32_t x = (int32_t)v; rc = put(&r->mem, nums[k].out, &x, 4); }
        if (rc)
            return YB_E_NOMEM;
    }
    /* Diagnoses: the principal field is one code (never split, so a stray '|'
     * reaches the engine as a malformed code), then the secondaries. A row
     * without a principal diagnosis gets no diagnoses at all, so that a
     * secondary never moves into the principal's place. */
    if (rc_next >= 0) {
        const char *s = yb_csv_field(r->csv, (size_t)r->col[C_PDX], &n);
        size_t b = 0, e = n;
        while (b < e && (s[b] == ' ' || s[b] == '\t'))
            b++;
        while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
            e--;
        if (e > b) {
            if (put(&r->mem, &r->dx_data, s + b, e - b))
                return YB_E_NOMEM;
            if (put_i64(&r->mem, &r->dx_off, (int64_t)(r->dx_data.len)))
        return YB_E_NOMEM;
            s = yb_csv_field(r->csv, (size_t)r->col[C_SDX], &n);
            if (add_list(r, &r->dx_data, &r->dx_off, s, n))
                return YB_E_NOMEM;
        } else if (!row_status) {
            row_status = YB_E_ROW_NO_DIAGNOSIS;
            yb_csv_field_fail(r->csv, ctx, (size_t)r->col[C_PDX], YB_E_ROW_NO_DIAGNOSIS,
                              "no principal diagnosis");
            if (set_message(r, yb_ctx_errmsg(ctx)))
                return YB_E_NOMEM;
            has_msg = 1;
        }
        s = yb_csv_field(r->csv, (size_t)r->col[C_PROC], &n);
        if (add_list(r, &r->proc_data, &r->proc_off, s, n))
            return YB_E_NOMEM;
    }
    if (put_i64(&r->mem, &r->dx_row, (int64_t)(r->dx_off.len / sizeof(int64_t) - 1)))
        return YB_E_NOMEM;
    if (put_i64(&r->mem, &r->proc_row, (int64_t)(r->proc_off.len / sizeof(int64_t) - 1)))
        return YB_E_NOMEM;
    /* extras */
    for (size_t k = 0; k < r->n_extra; k++) {
        const char *s = "";
        n = 0;
        if (rc_next >= 0 && r->extra_col[k] >= 0)
            s = yb_csv_field(r->csv, (size_t)r->extra_col[k], &n);
        if (put(&r->mem, &r->extra_pool, s, n) || put(&r->mem, &r->extra_pool, "", 1))
            return YB_E_NOMEM;
        if (put_i64(&r->mem, &r->extra_off, (int64_t)(r->extra_pool.len)))
        return YB_E_NOMEM;
    }
    {
        int32_t st = row_status;
        if (put(&r->mem, &r->status, &st, sizeof st))
            return YB_E_NOMEM;
    }
    if (put_i64(&r->mem, &r->msg_off, (int64_t)(has_msg ? (int64_t)msg_at : -1)))
        return YB_E_NOMEM;
    {
        uint64_t line = yb_csv_line(r->csv);
        if (put(&r->mem, &r->line, &line, sizeof line))
            return YB_E_NOMEM;
    }
    return YB_OK;
}

static void reset_chunk(case_csv *r)
{
    buf *all[] = { &r->sex, &r->age, &r->age_days, &r->weight, &r->los, &r->discharge, &r->dx_row,
                   &r->dx_data, &r->dx_off, &r->proc_row, &r->proc_data, &r->proc_off, &r->id_pool,
                   &r->id_off, &r->msg_pool, &r->msg_off, &r->status, &r->line, &r->extra_pool,
                   &r->extra_off };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        all[i]->len = 0;
}

int case_csv_read(case_csv *r, yb_ctx *ctx, size_t max_rows, const yb_case_columns **cases)
{
    if (!r || !ctx || !cases || max_rows == 0)
        return YB_E_INVALID_ARG;
    *cases = NULL;
    reset_chunk(r);
    int64_t zero = 0;
    if (put(&r->mem, &r->dx_row, &zero, sizeof zero) || put(&r->mem, &r->dx_off, &zero, sizeof zero) ||
        put(&r->mem, &r->proc_row, &zero, sizeof zero) || put(&r->mem, &r->proc_off, &zero, sizeof zero) ||
        put(&r->mem, &r->id_off, &zero, sizeof zero) || put(&r->mem, &r->extra_off, &zero, sizeof zero))
        return yb_fail_nomem(ctx, "case columns");
    size_t rows = 0;
    while (!r->at_end && rows < max_rows) {
        int rc = yb_csv_next(r->csv, ctx);
        if (rc == 0) {
            r->at_end = 1;
            break;
        }
        if (rc < 0 && yb_csv_failed(r->csv))
            return rc;
        if (read_row(r, ctx, rc))
            return yb_fail_nomem(ctx, "case columns");
        rows++;
    }
    r->total += rows;
    yb_case_columns *c = &r->cols;
    memset(c, 0, sizeof *c);
    c->size = sizeof *c;
    c->n = rows;
    c->sex = (const int8_t *)(void *)r->sex.p;
    c->age_years = (const int16_t *)(void *)r->age.p;
    c->age_days = (const int32_t *)(void *)r->age_days.p;
    c->birth_weight_g = (const int32_t *)(void *)r->weight.p;
    c->los_days = (const int32_t *)(void *)r->los.p;
    c->discharge_type = (const int8_t *)(void *)r->discharge.p;
    c->dx_row_offsets = (const int64_t *)(void *)r->dx_row.p;
    c->dx_data = r->dx_data.p ? r->dx_data.p : "";
    c->dx_offsets = (const int64_t *)(void *)r->dx_off.p;
    c->proc_row_offsets = (const int64_t *)(void *)r->proc_row.p;
    c->proc_data = r->proc_data.p ? r->proc_data.p : "";
    c->proc_offsets = (const int64_t *)(void *)r->proc_off.p;
    *cases = c;
    return YB_OK;
}

static size_t rows_now(const case_csv *r)
{
    return r ? r->status.len / sizeof(int32_t) : 0;
}

const char *case_csv_id(const case_csv *r, size_t row)
{
    if (row >= rows_now(r))
        return "";
    const int64_t *off = (const int64_t *)(void *)r->id_off.p;
    return r->id_pool.p + off[row];
}

int case_csv_status(const case_csv *r, size_t row)
{
    return row < rows_now(r) ? ((const int32_t *)(void *)r->status.p)[row] : YB_E_INVALID_ARG;
}

const char *case_csv_message(const case_csv *r, size_t row)
{
    if (row >= rows_now(r))
        return "";
    int64_t at = ((const int64_t *)(void *)r->msg_off.p)[row];
    return at < 0 ? "" : r->msg_pool.p + at;
}

uint64_t case_csv_line(const case_csv *r, size_t row)
{
    return row < rows_now(r) ? ((const uint64_t *)(void *)r->line.p)[row] : 0;
}

const char *case_csv_extra(const case_csv *r, size_t row, size_t k)
{
    if (row >= rows_now(r) || k >= r->n_extra)
        return "";
    const int64_t *off = (const int64_t *)(void *)r->extra_off.p;
    return r->extra_pool.p + off[row * r->n_extra + k];
}

int case_csv_has_extra(const case_csv *r, size_t k)
{
    return r && k < r->n_extra && r->extra_col[k] >= 0;
}

int32_t case_csv_extra_int(const case_csv *r, size_t row, size_t k, int32_t max)
{
    const char *s = case_csv_extra(r, row, k);
    while (*s == ' ')
        s++;
    if (!*s)
        return -1;
    const char *digits = s;
    int64_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (*s - '0');
        if (v > max)
            return -2;
    }
    if (s == digits)
        return -2;
    while (*s == ' ')
        s++;
    return *s ? -2 : (int32_t)v;
}

uint64_t case_csv_total(const case_csv *r)
{
    return r ? r->total : 0;
}
