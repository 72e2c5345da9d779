/* Writing a build as a dip-catalog pack overlaying its base
 * (doc/packs-dip.md): groups.csv replaces the base's groups (national groups
 * below the threshold get active = 0, the new groups follow), rules.csv is
 * appended to the base's, subtypes.csv replaces the base's (its templates and
 * the new coefficients), scores.csv replaces any base scores (and is the
 * group,score,primary_care,name table the points module reads). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "core/csv.h"
#include "core/sha256.h"
#include "grouping/dip_build.h"

typedef struct dbuf {
    yb_ctx *ctx;
    char *p;
    size_t len, cap;
    int nomem;
} dbuf;

static void put(dbuf *d, const char *s, size_t n)
{
    if (d->nomem)
        return;
    if (d->len + n + 1 > d->cap) {
        size_t ncap = d->cap ? d->cap : 65536;
        while (ncap < d->len + n + 1)
            ncap *= 2;
        char *np = yb_mem_realloc(&d->ctx->mem, d->p, ncap);
        if (!np) {
            d->nomem = 1;
            return;
        }
        d->p = np;
        d->cap = ncap;
    }
    memcpy(d->p + d->len, s, n);
    d->len += n;
    d->p[d->len] = '\0';
}

static void puts_(dbuf *d, const char *s)
{
    put(d, s, strlen(s));
}

/* A CSV cell, quoted when it holds a separator, a quote, a line break or
 * surrounding spaces (RFC 4180). */
static void cell(dbuf *d, const char *s, int first)
{
    if (!first)
        put(d, ",", 1);
    size_t n = strlen(s);
    int quote = n && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        put(d, s, n);
        return;
    }
    put(d, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            put(d, "\"", 1);
        put(d, s + i, 1);
    }
    put(d, "\"", 1);
}

static int write_table(bld *b, const char *file, dbuf *d, char hex[65])
{
    if (d->nomem)
        return yb_fail_nomem(b->ctx, "a DIP build table");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", b->out_dir, file);
    FILE *f = fopen(path, "wb");
    if (!f) {
        yb_errloc loc = { .file = path };
        return yb_fail_at(b->ctx, YB_E_IO, &loc, "cannot write: %s", strerror(errno));
    }
    size_t w = d->len ? fwrite(d->p, 1, d->len, f) : 0;
    int err = fclose(f);
    if (w != d->len || err) {
        yb_errloc loc = { .file = path };
        return yb_fail_at(b->ctx, YB_E_IO, &loc, "write error");
    }
    yb_sha256_hex(d->p ? d->p : "", d->len, hex);
    return YB_OK;
}

/* ------------------------------------------------------------ new groups */

static const char *const comp_labels[4] = { "内科诊疗组", "诊断性操作组", "治疗性操作组", "相关手术组" };

/* The rule text of a new local group: pdx, pproc, related. */
static void local_texts(const bld *b, const bld_new *g, char *pdx, char *pproc, char *related, size_t cap)
{
    const bld_key *k = &b->keys[g->key];
    bld_dx_key(b->base, k->dx, 0, pdx, cap);
    snprintf(pproc, cap, "%s", k->proc == DIP_NONE ? "-" : yb_dict_code(b->base->proc, k->proc));
    related[0] = '\0';
    if (g->full == DIP_NONE)
        return;
    const bld_full *f = &b->fulls[g->full];
    size_t len = 0;
    for (uint32_t q = 0; q < f->rel_n && len + 2 < cap; q++)
        len += (size_t)snprintf(related + len, cap - len, "%s%s", q ? "+" : "",
                                yb_dict_code(b->base->proc, b->rel[f->rel_off + q]));
}

static int cmp_new(const void *x, const void *y)
{
    const bld_new *a = x, *c = y;
    if (a->kind != c->kind)
        return a->kind < c->kind ? -1 : 1;
    return strcmp(a->sort, c->sort);
}

/* Sort keys of the new groups: local core groups by their rule texts, then
 * comprehensive groups by category and attribute. */
static void sort_news(bld *b)
{
    for (uint32_t k = 0; k < b->nnews; k++) {
        bld_new *g = &b->news[k];
        char t[3][256];
        if (g->kind == YB_DIP_LAYER_CORE)
            local_texts(b, g, t[0], t[1], t[2], 256);
        else {
            bld_dx_key(b->base, g->pdx, 1, t[0], 256);
            snprintf(t[1], 256, "%d", g->attr);
            t[2][0] = '\0';
        }
        snprintf(g->sort, sizeof g->sort, "%.60s\x01%.60s\x01%.120s", t[0], t[1], t[2]);
    }
    qsort(b->news, b->nnews, sizeof *b->news, cmp_new);
}

