/* JUnit XML for CI systems that show test reports:
 *
 *   <testsuites name="tdlint" tests="3" failures="1" errors="0">
 *     <testsuite name="taskdef.json" tests="3" failures="1" errors="0">
 *       <testcase classname="taskdef.json" name="(file)"/>
 *       <testcase classname="taskdef.json" name="web-app/web">
 *         <failure message="... [TD001]" type="TD001">taskdef.json:7:5: error: ...</failure>
 *       </testcase>
 *       ...
 *
 * One <testsuite> per file; in it a testcase "(file)" for the file as a whole
 * (a file that cannot be read or parsed is an <error>; findings about no
 * container, such as an inline exception without a reason, are its failures)
 * and one testcase per container checked, named TASK/CONTAINER. A testcase
 * fails when it has an unsuppressed finding at or above the fail level; the
 * other findings are listed in its <system-out>. No times or timestamps: the
 * same input gives the same bytes. */
#include "report.h"

#include <string.h>

/* Appends s escaped for XML 1.0 text (attr 0) or a double-quoted attribute
 * value (attr 1). Characters XML 1.0 does not allow (C0 controls other than
 * tab, LF and CR; U+FFFE, U+FFFF) and bytes that are not UTF-8 become U+FFFD;
 * in attributes tab, LF and CR are written as references so that they survive
 * attribute-value normalization. */
static void xml_escape(tdi_buf *b, const char *s, int attr)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    while (len > 0) {
        size_t n = tdi_utf8_decode(p, len, NULL);
        unsigned char c = p[0];
        if (n == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
            (n == 3 && c == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))) {
            tdi_buf_puts(b, "\xEF\xBF\xBD");
            n = n ? n : 1;
        } else if (c == '&') {
            tdi_buf_puts(b, "&amp;");
        } else if (c == '<') {
            tdi_buf_puts(b, "&lt;");
        } else if (c == '>') {
            tdi_buf_puts(b, "&gt;");
        } else if (c == '"') {
            tdi_buf_puts(b, "&quot;");
        } else if (c == '\'') {
            tdi_buf_puts(b, "&apos;");
        } else if (c == '\r' || (attr && (c == '\t' || c == '\n'))) {
            tdi_buf_printf(b, "&#%d;", c);
        } else {
            tdi_buf_add(b, (const char *)p, n);
        }
        p += n;
        len -= n;
    }
}

/* One testcase: the findings that belong to it, in the file's order. */
typedef struct {
    const td_finding **findings;
    size_t n;
} bucket;

static int same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The file's containers found by task and JSON Pointer, or by task and
 * name: an open-addressing table of 1 + info index, the first container of
 * each key, so that placing a finding costs the same however many
 * containers the file has. */
typedef struct {
    size_t *slot;
    size_t cap;
} info_index;

static uint64_t key_hash(const char *task, const char *s, size_t n)
{
    return tdi_hash64(s, n, tdi_hash64(task ? task : "", task ? strlen(task) + 1 : 0, 0));
}

/* The first container of task whose field (pointer, or name when by_name)
 * is s[0..n), or SIZE_MAX. */
static size_t index_find(const info_index *x, const td_file *file, int by_name, const char *task,
                         const char *s, size_t n)
{
    if (!x->cap)
        return SIZE_MAX;
    for (size_t i = key_hash(task, s, n) & (x->cap - 1); x->slot[i]; i = (i + 1) & (x->cap - 1)) {
        const td_container_info *c = &file->infos[x->slot[i] - 1];
        const char *v = by_name ? c->container : c->pointer;
        if (same(c->task, task) && v && strlen(v) == n && memcmp(v, s, n) == 0)
            return x->slot[i] - 1;
    }
    return SIZE_MAX;
}

static int index_build(info_index *x, const td_file *file, int by_name)
{
    x->cap = 0;
    x->slot = NULL;
    if (file->ninfos == 0)
        return TD_OK;
    size_t cap = 16;
    while (cap < 2 * file->ninfos)
        cap *= 2;
    if (!(x->slot = tdi_calloc(cap, sizeof *x->slot)))
        return TD_ENOMEM;
    x->cap = cap;
    for (size_t k = 0; k < file->ninfos; k++) {
        const td_container_info *c = &file->infos[k];
        const char *v = by_name ? c->container : c->pointer;
        if (!v || index_find(x, file, by_name, c->task, v, strlen(v)) != SIZE_MAX)
            continue; /* the first of each key stays */
        size_t i = key_hash(c->task, v, strlen(v)) & (cap - 1);
        while (x->slot[i])
            i = (i + 1) & (cap - 1);
        x->slot[i] = k + 1;
    }
    return TD_OK;
}

/* 0 for the file as a whole, 1 + i for the file's i-th container: the first
 * container of the finding's task that holds its pointer, else the first of
 * that task with the finding's container name. */
