/* The points module's string → id map (lib/points/strmap.h): ids in order of
 * first appearance, keys of every length found again byte for byte and
 * nothing else found, also after the table grows. */
#include <stdlib.h>

#include "test_util.h"

#include "points/strmap.h"

/* Key i: `len` bytes from a pattern that differs between keys at one place. */
static void make_key(char *buf, size_t len, unsigned i)
{
    for (size_t j = 0; j < len; j++)
        buf[j] = (char)('A' + (j * 7 + i) % 26);
    if (len)
        buf[(i * 5) % len] = (char)('0' + i % 10); /* the byte that tells keys apart moves */
}

static void every_length_is_found_again_and_only_itself(void **state)
{
    (void)state;
    yb_ctx *ctx = NULL;
    assert_int_equal(yb_ctx_new(&ctx, NULL), YB_OK);
    yb_mem mem = ctx->mem;
    yb_strmap m;
    yb_strmap_init(&m, &mem);
    char key[64], probe[64];
    uint32_t id, next = 0;
    /* lengths 0 … 40 cover the one- to three-byte, 4–7, 8, 9–15, 16 and long forms */
    for (size_t len = 0; len <= 40; len++)
        for (unsigned i = 0; i < 20; i++) {
            make_key(key, len, i);
            int added = -1;
            assert_int_equal(yb_strmap_intern(&m, key, len, &id, &added), YB_OK);
            if (added) {
                assert_int_equal(id, next);
                next++;
            }
        }
    assert_int_equal(m.count, next);
    for (size_t len = 0; len <= 40; len++)
        for (unsigned i = 0; i < 20; i++) {
            make_key(key, len, i);
            assert_int_equal(yb_strmap_find(&m, key, len, &id), YB_OK);
            assert_int_equal(strlen(yb_strmap_key(&m, id)), len);
            assert_memory_equal(yb_strmap_key(&m, id), key, len);
            /* one byte changed anywhere, or one byte more or less: another key or none */
            for (size_t j = 0; j < len; j++) {
                memcpy(probe, key, len);
                probe[j] = '#';
                assert_int_equal(yb_strmap_find(&m, probe, len, &id), YB_E_NOT_FOUND);
            }
            memcpy(probe, key, len);
            probe[len] = 'A';
            uint32_t other;
            if (yb_strmap_find(&m, probe, len + 1, &other) == YB_OK)
                assert_memory_equal(yb_strmap_key(&m, other), probe, len + 1);
        }
    /* the same bytes at another length are another key */
    assert_int_equal(yb_strmap_find(&m, "ZZZZZZZZZZZZZZZZZZZZ", 20, &id), YB_E_NOT_FOUND);
    yb_strmap_clear(&m);
    assert_int_equal(yb_strmap_find(&m, "", 0, &id), YB_E_NOT_FOUND);
    yb_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_length_is_found_again_and_only_itself),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
