/* A linted file: its findings, what it keeps of the task model (for
 * td_file_task, td_file_container and the filter) and the source lines the
 * emitters show. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

int tdi_file_new(const char *path, td_file **out)
{
    td_file *f = tdi_calloc(1, sizeof *f);
    if (!f)
        return TD_ENOMEM;
    tdi_arena_init(&f->strings);
    f->findings.strings = &f->strings;
    f->path = tdi_strdup(path ? path : "");
    if (!f->path) {
        tdi_free(f);
        return TD_ENOMEM;
    }
    *out = f;
    return TD_OK;
}

void td_file_free(td_file *f)
{
    if (!f)
        return;
    tdi_free(f->path);
    tdi_free(f->error);
    tdi_findings_free(&f->findings);
    tdi_free(f->ignores);
    tdi_free(f->infos);
    tdi_free(f->tasks);
    tdi_free(f->recognized);
    tdi_arena_free(&f->strings);
    tdi_free(f);
}

const char *td_file_path(const td_file *f)
{
    return f->path;
}
td_file_status td_file_get_status(const td_file *f)
{
    return f->status;
}
size_t td_file_task_count(const td_file *f)
{
    return f->ntasks;
}
size_t td_file_container_count(const td_file *f)
{
    return f->ncontainers;
}
size_t td_file_finding_count(const td_file *f)
{
    return f->findings.n;
}
const td_finding *td_file_finding(const td_file *f, size_t i)
{
    return i < f->findings.n ? &f->findings.v[i] : NULL;
}
const char *td_file_error(const td_file *f)
{
    return f->error;
}
int td_file_skippable(const td_file *f)
{
    return f->status == TD_FILE_SYNTAX_ERROR && !f->may_hold_task;
}
void td_file_skip(td_file *f)
{
    if (td_file_skippable(f))
        f->status = TD_FILE_SKIPPED;
}

int tdi_file_new_error(const char *path, td_file_status status, const char *message, td_file **out)
{
    td_file *file;
    *out = NULL;
    if (tdi_file_new(path, &file) < 0)
        return TD_ENOMEM;
    file->status = status;
    file->error = tdi_strdup(message);
    tdi_span span = {0, 0};
    if (file->error)
        tdi_finding_add(&file->findings, td_rule_find("TD000"), span, "", file->error, file->error);
    if (!file->error || file->findings.failed) {
        td_file_free(file);
        return TD_ENOMEM;
    }
    /* at 1:1: there is no source to locate it in */
    td_finding *f = &file->findings.v[0];
    f->start.line = f->start.column = f->end.line = f->end.column = 1;
    f->path = file->path;
    *out = file;
    return TD_OK;
}

int td_file_new_read_error(const char *display_path, const char *reason, td_file **out)
{
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_printf(&b, "cannot read the file: %s; check the path and its permissions", reason);
    *out = NULL;
    if (b.failed) {
        tdi_buf_free(&b);
        return TD_ENOMEM;
    }
    int err = tdi_file_new_error(display_path, TD_FILE_READ_ERROR, b.data, out);
    tdi_buf_free(&b);
    return err;
}

/* ---- what the file keeps of the task model ---- */

const char *td_volume_kind_name(td_volume_kind kind)
{
    static const char *const names[] = {"scratch", "host",  "efs",     "docker",
                                        "other",   "tmpfs", "unknown", "ebs-configured-at-launch"};
    return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "unknown";
}

static const char *keep_str(td_file *file, const char *s, int *fail)
{
    if (!s)
        return NULL;
    const char *d = tdi_arena_strdup(&file->strings, s);
    if (!d)
        *fail = 1;
    return d;
}

static const char *keep_buf(td_file *file, tdi_buf *b, int *fail)
{
    const char *d = b->failed ? NULL : keep_str(file, b->data ? b->data : "", fail);
    if (b->failed)
        *fail = 1;
    tdi_buf_free(b);
    return d;
}

