/* The batch API on the national catalogue: string and id input agree, several
 * threads sharing one catalogue agree with one thread, bad rows get their
 * status without stopping the batch, cancellation, and argument checks. */
#include <pthread.h>
#include <stdlib.h>

#include "dip_test_util.h"

static yb_ctx *ctx;
static yb_dip_catalog *cat;

enum { NCASES = 20000 };

/* A generated batch: codes drawn from the catalogue's own dictionaries, with
 * a bias towards principal diagnoses and procedures that rules name. */
typedef struct batch {
    yb_case_columns cols;
    int8_t *sex, *discharge;
    int16_t *age;
    int32_t *days, *weight, *los, *vent, *icu;
    int64_t *dx_rows, *dx_off, *proc_rows, *proc_off;
    uint32_t *dx_ids, *proc_ids;
    char *dx_data, *proc_data;
} batch;

static uint64_t rng = 88172645463325252ull;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static void make_batch(batch *b, size_t n)
{
    memset(b, 0, sizeof *b);
    const yb_dict *dx = yb_dip_catalog_dx_dict(cat), *pr = yb_dip_catalog_proc_dict(cat);
    uint32_t ndx = yb_dict_count(dx), npr = yb_dict_count(pr);
    b->sex = malloc(n);
    b->discharge = malloc(n);
    b->age = malloc(n * sizeof *b->age);
    b->days = malloc(n * sizeof *b->days);
    b->weight = malloc(n * sizeof *b->weight);
    b->los = malloc(n * sizeof *b->los);
    b->vent = malloc(n * sizeof *b->vent);
    b->icu = malloc(n * sizeof *b->icu);
    b->dx_rows = malloc((n + 1) * sizeof *b->dx_rows);
    b->proc_rows = malloc((n + 1) * sizeof *b->proc_rows);
    b->dx_off = malloc((n * 5 + 1) * sizeof *b->dx_off);
    b->proc_off = malloc((n * 5 + 1) * sizeof *b->proc_off);
    b->dx_ids = malloc(n * 5 * sizeof *b->dx_ids);
    b->proc_ids = malloc(n * 5 * sizeof *b->proc_ids);
    b->dx_data = malloc(n * 5 * 16);
    b->proc_data = malloc(n * 5 * 16);
    size_t ndxi = 0, npri = 0, dxc = 0, prc = 0;
    b->dx_rows[0] = b->proc_rows[0] = b->dx_off[0] = b->proc_off[0] = 0;
    for (size_t i = 0; i < n; i++) {
        b->sex[i] = (int8_t)(1 + next_rand() % 2);
        b->age[i] = (int16_t)(next_rand() % 90);
        b->days[i] = b->age[i] == 0 ? (int32_t)(next_rand() % 365) : -1;
        b->weight[i] = b->age[i] == 0 ? (int32_t)(800 + next_rand() % 3000) : -1;
        b->los[i] = (int32_t)(1 + next_rand() % 20);
        b->discharge[i] = (int8_t)(next_rand() % 10 == 0 ? 5 : 1);
        b->vent[i] = next_rand() % 50 == 0 ? (int32_t)(next_rand() % 200) : -1;
        b->icu[i] = next_rand() % 10 == 0 ? (int32_t)(next_rand() % 10) : -1;
        uint32_t k = 1 + next_rand() % 4;
        for (uint32_t j = 0; j < k; j++) {
            uint32_t id = next_rand() % ndx;
            const char *code = yb_dict_code(dx, id);
            size_t len = strlen(code);
            memcpy(b->dx_data + dxc, code, len);
            dxc += len;
            b->dx_ids[ndxi++] = id;
            b->dx_off[ndxi] = (int64_t)dxc;
        }
        b->dx_rows[i + 1] = (int64_t)ndxi;
        k = next_rand() % 4;
        for (uint32_t j = 0; j < k; j++) {
            uint32_t id = next_rand() % npr;
            const char *code = yb_dict_code(pr, id);
            size_t len = strlen(code);
            memcpy(b->proc_data + prc, code, len);
            prc += len;
            b->proc_ids[npri++] = id;
            b->proc_off[npri] = (int64_t)prc;
        }
        b->proc_rows[i + 1] = (int64_t)npri;
    }
    yb_case_columns *c = &b->cols;
    c->size = sizeof *c;
    c->n = n;
    c->sex = b->sex;
    c->age_years = b->age;
    c->age_days = b->days;
    c->birth_weight_g = b->weight;
    c->los_days = b->los;
    c->discharge_type = b->discharge;
    c->vent_hours = b->vent;
    c->icu_days = b->icu;
    c->dx_row_offsets = b->dx_rows;
    c->dx_data = b->dx_data;
    c->dx_offsets = b->dx_off;
    c->proc_row_offsets = b->proc_rows;
    c->proc_data = b->proc_data;
    c->proc_offsets = b->proc_off;
}

