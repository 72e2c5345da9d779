/* Traces: the engine's steps for one case, recorded while the ordinary
 * grouping code runs (drg_engine.c calls the drg_rec_* hooks when a recorder
 * is given), as indexed steps with attached codes and as text. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "drg_internal.h"

typedef struct rec_step {
    int32_t kind, outcome;
    uint32_t mdc, adrg, drg;
    uint32_t subject, rule, detail;   /* pool offsets */
    uint32_t code_first, code_n;
} rec_step;

typedef struct rec_code {
    int32_t role, is_proc, position;
    uint32_t code, list;              /* pool offsets */
} rec_code;

struct drg_rec {
    yb_mem mem;
    drg_vec steps, codes;
    drg_pool pool;
    char *cur;                        /* detail of the open step */
    size_t cur_len, cur_cap;
    int failed;                       /* an allocation failed while recording */
    drg_out out;
    int32_t status;
    char *text;
    const yb_drg_scheme *s;
};

struct yb_drg_trace {
    struct drg_rec r;
};

static uint32_t add_str(drg_rec *rec, const char *s)
{
    uint32_t off = 0;
    if (rec->failed)
        return 0;
    if (drg_pool_add(&rec->mem, &rec->pool, s ? s : "", s ? strlen(s) : 0, &off)) {
        rec->failed = 1;
        return 0;
    }
    return off;
}

/* Moves the open step's detail into the pool. */
static void close_step(drg_rec *rec)
{
    if (rec->failed || rec->steps.n == 0)
        return;
    rec_step *st = &DRG_VEC_AT(rec->steps, rec_step, rec->steps.n - 1);
    size_t n = rec->cur_len;
    while (n >= 2 && rec->cur[n - 1] == ' ' && rec->cur[n - 2] == ';')
        n -= 2; /* drop the separator after the last test */
    if (drg_pool_add(&rec->mem, &rec->pool, rec->cur ? rec->cur : "", n, &st->detail))
        rec->failed = 1;
    rec->cur_len = 0;
}

void drg_rec_step(drg_rec *rec, int kind, int outcome, uint32_t mdc, uint32_t adrg, uint32_t drg,
                  const char *subject, const char *rule)
{
    if (!rec || rec->failed)
        return;
    close_step(rec);
    rec_step st = { kind, outcome, mdc, adrg, drg, add_str(rec, subject), add_str(rec, rule), 0,
                    (uint32_t)rec->codes.n, 0 };
    if (!rec->failed && drg_vec_push(&rec->mem, &rec->steps, &st))
        rec->failed = 1;
}

void drg_rec_outcome(drg_rec *rec, int outcome)
{
    if (rec && !rec->failed && rec->steps.n)
        DRG_VEC_AT(rec->steps, rec_step, rec->steps.n - 1).outcome = outcome;
}

