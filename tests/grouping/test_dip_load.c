/* Loading dip-catalog packs: every malformed table gives its status and a
 * message naming the file, line, column and value; allocation failures at
 * every site leave nothing behind. */
#include <stdlib.h>

#include "dip_test_util.h"

static yb_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    return yb_ctx_new(&ctx, NULL);
}

static int teardown(void **state)
{
    (void)state;
    yb_ctx_free(ctx);
    return 0;
}

/* Loads the small catalogue with one table replaced; expects status. */
static void expect(const char *table, const char *text, const char *params, int status)
{
    const char *dir = dip_test_small_pack_with("dip-bad", table, text, params);
    yb_dip_catalog *cat = (yb_dip_catalog *)1;
    assert_status(ctx, yb_dip_catalog_load(ctx, dir, &cat), status);
    if (status == YB_OK) {
        yb_dip_catalog_free(cat);
        return;
    }
    assert_null(cat);
}

static void small_catalogue_loads(void **state)
{
    (void)state;
    yb_dip_catalog *cat;
    assert_ok(ctx, yb_dip_catalog_load(ctx, dip_test_small_pack("dip-ok", NULL), &cat));
    assert_int_equal(yb_dip_group_count(cat), 23);
    uint32_t id;
    assert_ok(ctx, yb_dip_group_find(cat, "JC2", &id));
    assert_int_equal(id, 15); /* the 16th row of groups.csv */
    assert_string_equal(yb_dip_group_code(cat, id), "JC2");
    assert_int_equal(yb_dip_group_kind(cat, id), YB_DIP_LAYER_CORE);
    assert_int_equal(yb_dip_group_primary_care(cat, id), 1);
    assert_int_equal(yb_dip_group_active(cat, id), 1);
    assert_int_equal(yb_dip_group_find(cat, "jc2", &id), YB_E_NOT_FOUND); /* group codes are exact */
    int64_t score;
    assert_int_equal(yb_dip_group_score(cat, 0, &score), YB_E_NOT_FOUND);
    assert_null(yb_dip_group_code(cat, 23));
    assert_int_equal(yb_dip_group_kind(cat, 23), YB_E_INVALID_ARG);
    assert_int_equal(strlen(yb_dip_catalog_fingerprint(cat)), 64);
    /* the dictionaries hold the code lists plus every code the tables name */
    assert_ok(ctx, yb_dict_lookup(yb_dip_catalog_dx_dict(cat), "K35.800x001", 11, &id));
    assert_ok(ctx, yb_dict_lookup(yb_dip_catalog_proc_dict(cat), "02.0003", 7, &id));
    yb_dip_catalog_free(cat);
    yb_dip_catalog_free(NULL);
}

static void wrong_kind_is_refused(void **state)
{
    (void)state;
    const dip_test_table t[] = { { "x", "a\n1\n", NULL } };
    const char *dir = dip_test_pack("dip-kind", t, 1, NULL, NULL);
    char path[4400], text[4096];
    snprintf(path, sizeof path, "%s/pack.json", dir);
    FILE *f = fopen(path, "rb");
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *k = strstr(text, "dip-catalog");
    memcpy(k, "drg-scheme!", 11);
    memmove(k + 10, k + 11, strlen(k + 11) + 1);
    yb_test_write_text(path, text);
    yb_dip_catalog *cat;
    assert_status(ctx, yb_dip_catalog_load(ctx, dir, &cat), YB_E_PACK);
    assert_msg_has(ctx, "drg-scheme", "dip-catalog");
}

static void group_table_errors(void **state)
{
    (void)state;
    expect("groups", "code,kind,seq,name,primary_care,active\nXQ1,early,1,x,0,1\n", NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "groups.csv:2", "kind", "early");
    expect("groups", "code,kind,seq,name,primary_care,active\nXQ1,pre,1,x,0,1\nXQ1,pre,2,y,0,1\n", NULL,
           YB_E_DUPLICATE);
    assert_msg_has(ctx, "groups.csv:3", "XQ1");
    expect("groups", "code,kind,seq,name,primary_care,active\nXQ1,pre,1,x,2,1\n", NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "primary_care");
    expect("groups", "code,kind,seq,name,primary_care,active\nXQ 1,pre,1,x,0,1\n", NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "group code");
    expect("groups", "code,kind,seq,name,primary_care,active\n", NULL, YB_E_PACK);
    assert_msg_has(ctx, "empty");
    expect("groups", "code,kind,name\nXQ1,pre,x\n", NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "primary_care");
}

