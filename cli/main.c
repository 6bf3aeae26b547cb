/* tdlint: options, inputs, exit status. Everything else is the library's. */
#include "cli.h"
#include "markdown.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#if defined(__GLIBC__)
#endif

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

static void print_version(FILE *out)
{
    fprintf(out, "tdlint %s (jansson %s, libyaml %s)\n", TD_VERSION, td_jansson_version(),
            td_libyaml_version());
}

/* --list-rules: ID, default level, name and summary in aligned columns, one
 * rule a line; on a terminal (width > 0) the summaries wrap in their column. */
static void list_rules(FILE *out, int width)
{
    int wid = 0, wlevel = 0, wname = 0;
    for (size_t i = 0; i < td_rule_count(); i++) {
        const td_rule_info *r = td_rule_at(i);
        int a = (int)strlen(r->id), b = (int)strlen(td_level_name(r->level)),
            c = (int)strlen(r->name);
        wid = a > wid ? a : wid;
        wlevel = b > wlevel ? b : wlevel;
        wname = c > wname ? c : wname;
    }
    int col = wid + wlevel + wname + 6;
    for (size_t i = 0; i < td_rule_count(); i++) {
        const td_rule_info *r = td_rule_at(i);
        fprintf(out, "%-*s  %-*s  %-*s  ", wid, r->id, wlevel, td_level_name(r->level), wname,
                r->name);
        if (width - col >= 30)
            cli_wrap(out, r->summary, col, col, width);
        else
            fprintf(out, "%s\n", r->summary);
    }
}

/* --explain ID: the rule's documentation rendered for a terminal (styled as
 * --color says, wrapped at its width up to 100 columns) or as plain text. */
static int explain(const cli_config *cfg, FILE *out)
{
    const td_rule_info *r = td_rule_find(cfg->explain);
    if (!r) {
        fprintf(stderr, "tdlint: no rule '%s': the rules are", cfg->explain);
        for (size_t i = 0; i < td_rule_count(); i++)
            fprintf(stderr, "%s %s", i == 0 ? "" : ",", td_rule_at(i)->id);
        fputs(" (tdlint --list-rules describes them)\n", stderr);
        return EXIT_TROUBLE;
    }
    td_text_options to = {0};
    cli_text_style(cfg, &to);
    cli_md_options mo = {to.width == 0 ? 80 : to.width < 100 ? (int)to.width : 100, to.color};
    if (cli_md_render(out, r->doc, &mo) < 0) {
        fprintf(stderr, "tdlint: cannot print the documentation of %s: %s\n", r->id,
                ferror(out) ? strerror(errno) : "out of memory");
        return EXIT_TROUBLE;
    }
    return EXIT_CLEAN;
}

/* ---- the report, written file by file ---- */

/* Where the report goes: standard output, or with --output a temporary file
 * beside it, renamed into place once the report is whole. */
typedef struct {
    FILE *out;
    char *tmp; /* the temporary file's name, with --output */
    td_report *report;
    int err;       /* the report's first error */
    int err_errno; /* errno then */
    char cwd[4096]; /* SARIF's %SRCROOT%, read by the report at its end */
} sink;

static void sink_error(const cli_config *cfg)
{
    if (cfg->output)
        fprintf(stderr,
                "tdlint: cannot write the report to %s: %s: check that its folder exists and "
                "is writable\n",
                cfg->output, strerror(errno));
    else
        fprintf(stderr, "tdlint: cannot write the report to standard output: %s\n",
                strerror(errno));
}

