/* tdlint's own JSON report, schema "tdlint/1": docs/json-format.md describes
 * it, docs/tdlint-json.schema.json is its JSON Schema. A change of a member's
 * name, type or meaning needs a new schema version; new members do not. */
#include "report.h"

/* Sets o[key] = v, taking v's reference (also when o is NULL: an allocation
 * failed before); remembers a failure in *fail. */
static void put(json_t *o, const char *key, json_t *v, int *fail)
{
    if (!o) {
        json_decref(v);
        *fail = 1;
    } else if (json_object_set_new(o, key, v) < 0) {
        *fail = 1;
    }
}

/* Appends v to a, taking v's reference, likewise. */
static void push(json_t *a, json_t *v, int *fail)
{
    if (!a) {
        json_decref(v);
        *fail = 1;
    } else if (json_array_append_new(a, v) < 0) {
        *fail = 1;
    }
}

static json_t *position(td_position p)
{
    return json_pack("{s:I,s:I,s:I}", "line", (json_int_t)p.line, "column", (json_int_t)p.column,
                     "offset", (json_int_t)p.offset);
}

static const char *status_name(td_file_status s)
{
    switch (s) {
    case TD_FILE_OK:
        return "ok";
    case TD_FILE_SYNTAX_ERROR:
        return "syntax-error";
    case TD_FILE_INVALID:
        return "invalid";
    default:
        return "read-error";
    }
}

static json_t *writable_path(const td_writable_path *w, int *fail)
{
    json_t *o = json_object();
    put(o, "path", tdi_json_text(w->path), fail);
    put(o, "how", tdi_json_text(w->how), fail);
    put(o, "volume", tdi_json_text(w->volume), fail);
    put(o, "kind", json_string(td_volume_kind_name(w->kind)), fail);
    put(o, "host_path", tdi_json_text(w->host_path), fail);
    put(o, "computed", tdi_json_text(w->computed), fail);
    return o;
}

static json_t *container(const td_container_info *c, int *fail)
{
    json_t *o = json_object();
    put(o, "name", tdi_json_text(c->container), fail);
    put(o, "index", json_integer((json_int_t)c->index), fail);
    put(o, "pointer", tdi_json_text(c->pointer), fail);
    put(o, "condition", tdi_json_text(c->condition), fail);
    put(o, "root_writable", c->root_writable < 0 ? json_null() : json_boolean(c->root_writable),
        fail);
    json_t *paths = json_array();
    for (size_t i = 0; i < c->nwritable; i++)
        push(paths, writable_path(&c->writable[i], fail), fail);
    put(o, "writable", paths, fail);
    return o;
}

static json_t *tasks(const td_file *file, int *fail)
{
    json_t *a = json_array();
    for (size_t t = 0; t < td_file_task_count(file); t++) {
        const td_task_info *task = td_file_task(file, t);
        json_t *o = json_object();
        put(o, "name", tdi_json_text(task->name), fail);
        put(o, "pointer", tdi_json_text(task->pointer), fail);
        json_t *cs = json_array();
        for (size_t k = 0; k < task->ncontainers; k++) {
            const td_container_info *c = td_file_container(file, task->first_container + k);
            if (c)
                push(cs, container(c, fail), fail);
        }
        put(o, "containers", cs, fail);
        push(a, o, fail);
    }
    return a;
}

static json_t *finding(const td_file *file, const td_finding *f, int *fail)
{
    const td_rule_info *rule = td_rule_find(f->rule_id);
    json_t *o = json_object();
    put(o, "rule", json_string(f->rule_id), fail);
    put(o, "rule_name", json_string(rule ? rule->name : ""), fail);
    put(o, "level", json_string(td_level_name(f->level)), fail);
    put(o, "message", tdi_json_text(f->message), fail);
    put(o, "path", tdi_json_text(TDI_PATH_OF(file, f)), fail);
    put(o, "start", position(f->start), fail);
    put(o, "end", position(f->end), fail);
    put(o, "pointer", tdi_json_text(f->pointer), fail);
    put(o, "fingerprint", json_string(f->fingerprint), fail);
    put(o, "task", tdi_json_text(f->task), fail);
    put(o, "container", tdi_json_text(f->container), fail);
    put(o, "resource", tdi_json_text(f->resource), fail);
    json_t *rel = json_array();
    for (size_t r = 0; r < f->nrelated; r++) {
        json_t *x = json_object();
        put(x, "message", tdi_json_text(f->related[r].message), fail);
        put(x, "path", tdi_json_text(TDI_PATH_OF(file, &f->related[r])), fail);
        put(x, "start", position(f->related[r].start), fail);
        put(x, "end", position(f->related[r].end), fail);
        push(rel, x, fail);
    }
    put(o, "related", rel, fail);
    put(o, "suppressed", json_boolean(f->suppressed), fail);
    put(o, "suppression",
        f->suppressed
            ? json_pack("{s:s,s:o}", "kind", f->suppression_kind ? f->suppression_kind : "external",
                        "justification", tdi_json_text(f->justification ? f->justification : ""))
            : json_null(),
        fail);
    json_t *fix = json_null();
    if (f->nedits) {
        json_t *edits = json_array();
        for (size_t e = 0; e < f->nedits; e++) {
            json_t *x = json_object();
            put(x, "start", position(f->edits[e].start), fail);
            put(x, "end", position(f->edits[e].end), fail);
            put(x, "text", tdi_json_text(f->edits[e].text), fail);
            push(edits, x, fail);
        }
        json_decref(fix);
        fix = json_object();
        put(fix, "description", tdi_json_text(f->fix ? f->fix : ""), fail);
        put(fix, "edits", edits, fail);
    }
    put(o, "fix", fix, fail);
    put(o, "unfixable", tdi_json_text(f->unfixable), fail);
    return o;
}

