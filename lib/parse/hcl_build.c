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

#include <string.h>

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
        TSSymbol s = ts_node_symbol(tdi_hcl_cur(b));
        if (s == b->sym->identifier && ks.end == 0)
            ks = tdi_hcl_span(b, tdi_hcl_cur(b));
        else if (s == b->sym->expression && !v)
            err = tdi_hcl_value(b, o->depth, 0, &v, &vs, &child);
    } while (err == TD_OK && ts_tree_cursor_goto_next_sibling(b->cursor));
    tdi_hcl_up(b, 1);
    char *key = err == TD_OK && v ? tdi_strndup(b->src + ks.start, ks.end - ks.start) : NULL;
    if (err == TD_OK && v && !key)
        err = TD_ENOMEM;
    hcl_member *old = key ? tdi_hcl_find(o, key) : NULL;
    if (old) {
        b->buf.len = 0;
        tdi_buf_puts(&b->buf, "attribute ");
        tdi_buf_quoted(&b->buf, key, strlen(key), TDI_QUOTE_MAX);
        err = tdi_hcl_duplicate(b, o, old, ks, TDI_HCL_BODY_TAIL);
    }
    if (err == TD_OK && key)
        err = tdi_hcl_add(o, key, ks, vs, v, child);
    else
        json_decref(v);
    tdi_free(key);
    return err;
}

/* The name a block's type or label at span gives its level: a label's
 * string decoded. tdi_malloc'd in *name; TDI_HCL_STOP for a label JSON cannot hold. */
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
        return err < 0 ? err : TDI_HCL_STOP;
    }
    if (err == TD_EINVAL) {
        err = tdi_loaded_fail(b->out, TDI_LOAD_SYNTAX, sp.start, sp.end,
                              "HCL syntax error: a block label that is not a string");
        return err < 0 ? err : TDI_HCL_STOP;
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
    hcl_member *old = tdi_hcl_find(o, name);
    if (old && old->child && old->child->kind == kind && kind != TDI_HCL_BODY) {
        *next = old->child;
        tdi_free(name);
        return TD_OK;
    }
    if (old) {
        block_words(b);
        err = tdi_hcl_duplicate(b, o, old, b->labels[i], TDI_HCL_BODY_TAIL);
    }
    hcl_obj *x = NULL;
    if (err == TD_OK)
        err = tdi_hcl_obj_new(b, kind, kind == TDI_HCL_BLOCKS, kind == TDI_HCL_BODY ? vs : block,
                              o->depth + 1, &x);
    if (err == TD_OK)
        err = tdi_hcl_add(o, name, b->labels[i], kind == TDI_HCL_BODY ? vs : block,
                          json_incref(x->json), x);
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
        int kind = !last ? TDI_HCL_LABELS : arr ? TDI_HCL_BLOCKS : TDI_HCL_BODY;
        err = level(b, lv, i, kind, block, body_span, &lv);
    }
    if (err)
        return err;
    json_t *v;
    if (dyn) {
        err = tdi_hcl_expression(b, block, &v);
        return err ? err : tdi_hcl_add(lv, NULL, block, block, v, NULL);
    }
    if (arr) {
        hcl_obj *x;
        err = tdi_hcl_obj_new(b, TDI_HCL_BODY, 0, body_span, lv->depth + 1, &x);
        if (err == TD_OK)
            err = tdi_hcl_add(lv, NULL, block, block, json_incref(x->json), x);
        lv = x;
    }
    *target = lv;
    return err;
}

/* The block at the cursor, into body o. */
static int block(tdi_hcl_build *b, hcl_obj *o)
{
    tdi_span sp = tdi_hcl_span(b, tdi_hcl_cur(b));
    hcl_obj *target = NULL;
    int err = TD_OK, placed = 0;
    b->nlabels = 0;
    if (!ts_tree_cursor_goto_first_child(b->cursor))
        return TD_OK;
    do {
        TSNode n = tdi_hcl_cur(b);
        TSSymbol s = ts_node_symbol(n);
        if (!placed && (s == b->sym->identifier || s == b->sym->string_lit)) {
            if (tdi_grow((void **)&b->labels, &b->labels_cap, b->nlabels + 1, sizeof *b->labels) <
                0)
                err = TD_ENOMEM;
            else
                b->labels[b->nlabels++] = tdi_hcl_span(b, n);
        } else if (!placed && s == b->sym->block_start) {
            placed = 1;
            tdi_span body_span = {tdi_hcl_span(b, n).start, sp.end};
            if (b->nlabels > 0)
                err = block_target(b, o, sp, body_span, &target);
        } else if (s == b->sym->body && target) {
            err = body(b, target);
        }
    } while (err == TD_OK && ts_tree_cursor_goto_next_sibling(b->cursor));
    tdi_hcl_up(b, 1);
    return err;
}

/* The body at the cursor, into o. */
static int body(tdi_hcl_build *b, hcl_obj *o)
{
    int err = TD_OK;
    if (!ts_tree_cursor_goto_first_child(b->cursor))
        return TD_OK;
    do {
        TSSymbol s = ts_node_symbol(tdi_hcl_cur(b));
        if (s == b->sym->attribute)
            err = attribute(b, o);
        else if (s == b->sym->block)
            err = block(b, o);
    } while (err == TD_OK && ts_tree_cursor_goto_next_sibling(b->cursor));
    tdi_hcl_up(b, 1);
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
            if (m->child->kind == TDI_HCL_BLOCKS) /* its blocks, first to last */
                m->value_span = m->child->span;
        }
        /* a level's value, the block, starts at its label: after the key */
        if (m->value_span.start < m->key_span.start)
            m->value_span.start = m->key_span.start;
        if (o->kind == TDI_HCL_BLOCKS) {
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
    int err = tdi_hcl_obj_new(b, TDI_HCL_BODY, 0, doc->root_span, 1, &root);
    if (err)
        return err < 0 ? err : TD_OK;
    doc->root = json_incref(root->json);
    if (ts_tree_cursor_goto_first_child(b->cursor)) { /* the file: comments and a body */
        do {
            TSSymbol s = ts_node_symbol(tdi_hcl_cur(b));
            if (s == b->sym->body) {
                err = body(b, root);
            } else if (s == b->sym->object) { /* the grammar takes one; Terraform does not */
                tdi_span sp = tdi_hcl_span(b, tdi_hcl_cur(b));
                err = tdi_loaded_fail(b->out, TDI_LOAD_SYNTAX, sp.start, sp.start + 1,
                                      "HCL syntax error: unexpected '{': a .tf file holds "
                                      "attributes and blocks (JSON goes in a .tf.json file)");
            }
        } while (err == TD_OK && b->out->status == TDI_LOAD_OK &&
                 ts_tree_cursor_goto_next_sibling(b->cursor));
        tdi_hcl_up(b, 1);
    }
    if (err == TD_OK && b->out->status == TDI_LOAD_OK)
        b->root = root;
    return err < 0 ? err : TD_OK;
}

int tdi_hcl_build_index(tdi_hcl_build *b)
{
    return b->root ? emit(b, b->root) : TD_OK;
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