/* ------------------------------------------------------------ base tables */

typedef struct base_tables {
    char **rules_cols;
    size_t nrules_cols;
    char **sub_cols;
    size_t nsub_cols;
    char ***sub_rows;  /* every row of the base's subtypes table, as cells */
    size_t nsub_rows;
} base_tables;

static void free_cols(yb_ctx *ctx, char **cols, size_t n)
{
    for (size_t i = 0; cols && i < n; i++)
        yb_free(ctx, cols[i]);
    yb_free(ctx, cols);
}

static void base_free(yb_ctx *ctx, base_tables *t)
{
    free_cols(ctx, t->rules_cols, t->nrules_cols);
    free_cols(ctx, t->sub_cols, t->nsub_cols);
    for (size_t r = 0; r < t->nsub_rows; r++)
        free_cols(ctx, t->sub_rows[r], t->nsub_cols);
    yb_free(ctx, t->sub_rows);
    memset(t, 0, sizeof *t);
}

static char **copy_record(yb_ctx *ctx, yb_csv *r, size_t n, int header)
{
    char **cols = yb_calloc(ctx, n ? n : 1, sizeof *cols);
    if (!cols)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const char *s = header ? yb_csv_colname(r, i) : yb_csv_field(r, i, &len);
        if (header)
            len = strlen(s);
        cols[i] = yb_mem_strndup(&ctx->mem, s, len);
        if (!cols[i]) {
            free_cols(ctx, cols, n);
            return NULL;
        }
    }
    return cols;
}

static int read_base(bld *b, base_tables *t, int with_subtypes)
{
    yb_ctx *ctx = b->ctx;
    yb_pack *pack;
    int rc = yb_pack_open(ctx, b->base->pack_dir, "dip-catalog", &pack);
    if (rc)
        return rc;
    yb_csv *r = NULL;
    if (!(rc = yb_pack_table_open(ctx, pack, "rules", &r))) {
        t->nrules_cols = yb_csv_ncols(r);
        if (!(t->rules_cols = copy_record(ctx, r, t->nrules_cols, 1)))
            rc = yb_fail_nomem(ctx, "a DIP build");
        yb_csv_close(r);
    }
    if (!rc && with_subtypes && yb_pack_has_table(pack, "subtypes") &&
        !(rc = yb_pack_table_open(ctx, pack, "subtypes", &r))) {
        t->nsub_cols = yb_csv_ncols(r);
        if (!(t->sub_cols = copy_record(ctx, r, t->nsub_cols, 1)))
            rc = yb_fail_nomem(ctx, "a DIP build");
        uint32_t n = 0, cap = 0;
        int more;
        while (!rc && (more = yb_csv_next(r, ctx)) != 0) {
            if (more < 0) {
                rc = more;
                break;
            }
            char ***slot = dip_grow(&ctx->mem, (void **)&t->sub_rows, &n, &cap, sizeof *slot);
            if (!slot || !(*slot = copy_record(ctx, r, t->nsub_cols, 0))) {
                if (slot)
                    n--;
                rc = yb_fail_nomem(ctx, "a DIP build");
            }
            t->nsub_rows = n;
        }
        yb_csv_close(r);
    }
    yb_pack_close(pack);
    return rc;
}

static long col_index(char **cols, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(cols[i], name) == 0)
            return (long)i;
    return -1;
}

/* ------------------------------------------------------------ manifest */

/* The base directory relative to the output directory. */
static int relative_base(bld *b, char *out, size_t cap)
{
    char a[PATH_MAX], o[PATH_MAX];
    if (!realpath(b->base->pack_dir, a) || !realpath(b->out_dir, o)) {
        yb_errloc loc = { .file = b->base->pack_dir };
        return yb_fail_at(b->ctx, YB_E_IO, &loc, "cannot resolve the base or output directory: %s", strerror(errno));
    }
    if (strcmp(a, o) == 0)
        return yb_fail(b->ctx, YB_E_INVALID_ARG, "the output directory is the base pack's directory");
    /* the longest common prefix ending at a component boundary in both */
    size_t k = 0, common = 0;
    for (;;) {
        char ca = a[k], co = o[k];
        if ((ca == '/' || !ca) && (co == '/' || !co))
            common = k;
        if (ca != co || !ca)
            break;
        k++;
    }
    size_t len = 0;
    out[0] = '\0';
    for (const char *s = o + common; *s; s++)
        if (*s == '/')
            len += (size_t)snprintf(out + len, cap > len ? cap - len : 0, "../");
    const char *rest = a + common;
    if (*rest == '/')
        rest++;
    if (*rest)
        len += (size_t)snprintf(out + len, cap > len ? cap - len : 0, "%s", rest);
    else if (len)
        out[--len] = '\0'; /* "../" → ".." */
    if (len >= cap)
        return yb_fail(b->ctx, YB_E_LIMIT, "the base path is too long");
    return YB_OK;
}

