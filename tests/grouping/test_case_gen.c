/* The benchmark case generator (examples/yibao/case_gen.c): template cases
 * follow their template, random cases stay as they were, and a seed gives
 * the same batch again. */
#include <stdlib.h>

#include "test_util.h"

#include "case_gen.h"

static const char *const DX[] = { "A01.000", "B02.000", "C03.000", "K35.800", "K35.801", "N39.000" };
static const char *const PROC[] = { "47.0100", "47.0901", "54.2100", "99.0400" };
static const case_gen_pools POOLS = { DX, 6, DX, 6, PROC, 4, PROC, 4 };

static const char *item(const char *data, const int64_t *off, int64_t k, char *buf)
{
    size_t n = (size_t)(off[k + 1] - off[k]);
    assert_true(n < 32);
    memcpy(buf, data + off[k], n);
    buf[n] = '\0';
    return buf;
}

static void template_cases_follow_their_template(void **state)
{
    (void)state;
    /* one template: principal K35.800 or K35.801 (one run of two codes), 47.0901 always, 54.2100 never,
     * a newborn of at most 10 days weighing 1000-1499 g */
    case_gen_alt k35 = { DX + 3, 2 }, appx = { PROC + 1, 1 }, lap = { PROC + 2, 1 };
    case_gen_slot dx[] = { { &k35, 1, 100 } }, proc[] = { { &appx, 1, 100 }, { &lap, 1, 0 } };
    case_gen_template t = { dx, 1, proc, 2, 10, 1000, 1499 };
    case_gen_spec spec = { &t, 1, 0, 2, 0 }; /* no random cases, 0-2 extra diagnoses, no extra procedure */
    case_gen *g = case_gen_make_templated(&POOLS, &spec, 500, 7);
    assert_non_null(g);
    const yb_case_columns *c = case_gen_cases(g);
    assert_int_equal(c->n, 500);
    char buf[32];
    size_t extra[3] = { 0, 0, 0 };
    for (size_t i = 0; i < c->n; i++) {
        int64_t d0 = c->dx_row_offsets[i], d1 = c->dx_row_offsets[i + 1];
        assert_true(d1 - d0 >= 1 && d1 - d0 <= 3);
        extra[d1 - d0 - 1]++;
        const char *pdx = item(c->dx_data, c->dx_offsets, d0, buf);
        assert_true(strcmp(pdx, "K35.800") == 0 || strcmp(pdx, "K35.801") == 0);
        assert_int_equal(c->proc_row_offsets[i + 1] - c->proc_row_offsets[i], 1);
        assert_string_equal(item(c->proc_data, c->proc_offsets, c->proc_row_offsets[i], buf), "47.0901");
        assert_int_equal(c->age_years[i], 0);
        assert_true(c->age_days[i] >= 0 && c->age_days[i] <= 10);
        assert_true(c->birth_weight_g[i] >= 1000 && c->birth_weight_g[i] <= 1499);
    }
    for (int k = 0; k < 3; k++)
        assert_true(extra[k] > 0); /* 0, 1 and 2 extra diagnoses all occur */
    double dxc, prc, surg;
    case_gen_stats(g, &dxc, &prc, &surg);
    assert_true(prc == 1.0 && surg == 1.0);
    /* the same seed gives the same batch */
    case_gen *h = case_gen_make_templated(&POOLS, &spec, 500, 7);
    assert_non_null(h);
    const yb_case_columns *e = case_gen_cases(h);
    assert_memory_equal(c->dx_row_offsets, e->dx_row_offsets, 501 * sizeof(int64_t));
    assert_memory_equal(c->dx_data, e->dx_data, (size_t)c->dx_offsets[c->dx_row_offsets[500]]);
    case_gen_free(h);
    case_gen_free(g);
    /* no template: refused */
    spec.n_templates = 0;
    assert_null(case_gen_make_templated(&POOLS, &spec, 10, 7));
}

static void random_share_mixes_in_random_cases(void **state)
{
    (void)state;
    case_gen_alt a01 = { DX, 1 };
    case_gen_slot dx[] = { { &a01, 1, 100 } };
    case_gen_template t = { dx, 1, NULL, 0, -1, -1, -1 };
    case_gen_spec spec = { &t, 1, 50, 0, 0 };
    case_gen *g = case_gen_make_templated(&POOLS, &spec, 2000, 11);
    assert_non_null(g);
    const yb_case_columns *c = case_gen_cases(g);
    size_t templated = 0;
    char buf[32];
    for (size_t i = 0; i < c->n; i++) {
        /* a template case here is exactly A01.000 with no procedure and an adult's age */
        int64_t d0 = c->dx_row_offsets[i];
        int one_dx = c->dx_row_offsets[i + 1] - d0 == 1;
        templated += one_dx && strcmp(item(c->dx_data, c->dx_offsets, d0, buf), "A01.000") == 0 &&
                     c->proc_row_offsets[i + 1] == c->proc_row_offsets[i] && c->age_years[i] >= 1;
    }
    /* about half (random cases that happen to look the same are rare) */
    assert_true(templated > 800 && templated < 1300);
    case_gen_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(template_cases_follow_their_template),
        cmocka_unit_test(random_share_mixes_in_random_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
