/* Source text: the line table and byte offset -> line/column conversion. */
#include "internal.h"

#include <string.h>

int tdi_source_init(tdi_source *src, const char *data, size_t len)
{
    memset(src, 0, sizeof *src);
    src->data = data;
    src->len = len;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        src->bom = 3;
    size_t cap = 0;
    if (tdi_grow((void **)&src->lines, &cap, 64, sizeof *src->lines) < 0)
        return TD_ENOMEM;
    src->lines[src->nlines++] = 0;
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c != '\n' && c != '\r')
            continue;
        if (c == '\r' && i + 1 < len && data[i + 1] == '\n')
            i++;
        if (tdi_grow((void **)&src->lines, &cap, src->nlines + 1, sizeof *src->lines) < 0) {
            tdi_source_free(src);
            return TD_ENOMEM;
        }
        src->lines[src->nlines++] = i + 1;
    }
    return TD_OK;
}

void tdi_source_free(tdi_source *src)
{
    tdi_free(src->lines);
    src->lines = NULL;
    src->nlines = 0;
}

td_position tdi_source_position(const tdi_source *src, size_t offset)
{
    td_position p = {1, 1, 0};
    if (offset > src->len)
        offset = src->len;
    p.offset = offset;
    if (!src->lines || src->nlines == 0)
        return p;
    /* last line whose start is <= offset */
    size_t lo = 0, hi = src->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    size_t start = src->lines[lo];
    if (lo == 0 && start < src->bom)
        start = offset >= src->bom ? src->bom : offset;
    unsigned long col = 1;
    for (size_t i = start; i < offset; i++) {
        unsigned char c = (unsigned char)src->data[i];
        if ((c & 0xC0) != 0x80) /* count lead bytes only: one per code point */
            col++;
    }
    p.line = (unsigned long)lo + 1;
    p.column = col;
    return p;
}
