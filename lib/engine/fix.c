/* Applying fixes: the edits of a file's findings to its text, in one pass,
 * and rounds of linting and fixing until nothing fixable is left. */
#include "engine.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const td_finding *f;
    size_t start; /* its first edit's start */
} fix_ref;

static int fix_cmp(const void *a, const void *b)
{
    const fix_ref *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return strcmp(x->f->fingerprint, y->f->fingerprint);
}

/* Whether f's edits lie in order within [0, len], none before the previous
 * one's end, and the first after `from` when a fix came before: an edit
 * starting where the one before ended would make their order depend on
 * which was taken first, so it waits for the next round. -1 when an edit
 * lies outside the text. */
static int fix_fits(const td_finding *f, size_t from, int have_prev, size_t len)
{
    for (size_t i = 0; i < f->nedits; i++) {
        const td_edit *e = &f->edits[i];
        if (e->end.offset < e->start.offset || e->end.offset > len)
            return -1;
        if (i > 0 ? e->start.offset < from : have_prev && e->start.offset <= from)
            return 0;
        from = e->end.offset;
    }
    return 1;
}

int td_fix_apply(const td_file *file, const void *data, size_t len, char **out, size_t *out_len,
                 size_t *napplied)
{
    const char *text = data ? data : "";
    size_t n = 0;
    *out = NULL;
    *out_len = 0;
    if (napplied)
        *napplied = 0;
    for (size_t i = 0; i < file->findings.n; i++)
        n += file->findings.v[i].nedits > 0;
    fix_ref *refs = n ? tdi_malloc(n * sizeof *refs) : NULL;
    if (n && !refs)
        return TD_ENOMEM;
    n = 0;
    for (size_t i = 0; i < file->findings.n; i++) {
        const td_finding *f = &file->findings.v[i];
        if (f->nedits)
            refs[n++] = (fix_ref){f, f->edits[0].start.offset};
    }
    if (n > 1)
        qsort(refs, n, sizeof *refs, fix_cmp);
    tdi_buf b;
    tdi_buf_init(&b);
    size_t at = 0, applied = 0;
    int have_prev = 0, err = TD_OK;
    for (size_t i = 0; i < n && err == TD_OK; i++) {
        const td_finding *f = refs[i].f;
        int fits = fix_fits(f, at, have_prev, len);
        if (fits < 0)
            err = TD_EINVAL;
        if (fits <= 0)
            continue;
        for (size_t k = 0; k < f->nedits; k++) {
            const td_edit *e = &f->edits[k];
            tdi_buf_add(&b, text + at, e->start.offset - at);
            tdi_buf_puts(&b, e->text);
            at = e->end.offset;
        }
        have_prev = 1;
        applied++;
    }
    tdi_free(refs);
    if (at < len)
        tdi_buf_add(&b, text + at, len - at);
    tdi_buf_add(&b, "", 0); /* a buffer even for an empty text */
    if (err == TD_OK && b.failed)
        err = TD_ENOMEM;
    if (err < 0) {
        tdi_buf_free(&b);
        return err;
    }
    /* the caller frees with free(): copy out of tdlint's allocator */
    char *copy = malloc(b.len + 1);
    if (!copy) {
        tdi_buf_free(&b);
        return TD_ENOMEM;
    }
    memcpy(copy, b.data, b.len);
    copy[b.len] = '\0';
    *out = copy;
    *out_len = b.len;
    if (napplied)
        *napplied = applied;
    tdi_buf_free(&b);
    return TD_OK;
}

int td_fix_buffer(const td_config *cfg, const char *display_path, const void *data, size_t len,
                  char **fixed, size_t *fixed_len, size_t *nfixed, td_file **out)
{
    char *text = NULL;
    size_t text_len = 0, total = 0;
    td_file *file = NULL;
    *fixed = NULL;
    *fixed_len = 0;
    *out = NULL;
    if (nfixed)
        *nfixed = 0;
    const void *cur = data ? data : "";
    size_t cur_len = data ? len : 0;
    for (int round = 0;; round++) {
        int err = tdi_lint_buffer_max(cfg, display_path, cur, cur_len, 1, SIZE_MAX, &file);
        size_t applied = 0;
        char *next = NULL;
        size_t next_len = 0;
        if (err == TD_OK)
            err = td_fix_apply(file, cur, cur_len, &next, &next_len, &applied);
        if (err < 0) {
            td_file_free(file);
            free(text);
            return TD_ENOMEM;
        }
        if (applied == 0 || round + 1 == TD_FIX_ROUNDS) {
            /* what remains is what this round found; a fix of the last round
             * is not applied, so that the findings are those of the text */
            free(next);
            if (!text) {
                text = malloc(cur_len + 1);
                if (!text) {
                    td_file_free(file);
                    return TD_ENOMEM;
                }
                memcpy(text, cur, cur_len);
                text[cur_len] = '\0';
                text_len = cur_len;
            }
            break;
        }
        td_file_free(file);
        file = NULL;
        free(text);
        text = next;
        text_len = next_len;
        total += applied;
        cur = text;
        cur_len = text_len;
    }
    /* the findings that remain, as many as the configuration keeps */
    td_limits lim;
    td_config_get_limits(cfg, &lim);
    if (file->findings.n > lim.max_findings) {
        td_file_free(file);
        if (td_lint_buffer(cfg, display_path, text, text_len, &file) < 0) {
            free(text);
            return TD_ENOMEM;
        }
    }
    *fixed = text;
    *fixed_len = text_len;
    *out = file;
    if (nfixed)
        *nfixed = total;
    return TD_OK;
}
