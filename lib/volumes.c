/* Writable volumes: where a container can write although its root filesystem
 * is read-only.
 *
 * tdi_read_volumes reads a task's volumes, launch types and platform, and each
 * container's mount points, volumesFrom entries and tmpfs mounts, then works
 * out every place each container can write: its own writable mounts and the
 * writable mount points it takes from other containers through writable
 * volumesFrom entries (followed through chains, cycles cut). The rules
 * TD101-TD104 and --verbose (td_file_container) read the result.
 *
 * Docker semantics this follows: a mount point is writable unless readOnly is
 * true; a volumesFrom entry without readOnly keeps each inherited mount's own
 * mode, with readOnly true makes them all read-only; volumesFrom shares mount
 * points, not tmpfs mounts; tmpfs mount options apply in order, so the last of
 * "ro" and "rw" wins. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A key of a container definition read here must be in load_yaml.c's KEPT:
 * a pruned load (what linting uses) builds the values of those keys only. */
static const tdi_volume_keys ECS_KEYS = {
    "volumes",     "name",          "host",         "sourcePath",
    "mountPoints", "sourceVolume",  "containerPath", "readOnly",
    "volumesFrom", "sourceContainer", "linuxParameters", "tmpfs",
    "mountOptions", "containerDefinitions"};

static const tdi_volume_keys CFN_KEYS = {
    "Volumes",     "Name",          "Host",         "SourcePath",
    "MountPoints", "SourceVolume",  "ContainerPath", "ReadOnly",
    "VolumesFrom", "SourceContainer", "LinuxParameters", "Tmpfs",
    "MountOptions", "ContainerDefinitions"};

const tdi_volume_keys *tdi_volume_keys_of(const tdi_task *t)
{
    return t->flavor == TDI_FLAVOR_CFN ? &CFN_KEYS : &ECS_KEYS;
}

const char *td_volume_kind_name(td_volume_kind kind)
{
    static const char *const names[] = {"scratch", "host", "efs",    "docker",
                                        "other",   "tmpfs", "unknown"};
    return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "unknown";
}

/* ---- reading ---- */

typedef struct {
    const tdi_doc *doc;
    tdi_model *model;
    tdi_task *t;
    const tdi_volume_keys *k;
    int cfn;
    int err;
} vread;

static char *ptr_key(vread *v, const char *base, const char *key)
{
    char *s = tdi_pointer_join(&v->model->arena, base, key);
    if (!s)
        v->err = TD_ENOMEM;
    return s;
}

static char *ptr_index(vread *v, const char *base, size_t i)
{
    char *s = tdi_pointer_index(&v->model->arena, base, i);
    if (!s)
        v->err = TD_ENOMEM;
    return s;
}

static tdi_span member_span(const tdi_member *m)
{
    tdi_span s = {m->key_span.start, m->value_span.end};
    return s;
}

/* The intrinsic function x is, in CloudFormation; NULL otherwise. */
static const char *fn_of(const vread *v, const json_t *x)
{
    return v->cfn && x ? tdi_intrinsic_name(x) : NULL;
}

/* What computes x, for messages: "Ref Name", "Fn::If Condition", "Fn::Sub";
 * NULL when x is not an intrinsic function. */
static const char *computed_by(vread *v, const json_t *x)
{
    const char *fn = fn_of(v, x);
    if (!fn)
        return NULL;
    const json_t *arg = json_object_get(x, fn);
    const json_t *what = strcmp(fn, "Ref") == 0     ? arg
                         : strcmp(fn, "Fn::If") == 0 ? json_array_get(arg, 0)
                                                     : NULL;
    if (!json_is_string(what))
        return fn;
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_printf(&b, "%s ", fn);
    tdi_buf_escaped(&b, json_string_value(what), json_string_length(what), TDI_QUOTE_MAX);
    const char *s = b.failed ? NULL : tdi_arena_strdup(&v->model->arena, b.data);
    tdi_buf_free(&b);
    if (!s)
        v->err = TD_ENOMEM;
    return s ? s : fn;
}

