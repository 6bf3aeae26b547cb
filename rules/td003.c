/* TD003 invalid-root-filesystem-value: the setting is not a boolean the
 * deployer accepts (on some deployment path), its key is misspelt, or the
 * container list / a container definition has the wrong type. */
#include "rules.h"

#include <string.h>
#include <strings.h>

static void check_value(tdi_ctx *ctx, const tdi_task *task, const tdi_container *c)
{
    for (size_t k = 0; k < c->nro; k++) {
        const tdi_ro_value *v = &c->ro[k];
        if (v->kind != TDI_RO_INVALID)
            continue;
        tdi_buf q, path;
        tdi_buf_init(&q);
        tdi_buf_init(&path);
        tdi_buf_puts(&path, " when ");
        size_t phrases = tdi_value_path(&path, c, v);
        const char *when = phrases ? path.data : "";
        if (v->text)
            tdi_buf_quoted(&q, v->text, strlen(v->text), TDI_QUOTE_MAX);
        if (q.failed || path.failed)
            ctx->out->failed = 1;
        else if (!v->text)
            tdi_report_container(ctx, task, c, ": %s is %s%s, not a boolean: set it to true",
                                 task->ro_key, v->what, when);
        else if (task->flavor == TDI_FLAVOR_ECS &&
                 (strcasecmp(v->text, "true") == 0 || strcasecmp(v->text, "false") == 0))
            tdi_report_container(ctx, task, c,
                                 ": %s is the string %s, but the ECS API accepts only a boolean: "
                                 "write true without quotes",
                                 task->ro_key, q.data);
        else
            tdi_report_container(ctx, task, c,
                                 ": %s is the string %s%s, not a boolean: set it to true",
                                 task->ro_key, q.data, when);
        tdi_relate_path(ctx, c->when, c->nwhen, v->when, v->nwhen);
        if (!q.failed && !path.failed)
            tdi_fix_td003_value(ctx, task, c, v);
        tdi_buf_free(&q);
        tdi_buf_free(&path);
        return; /* one finding per container */
    }
}

/* What Terraform's AWS provider does with key, a near-miss of the setting's
 * key, should this container definition reach it through file(). */
static const char *tf_reads(const char *key, const tdi_task *task)
{
    if (task->flavor == TDI_FLAVOR_CFN)
        return "";
    return strcasecmp(key, task->ro_key) == 0
               ? "; Terraform's AWS provider reads it, as it ignores letter case"
               : "; Terraform drops it";
}

/* Terraform: the AWS provider matches container definition keys ignoring
 * case, the last one winning, so another case of the key takes effect there
 * (or is overridden by a later one) while the ECS API and every other tool
 * need the exact name. */
static void tf_case(tdi_ctx *ctx, const tdi_task *task, const tdi_container *c,
                    const tdi_container *at, const char *quoted)
{
    if (strcmp(at->ro_pointer, c->ro_pointer) == 0)
        tdi_report_container(ctx, task, at,
                             ": %s takes effect in Terraform, whose AWS provider matches keys "
                             "ignoring case, but the ECS API and other tools read only \"%s\": "
                             "rename it",
                             quoted, task->ro_key);
    else
        tdi_report_container(ctx, task, at,
                             ": %s is overridden by a later key of another case: Terraform's AWS "
                             "provider matches keys ignoring case and keeps the last one: remove "
                             "it",
                             quoted);
}

void tdi_check_td003(tdi_ctx *ctx, const tdi_task *task)
{
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        if (!task->windows)
            check_value(ctx, task, c);
        for (size_t k = 0; k < c->ntypos; k++) {
            tdi_buf q;
            tdi_buf_init(&q);
            tdi_buf_quoted(&q, c->typos[k].key, strlen(c->typos[k].key), TDI_QUOTE_MAX);
            if (q.failed) {
                ctx->out->failed = 1;
            } else {
                tdi_container at = *c;
                at.ro_span = c->typos[k].span;
                at.ro_pointer = c->typos[k].pointer;
                if (task->terraform && !task->windows &&
                    strcasecmp(c->typos[k].key, task->ro_key) == 0)
                    tf_case(ctx, task, c, &at, q.data);
                else if (task->flavor == TDI_FLAVOR_CC && !task->windows)
                    tdi_report_container(ctx, task, &at,
                                         ": %s is not an attribute of awscc's container "
                                         "definitions, so Terraform rejects the configuration: "
                                         "did you mean \"%s\"?",
                                         q.data, task->ro_key);
                else if (task->terraform && !task->windows)
                    tdi_report_container(ctx, task, &at,
                                         ": %s is not a container definition key, so Terraform's "
                                         "AWS provider ignores it%s: did you mean \"%s\"?",
                                         q.data,
                                         c->ro_pointer == c->pointer
                                             ? " and the root filesystem stays writable"
                                             : "",
                                         task->ro_key);
                else if (task->windows) /* Windows does not support the setting at all */
                    tdi_report_container(ctx, task, &at,
                                         ": %s is not a container definition key, and Windows "
                                         "containers do not support %s: remove it",
                                         q.data, task->ro_key);
                else if (c->ro_pointer == c->pointer) /* the right key is missing */
                    tdi_report_container(ctx, task, &at,
                                         ": %s is not a container definition key, so the root "
                                         "filesystem stays writable: did you mean \"%s\"? (the "
                                         "AWS CLI and CloudFormation reject the key%s)",
                                         q.data, task->ro_key, tf_reads(c->typos[k].key, task));
                else
                    tdi_report_container(ctx, task, &at,
                                         ": %s is not a container definition key: did you mean "
                                         "\"%s\"? (the AWS CLI and CloudFormation reject it%s)",
                                         q.data, task->ro_key, tf_reads(c->typos[k].key, task));
                tdi_fix_td003_key(ctx, task, c, &c->typos[k]);
            }
            tdi_buf_free(&q);
        }
    }
    for (size_t i = 0; i < task->nopaque; i++) {
        const tdi_opaque *o = &task->opaque[i];
        if (!o->invalid)
            continue;
        tdi_report_opaque(ctx, task, o, "", ", not %s",
                          o->subject ? "a list of container definitions" : "a mapping");
        tdi_finding_unfixable(ctx->out, "tdlint cannot tell what was meant: write it by hand");
    }
}
