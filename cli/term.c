/* Text output for a person at a terminal: when to show snippets and colours,
 * and the one-line summary of the run. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void cli_text_style(const cli_config *cfg, td_text_options *o)
{
    int fd = cfg->report_to_stderr ? STDERR_FILENO : STDOUT_FILENO;
    int tty = !cfg->output && isatty(fd);
    const char *no_color = getenv("NO_COLOR"); /* no-color.org: set and not empty */
    const char *term = getenv("TERM");
    o->snippets = tty || cfg->color == COLOR_ALWAYS;
    o->color = cfg->color == COLOR_ALWAYS ||
               (cfg->color == COLOR_AUTO && tty && !(no_color && *no_color) &&
                !(term && strcmp(term, "dumb") == 0));
    o->byte_columns = cfg->byte_columns;
    o->width = 0; /* the library's default: output is the same wherever it goes */
    struct winsize ws;
    if (tty && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        o->width = ws.ws_col;
}

static void count(FILE *out, size_t n, const char *one, const char *many)
{
    fprintf(out, "%zu %s", n, n == 1 ? one : many);
}

void cli_totals_add(cli_totals *t, const td_file *file)
{
    t->files++;
    t->tasks += td_file_task_count(file);
    t->containers += td_file_container_count(file);
    for (size_t k = 0; k < td_file_finding_count(file); k++) {
        const td_finding *f = td_file_finding(file, k);
        if (f->suppressed)
            t->suppressed++;
        else if (f->level <= TD_LEVEL_ERROR)
            t->by_level[f->level]++;
    }
}

void cli_print_summary(FILE *err, const cli_config *cfg, const cli_totals *t)
{
    size_t n = t->files, tasks = t->tasks, containers = t->containers, suppressed = t->suppressed;
    const size_t *by_level = t->by_level;
    fputs("tdlint: ", err);
    count(err, n, "file", "files");
    fputs(", ", err);
    count(err, tasks, "task definition", "task definitions");
    fputs(", ", err);
    count(err, containers, "container", "containers");
    fputs(": ", err);
    count(err, by_level[TD_LEVEL_ERROR], "error", "errors");
    fputs(", ", err);
    count(err, by_level[TD_LEVEL_WARNING], "warning", "warnings");
    fputs(", ", err);
    count(err, by_level[TD_LEVEL_NOTE], "note", "notes");
    if (suppressed)
        fprintf(err, " (%zu suppressed%s)", suppressed,
                cfg->format != TD_FORMAT_TEXT || cfg->show_suppressed ? ""
                : suppressed == 1 ? "; --show-suppressed prints it"
                                  : "; --show-suppressed prints them");
    fputc('\n', err);
}
