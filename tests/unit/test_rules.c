/* TD001-TD003 through the whole pipeline: exact findings, positions, spans. */
#include "testutil.h"

/* Formats every finding of a file as "L:C-L:C ID message\n". */
static char *findings_of(const char *text)
{
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(NULL, "t", text, strlen(text), &f), TD_OK);
    tdi_buf b;
    tdi_buf_init(&b);
    for (size_t i = 0; i < td_file_finding_count(f); i++) {
        const td_finding *x = td_file_finding(f, i);
        tdi_buf_printf(&b, "%lu:%lu-%lu:%lu %s %s\n", x->start.line, x->start.column, x->end.line,
                       x->end.column, x->rule_id, x->message);
    }
    td_file_free(f);
    char *s = tdi_buf_steal(&b);
    ck_assert_ptr_nonnull(s);
    return s;
}

typedef struct {
    const char *name;
    const char *text;
    const char *want;
} rule_case;

static const rule_case CASES[] = {
    {"ecs register input",
     "{\n"
     "  \"family\": \"web-app\",\n"
     "  \"containerDefinitions\": [\n"
     "    {\"name\": \"web\", \"image\": \"nginx\", \"readonlyRootFilesystem\": false},\n"
     "    {\"name\": \"log\", \"image\": \"fluent-bit\"},\n"
     "    {\"name\": \"ok\", \"image\": \"x\", \"readonlyRootFilesystem\": true},\n"
     "    {\"name\": \"nul\", \"image\": \"x\", \"readonlyRootFilesystem\": null}\n"
     "  ]\n"
     "}\n",
     "4:39-4:70 TD001 container \"web\" in task definition \"web-app\" has a writable root "
     "filesystem (readonlyRootFilesystem is false): set readonlyRootFilesystem to true and mount a "
     "volume on each path it writes\n"
     "5:5-5:43 TD001 container \"log\" in task definition \"web-app\" has a writable root "
     "filesystem (readonlyRootFilesystem is not set): set readonlyRootFilesystem to true and mount "
     "a volume on each path it writes\n"
     "7:35-7:65 TD001 container \"nul\" in task definition \"web-app\" has a writable root "
     "filesystem (readonlyRootFilesystem is null): set readonlyRootFilesystem to true and mount a "
     "volume on each path it writes\n"},
    {"ecs strings are invalid",
     "{\"containerDefinitions\": [{\"name\": \"a\", \"readonlyRootFilesystem\": \"true\"}]}",
     "1:41-1:73 TD003 container \"a\": readonlyRootFilesystem is the string \"true\", but the ECS "
     "API accepts only a boolean: write true without quotes\n"},
    {"ecs number", "{\"containerDefinitions\": [{\"name\": \"a\", \"readonlyRootFilesystem\": 1}]}",
     "1:41-1:68 TD003 container \"a\": readonlyRootFilesystem is a number, not a boolean: set it "
     "to true\n"},
    {"describe output",
     "taskDefinition:\n"
     "  family: api\n"
     "  revision: 3\n"
     "  containerDefinitions:\n"
     "    - name: api\n"
     "      image: x\n"
     "tags: []\n",
     "5:7-6:15 TD001 container \"api\" in task definition \"api\" has a writable root filesystem "
     "(readonlyRootFilesystem is not set): set readonlyRootFilesystem to true and mount a volume "
     "on each path it writes\n"},
    {"bare container array, unnamed container",
     "[{\"image\": \"x\", \"readonlyRootFilesystem\": true}, {\"image\": \"y\"}]",
     "1:50-1:64 TD001 container #2 (no name) has a writable root filesystem "
     "(readonlyRootFilesystem is not set): set readonlyRootFilesystem to true and mount a volume "
     "on each path it writes\n"},
    {"cfn yaml",
     "Resources:\n"
     "  Task:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      ContainerDefinitions:\n"
     "        - Name: a\n"
     "          ReadonlyRootFilesystem: 'FALSE'\n"
     "        - Name: b\n"
     "          ReadonlyRootFilesystem: 'True'\n"
     "        - Name: c\n"
     "          ReadonlyRootFilesystem: off\n"
     "        - {Name: d}\n"
     "        - Name: e\n"
     "          ReadonlyRootFilesystem: 'no'\n"
     "  Job:\n"
     "    Type: AWS::Batch::JobDefinition\n"
     "    Properties:\n"
     "      ContainerProperties:\n"
     "        ReadonlyRootFilesystem: false\n",
     "7:11-7:42 TD001 container \"a\" in task definition \"Task\" has a writable root filesystem "
     "(ReadonlyRootFilesystem is \"FALSE\"): set ReadonlyRootFilesystem to true and mount a volume "
     "on each path it writes\n"
     "11:11-11:38 TD001 container \"c\" in task definition \"Task\" has a writable root "
     "filesystem (ReadonlyRootFilesystem is false): set ReadonlyRootFilesystem to true and mount a "
     "volume on each path it writes\n"
     "12:11-12:20 TD001 container \"d\" in task definition \"Task\" has a writable root "
     "filesystem (ReadonlyRootFilesystem is not set): set ReadonlyRootFilesystem to true and mount "
     "a volume on each path it writes\n"
     "14:11-14:39 TD003 container \"e\" in task definition \"Task\": ReadonlyRootFilesystem is "
     "the string \"no\", not a boolean: set it to true\n"},
    {"cfn intrinsics",
     "{\"Resources\": {\"T\": {\"Type\": \"AWS::ECS::TaskDefinition\", \"Properties\": {\n"
     "\"ContainerDefinitions\": [\n"
     "{\"Name\": \"a\", \"ReadonlyRootFilesystem\": {\"Ref\": \"Ro\"}},\n"
     "{\"Fn::If\": [\"C\", {\"Name\": \"b\"}, {\"Ref\": \"AWS::NoValue\"}]},\n"
     "{\"Name\": \"c\", \"ReadonlyRootFilesystem\": {\"Foo\": 1}}\n"
     "]}},\n"
     "\"U\": {\"Type\": \"AWS::ECS::TaskDefinition\", \"Properties\": {\n"
     "\"ContainerDefinitions\": {\"Fn::If\": [\"C\", {\"Fn::GetAtt\": [\"X\", \"Y\"]}, []]}}}}}\n",
     "3:15-3:54 TD002 container \"a\" in task definition \"T\": ReadonlyRootFilesystem "
     "cannot be verified statically: it is computed by a Ref to Ro, which the template does not "
     "declare; write true\n"
     "4:18-4:31 TD001 container \"b\" in task definition \"T\" has a writable root filesystem "
     "when condition C is true (ReadonlyRootFilesystem is not set): set ReadonlyRootFilesystem "
     "to true and mount a volume on each path it writes\n"
     "5:15-5:51 TD003 container \"c\" in task definition \"T\": ReadonlyRootFilesystem is a "
     "mapping, not a boolean: set it to true\n"
     "8:1-8:74 TD002 ContainerDefinitions of task definition \"U\" is computed by Fn::GetAtt "
     "when condition C is true, so its containers' ReadonlyRootFilesystem cannot be verified "
     "statically\n"},
    {"cfn wrong shapes",
     "Resources:\n"
     "  T:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      ContainerDefinitions: [web, {Name: x, ReadonlyRootFilesystem: true}]\n"
     "  U:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties: {ContainerDefinitions: web}\n",
     "5:30-5:33 TD003 container definition #1 of task definition \"T\" is a string, not a "
     "mapping\n"
     "8:18-8:43 TD003 ContainerDefinitions of task definition \"U\" is a string, not a list of "
     "container definitions\n"},
    {"no task definitions",
     "{\"name\": \"pkg\", \"version\": \"1.0.0\", \"containerDefinitionsXYZ\": []}", ""},
    {"a key near containerDefinitions is TD005",
     "{\"name\": \"pkg\", \"version\": \"1.0.0\", \"containerDefinitionsX\": []}",
     "1:37-1:60 TD005 \"containerDefinitionsX\" is not a task definition key: did you mean "
     "\"containerDefinitions\"? The AWS CLI rejects it; nothing in this task definition was "
     "checked\n"},
    {"array that is not containers", "[{\"a\": 1}, {\"image\": \"x\"}]", ""},
    {"cfn without ecs resources", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n", ""},
    {"ecs key spelled the cfn way is not the ecs key",
     "{\"containerDefinitions\": [{\"name\": \"a\", \"ReadonlyRootFilesystem\": true}]}",
     "1:41-1:71 TD003 container \"a\": \"ReadonlyRootFilesystem\" is not a container definition "
     "key, so the root filesystem stays writable: did you mean \"readonlyRootFilesystem\"? (the "
     "AWS CLI and CloudFormation reject the key; Terraform's AWS provider reads it, as it "
     "ignores letter case)\n"},
};

START_TEST(test_rules)
{
    const rule_case *c = &CASES[_i];
    char *got = findings_of(c->text);
    ck_assert_msg(strcmp(got, c->want) == 0, "%s:\n--- got\n%s--- want\n%s", c->name, got, c->want);
    free(got);
}
END_TEST

/* Fingerprints do not move when lines are added above the finding, and
 * differ between findings. */
START_TEST(test_fingerprints)
{
    const char *a = "[{\"name\": \"x\", \"image\": \"i\"}, {\"name\": \"y\", \"image\": \"i\"}]";
    const char *b =
        "\n\n[{\"name\": \"x\", \"image\": \"i\"},\n {\"name\": \"y\", \"image\": \"i\"}]";
    td_file *fa, *fb;
    ck_assert_int_eq(td_lint_buffer(NULL, "a", a, strlen(a), &fa), TD_OK);
    ck_assert_int_eq(td_lint_buffer(NULL, "b", b, strlen(b), &fb), TD_OK);
    ck_assert_uint_eq(td_file_finding_count(fa), 2);
    ck_assert_uint_eq(td_file_finding_count(fb), 2);
    ck_assert_str_eq(td_file_finding(fa, 0)->fingerprint, td_file_finding(fb, 0)->fingerprint);
    ck_assert_str_eq(td_file_finding(fa, 1)->fingerprint, td_file_finding(fb, 1)->fingerprint);
    ck_assert_str_ne(td_file_finding(fa, 0)->fingerprint, td_file_finding(fa, 1)->fingerprint);
    ck_assert_uint_eq(strlen(td_file_finding(fa, 0)->fingerprint), 16);
    ck_assert_str_eq(td_file_finding(fa, 1)->pointer, "/1");
    td_file_free(fa);
    td_file_free(fb);
}
END_TEST

START_TEST(test_counts_and_status)
{
    const char *t = "Resources:\n"
                    "  A: {Type: AWS::ECS::TaskDefinition, Properties: {ContainerDefinitions: "
                    "[{Name: a, ReadonlyRootFilesystem: true}, {Name: b, ReadonlyRootFilesystem: "
                    "true}]}}\n"
                    "  B: {Type: AWS::ECS::TaskDefinition}\n";
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(NULL, "x.yaml", t, strlen(t), &f), TD_OK);
    ck_assert_int_eq(td_file_get_status(f), TD_FILE_OK);
    ck_assert_uint_eq(td_file_task_count(f), 2);
    ck_assert_uint_eq(td_file_container_count(f), 2);
    ck_assert_uint_eq(td_file_finding_count(f), 0);
    ck_assert_str_eq(td_file_path(f), "x.yaml");
    ck_assert_ptr_null(td_file_error(f));
    td_file_free(f);

    ck_assert_int_eq(td_lint_buffer(NULL, "bad.json", "{\"a\": [}", 8, &f), TD_OK);
    ck_assert_int_eq(td_file_get_status(f), TD_FILE_SYNTAX_ERROR);
    ck_assert_uint_eq(td_file_finding_count(f), 1);
    ck_assert_str_eq(td_file_finding(f, 0)->rule_id, "TD000");
    ck_assert_int_eq(td_file_finding(f, 0)->level, TD_LEVEL_ERROR);
    ck_assert_str_eq(td_file_error(f), td_file_finding(f, 0)->message);
    td_file_free(f);

    ck_assert_int_eq(td_lint_path(NULL, "/nonexistent/file.json", NULL, &f), TD_OK);
    ck_assert_int_eq(td_file_get_status(f), TD_FILE_READ_ERROR);
    ck_assert_str_eq(td_file_finding(f, 0)->message,
                     "cannot read the file: No such file or directory; check the path and its "
                     "permissions");
    ck_assert_uint_eq(td_file_finding(f, 0)->start.line, 1);
    ck_assert_uint_eq(td_file_finding(f, 0)->start.column, 1);
    td_file_free(f);
    td_file_free(NULL);
}
END_TEST

