/* The command line's paths as a stream of files to lint, in the order the
 * report lists them: by the path shown (byte order), then by position on the
 * command line. Directories are walked recursively for .json, .yaml, .yml,
 * .template and .tf files (but .tdlint.yaml), without following symbolic
 * links to directories and skipping .git, node_modules and .terraform
 * (Terraform's copies of providers and modules); FIFOs, devices and
 * sockets met there are skipped unopened. What --exclude, a configuration's
 * exclude: or .gitignore leave out is never listed (cli/configs.c,
 * cli/gitignore.c).
 *
 * Nothing is collected ahead: a walk keeps only the entries of the
 * directories it is in. Within a directory the entries are sorted with a '/'
 * after a directory's name, which is how the paths below it compare, so that
 * a depth-first walk gives its paths in byte order; the paths of all the
 * arguments are then merged (a heap of each argument's next path). */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_WALK_DEPTH 256

/* One directory being walked: its sorted entries, each a type byte (DT_DIR
 * for a directory, DT_REG for anything else) then the name. */
typedef struct {
    char *path;
    char **names;
    size_t n, next;
    cli_scope scope; /* the configuration of the files in it */
    char *rel;       /* its path from the repository root, when .gitignore is read */
    size_t gi_depth; /* the .gitignore lists to go back to when it is left */
} dir_frame;

/* One command-line argument's files. */
typedef struct {
    const char *arg;
    size_t index;     /* its position on the command line */
    int kind;         /* ARG_FILE, ARG_STDIN or ARG_DIR */
    int taken;        /* ARG_FILE, ARG_STDIN: given out */
    dir_frame *stack; /* ARG_DIR: the directories it is in */
    size_t depth, cap;
    cli_input head; /* its next input, when has_head */
    int has_head;
    cli_gitignore *gi; /* ARG_DIR in a git repository: its .gitignore patterns */
    char *gi_rel;      /* the directory's path from the repository root */
} arg_stream;

enum { ARG_FILE, ARG_STDIN, ARG_DIR };

struct cli_source {
    arg_stream *args;
    size_t nargs;
    size_t *heap; /* indices of the arguments with a head, least head first */
    size_t nheap;
    const char *stdin_name;
    char *notes; /* what was met since the last file given out (see cli_input) */
    size_t notes_len, notes_cap;
    int oom; /* a note could not be kept */
    int trouble;
    int fatal;            /* a path named has a configuration with errors */
    cli_configs *configs; /* NULL: no configuration, nothing excluded */
};

/* Keeps a note for the next file given out. */
static void note(cli_source *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t need = s->notes_len + (size_t)n + 1;
    if (need > s->notes_cap) {
        size_t ncap = s->notes_cap ? s->notes_cap * 2 : 256;
        while (ncap < need)
            ncap *= 2;
        char *nb = realloc(s->notes, ncap);
        if (!nb) {
            s->oom = 1;
            return;
        }
        s->notes = nb;
        s->notes_cap = ncap;
    }
    va_start(ap, fmt);
    vsnprintf(s->notes + s->notes_len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    s->notes_len += (size_t)n;
}

/* The notes kept so far (NULL: none), which the caller then owns. */
static char *take_notes(cli_source *s)
{
    char *n = s->notes_len ? s->notes : NULL;
    if (n) {
        s->notes = NULL;
        s->notes_len = s->notes_cap = 0;
    }
    return n;
}

static int wanted_name(const char *name)
{
    static const char *const exts[] = {".json", ".yaml", ".yml", ".template", ".tf", NULL};
    size_t n = strlen(name);
    for (size_t i = 0; exts[i]; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcmp(name + n - e, exts[i]) == 0)
            return 1;
    }
    return 0;
}

/* Entries in the order of the paths they lead to: a directory's name is
 * compared as if followed by '/'. */
