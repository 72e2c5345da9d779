/* Fuzz target for the pack loader. The input is "<manifest>\n----\n<table>":
 * the manifest is written as pack.json and the table as t.csv, and every
 * "@SUM@" in the manifest is replaced by the table's real checksum so the
 * fuzzer can reach table parsing and parameter access, not only the
 * checksum check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yibao/yibao.h>

#include "core/pack.h"
#include "core/sha256.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[512];

static void write_file(const char *name, const void *p, size_t n)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(p, 1, n, f);
        fclose(f);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        const char *base = getenv("YB_BUILD_ROOT");
        snprintf(dir, sizeof dir, "%s/fuzz-pack-%ld", base ? base : "/tmp", (long)getpid());
        mkdir(dir, 0777);
    }
    const char *sep = "\n----\n";
    const uint8_t *cut = NULL;
    for (size_t i = 0; i + 6 <= size && !cut; i++)
        if (memcmp(data + i, sep, 6) == 0)
            cut = data + i;
    size_t mlen = cut ? (size_t)(cut - data) : size;
    const uint8_t *table = cut ? cut + 6 : (const uint8_t *)"";
    size_t tlen = cut ? size - mlen - 6 : 0;
    char hex[65];
    yb_sha256_hex(table, tlen, hex);
    /* Substitute @SUM@ (5 bytes) with "sha256:" + 64 hex (71 bytes). */
    char *manifest = malloc(mlen * 15 + 1);
    if (!manifest)
        return 0;
    size_t w = 0;
    for (size_t i = 0; i < mlen;) {
        if (i + 5 <= mlen && memcmp(data + i, "@SUM@", 5) == 0) {
            w += (size_t)sprintf(manifest + w, "sha256:%s", hex);
            i += 5;
        } else {
            manifest[w++] = (char)data[i++];
        }
    }
    write_file("pack.json", manifest, w);
    write_file("t.csv", table, tlen);
    free(manifest);
    yb_ctx *ctx;
    if (yb_ctx_new(&ctx, NULL))
        return 0;
    yb_pack *p;
    if (yb_pack_open(ctx, dir, NULL, &p) == YB_OK) {
        for (size_t i = 0; i < yb_pack_param_count(p); i++) {
            int64_t v;
            int b;
            (void)yb_pack_param_decimal(ctx, p, yb_pack_param_key(p, i), 1, 6, INT64_MIN, INT64_MAX, &v);
            (void)yb_pack_param_bool(ctx, p, yb_pack_param_key(p, i), 1, &b);
        }
        for (size_t t = 0; t < yb_pack_table_count(p); t++) {
            yb_csv *r;
            if (yb_pack_table_open(ctx, p, yb_pack_table_name(p, t), &r) == YB_OK) {
                int rc;
                size_t guard = 0;
                while ((rc = yb_csv_next(r, ctx)) != 0 && !yb_csv_failed(r) && guard++ < tlen + 2)
                    ;
                yb_csv_close(r);
            }
        }
        yb_pack_close(p);
    }
    yb_ctx_free(ctx);
    return 0;
}
