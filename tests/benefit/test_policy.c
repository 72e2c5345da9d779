/* Loading benefit-policy packs: the sample pack, allocation failures, and
 * bad policies refused with messages naming file, line, field and value. */
#include <stdlib.h>

#include "bf_fixture.h"

static yb_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    assert_int_equal(yb_ctx_new(&ctx, NULL), YB_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    yb_ctx_free(ctx);
    return 0;
}

static void sample_pack_loads_with_its_catalogue(void **state)
{
    (void)state;
    yb_benefit_policy *p = bf_load(ctx, yb_test_src("packs/sample-benefit"));
    assert_int_equal(strlen(yb_benefit_policy_fingerprint(p)), 64);
    assert_int_equal(yb_benefit_policy_item_count(p), 37); /* 38 rows, D.NEW001.INJ has two versions */
    uint32_t id;
    assert_ok(ctx, yb_benefit_policy_item_id(p, "m.stent.des", 11, &id)); /* codes are normalised */
    assert_string_equal(yb_benefit_policy_item_code(p, id), "M.STENT.DES");
    assert_int_equal(yb_benefit_policy_item_id(p, "NOPE", 4, &id), YB_E_NOT_FOUND);
    assert_int_equal(id, YB_BENEFIT_NO_ITEM);
    assert_null(yb_benefit_policy_item_code(p, 1000));
    yb_benefit_policy_free(p);
    yb_benefit_policy_free(NULL);
}

static yb_benefit_policy *g_pol;
static const char *g_dir;

static int op_load(yb_ctx *c, void *user)
{
    (void)user;
    return yb_benefit_policy_load(c, g_dir, &g_pol);
}

static void cleanup_policy(void *user)
{
    (void)user;
    yb_benefit_policy_free(g_pol);
    g_pol = NULL;
}

static void every_allocation_failure_in_the_loader_is_reported(void **state)
{
    (void)state;
    g_dir = yb_test_src("packs/sample-benefit");
    assert_true(yb_test_every_alloc_fails(op_load, cleanup_policy, NULL) > 20);
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s", bf_pack("alloc", NULL, 0, NULL));
    g_dir = dir;
    assert_true(yb_test_every_alloc_fails(op_load, cleanup_policy, NULL) > 20);
}

typedef struct bad_case {
    const char *table;   /* table to replace (NULL: none) */
    const char *csv;     /* its text (NULL: remove the table) */
    const char *params;  /* manifest parameters, or NULL */
    int status;
    const char *msg1, *msg2, *msg3;
} bad_case;

static const char ins_hdr[] = "valid_from,valid_to,insured,level,place,deductible\n";

