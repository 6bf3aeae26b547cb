/* Linting a file: load it, find its task definitions, run the enabled
 * rules on each and filter what they found; then keep the first
 * --max-findings of them in position order, and only for those work out
 * lines and columns (one sweep over the text), snippets and the source
 * lines the emitters show. */
#include "engine.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A TD000 finding over span with message, fingerprinted by fp_key. */
static int input_error(td_file *file, tdi_span span, const char *fp_key, const char *message)
{
    tdi_finding_add(&file->findings, td_rule_find("TD000"), span, "", fp_key, message);
    return file->findings.failed ? TD_ENOMEM : TD_OK;
}

/* A file that could not be parsed: one TD000 error, and whether the file
 * could hold a task definition (else the command skips it unless --strict).
 * A syntax error in a template says so (not in HCL, where ${ } is syntax). */
static int unparsed(td_file *file, tdi_loaded *l)
{
    tdi_span span = {l->error_start, l->error_end};
    tdi_buf msg;
    tdi_buf_init(&msg);
    tdi_buf_puts(&msg, l->error ? l->error : "");
    if (l->status == TDI_LOAD_SYNTAX && !l->opt.hcl &&
        tdi_template_note(&l->src, span.start, &msg) < 0)
        msg.failed = 1;
    file->status = l->status == TDI_LOAD_SYNTAX ? TD_FILE_SYNTAX_ERROR : TD_FILE_INVALID;
    file->may_hold_task = tdi_may_hold_task(file->path, l->opt.hcl, l->src.data, l->src.len);
    file->error = msg.failed ? NULL : tdi_strdup(msg.data);
    tdi_buf_free(&msg);
    if (!file->error)
        return TD_ENOMEM;
    return input_error(file, span, file->error, file->error);
}

/* Takes their fixes from suppressed findings, and from every finding of a
 * file with a TD000 error (a duplicate key, a broken inline exception):
 * tdlint fixes only files it reads whole. */
static int keep_fixes(td_file *file)
{
    tdi_findings *fs = &file->findings;
    int input_errors = 0;
    for (size_t i = 0; i < fs->n; i++)
        input_errors |= strcmp(fs->v[i].rule_id, "TD000") == 0;
    for (size_t i = 0; i < fs->n; i++) {
        td_finding *f = &fs->v[i];
        if (!f->nedits || (!f->suppressed && !input_errors))
            continue;
        f->edits = NULL;
        f->nedits = 0;
        f->fix = NULL;
        f->unfixable = tdi_arena_strdup(
            &file->strings, f->suppressed ? "the finding is suppressed"
                                          : "the file has a TD000 error: fix it, then run --fix");
        if (!f->unfixable)
            return TD_ENOMEM;
    }
    return TD_OK;
}

/* The errors and duplicate keys of a document inside a string (Terraform's
 * container_definitions): TD000 errors where they are written. */
static int embedded_errors(td_file *file, const tdi_loaded *e)
{
    int err = TD_OK;
    if (e->status != TDI_LOAD_OK) {
        tdi_buf msg;
        tdi_buf_init(&msg);
        tdi_buf_printf(&msg, "container_definitions is not JSON: %s", e->error ? e->error : "");
        err = msg.failed
                  ? TD_ENOMEM
                  : input_error(file, (tdi_span){e->error_start, e->error_end}, msg.data, msg.data);
        tdi_buf_free(&msg);
    }
    for (size_t i = 0; i < e->nissues && err == TD_OK; i++)
        err = input_error(file, (tdi_span){e->issues[i].start, e->issues[i].end},
                          e->issues[i].message, e->issues[i].message);
    return err;
}

/* The file other than the linted one (own_len bytes) that offset o is in, or NULL. */
static const tdi_file_ref *ref_at(const tdi_refs *x, size_t own_len, size_t o)
{
    size_t k = x && o > own_len ? tdi_refs_at(x, o) : 0;
    return k ? x->v[k - 1] : NULL;
}

/* Each finding from first on that is in a file other than the linted one
 * gets a related location in the linted file, where it leads there: the
 * file() or templatefile() call that reads it, or (another .tf file of the
 * module: a local, a variable's default) the container_definitions of
 * Terraform task t (may be NULL). */
