/* The table of subcommands (commands.c). */
#ifndef YIBAO_COMMANDS_H
#define YIBAO_COMMANDS_H

#include <stddef.h>

#include "cli.h"

extern const cli_command cli_commands[];
extern const size_t cli_commands_count;

#endif /* YIBAO_COMMANDS_H */
