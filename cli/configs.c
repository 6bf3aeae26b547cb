/* Which configuration each file is linted under, and which paths are left
 * out (--exclude, a configuration's exclude:).
 *
 * Without --config or --no-config, .tdlint.yaml is looked for from each
 * file's folder up to the repository root: a walk asks once per folder (a
 * folder without its own .tdlint.yaml or .git has its parent's), a file
 * named on the command line once per folder named. Each configuration file
 * is loaded once (known by its real path), with the command line's settings
 * applied; one that has errors is kept as broken, its errors given out the
 * first time it is asked for. Lookups come from the file source, which the
 * pool calls with its lock held, so that the threads never look up at the
 * same time; what a lookup gives (a td_config, a td_usage) is never moved or
 * freed before the run ends. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Makes room for n elements of size in *v (capacity *cap): 0, or -1. */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
    if (n <= *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 8;
    while (ncap < n)
        ncap *= 2;
    void *nv = realloc(*v, ncap * size);
    if (!nv)
        return -1;
    *v = nv;
    *cap = ncap;
    return 0;
}

/* One configuration: a file loaded, or the defaults. */
typedef struct {
    char *real;      /* the file's real path; NULL for the defaults and --config */
    td_config *tc;   /* NULL when broken */
    char *errors;    /* broken: its errors, as printed */
    td_usage *usage; /* TD006's tally over the run */
} conf_entry;

/* A folder asked about, and its configuration. */
typedef struct {
    char *dir;
    conf_entry *entry;
} dir_entry;

struct cli_configs {
    const cli_config *cli;
    conf_entry **entries; /* each allocated once, never moved */
    size_t nentries, entries_cap;
    dir_entry *dirs;
    size_t ndirs, dirs_cap;
    conf_entry *fixed; /* --config FILE, --no-config, or the defaults */
    int lookup;        /* look .tdlint.yaml up per folder */
    char cwd[PATH_MAX];
};

char *cli_config_errors_text(const char *path, const char *error)
{
    size_t cap = strlen(error) * 2 + 64, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    size_t plen = strlen(path);
    for (const char *line = error; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        /* "PATH:LINE:COL: message" becomes "tdlint: PATH:LINE:COL: error: message" */
        size_t k = 0;
        if (len > plen && strncmp(line, path, plen) == 0 && line[plen] == ':') {
            k = plen + 1;
            for (int field = 0; field < 2; field++) {
                size_t d = k;
                while (d < len && line[d] >= '0' && line[d] <= '9')
                    d++;
                if (d == k || d >= len || line[d] != ':')
                    break;
                k = d + 1;
            }
            if (k < len && line[k] == ' ')
                k++;
        }
        size_t need = n + len + 32;
        if (need > cap) {
            char *nb = realloc(out, cap = need * 2);
            if (!nb) {
                free(out);
                return NULL;
            }
            out = nb;
        }
        if (k)
            n += (size_t)sprintf(out + n, "tdlint: %.*s error: %.*s\n", (int)(k - 1), line,
                                 (int)(len - k), line + k);
        else
            n += (size_t)sprintf(out + n, "tdlint: error: %.*s\n", (int)len, line);
        line = end ? end + 1 : line + len;
    }
    return out;
}

/* The command line's settings on a configuration: TDLINT_TODAY (checked
 * once, in cli_configs_open), --disable/--enable in order, the limits. */
static int apply_cli(const cli_config *cli, td_config *tc)
{
    const char *today = getenv("TDLINT_TODAY");
    if (today && *today && td_config_set_today(tc, today) < 0)
        return -2;
    for (size_t i = 0; i < cli->nrules; i++)
        if (td_config_set_rule(tc, cli->rules[i].id, cli->rules[i].enabled) < 0)
            return -1;
    td_config_set_limits(tc, &cli->limits);
    return 0;
}

/* Loads path into a new entry (errors kept in it): the entry, NULL out of memory. */
static conf_entry *load_entry(cli_configs *c, const char *path, char *real)
{
    conf_entry *e = calloc(1, sizeof *e);
    if (!e ||
        grow((void **)&c->entries, &c->entries_cap, c->nentries + 1, sizeof *c->entries) < 0) {
        free(e);
        free(real);
        return NULL;
    }
    e->real = real;
    c->entries[c->nentries++] = e;
    char *error = NULL;
    int err = path ? td_config_load(path, &e->tc, &error) : td_config_new(&e->tc);
    if (err == TD_EINVAL) {
        e->errors = cli_config_errors_text(path, error);
        free(error);
        return e->errors ? e : NULL;
    }
    free(error);
    if (err < 0 || apply_cli(c->cli, e->tc) < 0 || td_usage_new(e->tc, &e->usage) < 0)
        return NULL;
    return e;
}

