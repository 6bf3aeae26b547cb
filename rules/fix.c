/* Safe fixes of TD001 and TD003: the one edit that makes a literal
 * root-filesystem setting right, written in the file's own style (its
 * indentation, separators, quotes, line ends), attached to the finding added
 * last; or, when the setting is not written literally, why not. Nothing
 * else in the file moves. */
#include "rules.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- the text around a node ---- */

static int is_eol(char c)
{
    return c == '\n' || c == '\r';
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Where the line holding pos starts. */
static size_t line_start(const tdi_source *src, size_t pos)
{
    while (pos > src->bom && !is_eol(src->data[pos - 1]))
        pos--;
    return pos;
}

/* Where the line end after pos starts (len when there is none). */
static size_t line_end(const tdi_source *src, size_t pos)
{
    while (pos < src->len && !is_eol(src->data[pos]))
        pos++;
    return pos;
}

/* The line end at pos (LF, CRLF or CR): its length, 0 when none. */
static size_t eol_len(const tdi_source *src, size_t pos)
{
    if (pos >= src->len || !is_eol(src->data[pos]))
        return 0;
    return src->data[pos] == '\r' && pos + 1 < src->len && src->data[pos + 1] == '\n' ? 2 : 1;
}

/* The file's first line end, LF when it has none. */
static void file_eol(const tdi_source *src, tdi_buf *b)
{
    size_t at = line_end(src, src->bom);
    size_t n = eol_len(src, at);
    tdi_buf_add(b, n ? src->data + at : "\n", n ? n : 1);
}

static int has_eol(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_eol(s[i]))
            return 1;
    return 0;
}

/* ---- attaching ---- */

static void fix(tdi_ctx *ctx, size_t start, size_t end, tdi_buf *text, const char *fmt, ...)
    TDI_PRINTF(5, 6);
static void fix(tdi_ctx *ctx, size_t start, size_t end, tdi_buf *text, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = tdi_vformat(fmt, ap);
    va_end(ap);
    if (!what || text->failed)
        ctx->out->failed = 1;
    else
        tdi_finding_fix(ctx->out, (tdi_span){start, end}, text->data ? text->data : "", what);
    tdi_free(what);
    tdi_buf_free(text);
}

static void unfixable(tdi_ctx *ctx, const char *fmt, ...) TDI_PRINTF(2, 3);
static void unfixable(tdi_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *why = tdi_vformat(fmt, ap);
    va_end(ap);
    if (!why)
        ctx->out->failed = 1;
    else
        tdi_finding_unfixable(ctx->out, why);
    tdi_free(why);
}

/* ---- what may be edited ---- */

/* Terraform: no fix (1, the reason given) */
static int terraform(tdi_ctx *ctx, const tdi_task *t)
{
    if (t->terraform == TDI_TF_PLAN)
        unfixable(ctx, "a Terraform plan is generated: set %s in the Terraform configuration",
                  t->ro_key);
    else if (t->terraform)
        unfixable(ctx, "tdlint does not fix Terraform configurations yet: set %s by hand",
                  t->ro_key);
    return t->terraform != 0;
}

/* Whether c is a mapping written where it stands: not a YAML alias, nor a
 * node an alias shares. Else says why not. */
static int literal_container(tdi_ctx *ctx, const tdi_container *c)
{
    const tdi_nodeloc *rec = tdi_doc_node(ctx->doc, c->node);
    /* an alias shares its anchor's node, which then has more than one
     * reference (the loader holds none once it is done) */
    if (!rec || rec->span.start != c->span.start || rec->span.end != c->span.end ||
        c->node->refcount > 1 ||
        (c->span.start < ctx->src->len && ctx->src->data[c->span.start] == '*')) {
        unfixable(ctx, "the container definition is a YAML anchor or alias that other "
                       "containers share: fix it by hand");
        return 0;
    }
    return 1;
}

/* Whether member m was written in the mapping itself, not merged into it
 * with YAML's <<. Else says why not. */
