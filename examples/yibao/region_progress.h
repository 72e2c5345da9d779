/* Progress of the region commands: one line on stderr, rewritten in place
 * (stage, percentage, rows), only when stderr is a terminal; cleared at the end. */
#ifndef YIBAO_REGION_PROGRESS_H
#define YIBAO_REGION_PROGRESS_H

#include <stdint.h>

typedef struct progress {
    int tty;
    char stage[64];
    double last;
    int shown;
} progress;

void progress_init(progress *p);
/* Starts a stage (replaces the line of the previous one). */
void progress_stage(progress *p, const char *stage);
void progress_update(progress *p, uint64_t done, uint64_t total);
/* Clears the line. */
void progress_end(progress *p);
/* Callback shapes: the context's (yb_ctx_set_progress) and the generator's. */
int progress_ctx_cb(void *user, uint64_t done, uint64_t total);
void progress_region_cb(void *user, const char *stage, uint64_t done, uint64_t total);

#endif /* YIBAO_REGION_PROGRESS_H */
