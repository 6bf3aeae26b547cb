/* The configuration file: reading .tdlint.yaml (YAML or JSON) with the
 * project's own loader, so that every error has a line and column, and
 * checking it against its schema. */
#include "engine.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- parsing .tdlint.yaml ---- */

static const char *const TOP_KEYS[] = {"fail-level",   "disable",    "enable", "exclude",
                                       "system-paths", "exceptions", NULL};
static const char *const EXCEPTION_KEYS[] = {"rule",   "path",    "task", "container",
                                             "reason", "expires", NULL};

/* One configuration error: where, and its message "PATH:LINE:COL: ...". */
typedef struct {
    size_t offset;
    char *msg;
} cerror;

typedef struct {
    const char *path; /* the file as named, for messages */
    const tdi_source *src;
    const tdi_doc *doc;
    td_config *cfg;
    cerror *errors; /* every error met, reported together in source order */
    size_t nerrors, errors_cap;
    int oom;
} cparse;

/* Keeps the error "PATH:LINE:COL: message" for the byte offset and returns
 * TD_EINVAL (TD_ENOMEM when that or an earlier step ran out of memory). The
 * parse goes on with the next value, so that one run reports every error:
 * TD_EINVAL stops only the value at fault (see go_on). */
static int cfail(cparse *p, size_t offset, const char *fmt, ...) TDI_PRINTF(3, 4);
static int cfail(cparse *p, size_t offset, const char *fmt, ...)
{
    td_position pos = tdi_source_position(p->src, offset);
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_printf(&b, "%s:%lu:%lu: ", p->path, pos.line, pos.column);
    va_list ap;
    va_start(ap, fmt);
    tdi_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    char *msg = tdi_buf_steal(&b);
    if (!msg || p->oom ||
        tdi_grow((void **)&p->errors, &p->errors_cap, p->nerrors + 1, sizeof *p->errors) < 0) {
        tdi_free(msg);
        p->oom = 1;
        return TD_ENOMEM;
    }
    p->errors[p->nerrors].offset = offset;
    p->errors[p->nerrors++].msg = msg;
    return TD_EINVAL;
}

/* After a value: an error in it (kept) does not stop the parse; running out
 * of memory does. */
static int go_on(int err)
{
    return err == TD_EINVAL ? TD_OK : err;
}

/* s in double quotes, escaped and shortened for a message (in the arena). */
static const char *quoted(cparse *p, const char *s)
{
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_quoted(&b, s, strlen(s), TDI_QUOTE_MAX);
    const char *q = b.failed ? NULL : tdi_arena_strdup(&p->cfg->arena, b.data);
    tdi_buf_free(&b);
    if (!q)
        p->oom = 1;
    return q ? q : "\"\"";
}

/* An unknown key, with the nearest known one when there is one (*meant,
 * which may be NULL: the key the user meant, then not reported missing). */
static int unknown_key(cparse *p, const tdi_member *m, const char *const *keys, const char *where,
                       const char **meant)
{
    const char *best = NULL;
    /* suggest a key one edit away, two for longer keys ("reasno") */
    size_t best_d = strlen(m->key) >= 5 ? 3 : 2;
    for (size_t i = 0; keys[i]; i++) {
        size_t d = tdi_edit_distance(m->key, keys[i], 3, 1);
        if (d < best_d) {
            best_d = d;
            best = keys[i];
        }
    }
    if (meant)
        *meant = best;
    if (best)
        return cfail(p, m->key_span.start, "unknown key %s%s: did you mean \"%s\"?",
                     quoted(p, m->key), where, best);
    tdi_buf list;
    tdi_buf_init(&list);
    for (size_t i = 0; keys[i]; i++)
        tdi_buf_printf(&list, "%s%s", i == 0 ? "" : keys[i + 1] ? ", " : " and ", keys[i]);
    if (list.failed)
        p->oom = 1;
    int err = cfail(p, m->key_span.start, "unknown key %s%s: the keys are %s", quoted(p, m->key),
                    where, list.failed ? "" : list.data);
    tdi_buf_free(&list);
    return err;
}

static int is_known(const char *key, const char *const *keys)
{
    for (size_t i = 0; keys[i]; i++)
        if (strcmp(key, keys[i]) == 0)
            return 1;
    return 0;
}

/* A string value of member m of obj, copied to the arena; a configuration
 * error pointing at the value when it is not a non-empty string. what says
 * what the string should be ("a rule ID such as TD001"). */
