#include <stdio.h>
#include <string.h>

#include "cap_pack.h"
#include "core/sha256.h"
#include "test_util.h"

const char *cap_pack_write(const char *tag, const char *params, const char *const *tables)
{
    static char dir[4096];
    snprintf(dir, sizeof dir, "%s", yb_test_tmpdir(tag));
    char manifest[16384], path[4200];
    size_t used = (size_t)snprintf(manifest, sizeof manifest,
                                   "{\"format\": \"yibao-pack/1\", \"kind\": \"capitation-plan\", \"name\": \"%s\", "
                                   "\"version\": \"1\", \"region\": \"sample\", \"tables\": {",
                                   tag);
    for (size_t i = 0; tables[i]; i += 2) {
        char hex[65];
        snprintf(path, sizeof path, "%s/%s.csv", dir, tables[i]);
        yb_test_write_text(path, tables[i + 1]);
        yb_sha256_hex(tables[i + 1], strlen(tables[i + 1]), hex);
        used += (size_t)snprintf(manifest + used, sizeof manifest - used,
                                 "%s\"%s\": {\"file\": \"%s.csv\", \"checksum\": \"sha256:%s\"}", i ? ", " : "",
                                 tables[i], tables[i], hex);
    }
    snprintf(manifest + used, sizeof manifest - used, "}, \"parameters\": %s}", params);
    snprintf(path, sizeof path, "%s/pack.json", dir);
    yb_test_write_text(path, manifest);
    return dir;
}

const char *cap_pack_h(const char *tag, const char *extra)
{
    char params[2048];
    snprintf(params, sizeof params, "%s%s}", H_PARAMS, extra ? extra : "");
    const char *tables[] = { "population", H_POPULATION, "pots", H_POTS, "carveouts", H_CARVE, "tiers", H_TIERS,
                             "surplus_bands", H_SURPLUS, "retention", H_RETENTION, "overspend_bands", H_OVER, NULL };
    return cap_pack_write(tag, params, tables);
}

void cap_entry_ok(yb_ctx *ctx, yb_cap_ledger *l, const char *id, int32_t kind, int32_t month, const char *pot,
             int64_t fen)
{
    assert_ok(ctx, yb_cap_ledger_add_one(ctx, l, id, kind, month, pot, NULL, fen, 0, NULL));
}

yb_cap_summary cap_clear_year(yb_ctx *ctx, const yb_cap_plan *p, const yb_cap_ledger *l, int64_t score)
{
    yb_cap_clearing_input in = { .size = sizeof in, .total_score = score };
    yb_cap_clearing *c = NULL;
    assert_ok(ctx, yb_cap_clear(ctx, p, l, &in, &c));
    yb_cap_summary s = { .size = sizeof s };
    assert_ok(ctx, yb_cap_clearing_summary(c, &s));
    yb_cap_clearing_free(c);
    return s;
}
