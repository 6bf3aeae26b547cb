/* The YAML loader's own declarations, shared by yaml.c (the event loop),
 * yaml_build.c (the tree and its index), yaml_prune.c (values a pruned load
 * checks without building) and yaml_scalar.c (scalar typing and
 * CloudFormation's short-form tags). Not for later stages. */
#ifndef TDLINT_PARSE_YAML_H
#define TDLINT_PARSE_YAML_H

#include <yaml.h>

#include "load.h"

/* A merge key (<<: *base, or <<: [*a, *b]) of YAML 1.1, as the AWS CLI's YAML
 * reader applies it: the mapping gets every key of the merged mappings that it
 * does not set itself, earlier sources first. */
struct tdi_yaml_merge {
    json_t *src; /* a mapping, or a list of mappings */
    tdi_span key_span, value_span;
};

/* A key a mapping dropped (TDI_ROLE_DROP): its text at dtext + off. */
struct tdi_yaml_dropped {
    size_t off, len;
    size_t at; /* where it starts in the source */
};

/* Past this many dropped keys a mapping keeps the others with null values:
 * the duplicates among dropped keys are looked for one by one. */
#define TDI_YAML_DROPPED_MAX 32

/* An open collection being built. */
typedef struct {
    json_t *node; /* object or array */
    int is_map;
    size_t start;
    size_t last_end;
    tdi_member *m;
    size_t n, cap;
    char *key; /* pending key of a mapping (in the document's arena), NULL when the next
                  scalar is a key */
    size_t keylen;
    tdi_span key_span;
    const char *wrap; /* long form of a short-form tag on the collection, or NULL */
    char *anchor;
    size_t first_key;              /* start of a mapping's first key; SIZE_MAX before it */
    struct tdi_yaml_merge *merges; /* "<<" entries of a mapping, applied when it closes */
    size_t nmerges, merges_cap;
    int role;                         /* the prune policy's role (TDI_ROLE_ALL when built whole) */
    unsigned state;                   /* the policy's word for this collection */
    int next;                         /* a mapping: the role of the pending key's value */
    size_t npruned_at;                /* the builder's npruned when it opened */
    int dropping;                     /* the pending key is dropped */
    struct tdi_yaml_dropped *dropped; /* the keys dropped, to find duplicates */
    size_t ndropped, dropped_cap;
    char *dtext;
    size_t dtext_len, dtext_cap;
    /* a mapping with a duplicate key: its members by key (an open-addressing
     * table of index + 1), built at the first duplicate; a member replaced by
     * a later one has a NULL key until the mapping closes */
    size_t *kidx;
    size_t kidx_len, kidx_cap;
    size_t kslot; /* the table's slot of the member the pending key replaces, + 1; 0: none */
    size_t ndead;
} tdi_yaml_frame;

/* A key of a pruned mapping, kept to find duplicates. */
typedef struct {
    size_t off, len; /* its text in the builder's ktext */
    size_t at;       /* where it starts in the source */
    size_t hash;
} tdi_yaml_pkey;

/* A collection inside a pruned value: no node, only what its checks need. */
typedef struct {
    int is_map;
    int pending; /* a mapping's key waits for its value (the last of keys) */
    size_t start, last_end, first_key;
    size_t kbase;  /* its keys are keys[kbase..nkeys) */
    size_t *index; /* a hash of them (indices into keys) once there are many */
    size_t index_cap;
    char *anchor;
} tdi_yaml_pframe;

typedef struct {
    char *name;
    json_t *node; /* NULL for a collection in a pruned value */
    int is_coll;
    int pruned; /* the node is pruned or holds a pruned value */
} tdi_yaml_anchor;

typedef struct {
    const char *text;
    size_t len, base;
    size_t ci, bi; /* cursor: character index -> byte index in text */
    size_t ascii;  /* text[0..ascii) is ASCII: there a character index is its byte index */
    tdi_loaded *out;
    tdi_doc *doc;
    tdi_yaml_frame *stack;
    size_t depth, stack_cap;
    tdi_yaml_anchor *anchors;
    size_t nanchors, anchors_cap;
    int err;                /* TD_ENOMEM */
    int failed;             /* an error was recorded in out */
    size_t naliases;        /* alias events in the current document */
    const tdi_prune *prune; /* NULL: everything is built */
    int restart;            /* an alias needs a pruned node: load again without pruning */
    size_t npruned;         /* values pruned so far */
    tdi_yaml_pframe *pf;    /* the open collections of the pruned value being read */
    size_t npf, pf_cap;
    tdi_yaml_pkey *keys; /* the keys of the mappings in pf */
    size_t nkeys, keys_cap;
    char *ktext; /* their text */
    size_t ktext_len, ktext_cap;
} tdi_yaml_builder;

