/* Pack loader: manifest (jansson), overlays, checksums, parameters and the
 * fingerprint. jansson allocates with the C library's malloc (its allocator
 * is process-global, which an embeddable library must not change); every
 * value kept is copied with the context's allocator and the JSON tree is
 * freed before the call returns. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <yibao/pack.h>

#include "date.h"
#include "pack.h"
#include "sha256.h"

#define MAX_DEPTH 8
#define MAX_MANIFEST (16u << 20)

typedef struct table_part {
    char *path;     /* file system path */
    char *display;  /* "<pack dir>/<file>" for messages */
    char hex[65];   /* expected sha256 */
} table_part;

typedef struct pack_table {
    char *name;
    table_part *parts;
    size_t nparts;
} pack_table;

typedef struct pack_param {
    char *key;
    char *text;
    char type;  /* 's' string, 'i' integer, 'b' boolean */
    int level;  /* overlay depth: higher wins */
} pack_param;

struct yb_pack {
    yb_mem mem;
    char *kind, *name, *version, *region, *source, *manifest_path;
    int32_t valid_from, valid_to;
    char fingerprint[65];
    pack_table *tables;
    size_t ntables;
    pack_param *params;
    size_t nparams, params_cap;
};

static const char *const manifest_keys[] = { "format", "kind", "name", "version", "region",
                                             "valid_from", "valid_to", "base", "tables",
                                             "parameters", "source", "licence", "description" };
static const char *const table_keys[] = { "file", "checksum", "mode", "rows", "description" };

static char *dup_str(yb_pack *p, const char *s)
{
    return yb_mem_strndup(&p->mem, s, strlen(s));
}

void yb_pack_close(yb_pack *p)
{
    if (!p)
        return;
    yb_mem mem = p->mem;
    yb_mem_free(&mem, p->kind);
    yb_mem_free(&mem, p->name);
    yb_mem_free(&mem, p->version);
    yb_mem_free(&mem, p->region);
    yb_mem_free(&mem, p->source);
    yb_mem_free(&mem, p->manifest_path);
    for (size_t i = 0; i < p->ntables; i++) {
        for (size_t k = 0; k < p->tables[i].nparts; k++) {
            yb_mem_free(&mem, p->tables[i].parts[k].path);
            yb_mem_free(&mem, p->tables[i].parts[k].display);
        }
        yb_mem_free(&mem, p->tables[i].parts);
        yb_mem_free(&mem, p->tables[i].name);
    }
    yb_mem_free(&mem, p->tables);
    for (size_t i = 0; i < p->nparams; i++) {
        yb_mem_free(&mem, p->params[i].key);
        yb_mem_free(&mem, p->params[i].text);
    }
    yb_mem_free(&mem, p->params);
    yb_mem_free(&mem, p);
}

/* Reads a whole file with the context's allocator. */
static int read_file(yb_ctx *ctx, const char *path, const char *what, char **data, size_t *len,
                     size_t limit)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        yb_errloc loc = { .file = path };
        return yb_fail_at(ctx, YB_E_IO, &loc, "cannot open %s: %s", what, strerror(errno));
    }
    size_t cap = 65536, n = 0;
    char *buf = yb_alloc(ctx, cap);
    if (!buf) {
        fclose(f);
        return yb_fail_nomem(ctx, what);
    }
    for (;;) {
        if (n == cap) {
            if (cap >= limit) {
                fclose(f);
                yb_free(ctx, buf);
                yb_errloc loc = { .file = path };
                return yb_fail_at(ctx, YB_E_LIMIT, &loc, "%s larger than %zu bytes", what, limit);
            }
            size_t ncap = cap * 2;
            char *nb = yb_mem_realloc(&ctx->mem, buf, ncap);
            if (!nb) {
                fclose(f);
                yb_free(ctx, buf);
                return yb_fail_nomem(ctx, what);
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            int err = ferror(f);
            fclose(f);
            if (err) {
                yb_free(ctx, buf);
                yb_errloc loc = { .file = path };
                return yb_fail_at(ctx, YB_E_IO, &loc, "read error in %s", what);
            }
            break;
        }
    }
    *data = buf;
    *len = n;
    return YB_OK;
}

static int manifest_error(yb_ctx *ctx, const char *manifest, int status, const char *field,
                          const char *value, const char *fmt, const char *arg)
{
    yb_errloc loc = { .file = manifest, .field = field, .value = value,
                      .value_len = value ? strlen(value) : 0 };
    return yb_fail_at(ctx, status, &loc, fmt, arg);
}

