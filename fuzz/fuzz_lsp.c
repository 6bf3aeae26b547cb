/* Fuzz target: the language server's JSON-RPC reader and everything behind
 * it (cli/lsp_*.c). The input is what a client writes to tdlint lsp; it is
 * fed to the reader in pieces (their sizes taken from the input's first
 * byte, so that a header or a body split anywhere is tried), each batch of
 * messages handled as the command handles it, documents linted between
 * batches. Whatever the bytes: no crash, no leak, and what the server writes
 * is a sequence of well-framed JSON objects, read back by the same reader. */
#include "fuzz.h"

#include "lsp.h"

#include <string.h>

typedef struct {
    char *data;
    size_t len, cap;
} sink;

static int sink_write(void *ctx, const char *data, size_t len)
{
    sink *s = ctx;
    if (s->len + len > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + len)
            cap *= 2;
        char *nd = realloc(s->data, cap);
        if (!nd)
            return -1;
        s->data = nd;
        s->cap = cap;
    }
    memcpy(s->data + s->len, data, len);
    s->len += len;
    return 0;
}

/* Handles the messages the reader holds, 64 at most at a time: 0, or -1
 * (the server is done). */
static int handle_batch(lsp_server *server, lsp_reader *r)
{
    json_t *msgs[64];
    const char *whys[64];
    size_t n;
    int rc, status;
    do {
        json_t *m;
        const char *why;
        for (n = 0; n < 64 && (rc = lsp_reader_next(r, &m, &why)) > 0; n++) {
            FUZZ_CHECK((rc == 1 && m && !why) || (rc == 2 && !m && why));
            msgs[n] = m;
            whys[n] = why;
        }
        int hrc = lsp_server_batch(server, msgs, whys, n);
        for (size_t i = 0; i < n; i++)
            json_decref(msgs[i]);
        if (hrc < 0 || rc < 0 || lsp_server_exited(server, &status))
            return -1;
    } while (n == 64);
    if (!lsp_reader_partial(r) && lsp_server_flush(server) < 0)
        return -1;
    return 0;
}

/* What the server wrote: every message framed and a JSON object. */
static void check_output(const sink *out)
{
    lsp_reader *r;
    if (lsp_reader_new(&r, LSP_MAX_BODY) < 0)
        return;
    if (out->len && lsp_reader_feed(r, out->data, out->len) < 0) {
        lsp_reader_free(r);
        return;
    }
    json_t *m;
    const char *why;
    int rc;
    while ((rc = lsp_reader_next(r, &m, &why)) == 1) {
        FUZZ_CHECK(json_is_object(m));
        FUZZ_CHECK(json_object_get(m, "jsonrpc") != NULL);
        json_decref(m);
    }
    FUZZ_CHECK(rc == 0 || rc == -1);
    FUZZ_CHECK(rc == -1 || !lsp_reader_partial(r));
    lsp_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t piece = (size_t)(data[0] % 16) * 37 + 1;
    data++;
    size--;
    sink out = {0};
    lsp_reader *r = NULL;
    lsp_server *server = NULL;
    if (lsp_reader_new(&r, 1 << 20) == 0 && lsp_server_new(&server, sink_write, &out, 0) == 0) {
        for (size_t at = 0; at < size; at += piece) {
            size_t n = size - at < piece ? size - at : piece;
            if (lsp_reader_feed(r, data + at, n) < 0 || handle_batch(server, r) < 0)
                break;
        }
        check_output(&out);
    }
    lsp_server_free(server);
    lsp_reader_free(r);
    free(out.data);
    return 0;
}