static int cmp_entries(const void *a, const void *b)
{
    const unsigned char *x = *(const unsigned char *const *)a;
    const unsigned char *y = *(const unsigned char *const *)b;
    int xd = x[0] == DT_DIR, yd = y[0] == DT_DIR;
    x++;
    y++;
    for (;; x++, y++) {
        unsigned cx = *x ? *x : xd ? '/' : 0;
        unsigned cy = *y ? *y : yd ? '/' : 0;
        if (cx != cy || cx == 0)
            return (int)cx - (int)cy;
        if (!*x || !*y) /* both at a directory's '/': same name */
            return 0;
    }
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

/* Whether the entry nm of directory f (f->path, f->rel, f->scope set) is
 * left out: by --exclude or the configuration's exclude:, or by .gitignore.
 * 1, 0, -1 out of memory. */
static int left_out(cli_source *s, const arg_stream *a, const dir_frame *f, const char *nm,
                    int is_dir)
{
    int hit = 0;
    if (a->gi && f->rel) {
        size_t rl = strlen(f->rel);
        char *rel = malloc(rl + strlen(nm) + 2);
        if (!rel)
            return -1;
        sprintf(rel, "%s%s%s", f->rel, rl ? "/" : "", nm);
        hit = cli_gitignore_ignored(a->gi, rel, is_dir);
        free(rel);
    }
    if (!hit && s->configs) {
        char *path = join(f->path, nm);
        hit = path ? cli_configs_excluded(s->configs, &f->scope, path, is_dir, 0) : -1;
        free(path);
    }
    return hit;
}

/* Reads and sorts the entries of dir worth a look: directories, and files of
 * a wanted name that are (or may be) regular or links, less those left out
 * (f->scope and f->rel are set by the caller). 0, 1 when it cannot be opened
 * (said on err), -1 out of memory. */
static int read_dir(cli_source *s, const arg_stream *a, const char *dir, int named, dir_frame *f)
{
    f->path = (char *)dir; /* for left_out; set to a copy at the end */
    DIR *d = opendir(dir);
    if (!d) {
        if (named) /* named on the command line: nothing of it was linted */
            note(s, "tdlint: error: cannot open directory %s: %s: check its permissions\n", dir,
                 strerror(errno));
        else
            note(s,
                 "tdlint: note: cannot open directory %s: %s; skipped (check its "
                 "permissions)\n",
                 dir, strerror(errno));
        f->path = NULL;
        return 1;
    }
    size_t cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *nm = e->d_name;
        if (strcmp(nm, ".") == 0 || strcmp(nm, "..") == 0 || strcmp(nm, ".git") == 0 ||
            strcmp(nm, "node_modules") == 0 || strcmp(nm, ".terraform") == 0)
            continue;
        unsigned char type = entry_type(e);
        if (type == DT_UNKNOWN) { /* the type from lstat where the listing gives none */
            char *path = join(dir, nm);
            struct stat st;
            if (!path) {
                rc = -1;
                break;
            }
            type = lstat(path, &st) != 0 ? DT_UNKNOWN
                   : S_ISDIR(st.st_mode) ? DT_DIR
                   : S_ISREG(st.st_mode) ? DT_REG
                   : S_ISLNK(st.st_mode) ? DT_LNK
                                         : DT_FIFO;
            free(path);
        }
        /* a file of another name, a FIFO, device or socket: never looked at;
         * nor a configuration file, which is no task definition */
        if (type != DT_DIR && (!wanted_name(nm) || (type != DT_REG && type != DT_LNK) ||
                               strcmp(nm, ".tdlint.yaml") == 0))
            continue;
        int out = left_out(s, a, f, nm, type == DT_DIR);
        if (out < 0) {
            rc = -1;
            break;
        }
        if (out)
            continue;
        if (f->n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **nn = realloc(f->names, ncap * sizeof *nn);
            if (!nn) {
                rc = -1;
                break;
            }
            f->names = nn;
            cap = ncap;
        }
        size_t len = strlen(nm);
        if (!(f->names[f->n] = malloc(len + 2))) {
            rc = -1;
            break;
        }
        f->names[f->n][0] = (char)type;
        memcpy(f->names[f->n] + 1, nm, len + 1);
        f->n++;
    }
    closedir(d);
    f->path = NULL;
    if (f->n > 1)
        qsort(f->names, f->n, sizeof *f->names, cmp_entries);
    if (rc == 0 && !(f->path = strdup(dir)))
        rc = -1;
    return rc;
}

static void frame_free(dir_frame *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->names[i]);
    free(f->names);
    free(f->path);
    free(f->rel);
}

/* The configuration of dir's files into f->scope: 0, 1 when it has errors
 * (said, and the directory skipped), -1 out of memory. */
static int dir_scope(cli_source *s, arg_stream *a, const char *dir, int named, dir_frame *f)
{
    if (!s->configs)
        return 0;
    char *errors = NULL;
    int rc;
    if (named) {
        rc = cli_configs_for_dir(s->configs, dir, &f->scope, &errors);
    } else {
        char *cfg_path = join(dir, ".tdlint.yaml");
        if (!cfg_path)
            return -1;
        cli_scope parent = a->stack[a->depth - 1].scope;
        rc = cli_configs_for_subdir(s->configs, dir, cfg_path, &parent, &f->scope, &errors);
        free(cfg_path);
    }
    if (errors) {
        note(s, "%s", errors);
        if (!named)
            note(s,
                 "tdlint: error: the files in %s are not linted: its configuration has "
                 "errors\n",
                 dir);
    }
    free(errors);
    if (rc > 0) {
        s->trouble = 1;
        if (named)
            s->fatal = 1;
    }
    return rc;
}

