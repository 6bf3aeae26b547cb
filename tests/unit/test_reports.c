/* Emitters of reports for CI systems: JSON, GitHub annotations, GitLab Code
 * Quality, JUnit XML. The golden cases format-* hold whole reports; these
 * tests pin what the command line cannot produce: note-level findings,
 * paths with line breaks, control characters and bytes that are not UTF-8. */
#include "testutil.h"

static const char TASKDEF[] = "{\n"
                              "  \"family\": \"fam\",\n"
                              "  \"containerDefinitions\": [\n"
                              "    {\"name\": \"a\", \"image\": \"x\"},\n"
                              "    {\"name\": \"b\", \"image\": \"x\"},\n"
                              "    {\"name\": \"c%d\", \"image\": \"x\",\n"
                              "     \"readonlyRootFilesystem\": true}\n"
                              "  ]\n"
                              "}\n";

/* Lints TASKDEF as path; finding 0 (container a) is made a note and finding 1
 * (container b) suppressed, as no rule or configuration of the command can. */
static td_file *lint(const char *path)
{
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(NULL, path, TASKDEF, strlen(TASKDEF), &f), TD_OK);
    ck_assert_uint_eq(f->findings.n, 2);
    f->findings.v[0].level = TD_LEVEL_NOTE;
    f->findings.v[1].suppressed = 1; /* a suppressed finding has no fix */
    f->findings.v[1].nedits = 0;
    f->findings.v[1].suppression_kind = "external";
    f->findings.v[1].justification = "b <writes> & \"logs\"\nthere";
    return f;
}

typedef int (*emit_fn)(FILE *, td_file *const *, size_t, td_level);

static char *emit(emit_fn fn, td_file **files, size_t n, td_level min_level)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(fn(m, files, n, min_level), TD_OK);
    fclose(m);
    return buf;
}

static char *emit_junit(td_file **files, size_t n, td_level fail_level)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(m);
    td_junit_options o = {fail_level};
    ck_assert_int_eq(td_emit_junit(m, files, n, TD_LEVEL_NOTE, &o), TD_OK);
    fclose(m);
    return buf;
}

START_TEST(test_github)
{
    td_file *f = lint("./dir/x,y:z%\r\n.json");
    /* a finding over several lines gets no columns */
    f->findings.v[0].end.line = f->findings.v[0].start.line + 1;
    char *out = emit(td_emit_github, &f, 1, TD_LEVEL_NOTE);
    ck_assert_str_eq(out, "::notice file=dir/x%2Cy%3Az%25%0D%0A.json,line=4,endLine=5,"
                          "title=TD001 writable-root-filesystem::container \"a\" in task "
                          "definition \"fam\" has a writable root filesystem "
                          "(readonlyRootFilesystem is not set): set readonlyRootFilesystem to "
                          "true and mount a volume on each path it writes (fixable with --fix)\n");
    free(out);
    /* below the minimum level: nothing */
    out = emit(td_emit_github, &f, 1, TD_LEVEL_WARNING);
    ck_assert_str_eq(out, "");
    free(out);
    td_file_free(f);

    /* the message: % CR LF escaped, ':' and ',' kept */
    td_file *g;
    const char *in =
        "[{\"name\": \"50%, a:b\", \"image\": \"x\", \"readonlyRootFilesystem\": \"\\r\"}]";
    ck_assert_int_eq(td_lint_buffer(NULL, "c.json", in, strlen(in), &g), TD_OK);
    g->findings.v[0].message = "50%, a:b\r\nnext";
    out = emit(td_emit_github, &g, 1, TD_LEVEL_NOTE);
    ck_assert_str_eq(out, "::error file=c.json,line=1,col=37,endLine=1,endColumn=67,"
                          "title=TD003 invalid-root-filesystem-value::50%25, a:b%0D%0Anext\n");
    free(out);
    td_file_free(g);
}
END_TEST

