/* Condition notation → instructions (doc/packs-drg.md §Conditions).
 *
 *   expr    := and_e ('or' and_e)*
 *   and_e   := not_e ('and' not_e)*
 *   not_e   := 'not' not_e | '(' expr ')' | atom
 *   atom    := 'true' | 'false' | 'has_procedure' | 'has_principal_proc'
 *            | 'has_mcc' | 'has_cc'
 *            | POSITION 'in' LIST
 *            | FIELD CMP INTEGER
 *            | 'distinct_tags' '(' POSITION 'in' NAME ')' CMP INTEGER
 *   LIST    := NAME | NAME '[' STRING ']'          (a tag's sub-list)
 *
 * Code generation is direct (no tree): `and` / `or` become conditional
 * jumps over the rest of the chain, so evaluation short-circuits with a
 * single boolean accumulator. */
#include <stdio.h>
#include <string.h>

#include "drg_internal.h"

#define MAX_DEPTH 64
#define MAX_NAME 200

typedef struct parser {
    yb_ctx *ctx;
    yb_drg_scheme *s;
    drg_list_reg *reg;
    const char *text;
    size_t pos, len;
    const char *scope;
    const yb_errloc *loc;
    int depth;
    int g_cls;          /* guard of the last parsed operand: a list it needs, or -1 */
    uint32_t g_list;
} parser;

static const char *const class_names[CLS_COUNT] = {
    "principal_dx", "secondary_dx", "principal_proc", "secondary_proc", "any_dx", "any_proc",
};

static const struct { const char *name; int field; } field_names[] = {
    { "sex", F_SEX }, { "gender", F_SEX }, { "age_years", F_AGE_YEARS }, { "age_days", F_AGE_DAYS },
    { "birth_weight", F_BIRTH_WEIGHT }, { "birth_weight_g", F_BIRTH_WEIGHT }, { "los_days", F_LOS },
    { "los", F_LOS }, { "discharge_type", F_DISCHARGE }, { "discharge", F_DISCHARGE },
    { "vent_hours", F_VENT_HOURS }, { "icu_days", F_ICU_DAYS }, { "dx_count", F_DX_COUNT },
    { "proc_count", F_PROC_COUNT },
};

static const char *const cmp_names[] = { "==", "!=", "<", "<=", ">", ">=" };

const char *drg_class_name(int cls)
{
    return cls >= 0 && cls < CLS_COUNT ? class_names[cls] : "?";
}

const char *drg_field_name(int field)
{
    /* the first spelling of each field is its canonical name */
    for (size_t i = 0; i < sizeof field_names / sizeof field_names[0]; i++)
        if (field_names[i].field == field)
            return field_names[i].name;
    return "?";
}

const char *drg_cmp_name(int cmp)
{
    return cmp >= 0 && cmp <= CMP_GE ? cmp_names[cmp] : "?";
}

static int fail(parser *p, int status, const char *what)
{
    /* Show the condition with a marker at the position of the problem. */
    size_t at = p->pos < p->len ? p->pos : p->len;
    return yb_fail_at(p->ctx, status, p->loc, "%s at character %zu of the condition", what, at + 1);
}

static void skip_space(parser *p)
{
    while (p->pos < p->len && (p->text[p->pos] == ' ' || p->text[p->pos] == '\t' ||
                               p->text[p->pos] == '\n' || p->text[p->pos] == '\r'))
        p->pos++;
}

static int is_name_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '.';
}

/* Reads a name; *n = 0 when there is none. */
static const char *name(parser *p, size_t *n)
{
    skip_space(p);
    size_t b = p->pos;
    if (b < p->len && is_name_start(p->text[b])) {
        while (p->pos < p->len && is_name_char(p->text[p->pos]))
            p->pos++;
    }
    *n = p->pos - b;
    return p->text + b;
}

