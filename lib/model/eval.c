/* Evaluating CloudFormation values: the set of values an expression can take
 * at deploy time, each with the assumptions (conditions, parameter values,
 * mapping entries) that lead to it, or "unknown" with the reason.
 *
 *   Fn::If        both branches, unless the condition is decidable from
 *                 literals (Fn::Equals of literals, Not/And/Or/Condition of
 *                 decidable ones); nested too
 *   Ref           AWS::NoValue: the key is absent; a parameter: each of its
 *                 AllowedValues, else its Default, else unknown; SSM parameter
 *                 types, pseudo parameters and resources: unknown
 *   Fn::FindInMap the entry, or every entry a non-literal key can select
 *   Fn::Sub, Fn::Join, Fn::Select of literals: their result; otherwise unknown
 *   anything else (Fn::GetAtt, Fn::ImportValue, ...) and {{resolve:...}}: unknown
 */
#include "build.h"

#include <stdio.h>
#include <string.h>

const char *tdi_intrinsic_name(const json_t *v)
{
    if (!json_is_object(v) || json_object_size(v) != 1)
        return NULL;
    const char *k = json_object_iter_key(json_object_iter((json_t *)v));
    if (strcmp(k, "Ref") == 0 || strcmp(k, "Condition") == 0 || strncmp(k, "Fn::", 4) == 0)
        return k;
    return NULL;
}

#define MAX_DEPTH 32 /* nested functions and condition references */

typedef struct {
    const tdi_eval *ev;
    tdi_vals *out;
    int err;
    int depth;
} run;

static const json_t *section(const tdi_eval *ev, const char *name, const char *key)
{
    return json_object_get(json_object_get(ev->root, name), key);
}

/* pre + one more step, copied into the arena. */
static const tdi_when *extend(run *r, const tdi_when *pre, size_t npre, const tdi_when *step)
{
    tdi_when *w = tdi_arena_alloc(r->ev->arena, (npre + 1) * sizeof *w);
    if (!w) {
        r->err = TD_ENOMEM;
        return NULL;
    }
    if (npre)
        memcpy(w, pre, npre * sizeof *w);
    w[npre] = *step;
    return w;
}

static void emit(run *r, tdi_val v)
{
    tdi_vals *o = r->out;
    if (o->n >= TDI_EVAL_MAX_VALUES) {
        /* past the limit, the last slot says that more values were not followed */
        o->v[o->n - 1].json = NULL;
        o->v[o->n - 1].str = NULL;
        o->v[o->n - 1].absent = 0;
        o->v[o->n - 1].unknown =
            "an expression with more combinations of conditions and values than tdlint follows";
        return;
    }
    if (tdi_grow((void **)&o->v, &o->cap, o->n + 1, sizeof *o->v) < 0) {
        r->err = TD_ENOMEM;
        return;
    }
    o->v[o->n++] = v;
}

/* printf into the arena, for reasons that name something. */
static const char *fmt(run *r, const char *f, const char *a)
{
    size_t n = strlen(f) + strlen(a) + 1;
    char *s = tdi_arena_alloc(r->ev->arena, n);
    if (!s) {
        r->err = TD_ENOMEM;
        return "";
    }
    snprintf(s, n, f, a);
    return s;
}

static void emit_unknown(run *r, const char *why, tdi_span span, const char *ptr,
                         const tdi_when *pre, size_t npre)
{
    tdi_val v = {NULL, NULL, 0, why, span, ptr, pre, npre, NULL, NULL};
    emit(r, v);
}

/* base + "/" + each token, escaped, in the arena. */
static const char *ptr(run *r, const char *base, const char *t1, const char *t2, const char *t3)
{
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_puts(&b, base);
    const char *t[3] = {t1, t2, t3};
    for (int i = 0; i < 3; i++)
        if (t[i])
            tdi_buf_pointer_token(&b, t[i]);
    char *s = b.failed ? NULL : tdi_arena_strdup(r->ev->arena, b.data);
    tdi_buf_free(&b);
    if (!s)
        r->err = TD_ENOMEM;
    return s ? s : "";
}

static const char *ptr_i(run *r, const char *base, const char *t1, size_t i)
{
    char num[32];
    snprintf(num, sizeof num, "%zu", i);
    return ptr(r, base, t1, num, NULL);
}

/* A scalar as a parameter holds it: CloudFormation parameters are strings. */
static const char *as_string(run *r, const json_t *v)
{
    char buf[64];
    switch (json_typeof(v)) {
    case JSON_STRING:
        return json_string_value(v);
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    case JSON_INTEGER:
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        break;
    case JSON_REAL:
        snprintf(buf, sizeof buf, "%.17g", json_real_value(v));
        break;
    default:
        return NULL;
    }
    char *s = tdi_arena_strdup(r->ev->arena, buf);
    if (!s)
        r->err = TD_ENOMEM;
    return s;
}

