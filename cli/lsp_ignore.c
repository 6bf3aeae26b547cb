/* The second "suppress with a reason" quick fix: for a finding about a
 * resource of a CloudFormation or SAM template, an inline ignore entry in the
 * resource's Metadata (README, "Exceptions"),
 *
 *     Metadata: {tdlint: {ignore: [{rule: TD001, containers: [NAME], reason: ""}]}}
 *
 * appended to the Metadata, tdlint or ignore the resource already has, in
 * the file's own layout: a JSON member or element on a line of its own at
 * the indentation of its siblings (or inline in a one-line object), a YAML
 * block at the indentation of its siblings. Its reason is left empty for the
 * user to write: until it is, the entry suppresses nothing and is reported
 * (TD000 "needs a reason").
 *
 * The action is offered only where the edit is certain to be right: the
 * resource is found by a plain reading of the text (JSON members; YAML block
 * mappings with plain keys, no flow collection, anchor, alias, tag or merge
 * on the way), and the text with the edit made and a reason written is
 * linted again under the same configuration: every finding must be there
 * as before, the finding itself suppressed by the new entry, nothing else
 * changed and nothing new reported. That lint is the price of the action,
 * paid for each finding asked about (editors ask as the cursor moves):
 * documents larger than IGNORE_MAX_TEXT (about 0.15 s a lint) get no inline
 * action. */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

#define IGNORE_MAX_TEXT ((size_t)2 * 1024 * 1024)

/* The text being edited. */
typedef struct {
    const char *t;
    size_t len;
    const char *nl; /* the file's line end: "\n" or "\r\n" */
} src;

/* A growable string; on failure s is NULL and stays so. */
typedef struct {
    char *s;
    size_t n;
    int failed;
} sbuf;

static void put_n(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    char *ns = realloc(b->s, b->n + n + 1);
    if (!ns) {
        free(b->s);
        b->s = NULL;
        b->failed = 1;
        return;
    }
    memcpy(ns + b->n, s, n);
    b->n += n;
    ns[b->n] = '\0';
    b->s = ns;
}

static void put(sbuf *b, const char *s)
{
    put_n(b, s, strlen(s));
}

static void put_spaces(sbuf *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put_n(b, " ", 1);
}

/* ---- lines ---- */

static size_t line_start(const src *s, size_t off)
{
    while (off > 0 && s->t[off - 1] != '\n')
        off--;
    return off;
}

/* The offset of the start of the next line (len at the last). */
static size_t next_line(const src *s, size_t off)
{
    const char *nl = memchr(s->t + off, '\n', s->len - off);
    return nl ? (size_t)(nl - s->t) + 1 : s->len;
}

/* The end of the line's content: before its CR LF or LF. */
static size_t line_end(const src *s, size_t ls)
{
    size_t e = next_line(s, ls);
    if (e > ls && s->t[e - 1] == '\n')
        e--;
    if (e > ls && s->t[e - 1] == '\r')
        e--;
    return e;
}

/* The line's indentation in spaces; its content starts at ls + it. */
static size_t indent(const src *s, size_t ls)
{
    size_t i = ls;
    while (i < s->len && s->t[i] == ' ')
        i++;
    return i - ls;
}

/* Whether the line holds nothing (or a comment only, in YAML). */
static int blank(const src *s, size_t ls)
{
    size_t c = ls + indent(s, ls), e = line_end(s, ls);
    return c == e || s->t[c] == '#';
}

/* ---- JSON ---- */

static size_t ws(const src *s, size_t i)
{
    while (i < s->len && s->t[i] && strchr(" \t\r\n", s->t[i]))
        i++;
    return i;
}

/* The end of the value at i (i at its first byte): 0 when it is not one
 * this reads (depth bounds the nesting). */
