/* JSON-RPC framing for the language server: each message is a header of
 * "Name: value" lines, each ended by CRLF, an empty line, then a body of
 * exactly Content-Length bytes of JSON. A header without a valid
 * Content-Length, and a body that is not JSON, are reported once and
 * skipped, so that the messages after them are still read. */
#include "lsp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A header longer than this with no empty line is not a header. */
#define MAX_HEADER 8192

struct lsp_reader {
    char *buf;
    size_t len, pos, cap; /* bytes buf[pos, len) not taken yet */
    size_t max_body;
    int in_body;     /* a header was read: body_len bytes of body follow */
    size_t body_len; /* in_body: the body's length */
    size_t skip;     /* bytes still to drop: the rest of a body too big to hold */
    int resync;      /* after a bad header: drop bytes up to the next "Content-Length" */
};

int lsp_reader_new(lsp_reader **out, size_t max_body)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return -1;
    (*out)->max_body = max_body;
    return 0;
}

void lsp_reader_free(lsp_reader *r)
{
    if (r)
        free(r->buf);
    free(r);
}

int lsp_reader_feed(lsp_reader *r, const void *data, size_t len)
{
    if (r->skip) { /* dropped as they come */
        size_t k = len < r->skip ? len : r->skip;
        r->skip -= k;
        data = (const char *)data + k;
        len -= k;
    }
    if (len == 0)
        return 0;
    if (r->pos > 0 && r->pos == r->len)
        r->pos = r->len = 0;
    if (r->len + len > r->cap) {
        if (r->pos > 0) { /* move what is left to the front first */
            memmove(r->buf, r->buf + r->pos, r->len - r->pos);
            r->len -= r->pos;
            r->pos = 0;
        }
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->len + len)
            cap *= 2;
        if (cap != r->cap) {
            char *nb = realloc(r->buf, cap);
            if (!nb)
                return -1;
            r->buf = nb;
            r->cap = cap;
        }
    }
    memcpy(r->buf + r->len, data, len);
    r->len += len;
    return 0;
}

int lsp_reader_partial(const lsp_reader *r)
{
    return r->in_body || r->skip || (!r->resync && r->len > r->pos);
}

size_t lsp_reader_wanted(const lsp_reader *r)
{
    if (r->skip)
        return r->skip;
    if (r->in_body && r->body_len > r->len - r->pos)
        return r->body_len - (r->len - r->pos);
    return 1;
}

/* The end of the header at h[0, n): the offset after its empty line, or 0. */
static size_t header_end(const char *h, size_t n)
{
    for (size_t i = 0; i + 3 < n; i++)
        if (h[i] == '\r' && h[i + 1] == '\n' && h[i + 2] == '\r' && h[i + 3] == '\n')
            return i + 4;
    return 0;
}

/* Reads the header h[0, n) (its lines, the empty one not included):
 * *length its Content-Length. NULL when it is good, else what is wrong. */
static const char *parse_header(const char *h, size_t n, size_t max_body, size_t *length,
                                int *too_big)
{
    int have = 0;
    *too_big = 0;
    for (size_t i = 0; i < n;) {
        const char *line = h + i, *end = memchr(line, '\r', n - i);
        size_t ll = end ? (size_t)(end - line) : n - i;
        i += ll + 2;
        const char *colon = memchr(line, ':', ll);
        if (!colon || colon == line)
            return "a header line is not \"Name: value\"";
        size_t nl = (size_t)(colon - line);
        if (nl != 14 || strncasecmp(line, "Content-Length", 14) != 0)
            continue; /* Content-Type and any other field */
        const char *v = colon + 1, *ve = line + ll;
        while (v < ve && (*v == ' ' || *v == '\t'))
            v++;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        if (v == ve || have)
            return have ? "two Content-Length headers" : "an empty Content-Length";
        size_t x = 0;
        for (; v < ve; v++) {
            if (!isdigit((unsigned char)*v))
                return "Content-Length is not a number";
            if (x > (max_body + 9) / 10) { /* keep on checking the digits */
                *too_big = 1;
                continue;
            }
            x = x * 10 + (size_t)(*v - '0');
        }
        if (x > max_body)
            *too_big = 1;
        *length = x;
        have = 1;
    }
    return have ? NULL : "no Content-Length header";
}

/* Drops the bytes before the next "Content-Length" at or after from
 * (keeping a tail that may be its start): whether one was found. */
static int seek_header(lsp_reader *r, size_t from)
{
    if (r->pos == r->len)
        return 0;
    const char *h = r->buf + r->pos;
    size_t avail = r->len - r->pos;
    for (size_t i = from; i + 14 <= avail; i++)
        if (strncasecmp(h + i, "Content-Length", 14) == 0) {
            r->pos += i;
            return 1;
        }
    if (avail > 13 && avail - 13 > from)
        r->pos += avail - 13;
    return 0;
}

/* Takes a header from the buffer: 1 done (in_body set), 2 a bad one (*why),
 * 0 not all there yet. After a bad header the bytes up to the next one are
 * dropped: they are most likely its body. */
static int take_header(lsp_reader *r, const char **why)
{
    if (r->resync && !seek_header(r, 0))
        return 0;
    r->resync = 0;
    while (r->pos < r->len && strchr(" \t\r\n", r->buf[r->pos]) && r->buf[r->pos])
        r->pos++; /* blank lines between messages */
    if (r->pos == r->len)
        return 0;
    const char *h = r->buf + r->pos;
    size_t avail = r->len - r->pos, end = header_end(h, avail);
    if (end == 0) {
        if (avail <= MAX_HEADER)
            return 0;
        seek_header(r, 1); /* garbage: drop it */
        r->resync = 1;
        *why = "a header longer than 8 KiB";
        return 2;
    }
    size_t length = 0;
    int too_big;
    *why = parse_header(h, end - 4, r->max_body, &length, &too_big);
    r->pos += end;
    if (*why) {
        r->resync = 1;
        return 2;
    }
    if (too_big) {
        size_t here = r->len - r->pos < length ? r->len - r->pos : length;
        r->pos += here;
        r->skip = length - here;
        *why = "a message bigger than the server takes";
        return 2;
    }
    r->in_body = 1;
    r->body_len = length;
    return 1;
}

int lsp_reader_next(lsp_reader *r, json_t **msg, const char **why)
{
    *msg = NULL;
    *why = NULL;
    if (!r->in_body) {
        int rc = take_header(r, why);
        if (rc != 1)
            return rc;
    }
    if (r->len - r->pos < r->body_len)
        return 0;
    json_error_t error;
    json_t *m = json_loadb(r->buf + r->pos, r->body_len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &error);
    r->pos += r->body_len;
    r->in_body = 0;
    r->body_len = 0;
    if (!m) {
        if (json_error_code(&error) == json_error_out_of_memory)
            return -1;
        *why = "the message is not JSON";
        return 2;
    }
    *msg = m;
    return 1;
}

int lsp_send(lsp_write_fn write, void *ctx, const json_t *msg)
{
    char *body = json_dumps(msg, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!body)
        return -1;
    size_t n = strlen(body);
    char head[64];
    int hn = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
    int rc = write(ctx, head, (size_t)hn) < 0 || write(ctx, body, n) < 0 ? -1 : 0;
    free(body);
    return rc;
}
