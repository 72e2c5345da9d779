/* `yibao bench WHAT`: reproducible benchmarks. Each module registers one
 * entry below; each prints its figures and ends with one summary line of the
 * form the module's issue names (e.g. `group <scheme> <cases> cases <s> s <rate> cases/s`). */
#include <string.h>

#include "cli.h"

typedef struct bench_entry {
    const char *name;
    const char *summary;
    cli_command_fn run;
} bench_entry;

static const bench_entry benches[] = {
    { "group", "grouping throughput: CHS-DRG and DIP from strings and ids, 1 and 2 threads", bench_group },
    { "points", "settle 10 million grouped cases (points, payment, hospital totals)", cmd_bench_points },
    { "capitation", "ledger entries per second and clearing time (capitation)", bench_capitation },
    { "dip", "the DIP part of bench group alone (DIP summary line last)", bench_dip },
    { "benefit", "settle ~10-line claims against the sample benefit policy", bench_benefit },
    { NULL, NULL, NULL }, /* modules add their entries before this terminator */
};

int cmd_bench(int argc, char **argv)
{
    if (argc >= 2)
        for (const bench_entry *b = benches; b->name; b++)
            if (strcmp(argv[1], b->name) == 0)
                return b->run(argc - 1, argv + 1);
    fprintf(stderr, "usage: yibao bench WHAT [OPTIONS]\n\nbenchmarks:\n");
    for (const bench_entry *b = benches; b->name; b++)
        fprintf(stderr, "  %-10s %s\n", b->name, b->summary);
    return 2;
}