static void free_batch(batch *b)
{
    void *p[] = { b->sex, b->discharge, b->age, b->days, b->weight, b->los, b->vent, b->icu, b->dx_rows,
                  b->dx_off, b->proc_rows, b->proc_off, b->dx_ids, b->proc_ids, b->dx_data, b->proc_data };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
}

typedef struct results {
    yb_dip_results r;
    int32_t *status;
} results;

static void alloc_results(results *x, size_t n)
{
    memset(x, 0, sizeof *x);
    x->r.size = sizeof x->r;
    x->r.n = n;
    x->r.group = calloc(n, sizeof *x->r.group);
    x->r.layer = calloc(n, 1);
    x->r.attribute = calloc(n, 1);
    x->r.matched_procs = calloc(n, sizeof *x->r.matched_procs);
    x->r.subtype = calloc(n, sizeof *x->r.subtype);
    x->r.subtype_coef = calloc(n, sizeof *x->r.subtype_coef);
    x->r.score = calloc(n, sizeof *x->r.score);
    x->r.subtype_score = calloc(n, sizeof *x->r.subtype_score);
    x->r.cci = calloc(n, sizeof *x->r.cci);
    x->r.flags = calloc(n, sizeof *x->r.flags);
    x->status = calloc(n, sizeof *x->status);
}

static void free_results(results *x)
{
    free(x->r.group);
    free(x->r.layer);
    free(x->r.attribute);
    free(x->r.matched_procs);
    free(x->r.subtype);
    free(x->r.subtype_coef);
    free(x->r.score);
    free(x->r.subtype_score);
    free(x->r.cci);
    free(x->r.flags);
    free(x->status);
}

static void assert_same(const results *a, const results *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a->status[i] != b->status[i] || a->r.group[i] != b->r.group[i] || a->r.layer[i] != b->r.layer[i] ||
            a->r.flags[i] != b->r.flags[i] || a->r.cci[i] != b->r.cci[i] ||
            a->r.matched_procs[i] != b->r.matched_procs[i] || a->r.subtype[i] != b->r.subtype[i]) {
            print_error("row %zu differs: status %d/%d group %u/%u flags %x/%x\n", i, a->status[i], b->status[i],
                        a->r.group[i], b->r.group[i], a->r.flags[i], b->r.flags[i]);
            fail();
        }
    }
}

static batch B;
static results ONE;

static int setup(void **state)
{
    (void)state;
    if (yb_ctx_new(&ctx, NULL) || yb_dip_catalog_load(ctx, yb_test_src("packs/dip-3.0"), &cat))
        return -1;
    make_batch(&B, NCASES);
    alloc_results(&ONE, NCASES);
    int bad = yb_dip_group_batch(ctx, cat, &B.cols, &ONE.r, ONE.status);
    return bad < 0 ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    free_results(&ONE);
    free_batch(&B);
    yb_dip_catalog_free(cat);
    yb_ctx_free(ctx);
    return 0;
}

