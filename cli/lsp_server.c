/* The language server's protocol: the lifecycle (initialize, initialized,
 * shutdown, exit), requests answered or refused with the JSON-RPC and LSP
 * error codes, notifications dispatched to the documents, and $/cancelRequest
 * for requests read in the same batch. */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

enum { BEFORE_INIT, RUNNING, SHUT_DOWN };

struct lsp_server {
    lsp_out out;
    int state;
    int exited, exit_status;
    int show_document;  /* the client takes window/showDocument requests */
    json_int_t next_id; /* of the server's requests */
    lsp_docs *docs;
};

int lsp_server_new(lsp_server **out, lsp_write_fn write, void *ctx, int verbose)
{
    lsp_server *s = calloc(1, sizeof *s);
    if (!s || lsp_docs_new(&s->docs) < 0) {
        free(s);
        *out = NULL;
        return -1;
    }
    s->out.write = write;
    s->out.ctx = ctx;
    s->out.enc = LSP_UTF16;
    s->out.verbose = verbose;
    *out = s;
    return 0;
}

void lsp_server_free(lsp_server *s)
{
    if (!s)
        return;
    lsp_docs_free(s->docs);
    free(s);
}

int lsp_server_exited(const lsp_server *s, int *status)
{
    *status = s->exit_status;
    return s->exited;
}

int lsp_server_eof_status(const lsp_server *s)
{
    return s->state == SHUT_DOWN ? 0 : 1;
}

int lsp_server_flush(lsp_server *s)
{
    return lsp_docs_flush(s->docs, &s->out, NULL);
}

static void log_msg(const lsp_server *s, const char *what, const char *detail)
{
    if (s->out.verbose)
        fprintf(stderr, "tdlint lsp: %s%s\n", what, detail ? detail : "");
}

static int send(lsp_server *s, json_t *m)
{
    int rc = m ? lsp_send(s->out.write, s->out.ctx, m) : -1;
    json_decref(m);
    return rc;
}

/* A response with result (stolen; NULL: out of memory). */
static int reply(lsp_server *s, json_t *id, json_t *result)
{
    if (!result)
        return -1;
    return send(s, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                             "result", result));
}

