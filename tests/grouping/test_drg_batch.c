/* Batches on the real schemes: one batch grouped from several threads on a
 * shared CHS-DRG 1.1 scheme equals the single-thread run; the ids path equals
 * the strings path; the trace's result equals the batch's; and a few
 * hand-checked CHS-DRG 1.0 cases (the bolingjack rule reading). */
#include <pthread.h>
#include <stdlib.h>

#include "case_gen.h"
#include "drg_test_pack.h"

#define N_CASES 20000
#define THREADS 4

static yb_drg_scheme *s11;
static yb_ctx *ctx;
static case_gen *gen;
static const char **dx_pool, **proc_pool;

static int setup(void **state)
{
    (void)state;
    assert_int_equal(yb_ctx_new(&ctx, NULL), YB_OK);
    assert_ok(ctx, yb_drg_scheme_load(ctx, yb_test_src("packs/chs-drg-1.1"), &s11));
    /* cases drawn from every code of the scheme's dictionaries */
    const yb_dict *dd = yb_drg_scheme_dx_dict(s11), *pd = yb_drg_scheme_proc_dict(s11);
    uint32_t nd = yb_dict_count(dd), np = yb_dict_count(pd);
    dx_pool = malloc(nd * sizeof *dx_pool);
    proc_pool = malloc(np * sizeof *proc_pool);
    for (uint32_t i = 0; i < nd; i++)
        dx_pool[i] = yb_dict_code(dd, i);
    for (uint32_t i = 0; i < np; i++)
        proc_pool[i] = yb_dict_code(pd, i);
    case_gen_pools p = { dx_pool, nd, dx_pool, nd, proc_pool, np, proc_pool, np };
    gen = case_gen_make(&p, N_CASES, 20240611);
    assert_non_null(gen);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    case_gen_free(gen);
    free(dx_pool);
    free(proc_pool);
    yb_drg_scheme_free(s11);
    yb_ctx_free(ctx);
    return 0;
}

typedef struct out {
    uint32_t mdc[N_CASES], adrg[N_CASES], drg[N_CASES], flags[N_CASES];
    int32_t mcc[N_CASES], cc[N_CASES], ud[N_CASES], up[N_CASES], st[N_CASES];
} out;

static int group_into(yb_ctx *c, const yb_case_columns *cols, out *o, size_t first)
{
    yb_drg_results r = { .size = sizeof r, .n = cols->n, .mdc = o->mdc + first, .adrg = o->adrg + first,
                         .drg = o->drg + first, .flags = o->flags + first, .mcc_count = o->mcc + first,
                         .cc_count = o->cc + first, .unknown_dx = o->ud + first, .unknown_proc = o->up + first };
    return yb_drg_group_batch(c, s11, cols, &r, o->st + first);
}

typedef struct job {
    yb_case_columns cols;
    out *o;
    size_t first;
    int rc;
} job;

static void *run(void *arg)
{
    job *j = arg;
    yb_ctx *c = NULL;
    if (yb_ctx_new(&c, NULL)) {
        j->rc = YB_E_NOMEM;
        return NULL;
    }
    /* each thread groups its slice twice, to interleave with the others longer */
    j->rc = group_into(c, &j->cols, j->o, j->first);
    if (j->rc >= 0)
        j->rc = group_into(c, &j->cols, j->o, j->first);
    yb_ctx_free(c);
    return NULL;
}

static void threads_on_a_shared_scheme_match_one_thread(void **state)
{
    (void)state;
    const yb_case_columns *all = case_gen_cases(gen);
    out *single = calloc(1, sizeof *single), *multi = calloc(1, sizeof *multi);
    assert_non_null(single);
    assert_non_null(multi);
    int bad = group_into(ctx, all, single, 0);
    assert_true(bad >= 0);
    pthread_t tid[THREADS];
    job jobs[THREADS];
    size_t per = N_CASES / THREADS;
    for (int t = 0; t < THREADS; t++) {
        jobs[t] = (job){ case_gen_slice(all, (size_t)t * per, per), multi, (size_t)t * per, 0 };
        assert_int_equal(pthread_create(&tid[t], NULL, run, &jobs[t]), 0);
    }
    int bad_multi = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(tid[t], NULL);
        assert_true(jobs[t].rc >= 0);
        bad_multi += jobs[t].rc;
    }
    assert_int_equal(bad_multi, bad);
    assert_memory_equal(single, multi, sizeof *single);
    /* the synthetic cases reach many groups, not a degenerate few */
    size_t distinct = 0;
    static uint8_t seen[4096];
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < N_CASES; i++)
        if (single->drg[i] < 4096 && !seen[single->drg[i]]++)
            distinct++;
    assert_true(distinct > 300);
    free(single);
    free(multi);
}