static void random_batch_groups_every_layer(void **state)
{
    (void)state;
    /* a sanity check that the generated batch exercises the engine: every row is grouped or not
     * without a row error (the codes come from the dictionaries), and several layers occur */
    size_t layers[6] = { 0 }, errors = 0;
    for (size_t i = 0; i < NCASES; i++) {
        errors += ONE.status[i] != 0 && ONE.status[i] != YB_E_ROW_AGE_DAYS && ONE.status[i] != YB_E_ROW_BIRTH_WEIGHT;
        layers[ONE.r.layer[i]]++;
    }
    assert_int_equal(errors, 0);
    assert_true(layers[YB_DIP_LAYER_CORE] > 0);
    assert_true(layers[YB_DIP_LAYER_NONE] > 0);
}

static void ids_give_the_same_results_as_strings(void **state)
{
    (void)state;
    yb_case_columns c = B.cols;
    c.dx_data = NULL;
    c.dx_offsets = NULL;
    c.dx_ids = B.dx_ids;
    c.proc_data = NULL;
    c.proc_offsets = NULL;
    c.proc_ids = B.proc_ids;
    results ids;
    alloc_results(&ids, NCASES);
    int bad = yb_dip_group_batch(ctx, cat, &c, &ids.r, ids.status);
    assert_true(bad >= 0);
    assert_same(&ONE, &ids, NCASES);
    free_results(&ids);
}

typedef struct job {
    results res;
    int rc;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    yb_ctx *c;
    if (yb_ctx_new(&c, NULL)) {
        j->rc = YB_E_NOMEM;
        return NULL;
    }
    j->rc = yb_dip_group_batch(c, cat, &B.cols, &j->res.r, j->res.status);
    yb_ctx_free(c);
    return NULL;
}

static void threads_sharing_the_catalogue_agree_with_one_thread(void **state)
{
    (void)state;
    enum { NT = 4 };
    job jobs[NT];
    pthread_t th[NT];
    for (int t = 0; t < NT; t++) {
        alloc_results(&jobs[t].res, NCASES);
        assert_int_equal(pthread_create(&th[t], NULL, worker, &jobs[t]), 0);
    }
    for (int t = 0; t < NT; t++) {
        pthread_join(th[t], NULL);
        assert_true(jobs[t].rc >= 0);
        assert_same(&ONE, &jobs[t].res, NCASES);
        free_results(&jobs[t].res);
    }
}

static void bad_rows_do_not_stop_the_batch(void **state)
{
    (void)state;
    /* rows: good, unknown diagnosis, no diagnosis, good, decreasing offsets */
    const char *dx = "K35.800x001NOPE.1I20.000";
    int64_t dx_off[] = { 0, 11, 17, 24 };
    int64_t dx_rows[] = { 0, 1, 2, 2, 3, 2 };
    const char *pr = "47.010036.0700";
    int64_t pr_off[] = { 0, 7, 14 };
    int64_t pr_rows[] = { 0, 1, 1, 1, 2, 2 };
    yb_case_columns c = { .size = sizeof c, .n = 5, .dx_row_offsets = dx_rows, .dx_data = dx, .dx_offsets = dx_off,
                          .proc_row_offsets = pr_rows, .proc_data = pr, .proc_offsets = pr_off };
    uint32_t group[5];
    int32_t status[5];
    yb_dip_results r = { .size = sizeof r, .n = 5, .group = group };
    assert_int_equal(yb_dip_group_batch(ctx, cat, &c, &r, status), 3);
    assert_int_equal(status[0], YB_OK);
    assert_string_equal(yb_dip_group_code(cat, group[0]), "JC3625");
    assert_int_equal(status[1], YB_E_ROW_DX_CODE);
    assert_int_equal(group[1], YB_DIP_NONE);
    assert_int_equal(status[2], YB_E_ROW_NO_DIAGNOSIS);
    assert_int_equal(status[3], YB_OK);
    assert_string_equal(yb_dip_group_code(cat, group[3]), "BX0609");
    assert_int_equal(status[4], YB_E_INVALID_ARG);
    /* without results only the statuses are written */
    assert_int_equal(yb_dip_group_batch(ctx, cat, &c, NULL, status), 3);
}

