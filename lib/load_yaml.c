/* YAML: libyaml's event API builds the same json_t tree as JSON, with the
 * location index filled from libyaml's marks as the tree grows.
 *
 * - CloudFormation short-form tags become their long forms: !Ref x ->
 *   {"Ref": "x"}, !GetAtt a.b.c -> {"Fn::GetAtt": ["a", "b.c"]}, !If [...] ->
 *   {"Fn::If": [...]}, and so on.
 * - Plain scalars are typed by YAML 1.1 as CloudFormation reads them (yes/no/
 *   on/off are booleans); quoted and block scalars stay strings.
 * - Duplicate keys are an error: a deployer keeps one value, a reviewer may
 *   read the other.
 * - An alias shares the anchored node (no copy), so a node reached through an
 *   alias is located at its anchor.
 * - Merge keys (<<) are applied; merged members are located at the << entry.
 *
 * libyaml marks count characters, not bytes; they are converted to byte
 * offsets with a cursor that moves from mark to mark. */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct {
    json_t *node; /* object or array */
    int is_map;
    size_t start;
    size_t last_end;
    tdi_member *m;
    size_t n, cap;
    char *key; /* pending key of a mapping (in the document's arena), NULL when the next
                  scalar is a key */
    size_t keylen;
    tdi_span key_span;
    const char *wrap; /* long form of a short-form tag on the collection, or NULL */
    char *anchor;
    size_t first_key; /* start of a mapping's first key; SIZE_MAX before it */
    struct merge *merges; /* "<<" entries of a mapping, applied when it closes */
    size_t nmerges, merges_cap;
} frame;

/* A merge key (<<: *base, or <<: [*a, *b]) of YAML 1.1, as the AWS CLI's YAML
 * reader applies it: the mapping gets every key of the merged mappings that it
 * does not set itself, earlier sources first. */
struct merge {
    json_t *src; /* a mapping, or a list of mappings */
    tdi_span key_span, value_span;
};

typedef struct {
    char *name;
    json_t *node;
    tdi_span span;
} anchor;

typedef struct {
    const char *text;
    size_t len, base;
    size_t ci, bi; /* cursor: character index -> byte index in text */
    tdi_loaded *out;
    tdi_doc *doc;
    frame *stack;
    size_t depth, stack_cap;
    anchor *anchors;
    size_t nanchors, anchors_cap;
    int err;    /* TD_ENOMEM */
    int failed; /* an error was recorded in out */
    size_t naliases; /* alias events in the current document */
} builder;

static size_t byte_at(builder *b, size_t ci)
{
    while (b->ci < ci && b->bi < b->len) {
        unsigned char c = (unsigned char)b->text[b->bi];
        size_t w = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        b->bi += w;
        b->ci++;
    }
    while (b->ci > ci && b->bi > 0) {
        b->bi--;
        while (b->bi > 0 && ((unsigned char)b->text[b->bi] & 0xC0) == 0x80)
            b->bi--;
        b->ci--;
    }
    if (b->bi > b->len)
        b->bi = b->len;
    return b->base + b->bi;
}

/* Records the first error: message is "<prefix><s[0..len), escaped><suffix>". */
static void fail(builder *b, tdi_load_status st, tdi_span at, const char *prefix, const char *s,
                 size_t len, const char *suffix)
{
    if (b->failed || b->err)
        return;
    b->failed = 1;
    tdi_buf m;
    tdi_buf_init(&m);
    tdi_buf_puts(&m, prefix);
    tdi_buf_escaped(&m, s, len, TDI_QUOTE_MAX);
    tdi_buf_puts(&m, suffix);
    if (m.failed || tdi_loaded_fail(b->out, st, at.start, at.end, "%s", m.data) < 0)
        b->err = TD_ENOMEM;
    tdi_buf_free(&m);
}

static void oom(builder *b)
{
    b->err = TD_ENOMEM;
}

/* ---- scalars ---- */

static int eq_any(const char *v, size_t n, const char *const *words)
{
    for (; *words; words++)
        if (strlen(*words) == n && memcmp(*words, v, n) == 0)
            return 1;
    return 0;
}

static const char *const TRUE_WORDS[] = {"true", "True", "TRUE", "yes", "Yes", "YES",
                                         "on",   "On",   "ON",   NULL};
