/* Recognizers and the task model: find the task definitions a document holds
 * and normalize what the rules need, whatever the input's spelling.
 *
 * Shapes recognized:
 *   - CloudFormation / SAM / CDK output: every resource of type
 *     AWS::ECS::TaskDefinition under Resources;
 *   - describe-task-definition output: {"taskDefinition": {...}};
 *   - register-task-definition input: an object with containerDefinitions;
 *   - a bare array of container definitions.
 * Anything else holds no task definition. */
#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *tdi_intrinsic_name(const json_t *v)
{
    if (!json_is_object(v) || json_object_size(v) != 1)
        return NULL;
    const char *k = json_object_iter_key(json_object_iter((json_t *)v));
    if (strcmp(k, "Ref") == 0 || strcmp(k, "Condition") == 0 || strncmp(k, "Fn::", 4) == 0)
        return k;
    return NULL;
}

const char *tdi_json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "a mapping";
    case JSON_ARRAY:
        return "a list";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
    default:
        return "null";
    }
}

typedef struct {
    const tdi_doc *doc;
    tdi_model *model;
    int err;
} recog;

static char *ptr_key(recog *r, const char *base, const char *key)
{
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_puts(&b, base);
    tdi_buf_pointer_token(&b, key);
    char *s = NULL;
    if (!b.failed)
        s = tdi_arena_strdup(&r->model->arena, b.data);
    tdi_buf_free(&b);
    if (!s)
        r->err = TD_ENOMEM;
    return s;
}

static char *ptr_index(recog *r, const char *base, size_t i)
{
    char num[32];
    snprintf(num, sizeof num, "%zu", i);
    return ptr_key(r, base, num);
}

static char *arena_str(recog *r, const char *s)
{
    char *d = tdi_arena_strdup(&r->model->arena, s);
    if (!d)
        r->err = TD_ENOMEM;
    return d;
}

static tdi_span member_span(const tdi_member *m)
{
    tdi_span s = {m->key_span.start, m->value_span.end};
    return s;
}

static tdi_task *new_task(recog *r, tdi_flavor flavor, const char *name, const char *pointer)
{
    tdi_model *m = r->model;
    if (tdi_grow((void **)&m->tasks, &m->cap, m->ntasks + 1, sizeof *m->tasks) < 0) {
        r->err = TD_ENOMEM;
        return NULL;
    }
    tdi_task *t = &m->tasks[m->ntasks];
    memset(t, 0, sizeof *t);
    t->flavor = flavor;
    t->ro_key = flavor == TDI_FLAVOR_CFN ? "ReadonlyRootFilesystem" : "readonlyRootFilesystem";
    t->name = name ? arena_str(r, name) : NULL;
    t->pointer = arena_str(r, pointer);
    if (r->err)
        return NULL;
    m->ntasks++;
    return t;
}

static void classify_ro(recog *r, const tdi_task *t, tdi_container *c)
{
    const tdi_member *m = tdi_doc_member(r->doc, c->node, t->ro_key);
    json_t *v = json_object_get(c->node, t->ro_key);
    if (!v || !m) {
        c->ro = TDI_RO_MISSING;
        c->ro_span = c->span;
        c->ro_pointer = c->pointer;
        return;
    }
    c->ro_span = member_span(m);
    c->ro_pointer = ptr_key(r, c->pointer, t->ro_key);
    const int cfn = t->flavor == TDI_FLAVOR_CFN;
    switch (json_typeof(v)) {
    case JSON_TRUE:
        c->ro = TDI_RO_TRUE;
        return;
    case JSON_FALSE:
        c->ro = TDI_RO_FALSE;
        return;
    case JSON_NULL:
        c->ro = TDI_RO_NULL;
        return;
    case JSON_STRING: {
        const char *s = json_string_value(v);
        c->ro_value_text = s;
        if (cfn && strcasecmp(s, "true") == 0 && strlen(s) == json_string_length(v))
            c->ro = TDI_RO_TRUE;
        else if (cfn && strcasecmp(s, "false") == 0 && strlen(s) == json_string_length(v))
            c->ro = TDI_RO_STRING_FALSE;
        else {
            c->ro = TDI_RO_INVALID;
            c->ro_what = "a string";
        }
        return;
    }
    case JSON_OBJECT:
        if (cfn && (c->ro_what = tdi_intrinsic_name(v)) != NULL) {
            c->ro = TDI_RO_INTRINSIC;
            return;
        }
        break;
    default:
        break;
    }
    c->ro = TDI_RO_INVALID;
    c->ro_what = tdi_json_kind(v);
}

static void add_opaque(recog *r, tdi_task *t, int invalid, const char *what, const char *subject,
                       tdi_span span, char *pointer)
{
    (void)r;
    tdi_opaque *o = &t->opaque[t->nopaque++];
    o->invalid = invalid;
    o->what = what;
    o->subject = subject;
    o->span = span;
    o->pointer = pointer;
}

/* Reads a container list (the node `list`, at pointer lptr, whose member -
 * key through value - is lspan) into task t. what_key names the list in
 * messages. */
