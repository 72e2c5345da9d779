/* drg-scheme pack errors: each is a status and a message naming the table,
 * line, column and value; and the loader, batch and trace under failing
 * allocations (no crash, no leak). */
#include <stdlib.h>

#include "drg_test_pack.h"

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

/* The tiny table with `from` replaced by `to` (once; `from` must be there). */
static char *edit(const char *table, const char *from, const char *to)
{
    const char *t = drg_tiny_table(table);
    const char *at = strstr(t, from);
    assert_non_null(at);
    size_t n = strlen(t) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    snprintf(out, n, "%.*s%s%s", (int)(at - t), t, to, at + strlen(from));
    return out;
}

/* Loads the tiny pack with one table replaced; expects the status and every fragment. */
static void expect_error(const char *table, char *text, const char *params, int status, const char *f1,
                         const char *f2)
{
    yb_drg_scheme *s = (yb_drg_scheme *)(uintptr_t)1;
    int rc = yb_drg_scheme_load(ctx, drg_tiny_pack("packerr", table, text, params), &s);
    assert_status(ctx, rc, status);
    assert_null(s);
    if (f1)
        assert_msg_has(ctx, f1);
    if (f2)
        assert_msg_has(ctx, f2);
    free(text);
}

static char *dup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    assert_non_null(d);
    strcpy(d, s);
    return d;
}

static void tables_missing_or_unknown(void **state)
{
    (void)state;
    expect_error("cc", NULL, NULL, YB_E_PACK, "needs the table 'cc'", NULL);
    expect_error("names", dup("code,name\nA,b\n"), NULL, YB_E_PACK, "has no table 'names'", NULL);
    expect_error("adrg", dup("adrg,mdc,order,kind,name\n"), NULL, YB_E_FORMAT, "missing required column 'condition'",
                 NULL);
    expect_error("mdc", dup("mdc,order,name,gate\n"), NULL, YB_E_PACK, "no rows", NULL);
}

static void conditions_that_do_not_compile(void **state)
{
    (void)state;
    /* each names the file, line and column of the cell and says what is wrong */
    expect_error("adrg", edit("adrg", "AA1,MDCA,1,surgical,Heart transplant,principal_proc in ss",
                              "AA1,MDCA,1,surgical,Heart transplant,principal_proc in"),
                 NULL, YB_E_FORMAT, "adrg.csv:2:6", "expected a list name");
    expect_error("adrg", edit("adrg", "principal_proc in ss\nAB1", "principal_proc in nolist\nAB1"), NULL,
                 YB_E_NOT_FOUND, "no procedure list named 'nolist' or 'AA1.nolist'", "adrg.csv:2");
    expect_error("adrg", edit("adrg", "ss['big']", "ss['huge']"), NULL, YB_E_NOT_FOUND, "has the tag 'huge'", NULL);
    expect_error("mdc", edit("mdc", "distinct_tags(any_dx in mdc_zd)", "distinct_tags(any_proc in valid_or)"), NULL,
                 YB_E_FORMAT, "list without tags", "mdc.csv:4");
    expect_error("adrg", edit("adrg", "principal_proc in ss\nAB1", "principal_proc is ss\nAB1"), NULL, YB_E_FORMAT,
                 "expected 'in'", NULL);
    expect_error("adrg", edit("adrg", "XR1,MDCX,1,medical,Other,true", "XR1,MDCX,1,medical,Other,true true"), NULL,
                 YB_E_FORMAT, "unexpected text after the condition", NULL);
    expect_error("adrg", edit("adrg", "XR1,MDCX,1,medical,Other,true", "XR1,MDCX,1,medical,Other,"), NULL,
                 YB_E_FORMAT, "empty condition", NULL);
    expect_error("adrg", edit("adrg", "XR1,MDCX,1,medical,Other,true", "XR1,MDCX,1,medical,Other,weight > 3"), NULL,
                 YB_E_FORMAT, "unknown test", NULL);
    expect_error("drg", edit("drg", "FT18,FT1,2,age_years >= 65", "FT18,FT1,2,age_years >= 6500000000"), NULL,
                 YB_E_FORMAT, "number too large", NULL);
    expect_error("drg", edit("drg", "FT18,FT1,2,age_years >= 65", "FT18,FT1,2,age_years => 65"), NULL, YB_E_FORMAT,
                 "expected a comparison", NULL);
    expect_error("drg", edit("drg", "FT18,FT1,2,age_years >= 65", "FT18,FT1,2,(age_years >= 65"), NULL, YB_E_FORMAT,
                 "expected ')'", NULL);
    char deep[400];
    size_t k = 0;
    k += (size_t)snprintf(deep, sizeof deep, "XR1,MDCX,1,medical,Other,");
    for (int i = 0; i < 80; i++)
        deep[k++] = '(';
    snprintf(deep + k, sizeof deep - k, "true");
    expect_error("adrg", edit("adrg", "XR1,MDCX,1,medical,Other,true", deep), NULL, YB_E_LIMIT, "nested too deeply",
                 NULL);
}

