/* Where the report goes: standard output, or with --output a temporary file
 * beside the file named, renamed into place once the report is whole. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void sink_error(const cli_config *cfg)
{
    const char *what = cfg->mode == CLI_DIFF ? "diff" : "report";
    if (cfg->output)
        fprintf(stderr,
                "tdlint: cannot write the %s to %s: %s: check that its folder exists and "
                "is writable\n",
                what, cfg->output, strerror(errno));
    else
        fprintf(stderr, "tdlint: cannot write the %s to standard %s: %s\n", what,
                cfg->report_to_stderr ? "error" : "output", strerror(errno));
}

int cli_sink_open(cli_sink *s, const cli_config *cfg, td_level fail_level)
{
    memset(s, 0, sizeof *s);
    s->out = cfg->report_to_stderr ? stderr : stdout;
    if (cfg->output) {
        size_t len = strlen(cfg->output);
        s->tmp = malloc(len + sizeof ".tmp.XXXXXX");
        if (!s->tmp) {
            fprintf(stderr, "tdlint: out of memory\n");
            return -1;
        }
        memcpy(s->tmp, cfg->output, len);
        memcpy(s->tmp + len, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
        int fd = mkstemp(s->tmp);
        s->out = fd < 0 ? NULL : fdopen(fd, "w");
        if (!s->out) {
            sink_error(cfg);
            if (fd >= 0) {
                close(fd);
                unlink(s->tmp);
            }
            free(s->tmp);
            s->tmp = NULL;
            return -1;
        }
    }
    td_report_options o = {.format = cfg->format, .min_level = TD_LEVEL_NOTE};
    o.sarif.srcroot_dir = getcwd(s->cwd, sizeof s->cwd) ? s->cwd : NULL;
    o.junit.fail_level = fail_level;
    o.text.show_suppressed = cfg->show_suppressed;
    cli_text_style(cfg, &o.text);
    if (cfg->mode == CLI_DIFF) /* no report: the diffs */
        return 0;
    if (td_report_begin(s->out, &o, &s->report) < 0) {
        s->err = TD_EIO;
        s->err_errno = errno;
    }
    return 0;
}

void cli_sink_add(cli_sink *s, const td_file *f)
{
    if (!s->err && s->report && (td_report_add(s->report, f) < 0 || (!s->tmp && fflush(s->out)))) {
        s->err = TD_EIO;
        s->err_errno = errno;
    }
}

void cli_sink_write(cli_sink *s, const char *data, size_t len)
{
    if (!s->err && (fwrite(data, 1, len, s->out) != len || (!s->tmp && fflush(s->out)))) {
        s->err = TD_EIO;
        s->err_errno = errno;
    }
}

void cli_sink_abandon(cli_sink *s)
{
    if (s->report)
        td_report_end(s->report, 0);
    if (!s->tmp) {
        fflush(s->out);
    } else {
        fclose(s->out);
        unlink(s->tmp);
    }
    free(s->tmp);
}

int cli_sink_close(cli_sink *s, const cli_config *cfg, int execution_successful)
{
    int rc = s->report ? td_report_end(s->report, execution_successful) : TD_OK;
    if (rc < 0 && !s->err) {
        s->err = rc;
        s->err_errno = errno;
    }
    if (!s->tmp) {
        if (fflush(s->out) != 0 && !s->err) {
            s->err = TD_EIO;
            s->err_errno = errno;
        }
    } else if (fclose(s->out) != 0 && !s->err) {
        s->err = TD_EIO;
        s->err_errno = errno;
    }
    if (!s->err && s->tmp && rename(s->tmp, cfg->output) != 0) {
        s->err = TD_EIO;
        s->err_errno = errno;
    }
    if (s->err) {
        errno = s->err == TD_ENOMEM ? ENOMEM : s->err_errno;
        sink_error(cfg);
        if (s->tmp)
            unlink(s->tmp);
    }
    free(s->tmp);
    return s->err ? -1 : 0;
}
