/* TD004 windows-root-filesystem: Windows containers do not support the
 * setting; a Windows task that sets it at all may be rejected at
 * registration. */
#include "rules.h"

void tdi_check_td004(tdi_ctx *ctx, const tdi_task *task)
{
    if (!task->windows)
        return;
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        if (c->ro_pointer == c->pointer)
            continue; /* not set: as it should be */
        tdi_report_container(ctx, task, c,
                             ": Windows containers do not support %s, and registering the task "
                             "definition can fail: remove it",
                             task->ro_key);
    }
}
