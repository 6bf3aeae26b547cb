/* Pruned YAML loads (tdi_model_prune, what td_lint_buffer uses): what is
 * built, what becomes null, and that errors, aliases and every report are
 * the same as with the whole tree. */
#include "testutil.h"

#include <dirent.h>
#include <sys/stat.h>

/* A template with what the model reads and what it does not. */
static const char TEMPLATE[] =
    "Parameters:\n"                                                /* 1 */
    "  Tag: {Type: String, Default: v1}\n"                         /* 2 */
    "Resources:\n"                                                 /* 3 */
    "  Logs:\n"                                                    /* 4 */
    "    Type: AWS::Logs::LogGroup\n"                              /* 5 */
    "    Properties:\n"                                            /* 6 */
    "      RetentionInDays: 14\n"                                  /* 7 */
    "  Late:\n"                                                    /* 8 */
    "    Properties:\n"                                            /* 9 */
    "      RetentionInDays: 7\n"                                   /* 10 */
    "    Type: AWS::Logs::LogGroup\n"                              /* 11 */
    "  Task:\n"                                                    /* 12 */
    "    Type: AWS::ECS::TaskDefinition\n"                         /* 13 */
    "    Metadata: {tdlint: {ignore: []}}\n"                       /* 14 */
    "    Properties:\n"                                            /* 15 */
    "      Family: web\n"                                          /* 16 */
    "      Volumes: [{Name: scratch}]\n"                           /* 17 */
    "      ContainerDefinitions:\n"                                /* 18 */
    "        - Name: app\n"                                        /* 19 */
    "          Image: !Sub 'repo:${Tag}'\n"                        /* 20 */
    "          Environment:\n"                                     /* 21 */
    "            - {Name: A, Value: '1'}\n"                        /* 22 */
    "          readOnlyRootFileSystem: true\n"                     /* 23 */
    "          MountPoints:\n"                                     /* 24 */
    "            - {SourceVolume: scratch, ContainerPath: /tmp}\n" /* 25 */
    "          DockerLabels: |\n"                                  /* 26 */
    "            text\n";                                          /* 27 */

/* The pointers whose member records must agree between the two loads. */
static const char *const POINTERS[] = {
    "/Parameters/Tag/Default",
    "/Resources/Logs/Type",
    "/Resources/Logs/Properties",
    "/Resources/Late/Properties",
    "/Resources/Late/Properties/RetentionInDays",
    "/Resources/Task/Metadata/tdlint/ignore",
    "/Resources/Task/Properties/Family",
    "/Resources/Task/Properties/Volumes/0/Name",
    "/Resources/Task/Properties/ContainerDefinitions/0",
    "/Resources/Task/Properties/ContainerDefinitions/0/Name",
    "/Resources/Task/Properties/ContainerDefinitions/0/Image",
    "/Resources/Task/Properties/ContainerDefinitions/0/readOnlyRootFileSystem",
    "/Resources/Task/Properties/ContainerDefinitions/0/MountPoints/0/ContainerPath",
};

/* Loads text as linting does (prune) or whole, under lim (NULL: the defaults). */
static void load(const char *text, int prune, const td_limits *lim, tdi_loaded *l)
{
    tdi_load_options opt = {0, 0, prune ? &tdi_model_prune : NULL, 0, NULL};
    if (lim) {
        opt.max_depth = lim->max_depth;
        opt.max_aliases = lim->max_aliases;
    }
    ck_assert_int_eq(tdi_load(text, strlen(text), &opt, l), TD_OK);
}

static const json_t *at(const tdi_loaded *l, const char *pointer)
{
    const json_t *node = NULL;
    ck_assert_msg(member_at(&l->docs[0], pointer, &node) != NULL, "no member at %s", pointer);
    return node;
}

