/* Fuzz target: the whole library on one input: td_lint_buffer, the file's
 * accessors, then every output format into a memory stream. Checks that
 * findings are sorted with start <= end, that the source line of every
 * finding and related location is kept, that every emitter succeeds, and
 * that linting with a whole tree reports the same as td_lint_buffer, which
 * builds only what the rules read (tdi_model_prune); then, for inputs that
 * may hold a Terraform resource, the same as a .tf file, in a module folder
 * (made once, in a temporary folder) whose other files file(), locals and
 * variables read. */
#include "fuzz.h"

#include "engine/engine.h"
#include "tdlint.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <string.h>

static void check_position(const td_file *file, const char *path, td_position start,
                           td_position end)
{
    FUZZ_CHECK(start.line >= 1 && start.column >= 1);
    FUZZ_CHECK(start.line < end.line || (start.line == end.line && start.column <= end.column));
    FUZZ_CHECK(start.offset <= end.offset);
    if (td_file_get_status(file) != TD_FILE_READ_ERROR)
        FUZZ_CHECK(td_file_line_in(file, path, start.line, NULL) != NULL);
}

static void check_file(const td_file *file)
{
    td_file_status st = td_file_get_status(file);
    FUZZ_CHECK((st == TD_FILE_OK) == (td_file_error(file) == NULL));
    size_t n = td_file_finding_count(file);
    for (size_t i = 0; i < n; i++) {
        const td_finding *f = td_file_finding(file, i);
        FUZZ_CHECK(f != NULL && f->rule_id && f->message && f->pointer && f->fingerprint);
        FUZZ_CHECK(td_rule_find(f->rule_id) != NULL);
        FUZZ_CHECK(strlen(f->fingerprint) == 16);
        check_position(file, f->path, f->start, f->end);
        for (size_t r = 0; r < f->nrelated; r++)
            check_position(file, f->related[r].path, f->related[r].start, f->related[r].end);
        if (i > 0 && strcmp(td_file_finding(file, i - 1)->path, f->path) == 0) {
            const td_finding *p = td_file_finding(file, i - 1);
            FUZZ_CHECK(p->start.line < f->start.line ||
                       (p->start.line == f->start.line && p->start.column <= f->start.column));
        }
    }
    FUZZ_CHECK(td_file_finding(file, n) == NULL);
    size_t nc = td_file_container_count(file);
    for (size_t i = 0; i < nc; i++) {
        const td_container_info *c = td_file_container(file, i);
        FUZZ_CHECK(c != NULL && c->pointer != NULL);
        for (size_t w = 0; w < c->nwritable; w++)
            FUZZ_CHECK(c->writable[w].how != NULL);
    }
    size_t nt = td_file_task_count(file);
    for (size_t i = 0; i < nt; i++) {
        const td_task_info *t = td_file_task(file, i);
        FUZZ_CHECK(t != NULL && t->first_container + t->ncontainers <= nc);
    }
}

/* Runs one emitter (0..8) into a memory stream. */
static void emit(td_file *const *files, size_t n, int which)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    FUZZ_CHECK(out != NULL);
    td_text_options snippets = {TD_LEVEL_NOTE, 1, 1, 0, 0, 40};
    td_text_options color = {TD_LEVEL_NONE, 0, 1, 1, 1, 0};
    td_sarif_options sarif = {"/work/repo", 1};
    td_junit_options junit = {TD_LEVEL_WARNING};
    int err = TD_OK;
    switch (which) {
    case 0:
        err = td_emit_text(out, files, n, NULL);
        break;
    case 1:
        err = td_emit_text(out, files, n, &snippets);
        break;
    case 2:
        err = td_emit_text(out, files, n, &color);
        break;
    case 3:
        err = td_emit_sarif(out, files, n, TD_LEVEL_NOTE, &sarif);
        break;
    case 4:
        err = td_emit_sarif(out, files, n, TD_LEVEL_ERROR, NULL);
        break;
    case 5:
        err = td_emit_json(out, files, n, TD_LEVEL_NOTE);
        break;
    case 6:
        err = td_emit_github(out, files, n, TD_LEVEL_NOTE);
        break;
    case 7:
        err = td_emit_gitlab(out, files, n, TD_LEVEL_NOTE);
        break;
    case 8:
        err = td_emit_junit(out, files, n, TD_LEVEL_NOTE, &junit);
        break;
    }
    FUZZ_CHECK(fclose(out) == 0);
    /* nothing fails an allocation here: an error is a bug (a string jansson
     * refuses once made every SARIF report fail as "out of memory") */
    FUZZ_CHECK(err == TD_OK);
    if (which >= 3 && which != 6 && which != 8) { /* SARIF, JSON, GitLab: valid JSON */
        json_t *v = json_loadb(buf, len, 0, NULL);
        FUZZ_CHECK(v != NULL);
        json_decref(v);
    }
    free(buf);
}