static int cancel_after_first(void *user, uint64_t done, uint64_t total)
{
    (void)total;
    *(uint64_t *)user = done;
    return 1;
}

static void progress_can_cancel(void **state)
{
    (void)state;
    yb_ctx *c;
    assert_int_equal(yb_ctx_new(&c, NULL), YB_OK);
    uint64_t seen = 0;
    assert_int_equal(yb_ctx_set_progress(c, cancel_after_first, &seen), YB_OK);
    assert_int_equal(yb_ctx_set_option(c, YB_OPT_PROGRESS_INTERVAL, 1000), YB_OK);
    results x;
    alloc_results(&x, NCASES);
    assert_int_equal(yb_dip_group_batch(c, cat, &B.cols, &x.r, x.status), YB_E_CANCELLED);
    assert_int_equal(seen, 1000);
    assert_int_equal(x.status[999], ONE.status[999]);
    assert_int_equal(x.r.group[999], ONE.r.group[999]);
    assert_int_equal(x.status[1000], YB_E_CANCELLED);
    assert_int_equal(x.status[NCASES - 1], YB_E_CANCELLED);
    assert_int_equal(x.r.group[NCASES - 1], YB_DIP_NONE);
    free_results(&x);
    yb_ctx_free(c);
}

static void too_many_codes_is_a_row_status(void **state)
{
    (void)state;
    yb_ctx *c;
    assert_int_equal(yb_ctx_new(&c, NULL), YB_OK);
    assert_int_equal(yb_ctx_set_option(c, YB_OPT_MAX_CODES_PER_CASE, 2), YB_OK);
    yb_dip_case k = dip_test_case("J18.900|E11.900|I10.x00", NULL);
    yb_dip_result r = { .size = sizeof r };
    assert_int_equal(yb_dip_group_one(c, cat, &k, &r), YB_E_ROW_TOO_MANY_CODES);
    yb_ctx_free(c);
}

/* A long batch of code strings crosses several chunks of looked-up codes
 * (lib/grouping/case_chunk.h: 256 rows or 2048 codes each); bad rows among
 * them keep the status the header documents for their fault, and every row
 * gets the status the single-row path (the trace, which looks its own codes
 * up) gives it. */
enum { K_GOOD, K_LOWER, K_UNKNOWN_SEC, K_MALFORMED_SEC, K_EMPTY_PDX, K_TOO_MANY, K_HUGE, K_ROWS_DOWN,
       K_BAD_PROC, K_NKINDS };

typedef struct long_batch {
    char *dx, *pr;
    size_t dxn, prn, ndx, npr, rows;
    int64_t *dx_off, *pr_off, *dx_rows, *pr_rows;
    int8_t *sex;
    int16_t *age;
    int kind[1000];
} long_batch;

static void lb_code(char *data, size_t *len, int64_t *off, size_t *items, const char *code)
{
    size_t n = strlen(code);
    memcpy(data + *len, code, n);
    *len += n;
    off[++*items] = (int64_t)*len;
}