static const char *const FALSE_WORDS[] = {"false", "False", "FALSE", "no", "No", "NO",
                                          "off",   "Off",   "OFF",   NULL};
static const char *const NULL_WORDS[] = {"", "~", "null", "Null", "NULL", NULL};

/* YAML 1.1 integer (decimal, 0x hex, 0 octal, 0b binary, '_' separators). */
static json_t *parse_int(const char *v, size_t n)
{
    char buf[80];
    size_t k = 0, i = 0;
    if (n == 0 || n >= sizeof buf)
        return NULL;
    int neg = 0;
    if (v[0] == '+' || v[0] == '-') {
        neg = v[0] == '-';
        i++;
    }
    if (i >= n)
        return NULL;
    int base = 10;
    if (n - i > 2 && v[i] == '0' && (v[i + 1] == 'x' || v[i + 1] == 'b')) {
        base = v[i + 1] == 'x' ? 16 : 2;
        i += 2;
    } else if (n - i > 1 && v[i] == '0') {
        base = 8;
        i++;
    }
    for (; i < n; i++) {
        char c = v[i];
        if (c == '_')
            continue;
        int ok = base == 16 ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                               (c >= 'A' && c <= 'F'))
                 : base == 2 ? (c == '0' || c == '1')
                 : base == 8 ? (c >= '0' && c <= '7')
                             : (c >= '0' && c <= '9');
        if (!ok)
            return NULL;
        buf[k++] = c;
    }
    if (k == 0)
        return base == 8 ? json_integer(0) : NULL;
    buf[k] = '\0';
    errno = 0;
    char *end;
    long long x = strtoll(buf, &end, base);
    if (errno == ERANGE) {
        if (base != 10)
            return NULL;
        double d = strtod(buf, NULL);
        return isfinite(d) ? json_real(neg ? -d : d) : NULL;
    }
    return json_integer(neg ? -x : x);
}

/* YAML 1.1 float: [-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)? and 1e5-like forms. */
static json_t *parse_float(const char *v, size_t n)
{
    char buf[80];
    size_t k = 0;
    int digits = 0, dot = 0;
    if (n == 0 || n >= sizeof buf)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c == '_')
            continue;
        if (c >= '0' && c <= '9')
            digits = 1;
        else if (c == '.')
            dot = 1;
        else if (!(c == '+' || c == '-' || c == 'e' || c == 'E'))
            return NULL;
        buf[k++] = c;
    }
    buf[k] = '\0';
    if (!digits || (!dot && !strchr(buf, 'e') && !strchr(buf, 'E')))
        return NULL;
    char *end;
    double d = strtod(buf, &end);
    if (*end != '\0' || !isfinite(d))
        return NULL;
    return json_real(d);
}

static json_t *plain_scalar(const char *v, size_t n)
{
    if (n <= 5) { /* the longest of the words */
        if (eq_any(v, n, NULL_WORDS))
            return json_null();
        if (eq_any(v, n, TRUE_WORDS))
            return json_true();
        if (eq_any(v, n, FALSE_WORDS))
            return json_false();
    }
    if (n > 0 && ((v[0] >= '0' && v[0] <= '9') || v[0] == '-' || v[0] == '+' || v[0] == '.')) {
        json_t *x = parse_int(v, n);
        if (!x)
            x = parse_float(v, n);
        if (x)
            return x;
    }
    return json_stringn(v, n);
}

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

/* The long form for a CloudFormation short-form tag ("!If" -> "Fn::If"), or NULL. */
static const char *cfn_function(const char *tag)
{
    static const char *const fns[] = {
        "Fn::Base64",      "Fn::Cidr",     "Fn::Equals",  "Fn::FindInMap",    "Fn::GetAZs",
        "Fn::GetAtt",      "Fn::If",       "Fn::ImportValue", "Fn::Join",     "Fn::Not",
        "Fn::And",         "Fn::Or",       "Fn::Select",  "Fn::Split",        "Fn::Sub",
        "Fn::Transform",   "Fn::Length",   "Fn::ToJsonString", NULL};
    if (!tag || tag[0] != '!' || tag[1] == '!' || tag[1] == '\0')
        return NULL;
    if (strcmp(tag, "!Ref") == 0)
        return "Ref";
    if (strcmp(tag, "!Condition") == 0)
        return "Condition";
    for (size_t i = 0; fns[i]; i++)
        if (strcmp(fns[i] + 4, tag + 1) == 0)
            return fns[i];
    return NULL;
}

