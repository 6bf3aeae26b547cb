/* The language server's configurations: for each document the nearest
 * .tdlint.yaml from its folder up to the repository root, as the command
 * finds it (td_config_discover), loaded once and kept until a configuration
 * file is saved or changes.
 *
 * As in the command, a file is never linted under a configuration that has
 * errors, nor under the defaults in its stead: its documents get no
 * diagnostics, the client is told once (window/showMessage), and the errors
 * are published as the configuration file's diagnostics, at their lines and
 * columns. */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *path;    /* the .tdlint.yaml */
    td_config *tc; /* NULL when it has errors */
} conf;

struct lsp_confs {
    conf *v;
    size_t n, cap;
    td_config *defaults;
    char **broken; /* configuration files published with errors: cleared on reload */
    size_t nbroken, broken_cap;
};

int lsp_confs_new(lsp_confs **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? 0 : -1;
}

void lsp_confs_reload(lsp_confs *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].path);
        td_config_free(c->v[i].tc);
    }
    c->n = 0;
}

void lsp_confs_free(lsp_confs *c)
{
    if (!c)
        return;
    lsp_confs_reload(c);
    free(c->v);
    for (size_t i = 0; i < c->nbroken; i++)
        free(c->broken[i]);
    free(c->broken);
    td_config_free(c->defaults);
    free(c);
}

/* TDLINT_TODAY, as the command takes it, on a configuration. */
static void set_today(td_config *tc, const lsp_out *out)
{
    const char *today = getenv("TDLINT_TODAY");
    if (today && *today && td_config_set_today(tc, today) < 0 && out->verbose)
        fprintf(stderr, "tdlint lsp: TDLINT_TODAY is not a date YYYY-MM-DD: ignored\n");
}

static int send(const lsp_out *out, json_t *m)
{
    int rc = m ? lsp_send(out->write, out->ctx, m) : -1;
    json_decref(m);
    return rc;
}

/* The first MiB of the file at path (owned; NULL when unreadable). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *text = f ? malloc((size_t)1024 * 1024) : NULL;
    *len = text ? fread(text, 1, (size_t)1024 * 1024, f) : 0;
    if (f)
        fclose(f);
    return text;
}

/* One error line "PATH:LINE:COL: message" (or "PATH: message") as a diagnostic. */
static json_t *error_diagnostic(const char *path, const char *line, size_t n, const char *text,
                                size_t tlen, const lsp_lines *lines, lsp_encoding enc)
{
    size_t plen = strlen(path), k = 0;
    unsigned long at[2] = {1, 1};
    if (n > plen && strncmp(line, path, plen) == 0 && line[plen] == ':') {
        k = plen + 1;
        for (int field = 0; field < 2; field++) {
            char *end;
            unsigned long v = strtoul(line + k, &end, 10);
            if (end == line + k || *end != ':')
                break;
            at[field] = v;
            k = (size_t)(end - line) + 1;
        }
        while (k < n && line[k] == ' ')
            k++;
    }
    /* the line's end, and the byte offset of the column (code points) on it */
    size_t from = at[0] - 1 < lines->n ? lines->start[at[0] - 1] : tlen, to = from;
    while (to < tlen && text[to] != '\n' && text[to] != '\r')
        to++;
    for (unsigned long col = 1; from < to && col < at[1]; col++)
        while (++from < to && ((unsigned char)text[from] & 0xC0) == 0x80)
            ;
    json_t *d =
        json_pack("{s:o,s:i,s:s,s:s%}", "range", lsp_range(lines, text, tlen, from, to, enc),
                  "severity", 1, "source", "tdlint", "message", line + k, n - k);
    return d;
}

/* Publishes the errors of configuration path (lines of errors) as its
 * diagnostics, or none (errors NULL). */
static int publish_errors(const lsp_out *out, const char *path, const char *errors)
{
    char *uri = lsp_uri_from_path(path);
    size_t tlen = 0;
    char *text = errors ? slurp(path, &tlen) : NULL;
    lsp_lines lines = {0};
    json_t *diags = json_array();
    int rc = uri && diags ? 0 : -1;
    if (rc == 0 && text && lsp_lines_build(&lines, text, tlen) < 0)
        rc = -1;
    for (const char *l = errors; rc == 0 && text && l && *l;) {
        const char *end = strchr(l, '\n');
        size_t n = end ? (size_t)(end - l) : strlen(l);
        json_array_append_new(diags, error_diagnostic(path, l, n, text, tlen, &lines, out->enc));
        l = end ? end + 1 : l + n;
    }
    if (rc == 0)
        rc = send(out, json_pack("{s:s,s:s,s:{s:s,s:O}}", "jsonrpc", "2.0", "method",
                                 "textDocument/publishDiagnostics", "params", "uri", uri,
                                 "diagnostics", diags));
    json_decref(diags);
    lsp_lines_free(&lines);
    free(text);
    free(uri);
    return rc;
}

