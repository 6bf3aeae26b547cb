/* Paths: cleaning absolute paths as Docker does, whether a path lies below
 * one of a list of directories, a file's path relative to a folder, and
 * glob patterns with "**". */
#include "base.h"

#include <fnmatch.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

int tdi_path_clean(const char *p, char *out)
{
    if (p[0] != '/')
        return -1;
    size_t n = 0;
    out[n++] = '/';
    while (*p) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* nothing */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (n > 1 && out[n - 1] != '/')
                n--;
            if (n > 1)
                n--;
        } else {
            if (n > 1)
                out[n++] = '/';
            memcpy(out + n, p, len);
            n += len;
        }
        p = e;
    }
    out[n] = '\0';
    return 0;
}

/* tdi_path_clean into buf when it fits, else into a block the caller frees;
 * NULL when out of memory. *cleaned: whether p was absolute. */
static char *clean_into(const char *p, char *buf, size_t size, int *cleaned)
{
    size_t len = strlen(p);
    char *out = len + 2 <= size ? buf : tdi_malloc(len + 2);
    if (out)
        *cleaned = tdi_path_clean(p, out) == 0;
    return out;
}

/* Whether p is absolute and as tdi_path_clean writes it, so that it need not
 * be cleaned: no empty, "." or ".." segment, no trailing slash (but "/"). */
static int is_clean(const char *p)
{
    if (p[0] != '/')
        return 0;
    if (p[1] == '\0')
        return 1;
    for (const char *s = p; *s;) { /* s is at a '/' */
        const char *seg = s + 1, *e = seg;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - seg);
        if (len == 0 || (seg[0] == '.' && (len == 1 || (len == 2 && seg[1] == '.'))))
            return 0;
        s = e;
    }
    return 1;
}

const char *tdi_path_in(const char *path, const char *const *dirs, size_t n, int *oom)
{
    if (!path || path[0] != '/')
        return NULL;
    const char *found = NULL;
    char pbuf[256], dbuf[256];
    int ok;
    char *p = clean_into(path, pbuf, sizeof pbuf, &ok);
    if (!p) {
        *oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < n && !found; i++) {
        if (!dirs[i])
            continue;
        /* the system directories are clean: compared as they are */
        int clean = is_clean(dirs[i]);
        char *d = clean ? (char *)dirs[i] : clean_into(dirs[i], dbuf, sizeof dbuf, &ok);
        if (!d) {
            *oom = 1;
            break;
        }
        if (clean || ok) {
            size_t dl = strlen(d);
            if (dl == 1)
                found = strcmp(p, "/") == 0 ? dirs[i] : NULL;
            else if (strncmp(p, d, dl) == 0 && (p[dl] == '\0' || p[dl] == '/'))
                found = dirs[i];
        }
        if (!clean && d != dbuf)
            tdi_free(d);
    }
    if (p != pbuf)
        tdi_free(p);
    return found;
}

/* A clean copy of the absolute path abs (caller frees); NULL when out of memory. */
static char *clean_copy(const char *abs)
{
    char *out = tdi_malloc(strlen(abs) + 2);
    if (out && tdi_path_clean(abs, out) < 0)
        strcpy(out, "/");
    return out;
}

char *tdi_path_within(const char *dir, const char *file, int *oom)
{
    tdi_buf b;
    tdi_buf_init(&b);
    if (file[0] != '/') {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd))
            return NULL;
        tdi_buf_puts(&b, cwd);
        tdi_buf_putc(&b, '/');
    }
    tdi_buf_puts(&b, file);
    char *abs = b.failed ? NULL : clean_copy(b.data);
    char *root = clean_copy(dir);
    tdi_buf_free(&b);
    char *rel = NULL;
    if (abs && root) {
        size_t dl = strcmp(root, "/") == 0 ? 0 : strlen(root);
        if (strncmp(abs, root, dl) == 0 && abs[dl] == '/' && abs[dl + 1] != '\0' &&
            !(rel = tdi_strdup(abs + dl + 1)))
            *oom = 1;
    } else {
        *oom = 1;
    }
    tdi_free(abs);
    tdi_free(root);
    return rel;
}

/* A "**" at pattern offset s that fills a whole path segment. */
static int is_globstar(const char *pat, const char *s)
{
    return s[0] == '*' && s[1] == '*' && (s == pat || s[-1] == '/') &&
           (s[2] == '/' || s[2] == '\0');
}

