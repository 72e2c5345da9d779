/* `yibao benefit` on examples/benefit/claims.csv: the settlement rows worked
 * by hand from the sample policy (packs/sample-benefit/SOURCE.md). */
#include <stdlib.h>

#include "bf_fixture.h"

static char out_csv[4096];

/* Field `col` (0-based) of the output row with this claim id and action. */
static const char *cell(const char *claim, const char *action, int col)
{
    static char buf[256];
    FILE *f = fopen(out_csv, "r");
    assert_non_null(f);
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        /* split on commas outside double quotes (only the message is quoted) */
        char *fields[32];
        int n = 0, quoted = 0;
        fields[n++] = line;
        for (char *p = line; *p && n < 32; p++) {
            if (*p == '"')
                quoted = !quoted;
            else if (*p == ',' && !quoted) {
                *p = '\0';
                fields[n++] = p + 1;
            }
        }
        if (n > col && strcmp(fields[0], claim) == 0 && strcmp(fields[3], action) == 0) {
            snprintf(buf, sizeof buf, "%s", fields[col]);
            buf[strcspn(buf, "\n")] = '\0';
            fclose(f);
            return buf;
        }
    }
    fclose(f);
    print_error("no row %s %s\n", claim, action);
    fail();
    return NULL;
}

enum { STATUS = 4, TOTAL, FULL, OVER, BFIRST, INSCOPE, DED, POOLED, CI, OTHER, ASSIST, FUND, PERSONAL, ACCOUNT,
       FAMILY, CASH, ADMISSION, MESSAGE };

static void cli_settles_reverses_and_replays_the_example_file(void **state)
{
    (void)state;
    snprintf(out_csv, sizeof out_csv, "%s/settlements.csv", yb_test_tmpdir("cli"));
    char cmd[16384];
    snprintf(cmd, sizeof cmd, "'%s' benefit --policy '%s' --claims '%s' --accounts '%s' --output '%s' 2>/dev/null",
             yb_test_build("examples/yibao/yibao"), yb_test_src("packs/sample-benefit"),
             yb_test_src("examples/benefit/claims.csv"), yb_test_src("examples/benefit/accounts.csv"), out_csv);
    assert_int_equal(system(cmd), 0);
    /* JS2024-0001, employee level 3: appendectomy 3000 (A), 5 bed-days at 80 with a 60 limit
     * (over 100), ceftriaxone 125 (B 10% → 12.50), cordyceps 200 (C).
     * in scope 3000 + 300 + 112.50 = 3412.50; deductible 1000; (3412.50 − 1000) × 85% = 2050.625 → 2050.63;
     * personal 3725 − 2050.63 = 1674.37, account 1200 (all of it), cash 474.37. */
    assert_string_equal(cell("JS2024-0001", "settle", STATUS), "OK");
    assert_string_equal(cell("JS2024-0001", "settle", TOTAL), "3725.00");
    assert_string_equal(cell("JS2024-0001", "settle", FULL), "200.00");
    assert_string_equal(cell("JS2024-0001", "settle", OVER), "100.00");
    assert_string_equal(cell("JS2024-0001", "settle", BFIRST), "12.50");
    assert_string_equal(cell("JS2024-0001", "settle", INSCOPE), "3412.50");
    assert_string_equal(cell("JS2024-0001", "settle", POOLED), "2050.63");
    assert_string_equal(cell("JS2024-0001", "settle", ACCOUNT), "1200.00");
    assert_string_equal(cell("JS2024-0001", "settle", CASH), "474.37");
    /* JS2024-0002, resident level 3, 低保 (category 2, tilted), family payer P100 (empty by now):
     * in scope 52000 + (1600 − 160) + 5.40 = 53445.40; pooled (53445.40 − 900) × 65% = 34154.51;
     * critical illness counts 53445.40 − 34154.51 − 900 + 160 = 18550.89 against 19609 × 50% = 9804.50,
     * (18550.89 − 9804.50) × (60% + 5%) = 5685.15; assistance (53445.40 − 34154.51 − 5685.15) × 70%
     * = 13605.74 × 70% = 9524.02; fund 49363.68; cash 4441.72. */
    assert_string_equal(cell("JS2024-0002", "settle", POOLED), "34154.51");
    assert_string_equal(cell("JS2024-0002", "settle", CI), "5685.15");
    assert_string_equal(cell("JS2024-0002", "settle", ASSIST), "9524.02");
    assert_string_equal(cell("JS2024-0002", "settle", FUND), "49363.68");
    assert_string_equal(cell("JS2024-0002", "settle", FAMILY), "0.00");
    assert_string_equal(cell("JS2024-0002", "settle", CASH), "4441.72");
    /* JS2024-0003, P100's 2nd admission: deductible 500; knee 30000 + prosthesis 7500 over a
     * 7000 limit (over 500, B 20% → 1400) → in scope 35600; 30000 × 85% + 5100 × 90% = 30090. */
    assert_string_equal(cell("JS2024-0003", "settle", DED), "500.00");
    assert_string_equal(cell("JS2024-0003", "settle", POOLED), "30090.00");
    assert_string_equal(cell("JS2024-0003", "settle", ADMISSION), "2");
    /* pre-settlement of an outpatient visit: 58.60 below the retired 600 deductible */
    assert_string_equal(cell("MZ2024-0004", "pre", DED), "58.60");
    assert_string_equal(cell("MZ2024-0004", "pre", POOLED), "0.00");
    /* a bad row is reported with its own message and text claim id */
    assert_string_equal(cell("JS2024-0005", "settle", STATUS), "YB_E_ROW_ITEM");
    assert_non_null(strstr(cell("JS2024-0005", "settle", MESSAGE), "claim JS2024-0005 line 1"));
    /* reversing JS2024-0001 gives P100 back its 1200: 0002 now draws it by family aid,
     * and 0003 becomes the 1st admission: deductible 1000, (35600 − 1000) → 25500 + 4600 × 90% = 29640. */
    assert_string_equal(cell("JS2024-0001", "reverse", POOLED), "-2050.63");
    assert_string_equal(cell("JS2024-0002", "replay-settle", FAMILY), "1200.00");
    assert_string_equal(cell("JS2024-0002", "replay-settle", CASH), "3241.72");
    assert_string_equal(cell("JS2024-0003", "replay-reverse", POOLED), "-30090.00");
    assert_string_equal(cell("JS2024-0003", "replay-settle", DED), "1000.00");
    assert_string_equal(cell("JS2024-0003", "replay-settle", POOLED), "29640.00");
}

