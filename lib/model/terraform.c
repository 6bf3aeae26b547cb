/* Terraform: where most ECS task definitions are written.
 *
 * Shapes recognized:
 *   - `terraform show -json` of a plan: every managed aws_ecs_task_definition
 *     of planned_values.root_module and its child_modules, at any depth, and of
 *     resource_changes (change.after) for an address planned_values lacks;
 *     resources a plan only deletes are left out. One task per address;
 *   - `terraform show -json` of a state: values.root_module, the same way;
 *   - a configuration in Terraform's JSON syntax (.tf.json), and .tf files,
 *     which the HCL loader turns into that shape: resource blocks
 *     `resource.aws_ecs_task_definition.NAME`.
 * The awscc provider's awscc_ecs_task_definition is read the same way: its
 * container_definitions is a list of objects in snake_case
 * (read_only_root_filesystem, mount_points), the spelling TDI_FLAVOR_CC.
 * container_definitions is JSON in a string: its text is loaded on its own
 * (tdi_doc_load_string), every position located where it is written in the
 * file, and the task's containers are read from it (tdi_container.doc). A list
 * instead of a string (jsonencode(...) of a .tf, which the loader evaluates)
 * is read as it is. What is known only later is TD002, never a pass: a plan's
 * after_unknown.container_definitions, and in a configuration an expression
 * (Terraform's JSON syntax writes one as "${...}").
 *
 * The AWS provider decodes container definitions with Go's encoding/json,
 * which matches keys ignoring case and keeps the last of several: the model
 * reads a Terraform task's container keys the same way (model/keys.c). */
#include "build.h"

#include <string.h>

/* The resource types that are task definitions, and their spelling. */
static const struct {
    const char *type;
    tdi_flavor flavor;
} types[] = {
    {"aws_ecs_task_definition", TDI_FLAVOR_ECS},  /* container_definitions: JSON in a string */
    {"awscc_ecs_task_definition", TDI_FLAVOR_CC}, /* a list of objects, snake_case keys */
};
#define NTYPES (sizeof types / sizeof types[0])
#define CDEFS "container_definitions"

int tdi_tf_shape(const json_t *root)
{
    if (json_is_string(json_object_get(root, "format_version")) &&
        (json_is_object(json_object_get(root, "planned_values")) ||
         json_is_array(json_object_get(root, "resource_changes")) ||
         json_is_object(json_object_get(root, "values"))))
        return TDI_TF_PLAN;
    const json_t *res = json_object_get(root, "resource");
    if (json_is_object(res) || json_is_array(res))
        return TDI_TF_CONFIG;
    return 0;
}

/* The first "${...}" or "%{...}" of s, for a message; NULL when there is
 * none. */
static const char *first_placeholder(tdi_recog *r, const char *s)
{
    const char *p = strstr(s, "${"), *d = strstr(s, "%{");
    if (!p || (d && d < p))
        p = d;
    if (!p)
        return NULL;
    const char *q = strchr(p, '}');
    size_t n = q ? (size_t)(q - p) + 1 : strlen(p);
    if (n > 80)
        n = 80;
    const char *lead = *p == '$' ? "the placeholder " : "the template directive ";
    size_t k = strlen(lead);
    char *e = tdi_arena_alloc(r->mb.arena, k + n + 1);
    if (!e) {
        r->mb.err = TD_ENOMEM;
        return NULL;
    }
    memcpy(e, lead, k);
    memcpy(e + k, p, n);
    e[k + n] = '\0';
    for (size_t i = k; i < k + n; i++)
        if (e[i] == '\n' || e[i] == '\r' || e[i] == '\t')
            e[i] = ' '; /* a message is one line */
    return e;
}

/* The model keeps e (its documents are read; the engine reports its errors). */
static void keep(tdi_recog *r, tdi_loaded *e)
{
    tdi_model *model = r->model;
    if (tdi_grow((void **)&model->embedded, &model->embedded_cap, model->nembedded + 1,
                 sizeof *model->embedded) < 0) {
        r->mb.err = TD_ENOMEM;
        tdi_loaded_free(e);
        tdi_free(e);
        return;
    }
    model->embedded[model->nembedded++] = e;
}