static int own_member(tdi_ctx *ctx, const tdi_member *m)
{
    if (m->key_span.end - m->key_span.start == 2 &&
        memcmp(ctx->src->data + m->key_span.start, "<<", 2) == 0) {
        unfixable(ctx, "the key comes from a YAML merge (<<): fix the mapping it merges");
        return 0;
    }
    return 1;
}

/* The quote a token starts with, or 0. */
static char quote_of(const tdi_source *src, tdi_span s)
{
    char q = s.start < s.end ? src->data[s.start] : 0;
    return q == '"' || q == '\'' ? q : 0;
}

/* Appends word (true, True, TRUE) in the letter case of the word w[0..n)
 * it replaces. */
static void put_cased(tdi_buf *b, const char *w, size_t n, const char *lower, const char *title,
                      const char *upper)
{
    int up = n > 1 && w[0] >= 'A' && w[0] <= 'Z', all = up;
    for (size_t i = 1; i < n && all; i++)
        all = w[i] >= 'A' && w[i] <= 'Z';
    tdi_buf_puts(b, all ? upper : up ? title : lower);
}

static int word_in(const char *s, size_t n, const char *const *words)
{
    for (; *words; words++)
        if (strlen(*words) == n && memcmp(s, *words, n) == 0)
            return 1;
    return 0;
}

/* The spellings of false and null this fix rewrites (JSON's, and YAML 1.1's
 * as CloudFormation reads them), and of the string false. */
static const char *const FALSY[] = {"false", "False", "FALSE", "no",   "No",   "NO", "off",
                                    "Off",   "OFF",   "null",  "Null", "NULL", NULL};

/* ---- TD001 ---- */

static int writable(tdi_ro_kind k)
{
    return k == TDI_RO_MISSING || k == TDI_RO_FALSE || k == TDI_RO_NULL || k == TDI_RO_STRING_FALSE;
}

/* Why a value reached through w (a deployment path) is not edited. */
static void computed(tdi_ctx *ctx, const tdi_task *t, const tdi_when *w)
{
    switch (w->kind) {
    case TDI_WHEN_CONDITION:
        unfixable(ctx, "%s is chosen by Fn::If on condition %s: set it to true in that branch",
                  t->ro_key, w->name);
        break;
    case TDI_WHEN_PARAMETER:
        unfixable(ctx, "%s comes from parameter %s: deploy it with true, and make its Default true",
                  t->ro_key, w->name);
        break;
    default:
        unfixable(ctx, "%s comes from mapping %s (%s): set that entry to true", t->ro_key, w->name,
                  w->value ? w->value : "");
    }
}

/* The boolean an inserted key gets: true, or "true" in a template whose
 * other containers quote theirs. */
static void inserted_true(tdi_ctx *ctx, const tdi_task *t, tdi_buf *b)
{
    if (ctx->quote_task != t) { /* once per task: a task may have many containers */
        char q = 0;
        for (size_t i = 0; i < t->ncontainers && !q && t->flavor == TDI_FLAVOR_CFN; i++) {
            const tdi_member *m = tdi_container_member(ctx->doc, t, &t->containers[i], TDI_CKEY_RO);
            if (m)
                q = quote_of(ctx->src, m->value_span);
        }
        ctx->quote_task = t;
        ctx->quote = q;
    }
    if (ctx->quote)
        tdi_buf_putc(b, ctx->quote);
    tdi_buf_puts(b, "true");
    if (ctx->quote)
        tdi_buf_putc(b, ctx->quote);
}

/* Whether m's key is one the model reads: a pruned load and a whole one
 * both hold it, so that what the fix copies from it is the same either way. */
static int model_key(const tdi_task *t, const tdi_member *m)
{
    for (int k = 0; k < TDI_NCKEYS; k++)
        if (m->key && strcmp(m->key, tdi_container_keys[t->flavor][k]) == 0)
            return 1;
    return 0;
}

/* The separator between key and value of the first member of rec with a key
 * the model reads and its value on the same line (": ", ":"), or NULL. */