static void *arena_array(vread *v, size_t n, size_t size)
{
    if (n == 0)
        return NULL;
    void *p = n > SIZE_MAX / size ? NULL : tdi_arena_alloc(&v->model->arena, n * size);
    if (!p)
        v->err = TD_ENOMEM;
    return p;
}

static void read_platform(vread *v)
{
    const json_t *node = v->t->node;
    const json_t *rc =
        json_object_get(node, v->cfn ? "RequiresCompatibilities" : "requiresCompatibilities");
    for (size_t i = 0; i < json_array_size(rc); i++) {
        const json_t *e = json_array_get(rc, i);
        if (json_is_string(e) && strcmp(json_string_value(e), "FARGATE") == 0)
            v->t->fargate = 1;
    }
    const json_t *rp = json_object_get(node, v->cfn ? "RuntimePlatform" : "runtimePlatform");
    const json_t *os =
        json_object_get(rp, v->cfn ? "OperatingSystemFamily" : "operatingSystemFamily");
    if (json_is_string(os) && strncmp(json_string_value(os), "WINDOWS_", 8) == 0)
        v->t->windows = 1;
}

/* What kind of storage the volume el is. */
static void classify_volume(vread *v, const json_t *el, tdi_volume *vol)
{
    int efs = 0, docker = 0, other = 0;
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)el, key, val)
    {
        size_t len = strlen(key);
        if (strcasecmp(key, "efsVolumeConfiguration") == 0)
            efs = 1;
        else if (strcasecmp(key, "dockerVolumeConfiguration") == 0)
            docker = 1;
        else if (strcasecmp(key, "configuredAtLaunch") == 0)
            other |= json_is_true(val) || fn_of(v, val) != NULL;
        else if (len > 19 && strcasecmp(key + len - 19, "VolumeConfiguration") == 0)
            other = 1; /* FSx for Windows File Server, S3 Files, later kinds */
    }
    const json_t *host = json_object_get(el, v->k->host);
    const tdi_member *hm = host ? tdi_doc_member(v->doc, el, v->k->host) : NULL;
    const json_t *sp = json_object_get(host, v->k->source_path);
    const tdi_member *spm = sp ? tdi_doc_member(v->doc, host, v->k->source_path) : NULL;
    vol->kind = TDI_VOLUME_SCRATCH;
    if (fn_of(v, host) || fn_of(v, sp) || (json_is_string(sp) && json_string_length(sp) > 0)) {
        /* a host bind mount; its path is known only when written as a string */
        vol->kind = TDI_VOLUME_HOST;
        vol->host_path = json_is_string(sp) ? json_string_value(sp) : NULL;
        if (spm)
            vol->host_path_span = member_span(spm);
        else if (hm)
            vol->host_path_span = member_span(hm);
    } else if (efs) {
        vol->kind = TDI_VOLUME_EFS;
    } else if (docker) {
        vol->kind = TDI_VOLUME_DOCKER;
    } else if (other) {
        vol->kind = TDI_VOLUME_OTHER;
    }
    /* else: no configuration, or host without a sourcePath: Docker picks a
     * host directory that lives as long as the task, i.e. scratch storage */
}

static void read_task_volumes(vread *v, const char *node_ptr)
{
    tdi_task *t = v->t;
    const json_t *list = json_object_get(t->node, v->k->volumes);
    const tdi_member *lm = tdi_doc_member(v->doc, t->node, v->k->volumes);
    if (!list) {
        t->volumes_known = 1; /* no volumes */
        return;
    }
    if (!json_is_array(list) || !lm)
        return; /* computed (or of the wrong type): the names are not known */
    char *lptr = ptr_key(v, node_ptr, v->k->volumes);
    size_t n = json_array_size(list);
    if (v->err || !(t->volumes = arena_array(v, n ? n : 1, sizeof *t->volumes)))
        return;
    int known = 1;
    for (size_t i = 0; i < n && !v->err; i++) {
        const json_t *el = json_array_get(list, i);
        const tdi_member *em = tdi_doc_element(v->doc, list, i);
        if (!em)
            continue;
        if (fn_of(v, el)) {
            known = 0; /* an Fn::If between volumes, say: its name is not known */
            continue;
        }
        if (!json_is_object(el))
            continue; /* not a volume: nothing can name it */
        tdi_volume *vol = &t->volumes[t->nvolumes++];
        vol->index = i;
        vol->span = em->value_span;
        vol->host_path_span = vol->span;
        vol->pointer = ptr_index(v, lptr, i);
        const json_t *name = json_object_get(el, v->k->name);
        if (json_is_string(name))
            vol->name = json_string_value(name);
        else if (name)
            known = 0;
        classify_volume(v, el, vol);
    }
    t->volumes_known = known;
}