/* Whether path[0..n) matches pattern[0..m) (no "**" in it) by fnmatch. */
static int match_prefix(const char *pattern, size_t m, const char *path, size_t n)
{
    char *p = tdi_strndup(pattern, m);
    char *s = tdi_strndup(path, n);
    int ok = p && s && fnmatch(p, s, FNM_PATHNAME) == 0;
    tdi_free(p);
    tdi_free(s);
    return ok;
}

int tdi_glob_match(const char *pattern, const char *path)
{
    const char *star = pattern;
    while ((star = strstr(star, "**")) != NULL && !is_globstar(pattern, star))
        star++;
    if (!star)
        return fnmatch(pattern, path, FNM_PATHNAME) == 0;
    /* pattern = PREFIX ** [/ REST]: PREFIX (empty or ending in '/') matches
     * path[0..j) for j at a segment start, then REST matches what is left after
     * any number of whole segments. */
    size_t plen = (size_t)(star - pattern);
    size_t n = strlen(path);
    for (size_t j = 0; j <= n; j++) {
        if (j > 0 && path[j - 1] != '/')
            continue;
        if (plen == 0 ? j != 0 : !match_prefix(pattern, plen, path, j))
            continue;
        if (star[2] == '\0')
            return path[j] != '\0'; /* a final "**": anything below */
        for (size_t k = j; k <= n; k++)
            if ((k == j || path[k - 1] == '/') && tdi_glob_match(star + 3, path + k))
                return 1;
        if (plen == 0)
            break;
    }
    return 0;
}

/* Whether every '[' of pattern (not escaped) opens a set that is closed: git
 * never matches a pattern with a set left open ("[a.json"), where fnmatch
 * would take the '[' as itself. */
static int sets_closed(const char *p)
{
    for (size_t i = 0; p[i]; i++) {
        if (p[i] == '\\') {
            if (p[i + 1])
                i++;
            continue;
        }
        if (p[i] != '[')
            continue;
        size_t j = i + 1;
        if (p[j] == '!' || p[j] == '^')
            j++;
        if (p[j] == ']') /* a ']' first is itself */
            j++;
        for (; p[j] && p[j] != ']'; j++) {
            if (p[j] == '\\' && p[j + 1]) {
                j++;
            } else if (p[j] == '[' && p[j + 1] == ':') { /* [:class:] */
                const char *end = strstr(p + j + 2, ":]");
                const char *close = strchr(p + j + 2, ']');
                if (!close)
                    return 0;
                if (end && end + 1 == close)
                    j = (size_t)(close - p);
            }
        }
        if (!p[j])
            return 0;
        i = j;
    }
    return 1;
}

/* What git does with a pattern whose literal start (up to its first
 * wildcard, not ending in '/') is followed by "**" then '/' or its end
 * (pattern "a**" "/b.json"): after that start, the "**" matches anything,
 * slashes too, or nothing (so "ab.json" and "a/c/b.json" match). 1, 0, or -1
 * when it does not apply. */
static int git_prefix_globstar(const char *q, const char *path)
{
    size_t pre = strcspn(q, "*?[\\");
    if (pre == 0 || q[pre - 1] == '/' || q[pre] != '*' || q[pre + 1] != '*')
        return -1;
    const char *rest = q + pre;
    while (*rest == '*')
        rest++;
    if (*rest != '/' && *rest != '\0')
        return -1;
    if (strncmp(path, q, pre) != 0)
        return 0;
    const char *text = path + pre;
    if (*rest == '\0')
        return 1;
    if (tdi_glob_match(rest + 1, text))
        return 1;
    for (const char *s = strchr(text, '/'); s; s = strchr(s + 1, '/'))
        if (tdi_glob_match(rest + 1, s + 1))
            return 1;
    return 0;
}

int tdi_pattern_match(const char *pattern, const char *path, int is_dir)
{
    size_t n = strlen(pattern);
    int dir_only = 0;
    while (n > 0 && pattern[n - 1] == '/' && !(n > 1 && pattern[n - 2] == '\\')) {
        dir_only = 1;
        n--;
    }
    if (n == 0 || (dir_only && !is_dir))
        return 0;
    char *p = tdi_strndup(pattern, n);
    if (!p)
        return 0;
    int ok;
    if (!sets_closed(p)) {
        ok = 0;
    } else if (!strchr(p, '/')) {
        const char *base = strrchr(path, '/');
        ok = fnmatch(p, base ? base + 1 : path, 0) == 0;
    } else {
        const char *q = p[0] == '/' ? p + 1 : p;
        ok = git_prefix_globstar(q, path);
        if (ok < 0)
            ok = tdi_glob_match(q, path);
    }
    tdi_free(p);
    return ok;
}
