/* Recognizers and the task model: find the task definitions a document holds
 * and normalize what the rules need, whatever the input's spelling.
 *
 * Shapes recognized:
 *   - CloudFormation / SAM / CDK output: every resource of type
 *     AWS::ECS::TaskDefinition under Resources;
 *   - describe-task-definition output: {"taskDefinition": {...}};
 *   - register-task-definition input: an object with containerDefinitions;
 *   - a bare array of container definitions.
 * Anything else holds no task definition, but for near-misses (TD005): a
 * shape spelt so that the AWS CLI or CloudFormation would reject it and
 * tdlint would read nothing, made a task with `unread` set and nothing in it:
 *   - a key near containerDefinitions (tdi_near) where it belongs, and no
 *     containerDefinitions: at the root, or in describe output's taskDefinition;
 *   - a resource whose Type is near AWS::ECS::TaskDefinition;
 *   - an AWS::ECS::TaskDefinition whose Properties hold a key near
 *     ContainerDefinitions and no ContainerDefinitions;
 *   - a container definition in the other flavor's spelling. Its identity keys,
 *     name and image (Name and Image in a template), say which: a container
 *     "uses the other spelling" when it has neither of its own flavor's and
 *     has one of the other's. In a task (either flavor), one such container
 *     makes the task unread; a bare array is one when each element is a mapping
 *     with an identity key of either spelling, one uses CloudFormation's, and
 *     one has an image (Image or image): a list of {Name, Command} records is
 *     not one.
 * Each document also gets notes: what --verbose says was recognized and why. */
#include "build.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const tdi_doc *doc;
    tdi_model *model;
    tdi_mb mb;   /* the model's arena; mb.err: out of memory */
    tdi_eval ev; /* CloudFormation: the template, for parameters, conditions, mappings */
} recog;

/* The values v (at span, pointer) can take: a CloudFormation expression is
 * evaluated, anything else is the one literal. */
static tdi_vals values_of(recog *r, const tdi_task *t, const json_t *v, tdi_span span,
                          const char *pointer, const tdi_when *pre, size_t npre)
{
    tdi_vals out = {0};
    if (t->flavor == TDI_FLAVOR_CFN) {
        if (tdi_evaluate(&r->ev, v, span, pointer, pre, npre, &out) < 0)
            r->mb.err = TD_ENOMEM;
        return out;
    }
    if (tdi_grow((void **)&out.v, &out.cap, 1, sizeof *out.v) < 0) {
        r->mb.err = TD_ENOMEM;
        return out;
    }
    tdi_val lit = {v, NULL, 0, NULL, span, pointer, pre, npre};
    out.v[out.n++] = lit;
    return out;
}

static tdi_task *new_task(recog *r, tdi_flavor flavor, const char *name, const char *pointer)
{
    tdi_model *m = r->model;
    if (tdi_grow((void **)&m->tasks, &m->cap, m->ntasks + 1, sizeof *m->tasks) < 0) {
        r->mb.err = TD_ENOMEM;
        return NULL;
    }
    tdi_task *t = &m->tasks[m->ntasks];
    memset(t, 0, sizeof *t);
    t->flavor = flavor;
    t->ro_key = flavor == TDI_FLAVOR_CFN ? "ReadonlyRootFilesystem" : "readonlyRootFilesystem";
    t->name = name ? tdi_mb_str(&r->mb, name) : NULL;
    t->pointer = tdi_mb_str(&r->mb, pointer);
    if (r->mb.err)
        return NULL;
    m->ntasks++;
    return t;
}

/* Classifies one value of the root-filesystem setting. */
static void classify_value(const tdi_task *t, const tdi_val *v, tdi_ro_value *out)
{
    const int cfn = t->flavor == TDI_FLAVOR_CFN;
    out->span = v->span;
    out->when = v->when;
    out->nwhen = v->nwhen;
    if (v->absent) {
        out->kind = TDI_RO_MISSING;
        return;
    }
    if (v->unknown) {
        out->kind = TDI_RO_INTRINSIC;
        out->what = v->unknown;
        return;
    }
    const char *s = v->str;
    if (!s && json_is_string(v->json)) {
        s = json_string_value(v->json);
        if (strlen(s) != json_string_length(v->json)) { /* a NUL inside */
            out->kind = TDI_RO_INVALID;
            out->what = "a string";
            out->text = s;
            return;
        }
    }
    if (s) {
        out->text = s;
        if (cfn && strcasecmp(s, "true") == 0)
            out->kind = TDI_RO_TRUE;
        else if (cfn && strcasecmp(s, "false") == 0)
            out->kind = TDI_RO_STRING_FALSE;
        else {
            out->kind = TDI_RO_INVALID;
            out->what = "a string";
        }
        return;
    }
    switch (json_typeof(v->json)) {
    case JSON_TRUE:
        out->kind = TDI_RO_TRUE;
        return;
    case JSON_FALSE:
        out->kind = TDI_RO_FALSE;
        return;
    case JSON_NULL:
        out->kind = TDI_RO_NULL;
        return;
    default:
        out->kind = TDI_RO_INVALID;
        out->what = tdi_json_kind(v->json);
    }
}

