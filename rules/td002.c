/* TD002 unverifiable-root-filesystem: on some deployment path the setting, a
 * container definition or the whole container list takes a value that is
 * not known statically (Fn::GetAtt, an SSM parameter, a parameter without
 * Default or AllowedValues, ...). Reported instead of assumed safe. */
#include "rules.h"

void tdi_check_td002(tdi_ctx *ctx, const tdi_task *task)
{
    if (task->windows)
        return;
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        for (size_t k = 0; k < c->nro; k++) {
            const tdi_ro_value *v = &c->ro[k];
            if (v->kind != TDI_RO_INTRINSIC)
                continue;
            tdi_buf path;
            tdi_buf_init(&path);
            tdi_buf_puts(&path, " when ");
            size_t phrases = tdi_value_path(&path, c, v);
            if (path.failed)
                ctx->out->failed = 1;
            else
                tdi_report_container(ctx, task, c,
                                     ": %s cannot be verified statically%s: it is computed by "
                                     "%s; write true",
                                     task->ro_key, phrases ? path.data : "", v->what);
            tdi_relate_path(ctx, c->when, c->nwhen, v->when, v->nwhen);
            tdi_buf_free(&path);
            break; /* one finding per container */
        }
    }
    for (size_t i = 0; i < task->nopaque; i++) {
        const tdi_opaque *o = &task->opaque[i];
        if (o->invalid)
            continue;
        tdi_report_opaque(ctx, task, o, "computed by ", ", so %s %s cannot be verified statically",
                          o->subject ? "its containers'" : "its", task->ro_key);
        tdi_relate_path(ctx, NULL, 0, o->when, o->nwhen);
    }
}
