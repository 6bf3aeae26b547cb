/* The language server's open documents: their text as the client last sent
 * it, linted under the configuration the command would use for the file
 * (the nearest .tdlint.yaml from its folder up to the repository root), and
 * published as diagnostics.
 *
 * A document is linted when the server has read all the input there is, or
 * before a request is answered: a burst of changes is linted once, at its
 * last version. Configurations come from lsp_conf.c. */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

#ifndef TDLINT_HOMEPAGE
#define TDLINT_HOMEPAGE "https://github.com/tdlint/tdlint"
#endif

typedef struct {
    char *uri;
    char *path;  /* the file's path (file: URIs), or the URI's path: shown, and read for its
                    extension and name */
    int is_file; /* a file: URI: its configuration is looked up */
    int is_conf; /* a .tdlint.yaml: its diagnostics are its errors, when it is loaded */
    char *text;
    size_t len;
    json_t *version;
    int dirty;            /* changed since it was last linted */
    td_file *file;        /* the last lint of text; NULL when nothing is published */
    const td_config *tc;  /* its configuration file's (NULL: the defaults), until a reload */
    const td_config *cfg; /* the configuration it was linted under, until a reload */
    lsp_lines lines;
} doc;

struct lsp_docs {
    doc **docs;
    size_t n, cap;
    lsp_confs *confs;
    int reloaded; /* configurations were dropped: clear those fixed after the next flush */
};

int lsp_docs_new(lsp_docs **out)
{
    *out = calloc(1, sizeof **out);
    if (*out && lsp_confs_new(&(*out)->confs) < 0) {
        free(*out);
        *out = NULL;
    }
    return *out ? 0 : -1;
}

static void doc_free(doc *x)
{
    if (!x)
        return;
    free(x->uri);
    free(x->path);
    free(x->text);
    json_decref(x->version);
    td_file_free(x->file);
    lsp_lines_free(&x->lines);
    free(x);
}

void lsp_docs_free(lsp_docs *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        doc_free(d->docs[i]);
    free(d->docs);
    lsp_confs_free(d->confs);
    free(d);
}

static doc *find(const lsp_docs *d, const char *uri, size_t *at)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->docs[i]->uri, uri) == 0) {
            if (at)
                *at = i;
            return d->docs[i];
        }
    return NULL;
}

/* A new document for uri, not yet in the list. */
static doc *doc_new(const char *uri)
{
    doc *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->uri = strdup(uri);
    x->path = lsp_uri_path(uri, &x->is_file);
    if (!x->path) { /* no path to speak of: the URI itself is shown */
        x->is_file = 0;
        x->path = strdup(uri);
    }
    if (!x->uri || !x->path) {
        doc_free(x);
        return NULL;
    }
    const char *base = strrchr(x->path, '/');
    x->is_conf = x->is_file && strcmp(base ? base + 1 : x->path, ".tdlint.yaml") == 0;
    return x;
}

int lsp_docs_set(lsp_docs *d, const char *uri, const char *text, size_t len, json_t *version)
{
    doc *x = find(d, uri, NULL);
    if (!x) {
        if (d->n == d->cap) {
            size_t cap = d->cap ? d->cap * 2 : 8;
            doc **nv = realloc(d->docs, cap * sizeof *nv);
            if (!nv)
                return -1;
            d->docs = nv;
            d->cap = cap;
        }
        if (!(x = doc_new(uri)))
            return -1;
        d->docs[d->n++] = x;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, text, len);
    copy[len] = '\0';
    free(x->text);
    x->text = copy;
    x->len = len;
    json_decref(x->version);
    x->version = json_incref(version);
    x->dirty = 1;
    td_file_free(x->file); /* its offsets are the old text's */
    x->file = NULL;
    x->tc = x->cfg = NULL;
    lsp_lines_free(&x->lines);
    return 0;
}

