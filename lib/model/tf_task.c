/* A Terraform task's own attributes: its volumes, its launch types and its
 * platform, as the AWS provider's aws_ecs_task_definition has them (volume
 * blocks, host_path, configure_at_launch) and the awscc provider's
 * awscc_ecs_task_definition (a volumes list, host.source_path,
 * configured_at_launch).
 * A plan writes nested blocks as lists of objects (an absent block is an
 * empty list); a .tf.json may write one block as an object; both are read. */
#include "build.h"

#include <string.h>

/* Whether block attribute key of obj is set: a non-empty list or an object. */
static int has_block(const json_t *obj, const char *key)
{
    const json_t *b = json_object_get(obj, key);
    return json_is_object(b) || json_array_size(b) > 0;
}

/* The first element of a nested block (a list of one in a plan), or the
 * object itself. */
static const json_t *first_block(const json_t *b)
{
    return json_is_array(b) ? json_array_get(b, 0) : b;
}

static void read_platform(tdi_mb *mb, tdi_task *t)
{
    const json_t *rc = json_object_get(t->node, "requires_compatibilities");
    for (size_t i = 0; i < json_array_size(rc); i++) {
        const json_t *e = json_array_get(rc, i);
        if (json_is_string(e) && strcmp(json_string_value(e), "FARGATE") == 0)
            t->fargate = 1;
    }
    const json_t *rp = first_block(json_object_get(t->node, "runtime_platform"));
    const json_t *os = json_object_get(rp, "operating_system_family");
    if (json_is_string(os) && strncmp(json_string_value(os), "WINDOWS_", 8) == 0) {
        t->windows = 1;
        tdi_buf b;
        tdi_buf_init(&b);
        tdi_buf_puts(&b, "runtime_platform.operating_system_family is ");
        tdi_buf_escaped(&b, json_string_value(os), json_string_length(os), TDI_QUOTE_MAX);
        t->os_why = b.failed ? NULL : tdi_mb_str(mb, b.data);
        if (b.failed)
            mb->err = TD_ENOMEM;
        tdi_buf_free(&b);
    } else if (!json_is_string(os) || strstr(json_string_value(os), "${")) {
        tdi_windows_by_images(mb, t); /* no platform named, or an expression: the images may say */
    }
}

static void read_volume(const tdi_doc *doc, const tdi_task *t, const json_t *el, tdi_volume *vol,
                        int *known)
{
    const int cc = t->flavor == TDI_FLAVOR_CC;
    const json_t *name = json_object_get(el, "name");
    if (json_is_string(name) && !strstr(json_string_value(name), "${"))
        vol->name = json_string_value(name);
    else if (name)
        *known = 0; /* an expression: what names it is not known */
    const json_t *host = cc ? first_block(json_object_get(el, "host")) : el;
    const char *hp_key = cc ? "source_path" : "host_path";
    const json_t *hp = json_object_get(host, hp_key);
    const json_t *launch = json_object_get(el, cc ? "configured_at_launch" : "configure_at_launch");
    vol->kind = TDI_VOLUME_SCRATCH;
    if (json_is_string(hp) && json_string_length(hp) > 0) {
        vol->kind = TDI_VOLUME_HOST;
        vol->host_path = json_string_value(hp);
        const tdi_member *m = tdi_doc_member(doc, host, hp_key);
        if (m)
            vol->host_path_span = tdi_member_span(m);
    } else if (has_block(el, "efs_volume_configuration")) {
        vol->kind = TDI_VOLUME_EFS;
    } else if (has_block(el, "docker_volume_configuration")) {
        vol->kind = TDI_VOLUME_DOCKER;
    } else if (json_is_true(launch) ||
               (json_is_string(launch) && strstr(json_string_value(launch), "${"))) {
        vol->kind = TDI_VOLUME_EBS;
    } else if (has_block(el, "fsx_windows_file_server_volume_configuration")) {
        vol->kind = TDI_VOLUME_OTHER;
    }
}

