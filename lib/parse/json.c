/* JSON: jansson parses and validates. Where members are is found on demand:
 * the first time a rule asks about an object or array, one scan over its
 * bytes, walking in step with the tree (jansson keeps object members in
 * document order), records where each member is and where its nested
 * objects and arrays start and end; nothing deeper is looked at until asked
 * for.
 *
 * A text with duplicate keys is parsed again keeping the last value of each
 * key (as CloudFormation and the ECS API do), and indexed whole at once: each
 * duplicate is reported as an issue of the load, and the index holds only the
 * member that is kept. */
#include "load.h"

#include <string.h>

/* Where a value ends, from its first byte at i; jansson has checked the text,
 * so only strings and brackets need attention. */
static size_t skip_string(const char *s, size_t n, size_t i)
{
    i++; /* the opening quote */
    for (;;) {
        const char *q = memchr(s + i, '"', n - i);
        if (!q)
            return n;
        size_t j = (size_t)(q - s);
        size_t bs = 0; /* an escaped quote has an odd run of backslashes before it */
        while (j - bs > i && s[j - bs - 1] == '\\')
            bs++;
        i = j + 1;
        if (bs % 2 == 0)
            return i;
    }
}

static size_t skip_value(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return n;
    char c = s[i];
    if (c == '"')
        return skip_string(s, n, i);
    if (c == '{' || c == '[') {
        size_t depth = 0;
        while (i < n) {
            c = s[i];
            if (c == '"') {
                i = skip_string(s, n, i);
                continue;
            }
            i++;
            if (c == '{' || c == '[')
                depth++;
            else if ((c == '}' || c == ']') && --depth == 0)
                return i;
        }
        return n;
    }
    while (i < n) {
        c = s[i];
        if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
            break;
        i++;
    }
    return i;
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/* The value at i, ending where it ends; a pending record for an object or array. */
static int member_value(tdi_doc *doc, const json_t *v, size_t *i, tdi_span *span)
{
    const char *s = doc->text;
    size_t n = doc->text_len;
    *i = skip_ws(s, n, *i);
    if (*i >= n || !v)
        return TD_EINVAL;
    char c = s[*i];
    int coll = json_is_object(v) ? '{' : json_is_array(v) ? '[' : 0;
    if ((c == '{' || c == '[' || coll) && c != coll)
        return TD_EINVAL;
    if ((c == '"') != json_is_string(v))
        return TD_EINVAL;
    span->start = *i;
    *i = skip_value(s, n, *i);
    span->end = *i;
    if (coll && !tdi_doc_add_pending(doc, v, *span))
        return TD_ENOMEM;
    return TD_OK;
}

/* Scans the members of a pending record (one level: nested values are
 * skipped, and pending records added for the objects and arrays among them):
 * the document's expand hook. */
static int json_expand(tdi_doc *doc, tdi_nodeloc *rec)
{
    const char *s = doc->text;
    size_t n = doc->text_len;
    const json_t *v = rec->node;
    int is_object = json_is_object(v);
    size_t count = is_object ? json_object_size(v) : json_array_size(v);
    size_t i = rec->span.start;
    if (!s || i >= n || s[i] != (is_object ? '{' : '['))
        return TD_EINVAL;
    if (count > SIZE_MAX / sizeof(tdi_member))
        return TD_ENOMEM;
    tdi_member *m =
        count ? tdi_arena_alloc_raw(&doc->arena, count * sizeof *m, _Alignof(tdi_member)) : NULL;
    if (count && !m)
        return TD_ENOMEM;
    void *it = is_object ? json_object_iter((json_t *)v) : NULL;
    i++;
    for (size_t k = 0; k < count; k++) {
        i = skip_ws(s, n, i);
        if (k > 0) {
            if (i >= n || s[i] != ',')
                return TD_EINVAL;
            i = skip_ws(s, n, i + 1);
        }
        int err;
        if (is_object) {
            if (!it || i >= n || s[i] != '"')
                return TD_EINVAL;
            m[k].key = json_object_iter_key(it);
            m[k].key_span.start = i;
            i = skip_string(s, n, i);
            m[k].key_span.end = i;
            i = skip_ws(s, n, i);
            if (i >= n || s[i] != ':')
                return TD_EINVAL;
            i++;
            err = member_value(doc, json_object_iter_value(it), &i, &m[k].value_span);
            it = json_object_iter_next((json_t *)v, it);
        } else {
            m[k].key = NULL;
            err = member_value(doc, json_array_get(v, k), &i, &m[k].value_span);
            m[k].key_span = m[k].value_span;
        }
        if (err < 0)
            return err;
    }
    i = skip_ws(s, n, i);
    if (i >= n || s[i] != (is_object ? '}' : ']'))
        return TD_EINVAL;
    rec->members = m;
    rec->n = count;
    return TD_OK;
}

/* ---- duplicate keys ---- */

/* A member of an object as written: its key (decoded) and where it is. */
typedef struct {
    char *key; /* decoded by jansson; NULL for a key that cannot be (not for text it parsed) */
    size_t keylen;
    tdi_span key_span, value_span;
    size_t order; /* its place in the object */
} text_member;

static int text_member_cmp(const void *a, const void *b)
{
    const text_member *x = a, *y = b;
    size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
    int c = memcmp(x->key, y->key, n);
    if (c)
        return c;
    if (x->keylen != y->keylen)
        return x->keylen < y->keylen ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int order_cmp(const void *a, const void *b)
{
    const text_member *x = a, *y = b;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Decodes the JSON string at s[0..n) (quotes included) into m's key. */
static int decode_key(const char *s, size_t n, text_member *m)
{
    json_error_t e;
    json_t *k = json_loadb(s, n, JSON_DECODE_ANY, &e);
    if (!k || !json_is_string(k)) {
        json_decref(k);
        return json_error_code(&e) == json_error_out_of_memory ? TD_ENOMEM : TD_EINVAL;
    }
    m->keylen = json_string_length(k);
    m->key = tdi_malloc(m->keylen + 1);
    if (m->key)
        memcpy(m->key, json_string_value(k), m->keylen + 1);
    json_decref(k);
    return m->key ? TD_OK : TD_ENOMEM;
}

/* Indexes object rec of a text that has duplicate keys: every member as
 * written is read, each key that comes again later is reported (at the
 * later one, with the line of the first) and left out of the index, which
 * keeps the last of each key, where it is written. */
static int expand_deduplicated(tdi_doc *doc, tdi_nodeloc *rec, tdi_loaded *out)
{
    const char *s = doc->text;
    size_t n = doc->text_len;
    const json_t *v = rec->node;
    size_t i = rec->span.start;
    if (!json_is_object(v) || !s || i >= n || s[i] != '{')
        return TD_EINVAL;
    text_member *tm = NULL;
    size_t ntm = 0, cap = 0;
    int err = TD_OK;
    i = skip_ws(s, n, i + 1);
    while (err == TD_OK && i < n && s[i] != '}') {
        if (ntm > 0) {
            if (s[i] != ',') {
                err = TD_EINVAL;
                break;
            }
            i = skip_ws(s, n, i + 1);
        }
        if (i >= n || s[i] != '"' || tdi_grow((void **)&tm, &cap, ntm + 1, sizeof *tm) < 0) {
            err = i >= n || s[i] != '"' ? TD_EINVAL : TD_ENOMEM;
            break;
        }
        text_member *m = &tm[ntm];
        memset(m, 0, sizeof *m);
        m->order = ntm++;
        m->key_span.start = i;
        i = skip_string(s, n, i);
        m->key_span.end = i;
        err = decode_key(s + m->key_span.start, i - m->key_span.start, m);
        i = skip_ws(s, n, i);
        if (err == TD_OK && (i >= n || s[i] != ':'))
            err = TD_EINVAL;
        if (err < 0)
            break;
        m->value_span.start = i = skip_ws(s, n, i + 1);
        m->value_span.end = i = skip_value(s, n, i);
        i = skip_ws(s, n, i);
    }
    if (err == TD_OK && (i >= n || s[i] != '}'))
        err = TD_EINVAL;
    /* the duplicates: each group of one key, in the order written */
    if (err == TD_OK && ntm > 1)
        qsort(tm, ntm, sizeof *tm, text_member_cmp);
    size_t kept = 0;
    for (size_t a = 0; err == TD_OK && a < ntm;) {
        size_t z = a + 1;
        while (z < ntm && tm[z].keylen == tm[a].keylen &&
               memcmp(tm[z].key, tm[a].key, tm[a].keylen) == 0)
            z++;
        for (size_t k = a + 1; k < z && err == TD_OK; k++) {
            size_t len = tm[k].key_span.end - tm[k].key_span.start;
            if (len > 200) { /* keep long keys short, cut at a character boundary */
                len = 200;
                while (len > 0 && ((unsigned char)s[tm[k].key_span.start + len] & 0xC0) == 0x80)
                    len--;
            }
            err = tdi_loaded_duplicate(
                out, tm[k].key_span.start, tm[k].key_span.end, tm[k - 1].key_span.start,
                "duplicate key %.*s%s", (int)len, s + tm[k].key_span.start,
                len < tm[k].key_span.end - tm[k].key_span.start ? "...\"" : "");
        }
        for (size_t k = a; k + 1 < z; k++) { /* all but the last are left out */
            tdi_free(tm[k].key);
            tm[k].key = NULL;
        }
        kept++;
        a = z;
    }
    if (err == TD_OK && kept != json_object_size(v))
        err = TD_EINVAL;
    tdi_member *mm = NULL;
    if (err == TD_OK && kept) {
        mm = tdi_arena_alloc_raw(&doc->arena, kept * sizeof *mm, _Alignof(tdi_member));
        if (!mm)
            err = TD_ENOMEM;
    }
    if (err == TD_OK && ntm > 1)
        qsort(tm, ntm, sizeof *tm, order_cmp);
    size_t k = 0;
    for (size_t t = 0; err == TD_OK && t < ntm; t++) {
        if (!tm[t].key)
            continue;
        void *it = json_object_iter_at((json_t *)v, tm[t].key);
        if (!it) {
            err = TD_EINVAL;
            break;
        }
        mm[k].key = json_object_iter_key(it);
        mm[k].key_span = tm[t].key_span;
        size_t at = tm[t].value_span.start;
        err = member_value(doc, json_object_iter_value(it), &at, &mm[k].value_span);
        k++;
    }
    for (size_t t = 0; t < ntm; t++)
        tdi_free(tm[t].key);
    tdi_free(tm);
    if (err < 0)
        return err;
    rec->members = mm;
    rec->n = kept;
    return TD_OK;
}

/* Indexes the whole of doc, whose text has duplicate keys, reporting them. */
static int index_all(tdi_doc *doc, tdi_loaded *out)
{
    while (doc->queue_head < doc->queue_len) {
        tdi_nodeloc *q = doc->queue[doc->queue_head++];
        if (q->n != TDI_PENDING)
            continue;
        int err = json_is_object(q->node) ? expand_deduplicated(doc, q, out) : json_expand(doc, q);
        if (err < 0)
            return err;
    }
    return TD_OK;
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

/* Records jansson's error e on text[0..len) (at byte base of the source). */
static int json_error(const json_error_t *e, const char *text, size_t len, size_t base,
                      tdi_loaded *out)
{
    const char *tok;
    size_t toklen;
    size_t start = base + error_token(e, text, len, &tok, &toklen);
    size_t end = start + (toklen ? toklen : 0);
    if (!toklen && json_error_code(e) == json_error_numeric_overflow) {
        /* "too big integer" is after the number: span the number */
        while (start > base && text[start - base - 1] &&
               strchr("0123456789+-.eE", text[start - base - 1]))
            start--;
    }
    /* jansson's text without its " near '...'" tail; the token, escaped, after it */
    const char *near = strstr(e->text, " near ");
    int textlen = near ? (int)(near - e->text) : (int)strlen(e->text);
    tdi_buf t;
    tdi_buf_init(&t);
    tdi_buf_escaped(&t, tok ? tok : "", toklen, TDI_QUOTE_MAX);
    if (t.failed) {
        tdi_buf_free(&t);
        return TD_ENOMEM;
    }
    int err;
    switch (json_error_code(e)) {
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
        size_t max = out->opt.max_depth;
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
    default: {
        /* '{a: 1}' is a YAML flow mapping rather than broken JSON. jansson
         * names a long token cut short, or not at all: then the token is the
         * word that ends where the error is. */
        const char *key = tok;
        if (!tok || toklen == 0) {
            size_t p = start - base, q = p;
            while (q > 0 && (text[q - 1] == '_' || text[q - 1] == '-' ||
                             (text[q - 1] >= 'a' && text[q - 1] <= 'z') ||
                             (text[q - 1] >= 'A' && text[q - 1] <= 'Z') ||
                             (text[q - 1] >= '0' && text[q - 1] <= '9')))
                q--;
            key = q < p ? text + q : NULL;
        }
        out->unquoted_key = strncmp(e->text, "string or '}' expected", 22) == 0 && key &&
                            (key[0] == '\'' || key[0] == '_' || (key[0] >= 'a' && key[0] <= 'z') ||
                             (key[0] >= 'A' && key[0] <= 'Z'));
        if (toklen)
            err = tdi_loaded_fail(out, TDI_LOAD_SYNTAX, start, end, "invalid JSON: %.*s near '%s'",
                                  textlen, e->text, t.data);
        else
            err = tdi_loaded_fail(out, TDI_LOAD_SYNTAX, start, end, "invalid JSON: %.*s%s", textlen,
                                  e->text,
                                  near && strstr(near, "end of file") ? " at end of file" : "");
    }
    }
    tdi_buf_free(&t);
    return err;
}

int tdi_load_json(const char *text, size_t len, size_t base, tdi_loaded *out)
{
    json_error_t e;
    /* A NUL byte is never valid JSON (in a string it must be written \u0000),
     * and jansson may take it for the end of the text: parse what comes
     * before it, and report the NUL unless an error comes first. */
    const char *nul = memchr(text, '\0', len);
    size_t nlen = nul ? (size_t)(nul - text) : len;
    /* the document first: jansson builds the tree in its arena */
    out->docs = tdi_calloc(1, sizeof *out->docs);
    if (!out->docs)
        return TD_ENOMEM;
    out->ndocs = 1;
    tdi_doc *doc = &out->docs[0];
    tdi_doc_init(doc, TDI_FORMAT_JSON);
    doc->tree_in_arena = tdi_json_arena_begin(&doc->arena);
    json_t *root = json_loadb(text, nlen, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
    tdi_json_arena_end();
    int duplicates = !root && json_error_code(&e) == json_error_duplicate_key;
    if (duplicates) { /* again, keeping the last value of each key */
        tdi_doc_free(doc);
        tdi_doc_init(doc, TDI_FORMAT_JSON);
        doc->tree_in_arena = tdi_json_arena_begin(&doc->arena);
        root = json_loadb(text, nlen, JSON_DECODE_ANY, &e);
        tdi_json_arena_end();
    }
    doc->root = root;
    const char *etok;
    size_t etoklen;
    if (!root || nul) { /* no document: the error instead */
        tdi_doc_free(doc);
        tdi_free(out->docs);
        out->docs = NULL;
        out->ndocs = 0;
    }
    if (nul && (root || json_error_code(&e) == json_error_premature_end_of_input ||
                error_token(&e, text, nlen, &etok, &etoklen) >= nlen)) {
        return tdi_loaded_fail(out, TDI_LOAD_SYNTAX, base + nlen, base + nlen + 1,
                               "invalid JSON: a NUL byte (write \\u0000 in a string)");
    }
    if (!root)
        return json_error(&e, text, len, base, out);
    /* --max-depth below jansson's own bound: one pass for the first bracket too deep */
    size_t max = out->opt.max_depth;
    if (max < TDI_JSON_MAX_DEPTH) {
        size_t at = too_deep(text, len, max);
        if (at < len)
            return tdi_loaded_fail(out, TDI_LOAD_INVALID, base + at, base + at + 1,
                                   "nesting deeper than %zu levels (--max-depth)", max);
    }
    /* The index: the root's span now, members as the rules ask for them. */
    doc->text = text - base;
    doc->text_len = base + len;
    doc->expand = json_expand;
    size_t start = skip_ws(doc->text, doc->text_len, base);
    size_t end = base + len;
    while (end > start && (doc->text[end - 1] == ' ' || doc->text[end - 1] == '\t' ||
                           doc->text[end - 1] == '\n' || doc->text[end - 1] == '\r'))
        end--;
    doc->root_span = (tdi_span){start, end};
    if ((json_is_object(root) || json_is_array(root)) &&
        !tdi_doc_add_pending(doc, root, doc->root_span))
        return TD_ENOMEM;
    if (duplicates) {
        int err = index_all(doc, out);
        if (err == TD_EINVAL) /* the bytes and the tree disagree: cannot happen */
            return tdi_loaded_fail(out, TDI_LOAD_INVALID, 0, 0, "cannot index the duplicate keys");
        return err;
    }
    return TD_OK;
}
