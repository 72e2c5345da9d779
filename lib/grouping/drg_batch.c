/* Batch grouping: column checks, decoding and validating each row (the row
 * statuses of grouping.h, in that order), the batch loop and the single-case
 * wrapper. */
#include <stdio.h>
#include <string.h>

#include "case_chunk.h"
#include "drg_internal.h"

int drg_scratch_init(yb_ctx *ctx, const yb_drg_scheme *s, drg_scratch *sc)
{
    int64_t max = ctx->max_codes_per_case;
    sc->cap = max > 0 && max < 100000 ? (size_t)max : 64;
    sc->dx = yb_alloc(ctx, sc->cap * sizeof *sc->dx);
    sc->proc = yb_alloc(ctx, sc->cap * sizeof *sc->proc);
    sc->bits = yb_alloc(ctx, DRG_BITSETS * s->words * sizeof *sc->bits);
    if (!sc->dx || !sc->proc || !sc->bits) {
        drg_scratch_free(ctx, sc);
        return yb_fail_nomem(ctx, "grouping work space");
    }
    return YB_OK;
}

void drg_scratch_free(yb_ctx *ctx, drg_scratch *sc)
{
    yb_free(ctx, sc->dx);
    yb_free(ctx, sc->proc);
    yb_free(ctx, sc->bits);
    memset(sc, 0, sizeof *sc);
}

static int bad_col(yb_ctx *ctx, const char *field, size_t row, const char *what)
{
    yb_errloc loc = { .field = field, .line = row + 1 };
    return yb_fail_at(ctx, YB_E_INVALID_ARG, &loc, "case columns: %s (row %zu, 0-based)", what, row);
}

/* The CSR structure of one list kind. */
static int check_list(yb_ctx *ctx, size_t n, const int64_t *row_off, const char *data, const int64_t *off,
                      const uint32_t *ids, const char *rname, const char *oname)
{
    if (!!data + !!ids != 1)
        return bad_col(ctx, rname, 0, "give either the code strings or the ids, not both and not neither");
    if (data && !off)
        return bad_col(ctx, oname, 0, "code strings need their offsets");
    if (row_off[0] < 0)
        return bad_col(ctx, rname, 0, "negative offset");
    for (size_t i = 0; i < n; i++)
        if (row_off[i + 1] < row_off[i])
            return bad_col(ctx, rname, i, "row offsets decrease");
    if (off) {
        if (off[row_off[0]] < 0)
            return bad_col(ctx, oname, 0, "negative offset");
        for (int64_t k = row_off[0]; k < row_off[n]; k++)
            if (off[k + 1] < off[k])
                return bad_col(ctx, oname, (size_t)k, "item offsets decrease");
    }
    return YB_OK;
}

int drg_check_columns(yb_ctx *ctx, const yb_case_columns *cs)
{
    if (cs->size < sizeof(yb_case_columns))
        return yb_fail(ctx, YB_E_VERSION, "yb_case_columns.size is %zu, expected %zu", cs->size,
                       sizeof(yb_case_columns));
    for (size_t i = 0; i < sizeof cs->reserved / sizeof cs->reserved[0]; i++)
        if (cs->reserved[i])
            return bad_col(ctx, "reserved", 0, "reserved fields must be NULL");
    if (cs->n == 0)
        return YB_OK;
    if (!cs->sex || !cs->age_years || !cs->dx_row_offsets)
        return bad_col(ctx, !cs->sex ? "sex" : !cs->age_years ? "age_years" : "dx_row_offsets", 0,
                       "required column is NULL");
    int rc = check_list(ctx, cs->n, cs->dx_row_offsets, cs->dx_data, cs->dx_offsets, cs->dx_ids,
                        "dx_row_offsets", "dx_offsets");
    if (!rc && cs->proc_row_offsets)
        rc = check_list(ctx, cs->n, cs->proc_row_offsets, cs->proc_data, cs->proc_offsets, cs->proc_ids,
                        "proc_row_offsets", "proc_offsets");
    return rc;
}

