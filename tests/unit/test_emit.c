/* Emitters: the text line format, the structure of the SARIF log, reports
 * written file by file, and text that is not UTF-8. */
#include "testutil.h"

static const char INPUT[] = "Resources:\n"
                            "  T:\n"
                            "    Type: AWS::ECS::TaskDefinition\n"
                            "    Properties:\n"
                            "      ContainerDefinitions:\n"
                            "        - Name: w\xC3\xA9\x62\n"
                            "        - Name: b\n"
                            "          ReadonlyRootFilesystem: !Ref P\n";

static char *emit_to_string(int sarif, td_file **files, size_t n, const td_sarif_options *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    int rc = sarif ? td_emit_sarif(f, files, n, TD_LEVEL_NOTE, o) : td_emit_text(f, files, n, NULL);
    ck_assert_int_eq(rc, TD_OK);
    fclose(f);
    return buf;
}

START_TEST(test_text)
{
    td_file *f[2];
    ck_assert_int_eq(td_lint_buffer(NULL, "dir/t a.yaml", INPUT, strlen(INPUT), &f[0]), TD_OK);
    ck_assert_int_eq(td_lint_buffer(NULL, "z.json", "{\"a\": [}", 8, &f[1]), TD_OK);
    char *out = emit_to_string(0, f, 2, NULL);
    ck_assert_str_eq(out,
                     "dir/t a.yaml:6:11: error: container \"w\xC3\xA9\x62\" in task definition "
                     "\"T\" has a writable root filesystem (ReadonlyRootFilesystem is not set): "
                     "set ReadonlyRootFilesystem to true and mount a volume on each path it writes "
                     "(fixable with --fix) [TD001]\n"
                     "dir/t a.yaml:8:11: warning: container \"b\" in task definition \"T\": "
                     "ReadonlyRootFilesystem cannot be verified statically: it is computed by a "
                     "Ref to P, which the template does not declare; write true [TD002]\n"
                     "z.json:1:8: error: invalid JSON: unexpected token near '}' [TD000]\n");
    free(out);
    /* a minimum level leaves lower levels out */
    FILE *m;
    char *buf = NULL;
    size_t len = 0;
    m = open_memstream(&buf, &len);
    ck_assert_int_eq(td_emit_text(m, f, 1, &(td_text_options){.min_level = TD_LEVEL_ERROR}), TD_OK);
    fclose(m);
    ck_assert_ptr_null(strstr(buf, "TD002"));
    ck_assert_ptr_nonnull(strstr(buf, "TD001"));
    free(buf);
    td_file_free(f[0]);
    td_file_free(f[1]);
}
END_TEST

