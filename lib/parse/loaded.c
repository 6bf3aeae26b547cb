/* What a load gives: its documents, or its error. */
#include "load.h"

int tdi_loaded_fail(tdi_loaded *out, tdi_load_status status, size_t start, size_t end,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = tdi_vformat(fmt, ap);
    va_end(ap);
    if (!msg)
        return TD_ENOMEM;
    tdi_free(out->error);
    out->error = msg;
    out->status = status;
    out->error_start = start;
    out->error_end = end < start ? start : end;
    return TD_OK;
}

int tdi_loaded_issue(tdi_loaded *out, size_t start, size_t end, const char *fmt, ...)
{
    if (tdi_grow((void **)&out->issues, &out->issues_cap, out->nissues + 1, sizeof *out->issues) <
        0)
        return TD_ENOMEM;
    va_list ap;
    va_start(ap, fmt);
    char *msg = tdi_vformat(fmt, ap);
    va_end(ap);
    if (!msg)
        return TD_ENOMEM;
    out->issues[out->nissues++] = (tdi_load_issue){msg, start, end < start ? start : end};
    return TD_OK;
}

void tdi_loaded_drop_docs(tdi_loaded *l)
{
    for (size_t i = 0; i < l->nissues; i++)
        tdi_free(l->issues[i].message);
    tdi_free(l->issues);
    l->issues = NULL;
    l->nissues = l->issues_cap = 0;
    for (size_t i = 0; i < l->ndocs; i++)
        tdi_doc_free(&l->docs[i]);
    tdi_free(l->docs);
    l->docs = NULL;
    l->ndocs = 0;
}

void tdi_loaded_free(tdi_loaded *l)
{
    if (!l)
        return;
    tdi_loaded_drop_docs(l);
    tdi_free(l->error);
    l->error = NULL;
    tdi_source_free(&l->src);
}
