/* Small containers of the DIP catalogue: a string map, growable arrays,
 * pair lists turned into CSR, the string pool, and the key prefixes of a
 * diagnosis code. */
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "grouping/dip_internal.h"

int dip_strmap_init(dip_strmap *m, const yb_mem *mem)
{
    memset(m, 0, sizeof *m);
    m->mem = mem;
    m->slots = yb_mem_calloc(mem, 64, sizeof *m->slots);
    if (!m->slots)
        return YB_E_NOMEM;
    m->mask = 63;
    return YB_OK;
}

void dip_strmap_free(dip_strmap *m)
{
    if (!m->mem)
        return;
    yb_mem_free(m->mem, m->slots);
    yb_mem_free(m->mem, m->hash);
    yb_mem_free(m->mem, m->off);
    yb_mem_free(m->mem, m->len);
    yb_mem_free(m->mem, m->value);
    yb_mem_free(m->mem, m->pool);
    memset(m, 0, sizeof *m);
}

static uint32_t find_slot(const dip_strmap *m, const char *s, size_t len, uint64_t h, int *hit)
{
    uint32_t i = (uint32_t)h & m->mask;
    for (;;) {
        uint32_t e = m->slots[i];
        if (!e) {
            *hit = 0;
            return i;
        }
        e--;
        if (m->hash[e] == h && m->len[e] == len && memcmp(m->pool + m->off[e], s, len) == 0) {
            *hit = 1;
            return i;
        }
        i = (i + 1) & m->mask;
    }
}

int dip_strmap_get(const dip_strmap *m, const char *s, size_t len, uint32_t *out)
{
    int hit;
    uint32_t i = find_slot(m, s, len, yb_hash_bytes(s, len), &hit);
    if (!hit)
        return YB_E_NOT_FOUND;
    *out = m->value[m->slots[i] - 1];
    return YB_OK;
}

static int grow_slots(dip_strmap *m)
{
    uint32_t ncap = (m->mask + 1) * 2;
    uint32_t *ns = yb_mem_calloc(m->mem, ncap, sizeof *ns);
    if (!ns)
        return YB_E_NOMEM;
    for (uint32_t e = 0; e < m->count; e++) {
        uint32_t i = (uint32_t)m->hash[e] & (ncap - 1);
        while (ns[i])
            i = (i + 1) & (ncap - 1);
        ns[i] = e + 1;
    }
    yb_mem_free(m->mem, m->slots);
    m->slots = ns;
    m->mask = ncap - 1;
    return YB_OK;
}

int dip_strmap_put(dip_strmap *m, const char *s, size_t len, uint32_t value, uint32_t *out, int *found)
{
    uint64_t h = yb_hash_bytes(s, len);
    int hit;
    uint32_t i = find_slot(m, s, len, h, &hit);
    if (hit) {
        *found = 1;
        *out = m->value[m->slots[i] - 1];
        return YB_OK;
    }
    *found = 0;
    if (len > UINT32_MAX / 2)
        return YB_E_LIMIT;
    if (m->count == m->cap) {
        uint32_t ncap = m->cap ? m->cap * 2 : 64;
        uint64_t *nh = yb_mem_realloc_array(m->mem, m->hash, ncap, sizeof *nh);
        if (!nh)
            return YB_E_NOMEM;
        m->hash = nh;
        uint32_t *no = yb_mem_realloc_array(m->mem, m->off, ncap, sizeof *no);
        if (!no)
            return YB_E_NOMEM;
        m->off = no;
        uint32_t *nl = yb_mem_realloc_array(m->mem, m->len, ncap, sizeof *nl);
        if (!nl)
            return YB_E_NOMEM;
        m->len = nl;
        uint32_t *nv = yb_mem_realloc_array(m->mem, m->value, ncap, sizeof *nv);
        if (!nv)
            return YB_E_NOMEM;
        m->value = nv;
        m->cap = ncap;
    }
    if (m->pool_len + len + 1 > m->pool_cap) {
        size_t ncap = m->pool_cap ? m->pool_cap : 1024;
        while (ncap < m->pool_len + len + 1)
            ncap *= 2;
        char *np = yb_mem_realloc(m->mem, m->pool, ncap);
        if (!np)
            return YB_E_NOMEM;
        m->pool = np;
        m->pool_cap = ncap;
    }
    if ((m->count + 1) * 2 > m->mask + 1) {
        if (grow_slots(m))
            return YB_E_NOMEM;
        i = find_slot(m, s, len, h, &hit);
    }
    uint32_t e = m->count++;
    m->hash[e] = h;
    m->off[e] = (uint32_t)m->pool_len;
    m->len[e] = (uint32_t)len;
    m->value[e] = value;
    memcpy(m->pool + m->pool_len, s, len);
    m->pool[m->pool_len + len] = '\0';
    m->pool_len += len + 1;
    m->slots[i] = e + 1;
    *out = value;
    return YB_OK;
}

