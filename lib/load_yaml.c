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
 * offsets with a cursor that moves from mark to mark.
 *
 * With TDI_LOAD_PRUNE (linting), only what the task model reads is built: in
 * a container definition the values of the keys the model reads, and in a
 * resource of another type than AWS::ECS::TaskDefinition nothing of its
 * Properties. Any other value becomes null in the tree; its key and its
 * position stay in the index, but for most keys of a container definition,
 * which go (see TYPO_LEN_MIN). The events of a pruned value are still checked
 * as if it were built (duplicate keys, collection keys, depth, aliases), so
 * a file is rejected with the same error either way. If an alias outside a
 * pruned value names an anchor on a pruned value, or on a node with one
 * inside, the document is loaded again whole. */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
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
    int role;          /* what the model reads below it (enum role) */
    int other_type;    /* a resource whose Type is known not to be a task definition */
    size_t npruned_at; /* the builder's npruned when it opened */
    /* a container definition of a task definition: the keys it drops (see
     * drops_key), kept here to find duplicates; their text in dtext */
    int may_drop;
    int kept_one;  /* a key the model does not read was kept */
    int dropping;  /* the pending key is dropped */
    struct dropped *dropped;
    size_t ndropped, dropped_cap;
    char *dtext;
    size_t dtext_len, dtext_cap;
} frame;

/* A key a container definition dropped: its text at dtext + off. */
struct dropped {
    size_t off, len;
    size_t at; /* where it starts in the source */
};

/* Past this many dropped keys a container definition keeps the others: the
 * duplicates among them are looked for one by one. */
#define DROPPED_MAX 32

/* What the task model reads below a collection, for TDI_LOAD_PRUNE. */
enum role {
    R_ALL,        /* everything */
    R_ROOT,       /* the document's root */
    R_RESOURCES,  /* a template's Resources */
    R_RESOURCE,   /* one resource */
    R_TASKDEF,    /* a task definition: Properties, or taskDefinition */
    R_CONTAINERS, /* a list of container definitions */
    R_CONTAINER,  /* a container definition: only the values of the keys in KEPT */
    R_PRUNE       /* nothing: the value is null in the tree */
};

/* The keys of a container definition whose values the model reads (either
 * spelling, any letter case); "<<" because a merge may bring them. A
 * function's name (Ref, Condition, Fn::...) is kept too: the mapping is then
 * a container computed by it. */
static const char *const KEPT[] = {"name", "readonlyrootfilesystem", "mountpoints",
                                   "volumesfrom", "linuxparameters", "<<", NULL};

/* A container definition in a task definition keeps the keys of the values
 * it prunes only where the model looks at them: those as long as the
 * setting's key give or take two letters (the misspelling check), and one
 * other, which makes a mapping with a function's name and another key two
 * keys long, not a function. The others are dropped, keys and all. (A bare
 * list of container definitions keeps every key: which keys there are says
 * whether it is one.) */
#define TYPO_LEN_MIN 20 /* strlen("readonlyRootFilesystem") - 2 */
#define TYPO_LEN_MAX 24

/* A key of a pruned mapping, kept to find duplicates. */
typedef struct {
    size_t off, len; /* its text in the builder's ktext */
    size_t at;       /* where it starts in the source */
    size_t hash;
} pkey;

/* A collection inside a pruned value: no node, only what its checks need. */
typedef struct {
    int is_map;
    int pending;       /* a mapping's key waits for its value (the last of keys) */
    size_t start, last_end, first_key;
    size_t kbase;      /* its keys are keys[kbase..nkeys) */
    size_t *index;     /* a hash of them (indices into keys) once there are many */
    size_t index_cap;
    char *anchor;
} pframe;

/* A merge key (<<: *base, or <<: [*a, *b]) of YAML 1.1, as the AWS CLI's YAML
 * reader applies it: the mapping gets every key of the merged mappings that it
 * does not set itself, earlier sources first. */
struct merge {
    json_t *src; /* a mapping, or a list of mappings */
    tdi_span key_span, value_span;
};

typedef struct {
    char *name;
    json_t *node; /* NULL for a collection in a pruned value */
    int is_coll;
    int pruned; /* the node is pruned or holds a pruned value */
} anchor;

