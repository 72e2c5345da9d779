/* Explained steps of a clearing: each step is a structured record plus one
 * line of text; the texts live in one arena and are joined at the end. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cap_internal.h"

const cap_step_ids cap_no_ids = { 0, YB_CAP_NO_ID, YB_CAP_NO_ID, YB_CAP_NO_ID, YB_CAP_NO_ID, -1 };

static const char *const step_names[] = {
    [YB_CAP_STEP_PER_CAPITA] = "per_capita",         [YB_CAP_STEP_RISK] = "risk",
    [YB_CAP_STEP_GROSS] = "gross",                   [YB_CAP_STEP_CARVE_OUT] = "carve_out",
    [YB_CAP_STEP_RESERVE] = "reserve",               [YB_CAP_STEP_POT] = "pot",
    [YB_CAP_STEP_PERIOD] = "period",                 [YB_CAP_STEP_SPENT] = "spent",
    [YB_CAP_STEP_ADVANCES] = "advances",             [YB_CAP_STEP_SCORE] = "score",
    [YB_CAP_STEP_SURPLUS] = "surplus",               [YB_CAP_STEP_SURPLUS_BAND] = "surplus_band",
    [YB_CAP_STEP_RETURNED] = "returned",             [YB_CAP_STEP_OVERSPEND] = "overspend",
    [YB_CAP_STEP_OVERSPEND_BAND] = "overspend_band", [YB_CAP_STEP_MIN_SCORE] = "min_score",
    [YB_CAP_STEP_RESERVE_USED] = "reserve_used",     [YB_CAP_STEP_TIER_RETAINED] = "tier_retained",
    [YB_CAP_STEP_TIER_LOSS] = "tier_loss",           [YB_CAP_STEP_PAYMENT] = "payment",
    [YB_CAP_STEP_BALANCE] = "balance",               [YB_CAP_STEP_ALLOCATED] = "allocated",
    [YB_CAP_STEP_CRITERION_POT] = "criterion_pot",   [YB_CAP_STEP_UNIT_PRICE] = "unit_price",
    [YB_CAP_STEP_FACILITY] = "facility",             [YB_CAP_STEP_UNDISTRIBUTED] = "undistributed",
};

const char *yb_cap_step_kind_name(int kind)
{
    if (kind <= 0 || (size_t)kind >= sizeof step_names / sizeof *step_names || !step_names[kind])
        return "unknown";
    return step_names[kind];
}

static int grow(yb_ctx *ctx, yb_cap_clearing *c, size_t text_len)
{
    if (c->nsteps == c->steps_cap) {
        size_t nc = c->steps_cap ? c->steps_cap * 2 : 64;
        yb_cap_step *ns = yb_mem_realloc_array(&c->mem, c->steps, nc, sizeof *ns);
        if (!ns)
            return yb_fail_nomem(ctx, "clearing steps");
        c->steps = ns;
        size_t *nt = yb_mem_realloc_array(&c->mem, c->step_text, nc, sizeof *nt);
        if (!nt)
            return yb_fail_nomem(ctx, "clearing steps");
        c->step_text = nt;
        c->steps_cap = nc;
    }
    if (c->arena_len + text_len + 1 > c->arena_cap) {
        size_t nc = c->arena_cap ? c->arena_cap * 2 : 8192;
        while (nc < c->arena_len + text_len + 1)
            nc *= 2;
        char *na = yb_mem_realloc(&c->mem, c->arena, nc);
        if (!na)
            return yb_fail_nomem(ctx, "clearing text");
        c->arena = na;
        c->arena_cap = nc;
    }
    return YB_OK;
}

int cap_step_add(yb_ctx *ctx, yb_cap_clearing *c, int kind, cap_step_ids ids, int64_t base, int64_t ratio,
                 int64_t amount, const char *fmt, ...)
{
    char text[640];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    size_t n = len < 0 ? 0 : (size_t)len >= sizeof text ? sizeof text - 1 : (size_t)len;
    int rc = grow(ctx, c, n);
    if (rc)
        return rc;
    c->steps[c->nsteps] = (yb_cap_step){
        .size = sizeof(yb_cap_step), .kind = kind, .month = ids.month, .pot = ids.pot, .band = ids.band,
        .tier = ids.tier, .facility = ids.facility, .criterion = ids.criterion, .base = base, .ratio = ratio,
        .amount = amount, .text = NULL,
    };
    c->step_text[c->nsteps++] = c->arena_len;
    memcpy(c->arena + c->arena_len, text, n);
    c->arena_len += n;
    c->arena[c->arena_len++] = '\0';
    return YB_OK;
}

int cap_finish_text(yb_ctx *ctx, yb_cap_clearing *c)
{
    c->text = yb_mem_alloc(&c->mem, c->arena_len + 1);
    if (!c->text)
        return yb_fail_nomem(ctx, "clearing text");
    size_t used = 0;
    for (size_t i = 0; i < c->nsteps; i++) {
        const char *s = c->arena + c->step_text[i];
        size_t n = strlen(s);
        c->steps[i].text = s;
        memcpy(c->text + used, s, n);
        used += n;
        c->text[used++] = '\n';
    }
    c->text[used] = '\0';
    return YB_OK;
}

static const char *trim_zeros(char *buf)
{
    char *dot = strchr(buf, '.');
    if (!dot)
        return buf;
    char *end = buf + strlen(buf) - 1;
    while (end > dot && *end == '0')
        *end-- = '\0';
    if (end == dot)
        *end = '\0';
    return buf;
}

const char *cap_yuan(int64_t fen, char *buf)
{
    yb_decimal_format(fen, YB_MONEY_DECIMALS, buf, 32);
    return buf;
}

const char *cap_ratio(int64_t r, char *buf)
{
    yb_decimal_format(r, YB_RATIO_DECIMALS, buf, 32);
    return trim_zeros(buf);
}

const char *cap_score(int64_t s, char *buf)
{
    yb_decimal_format(s, YB_SCORE_DECIMALS, buf, 32);
    return trim_zeros(buf);
}