static void ids_path_equals_strings_path(void **state)
{
    (void)state;
    const yb_case_columns *all = case_gen_cases(gen);
    size_t nd = (size_t)all->dx_row_offsets[all->n], np = (size_t)all->proc_row_offsets[all->n];
    uint32_t *dx = malloc(nd * sizeof *dx), *pr = malloc((np ? np : 1) * sizeof *pr);
    const yb_dict *dd = yb_drg_scheme_dx_dict(s11), *pd = yb_drg_scheme_proc_dict(s11);
    for (size_t k = 0; k < nd; k++)
        if (yb_dict_lookup(dd, all->dx_data + all->dx_offsets[k], (size_t)(all->dx_offsets[k + 1] - all->dx_offsets[k]),
                           &dx[k]))
            dx[k] = YB_DRG_NO_ID;
    for (size_t k = 0; k < np; k++)
        if (yb_dict_lookup(pd, all->proc_data + all->proc_offsets[k],
                           (size_t)(all->proc_offsets[k + 1] - all->proc_offsets[k]), &pr[k]))
            pr[k] = YB_DRG_NO_ID;
    yb_case_columns ids = *all;
    ids.dx_data = NULL;
    ids.dx_offsets = NULL;
    ids.dx_ids = dx;
    ids.proc_data = NULL;
    ids.proc_offsets = NULL;
    ids.proc_ids = pr;
    out *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    assert_true(group_into(ctx, all, a, 0) >= 0);
    assert_true(group_into(ctx, &ids, b, 0) >= 0);
    assert_memory_equal(a, b, sizeof *a);
    /* and the trace of a sample of rows gives the batch's result */
    for (size_t i = 0; i < N_CASES; i += 397) {
        yb_drg_trace *t = NULL;
        assert_ok(ctx, yb_drg_trace_case(ctx, s11, all, i, &t));
        yb_drg_result r = { .size = sizeof r };
        assert_int_equal(yb_drg_trace_result(t, &r), YB_OK);
        assert_int_equal(r.status, a->st[i]);
        assert_int_equal(r.drg, a->drg[i]);
        assert_int_equal(r.adrg, a->adrg[i]);
        assert_int_equal(r.mdc, a->mdc[i]);
        assert_int_equal(r.flags, a->flags[i]);
        yb_drg_trace_free(t);
    }
    free(a);
    free(b);
    free(dx);
    free(pr);
}

/* A long batch of code strings crosses several chunks of looked-up codes
 * (lib/grouping/case_chunk.h: 256 rows or 2048 codes each); each row, good or
 * bad, gets the result grouping.h documents for it and the one the trace
 * (which looks the row's codes up on its own) gives. The good row is the
 * published fixture case 22069960 (C61.x00, Z98.800x210, 60.5x02: MA19); an
 * unknown secondary changes nothing but the count. */
enum { K_GOOD, K_LOWER, K_UNKNOWN_SEC, K_MALFORMED_SEC, K_EMPTY_PDX, K_TOO_MANY, K_HUGE, K_BAD_PROC, K_NKINDS };

static void push_code(char *data, size_t *len, int64_t *off, size_t *items, const char *code)
{
    size_t n = strlen(code);
    memcpy(data + *len, code, n);
    *len += n;
    off[++*items] = (int64_t)*len;
}

