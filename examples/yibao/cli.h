/* Shared pieces of the yibao command-line tool. */
#ifndef YIBAO_CLI_H
#define YIBAO_CLI_H

#include <stdio.h>

#include <yibao/yibao.h>

/* A subcommand: argv[0] is the subcommand's name. Returns the exit status. */
typedef int (*cli_command_fn)(int argc, char **argv);

typedef struct cli_command {
    const char *name;
    const char *summary;
    cli_command_fn run;
} cli_command;

/* Prints "yibao: <what>: <ctx message>" to stderr and returns 1. */
int cli_fail(yb_ctx *ctx, int status, const char *what);
/* Prints a usage error and returns 2. */
int cli_usage(const char *usage);
/* Value of --name VALUE or --name=VALUE at argv[*i]; advances *i. NULL if not this option. */
const char *cli_option(int argc, char **argv, int *i, const char *name);
/* A new context, or NULL after printing why. */
yb_ctx *cli_ctx(void);

int cmd_pack(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_group(int argc, char **argv);
int bench_group(int argc, char **argv);
int cmd_points(int argc, char **argv);
int cmd_bench_points(int argc, char **argv);
int cmd_capitation(int argc, char **argv);
int bench_capitation(int argc, char **argv);
int cmd_dip(int argc, char **argv);
int bench_dip(int argc, char **argv);
int cmd_benefit(int argc, char **argv);
int bench_benefit(int argc, char **argv);
int cmd_region(int argc, char **argv);
int cmd_run_year(int argc, char **argv);

#endif /* YIBAO_CLI_H */
