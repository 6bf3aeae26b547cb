/* The location index: for each object and array of a document, where it and
 * each of its members are in the source. Nodes are addressed by pointer
 * (jansson's objects and arrays are never shared between parents in a tree we
 * build), members by key or index. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

void tdi_doc_init(tdi_doc *doc, tdi_format format)
{
    memset(doc, 0, sizeof *doc);
    doc->format = format;
    tdi_arena_init(&doc->arena);
}

void tdi_doc_free(tdi_doc *doc)
{
    if (!doc->tree_in_arena)
        json_decref(doc->root);
    doc->root = NULL;
    tdi_arena_free(&doc->arena);
    tdi_free(doc->table);
    doc->table = NULL;
    doc->table_cap = doc->table_len = 0;
    doc->last = NULL;
    tdi_free(doc->queue);
    doc->queue = NULL;
    doc->queue_head = doc->queue_len = doc->queue_cap = 0;
}

/* A slot of the hash: the record's address (its node is the key) with 3
 * bits of the node's hash in its low bits, which the record's alignment
 * leaves zero; 0 when empty. A probe follows a record only when those bits
 * match: the records are scattered through the arena, and reading each one
 * on the way would miss the cache once per slot. */
struct tdi_doc_slot {
    uintptr_t v;
};

#define TAG_MASK ((uintptr_t)7)

/* records are allocated at this alignment, which leaves the tag's bits zero */
#define REC_ALIGN (TAG_MASK + 1)
_Static_assert(_Alignof(tdi_nodeloc) <= REC_ALIGN, "a record fits the alignment");

static uint64_t hash_of(const json_t *node)
{
    uint64_t k = (uintptr_t)node;
    k ^= k >> 17;
    return k * 0x9E3779B97F4A7C15ULL;
}

static size_t slot_of(uint64_t h, size_t cap)
{
    return (size_t)(h >> 11) & (cap - 1);
}

static uintptr_t tag_of(uint64_t h)
{
    return (uintptr_t)(h >> 61);
}

static tdi_nodeloc *slot_loc(struct tdi_doc_slot s)
{
    return (tdi_nodeloc *)(s.v & ~TAG_MASK);
}

static int table_grow(tdi_doc *doc)
{
    size_t ncap = doc->table_cap ? doc->table_cap * 2 : 64;
    struct tdi_doc_slot *nt = tdi_calloc(ncap, sizeof *nt);
    if (!nt)
        return TD_ENOMEM;
    for (size_t i = 0; i < doc->table_cap; i++) {
        if (!doc->table[i].v)
            continue;
        size_t s = slot_of(hash_of(slot_loc(doc->table[i])->node), ncap);
        while (nt[s].v)
            s = (s + 1) & (ncap - 1);
        nt[s] = doc->table[i];
    }
    tdi_free(doc->table);
    doc->table = nt;
    doc->table_cap = ncap;
    return TD_OK;
}

/* Makes room for one more record. */
static int table_room(tdi_doc *doc)
{
    /* grown past 7/8 full: a probe reads 8-byte slots in a row and follows a
     * record only when 3 bits of the hash match, so a long run costs little,
     * while a table twice the size (and, while it grows, both) would cost the
     * biggest JSON file 4 MiB of its memory target's margin */
    if ((doc->table_len + 1) * 8 > doc->table_cap * 7)
        return table_grow(doc);
    return TD_OK;
}

/* Files e under its node, in place of the record the node had; there is room. */
static void table_put(tdi_doc *doc, tdi_nodeloc *e)
{
    doc->last = NULL;
    uint64_t h = hash_of(e->node);
    uintptr_t tag = tag_of(h);
    size_t s = slot_of(h, doc->table_cap);
    while (doc->table[s].v &&
           ((doc->table[s].v & TAG_MASK) != tag || slot_loc(doc->table[s])->node != e->node))
        s = (s + 1) & (doc->table_cap - 1);
    if (!doc->table[s].v)
        doc->table_len++;
    doc->table[s].v = (uintptr_t)e | tag;
}

static tdi_nodeloc *doc_insert(tdi_doc *doc, const json_t *node, tdi_span span, size_t n)
{
    if (table_room(doc) < 0)
        return NULL;
    size_t room = n == TDI_PENDING ? 0 : n;
    if (room > (SIZE_MAX - sizeof(tdi_nodeloc)) / sizeof(tdi_member))
        return NULL;
    /* the record and its members in one block */
    tdi_nodeloc *e =
        tdi_arena_alloc_raw(&doc->arena, sizeof *e + room * sizeof(tdi_member), REC_ALIGN);
    if (!e)
        return NULL;
    if (room)
        memset(e + 1, 0, room * sizeof(tdi_member));
    e->members = n && n != TDI_PENDING ? (tdi_member *)(e + 1) : NULL;
    e->node = node;
    e->span = span;
    e->n = n;
    table_put(doc, e);
    return e;
}

