/* `yibao benefit`: settles a CSV of claim lines against a benefit policy and
 * writes one settlement row per claim (columns in doc/benefit.md, "Command
 * line"). Claims are processed in file order through the single-claim API,
 * so every failing claim gets its own message. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_ids.h"
#include "core/csv.h"
#include "core/date.h"

enum { C_CLAIM, C_MEMBER, C_DATE, C_INSURED, C_LEVEL, C_PLACE, C_VISIT, C_CATEGORY, C_CIVIL, C_ACCOUNT, C_PAYER,
       C_ITEM, C_CLASS, C_QTY, C_PRICE, C_AMOUNT, C_ACTION, C_N };
static const char *const col_names[C_N] = { "claim_id", "member_id", "date", "insured", "level", "place",
                                            "visit", "category", "civil_servant", "use_account", "family_payer",
                                            "item_code", "class", "quantity", "price", "amount", "action" };
static const int col_required[C_N] = { 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 0 };
/* Columns that must agree on every line of a claim. */
static const int claim_cols[] = { C_MEMBER, C_DATE, C_INSURED, C_LEVEL, C_PLACE, C_VISIT, C_CATEGORY, C_CIVIL,
                                  C_ACCOUNT, C_PAYER };

enum { ACT_SETTLE, ACT_PRE, ACT_REVERSE };
static const char *const act_names[] = { "settle", "pre", "reverse" };

typedef struct run {
    yb_ctx *ctx;
    yb_benefit_policy *pol;
    yb_benefit_ledger *led;
    cli_ids members, claims;
    FILE *out, *explain;
    int default_action;
    long ok, failed;
} run;

/* The claim being gathered from consecutive lines. */
typedef struct pending {
    int active, action, status;
    char message[1024];
    char first[C_N][64];  /* claim-level fields of the first line */
    uint64_t first_line;
    yb_benefit_claim c;
    char *codes;
    size_t codes_len, codes_cap;
    int64_t *offsets, *qty, *price, *amount;
    int8_t *cls;
    size_t nlines, cap;
} pending;

static int grow_lines(pending *p)
{
    if (p->nlines + 1 < p->cap)
        return 0;
    size_t cap = p->cap ? p->cap * 2 : 64;
    int64_t *o = realloc(p->offsets, (cap + 1) * sizeof *o), *q = realloc(p->qty, cap * sizeof *q);
    if (o)
        p->offsets = o;
    if (q)
        p->qty = q;
    int64_t *pr = realloc(p->price, cap * sizeof *pr);
    if (pr)
        p->price = pr;
    int64_t *a = realloc(p->amount, cap * sizeof *a);
    if (a)
        p->amount = a;
    int8_t *c = realloc(p->cls, cap);
    if (c)
        p->cls = c;
    if (!o || !q || !pr || !a || !c)
        return -1;
    p->cap = cap;
    return 0;
}

static const char *field(yb_csv *r, const long *col, int c, size_t *len)
{
    if (col[c] < 0) {
        *len = 0;
        return "";
    }
    return yb_csv_field(r, (size_t)col[c], len);
}

static void fail_claim(pending *p, yb_ctx *ctx)
{
    if (p->status == 0) {
        p->status = yb_ctx_errcode(ctx) ? yb_ctx_errcode(ctx) : YB_E_FORMAT;
        snprintf(p->message, sizeof p->message, "%s", yb_ctx_errmsg(ctx));
    }
}

static int parse_word(const char *s, size_t n, const char *const *words, int nwords, int def)
{
    if (!n)
        return def;
    for (int i = 0; i < nwords; i++)
        if (strlen(words[i]) == n && memcmp(s, words[i], n) == 0)
            return i;
    if (n == 1 && s[0] >= '1' && s[0] < '1' + nwords)
        return s[0] - '1';
    return -1;
}

