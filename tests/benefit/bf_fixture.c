/* The simple test policy (all dates from 2024-01-01, open-ended):
 *
 * items: A1, A2 class A; B10 class B 10%; B15 class B 15%; C1 class C;
 *        LIM class A with a unit price limit of 60.00; BLIM class B 20% with
 *        a limit of 800.00; NEW class C in 2024 and class B 10% from 2025.
 * inpatient deductible by level (all insured types and places):
 *        level 1: 200.00, level 2: 500.00, level 3: 1000.00.
 * coinsurance: employee 85% below 20000.00 above the deductible, 90% from
 *        there; retired 90% flat; resident 70% flat; out of area −10 points,
 *        referred −5 points (segments shifted alike).
 * repeat admissions: 1st 100%, 2nd 50%, 3rd and later 0% of the deductible.
 * insured: employee and retired: cap 300000.00, outpatient deductible
 *        500.00 a year, outpatient cap 2000.00, account pays the in-scope and
 *        class-B parts, family aid, civil-servant subsidy 50%;
 *        resident: cap 200000.00, outpatient deductible 100.00, cap 400.00,
 *        family aid, no subsidy.
 * outpatient ratio: employee 50%, retired 60%, resident 40%.
 * critical illness: employee and retired: threshold 30000.00, one band 80%,
 *        cap 200000.00, deductible and class-B first pay do not count;
 *        resident: threshold 20000.00, bands 60% from the threshold, 70% from
 *        a cumulative 50000.00, 80% from 100000.00; cap 300000.00; class-B
 *        first pay counts, the deductible does not; tilt: threshold × 0.5,
 *        ratio + 0.05, no cap.
 * assistance: category 1 no threshold, 90%, cap 50000.00, tilt, outpatient
 *        too; category 2 no threshold, 70%, cap 30000.00, tilt; category 3
 *        threshold 5000.00, 60%, cap 20000.00, no tilt. */
#include <stdlib.h>
#include <sys/stat.h>

#include "bf_fixture.h"
#include "core/sha256.h"

static const char items_csv[] =
    "code,class,b_first_pay,price_limit,valid_from,valid_to\n"
    "A1,A,,,,\nA2,A,,,,\nB10,B,0.10,,,\nB15,B,0.15,,,\nC1,C,,,,\n"
    "LIM,A,,60.00,,\nBLIM,B,0.20,800.00,,\n"
    "NEW,C,,,2024-01-01,2024-12-31\nNEW,B,0.10,,2025-01-01,\n";

static const char *const insured_names[] = { "employee", "retired", "resident" };
static const char *const place_names[] = { "local", "out_of_area", "referred" };

