/* `yibao capitation`: clears a capitation plan against a ledger.
 *
 *   yibao capitation --plan PACK --ledger ledger.csv --output clearing.csv
 *                    [--through-month M] [--score S | --scores scores.csv]
 *                    [--payments payments.csv] [--keep-going]
 *
 * ledger.csv columns (header required; doc/capitation.md "Ledger CSV"):
 *   entry_id   unique id of the entry (required)
 *   kind       spend_alliance | spend_other_county | spend_out_of_province |
 *              advance | reversal | contribution | visits | adjusted
 *   month      1 … 12 (empty for reversals)
 *   pot        pot code (spending; empty when the plan has one pot)
 *   facility   facility code (openIMIS visits and adjusted amounts)
 *   amount     yuan with at most 2 decimals (spending, advances, contributions, adjusted)
 *   quantity   whole number (visits)
 *   reverses   for a reversal: the entry_id it reverses
 * Only entry_id and kind are required columns.
 *
 * scores.csv: item,score — one row per assessment item of the plan.
 * The output is one row per explained step; the totals go to standard output. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/csv.h"

#define CHUNK 65536

typedef struct chunk {
    size_t n;
    char *ids, *pots, *facs, *revs;            /* string arenas */
    size_t ids_len, pots_len, facs_len, revs_len, cap_bytes;
    int64_t id_off[CHUNK + 1], pot_off[CHUNK + 1], fac_off[CHUNK + 1], rev_off[CHUNK + 1];
    int32_t kind[CHUNK], month[CHUNK], status[CHUNK];
    int64_t amount[CHUNK], quantity[CHUNK];
    uint64_t line[CHUNK];
} chunk;

static int append(char **arena, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n > *cap || !*arena) {
        size_t nc = *cap ? *cap * 2 : 1 << 20;
        while (nc < *len + n)
            nc *= 2;
        char *na = realloc(*arena, nc);
        if (!na)
            return 1;
        *arena = na;
        *cap = nc;
    }
    memcpy(*arena + *len, s, n);
    *len += n;
    return 0;
}

/* Adds the chunk's rows and reports bad ones; returns the number of bad rows or -1. */
static long flush(yb_ctx *ctx, yb_cap_ledger *l, chunk *c, const char *path)
{
    yb_cap_entry_columns in = {
        .size = sizeof in, .n = c->n, .entry_id_data = c->ids, .entry_id_offsets = c->id_off, .kind = c->kind,
        .month = c->month, .pot_data = c->pots, .pot_offsets = c->pot_off, .facility_data = c->facs,
        .facility_offsets = c->fac_off, .amount = c->amount, .quantity = c->quantity, .reverses_data = c->revs,
        .reverses_offsets = c->rev_off,
    };
    int rc = yb_cap_ledger_add_batch(ctx, l, &in, c->status);
    if (rc < 0)
        return cli_fail(ctx, rc, path), -1;
    for (size_t i = 0; rc > 0 && i < c->n; i++)
        if (c->status[i])
            cli_row_error(path, c->line[i], "entry", c->ids + c->id_off[i], (size_t)(c->id_off[i + 1] - c->id_off[i]),
                          c->status[i]);
    c->n = 0;
    c->ids_len = c->pots_len = c->facs_len = c->revs_len = 0;
    return rc;
}

static const char *const ledger_cols[] = { "entry_id", "kind", "month", "pot", "facility", "amount", "quantity",
                                           "reverses" };
static const int ledger_req[] = { 1, 1, 0, 0, 0, 0, 0, 0 };