/* Reads the claim-level fields of the first line into p->c. */
static int read_claim_fields(run *R, yb_csv *r, const long *col, pending *p)
{
    static const char *const insured[] = { "employee", "retired", "resident" };
    static const char *const places[] = { "local", "out_of_area", "referred" };
    static const char *const visits[] = { "inpatient", "outpatient" };
    yb_ctx *ctx = R->ctx;
    size_t n;
    const char *s = field(r, col, C_MEMBER, &n);
    if (!n || cli_ids_get(&R->members, s, n, &p->c.member_id))
        return yb_csv_field_fail(r, ctx, (size_t)col[C_MEMBER], YB_E_FORMAT, "expected a member id");
    if (yb_csv_get_date(r, ctx, (size_t)col[C_DATE], &p->c.date))
        return YB_E_FORMAT;
    int v;
    s = field(r, col, C_INSURED, &n);
    if ((v = parse_word(s, n, insured, 3, -1)) < 0)
        return yb_csv_field_fail(r, ctx, (size_t)col[C_INSURED], YB_E_FORMAT,
                                 "expected employee, retired or resident");
    p->c.insured = (int8_t)(v + 1);
    int64_t x;
    if (yb_csv_get_i64(r, ctx, (size_t)col[C_LEVEL], 1, 3, &x))
        return YB_E_FORMAT;
    p->c.level = (int8_t)x;
    s = field(r, col, C_PLACE, &n);
    if ((v = parse_word(s, n, places, 3, 0)) < 0)
        return yb_csv_field_fail(r, ctx, (size_t)col[C_PLACE], YB_E_FORMAT, "expected local, out_of_area or referred");
    p->c.place = (int8_t)(v + 1);
    s = field(r, col, C_VISIT, &n);
    if ((v = parse_word(s, n, visits, 2, 0)) < 0)
        return yb_csv_field_fail(r, ctx, (size_t)col[C_VISIT], YB_E_FORMAT, "expected inpatient or outpatient");
    p->c.visit = (int8_t)(v + 1);
    int present;
    x = 0;
    if (col[C_CATEGORY] >= 0 && yb_csv_get_i64_opt(r, ctx, (size_t)col[C_CATEGORY], 0, 63, &x, &present))
        return YB_E_FORMAT;
    p->c.category = (int8_t)x;
    x = 0;
    if (col[C_CIVIL] >= 0 && yb_csv_get_i64_opt(r, ctx, (size_t)col[C_CIVIL], 0, 1, &x, &present))
        return YB_E_FORMAT;
    p->c.civil_servant = (int8_t)x;
    x = 1;
    if (col[C_ACCOUNT] >= 0 && yb_csv_get_i64_opt(r, ctx, (size_t)col[C_ACCOUNT], 0, 1, &x, &present))
        return YB_E_FORMAT;
    p->c.use_account = (int8_t)x;
    s = field(r, col, C_PAYER, &n);
    p->c.family_payer = 0;
    if (n && cli_ids_get(&R->members, s, n, &p->c.family_payer))
        return yb_csv_field_fail(r, ctx, (size_t)col[C_PAYER], YB_E_FORMAT, "expected a member id");
    return YB_OK;
}

static int read_line_fields(run *R, yb_csv *r, const long *col, pending *p)
{
    yb_ctx *ctx = R->ctx;
    size_t n, k = p->nlines;
    const char *s = field(r, col, C_ITEM, &n);
    if (!n)
        return yb_csv_field_fail(r, ctx, (size_t)col[C_ITEM], YB_E_FORMAT, "missing item code");
    if (p->codes_len + n > p->codes_cap) {
        size_t cap = (p->codes_len + n) * 2 + 256;
        char *c = realloc(p->codes, cap);
        if (!c)
            return yb_csv_field_fail(r, ctx, (size_t)col[C_ITEM], YB_E_NOMEM, "out of memory");
        p->codes = c;
        p->codes_cap = cap;
    }
    memcpy(p->codes + p->codes_len, s, n);
    p->offsets[k] = (int64_t)p->codes_len;
    p->codes_len += n;
    p->offsets[k + 1] = (int64_t)p->codes_len;
    s = field(r, col, C_CLASS, &n);
    static const char *const classes[] = { "A", "B", "C" };
    int v = parse_word(s, n, classes, 3, -2);
    if (v == -1)
        return yb_csv_field_fail(r, ctx, (size_t)col[C_CLASS], YB_E_FORMAT, "expected A, B, C or empty");
    p->cls[k] = (int8_t)(v + 1 > 0 ? v + 1 : 0);
    if (yb_csv_get_decimal(r, ctx, (size_t)col[C_QTY], YB_BENEFIT_QTY_DECIMALS, &p->qty[k]) ||
        yb_csv_get_decimal(r, ctx, (size_t)col[C_PRICE], YB_BENEFIT_PRICE_DECIMALS, &p->price[k]) ||
        yb_csv_get_decimal(r, ctx, (size_t)col[C_AMOUNT], 2, &p->amount[k]))
        return YB_E_FORMAT;
    p->nlines++;
    return YB_OK;
}

