/* Civil-date conversions (days-from-civil algorithm on the proleptic
 * Gregorian calendar). */
#include <yibao/status.h>

#include "date.h"

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
    static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

int yb_date_valid(int32_t v)
{
    int y = v / 10000, m = v / 100 % 100, d = v % 100;
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
        return YB_E_FORMAT;
    return YB_OK;
}

int32_t yb_date_to_days(int32_t v)
{
    int y = v / 10000, m = v / 100 % 100, d = v % 100;
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int32_t yb_date_from_days(int32_t z)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    return y * 10000 + m * 100 + d;
}

int yb_date_parse(const char *s, size_t len, int32_t *out)
{
    size_t b = 0, e = len;
    while (b < e && s[b] == ' ')
        b++;
    while (e > b && s[e - 1] == ' ')
        e--;
    char digits[8];
    size_t n = 0;
    if (e - b == 10) {
        if (s[b + 4] != '-' || s[b + 7] != '-')
            return YB_E_FORMAT;
        for (size_t i = b; i < e; i++)
            if (i != b + 4 && i != b + 7)
                digits[n++] = s[i];
    } else if (e - b == 8) {
        for (size_t i = b; i < e; i++)
            digits[n++] = s[i];
    } else {
        return YB_E_FORMAT;
    }
    int32_t v = 0;
    for (size_t i = 0; i < 8; i++) {
        if (digits[i] < '0' || digits[i] > '9')
            return YB_E_FORMAT;
        v = v * 10 + (digits[i] - '0');
    }
    if (yb_date_valid(v))
        return YB_E_FORMAT;
    *out = v;
    return YB_OK;
}