/* Reads ledger.csv into the ledger. Returns bad rows (≥ 0) or -1 on a fatal error. */
static long read_ledger(yb_ctx *ctx, yb_cap_ledger *l, const char *path)
{
    yb_csv *r = NULL;
    long col[8], bad = 0;
    int rc = yb_csv_open_file(ctx, path, &r);
    if (!rc)
        rc = yb_csv_map_cols(r, ctx, ledger_cols, ledger_req, 8, col);
    if (rc) {
        yb_csv_close(r);
        return cli_fail(ctx, rc, path), -1;
    }
    static chunk c;
    size_t acap[4] = { 0 };
    char *arena[4] = { NULL };
    while ((rc = yb_csv_next(r, ctx)) != 0) {
        if (rc < 0) {
            fprintf(stderr, "yibao: %s\n", yb_ctx_errmsg(ctx));
            bad++;
            if (yb_csv_failed(r))
                break;
            continue;
        }
        size_t i = c.n, len;
        const char *kind = yb_csv_field(r, (size_t)col[1], &len);
        int present;
        int64_t v;
        c.line[i] = yb_csv_line(r);
        c.amount[i] = -1;
        c.quantity[i] = -1;
        c.month[i] = 0;
        int fail = 0;
        if (yb_cap_entry_kind_parse(kind, len, &c.kind[i]))
            fail = yb_csv_field_fail(r, ctx, (size_t)col[1], YB_E_FORMAT, "unknown entry kind");
        if (!fail && col[2] >= 0 && !(fail = yb_csv_get_i64_opt(r, ctx, (size_t)col[2], 1, 12, &v, &present)) &&
            present)
            c.month[i] = (int32_t)v;
        if (!fail && col[5] >= 0 &&
            !(fail = yb_csv_get_decimal_opt(r, ctx, (size_t)col[5], YB_MONEY_DECIMALS, &v, &present)) && present)
            c.amount[i] = v;
        if (!fail && col[6] >= 0 &&
            !(fail = yb_csv_get_i64_opt(r, ctx, (size_t)col[6], 0, INT64_MAX, &v, &present)) && present)
            c.quantity[i] = v;
        if (fail) {
            fprintf(stderr, "yibao: %s\n", yb_ctx_errmsg(ctx));
            bad++;
            continue;
        }
        char **dst[4] = { &c.ids, &c.pots, &c.facs, &c.revs };
        size_t *lens[4] = { &c.ids_len, &c.pots_len, &c.facs_len, &c.revs_len };
        int64_t *offs[4] = { c.id_off, c.pot_off, c.fac_off, c.rev_off };
        const long which[4] = { col[0], col[3], col[4], col[7] };
        for (int k = 0; k < 4; k++) {
            const char *s = which[k] >= 0 ? yb_csv_field(r, (size_t)which[k], &len) : "";
            if (which[k] < 0)
                len = 0;
            offs[k][i] = (int64_t)*lens[k];
            *dst[k] = arena[k];
            if (append(&arena[k], lens[k], &acap[k], s, len)) {
                fprintf(stderr, "yibao: out of memory reading %s\n", path);
                bad = -1;
                goto out;
            }
            *dst[k] = arena[k];
            offs[k][i + 1] = (int64_t)*lens[k];
        }
        if (++c.n == CHUNK) {
            long b = flush(ctx, l, &c, path);
            if (b < 0) {
                bad = -1;
                goto out;
            }
            bad += b;
        }
    }
    if (c.n) {
        long b = flush(ctx, l, &c, path);
        bad = b < 0 ? -1 : bad + b;
    }
out:
    for (int k = 0; k < 4; k++)
        free(arena[k]);
    yb_csv_close(r);
    return bad;
}

/* scores.csv → item scores in plan order. */
static int read_scores(yb_ctx *ctx, const yb_cap_plan *plan, const char *path, int64_t *scores, size_t n)
{
    static const char *const cols[] = { "item", "score" };
    long col[2];
    yb_csv *r = NULL;
    int rc = yb_csv_open_file(ctx, path, &r);
    if (!rc)
        rc = yb_csv_map_cols(r, ctx, cols, NULL, 2, col);
    for (size_t i = 0; i < n; i++)
        scores[i] = -1;
    while (!rc && (rc = yb_csv_next(r, ctx)) == 1) {
        size_t len, i;
        const char *item = yb_csv_field(r, (size_t)col[0], &len);
        for (i = 0; i < n; i++)
            if (strlen(yb_cap_plan_item_code(plan, (uint32_t)i)) == len &&
                !memcmp(yb_cap_plan_item_code(plan, (uint32_t)i), item, len))
                break;
        if (i == n)
            rc = yb_csv_field_fail(r, ctx, (size_t)col[0], YB_E_NOT_FOUND, "not an assessment item of the plan");
        else if (scores[i] >= 0)
            rc = yb_csv_field_fail(r, ctx, (size_t)col[0], YB_E_DUPLICATE, "item scored twice");
        else
            rc = yb_csv_get_decimal(r, ctx, (size_t)col[1], YB_SCORE_DECIMALS, &scores[i]);
    }
    for (size_t i = 0; !rc && i < n; i++)
        if (scores[i] < 0)
            rc = yb_fail(ctx, YB_E_PARAM, "%s: no score for assessment item '%s'", path,
                         yb_cap_plan_item_code(plan, (uint32_t)i));
    yb_csv_close(r);
    return rc;
}