/* A value where the containers should be that is not known yet. */
static void unknown(tdi_recog *r, tdi_task *t, const char *what, tdi_span span, const char *ptr)
{
    what = tdi_tf_shown(&r->mb, what);
    if (!what)
        return;
    tdi_val v = {NULL, NULL, 0, what, span, ptr, NULL, 0, NULL, NULL};
    tdi_rec_opaque(r, t, 0, what, CDEFS, 0, &v);
}

/* Reads container_definitions, a JSON string written at text, into t;
 * findings about the whole list are at span. */
static void read_string(tdi_recog *r, tdi_task *t, tdi_span span, tdi_span text, const json_t *cd,
                        const char *cptr)
{
    const char *s = json_string_value(cd);
    const int config = t->terraform == TDI_TF_CONFIG;
    if (r->mb.err)
        return;
    tdi_load_options opt = r->loaded->opt;
    if (t->flavor == TDI_FLAVOR_ECS)
        opt.duplicate_tail = TDI_TF_DUPLICATE_TAIL;
    tdi_loaded *e = tdi_malloc(sizeof *e);
    if (!e || tdi_doc_load_string(r->doc, &r->loaded->src, text, &opt, e) < 0) {
        r->mb.err = TD_ENOMEM;
        if (e)
            tdi_loaded_free(e);
        tdi_free(e);
        return;
    }
    /* a template whose placeholders break the JSON is known only at plan
     * time; any other error is the engine's TD000 */
    const char *ph = config && e->status != TDI_LOAD_OK ? first_placeholder(r, s) : NULL;
    if (ph || (e->status == TDI_LOAD_OK && e->ndocs == 0)) {
        if (ph)
            unknown(r, t, ph, span, cptr);
        else
            tdi_rec_opaque(r, t, 1, "an empty string", CDEFS, 0,
                           &(tdi_val){cd, NULL, 0, NULL, span, cptr, NULL, 0, NULL, NULL});
        tdi_loaded_free(e);
        tdi_free(e);
        return;
    }
    keep(r, e);
    if (r->mb.err || e->status != TDI_LOAD_OK)
        return;
    const tdi_doc *outer = r->doc;
    int json_text = r->json_text;
    r->doc = &e->docs[0];
    r->json_text = 1;
    tdi_val lv = {e->docs[0].root, NULL, 0, NULL, span, cptr, NULL, 0, NULL, NULL};
    tdi_rec_list(r, t, &lv, CDEFS);
    r->doc = outer;
    r->json_text = json_text;
}

/* ---- what a configuration reads from elsewhere ---- */

/* The string literal that starts *p (after blanks), HCL's escapes \" and \\
 * read, into out (room for n); *p moves past it. 0 when there is none. */
static int literal(const char **p, char *out, size_t n)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (*s++ != '"')
        return 0;
    size_t k = 0;
    for (; *s && *s != '"'; s++) {
        if (*s == '\\') {
            if (s[1] != '"' && s[1] != '\\')
                return 0; /* \n, \t, \u...: not in a path worth reading */
            s++;
        }
        if (k + 1 >= n)
            return 0;
        out[k++] = *s;
    }
    if (*s != '"')
        return 0;
    out[k] = '\0';
    *p = s + 1;
    return 1;
}

/* The file a call's path names, relative to the module's folder: the
 * literal without a leading "${path.module}/"; NULL when the path is
 * computed (any other interpolation or directive). */
static const char *module_path(const char *lit)
{
    static const char pm[] = "${path.module}/";
    if (strncmp(lit, pm, sizeof pm - 1) == 0)
        lit += sizeof pm - 1;
    return *lit && !strstr(lit, "${") && !strstr(lit, "%{") ? lit : NULL;
}