START_TEST(test_sarif)
{
    td_file *f[2];
    ck_assert_int_eq(td_lint_buffer(NULL, "dir/t a.yaml", INPUT, strlen(INPUT), &f[0]), TD_OK);
    ck_assert_int_eq(td_lint_buffer(NULL, "/abs/z.json", "{\"a\": [}", 8, &f[1]), TD_OK);
    td_sarif_options o = {"/work/my repo", 0};
    char *out = emit_to_string(1, f, 2, &o);
    json_error_t e;
    json_t *log = json_loads(out, 0, &e);
    ck_assert_msg(log != NULL, "SARIF is not JSON: %s", e.text);
    ck_assert_str_eq(json_string_value(json_object_get(log, "version")), "2.1.0");
    json_t *run = json_array_get(json_object_get(log, "runs"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(run, "columnKind")), "unicodeCodePoints");
    ck_assert_str_eq(
        json_string_value(json_object_get(
            json_object_get(json_object_get(run, "originalUriBaseIds"), "%SRCROOT%"), "uri")),
        "file:///work/my%20repo/");
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    ck_assert_str_eq(json_string_value(json_object_get(driver, "name")), "tdlint");
    ck_assert_str_eq(json_string_value(json_object_get(driver, "version")), TD_VERSION);
    json_t *rules = json_object_get(driver, "rules");
    ck_assert_uint_eq(json_array_size(rules), td_rule_count());
    json_t *r1 = json_array_get(rules, 1);
    ck_assert_str_eq(json_string_value(json_object_get(r1, "id")), "TD001");
    ck_assert_str_eq(json_string_value(json_object_get(r1, "name")), "writable-root-filesystem");
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(r1, "defaultConfiguration"), "level")),
        "error");
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(r1, "properties"), "security-severity")),
        "7.5");
    ck_assert_str_eq(json_string_value(json_array_get(
                         json_object_get(json_object_get(r1, "properties"), "tags"), 0)),
                     "security");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r1, "help"), "markdown")),
                     td_rule_at(1)->doc);

    json_t *results = json_object_get(run, "results");
    ck_assert_uint_eq(json_array_size(results), 3);
    json_t *res = json_array_get(results, 0);
    ck_assert_str_eq(json_string_value(json_object_get(res, "ruleId")), "TD001");
    ck_assert_int_eq(json_integer_value(json_object_get(res, "ruleIndex")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(res, "level")), "error");
    json_t *pl =
        json_object_get(json_array_get(json_object_get(res, "locations"), 0), "physicalLocation");
    json_t *al = json_object_get(pl, "artifactLocation");
    ck_assert_str_eq(json_string_value(json_object_get(al, "uri")), "dir/t%20a.yaml");
    ck_assert_str_eq(json_string_value(json_object_get(al, "uriBaseId")), "%SRCROOT%");
    json_t *region = json_object_get(pl, "region");
    ck_assert_int_eq(json_integer_value(json_object_get(region, "startLine")), 6);
    ck_assert_int_eq(json_integer_value(json_object_get(region, "startColumn")), 11);
    ck_assert_int_eq(json_integer_value(json_object_get(region, "endLine")), 6);
    /* "Name: w\u00e9b" ends at column 20: the e-acute is one column */
    ck_assert_int_eq(json_integer_value(json_object_get(region, "endColumn")), 20);
    ck_assert_str_eq(json_string_value(
                         json_object_get(json_object_get(res, "partialFingerprints"), "tdlint/v1")),
                     td_file_finding(f[0], 0)->fingerprint);

    json_t *res3 = json_array_get(results, 2);
    json_t *al3 = json_object_get(
        json_object_get(json_array_get(json_object_get(res3, "locations"), 0), "physicalLocation"),
        "artifactLocation");
    ck_assert_str_eq(json_string_value(json_object_get(al3, "uri")), "file:///abs/z.json");
    ck_assert_ptr_null(json_object_get(al3, "uriBaseId"));

    json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
    ck_assert(json_is_false(json_object_get(inv, "executionSuccessful")));
    json_t *notes = json_object_get(inv, "toolExecutionNotifications");
    ck_assert_uint_eq(json_array_size(notes), 1);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_object_get(json_array_get(notes, 0), "message"), "text")),
                     "/abs/z.json: invalid JSON: unexpected token near '}'");
    json_decref(log);
    free(out);
    td_file_free(f[0]);
    td_file_free(f[1]);
}
END_TEST

/* A file whose path is not UTF-8 and whose error quotes a UTF-8 sequence cut
 * short: the message says \xF0, and every JSON report stays valid JSON. */
START_TEST(test_not_utf8)
{
    static const char bad[] = "[\"\\\xF0\x9F\x8C\x80\"]"; /* ["\<U+1F300>"]: a bad escape */
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(NULL, "caf\xE9.json", bad, strlen(bad), &f), TD_OK);
    ck_assert_str_eq(td_file_finding(f, 0)->message,
                     "invalid JSON: invalid escape near '\"\\\\xF0'");
    for (td_format fmt = TD_FORMAT_SARIF; fmt <= TD_FORMAT_JUNIT; fmt++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        td_report_options o = {.format = fmt, .min_level = TD_LEVEL_NOTE};
        td_report *r;
        ck_assert_int_eq(td_report_begin(m, &o, &r), TD_OK);
        ck_assert_int_eq(td_report_add(r, f), TD_OK);
        ck_assert_int_eq(td_report_end(r, 0), TD_OK);
        fclose(m);
        if (fmt == TD_FORMAT_SARIF || fmt == TD_FORMAT_JSON || fmt == TD_FORMAT_GITLAB) {
            json_error_t e;
            json_t *v = json_loads(buf, 0, &e);
            ck_assert_msg(v != NULL, "format %d: not JSON: %s", (int)fmt, e.text);
            json_decref(v);
        }
        /* SARIF's URIs percent-encode it, GitHub's commands keep its bytes (the
         * runner matches them to the file), the others show U+FFFD */
        const char *path = fmt == TD_FORMAT_GITHUB  ? "file=caf\xE9.json"
                           : fmt == TD_FORMAT_SARIF ? "caf%E9.json"
                                                    : "caf\xEF\xBF\xBD.json";
        ck_assert_msg(strstr(buf, path), "format %d: no %s in %s", (int)fmt, path, buf);
        free(buf);
    }
    td_file_free(f);
}
END_TEST

