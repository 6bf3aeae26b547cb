/* The fix property checker (tests/fixprop_check.c) can fail: each check is
 * fed hand-made pairs (original, "fixed") that break its property and pairs
 * that keep it, and must report exactly the properties broken. */
#include "testutil.h"

#include "../fixprop.h"

#define S(lit) lit, sizeof lit - 1

typedef struct {
    const char *orig, *fixed;
    size_t nfixed;
    unsigned want; /* the FP_* bits fixprop_bytes must report */
} bytes_case;

static const bytes_case BYTES[] = {
    /* kept */
    {"{\"a\": 1}\n", "{\"a\": 1, \"b\": true}\n", 1, 0},
    {"a: 1\n", "a: 1\nb: true\n", 1, 0},
    {"a: 1\r\n", "a: 1\r\nb: true\r\n", 1, 0},
    {"a: 1\r", "a: 1\rb: true\r", 1, 0},
    {"\xEF\xBB\xBF{}", "\xEF\xBB\xBF{\"b\":true}", 1, 0},
    {"a: 1", "a: 1", 0, 0},
    {"", "", 0, 0},
    {"a: 1\nb: 2\r\n", "a: 1\nc: 3\nb: 2\r\n", 1, 0}, /* mixed: any line end */
    {"a: 1\nb: 2\n", "a: 1\nb: 3\n", 2, 0},           /* fewer lines than fixes is fine */
    {"- name: a\n", "- name: a\n  readonlyRootFilesystem: true\n", 1, 0}, /* block YAML */
    /* broken */
    {"a: 1\n", "a: 1\n", 1, FP_COUNT},
    {"a: 1\n", "a: 2\n", 0, FP_COUNT},
    {"\xEF\xBB\xBF{}\n", "{}\n", 0, FP_COUNT | FP_BOM},
    {"{}\n", "\xEF\xBB\xBF{}\n", 1, FP_BOM},
    {"a: 1\n", "a: 2", 1, FP_FINAL_EOL},
    {"a: 1\nb: 2", "a: 1\nb: 3\n", 1, FP_FINAL_EOL},
    {"a: 1\r\nb: 2\r\n", "a: 1\r\nc: 3\nb: 2\r\n", 1, FP_EOL_STYLE},
    {"a: 1\nb: 2\n", "a: 1\r\nb: 3\n", 1, FP_EOL_STYLE},
    {"a: 1\rb: 2\r", "a: 1\r\nb: 3\r", 1, FP_EOL_STYLE},
    {"a: 1\nb: 2\n", "a: 1\nc: 3\nd: 4\nb: 2\n", 1, FP_LINES},
    {"{\"a\": 1}", "{\"a\": 1,\n\"b\": true}", 1, FP_LINES},
    {"{\"a\": 1}\n", "{\"a\": 1,\n\"b\": true}\n", 1, FP_LINES},
    {"\xEF\xBB\xBF  [{Name: a}]\r\n", "\xEF\xBB\xBF  [{Name: a,\r\n b: c}]\r\n", 1, FP_LINES},
};

START_TEST(test_bytes)
{
    const bytes_case *c = &BYTES[_i];
    fixprop_run r = {"case", NULL, 0, 0};
    fixprop_bytes(&r, c->orig, strlen(c->orig), c->fixed, strlen(c->fixed), c->nfixed);
    ck_assert_msg(r.violated == c->want, "case %d: violated %#x, want %#x", _i, r.violated,
                  c->want);
}
END_TEST

typedef struct {
    const char *orig, *fixed;
    unsigned want; /* the FP_* bits fixprop_trees must report */
} tree_case;

