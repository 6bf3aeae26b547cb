/* TD001 writable-root-filesystem: one finding per container whose root
 * filesystem is writable (the setting missing, false, null, or in
 * CloudFormation the string "false"). */
#include "internal.h"

static const char *why(const tdi_task *t, const tdi_container *c, tdi_buf *tmp)
{
    switch (c->ro) {
    case TDI_RO_MISSING:
        return "is not set";
    case TDI_RO_FALSE:
        return "is false";
    case TDI_RO_NULL:
        return "is null";
    case TDI_RO_STRING_FALSE:
        tdi_buf_printf(tmp, "is \"%s\"", c->ro_value_text);
        return tmp->failed ? "is a string" : tmp->data;
    default:
        (void)t;
        return NULL;
    }
}

void tdi_check_td001(tdi_ctx *ctx, const tdi_task *task)
{
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        tdi_buf tmp, who, fp;
        tdi_buf_init(&tmp);
        const char *reason = why(task, c, &tmp);
        if (!reason) {
            tdi_buf_free(&tmp);
            continue;
        }
        tdi_buf_init(&who);
        tdi_buf_init(&fp);
        tdi_describe_container(&who, task, c);
        tdi_container_fp(&fp, task, c, task->ro_key);
        if (who.failed || fp.failed)
            ctx->file->failed = 1;
        else
            tdi_report(ctx, "TD001", c->ro_span, c->ro_pointer, fp.data,
                       "%s has a writable root filesystem (%s %s): set %s to true", who.data,
                       task->ro_key, reason, task->ro_key);
        tdi_buf_free(&tmp);
        tdi_buf_free(&who);
        tdi_buf_free(&fp);
    }
}