static void chunked_lookups_keep_each_rows_result(void **state)
{
    (void)state;
    enum { ROWS = 900 };
    char *dx = malloc(4000000), *pr = malloc(20000);
    int64_t *dx_off = malloc(500000 * sizeof *dx_off), *pr_off = malloc(2000 * sizeof *pr_off);
    int64_t dx_rows[ROWS + 1], pr_rows[ROWS + 1];
    int8_t sex[ROWS], disch[ROWS];
    int16_t age[ROWS];
    int32_t los[ROWS];
    int kind[ROWS];
    size_t dxn = 0, prn = 0, ndx = 0, npr = 0;
    dx_off[0] = pr_off[0] = dx_rows[0] = pr_rows[0] = 0;
    uint32_t pattern = 777;
    for (size_t r = 0; r < ROWS; r++) {
        pattern = pattern * 1103515245u + 12345u;
        int k = kind[r] = (int)((pattern >> 16) % K_NKINDS);
        sex[r] = 1;
        age[r] = 65;
        los[r] = 66;
        disch[r] = 1;
        push_code(dx, &dxn, dx_off, &ndx, k == K_LOWER ? " c61.X00" : k == K_EMPTY_PDX ? "" : "C61.x00");
        push_code(dx, &dxn, dx_off, &ndx, "Z98.800x210");
        if (k == K_UNKNOWN_SEC)
            push_code(dx, &dxn, dx_off, &ndx, "Z99.999x999");
        if (k == K_MALFORMED_SEC)
            push_code(dx, &dxn, dx_off, &ndx, "Z98 800");
        for (int j = 0; j < (k == K_TOO_MANY ? 63 : k == K_HUGE ? 2998 : 0); j++)
            push_code(dx, &dxn, dx_off, &ndx, "Z98.800x210");
        push_code(pr, &prn, pr_off, &npr, k == K_BAD_PROC ? "60.5 02" : "60.5x02");
        dx_rows[r + 1] = (int64_t)ndx;
        pr_rows[r + 1] = (int64_t)npr;
    }
    yb_case_columns c = { .size = sizeof c, .n = ROWS, .sex = sex, .age_years = age, .los_days = los,
                          .discharge_type = disch, .dx_row_offsets = dx_rows,
                          .dx_data = dx, .dx_offsets = dx_off, .proc_row_offsets = pr_rows, .proc_data = pr,
                          .proc_offsets = pr_off };
    out *o = calloc(1, sizeof *o);
    assert_true(group_into(ctx, &c, o, 0) > 0);
    uint32_t ma19;
    assert_ok(ctx, yb_drg_scheme_drg_lookup(s11, "MA19", &ma19));
    static const int expect[K_NKINDS] = { YB_OK, YB_OK, YB_OK, YB_E_ROW_DX_CODE, YB_E_ROW_NO_DIAGNOSIS,
                                          YB_E_ROW_TOO_MANY_CODES, YB_E_ROW_TOO_MANY_CODES, YB_E_ROW_PROC_CODE };
    size_t seen[K_NKINDS] = { 0 };
    for (size_t i = 0; i < ROWS; i++) {
        int k = kind[i];
        seen[k]++;
        if (o->st[i] != expect[k])
            print_error("row %zu (kind %d): %s\n", i, k, yb_status_name(o->st[i]));
        assert_int_equal(o->st[i], expect[k]);
        assert_int_equal(o->drg[i], expect[k] ? yb_drg_scheme_ungroupable_drg(s11) : ma19);
        assert_int_equal(o->ud[i], k == K_UNKNOWN_SEC ? 1 : 0);
        yb_drg_trace *t = NULL;
        assert_ok(ctx, yb_drg_trace_case(ctx, s11, &c, i, &t));
        yb_drg_result r = { .size = sizeof r };
        assert_int_equal(yb_drg_trace_result(t, &r), YB_OK);
        assert_int_equal(r.status, o->st[i]);
        assert_int_equal(r.drg, o->drg[i]);
        assert_int_equal(r.flags, o->flags[i]);
        assert_int_equal(r.unknown_dx, o->ud[i]);
        yb_drg_trace_free(t);
    }
    for (int k = 0; k < K_NKINDS; k++)
        assert_true(seen[k] > 0);
    free(o);
    free(dx);
    free(pr);
    free(dx_off);
    free(pr_off);
}

static void chs_drg_10_cases(void **state)
{
    (void)state;
    yb_drg_scheme *s10 = NULL;
    assert_ok(ctx, yb_drg_scheme_load(ctx, yb_test_src("packs/chs-drg-1.0"), &s10));
    struct { drg_tcase c; const char *mdc, *drg; } e[] = {
        /* 60.5x02 is in no MDCA table; C61.x00 is in M00 and the man opens MDCM (stop); MA1 = principal in MA1
         * and a procedure in MA1 (60.5x02) with an operation → MA19. */
        { { 1, 65, -1, -1, 7, 1, "C61.x00", "60.5x02" }, "MDCM", "MA19" },
        /* No procedure: the medical MR1 (principal in MR1, no operation); no secondary → MR15. */
        { { 1, 65, -1, -1, 7, 1, "C61.x00", "" }, "MDCM", "MR15" },
        /* A woman: MDCM's gate fails, C61.x00 is in no other MDC table → 0000 without an MDC. */
        { { 2, 65, -1, -1, 7, 1, "C61.x00", "" }, "-", "0000" },
        /* I61.900x002 is in B00 only → MDCB; no operation → BR1; G93.501 is MCC of 表7-69 and the principal's
         * table is 表7-84 → BR11. */
        { { 2, 67, -1, -1, 9, 1, "I61.900x002|G93.501", "" }, "MDCB", "BR11" },
        /* With 60.5x02 (an operation, in no MDCB table; BC1 needs a BC1 procedure): the QY row BQY. */
        { { 2, 67, -1, -1, 9, 1, "I61.900x002|G93.501", "60.5x02" }, "MDCB", "BQY" },
    };
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++) {
        yb_drg_result r;
        assert_int_equal(drg_group(ctx, s10, &e[i].c, &r), YB_OK);
        if (strcmp(drg_code_drg(s10, r.drg), e[i].drg))
            print_error("1.0 case %zu: %s %s\n", i, drg_code_mdc(s10, r.mdc), drg_code_drg(s10, r.drg));
        assert_string_equal(drg_code_mdc(s10, r.mdc), e[i].mdc);
        assert_string_equal(drg_code_drg(s10, r.drg), e[i].drg);
    }
    yb_drg_scheme_free(s10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_on_a_shared_scheme_match_one_thread),
        cmocka_unit_test(ids_path_equals_strings_path),
        cmocka_unit_test(chs_drg_10_cases),
        cmocka_unit_test(chunked_lookups_keep_each_rows_result),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
