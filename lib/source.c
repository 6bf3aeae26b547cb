/* Source text: the line table and byte offset -> line/column conversion, and
 * the lines a td_file keeps for snippets. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Where the line after the one holding offset i starts (LF, CRLF and CR end
 * a line); len when it is the last. */
static size_t next_line(const tdi_source *src, size_t i)
{
    const char *d = src->data;
    size_t len = src->len;
    for (; i < len; i++) {
        if (d[i] == '\n')
            return i + 1;
        if (d[i] == '\r')
            return i + 1 < len && d[i + 1] == '\n' ? i + 2 : i + 1;
    }
    return len;
}

/* Counts a line that starts at offset start, keeping every TDI_LINE_STEP-th
 * start; -1 when out of memory. */
static int add_line(tdi_source *src, size_t *cap, size_t start)
{
    if (src->nlines % TDI_LINE_STEP == 0) {
        size_t k = src->nlines / TDI_LINE_STEP;
        if (tdi_grow((void **)&src->lines, cap, k + 1, sizeof *src->lines) < 0)
            return -1;
        src->lines[k] = start;
    }
    src->nlines++;
    return 0;
}

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
    src->lines[0] = 0;
    src->nlines = 1;
    if (len == 0)
        return TD_OK;
    if (!memchr(data, '\r', len)) { /* the usual case: only LF ends a line */
        size_t i = 0;
#ifdef TDI_SWAR
        /* the line ends of 8 bytes at once; only a kept start needs its place */
        for (; i + 8 <= len; i += 8) {
            uint64_t w;
            memcpy(&w, data + i, 8);
            for (uint64_t m = tdi_bytes_eq(w, '\n'); m; m &= m - 1) {
                if (src->nlines % TDI_LINE_STEP != 0) {
                    src->nlines++;
                    continue;
                }
                if (add_line(src, &cap, i + (size_t)__builtin_ctzll(m) / 8 + 1) < 0) {
                    tdi_source_free(src);
                    return TD_ENOMEM;
                }
            }
        }
#endif
        for (; i < len; i++)
            if (data[i] == '\n' && add_line(src, &cap, i + 1) < 0) {
                tdi_source_free(src);
                return TD_ENOMEM;
            }
        return TD_OK;
    }
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c != '\n' && c != '\r')
            continue;
        if (c == '\r' && i + 1 < len && data[i + 1] == '\n')
            i++;
        if (add_line(src, &cap, i + 1) < 0) {
            tdi_source_free(src);
            return TD_ENOMEM;
        }
    }
    return TD_OK;
}

void tdi_source_free(tdi_source *src)
{
    tdi_free(src->lines);
    src->lines = NULL;
    src->nlines = 0;
}

size_t tdi_source_line_start(const tdi_source *src, size_t idx)
{
    if (!src->lines || idx >= src->nlines)
        return src->len;
    size_t at = src->lines[idx / TDI_LINE_STEP];
    for (size_t k = idx % TDI_LINE_STEP; k > 0; k--)
        at = next_line(src, at);
    return at;
}

td_position tdi_source_position(const tdi_source *src, size_t offset)
{
    td_position p = {1, 1, 0};
    if (offset > src->len)
        offset = src->len;
    p.offset = offset;
    if (!src->lines || src->nlines == 0)
        return p;
    /* the last kept line start <= offset, then line by line (fewer than
     * TDI_LINE_STEP lines) */
    size_t lo = 0, hi = (src->nlines - 1) / TDI_LINE_STEP + 1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    size_t line = lo * TDI_LINE_STEP;
    size_t start = src->lines[lo];
    while (line + 1 < src->nlines) {
        size_t next = next_line(src, start);
        if (next > offset)
            break;
        start = next;
        line++;
    }
    if (line == 0 && start < src->bom)
        start = offset >= src->bom ? src->bom : offset;
    unsigned long col = 1;
    for (size_t i = start; i < offset; i++) {
        unsigned char c = (unsigned char)src->data[i];
        if ((c & 0xC0) != 0x80) /* count lead bytes only: one per code point */
            col++;
    }
    p.line = (unsigned long)line + 1;
    p.column = col;
    return p;
}

/* ---- source lines kept in a td_file ---- */

static int ulong_cmp(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return x < y ? -1 : x > y;
}

int tdi_file_keep_lines(td_file *file, const tdi_source *src)
{
    size_t n = 0;
    for (size_t i = 0; i < file->nfindings; i++)
        n += 1 + file->findings[i].nrelated;
    if (n == 0 || !src->lines || src->nlines == 0)
        return TD_OK;
    unsigned long *nos = tdi_malloc(n * sizeof *nos);
    if (!nos)
        return TD_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < file->nfindings; i++) {
        const td_finding *f = &file->findings[i];
        nos[k++] = f->start.line;
        for (size_t r = 0; r < f->nrelated; r++)
            nos[k++] = f->related[r].start.line;
    }
    qsort(nos, n, sizeof *nos, ulong_cmp);
    size_t unique = 0;
    for (size_t i = 0; i < n; i++)
        if (nos[i] >= 1 && nos[i] <= src->nlines && (unique == 0 || nos[unique - 1] != nos[i]))
            nos[unique++] = nos[i];
    tdi_file_line *lines = tdi_arena_alloc(&file->strings, unique * sizeof *lines);
    int err = lines || unique == 0 ? TD_OK : TD_ENOMEM;
    for (size_t i = 0; i < unique && err == TD_OK; i++) {
        size_t idx = nos[i] - 1;
        size_t start = tdi_source_line_start(src, idx);
        size_t end = idx + 1 < src->nlines ? next_line(src, start) : src->len;
        if (idx + 1 < src->nlines) { /* drop the line end: LF, CRLF or CR */
            if (end > start && src->data[end - 1] == '\n')
                end--;
            if (end > start && src->data[end - 1] == '\r')
                end--;
        }
        if (idx == 0 && start < src->bom)
            start = src->bom < end ? src->bom : end;
        char *text = tdi_arena_alloc(&file->strings, end - start + 1);
        if (!text) {
            err = TD_ENOMEM;
            break;
        }
        memcpy(text, src->data + start, end - start);
        lines[i] = (tdi_file_line){nos[i], start, end - start, text};
    }
    tdi_free(nos);
    if (err == TD_OK) {
        file->lines = lines;
        file->nlines = unique;
    }
    return err;
}

const tdi_file_line *tdi_file_line_find(const td_file *file, unsigned long no)
{
    size_t lo = 0, hi = file->nlines;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (file->lines[mid].no == no)
            return &file->lines[mid];
        if (file->lines[mid].no < no)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

unsigned long tdi_byte_column(const td_file *file, td_position p)
{
    const tdi_file_line *l = tdi_file_line_find(file, p.line);
    if (!l)
        return p.column;
    return p.offset > l->offset ? (unsigned long)(p.offset - l->offset) + 1 : 1;
}

const char *td_file_line(const td_file *file, unsigned long line, size_t *len)
{
    const tdi_file_line *l = file ? tdi_file_line_find(file, line) : NULL;
    if (len)
        *len = l ? l->len : 0;
    return l ? l->text : NULL;
}