/* Keys near the setting's key (tdi_near): another case (Kubernetes'
 * readOnlyRootFilesystem) or up to two typing mistakes. */
static void find_typos(recog *r, const tdi_task *t, tdi_container *c)
{
    size_t n = 0;
    const char *k;
    json_t *v;
    /* the keys only: a pruned load keeps these keys (model/keys.c), with null values */
    json_object_foreach((json_t *)c->node, k, v)
    {
        (void)v;
        if (!tdi_near(t->flavor == TDI_FLAVOR_CFN ? TDI_NEAR_CFN_RO : TDI_NEAR_ECS_RO, k))
            continue;
        if (!c->typos &&
            !(c->typos = tdi_mb_array(&r->mb, json_object_size(c->node), sizeof *c->typos)))
            return;
        const tdi_member *m = tdi_doc_member(r->doc, c->node, k);
        if (!m)
            continue;
        c->typos[n].key = k;
        c->typos[n].span = tdi_member_span(m);
        c->typos[n].pointer = tdi_mb_key(&r->mb, c->pointer, k);
        c->ntypos = ++n;
    }
}

/* A container definition's values are read through tdi_container_value:
 * a pruned YAML load builds those of its keys and no other (model/keys.c).
 * Of the other keys it keeps, with null values, those find_typos and
 * tdi_intrinsic_name look at. */
static void read_setting(recog *r, const tdi_task *t, tdi_container *c)
{
    const tdi_member *m = tdi_container_member(r->doc, t, c, TDI_CKEY_RO);
    const json_t *v = tdi_container_value(t, c, TDI_CKEY_RO);
    find_typos(r, t, c);
    if (!v || !m) {
        c->ro_span = c->span;
        c->ro_pointer = c->pointer;
        if ((c->ro = tdi_mb_array(&r->mb, 1, sizeof *c->ro)) != NULL) {
            c->ro[0].kind = TDI_RO_MISSING;
            c->ro[0].span = c->span;
            c->nro = 1;
        }
        return;
    }
    c->ro_span = tdi_member_span(m);
    c->ro_pointer = tdi_mb_key(&r->mb, c->pointer, t->ro_key);
    if (r->mb.err)
        return;
    tdi_vals vals = values_of(r, t, v, m->value_span, c->ro_pointer, NULL, 0);
    if ((c->ro = tdi_mb_array(&r->mb, vals.n, sizeof *c->ro)) != NULL) {
        for (size_t i = 0; i < vals.n; i++)
            classify_value(t, &vals.v[i], &c->ro[i]);
        c->nro = vals.n;
    }
    tdi_free(vals.v);
}

/* Makes room for one more element in a task's growable array (containers,
 * opaque entries): on the heap, freed by tdi_model_free. */
static int reserve(recog *r, void **arr, size_t *cap, size_t n, size_t size)
{
    if (tdi_grow(arr, cap, n + 1, size) < 0) {
        r->mb.err = TD_ENOMEM;
        return -1;
    }
    return 0;
}

static void add_opaque(recog *r, tdi_task *t, int invalid, const char *what, const char *subject,
                       size_t index, const tdi_val *v)
{
    if (reserve(r, (void **)&t->opaque, &t->opaque_cap, t->nopaque, sizeof *t->opaque) < 0)
        return;
    tdi_opaque *o = &t->opaque[t->nopaque++];
    o->invalid = invalid;
    o->what = what;
    o->subject = subject;
    o->index = index;
    o->span = v->span;
    o->pointer = (char *)v->pointer;
    o->when = v->when;
    o->nwhen = v->nwhen;
}

