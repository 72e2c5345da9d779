/* Writes the generated region as CSV (UTF-8, '\n' line ends, header row):
 * members.csv, cases.csv (also a history for `yibao dip build` and an input
 * for `yibao group`), claims.csv and claim_lines.csv. Columns:
 * doc/region.md. Output is a pure function of the data: integers and exact
 * decimals only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx_internal.h"

#include "region.h"

typedef struct out {
    FILE *f;
    char buf[1 << 16];
    size_t len;
    int err;
} out;

static void flush(out *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
        o->err = 1;
    o->len = 0;
}

static void put(out *o, const char *s, size_t n)
{
    if (o->len + n > sizeof o->buf)
        flush(o);
    if (n > sizeof o->buf) {
        if (fwrite(s, 1, n, o->f) != n)
            o->err = 1;
        return;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void puts_(out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void putc_(out *o, char c)
{
    put(o, &c, 1);
}

static void put_i64(out *o, int64_t v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    put(o, tmp, (size_t)n);
}

static void put_u64(out *o, uint64_t v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
    put(o, tmp, (size_t)n);
}

static void put_dec(out *o, int64_t v, int decimals)
{
    char tmp[32];
    int n = yb_decimal_format(v, decimals, tmp, sizeof tmp);
    if (n > 0)
        put(o, tmp, (size_t)n);
}

static void put_date(out *o, int32_t ymd)
{
    char tmp[16];
    if (!ymd)
        return;
    int n = snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", (int)(ymd / 10000), (int)(ymd / 100 % 100), (int)(ymd % 100));
    put(o, tmp, (size_t)n);
}

static void put_opt(out *o, int64_t v)
{
    if (v >= 0)
        put_i64(o, v);
}

static int open_out(yb_ctx *ctx, out *o, const char *dir, const char *name, const char *header)
{
    char path[REGION_PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    o->len = 0;
    o->err = 0;
    o->f = fopen(path, "wb");
    if (!o->f)
        return yb_fail(ctx, YB_E_IO, "cannot write %s", path);
    puts_(o, header);
    return YB_OK;
}

static int close_out(yb_ctx *ctx, out *o, const char *name)
{
    flush(o);
    int bad = o->err | (fclose(o->f) != 0);
    o->f = NULL;
    return bad ? yb_fail(ctx, YB_E_IO, "writing %s failed", name) : YB_OK;
}

static const char *const INSURED[] = { "", "employee", "retired", "resident" };
static const char *const PLACE[] = { "", "local", "out_of_area", "referred" };
static const char *const VISIT[] = { "", "inpatient", "outpatient" };
static const char *const POT[] = { "inpatient", "outpatient", "chronic" };

static void put_list(out *o, const region_codes *c, size_t row, size_t skip)
{
    for (int64_t k = c->row[row] + (int64_t)skip; k < c->row[row + 1]; k++) {
        if (k > c->row[row] + (int64_t)skip)
            putc_(o, '|');
        put(o, c->data + c->off[k], (size_t)(c->off[k + 1] - c->off[k]));
    }
}

int region_write(yb_ctx *ctx, const region_def *d, const region_data *r, const char *dir)
{
    if (region_mkdir_p(dir))
        return yb_fail(ctx, YB_E_IO, "cannot create the directory %s", dir);
    out *o = malloc(sizeof *o);
    if (!o)
        return yb_fail_nomem(ctx, "output buffer");
    int rc;
    const region_members *m = &r->m;
    if ((rc = open_out(ctx, o, dir, "members.csv",
                       "member_id,insured,sex,birth_date,death_date,county,alliance,assistance,civil_servant,"
                       "hypertension,diabetes,account_credit,family_payer\n")))
        goto done;
    for (size_t i = 0; i < m->n; i++) {
        put_u64(o, m->id[i]);
        putc_(o, ',');
        puts_(o, INSURED[m->insured[i]]);
        putc_(o, ',');
        put_i64(o, m->sex[i]);
        putc_(o, ',');
        put_date(o, m->birth[i]);
        putc_(o, ',');
        put_date(o, m->death[i]);
        putc_(o, ',');
        put_i64(o, m->county[i]);
        putc_(o, ',');
        put_i64(o, m->alliance[i]);
        putc_(o, ',');
        put_i64(o, m->category[i]);
        putc_(o, ',');
        put_i64(o, m->civil[i]);
        putc_(o, ',');
        put_i64(o, m->chronic[i] & 1);
        putc_(o, ',');
        put_i64(o, (m->chronic[i] >> 1) & 1);
        putc_(o, ',');
        put_dec(o, m->account_credit[i], 2);
        putc_(o, ',');
        if (m->family_payer[i])
            put_u64(o, m->family_payer[i]);
        putc_(o, '\n');
    }
    if ((rc = close_out(ctx, o, "members.csv")))
        goto done;
    const region_cases *c = &r->c;
    if ((rc = open_out(ctx, o, dir, "cases.csv",
                       "id,year,member_id,hospital,place,admission_date,discharge_date,sex,age_years,age_days,"
                       "birth_weight_g,los_days,discharge_type,principal_dx,secondary_dx,procedures,cost\n")))
        goto done;
    for (size_t k = 0; k < c->n; k++) {
        put_u64(o, c->id[k]);
        putc_(o, ',');
        put_i64(o, c->year[k]);
        putc_(o, ',');
        put_u64(o, m->id[c->member[k]]);
        putc_(o, ',');
        if (c->facility[k] >= 0)
            puts_(o, d->fac[c->facility[k]].code);
        putc_(o, ',');
        puts_(o, PLACE[c->place[k]]);
        putc_(o, ',');
        put_date(o, c->admit[k]);
        putc_(o, ',');
        put_date(o, c->discharge[k]);
        putc_(o, ',');
        put_i64(o, c->sex[k]);
        putc_(o, ',');
        put_i64(o, c->age[k]);
        putc_(o, ',');
        put_opt(o, c->age_days[k]);
        putc_(o, ',');
        put_opt(o, c->weight[k]);
        putc_(o, ',');
        put_i64(o, c->los[k]);
        putc_(o, ',');
        put_i64(o, c->discharge_type[k]);
        putc_(o, ',');
        put(o, c->dx.data + c->dx.off[c->dx.row[k]],
            (size_t)(c->dx.off[c->dx.row[k] + 1] - c->dx.off[c->dx.row[k]]));
        putc_(o, ',');
        put_list(o, &c->dx, k, 1);
        putc_(o, ',');
        put_list(o, &c->proc, k, 0);
        putc_(o, ',');
        put_dec(o, c->cost[k], 2);
        putc_(o, '\n');
    }
    if ((rc = close_out(ctx, o, "cases.csv")))
        goto done;
    const region_claims *q = &r->k;
    if ((rc = open_out(ctx, o, dir, "claims.csv",
                       "claim_id,member_id,case_id,date,visit,facility,level,place,pot,total\n")))
        goto done;
    for (size_t j = 0; j < q->n; j++) {
        put_u64(o, q->id[j]);
        putc_(o, ',');
        put_u64(o, m->id[q->member[j]]);
        putc_(o, ',');
        if (q->case_row[j] >= 0)
            put_u64(o, c->id[q->case_row[j]]);
        putc_(o, ',');
        put_date(o, q->date[j]);
        putc_(o, ',');
        puts_(o, VISIT[q->visit[j]]);
        putc_(o, ',');
        if (q->facility[j] >= 0)
            puts_(o, d->fac[q->facility[j]].code);
        putc_(o, ',');
        put_i64(o, q->level[j]);
        putc_(o, ',');
        puts_(o, PLACE[q->place[j]]);
        putc_(o, ',');
        puts_(o, POT[q->pot[j]]);
        putc_(o, ',');
        int64_t total = 0;
        for (int64_t l = q->line_row[j]; l < q->line_row[j + 1]; l++)
            total += q->amount[l];
        put_dec(o, total, 2);
        putc_(o, '\n');
    }
    if ((rc = close_out(ctx, o, "claims.csv")))
        goto done;
    if ((rc = open_out(ctx, o, dir, "claim_lines.csv", "claim_id,item,class,quantity,price,amount\n")))
        goto done;
    for (size_t j = 0; j < q->n; j++)
        for (int64_t l = q->line_row[j]; l < q->line_row[j + 1]; l++) {
            const region_item *it = &d->items[q->item[l]];
            put_u64(o, q->id[j]);
            putc_(o, ',');
            puts_(o, it->code);
            putc_(o, ',');
            putc_(o, it->cls);
            putc_(o, ',');
            put_dec(o, q->qty[l], 4);
            putc_(o, ',');
            put_dec(o, q->price[l], 4);
            putc_(o, ',');
            put_dec(o, q->amount[l], 2);
            putc_(o, '\n');
        }
    rc = close_out(ctx, o, "claim_lines.csv");
done:
    if (o->f)
        fclose(o->f);
    free(o);
    return rc;
}
