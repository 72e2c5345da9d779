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
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