static int string_value(cparse *p, const json_t *obj, const tdi_member *m, const char *what,
                        const char **out)
{
    const json_t *v = json_object_get(obj, m->key);
    if (!json_is_string(v))
        return cfail(p, m->value_span.start, "%s must be %s, not %s", m->key, what,
                     tdi_json_kind(v));
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (strlen(s) != n)
        return cfail(p, m->value_span.start, "%s must not contain a NUL character", m->key);
    size_t k = 0;
    while (k < n && isspace((unsigned char)s[k]))
        k++;
    if (k == n)
        return cfail(p, m->value_span.start, "%s is empty: write %s", m->key, what);
    if (!(*out = tdi_arena_strdup(&p->cfg->arena, s)))
        return TD_ENOMEM;
    return TD_OK;
}

/* The rule a string names, checked: known, and unless use is NULL not TD000
 * (input errors can be neither turned off nor excepted). */
static int rule_value(cparse *p, const char *id, size_t offset, const char *use, const char **out)
{
    const td_rule_info *r = td_rule_find(id);
    if (!r)
        return cfail(p, offset, "unknown rule %s: tdlint --list-rules lists the rules",
                     quoted(p, id));
    if (use && strcmp(r->id, "TD000") == 0)
        return cfail(p, offset, "TD000 (input errors) cannot be %s", use);
    *out = r->id;
    return TD_OK;
}

/* A list value, or NULL for null (an empty list); a configuration error for
 * anything else. */
static int list_value(cparse *p, const json_t *obj, const tdi_member *m, const char *of,
                      const json_t **out)
{
    const json_t *v = json_object_get(obj, m->key);
    *out = NULL;
    if (json_is_null(v))
        return TD_OK;
    if (!json_is_array(v))
        return cfail(p, m->value_span.start, "%s must be a list of %s, not %s", m->key, of,
                     tdi_json_kind(v));
    *out = v;
    return TD_OK;
}

/* The span of element i of arr, or of arr itself. */
static size_t element_offset(cparse *p, const json_t *arr, size_t i)
{
    const tdi_member *e = tdi_doc_element(p->doc, arr, i);
    if (e)
        return e->value_span.start;
    const tdi_nodeloc *n = tdi_doc_node(p->doc, arr);
    return n ? n->span.start : 0;
}

/* disable: or enable: (each entry a rule ID). Enabled IDs and their offsets
 * go to ids/offsets (n entries, room for the list's size) for the check
 * against disable: once the whole file is read. */
static int parse_rules(cparse *p, const json_t *obj, const tdi_member *m, int enable,
                       const char **ids, size_t *offsets, size_t *n)
{
    const json_t *list;
    int err = list_value(p, obj, m, "rule IDs such as TD001", &list);
    for (size_t i = 0; err == TD_OK && list && i < json_array_size(list); i++) {
        const json_t *v = json_array_get(list, i);
        size_t at = element_offset(p, list, i);
        if (!json_is_string(v)) {
            err = go_on(cfail(p, at, "%s entries must be rule IDs such as TD001, not %s", m->key,
                              tdi_json_kind(v)));
            continue;
        }
        const char *id = NULL;
        err = rule_value(p, json_string_value(v), at,
                         enable ? NULL : "disabled: remove it from disable", &id);
        if (err < 0) {
            err = go_on(err);
            continue;
        }
        if (enable) {
            ids[*n] = id;
            offsets[(*n)++] = at;
        } else {
            err = td_config_set_rule(p->cfg, id, 0);
        }
    }
    return err;
}

static int parse_system_paths(cparse *p, const json_t *obj, const tdi_member *m)
{
    const json_t *list;
    int err = list_value(p, obj, m, "absolute paths", &list);
    if (err < 0 || !list || json_array_size(list) == 0)
        return err;
    size_t n = json_array_size(list);
    const char **paths = tdi_arena_alloc(&p->cfg->arena, n * sizeof *paths);
    if (!paths)
        return TD_ENOMEM;
    for (size_t i = 0; i < n && err == TD_OK; i++) {
        const json_t *v = json_array_get(list, i);
        size_t at = element_offset(p, list, i);
        paths[i] = NULL;
        if (!json_is_string(v)) {
            err = go_on(cfail(p, at, "system-paths entries must be absolute paths, not %s",
                              tdi_json_kind(v)));
            continue;
        }
        const char *s = json_string_value(v);
        if (s[0] != '/')
            err = go_on(cfail(p, at,
                              "system path %s is not absolute: write it from / on, for example "
                              "/opt/agent",
                              quoted(p, s)));
        else if (!(paths[i] = tdi_arena_strdup(&p->cfg->arena, s)))
            err = TD_ENOMEM;
    }
    p->cfg->system_paths = paths;
    p->cfg->nsystem_paths = n;
    return err;
}

