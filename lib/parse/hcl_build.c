/* The HCL parse tree as Terraform's JSON syntax writes the same file (a
 * .tf.json), so that the model reads both alike:
 *
 *   - the body of the file and of each block is an object, an attribute
 *     a = EXPR its member "a";
 *   - a block with labels, resource "T" "N" { }, is member "resource" ->
 *     "T" -> "N" -> the body (blocks of one type merge level by level; the
 *     same labels twice are a duplicate, the last kept), except provider
 *     and provisioner blocks, whose bodies are in an array, as for:
 *   - a block without labels, volume { }, is an element of the array
 *     "volume", in the order written;
 *   - numbers, true, false, null, strings, tuples [ ], objects { } whose
 *     keys are names or strings, and jsonencode(X) (as X) are JSON values;
 *   - any other expression is the string "${EXPR}", EXPR as written, and a
 *     dynamic "T" { } block such a string among T's elements: values
 *     Terraform knows only when it plans.
 *
 * Spans: a member's key is its name, label or key as written (quotes
 * included); a value is its expression (a body: its braces; a level of
 * labels: the first block that made it, from that label on; an array of
 * blocks: its first block to its last; an element of it or a dynamic
 * block: the block). */
#include "hcl.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { K_VALUE, K_BODY, K_LABELS, K_BLOCKS };

typedef struct {
    const char *key; /* jansson's copy; NULL for an array element or a member taken out */
    tdi_span key_span, value_span;
    hcl_obj *child; /* the object or array that is the value, if any */
    int dead;       /* replaced by a duplicate */
} hcl_member;

struct hcl_obj {
    json_t *json; /* an object, or an array for K_BLOCKS and tuples */
    tdi_span span;
    int kind;
    size_t depth; /* 1 for the root */
    hcl_member *m;
    size_t n, cap;
    hcl_obj *next; /* in tdi_hcl_build.objs */
};

/* a return value of the functions below: an error is in out->status */
#define STOP 1

#define BODY_TAIL                                                                                  \
    ": Terraform rejects a name defined twice in one body; tdlint checks the last one, while a "   \
    "reviewer may read the other; remove one"
#define OBJECT_TAIL                                                                                \
    ": Terraform keeps the last value, which tdlint checks, while a reviewer may read the other; " \
    "remove one"

static tdi_span span_of(const tdi_hcl_build *b, TSNode n)
{
    return (tdi_span){b->base + ts_node_start_byte(n), b->base + ts_node_end_byte(n)};
}

static TSNode cur(const tdi_hcl_build *b)
{
    return ts_tree_cursor_current_node(b->cursor);
}

/* Moves the cursor to child i of its node (children are few where this is used). */
static void down(tdi_hcl_build *b, uint32_t i)
{
    ts_tree_cursor_goto_first_child(b->cursor);
    while (i-- > 0)
        ts_tree_cursor_goto_next_sibling(b->cursor);
}

static void up(tdi_hcl_build *b, unsigned n)
{
    while (n-- > 0)
        ts_tree_cursor_goto_parent(b->cursor);
}

static int text_is(const tdi_hcl_build *b, TSNode n, const char *s)
{
    tdi_span sp = span_of(b, n);
    size_t len = strlen(s);
    return sp.end - sp.start == len && memcmp(b->src + sp.start, s, len) == 0;
}

static int new_obj(tdi_hcl_build *b, int kind, int array, tdi_span span, size_t depth, hcl_obj **o)
{
    size_t max = b->out->opt.max_depth;
    if (depth > max || depth > TDI_JSON_MAX_DEPTH) {
        int err = max < TDI_JSON_MAX_DEPTH
                      ? tdi_loaded_fail(b->out, TDI_LOAD_INVALID, span.start, span.start + 1,
                                        "nesting deeper than %zu levels (--max-depth)", max)
                      : tdi_loaded_fail(b->out, TDI_LOAD_INVALID, span.start, span.start + 1,
                                        "nesting deeper than %d levels, the most tdlint reads "
                                        "in HCL",
                                        TDI_JSON_MAX_DEPTH);
        return err < 0 ? err : STOP;
    }
    hcl_obj *x = tdi_arena_alloc(&b->arena, sizeof *x);
    if (!x)
        return TD_ENOMEM;
    x->json = array ? json_array() : json_object();
    if (!x->json)
        return TD_ENOMEM;
    x->span = span;
    x->kind = kind;
    x->depth = depth;
    x->next = b->objs;
    b->objs = x;
    *o = x;
    return TD_OK;
}

