/* Helpers shared by the emitters of reports for CI systems (JSON, GitHub,
 * GitLab, JUnit): text that stays valid UTF-8, and paths as CI systems want them, and
 * the note that a finding is fixable. */
#include "report.h"

#include <string.h>

json_t *tdi_json_text(const char *s)
{
    if (!s)
        return json_null();
    json_t *v = json_string(s);
    if (v)
        return v;
    /* not UTF-8 (a file name, for example): keep it readable rather than fail */
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_utf8(&b, s);
    v = b.failed ? NULL : json_string(b.data);
    tdi_buf_free(&b);
    return v;
}

const char *tdi_repo_path(const char *path)
{
    while (path[0] == '.' && path[1] == '/') {
        path += 2;
        while (*path == '/')
            path++;
    }
    return path;
}

static void jw_put(tdi_jw *w, const char *s, size_t n)
{
    if (!w->err && fwrite(s, 1, n, w->out) != n)
        w->err = TD_EIO;
}

static void jw_line(tdi_jw *w, int depth)
{
    static const char spaces[] = "                                ";
    jw_put(w, "\n", 1);
    for (size_t n = (size_t)depth * 2; n > 0;) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        jw_put(w, spaces, k);
        n -= k;
    }
}

void tdi_jw_open(tdi_jw *w, char bracket)
{
    jw_put(w, &bracket, 1);
}

void tdi_jw_close(tdi_jw *w, int depth, size_t n, char bracket)
{
    if (n)
        jw_line(w, depth);
    jw_put(w, &bracket, 1);
}

void tdi_jw_key(tdi_jw *w, int depth, size_t n, const char *key)
{
    if (n)
        jw_put(w, ",", 1);
    jw_line(w, depth + 1);
    jw_put(w, "\"", 1);
    jw_put(w, key, strlen(key));
    jw_put(w, "\": ", 3);
}

void tdi_jw_elem(tdi_jw *w, int depth, size_t n)
{
    if (n)
        jw_put(w, ",", 1);
    jw_line(w, depth + 1);
}

typedef struct {
    tdi_jw *w;
    int depth;
} jw_dump;

/* jansson's output of a value laid out at depth 0, each line after the first
 * moved in to depth (a newline in the text is always the layout's: strings
 * escape theirs). */
static int jw_chunk(const char *buffer, size_t size, void *data)
{
    jw_dump *d = data;
    const char *p = buffer, *end = buffer + size;
    for (const char *nl; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1) {
        jw_put(d->w, p, (size_t)(nl - p));
        jw_line(d->w, d->depth);
    }
    jw_put(d->w, p, (size_t)(end - p));
    return d->w->err ? -1 : 0;
}

void tdi_jw_value(tdi_jw *w, json_t *v, int depth)
{
    if (!v) {
        if (!w->err)
            w->err = TD_ENOMEM;
        return;
    }
    jw_dump d = {w, depth};
    if (json_dump_callback(v, jw_chunk, &d, JSON_INDENT(2) | JSON_ENCODE_ANY) != 0 && !w->err)
        w->err = TD_ENOMEM;
    json_decref(v);
}

const char *tdi_fixable_note(const td_finding *f)
{
    return f->nedits ? " (fixable with --fix)" : "";
}