/* Decimals of a step's base and amount columns, by step kind. */
static void step_decimals(int kind, int *base, int *amount)
{
    *base = *amount = YB_MONEY_DECIMALS;
    switch (kind) {
    case YB_CAP_STEP_RISK: *base = 0, *amount = YB_RATIO_DECIMALS; break;
    case YB_CAP_STEP_SCORE:
    case YB_CAP_STEP_MIN_SCORE: *base = YB_SCORE_DECIMALS; break;
    case YB_CAP_STEP_UNIT_PRICE: *base = YB_CAP_QTY_DECIMALS, *amount = YB_POINT_VALUE_DECIMALS; break;
    case YB_CAP_STEP_FACILITY: *base = YB_CAP_QTY_DECIMALS; break;
    default: break;
    }
}

static const char *id_code(const char *code) { return code ? code : ""; }

static int write_steps(const yb_cap_clearing *c, const yb_cap_plan *plan, const char *path)
{
    static const char *const crit[] = { "population", "families", "insured_persons", "insured_families", "visits",
                                        "adjusted_amount" };
    FILE *f = cli_open_out(path);
    if (!f)
        return 1;
    fprintf(f, "step,kind,month,pot,band,tier,facility,criterion,base,ratio,amount,text\n");
    for (size_t i = 0; i < yb_cap_clearing_step_count(c); i++) {
        yb_cap_step s = { .size = sizeof s };
        yb_cap_clearing_step(c, i, &s);
        int bd, ad;
        char b[32], r[32], a[32], band[16] = "";
        step_decimals(s.kind, &bd, &ad);
        yb_decimal_format(s.base, bd, b, sizeof b);
        yb_decimal_format(s.ratio, YB_RATIO_DECIMALS, r, sizeof r);
        yb_decimal_format(s.amount, ad, a, sizeof a);
        if (s.band != YB_CAP_NO_ID)
            snprintf(band, sizeof band, "%u", s.band + 1);
        fprintf(f, "%zu,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,", i + 1, yb_cap_step_kind_name(s.kind), (int)s.month,
                id_code(yb_cap_plan_pot_code(plan, s.pot)), band, id_code(yb_cap_plan_tier_code(plan, s.tier)),
                id_code(yb_cap_plan_facility_code(plan, s.facility)), s.criterion >= 0 ? crit[s.criterion] : "", b,
                r, a);
        cli_csv_quoted(f, s.text, 0);
        fputc('\n', f);
    }
    return cli_close_out(f, path) ? 1 : 0;
}

static int write_payments(const yb_cap_clearing *c, const yb_cap_plan *plan, const char *path)
{
    FILE *f = cli_open_out(path);
    if (!f)
        return 1;
    fprintf(f, "month,facility,population,families,insured_persons,insured_families,visits,adjusted_amount,"
               "pay_population,pay_families,pay_insured_persons,pay_insured_families,pay_visits,"
               "pay_adjusted_amount,total\n");
    for (size_t i = 0; i < yb_cap_clearing_payment_count(c); i++) {
        yb_cap_facility_payment p = { .size = sizeof p };
        char v[32];
        yb_cap_clearing_payment(c, i, &p);
        fprintf(f, "%d,%s", (int)p.month, yb_cap_plan_facility_code(plan, p.facility));
        for (int k = 0; k < YB_CAP_CRITERIA; k++)
            fprintf(f, ",%s", (yb_decimal_format(p.quantity[k], YB_CAP_QTY_DECIMALS, v, sizeof v), v));
        for (int k = 0; k < YB_CAP_CRITERIA; k++)
            fprintf(f, ",%s", (yb_decimal_format(p.payment[k], YB_MONEY_DECIMALS, v, sizeof v), v));
        fprintf(f, ",%s\n", (yb_decimal_format(p.total, YB_MONEY_DECIMALS, v, sizeof v), v));
    }
    return cli_close_out(f, path) ? 1 : 0;
}

static void print_summary(const yb_cap_summary *s)
{
    const struct {
        const char *name;
        int64_t v;
    } alliance[] = {
        { "budget", s->budget }, { "reserve", s->reserve }, { "spent_alliance", s->spent_alliance },
        { "spent_other_county", s->spent_other_county }, { "spent_out_of_province", s->spent_out_of_province },
        { "spent_total", s->spent_total }, { "surplus", s->surplus }, { "retained", s->retained },
        { "returned", s->returned }, { "overspend", s->overspend }, { "fund_share", s->fund_share },
        { "alliance_share", s->alliance_share }, { "reserve_used", s->reserve_used },
        { "reserve_left", s->reserve_left }, { "advances", s->advances }, { "alliance_payment", s->alliance_payment },
        { "balance_due", s->balance_due }, { "fund_outlay", s->fund_outlay },
    }, openimis[] = {
        { "allocated", s->allocated }, { "pot", s->pot }, { "distributed", s->distributed },
        { "undistributed", s->undistributed },
    };
    char v[32];
    printf("through_month=%d\n", (int)s->through_month);
    if (s->mode == YB_CAP_MODE_ALLIANCE) {
        printf("score=%s\n", (yb_decimal_format(s->score, YB_SCORE_DECIMALS, v, sizeof v), v));
        printf("retention_factor=%s\n", (yb_decimal_format(s->retention_factor, YB_RATIO_DECIMALS, v, sizeof v), v));
        for (size_t i = 0; i < sizeof alliance / sizeof *alliance; i++)
            printf("%s=%s\n", alliance[i].name, (yb_decimal_format(alliance[i].v, 2, v, sizeof v), v));
    } else {
        for (size_t i = 0; i < sizeof openimis / sizeof *openimis; i++)
            printf("%s=%s\n", openimis[i].name, (yb_decimal_format(openimis[i].v, 2, v, sizeof v), v));
    }
}

