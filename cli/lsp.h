/* tdlint lsp: a Language Server Protocol 3.17 server over standard input and
 * output (docs/editors.md). Its parts:
 *   lsp_rpc.c     JSON-RPC framing: Content-Length headers, message bodies
 *   lsp_server.c  the lifecycle, dispatch, cancellation, replies
 *   lsp_docs.c    open documents, linting, diagnostics
 *   lsp_conf.c    each document's configuration
 *   lsp_pos.c     positions (code points, UTF-8/16/32 units), URIs, the command
 *                 that selects a reason to write
 *   lsp_action.c  textDocument/codeAction: quick fixes from tdlint's fixes
 *   lsp_suppress.c  "suppress with a reason": an exception in .tdlint.yaml
 *   lsp_ignore.c  "suppress with a reason": an ignore in a template's Metadata
 *   lsp_main.c    the command: options, reading standard input, writing replies
 * Everything of the library comes through tdlint.h; JSON through jansson. */
#ifndef TDLINT_LSP_H
#define TDLINT_LSP_H

#include <jansson.h>
#include <stddef.h>

#include "tdlint.h"

/* JSON-RPC and LSP error codes */
enum {
    LSP_PARSE_ERROR = -32700,
    LSP_INVALID_REQUEST = -32600,
    LSP_METHOD_NOT_FOUND = -32601,
    LSP_INVALID_PARAMS = -32602,
    LSP_INTERNAL_ERROR = -32603,
    LSP_SERVER_NOT_INITIALIZED = -32002,
    LSP_REQUEST_CANCELLED = -32800
};

/* ---- lsp_rpc.c: framing ---- */

/* The largest message body accepted (bigger ones are answered ParseError
 * and their bytes skipped): room for a document at tdlint's largest file
 * size with every byte escaped. */
#define LSP_MAX_BODY ((size_t)512 * 1024 * 1024)

typedef struct lsp_reader lsp_reader;

/* A reader with no bytes yet: 0, or -1 out of memory. */
int lsp_reader_new(lsp_reader **out, size_t max_body);
void lsp_reader_free(lsp_reader *r);
/* Appends bytes read: 0, or -1 out of memory. */
int lsp_reader_feed(lsp_reader *r, const void *data, size_t len);
/* The next message: 1 with *msg (owned by the caller); 2 for bytes that are
 * no message (a bad header or body, skipped), *why saying what (static); 0
 * when a whole message is not there yet; -1 out of memory. */
int lsp_reader_next(lsp_reader *r, json_t **msg, const char **why);
/* Whether part of a message has been read (its header or some of its body). */
int lsp_reader_partial(const lsp_reader *r);
/* How many more bytes the message being read needs (at least 1). */
size_t lsp_reader_wanted(const lsp_reader *r);

/* Writes one message, framed: 0, or -1 (out of memory, or write failed). */
typedef int (*lsp_write_fn)(void *ctx, const char *data, size_t len);
int lsp_send(lsp_write_fn write, void *ctx, const json_t *msg);

/* ---- lsp_pos.c: positions and URIs ---- */

typedef enum { LSP_UTF16 = 0, LSP_UTF8 = 1, LSP_UTF32 = 2 } lsp_encoding;

/* The start offset of each line of a text (lines end at LF, CRLF or CR, as
 * LSP counts them). */
typedef struct {
    size_t *start;
    size_t n;
} lsp_lines;

int lsp_lines_build(lsp_lines *l, const char *text, size_t len);
void lsp_lines_free(lsp_lines *l);
/* The units of enc that the UTF-8 bytes s[0, n) take. */
size_t lsp_units(const char *s, size_t n, lsp_encoding enc);
/* The LSP {line, character} of byte offset off of text, in enc units. */
json_t *lsp_position(const lsp_lines *l, const char *text, size_t len, size_t off,
                     lsp_encoding enc);
/* {start, end} of the bytes [from, to). */
json_t *lsp_range(const lsp_lines *l, const char *text, size_t len, size_t from, size_t to,
                  lsp_encoding enc);

/* A URI's path, percent-decoded (owned): for file: URIs the file system
 * path (*is_file 1), else the path part of the URI ("untitled:x" gives
 * "x"). NULL when out of memory or for a URI with no usable path. */
char *lsp_uri_path(const char *uri, int *is_file);

/* The file: URI of an absolute path (owned), percent-encoded. */
char *lsp_uri_from_path(const char *path);

/* The command that selects the reason to write (LSP_SELECT_REASON), added to
 * action: its edit inserts insert at byte at of text (the document at uri),
 * and the reason is empty at byte sel of insert. 0, or -1 out of memory. */
#define LSP_SELECT_REASON "tdlint.selectReason"
int lsp_add_select(json_t *action, const char *uri, const char *text, size_t len, size_t at,
                   const char *insert, size_t sel, lsp_encoding enc);

/* Where notifications go (publishDiagnostics, showMessage), and how. */
typedef struct {
    lsp_write_fn write;
    void *ctx;
    lsp_encoding enc;
    int verbose;
} lsp_out;

/* ---- lsp_conf.c: configurations ---- */

typedef struct lsp_confs lsp_confs;

