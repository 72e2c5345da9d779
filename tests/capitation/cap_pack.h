/* Test helper: writes a capitation-plan pack (manifest with checksums and
 * CSV tables) into a fresh scratch directory. */
#ifndef YB_TEST_CAP_PACK_H
#define YB_TEST_CAP_PACK_H

/* params: the JSON object text of "parameters" (e.g. "{\"year\": 2024}").
 * tables: pairs of table name and CSV text, ending with NULL. Returns the
 * pack directory (a static buffer, valid until the next call). */
const char *cap_pack_write(const char *tag, const char *params, const char *const *tables);

/* The hand-worked plan "H" of the capitation tests (doc/capitation.md walks
 * through it): 1000 enrollees in four age-sex bands, per-capita base 500.00
 * growing 4 %, a 30.00 per-capita critical-illness carve-out, a 5 % reserve,
 * pots 0.6/0.3/0.1, tiers 6:3:1, surplus bands [0, 5 %) retained in full and
 * above 5 % at half, retention factor by score 0/0.6/0.8/1 from 0/60/80/90,
 * overspend bands [0, 5 %) 70 % fund, [5 %, 10 %) 50 %, above 10 % 0 %,
 * minimum score 60 for any fund share. */
#define H_POPULATION                                                                                              \
    "band,sex,age_from,age_to,enrollees,coefficient\n"                                                           \
    "M0,1,0,59,500,0.9\nF0,2,0,59,300,1.0\nM60,1,60,150,100,1.6\nF60,2,60,150,100,1.5\n"
#define H_POTS "pot,name,share\ninpatient,住院,0.6\noutpatient,门诊,0.3\nchronic,慢病,0.1\n"
#define H_CARVE "carveout,name,basis,value\ncritical,大病保险,per_capita,30.00\n"
#define H_TIERS "tier,name,share\ncounty,县级,0.6\ntownship,乡镇级,0.3\nvillage,村级,0.1\n"
#define H_SURPLUS "from_ratio,to_ratio,retain_ratio\n0,0.05,1\n0.05,,0.5\n"
#define H_RETENTION "min_score,factor\n0,0\n60,0.6\n80,0.8\n90,1\n"
#define H_OVER "from_ratio,to_ratio,fund_share\n0,0.05,0.7\n0.05,0.10,0.5\n0.10,,0\n"
#define H_PARAMS                                                                                                  \
    "{\"year\": 2024, \"per_capita\": {\"base\": \"500.00\", \"growth\": \"0.04\"}, "                          \
    "\"risk_reserve\": {\"ratio\": \"0.05\"}, \"overspend\": {\"min_score\": \"60\"}"

/* Writes plan H; extra_params is appended inside the parameters object
 * (e.g. ", \"clearing\": {\"basis\": \"pot\"}") or NULL. */
const char *cap_pack_h(const char *tag, const char *extra_params);

#include <yibao/yibao.h>
/* Adds one entry and asserts it was accepted. */
void cap_entry_ok(yb_ctx *ctx, yb_cap_ledger *l, const char *id, int32_t kind, int32_t month, const char *pot,
             int64_t fen);
/* Summary of a clearing of the whole year with a total score (4 decimals). */
yb_cap_summary cap_clear_year(yb_ctx *ctx, const yb_cap_plan *p, const yb_cap_ledger *l, int64_t score);

#endif
