/* --verbose: for each file, what was recognized in it and why (or why no
 * task definition), then for each container checked, whether its root
 * filesystem is read-only and every path it can write to, on one line:
 *   taskdef.json: register-task-definition input: task definition "web-app"
 *   (containerDefinitions at 3:3)
 *   taskdef.json: task "web-app" container "web": root read-only; writes /tmp
 *   (mountPoints[0], volume "tmp", scratch), /cache (linuxParameters.tmpfs[0], tmpfs) */
#include "cli.h"

/* Writes s with control characters escaped; in double quotes (with " and \
 * escaped) when quote is set. */
static void put_text(FILE *out, const char *s, int quote)
{
    if (quote)
        fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else if (quote && (*p == '"' || *p == '\\'))
            fprintf(out, "\\%c", *p);
        else
            fputc(*p, out);
    }
    if (quote)
        fputc('"', out);
}

static void put_path(FILE *out, const td_writable_path *w)
{
    if (w->path)
        put_text(out, w->path, 0);
    else
        fputs("an unknown path", out);
    fputs(" (", out);
    put_text(out, w->how, 0);
    if (w->volume) {
        fputs(", volume ", out);
        put_text(out, w->volume, 1);
    }
    fprintf(out, ", %s", td_volume_kind_name(w->kind));
    if (w->host_path) {
        fputc(' ', out);
        put_text(out, w->host_path, 1);
    }
    if (w->computed) {
        fputs(", depends on ", out);
        put_text(out, w->computed, 0);
    }
    fputc(')', out);
}

void cli_print_writable(FILE *out, td_file *const *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *line;
        size_t nlines = 0;
        for (; (line = td_file_recognized(files[i], nlines)) != NULL; nlines++) {
            put_text(out, td_file_path(files[i]), 0);
            fputs(": ", out);
            put_text(out, line, 0);
            fputc('\n', out);
        }
        if (nlines == 0 && td_file_get_status(files[i]) == TD_FILE_OK) {
            put_text(out, td_file_path(files[i]), 0);
            fputs(": no task definition: the file holds no document (it is empty, or only "
                  "comments)\n",
                  out);
        }
        for (size_t k = 0; k < td_file_container_count(files[i]); k++) {
            const td_container_info *c = td_file_container(files[i], k);
            if (!c)
                break;
            put_text(out, td_file_path(files[i]), 0);
            fputs(": ", out);
            if (c->task) {
                fputs("task ", out);
                put_text(out, c->task, 1);
                fputc(' ', out);
            }
            fputs("container ", out);
            if (c->container)
                put_text(out, c->container, 1);
            else if (c->name_expr)
                put_text(out, c->name_expr, 0);
            else
                fprintf(out, "#%zu", c->index + 1);
            if (c->condition) {
                fputs(" (when ", out);
                put_text(out, c->condition, 0);
                fputc(')', out);
            }
            fputs(c->root_writable > 0    ? ": root writable; writes anywhere"
                  : c->root_writable == 0 ? ": root read-only; writes"
                                          : ": root not known; writes",
                  out);
            if (c->nwritable == 0 && c->root_writable <= 0)
                fputs(c->root_writable == 0 ? " nothing" : " nothing else", out);
            for (size_t p = 0; p < c->nwritable; p++) {
                fputs(p == 0 ? (c->root_writable > 0 ? ", and " : " ") : ", ", out);
                put_path(out, &c->writable[p]);
            }
            fputc('\n', out);
        }
    }
}