/* Number of output rows of a claim id. */
static int rows_of(const char *claim)
{
    FILE *f = fopen(out_csv, "r");
    assert_non_null(f);
    char line[2048];
    int n = 0;
    size_t len = strlen(claim);
    while (fgets(line, sizeof line, f))
        n += strncmp(line, claim, len) == 0 && line[len] == ',';
    fclose(f);
    return n;
}

static void bad_claim_rows_get_their_own_status_and_message(void **state)
{
    (void)state;
    const char *dir = yb_test_tmpdir("cli-bad");
    char claims[4200], cmd[16384];
    snprintf(claims, sizeof claims, "%s/claims.csv", dir);
    snprintf(out_csv, sizeof out_csv, "%s/out.csv", dir);
    yb_test_write_text(claims,
                       "claim_id,member_id,date,insured,level,item_code,quantity,price,amount\n"
                       "C1,M1,2024-02-30,employee,3,S.LAB.CBC,1,20.00,20.00\n"       /* no such date */
                       "C2,M1,2024-03-01,worker,3,S.LAB.CBC,1,20.00,20.00\n"         /* bad insurance type */
                       "C3,M1,2024-03-01,employee,3,S.LAB.CBC,1,20.00,20.00\n"
                       "C3,M2,2024-03-01,employee,3,S.LAB.CBC,1,20.00,20.00\n"       /* member differs */
                       "C4,M1,2024-03-01,employee,3,S.LAB.CBC,x,20.00,20.00\n"       /* quantity */
                       "C5,M1,2024-03-01,employee,4,S.LAB.CBC,1,20.00,20.00\n"       /* level */
                       "C6,M1,2024-03-01,employee,3,S.LAB.CBC,1,20.00,20.00,extra\n" /* field count */
                       "C7,M1,2024-03-01,employee,3,S.LAB.CBC,1,20.00,20.00\n"       /* good */
                       "C8,M3,2024-03-02,employee,3,S.LAB.CBC,1,20.00,20.00\n"       /* C8: its middle line */
                       "C8,M3,2024-03-02,employee,3,S.LAB.CBC,1,20.00\n"             /* is cut short */
                       "C8,M3,2024-03-02,employee,3,S.LAB.CBC,1,20.00,20.00\n"
                       "C9,M4,2024-03-03,employee,3,S.LAB.CBC,1,20.00,20.00,extra\n" /* C9: its first line */
                       "C9,M4,2024-03-03,employee,3,S.LAB.CBC,1,20.00,20.00\n");    /* is refused */
    snprintf(cmd, sizeof cmd, "'%s' benefit --policy '%s' --claims '%s' --output '%s' 2>/dev/null",
             yb_test_build("examples/yibao/yibao"), yb_test_src("packs/sample-benefit"), claims, out_csv);
    assert_int_equal(system(cmd), 0);
    assert_non_null(strstr(cell("C1", "settle", MESSAGE), "claims.csv:2:3"));
    assert_non_null(strstr(cell("C1", "settle", MESSAGE), "date"));
    assert_non_null(strstr(cell("C2", "settle", MESSAGE), "worker"));
    assert_non_null(strstr(cell("C3", "settle", MESSAGE), "claims.csv:5:2"));
    assert_non_null(strstr(cell("C3", "settle", MESSAGE), "differs from the claim's first line (line 4)"));
    assert_non_null(strstr(cell("C4", "settle", MESSAGE), "quantity"));
    assert_string_equal(cell("C5", "settle", STATUS), "YB_E_FORMAT");
    assert_non_null(strstr(cell("C6", "settle", MESSAGE), "claims.csv:8: 10 fields where the header has 9"));
    assert_string_equal(cell("C7", "settle", STATUS), "OK");
    assert_string_equal(cell("C7", "settle", TOTAL), "20.00");
    /* A claim with a line the reader refuses fails as a whole, once: settling the rest would pay 40.00 of a
     * 60.00 bill (C8), or settle the later lines as the claim (C9). */
    assert_int_equal(rows_of("C8"), 1);
    assert_string_equal(cell("C8", "settle", STATUS), "YB_E_FORMAT");
    assert_non_null(strstr(cell("C8", "settle", MESSAGE), "claims.csv:11: 8 fields"));
    assert_int_equal(rows_of("C9"), 1);
    assert_string_equal(cell("C9", "settle", STATUS), "YB_E_FORMAT");
    assert_non_null(strstr(cell("C9", "settle", MESSAGE), "claims.csv:13: 10 fields"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cli_settles_reverses_and_replays_the_example_file),
        cmocka_unit_test(bad_claim_rows_get_their_own_status_and_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