void drg_rec_detail(drg_rec *rec, const char *fmt, ...)
{
    if (!rec || rec->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = rec->cur_cap - rec->cur_len;
        int n = vsnprintf(rec->cur ? rec->cur + rec->cur_len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if ((size_t)n < room) {
            rec->cur_len += (size_t)n;
            return;
        }
        size_t cap = rec->cur_cap ? rec->cur_cap * 2 : 256;
        while (cap < rec->cur_len + (size_t)n + 1)
            cap *= 2;
        char *p = yb_mem_realloc(&rec->mem, rec->cur, cap);
        if (!p) {
            rec->failed = 1;
            return;
        }
        rec->cur = p;
        rec->cur_cap = cap;
    }
}

void drg_rec_code(drg_rec *rec, int role, int is_proc, int position, const char *code, const char *list)
{
    if (!rec || rec->failed || rec->steps.n == 0)
        return;
    rec_code c = { role, is_proc, position, add_str(rec, code), add_str(rec, list) };
    if (rec->failed || drg_vec_push(&rec->mem, &rec->codes, &c)) {
        rec->failed = 1;
        return;
    }
    DRG_VEC_AT(rec->steps, rec_step, rec->steps.n - 1).code_n++;
}

void drg_rec_list_hits(drg_rec *rec, const yb_drg_scheme *s, const drg_case *c, int cls, uint32_t list,
                       int with_tags)
{
    if (!rec || rec->failed)
        return;
    int is_proc = drg_cls_is_proc(cls);
    drg_class_span sp = drg_class_codes(s, c, cls);
    for (uint32_t i = sp.begin; i < sp.end; i++) {
        uint32_t k = drg_membership(sp.dc, sp.codes[i], list);
        if (k == UINT32_MAX)
            continue;
        const char *lname = drg_str(s, s->list_name[list]);
        char buf[256];
        if (with_tags && sp.dc->mem_tag[k] != DRG_NONE16) {
            /* name the tag too: "MDCZ.mdc_zd['胸部创伤']" */
            snprintf(buf, sizeof buf, "%s['%s']", lname, drg_str(s, s->tag_name[sp.dc->mem_tag[k]]));
            lname = buf;
        }
        drg_rec_code(rec, YB_DRG_CODE_MATCHED, is_proc, (int)i, yb_dict_code(sp.dc->dict, sp.codes[i]), lname);
    }
}

/* ---- the public trace ---- */

static const char *kind_label(int kind)
{
    switch (kind) {
    case YB_DRG_STEP_VALIDATE: return "rejected";
    case YB_DRG_STEP_CODE: return "code";
    case YB_DRG_STEP_MDC: return "MDC";
    case YB_DRG_STEP_ADRG: return "  ADRG";
    case YB_DRG_STEP_NO_ADRG: return "  no ADRG";
    case YB_DRG_STEP_AMBIGUOUS: return "  QY";
    case YB_DRG_STEP_CC: return "severity";
    case YB_DRG_STEP_DRG: return "    DRG";
    case YB_DRG_STEP_RESULT: return "result";
    default: return "?";
    }
}

static const char *role_label(int role)
{
    switch (role) {
    case YB_DRG_CODE_MATCHED: return "in";
    case YB_DRG_CODE_MCC: return "MCC, table";
    case YB_DRG_CODE_CC: return "CC, table";
    case YB_DRG_CODE_EXCLUDED: return "excluded by table";
    case YB_DRG_CODE_EXCLUDER: return "principal excludes table";
    case YB_DRG_CODE_UNKNOWN: return "unknown";
    case YB_DRG_CODE_IGNORED: return "ignored";
    default: return "?";
    }
}

static int build_text(drg_rec *rec)
{
    /* reuse the detail buffer machinery to assemble the text */
    rec->cur_len = 0;
    for (size_t i = 0; i < rec->steps.n; i++) {
        const rec_step *st = &DRG_VEC_AT(rec->steps, rec_step, i);
        const char *p = rec->pool.p;
        const char *yes = st->kind == YB_DRG_STEP_VALIDATE || st->kind == YB_DRG_STEP_RESULT ||
                                  st->kind == YB_DRG_STEP_CODE
                              ? ""
                          : st->kind == YB_DRG_STEP_CC ? (st->outcome ? ": counts" : ": excluded")
                          : st->kind == YB_DRG_STEP_NO_ADRG ? (st->outcome ? ": next MDC" : ": stop")
                          : st->outcome ? ": yes" : ": no";
        drg_rec_detail(rec, "%s %s%s%s%s%s", kind_label(st->kind), p + st->subject, *(p + st->rule) ? " [" : "",
                       p + st->rule, *(p + st->rule) ? "]" : "", yes);
        if (p[st->detail])
            drg_rec_detail(rec, " - %s", p + st->detail);
        for (uint32_t k = 0; k < st->code_n; k++) {
            const rec_code *c = &DRG_VEC_AT(rec->codes, rec_code, st->code_first + k);
            drg_rec_detail(rec, "%s%s %s %s%s%s", k ? ", " : " {", p + c->code,
                           c->is_proc ? (c->position == 0 ? "(principal procedure)" : "(procedure)")
                                      : (c->position == 0 ? "(principal diagnosis)" : "(diagnosis)"),
                           role_label(c->role), *(p + c->list) ? " " : "", p + c->list);
        }
        drg_rec_detail(rec, "%s\n", st->code_n ? "}" : "");
    }
    if (rec->failed)
        return YB_E_NOMEM;
    rec->text = rec->cur;
    rec->cur = NULL;
    rec->cur_len = rec->cur_cap = 0;
    if (!rec->text) {
        rec->text = yb_mem_alloc(&rec->mem, 1);
        if (!rec->text)
            return YB_E_NOMEM;
        rec->text[0] = '\0';
    }
    return YB_OK;
}

void yb_drg_trace_free(yb_drg_trace *t)
{
    if (!t)
        return;
    yb_mem mem = t->r.mem;
    drg_vec_free(&mem, &t->r.steps);
    drg_vec_free(&mem, &t->r.codes);
    yb_mem_free(&mem, t->r.pool.p);
    yb_mem_free(&mem, t->r.cur);
    yb_mem_free(&mem, t->r.text);
    yb_mem_free(&mem, t);
}

int yb_drg_trace_case(yb_ctx *ctx, const yb_drg_scheme *s, const yb_case_columns *cases, size_t row,
                      yb_drg_trace **out)
{
    if (!ctx || !s || !cases || !out)
        return YB_E_INVALID_ARG;
    *out = NULL;
    int rc = drg_check_columns(ctx, cases);
    if (rc)
        return rc;
    if (row >= cases->n)
        return yb_fail(ctx, YB_E_INVALID_ARG, "row %zu of a batch of %zu", row, cases->n);
    yb_drg_trace *t = yb_calloc(ctx, 1, sizeof *t);
    if (!t)
        return yb_fail_nomem(ctx, "a trace");
    drg_rec *rec = &t->r;
    rec->mem = ctx->mem;
    rec->s = s;
    drg_vec_init(&rec->steps, sizeof(rec_step));
    drg_vec_init(&rec->codes, sizeof(rec_code));
    drg_scratch sc;
    memset(&sc, 0, sizeof sc);
    if ((rc = drg_scratch_init(ctx, s, &sc))) {
        yb_drg_trace_free(t);
        return rc;
    }
    rec->status = drg_group_row(ctx, s, cases, row, &sc, &rec->out, rec);
    drg_scratch_free(ctx, &sc);
    const drg_out *o = &rec->out;
    char subject[64];
    snprintf(subject, sizeof subject, "%s", drg_str(s, s->drgs[o->drg].code));
    drg_rec_step(rec, YB_DRG_STEP_RESULT, rec->status, o->mdc, o->adrg, o->drg, subject, "");
    drg_rec_detail(rec, "MDC %s, ADRG %s, DRG %s %s; %d MCC, %d CC; status %s",
                   o->mdc == YB_DRG_NO_ID ? "-" : drg_str(s, s->mdcs[o->mdc].code),
                   o->adrg == YB_DRG_NO_ID ? "-" : drg_str(s, s->adrgs[o->adrg].code), drg_str(s, s->drgs[o->drg].code),
                   drg_str(s, s->drgs[o->drg].name), (int)o->mcc_count, (int)o->cc_count, yb_status_name(rec->status));
    close_step(rec);
    if (rec->failed || build_text(rec)) {
        yb_drg_trace_free(t);
        return yb_fail_nomem(ctx, "a trace");
    }
    *out = t;
    return YB_OK;
}

int yb_drg_trace_one(yb_ctx *ctx, const yb_drg_scheme *s, const yb_drg_case *c, yb_drg_trace **out)
{
    if (!ctx || !s || !c || !out)
        return YB_E_INVALID_ARG;
    *out = NULL;
    drg_one t;
    int rc = drg_one_build(ctx, c, &t);
    if (rc)
        return rc;
    rc = yb_drg_trace_case(ctx, s, &t.cols, 0, out);
    drg_one_free(ctx, &t);
    return rc;
}

int yb_drg_trace_result(const yb_drg_trace *t, yb_drg_result *out)
{
    if (!t || !out || out->size < sizeof *out)
        return YB_E_INVALID_ARG;
    const drg_out *o = &t->r.out;
    out->status = t->r.status;
    out->mdc = o->mdc;
    out->adrg = o->adrg;
    out->drg = o->drg;
    out->flags = o->flags;
    out->mcc_count = o->mcc_count;
    out->cc_count = o->cc_count;
    out->unknown_dx = o->unknown_dx;
    out->unknown_proc = o->unknown_proc;
    return YB_OK;
}

size_t yb_drg_trace_step_count(const yb_drg_trace *t)
{
    return t ? t->r.steps.n : 0;
}

int yb_drg_trace_step(const yb_drg_trace *t, size_t index, yb_drg_step_info *out)
{
    if (!t || !out || out->size < sizeof *out || index >= t->r.steps.n)
        return YB_E_INVALID_ARG;
    const rec_step *st = &DRG_VEC_AT(t->r.steps, rec_step, index);
    const char *p = t->r.pool.p;
    out->kind = st->kind;
    out->outcome = st->outcome;
    out->mdc = st->mdc;
    out->adrg = st->adrg;
    out->drg = st->drg;
    out->subject = p + st->subject;
    out->rule = p + st->rule;
    out->detail = p + st->detail;
    out->code_count = st->code_n;
    return YB_OK;
}

int yb_drg_trace_code(const yb_drg_trace *t, size_t step, size_t k, yb_drg_code_info *out)
{
    if (!t || !out || out->size < sizeof *out || step >= t->r.steps.n)
        return YB_E_INVALID_ARG;
    const rec_step *st = &DRG_VEC_AT(t->r.steps, rec_step, step);
    if (k >= st->code_n)
        return YB_E_INVALID_ARG;
    const rec_code *c = &DRG_VEC_AT(t->r.codes, rec_code, st->code_first + k);
    const char *p = t->r.pool.p;
    out->role = c->role;
    out->is_procedure = c->is_proc;
    out->position = c->position;
    out->code = p + c->code;
    out->list = p + c->list;
    return YB_OK;
}

const char *yb_drg_trace_text(const yb_drg_trace *t)
{
    return t && t->r.text ? t->r.text : "";
}
