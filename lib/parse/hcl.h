/* What the HCL loader's files share among themselves (hcl*.c; not for later stages). */
#ifndef TDLINT_PARSE_HCL_H
#define TDLINT_PARSE_HCL_H

#include <setjmp.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "load.h"

/* ---- tree-sitter's memory (hcl_alloc.c) ---- */

/* From tdi_ts_begin to tdi_ts_end, on this thread, every block tree-sitter
 * allocates is linked into the session, and an allocation that fails
 * longjmps to s->jump (set by the caller with setjmp after tdi_ts_begin).
 * tdi_ts_end frees the blocks still linked: none when tree-sitter's objects
 * were all deleted, all of them after a jump. The first tdi_ts_begin
 * installs the allocator for the whole process (ts_set_allocator): a
 * program that calls tree-sitter itself must not free a block allocated
 * before that. */
typedef struct tdi_ts_session {
    jmp_buf jump;
    union ts_block *head;
    struct tdi_ts_session *outer;
} tdi_ts_session;

void tdi_ts_begin(tdi_ts_session *s);
void tdi_ts_end(tdi_ts_session *s);

/* ---- strings (hcl_string.c) ---- */

/* Decodes the HCL string written at src[span): a quoted string (quotes
 * included) or a heredoc (from "<<" to its closing marker), as Terraform
 * reads it; a template keeps its ${...} and %{...} as written, and its $${
 * and %%{. *text (tdi_malloc'd, NUL-terminated, *n bytes) and, when map is
 * not NULL, *map (*n + 1 offsets in src: where each byte is written, then
 * where the content ends). TD_OK, TD_ENOMEM, or TD_EINVAL when src[span)
 * is not such a string. */
int tdi_hcl_string(const char *src, tdi_span span, char **text, size_t *n, size_t **map);
/* tdi_hcl_string as tdi_doc.string_text: the HCL document's hook. */
int tdi_hcl_string_text(const tdi_doc *doc, const char *src, tdi_span span, char **text,
                        size_t **map, size_t *n);

/* ---- the tree in Terraform's JSON syntax (hcl_build.c) ---- */

/* White space between tokens: what the root's span leaves out at its ends. */
static inline int tdi_hcl_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The grammar's node kinds the loader tells apart. */
typedef struct {
    TSSymbol body, attribute, block, identifier, string_lit, block_start, expression, literal_value,
        numeric_lit, bool_lit, null_lit, collection_value, tuple, object, object_elem,
        function_call, function_arguments, template_expr, operation, unary_operation, variable_expr,
        comment;
} tdi_hcl_symbols;

typedef struct hcl_obj hcl_obj;

typedef struct {
    /* what the loader gives */
    const char *src;      /* the whole source: every offset includes base */
    size_t base;          /* where the parsed text (the tree's byte 0) starts in src */
    size_t root_end;      /* the end of the text, blanks after it left out */
    tdi_loaded *out;      /* the issues and the error go there (its opt.max_depth) */
    tdi_doc *doc;         /* the document to fill: root, root_span and the index */
    TSTreeCursor *cursor; /* at the root node, its stack grown by a walk of the whole tree
                             (so that moving it allocates nothing) */
    const tdi_hcl_symbols *sym;
    /* the builder's own, freed by tdi_hcl_build_free */
    tdi_arena arena; /* the objects under construction */
    hcl_obj *objs;   /* every one of them */
    tdi_span *labels;
    size_t nlabels, labels_cap;
    tdi_buf buf;
    hcl_obj *root; /* the document's, once built without error */
} tdi_hcl_build;

/* What an object under construction is: a value (a tuple or an object), a
 * body, a level of block labels, an array of blocks. */
enum { TDI_HCL_VALUE, TDI_HCL_BODY, TDI_HCL_LABELS, TDI_HCL_BLOCKS };

typedef struct {
    const char *key; /* jansson's copy; NULL for an array element or a member taken out */
    tdi_span key_span, value_span;
    hcl_obj *child; /* the object or array that is the value, if any */
    int dead;       /* replaced by a duplicate */
} hcl_member;

