/* Small SVG charts for the run-year report, written as text: grouped or
 * stacked vertical bars with an optional line, and 100 % horizontal bars.
 * No scripts, no fonts or files from elsewhere; hovering a bar shows its
 * value (an SVG <title>). Values are doubles: charts are reports, never
 * money paths. */
#include <math.h>
#include <string.h>

#include "run_svg.h"

void markup_text(FILE *f, const char *s, int quotes)
{
    for (; *s; s++) {
        if (*s == '&')
            fputs("&amp;", f);
        else if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '"' && quotes)
            fputs("&quot;", f);
        else
            fputc(*s, f);
    }
}

static void esc(FILE *f, const char *s)
{
    markup_text(f, s, 1);
}

/* A "nice" step for about `ticks` ticks up to max. */
static double nice_step(double max, int ticks)
{
    if (!(max > 0))
        return 1;
    double raw = max / ticks, p = pow(10, floor(log10(raw))), m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static void fmt(char *buf, size_t cap, double v, int decimals)
{
    snprintf(buf, cap, "%.*f", decimals, v);
}

void svg_bars(FILE *f, const svg_chart *c)
{
    size_t n = c->n, ns = c->n_series;
    double max = 0;
    for (size_t i = 0; i < n; i++) {
        double stack = 0;
        for (size_t k = 0; k < ns; k++) {
            double v = c->series[k].v[i];
            if (c->stacked)
                stack += v > 0 ? v : 0;
            else if (v > max)
                max = v;
        }
        if (c->stacked && stack > max)
            max = stack;
        if (c->line && c->line->v[i] > max)
            max = c->line->v[i];
    }
    double lo = c->stacked ? 0 : c->axis_min; /* the axis starts here (bars below it are cut) */
    double step = nice_step(max - lo, 5), top = lo + step * ceil((max - lo) / step);
    if (!(top > lo))
        top = lo + 1;
    const double span = top - lo;
    const double left = 70, right = 20, ptop = 40, pheight = 240;
    double group = c->group_width > 0 ? c->group_width : (c->stacked ? 24 : 8.0 * (double)ns + 8);
    double legend = 0;
    for (size_t k = 0; k <= ns; k++) {
        const svg_series *s = k < ns ? &c->series[k] : c->line;
        if (s)
            legend += 24 + 6.5 * (double)strlen(s->name);
    }
    double width = left + right + group * (double)n, height = ptop + pheight + (c->rotate_labels ? 60 : 40);
    if (width < left + legend + right)
        width = left + legend + right;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
               "role=\"img\" class=\"chart\">\n", width, height, width);
    fputs("<text x=\"10\" y=\"18\" class=\"t\">", f);
    esc(f, c->title);
    fputs("</text>\n", f);
    /* legend */
    double lx = left;
    for (size_t k = 0; k <= ns; k++) {
        const svg_series *s = k < ns ? &c->series[k] : c->line;
        if (!s)
            continue;
        fprintf(f, "<rect x=\"%.1f\" y=\"26\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%.1f\" y=\"35\" "
                   "class=\"l\">", lx, s->colour, lx + 14);
        esc(f, s->name);
        fputs("</text>\n", f);
        lx += 24 + 6.5 * (double)strlen(s->name);
    }
    /* axis and grid */
    char b[64];
    for (double v = lo; v <= top + step * 1e-7; v += step) {
        double y = ptop + pheight - (v - lo) / span * pheight;
        fmt(b, sizeof b, v, c->axis_decimals);
        fprintf(f, "<line x1=\"%.0f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" class=\"g\"/><text x=\"%.0f\" y=\"%.1f\" "
                   "class=\"a\" text-anchor=\"end\">%s</text>\n", left, width - right, y, y, left - 6, y + 4, b);
    }
    if (c->unit) {
        fprintf(f, "<text x=\"12\" y=\"%.0f\" class=\"a\" transform=\"rotate(-90 12 %.0f)\" text-anchor=\"middle\">",
                ptop + pheight / 2, ptop + pheight / 2);
        esc(f, c->unit);
        fputs("</text>\n", f);
    }
    for (size_t i = 0; i < n; i++) {
        double x0 = left + group * (double)i, stack = 0;
        double bw = c->stacked ? group - 8 : (group - 8) / (double)ns;
        for (size_t k = 0; k < ns; k++) {
            double v = c->series[k].v[i] - lo;
            if (v < 0)
                v = 0;
            double h = v / span * pheight, x = x0 + 4 + (c->stacked ? 0 : bw * (double)k);
            double y = ptop + pheight - h - (c->stacked ? stack / span * pheight : 0);
            fmt(b, sizeof b, c->series[k].v[i], c->value_decimals);
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>", x, y, bw, h,
                    c->series[k].colour);
            esc(f, c->labels[i]);
            fputs(" · ", f);
            esc(f, c->series[k].name);
            fprintf(f, ": %s</title></rect>\n", b);
            if (c->stacked)
                stack += v;
        }
        double lxp = x0 + group / 2, ly = ptop + pheight + 14;
        if (c->rotate_labels)
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"a\" text-anchor=\"end\" transform=\"rotate(-60 %.1f %.1f)\">",
                    lxp, ly, lxp, ly);
        else
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"a\" text-anchor=\"middle\">", lxp, ly);
        esc(f, c->labels[i]);
        fputs("</text>\n", f);
    }
    if (c->line) {
        fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", c->line->colour);
        for (size_t i = 0; i < n; i++)
            fprintf(f, "%.1f,%.1f ", left + group * ((double)i + 0.5),
                    ptop + pheight - (c->line->v[i] - lo) / span * pheight);
        fputs("\"/>\n", f);
        for (size_t i = 0; i < n; i++) {
            fmt(b, sizeof b, c->line->v[i], c->value_decimals);
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>", left + group * ((double)i + 0.5),
                    ptop + pheight - (c->line->v[i] - lo) / span * pheight, c->line->colour);
            esc(f, c->labels[i]);
            fputs(" · ", f);
            esc(f, c->line->name);
            fprintf(f, ": %s</title></circle>\n", b);
        }
    }
    fputs("</svg>\n", f);
}