START_TEST(test_rule_table)
{
    ck_assert_uint_ge(td_rule_count(), 5);
    for (size_t i = 0; i < td_rule_count(); i++) {
        const td_rule_info *r = td_rule_at(i);
        /* IDs in order, each found by td_rule_find */
        ck_assert_uint_eq(strlen(r->id), 5);
        ck_assert(strncmp(r->id, "TD", 2) == 0);
        if (i)
            ck_assert_int_lt(strcmp(td_rule_at(i - 1)->id, r->id), 0);
        ck_assert_ptr_eq(td_rule_find(r->id), r);
        ck_assert_ptr_eq(td_rule_find(r->name), r); /* names work wherever IDs do */
        /* each rule's documentation starts with its heading */
        char head[64];
        snprintf(head, sizeof head, "# %s: %s\n", r->id, r->name);
        ck_assert_msg(strncmp(r->doc, head, strlen(head)) == 0, "%s doc starts '%.40s'", r->id,
                      r->doc);
        ck_assert(r->level >= TD_LEVEL_NOTE && r->level <= TD_LEVEL_ERROR);
    }
    ck_assert_str_eq(td_rule_at(0)->id, "TD000");
    ck_assert_ptr_eq(td_rule_find("td001"), td_rule_at(1));
    ck_assert_ptr_null(td_rule_find("TD999"));
    ck_assert_ptr_eq(td_rule_find("Writable-Root-Filesystem"), td_rule_at(1));
    ck_assert_ptr_null(td_rule_find("writable-root"));
    ck_assert_ptr_null(td_rule_find(NULL));
    ck_assert_ptr_null(td_rule_at(td_rule_count()));
    ck_assert_int_eq(td_level_parse("warning"), TD_LEVEL_WARNING);
    ck_assert_int_eq(td_level_parse("fatal"), TD_LEVEL_NONE);
    ck_assert_str_eq(td_level_name(TD_LEVEL_NOTE), "note");
}
END_TEST

