/* Turning one row of yb_case_columns into a dip_case: validation of the
 * clinical fields, codes (strings or ids) to dictionary ids and diagnosis
 * keys, and the diagnosis sets of the principal and secondary diagnoses. */
#include <string.h>

#include "grouping/dip_internal.h"

int dip_work_init(yb_ctx *ctx, const yb_dip_catalog *cat, dip_work *w)
{
    memset(w, 0, sizeof *w);
    int64_t max = ctx->max_codes_per_case;
    if (max < 1 || max > 100000)
        max = 64;
    w->max_codes = (uint32_t)max;
    size_t n = (size_t)w->max_codes;
    /* dx keys (3 per code), dx ids, procedures (+1 for the ventilation code) */
    w->buf = yb_calloc(ctx, n * 3 + n + n + 1, sizeof *w->buf);
    w->bits = yb_calloc(ctx, (size_t)cat->set_words * 3, sizeof *w->bits);
    if (!w->buf || !w->bits) {
        dip_work_free(ctx, w);
        return yb_fail_nomem(ctx, "DIP working memory");
    }
    w->c.dx_keys = w->buf;
    w->c.dx_ids = w->buf + n * 3;
    w->c.procs = w->buf + n * 4;
    w->c.pdx_sets = w->bits;
    w->c.sec_sets = w->bits + cat->set_words;
    w->c.all_sets = w->bits + 2 * (size_t)cat->set_words;
    return YB_OK;
}

void dip_work_free(yb_ctx *ctx, dip_work *w)
{
    yb_free(ctx, w->buf);
    yb_free(ctx, w->bits);
    w->buf = NULL;
    w->bits = NULL;
}

int dip_check_columns(yb_ctx *ctx, const yb_case_columns *in)
{
    if (!in)
        return yb_fail(ctx, YB_E_INVALID_ARG, "cases: NULL");
    if (in->size < sizeof(yb_case_columns))
        return yb_fail(ctx, YB_E_VERSION, "cases: size %zu is smaller than yb_case_columns (%zu)", in->size,
                       sizeof(yb_case_columns));
    for (size_t i = 0; i < sizeof in->reserved / sizeof in->reserved[0]; i++)
        if (in->reserved[i])
            return yb_fail(ctx, YB_E_INVALID_ARG, "cases: reserved fields must be NULL");
    if (in->n && !in->dx_row_offsets)
        return yb_fail(ctx, YB_E_INVALID_ARG, "cases: dx_row_offsets is required");
    if (in->n && !!in->dx_ids == !!in->dx_data)
        return yb_fail(ctx, YB_E_INVALID_ARG, "cases: give exactly one of dx_data (with dx_offsets) and dx_ids");
    if (in->dx_data && !in->dx_offsets)
        return yb_fail(ctx, YB_E_INVALID_ARG, "cases: dx_data needs dx_offsets");
    if (in->proc_row_offsets && !!in->proc_ids == !!in->proc_data)
        return yb_fail(ctx, YB_E_INVALID_ARG,
                       "cases: give exactly one of proc_data (with proc_offsets) and proc_ids");
    if (in->proc_data && !in->proc_offsets)
        return yb_fail(ctx, YB_E_INVALID_ARG, "cases: proc_data needs proc_offsets");
    return YB_OK;
}

static int row_fail(yb_ctx *ctx, int status, size_t row, const char *what, const char *code, size_t len)
{
    if (code) {
        yb_errloc loc = { .field = what, .value = code, .value_len = len };
        return yb_fail_at(ctx, status, &loc, "row %zu: %s", row, yb_strerror(status));
    }
    yb_errloc loc = { .field = what };
    return yb_fail_at(ctx, status, &loc, "row %zu: %s", row, yb_strerror(status));
}

static void add_sets(const yb_dip_catalog *cat, const uint32_t keys[3], uint64_t *bits)
{
    for (int k = 0; k < 3; k++) {
        uint32_t key = keys[k];
        if (key == DIP_NONE)
            continue;
        for (uint32_t e = cat->key_set_off[key]; e < cat->key_set_off[key + 1]; e++) {
            uint32_t s = cat->key_sets[e];
            bits[s >> 6] |= 1ull << (s & 63);
        }
    }
}

