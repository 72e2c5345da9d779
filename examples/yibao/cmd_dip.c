/* `yibao dip group|build`: DIP grouping of a case file and building a
 * region's catalogue from its case history.
 *
 *   yibao dip group --catalog PACK --input cases.csv --output out.csv [--trace trace.txt]
 *   yibao dip build --history cases.csv --base PACK --out DIR [options]
 *
 * Input cases: the columns of case_csv.h (id,sex,age_years,age_days,
 * birth_weight_g,los_days,discharge_type,principal_dx,secondary_dx,
 * procedures) and, when present, vent_hours and icu_days; the history of
 * `build` adds cost (yuan, at most 2 decimals) and year. See doc/dip.md. */
#include <stdlib.h>
#include <string.h>

#include "case_csv.h"
#include "cli.h"
#include "gen_mem.h"

#define CHUNK 65536

static const char *const EXTRA[] = { "vent_hours", "icu_days", "cost", "year" };
enum { X_VENT, X_ICU, X_COST, X_YEAR };

/* An optional whole number of an extra column: -1 when empty; -2 when malformed. */
static int32_t extra_int(const case_csv *r, size_t row, size_t k)
{
    return case_csv_extra_int(r, row, k, 1000000);
}

static int dip_group(int argc, char **argv)
{
    static const char usage[] = "yibao dip group --catalog PACK --input cases.csv --output out.csv [--trace FILE]";
    const char *catalog = NULL, *input = NULL, *output = NULL, *trace = NULL;
    const cli_opt opts[] = { { "--catalog", &catalog, NULL }, { "--input", &input, NULL },
                             { "--output", &output, NULL }, { "--trace", &trace, NULL } };
    if (cli_parse_options(argc, argv, opts, CLI_COUNT(opts)) || !catalog || !input || !output)
        return cli_usage(usage);
    yb_ctx *ctx = cli_ctx();
    if (!ctx)
        return 1;
    yb_dip_catalog *cat = NULL;
    case_csv *in = NULL;
    FILE *out = NULL, *tr = NULL;
    int rc = yb_dip_catalog_load(ctx, catalog, &cat);
    if (rc) {
        cli_fail(ctx, rc, catalog);
        goto done;
    }
    if ((rc = case_csv_open(ctx, input, EXTRA, 2, &in))) {
        cli_fail(ctx, rc, input);
        goto done;
    }
    if (!(out = cli_open_out(output)) || (trace && !(tr = cli_open_out(trace)))) {
        rc = YB_E_IO;
        goto done;
    }
    fprintf(out, "id,status,group,name,layer,matched_procs,score,subtype,subtype_coef,subtype_score,primary_care,"
                 "cci,flags\n");
    size_t cap = CHUNK;
    uint32_t *group = malloc(cap * sizeof *group), *subtype = malloc(cap * sizeof *subtype),
             *flags = malloc(cap * sizeof *flags);
    int8_t *layer = malloc(cap), *attr = malloc(cap);
    int16_t *matched = malloc(cap * sizeof *matched);
    int64_t *score = malloc(cap * sizeof *score), *coef = malloc(cap * sizeof *coef),
            *sscore = malloc(cap * sizeof *sscore);
    int32_t *cci = malloc(cap * sizeof *cci), *status = malloc(cap * sizeof *status), *vent = malloc(cap * 4),
            *icu = malloc(cap * 4);
    char *tbuf = malloc(65536);
    uint64_t rows = 0, bad = 0, ungrouped = 0;
    if (!group || !subtype || !flags || !layer || !attr || !matched || !score || !coef || !sscore || !cci ||
        !status || !vent || !icu || !tbuf) {
        fprintf(stderr, "yibao: out of memory\n");
        rc = YB_E_NOMEM;
    }
    for (;;) {
        const yb_case_columns *cc;
        if (rc || (rc = case_csv_read(in, ctx, CHUNK, &cc))) {
            if (rc != YB_E_NOMEM)
                cli_fail(ctx, rc, input);
            break;
        }
        if (cc->n == 0)
            break;
        yb_case_columns c = *cc;
        for (size_t i = 0; i < c.n; i++) {
            vent[i] = extra_int(in, i, X_VENT);
            icu[i] = extra_int(in, i, X_ICU);
        }
        /* a malformed number (-2) becomes -3: the engine reports YB_E_ROW_VENT_HOURS / _ICU_DAYS */
        for (size_t i = 0; i < c.n; i++) {
            vent[i] = vent[i] == -2 ? -3 : vent[i];
            icu[i] = icu[i] == -2 ? -3 : icu[i];
        }
        c.vent_hours = case_csv_has_extra(in, X_VENT) ? vent : NULL;
        c.icu_days = case_csv_has_extra(in, X_ICU) ? icu : NULL;
        yb_dip_results res = { .size = sizeof res, .n = c.n, .group = group, .layer = layer, .attribute = attr,
                               .matched_procs = matched, .subtype = subtype, .subtype_coef = coef, .score = score,
                               .subtype_score = sscore, .cci = cci, .flags = flags };
        int nb = yb_dip_group_batch(ctx, cat, &c, &res, status);
        if (nb < 0) {
            rc = nb;
            cli_fail(ctx, rc, input);
            break;
        }
        for (size_t i = 0; i < c.n; i++) {
            int st = case_csv_status(in, i) ? case_csv_status(in, i) : status[i];
            rows++;
            bad += st != 0;
            cli_csv_field(out, case_csv_id(in, i));
            fprintf(out, ",%s,", yb_status_name(st));
            if (st || group[i] == YB_DIP_NONE) {
                ungrouped += !st;
                fprintf(out, ",,,,,,,,,%d,%u\n", st ? -1 : (int)cci[i], st ? 0u : flags[i]);
                if (st && case_csv_status(in, i))
                    fprintf(stderr, "yibao: %s\n", case_csv_message(in, i));
                if (tr && !st) {
                    size_t need;
                    yb_dip_trace_text(ctx, cat, &c, i, tbuf, 65536, &need);
                    fprintf(tr, "== %s\n%s\n", case_csv_id(in, i), tbuf);
                }
                continue;
            }
            char sc[32], cf[32], ss[32];
            yb_decimal_format(score[i], YB_SCORE_DECIMALS, sc, sizeof sc);
            yb_decimal_format(coef[i], YB_RATIO_DECIMALS, cf, sizeof cf);
            yb_decimal_format(sscore[i], YB_SCORE_DECIMALS, ss, sizeof ss);
            cli_csv_field(out, yb_dip_group_code(cat, group[i]));
            fputc(',', out);
            cli_csv_field(out, yb_dip_group_name(cat, group[i]));
            static const char *const layers[] = { "", "pre", "merged", "refined", "core", "comprehensive" };
            fprintf(out, ",%s,%d,%s,%s,%s,%s,%d,%d,%u\n", layers[layer[i] >= 0 && layer[i] <= 5 ? layer[i] : 0],
                    matched[i],
                    (flags[i] & YB_DIP_FLAG_NO_SCORE) ? "" : sc,
                    subtype[i] == YB_DIP_NONE ? "" : yb_dip_subtype_code(cat, subtype[i]), cf,
                    (flags[i] & YB_DIP_FLAG_NO_SCORE) ? "" : ss, (flags[i] & YB_DIP_FLAG_PRIMARY_CARE) ? 1 : 0,
                    (int)cci[i], flags[i]);
            if (tr) {
                size_t need;
                yb_dip_trace_text(ctx, cat, &c, i, tbuf, 65536, &need);
                fprintf(tr, "== %s\n%s\n", case_csv_id(in, i), tbuf);
            }
        }
    }
    free(group);
    free(subtype);
    free(flags);
    free(layer);
    free(attr);
    free(matched);
    free(score);
    free(coef);
    free(sscore);
    free(cci);
    free(status);
    free(vent);
    free(icu);
    free(tbuf);
    if (!rc)
        fprintf(stderr, "yibao: %llu cases, %llu with a row error, %llu not grouped (catalogue %.12s)\n",
                (unsigned long long)rows, (unsigned long long)bad, (unsigned long long)ungrouped,
                yb_dip_catalog_fingerprint(cat));
done:
    if (cli_close_out(out, output) + cli_close_out(tr, trace) && !rc) /* both closed, either may fail */
        rc = YB_E_IO;
    case_csv_close(in);
    yb_dip_catalog_free(cat);
    yb_ctx_free(ctx);
    return rc ? 1 : 0;
}