static tdi_span elem_span(const tdi_eval *ev, const json_t *arr, size_t i, tdi_span dflt)
{
    const tdi_member *m = tdi_doc_element(ev->doc, arr, i);
    return m ? m->value_span : dflt;
}

static void eval(run *r, const json_t *v, tdi_span span, const char *vp, const tdi_when *pre,
                 size_t npre);

/* ---- conditions ---- */

static int decide(run *r, const json_t *expr);

/* A literal operand of Fn::Equals as a string, or NULL when not a literal. */
static const char *literal(run *r, const json_t *v)
{
    if (json_is_object(v) || json_is_array(v))
        return NULL;
    return as_string(r, v);
}

static int decide_condition(run *r, const char *name)
{
    const json_t *c = section(r->ev, "Conditions", name);
    if (!c || r->depth >= MAX_DEPTH)
        return -1;
    r->depth++;
    int d = decide(r, c);
    r->depth--;
    return d;
}

/* 1 true, 0 false, -1 not decidable from literals. */
static int decide(run *r, const json_t *expr)
{
    const char *fn = tdi_intrinsic_name(expr);
    if (!fn)
        return -1;
    const json_t *arg = json_object_get(expr, fn);
    if (strcmp(fn, "Condition") == 0)
        return json_is_string(arg) ? decide_condition(r, json_string_value(arg)) : -1;
    if (!json_is_array(arg) || r->depth >= MAX_DEPTH)
        return -1;
    size_t n = json_array_size(arg);
    if (strcmp(fn, "Fn::Equals") == 0) {
        if (n != 2)
            return -1;
        const char *a = literal(r, json_array_get(arg, 0));
        const char *b = literal(r, json_array_get(arg, 1));
        return a && b ? strcmp(a, b) == 0 : -1;
    }
    r->depth++;
    int result = -1;
    if (strcmp(fn, "Fn::Not") == 0 && n == 1) {
        int d = decide(r, json_array_get(arg, 0));
        result = d < 0 ? -1 : !d;
    } else if ((strcmp(fn, "Fn::And") == 0 || strcmp(fn, "Fn::Or") == 0) && n > 0) {
        int is_and = fn[4] == 'A', unknown = 0;
        result = is_and;
        for (size_t i = 0; i < n; i++) {
            int d = decide(r, json_array_get(arg, i));
            if (d < 0)
                unknown = 1;
            else if (d != is_and) { /* false in an And, true in an Or settles it */
                result = d;
                unknown = 0;
                break;
            }
        }
        if (unknown)
            result = -1;
    }
    r->depth--;
    return result;
}

/* ---- functions ---- */

static void eval_if(run *r, const json_t *arg, tdi_span span, const char *vp, const tdi_when *pre,
                    size_t npre)
{
    if (!json_is_array(arg) || json_array_size(arg) != 3 ||
        !json_is_string(json_array_get(arg, 0))) {
        emit_unknown(r, "a malformed Fn::If", span, vp, pre, npre);
        return;
    }
    const char *cond = json_string_value(json_array_get(arg, 0));
    int d = decide_condition(r, cond);
    for (size_t i = 0; i < npre && d < 0; i++) /* already assumed on this path */
        if (pre[i].kind == TDI_WHEN_CONDITION && strcmp(pre[i].name, cond) == 0)
            d = pre[i].truth;
    for (int branch = 1; branch >= 0 && !r->err; branch--) {
        if (d >= 0 && d != branch)
            continue;
        size_t i = branch ? 1 : 2;
        tdi_span bspan = elem_span(r->ev, arg, i, span);
        const char *bp = ptr_i(r, vp, "Fn::If", i);
        if (d >= 0) {
            eval(r, json_array_get(arg, i), bspan, bp, pre, npre);
            continue;
        }
        tdi_when step = {TDI_WHEN_CONDITION, cond, branch, NULL, 0, bspan};
        const tdi_when *w = extend(r, pre, npre, &step);
        if (w)
            eval(r, json_array_get(arg, i), bspan, bp, w, npre + 1);
    }
}