static tdi_mount *new_mount(tdi_container *c, tdi_mount_kind kind, tdi_span span, char *pointer,
                            size_t index)
{
    tdi_mount *m = &c->mounts[c->nmounts++];
    m->kind = kind;
    m->index = index;
    m->span = m->source_span = m->path_span = span;
    m->pointer = pointer;
    return m;
}

/* readOnly of a mount point or volumesFrom entry. */
static void read_only(vread *v, const json_t *el, tdi_mount *m)
{
    const json_t *ro = json_object_get(el, v->k->read_only);
    if (json_is_true(ro) ||
        (v->cfn && json_is_string(ro) && strcasecmp(json_string_value(ro), "true") == 0)) {
        m->writable = 0; /* CloudFormation turns the string "true" into true */
        return;
    }
    m->writable = 1; /* missing (the default is false), false, or not a boolean */
    m->computed = computed_by(v, ro);
}

/* mountOptions of a tmpfs entry: read-only when the last of "ro" and "rw" is "ro". */
static void tmpfs_options(vread *v, const json_t *el, tdi_mount *m)
{
    const json_t *opts = json_object_get(el, v->k->mount_options);
    int ro = 0;
    m->computed = computed_by(v, opts);
    for (size_t i = 0; i < json_array_size(opts); i++) {
        const json_t *o = json_array_get(opts, i);
        const char *fn = fn_of(v, o);
        if (fn && !m->computed)
            m->computed = computed_by(v, o);
        else if (json_is_string(o) && strcmp(json_string_value(o), "ro") == 0)
            ro = 1;
        else if (json_is_string(o) && strcmp(json_string_value(o), "rw") == 0)
            ro = 0;
    }
    m->writable = !ro || m->computed != NULL;
}

/* Reads owner[key], a list of mounts of the given kind, into c->mounts. */
static void read_mount_list(vread *v, tdi_container *c, tdi_mount_kind kind, const json_t *owner,
                            const char *owner_ptr, const char *key)
{
    const json_t *list = json_object_get(owner, key);
    const tdi_member *lm = list ? tdi_doc_member(v->doc, owner, key) : NULL;
    if (!lm)
        return;
    char *lptr = ptr_key(v, owner_ptr, key);
    if (v->err)
        return;
    const char *fn = fn_of(v, list);
    if (fn) {
        tdi_mount *m = new_mount(c, kind, member_span(lm), lptr, TDI_WHOLE_LIST);
        m->writable = m->unknown = 1;
        m->computed = computed_by(v, list);
        return;
    }
    const char *source_key = kind == TDI_MOUNT_POINT  ? v->k->source_volume
                             : kind == TDI_MOUNT_FROM ? v->k->source_container
                                                      : NULL;
    for (size_t i = 0; i < json_array_size(list) && !v->err; i++) {
        const json_t *el = json_array_get(list, i);
        const tdi_member *em = tdi_doc_element(v->doc, list, i);
        fn = fn_of(v, el);
        if (!em || (!fn && !json_is_object(el)))
            continue; /* not a mount: no writable path */
        tdi_mount *m = new_mount(c, kind, em->value_span, ptr_index(v, lptr, i), i);
        if (fn) {
            /* an Fn::If around the entry, say: what it mounts is not known */
            m->writable = m->unknown = 1;
            m->computed = computed_by(v, el);
            continue;
        }
        if (kind != TDI_MOUNT_FROM) {
            const json_t *p = json_object_get(el, v->k->container_path);
            const tdi_member *pm = p ? tdi_doc_member(v->doc, el, v->k->container_path) : NULL;
            if (pm)
                m->path_span = member_span(pm);
            m->path = json_is_string(p) ? json_string_value(p) : NULL;
        }
        if (source_key) {
            const json_t *s = json_object_get(el, source_key);
            const tdi_member *sm = s ? tdi_doc_member(v->doc, el, source_key) : NULL;
            if (sm)
                m->source_span = member_span(sm);
            m->source = json_is_string(s) ? json_string_value(s) : NULL;
            /* volumesFrom with a computed sourceContainer: what it mounts is not known */
            m->unknown = kind == TDI_MOUNT_FROM && s && !m->source;
        }
        if (kind == TDI_MOUNT_TMPFS)
            tmpfs_options(v, el, m);
        else
            read_only(v, el, m);
    }
}