int lsp_confs_new(lsp_confs **out);
void lsp_confs_free(lsp_confs *c);
/* Forgets every configuration loaded: each is loaded again when next asked for. */
void lsp_confs_reload(lsp_confs *c);
/* The configuration for the file at path (NULL: not a file, the defaults):
 * 0 with *tc; 1 when it has errors (*tc NULL: lint nothing); -1 out of
 * memory or a write failed. */
int lsp_confs_for(lsp_confs *c, const lsp_out *out, const char *path, const td_config **tc);
/* The same for the configuration file cpath (owned from here on). */
int lsp_confs_file(lsp_confs *c, const lsp_out *out, char *cpath, const td_config **tc);
/* After a reload: clears the diagnostics of configuration files that no
 * longer have errors. 0 or -1. */
int lsp_confs_clear(lsp_confs *c, const lsp_out *out);

/* ---- lsp_docs.c: documents ---- */

typedef struct lsp_docs lsp_docs;

/* A document's state after its last lint. */
typedef struct {
    const char *uri;
    const char *text;
    size_t len;
    const lsp_lines *lines;
    const td_file *file;   /* NULL when it holds no task definition */
    const char *path;      /* the file's path (file: URIs), else NULL */
    const td_config *tc;   /* the configuration file it was linted under; NULL: none */
    const td_config *cfg;  /* the configuration it was linted under (NULL: the defaults) */
    const char *lint_path; /* the path it was linted as */
} lsp_doc_view;

int lsp_docs_new(lsp_docs **out);
void lsp_docs_free(lsp_docs *d);
/* didOpen, didChange: the document's new text and version (copied). 0 or -1. */
int lsp_docs_set(lsp_docs *d, const char *uri, const char *text, size_t len, json_t *version);
/* didClose: 1 when the document was open, 2 when it was a configuration
 * file (whose diagnostics are its errors: they stay). */
int lsp_docs_close(lsp_docs *d, const char *uri);
/* didSave or a changed .tdlint.yaml: relint one document (uri) and every
 * Terraform document (which reads other files from disk: the saved one may
 * be among them), or all (NULL), configuration files loaded again. */
void lsp_docs_touch(lsp_docs *d, const char *uri, int reload_configs);

/* Lints every document changed since its last lint and publishes its
 * diagnostics; uri non-NULL: that one only. 0, or -1 (out of memory, a
 * write failed). */
int lsp_docs_flush(lsp_docs *d, const lsp_out *out, const char *uri);
/* The document as last linted (call lsp_docs_flush for it first); 0 when
 * it is not open. */
int lsp_docs_view(lsp_docs *d, const char *uri, lsp_doc_view *view);
/* The LSP diagnostic of finding f of the document (owned). */
json_t *lsp_diagnostic(const lsp_doc_view *v, const td_finding *f, lsp_encoding enc);
/* The range a diagnostic of f has in the document: f's own, or for a
 * finding in a file the lint read (Terraform's file()), the place in the
 * document that leads there. */
json_t *lsp_finding_range(const lsp_doc_view *v, const td_finding *f, lsp_encoding enc);

/* ---- lsp_action.c ---- */

/* The result of textDocument/codeAction for params (owned; an array).
 * select: the client shows documents (window/showDocument), so that the
 * "suppress with a reason" actions carry the command that selects the
 * reason to write. */
json_t *lsp_code_actions(const lsp_doc_view *v, const json_t *params, lsp_encoding enc, int select);

/* ---- lsp_suppress.c ---- */

/* The "add an exception" action for finding f (owned), or NULL when there
 * is none to offer (no .tdlint.yaml, one written as JSON, TD000). diag is
 * the diagnostic it is for (borrowed); select as for lsp_code_actions. */
json_t *lsp_suppress_action(const lsp_doc_view *v, const td_finding *f, json_t *diag,
                            lsp_encoding enc, int select);

/* ---- lsp_ignore.c ---- */

/* The "ignore in the resource's Metadata" action for finding f (owned), or
 * NULL when there is none to offer (not a resource of a template, a layout
 * the edit would not be certain to be right in). */
json_t *lsp_ignore_action(const lsp_doc_view *v, const td_finding *f, json_t *diag,
                          lsp_encoding enc, int select);

/* ---- lsp_server.c ---- */

typedef struct lsp_server lsp_server;

int lsp_server_new(lsp_server **out, lsp_write_fn write, void *ctx, int verbose);
void lsp_server_free(lsp_server *s);
/* One message or a reader's error (msg NULL, why set): handles it. The
 * messages read together go through lsp_server_batch so that a request
 * cancelled by a later message is answered RequestCancelled. 0, or -1 when
 * a write failed or memory ran out. */
int lsp_server_batch(lsp_server *s, json_t **msgs, const char **whys, size_t n);
/* Lints the documents changed and publishes their diagnostics. */
int lsp_server_flush(lsp_server *s);
/* Whether the exit notification came; *status the exit status. */
int lsp_server_exited(const lsp_server *s, int *status);
/* Exit status on end of input: 0 after shutdown, else 1. */
int lsp_server_eof_status(const lsp_server *s);

/* ---- lsp_main.c ---- */

/* tdlint lsp [--verbose]: args are the arguments after "lsp". */
int cli_lsp_main(int argc, char **argv);

#endif /* TDLINT_LSP_H */