static void eval_ref(run *r, const char *name, tdi_span span, const char *vp, const tdi_when *pre,
                     size_t npre)
{
    if (strcmp(name, "AWS::NoValue") == 0) {
        tdi_val v = {NULL, NULL, 1, NULL, span, vp, pre, npre, NULL, NULL};
        emit(r, v);
        return;
    }
    const json_t *p = section(r->ev, "Parameters", name);
    if (!json_is_object(p)) {
        if (strncmp(name, "AWS::", 5) == 0)
            emit_unknown(r, fmt(r, "the pseudo parameter %s", name), span, vp, pre, npre);
        else if (section(r->ev, "Resources", name))
            emit_unknown(r, fmt(r, "a Ref to the resource %s", name), span, vp, pre, npre);
        else
            emit_unknown(r, fmt(r, "a Ref to %s, which the template does not declare", name), span,
                         vp, pre, npre);
        return;
    }
    const json_t *type = json_object_get(p, "Type");
    const char *ty = json_is_string(type) ? json_string_value(type) : "";
    if (strncmp(ty, "AWS::SSM::Parameter::Value", 26) == 0) {
        emit_unknown(r, fmt(r, "parameter %s, read from SSM Parameter Store", name), span, vp, pre,
                     npre);
        return;
    }
    if (strncmp(ty, "List<", 5) == 0 || strcmp(ty, "CommaDelimitedList") == 0) {
        emit_unknown(r, fmt(r, "parameter %s, a list", name), span, vp, pre, npre);
        return;
    }
    const json_t *allowed = json_object_get(p, "AllowedValues");
    if (json_is_array(allowed) && json_array_size(allowed) > 0) {
        for (size_t i = 0; i < json_array_size(allowed) && !r->err; i++) {
            const char *s = as_string(r, json_array_get(allowed, i));
            if (!s) {
                emit_unknown(
                    r, fmt(r, "parameter %s, which allows a value that is not a scalar", name),
                    span, vp, pre, npre);
                continue;
            }
            tdi_when step = {TDI_WHEN_PARAMETER, name, 0, s, 0, elem_span(r->ev, allowed, i, span)};
            const tdi_when *w = extend(r, pre, npre, &step);
            const char *where = ptr(r, "/Parameters", name, "AllowedValues", NULL);
            tdi_val v = {NULL, s,        0,    NULL, step.span, ptr_i(r, where, NULL, i),
                         w,    npre + 1, NULL, NULL};
            if (w)
                emit(r, v);
        }
        return;
    }
    const json_t *dflt = json_object_get(p, "Default");
    const tdi_member *dm = tdi_doc_member(r->ev->doc, p, "Default");
    const char *s = dflt ? as_string(r, dflt) : NULL;
    if (!s) {
        emit_unknown(r, fmt(r, "parameter %s, which has no Default or AllowedValues", name), span,
                     vp, pre, npre);
        return;
    }
    tdi_when step = {TDI_WHEN_PARAMETER, name, 1, s, 0, dm ? dm->value_span : span};
    const tdi_when *w = extend(r, pre, npre, &step);
    tdi_val v = {
        NULL, s,        0,    NULL, step.span, ptr(r, "/Parameters", name, "Default", NULL),
        w,    npre + 1, NULL, NULL};
    if (w)
        emit(r, v);
}

/* The keys a FindInMap key expression selects in `level`: a literal, the
 * values of a parameter, or every key. Appends (key, assumptions) pairs. */
typedef struct {
    const char *key;
    const tdi_when *when;
    size_t nwhen;
    int varies;
} keysel;

static size_t select_keys(run *r, const json_t *keyexpr, const json_t *level, tdi_span span,
                          const tdi_when *pre, size_t npre, keysel **out)
{
    tdi_vals kv = {0};
    tdi_vals *saved = r->out;
    r->out = &kv;
    eval(r, keyexpr, span, "", pre, npre);
    r->out = saved;
    size_t n = 0, cap = 0;
    keysel *ks = NULL;
    for (size_t i = 0; i < kv.n && !r->err; i++) {
        const char *k = kv.v[i].str ? kv.v[i].str : kv.v[i].json ? literal(r, kv.v[i].json) : NULL;
        if (k) {
            if (tdi_grow((void **)&ks, &cap, n + 1, sizeof *ks) < 0) {
                r->err = TD_ENOMEM;
                break;
            }
            ks[n++] = (keysel){k, kv.v[i].when, kv.v[i].nwhen, kv.v[i].nwhen > npre};
            continue;
        }
        /* a key that is not known: any key of this level */
        const char *name;
        json_t *ignored;
        json_object_foreach((json_t *)level, name, ignored)
        {
            (void)ignored;
            if (tdi_grow((void **)&ks, &cap, n + 1, sizeof *ks) < 0) {
                r->err = TD_ENOMEM;
                break;
            }
            ks[n++] = (keysel){name, kv.v[i].when, kv.v[i].nwhen, 1};
        }
    }
    tdi_free(kv.v);
    *out = ks;
    return n;
}

