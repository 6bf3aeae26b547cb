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
        if (!ecs && !tdi_rec_other_spelling(TDI_FLAVOR_ECS, el))
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

/* A note for an unread task: "Resources.Web is not read (TD005): its Type
 * \"AWS::ECS::TaskDefintion\" at 4:11 is near AWS::ECS::TaskDefinition". */
static void note_unread(tdi_recog *r, const tdi_task *t, const char *what)
{
    const tdi_unread *u = t->unread;
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_printf(&b, "%s is not read (TD005): ", what);
    const char *tail = "";
    if (u->kind == TDI_UNREAD_SPELLING) {
        if (u->name) {
            tdi_buf_puts(&b, "container ");
            tdi_rec_quoted(&b, u->name);
        } else if (u->name_expr) {
            tdi_buf_printf(&b, "container %s", u->name_expr);
        } else {
            tdi_buf_printf(&b, "container definition #%zu", u->index + 1);
        }
        tdi_buf_puts(&b, " has ");
    } else if (u->kind == TDI_UNREAD_CFN_TYPE) {
        tdi_buf_puts(&b, "its Type ");
    }
    tdi_rec_quoted(&b, u->got);
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
    tdi_rec_note_at(r, &b, &u->span, tail);
    tdi_buf_free(&tb);
}

static void note_windows(tdi_recog *r, const tdi_task *t, const char *what)
{
    if (t->os_why)
        tdi_rec_note(r, "%s is %s: %s", what, t->windows ? "a Windows task" : "checked as Linux",
                     t->os_why);
}

/* Metadata: {tdlint: {ignore: [{rule, containers, reason}, ...]}} of a resource. */
static void read_ignores(tdi_recog *r, tdi_task *t, const json_t *res)
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

