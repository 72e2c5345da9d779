/* `yibao group`: CHS-DRG grouping of a CSV of cases, and DIP grouping of the
 * same cases with a DIP catalogue.
 *
 *   yibao group --scheme PACK [--dip CATALOG] --input cases.csv --output out.csv [--trace FILE] [--trace-id ID]...
 *
 * Input columns: id,sex,age_years,age_days,birth_weight_g,los_days,discharge_type,principal_dx,secondary_dx,
 * procedures (see case_csv.h), and when present vent_hours and icu_days (whole numbers; empty = missing).
 * Output columns: id,status,status_name,mdc,adrg,drg,drg_name,mcc,cc,unknown_codes,flags, then with --dip
 * dip_status,dip_group,dip_score,dip_subtype,dip_subtype_coef, then message. A row that does not parse keeps
 * its parse status (in status and dip_status) and message; a row the CHS-DRG engine rejects gets the
 * engine's status and the reason from its trace; dip_status is the DIP engine's own row status (OK, or
 * why it rejected the row; a case DIP cannot group is YB_OK with an empty dip_group). dip_score is empty when
 * the catalogue gives the group no score; dip_subtype_coef is 1.000000 when no auxiliary subtype applies.
 * --trace writes the step-by-step trace of every case (or only of the --trace-id cases) to FILE, the DIP
 * trace after the CHS-DRG one. */
#include <stdlib.h>
#include <string.h>

#include "case_csv.h"
#include "cli.h"

#define CHUNK 65536
#define TRACE_CAP 65536

static void flags_text(uint32_t flags, char *buf, size_t cap)
{
    static const struct { uint32_t bit; const char *name; } names[] = {
        { YB_DRG_FLAG_UNGROUPABLE, "UNGROUPABLE" }, { YB_DRG_FLAG_AMBIGUOUS, "AMBIGUOUS" },
        { YB_DRG_FLAG_MCC, "MCC" }, { YB_DRG_FLAG_CC, "CC" }, { YB_DRG_FLAG_CC_EXCLUDED, "CC_EXCLUDED" },
        { YB_DRG_FLAG_UNKNOWN_CODE, "UNKNOWN_CODE" }, { YB_DRG_FLAG_PROC_IGNORED, "PROC_IGNORED" },
        { YB_DRG_FLAG_FELL_THROUGH, "FELL_THROUGH" }, { YB_DRG_FLAG_INVALID, "INVALID" },
    };
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((flags & names[i].bit) && used < cap)
            used += (size_t)snprintf(buf + used, cap - used, "%s%s", used ? "|" : "", names[i].name);
}

static const char *code_or_empty(const char *s)
{
    return s ? s : "";
}

/* The reason the engine gives for a rejected row: the detail of its VALIDATE step. */
static void engine_reason(yb_ctx *ctx, const yb_drg_scheme *s, const yb_case_columns *c, size_t row, char *buf,
                          size_t cap)
{
    yb_drg_trace *t = NULL;
    buf[0] = '\0';
    if (yb_drg_trace_case(ctx, s, c, row, &t))
        return;
    for (size_t i = 0; i < yb_drg_trace_step_count(t); i++) {
        yb_drg_step_info st = { .size = sizeof st };
        if (!yb_drg_trace_step(t, i, &st) && st.kind == YB_DRG_STEP_VALIDATE) {
            snprintf(buf, cap, "%s", st.detail);
            break;
        }
    }
    yb_drg_trace_free(t);
}

/* The DIP columns of one chunk. */
typedef struct dip_cols {
    uint32_t *group, *subtype, *flags;
    int64_t *score, *coef;
    int32_t *status;
} dip_cols;

static int dip_cols_alloc(dip_cols *d)
{
    d->group = malloc(CHUNK * sizeof *d->group);
    d->subtype = malloc(CHUNK * sizeof *d->subtype);
    d->flags = malloc(CHUNK * sizeof *d->flags);
    d->score = malloc(CHUNK * sizeof *d->score);
    d->coef = malloc(CHUNK * sizeof *d->coef);
    d->status = malloc(CHUNK * sizeof *d->status);
    return d->group && d->subtype && d->flags && d->score && d->coef && d->status ? 0 : -1;
}

