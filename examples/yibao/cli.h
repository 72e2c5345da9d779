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

/* One option of a subcommand: --NAME VALUE or --NAME=VALUE stores VALUE in *value; with value NULL the
 * option is a flag (--NAME) that sets *flag to 1. */
typedef struct cli_opt {
    const char *name;
    const char **value;
    int *flag;
} cli_opt;
#define CLI_COUNT(a) (sizeof(a) / sizeof *(a))

/* Takes argv[*i] when it is one of opts[0..n-1], advancing *i past its value: 1 = taken, 0 = not one of them
 * (or an option without its value). */
int cli_take_option(int argc, char **argv, int *i, const cli_opt *opts, size_t n);
/* Parses argv[1..argc-1] as options of opts only: 0, or -1 at the first argument that is none of them. */
int cli_parse_options(int argc, char **argv, const cli_opt *opts, size_t n);

/* Output files (cli_csv.c). Opens path for writing; NULL after printing "yibao: cannot write PATH: why". */
FILE *cli_open_out(const char *path);
/* Closes f (NULL is fine): 0, or -1 after printing "yibao: cannot write PATH" when a write failed. */
int cli_close_out(FILE *f, const char *path);
/* One CSV field: quoted when it holds a comma, quote or line break; quotes doubled. */
void cli_csv_field(FILE *f, const char *s);
void cli_csv_field_n(FILE *f, const char *s, size_t n);
/* One CSV field quoted whatever it holds (free text); one_line: line feeds become spaces. */
void cli_csv_quoted(FILE *f, const char *s, int one_line);
/* A row a batch rejected: "yibao: PATH:LINE: KIND 'ID': REASON (STATUS_NAME)"; kind NULL leaves out the id. */
void cli_row_error(const char *path, uint64_t line, const char *kind, const char *id, size_t id_len, int status);

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