/* file's entry in "files"; its findings at or above min_level are counted
 * into count[level] (unsuppressed) and *suppressed. */
static json_t *json_file(const td_file *file, td_level min_level, size_t *count, size_t *suppressed)
{
    int fail = 0;
    json_t *o = json_object();
    put(o, "path", tdi_json_text(file->path), &fail);
    put(o, "status", json_string(status_name(file->status)), &fail);
    put(o, "error", tdi_json_text(file->status == TD_FILE_OK ? NULL : file->error), &fail);
    put(o, "tasks", tasks(file, &fail), &fail);
    json_t *fs = json_array();
    for (size_t k = 0; k < file->findings.n; k++) {
        const td_finding *f = &file->findings.v[k];
        if (f->level < min_level)
            continue;
        if (f->suppressed)
            (*suppressed)++;
        else if (f->level <= TD_LEVEL_ERROR)
            count[f->level]++;
        push(fs, finding(file, f, &fail), &fail);
    }
    put(o, "findings", fs, &fail);
    if (fail) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* A file skipped: kept for "skipped", written after "files". */
static int skip(td_report *r, const td_file *file)
{
    int fail = 0;
    const td_finding *f = file->findings.n ? &file->findings.v[0] : NULL;
    td_position none = {1, 1, 0};
    json_t *o = json_object();
    put(o, "path", tdi_json_text(file->path), &fail);
    put(o, "reason", tdi_json_text(file->error ? file->error : ""), &fail);
    put(o, "start", position(f ? f->start : none), &fail);
    put(o, "end", position(f ? f->end : none), &fail);
    push(r->notes, o, &fail);
    return fail ? TD_ENOMEM : TD_OK;
}

static int begin(td_report *r)
{
    tdi_jw *w = &r->w;
    r->notes = json_array();
    if (!r->notes)
        w->err = TD_ENOMEM;
    tdi_jw_open(w, '{');
    tdi_jw_key(w, 0, 0, "schema");
    tdi_jw_value(w, json_string(TDI_JSON_SCHEMA), 1);
    tdi_jw_key(w, 0, 1, "tool");
    tdi_jw_value(w, json_pack("{s:s,s:s}", "name", "tdlint", "version", TD_VERSION), 1);
    tdi_jw_key(w, 0, 2, "files");
    tdi_jw_open(w, '[');
    return w->err;
}

static int add(td_report *r, const td_file *file)
{
    tdi_jw_elem(&r->w, 1, r->n++);
    tdi_jw_value(&r->w, json_file(file, r->o.min_level, r->count, &r->suppressed), 2);
    return r->w.err;
}

static int end(td_report *r, int execution_successful)
{
    (void)execution_successful;
    tdi_jw *w = &r->w;
    tdi_jw_close(w, 1, r->n, ']');
    tdi_jw_key(w, 0, 3, "skipped");
    tdi_jw_value(w, json_incref(r->notes), 1);
    tdi_jw_key(w, 0, 4, "summary");
    tdi_jw_value(w,
                 json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "files", (json_int_t)r->files, "skipped",
                           (json_int_t)json_array_size(r->notes), "errors",
                           (json_int_t)r->count[TD_LEVEL_ERROR], "warnings",
                           (json_int_t)r->count[TD_LEVEL_WARNING], "notes",
                           (json_int_t)r->count[TD_LEVEL_NOTE], "suppressed",
                           (json_int_t)r->suppressed),
                 1);
    tdi_jw_close(w, 0, 5, '}');
    if (!w->err && fputc('\n', r->out) == EOF)
        w->err = TD_EIO;
    return w->err;
}

const tdi_report_format tdi_report_json = {"json", begin, add, end, skip};