/* Keys of a code that is not in the dictionary (codes.unknown = accept). */
static void keys_of_string(const yb_dip_catalog *cat, const char *code, size_t len, uint32_t keys[3])
{
    size_t lens[3];
    dip_dx_prefixes(code, len, lens);
    for (int k = 0; k < 3; k++) {
        keys[k] = DIP_NONE;
        if (lens[k] && yb_dict_lookup(cat->keys, code, lens[k], &keys[k]))
            keys[k] = DIP_NONE;
        for (int j = 0; j < k; j++)
            if (keys[j] == keys[k])
                keys[k] = DIP_NONE;
    }
}

static int range_ok(int64_t v, int64_t min, int64_t max)
{
    return v == -1 || (v >= min && v <= max);
}

int dip_case_from_columns(yb_ctx *ctx, const yb_dip_catalog *cat, const yb_case_columns *in, size_t i,
                          const uint32_t *pre_dx, const uint32_t *pre_proc, dip_work *w)
{
    dip_case *c = &w->c;
    c->flags = 0;
    c->sex = in->sex ? in->sex[i] : -1;
    c->age_years = in->age_years ? in->age_years[i] : -1;
    c->age_days = in->age_days ? in->age_days[i] : -1;
    c->weight = in->birth_weight_g ? in->birth_weight_g[i] : -1;
    c->los = in->los_days ? in->los_days[i] : -1;
    c->discharge = in->discharge_type ? in->discharge_type[i] : -1;
    c->vent = in->vent_hours ? in->vent_hours[i] : -1;
    c->icu = in->icu_days ? in->icu_days[i] : -1;
    if (!(c->sex == -1 || c->sex == 1 || c->sex == 2))
        return row_fail(ctx, YB_E_ROW_SEX, i, "sex", NULL, 0);
    if (!range_ok(c->age_years, 0, 150))
        return row_fail(ctx, YB_E_ROW_AGE, i, "age_years", NULL, 0);
    if (!range_ok(c->age_days, 0, 150 * 366))
        return row_fail(ctx, YB_E_ROW_AGE_DAYS, i, "age_days", NULL, 0);
    if (!range_ok(c->weight, 0, 20000))
        return row_fail(ctx, YB_E_ROW_BIRTH_WEIGHT, i, "birth_weight_g", NULL, 0);
    if ((c->age_years >= 1 && c->age_days >= 0 && c->age_days < 365) || (c->age_years == 0 && c->age_days > 366))
        return row_fail(ctx, YB_E_ROW_NEWBORN, i, "age_days", NULL, 0);
    if (!range_ok(c->los, 0, 36600))
        return row_fail(ctx, YB_E_ROW_LOS, i, "los_days", NULL, 0);
    if (!(c->discharge == -1 || (c->discharge >= 1 && c->discharge <= 5) || c->discharge == 9))
        return row_fail(ctx, YB_E_ROW_DISCHARGE, i, "discharge_type", NULL, 0);
    if (c->vent < -1)
        return row_fail(ctx, YB_E_ROW_VENT_HOURS, i, "vent_hours", NULL, 0);
    if (c->icu < -1)
        return row_fail(ctx, YB_E_ROW_ICU_DAYS, i, "icu_days", NULL, 0);

    int64_t a = in->dx_row_offsets[i], b = in->dx_row_offsets[i + 1];
    if (a < 0 || b < a)
        return row_fail(ctx, YB_E_INVALID_ARG, i, "dx_row_offsets", NULL, 0);
    if (b == a)
        return row_fail(ctx, YB_E_ROW_NO_DIAGNOSIS, i, "diagnoses", NULL, 0);
    if (b - a > (int64_t)w->max_codes)
        return row_fail(ctx, YB_E_ROW_TOO_MANY_CODES, i, "diagnoses", NULL, 0);
    memset(w->bits, 0, (size_t)cat->set_words * 3 * sizeof *w->bits);
    uint32_t ndx_dict = yb_dict_count(cat->dx);
    c->ndx = (uint32_t)(b - a);
    for (uint32_t k = 0; k < c->ndx; k++) {
        int64_t item = a + k;
        uint32_t *keys = c->dx_keys + 3 * k;
        if (in->dx_ids) {
            uint32_t id = in->dx_ids[item];
            if (id >= ndx_dict)
                return row_fail(ctx, YB_E_ROW_DX_CODE, i, "dx_ids", NULL, 0);
            c->dx_ids[k] = id;
            memcpy(keys, cat->dx_key + 3 * (size_t)id, 3 * sizeof *keys);
        } else {
            /* ids looked up with the batch's chunk (pre), or looked up here */
            int64_t s = in->dx_offsets[item], e = in->dx_offsets[item + 1];
            const char *code = in->dx_data + s;
            size_t len = (size_t)(e - s);
            uint32_t id = pre_dx ? pre_dx[k] : YB_DICT_INVALID;
            int rc = YB_OK;
            if (id >= ndx_dict) {
                if (s < 0 || e < s)
                    return row_fail(ctx, YB_E_INVALID_ARG, i, "dx_offsets", NULL, 0);
                if (len == 0 && k == 0)
                    return row_fail(ctx, YB_E_ROW_NO_DIAGNOSIS, i, "principal diagnosis", NULL, 0);
                if (pre_dx)
                    rc = id == YB_DICT_NOT_FOUND ? YB_E_NOT_FOUND : YB_E_FORMAT;
                else
                    rc = yb_dict_lookup(cat->dx, code, len, &id); /* normalises (dict.h) */
            }
            if (rc == YB_OK) {
                c->dx_ids[k] = id;
                memcpy(keys, cat->dx_key + 3 * (size_t)id, 3 * sizeof *keys);
            } else if (rc == YB_E_NOT_FOUND && cat->accept_unknown) {
                char norm[YB_CODE_MAX + 1];
                size_t nlen;
                yb_code_normalize(code, len, norm, sizeof norm, &nlen);
                c->dx_ids[k] = DIP_NONE;
                c->flags |= YB_DIP_FLAG_UNKNOWN_CODE;
                keys_of_string(cat, norm, nlen, keys);
            } else {
                return row_fail(ctx, YB_E_ROW_DX_CODE, i, k ? "secondary diagnosis" : "principal diagnosis", code,
                                len);
            }
        }
        add_sets(cat, keys, k == 0 ? c->pdx_sets : c->sec_sets);
    }
    for (uint32_t wd = 0; wd < cat->set_words; wd++)
        c->all_sets[wd] = c->pdx_sets[wd] | c->sec_sets[wd];

    c->nproc = c->nproc_in = 0;
    if (!in->proc_row_offsets)
        return YB_OK;
    a = in->proc_row_offsets[i];
    b = in->proc_row_offsets[i + 1];
    if (a < 0 || b < a)
        return row_fail(ctx, YB_E_INVALID_ARG, i, "proc_row_offsets", NULL, 0);
    if (b - a > (int64_t)w->max_codes)
        return row_fail(ctx, YB_E_ROW_TOO_MANY_CODES, i, "procedures", NULL, 0);
    c->nproc_in = (uint32_t)(b - a);
    for (uint32_t k = 0; k < c->nproc_in; k++) {
        int64_t item = a + k;
        uint32_t id;
        if (in->proc_ids) {
            id = in->proc_ids[item];
            if (id >= cat->nproc)
                return row_fail(ctx, YB_E_ROW_PROC_CODE, i, "proc_ids", NULL, 0);
        } else {
            int64_t s = in->proc_offsets[item], e = in->proc_offsets[item + 1];
            const char *code = in->proc_data + s;
            size_t len = (size_t)(e - s);
            int rc = YB_OK;
            id = pre_proc ? pre_proc[k] : YB_DICT_INVALID;
            if (id >= cat->nproc) {
                if (s < 0 || e < s)
                    return row_fail(ctx, YB_E_INVALID_ARG, i, "proc_offsets", NULL, 0);
                if (pre_proc)
                    rc = id == YB_DICT_NOT_FOUND ? YB_E_NOT_FOUND : YB_E_FORMAT;
                else
                    rc = yb_dict_lookup(cat->proc, code, len, &id);
            }
            if (rc == YB_E_NOT_FOUND && cat->accept_unknown) {
                c->flags |= YB_DIP_FLAG_UNKNOWN_CODE;
                continue;
            }
            if (rc)
                return row_fail(ctx, YB_E_ROW_PROC_CODE, i, "procedure", code, len);
        }
        c->procs[c->nproc++] = id;
    }
    return YB_OK;
}