/* Whether e (trimmed) starts with name followed by "(" and ends with ")":
 * then *args is what is between. */
static int call(const char *e, const char *name, const char **args, size_t *nargs)
{
    size_t k = strlen(name), n = strlen(e);
    if (n < k + 2 || strncmp(e, name, k) != 0 || e[k] != '(' || e[n - 1] != ')')
        return 0;
    *args = e + k + 1;
    *nargs = n - k - 2;
    return 1;
}

/* Reads into t the container definitions that e names when it is a call of
 * file() or templatefile() (for awscc: jsondecode of one) of a path in the
 * module (at: where the call is): 1 when it is, 0 when e is something else
 * (which is unknown). */
static int read_file(tdi_recog *r, tdi_task *t, const char *e, tdi_span at, const char *cptr)
{
    const char *args;
    size_t nargs;
    /* awscc takes a list: jsondecode(file(...)); aws a string: file(...) */
    if (t->flavor == TDI_FLAVOR_CC) {
        if (!call(e, "jsondecode", &args, &nargs))
            return 0;
        char *inner = tdi_arena_alloc(r->mb.arena, nargs + 1);
        if (!inner) {
            r->mb.err = TD_ENOMEM;
            return 1;
        }
        memcpy(inner, args, nargs);
        inner[nargs] = '\0';
        e = inner;
    }
    int tmpl = 0;
    if (!call(e, "file", &args, &nargs) && !(tmpl = call(e, "templatefile", &args, &nargs)))
        return 0;
    char lit[4096];
    const char *p = args;
    if (!literal(&p, lit, sizeof lit))
        return 0;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    /* file(path), or templatefile(path, vars) */
    if (tmpl ? *p != ',' : p != args + nargs)
        return 0;
    const char *path = module_path(lit);
    if (!path || !r->files)
        return 0;
    /* the call as messages show it, on one line: the path, not the variables */
    tdi_buf call_text;
    tdi_buf_init(&call_text);
    tdi_buf_printf(&call_text, "%s%s(", t->flavor == TDI_FLAVOR_CC ? "jsondecode(" : "",
                   tmpl ? "templatefile" : "file");
    tdi_rec_quoted(&call_text, lit);
    tdi_buf_printf(&call_text, "%s)%s", tmpl ? ", ..." : "", t->flavor == TDI_FLAVOR_CC ? ")" : "");
    e = call_text.failed ? NULL : tdi_mb_str(&r->mb, call_text.data);
    tdi_buf_free(&call_text);
    tdi_file_ref *f = e ? r->files->open(r->files, path, at, e) : NULL;
    if (!f) {
        r->mb.err = TD_ENOMEM;
        return 1;
    }
    if (f->why) {
        tdi_buf b;
        tdi_buf_init(&b);
        tdi_buf_printf(&b, "%s, which tdlint could not read (%s: %s)", e, f->path, f->why);
        const char *what = b.failed ? NULL : tdi_mb_str(&r->mb, b.data);
        tdi_buf_free(&b);
        if (what)
            unknown(r, t, what, at, cptr);
        else
            r->mb.err = TD_ENOMEM;
        return 1;
    }
    const tdi_loaded *l = &f->loaded;
    if (l->status != TDI_LOAD_OK) {
        /* a template whose placeholders break the JSON is known only at plan
         * time; a file that is not JSON is the engine's TD000 */
        const char *ph = tmpl ? first_placeholder(r, l->src.data) : NULL;
        if (ph) {
            unknown(r, t, ph, at, cptr);
            f->quiet = 1;
        }
        return 1;
    }
    if (l->ndocs == 0) {
        tdi_rec_opaque(r, t, 1, "an empty file", CDEFS, 0,
                       &(tdi_val){NULL, NULL, 0, NULL, at, cptr, NULL, 0, NULL, NULL});
        return 1;
    }
    const tdi_doc *doc = r->doc;
    const tdi_loaded *loaded = r->loaded;
    int json_text = r->json_text;
    r->doc = &l->docs[0];
    r->loaded = l;
    r->json_text = 1; /* file() does not interpolate; templatefile's placeholders are its own */
    tdi_val lv = {l->docs[0].root, NULL, 0, NULL, l->docs[0].root_span, cptr, NULL, 0, NULL, NULL};
    tdi_rec_list(r, t, &lv, CDEFS);
    r->doc = doc;
    r->loaded = loaded;
    r->json_text = json_text;
    return 1;
}

