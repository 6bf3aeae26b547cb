/* Building a task of the model, whatever shape holds it: the containers of
 * a list, each one's root-filesystem setting and near-misses of its key,
 * opaque entries, near-misses that leave a task unread, the notes of
 * --verbose, and the volumes once its containers are read. The shapes
 * (recognize.c, terraform.c) call these. */
#include "build.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The values v (at span, pointer) can take: a CloudFormation expression is
 * evaluated, anything else is the one literal. */
static tdi_vals values_of(tdi_recog *r, const tdi_task *t, const json_t *v, tdi_span span,
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
    tdi_val lit = {v, NULL, 0, NULL, span, pointer, pre, npre, NULL, NULL};
    if (t->terraform == TDI_TF_CONFIG && !r->json_text) {
        /* an expression of the module (not a placeholder in a string's JSON) */
        tdi_tf_at at = {r->doc, r->loaded};
        lit.json = tdi_tf_follow(r, v, &lit.span, &at, &lit.unknown);
        if (lit.unknown)
            lit.unknown = tdi_tf_shown(&r->mb, lit.unknown);
        if (at.doc != r->doc) { /* a local of another file */
            lit.doc = at.doc;
            lit.loaded = at.loaded;
        }
    }
    out.v[out.n++] = lit;
    return out;
}

tdi_task *tdi_rec_task(tdi_recog *r, tdi_flavor flavor, const char *name, const char *pointer)
{
    tdi_model *m = r->model;
    if (tdi_grow((void **)&m->tasks, &m->cap, m->ntasks + 1, sizeof *m->tasks) < 0) {
        r->mb.err = TD_ENOMEM;
        return NULL;
    }
    tdi_task *t = &m->tasks[m->ntasks];
    memset(t, 0, sizeof *t);
    t->flavor = flavor;
    t->ro_key = tdi_container_keys[flavor][TDI_CKEY_RO];
    t->name = name ? tdi_mb_str(&r->mb, name) : NULL;
    t->pointer = tdi_mb_str(&r->mb, pointer);
    if (r->mb.err)
        return NULL;
    m->ntasks++;
    return t;
}

/* Classifies one value of the root-filesystem setting. */
static void classify_value(tdi_mb *mb, const tdi_task *t, const tdi_val *v, tdi_ro_value *out)
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
        if (t->terraform == TDI_TF_CONFIG && strstr(s, "${")) {
            out->kind = TDI_RO_INTRINSIC; /* an expression: known at plan time */
            out->what = tdi_tf_expression(mb, s);
            out->what = out->what ? tdi_tf_shown(mb, out->what) : NULL;
            if (!out->what)
                out->what = s;
            return;
        }
        if (t->flavor == TDI_FLAVOR_CC && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)) {
            out->kind = s[0] == 't' ? TDI_RO_TRUE : TDI_RO_STRING_FALSE; /* Terraform converts */
            return;
        }
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
static void find_typos(tdi_recog *r, const tdi_task *t, tdi_container *c)
{
    size_t n = 0;
    const char *k;
    json_t *v;
    /* the keys only: a pruned load keeps these keys (model/keys.c), with null values */
    json_object_foreach((json_t *)c->node, k, v)
    {
        (void)v;
        static const tdi_near_name ro[TDI_NFLAVORS] = {TDI_NEAR_ECS_RO, TDI_NEAR_CFN_RO,
                                                       TDI_NEAR_CC_RO};
        if (!tdi_near(ro[t->flavor], k))
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
static void read_setting(tdi_recog *r, const tdi_task *t, tdi_container *c)
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
    c->ro_pointer = tdi_mb_key(&r->mb, c->pointer, tdi_container_key(t, c, TDI_CKEY_RO));
    if (r->mb.err)
        return;
    tdi_vals vals = values_of(r, t, v, m->value_span, c->ro_pointer, NULL, 0);
    if ((c->ro = tdi_mb_array(&r->mb, vals.n, sizeof *c->ro)) != NULL) {
        for (size_t i = 0; i < vals.n; i++)
            classify_value(&r->mb, t, &vals.v[i], &c->ro[i]);
        c->nro = vals.n;
    }
    tdi_free(vals.v);
}

/* Makes room for one more element in a task's growable array (containers,
 * opaque entries): on the heap, freed by tdi_model_free. */
int tdi_rec_reserve(tdi_recog *r, void **arr, size_t *cap, size_t n, size_t size)
{
    if (tdi_grow(arr, cap, n + 1, size) < 0) {
        r->mb.err = TD_ENOMEM;
        return -1;
    }
    return 0;
}

void tdi_rec_opaque(tdi_recog *r, tdi_task *t, int invalid, const char *what, const char *subject,
                    size_t index, const tdi_val *v)
{
    if (tdi_rec_reserve(r, (void **)&t->opaque, &t->opaque_cap, t->nopaque, sizeof *t->opaque) < 0)
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

static void add_container(tdi_recog *r, tdi_task *t, size_t index, const tdi_val *v)
{
    if (tdi_rec_reserve(r, (void **)&t->containers, &t->containers_cap, t->ncontainers,
                        sizeof *t->containers) < 0)
        return;
    tdi_container *c = &t->containers[t->ncontainers++];
    memset(c, 0, sizeof *c);
    /* its keys are read in the document it is written in */
    const tdi_doc *doc = r->doc;
    const tdi_loaded *loaded = r->loaded;
    if (v->doc) {
        r->doc = v->doc;
        r->loaded = v->loaded;
    }
    c->doc = r->doc;
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
    r->doc = doc;
    r->loaded = loaded;
}

/* Reads one value of the container list into task t: a list of container
 * definitions (each possibly an Fn::If), or something that is not a list. */
void tdi_rec_list(tdi_recog *r, tdi_task *t, const tdi_val *lv, const char *what_key)
{
    if (lv->absent)
        return; /* Ref AWS::NoValue: no containers */
    if (lv->unknown || !json_is_array(lv->json)) {
        const char *what = lv->unknown ? lv->unknown
                           : lv->str   ? "a string"
                                       : tdi_json_kind(lv->json);
        tdi_rec_opaque(r, t, lv->unknown == NULL, what, what_key, 0, lv);
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
                tdi_rec_opaque(r, t, 0, v->unknown, NULL, i, v);
            else
                tdi_rec_opaque(r, t, 1, v->str ? "a string" : tdi_json_kind(v->json), NULL, i, v);
        }
        tdi_free(ev.v);
    }
}

/* Reads the container list held by owner[key] into task t. */
void tdi_rec_containers(tdi_recog *r, tdi_task *t, const json_t *owner, const char *owner_ptr,
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
        tdi_rec_list(r, t, &v, key);
    }
    tdi_free(lv.v);
}