/* ---- yaml_scalar.c ---- */

/* The long form of a CloudFormation short-form tag ("!If" -> "Fn::If"), or NULL. */
const char *tdi_yaml_function(const char *tag);
/* The node of a scalar event at span, in its long form when a function's
 * tag is on it; NULL when out of memory. */
json_t *tdi_yaml_scalar(tdi_doc *doc, const yaml_event_t *e, tdi_span span);
/* Wraps v as {fn: v}, or for !GetAtt a.b.c as {"Fn::GetAtt": ["a", "b.c"]},
 * its records in doc at span; takes v's reference; NULL when out of memory. */
json_t *tdi_yaml_wrap(tdi_doc *doc, const char *fn, json_t *v, tdi_span span);

/* ---- yaml_build.c ---- */

/* The byte offset in the source of libyaml's character index ci. */
size_t tdi_yaml_byte_at(tdi_yaml_builder *b, size_t ci);
/* Records the first error: message is "<prefix><s[0..len), escaped><suffix>". */
void tdi_yaml_fail(tdi_yaml_builder *b, tdi_load_status st, tdi_span at, const char *prefix,
                   const char *s, size_t len, const char *suffix);
/* Records duplicate key sv at span (the first at first_at, SIZE_MAX when not
 * known) as an issue of the load, which goes on. */
void tdi_yaml_duplicate(tdi_yaml_builder *b, tdi_span span, const char *sv, size_t svlen,
                        size_t first_at);
void tdi_yaml_fail_collection_key(tdi_yaml_builder *b, tdi_span span);
/* Whether a collection opening at e is one level too deep (the error recorded). */
int tdi_yaml_too_deep(tdi_yaml_builder *b, const yaml_event_t *e);
/* node is NULL for a collection in a pruned value (is_coll says which). */
void tdi_yaml_anchor_add(tdi_yaml_builder *b, const char *name, json_t *node, int is_coll,
                         int pruned);
/* The anchor an alias event names, or NULL after an error (limit, unknown). */
const tdi_yaml_anchor *tdi_yaml_alias_target(tdi_yaml_builder *b, const yaml_event_t *e,
                                             tdi_span span);
/* The role of the value that comes next (asked once per value: a list's
 * element is asked of the policy). */
int tdi_yaml_value_role(tdi_yaml_builder *b);
/* Hands a finished node (reference stolen) to the enclosing collection, or
 * makes it the document's root; a scalar's text sv makes it a key. */
void tdi_yaml_add_node(tdi_yaml_builder *b, json_t *v, tdi_span span, int is_scalar, const char *sv,
                       size_t svlen);
void tdi_yaml_open(tdi_yaml_builder *b, int is_map, const yaml_event_t *e, int role);
void tdi_yaml_close(tdi_yaml_builder *b, const yaml_event_t *e);
/* Ends the collection of f; its arrays stay for the next one at its level. */
void tdi_yaml_frame_end(tdi_yaml_frame *f);
tdi_span tdi_yaml_collection_span(tdi_yaml_builder *b, const yaml_event_t *e, int is_map,
                                  size_t start, size_t first_key, size_t last_end);
tdi_span tdi_yaml_scalar_span(tdi_yaml_builder *b, const yaml_event_t *e);

/* ---- yaml_prune.c: the events of a pruned value, checked, nothing built ---- */

void tdi_yaml_prune_open(tdi_yaml_builder *b, int is_map, const yaml_event_t *e);
void tdi_yaml_prune_close(tdi_yaml_builder *b, const yaml_event_t *e);
void tdi_yaml_prune_scalar(tdi_yaml_builder *b, const yaml_event_t *e);
void tdi_yaml_prune_alias(tdi_yaml_builder *b, const yaml_event_t *e);
/* Ends the innermost pruned collection's bookkeeping. */
void tdi_yaml_pframe_end(tdi_yaml_builder *b, tdi_yaml_pframe *p);

#endif