static void rule_table_errors(void **state)
{
    (void)state;
    /* the small catalogue's groups, and one bad rule each */
    const char *h = "group,pdx,sdx,anydx,not_pdx,not_sdx,pproc,procs,related,age_days_max,weight_min,weight_max,"
                    "attribute\n";
    char text[1024];
    snprintf(text, sizeof text, "%sXX9,K35,,,,,30.0002,,,,,,\n", h);
    expect("rules", text, NULL, YB_E_NOT_FOUND);
    assert_msg_has(ctx, "rules.csv:2", "XX9", "no such group");
    snprintf(text, sizeof text, "%sJC1,K35|,,,,,30.0002,,,,,,\n", h);
    expect("rules", text, NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "rules.csv:2", "pdx", "empty item");
    snprintf(text, sizeof text, "%sJC1,K35,,,,,30.0002+30.0001,,,,,,\n", h);
    expect("rules", text, NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "pproc", "'+'");
    snprintf(text, sizeof text, "%sZH1,N39,,,,,,,,,,,\n", h);
    expect("rules", text, NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "attribute");
    snprintf(text, sizeof text, "%sZH1,N39,,,,,30.0001,,,,,,surgery\n", h);
    expect("rules", text, NULL, YB_E_FORMAT);
    snprintf(text, sizeof text, "%sJC1,K35,,,,,30.0002,,,,,,surgery\n", h);
    expect("rules", text, NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "only comprehensive");
    snprintf(text, sizeof text, "%sXQ1,,,,,,,,,,,,\n", h);
    expect("rules", text, NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "every case");
    snprintf(text, sizeof text, "%sBX1,I20,,,,,,,20.0001,,,,\n", h);
    expect("rules", text, NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "related");
    snprintf(text, sizeof text, "%sXQ5,,,P07,,,,,,,1000,1499,\n", h);
    expect("rules", text, NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "age_days_max");
    snprintf(text, sizeof text, "%sXQ5,,,P07,,,,,,28,1500,1499,\n", h);
    expect("rules", text, NULL, YB_E_FORMAT);
    snprintf(text, sizeof text, "%sXQ5,,,P07,,,,,,old,,,\n", h);
    expect("rules", text, NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "age_days_max", "old");
    snprintf(text, sizeof text, "%sJC1,C99-C00,,,,,30.0002,,,,,,\n", h);
    expect("rules", text, NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "start after end");
    snprintf(text, sizeof text, "%sJC1,K35,,,,,30.0002|,,,,,,\n", h);
    expect("rules", text, NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "empty code");
    expect("rules", "group,pdx\nJC1,K35\n", NULL, YB_E_FORMAT); /* pproc column missing */
    assert_msg_has(ctx, "pproc");
    expect("rules", NULL, NULL, YB_E_PACK); /* the table is required */
    assert_msg_has(ctx, "rules");
}

static void code_table_errors(void **state)
{
    (void)state;
    expect("dx_codes", "code,name\nK35.800,a\nk35.800,b\n", NULL, YB_E_DUPLICATE);
    assert_msg_has(ctx, "dx_codes.csv:3", "k35.800");
    expect("proc_codes", "code,name,attribute\n30.0001,a,operation\n", NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "proc_codes.csv:2", "operation");
    expect("proc_codes", "code,name,attribute\n30 0001,a,surgery\n", NULL, YB_E_FORMAT);
    expect("excluded_proc", "code,name,policy,principal_if_dx\n70.0001,x,drop,\n", NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "excluded_proc.csv:2", "drop");
    expect("excluded_proc", "code,name,policy,principal_if_dx\n70.0001,x,conservative,K20\n", NULL, YB_E_FORMAT);
}

