/* Plain text: one line per finding, PATH:LINE:COL: LEVEL: MESSAGE [ID];
 * a suppressed finding, when asked for, ends in " (suppressed: REASON)". */
#include "internal.h"

#include <stdint.h>
#include <string.h>

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
            if (f->suppressed) {
                /* a reason may span lines (a YAML block scalar): keep the finding one line */
                const char *why = f->justification ? f->justification : "";
                tdi_buf b;
                tdi_buf_init(&b);
                tdi_buf_escaped(&b, why, strlen(why), SIZE_MAX);
                if (b.failed) {
                    tdi_buf_free(&b);
                    return TD_ENOMEM;
                }
                fprintf(out, " (suppressed: %s)", b.data ? b.data : "");
                tdi_buf_free(&b);
            }
            fputc('\n', out);
        }
    }
    return ferror(out) ? TD_EIO : TD_OK;
}