static size_t skip_value(const src *s, size_t i, int depth)
{
    if (i >= s->len || depth > 512)
        return 0;
    char c = s->t[i];
    if (c == '"') {
        for (i++; i < s->len; i++) {
            if (s->t[i] == '\\')
                i++;
            else if (s->t[i] == '"')
                return i + 1;
        }
        return 0;
    }
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        i = ws(s, i + 1);
        if (i < s->len && s->t[i] == close)
            return i + 1;
        for (;;) {
            if (c == '{') {
                size_t k = i < s->len && s->t[i] == '"' ? skip_value(s, i, depth + 1) : 0;
                if (!k || (k = ws(s, k)) >= s->len || s->t[k] != ':')
                    return 0;
                i = ws(s, k + 1);
            }
            if (!(i = skip_value(s, i, depth + 1)) || (i = ws(s, i)) >= s->len)
                return 0;
            if (s->t[i] == close)
                return i + 1;
            if (s->t[i] != ',')
                return 0;
            i = ws(s, i + 1);
        }
    }
    size_t start = i;
    while (i < s->len && (strchr("+-.eE", s->t[i]) || (s->t[i] >= '0' && s->t[i] <= '9') ||
                          (s->t[i] >= 'a' && s->t[i] <= 'z')))
        i++;
    return i > start ? i : 0;
}

/* What a scan of an object or array finds. */
typedef struct {
    size_t first;    /* the first member's key or element; 0 when empty */
    size_t last_end; /* the end of the last member's value or element */
    size_t val;      /* the value of the member asked for; 0 when there is none */
} jscan;

/* Scans the object (key non-NULL) or array at open: 0, or -1 when it is not
 * one (or the key is there twice). */
static int scan(const src *s, size_t open, const char *key, jscan *r)
{
    memset(r, 0, sizeof *r);
    int is_obj = key != NULL;
    if (open >= s->len || s->t[open] != (is_obj ? '{' : '['))
        return -1;
    char close = is_obj ? '}' : ']';
    size_t i = ws(s, open + 1), klen = key ? strlen(key) : 0;
    if (i < s->len && s->t[i] == close)
        return 0;
    for (;;) {
        if (!r->first)
            r->first = i;
        size_t v = i;
        if (is_obj) {
            size_t k = i < s->len && s->t[i] == '"' ? skip_value(s, i, 1) : 0;
            if (!k)
                return -1;
            int hit = k - i == klen + 2 && memcmp(s->t + i + 1, key, klen) == 0;
            if ((k = ws(s, k)) >= s->len || s->t[k] != ':')
                return -1;
            v = ws(s, k + 1);
            if (hit && r->val)
                return -1;
            if (hit)
                r->val = v;
        }
        if (!(i = skip_value(s, v, 1)))
            return -1;
        r->last_end = i;
        if ((i = ws(s, i)) >= s->len)
            return -1;
        if (s->t[i] == close)
            return 0;
        if (s->t[i] != ',')
            return -1;
        i = ws(s, i + 1);
    }
}

/* The indentation of the line of offset off as a string (borrowed bytes
 * t[*from..off)), and whether off is the first thing on its line. */
static int first_on_line(const src *s, size_t off, size_t *from)
{
    size_t ls = line_start(s, off);
    *from = ls;
    for (size_t i = ls; i < off; i++)
        if (s->t[i] != ' ' && s->t[i] != '\t')
            return 0;
    return 1;
}

/* The JSON text of value, written with each level of nesting one more
 * unit of indentation after base (the line's indentation); compact (one
 * line) when unit is NULL. */
