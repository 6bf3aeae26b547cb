/* Writable volumes, read: the places a container can write although its root
 * filesystem is read-only.
 *
 * tdi_read_volumes reads a task's volumes, launch types and platform, and each
 * container's mount points, volumesFrom entries and tmpfs mounts; then
 * writable.c works out every place each container can write. The rules
 * TD101-TD104 and --verbose (td_file_container) read the result.
 *
 * Docker semantics this follows: a mount point is writable unless readOnly is
 * true; a volumesFrom entry without readOnly keeps each inherited mount's own
 * mode, with readOnly true makes them all read-only; volumesFrom shares mount
 * points, not tmpfs mounts; tmpfs mount options apply in order, so the last of
 * "ro" and "rw" wins. */
#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- reading ---- */

typedef struct {
    const tdi_doc *doc;
    tdi_mb *mb;
    tdi_task *t;
    const tdi_volume_keys *k;
    int cfn;
} vread;

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
    const json_t *what = strcmp(fn, "Ref") == 0      ? arg
                         : strcmp(fn, "Fn::If") == 0 ? json_array_get(arg, 0)
                                                     : NULL;
    if (!json_is_string(what))
        return fn;
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_printf(&b, "%s ", fn);
    tdi_buf_escaped(&b, json_string_value(what), json_string_length(what), TDI_QUOTE_MAX);
    const char *s = b.failed ? NULL : tdi_arena_strdup(v->mb->arena, b.data);
    tdi_buf_free(&b);
    if (!s)
        v->mb->err = TD_ENOMEM;
    return s ? s : fn;
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
    if (json_is_string(os) && strncmp(json_string_value(os), "WINDOWS_", 8) == 0) {
        v->t->windows = 1;
        tdi_buf b;
        tdi_buf_init(&b);
        tdi_buf_printf(&b, "%s is ",
                       v->cfn ? "RuntimePlatform.OperatingSystemFamily"
                              : "runtimePlatform.operatingSystemFamily");
        tdi_buf_escaped(&b, json_string_value(os), json_string_length(os), TDI_QUOTE_MAX);
        v->t->os_why = b.failed ? NULL : tdi_mb_str(v->mb, b.data);
        if (b.failed)
            v->mb->err = TD_ENOMEM;
        tdi_buf_free(&b);
    } else if (!json_is_string(os)) {
        /* no platform named, or one computed (!Ref OsFamily): the images may say */
        tdi_windows_by_images(v->mb, v->t);
    }
}

/* What kind of storage the volume el is. */
static void classify_volume(vread *v, const json_t *el, tdi_volume *vol)
{
    int efs = 0, docker = 0, ebs = 0, other = 0;
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
            ebs |= json_is_true(val) || fn_of(v, val) != NULL; /* EBS, the only kind */
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
            vol->host_path_span = tdi_member_span(spm);
        else if (hm)
            vol->host_path_span = tdi_member_span(hm);
    } else if (efs) {
        vol->kind = TDI_VOLUME_EFS;
    } else if (docker) {
        vol->kind = TDI_VOLUME_DOCKER;
    } else if (ebs) {
        vol->kind = TDI_VOLUME_EBS;
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
    char *lptr = tdi_mb_key(v->mb, node_ptr, v->k->volumes);
    size_t n = json_array_size(list);
    if (v->mb->err || !(t->volumes = tdi_mb_array(v->mb, n ? n : 1, sizeof *t->volumes)))
        return;
    int known = 1;
    for (size_t i = 0; i < n && !v->mb->err; i++) {
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
        vol->pointer = tdi_mb_index(v->mb, lptr, i);
        const json_t *name = json_object_get(el, v->k->name);
        if (json_is_string(name))
            vol->name = json_string_value(name);
        else if (name)
            known = 0;
        classify_volume(v, el, vol);
    }
    t->volumes_known = known;
}

static tdi_mount *new_mount(const vread *v, tdi_container *c, tdi_mount_kind kind, tdi_span span,
                            char *pointer, size_t index)
{
    tdi_mount *m = &c->mounts[c->nmounts++];
    m->kind = kind;
    m->source_key = kind == TDI_MOUNT_FROM ? v->k->source_container : v->k->source_volume;
    m->path_key = v->k->container_path;
    m->index = index;
    m->span = m->source_span = m->path_span = span;
    m->pointer = pointer;
    return m;
}

