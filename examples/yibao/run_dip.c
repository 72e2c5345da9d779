/* run-year, DIP: the region's catalogue learnt from its history
 * (yb_dip_build_catalog, years weighted 1:2:7), every case grouped with it,
 * and the points book the year is settled with: an overlay of the region's
 * points pack whose scores are the builder's scores.csv and whose subtype
 * coefficients are the builder's (so group and subtype codes agree), and —
 * once run_points() has them — the year's budget point values. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx_internal.h"
#include "core/sha256.h"

#include "cli.h"
#include "run_year.h"

/* --------------------------------------------------- a subset of the cases */

typedef struct subset {
    yb_case_columns cols;
    int8_t *sex, *discharge;
    int16_t *age;
    int32_t *days, *weight, *los, *year;
    int64_t *cost, *dx_row, *proc_row;
    region_codes dx, proc;
} subset;

static void subset_free(subset *u)
{
    free(u->sex); free(u->discharge); free(u->age); free(u->days); free(u->weight); free(u->los); free(u->year);
    free(u->cost); free(u->dx_row); free(u->proc_row); free(u->dx.off); free(u->dx.data); free(u->proc.off);
    free(u->proc.data);
    memset(u, 0, sizeof *u);
}

static int copy_list(region_codes *to, int64_t *row_out, size_t i, const region_codes *from, size_t k)
{
    for (int64_t j = from->row[k]; j < from->row[k + 1]; j++)
        if (region_codes_push(to, from->data + from->off[j], (size_t)(from->off[j + 1] - from->off[j])))
            return -1;
    row_out[i + 1] = (int64_t)to->items;
    return 0;
}

/* The local cases discharged in [first, last]: the history the catalogue is learnt from. */
static int make_subset(const region_cases *c, int first, int last, subset *u)
{
    memset(u, 0, sizeof *u);
    size_t n = 0;
    for (size_t k = 0; k < c->n; k++)
        n += c->year[k] >= first && c->year[k] <= last && c->place[k] == PLACE_LOCAL;
    size_t m = n ? n : 1;
    u->sex = malloc(m); u->discharge = malloc(m); u->age = malloc(m * sizeof *u->age);
    u->days = malloc(m * sizeof *u->days); u->weight = malloc(m * sizeof *u->weight);
    u->los = malloc(m * sizeof *u->los); u->year = malloc(m * sizeof *u->year); u->cost = malloc(m * sizeof *u->cost);
    u->dx_row = malloc((n + 1) * sizeof *u->dx_row); u->proc_row = malloc((n + 1) * sizeof *u->proc_row);
    if (!u->sex || !u->discharge || !u->age || !u->days || !u->weight || !u->los || !u->year || !u->cost ||
        !u->dx_row || !u->proc_row || region_codes_push(&u->dx, "", 0) || region_codes_push(&u->proc, "", 0))
        return -1;
    u->dx.items = u->proc.items = 0; /* keep the buffers, drop the dummy item */
    u->dx.bytes = u->proc.bytes = 0;
    u->dx_row[0] = u->proc_row[0] = 0;
    size_t i = 0;
    for (size_t k = 0; k < c->n; k++) {
        if (!(c->year[k] >= first && c->year[k] <= last && c->place[k] == PLACE_LOCAL))
            continue;
        u->sex[i] = c->sex[k]; u->discharge[i] = c->discharge_type[k]; u->age[i] = c->age[k];
        u->days[i] = c->age_days[k]; u->weight[i] = c->weight[k]; u->los[i] = c->los[k];
        u->year[i] = c->year[k]; u->cost[i] = c->cost[k];
        if (copy_list(&u->dx, u->dx_row, i, &c->dx, k) || copy_list(&u->proc, u->proc_row, i, &c->proc, k))
            return -1;
        i++;
    }
    yb_case_columns *x = &u->cols;
    *x = (yb_case_columns){ .size = sizeof *x, .n = n, .sex = u->sex, .age_years = u->age, .age_days = u->days,
                            .birth_weight_g = u->weight, .los_days = u->los, .discharge_type = u->discharge,
                            .dx_row_offsets = u->dx_row, .dx_data = u->dx.data, .dx_offsets = u->dx.off,
                            .proc_row_offsets = u->proc_row, .proc_data = u->proc.data, .proc_offsets = u->proc.off };
    return 0;
}