static void add_container(recog *r, tdi_task *t, size_t index, const tdi_val *v)
{
    if (reserve(r, (void **)&t->containers, &t->containers_cap, t->ncontainers,
                sizeof *t->containers) < 0)
        return;
    tdi_container *c = &t->containers[t->ncontainers++];
    memset(c, 0, sizeof *c);
    c->node = v->json;
    c->index = index;
    c->pointer = (char *)v->pointer;
    c->span = v->span;
    c->when = v->when;
    c->nwhen = v->nwhen;
    const json_t *name = tdi_container_value(t, c, TDI_CKEY_NAME);
    if (json_is_string(name)) {
        c->name = tdi_mb_str(&r->mb, json_string_value(name));
    } else if (name) {
        c->name_computed = 1;
        if (tdi_intrinsic_name(name)) { /* !Sub "${Env}-web" names it in messages */
            tdi_buf b;
            tdi_buf_init(&b);
            tdi_intrinsic_text(&b, name);
            c->name_expr = b.failed ? NULL : tdi_mb_str(&r->mb, b.data);
            if (b.failed)
                r->mb.err = TD_ENOMEM;
            tdi_buf_free(&b);
        }
    }
    read_setting(r, t, c);
}

/* Reads one value of the container list into task t: a list of container
 * definitions (each possibly an Fn::If), or something that is not a list. */
static void read_list_value(recog *r, tdi_task *t, const tdi_val *lv, const char *what_key)
{
    if (lv->absent)
        return; /* Ref AWS::NoValue: no containers */
    if (lv->unknown || !json_is_array(lv->json)) {
        const char *what = lv->unknown ? lv->unknown
                           : lv->str   ? "a string"
                                       : tdi_json_kind(lv->json);
        add_opaque(r, t, lv->unknown == NULL, what, what_key, 0, lv);
        return;
    }
    const json_t *list = lv->json;
    for (size_t i = 0; i < json_array_size(list) && !r->mb.err; i++) {
        const json_t *el = json_array_get(list, i);
        const tdi_member *em = tdi_doc_element(r->doc, list, i);
        char *eptr = tdi_mb_index(&r->mb, lv->pointer, i);
        if (!em || r->mb.err)
            break;
        tdi_vals ev = values_of(r, t, el, em->value_span, eptr, lv->when, lv->nwhen);
        for (size_t k = 0; k < ev.n && !r->mb.err; k++) {
            const tdi_val *v = &ev.v[k];
            if (v->absent)
                continue;
            if (v->json && json_is_object(v->json) && !tdi_intrinsic_name(v->json))
                add_container(r, t, i, v);
            else if (v->unknown)
                add_opaque(r, t, 0, v->unknown, NULL, i, v);
            else
                add_opaque(r, t, 1, v->str ? "a string" : tdi_json_kind(v->json), NULL, i, v);
        }
        tdi_free(ev.v);
    }
}

/* Reads the container list held by owner[key] into task t. */
static void read_containers(recog *r, tdi_task *t, const json_t *owner, const char *owner_ptr,
                            const char *key)
{
    const json_t *list = json_object_get(owner, key);
    const tdi_member *lm = tdi_doc_member(r->doc, owner, key);
    if (!list || !lm || r->mb.err)
        return;
    char *lptr = tdi_mb_key(&r->mb, owner_ptr, key);
    if (r->mb.err)
        return;
    tdi_vals lv = values_of(r, t, list, lm->value_span, lptr, NULL, 0);
    for (size_t i = 0; i < lv.n && !r->mb.err; i++) {
        tdi_val v = lv.v[i];
        /* a finding about the list itself points at its key; the branch that
         * gives the value is a related location */
        if (v.unknown || !json_is_array(v.json))
            v.span = tdi_member_span(lm);
        read_list_value(r, t, &v, key);
    }
    tdi_free(lv.v);
}

/* Keys only container definitions have (the ECS API's spelling; a
 * template's differs in the case of the first letter). */
static const char *const marks[] = {"image",
                                    "readonlyRootFilesystem",
                                    "essential",
                                    "portMappings",
                                    "mountPoints",
                                    "memory",
                                    "cpu",
                                    "command",
                                    "entryPoint",
                                    "environment",
                                    "logConfiguration",
                                    NULL};

static int has_mark(const json_t *el, int any_case)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)el, k, v)
    {
        (void)v;
        for (size_t i = 0; marks[i]; i++)
            if (any_case ? strcasecmp(k, marks[i]) == 0 : strcmp(k, marks[i]) == 0)
                return 1;
    }
    return 0;
}

