/*
 * The parse stage: bytes to documents. A file's text and its line table
 * (byte offsets to lines and columns), the JSON and YAML loaders, and the
 * document each builds: a jansson tree plus an index of where every node,
 * key and value is in the source. It knows nothing of task definitions: what
 * a pruned load keeps is asked of a policy the caller gives (tdi_prune).
 * Not installed: programs use tdlint.h only.
 */
#ifndef TDLINT_PARSE_H
#define TDLINT_PARSE_H

#include <jansson.h>

#include "base/base.h"

/* ---- source text and positions (source.c) ---- */

/* Byte range [start, end) in the source, offsets include the byte-order mark. */
typedef struct {
    size_t start, end;
} tdi_span;

typedef struct {
    const char *data;
    size_t len;
    size_t bom;    /* 3 when the file starts with a UTF-8 byte-order mark, else 0 */
    size_t *lines; /* byte offset of the start of lines 0, STEP, 2 STEP, ... (LF, CRLF and CR
                      end a line): a position is found from the nearest, fewer than
                      TDI_LINE_STEP lines away */
    size_t nlines; /* how many lines there are */
    int cr;        /* a CR is in the text (else only LF ends a line) */
} tdi_source;

#define TDI_LINE_STEP 16
int tdi_source_init(tdi_source *src, const char *data, size_t len);
void tdi_source_free(tdi_source *src);
/* The byte offset where line idx (0-based) starts; len past the last line. */
size_t tdi_source_line_start(const tdi_source *src, size_t idx);
/* Line idx (0-based): where it starts and how many bytes it has, without its
 * line end (LF, CRLF or CR) and, for the first, without a byte-order mark. */
void tdi_source_line(const tdi_source *src, size_t idx, size_t *start, size_t *len);
/* Converts a byte offset to line and column (code points, 1-based); offsets
 * past the end are clamped. Costs up to a line: for one position. */
td_position tdi_source_position(const tdi_source *src, size_t offset);
/* Fills line and column of the n positions ps[i] from their offsets (which
 * are clamped), as tdi_source_position would, in one pass over the text:
 * O(n log n) plus the bytes up to the last offset, however long its lines.
 * ps is reordered. */
void tdi_source_positions(const tdi_source *src, td_position **ps, size_t n);

/* ---- document: a json_t tree plus its location index (doc.c) ---- */

typedef struct {
    const char *key;   /* member name (borrowed from the tree); NULL for array elements */
    tdi_span key_span; /* the key, quotes included; for array elements equals value_span */
    tdi_span value_span;
} tdi_member;

/* Key through value of m. */
static inline tdi_span tdi_member_span(const tdi_member *m)
{
    tdi_span s = {m->key_span.start, m->value_span.end};
    return s;
}

typedef struct tdi_nodeloc {
    const json_t *node;  /* an object or array */
    tdi_span span;       /* the whole node: JSON '{'..'}', YAML block mapping: first key..end of
                            last value */
    size_t n;            /* TDI_PENDING: members not scanned yet (see tdi_doc.expand) */
    tdi_member *members; /* in document order; jansson keeps object members in that order */
} tdi_nodeloc;

#define TDI_PENDING SIZE_MAX

typedef enum { TDI_FORMAT_JSON, TDI_FORMAT_YAML, TDI_FORMAT_HCL } tdi_format;

typedef struct tdi_doc {
    json_t *root;
    tdi_span root_span;
    tdi_format format;
    int tree_in_arena; /* root's tree was allocated in arena */
    tdi_arena arena;   /* records and members, and the tree when tree_in_arena */
    const char *text;  /* the whole source, for the loader that scans members on demand */
    size_t text_len;
    /* Fills a pending record's members (the loader that added it, JSON):
     * TD_OK, TD_ENOMEM, or TD_EINVAL when the bytes and the tree disagree. */
    int (*expand)(struct tdi_doc *doc, tdi_nodeloc *rec);
    int index_err;       /* TD_ENOMEM when scanning on demand failed for want of memory */
    tdi_nodeloc **queue; /* pending records in the order they were added */
    size_t queue_head, queue_len, queue_cap;
    struct tdi_doc_slot *table; /* open-addressing hash of records by node pointer */
    size_t table_cap, table_len;
    tdi_nodeloc *last; /* the record found last: readers ask about one node in a row */
    /* Decodes the string value written at span of src (the loader that built
     * the document; NULL: a JSON string in double quotes) into *text
     * (tdi_malloc'd, *n bytes) and *map (*n + 1 offsets: where each decoded
     * byte is written in src, then the end). TD_OK, TD_ENOMEM, or TD_EINVAL
     * when it is not a string the loader can decode. */
    int (*string_text)(const struct tdi_doc *doc, const char *src, tdi_span span, char **text,
                       size_t **map, size_t *n);
    /* What every span of the document was moved by (tdi_loaded_shift): a
     * file that another one reads, located after it in one offset space. */
    size_t base;
} tdi_doc;