/* A report written file by file, each file freed once added, is byte for byte
 * the whole-list report, in every format; an empty report too. */
START_TEST(test_streamed)
{
    static const char *const inputs[][2] = {
        {"a.yaml", INPUT},
        {"b.json", "{\"a\": [}"},
        {"c.json", "{\"containerDefinitions\": [{\"name\": \"x\", \"image\": \"i\"}]}"},
        {"d.json", "{}"},
    };
    size_t n = sizeof inputs / sizeof *inputs;
    for (td_format fmt = TD_FORMAT_TEXT; fmt <= TD_FORMAT_JUNIT; fmt++) {
        for (size_t count = 0; count <= n; count += n) {
            td_file *f[4];
            for (size_t i = 0; i < count; i++)
                ck_assert_int_eq(
                    td_lint_buffer(NULL, inputs[i][0], inputs[i][1], strlen(inputs[i][1]), &f[i]),
                    TD_OK);
            char *whole = NULL, *streamed = NULL;
            size_t wl = 0, sl = 0;
            FILE *m = open_memstream(&whole, &wl);
            td_sarif_options so = {"/src", 1};
            td_junit_options jo = {TD_LEVEL_WARNING};
            int rc = fmt == TD_FORMAT_TEXT     ? td_emit_text(m, f, count, NULL)
                     : fmt == TD_FORMAT_SARIF  ? td_emit_sarif(m, f, count, TD_LEVEL_NOTE, &so)
                     : fmt == TD_FORMAT_JSON   ? td_emit_json(m, f, count, TD_LEVEL_NOTE)
                     : fmt == TD_FORMAT_GITHUB ? td_emit_github(m, f, count, TD_LEVEL_NOTE)
                     : fmt == TD_FORMAT_GITLAB ? td_emit_gitlab(m, f, count, TD_LEVEL_NOTE)
                                               : td_emit_junit(m, f, count, TD_LEVEL_NOTE, &jo);
            ck_assert_int_eq(rc, TD_OK);
            fclose(m);
            m = open_memstream(&streamed, &sl);
            td_report_options o = {.format = fmt, .min_level = TD_LEVEL_NOTE};
            o.sarif = so;
            o.junit = jo;
            td_report *r;
            ck_assert_int_eq(td_report_begin(m, &o, &r), TD_OK);
            for (size_t i = 0; i < count; i++) {
                ck_assert_int_eq(td_report_add(r, f[i]), TD_OK);
                td_file_free(f[i]);
            }
            ck_assert_int_eq(td_report_end(r, 1), TD_OK);
            fclose(m);
            ck_assert_msg(strcmp(whole, streamed) == 0, "format %d, %zu files:\n%s\n---\n%s",
                          (int)fmt, count, whole, streamed);
            if (fmt != TD_FORMAT_TEXT && fmt != TD_FORMAT_GITHUB)
                ck_assert_uint_gt(sl, 0);
            free(whole);
            free(streamed);
        }
    }
}
END_TEST

static Suite *emit_suite(void)
{
    Suite *s = suite_create("emit");
    TCase *tc = tcase_create("emit");
    tcase_add_test(tc, test_text);
    tcase_add_test(tc, test_sarif);
    tcase_add_test(tc, test_not_utf8);
    tcase_add_test(tc, test_streamed);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(emit_suite)
