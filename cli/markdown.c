/* Markdown for a terminal (see markdown.h). Two stages: the block structure,
 * line by line (headings, paragraphs, list items, fenced code, tables), then
 * the inline markup of each paragraph, heading or table cell, turned into
 * styled pieces of text that are wrapped word by word. */
#include "markdown.h"

#include <stdlib.h>
#include <string.h>

enum { ST_BOLD = 1, ST_UNDER = 2 };
enum { MAX_LISTS = 16 };

/* A run of text in one style. `space`: a space comes before it, where a line
 * may break. */
typedef struct {
    size_t off, len;
    unsigned style;
    int space;
} piece;

/* Pieces with no space between them: never broken. */
typedef struct {
    size_t first, count;
    int width;
} word;

/* The inline content of one paragraph, heading or cell. */
typedef struct {
    char *text;
    size_t tlen, tcap;
    piece *p;
    size_t np, pcap;
    word *w;
    size_t nw, wcap;
    int width; /* on one line */
    int pending_space;
    int oom;
} spans;

/* Makes room for need elements in the array *pp points to. */
static int reserve(void *pp, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    void *old;
    memcpy(&old, pp, sizeof old);
    void *grown = realloc(old, ncap * size);
    if (!grown)
        return -1;
    memcpy(pp, &grown, sizeof grown);
    *cap = ncap;
    return 0;
}

