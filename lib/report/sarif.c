/* SARIF 2.1.0: one run, every rule in the driver, one result per finding,
 * columns in Unicode code points, a notification per file that could not be
 * read or parsed: the pieces of the log as jansson trees, written out file by
 * file as the table of report.c says. */
#include "report.h"

#include <string.h>

#ifndef TDLINT_HOMEPAGE
#define TDLINT_HOMEPAGE "https://github.com/tdlint/tdlint"
#endif

/* SARIF's levels are tdlint's: "error", "warning", "note" (and "none"). */
#define sarif_level td_level_name

/* Percent-encodes a path for a URI reference (RFC 3986: unreserved and '/' stay). */
static void uri_encode(tdi_buf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            tdi_buf_putc(b, (char)c);
        } else {
            tdi_buf_putc(b, '%');
            tdi_buf_putc(b, hex[c >> 4]);
            tdi_buf_putc(b, hex[c & 15]);
        }
    }
}

/* {"uri": ..., "uriBaseId": "%SRCROOT%"} for a relative path, a file URI for an absolute one. */
static json_t *artifact_location(const char *path)
{
    tdi_buf b;
    tdi_buf_init(&b);
    int absolute = path[0] == '/';
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    if (absolute)
        tdi_buf_puts(&b, "file://");
    uri_encode(&b, path);
    if (b.failed) {
        tdi_buf_free(&b);
        return NULL;
    }
    json_t *loc = absolute ? json_pack("{s:s}", "uri", b.data)
                           : json_pack("{s:s,s:s}", "uri", b.data, "uriBaseId", "%SRCROOT%");
    tdi_buf_free(&b);
    return loc;
}

static json_t *region(const td_finding *f)
{
    unsigned long end_line = f->end.line, end_col = f->end.column;
    if (end_line < f->start.line || (end_line == f->start.line && end_col < f->start.column)) {
        end_line = f->start.line;
        end_col = f->start.column;
    }
    json_t *r = json_pack("{s:I,s:I,s:I,s:I}", "startLine", (json_int_t)f->start.line,
                          "startColumn", (json_int_t)f->start.column, "endLine",
                          (json_int_t)end_line, "endColumn", (json_int_t)end_col);
    /* the region's text; left out when it is not UTF-8 (json_string refuses it) */
    json_t *text = f->snippet ? json_string(f->snippet) : NULL;
    if (r && text)
        json_object_set_new(r, "snippet", json_pack("{s:o}", "text", text));
    else
        json_decref(text);
    return r;
}

static json_t *physical_location(const char *path, const td_finding *f)
{
    return json_pack("{s:{s:o,s:o}}", "physicalLocation", "artifactLocation",
                     artifact_location(path), "region", region(f));
}

/* A finding's location: where it is, and for Terraform the resource's address. */
static json_t *location(const char *path, const td_finding *f)
{
    json_t *loc = physical_location(path, f);
    if (loc && f->resource &&
        json_object_set_new(loc, "logicalLocations",
                            json_pack("[{s:o,s:s}]", "fullyQualifiedName",
                                      tdi_json_text(f->resource), "kind", "resource")) < 0) {
        json_decref(loc);
        return NULL;
    }
    return loc;
}

static json_t *rule_descriptor(const td_rule_info *r)
{
    json_t *tags = json_array();
    if (!tags)
        return NULL;
    if (r->security_severity) {
        json_array_append_new(tags, json_string("security"));
        json_array_append_new(tags, json_string("ecs"));
    } else if (strcmp(r->id, "TD000") == 0) {
        json_array_append_new(tags, json_string("input"));
    } else {
        json_array_append_new(tags, json_string("correctness"));
        json_array_append_new(tags, json_string("ecs"));
    }
    json_t *props = json_pack("{s:o,s:s}", "tags", tags, "precision", "very-high");
    if (props && r->security_severity)
        json_object_set_new(props, "security-severity", json_string(r->security_severity));
    return json_pack("{s:s,s:s,s:{s:s},s:{s:s},s:{s:s,s:s},s:{s:s},s:o}", "id", r->id, "name",
                     r->name, "shortDescription", "text", r->summary, "fullDescription", "text",
                     r->summary, "help", "text", r->doc, "markdown", r->doc, "defaultConfiguration",
                     "level", sarif_level(r->level), "properties", props);
}

static size_t rule_index(const char *id)
{
    for (size_t i = 0; i < td_rule_count(); i++)
        if (strcmp(td_rule_at(i)->id, id) == 0)
            return i;
    return 0;
}

