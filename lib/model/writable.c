/* Writable volumes, resolved: every place each container can write besides
 * its root filesystem, its own writable mounts and the writable mount points
 * it takes from other containers through writable volumesFrom entries
 * (followed through chains, cycles cut), and how to say where each comes
 * from.
 *
 * Docker semantics this follows: a volumesFrom entry without readOnly keeps
 * each inherited mount's own mode, with readOnly true makes them all
 * read-only; volumesFrom shares mount points, not tmpfs mounts. */
#include "build.h"

#include <stdlib.h>
#include <string.h>

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
    size_t *seen;      /* per container: the walk that last reached it, plus one */
    frame *stack;      /* room for every container plus one */
    tdi_writable *buf; /* the places found for the current container */
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

int tdi_resolve_writable(tdi_mb *mb, tdi_task *t)
{
    size_t n = t->ncontainers;
    int err = TD_OK;
    named *vidx = tdi_calloc(t->nvolumes, sizeof *vidx);
    named *cidx = tdi_calloc(n, sizeof *cidx);
    walker w = {t,
                cidx,
                0,
                tdi_calloc(n, sizeof(size_t)),
                tdi_calloc(n + 1, sizeof(frame)),
                NULL,
                0,
                0,
                TDI_MAX_INHERITED,
                0};
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
        c->writable = tdi_mb_array(mb, w.nbuf, sizeof *c->writable);
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

int tdi_root_writable(const tdi_task *t, const tdi_container *c)
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

td_volume_kind tdi_writable_kind(const tdi_writable *w)
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
    case TDI_VOLUME_EBS:
        return TD_VOLUME_EBS;
    default:
        return TD_VOLUME_OTHER;
    }
}