/* readOnly of a mount point or volumesFrom entry. */
static void read_only(vread *v, const json_t *el, tdi_mount *m)
{
    const json_t *ro = json_object_get(el, tdi_task_key(v->t, el, v->k->read_only));
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
    const json_t *opts = json_object_get(el, tdi_task_key(v->t, el, v->k->mount_options));
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

/* Reads list, a list of mounts of the given kind, into c->mounts: the value
 * of member lm, key of the object at owner_ptr. */
static void read_mount_list(vread *v, tdi_container *c, tdi_mount_kind kind, const json_t *list,
                            const tdi_member *lm, const char *owner_ptr, const char *key)
{
    if (!list || !lm)
        return;
    char *lptr = tdi_mb_key(v->mb, owner_ptr, key);
    if (v->mb->err)
        return;
    const char *fn = fn_of(v, list);
    if (fn) {
        tdi_mount *m = new_mount(v, c, kind, tdi_member_span(lm), lptr, TDI_WHOLE_LIST);
        m->writable = m->unknown = 1;
        m->computed = computed_by(v, list);
        return;
    }
    const char *source_key = kind == TDI_MOUNT_POINT  ? v->k->source_volume
                             : kind == TDI_MOUNT_FROM ? v->k->source_container
                                                      : NULL;
    for (size_t i = 0; i < json_array_size(list) && !v->mb->err; i++) {
        const json_t *el = json_array_get(list, i);
        const tdi_member *em = tdi_doc_element(v->doc, list, i);
        fn = fn_of(v, el);
        if (!em || (!fn && !json_is_object(el)))
            continue; /* not a mount: no writable path */
        tdi_mount *m = new_mount(v, c, kind, em->value_span, tdi_mb_index(v->mb, lptr, i), i);
        if (fn) {
            /* an Fn::If around the entry, say: what it mounts is not known */
            m->writable = m->unknown = 1;
            m->computed = computed_by(v, el);
            continue;
        }
        if (kind != TDI_MOUNT_FROM) {
            m->path_key = tdi_task_key(v->t, el, v->k->container_path);
            const json_t *p = json_object_get(el, m->path_key);
            const tdi_member *pm = p ? tdi_doc_member(v->doc, el, m->path_key) : NULL;
            if (pm)
                m->path_span = tdi_member_span(pm);
            m->path = json_is_string(p) ? json_string_value(p) : NULL;
        }
        if (source_key) {
            m->source_key = tdi_task_key(v->t, el, source_key);
            const json_t *s = json_object_get(el, m->source_key);
            const tdi_member *sm = s ? tdi_doc_member(v->doc, el, m->source_key) : NULL;
            if (sm)
                m->source_span = tdi_member_span(sm);
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
    const tdi_task *t = v->t;
    v->doc = c->doc; /* Terraform: the container_definitions string's, or another file's */
    const json_t *mp = tdi_container_value(t, c, TDI_CKEY_MOUNT_POINTS);
    const json_t *vf = tdi_container_value(t, c, TDI_CKEY_VOLUMES_FROM);
    const json_t *lp = tdi_container_value(t, c, TDI_CKEY_LINUX_PARAMETERS);
    const char *tmpfs = json_is_object(lp) ? tdi_task_key(t, lp, k->tmpfs) : k->tmpfs;
    const json_t *tf = json_object_get(lp, tmpfs);
    size_t room = mount_room(v, mp) + mount_room(v, vf) + (fn_of(v, lp) ? 1 : mount_room(v, tf));
    if (room == 0 || !(c->mounts = tdi_mb_array(v->mb, room, sizeof *c->mounts)))
        return;
    read_mount_list(v, c, TDI_MOUNT_POINT, mp,
                    mp ? tdi_container_member(v->doc, t, c, TDI_CKEY_MOUNT_POINTS) : NULL,
                    c->pointer, tdi_container_key(t, c, TDI_CKEY_MOUNT_POINTS));
    read_mount_list(v, c, TDI_MOUNT_FROM, vf,
                    vf ? tdi_container_member(v->doc, t, c, TDI_CKEY_VOLUMES_FROM) : NULL,
                    c->pointer, tdi_container_key(t, c, TDI_CKEY_VOLUMES_FROM));
    const tdi_member *lm =
        lp ? tdi_container_member(v->doc, t, c, TDI_CKEY_LINUX_PARAMETERS) : NULL;
    if (!lm || v->mb->err)
        return;
    char *lptr = tdi_mb_key(v->mb, c->pointer, tdi_container_key(t, c, TDI_CKEY_LINUX_PARAMETERS));
    if (v->mb->err)
        return;
    if (fn_of(v, lp)) {
        /* linuxParameters computed as a whole: its tmpfs list is not known */
        tdi_mount *m = new_mount(v, c, TDI_MOUNT_TMPFS, tdi_member_span(lm), lptr, TDI_WHOLE_LIST);
        m->writable = m->unknown = 1;
        m->computed = computed_by(v, lp);
    } else if (json_is_object(lp)) {
        read_mount_list(v, c, TDI_MOUNT_TMPFS, tf, tf ? tdi_doc_member(v->doc, lp, tmpfs) : NULL,
                        lptr, tmpfs);
    }
}

int tdi_read_volumes(const tdi_doc *doc, tdi_mb *mb, tdi_task *t)
{
    vread v = {doc, mb, t, tdi_volume_keys_of(t), t->flavor == TDI_FLAVOR_CFN};
    if (!t->node)
        tdi_windows_by_images(mb, t); /* a bare container list: the images only */
    if (t->node && t->terraform) {
        tdi_read_tf_task(doc, mb, t);
    } else if (t->node) {
        read_platform(&v);
        /* CloudFormation: the task's pointer is the resource's; its node is Properties */
        const char *node_ptr = v.cfn ? tdi_mb_key(mb, t->pointer, "Properties") : t->pointer;
        if (!v.mb->err)
            read_task_volumes(&v, node_ptr);
    }
    for (size_t i = 0; i < t->ncontainers && !v.mb->err; i++)
        read_container_mounts(&v, &t->containers[i]);
    if (v.mb->err)
        return v.mb->err;
    return tdi_resolve_writable(mb, t);
}