static json_t *tagged_scalar(const char *tag, const char *v, size_t n, int plain)
{
    if (tag && strncmp(tag, YAML_TAG_PREFIX, strlen(YAML_TAG_PREFIX)) == 0) {
        const char *t = tag + strlen(YAML_TAG_PREFIX);
        json_t *x = NULL;
        if (strcmp(t, "str") == 0)
            return json_stringn(v, n);
        if (strcmp(t, "null") == 0)
            return json_null();
        if (strcmp(t, "bool") == 0)
            x = eq_any(v, n, TRUE_WORDS) ? json_true()
                : eq_any(v, n, FALSE_WORDS) ? json_false()
                                            : NULL;
        else if (strcmp(t, "int") == 0)
            x = parse_int(v, n);
        else if (strcmp(t, "float") == 0) {
            x = parse_float(v, n);
            if (!x)
                x = parse_int(v, n);
        }
        return x ? x : json_stringn(v, n);
    }
    if (tag && tag[0] == '!')
        return json_stringn(v, n); /* a local tag makes the scalar a string */
    return plain ? plain_scalar(v, n) : json_stringn(v, n);
}

/* Wraps v as {fn: v}, or for !GetAtt a.b.c as {"Fn::GetAtt": ["a", "b.c"]}. */
static json_t *wrap_function(builder *b, const char *fn, json_t *v, tdi_span span)
{
    json_t *obj = json_object();
    if (!obj) {
        json_decref(v);
        return NULL;
    }
    if (strcmp(fn, "Fn::GetAtt") == 0 && json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        const char *dot = memchr(s, '.', len);
        json_t *arr = json_array();
        tdi_nodeloc *al = arr ? tdi_doc_add(b->doc, arr, span, dot ? 2 : 1) : NULL;
        if (!al || json_array_append_new(arr, json_stringn(s, dot ? (size_t)(dot - s) : len)) ||
            (dot && json_array_append_new(arr, json_stringn(dot + 1, len - (size_t)(dot - s) - 1)))) {
            json_decref(arr);
            json_decref(v);
            json_decref(obj);
            return NULL;
        }
        for (size_t i = 0; i < al->n; i++)
            al->members[i].key_span = al->members[i].value_span = span;
        json_decref(v);
        v = arr;
    }
    tdi_nodeloc *ol = tdi_doc_add(b->doc, obj, span, 1);
    if (!ol || json_object_set_new(obj, fn, v)) {
        json_decref(obj);
        return NULL;
    }
    ol->members[0].key = fn;
    ol->members[0].key_span = span;
    ol->members[0].value_span = span;
    return obj;
}

/* ---- the tree ---- */

static void register_anchor(builder *b, const char *name, json_t *node, tdi_span span)
{
    if (!name)
        return;
    for (size_t i = 0; i < b->nanchors; i++) {
        if (strcmp(b->anchors[i].name, name) == 0) { /* a redefinition replaces */
            json_decref(b->anchors[i].node);
            b->anchors[i].node = json_incref(node);
            b->anchors[i].span = span;
            return;
        }
    }
    if (tdi_grow((void **)&b->anchors, &b->anchors_cap, b->nanchors + 1, sizeof *b->anchors) <
        0) {
        oom(b);
        return;
    }
    char *copy = tdi_strdup(name);
    if (!copy) {
        oom(b);
        return;
    }
    b->anchors[b->nanchors].name = copy;
    b->anchors[b->nanchors].node = json_incref(node);
    b->anchors[b->nanchors].span = span;
    b->nanchors++;
}

/* Hands a finished node (reference stolen) to the enclosing collection, or
 * makes it the document's root. */
