/* Text ids (member and claim numbers as they appear in CSV files) mapped to
 * the non-zero 64-bit ids the library uses, and back. Exact bytes: "A01"
 * and "a01" are different ids. */
#ifndef YIBAO_CLI_IDS_H
#define YIBAO_CLI_IDS_H

#include <stddef.h>
#include <stdint.h>

typedef struct cli_ids {
    char **text;        /* id − 1 → text */
    uint32_t *slots;    /* id, 0 = empty */
    size_t count, cap, nslots;
} cli_ids;

/* The id of a text, added when new. Returns 0, or −1 when out of memory or
 * the text is longer than 63 bytes. */
int cli_ids_get(cli_ids *ids, const char *s, size_t n, uint64_t *id);
/* The text of an id, or NULL. */
const char *cli_ids_text(const cli_ids *ids, uint64_t id);
void cli_ids_free(cli_ids *ids);

#endif /* YIBAO_CLI_IDS_H */