static yb_case_columns all_cases(const region_cases *c)
{
    static int64_t zero = 0;
    yb_case_columns x = { .size = sizeof x, .n = c->n, .sex = c->sex, .age_years = c->age, .age_days = c->age_days,
                          .birth_weight_g = c->weight, .los_days = c->los, .discharge_type = c->discharge_type,
                          .dx_row_offsets = c->dx.row, .dx_data = c->dx.data, .dx_offsets = c->dx.off,
                          .proc_row_offsets = c->proc.row, .proc_data = c->proc.data ? c->proc.data : "",
                          .proc_offsets = c->proc.off ? c->proc.off : &zero };
    return x;
}

/* ------------------------------------------------------- the overlay book */

/* `target` relative to the directory `from` (both must exist). */
static int relative_path(yb_ctx *ctx, const char *from, const char *target, char *out, size_t cap)
{
    char a[PATH_MAX], o[PATH_MAX];
    if (!realpath(target, a) || !realpath(from, o))
        return yb_fail(ctx, YB_E_IO, "cannot resolve %s or %s: %s", target, from, strerror(errno));
    size_t k = 0, common = 0;
    for (;; k++) { /* common prefix up to a '/' boundary in both */
        if ((a[k] == '/' || !a[k]) && (o[k] == '/' || !o[k]))
            common = k;
        if (a[k] != o[k] || !a[k])
            break;
    }
    size_t len = 0;
    out[0] = 0;
    for (const char *p = o + common; *p && len < cap; p++)
        if (*p == '/')
            len += (size_t)snprintf(out + len, cap - len, "../");
    const char *rest = a + common + (a[common] == '/');
    if (len < cap)
        len += (size_t)snprintf(out + len, cap - len, "%s", *rest ? rest : ".");
    return len < cap ? YB_OK : yb_fail(ctx, YB_E_LIMIT, "path too long: %s", target);
}

static int read_file(yb_ctx *ctx, const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return yb_fail(ctx, YB_E_IO, "cannot read %s", path);
    size_t cap = 1 << 16;
    *len = 0;
    *data = malloc(cap);
    while (*data) {
        size_t got = fread(*data + *len, 1, cap - *len, f);
        *len += got;
        if (*len < cap)
            break;
        char *q = realloc(*data, cap *= 2);
        if (!q) {
            free(*data);
            *data = NULL;
        } else {
            *data = q;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!*data)
        return yb_fail_nomem(ctx, path);
    return bad ? yb_fail(ctx, YB_E_IO, "cannot read %s", path) : YB_OK;
}

static int write_bytes(yb_ctx *ctx, const char *path, const char *data, size_t len, char hex[65])
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        return yb_fail(ctx, YB_E_IO, "cannot write %s", path);
    yb_sha256_hex(data, len, hex);
    return YB_OK;
}