void svg_share_bars(FILE *f, const svg_chart *c)
{
    size_t n = c->n, ns = c->n_series;
    const double left = 170, right = 20, ptop = 44, row = 30, pwidth = 640;
    double width = left + pwidth + right, height = ptop + row * (double)n + 30;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" role=\"img\" "
               "class=\"chart\">\n", width, height, width);
    fputs("<text x=\"10\" y=\"18\" class=\"t\">", f);
    esc(f, c->title);
    fputs("</text>\n", f);
    double lx = 10;
    for (size_t k = 0; k < ns; k++) {
        fprintf(f, "<rect x=\"%.1f\" y=\"26\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%.1f\" y=\"35\" "
                   "class=\"l\">", lx, c->series[k].colour, lx + 14);
        esc(f, c->series[k].name);
        fputs("</text>\n", f);
        lx += 24 + 6.5 * (double)strlen(c->series[k].name);
    }
    char b[64];
    for (size_t i = 0; i < n; i++) {
        double total = 0, x = left, y = ptop + row * (double)i;
        for (size_t k = 0; k < ns; k++)
            total += c->series[k].v[i] > 0 ? c->series[k].v[i] : 0;
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" class=\"a\" text-anchor=\"end\">", left - 8, y + row / 2 + 4);
        esc(f, c->labels[i]);
        fputs("</text>\n", f);
        for (size_t k = 0; k < ns && total > 0; k++) {
            double v = c->series[k].v[i] > 0 ? c->series[k].v[i] : 0, w = v / total * pwidth;
            fmt(b, sizeof b, 100.0 * v / total, 1);
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>", x, y + 3, w,
                    row - 6, c->series[k].colour);
            esc(f, c->labels[i]);
            fputs(" · ", f);
            esc(f, c->series[k].name);
            fprintf(f, ": %s %%</title></rect>\n", b);
            if (w > 34)
                fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"v\" text-anchor=\"middle\">%s%%</text>\n", x + w / 2,
                        y + row / 2 + 4, b);
            x += w;
        }
    }
    fputs("</svg>\n", f);
}