/* ------------------------------------------------------------ build */

/* The whole history as one yb_case_columns (the builder needs every case). */
typedef struct history {
    size_t n, cap, dx_items, proc_items, dx_bytes, proc_bytes, dx_cap, proc_cap, dxb_cap, procb_cap;
    int8_t *sex, *discharge;
    int16_t *age;
    int32_t *days, *weight, *los, *vent, *icu, *year;
    int64_t *cost, *dx_rows, *proc_rows, *dx_off, *proc_off;
    char *dx, *proc;
} history;

static int history_add(history *h, const case_csv *in, const yb_case_columns *c, size_t i, int64_t cost, int32_t year)
{
    size_t cap = h->cap;
    if (h->n + 1 >= cap) {
        size_t ncap = cap ? cap * 2 : 65536;
        void **arrays[] = { (void **)&h->sex, (void **)&h->discharge, (void **)&h->age, (void **)&h->days,
                            (void **)&h->weight, (void **)&h->los, (void **)&h->vent, (void **)&h->icu,
                            (void **)&h->year, (void **)&h->cost, (void **)&h->dx_rows, (void **)&h->proc_rows };
        size_t sizes[] = { 1, 1, 2, 4, 4, 4, 4, 4, 4, 8, 8, 8 };
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            void *q = realloc(*arrays[k], (ncap + 1) * sizes[k]);
            if (!q)
                return -1;
            *arrays[k] = q;
        }
        h->cap = ncap;
        if (h->n == 0)
            h->dx_rows[0] = h->proc_rows[0] = 0;
    }
    size_t n = h->n;
    h->sex[n] = c->sex[i];
    h->age[n] = c->age_years[i];
    h->days[n] = c->age_days[i];
    h->weight[n] = c->birth_weight_g[i];
    h->los[n] = c->los_days[i];
    h->discharge[n] = c->discharge_type[i];
    h->vent[n] = extra_int(in, i, X_VENT);
    h->icu[n] = extra_int(in, i, X_ICU);
    h->cost[n] = cost;
    h->year[n] = year;
    for (int list = 0; list < 2; list++) {
        const int64_t *rows = list ? c->proc_row_offsets : c->dx_row_offsets;
        const int64_t *off = list ? c->proc_offsets : c->dx_offsets;
        const char *data = list ? c->proc_data : c->dx_data;
        size_t *items = list ? &h->proc_items : &h->dx_items, *bytes = list ? &h->proc_bytes : &h->dx_bytes;
        int64_t **hoff = list ? &h->proc_off : &h->dx_off;
        char **hdata = list ? &h->proc : &h->dx;
        size_t *ocap = list ? &h->proc_cap : &h->dx_cap, *bcap = list ? &h->procb_cap : &h->dxb_cap;
        for (int64_t k = rows[i]; k < rows[i + 1]; k++) {
            size_t len = (size_t)(off[k + 1] - off[k]);
            if (gen_grow((void **)hoff, ocap, *items + 2, sizeof **hoff) ||
                gen_grow((void **)hdata, bcap, *bytes + len + 1, 1))
                return -1;
            if (*items == 0)
                (*hoff)[0] = 0;
            memcpy(*hdata + *bytes, data + off[k], len);
            *bytes += len;
            (*hoff)[++*items] = (int64_t)*bytes;
        }
        (list ? h->proc_rows : h->dx_rows)[n + 1] = (int64_t)*items;
    }
    /* a malformed number becomes -3: the builder reports YB_E_ROW_VENT_HOURS / _ICU_DAYS */
    h->vent[n] = h->vent[n] == -2 ? -3 : h->vent[n];
    h->icu[n] = h->icu[n] == -2 ? -3 : h->icu[n];
    h->n++;
    return 0;
}