/* Keeps what --verbose shows about task t's containers (td_file_container). */
static int keep_containers(td_file *file, const tdi_task *t)
{
    int fail = 0;
    for (size_t i = 0; i < t->ncontainers && !fail; i++) {
        const tdi_container *c = &t->containers[i];
        if (tdi_grow((void **)&file->infos, &file->infos_cap, file->ninfos + 1,
                     sizeof *file->infos) < 0)
            return TD_ENOMEM;
        td_container_info *info = &file->infos[file->ninfos];
        memset(info, 0, sizeof *info);
        info->task = keep_str(file, t->name, &fail);
        info->container = keep_str(file, c->name, &fail);
        info->name_expr = keep_str(file, c->name_expr, &fail);
        info->index = c->index;
        info->pointer = keep_str(file, c->pointer ? c->pointer : "", &fail);
        info->root_writable = tdi_root_writable(t, c);
        if (c->nwhen) {
            tdi_buf b;
            tdi_buf_init(&b);
            if (tdi_when_text(&b, c->when, c->nwhen) > 0)
                info->condition = keep_buf(file, &b, &fail);
            else
                tdi_buf_free(&b);
        }
        td_writable_path *paths =
            c->nwritable ? tdi_arena_alloc(&file->strings, c->nwritable * sizeof *paths) : NULL;
        if (c->nwritable && !paths)
            fail = 1;
        for (size_t k = 0; k < c->nwritable && !fail; k++) {
            const tdi_writable *w = &c->writable[k];
            td_writable_path *p = &paths[k];
            tdi_buf b;
            tdi_buf_init(&b);
            tdi_writable_how(&b, t, w);
            p->how = keep_buf(file, &b, &fail);
            p->path = keep_str(file, w->mount->path, &fail);
            p->volume =
                w->mount->kind == TDI_MOUNT_POINT ? keep_str(file, w->mount->source, &fail) : NULL;
            p->kind = tdi_writable_kind(w);
            if (p->kind == TD_VOLUME_HOST)
                p->host_path = keep_str(file, w->volume->host_path, &fail);
            p->computed = keep_str(file, w->computed, &fail);
        }
        info->writable = paths;
        info->nwritable = c->nwritable;
        file->ninfos++;
    }
    return fail ? TD_ENOMEM : TD_OK;
}

const td_container_info *td_file_container(const td_file *file, size_t i)
{
    return file && i < file->ninfos ? &file->infos[i] : NULL;
}

const td_task_info *td_file_task(const td_file *file, size_t i)
{
    return file && i < file->ntasks ? &file->tasks[i] : NULL;
}

/* Keeps task t's inline exceptions in the file, for the filter. */
static int keep_ignores(td_file *file, const tdi_task *t)
{
    for (size_t i = 0; i < t->nignores; i++) {
        if (tdi_grow((void **)&file->ignores, &file->ignores_cap, file->nignores + 1,
                     sizeof *file->ignores) < 0)
            return TD_ENOMEM;
        const tdi_ignore *src = &t->ignores[i];
        tdi_file_ignore *d = &file->ignores[file->nignores];
        memset(d, 0, sizeof *d);
        d->ignore.span = src->span;
        d->ignore.comment = src->comment;
        d->task = t->name ? tdi_arena_strdup(&file->strings, t->name) : NULL;
        d->ignore.rule = src->rule ? tdi_arena_strdup(&file->strings, src->rule) : NULL;
        d->ignore.reason = src->reason ? tdi_arena_strdup(&file->strings, src->reason) : NULL;
        if ((t->name && !d->task) || (src->rule && !d->ignore.rule) ||
            (src->reason && !d->ignore.reason))
            return TD_ENOMEM;
        if (src->containers) {
            const char **c = tdi_arena_alloc(&file->strings,
                                             (src->ncontainers ? src->ncontainers : 1) * sizeof *c);
            if (!c)
                return TD_ENOMEM;
            for (size_t k = 0; k < src->ncontainers; k++)
                if (!(c[k] = tdi_arena_strdup(&file->strings, src->containers[k])))
                    return TD_ENOMEM;
            d->ignore.containers = c;
            d->ignore.ncontainers = src->ncontainers;
        }
        file->nignores++;
    }
    return TD_OK;
}

/* Keeps what td_file_task tells about task t, before its containers are kept. */
static int keep_task_info(td_file *file, const tdi_task *t)
{
    if (tdi_grow((void **)&file->tasks, &file->tasks_cap, file->ntasks + 1, sizeof *file->tasks) <
        0)
        return TD_ENOMEM;
    td_task_info *info = &file->tasks[file->ntasks];
    memset(info, 0, sizeof *info);
    info->name = t->name ? tdi_arena_strdup(&file->strings, t->name) : NULL;
    info->pointer = tdi_arena_strdup(&file->strings, t->pointer ? t->pointer : "");
    info->first_container = file->ninfos;
    info->ncontainers = t->ncontainers;
    return (t->name && !info->name) || !info->pointer ? TD_ENOMEM : TD_OK;
}

int tdi_file_keep_task(td_file *file, const tdi_task *t)
{
    if (t->unread) /* nothing read: not a task the file tells of, but TD005 can be ignored */
        return keep_ignores(file, t);
    int err = keep_task_info(file, t);
    if (err == TD_OK) {
        file->ntasks++;
        file->ncontainers += t->ncontainers;
        err = keep_ignores(file, t);
    }
    if (err == TD_OK)
        err = keep_containers(file, t);
    return err;
}