typedef struct table_entry {
    const char *name, *file, *mode;
    char hex[65];
    int64_t rows;
} table_entry;

static int write_manifest(bld *b, const table_entry *t, size_t nt, int final)
{
    char rel[PATH_MAX];
    int rc = relative_base(b, rel, sizeof rel);
    if (rc)
        return rc;
    json_t *root = json_object(), *tables = json_object(), *params = json_object(), *build = json_object(),
           *base = json_object();
    if (!root || !tables || !params || !build || !base) {
        json_decref(root);
        json_decref(tables);
        json_decref(params);
        json_decref(build);
        json_decref(base);
        return yb_fail_nomem(b->ctx, "a pack manifest");
    }
    json_object_set_new(root, "format", json_string("yibao-pack/1"));
    json_object_set_new(root, "kind", json_string("dip-catalog"));
    json_object_set_new(root, "name", json_string(b->p.name));
    json_object_set_new(root, "version", json_string(b->p.version));
    json_object_set_new(root, "region", json_string(b->p.region));
    json_object_set_new(base, "path", json_string(rel));
    json_object_set_new(base, "fingerprint", json_string(b->base->fingerprint));
    json_object_set_new(root, "base", base);
    for (size_t i = 0; i < nt; i++) {
        json_t *e = json_object();
        json_object_set_new(e, "file", json_string(t[i].file));
        char sum[80];
        snprintf(sum, sizeof sum, "sha256:%s", t[i].hex);
        json_object_set_new(e, "checksum", json_string(sum));
        if (t[i].mode)
            json_object_set_new(e, "mode", json_string(t[i].mode));
        json_object_set_new(e, "rows", json_integer(t[i].rows));
        json_object_set_new(tables, t[i].name, e);
    }
    json_object_set_new(root, "tables", tables);
    char text[512], num[32];
    size_t len = 0;
    for (int y = 0; y < b->nyears; y++)
        len += (size_t)snprintf(text + len, sizeof text - len, "%s%d:%lld", y ? "," : "", (int)b->years[y],
                                (long long)b->weights[y]);
    json_object_set_new(build, "years", json_string(text));
    snprintf(text, sizeof text, "%d", (int)b->threshold);
    json_object_set_new(build, "threshold", json_string(text));
    yb_decimal_format(b->p.trim_low, YB_RATIO_DECIMALS, text, sizeof text);
    yb_decimal_format(b->p.trim_high, YB_RATIO_DECIMALS, num, sizeof num);
    strncat(text, "-", sizeof text - strlen(text) - 1);
    strncat(text, num, sizeof text - strlen(text) - 1);
    json_object_set_new(build, "trim", json_string(text));
    yb_decimal_format(b->p.related_min_increase, YB_RATIO_DECIMALS, text, sizeof text);
    json_object_set_new(build, "related_min_increase", json_string(text));
    snprintf(text, sizeof text, "%lld", (long long)b->p.scale);
    json_object_set_new(build, "scale", json_string(text));
    if (b->p.reference_group)
        json_object_set_new(build, "reference_group", json_string(b->p.reference_group));
    snprintf(text, sizeof text, "%zu", b->n);
    json_object_set_new(build, "cases", json_string(text));
    if (final) {
        yb_decimal_format(b->mean_all, 6, text, sizeof text);
        json_object_set_new(build, "mean_all", json_string(text));
    }
    json_object_set_new(params, "build", build);
    json_object_set_new(root, "parameters", params);
    json_object_set_new(root, "source", json_string("built by yb_dip_build_catalog (yibao dip build) from a case history"));
    json_object_set_new(root, "description",
                        json_string("a region's DIP catalogue: active national groups, local core and comprehensive "
                                    "groups, scores and auxiliary-subtype coefficients"));
    char *dump = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!dump)
        return yb_fail_nomem(b->ctx, "a pack manifest");
    dbuf d = { b->ctx, NULL, 0, 0, 0 };
    puts_(&d, dump);
    puts_(&d, "\n");
    free(dump);
    char hex[65];
    rc = write_table(b, "pack.json", &d, hex);
    yb_free(b->ctx, d.p);
    return rc;
}

