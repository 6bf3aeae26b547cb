/* A report written file by file: td_report_begin writes what comes before
 * the first file, td_report_add a file's part, td_report_end the rest. The
 * caller may free each td_file once it is added, so a run over any number of
 * files holds one file's results at a time. td_emit_* write a whole list the
 * same way, so both give the same bytes.
 *
 * The JSON formats are laid out as one jansson dump of the whole document
 * would be (tdi_jw); in SARIF the run's "results" come before its
 * "invocations", which say how the run as a whole ended. JUnit's root element
 * carries the totals, so its suites wait in a temporary file (in memory when
 * none can be made) until the end. */
#include "internal.h"

#include <string.h>

struct td_report {
    td_report_options o;
    FILE *out;
    tdi_jw w;
    int err;       /* the first error; every later call returns it */
    size_t n;      /* files (JSON) or results (SARIF, GitLab) written so far */
    size_t files;  /* files added */
    size_t count[TD_LEVEL_ERROR + 1], suppressed; /* JSON: the summary */
    json_t *notes; /* SARIF: notifications of the files that could not be read or parsed */
    tdi_buf b, tmp; /* scratch; JUnit: suites when no temporary file could be made */
    FILE *suites;   /* JUnit: the suites so far */
    tdi_junit_counts total;
};

static int fail(td_report *r, int err)
{
    if (!r->err)
        r->err = err;
    return r->err;
}

static void begin_json(td_report *r)
{
    tdi_jw *w = &r->w;
    tdi_jw_open(w, '{');
    tdi_jw_key(w, 0, 0, "schema");
    tdi_jw_value(w, json_string(TDI_JSON_SCHEMA), 1);
    tdi_jw_key(w, 0, 1, "tool");
    tdi_jw_value(w, json_pack("{s:s,s:s}", "name", "tdlint", "version", TD_VERSION), 1);
    tdi_jw_key(w, 0, 2, "files");
    tdi_jw_open(w, '[');
}

static void begin_sarif(td_report *r)
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
    tdi_jw_value(w, tdi_sarif_tool(), 3);
    tdi_jw_key(w, 2, 1, "results");
    tdi_jw_open(w, '[');
}

int td_report_begin(FILE *out, const td_report_options *options, td_report **report)
{
    *report = NULL;
    td_report *r = tdi_calloc(1, sizeof *r);
    if (!r)
        return TD_ENOMEM;
    r->o = *options;
    if (r->o.format == TD_FORMAT_TEXT)
        r->o.text.min_level = r->o.min_level;
    if (r->o.format == TD_FORMAT_JUNIT && r->o.junit.fail_level == TD_LEVEL_NONE)
        r->o.junit.fail_level = TD_LEVEL_WARNING;
    r->out = out;
    r->w.out = out;
    tdi_buf_init(&r->b);
    tdi_buf_init(&r->tmp);
    switch (r->o.format) {
    case TD_FORMAT_JSON:
        begin_json(r);
        break;
    case TD_FORMAT_SARIF:
        begin_sarif(r);
        break;
    case TD_FORMAT_GITLAB:
        tdi_jw_open(&r->w, '[');
        break;
    case TD_FORMAT_JUNIT:
        r->suites = tmpfile(); /* NULL: they wait in r->b */
        break;
    default:
        break;
    }
    if (r->w.err)
        fail(r, r->w.err);
    *report = r;
    return r->err;
}

static int add_sarif(td_report *r, const td_file *file)
{
    for (size_t k = 0; k < file->findings.n && !r->w.err; k++) {
        const td_finding *f = &file->findings.v[k];
        if (f->level < r->o.min_level)
            continue;
        tdi_jw_elem(&r->w, 3, r->n++);
        tdi_jw_value(&r->w, tdi_sarif_result(file, f), 4);
    }
    json_t *note;
    if (tdi_sarif_note(file, &note) < 0)
        return TD_ENOMEM;
    if (note && json_array_append_new(r->notes, note) < 0)
        return TD_ENOMEM;
    return r->w.err;
}

static int add_gitlab(td_report *r, const td_file *file)
{
    for (size_t k = 0; k < file->findings.n && !r->w.err; k++) {
        const td_finding *f = &file->findings.v[k];
        if (f->level < r->o.min_level || f->suppressed)
            continue;
        tdi_jw_elem(&r->w, 0, r->n++);
        tdi_jw_value(&r->w, tdi_gitlab_issue(file, f), 1);
    }
    return r->w.err;
}

static int add_junit(td_report *r, const td_file *file)
{
    if (r->suites)
        r->b.len = 0;
    int err = tdi_junit_suite(&r->b, &r->tmp, file, r->o.min_level, r->o.junit.fail_level,
                              &r->total);
    if (err < 0 || r->b.failed || r->tmp.failed)
        return err < 0 ? err : TD_ENOMEM;
    if (!r->suites) /* kept in memory: the buffer grows from one suite to the next */
        return TD_OK;
    if (r->b.len && fwrite(r->b.data, 1, r->b.len, r->suites) != r->b.len)
        return TD_EIO;
    return TD_OK;
}

int td_report_add(td_report *r, const td_file *file)
{
    if (r->err)
        return r->err;
    int err = TD_OK;
    switch (r->o.format) {
    case TD_FORMAT_TEXT:
        err = tdi_text_file(r->out, &r->b, file, &r->o.text);
        break;
    case TD_FORMAT_GITHUB:
        r->b.len = 0;
        err = tdi_github_file(r->out, &r->b, file, r->o.min_level);
        break;
    case TD_FORMAT_JSON:
        tdi_jw_elem(&r->w, 1, r->n++);
        tdi_jw_value(&r->w, tdi_json_file(file, r->o.min_level, r->count, &r->suppressed), 2);
        err = r->w.err;
        break;
    case TD_FORMAT_SARIF:
        err = add_sarif(r, file);
        break;
    case TD_FORMAT_GITLAB:
        err = add_gitlab(r, file);
        break;
    case TD_FORMAT_JUNIT:
        err = add_junit(r, file);
        break;
    }
    r->files++;
    return err < 0 ? fail(r, err) : TD_OK;
}

