/* The properties of a fix (fixprop.h): each check on its own, so that a test
 * can feed it a pair that breaks it, and fixprop_check, which runs them all
 * on what td_fix_buffer makes of a text. */
#include "fixprop.h"

#include "model/model.h"
#include "parse/parse.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const NAMES[FP_NPROPS] = {
    "loads",          "same-tree",      "unparsed-unchanged", "nothing-fixable-left",
    "idempotent",     "same-findings",  "fixes-counted",      "bom-kept",
    "final-eol-kept", "eol-style-kept", "lines-added",
};

const char *fixprop_name(unsigned property)
{
    for (unsigned i = 0; i < FP_NPROPS; i++)
        if (property == 1u << i)
            return NAMES[i];
    return "?";
}

void fixprop_violation(fixprop_run *r, unsigned property, const char *fmt, ...)
{
    r->violated |= property;
    r->nviolations++;
    if (!r->log)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(r->log, "%s: %s: ", r->path ? r->path : "input", fixprop_name(property));
    vfprintf(r->log, fmt, ap);
    fputc('\n', r->log);
    va_end(ap);
}

/* ---- bytes ---- */

typedef struct {
    size_t lf, crlf, cr; /* line ends of each kind */
    size_t lines;        /* line ends, plus one for a last line without one */
    int final_eol;       /* the text ends with a line end */
    int bom;
} text_shape;

static void shape_of(const char *s, size_t n, text_shape *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r') {
            if (i + 1 < n && s[i + 1] == '\n') {
                t->crlf++;
                i++;
            } else {
                t->cr++;
            }
        } else if (s[i] == '\n') {
            t->lf++;
        }
    }
    t->final_eol = n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r');
    t->lines = t->lf + t->crlf + t->cr + (n > 0 && !t->final_eol);
    t->bom = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

/* "LF", "CRLF" or "CR" when every line end of t is of that kind; NULL when
 * there are several kinds or none. */
static const char *eol_style(const text_shape *t)
{
    if (t->lf && !t->crlf && !t->cr)
        return "LF";
    if (t->crlf && !t->lf && !t->cr)
        return "CRLF";
    if (t->cr && !t->lf && !t->crlf)
        return "CR";
    return NULL;
}