/* Reads container_definitions value cd, written at `at` in where, into t:
 * m is the resource's member. */
static void read_value(tdi_recog *r, tdi_task *t, const json_t *cd, tdi_span at,
                       const tdi_member *m, const char *expr, const char *cptr);

/* concat(a, b, ...) of lists the module resolves (jsonencode(concat(...))
 * for the AWS provider): each read in turn; 0 when e is not such a call. */
static int read_concat(tdi_recog *r, tdi_task *t, const char *e, tdi_span at, const tdi_member *m,
                       const char *cptr)
{
    const char *args;
    size_t nargs;
    if (call(e, "jsonencode", &args, &nargs) || call(e, "jsondecode", &args, &nargs)) {
        if (nargs < 8 || strncmp(args, "concat(", 7) != 0 || args[nargs - 1] != ')')
            return 0;
        args += 7;
        nargs -= 8;
    } else if (!call(e, "concat", &args, &nargs)) {
        return 0;
    }
    /* split at the commas outside brackets and strings */
    size_t from = 0;
    int depth = 0, in_str = 0;
    for (size_t i = 0; i <= nargs && !r->mb.err; i++) {
        char c = i < nargs ? args[i] : ',';
        if (in_str) {
            if (c == '\\' && i + 1 < nargs)
                i++;
            else if (c == '"')
                in_str = 0;
            continue;
        }
        if (c == '"')
            in_str = 1;
        else if (c == '(' || c == '[' || c == '{')
            depth++;
        else if (c == ')' || c == ']' || c == '}')
            depth--;
        if (c != ',' || depth != 0)
            continue;
        size_t a = from, b = i;
        from = i + 1;
        while (a < b && (args[a] == ' ' || args[a] == '\n' || args[a] == '\t' || args[a] == '\r'))
            a++;
        while (b > a && (args[b - 1] == ' ' || args[b - 1] == '\n' || args[b - 1] == '\t' ||
                         args[b - 1] == '\r'))
            b--;
        if (a == b)
            continue; /* a trailing comma */
        char *arg = tdi_arena_alloc(r->mb.arena, b - a + 1);
        if (!arg) {
            r->mb.err = TD_ENOMEM;
            return 1;
        }
        memcpy(arg, args + a, b - a);
        arg[b - a] = '\0';
        tdi_span s = at;
        tdi_tf_at w = {r->doc, r->loaded};
        const json_t *v = tdi_tf_resolve(r, arg, &s, &w);
        const char *expr = NULL;
        if (v)
            v = tdi_tf_follow(r, v, &s, &w, &expr);
        else
            expr = arg;
        const tdi_doc *doc = r->doc;
        const tdi_loaded *loaded = r->loaded;
        r->doc = w.doc;
        r->loaded = w.loaded;
        read_value(r, t, v, expr ? at : s, m, expr, cptr);
        r->doc = doc;
        r->loaded = loaded;
    }
    return 1;
}

static void read_value(tdi_recog *r, tdi_task *t, const json_t *cd, tdi_span at,
                       const tdi_member *m, const char *expr, const char *cptr)
{
    if (expr) {
        if (!read_file(r, t, expr, at, cptr) && !read_concat(r, t, expr, at, m, cptr))
            unknown(r, t, expr, at, cptr);
    } else if (json_is_string(cd)) {
        /* the string's own place: a local's heredoc, say */
        read_string(r, t, at, at.start == m->key_span.start ? m->value_span : at, cd, cptr);
    } else if (!json_is_null(cd)) {
        /* a list written as HCL (jsonencode), or something else */
        tdi_val lv = {cd, NULL, 0, NULL, at, cptr, NULL, 0, NULL, NULL};
        tdi_rec_list(r, t, &lv, CDEFS);
    }
}

