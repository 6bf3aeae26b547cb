/* Growable string buffers: appending, formatting, and escaping text so that
 * a message stays one readable line of UTF-8. */
#include "base.h"

#include <stdio.h>
#include <string.h>

void tdi_buf_init(tdi_buf *b)
{
    memset(b, 0, sizeof *b);
}

void tdi_buf_free(tdi_buf *b)
{
    tdi_free(b->data);
    memset(b, 0, sizeof *b);
}

static int buf_reserve(tdi_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (extra > SIZE_MAX - b->len - 1 ||
        tdi_grow((void **)&b->data, &b->cap, b->len + extra + 1, 1) < 0) {
        b->failed = 1;
        return -1;
    }
    return 0;
}

void tdi_buf_add(tdi_buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) < 0)
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void tdi_buf_puts(tdi_buf *b, const char *s)
{
    tdi_buf_add(b, s, strlen(s));
}

void tdi_buf_putc(tdi_buf *b, char c)
{
    tdi_buf_add(b, &c, 1);
}

void tdi_buf_vprintf(tdi_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if (buf_reserve(b, (size_t)n) < 0)
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void tdi_buf_printf(tdi_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tdi_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *tdi_vformat(const char *fmt, va_list ap)
{
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_vprintf(&b, fmt, ap);
    return tdi_buf_steal(&b);
}

static void escape(tdi_buf *b, const char *s, size_t len, size_t max_cp, int quotes)
{
    size_t cp = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80 && cp++ == max_cp) {
            tdi_buf_puts(b, "...");
            break;
        }
        if (quotes && (c == '"' || c == '\\')) {
            tdi_buf_putc(b, '\\');
            tdi_buf_putc(b, (char)c);
            continue;
        }
        switch (c) {
        case '\n':
            tdi_buf_puts(b, "\\n");
            break;
        case '\r':
            tdi_buf_puts(b, "\\r");
            break;
        case '\t':
            tdi_buf_puts(b, "\\t");
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                tdi_buf_printf(b, "\\u%04x", c);
            } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0x85) {
                tdi_buf_puts(b, "\\u0085"); /* NEL, a line break to some readers */
                i++;
            } else if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                       ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
                tdi_buf_puts(b, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
                i += 2;
            } else if (c < 0x80) {
                tdi_buf_putc(b, (char)c);
            } else {
                /* a whole UTF-8 sequence as it is; a byte of none (a sequence cut
                 * short, a stray byte) as \xNN, so that the message stays UTF-8 */
                size_t n = tdi_utf8_decode((const unsigned char *)s + i, len - i, NULL);
                if (n == 0) {
                    tdi_buf_printf(b, "\\x%02X", c);
                } else {
                    tdi_buf_add(b, s + i, n);
                    i += n - 1;
                }
            }
        }
    }
}

void tdi_buf_escaped(tdi_buf *b, const char *s, size_t len, size_t max_cp)
{
    escape(b, s, len, max_cp, 0);
}

void tdi_buf_quoted(tdi_buf *b, const char *s, size_t len, size_t max_cp)
{
    tdi_buf_putc(b, '"');
    escape(b, s, len, max_cp, 1);
    tdi_buf_putc(b, '"');
}

void tdi_buf_utf8(tdi_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    while (len > 0) {
        size_t n = tdi_utf8_decode(p, len, NULL);
        if (n == 0) {
            tdi_buf_puts(b, "\xEF\xBF\xBD"); /* U+FFFD for a byte that is not UTF-8 */
            n = 1;
        } else {
            tdi_buf_add(b, (const char *)p, n);
        }
        p += n;
        len -= n;
    }
    if (!b->data)
        tdi_buf_puts(b, "");
}

void tdi_buf_pointer_token(tdi_buf *b, const char *s)
{
    tdi_buf_putc(b, '/');
    for (; *s; s++) {
        if (*s == '~')
            tdi_buf_add(b, "~0", 2);
        else if (*s == '/')
            tdi_buf_add(b, "~1", 2);
        else
            tdi_buf_putc(b, *s);
    }
}

char *tdi_buf_steal(tdi_buf *b)
{
    if (b->failed) {
        tdi_buf_free(b);
        return NULL;
    }
    if (!b->data)
        tdi_buf_add(b, "", 0);
    char *s = b->data;
    if (!s) {
        tdi_buf_free(b);
        return NULL;
    }
    memset(b, 0, sizeof *b);
    return s;
}
