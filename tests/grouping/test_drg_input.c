/* Bad input is normal input: every row status of grouping.h, their order,
 * the ids path, whole-batch argument errors and cancellation (tiny pack). */
#include <stdlib.h>

#include "drg_test_pack.h"

typedef struct fixture {
    yb_ctx *ctx;
    yb_drg_scheme *s;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_int_equal(yb_ctx_new(&f->ctx, NULL), YB_OK);
    assert_ok(f->ctx, yb_drg_scheme_load(f->ctx, drg_tiny_pack("input", NULL, NULL, NULL), &f->s));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    yb_drg_scheme_free(f->s);
    yb_ctx_free(f->ctx);
    free(f);
    return 0;
}

typedef struct bad {
    const char *what;
    drg_tcase c;
    int status;
} bad;

static void each_invalid_row_gets_its_status(void **state)
{
    fixture *f = *state;
    static const bad rows[] = {
        { "no diagnosis", { 1, 50, -1, -1, 5, 1, "", "" }, YB_E_ROW_NO_DIAGNOSIS },
        { "blank principal", { 1, 50, -1, -1, 5, 1, "   |K92.200", "" }, YB_E_ROW_NO_DIAGNOSIS },
        { "malformed principal", { 1, 50, -1, -1, 5, 1, "K92 200", "" }, YB_E_ROW_DX_CODE },
        { "malformed secondary", { 1, 50, -1, -1, 5, 1, "K92.200|中文", "" }, YB_E_ROW_DX_CODE },
        { "malformed procedure", { 1, 50, -1, -1, 5, 1, "K92.200", "47.09 01" }, YB_E_ROW_PROC_CODE },
        { "sex missing", { -1, 50, -1, -1, 5, 1, "K92.200", "" }, YB_E_ROW_SEX },
        { "sex 0", { 0, 50, -1, -1, 5, 1, "K92.200", "" }, YB_E_ROW_SEX },
        { "sex 3", { 3, 50, -1, -1, 5, 1, "K92.200", "" }, YB_E_ROW_SEX },
        { "age missing", { 1, -1, -1, -1, 5, 1, "K92.200", "" }, YB_E_ROW_AGE },
        { "age negative", { 1, -7, -1, -1, 5, 1, "K92.200", "" }, YB_E_ROW_AGE },
        { "age 151", { 1, 151, -1, -1, 5, 1, "K92.200", "" }, YB_E_ROW_AGE },
        { "infant without days", { 1, 0, -1, -1, 5, 1, "K92.200", "" }, YB_E_ROW_AGE_DAYS },
        { "days negative", { 1, 0, -4, 3000, 5, 1, "K92.200", "" }, YB_E_ROW_AGE_DAYS },
        /* 365 × 0 <= 400 < 366 × 1 fails: 400 days is not 0 years */
        { "0 years, 400 days", { 1, 0, 400, -1, 5, 1, "K92.200", "" }, YB_E_ROW_NEWBORN },
        /* 365 × 5 = 1825 > 100 */
        { "5 years, 100 days", { 1, 5, 100, -1, 5, 1, "K92.200", "" }, YB_E_ROW_NEWBORN },
        /* 366 × (1 + 1) = 732 <= 800 */
        { "1 year, 800 days", { 1, 1, 800, -1, 5, 1, "K92.200", "" }, YB_E_ROW_NEWBORN },
        { "newborn without weight", { 1, 0, 10, -1, 5, 1, "P59.900", "" }, YB_E_ROW_BIRTH_WEIGHT },
        { "weight negative", { 1, 0, 10, -5, 5, 1, "P59.900", "" }, YB_E_ROW_BIRTH_WEIGHT },
        { "weight 10 kg", { 1, 0, 10, 10000, 5, 1, "P59.900", "" }, YB_E_ROW_BIRTH_WEIGHT },
        { "stay negative", { 1, 50, -1, -1, -2, 1, "K92.200", "" }, YB_E_ROW_LOS },
        { "stay 3651 days", { 1, 50, -1, -1, 3651, 1, "K92.200", "" }, YB_E_ROW_LOS },
        { "discharge 6", { 1, 50, -1, -1, 5, 6, "K92.200", "" }, YB_E_ROW_DISCHARGE },
        { "discharge 0", { 1, 50, -1, -1, 5, 0, "K92.200", "" }, YB_E_ROW_DISCHARGE },
        /* the pack lists its full code set: an unknown principal is an error, an unknown secondary is not */
        { "unknown principal", { 1, 50, -1, -1, 5, 1, "Z99.999", "" }, YB_E_ROW_DX_CODE },
        { "unknown principal procedure", { 1, 50, -1, -1, 5, 1, "K92.200", "12.3456|44.4300" }, YB_E_ROW_PROC_CODE },
        { "not allowed as principal", { 1, 50, -1, -1, 5, 1, "R69.x00", "" }, YB_E_ROW_PRINCIPAL_DX },
        /* several problems: the first check in the documented order wins (sex before age before stay) */
        { "sex and age", { 0, -1, -1, -1, -9, 1, "K92.200", "" }, YB_E_ROW_SEX },
        { "age and stay", { 2, -1, -1, -1, -9, 1, "K92.200", "" }, YB_E_ROW_AGE },
        { "code before sex", { 0, 50, -1, -1, 5, 1, "K92 200", "" }, YB_E_ROW_DX_CODE },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        yb_drg_result r;
        int st = drg_group(f->ctx, f->s, &rows[i].c, &r);
        if (st != rows[i].status)
            print_error("%s: got %s, expected %s\n", rows[i].what, yb_status_name(st), yb_status_name(rows[i].status));
        assert_int_equal(st, rows[i].status);
        assert_int_equal(r.status, rows[i].status);
        assert_string_equal(drg_code_drg(f->s, r.drg), "0000");
        assert_int_equal(r.mdc, YB_DRG_NO_ID);
        assert_int_equal(r.adrg, YB_DRG_NO_ID);
        assert_int_equal(r.flags & (YB_DRG_FLAG_INVALID | YB_DRG_FLAG_UNGROUPABLE),
                         YB_DRG_FLAG_INVALID | YB_DRG_FLAG_UNGROUPABLE);
    }
}

