/* Expressions of HCL as JSON values (see hcl_build.c): literals, strings,
 * tuples, objects and jsonencode(X) as they are; any other expression the
 * string "${EXPR}" of its source. */
#include "hcl.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
        return tdi_hcl_expression(b, sp, v);
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
    tdi_span sp = tdi_hcl_span(b, c);
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
        TSNode n = tdi_hcl_cur(b);
        if (ts_node_symbol(n) != b->sym->object_elem)
            continue;
        char *key;
        err = object_key(b, ts_node_child_by_field_name(n, "key", 3), &key);
        *known = key != NULL;
        tdi_free(key);
    } while (err == TD_OK && *known && ts_tree_cursor_goto_next_sibling(b->cursor));
    tdi_hcl_up(b, 1);
    return err;
}

/* The object element at the cursor, into o. */
static int object_elem(tdi_hcl_build *b, hcl_obj *o, int in_json)
{
    TSNode n = tdi_hcl_cur(b);
    TSNode k = ts_node_child_by_field_name(n, "key", 3);
    char *key;
    int err = object_key(b, k, &key);
    if (err < 0 || !key) /* keys_known said there is one */
        return err;
    tdi_span ks = tdi_hcl_span(b, k), vs = {0, 0};
    json_t *v = NULL;
    hcl_obj *child = NULL;
    if (ts_tree_cursor_goto_first_child(b->cursor)) {
        do {
            const char *f = ts_tree_cursor_current_field_name(b->cursor);
            if (f && strcmp(f, "val") == 0)
                err = tdi_hcl_value(b, o->depth, in_json, &v, &vs, &child);
        } while (err == TD_OK && !v && ts_tree_cursor_goto_next_sibling(b->cursor));
        tdi_hcl_up(b, 1);
    }
    hcl_member *old = err == TD_OK && v ? tdi_hcl_find(o, key) : NULL;
    if (old) {
        b->buf.len = 0;
        tdi_buf_puts(&b->buf, "key ");
        tdi_buf_quoted(&b->buf, key, strlen(key), TDI_QUOTE_MAX);
        err = tdi_hcl_duplicate(b, o, old, ks, TDI_HCL_OBJECT_TAIL);
    }
    if (err == TD_OK && v)
        err = tdi_hcl_add(o, key, ks, vs, v, child);
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
    int err =
        tdi_hcl_obj_new(b, TDI_HCL_VALUE, array, tdi_hcl_span(b, tdi_hcl_cur(b)), depth + 1, &o);
    if (err)
        return err;
    if (ts_tree_cursor_goto_first_child(b->cursor)) {
        do {
            TSNode n = tdi_hcl_cur(b);
            TSSymbol s = ts_node_symbol(n);
            if (array && s == b->sym->expression) {
                json_t *e = NULL;
                tdi_span es;
                hcl_obj *ec = NULL;
                err = tdi_hcl_value(b, o->depth, in_json, &e, &es, &ec);
                if (err == TD_OK)
                    err = tdi_hcl_add(o, NULL, es, es, e, ec);
            } else if (!array && s == b->sym->object_elem) {
                err = object_elem(b, o, in_json);
            }
        } while (err == TD_OK && ts_tree_cursor_goto_next_sibling(b->cursor));
        tdi_hcl_up(b, 1);
    }
    *v = json_incref(o->json);
    *child = o;
    return err;
}

/* jsonencode(X) at the cursor (a function_call): X's value, when the call
 * is jsonencode with one argument; *v NULL otherwise. */