static int peek_word(parser *p, const char *w)
{
    skip_space(p);
    size_t n = strlen(w);
    return p->pos + n <= p->len && memcmp(p->text + p->pos, w, n) == 0 &&
           (p->pos + n == p->len || !is_name_char(p->text[p->pos + n]));
}

static int accept_word(parser *p, const char *w)
{
    if (!peek_word(p, w))
        return 0;
    p->pos += strlen(w);
    return 1;
}

static int accept_char(parser *p, char c)
{
    skip_space(p);
    if (p->pos < p->len && p->text[p->pos] == c) {
        p->pos++;
        return 1;
    }
    return 0;
}

static int emit(parser *p, int op, int a, int b, uint32_t arg, int32_t value, uint32_t *at)
{
    drg_instr in = { (uint8_t)op, (uint8_t)a, (uint8_t)b, 0, arg, value };
    if (p->s->code.n >= UINT32_MAX - 1)
        return yb_fail_at(p->ctx, YB_E_LIMIT, p->loc, "too many condition instructions");
    if (at)
        *at = (uint32_t)p->s->code.n;
    if (drg_vec_push(&p->s->mem, &p->s->code, &in))
        return yb_fail_nomem(p->ctx, "compiled conditions");
    return YB_OK;
}

static void patch(parser *p, uint32_t at, uint32_t target)
{
    DRG_VEC_AT(p->s->code, drg_instr, at).arg = target;
}

static int cmp_op(parser *p, int *cmp)
{
    skip_space(p);
    const char *t = p->text + p->pos;
    size_t left = p->len - p->pos;
    static const struct { const char *s; int c; } ops[] = {
        { "==", CMP_EQ }, { "!=", CMP_NE }, { "<=", CMP_LE }, { ">=", CMP_GE }, { "<", CMP_LT }, { ">", CMP_GT },
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t n = strlen(ops[i].s);
        if (left >= n && memcmp(t, ops[i].s, n) == 0) {
            p->pos += n;
            *cmp = ops[i].c;
            return YB_OK;
        }
    }
    return fail(p, YB_E_FORMAT, "expected a comparison (==, !=, <, <=, >, >=)");
}

static int integer(parser *p, int32_t *out)
{
    skip_space(p);
    size_t b = p->pos;
    int neg = 0;
    if (p->pos < p->len && p->text[p->pos] == '-') {
        neg = 1;
        p->pos++;
    }
    int64_t v = 0;
    size_t digits = 0;
    while (p->pos < p->len && p->text[p->pos] >= '0' && p->text[p->pos] <= '9') {
        v = v * 10 + (p->text[p->pos] - '0');
        p->pos++;
        if (++digits > 9) {
            p->pos = b;
            return fail(p, YB_E_FORMAT, "number too large");
        }
    }
    if (!digits) {
        p->pos = b;
        return fail(p, YB_E_FORMAT, "expected a whole number");
    }
    *out = (int32_t)(neg ? -v : v);
    return YB_OK;
}

static int position(parser *p, int *cls)
{
    for (int c = 0; c < CLS_COUNT; c++)
        if (accept_word(p, class_names[c])) {
            *cls = c;
            return 1;
        }
    return 0;
}

/* Resolves a list name: "<scope>.<name>" first, then "<name>". */
static int resolve_list(parser *p, const char *nm, size_t n, int is_proc, uint32_t *id)
{
    char buf[MAX_NAME + 2 * YB_DRG_CODE_MAX + 2];
    if (n > MAX_NAME)
        return fail(p, YB_E_LIMIT, "list name too long");
    if (p->scope && *p->scope) {
        int k = snprintf(buf, sizeof buf, "%s.%.*s", p->scope, (int)n, nm);
        if (k > 0 && (size_t)k < sizeof buf && drg_lists_find(p->reg, buf, (size_t)k, is_proc, id) == YB_OK)
            return YB_OK;
    }
    if (drg_lists_find(p->reg, nm, n, is_proc, id) == YB_OK)
        return YB_OK;
    yb_errloc loc = *p->loc;
    loc.value = nm;
    loc.value_len = n;
    if (p->scope && *p->scope)
        return yb_fail_at(p->ctx, YB_E_NOT_FOUND, &loc, "no %s list named '%.*s' or '%s.%.*s'",
                          is_proc ? "procedure" : "diagnosis", (int)n, nm, p->scope, (int)n, nm);
    return yb_fail_at(p->ctx, YB_E_NOT_FOUND, &loc, "no %s list named '%.*s'",
                      is_proc ? "procedure" : "diagnosis", (int)n, nm);
}

