/* TD002 unverifiable-root-filesystem: the setting, a container definition or
 * the whole container list is a CloudFormation intrinsic function whose value
 * is not known statically. Reported instead of assumed safe. */
#include "internal.h"

void tdi_check_td002(tdi_ctx *ctx, const tdi_task *task)
{
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        if (c->ro == TDI_RO_INTRINSIC)
            tdi_report_container(ctx, "TD002", task, c,
                                 ": %s is computed by %s, which cannot be verified statically; "
                                 "write true",
                                 task->ro_key, c->ro_what);
    }
    for (size_t i = 0; i < task->nopaque; i++) {
        const tdi_opaque *o = &task->opaque[i];
        if (!o->invalid)
            tdi_report_opaque(ctx, "TD002", task, o,
                              " is computed by %s, so %s %s cannot be verified statically",
                              o->what, o->subject ? "its containers'" : "its", task->ro_key);
    }
}
