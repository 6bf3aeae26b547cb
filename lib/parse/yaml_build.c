/* YAML: the tree and its index, built from libyaml's events.
 *
 * - Duplicate keys are reported (a deployer keeps one value, a reviewer may
 *   read the other), and the last value is kept, as CloudFormation and the
 *   ECS API keep it: the tree and the index hold only the last.
 * - An alias shares the anchored node (no copy), so a node reached through an
 *   alias is located at its anchor.
 * - Merge keys (<<) are applied; merged members are located at the << entry.
 * - A pruned load asks the policy (tdi_prune) what to build of each value.
 *
 * libyaml marks count characters, not bytes; they are converted to byte
 * offsets with a cursor that moves from mark to mark. */
#include "yaml.h"

#include <stdio.h>
#include <string.h>

size_t tdi_yaml_byte_at(tdi_yaml_builder *b, size_t ci)
{
    if (ci <= b->ascii)
        return b->base + ci;
    if (b->ci < b->ascii) { /* the cursor starts where the walk is needed */
        b->ci = b->bi = b->ascii;
    }
    while (b->ci < ci && b->bi < b->len) {
        unsigned char c = (unsigned char)b->text[b->bi];
        size_t w = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        b->bi += w;
        b->ci++;
    }
    while (b->ci > ci && b->bi > 0) {
        b->bi--;
        while (b->bi > 0 && ((unsigned char)b->text[b->bi] & 0xC0) == 0x80)
            b->bi--;
        b->ci--;
    }
    if (b->bi > b->len)
        b->bi = b->len;
    return b->base + b->bi;
}

void tdi_yaml_fail(tdi_yaml_builder *b, tdi_load_status st, tdi_span at, const char *prefix,
                   const char *s, size_t len, const char *suffix)
{
    if (b->failed || b->err)
        return;
    b->failed = 1;
    tdi_buf m;
    tdi_buf_init(&m);
    tdi_buf_puts(&m, prefix);
    tdi_buf_escaped(&m, s, len, TDI_QUOTE_MAX);
    tdi_buf_puts(&m, suffix);
    if (m.failed || tdi_loaded_fail(b->out, st, at.start, at.end, "%s", m.data) < 0)
        b->err = TD_ENOMEM;
    tdi_buf_free(&m);
}

void tdi_yaml_duplicate(tdi_yaml_builder *b, tdi_span span, const char *sv, size_t svlen,
                        size_t first_at)
{
    tdi_buf m;
    tdi_buf_init(&m);
    tdi_buf_puts(&m, "duplicate key \"");
    tdi_buf_escaped(&m, sv, svlen, TDI_QUOTE_MAX);
    tdi_buf_putc(&m, '"');
    if (m.failed || tdi_loaded_duplicate(b->out, span.start, span.end, first_at, "%s", m.data) < 0)
        b->err = TD_ENOMEM;
    tdi_buf_free(&m);
}

void tdi_yaml_fail_collection_key(tdi_yaml_builder *b, tdi_span span)
{
    tdi_yaml_fail(b, TDI_LOAD_SYNTAX, span, "a mapping key that is a collection is not supported",
                  "", 0, "");
}

void tdi_yaml_anchor_add(tdi_yaml_builder *b, const char *name, json_t *node, int is_coll,
                         int pruned)
{
    if (!name)
        return;
    for (size_t i = 0; i < b->nanchors; i++) {
        if (strcmp(b->anchors[i].name, name) == 0) { /* a redefinition replaces */
            json_decref(b->anchors[i].node);
            b->anchors[i].node = json_incref(node);
            b->anchors[i].is_coll = is_coll;
            b->anchors[i].pruned = pruned;
            return;
        }
    }
    if (tdi_grow((void **)&b->anchors, &b->anchors_cap, b->nanchors + 1, sizeof *b->anchors) < 0) {
        b->err = TD_ENOMEM;
        return;
    }
    char *copy = tdi_strdup(name);
    if (!copy) {
        b->err = TD_ENOMEM;
        return;
    }
    b->anchors[b->nanchors] = (tdi_yaml_anchor){copy, json_incref(node), is_coll, pruned};
    b->nanchors++;
}

