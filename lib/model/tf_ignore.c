/* Inline exceptions in Terraform's HCL: comments on the lines just above a
 * resource block or a container definition object,
 *
 *     # tdlint:ignore TD001 the sidecar writes its socket to /run; ticket OPS-12
 *     resource "aws_ecs_task_definition" "web" {
 *
 * (`//` comments too; several rules separated by commas, each by ID or name).
 * The words after the rules are the reason, which an exception needs, as in
 * a template's Metadata: without one it suppresses nothing and the engine
 * reports it. Above a resource, an exception covers the resource; above a
 * container object, that container (by its name). Comment lines count from
 * the line just above upward, until a line that is not a comment. */
#include "build.h"

#include <string.h>

#define MARK "tdlint:ignore"

typedef struct {
    tdi_ignore *v;
    size_t n, cap;
} ignores;

static int blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Adds the exceptions comment line [s, s + n) (at offset at) holds, if any. */
static void read_comment(tdi_recog *r, ignores *t, const char *s, size_t n, size_t at,
                         const char *container)
{
    size_t i = 0;
    while (i < n && blank(s[i]))
        i++;
    size_t mark = i; /* the entry's span: from the comment's # or // */
    if (i < n && s[i] == '#')
        i++;
    else if (i + 1 < n && s[i] == '/' && s[i + 1] == '/')
        i += 2;
    else
        return;
    while (i < n && blank(s[i]))
        i++;
    size_t ml = strlen(MARK);
    if (n - i < ml || memcmp(s + i, MARK, ml) != 0 || (i + ml < n && !blank(s[i + ml])))
        return;
    i += ml;
    while (i < n && blank(s[i]))
        i++;
    size_t rs = i; /* the rules: up to the first blank */
    while (i < n && !blank(s[i]))
        i++;
    size_t re = i;
    while (i < n && blank(s[i]))
        i++;
    size_t e = n;
    while (e > i && (blank(s[e - 1]) || s[e - 1] == '\r'))
        e--;
    char *reason = e > i ? tdi_arena_alloc(r->mb.arena, e - i + 1) : NULL;
    if (reason) {
        memcpy(reason, s + i, e - i);
        reason[e - i] = '\0';
    }
    for (size_t a = rs; a <= re && !r->mb.err;) {
        size_t b = a;
        while (b < re && s[b] != ',')
            b++;
        if (tdi_grow((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v) < 0) {
            r->mb.err = TD_ENOMEM;
            return;
        }
        tdi_ignore *ig = &t->v[t->n++];
        memset(ig, 0, sizeof *ig);
        ig->comment = 1;
        ig->span = (tdi_span){at + mark, at + n};
        if (b > a) {
            char *rule = tdi_arena_alloc(r->mb.arena, b - a + 1);
            if (!rule) {
                r->mb.err = TD_ENOMEM;
                return;
            }
            memcpy(rule, s + a, b - a);
            rule[b - a] = '\0';
            ig->rule = rule;
        }
        ig->reason = reason;
        if (container) {
            const char **c = tdi_mb_array(&r->mb, 1, sizeof *c);
            if (c) {
                c[0] = container;
                ig->containers = c;
                ig->ncontainers = 1;
            }
        }
        a = b + 1;
    }
}

static int eol(char c)
{
    return c == '\n' || c == '\r';
}

/* Reads the comment lines just above the line of `at` (a resource's
 * block), or above the line a container object begins (after blanks),
 * going back line by line: each line is scanned once, however many
 * containers a long line holds (one that does not begin its line has no
 * comment above it). */
static void above(tdi_recog *r, ignores *t, size_t at, const char *container)
{
    const char *d = r->loaded->src.data;
    size_t start = at, bom = r->loaded->src.bom;
    /* a resource: the line its block starts on; a container: its own line */
    while (start > bom && (container ? blank(d[start - 1]) : !eol(d[start - 1])))
        start--;
    if (start > bom && !eol(d[start - 1]))
        return;
    while (start > bom) {
        size_t end = start - 1; /* the line end before start: LF, CR or CRLF */
        if (d[end] == '\n' && end > bom && d[end - 1] == '\r')
            end--;
        size_t ls = end;
        while (ls > bom && !eol(d[ls - 1]))
            ls--;
        size_t i = ls;
        while (i < end && blank(d[i]))
            i++;
        if (i == end || !(d[i] == '#' || (d[i] == '/' && i + 1 < end && d[i + 1] == '/')))
            return;
        read_comment(r, t, d + ls, end - ls, ls, container);
        if (r->mb.err)
            return;
        start = ls;
    }
}

void tdi_tf_ignores(tdi_recog *r, tdi_task *t, tdi_span block)
{
    if (r->doc->format != TDI_FORMAT_HCL)
        return; /* JSON has no comments */
    ignores found = {0};
    above(r, &found, block.start, NULL);
    for (size_t i = 0; i < t->ncontainers && !r->mb.err; i++)
        if (t->containers[i].name && t->containers[i].doc == r->doc) /* not in a heredoc's JSON
                                                                         or another file */
            above(r, &found, t->containers[i].span.start, t->containers[i].name);
    if (found.n && !r->mb.err && (t->ignores = tdi_mb_array(&r->mb, found.n, sizeof *found.v)))
        memcpy(t->ignores, found.v, found.n * sizeof *found.v);
    t->nignores = t->ignores ? found.n : 0;
    tdi_free(found.v);
}
