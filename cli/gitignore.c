/* .gitignore while walking, with git's rules (gitignore(5)): each line a
 * pattern, blank lines and lines starting with '#' skipped, trailing spaces
 * dropped unless escaped with '\', a leading '!' negates (a leading "\!" or
 * "\#" is the character itself); a pattern is matched by td_pattern_match
 * relative to the folder of its file. The last pattern that matches a path
 * decides, a deeper .gitignore beating a shallower one, .gitignore files
 * beating .git/info/exclude. A path inside a folder that is ignored is
 * never looked at (the walk does not enter the folder), so it cannot be
 * re-included, as in git. core.excludesFile (a user's global ignores) is
 * not read: the same checkout lints the same files for everyone. Outside a
 * repository the .gitignore files of the folders walked count, none above.
 * Inside a nested repository (a folder walked that holds .git) only its own
 * .gitignore files and info/exclude count, as git reads them there. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char *pattern; /* without its '!' */
    int negated;
} gi_pattern;

/* The patterns of one file, relative to base (from the repository root, ""
 * for the root). */
typedef struct {
    char *base;
    gi_pattern *v;
    size_t n;
    int barrier; /* the root of a nested repository: no list before it applies below it */
} gi_list;

struct cli_gitignore {
    gi_list *lists; /* shallowest first; info/exclude at 0 */
    size_t n, cap;
};

/* Parses text into l's patterns: 0, or -1 out of memory. */
static int parse(gi_list *l, char *text)
{
    size_t cap = 0;
    for (char *line = text; line && *line;) {
        char *end = strchr(line, '\n');
        char *next = end ? end + 1 : NULL;
        if (!end)
            end = line + strlen(line);
        if (end > line && end[-1] == '\r')
            end--;
        /* trailing spaces go unless escaped, read as git does: a backslash
         * takes the character after it (an escaped backslash does not keep
         * the spaces after it), and a line ending in a lone one keeps all */
        *end = '\0';
        char *last_space = NULL;
        for (char *c = line; *c; c++) {
            if (*c == ' ') {
                if (!last_space)
                    last_space = c;
                continue;
            }
            if (*c == '\\' && !*++c) {
                last_space = NULL;
                break;
            }
            last_space = NULL;
        }
        if (last_space)
            *last_space = '\0';
        int negated = line[0] == '!';
        const char *pat = line + negated;
        if (line[0] != '\0' && line[0] != '#' && *pat) {
            if (l->n == cap) {
                size_t ncap = cap ? cap * 2 : 16;
                gi_pattern *nv = realloc(l->v, ncap * sizeof *nv);
                if (!nv)
                    return -1;
                l->v = nv;
                cap = ncap;
            }
            if (!(l->v[l->n].pattern = strdup(pat)))
                return -1;
            l->v[l->n++].negated = negated;
        }
        line = next;
    }
    return 0;
}

/* Makes room for one more list: 0, or -1. */
static int room(cli_gitignore *g)
{
    if (g->n < g->cap)
        return 0;
    size_t ncap = g->cap ? g->cap * 2 : 8;
    gi_list *nl = realloc(g->lists, ncap * sizeof *nl);
    if (!nl)
        return -1;
    g->lists = nl;
    g->cap = ncap;
    return 0;
}

/* Adds the patterns of file (relative to base) as the deepest list: 0 (also
 * when the file cannot be read: git says nothing either), -1. */
static int add_file(cli_gitignore *g, const char *file, const char *base)
{
    FILE *fp = fopen(file, "rb");
    if (!fp)
        return 0;
    char *text = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            char *nt = realloc(text, cap = (len + 4096 + 1) * 2);
            if (!nt) {
                rc = -1;
                break;
            }
            text = nt;
        }
        size_t r = fread(text + len, 1, 4096, fp);
        len += r;
        if (r < 4096)
            break;
    }
    fclose(fp);
    if (rc < 0 || !text) {
        free(text);
        return rc;
    }
    text[len] = '\0';
    gi_list l = {strdup(base), NULL, 0, 0};
    if (!l.base || parse(&l, text) < 0 || room(g) < 0) {
        for (size_t i = 0; i < l.n; i++)
            free(l.v[i].pattern);
        free(l.v);
        free(l.base);
        free(text);
        return -1;
    }
    free(text);
    if (l.n == 0) {
        free(l.v);
        free(l.base);
        return 0;
    }
    g->lists[g->n++] = l;
    return 0;
}

static void list_free(gi_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].pattern);
    free(l->v);
    free(l->base);
}

/* The absolute, clean path of dir (relative to the current directory or
 * absolute), symbolic links kept as written; NULL out of memory. */