static void end_json(td_report *r)
{
    tdi_jw *w = &r->w;
    tdi_jw_close(w, 1, r->n, ']');
    tdi_jw_key(w, 0, 3, "summary");
    tdi_jw_value(w,
                 json_pack("{s:I,s:I,s:I,s:I,s:I}", "files", (json_int_t)r->files, "errors",
                           (json_int_t)r->count[TD_LEVEL_ERROR], "warnings",
                           (json_int_t)r->count[TD_LEVEL_WARNING], "notes",
                           (json_int_t)r->count[TD_LEVEL_NOTE], "suppressed",
                           (json_int_t)r->suppressed),
                 1);
    tdi_jw_close(w, 0, 4, '}');
}

static void end_sarif(td_report *r, int execution_successful)
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
        tdi_jw_value(w, tdi_sarif_base_ids(root), 3);
    }
    tdi_jw_close(w, 2, k, '}');
    tdi_jw_close(w, 1, 1, ']');
    tdi_jw_close(w, 0, 3, '}');
}

static int end_junit(td_report *r)
{
    fprintf(r->out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"tdlint\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
            r->total.tests, r->total.failures, r->total.errors);
    if (!r->suites) {
        if (r->b.len)
            fwrite(r->b.data, 1, r->b.len, r->out);
    } else {
        if (fflush(r->suites) != 0 || fseek(r->suites, 0, SEEK_SET) != 0)
            return TD_EIO;
        char chunk[16384];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, r->suites)) > 0)
            if (fwrite(chunk, 1, got, r->out) != got)
                return TD_EIO;
        if (ferror(r->suites))
            return TD_EIO;
    }
    fputs("</testsuites>\n", r->out);
    return TD_OK;
}

int td_report_end(td_report *r, int execution_successful)
{
    if (!r)
        return TD_ENOMEM;
    if (!r->err) {
        int err = TD_OK;
        switch (r->o.format) {
        case TD_FORMAT_JSON:
            end_json(r);
            break;
        case TD_FORMAT_SARIF:
            end_sarif(r, execution_successful);
            break;
        case TD_FORMAT_GITLAB:
            tdi_jw_close(&r->w, 0, r->n, ']');
            break;
        case TD_FORMAT_JUNIT:
            err = end_junit(r);
            break;
        default:
            break;
        }
        if (r->o.format == TD_FORMAT_JSON || r->o.format == TD_FORMAT_SARIF ||
            r->o.format == TD_FORMAT_GITLAB) {
            if (!r->w.err && fputc('\n', r->out) == EOF)
                r->w.err = TD_EIO;
            err = r->w.err;
        }
        if (err < 0)
            fail(r, err);
        else if (ferror(r->out))
            fail(r, TD_EIO);
    }
    int err = r->err;
    if (r->suites)
        fclose(r->suites);
    json_decref(r->notes);
    tdi_buf_free(&r->b);
    tdi_buf_free(&r->tmp);
    tdi_free(r);
    return err;
}

/* ---- a whole list at once ---- */

static int emit_all(FILE *out, td_file *const *files, size_t n, const td_report_options *o,
                    int execution_successful)
{
    td_report *r;
    int err = td_report_begin(out, o, &r);
    for (size_t i = 0; i < n && err == TD_OK; i++)
        err = td_report_add(r, files[i]);
    int end = td_report_end(r, execution_successful);
    return err < 0 ? err : end;
}

int td_emit_text(FILE *out, td_file *const *files, size_t n, const td_text_options *options)
{
    td_report_options o = {.format = TD_FORMAT_TEXT, .min_level = TD_LEVEL_NOTE};
    if (options) {
        o.text = *options;
        o.min_level = options->min_level;
    }
    return emit_all(out, files, n, &o, 1);
}

int td_emit_sarif(FILE *out, td_file *const *files, size_t n, td_level min_level,
                  const td_sarif_options *options)
{
    td_report_options o = {.format = TD_FORMAT_SARIF, .min_level = min_level};
    if (options)
        o.sarif = *options;
    return emit_all(out, files, n, &o, options ? options->execution_successful : 1);
}

int td_emit_json(FILE *out, td_file *const *files, size_t n, td_level min_level)
{
    td_report_options o = {.format = TD_FORMAT_JSON, .min_level = min_level};
    return emit_all(out, files, n, &o, 1);
}

int td_emit_github(FILE *out, td_file *const *files, size_t n, td_level min_level)
{
    td_report_options o = {.format = TD_FORMAT_GITHUB, .min_level = min_level};
    return emit_all(out, files, n, &o, 1);
}

int td_emit_gitlab(FILE *out, td_file *const *files, size_t n, td_level min_level)
{
    td_report_options o = {.format = TD_FORMAT_GITLAB, .min_level = min_level};
    return emit_all(out, files, n, &o, 1);
}

int td_emit_junit(FILE *out, td_file *const *files, size_t n, td_level min_level,
                  const td_junit_options *options)
{
    td_report_options o = {.format = TD_FORMAT_JUNIT, .min_level = min_level};
    o.junit.fail_level = options ? options->fail_level : TD_LEVEL_WARNING;
    return emit_all(out, files, n, &o, 1);
}
