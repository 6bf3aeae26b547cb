/* The other files one lint reads for the model (model.h's tdi_files):
 * what Terraform's file() and templatefile() name, and the other .tf files
 * of the linted file's folder, its module. Each is read once and loaded
 * once, its spans moved past the linted file's and those of the files
 * loaded before it, so that the engine tells from an offset which file a
 * finding is in (tdi_refs_at). A module's files are read when a reference
 * is first looked for in them, and loaded only when their text holds the
 * name looked for: linting each file of a folder of n does not parse n
 * files n times. Only regular files are read (a FIFO would block), at most
 * --max-file-size bytes each. */
#include "engine.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    tdi_file_ref ref; /* first: what the model sees */
    char *fs_path;    /* where it is read from */
    char *data;       /* its bytes, which its load reads */
    size_t len;
    int hcl;    /* a .tf file */
    int placed; /* it has its base, and is in tdi_refs.v */
} ref;

/* Reads the whole of fd (a regular file, a pipe, a terminal) into *data;
 * -EFBIG, before reading a regular file or as soon as the bytes read pass it,
 * when there are more than max. */
int tdi_read_all(int fd, size_t max, char **data, size_t *len)
{
    struct stat st;
    size_t cap = 0, n = 0, want = 4096;
    char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        if ((unsigned long long)st.st_size > max)
            return -EFBIG;
        want = (size_t)st.st_size + 1; /* + 1: a read that returns 0 ends the loop */
    }
    if (tdi_grow((void **)&buf, &cap, want, 1) < 0)
        return -ENOMEM;
    tdi_prefault(buf, want);
    for (;;) {
        if (n == cap && tdi_grow((void **)&buf, &cap, cap + 1, 1) < 0) {
            tdi_free(buf);
            return -ENOMEM;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            tdi_free(buf);
            return -e;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > max) { /* a pipe, a device, or a file that grows while read */
            tdi_free(buf);
            return -EFBIG;
        }
    }
    *data = buf;
    *len = n;
    return 0;
}

/* a + b, a being "" or ending in '/' (or b absolute: b alone), with the
 * "." segments of b left out and each ".." taking out the segment of b
 * before it: "infra/" + "./defs/../c.json" is "infra/c.json". */
static char *joined(const char *a, const char *b)
{
    if (b[0] == '/')
        a = "/";
    size_t na = strlen(a), nb = strlen(b);
    char *out = tdi_malloc(na + nb + 1);
    size_t *starts = tdi_malloc((nb / 2 + 2) * sizeof *starts); /* of b's segments kept */
    if (!out || !starts) {
        tdi_free(out);
        tdi_free(starts);
        return NULL;
    }
    memcpy(out, a, na);
    size_t n = na, depth = 0;
    for (const char *s = b; *s;) {
        const char *e = strchr(s, '/');
        size_t k = e ? (size_t)(e - s) : strlen(s);
        int dots = k == 2 && s[0] == '.' && s[1] == '.';
        if (dots && depth > 0) {
            n = starts[--depth];
        } else if (k && !(k == 1 && s[0] == '.')) {
            if (!dots) /* a ".." that goes above b stays, and is never taken out */
                starts[depth++] = n;
            memcpy(out + n, s, k);
            n += k;
            out[n++] = '/';
        }
        s += e ? k + 1 : k;
    }
    if (n > na && out[n - 1] == '/')
        n--;
    out[n] = '\0';
    tdi_free(starts);
    return out;
}

/* The folder part of path, "" or ending in '/'. */
static char *folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    char *d = tdi_malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

/* Reads the regular file at path (at most max bytes) into *data, *len;
 * or says why not in why. TD_OK or TD_ENOMEM. */
static int read_file(const char *path, size_t max, char **data, size_t *len, char *why, size_t nwhy)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        tdi_strerror(errno, why, nwhy);
        return TD_OK;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(why, nwhy, "not a regular file");
        close(fd);
        return TD_OK;
    }
    int r = tdi_read_all(fd, max, data, len);
    close(fd);
    if (r == 0) { /* NUL-terminated: the model looks for a template's placeholders as text */
        char *d = tdi_realloc(*data, *len + 1);
        if (!d) {
            tdi_free(*data);
            *data = NULL;
            return TD_ENOMEM;
        }
        d[*len] = '\0';
        *data = d;
    }
    if (r == -ENOMEM)
        return TD_ENOMEM;
    if (r == -EFBIG)
        snprintf(why, nwhy, "larger than %zu bytes, the most tdlint reads", max);
    else if (r < 0)
        tdi_strerror(-r, why, nwhy);
    return TD_OK;
}