static char *absolute(const char *dir)
{
    char *below = NULL;
    if (td_path_relative("/", dir, &below) < 0)
        return NULL;
    char *out = malloc((below ? strlen(below) : 0) + 2);
    if (out)
        sprintf(out, "/%s", below ? below : "");
    free(below);
    return out;
}

static int has_git(const char *dir)
{
    char path[PATH_MAX + 8];
    struct stat st;
    snprintf(path, sizeof path, "%s%s.git", dir, strcmp(dir, "/") == 0 ? "" : "/");
    return lstat(path, &st) == 0;
}

int cli_gitignore_open(cli_gitignore **out, const char *dir, char **rel)
{
    *out = NULL;
    *rel = NULL;
    char *abs = absolute(dir);
    if (!abs)
        return -1;
    if (strlen(abs) >= PATH_MAX - 32) {
        free(abs);
        return 0;
    }
    /* the repository root: the nearest folder up that holds .git; outside a
     * repository, dir itself (only its own .gitignore files count) */
    char root[PATH_MAX];
    strcpy(root, abs);
    for (;;) {
        if (has_git(root))
            break;
        char *slash = strrchr(root, '/');
        if (!slash || strcmp(root, "/") == 0) {
            strcpy(root, abs);
            break;
        }
        if (slash == root)
            slash[1] = '\0';
        else
            *slash = '\0';
    }
    cli_gitignore *g = calloc(1, sizeof *g);
    size_t rl = strcmp(root, "/") == 0 ? 1 : strlen(root);
    const char *below = abs[rl] == '/' ? abs + rl + 1 : abs + rl;
    if (!g || !(*rel = strdup(below))) {
        free(g);
        free(abs);
        return -1;
    }
    const char *top = strcmp(root, "/") == 0 ? "" : root;
    char path[2 * PATH_MAX];
    int rc = 0;
    /* info/exclude: .git is a folder (or, in a worktree or submodule, a file
     * that names one; its info/exclude is not looked for) */
    snprintf(path, sizeof path, "%s/.git/info/exclude", top);
    if (has_git(root))
        rc = add_file(g, path, "");
    /* the .gitignore files from the root down to dir: below[0..i) for each i
     * at a '/' or at the end */
    size_t len = strlen(below);
    for (size_t i = 0; rc == 0 && i <= len; i++) {
        if (i > 0 && i < len && below[i] != '/')
            continue;
        char base[PATH_MAX];
        snprintf(base, sizeof base, "%.*s", (int)i, below);
        snprintf(path, sizeof path, "%s/%s%s.gitignore", top, base, i ? "/" : "");
        rc = add_file(g, path, base);
    }
    free(abs);
    if (rc < 0) {
        cli_gitignore_close(g);
        free(*rel);
        *rel = NULL;
        return -1;
    }
    *out = g;
    return 0;
}

size_t cli_gitignore_push(cli_gitignore *g, const char *dir, const char *rel, int *oom)
{
    if (!g)
        return 0;
    size_t depth = g->n;
    char *path = malloc(strlen(dir) + 32);
    if (!path) {
        *oom = 1;
        return depth;
    }
    /* a nested repository (a submodule, a vendored checkout): git reads only
     * its own ignore files inside it */
    struct stat st;
    sprintf(path, "%s/.git", dir);
    if (lstat(path, &st) == 0) {
        char *base = strdup(rel);
        if (!base || room(g) < 0) {
            free(base);
            *oom = 1;
        } else {
            g->lists[g->n++] = (gi_list){base, NULL, 0, 1};
            sprintf(path, "%s/.git/info/exclude", dir);
            if (add_file(g, path, rel) < 0)
                *oom = 1;
        }
    }
    sprintf(path, "%s/.gitignore", dir);
    if (!*oom && add_file(g, path, rel) < 0)
        *oom = 1;
    free(path);
    return depth;
}

void cli_gitignore_pop(cli_gitignore *g, size_t depth)
{
    while (g && g->n > depth)
        list_free(&g->lists[--g->n]);
}

int cli_gitignore_ignored(const cli_gitignore *g, const char *rel, int is_dir)
{
    for (size_t i = g ? g->n : 0; i-- > 0;) {
        const gi_list *l = &g->lists[i];
        size_t bl = strlen(l->base);
        const char *sub = rel;
        if (bl) {
            if (strncmp(rel, l->base, bl) != 0 || rel[bl] != '/')
                continue;
            sub = rel + bl + 1;
        }
        if (l->barrier)
            return 0;
        for (size_t k = l->n; k-- > 0;)
            if (td_pattern_match(l->v[k].pattern, sub, is_dir))
                return !l->v[k].negated;
    }
    return 0;
}

void cli_gitignore_close(cli_gitignore *g)
{
    if (!g)
        return;
    cli_gitignore_pop(g, 0);
    free(g->lists);
    free(g);
}
