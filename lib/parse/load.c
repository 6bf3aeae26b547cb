/* Loading a file: encoding checks, then JSON or YAML as the content says:
 * text whose first non-blank character is { or [ is JSON (or a YAML flow
 * collection when its keys are unquoted), the rest YAML; HCL when the caller
 * says the file is Terraform's (tdi_load_options.hcl). */
#include "load.h"

#include <yaml.h>

#include <stdio.h>
#include <string.h>

/* UTF-16 and UTF-32, with or without a byte-order mark, by the BOM or by the
 * zero bytes around the first (ASCII) character. NULL for anything else. */
static const char *wide_encoding(const unsigned char *d, size_t n)
{
    if (n >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0xFE && d[3] == 0xFF)
        return "UTF-32BE";
    if (n >= 4 && d[0] == 0xFF && d[1] == 0xFE && d[2] == 0 && d[3] == 0)
        return "UTF-32LE";
    if (n >= 2 && d[0] == 0xFE && d[1] == 0xFF)
        return "UTF-16BE";
    if (n >= 2 && d[0] == 0xFF && d[1] == 0xFE)
        return "UTF-16LE";
    if (n >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] != 0)
        return "UTF-32BE";
    if (n >= 4 && d[0] != 0 && d[1] == 0 && d[2] == 0 && d[3] == 0)
        return "UTF-32LE";
    if (n >= 2 && d[0] == 0 && d[1] != 0)
        return "UTF-16BE";
    if (n >= 2 && d[0] != 0 && d[1] == 0)
        return "UTF-16LE";
    return NULL;
}

static int load(const char *data, size_t len, const tdi_load_options *opt, tdi_loaded *out)
{
    memset(out, 0, sizeof *out);
    if (opt)
        out->opt = *opt;
    if (!out->opt.max_depth)
        out->opt.max_depth = TD_DEFAULT_MAX_DEPTH;
    if (!out->opt.max_aliases)
        out->opt.max_aliases = TD_DEFAULT_MAX_ALIASES;
    if (tdi_source_init(&out->src, data, len) < 0)
        return TD_ENOMEM;
    const char *wide = wide_encoding((const unsigned char *)data, len);
    if (wide)
        return tdi_loaded_fail(out, TDI_LOAD_INVALID, 0, 0,
                               "the file is encoded in %s; tdlint reads UTF-8: convert it, for "
                               "example with iconv -f %.6s -t UTF-8, or in PowerShell (whose "
                               "> and Out-File write UTF-16 in Windows PowerShell 5) with "
                               "Get-Content FILE | Out-File -Encoding utf8 NEWFILE",
                               wide, wide);
    size_t base = out->src.bom;
    const char *text = data + base;
    size_t n = len - base;
    if (out->opt.hcl) /* blank or not: an empty .tf is an empty configuration */
        return tdi_load_hcl(text, n, base, out);
    size_t i = 0;
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
        i++;
    if (i == n) /* empty, or blanks only: no document */
        return TD_OK;
    if (text[i] == '{' || text[i] == '[') {
        /* JSON, strictly (CloudFormation too reads such a template as JSON only),
         * unless a key is unquoted: then it is a YAML flow collection. */
        int err = tdi_load_json(text, n, base, out);
        if (err < 0 || out->status != TDI_LOAD_SYNTAX || !out->unquoted_key)
            return err;
        tdi_loaded y;
        memset(&y, 0, sizeof y);
        y.src = out->src;
        y.opt = out->opt;
        err = tdi_load_yaml(text, n, base, &y);
        if (err == TD_OK && y.status == TDI_LOAD_OK) {
            tdi_loaded_drop_docs(out);
            tdi_free(out->error);
            out->error = NULL;
            out->status = TDI_LOAD_OK;
            out->docs = y.docs;
            out->ndocs = y.ndocs;
            out->issues = y.issues;
            out->nissues = y.nissues;
            out->issues_cap = y.issues_cap;
            return TD_OK;
        }
        tdi_loaded_drop_docs(&y);
        tdi_free(y.error);
        return err;
    }
    return tdi_load_yaml(text, n, base, out);
}

int tdi_load(const char *data, size_t len, const tdi_load_options *opt, tdi_loaded *out)
{
    int err = load(data, len, opt, out);
    return err < 0 ? err : tdi_loaded_finish_issues(out, &out->src);
}

/* ---- JSON in a JSON string ---- */

static int hex4(const char *s, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d == 16)
            return -1;
        *v = *v * 16 + d;
    }
    return 0;
}

/* Appends code point cp as UTF-8 to buf, each byte mapped to `at`. */
static void put_cp(char *buf, size_t *map, size_t *n, unsigned cp, size_t at)
{
    unsigned char b[4];
    size_t k;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        k = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | cp >> 6);
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        k = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | cp >> 12);
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        k = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | cp >> 18);
        b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        k = 4;
    }
    for (size_t i = 0; i < k; i++) {
        map[*n] = at;
        buf[(*n)++] = (char)b[i];
    }
}

/* Decodes the contents of a JSON string literal, raw[0..len) (no quotes),
 * into buf (room for len bytes: escapes only shrink), map[i] the offset in
 * the outer text (raw starting at base) where decoded byte i is written, and
 * map[n] the offset just after raw. Returns n, or SIZE_MAX for a malformed
 * escape. A lone surrogate becomes U+FFFD. */