START_TEST(test_pruned_tree)
{
    tdi_loaded p, w;
    load(TEMPLATE, 1, NULL, &p);
    load(TEMPLATE, 0, NULL, &w);
    ck_assert_int_eq(p.status, TDI_LOAD_OK);
    ck_assert_int_eq(w.status, TDI_LOAD_OK);
    /* read by the model: built */
    ck_assert_str_eq(json_string_value(at(&p, "/Parameters/Tag/Default")), "v1");
    ck_assert_str_eq(
        json_string_value(at(&p, "/Resources/Task/Properties/ContainerDefinitions/0/Name")), "app");
    ck_assert_str_eq(json_string_value(at(&p, "/Resources/Task/Properties/ContainerDefinitions/0/"
                                              "MountPoints/0/ContainerPath")),
                     "/tmp");
    ck_assert_str_eq(json_string_value(at(&p, "/Resources/Task/Properties/Family")), "web");
    /* the Type came after the Properties: built */
    ck_assert_int_eq(json_integer_value(at(&p, "/Resources/Late/Properties/RetentionInDays")), 7);
    /* not read: null, its key kept */
    ck_assert(json_is_null(at(&p, "/Resources/Logs/Properties")));
    ck_assert(json_is_object(at(&w, "/Resources/Logs/Properties")));
    /* in a container definition, the first key not read is kept, null; the
     * others go, keys and all, but for those the misspelling check reads */
    ck_assert(json_is_object(at(&p, "/Resources/Task/Properties/ContainerDefinitions/0/Image")));
    ck_assert(
        json_is_null(at(&p, "/Resources/Task/Properties/ContainerDefinitions/0/Environment")));
    ck_assert_ptr_null(member_at(
        &p.docs[0], "/Resources/Task/Properties/ContainerDefinitions/0/DockerLabels", NULL));
    ck_assert(
        json_is_array(at(&w, "/Resources/Task/Properties/ContainerDefinitions/0/Environment")));
    /* the setting in another letter case: built */
    ck_assert(json_is_true(
        at(&p, "/Resources/Task/Properties/ContainerDefinitions/0/readOnlyRootFileSystem")));
    ck_assert_uint_eq(json_object_size(at(&p, "/Resources/Task/Properties/ContainerDefinitions/0")),
                      5);
    ck_assert_uint_eq(json_object_size(at(&w, "/Resources/Task/Properties/ContainerDefinitions/0")),
                      6);
    /* every position is the same */
    for (size_t i = 0; i < sizeof POINTERS / sizeof POINTERS[0]; i++) {
        const tdi_member *a = member_at(&p.docs[0], POINTERS[i], NULL);
        const tdi_member *b = member_at(&w.docs[0], POINTERS[i], NULL);
        ck_assert_msg(a && b, "%s", POINTERS[i]);
        ck_assert_msg(a->key_span.start == b->key_span.start &&
                          a->key_span.end == b->key_span.end &&
                          a->value_span.start == b->value_span.start &&
                          a->value_span.end == b->value_span.end,
                      "%s: spans differ", POINTERS[i]);
    }
    /* the container definition still ends after its last, dropped, value */
    ck_assert_str_eq(
        pos_at(&p.src,
               member_at(&p.docs[0], "/Resources/Task/Properties/ContainerDefinitions/0", NULL)
                   ->value_span.end),
        "27:17");
    tdi_loaded_free(&p);
    tdi_loaded_free(&w);
}
END_TEST

/* ---- errors inside a pruned value are found as in a whole load ---- */

typedef struct {
    const char *name;
    const char *value; /* YAML of a container's Environment */
    const char *at;    /* where the error is, "L:C" (the value starts at 6:13) */
    const char *message;
} err_case;

static const err_case ERR_CASES[] = {
    {"duplicate key", "- Name: A\n  Name: B", "7:15", "duplicate key \"Name\" (also at line 6)"},
    {"duplicate key in a flow mapping", "{a: 1, b: 2, a: 3}", "6:26",
     "duplicate key \"a\" (also at line 6)"},
    {"duplicate key among many", /* past 16 keys, the keys are hashed */
     "{k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1, k8: 1, k9: 1, k10: 1, k11: 1, k12: 1, "
     "k13: 1, k14: 1, k15: 1, k16: 1, k17: 1, k18: 1, k19: 1, k20: 1, k3: 2}",
     "6:165", "duplicate key \"k3\" (also at line 6)"},
    {"quoted and plain keys are one key", "{\"a\": 1, a: 2}", "6:22", "duplicate key \"a\""},
    {"a merge key twice with scalars", "{<<: 1, <<: 2}", "6:21", "duplicate key \"<<\""},
    {"a collection as key", "? [a]\n  : 1", "6:15",
     "a mapping key that is a collection is not supported"},
    {"an alias to a collection as key", "{x: &m {a: 1}, *m : 2}", "6:28",
     "a mapping key that is a collection is not supported"},
    {"an alias to a tagged scalar as key", "[&r !Ref a, {*r : 1}]", "6:26",
     "a mapping key that is a collection is not supported"},
    {"an unknown alias", "[*nope]", "6:14", "alias *nope names no anchor defined before it"},
    {"too deep", "[[[[[1]]]]]", "6:15", "nesting deeper than 8 levels (--max-depth)"},
    {"too many aliases", "- &a x\n- *a\n- *a\n- *a", "9:15", "more than 2 aliases"},
    {"a syntax error", "{a: [}", "6:18", "invalid YAML"},
};

