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

int cli_take_option(int argc, char **argv, int *i, const cli_opt *opts, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (!opts[k].value) {
            if (strcmp(argv[*i], opts[k].name) == 0) {
                *opts[k].flag = 1;
                return 1;
            }
            continue;
        }
        const char *v = cli_option(argc, argv, i, opts[k].name);
        if (v) {
            *opts[k].value = v;
            return 1;
        }
    }
    return 0;
}

int cli_parse_options(int argc, char **argv, const cli_opt *opts, size_t n)
{
    for (int i = 1; i < argc; i++)
        if (!cli_take_option(argc, argv, &i, opts, n))
            return -1;
    return 0;
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