static const char *kv_separator(const tdi_source *src, const tdi_task *t, const tdi_nodeloc *rec,
                                int json, size_t *len)
{
    for (size_t i = 0; i < rec->n; i++) {
        const tdi_member *m = &rec->members[i];
        const char *s = src->data + m->key_span.end;
        size_t n = m->value_span.start - m->key_span.end;
        if (model_key(t, m) && m->value_span.start > m->key_span.end && !has_eol(s, n) &&
            memchr(s, ':', n) && m->value_span.end > m->value_span.start &&
            (json || s[n - 1] == ' ' || s[n - 1] == '\t')) { /* YAML: a blank after ':' */
            *len = n;
            return s;
        }
    }
    return NULL;
}

/* "KEY: true" for mapping rec, with the quotes of its first key the model
 * reads and its key-value separator. */
static void new_member(tdi_ctx *ctx, const tdi_task *t, const tdi_nodeloc *rec, tdi_buf *b)
{
    char q = ctx->doc->format == TDI_FORMAT_JSON ? '"' : 0;
    for (size_t i = 0; i < rec->n && !q; i++)
        if (model_key(t, &rec->members[i])) {
            q = quote_of(ctx->src, rec->members[i].key_span);
            break;
        }
    size_t seplen = 0;
    const char *sep = kv_separator(ctx->src, t, rec, ctx->doc->format == TDI_FORMAT_JSON, &seplen);
    if (q)
        tdi_buf_putc(b, q);
    tdi_buf_puts(b, t->ro_key);
    if (q)
        tdi_buf_putc(b, q);
    tdi_buf_add(b, sep ? sep : ": ", sep ? seplen : 2);
    inserted_true(ctx, t, b);
}

/* Appends the blanks s[0..n) after a comma, but for blank lines: from the
 * last line break on (a new member takes one line), or all of them when on
 * one line. */
static void put_last_line_break(tdi_buf *b, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
            from = i + 1;
    if (from > 0) { /* back to the start of that line break: LF, CRLF or CR */
        from--;
        if (s[from] == '\n' && from > 0 && s[from - 1] == '\r')
            from--;
    }
    tdi_buf_add(b, s + from, n - from);
}

/* What goes between the last member of flow mapping rec and a new one, as
 * the mapping separates its members: the blanks, comma and blanks after the
 * value of its first key the model reads that another member follows; with
 * no such member, a comma and the line end and indentation between its
 * brace and its first key when they are on different lines; else ", ", or ","
 * when keys and values are written without a space (minified JSON). */
static void member_separator(const tdi_source *src, const tdi_task *t, const tdi_nodeloc *rec,
                             tdi_buf *b)
{
    size_t close = rec->span.end - 1;
    for (size_t i = 0; i < rec->n; i++) {
        const tdi_member *m = &rec->members[i];
        if (!model_key(t, m))
            continue;
        size_t a = m->value_span.end, z = a;
        while (z < close && is_blank(src->data[z]))
            z++;
        if (z >= close || src->data[z] != ',')
            continue;
        for (z++; z < close && is_blank(src->data[z]); z++)
            ;
        if (z < close && src->data[z] != '}' && src->data[z] != '#') {
            size_t comma = a;
            while (src->data[comma] != ',')
                comma++;
            /* one line break at most: a comma-first style keeps its own, the
             * rest the last after the comma (mixed line ends: the last one) */
            if (has_eol(src->data + a, comma - a)) {
                put_last_line_break(b, src->data + a, comma - a);
                tdi_buf_putc(b, ',');
                for (size_t k = comma + 1; k < z && !is_eol(src->data[k]); k++)
                    tdi_buf_putc(b, src->data[k]);
                return;
            }
            tdi_buf_add(b, src->data + a, comma + 1 - a);
            put_last_line_break(b, src->data + comma + 1, z - comma - 1);
            return;
        }
    }
    size_t open = rec->span.start + 1, first = open;
    while (first < close && is_blank(src->data[first]))
        first++;
    if (first < close && src->data[first] != '#' && has_eol(src->data + open, first - open)) {
        tdi_buf_putc(b, ',');
        put_last_line_break(b, src->data + open, first - open);
        return;
    }
    size_t seplen = 0;
    const char *sep = kv_separator(src, t, rec, 1, &seplen);
    tdi_buf_puts(b, sep && !memchr(sep, ' ', seplen) ? "," : ", ");
}