/* Adds value v (taken) to o: as member key, which o does not have, or as
 * its next element (key NULL). */
static int add(hcl_obj *o, const char *key, tdi_span ks, tdi_span vs, json_t *v, hcl_obj *child)
{
    if (tdi_grow((void **)&o->m, &o->cap, o->n + 1, sizeof *o->m) < 0) {
        json_decref(v);
        return TD_ENOMEM;
    }
    hcl_member *m = &o->m[o->n];
    if (key) {
        if (json_object_set_new(o->json, key, v) < 0)
            return TD_ENOMEM;
        m->key = json_object_iter_key(json_object_iter_at(o->json, key));
    } else {
        if (json_array_append_new(o->json, v) < 0)
            return TD_ENOMEM;
        m->key = NULL;
        ks = vs;
    }
    m->key_span = ks;
    m->value_span = vs;
    m->child = child;
    m->dead = 0;
    o->n++;
    return TD_OK;
}

/* The member key of object o, or NULL. */
static hcl_member *find(hcl_obj *o, const char *key)
{
    if (!json_object_get(o->json, key))
        return NULL;
    for (size_t i = o->n; i-- > 0;)
        if (!o->m[i].dead && strcmp(o->m[i].key, key) == 0)
            return &o->m[i];
    return NULL;
}

/* Takes member m out of o (a duplicate replaces it). */
static void drop(hcl_obj *o, hcl_member *m)
{
    json_object_del(o->json, m->key);
    m->key = NULL;
    m->dead = 1;
}

/* Reports the duplicate at span of m (taken out), "duplicate WHAT" with
 * what the text in b->buf. */
static int duplicate(tdi_hcl_build *b, hcl_obj *o, hcl_member *m, tdi_span at, const char *tail)
{
    size_t also = m->key_span.start;
    drop(o, m);
    if (b->buf.failed)
        return TD_ENOMEM;
    return tdi_loaded_duplicate_tail(b->out, at.start, at.end, also, tail, "duplicate %s",
                                     b->buf.data);
}

/* ---- values ---- */

static int value(tdi_hcl_build *b, size_t depth, int in_json, json_t **v, tdi_span *vs,
                 hcl_obj **child);

/* The string "${TEXT}" of the expression written at span. */
static int expression_text(tdi_hcl_build *b, tdi_span span, json_t **v)
{
    b->buf.len = 0;
    tdi_buf_add(&b->buf, "${", 2);
    tdi_buf_add(&b->buf, b->src + span.start, span.end - span.start);
    tdi_buf_add(&b->buf, "}", 1);
    if (b->buf.failed)
        return TD_ENOMEM;
    *v = json_stringn(b->buf.data, b->buf.len);
    return *v ? TD_OK : TD_ENOMEM;
}

/* A number as written (negated when neg); NULL when it is not one JSON
 * holds (too big for a double): then it stays an expression. */
static json_t *number(tdi_hcl_build *b, tdi_span sp, int neg)
{
    size_t len = sp.end - sp.start;
    b->buf.len = 0;
    tdi_buf_add(&b->buf, b->src + sp.start, len);
    if (b->buf.failed)
        return NULL;
    const char *t = b->buf.data;
    if (!strpbrk(t, ".eE")) {
        errno = 0;
        char *end;
        long long i = strtoll(t, &end, 10);
        if (errno == 0 && *end == '\0')
            return json_integer(neg ? -i : i);
    }
    double d = strtod(t, NULL);
    if (!isfinite(d))
        return NULL;
    return json_real(neg ? -d : d);
}