/* One aws_ecs_task_definition: values (at ptr) are its attributes; unk is
 * after_unknown's container_definitions member when the plan says it is
 * known only after apply. */
static void read_resource(tdi_recog *r, int kind, tdi_flavor flavor, const char *address,
                          const json_t *values, const char *ptr, const tdi_member *unk)
{
    tdi_task *t = tdi_rec_task(r, flavor, address, ptr);
    if (!t)
        return;
    t->terraform = kind;
    t->node = values;
    const json_t *cd = json_object_get(values, CDEFS);
    const tdi_member *m = tdi_doc_member(r->doc, values, CDEFS);
    if (m)
        t->cdefs_span = tdi_member_span(m);
    char *cptr = tdi_mb_key(&r->mb, ptr, CDEFS);
    if (r->mb.err)
        return;
    tdi_span at = m ? tdi_member_span(m) : (tdi_span){0, 0};
    const char *expr = NULL;
    tdi_tf_at where = {r->doc, r->loaded};
    if (m && kind == TDI_TF_CONFIG) /* local.x, var.x: what the module says they are */
        cd = tdi_tf_follow(r, cd, &at, &where, &expr);
    if (!m && unk) {
        unknown(r, t, "Terraform at apply (the plan's after_unknown)", tdi_member_span(unk), cptr);
    } else if (m) {
        const tdi_doc *doc = r->doc;
        const tdi_loaded *loaded = r->loaded;
        r->doc = where.doc;
        r->loaded = where.loaded;
        read_value(r, t, cd, at, m, expr, cptr);
        r->doc = doc;
        r->loaded = loaded;
    }
    if (!r->mb.err)
        tdi_rec_finish(r, t);
}

/* ---- plans and states ---- */

/* Addresses, each with a value: an open-addressing hash table, so that a
 * plan of thousands of task definitions is read in linear time. */
typedef struct {
    const char **keys;
    const json_t **vals;
    size_t cap, n;
} addr_map;

static size_t slot(const addr_map *m, const char *address)
{
    size_t i = (size_t)tdi_hash64(address, strlen(address), 0) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], address) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* Adds address (val) unless it is there; 1 when it was there already. */
static int map_add(tdi_recog *r, addr_map *m, const char *address, const json_t *val)
{
    if (2 * (m->n + 1) > m->cap) {
        addr_map g = {0};
        g.cap = m->cap ? 2 * m->cap : 16;
        g.keys = tdi_calloc(g.cap, sizeof *g.keys);
        g.vals = tdi_calloc(g.cap, sizeof *g.vals);
        if (!g.keys || !g.vals) {
            tdi_free(g.keys);
            tdi_free(g.vals);
            r->mb.err = TD_ENOMEM;
            return 1;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t k = slot(&g, m->keys[i]);
                g.keys[k] = m->keys[i];
                g.vals[k] = m->vals[i];
            }
        g.n = m->n;
        tdi_free(m->keys);
        tdi_free(m->vals);
        *m = g;
    }
    size_t k = slot(m, address);
    if (m->keys[k])
        return 1;
    m->keys[k] = address;
    m->vals[k] = val;
    m->n++;
    return 0;
}

static const json_t *map_get(const addr_map *m, const char *address)
{
    return m->cap ? m->vals[slot(m, address)] : NULL;
}

static void map_free(addr_map *m)
{
    tdi_free(m->keys);
    tdi_free(m->vals);
}

/* The address of res when it is a managed task definition (its spelling in
 * *flavor), else NULL. */