/* Room for the mounts of list (an intrinsic function counts one). */
static size_t mount_room(const vread *v, const json_t *list)
{
    return json_is_array(list) ? json_array_size(list) : fn_of(v, list) ? 1 : 0;
}

static void read_container_mounts(vread *v, tdi_container *c)
{
    const tdi_volume_keys *k = v->k;
    const json_t *mp = json_object_get(c->node, k->mount_points);
    const json_t *vf = json_object_get(c->node, k->volumes_from);
    const json_t *lp = json_object_get(c->node, k->linux_parameters);
    const json_t *tf = json_object_get(lp, k->tmpfs);
    size_t room = mount_room(v, mp) + mount_room(v, vf) + (fn_of(v, lp) ? 1 : mount_room(v, tf));
    if (room == 0 || !(c->mounts = arena_array(v, room, sizeof *c->mounts)))
        return;
    read_mount_list(v, c, TDI_MOUNT_POINT, c->node, c->pointer, k->mount_points);
    read_mount_list(v, c, TDI_MOUNT_FROM, c->node, c->pointer, k->volumes_from);
    const tdi_member *lm = lp ? tdi_doc_member(v->doc, c->node, k->linux_parameters) : NULL;
    if (!lm || v->err)
        return;
    char *lptr = ptr_key(v, c->pointer, k->linux_parameters);
    if (v->err)
        return;
    if (fn_of(v, lp)) {
        /* linuxParameters computed as a whole: its tmpfs list is not known */
        tdi_mount *m = new_mount(c, TDI_MOUNT_TMPFS, member_span(lm), lptr, TDI_WHOLE_LIST);
        m->writable = m->unknown = 1;
        m->computed = computed_by(v, lp);
    } else if (json_is_object(lp)) {
        read_mount_list(v, c, TDI_MOUNT_TMPFS, lp, lptr, k->tmpfs);
    }
}

/* ---- resolving names ---- */

typedef struct {
    const char *name;
    size_t i;
} named;

