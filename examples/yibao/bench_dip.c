/* DIP grouping throughput: the DIP lines of `yibao bench group`, and
 * `yibao bench dip [--catalog PACK] [--cases N] [--passes P] [--seed S] [--only RUN]` (the same
 * runs alone, with their own summary line `group DIP-3.0 <cases> cases <s> s <rate> cases/s` of the
 * single-thread run from strings).
 *
 * Cases follow the catalogue's own rules (case_gen.c's template cases): each
 * non-comprehensive rule of rules.csv is a template — a principal diagnosis
 * from the rule's diagnosis list (an item "K35" or "K35.8" stands for every
 * code of the catalogue under it, a range "C00-C75" for its first category),
 * one code of its secondary and any-diagnosis lists, one alternative of each
 * component of its principal procedure and required procedures, each related
 * procedure component with probability 0.7, newborn age and weight for the
 * newborn rules — plus 0-2 random secondary diagnoses and, for one case in
 * five, a random extra procedure; one case in ten is a random case of the
 * catalogue's codes (mostly ungrouped or excluded). The baseline, measured in
 * the same run, looks every code of the batch up in the catalogue's
 * dictionaries (yb_dict_lookup_batch()) and nothing else. Runs: strings and
 * ids, 1 and 2 threads (each thread its own context, half the batch); every
 * run must give the same groups. */
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/pack.h"

#include "bench_dip.h"
#include "bench_run.h"
#include "case_gen.h"
#include "cli.h"

/* Templates under construction: slots and alternatives by index (the arrays
 * grow), turned into case_gen's pointers at the end. */
typedef struct tslot {
    size_t alt0, nalt;
    int percent;
} tslot;

typedef struct ttemplate {
    size_t dx0, ndx, proc0, nproc;
    int32_t newborn_days, wmin, wmax;
} ttemplate;

typedef struct builder {
    const char **dx_sorted;      /* the catalogue's diagnosis codes, sorted */
    size_t ndx;
    const yb_dict *proc_dict;
    const char **proc_codes;     /* one entry per procedure alternative (a run of one code) */
    size_t nproc, proc_cap;
    case_gen_alt *alts;          /* codes point into dx_sorted or proc_codes (fixed up at the end) */
    int *alt_is_proc;
    size_t nalts, alt_cap;
    tslot *slots;
    size_t nslots, slot_cap;
    ttemplate *tpl;
    size_t ntpl, tpl_cap;
    int oom;
} builder;

static void *grow(void *p, size_t *cap, size_t need, size_t elem, int *oom)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap * 2 : 1024;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * elem);
    if (!q) {
        *oom = 1;
        return p;
    }
    *cap = c;
    return q;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_alt(builder *b, size_t first, size_t n, int is_proc)
{
    size_t cap = b->alt_cap;
    b->alts = grow(b->alts, &cap, b->nalts + 1, sizeof *b->alts, &b->oom);
    b->alt_is_proc = grow(b->alt_is_proc, &b->alt_cap, b->nalts + 1, sizeof *b->alt_is_proc, &b->oom);
    if (b->oom)
        return;
    b->alts[b->nalts] = (case_gen_alt){ (const char *const *)(uintptr_t)first, n }; /* index until fixed up */
    b->alt_is_proc[b->nalts++] = is_proc;
}

static void add_slot(builder *b, size_t alt0, int percent)
{
    b->slots = grow(b->slots, &b->slot_cap, b->nslots + 1, sizeof *b->slots, &b->oom);
    if (!b->oom && b->nalts > alt0)
        b->slots[b->nslots++] = (tslot){ alt0, b->nalts - alt0, percent };
}

/* A diagnosis slot: every item of a '|' list is an alternative, the run of
 * catalogue codes that start with it. Empty list: every code. */
