/* What the checks share: findings about a container or an opaque entry,
 * with the message that names them and a fingerprint that does not depend
 * on positions, and the related locations of a deployment path. */
#include "rules.h"

#include <string.h>

void tdi_report_related(tdi_ctx *ctx, tdi_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = tdi_vformat(fmt, ap);
    va_end(ap);
    if (!msg)
        ctx->out->failed = 1;
    else
        tdi_finding_relate(ctx->out, span, msg);
    tdi_free(msg);
}

static void quote_task(tdi_buf *b, const tdi_task *task, const char *prep)
{
    if (task->terraform) { /* its address, as Terraform writes it */
        tdi_buf_printf(b, " %s ", prep);
        tdi_buf_escaped(b, task->name, strlen(task->name), TDI_QUOTE_MAX);
    } else if (task->name) {
        tdi_buf_printf(b, " %s task definition ", prep);
        tdi_buf_quoted(b, task->name, strlen(task->name), TDI_QUOTE_MAX);
    }
}

/* Reports with message = who + vformat(fmt), fingerprint key = fp. */
static void report_built(tdi_ctx *ctx, tdi_span span, const char *pointer, const tdi_task *task,
                         const char *container, tdi_buf *who, tdi_buf *fp, const char *fmt,
                         va_list ap)
{
    tdi_buf_vprintf(who, fmt, ap);
    if (who->failed || fp->failed) {
        ctx->out->failed = 1;
    } else {
        size_t before = ctx->out->n;
        tdi_finding_add(ctx->out, ctx->rule, span, pointer, fp->data, who->data);
        if (ctx->out->n > before)
            tdi_finding_about(ctx->out, task->name, container, task->terraform != 0);
    }
    tdi_buf_free(who);
    tdi_buf_free(fp);
}

/* Reports about container c at span: who = `container "web" in task
 * definition "Web"`, fingerprint = task, container (by name, else index), what. */
static void report_about(tdi_ctx *ctx, const tdi_task *task, const tdi_container *c, tdi_span span,
                         const char *pointer, const char *fp_what, const char *fmt, va_list ap)
{
    tdi_buf who, fp;
    tdi_buf_init(&who);
    tdi_buf_init(&fp);
    if (c->name) {
        tdi_buf_puts(&who, "container ");
        tdi_buf_quoted(&who, c->name, strlen(c->name), TDI_QUOTE_MAX);
    } else if (c->name_expr) { /* the expression that computes it: the same for JSON and YAML */
        tdi_buf_printf(&who, "container %s", c->name_expr);
    } else {
        tdi_buf_printf(&who, "container #%zu (no name)", c->index + 1);
    }
    quote_task(&who, task, "in");
    tdi_buf_printf(&fp, "%s\n", task->name ? task->name : "");
    if (c->name)
        tdi_buf_puts(&fp, c->name);
    else
        tdi_buf_printf(&fp, "#%zu", c->index);
    tdi_buf_printf(&fp, "\n%s", fp_what ? fp_what : "");
    report_built(ctx, span, pointer, task, c->name, &who, &fp, fmt, ap);
}

void tdi_report_container(tdi_ctx *ctx, const tdi_task *task, const tdi_container *c,
                          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_about(ctx, task, c, c->ro_span, c->ro_pointer, task->ro_key, fmt, ap);
    va_end(ap);
}

void tdi_report_at_container(tdi_ctx *ctx, const tdi_task *task, const tdi_container *c,
                             tdi_span span, const char *pointer, const char *fp_what,
                             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_about(ctx, task, c, span, pointer, fp_what, fmt, ap);
    va_end(ap);
}

void tdi_report_opaque(tdi_ctx *ctx, const tdi_task *task, const tdi_opaque *o, const char *how,
                       const char *fmt, ...)
{
    tdi_buf who, fp;
    tdi_buf_init(&who);
    tdi_buf_init(&fp);
    if (o->subject)
        tdi_buf_puts(&who, o->subject);
    else
        tdi_buf_printf(&who, "container definition #%zu", o->index + 1);
    quote_task(&who, task, "of");
    tdi_buf_printf(&who, " is %s%s", how, o->what);
    if (o->nwhen) {
        tdi_buf path;
        tdi_buf_init(&path);
        if (tdi_when_text(&path, o->when, o->nwhen) > 0)
            tdi_buf_printf(&who, " when %s", path.data);
        if (path.failed)
            who.failed = 1;
        tdi_buf_free(&path);
    }
    tdi_buf_printf(&fp, "%s\n%s", task->name ? task->name : "", o->pointer);
    va_list ap;
    va_start(ap, fmt);
    report_built(ctx, o->span, o->pointer, task, NULL, &who, &fp, fmt, ap);
    va_end(ap);
}

size_t tdi_value_path(tdi_buf *b, const tdi_container *c, const tdi_ro_value *v)
{
    size_t n = tdi_when_text(b, c->when, c->nwhen);
    tdi_buf tail;
    tdi_buf_init(&tail);
    size_t m = v ? tdi_when_text(&tail, v->when, v->nwhen) : 0;
    if (n && m)
        tdi_buf_puts(b, " and ");
    if (m)
        tdi_buf_add(b, tail.data, tail.len);
    if (tail.failed)
        b->failed = 1;
    tdi_buf_free(&tail);
    return n + m;
}

static void relate_one(tdi_ctx *ctx, const tdi_when *w)
{
    if (ctx->out->n == 0)
        return;
    const td_finding *f = &ctx->out->v[ctx->out->n - 1];
    for (size_t i = 0; i < f->nrelated; i++)
        if (f->related[i].start.offset == w->span.start)
            return;
    switch (w->kind) {
    case TDI_WHEN_CONDITION:
        tdi_report_related(ctx, w->span, "this branch applies when condition %s is %s", w->name,
                           w->truth ? "true" : "false");
        break;
    case TDI_WHEN_PARAMETER:
        tdi_report_related(ctx, w->span, "parameter %s %s this value", w->name,
                           w->truth ? "defaults to" : "allows");
        break;
    case TDI_WHEN_MAPPING:
        tdi_report_related(ctx, w->span, "mapping %s gives this value", w->name);
        break;
    }
}

void tdi_relate_path(tdi_ctx *ctx, const tdi_when *cw, size_t ncw, const tdi_when *vw, size_t nvw)
{
    for (size_t i = 0; i < ncw; i++)
        relate_one(ctx, &cw[i]);
    for (size_t i = 0; i < nvw; i++)
        relate_one(ctx, &vw[i]);
}