static int named_cmp(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The first entry of idx[0..n) (sorted) named name; *count gets how many are. */
static const named *named_find(const named *idx, size_t n, const char *name, size_t *count)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(idx[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < n && strcmp(idx[end].name, name) == 0)
        end++;
    if (count)
        *count = end - lo;
    return lo < end ? &idx[lo] : NULL;
}

/* ---- where each container can write ---- */

typedef struct {
    const tdi_container *c; /* the container whose mounts are being walked */
    size_t next;            /* its next mount */
    const tdi_mount *via;   /* the first volumesFrom entry on the way; NULL at the start */
    const char *computed;   /* an intrinsic on the way */
} frame;

typedef struct {
    tdi_task *t;
    const named *cidx; /* containers by name */
    size_t ncidx;
    size_t *seen;        /* per container: the walk that last reached it, plus one */
    frame *stack;        /* room for every container plus one */
    tdi_writable *buf;   /* the places found for the current container */
    size_t nbuf, capbuf;
    size_t budget; /* inherited places and steps left for the task */
    int err;
} walker;

static void add_place(walker *w, const frame *f, const tdi_mount *m, const char *computed)
{
    if (f->via) {
        if (w->budget == 0)
            return;
        w->budget--;
    }
    if (tdi_grow((void **)&w->buf, &w->capbuf, w->nbuf + 1, sizeof *w->buf) < 0) {
        w->err = TD_ENOMEM;
        return;
    }
    tdi_writable *p = &w->buf[w->nbuf++];
    p->mount = m;
    p->owner = f->c;
    p->via = f->via;
    p->volume = m->kind == TDI_MOUNT_POINT ? m->volume : NULL;
    p->computed = computed;
}

/* Collects in w->buf every place container ci can write besides its root. */
static void walk(walker *w, size_t ci)
{
    tdi_task *t = w->t;
    const tdi_container *start = &t->containers[ci];
    const size_t mark = ci + 1; /* a new mark per walk: no clearing */
    /* the container and its alternatives (the other branches of an Fn::If
     * around the same definition, next to it in the list) cannot take
     * volumes from themselves */
    size_t lo = ci, hi = ci;
    while (lo > 0 && t->containers[lo - 1].index == start->index)
        lo--;
    while (hi + 1 < t->ncontainers && t->containers[hi + 1].index == start->index)
        hi++;
    for (size_t i = lo; i <= hi; i++)
        w->seen[i] = mark;
    size_t sp = 0;
    w->stack[sp++] = (frame){start, 0, NULL, NULL};
    w->nbuf = 0;
    while (sp > 0 && !w->err) {
        frame *f = &w->stack[sp - 1];
        if (f->next == f->c->nmounts) {
            sp--;
            continue;
        }
        const tdi_mount *m = &f->c->mounts[f->next++];
        if (!m->writable)
            continue;
        const char *computed = f->computed ? f->computed : m->computed;
        if (m->kind == TDI_MOUNT_TMPFS) {
            if (!f->via) /* volumesFrom does not share tmpfs mounts */
                add_place(w, f, m, computed);
            continue;
        }
        if (m->kind == TDI_MOUNT_POINT) {
            add_place(w, f, m, computed);
            continue;
        }
        if (!m->source) {
            /* a computed volumesFrom entry or sourceContainer: unknown
             * paths; a missing one (an invalid entry): nothing */
            if (m->unknown)
                add_place(w, f, m, computed);
            continue;
        }
        size_t count = 0;
        const named *first = named_find(w->cidx, w->ncidx, m->source, &count);
        /* every container of that name: an Fn::If may give several */
        for (size_t k = count; k-- > 0 && w->budget > 0;) {
            size_t si = first[k].i;
            if (w->seen[si] == mark)
                continue;
            w->seen[si] = mark;
            w->budget--;
            w->stack[sp++] = (frame){&t->containers[si], 0, f->via ? f->via : m, computed};
        }
    }
}

static int resolve(vread *v)
{
    tdi_task *t = v->t;
    size_t n = t->ncontainers;
    int err = TD_OK;
    named *vidx = tdi_calloc(t->nvolumes, sizeof *vidx);
    named *cidx = tdi_calloc(n, sizeof *cidx);
    walker w = {t, cidx, 0, tdi_calloc(n, sizeof(size_t)), tdi_calloc(n + 1, sizeof(frame)), NULL,
                0, 0, TDI_MAX_INHERITED, 0};
    if (!vidx || !cidx || !w.seen || !w.stack) {
        err = TD_ENOMEM;
        goto done;
    }
    size_t nv = 0;
    for (size_t i = 0; i < t->nvolumes; i++)
        if (t->volumes[i].name)
            vidx[nv++] = (named){t->volumes[i].name, i};
    qsort(vidx, nv, sizeof *vidx, named_cmp);
    for (size_t i = 0; i < n; i++)
        if (t->containers[i].name)
            cidx[w.ncidx++] = (named){t->containers[i].name, i};
    qsort(cidx, w.ncidx, sizeof *cidx, named_cmp);
    for (size_t i = 0; i < n; i++) {
        tdi_container *c = &t->containers[i];
        for (size_t k = 0; k < c->nmounts; k++) {
            tdi_mount *m = &c->mounts[k];
            if (!m->source)
                continue;
            if (m->kind == TDI_MOUNT_POINT) {
                const named *x = named_find(vidx, nv, m->source, NULL);
                m->volume = x ? &t->volumes[x->i] : NULL;
            } else if (m->kind == TDI_MOUNT_FROM) {
                named_find(cidx, w.ncidx, m->source, &m->nsources);
            }
        }
    }
    for (size_t i = 0; i < n && !w.err; i++) {
        tdi_container *c = &t->containers[i];
        walk(&w, i);
        if (w.nbuf == 0 || w.err)
            continue;
        c->writable = arena_array(v, w.nbuf, sizeof *c->writable);
        if (!c->writable) {
            w.err = TD_ENOMEM;
            break;
        }
        memcpy(c->writable, w.buf, w.nbuf * sizeof *c->writable);
        c->nwritable = w.nbuf;
    }
    err = w.err;
done:
    tdi_free(vidx);
    tdi_free(cidx);
    tdi_free(w.seen);
    tdi_free(w.stack);
    tdi_free(w.buf);
    return err;
}

int tdi_read_volumes(const tdi_doc *doc, tdi_model *model, tdi_task *t)
{
    vread v = {doc, model, t, tdi_volume_keys_of(t), t->flavor == TDI_FLAVOR_CFN, TD_OK};
    if (t->node) {
        read_platform(&v);
        /* CloudFormation: the task's pointer is the resource's; its node is Properties */
        const char *node_ptr = v.cfn ? ptr_key(&v, t->pointer, "Properties") : t->pointer;
        if (!v.err)
            read_task_volumes(&v, node_ptr);
    }
    for (size_t i = 0; i < t->ncontainers && !v.err; i++)
        read_container_mounts(&v, &t->containers[i]);
    if (v.err)
        return v.err;
    return resolve(&v);
}

/* ---- describing and keeping ---- */

static void put_mount_ref(tdi_buf *b, const tdi_volume_keys *k, const tdi_mount *m)
{
    switch (m->kind) {
    case TDI_MOUNT_POINT:
        tdi_buf_puts(b, k->mount_points);
        break;
    case TDI_MOUNT_FROM:
        tdi_buf_puts(b, k->volumes_from);
        break;
    case TDI_MOUNT_TMPFS:
        tdi_buf_printf(b, "%s.%s", k->linux_parameters, k->tmpfs);
        break;
    }
    if (m->index != TDI_WHOLE_LIST)
        tdi_buf_printf(b, "[%zu]", m->index);
}

void tdi_writable_how(tdi_buf *b, const tdi_task *t, const tdi_writable *w)
{
    const tdi_volume_keys *k = tdi_volume_keys_of(t);
    if (!w->via) {
        put_mount_ref(b, k, w->mount);
        return;
    }
    put_mount_ref(b, k, w->via);
    tdi_buf_puts(b, " from ");
    tdi_buf_quoted(b, w->via->source, strlen(w->via->source), TDI_QUOTE_MAX);
    if (w->owner->name && strcmp(w->owner->name, w->via->source) != 0) {
        tdi_buf_puts(b, " (declared by ");
        tdi_buf_quoted(b, w->owner->name, strlen(w->owner->name), TDI_QUOTE_MAX);
        tdi_buf_putc(b, ')');
    }
}

/* 1: writable in some deployment, 0: read-only, -1: not known. */
static int root_writable(const tdi_task *t, const tdi_container *c)
{
    if (t->windows)
        return 1; /* Windows containers have no read-only root */
    int all_true = c->nro > 0;
    for (size_t i = 0; i < c->nro; i++) {
        switch (c->ro[i].kind) {
        case TDI_RO_MISSING:
        case TDI_RO_FALSE:
        case TDI_RO_NULL:
        case TDI_RO_STRING_FALSE:
            return 1;
        case TDI_RO_TRUE:
            break;
        default:
            all_true = 0;
        }
    }
    return all_true ? 0 : -1;
}

static const char *keep_str(td_file *file, const char *s, int *fail)
{
    if (!s)
        return NULL;
    const char *d = tdi_arena_strdup(&file->strings, s);
    if (!d)
        *fail = 1;
    return d;
}

static const char *keep_buf(td_file *file, tdi_buf *b, int *fail)
{
    const char *d = b->failed ? NULL : keep_str(file, b->data ? b->data : "", fail);
    if (b->failed)
        *fail = 1;
    tdi_buf_free(b);
    return d;
}

static td_volume_kind public_kind(const tdi_writable *w)
{
    if (w->mount->kind == TDI_MOUNT_TMPFS)
        return TD_VOLUME_TMPFS;
    if (!w->volume)
        return TD_VOLUME_UNKNOWN;
    switch (w->volume->kind) {
    case TDI_VOLUME_SCRATCH:
        return TD_VOLUME_SCRATCH;
    case TDI_VOLUME_HOST:
        return TD_VOLUME_HOST;
    case TDI_VOLUME_EFS:
        return TD_VOLUME_EFS;
    case TDI_VOLUME_DOCKER:
        return TD_VOLUME_DOCKER;
    default:
        return TD_VOLUME_OTHER;
    }
}

int tdi_file_keep_containers(td_file *file, const tdi_task *t)
{
    int fail = 0;
    for (size_t i = 0; i < t->ncontainers && !fail; i++) {
        const tdi_container *c = &t->containers[i];
        if (tdi_grow((void **)&file->infos, &file->infos_cap, file->ninfos + 1,
                     sizeof *file->infos) < 0)
            return TD_ENOMEM;
        td_container_info *info = &file->infos[file->ninfos];
        memset(info, 0, sizeof *info);
        info->task = keep_str(file, t->name, &fail);
        info->container = keep_str(file, c->name, &fail);
        info->index = c->index;
        info->pointer = keep_str(file, c->pointer ? c->pointer : "", &fail);
        info->root_writable = root_writable(t, c);
        if (c->nwhen) {
            tdi_buf b;
            tdi_buf_init(&b);
            if (tdi_when_text(&b, c->when, c->nwhen) > 0)
                info->condition = keep_buf(file, &b, &fail);
            else
                tdi_buf_free(&b);
        }
        td_writable_path *paths =
            c->nwritable ? tdi_arena_alloc(&file->strings, c->nwritable * sizeof *paths) : NULL;
        if (c->nwritable && !paths)
            fail = 1;
        for (size_t k = 0; k < c->nwritable && !fail; k++) {
            const tdi_writable *w = &c->writable[k];
            td_writable_path *p = &paths[k];
            tdi_buf b;
            tdi_buf_init(&b);
            tdi_writable_how(&b, t, w);
            p->how = keep_buf(file, &b, &fail);
            p->path = keep_str(file, w->mount->path, &fail);
            p->volume = w->mount->kind == TDI_MOUNT_POINT ? keep_str(file, w->mount->source, &fail)
                                                          : NULL;
            p->kind = public_kind(w);
            if (p->kind == TD_VOLUME_HOST)
                p->host_path = keep_str(file, w->volume->host_path, &fail);
            p->computed = keep_str(file, w->computed, &fail);
        }
        info->writable = paths;
        info->nwritable = c->nwritable;
        file->ninfos++;
    }
    return fail ? TD_ENOMEM : TD_OK;
}

const td_container_info *td_file_container(const td_file *file, size_t i)
{
    return file && i < file->ninfos ? &file->infos[i] : NULL;
}

const td_task_info *td_file_task(const td_file *file, size_t i)
{
    return file && i < file->ntasks ? &file->tasks[i] : NULL;
}