const tdi_yaml_anchor *tdi_yaml_alias_target(tdi_yaml_builder *b, const yaml_event_t *e,
                                             tdi_span span)
{
    const char *name = (const char *)e->data.alias.anchor;
    /* an alias shares its anchor's node; what costs is the walks through
     * it, which the count bounds */
    if (++b->naliases > b->out->opt.max_aliases) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "more than %zu aliases in one document (--max-aliases); CloudFormation "
                 "accepts no alias at all",
                 b->out->opt.max_aliases);
        tdi_yaml_fail(b, TDI_LOAD_INVALID, span, msg, "", 0, "");
        return NULL;
    }
    for (size_t i = b->nanchors; i-- > 0;)
        if (strcmp(b->anchors[i].name, name) == 0)
            return &b->anchors[i];
    tdi_yaml_fail(b, TDI_LOAD_INVALID, span, "alias *", name, strlen(name),
                  " names no anchor defined before it");
    return NULL;
}

int tdi_yaml_value_role(tdi_yaml_builder *b)
{
    if (!b->prune)
        return TDI_ROLE_ALL;
    if (b->depth == 0)
        return b->prune->root;
    tdi_yaml_frame *f = &b->stack[b->depth - 1];
    if (f->is_map)
        return f->key ? f->next : TDI_ROLE_ALL; /* a key is built */
    if (f->role == TDI_ROLE_ALL)
        return TDI_ROLE_ALL;
    int role = b->prune->member(f->role, &f->state, 0, NULL, 0);
    return role == TDI_ROLE_DROP ? TDI_ROLE_NULL : role; /* a list drops nothing */
}

/* Where the dropped key sv of f starts; SIZE_MAX when f dropped no such key. */
static size_t dropped_at(const tdi_yaml_frame *f, const char *sv, size_t svlen)
{
    for (size_t i = 0; i < f->ndropped; i++)
        if (f->dropped[i].len == svlen && memcmp(f->dtext + f->dropped[i].off, sv, svlen) == 0)
            return f->dropped[i].at;
    return SIZE_MAX;
}

/* Records sv as a key f drops; its value is read but not built. */
static void drop_key(tdi_yaml_builder *b, tdi_yaml_frame *f, const char *sv, size_t svlen,
                     tdi_span span)
{
    if (tdi_grow((void **)&f->dropped, &f->dropped_cap, f->ndropped + 1, sizeof *f->dropped) < 0 ||
        tdi_grow((void **)&f->dtext, &f->dtext_cap, f->dtext_len + svlen + 1, 1) < 0) {
        b->err = TD_ENOMEM;
        return;
    }
    f->dropped[f->ndropped++] = (struct tdi_yaml_dropped){f->dtext_len, svlen, span.start};
    f->key = f->dtext + f->dtext_len;
    memcpy(f->key, sv, svlen);
    f->key[svlen] = '\0';
    f->dtext_len += svlen + 1;
    f->keylen = svlen;
    f->key_span = span;
    f->dropping = 1;
}

static size_t key_hash(const char *k, size_t len)
{
    return (size_t)tdi_hash64(k, len, 0);
}

static void kidx_put(tdi_yaml_frame *f, size_t i)
{
    const char *k = f->m[i].key;
    size_t j = key_hash(k, strlen(k)) & (f->kidx_cap - 1);
    while (f->kidx[j])
        j = (j + 1) & (f->kidx_cap - 1);
    f->kidx[j] = i + 1;
    f->kidx_len++;
}

/* Makes room in f's member table for one more key (building it the first
 * time): returns 0, or -1 when out of memory. */
static int kidx_reserve(tdi_yaml_frame *f)
{
    if (f->kidx && (f->kidx_len + 1) * 2 <= f->kidx_cap)
        return 0;
    size_t cap = 16;
    while (cap < (f->n + 1) * 2)
        cap *= 2;
    size_t *t = tdi_calloc(cap, sizeof *t);
    if (!t)
        return -1;
    tdi_free(f->kidx);
    f->kidx = t;
    f->kidx_cap = cap;
    f->kidx_len = 0;
    for (size_t i = 0; i < f->n; i++) /* the replaced members are left out */
        if (f->m[i].key)
            kidx_put(f, i);
    return 0;
}

