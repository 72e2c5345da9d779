/* Public DIP API: catalogue accessors, the batch call, the single-case form. */
#include <string.h>

#include "grouping/case_chunk.h"
#include "grouping/dip_internal.h"

const char *yb_dip_catalog_fingerprint(const yb_dip_catalog *cat)
{
    return cat ? cat->fingerprint : NULL;
}

const yb_dict *yb_dip_catalog_dx_dict(const yb_dip_catalog *cat)
{
    return cat ? cat->dx : NULL;
}

const yb_dict *yb_dip_catalog_proc_dict(const yb_dip_catalog *cat)
{
    return cat ? cat->proc : NULL;
}

uint32_t yb_dip_group_count(const yb_dip_catalog *cat)
{
    return cat ? cat->ngroups : 0;
}

int yb_dip_group_find(const yb_dip_catalog *cat, const char *code, uint32_t *id)
{
    if (!cat || !code || !id)
        return YB_E_INVALID_ARG;
    return dip_group_lookup(cat, code, strlen(code), id);
}

const char *yb_dip_group_code(const yb_dip_catalog *cat, uint32_t id)
{
    return cat && id < cat->ngroups ? dip_group_code(cat, id) : NULL;
}

const char *yb_dip_group_name(const yb_dip_catalog *cat, uint32_t id)
{
    return cat && id < cat->ngroups ? dip_pool_str(cat, cat->groups[id].name) : NULL;
}

int yb_dip_group_kind(const yb_dip_catalog *cat, uint32_t id)
{
    return cat && id < cat->ngroups ? cat->groups[id].kind : YB_E_INVALID_ARG;
}

int yb_dip_group_primary_care(const yb_dip_catalog *cat, uint32_t id)
{
    return cat && id < cat->ngroups ? cat->groups[id].primary_care : YB_E_INVALID_ARG;
}

int yb_dip_group_active(const yb_dip_catalog *cat, uint32_t id)
{
    return cat && id < cat->ngroups ? cat->groups[id].active : YB_E_INVALID_ARG;
}

int yb_dip_group_score(const yb_dip_catalog *cat, uint32_t id, int64_t *score)
{
    if (!cat || id >= cat->ngroups || !score)
        return YB_E_INVALID_ARG;
    if (!cat->groups[id].has_score)
        return YB_E_NOT_FOUND;
    *score = cat->groups[id].score;
    return YB_OK;
}

uint32_t yb_dip_subtype_count(const yb_dip_catalog *cat)
{
    return cat ? cat->napplied : 0;
}

const char *yb_dip_subtype_code(const yb_dip_catalog *cat, uint32_t id)
{
    return cat && id < cat->napplied ? dip_pool_str(cat, cat->subs[cat->applied[id]].code) : NULL;
}

uint32_t yb_dip_subtype_group(const yb_dip_catalog *cat, uint32_t id)
{
    return cat && id < cat->napplied ? cat->subs[cat->applied[id]].group : YB_DIP_NONE;
}

int64_t yb_dip_subtype_coefficient(const yb_dip_catalog *cat, uint32_t id)
{
    return cat && id < cat->napplied ? cat->subs[cat->applied[id]].coef : -1;
}

static void put_row(yb_dip_results *out, size_t i, const dip_outcome *o)
{
    if (out->group)
        out->group[i] = o->group;
    if (out->layer)
        out->layer[i] = (int8_t)o->layer;
    if (out->attribute)
        out->attribute[i] = (int8_t)o->attribute;
    if (out->matched_procs)
        out->matched_procs[i] = (int16_t)o->matched;
    if (out->subtype)
        out->subtype[i] = o->subtype;
    if (out->subtype_coef)
        out->subtype_coef[i] = o->coef;
    if (out->score)
        out->score[i] = o->score;
    if (out->subtype_score)
        out->subtype_score[i] = o->subtype_score;
    if (out->cci)
        out->cci[i] = o->cci;
    if (out->flags)
        out->flags[i] = o->flags;
}

static void empty_outcome(dip_outcome *o)
{
    memset(o, 0, sizeof *o);
    o->group = DIP_NONE;
    o->subtype = DIP_NONE;
    o->coef = YB_RATIO_ONE;
    o->cci = -1;
}

