/* Fuzz target for the CSV reader: the input is a CSV file. Any outcome is
 * fine except a crash, a sanitizer report, a leak or an endless loop. */
#include <stddef.h>
#include <stdint.h>

#include <yibao/yibao.h>

#include "core/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    yb_ctx *ctx;
    if (yb_ctx_new(&ctx, NULL))
        return 0;
    yb_ctx_set_option(ctx, YB_OPT_CSV_MAX_RECORD, 4096);
    yb_csv *r;
    if (yb_csv_open_mem(ctx, "fuzz.csv", data, size, &r) == YB_OK) {
        int rc;
        size_t guard = 0;
        /* Recoverable errors continue; each call consumes input, so the loop ends. */
        while ((rc = yb_csv_next(r, ctx)) != 0 && guard++ < size + 2) {
            if (rc == 1) {
                size_t n;
                for (size_t i = 0; i < yb_csv_nfields(r); i++)
                    (void)yb_csv_field(r, i, &n);
                int64_t v;
                int present;
                (void)yb_csv_get_i64_opt(r, ctx, 0, INT64_MIN, INT64_MAX, &v, &present);
                (void)yb_csv_get_decimal_opt(r, ctx, 0, 2, &v, &present);
            } else if (yb_csv_failed(r)) {
                break;
            }
        }
        yb_csv_close(r);
    }
    yb_ctx_free(ctx);
    return 0;
}
