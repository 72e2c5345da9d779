/* Replays every file of the corpus directories given on the command line
 * through a fuzz target, so the corpus runs as a plain test (and under the
 * sanitizers in the sanitizer build). Prints TAP. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    char *files[4096];
    size_t n = 0;
    for (int a = 1; a < argc; a++) {
        DIR *d = opendir(argv[a]);
        if (!d) {
            printf("Bail out! cannot open %s\n", argv[a]);
            return 1;
        }
        struct dirent *e;
        while ((e = readdir(d)) && n < 4096) {
            if (e->d_name[0] == '.')
                continue;
            size_t len = strlen(argv[a]) + strlen(e->d_name) + 2;
            files[n] = malloc(len);
            snprintf(files[n], len, "%s/%s", argv[a], e->d_name);
            n++;
        }
        closedir(d);
    }
    qsort(files, n, sizeof *files, cmp);
    printf("1..%zu\n", n);
    for (size_t i = 0; i < n; i++) {
        FILE *f = fopen(files[i], "rb");
        size_t cap = 1 << 16, len = 0;
        uint8_t *buf = malloc(cap);
        size_t got;
        while (f && (got = fread(buf + len, 1, cap - len, f)) > 0) {
            len += got;
            if (len == cap)
                buf = realloc(buf, cap *= 2);
        }
        if (f)
            fclose(f);
        LLVMFuzzerTestOneInput(buf, len);
        printf("ok %zu - %s\n", i + 1, strrchr(files[i], '/') + 1);
        free(buf);
        free(files[i]);
    }
    return 0;
}