static void json_text(sbuf *b, const src *s, const json_t *value, const char *base, size_t nbase,
                      const char *unit, size_t nunit)
{
    char *d = json_dumps(value, unit ? JSON_INDENT(1) : 0);
    if (!d) {
        b->failed = 1;
        return;
    }
    /* a list of strings on one line, as people write containers: ["web"] */
    for (char *open = d; (open = strstr(open, "[\n")) != NULL; open++) {
        char *q = open + 2, *w = open + 1;
        for (;;) {
            while (*q == ' ')
                q++;
            if (*q != '"')
                break;
            char *e = strchr(q, '\n'); /* strings are escaped: no line break in one */
            if (!e)
                break;
            if (w != open + 1)
                *w++ = ' ';
            memmove(w, q, (size_t)(e - q));
            w += e - q;
            q = e + 1;
        }
        while (*q == ' ')
            q++;
        if (*q == ']' && w != open + 1)
            memmove(w, q, strlen(q) + 1);
    }
    for (char *p = d; *p;) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (p != d) { /* JSON_INDENT(1): one space a level */
            put_n(b, base, nbase);
            for (; n > 0 && *p == ' '; p++, n--)
                put_n(b, unit, nunit);
        }
        put_n(b, p, n);
        if (!nl)
            break;
        put(b, s->nl);
        p = nl + 1;
    }
    free(d);
}

/* The edit that adds a member key: value (key NULL: an element value) to the
 * object or array at open: *at and the text to insert (owned), NULL when the
 * layout is not one this writes into. unit is the file's indentation unit
 * (NULL: the file is written on one line). */
static char *json_add(const src *s, size_t open, const jscan *sc, const char *key,
                      const json_t *value, const char *unit, size_t nunit, size_t *at)
{
    sbuf b = {0};
    size_t from;
    const char *ind;
    size_t nind;
    if (sc->first) { /* after the last member, as the first is written */
        *at = sc->last_end;
        int own_line = first_on_line(s, sc->first, &from);
        ind = s->t + from;
        nind = sc->first - from;
        if (own_line && !unit)
            return NULL;
        if (!own_line)
            unit = NULL; /* written on one line: so is what is added */
        put(&b, own_line ? "," : ", ");
        if (own_line) {
            put(&b, s->nl);
            put_n(&b, ind, nind);
        }
    } else { /* into an empty one: one level deeper than its line */
        *at = open + 1;
        size_t e = ws(s, open + 1) + 1; /* after its ] or } */
        while (e < s->len && (s->t[e] == ',' || s->t[e] == ' ' || s->t[e] == '\t'))
            e++;
        if (e < s->len && s->t[e] != '\r' && s->t[e] != '\n')
            unit = NULL; /* more on its line ({"ignore": []}): one line */
        first_on_line(s, open, &from);
        ind = s->t + from;
        nind = 0;
        while (from + nind < open && (ind[nind] == ' ' || ind[nind] == '\t'))
            nind++;
        if (unit) {
            put(&b, s->nl);
            put_n(&b, ind, nind);
            put_n(&b, unit, nunit);
        }
    }
    if (key) {
        put(&b, "\"");
        put(&b, key);
        put(&b, "\": ");
    }
    sbuf deeper = {0};
    if (!sc->first && unit) {
        put_n(&deeper, ind, nind);
        put_n(&deeper, unit, nunit);
    }
    if (deeper.failed) {
        b.failed = 1;
    } else if (!sc->first && unit) {
        json_text(&b, s, value, deeper.s, deeper.n, unit, nunit);
        put(&b, s->nl);
        put_n(&b, ind, nind);
    } else {
        json_text(&b, s, value, ind, nind, unit, nunit);
    }
    free(deeper.s);
    return b.failed ? NULL : b.s;
}

