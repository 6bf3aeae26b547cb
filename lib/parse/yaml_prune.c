/* YAML: a pruned value's events. What a pruned load does not build is still
 * checked as a whole load checks it (duplicate keys, keys that are
 * collections, depth, aliases), so that a file is rejected with the same
 * error either way; only what those checks need is kept: the keys of each
 * open mapping and the anchors. */
#include "yaml.h"

#include <string.h>

static int key_matches(const tdi_yaml_builder *b, size_t k, const char *sv, size_t n, size_t h)
{
    const tdi_yaml_pkey *key = &b->keys[k];
    return key->hash == h && key->len == n && memcmp(b->ktext + key->off, sv, n) == 0;
}

/* The index in keys of p's key sv, or SIZE_MAX. */
static size_t find_key(const tdi_yaml_builder *b, const tdi_yaml_pframe *p, const char *sv,
                       size_t n, size_t h)
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

static void index_put(tdi_yaml_pframe *p, const tdi_yaml_pkey *keys, size_t k)
{
    size_t i = keys[k].hash & (p->index_cap - 1);
    while (p->index[i])
        i = (i + 1) & (p->index_cap - 1);
    p->index[i] = k + 1;
}

/* Adds the last key of keys to p's hash, which p gets at 16 keys (a scan of
 * the keys for each new one is quadratic in big mappings). */
static void index_key(tdi_yaml_builder *b, tdi_yaml_pframe *p)
{
    size_t n = b->nkeys - p->kbase;
    if (!p->index && n < 16)
        return;
    if (!p->index || n * 4 > p->index_cap * 3) {
        size_t cap = p->index_cap ? p->index_cap * 2 : 64;
        size_t *t = tdi_calloc(cap, sizeof *t);
        if (!t) {
            b->err = TD_ENOMEM;
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
static void prune_deliver(tdi_yaml_builder *b, tdi_span span, int is_scalar, int coll,
                          const char *sv, size_t svlen)
{
    if (b->npf == 0) { /* the pruned value, whole */
        tdi_yaml_add_node(b, json_null(), span, 1, "", 0);
        return;
    }
    tdi_yaml_pframe *p = &b->pf[b->npf - 1];
    if (p->is_map && !p->pending) {
        if (!is_scalar) {
            tdi_yaml_fail_collection_key(b, span);
            return;
        }
        size_t h = (size_t)tdi_hash64(sv, svlen, 0);
        size_t dup = find_key(b, p, sv, svlen, h);
        if (dup != SIZE_MAX) { /* reported; the key is kept again, as a whole load keeps it */
            tdi_yaml_duplicate(b, span, sv, svlen, b->keys[dup].at);
            if (b->err)
                return;
        }
        if (tdi_grow((void **)&b->keys, &b->keys_cap, b->nkeys + 1, sizeof *b->keys) < 0 ||
            tdi_grow((void **)&b->ktext, &b->ktext_cap, b->ktext_len + svlen + 1, 1) < 0) {
            b->err = TD_ENOMEM;
            return;
        }
        b->keys[b->nkeys] = (tdi_yaml_pkey){b->ktext_len, svlen, span.start, h};
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
        const tdi_yaml_pkey *k = &b->keys[b->nkeys - 1];
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

void tdi_yaml_prune_open(tdi_yaml_builder *b, int is_map, const yaml_event_t *e)
{
    if (tdi_yaml_too_deep(b, e))
        return;
    if (tdi_grow((void **)&b->pf, &b->pf_cap, b->npf + 1, sizeof *b->pf) < 0) {
        b->err = TD_ENOMEM;
        return;
    }
    tdi_yaml_pframe *p = &b->pf[b->npf];
    memset(p, 0, sizeof *p);
    p->is_map = is_map;
    const yaml_char_t *anc = is_map ? e->data.mapping_start.anchor : e->data.sequence_start.anchor;
    if (anc && !(p->anchor = tdi_strdup((const char *)anc))) {
        b->err = TD_ENOMEM;
        return;
    }
    p->start = tdi_yaml_byte_at(b, e->start_mark.index);
    p->last_end = tdi_yaml_byte_at(b, e->end_mark.index);
    p->first_key = SIZE_MAX;
    p->kbase = b->nkeys;
    if (b->npf++ == 0)
        b->npruned++;
}

void tdi_yaml_pframe_end(tdi_yaml_builder *b, tdi_yaml_pframe *p)
{
    if (p->kbase < b->nkeys) {
        b->ktext_len = b->keys[p->kbase].off;
        b->nkeys = p->kbase;
    }
    tdi_free(p->index);
    tdi_free(p->anchor);
}

void tdi_yaml_prune_close(tdi_yaml_builder *b, const yaml_event_t *e)
{
    tdi_yaml_pframe *p = &b->pf[b->npf - 1];
    tdi_span span = tdi_yaml_collection_span(b, e, p->is_map, p->start, p->first_key, p->last_end);
    char *anc = p->anchor;
    p->anchor = NULL;
    tdi_yaml_pframe_end(b, p);
    b->npf--;
    if (anc)
        tdi_yaml_anchor_add(b, anc, NULL, 1, 1);
    tdi_free(anc);
    prune_deliver(b, span, 0, 1, NULL, 0);
}

void tdi_yaml_prune_scalar(tdi_yaml_builder *b, const yaml_event_t *e)
{
    const char *v = (const char *)e->data.scalar.value;
    size_t n = e->data.scalar.length;
    tdi_span span = tdi_yaml_scalar_span(b, e);
    const tdi_yaml_pframe *p = &b->pf[b->npf - 1];
    if (p->is_map && !p->pending) { /* a key: its text as written */
        prune_deliver(b, span, 1, 0, v, n);
        return;
    }
    int coll = tdi_yaml_function((const char *)e->data.scalar.tag) != NULL;
    if (e->data.scalar.anchor) { /* an alias elsewhere may need it: built */
        json_t *x = tdi_yaml_scalar(b->doc, e, span);
        if (!x) {
            b->err = TD_ENOMEM;
            return;
        }
        tdi_yaml_anchor_add(b, (const char *)e->data.scalar.anchor, x, coll, 0);
        json_decref(x);
    }
    prune_deliver(b, span, 1, coll, v, n);
}

void tdi_yaml_prune_alias(tdi_yaml_builder *b, const yaml_event_t *e)
{
    tdi_span span = {tdi_yaml_byte_at(b, e->start_mark.index),
                     tdi_yaml_byte_at(b, e->end_mark.index)};
    const tdi_yaml_anchor *a = tdi_yaml_alias_target(b, e, span);
    if (!a)
        return;
    int coll = a->node ? json_is_object(a->node) || json_is_array(a->node) : a->is_coll;
    const char *sv = json_is_string(a->node) ? json_string_value(a->node) : "";
    size_t svlen = json_is_string(a->node) ? json_string_length(a->node) : 0;
    prune_deliver(b, span, !coll, coll, sv, svlen);
}