/* td_suggest: the nearest candidate, or none when none is near or two are
 * equally near. */
START_TEST(test_suggest)
{
    static const char *const opts[] = {"format",    "fail-level",  "config", "no-config", "jobs",
                                       "max-depth", "max-aliases", "color",  NULL};
    const size_t n = sizeof opts / sizeof opts[0];
    ck_assert_str_eq(td_suggest("formt", opts, n), "format");
    ck_assert_str_eq(td_suggest("FORMAT", opts, n), "format");
    ck_assert_str_eq(td_suggest("colour", opts, n), "color");
    ck_assert_str_eq(td_suggest("jbs", opts, n), "jobs");
    ck_assert_str_eq(td_suggest("max-dept", opts, n), "max-depth");
    ck_assert_str_eq(td_suggest("failevel", opts, n), "fail-level");
    ck_assert_ptr_null(td_suggest("xyz", opts, n));     /* nothing near */
    ck_assert_ptr_null(td_suggest("verbose", opts, n)); /* nothing near */
    ck_assert_ptr_null(td_suggest("jo", opts, n));      /* two edits from "jobs": too far */
    static const char *const ids[] = {"TD001", "TD101", "TD002"};
    ck_assert_ptr_null(td_suggest("TD01", ids, 3)); /* TD001 and TD101 are equally near */
    ck_assert_str_eq(td_suggest("TD0O1", ids, 3), "TD001");
    ck_assert_ptr_null(td_suggest(NULL, ids, 3));
    ck_assert_ptr_null(td_suggest("TD001", NULL, 3));
}
END_TEST