static int looks_like_container_list(const json_t *a)
{
    /* every element a mapping with a name or an image, and at least one that
     * has a key only container definitions have */
    size_t n = json_array_size(a);
    int marked = 0;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *el = json_array_get(a, i);
        if (!json_is_object(el) || (!json_object_get(el, "name") && !json_object_get(el, "image")))
            return 0;
        marked = marked || has_mark(el, 0);
    }
    return marked;
}

/* The other flavor's identity key (name or image) that container definition
 * el of a flavor-f list uses when it has neither of f's own; else NULL. */
static const char *other_spelling(tdi_flavor f, const json_t *el)
{
    const char *const *own = tdi_container_keys[f];
    const char *const *other =
        tdi_container_keys[f == TDI_FLAVOR_ECS ? TDI_FLAVOR_CFN : TDI_FLAVOR_ECS];
    if (!json_is_object(el) || json_object_get(el, own[TDI_CKEY_NAME]) ||
        json_object_get(el, own[TDI_CKEY_IMAGE]))
        return NULL;
    if (json_object_get(el, other[TDI_CKEY_NAME]))
        return other[TDI_CKEY_NAME];
    if (json_object_get(el, other[TDI_CKEY_IMAGE]))
        return other[TDI_CKEY_IMAGE];
    return NULL;
}

/* A bare list in CloudFormation's spelling (see the top of this file): the
 * index of its first element in that spelling, or -1. */
static long cfn_spelt_list(const json_t *a)
{
    size_t n = json_array_size(a);
    long first = -1;
    int marked = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *el = json_array_get(a, i);
        if (!json_is_object(el))
            return -1;
        int ecs = json_object_get(el, "name") || json_object_get(el, "image");
        if (!ecs && !other_spelling(TDI_FLAVOR_ECS, el))
            return -1; /* no identity key in either spelling */
        if (!ecs && first < 0)
            first = (long)i;
        /* a container definition needs an image: Name with Command or
         * Environment alone is too common a record to call a misspelling */
        marked = marked || json_object_get(el, "Image") || json_object_get(el, "image");
    }
    return marked ? first : -1;
}

/* The first key of obj near name n, or NULL. */
static const char *near_key(const json_t *obj, tdi_near_name n)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v)
    {
        (void)v;
        if (tdi_near(n, k))
            return k;
    }
    return NULL;
}

/* ---- notes: what --verbose says was recognized ---- */

/* Adds the note b holds (text, then the position of at if given, then tail). */
static void note_at(recog *r, tdi_buf *b, const tdi_span *at, const char *tail)
{
    tdi_model *m = r->model;
    if (b->failed)
        r->mb.err = TD_ENOMEM;
    if (!r->mb.err &&
        tdi_grow((void **)&m->notes, &m->notes_cap, m->nnotes + 1, sizeof *m->notes) < 0)
        r->mb.err = TD_ENOMEM;
    if (!r->mb.err) {
        tdi_note *n = &m->notes[m->nnotes];
        memset(n, 0, sizeof *n);
        n->text = tdi_mb_str(&r->mb, b->data ? b->data : "");
        n->tail = tdi_mb_str(&r->mb, tail ? tail : "");
        n->has_at = at != NULL;
        if (at)
            n->at = *at;
        if (!r->mb.err)
            m->nnotes++;
    }
    tdi_buf_free(b);
}

static void note(recog *r, const char *fmt, ...) TDI_PRINTF(2, 3);
static void note(recog *r, const char *fmt, ...)
{
    tdi_buf b;
    tdi_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    tdi_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    note_at(r, &b, NULL, NULL);
}

static void put_quoted(tdi_buf *b, const char *s)
{
    tdi_buf_quoted(b, s, strlen(s), TDI_QUOTE_MAX);
}

/* ---- near-misses: tasks with nothing read (TD005) ---- */

static void set_unread(recog *r, tdi_task *t, tdi_unread_kind kind, const char *got,
                       const char *meant, tdi_span span, const char *pointer,
                       const tdi_container *c)
{
    tdi_unread *u = tdi_mb_array(&r->mb, 1, sizeof *u);
    if (!u)
        return;
    u->kind = kind;
    u->got = tdi_mb_str(&r->mb, got);
    u->meant = meant;
    u->span = span;
    u->pointer = tdi_mb_str(&r->mb, pointer);
    if (c) {
        /* named in either spelling: the other one's name is the name meant */
        const json_t *name = json_object_get(c->node, "name");
        if (!name)
            name = json_object_get(c->node, "Name");
        u->index = c->index;
        u->name = json_is_string(name) ? tdi_mb_str(&r->mb, json_string_value(name)) : NULL;
        u->name_expr = u->name ? NULL : c->name_expr;
        if (!u->name && !u->name_expr && tdi_intrinsic_name(name)) {
            tdi_buf b;
            tdi_buf_init(&b);
            tdi_intrinsic_text(&b, name);
            u->name_expr = b.failed ? NULL : tdi_mb_str(&r->mb, b.data);
            tdi_buf_free(&b);
        }
    }
    t->unread = u;
    /* nothing of it is checked */
    t->ncontainers = 0;
    t->nopaque = 0;
}