/* The inline ignore in a JSON template: *at and the text (owned), or NULL. */
static char *json_edit(const src *s, size_t root, const char *id, json_t *entry, size_t *at)
{
    jscan r, res, sc;
    if (scan(s, root, "Resources", &r) < 0 || !r.val || scan(s, r.val, id, &res) < 0 || !res.val ||
        scan(s, res.val, "Metadata", &sc) < 0 || !sc.first)
        return NULL;
    /* the indentation unit: the resource's members against its key's line */
    size_t mfrom;
    const char *unit = NULL;
    size_t nunit = 0;
    size_t idline = line_start(s, res.val), idind = 0;
    while (s->t[idline + idind] == ' ' || s->t[idline + idind] == '\t')
        idind++;
    if (first_on_line(s, sc.first, &mfrom)) {
        size_t mind = sc.first - mfrom;
        if (mind <= idind || memcmp(s->t + idline, s->t + mfrom, idind) != 0)
            return NULL;
        unit = s->t + mfrom + idind;
        nunit = mind - idind;
    } else if (memchr(s->t + res.val, '\n', sc.last_end - res.val)) {
        return NULL; /* members on the line of the {, then more lines: no layout to follow */
    }
    json_t *value = entry, *wrap = NULL;
    const char *key = NULL;
    size_t open;
    jscan meta, td, ig;
    if (!sc.val) { /* no Metadata: one after Type */
        jscan type;
        if (scan(s, res.val, "Type", &type) < 0 || !type.val)
            return NULL;
        size_t tend = skip_value(s, type.val, 1);
        if (!tend)
            return NULL;
        wrap = json_pack("{s:{s:[O]}}", "tdlint", "ignore", entry);
        sbuf b = {0};
        put(&b, unit ? "," : ", ");
        if (unit) {
            put(&b, s->nl);
            put_n(&b, s->t + mfrom, sc.first - mfrom);
        }
        put(&b, "\"Metadata\": ");
        if (wrap)
            json_text(&b, s, wrap, s->t + mfrom, unit ? sc.first - mfrom : 0, unit, nunit);
        json_decref(wrap);
        *at = tend;
        if (!wrap || b.failed) {
            free(b.s);
            return NULL;
        }
        return b.s;
    }
    if (scan(s, sc.val, "tdlint", &meta) < 0)
        return NULL;
    if (!meta.val) {
        open = sc.val;
        td = meta;
        key = "tdlint";
        value = wrap = json_pack("{s:[O]}", "ignore", entry);
    } else if (scan(s, meta.val, "ignore", &td) < 0) {
        return NULL;
    } else if (!td.val) {
        open = meta.val;
        key = "ignore";
        value = wrap = json_pack("[O]", entry);
    } else if (scan(s, td.val, NULL, &ig) < 0) {
        return NULL;
    } else {
        open = td.val;
        td = ig;
    }
    if (!value)
        return NULL;
    char *text = json_add(s, open, &td, key, value, unit, nunit, at);
    json_decref(wrap);
    return text;
}

/* ---- YAML ---- */

/* The line at ls is "key:" with nothing after but a comment: 1; "key: ..."
 * with a value on the line: 2; else 0. */
static int yaml_key(const src *s, size_t ls, const char *key)
{
    size_t c = ls + indent(s, ls), e = line_end(s, ls), n = strlen(key);
    if (e - c < n + 1 || memcmp(s->t + c, key, n) != 0 || s->t[c + n] != ':')
        return 0;
    size_t i = c + n + 1;
    if (i < e && s->t[i] != ' ' && s->t[i] != '\t')
        return 0; /* "key:x" is a plain scalar */
    while (i < e && (s->t[i] == ' ' || s->t[i] == '\t'))
        i++;
    return i == e || s->t[i] == '#' ? 1 : 2;
}

/* A block: the lines after the line at ls that are indented more than ind
 * (lines at ind that start "- " too when seq), blank lines included.
 * *child the indentation of its first line that is not blank (0: none),
 * *end the start of the line after its last line that is not blank. */
static void block(const src *s, size_t ls, size_t ind, int seq, size_t *child, size_t *end)
{
    *child = 0;
    *end = next_line(s, ls);
    for (size_t p = *end; p < s->len; p = next_line(s, p)) {
        if (blank(s, p))
            continue;
        size_t i = indent(s, p);
        if (i < ind || (i == ind && !(seq && s->t[p + i] == '-')))
            break;
        if (!*child)
            *child = i;
        *end = next_line(s, p);
    }
}

