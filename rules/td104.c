/* TD104 tmpfs-on-fargate: a tmpfs mount in a task that requires FARGATE.
 * Fargate does not support tmpfs, so the writable path the application
 * expects will not exist; a bind-mount scratch volume (a volume with only a
 * name) is the way to a writable path there. Reported at each tmpfs entry;
 * entries computed by an intrinsic function (which may be AWS::NoValue) are
 * not. */
#include "rules.h"

#include <string.h>

void tdi_check_td104(tdi_ctx *ctx, const tdi_task *task)
{
    if (!task->fargate)
        return;
    const tdi_volume_keys *k = tdi_volume_keys_of(task);
    const char *rc_key = task->terraform                  ? "requires_compatibilities"
                         : task->flavor == TDI_FLAVOR_CFN ? "RequiresCompatibilities"
                                                          : "requiresCompatibilities";
    const tdi_member *rc = tdi_doc_member(ctx->doc, task->node, rc_key);
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        for (size_t n = 0; n < c->nmounts; n++) {
            const tdi_mount *m = &c->mounts[n];
            if (m->kind != TDI_MOUNT_TMPFS || m->unknown)
                continue;
            tdi_buf msg, fp;
            tdi_buf_init(&msg);
            tdi_buf_init(&fp);
            tdi_buf_puts(&msg, " mounts a tmpfs");
            if (m->path) {
                tdi_buf_puts(&msg, " at ");
                tdi_buf_quoted(&msg, m->path, strlen(m->path), TDI_QUOTE_MAX);
            }
            if (task->terraform && task->flavor == TDI_FLAVOR_ECS)
                tdi_buf_puts(&msg, ", but the task requires FARGATE, which does not support "
                                   "tmpfs: declare a volume block with only a name and mount it");
            else
                tdi_buf_printf(&msg,
                               ", but the task requires FARGATE, which does not support tmpfs: "
                               "declare a volume with only a %s in %s and mount it",
                               k->name, k->volumes);
            if (m->path) {
                tdi_buf_puts(&msg, " at ");
                tdi_buf_quoted(&msg, m->path, strlen(m->path), TDI_QUOTE_MAX);
            }
            tdi_buf_printf(&msg, " with %s instead", k->mount_points);
            tdi_buf_printf(&fp, "tmpfs\n%s", m->path ? m->path : "");
            if (msg.failed || fp.failed) {
                ctx->out->failed = 1;
            } else {
                size_t before = ctx->out->n;
                tdi_report_at_container(ctx, task, c, m->span, m->pointer, fp.data, "%s", msg.data);
                if (ctx->out->n > before) {
                    if (rc) {
                        tdi_span s = {rc->key_span.start, rc->value_span.end};
                        tdi_report_related(ctx, s, "the task requires FARGATE here");
                    }
                    tdi_relate_path(ctx, c->when, c->nwhen, NULL, 0);
                }
            }
            tdi_buf_free(&msg);
            tdi_buf_free(&fp);
        }
    }
}