static void rule_tables_must_be_consistent(void **state)
{
    (void)state;
    expect_error("mdc", edit("mdc", "MDCX,8,", "MDCF,8,"), NULL, YB_E_DUPLICATE, "code appears twice", "mdc.csv:9");
    expect_error("mdc", edit("mdc", "MDCX,8,", "MDCX,7,"), NULL, YB_E_DUPLICATE, "same order 7", NULL);
    expect_error("adrg", edit("adrg", "XR1,MDCX,1", "XR1,MDCQ,1"), NULL, YB_E_NOT_FOUND, "no MDC with this code",
                 "MDCQ");
    expect_error("adrg", edit("adrg", "GC1,MDCG,2", "GC1,MDCG,1"), NULL, YB_E_DUPLICATE, "GB1 and GC1", NULL);
    expect_error("adrg", edit("adrg", "XR1,MDCX,1,medical", "XR1,MDCX,1,internal"), NULL, YB_E_FORMAT,
                 "kind must be", NULL);
    expect_error("drg", edit("drg", "XR19,XR1,1,true,\n", ""), NULL, YB_E_PACK, "ADRG XR1 has no DRG", NULL);
    expect_error("drg", edit("drg", "FT1A,", "FT1TOOLONG,"), NULL, YB_E_FORMAT, "1 to 8 bytes", "FT1TOOLONG");
    expect_error("drg", edit("drg", "XR19,XR1", "XR19,XR9"), NULL, YB_E_NOT_FOUND, "no ADRG with this code", NULL);
    expect_error("drg", edit("drg", "FT19,FT1,4", "FT19,FT1,3"), NULL, YB_E_DUPLICATE, "same order 3", "FT1");
    expect_error("mdc", edit("mdc", "stop,GQY,has_principal_proc", "stop,FR1,has_principal_proc"), NULL,
                 YB_E_NOT_FOUND, "must be an ADRG of MDCG", NULL);
    expect_error("mdc", edit("mdc", "stop,GQY,has_principal_proc", "stop,GQY,"), NULL, YB_E_FORMAT, "go together",
                 NULL);
    expect_error("mdc", edit("mdc", "MDCX,8,Other,principal_dx in mdc_zd,next", "MDCX,8,Other,principal_dx in mdc_zd,skip"),
                 NULL, YB_E_FORMAT, "next or stop", NULL);
    expect_error(NULL, NULL, "{\"ungroupable_drg\": \"XR19\"}", YB_E_DUPLICATE, "ungroupable", NULL);
    expect_error(NULL, NULL, "{\"ungroupable_drg\": \"000000000\"}", YB_E_PARAM, "1 to 8 bytes", NULL);
}

static void code_tables_must_be_clean(void **state)
{
    (void)state;
    expect_error("dx_lists", edit("dx_lists", "GB1.zd,K35.800,\n", "GB1.zd,K35.800,\nGB1.zd,k35.800,\n"), NULL,
                 YB_E_DUPLICATE, "listed twice in list 'GB1.zd'", "K35.800");
    expect_error("dx_lists", edit("dx_lists", "GB1.zd,K35.800", "GB1.zd,K35 800"), NULL, YB_E_FORMAT,
                 "not a valid diagnosis code", "dx_lists.csv:22");
    expect_error("proc_lists", edit("proc_lists", "AA1.ss,", "1AA.ss,"), NULL, YB_E_FORMAT, "list name", NULL);
    expect_error("cc", edit("cc", "N18.500,CC", "N18.500,SEVERE"), NULL, YB_E_FORMAT, "level must be MCC or CC", NULL);
    expect_error("cc", edit("cc", "N18.500,CC,T2\n", "N18.500,CC,T2\nN18.500,MCC,T2\n"), NULL, YB_E_DUPLICATE,
                 "twice in the MCC/CC table", NULL);
    expect_error("cc", edit("cc", "N18.500,CC,T2", "N18.500,CC,"), NULL, YB_E_FORMAT, "missing exclusion table", NULL);
    expect_error("cc_exclusion", edit("cc_exclusion", "K35.800,T3\n", "K35.800,T3\nK35.800,T1\n"), NULL,
                 YB_E_DUPLICATE, "twice in the exclusion table", NULL);
}