/* The member of mapping f whose key is sv; SIZE_MAX when none. */
static size_t find_member(tdi_yaml_builder *b, tdi_yaml_frame *f, const char *sv, size_t svlen)
{
    if (!f->kidx && kidx_reserve(f) < 0) {
        b->err = TD_ENOMEM;
        return SIZE_MAX;
    }
    for (size_t j = key_hash(sv, svlen) & (f->kidx_cap - 1); f->kidx[j];
         j = (j + 1) & (f->kidx_cap - 1)) {
        const tdi_member *m = &f->m[f->kidx[j] - 1];
        if (m->key && strlen(m->key) == svlen && memcmp(m->key, sv, svlen) == 0) {
            f->kslot = j + 1; /* the member that replaces it takes its slot */
            return f->kidx[j] - 1;
        }
    }
    return SIZE_MAX;
}

/* A key sv of mapping f: checked for a duplicate, then pending until its value comes. */
static void add_key(tdi_yaml_builder *b, tdi_yaml_frame *f, tdi_span span, const char *sv,
                    size_t svlen)
{
    /* the object's hash says whether the key is taken; only then look for
     * where, for the message (a scan per key would be quadratic in big
     * mappings) */
    f->kslot = 0;
    size_t first_at = dropped_at(f, sv, svlen);
    if (first_at != SIZE_MAX || json_object_getn(f->node, sv, svlen)) {
        size_t i = find_member(b, f, sv, svlen);
        if (b->err)
            return;
        if (i != SIZE_MAX) {
            /* the value that comes replaces this one: its member goes */
            if (first_at == SIZE_MAX)
                first_at = f->m[i].key_span.start;
            f->m[i].key = NULL;
            f->ndead++;
        }
        tdi_yaml_duplicate(b, span, sv, svlen, first_at);
        if (b->err)
            return;
    }
    if (f->first_key == SIZE_MAX)
        f->first_key = span.start;
    /* the role of its value: a merge's source is built whole, to be merged */
    int merge = svlen == 2 && memcmp(sv, "<<", 2) == 0;
    f->next = f->role == TDI_ROLE_ALL || merge ? TDI_ROLE_ALL
                                               : b->prune->member(f->role, &f->state, 1, sv, svlen);
    if (f->next == TDI_ROLE_DROP && f->ndropped < TDI_YAML_DROPPED_MAX) {
        drop_key(b, f, sv, svlen, span);
        return;
    }
    if (f->next == TDI_ROLE_DROP)
        f->next = TDI_ROLE_NULL;
    /* kept in the arena: the member's key once the value comes */
    char *key = tdi_arena_alloc_raw(&b->doc->arena, svlen + 1, 1);
    if (!key) {
        b->err = TD_ENOMEM;
        return;
    }
    memcpy(key, sv, svlen);
    key[svlen] = '\0';
    f->key = key;
    f->keylen = svlen;
    f->key_span = span;
}

void tdi_yaml_add_node(tdi_yaml_builder *b, json_t *v, tdi_span span, int is_scalar, const char *sv,
                       size_t svlen)
{
    if (!v) {
        b->err = TD_ENOMEM;
        return;
    }
    if (b->depth == 0) {
        if (b->doc->root) { /* cannot happen with libyaml's event order */
            json_decref(v);
            return;
        }
        b->doc->root = v;
        b->doc->root_span = span;
        return;
    }
    tdi_yaml_frame *f = &b->stack[b->depth - 1];
    if (f->is_map && !f->key) {
        json_decref(v);
        if (!is_scalar)
            tdi_yaml_fail_collection_key(b, span);
        else
            add_key(b, f, span, sv, svlen);
        return;
    }
    if (f->dropping) { /* the value of a dropped key: the mapping ends after it */
        json_decref(v);
        f->dropping = 0;
        f->key = NULL;
        f->last_end = span.end;
        return;
    }
    if (tdi_grow((void **)&f->m, &f->cap, f->n + 1, sizeof *f->m) < 0 ||
        (f->kidx && f->is_map && !f->kslot && kidx_reserve(f) < 0)) {
        json_decref(v);
        b->err = TD_ENOMEM;
        return;
    }
    if (f->is_map && f->keylen == 2 && memcmp(f->key, "<<", 2) == 0 &&
        (json_is_object(v) || json_is_array(v))) {
        if (tdi_grow((void **)&f->merges, &f->merges_cap, f->nmerges + 1, sizeof *f->merges) < 0) {
            json_decref(v);
            b->err = TD_ENOMEM;
            return;
        }
        f->merges[f->nmerges++] = (struct tdi_yaml_merge){v, f->key_span, span};
        f->key = NULL;
        f->last_end = span.end;
        return;
    }
    tdi_member *m = &f->m[f->n];
    memset(m, 0, sizeof *m);
    m->value_span = span;
    if (f->is_map) {
        m->key_span = f->key_span;
        if (f->role != TDI_ROLE_ALL && b->prune->value)
            b->prune->value(f->role, &f->state, f->key, f->keylen, v);
        if (json_object_setn_new_nocheck(f->node, f->key, f->keylen, v)) {
            b->err = TD_ENOMEM;
            return;
        }
        m->key = f->key;
        f->key = NULL;
        if (f->kslot) /* in the slot of the member it replaces, which left the table */
            f->kidx[f->kslot - 1] = f->n + 1;
        else if (f->kidx)
            kidx_put(f, f->n);
        f->kslot = 0;
    } else {
        m->key_span = span;
        if (json_array_append_new(f->node, v)) {
            b->err = TD_ENOMEM;
            return;
        }
    }
    f->n++;
    f->last_end = span.end;
}