/* A template whose one container's Environment is value (lines from 6,
 * indented by 12), written into text (which l then points into), loaded
 * under --max-depth 8 and --max-aliases 2. */
static void load_with_env(const char *value, int prune, char *text, size_t size, tdi_loaded *l)
{
    char indented[1024];
    size_t k = 0;
    for (const char *s = value; *s && k + 14 < sizeof indented; s++) {
        indented[k++] = *s;
        if (*s == '\n')
            for (int i = 0; i < 12; i++)
                indented[k++] = ' ';
    }
    indented[k] = '\0';
    snprintf(text, size,
             "Resources:\n"
             "  T:\n"
             "    Properties:\n"
             "      ContainerDefinitions:\n"
             "        - Environment:\n"
             "            %s\n"
             "          Name: web\n",
             indented);
    td_limits lim = {0};
    lim.max_depth = 8;
    lim.max_aliases = 2;
    load(text, prune, &lim, l);
}

START_TEST(test_pruned_errors)
{
    const err_case *c = &ERR_CASES[_i];
    tdi_loaded p, w;
    char pt[2048], wt[2048];
    load_with_env(c->value, 1, pt, sizeof pt, &p);
    load_with_env(c->value, 0, wt, sizeof wt, &w);
    /* an error, or (duplicate keys) an issue of a load that goes on */
    ck_assert_msg(p.status != TDI_LOAD_OK || p.nissues, "%s: no error", c->name);
    ck_assert_int_eq(p.status, w.status);
    ck_assert_uint_eq(p.nissues, w.nissues);
    const char *pe = p.nissues ? p.issues[0].message : p.error;
    const char *we = w.nissues ? w.issues[0].message : w.error;
    size_t ps = p.nissues ? p.issues[0].start : p.error_start;
    ck_assert_str_eq(pe, we);
    ck_assert_uint_eq(ps, w.nissues ? w.issues[0].start : w.error_start);
    ck_assert_uint_eq(p.nissues ? p.issues[0].end : p.error_end,
                      w.nissues ? w.issues[0].end : w.error_end);
    ck_assert_msg(strstr(pe, c->message) != NULL, "%s: %s", c->name, pe);
    ck_assert_str_eq(pos_at(&p.src, ps), c->at);
    tdi_loaded_free(&p);
    tdi_loaded_free(&w);
}
END_TEST

/* A merge of a mapping is no key: a second one is no duplicate. */
START_TEST(test_pruned_merges_are_not_keys)
{
    tdi_loaded p;
    char text[2048];
    load_with_env("{<<: {a: 1}, <<: {b: 1}, c: 1}", 1, text, sizeof text, &p);
    ck_assert_msg(p.status == TDI_LOAD_OK, "%s", p.error ? p.error : "");
    tdi_loaded_free(&p);
}
END_TEST

/* ---- aliases ---- */

/* An anchor inside a pruned value, used where the model reads: the document
 * is loaded whole. */
START_TEST(test_alias_into_pruned_value)
{
    static const char text[] = "Resources:\n"
                               "  T:\n"
                               "    Type: AWS::ECS::TaskDefinition\n"
                               "    Properties:\n"
                               "      ContainerDefinitions:\n"
                               "        - Name: a\n"
                               "          Environment: &mp [{ContainerPath: /data}]\n"
                               "          MountPoints: *mp\n";
    tdi_loaded p;
    load(text, 1, NULL, &p);
    ck_assert_int_eq(p.status, TDI_LOAD_OK);
    const char *base = "/Resources/T/Properties/ContainerDefinitions/0";
    char ptr[256];
    snprintf(ptr, sizeof ptr, "%s/MountPoints/0/ContainerPath", base);
    ck_assert_str_eq(json_string_value(at(&p, ptr)), "/data");
    snprintf(ptr, sizeof ptr, "%s/Environment", base);
    ck_assert(json_is_array(at(&p, ptr))); /* whole */
    tdi_loaded_free(&p);
}
END_TEST

