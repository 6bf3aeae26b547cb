/* JSON: jansson parses and validates; then one linear scan over the bytes,
 * walking in step with the tree (jansson keeps object members in document
 * order and duplicates are rejected), records where every member is. */
#include "internal.h"

#include <string.h>

typedef struct {
    const char *s;
    size_t n, i, base;
    tdi_doc *doc;
    int err; /* TD_ENOMEM, or TD_EINVAL when the scan and the tree disagree */
    size_t depth, max_depth;
    int deep; /* err is TD_EINVAL because the nesting is deeper than max_depth, at i */
} scanner;

static void skip_ws(scanner *sc)
{
    while (sc->i < sc->n) {
        char c = sc->s[sc->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        sc->i++;
    }
}

static void skip_string(scanner *sc)
{
    sc->i++; /* opening quote */
    while (sc->i < sc->n && sc->s[sc->i] != '"')
        sc->i += sc->s[sc->i] == '\\' ? 2 : 1;
    sc->i++; /* closing quote */
}

static tdi_span scan_value(scanner *sc, json_t *v);

static tdi_span scan_container(scanner *sc, json_t *v, int is_object)
{
    tdi_span span = {sc->base + sc->i, 0};
    if (++sc->depth > sc->max_depth) {
        sc->deep = 1;
        sc->err = TD_EINVAL;
        return span;
    }
    size_t n = is_object ? json_object_size(v) : json_array_size(v);
    tdi_nodeloc *loc = tdi_doc_add(sc->doc, v, span, n);
    if (!loc) {
        sc->err = TD_ENOMEM;
        return span;
    }
    const char close = is_object ? '}' : ']';
    void *it = is_object ? json_object_iter(v) : NULL;
    size_t k = 0;
    sc->i++;
    for (;;) {
        skip_ws(sc);
        if (sc->i >= sc->n) {
            sc->err = TD_EINVAL;
            return span;
        }
        if (sc->s[sc->i] == close)
            break;
        if (sc->s[sc->i] == ',') {
            sc->i++;
            continue;
        }
        if (k >= n) {
            sc->err = TD_EINVAL;
            return span;
        }
        tdi_member *m = &loc->members[k];
        json_t *child;
        if (is_object) {
            if (!it || sc->s[sc->i] != '"') {
                sc->err = TD_EINVAL;
                return span;
            }
            m->key = json_object_iter_key(it);
            child = json_object_iter_value(it);
            it = json_object_iter_next(v, it);
            m->key_span.start = sc->base + sc->i;
            skip_string(sc);
            m->key_span.end = sc->base + sc->i;
            skip_ws(sc);
            if (sc->i >= sc->n || sc->s[sc->i] != ':') {
                sc->err = TD_EINVAL;
                return span;
            }
            sc->i++;
            m->value_span = scan_value(sc, child);
        } else {
            child = json_array_get(v, k);
            m->value_span = scan_value(sc, child);
            m->key_span = m->value_span;
        }
        if (sc->err)
            return span;
        k++;
    }
    sc->i++;
    sc->depth--;
    span.end = sc->base + sc->i;
    loc->span = span;
    if (k != n)
        sc->err = TD_EINVAL;
    return span;
}

static tdi_span scan_value(scanner *sc, json_t *v)
{
    skip_ws(sc);
    tdi_span span = {sc->base + sc->i, sc->base + sc->i};
    if (sc->i >= sc->n || !v) {
        sc->err = TD_EINVAL;
        return span;
    }
    char c = sc->s[sc->i];
    if (c == '{' && json_is_object(v))
        return scan_container(sc, v, 1);
    if (c == '[' && json_is_array(v))
        return scan_container(sc, v, 0);
    if (c == '"' && json_is_string(v)) {
        skip_string(sc);
    } else if (c != '{' && c != '[' && c != '"') {
        while (sc->i < sc->n) {
            c = sc->s[sc->i];
            if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' ||
                c == '\r')
                break;
            sc->i++;
        }
    } else {
        sc->err = TD_EINVAL;
    }
    span.end = sc->base + sc->i;
    return span;
}

/* jansson's error position is where it stopped reading, after the offending
 * token. Its text ends in "near 'TOKEN'" for most tokens: step back over it.
 * For a string token (a duplicate key, a string where a comma belongs) the
 * text may not say: step back over the string in the source. */
static size_t error_token(const json_error_t *e, const char *s, size_t n, const char **tok,
                          size_t *toklen)
{
    const char *near = strstr(e->text, " near '");
    size_t pos = e->position < 0 ? 0 : (size_t)e->position;
    if (pos > n)
        pos = n;
    *tok = NULL;
    *toklen = 0;
    if (near) {
        const char *t = near + 7;
        size_t len = strlen(t);
        if (len > 0 && t[len - 1] == '\'' && len - 1 <= pos) {
            *tok = t;
            *toklen = len - 1;
            return pos - (len - 1);
        }
        return pos;
    }
    size_t q = pos;
    while (q > 0 && (s[q - 1] == ' ' || s[q - 1] == '\t' || s[q - 1] == '\n' || s[q - 1] == '\r'))
        q--;
    if (q < 2 || s[q - 1] != '"')
        return pos;
    /* the opening quote: a quote preceded by an even number of backslashes */
    for (size_t i = q - 1; i-- > 0;) {
        if (s[i] != '"')
            continue;
        size_t bs = 0;
        while (i - bs > 0 && s[i - bs - 1] == '\\')
            bs++;
        if (bs % 2 == 0) {
            *tok = s + i;
            *toklen = q - i;
            return i;
        }
    }
    return pos;
}