void tdi_doc_init(tdi_doc *doc, tdi_format format);
void tdi_doc_free(tdi_doc *doc);
/* Adds a location record for a container node with room for n members
 * (filled by the caller). NULL on allocation failure. */
tdi_nodeloc *tdi_doc_add(tdi_doc *doc, const json_t *node, tdi_span span, size_t n);
/* A record for an object or array whose members doc->expand fills when
 * first asked for. NULL when out of memory. */
tdi_nodeloc *tdi_doc_add_pending(tdi_doc *doc, const json_t *node, tdi_span span);
/* The location record of an object or array, its members scanned, or NULL. */
const tdi_nodeloc *tdi_doc_node(const tdi_doc *doc, const json_t *node);
/* The member of object obj named key, or NULL. */
const tdi_member *tdi_doc_member(const tdi_doc *doc, const json_t *obj, const char *key);
/* Element i of array arr, or NULL. */
const tdi_member *tdi_doc_element(const tdi_doc *doc, const json_t *arr, size_t i);
/* Scans every record still pending, then maps every span of doc through
 * map (map[o] for offset o; offsets past n map to map[n]): a document loaded
 * from decoded text, located in the text it was decoded from. TD_OK,
 * TD_ENOMEM or TD_EINVAL. */
int tdi_doc_remap(tdi_doc *doc, const size_t *map, size_t n);
/* Scans every record still pending, then adds base to every span of doc
 * (doc->base becomes base). TD_OK, TD_ENOMEM or TD_EINVAL. */
int tdi_doc_shift(tdi_doc *doc, size_t base);
/* Span of the node that is member key of obj (or element i when key is NULL). */
tdi_span tdi_doc_value_span(const tdi_doc *doc, const json_t *parent, const char *key, size_t i);
/* "a mapping", "a list", "a string", "a number", "a boolean" or "null", for messages. */
const char *tdi_json_kind(const json_t *v);

/* ---- loading (load.c, json.c, yaml*.c) ---- */

/* What a pruned load builds of a value, asked of a policy as each key or
 * list element comes (YAML only: jansson builds JSON whole). Roles are the
 * policy's own positive numbers, but for these: */
#define TDI_ROLE_ALL 0     /* built whole; nothing below it is asked about */
#define TDI_ROLE_NULL (-1) /* null in the tree; its key and position stay in the index */
#define TDI_ROLE_DROP (-2) /* the key and its value are left out of the tree and the index */

typedef struct {
    int root; /* the role of a document's root */
    /* The role of the value that comes next in a collection of role `role`
     * (never TDI_ROLE_ALL): the value of key[0..keylen) in a mapping, asked
     * when the key comes, or the next element of a list (key NULL). *state
     * is the collection's own word, 0 when it opens: the policy keeps there
     * what its later answers depend on. A value the policy drops or makes
     * null is still checked as if it were built (duplicate keys, depth,
     * aliases), so that a file is rejected with the same error either way. */
    int (*member)(int role, unsigned *state, int is_map, const char *key, size_t keylen);
    /* The value v of key[0..keylen) was added to a mapping of role `role`
     * (v is null for a value made null). */
    void (*value)(int role, unsigned *state, const char *key, size_t keylen, const json_t *v);
} tdi_prune;

typedef struct {
    size_t max_depth;       /* nesting of arrays and objects (0: TD_DEFAULT_MAX_DEPTH) */
    size_t max_aliases;     /* YAML alias uses per document (0: TD_DEFAULT_MAX_ALIASES) */
    const tdi_prune *prune; /* NULL: build every value */
    int hcl; /* the file is Terraform HCL (.tf): parse it as HCL whatever its content */
    /* what a duplicate key's message ends with after its line, when the tool
     * that reads the text is not CloudFormation or the ECS API (a static
     * string; NULL: TDI_DUPLICATE_TAIL) */
    const char *duplicate_tail;
} tdi_load_options;

/* Deepest nesting of arrays and objects jansson parses (its compile-time
 * JSON_PARSER_MAX_DEPTH): JSON cannot go deeper whatever max_depth says. */
#define TDI_JSON_MAX_DEPTH 2048