/* A string, heredoc or template, decoded. */
static int string_value(tdi_hcl_build *b, tdi_span sp, json_t **v)
{
    char *text;
    size_t n;
    int err = tdi_hcl_string(b->src, sp, &text, &n, NULL);
    if (err == TD_EINVAL) /* cannot be after a clean parse; the expression then */
        return expression_text(b, sp, v);
    if (err < 0)
        return err;
    *v = json_stringn(text, n);
    tdi_free(text);
    return *v ? TD_OK : TD_ENOMEM;
}

/* The key of an object element (its key expression at node k) when it is
 * a name or a string without interpolation: *key tdi_malloc'd. NULL
 * otherwise (the object is then an expression). */
static int object_key(tdi_hcl_build *b, TSNode k, char **key)
{
    *key = NULL;
    if (ts_node_child_count(k) != 1)
        return TD_OK;
    TSNode c = ts_node_child(k, 0);
    TSSymbol s = ts_node_symbol(c);
    tdi_span sp = span_of(b, c);
    if (s == b->sym->variable_expr && ts_node_child_count(c) == 1) {
        *key = tdi_strndup(b->src + sp.start, sp.end - sp.start);
        return *key ? TD_OK : TD_ENOMEM;
    }
    if (s != b->sym->literal_value || ts_node_child_count(c) != 1 ||
        ts_node_symbol(ts_node_child(c, 0)) != b->sym->string_lit)
        return TD_OK;
    size_t n;
    int err = tdi_hcl_string(b->src, sp, key, &n, NULL);
    if (err == TD_OK && memchr(*key, '\0', n)) { /* a key jansson cannot hold */
        tdi_free(*key);
        *key = NULL;
    }
    return err == TD_EINVAL ? TD_OK : err;
}

/* Whether every element of the object at the cursor has a key JSON can
 * hold; the cursor is back at the object. */
static int keys_known(tdi_hcl_build *b, int *known)
{
    *known = 1;
    int err = TD_OK;
    if (!ts_tree_cursor_goto_first_child(b->cursor))
        return TD_OK;
    do {
        TSNode n = cur(b);
        if (ts_node_symbol(n) != b->sym->object_elem)
            continue;
        char *key;
        err = object_key(b, ts_node_child_by_field_name(n, "key", 3), &key);
        *known = key != NULL;
        tdi_free(key);
    } while (err == TD_OK && *known && ts_tree_cursor_goto_next_sibling(b->cursor));
    up(b, 1);
    return err;
}

/* The object element at the cursor, into o. */
static int object_elem(tdi_hcl_build *b, hcl_obj *o, int in_json)
{
    TSNode n = cur(b);
    TSNode k = ts_node_child_by_field_name(n, "key", 3);
    char *key;
    int err = object_key(b, k, &key);
    if (err < 0 || !key) /* keys_known said there is one */
        return err;
    tdi_span ks = span_of(b, k), vs = {0, 0};
    json_t *v = NULL;
    hcl_obj *child = NULL;
    if (ts_tree_cursor_goto_first_child(b->cursor)) {
        do {
            const char *f = ts_tree_cursor_current_field_name(b->cursor);
            if (f && strcmp(f, "val") == 0)
                err = value(b, o->depth, in_json, &v, &vs, &child);
        } while (err == TD_OK && !v && ts_tree_cursor_goto_next_sibling(b->cursor));
        up(b, 1);
    }
    hcl_member *old = err == TD_OK && v ? find(o, key) : NULL;
    if (old) {
        b->buf.len = 0;
        tdi_buf_puts(&b->buf, "key ");
        tdi_buf_quoted(&b->buf, key, strlen(key), TDI_QUOTE_MAX);
        err = duplicate(b, o, old, ks, OBJECT_TAIL);
    }
    if (err == TD_OK && v)
        err = add(o, key, ks, vs, v, child);
    else
        json_decref(v);
    tdi_free(key);
    return err;
}