/* Keeps f for tdi_refs_free. 0, or -1 when out of memory (f is freed). */
static int own(tdi_refs *x, ref *f)
{
    if (tdi_grow((void **)&x->all, &x->all_cap, x->nall + 1, sizeof *x->all) < 0)
        return -1;
    x->all[x->nall++] = &f->ref;
    return 0;
}

/* The file at path (relative to the linted file's folder), read (or why
 * not); NULL when out of memory. */
static ref *read_ref(tdi_refs *x, const char *path, int hcl)
{
    ref *f = tdi_calloc(1, sizeof *f);
    if (!f)
        return NULL;
    if (own(x, f) < 0) {
        tdi_free(f);
        return NULL;
    }
    f->hcl = hcl;
    f->fs_path = joined(x->dir, path);
    f->ref.path = joined(x->shown_dir, path);
    if (!f->fs_path || !f->ref.path)
        return NULL;
    char why[160];
    why[0] = '\0';
    if (read_file(f->fs_path, x->max_size, &f->data, &f->len, why, sizeof why) < 0)
        return NULL;
    if (!why[0] && hcl && f->len > TDI_HCL_MAX(x->max_size))
        snprintf(why, sizeof why, "larger than %zu bytes, the most tdlint parses as HCL",
                 TDI_HCL_MAX(x->max_size));
    if (why[0] && !(f->ref.why = tdi_strdup(why)))
        return NULL;
    return f;
}

/* Gives f its base, after every file placed before it, and loads it (as
 * HCL for a .tf file). TD_OK or TD_ENOMEM. */
static int place(tdi_refs *x, ref *f)
{
    if (f->placed)
        return TD_OK;
    if (tdi_grow((void **)&x->v, &x->cap, x->n + 1, sizeof *x->v) < 0)
        return TD_ENOMEM;
    f->placed = 1;
    x->v[x->n++] = &f->ref;
    f->ref.base = x->end; /* every file has one, read or not: bases only grow */
    x->end += f->len + 1;
    if (f->ref.why)
        return TD_OK;
    tdi_load_options opt = x->opt;
    opt.hcl = f->hcl;
    opt.prune = NULL;
    if (!f->hcl) /* what file() reads is the string the AWS provider decodes */
        opt.duplicate_tail = TDI_TF_DUPLICATE_TAIL;
    int err = tdi_load(f->data ? f->data : "", f->len, &opt, &f->ref.loaded);
    return err == TD_OK ? tdi_loaded_shift(&f->ref.loaded, f->ref.base) : err;
}

/* The file at path, read and loaded once; NULL when out of memory. */
static ref *load_ref(tdi_refs *x, const char *path, int hcl)
{
    char *fs_path = joined(x->dir, path);
    if (!fs_path)
        return NULL;
    for (size_t i = 0; i < x->nall; i++)
        if (strcmp(((ref *)x->all[i])->fs_path, fs_path) == 0) {
            tdi_free(fs_path);
            ref *f = (ref *)x->all[i];
            return place(x, f) < 0 ? NULL : f;
        }
    tdi_free(fs_path);
    ref *f = read_ref(x, path, hcl);
    return f && place(x, f) == TD_OK ? f : NULL;
}

static tdi_file_ref *open_ref(tdi_files *fs, const char *path, tdi_span via, const char *via_what)
{
    tdi_refs *x = (tdi_refs *)fs;
    ref *f = load_ref(x, path, 0);
    if (!f)
        return NULL;
    if (!f->ref.via_what) {
        f->ref.contains = 1;
        f->ref.via = via;
        f->ref.via_what = tdi_strdup(via_what);
        if (!f->ref.via_what)
            return NULL;
    }
    return &f->ref;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether Terraform reads name as a file of the module: .tf or .tf.json,
 * not hidden, not an editor's backup (~, #...#). */
static int module_file(const char *name)
{
    size_t n = strlen(name);
    if (name[0] == '.' || name[n - 1] == '~' || (name[0] == '#' && name[n - 1] == '#'))
        return 0;
    return (n > 3 && strcmp(name + n - 3, ".tf") == 0) ||
           (n > 8 && strcmp(name + n - 8, ".tf.json") == 0);
}

/* The names of the module's other files, sorted; -1 when out of memory. */
static int list_module(tdi_refs *x, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    size_t cap = 0;
    DIR *d = opendir(x->dir[0] ? x->dir : ".");
    if (!d)
        return 0; /* no folder to read: no other file */
    int err = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL && !err;) {
        if (!module_file(e->d_name) || strcmp(e->d_name, x->self) == 0)
            continue;
        char *s = tdi_strdup(e->d_name);
        if (!s || tdi_grow((void **)names, &cap, *n + 1, sizeof **names) < 0) {
            tdi_free(s);
            err = -1;
            break;
        }
        (*names)[(*n)++] = s;
    }
    closedir(d);
    if (*n > 1)
        qsort(*names, *n, sizeof **names, by_name);
    return err;
}

