/* GitHub Actions workflow commands: one annotation per finding,
 *   ::error file=PATH,line=L,col=C,endLine=L,endColumn=C,title=TD001 NAME::MESSAGE
 * escaped as the runner reads them (actions/toolkit, packages/core command.ts):
 * in the message % CR LF become %25 %0D %0A; in property values : and , also
 * become %3A and %2C. */
#include "report.h"

#include <string.h>

static void escape(tdi_buf *b, const char *s, int property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%':
            tdi_buf_puts(b, "%25");
            break;
        case '\r':
            tdi_buf_puts(b, "%0D");
            break;
        case '\n':
            tdi_buf_puts(b, "%0A");
            break;
        case ':':
            tdi_buf_puts(b, property ? "%3A" : ":");
            break;
        case ',':
            tdi_buf_puts(b, property ? "%2C" : ",");
            break;
        default:
            tdi_buf_putc(b, *s);
        }
    }
}

static const char *command(td_level level)
{
    return level >= TD_LEVEL_ERROR ? "error" : level == TD_LEVEL_WARNING ? "warning" : "notice";
}

static void annotation(tdi_buf *b, const td_file *file, const td_finding *f)
{
    const td_rule_info *rule = td_rule_find(f->rule_id);
    unsigned long end_line = f->end.line, end_col = f->end.column;
    if (end_line < f->start.line || (end_line == f->start.line && end_col < f->start.column)) {
        end_line = f->start.line;
        end_col = f->start.column;
    }
    tdi_buf_printf(b, "::%s file=", command(f->level));
    escape(b, tdi_repo_path(TDI_PATH_OF(file, f)), 1);
    /* The checks API takes columns only for an annotation on one line. */
    if (end_line == f->start.line)
        tdi_buf_printf(b, ",line=%lu,col=%lu,endLine=%lu,endColumn=%lu", f->start.line,
                       f->start.column, end_line, end_col);
    else
        tdi_buf_printf(b, ",line=%lu,endLine=%lu", f->start.line, end_line);
    tdi_buf_puts(b, ",title=");
    tdi_buf_puts(b, f->rule_id);
    if (rule) {
        tdi_buf_putc(b, ' ');
        escape(b, rule->name, 1);
    }
    tdi_buf_puts(b, "::");
    escape(b, f->message, 0);
    escape(b, tdi_fixable_note(f), 0);
    tdi_buf_putc(b, '\n');
}

static int github_file(FILE *out, tdi_buf *b, const td_file *file, td_level min_level)
{
    for (size_t k = 0; k < file->findings.n; k++) {
        const td_finding *f = &file->findings.v[k];
        if (f->level < min_level || f->suppressed)
            continue;
        b->len = 0;
        annotation(b, file, f);
        if (b->failed)
            return TD_ENOMEM;
        fwrite(b->data, 1, b->len, out);
    }
    return ferror(out) ? TD_EIO : TD_OK;
}

static int add(td_report *r, const td_file *file)
{
    r->b.len = 0;
    return github_file(r->out, &r->b, file, r->o.min_level);
}

const tdi_report_format tdi_report_github = {"github", NULL, add, NULL, NULL};