/* Columns taken by UTF-8 text: one per code point. */
static int text_width(const char *s, size_t len)
{
    int w = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            w++;
    return w;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_punct(char c)
{
    return c > ' ' && c < 0x7f && !is_alnum(c);
}

static void sp_free(spans *sp)
{
    free(sp->text);
    free(sp->p);
    free(sp->w);
    memset(sp, 0, sizeof *sp);
}

static void sp_add(spans *sp, const char *s, size_t len, unsigned style)
{
    if (sp->oom || len == 0)
        return;
    if (reserve(&sp->text, &sp->tcap, sp->tlen + len, 1) < 0) {
        sp->oom = 1;
        return;
    }
    int space = sp->pending_space && sp->np > 0;
    sp->pending_space = 0;
    piece *last = sp->np ? &sp->p[sp->np - 1] : NULL;
    if (last && !space && last->style == style && last->off + last->len == sp->tlen) {
        last->len += len;
    } else {
        if (reserve(&sp->p, &sp->pcap, sp->np + 1, sizeof *sp->p) < 0) {
            sp->oom = 1;
            return;
        }
        sp->p[sp->np++] = (piece){sp->tlen, len, style, space};
    }
    memcpy(sp->text + sp->tlen, s, len);
    sp->tlen += len;
}

/* The run of c at s[i], in s[0..len). */
static size_t run(const char *s, size_t len, size_t i, char c)
{
    size_t n = 0;
    while (i + n < len && s[i + n] == c)
        n++;
    return n;
}

/* Parses inline markup: code spans, **strong**, *emphasis*, [links](url) and
 * backslash escapes; everything else is text. */
static void inline_parse(spans *sp, const char *s, size_t len, unsigned style, int styled)
{
    size_t i = 0;
    while (i < len && !sp->oom) {
        char c = s[i];
        if (is_space(c)) {
            sp->pending_space = 1;
            i++;
            continue;
        }
        if (c == '\\' && i + 1 < len && is_punct(s[i + 1])) {
            sp_add(sp, s + i + 1, 1, style);
            i += 2;
            continue;
        }
        if (c == '`') {
            size_t n = run(s, len, i, '`'), j = i + n;
            while (j < len && run(s, len, j, '`') != n)
                j += s[j] == '`' ? run(s, len, j, '`') : 1;
            if (j >= len) { /* no closing run: literal backticks */
                sp_add(sp, s + i, n, style);
                i += n;
                continue;
            }
            if (styled) {
                size_t a = i + n, b = j;
                if (b - a >= 2 && s[a] == ' ' && s[b - 1] == ' ' && run(s, b, a, ' ') < b - a) {
                    a++;
                    b--;
                }
                for (size_t k = a; k < b; k++) /* a code span never breaks */
                    sp_add(sp, is_space(s[k]) ? " " : s + k, 1, style | ST_BOLD);
            } else {
                for (size_t k = i; k < j + n; k++)
                    sp_add(sp, is_space(s[k]) ? " " : s + k, 1, style);
            }
            i = j + n;
            continue;
        }
        if (c == '*' && i + 2 < len && s[i + 1] == '*' && !is_space(s[i + 2])) {
            size_t k = i + 3;
            while (k + 1 < len && !(s[k] == '*' && s[k + 1] == '*' && !is_space(s[k - 1])))
                k++;
            if (k + 1 < len) {
                inline_parse(sp, s + i + 2, k - i - 2, style | ST_BOLD, styled);
                i = k + 2;
                continue;
            }
        } else if (c == '*' && i + 1 < len && !is_space(s[i + 1]) && s[i + 1] != '*' &&
                   (i == 0 || !is_alnum(s[i - 1]))) {
            size_t k = i + 2;
            while (k < len && !(s[k] == '*' && !is_space(s[k - 1]) &&
                                (k + 1 == len || (!is_alnum(s[k + 1]) && s[k + 1] != '*'))))
                k++;
            if (k < len) {
                inline_parse(sp, s + i + 1, k - i - 1, style | ST_UNDER, styled);
                i = k + 1;
                continue;
            }
        } else if (c == '[') {
            size_t k = i + 1;
            while (k < len && s[k] != ']' && s[k] != '[')
                k++;
            size_t m = k + 2;
            while (m < len && s[m] != ')' && !is_space(s[m]))
                m++;
            if (k + 1 < len && s[k] == ']' && s[k + 1] == '(' && m < len && s[m] == ')') {
                inline_parse(sp, s + i + 1, k - i - 1, style, styled);
                if (s[k + 2] != '#' && m > k + 2) { /* links within the page: the text only */
                    sp->pending_space = 1;
                    sp_add(sp, "(", 1, style);
                    sp_add(sp, s + k + 2, m - k - 2, style);
                    sp_add(sp, ")", 1, style);
                }
                i = m + 1;
                continue;
            }
        }
        size_t j = i + 1;
        while (j < len && !is_space(s[j]) && !strchr("\\`*[", s[j]))
            j++;
        sp_add(sp, s + i, j - i, style);
        i = j;
    }
}

/* Groups the pieces into words, and measures them. */
static void sp_words(spans *sp)
{
    sp->nw = 0;
    sp->width = 0;
    for (size_t i = 0; i < sp->np && !sp->oom; i++) {
        if (i == 0 || sp->p[i].space) {
            if (reserve(&sp->w, &sp->wcap, sp->nw + 1, sizeof *sp->w) < 0) {
                sp->oom = 1;
                return;
            }
            sp->w[sp->nw++] = (word){i, 0, 0};
            if (i > 0)
                sp->width++;
        }
        word *w = &sp->w[sp->nw - 1];
        int pw = text_width(sp->text + sp->p[i].off, sp->p[i].len);
        w->count++;
        w->width += pw;
        sp->width += pw;
    }
}

static spans parse_text(const char *s, size_t len, int styled)
{
    spans sp;
    memset(&sp, 0, sizeof sp);
    inline_parse(&sp, s, len, 0, styled);
    sp_words(&sp);
    return sp;
}

typedef struct {
    FILE *out;
    int width, styled;
    unsigned style; /* the terminal's current style */
    int printed;    /* something was written */
    int blank;      /* a blank line is due before the next block */
    int oom;
} renderer;

static void spaces(renderer *r, int n)
{
    for (int i = 0; i < n; i++)
        fputc(' ', r->out);
}

/* Switches the terminal to style st (ANSI SGR); styles never cross a line end. */
static void set_style(renderer *r, unsigned st)
{
    if (!r->styled || st == r->style)
        return;
    if (r->style)
        fputs("\033[0m", r->out);
    if (st)
        fputs(st == ST_BOLD ? "\033[1m" : st == ST_UNDER ? "\033[4m" : "\033[1;4m", r->out);
    r->style = st;
}

/* Writes a word, after a space when sep: the space in the word's style when
 * the text before it has that style too. */
static void put_word(renderer *r, const spans *sp, const word *w, int sep, unsigned extra)
{
    if (sep) {
        if (r->style != (sp->p[w->first].style | extra))
            set_style(r, 0);
        fputc(' ', r->out);
    }
    for (size_t k = w->first; k < w->first + w->count; k++) {
        const piece *pc = &sp->p[k];
        set_style(r, pc->style | extra);
        fwrite(sp->text + pc->off, 1, pc->len, r->out);
    }
}

/* Prints the words of sp from *next on that fit in width columns (at least
 * one); returns the columns used. */
static int put_line(renderer *r, const spans *sp, size_t *next, int width, unsigned extra)
{
    int col = 0;
    while (*next < sp->nw) {
        const word *w = &sp->w[*next];
        if (col > 0 && col + 1 + w->width > width)
            break;
        put_word(r, sp, w, col > 0, extra);
        col += w->width + (col > 0);
        (*next)++;
    }
    set_style(r, 0);
    return col;
}

/* A blank line between blocks where the source has one. */
static void separate(renderer *r)
{
    if (r->printed && r->blank)
        fputc('\n', r->out);
    r->blank = 0;
    r->printed = 1;
}

/* Prints sp wrapped, its lines starting at column text_col, the first one
 * after marker (a list item's "- ") at column marker_col. Returns the width
 * of the longest line. */
static int put_wrapped(renderer *r, const spans *sp, int marker_col, const char *marker,
                       int text_col, unsigned extra)
{
    int width = r->width - text_col, widest = 0;
    if (width < 20)
        width = 20;
    spaces(r, marker_col);
    fputs(marker, r->out);
    spaces(r, text_col - marker_col - (int)strlen(marker));
    size_t next = 0;
    do {
        if (next > 0)
            spaces(r, text_col);
        int w = put_line(r, sp, &next, width, extra);
        widest = w > widest ? w : widest;
        fputc('\n', r->out);
    } while (next < sp->nw);
    return widest;
}

static void heading(renderer *r, int level, const char *s, size_t len)
{
    spans sp = parse_text(s, len, r->styled);
    if (sp.oom) {
        r->oom = 1;
        sp_free(&sp);
        return;
    }
    r->blank = 1;
    separate(r);
    int w = put_wrapped(r, &sp, 0, "", 0, level == 1 ? ST_BOLD | ST_UNDER : ST_BOLD);
    if (!r->styled && level <= 2) {
        for (int i = 0; i < w; i++)
            fputc(level == 1 ? '=' : '-', r->out);
        fputc('\n', r->out);
    }
    r->blank = 1;
    sp_free(&sp);
}

/* Splits a table row into at most max cells (start and length of each,
 * trimmed) at the pipes outside code spans; returns the number of cells. */
static size_t split_row(const char *s, size_t len, size_t *start, size_t *clen, size_t max)
{
    while (len && is_space(s[len - 1]))
        len--;
    size_t i = 0, n = 0;
    while (i < len && is_space(s[i]))
        i++;
    if (i < len && s[i] == '|')
        i++;
    size_t cell = i;
    while (i <= len && n < max) {
        if (i == len || s[i] == '|') {
            if (i == len && cell == len && len > 0 && s[len - 1] == '|')
                break; /* the closing pipe */
            size_t a = cell, b = i;
            while (a < b && is_space(s[a]))
                a++;
            while (b > a && is_space(s[b - 1]))
                b--;
            start[n] = a;
            clen[n++] = b - a;
            cell = ++i;
        } else if (s[i] == '\\' && i + 1 < len) {
            i += 2;
        } else if (s[i] == '`') {
            size_t k = run(s, len, i, '`'), j = i + k;
            while (j < len && run(s, len, j, '`') != k)
                j += s[j] == '`' ? run(s, len, j, '`') : 1;
            i = j < len ? j + k : i + k;
        } else {
            i++;
        }
    }
    return n;
}

enum { MAX_COLS = 16 };

/* Writes one table row: its cells wrapped in their columns' widths. */
static void table_row(renderer *r, spans *cells, size_t ncols, const int *w, int indent,
                      unsigned extra)
{
    size_t next[MAX_COLS] = {0};
    int more = 1;
    while (more) {
        int pending = indent;
        more = 0;
        for (size_t c = 0; c < ncols; c++) {
            int used = 0;
            if (next[c] < cells[c].nw) {
                spaces(r, pending);
                pending = 0;
                used = put_line(r, &cells[c], &next[c], w[c], extra);
            }
            pending += w[c] - used + 2;
            if (next[c] < cells[c].nw)
                more = 1;
        }
        fputc('\n', r->out);
    }
}

/* Prints the words of sp from column col on (after a space when sep), lines
 * breaking before column right and going on at column indent; returns the
 * column reached. */
static int flow(renderer *r, const spans *sp, int col, int sep, int indent, int right,
                unsigned extra)
{
    for (size_t k = 0; k < sp->nw; k++) {
        const word *w = &sp->w[k];
        if (sep && col + 1 + w->width > right) {
            set_style(r, 0);
            fputc('\n', r->out);
            spaces(r, indent);
            col = indent;
            sep = 0;
        }
        put_word(r, sp, w, sep, extra);
        col += w->width + sep;
        sep = 1;
    }
    set_style(r, 0);
    return col;
}

/* A table too wide for the width even with its columns as narrow as their
 * longest words: each row as a record, its first cell a title and the other
 * cells below it, each named by its column's header. */
static void table_records(renderer *r, const spans *cells, size_t ncols, size_t nrows, int indent)
{
    for (size_t row = 1; row < nrows; row++) {
        const spans *rc = cells + row * ncols;
        separate(r);
        spaces(r, indent);
        flow(r, &rc[0], indent, 0, indent, r->width, ST_BOLD);
        fputc('\n', r->out);
        for (size_t c = 1; c < ncols; c++) {
            if (rc[c].nw == 0)
                continue;
            spaces(r, indent + 2);
            int col = flow(r, &cells[c], indent + 2, 0, indent + 4, r->width, 0);
            fputc(':', r->out);
            flow(r, &rc[c], col + 1, 1, indent + 4, r->width, 0);
            fputc('\n', r->out);
        }
        r->blank = 1;
    }
}

/* A table: the header row, a rule of dashes, the body rows; columns as wide
 * as their widest cell, the widest columns narrowed while the table is wider
 * than the width (a blank line then parts the rows), or records when that is
 * not enough. */
static void table(renderer *r, const char *const *lines, const size_t *lens, size_t nlines,
                  int indent)
{
    size_t start[MAX_COLS], clen[MAX_COLS];
    size_t ncols = split_row(lines[0], lens[0], start, clen, MAX_COLS);
    size_t nrows = nlines - 1; /* the delimiter row is not printed */
    spans *cells = calloc(nrows * ncols + 1, sizeof *cells);
    if (!cells) {
        r->oom = 1;
        return;
    }
    int natural[MAX_COLS] = {0}, least[MAX_COLS] = {0}, w[MAX_COLS];
    for (size_t row = 0; row < nrows; row++) {
        size_t line = row == 0 ? 0 : row + 1;
        size_t n = split_row(lines[line], lens[line], start, clen, ncols);
        for (size_t c = 0; c < n; c++) {
            spans *sp = &cells[row * ncols + c];
            *sp = parse_text(lines[line] + start[c], clen[c], r->styled);
            if (sp->oom)
                r->oom = 1;
            if (sp->width > natural[c])
                natural[c] = sp->width;
            for (size_t k = 0; k < sp->nw; k++)
                if (sp->w[k].width > least[c])
                    least[c] = sp->w[k].width;
        }
    }
    int total = 0, least_total = 0;
    for (size_t c = 0; c < ncols; c++) {
        total += (w[c] = natural[c]) + (c ? 2 : 0);
        least_total += least[c] + (c ? 2 : 0);
    }
    if (least_total > r->width - indent && ncols > 1 && !r->oom) {
        table_records(r, cells, ncols, nrows, indent);
        goto done;
    }
    if (total > r->width - indent) {
        /* each column its longest word, plus a share of the room left in
         * proportion to how much more it would take */
        int room = r->width - indent - least_total, want = 0;
        for (size_t c = 0; c < ncols; c++)
            want += natural[c] - least[c];
        for (size_t c = 0; c < ncols; c++) {
            int share = want ? (int)((long)room * (natural[c] - least[c]) / want) : 0;
            w[c] = least[c] + share;
            room -= share;
            want -= natural[c] - least[c];
        }
    }
    int wraps = 0;
    for (size_t c = 0; c < ncols; c++)
        wraps |= w[c] < natural[c];
    if (!r->oom) {
        separate(r);
        table_row(r, cells, ncols, w, indent, ST_BOLD);
        spaces(r, indent);
        for (size_t c = 0; c < ncols; c++) {
            if (c)
                fputs("  ", r->out);
            for (int k = 0; k < w[c]; k++)
                fputc('-', r->out);
        }
        fputc('\n', r->out);
        for (size_t row = 1; row < nrows; row++) {
            if (wraps && row > 1)
                fputc('\n', r->out);
            table_row(r, cells + row * ncols, ncols, w, indent, 0);
        }
    }
done:
    for (size_t i = 0; i < nrows * ncols; i++)
        sp_free(&cells[i]);
    free(cells);
}

/* Leading spaces, a tab counting to the next multiple of 4. */
static int indentation(const char *s, size_t len)
{
    int n = 0;
    for (size_t i = 0; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
        n = s[i] == ' ' ? n + 1 : (n / 4 + 1) * 4;
    return n;
}

static size_t skip_blanks(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* The length of the fence (3 or more ` or ~) s starts with, or 0. */
static size_t fence(const char *s, size_t len, char *ch)
{
    if (len < 3 || (s[0] != '`' && s[0] != '~'))
        return 0;
    size_t n = run(s, len, 0, s[0]);
    if (n < 3 || (s[0] == '`' && memchr(s + n, '`', len - n)))
        return 0;
    *ch = s[0];
    return n;
}

/* The length of a list marker with the spaces after it ("- ", "12. "), or 0;
 * *num is the number of an ordered item, 0 for a bullet. */
static size_t list_marker(const char *s, size_t len, unsigned long *num)
{
    size_t i = 0;
    *num = 0;
    if (len >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ') {
        i = 1;
    } else {
        while (i < len && i < 9 && s[i] >= '0' && s[i] <= '9')
            *num = *num * 10 + (unsigned long)(s[i++] - '0');
        if (i == 0 || i + 1 >= len || (s[i] != '.' && s[i] != ')') || s[i + 1] != ' ')
            return 0;
        i++;
    }
    size_t sp = run(s, len, i, ' ');
    return i + (sp > 4 ? 1 : sp);
}

static int delimiter_row(const char *s, size_t len)
{
    int pipe = 0, dash = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '|')
            pipe = 1;
        else if (s[i] == '-')
            dash = 1;
        else if (s[i] != ':' && !is_space(s[i]))
            return 0;
    }
    return pipe && dash;
}

typedef struct {
    int src; /* the source column of the item's content */
    int out; /* the output column of the item's content */
} list_level;

typedef struct {
    char *text;
    size_t len, cap;
    int open;
    int marker_col, text_col;
    char marker[24];
} paragraph;

static void flush(renderer *r, paragraph *p)
{
    if (!p->open)
        return;
    p->open = 0;
    spans sp = parse_text(p->text, p->len, r->styled);
    if (sp.oom)
        r->oom = 1;
    else if (sp.nw > 0 || p->marker[0]) {
        separate(r);
        put_wrapped(r, &sp, p->marker_col, p->marker, p->text_col, 0);
    }
    sp_free(&sp);
    p->len = 0;
}

static void append(renderer *r, paragraph *p, const char *s, size_t len)
{
    if (reserve(&p->text, &p->cap, p->len + len + 1, 1) < 0) {
        r->oom = 1;
        return;
    }
    if (p->len)
        p->text[p->len++] = '\n';
    memcpy(p->text + p->len, s, len);
    p->len += len;
}

int cli_md_render(FILE *out, const char *md, const cli_md_options *opt)
{
    renderer r = {out, opt->width > 20 ? opt->width : 20, opt->styled, 0, 0, 0, 0};
    size_t nlines = 0, cap = 0;
    const char **lines = NULL;
    size_t *lens = NULL, lcap = 0;
    for (const char *s = md; *s;) {
        const char *eol = strchr(s, '\n');
        size_t len = eol ? (size_t)(eol - s) : strlen(s);
        if (reserve(&lines, &cap, nlines + 1, sizeof *lines) < 0 ||
            reserve(&lens, &lcap, nlines + 1, sizeof *lens) < 0) {
            free(lines);
            free(lens);
            return -1;
        }
        lines[nlines] = s;
        lens[nlines++] = len && s[len - 1] == '\r' ? len - 1 : len;
        s += eol ? len + 1 : len;
    }

    list_level lists[MAX_LISTS];
    int nlists = 0;
    paragraph para = {0};
    char fch = 0;
    size_t flen = 0; /* in a fenced code block when > 0 */
    int find = 0, fcol = 0;
    for (size_t i = 0; i < nlines && !r.oom; i++) {
        const char *s = lines[i];
        size_t len = lens[i], b = skip_blanks(s, len);
        int ind = indentation(s, len);
        char ch;
        if (flen) {
            size_t n = fence(s + b, len - b, &ch);
            if (n >= flen && ch == fch && skip_blanks(s + b + n, len - b - n) == len - b - n) {
                flen = 0;
                continue;
            }
            size_t k = 0; /* the fence's own indentation is not the code's */
            while (k < len && (int)k < find && s[k] == ' ')
                k++;
            if (k < len) {
                spaces(&r, fcol);
                fwrite(s + k, 1, len - k, out);
            }
            fputc('\n', out);
            continue;
        }
        if (b == len) {
            flush(&r, &para);
            r.blank = 1;
            continue;
        }
        unsigned long num;
        size_t mlen = list_marker(s + b, len - b, &num);
        size_t hashes = ind < 4 ? run(s, len, b, '#') : 0;
        int is_heading = hashes >= 1 && hashes <= 6 && (b + hashes == len || s[b + hashes] == ' ');
        int is_table = s[b] == '|' && i + 1 < nlines && delimiter_row(lines[i + 1], lens[i + 1]);
        size_t fence_len = fence(s + b, len - b, &ch);
        /* an ordered item other than 1. interrupts a paragraph in a list only */
        if (para.open && !is_heading && !is_table && !fence_len &&
            (!mlen || (num > 1 && nlists == 0))) {
            append(&r, &para, s + b, len - b); /* a continuation line */
            continue;
        }
        flush(&r, &para);
        if (is_heading) {
            size_t a = b + hashes, e = len;
            while (e > a && (s[e - 1] == '#' || s[e - 1] == ' '))
                e--;
            nlists = 0;
            heading(&r, (int)hashes, s + a, e - a);
            continue;
        }
        while (nlists > 0 && lists[nlists - 1].src > ind)
            nlists--;
        int col = nlists ? lists[nlists - 1].out : 0;
        if (fence_len) {
            separate(&r);
            fch = ch;
            flen = fence_len;
            find = ind;
            fcol = col + 4;
        } else if (is_table) {
            size_t n = i + 2;
            while (n < nlines && lens[n] > skip_blanks(lines[n], lens[n]) &&
                   lines[n][skip_blanks(lines[n], lens[n])] == '|')
                n++;
            table(&r, lines + i, lens + i, n - i, col);
            i = n - 1;
        } else if (mlen) {
            int mark =
                snprintf(para.marker, sizeof para.marker, "%.*s", (int)(num ? mlen : 1), s + b);
            while (mark > 0 && para.marker[mark - 1] == ' ')
                para.marker[--mark] = '\0';
            if (!num)
                para.marker[0] = '-';
            para.marker_col = col;
            para.text_col = col + mark + 1;
            if (nlists < MAX_LISTS)
                lists[nlists++] = (list_level){ind + (int)mlen, para.text_col};
            para.open = 1;
            append(&r, &para, s + b + mlen, len - b - mlen);
        } else {
            para.marker[0] = '\0';
            para.marker_col = para.text_col = col;
            para.open = 1;
            append(&r, &para, s + b, len - b);
        }
    }
    flush(&r, &para);
    free(para.text);
    free(lines);
    free(lens);
    return r.oom || ferror(out) ? -1 : 0;
}

void cli_wrap(FILE *out, const char *text, int col, int indent, int width)
{
    const char *p = text;
    while (*p == ' ')
        p++;
    int first = 1;
    while (*p) {
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        int len = (int)(p - w), wl = text_width(w, (size_t)len);
        if (!first && col + 1 + wl > width) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', out);
            col++;
        }
        fwrite(w, 1, (size_t)len, out);
        col += wl;
        first = 0;
        while (*p == ' ')
            p++;
    }
    fputc('\n', out);
}