int lsp_docs_close(lsp_docs *d, const char *uri)
{
    size_t at;
    doc *x = find(d, uri, &at);
    if (!x)
        return 0;
    int conf = x->is_conf;
    doc_free(x);
    d->docs[at] = d->docs[--d->n];
    return conf ? 2 : 1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Whether linting x reads other files from disk (a Terraform file: what
 * file() names, its module's other files), so that saving another file can
 * change its findings. */
static int reads_others(const doc *x)
{
    return x->is_file && (ends_with(x->path, ".tf") || ends_with(x->path, ".tf.json"));
}

void lsp_docs_touch(lsp_docs *d, const char *uri, int reload_configs)
{
    if (reload_configs) {
        lsp_confs_reload(d->confs);
        d->reloaded = 1;
    }
    for (size_t i = 0; i < d->n; i++) {
        doc *x = d->docs[i];
        if (reload_configs)
            x->tc = x->cfg = NULL; /* freed */
        if (!uri || strcmp(x->uri, uri) == 0 || reads_others(x))
            x->dirty = 1;
    }
}

static void log_line(const lsp_out *out, const char *what, const char *detail)
{
    if (out->verbose)
        fprintf(stderr, "tdlint lsp: %s%s\n", what, detail ? detail : "");
}

/* Whether the configuration's exclude: leaves the file out, as the command
 * leaves out a file named on its command line (the file or a folder above it
 * matched). -1 out of memory. */
static int excluded(const td_config *tc, const char *path)
{
    size_t n = td_config_exclude_count(tc);
    char *rel = NULL;
    if (!n || !td_config_dir(tc))
        return 0;
    if (td_path_relative(td_config_dir(tc), path, &rel) < 0)
        return -1;
    int hit = 0;
    for (size_t i = 0; rel && i < n && !hit; i++) {
        const char *pattern = td_config_exclude(tc, i);
        hit = td_pattern_match(pattern, rel, 0);
        char *p = strdup(rel);
        if (!p) {
            free(rel);
            return -1;
        }
        for (char *s = strrchr(p, '/'); s && !hit; s = strrchr(p, '/')) {
            *s = '\0';
            hit = td_pattern_match(pattern, p, 1);
        }
        free(p);
    }
    free(rel);
    return hit;
}

/* Lints x into x->file (NULL when it has nothing to show): 0, or -1. */
static int lint(lsp_docs *d, const lsp_out *out, doc *x)
{
    const td_config *tc;
    td_file_free(x->file);
    x->file = NULL;
    x->tc = NULL;
    x->cfg = NULL;
    lsp_lines_free(&x->lines);
    if (lsp_lines_build(&x->lines, x->text, x->len) < 0)
        return -1;
    if (x->is_conf) { /* loaded, so that its errors are published */
        char *cpath = strdup(x->path);
        return cpath && lsp_confs_file(d->confs, out, cpath, &tc) >= 0 ? 0 : -1;
    }
    int rc = lsp_confs_for(d->confs, out, x->is_file ? x->path : NULL, &tc);
    if (rc != 0) {
        if (rc > 0)
            log_line(out, "not linted: its configuration has errors: ", x->path);
        return rc < 0 ? -1 : 0;
    }
    int ex = x->is_file ? excluded(tc, x->path) : 0;
    if (ex)
        log_line(out, "left out by the configuration's exclude: ", x->path);
    if (ex)
        return ex < 0 ? -1 : 0;
    td_file *f = NULL;
    if (td_lint_buffer(tc, x->path, x->text, x->len, &f) < 0)
        return -1;
    if (td_file_skippable(f)) { /* no task definition, as the command decides */
        log_line(out, "not a task definition: ", x->path);
        td_file_free(f);
        return 0;
    }
    x->file = f;
    x->cfg = tc;
    x->tc = td_config_file(tc) ? tc : NULL;
    return 0;
}

/* Whether path (a finding's or related location's) is the document's own. */
static int own_path(const lsp_doc_view *v, const char *path)
{
    return !path || !v->file || strcmp(path, td_file_path(v->file)) == 0;
}

/* The LSP position of p in the file at path, one the document's lint read
 * (Terraform's file(), another .tf of the module): its line as kept, the
 * column counted in enc's units. */
static json_t *other_position(const lsp_doc_view *v, const char *path, td_position p,
                              lsp_encoding enc)
{
    size_t len;
    const char *text = td_file_line_in(v->file, path, p.line, &len);
    /* the bytes of the column's code points before it, in enc's units */
    size_t i = 0;
    for (unsigned long cps = 1; text && i < len && cps < p.column; cps++)
        for (i++; i < len && ((unsigned char)text[i] & 0xC0) == 0x80; i++)
            ;
    size_t ch = text ? lsp_units(text, i, enc) : p.column ? p.column - 1 : 0;
    return json_pack("{s:I,s:I}", "line", (json_int_t)(p.line ? p.line - 1 : 0), "character",
                     (json_int_t)ch);
}

/* The range of [start, end) in the file at path: the document's, or one
 * its lint read. */
static json_t *range_in(const lsp_doc_view *v, const char *path, td_position start, td_position end,
                        lsp_encoding enc)
{
    if (own_path(v, path))
        return lsp_range(v->lines, v->text, v->len, start.offset, end.offset, enc);
    return json_pack("{s:o,s:o}", "start", other_position(v, path, start, enc), "end",
                     other_position(v, path, end, enc));
}

json_t *lsp_finding_range(const lsp_doc_view *v, const td_finding *f, lsp_encoding enc)
{
    if (own_path(v, f->path))
        return lsp_range(v->lines, v->text, v->len, f->start.offset, f->end.offset, enc);
    /* in another file: where the document leads there (file(), the resource) */
    for (size_t i = 0; i < f->nrelated; i++)
        if (own_path(v, f->related[i].path))
            return lsp_range(v->lines, v->text, v->len, f->related[i].start.offset,
                             f->related[i].end.offset, enc);
    return lsp_range(v->lines, v->text, v->len, 0, 0, enc);
}

/* The URI of a file another one's lint read (its path absolute when the
 * document's is); NULL for a relative path. */
static char *other_uri(const char *path)
{
    return path[0] == '/' ? lsp_uri_from_path(path) : NULL;
}

/* A related location of the diagnostic: at range in the file at path. */
static json_t *related_at(const lsp_doc_view *v, const char *path, json_t *range,
                          const char *message)
{
    char *uri = own_path(v, path) ? NULL : other_uri(path);
    if (!own_path(v, path) && !uri) {
        json_decref(range);
        return NULL; /* no URI to give */
    }
    json_t *r = json_pack("{s:{s:s,s:o},s:s}", "location", "uri", uri ? uri : v->uri, "range",
                          range, "message", message ? message : "");
    free(uri);
    return r;
}

json_t *lsp_diagnostic(const lsp_doc_view *v, const td_finding *f, lsp_encoding enc)
{
    static const int severity[] = {3, 3, 2, 1}; /* none, note, warning, error */
    char href[256];
    snprintf(href, sizeof href, "%s/blob/main/rules/%s.md", TDLINT_HOMEPAGE, f->rule_id);
    int here = own_path(v, f->path);
    json_t *related = f->nrelated || !here ? json_array() : NULL;
    char *message = NULL;
    if (!here) {
        /* shown where the document leads to it, the message saying where it is */
        const char *dir = td_file_path(v->file), *slash = strrchr(dir, '/');
        size_t n = slash ? (size_t)(slash - dir) + 1 : 0;
        const char *shown = strncmp(f->path, dir, n) == 0 ? f->path + n : f->path;
        size_t size = strlen(shown) + strlen(f->message) + 64;
        message = malloc(size);
        if (message)
            snprintf(message, size, "%s:%lu:%lu: %s", shown, f->start.line, f->start.column,
                     f->message);
        json_t *at =
            related_at(v, f->path, range_in(v, f->path, f->start, f->end, enc), "where it is");
        if (at)
            json_array_append_new(related, at);
    }
    for (size_t i = 0; i < f->nrelated; i++) {
        const td_related *r = &f->related[i];
        json_t *at =
            related_at(v, r->path, range_in(v, r->path, r->start, r->end, enc), r->message);
        if (at)
            json_array_append_new(related, at);
    }
    json_t *diag = json_pack("{s:o,s:i,s:s,s:{s:s},s:s,s:s}", "range", lsp_finding_range(v, f, enc),
                             "severity", severity[f->level <= TD_LEVEL_ERROR ? f->level : 0],
                             "code", f->rule_id, "codeDescription", "href", href, "source",
                             "tdlint", "message", message ? message : f->message);
    free(message);
    if (diag && related && json_object_set_new(diag, "relatedInformation", related) < 0) {
        json_decref(diag);
        return NULL;
    }
    if (!diag)
        json_decref(related);
    return diag;
}

static void view_of(const doc *x, lsp_doc_view *v)
{
    v->uri = x->uri;
    v->text = x->text;
    v->len = x->len;
    v->lines = &x->lines;
    v->file = x->file;
    v->path = x->is_file ? x->path : NULL;
    v->tc = x->tc;
    v->cfg = x->cfg;
    v->lint_path = x->path;
}

/* Publishes x's diagnostics: 0, or -1. */
static int publish(const doc *x, const lsp_out *out)
{
    json_t *diags = json_array();
    lsp_doc_view v;
    view_of(x, &v);
    for (size_t i = 0; diags && x->file && i < td_file_finding_count(x->file); i++) {
        const td_finding *f = td_file_finding(x->file, i);
        if (!f->suppressed && json_array_append_new(diags, lsp_diagnostic(&v, f, out->enc)) < 0) {
            json_decref(diags);
            diags = NULL;
        }
    }
    json_t *m = diags ? json_pack("{s:s,s:s,s:{s:s,s:O*,s:o}}", "jsonrpc", "2.0", "method",
                                  "textDocument/publishDiagnostics", "params", "uri", x->uri,
                                  "version", x->version, "diagnostics", diags)
                      : NULL;
    int rc = m ? lsp_send(out->write, out->ctx, m) : -1;
    json_decref(m);
    return rc;
}

int lsp_docs_flush(lsp_docs *d, const lsp_out *out, const char *uri)
{
    for (size_t i = 0; i < d->n; i++) {
        doc *x = d->docs[i];
        if (!x->dirty || (uri && strcmp(uri, x->uri) != 0))
            continue;
        x->dirty = 0;
        if (lint(d, out, x) < 0 || (!x->is_conf && publish(x, out) < 0))
            return -1;
        log_line(out, "linted ", x->uri);
    }
    if (d->reloaded && !uri) {
        d->reloaded = 0;
        return lsp_confs_clear(d->confs, out);
    }
    return 0;
}

int lsp_docs_view(lsp_docs *d, const char *uri, lsp_doc_view *view)
{
    doc *x = find(d, uri, NULL);
    if (!x)
        return 0;
    view_of(x, view);
    return 1;
}
