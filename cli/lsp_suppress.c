/* The "suppress with a reason" quick fix: an exception for the finding added
 * to the .tdlint.yaml the document was linted under, for its rule, the
 * file's path relative to the configuration's folder, and its task and
 * container when it has them. The reason is left empty for the user to
 * write: until it is, the configuration has an error (an exception needs a
 * reason), which the server publishes on that line, so that no finding is
 * ever suppressed without one.
 *
 * The exception goes at the end of the configuration's block list
 * "exceptions:", or in a new one at the end of the file; a configuration
 * written as JSON, or whose exceptions are a flow list, gets no action. */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

/* The file's bytes (owned, NUL-terminated), NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1024 * 1024;
    char *text = malloc(cap + 1);
    *len = text ? fread(text, 1, cap, f) : 0;
    int bad = !text || ferror(f) || *len == cap;
    fclose(f);
    if (bad) {
        free(text);
        return NULL;
    }
    text[*len] = '\0';
    return text;
}

/* Appends s to the growing string *b (free it on failure): 0 or -1. */
static int add(char **b, const char *s)
{
    size_t n = *b ? strlen(*b) : 0;
    char *nb = realloc(*b, n + strlen(s) + 1);
    if (!nb) {
        free(*b);
        *b = NULL;
        return -1;
    }
    strcpy(nb + n, s);
    *b = nb;
    return 0;
}

/* key: "value" (a YAML double-quoted scalar), on a line indented by ind. */
static int add_field(char **b, int ind, const char *key, const char *value)
{
    char head[64];
    snprintf(head, sizeof head, "%*s%s: \"", ind, "", key);
    if (add(b, head) < 0)
        return -1;
    for (const char *p = value; *p; p++) {
        char c[3] = {*p, 0, 0};
        if (*p == '"' || *p == '\\') {
            c[0] = '\\';
            c[1] = *p;
        }
        if (add(b, c) < 0)
            return -1;
    }
    return add(b, "\"\n");
}

/* The same for a value matched as a glob (fnmatch: task, container): its
 * *, ?, [ and \ escaped, so that it matches itself only (a Terraform
 * address has brackets: aws_ecs_task_definition.this["web"]). */
static int add_glob_field(char **b, int ind, const char *key, const char *value)
{
    size_t n = strlen(value);
    char *e = malloc(2 * n + 1), *q = e;
    if (!e)
        return -1;
    for (const char *p = value; *p; p++) {
        if (strchr("*?[\\", *p))
            *q++ = '\\';
        *q++ = *p;
    }
    *q = '\0';
    int rc = add_field(b, ind, key, e);
    free(e);
    return rc;
}

/* Where the exception goes in text: *at (a byte offset), the list items'
 * indentation *ind, and whether "exceptions:" must be written (*header).
 * 0, or -1 when the file's layout is not one this writes into. */
static int place(const char *text, size_t len, size_t *at, int *ind, int *header)
{
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", text[i]))
        i++;
    if (i < len && (text[i] == '{' || text[i] == '['))
        return -1; /* JSON */
    *header = 1;
    *ind = 2;
    *at = len;
    for (size_t ls = 0; ls < len;) {
        const char *nl = memchr(text + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - text) : len, next = nl ? le + 1 : len;
        if (strncmp(text + ls, "exceptions:", 11) == 0) {
            size_t k = ls + 11;
            while (k < le && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'))
                k++;
            if (k < le && text[k] != '#')
                return -1; /* a flow list, or a value on the line */
            *header = 0;
            *at = next;
            /* the block: indented lines, "- " items at the margin, blank lines, comments */
            for (size_t p = next; p < len;) {
                const char *n2 = memchr(text + p, '\n', len - p);
                size_t e = n2 ? (size_t)(n2 - text) : len;
                size_t s = p;
                while (s < e && text[s] == ' ')
                    s++;
                int blank = s == e || text[s] == '#' || text[s] == '\r';
                if (!blank && s == p && text[s] != '-')
                    break;
                if (!blank) {
                    if (text[s] == '-' && *at == next)
                        *ind = (int)(s - p);
                    *at = n2 ? e + 1 : len;
                }
                p = n2 ? e + 1 : len;
            }
            return 0;
        }
        ls = next;
    }
    return 0;
}

/* The text to insert for finding f, file rel. */
static char *exception_text(const td_finding *f, const char *rel, int ind, int header, int nl)
{
    char *b = NULL;
    char head[64];
    snprintf(head, sizeof head, "%s%s%*s- rule: %s\n", nl ? "\n" : "",
             header ? "exceptions:\n" : "", ind, "", f->rule_id);
    if (add(&b, head) < 0 || add_field(&b, ind + 2, "path", rel) < 0 ||
        (f->task && add_glob_field(&b, ind + 2, "task", f->task) < 0) ||
        (f->container && add_glob_field(&b, ind + 2, "container", f->container) < 0) ||
        add_field(&b, ind + 2, "reason", "") < 0)
        return NULL;
    return b;
}

json_t *lsp_suppress_action(const lsp_doc_view *v, const td_finding *f, json_t *diag,
                            lsp_encoding enc, int select)
{
    const char *cpath = td_config_file(v->tc);
    char *rel = NULL, *text = NULL, *insert = NULL, *uri = NULL;
    json_t *action = NULL;
    size_t len = 0, at;
    int ind, header;
    if (!v->path || !cpath || strcmp(f->rule_id, "TD000") == 0 || f->suppressed)
        return NULL;
    if (td_path_relative(td_config_dir(v->tc), v->path, &rel) < 0 || !rel ||
        !(text = slurp(cpath, &len)) || place(text, len, &at, &ind, &header) < 0)
        goto done;
    int nl = at == len && len > 0 && text[len - 1] != '\n';
    lsp_lines lines = {0};
    if (!(insert = exception_text(f, rel, ind, header, nl)) || !(uri = lsp_uri_from_path(cpath)) ||
        lsp_lines_build(&lines, text, len) < 0)
        goto done;
    json_t *pos = lsp_position(&lines, text, len, at, enc);
    lsp_lines_free(&lines);
    char title[128];
    snprintf(title, sizeof title, "add an exception for %s to .tdlint.yaml (then write its reason)",
             f->rule_id);
    action = json_pack("{s:s,s:s,s:[O],s:{s:{s:[{s:{s:O,s:o},s:s}]}}}", "title", title, "kind",
                       "quickfix", "diagnostics", diag, "edit", "changes", uri, "range", "start",
                       pos, "end", pos, "newText", insert);
    if (action && select &&
        lsp_add_select(action, uri, text, len, at, insert, strlen(insert) - 2, enc) < 0) {
        json_decref(action);
        action = NULL;
    }
done:
    free(rel);
    free(text);
    free(insert);
    free(uri);
    return action;
}
