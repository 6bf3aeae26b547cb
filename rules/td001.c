/* TD001 writable-root-filesystem: one finding per container whose root
 * filesystem is writable (the setting missing, false, null, or in
 * CloudFormation the string "false"). */
#include "internal.h"

#include <string.h>

void tdi_check_td001(tdi_ctx *ctx, const tdi_task *task)
{
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        tdi_buf why;
        tdi_buf_init(&why);
        switch (c->ro) {
        case TDI_RO_MISSING:
            tdi_buf_puts(&why, "is not set");
            break;
        case TDI_RO_FALSE:
            tdi_buf_puts(&why, "is false");
            break;
        case TDI_RO_NULL:
            tdi_buf_puts(&why, "is null");
            break;
        case TDI_RO_STRING_FALSE:
            tdi_buf_puts(&why, "is ");
            tdi_buf_quoted(&why, c->ro_value_text, strlen(c->ro_value_text), TDI_QUOTE_MAX);
            break;
        default:
            continue;
        }
        if (why.failed)
            ctx->file->failed = 1;
        else
            tdi_report_container(ctx, "TD001", task, c,
                                 " has a writable root filesystem (%s %s): set %s to true",
                                 task->ro_key, why.data, task->ro_key);
        tdi_buf_free(&why);
    }
}