/* The tuple or object at the cursor (array non-zero for a tuple). */
static int collection(tdi_hcl_build *b, int array, size_t depth, int in_json, json_t **v,
                      hcl_obj **child)
{
    hcl_obj *o;
    int err = new_obj(b, K_VALUE, array, span_of(b, cur(b)), depth + 1, &o);
    if (err)
        return err;
    if (ts_tree_cursor_goto_first_child(b->cursor)) {
        do {
            TSNode n = cur(b);
            TSSymbol s = ts_node_symbol(n);
            if (array && s == b->sym->expression) {
                json_t *e = NULL;
                tdi_span es;
                hcl_obj *ec = NULL;
                err = value(b, o->depth, in_json, &e, &es, &ec);
                if (err == TD_OK)
                    err = add(o, NULL, es, es, e, ec);
            } else if (!array && s == b->sym->object_elem) {
                err = object_elem(b, o, in_json);
            }
        } while (err == TD_OK && ts_tree_cursor_goto_next_sibling(b->cursor));
        up(b, 1);
    }
    *v = json_incref(o->json);
    *child = o;
    return err;
}

/* jsonencode(X) at the cursor (a function_call): X's value, when the call
 * is jsonencode with one argument; *v NULL otherwise. */
static int jsonencode(tdi_hcl_build *b, size_t depth, json_t **v, tdi_span *vs, hcl_obj **child)
{
    TSNode n = cur(b);
    if (ts_node_child_count(n) != 4 || !text_is(b, ts_node_child(n, 0), "jsonencode"))
        return TD_OK;
    TSNode args = ts_node_child(n, 2);
    uint32_t na = ts_node_child_count(args);
    if (ts_node_symbol(args) != b->sym->function_arguments || na < 1 || na > 2 ||
        ts_node_symbol(ts_node_child(args, 0)) != b->sym->expression ||
        (na == 2 && !text_is(b, ts_node_child(args, 1), ",")))
        return TD_OK;
    down(b, 2);
    down(b, 0);
    int err = value(b, depth, 1, v, vs, child);
    up(b, 2);
    return err;
}

/* -1, -1.5: a negative number, not an operation; NULL otherwise. */
static json_t *negative(tdi_hcl_build *b, TSNode op)
{
    TSNode u = ts_node_child(op, 0);
    if (ts_node_child_count(op) != 1 || ts_node_symbol(u) != b->sym->unary_operation ||
        ts_node_child_count(u) != 2 || !text_is(b, ts_node_child(u, 0), "-"))
        return NULL;
    TSNode lit = ts_node_child(u, 1);
    if (ts_node_symbol(lit) != b->sym->literal_value || ts_node_child_count(lit) != 1 ||
        ts_node_symbol(ts_node_child(lit, 0)) != b->sym->numeric_lit)
        return NULL;
    return number(b, span_of(b, lit), 1);
}

/* The value of a literal (a literal_value node's child). */
static int literal(tdi_hcl_build *b, TSNode c, tdi_span whole, json_t **v)
{
    TSSymbol s = ts_node_symbol(c);
    tdi_span sp = span_of(b, c);
    if (s == b->sym->numeric_lit) {
        *v = number(b, sp, 0);
        return *v ? TD_OK : b->buf.failed ? TD_ENOMEM : expression_text(b, whole, v);
    }
    if (s == b->sym->bool_lit)
        *v = json_boolean(b->src[sp.start] == 't');
    else if (s == b->sym->null_lit)
        *v = json_null();
    else if (s == b->sym->string_lit)
        return string_value(b, sp, v);
    else
        return expression_text(b, whole, v);
    return *v ? TD_OK : TD_ENOMEM;
}

/* The value of the expression at the cursor (the cursor is back at it on
 * return): *v, where it is written (*vs), and the object or array it is
 * (*child, NULL for a scalar). Parentheses and the nodes that only wrap
 * another are looked through. */