/* vent_hours and icu_days: -1 is missing (a local split on them does not match), below -1 is bad data. */
static void negative_ventilation_and_icu_are_refused_missing_is_not(void **state)
{
    fixture *f = *state;
    const char *dx[] = { "K92.200" };
    yb_drg_case c = { .size = sizeof c, .sex = 1, .age_years = 50, .age_days = -1, .birth_weight_g = -1,
                      .los_days = 5, .discharge_type = 1, .vent_hours = -1, .icu_days = -1, .principal_dx = dx[0] };
    yb_drg_result r = { .size = sizeof r };
    assert_ok(f->ctx, yb_drg_group_one(f->ctx, f->s, &c, &r));
    c.vent_hours = -3;
    assert_int_equal(yb_drg_group_one(f->ctx, f->s, &c, &r), YB_E_ROW_VENT_HOURS);
    c.vent_hours = 100;
    c.icu_days = -2;
    assert_int_equal(yb_drg_group_one(f->ctx, f->s, &c, &r), YB_E_ROW_ICU_DAYS);
    assert_string_equal(drg_code_drg(f->s, r.drg), "0000");
}

static void valid_edge_values_are_accepted(void **state)
{
    fixture *f = *state;
    static const drg_tcase ok[] = {
        { 1, 150, -1, -1, 3650, 9, "K92.200", "" },      /* maximum age and stay, discharge 9 */
        { 2, 88, 32460, -1, 94, 1, "K92.200", "" },      /* 365 × 88 = 32120 <= 32460 < 32574 = 366 × 89 */
        { 1, 0, 28, 0, 5, 1, "P59.900", "" },            /* a newborn of 28 days with weight 0 g (accepted) */
        { 1, 0, 29, -1, 5, 1, "P59.900", "" },           /* 29 days: no weight needed */
        { 1, 0, 364, -1, 5, 1, "K92.200", "" },
        { 1, 50, -1, -1, -1, -1, "K92.200", "" },        /* stay and discharge may be missing */
        { 1, 50, -1, 99999, 5, 1, "K92.200", "" },       /* checked below: rejected */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0] - 1; i++) {
        yb_drg_result r;
        assert_int_equal(drg_group(f->ctx, f->s, &ok[i], &r), YB_OK);
        assert_false(r.flags & YB_DRG_FLAG_INVALID);
    }
    /* A weight outside 0 … 9999 g is rejected whatever the age. */
    yb_drg_result r;
    assert_int_equal(drg_group(f->ctx, f->s, &ok[6], &r), YB_E_ROW_BIRTH_WEIGHT);
}

