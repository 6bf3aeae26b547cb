/* --fix and --diff for one file: read it, lint it, and when a finding has a
 * fix, let td_fix_buffer fix it; then write the fixed text back atomically
 * (a temporary file beside the file, renamed over it), or put it, or its
 * diff, where the command prints it. Runs in the threads of cli/pool.c:
 * nothing here prints; what goes wrong is told in cli_fixed.error. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *why(int err, char *buf, size_t size)
{
    /* the XSI strerror_r, safe in threads: 0 on success */
    if (strerror_r(err, buf, size) != 0 || !buf[0])
        snprintf(buf, size, "error %d", err);
    return buf;
}

/* Reads fd to its end, or until it has more than max bytes (then *len is
 * max + 1, which td_lint_buffer reports as too large). 0, or an errno. */
static int read_all(int fd, size_t max, char **data, size_t *len)
{
    size_t cap = 4096, n = 0;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (unsigned long long)st.st_size <= max)
        cap = (size_t)st.st_size + 1;
    char *buf = malloc(cap);
    if (!buf)
        return ENOMEM;
    for (;;) {
        if (n == cap) {
            size_t more = cap > max / 2 ? max + 1 : cap * 2;
            char *p = more > cap ? realloc(buf, more) : NULL;
            if (!p) {
                free(buf);
                return ENOMEM;
            }
            buf = p;
            cap = more;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            return e;
        }
        n += (size_t)r;
        if (r == 0 || n > max)
            break;
    }
    *data = buf;
    *len = n;
    return 0;
}

/* Writes all of text to fd: 0, or an errno. */
static int write_all(int fd, const char *text, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, text, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno;
        text += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Replaces the file at fs_path (through a symbolic link: its target), which
 * was read as st says, with text: a temporary file in its folder, written,
 * flushed to disk and given the file's permissions and owner, is renamed
 * over it. On failure the file is as it was and *error says why. TD_OK
 * (written or not), or TD_ENOMEM. */
static int write_fixed(const char *fs_path, const struct stat *st, const char *text, size_t len,
                       char **error)
{
    char buf[256], msg[PATH_MAX + 300];
    int fd = -1, e = 0;
    char *tmp = NULL, *real = realpath(fs_path, NULL);
    if (!real) {
        snprintf(msg, sizeof msg, "%s", why(errno, buf, sizeof buf));
        goto fail;
    }
    char *slash = strrchr(real, '/');
    size_t dirlen = slash ? (size_t)(slash - real) : 0;
    const char *base = slash ? slash + 1 : real;
    tmp = malloc(strlen(real) + sizeof "/..tdlint-XXXXXX");
    if (!tmp) {
        e = ENOMEM;
        goto fail_errno;
    }
    sprintf(tmp, "%.*s/.%s.tdlint-XXXXXX", (int)dirlen, real, base);
    fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(msg, sizeof msg, "cannot create a temporary file in %.*s: %s",
                 dirlen ? (int)dirlen : 1, dirlen ? real : "/", why(errno, buf, sizeof buf));
        free(tmp);
        tmp = NULL;
        goto fail;
    }
    /* the owner first: changing it may clear set-user-ID bits that fchmod sets */
    if (fchown(fd, st->st_uid, st->st_gid) != 0) { /* best effort: only root may give files away */
    }
    if ((e = write_all(fd, text, len)) != 0 ||
        (fchmod(fd, st->st_mode & 07777) != 0 && (e = errno)) || (fsync(fd) != 0 && (e = errno)))
        goto fail_errno;
    int rc = close(fd);
    fd = -1;
    if (rc != 0) {
        e = errno;
        goto fail_errno;
    }
    /* still the file read, unchanged: else another program's change would be lost */
    struct stat now;
    if (stat(real, &now) != 0 || now.st_dev != st->st_dev || now.st_ino != st->st_ino ||
        now.st_size != st->st_size || now.st_mtim.tv_sec != st->st_mtim.tv_sec ||
        now.st_mtim.tv_nsec != st->st_mtim.tv_nsec) {
        snprintf(msg, sizeof msg, "it changed while it was being fixed; run tdlint --fix again");
        goto fail;
    }
    if (rename(tmp, real) != 0) {
        e = errno;
        goto fail_errno;
    }
    /* the rename itself on disk too (best effort: the file is in place) */
    tmp[dirlen ? dirlen : 1] = '\0';
    int dir = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        fsync(dir);
        close(dir);
    }
    free(tmp);
    free(real);
    return 0;
fail_errno:
    snprintf(msg, sizeof msg, "%s", why(e, buf, sizeof buf));
fail:
    if (fd >= 0)
        close(fd);
    if (tmp)
        unlink(tmp);
    free(tmp);
    free(real);
    *error = strdup(msg);
    return *error ? TD_OK : TD_ENOMEM;
}

/* Whether f has a finding with a fix. */
static int fixable(const td_file *f)
{
    for (size_t k = 0; k < td_file_finding_count(f); k++)
        if (td_file_finding(f, k)->nedits > 0)
            return 1;
    return 0;
}