/* exclude: globs relative to the configuration file's folder. */
static int parse_excludes(cparse *p, const json_t *obj, const tdi_member *m)
{
    const json_t *list;
    int err = list_value(p, obj, m, "globs such as generated/ or **/*.tmpl.json", &list);
    if (err < 0 || !list || json_array_size(list) == 0)
        return err;
    size_t n = json_array_size(list), k = 0;
    const char **globs = tdi_arena_alloc(&p->cfg->arena, n * sizeof *globs);
    if (!globs)
        return TD_ENOMEM;
    for (size_t i = 0; i < n && err == TD_OK; i++) {
        const json_t *v = json_array_get(list, i);
        size_t at = element_offset(p, list, i);
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        if (!s || !*s || strlen(s) != json_string_length(v)) {
            err = go_on(cfail(p, at, "exclude entries must be globs such as generated/, not %s",
                              s ? "an empty string" : tdi_json_kind(v)));
            continue;
        }
        if (s[0] == '/') {
            err = go_on(cfail(p, at,
                              "exclude %s is absolute: write it relative to the folder of the "
                              "configuration file",
                              quoted(p, s)));
            continue;
        }
        while (s[0] == '.' && s[1] == '/')
            s += 2;
        if (*s && !(globs[k++] = tdi_arena_strdup(&p->cfg->arena, s)))
            err = TD_ENOMEM;
    }
    p->cfg->excludes = globs;
    p->cfg->nexcludes = k;
    return err;
}

static int parse_exception(cparse *p, const json_t *e, size_t at, tdi_exception *x)
{
    const tdi_nodeloc *loc = tdi_doc_node(p->doc, e);
    if (!json_is_object(e) || !loc)
        return cfail(p, at,
                     "each exception must be a mapping with rule and reason (and path, "
                     "task, container or expires), not %s",
                     tdi_json_kind(e));
    int err = TD_OK, has_rule = 0, has_reason = 0;
    x->start = loc->span.start;
    x->end = loc->span.end;
    for (size_t i = 0; i < loc->n && go_on(err) == TD_OK; i++) {
        const tdi_member *m = &loc->members[i];
        const char *k = m->key;
        if (!is_known(k, EXCEPTION_KEYS)) {
            const char *meant = NULL;
            err = unknown_key(p, m, EXCEPTION_KEYS, " in an exception", &meant);
            /* "reasno": the reason is there, misspelt; one error says so */
            has_rule |= meant && strcmp(meant, "rule") == 0;
            has_reason |= meant && strcmp(meant, "reason") == 0;
        } else if (strcmp(k, "rule") == 0) {
            has_rule = 1;
            const char *id;
            err = string_value(p, e, m, "a rule ID such as TD001", &id);
            if (err == TD_OK)
                err = rule_value(p, id, m->value_span.start,
                                 "excepted (a file that cannot be read is never clean): "
                                 "remove this exception",
                                 &x->rule);
        } else if (strcmp(k, "path") == 0) {
            err = string_value(p, e, m, "a glob such as services/*/taskdef.json", &x->path);
            if (err == TD_OK && x->path[0] == '/')
                err = cfail(p, m->value_span.start,
                            "path %s is absolute: write it relative to the folder of the "
                            "configuration file",
                            quoted(p, x->path));
            while (err == TD_OK && x->path[0] == '.' && x->path[1] == '/')
                x->path += 2;
        } else if (strcmp(k, "task") == 0) {
            err = string_value(p, e, m, "a task definition family or logical ID", &x->task);
        } else if (strcmp(k, "container") == 0) {
            err = string_value(p, e, m, "a container name", &x->container);
        } else if (strcmp(k, "reason") == 0) {
            has_reason = 1;
            err = string_value(p, e, m, "why the finding is acceptable", &x->reason);
        } else {
            err = string_value(p, e, m, "a date YYYY-MM-DD", &x->expires);
            if (err == TD_OK && !tdi_date_valid(x->expires))
                err = cfail(p, m->value_span.start,
                            "expires %s is not a date: write YYYY-MM-DD, for example 2025-12-31",
                            quoted(p, x->expires));
        }
    }
    if (go_on(err) < 0)
        return err;
    /* a rule or reason given but wrong has its own error */
    if (!has_rule)
        err = cfail(p, loc->span.start,
                    "exception has no rule: add rule: TD001 (tdlint --list-rules lists the IDs)");
    if (!has_reason && go_on(err) == TD_OK)
        return cfail(p, loc->span.start,
                     "exception%s%s has no reason: add reason: \"...\" saying why the finding "
                     "is acceptable",
                     x->rule ? " for " : "", x->rule ? x->rule : "");
    return err;
}