static json_t *tool(void)
{
    json_t *rules = json_array();
    for (size_t i = 0; rules && i < td_rule_count(); i++)
        if (json_array_append_new(rules, rule_descriptor(td_rule_at(i)))) {
            json_decref(rules);
            return NULL;
        }
    if (!rules)
        return NULL;
    return json_pack("{s:{s:s,s:s,s:s,s:s,s:o}}", "driver", "name", "tdlint", "version", TD_VERSION,
                     "semanticVersion", TD_VERSION, "informationUri", TDLINT_HOMEPAGE, "rules",
                     rules);
}

/* SARIF's fixes for f: one fix, one artifactChange with a replacement per
 * edit (an insertion: a region whose end is its start). */
static json_t *fixes(const td_file *file, const td_finding *f)
{
    json_t *reps = json_array();
    for (size_t i = 0; reps && i < f->nedits; i++) {
        const td_edit *e = &f->edits[i];
        json_t *deleted =
            json_pack("{s:I,s:I,s:I,s:I}", "startLine", (json_int_t)e->start.line, "startColumn",
                      (json_int_t)e->start.column, "endLine", (json_int_t)e->end.line, "endColumn",
                      (json_int_t)e->end.column);
        json_t *text = tdi_json_text(e->text);
        if (json_array_append_new(reps, json_pack("{s:o,s:{s:o}}", "deletedRegion", deleted,
                                                  "insertedContent", "text", text)) < 0) {
            json_decref(reps);
            reps = NULL;
        }
    }
    if (!reps)
        return NULL;
    return json_pack("[{s:{s:o},s:[{s:o,s:o}]}]", "description", "text",
                     tdi_json_text(f->fix ? f->fix : ""), "artifactChanges", "artifactLocation",
                     artifact_location(TDI_PATH_OF(file, f)), "replacements", reps);
}

static json_t *result(const td_file *file, const td_finding *f)
{
    json_t *res =
        json_pack("{s:s,s:I,s:s,s:{s:o},s:[o],s:{s:s}}", "ruleId", f->rule_id, "ruleIndex",
                  (json_int_t)rule_index(f->rule_id), "level", sarif_level(f->level), "message",
                  "text", tdi_json_text(f->message), "locations", location(TDI_PATH_OF(file, f), f),
                  "partialFingerprints", "tdlint/v1", f->fingerprint);
    if (res && f->nrelated) {
        json_t *rel = json_array();
        for (size_t r = 0; rel && r < f->nrelated; r++) {
            td_finding place = *f;
            place.start = f->related[r].start;
            place.end = f->related[r].end;
            place.snippet = f->related[r].snippet;
            json_t *loc = physical_location(TDI_PATH_OF(file, &f->related[r]), &place);
            if (loc) {
                json_object_set_new(loc, "id", json_integer((json_int_t)r + 1));
                json_object_set_new(
                    loc, "message",
                    json_pack("{s:o}", "text", tdi_json_text(f->related[r].message)));
            }
            json_array_append_new(rel, loc);
        }
        json_object_set_new(res, "relatedLocations", rel);
    }
    if (res && f->nedits && json_object_set_new(res, "fixes", fixes(file, f)) < 0) {
        json_decref(res);
        return NULL;
    }
    if (res && f->unfixable &&
        json_object_set_new(res, "properties",
                            json_pack("{s:o}", "unfixable", tdi_json_text(f->unfixable))) < 0) {
        json_decref(res);
        return NULL;
    }
    /* A suppressed finding stays a result, with the exception that accepted it.
     * No "status": the spec names it status, the OASIS schema file state
     * (oasis-tcs/sarif-spec#449); it is optional, and absent means accepted. */
    if (res && f->suppressed &&
        json_object_set_new(
            res, "suppressions",
            json_pack("[{s:s,s:o}]", "kind", f->suppression_kind ? f->suppression_kind : "external",
                      "justification", tdi_json_text(f->justification ? f->justification : ""))) <
            0) {
        json_decref(res);
        return NULL;
    }
    return res;
}

static int note_of(const td_file *file, json_t **note)
{
    *note = NULL;
    const td_finding *f = NULL; /* the first TD000 (a file with duplicate keys has others) */
    for (size_t i = 0; file->status != TD_FILE_OK && !f && i < file->findings.n; i++)
        if (strcmp(file->findings.v[i].rule_id, "TD000") == 0)
            f = &file->findings.v[i];
    if (!f)
        return TD_OK;
    tdi_buf m;
    tdi_buf_init(&m);
    tdi_buf_printf(&m, "%s: %s", file->path, file->error ? file->error : "error");
    *note = m.failed ? NULL
                     : json_pack("{s:s,s:{s:o},s:[o],s:{s:s}}", "level", "error", "message", "text",
                                 tdi_json_text(m.data), "locations",
                                 physical_location(file->path, f), "descriptor", "id", "TD000");
    tdi_buf_free(&m);
    return *note ? TD_OK : TD_ENOMEM;
}