static int reply_error(lsp_server *s, json_t *id, int code, const char *message)
{
    log_msg(s, "replied with an error: ", message);
    return send(s, json_pack("{s:s,s:O,s:{s:i,s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                             "error", "code", code, "message", message));
}

/* The position encoding to use: the first of the client's that is UTF-8
 * or UTF-32, else UTF-16 (which every client supports). */
static lsp_encoding choose_encoding(const json_t *params)
{
    json_t *encs = json_object_get(
        json_object_get(json_object_get(params, "capabilities"), "general"), "positionEncodings");
    size_t i;
    json_t *e;
    json_array_foreach(encs, i, e)
    {
        const char *name = json_string_value(e);
        if (name && strcmp(name, "utf-8") == 0)
            return LSP_UTF8;
        if (name && strcmp(name, "utf-32") == 0)
            return LSP_UTF32;
    }
    return LSP_UTF16;
}

static int initialize(lsp_server *s, json_t *id, const json_t *params)
{
    static const char *const names[] = {"utf-16", "utf-8", "utf-32"};
    s->out.enc = choose_encoding(params);
    s->show_document = json_is_true(json_object_get(
        json_object_get(json_object_get(json_object_get(params, "capabilities"), "window"),
                        "showDocument"),
        "support"));
    s->state = RUNNING;
    log_msg(s, "initialized; position encoding ", names[s->out.enc]);
    return reply(s, id,
                 json_pack("{s:{s:s,s:{s:b,s:i,s:{s:b}},s:{s:[s]},s:{s:[s]}},s:{s:s,s:s}}",
                           "capabilities", "positionEncoding", names[s->out.enc],
                           "textDocumentSync", "openClose", 1, "change", 1, "save", "includeText",
                           0, "codeActionProvider", "codeActionKinds", "quickfix",
                           "executeCommandProvider", "commands", LSP_SELECT_REASON, "serverInfo",
                           "name", "tdlint", "version", TD_VERSION));
}

static const char *doc_uri(const json_t *params)
{
    return json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
}

static int code_action(lsp_server *s, json_t *id, const json_t *params)
{
    const char *uri = doc_uri(params);
    if (!uri || !json_is_object(json_object_get(params, "range")))
        return reply_error(s, id, LSP_INVALID_PARAMS,
                           "codeAction needs textDocument.uri and range");
    lsp_doc_view v;
    if (lsp_docs_flush(s->docs, &s->out, uri) < 0)
        return -1;
    if (!lsp_docs_view(s->docs, uri, &v))
        return reply(s, id, json_array()); /* not open: nothing to offer */
    return reply(s, id, lsp_code_actions(&v, params, s->out.enc, s->show_document));
}

/* workspace/executeCommand: LSP_SELECT_REASON [uri, range] asks the client
 * to show the document with the range selected (the empty reason a
 * "suppress with a reason" action wrote), when it can; the reply is null. */
static int execute_command(lsp_server *s, json_t *id, const json_t *params)
{
    const char *cmd = json_string_value(json_object_get(params, "command"));
    json_t *args = json_object_get(params, "arguments");
    json_t *uri = json_array_get(args, 0), *range = json_array_get(args, 1);
    if (!cmd || strcmp(cmd, LSP_SELECT_REASON) != 0)
        return reply_error(s, id, LSP_INVALID_PARAMS, "unknown command");
    if (json_array_size(args) != 2 || !json_is_string(uri) ||
        !json_is_object(json_object_get(range, "start")) ||
        !json_is_object(json_object_get(range, "end")))
        return reply_error(s, id, LSP_INVALID_PARAMS,
                           LSP_SELECT_REASON " needs the arguments [uri, range]");
    if (s->show_document &&
        send(s, json_pack("{s:s,s:I,s:s,s:{s:O,s:b,s:O}}", "jsonrpc", "2.0", "id", ++s->next_id,
                          "method", "window/showDocument", "params", "uri", uri, "takeFocus", 1,
                          "selection", range)) < 0)
        return -1;
    return reply(s, id, json_null());
}

static int request(lsp_server *s, const char *method, json_t *id, const json_t *params)
{
    int is_init = strcmp(method, "initialize") == 0;
    if (s->state == BEFORE_INIT && !is_init)
        return reply_error(s, id, LSP_SERVER_NOT_INITIALIZED, "the server is not initialized");
    if (s->state == SHUT_DOWN)
        return reply_error(s, id, LSP_INVALID_REQUEST, "the server is shut down");
    if (is_init && s->state == RUNNING)
        return reply_error(s, id, LSP_INVALID_REQUEST, "the server is already initialized");
    if (is_init)
        return initialize(s, id, params);
    /* every change read before the request is linted and published first */
    if (lsp_server_flush(s) < 0)
        return -1;
    if (strcmp(method, "shutdown") == 0) {
        s->state = SHUT_DOWN;
        return reply(s, id, json_null());
    }
    if (strcmp(method, "textDocument/codeAction") == 0)
        return code_action(s, id, params);
    if (strcmp(method, "workspace/executeCommand") == 0)
        return execute_command(s, id, params);
    char text[160];
    snprintf(text, sizeof text, "unknown method: %.120s", method);
    return reply_error(s, id, LSP_METHOD_NOT_FOUND, text);
}

/* Whether uri names a configuration file (.tdlint.yaml). */
static int is_config_uri(const char *uri)
{
    size_t n = uri ? strlen(uri) : 0;
    return n >= 13 && strcmp(uri + n - 13, "/.tdlint.yaml") == 0;
}

/* The text of a full change: the last change without a range. */
static json_t *full_text(const json_t *params)
{
    json_t *changes = json_object_get(params, "contentChanges"), *text = NULL;
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c)
    {
        if (json_is_string(json_object_get(c, "text")) && !json_object_get(c, "range"))
            text = json_object_get(c, "text");
    }
    return text;
}

static int did_change(lsp_server *s, const char *method, const json_t *params)
{
    const char *uri = doc_uri(params);
    json_t *td = json_object_get(params, "textDocument");
    json_t *text = strcmp(method, "textDocument/didOpen") == 0 ? json_object_get(td, "text")
                                                               : full_text(params);
    if (!uri || !json_is_string(text)) {
        log_msg(s, "ignored: no uri or no full text in ", method);
        return 0;
    }
    if (text != json_object_get(td, "text") && !lsp_docs_view(s->docs, uri, &(lsp_doc_view){0})) {
        log_msg(s, "ignored: a change of a document that is not open: ", uri);
        return 0;
    }
    json_t *version = json_object_get(td, "version");
    return lsp_docs_set(s->docs, uri, json_string_value(text), json_string_length(text),
                        json_is_integer(version) ? version : NULL);
}

static int notification(lsp_server *s, const char *method, const json_t *params)
{
    if (strcmp(method, "exit") == 0) {
        s->exited = 1;
        s->exit_status = s->state == SHUT_DOWN ? 0 : 1;
        return 0;
    }
    if (s->state != RUNNING) {
        log_msg(s, "ignored (not running): ", method);
        return 0;
    }
    const char *uri = doc_uri(params);
    if (strcmp(method, "initialized") == 0)
        return 0;
    if (strcmp(method, "textDocument/didOpen") == 0 ||
        strcmp(method, "textDocument/didChange") == 0)
        return did_change(s, method, params);
    if (strcmp(method, "textDocument/didSave") == 0 && uri) {
        lsp_docs_touch(s->docs, is_config_uri(uri) ? NULL : uri, is_config_uri(uri));
    } else if (strcmp(method, "textDocument/didClose") == 0 && uri) {
        if (lsp_docs_close(s->docs, uri) == 1)
            return send(s, json_pack("{s:s,s:s,s:{s:s,s:[]}}", "jsonrpc", "2.0", "method",
                                     "textDocument/publishDiagnostics", "params", "uri", uri,
                                     "diagnostics"));
    } else if (strcmp(method, "workspace/didChangeWatchedFiles") == 0) {
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(params, "changes"), i, c)
        {
            const char *changed = json_string_value(json_object_get(c, "uri"));
            if (is_config_uri(changed))
                lsp_docs_touch(s->docs, NULL, 1);
            else if (changed) /* a file a Terraform document may read */
                lsp_docs_touch(s->docs, changed, 0);
        }
    } else {
        log_msg(s, "ignored notification: ", method);
    }
    return 0;
}