void *dip_grow(const yb_mem *mem, void **arr, uint32_t *n, uint32_t *cap, size_t elem)
{
    if (*n == *cap) {
        if (*cap >= UINT32_MAX / 2)
            return NULL;
        uint32_t ncap = *cap ? *cap * 2 : 16;
        void *na = yb_mem_realloc_array(mem, *arr, ncap, elem);
        if (!na)
            return NULL;
        *arr = na;
        *cap = ncap;
    }
    char *slot = (char *)*arr + (size_t)*n * elem;
    (*n)++;
    memset(slot, 0, elem);
    return slot;
}

int dip_pairs_add(const yb_mem *mem, dip_pairs *p, uint32_t a, uint32_t b)
{
    uint64_t *slot = dip_grow(mem, (void **)&p->v, &p->n, &p->cap, sizeof *p->v);
    if (!slot)
        return YB_E_NOMEM;
    *slot = (uint64_t)a << 32 | b;
    return YB_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int dip_pairs_csr(const yb_mem *mem, dip_pairs *p, uint32_t na, uint32_t **off, uint32_t **vals)
{
    if (p->n > 1)
        qsort(p->v, p->n, sizeof *p->v, cmp_u64);
    uint32_t w = 0;
    for (uint32_t i = 0; i < p->n; i++)
        if (w == 0 || p->v[i] != p->v[w - 1])
            p->v[w++] = p->v[i];
    p->n = w;
    *off = yb_mem_calloc(mem, (size_t)na + 1, sizeof **off);
    *vals = yb_mem_calloc(mem, w ? w : 1, sizeof **vals);
    if (!*off || !*vals)
        return YB_E_NOMEM;
    for (uint32_t i = 0; i < w; i++) {
        (*off)[(p->v[i] >> 32) + 1]++;
        (*vals)[i] = (uint32_t)p->v[i];
    }
    for (uint32_t a = 0; a < na; a++)
        (*off)[a + 1] += (*off)[a];
    return YB_OK;
}

int dip_pool_add(yb_dip_catalog *cat, const char *s, size_t len, uint32_t *off)
{
    if (cat->pool_len + len + 1 > cat->pool_cap) {
        size_t ncap = cat->pool_cap ? cat->pool_cap : 4096;
        while (ncap < cat->pool_len + len + 1)
            ncap *= 2;
        if (ncap > UINT32_MAX)
            return YB_E_LIMIT;
        char *np = yb_mem_realloc(&cat->mem, cat->pool, ncap);
        if (!np)
            return YB_E_NOMEM;
        cat->pool = np;
        cat->pool_cap = ncap;
    }
    *off = (uint32_t)cat->pool_len;
    memcpy(cat->pool + cat->pool_len, s, len);
    cat->pool[cat->pool_len + len] = '\0';
    cat->pool_len += len + 1;
    return YB_OK;
}

/* The keys of a normalised code: the whole code; its first 5 characters when
 * they are a 4-character subcategory "A99.9"; its first 3 characters (the
 * category). A code that is itself a key yields only the distinct ones. */
void dip_dx_prefixes(const char *code, size_t len, size_t lens[3])
{
    lens[0] = len;
    lens[1] = len > 5 && code[3] == '.' && code[4] >= '0' && code[4] <= '9' ? 5 : 0;
    lens[2] = len > 3 && (code[3] == '.' || code[3] == '+' || code[3] == '*') ? 3 : 0;
    if (lens[1] == 0 && len == 5 && code[3] == '.')
        lens[2] = 3;
}

int dip_group_lookup(const yb_dip_catalog *cat, const char *code, size_t len, uint32_t *id)
{
    return dip_strmap_get(&cat->group_map, code, len, id);
}

const char *const dip_layer_names[DIP_NLAYERS + 1] = { "none", "pre", "merged", "refined", "core",
                                                        "comprehensive" };
const char *const dip_attr_names[4] = { "conservative", "diagnostic", "therapeutic", "surgery" };
const char *const dip_subtype_kinds[] = { "cci", "severity", "age", "icu", "tumour", "other" };
const size_t dip_subtype_nkinds = sizeof dip_subtype_kinds / sizeof dip_subtype_kinds[0];