static void dip_cols_free(dip_cols *d)
{
    free(d->group); free(d->subtype); free(d->flags); free(d->score); free(d->coef); free(d->status);
}

/* dip_status,dip_group,dip_score,dip_subtype,dip_subtype_coef of row i, each followed by a comma. */
static void put_dip(FILE *out, const yb_dip_catalog *cat, const dip_cols *d, size_t i, int parse_status)
{
    int st = parse_status ? parse_status : d->status[i];
    fprintf(out, "%s,", st ? yb_status_name(st) : "OK");
    if (st || d->group[i] == YB_DIP_NONE) {
        fputs(",,,,", out);
        return;
    }
    char score[32] = "", coef[32];
    if (!(d->flags[i] & YB_DIP_FLAG_NO_SCORE))
        yb_decimal_format(d->score[i], YB_SCORE_DECIMALS, score, sizeof score);
    yb_decimal_format(d->coef[i], YB_RATIO_DECIMALS, coef, sizeof coef);
    cli_csv_field(out, yb_dip_group_code(cat, d->group[i]));
    fprintf(out, ",%s,", score);
    cli_csv_field(out, d->subtype[i] == YB_DIP_NONE ? "" : yb_dip_subtype_code(cat, d->subtype[i]));
    fprintf(out, ",%s,", coef);
}