static void chunked_lookups_keep_each_rows_status(void **state)
{
    (void)state;
    long_batch b = { 0 };
    b.dx = malloc(4000000); /* about 110 K_HUGE rows of 3000 codes of 7 bytes */
    b.pr = malloc(20000);
    b.dx_off = malloc(500000 * sizeof *b.dx_off);
    b.pr_off = malloc(2000 * sizeof *b.pr_off);
    b.dx_rows = malloc(1001 * sizeof *b.dx_rows);
    b.pr_rows = malloc(1001 * sizeof *b.pr_rows);
    b.sex = malloc(1000);
    b.age = malloc(1000 * sizeof *b.age);
    b.dx_off[0] = b.pr_off[0] = b.dx_rows[0] = b.pr_rows[0] = 0;
    uint32_t pattern = 12345;
    while (b.rows < 990) {
        pattern = pattern * 1103515245u + 12345u;
        int kind = (int)((pattern >> 16) % K_NKINDS);
        if (kind == K_ROWS_DOWN && (b.rows == 0 || b.kind[b.rows - 1] != K_GOOD))
            kind = K_GOOD;
        size_t r = b.rows++;
        b.kind[r] = kind;
        b.sex[r] = 1;
        b.age[r] = 40;
        switch (kind) {
        case K_GOOD: lb_code(b.dx, &b.dxn, b.dx_off, &b.ndx, "K35.800x001"); break;
        case K_LOWER: lb_code(b.dx, &b.dxn, b.dx_off, &b.ndx, " k35.800X001"); break;
        case K_UNKNOWN_SEC:
            lb_code(b.dx, &b.dxn, b.dx_off, &b.ndx, "K35.800x001");
            lb_code(b.dx, &b.dxn, b.dx_off, &b.ndx, "NOPE.1");
            break;
        case K_MALFORMED_SEC:
            lb_code(b.dx, &b.dxn, b.dx_off, &b.ndx, "K35.800x001");
            lb_code(b.dx, &b.dxn, b.dx_off, &b.ndx, "K35 8");
            break;
        case K_EMPTY_PDX:
            lb_code(b.dx, &b.dxn, b.dx_off, &b.ndx, "");
            lb_code(b.dx, &b.dxn, b.dx_off, &b.ndx, "K35.800x001");
            break;
        case K_TOO_MANY: /* 65 diagnoses, the limit is 64 */
            for (int k = 0; k < 65; k++)
                lb_code(b.dx, &b.dxn, b.dx_off, &b.ndx, "E11.900");
            break;
        case K_HUGE: /* more codes than a chunk holds */
            for (int k = 0; k < 3000; k++)
                lb_code(b.dx, &b.dxn, b.dx_off, &b.ndx, "E11.900");
            break;
        case K_BAD_PROC: lb_code(b.dx, &b.dxn, b.dx_off, &b.ndx, "K35.800x001"); break;
        default: break; /* K_ROWS_DOWN: no codes of its own */
        }
        if (kind == K_BAD_PROC)
            lb_code(b.pr, &b.prn, b.pr_off, &b.npr, "47 0100");
        else if (kind != K_ROWS_DOWN)
            lb_code(b.pr, &b.prn, b.pr_off, &b.npr, "47.0100");
        b.dx_rows[r + 1] = (int64_t)b.ndx;
        b.pr_rows[r + 1] = (int64_t)b.npr;
        if (kind == K_ROWS_DOWN) /* its end before its start; the next row starts there too */
            b.dx_rows[r + 1] = b.dx_rows[r] - 1;
    }
    yb_case_columns c = { .size = sizeof c, .n = b.rows, .sex = b.sex, .age_years = b.age,
                          .dx_row_offsets = b.dx_rows, .dx_data = b.dx, .dx_offsets = b.dx_off,
                          .proc_row_offsets = b.pr_rows, .proc_data = b.pr, .proc_offsets = b.pr_off };
    results x;
    alloc_results(&x, b.rows);
    assert_true(yb_dip_group_batch(ctx, cat, &c, &x.r, x.status) > 0);
    uint32_t jc3625;
    assert_ok(ctx, yb_dip_group_find(cat, "JC3625", &jc3625));
    size_t seen[K_NKINDS] = { 0 };
    for (size_t i = 0; i < b.rows; i++) {
        int k = b.kind[i];
        seen[k]++;
        /* the row after a K_ROWS_DOWN row also holds the good code before it */
        static const int expect[K_NKINDS] = {
            [K_GOOD] = YB_OK, [K_LOWER] = YB_OK, [K_UNKNOWN_SEC] = YB_E_ROW_DX_CODE,
            [K_MALFORMED_SEC] = YB_E_ROW_DX_CODE, [K_EMPTY_PDX] = YB_E_ROW_NO_DIAGNOSIS,
            [K_TOO_MANY] = YB_E_ROW_TOO_MANY_CODES, [K_HUGE] = YB_E_ROW_TOO_MANY_CODES,
            [K_ROWS_DOWN] = YB_E_INVALID_ARG, [K_BAD_PROC] = YB_E_ROW_PROC_CODE,
        };
        int want = expect[k];
        if (i > 0 && b.kind[i - 1] == K_ROWS_DOWN && k == K_EMPTY_PDX)
            want = YB_E_ROW_DX_CODE; /* its principal is then the good code before it, "" a malformed secondary */
        if (x.status[i] != want)
            print_error("row %zu (kind %d): status %s, expected %s\n", i, k, yb_status_name(x.status[i]),
                        yb_status_name(want));
        assert_int_equal(x.status[i], want);
        if (want == YB_OK && !(i > 0 && b.kind[i - 1] == K_ROWS_DOWN))
            assert_int_equal(x.r.group[i], jc3625);
        /* the single-row path agrees */
        assert_int_equal(yb_dip_trace_text(ctx, cat, &c, i, NULL, 0, NULL), x.status[i]);
    }
    for (int k = 0; k < K_NKINDS; k++)
        assert_true(seen[k] > 0);
    free_results(&x);
    void *p[] = { b.dx, b.pr, b.dx_off, b.pr_off, b.dx_rows, b.pr_rows, b.sex, b.age };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
}