void drg_out_invalid(const yb_drg_scheme *s, drg_out *out)
{
    out->mdc = out->adrg = YB_DRG_NO_ID;
    out->drg = s->ungroupable;
    out->flags |= YB_DRG_FLAG_INVALID | YB_DRG_FLAG_UNGROUPABLE;
}

static int blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t')
            return 0;
    return 1;
}

/* Resolves the codes of one list from their ids (the caller's, or those the
 * string path looked up: YB_DICT_NOT_FOUND is YB_DRG_NO_ID); returns 0 or
 * the position of the first malformed code + 1. Unknown codes become
 * DRG_UNKNOWN. */
static size_t resolve(const drg_codes *dc, const uint32_t *ids, uint32_t count, uint32_t *out)
{
    for (uint32_t i = 0; i < count; i++) {
        uint32_t id = ids[i];
        if (id < dc->n)
            out[i] = id;
        else if (id == YB_DRG_NO_ID)
            out[i] = DRG_UNKNOWN;
        else
            return (size_t)i + 1;
        DRG_PREFETCH(&dc->info[out[i] < dc->n ? out[i] : 0]);
    }
    return 0;
}

/* The ids of one list of a row: pre (looked up with the batch's chunk), the
 * caller's ids, or looked up now into out. */
static const uint32_t *row_ids(const drg_codes *dc, const char *data, const int64_t *off, const uint32_t *ids,
                               int64_t first, uint32_t count, const uint32_t *pre, uint32_t *out)
{
    if (pre)
        return pre;
    if (ids)
        return ids + first;
    (void)yb_dict_lookup_batch(dc->dict, data, off + first, count, out);
    return out;
}

/* The text of item k for messages (NUL-terminated copy, truncated). */
static const char *item_text(const yb_drg_scheme *s, const drg_codes *dc, const char *data, const int64_t *off,
                             const uint32_t *ids, int64_t k, char *buf, size_t cap)
{
    (void)s;
    if (ids) {
        if (ids[k] < dc->n)
            return yb_dict_code(dc->dict, ids[k]);
        snprintf(buf, cap, "id %u", (unsigned)ids[k]);
        return buf;
    }
    size_t n = (size_t)(off[k + 1] - off[k]);
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, data + off[k], n);
    buf[n] = '\0';
    return buf;
}

#define REJECT(st, ...)                                         \
    do {                                                        \
        if (rec) {                                              \
            drg_rec_step(rec, YB_DRG_STEP_VALIDATE, (st), YB_DRG_NO_ID, YB_DRG_NO_ID, YB_DRG_NO_ID, \
                         yb_status_name(st), "");               \
            drg_rec_detail(rec, __VA_ARGS__);                   \
        }                                                       \
        drg_out_invalid(s, out);                                \
        return (st);                                            \
    } while (0)

static int32_t opt32(const int32_t *col, size_t row)
{
    return col ? col[row] : -1;
}

