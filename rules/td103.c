/* TD103 writable-host-mount: a bind mount of a sensitive host path (/, /etc,
 * /root, /boot, /proc, /sys, /dev, /var/lib/docker, the Docker, containerd
 * and Podman sockets and directories, what lies below those directories, and
 * the directories that hold any of them, such as /var or /run) mounted
 * writable into a container, directly or through volumesFrom: the container
 * can modify the host. A container runtime's socket, or a directory that
 * holds one, is reported also when its mount point (or the volumesFrom entry
 * that takes it from another container, one step) is read-only: readOnly
 * does not restrict the use of a socket. Reported at the mount point (or the
 * volumesFrom entry that lets it in), with the volume's sourcePath as related
 * location. Host paths not known statically are not reported. */
#include "rules.h"

#include <string.h>

static const char *const HOST_PATHS[] = {"/",
                                         "/etc",
                                         "/root",
                                         "/boot",
                                         "/proc",
                                         "/sys",
                                         "/dev",
                                         "/var/lib/docker",
                                         "/var/run/docker.sock",
                                         "/run/docker.sock",
                                         "/run/containerd",
                                         "/var/run/containerd",
                                         "/run/podman",
                                         "/var/run/podman"};
#define NHOST_PATHS (sizeof HOST_PATHS / sizeof HOST_PATHS[0])

/* The container runtimes' sockets: a mount of one of them, or of a directory
 * that holds one, lets the container use it whether or not it is read-only. */
static const char *const SOCKETS[] = {"/var/run/docker.sock",
                                      "/run/docker.sock",
                                      "/run/containerd/containerd.sock",
                                      "/var/run/containerd/containerd.sock",
                                      "/run/podman/podman.sock",
                                      "/var/run/podman/podman.sock"};
#define NSOCKETS (sizeof SOCKETS / sizeof SOCKETS[0])

static int is_runtime(const char *p)
{
    return strstr(p, "docker.sock") != NULL || strstr(p, "containerd") != NULL ||
           strstr(p, "podman") != NULL;
}

/* The socket that host path hp is, lies below (the socket's own path given
 * with a trailing slash) or holds; NULL when none. */
static const char *socket_of(const char *hp, int *oom)
{
    const char *at = tdi_path_in(hp, SOCKETS, NSOCKETS, oom);
    if (at)
        return at;
    for (size_t i = 0; i < NSOCKETS && !*oom; i++)
        if (tdi_path_in(SOCKETS[i], &hp, 1, oom))
            return SOCKETS[i];
    /* "/" holds every path, but tdi_path_in takes it as itself only */
    static const char *const root[] = {"/"};
    if (!*oom && tdi_path_in(hp, root, 1, oom))
        return SOCKETS[0];
    return NULL;
}

/* Why host path hp is sensitive: *at is the listed path it is or lies below,
 * or *holds a listed path below it; 0 when it is not. */
static int sensitive(const char *hp, const char **at, const char **holds, int *oom)
{
    *at = tdi_path_in(hp, HOST_PATHS, NHOST_PATHS, oom);
    *holds = NULL;
    if (*at)
        return 1;
    for (size_t i = 0; i < NHOST_PATHS && !*oom; i++) {
        if (tdi_path_in(HOST_PATHS[i], &hp, 1, oom)) {
            *holds = HOST_PATHS[i];
            return 1;
        }
    }
    return 0;
}

/* Reports w; read_only: its mount point is read-only (a socket, or a
 * directory that holds one). */