static size_t bucket_of(const td_file *file, const info_index *by_pointer,
                        const info_index *by_name, const td_finding *f)
{
    if (file->status != TD_FILE_OK && strcmp(f->rule_id, "TD000") == 0)
        return 0; /* a file with duplicate keys is linted too: its other findings are sorted */
    size_t best = SIZE_MAX;
    const char *p = f->pointer;
    for (size_t n = 1; p[0] && n <= strlen(p); n++) { /* each prefix "/a", "/a/b", ... */
        if (p[n] != '/' && p[n] != '\0')
            continue;
        size_t k = index_find(by_pointer, file, 0, f->task, p, n);
        if (k < best)
            best = k;
    }
    if (best == SIZE_MAX && f->container)
        best = index_find(by_name, file, 1, f->task, f->container, strlen(f->container));
    return best == SIZE_MAX ? 0 : 1 + best;
}

/* PATH:LINE:COL: LEVEL: MESSAGE [ID], and a line per related location. */
static void diagnostic(tdi_buf *b, const td_file *file, const td_finding *f)
{
    tdi_buf_printf(b, "%s:%lu:%lu: %s: %s%s [%s]", TDI_PATH_OF(file, f), f->start.line,
                   f->start.column, td_level_name(f->level), f->message, tdi_fixable_note(f),
                   f->rule_id);
    if (f->suppressed) {
        tdi_buf_puts(b, " (suppressed: ");
        tdi_buf_escaped(b, f->justification ? f->justification : "",
                        f->justification ? strlen(f->justification) : 0, SIZE_MAX);
        tdi_buf_putc(b, ')');
    }
    tdi_buf_putc(b, '\n');
    for (size_t r = 0; r < f->nrelated; r++)
        tdi_buf_printf(b, "  %s:%lu:%lu: note: %s\n", TDI_PATH_OF(file, &f->related[r]),
                       f->related[r].start.line, f->related[r].start.column, f->related[r].message);
}

static void testcase_name(tdi_buf *b, const td_container_info *c)
{
    if (c->task) {
        tdi_buf_puts(b, c->task);
        tdi_buf_putc(b, '/');
    }
    if (c->container)
        tdi_buf_puts(b, c->container);
    else
        tdi_buf_printf(b, "#%zu", c->index + 1);
}

typedef tdi_junit_counts counts;

/* Empties b, leaving it a valid (empty) string. */
static void reset(tdi_buf *b)
{
    b->len = 0;
    tdi_buf_puts(b, "");
}

static const char *text(const tdi_buf *b)
{
    return b->data && !b->failed ? b->data : "";
}

static int fails(const td_finding *f, td_level fail_level)
{
    return !f->suppressed && f->level >= fail_level;
}

/* Appends the testcase of bucket k (0: the file, 1 + i: container i) to out. */
static void testcase(tdi_buf *out, tdi_buf *tmp, const td_file *file, size_t k, const bucket *bk,
                     td_level fail_level, counts *c)
{
    const td_finding *first = NULL;
    size_t nfail = 0;
    for (size_t i = 0; i < bk->n; i++)
        if (fails(bk->findings[i], fail_level) && nfail++ == 0)
            first = bk->findings[i];
    /* a file that could not be read or parsed was not checked: an error, not a failure */
    int is_error = k == 0 && file->status != TD_FILE_OK && first;

    reset(tmp);
    if (k == 0)
        tdi_buf_puts(tmp, "(file)");
    else
        testcase_name(tmp, &file->infos[k - 1]);
    tdi_buf_puts(out, "    <testcase classname=\"");
    xml_escape(out, file->path, 1);
    tdi_buf_puts(out, "\" name=\"");
    xml_escape(out, text(tmp), 1);
    tdi_buf_putc(out, '"');
    c->tests++;
    if (bk->n == 0) {
        tdi_buf_puts(out, "/>\n");
        return;
    }
    tdi_buf_puts(out, ">\n");
    if (first) {
        const char *element = is_error ? "error" : "failure";
        if (is_error)
            c->errors++;
        else
            c->failures++;
        reset(tmp);
        if (nfail > 1)
            tdi_buf_printf(tmp, "%zu findings: ", nfail);
        tdi_buf_printf(tmp, "%s%s [%s]", first->message, tdi_fixable_note(first), first->rule_id);
        if (nfail > 1)
            tdi_buf_printf(tmp, " (and %zu more)", nfail - 1);
        tdi_buf_printf(out, "      <%s message=\"", element);
        xml_escape(out, text(tmp), 1);
        /* type: the rules that fail it, each once, in the order of their findings */
        reset(tmp);
        for (size_t i = 0; i < bk->n; i++) {
            const td_finding *f = bk->findings[i];
            size_t j = 0;
            while (j < i && !(fails(bk->findings[j], fail_level) &&
                              strcmp(bk->findings[j]->rule_id, f->rule_id) == 0))
                j++;
            if (fails(f, fail_level) && j == i) {
                if (tmp->len)
                    tdi_buf_putc(tmp, ',');
                tdi_buf_puts(tmp, f->rule_id);
            }
        }
        tdi_buf_puts(out, "\" type=\"");
        xml_escape(out, text(tmp), 1);
        tdi_buf_puts(out, "\">");
        reset(tmp);
        for (size_t i = 0; i < bk->n; i++)
            if (fails(bk->findings[i], fail_level))
                diagnostic(tmp, file, bk->findings[i]);
        xml_escape(out, text(tmp), 0);
        tdi_buf_printf(out, "</%s>\n", element);
    }
    if (nfail < bk->n) {
        reset(tmp);
        for (size_t i = 0; i < bk->n; i++)
            if (!fails(bk->findings[i], fail_level))
                diagnostic(tmp, file, bk->findings[i]);
        tdi_buf_puts(out, "      <system-out>");
        xml_escape(out, text(tmp), 0);
        tdi_buf_puts(out, "</system-out>\n");
    }
    tdi_buf_puts(out, "    </testcase>\n");
}