/* A note for an unread task: "Resources.Web is not read (TD005): its Type
 * \"AWS::ECS::TaskDefintion\" at 4:11 is near AWS::ECS::TaskDefinition". */
static void note_unread(recog *r, const tdi_task *t, const char *what)
{
    const tdi_unread *u = t->unread;
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_printf(&b, "%s is not read (TD005): ", what);
    const char *tail = "";
    if (u->kind == TDI_UNREAD_SPELLING) {
        if (u->name) {
            tdi_buf_puts(&b, "container ");
            put_quoted(&b, u->name);
        } else if (u->name_expr) {
            tdi_buf_printf(&b, "container %s", u->name_expr);
        } else {
            tdi_buf_printf(&b, "container definition #%zu", u->index + 1);
        }
        tdi_buf_puts(&b, " has ");
    } else if (u->kind == TDI_UNREAD_CFN_TYPE) {
        tdi_buf_puts(&b, "its Type ");
    }
    put_quoted(&b, u->got);
    tdi_buf_puts(&b, " at ");
    tdi_buf tb;
    tdi_buf_init(&tb);
    if (u->kind == TDI_UNREAD_SPELLING)
        tdi_buf_printf(&tb, " where %s needs %s",
                       t->flavor == TDI_FLAVOR_CFN ? "CloudFormation" : "the ECS API", u->meant);
    else
        tdi_buf_printf(&tb, " is near %s", u->meant);
    if (tb.failed)
        b.failed = 1;
    tail = tb.data ? tb.data : "";
    note_at(r, &b, &u->span, tail);
    tdi_buf_free(&tb);
}

/* After a task's containers are read: a container in the other spelling
 * makes the task unread; else its volumes and platform are read. */
static void finish_task(recog *r, tdi_task *t)
{
    for (size_t i = 0; i < t->ncontainers && !r->mb.err; i++) {
        tdi_container *c = &t->containers[i];
        const char *k = other_spelling(t->flavor, c->node);
        const tdi_member *m = k ? tdi_doc_member(r->doc, c->node, k) : NULL;
        if (!m)
            continue;
        const char *meant =
            tdi_container_keys[t->flavor]
                              [strcasecmp(k, "name") == 0 ? TDI_CKEY_NAME : TDI_CKEY_IMAGE];
        set_unread(r, t, TDI_UNREAD_SPELLING, k, meant, m->key_span,
                   tdi_mb_key(&r->mb, c->pointer, k), c);
        return;
    }
    if (!r->mb.err && tdi_read_volumes(r->doc, &r->mb, t) < 0)
        r->mb.err = TD_ENOMEM;
}

static void note_windows(recog *r, const tdi_task *t, const char *what)
{
    if (t->os_why)
        note(r, "%s is %s: %s", what, t->windows ? "a Windows task" : "checked as Linux",
             t->os_why);
}

/* Metadata: {tdlint: {ignore: [{rule, containers, reason}, ...]}} of a resource. */
static void read_ignores(recog *r, tdi_task *t, const json_t *res)
{
    const json_t *list =
        json_object_get(json_object_get(json_object_get(res, "Metadata"), "tdlint"), "ignore");
    size_t n = json_array_size(list);
    if (!n || !(t->ignores = tdi_mb_array(&r->mb, n, sizeof *t->ignores)))
        return;
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_array_get(list, i);
        const tdi_member *em = tdi_doc_element(r->doc, list, i);
        tdi_ignore *ig = &t->ignores[t->nignores++];
        ig->span = em ? em->value_span : (tdi_span){0, 0};
        const json_t *rule = json_object_get(e, "rule");
        const json_t *reason = json_object_get(e, "reason");
        const json_t *cs = json_object_get(e, "containers");
        ig->rule = json_is_string(rule) ? json_string_value(rule) : NULL;
        ig->reason = json_is_string(reason) && json_string_length(reason) > 0
                         ? json_string_value(reason)
                         : NULL;
        if (json_is_string(cs)) { /* one name written without a list */
            if ((ig->containers = tdi_mb_array(&r->mb, 1, sizeof *ig->containers)) != NULL) {
                ig->containers[0] = json_string_value(cs);
                ig->ncontainers = 1;
            }
        } else if (json_is_array(cs)) {
            size_t k = json_array_size(cs);
            if ((ig->containers = tdi_mb_array(&r->mb, k ? k : 1, sizeof *ig->containers)) != NULL)
                for (size_t j = 0; j < k; j++)
                    if (json_is_string(json_array_get(cs, j)))
                        ig->containers[ig->ncontainers++] =
                            json_string_value(json_array_get(cs, j));
        }
    }
}