/* Inserts the key into flow mapping rec ({...}: JSON, or YAML's flow style)
 * after its last member. */
static void insert_flow(tdi_ctx *ctx, const tdi_task *t, const tdi_nodeloc *rec)
{
    const tdi_source *src = ctx->src;
    size_t close = rec->span.end - 1, p = close;
    while (p > rec->span.start + 1 && is_blank(src->data[p - 1]))
        p--;
    tdi_buf b;
    tdi_buf_init(&b);
    if (ctx->doc->format == TDI_FORMAT_YAML) {
        /* the line of p within the mapping (a '#' before the mapping on its
         * line would have commented the mapping out): bounded, so that a
         * one-line flow list of many containers is not quadratic */
        size_t ls = p;
        while (ls > rec->span.start && !is_eol(src->data[ls - 1]))
            ls--;
        if (memchr(src->data + ls, '#', p - ls)) {
            tdi_buf_free(&b);
            unfixable(ctx, "a comment ends the container definition: add %s: true to it",
                      t->ro_key);
            return;
        }
    }
    if (p == rec->span.start + 1) { /* {} */
        new_member(ctx, t, rec, &b);
    } else if (src->data[p - 1] == ',') { /* YAML's trailing comma: kept */
        tdi_buf_putc(&b, ' ');
        new_member(ctx, t, rec, &b);
        tdi_buf_putc(&b, ',');
    } else {
        if (src->data[p - 1] == ':') /* YAML: the last key has no value ({a:}) */
            tdi_buf_putc(&b, ' ');
        member_separator(src, t, rec, &b);
        new_member(ctx, t, rec, &b);
    }
    fix(ctx, p, p, &b, "set %s to true", t->ro_key);
}

/* Whether block mapping rec's text holds a block scalar (| or > with its
 * indicators, where a value starts) that keeps its trailing line breaks
 * (|+, >2+), or any block scalar when any is true: the lines after the
 * mapping's last value, or a line break added at the end of the file, would
 * change that scalar. */
static int block_scalar(const tdi_source *src, const tdi_nodeloc *rec, int any)
{
    for (size_t i = rec->span.start; i < rec->span.end; i++) {
        if (src->data[i] != '|' && src->data[i] != '>')
            continue;
        size_t p = i; /* a value starts here: after ": " or "- ", or at a line's start */
        while (p > rec->span.start && (src->data[p - 1] == ' ' || src->data[p - 1] == '\t'))
            p--;
        if (p > rec->span.start && src->data[p - 1] != ':' && src->data[p - 1] != '-' &&
            !is_eol(src->data[p - 1]))
            continue;
        int keep = 0;
        size_t k = i + 1;
        for (; k < src->len && src->data[k] && strchr("+-123456789", src->data[k]); k++)
            keep |= src->data[k] == '+';
        while (k < src->len && (src->data[k] == ' ' || src->data[k] == '\t'))
            k++;
        if ((k >= src->len || is_eol(src->data[k]) || src->data[k] == '#') && (any || keep))
            return 1;
    }
    return 0;
}

/* Inserts the key into YAML block mapping rec: a line of its own after the
 * mapping's last line, at the column of its keys. */