START_TEST(test_gitlab)
{
    td_file *f[2] = {lint("./t.json"), lint("u.json")};
    f[1]->findings.v[1].suppressed = 0;
    f[1]->findings.v[1].level = TD_LEVEL_WARNING;
    char *out = emit(td_emit_gitlab, f, 2, TD_LEVEL_NOTE);
    json_error_t e;
    json_t *doc = json_loads(out, 0, &e);
    ck_assert_msg(json_is_array(doc), "not a JSON array: %s", e.text);
    /* t.json: the note (b is suppressed); u.json: the note and the warning */
    ck_assert_uint_eq(json_array_size(doc), 3);
    const char *sev[] = {"info", "info", "minor"};
    const char *path[] = {"t.json", "u.json", "u.json"};
    for (size_t i = 0; i < 3; i++) {
        json_t *x = json_array_get(doc, i);
        ck_assert_str_eq(json_string_value(json_object_get(x, "severity")), sev[i]);
        ck_assert_str_eq(json_string_value(json_object_get(x, "check_name")), "TD001");
        ck_assert_str_eq(json_string_value(json_object_get(json_object_get(x, "location"), "path")),
                         path[i]);
        ck_assert_int_eq(json_integer_value(json_object_get(
                             json_object_get(json_object_get(x, "location"), "lines"), "begin")),
                         i < 2 ? 4 : 5);
    }
    const char *fp0 = json_string_value(json_object_get(json_array_get(doc, 0), "fingerprint"));
    const char *fp1 = json_string_value(json_object_get(json_array_get(doc, 1), "fingerprint"));
    const char *fp2 = json_string_value(json_object_get(json_array_get(doc, 2), "fingerprint"));
    /* the same finding in two files: same second half, different first half */
    ck_assert_uint_eq(strlen(fp0), 32);
    ck_assert_str_eq(fp0 + 16, f[0]->findings.v[0].fingerprint);
    ck_assert_str_eq(fp0 + 16, fp1 + 16);
    ck_assert_int_ne(strncmp(fp0, fp1, 16), 0);
    /* two findings in one file: the same first half, different fingerprints */
    ck_assert_int_eq(strncmp(fp1, fp2, 16), 0);
    ck_assert_str_ne(fp1, fp2);
    json_decref(doc);
    /* stable: the same report twice */
    char *again = emit(td_emit_gitlab, f, 2, TD_LEVEL_NOTE);
    ck_assert_str_eq(out, again);
    free(again);
    free(out);
    td_file_free(f[0]);
    td_file_free(f[1]);
}
END_TEST

START_TEST(test_junit)
{
    td_file *f[2] = {lint("a<&>\"'\x01\xff.json"), NULL};
    ck_assert_int_eq(td_lint_buffer(NULL, "z.json", "{\"a\": [}", 8, &f[1]), TD_OK);
    char *out = emit_junit(f, 2, TD_LEVEL_WARNING);
    const char *path = "a&lt;&amp;&gt;&quot;&apos;\xEF\xBF\xBD\xEF\xBF\xBD.json";
    char want[2048];
    snprintf(want, sizeof want,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<testsuites name=\"tdlint\" tests=\"5\" failures=\"0\" errors=\"1\">\n"
             "  <testsuite name=\"%s\" tests=\"4\" failures=\"0\" errors=\"0\">\n"
             "    <testcase classname=\"%s\" name=\"(file)\"/>\n"
             "    <testcase classname=\"%s\" name=\"fam/a\">\n"
             "      <system-out>%s:4:5: note: container &quot;a&quot; in task definition "
             "&quot;fam&quot; has a writable root filesystem (readonlyRootFilesystem is not "
             "set): set readonlyRootFilesystem to true and mount a volume on each path it writes "
             "(fixable with --fix) [TD001]\n"
             "</system-out>\n"
             "    </testcase>\n"
             "    <testcase classname=\"%s\" name=\"fam/b\">\n"
             "      <system-out>%s:5:5: error: container &quot;b&quot; in task definition "
             "&quot;fam&quot; has a writable root filesystem (readonlyRootFilesystem is not "
             "set): set readonlyRootFilesystem to true and mount a volume on each path it writes "
             "[TD001] (suppressed: b &lt;writes&gt; "
             "&amp; &quot;logs&quot;\\nthere)\n"
             "</system-out>\n"
             "    </testcase>\n"
             "    <testcase classname=\"%s\" name=\"fam/c%%d\"/>\n"
             "  </testsuite>\n"
             "  <testsuite name=\"z.json\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
             "    <testcase classname=\"z.json\" name=\"(file)\">\n"
             "      <error message=\"invalid JSON: unexpected token near &apos;}&apos; [TD000]\" "
             "type=\"TD000\">z.json:1:8: error: invalid JSON: unexpected token near "
             "&apos;}&apos; [TD000]\n"
             "</error>\n"
             "    </testcase>\n"
             "  </testsuite>\n"
             "</testsuites>\n",
             path, path, path, path, path, path, path);
    ck_assert_str_eq(out, want);
    free(out);

    /* fail level note: the note fails its testcase; attributes keep line breaks */
    f[0]->findings.v[0].message = "two\nlines\tand a tab";
    out = emit_junit(f, 1, TD_LEVEL_NOTE);
    ck_assert_ptr_nonnull(strstr(out, "<testsuites name=\"tdlint\" tests=\"4\" failures=\"1\" "
                                      "errors=\"0\">"));
    ck_assert_ptr_nonnull(
        strstr(out, "<failure message=\"two&#10;lines&#9;and a tab (fixable with --fix) [TD001]\" "
                    "type=\"TD001\">"));
    ck_assert_ptr_nonnull(
        strstr(out, ":4:5: note: two\nlines\tand a tab (fixable with --fix) [TD001]\n</failure>"));
    free(out);
    td_file_free(f[0]);
    td_file_free(f[1]);
}
END_TEST