static int same_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* Whether the first character after the BOM and blanks is { or [: JSON, or
 * a YAML flow collection, which a fix need never break across lines. */
static int starts_collection(const char *s, size_t n)
{
    size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i < n && (s[i] == '{' || s[i] == '[');
}

void fixprop_bytes(fixprop_run *r, const char *orig, size_t olen, const char *fixed, size_t flen,
                   size_t nfixed)
{
    int changed = !same_bytes(orig, olen, fixed, flen);
    if (nfixed && !changed)
        fixprop_violation(r, FP_COUNT, "%zu fixes applied, yet the text is unchanged", nfixed);
    if (!nfixed && changed)
        fixprop_violation(r, FP_COUNT, "no fix applied, yet the text changed");
    text_shape o, f;
    shape_of(orig, olen, &o);
    shape_of(fixed, flen, &f);
    if (o.bom != f.bom)
        fixprop_violation(r, FP_BOM, "the byte-order mark was %s", o.bom ? "lost" : "added");
    if (o.final_eol != f.final_eol)
        fixprop_violation(r, FP_FINAL_EOL, "the line end after the last line was %s",
                          o.final_eol ? "lost" : "added");
    const char *style = eol_style(&o);
    if (style && f.lf + f.crlf + f.cr && eol_style(&f) != style)
        fixprop_violation(r, FP_EOL_STYLE,
                          "every line ended in %s, now %zu LF, %zu CRLF, %zu CR line ends", style,
                          f.lf, f.crlf, f.cr);
    if (o.lines == 1 && starts_collection(orig, olen) && f.lines != 1)
        fixprop_violation(r, FP_LINES, "a one-line JSON or flow file now has %zu lines", f.lines);
    else if (f.lines > o.lines + nfixed)
        fixprop_violation(r, FP_LINES, "%zu lines became %zu with %zu fixes", o.lines, f.lines,
                          nfixed);
}

/* ---- trees ---- */

/* Whether an object member named key[0..len) is left out of the comparison:
 * the root-filesystem setting in any letter case, or a near-miss of it, the
 * keys a fix may rename or give a value. */
static int fixed_key(const char *key, size_t len)
{
    return strlen(key) == len && (strcasecmp(key, "readonlyRootFilesystem") == 0 ||
                                  tdi_near(TDI_NEAR_ECS_RO, key) || tdi_near(TDI_NEAR_CFN_RO, key));
}

/* Appends "/token" (escaped as a JSON Pointer) to at[0..len), within cap. */
static size_t pointer_push(char *at, size_t len, size_t cap, const char *tok, size_t toklen)
{
    if (len + 1 < cap)
        at[len++] = '/';
    for (size_t i = 0; i < toklen && len + 2 < cap; i++) {
        if (tok[i] == '~' || tok[i] == '/') {
            at[len++] = '~';
            at[len++] = tok[i] == '~' ? '0' : '1';
        } else {
            at[len++] = tok[i];
        }
    }
    at[len] = '\0';
    return len;
}

/* A comparison of two trees: where it is (a JSON Pointer), and the pairs of
 * collections found equal, so that a YAML alias used many times (a node
 * shared in the tree: billion laughs) is compared once. */
typedef struct {
    char at[512];
    const json_t **seen; /* pairs (a, b), 2 * seen_cap slots, open addressing */
    size_t seen_len, seen_cap;
    int failed; /* out of memory: the memo is incomplete, the answer still right */
} tree_cmp;

static size_t pair_hash(const json_t *a, const json_t *b, size_t cap)
{
    size_t h = (size_t)(uintptr_t)a * 0x9E3779B97F4A7C15u ^ (size_t)(uintptr_t)b * 0xC2B2AE3Du;
    return (h ^ h >> 29) & (cap - 1);
}

static int seen_equal(const tree_cmp *c, const json_t *a, const json_t *b)
{
    if (!c->seen_cap)
        return 0;
    for (size_t i = pair_hash(a, b, c->seen_cap);; i = (i + 1) & (c->seen_cap - 1)) {
        if (!c->seen[2 * i])
            return 0;
        if (c->seen[2 * i] == a && c->seen[2 * i + 1] == b)
            return 1;
    }
}

static void seen_add(tree_cmp *c, const json_t *a, const json_t *b)
{
    if (2 * (c->seen_len + 1) > c->seen_cap) {
        size_t cap = c->seen_cap ? 2 * c->seen_cap : 64;
        const json_t **v = calloc(2 * cap, sizeof *v);
        if (!v) {
            c->failed = 1;
            return;
        }
        for (size_t i = 0; i < c->seen_cap; i++)
            if (c->seen[2 * i]) {
                size_t k = pair_hash(c->seen[2 * i], c->seen[2 * i + 1], cap);
                while (v[2 * k])
                    k = (k + 1) & (cap - 1);
                v[2 * k] = c->seen[2 * i];
                v[2 * k + 1] = c->seen[2 * i + 1];
            }
        free(c->seen);
        c->seen = v;
        c->seen_cap = cap;
    }
    size_t k = pair_hash(a, b, c->seen_cap);
    while (c->seen[2 * k])
        k = (k + 1) & (c->seen_cap - 1);
    c->seen[2 * k] = a;
    c->seen[2 * k + 1] = b;
    c->seen_len++;
}

/* Whether every member of object a other than the fixed keys is in b (and
 * equal, when recurse). */
static int members_in(tree_cmp *c, const json_t *a, const json_t *b, size_t len, int recurse);

/* Whether a equals b once the fixed keys are left out of every object; else
 * c->at holds the JSON Pointer of the first difference. */
static int same_tree(tree_cmp *c, const json_t *a, const json_t *b, size_t len)
{
    c->at[len] = '\0';
    int objects = json_is_object(a) && json_is_object(b);
    if (!objects && !(json_is_array(a) && json_is_array(b)))
        return json_equal((json_t *)a, (json_t *)b);
    if (seen_equal(c, a, b))
        return 1;
    if (objects) {
        if (!members_in(c, a, b, len, 1) || !members_in(c, b, a, len, 0))
            return 0;
    } else {
        size_t n = json_array_size(a);
        if (n != json_array_size(b))
            return 0;
        for (size_t i = 0; i < n; i++) {
            char num[32];
            int k = snprintf(num, sizeof num, "%zu", i);
            size_t l2 = pointer_push(c->at, len, sizeof c->at, num, (size_t)k);
            if (!same_tree(c, json_array_get(a, i), json_array_get(b, i), l2))
                return 0;
        }
    }
    c->at[len] = '\0';
    seen_add(c, a, b);
    return 1;
}

static int members_in(tree_cmp *c, const json_t *a, const json_t *b, size_t len, int recurse)
{
    for (void *it = json_object_iter((json_t *)a); it;
         it = json_object_iter_next((json_t *)a, it)) {
        const char *key = json_object_iter_key(it);
        size_t klen = json_object_iter_key_len(it);
        if (fixed_key(key, klen))
            continue;
        const json_t *w = json_object_getn(b, key, klen);
        size_t l2 = pointer_push(c->at, len, sizeof c->at, key, klen);
        if (!w || (recurse && !same_tree(c, json_object_iter_value(it), w, l2)))
            return 0;
    }
    c->at[len] = '\0';
    return 1;
}

/* Checks the fixed load f against the original's, o (which loaded). */
static void compare_loads(fixprop_run *r, const tdi_loaded *o, const tdi_loaded *f)
{
    if (f->status != TDI_LOAD_OK) {
        fixprop_violation(r, FP_LOADS, "the fixed text does not load: %s (at byte %zu)",
                          f->error ? f->error : "?", f->error_start);
        return;
    }
    if (f->ndocs != o->ndocs) {
        fixprop_violation(r, FP_LOADS, "%zu documents became %zu", o->ndocs, f->ndocs);
        return;
    }
    if (f->nissues > o->nissues) {
        fixprop_violation(r, FP_LOADS, "%zu load issues became %zu: %s", o->nissues, f->nissues,
                          f->issues[f->nissues - 1].message);
        return;
    }
    tree_cmp c;
    memset(&c, 0, sizeof c);
    for (size_t i = 0; i < o->ndocs; i++)
        if (!same_tree(&c, o->docs[i].root, f->docs[i].root, 0))
            fixprop_violation(r, FP_TREE, "document %zu differs at \"%s\"", i + 1, c.at);
    free(c.seen);
}

int fixprop_trees(fixprop_run *r, const char *orig, size_t olen, const char *fixed, size_t flen)
{
    tdi_loaded o, f;
    memset(&f, 0, sizeof f);
    int err = tdi_load(orig, olen, NULL, &o);
    if (err == TD_OK && o.status != TDI_LOAD_OK) {
        if (!same_bytes(orig, olen, fixed, flen))
            fixprop_violation(r, FP_UNPARSED, "the original does not load (%s), yet it changed",
                              o.error ? o.error : "?");
    } else if (err == TD_OK) {
        err = tdi_load(fixed, flen, NULL, &f);
        if (err == TD_OK)
            compare_loads(r, &o, &f);
    }
    tdi_loaded_free(&o);
    tdi_loaded_free(&f);
    return err;
}

/* ---- findings ---- */

void fixprop_fixable(fixprop_run *r, const td_file *relinted)
{
    size_t n = td_file_finding_count(relinted), left = 0;
    const td_finding *first = NULL;
    for (size_t i = 0; i < n; i++) {
        const td_finding *x = td_file_finding(relinted, i);
        if (x->nedits > 0 && !left++)
            first = x;
    }
    if (left)
        fixprop_violation(r, FP_FIXABLE,
                          "%zu findings of the fixed text have a fix, the first %s at %lu:%lu (%s)",
                          left, first->rule_id, first->start.line, first->start.column,
                          first->fix ? first->fix : "no description");
}

void fixprop_refix(fixprop_run *r, const char *fixed, size_t flen, const char *refixed, size_t rlen,
                   size_t nrefixed)
{
    if (nrefixed)
        fixprop_violation(r, FP_IDEMPOTENT, "fixing the fixed text applied %zu fixes", nrefixed);
    if (!same_bytes(fixed, flen, refixed, rlen)) {
        size_t i = 0;
        while (i < flen && i < rlen && fixed[i] == refixed[i])
            i++;
        fixprop_violation(r, FP_IDEMPOTENT, "fixing the fixed text changed it from byte %zu", i);
    }
}

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

void fixprop_findings(fixprop_run *r, const td_file *from_fix, const td_file *relinted)
{
    size_t n = td_file_finding_count(from_fix), m = td_file_finding_count(relinted);
    for (size_t i = 0; i < n && i < m; i++) {
        const td_finding *a = td_file_finding(from_fix, i), *b = td_file_finding(relinted, i);
        if (strcmp(a->rule_id, b->rule_id) != 0 || a->start.line != b->start.line ||
            a->start.column != b->start.column || !same_str(a->message, b->message) ||
            !same_str(a->unfixable, b->unfixable)) {
            fixprop_violation(r, FP_FINDINGS,
                              "finding %zu: %s at %lu:%lu after fixing, %s at %lu:%lu linted "
                              "again: %s / %s",
                              i + 1, a->rule_id, a->start.line, a->start.column, b->rule_id,
                              b->start.line, b->start.column, a->message, b->message);
            return;
        }
    }
    if (n != m)
        fixprop_violation(r, FP_FINDINGS, "%zu findings after fixing, %zu when linted again", n, m);
}

/* ---- lines changed ---- */

typedef struct {
    const char *s;
    size_t len;
} line_ref;

static int line_cmp(const void *x, const void *y)
{
    const line_ref *a = x, *b = y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->s, b->s, n) : 0;
    if (c)
        return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

/* The lines of s (each with its line end), sorted; *n of them. NULL with
 * *n 0 for an empty text, or when out of memory (then *n is SIZE_MAX). */
static line_ref *sorted_lines(const char *s, size_t len, size_t *n)
{
    text_shape t;
    shape_of(s, len, &t);
    *n = 0;
    if (!t.lines)
        return NULL;
    line_ref *v = malloc(t.lines * sizeof *v);
    if (!v) {
        *n = SIZE_MAX;
        return NULL;
    }
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        int eol = s[i] == '\n' || (s[i] == '\r' && !(i + 1 < len && s[i + 1] == '\n'));
        if (eol) {
            v[(*n)++] = (line_ref){s + start, i + 1 - start};
            start = i + 1;
        }
    }
    if (start < len)
        v[(*n)++] = (line_ref){s + start, len - start};
    qsort(v, *n, sizeof *v, line_cmp);
    return v;
}

int fixprop_line_diff(const char *a, size_t alen, const char *b, size_t blen, size_t *added,
                      size_t *removed)
{
    size_t na, nb;
    line_ref *va = sorted_lines(a, alen, &na), *vb = sorted_lines(b, blen, &nb);
    *added = *removed = 0;
    if (na == SIZE_MAX || nb == SIZE_MAX) {
        free(va);
        free(vb);
        return TD_ENOMEM;
    }
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
        int c = i == na ? 1 : j == nb ? -1 : line_cmp(&va[i], &vb[j]);
        if (c < 0)
            i++, ++*removed;
        else if (c > 0)
            j++, ++*added;
        else
            i++, j++;
    }
    free(va);
    free(vb);
    return TD_OK;
}