static int relate_to_linted(td_file *file, const tdi_refs *refs, size_t own_len, size_t first,
                            const tdi_task *t)
{
    tdi_findings *fs = &file->findings;
    int err = TD_OK;
    for (size_t i = first; refs && i < fs->n && err == TD_OK; i++) {
        const tdi_file_ref *f = ref_at(refs, own_len, fs->v[i].start.offset);
        int by_call = f && f->contains;
        if (!f || (!by_call && (!t || t->terraform != TDI_TF_CONFIG || t->cdefs_span.end == 0)))
            continue;
        tdi_buf msg;
        tdi_buf_init(&msg);
        if (by_call)
            tdi_buf_printf(&msg, "read by %s", f->via_what);
        else
            tdi_buf_printf(&msg, "container_definitions of %s, which leads there", t->name);
        if (!msg.failed)
            tdi_finding_relate_at(fs, i, by_call ? f->via : t->cdefs_span, msg.data);
        err = msg.failed || fs->failed ? TD_ENOMEM : TD_OK;
        tdi_buf_free(&msg);
    }
    return err;
}

/* The errors of the files that Terraform's file() and templatefile() read:
 * TD000 where they are, related to the call. */
static int ref_errors(td_file *file, const tdi_refs *x, size_t own_len)
{
    size_t first = file->findings.n;
    int err = TD_OK;
    for (size_t i = 0; x && i < x->n && err == TD_OK; i++) {
        const tdi_file_ref *f = x->v[i];
        if (f->contains && !f->why && !f->quiet)
            err = embedded_errors(file, &f->loaded);
    }
    return err == TD_OK ? relate_to_linted(file, x, own_len, first, NULL) : err;
}

static int lint_loaded(const td_config *cfg, td_file *file, tdi_loaded *l, tdi_refs *refs)
{
    if (l->status != TDI_LOAD_OK)
        return unparsed(file, l);
    /* problems that leave the file usable (duplicate keys): reported, and the
     * file is linted as a deployer reads it */
    size_t first = 0; /* the file's error is the first in the text (JSON's come key by key) */
    for (size_t i = 1; i < l->nissues; i++)
        if (l->issues[i].start < l->issues[first].start)
            first = i;
    for (size_t i = 0; i < l->nissues; i++) {
        const tdi_load_issue *is = &l->issues[i];
        if (i == first) {
            file->status = TD_FILE_INVALID;
            file->error = tdi_strdup(is->message);
            if (!file->error)
                return TD_ENOMEM;
        }
        int err = input_error(file, (tdi_span){is->start, is->end}, is->message, is->message);
        if (err < 0)
            return err;
    }
    for (size_t d = 0; d < l->ndocs; d++) {
        tdi_model model;
        int err = tdi_recognize(l, d, refs ? &refs->fs : NULL, &model);
        if (err < 0)
            return err;
        for (size_t e = 0; e < model.nembedded && err == TD_OK; e++)
            err = embedded_errors(file, model.embedded[e]);
        err = tdi_file_keep_notes(file, &model, &l->src, d, l->ndocs);
        tdi_ctx ctx = {0};
        ctx.out = &file->findings;
        ctx.doc = &l->docs[d];
        ctx.typos_reported = td_config_rule_enabled(cfg, "TD003");
        ctx.src = &l->src;
        if (cfg) {
            ctx.system_paths = cfg->system_paths;
            ctx.nsystem_paths = cfg->nsystem_paths;
        }
        for (size_t t = 0; t < model.ntasks && err == TD_OK; t++) {
            err = tdi_file_keep_task(file, &model.tasks[t]);
            size_t task_first = file->findings.n;
            for (size_t r = 0; r < tdi_nrules && err == TD_OK; r++) {
                if (!tdi_rules[r].check || !td_config_rule_enabled(cfg, tdi_rules[r].info.id))
                    continue;
                ctx.rule = &tdi_rules[r].info;
                tdi_rules[r].check(&ctx, &model.tasks[t]);
            }
            if (err == TD_OK)
                err = relate_to_linted(file, refs, l->src.len, task_first, &model.tasks[t]);
        }
        tdi_model_free(&model);
        if (err < 0 || file->findings.failed || l->docs[d].index_err)
            return TD_ENOMEM;
    }
    int err = ref_errors(file, refs, l->src.len);
    if (err == TD_OK)
        err = tdi_filter_apply(file, cfg);
    return err < 0 ? err : keep_fixes(file);
}

/* ---- keeping and locating the findings ---- */

static int by_text(const td_finding *x, const td_finding *y)
{
    int c = strcmp(x->rule_id, y->rule_id);
    if (c)
        return c;
    c = strcmp(x->message, y->message);
    if (c)
        return c;
    return strcmp(x->fingerprint, y->fingerprint);
}

/* The files a finding's positions can be in: the linted file (0), then
 * those it reads (i + 1: refs->v[i]) with their paths as the file keeps them. */
