/* tdlint: options, inputs, exit status. Everything else is the library's. */
#include "cli.h"
#include "markdown.h"

#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
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

typedef struct {
    td_file *file;
    size_t order;
} entry;

static int entry_cmp(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(td_file_path(x->file), td_file_path(y->file));
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int emit(const cli_config *cfg, FILE *out, td_file **files, size_t n, int trouble,
                td_level fail_level)
{
    if (cfg->format == FORMAT_SARIF) {
        char cwd[4096];
        td_sarif_options so = {getcwd(cwd, sizeof cwd) ? cwd : NULL, !trouble};
        return td_emit_sarif(out, files, n, TD_LEVEL_NOTE, &so);
    }
    if (cfg->format == FORMAT_JSON)
        return td_emit_json(out, files, n, TD_LEVEL_NOTE);
    if (cfg->format == FORMAT_GITHUB)
        return td_emit_github(out, files, n, TD_LEVEL_NOTE);
    if (cfg->format == FORMAT_GITLAB)
        return td_emit_gitlab(out, files, n, TD_LEVEL_NOTE);
    if (cfg->format == FORMAT_JUNIT) {
        td_junit_options jo = {fail_level};
        return td_emit_junit(out, files, n, TD_LEVEL_NOTE, &jo);
    }
    td_text_options to = {.min_level = TD_LEVEL_NOTE, .show_suppressed = cfg->show_suppressed};
    cli_text_style(cfg, &to);
    return td_emit_text(out, files, n, &to);
}

/* Writes the report to cfg->output through a temporary file renamed into place. */
static int emit_to_file(const cli_config *cfg, td_file **files, size_t n, int trouble,
                        td_level fail_level)
{
    size_t len = strlen(cfg->output);
    char *tmp = malloc(len + sizeof ".tmp.XXXXXX");
    if (!tmp)
        return -1;
    memcpy(tmp, cfg->output, len);
    memcpy(tmp + len, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr,
                "tdlint: cannot write the report to %s: %s: check that its folder exists and "
                "is writable\n",
                cfg->output, strerror(errno));
        free(tmp);
        return -1;
    }
    FILE *out = fdopen(fd, "w");
    int rc = out ? emit(cfg, out, files, n, trouble, fail_level) : TD_EIO;
    if (out && fclose(out) != 0)
        rc = TD_EIO;
    else if (!out)
        close(fd);
    if (rc == TD_OK && rename(tmp, cfg->output) != 0)
        rc = TD_EIO;
    if (rc != TD_OK) {
        fprintf(stderr,
                "tdlint: cannot write the report to %s: %s: check that its folder exists and "
                "is writable\n",
                cfg->output, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc == TD_OK ? 0 : -1;
}

/* ---- linting the inputs, --jobs N at a time ---- */

typedef struct {
    td_file *file; /* NULL when not linted (out of memory elsewhere) */
    int err;       /* TD_ENOMEM, else TD_OK */
} lint_result;

typedef struct {
    const td_config *tc; /* only read while the threads run */
    const cli_inputs *inputs;
    lint_result *results; /* one per input; each written by one thread */
    atomic_size_t next;   /* the next input to take */
    atomic_int stop;      /* out of memory: take no more inputs */
} lint_work;

static void lint_one(lint_work *w, size_t i)
{
    const cli_input *in = &w->inputs->items[i];
    lint_result *r = &w->results[i];
    r->err = in->fs_path ? td_lint_path(w->tc, in->fs_path, in->display, &r->file)
                         : td_lint_fd(w->tc, STDIN_FILENO, in->display, &r->file);
    if (r->err < 0)
        atomic_store(&w->stop, 1);
}

static void *lint_worker(void *arg)
{
    lint_work *w = arg;
    while (!atomic_load(&w->stop)) {
        size_t i = atomic_fetch_add(&w->next, 1);
        if (i >= w->inputs->n)
            break;
        if (w->inputs->items[i].fs_path) /* standard input was read before */
            lint_one(w, i);
    }
    return NULL;
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

/* Lints every input into results[i]: this thread and up to jobs - 1 more take
 * the inputs in order, each the next one not taken; standard input is read
 * first, by this thread. Reports go out only after all are done (sorted, and
 * notes in input order), so the output does not depend on jobs. */
static void lint_all(const td_config *tc, const cli_inputs *inputs, unsigned jobs,
                     lint_result *results)
{
    lint_work w = {.tc = tc, .inputs = inputs, .results = results};
    atomic_init(&w.next, 0);
    atomic_init(&w.stop, 0);
    size_t nthreads = jobs < inputs->n ? jobs : inputs->n;
    if (nthreads <= 1) {
        for (size_t i = 0; i < inputs->n && !atomic_load(&w.stop); i++)
            lint_one(&w, i);
        return;
    }
    for (size_t i = 0; i < inputs->n && !atomic_load(&w.stop); i++)
        if (!inputs->items[i].fs_path)
            lint_one(&w, i);
    json_object_seed(0); /* jansson: seed its hash before threads make objects */
    pthread_t *threads = calloc(nthreads - 1, sizeof *threads);
    size_t started = 0;
    pthread_attr_t attr;
    int have_attr = pthread_attr_init(&attr) == 0;
    if (have_attr)
        pthread_attr_setstacksize(&attr, stack_size());
    while (threads && started < nthreads - 1 &&
           pthread_create(&threads[started], have_attr ? &attr : NULL, lint_worker, &w) == 0)
        started++;
    if (have_attr)
        pthread_attr_destroy(&attr);
    lint_worker(&w); /* this thread too; alone when no thread could start */
    for (size_t k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    free(threads);
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
    cli_inputs inputs = {0};
    int trouble = 0, oom = 0;
    for (size_t i = 0; i < npaths && !oom; i++) {
        int got = cli_collect(paths[i], cfg.stdin_filename, &inputs, stderr);
        if (got < 0)
            oom = 1;
        else if (got > 0) /* a directory named on the command line cannot be read */
            trouble = 1;
    }

    entry *files = calloc(inputs.n ? inputs.n : 1, sizeof *files);
    lint_result *results = calloc(inputs.n ? inputs.n : 1, sizeof *results);
    size_t nfiles = 0;
    if (!files || !results)
        oom = 1;
    if (!oom)
        lint_all(tc, &inputs, cfg.jobs ? cfg.jobs : default_jobs(), results);
    for (size_t i = 0; i < inputs.n && results; i++) {
        const cli_input *in = &inputs.items[i];
        td_file *f = results[i].file;
        if (oom || results[i].err < 0 || !f) {
            oom = 1;
            td_file_free(f);
            continue;
        }
        if (in->from_walk && !cfg.strict && td_file_get_status(f) == TD_FILE_SYNTAX_ERROR) {
            const td_finding *e = td_file_finding(f, 0);
            fprintf(stderr, "tdlint: note: skipping %s:%lu:%lu: %s (--strict reports it)\n",
                    in->display, e ? e->start.line : 1, e ? e->start.column : 1,
                    td_file_error(f));
            td_file_free(f);
            continue;
        }
        if (td_file_get_status(f) != TD_FILE_OK)
            trouble = 1;
        files[nfiles].file = f;
        files[nfiles].order = nfiles;
        nfiles++;
    }

    int status = EXIT_CLEAN;
    if (oom) {
        fprintf(stderr, "tdlint: out of memory\n");
        status = EXIT_TROUBLE;
    } else {
        qsort(files, nfiles, sizeof *files, entry_cmp);
        td_file **list = calloc(nfiles ? nfiles : 1, sizeof *list);
        if (!list) {
            fprintf(stderr, "tdlint: out of memory\n");
            status = EXIT_TROUBLE;
        } else {
            size_t nsuppressed = 0;
            for (size_t i = 0; i < nfiles; i++) {
                list[i] = files[i].file;
                for (size_t k = 0; k < td_file_finding_count(list[i]); k++) {
                    const td_finding *x = td_file_finding(list[i], k);
                    if (x->suppressed)
                        nsuppressed++;
                    else if (x->level >= fail_level)
                        status = EXIT_FINDINGS;
                }
            }
            if (cfg.verbose)
                cli_print_writable(stderr, list, nfiles);
            int rc;
            if (cfg.output) {
                rc = emit_to_file(&cfg, list, nfiles, trouble, fail_level);
            } else {
                rc = emit(&cfg, stdout, list, nfiles, trouble, fail_level);
                if (fflush(stdout) != 0)
                    rc = TD_EIO;
                if (rc != TD_OK)
                    fprintf(stderr, "tdlint: cannot write the report to standard output: %s\n",
                            strerror(errno));
            }
            if (rc != 0)
                trouble = 1;
            if (cfg.summary || isatty(STDERR_FILENO)) /* the summary counts suppressed ones */
                cli_print_summary(stderr, &cfg, list, nfiles);
            else if (nsuppressed)
                fprintf(stderr, "tdlint: %zu finding%s suppressed by exceptions%s\n", nsuppressed,
                        nsuppressed == 1 ? "" : "s",
                        cfg.format == FORMAT_SARIF ? " (marked as suppressed in the SARIF log)"
                        : cfg.format == FORMAT_JSON ? " (marked as suppressed in the JSON report)"
                        : cfg.format == FORMAT_JUNIT ? " (listed in the testcases' system-out)"
                        : cfg.format != FORMAT_TEXT ? ""
                        : cfg.show_suppressed      ? ""
                        : nsuppressed == 1         ? " (--show-suppressed prints it)"
                                                   : " (--show-suppressed prints them)");
            free(list);
        }
        if (trouble)
            status = EXIT_TROUBLE;
    }
    for (size_t i = 0; i < nfiles; i++)
        td_file_free(files[i].file);
    free(files);
    free(results);
    cli_inputs_free(&inputs);
    td_config_free(tc);
    cli_config_free(&cfg);
    return status;
}