/* A container with pruned values, anchored and used again as a container:
 * loaded whole, so the copy is a whole container. */
START_TEST(test_alias_of_pruned_container)
{
    static const char text[] = "Resources:\n"
                               "  T:\n"
                               "    Type: AWS::ECS::TaskDefinition\n"
                               "    Properties:\n"
                               "      ContainerDefinitions:\n"
                               "        - &c {Name: a, Image: x}\n"
                               "        - *c\n";
    tdi_loaded p;
    load(text, 1, NULL, &p);
    ck_assert_int_eq(p.status, TDI_LOAD_OK);
    ck_assert_str_eq(
        json_string_value(at(&p, "/Resources/T/Properties/ContainerDefinitions/1/Image")), "x");
    tdi_loaded_free(&p);
}
END_TEST

/* A container computed by a function in its long form keeps its argument. */
START_TEST(test_long_form_function_as_container)
{
    static const char text[] = "Resources:\n"
                               "  T:\n"
                               "    Type: AWS::ECS::TaskDefinition\n"
                               "    Properties:\n"
                               "      ContainerDefinitions:\n"
                               "        - Fn::If: [C, {Name: a, Image: x}, {Ref: AWS::NoValue}]\n"
                               "        - {Ref: Shared}\n";
    tdi_loaded p;
    load(text, 1, NULL, &p);
    ck_assert_int_eq(p.status, TDI_LOAD_OK);
    ck_assert_str_eq(
        json_string_value(at(&p, "/Resources/T/Properties/ContainerDefinitions/0/Fn::If/1/Image")),
        "x");
    ck_assert_str_eq(
        json_string_value(at(&p, "/Resources/T/Properties/ContainerDefinitions/1/Ref")), "Shared");
    tdi_loaded_free(&p);
}
END_TEST

/* An anchored scalar inside a pruned value is built: an alias where the model
 * reads gets it, and the rest stays pruned. */
START_TEST(test_alias_of_pruned_scalar)
{
    static const char text[] = "Resources:\n"
                               "  T:\n"
                               "    Type: AWS::ECS::TaskDefinition\n"
                               "    Properties:\n"
                               "      ContainerDefinitions:\n"
                               "        - EntryPoint: [&n web]\n"
                               "          Name: *n\n"
                               "          Command: *n\n";
    tdi_loaded p;
    load(text, 1, NULL, &p);
    ck_assert_int_eq(p.status, TDI_LOAD_OK);
    ck_assert_str_eq(
        json_string_value(at(&p, "/Resources/T/Properties/ContainerDefinitions/0/Name")), "web");
    ck_assert(json_is_null(at(&p, "/Resources/T/Properties/ContainerDefinitions/0/EntryPoint")));
    /* dropped: a second key the model does not read */
    ck_assert_ptr_null(
        member_at(&p.docs[0], "/Resources/T/Properties/ContainerDefinitions/0/Command", NULL));
    tdi_loaded_free(&p);
}
END_TEST

/* ---- the keys a container definition drops ---- */

static char *report(td_file *file);

/* Container definitions (YAML, indented by 8) that must load and lint the
 * same pruned and whole. */
