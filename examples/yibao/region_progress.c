/* Terminal progress line; see region_progress.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "region_progress.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_init(progress *p)
{
    memset(p, 0, sizeof *p);
    p->tty = isatty(2);
}

/* The line is rewritten in place: carriage return, erase to the end of the line. */
void progress_end(progress *p)
{
    if (p->tty && p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->shown = 0;
}

void progress_stage(progress *p, const char *stage)
{
    if (strcmp(stage, p->stage) == 0)
        return;
    snprintf(p->stage, sizeof p->stage, "%s", stage);
    p->last = 0;
    if (p->tty) {
        fprintf(stderr, "\r\033[K  %s …", p->stage);
        fflush(stderr);
        p->shown = 1;
    }
}

void progress_update(progress *p, uint64_t done, uint64_t total)
{
    if (!p->tty || total <= 1)
        return;
    double t = now();
    if (done < total && t - p->last < 0.1)
        return;
    p->last = t;
    unsigned pct = (unsigned)(done * 100 / total);
    fprintf(stderr, "\r\033[K  %-30s %3u%%  %llu / %llu", p->stage, pct, (unsigned long long)done,
            (unsigned long long)total);
    fflush(stderr);
    p->shown = 1;
}

int progress_ctx_cb(void *user, uint64_t done, uint64_t total)
{
    progress_update(user, done, total);
    return 0;
}

void progress_region_cb(void *user, const char *stage, uint64_t done, uint64_t total)
{
    progress_stage(user, stage);
    progress_update(user, done, total);
}