/* The entry of the configuration file path (as named), loaded once. */
static conf_entry *entry_for_file(cli_configs *c, const char *path)
{
    char buf[PATH_MAX];
    char *real = strdup(realpath(path, buf) ? buf : path);
    if (!real)
        return NULL;
    for (size_t i = 0; i < c->nentries; i++)
        if (c->entries[i]->real && strcmp(c->entries[i]->real, real) == 0) {
            free(real);
            return c->entries[i];
        }
    return load_entry(c, path, real);
}

int cli_configs_open(cli_configs **out, const cli_config *cli)
{
    cli_configs *c = calloc(1, sizeof *c);
    *out = c;
    if (!c)
        return -1;
    c->cli = cli;
    c->lookup = !cli->config && !cli->no_config;
    if (!getcwd(c->cwd, sizeof c->cwd))
        c->cwd[0] = '\0';
    const char *today = getenv("TDLINT_TODAY");
    td_config *probe = NULL;
    if (today && *today) {
        int bad = td_config_new(&probe) < 0 ? -1 : td_config_set_today(probe, today) < 0 ? -2 : 0;
        td_config_free(probe);
        if (bad == -2) {
            fprintf(stderr, "tdlint: TDLINT_TODAY is '%s': write a date YYYY-MM-DD, or unset it\n",
                    today);
            return -2;
        }
        if (bad < 0)
            return -1;
    }
    if (!(c->fixed = load_entry(c, c->lookup ? NULL : cli->config, NULL)))
        return -1;
    if (c->fixed->errors) { /* --config FILE is wrong: nothing is linted */
        fputs(c->fixed->errors, stderr);
        return -2;
    }
    return 0;
}

void cli_configs_close(cli_configs *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nentries; i++) {
        td_usage_free(c->entries[i]->usage);
        td_config_free(c->entries[i]->tc);
        free(c->entries[i]->errors);
        free(c->entries[i]->real);
        free(c->entries[i]);
    }
    free(c->entries);
    for (size_t i = 0; i < c->ndirs; i++)
        free(c->dirs[i].dir);
    free(c->dirs);
    free(c);
}

/* What a lookup gives: 0 with the configuration in *scope; 1 when it is
 * broken (its errors in *errors the first time it is given out). */
static int give(conf_entry *e, cli_scope *scope, char **errors)
{
    scope->tc = e->tc;
    scope->usage = e->usage;
    if (!e->tc) {
        *errors = e->errors;
        e->errors = NULL;
        return 1;
    }
    return 0;
}

/* The lexically cleaner spelling of a relative path that td_config_discover
 * gives ("sub/../.tdlint.yaml" is ".tdlint.yaml") when it names the same
 * file; found itself otherwise. */
