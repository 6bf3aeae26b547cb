/* HCL strings as Terraform reads them: a quoted string's escapes, a
 * heredoc's lines (<<- removing the indentation they share), $${ and %%{.
 * The value of a string is decoded from its bytes alone, so that the tree
 * (hcl_build.c) and tdi_doc_load_string (through tdi_doc.string_text) see
 * the same text, each byte mapped to where it is written.
 *
 * A template, a string with an interpolation ${...} or a directive %{...},
 * keeps them as written, and keeps $${ and %%{ too: the text is what
 * Terraform's JSON syntax (.tf.json) would hold. */
#include "hcl.h"

#include <string.h>

/* Interpolations nested in strings in interpolations, deeper than any file needs. */
#define MAX_NESTING 64

/* Whether src[i..e) starts with the 2 or 3 bytes of lit. */
static int at(const char *s, size_t i, size_t e, const char *lit)
{
    size_t n = strlen(lit);
    return e - i >= n && memcmp(s + i, lit, n) == 0;
}

static size_t skip_quoted(const char *s, size_t i, size_t e, int nest);

/* The end of an interpolation or directive whose "${" or "%{" ends at i:
 * just past its closing brace (braces and strings inside counted), or
 * SIZE_MAX when it does not close before e. */
static size_t skip_interp(const char *s, size_t i, size_t e, int nest)
{
    size_t depth = 0;
    while (i < e) {
        char c = s[i];
        if (c == '"') {
            i = skip_quoted(s, i + 1, e, nest + 1);
            if (i == SIZE_MAX)
                return SIZE_MAX;
        } else if (c == '{') {
            depth++;
            i++;
        } else if (c == '}') {
            i++;
            if (depth-- == 0)
                return i;
        } else {
            i++;
        }
    }
    return SIZE_MAX;
}

/* The end of a quoted string whose opening quote ends at i: just past the
 * closing quote, or SIZE_MAX. */
static size_t skip_quoted(const char *s, size_t i, size_t e, int nest)
{
    if (nest > MAX_NESTING)
        return SIZE_MAX;
    while (i < e) {
        if (s[i] == '"')
            return i + 1;
        if (s[i] == '\\') {
            i += 2;
        } else if (at(s, i, e, "$${") || at(s, i, e, "%%{")) {
            i += 3;
        } else if (at(s, i, e, "${") || at(s, i, e, "%{")) {
            i = skip_interp(s, i + 2, e, nest);
            if (i == SIZE_MAX)
                return SIZE_MAX;
        } else {
            i++;
        }
    }
    return SIZE_MAX;
}

/* White space as Go's unicode.IsSpace, which Terraform's <<- counts: its
 * length at s[i..e) (0 when none; a line end is not counted). */
static size_t space_at(const char *s, size_t i, size_t e)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r')
        return 1;
    if (c < 0x80)
        return 0;
    uint32_t cp;
    size_t k = tdi_utf8_decode((const unsigned char *)s + i, e - i, &cp);
    if (k && (cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
              cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000))
        return k;
    return 0;
}

typedef struct {
    const char *s;
    char *text;
    size_t *map; /* NULL: not wanted */
    size_t n;
} out_text;

static void put(out_text *o, char c, size_t from)
{
    if (o->map)
        o->map[o->n] = from;
    o->text[o->n++] = c;
}

static void put_cp(out_text *o, uint32_t cp, size_t from)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        put(o, (char)cp, from);
    } else if (cp < 0x800) {
        put(o, (char)(0xC0 | cp >> 6), from);
        put(o, (char)(0x80 | (cp & 0x3F)), from);
    } else if (cp < 0x10000) {
        put(o, (char)(0xE0 | cp >> 12), from);
        put(o, (char)(0x80 | ((cp >> 6) & 0x3F)), from);
        put(o, (char)(0x80 | (cp & 0x3F)), from);
    } else {
        put(o, (char)(0xF0 | cp >> 18), from);
        put(o, (char)(0x80 | ((cp >> 12) & 0x3F)), from);
        put(o, (char)(0x80 | ((cp >> 6) & 0x3F)), from);
        put(o, (char)(0x80 | (cp & 0x3F)), from);
    }
}

/* The escape at s[i] (a backslash) of a quoted string: appended to o;
 * returns its length, 0 when it is not one HCL knows. */
static size_t escape(out_text *o, size_t i, size_t e)
{
    const char *s = o->s;
    if (e - i < 2)
        return 0;
    static const char from[] = "nrt\"\\", to[] = "\n\r\t\"\\";
    const char *f = strchr(from, s[i + 1]);
    if (f && s[i + 1]) {
        put(o, to[f - from], i);
        return 2;
    }
    size_t digits = s[i + 1] == 'u' ? 4 : s[i + 1] == 'U' ? 8 : 0;
    if (!digits || e - i < 2 + digits)
        return 0;
    uint32_t cp = 0;
    for (size_t k = 0; k < digits; k++) {
        char c = s[i + 2 + k];
        uint32_t d = c >= '0' && c <= '9'   ? (uint32_t)(c - '0')
                     : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10)
                                            : 16u;
        if (d == 16)
            return 0;
        cp = cp > 0x10FFFF ? cp : cp * 16 + d; /* stays out of range once it is */
    }
    put_cp(o, cp, i);
    return 2 + digits;
}

/* Whether the template s[i..e) has an interpolation or a directive (its
 * raw bytes: a quoted string's escapes are skipped); SIZE_MAX when one does
 * not close. */
