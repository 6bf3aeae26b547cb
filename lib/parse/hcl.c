/* Terraform's HCL (.tf), parsed by tree-sitter with the tree-sitter-hcl
 * grammar (third_party/), into one document in Terraform's JSON syntax
 * (hcl_build.c). The text must be UTF-8; a tree with an error node is a
 * syntax error, located at the first one. Every comment is kept in the
 * result (inline ignores are comments). tree-sitter's memory is the
 * library's (hcl_alloc.c): running out of it anywhere ends the load with
 * TD_ENOMEM. */
#include "hcl.h"

#include <pthread.h>
#include <string.h>

const TSLanguage *tree_sitter_hcl(void);

static tdi_hcl_symbols symbols;
static pthread_once_t symbols_once = PTHREAD_ONCE_INIT;

static TSSymbol named(const char *name)
{
    return ts_language_symbol_for_name(tree_sitter_hcl(), name, (uint32_t)strlen(name), true);
}

static void symbols_init(void)
{
    tdi_hcl_symbols *y = &symbols;
    y->body = named("body");
    y->attribute = named("attribute");
    y->block = named("block");
    y->identifier = named("identifier");
    y->string_lit = named("string_lit");
    y->block_start = named("block_start");
    y->expression = named("expression");
    y->literal_value = named("literal_value");
    y->numeric_lit = named("numeric_lit");
    y->bool_lit = named("bool_lit");
    y->null_lit = named("null_lit");
    y->collection_value = named("collection_value");
    y->tuple = named("tuple");
    y->object = named("object");
    y->object_elem = named("object_elem");
    y->function_call = named("function_call");
    y->function_arguments = named("function_arguments");
    y->template_expr = named("template_expr");
    y->operation = named("operation");
    y->unary_operation = named("unary_operation");
    y->variable_expr = named("variable_expr");
    y->comment = named("comment");
}

/* One load: what must be freed whether it ends or jumps out of memory. */
typedef struct {
    tdi_ts_session session;
    TSParser *parser;
    TSTree *tree;
    TSTreeCursor cursor;
    int cursor_live;
    int arena_on; /* jansson allocates from the document's arena */
    size_t comments_cap;
    TSNode first_error;
    int has_error;
    char *lexed; /* what tree-sitter parses when it is not the text (exponents) */
    tdi_hcl_build build;
} hcl_run;

/* The first byte of text[0..len) that is not UTF-8, or len. */
static size_t bad_utf8(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = tdi_utf8_decode(s + i, len - i, NULL);
        if (!k)
            return i;
        i += k;
    }
    return len;
}

/* A byte of a name (HCL's names hold '-'). */
static int namey(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c >= 0x80;
}

static int digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* The end of the numeral with an exponent and no fraction (1e5, 2E-3) that
 * starts at s[i], or i when there is none there: the digits must not
 * continue a name or a number (run: where the run of name bytes before s[i]
 * starts), except after a '-' that is a minus (a run of its own, or after
 * a number: 5-1e5, not a-1e5, which is a name). */
static size_t exponent_end(const unsigned char *s, size_t len, size_t i, size_t run)
{
    if (!digit(s[i]))
        return i;
    if (i > 0 && (s[i - 1] == '.' || (namey(s[i - 1]) && s[i - 1] != '-')))
        return i;
    if (i > 0 && s[i - 1] == '-' && (run < i - 1 ? !digit(s[run]) : i >= 2 && s[i - 2] == '.'))
        return i;
    size_t j = i;
    while (j < len && digit(s[j]))
        j++;
    if (j == len || (s[j] != 'e' && s[j] != 'E'))
        return i;
    j++;
    if (j < len && (s[j] == '+' || s[j] == '-'))
        j++;
    size_t d = j;
    while (j < len && digit(s[j]))
        j++;
    if (j == d || (j < len && (s[j] == '.' || (namey(s[j]) && s[j] != '-'))))
        return i;
    return j;
}

/* HCL reads 1e5 as one number, but the grammar's numeral needs a fraction
 * before an exponent (1.0e5) and sees 1 then the name e5. What tree-sitter
 * parses is the text with each such numeral written as digits of the same
 * length (1e5 as 100): the same tokens HCL sees, at the same offsets, and
 * every value is read from the text itself (hcl_value.c converts 1e5). A
 * rewrite inside a string, heredoc or comment changes no token there. NULL
 * in *lexed when the text has no such numeral. */
static int exponents(const char *text, size_t len, char **lexed)
{
    const unsigned char *s = (const unsigned char *)text;
    *lexed = NULL;
    for (size_t i = 0, run = 0; i < len; i++) {
        if (i == 0 || !namey(s[i - 1]))
            run = i;
        size_t e = exponent_end(s, len, i, run);
        if (e == i)
            continue;
        if (!*lexed) {
            *lexed = tdi_malloc(len ? len : 1);
            if (!*lexed)
                return TD_ENOMEM;
            memcpy(*lexed, text, len);
        }
        memset(*lexed + i, '0', e - i);
        (*lexed)[i] = '1';
        i = e - 1;
    }
    return TD_OK;
}