static void report(tdi_ctx *ctx, const tdi_task *t, const tdi_container *c, const tdi_writable *w,
                   const char *at, const char *holds, int read_only)
{
    const tdi_volume_keys *k = tdi_volume_keys_of(t);
    const tdi_mount *m = w->mount;
    const tdi_volume *vol = w->volume;
    const char *hp = vol->host_path;
    const char *maybe = w->computed;
    tdi_buf msg, fp;
    tdi_buf_init(&msg);
    tdi_buf_init(&fp);

    if (w->via)
        tdi_buf_printf(&msg, " %s host path ",
                       read_only ? "can use"
                       : maybe   ? "may write to"
                                 : "can write to");
    else
        tdi_buf_puts(&msg, " mounts host path ");
    tdi_buf_quoted(&msg, hp, strlen(hp), TDI_QUOTE_MAX);
    tdi_buf_puts(&msg, " (volume ");
    tdi_buf_quoted(&msg, vol->name, strlen(vol->name), TDI_QUOTE_MAX);
    if (holds) {
        tdi_buf_puts(&msg, ", which holds ");
        tdi_buf_quoted(&msg, holds, strlen(holds), TDI_QUOTE_MAX);
    }
    tdi_buf_putc(&msg, ')');
    if (!w->via && !maybe)
        tdi_buf_puts(&msg, read_only ? " read-only" : " writable");
    if (m->path) {
        tdi_buf_puts(&msg, " at ");
        tdi_buf_quoted(&msg, m->path, strlen(m->path), TDI_QUOTE_MAX);
    }
    if (w->via) {
        tdi_buf_puts(&msg, " through ");
        tdi_writable_how(&msg, t, w);
    }
    if (maybe)
        tdi_buf_printf(&msg, w->via ? ", depending on %s" : ", writable depending on %s", maybe);
    int runtime = is_runtime(holds ? holds : at);
    if (runtime)
        tdi_buf_printf(&msg,
                       ": the container can control the host's container runtime, and %s does "
                       "not restrict the use of a socket; remove %s",
                       k->read_only, w->via ? "this entry" : "the mount");
    else if (w->via)
        tdi_buf_printf(&msg, ": the container can modify the host; set %s to true in this %s entry",
                       k->read_only, k->volumes_from);
    else
        tdi_buf_printf(&msg,
                       ": the container can modify the host; set %s to true, or remove the mount",
                       k->read_only);
    tdi_buf_printf(&fp, "%s\n%s\n%s", hp, m->path ? m->path : "", w->via ? w->via->source : "");

    if (msg.failed || fp.failed) {
        ctx->out->failed = 1;
    } else {
        const tdi_mount *entry = w->via ? w->via : m;
        size_t before = ctx->out->n;
        tdi_report_at_container(ctx, t, c, entry->span, entry->pointer, fp.data, "%s", msg.data);
        if (ctx->out->n > before) {
            tdi_report_related(ctx, vol->host_path_span, "the host path is mounted from here");
            if (w->via)
                tdi_report_related(ctx, m->span, "the mount point is declared here");
            tdi_relate_path(ctx, c->when, c->nwhen, NULL, 0);
        }
    }
    tdi_buf_free(&msg);
    tdi_buf_free(&fp);
}

/* Reports mount point m of owner when it mounts a container runtime's
 * socket, or a directory that holds one, into c (directly, or through c's
 * volumesFrom entry via), whether or not it is read-only. -1 when out of
 * memory. */
static int socket_mount(tdi_ctx *ctx, const tdi_task *task, const tdi_container *c,
                        const tdi_container *owner, const tdi_mount *m, const tdi_mount *via)
{
    const tdi_volume *vol = m->volume;
    if (!vol || vol->kind != TDI_VOLUME_HOST || !vol->host_path || !vol->name)
        return 0;
    int oom = 0;
    const char *sock = socket_of(vol->host_path, &oom);
    const char *at = NULL, *holds = NULL;
    if (sock && !oom)
        sensitive(vol->host_path, &at, &holds, &oom);
    if (oom) {
        ctx->out->failed = 1;
        return -1;
    }
    if (!sock)
        return 0;
    if (!at || !is_runtime(at)) { /* "/" or "/var": name the socket it holds */
        at = NULL;
        holds = sock;
    }
    tdi_writable w = {m, owner, via, vol, NULL};
    report(ctx, task, c, &w, at, holds, 1);
    return 0;
}

void tdi_check_td103(tdi_ctx *ctx, const tdi_task *task)
{
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        for (size_t k = 0; k < c->nwritable; k++) {
            const tdi_writable *w = &c->writable[k];
            const tdi_volume *vol = w->volume;
            if (!vol || vol->kind != TDI_VOLUME_HOST || !vol->host_path || !vol->name)
                continue;
            const char *at, *holds;
            int oom = 0;
            int hit = sensitive(vol->host_path, &at, &holds, &oom);
            if (oom) {
                ctx->out->failed = 1;
                return;
            }
            if (hit)
                report(ctx, task, c, w, at, holds, 0);
        }
        /* its own read-only mount points of a socket: readOnly does not help */
        for (size_t k = 0; k < c->nmounts; k++) {
            const tdi_mount *m = &c->mounts[k];
            if (m->kind == TDI_MOUNT_POINT && !m->writable &&
                socket_mount(ctx, task, c, c, m, NULL) < 0)
                return;
            if (m->kind != TDI_MOUNT_FROM || m->unknown || !m->source)
                continue;
            /* a socket taken through volumesFrom, one step: unless both the entry
             * and the mount point are writable (then it is in c->writable) */
            for (size_t j = 0; j < task->ncontainers; j++) {
                const tdi_container *src = &task->containers[j];
                if (src == c || !src->name || strcmp(src->name, m->source) != 0)
                    continue;
                for (size_t q = 0; q < src->nmounts; q++) {
                    const tdi_mount *p = &src->mounts[q];
                    if (p->kind == TDI_MOUNT_POINT && !(m->writable && p->writable) &&
                        socket_mount(ctx, task, c, src, p, m) < 0)
                        return;
                }
            }
        }
    }
}
