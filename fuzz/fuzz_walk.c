/* Loading plus a walk over the location index: see fuzz_walk.h. */
#include "fuzz_walk.h"

#include "fuzz.h"

#include <string.h>

/* The containers already walked: an alias shares its anchor's node, and a
 * document of many aliases to aliases would take exponential time otherwise. */
typedef struct {
    const json_t **slot;
    size_t cap, len;
} seen_set;

static size_t seen_hash(const json_t *node, size_t cap)
{
    return (size_t)(((uintptr_t)node >> 4) * 0x9E3779B97F4A7C15u) & (cap - 1);
}

/* 1 when node was not seen before (and is now), 0 when it was. */
static int seen_add(seen_set *s, const json_t *node)
{
    if (2 * (s->len + 1) > s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        const json_t **slot = calloc(cap, sizeof *slot);
        FUZZ_CHECK(slot != NULL);
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i]) {
                size_t h = seen_hash(s->slot[i], cap);
                while (slot[h])
                    h = (h + 1) & (cap - 1);
                slot[h] = s->slot[i];
            }
        free(s->slot);
        s->slot = slot;
        s->cap = cap;
    }
    size_t h = seen_hash(node, s->cap);
    while (s->slot[h]) {
        if (s->slot[h] == node)
            return 0;
        h = (h + 1) & (s->cap - 1);
    }
    s->slot[h] = node;
    s->len++;
    return 1;
}

static void check_span(const tdi_source *src, tdi_span span, size_t size)
{
    FUZZ_CHECK(span.start <= span.end);
    FUZZ_CHECK(span.end <= size);
    td_position a = tdi_source_position(src, span.start);
    td_position b = tdi_source_position(src, span.end);
    FUZZ_CHECK(a.line >= 1 && a.column >= 1 && b.line >= 1 && b.column >= 1);
    FUZZ_CHECK(a.offset <= b.offset);
    FUZZ_CHECK(a.line < b.line || (a.line == b.line && a.column <= b.column));
}

static void walk(const tdi_doc *doc, const tdi_source *src, size_t size, const json_t *node,
                 seen_set *seen)
{
    if (!json_is_object(node) && !json_is_array(node))
        return;
    if (!seen_add(seen, node))
        return;
    const tdi_nodeloc *loc = tdi_doc_node(doc, node);
    FUZZ_CHECK(loc != NULL);
    FUZZ_CHECK(loc->node == node);
    check_span(src, loc->span, size);
    if (json_is_array(node)) {
        FUZZ_CHECK(loc->n == json_array_size(node));
        for (size_t i = 0; i < loc->n; i++) {
            const tdi_member *m = &loc->members[i];
            FUZZ_CHECK(m->key == NULL);
            FUZZ_CHECK(m->key_span.start == m->value_span.start &&
                       m->key_span.end == m->value_span.end);
            check_span(src, m->value_span, size);
            FUZZ_CHECK(tdi_doc_element(doc, node, i) == m);
            tdi_span v = tdi_doc_value_span(doc, node, NULL, i);
            FUZZ_CHECK(v.start == m->value_span.start && v.end == m->value_span.end);
            walk(doc, src, size, json_array_get(node, i), seen);
        }
        FUZZ_CHECK(tdi_doc_element(doc, node, loc->n) == NULL);
    } else {
        FUZZ_CHECK(loc->n == json_object_size(node));
        for (size_t i = 0; i < loc->n; i++) {
            const tdi_member *m = &loc->members[i];
            FUZZ_CHECK(m->key != NULL);
            const json_t *value = json_object_get(node, m->key);
            FUZZ_CHECK(value != NULL);
            check_span(src, m->key_span, size);
            check_span(src, m->value_span, size);
            FUZZ_CHECK(m->key_span.start <= m->value_span.start);
            FUZZ_CHECK(tdi_doc_member(doc, node, m->key) == m);
            tdi_span v = tdi_doc_value_span(doc, node, m->key, 0);
            FUZZ_CHECK(v.start == m->value_span.start && v.end == m->value_span.end);
            walk(doc, src, size, value, seen);
        }
    }
}

void fuzz_check_loaded(const tdi_loaded *l, const tdi_source *src, size_t size)
{
    if (l->status != TDI_LOAD_OK) {
        FUZZ_CHECK(l->error != NULL && l->error[0] != '\0');
        FUZZ_CHECK(strchr(l->error, '\n') == NULL);
        tdi_span e = {l->error_start, l->error_end};
        check_span(src, e, size);
        return;
    }
    FUZZ_CHECK(l->error == NULL);
    for (size_t i = 0; i < l->nissues; i++)
        check_span(src, (tdi_span){l->issues[i].start, l->issues[i].end}, size);
    seen_set seen = {NULL, 0, 0};
    for (size_t d = 0; d < l->ndocs; d++) {
        const tdi_doc *doc = &l->docs[d];
        FUZZ_CHECK(doc->root != NULL);
        check_span(src, doc->root_span, size);
        walk(doc, src, size, doc->root, &seen);
        if (seen.slot)
            memset(seen.slot, 0, seen.cap * sizeof *seen.slot);
        seen.len = 0;
    }
    free(seen.slot);
}

void fuzz_load_and_walk(const uint8_t *data, size_t size)
{
    tdi_loaded l;
    int err = tdi_load((const char *)data, size, NULL, &l);
    if (err == TD_OK)
        fuzz_check_loaded(&l, &l.src, size);
    /* else out of memory: nothing to check */
    tdi_loaded_free(&l);
}