static const char *const DROP_CASES[] = {
    /* a function's name and another key: two keys, not a function */
    "        - Fn::If: [C, {Name: a}, {Name: b}]\n"
    "          Image: x\n"
    "          Cpu: 1\n",
    "        - Image: x\n"
    "          Cpu: 1\n"
    "          Ref: P\n",
    /* misspelt settings among dropped keys */
    "        - Name: a\n"
    "          Image: x\n"
    "          Essential: true\n"
    "          ReadOnlyRootFileSystem: true\n"
    "          ReadonlyRootFilesytem: true\n"
    "          Memory: 512\n",
    /* a dropped key twice; a kept key twice; the first key not read twice */
    "        - Name: a\n"
    "          Image: x\n"
    "          Cpu: 1\n"
    "          Memory: 2\n"
    "          Cpu: 3\n",
    "        - Name: a\n"
    "          Image: x\n"
    "          Cpu: 1\n"
    "          Name: b\n",
    "        - Image: x\n"
    "          Cpu: 1\n"
    "          Image: y\n",
    /* a merge brings a key the mapping dropped */
    "        - &base {Name: b, Cpu: 2, Memory: 3}\n"
    "        - Name: a\n"
    "          Image: x\n"
    "          Cpu: 1\n"
    "          <<: *base\n",
    /* an anchored scalar value of a dropped key, its alias elsewhere */
    "        - Name: a\n"
    "          Image: x\n"
    "          Cpu: &c 1\n"
    "        - Name: *c\n",
    /* flow mapping, and dropped values that are collections */
    "        - {Name: a, Image: x, Environment: [{Name: A, Value: b}], Command: [a, b]}\n",
};

/* A template around containers (every key past DROPPED_MAX, and a duplicate
 * past it, when many). */
static char *drop_template(const char *containers, int many)
{
    char *t = malloc(16384);
    ck_assert_ptr_nonnull(t);
    int n = snprintf(t, 16384,
                     "Conditions:\n"
                     "  C: !Equals [a, b]\n"
                     "Resources:\n"
                     "  T:\n"
                     "    Type: AWS::ECS::TaskDefinition\n"
                     "    Properties:\n"
                     "      ContainerDefinitions:\n"
                     "%s",
                     containers);
    if (many) {
        n += snprintf(t + n, 16384 - (size_t)n, "        - Name: many\n");
        for (int i = 0; i < 40; i++)
            n += snprintf(t + n, 16384 - (size_t)n, "          K%d: %d\n", i, i);
        if (many > 1)
            snprintf(t + n, 16384 - (size_t)n, "          K%d: again\n", many);
    }
    return t;
}

static void same_pruned_and_whole(const char *text)
{
    tdi_loaded p, w;
    load(text, 1, NULL, &p);
    load(text, 0, NULL, &w);
    ck_assert_int_eq(p.status, w.status);
    ck_assert_str_eq(p.error ? p.error : "", w.error ? w.error : "");
    ck_assert_uint_eq(p.error_start, w.error_start);
    ck_assert_uint_eq(p.nissues, w.nissues);
    for (size_t i = 0; i < p.nissues; i++) {
        ck_assert_str_eq(p.issues[i].message, w.issues[i].message);
        ck_assert_uint_eq(p.issues[i].start, w.issues[i].start);
    }
    tdi_loaded_free(&p);
    tdi_loaded_free(&w);
    td_file *pf = NULL, *wf = NULL;
    ck_assert_int_eq(tdi_lint_buffer_flags(NULL, "t.yaml", text, strlen(text), 1, &pf), TD_OK);
    ck_assert_int_eq(tdi_lint_buffer_flags(NULL, "t.yaml", text, strlen(text), 0, &wf), TD_OK);
    char *a = report(pf), *b = report(wf);
    ck_assert_msg(strcmp(a, b) == 0, "pruned:\n%s\nwhole:\n%s\ninput:\n%s", a, b, text);
    free(a);
    free(b);
    td_file_free(pf);
    td_file_free(wf);
}

START_TEST(test_dropped_keys_same)
{
    char *t = drop_template(DROP_CASES[_i], 0);
    same_pruned_and_whole(t);
    free(t);
}
END_TEST

