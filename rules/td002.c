/* TD002 unverifiable-root-filesystem: the setting, a container definition or
 * the whole container list is a CloudFormation intrinsic function whose value
 * is not known statically. Reported instead of assumed safe. */
#include "internal.h"

void tdi_check_td002(tdi_ctx *ctx, const tdi_task *task)
{
    tdi_buf who, fp;
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        if (c->ro != TDI_RO_INTRINSIC)
            continue;
        tdi_buf_init(&who);
        tdi_buf_init(&fp);
        tdi_describe_container(&who, task, c);
        tdi_container_fp(&fp, task, c, task->ro_key);
        if (who.failed || fp.failed)
            ctx->file->failed = 1;
        else
            tdi_report(ctx, "TD002", c->ro_span, c->ro_pointer, fp.data,
                       "%s: %s is computed by %s, which cannot be verified statically; write "
                       "true",
                       who.data, task->ro_key, c->ro_what);
        tdi_buf_free(&who);
        tdi_buf_free(&fp);
    }
    for (size_t i = 0; i < task->nopaque; i++) {
        const tdi_opaque *o = &task->opaque[i];
        if (o->invalid)
            continue;
        tdi_buf_init(&who);
        tdi_buf_init(&fp);
        if (o->subject)
            tdi_buf_printf(&who, "%s", o->subject);
        else
            tdi_buf_printf(&who, "container definition #%zu", o->index + 1);
        if (task->name)
            tdi_buf_printf(&who, " of task definition \"%s\"", task->name);
        tdi_buf_printf(&fp, "%s\n%s", task->name ? task->name : "", o->pointer);
        if (who.failed || fp.failed)
            ctx->file->failed = 1;
        else
            tdi_report(ctx, "TD002", o->span, o->pointer, fp.data,
                       "%s is computed by %s, so %s %s cannot be verified statically",
                       who.data, o->what, o->subject ? "its containers'" : "its", task->ro_key);
        tdi_buf_free(&who);
        tdi_buf_free(&fp);
    }
}
