/* Turning the command line's paths into a list of files: directories are
 * walked recursively in name order for .json, .yaml, .yml and .template files,
 * without following symbolic links to directories and skipping .git and
 * node_modules; FIFOs, devices and sockets met there are skipped unopened. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int add(cli_inputs *list, const char *fs_path, const char *display, int from_walk)
{
    if (list->n == list->cap) {
        size_t ncap = list->cap ? list->cap * 2 : 16;
        cli_input *ni = realloc(list->items, ncap * sizeof *ni);
        if (!ni)
            return -1;
        list->items = ni;
        list->cap = ncap;
    }
    cli_input *in = &list->items[list->n];
    in->fs_path = fs_path ? strdup(fs_path) : NULL;
    /* one copy when the path shown is the path opened, as it nearly always is */
    in->display = in->fs_path && strcmp(fs_path, display) == 0 ? in->fs_path : strdup(display);
    in->from_walk = from_walk;
    in->order = list->n;
    if ((fs_path && !in->fs_path) || !in->display) {
        if (in->display != in->fs_path)
            free(in->display);
        free(in->fs_path);
        return -1;
    }
    list->n++;
    return 0;
}

static int wanted_name(const char *name)
{
    static const char *const exts[] = {".json", ".yaml", ".yml", ".template", NULL};
    size_t n = strlen(name);
    for (size_t i = 0; exts[i]; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcmp(name + n - e, exts[i]) == 0)
            return 1;
    }
    return 0;
}

/* Entries sort by name; the type byte in front of each is skipped. */
static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/* What readdir says the entry is, without a stat: DT_DIR, DT_REG, DT_LNK,
 * another DT_ type, or DT_UNKNOWN (some file systems never say; the unit test
 * builds this file with TDLINT_WALK_NO_DTYPE to walk as on those). */
static unsigned char entry_type(const struct dirent *e)
{
#if defined(_DIRENT_HAVE_D_TYPE) && !defined(TDLINT_WALK_NO_DTYPE)
    return e->d_type;
#else
    (void)e;
    return DT_UNKNOWN;
#endif
}

static char *join(const char *dir, const char *name)
{
    size_t d = strlen(dir);
    while (d > 1 && dir[d - 1] == '/')
        d--;
    int dot = (d == 1 && dir[0] == '.');
    size_t n = strlen(name);
    char *p = malloc(d + n + 2);
    if (!p)
        return NULL;
    if (dot) {
        memcpy(p, name, n + 1);
    } else {
        memcpy(p, dir, d);
        size_t k = d;
        if (!(d == 1 && dir[0] == '/'))
            p[k++] = '/';
        memcpy(p + k, name, n + 1);
    }
    return p;
}

static int walk(const char *dir, cli_inputs *list, FILE *err, int depth)
{
    if (depth > 256) {
        fprintf(err,
                "tdlint: note: %s: directories nested deeper than 256 levels are not walked; "
                "name a folder below it to lint what it holds\n",
                dir);
        return 0;
    }
    DIR *d = opendir(dir);
    if (!d && depth == 0) { /* named on the command line: nothing of it was linted */
        fprintf(err, "tdlint: error: cannot open directory %s: %s: check its permissions\n",
                dir, strerror(errno));
        return 1;
    }
    if (!d) {
        fprintf(err, "tdlint: note: cannot open directory %s: %s; skipped (check its "
                     "permissions)\n",
                dir, strerror(errno));
        return 0;
    }
    /* each entry's name, with its type byte in front (readdir's d_type,
     * DT_UNKNOWN when the file system does not say) */
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *nm = e->d_name;
        if (strcmp(nm, ".") == 0 || strcmp(nm, "..") == 0 || strcmp(nm, ".git") == 0 ||
            strcmp(nm, "node_modules") == 0)
            continue;
        unsigned char type = entry_type(e);
        /* a file of another name, or a FIFO, device or socket: never looked at */
        if (type != DT_DIR && type != DT_UNKNOWN && (!wanted_name(nm) ||
                                                     (type != DT_REG && type != DT_LNK)))
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **nn = realloc(names, ncap * sizeof *nn);
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
            cap = ncap;
        }
        size_t len = strlen(nm);
        if (!(names[n] = malloc(len + 2))) {
            rc = -1;
            break;
        }
        names[n][0] = (char)type;
        memcpy(names[n] + 1, nm, len + 1);
        n++;
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && rc == 0; i++) {
        unsigned char type = (unsigned char)names[i][0];
        const char *nm = names[i] + 1;
        char *path = join(dir, nm);
        if (!path) {
            rc = -1;
            break;
        }
        /* the type from the directory when it gave one; lstat otherwise */
        struct stat st;
        int known = type != DT_UNKNOWN;
        if (!known && lstat(path, &st) == 0) {
            known = 1;
            type = S_ISDIR(st.st_mode)   ? DT_DIR
                   : S_ISREG(st.st_mode) ? DT_REG
                   : S_ISLNK(st.st_mode) ? DT_LNK
                                         : DT_UNKNOWN;
        }
        if (known && type == DT_DIR) {
            rc = walk(path, list, err, depth + 1);
        } else if (known && wanted_name(nm)) {
            /* a symbolic link counts as what it points to; links to
             * directories are not followed */
            int regular = type == DT_REG;
            if (type == DT_LNK) {
                if (stat(path, &st) == 0)
                    regular = S_ISREG(st.st_mode);
                else
                    fprintf(err, "tdlint: note: skipping %s: a symbolic link that leads "
                                 "nowhere (%s)\n",
                            path, strerror(errno));
            }
            if (regular)
                rc = add(list, path, path, 1);
        }
        free(path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int cli_collect(const char *arg, const char *stdin_name, cli_inputs *list, FILE *err)
{
    if (strcmp(arg, "-") == 0)
        return add(list, NULL, stdin_name ? stdin_name : "<stdin>", 0);
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
        return walk(arg, list, err, 0);
    return add(list, arg, arg, 0);
}

void cli_inputs_free(cli_inputs *list)
{
    for (size_t i = 0; i < list->n; i++) {
        if (list->items[i].display != list->items[i].fs_path)
            free(list->items[i].display);
        free(list->items[i].fs_path);
    }
    free(list->items);
    list->items = NULL;
    list->n = list->cap = 0;
}
