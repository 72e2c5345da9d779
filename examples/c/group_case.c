/* Group one inpatient case under CHS-DRG 2.0 and print the result and its
 * trace. The case is the check published with the CHS-DRG 2.0 tables
 * (shared/data/chs_drg_20_tables/README.md): a man of 45 with gallstones
 * (K80.101) and heart failure (I50.900), laparoscopic cholecystectomy
 * (51.2300) → DRG HC23.
 * Usage: group_case [PACK_DIR]   (default packs/chs-drg-2.0) */
#include <stdio.h>
#include <yibao/yibao.h>

int main(int argc, char **argv)
{
    const char *pack = argc > 1 ? argv[1] : "packs/chs-drg-2.0";
    yb_ctx *ctx = NULL;
    yb_drg_scheme *scheme = NULL;
    if (yb_ctx_new(&ctx, NULL) != YB_OK)
        return 1;
    int rc = yb_drg_scheme_load(ctx, pack, &scheme); /* verifies every table's checksum */
    if (rc != YB_OK) {
        fprintf(stderr, "cannot load %s: %s (%s)\n", pack, yb_ctx_errmsg(ctx), yb_status_name(rc));
        yb_ctx_free(ctx);
        return 1;
    }
    const char *secondary[] = { "I50.900" }, *procedures[] = { "51.2300" };
    yb_drg_case c = { .size = sizeof c, .sex = 1, .age_years = 45, .age_days = -1, .birth_weight_g = -1,
                      .los_days = 7, .discharge_type = YB_DISCHARGE_ROUTINE, .vent_hours = -1, .icu_days = -1,
                      .principal_dx = "K80.101", .secondary_dx = secondary, .n_secondary = 1,
                      .procedures = procedures, .n_procedures = 1 };
    yb_drg_result r = { .size = sizeof r };
    rc = yb_drg_group_one(ctx, scheme, &c, &r);
    if (rc == YB_OK) {
        printf("%s %s: %s (%s)\n", yb_drg_scheme_name(scheme), yb_drg_scheme_version(scheme),
               yb_drg_scheme_drg_code(scheme, r.drg), yb_drg_scheme_drg_name(scheme, r.drg));
        yb_drg_trace *trace = NULL;
        if (yb_drg_trace_one(ctx, scheme, &c, &trace) == YB_OK)
            fputs(yb_drg_trace_text(trace), stdout);
        yb_drg_trace_free(trace);
    } else {
        fprintf(stderr, "case rejected: %s (%s)\n", yb_ctx_errmsg(ctx), yb_status_name(rc));
    }
    yb_drg_scheme_free(scheme);
    yb_ctx_free(ctx);
    return rc == YB_OK ? 0 : 1;
}
