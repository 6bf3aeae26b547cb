/* textDocument/codeAction: tdlint's safe fixes (td_finding.edits) as quick
 * fixes, each followed by the exceptions for the finding (lsp_ignore.c, lsp_suppress.c). The client
 * names the diagnostics it wants fixed; each is matched to a finding by rule ID (code) and range,
 * and, for clients that send byte columns back where the server sent other units, by rule ID and
 * start line. Without diagnostics in the request, the findings on the lines of the range requested
 * are offered.
 */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

/* A position as (line, character), or 0 when pos is none. */
static int pos_of(const json_t *pos, json_int_t *line, json_int_t *ch)
{
    json_t *l = json_object_get(pos, "line"), *c = json_object_get(pos, "character");
    if (!json_is_integer(l) || !json_is_integer(c))
        return 0;
    *line = json_integer_value(l);
    *ch = json_integer_value(c);
    return 1;
}

/* Whether ranges a and b share a line (a cursor, an empty range, finds the
 * diagnostics of its line). */
static int meets(const json_t *a, const json_t *b)
{
    json_int_t a0, a1, b0, b1, ch;
    if (!pos_of(json_object_get(a, "start"), &a0, &ch) ||
        !pos_of(json_object_get(a, "end"), &a1, &ch) ||
        !pos_of(json_object_get(b, "start"), &b0, &ch) ||
        !pos_of(json_object_get(b, "end"), &b1, &ch))
        return 0;
    return a0 <= b1 && b0 <= a1;
}

/* Whether the client asked only for kinds other than quickfix. */
static int quickfix_wanted(const json_t *context)
{
    json_t *only = json_object_get(context, "only");
    if (!json_is_array(only))
        return 1;
    size_t i;
    json_t *k;
    json_array_foreach(only, i, k)
    {
        const char *s = json_string_value(k);
        size_t n = s ? strlen(s) : 0;
        if (s && (n == 0 || (strncmp("quickfix", s, n) == 0 && (n == 8 || s[n] == '.'))))
            return 1;
    }
    return 0;
}

/* The quick fix of finding f for diagnostic diag (borrowed). */
static json_t *action(const lsp_doc_view *v, const td_finding *f, json_t *diag, lsp_encoding enc)
{
    json_t *edits = json_array();
    for (size_t i = 0; edits && i < f->nedits; i++) {
        const td_edit *e = &f->edits[i];
        json_array_append_new(edits, json_pack("{s:o,s:s}", "range",
                                               lsp_range(v->lines, v->text, v->len, e->start.offset,
                                                         e->end.offset, enc),
                                               "newText", e->text));
    }
    json_t *changes = json_object();
    if (changes && edits)
        json_object_set(changes, v->uri, edits);
    json_decref(edits);
    return json_pack("{s:s,s:s,s:[O],s:b,s:{s:o}}", "title", f->fix ? f->fix : "apply tdlint's fix",
                     "kind", "quickfix", "diagnostics", diag, "isPreferred", 1, "edit", "changes",
                     changes);
}

/* The finding that diagnostic d of the client stands for: -1 none. */
static long match(const lsp_doc_view *v, const json_t *d, lsp_encoding enc)
{
    const char *code = json_string_value(json_object_get(d, "code"));
    const char *source = json_string_value(json_object_get(d, "source"));
    json_t *range = json_object_get(d, "range");
    json_int_t line, ch;
    if (!code || (source && strcmp(source, "tdlint") != 0) ||
        !pos_of(json_object_get(range, "start"), &line, &ch))
        return -1;
    long by_line = -1;
    for (size_t i = 0; i < td_file_finding_count(v->file); i++) {
        const td_finding *f = td_file_finding(v->file, i);
        if (f->suppressed || strcmp(f->rule_id, code) != 0)
            continue;
        json_t *ours = lsp_finding_range(v, f, enc);
        json_int_t ol = -1, oc;
        int exact = json_equal(ours, range);
        pos_of(json_object_get(ours, "start"), &ol, &oc);
        json_decref(ours);
        if (exact)
            return (long)i;
        if (by_line < 0 && ol == line)
            by_line = (long)i;
    }
    return by_line;
}

/* The actions for finding f: its fix, then the exceptions for it (inline,
 * in the configuration). */
static void add_actions(json_t *out, const lsp_doc_view *v, const td_finding *f, json_t *diag,
                        lsp_encoding enc, int select)
{
    if (f->nedits)
        json_array_append_new(out, action(v, f, diag, enc));
    json_t *ig = lsp_ignore_action(v, f, diag, enc, select);
    if (ig)
        json_array_append_new(out, ig);
    json_t *ex = lsp_suppress_action(v, f, diag, enc, select);
    if (ex)
        json_array_append_new(out, ex);
}

json_t *lsp_code_actions(const lsp_doc_view *v, const json_t *params, lsp_encoding enc, int select)
{
    json_t *out = json_array(), *context = json_object_get(params, "context");
    json_t *diags = json_object_get(context, "diagnostics");
    size_t n = v->file ? td_file_finding_count(v->file) : 0;
    if (!out || n == 0 || !quickfix_wanted(context))
        return out;
    char *used = calloc(n, 1);
    if (!used) {
        json_decref(out);
        return NULL;
    }
    size_t i;
    json_t *d;
    if (json_array_size(diags) > 0) {
        json_array_foreach(diags, i, d)
        {
            long k = match(v, d, enc);
            if (k >= 0 && !used[k]) {
                used[k] = 1;
                add_actions(out, v, td_file_finding(v->file, (size_t)k), d, enc, select);
            }
        }
    } else { /* the fixable findings in the range asked about */
        json_t *range = json_object_get(params, "range");
        for (i = 0; i < n; i++) {
            const td_finding *f = td_file_finding(v->file, i);
            if (f->suppressed)
                continue;
            json_t *ours = lsp_diagnostic(v, f, enc);
            if (ours && meets(json_object_get(ours, "range"), range))
                add_actions(out, v, f, ours, enc, select);
            json_decref(ours);
        }
    }
    free(used);
    return out;
}
