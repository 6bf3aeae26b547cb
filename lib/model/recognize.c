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
#include "build.h"

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

/* Keys that are almost the setting's key: another case (Kubernetes'
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
        if (strcmp(k, t->ro_key) == 0 ||
            tdi_edit_distance(k, t->ro_key, TDI_TYPO_SLACK, 1) > TDI_TYPO_SLACK)
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
    if (json_is_string(name))
        c->name = tdi_mb_str(&r->mb, json_string_value(name));
    else if (name)
        c->name_computed = 1;
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

static int looks_like_container_list(const json_t *a)
{
    /* every element a mapping with a name or an image, and at least one that
     * has a key only container definitions have */
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
    size_t n = json_array_size(a);
    int marked = 0;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *el = json_array_get(a, i);
        if (!json_is_object(el) || (!json_object_get(el, "name") && !json_object_get(el, "image")))
            return 0;
        for (size_t k = 0; marks[k] && !marked; k++)
            marked = json_object_get(el, marks[k]) != NULL;
    }
    return marked;
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

static void recognize_cfn(recog *r, const json_t *resources)
{
    const char *id;
    json_t *res;
    json_object_foreach((json_t *)resources, id, res)
    {
        const json_t *type = json_object_get(res, "Type");
        if (!json_is_string(type) || strcmp(json_string_value(type), "AWS::ECS::TaskDefinition"))
            continue;
        char *rptr = tdi_mb_key(&r->mb, "/Resources", id);
        if (r->mb.err)
            return;
        tdi_task *t = new_task(r, TDI_FLAVOR_CFN, id, rptr);
        if (!t)
            return;
        const json_t *props = json_object_get(res, "Properties");
        if (json_is_object(props)) {
            t->node = props;
            read_containers(r, t, props, tdi_mb_key(&r->mb, rptr, "Properties"),
                            "ContainerDefinitions");
        }
        read_ignores(r, t, res);
        if (!r->mb.err && tdi_read_volumes(r->doc, &r->mb, t) < 0)
            r->mb.err = TD_ENOMEM;
        if (r->mb.err)
            return;
    }
}

static void recognize_ecs(recog *r, const json_t *td, const char *ptr)
{
    const json_t *family = json_object_get(td, "family");
    tdi_task *t =
        new_task(r, TDI_FLAVOR_ECS, json_is_string(family) ? json_string_value(family) : NULL, ptr);
    if (!t)
        return;
    t->node = td;
    read_containers(r, t, td, ptr, "containerDefinitions");
    if (!r->mb.err && tdi_read_volumes(r->doc, &r->mb, t) < 0)
        r->mb.err = TD_ENOMEM;
}

int tdi_recognize(const tdi_doc *doc, tdi_model *model)
{
    memset(model, 0, sizeof *model);
    tdi_arena_init(&model->arena);
    recog r = {doc, model, {&model->arena, TD_OK}, {doc, doc->root, &model->arena}};
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
        if (t) {
            tdi_val lv = {root, NULL, 0, NULL, doc->root_span, "", NULL, 0};
            read_list_value(&r, t, &lv, "the container list");
            if (!r.mb.err && tdi_read_volumes(doc, &r.mb, t) < 0)
                r.mb.err = TD_ENOMEM;
        }
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
    model->tasks = NULL;
    model->ntasks = model->cap = 0;
    tdi_arena_free(&model->arena);
}