/* Whether id is one of the batch's cancelled ids. */
static int is_cancelled(const json_t *cancelled, const json_t *id)
{
    size_t i;
    json_t *c;
    json_array_foreach(cancelled, i, c)
    {
        if (json_equal(c, id))
            return 1;
    }
    return 0;
}

/* One message: 0, or -1. */
static int handle(lsp_server *s, json_t *msg, const json_t *cancelled)
{
    json_t *method = json_object_get(msg, "method"), *id = json_object_get(msg, "id");
    json_t *params = json_object_get(msg, "params");
    int valid_id = json_is_integer(id) || json_is_string(id);
    if (!json_is_object(msg))
        return reply_error(s, NULL, LSP_INVALID_REQUEST, "a message must be a JSON object");
    if (!method && id && (json_object_get(msg, "result") || json_object_get(msg, "error")))
        return 0; /* a response (to window/showDocument): nothing to do */
    const char *version = json_string_value(json_object_get(msg, "jsonrpc"));
    if (!json_is_string(method) || (id && !valid_id) || !version || strcmp(version, "2.0") != 0) {
        if (!id && json_is_string(method))
            return 0; /* a notification cannot be answered */
        return reply_error(s, valid_id ? id : NULL, LSP_INVALID_REQUEST,
                           "not a JSON-RPC 2.0 request or notification");
    }
    if (!id)
        return notification(s, json_string_value(method), params);
    if (is_cancelled(cancelled, id) && s->state == RUNNING)
        return reply_error(s, id, LSP_REQUEST_CANCELLED, "the request was cancelled");
    return request(s, json_string_value(method), id, params);
}

int lsp_server_batch(lsp_server *s, json_t **msgs, const char **whys, size_t n)
{
    json_t *cancelled = json_array();
    if (!cancelled)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *m = json_string_value(json_object_get(msgs[i], "method"));
        if (m && strcmp(m, "$/cancelRequest") == 0)
            json_array_append(cancelled, json_object_get(json_object_get(msgs[i], "params"), "id"));
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0 && !s->exited; i++) {
        if (!msgs[i]) {
            log_msg(s, "unreadable message: ", whys[i]);
            rc = reply_error(s, NULL, LSP_PARSE_ERROR, whys[i]);
        } else {
            rc = handle(s, msgs[i], cancelled);
        }
    }
    json_decref(cancelled);
    return rc;
}