/* The containers of f whose root filesystem is read-only. */
static size_t count_read_only(const td_file *f)
{
    size_t n = 0;
    for (size_t k = 0; k < td_file_container_count(f); k++)
        n += td_file_container(f, k)->root_writable == 0;
    return n;
}

/* The bytes of in: 0 with *data; 1 with *file when they cannot be read (a
 * TD000 error, as td_lint_path gives); TD_ENOMEM. *st is what was read. */
static int read_input(const td_config *tc, const cli_input *in, struct stat *st, char **data,
                      size_t *len, td_file **file)
{
    char buf[256];
    td_limits lim;
    td_config_get_limits(tc, &lim);
    int fd = in->fs_path ? open(in->fs_path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
    if (fd < 0)
        return td_file_new_read_error(in->display, why(errno, buf, sizeof buf), file) < 0
                   ? TD_ENOMEM
                   : 1;
    int e = fstat(fd, st) != 0 ? errno : S_ISDIR(st->st_mode) ? EISDIR : 0;
    if (e == 0 && S_ISREG(st->st_mode) && (unsigned long long)st->st_size > lim.max_file_size) {
        /* too large: the library says so without reading it */
        int err = td_lint_fd(tc, fd, in->display, file);
        if (in->fs_path)
            close(fd);
        return err < 0 ? TD_ENOMEM : 1;
    }
    if (e == 0)
        e = read_all(fd, lim.max_file_size, data, len);
    if (in->fs_path)
        close(fd);
    if (e == ENOMEM)
        return TD_ENOMEM;
    if (e != 0)
        return td_file_new_read_error(in->display, why(e, buf, sizeof buf), file) < 0 ? TD_ENOMEM
                                                                                      : 1;
    return 0;
}

/* What to do with the fixed text, when it differs from data: 0, or TD_ENOMEM. */
static int use_fixed(const cli_input *in, const struct stat *st, cli_mode mode, const char *data,
                     size_t len, char **fixed, size_t fixed_len, cli_fixed *fx)
{
    if (mode == CLI_DIFF) {
        FILE *m = open_memstream(&fx->out, &fx->out_len);
        if (!m)
            return TD_ENOMEM;
        int rc = cli_diff(m, in->display, data, len, *fixed, fixed_len);
        if (fclose(m) != 0 || rc < 0)
            return TD_ENOMEM;
        return TD_OK;
    }
    if (!in->fs_path) { /* standard input: the fixed text goes to standard output */
        fx->out = *fixed;
        fx->out_len = fixed_len;
        *fixed = NULL;
        return TD_OK;
    }
    if (!S_ISREG(st->st_mode)) {
        fx->error = strdup("it is not a regular file");
        return fx->error ? TD_OK : TD_ENOMEM;
    }
    return write_fixed(in->fs_path, st, *fixed, fixed_len, &fx->error);
}

int cli_fix_one(const td_config *tc, const cli_input *in, cli_mode mode, td_file **file,
                cli_fixed *fx)
{
    struct stat st;
    char *data = NULL, *fixed = NULL;
    size_t len = 0, fixed_len = 0, nfixed = 0;
    td_file *first = NULL, *result = NULL;
    memset(fx, 0, sizeof *fx);
    *file = NULL;
    int rc = read_input(tc, in, &st, &data, &len, file);
    if (rc != 0)
        return rc < 0 ? rc : TD_OK;
    rc = td_lint_buffer(tc, in->display, data, len, &first);
    /* a file cut at --max-findings may have fixes past the cut: fixing keeps them all */
    td_limits lim;
    td_config_get_limits(tc, &lim);
    if (rc == TD_OK && (fixable(first) || td_file_finding_count(first) > lim.max_findings))
        rc = td_fix_buffer(tc, in->display, data, len, &fixed, &fixed_len, &nfixed, &result);
    int changed = rc == TD_OK && result && (fixed_len != len || memcmp(fixed, data, len) != 0);
    if (rc == TD_OK && changed)
        rc = use_fixed(in, &st, mode, data, len, &fixed, fixed_len, fx);
    /* standard input, unchanged: out again as it came; unless it was cut
     * short at --max-file-size (TD000), when nothing goes out */
    if (rc == TD_OK && !in->fs_path && mode == CLI_FIX && !fx->out &&
        td_file_get_status(first) != TD_FILE_READ_ERROR) {
        fx->out = data;
        fx->out_len = len;
        data = NULL;
    }
    if (rc == TD_OK && changed && !fx->error) {
        fx->nfixed = nfixed;
        /* whatever rule's fix did it (TD001's, or TD003's renaming a key) */
        fx->made_read_only = count_read_only(result) > count_read_only(first);
    }
    if (rc == TD_OK && changed && !fx->error && mode == CLI_FIX) {
        *file = result; /* what remains */
        result = NULL;
    } else if (rc == TD_OK) {
        *file = first; /* --diff, nothing to fix, or not written: the file as it is */
        first = NULL;
    }
    if (rc < 0)
        cli_fixed_free(fx);
    td_file_free(first);
    td_file_free(result);
    free(data);
    free(fixed);
    return rc;
}

void cli_fixed_free(cli_fixed *fx)
{
    free(fx->out);
    free(fx->error);
    memset(fx, 0, sizeof *fx);
}
