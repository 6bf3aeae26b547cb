/* Plain text: one line per finding, PATH:LINE:COL: LEVEL: MESSAGE [ID];
 * a suppressed finding, when asked for, ends in " (suppressed: REASON)".
 * For a terminal, the same line in colour and followed by a snippet of the
 * source, and each related location as a note with its own snippet. */
#include "report.h"

#include <stdint.h>
#include <string.h>

/* The SGR colour of each level, as GCC and Clang colour them. */
static const char *level_sgr(td_level level)
{
    switch (level) {
    case TD_LEVEL_ERROR:
        return "1;31";
    case TD_LEVEL_WARNING:
        return "1;35";
    default:
        return "1;36";
    }
}

/* "PATH:LINE:COL: LEVEL: ", the path bold and the level coloured when asked. */
static void head(tdi_buf *b, const td_file *file, const char *path, td_position p, td_level level,
                 const td_text_options *o)
{
    unsigned long col = o->byte_columns ? tdi_byte_column(file, path, p) : p.column;
    if (o->color)
        tdi_buf_printf(b, "\033[1m%s:%lu:%lu:\033[0m \033[%sm%s:\033[0m ", path, p.line, col,
                       level_sgr(level), td_level_name(level));
    else
        tdi_buf_printf(b, "%s:%lu:%lu: %s: ", path, p.line, col, td_level_name(level));
}

/* The source line of [start, end) with the span underlined; nothing when the
 * line is not kept (a file that could not be read). */
static void snippet(tdi_buf *b, const td_file *file, const char *path, td_position start,
                    td_position end, td_level level, const td_text_options *o)
{
    const tdi_file_line *l = tdi_file_line_find(file, path, start.line);
    if (!l)
        return;
    size_t from = start.offset > l->offset ? start.offset - l->offset : 0;
    size_t to = end.offset > l->offset ? end.offset - l->offset : 0;
    if (end.line > start.line)
        to = l->len + 1; /* the span goes on below */
    tdi_snippet_style style = {o->color ? level_sgr(level) : NULL, o->width};
    tdi_snippet(b, l->no, l->text, l->len, from, to, &style);
}

static int text_file(FILE *out, tdi_buf *b, const td_file *file, const td_text_options *o)
{
    for (size_t k = 0; k < file->findings.n; k++) {
        const td_finding *f = &file->findings.v[k];
        if (f->level < o->min_level || (f->suppressed && !o->show_suppressed))
            continue;
        b->len = 0;
        head(b, file, TDI_PATH_OF(file, f), f->start, f->level, o);
        tdi_buf_printf(b, "%s%s [%s]", f->message, tdi_fixable_note(f), f->rule_id);
        if (f->suppressed) {
            /* a reason may span lines (a YAML block scalar): keep the finding one line */
            const char *why = f->justification ? f->justification : "";
            tdi_buf_puts(b, " (suppressed: ");
            tdi_buf_escaped(b, why, strlen(why), SIZE_MAX);
            tdi_buf_putc(b, ')');
        }
        tdi_buf_putc(b, '\n');
        if (o->snippets) {
            snippet(b, file, TDI_PATH_OF(file, f), f->start, f->end, f->level, o);
            for (size_t r = 0; r < f->nrelated; r++) {
                const td_related *rel = &f->related[r];
                head(b, file, TDI_PATH_OF(file, rel), rel->start, TD_LEVEL_NOTE, o);
                tdi_buf_escaped(b, rel->message, strlen(rel->message), SIZE_MAX);
                tdi_buf_putc(b, '\n');
                snippet(b, file, TDI_PATH_OF(file, rel), rel->start, rel->end, TD_LEVEL_NOTE, o);
            }
        }
        if (b->failed)
            return TD_ENOMEM;
        fwrite(b->data, 1, b->len, out);
    }
    return ferror(out) ? TD_EIO : TD_OK;
}

static int begin(td_report *r)
{
    r->o.text.min_level = r->o.min_level; /* the report's, whatever text.min_level says */
    return TD_OK;
}

static int add(td_report *r, const td_file *file)
{
    return text_file(r->out, &r->b, file, &r->o.text);
}

const tdi_report_format tdi_report_text = {"text", begin, add, NULL, NULL};
