/* Streaming RFC 4180 reader; see csv.h for the accepted dialect. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <yibao/money.h>

#include "csv.h"
#include "date.h"

#define CHUNK 65536

enum { ST_FIELD_START, ST_UNQUOTED, ST_QUOTED, ST_QUOTE_IN_QUOTED };

struct yb_csv {
    yb_mem mem;
    yb_csv_part *parts;
    size_t nparts, part;
    char **part_names;
    FILE *fp;
    const unsigned char *in;   /* current chunk (own buffer or the part's memory) */
    size_t in_len, in_pos;
    unsigned char *buf;        /* chunk buffer for file parts */
    int part_eof;              /* no more bytes after in[in_len] */
    char *rec;
    size_t rec_len, rec_cap, max_record;
    size_t *start, *len;
    size_t nf, f_cap;
    char **hdr;
    size_t nhdr;
    uint64_t line, rec_line, recno;
    uint64_t cur_start;        /* line where the record being read starts */
    int failed, fail_status;
    int opened;                /* a part is open */
};

size_t yb_utf8_check(const unsigned char *s, size_t len, int *gbk_like)
{
    size_t i = 0;
    if (gbk_like)
        *gbk_like = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; min = 0x10000; }
        else goto invalid;
        if (i + need >= len)
            goto invalid;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                goto invalid;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto invalid;
        i += need + 1;
        continue;
    invalid:
        if (gbk_like && c >= 0x81 && c <= 0xFE && i + 1 < len && s[i + 1] >= 0x40 &&
            s[i + 1] <= 0xFE && s[i + 1] != 0x7F)
            *gbk_like = 1;
        return i;
    }
    return len;
}

static const char *part_name(const yb_csv *r)
{
    return r->part < r->nparts ? r->part_names[r->part] : (r->nparts ? r->part_names[r->nparts - 1] : "");
}

