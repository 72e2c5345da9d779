/* Text id interning for the command-line tool (open addressing, FNV-1a). */
#include <stdlib.h>
#include <string.h>

#include "cli_ids.h"

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static int rehash(cli_ids *ids, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < ids->count; i++) {
        const char *t = ids->text[i];
        size_t k = hash(t, strlen(t)) & (nslots - 1);
        while (slots[k])
            k = (k + 1) & (nslots - 1);
        slots[k] = (uint32_t)(i + 1);
    }
    free(ids->slots);
    ids->slots = slots;
    ids->nslots = nslots;
    return 0;
}

int cli_ids_get(cli_ids *ids, const char *s, size_t n, uint64_t *id)
{
    if (n == 0 || n > 63)
        return -1;
    if ((ids->count + 1) * 2 > ids->nslots && rehash(ids, ids->nslots ? ids->nslots * 2 : 1024))
        return -1;
    size_t k = hash(s, n) & (ids->nslots - 1);
    for (; ids->slots[k]; k = (k + 1) & (ids->nslots - 1)) {
        const char *t = ids->text[ids->slots[k] - 1];
        if (strlen(t) == n && memcmp(t, s, n) == 0) {
            *id = ids->slots[k];
            return 0;
        }
    }
    if (ids->count == ids->cap) {
        size_t cap = ids->cap ? ids->cap * 2 : 1024;
        char **text = realloc(ids->text, cap * sizeof *text);
        if (!text)
            return -1;
        ids->text = text;
        ids->cap = cap;
    }
    char *copy = malloc(n + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, n);
    copy[n] = '\0';
    ids->text[ids->count++] = copy;
    ids->slots[k] = (uint32_t)ids->count;
    *id = ids->count;
    return 0;
}

const char *cli_ids_text(const cli_ids *ids, uint64_t id)
{
    return id >= 1 && id <= ids->count ? ids->text[id - 1] : NULL;
}

void cli_ids_free(cli_ids *ids)
{
    for (size_t i = 0; i < ids->count; i++)
        free(ids->text[i]);
    free(ids->text);
    free(ids->slots);
    memset(ids, 0, sizeof *ids);
}