void tdi_read_tf_task(const tdi_doc *doc, tdi_mb *mb, tdi_task *t)
{
    read_platform(mb, t);
    const char *key = tdi_volume_keys_of(t)->volumes;
    const json_t *list = json_object_get(t->node, key);
    const tdi_member *lm = tdi_doc_member(doc, t->node, key);
    if (!list || json_is_null(list)) {
        t->volumes_known = 1; /* no volumes */
        return;
    }
    if (!lm || (!json_is_array(list) && !json_is_object(list)))
        return; /* an expression: the names are not known */
    char *lptr = tdi_mb_key(mb, t->pointer, key);
    size_t n = json_is_array(list) ? json_array_size(list) : 1;
    if (mb->err || !(t->volumes = tdi_mb_array(mb, n ? n : 1, sizeof *t->volumes)))
        return;
    int known = 1;
    for (size_t i = 0; i < n && !mb->err; i++) {
        const json_t *el = json_is_array(list) ? json_array_get(list, i) : list;
        const tdi_member *em = json_is_array(list) ? tdi_doc_element(doc, list, i) : lm;
        if (!em)
            continue;
        if (!json_is_object(el)) {
            known = 0; /* "${...}": a dynamic block, say */
            continue;
        }
        tdi_volume *vol = &t->volumes[t->nvolumes++];
        vol->index = i;
        vol->span = em->value_span;
        vol->host_path_span = vol->span;
        vol->pointer = json_is_array(list) ? tdi_mb_index(mb, lptr, i) : lptr;
        read_volume(doc, t, el, vol, &known);
    }
    t->volumes_known = known;
}

const char *tdi_tf_expression(tdi_mb *mb, const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || strncmp(s, "${", 2) != 0 || s[n - 1] != '}')
        return NULL;
    /* "${a}-${b}" is a template of two: the first "}" that closes must be the last */
    int depth = 0;
    for (size_t i = 2; i < n - 1; i++) {
        if (s[i] == '{')
            depth++;
        else if (s[i] == '}' && --depth < 0)
            return NULL;
    }
    char *e = tdi_arena_alloc(mb->arena, n - 2);
    if (!e) {
        mb->err = TD_ENOMEM;
        return NULL;
    }
    /* on one line: each line end, with the blanks around it, becomes a space */
    size_t k = 0;
    for (size_t i = 2; i < n - 1; i++) {
        if (s[i] == '\n' || s[i] == '\r') {
            while (k > 0 && (e[k - 1] == ' ' || e[k - 1] == '\t'))
                k--;
            while (i + 1 < n - 1 &&
                   (s[i + 1] == ' ' || s[i + 1] == '\t' || s[i + 1] == '\n' || s[i + 1] == '\r'))
                i++;
            int open = k > 0 && (e[k - 1] == '(' || e[k - 1] == '[' || e[k - 1] == '{');
            int close = i + 1 < n - 1 && (s[i + 1] == ')' || s[i + 1] == ']' || s[i + 1] == '}');
            if (k > 0 && !open && !close)
                e[k++] = ' ';
            continue;
        }
        e[k++] = s[i];
    }
    e[k] = '\0';
    return e;
}

const char *tdi_tf_shown(tdi_mb *mb, const char *e)
{
    if (!e || strlen(e) <= 2 * TDI_QUOTE_MAX)
        return e;
    char *c = tdi_arena_alloc(mb->arena, 2 * TDI_QUOTE_MAX + 4);
    if (!c) {
        mb->err = TD_ENOMEM;
        return NULL;
    }
    size_t k = 2 * TDI_QUOTE_MAX;
    while (k > 0 && ((unsigned char)e[k] & 0xC0) == 0x80)
        k--; /* not inside a character */
    memcpy(c, e, k);
    memcpy(c + k, "...", 4);
    return c;
}

/* The member name of a body, or of one of a list of bodies (blocks). */
static const json_t *in_bodies(const tdi_doc *doc, const json_t *b, const char *name,
                               tdi_span *span)
{
    if (json_is_array(b)) {
        for (size_t i = 0; i < json_array_size(b); i++) {
            const json_t *v = in_bodies(doc, json_array_get(b, i), name, span);
            if (v)
                return v;
        }
        return NULL;
    }
    const json_t *v = json_object_get(b, name);
    const tdi_member *m = v ? tdi_doc_member(doc, b, name) : NULL;
    if (!m)
        return NULL;
    *span = m->value_span;
    return v;
}