static int parse_exceptions(cparse *p, const json_t *obj, const tdi_member *m)
{
    const json_t *list;
    int err = list_value(p, obj, m, "mappings (rule, reason, ...)", &list);
    if (err < 0 || !list || json_array_size(list) == 0)
        return err;
    size_t n = json_array_size(list);
    tdi_exception *x = tdi_arena_alloc(&p->cfg->arena, n * sizeof *x);
    if (!x)
        return TD_ENOMEM;
    memset(x, 0, n * sizeof *x);
    for (size_t i = 0; i < n && err == TD_OK; i++)
        err = go_on(parse_exception(p, json_array_get(list, i), element_offset(p, list, i), &x[i]));
    p->cfg->exceptions = x;
    p->cfg->nexceptions = n;
    return err;
}

static int parse_root(cparse *p, const json_t *root)
{
    const tdi_nodeloc *loc = tdi_doc_node(p->doc, root);
    if (!json_is_object(root) || !loc)
        return cfail(p, p->doc->root_span.start,
                     "the configuration must be a mapping (fail-level, disable, enable, "
                     "system-paths, exceptions), not %s",
                     tdi_json_kind(root));
    size_t cap = 0;
    for (size_t i = 0; i < loc->n; i++) {
        const json_t *v = json_object_get(root, loc->members[i].key);
        if (strcmp(loc->members[i].key, "enable") == 0 && json_is_array(v))
            cap += json_array_size(v);
    }
    const char **enabled = tdi_arena_alloc(&p->cfg->arena, (cap ? cap : 1) * sizeof *enabled);
    size_t *offsets = tdi_arena_alloc(&p->cfg->arena, (cap ? cap : 1) * sizeof *offsets);
    size_t nenabled = 0;
    if (!enabled || !offsets)
        return TD_ENOMEM;
    int err = TD_OK;
    for (size_t i = 0; i < loc->n && go_on(err) == TD_OK; i++) {
        const tdi_member *m = &loc->members[i];
        const char *k = m->key;
        if (!is_known(k, TOP_KEYS)) {
            err = unknown_key(p, m, TOP_KEYS, "", NULL);
        } else if (strcmp(k, "fail-level") == 0) {
            const json_t *v = json_object_get(root, k);
            if (!json_is_string(v))
                err = cfail(p, m->value_span.start,
                            "fail-level must be error, warning or note, not %s", tdi_json_kind(v));
            else if ((p->cfg->fail_level = td_level_parse(json_string_value(v))) == TD_LEVEL_NONE)
                err = cfail(p, m->value_span.start,
                            "unknown fail-level %s: use error, warning or note",
                            quoted(p, json_string_value(v)));
        } else if (strcmp(k, "disable") == 0 || strcmp(k, "enable") == 0) {
            err = parse_rules(p, root, m, k[0] == 'e', enabled, offsets, &nenabled);
        } else if (strcmp(k, "system-paths") == 0) {
            err = parse_system_paths(p, root, m);
        } else if (strcmp(k, "exclude") == 0) {
            err = parse_excludes(p, root, m);
        } else {
            err = parse_exceptions(p, root, m);
        }
    }
    err = go_on(err);
    for (size_t i = 0; i < nenabled && err == TD_OK; i++) {
        if (!td_config_rule_enabled(p->cfg, enabled[i]))
            err = go_on(cfail(p, offsets[i], "%s is both in disable and in enable: keep it in one",
                              enabled[i]));
    }
    return err;
}

/* The errors in source order (a stable sort: an exception's own errors come
 * before the ones about what it lacks), one a line, into *error. */
static int join_errors(cparse *p, char **error)
{
    for (size_t i = 1; i < p->nerrors; i++)
        for (size_t j = i; j > 0 && p->errors[j - 1].offset > p->errors[j].offset; j--) {
            cerror t = p->errors[j];
            p->errors[j] = p->errors[j - 1];
            p->errors[j - 1] = t;
        }
    tdi_buf b;
    tdi_buf_init(&b);
    for (size_t i = 0; i < p->nerrors; i++)
        tdi_buf_printf(&b, "%s%s", i ? "\n" : "", p->errors[i].msg);
    *error = tdi_buf_steal(&b);
    return *error ? TD_EINVAL : TD_ENOMEM;
}