/* "Resources.Web", for notes. */
static void resource_label(tdi_buf *b, const char *id)
{
    tdi_buf_puts(b, "Resources.");
    tdi_buf_escaped(b, id, strlen(id), TDI_QUOTE_MAX);
}

static void recognize_cfn(recog *r, const json_t *resources)
{
    const char *id;
    json_t *res;
    size_t first = r->model->ntasks;
    json_object_foreach((json_t *)resources, id, res)
    {
        const json_t *type = json_object_get(res, "Type");
        if (!json_is_string(type))
            continue;
        const char *ts = json_string_value(type);
        int near = tdi_near(TDI_NEAR_CFN_TYPE, ts);
        if (!near && strcmp(ts, tdi_near_names[TDI_NEAR_CFN_TYPE]) != 0)
            continue;
        char *rptr = tdi_mb_key(&r->mb, "/Resources", id);
        if (r->mb.err)
            return;
        tdi_task *t = new_task(r, TDI_FLAVOR_CFN, id, rptr);
        if (!t)
            return;
        read_ignores(r, t, res);
        const tdi_member *tm = tdi_doc_member(r->doc, res, "Type");
        if (near) {
            if (tm)
                set_unread(r, t, TDI_UNREAD_CFN_TYPE, ts, tdi_near_names[TDI_NEAR_CFN_TYPE],
                           tm->value_span, tdi_mb_key(&r->mb, rptr, "Type"), NULL);
            if (r->mb.err)
                return;
            continue;
        }
        const json_t *props = json_object_get(res, "Properties");
        char *pptr = tdi_mb_key(&r->mb, rptr, "Properties");
        const char *wrong = NULL;
        /* "properties": CloudFormation rejects the resource, nothing is read */
        const char *wprops = props ? NULL : near_key(res, TDI_NEAR_CFN_PROPERTIES);
        const tdi_member *pm = wprops ? tdi_doc_member(r->doc, res, wprops) : NULL;
        if (json_is_object(props) && !json_object_get(props, "ContainerDefinitions"))
            wrong = near_key(props, TDI_NEAR_CFN_CONTAINERS);
        const tdi_member *wm = wrong ? tdi_doc_member(r->doc, props, wrong) : NULL;
        if (pm) {
            set_unread(r, t, TDI_UNREAD_CFN_PROPS, wprops, tdi_near_names[TDI_NEAR_CFN_PROPERTIES],
                       pm->key_span, tdi_mb_key(&r->mb, rptr, wprops), NULL);
        } else if (wm) {
            set_unread(r, t, TDI_UNREAD_CFN_KEY, wrong, tdi_near_names[TDI_NEAR_CFN_CONTAINERS],
                       wm->key_span, tdi_mb_key(&r->mb, pptr, wrong), NULL);
        } else if (json_is_object(props)) {
            t->node = props;
            read_containers(r, t, props, pptr, "ContainerDefinitions");
        }
        if (!t->unread)
            finish_task(r, t);
        if (r->mb.err)
            return;
    }
    /* the notes: what was read, then what was not and why */
    tdi_buf b;
    tdi_buf_init(&b);
    size_t nread = 0;
    for (size_t i = first; i < r->model->ntasks; i++) {
        const tdi_task *t = &r->model->tasks[i];
        if (t->unread)
            continue;
        tdi_buf_puts(&b, nread ? ", " : " (");
        resource_label(&b, t->name);
        nread++;
    }
    if (nread) {
        tdi_buf c;
        tdi_buf_init(&c);
        tdi_buf_printf(&c, "CloudFormation template: %zu task definition%s%s)", nread,
                       nread == 1 ? "" : "s", b.data ? b.data : "");
        if (b.failed)
            c.failed = 1;
        note_at(r, &c, NULL, NULL);
    } else if (first == r->model->ntasks) {
        note(r, "no task definition: a CloudFormation template with no %s resource",
             tdi_near_names[TDI_NEAR_CFN_TYPE]);
    }
    tdi_buf_free(&b);
    for (size_t i = first; i < r->model->ntasks && !r->mb.err; i++) {
        const tdi_task *t = &r->model->tasks[i];
        tdi_buf label;
        tdi_buf_init(&label);
        resource_label(&label, t->name);
        if (label.failed)
            r->mb.err = TD_ENOMEM;
        else if (t->unread)
            note_unread(r, t, label.data);
        else
            note_windows(r, t, label.data);
        tdi_buf_free(&label);
    }
}