static void score_table_errors(void **state)
{
    (void)state;
    expect("scores", "group,score\nJC1,1000.5\n", NULL, YB_OK);
    expect("scores", "group,score\nJC9,1000\n", NULL, YB_E_NOT_FOUND);
    assert_msg_has(ctx, "scores.csv:2", "JC9");
    expect("scores", "group,score\nJC1,-1\n", NULL, YB_E_FORMAT);
    expect("scores", "group,score\nJC1,1.00001\n", NULL, YB_E_FORMAT); /* 5 decimals */
    assert_msg_has(ctx, "1.00001");
    expect("scores", "group,score\nJC1,1\nJC1,2\n", NULL, YB_E_DUPLICATE);
    expect("scores", "group,score,primary_care,name\nJC1,1,1,x\n", NULL, YB_E_PACK);
    assert_msg_has(ctx, "primary_care");
}

static void subtype_and_cci_errors(void **state)
{
    (void)state;
    const char *h = "code,group,kind,name,pdx,sdx,procs,cci_min,cci_max,severity,age_min,age_max,icu_min,icu_max,"
                    "coefficient\n";
    char text[1024];
    snprintf(text, sizeof text, "%sS1,JC9,age,x,,,,,,,65y,,,,1.1\n", h);
    expect("subtypes", text, NULL, YB_E_NOT_FOUND);
    snprintf(text, sizeof text, "%sS1,JC3,weather,x,,,,,,,65y,,,,1.1\n", h);
    expect("subtypes", text, NULL, YB_E_FORMAT);
    snprintf(text, sizeof text, "%sS1,JC3,age,x,,,,,,,,,,,1.1\n", h);
    expect("subtypes", text, NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "at least one condition");
    snprintf(text, sizeof text, "%sS1,JC3,age,x,,,,,,,65y,,,,0\n", h);
    expect("subtypes", text, NULL, YB_E_FORMAT);
    snprintf(text, sizeof text, "%sS1,JC3,age,x,,,,,,,65w,,,,1.1\n", h);
    expect("subtypes", text, NULL, YB_E_FORMAT);
    assert_msg_has(ctx, "65w");
    snprintf(text, sizeof text, "%sS1,JC3,age,x,,,,,,,65y,,,,1.1\nS1,JC3,age,y,,,,,,,70y,,,,1.2\n", h);
    expect("subtypes", text, NULL, YB_E_DUPLICATE);
    snprintf(text, sizeof text, "%sS1,JC3,severity,x,,,,,,grave,,,,,1.1\n", h);
    expect("subtypes", text, NULL, YB_E_FORMAT);
    /* a CCI band without the cci table */
    const char *dir = dip_test_small_pack_with("dip-nocci", "cci", NULL, NULL);
    yb_dip_catalog *cat;
    assert_status(ctx, yb_dip_catalog_load(ctx, dir, &cat), YB_E_PACK);
    assert_msg_has(ctx, "cci");
    expect("cci", "dx,condition,weight,supersedes\nI21,mi,1,\nI22,mi,2,\n", NULL, YB_E_PACK);
    assert_msg_has(ctx, "cci.csv:3", "weight");
    expect("cci", "dx,condition,weight,supersedes\nI21,mi,1,heart\n", NULL, YB_E_NOT_FOUND);
    assert_msg_has(ctx, "heart");
    expect("severity", "dx,level\nR57,critical\n", NULL, YB_E_FORMAT);
}