static void eval_find_in_map(run *r, const json_t *arg, tdi_span span, const char *vp,
                             const tdi_when *pre, size_t npre)
{
    size_t nargs = json_array_size(arg);
    if (!json_is_array(arg) || (nargs != 3 && nargs != 4)) {
        emit_unknown(r, "a malformed Fn::FindInMap", span, vp, pre, npre);
        return;
    }
    if (!json_is_string(json_array_get(arg, 0))) {
        emit_unknown(r, "Fn::FindInMap with a computed mapping name", span, vp, pre, npre);
        return;
    }
    /* AWS::LanguageExtensions: [map, k1, k2, {DefaultValue: v}] when an entry is missing */
    const json_t *dflt =
        nargs == 4 ? json_object_get(json_array_get(arg, 3), "DefaultValue") : NULL;
    const json_t *dflt_owner = nargs == 4 ? json_array_get(arg, 3) : NULL;
    int used_default = 0;
    const char *mname = json_string_value(json_array_get(arg, 0));
    const json_t *map = section(r->ev, "Mappings", mname);
    if (!json_is_object(map)) {
        emit_unknown(r, "Fn::FindInMap of an undeclared mapping", span, vp, pre, npre);
        return;
    }
    keysel *k1 = NULL;
    size_t n1 = select_keys(r, json_array_get(arg, 1), map, span, pre, npre, &k1);
    for (size_t i = 0; i < n1 && !r->err; i++) {
        const json_t *level = json_object_get(map, k1[i].key);
        if (!json_is_object(level)) {
            /* a key the mapping lacks fails the deployment (no value), unless a
             * DefaultValue stands in */
            used_default = used_default || dflt;
            continue;
        }
        keysel *k2 = NULL;
        size_t n2 =
            select_keys(r, json_array_get(arg, 2), level, span, k1[i].when, k1[i].nwhen, &k2);
        for (size_t j = 0; j < n2 && !r->err; j++) {
            const json_t *entry = json_object_get(level, k2[j].key);
            const tdi_member *em = tdi_doc_member(r->ev->doc, level, k2[j].key);
            if (!entry || !em) {
                used_default = used_default || dflt;
                continue;
            }
            size_t len = strlen(k1[i].key) + strlen(k2[j].key) + 2;
            char *both = tdi_arena_alloc(r->ev->arena, len);
            if (!both) {
                r->err = TD_ENOMEM;
                break;
            }
            snprintf(both, len, "%s/%s", k1[i].key, k2[j].key);
            tdi_when step = {TDI_WHEN_MAPPING, mname, 0, both, k1[i].varies || k2[j].varies,
                             em->value_span};
            const tdi_when *w = extend(r, k2[j].when, k2[j].nwhen, &step);
            const char *ep = ptr(r, "/Mappings", mname, k1[i].key, k2[j].key);
            if (w)
                eval(r, entry, em->value_span, ep, w, k2[j].nwhen + 1);
        }
        tdi_free(k2);
    }
    tdi_free(k1);
    if (used_default && !r->err) {
        const tdi_member *dm = tdi_doc_member(r->ev->doc, dflt_owner, "DefaultValue");
        eval(r, dflt, dm ? dm->value_span : span,
             ptr(r, ptr_i(r, vp, "Fn::FindInMap", 3), "DefaultValue", NULL, NULL), pre, npre);
    }
}

/* Fn::Sub of a string without ${...}, Fn::Join of literal strings: their text. */
static const char *fold_text(run *r, const char *fn, const json_t *arg)
{
    if (strcmp(fn, "Fn::Sub") == 0) {
        const json_t *tmpl = json_is_array(arg) ? json_array_get(arg, 0) : arg;
        if (json_is_string(tmpl) && !strstr(json_string_value(tmpl), "${"))
            return json_string_value(tmpl);
        return NULL;
    }
    if (strcmp(fn, "Fn::Join") == 0 && json_is_array(arg) && json_array_size(arg) == 2 &&
        json_is_string(json_array_get(arg, 0)) && json_is_array(json_array_get(arg, 1))) {
        const char *sep = json_string_value(json_array_get(arg, 0));
        const json_t *list = json_array_get(arg, 1);
        tdi_buf b;
        tdi_buf_init(&b);
        for (size_t i = 0; i < json_array_size(list); i++) {
            const char *s = literal(r, json_array_get(list, i));
            if (!s) {
                tdi_buf_free(&b);
                return NULL;
            }
            if (i)
                tdi_buf_puts(&b, sep);
            tdi_buf_puts(&b, s);
        }
        tdi_buf_add(&b, "", 0);
        char *s = b.failed ? NULL : tdi_arena_strdup(r->ev->arena, b.data);
        if (!s)
            r->err = TD_ENOMEM;
        tdi_buf_free(&b);
        return s;
    }
    return NULL;
}