static void read_list(recog *r, tdi_task *t, const json_t *list, char *lptr, tdi_span lspan,
                      const char *what_key)
{
    if (!json_is_array(list)) {
        t->opaque = tdi_arena_alloc(&r->model->arena, sizeof *t->opaque);
        if (!t->opaque) {
            r->err = TD_ENOMEM;
            return;
        }
        const char *fn = t->flavor == TDI_FLAVOR_CFN ? tdi_intrinsic_name(list) : NULL;
        add_opaque(r, t, fn == NULL, fn ? fn : tdi_json_kind(list), what_key, lspan, lptr);
        return;
    }
    size_t n = json_array_size(list);
    if (n == 0)
        return;
    t->containers = tdi_arena_alloc(&r->model->arena, n * sizeof *t->containers);
    t->opaque = tdi_arena_alloc(&r->model->arena, n * sizeof *t->opaque);
    if (!t->containers || !t->opaque) {
        r->err = TD_ENOMEM;
        return;
    }
    for (size_t i = 0; i < n && !r->err; i++) {
        const json_t *el = json_array_get(list, i);
        const tdi_member *em = tdi_doc_element(r->doc, list, i);
        char *eptr = ptr_index(r, lptr, i);
        if (!em || r->err)
            break;
        const char *fn = t->flavor == TDI_FLAVOR_CFN ? tdi_intrinsic_name(el) : NULL;
        if (!json_is_object(el) || fn) {
            /* subject NULL: an element, described by its index */
            add_opaque(r, t, fn == NULL, fn ? fn : tdi_json_kind(el), NULL, em->value_span, eptr);
            t->opaque[t->nopaque - 1].index = i;
            continue;
        }
        tdi_container *c = &t->containers[t->ncontainers++];
        c->node = el;
        c->index = i;
        c->pointer = eptr;
        c->span = em->value_span;
        const json_t *name = json_object_get(el, t->flavor == TDI_FLAVOR_CFN ? "Name" : "name");
        if (json_is_string(name))
            c->name = arena_str(r, json_string_value(name));
        classify_ro(r, t, c);
    }
}

/* Reads the container list held by owner[key] into task t. */
static void read_containers(recog *r, tdi_task *t, const json_t *owner, const char *owner_ptr,
                            const char *key)
{
    const json_t *list = json_object_get(owner, key);
    const tdi_member *lm = tdi_doc_member(r->doc, owner, key);
    if (!list || !lm || r->err)
        return;
    char *lptr = ptr_key(r, owner_ptr, key);
    if (!r->err)
        read_list(r, t, list, lptr, member_span(lm), key);
}

static int looks_like_container_list(const json_t *a)
{
    size_t n = json_array_size(a), with_image = 0;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *el = json_array_get(a, i);
        if (!json_is_object(el))
            return 0;
        if (json_object_get(el, "image"))
            with_image++;
        else if (!json_object_get(el, "name"))
            return 0;
    }
    return with_image > 0;
}

static void recognize_cfn(recog *r, const json_t *resources)
{
    const char *id;
    json_t *res;
    json_object_foreach((json_t *)resources, id, res)
    {
        const json_t *type = json_object_get(res, "Type");
        if (!json_is_string(type) || strcmp(json_string_value(type), "AWS::ECS::TaskDefinition"))
            continue;
        char *rptr = ptr_key(r, "/Resources", id);
        if (r->err)
            return;
        tdi_task *t = new_task(r, TDI_FLAVOR_CFN, id, rptr);
        if (!t)
            return;
        const json_t *props = json_object_get(res, "Properties");
        if (json_is_object(props))
            read_containers(r, t, props, ptr_key(r, rptr, "Properties"), "ContainerDefinitions");
        if (r->err)
            return;
    }
}

static void recognize_ecs(recog *r, const json_t *td, const char *ptr)
{
    const json_t *family = json_object_get(td, "family");
    tdi_task *t = new_task(r, TDI_FLAVOR_ECS, json_is_string(family) ? json_string_value(family) : NULL, ptr);
    if (t)
        read_containers(r, t, td, ptr, "containerDefinitions");
}

int tdi_recognize(const tdi_doc *doc, tdi_model *model)
{
    memset(model, 0, sizeof *model);
    tdi_arena_init(&model->arena);
    recog r = {doc, model, 0};
    const json_t *root = doc->root;
    if (json_is_object(root)) {
        const json_t *resources = json_object_get(root, "Resources");
        const json_t *td = json_object_get(root, "taskDefinition");
        if (json_is_object(resources))
            recognize_cfn(&r, resources);
        else if (json_is_object(td) && json_object_get(td, "containerDefinitions"))
            recognize_ecs(&r, td, "/taskDefinition");
        else if (json_object_get(root, "containerDefinitions"))
            recognize_ecs(&r, root, "");
    } else if (json_is_array(root) && looks_like_container_list(root)) {
        tdi_task *t = new_task(&r, TDI_FLAVOR_ECS, NULL, "");
        if (t)
            read_list(&r, t, root, t->pointer, doc->root_span, "the container list");
    }
    if (r.err) {
        tdi_model_free(model);
        return r.err;
    }
    return TD_OK;
}

void tdi_model_free(tdi_model *model)
{
    if (!model)
        return;
    tdi_free(model->tasks);
    model->tasks = NULL;
    model->ntasks = model->cap = 0;
    tdi_arena_free(&model->arena);
}
