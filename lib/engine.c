/* The engine: a file's findings, loading, recognizing and running the rules. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

const char *td_level_name(td_level level)
{
    switch (level) {
    case TD_LEVEL_ERROR:
        return "error";
    case TD_LEVEL_WARNING:
        return "warning";
    case TD_LEVEL_NOTE:
        return "note";
    default:
        return "none";
    }
}

td_level td_level_parse(const char *name)
{
    if (!name)
        return TD_LEVEL_NONE;
    if (strcmp(name, "error") == 0)
        return TD_LEVEL_ERROR;
    if (strcmp(name, "warning") == 0)
        return TD_LEVEL_WARNING;
    if (strcmp(name, "note") == 0)
        return TD_LEVEL_NOTE;
    return TD_LEVEL_NONE;
}

size_t td_rule_count(void)
{
    return tdi_nrules;
}

const td_rule_info *td_rule_at(size_t i)
{
    return i < tdi_nrules ? &tdi_rules[i].info : NULL;
}

const td_rule_info *td_rule_find(const char *id)
{
    for (size_t i = 0; id && i < tdi_nrules; i++)
        if (strcasecmp(tdi_rules[i].info.id, id) == 0)
            return &tdi_rules[i].info;
    return NULL;
}

const char *td_jansson_version(void)
{
    return jansson_version_str();
}

const char *td_libyaml_version(void)
{
    return yaml_get_version_string();
}

/* ---- files and findings ---- */

int tdi_file_new(const char *path, td_file **out)
{
    td_file *f = tdi_calloc(1, sizeof *f);
    if (!f)
        return TD_ENOMEM;
    tdi_arena_init(&f->strings);
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
    tdi_free(f->findings);
    tdi_free(f->fps);
    tdi_free(f->ignores);
    tdi_free(f->infos);
    tdi_free(f->tasks);
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
    return f->nfindings;
}
const td_finding *td_file_finding(const td_file *f, size_t i)
{
    return i < f->nfindings ? &f->findings[i] : NULL;
}
const char *td_file_error(const td_file *f)
{
    return f->error;
}

/* The source text of span, for SARIF's region snippets; NULL for an empty
 * span or one longer than TDI_SNIPPET_MAX bytes (or out of memory: the
 * snippet is optional). */
#define TDI_SNIPPET_MAX 4096
static const char *snippet_of(td_file *file, const tdi_source *src, tdi_span span)
{
    if (!src->data || span.end <= span.start || span.end > src->len ||
        span.end - span.start > TDI_SNIPPET_MAX)
        return NULL;
    char *s = tdi_arena_alloc(&file->strings, span.end - span.start + 1);
    if (s)
        memcpy(s, src->data + span.start, span.end - span.start);
    return s;
}

/* The fingerprints given out in a file: an open-addressing set, so that a
 * file with many findings does not compare each with all before it. */
static int fp_seen(const td_file *file, uint64_t h)
{
    if (!file->fps_cap)
        return 0;
    h |= 1;
    for (size_t i = (size_t)(h ^ (h >> 29)) & (file->fps_cap - 1); file->fps[i];
         i = (i + 1) & (file->fps_cap - 1))
        if (file->fps[i] == h)
            return 1;
    return 0;
}

static int fp_add(td_file *file, uint64_t h)
{
    if ((file->fps_len + 1) * 2 > file->fps_cap) {
        size_t ncap = file->fps_cap ? file->fps_cap * 2 : 64;
        uint64_t *nt = tdi_calloc(ncap, sizeof *nt);
        if (!nt)
            return TD_ENOMEM;
        for (size_t i = 0; i < file->fps_cap; i++) {
            if (!file->fps[i])
                continue;
            size_t k = (size_t)(file->fps[i] ^ (file->fps[i] >> 29)) & (ncap - 1);
            while (nt[k])
                k = (k + 1) & (ncap - 1);
            nt[k] = file->fps[i];
        }
        tdi_free(file->fps);
        file->fps = nt;
        file->fps_cap = ncap;
    }
    /* stored with the low bit set so that 0 marks an empty slot (h and h ^ 1
     * count as one: a counter then tells them apart) */
    h |= 1;
    size_t k = (size_t)(h ^ (h >> 29)) & (file->fps_cap - 1);
    while (file->fps[k])
        k = (k + 1) & (file->fps_cap - 1);
    file->fps[k] = h;
    file->fps_len++;
    return TD_OK;
}