/* A configuration with errors: said once, published, remembered. */
static int broken(lsp_confs *c, const lsp_out *out, const char *path, const char *errors)
{
    const char *head = "tdlint: the configuration has errors; the files under it are not "
                       "linted until it is fixed:\n";
    char *text = malloc(strlen(head) + strlen(errors) + 1);
    if (!text)
        return -1;
    strcpy(text, head);
    strcat(text, errors);
    int rc = send(out, json_pack("{s:s,s:s,s:{s:i,s:s}}", "jsonrpc", "2.0", "method",
                                 "window/showMessage", "params", "type", 1, "message", text));
    if (out->verbose)
        fprintf(stderr, "%s\n", text);
    free(text);
    if (rc == 0)
        rc = publish_errors(out, path, errors);
    if (rc == 0 && c->nbroken == c->broken_cap) {
        size_t cap = c->broken_cap ? c->broken_cap * 2 : 4;
        char **nv = realloc(c->broken, cap * sizeof *nv);
        if (!nv)
            return -1;
        c->broken = nv;
        c->broken_cap = cap;
    }
    for (size_t i = 0; rc == 0 && i < c->nbroken; i++)
        if (strcmp(c->broken[i], path) == 0)
            return 0;
    if (rc == 0 && !(c->broken[c->nbroken] = strdup(path)))
        return -1;
    if (rc == 0)
        c->nbroken++;
    return rc;
}

/* Loads the configuration file path (owned from here on) into a new entry. */
static int load(lsp_confs *c, const lsp_out *out, char *path, conf **entry)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 4;
        conf *nv = realloc(c->v, cap * sizeof *nv);
        if (!nv) {
            free(path);
            return -1;
        }
        c->v = nv;
        c->cap = cap;
    }
    td_config *tc = NULL;
    char *error = NULL;
    int err = td_config_load(path, &tc, &error);
    if (err == TD_ENOMEM || (err < 0 && broken(c, out, path, error ? error : "") < 0)) {
        free(error);
        free(path);
        return -1;
    }
    free(error);
    if (tc)
        set_today(tc, out);
    c->v[c->n].path = path;
    c->v[c->n].tc = tc;
    *entry = &c->v[c->n++];
    return 0;
}

int lsp_confs_clear(lsp_confs *c, const lsp_out *out)
{
    for (size_t i = 0; i < c->nbroken; i++) {
        int still = 0;
        for (size_t k = 0; k < c->n && !still; k++)
            still = strcmp(c->v[k].path, c->broken[i]) == 0 && !c->v[k].tc;
        if (!still && publish_errors(out, c->broken[i], NULL) < 0)
            return -1;
        if (!still) {
            free(c->broken[i]);
            c->broken[i--] = c->broken[--c->nbroken];
        }
    }
    return 0;
}

int lsp_confs_file(lsp_confs *c, const lsp_out *out, char *cpath, const td_config **tc)
{
    conf *entry = NULL;
    for (size_t i = 0; i < c->n && !entry; i++)
        if (strcmp(c->v[i].path, cpath) == 0)
            entry = &c->v[i];
    if (entry)
        free(cpath);
    else if (load(c, out, cpath, &entry) < 0)
        return -1;
    *tc = entry->tc;
    return entry->tc ? 0 : 1;
}

int lsp_confs_for(lsp_confs *c, const lsp_out *out, const char *path, const td_config **tc)
{
    char *cpath = NULL;
    *tc = NULL;
    if (path) {
        char *dir = strdup(path);
        if (!dir)
            return -1;
        char *slash = strrchr(dir, '/');
        if (slash)
            slash[slash == dir ? 1 : 0] = '\0';
        int err = td_config_discover(dir, &cpath);
        free(dir);
        if (err < 0)
            return -1;
    }
    if (cpath)
        return lsp_confs_file(c, out, cpath, tc);
    if (!c->defaults) {
        if (td_config_new(&c->defaults) < 0)
            return -1;
        set_today(c->defaults, out);
    }
    *tc = c->defaults;
    return 0;
}
