/* TD003 invalid-root-filesystem-value: the setting is not a boolean the
 * deployer accepts, or the container list / a container definition has the
 * wrong type. */
#include "internal.h"

#include <strings.h>

void tdi_check_td003(tdi_ctx *ctx, const tdi_task *task)
{
    tdi_buf who, fp;
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        if (c->ro != TDI_RO_INVALID)
            continue;
        tdi_buf_init(&who);
        tdi_buf_init(&fp);
        tdi_describe_container(&who, task, c);
        tdi_container_fp(&fp, task, c, task->ro_key);
        if (who.failed || fp.failed)
            ctx->file->failed = 1;
        else if (c->ro_value_text && task->flavor == TDI_FLAVOR_ECS &&
                 (strcasecmp(c->ro_value_text, "true") == 0 ||
                  strcasecmp(c->ro_value_text, "false") == 0))
            tdi_report(ctx, "TD003", c->ro_span, c->ro_pointer, fp.data,
                       "%s: %s is the string \"%s\", but the ECS API accepts only a boolean: "
                       "write true without quotes",
                       who.data, task->ro_key, c->ro_value_text);
        else if (c->ro_value_text)
            tdi_report(ctx, "TD003", c->ro_span, c->ro_pointer, fp.data,
                       "%s: %s is the string \"%.60s\", not a boolean: set it to true", who.data,
                       task->ro_key, c->ro_value_text);
        else
            tdi_report(ctx, "TD003", c->ro_span, c->ro_pointer, fp.data,
                       "%s: %s is %s, not a boolean: set it to true", who.data, task->ro_key,
                       c->ro_what);
        tdi_buf_free(&who);
        tdi_buf_free(&fp);
    }
    for (size_t i = 0; i < task->nopaque; i++) {
        const tdi_opaque *o = &task->opaque[i];
        if (!o->invalid)
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
            tdi_report(ctx, "TD003", o->span, o->pointer, fp.data, "%s is %s, not %s", who.data,
                       o->what, o->subject ? "a list of container definitions" : "a mapping");
        tdi_buf_free(&who);
        tdi_buf_free(&fp);
    }
}
