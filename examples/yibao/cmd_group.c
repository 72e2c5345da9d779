/* `yibao group`: CHS-DRG grouping of a CSV of cases.
 *
 *   yibao group --scheme PACK --input cases.csv --output out.csv [--trace FILE] [--trace-id ID]...
 *
 * Input columns: id,sex,age_years,age_days,birth_weight_g,los_days,discharge_type,principal_dx,secondary_dx,
 * procedures (see case_csv.h). Output columns: id,status,status_name,mdc,adrg,drg,drg_name,mcc,cc,
 * unknown_codes,flags,message. A row that does not parse keeps its parse status and message; a row the
 * engine rejects gets the engine's status and the reason from its trace. --trace writes the step-by-step
 * trace of every case (or only of the --trace-id cases) to FILE. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "case_csv.h"
#include "cli.h"

#define CHUNK 65536

static void put_field(FILE *f, const char *s)
{
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

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
        "yibao group --scheme PACK --input cases.csv --output out.csv [--trace FILE] [--trace-id ID]...";
    const char *scheme_path = NULL, *input = NULL, *output = NULL, *trace_path = NULL;
    char *trace_ids[64];
    int n_trace_ids = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if ((v = cli_option(argc, argv, &i, "--scheme")))
            scheme_path = v;
        else if ((v = cli_option(argc, argv, &i, "--input")))
            input = v;
        else if ((v = cli_option(argc, argv, &i, "--output")))
            output = v;
        else if ((v = cli_option(argc, argv, &i, "--trace-id"))) {
            if (n_trace_ids == 64)
                return cli_usage(usage);
            trace_ids[n_trace_ids++] = (char *)v;
        } else if ((v = cli_option(argc, argv, &i, "--trace")))
            trace_path = v;
        else
            return cli_usage(usage);
    }
    if (!scheme_path || !input || !output)
        return cli_usage(usage);
    yb_ctx *ctx = cli_ctx();
    if (!ctx)
        return 1;
    yb_drg_scheme *scheme = NULL;
    case_csv *in = NULL;
    FILE *out = NULL, *tr = NULL;
    int rc = yb_drg_scheme_load(ctx, scheme_path, &scheme);
    if (rc) {
        cli_fail(ctx, rc, scheme_path);
        yb_ctx_free(ctx);
        return 1;
    }
    int exit_code = 1;
    uint32_t *mdc = malloc(CHUNK * sizeof *mdc), *adrg = malloc(CHUNK * sizeof *adrg);
    uint32_t *drg = malloc(CHUNK * sizeof *drg), *flags = malloc(CHUNK * sizeof *flags);
    int32_t *mcc = malloc(CHUNK * sizeof *mcc), *cc = malloc(CHUNK * sizeof *cc);
    int32_t *udx = malloc(CHUNK * sizeof *udx), *uproc = malloc(CHUNK * sizeof *uproc);
    int32_t *status = malloc(CHUNK * sizeof *status);
    if (!mdc || !adrg || !drg || !flags || !mcc || !cc || !udx || !uproc || !status) {
        fprintf(stderr, "yibao: out of memory\n");
        goto done;
    }
    if ((rc = case_csv_open(ctx, input, NULL, 0, &in))) {
        cli_fail(ctx, rc, input);
        goto done;
    }
    out = fopen(output, "wb");
    if (!out) {
        fprintf(stderr, "yibao: %s: %s\n", output, strerror(errno));
        goto done;
    }
    if (trace_path && !(tr = fopen(trace_path, "wb"))) {
        fprintf(stderr, "yibao: %s: %s\n", trace_path, strerror(errno));
        goto done;
    }
    fputs("id,status,status_name,mdc,adrg,drg,drg_name,mcc,cc,unknown_codes,flags,message\n", out);
    uint64_t total = 0, rejected = 0, ungroupable = 0, ambiguous = 0;
    for (;;) {
        const yb_case_columns *c;
        if ((rc = case_csv_read(in, ctx, CHUNK, &c))) {
            cli_fail(ctx, rc, input);
            goto done;
        }
        if (c->n == 0)
            break;
        yb_drg_results r = { .size = sizeof r, .n = c->n, .mdc = mdc, .adrg = adrg, .drg = drg, .flags = flags,
                             .mcc_count = mcc, .cc_count = cc, .unknown_dx = udx, .unknown_proc = uproc };
        int bad = yb_drg_group_batch(ctx, scheme, c, &r, status);
        if (bad < 0) {
            cli_fail(ctx, bad, input);
            goto done;
        }
        for (size_t i = 0; i < c->n; i++) {
            int st = case_csv_status(in, i) ? case_csv_status(in, i) : status[i];
            char msg[512], fl[160], num[32];
            snprintf(msg, sizeof msg, "%s", case_csv_message(in, i));
            if (st && !msg[0])
                engine_reason(ctx, scheme, c, i, msg, sizeof msg);
            flags_text(flags[i], fl, sizeof fl);
            put_field(out, case_csv_id(in, i));
            fprintf(out, ",%d,%s,%s,%s,%s,", st, st ? yb_status_name(st) : "OK",
                    code_or_empty(yb_drg_scheme_mdc_code(scheme, mdc[i])),
                    code_or_empty(yb_drg_scheme_adrg_code(scheme, adrg[i])),
                    code_or_empty(yb_drg_scheme_drg_code(scheme, drg[i])));
            put_field(out, code_or_empty(yb_drg_scheme_drg_name(scheme, drg[i])));
            snprintf(num, sizeof num, ",%d,%d,%d,", (int)mcc[i], (int)cc[i], (int)(udx[i] + uproc[i]));
            fputs(num, out);
            put_field(out, fl);
            fputc(',', out);
            put_field(out, msg);
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
            }
        }
        total += c->n;
    }
    if (ferror(out) || (tr && ferror(tr))) {
        fprintf(stderr, "yibao: write error\n");
        goto done;
    }
    fprintf(stderr, "yibao: %s %s: %llu cases, %llu rejected, %llu ungroupable (%s), %llu ambiguous\n",
            yb_drg_scheme_name(scheme), yb_drg_scheme_version(scheme), (unsigned long long)total,
            (unsigned long long)rejected, (unsigned long long)ungroupable,
            yb_drg_scheme_drg_code(scheme, yb_drg_scheme_ungroupable_drg(scheme)), (unsigned long long)ambiguous);
    exit_code = 0;
done:
    if (out && fclose(out) != 0 && exit_code == 0) {
        fprintf(stderr, "yibao: %s: %s\n", output, strerror(errno));
        exit_code = 1;
    }
    if (tr)
        fclose(tr);
    case_csv_close(in);
    free(mdc); free(adrg); free(drg); free(flags); free(mcc); free(cc); free(udx); free(uproc); free(status);
    yb_drg_scheme_free(scheme);
    yb_ctx_free(ctx);
    return exit_code;
}