/* ---- totals ---- */

struct fixprop_reason {
    char *text;
    size_t n;
};

int fixprop_totals_init(fixprop_totals *t)
{
    memset(t, 0, sizeof *t);
    t->by_rule = calloc(td_rule_count(), sizeof *t->by_rule);
    return t->by_rule ? TD_OK : TD_ENOMEM;
}

void fixprop_totals_free(fixprop_totals *t)
{
    for (size_t i = 0; i < t->nreasons; i++)
        free(t->reasons[i].text);
    free(t->reasons);
    free(t->by_rule);
    memset(t, 0, sizeof *t);
}

static int add_reason(fixprop_totals *t, const char *text)
{
    for (size_t i = 0; i < t->nreasons; i++)
        if (strcmp(t->reasons[i].text, text) == 0) {
            t->reasons[i].n++;
            return TD_OK;
        }
    if (t->nreasons == t->reasons_cap) {
        size_t cap = t->reasons_cap ? 2 * t->reasons_cap : 16;
        struct fixprop_reason *v = realloc(t->reasons, cap * sizeof *v);
        if (!v)
            return TD_ENOMEM;
        t->reasons = v;
        t->reasons_cap = cap;
    }
    char *copy = strdup(text);
    if (!copy)
        return TD_ENOMEM;
    t->reasons[t->nreasons++] = (struct fixprop_reason){copy, 1};
    return TD_OK;
}

