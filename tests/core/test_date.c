/* Calendar dates as YYYYMMDD and day numbers. */
#include "test_util.h"

#include "core/date.h"

static void known_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(yb_date_to_days(19700101), 0);
    assert_int_equal(yb_date_to_days(20000301), 11017);   /* 30 years incl. 7 leap days + Jan/Feb 2000 */
    assert_int_equal(yb_date_to_days(20240315) - yb_date_to_days(20240301), 14);
    assert_int_equal(yb_date_to_days(20250101) - yb_date_to_days(20240101), 366); /* 2024 is leap */
    assert_int_equal(yb_date_to_days(19000301) - yb_date_to_days(19000228), 1); /* 1900 is not */
    for (int32_t d = yb_date_to_days(19000101); d < yb_date_to_days(21000101); d += 17)
        assert_int_equal(yb_date_to_days(yb_date_from_days(d)), d);
}

static void parse_and_validate(void **state)
{
    (void)state;
    int32_t v;
    assert_int_equal(yb_date_parse("2024-02-29", 10, &v), YB_OK);
    assert_int_equal(v, 20240229);
    assert_int_equal(yb_date_parse(" 20240315 ", 10, &v), YB_OK);
    assert_int_equal(v, 20240315);
    static const char *bad[] = { "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024/01/01",
                                 "24-01-01", "", "2024-1-01", "18991231", "abcdefgh" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(yb_date_parse(bad[i], strlen(bad[i]), &v), YB_E_FORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_day_numbers),
        cmocka_unit_test(parse_and_validate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
