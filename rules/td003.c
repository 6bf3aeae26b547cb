/* TD003 invalid-root-filesystem-value: the setting is not a boolean the
 * deployer accepts, or the container list / a container definition has the
 * wrong type. */
#include "internal.h"

#include <string.h>
#include <strings.h>

void tdi_check_td003(tdi_ctx *ctx, const tdi_task *task)
{
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        if (c->ro != TDI_RO_INVALID)
            continue;
        const char *v = c->ro_value_text;
        if (!v) {
            tdi_report_container(ctx, "TD003", task, c, ": %s is %s, not a boolean: set it to true",
                                 task->ro_key, c->ro_what);
            continue;
        }
        tdi_buf q;
        tdi_buf_init(&q);
        tdi_buf_quoted(&q, v, strlen(v), TDI_QUOTE_MAX);
        if (q.failed)
            ctx->file->failed = 1;
        else if (task->flavor == TDI_FLAVOR_ECS &&
                 (strcasecmp(v, "true") == 0 || strcasecmp(v, "false") == 0))
            tdi_report_container(ctx, "TD003", task, c,
                                 ": %s is the string %s, but the ECS API accepts only a boolean: "
                                 "write true without quotes",
                                 task->ro_key, q.data);
        else
            tdi_report_container(ctx, "TD003", task, c,
                                 ": %s is the string %s, not a boolean: set it to true",
                                 task->ro_key, q.data);
        tdi_buf_free(&q);
    }
    for (size_t i = 0; i < task->nopaque; i++) {
        const tdi_opaque *o = &task->opaque[i];
        if (o->invalid)
            tdi_report_opaque(ctx, "TD003", task, o, " is %s, not %s", o->what,
                              o->subject ? "a list of container definitions" : "a mapping");
    }
}