/* Whether expression e is prefix NAME (NAME a Terraform identifier); NAME
 * copied to name (room for n bytes). */
static int reference(const char *e, const char *prefix, char *name, size_t n)
{
    size_t p = strlen(prefix), k = strlen(e);
    if (strncmp(e, prefix, p) != 0 || k == p || k - p >= n)
        return 0;
    for (size_t i = p; i < k; i++)
        if (!((e[i] >= 'a' && e[i] <= 'z') || (e[i] >= 'A' && e[i] <= 'Z') ||
              (e[i] >= '0' && e[i] <= '9') || e[i] == '_' || e[i] == '-'))
            return 0;
    memcpy(name, e + p, k - p);
    name[k - p] = '\0';
    return 1;
}

/* local.NAME or var.NAME (local: which) in the configuration doc. */
static const json_t *lookup(const tdi_doc *doc, int local, const char *name, tdi_span *span)
{
    const json_t *root = doc->root;
    if (local)
        return in_bodies(doc, json_object_get(root, "locals"), name, span);
    const json_t *v = json_object_get(json_object_get(root, "variable"), name);
    return in_bodies(doc, v, "default", span);
}

/* Whether l is a configuration that loaded: its one document a mapping. */
static const tdi_doc *config_doc(const tdi_loaded *l)
{
    return l->status == TDI_LOAD_OK && l->ndocs == 1 && json_is_object(l->docs[0].root)
               ? &l->docs[0]
               : NULL;
}

const json_t *tdi_tf_resolve(tdi_recog *r, const char *e, tdi_span *span, tdi_tf_at *at)
{
    char name[256];
    size_t n = strlen(e);
    if (n > 12 && strncmp(e, "jsonencode(", 11) == 0 && e[n - 1] == ')') {
        /* jsonencode(local.x): the value encoded, which reads the same */
        char inner[256];
        if (n - 12 >= sizeof inner)
            return NULL;
        memcpy(inner, e + 11, n - 12);
        inner[n - 12] = '\0';
        return tdi_tf_resolve(r, inner, span, at);
    }
    int local = reference(e, "local.", name, sizeof name);
    if (!local && !reference(e, "var.", name, sizeof name))
        return NULL;
    /* where the reference is written, then the linted file, then the rest
     * of its module: Terraform allows one definition of each in a module */
    const json_t *v = lookup(at->doc, local, name, span);
    const tdi_doc *top = r->top ? config_doc(r->top) : NULL;
    if (!v && top && top != at->doc && (v = lookup(top, local, name, span)) != NULL)
        *at = (tdi_tf_at){top, r->top};
    size_t nm = 0;
    int oom = 0;
    const tdi_file_ref *const *mod =
        !v && r->files ? r->files->module(r->files, name, &nm, &oom) : NULL;
    if (oom)
        r->mb.err = TD_ENOMEM;
    for (size_t i = 0; i < nm && !v; i++) {
        const tdi_doc *d = mod[i]->why ? NULL : config_doc(&mod[i]->loaded);
        if (d && d != at->doc && (v = lookup(d, local, name, span)) != NULL)
            *at = (tdi_tf_at){d, &mod[i]->loaded};
    }
    return v;
}

const json_t *tdi_tf_follow(tdi_recog *r, const json_t *v, tdi_span *span, tdi_tf_at *at,
                            const char **unknown)
{
    *unknown = NULL;
    /* locals refer to locals: a few steps, and never around a loop; past
     * them the expression is unknown */
    for (int step = 0; json_is_string(v); step++) {
        const char *e = tdi_tf_expression(&r->mb, json_string_value(v));
        tdi_span s;
        tdi_tf_at to_at = *at;
        const json_t *to = e && step < 8 ? tdi_tf_resolve(r, e, &s, &to_at) : NULL;
        if (!e)
            return v;
        if (!to) {
            *unknown = e;
            return NULL;
        }
        v = to;
        *span = s;
        *at = to_at;
    }
    return v;
}