/* ------------------------------------------------------------ the two writes */

static int groups_table(bld *b, dbuf *d, int64_t *rows)
{
    static const char letters[] = "CDTS";
    puts_(d, "code,kind,seq,name,primary_care,active\n");
    const yb_dip_catalog *c = b->base;
    char num[32];
    for (uint32_t g = 0; g < c->ngroups; g++) {
        const dip_group *gr = &c->groups[g];
        cell(d, dip_group_code(c, g), 1);
        cell(d, dip_layer_names[gr->kind], 0);
        snprintf(num, sizeof num, "%d", (int)gr->seq);
        cell(d, gr->seq >= 0 ? num : "", 0);
        cell(d, dip_pool_str(c, gr->name), 0);
        cell(d, gr->primary_care ? "1" : "0", 0);
        /* a base's own comprehensive groups are formed anew from this history */
        int active = gr->active && !b->inactive[g] && gr->kind != YB_DIP_LAYER_COMPREHENSIVE;
        cell(d, active ? "1" : "0", 0);
        puts_(d, "\n");
    }
    uint32_t local = 0;
    for (uint32_t k = 0; k < b->nnews; k++) {
        bld_new *g = &b->news[k];
        char name[600], t[3][256];
        uint32_t clash;
        if (g->kind == YB_DIP_LAYER_CORE) {
            do /* a base built earlier may have local groups of its own */
                snprintf(g->code, sizeof g->code, "LC%04u", ++local);
            while (!dip_group_lookup(c, g->code, strlen(g->code), &clash));
            local_texts(b, g, t[0], t[1], t[2], 256);
            snprintf(name, sizeof name, "%.60s-%.60s%s%.255s", t[0], strcmp(t[1], "-") ? t[1] : "保守治疗", *t[2] ? "+" : "", t[2]);
        } else {
            bld_dx_key(b->base, g->pdx, 1, t[0], 256);
            snprintf(g->code, sizeof g->code, "ZH-%.8s-%c", t[0], letters[g->attr & 3]);
            for (unsigned again = 2; !dip_group_lookup(c, g->code, strlen(g->code), &clash); again++)
                snprintf(g->code, sizeof g->code, "ZH-%.8s-%c%u", t[0], letters[g->attr & 3], again % 100000);
            snprintf(name, sizeof name, "%s %s", t[0], comp_labels[g->attr & 3]);
        }
        cell(d, g->code, 1);
        cell(d, dip_layer_names[g->kind], 0);
        cell(d, "", 0);
        cell(d, name, 0);
        cell(d, "0", 0);
        puts_(d, ",1\n");
    }
    *rows = (int64_t)c->ngroups + b->nnews;
    return YB_OK;
}

static int rules_table(bld *b, const base_tables *t, dbuf *d, int64_t *rows)
{
    long cg = col_index(t->rules_cols, t->nrules_cols, "group"), cp = col_index(t->rules_cols, t->nrules_cols, "pdx"),
         cpp = col_index(t->rules_cols, t->nrules_cols, "pproc"),
         cr = col_index(t->rules_cols, t->nrules_cols, "related"),
         ca = col_index(t->rules_cols, t->nrules_cols, "attribute");
    int need_rel = 0, need_attr = 0;
    for (uint32_t k = 0; k < b->nnews; k++) {
        need_rel |= b->news[k].kind == YB_DIP_LAYER_CORE && b->news[k].full != DIP_NONE;
        need_attr |= b->news[k].kind == YB_DIP_LAYER_COMPREHENSIVE;
    }
    if (cg < 0 || cp < 0 || cpp < 0 || (need_rel && cr < 0) || (need_attr && ca < 0))
        return yb_fail(b->ctx, YB_E_PACK,
                       "the base's rules table lacks a column the build writes (group, pdx, pproc, related, attribute)");
    for (size_t i = 0; i < t->nrules_cols; i++)
        cell(d, t->rules_cols[i], i == 0);
    puts_(d, "\n");
    for (uint32_t k = 0; k < b->nnews; k++) {
        const bld_new *g = &b->news[k];
        char v[3][256], attr[16] = "";
        if (g->kind == YB_DIP_LAYER_CORE) {
            local_texts(b, g, v[0], v[1], v[2], 256);
        } else {
            bld_dx_key(b->base, g->pdx, 1, v[0], 256);
            v[1][0] = v[2][0] = '\0';
            snprintf(attr, sizeof attr, "%s", dip_attr_names[g->attr & 3]);
        }
        for (long c = 0; c < (long)t->nrules_cols; c++) {
            const char *s = c == cg ? g->code : c == cp ? v[0] : c == cpp ? v[1] : c == cr ? v[2] : c == ca ? attr : "";
            cell(d, s, c == 0);
        }
        puts_(d, "\n");
    }
    *rows = b->nnews;
    return YB_OK;
}