/* The JSON report of one file (every finding, its position and pointer,
 * the containers and their writable places), or NULL when out of memory. */
static char *report(td_file *file)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    FUZZ_CHECK(out != NULL);
    int err = td_emit_json(out, &file, 1, TD_LEVEL_NOTE);
    FUZZ_CHECK(fclose(out) == 0);
    if (err < 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* A whole tree gives the report the pruned one gave. */
static void check_pruned_same(const uint8_t *data, size_t size, td_file *pruned)
{
    td_file *whole = NULL;
    if (tdi_lint_buffer_flags(NULL, "dir/task def.yaml", data, size, 0, &whole) < 0)
        return;
    char *a = report(pruned), *b = report(whole);
    FUZZ_CHECK(!a || !b || strcmp(a, b) == 0);
    free(a);
    free(b);
    td_file_free(whole);
}

/* Whether word is in data (memmem is not standard C). */
static int mentions(const uint8_t *data, size_t size, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= size; i++)
        if (memcmp(data + i, word, n) == 0)
            return 1;
    return 0;
}

/* A module folder's other files: locals, variables, what file() and
 * templatefile() read. */
static const char *const module_files[][2] = {
    {"locals.tf", "locals {\n  web = [{ name = \"web\", image = \"web:1\" }]\n"
                  "  proxy = { name = \"proxy\", readonlyRootFilesystem = var.ro }\n}\n"},
    {"variables.tf", "variable \"ro\" {\n  default = false\n}\nvariable \"defs\" {\n"
                     "  default = <<-EOT\n    [{\"name\": \"d\", \"image\": \"d:1\"}]\n  EOT\n}\n"},
    {"containers.json", "[{\"name\": \"c\", \"image\": \"c:1\", \"mountPoints\": "
                        "[{\"sourceVolume\": \"v\", \"containerPath\": \"/x\"}]}]"},
    {"app.json.tpl", "[{\"name\": \"${name}\", \"readonlyRootFilesystem\": ${ro}}]"},
};
static char module_dir[64];
static char module_main[96];

static void remove_module(void)
{
    char path[160];
    for (size_t i = 0; i < sizeof module_files / sizeof module_files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", module_dir, module_files[i][0]);
        unlink(path);
    }
    rmdir(module_dir);
}

/* The module folder's main.tf path, the folder made on first use; NULL when
 * it cannot be made. */
static const char *module_path(void)
{
    if (module_main[0])
        return module_main;
    snprintf(module_dir, sizeof module_dir, "/tmp/tdlint-fuzz-module.XXXXXX");
    if (!mkdtemp(module_dir))
        return NULL;
    for (size_t i = 0; i < sizeof module_files / sizeof module_files[0]; i++) {
        char path[160];
        snprintf(path, sizeof path, "%s/%s", module_dir, module_files[i][0]);
        FILE *f = fopen(path, "w");
        if (f) {
            fputs(module_files[i][1], f);
            fclose(f);
        }
    }
    atexit(remove_module);
    snprintf(module_main, sizeof module_main, "%s/main.tf", module_dir);
    return module_main;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The display path decides nothing but what is printed; a YAML-ish name
     * keeps the corpus readable in reports. */
    td_file *files[2] = {NULL, NULL};
    if (td_lint_buffer(NULL, "dir/task def.yaml", data, size, &files[0]) < 0)
        return 0;
    check_file(files[0]);
    check_pruned_same(data, size, files[0]);
    td_file_new_read_error("missing.json", "No such file or directory", &files[1]);
    size_t n = files[1] ? 2 : 1;
    for (int which = 0; which <= 8; which++)
        emit(files, n, which);
    td_file_free(files[0]);
    /* the same bytes as a Terraform file: the HCL loader, the model's
     * Terraform shapes and their reports (when they may hold a resource) */
    if (mentions(data, size, "resource")) {
        td_file *tf[2] = {NULL, files[1]};
        if (td_lint_buffer(NULL, "dir/main.tf", data, size, &tf[0]) == 0) {
            check_file(tf[0]);
            for (int which = 0; which <= 8; which++)
                emit(tf, n, which);
            td_file_free(tf[0]);
        }
        const char *in_module = module_path();
        if (in_module && td_lint_buffer(NULL, in_module, data, size, &tf[0]) == 0) {
            check_file(tf[0]);
            for (int which = 0; which <= 8; which++)
                emit(tf, n, which);
            td_file_free(tf[0]);
        }
    }
    td_file_free(files[1]);
    return 0;
}
