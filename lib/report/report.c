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
#include "report.h"

#include <string.h>

/* The formats, indexed by td_format. */
static const tdi_report_format *const FORMATS[] = {
    [TD_FORMAT_TEXT] = &tdi_report_text,     [TD_FORMAT_SARIF] = &tdi_report_sarif,
    [TD_FORMAT_JSON] = &tdi_report_json,     [TD_FORMAT_GITHUB] = &tdi_report_github,
    [TD_FORMAT_GITLAB] = &tdi_report_gitlab, [TD_FORMAT_JUNIT] = &tdi_report_junit,
};
#define NFORMATS (sizeof FORMATS / sizeof FORMATS[0])

const char *td_format_name(td_format format)
{
    return (unsigned)format < NFORMATS ? FORMATS[format]->name : NULL;
}

int td_format_parse(const char *name, td_format *out)
{
    for (size_t i = 0; name && i < NFORMATS; i++)
        if (strcmp(name, FORMATS[i]->name) == 0) {
            *out = (td_format)i;
            return TD_OK;
        }
    return TD_EINVAL;
}

static int fail(td_report *r, int err)
{
    if (!r->err)
        r->err = err;
    return r->err;
}

int td_report_begin(FILE *out, const td_report_options *options, td_report **report)
{
    *report = NULL;
    if ((unsigned)options->format >= NFORMATS)
        return TD_EINVAL;
    td_report *r = tdi_calloc(1, sizeof *r);
    if (!r)
        return TD_ENOMEM;
    r->fmt = FORMATS[options->format];
    r->o = *options;
    r->out = out;
    r->w.out = out;
    tdi_buf_init(&r->b);
    tdi_buf_init(&r->tmp);
    *report = r;
    int err = r->fmt->begin ? r->fmt->begin(r) : TD_OK;
    if (err == TD_OK)
        err = r->w.err;
    return err < 0 ? fail(r, err) : TD_OK;
}

int td_report_add(td_report *r, const td_file *file)
{
    if (r->err)
        return r->err;
    if (file->status == TD_FILE_SKIPPED) {
        int err = r->fmt->skip ? r->fmt->skip(r, file) : TD_OK;
        return err < 0 ? fail(r, err) : TD_OK;
    }
    int err = r->fmt->add(r, file);
    r->files++;
    return err < 0 ? fail(r, err) : TD_OK;
}

int td_report_end(td_report *r, int execution_successful)
{
    if (!r)
        return TD_ENOMEM;
    if (!r->err) {
        int err = r->fmt->end ? r->fmt->end(r, execution_successful) : TD_OK;
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
