/* Every subcommand of the yibao tool, in the order `yibao --help` lists them. */
#include "commands.h"

const cli_command cli_commands[] = {
    { "pack", "show or verify data packs", cmd_pack },
    { "bench", "run a benchmark (yibao bench for the list)", cmd_bench },
    { "benefit", "settle claims against a benefit policy (pooled-fund payment)", cmd_benefit },
};
const size_t cli_commands_count = sizeof cli_commands / sizeof cli_commands[0];