static int value(tdi_hcl_build *b, size_t depth, int in_json, json_t **v, tdi_span *vs,
                 hcl_obj **child)
{
    tdi_span whole = span_of(b, cur(b)); /* the expression as written */
    const tdi_hcl_symbols *y = b->sym;
    unsigned downs = 0;
    int err = TD_OK;
    *v = NULL;
    *child = NULL;
    for (;;) {
        TSNode n = cur(b);
        TSSymbol s = ts_node_symbol(n);
        uint32_t nc = ts_node_child_count(n);
        *vs = span_of(b, n);
        if ((s == y->expression || s == y->literal_value || s == y->collection_value) && nc == 1) {
            if (s == y->literal_value) {
                err = literal(b, ts_node_child(n, 0), whole, v);
                break;
            }
            down(b, 0), downs++;
        } else if (s == y->expression && nc == 3 && text_is(b, ts_node_child(n, 0), "(") &&
                   text_is(b, ts_node_child(n, 2), ")")) {
            down(b, 1), downs++;
        } else if (s == y->tuple || s == y->object) {
            int known = 1;
            if (s == y->object)
                err = keys_known(b, &known);
            if (err == TD_OK && known)
                err = collection(b, s == y->tuple, depth, in_json, v, child);
            break;
        } else if (s == y->template_expr || s == y->string_lit) {
            err = string_value(b, *vs, v);
            break;
        } else if (s == y->function_call && !in_json) {
            err = jsonencode(b, depth, v, vs, child);
            break;
        } else if (s == y->operation) {
            *v = negative(b, n);
            err = *v || !b->buf.failed ? TD_OK : TD_ENOMEM;
            break;
        } else {
            break;
        }
    }
    up(b, downs);
    if (err != TD_OK) {
        json_decref(*v);
        *v = NULL;
    } else if (!*v) {
        *vs = whole;
        *child = NULL;
        err = expression_text(b, whole, v);
    }
    return err;
}

/* ---- bodies and blocks ---- */

static int body(tdi_hcl_build *b, hcl_obj *o);

/* The attribute at the cursor, into body o. */
static int attribute(tdi_hcl_build *b, hcl_obj *o)
{
    tdi_span ks = {0, 0}, vs;
    json_t *v = NULL;
    hcl_obj *child = NULL;
    int err = TD_OK;
    if (!ts_tree_cursor_goto_first_child(b->cursor))
        return TD_OK;
    do {
        TSSymbol s = ts_node_symbol(cur(b));
        if (s == b->sym->identifier && ks.end == 0)
            ks = span_of(b, cur(b));
        else if (s == b->sym->expression && !v)
            err = value(b, o->depth, 0, &v, &vs, &child);
    } while (err == TD_OK && ts_tree_cursor_goto_next_sibling(b->cursor));
    up(b, 1);
    char *key = err == TD_OK && v ? tdi_strndup(b->src + ks.start, ks.end - ks.start) : NULL;
    if (err == TD_OK && v && !key)
        err = TD_ENOMEM;
    hcl_member *old = key ? find(o, key) : NULL;
    if (old) {
        b->buf.len = 0;
        tdi_buf_puts(&b->buf, "attribute ");
        tdi_buf_quoted(&b->buf, key, strlen(key), TDI_QUOTE_MAX);
        err = duplicate(b, o, old, ks, BODY_TAIL);
    }
    if (err == TD_OK && key)
        err = add(o, key, ks, vs, v, child);
    else
        json_decref(v);
    tdi_free(key);
    return err;
}

/* The name a block's type or label at span gives its level: a label's
 * string decoded. tdi_malloc'd in *name; STOP for a label JSON cannot hold. */
static int level_name(tdi_hcl_build *b, tdi_span sp, char **name)
{
    size_t n;
    if (b->src[sp.start] != '"') {
        *name = tdi_strndup(b->src + sp.start, sp.end - sp.start);
        return *name ? TD_OK : TD_ENOMEM;
    }
    int err = tdi_hcl_string(b->src, sp, name, &n, NULL);
    if (err == TD_OK && memchr(*name, '\0', n)) {
        tdi_free(*name);
        *name = NULL;
        err = tdi_loaded_fail(b->out, TDI_LOAD_SYNTAX, sp.start, sp.end,
                              "HCL syntax error: a block label holds a NUL character");
        return err < 0 ? err : STOP;
    }
    if (err == TD_EINVAL) {
        err = tdi_loaded_fail(b->out, TDI_LOAD_SYNTAX, sp.start, sp.end,
                              "HCL syntax error: a block label that is not a string");
        return err < 0 ? err : STOP;
    }
    return err;
}