static const char *task_address(const json_t *res, tdi_flavor *flavor)
{
    const json_t *type = json_object_get(res, "type");
    const json_t *mode = json_object_get(res, "mode");
    const json_t *address = json_object_get(res, "address");
    if (!json_is_string(type) || !json_is_string(address) ||
        (mode && (!json_is_string(mode) || strcmp(json_string_value(mode), "managed") != 0)))
        return NULL;
    for (size_t i = 0; i < NTYPES; i++)
        if (strcmp(json_string_value(type), types[i].type) == 0) {
            *flavor = types[i].flavor;
            return json_string_value(address);
        }
    return NULL;
}

/* after_unknown.container_definitions of a change, when it is true. */
static const tdi_member *unknown_after(tdi_recog *r, const json_t *change)
{
    const json_t *au = json_object_get(change, "after_unknown");
    if (!json_is_true(json_object_get(au, CDEFS)))
        return NULL;
    return tdi_doc_member(r->doc, au, CDEFS);
}

/* Reads the task definitions of a module of planned_values (or a state's
 * values) and of its child modules; changes maps an address to its change. */
static void walk_module(tdi_recog *r, const json_t *mod, const char *ptr, const addr_map *changes,
                        addr_map *seen)
{
    const json_t *list = json_object_get(mod, "resources");
    char *lptr = tdi_mb_key(&r->mb, ptr, "resources");
    for (size_t i = 0; i < json_array_size(list) && !r->mb.err; i++) {
        const json_t *res = json_array_get(list, i);
        tdi_flavor flavor;
        const char *address = task_address(res, &flavor);
        const json_t *values = json_object_get(res, "values");
        if (!address || !json_is_object(values) || map_add(r, seen, address, values))
            continue;
        char *vptr = tdi_mb_key(&r->mb, tdi_mb_index(&r->mb, lptr, i), "values");
        if (!r->mb.err)
            read_resource(r, TDI_TF_PLAN, flavor, address, values, vptr,
                          unknown_after(r, map_get(changes, address)));
    }
    const json_t *kids = json_object_get(mod, "child_modules");
    char *kptr = tdi_mb_key(&r->mb, ptr, "child_modules");
    for (size_t i = 0; i < json_array_size(kids) && !r->mb.err; i++)
        walk_module(r, json_array_get(kids, i), tdi_mb_index(&r->mb, kptr, i), changes, seen);
}

/* Whether a change only deletes (or forgets) the resource. */
static int only_deletes(const json_t *change)
{
    const json_t *actions = json_object_get(change, "actions");
    for (size_t i = 0; i < json_array_size(actions); i++) {
        const json_t *a = json_array_get(actions, i);
        if (json_is_string(a) && strcmp(json_string_value(a), "delete") != 0 &&
            strcmp(json_string_value(a), "forget") != 0)
            return 0;
    }
    return json_array_size(actions) > 0;
}

static void recognize_plan(tdi_recog *r, const json_t *root)
{
    addr_map seen = {0}, by_address = {0};
    const json_t *changes = json_object_get(root, "resource_changes");
    for (size_t i = 0; i < json_array_size(changes) && !r->mb.err; i++) {
        const json_t *rc = json_array_get(changes, i);
        tdi_flavor flavor;
        const char *address = task_address(rc, &flavor);
        if (address)
            map_add(r, &by_address, address, json_object_get(rc, "change"));
    }
    const json_t *pv = json_object_get(root, "planned_values");
    if (pv && !r->mb.err)
        walk_module(r, json_object_get(pv, "root_module"), "/planned_values/root_module",
                    &by_address, &seen);
    else if (!r->mb.err)
        walk_module(r, json_object_get(json_object_get(root, "values"), "root_module"),
                    "/values/root_module", &by_address, &seen);
    for (size_t i = 0; i < json_array_size(changes) && !r->mb.err; i++) {
        const json_t *rc = json_array_get(changes, i);
        tdi_flavor flavor;
        const char *address = task_address(rc, &flavor);
        const json_t *change = json_object_get(rc, "change");
        const json_t *after = json_object_get(change, "after");
        if (!address || only_deletes(change) || !json_is_object(after) ||
            map_add(r, &seen, address, after))
            continue;
        char *cptr = tdi_mb_key(&r->mb, tdi_mb_index(&r->mb, "/resource_changes", i), "change");
        char *aptr = tdi_mb_key(&r->mb, cptr, "after");
        if (!r->mb.err)
            read_resource(r, TDI_TF_PLAN, flavor, address, after, aptr, unknown_after(r, change));
    }
    map_free(&seen);
    map_free(&by_address);
}

