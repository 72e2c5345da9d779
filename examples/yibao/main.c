/* yibao: the command-line face of libyibao. */
#include <string.h>

#include "cli.h"
#include "commands.h"

static void usage(void)
{
    fprintf(stderr, "usage: yibao COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < cli_commands_count; i++)
        fprintf(stderr, "  %-12s %s\n", cli_commands[i].name, cli_commands[i].summary);
    fprintf(stderr, "  %-12s %s\n", "version", "print the library version");
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage();
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("yibao %s\n", yb_version_string());
        return 0;
    }
    for (size_t i = 0; i < cli_commands_count; i++)
        if (strcmp(argv[1], cli_commands[i].name) == 0)
            return cli_commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "yibao: unknown command '%s'\n", argv[1]);
    usage();
    return 2;
}