int run_write_book(run_state *s, int with_values)
{
    yb_ctx *ctx = s->ctx;
    char path[REGION_PATH_MAX + 64], rel[REGION_PATH_MAX], h_scores[65], h_sub[65], *scores = NULL, *sub = NULL;
    size_t n_scores = 0, len = 0;
    int rc;
    if (region_mkdir_p(s->book_dir))
        return yb_fail(ctx, YB_E_IO, "cannot create %s", s->book_dir);
    snprintf(path, sizeof path, "%s/scores.csv", s->cat_dir);
    if ((rc = read_file(ctx, path, &scores, &n_scores)))
        return rc;
    snprintf(path, sizeof path, "%s/scores.csv", s->book_dir);
    if ((rc = write_bytes(ctx, path, scores, n_scores, h_scores)))
        goto done;
    /* subtypes: every (group, subtype) coefficient of the built catalogue, in
     * memory (its checksum goes into pack.json) */
    FILE *m = open_memstream(&sub, &len);
    int bad = !m;
    uint32_t nsub = yb_dip_subtype_count(s->dip);
    size_t rows = 0;
    if (m) {
        fputs("group,subtype,coefficient,name\n", m);
        for (uint32_t i = 0; i < nsub; i++) {
            uint32_t g = yb_dip_subtype_group(s->dip, i);
            char coef[32];
            yb_decimal_format(yb_dip_subtype_coefficient(s->dip, i), 6, coef, sizeof coef);
            cli_csv_field(m, g == YB_DIP_NONE ? "*" : yb_dip_group_code(s->dip, g));
            fputc(',', m);
            cli_csv_field(m, yb_dip_subtype_code(s->dip, i));
            fprintf(m, ",%s,\n", coef);
            rows++;
        }
        bad = ferror(m);
        bad |= fclose(m) != 0;
    }
    if (bad) {
        rc = yb_fail_nomem(ctx, "subtypes");
        goto done;
    }
    snprintf(path, sizeof path, "%s/subtypes.csv", s->book_dir);
    if ((rc = write_bytes(ctx, path, sub, len, h_sub)) ||
        (rc = relative_path(ctx, s->book_dir, s->d->pack_points, rel, sizeof rel)))
        goto done;
    size_t n_score_rows = 0;
    for (size_t i = 0; i < n_scores; i++)
        n_score_rows += scores[i] == '\n';
    char values[512] = "";
    if (with_values) {
        char e[32], r[32], re[32], rr[32];
        yb_decimal_format(s->budget_value[0], 6, e, sizeof e);
        yb_decimal_format(s->budget_value[1], 6, r, sizeof r);
        yb_decimal_format(s->ratio[0], 6, re, sizeof re);
        yb_decimal_format(s->ratio[1], 6, rr, sizeof rr);
        snprintf(values, sizeof values,
                 ",\n  \"parameters\": {\n    \"point_value\": {\n      \"budget\": {\n"
                 "        \"employee\": \"%s\",\n        \"resident\": \"%s\"\n      }\n    },\n"
                 "    \"settlement\": {\n      \"ratio\": {\n        \"employee\": \"%s\",\n"
                 "        \"resident\": \"%s\"\n      }\n    }\n  }", e, r, re, rr);
    }
    snprintf(path, sizeof path, "%s/pack.json", s->book_dir);
    FILE *f = fopen(path, "wb");
    if (!f) {
        rc = yb_fail(ctx, YB_E_IO, "cannot write %s", path);
        goto done;
    }
    fprintf(f,
            "{\n  \"format\": \"yibao-pack/1\",\n  \"kind\": \"points-book\",\n  \"name\": \"%s DIP book %d\",\n"
            "  \"version\": \"%d\",\n  \"region\": \"sample\",\n  \"base\": { \"path\": \"%s\", \"fingerprint\": \"%s\" },\n"
            "  \"source\": \"yibao run-year: scores and subtype coefficients from the DIP catalogue built from %d-%d%s\",\n"
            "  \"tables\": {\n"
            "    \"scores\": { \"file\": \"scores.csv\", \"checksum\": \"sha256:%s\", \"rows\": %zu },\n"
            "    \"subtypes\": { \"file\": \"subtypes.csv\", \"checksum\": \"sha256:%s\", \"rows\": %zu }\n  }%s\n}\n",
            s->d->name, s->year, s->year, rel, s->fp_points_base, s->d->first_year, s->year - 1,
            with_values ? "; budget point values from the same history; settlement ratios from last year's claims" : "", h_scores,
            n_score_rows ? n_score_rows - 1 : 0, h_sub, rows, values);
    if (fclose(f) != 0)
        rc = yb_fail(ctx, YB_E_IO, "cannot write %s", path);
    yb_points_book_free(s->book);
    s->book = NULL;
    if (!rc && !(rc = yb_points_book_load(ctx, s->book_dir, &s->book)))
        snprintf(s->fp_book, sizeof s->fp_book, "%s", yb_points_book_fingerprint(s->book));
done:
    free(scores);
    free(sub);
    return rc;
}