/* The line of the block [from, to) at indentation ind that is key: 0 none. */
static size_t find_key(const src *s, size_t from, size_t to, size_t ind, const char *key, int *kind)
{
    for (size_t p = from; p < to; p = next_line(s, p))
        if (!blank(s, p) && indent(s, p) == ind && (*kind = yaml_key(s, p, key)) != 0)
            return p;
    return 0;
}

/* Whether a line of [from, to) at indentation ind is a merge key "<<". */
static int has_merge(const src *s, size_t from, size_t to, size_t ind)
{
    for (size_t p = from; p < to; p = next_line(s, p))
        if (!blank(s, p) && indent(s, p) == ind && yaml_key(s, p, "<<"))
            return 1;
    return 0;
}

/* A YAML double-quoted scalar. */
static void yaml_quoted(sbuf *b, const char *v)
{
    put(b, "\"");
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\')
            put_n(b, "\\", 1);
        put_n(b, p, 1);
    }
    put(b, "\"");
}

/* The entry, its "- " at indentation ind. */
static void yaml_entry(sbuf *b, const src *s, size_t ind, const td_finding *f)
{
    put_spaces(b, ind);
    put(b, "- rule: ");
    put(b, f->rule_id);
    put(b, s->nl);
    if (f->container) {
        put_spaces(b, ind + 2);
        put(b, "containers: [");
        yaml_quoted(b, f->container);
        put(b, "]");
        put(b, s->nl);
    }
    put_spaces(b, ind + 2);
    put(b, "reason: \"\"");
    put(b, s->nl);
}

/* "key:" at ind, then a line end. */
static void yaml_head(sbuf *b, const src *s, size_t ind, const char *key)
{
    put_spaces(b, ind);
    put(b, key);
    put(b, ":");
    put(b, s->nl);
}

/* How far the items of a block sequence are indented from their key in the
 * block [from, to): the first "key:" line followed by a "- " line; unit when
 * there is none. */
static size_t seq_offset(const src *s, size_t from, size_t to, size_t unit)
{
    for (size_t p = from; p < to; p = next_line(s, p)) {
        size_t e = line_end(s, p), ind = indent(s, p);
        if (blank(s, p) || e == p || s->t[e - 1] != ':')
            continue;
        size_t q = next_line(s, p);
        while (q < to && blank(s, q))
            q = next_line(s, q);
        if (q < to && s->t[q + indent(s, q)] == '-' && indent(s, q) >= ind)
            return indent(s, q) - ind;
    }
    return unit;
}