int drg_decode_row(const yb_drg_scheme *s, const yb_case_columns *cs, size_t row, int64_t max_codes,
                   const uint32_t *dx_pre, const uint32_t *proc_pre, drg_scratch *sc, drg_case *c, drg_out *out,
                   drg_rec *rec)
{
    memset(out, 0, sizeof *out);
    int64_t d0 = cs->dx_row_offsets[row], d1 = cs->dx_row_offsets[row + 1];
    int64_t p0 = 0, p1 = 0;
    if (cs->proc_row_offsets) {
        p0 = cs->proc_row_offsets[row];
        p1 = cs->proc_row_offsets[row + 1];
    }
    char buf[80];
    if (d1 == d0 || (cs->dx_data && blank(cs->dx_data + cs->dx_offsets[d0],
                                          (size_t)(cs->dx_offsets[d0 + 1] - cs->dx_offsets[d0]))))
        REJECT(YB_E_ROW_NO_DIAGNOSIS, "no principal diagnosis");
    if (d1 - d0 > max_codes || p1 - p0 > max_codes || (size_t)(d1 - d0) > sc->cap || (size_t)(p1 - p0) > sc->cap)
        REJECT(YB_E_ROW_TOO_MANY_CODES, "%lld diagnoses and %lld procedures; the limit is %lld of each",
               (long long)(d1 - d0), (long long)(p1 - p0), (long long)max_codes);
    c->n_dx = (uint32_t)(d1 - d0);
    c->n_proc = (uint32_t)(p1 - p0);
    c->dx = sc->dx;
    c->proc = sc->proc;
    c->bits = sc->bits;
    size_t bad = resolve(&s->dx, row_ids(&s->dx, cs->dx_data, cs->dx_offsets, cs->dx_ids, d0, c->n_dx, dx_pre, sc->dx),
                         c->n_dx, sc->dx);
    if (bad)
        REJECT(YB_E_ROW_DX_CODE, "diagnosis %zu '%s' is not a valid code", bad,
               item_text(s, &s->dx, cs->dx_data, cs->dx_offsets, cs->dx_ids, d0 + (int64_t)bad - 1, buf, sizeof buf));
    if (c->n_proc) {
        bad = resolve(&s->proc,
                      row_ids(&s->proc, cs->proc_data, cs->proc_offsets, cs->proc_ids, p0, c->n_proc, proc_pre, sc->proc),
                      c->n_proc, sc->proc);
        if (bad)
            REJECT(YB_E_ROW_PROC_CODE, "procedure %zu '%s' is not a valid code", bad,
                   item_text(s, &s->proc, cs->proc_data, cs->proc_offsets, cs->proc_ids, p0 + (int64_t)bad - 1, buf,
                             sizeof buf));
    }
    int32_t *f = c->field;
    f[F_SEX] = cs->sex[row];
    f[F_AGE_YEARS] = cs->age_years[row];
    f[F_AGE_DAYS] = opt32(cs->age_days, row);
    f[F_BIRTH_WEIGHT] = opt32(cs->birth_weight_g, row);
    f[F_LOS] = opt32(cs->los_days, row);
    f[F_DISCHARGE] = cs->discharge_type ? cs->discharge_type[row] : -1;
    f[F_VENT_HOURS] = opt32(cs->vent_hours, row);
    f[F_ICU_DAYS] = opt32(cs->icu_days, row);
    if (f[F_SEX] != 1 && f[F_SEX] != 2)
        REJECT(YB_E_ROW_SEX, f[F_SEX] == -1 ? "sex missing" : "sex %d is not 1 (male) or 2 (female)", (int)f[F_SEX]);
    int32_t y = f[F_AGE_YEARS], d = f[F_AGE_DAYS], w = f[F_BIRTH_WEIGHT];
    if (y < 0 || y > s->max_age_years)
        REJECT(YB_E_ROW_AGE, y == -1 ? "age missing" : "age %d years is outside 0 to %d", (int)y, (int)s->max_age_years);
    if (d < -1 || (d == -1 && y == 0 && s->infant_age_days))
        REJECT(YB_E_ROW_AGE_DAYS, d == -1 ? "age 0 years needs the age in days" : "age in days %d is negative",
               (int)d);
    if (d >= 0 && ((int64_t)d < 365 * (int64_t)y || (int64_t)d >= 366 * ((int64_t)y + 1)))
        REJECT(YB_E_ROW_NEWBORN, "age %d days contradicts age %d years (365 x years <= days < 366 x (years + 1))",
               (int)d, (int)y);
    if (w < -1 || w > s->max_birth_weight)
        REJECT(YB_E_ROW_BIRTH_WEIGHT, "birth weight %d g is outside 0 to %d", (int)w, (int)s->max_birth_weight);
    if (w == -1 && s->newborn_weight && y == 0 && d >= 0 && d <= s->newborn_days)
        REJECT(YB_E_ROW_BIRTH_WEIGHT, "a newborn of %d days needs the birth weight", (int)d);
    if (f[F_LOS] < -1 || f[F_LOS] > s->max_los_days)
        REJECT(YB_E_ROW_LOS, "length of stay %d days is outside 0 to %d", (int)f[F_LOS], (int)s->max_los_days);
    int32_t dt = f[F_DISCHARGE];
    if (dt != -1 && !(dt >= 1 && dt <= 5) && dt != 9)
        REJECT(YB_E_ROW_DISCHARGE, "discharge type %d is not 1, 2, 3, 4, 5 or 9", (int)dt);
    /* -1 is missing; below that is bad data, refused as the DIP engine refuses it */
    if (f[F_VENT_HOURS] < -1)
        REJECT(YB_E_ROW_VENT_HOURS, "ventilation hours %d are negative", (int)f[F_VENT_HOURS]);
    if (f[F_ICU_DAYS] < -1)
        REJECT(YB_E_ROW_ICU_DAYS, "ICU days %d are negative", (int)f[F_ICU_DAYS]);
    if (sc->dx[0] == DRG_UNKNOWN && s->dx.closed)
        REJECT(YB_E_ROW_DX_CODE, "principal diagnosis '%s' is not a code of the scheme",
               item_text(s, &s->dx, cs->dx_data, cs->dx_offsets, cs->dx_ids, d0, buf, sizeof buf));
    if (c->n_proc && sc->proc[0] == DRG_UNKNOWN && s->proc.closed)
        REJECT(YB_E_ROW_PROC_CODE, "principal procedure '%s' is not a code of the scheme",
               item_text(s, &s->proc, cs->proc_data, cs->proc_offsets, cs->proc_ids, p0, buf, sizeof buf));
    if (sc->dx[0] != DRG_UNKNOWN && (s->dx.info[sc->dx[0]].flags & CODE_INVALID_PRINCIPAL))
        REJECT(YB_E_ROW_PRINCIPAL_DX, "the scheme does not allow %s as principal diagnosis",
               yb_dict_code(s->dx.dict, sc->dx[0]));
    c->pproc_ignored = c->n_proc && sc->proc[0] != DRG_UNKNOWN && (s->proc.info[sc->proc[0]].flags & CODE_INVALID_PRINCIPAL);
    if (c->pproc_ignored) {
        out->flags |= YB_DRG_FLAG_PROC_IGNORED;
        if (rec) {
            const char *code = yb_dict_code(s->proc.dict, sc->proc[0]);
            drg_rec_step(rec, YB_DRG_STEP_CODE, 0, YB_DRG_NO_ID, YB_DRG_NO_ID, YB_DRG_NO_ID, code, "");
            drg_rec_detail(rec, "principal procedure %s is not valid as principal for the scheme: ignored", code);
            drg_rec_code(rec, YB_DRG_CODE_IGNORED, 1, 0, code, "");
        }
    }
    for (uint32_t i = 0; i < c->n_dx; i++)
        if (sc->dx[i] == DRG_UNKNOWN) {
            out->unknown_dx++;
            if (rec) {
                const char *t = item_text(s, &s->dx, cs->dx_data, cs->dx_offsets, cs->dx_ids, d0 + i, buf, sizeof buf);
                drg_rec_step(rec, YB_DRG_STEP_CODE, 0, YB_DRG_NO_ID, YB_DRG_NO_ID, YB_DRG_NO_ID, t, "");
                drg_rec_detail(rec, "diagnosis %u '%s' is unknown to the scheme: it matches no list", (unsigned)i, t);
                drg_rec_code(rec, YB_DRG_CODE_UNKNOWN, 0, (int)i, t, "");
            }
        }
    for (uint32_t i = 0; i < c->n_proc; i++)
        if (sc->proc[i] == DRG_UNKNOWN) {
            out->unknown_proc++;
            if (rec) {
                const char *t =
                    item_text(s, &s->proc, cs->proc_data, cs->proc_offsets, cs->proc_ids, p0 + i, buf, sizeof buf);
                drg_rec_step(rec, YB_DRG_STEP_CODE, 0, YB_DRG_NO_ID, YB_DRG_NO_ID, YB_DRG_NO_ID, t, "");
                drg_rec_detail(rec, "procedure %u '%s' is unknown to the scheme: it matches no list", (unsigned)i, t);
                drg_rec_code(rec, YB_DRG_CODE_UNKNOWN, 1, (int)i, t, "");
            }
        }
    if (out->unknown_dx || out->unknown_proc)
        out->flags |= YB_DRG_FLAG_UNKNOWN_CODE;
    return YB_OK;
}