/* Fn::Select's index: a number, or a string of digits as AWS's examples write it;
 * -1 for a negative number, -2 when not a literal index. */
static json_int_t select_index(const json_t *v)
{
    if (json_is_integer(v))
        return json_integer_value(v) < 0 ? -1 : json_integer_value(v);
    if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 9)
        return -2;
    json_int_t n = 0;
    for (const char *p = json_string_value(v); *p; p++) {
        if (*p < '0' || *p > '9')
            return -2;
        n = n * 10 + (*p - '0');
    }
    return n;
}

static void eval(run *r, const json_t *v, tdi_span span, const char *vp, const tdi_when *pre,
                 size_t npre)
{
    if (r->err)
        return;
    const char *fn = tdi_intrinsic_name(v);
    if (!fn) {
        if (json_is_string(v) && strstr(json_string_value(v), "{{resolve:")) {
            emit_unknown(r, "a dynamic reference {{resolve:...}}", span, vp, pre, npre);
            return;
        }
        tdi_val lit = {v, NULL, 0, NULL, span, vp, pre, npre, NULL, NULL};
        emit(r, lit);
        return;
    }
    if (r->depth >= MAX_DEPTH) {
        emit_unknown(r, "functions nested too deep", span, vp, pre, npre);
        return;
    }
    r->depth++;
    const json_t *arg = json_object_get(v, fn);
    if (strcmp(fn, "Fn::If") == 0) {
        eval_if(r, arg, span, vp, pre, npre);
    } else if (strcmp(fn, "Ref") == 0) {
        if (json_is_string(arg))
            eval_ref(r, json_string_value(arg), span, vp, pre, npre);
        else
            emit_unknown(r, "a malformed Ref", span, vp, pre, npre);
    } else if (strcmp(fn, "Fn::FindInMap") == 0) {
        eval_find_in_map(r, arg, span, vp, pre, npre);
    } else if (strcmp(fn, "Fn::Select") == 0 && json_is_array(arg) && json_array_size(arg) == 2 &&
               select_index(json_array_get(arg, 0)) >= -1 &&
               json_is_array(json_array_get(arg, 1))) {
        const json_t *list = json_array_get(arg, 1);
        json_int_t i = select_index(json_array_get(arg, 0));
        if (i >= 0 && (size_t)i < json_array_size(list))
            eval(r, json_array_get(list, (size_t)i), elem_span(r->ev, list, (size_t)i, span),
                 ptr_i(r, ptr_i(r, vp, "Fn::Select", 1), NULL, (size_t)i), pre, npre);
        else
            emit_unknown(r, "Fn::Select out of range", span, vp, pre, npre);
    } else {
        const char *text = fold_text(r, fn, arg);
        if (text) {
            tdi_val v2 = {NULL, text, 0, NULL, span, vp, pre, npre, NULL, NULL};
            emit(r, v2);
        } else if (!r->err) {
            emit_unknown(r, fn, span, vp, pre, npre);
        }
    }
    r->depth--;
}

int tdi_evaluate(const tdi_eval *ev, const json_t *v, tdi_span span, const char *pointer,
                 const tdi_when *pre, size_t npre, tdi_vals *out)
{
    run r = {ev, out, 0, 0};
    eval(&r, v, span, pointer, pre, npre);
    return r.err;
}

size_t tdi_when_text(tdi_buf *b, const tdi_when *when, size_t n)
{
    size_t written = 0;
    for (size_t i = 0; i < n; i++) {
        const tdi_when *w = &when[i];
        if (w->kind == TDI_WHEN_MAPPING && !w->varies)
            continue;
        if (written++)
            tdi_buf_puts(b, " and ");
        switch (w->kind) {
        case TDI_WHEN_CONDITION:
            tdi_buf_printf(b, "condition %s is %s", w->name, w->truth ? "true" : "false");
            break;
        case TDI_WHEN_PARAMETER:
            tdi_buf_printf(b, "parameter %s is ", w->name);
            tdi_buf_quoted(b, w->value, strlen(w->value), TDI_QUOTE_MAX);
            break;
        case TDI_WHEN_MAPPING:
            tdi_buf_printf(b, "mapping %s selects ", w->name);
            tdi_buf_escaped(b, w->value, strlen(w->value), TDI_QUOTE_MAX);
            break;
        }
    }
    return written;
}
