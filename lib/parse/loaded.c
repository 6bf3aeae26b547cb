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
    out->issues[out->nissues++] =
        (tdi_load_issue){msg, start, end < start ? start : end, SIZE_MAX, NULL};
    return TD_OK;
}

static char *format(const char *fmt, ...) TDI_PRINTF(1, 2);
static char *format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = tdi_vformat(fmt, ap);
    va_end(ap);
    return s;
}

/* Records a duplicate whose message starts with head. */
static int duplicate(tdi_loaded *out, size_t start, size_t end, size_t also_at, const char *tail,
                     char *head)
{
    int err = head ? tdi_loaded_issue(out, start, end, "%s", head) : TD_ENOMEM;
    tdi_free(head);
    if (err < 0)
        return TD_ENOMEM;
    tdi_load_issue *is = &out->issues[out->nissues - 1];
    if (!tail)
        tail = out->opt.duplicate_tail;
    is->tail = tail;
    if (also_at == SIZE_MAX) { /* complete now */
        char *msg = format("%s%s", is->message, tail ? tail : TDI_DUPLICATE_TAIL);
        if (!msg)
            return TD_ENOMEM;
        tdi_free(is->message);
        is->message = msg;
        return TD_OK;
    }
    is->also_at = also_at;
    return TD_OK;
}

int tdi_loaded_duplicate(tdi_loaded *out, size_t start, size_t end, size_t also_at, const char *fmt,
                         ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *head = tdi_vformat(fmt, ap);
    va_end(ap);
    return duplicate(out, start, end, also_at, NULL, head);
}

int tdi_loaded_duplicate_tail(tdi_loaded *out, size_t start, size_t end, size_t also_at,
                              const char *tail, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *head = tdi_vformat(fmt, ap);
    va_end(ap);
    return duplicate(out, start, end, also_at, tail, head);
}

int tdi_loaded_finish_issues(tdi_loaded *out, const tdi_source *src)
{
    size_t n = 0;
    for (size_t i = 0; i < out->nissues; i++)
        n += out->issues[i].also_at != SIZE_MAX;
    if (n == 0)
        return TD_OK;
    td_position *pos = tdi_calloc(n, sizeof *pos);
    td_position **pp = tdi_calloc(n, sizeof *pp);
    if (!pos || !pp) {
        tdi_free(pos);
        tdi_free(pp);
        return TD_ENOMEM;
    }
    for (size_t i = 0, k = 0; i < out->nissues; i++)
        if (out->issues[i].also_at != SIZE_MAX) {
            pos[k].offset = out->issues[i].also_at;
            pp[k] = &pos[k];
            k++;
        }
    tdi_source_positions(src, pp, n); /* one sweep, in order of offset */
    int err = TD_OK;
    for (size_t i = 0, k = 0; i < out->nissues && err == TD_OK; i++) {
        tdi_load_issue *is = &out->issues[i];
        if (is->also_at == SIZE_MAX)
            continue;
        char *msg = format("%s (also at line %lu)%s", is->message, pos[k++].line,
                           is->tail ? is->tail : TDI_DUPLICATE_TAIL);
        if (!msg) {
            err = TD_ENOMEM;
            break;
        }
        tdi_free(is->message);
        is->message = msg;
        is->also_at = SIZE_MAX;
    }
    tdi_free(pos);
    tdi_free(pp);
    return err;
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
    tdi_free(l->owned);
    l->owned = NULL;
    tdi_free(l->comments);
    l->comments = NULL;
    l->ncomments = 0;
}

int tdi_loaded_shift(tdi_loaded *l, size_t base)
{
    for (size_t d = 0; d < l->ndocs; d++) {
        int err = tdi_doc_shift(&l->docs[d], base);
        if (err < 0)
            return err;
    }
    l->error_start += base;
    l->error_end += base;
    for (size_t i = 0; i < l->nissues; i++) {
        l->issues[i].start += base;
        l->issues[i].end += base;
    }
    for (size_t i = 0; i < l->ncomments; i++) {
        l->comments[i].start += base;
        l->comments[i].end += base;
    }
    return TD_OK;
}