/* Opens the output and writes the report's beginning; -1 after saying why. */
static int sink_open(const cli_config *cfg, td_level fail_level, sink *s)
{
    memset(s, 0, sizeof *s);
    s->out = stdout;
    if (cfg->output) {
        size_t len = strlen(cfg->output);
        s->tmp = malloc(len + sizeof ".tmp.XXXXXX");
        if (!s->tmp) {
            fprintf(stderr, "tdlint: out of memory\n");
            return -1;
        }
        memcpy(s->tmp, cfg->output, len);
        memcpy(s->tmp + len, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
        int fd = mkstemp(s->tmp);
        s->out = fd < 0 ? NULL : fdopen(fd, "w");
        if (!s->out) {
            sink_error(cfg);
            if (fd >= 0) {
                close(fd);
                unlink(s->tmp);
            }
            free(s->tmp);
            s->tmp = NULL;
            return -1;
        }
    }
    td_report_options o = {.format = cfg->format, .min_level = TD_LEVEL_NOTE};
    o.sarif.srcroot_dir = getcwd(s->cwd, sizeof s->cwd) ? s->cwd : NULL;
    o.junit.fail_level = fail_level;
    o.text.show_suppressed = cfg->show_suppressed;
    cli_text_style(cfg, &o.text);
    if (td_report_begin(s->out, &o, &s->report) < 0) {
        s->err = TD_EIO;
        s->err_errno = errno;
    }
    return 0;
}

/* Adds f's part; on standard output it goes out at once (one write for the
 * file, none when it adds nothing), so that a pipe or a CI log shows each
 * file's findings as it is linted. */
static void sink_add(sink *s, const td_file *f)
{
    if (!s->err && (td_report_add(s->report, f) < 0 || (s->out == stdout && fflush(stdout)))) {
        s->err = TD_EIO;
        s->err_errno = errno;
    }
}

/* After a failure elsewhere: ends what was written (a temporary file is
 * removed, the file named by --output is left as it was). */
static void sink_abandon(sink *s)
{
    td_report_end(s->report, 0);
    if (s->out == stdout) {
        fflush(stdout);
    } else {
        fclose(s->out);
        unlink(s->tmp);
    }
    free(s->tmp);
}

/* Ends the report (a temporary file is renamed into place); -1 after saying
 * why it could not be written whole. */
static int sink_close(const cli_config *cfg, sink *s, int execution_successful)
{
    int rc = td_report_end(s->report, execution_successful);
    if (rc < 0 && !s->err) {
        s->err = rc;
        s->err_errno = errno;
    }
    if (s->out == stdout) {
        if (fflush(stdout) != 0 && !s->err) {
            s->err = TD_EIO;
            s->err_errno = errno;
        }
    } else if (fclose(s->out) != 0 && !s->err) {
        s->err = TD_EIO;
        s->err_errno = errno;
    }
    if (!s->err && s->tmp && rename(s->tmp, cfg->output) != 0) {
        s->err = TD_EIO;
        s->err_errno = errno;
    }
    if (s->err) {
        errno = s->err == TD_ENOMEM ? ENOMEM : s->err_errno;
        sink_error(cfg);
        if (s->tmp)
            unlink(s->tmp);
    }
    free(s->tmp);
    return s->err ? -1 : 0;
}

/* ---- linting the inputs, --jobs N at a time, reported in order ----
 *
 * The files come from a cli_source in the order the report lists them. This
 * thread writes each file's part as soon as it and every file before it are
 * linted, then frees it; the threads take the next file to lint, at most
 * WINDOW per thread ahead of the report, so that the memory held does not
 * grow with the number of files. While the next file to report is not
 * ready, this thread lints too. */

#define WINDOW 16

typedef struct {
    cli_input in;
    td_file *file; /* NULL when not linted (out of memory) */
    int err;       /* TD_ENOMEM, else TD_OK */
    int done;
} lint_slot;

typedef struct {
    const td_config *tc;
    cli_source *src;
    lint_slot *slots;   /* the files between reported and taken, at index % window */
    size_t window;
    size_t taken;       /* files taken from the source */
    size_t reported;    /* files before this one are reported */
    int source_done;    /* the source has no more */
    int stop;           /* out of memory, or the report failed: take no more */
    pthread_mutex_t mu; /* guards all of the above but tc, and each slot's done */
    pthread_cond_t cv;
} lint_work;

static lint_slot *slot_of(lint_work *w, size_t i)
{
    return &w->slots[i % w->window];
}

static void lint_one(lint_work *w, lint_slot *sl)
{
    sl->err = sl->in.fs_path ? td_lint_path(w->tc, sl->in.fs_path, sl->in.display, &sl->file)
                             : td_lint_fd(w->tc, STDIN_FILENO, sl->in.display, &sl->file);
}

/* Takes the next file when the window has room; NULL when there is none to
 * take now. Called with mu held. */
static lint_slot *take(lint_work *w)
{
    if (w->stop || w->source_done || w->taken >= w->reported + w->window)
        return NULL;
    lint_slot *sl = slot_of(w, w->taken);
    memset(sl, 0, sizeof *sl);
    int rc = cli_source_next(w->src, &sl->in);
    if (rc < 0)
        w->stop = 1;
    if (rc <= 0) {
        w->source_done = 1;
        pthread_cond_broadcast(&w->cv);
        return NULL;
    }
    w->taken++;
    return sl;
}

/* Lints sl with mu released; called, and returns, with mu held. */
static void lint_taken(lint_work *w, lint_slot *sl)
{
    pthread_mutex_unlock(&w->mu);
    lint_one(w, sl);
    pthread_mutex_lock(&w->mu);
    sl->done = 1;
    if (sl->err < 0)
        w->stop = 1;
    pthread_cond_broadcast(&w->cv);
}

static void *lint_worker(void *arg)
{
    lint_work *w = arg;
    pthread_mutex_lock(&w->mu);
    while (!w->stop && !(w->source_done && w->taken == w->reported)) {
        lint_slot *sl = take(w);
        if (!sl) {
            if (!w->stop && !w->source_done)
                pthread_cond_wait(&w->cv, &w->mu);
            else if (w->source_done)
                break; /* nothing left to take: this thread is done */
            continue;
        }
        lint_taken(w, sl);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* The next file to report, once linted (by this thread meanwhile if need
 * be); NULL when there are no more, or the run stopped (*stopped set). */
static lint_slot *next_to_report(lint_work *w, int *stopped)
{
    pthread_mutex_lock(&w->mu);
    lint_slot *want = NULL;
    for (;;) {
        if (w->stop)
            break;
        if (w->reported < w->taken && slot_of(w, w->reported)->done) {
            want = slot_of(w, w->reported);
            break;
        }
        if (w->source_done && w->reported == w->taken)
            break;
        lint_slot *sl = take(w);
        if (!sl) {
            if (!w->source_done || w->reported < w->taken)
                pthread_cond_wait(&w->cv, &w->mu);
            continue;
        }
        lint_taken(w, sl);
    }
    *stopped = w->stop;
    pthread_mutex_unlock(&w->mu);
    return want;
}

static void reported(lint_work *w)
{
    pthread_mutex_lock(&w->mu);
    w->reported++;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

static void stop_work(lint_work *w)
{
    pthread_mutex_lock(&w->mu);
    w->stop = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

/* The threads' stack: as large as the main thread's (deep nesting recurses). */
static size_t stack_size(void)
{
    size_t size = (size_t)8 << 20;
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur > size && rl.rlim_cur <= ((size_t)1 << 30))
        size = (size_t)rl.rlim_cur;
    return size;
}

/* Starts up to n threads (fewer when the system refuses more); how many. */
static size_t start_threads(lint_work *w, pthread_t *threads, size_t n)
{
    size_t started = 0;
    pthread_attr_t attr;
    int have_attr = pthread_attr_init(&attr) == 0;
    if (have_attr)
        pthread_attr_setstacksize(&attr, stack_size());
    while (started < n &&
           pthread_create(&threads[started], have_attr ? &attr : NULL, lint_worker, w) == 0)
        started++;
    if (have_attr)
        pthread_attr_destroy(&attr);
    return started;
}

/* --jobs when not given: the number of online CPUs. */
static unsigned default_jobs(void)
{
    long n = 1;
#ifdef _SC_NPROCESSORS_ONLN
    n = sysconf(_SC_NPROCESSORS_ONLN);
#endif
    return n < 1 ? 1 : n > CLI_MAX_JOBS ? CLI_MAX_JOBS : (unsigned)n;
}

/* Prints a configuration error "PATH:LINE:COL: message" (or "PATH: message")
 * as "tdlint: PATH:LINE:COL: error: message". */
static void print_config_error(const char *path, const char *error)
{
    size_t n = strlen(path), k = 0;
    if (strncmp(error, path, n) == 0 && error[n] == ':') {
        k = n + 1;
        for (int field = 0; field < 2; field++) {
            size_t d = k;
            while (error[d] >= '0' && error[d] <= '9')
                d++;
            if (d == k || error[d] != ':')
                break;
            k = d + 1;
        }
        if (error[k] == ' ')
            k++;
    }
    if (k)
        fprintf(stderr, "tdlint: %.*s error: %s\n", (int)(k - 1), error, error + k);
    else
        fprintf(stderr, "tdlint: error: %s\n", error);
}

/* The configuration: the file (--config, else .tdlint.yaml found from the
 * current directory up), TDLINT_TODAY, then --disable/--enable in order.
 * Returns 0, or -1 after printing why. */
static int load_config(const cli_config *cfg, td_config **out)
{
    char *found = NULL, *error = NULL;
    const char *path = cfg->config;
    int err = TD_OK;
    *out = NULL;
    if (!path && !cfg->no_config) {
        err = td_config_discover(".", &found);
        path = found;
    }
    if (err == TD_OK)
        err = path ? td_config_load(path, out, &error) : td_config_new(out);
    if (err == TD_EINVAL)
        print_config_error(path, error);
    else if (err < 0)
        fprintf(stderr, "tdlint: out of memory\n");
    free(error);
    free(found);
    if (err < 0)
        return -1;
    const char *today = getenv("TDLINT_TODAY");
    if (today && *today && td_config_set_today(*out, today) < 0) {
        fprintf(stderr, "tdlint: TDLINT_TODAY is '%s': write a date YYYY-MM-DD, or unset it\n",
                today);
        return -1;
    }
    for (size_t i = 0; i < cfg->nrules; i++)
        if (td_config_set_rule(*out, cfg->rules[i].id, cfg->rules[i].enabled) < 0) {
            fprintf(stderr, "tdlint: out of memory\n");
            return -1;
        }
    td_config_set_limits(*out, &cfg->limits);
    return 0;
}

int main(int argc, char **argv)
{
    cli_config cfg;
    if (cli_parse(argc, argv, &cfg, stderr) < 0) {
        cli_config_free(&cfg);
        return EXIT_TROUBLE;
    }
    if (cfg.help || cfg.version || cfg.list_rules || cfg.explain) {
        int rc = EXIT_CLEAN;
        if (cfg.help)
            cli_print_help(stdout);
        else if (cfg.version)
            print_version(stdout);
        else if (cfg.list_rules) {
            td_text_options to = {0};
            cli_text_style(&cfg, &to);
            list_rules(stdout, (int)to.width);
        } else
            rc = explain(&cfg, stdout);
        cli_config_free(&cfg);
        return fflush(stdout) == 0 ? rc : EXIT_TROUBLE;
    }

    td_config *tc = NULL;
    if (load_config(&cfg, &tc) < 0) {
        td_config_free(tc);
        cli_config_free(&cfg);
        return EXIT_TROUBLE;
    }
    /* --fail-level beats the configuration file's fail-level */
    td_level fail_level = cfg.fail_level;
    if (fail_level == TD_LEVEL_NONE)
        fail_level = td_config_fail_level(tc);
    if (fail_level == TD_LEVEL_NONE)
        fail_level = TD_LEVEL_WARNING;

    static const char *const dot[] = {"."};
    const char *const *paths = cfg.npaths ? cfg.paths : dot;
    size_t npaths = cfg.npaths ? cfg.npaths : 1;
    int trouble = 0, oom = 0;
    cli_source *src = NULL;
    if (cli_source_open(&src, paths, npaths, cfg.stdin_filename) < 0) {
        fprintf(stderr, "tdlint: out of memory\n");
        td_config_free(tc);
        cli_config_free(&cfg);
        return EXIT_TROUBLE;
    }
    size_t jobs = cfg.jobs ? cfg.jobs : default_jobs();
    sink out;
    int status = EXIT_CLEAN;
    lint_work w = {.tc = tc, .src = src, .window = WINDOW * jobs};
    w.slots = calloc(w.window, sizeof *w.slots);
    pthread_t *threads = jobs > 1 ? calloc(jobs - 1, sizeof *threads) : NULL;
    int no_memory = !w.slots || (jobs > 1 && !threads);
    if (no_memory || sink_open(&cfg, fail_level, &out) < 0) {
        if (no_memory)
            fprintf(stderr, "tdlint: out of memory\n");
        free(w.slots);
        free(threads);
        cli_source_close(src);
        td_config_free(tc);
        cli_config_free(&cfg);
        return EXIT_TROUBLE;
    }
    pthread_mutex_init(&w.mu, NULL);
    pthread_cond_init(&w.cv, NULL);
    /* the first file; the threads start only when there is another */
    size_t started = 0;
    pthread_mutex_lock(&w.mu);
    lint_slot *first = take(&w);
    if (first && cli_source_more(src) && jobs > 1) {
        json_object_seed(0); /* jansson: seed its hash before threads make objects */
        started = start_threads(&w, threads, jobs - 1);
    }
    if (first)
        lint_taken(&w, first);
    pthread_mutex_unlock(&w.mu);
    cli_totals totals = {0};
    for (;;) {
        int stopped;
        lint_slot *sl = next_to_report(&w, &stopped);
        if (!sl) {
            if (stopped && !out.err)
                oom = 1;
            break;
        }
        const cli_input *in = &sl->in;
        if (in->notes)
            fputs(in->notes, stderr);
        td_file *f = sl->file;
        sl->file = NULL;
        if (sl->err < 0 || !f) {
            oom = 1;
        } else if (in->from_walk && !cfg.strict &&
                   td_file_get_status(f) == TD_FILE_SYNTAX_ERROR) {
            const td_finding *e = td_file_finding(f, 0);
            fprintf(stderr, "tdlint: note: skipping %s:%lu:%lu: %s (--strict reports it)\n",
                    in->display, e ? e->start.line : 1, e ? e->start.column : 1,
                    td_file_error(f));
        } else {
            if (td_file_get_status(f) != TD_FILE_OK)
                trouble = 1;
            for (size_t k = 0; k < td_file_finding_count(f); k++) {
                const td_finding *x = td_file_finding(f, k);
                if (!x->suppressed && x->level >= fail_level)
                    status = EXIT_FINDINGS;
            }
            cli_totals_add(&totals, f);
            if (cfg.verbose)
                cli_print_writable(stderr, &f, 1);
            sink_add(&out, f);
        }
        td_file_free(f);
        cli_input_free(&sl->in);
        if (oom || out.err) /* no use linting more */
            break;
        reported(&w);
    }
    stop_work(&w);
    for (size_t k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    pthread_cond_destroy(&w.cv);
    pthread_mutex_destroy(&w.mu);
    /* linted but not reported (the run stopped): the one just reported is freed */
    for (size_t i = w.reported + (oom || out.err ? 1 : 0); i < w.taken; i++) {
        td_file_free(slot_of(&w, i)->file);
        cli_input_free(&slot_of(&w, i)->in);
    }
    char *notes = cli_source_notes(src); /* the walk's, after the last file */
    if (notes && !oom)
        fputs(notes, stderr);
    free(notes);
    if (cli_source_trouble(src)) /* a directory named on the command line cannot be read */
        trouble = 1;

    if (oom) {
        sink_abandon(&out);
        fprintf(stderr, "tdlint: out of memory\n");
        status = EXIT_TROUBLE;
    } else {
        if (sink_close(&cfg, &out, !trouble) < 0)
            trouble = 1;
        if (cfg.summary || isatty(STDERR_FILENO)) /* the summary counts suppressed ones */
            cli_print_summary(stderr, &cfg, &totals);
        else if (totals.suppressed)
            fprintf(stderr, "tdlint: %zu finding%s suppressed by exceptions%s\n",
                    totals.suppressed, totals.suppressed == 1 ? "" : "s",
                    cfg.format == TD_FORMAT_SARIF   ? " (marked as suppressed in the SARIF log)"
                    : cfg.format == TD_FORMAT_JSON  ? " (marked as suppressed in the JSON report)"
                    : cfg.format == TD_FORMAT_JUNIT ? " (listed in the testcases' system-out)"
                    : cfg.format != TD_FORMAT_TEXT  ? ""
                    : cfg.show_suppressed        ? ""
                    : totals.suppressed == 1     ? " (--show-suppressed prints it)"
                                                 : " (--show-suppressed prints them)");
        if (trouble)
            status = EXIT_TROUBLE;
    }
    free(w.slots);
    free(threads);
    cli_source_close(src);
    td_config_free(tc);
    cli_config_free(&cfg);
    return status;
}
