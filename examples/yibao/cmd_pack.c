/* `yibao pack info|verify DIR…`: show a pack's identity and check its tables. */
#include <string.h>

#include "cli.h"

int cmd_pack(int argc, char **argv)
{
    static const char usage[] = "yibao pack info|verify PACK_DIR...";
    if (argc < 3 || (strcmp(argv[1], "info") != 0 && strcmp(argv[1], "verify") != 0))
        return cli_usage(usage);
    int verify = strcmp(argv[1], "verify") == 0;
    yb_ctx *ctx = cli_ctx();
    if (!ctx)
        return 1;
    int failures = 0;
    for (int i = 2; i < argc; i++) {
        yb_pack_info info = { .size = sizeof info };
        int rc = yb_pack_inspect(ctx, argv[i], verify, &info);
        if (rc) {
            cli_fail(ctx, rc, argv[i]);
            failures++;
            continue;
        }
        printf("%s\tkind=%s name=%s version=%s region=%s tables=%u fingerprint=%s%s\n", argv[i], info.kind,
               info.name, info.version, info.region, info.tables, info.fingerprint, verify ? " verified" : "");
    }
    yb_ctx_free(ctx);
    return failures ? 1 : 0;
}