void tdi_report_at(td_file *file, const tdi_source *src, const char *rule_id, tdi_span span,
                   const char *pointer, const char *fp_key, const char *message)
{
    if (file->failed)
        return;
    const td_rule_info *rule = td_rule_find(rule_id);
    if (tdi_grow((void **)&file->findings, &file->cap, file->nfindings + 1,
                 sizeof *file->findings) < 0) {
        file->failed = 1;
        return;
    }
    td_finding *f = &file->findings[file->nfindings];
    memset(f, 0, sizeof *f);
    f->rule_id = rule ? rule->id : rule_id;
    f->level = rule ? rule->level : TD_LEVEL_ERROR;
    f->message = tdi_arena_strdup(&file->strings, message);
    f->pointer = tdi_arena_strdup(&file->strings, pointer ? pointer : "");
    f->start = tdi_source_position(src, span.start);
    f->end = tdi_source_position(src, span.end < span.start ? span.start : span.end);
    f->snippet = snippet_of(file, src, span);

    /* The fingerprint ignores positions so that edits elsewhere keep it; two
     * findings with the same key in one file are told apart by a counter. */
    uint64_t h = tdi_hash64(f->rule_id, strlen(f->rule_id) + 1, 0);
    h = tdi_hash64(fp_key ? fp_key : "", fp_key ? strlen(fp_key) : 0, h);
    uint64_t hn = h;
    for (unsigned n = 1; fp_seen(file, hn); n++)
        hn = tdi_hash64(&n, sizeof n, h);
    if (fp_add(file, hn) < 0) {
        file->failed = 1;
        return;
    }
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)hn);
    f->fingerprint = tdi_arena_strdup(&file->strings, hex);
    if (!f->message || !f->pointer || !f->fingerprint) {
        file->failed = 1;
        return;
    }
    file->nfindings++;
}

void tdi_report_related(tdi_ctx *ctx, tdi_span span, const char *fmt, ...)
{
    td_file *file = ctx->file;
    if (file->failed || file->nfindings == 0)
        return;
    td_finding *f = &file->findings[file->nfindings - 1];
    tdi_buf b;
    tdi_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    tdi_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    td_related *r = tdi_arena_alloc(&file->strings, (f->nrelated + 1) * sizeof *r);
    if (b.failed || !r || !(r[f->nrelated].message = tdi_arena_strdup(&file->strings, b.data))) {
        file->failed = 1;
        tdi_buf_free(&b);
        return;
    }
    tdi_buf_free(&b);
    if (f->nrelated)
        memcpy(r, f->related, f->nrelated * sizeof *r);
    r[f->nrelated].start = tdi_source_position(ctx->src, span.start);
    r[f->nrelated].end = tdi_source_position(ctx->src, span.end < span.start ? span.start : span.end);
    r[f->nrelated].snippet = snippet_of(file, ctx->src, span);
    f->related = r;
    f->nrelated++;
}

/* Records which task and container the finding reported last is about. */
static void tag_last(td_file *file, const char *task, const char *container)
{
    if (file->failed || file->nfindings == 0)
        return;
    td_finding *f = &file->findings[file->nfindings - 1];
    if (task && !(f->task = tdi_arena_strdup(&file->strings, task)))
        file->failed = 1;
    if (container && !(f->container = tdi_arena_strdup(&file->strings, container)))
        file->failed = 1;
}

void tdi_report(tdi_ctx *ctx, const char *rule_id, tdi_span span, const char *pointer,
                const char *fp_key, const char *fmt, ...)
{
    tdi_buf b;
    tdi_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    tdi_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (b.failed)
        ctx->file->failed = 1;
    else
        tdi_report_at(ctx->file, ctx->src, rule_id, span, pointer, fp_key, b.data);
    tdi_buf_free(&b);
}

static int finding_cmp(const void *a, const void *b)
{
    const td_finding *x = a, *y = b;
    if (x->start.line != y->start.line)
        return x->start.line < y->start.line ? -1 : 1;
    if (x->start.column != y->start.column)
        return x->start.column < y->start.column ? -1 : 1;
    int c = strcmp(x->rule_id, y->rule_id);
    if (c)
        return c;
    c = strcmp(x->message, y->message);
    if (c)
        return c;
    return strcmp(x->fingerprint, y->fingerprint);
}

void tdi_file_sort(td_file *file)
{
    if (file->nfindings > 1)
        qsort(file->findings, file->nfindings, sizeof *file->findings, finding_cmp);
}

/* ---- findings about containers ---- */

static void quote_task(tdi_buf *b, const tdi_task *task, const char *prep)
{
    if (task->name) {
        tdi_buf_printf(b, " %s task definition ", prep);
        tdi_buf_quoted(b, task->name, strlen(task->name), TDI_QUOTE_MAX);
    }
}