int cmd_capitation(int argc, char **argv)
{
    static const char usage[] = "yibao capitation --plan PACK --ledger LEDGER.csv --output CLEARING.csv "
                                "[--through-month M] [--score S | --scores SCORES.csv] [--payments PAYMENTS.csv] "
                                "[--keep-going]";
    const char *plan_path = NULL, *ledger_path = NULL, *out_path = NULL, *score = NULL, *scores = NULL;
    const char *payments = NULL, *through = NULL;
    int keep_going = 0;
    const cli_opt opts[] = { { "--plan", &plan_path, NULL }, { "--ledger", &ledger_path, NULL },
                             { "--output", &out_path, NULL }, { "--through-month", &through, NULL },
                             { "--scores", &scores, NULL }, { "--score", &score, NULL },
                             { "--payments", &payments, NULL }, { "--keep-going", NULL, &keep_going } };
    if (cli_parse_options(argc, argv, opts, CLI_COUNT(opts)) || !plan_path || !ledger_path || !out_path ||
        (score && scores))
        return cli_usage(usage);
    yb_ctx *ctx = cli_ctx();
    if (!ctx)
        return 1;
    yb_cap_plan *plan = NULL;
    yb_cap_ledger *ledger = NULL;
    yb_cap_clearing *c = NULL;
    int64_t item_scores[256];
    yb_cap_clearing_input in = { .size = sizeof in, .total_score = -1 };
    int status = 1, rc;
    if ((rc = yb_cap_plan_load(ctx, plan_path, &plan))) {
        cli_fail(ctx, rc, plan_path);
        goto out;
    }
    int64_t month = 0;
    if (through && (yb_decimal_parse(through, strlen(through), 0, &month) || month < 1 || month > 12)) {
        fprintf(stderr, "yibao: --through-month must be 1 … 12, got '%s'\n", through);
        goto out;
    }
    in.through_month = (int32_t)month;
    if (score && yb_decimal_parse(score, strlen(score), YB_SCORE_DECIMALS, &in.total_score)) {
        fprintf(stderr, "yibao: --score must be a number with at most 4 decimals, got '%s'\n", score);
        goto out;
    }
    if (scores) {
        size_t n = yb_cap_plan_item_count(plan);
        if (n > sizeof item_scores / sizeof *item_scores || (rc = read_scores(ctx, plan, scores, item_scores, n))) {
            cli_fail(ctx, n > 256 ? YB_E_LIMIT : rc, scores);
            goto out;
        }
        in.item_scores = item_scores;
        in.n_item_scores = n;
    }
    if ((rc = yb_cap_ledger_new(ctx, plan, &ledger))) {
        cli_fail(ctx, rc, "ledger");
        goto out;
    }
    long bad = read_ledger(ctx, ledger, ledger_path);
    if (bad < 0 || (bad > 0 && !keep_going)) {
        if (bad > 0)
            fprintf(stderr, "yibao: %ld bad ledger rows; fix them or pass --keep-going to clear without them\n", bad);
        goto out;
    }
    if ((rc = yb_cap_clear(ctx, plan, ledger, &in, &c))) {
        cli_fail(ctx, rc, "clearing");
        goto out;
    }
    if (write_steps(c, plan, out_path) || (payments && write_payments(c, plan, payments)))
        goto out;
    yb_cap_summary s = { .size = sizeof s };
    yb_cap_clearing_summary(c, &s);
    printf("plan=%s\nfingerprint=%s\n", plan_path, yb_cap_plan_fingerprint(plan));
    if (bad)
        printf("skipped_rows=%ld\n", bad);
    print_summary(&s);
    status = 0;
out:
    yb_cap_clearing_free(c);
    yb_cap_ledger_free(ledger);
    yb_cap_plan_free(plan);
    yb_ctx_free(ctx);
    return status;
}
