/* Source text: the line table, and byte offsets to lines and columns. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

/* Where the line after the one holding offset i starts (LF, CRLF and CR end
 * a line); len when it is the last. */
static size_t next_line(const tdi_source *src, size_t i)
{
    const char *d = src->data;
    size_t len = src->len;
    if (!src->cr) {
        const char *nl = i < len ? memchr(d + i, '\n', len - i) : NULL;
        return nl ? (size_t)(nl - d) + 1 : len;
    }
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

static int count_lines(tdi_source *src, size_t *cap)
{
    const char *data = src->data;
    size_t len = src->len;
    if (!src->cr) { /* the usual case: only LF ends a line */
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
                if (add_line(src, cap, i + (size_t)__builtin_ctzll(m) / 8 + 1) < 0)
                    return TD_ENOMEM;
            }
        }
#endif
        for (; i < len; i++)
            if (data[i] == '\n' && add_line(src, cap, i + 1) < 0)
                return TD_ENOMEM;
        return TD_OK;
    }
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c != '\n' && c != '\r')
            continue;
        if (c == '\r' && i + 1 < len && data[i + 1] == '\n')
            i++;
        if (add_line(src, cap, i + 1) < 0)
            return TD_ENOMEM;
    }
    return TD_OK;
}

int tdi_source_init(tdi_source *src, const char *data, size_t len)
{
    memset(src, 0, sizeof *src);
    src->data = data;
    src->len = len;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        src->bom = 3;
    src->cr = len > 0 && memchr(data, '\r', len) != NULL;
    size_t cap = 0;
    if (tdi_grow((void **)&src->lines, &cap, 64, sizeof *src->lines) < 0)
        return TD_ENOMEM;
    src->lines[0] = 0;
    src->nlines = 1;
    if (count_lines(src, &cap) < 0) {
        tdi_source_free(src);
        return TD_ENOMEM;
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

void tdi_source_line(const tdi_source *src, size_t idx, size_t *start, size_t *len)
{
    size_t s = tdi_source_line_start(src, idx);
    size_t end = src->len;
    if (idx + 1 < src->nlines) { /* without its line end: LF, CRLF or CR */
        end = next_line(src, s);
        if (end > s && src->data[end - 1] == '\n')
            end--;
        if (end > s && src->data[end - 1] == '\r')
            end--;
    }
    if (idx == 0 && s < src->bom)
        s = src->bom < end ? src->bom : end;
    *start = s;
    *len = end - s;
}

/* Code points in data[from..to): the bytes that do not continue a UTF-8 sequence. */
static size_t count_code_points(const char *data, size_t from, size_t to)
{
    size_t n = 0, i = from;
#ifdef TDI_SWAR
    for (; i + 8 <= to; i += 8) {
        uint64_t w;
        memcpy(&w, data + i, 8);
        /* continuation bytes are 10xxxxxx: bit 7 set, bit 6 clear */
        uint64_t cont = w & ~(w << 1) & 0x8080808080808080ULL;
        n += 8 - (size_t)__builtin_popcountll(cont);
    }
#endif
    for (; i < to; i++)
        n += ((unsigned char)data[i] & 0xC0) != 0x80;
    return n;
}

/* The sweep's place: line (0-based) starting at offset start, scanned up to
 * offset at, with cp code points in [start, at). */
typedef struct {
    size_t line, start, at, cp;
} cursor;

/* Moves c forward to offset o (>= c->at) on the line that holds it,
 * looking at the bytes in between only. */
static void advance(const tdi_source *src, cursor *c, size_t o)
{
    const char *d = src->data;
    while (c->at < o) {
        size_t k;
        if (src->cr) {
            k = c->at;
            while (k < o && d[k] != '\n' && d[k] != '\r')
                k++;
        } else {
            const char *nl = memchr(d + c->at, '\n', o - c->at);
            k = nl ? (size_t)(nl - d) : o;
        }
        if (k == o)
            break;
        size_t end = d[k] == '\r' && k + 1 < src->len && d[k + 1] == '\n' ? k + 2 : k + 1;
        if (end > o) /* a CR LF with o between the two: o is still on this line */
            break;
        c->line++;
        c->start = c->at = end;
        c->cp = 0;
    }
    c->cp += count_code_points(d, c->at, o);
    c->at = o;
}

static int position_cmp(const void *a, const void *b)
{
    size_t x = (*(td_position *const *)a)->offset, y = (*(td_position *const *)b)->offset;
    return x < y ? -1 : x > y;
}

void tdi_source_positions(const tdi_source *src, td_position **ps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ps[i]->offset > src->len)
            ps[i]->offset = src->len;
    if (n > 1)
        qsort(ps, n, sizeof *ps, position_cmp);
    cursor c = {0, 0, 0, 0};
    int started = 0;
    for (size_t i = 0; i < n; i++) {
        td_position *p = ps[i];
        size_t o = p->offset;
        p->line = p->column = 1;
        if (!src->lines || src->nlines == 0)
            continue;
        /* the last kept line start <= o: jump there when it is past the cursor's line */
        size_t lo = 0, hi = (src->nlines - 1) / TDI_LINE_STEP + 1;
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (src->lines[mid] <= o)
                lo = mid;
            else
                hi = mid;
        }
        if (!started || lo * TDI_LINE_STEP > c.line) {
            c = (cursor){lo * TDI_LINE_STEP, src->lines[lo], src->lines[lo], 0};
            started = 1;
        }
        advance(src, &c, o);
        size_t col = c.cp;
        if (c.line == 0 && src->bom) /* the byte-order mark is no column */
            col = o < src->bom ? 0 : col - 1;
        p->line = (unsigned long)c.line + 1;
        p->column = (unsigned long)col + 1;
    }
}

td_position tdi_source_position(const tdi_source *src, size_t offset)
{
    td_position p = {1, 1, offset};
    td_position *pp = &p;
    tdi_source_positions(src, &pp, 1);
    return p;
}