/* "duplicate block TYPE LABEL..." in b->buf, from the block's words as written. */
static void block_words(tdi_hcl_build *b)
{
    b->buf.len = 0;
    tdi_buf_puts(&b->buf, "block");
    for (size_t i = 0; i < b->nlabels; i++) {
        tdi_buf_putc(&b->buf, ' ');
        tdi_buf_escaped(&b->buf, b->src + b->labels[i].start, b->labels[i].end - b->labels[i].start,
                        TDI_QUOTE_MAX);
    }
}

/* The level named by word i of the block (b->labels[i]) in o: found when
 * blocks merge there, else made (a duplicate it replaces reported). */
static int level(tdi_hcl_build *b, hcl_obj *o, size_t i, int kind, tdi_span block, tdi_span vs,
                 hcl_obj **next)
{
    char *name;
    int err = level_name(b, b->labels[i], &name);
    if (err)
        return err;
    hcl_member *old = find(o, name);
    if (old && old->child && old->child->kind == kind && kind != K_BODY) {
        *next = old->child;
        tdi_free(name);
        return TD_OK;
    }
    if (old) {
        block_words(b);
        err = duplicate(b, o, old, b->labels[i], BODY_TAIL);
    }
    hcl_obj *x = NULL;
    if (err == TD_OK)
        err = new_obj(b, kind, kind == K_BLOCKS, kind == K_BODY ? vs : block, o->depth + 1, &x);
    if (err == TD_OK)
        err = add(o, name, b->labels[i], kind == K_BODY ? vs : block, json_incref(x->json), x);
    tdi_free(name);
    *next = x;
    return err;
}

/* Where the block at the cursor goes in body o: the object its body fills
 * (*target), made and linked level by level from its type and labels
 * (b->labels); for a dynamic block, its string added, *target NULL. */
static int block_target(tdi_hcl_build *b, hcl_obj *o, tdi_span block, tdi_span body_span,
                        hcl_obj **target)
{
    *target = NULL;
    size_t nl = b->nlabels;
    tdi_span type = b->labels[0];
    int dyn =
        nl == 2 && type.end - type.start == 7 && memcmp(b->src + type.start, "dynamic", 7) == 0;
    int arr = nl == 1 || dyn ||
              (type.end - type.start == 11 && memcmp(b->src + type.start, "provisioner", 11) == 0);
    if (o->depth == 1 && type.end - type.start == 8 &&
        memcmp(b->src + type.start, "provider", 8) == 0)
        arr = 1;
    hcl_obj *lv = o;
    int err = TD_OK;
    for (size_t i = dyn ? 1 : 0; i < nl && err == TD_OK; i++) {
        int last = i + 1 == nl;
        int kind = !last ? K_LABELS : arr ? K_BLOCKS : K_BODY;
        err = level(b, lv, i, kind, block, body_span, &lv);
    }
    if (err)
        return err;
    json_t *v;
    if (dyn) {
        err = expression_text(b, block, &v);
        return err ? err : add(lv, NULL, block, block, v, NULL);
    }
    if (arr) {
        hcl_obj *x;
        err = new_obj(b, K_BODY, 0, body_span, lv->depth + 1, &x);
        if (err == TD_OK)
            err = add(lv, NULL, block, block, json_incref(x->json), x);
        lv = x;
    }
    *target = lv;
    return err;
}

/* The block at the cursor, into body o. */
static int block(tdi_hcl_build *b, hcl_obj *o)
{
    tdi_span sp = span_of(b, cur(b));
    hcl_obj *target = NULL;
    int err = TD_OK, placed = 0;
    b->nlabels = 0;
    if (!ts_tree_cursor_goto_first_child(b->cursor))
        return TD_OK;
    do {
        TSNode n = cur(b);
        TSSymbol s = ts_node_symbol(n);
        if (!placed && (s == b->sym->identifier || s == b->sym->string_lit)) {
            if (tdi_grow((void **)&b->labels, &b->labels_cap, b->nlabels + 1, sizeof *b->labels) <
                0)
                err = TD_ENOMEM;
            else
                b->labels[b->nlabels++] = span_of(b, n);
        } else if (!placed && s == b->sym->block_start) {
            placed = 1;
            tdi_span body_span = {span_of(b, n).start, sp.end};
            if (b->nlabels > 0)
                err = block_target(b, o, sp, body_span, &target);
        } else if (s == b->sym->body && target) {
            err = body(b, target);
        }
    } while (err == TD_OK && ts_tree_cursor_goto_next_sibling(b->cursor));
    up(b, 1);
    return err;
}