/* ---- configurations (.tf.json, and .tf through the HCL loader) ---- */

/* A block's body, or each of a list of bodies. */
static void read_bodies(tdi_recog *r, size_t type, const char *name, const json_t *b,
                        const char *ptr)
{
    if (json_is_array(b)) {
        for (size_t i = 0; i < json_array_size(b) && !r->mb.err; i++)
            read_bodies(r, type, name, json_array_get(b, i), tdi_mb_index(&r->mb, ptr, i));
        return;
    }
    if (!json_is_object(b))
        return;
    tdi_buf a;
    tdi_buf_init(&a);
    tdi_buf_printf(&a, "%s.%s", types[type].type, name);
    if (a.failed)
        r->mb.err = TD_ENOMEM;
    else
        read_resource(r, TDI_TF_CONFIG, types[type].flavor, a.data, b, ptr, NULL);
    const tdi_nodeloc *at = tdi_doc_node(r->doc, b);
    if (!r->mb.err && at && r->model->ntasks)
        tdi_tf_ignores(r, &r->model->tasks[r->model->ntasks - 1], at->span);
    tdi_buf_free(&a);
}

static void read_resource_block(tdi_recog *r, const json_t *res, const char *ptr)
{
    if (json_is_array(res)) { /* "resource": [{...}, {...}] */
        for (size_t i = 0; i < json_array_size(res) && !r->mb.err; i++)
            read_resource_block(r, json_array_get(res, i), tdi_mb_index(&r->mb, ptr, i));
        return;
    }
    for (size_t k = 0; k < NTYPES && !r->mb.err; k++) {
        const json_t *tasks = json_object_get(res, types[k].type);
        char *tptr = tdi_mb_key(&r->mb, ptr, types[k].type);
        const char *name;
        json_t *body;
        if (!json_is_object(tasks) || r->mb.err)
            continue;
        json_object_foreach((json_t *)tasks, name, body)
        {
            read_bodies(r, k, name, body, tdi_mb_key(&r->mb, tptr, name));
            if (r->mb.err)
                return;
        }
    }
}

/* ---- notes ---- */

static void notes(tdi_recog *r, int kind, size_t first)
{
    const json_t *root = r->doc->root;
    const char *what =
        kind == TDI_TF_CONFIG ? "Terraform configuration"
        : json_object_get(root, "planned_values") || json_object_get(root, "resource_changes")
            ? "Terraform plan"
            : "Terraform state";
    size_t n = r->model->ntasks - first;
    if (n == 0) {
        tdi_rec_note(r, "no task definition: a %s with no managed %s or %s resource", what,
                     types[0].type, types[1].type);
        return;
    }
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_printf(&b, "%s: %zu task definition%s (", what, n, n == 1 ? "" : "s");
    for (size_t i = first; i < r->model->ntasks; i++)
        tdi_buf_printf(&b, "%s%s", i > first ? ", " : "", r->model->tasks[i].name);
    tdi_buf_puts(&b, ")");
    tdi_rec_note_at(r, &b, NULL, NULL);
}

void tdi_recognize_tf(tdi_recog *r, const json_t *root, int kind)
{
    size_t first = r->model->ntasks;
    if (kind == TDI_TF_PLAN)
        recognize_plan(r, root);
    else
        read_resource_block(r, json_object_get(root, "resource"), "/resource");
    if (!r->mb.err)
        notes(r, kind, first);
}