static void parameter_errors(void **state)
{
    (void)state;
    expect(NULL, NULL, "\"match\":{\"tiebreak\":\"first\"}", YB_E_PARAM);
    assert_msg_has(ctx, "match.tiebreak");
    expect(NULL, NULL, "\"codes\":{\"unknown\":\"maybe\"}", YB_E_PARAM);
    expect(NULL, NULL, "\"rounding\":\"sideways\"", YB_E_PARAM);
    expect(NULL, NULL, "\"rounding\":\"half_even\"", YB_OK);
    expect(NULL, NULL, "\"build\":{\"note\":\"anything\"}", YB_OK); /* provenance of a build */
    const char *dir = dip_test_small_pack_with("dip-vent", NULL, NULL, NULL);
    /* the ventilation code must be a known procedure: replace it in the manifest */
    char path[4400], text[8192];
    snprintf(path, sizeof path, "%s/pack.json", dir);
    FILE *f = fopen(path, "rb");
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *v = strstr(text, "02.0002");
    memcpy(v, "09.0009", 7);
    yb_test_write_text(path, text);
    yb_dip_catalog *cat;
    assert_status(ctx, yb_dip_catalog_load(ctx, dir, &cat), YB_E_PARAM);
    assert_msg_has(ctx, "ventilation.code", "09.0009");
}

static void changed_table_fails_its_checksum(void **state)
{
    (void)state;
    const char *dir = dip_test_small_pack("dip-sum", NULL);
    char path[4400];
    snprintf(path, sizeof path, "%s/rules.csv", dir);
    yb_test_write_text(path, dip_test_small_rules); /* same text: fine */
    yb_dip_catalog *cat;
    assert_ok(ctx, yb_dip_catalog_load(ctx, dir, &cat));
    yb_dip_catalog_free(cat);
    yb_test_write_text(path, "group,pdx,pproc\nJC1,K35,30.0001\n");
    assert_status(ctx, yb_dip_catalog_load(ctx, dir, &cat), YB_E_CHECKSUM);
    assert_msg_has(ctx, "rules.csv");
}

static void bad_arguments(void **state)
{
    (void)state;
    yb_dip_catalog *cat;
    assert_int_equal(yb_dip_catalog_load(NULL, "x", &cat), YB_E_INVALID_ARG);
    assert_int_equal(yb_dip_catalog_load(ctx, NULL, &cat), YB_E_INVALID_ARG);
    assert_int_equal(yb_dip_catalog_load(ctx, "x", NULL), YB_E_INVALID_ARG);
    assert_status(ctx, yb_dip_catalog_load(ctx, "/nonexistent/pack", &cat), YB_E_IO);
    assert_int_equal(yb_dip_group_count(NULL), 0);
    assert_null(yb_dip_catalog_fingerprint(NULL));
}

static const char *alloc_dir;
static yb_dip_catalog *alloc_cat;

static int load_small(yb_ctx *c, void *user)
{
    (void)user;
    alloc_cat = NULL;
    int rc = yb_dip_catalog_load(c, alloc_dir, &alloc_cat);
    if (rc)
        return rc;
    /* grouping allocates its working memory: fail those too */
    yb_dip_case k = dip_test_case("J18.100|E11.200", "70.0001");
    yb_dip_result r = { .size = sizeof r };
    rc = yb_dip_group_one(c, alloc_cat, &k, &r);
    if (rc == YB_OK) {
        char buf[256];
        rc = yb_dip_trace_one_text(c, alloc_cat, &k, buf, sizeof buf, NULL);
    }
    if (rc) {
        yb_dip_catalog_free(alloc_cat);
        alloc_cat = NULL;
    }
    return rc;
}

static void free_small(void *user)
{
    (void)user;
    yb_dip_catalog_free(alloc_cat);
    alloc_cat = NULL;
}

static void loader_survives_every_allocation_failure(void **state)
{
    (void)state;
    alloc_dir = dip_test_small_pack("dip-alloc", NULL);
    long sites = yb_test_every_alloc_fails(load_small, free_small, NULL);
    assert_true(sites > 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(small_catalogue_loads),
        cmocka_unit_test(wrong_kind_is_refused),
        cmocka_unit_test(group_table_errors),
        cmocka_unit_test(rule_table_errors),
        cmocka_unit_test(code_table_errors),
        cmocka_unit_test(score_table_errors),
        cmocka_unit_test(subtype_and_cci_errors),
        cmocka_unit_test(parameter_errors),
        cmocka_unit_test(changed_table_fails_its_checksum),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(loader_survives_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