static void add_node(builder *b, json_t *v, tdi_span span, int is_scalar, const char *sv,
                     size_t svlen)
{
    if (!v) {
        oom(b);
        return;
    }
    if (b->depth == 0) {
        if (b->doc->root) { /* cannot happen with libyaml's event order */
            json_decref(v);
            return;
        }
        b->doc->root = v;
        b->doc->root_span = span;
        return;
    }
    frame *f = &b->stack[b->depth - 1];
    if (f->is_map && !f->key) {
        /* a key */
        if (!is_scalar) {
            json_decref(v);
            fail(b, TDI_LOAD_SYNTAX, span, "a mapping key that is a collection is not supported",
                 "", 0, "");
            return;
        }
        json_decref(v);
        /* the object's hash says whether the key is taken; only then look for
         * where, for the message (a scan per key would be quadratic in big
         * mappings) */
        if (json_object_getn(f->node, sv, svlen)) {
            const char *first = "";
            char tail[200];
            for (size_t i = 0; i < f->n; i++) {
                if (f->m[i].key && strlen(f->m[i].key) == svlen &&
                    memcmp(f->m[i].key, sv, svlen) == 0) {
                    snprintf(tail, sizeof tail, " (first at line %lu)",
                             tdi_source_position(&b->out->src, f->m[i].key_span.start).line);
                    first = tail;
                    break;
                }
            }
            char msg[300];
            snprintf(msg, sizeof msg,
                     "\"%s: a deployer keeps one of the values while a reviewer may read the "
                     "other; remove one",
                     first);
            fail(b, TDI_LOAD_INVALID, span, "duplicate key \"", sv, svlen, msg);
            return;
        }
        /* kept in the arena: the member's key once the value comes */
        char *key = tdi_arena_alloc(&b->doc->arena, svlen + 1); /* zeroed: NUL-terminated */
        if (!key) {
            oom(b);
            return;
        }
        memcpy(key, sv, svlen);
        f->key = key;
        f->keylen = svlen;
        f->key_span = span;
        if (f->first_key == SIZE_MAX)
            f->first_key = span.start;
        return;
    }
    if (tdi_grow((void **)&f->m, &f->cap, f->n + 1, sizeof *f->m) < 0) {
        json_decref(v);
        oom(b);
        return;
    }
    if (f->is_map && f->keylen == 2 && memcmp(f->key, "<<", 2) == 0 &&
        (json_is_object(v) || json_is_array(v))) {
        if (tdi_grow((void **)&f->merges, &f->merges_cap, f->nmerges + 1, sizeof *f->merges) < 0) {
            json_decref(v);
            oom(b);
            return;
        }
        struct merge *mg = &f->merges[f->nmerges++];
        mg->src = v;
        mg->key_span = f->key_span;
        mg->value_span = span;
        f->key = NULL;
        f->last_end = span.end;
        return;
    }
    tdi_member *m = &f->m[f->n];
    memset(m, 0, sizeof *m);
    m->value_span = span;
    if (f->is_map) {
        m->key_span = f->key_span;
        if (json_object_setn_new_nocheck(f->node, f->key, f->keylen, v)) {
            oom(b);
            return;
        }
        m->key = f->key;
        f->key = NULL;
    } else {
        m->key_span = span;
        if (json_array_append_new(f->node, v)) {
            oom(b);
            return;
        }
    }
    f->n++;
    f->last_end = span.end;
}

static void open_collection(builder *b, int is_map, const yaml_event_t *e)
{
    if (b->depth >= b->out->limits.max_depth) {
        size_t at = byte_at(b, e->start_mark.index);
        char msg[64];
        snprintf(msg, sizeof msg, "nesting deeper than %zu levels (--max-depth)",
                 b->out->limits.max_depth);
        fail(b, TDI_LOAD_INVALID, (tdi_span){at, at + 1}, msg, "", 0, "");
        return;
    }
    if (tdi_grow((void **)&b->stack, &b->stack_cap, b->depth + 1, sizeof *b->stack) < 0) {
        oom(b);
        return;
    }
    frame *f = &b->stack[b->depth];
    memset(f, 0, sizeof *f);
    f->is_map = is_map;
    f->node = is_map ? json_object() : json_array();
    if (!f->node) {
        oom(b);
        return;
    }
    const yaml_char_t *tag = is_map ? e->data.mapping_start.tag : e->data.sequence_start.tag;
    const yaml_char_t *anc = is_map ? e->data.mapping_start.anchor : e->data.sequence_start.anchor;
    f->wrap = cfn_function((const char *)tag);
    if (anc && !(f->anchor = tdi_strdup((const char *)anc))) {
        json_decref(f->node);
        oom(b);
        return;
    }
    f->start = byte_at(b, e->start_mark.index);
    f->last_end = byte_at(b, e->end_mark.index);
    f->first_key = SIZE_MAX;
    b->depth++;
}