typedef struct {
    const char *text;
    size_t len, base;
    size_t ci, bi; /* cursor: character index -> byte index in text */
    size_t ascii;  /* text[0..ascii) is ASCII: there a character index is its byte index */
    tdi_loaded *out;
    tdi_doc *doc;
    frame *stack;
    size_t depth, stack_cap;
    anchor *anchors;
    size_t nanchors, anchors_cap;
    int err;    /* TD_ENOMEM */
    int failed; /* an error was recorded in out */
    size_t naliases; /* alias events in the current document */
    int prune;       /* TDI_LOAD_PRUNE */
    int restart;     /* an alias needs a pruned node: load again without pruning */
    size_t npruned;  /* values pruned so far */
    pframe *pf;      /* the open collections of the pruned value being read */
    size_t npf, pf_cap;
    pkey *keys;      /* the keys of the mappings in pf */
    size_t nkeys, keys_cap;
    char *ktext;     /* their text */
    size_t ktext_len, ktext_cap;
} builder;

static size_t byte_at(builder *b, size_t ci)
{
    if (ci <= b->ascii)
        return b->base + ci;
    if (b->ci < b->ascii) { /* the cursor starts where the walk is needed */
        b->ci = b->bi = b->ascii;
    }
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

/* node is NULL for a collection in a pruned value (is_coll says which). */
static void register_anchor(builder *b, const char *name, json_t *node, int is_coll, int pruned)
{
    if (!name)
        return;
    for (size_t i = 0; i < b->nanchors; i++) {
        if (strcmp(b->anchors[i].name, name) == 0) { /* a redefinition replaces */
            json_decref(b->anchors[i].node);
            b->anchors[i].node = json_incref(node);
            b->anchors[i].is_coll = is_coll;
            b->anchors[i].pruned = pruned;
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
    b->anchors[b->nanchors].is_coll = is_coll;
    b->anchors[b->nanchors].pruned = pruned;
    b->nanchors++;
}

/* A duplicate key at span; first_at is where the first one starts (SIZE_MAX:
 * not known). */
static void fail_duplicate(builder *b, tdi_span span, const char *sv, size_t svlen,
                           size_t first_at)
{
    const char *first = "";
    char tail[200];
    if (first_at != SIZE_MAX) {
        snprintf(tail, sizeof tail, " (first at line %lu)",
                 tdi_source_position(&b->out->src, first_at).line);
        first = tail;
    }
    char msg[300];
    snprintf(msg, sizeof msg,
             "\"%s: a deployer keeps one of the values while a reviewer may read the "
             "other; remove one",
             first);
    fail(b, TDI_LOAD_INVALID, span, "duplicate key \"", sv, svlen, msg);
}

static void fail_collection_key(builder *b, tdi_span span)
{
    fail(b, TDI_LOAD_SYNTAX, span, "a mapping key that is a collection is not supported", "", 0,
         "");
}

static int next_role(const builder *b);

/* Where the dropped key sv of f starts; SIZE_MAX when f dropped no such key. */
static size_t dropped_at(const frame *f, const char *sv, size_t svlen)
{
    for (size_t i = 0; i < f->ndropped; i++)
        if (f->dropped[i].len == svlen && memcmp(f->dtext + f->dropped[i].off, sv, svlen) == 0)
            return f->dropped[i].at;
    return SIZE_MAX;
}

/* Whether the container definition f drops its new key sv (see TYPO_LEN_MIN). */
static int drops_key(builder *b, frame *f, const char *sv, size_t svlen)
{
    if (svlen >= TYPO_LEN_MIN && svlen <= TYPO_LEN_MAX)
        return 0;
    f->key = (char *)sv; /* as next_role reads it */
    f->keylen = svlen;
    int pruned = next_role(b) == R_PRUNE;
    f->key = NULL;
    if (!pruned)
        return 0;
    if (!f->kept_one) {
        f->kept_one = 1;
        return 0;
    }
    return 1;
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
            fail_collection_key(b, span);
            return;
        }
        json_decref(v);
        /* the object's hash says whether the key is taken; only then look for
         * where, for the message (a scan per key would be quadratic in big
         * mappings) */
        size_t first_at = dropped_at(f, sv, svlen);
        if (first_at != SIZE_MAX || json_object_getn(f->node, sv, svlen)) {
            for (size_t i = 0; i < f->n && first_at == SIZE_MAX; i++) {
                if (f->m[i].key && strlen(f->m[i].key) == svlen &&
                    memcmp(f->m[i].key, sv, svlen) == 0)
                    first_at = f->m[i].key_span.start;
            }
            fail_duplicate(b, span, sv, svlen, first_at);
            return;
        }
        if (f->may_drop && f->ndropped < DROPPED_MAX && drops_key(b, f, sv, svlen)) {
            if (tdi_grow((void **)&f->dropped, &f->dropped_cap, f->ndropped + 1,
                         sizeof *f->dropped) < 0 ||
                tdi_grow((void **)&f->dtext, &f->dtext_cap, f->dtext_len + svlen + 1, 1) < 0) {
                oom(b);
                return;
            }
            f->dropped[f->ndropped++] = (struct dropped){f->dtext_len, svlen, span.start};
            f->key = f->dtext + f->dtext_len;
            memcpy(f->key, sv, svlen);
            f->key[svlen] = '\0';
            f->dtext_len += svlen + 1;
            f->keylen = svlen;
            f->key_span = span;
            f->dropping = 1;
            if (f->first_key == SIZE_MAX)
                f->first_key = span.start;
            return;
        }
        /* kept in the arena: the member's key once the value comes */
        char *key = tdi_arena_alloc_raw(&b->doc->arena, svlen + 1, 1);
        if (!key) {
            oom(b);
            return;
        }
        memcpy(key, sv, svlen);
        key[svlen] = '\0';
        f->key = key;
        f->keylen = svlen;
        f->key_span = span;
        if (f->first_key == SIZE_MAX)
            f->first_key = span.start;
        return;
    }
    if (f->dropping) { /* the value of a dropped key: the mapping ends after it */
        json_decref(v);
        f->dropping = 0;
        f->key = NULL;
        f->last_end = span.end;
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
        if (f->role == R_RESOURCE && f->keylen == 4 && memcmp(f->key, "Type", 4) == 0)
            f->other_type = !json_is_string(v) ||
                            strcmp(json_string_value(v), "AWS::ECS::TaskDefinition") != 0;
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

static int key_is(const frame *f, const char *k)
{
    size_t n = strlen(k);
    return f->keylen == n && memcmp(f->key, k, n) == 0;
}

/* The role of the value that comes next in the innermost open collection (of
 * the root when none is open). */
static int next_role(const builder *b)
{
    if (!b->prune)
        return R_ALL;
    if (b->depth == 0)
        return R_ROOT;
    const frame *f = &b->stack[b->depth - 1];
    if (f->is_map && !f->key)
        return R_ALL; /* a key */
    switch (f->role) {
    case R_ROOT:
        if (!f->is_map)
            return R_CONTAINER; /* a bare list of container definitions */
        return key_is(f, "Resources")              ? R_RESOURCES
               : key_is(f, "taskDefinition")       ? R_TASKDEF
               : key_is(f, "containerDefinitions") ? R_CONTAINERS
                                                   : R_ALL;
    case R_RESOURCES:
        return f->is_map ? R_RESOURCE : R_ALL;
    case R_RESOURCE:
        if (f->is_map && key_is(f, "Properties"))
            return f->other_type ? R_PRUNE : R_TASKDEF; /* the Type may come after */
        return R_ALL;
    case R_TASKDEF:
        return f->is_map && f->keylen == 20 &&
                       strncasecmp(f->key, "containerDefinitions", f->keylen) == 0
                   ? R_CONTAINERS
                   : R_ALL;
    case R_CONTAINERS:
        return f->is_map ? R_ALL : R_CONTAINER;
    case R_CONTAINER:
        if (!f->is_map || key_is(f, "Ref") || key_is(f, "Condition") ||
            (f->keylen > 4 && memcmp(f->key, "Fn::", 4) == 0))
            return R_ALL; /* a container computed by a function in its long form */
        for (size_t i = 0; KEPT[i]; i++)
            if (strlen(KEPT[i]) == f->keylen && strncasecmp(f->key, KEPT[i], f->keylen) == 0)
                return R_ALL;
        return R_PRUNE;
    default:
        return R_ALL;
    }
}

static int too_deep(builder *b, const yaml_event_t *e)
{
    if (b->depth + b->npf < b->out->limits.max_depth)
        return 0;
    size_t at = byte_at(b, e->start_mark.index);
    char msg[64];
    snprintf(msg, sizeof msg, "nesting deeper than %zu levels (--max-depth)",
             b->out->limits.max_depth);
    fail(b, TDI_LOAD_INVALID, (tdi_span){at, at + 1}, msg, "", 0, "");
    return 1;
}

static void prune_open(builder *b, int is_map, const yaml_event_t *e);

static void open_collection(builder *b, int is_map, const yaml_event_t *e)
{
    int role = next_role(b);
    if (role == R_PRUNE) {
        prune_open(b, is_map, e);
        return;
    }
    if (too_deep(b, e))
        return;
    size_t had = b->stack_cap;
    if (tdi_grow((void **)&b->stack, &b->stack_cap, b->depth + 1, sizeof *b->stack) < 0) {
        oom(b);
        return;
    }
    if (b->stack_cap > had)
        memset(b->stack + had, 0, (b->stack_cap - had) * sizeof *b->stack);
    frame *f = &b->stack[b->depth];
    /* the member and merge arrays of the level are kept from one collection
     * to the next */
    tdi_member *m = f->m;
    struct merge *merges = f->merges;
    struct dropped *dropped = f->dropped;
    char *dtext = f->dtext;
    size_t cap = f->cap, merges_cap = f->merges_cap, dropped_cap = f->dropped_cap,
           dtext_cap = f->dtext_cap;
    memset(f, 0, sizeof *f);
    f->m = m;
    f->cap = cap;
    f->merges = merges;
    f->merges_cap = merges_cap;
    f->dropped = dropped;
    f->dropped_cap = dropped_cap;
    f->dtext = dtext;
    f->dtext_cap = dtext_cap;
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
    f->role = f->wrap ? R_ALL : role; /* a function's argument: read as a whole */
    f->may_drop = is_map && f->role == R_CONTAINER && b->depth > 0 &&
                  b->stack[b->depth - 1].role == R_CONTAINERS;
    f->npruned_at = b->npruned;
    b->depth++;
}

/* Ends the collection of f; its arrays stay for the next one at its level. */
static void frame_free(frame *f)
{
    for (size_t i = 0; i < f->nmerges; i++)
        json_decref(f->merges[i].src);
    f->nmerges = 0;
    json_decref(f->node);
    f->node = NULL;
    f->n = 0;
    tdi_free(f->anchor);
    f->anchor = NULL;
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

static tdi_span collection_span(builder *b, const yaml_event_t *e, int is_map, size_t start,
                                size_t first_key, size_t last_end)
{
    /* Flow collections end at their bracket; block ones at their last value. */
    int flow = (e->end_mark.index > e->start_mark.index);
    size_t end = flow ? byte_at(b, e->end_mark.index) : last_end;
    if (!flow && is_map && first_key != SIZE_MAX && first_key > start)
        start = first_key; /* a block mapping starts at its first key, not at its anchor or tag */
    return (tdi_span){start, end < start ? start : end};
}

static void close_collection(builder *b, const yaml_event_t *e)
{
    frame *f = &b->stack[b->depth - 1];
    if (f->nmerges)
        apply_merges(b, f);
    if (b->err)
        return;
    tdi_span span = collection_span(b, e, f->is_map, f->start, f->first_key, f->last_end);
    int pruned = b->npruned != f->npruned_at;
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
        register_anchor(b, anc, node, 1, pruned);
    tdi_free(anc);
    add_node(b, node, span, 0, NULL, 0);
}

static tdi_span scalar_span(builder *b, const yaml_event_t *e)
{
    tdi_span span = {byte_at(b, e->start_mark.index), byte_at(b, e->end_mark.index)};
    yaml_scalar_style_t style = e->data.scalar.style;
    if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE) {
        /* libyaml ends a block scalar after its trailing line breaks */
        const char *s = b->text - b->base;
        while (span.end > span.start && (s[span.end - 1] == '\n' || s[span.end - 1] == '\r' ||
                                         s[span.end - 1] == ' ' || s[span.end - 1] == '\t'))
            span.end--;
    }
    return span;
}

/* The node of a scalar event, in its long form when a function's tag is on it. */
static json_t *scalar_node(builder *b, const yaml_event_t *e, tdi_span span)
{
    const char *tag = (const char *)e->data.scalar.tag;
    json_t *x = tagged_scalar(tag, (const char *)e->data.scalar.value, e->data.scalar.length,
                              e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
    const char *fn = cfn_function(tag);
    if (x && fn)
        x = wrap_function(b, fn, x, span);
    return x;
}

static void prune_scalar(builder *b, const yaml_event_t *e);
static void prune_alias(builder *b, const yaml_event_t *e);

static void on_scalar(builder *b, const yaml_event_t *e)
{
    if (b->npf) {
        prune_scalar(b, e);
        return;
    }
    const char *v = (const char *)e->data.scalar.value;
    size_t n = e->data.scalar.length;
    tdi_span span = scalar_span(b, e);
    frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;
    if (f && f->is_map && !f->key) { /* a key: its text as written */
        add_node(b, json_null(), span, 1, v, n);
        return;
    }
    if (!e->data.scalar.anchor && next_role(b) == R_PRUNE) {
        b->npruned++;
        add_node(b, json_null(), span, 1, "", 0);
        return;
    }
    json_t *x = scalar_node(b, e, span);
    if (x && e->data.scalar.anchor)
        register_anchor(b, (const char *)e->data.scalar.anchor, x, 0, 0);
    add_node(b, x, span, 1, v, n);
}

/* The anchor an alias event names, or NULL after an error (limit, unknown). */
static const anchor *alias_target(builder *b, const yaml_event_t *e, tdi_span span)
{
    const char *name = (const char *)e->data.alias.anchor;
    /* an alias shares its anchor's node; what costs is the walks through
     * it, which the count bounds */
    if (++b->naliases > b->out->limits.max_aliases) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "more than %zu aliases in one document (--max-aliases); CloudFormation "
                 "accepts no alias at all",
                 b->out->limits.max_aliases);
        fail(b, TDI_LOAD_INVALID, span, msg, "", 0, "");
        return NULL;
    }
    for (size_t i = b->nanchors; i-- > 0;)
        if (strcmp(b->anchors[i].name, name) == 0)
            return &b->anchors[i];
    fail(b, TDI_LOAD_INVALID, span, "alias *", name, strlen(name),
         " names no anchor defined before it");
    return NULL;
}

static void on_alias(builder *b, const yaml_event_t *e)
{
    if (b->npf) {
        prune_alias(b, e);
        return;
    }
    tdi_span span = {byte_at(b, e->start_mark.index), byte_at(b, e->end_mark.index)};
    const anchor *a = alias_target(b, e, span);
    if (!a)
        return;
    frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;
    int is_key = f && f->is_map && !f->key;
    if (!is_key && next_role(b) == R_PRUNE) {
        b->npruned++;
        add_node(b, json_null(), span, 1, "", 0);
        return;
    }
    if (a->pruned) { /* the node is not all there */
        b->restart = 1;
        return;
    }
    json_t *node = a->node;
    const char *sv = json_is_string(node) ? json_string_value(node) : "";
    size_t svlen = json_is_string(node) ? json_string_length(node) : 0;
    add_node(b, json_incref(node), span, !json_is_object(node) && !json_is_array(node), sv,
             svlen);
}

/* ---- pruned values: the events are checked, nothing is built ---- */

static size_t key_hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return (size_t)h;
}

static int key_matches(const builder *b, size_t k, const char *sv, size_t n, size_t h)
{
    const pkey *key = &b->keys[k];
    return key->hash == h && key->len == n && memcmp(b->ktext + key->off, sv, n) == 0;
}

/* The index in keys of p's key sv, or SIZE_MAX. */
static size_t find_key(const builder *b, const pframe *p, const char *sv, size_t n, size_t h)
{
    if (p->index) {
        for (size_t i = h & (p->index_cap - 1); p->index[i]; i = (i + 1) & (p->index_cap - 1))
            if (key_matches(b, p->index[i] - 1, sv, n, h))
                return p->index[i] - 1;
        return SIZE_MAX;
    }
    for (size_t k = p->kbase; k < b->nkeys; k++)
        if (key_matches(b, k, sv, n, h))
            return k;
    return SIZE_MAX;
}

static void index_put(pframe *p, const pkey *keys, size_t k)
{
    size_t i = keys[k].hash & (p->index_cap - 1);
    while (p->index[i])
        i = (i + 1) & (p->index_cap - 1);
    p->index[i] = k + 1;
}

/* Adds the last key of keys to p's hash, which p gets at 16 keys (a scan of
 * the keys for each new one is quadratic in big mappings). */
static void index_key(builder *b, pframe *p)
{
    size_t n = b->nkeys - p->kbase;
    if (!p->index && n < 16)
        return;
    if (!p->index || n * 4 > p->index_cap * 3) {
        size_t cap = p->index_cap ? p->index_cap * 2 : 64;
        size_t *t = tdi_calloc(cap, sizeof *t);
        if (!t) {
            oom(b);
            return;
        }
        tdi_free(p->index);
        p->index = t;
        p->index_cap = cap;
        for (size_t k = p->kbase; k < b->nkeys; k++)
            index_put(p, b->keys, k);
        return;
    }
    index_put(p, b->keys, b->nkeys - 1);
}

/* A node of a pruned value ends at span: a key (its text sv) or a value of
 * the innermost pruned collection, or the pruned value itself. is_scalar:
 * it may be a key; coll: as a value it would be a mapping or a list (a
 * function's tag makes a scalar one). */
static void prune_deliver(builder *b, tdi_span span, int is_scalar, int coll, const char *sv,
                          size_t svlen)
{
    if (b->npf == 0) { /* the pruned value, whole */
        add_node(b, json_null(), span, 1, "", 0);
        return;
    }
    pframe *p = &b->pf[b->npf - 1];
    if (p->is_map && !p->pending) {
        if (!is_scalar) {
            fail_collection_key(b, span);
            return;
        }
        size_t h = key_hash(sv, svlen);
        size_t dup = find_key(b, p, sv, svlen, h);
        if (dup != SIZE_MAX) {
            fail_duplicate(b, span, sv, svlen, b->keys[dup].at);
            return;
        }
        if (tdi_grow((void **)&b->keys, &b->keys_cap, b->nkeys + 1, sizeof *b->keys) < 0 ||
            tdi_grow((void **)&b->ktext, &b->ktext_cap, b->ktext_len + svlen + 1, 1) < 0) {
            oom(b);
            return;
        }
        b->keys[b->nkeys] = (pkey){b->ktext_len, svlen, span.start, h};
        if (svlen)
            memcpy(b->ktext + b->ktext_len, sv, svlen);
        b->ktext_len += svlen;
        b->nkeys++;
        p->pending = 1;
        if (p->first_key == SIZE_MAX)
            p->first_key = span.start;
        return;
    }
    if (p->is_map) {
        const pkey *k = &b->keys[b->nkeys - 1];
        if (coll && k->len == 2 && memcmp(b->ktext + k->off, "<<", 2) == 0) {
            b->ktext_len = k->off; /* a merge, not a key of the mapping */
            b->nkeys--;
        } else {
            index_key(b, p);
        }
        p->pending = 0;
    }
    p->last_end = span.end;
}

static void prune_open(builder *b, int is_map, const yaml_event_t *e)
{
    if (too_deep(b, e))
        return;
    if (tdi_grow((void **)&b->pf, &b->pf_cap, b->npf + 1, sizeof *b->pf) < 0) {
        oom(b);
        return;
    }
    pframe *p = &b->pf[b->npf];
    memset(p, 0, sizeof *p);
    p->is_map = is_map;
    const yaml_char_t *anc = is_map ? e->data.mapping_start.anchor : e->data.sequence_start.anchor;
    if (anc && !(p->anchor = tdi_strdup((const char *)anc))) {
        oom(b);
        return;
    }
    p->start = byte_at(b, e->start_mark.index);
    p->last_end = byte_at(b, e->end_mark.index);
    p->first_key = SIZE_MAX;
    p->kbase = b->nkeys;
    if (b->npf++ == 0)
        b->npruned++;
}

static void pframe_free(builder *b, pframe *p)
{
    if (p->kbase < b->nkeys) {
        b->ktext_len = b->keys[p->kbase].off;
        b->nkeys = p->kbase;
    }
    tdi_free(p->index);
    tdi_free(p->anchor);
}

static void prune_close(builder *b, const yaml_event_t *e)
{
    pframe *p = &b->pf[b->npf - 1];
    tdi_span span = collection_span(b, e, p->is_map, p->start, p->first_key, p->last_end);
    char *anc = p->anchor;
    p->anchor = NULL;
    pframe_free(b, p);
    b->npf--;
    if (anc)
        register_anchor(b, anc, NULL, 1, 1);
    tdi_free(anc);
    prune_deliver(b, span, 0, 1, NULL, 0);
}

static void prune_scalar(builder *b, const yaml_event_t *e)
{
    const char *v = (const char *)e->data.scalar.value;
    size_t n = e->data.scalar.length;
    tdi_span span = scalar_span(b, e);
    const pframe *p = &b->pf[b->npf - 1];
    if (p->is_map && !p->pending) { /* a key: its text as written */
        prune_deliver(b, span, 1, 0, v, n);
        return;
    }
    int coll = cfn_function((const char *)e->data.scalar.tag) != NULL;
    if (e->data.scalar.anchor) { /* an alias elsewhere may need it: built */
        json_t *x = scalar_node(b, e, span);
        if (!x) {
            oom(b);
            return;
        }
        register_anchor(b, (const char *)e->data.scalar.anchor, x, coll, 0);
        json_decref(x);
    }
    prune_deliver(b, span, 1, coll, v, n);
}

static void prune_alias(builder *b, const yaml_event_t *e)
{
    tdi_span span = {byte_at(b, e->start_mark.index), byte_at(b, e->end_mark.index)};
    const anchor *a = alias_target(b, e, span);
    if (!a)
        return;
    int coll = a->node ? json_is_object(a->node) || json_is_array(a->node) : a->is_coll;
    const char *sv = json_is_string(a->node) ? json_string_value(a->node) : "";
    size_t svlen = json_is_string(a->node) ? json_string_length(a->node) : 0;
    prune_deliver(b, span, !coll, coll, sv, svlen);
}

static void reset_builder(builder *b)
{
    while (b->npf > 0)
        pframe_free(b, &b->pf[--b->npf]);
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

/* The length of the longest prefix of s that is ASCII. */
static size_t ascii_prefix(const char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ULL)
            break;
    }
    while (i < n && !((unsigned char)s[i] & 0x80))
        i++;
    return i;
}