/* ---------------------------------------------------------------- the step */

int run_dip(run_state *s)
{
    yb_ctx *ctx = s->ctx;
    const region_cases *c = &s->data.c;
    subset hist;
    yb_dip_build *build = NULL;
    int32_t *hist_status = NULL;
    int rc;
    run_stage(s, "DIP catalogue (build)");
    if (make_subset(c, s->d->first_year, s->year - 1, &hist)) {
        subset_free(&hist);
        return yb_fail_nomem(ctx, "history");
    }
    int32_t years[REGION_MAX_YEARS];
    size_t ny = 0;
    for (int y = s->d->first_year; y < s->year; y++)
        years[ny++] = y;
    yb_dip_build_params p;
    yb_dip_build_params_init(&p);
    p.n_years = ny;
    p.years = years;
    p.trim_low = s->d->dip_trim_low;
    p.trim_high = s->d->dip_trim_high;
    p.threshold_cases = s->d->dip_threshold;
    p.scale = s->d->dip_scale;
    p.name = "DIP";
    char version[160];
    snprintf(version, sizeof version, "%s-%d", s->d->name, s->year);
    p.version = version;
    p.region = "sample";
    yb_dip_history h = { .size = sizeof h, .cases = &hist.cols, .cost = hist.cost, .year = hist.year };
    hist_status = malloc((hist.cols.n ? hist.cols.n : 1) * sizeof *hist_status);
    if (!hist_status) {
        rc = yb_fail_nomem(ctx, "history");
        goto done;
    }
    if ((rc = yb_dip_build_catalog(ctx, s->dip_base, &h, &p, s->cat_dir, &build, hist_status)))
        goto done;
    s->dip_summary.size = sizeof s->dip_summary;
    yb_dip_build_get_summary(build, &s->dip_summary);
    if ((rc = yb_dip_catalog_load(ctx, s->cat_dir, &s->dip)))
        goto done;
    snprintf(s->fp_dip, sizeof s->fp_dip, "%s", yb_dip_catalog_fingerprint(s->dip));
    /* every case (history and settlement year) with the region's catalogue */
    run_stage(s, "DIP grouping");
    s->dip_group = malloc(c->n * sizeof *s->dip_group);
    s->dip_subtype = malloc(c->n * sizeof *s->dip_subtype);
    s->dip_status = malloc(c->n * sizeof *s->dip_status);
    if (!s->dip_group || !s->dip_subtype || !s->dip_status) {
        rc = yb_fail_nomem(ctx, "DIP results");
        goto done;
    }
    yb_case_columns all = all_cases(c);
    yb_dip_results out = { .size = sizeof out, .n = c->n, .group = s->dip_group, .subtype = s->dip_subtype };
    int bad = yb_dip_group_batch(ctx, s->dip, &all, &out, s->dip_status);
    if (bad < 0) {
        rc = bad;
        goto done;
    }
    for (size_t k = 0; k < c->n; k++)
        s->dip_ungrouped_settle += c->year[k] == s->year && c->place[k] == PLACE_LOCAL &&
                                   s->dip_group[k] == YB_DIP_NONE;
    run_stage(s, "points book (overlay)");
    rc = run_write_book(s, 0);
done:
    yb_dip_build_free(build);
    free(hist_status);
    subset_free(&hist);
    return rc;
}