static void too_many_codes_follows_the_context_option(void **state)
{
    fixture *f = *state;
    yb_drg_result r;
    drg_tcase c4 = { 1, 50, -1, -1, 5, 1, "K92.200|N18.500|E11.900|J96.000", "38.9300" };
    assert_int_equal(drg_group(f->ctx, f->s, &c4, &r), YB_OK);
    assert_ok(f->ctx, yb_ctx_set_option(f->ctx, YB_OPT_MAX_CODES_PER_CASE, 3));
    assert_int_equal(drg_group(f->ctx, f->s, &c4, &r), YB_E_ROW_TOO_MANY_CODES);
    drg_tcase p4 = { 1, 50, -1, -1, 5, 1, "K92.200", "38.9300|99.2500|45.1300|46.1000" };
    assert_int_equal(drg_group(f->ctx, f->s, &p4, &r), YB_E_ROW_TOO_MANY_CODES);
    drg_tcase c3 = { 1, 50, -1, -1, 5, 1, "K92.200|N18.500|E11.900", "38.9300|99.2500|45.1300" };
    assert_int_equal(drg_group(f->ctx, f->s, &c3, &r), YB_OK);
    assert_ok(f->ctx, yb_ctx_set_option(f->ctx, YB_OPT_MAX_CODES_PER_CASE, 64));
}

/* A three-row batch built by hand, strings or ids. */
typedef struct batch {
    int8_t sex[3];
    int16_t age[3];
    int64_t dx_row[4], dx_off[8], proc_row[4], proc_off[4];
    uint32_t dx_ids[7], proc_ids[3];
    char dx_data[128], proc_data[64];
    yb_case_columns c;
} batch;

static void make_batch(batch *b)
{
    memset(b, 0, sizeof *b);
    /* row 0: K92.200 + N18.500 (GR13); row 1: sex 9 (invalid); row 2: K35.800 + Z99.999, 47.0901 (GB15) */
    const char *dx[] = { "K92.200", "N18.500", "K92.200", "K35.800", "Z99.999" };
    int64_t pos = 0;
    for (int i = 0; i < 5; i++) {
        size_t n = strlen(dx[i]);
        memcpy(b->dx_data + pos, dx[i], n);
        pos += (int64_t)n;
        b->dx_off[i + 1] = pos;
    }
    memcpy(b->proc_data, "47.0901", 7);
    b->proc_off[1] = 7;
    int64_t dx_row[] = { 0, 2, 3, 5 }, proc_row[] = { 0, 0, 0, 1 };
    memcpy(b->dx_row, dx_row, sizeof dx_row);
    memcpy(b->proc_row, proc_row, sizeof proc_row);
    b->sex[0] = 1, b->sex[1] = 9, b->sex[2] = 2;
    b->age[0] = 40, b->age[1] = 40, b->age[2] = 40;
    b->c = (yb_case_columns){ .size = sizeof b->c, .n = 3, .sex = b->sex, .age_years = b->age,
                              .dx_row_offsets = b->dx_row, .dx_data = b->dx_data, .dx_offsets = b->dx_off,
                              .proc_row_offsets = b->proc_row, .proc_data = b->proc_data,
                              .proc_offsets = b->proc_off };
}