static size_t has_template(const char *s, size_t i, size_t e, int quoted)
{
    while (i < e) {
        if (quoted && s[i] == '\\')
            i += 2;
        else if (at(s, i, e, "$${") || at(s, i, e, "%%{"))
            i += 3;
        else if (at(s, i, e, "${") || at(s, i, e, "%{"))
            return skip_interp(s, i + 2, e, 0) == SIZE_MAX ? SIZE_MAX : 1;
        else
            i++;
    }
    return 0;
}

/* Appends the template s[i..e) to o: escapes decoded when quoted, $${ and
 * %%{ too unless tmpl (the string has an interpolation), interpolations as
 * written; at each line start, strip white space characters (a line of
 * white space only is kept whole). TD_OK or TD_EINVAL. */
static int decode(out_text *o, size_t i, size_t e, int quoted, int tmpl, size_t strip)
{
    const char *s = o->s;
    int line_start = strip > 0;
    while (i < e) {
        if (line_start) {
            line_start = 0;
            size_t j = i, w = 0, k;
            while (j < e && (k = space_at(s, j, e)) > 0)
                j += k, w++;
            if (j < e && s[j] != '\n') /* not a blank line: its first `strip` spaces go */
                for (size_t m = 0; m < strip && m < w; m++)
                    i += space_at(s, i, e);
            continue;
        }
        if (quoted && s[i] == '\\') {
            size_t k = escape(o, i, e);
            if (!k)
                return TD_EINVAL;
            i += k;
        } else if (at(s, i, e, "$${") || at(s, i, e, "%%{")) {
            if (tmpl)
                put(o, s[i], i);
            put(o, s[i + 1], i + 1);
            put(o, s[i + 2], i + 2);
            i += 3;
        } else if (at(s, i, e, "${") || at(s, i, e, "%{")) {
            size_t end = skip_interp(s, i + 2, e, 0);
            if (end == SIZE_MAX)
                return TD_EINVAL;
            for (; i < end; i++)
                put(o, s[i], i);
        } else {
            line_start = strip > 0 && s[i] == '\n';
            put(o, s[i], i);
            i++;
        }
    }
    return TD_OK;
}

/* The white space characters every line of heredoc content s[i..e) starts
 * with, as Terraform's <<- counts them: lines of white space only do not
 * count, a line that starts with an interpolation has none. */
static size_t common_indent(const char *s, size_t i, size_t e)
{
    size_t min = SIZE_MAX;
    while (i < e) {
        size_t w = 0, k;
        while (i < e && (k = space_at(s, i, e)) > 0)
            i += k, w++;
        if (i < e && s[i] != '\n' && w < min)
            min = w;
        /* on to the next line start outside an interpolation */
        while (i < e && s[i] != '\n') {
            if (at(s, i, e, "$${") || at(s, i, e, "%%{")) {
                i += 3;
            } else if (at(s, i, e, "${") || at(s, i, e, "%{")) {
                i = skip_interp(s, i + 2, e, 0);
                if (i == SIZE_MAX)
                    return 0;
            } else {
                i++;
            }
        }
        i++;
    }
    return min == SIZE_MAX ? 0 : min;
}

/* The content of the heredoc at s[span): [*from, *to), the line ends in it
 * included; *flush for <<-. TD_EINVAL when it is not a heredoc. */
static int heredoc_content(const char *s, tdi_span span, size_t *from, size_t *to, int *flush)
{
    size_t i = span.start + 2, e = span.end;
    *flush = i < e && s[i] == '-';
    const char *nl = memchr(s + i, '\n', e - i);
    if (!nl)
        return TD_EINVAL;
    *from = (size_t)(nl - s) + 1;
    size_t last = e; /* the closing marker's line starts after the last line end */
    while (last > *from && s[last - 1] != '\n')
        last--;
    *to = last;
    return TD_OK;
}

int tdi_hcl_string(const char *src, tdi_span span, char **text, size_t *n, size_t **map)
{
    *text = NULL;
    *n = 0;
    if (map)
        *map = NULL;
    size_t len = span.end > span.start ? span.end - span.start : 0;
    size_t from, to, strip = 0;
    int quoted = len >= 2 && src[span.start] == '"' && src[span.end - 1] == '"';
    if (quoted) {
        from = span.start + 1;
        to = span.end - 1;
        if (skip_quoted(src, from, span.end, 0) != span.end)
            return TD_EINVAL;
    } else {
        int flush;
        if (len < 3 || memcmp(src + span.start, "<<", 2) != 0 ||
            heredoc_content(src, span, &from, &to, &flush) < 0)
            return TD_EINVAL;
        if (flush)
            strip = common_indent(src, from, to);
    }
    size_t tmpl = has_template(src, from, to, quoted);
    if (tmpl == SIZE_MAX)
        return TD_EINVAL;
    out_text o = {src, tdi_malloc(to - from + 1), NULL, 0};
    if (map)
        o.map = tdi_malloc((to - from + 1) * sizeof *o.map);
    int err =
        !o.text || (map && !o.map) ? TD_ENOMEM : decode(&o, from, to, quoted, tmpl > 0, strip);
    if (err < 0) {
        tdi_free(o.text);
        tdi_free(o.map);
        return err;
    }
    o.text[o.n] = '\0';
    if (o.map)
        o.map[o.n] = to;
    *text = o.text;
    *n = o.n;
    if (map)
        *map = o.map;
    return TD_OK;
}

int tdi_hcl_string_text(const tdi_doc *doc, const char *src, tdi_span span, char **text,
                        size_t **map, size_t *n)
{
    (void)doc;
    return tdi_hcl_string(src, span, text, n, map);
}
