/* `yibao region generate`: draws the sample region's data from a region pack.
 *
 *   yibao region generate --region PACK --out DIR [--seed N]
 *
 * Writes members.csv, cases.csv, claims.csv and claim_lines.csv into DIR
 * (doc/region.md). The same pack and seed give the same bytes on every
 * platform. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "region.h"
#include "region_progress.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Parses a seed: digits only. */
int region_parse_seed(const char *s, uint64_t *out)
{
    char *end;
    if (!s || !*s || strspn(s, "0123456789") != strlen(s))
        return -1;
    *out = strtoull(s, &end, 10);
    return 0;
}

static int generate(int argc, char **argv)
{
    static const char usage[] = "yibao region generate --region PACK --out DIR [--seed N]";
    const char *pack = NULL, *dir = NULL, *seed = NULL;
    const cli_opt opts[] = { { "--region", &pack, NULL }, { "--out", &dir, NULL }, { "--seed", &seed, NULL } };
    if (cli_parse_options(argc, argv, opts, CLI_COUNT(opts)) || !pack || !dir)
        return cli_usage(usage);
    yb_ctx *ctx = cli_ctx();
    if (!ctx)
        return 1;
    region_def *d = malloc(sizeof *d);
    region_data data;
    memset(&data, 0, sizeof data);
    yb_drg_scheme *scheme = NULL;
    progress pr;
    progress_init(&pr);
    int rc = d ? region_load(ctx, pack, d) : YB_E_NOMEM, exit_code = 1;
    if (rc) {
        cli_fail(ctx, rc, pack);
        goto done;
    }
    if (seed && region_parse_seed(seed, &d->seed)) {
        exit_code = cli_usage(usage);
        goto done;
    }
    double t0 = now();
    if ((rc = yb_drg_scheme_load(ctx, d->pack_drg, &scheme))) {
        cli_fail(ctx, rc, d->pack_drg);
        goto done;
    }
    rc = region_generate(ctx, d, scheme, &data, progress_region_cb, &pr);
    progress_end(&pr);
    if (rc) {
        cli_fail(ctx, rc, "region generate");
        goto done;
    }
    if ((rc = region_write(ctx, d, &data, dir))) {
        cli_fail(ctx, rc, dir);
        goto done;
    }
    printf("region %s %s, seed %llu: %zu members, %zu inpatient cases (%d-%d), %zu claims with %zu lines -> %s "
           "(%.1f s)\n",
           d->name, d->version, (unsigned long long)d->seed, data.m.n, data.c.n, d->first_year, d->settle_year,
           data.k.n, data.k.lines, dir, now() - t0);
    printf("weights of the %u CHS-DRG groups: %zu Harbin weights of the same code, %zu from the ADRG's, %zu from the "
           "MDC's, %zu set to 1\n", data.n_drg, data.weight_rule[0], data.weight_rule[1], data.weight_rule[2],
           data.weight_rule[3]);
    exit_code = 0;
done:
    region_data_free(&data);
    yb_drg_scheme_free(scheme);
    free(d);
    yb_ctx_free(ctx);
    return exit_code;
}

int cmd_region(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "generate") == 0)
        return generate(argc - 1, argv + 1);
    return cli_usage("yibao region generate --region PACK --out DIR [--seed N]");
}