static const tree_case TREES[] = {
    /* kept: only the root-filesystem keys, in any case or misspelt, differ */
    {"{\"name\": \"a\"}", "{\"name\": \"a\", \"readonlyRootFilesystem\": true}", 0},
    {"{\"name\": \"a\", \"readonlyRootFilesystem\": false}",
     "{\"name\": \"a\", \"readonlyRootFilesystem\": true}", 0},
    {"{\"c\": [{\"readOnlyRootFileSystem\": \"true\"}]}",
     "{\"c\": [{\"readonlyRootFilesystem\": true}]}", 0},
    {"C: [{Name: a, ReadonlyRootFilesytem: no}]\n",
     "C: [{Name: a, ReadonlyRootFilesystem: true}]\n", 0},
    {"a: 1\n---\nb: [1, 2]\n", "a: 1\n---\nb: [1, 2]\n", 0},
    {"{\"a\":", "{\"a\":", 0},
    /* broken */
    {"{\"name\": \"a\"}", "{\"name\": \"b\", \"readonlyRootFilesystem\": true}", FP_TREE},
    {"{\"name\": \"a\"}", "{\"readonlyRootFilesystem\": true}", FP_TREE},
    {"{\"name\": \"a\"}", "{\"name\": \"a\", \"readOnly\": true}", FP_TREE},
    {"{\"c\": [1, 2]}", "{\"c\": [1, 2, 3]}", FP_TREE},
    {"{\"c\": [1, 2]}", "{\"c\": [1, 2.0]}", FP_TREE},
    {"a: '1'\n", "a: 1\n", FP_TREE},
    {"{\"name\": \"a\"}", "{\"name\": \"a\",, \"readonlyRootFilesystem\": true}", FP_LOADS},
    {"a: 1\n", "a: 1\n---\nb: 2\n", FP_LOADS},
    {"a: 1\nb: 2\n", "a: 1\nb: 2\nb: 3\n", FP_LOADS}, /* a duplicate key: loads, with an issue */
    {"{\"a\":", "{\"a\": 1}", FP_UNPARSED},
};

START_TEST(test_trees)
{
    const tree_case *c = &TREES[_i];
    fixprop_run r = {"case", NULL, 0, 0};
    ck_assert_int_eq(fixprop_trees(&r, c->orig, strlen(c->orig), c->fixed, strlen(c->fixed)),
                     TD_OK);
    ck_assert_msg(r.violated == c->want, "case %d: violated %#x, want %#x", _i, r.violated,
                  c->want);
}
END_TEST

static const char TASK[] = "{\"family\": \"web\", \"containerDefinitions\": [\n"
                           "  {\"name\": \"app\", \"image\": \"nginx\"}\n"
                           "]}\n";
static const char TASK_RO[] = "{\"family\": \"web\", \"containerDefinitions\": [\n"
                              "  {\"name\": \"app\", \"image\": \"nginx\", "
                              "\"readonlyRootFilesystem\": true}\n"
                              "]}\n";

static td_file *lint(const char *text, size_t len)
{
    td_file *f = NULL;
    ck_assert_int_eq(td_lint_buffer(NULL, "task.json", text, len, &f), TD_OK);
    return f;
}

START_TEST(test_fixable)
{
    td_file *f = lint(S(TASK));
    ck_assert_uint_ge(f->findings.n, 1);
    fixprop_run r = {"case", NULL, 0, 0};
    /* whatever the rules do: drop every fix, then give one finding a fix */
    for (size_t i = 0; i < f->findings.n; i++)
        f->findings.v[i].nedits = 0;
    fixprop_fixable(&r, f);
    ck_assert_uint_eq(r.violated, 0);
    td_edit edit = {{1, 1, 0}, {1, 1, 0}, "x"};
    f->findings.v[0].edits = &edit;
    f->findings.v[0].nedits = 1;
    fixprop_fixable(&r, f);
    ck_assert_uint_eq(r.violated, FP_FIXABLE);
    ck_assert_uint_eq(r.nviolations, 1);
    td_file_free(f);
}
END_TEST

START_TEST(test_refix)
{
    fixprop_run r = {"case", NULL, 0, 0};
    fixprop_refix(&r, S("a: 1\n"), S("a: 1\n"), 0);
    ck_assert_uint_eq(r.violated, 0);
    fixprop_refix(&r, S("a: 1\n"), S("a: 1\n"), 1);
    ck_assert_uint_eq(r.violated, FP_IDEMPOTENT);
    fixprop_run r2 = {"case", NULL, 0, 0};
    fixprop_refix(&r2, S("a: 1\n"), S("a: 1\nb: 2\n"), 0);
    ck_assert_uint_eq(r2.violated, FP_IDEMPOTENT);
}
END_TEST

START_TEST(test_findings)
{
    td_file *a = lint(S(TASK)), *b = lint(S(TASK)), *c = lint(S(TASK_RO));
    ck_assert_uint_gt(td_file_finding_count(a), td_file_finding_count(c));
    fixprop_run r = {"case", NULL, 0, 0};
    fixprop_findings(&r, a, b);
    ck_assert_uint_eq(r.violated, 0);
    fixprop_findings(&r, a, c);
    ck_assert_uint_eq(r.violated, FP_FINDINGS);
    /* the same number, one message different */
    fixprop_run r2 = {"case", NULL, 0, 0};
    b->findings.v[0].message = "another message";
    fixprop_findings(&r2, a, b);
    ck_assert_uint_eq(r2.violated, FP_FINDINGS);
    /* one column different */
    fixprop_run r3 = {"case", NULL, 0, 0};
    b->findings.v[0].message = a->findings.v[0].message;
    b->findings.v[0].start.column++;
    fixprop_findings(&r3, a, b);
    ck_assert_uint_eq(r3.violated, FP_FINDINGS);
    td_file_free(a);
    td_file_free(b);
    td_file_free(c);
}
END_TEST