int tdi_yaml_too_deep(tdi_yaml_builder *b, const yaml_event_t *e)
{
    if (b->depth + b->npf < b->out->opt.max_depth)
        return 0;
    size_t at = tdi_yaml_byte_at(b, e->start_mark.index);
    char msg[64];
    snprintf(msg, sizeof msg, "nesting deeper than %zu levels (--max-depth)",
             b->out->opt.max_depth);
    tdi_yaml_fail(b, TDI_LOAD_INVALID, (tdi_span){at, at + 1}, msg, "", 0, "");
    return 1;
}

void tdi_yaml_open(tdi_yaml_builder *b, int is_map, const yaml_event_t *e, int role)
{
    if (tdi_yaml_too_deep(b, e))
        return;
    size_t had = b->stack_cap;
    if (tdi_grow((void **)&b->stack, &b->stack_cap, b->depth + 1, sizeof *b->stack) < 0) {
        b->err = TD_ENOMEM;
        return;
    }
    if (b->stack_cap > had)
        memset(b->stack + had, 0, (b->stack_cap - had) * sizeof *b->stack);
    tdi_yaml_frame *f = &b->stack[b->depth];
    /* the member, merge and dropped-key arrays of the level are kept from one
     * collection to the next */
    tdi_yaml_frame keep = *f;
    tdi_free(keep.kidx); /* a member table is a mapping's own */
    memset(f, 0, sizeof *f);
    f->m = keep.m;
    f->cap = keep.cap;
    f->merges = keep.merges;
    f->merges_cap = keep.merges_cap;
    f->dropped = keep.dropped;
    f->dropped_cap = keep.dropped_cap;
    f->dtext = keep.dtext;
    f->dtext_cap = keep.dtext_cap;
    f->is_map = is_map;
    f->node = is_map ? json_object() : json_array();
    if (!f->node) {
        b->err = TD_ENOMEM;
        return;
    }
    const yaml_char_t *tag = is_map ? e->data.mapping_start.tag : e->data.sequence_start.tag;
    const yaml_char_t *anc = is_map ? e->data.mapping_start.anchor : e->data.sequence_start.anchor;
    f->wrap = tdi_yaml_function((const char *)tag);
    if (anc && !(f->anchor = tdi_strdup((const char *)anc))) {
        json_decref(f->node);
        f->node = NULL;
        b->err = TD_ENOMEM;
        return;
    }
    f->start = tdi_yaml_byte_at(b, e->start_mark.index);
    f->last_end = tdi_yaml_byte_at(b, e->end_mark.index);
    f->first_key = SIZE_MAX;
    f->role = f->wrap ? TDI_ROLE_ALL : role; /* a function's argument: read as a whole */
    f->npruned_at = b->npruned;
    b->depth++;
}

void tdi_yaml_frame_end(tdi_yaml_frame *f)
{
    for (size_t i = 0; i < f->nmerges; i++)
        json_decref(f->merges[i].src);
    f->nmerges = 0;
    json_decref(f->node);
    f->node = NULL;
    f->n = 0;
    f->ndropped = f->dtext_len = 0;
    tdi_free(f->kidx);
    f->kidx = NULL;
    f->kidx_len = f->kidx_cap = f->ndead = f->kslot = 0;
    tdi_free(f->anchor);
    f->anchor = NULL;
}