static void insert_block(tdi_ctx *ctx, const tdi_task *t, const tdi_nodeloc *rec)
{
    const tdi_source *src = ctx->src;
    size_t eol = line_end(src, rec->span.end), n = eol_len(src, eol);
    size_t ls = line_start(src, rec->span.start);
    for (size_t i = ls; i < rec->span.start; i++)
        if (src->data[i] != ' ' && src->data[i] != '\t' && src->data[i] != '-') {
            unfixable(ctx,
                      "the container definition's first key does not start its line: add "
                      "%s: true to it",
                      t->ro_key);
            return;
        }
    if (block_scalar(src, rec, n == 0)) {
        unfixable(ctx,
                  "a block scalar in the container definition would change with a line after "
                  "it: add %s: true to it",
                  t->ro_key);
        return;
    }
    tdi_buf b;
    tdi_buf_init(&b);
    if (n == 0)
        file_eol(src, &b);
    /* the keys' column: what comes before the first key on its line ("  - "),
     * a space for each character but tabs */
    for (size_t i = ls; i < rec->span.start; i++)
        tdi_buf_putc(&b, src->data[i] == '\t' ? '\t' : ' ');
    new_member(ctx, t, rec, &b);
    if (n)
        tdi_buf_add(&b, src->data + eol, n);
    size_t at = eol + n;
    fix(ctx, at, at, &b, "set %s to true", t->ro_key);
}

/* Replaces false, null or "false" at member m's value with true in the same
 * style: quotes kept, letter case followed; an empty YAML value gets one. */
static void replace_false(tdi_ctx *ctx, const tdi_task *t, const tdi_member *m)
{
    const tdi_source *src = ctx->src;
    tdi_span v = m->value_span;
    const char *s = src->data + v.start;
    size_t n = v.end - v.start;
    char q = quote_of(src, v);
    tdi_buf b;
    tdi_buf_init(&b);
    if (n == 0 || (n == 1 && s[0] == '~')) { /* YAML's null: empty or ~ */
        size_t colon = m->key_span.end;
        while (colon < src->len && src->data[colon] != ':' && !is_eol(src->data[colon]))
            colon++;
        if (n == 0 && (colon >= src->len || src->data[colon] != ':')) {
            tdi_buf_free(&b);
            unfixable(ctx, "tdlint does not rewrite this spelling of the value: write true");
            return;
        }
        if (n == 0) {
            v.start = v.end = colon + 1;
            int spaced = v.start < src->len && src->data[v.start] == ' ';
            if (spaced)
                v.start = v.end = v.start + 1;
            tdi_buf_puts(&b, spaced ? "true" : " true");
        } else {
            tdi_buf_puts(&b, "true");
        }
    } else if (q && n >= 2 && s[n - 1] == q && n - 2 == 5 && strncasecmp(s + 1, "false", 5) == 0) {
        tdi_buf_putc(&b, q);
        put_cased(&b, s + 1, n - 2, "true", "True", "TRUE");
        tdi_buf_putc(&b, q);
    } else if (!q && word_in(s, n, FALSY)) {
        put_cased(&b, s, n, "true", "True", "TRUE");
    } else if (s[0] == '&' || s[0] == '*') {
        tdi_buf_free(&b);
        unfixable(ctx, "the value is a YAML anchor or alias that other keys may share: write "
                       "true by hand");
        return;
    } else if (s[0] == '!') {
        tdi_buf_free(&b);
        unfixable(ctx, "the value has a YAML tag: write true by hand");
        return;
    } else {
        tdi_buf_free(&b);
        unfixable(ctx, "tdlint does not rewrite this spelling of the value: write true");
        return;
    }
    fix(ctx, v.start, v.end, &b, "set %s to true", t->ro_key);
}