START_TEST(test_dropped_keys_many)
{
    /* 40 keys not read: past the 32nd they are kept; duplicates among the
     * dropped ones and among the kept ones are found as in a whole load */
    static const int dup[] = {0, 5, 36};
    for (size_t k = 0; k < 3; k++) {
        char *t = drop_template("", dup[k] ? dup[k] : 1);
        same_pruned_and_whole(t);
        tdi_loaded p;
        load(t, 1, NULL, &p);
        if (dup[k]) {
            ck_assert_int_eq(p.status, TDI_LOAD_OK);
            ck_assert_uint_eq(p.nissues, 1);
            char want[64];
            snprintf(want, sizeof want, "duplicate key \"K%d\" (also at line %d)", dup[k],
                     9 + dup[k]);
            ck_assert_msg(strstr(p.issues[0].message, want) != NULL, "%s", p.issues[0].message);
        } else {
            const json_t *c = at(&p, "/Resources/T/Properties/ContainerDefinitions/0");
            /* Name, K0 (the first not read), then what comes past 32 dropped */
            ck_assert_uint_eq(json_object_size(c), 2 + 40 - 1 - 32);
            ck_assert_ptr_null(json_object_get(c, "K1"));
            ck_assert_ptr_nonnull(json_object_get(c, "K33"));
        }
        tdi_loaded_free(&p);
        free(t);
    }
}
END_TEST

START_TEST(test_bare_list_keeps_keys)
{
    /* a bare list of container definitions: its keys say what it is */
    static const char text[] = "- name: a\n"
                               "  image: x\n"
                               "  essential: true\n"
                               "  memory: 512\n";
    same_pruned_and_whole(text);
    tdi_loaded p;
    load(text, 1, NULL, &p);
    ck_assert_uint_eq(json_object_size(at(&p, "/0")), 4);
    tdi_loaded_free(&p);
}
END_TEST

/* ---- every file of the tests lints the same pruned and whole ---- */

static char *report(td_file *file)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(td_emit_json(out, &file, 1, TD_LEVEL_NOTE), TD_OK);
    td_text_options text = {TD_LEVEL_NOTE, 1, 1, 0, 0, 40};
    ck_assert_int_eq(td_emit_text(out, &file, 1, &text), TD_OK);
    fclose(out);
    return buf;
}

static size_t compared;

static void compare_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            data = realloc(data, cap);
            ck_assert_ptr_nonnull(data);
        }
        size_t r = fread(data + len, 1, cap - len, f);
        if (r == 0)
            break;
        len += r;
    }
    fclose(f);
    td_file *p = NULL, *w = NULL;
    ck_assert_int_eq(tdi_lint_buffer_flags(NULL, path, data, len, 1, &p), TD_OK);
    ck_assert_int_eq(tdi_lint_buffer_flags(NULL, path, data, len, 0, &w), TD_OK);
    char *a = report(p), *b = report(w);
    size_t i = 0, line = 1;
    while (a[i] && a[i] == b[i])
        line += a[i++] == '\n';
    ck_assert_msg(a[i] == b[i], "%s: report line %zu differs: pruned \"%.80s\", whole \"%.80s\"",
                  path, line, a + i, b + i);
    free(a);
    free(b);
    td_file_free(p);
    td_file_free(w);
    free(data);
    compared++;
}

static void compare_tree(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            compare_tree(path);
            continue;
        }
        if (!S_ISREG(st.st_mode) || strcmp(e->d_name, "args") == 0 ||
            strstr(path, "/expected") != NULL)
            continue;
        compare_file(path);
    }
    closedir(d);
}

START_TEST(test_testdata_same)
{
    compared = 0;
    compare_tree(TDLINT_SOURCE_DIR "/testdata");
    /* the cases and examples hold some 250 inputs */
    ck_assert_uint_ge(compared, 200);
}
END_TEST

static Suite *prune_suite(void)
{
    Suite *s = suite_create("prune");
    TCase *tc = tcase_create("tree");
    tcase_add_test(tc, test_pruned_tree);
    tcase_add_loop_test(tc, test_pruned_errors, 0, (int)(sizeof ERR_CASES / sizeof ERR_CASES[0]));
    tcase_add_test(tc, test_pruned_merges_are_not_keys);
    tcase_add_test(tc, test_alias_into_pruned_value);
    tcase_add_test(tc, test_alias_of_pruned_container);
    tcase_add_test(tc, test_alias_of_pruned_scalar);
    tcase_add_test(tc, test_long_form_function_as_container);
    tcase_add_loop_test(tc, test_dropped_keys_same, 0,
                        (int)(sizeof DROP_CASES / sizeof DROP_CASES[0]));
    tcase_add_test(tc, test_dropped_keys_many);
    tcase_add_test(tc, test_bare_list_keeps_keys);
    suite_add_tcase(s, tc);
    tc = tcase_create("reports");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_testdata_same);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(prune_suite)