static void write_out(const yb_drg_results *r, size_t i, const drg_out *o)
{
    if (r->mdc) r->mdc[i] = o->mdc;
    if (r->adrg) r->adrg[i] = o->adrg;
    if (r->drg) r->drg[i] = o->drg;
    if (r->flags) r->flags[i] = o->flags;
    if (r->mcc_count) r->mcc_count[i] = o->mcc_count;
    if (r->cc_count) r->cc_count[i] = o->cc_count;
    if (r->unknown_dx) r->unknown_dx[i] = o->unknown_dx;
    if (r->unknown_proc) r->unknown_proc[i] = o->unknown_proc;
}

/* The batch's pipeline. The string path looks the codes of a chunk of rows up
 * together (case_chunk.h), then groups the rows from those ids like the id
 * path. Along the rows of a chunk, the records of the codes two rows ahead
 * start loading (lists = 0), and, their records being in cache by then, the
 * membership lists of those one row ahead (lists = 1). */
static inline void stage_list(const drg_codes *dc, const uint32_t *ids, int64_t count, int lists)
{
    for (int64_t k = 0; ids && k < count; k++)
        if (ids[k] < dc->n) {
            if (lists)
                DRG_PREFETCH(dc->mem_list + dc->info[ids[k]].mem_first);
            else
                DRG_PREFETCH(&dc->info[ids[k]]);
        }
}