static int get_string(yb_ctx *ctx, const char *manifest, json_t *root, const char *key, int required,
                      const char **out)
{
    json_t *v = json_object_get(root, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            return manifest_error(ctx, manifest, YB_E_PACK, key, NULL, "missing required key '%s'", key);
        return YB_OK;
    }
    if (!json_is_string(v))
        return manifest_error(ctx, manifest, YB_E_PACK, key, NULL, "key '%s' must be a string", key);
    *out = json_string_value(v);
    return YB_OK;
}

static int check_keys(yb_ctx *ctx, const char *manifest, json_t *obj, const char *const *known,
                      size_t n, const char *where)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        size_t i = 0;
        while (i < n && strcmp(key, known[i]) != 0)
            i++;
        if (i == n) {
            yb_errloc loc = { .file = manifest, .field = key };
            return yb_fail_at(ctx, YB_E_PACK, &loc, "unknown key '%s' in %s", key, where);
        }
    }
    return YB_OK;
}

/* Joins dir and a relative path; rejects absolute paths and '..' in table
 * file names so a pack cannot read outside its directory. */
static char *join_path(yb_pack *p, const char *dir, const char *rel)
{
    size_t a = strlen(dir), b = strlen(rel);
    char *s = yb_mem_alloc(&p->mem, a + b + 2);
    if (!s)
        return NULL;
    memcpy(s, dir, a);
    s[a] = '/';
    memcpy(s + a + 1, rel, b + 1);
    return s;
}

static int safe_table_file(const char *f)
{
    if (!*f || f[0] == '/')
        return 0;
    for (const char *s = f; *s; s++) {
        if ((s == f || s[-1] == '/') && s[0] == '.' && s[1] == '.' && (s[2] == '/' || s[2] == '\0'))
            return 0;
        if (*s == '\\')
            return 0;
    }
    return 1;
}

static int add_param(yb_pack *p, const char *key, size_t key_len, const char *text, char type, int level)
{
    if (p->nparams == p->params_cap) {
        size_t cap = p->params_cap ? p->params_cap * 2 : 16;
        pack_param *np = yb_mem_realloc_array(&p->mem, p->params, cap, sizeof *np);
        if (!np)
            return YB_E_NOMEM;
        p->params = np;
        p->params_cap = cap;
    }
    pack_param *q = &p->params[p->nparams];
    q->key = yb_mem_strndup(&p->mem, key, key_len);
    q->text = q->key ? dup_str(p, text) : NULL;
    if (!q->key || !q->text) {
        yb_mem_free(&p->mem, q->key);
        return YB_E_NOMEM;
    }
    q->type = type;
    q->level = level;
    p->nparams++;
    return YB_OK;
}

static int flatten_params(yb_ctx *ctx, yb_pack *p, const char *manifest, json_t *obj, char *prefix,
                          size_t plen, int level)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        size_t klen = strlen(key);
        if (plen + klen + 2 > 256)
            return manifest_error(ctx, manifest, YB_E_PACK, key, NULL, "parameter key too long: '%s'", key);
        if (!klen || strchr(key, '.'))
            return manifest_error(ctx, manifest, YB_E_PACK, key, NULL,
                                  "parameter key '%s' must be non-empty and without '.' (nest objects instead)",
                                  key);
        memcpy(prefix + plen, key, klen + 1);
        size_t n = plen + klen;
        int rc = YB_OK;
        char num[32];
        switch (json_typeof(v)) {
        case JSON_OBJECT:
            prefix[n] = '.';
            prefix[n + 1] = '\0';
            rc = flatten_params(ctx, p, manifest, v, prefix, n + 1, level);
            break;
        case JSON_STRING: rc = add_param(p, prefix, n, json_string_value(v), 's', level); break;
        case JSON_INTEGER:
            snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            rc = add_param(p, prefix, n, num, 'i', level);
            break;
        case JSON_TRUE: rc = add_param(p, prefix, n, "true", 'b', level); break;
        case JSON_FALSE: rc = add_param(p, prefix, n, "false", 'b', level); break;
        case JSON_NULL: break;
        case JSON_REAL:
            prefix[n] = '\0';
            return manifest_error(ctx, manifest, YB_E_PACK, prefix, NULL,
                                  "parameter '%s' is a JSON number with a fraction; write it as a string "
                                  "(for example \"0.93\") so its value stays exact",
                                  prefix);
        case JSON_ARRAY:
            prefix[n] = '\0';
            return manifest_error(ctx, manifest, YB_E_PACK, prefix, NULL,
                                  "parameter '%s' is an array; put lists in a table", prefix);
        }
        if (rc == YB_E_NOMEM)
            return yb_fail_nomem(ctx, "pack parameters");
        if (rc)
            return rc;
        prefix[plen] = '\0';
    }
    return YB_OK;
}

