/* Helpers shared by the emitters of reports for CI systems (JSON, GitHub,
 * GitLab, JUnit): text that stays valid UTF-8, and paths as CI systems want them. */
#include "internal.h"

#include <string.h>

size_t tdi_utf8_seq(const unsigned char *p, size_t avail)
{
    if (avail == 0)
        return 0;
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned long cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

void tdi_buf_utf8(tdi_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    while (len > 0) {
        size_t n = tdi_utf8_seq(p, len);
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

json_t *tdi_json_text(const char *s)
{
    if (!s)
        return json_null();
    json_t *v = json_string(s);
    if (v)
        return v;
    /* not UTF-8 (a file name, for example): keep it readable rather than fail */
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_utf8(&b, s);
    v = b.failed ? NULL : json_string(b.data);
    tdi_buf_free(&b);
    return v;
}

const char *tdi_repo_path(const char *path)
{
    while (path[0] == '.' && path[1] == '/') {
        path += 2;
        while (*path == '/')
            path++;
    }
    return path;
}

int tdi_json_dump(json_t *root, FILE *out)
{
    if (!root)
        return TD_ENOMEM;
    if (json_dumpf(root, out, JSON_INDENT(2)) != 0 || fputc('\n', out) == EOF)
        return TD_EIO;
    return ferror(out) ? TD_EIO : TD_OK;
}