START_TEST(test_json)
{
    td_file *f = lint("bad\xff.json");
    ck_assert_uint_eq(td_file_task_count(f), 1);
    const td_task_info *t = td_file_task(f, 0);
    ck_assert_str_eq(t->name, "fam");
    ck_assert_str_eq(t->pointer, "");
    ck_assert_uint_eq(t->first_container, 0);
    ck_assert_uint_eq(t->ncontainers, 3);
    ck_assert_ptr_null(td_file_task(f, 1));
    ck_assert_str_eq(td_file_container(f, 2)->pointer, "/containerDefinitions/2");

    char *out = emit(td_emit_json, &f, 1, TD_LEVEL_NOTE);
    json_error_t e;
    json_t *doc = json_loads(out, 0, &e);
    ck_assert_msg(doc != NULL, "not JSON: %s", e.text);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "schema")), "tdlint/1");
    json_t *file = json_array_get(json_object_get(doc, "files"), 0);
    /* a byte that is not UTF-8 becomes U+FFFD rather than failing the report */
    ck_assert_str_eq(json_string_value(json_object_get(file, "path")), "bad\xEF\xBF\xBD.json");
    json_t *cs = json_object_get(json_array_get(json_object_get(file, "tasks"), 0), "containers");
    ck_assert_uint_eq(json_array_size(cs), 3);
    ck_assert(json_is_true(json_object_get(json_array_get(cs, 0), "root_writable")));
    ck_assert(json_is_false(json_object_get(json_array_get(cs, 2), "root_writable")));
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(cs, 2), "name")), "c%d");
    json_t *fs = json_object_get(file, "findings");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(fs, 0), "level")), "note");
    json_t *sup = json_object_get(json_array_get(fs, 1), "suppression");
    ck_assert_str_eq(json_string_value(json_object_get(sup, "kind")), "external");
    ck_assert_str_eq(json_string_value(json_object_get(sup, "justification")),
                     "b <writes> & \"logs\"\nthere");
    json_t *sum = json_object_get(doc, "summary");
    ck_assert_int_eq(json_integer_value(json_object_get(sum, "notes")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(sum, "errors")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(sum, "suppressed")), 1);
    json_decref(doc);
    free(out);
    /* a minimum level leaves the note out */
    out = emit(td_emit_json, &f, 1, TD_LEVEL_WARNING);
    doc = json_loads(out, 0, &e);
    file = json_array_get(json_object_get(doc, "files"), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(file, "findings")), 1);
    json_decref(doc);
    free(out);
    td_file_free(f);
}
END_TEST

static Suite *reports_suite(void)
{
    Suite *s = suite_create("reports");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_github);
    tcase_add_test(tc, test_gitlab);
    tcase_add_test(tc, test_junit);
    tcase_add_test(tc, test_json);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(reports_suite)