static void money(FILE *f, int64_t v)
{
    char b[40];
    yb_decimal_format(v, 2, b, sizeof b);
    fprintf(f, ",%s", b);
}

/* The library names claims by number; the file's readers know the text id. */
static void message_text(const char *msg, const char *claim, char *out, size_t cap)
{
    const char *rest = msg;
    if (strncmp(msg, "claim ", 6) == 0) {
        rest = msg + 6;
        while (*rest >= '0' && *rest <= '9')
            rest++;
        snprintf(out, cap, "claim %s%s", claim, rest);
        return;
    }
    snprintf(out, cap, "%s", msg);
}

static void write_row(run *R, const char *claim, const char *action, int status, const yb_benefit_settlement *s,
                      int sign, const char *message, const pending *p)
{
    FILE *f = R->out;
    const char *member = s ? cli_ids_text(&R->members, s->member_id) : p ? p->first[C_MEMBER] : "";
    cli_csv_field(f, claim); /* ids and dates are the input's text: quoted when they need it */
    fputc(',', f);
    cli_csv_field(f, member ? member : "");
    fputc(',', f);
    if (s && s->date)
        fprintf(f, "%04d-%02d-%02d", s->date / 10000, s->date / 100 % 100, s->date % 100);
    else if (p)
        cli_csv_field(f, p->first[C_DATE]);
    fprintf(f, ",%s,%s", action, status ? yb_status_name(status) : "OK");
    if (s) {
        const int64_t v[] = { s->total, s->full_self_pay, s->over_limit, s->b_first_pay, s->in_scope,
                              s->deductible, s->pooled, s->critical_illness, s->other_funds, s->assistance,
                              s->fund_total, s->personal, s->account_pay, s->family_aid, s->cash_pay };
        for (size_t i = 0; i < sizeof v / sizeof *v; i++)
            money(f, sign * v[i]);
        fprintf(f, ",%d,", s->admission);
    } else {
        fprintf(f, ",,,,,,,,,,,,,,,,,");
    }
    char text[1200];
    message_text(message ? message : "", claim, text, sizeof text);
    cli_csv_quoted(f, text, 1);
    fputc('\n', f);
}

static void explain(run *R, const char *claim, const yb_benefit_step *steps, size_t n)
{
    if (!R->explain)
        return;
    char text[8192];
    yb_benefit_explain(steps, n < YB_BENEFIT_MAX_STEPS ? n : YB_BENEFIT_MAX_STEPS, text, sizeof text);
    fprintf(R->explain, "claim %s\n%s\n", claim, text);
}

static void do_reverse(run *R, const char *claim_text)
{
    uint64_t id = 0;
    yb_benefit_settlement s = { .size = sizeof s };
    int64_t rc = cli_ids_get(&R->claims, claim_text, strlen(claim_text), &id);
    if (rc == 0)
        rc = yb_benefit_reverse(R->ctx, R->pol, R->led, id, &s);
    if (rc < 0) {
        write_row(R, claim_text, "reverse", (int)rc, NULL, 1, yb_ctx_errmsg(R->ctx), NULL);
        R->failed++;
        return;
    }
    R->ok++;
    write_row(R, claim_text, "reverse", 0, &s, -1, NULL, NULL);
    for (uint64_t i = 0; i < yb_benefit_ledger_replay_count(R->led); i++) {
        yb_benefit_settlement b = { .size = sizeof b }, a = { .size = sizeof a };
        yb_benefit_ledger_replay_get(R->led, i, &b, &a);
        const char *t = cli_ids_text(&R->claims, b.claim_id);
        write_row(R, t ? t : "?", "replay-reverse", 0, &b, -1, NULL, NULL);
        write_row(R, t ? t : "?", "replay-settle", 0, &a, 1, NULL, NULL);
    }
}