int tdi_config_parse(const char *path, const char *dir, const char *data, size_t len,
                     td_config **out, char **error)
{
    td_config *cfg;
    *out = NULL;
    *error = NULL;
    if (td_config_new(&cfg) < 0)
        return TD_ENOMEM;
    tdi_loaded l;
    int err = tdi_load(data, len, NULL, &l);
    cparse p = {path, &l.src, NULL, cfg, NULL, 0, 0, 0};
    if (err < 0)
        goto done;
    cfg->file = tdi_strdup(path);
    cfg->dir = dir ? tdi_strdup(dir) : NULL;
    cfg->text = tdi_arena_alloc(&cfg->arena, len + 1);
    if (!cfg->file || (dir && !cfg->dir) || !cfg->text) {
        err = TD_ENOMEM;
        goto done;
    }
    if (len)
        memcpy(cfg->text, data, len);
    cfg->text[len] = '\0';
    cfg->text_len = len;
    if (l.status != TDI_LOAD_OK) {
        err = cfail(&p, l.error_start, "%s", l.error);
        goto done;
    }
    /* each duplicate key is an error in a configuration; the document keeps
     * the last of each, which is checked too, so that every error is told */
    for (size_t i = 0; i < l.nissues && err != TD_ENOMEM; i++) {
        const char *m = l.issues[i].message, *tail = strstr(m, TDI_DUPLICATE_TAIL);
        err = cfail(&p, l.issues[i].start, "%.*s: remove one",
                    (int)(tail ? (size_t)(tail - m) : strlen(m)), m);
    }
    if (err == TD_ENOMEM)
        goto done;
    if (l.ndocs > 1) {
        p.doc = &l.docs[1];
        err = cfail(&p, l.docs[1].root_span.start,
                    "the configuration file holds %zu YAML documents: keep one", l.ndocs);
        goto done;
    }
    if (l.ndocs == 1 && !json_is_null(l.docs[0].root)) {
        p.doc = &l.docs[0];
        err = parse_root(&p, l.docs[0].root);
        if (err == TD_OK && l.docs[0].index_err)
            err = TD_ENOMEM;
    }
    if (err == TD_OK && p.nerrors)
        err = TD_EINVAL;
done:
    tdi_loaded_free(&l);
    if (err == TD_EINVAL && !p.oom)
        err = join_errors(&p, error);
    else if (err == TD_EINVAL || p.oom)
        err = TD_ENOMEM;
    for (size_t i = 0; i < p.nerrors; i++)
        tdi_free(p.errors[i].msg);
    tdi_free(p.errors);
    if (err < 0) {
        td_config_free(cfg);
        return err;
    }
    *out = cfg;
    return TD_OK;
}

/* ---- reading the file ---- */

static int read_file(const char *path, char **data, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return -EISDIR;
    }
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap && tdi_grow((void **)&buf, &cap, n + 4096, 1) < 0) {
            tdi_free(buf);
            close(fd);
            return -ENOMEM;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            tdi_free(buf);
            close(fd);
            return -e;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    *data = buf;
    *len = n;
    return 0;
}

/* The absolute, symlink-free folder that holds file path. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash == path ? tdi_strdup("/")
                : slash       ? tdi_strndup(path, (size_t)(slash - path))
                              : tdi_strdup(".");
    if (!dir)
        return NULL;
    char real[PATH_MAX];
    char *abs = realpath(dir, real) ? tdi_strdup(real) : NULL;
    tdi_free(dir);
    return abs;
}

int td_config_load(const char *path, td_config **out, char **error)
{
    *out = NULL;
    *error = NULL;
    char *data = NULL;
    size_t len = 0;
    int r = read_file(path, &data, &len);
    if (r == -ENOMEM)
        return TD_ENOMEM;
    char *dir = r == 0 ? folder_of(path) : NULL;
    if (r == 0 && !dir)
        r = -errno;
    if (r < 0) {
        tdi_free(data);
        char why[128];
        tdi_buf b;
        tdi_buf_init(&b);
        tdi_buf_printf(&b,
                       "%s: cannot read the configuration file: %s: check the path and its "
                       "permissions, or pass --no-config",
                       path, tdi_strerror(-r, why, sizeof why));
        *error = tdi_buf_steal(&b);
        return *error ? TD_EINVAL : TD_ENOMEM;
    }
    int err = tdi_config_parse(path, dir, data, len, out, error);
    tdi_free(dir);
    tdi_free(data);
    return err;
}