void tdi_fix_td001(tdi_ctx *ctx, const tdi_task *t, const tdi_container *c)
{
    if (terraform(ctx, t))
        return;
    const tdi_ro_value *v = NULL;
    size_t nwritable = 0;
    for (size_t k = 0; k < c->nro; k++)
        if (writable(c->ro[k].kind)) {
            nwritable++;
            if (!v || (!v->nwhen && c->ro[k].nwhen))
                v = &c->ro[k];
        }
    if (!v)
        return;
    if (v->nwhen) {
        computed(ctx, t, &v->when[0]);
        return;
    }
    if (c->nro != 1 || nwritable != 1) {
        unfixable(ctx, "%s is computed by an intrinsic function: make it true where it is computed",
                  t->ro_key);
        return;
    }
    if (c->ntypos) {
        unfixable(ctx, "a key near %s is in the container definition: rename it (TD003)",
                  t->ro_key);
        return;
    }
    if (!literal_container(ctx, c))
        return;
    const tdi_member *m = tdi_container_member(ctx->doc, t, c, TDI_CKEY_RO);
    if (v->kind == TDI_RO_MISSING && !m) {
        const tdi_nodeloc *rec = tdi_doc_node(ctx->doc, c->node);
        if (ctx->src->data[rec->span.start] == '{' && rec->span.end > rec->span.start &&
            ctx->src->data[rec->span.end - 1] == '}')
            insert_flow(ctx, t, rec);
        else
            insert_block(ctx, t, rec);
    } else if (v->kind == TDI_RO_MISSING) {
        unfixable(ctx, "%s is removed with Ref AWS::NoValue: write true in its place", t->ro_key);
    } else if (!m || m->value_span.start != v->span.start || m->value_span.end != v->span.end) {
        unfixable(ctx, "%s is computed by an intrinsic function: make it true where it is computed",
                  t->ro_key);
    } else if (own_member(ctx, m)) {
        replace_false(ctx, t, m);
    }
}

/* ---- TD003 ---- */

void tdi_fix_td003_key(tdi_ctx *ctx, const tdi_task *t, const tdi_container *c,
                       const tdi_typo *typo)
{
    if (terraform(ctx, t))
        return;
    if (t->windows) {
        unfixable(ctx, "Windows containers do not support %s: remove the key", t->ro_key);
        return;
    }
    if (c->ntypos > 1) {
        unfixable(ctx, "%zu keys are near %s: keep one and rename it", c->ntypos, t->ro_key);
        return;
    }
    if (tdi_container_member(ctx->doc, t, c, TDI_CKEY_RO)) {
        unfixable(ctx, "%s is set too: remove this key", t->ro_key);
        return;
    }
    const tdi_member *m = tdi_doc_member(ctx->doc, c->node, typo->key);
    if (!m || !literal_container(ctx, c) || !own_member(ctx, m))
        return;
    char q = ctx->doc->format == TDI_FORMAT_JSON ? '"' : quote_of(ctx->src, m->key_span);
    tdi_buf b;
    tdi_buf_init(&b);
    if (q)
        tdi_buf_putc(&b, q);
    tdi_buf_puts(&b, t->ro_key);
    if (q)
        tdi_buf_putc(&b, q);
    fix(ctx, m->key_span.start, m->key_span.end, &b, "rename %s to %s", typo->key, t->ro_key);
}

void tdi_fix_td003_value(tdi_ctx *ctx, const tdi_task *t, const tdi_container *c,
                         const tdi_ro_value *v)
{
    if (terraform(ctx, t))
        return;
    if (v->nwhen) {
        computed(ctx, t, &v->when[0]);
        return;
    }
    const tdi_member *m = tdi_container_member(ctx->doc, t, c, TDI_CKEY_RO);
    int boolean_string = t->flavor == TDI_FLAVOR_ECS && v->text &&
                         (strcasecmp(v->text, "true") == 0 || strcasecmp(v->text, "false") == 0);
    if (!boolean_string) {
        unfixable(ctx, "tdlint does not guess what %s means: write true",
                  v->text ? "the string" : v->what);
        return;
    }
    if (!m || m->value_span.start != v->span.start || m->value_span.end != v->span.end) {
        unfixable(ctx, "%s is computed: make it true where it is computed", t->ro_key);
        return;
    }
    if (!literal_container(ctx, c) || !own_member(ctx, m))
        return;
    if (!quote_of(ctx->src, v->span)) { /* a tag, an anchor: not a spelling this fix knows */
        unfixable(ctx, "tdlint does not rewrite this spelling of the value: write true");
        return;
    }
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_puts(&b, "true");
    fix(ctx, v->span.start, v->span.end, &b, "write true without quotes");
}
