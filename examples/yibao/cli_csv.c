/* CSV output of the subcommands (RFC 4180 fields) and their messages about
 * output files and rejected rows. */
#include <errno.h>
#include <string.h>

#include "cli.h"

FILE *cli_open_out(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        fprintf(stderr, "yibao: cannot write %s: %s\n", path, strerror(errno));
    return f;
}

int cli_close_out(FILE *f, const char *path)
{
    if (!f)
        return 0;
    int failed = ferror(f);
    errno = 0;
    if (fclose(f) == 0 && !failed)
        return 0;
    if (errno)
        fprintf(stderr, "yibao: cannot write %s: %s\n", path, strerror(errno));
    else
        fprintf(stderr, "yibao: cannot write %s\n", path);
    return -1;
}

static void put_quoted(FILE *f, const char *s, size_t n, int one_line)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            fputc('"', f);
        fputc(one_line && s[i] == '\n' ? ' ' : s[i], f);
    }
    fputc('"', f);
}

void cli_csv_field_n(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n') {
            put_quoted(f, s, n, 0);
            return;
        }
    fwrite(s, 1, n, f);
}

void cli_csv_field(FILE *f, const char *s)
{
    cli_csv_field_n(f, s, strlen(s));
}

void cli_csv_quoted(FILE *f, const char *s, int one_line)
{
    put_quoted(f, s, strlen(s), one_line);
}

void cli_row_error(const char *path, uint64_t line, const char *kind, const char *id, size_t id_len, int status)
{
    fprintf(stderr, "yibao: %s:%llu: ", path, (unsigned long long)line);
    if (kind)
        fprintf(stderr, "%s '%.*s': ", kind, (int)id_len, id);
    fprintf(stderr, "%s (%s)\n", yb_strerror(status), yb_status_name(status));
}