static int list_ref(parser *p, int cls, int allow_tag, uint32_t *id)
{
    size_t n;
    const char *nm = name(p, &n);
    if (!n)
        return fail(p, YB_E_FORMAT, "expected a list name after 'in'");
    int is_proc = drg_cls_is_proc(cls);
    int rc = resolve_list(p, nm, n, is_proc, id);
    if (rc)
        return rc;
    if (!accept_char(p, '['))
        return YB_OK;
    if (!allow_tag)
        return fail(p, YB_E_FORMAT, "a tag selection is not allowed here");
    skip_space(p);
    char q = p->pos < p->len ? p->text[p->pos] : '\0';
    if (q != '\'' && q != '"')
        return fail(p, YB_E_FORMAT, "expected a quoted tag after '['");
    size_t b = ++p->pos;
    while (p->pos < p->len && p->text[p->pos] != q)
        p->pos++;
    if (p->pos >= p->len)
        return fail(p, YB_E_FORMAT, "unterminated tag");
    size_t e = p->pos++;
    if (!accept_char(p, ']'))
        return fail(p, YB_E_FORMAT, "expected ']'");
    rc = drg_lists_sub(p->ctx, p->reg, *id, p->text + b, e - b, id);
    if (rc == YB_E_NOT_FOUND) {
        yb_errloc loc = *p->loc;
        loc.value = p->text + b;
        loc.value_len = e - b;
        return yb_fail_at(p->ctx, YB_E_NOT_FOUND, &loc, "no code of list '%.*s' has the tag '%.*s'",
                          (int)n, nm, (int)(e - b), p->text + b);
    }
    return rc;
}

static int parse_or(parser *p);

