/* What the HCL loader's files share among themselves (hcl*.c; not for later stages). */
#ifndef TDLINT_PARSE_HCL_H
#define TDLINT_PARSE_HCL_H

#include <setjmp.h>

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
} tdi_hcl_build;

/* Builds doc's tree and index from the parse tree at the cursor (without
 * errors). TD_OK (an error may be in out->status: nesting too deep) or
 * TD_ENOMEM. */
int tdi_hcl_build_doc(tdi_hcl_build *b);
/* Frees what the builder allocated for itself (not the document). */
void tdi_hcl_build_free(tdi_hcl_build *b);

#endif