static int totals_add(fixprop_totals *t, const char *orig, size_t olen, const char *fixed,
                      size_t flen, size_t nfixed, const td_file *left)
{
    size_t added, removed;
    int err = fixprop_line_diff(orig, olen, fixed, flen, &added, &removed);
    if (err < 0)
        return err;
    t->files++;
    t->changed += !same_bytes(orig, olen, fixed, flen);
    t->added += added;
    t->removed += removed;
    t->fixes += nfixed;
    size_t n = td_file_finding_count(left), nrules = td_rule_count();
    for (size_t i = 0; i < n && err == TD_OK; i++) {
        const td_finding *x = td_file_finding(left, i);
        for (size_t k = 0; k < nrules; k++)
            if (strcmp(td_rule_at(k)->id, x->rule_id) == 0)
                t->by_rule[k]++;
        if (x->unfixable)
            err = add_reason(t, x->unfixable);
    }
    return err;
}

static int by_count(const void *x, const void *y)
{
    const struct fixprop_reason *a = x, *b = y;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return strcmp(a->text, b->text);
}

void fixprop_totals_print(const fixprop_totals *t, FILE *out)
{
    fprintf(out,
            "fixprop: %zu files checked, %zu files changed, %zu insertions(+), %zu "
            "deletions(-), %zu fixes applied\n",
            t->files, t->changed, t->added, t->removed, t->fixes);
    size_t left = 0, nrules = td_rule_count();
    for (size_t k = 0; k < nrules; k++)
        left += t->by_rule[k];
    fprintf(out, "fixprop: %zu findings left", left);
    const char *sep = ": ";
    for (size_t k = 0; k < nrules; k++)
        if (t->by_rule[k]) {
            fprintf(out, "%s%s %zu", sep, td_rule_at(k)->id, t->by_rule[k]);
            sep = ", ";
        }
    fputc('\n', out);
    if (!t->nreasons)
        return;
    /* a sorted copy: the totals stay as they are */
    struct fixprop_reason *v = malloc(t->nreasons * sizeof *v);
    if (!v)
        return;
    memcpy(v, t->reasons, t->nreasons * sizeof *v);
    qsort(v, t->nreasons, sizeof *v, by_count);
    fprintf(out, "fixprop: not fixed, and why:\n");
    for (size_t i = 0; i < t->nreasons; i++)
        fprintf(out, "%7zu  %s\n", v[i].n, v[i].text);
    free(v);
}