/* Adds to f's mapping the members of src it lacks, located at the << entry. */
static void merge_one(tdi_yaml_builder *b, tdi_yaml_frame *f, json_t *src,
                      const struct tdi_yaml_merge *mg)
{
    const char *k;
    json_t *v;
    json_object_foreach(src, k, v)
    {
        if (json_object_get(f->node, k))
            continue;
        if (tdi_grow((void **)&f->m, &f->cap, f->n + 1, sizeof *f->m) < 0) {
            b->err = TD_ENOMEM;
            return;
        }
        char *key = tdi_arena_strdup(&b->doc->arena, k);
        if (!key || json_object_set(f->node, k, v)) {
            b->err = TD_ENOMEM;
            return;
        }
        tdi_member *m = &f->m[f->n++];
        m->key = key;
        m->key_span = mg->key_span;
        m->value_span = mg->value_span;
    }
}

static void apply_merges(tdi_yaml_builder *b, tdi_yaml_frame *f)
{
    for (size_t i = 0; i < f->nmerges && !b->err; i++) {
        json_t *src = f->merges[i].src;
        if (json_is_object(src)) {
            merge_one(b, f, src, &f->merges[i]);
            continue;
        }
        for (size_t k = 0; k < json_array_size(src) && !b->err; k++)
            if (json_is_object(json_array_get(src, k)))
                merge_one(b, f, json_array_get(src, k), &f->merges[i]);
    }
}

tdi_span tdi_yaml_collection_span(tdi_yaml_builder *b, const yaml_event_t *e, int is_map,
                                  size_t start, size_t first_key, size_t last_end)
{
    /* Flow collections end at their bracket; block ones at their last value. */
    int flow = (e->end_mark.index > e->start_mark.index);
    size_t end = flow ? tdi_yaml_byte_at(b, e->end_mark.index) : last_end;
    if (!flow && is_map && first_key != SIZE_MAX && first_key > start)
        start = first_key; /* a block mapping starts at its first key, not at its anchor or tag */
    return (tdi_span){start, end < start ? start : end};
}

void tdi_yaml_close(tdi_yaml_builder *b, const yaml_event_t *e)
{
    tdi_yaml_frame *f = &b->stack[b->depth - 1];
    if (f->ndead) { /* the members replaced by a duplicate go, the others keep their order */
        size_t k = 0;
        for (size_t i = 0; i < f->n; i++)
            if (f->m[i].key)
                f->m[k++] = f->m[i];
        f->n = k;
        f->ndead = 0;
    }
    if (f->nmerges)
        apply_merges(b, f);
    if (b->err)
        return;
    tdi_span span = tdi_yaml_collection_span(b, e, f->is_map, f->start, f->first_key, f->last_end);
    int pruned = b->npruned != f->npruned_at;
    tdi_nodeloc *loc = tdi_doc_add(b->doc, f->node, span, f->n);
    if (!loc) {
        b->err = TD_ENOMEM;
        return;
    }
    if (f->n)
        memcpy(loc->members, f->m, f->n * sizeof *f->m);
    json_t *node = f->node;
    f->node = NULL;
    char *anc = f->anchor;
    f->anchor = NULL;
    const char *wrap = f->wrap;
    tdi_yaml_frame_end(f);
    b->depth--;
    if (wrap)
        node = tdi_yaml_wrap(b->doc, wrap, node, span);
    if (node && anc)
        tdi_yaml_anchor_add(b, anc, node, 1, pruned);
    tdi_free(anc);
    tdi_yaml_add_node(b, node, span, 0, NULL, 0);
}

tdi_span tdi_yaml_scalar_span(tdi_yaml_builder *b, const yaml_event_t *e)
{
    tdi_span span = {tdi_yaml_byte_at(b, e->start_mark.index),
                     tdi_yaml_byte_at(b, e->end_mark.index)};
    yaml_scalar_style_t style = e->data.scalar.style;
    if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE) {
        /* libyaml ends a block scalar after its trailing line breaks */
        const char *s = b->text - b->base;
        while (span.end > span.start && (s[span.end - 1] == '\n' || s[span.end - 1] == '\r' ||
                                         s[span.end - 1] == ' ' || s[span.end - 1] == '\t'))
            span.end--;
    }
    return span;
}