static void dx_slot(builder *b, const char *list, size_t len)
{
    size_t alt0 = b->nalts;
    if (len == 0) {
        add_alt(b, 0, b->ndx, 0);
        add_slot(b, alt0, 100);
        return;
    }
    for (size_t i = 0; i <= len;) {
        size_t j = i;
        while (j < len && list[j] != '|')
            j++;
        char key[64];
        size_t n = j - i < sizeof key ? j - i : sizeof key - 1;
        memcpy(key, list + i, n);
        while (n && (key[n - 1] == '+' || key[n - 1] == ' '))
            n--;
        key[n] = '\0';
        if (n == 7 && key[3] == '-')
            key[n = 3] = '\0'; /* a range: its first category */
        size_t lo = 0, hi = b->ndx;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(b->dx_sorted[mid], key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t end = lo;
        while (end < b->ndx && strncmp(b->dx_sorted[end], key, n) == 0)
            end++;
        if (end > lo)
            add_alt(b, lo, end - lo, 0);
        i = j + 1;
    }
    add_slot(b, alt0, 100);
}

/* Procedure slots: one per '+' component, its '|' alternatives one code each. */
static void proc_slots(builder *b, const char *expr, size_t len, int percent)
{
    if (len == 0 || (len == 1 && expr[0] == '-'))
        return;
    for (size_t i = 0; i <= len;) {
        size_t j = i;
        while (j < len && expr[j] != '+')
            j++;
        size_t alt0 = b->nalts;
        for (size_t a = i; a <= j;) {
            size_t e = a;
            while (e < j && expr[e] != '|')
                e++;
            uint32_t id;
            if (e > a && yb_dict_lookup(b->proc_dict, expr + a, e - a, &id) == YB_OK) {
                b->proc_codes = grow(b->proc_codes, &b->proc_cap, b->nproc + 1, sizeof *b->proc_codes, &b->oom);
                if (b->oom)
                    return;
                b->proc_codes[b->nproc] = yb_dict_code(b->proc_dict, id);
                add_alt(b, b->nproc++, 1, 1);
            }
            a = e + 1;
        }
        add_slot(b, alt0, percent);
        i = j + 1;
    }
}

static int read_rules(yb_ctx *ctx, const char *path, builder *b)
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
    while (rc == YB_OK && !b->oom && (rc = yb_csv_next(r, ctx)) == 1) {
        rc = YB_OK;
        size_t len[10];
        const char *f[10];
        for (int k = 0; k < 10; k++) {
            len[k] = 0;
            f[k] = c[k] >= 0 ? yb_csv_field(r, (size_t)c[k], &len[k]) : "";
        }
        if (len[9])
            continue; /* comprehensive rules: their cases come from the random ones */
        b->tpl = grow(b->tpl, &b->tpl_cap, b->ntpl + 1, sizeof *b->tpl, &b->oom);
        if (b->oom)
            break;
        ttemplate *t = &b->tpl[b->ntpl];
        t->dx0 = b->nslots;
        dx_slot(b, f[0], len[0]);
        for (int k = 1; k <= 2; k++)
            if (len[k])
                dx_slot(b, f[k], len[k]);
        t = &b->tpl[b->ntpl];
        t->ndx = b->nslots - t->dx0;
        t->proc0 = b->nslots;
        proc_slots(b, f[3], len[3], 100);
        proc_slots(b, f[4], len[4], 100);
        proc_slots(b, f[5], len[5], 70);
        t = &b->tpl[b->ntpl];
        t->nproc = b->nslots - t->proc0;
        int64_t v[3];
        for (int k = 0; k < 3; k++) {
            int present = 0;
            v[k] = -1;
            if (c[6 + k] >= 0 && (yb_csv_get_i64_opt(r, ctx, (size_t)c[6 + k], 0, 100000, &v[k], &present) ||
                                  !present))
                v[k] = -1;
        }
        t->newborn_days = (int32_t)v[0];
        t->wmin = (int32_t)v[1];
        t->wmax = (int32_t)v[2];
        b->ntpl++;
    }
    yb_csv_close(r);
    yb_pack_close(pack);
    if (b->oom)
        return yb_fail_nomem(ctx, "benchmark templates");
    return rc < 0 ? rc : YB_OK;
}

static int dip_batch(yb_ctx *ctx, const void *cat, const yb_case_columns *cols, uint32_t *group)
{
    yb_dip_results r = { .size = sizeof r, .n = cols->n, .group = group };
    return yb_dip_group_batch(ctx, cat, cols, &r, NULL);
}