/* How notes name an ECS API task: task definition "family", or that it has
 * none; the caller frees label (out of memory sets r->mb.err). */
static void task_label(recog *r, const tdi_task *t, tdi_buf *label)
{
    tdi_buf_init(label);
    tdi_buf_puts(label, t->name ? "task definition " : "a task definition without family");
    if (t->name)
        put_quoted(label, t->name);
    if (label->failed)
        r->mb.err = TD_ENOMEM;
}

/* An ECS API task definition: td (at ptr) holds containerDefinitions, or
 * a key near it (then nothing is read). what names the shape for notes. */
static void recognize_ecs(recog *r, const json_t *td, const char *ptr, const char *what)
{
    const json_t *family = json_object_get(td, "family");
    tdi_task *t =
        new_task(r, TDI_FLAVOR_ECS, json_is_string(family) ? json_string_value(family) : NULL, ptr);
    if (!t)
        return;
    const char *key = tdi_near_names[TDI_NEAR_ECS_CONTAINERS];
    const tdi_member *m = tdi_doc_member(r->doc, td, key);
    if (!m) {
        const char *wrong = near_key(td, TDI_NEAR_ECS_CONTAINERS);
        const tdi_member *wm = wrong ? tdi_doc_member(r->doc, td, wrong) : NULL;
        if (wm)
            set_unread(r, t, TDI_UNREAD_ECS_KEY, wrong, key, wm->key_span,
                       tdi_mb_key(&r->mb, ptr, wrong), NULL);
    } else {
        t->node = td;
        read_containers(r, t, td, ptr, key);
        finish_task(r, t);
    }
    tdi_buf label;
    task_label(r, t, &label);
    if (r->mb.err) {
        tdi_buf_free(&label);
        return;
    }
    if (t->unread) {
        note(r, "%s with a key near containerDefinitions", what);
        note_unread(r, t, label.data);
    } else {
        tdi_buf b;
        tdi_buf_init(&b);
        tdi_buf_printf(&b, "%s: %s (%s at ", what, label.data, key);
        note_at(r, &b, &m->key_span, ")");
        note_windows(r, t, label.data);
    }
    tdi_buf_free(&label);
}

/* describe output with a key near taskDefinition ("TaskDefinition") holding
 * containerDefinitions: nothing is read. */
static int recognize_near_describe(recog *r, const json_t *root)
{
    const char *wrong = near_key(root, TDI_NEAR_ECS_TASKDEF);
    const json_t *td = wrong ? json_object_get(root, wrong) : NULL;
    if (!json_is_object(td) || !json_object_get(td, "containerDefinitions"))
        return 0;
    const tdi_member *m = tdi_doc_member(r->doc, root, wrong);
    const json_t *family = json_object_get(td, "family");
    char *ptr = tdi_mb_key(&r->mb, "", wrong);
    tdi_task *t = m && ptr
                      ? new_task(r, TDI_FLAVOR_ECS,
                                 json_is_string(family) ? json_string_value(family) : NULL, ptr)
                      : NULL;
    if (!t)
        return 1;
    set_unread(r, t, TDI_UNREAD_ECS_TASKDEF, wrong, tdi_near_names[TDI_NEAR_ECS_TASKDEF],
               m->key_span, ptr, NULL);
    tdi_buf label;
    task_label(r, t, &label);
    if (!r->mb.err) {
        note(r, "describe-task-definition output with a key near taskDefinition");
        note_unread(r, t, label.data);
    }
    tdi_buf_free(&label);
    return 1;
}

