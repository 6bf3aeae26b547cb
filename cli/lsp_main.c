/* tdlint lsp: the language server's command. It reads standard input in
 * batches (all the bytes there are, without waiting), hands the messages of
 * a batch to the server together, and lints the documents changed only when
 * no more input is waiting and no message is half read: a burst of changes
 * is linted once, at its last version. Standard output carries protocol
 * only; --verbose logs to standard error. */
#include "lsp.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The most bytes read in one batch before its messages are handled. */
#define BATCH_BYTES ((size_t)64 * 1024 * 1024)
#define CHUNK ((size_t)1024 * 1024)

static int write_fd(void *ctx, const char *data, size_t len)
{
    int fd = *(int *)ctx;
    while (len > 0) {
        ssize_t k = write(fd, data, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        data += k;
        len -= (size_t)k;
    }
    return 0;
}

/* Whether input is waiting on fd (a poll that does not wait). */
static int ready(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    int rc;
    while ((rc = poll(&p, 1, 0)) < 0 && errno == EINTR)
        ;
    return rc > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR));
}

/* Reads once into r: the bytes read, 0 at end of input, -1 on error. */
static ssize_t read_some(int fd, lsp_reader *r, char *chunk)
{
    ssize_t k;
    while ((k = read(fd, chunk, CHUNK)) < 0 && errno == EINTR)
        ;
    if (k > 0 && lsp_reader_feed(r, chunk, (size_t)k) < 0)
        return -1;
    return k;
}

/* The messages of one batch. */
typedef struct {
    json_t **msgs;
    const char **whys;
    size_t n, cap;
} batch;

static int batch_take(batch *b, lsp_reader *r)
{
    for (;;) {
        json_t *m;
        const char *why;
        int rc = lsp_reader_next(r, &m, &why);
        if (rc <= 0)
            return rc;
        if (b->n == b->cap) {
            size_t cap = b->cap ? b->cap * 2 : 16;
            json_t **nm = realloc(b->msgs, cap * sizeof *nm);
            if (nm)
                b->msgs = nm;
            const char **nw = nm ? realloc(b->whys, cap * sizeof *nw) : NULL;
            if (!nw) {
                json_decref(m);
                return -1;
            }
            b->whys = nw;
            b->cap = cap;
        }
        b->msgs[b->n] = m;
        b->whys[b->n++] = why;
    }
}

static void batch_clear(batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        json_decref(b->msgs[i]);
    b->n = 0;
}

/* The server's loop: the exit status. */
static int serve(lsp_server *s, lsp_reader *r, char *chunk)
{
    batch b = {0};
    int status = 1;
    for (;;) {
        /* wait for input, then take all there is */
        size_t got = 0;
        ssize_t k = read_some(STDIN_FILENO, r, chunk);
        while (k > 0 && (got += (size_t)k) < BATCH_BYTES && ready(STDIN_FILENO))
            k = read_some(STDIN_FILENO, r, chunk);
        if (k < 0)
            break; /* a read error, or out of memory */
        int rc = batch_take(&b, r);
        if (rc < 0 || lsp_server_batch(s, b.msgs, b.whys, b.n) < 0)
            break;
        batch_clear(&b);
        if (lsp_server_exited(s, &status))
            break;
        if (k == 0) { /* the client is gone */
            status = lsp_server_eof_status(s);
            break;
        }
        if (!lsp_reader_partial(r) && !ready(STDIN_FILENO) && lsp_server_flush(s) < 0)
            break;
    }
    batch_clear(&b);
    free(b.msgs);
    free(b.whys);
    return status;
}

int cli_lsp_main(int argc, char **argv)
{
    int verbose = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
            verbose = 1;
        } else if (strcmp(argv[i], "--stdio") == 0) {
            /* what clients such as vscode-languageclient add: the only transport */
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            puts("usage: tdlint lsp [--verbose] [--stdio]\n"
                 "Runs tdlint as a language server (LSP 3.17) on standard input and output,\n"
                 "for editors: diagnostics as you type and quick fixes (docs/editors.md).\n"
                 "--verbose logs what the server does to standard error; --stdio, which some\n"
                 "clients add, changes nothing.");
            return fflush(stdout) == 0 ? 0 : 2;
        } else {
            fprintf(stderr, "tdlint lsp: unknown argument '%s' (tdlint lsp --help)\n", argv[i]);
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN); /* a client gone: writes fail, the server ends */
    int out_fd = STDOUT_FILENO;
    lsp_reader *r = NULL;
    lsp_server *s = NULL;
    char *chunk = malloc(CHUNK);
    int status = 1;
    if (!chunk || lsp_reader_new(&r, LSP_MAX_BODY) < 0 ||
        lsp_server_new(&s, write_fd, &out_fd, verbose) < 0) {
        fprintf(stderr, "tdlint lsp: out of memory\n");
    } else {
        if (verbose)
            fprintf(stderr, "tdlint lsp: tdlint %s, reading standard input\n", TD_VERSION);
        status = serve(s, r, chunk);
        if (verbose)
            fprintf(stderr, "tdlint lsp: exiting with status %d\n", status);
    }
    lsp_server_free(s);
    lsp_reader_free(r);
    free(chunk);
    return status;
}