int bench_group_dip(dip_bench *bp)
{
    bench_counting cnt = { 0, 0 };
    yb_allocator alloc = bench_counting_allocator(&cnt);
    yb_ctx *ctx = NULL;
    if (yb_ctx_new(&ctx, &alloc))
        return 1;
    yb_dip_catalog *cat = NULL;
    builder b;
    memset(&b, 0, sizeof b);
    case_gen *g = NULL;
    case_gen_slot *slots = NULL;
    case_gen_template *tpl = NULL;
    const char **procs = NULL;
    uint32_t *dx_ids = NULL, *proc_ids = NULL, *group = NULL, *group2 = NULL, *ids_tmp = NULL;
    int exit_code = 1;
    double t0 = bench_now();
    int rc = yb_dip_catalog_load(ctx, bp->catalog, &cat);
    double load_s = bench_now() - t0;
    if (!rc)
        printf("DIP catalogue %s (%u groups): load %.2f s; heap %.1f MiB\n", bp->catalog, yb_dip_group_count(cat),
               load_s, cnt.live / 1048576.0);
    if (rc) {
        cli_fail(ctx, rc, bp->catalog);
        goto done;
    }
    const yb_dict *dxd = yb_dip_catalog_dx_dict(cat), *prd = yb_dip_catalog_proc_dict(cat);
    b.ndx = yb_dict_count(dxd);
    b.dx_sorted = malloc((b.ndx ? b.ndx : 1) * sizeof *b.dx_sorted);
    size_t nproc = yb_dict_count(prd);
    procs = malloc((nproc ? nproc : 1) * sizeof *procs);
    if (!b.dx_sorted || !procs)
        goto oom;
    for (size_t i = 0; i < b.ndx; i++)
        b.dx_sorted[i] = yb_dict_code(dxd, (uint32_t)i);
    qsort(b.dx_sorted, b.ndx, sizeof *b.dx_sorted, cmp_str);
    for (size_t i = 0; i < nproc; i++)
        procs[i] = yb_dict_code(prd, (uint32_t)i);
    b.proc_dict = prd;
    if ((rc = read_rules(ctx, bp->catalog, &b))) {
        cli_fail(ctx, rc, bp->catalog);
        goto done;
    }
    /* indices to pointers */
    for (size_t i = 0; i < b.nalts; i++)
        b.alts[i].codes = (b.alt_is_proc[i] ? b.proc_codes : b.dx_sorted) + (uintptr_t)b.alts[i].codes;
    slots = malloc((b.nslots ? b.nslots : 1) * sizeof *slots);
    tpl = malloc((b.ntpl ? b.ntpl : 1) * sizeof *tpl);
    if (!slots || !tpl)
        goto oom;
    for (size_t i = 0; i < b.nslots; i++)
        slots[i] = (case_gen_slot){ b.alts + b.slots[i].alt0, b.slots[i].nalt, b.slots[i].percent };
    for (size_t i = 0; i < b.ntpl; i++)
        tpl[i] = (case_gen_template){ slots + b.tpl[i].dx0, b.tpl[i].ndx, slots + b.tpl[i].proc0, b.tpl[i].nproc,
                                      b.tpl[i].newborn_days, b.tpl[i].wmin, b.tpl[i].wmax };
    case_gen_pools pools = { (const char *const *)b.dx_sorted, b.ndx, (const char *const *)b.dx_sorted, b.ndx,
                             procs, nproc, procs, nproc };
    case_gen_spec spec = { tpl, b.ntpl, 10, 2, 20 };
    size_t n = bp->cases;
    g = case_gen_make_templated(&pools, &spec, n, bp->seed);
    group = malloc(n * sizeof *group);
    group2 = malloc(n * sizeof *group2);
    yb_case_columns ids;
    if (!g || !group || !group2 || bench_to_ids(dxd, prd, case_gen_cases(g), &dx_ids, &proc_ids, &ids))
        goto oom;
    const yb_case_columns *cs = case_gen_cases(g);
    double dxc, prc, surg;
    case_gen_stats(g, &dxc, &prc, &surg);
    printf("DIP cases: %zu generated (seed %llu) from %zu rules of the catalogue; %.2f diagnoses and %.2f "
           "procedures per case\n",
           n, (unsigned long long)bp->seed, b.ntpl, dxc, prc);

    /* baseline: every code of the batch looked up, nothing else */
    size_t nd = (size_t)cs->dx_row_offsets[n], np = (size_t)cs->proc_row_offsets[n];
    ids_tmp = malloc((nd > np ? nd : np) * sizeof *ids_tmp + 4);
    if (!ids_tmp)
        goto oom;
    double c0 = bench_cpu_now();
    t0 = bench_now();
    for (int p = 0; p < bp->passes; p++) {
        (void)yb_dict_lookup_batch(dxd, cs->dx_data, cs->dx_offsets, nd, ids_tmp);
        (void)yb_dict_lookup_batch(prd, cs->proc_data, cs->proc_offsets, np, ids_tmp);
    }
    double base = bench_now() - t0, base_cpu = bench_cpu_now() - c0;
    double total = (double)n * (double)bp->passes;
    printf("dip baseline (dictionary look-ups only, 1 thread): %.0f cases in %.3f s = %.0f cases/s wall; %.3f CPU s "
           "= %.0f cases per CPU second\n",
           total, base, total / base, base_cpu, total / base_cpu);

    snprintf(bp->label, sizeof bp->label, "%s", "DIP");
    {
        /* the label: the pack's name and version, as in its manifest */
        yb_pack *pack = NULL;
        if (!yb_pack_open(ctx, bp->catalog, "dip-catalog", &pack))
            snprintf(bp->label, sizeof bp->label, "%s-%s", yb_pack_name(pack), yb_pack_version(pack));
        yb_pack_close(pack);
    }
    struct { const char *what; const yb_case_columns *cols; int threads; } runs[] = {
        { "strings, 1 thread ", cs, 1 }, { "ids,     1 thread ", &ids, 1 },
        { "strings, 2 threads", cs, 2 }, { "ids,     2 threads", &ids, 2 },
    };
    double cpu_s[4] = { 0, 0, 0, 0 };
    for (int r = 0; r < 4; r++) {
        if (bp->only >= 0 && r != bp->only)
            continue;
        double cpu;
        (void)bench_timed(dip_batch, cat, runs[r].cols, runs[r].threads, 1, r ? group2 : group, &cpu); /* warm-up */
        double dt = bench_timed(dip_batch, cat, runs[r].cols, runs[r].threads, bp->passes, r ? group2 : group, &cpu);
        if (dt < 0) {
            fprintf(stderr, "yibao: DIP grouping failed\n");
            goto done;
        }
        if (r && bp->only < 0 && memcmp(group, group2, n * sizeof *group) != 0) {
            fprintf(stderr, "yibao: DIP run '%s' grouped differently from the first run\n", runs[r].what);
            goto done;
        }
        double rate = total / dt;
        cpu_s[r] = cpu;
        if (r == 0) {
            bp->first_s = dt;
            bp->first_rate = rate;
            bp->first_done = 1;
        }
        printf("dip %s %s: %.0f cases in %.3f s = %.0f cases/s wall; %.3f CPU s = %.0f cases per CPU second\n",
               bp->label, runs[r].what, total, dt, rate, cpu, total / cpu);
    }
    if (cpu_s[0] > 0 && cpu_s[1] > 0)
        printf("dip CPU time, 1 thread: strings %.2f x ids, %.2f x baseline; ids %.2f x baseline\n",
               cpu_s[0] / cpu_s[1], cpu_s[0] / base_cpu, cpu_s[1] / base_cpu);
    size_t layers[6] = { 0 };
    const uint32_t *res = bp->only > 0 ? group2 : group;
    for (size_t i = 0; i < n; i++) {
        int k = res[i] == YB_DIP_NONE ? 0 : yb_dip_group_kind(cat, res[i]);
        layers[k >= 0 && k <= 5 ? k : 0]++;
    }
    static const char *const names[6] = { "ungrouped", "pre", "merged", "refined", "core", "comprehensive" };
    printf("dip layers:");
    for (int k = 0; k <= 5; k++)
        printf(" %s %.1f%%", names[k], 100.0 * (double)layers[k] / (double)n);
    printf("\n");
    exit_code = 0;
    goto done;
oom:
    fprintf(stderr, "yibao: out of memory building the DIP benchmark cases\n");
done:
    free(ids_tmp);
    free(group);
    free(group2);
    free(dx_ids);
    free(proc_ids);
    case_gen_free(g);
    free(slots);
    free(tpl);
    free(procs);
    free(b.dx_sorted);
    free(b.proc_codes);
    free(b.alts);
    free(b.alt_is_proc);
    free(b.slots);
    free(b.tpl);
    yb_dip_catalog_free(cat);
    yb_ctx_free(ctx);
    return exit_code;
}

