/* The text trace of one case: what cleaning did, each layer's candidate
 * rules with the outcome, the tie-break, the subtype and the result. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "grouping/dip_internal.h"

struct dip_trace {
    yb_ctx *ctx;
    char *buf;
    size_t len, cap;
    int nomem;
};

void dip_trace_note(dip_trace *t, const char *fmt, ...)
{
    if (!t || t->nomem)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->buf ? t->buf + t->len : NULL, t->buf ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if (t->buf && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        size_t ncap = t->cap ? t->cap * 2 : 1024;
        while (ncap < t->len + (size_t)n + 1)
            ncap *= 2;
        char *nb = yb_mem_realloc(&t->ctx->mem, t->buf, ncap);
        if (!nb) {
            t->nomem = 1;
            return;
        }
        t->buf = nb;
        t->cap = ncap;
    }
}

void dip_trace_rule(dip_trace *t, const yb_dip_catalog *cat, uint32_t rule, int spec, int rc, int count,
                    const char *why)
{
    if (!t)
        return;
    static const char *const via[] = { "any diagnosis", "category", "subcategory", "exact code" };
    const dip_rule *r = &cat->rules[rule];
    const char *code = dip_group_code(cat, r->group);
    if (rc > 0)
        dip_trace_note(t, "  %s:%u %s (via %s): matches, %d procedure component%s\n", dip_pool_str(cat, r->src),
                       r->line, code, via[spec & 3], count, count == 1 ? "" : "s");
    else if (rc == 0)
        dip_trace_note(t, "  %s:%u %s (via %s): no, %s\n", dip_pool_str(cat, r->src), r->line, code, via[spec & 3],
                       why);
    else
        dip_trace_note(t, "  %s:%u %s: cannot decide, %s\n", dip_pool_str(cat, r->src), r->line, code,
                       yb_strerror(rc));
}

static void describe_case(dip_trace *t, const yb_dip_catalog *cat, const dip_case *c)
{
    dip_trace_note(t, "diagnoses:");
    for (uint32_t k = 0; k < c->ndx; k++) {
        const char *code = c->dx_ids[k] == DIP_NONE ? "(unknown code)" : yb_dict_code(cat->dx, c->dx_ids[k]);
        dip_trace_note(t, " %s%s", code, k == 0 ? " (principal)" : "");
    }
    dip_trace_note(t, "\nprocedures:");
    if (!c->nproc)
        dip_trace_note(t, " none");
    for (uint32_t k = 0; k < c->nproc; k++)
        dip_trace_note(t, " %s [%s]", yb_dict_code(cat->proc, c->procs[k]), dip_attr_names[cat->proc_attr[c->procs[k]]]);
    dip_trace_note(t, "\n");
}

static void describe_result(dip_trace *t, const yb_dip_catalog *cat, const dip_case *c, const dip_outcome *o)
{
    if (c->principal != DIP_NONE)
        dip_trace_note(t, "principal procedure: %s\n", yb_dict_code(cat->proc, c->procs[c->principal]));
    else
        dip_trace_note(t, "principal procedure: none (conservative treatment)\n");
    if (o->group == DIP_NONE) {
        dip_trace_note(t, "result: not grouped\n");
        return;
    }
    char score[32];
    yb_decimal_format(o->score, YB_SCORE_DECIMALS, score, sizeof score);
    dip_trace_note(t, "result: %s %s (%s), %d procedure component%s matched, score %s%s%s\n",
                   dip_group_code(cat, o->group), dip_pool_str(cat, cat->groups[o->group].name),
                   dip_layer_names[o->layer], o->matched, o->matched == 1 ? "" : "s",
                   (o->flags & YB_DIP_FLAG_NO_SCORE) ? "none" : score,
                   (o->flags & YB_DIP_FLAG_PRIMARY_CARE) ? ", primary care" : "",
                   (o->flags & YB_DIP_FLAG_TIE_BREAK) ? ", by tie-break" : "");
    if (o->cci >= 0)
        dip_trace_note(t, "Charlson index: %d\n", (int)o->cci);
    if (o->subtype != DIP_NONE) {
        char coef[32], ss[32];
        yb_decimal_format(o->coef, YB_RATIO_DECIMALS, coef, sizeof coef);
        yb_decimal_format(o->subtype_score, YB_SCORE_DECIMALS, ss, sizeof ss);
        dip_trace_note(t, "subtype: %s, coefficient %s (the highest that fits), score with subtype %s\n",
                       dip_pool_str(cat, cat->subs[cat->applied[o->subtype]].code), coef, ss);
    }
}

/* Copies the text into buf, cut at a line end when it does not fit. */
static void emit(const dip_trace *t, char *buf, size_t cap, size_t *needed)
{
    if (needed)
        *needed = t->len;
    if (!buf || !cap)
        return;
    size_t n = t->len;
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && t->buf[n - 1] != '\n')
            n--;
    }
    if (n)
        memcpy(buf, t->buf, n);
    buf[n] = '\0';
}

int yb_dip_trace_text(yb_ctx *ctx, const yb_dip_catalog *cat, const yb_case_columns *cases, size_t row, char *buf,
                      size_t cap, size_t *needed)
{
    if (!ctx || !cat || (!buf && cap))
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_dip_trace_text: NULL argument");
    int rc = dip_check_columns(ctx, cases);
    if (rc)
        return rc;
    if (row >= cases->n)
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_dip_trace_text: row %zu of %zu", row, cases->n);
    dip_work w;
    if ((rc = dip_work_init(ctx, cat, &w)))
        return rc;
    dip_trace t = { ctx, NULL, 0, 0, 0 };
    rc = dip_case_from_columns(ctx, cat, cases, row, NULL, NULL, &w);
    if (rc) {
        dip_trace_note(&t, "row %zu: %s\n", row, yb_ctx_errmsg(ctx));
    } else {
        describe_case(&t, cat, &w.c);
        dip_outcome o;
        rc = dip_match(ctx, cat, &w, NULL, &o, &t);
        if (rc)
            dip_trace_note(&t, "row %zu: %s\n", row, yb_strerror(rc));
        else
            describe_result(&t, cat, &w.c, &o);
    }
    dip_work_free(ctx, &w);
    if (t.nomem) {
        yb_free(ctx, t.buf);
        return yb_fail_nomem(ctx, "a DIP trace");
    }
    emit(&t, buf, cap, needed);
    yb_free(ctx, t.buf);
    return rc;
}