typedef struct {
    const tdi_source *src;
    size_t base;
    const char *path;
    size_t rank; /* where its findings sort: 0 for the linted file, then by path */
} place;

static size_t place_of(const tdi_refs *refs, const tdi_source *src, size_t o)
{
    return !refs || o <= src->len ? 0 : tdi_refs_at(refs, o);
}

/* A finding and where it sorts before its position is known: its offset, as
 * the position of that offset will be (past the end: the end; inside the
 * byte-order mark: its end). */
typedef struct {
    size_t rank; /* of the file it is in (place.rank) */
    size_t key;
    const td_finding *f;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return by_text(x->f, y->f);
}

/* Keeps the first max findings in the order they will be shown, the
 * linted file's by position, then each file it read (refs, pl) by path and
 * position (their positions are not known yet), and adds one TD000 error
 * at the first one left out that says how many more there are. */
static int keep_first(td_file *file, const tdi_source *src, const tdi_refs *refs, const place *pl,
                      size_t max)
{
    tdi_findings *fs = &file->findings;
    size_t n = fs->n, m = n < max ? n : max;
    if (n < 2)
        return TD_OK;
    keyed *k = tdi_malloc(n * sizeof *k);
    td_finding *kept = tdi_malloc(m * sizeof *kept);
    if (!k || !kept) {
        tdi_free(k);
        tdi_free(kept);
        return TD_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        size_t o = fs->v[i].start.offset;
        k[i].rank = pl[place_of(refs, src, o)].rank;
        k[i].key = o > src->len ? o : o < src->bom ? src->bom : o;
        k[i].f = &fs->v[i];
    }
    qsort(k, n, sizeof *k, keyed_cmp);
    for (size_t i = 0; i < m; i++)
        kept[i] = *k[i].f;
    size_t at = n > m ? k[m].f->start.offset : 0;
    tdi_free(k);
    tdi_free(fs->v);
    fs->v = kept;
    fs->n = fs->cap = m;
    if (n == m)
        return TD_OK;
    char msg[200];
    snprintf(msg, sizeof msg,
             "%zu more finding%s not shown, from here on: tdlint reports at most %zu per file "
             "(--max-findings raises it)",
             n - m, n - m == 1 ? "" : "s", max);
    return input_error(file, (tdi_span){at, at}, "max-findings", msg);
}

/* The source text of [start, end), for SARIF's region snippets; NULL for an
 * empty span or one longer than SNIPPET_MAX bytes (or out of memory: the
 * snippet is optional). */
#define SNIPPET_MAX 4096
static const char *snippet_of(td_file *file, const tdi_source *src, size_t start, size_t end)
{
    if (!src->data || end <= start || end > src->len || end - start > SNIPPET_MAX)
        return NULL;
    char *s = tdi_arena_alloc(&file->strings, end - start + 1);
    if (s)
        memcpy(s, src->data + start, end - start);
    return s;
}

/* Snippets, then lines and columns, for every finding and related location;
 * each gets the path of the file it is in. */
