/* YAML: libyaml's event API builds the same json_t tree as JSON, with the
 * location index filled from libyaml's marks as the tree grows
 * (yaml_build.c); scalars are typed and CloudFormation's short-form tags
 * become long forms (yaml_scalar.c).
 *
 * A pruned load (tdi_load_options.prune, what linting uses) builds only the
 * values the policy asks for: any other value is null in the tree, or with
 * its key left out, while its events are still checked as a whole load
 * checks them (yaml_prune.c). If an alias outside a pruned value names an
 * anchor on a pruned value, or on a node with one inside, the document is
 * loaded again whole. */
#include "yaml.h"

#include <string.h>

/* A value the policy does not want built. */
static int pruned(int role)
{
    return role == TDI_ROLE_NULL || role == TDI_ROLE_DROP;
}

static void on_scalar(tdi_yaml_builder *b, const yaml_event_t *e)
{
    if (b->npf) {
        tdi_yaml_prune_scalar(b, e);
        return;
    }
    const char *v = (const char *)e->data.scalar.value;
    size_t n = e->data.scalar.length;
    tdi_span span = tdi_yaml_scalar_span(b, e);
    tdi_yaml_frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;
    if (f && f->is_map && !f->key) { /* a key: its text as written */
        tdi_yaml_add_node(b, json_null(), span, 1, v, n);
        return;
    }
    /* an anchored scalar is built: an alias elsewhere may need it */
    if (pruned(tdi_yaml_value_role(b)) && !e->data.scalar.anchor) {
        b->npruned++;
        tdi_yaml_add_node(b, json_null(), span, 1, "", 0);
        return;
    }
    json_t *x = tdi_yaml_scalar(b->doc, e, span);
    if (x && e->data.scalar.anchor)
        tdi_yaml_anchor_add(b, (const char *)e->data.scalar.anchor, x, 0, 0);
    tdi_yaml_add_node(b, x, span, 1, v, n);
}

static void on_alias(tdi_yaml_builder *b, const yaml_event_t *e)
{
    if (b->npf) {
        tdi_yaml_prune_alias(b, e);
        return;
    }
    tdi_span span = {tdi_yaml_byte_at(b, e->start_mark.index),
                     tdi_yaml_byte_at(b, e->end_mark.index)};
    const tdi_yaml_anchor *a = tdi_yaml_alias_target(b, e, span);
    if (!a)
        return;
    if (pruned(tdi_yaml_value_role(b))) {
        b->npruned++;
        tdi_yaml_add_node(b, json_null(), span, 1, "", 0);
        return;
    }
    if (a->pruned) { /* the node is not all there */
        b->restart = 1;
        return;
    }
    json_t *node = a->node;
    const char *sv = json_is_string(node) ? json_string_value(node) : "";
    size_t svlen = json_is_string(node) ? json_string_length(node) : 0;
    tdi_yaml_add_node(b, json_incref(node), span, !json_is_object(node) && !json_is_array(node), sv,
                      svlen);
}

static void on_open(tdi_yaml_builder *b, int is_map, const yaml_event_t *e)
{
    int role = b->npf ? TDI_ROLE_NULL : tdi_yaml_value_role(b);
    if (pruned(role))
        tdi_yaml_prune_open(b, is_map, e);
    else
        tdi_yaml_open(b, is_map, e, role);
}

static void reset_builder(tdi_yaml_builder *b)
{
    while (b->npf > 0)
        tdi_yaml_pframe_end(b, &b->pf[--b->npf]);
    while (b->depth > 0)
        tdi_yaml_frame_end(&b->stack[--b->depth]);
    for (size_t i = 0; i < b->nanchors; i++) {
        tdi_free(b->anchors[i].name);
        json_decref(b->anchors[i].node);
    }
    b->nanchors = 0;
}

static int start_document(tdi_yaml_builder *b)
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

static void parser_error(tdi_yaml_builder *b, yaml_parser_t *p)
{
    size_t at;
    if (p->error == YAML_READER_ERROR)
        at = b->base + (p->problem_offset < b->len ? p->problem_offset : b->len);
    else
        at = tdi_yaml_byte_at(b, p->problem_mark.index);
    tdi_buf m;
    tdi_buf_init(&m);
    tdi_buf_puts(&m, p->problem ? p->problem : "syntax error");
    if (p->context) {
        tdi_buf_puts(&m, " ");
        tdi_buf_puts(&m, p->context);
    }
    if (m.failed)
        b->err = TD_ENOMEM;
    else
        tdi_yaml_fail(b, TDI_LOAD_SYNTAX, (tdi_span){at, at}, "invalid YAML: ", m.data, m.len, "");
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

static void on_event(tdi_yaml_builder *b, const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (start_document(b) < 0)
            b->err = TD_ENOMEM;
        break;
    case YAML_DOCUMENT_END_EVENT:
        reset_builder(b);
        break;
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT:
        on_open(b, e->type == YAML_MAPPING_START_EVENT, e);
        break;
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        if (b->npf)
            tdi_yaml_prune_close(b, e);
        else if (b->depth)
            tdi_yaml_close(b, e);
        break;
    case YAML_SCALAR_EVENT:
        on_scalar(b, e);
        break;
    case YAML_ALIAS_EVENT:
        on_alias(b, e);
        break;
    default:
        break;
    }
}

/* One pass over the stream, pruned as prune says (NULL: whole); *restart is
 * set when an alias needs a pruned node. */
static int load(const char *text, size_t len, size_t base, tdi_loaded *out, const tdi_prune *prune,
                int *restart)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return TD_ENOMEM;
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    tdi_yaml_builder b;
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
                b.err = TD_ENOMEM;
            else
                parser_error(&b, &p);
            break;
        }
        done = e.type == YAML_STREAM_END_EVENT;
        on_event(&b, &e);
        yaml_event_delete(&e);
    }
    reset_builder(&b);
    tdi_json_arena_end();
    for (size_t i = 0; i < b.stack_cap; i++) {
        tdi_free(b.stack[i].m);
        tdi_free(b.stack[i].merges);
        tdi_free(b.stack[i].dropped);
        tdi_free(b.stack[i].dtext);
        tdi_free(b.stack[i].kidx);
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
    int restart = 0;
    int err = load(text, len, base, out, out->opt.prune, &restart);
    if (err == TD_OK && restart) {
        tdi_loaded_drop_docs(out);
        err = load(text, len, base, out, NULL, &restart);
    }
    return err;
}