int yb_dip_group_batch(yb_ctx *ctx, const yb_dip_catalog *cat, const yb_case_columns *cases, yb_dip_results *out,
                       int32_t *row_status)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (!cat)
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_dip_group_batch: NULL catalogue");
    int rc = dip_check_columns(ctx, cases);
    if (rc)
        return rc;
    if (out) {
        if (out->size < sizeof(yb_dip_results))
            return yb_fail(ctx, YB_E_VERSION, "results: size %zu is smaller than yb_dip_results (%zu)", out->size,
                           sizeof(yb_dip_results));
        if (out->n != cases->n)
            return yb_fail(ctx, YB_E_INVALID_ARG, "results: n is %zu but the batch has %zu cases", out->n, cases->n);
        for (size_t k = 0; k < sizeof out->reserved / sizeof out->reserved[0]; k++)
            if (out->reserved[k])
                return yb_fail(ctx, YB_E_INVALID_ARG, "results: reserved fields must be NULL");
    }
    dip_work w;
    if ((rc = dip_work_init(ctx, cat, &w)))
        return rc;
    case_chunk ck;
    if ((rc = case_chunk_init(ctx, &ck, cases, cat->dx, cat->proc, w.max_codes))) {
        dip_work_free(ctx, &w);
        return rc;
    }
    int bad = 0;
    uint64_t interval = ctx->progress_interval > 0 ? (uint64_t)ctx->progress_interval : 65536;
    for (size_t i = 0; i < cases->n; i++) {
        if (i && i % interval == 0 && yb_progress(ctx, i, cases->n)) {
            dip_outcome none;
            empty_outcome(&none);
            for (size_t j = i; j < cases->n; j++) {
                if (out)
                    put_row(out, j, &none);
                if (row_status)
                    row_status[j] = YB_E_CANCELLED;
            }
            case_chunk_free(ctx, &ck);
            dip_work_free(ctx, &w);
            return YB_E_CANCELLED;
        }
        if (i == ck.end)
            case_chunk_next(&ck);
        dip_outcome o;
        int st = dip_case_from_columns(ctx, cat, cases, i, case_chunk_looked_up(&ck, i, 0),
                                       case_chunk_looked_up(&ck, i, 1), &w);
        if (!st) {
            st = dip_match(ctx, cat, &w, NULL, &o, NULL);
            if (st)
                yb_fail(ctx, st, "row %zu: %s", i, yb_strerror(st));
        }
        if (st) {
            empty_outcome(&o);
            bad++;
        }
        if (out)
            put_row(out, i, &o);
        if (row_status)
            row_status[i] = st;
    }
    case_chunk_free(ctx, &ck);
    dip_work_free(ctx, &w);
    return bad;
}

/* A one-row yb_case_columns over a yb_dip_case: the '|'-separated lists are
 * copied without separators into `data` with Arrow offsets. */
typedef struct single {
    yb_case_columns cols;
    int64_t dx_rows[2], proc_rows[2];
    int64_t *off;
    char *data;
    int8_t sex, discharge;
    int16_t age;
    int32_t age_days, weight, los, vent, icu;
} single;

/* Appends the items of list s to data/off; returns the number of items. */
static size_t split(const char *s, char *data, size_t *used, int64_t *off)
{
    if (!s || !*s)
        return 0;
    size_t n = 0;
    off[0] = (int64_t)*used;
    for (;; s++) {
        if (*s == '|' || *s == '\0') {
            off[++n] = (int64_t)*used;
            if (!*s)
                break;
        } else {
            data[(*used)++] = *s;
        }
    }
    return n;
}

static size_t count_items(const char *s)
{
    if (!s || !*s)
        return 0;
    size_t n = 1;
    for (; *s; s++)
        n += *s == '|';
    return n;
}

static void single_free(yb_ctx *ctx, single *s)
{
    yb_free(ctx, s->off);
    yb_free(ctx, s->data);
}

