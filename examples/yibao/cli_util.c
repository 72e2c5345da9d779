/* Small helpers shared by the subcommands. */
#include <string.h>

#include "cli.h"

int cli_fail(yb_ctx *ctx, int status, const char *what)
{
    const char *msg = ctx ? yb_ctx_errmsg(ctx) : "";
    fprintf(stderr, "yibao: %s: %s (%s)\n", what, *msg ? msg : yb_strerror(status), yb_status_name(status));
    return 1;
}

int cli_usage(const char *usage)
{
    fprintf(stderr, "usage: %s\n", usage);
    return 2;
}

const char *cli_option(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] == '\0' && *i + 1 < argc) {
        (*i)++;
        return argv[*i];
    }
    return NULL;
}

yb_ctx *cli_ctx(void)
{
    yb_ctx *ctx = NULL;
    int rc = yb_ctx_new(&ctx, NULL);
    if (rc) {
        fprintf(stderr, "yibao: cannot create a context: %s\n", yb_strerror(rc));
        return NULL;
    }
    return ctx;
}