typedef enum {
    TDI_LOAD_OK = 0,
    TDI_LOAD_SYNTAX = 1, /* not JSON or YAML */
    TDI_LOAD_INVALID = 2 /* well-formed but unusable: duplicate keys, encoding, depth */
} tdi_load_status;

/* A problem that leaves the documents usable (a duplicate key: the tree
 * holds the last value, as CloudFormation and the ECS API keep it). */
typedef struct {
    char *message;
    size_t start, end; /* byte offsets of its region */
    size_t also_at;    /* while loading: the earlier occurrence of a duplicate, whose line
                          the message names once every line is known; else SIZE_MAX */
    const char *tail;  /* while loading: what the message of a duplicate ends with after
                          its line (NULL: TDI_DUPLICATE_TAIL) */
} tdi_load_issue;

/* The end of a duplicate key's message, after 'duplicate key "K" (also at line N)'. */
#define TDI_DUPLICATE_TAIL                                                                         \
    ": CloudFormation and the ECS API keep the last value, which tdlint checks, while a "          \
    "reviewer may read the other; remove one"

typedef struct {
    tdi_source src;
    tdi_doc *docs; /* one per YAML document; JSON has one */
    size_t ndocs;
    tdi_load_status status;
    char *error;        /* when status != OK */
    size_t error_start; /* byte offsets of the error's region */
    size_t error_end;
    /* what the loaders were given, every default filled in */
    tdi_load_options opt;
    int unquoted_key;       /* JSON: the error is an unquoted key where a string belongs */
    tdi_load_issue *issues; /* with status OK: problems that did not stop the load */
    size_t nissues, issues_cap;
    char *owned;        /* tdi_load_embedded: the decoded text, which src and the index read */
    tdi_span *comments; /* HCL: every comment (#, // and block comments), in document order */
    size_t ncomments;
} tdi_loaded;

/* Parses data, JSON or YAML as the content says: text whose first non-blank
 * character is { or [ is JSON (or a YAML flow collection when a key is
 * unquoted), the rest YAML; HCL when opt->hcl says so: one document, the
 * file in Terraform's JSON syntax (the shape of a .tf.json; see hcl_build.c),
 * whatever its content. opt may be NULL: the default limits, everything
 * built. data must live as long as out (the index reads it on demand).
 * Returns TD_OK or TD_ENOMEM; syntax errors are in out->status. Free with
 * tdi_loaded_free (also after TD_ENOMEM). */
int tdi_load(const char *data, size_t len, const tdi_load_options *opt, tdi_loaded *out);
void tdi_loaded_free(tdi_loaded *l);
/* Adds base to every offset of l but its source's: the spans of its
 * documents, its error, issues and comments. A file that another file reads
 * (Terraform's file(), the other files of a module) is located after it this
 * way, so that one span says which file it is in. TD_OK, TD_ENOMEM or
 * TD_EINVAL. */
int tdi_loaded_shift(tdi_loaded *l, size_t base);
/* Loads the JSON (or YAML) text that a JSON string literal of outer holds,
 * its contents (quotes excluded) being outer's bytes [start, end):
 * Terraform's container_definitions. Every span of the documents, the error
 * and the issues is an offset in outer (a character written as an escape
 * spans the escape), so that findings are located in the outer file; out->src
 * is the decoded text's. Returns TD_OK or TD_ENOMEM; a malformed escape is a
 * syntax error. Free with tdi_loaded_free. */
int tdi_load_embedded(const tdi_source *outer, size_t start, size_t end,
                      const tdi_load_options *opt, tdi_loaded *out);

/* Loads the JSON (or YAML) text that the string value of doc written at
 * span holds, located in src (doc's source) as tdi_load_embedded does: a
 * JSON string's contents, an HCL string or heredoc (doc->string_text). A
 * shifted doc's spans are moved back to read src, and the result's forward.
 * opt->hcl is not followed: the text is JSON or YAML.
 * Returns TD_OK or TD_ENOMEM; a value that is not such a string is a syntax
 * error in out->status. Free with tdi_loaded_free. */
int tdi_doc_load_string(const tdi_doc *doc, const tdi_source *src, tdi_span span,
                        const tdi_load_options *opt, tdi_loaded *out);
/* Decodes the contents of a JSON string literal, src[start, end) (quotes
 * excluded), as tdi_doc.string_text does: *map the offset in src of each
 * decoded byte. TD_OK, TD_ENOMEM or TD_EINVAL (a malformed escape). */
int tdi_json_string_text(const char *src, size_t start, size_t end, char **text, size_t **map,
                         size_t *n);

#endif /* TDLINT_PARSE_H */