static int locate(td_file *file, const tdi_source *src, const tdi_refs *refs, place *pl, size_t npl)
{
    tdi_findings *fs = &file->findings;
    size_t n = 0;
    for (size_t i = 0; i < fs->n; i++)
        n += 2 + 2 * fs->v[i].nrelated + 2 * fs->v[i].nedits;
    if (n == 0)
        return TD_OK;
    td_position **ps = tdi_malloc(n * sizeof *ps);
    size_t *at = tdi_malloc(n * sizeof *at), *count = tdi_calloc(npl + 1, sizeof *count);
    if (!ps || !at || !count) {
        tdi_free(ps);
        tdi_free(at);
        tdi_free(count);
        return TD_ENOMEM;
    }
    size_t k = 0;
    /* a position, its offset made its file's, and its file counted */
#define PUT(pos, p)                                                                                \
    do {                                                                                           \
        (pos)->offset -= pl[p].base;                                                               \
        at[k] = (p);                                                                               \
        count[(p) + 1]++;                                                                          \
        ps[k++] = (pos);                                                                           \
    } while (0)
    for (size_t i = 0; i < fs->n; i++) {
        td_finding *f = &fs->v[i];
        size_t p = place_of(refs, src, f->start.offset);
        f->path = pl[p].path;
        f->snippet =
            snippet_of(file, pl[p].src, f->start.offset - pl[p].base, f->end.offset - pl[p].base);
        PUT(&f->start, p);
        PUT(&f->end, p);
        td_related *r = (td_related *)f->related;
        for (size_t j = 0; j < f->nrelated; j++) {
            size_t q = place_of(refs, src, r[j].start.offset);
            r[j].path = pl[q].path;
            r[j].snippet = snippet_of(file, pl[q].src, r[j].start.offset - pl[q].base,
                                      r[j].end.offset - pl[q].base);
            PUT(&r[j].start, q);
            PUT(&r[j].end, q);
        }
        td_edit *e = (td_edit *)f->edits;
        for (size_t j = 0; j < f->nedits; j++) {
            PUT(&e[j].start, p);
            PUT(&e[j].end, p);
        }
    }
#undef PUT
    /* grouped by file (a counting sort), each file's in one sweep */
    for (size_t p = 0; p < npl; p++)
        count[p + 1] += count[p];
    td_position **by = tdi_malloc(n * sizeof *by);
    if (!by) {
        tdi_free(ps);
        tdi_free(at);
        tdi_free(count);
        return TD_ENOMEM;
    }
    size_t *next = count; /* count[p]: where file p's positions start, then the next free */
    for (size_t i = 0; i < n; i++)
        by[next[at[i]]++] = ps[i];
    for (size_t p = 0, from = 0; p < npl; p++) {
        size_t to = next[p];
        if (to > from)
            tdi_source_positions(pl[p].src, by + from, to - from);
        from = to;
    }
    tdi_free(by);
    tdi_free(ps);
    tdi_free(at);
    tdi_free(count);
    return TD_OK;
}

/* A finding and the file it is in, for sorting. */
typedef struct {
    size_t place;
    td_finding f;
} placed;

static int placed_cmp(const void *a, const void *b)
{
    const placed *xp = a, *yp = b;
    if (xp->place != yp->place)
        return xp->place < yp->place ? -1 : 1;
    const td_finding *x = &xp->f, *y = &yp->f;
    if (x->start.line != y->start.line)
        return x->start.line < y->start.line ? -1 : 1;
    if (x->start.column != y->start.column)
        return x->start.column < y->start.column ? -1 : 1;
    return by_text(x, y);
}

/* Sorts the findings: the linted file's in position order, then each other
 * file's (pl: the files, in their order). */
static int sort_findings(td_file *file, const place *pl, size_t npl)
{
    tdi_findings *fs = &file->findings;
    if (fs->n < 2)
        return TD_OK;
    placed *v = tdi_malloc(fs->n * sizeof *v);
    if (!v)
        return TD_ENOMEM;
    for (size_t i = 0; i < fs->n; i++) {
        v[i].place = 0; /* the linted file's first, then the others' by path */
        for (size_t p = 1; p < npl; p++)
            if (fs->v[i].path == pl[p].path)
                v[i].place = pl[p].rank;
        v[i].f = fs->v[i];
    }
    qsort(v, fs->n, sizeof *v, placed_cmp);
    for (size_t i = 0; i < fs->n; i++)
        fs->v[i] = v[i].f;
    tdi_free(v);
    return TD_OK;
}

int tdi_file_finish(td_file *file, const tdi_source *src, const tdi_refs *refs, size_t max)
{
    size_t npl = 1 + (refs ? refs->n : 0);
    place *pl = tdi_calloc(npl, sizeof *pl);
    if (!pl)
        return TD_ENOMEM;
    pl[0] = (place){src, 0, file->path, 0};
    int err = TD_OK;
    for (size_t i = 1; i < npl && err == TD_OK; i++) {
        const tdi_file_ref *f = refs->v[i - 1];
        pl[i] = (place){&f->loaded.src, f->base, tdi_arena_strdup(&file->strings, f->path), 1};
        if (!pl[i].path)
            err = TD_ENOMEM;
    }
    for (size_t i = 1; i < npl && err == TD_OK; i++) /* few files: counted, not sorted */
        for (size_t j = 1; j < npl; j++)
            pl[i].rank += strcmp(pl[j].path, pl[i].path) < 0 ||
                          (j < i && strcmp(pl[j].path, pl[i].path) == 0);
    if (err == TD_OK)
        err = keep_first(file, src, refs, pl, max);
    if (err == TD_OK)
        err = locate(file, src, refs, pl, npl);
    if (err == TD_OK)
        err = sort_findings(file, pl, npl);
    /* the sources go; emitters show the lines of the findings */
    for (size_t p = 0; p < npl && err == TD_OK; p++)
        err = tdi_file_keep_lines(file, pl[p].path, pl[p].src);
    tdi_free(pl);
    return err;
}