static int jsonencode(tdi_hcl_build *b, size_t depth, json_t **v, tdi_span *vs, hcl_obj **child)
{
    TSNode n = tdi_hcl_cur(b);
    if (ts_node_child_count(n) != 4 || !tdi_hcl_text_is(b, ts_node_child(n, 0), "jsonencode"))
        return TD_OK;
    TSNode args = ts_node_child(n, 2);
    uint32_t na = ts_node_child_count(args);
    if (ts_node_symbol(args) != b->sym->function_arguments || na < 1 || na > 2 ||
        ts_node_symbol(ts_node_child(args, 0)) != b->sym->expression ||
        (na == 2 && !tdi_hcl_text_is(b, ts_node_child(args, 1), ",")))
        return TD_OK;
    tdi_hcl_down(b, 2);
    tdi_hcl_down(b, 0);
    int err = tdi_hcl_value(b, depth, 1, v, vs, child);
    tdi_hcl_up(b, 2);
    return err;
}

/* -1, -1.5: a negative number, not an operation; NULL otherwise. */
static json_t *negative(tdi_hcl_build *b, TSNode op)
{
    TSNode u = ts_node_child(op, 0);
    if (ts_node_child_count(op) != 1 || ts_node_symbol(u) != b->sym->unary_operation ||
        ts_node_child_count(u) != 2 || !tdi_hcl_text_is(b, ts_node_child(u, 0), "-"))
        return NULL;
    TSNode lit = ts_node_child(u, 1);
    if (ts_node_symbol(lit) != b->sym->literal_value || ts_node_child_count(lit) != 1 ||
        ts_node_symbol(ts_node_child(lit, 0)) != b->sym->numeric_lit)
        return NULL;
    return number(b, tdi_hcl_span(b, lit), 1);
}

/* The value of a literal (a literal_value node's child). */
static int literal(tdi_hcl_build *b, TSNode c, tdi_span whole, json_t **v)
{
    TSSymbol s = ts_node_symbol(c);
    tdi_span sp = tdi_hcl_span(b, c);
    if (s == b->sym->numeric_lit) {
        *v = number(b, sp, 0);
        return *v ? TD_OK : b->buf.failed ? TD_ENOMEM : tdi_hcl_expression(b, whole, v);
    }
    if (s == b->sym->bool_lit)
        *v = json_boolean(b->src[sp.start] == 't');
    else if (s == b->sym->null_lit)
        *v = json_null();
    else if (s == b->sym->string_lit)
        return string_value(b, sp, v);
    else
        return tdi_hcl_expression(b, whole, v);
    return *v ? TD_OK : TD_ENOMEM;
}

/* The value of the expression at the cursor (the cursor is back at it on
 * return): *v, where it is written (*vs), and the object or array it is
 * (*child, NULL for a scalar). Parentheses and the nodes that only wrap
 * another are looked through. */
int tdi_hcl_value(tdi_hcl_build *b, size_t depth, int in_json, json_t **v, tdi_span *vs,
                  hcl_obj **child)
{
    tdi_span whole = tdi_hcl_span(b, tdi_hcl_cur(b)); /* the expression as written */
    const tdi_hcl_symbols *y = b->sym;
    unsigned downs = 0;
    int err = TD_OK;
    *v = NULL;
    *child = NULL;
    for (;;) {
        TSNode n = tdi_hcl_cur(b);
        TSSymbol s = ts_node_symbol(n);
        uint32_t nc = ts_node_child_count(n);
        *vs = tdi_hcl_span(b, n);
        if ((s == y->expression || s == y->literal_value || s == y->collection_value) && nc == 1) {
            if (s == y->literal_value) {
                err = literal(b, ts_node_child(n, 0), whole, v);
                break;
            }
            tdi_hcl_down(b, 0), downs++;
        } else if (s == y->expression && nc == 3 && tdi_hcl_text_is(b, ts_node_child(n, 0), "(") &&
                   tdi_hcl_text_is(b, ts_node_child(n, 2), ")")) {
            tdi_hcl_down(b, 1), downs++;
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
    tdi_hcl_up(b, downs);
    if (err != TD_OK) {
        json_decref(*v);
        *v = NULL;
    } else if (!*v) {
        *vs = whole;
        *child = NULL;
        err = tdi_hcl_expression(b, whole, v);
    }
    return err;
}