/* ---- everything ---- */

int fixprop_check(fixprop_run *r, const char *data, size_t len, fixprop_totals *totals)
{
    const char *path = r->path ? r->path : "input";
    char *fixed = NULL, *refixed = NULL;
    size_t flen = 0, rlen = 0, nfixed = 0, nrefixed = 0;
    td_file *left = NULL, *relinted = NULL, *left2 = NULL;
    int err = td_fix_buffer(NULL, path, data, len, &fixed, &flen, &nfixed, &left);
    if (err == TD_OK) {
        fixprop_bytes(r, data, len, fixed, flen, nfixed);
        err = fixprop_trees(r, data, len, fixed, flen);
    }
    if (err == TD_OK)
        err = td_lint_buffer(NULL, path, fixed, flen, &relinted);
    if (err == TD_OK) {
        fixprop_fixable(r, relinted);
        fixprop_findings(r, left, relinted);
        err = td_fix_buffer(NULL, path, fixed, flen, &refixed, &rlen, &nrefixed, &left2);
    }
    if (err == TD_OK)
        fixprop_refix(r, fixed, flen, refixed, rlen, nrefixed);
    if (err == TD_OK && totals)
        err = totals_add(totals, data, len, fixed, flen, nfixed, left);
    free(fixed);
    free(refixed);
    td_file_free(left);
    td_file_free(relinted);
    td_file_free(left2);
    return err;
}
