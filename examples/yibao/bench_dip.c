/* `yibao bench dip [--catalog PACK] [--cases N] [--seed S]`: DIP grouping
 * throughput on cases generated from the catalogue's own rules.
 *
 * Each generated case follows one rule of the catalogue picked at random (a
 * principal diagnosis from the rule's diagnosis list, its principal procedure,
 * its related procedures with probability 0.7 each, the procedures and
 * secondary diagnoses it requires, newborn age and weight for the P07 rules),
 * plus 0-2 random secondary diagnoses and, for one case in five, a random extra
 * procedure; one case in ten is entirely random (mostly ungrouped or excluded).
 * The baseline, measured in the same run, looks every code of the batch up in
 * the catalogue's dictionaries and nothing else. Figures: one thread and two
 * threads (each its own context, half the batch), codes as strings and as
 * pre-interned ids. Last line: `group DIP-3.0 <cases> cases <s> s <rate> cases/s`
 * for one thread from strings. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "core/csv.h"
#include "core/pack.h"
#include "grouping/dip_internal.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t seed_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t n)
{
    seed_state = seed_state * 6364136223846793005ull + 1442695040888963407ull;
    return n ? (uint32_t)((seed_state >> 33) % n) : 0;
}

typedef struct rule_text {
    char *pdx, *sdx, *anydx, *pproc, *procs, *related;
    int age_max, wmin, wmax;
} rule_text;

typedef struct gen {
    const yb_dip_catalog *cat;
    const char **dx_sorted; /* diagnosis codes sorted, for prefix ranges */
    uint32_t ndx;
    rule_text *rules;
    size_t nrules;
    char *dx_data, *proc_data;
    size_t dx_len, proc_len, dx_cap, proc_cap;
    int64_t *dx_off, *proc_off, *dx_rows, *proc_rows;
    size_t ndx_items, nproc_items, dx_ocap, proc_ocap;
} gen;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A random diagnosis code matching one item of a '|' list ("K35", "K35.8", "A15-A16", an exact code). */
static const char *pick_dx(gen *g, const char *list)
{
    if (!list || !*list)
        return g->dx_sorted[rnd(g->ndx)];
    size_t items = 1;
    for (const char *s = list; *s; s++)
        items += *s == '|';
    size_t k = rnd((uint32_t)items);
    const char *s = list;
    while (k--)
        s = strchr(s, '|') + 1;
    size_t n = strcspn(s, "|");
    char key[64];
    if (n >= sizeof key)
        n = sizeof key - 1;
    memcpy(key, s, n);
    key[n] = '\0';
    if (n == 7 && key[3] == '-')
        key[3] = '\0', n = 3; /* a range: its first category */
    size_t lo = 0, hi = g->ndx;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(g->dx_sorted[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < g->ndx && strncmp(g->dx_sorted[end], key, n) == 0)
        end++;
    if (end == lo)
        return g->dx_sorted[rnd(g->ndx)];
    return g->dx_sorted[lo + rnd((uint32_t)(end - lo))];
}

/* Appends one code to a string column (off[0] = 0 is set by the caller). */
static void push(char **data, size_t *len, size_t *cap, int64_t **off, size_t *ocap, size_t *items, const char *s,
                 size_t n)
{
    while (*len + n + 1 > *cap) {
        *cap = *cap ? *cap * 2 : 1 << 20;
        *data = realloc(*data, *cap);
    }
    while (*items + 2 > *ocap) {
        *ocap *= 2;
        *off = realloc(*off, *ocap * sizeof **off);
    }
    memcpy(*data + *len, s, n);
    *len += n;
    (*off)[++*items] = (int64_t)*len;
}

static void add_dx(gen *g, const char *code)
{
    push(&g->dx_data, &g->dx_len, &g->dx_cap, &g->dx_off, &g->dx_ocap, &g->ndx_items, code, strlen(code));
}

/* One random alternative of each '+' component of an expression; related
 * components are each kept with probability 0.7. */
static void add_expr(gen *g, const char *expr, int related)
{
    if (!expr || !*expr || (expr[0] == '-' && !expr[1]))
        return;
    const char *s = expr;
    while (*s) {
        size_t comp = strcspn(s, "+");
        size_t alts = 1;
        for (size_t i = 0; i < comp; i++)
            alts += s[i] == '|';
        size_t k = rnd((uint32_t)alts);
        const char *a = s;
        while (k--)
            a = (const char *)memchr(a, '|', comp - (size_t)(a - s)) + 1;
        size_t n = strcspn(a, "|+");
        if (!related || rnd(10) < 7)
            push(&g->proc_data, &g->proc_len, &g->proc_cap, &g->proc_off, &g->proc_ocap, &g->nproc_items, a, n);
        s += comp + (s[comp] == '+');
    }
}

static char *dup_field(const yb_csv *r, long col)
{
    if (col < 0)
        return NULL;
    size_t n;
    const char *s = yb_csv_field(r, (size_t)col, &n);
    char *d = malloc(n + 1);
    memcpy(d, s, n + 1);
    return d;
}

static int read_rules(yb_ctx *ctx, const char *path, gen *g)
{
    yb_pack *pack;
    int rc = yb_pack_open(ctx, path, "dip-catalog", &pack);
    if (rc)
        return rc;
    yb_csv *r;
    if ((rc = yb_pack_table_open(ctx, pack, "rules", &r))) {
        yb_pack_close(pack);
        return rc;
    }
    static const char *const cols[] = { "pdx", "sdx", "anydx", "pproc", "procs", "related", "age_days_max",
                                        "weight_min", "weight_max", "attribute" };
    static const int req[] = { 1, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
    long c[10];
    rc = yb_csv_map_cols(r, ctx, cols, req, 10, c);
    size_t cap = 0;
    while (rc == YB_OK && (rc = yb_csv_next(r, ctx)) == 1) {
        rc = YB_OK;
        size_t an = 0;
        if (c[9] >= 0 && (yb_csv_field(r, (size_t)c[9], &an), an))
            continue; /* comprehensive rules: their cases come from the rest */
        if (g->nrules == cap) {
            cap = cap ? cap * 2 : 4096;
            g->rules = realloc(g->rules, cap * sizeof *g->rules);
        }
        rule_text *t = &g->rules[g->nrules++];
        t->pdx = dup_field(r, c[0]);
        t->sdx = dup_field(r, c[1]);
        t->anydx = dup_field(r, c[2]);
        t->pproc = dup_field(r, c[3]);
        t->procs = dup_field(r, c[4]);
        t->related = dup_field(r, c[5]);
        int64_t v;
        int present;
        t->age_max = t->wmin = t->wmax = -1;
        if (c[6] >= 0 && !yb_csv_get_i64_opt(r, ctx, (size_t)c[6], 0, 100000, &v, &present) && present)
            t->age_max = (int)v;
        if (c[7] >= 0 && !yb_csv_get_i64_opt(r, ctx, (size_t)c[7], 0, 100000, &v, &present) && present)
            t->wmin = (int)v;
        if (c[8] >= 0 && !yb_csv_get_i64_opt(r, ctx, (size_t)c[8], 0, 100000, &v, &present) && present)
            t->wmax = (int)v;
    }
    yb_csv_close(r);
    yb_pack_close(pack);
    return rc < 0 ? rc : YB_OK;
}

typedef struct job {
    const yb_dip_catalog *cat;
    yb_case_columns cols;
    yb_dip_results res;
    int rc;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    yb_ctx *ctx;
    if (yb_ctx_new(&ctx, NULL)) {
        j->rc = YB_E_NOMEM;
        return NULL;
    }
    j->rc = yb_dip_group_batch(ctx, j->cat, &j->cols, &j->res, NULL);
    yb_ctx_free(ctx);
    return NULL;
}

/* The batch rows [a, b) as columns of their own (offsets are absolute, so only the row offsets move). */
static yb_case_columns slice(const yb_case_columns *c, size_t a, size_t b)
{
    yb_case_columns s = *c;
    s.n = b - a;
    s.sex += a;
    s.age_years += a;
    s.age_days += a;
    s.birth_weight_g += a;
    s.los_days += a;
    s.discharge_type += a;
    s.icu_days += a;
    s.dx_row_offsets += a;
    s.proc_row_offsets += a;
    return s;
}

static double run(const yb_dip_catalog *cat, const yb_case_columns *c, int threads, uint32_t *group, int *rc)
{
    job jobs[2];
    pthread_t th[2];
    size_t half = c->n / 2;
    double t0 = now();
    for (int t = 0; t < threads; t++) {
        size_t a = threads == 1 ? 0 : t == 0 ? 0 : half, b = threads == 1 ? c->n : t == 0 ? half : c->n;
        jobs[t].cat = cat;
        jobs[t].cols = slice(c, a, b);
        jobs[t].res = (yb_dip_results){ .size = sizeof(yb_dip_results), .n = b - a, .group = group + a };
        if (threads == 1)
            run_job(&jobs[t]);
        else
            pthread_create(&th[t], NULL, run_job, &jobs[t]);
    }
    for (int t = 0; threads > 1 && t < threads; t++)
        pthread_join(th[t], NULL);
    double dt = now() - t0;
    *rc = 0;
    for (int t = 0; t < threads; t++)
        if (jobs[t].rc < 0)
            *rc = jobs[t].rc;
    return dt;
}

int bench_dip(int argc, char **argv)
{
    const char *path = "packs/dip-3.0", *v;
    long n = 1000000;
    for (int i = 1; i < argc; i++) {
        if ((v = cli_option(argc, argv, &i, "--catalog")))
            path = v;
        else if ((v = cli_option(argc, argv, &i, "--cases")))
            n = strtol(v, NULL, 10);
        else if ((v = cli_option(argc, argv, &i, "--seed")))
            seed_state = strtoull(v, NULL, 10);
        else
            return cli_usage("yibao bench dip [--catalog PACK] [--cases N] [--seed S]");
    }
    if (n < 1000 || n > 50000000)
        return cli_usage("yibao bench dip: --cases must be 1000 … 50000000");
    yb_ctx *ctx = cli_ctx();
    if (!ctx)
        return 1;
    yb_dip_catalog *cat = NULL;
    gen g;
    memset(&g, 0, sizeof g);
    int rc = yb_dip_catalog_load(ctx, path, &cat);
    if (!rc)
        rc = read_rules(ctx, path, &g);
    if (rc) {
        cli_fail(ctx, rc, path);
        yb_dip_catalog_free(cat);
        yb_ctx_free(ctx);
        return 1;
    }
    const yb_dict *dxd = yb_dip_catalog_dx_dict(cat), *prd = yb_dip_catalog_proc_dict(cat);
    g.cat = cat;
    g.ndx = yb_dict_count(dxd);
    g.dx_sorted = malloc(g.ndx * sizeof *g.dx_sorted);
    for (uint32_t i = 0; i < g.ndx; i++)
        g.dx_sorted[i] = yb_dict_code(dxd, i);
    qsort(g.dx_sorted, g.ndx, sizeof *g.dx_sorted, cmp_str);
    size_t N = (size_t)n;
    int8_t *sex = malloc(N), *disch = malloc(N);
    int16_t *age = malloc(N * 2);
    int32_t *days = malloc(N * 4), *weight = malloc(N * 4), *los = malloc(N * 4), *icu = malloc(N * 4);
    g.dx_rows = malloc((N + 1) * 8);
    g.proc_rows = malloc((N + 1) * 8);
    g.dx_ocap = g.proc_ocap = (size_t)1 << 16;
    g.dx_off = malloc(g.dx_ocap * sizeof *g.dx_off);
    g.proc_off = malloc(g.proc_ocap * sizeof *g.proc_off);
    g.dx_rows[0] = g.proc_rows[0] = g.dx_off[0] = g.proc_off[0] = 0;
    uint32_t nproc_codes = yb_dict_count(prd);
    for (size_t i = 0; i < N; i++) {
        const rule_text *t = rnd(10) == 0 ? NULL : &g.rules[rnd((uint32_t)g.nrules)];
        sex[i] = (int8_t)(1 + rnd(2));
        disch[i] = (int8_t)(rnd(50) == 0 ? 5 : 1);
        los[i] = (int32_t)(1 + rnd(20));
        icu[i] = rnd(10) == 0 ? (int32_t)rnd(10) : -1;
        if (t && t->age_max >= 0) {
            age[i] = 0;
            days[i] = (int32_t)rnd((uint32_t)t->age_max + 1);
            weight[i] = t->wmin >= 0 ? t->wmin + (int32_t)rnd((uint32_t)(t->wmax - t->wmin + 1)) : 3000;
        } else {
            age[i] = (int16_t)(1 + rnd(90));
            days[i] = weight[i] = -1;
        }
        add_dx(&g, pick_dx(&g, t ? t->pdx : NULL));
        if (t && t->sdx && *t->sdx)
            add_dx(&g, pick_dx(&g, t->sdx));
        if (t && t->anydx && *t->anydx)
            add_dx(&g, pick_dx(&g, t->anydx));
        for (uint32_t k = rnd(3); k > 0; k--)
            add_dx(&g, g.dx_sorted[rnd(g.ndx)]);
        g.dx_rows[i + 1] = (int64_t)g.ndx_items;
        if (t) {
            add_expr(&g, t->pproc, 0);
            add_expr(&g, t->procs, 0);
            add_expr(&g, t->related, 1);
        }
        if (!t || rnd(5) == 0) {
            const char *p = yb_dict_code(prd, rnd(nproc_codes));
            push(&g.proc_data, &g.proc_len, &g.proc_cap, &g.proc_off, &g.proc_ocap, &g.nproc_items, p, strlen(p));
        }
        g.proc_rows[i + 1] = (int64_t)g.nproc_items;
    }
    yb_case_columns cols = { .size = sizeof cols, .n = N, .sex = sex, .age_years = age, .age_days = days,
                             .birth_weight_g = weight, .los_days = los, .discharge_type = disch, .icu_days = icu,
                             .dx_row_offsets = g.dx_rows, .dx_data = g.dx_data, .dx_offsets = g.dx_off,
                             .proc_row_offsets = g.proc_rows, .proc_data = g.proc_data, .proc_offsets = g.proc_off };
    /* ids */
    uint32_t *dx_ids = malloc(g.ndx_items * 4 + 4), *proc_ids = malloc(g.nproc_items * 4 + 4);
    for (size_t k = 0; k < g.ndx_items; k++)
        yb_dict_lookup(dxd, g.dx_data + g.dx_off[k], (size_t)(g.dx_off[k + 1] - g.dx_off[k]), &dx_ids[k]);
    for (size_t k = 0; k < g.nproc_items; k++)
        yb_dict_lookup(prd, g.proc_data + g.proc_off[k], (size_t)(g.proc_off[k + 1] - g.proc_off[k]), &proc_ids[k]);
    yb_case_columns idcols = cols;
    idcols.dx_data = idcols.proc_data = NULL;
    idcols.dx_offsets = idcols.proc_offsets = NULL;
    idcols.dx_ids = dx_ids;
    idcols.proc_ids = proc_ids;

    /* baseline: every code looked up, nothing else */
    double t0 = now();
    uint32_t sink = 0, id;
    for (size_t k = 0; k < g.ndx_items; k++)
        if (!yb_dict_lookup(dxd, g.dx_data + g.dx_off[k], (size_t)(g.dx_off[k + 1] - g.dx_off[k]), &id))
            sink += id;
    for (size_t k = 0; k < g.nproc_items; k++)
        if (!yb_dict_lookup(prd, g.proc_data + g.proc_off[k], (size_t)(g.proc_off[k + 1] - g.proc_off[k]), &id))
            sink += id;
    double base = now() - t0;
    printf("DIP catalogue %s (%s %s, %u groups): %zu generated cases, %.2f diagnoses and %.2f procedures per case\n",
           path, cat->pack_name, cat->pack_version, yb_dip_group_count(cat), N, (double)g.ndx_items / (double)N,
           (double)g.nproc_items / (double)N);
    printf("baseline (dictionary lookups only, 1 thread): %.3f s, %.0f cases/s (checksum %u)\n", base,
           (double)N / base, sink & 1);
    uint32_t *group = malloc(N * 4);
    double t_str1 = 0;
    static const char *const names[] = { "strings", "ids" };
    for (int form = 0; form < 2 && !rc; form++)
        for (int threads = 1; threads <= 2 && !rc; threads++) {
            double dt = run(cat, form ? &idcols : &cols, threads, group, &rc);
            if (form == 0 && threads == 1)
                t_str1 = dt;
            printf("%d thread%s from %-7s: %.3f s, %.0f cases/s (%.2f x baseline time)\n", threads,
                   threads == 1 ? ", " : "s,", names[form], dt, (double)N / dt, dt / base);
        }
    if (!rc) {
        size_t layers[DIP_NLAYERS + 1] = { 0 };
        for (size_t i = 0; i < N; i++) {
            int k = group[i] == YB_DIP_NONE ? 0 : yb_dip_group_kind(cat, group[i]);
            layers[k >= 0 && k <= DIP_NLAYERS ? k : 0]++;
        }
        printf("layers:");
        for (int k = 0; k <= DIP_NLAYERS; k++)
            printf(" %s %.1f%%", k ? dip_layer_names[k] : "ungrouped", 100.0 * (double)layers[k] / (double)N);
        printf("\n(machine shared with other jobs: compare the ratios, not the absolute rates)\n");
        printf("group %s-%s %zu cases %.3f s %.0f cases/s\n", cat->pack_name, cat->pack_version, N, t_str1,
               (double)N / t_str1);
    } else {
        cli_fail(ctx, rc, "bench dip");
    }
    free(group);
    free(dx_ids);
    free(proc_ids);
    free(sex);
    free(disch);
    free(age);
    free(days);
    free(weight);
    free(los);
    free(icu);
    free(g.dx_rows);
    free(g.proc_rows);
    free(g.dx_off);
    free(g.proc_off);
    free(g.dx_data);
    free(g.proc_data);
    free(g.dx_sorted);
    for (size_t r = 0; r < g.nrules; r++) {
        free(g.rules[r].pdx);
        free(g.rules[r].sdx);
        free(g.rules[r].anydx);
        free(g.rules[r].pproc);
        free(g.rules[r].procs);
        free(g.rules[r].related);
    }
    free(g.rules);
    yb_dip_catalog_free(cat);
    yb_ctx_free(ctx);
    return rc ? 1 : 0;
}