/* td_config_set_limits: defaults, file size, depth, aliases, findings. */
START_TEST(test_limits)
{
    td_limits l;
    td_config_get_limits(NULL, &l);
    ck_assert_uint_eq(l.max_file_size, TD_DEFAULT_MAX_FILE_SIZE);
    ck_assert_uint_eq(l.max_depth, 2048);
    td_config *cfg;
    ck_assert_int_eq(td_config_new(&cfg), TD_OK);
    td_limits set = {.max_file_size = 100, .max_depth = 2, .max_aliases = 1, .max_findings = 1};
    td_config_set_limits(cfg, &set);
    td_config_get_limits(cfg, &l);
    ck_assert_uint_eq(l.max_findings, 1);
    const char *three =
        "{\"containerDefinitions\": [{\"name\": \"a\", \"image\": \"x\"}, "
        "{\"name\": \"b\", \"image\": \"x\"}, {\"name\": \"c\", \"image\": \"x\"}]}";
    td_file *f;
    set.max_file_size = 0;
    set.max_depth = 0;
    td_config_set_limits(cfg, &set);
    ck_assert_int_eq(td_lint_buffer(cfg, "t.json", three, strlen(three), &f), TD_OK);
    ck_assert_uint_eq(td_file_finding_count(f), 2);
    ck_assert_str_eq(td_file_finding(f, 1)->rule_id, "TD000");
    ck_assert_ptr_nonnull(strstr(td_file_finding(f, 1)->message, "2 more findings not shown"));
    td_file_free(f);
    set.max_file_size = 10;
    td_config_set_limits(cfg, &set);
    ck_assert_int_eq(td_lint_buffer(cfg, "t.json", three, strlen(three), &f), TD_OK);
    ck_assert_int_eq(td_file_get_status(f), TD_FILE_READ_ERROR);
    ck_assert_uint_eq(td_file_finding(f, 0)->start.line, 1);
    td_file_free(f);
    set.max_file_size = 0;
    set.max_depth = 2;
    td_config_set_limits(cfg, &set);
    ck_assert_int_eq(td_lint_buffer(cfg, "t.json", "[[[1]]]", 7, &f), TD_OK);
    ck_assert_int_eq(td_file_get_status(f), TD_FILE_INVALID);
    ck_assert_uint_eq(td_file_finding(f, 0)->start.column, 3);
    td_file_free(f);
    ck_assert_int_eq(td_lint_buffer(cfg, "t.yaml", "a: [[1]]\n", 9, &f), TD_OK);
    ck_assert_int_eq(td_file_get_status(f), TD_FILE_INVALID);
    ck_assert_uint_eq(td_file_finding(f, 0)->start.column, 5);
    td_file_free(f);
    ck_assert_int_eq(td_lint_buffer(cfg, "t.yaml", "a: &a 1\nb: *a\nc: *a\n", 20, &f), TD_OK);
    ck_assert_int_eq(td_file_get_status(f), TD_FILE_INVALID);
    ck_assert_uint_eq(td_file_finding(f, 0)->start.line, 3);
    td_file_free(f);
    td_config_free(cfg);
}
END_TEST

static Suite *rules_suite(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("findings");
    tcase_add_loop_test(tc, test_rules, 0, (int)(sizeof CASES / sizeof CASES[0]));
    tcase_add_test(tc, test_fingerprints);
    tcase_add_test(tc, test_counts_and_status);
    tcase_add_test(tc, test_rule_table);
    tcase_add_test(tc, test_suggest);
    tcase_add_test(tc, test_limits);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(rules_suite)
