/* Ten lines of libyibao: split a county alliance's surplus 6:3:1 among its
 * tiers, exactly to the fen. Build: cc split_fund.c $(pkg-config --cflags --libs yibao) */
#include <stdio.h>
#include <yibao/yibao.h>

int main(void)
{
    int64_t surplus = 0, parts[3], weights[3] = { 6, 3, 1 };
    if (yb_decimal_parse("1234567.89", 10, YB_MONEY_DECIMALS, &surplus) || yb_allocate(surplus, weights, 3, parts))
        return 1;
    char yuan[32];
    for (int i = 0; i < 3; i++) {
        yb_decimal_format(parts[i], YB_MONEY_DECIMALS, yuan, sizeof yuan);
        printf("tier %d: %s yuan\n", i + 1, yuan);
    }
    printf("libyibao %s\n", yb_version_string());
    return 0;
}