static size_t decode_string(const char *raw, size_t len, size_t base, char *buf, size_t *map)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t at = base + i;
        if (raw[i] != '\\') {
            map[n] = at;
            buf[n++] = raw[i++];
            continue;
        }
        if (i + 1 >= len)
            return SIZE_MAX;
        char e = raw[i + 1];
        const char *simple = strchr("\"\\/bfnrt", e);
        if (simple && e) {
            static const char to[] = "\"\\/\b\f\n\r\t";
            map[n] = at;
            buf[n++] = to[simple - "\"\\/bfnrt"];
            i += 2;
            continue;
        }
        unsigned cp, lo;
        if (e != 'u' || i + 6 > len || hex4(raw + i + 2, &cp) < 0)
            return SIZE_MAX;
        i += 6;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= len && raw[i] == '\\' && raw[i + 1] == 'u' &&
            hex4(raw + i + 2, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
        } else if (cp >= 0xD800 && cp < 0xE000) {
            cp = 0xFFFD;
        }
        put_cp(buf, map, &n, cp, at);
    }
    map[n] = base + len;
    return n;
}

/* Loads the decoded text buf[0..n) (malloc'd; out keeps it: the index
 * reads it), map[i] being where decoded byte i is written in outer, map[n]
 * the end: every span of out is mapped to outer. Frees map. */
static int load_decoded(const tdi_source *outer, char *buf, size_t *map, size_t n,
                        const tdi_load_options *opt, tdi_loaded *out)
{
    tdi_load_options o = {0};
    if (opt)
        o = *opt;
    o.hcl = 0; /* a string holds JSON or YAML, whatever file it is in */
    int err = load(buf, n, &o, out);
    out->owned = buf;
    for (size_t d = 0; d < out->ndocs && err == TD_OK && out->status == TDI_LOAD_OK; d++)
        err = tdi_doc_remap(&out->docs[d], map, n);
    if (err == TD_OK) {
        out->error_start = map[out->error_start < n ? out->error_start : n];
        out->error_end = map[out->error_end < n ? out->error_end : n];
        for (size_t i = 0; i < out->nissues; i++) {
            tdi_load_issue *is = &out->issues[i];
            is->start = map[is->start < n ? is->start : n];
            is->end = map[is->end < n ? is->end : n];
            if (is->also_at != SIZE_MAX)
                is->also_at = map[is->also_at < n ? is->also_at : n];
        }
        err = tdi_loaded_finish_issues(out, outer);
    }
    tdi_free(map);
    return err;
}

int tdi_json_string_text(const char *src, size_t start, size_t end, char **text, size_t **map,
                         size_t *n)
{
    *text = NULL;
    *map = NULL;
    size_t len = end > start ? end - start : 0;
    char *buf = tdi_malloc(len + 1);
    size_t *m = tdi_malloc((len + 1) * sizeof *m);
    if (!buf || !m) {
        tdi_free(buf);
        tdi_free(m);
        return TD_ENOMEM;
    }
    *n = decode_string(src + start, len, start, buf, m);
    if (*n == SIZE_MAX) {
        tdi_free(buf);
        tdi_free(m);
        return TD_EINVAL;
    }
    *text = buf;
    *map = m;
    return TD_OK;
}

int tdi_load_embedded(const tdi_source *outer, size_t start, size_t end,
                      const tdi_load_options *opt, tdi_loaded *out)
{
    memset(out, 0, sizeof *out);
    char *buf;
    size_t *map, n;
    int err = tdi_json_string_text(outer->data, start, end, &buf, &map, &n);
    if (err == TD_EINVAL)
        return tdi_loaded_fail(out, TDI_LOAD_SYNTAX, start, end, "a malformed escape in a string");
    if (err < 0)
        return err;
    return load_decoded(outer, buf, map, n, opt, out);
}

/* Moves every offset of out (its documents, error, issues) by base. */
static int shifted(int err, size_t base, tdi_loaded *out)
{
    return err == TD_OK && base ? tdi_loaded_shift(out, base) : err;
}

int tdi_doc_load_string(const tdi_doc *doc, const tdi_source *src, tdi_span span,
                        const tdi_load_options *opt, tdi_loaded *out)
{
    if (doc->base) { /* the doc is located after another file: src is its own text */
        tdi_doc local = *doc;
        local.base = 0;
        span.start -= doc->base;
        span.end -= doc->base;
        return shifted(tdi_doc_load_string(&local, src, span, opt, out), doc->base, out);
    }
    memset(out, 0, sizeof *out);
    if (doc->string_text) {
        char *buf;
        size_t *map, n;
        int err = doc->string_text(doc, src->data, span, &buf, &map, &n);
        if (err == TD_EINVAL) /* its loader checked the escapes */
            return tdi_loaded_fail(out, TDI_LOAD_SYNTAX, span.start, span.end,
                                   "not a string written in quotes or as a heredoc");
        if (err < 0)
            return err;
        return load_decoded(src, buf, map, n, opt, out);
    }
    /* a JSON (or quoted YAML) string: its contents, between the quotes */
    if (span.end - span.start < 2 || src->data[span.start] != '"')
        return tdi_loaded_fail(out, TDI_LOAD_SYNTAX, span.start, span.end,
                               "not a string written in double quotes");
    return tdi_load_embedded(src, span.start + 1, span.end - 1, opt, out);
}

const char *td_jansson_version(void)
{
    return jansson_version_str();
}

const char *td_libyaml_version(void)
{
    return yaml_get_version_string();
}
