/* The objects and arrays of the HCL tree while it is built (hcl_build.c,
 * hcl_value.c): made, filled, their duplicates reported. */
#include "hcl.h"

#include <string.h>

int tdi_hcl_obj_new(tdi_hcl_build *b, int kind, int array, tdi_span span, size_t depth, hcl_obj **o)
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
        return err < 0 ? err : TDI_HCL_STOP;
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
int tdi_hcl_add(hcl_obj *o, const char *key, tdi_span ks, tdi_span vs, json_t *v, hcl_obj *child)
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
hcl_member *tdi_hcl_find(hcl_obj *o, const char *key)
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
int tdi_hcl_duplicate(tdi_hcl_build *b, hcl_obj *o, hcl_member *m, tdi_span at, const char *tail)
{
    size_t also = m->key_span.start;
    drop(o, m);
    if (b->buf.failed)
        return TD_ENOMEM;
    return tdi_loaded_duplicate_tail(b->out, at.start, at.end, also, tail, "duplicate %s",
                                     b->buf.data);
}

/* The string "${TEXT}" of the expression written at span. */
int tdi_hcl_expression(tdi_hcl_build *b, tdi_span span, json_t **v)
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
