/* Positions and URIs for the language server.
 *
 * tdlint locates a finding by line, code-point column and byte offset; an
 * LSP position is a line and a character offset in the units the client and
 * server agreed on (UTF-16 code units unless UTF-8 or UTF-32 was chosen). The
 * conversion works from the byte offset and the document text the server
 * holds, so that it is exact whatever the characters: one outside the BMP
 * (🐳) is 4 bytes, 2 UTF-16 units and 1 code point. */
#include "lsp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lsp_lines_build(lsp_lines *l, const char *text, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n')))
            n++;
    l->start = malloc(n * sizeof *l->start);
    if (!l->start)
        return -1;
    l->n = 0;
    l->start[l->n++] = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n')))
            l->start[l->n++] = i + 1;
    return 0;
}

void lsp_lines_free(lsp_lines *l)
{
    free(l->start);
    l->start = NULL;
    l->n = 0;
}

size_t lsp_units(const char *s, size_t n, lsp_encoding enc)
{
    if (enc == LSP_UTF8)
        return n;
    size_t u = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80)
            continue; /* a continuation byte */
        u += enc == LSP_UTF16 && c >= 0xF0 ? 2 : 1;
    }
    return u;
}

json_t *lsp_position(const lsp_lines *l, const char *text, size_t len, size_t off, lsp_encoding enc)
{
    if (off > len)
        off = len;
    /* the last line that starts at or before off */
    size_t lo = 0, hi = l->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t from = l->start[lo];
    /* an offset inside a CRLF is at the end of its line */
    size_t upto = off;
    if (upto > from && text[upto - 1] == '\r' && upto < len && text[upto] == '\n')
        upto--;
    return json_pack("{s:I,s:I}", "line", (json_int_t)lo, "character",
                     (json_int_t)lsp_units(text + from, upto - from, enc));
}

json_t *lsp_range(const lsp_lines *l, const char *text, size_t len, size_t from, size_t to,
                  lsp_encoding enc)
{
    return json_pack("{s:o,s:o}", "start", lsp_position(l, text, len, from, enc), "end",
                     lsp_position(l, text, len, to < from ? from : to, enc));
}

static int hexval(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* s[0, n) percent-decoded (owned); NULL for a %00, or out of memory. */
static char *decode(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
            (lo = hexval(s[i + 2])) >= 0) {
            *o = (char)(hi * 16 + lo);
            if (*o == '\0') {
                free(out);
                return NULL;
            }
            o++;
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

char *lsp_uri_path(const char *uri, int *is_file)
{
    *is_file = 0;
    const char *colon = strchr(uri, ':');
    if (!colon || colon == uri)
        return NULL;
    const char *p = colon + 1;
    size_t n;
    if ((size_t)(colon - uri) == 4 && strncasecmp(uri, "file", 4) == 0) {
        *is_file = 1;
        if (strncmp(p, "//", 2) == 0) {
            p += 2; /* the authority: empty or "localhost" */
            const char *slash = strchr(p, '/');
            if (!slash)
                return NULL;
            p = slash;
        }
        n = strcspn(p, "?#");
        if (n == 0 || p[0] != '/')
            return NULL;
    } else {
        if (strncmp(p, "//", 2) == 0) { /* an authority: the path follows it */
            const char *slash = strchr(p + 2, '/');
            p = slash ? slash : p + strlen(p);
        }
        n = strcspn(p, "?#");
        if (n == 0)
            return NULL;
    }
    return decode(p, n);
}

char *lsp_uri_from_path(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *out = malloc(7 + 3 * n + 1), *o = out;
    if (!out)
        return NULL;
    o += sprintf(o, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p)) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

int lsp_add_select(json_t *action, const char *uri, const char *text, size_t len, size_t at,
                   const char *insert, size_t sel, lsp_encoding enc)
{
    /* the position is the edited text's */
    size_t n = strlen(insert);
    char *edited = malloc(len + n + 1);
    if (!edited)
        return -1;
    memcpy(edited, text, at);
    memcpy(edited + at, insert, n);
    memcpy(edited + at + n, text + at, len - at);
    edited[len + n] = '\0';
    lsp_lines lines = {0};
    json_t *range = NULL;
    if (lsp_lines_build(&lines, edited, len + n) == 0)
        range = lsp_range(&lines, edited, len + n, at + sel, at + sel, enc);
    lsp_lines_free(&lines);
    free(edited);
    json_t *cmd = range ? json_pack("{s:s,s:s,s:[s,o]}", "title", "write the reason", "command",
                                    LSP_SELECT_REASON, "arguments", uri, range)
                        : NULL;
    return cmd ? json_object_set_new(action, "command", cmd) : -1;
}