int bld_check_out_dir(bld *b)
{
    char a[PATH_MAX], o[PATH_MAX];
    if (realpath(b->out_dir, o) && realpath(b->base->pack_dir, a) && strcmp(a, o) == 0)
        return yb_fail(b->ctx, YB_E_INVALID_ARG, "the output directory is the base pack's directory");
    return YB_OK;
}

int bld_write_structure(bld *b)
{
    if (mkdir(b->out_dir, 0777) && errno != EEXIST) {
        yb_errloc loc = { .file = b->out_dir };
        return yb_fail_at(b->ctx, YB_E_IO, &loc, "cannot create the output directory: %s", strerror(errno));
    }
    sort_news(b);
    base_tables t;
    memset(&t, 0, sizeof t);
    int rc = read_base(b, &t, 0);
    dbuf d = { b->ctx, NULL, 0, 0, 0 };
    table_entry e[2] = { { "groups", "groups.csv", "replace", "", 0 }, { "rules", "rules.csv", "append", "", 0 } };
    if (!rc)
        rc = groups_table(b, &d, &e[0].rows);
    if (!rc)
        rc = write_table(b, "groups.csv", &d, e[0].hex);
    d.len = 0;
    if (!rc)
        rc = rules_table(b, &t, &d, &e[1].rows);
    if (!rc)
        rc = write_table(b, "rules.csv", &d, e[1].hex);
    if (!rc)
        rc = write_manifest(b, e, 2, 0);
    for (int i = 0; i < 2; i++) {
        memcpy(b->structure_hex[i], e[i].hex, 65);
        b->structure_rows[i] = e[i].rows;
    }
    yb_free(b->ctx, d.p);
    base_free(b->ctx, &t);
    return rc;
}

int bld_write_final(bld *b)
{
    base_tables t;
    memset(&t, 0, sizeof t);
    int rc = read_base(b, &t, 1);
    dbuf d = { b->ctx, NULL, 0, 0, 0 };
    table_entry e[4];
    e[0] = (table_entry){ "groups", "groups.csv", "replace", "", b->structure_rows[0] };
    e[1] = (table_entry){ "rules", "rules.csv", "append", "", b->structure_rows[1] };
    memcpy(e[0].hex, b->structure_hex[0], 65);
    memcpy(e[1].hex, b->structure_hex[1], 65);
    e[2] = (table_entry){ "scores", "scores.csv", NULL, "", 0 };
    e[3] = (table_entry){ "subtypes", "subtypes.csv", "replace", "", 0 };
    size_t nt = 3;
    puts_(&d, "group,score,primary_care,name\n");
    char num[32];
    for (uint32_t g = 0; g < b->cat->ngroups; g++) {
        if (!b->gstat[g].has_score)
            continue;
        cell(&d, dip_group_code(b->cat, g), 1);
        yb_decimal_format(b->gstat[g].score, YB_SCORE_DECIMALS, num, sizeof num);
        cell(&d, num, 0);
        cell(&d, b->cat->groups[g].primary_care ? "1" : "0", 0);
        cell(&d, dip_pool_str(b->cat, b->cat->groups[g].name), 0);
        puts_(&d, "\n");
        e[2].rows++;
    }
    if (!rc)
        rc = write_table(b, "scores.csv", &d, e[2].hex);
    if (!rc && t.nsub_cols) {
        /* replaces the base's subtypes: its templates, then this build's coefficients */
        long cg = col_index(t.sub_cols, t.nsub_cols, "group"), cc = col_index(t.sub_cols, t.nsub_cols, "coefficient");
        if (cg < 0 || cc < 0 || t.nsub_rows != b->cat->nsubs)
            rc = yb_fail(b->ctx, YB_E_INTERNAL, "the base's subtypes table does not match the loaded catalogue");
        d.len = 0;
        for (size_t i = 0; !rc && i < t.nsub_cols; i++)
            cell(&d, t.sub_cols[i], i == 0);
        puts_(&d, "\n");
        for (uint32_t s = 0; !rc && s < b->cat->nsubs; s++) {
            if (b->cat->subs[s].has_coef)
                continue;
            for (long c = 0; c < (long)t.nsub_cols; c++)
                cell(&d, t.sub_rows[s][c], c == 0);
            puts_(&d, "\n");
            e[3].rows++;
        }
        for (uint32_t s = 0; !rc && s < b->nsubs; s++) {
            const bld_sub_out *o = &b->subs[s];
            char **row = t.sub_rows[o->tmpl];
            yb_decimal_format(o->coef, YB_RATIO_DECIMALS, num, sizeof num);
            for (long c = 0; c < (long)t.nsub_cols; c++)
                cell(&d, c == cg ? dip_group_code(b->cat, o->group) : c == cc ? num : row[c], c == 0);
            puts_(&d, "\n");
            e[3].rows++;
        }
        if (!rc)
            rc = write_table(b, "subtypes.csv", &d, e[3].hex);
        nt = 4;
    }
    if (!rc)
        rc = write_manifest(b, e, nt, 1);
    yb_free(b->ctx, d.p);
    base_free(b->ctx, &t);
    return rc;
}

