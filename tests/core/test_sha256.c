/* SHA-256 against the FIPS 180-2 appendix B examples and sha256sum. */
#include <stdlib.h>

#include "test_util.h"

#include "core/sha256.h"

static void fips_examples(void **state)
{
    (void)state;
    char hex[65];
    yb_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    yb_sha256_hex(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    yb_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void million_a_in_uneven_pieces(void **state)
{
    (void)state;
    char *a = malloc(1000000);
    memset(a, 'a', 1000000);
    yb_sha256 s;
    yb_sha256_init(&s);
    size_t done = 0, step = 1;
    while (done < 1000000) { /* 1, 2, 3 … byte pieces cross block boundaries everywhere */
        size_t n = step < 1000000 - done ? step : 1000000 - done;
        yb_sha256_update(&s, a + done, n);
        done += n;
        step = step % 97 + 1;
    }
    unsigned char d[32];
    char hex[65];
    yb_sha256_final(&s, d);
    yb_hex_encode(d, 32, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

static void matches_the_shared_data_readme(void **state)
{
    (void)state;
    /* /work/shared/data/chs_drg_11_tables/README.md lists mdc.csv with this sha256;
     * the copy shipped in the test data directory must hash the same. */
    const char *path = yb_test_src("tests/core/data/chs_drg_11_mdc.csv");
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    char hex[65];
    yb_sha256_hex(buf, n, hex);
    assert_string_equal(hex, "cd8fbdb567a89ba4b89ca8201d4e42cee721a59b726dbaf37750d26330cb76bc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fips_examples),
        cmocka_unit_test(million_a_in_uneven_pieces),
        cmocka_unit_test(matches_the_shared_data_readme),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