static char *tidy(char *found)
{
    char *p = strdup(found);
    if (!p)
        return found;
    /* drop each "NAME/../" (NAME not "." or ".."), from the left, until none is left */
    for (int again = 1; again;) {
        again = 0;
        for (char *seg = p, *slash; (slash = strchr(seg, '/')) != NULL; seg = slash + 1) {
            size_t len = (size_t)(slash - seg);
            int dots = (len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.');
            if (!dots && len > 0 && strncmp(slash, "/../", 4) == 0) {
                memmove(seg, slash + 4, strlen(slash + 4) + 1);
                again = 1;
                break;
            }
        }
    }
    char a[PATH_MAX], b[PATH_MAX];
    if (*p && realpath(p, a) && realpath(found, b) && strcmp(a, b) == 0) {
        free(found);
        return p;
    }
    free(p);
    return found;
}

int cli_configs_for_dir(cli_configs *c, const char *dir, cli_scope *scope, char **errors)
{
    *errors = NULL;
    memset(scope, 0, sizeof *scope);
    if (!c->lookup)
        return give(c->fixed, scope, errors);
    for (size_t i = c->ndirs; i-- > 0;)
        if (strcmp(c->dirs[i].dir, dir) == 0)
            return give(c->dirs[i].entry, scope, errors);
    /* a folder that does not exist (an editor's new buffer): from the
     * nearest one above it that does */
    char *from = strdup(dir);
    struct stat st;
    while (from && (stat(from, &st) != 0 || !S_ISDIR(st.st_mode))) {
        char *slash = strrchr(from, '/');
        if (!slash || (slash == from && !slash[1])) {
            if (!slash)
                strcpy(from, ".");
            break;
        }
        slash[slash == from] = '\0';
    }
    char *found = NULL;
    int err = from ? td_config_discover(from, &found) : TD_ENOMEM;
    free(from);
    if (err < 0)
        return -1;
    conf_entry *e = found ? entry_for_file(c, found = tidy(found)) : c->fixed;
    free(found);
    char *d = strdup(dir);
    if (!e || !d || grow((void **)&c->dirs, &c->dirs_cap, c->ndirs + 1, sizeof *c->dirs) < 0) {
        free(d);
        return -1;
    }
    c->dirs[c->ndirs].dir = d;
    c->dirs[c->ndirs++].entry = e;
    return give(e, scope, errors);
}

int cli_configs_for_subdir(cli_configs *c, const char *dir, const char *cfg_path,
                           const cli_scope *parent, cli_scope *scope, char **errors)
{
    *errors = NULL;
    *scope = *parent;
    if (!c->lookup)
        return parent->tc ? 0 : 1;
    struct stat st;
    if (stat(cfg_path, &st) == 0 && S_ISREG(st.st_mode)) {
        conf_entry *e = entry_for_file(c, cfg_path);
        return e ? give(e, scope, errors) : -1;
    }
    char *git = malloc(strlen(dir) + 6);
    if (!git)
        return -1;
    sprintf(git, "%s/.git", dir);
    int repo = lstat(git, &st) == 0;
    free(git);
    if (repo) /* the root of another repository: no configuration above it */
        return give(c->fixed, scope, errors);
    return parent->tc ? 0 : 1;
}

/* Whether rel (relative to a pattern's base) or, with parents, one of the
 * folders it lies in, matches pattern. */
static int rel_match(const char *pattern, const char *rel, int is_dir, int parents)
{
    if (td_pattern_match(pattern, rel, is_dir))
        return 1;
    if (!parents)
        return 0;
    char *p = strdup(rel);
    int hit = 0;
    for (char *s = p ? strrchr(p, '/') : NULL; s && !hit; s = strrchr(p, '/')) {
        *s = '\0';
        hit = td_pattern_match(pattern, p, 1);
    }
    free(p);
    return hit;
}

int cli_configs_excluded(cli_configs *c, const cli_scope *scope, const char *path, int is_dir,
                         int parents)
{
    int hit = 0;
    char *rel = NULL;
    if (c->cli->nexcludes && c->cwd[0]) {
        if (td_path_relative(c->cwd, path, &rel) < 0)
            return -1;
        for (size_t i = 0; rel && i < c->cli->nexcludes && !hit; i++)
            hit = rel_match(c->cli->excludes[i], rel, is_dir, parents);
        free(rel);
        rel = NULL;
    }
    const td_config *tc = scope ? scope->tc : NULL;
    size_t n = td_config_exclude_count(tc);
    if (!hit && n && td_config_dir(tc)) {
        if (td_path_relative(td_config_dir(tc), path, &rel) < 0)
            return -1;
        for (size_t i = 0; rel && i < n && !hit; i++)
            hit = rel_match(td_config_exclude(tc, i), rel, is_dir, parents);
        free(rel);
    }
    return hit;
}

/* Configuration files in the order of their paths. */
static int by_file(const void *a, const void *b)
{
    const conf_entry *x = *(const conf_entry *const *)a, *y = *(const conf_entry *const *)b;
    return strcmp(td_config_file(x->tc), td_config_file(y->tc));
}

int cli_configs_usage_reports(cli_configs *c, td_file ***files, const td_config ***tcs, size_t *n)
{
    *files = NULL;
    *tcs = NULL;
    *n = 0;
    conf_entry **v = calloc(c->nentries ? c->nentries : 1, sizeof *v);
    td_file **out = calloc(c->nentries ? c->nentries : 1, sizeof *out);
    const td_config **under = calloc(c->nentries ? c->nentries : 1, sizeof *under);
    size_t k = 0, m = 0;
    int rc = v && out && under ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < c->nentries; i++)
        if (c->entries[i]->tc && td_config_file(c->entries[i]->tc))
            v[k++] = c->entries[i];
    if (rc == 0 && k > 1)
        qsort(v, k, sizeof *v, by_file);
    for (size_t i = 0; rc == 0 && i < k; i++) {
        td_file *f = NULL;
        if (td_usage_report(v[i]->usage, &f) < 0)
            rc = -1;
        else if (f) {
            under[m] = v[i]->tc;
            out[m++] = f;
        }
    }
    free(v);
    if (rc < 0) {
        for (size_t i = 0; out && i < m; i++)
            td_file_free(out[i]);
        free(out);
        free(under);
        return -1;
    }
    *files = out;
    *tcs = under;
    *n = m;
    return 0;
}