static inline void stage(const yb_drg_scheme *s, const case_chunk *k, size_t row, int lists)
{
    const yb_case_columns *cs = k->cs;
    int64_t nd = cs->dx_row_offsets[row + 1] - cs->dx_row_offsets[row];
    int64_t np = case_chunk_proc_row(cs, row + 1) - case_chunk_proc_row(cs, row);
    if ((uint64_t)nd > k->row_cap || (uint64_t)np > k->row_cap)
        return; /* to be rejected as too long */
    stage_list(&s->dx, case_chunk_ids(k, row, 0), nd, lists);
    if (np > 0)
        stage_list(&s->proc, case_chunk_ids(k, row, 1), np, lists);
}

/* Validates and groups one decoded row; the flags of the result are completed here. */
static int group_row(const yb_drg_scheme *s, const yb_case_columns *cs, size_t row, int64_t max_codes,
                     const uint32_t *dx_pre, const uint32_t *proc_pre, drg_scratch *sc, drg_out *o, drg_rec *rec)
{
    drg_case c;
    int st = drg_decode_row(s, cs, row, max_codes, dx_pre, proc_pre, sc, &c, o, rec);
    if (st)
        return st;
    drg_case_prepare(s, &c);
    drg_group_case(s, &c, o, rec);
    drg_severity(s, &c, NULL);
    o->mcc_count = c.n_mcc;
    o->cc_count = c.n_cc;
    if (c.n_mcc) o->flags |= YB_DRG_FLAG_MCC;
    if (c.n_cc) o->flags |= YB_DRG_FLAG_CC;
    if (c.n_excluded) o->flags |= YB_DRG_FLAG_CC_EXCLUDED;
    if (o->drg == s->ungroupable)
        o->flags |= YB_DRG_FLAG_UNGROUPABLE;
    return YB_OK;
}

/* Shared by the batch and the trace: one row, validated and grouped. */
int drg_group_row(yb_ctx *ctx, const yb_drg_scheme *s, const yb_case_columns *cs, size_t row,
                  drg_scratch *sc, drg_out *o, drg_rec *rec)
{
    return group_row(s, cs, row, ctx->max_codes_per_case, NULL, NULL, sc, o, rec);
}