/* One pass over the stream; *restart is set when pruning must be turned off
 * (an alias needs a pruned node). */
static int load(const char *text, size_t len, size_t base, tdi_loaded *out, int prune,
                int *restart)
{
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
    b.prune = prune;
    b.ascii = ascii_prefix(text, len);
    int done = 0;
    while (!done && !b.err && !b.failed && !b.restart) {
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
        case YAML_SEQUENCE_START_EVENT: {
            int is_map = e.type == YAML_MAPPING_START_EVENT;
            if (b.npf)
                prune_open(&b, is_map, &e);
            else
                open_collection(&b, is_map, &e);
            break;
        }
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            if (b.npf)
                prune_close(&b, &e);
            else if (b.depth)
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
    for (size_t i = 0; i < b.stack_cap; i++) {
        tdi_free(b.stack[i].m);
        tdi_free(b.stack[i].merges);
        tdi_free(b.stack[i].dropped);
        tdi_free(b.stack[i].dtext);
    }
    tdi_free(b.stack);
    tdi_free(b.anchors);
    tdi_free(b.pf);
    tdi_free(b.keys);
    tdi_free(b.ktext);
    yaml_parser_delete(&p);
    *restart = b.restart;
    return b.err ? TD_ENOMEM : TD_OK;
}

int tdi_load_yaml(const char *text, size_t len, size_t base, tdi_loaded *out)
{
    tdi_limits_fill(&out->limits);
    int prune = (out->flags & TDI_LOAD_PRUNE) != 0;
    int restart = 0;
    int err = load(text, len, base, out, prune, &restart);
    if (err == TD_OK && restart) {
        for (size_t i = 0; i < out->ndocs; i++)
            tdi_doc_free(&out->docs[i]);
        tdi_free(out->docs);
        out->docs = NULL;
        out->ndocs = 0;
        err = load(text, len, base, out, 0, &restart);
    }
    return err;
}
