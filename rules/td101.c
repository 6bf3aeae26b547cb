/* TD101 writable-system-path: a container can write at "/" or at or below a
 * system directory (/bin, /boot, /etc, /lib, /lib32, /lib64, /libx32, /sbin,
 * /usr, and the configuration's system-paths) through a writable mount point,
 * tmpfs, or a mount point it takes from another container through
 * volumesFrom: that undoes the read-only root where it matters most. Its own
 * mounts are reported at their containerPath, inherited ones at the
 * volumesFrom entry that lets them in. Paths not known statically are not
 * reported. */
#include "rules.h"

#include <string.h>

static const char *const SYSTEM_DIRS[] = {"/",      "/bin",   "/boot",   "/etc",  "/lib",
                                          "/lib32", "/lib64", "/libx32", "/sbin", "/usr"};

/* The system directory path is, or lies below; NULL if none. */
static const char *system_dir(tdi_ctx *ctx, const char *path, int *oom)
{
    const char *d = tdi_path_in(path, SYSTEM_DIRS, sizeof SYSTEM_DIRS / sizeof SYSTEM_DIRS[0], oom);
    if (!d && ctx->nsystem_paths)
        d = tdi_path_in(path, ctx->system_paths, ctx->nsystem_paths, oom);
    return d;
}

static void report(tdi_ctx *ctx, const tdi_task *t, const tdi_container *c, const tdi_writable *w,
                   const char *dir)
{
    const tdi_volume_keys *k = tdi_volume_keys_of(t);
    const tdi_mount *m = w->mount;
    tdi_buf where, msg, ptr, fp;
    tdi_buf_init(&where);
    tdi_buf_init(&msg);
    tdi_buf_init(&ptr);
    tdi_buf_init(&fp);

    tdi_buf_quoted(&where, m->path, strlen(m->path), TDI_QUOTE_MAX);
    if (strcmp(dir, "/") == 0) {
        tdi_buf_puts(&where, " (the root directory)");
    } else {
        tdi_buf_puts(&where, " (system directory ");
        tdi_buf_quoted(&where, dir, strlen(dir), TDI_QUOTE_MAX);
        tdi_buf_putc(&where, ')');
    }
    const char *maybe = w->computed;
    if (w->via) {
        tdi_buf_printf(&msg, " %s to %s through ", maybe ? "may write" : "can write",
                       where.data ? where.data : "");
        tdi_writable_how(&msg, t, w);
        if (maybe)
            tdi_buf_printf(&msg, ", depending on %s", maybe);
        tdi_buf_printf(&msg, ": set %s to true in this %s entry", k->read_only, k->volumes_from);
        tdi_buf_puts(&ptr, w->via->pointer);
    } else if (m->kind == TDI_MOUNT_TMPFS) {
        tdi_buf_printf(&msg, " mounts a %stmpfs at %s", maybe ? "" : "writable ",
                       where.data ? where.data : "");
        if (maybe)
            tdi_buf_printf(&msg, ", writable depending on %s", maybe);
        tdi_buf_printf(&msg, ": mount it outside the system directories, or add \"ro\" to its %s",
                       k->mount_options);
        tdi_buf_puts(&ptr, m->pointer);
        tdi_buf_pointer_token(&ptr, m->path_key);
    } else {
        tdi_buf_puts(&msg, " mounts ");
        if (m->source) {
            tdi_buf_puts(&msg, "volume ");
            tdi_buf_quoted(&msg, m->source, strlen(m->source), TDI_QUOTE_MAX);
        } else {
            tdi_buf_puts(&msg, "a volume");
        }
        tdi_buf_printf(&msg, "%s at %s", maybe ? "" : " writable", where.data ? where.data : "");
        if (maybe)
            tdi_buf_printf(&msg, ", writable depending on %s", maybe);
        tdi_buf_printf(&msg, ": set %s to true, or mount it outside the system directories",
                       k->read_only);
        tdi_buf_puts(&ptr, m->pointer);
        tdi_buf_pointer_token(&ptr, m->path_key);
    }
    /* position-free: the path, and where it comes from */
    tdi_buf_printf(&fp, "%d\n%s\n%s\n%s", (int)m->kind, m->path, w->via ? w->via->source : "",
                   m->source ? m->source : "");

    if (where.failed || msg.failed || ptr.failed || fp.failed) {
        ctx->out->failed = 1;
    } else {
        tdi_span at = w->via ? w->via->span : m->path_span;
        size_t before = ctx->out->n;
        tdi_report_at_container(ctx, t, c, at, ptr.data, fp.data, "%s", msg.data);
        if (ctx->out->n > before) {
            if (w->via) {
                tdi_report_related(ctx, m->path_span, "the mount point is declared here");
                if (w->owner->nwhen)
                    tdi_relate_path(ctx, w->owner->when, w->owner->nwhen, NULL, 0);
            }
            tdi_relate_path(ctx, c->when, c->nwhen, NULL, 0);
        }
    }
    tdi_buf_free(&where);
    tdi_buf_free(&msg);
    tdi_buf_free(&ptr);
    tdi_buf_free(&fp);
}

void tdi_check_td101(tdi_ctx *ctx, const tdi_task *task)
{
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        for (size_t k = 0; k < c->nwritable; k++) {
            const tdi_writable *w = &c->writable[k];
            if (!w->mount->path || w->mount->kind == TDI_MOUNT_FROM)
                continue;
            int oom = 0;
            const char *dir = system_dir(ctx, w->mount->path, &oom);
            if (oom) {
                ctx->out->failed = 1;
                return;
            }
            if (dir)
                report(ctx, task, c, w, dir);
        }
    }
}