static void finish(run *R, pending *p)
{
    if (!p->active)
        return;
    p->active = 0;
    const char *claim = p->first[C_CLAIM];
    if (p->action == ACT_REVERSE) {
        if (p->status) {
            write_row(R, claim, "reverse", p->status, NULL, 1, p->message, p);
            R->failed++;
        } else {
            do_reverse(R, claim);
        }
        return;
    }
    const char *act = act_names[p->action];
    if (p->status) {
        write_row(R, claim, act, p->status, NULL, 1, p->message, p);
        R->failed++;
        return;
    }
    p->c.size = sizeof p->c;
    p->c.nlines = p->nlines;
    p->c.item_data = p->codes ? p->codes : "";
    p->c.item_offsets = p->offsets;
    p->c.item_class = p->cls;
    p->c.quantity = p->qty;
    p->c.price = p->price;
    p->c.amount = p->amount;
    yb_benefit_settlement s = { .size = sizeof s };
    yb_benefit_step steps[YB_BENEFIT_MAX_STEPS];
    size_t n = 0;
    int rc = yb_benefit_settle_one(R->ctx, R->pol, R->led, &p->c,
                                   p->action == ACT_PRE ? YB_SETTLE_PRE : YB_SETTLE_FINAL, &s, NULL, steps,
                                   YB_BENEFIT_MAX_STEPS, &n);
    if (rc) {
        write_row(R, claim, act, rc, NULL, 1, yb_ctx_errmsg(R->ctx), p);
        R->failed++;
        return;
    }
    R->ok++;
    write_row(R, claim, act, 0, &s, 1, NULL, NULL);
    explain(R, claim, steps, n);
}

/* Opens an empty claim at the current line (settle when the action is unreadable). */
static void open_claim(pending *p, yb_csv *r, int action)
{
    p->active = 1;
    p->action = action < 0 ? ACT_SETTLE : action;
    p->status = 0;
    p->message[0] = '\0';
    p->nlines = 0;
    p->codes_len = 0;
    memset(&p->c, 0, sizeof p->c);
    p->first_line = yb_csv_line(r);
}

/* Starts a claim at the current line, or adds the line to the open one. */
static void take_line(run *R, yb_csv *r, const long *col, pending *p)
{
    size_t n, idn;
    const char *id = field(r, col, C_CLAIM, &idn);
    const char *a = field(r, col, C_ACTION, &n);
    int action = parse_word(a, n, act_names, 3, R->default_action);
    char idbuf[64];
    snprintf(idbuf, sizeof idbuf, "%.*s", (int)(idn < 63 ? idn : 63), id);
    int same = p->active && action != ACT_REVERSE && p->action == action && strcmp(idbuf, p->first[C_CLAIM]) == 0;
    if (!same) {
        finish(R, p);
        open_claim(p, r, action);
        for (int c = 0; c < C_N; c++) {
            const char *s = field(r, col, c, &n);
            snprintf(p->first[c], sizeof p->first[c], "%.*s", (int)(n < 63 ? n : 63), s);
        }
        if (action < 0) {
            yb_csv_field_fail(r, R->ctx, (size_t)col[C_ACTION], YB_E_FORMAT, "expected settle, pre or reverse");
            fail_claim(p, R->ctx);
            return;
        }
        if (!idbuf[0] || idn > 63 || cli_ids_get(&R->claims, idbuf, strlen(idbuf), &p->c.claim_id)) {
            yb_csv_field_fail(r, R->ctx, (size_t)col[C_CLAIM], YB_E_FORMAT, "expected a claim id of 1 … 63 bytes");
            fail_claim(p, R->ctx);
            return;
        }
        if (action == ACT_REVERSE)
            return;
        if (read_claim_fields(R, r, col, p))
            fail_claim(p, R->ctx);
    } else if (!p->status) {
        for (size_t k = 0; k < sizeof claim_cols / sizeof *claim_cols; k++) {
            const char *s = field(r, col, claim_cols[k], &n);
            if (strlen(p->first[claim_cols[k]]) != n || memcmp(p->first[claim_cols[k]], s, n) != 0) {
                yb_csv_field_fail(r, R->ctx, (size_t)col[claim_cols[k]], YB_E_FORMAT,
                                  "differs from the claim's first line (line %llu)",
                                  (unsigned long long)p->first_line);
                fail_claim(p, R->ctx);
                return;
            }
        }
    }
    if (p->status)
        return;
    if (grow_lines(p)) {
        yb_csv_field_fail(r, R->ctx, (size_t)col[C_ITEM], YB_E_NOMEM, "out of memory");
        fail_claim(p, R->ctx);
        return;
    }
    if (read_line_fields(R, r, col, p))
        fail_claim(p, R->ctx);
}