static void batch_reports_rows_and_keeps_going(void **state)
{
    fixture *f = *state;
    batch b;
    make_batch(&b);
    uint32_t drg[3], flags[3];
    int32_t ud[3], st[3];
    yb_drg_results r = { .size = sizeof r, .n = 3, .drg = drg, .flags = flags, .unknown_dx = ud };
    assert_int_equal(yb_drg_group_batch(f->ctx, f->s, &b.c, &r, st), 1);
    assert_int_equal(st[0], YB_OK);
    assert_int_equal(st[1], YB_E_ROW_SEX);
    assert_int_equal(st[2], YB_OK);
    assert_string_equal(drg_code_drg(f->s, drg[0]), "GR13");
    assert_string_equal(drg_code_drg(f->s, drg[1]), "0000");
    assert_string_equal(drg_code_drg(f->s, drg[2]), "GB15");
    assert_int_equal(ud[2], 1);
    /* The same batch as ids (Z99.999 → YB_DRG_NO_ID) gives the same answers. */
    const yb_dict *dd = yb_drg_scheme_dx_dict(f->s), *pd = yb_drg_scheme_proc_dict(f->s);
    for (int k = 0; k < 5; k++)
        if (yb_dict_lookup(dd, b.dx_data + b.dx_off[k], (size_t)(b.dx_off[k + 1] - b.dx_off[k]), &b.dx_ids[k]))
            b.dx_ids[k] = YB_DRG_NO_ID;
    assert_int_equal(yb_dict_lookup(pd, "47.0901", 7, &b.proc_ids[0]), YB_OK);
    assert_int_equal(b.dx_ids[4], YB_DRG_NO_ID);
    yb_case_columns ids = b.c;
    ids.dx_data = NULL;
    ids.dx_offsets = NULL;
    ids.dx_ids = b.dx_ids;
    ids.proc_data = NULL;
    ids.proc_offsets = NULL;
    ids.proc_ids = b.proc_ids;
    uint32_t drg2[3];
    int32_t st2[3], ud2[3];
    yb_drg_results r2 = { .size = sizeof r2, .n = 3, .drg = drg2, .unknown_dx = ud2 };
    assert_int_equal(yb_drg_group_batch(f->ctx, f->s, &ids, &r2, st2), 1);
    assert_memory_equal(drg, drg2, sizeof drg);
    assert_memory_equal(st, st2, sizeof st);
    assert_int_equal(ud2[2], 1);
    /* An id beyond the dictionary is not a code. */
    b.dx_ids[3] = 5000;
    assert_int_equal(yb_drg_group_batch(f->ctx, f->s, &ids, &r2, st2), 2);
    assert_int_equal(st2[2], YB_E_ROW_DX_CODE);
    /* All output arrays may be NULL. */
    yb_drg_results none = { .size = sizeof none, .n = 3 };
    assert_int_equal(yb_drg_group_batch(f->ctx, f->s, &b.c, &none, NULL), 1);
}

static void inconsistent_columns_fail_the_whole_batch(void **state)
{
    fixture *f = *state;
    batch b;
    make_batch(&b);
    uint32_t drg[3];
    yb_drg_results r = { .size = sizeof r, .n = 3, .drg = drg };
    yb_case_columns c = b.c;
    c.size = 8;
    assert_status(f->ctx, yb_drg_group_batch(f->ctx, f->s, &c, &r, NULL), YB_E_VERSION);
    c = b.c;
    c.sex = NULL;
    assert_status(f->ctx, yb_drg_group_batch(f->ctx, f->s, &c, &r, NULL), YB_E_INVALID_ARG);
    assert_msg_has(f->ctx, "sex");
    c = b.c;
    c.dx_ids = b.dx_ids; /* strings and ids together */
    assert_status(f->ctx, yb_drg_group_batch(f->ctx, f->s, &c, &r, NULL), YB_E_INVALID_ARG);
    c = b.c;
    int64_t rows[] = { 0, 3, 2, 5 };
    c.dx_row_offsets = rows;
    assert_status(f->ctx, yb_drg_group_batch(f->ctx, f->s, &c, &r, NULL), YB_E_INVALID_ARG);
    assert_msg_has(f->ctx, "decrease", "row 1");
    c = b.c;
    int64_t offs[8];
    memcpy(offs, b.dx_off, sizeof offs);
    offs[2] = 1;
    c.dx_offsets = offs;
    assert_status(f->ctx, yb_drg_group_batch(f->ctx, f->s, &c, &r, NULL), YB_E_INVALID_ARG);
    c = b.c;
    c.reserved[0] = &r;
    assert_status(f->ctx, yb_drg_group_batch(f->ctx, f->s, &c, &r, NULL), YB_E_INVALID_ARG);
    r.n = 2;
    assert_status(f->ctx, yb_drg_group_batch(f->ctx, f->s, &b.c, &r, NULL), YB_E_INVALID_ARG);
    assert_msg_has(f->ctx, "holds 2 rows");
    r.n = 3;
    r.size = 16;
    assert_status(f->ctx, yb_drg_group_batch(f->ctx, f->s, &b.c, &r, NULL), YB_E_VERSION);
    assert_int_equal(yb_drg_group_batch(NULL, f->s, &b.c, &r, NULL), YB_E_INVALID_ARG);
    assert_int_equal(yb_drg_group_batch(f->ctx, NULL, &b.c, &r, NULL), YB_E_INVALID_ARG);
    /* an empty batch is fine */
    c = b.c;
    c.n = 0;
    r.size = sizeof r;
    assert_int_equal(yb_drg_group_batch(f->ctx, f->s, &c, &r, NULL), 0);
    /* the single case: NULL lists with counts, bad size */
    yb_drg_result one = { .size = sizeof one };
    yb_drg_case k = { .size = sizeof k, .sex = 1, .age_years = 4, .age_days = -1, .birth_weight_g = -1,
                      .los_days = -1, .discharge_type = -1, .principal_dx = "K92.200", .n_secondary = 2 };
    assert_status(f->ctx, yb_drg_group_one(f->ctx, f->s, &k, &one), YB_E_INVALID_ARG);
    k.n_secondary = 0;
    k.size = 4;
    assert_status(f->ctx, yb_drg_group_one(f->ctx, f->s, &k, &one), YB_E_INVALID_ARG);
}