tdi_nodeloc *tdi_doc_add(tdi_doc *doc, const json_t *node, tdi_span span, size_t n)
{
    return doc_insert(doc, node, span, n);
}

tdi_nodeloc *tdi_doc_add_pending(tdi_doc *doc, const json_t *node, tdi_span span)
{
    if (tdi_grow((void **)&doc->queue, &doc->queue_cap, doc->queue_len + 1, sizeof *doc->queue) < 0)
        return NULL;
    tdi_nodeloc *e = doc_insert(doc, node, span, TDI_PENDING);
    if (e)
        doc->queue[doc->queue_len++] = e;
    return e;
}

static tdi_nodeloc *find(const tdi_doc *doc, const json_t *node)
{
    const struct tdi_doc_slot *table = doc->table;
    size_t cap = doc->table_cap;
    if (!cap)
        return NULL;
    uint64_t h = hash_of(node);
    uintptr_t tag = tag_of(h);
    size_t s = slot_of(h, cap);
    while (table[s].v) {
        if ((table[s].v & TAG_MASK) == tag && slot_loc(table[s])->node == node)
            return slot_loc(table[s]);
        s = (s + 1) & (cap - 1);
    }
    return NULL;
}

static int expand(tdi_doc *doc, tdi_nodeloc *e)
{
    int err = doc->expand ? doc->expand(doc, e) : TD_EINVAL;
    if (err == TD_ENOMEM)
        doc->index_err = TD_ENOMEM;
    return err;
}

/* The index fills itself as it is read: the document is const to its
 * readers, its index is not. A record is scanned when first asked for; a
 * node whose record is not known yet (a reader went down the tree without
 * asking about the levels above it) is found by scanning the pending
 * records in the order they were added, breadth first, until it appears:
 * at worst once through the document. */
const tdi_nodeloc *tdi_doc_node(const tdi_doc *doc, const json_t *node)
{
    if (!doc->table_cap || !node)
        return NULL;
    tdi_doc *d = (tdi_doc *)doc;
    if (d->last && d->last->node == node)
        return d->last;
    tdi_nodeloc *e = find(doc, node);
    while (!e && d->queue_head < d->queue_len) {
        tdi_nodeloc *q = d->queue[d->queue_head++];
        if (q->n == TDI_PENDING && expand(d, q) < 0)
            return NULL;
        e = find(doc, node);
    }
    if (e && e->n == TDI_PENDING && expand(d, e) < 0)
        return NULL;
    d->last = e;
    return e;
}

static size_t remap_one(const size_t *map, size_t n, size_t o)
{
    return map[o < n ? o : n];
}

static tdi_span remap_span(const size_t *map, size_t n, tdi_span s)
{
    return (tdi_span){remap_one(map, n, s.start), remap_one(map, n, s.end)};
}

/* Maps every span of doc through map, or moves it by base when map is NULL,
 * once every pending record is scanned (the scan reads the source at the
 * spans as they are). */
static int move_spans(tdi_doc *doc, const size_t *map, size_t n, size_t base)
{
    while (doc->queue_head < doc->queue_len) {
        tdi_nodeloc *q = doc->queue[doc->queue_head++];
        if (q->n == TDI_PENDING) {
            int err = expand(doc, q);
            if (err < 0)
                return err;
        }
    }
#define MOVE(s) ((s) = map ? remap_span(map, n, (s)) : (tdi_span){(s).start + base, (s).end + base})
    for (size_t i = 0; i < doc->table_cap; i++) {
        if (!doc->table[i].v)
            continue;
        tdi_nodeloc *e = slot_loc(doc->table[i]);
        MOVE(e->span);
        if (e->n == TDI_PENDING) /* its scan failed (out of memory): no member to map */
            continue;
        for (size_t k = 0; k < e->n; k++) {
            MOVE(e->members[k].key_span);
            MOVE(e->members[k].value_span);
        }
    }
    MOVE(doc->root_span);
#undef MOVE
    return TD_OK;
}

int tdi_doc_remap(tdi_doc *doc, const size_t *map, size_t n)
{
    return move_spans(doc, map, n, 0);
}

int tdi_doc_shift(tdi_doc *doc, size_t base)
{
    int err = move_spans(doc, NULL, 0, base);
    if (err == TD_OK)
        doc->base = base;
    return err;
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

const char *tdi_json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "a mapping";
    case JSON_ARRAY:
        return "a list";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
    default:
        return "null";
    }
}