static int wanted(const char *id, char **ids, int n)
{
    if (n == 0)
        return 1;
    for (int i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return 1;
    return 0;
}

int cmd_group(int argc, char **argv)
{
    static const char usage[] =
        "yibao group --scheme PACK [--dip CATALOG] --input cases.csv --output out.csv [--trace FILE] "
        "[--trace-id ID]...";
    const char *scheme_path = NULL, *dip_path = NULL, *input = NULL, *output = NULL, *trace_path = NULL;
    const cli_opt opts[] = { { "--scheme", &scheme_path, NULL }, { "--dip", &dip_path, NULL },
                             { "--input", &input, NULL }, { "--output", &output, NULL },
                             { "--trace", &trace_path, NULL } };
    char *trace_ids[64];
    int n_trace_ids = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (cli_take_option(argc, argv, &i, opts, CLI_COUNT(opts)))
            continue;
        if (!(v = cli_option(argc, argv, &i, "--trace-id")) || n_trace_ids == 64)
            return cli_usage(usage);
        trace_ids[n_trace_ids++] = (char *)v;
    }
    if (!scheme_path || !input || !output)
        return cli_usage(usage);
    yb_ctx *ctx = cli_ctx();
    if (!ctx)
        return 1;
    yb_drg_scheme *scheme = NULL;
    yb_dip_catalog *cat = NULL;
    case_csv *in = NULL;
    FILE *out = NULL, *tr = NULL;
    int rc = yb_drg_scheme_load(ctx, scheme_path, &scheme);
    if (!rc && dip_path && (rc = yb_dip_catalog_load(ctx, dip_path, &cat)))
        scheme_path = dip_path;
    if (rc) {
        cli_fail(ctx, rc, scheme_path);
        yb_drg_scheme_free(scheme);
        yb_ctx_free(ctx);
        return 1;
    }
    int exit_code = 1;
    dip_cols dc = { 0 };
    int32_t *vent = malloc(CHUNK * sizeof *vent), *icu = malloc(CHUNK * sizeof *icu);
    char *tbuf = NULL;
    uint32_t *mdc = malloc(CHUNK * sizeof *mdc), *adrg = malloc(CHUNK * sizeof *adrg);
    uint32_t *drg = malloc(CHUNK * sizeof *drg), *flags = malloc(CHUNK * sizeof *flags);
    int32_t *mcc = malloc(CHUNK * sizeof *mcc), *cc = malloc(CHUNK * sizeof *cc);
    int32_t *udx = malloc(CHUNK * sizeof *udx), *uproc = malloc(CHUNK * sizeof *uproc);
    int32_t *status = malloc(CHUNK * sizeof *status);
    if (!mdc || !adrg || !drg || !flags || !mcc || !cc || !udx || !uproc || !status || !vent || !icu ||
        (cat && (dip_cols_alloc(&dc) || !(tbuf = malloc(TRACE_CAP))))) {
        fprintf(stderr, "yibao: out of memory\n");
        goto done;
    }
    static const char *const extra[] = { "vent_hours", "icu_days" };
    if ((rc = case_csv_open(ctx, input, extra, 2, &in))) {
        cli_fail(ctx, rc, input);
        goto done;
    }
    if (!(out = cli_open_out(output)) || (trace_path && !(tr = cli_open_out(trace_path))))
        goto done;
    fputs(cat ? "id,status,status_name,mdc,adrg,drg,drg_name,mcc,cc,unknown_codes,flags,dip_status,dip_group,"
                "dip_score,dip_subtype,dip_subtype_coef,message\n"
              : "id,status,status_name,mdc,adrg,drg,drg_name,mcc,cc,unknown_codes,flags,message\n",
          out);
    uint64_t total = 0, rejected = 0, ungroupable = 0, ambiguous = 0, dip_rejected = 0, dip_ungrouped = 0;
    for (;;) {
        const yb_case_columns *cc0;
        if ((rc = case_csv_read(in, ctx, CHUNK, &cc0))) {
            cli_fail(ctx, rc, input);
            goto done;
        }
        if (cc0->n == 0)
            break;
        /* vent_hours and icu_days: a field that is not a whole number is missing for the engines and the
         * row's parse status */
        yb_case_columns cols = *cc0;
        const yb_case_columns *c = &cols;
        for (size_t i = 0; i < c->n; i++) {
            vent[i] = case_csv_extra_int(in, i, 0, 1000000);
            icu[i] = case_csv_extra_int(in, i, 1, 1000000);
        }
        cols.vent_hours = case_csv_has_extra(in, 0) ? vent : NULL;
        cols.icu_days = case_csv_has_extra(in, 1) ? icu : NULL;
        for (size_t i = 0; i < c->n; i++) {
            vent[i] = vent[i] == -2 ? -1 : vent[i];
            icu[i] = icu[i] == -2 ? -1 : icu[i];
        }
        yb_drg_results r = { .size = sizeof r, .n = c->n, .mdc = mdc, .adrg = adrg, .drg = drg, .flags = flags,
                             .mcc_count = mcc, .cc_count = cc, .unknown_dx = udx, .unknown_proc = uproc };
        int bad = yb_drg_group_batch(ctx, scheme, c, &r, status);
        if (bad < 0) {
            cli_fail(ctx, bad, input);
            goto done;
        }
        if (cat) {
            yb_dip_results dr = { .size = sizeof dr, .n = c->n, .group = dc.group, .subtype = dc.subtype,
                                  .subtype_coef = dc.coef, .score = dc.score, .flags = dc.flags };
            if ((bad = yb_dip_group_batch(ctx, cat, c, &dr, dc.status)) < 0) {
                cli_fail(ctx, bad, input);
                goto done;
            }
        }
        for (size_t i = 0; i < c->n; i++) {
            char msg[512], fl[160], num[32];
            int pst = case_csv_status(in, i);
            snprintf(msg, sizeof msg, "%s", case_csv_message(in, i));
            for (size_t k = 0; k < 2 && !pst; k++)
                if (case_csv_extra_int(in, i, k, 1000000) == -2) {
                    pst = k ? YB_E_ROW_ICU_DAYS : YB_E_ROW_VENT_HOURS;
                    snprintf(msg, sizeof msg, "%s:%llu: %s: not a whole number from 0 to 1000000: '%.40s'", input,
                             (unsigned long long)case_csv_line(in, i), extra[k], case_csv_extra(in, i, k));
                }
            int st = pst ? pst : status[i];
            if (st && !msg[0])
                engine_reason(ctx, scheme, c, i, msg, sizeof msg);
            flags_text(flags[i], fl, sizeof fl);
            cli_csv_field(out, case_csv_id(in, i));
            fprintf(out, ",%d,%s,%s,%s,%s,", st, st ? yb_status_name(st) : "OK",
                    code_or_empty(yb_drg_scheme_mdc_code(scheme, mdc[i])),
                    code_or_empty(yb_drg_scheme_adrg_code(scheme, adrg[i])),
                    code_or_empty(yb_drg_scheme_drg_code(scheme, drg[i])));
            cli_csv_field(out, code_or_empty(yb_drg_scheme_drg_name(scheme, drg[i])));
            snprintf(num, sizeof num, ",%d,%d,%d,", (int)mcc[i], (int)cc[i], (int)(udx[i] + uproc[i]));
            fputs(num, out);
            cli_csv_field(out, fl);
            fputc(',', out);
            if (cat) {
                put_dip(out, cat, &dc, i, pst);
                dip_rejected += (pst ? pst : dc.status[i]) != 0;
                dip_ungrouped += !pst && !dc.status[i] && dc.group[i] == YB_DIP_NONE;
            }
            cli_csv_field(out, msg);
            fputc('\n', out);
            rejected += st != 0;
            ungroupable += st == 0 && (flags[i] & YB_DRG_FLAG_UNGROUPABLE);
            ambiguous += (flags[i] & YB_DRG_FLAG_AMBIGUOUS) != 0;
            if (tr && wanted(case_csv_id(in, i), trace_ids, n_trace_ids)) {
                yb_drg_trace *t = NULL;
                if ((rc = yb_drg_trace_case(ctx, scheme, c, i, &t))) {
                    cli_fail(ctx, rc, "trace");
                    goto done;
                }
                fprintf(tr, "case %s (line %llu)\n%s\n", case_csv_id(in, i),
                        (unsigned long long)case_csv_line(in, i), yb_drg_trace_text(t));
                yb_drg_trace_free(t);
                if (cat) {
                    size_t need = 0;
                    yb_dip_trace_text(ctx, cat, c, i, tbuf, TRACE_CAP, &need);
                    fprintf(tr, "DIP:\n%s%s\n", tbuf, need >= TRACE_CAP ? "(trace cut)\n" : "");
                }
            }
        }
        total += c->n;
    }
    fprintf(stderr, "yibao: %s %s: %llu cases, %llu rejected, %llu ungroupable (%s), %llu ambiguous\n",
            yb_drg_scheme_name(scheme), yb_drg_scheme_version(scheme), (unsigned long long)total,
            (unsigned long long)rejected, (unsigned long long)ungroupable,
            yb_drg_scheme_drg_code(scheme, yb_drg_scheme_ungroupable_drg(scheme)), (unsigned long long)ambiguous);
    if (cat)
        fprintf(stderr, "yibao: DIP %.12s: %llu cases, %llu rejected, %llu not grouped\n",
                yb_dip_catalog_fingerprint(cat), (unsigned long long)total, (unsigned long long)dip_rejected,
                (unsigned long long)dip_ungrouped);
    exit_code = 0;
done:
    if (cli_close_out(out, output) + cli_close_out(tr, trace_path)) /* both closed, either may fail */
        exit_code = 1;
    case_csv_close(in);
    free(mdc); free(adrg); free(drg); free(flags); free(mcc); free(cc); free(udx); free(uproc); free(status);
    free(vent); free(icu); free(tbuf);
    dip_cols_free(&dc);
    yb_dip_catalog_free(cat);
    yb_drg_scheme_free(scheme);
    yb_ctx_free(ctx);
    return exit_code;
}