/* The offset of the first bracket deeper than max, strings skipped (for
 * text that jansson found nested too deep); len when there is none. */
static size_t too_deep(const char *s, size_t n, size_t max)
{
    size_t depth = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"') {
            for (i++; i < n && s[i] != '"'; i++)
                if (s[i] == '\\')
                    i++;
        } else if (c == '[' || c == '{') {
            if (++depth > max)
                return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return n;
}

int tdi_load_json(const char *text, size_t len, size_t base, tdi_loaded *out)
{
    tdi_limits_fill(&out->limits);
    json_error_t e;
    /* A NUL byte is never valid JSON (in a string it must be written \u0000),
     * and jansson may take it for the end of the text: parse what comes
     * before it, and report the NUL unless an error comes first. */
    const char *nul = memchr(text, '\0', len);
    size_t nlen = nul ? (size_t)(nul - text) : len;
    json_t *root = json_loadb(text, nlen, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
    const char *etok;
    size_t etoklen;
    if (nul && (root || json_error_code(&e) == json_error_premature_end_of_input ||
                error_token(&e, text, nlen, &etok, &etoklen) >= nlen)) {
        json_decref(root);
        return tdi_loaded_fail(out, TDI_LOAD_SYNTAX, base + nlen, base + nlen + 1,
                               "invalid JSON: a NUL byte (write \\u0000 in a string)");
    }
    if (!root) {
        const char *tok;
        size_t toklen;
        size_t start = base + error_token(&e, text, len, &tok, &toklen);
        size_t end = start + (toklen ? toklen : 0);
        if (!toklen && json_error_code(&e) == json_error_numeric_overflow) {
            /* "too big integer" is after the number: span the number */
            while (start > base && text[start - base - 1] &&
                   strchr("0123456789+-.eE", text[start - base - 1]))
                start--;
        }
        /* jansson's text without its " near '...'" tail; the token, escaped, after it */
        const char *near = strstr(e.text, " near ");
        int textlen = near ? (int)(near - e.text) : (int)strlen(e.text);
        tdi_buf t;
        tdi_buf_init(&t);
        tdi_buf_escaped(&t, tok ? tok : "", toklen, TDI_QUOTE_MAX);
        if (t.failed) {
            tdi_buf_free(&t);
            return TD_ENOMEM;
        }
        int err;
        switch (json_error_code(&e)) {
        case json_error_out_of_memory:
            err = TD_ENOMEM;
            break;
        case json_error_duplicate_key:
            if (toklen > 200) { /* keep long keys short, cut at a character boundary */
                toklen = 200;
                while (toklen > 0 && ((unsigned char)tok[toklen] & 0xC0) == 0x80)
                    toklen--;
            }
            err = tdi_loaded_fail(out, TDI_LOAD_INVALID, start, end,
                                  "duplicate key %.*s: a deployer keeps one of the values while a "
                                  "reviewer may read the other; remove one",
                                  (int)toklen, tok ? tok : "");
            break;
        case json_error_stack_overflow: {
            size_t at = start; /* the bracket one level too deep */
            size_t max = out->limits.max_depth;
            if (max < TDI_JSON_MAX_DEPTH)
                at = base + too_deep(text, len, max);
            if (max >= TDI_JSON_MAX_DEPTH)
                err = tdi_loaded_fail(out, TDI_LOAD_INVALID, at, at + 1,
                                      "nesting deeper than %d levels, the most tdlint reads in JSON",
                                      TDI_JSON_MAX_DEPTH);
            else
                err = tdi_loaded_fail(out, TDI_LOAD_INVALID, at, at + 1,
                                      "nesting deeper than %zu levels (--max-depth)", max);
            break;
        }
        default:
            /* '{a: 1}' is a YAML flow mapping rather than broken JSON */
            out->unquoted_key =
                strncmp(e.text, "string or '}' expected", 22) == 0 && tok && toklen > 0 &&
                (tok[0] == '\'' || tok[0] == '_' || (tok[0] >= 'a' && tok[0] <= 'z') ||
                 (tok[0] >= 'A' && tok[0] <= 'Z'));
            if (toklen)
                err = tdi_loaded_fail(out, TDI_LOAD_SYNTAX, start, end,
                                      "invalid JSON: %.*s near '%s'", textlen, e.text, t.data);
            else
                err = tdi_loaded_fail(out, TDI_LOAD_SYNTAX, start, end, "invalid JSON: %.*s%s",
                                      textlen, e.text,
                                      near && strstr(near, "end of file") ? " at end of file" : "");
        }
        tdi_buf_free(&t);
        return err;
    }
    out->docs = tdi_calloc(1, sizeof *out->docs);
    if (!out->docs) {
        json_decref(root);
        return TD_ENOMEM;
    }
    out->ndocs = 1;
    tdi_doc *doc = &out->docs[0];
    tdi_doc_init(doc, TDI_FORMAT_JSON);
    doc->root = root;
    scanner sc = {text, len, 0, base, doc, 0, 0, out->limits.max_depth, 0};
    doc->root_span = scan_value(&sc, root);
    if (sc.err == TD_ENOMEM)
        return TD_ENOMEM;
    if (sc.deep)
        return tdi_loaded_fail(out, TDI_LOAD_INVALID, base + sc.i, base + sc.i + 1,
                               "nesting deeper than %zu levels (--max-depth)", sc.max_depth);
    if (sc.err)
        return tdi_loaded_fail(out, TDI_LOAD_INVALID, base + sc.i, base + sc.i,
                               "internal error: the location index disagrees with the parser");
    return TD_OK;
}