static char *append(char *p, const char *end, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static char *append(char *p, const char *end, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(p, (size_t)(end - p), fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && n < end - p);
    return p + n;
}

static void gen_inpatient(char *buf, size_t cap)
{
    static const char *const ded[] = { "200.00", "500.00", "1000.00" };
    char *p = buf, *end = buf + cap;
    p = append(p, end, "valid_from,valid_to,insured,level,place,deductible\n");
    for (int i = 0; i < 3; i++)
        for (int lv = 1; lv <= 3; lv++)
            for (int pl = 0; pl < 3; pl++)
                p = append(p, end, "2024-01-01,,%s,%d,%s,%s\n", insured_names[i], lv, place_names[pl], ded[lv - 1]);
}

static void gen_coinsurance(char *buf, size_t cap)
{
    static const int base[] = { 85, 90, 70 };
    static const int cut[] = { 0, 10, 5 };
    char *p = buf, *end = buf + cap;
    p = append(p, end, "valid_from,valid_to,insured,level,place,from,ratio\n");
    for (int i = 0; i < 3; i++)
        for (int lv = 1; lv <= 3; lv++)
            for (int pl = 0; pl < 3; pl++) {
                int r = base[i] - cut[pl];
                p = append(p, end, "2024-01-01,,%s,%d,%s,0.00,0.%02d\n", insured_names[i], lv, place_names[pl], r);
                if (i == 0)
                    p = append(p, end, "2024-01-01,,%s,%d,%s,20000.00,0.%02d\n", insured_names[i], lv,
                               place_names[pl], r + 5);
            }
}

static void gen_outpatient(char *buf, size_t cap)
{
    static const char *const r[] = { "0.50", "0.60", "0.40" };
    char *p = buf, *end = buf + cap;
    p = append(p, end, "valid_from,valid_to,insured,level,place,ratio\n");
    for (int i = 0; i < 3; i++)
        for (int lv = 1; lv <= 3; lv++)
            for (int pl = 0; pl < 3; pl++)
                p = append(p, end, "2024-01-01,,%s,%d,%s,%s\n", insured_names[i], lv, place_names[pl], r[i]);
}

static const char repeat_csv[] = "valid_from,valid_to,insured,admission,factor\n"
                                 ",,employee,1,1\n,,employee,2,0.5\n,,employee,3,0\n"
                                 ",,retired,1,1\n,,retired,2,0.5\n,,retired,3,0\n"
                                 ",,resident,1,1\n,,resident,2,0.5\n,,resident,3,0\n";

static const char insured_csv[] =
    "insured,annual_cap,outpatient_deductible,outpatient_cap,account_pays_in_scope,account_pays_b_first,"
    "account_pays_self_pay,family_aid,civil_servant_ratio\n"
    "employee,300000.00,500.00,2000.00,true,true,false,true,0.5\n"
    "retired,300000.00,500.00,2000.00,true,true,false,true,0.5\n"
    "resident,200000.00,100.00,400.00,true,true,false,true,0\n";

static const char ci_csv[] =
    "insured,threshold,cap,counts_deductible,counts_b_first,counts_outpatient,tilt_threshold_factor,"
    "tilt_ratio_add,tilt_no_cap\n"
    "employee,30000.00,200000.00,false,false,false,0.5,0.05,true\n"
    "retired,30000.00,200000.00,false,false,false,0.5,0.05,true\n"
    "resident,20000.00,300000.00,false,true,false,0.5,0.05,true\n";

static const char bands_csv[] = "insured,from,ratio\n"
                                "employee,0,0.80\nretired,0,0.80\n"
                                "resident,0,0.60\nresident,50000,0.70\nresident,100000,0.80\n";

static const char assist_csv[] = "category,threshold,ratio,cap,ci_tilt,covers_outpatient,counts_b_first\n"
                                 "1,0,0.90,50000.00,true,true,false\n"
                                 "2,0,0.70,30000.00,true,false,false\n"
                                 "3,5000.00,0.60,20000.00,false,false,false\n";

static const char default_params[] = "{ \"rounding\": \"half_up\" }";

const char *bf_pack(const char *tag, const bf_table *over, size_t n, const char *params)
{
    static char inpatient[16384], coins[16384], outpatient[16384];
    gen_inpatient(inpatient, sizeof inpatient);
    gen_coinsurance(coins, sizeof coins);
    gen_outpatient(outpatient, sizeof outpatient);
    bf_table base[] = { { "items", items_csv }, { "inpatient", inpatient }, { "coinsurance", coins },
                        { "repeat_admission", repeat_csv }, { "insured", insured_csv },
                        { "outpatient", outpatient }, { "critical_illness", ci_csv },
                        { "critical_illness_bands", bands_csv }, { "assistance", assist_csv } };
    size_t nbase = sizeof base / sizeof *base;
    const char *dir = yb_test_tmpdir(tag);
    static char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    char manifest[16384];
    char *p = manifest, *end = manifest + sizeof manifest;
    p = append(p, end, "{\"format\": \"yibao-pack/1\", \"kind\": \"benefit-policy\", \"name\": \"test\", "
                       "\"version\": \"1\", \"tables\": {");
    int first = 1;
    for (size_t i = 0; i < nbase + n; i++) {
        const bf_table *t = i < nbase ? &base[i] : &over[i - nbase];
        int replaced = 0;
        for (size_t k = 0; i < nbase && k < n; k++)
            replaced |= strcmp(over[k].name, t->name) == 0;
        for (size_t k = 0; i >= nbase && k < i - nbase; k++)
            replaced |= strcmp(over[k].name, t->name) == 0; /* later duplicate override: first wins */
        if (replaced || !t->csv)
            continue;
        char file[4200], hex[65];
        snprintf(file, sizeof file, "%s/%s.csv", path, t->name);
        yb_test_write_text(file, t->csv);
        yb_sha256_hex(t->csv, strlen(t->csv), hex);
        p = append(p, end, "%s\"%s\": {\"file\": \"%s.csv\", \"checksum\": \"sha256:%s\"}", first ? "" : ", ",
                   t->name, t->name, hex);
        first = 0;
    }
    p = append(p, end, "}, \"parameters\": %s}", params ? params : default_params);
    char mpath[4200];
    snprintf(mpath, sizeof mpath, "%s/pack.json", path);
    yb_test_write_text(mpath, manifest);
    return path;
}

yb_benefit_policy *bf_load(yb_ctx *ctx, const char *dir)
{
    yb_benefit_policy *p = NULL;
    assert_ok(ctx, yb_benefit_policy_load(ctx, dir, &p));
    return p;
}

yb_benefit_policy *bf_simple(yb_ctx *ctx) { return bf_load(ctx, bf_pack("simple", NULL, 0, NULL)); }

void bf_start(bf_claim *b, uint64_t claim_id, uint64_t member_id, int32_t date, int insured, int level)
{
    memset(b, 0, sizeof *b);
    b->c.size = sizeof b->c;
    b->c.claim_id = claim_id;
    b->c.member_id = member_id;
    b->c.date = date;
    b->c.insured = (int8_t)insured;
    b->c.level = (int8_t)level;
    b->c.place = YB_PLACE_LOCAL;
    b->c.visit = YB_VISIT_INPATIENT;
    b->c.use_account = 1;
}

void bf_line(bf_claim *b, const char *code, int64_t qty, int64_t price)
{
    size_t k = b->c.nlines++;
    assert_true(k < 32);
    snprintf(b->codes[k], sizeof b->codes[k], "%s", code);
    b->qty[k] = qty;
    b->price[k] = price;
    /* quantity (4 decimals) × price (yuan, 4 decimals) → fen: ÷ 10^6, half up */
    int64_t out;
    assert_int_equal(yb_muldiv(qty, price, 1000000, YB_ROUND_HALF_UP, &out), YB_OK);
    b->amount[k] = out;
}

void bf_amount(bf_claim *b, const char *code, int64_t fen) { bf_line(b, code, 10000, fen * 100); }

const yb_benefit_claim *bf_done(bf_claim *b)
{
    size_t used = 0;
    for (size_t k = 0; k < b->c.nlines; k++) {
        b->offsets[k] = (int64_t)used;
        size_t n = strlen(b->codes[k]);
        memcpy(b->data + used, b->codes[k], n);
        used += n;
    }
    b->offsets[b->c.nlines] = (int64_t)used;
    b->c.item_data = b->data;
    b->c.item_offsets = b->offsets;
    b->c.item_class = b->cls;
    b->c.quantity = b->qty;
    b->c.price = b->price;
    b->c.amount = b->amount;
    return &b->c;
}

yb_benefit_settlement bf_settle(yb_ctx *ctx, const yb_benefit_policy *p, yb_benefit_ledger *l, bf_claim *b)
{
    yb_benefit_settlement s = { .size = sizeof s };
    assert_ok(ctx, yb_benefit_settle_one(ctx, p, l, bf_done(b), YB_SETTLE_FINAL, &s, NULL, NULL, 0, NULL));
    bf_assert_identities(&s);
    return s;
}

void bf_assert_identities(const yb_benefit_settlement *s)
{
    assert_int_equal(s->total, s->full_self_pay + s->over_limit + s->b_first_pay + s->in_scope);
    assert_int_equal(s->fund_total, s->pooled + s->critical_illness + s->other_funds + s->assistance);
    assert_int_equal(s->fund_total + s->personal, s->total);
    assert_int_equal(s->personal, s->account_pay + s->cash_pay);
    const int64_t v[] = { s->full_self_pay, s->over_limit, s->b_first_pay, s->in_scope, s->deductible,
                          s->pooled, s->critical_illness, s->other_funds, s->assistance, s->account_pay,
                          s->family_aid, s->cash_pay };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        assert_true(v[i] >= 0);
}

uint8_t *bf_bytes(yb_ctx *ctx, const yb_benefit_ledger *l, size_t *len)
{
    assert_ok(ctx, yb_benefit_ledger_save(ctx, l, NULL, 0, len));
    uint8_t *b = malloc(*len);
    assert_non_null(b);
    assert_ok(ctx, yb_benefit_ledger_save(ctx, l, b, *len, len));
    return b;
}

void bf_assert_same_ledger(yb_ctx *ctx, const yb_benefit_ledger *a, const yb_benefit_ledger *b)
{
    size_t la, lb;
    uint8_t *x = bf_bytes(ctx, a, &la), *y = bf_bytes(ctx, b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(x, y, la);
    free(x);
    free(y);
}