/* A file skipped: a notification of level note, where its error is. */
static int skip(td_report *r, const td_file *file)
{
    if (file->findings.n == 0)
        return TD_OK;
    tdi_buf m;
    tdi_buf_init(&m);
    tdi_buf_printf(&m,
                   "%s: skipped, as nothing in it looks like a task definition (--strict "
                   "reports it): %s",
                   file->path, file->error ? file->error : "error");
    json_t *note = m.failed ? NULL
                            : json_pack("{s:s,s:{s:o},s:[o]}", "level", "note", "message", "text",
                                        tdi_json_text(m.data), "locations",
                                        physical_location(file->path, &file->findings.v[0]));
    tdi_buf_free(&m);
    if (!note || json_array_append_new(r->notes, note) < 0)
        return TD_ENOMEM;
    return TD_OK;
}

static json_t *base_ids(const char *srcroot_dir)
{
    tdi_buf u;
    tdi_buf_init(&u);
    tdi_buf_puts(&u, "file://");
    uri_encode(&u, srcroot_dir);
    if (u.len == 0 || u.data[u.len - 1] != '/')
        tdi_buf_putc(&u, '/');
    json_t *ids = u.failed ? NULL : json_pack("{s:{s:s}}", "%SRCROOT%", "uri", u.data);
    tdi_buf_free(&u);
    return ids;
}

static int begin(td_report *r)
{
    tdi_jw *w = &r->w;
    r->notes = json_array();
    if (!r->notes)
        w->err = TD_ENOMEM;
    tdi_jw_open(w, '{');
    tdi_jw_key(w, 0, 0, "$schema");
    tdi_jw_value(w, json_string("https://json.schemastore.org/sarif-2.1.0.json"), 1);
    tdi_jw_key(w, 0, 1, "version");
    tdi_jw_value(w, json_string("2.1.0"), 1);
    tdi_jw_key(w, 0, 2, "runs");
    tdi_jw_open(w, '[');
    tdi_jw_elem(w, 1, 0);
    tdi_jw_open(w, '{');
    tdi_jw_key(w, 2, 0, "tool");
    tdi_jw_value(w, tool(), 3);
    tdi_jw_key(w, 2, 1, "results");
    tdi_jw_open(w, '[');
    return w->err;
}

static int add(td_report *r, const td_file *file)
{
    for (size_t k = 0; k < file->findings.n && !r->w.err; k++) {
        const td_finding *f = &file->findings.v[k];
        if (f->level < r->o.min_level)
            continue;
        tdi_jw_elem(&r->w, 3, r->n++);
        tdi_jw_value(&r->w, result(file, f), 4);
    }
    json_t *note;
    if (note_of(file, &note) < 0)
        return TD_ENOMEM;
    if (note && json_array_append_new(r->notes, note) < 0)
        return TD_ENOMEM;
    return r->w.err;
}

static int end(td_report *r, int execution_successful)
{
    tdi_jw *w = &r->w;
    tdi_jw_close(w, 3, r->n, ']');
    size_t k = 2;
    tdi_jw_key(w, 2, k++, "invocations");
    tdi_jw_value(w,
                 json_pack("[{s:b,s:O}]", "executionSuccessful", execution_successful,
                           "toolExecutionNotifications", r->notes),
                 3);
    tdi_jw_key(w, 2, k++, "columnKind");
    tdi_jw_value(w, json_string("unicodeCodePoints"), 3);
    /* "category/run": GitHub keeps the results of each category apart; no
     * run ID, so that reruns replace each other */
    tdi_jw_key(w, 2, k++, "automationDetails");
    tdi_jw_value(w, json_pack("{s:s}", "id", "tdlint/"), 3);
    const char *root = r->o.sarif.srcroot_dir;
    if (root && root[0] == '/') {
        tdi_jw_key(w, 2, k++, "originalUriBaseIds");
        tdi_jw_value(w, base_ids(root), 3);
    }
    tdi_jw_close(w, 2, k, '}');
    tdi_jw_close(w, 1, 1, ']');
    tdi_jw_close(w, 0, 3, '}');
    if (!w->err && fputc('\n', r->out) == EOF)
        w->err = TD_EIO;
    return w->err;
}

const tdi_report_format tdi_report_sarif = {"sarif", begin, add, end, skip};