static int push_dir(cli_source *s, arg_stream *a, const char *dir, int named)
{
    if (a->depth == a->cap) {
        size_t ncap = a->cap ? a->cap * 2 : 8;
        dir_frame *ns = realloc(a->stack, ncap * sizeof *ns);
        if (!ns)
            return -1;
        a->stack = ns;
        a->cap = ncap;
    }
    dir_frame *f = &a->stack[a->depth];
    memset(f, 0, sizeof *f);
    int rc = dir_scope(s, a, dir, named, f);
    if (rc == 0 && a->gi) {
        const char *prel = named ? a->gi_rel : a->stack[a->depth - 1].rel;
        const char *nm = named ? "" : strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
        size_t pl = prel ? strlen(prel) : 0;
        if (!prel || !(f->rel = malloc(pl + strlen(nm) + 2)))
            rc = -1;
        else
            sprintf(f->rel, "%s%s%s", prel, pl && *nm ? "/" : "", nm);
        int oom = 0;
        f->gi_depth = named || rc < 0 ? 0 : cli_gitignore_push(a->gi, dir, f->rel, &oom);
        if (oom)
            rc = -1;
    }
    if (rc == 0)
        rc = read_dir(s, a, dir, named, f);
    if (rc == 0)
        a->depth++;
    else {
        if (a->gi && !named && f->rel)
            cli_gitignore_pop(a->gi, f->gi_depth);
        frame_free(f);
    }
    if (rc > 0 && named)
        s->trouble = 1;
    return rc < 0 ? -1 : 0;
}

/* The walk's next file into in: 1, 0 when it is over, -1 out of memory. */
static int walk_next(cli_source *s, arg_stream *a, cli_input *in)
{
    while (a->depth > 0) {
        dir_frame *f = &a->stack[a->depth - 1];
        if (f->next == f->n) {
            if (a->gi && a->depth > 1)
                cli_gitignore_pop(a->gi, f->gi_depth);
            frame_free(f);
            a->depth--;
            continue;
        }
        const char *entry = f->names[f->next++];
        unsigned char type = (unsigned char)entry[0];
        char *path = join(f->path, entry + 1);
        if (!path)
            return -1;
        if (type == DT_DIR) {
            int rc = 0;
            if (a->depth > MAX_WALK_DEPTH)
                note(s,
                     "tdlint: note: %s: directories nested deeper than %d levels are not "
                     "walked; name a folder below it to lint what it holds\n",
                     path, MAX_WALK_DEPTH);
            else
                rc = push_dir(s, a, path, 0);
            free(path);
            if (rc < 0)
                return -1;
            continue;
        }
        /* a symbolic link counts as what it points to; links to directories
         * are not followed */
        int regular = type == DT_REG;
        if (type == DT_LNK) {
            struct stat st;
            if (stat(path, &st) == 0)
                regular = S_ISREG(st.st_mode);
            else
                note(s, "tdlint: note: skipping %s: a symbolic link that leads nowhere (%s)\n",
                     path, strerror(errno));
        }
        if (!regular) {
            free(path);
            continue;
        }
        in->fs_path = path;
        in->display = path;
        in->from_walk = 1;
        in->scope = f->scope;
        return 1;
    }
    return 0;
}

/* The folder a named path lies in ("." for a bare name), the caller's. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    size_t n = (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

/* A file or standard input named on the command line: its configuration
 * (from its folder up; standard input: --stdin-filename's, else the current
 * directory's), and whether --exclude or exclude: leave it out (then it is
 * skipped without a word). 0, 1 left out or under a configuration with
 * errors, -1 out of memory. */
static int named_scope(cli_source *s, const char *path, int is_dir, cli_scope *scope)
{
    if (!s->configs)
        return 0;
    char *dir = !path ? strdup(".") : is_dir ? strdup(path) : folder_of(path);
    char *errors = NULL;
    int rc = dir ? cli_configs_for_dir(s->configs, dir, scope, &errors) : -1;
    free(dir);
    if (errors)
        note(s, "%s", errors);
    free(errors);
    if (rc > 0) {
        s->trouble = 1;
        s->fatal = 1;
    }
    if (rc == 0 && path)
        rc = cli_configs_excluded(s->configs, scope, path, is_dir, 1);
    return rc;
}