static void frame_free(frame *f)
{
    for (size_t i = 0; i < f->nmerges; i++)
        json_decref(f->merges[i].src);
    tdi_free(f->merges);
    json_decref(f->node);
    tdi_free(f->m);
    tdi_free(f->anchor);
}

/* Adds to f's mapping the members of src it lacks, located at the << entry. */
static void merge_one(builder *b, frame *f, json_t *src, const struct merge *mg)
{
    const char *k;
    json_t *v;
    json_object_foreach(src, k, v)
    {
        if (json_object_get(f->node, k))
            continue;
        if (tdi_grow((void **)&f->m, &f->cap, f->n + 1, sizeof *f->m) < 0) {
            oom(b);
            return;
        }
        char *key = tdi_arena_strdup(&b->doc->arena, k);
        if (!key || json_object_set(f->node, k, v)) {
            oom(b);
            return;
        }
        tdi_member *m = &f->m[f->n++];
        m->key = key;
        m->key_span = mg->key_span;
        m->value_span = mg->value_span;
    }
}

static void apply_merges(builder *b, frame *f)
{
    for (size_t i = 0; i < f->nmerges && !b->err; i++) {
        json_t *src = f->merges[i].src;
        if (json_is_object(src)) {
            merge_one(b, f, src, &f->merges[i]);
            continue;
        }
        for (size_t k = 0; k < json_array_size(src) && !b->err; k++)
            if (json_is_object(json_array_get(src, k)))
                merge_one(b, f, json_array_get(src, k), &f->merges[i]);
    }
}

static void close_collection(builder *b, const yaml_event_t *e)
{
    frame *f = &b->stack[b->depth - 1];
    if (f->nmerges)
        apply_merges(b, f);
    if (b->err)
        return;
    /* Flow collections end at their bracket; block ones at their last value. */
    int flow = (e->end_mark.index > e->start_mark.index);
    size_t end = flow ? byte_at(b, e->end_mark.index) : f->last_end;
    size_t start = f->start;
    if (!flow && f->is_map && f->first_key != SIZE_MAX && f->first_key > start)
        start = f->first_key; /* a block mapping starts at its first key, not at its anchor or tag */
    tdi_span span = {start, end < start ? start : end};
    tdi_nodeloc *loc = tdi_doc_add(b->doc, f->node, span, f->n);
    if (!loc) {
        oom(b);
        return;
    }
    if (f->n)
        memcpy(loc->members, f->m, f->n * sizeof *f->m);
    json_t *node = f->node;
    f->node = NULL;
    char *anc = f->anchor;
    f->anchor = NULL;
    const char *wrap = f->wrap;
    frame_free(f);
    b->depth--;
    if (wrap)
        node = wrap_function(b, wrap, node, span);
    if (node && anc)
        register_anchor(b, anc, node, span);
    tdi_free(anc);
    add_node(b, node, span, 0, NULL, 0);
}

static void on_scalar(builder *b, const yaml_event_t *e)
{
    const char *v = (const char *)e->data.scalar.value;
    size_t n = e->data.scalar.length;
    const char *tag = (const char *)e->data.scalar.tag;
    tdi_span span = {byte_at(b, e->start_mark.index), byte_at(b, e->end_mark.index)};
    yaml_scalar_style_t style = e->data.scalar.style;
    if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE) {
        /* libyaml ends a block scalar after its trailing line breaks */
        const char *s = b->text - b->base;
        while (span.end > span.start && (s[span.end - 1] == '\n' || s[span.end - 1] == '\r' ||
                                         s[span.end - 1] == ' ' || s[span.end - 1] == '\t'))
            span.end--;
    }
    frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;
    if (f && f->is_map && !f->key) { /* a key: its text as written */
        add_node(b, json_null(), span, 1, v, n);
        return;
    }
    json_t *x = tagged_scalar(tag, v, n, style == YAML_PLAIN_SCALAR_STYLE);
    const char *fn = cfn_function(tag);
    if (x && fn)
        x = wrap_function(b, fn, x, span);
    if (x && e->data.scalar.anchor)
        register_anchor(b, (const char *)e->data.scalar.anchor, x, span);
    add_node(b, x, span, 1, v, n);
}