static void parameters_are_checked(void **state)
{
    (void)state;
    expect_error(NULL, NULL, "{\"validaton\": {\"newborn_days\": 7}}", YB_E_PARAM, "validaton", NULL);
    expect_error(NULL, NULL, "{\"validation\": {\"newborn_dayz\": 7}}", YB_E_PARAM, "validation.newborn_dayz", NULL);
    expect_error(NULL, NULL, "{\"validation\": {\"newborn_days\": 400}}", YB_E_PARAM, "validation.newborn_days", NULL);
    expect_error(NULL, NULL, "{\"validation\": {\"infant_age_days\": \"maybe\"}}", YB_E_PARAM, "infant_age_days", NULL);
}

static void files_and_manifest_errors(void **state)
{
    (void)state;
    yb_drg_scheme *s = NULL;
    assert_status(ctx, yb_drg_scheme_load(ctx, "/nonexistent/pack", &s), YB_E_IO);
    /* a changed table fails its checksum before it is parsed */
    const char *dir = drg_tiny_pack("sum", NULL, NULL, NULL);
    char path[600];
    snprintf(path, sizeof path, "%s/cc.csv", dir);
    yb_test_write_text(path, "code,level,table\nI50.900,CC,T1\n");
    assert_status(ctx, yb_drg_scheme_load(ctx, dir, &s), YB_E_CHECKSUM);
    assert_msg_has(ctx, "cc.csv");
    /* a pack of another kind */
    dir = drg_tiny_pack("kind", NULL, NULL, NULL);
    snprintf(path, sizeof path, "%s/pack.json", dir);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    char *k = strstr(buf, "drg-scheme");
    assert_non_null(k);
    memcpy(k, "dip-catalg", 10);
    yb_test_write_text(path, buf);
    assert_true(yb_drg_scheme_load(ctx, dir, &s) < 0);
    assert_null(s);
    assert_msg_has(ctx, "drg-scheme");
    assert_int_equal(yb_drg_scheme_load(NULL, dir, &s), YB_E_INVALID_ARG);
    assert_int_equal(yb_drg_scheme_load(ctx, NULL, &s), YB_E_INVALID_ARG);
}

/* ---- allocation failures ---- */

static const char *tiny_dir;

static yb_drg_scheme *loaded;

static int load_group_trace(yb_ctx *c, void *user)
{
    (void)user;
    int rc = yb_drg_scheme_load(c, tiny_dir, &loaded);
    if (rc)
        return rc;
    /* one batch of one case and its trace */
    yb_drg_result r = { .size = sizeof r };
    const char *sec[] = { "K29.700", "Z99.999" };
    const char *pr[] = { "47.0901" };
    yb_drg_case k = { .size = sizeof k, .sex = 1, .age_years = 40, .age_days = -1, .birth_weight_g = -1,
                      .los_days = 3, .discharge_type = 1, .vent_hours = -1, .icu_days = -1, .principal_dx = "K35.800",
                      .secondary_dx = sec, .n_secondary = 2, .procedures = pr, .n_procedures = 1 };
    rc = yb_drg_group_one(c, loaded, &k, &r);
    yb_drg_trace *t = NULL;
    if (!rc && strcmp(yb_drg_scheme_drg_code(loaded, r.drg), "GB15") != 0)
        rc = YB_E_INTERNAL; /* a failure must never give a wrong answer */
    if (!rc)
        rc = yb_drg_trace_one(c, loaded, &k, &t);
    yb_drg_trace_free(t);
    if (rc) {
        yb_drg_scheme_free(loaded);
        loaded = NULL;
    }
    return rc;
}

static void cleanup_scheme(void *user)
{
    (void)user;
    yb_drg_scheme_free(loaded);
    loaded = NULL;
}

static void every_allocation_failure_is_clean(void **state)
{
    (void)state;
    static char dir[512];
    snprintf(dir, sizeof dir, "%s", drg_tiny_pack("allocfail", NULL, NULL, NULL));
    tiny_dir = dir;
    long sites = yb_test_every_alloc_fails(load_group_trace, cleanup_scheme, NULL);
    assert_true(sites > 50);
    /* a failed load leaves nothing behind */
    assert_null(loaded);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_missing_or_unknown),
        cmocka_unit_test(conditions_that_do_not_compile),
        cmocka_unit_test(rule_tables_must_be_consistent),
        cmocka_unit_test(code_tables_must_be_clean),
        cmocka_unit_test(parameters_are_checked),
        cmocka_unit_test(files_and_manifest_errors),
        cmocka_unit_test(every_allocation_failure_is_clean),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