/* Walks the whole tree once: every comment into out->comments, the first
 * error or missing node; the cursor's stack grows to the tree's depth. */
static int walk(hcl_run *r, tdi_loaded *out)
{
    TSTreeCursor *c = &r->cursor;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(c);
        if (ts_node_symbol(n) == symbols.comment) {
            if (tdi_grow((void **)&out->comments, &r->comments_cap, out->ncomments + 1,
                         sizeof *out->comments) < 0)
                return TD_ENOMEM;
            out->comments[out->ncomments++] = (tdi_span){r->build.base + ts_node_start_byte(n),
                                                         r->build.base + ts_node_end_byte(n)};
        }
        if (!r->has_error && (ts_node_is_error(n) || ts_node_is_missing(n))) {
            r->has_error = 1;
            r->first_error = n;
        }
        if (ts_tree_cursor_goto_first_child(c))
            continue;
        while (!ts_tree_cursor_goto_next_sibling(c))
            if (!ts_tree_cursor_goto_parent(c))
                return TD_OK;
    }
}

/* What a missing node stands for, in a message. */
static const char *missing_what(const char *type)
{
    static const char *const names[][2] = {
        {"block_end", "'}'"},
        {"object_end", "'}'"},
        {"tuple_end", "']'"},
        {"quoted_template_end", "the closing '\"' of a string"},
        {"template_interpolation_end", "the '}' that closes '${'"},
        {"template_directive_end", "the '}' that closes '%{'"},
        {"heredoc_identifier", "the closing marker of a heredoc"},
        {"identifier", "a name"},
        {"expression", "an expression"},
        {"_function_call_end", "')'"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(type, names[i][0]) == 0)
            return names[i][1];
    return NULL;
}

/* The brackets the tokens of the error node at the cursor (its root) open
 * and do not close: their count, and the offset of the last one in *at. */
static size_t unclosed(hcl_run *r, size_t *at)
{
    TSTreeCursor *c = &r->cursor;
    size_t depth = 0, open_at[64];
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(c);
        if (ts_node_child_count(n) == 0 && ts_node_end_byte(n) - ts_node_start_byte(n) == 1) {
            size_t o = r->build.base + ts_node_start_byte(n);
            char ch = r->build.src[o];
            if (ch == '{' || ch == '[' || ch == '(')
                open_at[depth++ % 64] = o;
            else if ((ch == '}' || ch == ']' || ch == ')') && depth > 0)
                depth--;
        }
        if (ts_tree_cursor_goto_first_child(c))
            continue;
        while (!ts_tree_cursor_goto_next_sibling(c))
            if (!ts_tree_cursor_goto_parent(c)) {
                if (depth > 0)
                    *at = open_at[(depth - 1) % 64];
                return depth;
            }
    }
}

/* Records the syntax error of the tree at r->first_error. */
static int syntax_error(hcl_run *r, tdi_loaded *out)
{
    TSNode n = r->first_error;
    const char *s = r->build.src;
    size_t base = r->build.base;
    tdi_span sp = {base + ts_node_start_byte(n), base + ts_node_end_byte(n)};
    if (ts_node_is_missing(n)) {
        const char *type = ts_node_type(n);
        const char *what = missing_what(type);
        if (what)
            return tdi_loaded_fail(out, TDI_LOAD_SYNTAX, sp.start, sp.start,
                                   "HCL syntax error: missing %s", what);
        return tdi_loaded_fail(out, TDI_LOAD_SYNTAX, sp.start, sp.start,
                               "HCL syntax error: missing '%s'", type);
    }
    /* an error node that runs to the end with a bracket left open: the end came too soon */
    size_t at;
    ts_tree_cursor_reset(&r->cursor, n);
    if (sp.end >= r->build.root_end && unclosed(r, &at) > 0) {
        td_position p = tdi_source_position(&out->src, at);
        return tdi_loaded_fail(out, TDI_LOAD_SYNTAX, r->build.root_end, r->build.root_end,
                               "HCL syntax error: unexpected end of file: the '%c' at line %lu, "
                               "column %lu is not closed",
                               s[at], p.line, p.column);
    }
    /* else the first token in it that has bytes */
    TSNode t = n;
    while (ts_node_child_count(t) > 0) {
        TSNode k = ts_node_child(t, 0);
        for (uint32_t i = 1;
             ts_node_end_byte(k) == ts_node_start_byte(k) && i < ts_node_child_count(t); i++)
            k = ts_node_child(t, i);
        if (ts_node_end_byte(k) == ts_node_start_byte(k))
            break;
        t = k;
    }
    tdi_span ts = {base + ts_node_start_byte(t), base + ts_node_end_byte(t)};
    if (ts.end > ts.start && s[ts.start] == '\\') {
        size_t e = ts.start + 2 <= r->build.root_end ? ts.start + 2 : ts.start + 1;
        tdi_buf esc;
        tdi_buf_init(&esc);
        tdi_buf_escaped(&esc, s + ts.start, e - ts.start, TDI_QUOTE_MAX);
        int err = esc.failed ? TD_ENOMEM
                             : tdi_loaded_fail(out, TDI_LOAD_SYNTAX, ts.start, e,
                                               "HCL syntax error: an invalid escape sequence %s "
                                               "in a string (HCL knows \\n \\r \\t \\\" "
                                               "\\\\ \\uNNNN \\UNNNNNNNN)",
                                               esc.data);
        tdi_buf_free(&esc);
        return err;
    }
    tdi_buf tok;
    tdi_buf_init(&tok);
    tdi_buf_escaped(&tok, s + ts.start, ts.end - ts.start, TDI_QUOTE_MAX);
    int err = tok.failed
                  ? TD_ENOMEM
                  : tdi_loaded_fail(out, TDI_LOAD_SYNTAX, ts.start, ts.end,
                                    "HCL syntax error: unexpected '%s'", tok.data ? tok.data : "");
    tdi_buf_free(&tok);
    return err;
}