static void argument_checks(void **state)
{
    (void)state;
    yb_case_columns c = B.cols;
    results x;
    alloc_results(&x, 3);
    c.n = 3;
    assert_status(ctx, yb_dip_group_batch(ctx, NULL, &c, &x.r, NULL), YB_E_INVALID_ARG);
    assert_status(ctx, yb_dip_group_batch(ctx, cat, NULL, &x.r, NULL), YB_E_INVALID_ARG);
    x.r.n = 2;
    assert_status(ctx, yb_dip_group_batch(ctx, cat, &c, &x.r, NULL), YB_E_INVALID_ARG);
    x.r.n = 3;
    x.r.size = 8;
    assert_status(ctx, yb_dip_group_batch(ctx, cat, &c, &x.r, NULL), YB_E_VERSION);
    x.r.size = sizeof x.r;
    c.dx_ids = B.dx_ids; /* both strings and ids */
    assert_status(ctx, yb_dip_group_batch(ctx, cat, &c, &x.r, NULL), YB_E_INVALID_ARG);
    assert_msg_has(ctx, "dx_data", "dx_ids");
    c = B.cols;
    c.n = 3;
    c.size = 16;
    assert_status(ctx, yb_dip_group_batch(ctx, cat, &c, &x.r, NULL), YB_E_VERSION);
    c.size = sizeof c;
    c.dx_row_offsets = NULL;
    assert_status(ctx, yb_dip_group_batch(ctx, cat, &c, &x.r, NULL), YB_E_INVALID_ARG);
    /* an empty batch is fine */
    c = B.cols;
    c.n = 0;
    x.r.n = 0;
    assert_int_equal(yb_dip_group_batch(ctx, cat, &c, &x.r, NULL), 0);
    free_results(&x);
    yb_dip_case k = dip_test_case("J18.900", NULL);
    k.size = 4;
    yb_dip_result r = { .size = sizeof r };
    assert_status(ctx, yb_dip_group_one(ctx, cat, &k, &r), YB_E_VERSION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_batch_groups_every_layer),
        cmocka_unit_test(ids_give_the_same_results_as_strings),
        cmocka_unit_test(threads_sharing_the_catalogue_agree_with_one_thread),
        cmocka_unit_test(bad_rows_do_not_stop_the_batch),
        cmocka_unit_test(progress_can_cancel),
        cmocka_unit_test(too_many_codes_is_a_row_status),
        cmocka_unit_test(chunked_lookups_keep_each_rows_status),
        cmocka_unit_test(argument_checks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