static void history_free(history *h)
{
    void *p[] = { h->sex, h->discharge, h->age, h->days, h->weight, h->los, h->vent, h->icu, h->year, h->cost,
                  h->dx_rows, h->proc_rows, h->dx_off, h->proc_off, h->dx, h->proc };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
}

static int parse_list(const char *s, int64_t *out, size_t max, int decimals)
{
    size_t n = 0;
    while (*s && n < max) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (yb_decimal_parse(s, len, decimals, &out[n]))
            return -1;
        n++;
        s += len + (e ? 1 : 0);
    }
    return *s ? -1 : (int)n;
}

static int dip_build(int argc, char **argv)
{
    static const char usage[] =
        "yibao dip build --history cases.csv --base PACK --out DIR [--threshold N | --coverage 0.95]\n"
        "       [--trim 0.025,0.975] [--years 2021,2022,2023] [--weights 1,2,7] [--scale 1000]\n"
        "       [--reference GROUP] [--related-increase 0.10] [--no-local-groups] [--comprehensive-min N]\n"
        "       [--subtype-min N] [--name NAME] [--version V] [--region R]";
    const char *hist_path = NULL, *base_path = NULL, *out_dir = NULL, *v;
    yb_dip_build_params p;
    yb_dip_build_params_init(&p);
    int64_t tmp[8];
    int32_t years[8], weights[8];
    int nyears = 0, nweights = 0, no_local = 0;
    const cli_opt opts[] = { { "--history", &hist_path, NULL }, { "--base", &base_path, NULL },
                             { "--out", &out_dir, NULL }, { "--reference", &p.reference_group, NULL },
                             { "--name", &p.name, NULL }, { "--version", &p.version, NULL },
                             { "--region", &p.region, NULL }, { "--no-local-groups", NULL, &no_local } };
    for (int i = 1; i < argc; i++) {
        int n;
        if (cli_take_option(argc, argv, &i, opts, CLI_COUNT(opts)))
            continue;
        if ((v = cli_option(argc, argv, &i, "--threshold")) && parse_list(v, tmp, 1, 0) == 1)
            p.threshold_cases = (int32_t)tmp[0];
        else if ((v = cli_option(argc, argv, &i, "--coverage")) && parse_list(v, tmp, 1, 6) == 1) {
            p.threshold_mode = YB_DIP_THRESHOLD_COVERAGE;
            p.threshold_coverage = tmp[0];
        } else if ((v = cli_option(argc, argv, &i, "--trim")) && parse_list(v, tmp, 2, 6) == 2) {
            p.trim_low = tmp[0];
            p.trim_high = tmp[1];
        } else if ((v = cli_option(argc, argv, &i, "--years")) && (n = parse_list(v, tmp, 8, 0)) > 0) {
            for (int k = 0; k < n; k++)
                years[k] = (int32_t)tmp[k];
            p.years = years;
            p.n_years = (size_t)n;
            nyears = n;
        } else if ((v = cli_option(argc, argv, &i, "--weights")) && (n = parse_list(v, tmp, 8, 0)) > 0) {
            for (int k = 0; k < n; k++)
                weights[k] = (int32_t)tmp[k];
            p.year_weights = weights;
            p.n_years = (size_t)n;
            nweights = n;
        } else if ((v = cli_option(argc, argv, &i, "--scale")) && parse_list(v, tmp, 1, 0) == 1)
            p.scale = tmp[0];
        else if ((v = cli_option(argc, argv, &i, "--related-increase")) && parse_list(v, tmp, 1, 6) == 1)
            p.related_min_increase = tmp[0];
        else if ((v = cli_option(argc, argv, &i, "--comprehensive-min")) && parse_list(v, tmp, 1, 0) == 1)
            p.comprehensive_min_cases = (int32_t)tmp[0];
        else if ((v = cli_option(argc, argv, &i, "--subtype-min")) && parse_list(v, tmp, 1, 0) == 1)
            p.subtype_min_cases = (int32_t)tmp[0];
        else
            return cli_usage(usage);
    }
    if (!hist_path || !base_path || !out_dir || (nyears && nweights && nyears != nweights))
        return cli_usage(usage);
    if (no_local)
        p.new_core_groups = 0;
    yb_ctx *ctx = cli_ctx();
    if (!ctx)
        return 1;
    yb_dip_catalog *base = NULL;
    case_csv *in = NULL;
    history h;
    memset(&h, 0, sizeof h);
    int32_t *status = NULL;
    uint64_t *lines = NULL, skipped = 0;
    size_t lines_cap = 0;
    yb_dip_build *b = NULL;
    int rc = yb_dip_catalog_load(ctx, base_path, &base);
    if (rc) {
        cli_fail(ctx, rc, base_path);
        goto done;
    }
    if ((rc = case_csv_open(ctx, hist_path, EXTRA, 4, &in))) {
        cli_fail(ctx, rc, hist_path);
        goto done;
    }
    if (!case_csv_has_extra(in, X_COST) || !case_csv_has_extra(in, X_YEAR)) {
        fprintf(stderr, "yibao: %s: the history needs the columns cost (yuan) and year\n", hist_path);
        rc = YB_E_FORMAT;
        goto done;
    }
    for (;;) {
        const yb_case_columns *c;
        if ((rc = case_csv_read(in, ctx, CHUNK, &c))) {
            cli_fail(ctx, rc, hist_path);
            goto done;
        }
        if (c->n == 0)
            break;
        for (size_t i = 0; i < c->n; i++) {
            int64_t cost, year;
            const char *cs = case_csv_extra(in, i, X_COST), *ys = case_csv_extra(in, i, X_YEAR);
            if (case_csv_status(in, i)) {
                fprintf(stderr, "yibao: skipped: %s\n", case_csv_message(in, i));
                skipped++;
                continue;
            }
            if (yb_decimal_parse(cs, strlen(cs), 2, &cost) || cost < 0 || yb_decimal_parse(ys, strlen(ys), 0, &year) ||
                year < 1900 || year > 2999) {
                fprintf(stderr, "yibao: skipped: %s line %llu: cost '%s' or year '%s' is not valid\n", hist_path,
                        (unsigned long long)case_csv_line(in, i), cs, ys);
                skipped++;
                continue;
            }
            if (history_add(&h, in, c, i, cost, (int32_t)year) ||
                gen_grow((void **)&lines, &lines_cap, h.n + 1, sizeof *lines)) {
                fprintf(stderr, "yibao: out of memory\n");
                rc = YB_E_NOMEM;
                goto done;
            }
            lines[h.n - 1] = case_csv_line(in, i);
        }
    }
    yb_case_columns cols = { .size = sizeof cols, .n = h.n, .sex = h.sex, .age_years = h.age, .age_days = h.days,
                             .birth_weight_g = h.weight, .los_days = h.los, .discharge_type = h.discharge,
                             .vent_hours = case_csv_has_extra(in, X_VENT) ? h.vent : NULL,
                             .icu_days = case_csv_has_extra(in, X_ICU) ? h.icu : NULL, .dx_row_offsets = h.dx_rows,
                             .dx_data = h.dx ? h.dx : "", .dx_offsets = h.dx_off, .proc_row_offsets = h.proc_rows,
                             .proc_data = h.proc ? h.proc : "", .proc_offsets = h.proc_off };
    int64_t zero = 0;
    if (!h.n)
        cols.dx_row_offsets = cols.proc_row_offsets = &zero;
    if (!h.dx_off)
        cols.dx_offsets = &zero;
    if (!h.proc_off)
        cols.proc_offsets = &zero;
    yb_dip_history hist = { .size = sizeof hist, .cases = &cols, .cost = h.cost, .year = h.year };
    status = calloc(h.n ? h.n : 1, sizeof *status);
    if (!status) {
        rc = YB_E_NOMEM;
        goto done;
    }
    rc = yb_dip_build_catalog(ctx, base, &hist, &p, out_dir, &b, status);
    if (rc) {
        cli_fail(ctx, rc, "dip build");
        goto done;
    }
    uint64_t rejected = 0;
    for (size_t i = 0; i < h.n; i++)
        if (status[i] && rejected++ < 20)
            cli_row_error(hist_path, lines[i], NULL, NULL, 0, status[i]);
    yb_dip_build_summary s = { .size = sizeof s };
    yb_dip_build_get_summary(b, &s);
    char mean[32];
    yb_decimal_format(s.mean_all, 6, mean, sizeof mean);
    printf("cases %lld (skipped %llu unreadable, %lld rejected), threshold %d\n", (long long)s.cases,
           (unsigned long long)skipped, (long long)s.cases_bad, (int)s.threshold);
    printf("groups: %d national active, %d new local core, %d comprehensive\n", (int)s.groups_national,
           (int)s.groups_local, (int)s.groups_comprehensive);
    printf("cases: %lld core, %lld comprehensive, %lld not grouped, %lld trimmed from the means\n",
           (long long)s.cases_core, (long long)s.cases_comprehensive, (long long)s.cases_ungrouped,
           (long long)s.cases_trimmed);
    printf("mean cost of all cases M = %s yuan; %zu scores in %s/scores.csv\n", mean, yb_dip_build_group_count(b),
           out_dir);
done:
    yb_dip_build_free(b);
    free(status);
    free(lines);
    history_free(&h);
    case_csv_close(in);
    yb_dip_catalog_free(base);
    yb_ctx_free(ctx);
    return rc ? 1 : 0;
}

int cmd_dip(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "group") == 0)
        return dip_group(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "build") == 0)
        return dip_build(argc - 1, argv + 1);
    return cli_usage("yibao dip group|build [OPTIONS] (yibao dip group --help)");
}