/* Reports with message = who + vformat(fmt), fingerprint key = fp. */
static void report_built(tdi_ctx *ctx, const char *rule_id, tdi_span span, const char *pointer,
                         const tdi_task *task, const char *container, tdi_buf *who, tdi_buf *fp,
                         const char *fmt, va_list ap)
{
    tdi_buf_vprintf(who, fmt, ap);
    if (who->failed || fp->failed) {
        ctx->file->failed = 1;
    } else {
        size_t before = ctx->file->nfindings;
        tdi_report_at(ctx->file, ctx->src, rule_id, span, pointer, fp->data, who->data);
        if (ctx->file->nfindings > before)
            tag_last(ctx->file, task->name, container);
    }
    tdi_buf_free(who);
    tdi_buf_free(fp);
}

/* Reports about container c at span: who = `container "web" in task
 * definition "Web"`, fingerprint = task, container (by name, else index), what. */
static void report_about(tdi_ctx *ctx, const char *rule_id, const tdi_task *task,
                         const tdi_container *c, tdi_span span, const char *pointer,
                         const char *fp_what, const char *fmt, va_list ap)
{
    tdi_buf who, fp;
    tdi_buf_init(&who);
    tdi_buf_init(&fp);
    if (c->name) {
        tdi_buf_puts(&who, "container ");
        tdi_buf_quoted(&who, c->name, strlen(c->name), TDI_QUOTE_MAX);
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
    report_built(ctx, rule_id, span, pointer, task, c->name, &who, &fp, fmt, ap);
}

void tdi_report_container(tdi_ctx *ctx, const char *rule_id, const tdi_task *task,
                          const tdi_container *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_about(ctx, rule_id, task, c, c->ro_span, c->ro_pointer, task->ro_key, fmt, ap);
    va_end(ap);
}

void tdi_report_at_container(tdi_ctx *ctx, const char *rule_id, const tdi_task *task,
                             const tdi_container *c, tdi_span span, const char *pointer,
                             const char *fp_what, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_about(ctx, rule_id, task, c, span, pointer, fp_what, fmt, ap);
    va_end(ap);
}

void tdi_report_opaque(tdi_ctx *ctx, const char *rule_id, const tdi_task *task,
                       const tdi_opaque *o, const char *fmt, ...)
{
    tdi_buf who, fp;
    tdi_buf_init(&who);
    tdi_buf_init(&fp);
    if (o->subject)
        tdi_buf_puts(&who, o->subject);
    else
        tdi_buf_printf(&who, "container definition #%zu", o->index + 1);
    quote_task(&who, task, "of");
    tdi_buf_printf(&fp, "%s\n%s", task->name ? task->name : "", o->pointer);
    va_list ap;
    va_start(ap, fmt);
    report_built(ctx, rule_id, o->span, o->pointer, task, NULL, &who, &fp, fmt, ap);
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
    td_file *file = ctx->file;
    if (file->nfindings == 0)
        return;
    const td_finding *f = &file->findings[file->nfindings - 1];
    td_position start = tdi_source_position(ctx->src, w->span.start);
    for (size_t i = 0; i < f->nrelated; i++)
        if (f->related[i].start.offset == start.offset)
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

void tdi_relate_path(tdi_ctx *ctx, const tdi_when *cw, size_t ncw, const tdi_when *vw,
                     size_t nvw)
{
    for (size_t i = 0; i < ncw; i++)
        relate_one(ctx, &cw[i]);
    for (size_t i = 0; i < nvw; i++)
        relate_one(ctx, &vw[i]);
}

/* ---- source lines kept in a td_file ---- */

static int ulong_cmp(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return x < y ? -1 : x > y;
}

int tdi_file_keep_lines(td_file *file, const tdi_source *src)
{
    size_t n = 0;
    for (size_t i = 0; i < file->nfindings; i++)
        n += 1 + file->findings[i].nrelated;
    if (n == 0 || !src->lines || src->nlines == 0)
        return TD_OK;
    unsigned long *nos = tdi_malloc(n * sizeof *nos);
    if (!nos)
        return TD_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < file->nfindings; i++) {
        const td_finding *f = &file->findings[i];
        nos[k++] = f->start.line;
        for (size_t r = 0; r < f->nrelated; r++)
            nos[k++] = f->related[r].start.line;
    }
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
    if (err == TD_OK) {
        file->lines = lines;
        file->nlines = unique;
    }
    return err;
}

const tdi_file_line *tdi_file_line_find(const td_file *file, unsigned long no)
{
    size_t lo = 0, hi = file->nlines;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (file->lines[mid].no == no)
            return &file->lines[mid];
        if (file->lines[mid].no < no)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

unsigned long tdi_byte_column(const td_file *file, td_position p)
{
    const tdi_file_line *l = tdi_file_line_find(file, p.line);
    if (!l)
        return p.column;
    return p.offset > l->offset ? (unsigned long)(p.offset - l->offset) + 1 : 1;
}

const char *td_file_line(const td_file *file, unsigned long line, size_t *len)
{
    const tdi_file_line *l = file ? tdi_file_line_find(file, line) : NULL;
    if (len)
        *len = l ? l->len : 0;
    return l ? l->text : NULL;
}

/* ---- what the file keeps of the task model ---- */

const char *td_volume_kind_name(td_volume_kind kind)
{
    static const char *const names[] = {"scratch", "host", "efs",    "docker",
                                        "other",   "tmpfs", "unknown"};
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
            p->volume = w->mount->kind == TDI_MOUNT_POINT ? keep_str(file, w->mount->source, &fail)
                                                          : NULL;
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

/* ---- linting ---- */

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
static int keep_task(td_file *file, const tdi_task *t)
{
    if (tdi_grow((void **)&file->tasks, &file->tasks_cap, file->ntasks + 1,
                 sizeof *file->tasks) < 0)
        return TD_ENOMEM;
    td_task_info *info = &file->tasks[file->ntasks];
    memset(info, 0, sizeof *info);
    info->name = t->name ? tdi_arena_strdup(&file->strings, t->name) : NULL;
    info->pointer = tdi_arena_strdup(&file->strings, t->pointer ? t->pointer : "");
    info->first_container = file->ninfos;
    info->ncontainers = t->ncontainers;
    return (t->name && !info->name) || !info->pointer ? TD_ENOMEM : TD_OK;
}

static int lint_loaded(const td_config *cfg, td_file *file, tdi_loaded *l)
{
    if (l->status != TDI_LOAD_OK) {
        file->status = l->status == TDI_LOAD_SYNTAX ? TD_FILE_SYNTAX_ERROR : TD_FILE_INVALID;
        file->error = tdi_strdup(l->error);
        if (!file->error)
            return TD_ENOMEM;
        tdi_span span = {l->error_start, l->error_end};
        tdi_report_at(file, &l->src, "TD000", span, "", l->error, l->error);
        return file->failed ? TD_ENOMEM : TD_OK;
    }
    for (size_t d = 0; d < l->ndocs; d++) {
        tdi_model model;
        int err = tdi_recognize(&l->docs[d], &model);
        if (err < 0)
            return err;
        tdi_ctx ctx = {file, &l->src, &l->docs[d], cfg};
        for (size_t t = 0; t < model.ntasks && err == TD_OK; t++) {
            err = keep_task(file, &model.tasks[t]);
            if (err < 0)
                break;
            file->ntasks++;
            file->ncontainers += model.tasks[t].ncontainers;
            for (size_t r = 0; r < tdi_nrules; r++)
                if (tdi_rules[r].check && td_config_rule_enabled(cfg, tdi_rules[r].info.id))
                    tdi_rules[r].check(&ctx, &model.tasks[t]);
            err = keep_ignores(file, &model.tasks[t]);
            if (err == TD_OK)
                err = keep_containers(file, &model.tasks[t]);
        }
        tdi_model_free(&model);
        if (err < 0 || file->failed || l->docs[d].index_err)
            return TD_ENOMEM;
    }
    return tdi_filter_apply(file, &l->src, cfg);
}

/* Keeps the first max findings (file sorted) and adds one TD000 error at the
 * first one left out that says how many more there are. */
static int cap_findings(td_file *file, const tdi_source *src, size_t max)
{
    if (file->nfindings <= max)
        return TD_OK;
    size_t more = file->nfindings - max;
    size_t at = file->findings[max].start.offset;
    file->nfindings = max;
    char msg[200];
    snprintf(msg, sizeof msg,
             "%zu more finding%s not shown, from here on: tdlint reports at most %zu per file "
             "(--max-findings raises it)",
             more, more == 1 ? "" : "s", max);
    tdi_report_at(file, src, "TD000", (tdi_span){at, at}, "", "max-findings", msg);
    return file->failed ? TD_ENOMEM : TD_OK;
}

/* A td_file that holds only a TD000 error at 1:1 with this message. */
static int file_error(const char *display_path, td_file_status status, const char *message,
                      td_file **out)
{
    td_file *file;
    *out = NULL;
    if (tdi_file_new(display_path, &file) < 0)
        return TD_ENOMEM;
    file->status = status;
    file->error = tdi_strdup(message);
    tdi_source src;
    memset(&src, 0, sizeof src);
    tdi_span span = {0, 0};
    if (file->error)
        tdi_report_at(file, &src, "TD000", span, "", file->error, file->error);
    if (!file->error || file->failed) {
        td_file_free(file);
        return TD_ENOMEM;
    }
    *out = file;
    return TD_OK;
}

static int too_big(const char *display_path, size_t max, td_file **out)
{
    char msg[200];
    snprintf(msg, sizeof msg,
             "the file is larger than %zu bytes, the most tdlint reads (--max-file-size raises "
             "it)",
             max);
    return file_error(display_path, TD_FILE_READ_ERROR, msg, out);
}

int td_lint_buffer(const td_config *cfg, const char *display_path, const void *data, size_t len,
                   td_file **out)
{
    return tdi_lint_buffer_flags(cfg, display_path, data, len, 1, out);
}

int tdi_lint_buffer_flags(const td_config *cfg, const char *display_path, const void *data,
                          size_t len, int prune, td_file **out)
{
    td_file *file;
    *out = NULL;
    td_limits lim;
    td_config_get_limits(cfg, &lim);
    if (len > lim.max_file_size)
        return too_big(display_path, lim.max_file_size, out);
    if (tdi_file_new(display_path, &file) < 0)
        return TD_ENOMEM;
    tdi_loaded l;
    tdi_load_options opt = {lim.max_depth, lim.max_aliases, prune ? &tdi_model_prune : NULL};
    int err = tdi_load(data ? data : "", data ? len : 0, &opt, &l);
    if (err == TD_OK)
        err = lint_loaded(cfg, file, &l);
    if (err == TD_OK) {
        tdi_file_sort(file);
        err = cap_findings(file, &l.src, lim.max_findings);
    }
    if (err == TD_OK) /* the source goes; emitters show the lines of the findings */
        err = tdi_file_keep_lines(file, &l.src);
    tdi_loaded_free(&l);
    if (err < 0) {
        td_file_free(file);
        return err;
    }
    tdi_file_sort(file);
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
    int err = file_error(display_path, TD_FILE_READ_ERROR, b.data, out);
    tdi_buf_free(&b);
    return err;
}

/* Reads the whole of fd (a regular file, a pipe, a terminal) into *data;
 * -EFBIG, before reading a regular file or as soon as the bytes read pass it,
 * when there are more than max. */
static int read_all(int fd, size_t max, char **data, size_t *len)
{
    struct stat st;
    size_t cap = 0, n = 0, want = 4096;
    char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        if ((unsigned long long)st.st_size > max)
            return -EFBIG;
        want = (size_t)st.st_size + 1; /* + 1: a read that returns 0 ends the loop */
    }
    if (tdi_grow((void **)&buf, &cap, want, 1) < 0)
        return -ENOMEM;
    tdi_prefault(buf, want);
    for (;;) {
        if (n == cap && tdi_grow((void **)&buf, &cap, cap + 1, 1) < 0) {
            tdi_free(buf);
            return -ENOMEM;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            tdi_free(buf);
            return -e;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > max) { /* a pipe, a device, or a file that grows while read */
            tdi_free(buf);
            return -EFBIG;
        }
    }
    *data = buf;
    *len = n;
    return 0;
}

int td_lint_fd(const td_config *cfg, int fd, const char *display_path, td_file **out)
{
    char why[128];
    char *data = NULL;
    size_t len = 0;
    td_limits lim;
    td_config_get_limits(cfg, &lim);
    int r = read_all(fd, lim.max_file_size, &data, &len);
    if (r == -ENOMEM)
        return TD_ENOMEM;
    if (r == -EFBIG)
        return too_big(display_path, lim.max_file_size, out);
    if (r < 0)
        return td_file_new_read_error(display_path, tdi_strerror(-r, why, sizeof why), out);
    int err = td_lint_buffer(cfg, display_path, data, len, out);
    tdi_free(data);
    return err;
}

int td_lint_path(const td_config *cfg, const char *fs_path, const char *display_path,
                 td_file **out)
{
    char why[128];
    if (!display_path)
        display_path = fs_path;
    int fd = open(fs_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return td_file_new_read_error(display_path, tdi_strerror(errno, why, sizeof why), out);
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return td_file_new_read_error(display_path, tdi_strerror(EISDIR, why, sizeof why),
                                      out);
    }
    int err = td_lint_fd(cfg, fd, display_path, out);
    close(fd);
    return err;
}