/* The inline ignore in a YAML template: *at and the text (owned), or NULL. */
static char *yaml_edit(const src *s, size_t body, const char *id, const td_finding *f, size_t *at)
{
    /* one document; every top-level key at the margin */
    size_t res = 0;
    int kind = 0;
    for (size_t p = body; p < s->len; p = next_line(s, p)) {
        if (blank(s, p))
            continue;
        if ((s->t[p] == '-' && s->len - p >= 3 && memcmp(s->t + p, "---", 3) == 0 && p != body) ||
            (s->len - p >= 3 && memcmp(s->t + p, "...", 3) == 0))
            return NULL;
        if (indent(s, p) == 0 && yaml_key(s, p, "Resources")) {
            if (res || yaml_key(s, p, "Resources") != 1)
                return NULL;
            res = p + 1; /* + 1: 0 means none */
        }
    }
    if (!res--)
        return NULL;
    size_t ri, rend, ci, cend, mi, mend;
    block(s, res, 0, 0, &ri, &rend);
    size_t idl = ri ? find_key(s, next_line(s, res), rend, ri, id, &kind) : 0;
    if (!idl || kind != 1)
        return NULL;
    block(s, idl, ri, 0, &ci, &cend);
    if (ci <= ri || has_merge(s, next_line(s, idl), cend, ci))
        return NULL;
    size_t unit = ci - ri, from = next_line(s, idl);
    size_t off = seq_offset(s, from, cend, unit);
    sbuf b = {0};
    size_t ml = find_key(s, from, cend, ci, "Metadata", &kind);
    if (!ml) { /* after the Type line */
        size_t tl = find_key(s, from, cend, ci, "Type", &kind);
        if (!tl || kind != 2)
            return NULL;
        *at = next_line(s, tl);
        if (*at < s->len && !blank(s, *at) && indent(s, *at) > ci)
            return NULL; /* Type's value goes on */
        yaml_head(&b, s, ci, "Metadata");
        yaml_head(&b, s, ci + unit, "tdlint");
        yaml_head(&b, s, ci + 2 * unit, "ignore");
        yaml_entry(&b, s, ci + 2 * unit + off, f);
    } else {
        block(s, ml, ci, 0, &mi, &mend);
        if (kind != 1 || mi <= ci || has_merge(s, next_line(s, ml), mend, mi))
            return NULL;
        size_t tl = find_key(s, next_line(s, ml), mend, mi, "tdlint", &kind), ti, tend;
        if (!tl) {
            *at = mend;
            yaml_head(&b, s, mi, "tdlint");
            yaml_head(&b, s, mi + unit, "ignore");
            yaml_entry(&b, s, mi + unit + off, f);
        } else {
            block(s, tl, mi, 0, &ti, &tend);
            if (kind != 1 || ti <= mi || has_merge(s, next_line(s, tl), tend, ti))
                return NULL;
            size_t il = find_key(s, next_line(s, tl), tend, ti, "ignore", &kind), ii, iend;
            if (!il) {
                *at = tend;
                yaml_head(&b, s, ti, "ignore");
                yaml_entry(&b, s, ti + off, f);
            } else {
                block(s, il, ti, 1, &ii, &iend);
                size_t first = next_line(s, il);
                while (first < iend && blank(s, first))
                    first = next_line(s, first);
                if (kind != 1 || !ii || first >= iend || s->t[first + ii] != '-' ||
                    (first + ii + 1 < s->len && s->t[first + ii + 1] != ' '))
                    return NULL;
                *at = iend;
                yaml_entry(&b, s, ii, f);
            }
        }
    }
    if (!b.failed && *at == s->len && s->len > 0 && s->t[s->len - 1] != '\n') {
        sbuf c = {0};
        put(&c, s->nl);
        put(&c, b.s);
        free(b.s);
        b = c;
    }
    return b.failed ? NULL : b.s;
}

/* ---- the check ---- */

/* Whether the text with the edit made and a reason written suppresses
 * exactly finding f of v's file. */
static int suppresses(const lsp_doc_view *v, const td_finding *f, size_t at, const char *insert,
                      size_t quote)
{
    static const char reason[] = "tdlint lsp check";
    sbuf b = {0};
    put_n(&b, v->text, at);
    put_n(&b, insert, quote + 1);
    put(&b, reason);
    put(&b, insert + quote + 1);
    put_n(&b, v->text + at, v->len - at);
    td_file *after = NULL;
    if (b.failed || td_lint_buffer(v->cfg, v->lint_path, b.s, b.n, &after) < 0) {
        free(b.s);
        return 0;
    }
    free(b.s);
    size_t n = td_file_finding_count(v->file);
    int ok = td_file_finding_count(after) == n && td_file_get_status(after) == TD_FILE_OK;
    for (size_t i = 0; ok && i < n; i++) {
        const td_finding *g = td_file_finding(after, i), *match = NULL;
        for (size_t k = 0; k < n && !match; k++) {
            const td_finding *o = td_file_finding(v->file, k);
            if (strcmp(o->fingerprint, g->fingerprint) == 0 && strcmp(o->rule_id, g->rule_id) == 0)
                match = o;
        }
        if (!match)
            ok = 0;
        else if (match == f)
            ok = g->suppressed && g->justification && strcmp(g->justification, reason) == 0 &&
                 g->suppression_kind && strcmp(g->suppression_kind, "inSource") == 0;
        else
            ok = !g->suppressed == !match->suppressed &&
                 strcmp(match->fingerprint, f->fingerprint) != 0;
    }
    td_file_free(after);
    return ok;
}