/* The claim id of a line the reader refused, when it is there and plain printable ASCII (the line may hold
 * bytes that are not UTF-8); "" otherwise. */
static void row_claim_id(yb_csv *r, const long *col, char *out, size_t cap)
{
    size_t n;
    const char *s = field(r, col, C_CLAIM, &n);
    out[0] = '\0';
    if (n == 0 || n >= cap)
        return;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return;
    memcpy(out, s, n);
    out[n] = '\0';
}

/* Opens a claim that has already failed (its line was refused by the reader): only its id is kept. */
static void start_failed(pending *p, yb_csv *r, const long *col, const char *id, run *R)
{
    size_t n;
    const char *a = field(r, col, C_ACTION, &n);
    open_claim(p, r, parse_word(a, n, act_names, 3, R->default_action));
    for (int c = 0; c < C_N; c++)
        p->first[c][0] = '\0';
    snprintf(p->first[C_CLAIM], sizeof p->first[C_CLAIM], "%s", id);
    fail_claim(p, R->ctx);
}

static int read_claims(run *R, const char *path)
{
    yb_csv *r;
    int rc = yb_csv_open_file(R->ctx, path, &r);
    if (rc)
        return cli_fail(R->ctx, rc, path);
    long col[C_N];
    if ((rc = yb_csv_map_cols(r, R->ctx, col_names, col_required, C_N, col))) {
        yb_csv_close(r);
        return cli_fail(R->ctx, rc, path);
    }
    fprintf(R->out, "claim_id,member_id,date,action,status,total,full_self_pay,over_limit,b_first_pay,in_scope,"
                    "deductible,pooled,critical_illness,other_funds,assistance,fund_total,personal,account_pay,"
                    "family_aid,cash_pay,admission,message\n");
    pending p = { 0 };
    while ((rc = yb_csv_next(r, R->ctx)) != 0) {
        if (rc < 0) {
            if (yb_csv_failed(r))
                break;
            /* A line the reader refused (field count, encoding). When its claim id is readable and is the
             * open claim's, the whole claim fails with this message: settling the claim without the line
             * would pay a bill that is not the one billed. Otherwise the line is a failed row of its own. */
            char id[64];
            row_claim_id(r, col, id, sizeof id);
            if (p.active && id[0] && strcmp(id, p.first[C_CLAIM]) == 0) {
                fail_claim(&p, R->ctx);
                continue;
            }
            finish(R, &p);
            if (id[0]) { /* the claim starts failed: its later lines join it and are not settled alone */
                start_failed(&p, r, col, id, R);
                continue;
            }
            write_row(R, id, "settle", yb_ctx_errcode(R->ctx), NULL, 1, yb_ctx_errmsg(R->ctx), NULL);
            R->failed++;
            continue;
        }
        take_line(R, r, col, &p);
    }
    finish(R, &p);
    int fatal = rc < 0;
    if (fatal)
        cli_fail(R->ctx, rc, path);
    yb_csv_close(r);
    free(p.codes);
    free(p.offsets);
    free(p.qty);
    free(p.price);
    free(p.amount);
    free(p.cls);
    return fatal;
}

static int read_accounts(run *R, const char *path)
{
    yb_csv *r;
    int rc = yb_csv_open_file(R->ctx, path, &r);
    static const char *const names[] = { "member_id", "balance" };
    long col[2];
    if (rc || (rc = yb_csv_map_cols(r, R->ctx, names, NULL, 2, col))) {
        yb_csv_close(r);
        return cli_fail(R->ctx, rc, path);
    }
    while ((rc = yb_csv_next(r, R->ctx)) == 1) {
        size_t n;
        const char *s = yb_csv_field(r, (size_t)col[0], &n);
        uint64_t id;
        int64_t fen;
        if (!n || cli_ids_get(&R->members, s, n, &id) ||
            (rc = yb_csv_get_decimal(r, R->ctx, (size_t)col[1], 2, &fen)) ||
            (rc = yb_benefit_ledger_account_credit(R->ctx, R->led, id, fen)))
            break;
    }
    yb_csv_close(r);
    return rc < 0 ? cli_fail(R->ctx, rc, path) : 0;
}

