/* The fix property test: fixes every file named, and every .json, .yaml,
 * .yml and .template file under every directory named (recursively, in the
 * order of their names; symbolic links to directories and .git are not
 * followed), with td_fix_buffer under the default configuration, and checks
 * the properties of fixprop.h on each. Prints each violation as
 * "PATH: PROPERTY: what", then the totals, git diff --stat style (lines are
 * counted as fixprop_line_diff says), the findings left by rule and the
 * reasons they are not fixed.
 *
 *   fixprop PATH...
 *
 * Exit status: 0 when every property holds, 1 when one is violated, 2 when a
 * file could not be read or memory ran out. */
#include "fixprop.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    fixprop_totals totals;
    size_t files_violating, violations;
    int failed; /* a file could not be read, or memory ran out */
} run_state;

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *data = malloc(cap);
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(data, cap *= 2);
            if (!bigger)
                free(data);
            data = bigger;
        }
    }
    if (ferror(f)) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *len = n;
    return data;
}

static void check_file(run_state *st, const char *path)
{
    size_t len = 0;
    errno = 0;
    char *data = read_all(path, &len);
    if (!data) {
        fprintf(stderr, "fixprop: %s: %s\n", path, errno ? strerror(errno) : "cannot read it");
        st->failed = 1;
        return;
    }
    fixprop_run r = {path, stdout, 0, 0};
    if (fixprop_check(&r, data, len, &st->totals) < 0) {
        fprintf(stderr, "fixprop: %s: out of memory\n", path);
        st->failed = 1;
    }
    if (r.nviolations) {
        st->files_violating++;
        st->violations += r.nviolations;
    }
    free(data);
}

static int walked(const char *name)
{
    static const char *const EXT[] = {".json", ".yaml", ".yml", ".template"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof EXT / sizeof EXT[0]; i++) {
        size_t e = strlen(EXT[i]);
        if (n > e && strcmp(name + n - e, EXT[i]) == 0)
            return 1;
    }
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void walk(run_state *st, const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, by_name);
    if (n < 0) {
        fprintf(stderr, "fixprop: %s: %s\n", dir, strerror(errno));
        st->failed = 1;
        return;
    }
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        size_t len = strlen(dir) + strlen(name) + 2;
        char *path = malloc(len);
        struct stat sb;
        if (!path) {
            st->failed = 1;
        } else if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0 && strcmp(name, ".git") != 0) {
            snprintf(path, len, "%s/%s", dir, name);
            if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
                walk(st, path);
            else if (walked(name) && stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
                check_file(st, path);
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fixprop PATH...\n");
        return 2;
    }
    run_state st;
    memset(&st, 0, sizeof st);
    if (fixprop_totals_init(&st.totals) < 0) {
        fprintf(stderr, "fixprop: out of memory\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            fprintf(stderr, "fixprop: %s: %s\n", argv[i], strerror(errno));
            st.failed = 1;
        } else if (S_ISDIR(sb.st_mode)) {
            walk(&st, argv[i]);
        } else {
            check_file(&st, argv[i]);
        }
    }
    fixprop_totals_print(&st.totals, stdout);
    if (st.violations)
        printf("fixprop: %zu violations in %zu files\n", st.violations, st.files_violating);
    else
        printf("fixprop: every property holds\n");
    fixprop_totals_free(&st.totals);
    if (st.failed)
        return 2;
    return st.violations ? 1 : 0;
}
