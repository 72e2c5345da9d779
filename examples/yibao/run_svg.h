/* SVG charts of the run-year report (run_svg.c). */
#ifndef YIBAO_RUN_SVG_H
#define YIBAO_RUN_SVG_H

#include <stddef.h>
#include <stdio.h>

typedef struct svg_series {
    const char *name;
    const char *colour;
    const double *v;   /* one value per category */
} svg_series;

typedef struct svg_chart {
    const char *title;
    const char *unit;           /* y axis label, or NULL */
    const char *const *labels;  /* categories */
    size_t n;
    const svg_series *series;
    size_t n_series;
    const svg_series *line;     /* a line over the bars, or NULL */
    int stacked;
    int rotate_labels;
    int axis_decimals, value_decimals;
    double group_width;         /* pixels per category, 0 = automatic */
    double axis_min;            /* where the value axis starts (grouped bars only; 0 usually) */
} svg_chart;

/* Text into HTML or SVG: &, < and > escaped, and with quotes also '"'
 * (for attribute values; the charts escape it everywhere). */
void markup_text(FILE *f, const char *s, int quotes);
/* Vertical bars, grouped or stacked, with an optional line. */
void svg_bars(FILE *f, const svg_chart *c);
/* One horizontal bar per category split into the series' shares (100 %). */
void svg_share_bars(FILE *f, const svg_chart *c);

#endif /* YIBAO_RUN_SVG_H */