static int fatal(yb_csv *r, yb_ctx *ctx, int status, uint64_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static int fatal(yb_csv *r, yb_ctx *ctx, int status, uint64_t line, const char *fmt, ...)
{
    yb_errloc loc = { .file = part_name(r), .line = line };
    r->failed = 1;
    r->fail_status = status;
    va_list ap;
    va_start(ap, fmt);
    int rc = yb_vfail_at(ctx, status, &loc, fmt, ap);
    va_end(ap);
    return rc;
}

static void close_part(yb_csv *r)
{
    if (r->fp) {
        fclose(r->fp);
        r->fp = NULL;
    }
    r->opened = 0;
}

/* Refills the chunk; returns 0 on success (possibly at EOF), <0 on I/O error. */
static int refill(yb_csv *r, yb_ctx *ctx)
{
    if (!r->fp) {
        r->part_eof = 1;
        return 0;
    }
    size_t keep = r->in_len - r->in_pos;
    if (keep)
        memmove(r->buf, r->buf + r->in_pos, keep);
    size_t got = fread(r->buf + keep, 1, CHUNK - keep, r->fp);
    if (got == 0 && ferror(r->fp))
        return fatal(r, ctx, YB_E_IO, 0, "read error");
    if (got == 0)
        r->part_eof = 1;
    r->in = r->buf;
    r->in_len = keep + got;
    r->in_pos = 0;
    return 0;
}

/* Next byte or -1 at the end of the part; -2 on I/O error. */
static inline int getb(yb_csv *r, yb_ctx *ctx)
{
    if (r->in_pos == r->in_len) {
        if (r->part_eof)
            return -1;
        if (refill(r, ctx))
            return -2;
        if (r->in_pos == r->in_len)
            return -1;
    }
    return r->in[r->in_pos++];
}

static inline int peekb(yb_csv *r, yb_ctx *ctx)
{
    int c = getb(r, ctx);
    if (c >= 0)
        r->in_pos--;
    return c;
}

static int open_part(yb_csv *r, yb_ctx *ctx)
{
    const yb_csv_part *p = &r->parts[r->part];
    r->line = 1;
    r->part_eof = 0;
    r->in_pos = r->in_len = 0;
    if (p->path) {
        r->fp = fopen(p->path, "rb");
        if (!r->fp)
            return fatal(r, ctx, YB_E_IO, 0, "cannot open file: %s", strerror(errno));
        /* Make sure the first three bytes are in the chunk for the BOM test. */
        while (r->in_len < 3 && !r->part_eof)
            if (refill(r, ctx))
                return r->fail_status;
    } else {
        r->in = p->data;
        r->in_len = p->len;
        r->part_eof = 1;
    }
    r->opened = 1;
    const unsigned char *b = r->in;
    if (r->in_len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return fatal(r, ctx, YB_E_ENCODING, 1,
                     "file is UTF-16 (byte-order mark %s); save it as UTF-8, for example with "
                     "`iconv -f UTF-16 -t UTF-8 in.csv > out.csv`",
                     b[0] == 0xFF ? "FF FE" : "FE FF");
    if (r->in_len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        r->in_pos = 3;
    return YB_OK;
}

static int grow_rec(yb_csv *r, yb_ctx *ctx)
{
    if (r->rec_cap >= r->max_record)
        return fatal(r, ctx, YB_E_LIMIT, r->cur_start,
                     "record longer than the limit of %zu bytes (option YB_OPT_CSV_MAX_RECORD); "
                     "is a quote left open?", r->max_record);
    size_t cap = r->rec_cap ? r->rec_cap * 2 : 256;
    if (cap > r->max_record)
        cap = r->max_record;
    char *rec = yb_mem_realloc(&r->mem, r->rec, cap);
    if (!rec) {
        r->failed = 1;
        r->fail_status = YB_E_NOMEM;
        return yb_fail_nomem(ctx, "a CSV record buffer");
    }
    r->rec = rec;
    r->rec_cap = cap;
    return YB_OK;
}

static inline int put(yb_csv *r, yb_ctx *ctx, int c)
{
    if (r->rec_len + 1 >= r->rec_cap && grow_rec(r, ctx))
        return r->fail_status;
    r->rec[r->rec_len++] = (char)c;
    return YB_OK;
}

static int end_field(yb_csv *r, yb_ctx *ctx, size_t field_start)
{
    if (r->nf == r->f_cap) {
        size_t cap = r->f_cap ? r->f_cap * 2 : 16;
        size_t *s = yb_mem_realloc_array(&r->mem, r->start, cap, sizeof *s);
        if (!s)
            goto nomem;
        r->start = s;
        size_t *l = yb_mem_realloc_array(&r->mem, r->len, cap, sizeof *l);
        if (!l)
            goto nomem;
        r->len = l;
        r->f_cap = cap;
    }
    r->start[r->nf] = field_start;
    r->len[r->nf] = r->rec_len - field_start;
    r->nf++;
    return put(r, ctx, '\0');
nomem:
    r->failed = 1;
    r->fail_status = YB_E_NOMEM;
    return yb_fail_nomem(ctx, "CSV field offsets");
}

/* Consumes the rest of a physical line after a record-local error. */
static void skip_line(yb_csv *r, yb_ctx *ctx)
{
    int c;
    while ((c = getb(r, ctx)) >= 0)
        if (c == '\n') {
            r->line++;
            return;
        }
}

static int record_error(yb_csv *r, yb_ctx *ctx, int status, uint64_t col, const char *msg)
{
    yb_errloc loc = { .file = part_name(r), .line = r->line, .column = col };
    skip_line(r, ctx);
    return yb_fail_at(ctx, status, &loc, "%s", msg);
}

/* Reads one record of the current part: 1 record, 0 end of part, <0 error. */
static int read_record(yb_csv *r, yb_ctx *ctx)
{
    int state = ST_FIELD_START;
    size_t field_start = 0;
    uint64_t quote_line = 0;
    r->rec_len = 0;
    r->nf = 0;
    uint64_t start_line = r->line;
    r->cur_start = start_line;
    int any = 0;
    for (;;) {
        int c = getb(r, ctx);
        if (c == -2)
            return r->fail_status;
        if (c == -1) {
            if (state == ST_QUOTED)
                return fatal(r, ctx, YB_E_FORMAT, quote_line,
                             "quoted field never closed: end of file inside quotes");
            if (!any)
                return 0; /* the previous record stays current */
            r->rec_line = start_line;
            return end_field(r, ctx, field_start) ? r->fail_status : 1;
        }
        if (c == 0)
            return record_error(r, ctx, YB_E_ENCODING, r->nf + 1,
                                "NUL byte in the data; is the file UTF-16 without a byte-order mark?");
        if (state == ST_QUOTED) {
            if (c == '"') {
                state = ST_QUOTE_IN_QUOTED;
                continue;
            }
            if (c == '\n')
                r->line++;
            if (put(r, ctx, c))
                return r->fail_status;
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (c == '\r' && peekb(r, ctx) == '\n')
                (void)getb(r, ctx);
            r->line++;
            if (!any) { /* blank line: skip */
                start_line = r->cur_start = r->line;
                continue;
            }
            r->rec_line = start_line;
            return end_field(r, ctx, field_start) ? r->fail_status : 1;
        }
        any = 1;
        if (c == ',') {
            if (end_field(r, ctx, field_start))
                return r->fail_status;
            field_start = r->rec_len;
            state = ST_FIELD_START;
            continue;
        }
        if (state == ST_QUOTE_IN_QUOTED) {
            if (c == '"') {
                if (put(r, ctx, '"'))
                    return r->fail_status;
                state = ST_QUOTED;
                continue;
            }
            return record_error(r, ctx, YB_E_FORMAT, r->nf + 1,
                                "unexpected character after a closing quote (a quote inside a "
                                "quoted field must be doubled)");
        }
        if (c == '"') {
            if (state == ST_FIELD_START) {
                state = ST_QUOTED;
                quote_line = r->line;
                continue;
            }
            return record_error(r, ctx, YB_E_FORMAT, r->nf + 1,
                                "quote inside an unquoted field (quote the whole field and double "
                                "the inner quote)");
        }
        state = ST_UNQUOTED;
        if (put(r, ctx, c))
            return r->fail_status;
    }
}

static int check_utf8(yb_csv *r, yb_ctx *ctx)
{
    for (size_t f = 0; f < r->nf; f++) {
        int gbk = 0;
        const unsigned char *s = (const unsigned char *)r->rec + r->start[f];
        size_t bad = yb_utf8_check(s, r->len[f], &gbk);
        if (bad == r->len[f])
            continue;
        yb_errloc loc = { .file = part_name(r), .line = r->rec_line, .column = f + 1 };
        if (gbk)
            return yb_fail_at(ctx, YB_E_ENCODING, &loc,
                              "not valid UTF-8 at byte %zu of the field; the bytes look like "
                              "GBK/GB18030 (common in Chinese Excel exports): convert the file "
                              "with `iconv -f GB18030 -t UTF-8 in.csv > out.csv` and load it again",
                              bad + 1);
        return yb_fail_at(ctx, YB_E_ENCODING, &loc, "not valid UTF-8 at byte %zu of the field",
                          bad + 1);
    }
    return YB_OK;
}

static void free_header(yb_csv *r)
{
    for (size_t i = 0; i < r->nhdr; i++)
        yb_mem_free(&r->mem, r->hdr[i]);
    yb_mem_free(&r->mem, r->hdr);
    r->hdr = NULL;
    r->nhdr = 0;
}

static int read_header(yb_csv *r, yb_ctx *ctx)
{
    int rc = read_record(r, ctx);
    if (rc < 0) {
        r->failed = 1;
        r->fail_status = rc;
        return rc;
    }
    if (rc == 0)
        return fatal(r, ctx, YB_E_FORMAT, 1, "empty file: expected a header row");
    if (check_utf8(r, ctx)) {
        r->failed = 1;
        r->fail_status = YB_E_ENCODING;
        return YB_E_ENCODING;
    }
    if (r->part > 0) { /* later parts must repeat the first header */
        int same = r->nf == r->nhdr;
        for (size_t i = 0; same && i < r->nf; i++)
            same = strcmp(r->rec + r->start[i], r->hdr[i]) == 0;
        if (!same)
            return fatal(r, ctx, YB_E_FORMAT, r->rec_line,
                         "header differs from the header of %s", r->part_names[0]);
        return YB_OK;
    }
    r->hdr = yb_mem_calloc(&r->mem, r->nf, sizeof *r->hdr);
    if (!r->hdr)
        goto nomem;
    r->nhdr = r->nf;
    for (size_t i = 0; i < r->nf; i++) {
        const char *s = r->rec + r->start[i];
        size_t n = r->len[i];
        while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
        r->hdr[i] = yb_mem_strndup(&r->mem, s, n);
        if (!r->hdr[i])
            goto nomem;
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->hdr[j], r->hdr[i]) == 0)
                return fatal(r, ctx, YB_E_FORMAT, r->rec_line, "column '%s' appears twice in the header",
                             r->hdr[i]);
    }
    return YB_OK;
nomem:
    r->failed = 1;
    r->fail_status = YB_E_NOMEM;
    return yb_fail_nomem(ctx, "a CSV header");
}

void yb_csv_close(yb_csv *r)
{
    if (!r)
        return;
    close_part(r);
    yb_mem mem = r->mem;
    free_header(r);
    if (r->part_names)
        for (size_t i = 0; i < r->nparts; i++)
            yb_mem_free(&mem, r->part_names[i]);
    for (size_t i = 0; r->parts && i < r->nparts; i++)
        if (r->parts[i].owned)
            yb_mem_free(&mem, (void *)(uintptr_t)r->parts[i].data);
    yb_mem_free(&mem, r->part_names);
    yb_mem_free(&mem, r->parts);
    yb_mem_free(&mem, r->buf);
    yb_mem_free(&mem, r->rec);
    yb_mem_free(&mem, r->start);
    yb_mem_free(&mem, r->len);
    yb_mem_free(&mem, r);
}

static void free_owned(yb_ctx *ctx, const yb_csv_part *parts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (parts[i].owned)
            yb_free(ctx, (void *)(uintptr_t)parts[i].data);
}

int yb_csv_open_parts(yb_ctx *ctx, const yb_csv_part *parts, size_t n, yb_csv **out)
{
    if (!ctx || !parts || n == 0 || !out) {
        if (ctx && parts)
            free_owned(ctx, parts, n);
        return YB_E_INVALID_ARG;
    }
    *out = NULL;
    yb_csv *r = yb_calloc(ctx, 1, sizeof *r);
    if (!r) {
        free_owned(ctx, parts, n);
        return yb_fail_nomem(ctx, "a CSV reader");
    }
    r->mem = ctx->mem;
    r->max_record = (size_t)ctx->csv_max_record;
    r->parts = yb_calloc(ctx, n, sizeof *r->parts);
    if (!r->parts) {
        free_owned(ctx, parts, n);
        goto nomem;
    }
    memcpy(r->parts, parts, n * sizeof *parts); /* the reader owns owned parts from here */
    r->nparts = n;
    r->part_names = yb_calloc(ctx, n, sizeof *r->part_names);
    if (!r->part_names)
        goto nomem;
    int any_file = 0;
    for (size_t i = 0; i < n; i++) {
        if (!parts[i].path && !parts[i].data) {
            yb_csv_close(r);
            return yb_fail(ctx, YB_E_INVALID_ARG, "CSV part %zu has neither a path nor data", i);
        }
        const char *name = parts[i].name ? parts[i].name : parts[i].path ? parts[i].path : "<memory>";
        r->part_names[i] = yb_mem_strndup(&r->mem, name, strlen(name));
        if (!r->part_names[i])
            goto nomem;
        any_file |= parts[i].path != NULL;
    }
    if (any_file) {
        r->buf = yb_alloc(ctx, CHUNK);
        if (!r->buf)
            goto nomem;
    }
    int rc = open_part(r, ctx);
    if (!rc)
        rc = read_header(r, ctx);
    if (rc) {
        yb_csv_close(r);
        return rc;
    }
    *out = r;
    return YB_OK;
nomem:
    yb_csv_close(r);
    return yb_fail_nomem(ctx, "a CSV reader");
}

int yb_csv_open_file(yb_ctx *ctx, const char *path, yb_csv **out)
{
    if (!path)
        return YB_E_INVALID_ARG;
    yb_csv_part p = { .name = path, .path = path };
    return yb_csv_open_parts(ctx, &p, 1, out);
}

int yb_csv_open_mem(yb_ctx *ctx, const char *name, const void *data, size_t len, yb_csv **out)
{
    static const char empty[1] = "";
    yb_csv_part p = { .name = name, .data = data ? data : empty, .len = len };
    return yb_csv_open_parts(ctx, &p, 1, out);
}

int yb_csv_next(yb_csv *r, yb_ctx *ctx)
{
    if (!r || !ctx)
        return YB_E_INVALID_ARG;
    for (;;) {
        if (r->failed)
            return yb_fail(ctx, r->fail_status, "%s: the reader stopped after an earlier error",
                           part_name(r));
        int rc = read_record(r, ctx);
        if (rc < 0)
            return rc;
        if (rc == 0) {
            close_part(r);
            if (r->part + 1 >= r->nparts)
                return 0;
            r->part++;
            rc = open_part(r, ctx);
            if (!rc)
                rc = read_header(r, ctx);
            if (rc)
                return rc;
            continue;
        }
        r->recno++;
        if ((rc = check_utf8(r, ctx)))
            return rc;
        if (r->nf != r->nhdr) {
            yb_errloc loc = { .file = part_name(r), .line = r->rec_line };
            return yb_fail_at(ctx, YB_E_FORMAT, &loc, "%zu fields where the header has %zu", r->nf,
                              r->nhdr);
        }
        return 1;
    }
}

int yb_csv_failed(const yb_csv *r) { return r ? r->failed : 1; }
size_t yb_csv_ncols(const yb_csv *r) { return r ? r->nhdr : 0; }
const char *yb_csv_colname(const yb_csv *r, size_t col) { return r && col < r->nhdr ? r->hdr[col] : ""; }
size_t yb_csv_nfields(const yb_csv *r) { return r ? r->nf : 0; }
uint64_t yb_csv_line(const yb_csv *r) { return r ? r->rec_line : 0; }
uint64_t yb_csv_record(const yb_csv *r) { return r ? r->recno : 0; }
const char *yb_csv_name(const yb_csv *r) { return r ? part_name(r) : ""; }

long yb_csv_find_col(const yb_csv *r, const char *name)
{
    for (size_t i = 0; r && name && i < r->nhdr; i++)
        if (strcmp(r->hdr[i], name) == 0)
            return (long)i;
    return -1;
}

int yb_csv_map_cols(yb_csv *r, yb_ctx *ctx, const char *const *names, const int *required, size_t n,
                    long *idx)
{
    if (!r || !ctx || !names || !idx)
        return YB_E_INVALID_ARG;
    for (size_t i = 0; i < n; i++) {
        idx[i] = yb_csv_find_col(r, names[i]);
        if (idx[i] < 0 && (!required || required[i])) {
            char have[512];
            size_t used = 0;
            have[0] = '\0';
            for (size_t k = 0; k < r->nhdr && used < sizeof have; k++)
                used += (size_t)snprintf(have + used, sizeof have - used, "%s%s", k ? ", " : "",
                                         r->hdr[k]);
            yb_errloc loc = { .file = r->part_names[0], .line = 1, .field = names[i] };
            return yb_fail_at(ctx, YB_E_FORMAT, &loc, "missing required column '%s' (header has: %s)",
                              names[i], have);
        }
    }
    return YB_OK;
}

const char *yb_csv_field(const yb_csv *r, size_t col, size_t *len)
{
    if (!r || col >= r->nf) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = r->len[col];
    return r->rec + r->start[col];
}

int yb_csv_field_fail(const yb_csv *r, yb_ctx *ctx, size_t col, int status, const char *fmt, ...)
{
    size_t vlen = 0;
    const char *v = yb_csv_field(r, col, &vlen);
    char colname[64];
    const char *field = yb_csv_colname(r, col);
    if (!*field) {
        snprintf(colname, sizeof colname, "column %zu", col + 1);
        field = colname;
    }
    yb_errloc loc = { .file = yb_csv_name(r), .line = yb_csv_line(r), .column = col + 1,
                      .field = field, .value = v, .value_len = vlen };
    va_list ap;
    va_start(ap, fmt);
    int rc = yb_vfail_at(ctx, status, &loc, fmt, ap);
    va_end(ap);
    return rc;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

int yb_csv_get_i64_opt(const yb_csv *r, yb_ctx *ctx, size_t col, int64_t min, int64_t max,
                       int64_t *out, int *present)
{
    size_t n;
    const char *s = yb_csv_field(r, col, &n);
    if (blank(s, n)) {
        *present = 0;
        return YB_OK;
    }
    *present = 1;
    int64_t v;
    if (yb_decimal_parse(s, n, 0, &v) || v < min || v > max)
        return yb_csv_field_fail(r, ctx, col, YB_E_FORMAT, "expected a whole number from %lld to %lld",
                                 (long long)min, (long long)max);
    *out = v;
    return YB_OK;
}

int yb_csv_get_i64(const yb_csv *r, yb_ctx *ctx, size_t col, int64_t min, int64_t max, int64_t *out)
{
    int present;
    int rc = yb_csv_get_i64_opt(r, ctx, col, min, max, out, &present);
    if (!rc && !present)
        return yb_csv_field_fail(r, ctx, col, YB_E_FORMAT, "missing value");
    return rc;
}

int yb_csv_get_decimal_opt(const yb_csv *r, yb_ctx *ctx, size_t col, int decimals, int64_t *out,
                           int *present)
{
    size_t n;
    const char *s = yb_csv_field(r, col, &n);
    if (blank(s, n)) {
        *present = 0;
        return YB_OK;
    }
    *present = 1;
    int rc = yb_decimal_parse(s, n, decimals, out);
    if (rc == YB_E_OVERFLOW)
        return yb_csv_field_fail(r, ctx, col, rc, "number too large");
    if (rc)
        return yb_csv_field_fail(r, ctx, col, YB_E_FORMAT,
                                 "expected a decimal number with at most %d decimals", decimals);
    return YB_OK;
}

int yb_csv_get_decimal(const yb_csv *r, yb_ctx *ctx, size_t col, int decimals, int64_t *out)
{
    int present;
    int rc = yb_csv_get_decimal_opt(r, ctx, col, decimals, out, &present);
    if (!rc && !present)
        return yb_csv_field_fail(r, ctx, col, YB_E_FORMAT, "missing value");
    return rc;
}

int yb_csv_get_date(const yb_csv *r, yb_ctx *ctx, size_t col, int32_t *yyyymmdd)
{
    size_t n;
    const char *s = yb_csv_field(r, col, &n);
    if (yb_date_parse(s, n, yyyymmdd))
        return yb_csv_field_fail(r, ctx, col, YB_E_FORMAT,
                                  "expected a date YYYY-MM-DD between 1900-01-01 and 2999-12-31");
    return YB_OK;
}
