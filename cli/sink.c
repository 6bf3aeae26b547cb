/* Where the report goes: standard output, or with --output a temporary file
 * beside the file named, renamed into place once the report is whole (or,
 * when --output names /dev/stdout and the like, a device or a FIFO, that
 * itself: see open_output). */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void sink_error(const cli_config *cfg)
{
    const char *what = cfg->mode == CLI_DIFF ? "diff" : "report";
    int where = errno == ENOENT || errno == ENOTDIR || errno == EACCES || errno == EROFS;
    if (cfg->output)
        fprintf(stderr, "tdlint: cannot write the %s to %s: %s%s\n", what, cfg->output,
                strerror(errno), where ? ": check that its folder exists and is writable" : "");
    else
        fprintf(stderr, "tdlint: cannot write the %s to standard %s: %s\n", what,
                cfg->report_to_stderr ? "error" : "output", strerror(errno));
}

/* A temporary file beside path, created as a new file would be (0666 less
 * the umask) or with the permissions of the file it replaces (st, or NULL);
 * its name in *tmp. */
static int create_beside(const char *path, const struct stat *st, char **tmp)
{
    size_t len = strlen(path);
    *tmp = malloc(len + sizeof ".tmp.4294967295.99");
    if (!*tmp) {
        errno = ENOMEM;
        return -1;
    }
    for (unsigned n = 0; n < 100; n++) {
        sprintf(*tmp, "%s.tmp.%u.%u", path, (unsigned)getpid(), n);
        int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 && st && fchmod(fd, st->st_mode & 07777) != 0) {
            int e = errno;
            close(fd);
            unlink(*tmp);
            errno = e;
            break;
        }
        if (fd >= 0)
            return fd;
        if (errno != EEXIST)
            break;
    }
    int e = errno;
    free(*tmp);
    *tmp = NULL;
    errno = e;
    return -1;
}

/* The descriptor a path names that stands for one of the process's open
 * descriptors (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N), or -1. */
static int descriptor_path(const char *path)
{
    if (!strcmp(path, "/dev/stdout"))
        return 1;
    if (!strcmp(path, "/dev/stderr"))
        return 2;
    const char *n = !strncmp(path, "/dev/fd/", 8)          ? path + 8
                    : !strncmp(path, "/proc/self/fd/", 14) ? path + 14
                                                           : NULL;
    if (!n || *n < '0' || *n > '9')
        return -1;
    char *end;
    long fd = strtol(n, &end, 10);
    return *end || fd > INT_MAX ? -1 : (int)fd;
}

/* --output FILE: a regular file (new, or replacing one, through a symbolic
 * link too) is written whole to a temporary file renamed over it at the end.
 * /dev/stdout and the like are written to through the descriptor they stand
 * for (so that >> appends), and anything else that exists (a FIFO, a
 * terminal, /dev/null) is opened and written to: neither is ever replaced. */
static int open_output(cli_sink *s, const char *output)
{
    struct stat st;
    int exists = stat(output, &st) == 0;
    int fd = descriptor_path(output);
    if (fd >= 0 || (exists && !S_ISREG(st.st_mode))) {
        if (fd >= 0)
            fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        else if (S_ISDIR(st.st_mode))
            errno = EISDIR;
        else
            fd = open(output, O_WRONLY | O_CLOEXEC);
        s->out = fd < 0 ? NULL : fdopen(fd, "w");
        if (!s->out && fd >= 0)
            close(fd);
        s->direct = s->out != NULL;
        return s->out ? 0 : -1;
    }
    char *real = exists ? realpath(output, NULL) : NULL; /* a link's target is replaced */
    if (exists && !real)
        return -1;
    s->target = real;
    fd = create_beside(real ? real : output, exists ? &st : NULL, &s->tmp);
    s->out = fd < 0 ? NULL : fdopen(fd, "w");
    if (!s->out && fd >= 0) {
        close(fd);
        unlink(s->tmp);
    }
    return s->out ? 0 : -1;
}

static void sink_forget(cli_sink *s)
{
    free(s->tmp);
    free(s->target);
    s->tmp = s->target = NULL;
}

int cli_sink_open(cli_sink *s, const cli_config *cfg, td_level fail_level)
{
    memset(s, 0, sizeof *s);
    s->out = cfg->report_to_stderr ? stderr : stdout;
    if (cfg->output && open_output(s, cfg->output) < 0) {
        int e = errno;
        sink_forget(s);
        errno = e;
        if (errno == ENOMEM)
            fprintf(stderr, "tdlint: out of memory\n");
        else
            sink_error(cfg);
        return -1;
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
    if (s->tmp) {
        fclose(s->out);
        unlink(s->tmp);
    } else if (s->direct) {
        fclose(s->out);
    } else {
        fflush(s->out);
    }
    sink_forget(s);
}

int cli_sink_close(cli_sink *s, const cli_config *cfg, int execution_successful)
{
    int rc = s->report ? td_report_end(s->report, execution_successful) : TD_OK;
    if (rc < 0 && !s->err) {
        s->err = rc;
        s->err_errno = errno;
    }
    if ((s->tmp || s->direct ? fclose(s->out) : fflush(s->out)) != 0 && !s->err) {
        s->err = TD_EIO;
        s->err_errno = errno;
    }
    if (!s->err && s->tmp && rename(s->tmp, s->target ? s->target : cfg->output) != 0) {
        s->err = TD_EIO;
        s->err_errno = errno;
    }
    if (s->err) {
        errno = s->err == TD_ENOMEM ? ENOMEM : s->err_errno;
        sink_error(cfg);
        if (s->tmp)
            unlink(s->tmp);
    }
    sink_forget(s);
    return s->err ? -1 : 0;
}