/* The body at the cursor, into o. */
static int body(tdi_hcl_build *b, hcl_obj *o)
{
    int err = TD_OK;
    if (!ts_tree_cursor_goto_first_child(b->cursor))
        return TD_OK;
    do {
        TSSymbol s = ts_node_symbol(cur(b));
        if (s == b->sym->attribute)
            err = attribute(b, o);
        else if (s == b->sym->block)
            err = block(b, o);
    } while (err == TD_OK && ts_tree_cursor_goto_next_sibling(b->cursor));
    up(b, 1);
    return err;
}

/* ---- the index ---- */

/* Adds the records of o and of every object and array below it. */
static int emit(tdi_hcl_build *b, hcl_obj *o)
{
    size_t live = 0;
    for (size_t i = 0; i < o->n; i++) {
        hcl_member *m = &o->m[i];
        if (m->dead)
            continue;
        if (m->child) {
            int err = emit(b, m->child);
            if (err < 0)
                return err;
            if (m->child->kind == K_BLOCKS) /* its blocks, first to last */
                m->value_span = m->child->span;
        }
        /* a level's value, the block, starts at its label: after the key */
        if (m->value_span.start < m->key_span.start)
            m->value_span.start = m->key_span.start;
        if (o->kind == K_BLOCKS) {
            if (live == 0)
                o->span.start = m->value_span.start;
            o->span.end = m->value_span.end;
        }
        live++;
    }
    tdi_nodeloc *rec = tdi_doc_add(b->doc, o->json, o->span, live);
    if (!rec)
        return TD_ENOMEM;
    for (size_t i = 0, k = 0; i < o->n; i++) {
        hcl_member *m = &o->m[i];
        if (!m->dead)
            rec->members[k++] = (tdi_member){m->key, m->key_span, m->value_span};
    }
    return TD_OK;
}

int tdi_hcl_build_doc(tdi_hcl_build *b)
{
    tdi_doc *doc = b->doc;
    size_t start = b->base;
    while (start < b->root_end && tdi_hcl_blank(b->src[start]))
        start++;
    doc->root_span = (tdi_span){start, b->root_end};
    hcl_obj *root;
    int err = new_obj(b, K_BODY, 0, doc->root_span, 1, &root);
    if (err)
        return err < 0 ? err : TD_OK;
    doc->root = json_incref(root->json);
    if (ts_tree_cursor_goto_first_child(b->cursor)) { /* the file: comments and a body */
        do {
            TSSymbol s = ts_node_symbol(cur(b));
            if (s == b->sym->body) {
                err = body(b, root);
            } else if (s == b->sym->object) { /* the grammar takes one; Terraform does not */
                tdi_span sp = span_of(b, cur(b));
                err = tdi_loaded_fail(b->out, TDI_LOAD_SYNTAX, sp.start, sp.start + 1,
                                      "HCL syntax error: unexpected '{': a .tf file holds "
                                      "attributes and blocks (JSON goes in a .tf.json file)");
            }
        } while (err == TD_OK && b->out->status == TDI_LOAD_OK &&
                 ts_tree_cursor_goto_next_sibling(b->cursor));
        up(b, 1);
    }
    if (err == TD_OK && b->out->status == TDI_LOAD_OK)
        err = emit(b, root);
    return err < 0 ? err : TD_OK;
}

void tdi_hcl_build_free(tdi_hcl_build *b)
{
    for (hcl_obj *o = b->objs; o; o = o->next) {
        if (!b->doc->tree_in_arena) /* else freed with the arena, and jansson's free is not */
            json_decref(o->json);
        tdi_free(o->m);
    }
    b->objs = NULL;
    tdi_arena_free(&b->arena);
    tdi_free(b->labels);
    b->labels = NULL;
    tdi_buf_free(&b->buf);
}