static pack_table *find_table(const yb_pack *p, const char *name)
{
    for (size_t i = 0; i < p->ntables; i++)
        if (strcmp(p->tables[i].name, name) == 0)
            return &p->tables[i];
    return NULL;
}

static int add_table_part(yb_ctx *ctx, yb_pack *p, const char *name, int replace, const char *path,
                          const char *display, const char *hex)
{
    pack_table *t = find_table(p, name);
    if (!t) {
        pack_table *nt = yb_mem_realloc_array(&p->mem, p->tables, p->ntables + 1, sizeof *nt);
        if (!nt)
            return yb_fail_nomem(ctx, "pack tables");
        p->tables = nt;
        t = &p->tables[p->ntables];
        memset(t, 0, sizeof *t);
        t->name = dup_str(p, name);
        if (!t->name)
            return yb_fail_nomem(ctx, "pack tables");
        p->ntables++;
    } else if (replace) {
        for (size_t k = 0; k < t->nparts; k++) {
            yb_mem_free(&p->mem, t->parts[k].path);
            yb_mem_free(&p->mem, t->parts[k].display);
        }
        t->nparts = 0;
    }
    table_part *np = yb_mem_realloc_array(&p->mem, t->parts, t->nparts + 1, sizeof *np);
    if (!np)
        return yb_fail_nomem(ctx, "pack tables");
    t->parts = np;
    table_part *part = &t->parts[t->nparts];
    part->path = dup_str(p, path);
    part->display = part->path ? dup_str(p, display) : NULL;
    if (!part->path || !part->display) {
        yb_mem_free(&p->mem, part->path);
        return yb_fail_nomem(ctx, "pack tables");
    }
    memcpy(part->hex, hex, 65);
    t->nparts++;
    return YB_OK;
}

static int parse_tables(yb_ctx *ctx, yb_pack *p, const char *manifest, const char *dir, json_t *tables)
{
    const char *name;
    json_t *t;
    json_object_foreach(tables, name, t) {
        if (!json_is_object(t))
            return manifest_error(ctx, manifest, YB_E_PACK, name, NULL,
                                  "table '%s' must be an object with \"file\" and \"checksum\"", name);
        int rc = check_keys(ctx, manifest, t, table_keys, sizeof table_keys / sizeof *table_keys,
                            "a table entry");
        if (rc)
            return rc;
        const char *file, *checksum, *mode;
        if ((rc = get_string(ctx, manifest, t, "file", 1, &file)) ||
            (rc = get_string(ctx, manifest, t, "checksum", 1, &checksum)) ||
            (rc = get_string(ctx, manifest, t, "mode", 0, &mode)))
            return rc;
        if (!safe_table_file(file))
            return manifest_error(ctx, manifest, YB_E_PACK, "file", file,
                                  "table '%s': file must be a relative path inside the pack", name);
        if (strncmp(checksum, "sha256:", 7) != 0 || strlen(checksum) != 71 ||
            strspn(checksum + 7, "0123456789abcdef") != 64)
            return manifest_error(ctx, manifest, YB_E_PACK, "checksum", checksum,
                                  "table '%s': checksum must be \"sha256:\" and 64 lower-case hex digits",
                                  name);
        int replace = 1;
        if (mode && strcmp(mode, "append") == 0)
            replace = 0;
        else if (mode && strcmp(mode, "replace") != 0)
            return manifest_error(ctx, manifest, YB_E_PACK, "mode", mode,
                                  "table '%s': mode must be \"replace\" or \"append\"", name);
        char *path = join_path(p, dir, file);
        if (!path)
            return yb_fail_nomem(ctx, "a table path");
        rc = add_table_part(ctx, p, name, replace, path, path, checksum + 7);
        yb_mem_free(&p->mem, path);
        if (rc)
            return rc;
    }
    return YB_OK;
}