/* Parses, walks, builds; deletes what tree-sitter made. Every allocation
 * of tree-sitter may jump out of it (see guarded). */
static int run(hcl_run *r, const char *text, size_t len, tdi_loaded *out)
{
    r->parser = ts_parser_new();
    ts_parser_set_language(r->parser, tree_sitter_hcl());
    r->tree = ts_parser_parse_string(r->parser, NULL, r->lexed ? r->lexed : text, (uint32_t)len);
    ts_parser_delete(r->parser); /* its stacks: the tree is all that is needed now */
    r->parser = NULL;
    int err = r->tree ? TD_OK : TD_ENOMEM;
    if (err == TD_OK) {
        r->cursor = ts_tree_cursor_new(ts_tree_root_node(r->tree));
        r->cursor_live = 1;
        err = walk(r, out);
    }
    if (err == TD_OK && r->has_error) {
        err = syntax_error(r, out);
    } else if (err == TD_OK) {
        ts_tree_cursor_reset(&r->cursor, ts_tree_root_node(r->tree));
        r->build.cursor = &r->cursor;
        tdi_doc *doc = r->build.doc;
        doc->tree_in_arena = tdi_json_arena_begin(&doc->arena);
        r->arena_on = 1;
        err = tdi_hcl_build_doc(&r->build);
        tdi_json_arena_end();
        r->arena_on = 0;
    }
    if (r->cursor_live)
        ts_tree_cursor_delete(&r->cursor);
    r->cursor_live = 0;
    if (r->tree)
        ts_tree_delete(r->tree);
    r->tree = NULL;
    if (err == TD_OK) /* the parse tree gone, its memory free for the index */
        err = tdi_hcl_build_index(&r->build);
    return err;
}

/* run, with the point an allocation failure in tree-sitter jumps back to. */
static int guarded(hcl_run *r, const char *text, size_t len, tdi_loaded *out)
{
    if (setjmp(r->session.jump))
        return TD_ENOMEM;
    return run(r, text, len, out);
}

int tdi_load_hcl(const char *text, size_t len, size_t base, tdi_loaded *out)
{
    size_t bad = bad_utf8(text, len);
    if (bad < len)
        return tdi_loaded_fail(out, TDI_LOAD_SYNTAX, base + bad, base + bad + 1,
                               "HCL syntax error: unable to decode byte 0x%02x: the file is not "
                               "UTF-8",
                               (unsigned char)text[bad]);
    if (len > UINT32_MAX)
        return tdi_loaded_fail(out, TDI_LOAD_INVALID, base, base,
                               "an HCL file bigger than 4 GiB, more than tdlint reads");
    pthread_once(&symbols_once, symbols_init);
    out->docs = tdi_calloc(1, sizeof *out->docs);
    if (!out->docs)
        return TD_ENOMEM;
    out->ndocs = 1;
    tdi_doc *doc = &out->docs[0];
    tdi_doc_init(doc, TDI_FORMAT_HCL);
    doc->text = text - base;
    doc->text_len = base + len;
    doc->string_text = tdi_hcl_string_text;
    hcl_run r;
    memset(&r, 0, sizeof r);
    r.build.src = text - base;
    r.build.base = base;
    r.build.root_end = base + len;
    while (r.build.root_end > base && tdi_hcl_blank(text[r.build.root_end - base - 1]))
        r.build.root_end--;
    r.build.out = out;
    r.build.doc = doc;
    r.build.sym = &symbols;
    tdi_arena_init(&r.build.arena);
    tdi_buf_init(&r.build.buf);
    int err = exponents(text, len, &r.lexed);
    tdi_ts_begin(&r.session);
    if (err == TD_OK)
        err = guarded(&r, text, len, out);
    if (r.arena_on)
        tdi_json_arena_end();
    tdi_ts_end(&r.session); /* after a jump: every block tree-sitter held */
    tdi_hcl_build_free(&r.build);
    tdi_free(r.lexed);
    if (err < 0 || out->status != TDI_LOAD_OK) { /* no document: the error instead */
        tdi_doc_free(doc);
        tdi_free(out->docs);
        out->docs = NULL;
        out->ndocs = 0;
    }
    return err;
}