static int ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

/* Whether data[0..len) can define name[0..k): it holds name as a whole word,
 * not after a "." (local.NAME uses it), quoted (variable "NAME", a JSON
 * key) or followed by "=" or "{" (NAME = ..., variable NAME {). A file that
 * cannot is not parsed to look. */
static int may_define(const char *data, size_t len, const char *name, size_t k)
{
    if (!data || k == 0 || k > len)
        return 0;
    const char *end = data + len;
    for (const char *p = data; (p = memchr(p, name[0], (size_t)(end - k + 1 - p))) != NULL; p++) {
        if (memcmp(p, name, k) != 0)
            continue;
        char before = p > data ? p[-1] : ' ';
        const char *q = p + k;
        if (before == '.' || ident(before) || (q < end && ident(*q)))
            continue;
        if (before == '"' && q < end && *q == '"')
            return 1;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (q < end && ((*q == '=' && (q + 1 == end || q[1] != '=')) || *q == '{'))
            return 1;
        if (p + 1 > end - k)
            break;
    }
    return 0;
}

static const tdi_file_ref *const *module(tdi_files *fs, const char *name, size_t *n, int *oom)
{
    tdi_refs *x = (tdi_refs *)fs;
    *n = 0;
    *oom = 0;
    if (!x->listed) { /* the folder's files, read once */
        x->listed = 1;
        char **names;
        size_t nn;
        int err = list_module(x, &names, &nn);
        x->mod = nn ? tdi_calloc(nn, sizeof *x->mod) : NULL;
        x->found = nn ? tdi_calloc(nn, sizeof *x->found) : NULL;
        if (err < 0 || (nn && (!x->mod || !x->found)))
            x->mod_failed = 1;
        for (size_t i = 0; i < nn; i++) {
            size_t k = strlen(names[i]);
            ref *f = x->mod_failed ? NULL : read_ref(x, names[i], names[i][k - 1] == 'f');
            if (!f)
                x->mod_failed = 1;
            else
                x->mod[x->nmod++] = &f->ref;
            tdi_free(names[i]);
        }
        tdi_free(names);
    }
    if (x->mod_failed) {
        *oom = 1;
        return NULL;
    }
    size_t k = strlen(name);
    for (size_t i = 0; i < x->nmod; i++) {
        ref *f = (ref *)x->mod[i];
        if (f->ref.why || !may_define(f->data, f->len, name, k))
            continue; /* it cannot define name */
        if (place(x, f) < 0) {
            *oom = 1;
            return NULL;
        }
        x->found[(*n)++] = &f->ref;
    }
    return *n ? (const tdi_file_ref *const *)x->found : NULL;
}

int tdi_refs_init(tdi_refs *x, const char *fs_path, const char *shown_path, size_t len,
                  const tdi_load_options *opt, size_t max_size)
{
    memset(x, 0, sizeof *x);
    x->fs.open = open_ref;
    x->fs.module = module;
    x->opt = *opt;
    x->max_size = max_size;
    x->end = len + 1;
    const char *base = strrchr(fs_path, '/');
    x->self = tdi_strdup(base ? base + 1 : fs_path);
    x->dir = folder(fs_path);
    x->shown_dir = folder(shown_path);
    if (!x->self || !x->dir || !x->shown_dir) {
        tdi_refs_free(x);
        return TD_ENOMEM;
    }
    return TD_OK;
}

void tdi_refs_free(tdi_refs *x)
{
    for (size_t i = 0; i < x->nall; i++) {
        ref *f = (ref *)x->all[i];
        tdi_loaded_free(&f->ref.loaded);
        tdi_free((char *)f->ref.path);
        tdi_free((char *)f->ref.why);
        tdi_free((char *)f->ref.via_what);
        tdi_free(f->fs_path);
        tdi_free(f->data);
        tdi_free(f);
    }
    tdi_free(x->all);
    tdi_free(x->v);
    tdi_free(x->mod);
    tdi_free(x->found);
    tdi_free(x->self);
    tdi_free(x->dir);
    tdi_free(x->shown_dir);
    memset(x, 0, sizeof *x);
}

size_t tdi_refs_at(const tdi_refs *x, size_t o)
{
    /* bases grow with the index: the last at or before o */
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->v[mid]->base <= o)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