int yb_drg_group_batch(yb_ctx *ctx, const yb_drg_scheme *s, const yb_case_columns *cases, yb_drg_results *out,
                       int32_t *row_status)
{
    if (!ctx || !s || !cases || !out)
        return YB_E_INVALID_ARG;
    if (out->size < sizeof(yb_drg_results))
        return yb_fail(ctx, YB_E_VERSION, "yb_drg_results.size is %zu, expected %zu", out->size,
                       sizeof(yb_drg_results));
    for (size_t i = 0; i < sizeof out->reserved / sizeof out->reserved[0]; i++)
        if (out->reserved[i])
            return yb_fail(ctx, YB_E_INVALID_ARG, "yb_drg_results.reserved must be NULL");
    int rc = drg_check_columns(ctx, cases);
    if (rc)
        return rc;
    if (out->n < cases->n)
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_drg_results holds %zu rows, the cases have %zu", out->n,
                       cases->n);
    drg_scratch sc;
    memset(&sc, 0, sizeof sc);
    if ((rc = drg_scratch_init(ctx, s, &sc)))
        return rc;
    case_chunk ck;
    if ((rc = case_chunk_init(ctx, &ck, cases, s->dx.dict, s->proc.dict, sc.cap))) {
        drg_scratch_free(ctx, &sc);
        return rc;
    }
    int64_t interval = ctx->progress_interval > 0 ? ctx->progress_interval : 65536;
    int64_t max_codes = ctx->max_codes_per_case;
    int bad = 0;
    size_t i = 0;
    for (; i < cases->n; i++) {
        if (i && (int64_t)(i % (uint64_t)interval) == 0 && ctx->progress_fn &&
            yb_progress(ctx, i, cases->n) != YB_OK)
            break;
        if (i == ck.end) {
            case_chunk_next(&ck);
            stage(s, &ck, i, 0);
            if (i + 1 < ck.end)
                stage(s, &ck, i + 1, 0);
            stage(s, &ck, i, 1);
        }
        if (i + 2 < ck.end)
            stage(s, &ck, i + 2, 0);
        if (i + 1 < ck.end)
            stage(s, &ck, i + 1, 1);
        drg_out o;
        int st = group_row(s, cases, i, max_codes, case_chunk_looked_up(&ck, i, 0), case_chunk_looked_up(&ck, i, 1),
                           &sc, &o, NULL);
        write_out(out, i, &o);
        if (row_status)
            row_status[i] = st;
        bad += st != 0;
    }
    case_chunk_free(ctx, &ck);
    drg_scratch_free(ctx, &sc);
    if (i < cases->n) {
        drg_out o;
        memset(&o, 0, sizeof o);
        drg_out_invalid(s, &o);
        for (size_t k = i; k < cases->n; k++) {
            write_out(out, k, &o);
            if (row_status)
                row_status[k] = YB_E_CANCELLED;
        }
        return YB_E_CANCELLED;
    }
    if (ctx->progress_fn && yb_progress(ctx, cases->n, cases->n) != YB_OK)
        return YB_E_CANCELLED;
    return bad;
}

/* ---- the single case ---- */