static int single_columns(yb_ctx *ctx, const yb_dip_case *c, single *s)
{
    memset(s, 0, sizeof *s);
    if (!c)
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_dip_case: NULL");
    if (c->size < sizeof(yb_dip_case))
        return yb_fail(ctx, YB_E_VERSION, "yb_dip_case: size %zu is smaller than %zu", c->size, sizeof(yb_dip_case));
    for (size_t k = 0; k < sizeof c->reserved / sizeof c->reserved[0]; k++)
        if (c->reserved[k])
            return yb_fail(ctx, YB_E_INVALID_ARG, "yb_dip_case: reserved fields must be NULL");
    size_t ndx = count_items(c->diagnoses), nproc = count_items(c->procedures);
    size_t chars = (c->diagnoses ? strlen(c->diagnoses) : 0) + (c->procedures ? strlen(c->procedures) : 0);
    s->off = yb_calloc(ctx, ndx + nproc + 2, sizeof *s->off);
    s->data = yb_alloc(ctx, chars + 1);
    if (!s->off || !s->data) {
        single_free(ctx, s);
        return yb_fail_nomem(ctx, "a single case");
    }
    size_t used = 0;
    int64_t *dx_off = s->off, *proc_off = s->off + ndx + 1;
    split(c->diagnoses, s->data, &used, dx_off);
    split(c->procedures, s->data, &used, proc_off);
    s->sex = c->sex;
    s->age = c->age_years;
    s->age_days = c->age_days;
    s->weight = c->birth_weight_g;
    s->los = c->los_days;
    s->discharge = c->discharge_type;
    s->vent = c->vent_hours;
    s->icu = c->icu_days;
    s->dx_rows[1] = (int64_t)ndx;
    s->proc_rows[1] = (int64_t)nproc;
    yb_case_columns *k = &s->cols;
    k->size = sizeof *k;
    k->n = 1;
    k->sex = &s->sex;
    k->age_years = &s->age;
    k->age_days = &s->age_days;
    k->birth_weight_g = &s->weight;
    k->los_days = &s->los;
    k->discharge_type = &s->discharge;
    k->vent_hours = &s->vent;
    k->icu_days = &s->icu;
    k->dx_row_offsets = s->dx_rows;
    k->dx_data = s->data;
    k->dx_offsets = dx_off;
    k->proc_row_offsets = s->proc_rows;
    k->proc_data = s->data;
    k->proc_offsets = proc_off;
    return YB_OK;
}

int yb_dip_group_one(yb_ctx *ctx, const yb_dip_catalog *cat, const yb_dip_case *c, yb_dip_result *out)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    if (!cat || !out)
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_dip_group_one: NULL argument");
    if (out->size < sizeof(yb_dip_result))
        return yb_fail(ctx, YB_E_VERSION, "yb_dip_result: size %zu is smaller than %zu", out->size,
                       sizeof(yb_dip_result));
    single s;
    int rc = single_columns(ctx, c, &s);
    if (rc)
        return rc;
    int8_t layer, attr;
    int16_t matched;
    yb_dip_results r = { .size = sizeof r, .n = 1, .group = &out->group, .layer = &layer, .attribute = &attr,
                         .matched_procs = &matched, .subtype = &out->subtype, .subtype_coef = &out->subtype_coef,
                         .score = &out->score, .subtype_score = &out->subtype_score, .cci = &out->cci,
                         .flags = &out->flags };
    int32_t status = 0;
    rc = yb_dip_group_batch(ctx, cat, &s.cols, &r, &status);
    single_free(ctx, &s);
    if (rc < 0)
        return rc;
    out->layer = layer;
    out->attribute = attr;
    out->matched_procs = matched;
    return status;
}

int yb_dip_trace_one_text(yb_ctx *ctx, const yb_dip_catalog *cat, const yb_dip_case *c, char *buf, size_t cap,
                          size_t *needed)
{
    if (!ctx)
        return YB_E_INVALID_ARG;
    single s;
    int rc = single_columns(ctx, c, &s);
    if (rc)
        return rc;
    rc = yb_dip_trace_text(ctx, cat, &s.cols, 0, buf, cap, needed);
    single_free(ctx, &s);
    return rc;
}