static int load_ledger(run *R, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "yibao: cannot open %s\n", path);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(len > 0 ? (size_t)len : 1);
    int rc = buf && fread(buf, 1, (size_t)len, f) == (size_t)len ? 0 : YB_E_IO;
    fclose(f);
    yb_benefit_ledger *l = NULL;
    if (!rc)
        rc = yb_benefit_ledger_load(R->ctx, buf, (size_t)len, &l);
    free(buf);
    if (rc)
        return cli_fail(R->ctx, rc, path);
    yb_benefit_ledger_free(R->led);
    R->led = l;
    return 0;
}

static int save_ledger(run *R, const char *path)
{
    size_t len;
    int rc = yb_benefit_ledger_save(R->ctx, R->led, NULL, 0, &len);
    uint8_t *buf = rc ? NULL : malloc(len);
    if (!rc && !buf)
        rc = YB_E_NOMEM;
    if (!rc)
        rc = yb_benefit_ledger_save(R->ctx, R->led, buf, len, &len);
    FILE *f = rc ? NULL : fopen(path, "wb");
    if (!rc && (!f || fwrite(buf, 1, len, f) != len))
        rc = YB_E_IO;
    if (f && fclose(f))
        rc = YB_E_IO;
    free(buf);
    return rc ? cli_fail(R->ctx, rc, path) : 0;
}

int cmd_benefit(int argc, char **argv)
{
    static const char usage[] =
        "yibao benefit --policy PACK --claims CLAIMS.csv --output SETTLEMENTS.csv\n"
        "       [--mode settle|pre] [--accounts ACCOUNTS.csv] [--ledger-in FILE] [--ledger-out FILE]\n"
        "       [--explain FILE]   (columns: doc/benefit.md, \"Command line\")";
    const char *policy = NULL, *claims = NULL, *output = NULL, *accounts = NULL, *lin = NULL, *lout = NULL,
               *expl = NULL, *mode = "settle";
    const cli_opt opts[] = { { "--policy", &policy, NULL }, { "--claims", &claims, NULL },
                             { "--output", &output, NULL }, { "--accounts", &accounts, NULL },
                             { "--ledger-in", &lin, NULL }, { "--ledger-out", &lout, NULL },
                             { "--explain", &expl, NULL }, { "--mode", &mode, NULL } };
    if (cli_parse_options(argc, argv, opts, CLI_COUNT(opts)) || !policy || !claims || !output ||
        (strcmp(mode, "settle") != 0 && strcmp(mode, "pre") != 0))
        return cli_usage(usage);
    run R = { .default_action = strcmp(mode, "pre") == 0 ? ACT_PRE : ACT_SETTLE };
    int status = 1;
    if (!(R.ctx = cli_ctx()))
        return 1;
    int rc = yb_benefit_policy_load(R.ctx, policy, &R.pol);
    if (rc) {
        cli_fail(R.ctx, rc, policy);
        goto done;
    }
    if ((rc = yb_benefit_ledger_new(R.ctx, &R.led))) {
        cli_fail(R.ctx, rc, "ledger");
        goto done;
    }
    if ((lin && load_ledger(&R, lin)) || (accounts && read_accounts(&R, accounts)))
        goto done;
    if (!(R.out = cli_open_out(output)) || (expl && !(R.explain = cli_open_out(expl))))
        goto done;
    if (read_claims(&R, claims) || (lout && save_ledger(&R, lout)))
        goto done;
    fprintf(stderr, "yibao benefit: %ld claims done, %ld failed (see the status column of %s)\n", R.ok, R.failed,
            output);
    status = 0;
done:
    if (cli_close_out(R.out, output) + cli_close_out(R.explain, expl)) /* both closed, either may fail */
        status = 1;
    cli_ids_free(&R.members);
    cli_ids_free(&R.claims);
    yb_benefit_ledger_free(R.led);
    yb_benefit_policy_free(R.pol);
    yb_ctx_free(R.ctx);
    return status;
}