/* The other flavor's identity key (name or image) that container definition
 * el of a flavor-f list uses when it has neither of f's own; else NULL. */
const char *tdi_rec_other_spelling(tdi_flavor f, const json_t *el)
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

/* ---- notes: what --verbose says was recognized ---- */

/* Adds the note b holds (text, then the position of at if given, then tail). */
void tdi_rec_note_at(tdi_recog *r, tdi_buf *b, const tdi_span *at, const char *tail)
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

void tdi_rec_note(tdi_recog *r, const char *fmt, ...) TDI_PRINTF(2, 3);
void tdi_rec_note(tdi_recog *r, const char *fmt, ...)
{
    tdi_buf b;
    tdi_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    tdi_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    tdi_rec_note_at(r, &b, NULL, NULL);
}

void tdi_rec_quoted(tdi_buf *b, const char *s)
{
    tdi_buf_quoted(b, s, strlen(s), TDI_QUOTE_MAX);
}

/* ---- near-misses: tasks with nothing read (TD005) ---- */

void tdi_rec_unread(tdi_recog *r, tdi_task *t, tdi_unread_kind kind, const char *got,
                    const char *meant, tdi_span span, const char *pointer, const tdi_container *c)
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

/* After a task's containers are read: a container in the other spelling
 * makes the task unread; else its volumes and platform are read. */
void tdi_rec_finish(tdi_recog *r, tdi_task *t)
{
    for (size_t i = 0; i < t->ncontainers && !r->mb.err; i++) {
        tdi_container *c = &t->containers[i];
        const char *k = tdi_rec_other_spelling(t->flavor, c->node);
        const tdi_member *m = k ? tdi_doc_member(c->doc, c->node, k) : NULL;
        if (!m)
            continue;
        const char *meant =
            tdi_container_keys[t->flavor]
                              [strcasecmp(k, "name") == 0 ? TDI_CKEY_NAME : TDI_CKEY_IMAGE];
        tdi_rec_unread(r, t, TDI_UNREAD_SPELLING, k, meant, m->key_span,
                       tdi_mb_key(&r->mb, c->pointer, k), c);
        return;
    }
    if (!r->mb.err && tdi_read_volumes(r->doc, &r->mb, t) < 0)
        r->mb.err = TD_ENOMEM;
}