int tdi_file_keep_notes(td_file *file, const tdi_model *model, const tdi_source *src,
                        size_t doc_index, size_t ndocs)
{
    for (size_t i = 0; i < model->nnotes; i++) {
        const tdi_note *n = &model->notes[i];
        if (tdi_grow((void **)&file->recognized, &file->recognized_cap, file->nrecognized + 1,
                     sizeof *file->recognized) < 0)
            return TD_ENOMEM;
        tdi_buf b;
        tdi_buf_init(&b);
        if (ndocs > 1)
            tdi_buf_printf(&b, "document %zu: ", doc_index + 1);
        tdi_buf_puts(&b, n->text);
        if (n->has_at) {
            td_position at = {0, 0, n->at.start};
            td_position *p = &at;
            tdi_source_positions(src, &p, 1);
            tdi_buf_printf(&b, "%lu:%lu", at.line, at.column);
        }
        tdi_buf_puts(&b, n->tail);
        int fail = 0;
        const char *line = keep_buf(file, &b, &fail);
        if (fail)
            return TD_ENOMEM;
        file->recognized[file->nrecognized++] = line;
    }
    return TD_OK;
}

const char *td_file_recognized(const td_file *file, size_t i)
{
    return file && i < file->nrecognized ? file->recognized[i] : NULL;
}

/* ---- source lines kept in a td_file ---- */

static int ulong_cmp(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return x < y ? -1 : x > y;
}

/* Whether path (of a finding or related location) is the file at want:
 * the same string, kept once per file. */
static int same_path(const char *path, const char *want)
{
    return path == want || (path && want && strcmp(path, want) == 0);
}

int tdi_file_keep_lines(td_file *file, const char *path, const tdi_source *src)
{
    size_t n = 0;
    for (size_t i = 0; i < file->findings.n; i++)
        n += 1 + file->findings.v[i].nrelated;
    if (n == 0 || !src->lines || src->nlines == 0)
        return TD_OK;
    unsigned long *nos = tdi_malloc(n * sizeof *nos);
    if (!nos)
        return TD_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < file->findings.n; i++) {
        const td_finding *f = &file->findings.v[i];
        if (same_path(f->path, path))
            nos[k++] = f->start.line;
        for (size_t r = 0; r < f->nrelated; r++)
            if (same_path(f->related[r].path, path))
                nos[k++] = f->related[r].start.line;
    }
    n = k;
    qsort(nos, n, sizeof *nos, ulong_cmp);
    size_t unique = 0;
    for (size_t i = 0; i < n; i++)
        if (nos[i] >= 1 && nos[i] <= src->nlines && (unique == 0 || nos[unique - 1] != nos[i]))
            nos[unique++] = nos[i];
    tdi_file_line *lines = tdi_arena_alloc(&file->strings, unique * sizeof *lines);
    int err = lines || unique == 0 ? TD_OK : TD_ENOMEM;
    for (size_t i = 0; i < unique && err == TD_OK; i++) {
        size_t start, len;
        tdi_source_line(src, nos[i] - 1, &start, &len);
        char *text = tdi_arena_alloc(&file->strings, len + 1);
        if (!text) {
            err = TD_ENOMEM;
            break;
        }
        memcpy(text, src->data + start, len);
        lines[i] = (tdi_file_line){nos[i], start, len, text};
    }
    tdi_free(nos);
    if (err < 0 || unique == 0)
        return err;
    if (same_path(path, file->path)) {
        file->lines = lines;
        file->nlines = unique;
        return TD_OK;
    }
    struct tdi_file_lines *o =
        tdi_arena_alloc(&file->strings, (file->nothers + 1) * sizeof *file->others);
    if (!o)
        return TD_ENOMEM;
    if (file->nothers)
        memcpy(o, file->others, file->nothers * sizeof *o);
    o[file->nothers++] = (struct tdi_file_lines){path, lines, unique};
    file->others = o;
    return TD_OK;
}

const tdi_file_line *tdi_file_line_find(const td_file *file, const char *path, unsigned long no)
{
    const tdi_file_line *v = file->lines;
    size_t lo = 0, hi = file->nlines;
    if (path && !same_path(path, file->path)) {
        hi = 0;
        for (size_t i = 0; i < file->nothers; i++)
            if (same_path(path, file->others[i].path)) {
                v = file->others[i].lines;
                hi = file->others[i].nlines;
            }
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].no == no)
            return &v[mid];
        if (v[mid].no < no)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

unsigned long tdi_byte_column(const td_file *file, const char *path, td_position p)
{
    const tdi_file_line *l = tdi_file_line_find(file, path, p.line);
    if (!l)
        return p.column;
    return p.offset > l->offset ? (unsigned long)(p.offset - l->offset) + 1 : 1;
}

const char *td_file_line(const td_file *file, unsigned long line, size_t *len)
{
    return td_file_line_in(file, NULL, line, len);
}

const char *td_file_line_in(const td_file *file, const char *path, unsigned long line, size_t *len)
{
    const tdi_file_line *l = file ? tdi_file_line_find(file, path, line) : NULL;
    if (len)
        *len = l ? l->len : 0;
    return l ? l->text : NULL;
}
