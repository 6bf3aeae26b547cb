/* Linting the inputs, --jobs N at a time, handed back in order.
 *
 * The files come from a cli_source in the order the report lists them. The
 * caller takes each file as soon as it and every file before it are
 * linted; the threads take the next file to lint, at most WINDOW per thread
 * ahead of the caller, so that the memory held does not grow with the number
 * of files. While the next file is not ready, the caller's thread lints too. */
#include "cli.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define WINDOW 16

typedef struct {
    cli_input in;
    td_file *file; /* NULL when not linted (out of memory) */
    int err;       /* TD_ENOMEM, else TD_OK */
    cli_fixed fx;  /* what --fix or --diff did */
    int done;
} lint_slot;

struct cli_pool {
    const td_config *tc;
    cli_mode mode;
    cli_source *src;
    lint_slot *slots; /* the files between reported and taken, at index % window */
    size_t window;
    size_t taken;       /* files taken from the source */
    size_t reported;    /* files before this one are reported */
    int source_done;    /* the source has no more */
    int stop;           /* out of memory, or the report failed: take no more */
    pthread_mutex_t mu; /* guards all of the above but tc, and each slot's done */
    pthread_cond_t cv;
    pthread_t *threads; /* the helpers started */
    size_t nthreads;
};
typedef struct cli_pool lint_work;

static lint_slot *slot_of(lint_work *w, size_t i)
{
    return &w->slots[i % w->window];
}

static void lint_one(lint_work *w, lint_slot *sl)
{
    /* each file under its own configuration (cli/configs.c) */
    const td_config *tc = sl->in.scope.tc ? sl->in.scope.tc : w->tc;
    if (w->mode != CLI_LINT)
        sl->err = cli_fix_one(tc, &sl->in, w->mode, &sl->file, &sl->fx);
    else if (sl->in.fs_path)
        sl->err = td_lint_path(tc, sl->in.fs_path, sl->in.display, &sl->file);
    else
        sl->err = td_lint_fd(tc, STDIN_FILENO, sl->in.display, &sl->file);
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

/* The next file in order, once linted (by this thread meanwhile if need
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
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > size &&
        rl.rlim_cur <= ((size_t)1 << 30))
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

unsigned cli_default_jobs(void)
{
    long n = 1;
#ifdef _SC_NPROCESSORS_ONLN
    n = sysconf(_SC_NPROCESSORS_ONLN);
#endif
    return n < 1 ? 1 : n > CLI_MAX_JOBS ? CLI_MAX_JOBS : (unsigned)n;
}

int cli_pool_start(cli_pool **out, const td_config *tc, cli_mode mode, cli_source *src,
                   unsigned jobs)
{
    lint_work *w = calloc(1, sizeof *w);
    *out = w;
    if (!w)
        return -1;
    w->tc = tc;
    w->mode = mode;
    w->src = src;
    w->window = WINDOW * (size_t)jobs;
    w->slots = calloc(w->window, sizeof *w->slots);
    w->threads = jobs > 1 ? calloc(jobs - 1, sizeof *w->threads) : NULL;
    if (!w->slots || (jobs > 1 && !w->threads)) {
        free(w->slots);
        free(w->threads);
        free(w);
        *out = NULL;
        return -1;
    }
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    /* the first file; the threads start only when there is another */
    pthread_mutex_lock(&w->mu);
    lint_slot *first = take(w);
    if (first && cli_source_more(src) && jobs > 1) {
        json_object_seed(0); /* jansson: seed its hash before threads make objects */
        w->nthreads = start_threads(w, w->threads, jobs - 1);
    }
    if (first)
        lint_taken(w, first);
    pthread_mutex_unlock(&w->mu);
    return 0;
}

int cli_pool_next(cli_pool *w, cli_input *in, td_file **file, int *err, cli_fixed *fx)
{
    int stopped;
    lint_slot *sl = next_to_report(w, &stopped);
    if (!sl)
        return stopped ? -1 : 0;
    *in = sl->in;
    *file = sl->file;
    *err = sl->err;
    *fx = sl->fx;
    memset(sl, 0, sizeof *sl);
    reported(w);
    return 1;
}

void cli_pool_stop(cli_pool *w)
{
    if (!w)
        return;
    stop_work(w);
    for (size_t k = 0; k < w->nthreads; k++)
        pthread_join(w->threads[k], NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    /* linted but not handed out (the run stopped) */
    for (size_t i = w->reported; i < w->taken; i++) {
        td_file_free(slot_of(w, i)->file);
        cli_input_free(&slot_of(w, i)->in);
        cli_fixed_free(&slot_of(w, i)->fx);
    }
    free(w->slots);
    free(w->threads);
    free(w);
}
