/* The location index: for each object and array of a document, where it and
 * each of its members are in the source. Nodes are addressed by pointer
 * (jansson's objects and arrays are never shared between parents in a tree we
 * build), members by key or index. */
#include "internal.h"

#include <string.h>

void tdi_doc_init(tdi_doc *doc, tdi_format format)
{
    memset(doc, 0, sizeof *doc);
    doc->format = format;
    tdi_arena_init(&doc->arena);
}

void tdi_doc_free(tdi_doc *doc)
{
    json_decref(doc->root);
    doc->root = NULL;
    tdi_arena_free(&doc->arena);
    tdi_free(doc->table);
    doc->table = NULL;
    doc->table_cap = doc->table_len = 0;
}

/* A slot of the hash: the key kept beside the record, so that probing reads
 * no record. */
struct tdi_doc_slot {
    const json_t *node; /* NULL: empty */
    tdi_nodeloc *loc;
};

static size_t slot_of(const json_t *node, size_t cap)
{
    uintptr_t k = (uintptr_t)node;
    k ^= k >> 17;
    k *= 0x9E3779B97F4A7C15ULL;
    return (size_t)(k >> 11) & (cap - 1);
}

static int table_grow(tdi_doc *doc)
{
    size_t ncap = doc->table_cap ? doc->table_cap * 2 : 64;
    struct tdi_doc_slot *nt = tdi_calloc(ncap, sizeof *nt);
    if (!nt)
        return TD_ENOMEM;
    for (size_t i = 0; i < doc->table_cap; i++) {
        if (!doc->table[i].node)
            continue;
        size_t s = slot_of(doc->table[i].node, ncap);
        while (nt[s].node)
            s = (s + 1) & (ncap - 1);
        nt[s] = doc->table[i];
    }
    tdi_free(doc->table);
    doc->table = nt;
    doc->table_cap = ncap;
    return TD_OK;
}

tdi_nodeloc *tdi_doc_add(tdi_doc *doc, const json_t *node, tdi_span span, size_t n)
{
    if ((doc->table_len + 1) * 4 > doc->table_cap * 3 && table_grow(doc) < 0)
        return NULL;
    if (n > (SIZE_MAX - sizeof(tdi_nodeloc)) / sizeof(tdi_member))
        return NULL;
    /* the record and its members in one block */
    tdi_nodeloc *e = tdi_arena_alloc(&doc->arena, sizeof *e + n * sizeof(tdi_member));
    if (!e)
        return NULL;
    e->members = n ? (tdi_member *)(e + 1) : NULL;
    e->node = node;
    e->span = span;
    e->n = n;
    size_t s = slot_of(node, doc->table_cap);
    while (doc->table[s].node && doc->table[s].node != node)
        s = (s + 1) & (doc->table_cap - 1);
    if (!doc->table[s].node)
        doc->table_len++;
    doc->table[s].node = node;
    doc->table[s].loc = e;
    return e;
}

const tdi_nodeloc *tdi_doc_node(const tdi_doc *doc, const json_t *node)
{
    if (!doc->table_cap || !node)
        return NULL;
    size_t s = slot_of(node, doc->table_cap);
    while (doc->table[s].node) {
        if (doc->table[s].node == node)
            return doc->table[s].loc;
        s = (s + 1) & (doc->table_cap - 1);
    }
    return NULL;
}

const tdi_member *tdi_doc_member(const tdi_doc *doc, const json_t *obj, const char *key)
{
    const tdi_nodeloc *e = tdi_doc_node(doc, obj);
    if (!e)
        return NULL;
    for (size_t i = 0; i < e->n; i++)
        if (e->members[i].key && strcmp(e->members[i].key, key) == 0)
            return &e->members[i];
    return NULL;
}

const tdi_member *tdi_doc_element(const tdi_doc *doc, const json_t *arr, size_t i)
{
    const tdi_nodeloc *e = tdi_doc_node(doc, arr);
    if (!e || i >= e->n)
        return NULL;
    return &e->members[i];
}

tdi_span tdi_doc_value_span(const tdi_doc *doc, const json_t *parent, const char *key, size_t i)
{
    const tdi_member *m = key ? tdi_doc_member(doc, parent, key) : tdi_doc_element(doc, parent, i);
    if (m)
        return m->value_span;
    const tdi_nodeloc *e = tdi_doc_node(doc, parent);
    if (e)
        return e->span;
    return doc->root_span;
}