int bench_dip(int argc, char **argv)
{
    static const char usage[] = "yibao bench dip [--catalog PACK] [--cases N] [--passes P] [--seed S] [--only RUN]";
    dip_bench b = { .catalog = "packs/dip-3.0", .cases = 200000, .passes = 5, .seed = 20240611, .only = -1 };
    for (int i = 1; i < argc; i++) {
        const char *v;
        if ((v = cli_option(argc, argv, &i, "--catalog")))
            b.catalog = v;
        else if ((v = cli_option(argc, argv, &i, "--cases")))
            b.cases = (size_t)strtoull(v, NULL, 10);
        else if ((v = cli_option(argc, argv, &i, "--passes")))
            b.passes = (int)strtol(v, NULL, 10);
        else if ((v = cli_option(argc, argv, &i, "--seed")))
            b.seed = strtoull(v, NULL, 10);
        else if ((v = cli_option(argc, argv, &i, "--only")))
            b.only = (int)strtol(v, NULL, 10);
        else
            return cli_usage(usage);
    }
    if (b.cases < 2 || b.cases > 50000000 || b.passes < 1 || b.only > 3)
        return cli_usage(usage);
    if (bench_group_dip(&b))
        return 1;
    printf("(machine possibly shared with other jobs: compare the lines of one run, and the CPU-second rates)\n");
    if (b.first_done)
        printf("group %s %.0f cases %.3f s %.0f cases/s\n", b.label, (double)b.cases * (double)b.passes, b.first_s,
               b.first_rate);
    return 0;
}
