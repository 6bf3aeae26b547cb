/* Plain text: one line per finding, PATH:LINE:COL: LEVEL: MESSAGE [ID]. */
#include "internal.h"

int td_emit_text(FILE *out, td_file *const *files, size_t n, const td_text_options *options)
{
    td_level min_level = options ? options->min_level : TD_LEVEL_NOTE;
    int show_suppressed = options ? options->show_suppressed : 0;
    for (size_t i = 0; i < n; i++) {
        const td_file *file = files[i];
        for (size_t k = 0; k < file->nfindings; k++) {
            const td_finding *f = &file->findings[k];
            if (f->level < min_level || (f->suppressed && !show_suppressed))
                continue;
            fprintf(out, "%s:%lu:%lu: %s: %s [%s]", file->path, f->start.line, f->start.column,
                    td_level_name(f->level), f->message, f->rule_id);
            if (f->suppressed)
                fprintf(out, " (suppressed: %s)", f->justification ? f->justification : "");
            fputc('\n', out);
        }
    }
    return ferror(out) ? TD_EIO : TD_OK;
}