static int cmp_param(const void *a, const void *b)
{
    const pack_param *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : y->level - x->level; /* overlay (higher level) first */
}

static void sort_params(yb_pack *p)
{
    if (p->nparams < 2)
        return;
    qsort(p->params, p->nparams, sizeof *p->params, cmp_param);
    size_t w = 1;
    for (size_t i = 1; i < p->nparams; i++) {
        if (strcmp(p->params[i].key, p->params[w - 1].key) == 0) {
            yb_mem_free(&p->mem, p->params[i].key);
            yb_mem_free(&p->mem, p->params[i].text);
            continue;
        }
        p->params[w++] = p->params[i];
    }
    p->nparams = w;
}

static int cmp_table(const void *a, const void *b)
{
    return strcmp(((const pack_table *)a)->name, ((const pack_table *)b)->name);
}

static void compute_fingerprint(yb_pack *p)
{
    yb_sha256 s;
    char line[512];
    yb_sha256_init(&s);
    int n = snprintf(line, sizeof line, "%s\nkind=%s\nname=%s\nversion=%s\nregion=%s\nvalid=%d-%d\n",
                     YB_PACK_FORMAT, p->kind, p->name, p->version, p->region ? p->region : "",
                     (int)p->valid_from, (int)p->valid_to);
    yb_sha256_update(&s, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    for (size_t i = 0; i < p->ntables; i++) {
        const pack_table *t = &p->tables[i];
        yb_sha256_update(&s, "table ", 6);
        yb_sha256_update(&s, t->name, strlen(t->name));
        for (size_t k = 0; k < t->nparts; k++) {
            yb_sha256_update(&s, " ", 1);
            yb_sha256_update(&s, t->parts[k].hex, 64);
        }
        yb_sha256_update(&s, "\n", 1);
    }
    for (size_t i = 0; i < p->nparams; i++) {
        const pack_param *q = &p->params[i];
        yb_sha256_update(&s, "param ", 6);
        yb_sha256_update(&s, q->key, strlen(q->key));
        yb_sha256_update(&s, "=", 1);
        yb_sha256_update(&s, &q->type, 1);
        yb_sha256_update(&s, ":", 1);
        yb_sha256_update(&s, q->text, strlen(q->text) + 1); /* the NUL separates entries */
    }
    unsigned char d[32];
    yb_sha256_final(&s, d);
    yb_hex_encode(d, 32, p->fingerprint);
}

static int parse_date_key(yb_ctx *ctx, const char *manifest, json_t *root, const char *key, int32_t *out)
{
    const char *s;
    int rc = get_string(ctx, manifest, root, key, 0, &s);
    *out = 0;
    if (rc || !s)
        return rc;
    if (yb_date_parse(s, strlen(s), out))
        return manifest_error(ctx, manifest, YB_E_PACK, key, s, "'%s' must be a date YYYY-MM-DD", key);
    return YB_OK;
}

static int load(yb_ctx *ctx, const char *path, const char *expect_kind, int depth, yb_pack **out);

/* Merges the loaded base into p (tables and parameters at level depth+1). */
static int merge_base(yb_ctx *ctx, yb_pack *p, const yb_pack *base)
{
    for (size_t i = 0; i < base->ntables; i++)
        for (size_t k = 0; k < base->tables[i].nparts; k++) {
            const table_part *part = &base->tables[i].parts[k];
            int rc = add_table_part(ctx, p, base->tables[i].name, 0, part->path, part->display, part->hex);
            if (rc)
                return rc;
        }
    for (size_t i = 0; i < base->nparams; i++) {
        const pack_param *q = &base->params[i];
        if (add_param(p, q->key, strlen(q->key), q->text, q->type, q->level))
            return yb_fail_nomem(ctx, "pack parameters");
    }
    return YB_OK;
}

static int load_json(yb_ctx *ctx, yb_pack *p, const char *manifest, const char *dir,
                     const char *expect_kind, int depth, json_t *root)
{
    if (!json_is_object(root))
        return manifest_error(ctx, manifest, YB_E_PACK, NULL, NULL, "%s", "the manifest must be a JSON object");
    int rc = check_keys(ctx, manifest, root, manifest_keys, sizeof manifest_keys / sizeof *manifest_keys,
                        "the manifest");
    if (rc)
        return rc;
    const char *format, *kind, *name, *version, *region, *source;
    if ((rc = get_string(ctx, manifest, root, "format", 1, &format)))
        return rc;
    if (strcmp(format, YB_PACK_FORMAT) != 0)
        return manifest_error(ctx, manifest, YB_E_VERSION, "format", format,
                              "unsupported pack format; this library reads %s", YB_PACK_FORMAT);
    if ((rc = get_string(ctx, manifest, root, "kind", 1, &kind)) ||
        (rc = get_string(ctx, manifest, root, "name", 1, &name)) ||
        (rc = get_string(ctx, manifest, root, "version", 1, &version)) ||
        (rc = get_string(ctx, manifest, root, "region", 0, &region)) ||
        (rc = get_string(ctx, manifest, root, "source", 0, &source)))
        return rc;
    if (expect_kind && strcmp(kind, expect_kind) != 0) {
        yb_errloc loc = { .file = manifest, .field = "kind", .value = kind, .value_len = strlen(kind) };
        return yb_fail_at(ctx, YB_E_PACK, &loc, "this pack is a '%s', a '%s' pack is needed here", kind,
                          expect_kind);
    }
    p->kind = dup_str(p, kind);
    p->name = dup_str(p, name);
    p->version = dup_str(p, version);
    p->region = dup_str(p, region ? region : "");
    p->source = dup_str(p, source ? source : "");
    if (!p->kind || !p->name || !p->version || !p->region || !p->source)
        return yb_fail_nomem(ctx, "pack metadata");
    if ((rc = parse_date_key(ctx, manifest, root, "valid_from", &p->valid_from)) ||
        (rc = parse_date_key(ctx, manifest, root, "valid_to", &p->valid_to)))
        return rc;
    if (p->valid_from && p->valid_to && p->valid_to < p->valid_from)
        return manifest_error(ctx, manifest, YB_E_PACK, "valid_to", NULL, "%s",
                              "valid_to is before valid_from");

    json_t *base = json_object_get(root, "base");
    if (base && !json_is_null(base)) {
        const char *bpath, *bfp = NULL;
        if (json_is_string(base)) {
            bpath = json_string_value(base);
        } else if (json_is_object(base) && json_is_string(json_object_get(base, "path"))) {
            bpath = json_string_value(json_object_get(base, "path"));
            if ((rc = get_string(ctx, manifest, base, "fingerprint", 0, &bfp)))
                return rc;
        } else {
            return manifest_error(ctx, manifest, YB_E_PACK, "base", NULL, "%s",
                                  "'base' must be a path or an object with \"path\" (and optionally \"fingerprint\")");
        }
        if (depth + 1 >= MAX_DEPTH)
            return manifest_error(ctx, manifest, YB_E_PACK, "base", bpath,
                                  "overlays nested deeper than %s levels (a cycle?)", "8");
        char *full = bpath[0] == '/' ? dup_str(p, bpath) : join_path(p, dir, bpath);
        if (!full)
            return yb_fail_nomem(ctx, "a base path");
        yb_pack *b = NULL;
        rc = load(ctx, full, kind, depth + 1, &b);
        yb_mem_free(&p->mem, full);
        if (rc)
            return rc;
        if (bfp && strcmp(bfp, b->fingerprint) != 0) {
            yb_errloc loc = { .file = manifest, .field = "base.fingerprint", .value = bfp, .value_len = strlen(bfp) };
            rc = yb_fail_at(ctx, YB_E_PACK, &loc, "the base pack's fingerprint is %s, the manifest pins another",
                            b->fingerprint);
        }
        if (!rc)
            rc = merge_base(ctx, p, b);
        yb_pack_close(b);
        if (rc)
            return rc;
    }

    json_t *tables = json_object_get(root, "tables");
    if (!tables || !json_is_object(tables))
        return manifest_error(ctx, manifest, YB_E_PACK, "tables", NULL, "%s",
                              "missing key 'tables' (an object naming each table's file and checksum)");
    if ((rc = parse_tables(ctx, p, manifest, dir, tables)))
        return rc;
    json_t *params = json_object_get(root, "parameters");
    if (params && !json_is_null(params)) {
        if (!json_is_object(params))
            return manifest_error(ctx, manifest, YB_E_PACK, "parameters", NULL, "%s",
                                  "'parameters' must be an object");
        char prefix[260];
        prefix[0] = '\0';
        if ((rc = flatten_params(ctx, p, manifest, params, prefix, 0, MAX_DEPTH - depth)))
            return rc;
    }
    return YB_OK;
}

static int load(yb_ctx *ctx, const char *path, const char *expect_kind, int depth, yb_pack **out)
{
    *out = NULL;
    yb_pack *p = yb_calloc(ctx, 1, sizeof *p);
    if (!p)
        return yb_fail_nomem(ctx, "a pack");
    p->mem = ctx->mem;
    size_t plen = strlen(path);
    const char *suffix = "/" YB_PACK_MANIFEST;
    int is_manifest = plen >= 5 && strcmp(path + plen - 5, ".json") == 0;
    char *dir;
    if (is_manifest) {
        p->manifest_path = dup_str(p, path);
        const char *slash = strrchr(path, '/');
        dir = slash ? yb_mem_strndup(&p->mem, path, (size_t)(slash - path)) : dup_str(p, ".");
    } else {
        while (plen > 1 && path[plen - 1] == '/')
            plen--;
        dir = yb_mem_strndup(&p->mem, path, plen);
        p->manifest_path = dir ? join_path(p, dir, suffix + 1) : NULL;
    }
    if (!dir || !p->manifest_path) {
        yb_mem_free(&p->mem, dir);
        yb_pack_close(p);
        return yb_fail_nomem(ctx, "a pack path");
    }
    char *text = NULL;
    size_t len = 0;
    int rc = read_file(ctx, p->manifest_path, "the pack manifest", &text, &len, MAX_MANIFEST);
    json_t *root = NULL;
    if (!rc) {
        size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        int gbk = 0;
        size_t bad = yb_utf8_check((const unsigned char *)text + skip, len - skip, &gbk);
        if (bad != len - skip) {
            yb_errloc loc = { .file = p->manifest_path };
            rc = yb_fail_at(ctx, YB_E_ENCODING, &loc, "not valid UTF-8 at byte %zu%s", bad + skip + 1,
                            gbk ? "; the bytes look like GBK/GB18030: convert with "
                                  "`iconv -f GB18030 -t UTF-8`" : "");
        } else {
            json_error_t err;
            root = json_loadb(text + skip, len - skip, JSON_REJECT_DUPLICATES, &err);
            if (!root) {
                yb_errloc loc = { .file = p->manifest_path, .line = (uint64_t)(err.line > 0 ? err.line : 0),
                                  .column = (uint64_t)(err.column > 0 ? err.column : 0) };
                rc = yb_fail_at(ctx, YB_E_PACK, &loc, "invalid JSON: %s", err.text);
            }
        }
    }
    yb_free(ctx, text);
    if (!rc)
        rc = load_json(ctx, p, p->manifest_path, dir, expect_kind, depth, root);
    json_decref(root);
    yb_mem_free(&p->mem, dir);
    if (rc) {
        yb_pack_close(p);
        return rc;
    }
    sort_params(p);
    if (p->ntables > 1)
        qsort(p->tables, p->ntables, sizeof *p->tables, cmp_table);
    compute_fingerprint(p);
    *out = p;
    return YB_OK;
}

int yb_pack_open(yb_ctx *ctx, const char *path, const char *expect_kind, yb_pack **out)
{
    if (!ctx || !path || !out)
        return YB_E_INVALID_ARG;
    return load(ctx, path, expect_kind, 0, out);
}

const char *yb_pack_kind(const yb_pack *p) { return p->kind; }
const char *yb_pack_name(const yb_pack *p) { return p->name; }
const char *yb_pack_version(const yb_pack *p) { return p->version; }
const char *yb_pack_region(const yb_pack *p) { return p->region; }
const char *yb_pack_source(const yb_pack *p) { return p->source; }
const char *yb_pack_manifest_path(const yb_pack *p) { return p->manifest_path; }
int32_t yb_pack_valid_from(const yb_pack *p) { return p->valid_from; }
int32_t yb_pack_valid_to(const yb_pack *p) { return p->valid_to; }
const char *yb_pack_fingerprint(const yb_pack *p) { return p->fingerprint; }
int yb_pack_has_table(const yb_pack *p, const char *t) { return find_table(p, t) != NULL; }
size_t yb_pack_table_count(const yb_pack *p) { return p->ntables; }
const char *yb_pack_table_name(const yb_pack *p, size_t i) { return i < p->ntables ? p->tables[i].name : NULL; }
size_t yb_pack_param_count(const yb_pack *p) { return p->nparams; }
const char *yb_pack_param_key(const yb_pack *p, size_t i) { return i < p->nparams ? p->params[i].key : NULL; }

/* Reads a part and checks its checksum; on success *data is owned by the caller. */
static int load_part(yb_ctx *ctx, const table_part *part, char **data, size_t *len)
{
    int rc = read_file(ctx, part->path, "a pack table", data, len, (size_t)1 << 34);
    if (rc)
        return rc;
    char hex[65];
    yb_sha256_hex(*data, *len, hex);
    if (strcmp(hex, part->hex) != 0) {
        yb_free(ctx, *data);
        *data = NULL;
        yb_errloc loc = { .file = part->display };
        return yb_fail_at(ctx, YB_E_CHECKSUM, &loc,
                          "table file changed: its sha256 is %s but the manifest says %s", hex, part->hex);
    }
    return YB_OK;
}

int yb_pack_table_open(yb_ctx *ctx, const yb_pack *p, const char *table, yb_csv **out)
{
    if (!ctx || !p || !table || !out)
        return YB_E_INVALID_ARG;
    *out = NULL;
    const pack_table *t = find_table(p, table);
    if (!t) {
        yb_errloc loc = { .file = p->manifest_path, .field = table };
        return yb_fail_at(ctx, YB_E_NOT_FOUND, &loc, "the pack has no table '%s'", table);
    }
    yb_csv_part parts[MAX_DEPTH * 4];
    size_t n = t->nparts < sizeof parts / sizeof *parts ? t->nparts : sizeof parts / sizeof *parts;
    for (size_t i = 0; i < n; i++) {
        char *data;
        size_t len;
        int rc = load_part(ctx, &t->parts[i], &data, &len);
        if (rc) {
            for (size_t k = 0; k < i; k++)
                yb_free(ctx, (void *)(uintptr_t)parts[k].data);
            return rc;
        }
        parts[i] = (yb_csv_part){ .name = t->parts[i].display, .data = data, .len = len, .owned = 1 };
    }
    return yb_csv_open_parts(ctx, parts, n, out);
}

const char *yb_pack_table_file(const yb_pack *p, const char *table)
{
    const pack_table *t = p && table ? find_table(p, table) : NULL;
    return t && t->nparts ? t->parts[t->nparts - 1].display : table;
}

int yb_pack_verify_tables(yb_ctx *ctx, const yb_pack *p)
{
    if (!ctx || !p)
        return YB_E_INVALID_ARG;
    for (size_t i = 0; i < p->ntables; i++)
        for (size_t k = 0; k < p->tables[i].nparts; k++) {
            char *data;
            size_t len;
            int rc = load_part(ctx, &p->tables[i].parts[k], &data, &len);
            if (rc)
                return rc;
            yb_free(ctx, data);
        }
    return YB_OK;
}

static const pack_param *find_param(const yb_pack *p, const char *key)
{
    size_t lo = 0, hi = p->nparams;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(p->params[mid].key, key);
        if (c == 0)
            return &p->params[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int yb_pack_param_raw(const yb_pack *p, const char *key, const char **text, char *type)
{
    const pack_param *q = p && key ? find_param(p, key) : NULL;
    if (!q)
        return 0;
    *text = q->text;
    if (type)
        *type = q->type;
    return 1;
}

static void copy_fixed(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int yb_pack_inspect(yb_ctx *ctx, const char *path, int verify, yb_pack_info *info)
{
    if (!ctx || !path || !info || info->size < sizeof(yb_pack_info))
        return YB_E_INVALID_ARG;
    yb_pack *p;
    int rc = yb_pack_open(ctx, path, NULL, &p);
    if (rc)
        return rc;
    if (verify && (rc = yb_pack_verify_tables(ctx, p))) {
        yb_pack_close(p);
        return rc;
    }
    copy_fixed(info->kind, sizeof info->kind, p->kind);
    copy_fixed(info->name, sizeof info->name, p->name);
    copy_fixed(info->version, sizeof info->version, p->version);
    copy_fixed(info->region, sizeof info->region, p->region);
    info->valid_from = p->valid_from;
    info->valid_to = p->valid_to;
    info->tables = (uint32_t)p->ntables;
    memcpy(info->fingerprint, p->fingerprint, sizeof info->fingerprint);
    yb_pack_close(p);
    return YB_OK;
}
