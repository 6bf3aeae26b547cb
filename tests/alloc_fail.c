/* Allocation failure, for every allocation: the program replaces malloc,
 * calloc, realloc and free (so jansson's and libyaml's allocations are
 * counted too, not only the library's own hook), counts the allocations one
 * run makes, then repeats the run making allocation N fail, for every N. Each
 * run must end cleanly (TD_OK or TD_ENOMEM, no crash) and leave no block
 * allocated behind it.
 *
 * usage: test_alloc_fail FILE... [--config FILE...] [--hcl FILE...]
 *   files after --config are configuration files, loaded with td_config_load;
 *   files after --hcl are Terraform HCL, loaded by the parse stage (tdi_load)
 *   with the JSON of each of their strings (tdi_doc_load_string)
 *   (exit 77 under AddressSanitizer, which replaces malloc itself) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"
#include "tdlint.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#ifndef UNDER_ASAN
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

/* updated atomically, as a program's threads would */
static int armed;             /* count and fail only while a run is measured */
static unsigned long counter; /* allocations so far in this run */
static unsigned long fail_at; /* the allocation to fail; 0: none */
static long live;             /* blocks allocated and not freed during the run */

static int should_fail(void)
{
    if (!__atomic_load_n(&armed, __ATOMIC_SEQ_CST))
        return 0;
    unsigned long n = __atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
    return fail_at && n == fail_at;
}

static void count_live(long d)
{
    if (__atomic_load_n(&armed, __ATOMIC_SEQ_CST))
        __atomic_add_fetch(&live, d, __ATOMIC_SEQ_CST);
}

void *malloc(size_t n)
{
    if (should_fail())
        return NULL;
    void *p = __libc_malloc(n);
    if (p)
        count_live(1);
    return p;
}

void *calloc(size_t a, size_t b)
{
    if (should_fail())
        return NULL;
    void *p = __libc_calloc(a, b);
    if (p)
        count_live(1);
    return p;
}

void *realloc(void *old, size_t n)
{
    if (should_fail())
        return NULL;
    void *p = __libc_realloc(old, n);
    if (p && !old)
        count_live(1);
    return p;
}

void free(void *p)
{
    if (p)
        count_live(-1);
    __libc_free(p);
}

static int config_mode; /* the files are configuration files */
static int hcl_mode;    /* the files are Terraform HCL */

/* Loads the JSON of every string below node; -1 on a wrong status. */
static int hcl_strings(const tdi_loaded *l, const json_t *node)
{
    const tdi_nodeloc *loc = tdi_doc_node(&l->docs[0], node);
    if (!loc)
        return 0; /* out of memory while indexing: possible, and clean */
    for (size_t i = 0; i < loc->n; i++) {
        const tdi_member *m = &loc->members[i];
        const json_t *v = m->key ? json_object_get(node, m->key) : json_array_get(node, i);
        if ((json_is_object(v) || json_is_array(v)) && hcl_strings(l, v) < 0)
            return -1;
        if (!json_is_string(v))
            continue;
        tdi_loaded e;
        int err = tdi_doc_load_string(&l->docs[0], &l->src, m->value_span, NULL, &e);
        tdi_loaded_free(&e);
        if (err != TD_OK && err != TD_ENOMEM)
            return -1;
    }
    return 0;
}

static int run_hcl(const char *data, size_t len)
{
    tdi_load_options opt = {0, 0, NULL, 1, NULL};
    tdi_loaded l;
    int err = tdi_load(data, len, &opt, &l);
    int r = err == TD_OK || err == TD_ENOMEM ? 0 : -1;
    if (err == TD_OK && l.ndocs == 1)
        r = hcl_strings(&l, l.docs[0].root);
    tdi_loaded_free(&l);
    return r;
}

/* One run over the bytes: lint, print in three formats, free, then fix; or
 * load the configuration file at path. */
static int run(const char *path, const char *data, size_t len)
{
    if (hcl_mode)
        return run_hcl(data, len);
    if (config_mode) {
        td_config *c = NULL;
        char *error = NULL;
        int err = td_config_load(path, &c, &error);
        td_config_free(c);
        free(error);
        return err == TD_OK || err == TD_ENOMEM || err == TD_EINVAL ? 0 : -1;
    }
    td_file *f = NULL;
    int err = td_lint_buffer(NULL, path, data, len, &f);
    if (err == TD_OK) {
        char *out = NULL;
        size_t outlen = 0;
        FILE *m = open_memstream(&out, &outlen);
        if (m) {
            td_sarif_options so = {"/work", 1};
            td_text_options to = {.min_level = TD_LEVEL_NOTE};
            (void)td_emit_text(m, &f, 1, &to);
            (void)td_emit_sarif(m, &f, 1, TD_LEVEL_NOTE, &so);
            (void)td_emit_json(m, &f, 1, TD_LEVEL_NOTE);
            fclose(m);
        }
        free(out);
        td_file_free(f);
    } else if (err != TD_ENOMEM || f) {
        return -1;
    }
    /* and fixed, round after round */
    char *fixed = NULL;
    size_t fixed_len = 0, nfixed = 0;
    err = td_fix_buffer(NULL, path, data, len, &fixed, &fixed_len, &nfixed, &f);
    if (err == TD_OK) {
        free(fixed);
        td_file_free(f);
    } else if (err != TD_ENOMEM || f || fixed) {
        return -1;
    }
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, r;
    do {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            buf = realloc(buf, cap);
        }
        r = fread(buf + n, 1, cap - n, f);
        n += r;
    } while (r > 0);
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 || strcmp(argv[i], "--hcl") == 0) {
            config_mode = strcmp(argv[i], "--config") == 0;
            hcl_mode = !config_mode;
            continue;
        }
        size_t len;
        char *data = slurp(argv[i], &len);
        if (!data) {
            fprintf(stderr, "cannot read %s\n", argv[i]);
            return 2;
        }
        /* a first run outside the count: one-time set-up (jansson's hash seed,
         * the C library's locale and time zone) stays allocated for good */
        run(argv[i], data, len);
        armed = 1, counter = 0, fail_at = 0, live = 0;
        int r = run(argv[i], data, len);
        unsigned long total = counter;
        long left = live;
        armed = 0;
        if (r < 0 || left != 0) {
            fprintf(stderr, "%s: without failures: status %d, %ld blocks left\n", argv[i], r, left);
            failed = 1;
        }
        unsigned long bad = 0;
        for (unsigned long n = 1; n <= total; n++) {
            armed = 1, counter = 0, fail_at = n, live = 0;
            r = run(argv[i], data, len);
            left = live;
            armed = 0;
            if (r < 0 || left != 0) {
                if (bad++ < 10)
                    fprintf(stderr, "%s: allocation %lu failing: %s, %ld blocks left\n", argv[i], n,
                            r < 0 ? "wrong status" : "clean", left);
                failed = 1;
            }
        }
        printf("%s: %lu allocations, each made to fail in turn: %lu runs not clean\n", argv[i],
               total, bad);
        free(data);
    }
    return failed;
}
#else
int main(void)
{
    puts("AddressSanitizer replaces malloc: this test runs in the plain build only");
    return 77;
}
#endif