struct hcl_obj {
    json_t *json; /* an object, or an array for TDI_HCL_BLOCKS and tuples */
    tdi_span span;
    int kind;
    size_t depth; /* 1 for the root */
    hcl_member *m;
    size_t n, cap;
    hcl_obj *next; /* in tdi_hcl_build.objs */
};

/* a return value of the functions below: an error is in out->status */
#define TDI_HCL_STOP 1

#define TDI_HCL_BODY_TAIL                                                                          \
    ": Terraform rejects a name defined twice in one body; tdlint checks the last one, while a "   \
    "reviewer may read the other; remove one"
#define TDI_HCL_OBJECT_TAIL                                                                        \
    ": Terraform keeps the last value, which tdlint checks, while a reviewer may read the other; " \
    "remove one"

/* Where node n is in the source. */
static inline tdi_span tdi_hcl_span(const tdi_hcl_build *b, TSNode n)
{
    return (tdi_span){b->base + ts_node_start_byte(n), b->base + ts_node_end_byte(n)};
}

/* The node at the cursor. */
static inline TSNode tdi_hcl_cur(const tdi_hcl_build *b)
{
    return ts_tree_cursor_current_node(b->cursor);
}

/* Moves the cursor to child i of its node (children are few where this is used). */
static inline void tdi_hcl_down(tdi_hcl_build *b, uint32_t i)
{
    ts_tree_cursor_goto_first_child(b->cursor);
    while (i-- > 0)
        ts_tree_cursor_goto_next_sibling(b->cursor);
}

/* Moves the cursor n levels up. */
static inline void tdi_hcl_up(tdi_hcl_build *b, unsigned n)
{
    while (n-- > 0)
        ts_tree_cursor_goto_parent(b->cursor);
}

/* Whether node n is the text s. */
static inline int tdi_hcl_text_is(const tdi_hcl_build *b, TSNode n, const char *s)
{
    tdi_span sp = tdi_hcl_span(b, n);
    size_t len = strlen(s);
    return sp.end - sp.start == len && memcmp(b->src + sp.start, s, len) == 0;
}

/* A new object (an array when array is set) of that kind, depth levels
 * deep (1: the root), in b->objs: TD_OK, TD_ENOMEM, or TDI_HCL_STOP when it
 * is nested deeper than the limit (the error in b->out). (hcl_tree.c) */
int tdi_hcl_obj_new(tdi_hcl_build *b, int kind, int array, tdi_span span, size_t depth,
                    hcl_obj **o);
/* Adds v (taken) to o: as member key, which o does not have, or as its
 * next element (key NULL). (hcl_tree.c) */
int tdi_hcl_add(hcl_obj *o, const char *key, tdi_span ks, tdi_span vs, json_t *v, hcl_obj *child);
/* The member key of object o, or NULL. (hcl_tree.c) */
hcl_member *tdi_hcl_find(hcl_obj *o, const char *key);
/* Takes m out of o and reports the duplicate at `at`: "duplicate " then
 * b->buf's text, then the earlier one's line and tail. (hcl_tree.c) */
int tdi_hcl_duplicate(tdi_hcl_build *b, hcl_obj *o, hcl_member *m, tdi_span at, const char *tail);
/* The string "${TEXT}" of the expression written at span. (hcl_tree.c) */
int tdi_hcl_expression(tdi_hcl_build *b, tdi_span span, json_t **v);
/* The value of the expression at the cursor, which is back at it on
 * return: *v, where it is written (*vs), and the object or array it is
 * (*child, NULL for a scalar); depth is the enclosing object's, in_json
 * set inside jsonencode. TD_OK, TD_ENOMEM or TDI_HCL_STOP. (hcl_value.c) */
int tdi_hcl_value(tdi_hcl_build *b, size_t depth, int in_json, json_t **v, tdi_span *vs,
                  hcl_obj **child);

/* Builds doc's tree from the parse tree at the cursor (without errors).
 * TD_OK (an error may be in out->status: nesting too deep) or TD_ENOMEM. */
int tdi_hcl_build_doc(tdi_hcl_build *b);
/* Then its index (the parse tree is no longer needed): TD_OK or TD_ENOMEM. */
int tdi_hcl_build_index(tdi_hcl_build *b);
/* Frees what the builder allocated for itself (not the document). */
void tdi_hcl_build_free(tdi_hcl_build *b);

#endif