/* The resource ID of finding f when it is about a resource of a template:
 * its pointer is /Resources/ID/... and a task recognized is /Resources/ID. */
static const char *resource_of(const lsp_doc_view *v, const td_finding *f)
{
    if (!f->task || !f->pointer || strncmp(f->pointer, "/Resources/", 11) != 0 ||
        strpbrk(f->task, "~/\"\\"))
        return NULL;
    size_t n = strlen(f->task);
    if (strncmp(f->pointer + 11, f->task, n) != 0 || (f->pointer[11 + n] != '/'))
        return NULL;
    for (size_t i = 0; i < td_file_task_count(v->file); i++) {
        const td_task_info *t = td_file_task(v->file, i);
        if (t->pointer && strncmp(t->pointer, f->pointer, 11 + n) == 0 && !t->pointer[11 + n])
            return f->task;
    }
    return NULL;
}

json_t *lsp_ignore_action(const lsp_doc_view *v, const td_finding *f, json_t *diag,
                          lsp_encoding enc, int select)
{
    if (!v->file || f->suppressed || strcmp(f->rule_id, "TD000") == 0 || v->len > IGNORE_MAX_TEXT)
        return NULL;
    for (size_t i = 0; i < td_file_finding_count(v->file); i++)
        if (strcmp(td_file_finding(v->file, i)->rule_id, "TD000") == 0)
            return NULL; /* the file is not read as it is written */
    const char *id = resource_of(v, f);
    if (!id)
        return NULL;
    src s = {v->text, v->len, "\n"};
    const char *lf = memchr(v->text, '\n', v->len);
    if (lf && lf > v->text && lf[-1] == '\r')
        s.nl = "\r\n";
    for (size_t i = 0; i < v->len; i++)
        if (v->text[i] == '\r' && (i + 1 == v->len || v->text[i + 1] != '\n'))
            return NULL; /* CR line ends */
    size_t body = v->len >= 3 && memcmp(v->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t root = ws(&s, body), at = 0;
    char *insert = NULL;
    if (root < v->len && v->text[root] == '{') {
        json_t *entry = f->container ? json_pack("{s:s,s:[s],s:s}", "rule", f->rule_id,
                                                 "containers", f->container, "reason", "")
                                     : json_pack("{s:s,s:s}", "rule", f->rule_id, "reason", "");
        if (entry && skip_value(&s, root, 0) && ws(&s, skip_value(&s, root, 0)) == v->len)
            insert = json_edit(&s, root, id, entry, &at);
        json_decref(entry);
    } else {
        insert = yaml_edit(&s, body, id, f, &at);
    }
    const char *q = NULL;
    for (const char *p = insert; p && (p = strstr(p, "\"\"")) != NULL; p++)
        q = p; /* the reason's quotes: the last "" */
    json_t *action = NULL;
    if (q && suppresses(v, f, at, insert, (size_t)(q - insert))) {
        json_t *pos = lsp_position(v->lines, v->text, v->len, at, enc);
        char title[160];
        snprintf(title, sizeof title,
                 "ignore %s in the Metadata of resource %.80s (then write its reason)", f->rule_id,
                 id);
        action = json_pack("{s:s,s:s,s:[O],s:{s:{s:[{s:{s:O,s:o},s:s}]}}}", "title", title, "kind",
                           "quickfix", "diagnostics", diag, "edit", "changes", v->uri, "range",
                           "start", pos, "end", pos, "newText", insert);
        if (action && select &&
            lsp_add_select(action, v->uri, v->text, v->len, at, insert, (size_t)(q - insert) + 1,
                           enc) < 0) {
            json_decref(action);
            action = NULL;
        }
    }
    free(insert);
    return action;
}
