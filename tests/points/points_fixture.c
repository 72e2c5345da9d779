/* Test point-value books (see points_fixture.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sha256.h"
#include "points_fixture.h"

/* Three groups: an ordinary one (score 1000), a large one (2500.5) and a
 * primary-care one (400). */
const char PT_SCORES[] = "group,score,primary_care,name\n"
                         "G1,1000.0000,0,ordinary group\n"
                         "G2,2500.5000,0,large group\n"
                         "P1,400.0000,1,primary-care group\n";
/* Level bases 1.00 / 0.85 / 0.70. */
const char PT_LEVELS[] = "level,coefficient,name\n3,1.000000,三级\n2,0.850000,二级\n1,0.700000,一级\n";
/* One hospital per level; no add-ons, so the coefficient is the level base. */
const char PT_HOSPITALS[] = "hospital,level,name\nHA,3,A\nHB,2,B\nHC,1,C\n";
const char PT_PARAMS[] = "pools=\"single\"; point_value.budget.all=\"10\"; settlement.ratio.all=\"0.8\";"
                         "outlier.extreme.ratio=\"5\"; ungrouped.rule=\"cost_ratio\"; ungrouped.ratio=\"0.7\"";

typedef struct kv {
    char key[128];
    char value[128];
} kv;

static int cmp_kv(const void *a, const void *b) { return strcmp(((const kv *)a)->key, ((const kv *)b)->key); }

/* Parses "k=v; k=v" (later keys replace earlier ones). */
static size_t parse_params(const char *text, kv *out, size_t cap)
{
    size_t n = 0;
    const char *s = text ? text : "";
    while (*s) {
        while (*s == ' ' || *s == ';' || *s == '\n')
            s++;
        if (!*s)
            break;
        const char *eq = strchr(s, '='), *end = strchr(s, ';');
        if (!end)
            end = s + strlen(s);
        assert_non_null(eq);
        assert_true(eq < end && n < cap);
        kv item;
        snprintf(item.key, sizeof item.key, "%.*s", (int)(eq - s), s);
        snprintf(item.value, sizeof item.value, "%.*s", (int)(end - eq - 1), eq + 1);
        size_t k = 0;
        while (k < n && strcmp(out[k].key, item.key) != 0)
            k++;
        out[k] = item;
        if (k == n)
            n++;
        s = end;
    }
    qsort(out, n, sizeof *out, cmp_kv);
    return n;
}

/* Emits keys [from, to) sharing the prefix of length plen as a JSON object. */
static void emit(FILE *f, const kv *p, size_t from, size_t to, size_t plen)
{
    fputc('{', f);
    size_t i = from;
    int first = 1;
    while (i < to) {
        const char *rest = p[i].key + plen;
        const char *dot = strchr(rest, '.');
        size_t seg = dot ? (size_t)(dot - rest) : strlen(rest);
        fprintf(f, "%s\"%.*s\":", first ? "" : ",", (int)seg, rest);
        first = 0;
        if (!dot) {
            fputs(p[i].value, f);
            i++;
            continue;
        }
        size_t j = i;
        while (j < to && strncmp(p[j].key + plen, rest, seg + 1) == 0)
            j++;
        emit(f, p, i, j, plen + seg + 1);
        i = j;
    }
    fputc('}', f);
}

static void add_table(FILE *m, const char *dir, const char *name, const char *csv, int *first)
{
    if (!csv)
        return;
    char path[4200], hex[65];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    yb_test_write_text(path, csv);
    yb_sha256_hex(csv, strlen(csv), hex);
    fprintf(m, "%s\"%s\":{\"file\":\"%s.csv\",\"checksum\":\"sha256:%s\"}", *first ? "" : ",", name, name, hex);
    *first = 0;
}

const char *pt_write(const pt_spec *s)
{
    static char dirs[8][4096];
    static int next;
    char *dir = dirs[next++ % 8];
    snprintf(dir, sizeof dirs[0], "%s", yb_test_tmpdir("pointsbook"));
    char path[4200];
    snprintf(path, sizeof path, "%s/pack.json", dir);
    FILE *m = fopen(path, "w");
    assert_non_null(m);
    fprintf(m, "{\"format\":\"yibao-pack/1\",\"kind\":\"%s\",\"name\":\"test\",\"version\":\"1\",\"tables\":{",
            s->kind ? s->kind : "points-book");
    int first = 1;
    add_table(m, dir, "scores", s->scores, &first);
    add_table(m, dir, "weights", s->weights, &first);
    add_table(m, dir, "levels", s->levels, &first);
    add_table(m, dir, "hospitals", s->hospitals, &first);
    add_table(m, dir, "subtypes", s->subtypes, &first);
    add_table(m, dir, "standards", s->standards, &first);
    add_table(m, dir, "outlier_bands", s->bands, &first);
    add_table(m, dir, "corridors", s->corridors, &first);
    add_table(m, dir, "extra", s->extra, &first);
    fputs("},\"parameters\":", m);
    kv p[64];
    size_t n = parse_params(s->params, p, 64);
    emit(m, p, 0, n, 0);
    fputs("}\n", m);
    fclose(m);
    return dir;
}

int pt_load(yb_ctx *ctx, const pt_spec *s, yb_points_book **out)
{
    return yb_points_book_load(ctx, pt_write(s), out);
}

yb_points_book *pt_book(yb_ctx *ctx, const char *more)
{
    char params[2048];
    snprintf(params, sizeof params, "%s;%s", PT_PARAMS, more ? more : "");
    pt_spec s = { .params = params, .scores = PT_SCORES, .levels = PT_LEVELS, .hospitals = PT_HOSPITALS };
    yb_points_book *b = NULL;
    assert_ok(ctx, pt_load(ctx, &s, &b));
    return b;
}

yb_points_case_result pt_one(yb_ctx *ctx, const yb_points_book *b, pt_case c, int expect)
{
    yb_points_case in = { .size = sizeof in, .group = c.group, .hospital = c.hospital, .subtype = c.subtype,
                          .insurance = (int8_t)(c.insurance ? c.insurance : 1), .month = 1, .los_days = -1,
                          .cost = c.cost, .self_pay = c.self_pay };
    yb_points_case_result r = { .size = sizeof r };
    assert_status(ctx, yb_points_case_one(ctx, b, &in, NULL, 0, &r), expect);
    return r;
}
