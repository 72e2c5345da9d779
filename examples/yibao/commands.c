/* Every subcommand of the yibao tool, in the order `yibao --help` lists them. */
#include "commands.h"

const cli_command cli_commands[] = {
    { "pack", "show or verify data packs", cmd_pack },
    { "group", "group inpatient cases with a CHS-DRG scheme", cmd_group },
    { "points", "settle grouped cases under a point-value book (DIP/DRG)", cmd_points },
    { "capitation", "clear a capitation plan against a ledger", cmd_capitation },
    { "dip", "DIP: group cases, or build a region's catalogue from its history", cmd_dip },
    { "region", "generate the sample pooling region's data from a region pack", cmd_region },
    { "run-year", "settle a year of a sample pooling region through every module, with a report", cmd_run_year },
    { "bench", "run a benchmark (yibao bench for the list)", cmd_bench },
    { "benefit", "settle claims against a benefit policy (pooled-fund payment)", cmd_benefit },
};
const size_t cli_commands_count = sizeof cli_commands / sizeof cli_commands[0];