static void recognize_cfn(tdi_recog *r, const json_t *resources)
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
        tdi_task *t = tdi_rec_task(r, TDI_FLAVOR_CFN, id, rptr);
        if (!t)
            return;
        read_ignores(r, t, res);
        const tdi_member *tm = tdi_doc_member(r->doc, res, "Type");
        if (near) {
            if (tm)
                tdi_rec_unread(r, t, TDI_UNREAD_CFN_TYPE, ts, tdi_near_names[TDI_NEAR_CFN_TYPE],
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
            tdi_rec_unread(r, t, TDI_UNREAD_CFN_PROPS, wprops,
                           tdi_near_names[TDI_NEAR_CFN_PROPERTIES], pm->key_span,
                           tdi_mb_key(&r->mb, rptr, wprops), NULL);
        } else if (wm) {
            tdi_rec_unread(r, t, TDI_UNREAD_CFN_KEY, wrong, tdi_near_names[TDI_NEAR_CFN_CONTAINERS],
                           wm->key_span, tdi_mb_key(&r->mb, pptr, wrong), NULL);
        } else if (json_is_object(props)) {
            t->node = props;
            tdi_rec_containers(r, t, props, pptr, "ContainerDefinitions");
        }
        if (!t->unread)
            tdi_rec_finish(r, t);
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
        tdi_rec_note_at(r, &c, NULL, NULL);
    } else if (first == r->model->ntasks) {
        tdi_rec_note(r, "no task definition: a CloudFormation template with no %s resource",
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
static void task_label(tdi_recog *r, const tdi_task *t, tdi_buf *label)
{
    tdi_buf_init(label);
    tdi_buf_puts(label, t->name ? "task definition " : "a task definition without family");
    if (t->name)
        tdi_rec_quoted(label, t->name);
    if (label->failed)
        r->mb.err = TD_ENOMEM;
}

/* An ECS API task definition: td (at ptr) holds containerDefinitions, or
 * a key near it (then nothing is read). what names the shape for notes. */
static void recognize_ecs(tdi_recog *r, const json_t *td, const char *ptr, const char *what)
{
    const json_t *family = json_object_get(td, "family");
    tdi_task *t = tdi_rec_task(r, TDI_FLAVOR_ECS,
                               json_is_string(family) ? json_string_value(family) : NULL, ptr);
    if (!t)
        return;
    const char *key = tdi_near_names[TDI_NEAR_ECS_CONTAINERS];
    const tdi_member *m = tdi_doc_member(r->doc, td, key);
    if (!m) {
        const char *wrong = near_key(td, TDI_NEAR_ECS_CONTAINERS);
        const tdi_member *wm = wrong ? tdi_doc_member(r->doc, td, wrong) : NULL;
        if (wm)
            tdi_rec_unread(r, t, TDI_UNREAD_ECS_KEY, wrong, key, wm->key_span,
                           tdi_mb_key(&r->mb, ptr, wrong), NULL);
    } else {
        t->node = td;
        tdi_rec_containers(r, t, td, ptr, key);
        tdi_rec_finish(r, t);
    }
    tdi_buf label;
    task_label(r, t, &label);
    if (r->mb.err) {
        tdi_buf_free(&label);
        return;
    }
    if (t->unread) {
        tdi_rec_note(r, "%s with a key near containerDefinitions", what);
        note_unread(r, t, label.data);
    } else {
        tdi_buf b;
        tdi_buf_init(&b);
        tdi_buf_printf(&b, "%s: %s (%s at ", what, label.data, key);
        tdi_rec_note_at(r, &b, &m->key_span, ")");
        note_windows(r, t, label.data);
    }
    tdi_buf_free(&label);
}

/* describe output with a key near taskDefinition ("TaskDefinition") holding
 * containerDefinitions: nothing is read. */
static int recognize_near_describe(tdi_recog *r, const json_t *root)
{
    const char *wrong = near_key(root, TDI_NEAR_ECS_TASKDEF);
    const json_t *td = wrong ? json_object_get(root, wrong) : NULL;
    if (!json_is_object(td) || !json_object_get(td, "containerDefinitions"))
        return 0;
    const tdi_member *m = tdi_doc_member(r->doc, root, wrong);
    const json_t *family = json_object_get(td, "family");
    char *ptr = tdi_mb_key(&r->mb, "", wrong);
    tdi_task *t = m && ptr
                      ? tdi_rec_task(r, TDI_FLAVOR_ECS,
                                     json_is_string(family) ? json_string_value(family) : NULL, ptr)
                      : NULL;
    if (!t)
        return 1;
    tdi_rec_unread(r, t, TDI_UNREAD_ECS_TASKDEF, wrong, tdi_near_names[TDI_NEAR_ECS_TASKDEF],
                   m->key_span, ptr, NULL);
    tdi_buf label;
    task_label(r, t, &label);
    if (!r->mb.err) {
        tdi_rec_note(r, "describe-task-definition output with a key near taskDefinition");
        note_unread(r, t, label.data);
    }
    tdi_buf_free(&label);
    return 1;
}

int tdi_recognize(const tdi_loaded *l, size_t d, tdi_files *fs, tdi_model *model)
{
    memset(model, 0, sizeof *model);
    tdi_arena_init(&model->arena);
    const tdi_doc *doc = &l->docs[d];
    tdi_recog r = {doc, l, model, {&model->arena, TD_OK}, {doc, doc->root, &model->arena},
                   fs,  l, 0};
    const json_t *root = doc->root;
    const char *mapping = doc->format == TDI_FORMAT_YAML ? "a YAML mapping" : "a JSON object";
    int tf = json_is_object(root) ? tdi_tf_shape(root) : 0;
    if (tf) {
        tdi_recognize_tf(&r, root, tf);
    } else if (json_is_object(root)) {
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
            tdi_rec_note(&r,
                         "no task definition: its taskDefinition holds no containerDefinitions");
        else if (resources || td) /* an AppSpec's list of Resources, a service's taskDefinition */
            tdi_rec_note(&r, "no task definition: its %s is %s, not a mapping",
                         resources ? "Resources" : "taskDefinition",
                         tdi_json_kind(resources ? resources : td));
        else
            tdi_rec_note(&r,
                         "no task definition: %s with no containerDefinitions, taskDefinition or "
                         "Resources",
                         mapping);
    } else if (json_is_array(root) && looks_like_container_list(root)) {
        tdi_task *t = tdi_rec_task(&r, TDI_FLAVOR_ECS, NULL, "");
        if (t) {
            tdi_val lv = {root, NULL, 0, NULL, doc->root_span, "", NULL, 0, NULL, NULL};
            tdi_rec_list(&r, t, &lv, "the container list");
            tdi_rec_finish(&r, t);
            if (!t->unread) {
                tdi_rec_note(&r, "a list of %zu container definition%s", json_array_size(root),
                             json_array_size(root) == 1 ? "" : "s");
                note_windows(&r, t, "the list");
            }
        }
    } else if (json_is_array(root) && cfn_spelt_list(root) >= 0) {
        size_t i = (size_t)cfn_spelt_list(root);
        const json_t *el = json_array_get(root, i);
        const char *k = tdi_rec_other_spelling(TDI_FLAVOR_ECS, el);
        const tdi_member *m = tdi_doc_member(doc, el, k);
        const tdi_member *em = tdi_doc_element(doc, root, i);
        tdi_task *t = m && em ? tdi_rec_task(&r, TDI_FLAVOR_ECS, NULL, "") : NULL;
        if (t && tdi_rec_reserve(&r, (void **)&t->containers, &t->containers_cap, 0,
                                 sizeof *t->containers) == 0) {
            /* the container the finding names: its index and name only */
            tdi_container *c = &t->containers[0];
            memset(c, 0, sizeof *c);
            c->index = i;
            c->node = el;
            const char *meant =
                tdi_container_keys[TDI_FLAVOR_ECS]
                                  [strcmp(k, "Name") == 0 ? TDI_CKEY_NAME : TDI_CKEY_IMAGE];
            tdi_rec_unread(&r, t, TDI_UNREAD_SPELLING, k, meant, m->key_span,
                           tdi_mb_key(&r.mb, tdi_mb_index(&r.mb, "", i), k), c);
            if (t->unread)
                t->unread->bare_list = 1;
            tdi_rec_note(&r, "a list of %zu container definition%s in CloudFormation's spelling",
                         json_array_size(root), json_array_size(root) == 1 ? "" : "s");
            note_unread(&r, t, "the list");
        }
    } else if (json_is_array(root)) {
        tdi_rec_note(&r,
                     "no task definition: a list that is not of container definitions (each "
                     "needs a name or an image, and one a key only container definitions have)");
    } else {
        tdi_rec_note(&r, "no task definition: the document is %s",
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
    for (size_t i = 0; i < model->nembedded; i++) {
        tdi_loaded_free(model->embedded[i]);
        tdi_free(model->embedded[i]);
    }
    tdi_free(model->embedded);
    model->embedded = NULL;
    model->nembedded = model->embedded_cap = 0;
    model->notes = NULL;
    model->nnotes = model->notes_cap = 0;
    model->tasks = NULL;
    model->ntasks = model->cap = 0;
    tdi_arena_free(&model->arena);
}
