/* GitLab Code Quality report (a subset of the Code Climate issue format): a
 * JSON array with one issue per unsuppressed finding,
 *   {"type": "issue", "check_name": "TD001", "description": "...",
 *    "categories": ["Security"], "severity": "major", "fingerprint": "...",
 *    "location": {"path": "...", "lines": {"begin": 4, "end": 4}}}
 * Severity: error is major, warning minor, note info. The fingerprint is 32
 * hex digits: the FNV-1a hash of the path, then the finding's own fingerprint
 * (unique in its file, stable when lines move), so that it is unique in the
 * report and the same from one run to the next. */
#include "report.h"

#include <string.h>

static const char *severity(td_level level)
{
    return level >= TD_LEVEL_ERROR ? "major" : level == TD_LEVEL_WARNING ? "minor" : "info";
}

static json_t *issue(const td_file *file, const td_finding *f)
{
    const td_rule_info *rule = td_rule_find(f->rule_id);
    const char *path = tdi_repo_path(TDI_PATH_OF(file, f));
    char fp[33];
    snprintf(fp, sizeof fp, "%016llx%.16s", (unsigned long long)tdi_hash64(path, strlen(path), 0),
             f->fingerprint);
    unsigned long end = f->end.line < f->start.line ? f->start.line : f->end.line;
    /* Code Climate categories: rules with a security severity are about
     * security, the others (input errors, invalid values) are bug risks. */
    const char *category = rule && rule->security_severity ? "Security" : "Bug Risk";
    tdi_buf d;
    tdi_buf_init(&d);
    tdi_buf_puts(&d, f->message);
    tdi_buf_puts(&d, tdi_fixable_note(f));
    json_t *description = d.failed ? NULL : tdi_json_text(d.data);
    tdi_buf_free(&d);
    return json_pack("{s:s,s:s,s:o,s:[s],s:s,s:s,s:{s:o,s:{s:I,s:I}}}", "type", "issue",
                     "check_name", f->rule_id, "description", description, "categories", category,
                     "severity", severity(f->level), "fingerprint", fp, "location", "path",
                     tdi_json_text(path), "lines", "begin", (json_int_t)f->start.line, "end",
                     (json_int_t)end);
}

static int begin(td_report *r)
{
    tdi_jw_open(&r->w, '[');
    return r->w.err;
}

static int add(td_report *r, const td_file *file)
{
    for (size_t k = 0; k < file->findings.n && !r->w.err; k++) {
        const td_finding *f = &file->findings.v[k];
        if (f->level < r->o.min_level || f->suppressed)
            continue;
        tdi_jw_elem(&r->w, 0, r->n++);
        tdi_jw_value(&r->w, issue(file, f), 1);
    }
    return r->w.err;
}

static int end(td_report *r, int execution_successful)
{
    (void)execution_successful;
    tdi_jw_close(&r->w, 0, r->n, ']');
    if (!r->w.err && fputc('\n', r->out) == EOF)
        r->w.err = TD_EIO;
    return r->w.err;
}

const tdi_report_format tdi_report_gitlab = {"gitlab", begin, add, end, NULL};
