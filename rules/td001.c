/* TD001 writable-root-filesystem: one finding per container whose root
 * filesystem is, or on some deployment path can be, writable: the setting
 * missing, false, null, removed by AWS::NoValue, or in CloudFormation the
 * string "false". Windows tasks are TD004's; a container whose only
 * root-filesystem key is misspelt is TD003's (one finding for one mistake),
 * unless TD003 is turned off. */
#include "rules.h"

#include <string.h>

static int writable(tdi_ro_kind k)
{
    return k == TDI_RO_MISSING || k == TDI_RO_FALSE || k == TDI_RO_NULL || k == TDI_RO_STRING_FALSE;
}

/* "ReadonlyRootFilesystem is false" and the like. */
static void describe(tdi_buf *b, const tdi_task *t, const tdi_container *c, const tdi_ro_value *v)
{
    tdi_buf_printf(b, "%s ", t->ro_key);
    switch (v->kind) {
    case TDI_RO_MISSING:
        /* the key written with Ref AWS::NoValue, or not written at all */
        tdi_buf_puts(b, c->ro_pointer != c->pointer ? "is AWS::NoValue" : "is not set");
        break;
    case TDI_RO_FALSE:
        tdi_buf_puts(b, "is false");
        break;
    case TDI_RO_NULL:
        tdi_buf_puts(b, "is null");
        break;
    default:
        tdi_buf_puts(b, "is ");
        tdi_buf_quoted(b, v->text, strlen(v->text), TDI_QUOTE_MAX);
    }
}

void tdi_check_td001(tdi_ctx *ctx, const tdi_task *task)
{
    if (task->windows)
        return;
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        if (ctx->typos_reported && c->ntypos && c->ro_pointer == c->pointer)
            continue; /* only a misspelt key: TD003 says it stays writable, once */
        tdi_buf why, path;
        tdi_buf_init(&why);
        size_t nwritable = 0, always = 0;
        for (size_t k = 0; k < c->nro; k++) {
            if (!writable(c->ro[k].kind))
                continue;
            tdi_buf_init(&path);
            size_t phrases = tdi_value_path(&path, c, &c->ro[k]);
            if (phrases == 0 && !always) {
                /* writable whatever the conditions: that alone is the message */
                always = 1;
                tdi_buf_free(&why);
                tdi_buf_init(&why);
                tdi_buf_puts(&why, " (");
                describe(&why, task, c, &c->ro[k]);
                tdi_buf_putc(&why, ')');
            } else if (!always) {
                tdi_buf_puts(&why, nwritable ? ", or when " : " when ");
                tdi_buf_add(&why, path.data, path.len);
                tdi_buf_puts(&why, " (");
                describe(&why, task, c, &c->ro[k]);
                tdi_buf_putc(&why, ')');
            }
            if (path.failed)
                why.failed = 1;
            tdi_buf_free(&path);
            nwritable++;
        }
        if (nwritable == 0) {
            tdi_buf_free(&why);
            continue;
        }
        if (why.failed) {
            ctx->out->failed = 1;
        } else {
            tdi_report_container(ctx, task, c,
                                 " has a writable root filesystem%s: set %s to true and mount a "
                                 "volume on each path it writes",
                                 why.data, task->ro_key);
            for (size_t k = 0; k < c->nro; k++)
                if (writable(c->ro[k].kind))
                    tdi_relate_path(ctx, c->when, c->nwhen, c->ro[k].when, c->ro[k].nwhen);
            tdi_fix_td001(ctx, task, c);
        }
        tdi_buf_free(&why);
    }
}