static int too_big(const char *display_path, size_t max, td_file **out)
{
    char msg[200];
    snprintf(msg, sizeof msg,
             "the file is larger than %zu bytes, the most tdlint reads (--max-file-size raises "
             "it)",
             max);
    return tdi_file_new_error(display_path, TD_FILE_READ_ERROR, msg, out);
}

static int too_big_hcl(const char *display_path, size_t max, td_file **out)
{
    char msg[300];
    snprintf(msg, sizeof msg,
             "the file is larger than %zu bytes, the most tdlint parses as Terraform HCL: a "
             "tenth of --max-file-size, as parsing HCL takes ten times the memory JSON does "
             "(--max-file-size raises it)",
             max);
    return tdi_file_new_error(display_path, TD_FILE_READ_ERROR, msg, out);
}

int td_lint_buffer(const td_config *cfg, const char *display_path, const void *data, size_t len,
                   td_file **out)
{
    return tdi_lint_buffer_flags(cfg, display_path, data, len, 1, out);
}

int tdi_lint_buffer_flags(const td_config *cfg, const char *display_path, const void *data,
                          size_t len, int prune, td_file **out)
{
    return tdi_lint_buffer_max(cfg, display_path, data, len, prune, 0, out);
}

/* Lints data, the file at fs_path (the files it reads are read beside it)
 * shown as display_path. */
static int lint_bytes(const td_config *cfg, const char *fs_path, const char *display_path,
                      const void *data, size_t len, int prune, size_t max_findings, td_file **out)
{
    td_file *file;
    *out = NULL;
    td_limits lim;
    td_config_get_limits(cfg, &lim);
    if (max_findings)
        lim.max_findings = max_findings;
    if (len > lim.max_file_size)
        return too_big(display_path, lim.max_file_size, out);
    int hcl = tdi_is_hcl(display_path, data, len);
    if (hcl && len > TDI_HCL_MAX(lim.max_file_size))
        return too_big_hcl(display_path, TDI_HCL_MAX(lim.max_file_size), out);
    if (tdi_file_new(display_path, &file) < 0)
        return TD_ENOMEM;
    tdi_loaded l;
    tdi_load_options opt = {lim.max_depth, lim.max_aliases, prune ? &tdi_model_prune : NULL, hcl,
                            NULL};
    tdi_refs refs;
    int err = tdi_refs_init(&refs, fs_path, display_path, data ? len : 0, &opt, lim.max_file_size);
    if (err < 0) {
        td_file_free(file);
        return err;
    }
    err = tdi_load(data ? data : "", data ? len : 0, &opt, &l);
    if (err == TD_OK)
        err = lint_loaded(cfg, file, &l, &refs);
    if (err == TD_OK)
        err = tdi_file_finish(file, &l.src, &refs, lim.max_findings);
    tdi_loaded_free(&l);
    tdi_refs_free(&refs);
    if (err < 0) {
        td_file_free(file);
        return err;
    }
    *out = file;
    return TD_OK;
}

int tdi_lint_buffer_max(const td_config *cfg, const char *display_path, const void *data,
                        size_t len, int prune, size_t max_findings, td_file **out)
{
    return lint_bytes(cfg, display_path, display_path, data, len, prune, max_findings, out);
}

/* td_lint_fd, the file at fs_path. */
static int lint_fd(const td_config *cfg, int fd, const char *fs_path, const char *display_path,
                   td_file **out)
{
    char why[128];
    char *data = NULL;
    size_t len = 0;
    td_limits lim;
    td_config_get_limits(cfg, &lim);
    int r = tdi_read_all(fd, lim.max_file_size, &data, &len);
    if (r == -ENOMEM)
        return TD_ENOMEM;
    if (r == -EFBIG)
        return too_big(display_path, lim.max_file_size, out);
    if (r < 0)
        return td_file_new_read_error(display_path, tdi_strerror(-r, why, sizeof why), out);
    int err = lint_bytes(cfg, fs_path, display_path, data, len, 1, 0, out);
    tdi_free(data);
    return err;
}

int td_lint_fd(const td_config *cfg, int fd, const char *display_path, td_file **out)
{
    return lint_fd(cfg, fd, display_path, display_path, out);
}

int td_lint_path(const td_config *cfg, const char *fs_path, const char *display_path, td_file **out)
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
        return td_file_new_read_error(display_path, tdi_strerror(EISDIR, why, sizeof why), out);
    }
    int err = lint_fd(cfg, fd, fs_path, display_path, out);
    close(fd);
    return err;
}