static void on_alias(builder *b, const yaml_event_t *e)
{
    const char *name = (const char *)e->data.alias.anchor;
    tdi_span span = {byte_at(b, e->start_mark.index), byte_at(b, e->end_mark.index)};
    /* an alias shares its anchor's node; what costs is the walks through
     * it, which the count bounds */
    if (++b->naliases > b->out->limits.max_aliases) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "more than %zu aliases in one document (--max-aliases); CloudFormation "
                 "accepts no alias at all",
                 b->out->limits.max_aliases);
        fail(b, TDI_LOAD_INVALID, span, msg, "", 0, "");
        return;
    }
    for (size_t i = b->nanchors; i-- > 0;) {
        if (strcmp(b->anchors[i].name, name) == 0) {
            json_t *node = b->anchors[i].node;
            const char *sv = json_is_string(node) ? json_string_value(node) : "";
            size_t svlen = json_is_string(node) ? json_string_length(node) : 0;
            add_node(b, json_incref(node), span, !json_is_object(node) && !json_is_array(node),
                     sv, svlen);
            return;
        }
    }
    fail(b, TDI_LOAD_INVALID, span, "alias *", name, strlen(name),
         " names no anchor defined before it");
}

static void reset_builder(builder *b)
{
    while (b->depth > 0)
        frame_free(&b->stack[--b->depth]);
    for (size_t i = 0; i < b->nanchors; i++) {
        tdi_free(b->anchors[i].name);
        json_decref(b->anchors[i].node);
    }
    b->nanchors = 0;
}

static int start_document(builder *b)
{
    size_t cap = b->out->ndocs; /* grow one at a time: few documents per file */
    tdi_doc *nd = tdi_realloc(b->out->docs, (cap + 1) * sizeof *nd);
    if (!nd)
        return TD_ENOMEM;
    b->out->docs = nd;
    tdi_doc_init(&nd[cap], TDI_FORMAT_YAML);
    b->out->ndocs++;
    b->doc = &nd[cap];
    /* the documents moved: jansson builds this one's tree in its arena */
    b->doc->tree_in_arena = tdi_json_arena_begin(&b->doc->arena);
    b->naliases = 0;
    return TD_OK;
}

static void parser_error(builder *b, yaml_parser_t *p)
{
    size_t at;
    if (p->error == YAML_READER_ERROR) {
        at = b->base + (p->problem_offset < b->len ? p->problem_offset : b->len);
    } else {
        at = byte_at(b, p->problem_mark.index);
    }
    const char *problem = p->problem ? p->problem : "syntax error";
    tdi_buf m;
    tdi_buf_init(&m);
    tdi_buf_puts(&m, problem);
    if (p->context) {
        tdi_buf_puts(&m, " ");
        tdi_buf_puts(&m, p->context);
    }
    if (m.failed) {
        oom(b);
        tdi_buf_free(&m);
        return;
    }
    fail(b, TDI_LOAD_SYNTAX, (tdi_span){at, at}, "invalid YAML: ", m.data, m.len, "");
    tdi_buf_free(&m);
}

int tdi_load_yaml(const char *text, size_t len, size_t base, tdi_loaded *out)
{
    tdi_limits_fill(&out->limits);
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return TD_ENOMEM;
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    builder b;
    memset(&b, 0, sizeof b);
    b.text = text;
    b.len = len;
    b.base = base;
    b.out = out;
    int done = 0;
    while (!done && !b.err && !b.failed) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            if (p.error == YAML_MEMORY_ERROR)
                oom(&b);
            else
                parser_error(&b, &p);
            break;
        }
        switch (e.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (start_document(&b) < 0)
                oom(&b);
            break;
        case YAML_DOCUMENT_END_EVENT:
            reset_builder(&b);
            break;
        case YAML_MAPPING_START_EVENT:
            open_collection(&b, 1, &e);
            break;
        case YAML_SEQUENCE_START_EVENT:
            open_collection(&b, 0, &e);
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            if (b.depth)
                close_collection(&b, &e);
            break;
        case YAML_SCALAR_EVENT:
            on_scalar(&b, &e);
            break;
        case YAML_ALIAS_EVENT:
            on_alias(&b, &e);
            break;
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        default:
            break;
        }
        yaml_event_delete(&e);
    }
    reset_builder(&b);
    tdi_json_arena_end();
    tdi_free(b.stack);
    tdi_free(b.anchors);
    yaml_parser_delete(&p);
    return b.err ? TD_ENOMEM : TD_OK;
}