/* The argument's next input into its head: 1, 0 when it has no more, -1. */
static int arg_next(cli_source *s, arg_stream *a)
{
    cli_input *in = &a->head;
    memset(in, 0, sizeof *in);
    a->has_head = 0;
    int rc = 0;
    if (a->kind == ARG_DIR) {
        rc = walk_next(s, a, in);
    } else if (!a->taken) {
        a->taken = 1;
        const char *shown =
            a->kind == ARG_STDIN ? (s->stdin_name ? s->stdin_name : "<stdin>") : a->arg;
        rc = named_scope(s, a->kind == ARG_STDIN ? s->stdin_name : a->arg, 0, &in->scope);
        if (rc < 0)
            return -1;
        if (rc > 0)
            return 0;
        in->display = strdup(shown);
        if (a->kind == ARG_FILE)
            in->fs_path = in->display;
        rc = in->display ? 1 : -1;
    }
    a->has_head = rc == 1;
    return rc;
}

/* Whether argument x's head comes before y's. */
static int before(const cli_source *s, size_t x, size_t y)
{
    int c = strcmp(s->args[x].head.display, s->args[y].head.display);
    return c < 0 || (c == 0 && s->args[x].index < s->args[y].index);
}

static void sift_down(cli_source *s, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < s->nheap && before(s, s->heap[l], s->heap[m]))
            m = l;
        if (r < s->nheap && before(s, s->heap[r], s->heap[m]))
            m = r;
        if (m == i)
            return;
        size_t t = s->heap[i];
        s->heap[i] = s->heap[m];
        s->heap[m] = t;
        i = m;
    }
}

int cli_source_open(cli_source **out, const char *const *paths, size_t npaths,
                    const char *stdin_name, cli_configs *configs)
{
    *out = NULL;
    cli_source *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    s->stdin_name = stdin_name;
    s->configs = configs;
    s->args = calloc(npaths ? npaths : 1, sizeof *s->args);
    s->heap = calloc(npaths ? npaths : 1, sizeof *s->heap);
    if (!s->args || !s->heap) {
        cli_source_close(s);
        return -1;
    }
    s->nargs = npaths;
    for (size_t i = 0; i < npaths; i++) {
        arg_stream *a = &s->args[i];
        struct stat st;
        a->arg = paths[i];
        a->index = i;
        if (strcmp(paths[i], "-") == 0)
            a->kind = ARG_STDIN;
        else if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            a->kind = ARG_DIR;
        else
            a->kind = ARG_FILE;
        int rc = 0;
        if (a->kind == ARG_DIR) {
            /* a directory named is walked even when .gitignore would leave it
             * out; what is below it is not */
            cli_scope scope;
            rc = named_scope(s, paths[i], 1, &scope);
            if (rc == 0 && cli_gitignore_open(&a->gi, paths[i], &a->gi_rel) < 0)
                rc = -1;
            if (rc == 0)
                rc = push_dir(s, a, paths[i], 1);
        }
        if (rc < 0 || arg_next(s, a) < 0) {
            cli_source_close(s);
            return -1;
        }
        if (a->has_head)
            s->heap[s->nheap++] = i;
    }
    for (size_t i = s->nheap / 2; i-- > 0;)
        sift_down(s, i);
    *out = s;
    return s->fatal ? -2 : 0;
}

int cli_source_next(cli_source *s, cli_input *in)
{
    if (s->oom)
        return -1;
    if (s->nheap == 0)
        return 0;
    arg_stream *a = &s->args[s->heap[0]];
    *in = a->head;
    in->notes = take_notes(s); /* the notes go with the file after them */
    int rc = arg_next(s, a);
    if (rc < 0 || s->oom) {
        cli_input_free(in);
        return -1;
    }
    if (!a->has_head)
        s->heap[0] = s->heap[--s->nheap];
    sift_down(s, 0);
    return 1;
}

int cli_source_more(const cli_source *s)
{
    return s->nheap > 0;
}

char *cli_source_notes(cli_source *s)
{
    return take_notes(s);
}

int cli_source_trouble(const cli_source *s)
{
    return s->trouble;
}

void cli_source_close(cli_source *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->args && i < s->nargs; i++) {
        arg_stream *a = &s->args[i];
        if (a->has_head)
            cli_input_free(&a->head);
        while (a->depth > 0)
            frame_free(&a->stack[--a->depth]);
        free(a->stack);
        cli_gitignore_close(a->gi);
        free(a->gi_rel);
    }
    free(s->args);
    free(s->heap);
    free(s->notes);
    free(s);
}

void cli_input_free(cli_input *in)
{
    if (in->display != in->fs_path)
        free(in->display);
    free(in->fs_path);
    free(in->notes);
    in->display = in->fs_path = in->notes = NULL;
}
