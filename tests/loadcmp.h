/* Whether two loads of the same bytes came out the same: status, error and
 * its region, the documents, their trees (members in order, scalars by
 * value) and every location record reached from the roots. For the unit
 * tests and the fuzz targets that compare a YAML template parsed in pieces
 * with the same one parsed in one pass (lib/load_yaml.c). */
#ifndef TDLINT_LOADCMP_H
#define TDLINT_LOADCMP_H

#include "internal.h"

#include <string.h>

/* Nodes compared at most: aliases to aliases make a tree exponentially
 * bigger than its text, and the same node compared twice tells nothing new. */
#define LOADCMP_BUDGET 200000

typedef struct {
    const tdi_doc *da, *db;
    size_t budget;
} loadcmp;

static int loadcmp_span_eq(tdi_span a, tdi_span b)
{
    return a.start == b.start && a.end == b.end;
}

/* The location records of a and b: the same, or both missing. */
static const char *loadcmp_records(loadcmp *c, const json_t *a, const json_t *b)
{
    const tdi_nodeloc *ra = tdi_doc_node(c->da, a), *rb = tdi_doc_node(c->db, b);
    if (!ra || !rb)
        return ra || rb ? "a record is missing on one side" : NULL;
    if (!loadcmp_span_eq(ra->span, rb->span))
        return "a collection's span differs";
    if (ra->n != rb->n)
        return "a record's member count differs";
    for (size_t i = 0; i < ra->n; i++) {
        const tdi_member *ma = &ra->members[i], *mb = &rb->members[i];
        if ((ma->key == NULL) != (mb->key == NULL) || (ma->key && strcmp(ma->key, mb->key) != 0))
            return "a member's key differs";
        if (!loadcmp_span_eq(ma->key_span, mb->key_span))
            return "a member's key span differs";
        if (!loadcmp_span_eq(ma->value_span, mb->value_span))
            return "a member's value span differs";
    }
    return NULL;
}

static const char *loadcmp_node(loadcmp *c, const json_t *a, const json_t *b)
{
    if (c->budget == 0)
        return NULL;
    c->budget--;
    if (!a || !b)
        return a || b ? "a node is missing on one side" : NULL;
    if (json_typeof(a) != json_typeof(b))
        return "a node's type differs";
    switch (json_typeof(a)) {
    case JSON_OBJECT: {
        if (json_object_size(a) != json_object_size(b))
            return "an object's size differs";
        void *ia = json_object_iter((json_t *)a), *ib = json_object_iter((json_t *)b);
        for (; ia && ib; ia = json_object_iter_next((json_t *)a, ia),
                         ib = json_object_iter_next((json_t *)b, ib)) {
            if (strcmp(json_object_iter_key(ia), json_object_iter_key(ib)) != 0)
                return "an object's keys differ, or their order";
            const char *d = loadcmp_node(c, json_object_iter_value(ia), json_object_iter_value(ib));
            if (d)
                return d;
        }
        return loadcmp_records(c, a, b);
    }
    case JSON_ARRAY:
        if (json_array_size(a) != json_array_size(b))
            return "an array's size differs";
        for (size_t i = 0; i < json_array_size(a); i++) {
            const char *d = loadcmp_node(c, json_array_get(a, i), json_array_get(b, i));
            if (d)
                return d;
        }
        return loadcmp_records(c, a, b);
    case JSON_STRING:
        return json_string_length(a) == json_string_length(b) &&
                       memcmp(json_string_value(a), json_string_value(b),
                              json_string_length(a)) == 0
                   ? NULL
                   : "a string differs";
    case JSON_INTEGER:
        return json_integer_value(a) == json_integer_value(b) ? NULL : "an integer differs";
    case JSON_REAL:
        return memcmp(&(double){json_real_value(a)}, &(double){json_real_value(b)},
                      sizeof(double)) == 0
                   ? NULL
                   : "a number differs";
    default:
        return NULL;
    }
}

/* NULL when a and b are the same, else what differs first. */
static const char *loaded_diff(const tdi_loaded *a, const tdi_loaded *b)
{
    if (a->status != b->status)
        return "the status differs";
    if ((a->error == NULL) != (b->error == NULL) || (a->error && strcmp(a->error, b->error) != 0))
        return "the error differs";
    if (a->status != TDI_LOAD_OK &&
        (a->error_start != b->error_start || a->error_end != b->error_end))
        return "the error's region differs";
    if (a->ndocs != b->ndocs)
        return "the number of documents differs";
    for (size_t i = 0; i < a->ndocs; i++) {
        if (!loadcmp_span_eq(a->docs[i].root_span, b->docs[i].root_span))
            return "a root span differs";
        loadcmp c = {&a->docs[i], &b->docs[i], LOADCMP_BUDGET};
        const char *d = loadcmp_node(&c, a->docs[i].root, b->docs[i].root);
        if (d)
            return d;
    }
    return NULL;
}

#endif /* TDLINT_LOADCMP_H */