/* ------------------------------------------------------------ result */

int bld_result(bld *b, yb_dip_build **out)
{
    yb_ctx *ctx = b->ctx;
    yb_dip_build *r = yb_calloc(ctx, 1, sizeof *r);
    if (!r)
        return yb_fail_nomem(ctx, "a DIP build result");
    r->mem = ctx->mem;
    r->summary = b->sum;
    size_t n = 0, chars = 0;
    for (uint32_t g = 0; g < b->cat->ngroups; g++)
        if (b->gstat[g].has_score) {
            n++;
            chars += strlen(dip_group_code(b->cat, g)) + strlen(dip_pool_str(b->cat, b->cat->groups[g].name)) + 2;
        }
    r->groups = yb_calloc(ctx, n ? n : 1, sizeof *r->groups);
    r->strings = yb_alloc(ctx, chars + 1);
    if (!r->groups || !r->strings) {
        yb_dip_build_free(r);
        return yb_fail_nomem(ctx, "a DIP build result");
    }
    char *s = r->strings;
    for (uint32_t g = 0; g < b->cat->ngroups; g++) {
        const bld_gstat *gs = &b->gstat[g];
        if (!gs->has_score)
            continue;
        yb_dip_build_group *o = &r->groups[r->ngroups++];
        o->size = sizeof *o;
        const char *code = dip_group_code(b->cat, g), *name = dip_pool_str(b->cat, b->cat->groups[g].name);
        o->code = s;
        s += sprintf(s, "%s", code) + 1;
        o->name = s;
        s += sprintf(s, "%s", name) + 1;
        o->kind = b->cat->groups[g].kind;
        o->primary_care = b->cat->groups[g].primary_care;
        o->local = g >= b->base->ngroups && o->kind != YB_DIP_LAYER_COMPREHENSIVE;
        for (int y = 0; y < b->nyears; y++) {
            o->cases += gs->all.n[y];
            o->cases_kept += gs->kept.n[y];
        }
        o->mean_cost = gs->mean;
        o->score = gs->score;
    }
    *out = r;
    return YB_OK;
}

void yb_dip_build_free(yb_dip_build *r)
{
    if (!r)
        return;
    yb_mem mem = r->mem;
    yb_mem_free(&mem, r->groups);
    yb_mem_free(&mem, r->strings);
    yb_mem_free(&mem, r);
}

int yb_dip_build_get_summary(const yb_dip_build *r, yb_dip_build_summary *out)
{
    if (!r || !out || out->size < sizeof *out)
        return YB_E_INVALID_ARG;
    *out = r->summary;
    out->size = sizeof *out;
    return YB_OK;
}

size_t yb_dip_build_group_count(const yb_dip_build *r)
{
    return r ? r->ngroups : 0;
}

int yb_dip_build_group_info(const yb_dip_build *r, size_t i, yb_dip_build_group *out)
{
    if (!r || i >= r->ngroups || !out || out->size < sizeof *out)
        return YB_E_INVALID_ARG;
    *out = r->groups[i];
    return YB_OK;
}