static int atom(parser *p)
{
    p->g_cls = -1;
    static const struct { const char *w; int op; } words[] = {
        { "true", OP_TRUE }, { "false", OP_FALSE }, { "has_procedure", OP_HAS_PROC },
        { "has_principal_proc", OP_HAS_PPROC }, { "has_mcc", OP_HAS_MCC }, { "has_cc", OP_HAS_CC },
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (accept_word(p, words[i].w))
            return emit(p, words[i].op, 0, 0, 0, 0, NULL);
    int cls, rc;
    if (accept_word(p, "distinct_tags")) {
        if (!accept_char(p, '('))
            return fail(p, YB_E_FORMAT, "expected '(' after distinct_tags");
        if (!position(p, &cls))
            return fail(p, YB_E_FORMAT, "expected a position such as any_dx");
        if (!accept_word(p, "in"))
            return fail(p, YB_E_FORMAT, "expected 'in'");
        uint32_t list;
        if ((rc = list_ref(p, cls, 0, &list)))
            return rc;
        if (!drg_lists_has_tags(p->reg, list))
            return fail(p, YB_E_FORMAT, "distinct_tags() of a list without tags");
        if (!accept_char(p, ')'))
            return fail(p, YB_E_FORMAT, "expected ')'");
        int cmp;
        int32_t v;
        if ((rc = cmp_op(p, &cmp)) || (rc = integer(p, &v)))
            return rc;
        p->s->uses_tags = 1;
        return emit(p, OP_TAGS, cls, cmp, list, v, NULL);
    }
    if (position(p, &cls)) {
        if (!accept_word(p, "in"))
            return fail(p, YB_E_FORMAT, "expected 'in' after a position");
        uint32_t list;
        if ((rc = list_ref(p, cls, 1, &list)))
            return rc;
        p->g_cls = cls;
        p->g_list = list;
        return emit(p, OP_LIST, cls, 0, list, 0, NULL);
    }
    for (size_t i = 0; i < sizeof field_names / sizeof field_names[0]; i++) {
        if (accept_word(p, field_names[i].name)) {
            int cmp;
            int32_t v;
            if ((rc = cmp_op(p, &cmp)) || (rc = integer(p, &v)))
                return rc;
            return emit(p, OP_CMP, field_names[i].field, cmp, 0, v, NULL);
        }
    }
    return fail(p, YB_E_FORMAT, p->pos >= p->len ? "condition ends too early" : "unknown test");
}

static int parse_not(parser *p)
{
    if (++p->depth > MAX_DEPTH)
        return fail(p, YB_E_LIMIT, "condition nested too deeply");
    int rc;
    if (accept_word(p, "not")) {
        if (!(rc = parse_not(p)))
            rc = emit(p, OP_NOT, 0, 0, 0, 0, NULL);
        p->g_cls = -1;
    } else if (accept_char(p, '(')) {
        if (!(rc = parse_or(p)) && !accept_char(p, ')'))
            rc = fail(p, YB_E_FORMAT, "expected ')'");
    } else {
        rc = atom(p);
    }
    p->depth--;
    return rc;
}

/* A chain of `word`-joined operands; each but the last is followed by a jump
 * (op) to the end of the chain, patched once the end is known. */
static int chain(parser *p, const char *word, int op, int (*operand)(parser *))
{
    uint32_t jumps[256];
    size_t nj = 0;
    int rc = operand(p);
    int g_cls = p->g_cls;
    uint32_t g_list = p->g_list;
    while (!rc && accept_word(p, word)) {
        if (nj == sizeof jumps / sizeof jumps[0])
            return fail(p, YB_E_LIMIT, "too many terms in one chain");
        if ((rc = emit(p, op, 0, 0, 0, 0, &jumps[nj])))
            return rc;
        nj++;
        rc = operand(p);
        if (g_cls < 0 && op == OP_JF) { /* and: any operand's guard guards the chain */
            g_cls = p->g_cls;
            g_list = p->g_list;
        }
    }
    for (size_t i = 0; !rc && i < nj; i++)
        patch(p, jumps[i], (uint32_t)p->s->code.n);
    if (nj && op == OP_JT)
        g_cls = -1; /* or: no single list is needed */
    p->g_cls = g_cls;
    p->g_list = g_list;
    return rc;
}

static int parse_and(parser *p)
{
    return chain(p, "and", OP_JF, parse_not);
}

static int parse_or(parser *p)
{
    return chain(p, "or", OP_JT, parse_and);
}

int drg_cond_compile(yb_ctx *ctx, yb_drg_scheme *s, drg_list_reg *lists, const char *text,
                     const char *scope, const yb_errloc *loc, drg_prog *out)
{
    parser p = { ctx, s, lists, text, 0, strlen(text), scope, loc, 0, -1, 0 };
    uint32_t start = (uint32_t)s->code.n;
    skip_space(&p);
    if (p.pos == p.len)
        return yb_fail_at(ctx, YB_E_FORMAT, loc, "empty condition (write 'true' for always)");
    int rc = parse_or(&p);
    if (!rc) {
        skip_space(&p);
        if (p.pos != p.len)
            rc = fail(&p, YB_E_FORMAT, "unexpected text after the condition");
    }
    if (rc) {
        s->code.n = start;
        return rc;
    }
    uint32_t text_off;
    if (drg_pool_add(&s->mem, &s->pool, text, p.len, &text_off))
        return yb_fail_nomem(ctx, "condition text");
    out->off = start;
    out->len = (uint32_t)s->code.n - start;
    out->text = text_off;
    out->guard_cls = p.g_cls < 0 ? DRG_NO_GUARD : (uint8_t)p.g_cls;
    out->guard_list = p.g_list;
    return YB_OK;
}