static int cancel_after_first(void *user, uint64_t done, uint64_t total)
{
    (void)total;
    int *calls = user;
    (*calls)++;
    return done >= 1;
}

static void progress_callback_can_cancel(void **state)
{
    fixture *f = *state;
    batch b;
    make_batch(&b);
    int calls = 0;
    assert_ok(f->ctx, yb_ctx_set_option(f->ctx, YB_OPT_PROGRESS_INTERVAL, 1));
    assert_ok(f->ctx, yb_ctx_set_progress(f->ctx, cancel_after_first, &calls));
    uint32_t drg[3];
    int32_t st[3];
    yb_drg_results r = { .size = sizeof r, .n = 3, .drg = drg };
    assert_status(f->ctx, yb_drg_group_batch(f->ctx, f->s, &b.c, &r, st), YB_E_CANCELLED);
    assert_int_equal(calls, 1);
    assert_int_equal(st[0], YB_OK); /* row 0 was grouped before the first call */
    assert_string_equal(drg_code_drg(f->s, drg[0]), "GR13");
    assert_int_equal(st[1], YB_E_CANCELLED);
    assert_int_equal(st[2], YB_E_CANCELLED);
    assert_ok(f->ctx, yb_ctx_set_progress(f->ctx, NULL, NULL));
    assert_ok(f->ctx, yb_ctx_set_option(f->ctx, YB_OPT_PROGRESS_INTERVAL, 65536));
}

static void validation_parameters_relax_the_newborn_checks(void **state)
{
    (void)state;
    yb_ctx *ctx;
    assert_int_equal(yb_ctx_new(&ctx, NULL), YB_OK);
    yb_drg_scheme *s = NULL;
    assert_ok(ctx, yb_drg_scheme_load(ctx, drg_tiny_pack("relaxed", NULL, NULL,
                                                          "{\"validation\": {\"infant_age_days\": false, "
                                                          "\"newborn_birth_weight\": false, \"max_age_years\": 120}}"),
                                      &s));
    yb_drg_result r;
    drg_tcase no_days = { 1, 0, -1, -1, 5, 1, "K92.200", "" };
    assert_int_equal(drg_group(ctx, s, &no_days, &r), YB_OK);
    drg_tcase no_weight = { 1, 0, 5, -1, 5, 1, "P59.900", "" };
    assert_int_equal(drg_group(ctx, s, &no_weight, &r), YB_OK);
    assert_string_equal(drg_code_drg(s, r.drg), "PU19");
    drg_tcase old = { 1, 121, -1, -1, 5, 1, "K92.200", "" };
    assert_int_equal(drg_group(ctx, s, &old, &r), YB_E_ROW_AGE);
    yb_drg_scheme_free(s);
    /* newborn_days = 7: a 10-day-old needs no weight any more */
    assert_ok(ctx, yb_drg_scheme_load(ctx, drg_tiny_pack("nb7", NULL, NULL, "{\"validation\": {\"newborn_days\": 7}}"),
                                      &s));
    drg_tcase ten = { 1, 0, 10, -1, 5, 1, "P59.900", "" };
    assert_int_equal(drg_group(ctx, s, &ten, &r), YB_OK);
    drg_tcase six = { 1, 0, 6, -1, 5, 1, "P59.900", "" };
    assert_int_equal(drg_group(ctx, s, &six, &r), YB_E_ROW_BIRTH_WEIGHT);
    yb_drg_scheme_free(s);
    yb_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_invalid_row_gets_its_status),
        cmocka_unit_test(negative_ventilation_and_icu_are_refused_missing_is_not),
        cmocka_unit_test(valid_edge_values_are_accepted),
        cmocka_unit_test(too_many_codes_follows_the_context_option),
        cmocka_unit_test(batch_reports_rows_and_keeps_going),
        cmocka_unit_test(inconsistent_columns_fail_the_whole_batch),
        cmocka_unit_test(progress_callback_can_cancel),
        cmocka_unit_test(validation_parameters_relax_the_newborn_checks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
