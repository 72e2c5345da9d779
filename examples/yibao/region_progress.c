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

void progress_end(progress *p)
{
    if (p->tty && p->shown)
        fputs("\n", stderr);
    p->shown = 0;
}

void progress_stage(progress *p, const char *stage)
{
    if (strcmp(stage, p->stage) == 0)
        return;
    progress_end(p);
    snprintf(p->stage, sizeof p->stage, "%s", stage);
    p->last = 0;
}

void progress_update(progress *p, uint64_t done, uint64_t total)
{
    if (!p->tty)
        return;
    double t = now();
    if (done < total && t - p->last < 0.1)
        return;
    p->last = t;
    unsigned pct = total ? (unsigned)(done * 100 / total) : 100;
    fprintf(stderr, "\r  %-28s %3u%%  %llu / %llu", p->stage, pct, (unsigned long long)done,
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