static void bad_policies_are_refused_with_clear_messages(void **state)
{
    (void)state;
    static char overlap[256], dup[256], gap[256];
    snprintf(overlap, sizeof overlap, "%s2024-01-01,2024-12-31,employee,1,local,200\n"
             "2024-06-01,,employee,1,local,300\n", ins_hdr);
    snprintf(dup, sizeof dup, "%s,,employee,1,local,200\n,,employee,1,local,300\n", ins_hdr);
    snprintf(gap, sizeof gap, "%s2024-01-01,,resident,2,referred,200\n", ins_hdr);
    const bad_case cases[] = {
        { "insured", NULL, NULL, YB_E_PACK, "needs the table 'insured'", NULL, NULL },
        { "inpatient", overlap, NULL, YB_E_PACK, "inpatient.csv", "employee, level 1, local", "overlaps the row on line 2" },
        { "inpatient", dup, NULL, YB_E_DUPLICATE, "inpatient.csv:3:", "valid from the open start", "overlaps the row on line 2" },
        { "inpatient", gap, NULL, YB_E_PACK, "coinsurance has rows for employee, level 1, local", "inpatient.csv) has none",
          "coinsurance.csv" },
        { "coinsurance", "insured,level,place,from,ratio\nresident,3,local,0,1.5\n", NULL, YB_E_PARAM,
          "coinsurance.csv:2:", "'ratio'", "must be from 0.000000 to 1.000000" },
        { "coinsurance", "insured,level,place,from,ratio\nresident,3,local,100.00,0.5\n", NULL, YB_E_PACK,
          "must start with from 0", NULL, NULL },
        { "coinsurance",
          "insured,level,place,from,ratio\nresident,3,local,0,0.5\nresident,3,local,1,0.5\nresident,3,local,2,0.5\n"
          "resident,3,local,3,0.5\nresident,3,local,4,0.5\nresident,3,local,5,0.5\nresident,3,local,6,0.5\n"
          "resident,3,local,7,0.5\nresident,3,local,8,0.5\n",
          NULL, YB_E_LIMIT, "9 rows, at most 8", NULL, NULL },
        { "critical_illness_bands", NULL, NULL, YB_E_PACK, "come together", NULL, NULL },
        { "critical_illness_bands", "insured,from,ratio\nresident,0,0.6\nresident,0,0.7\n", NULL, YB_E_DUPLICATE,
          "from 0 appears twice", "resident", NULL },
        { "items", "code,class,b_first_pay\nX1,B,\n", NULL, YB_E_FORMAT, "items.csv:2:", "b_first_pay", "missing ratio" },
        { "items", "code,class\nX1,D\n", NULL, YB_E_FORMAT, "expected an item class", "'D'", NULL },
        { "items", "code,class,price_limit\nX1,C,5.00\n", NULL, YB_E_FORMAT, "price limit on a class C item", NULL,
          NULL },
        { "items", "code,class,b_first_pay\nX1,A,0.1\n", NULL, YB_E_FORMAT, "only for class B", NULL, NULL },
        { "items", "code,class,valid_from,valid_to\nX1,A,2024-01-01,2024-12-31\nX1,C,2024-12-01,\n", NULL,
          YB_E_DUPLICATE, "item X1", "items.csv:3:", "overlaps the row on line 2" },
        { "items", "code,class\nBAD CODE,A\n", NULL, YB_E_FORMAT, "expected an item code", NULL, NULL },
        { "items", "code,class\n", NULL, YB_E_PACK, "catalogue is empty", NULL, NULL },
        { "items", "class\nA\n", NULL, YB_E_FORMAT, "missing required column 'code'", NULL, NULL },
        { "insured", "insured,annual_cap\nworker,1.00\n", NULL, YB_E_FORMAT, "expected an insurance type", "worker",
          NULL },
        { "insured", "insured,annual_cap,valid_from,valid_to\nemployee,1.00,2024-05-01,2024-04-30\n", NULL,
          YB_E_FORMAT, "valid_to is before valid_from", NULL, NULL },
        { "insured", "insured,annual_cap\nemployee,-1.00\n", NULL, YB_E_PARAM, "annual_cap", "-1.00", NULL },
        { "outpatient", "insured,level,place,ratio\nemployee,4,local,0.5\n", NULL, YB_E_FORMAT,
          "expected a hospital level", NULL, NULL },
        { "outpatient", "insured,level,place,ratio\nemployee,1,abroad,0.5\n", NULL, YB_E_FORMAT,
          "expected a place", "abroad", NULL },
        { "assistance", "category,ratio\n64,0.7\n", NULL, YB_E_PARAM, "assistance.csv:2:", "category", "64" },
        { "assistance", "category,ratio,ci_tilt\n1,0.7,maybe\n", NULL, YB_E_FORMAT, "expected true or false", NULL,
          NULL },
        { NULL, NULL, "{\"rounding\": \"half_up\", \"roundnig\": \"x\"}", YB_E_PARAM, "unknown parameter 'roundnig'",
          NULL, NULL },
        { NULL, NULL, "{\"rounding\": \"bankers\"}", YB_E_PARAM, "rounding", "half_even", NULL },
        { NULL, NULL, "{\"catalogue\": {\"amount_tolerance\": \"0.001\"}}", YB_E_PARAM, "amount_tolerance", NULL,
          NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const bad_case *c = &cases[i];
        bf_table t = { c->table, c->csv };
        const char *dir = bf_pack("bad", &t, c->table ? 1 : 0, c->params);
        yb_benefit_policy *p = (yb_benefit_policy *)&p;
        int rc = yb_benefit_policy_load(ctx, dir, &p);
        if (rc != c->status)
            print_error("case %zu (%s): got %s: %s\n", i, c->table ? c->table : "params", yb_status_name(rc),
                        yb_ctx_errmsg(ctx));
        assert_int_equal(rc, c->status);
        assert_null(p);
        assert_msg_has(ctx, c->msg1);
        if (c->msg2)
            assert_msg_has(ctx, c->msg2);
        if (c->msg3)
            assert_msg_has(ctx, c->msg3);
    }
}

static void changed_table_fails_its_checksum(void **state)
{
    (void)state;
    const char *dir = bf_pack("sum", NULL, 0, NULL);
    char path[4200];
    snprintf(path, sizeof path, "%s/items.csv", dir);
    yb_test_write_text(path, "code,class\nA1,A\n");
    yb_benefit_policy *p;
    assert_status(ctx, yb_benefit_policy_load(ctx, dir, &p), YB_E_CHECKSUM);
    assert_msg_has(ctx, "items");
}

static void optional_layers_may_be_absent(void **state)
{
    (void)state;
    bf_table none[] = { { "outpatient", NULL }, { "critical_illness", NULL }, { "critical_illness_bands", NULL },
                        { "assistance", NULL }, { "repeat_admission", NULL } };
    yb_benefit_policy *p = bf_load(ctx, bf_pack("bare", none, 5, NULL));
    yb_benefit_ledger *l;
    assert_ok(ctx, yb_benefit_ledger_new(ctx, &l));
    bf_claim b;
    bf_start(&b, 1, 20, 20240105, YB_INSURED_RESIDENT, 3);
    bf_amount(&b, "A1", 5100000);
    yb_benefit_settlement s = bf_settle(ctx, p, l, &b);
    assert_int_equal(s.critical_illness, 0); /* no critical-illness layer */
    bf_start(&b, 2, 20, 20240205, YB_INSURED_RESIDENT, 3);
    bf_amount(&b, "A1", 1100000);
    s = bf_settle(ctx, p, l, &b);
    assert_int_equal(s.deductible, 100000); /* no repeat-admission schedule: the full deductible */
    bf_start(&b, 3, 20, 20240305, YB_INSURED_RESIDENT, 3);
    bf_amount(&b, "A1", 1000);
    b.c.visit = YB_VISIT_OUTPATIENT;
    assert_status(ctx, yb_benefit_settle_one(ctx, p, l, bf_done(&b), YB_SETTLE_PRE, &s, NULL, NULL, 0, NULL),
                  YB_E_ROW_NO_POLICY);
    assert_msg_has(ctx, "outpatient pooling ratio");
    bf_start(&b, 4, 20, 20240305, YB_INSURED_RESIDENT, 3);
    bf_amount(&b, "A1", 1000);
    b.c.category = 1;
    assert_status(ctx, yb_benefit_settle_one(ctx, p, l, bf_done(&b), YB_SETTLE_PRE, &s, NULL, NULL, 0, NULL),
                  YB_E_ROW_NO_POLICY);
    assert_msg_has(ctx, "category 1");
    yb_benefit_ledger_free(l);
    yb_benefit_policy_free(p);
}

static void a_pack_of_another_kind_is_refused(void **state)
{
    (void)state;
    const char *dir = yb_test_tmpdir("kind");
    char path[4200];
    snprintf(path, sizeof path, "%s/pack.json", dir);
    yb_test_write_text(path, "{\"format\": \"yibao-pack/1\", \"kind\": \"drg-scheme\", \"name\": \"x\", "
                             "\"version\": \"1\", \"tables\": {}}");
    yb_benefit_policy *p;
    assert_status(ctx, yb_benefit_policy_load(ctx, dir, &p), YB_E_PACK);
    assert_msg_has(ctx, "benefit-policy");
    assert_int_equal(yb_benefit_policy_load(NULL, dir, &p), YB_E_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_pack_loads_with_its_catalogue),
        cmocka_unit_test(every_allocation_failure_in_the_loader_is_reported),
        cmocka_unit_test(bad_policies_are_refused_with_clear_messages),
        cmocka_unit_test(changed_table_fails_its_checksum),
        cmocka_unit_test(optional_layers_may_be_absent),
        cmocka_unit_test(a_pack_of_another_kind_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