/* file's <testsuite>, appended to out (tmp is scratch); its counts are
 * added to total. */
static int suite(tdi_buf *out, tdi_buf *tmp, const td_file *file, td_level min_level,
                 td_level fail_level, counts *total)
{
    size_t nb = 1 + file->ninfos, nf = file->findings.n ? file->findings.n : 1;
    bucket *bk = tdi_calloc(nb, sizeof *bk);
    const td_finding **slots = tdi_calloc(nf, sizeof *slots);
    size_t *which = tdi_calloc(nf, sizeof *which);
    info_index by_pointer = {NULL, 0}, by_name = {NULL, 0};
    tdi_buf cases;
    tdi_buf_init(&cases);
    if (!bk || !slots || !which || index_build(&by_pointer, file, 0) < 0 ||
        index_build(&by_name, file, 1) < 0) {
        tdi_free(bk);
        bk = NULL; /* out of memory */
        goto done;
    }
    /* each bucket's findings are consecutive in slots, in the file's order: count, then place */
    for (size_t i = 0; i < file->findings.n; i++) {
        const td_finding *f = &file->findings.v[i];
        which[i] = f->level < min_level ? SIZE_MAX : bucket_of(file, &by_pointer, &by_name, f);
        if (which[i] != SIZE_MAX)
            bk[which[i]].n++;
    }
    for (size_t k = 0, at = 0; k < nb; k++) {
        bk[k].findings = slots + at;
        at += bk[k].n;
        bk[k].n = 0;
    }
    for (size_t i = 0; i < file->findings.n; i++)
        if (which[i] != SIZE_MAX)
            bk[which[i]].findings[bk[which[i]].n++] = &file->findings.v[i];

    counts c = {0, 0, 0};
    for (size_t k = 0; k < nb; k++)
        testcase(&cases, tmp, file, k, &bk[k], fail_level, &c);
    tdi_buf_puts(out, "  <testsuite name=\"");
    xml_escape(out, file->path, 1);
    tdi_buf_printf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n", c.tests, c.failures,
                   c.errors);
    tdi_buf_add(out, cases.data ? cases.data : "", cases.len);
    tdi_buf_puts(out, "  </testsuite>\n");
    total->tests += c.tests;
    total->failures += c.failures;
    total->errors += c.errors;
done:;
    int err = !bk || !slots || !which || cases.failed ? TD_ENOMEM : TD_OK;
    tdi_free(by_pointer.slot);
    tdi_free(by_name.slot);
    tdi_buf_free(&cases);
    tdi_free(which);
    tdi_free(slots);
    tdi_free(bk);
    return err;
}

static int begin(td_report *r)
{
    r->suites = tmpfile(); /* NULL: they wait in r->b */
    return TD_OK;
}

static int add(td_report *r, const td_file *file)
{
    if (r->suites)
        r->b.len = 0;
    /* none given: the fail-level of the configuration the file was linted under */
    td_level fail_level = r->o.junit.fail_level != TD_LEVEL_NONE ? r->o.junit.fail_level
                          : file->fail_level != TD_LEVEL_NONE    ? file->fail_level
                                                                 : TD_LEVEL_WARNING;
    int err = suite(&r->b, &r->tmp, file, r->o.min_level, fail_level, &r->total);
    if (err < 0 || r->b.failed || r->tmp.failed)
        return err < 0 ? err : TD_ENOMEM;
    if (!r->suites) /* kept in memory: the buffer grows from one suite to the next */
        return TD_OK;
    if (r->b.len && fwrite(r->b.data, 1, r->b.len, r->suites) != r->b.len)
        return TD_EIO;
    return TD_OK;
}

static int end(td_report *r, int execution_successful)
{
    (void)execution_successful;
    fprintf(r->out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"tdlint\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n",
            r->total.tests, r->total.failures, r->total.errors);
    if (!r->suites) {
        if (r->b.len)
            fwrite(r->b.data, 1, r->b.len, r->out);
    } else {
        if (fflush(r->suites) != 0 || fseek(r->suites, 0, SEEK_SET) != 0)
            return TD_EIO;
        char chunk[16384];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, r->suites)) > 0)
            if (fwrite(chunk, 1, got, r->out) != got)
                return TD_EIO;
        if (ferror(r->suites))
            return TD_EIO;
    }
    fputs("</testsuites>\n", r->out);
    return TD_OK;
}

const tdi_report_format tdi_report_junit = {"junit", begin, add, end, NULL};
