/* TD005 unread-task-definition: a task definition spelt so that the AWS CLI
 * or CloudFormation rejects it and tdlint reads nothing of it (the model's
 * near-misses, model/recognize.c): one finding per such task definition, at
 * the misspelt key or Type, naming what was meant and saying that nothing
 * in it was checked. */
#include "rules.h"

#include <string.h>

/* `container "web"`, `container !Sub "${Env}-web"` or `container definition #2`. */
static void name_container(tdi_buf *b, const tdi_unread *u)
{
    if (u->name) {
        tdi_buf_puts(b, "container ");
        tdi_buf_quoted(b, u->name, strlen(u->name), TDI_QUOTE_MAX);
    } else if (u->name_expr) {
        tdi_buf_printf(b, "container %s", u->name_expr);
    } else {
        tdi_buf_printf(b, "container definition #%zu", u->index + 1);
    }
}

void tdi_check_td005(tdi_ctx *ctx, const tdi_task *task)
{
    const tdi_unread *u = task->unread;
    if (!u)
        return;
    const int cfn = task->flavor == TDI_FLAVOR_CFN;
    tdi_buf b, fp;
    tdi_buf_init(&b);
    tdi_buf_init(&fp);
    if (u->kind == TDI_UNREAD_SPELLING) {
        name_container(&b, u);
        if (task->name)
            tdi_buf_puts(&b, " in");
    }
    if (task->name) {
        tdi_buf_puts(&b,
                     cfn && u->kind == TDI_UNREAD_CFN_TYPE ? " resource " : " task definition ");
        tdi_buf_quoted(&b, task->name, strlen(task->name), TDI_QUOTE_MAX);
    }
    if (b.len)
        tdi_buf_puts(&b, ": ");
    switch (u->kind) {
    case TDI_UNREAD_ECS_KEY:
        tdi_buf_quoted(&b, u->got, strlen(u->got), TDI_QUOTE_MAX);
        tdi_buf_printf(&b,
                       " is not a task definition key: did you mean \"%s\"? The AWS CLI "
                       "rejects it",
                       u->meant);
        break;
    case TDI_UNREAD_ECS_TASKDEF:
        tdi_buf_quoted(&b, u->got, strlen(u->got), TDI_QUOTE_MAX);
        tdi_buf_printf(&b,
                       " is not the key of describe-task-definition output: did you mean "
                       "\"%s\"? The AWS CLI writes the task definition under it",
                       u->meant);
        break;
    case TDI_UNREAD_CFN_TYPE:
        tdi_buf_puts(&b, "Type ");
        tdi_buf_quoted(&b, u->got, strlen(u->got), TDI_QUOTE_MAX);
        tdi_buf_printf(&b,
                       " is not a resource type: did you mean \"%s\"? CloudFormation "
                       "rejects the template",
                       u->meant);
        break;
    case TDI_UNREAD_CFN_KEY:
        tdi_buf_quoted(&b, u->got, strlen(u->got), TDI_QUOTE_MAX);
        tdi_buf_printf(&b,
                       " is not a property of AWS::ECS::TaskDefinition: did you mean "
                       "\"%s\"? CloudFormation rejects the template",
                       u->meant);
        break;
    case TDI_UNREAD_CFN_PROPS:
        tdi_buf_quoted(&b, u->got, strlen(u->got), TDI_QUOTE_MAX);
        tdi_buf_printf(&b,
                       " is not a resource attribute: did you mean \"%s\"? CloudFormation "
                       "rejects the template",
                       u->meant);
        break;
    case TDI_UNREAD_SPELLING:
        tdi_buf_quoted(&b, u->got, strlen(u->got), TDI_QUOTE_MAX);
        if (cfn)
            tdi_buf_printf(&b,
                           " is the ECS API's spelling: did you mean \"%s\"? CloudFormation "
                           "spells container definition properties in PascalCase and "
                           "rejects the template",
                           u->meant);
        else
            tdi_buf_printf(&b,
                           " is CloudFormation's spelling: did you mean \"%s\"? The ECS API "
                           "spells container definition keys in camelCase and the AWS CLI "
                           "rejects it",
                           u->meant);
        break;
    }
    tdi_buf_printf(&b, "; nothing in this %s was checked",
                   u->bare_list ? "container list" : "task definition");
    tdi_buf_printf(&fp, "%s\n%s", task->name ? task->name : "", u->pointer);
    const char *msg = b.data;
    if (msg && msg[0] == ' ')
        msg++; /* no container named: the message starts with the task */
    if (b.failed || fp.failed) {
        ctx->out->failed = 1;
    } else {
        size_t before = ctx->out->n;
        tdi_finding_add(ctx->out, ctx->rule, u->span, u->pointer, fp.data, msg);
        if (ctx->out->n > before)
            tdi_finding_about(ctx->out, task->name, u->name, task->terraform != 0);
    }
    tdi_buf_free(&b);
    tdi_buf_free(&fp);
}