int tdi_recognize(const tdi_doc *doc, tdi_model *model)
{
    memset(model, 0, sizeof *model);
    tdi_arena_init(&model->arena);
    recog r = {doc, model, {&model->arena, TD_OK}, {doc, doc->root, &model->arena}};
    const json_t *root = doc->root;
    const char *mapping = doc->format == TDI_FORMAT_YAML ? "a YAML mapping" : "a JSON object";
    if (json_is_object(root)) {
        const json_t *resources = json_object_get(root, "Resources");
        const json_t *td = json_object_get(root, "taskDefinition");
        if (json_is_object(resources))
            recognize_cfn(&r, resources);
        else if (json_is_object(td) && (json_object_get(td, "containerDefinitions") ||
                                        near_key(td, TDI_NEAR_ECS_CONTAINERS)))
            recognize_ecs(&r, td, "/taskDefinition", "describe-task-definition output");
        else if (json_object_get(root, "containerDefinitions") ||
                 near_key(root, TDI_NEAR_ECS_CONTAINERS))
            recognize_ecs(&r, root, "", "register-task-definition input");
        else if (!td && recognize_near_describe(&r, root))
            ;
        else if (json_is_object(td))
            note(&r, "no task definition: its taskDefinition holds no containerDefinitions");
        else if (resources || td) /* an AppSpec's list of Resources, a service's taskDefinition */
            note(&r, "no task definition: its %s is %s, not a mapping",
                 resources ? "Resources" : "taskDefinition",
                 tdi_json_kind(resources ? resources : td));
        else
            note(&r,
                 "no task definition: %s with no containerDefinitions, taskDefinition or "
                 "Resources",
                 mapping);
    } else if (json_is_array(root) && looks_like_container_list(root)) {
        tdi_task *t = new_task(&r, TDI_FLAVOR_ECS, NULL, "");
        if (t) {
            tdi_val lv = {root, NULL, 0, NULL, doc->root_span, "", NULL, 0};
            read_list_value(&r, t, &lv, "the container list");
            finish_task(&r, t);
            if (!t->unread) {
                note(&r, "a list of %zu container definition%s", json_array_size(root),
                     json_array_size(root) == 1 ? "" : "s");
                note_windows(&r, t, "the list");
            }
        }
    } else if (json_is_array(root) && cfn_spelt_list(root) >= 0) {
        size_t i = (size_t)cfn_spelt_list(root);
        const json_t *el = json_array_get(root, i);
        const char *k = other_spelling(TDI_FLAVOR_ECS, el);
        const tdi_member *m = tdi_doc_member(doc, el, k);
        const tdi_member *em = tdi_doc_element(doc, root, i);
        tdi_task *t = m && em ? new_task(&r, TDI_FLAVOR_ECS, NULL, "") : NULL;
        if (t && reserve(&r, (void **)&t->containers, &t->containers_cap, 0,
                         sizeof *t->containers) == 0) {
            /* the container the finding names: its index and name only */
            tdi_container *c = &t->containers[0];
            memset(c, 0, sizeof *c);
            c->index = i;
            c->node = el;
            const char *meant =
                tdi_container_keys[TDI_FLAVOR_ECS]
                                  [strcmp(k, "Name") == 0 ? TDI_CKEY_NAME : TDI_CKEY_IMAGE];
            set_unread(&r, t, TDI_UNREAD_SPELLING, k, meant, m->key_span,
                       tdi_mb_key(&r.mb, tdi_mb_index(&r.mb, "", i), k), c);
            if (t->unread)
                t->unread->bare_list = 1;
            note(&r, "a list of %zu container definition%s in CloudFormation's spelling",
                 json_array_size(root), json_array_size(root) == 1 ? "" : "s");
            note_unread(&r, t, "the list");
        }
    } else if (json_is_array(root)) {
        note(&r, "no task definition: a list that is not of container definitions (each "
                 "needs a name or an image, and one a key only container definitions have)");
    } else {
        note(&r, "no task definition: the document is %s",
             json_is_null(root) ? "empty or null" : tdi_json_kind(root));
    }
    if (r.mb.err) {
        tdi_model_free(model);
        return r.mb.err;
    }
    return TD_OK;
}

void tdi_model_free(tdi_model *model)
{
    if (!model)
        return;
    for (size_t i = 0; i < model->ntasks; i++) {
        tdi_free(model->tasks[i].containers);
        tdi_free(model->tasks[i].opaque);
    }
    tdi_free(model->tasks);
    tdi_free(model->notes);
    model->notes = NULL;
    model->nnotes = model->notes_cap = 0;
    model->tasks = NULL;
    model->ntasks = model->cap = 0;
    tdi_arena_free(&model->arena);
}