START_TEST(test_line_diff)
{
    size_t added, removed;
    ck_assert_int_eq(fixprop_line_diff(S("a\nb\nc\n"), S("a\nB\nc\nd\n"), &added, &removed), TD_OK);
    ck_assert_uint_eq(added, 2);
    ck_assert_uint_eq(removed, 1);
    /* the line end counts: a last line that gains one is changed */
    ck_assert_int_eq(fixprop_line_diff(S("a\nb"), S("a\nb\n"), &added, &removed), TD_OK);
    ck_assert_uint_eq(added, 1);
    ck_assert_uint_eq(removed, 1);
    /* equal lines are matched as a multiset */
    ck_assert_int_eq(fixprop_line_diff(S("x\nx\ny\n"), S("x\ny\ny\n"), &added, &removed), TD_OK);
    ck_assert_uint_eq(added, 1);
    ck_assert_uint_eq(removed, 1);
    ck_assert_int_eq(fixprop_line_diff(S(""), S("a\r\nb\r"), &added, &removed), TD_OK);
    ck_assert_uint_eq(added, 2);
    ck_assert_uint_eq(removed, 0);
}
END_TEST

/* The whole check on real inputs: every property holds, and the totals count them. */
START_TEST(test_check)
{
    static const char *const FILES[] = {
        TASK,
        TASK_RO,
        "Resources:\r\n  T:\r\n    Type: AWS::ECS::TaskDefinition\r\n    Properties:\r\n"
        "      ContainerDefinitions:\r\n        - {Name: a, ReadonlyRootFilesystem: false}\r\n",
        "{\"containerDefinitions\": [{\"name\": \"a\",",
        "\xEF\xBB\xBF{\"containerDefinitions\":[{\"name\":\"a\",\"readonlyRootFilesystem\":null}]}",
    };
    fixprop_totals t;
    ck_assert_int_eq(fixprop_totals_init(&t), TD_OK);
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
        fixprop_run r = {"case.json", stderr, 0, 0};
        ck_assert_int_eq(fixprop_check(&r, FILES[i], strlen(FILES[i]), &t), TD_OK);
        ck_assert_msg(r.violated == 0, "file %zu: violated %#x", i, r.violated);
    }
    ck_assert_uint_eq(t.files, 5);
    ck_assert(t.fixes ? t.changed >= 1 : t.changed == 0);
    size_t left = 0;
    for (size_t k = 0; k < td_rule_count(); k++)
        left += t.by_rule[k];
    ck_assert_uint_ge(left, 1); /* the file that does not parse keeps its TD000 at least */
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    fixprop_totals_print(&t, f);
    fclose(f);
    ck_assert_msg(strncmp(out, "fixprop: 5 files checked, ", 26) == 0, "%s", out);
    free(out);
    fixprop_totals_free(&t);
}
END_TEST

START_TEST(test_names)
{
    ck_assert_str_eq(fixprop_name(FP_LOADS), "loads");
    ck_assert_str_eq(fixprop_name(FP_LINES), "lines-added");
    ck_assert_str_eq(fixprop_name(1u << FP_NPROPS), "?");
    /* a violation names the file and the property */
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    fixprop_run r = {"dir/t.yaml", f, 0, 0};
    fixprop_bytes(&r, S("a\n"), S("a"), 1);
    fclose(f);
    ck_assert_str_eq(out,
                     "dir/t.yaml: final-eol-kept: the line end after the last line was lost\n");
    free(out);
}
END_TEST

static Suite *make(void)
{
    Suite *s = suite_create("fixprop");
    TCase *tc = tcase_create("properties");
    tcase_add_loop_test(tc, test_bytes, 0, sizeof BYTES / sizeof BYTES[0]);
    tcase_add_loop_test(tc, test_trees, 0, sizeof TREES / sizeof TREES[0]);
    tcase_add_test(tc, test_fixable);
    tcase_add_test(tc, test_refix);
    tcase_add_test(tc, test_findings);
    tcase_add_test(tc, test_line_diff);
    tcase_add_test(tc, test_check);
    tcase_add_test(tc, test_names);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(make)