static int32_t clamp(int32_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static int add_codes(yb_ctx *ctx, const char *first, const char *const *more, size_t n_more, char *buf, size_t cap,
                     int64_t *off_buf, size_t off_cap, char **data, int64_t **off, int64_t *count)
{
    size_t total = first ? strlen(first) : 0, items = first ? 1 : 0;
    for (size_t i = 0; i < n_more; i++) {
        if (!more[i])
            return yb_fail(ctx, YB_E_INVALID_ARG, "code %zu of a list is NULL", i);
        total += strlen(more[i]);
        items++;
    }
    *data = buf;
    *off = off_buf;
    if (total > cap)
        *data = yb_alloc(ctx, total ? total : 1);
    if (items + 1 > off_cap)
        *off = yb_alloc(ctx, (items + 1) * sizeof **off);
    if (!*data || !*off)
        return yb_fail_nomem(ctx, "a case");
    size_t pos = 0, k = 0;
    (*off)[0] = 0;
    for (size_t i = 0; i < items; i++) {
        const char *code = first ? (i == 0 ? first : more[i - 1]) : more[i];
        size_t n = strlen(code);
        memcpy(*data + pos, code, n);
        pos += n;
        (*off)[++k] = (int64_t)pos;
    }
    *count = (int64_t)items;
    return YB_OK;
}

int drg_one_build(yb_ctx *ctx, const yb_drg_case *c, drg_one *t)
{
    memset(&t->cols, 0, sizeof t->cols);
    t->dx_data = t->proc_data = NULL;
    t->dx_off = t->proc_off = NULL;
    if (!c || c->size < sizeof(yb_drg_case))
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_drg_case missing or its size is wrong");
    if ((c->n_secondary && !c->secondary_dx) || (c->n_procedures && !c->procedures))
        return yb_fail(ctx, YB_E_INVALID_ARG, "yb_drg_case: a list count without its array");
    t->sex = (int8_t)clamp(c->sex, -1, 100);
    t->age = (int16_t)clamp(c->age_years, INT16_MIN, INT16_MAX);
    t->age_days = c->age_days;
    t->weight = c->birth_weight_g;
    t->los = c->los_days;
    t->discharge = (int8_t)clamp(c->discharge_type, -2, 100);
    t->vent = c->vent_hours;
    t->icu = c->icu_days;
    int64_t nd = 0, np = 0;
    int rc = add_codes(ctx, c->principal_dx, c->secondary_dx, c->principal_dx ? c->n_secondary : 0, t->dx_buf,
                       sizeof t->dx_buf, t->dx_off_buf, sizeof t->dx_off_buf / sizeof t->dx_off_buf[0], &t->dx_data,
                       &t->dx_off, &nd);
    if (!rc)
        rc = add_codes(ctx, NULL, c->procedures, c->n_procedures, t->proc_buf, sizeof t->proc_buf, t->proc_off_buf,
                       sizeof t->proc_off_buf / sizeof t->proc_off_buf[0], &t->proc_data, &t->proc_off, &np);
    if (rc) {
        drg_one_free(ctx, t);
        return rc;
    }
    t->dx_row[0] = 0;
    t->dx_row[1] = nd;
    t->proc_row[0] = 0;
    t->proc_row[1] = np;
    yb_case_columns *k = &t->cols;
    k->size = sizeof *k;
    k->n = 1;
    k->sex = &t->sex;
    k->age_years = &t->age;
    k->age_days = &t->age_days;
    k->birth_weight_g = &t->weight;
    k->los_days = &t->los;
    k->discharge_type = &t->discharge;
    k->vent_hours = &t->vent;
    k->icu_days = &t->icu;
    k->dx_row_offsets = t->dx_row;
    k->dx_data = t->dx_data;
    k->dx_offsets = t->dx_off;
    k->proc_row_offsets = t->proc_row;
    k->proc_data = t->proc_data;
    k->proc_offsets = t->proc_off;
    return YB_OK;
}

void drg_one_free(yb_ctx *ctx, drg_one *t)
{
    if (t->dx_data && t->dx_data != t->dx_buf)
        yb_free(ctx, t->dx_data);
    if (t->dx_off && t->dx_off != t->dx_off_buf)
        yb_free(ctx, t->dx_off);
    if (t->proc_data && t->proc_data != t->proc_buf)
        yb_free(ctx, t->proc_data);
    if (t->proc_off && t->proc_off != t->proc_off_buf)
        yb_free(ctx, t->proc_off);
    t->dx_data = t->proc_data = NULL;
    t->dx_off = t->proc_off = NULL;
}

int yb_drg_group_one(yb_ctx *ctx, const yb_drg_scheme *s, const yb_drg_case *c, yb_drg_result *out)
{
    if (!ctx || !s || !c || !out || out->size < sizeof(yb_drg_result))
        return YB_E_INVALID_ARG;
    drg_one t;
    int rc = drg_one_build(ctx, c, &t);
    if (rc)
        return rc;
    yb_drg_results r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.n = 1;
    r.mdc = &out->mdc;
    r.adrg = &out->adrg;
    r.drg = &out->drg;
    r.flags = &out->flags;
    r.mcc_count = &out->mcc_count;
    r.cc_count = &out->cc_count;
    r.unknown_dx = &out->unknown_dx;
    r.unknown_proc = &out->unknown_proc;
    int32_t st = 0;
    rc = yb_drg_group_batch(ctx, s, &t.cols, &r, &st);
    drg_one_free(ctx, &t);
    if (rc < 0)
        return rc;
    out->status = st;
    return st;
}
