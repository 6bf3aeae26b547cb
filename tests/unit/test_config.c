/* Configuration (.tdlint.yaml): loading every key, every configuration error
 * with its message and position, discovery, dates, globs, and the filter that
 * applies rule selection and exceptions (inline and from the configuration). */
#include "testutil.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

/* Parses text as the configuration "cfg.yaml" in folder dir. */
static td_config *parse_ok(const char *text, const char *dir)
{
    td_config *cfg = NULL;
    char *error = NULL;
    int rc = tdi_config_parse("cfg.yaml", dir, text, strlen(text), &cfg, &error);
    ck_assert_msg(rc == TD_OK, "unexpected error %d: %s", rc, error ? error : "(none)");
    ck_assert_ptr_null(error);
    ck_assert_ptr_nonnull(cfg);
    return cfg;
}

/* ---- valid configurations ---- */

START_TEST(test_every_key)
{
    td_config *cfg = parse_ok("# every key\n"
                              "fail-level: note\n"
                              "disable: [TD002, td003]\n"
                              "enable: [TD001]\n"
                              "system-paths:\n"
                              "  - /opt/agent\n"
                              "  - /var/lib/app\n"
                              "exceptions:\n"
                              "  - rule: td001\n"
                              "    path: ./services/**/task.json\n"
                              "    task: web\n"
                              "    container: php\n"
                              "    reason: |\n"
                              "      PHP writes its session files to /var/lib/php\n"
                              "    expires: 2024-02-29\n"
                              "  - {rule: TD002, reason: parameter checked by the pipeline}\n",
                              "/repo");
    ck_assert_str_eq(cfg->file, "cfg.yaml");
    ck_assert_str_eq(cfg->dir, "/repo");
    ck_assert_int_eq(td_config_fail_level(cfg), TD_LEVEL_NOTE);
    ck_assert(td_config_rule_enabled(cfg, "TD001"));
    ck_assert(!td_config_rule_enabled(cfg, "TD002"));
    ck_assert(!td_config_rule_enabled(cfg, "TD003"));
    ck_assert(td_config_rule_enabled(cfg, "TD000"));
    ck_assert_uint_eq(cfg->nsystem_paths, 2);
    ck_assert_str_eq(cfg->system_paths[0], "/opt/agent");
    ck_assert_str_eq(cfg->system_paths[1], "/var/lib/app");
    ck_assert_uint_eq(cfg->nexceptions, 2);
    const tdi_exception *x = &cfg->exceptions[0];
    ck_assert_str_eq(x->rule, "TD001");                 /* the rule table's spelling */
    ck_assert_str_eq(x->path, "services/**/task.json"); /* "./" dropped */
    ck_assert_str_eq(x->task, "web");
    ck_assert_str_eq(x->container, "php");
    ck_assert_str_eq(x->reason, "PHP writes its session files to /var/lib/php\n");
    ck_assert_str_eq(x->expires, "2024-02-29");
    x = &cfg->exceptions[1];
    ck_assert_str_eq(x->rule, "TD002");
    ck_assert_ptr_null(x->path);
    ck_assert_ptr_null(x->task);
    ck_assert_ptr_null(x->container);
    ck_assert_ptr_null(x->expires);
    ck_assert_str_eq(x->reason, "parameter checked by the pipeline");
    td_config_free(cfg);
}
END_TEST

static const char *const EMPTY_CONFIGS[] = {
    "",                                                /* an empty file */
    "\n\n   \n",                                       /* blanks */
    "# nothing configured yet\n",                      /* comments only */
    "---\n",                                           /* an empty document */
    "{}",                                              /* JSON */
    "disable:\nenable:\nsystem-paths:\nexceptions:\n", /* null lists are empty lists */
    "disable: []\nexceptions: []\n",
};

START_TEST(test_empty)
{
    td_config *cfg = parse_ok(EMPTY_CONFIGS[_i], NULL);
    ck_assert_int_eq(td_config_fail_level(cfg), TD_LEVEL_NONE);
    ck_assert_uint_eq(cfg->ndisabled, 0);
    ck_assert_uint_eq(cfg->nexceptions, 0);
    ck_assert_uint_eq(cfg->nsystem_paths, 0);
    td_config_free(cfg);
}
END_TEST

START_TEST(test_json)
{
    td_config *cfg =
        parse_ok("{\n"
                 "  \"fail-level\": \"error\",\n"
                 "  \"exceptions\": [\n"
                 "    {\"rule\": \"TD001\", \"container\": \"php\", \"reason\": \"r\"}\n"
                 "  ]\n"
                 "}\n",
                 NULL);
    ck_assert_int_eq(td_config_fail_level(cfg), TD_LEVEL_ERROR);
    ck_assert_uint_eq(cfg->nexceptions, 1);
    ck_assert_str_eq(cfg->exceptions[0].container, "php");
    td_config_free(cfg);
}
END_TEST

START_TEST(test_set_rule)
{
    td_config *cfg;
    ck_assert_int_eq(td_config_new(&cfg), TD_OK);
    ck_assert_int_eq(td_config_set_rule(cfg, "TD001", 0), TD_OK);
    ck_assert_int_eq(td_config_set_rule(cfg, "td001", 0), TD_OK); /* twice: still one entry */
    ck_assert_uint_eq(cfg->ndisabled, 1);
    ck_assert(!td_config_rule_enabled(cfg, "TD001"));
    ck_assert_int_eq(td_config_set_rule(cfg, "TD001", 1), TD_OK);
    ck_assert(td_config_rule_enabled(cfg, "TD001"));
    ck_assert_int_eq(td_config_set_rule(cfg, "TD999", 0), TD_EINVAL);
    ck_assert_int_eq(td_config_set_rule(cfg, "TD000", 0), TD_EINVAL); /* input errors stay */
    ck_assert_int_eq(td_config_set_rule(cfg, "TD000", 1), TD_OK);
    ck_assert(td_config_rule_enabled(NULL, "TD001"));
    ck_assert_int_eq(td_config_fail_level(NULL), TD_LEVEL_NONE);
    td_config_free(cfg);
    td_config_free(NULL);
}
END_TEST

/* ---- configuration errors: message and position ---- */

typedef struct {
    const char *name;
    const char *text;
    const char *error;
} error_case;

static const error_case ERRORS[] = {
    {"exception without a reason",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    container: php\n",
     "cfg.yaml:2:5: exception for TD001 has no reason: add reason: \"...\" saying why the "
     "finding is acceptable"},
    {"exception without a reason, JSON", "{\"exceptions\": [{\"rule\": \"TD001\"}]}",
     "cfg.yaml:1:17: exception for TD001 has no reason: add reason: \"...\" saying why the "
     "finding is acceptable"},
    {"empty reason",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reason: \"  \"\n",
     "cfg.yaml:3:13: reason is empty: write why the finding is acceptable"},
    {"null reason",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reason:\n",
     "cfg.yaml:3:12: reason must be why the finding is acceptable, not null"},
    {"reason of the wrong type",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reason: yes\n",
     "cfg.yaml:3:13: reason must be why the finding is acceptable, not a boolean"},
    {"exception without a rule",
     "exceptions:\n"
     "  - reason: legacy\n",
     "cfg.yaml:2:5: exception has no rule: add rule: TD001 (tdlint --list-rules lists the IDs)"},
    {"empty exception",
     "exceptions:\n"
     "  - {}\n",
     "cfg.yaml:2:5: exception has no rule: add rule: TD001 (tdlint --list-rules lists the IDs)\n"
     "cfg.yaml:2:5: exception has no reason: add reason: \"...\" saying why the finding is "
     "acceptable"},
    {"every error, in source order",
     "exceptions:\n"
     "  - rule: TD009\n"
     "    reason: r\n"
     "  - rule: TD001\n"
     "    path: /abs\n"
     "fail-level: loud\n"
     "disable: [TD002, 7]\n"
     "enable: [TD002]\n"
     "exclude: [/tmp, ok/]\n"
     "system-paths: [rel]\n",
     "cfg.yaml:2:11: unknown rule \"TD009\": tdlint --list-rules lists the rules\n"
     "cfg.yaml:4:5: exception for TD001 has no reason: add reason: \"...\" saying why the "
     "finding is acceptable\n"
     "cfg.yaml:5:11: path \"/abs\" is absolute: write it relative to the folder of the "
     "configuration file\n"
     "cfg.yaml:6:13: unknown fail-level \"loud\": use error, warning or note\n"
     "cfg.yaml:7:18: disable entries must be rule IDs such as TD001, not a number\n"
     "cfg.yaml:8:10: TD002 is both in disable and in enable: keep it in one\n"
     "cfg.yaml:9:11: exclude \"/tmp\" is absolute: write it relative to the folder of the "
     "configuration file\n"
     "cfg.yaml:10:16: system path \"rel\" is not absolute: write it from / on, for example "
     "/opt/agent"},
    {"unknown top-level key",
     "fail-level: error\n"
     "rules: [TD001]\n",
     "cfg.yaml:2:1: unknown key \"rules\": the keys are fail-level, disable, enable, "
     "exclude, system-paths and exceptions"},
    {"misspelt top-level key",
     "exception:\n"
     "  - rule: TD001\n",
     "cfg.yaml:1:1: unknown key \"exception\": did you mean \"exceptions\"?"},
    {"unknown key in an exception",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reason: r\n"
     "    file: a.json\n",
     "cfg.yaml:4:5: unknown key \"file\" in an exception: the keys are rule, path, task, "
     "container, reason and expires"},
    {"short key one edit away",
     "exceptions:\n"
     "  - {rule: TD001, reason: r, tusk: web}\n",
     "cfg.yaml:2:30: unknown key \"tusk\" in an exception: did you mean \"task\"?"},
    {"misspelt key in an exception",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reasno: r\n",
     "cfg.yaml:3:5: unknown key \"reasno\" in an exception: did you mean \"reason\"?"},
    {"unknown rule",
     "exceptions:\n"
     "  - rule: TD999\n"
     "    reason: r\n",
     "cfg.yaml:2:11: unknown rule \"TD999\": tdlint --list-rules lists the rules"},
    {"TD000 cannot be excepted",
     "exceptions:\n"
     "  - rule: TD000\n"
     "    reason: r\n",
     "cfg.yaml:2:11: TD000 (input errors) cannot be excepted (a file that cannot be read is "
     "never clean): remove this exception"},
    {"rule of the wrong type",
     "exceptions:\n"
     "  - rule: [TD001]\n"
     "    reason: r\n",
     "cfg.yaml:2:11: rule must be a rule ID such as TD001, not a list"},
    {"date that does not exist",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reason: r\n"
     "    expires: 2025-02-29\n",
     "cfg.yaml:4:14: expires \"2025-02-29\" is not a date: write YYYY-MM-DD, for example "
     "2025-12-31"},
    {"malformed date",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reason: r\n"
     "    expires: 31.12.2025\n",
     "cfg.yaml:4:14: expires \"31.12.2025\" is not a date: write YYYY-MM-DD, for example "
     "2025-12-31"},
    {"date as a number",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reason: r\n"
     "    expires: 20251231\n",
     "cfg.yaml:4:14: expires must be a date YYYY-MM-DD, not a number"},
    {"absolute path",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reason: r\n"
     "    path: /srv/task.json\n",
     "cfg.yaml:4:11: path \"/srv/task.json\" is absolute: write it relative to the folder of "
     "the configuration file"},
    {"path of the wrong type",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reason: r\n"
     "    path: 3\n",
     "cfg.yaml:4:11: path must be a glob such as services/*/taskdef.json, not a number"},
    {"empty task",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reason: r\n"
     "    task: ''\n",
     "cfg.yaml:4:11: task is empty: write a task definition family or logical ID"},
    {"container of the wrong type",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reason: r\n"
     "    container: {name: php}\n",
     "cfg.yaml:4:16: container must be a container name, not a mapping"},
    {"exceptions not a list",
     "exceptions:\n"
     "  rule: TD001\n",
     "cfg.yaml:2:3: exceptions must be a list of mappings (rule, reason, ...), not a mapping"},
    {"exception not a mapping",
     "exceptions:\n"
     "  - TD001\n",
     "cfg.yaml:2:5: each exception must be a mapping with rule and reason (and path, task, "
     "container or expires), not a string"},
    {"fail-level of the wrong type", "fail-level: 2\n",
     "cfg.yaml:1:13: fail-level must be error, warning or note, not a number"},
    {"unknown fail-level", "fail-level: fatal\n",
     "cfg.yaml:1:13: unknown fail-level \"fatal\": use error, warning or note"},
    {"disable not a list", "disable: TD001\n",
     "cfg.yaml:1:10: disable must be a list of rule IDs such as TD001, not a string"},
    {"disable entry not a string",
     "disable:\n"
     "  - TD001\n"
     "  - 2\n",
     "cfg.yaml:3:5: disable entries must be rule IDs such as TD001, not a number"},
    {"disable an unknown rule", "disable: [TD001, TD042]\n",
     "cfg.yaml:1:18: unknown rule \"TD042\": tdlint --list-rules lists the rules"},
    {"disable TD000", "disable: [TD000]\n",
     "cfg.yaml:1:11: TD000 (input errors) cannot be disabled: remove it from disable"},
    {"enable an unknown rule", "enable: [nope]\n",
     "cfg.yaml:1:10: unknown rule \"nope\": tdlint --list-rules lists the rules"},
    {"disabled and enabled",
     "enable: [TD002]\n"
     "disable: [TD001, TD002]\n",
     "cfg.yaml:1:10: TD002 is both in disable and in enable: keep it in one"},
    {"system path not absolute", "system-paths: [/opt, var/lib]\n",
     "cfg.yaml:1:22: system path \"var/lib\" is not absolute: write it from / on, for example "
     "/opt/agent"},
    {"system path not a string",
     "system-paths:\n"
     "  - {path: /opt}\n",
     "cfg.yaml:2:5: system-paths entries must be absolute paths, not a mapping"},
    {"system-paths not a list", "system-paths: /opt\n",
     "cfg.yaml:1:15: system-paths must be a list of absolute paths, not a string"},
    {"not a mapping", "- rule: TD001\n",
     "cfg.yaml:1:1: the configuration must be a mapping (fail-level, disable, enable, "
     "system-paths, exceptions), not a list"},
    {"a scalar", "exceptions\n",
     "cfg.yaml:1:1: the configuration must be a mapping (fail-level, disable, enable, "
     "system-paths, exceptions), not a string"},
    {"two documents",
     "fail-level: error\n"
     "---\n"
     "fail-level: note\n",
     "cfg.yaml:3:1: the configuration file holds 2 YAML documents: keep one"},
    {"YAML syntax error",
     "exceptions:\n"
     "  - rule: TD001\n"
     "   reason: r\n",
     "cfg.yaml:3:4: invalid YAML: did not find expected '-' indicator while parsing a block "
     "collection"},
    {"JSON syntax error", "{\"fail-level\": \"error\",}\n",
     "cfg.yaml:1:24: invalid JSON: string or '}' expected near '}'"},
    {"duplicate key",
     "fail-level: error\n"
     "fail-level: note\n",
     "cfg.yaml:2:1: duplicate key \"fail-level\" (also at line 1): remove one"},
    {"duplicate key in an exception",
     "exceptions:\n"
     "  - rule: TD001\n"
     "    reason: a\n"
     "    reason: b\n",
     "cfg.yaml:4:5: duplicate key \"reason\" (also at line 3): remove one"},
};

START_TEST(test_errors)
{
    const error_case *c = &ERRORS[_i];
    td_config *cfg = (td_config *)&cfg; /* must be reset to NULL */
    char *error = NULL;
    int rc = tdi_config_parse("cfg.yaml", "/repo", c->text, strlen(c->text), &cfg, &error);
    ck_assert_msg(rc == TD_EINVAL, "%s: status %d", c->name, rc);
    ck_assert_ptr_null(cfg);
    ck_assert_msg(error && strcmp(error, c->error) == 0, "%s:\n got  %s\n want %s", c->name,
                  error ? error : "(null)", c->error);
    free(error);
}
END_TEST

/* ---- dates ---- */

typedef struct {
    const char *s;
    int valid;
} date_case;

static const date_case DATES[] = {
    {"2025-01-31", 1}, {"2024-02-29", 1}, {"2000-02-29", 1},  {"1900-02-28", 1},
    {"2025-12-31", 1}, {"2025-02-29", 0}, {"1900-02-29", 0},  {"2025-04-31", 0},
    {"2025-13-01", 0}, {"2025-00-10", 0}, {"2025-01-00", 0},  {"2025-1-01", 0},
    {"2025-01-1", 0},  {"25-01-01", 0},   {"2025/01/01", 0},  {"2025-01-01T00:00", 0},
    {"", 0},           {"abcd-ef-gh", 0}, {" 2025-01-01", 0},
};

START_TEST(test_dates)
{
    ck_assert_msg(tdi_date_valid(DATES[_i].s) == DATES[_i].valid, "%s", DATES[_i].s);
}
END_TEST

START_TEST(test_today)
{
    td_config *cfg;
    char today[11];
    ck_assert_int_eq(td_config_new(&cfg), TD_OK);
    tdi_today(cfg, today); /* the clock's UTC date */
    ck_assert(tdi_date_valid(today));
    ck_assert_int_eq(td_config_set_today(cfg, "2025-06-30"), TD_OK);
    tdi_today(cfg, today);
    ck_assert_str_eq(today, "2025-06-30");
    ck_assert_int_eq(td_config_set_today(cfg, "2025-06-31"), TD_EINVAL);
    ck_assert_int_eq(td_config_set_today(cfg, "today"), TD_EINVAL);
    ck_assert_int_eq(td_config_set_today(NULL, "2025-06-30"), TD_EINVAL);
    tdi_today(cfg, today); /* unchanged by the failed calls */
    ck_assert_str_eq(today, "2025-06-30");
    td_config_free(cfg);
}
END_TEST

/* ---- globs and paths ---- */

typedef struct {
    const char *pattern, *path;
    int match;
} glob_case;

static const glob_case GLOBS[] = {
    {"task.json", "task.json", 1},
    {"task.json", "a/task.json", 0}, /* anchored at the configuration's folder */
    {"*.json", "task.json", 1},
    {"*.json", "a/task.json", 0}, /* '*' does not cross '/' */
    {"a/*.json", "a/task.json", 1},
    {"a/*.json", "a/b/task.json", 0},
    {"a/?/t.json", "a/b/t.json", 1},
    {"a/[bc]/t.json", "a/c/t.json", 1},
    {"a/[!bc]/t.json", "a/c/t.json", 0},
    {"a?b", "a/b", 0},                /* neither does '?' */
    {"**/task.json", "task.json", 1}, /* no directory at all */
    {"**/task.json", "a/task.json", 1},
    {"**/task.json", "a/b/c/task.json", 1},
    {"**/task.json", "a/b/c/other.json", 0},
    {"**/*.yaml", "infra/ecs/web.yaml", 1},
    {"services/**/task.json", "services/task.json", 1},
    {"services/**/task.json", "services/web/task.json", 1},
    {"services/**/task.json", "services/web/prod/task.json", 1},
    {"services/**/task.json", "other/web/task.json", 0},
    {"services/**/task.json", "services/web/task.json.bak", 0},
    {"s*/**/t.json", "services/x/y/t.json", 1},
    {"a/**/b/**/c.json", "a/x/b/y/z/c.json", 1},
    {"a/**/b/**/c.json", "a/b/c.json", 1},
    {"a/**/b/**/c.json", "a/x/c.json", 0},
    {"legacy/**", "legacy/a.json", 1}, /* a final "**": everything below */
    {"legacy/**", "legacy/a/b.json", 1},
    {"legacy/**", "legacy", 0},
    {"legacy/**", "legacyx/a.json", 0},
    {"**", "any/thing.json", 1},
    {"a**b/x", "a**b/x", 1}, /* "**" inside a segment is two '*' */
    {"a**b/x", "azzb/x", 1},
    {"a**b/x", "a/b/x", 0},
};

/* Exclusion patterns (exclude:, --exclude, .gitignore): git's rules for one pattern. */
typedef struct {
    const char *pattern, *path;
    int is_dir, match;
} pattern_case;

static const pattern_case PATTERNS[] = {
    {"*.json", "a.json", 0, 1},
    {"*.json", "x/y/a.json", 0, 1}, /* no '/': the base name at any depth */
    {"gen/", "a/gen", 1, 1},
    {"gen/", "a/gen", 0, 0}, /* a trailing '/': directories only */
    {"gen", "a/gen", 0, 1},
    {"/top.json", "top.json", 0, 1}, /* a leading '/': anchored */
    {"/top.json", "x/top.json", 0, 0},
    {"doc/*.json", "doc/a.json", 0, 1}, /* a '/' in the middle: anchored too */
    {"doc/*.json", "doc/sub/a.json", 0, 0},
    {"doc/*.json", "x/doc/a.json", 0, 0},
    {"**/gen/", "x/y/gen", 1, 1},
    {"**/gen/", "gen", 1, 1},
    {"logs/**", "logs/a/b.json", 0, 1},
    {"logs/**", "logs", 1, 0},
    {"a/**/b.json", "a/b.json", 0, 1},
    {"a/**/b.json", "a/x/y/b.json", 0, 1},
    {"a/**/b.json", "c/a/b.json", 0, 0},
    {"[ab]x.json", "bx.json", 0, 1},
    {"[ab]x.json", "cx.json", 0, 0},
    {"?q.json", "qq.json", 0, 1},
    {"?q.json", "q.json", 0, 0},
    {"\\#hash.json", "#hash.json", 0, 1},
    {"\\!bang.json", "!bang.json", 0, 1},
    {"space\\ ", "space ", 0, 1},
    {"/", "a", 1, 0},
    {"", "a", 0, 0},
};

START_TEST(test_patterns)
{
    const pattern_case *c = &PATTERNS[_i];
    ck_assert_msg(td_pattern_match(c->pattern, c->path, c->is_dir) == c->match,
                  "%s vs %s%s: want %d", c->pattern, c->path, c->is_dir ? " (dir)" : "", c->match);
}
END_TEST

START_TEST(test_globs)
{
    const glob_case *c = &GLOBS[_i];
    ck_assert_msg(tdi_glob_match(c->pattern, c->path) == c->match, "%s vs %s: want %d", c->pattern,
                  c->path, c->match);
}
END_TEST

START_TEST(test_path_within)
{
    char cwd[PATH_MAX];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    int oom = 0;
    char *r = tdi_path_within("/repo", "/repo/services/web/task.json", &oom);
    ck_assert_str_eq(r, "services/web/task.json");
    free(r);
    r = tdi_path_within("/repo/", "/repo/./a/../b//c.json", &oom);
    ck_assert_str_eq(r, "b/c.json");
    free(r);
    ck_assert_ptr_null(tdi_path_within("/repo", "/repository/c.json", &oom));
    ck_assert_ptr_null(tdi_path_within("/repo", "/repo", &oom));
    ck_assert_ptr_null(tdi_path_within("/repo", "/other/c.json", &oom));
    r = tdi_path_within("/", "/etc/x.json", &oom);
    ck_assert_str_eq(r, "etc/x.json");
    free(r);
    /* relative paths are taken from the current directory */
    r = tdi_path_within(cwd, "sub/../t.json", &oom);
    ck_assert_str_eq(r, "t.json");
    free(r);
    ck_assert_ptr_null(tdi_path_within(cwd, "../outside.json", &oom));
    ck_assert_int_eq(oom, 0);
}
END_TEST

/* ---- the filter ---- */

/* Two task definitions, three containers, each with a writable root. */
static const char TEMPLATE[] = "Resources:\n"
                               "  Web:\n"
                               "    Type: AWS::ECS::TaskDefinition\n"
                               "    Properties:\n"
                               "      ContainerDefinitions:\n"
                               "        - Name: php\n"
                               "          Image: php\n"
                               "        - Name: nginx\n"
                               "          Image: nginx\n"
                               "  Worker:\n"
                               "    Type: AWS::ECS::TaskDefinition\n"
                               "    Properties:\n"
                               "      ContainerDefinitions:\n"
                               "        - Name: php\n"
                               "          Image: php\n";

/* The TD001 finding about container c of task t, or NULL. */
static const td_finding *td001_of(const td_file *f, const char *t, const char *c)
{
    for (size_t i = 0; i < td_file_finding_count(f); i++) {
        const td_finding *x = td_file_finding(f, i);
        if (strcmp(x->rule_id, "TD001") == 0 && x->task && strcmp(x->task, t) == 0 &&
            x->container && strcmp(x->container, c) == 0)
            return x;
    }
    return NULL;
}

static size_t count_rule(const td_file *f, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < td_file_finding_count(f); i++)
        n += strcmp(td_file_finding(f, i)->rule_id, rule) == 0;
    return n;
}

/* Lints TEMPLATE as display path under cfg and checks the three findings. */
static td_file *lint_template(const td_config *cfg, const char *path)
{
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(cfg, path, TEMPLATE, strlen(TEMPLATE), &f), TD_OK);
    ck_assert_ptr_nonnull(td001_of(f, "Web", "php"));
    ck_assert_ptr_nonnull(td001_of(f, "Web", "nginx"));
    ck_assert_ptr_nonnull(td001_of(f, "Worker", "php"));
    return f;
}

START_TEST(test_filter_exceptions)
{
    char cwd[PATH_MAX];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    td_config *cfg = parse_ok("exceptions:\n"
                              "  - rule: TD001\n"
                              "    task: Web\n"
                              "    container: php\n"
                              "    reason: sessions\n"
                              "  - rule: TD001\n"
                              "    path: '**/worker/*.yaml'\n"
                              "    task: Worker\n"
                              "    reason: worker scratch\n",
                              cwd);
    td_file *f = lint_template(cfg, "infra/worker/stack.yaml");
    const td_finding *x = td001_of(f, "Web", "php");
    ck_assert(x->suppressed);
    ck_assert_str_eq(x->suppression_kind, "external");
    ck_assert_str_eq(x->justification, "sessions");
    ck_assert(!td001_of(f, "Web", "nginx")->suppressed);
    x = td001_of(f, "Worker", "php"); /* by path and task */
    ck_assert(x->suppressed);
    ck_assert_str_eq(x->justification, "worker scratch");
    td_file_free(f);

    /* elsewhere the path exception does not apply; the task one still does */
    f = lint_template(cfg, "infra/web/stack.yaml");
    ck_assert(td001_of(f, "Web", "php")->suppressed);
    ck_assert(!td001_of(f, "Worker", "php")->suppressed);
    td_file_free(f);
    /* nor outside the configuration's folder */
    f = lint_template(cfg, "../worker/stack.yaml");
    ck_assert(!td001_of(f, "Worker", "php")->suppressed);
    td_file_free(f);
    /* an absolute display path is matched the same way */
    char abs[PATH_MAX + 32];
    snprintf(abs, sizeof abs, "%s/x/worker/s.yaml", cwd);
    f = lint_template(cfg, abs);
    ck_assert(td001_of(f, "Worker", "php")->suppressed);
    td_file_free(f);
    td_config_free(cfg);
}
END_TEST

START_TEST(test_filter_globs_in_names)
{
    td_config *cfg = parse_ok("exceptions:\n"
                              "  - {rule: TD001, task: 'W*', container: 'ph?', reason: r}\n",
                              NULL);
    td_file *f = lint_template(cfg, "t.yaml");
    ck_assert(td001_of(f, "Web", "php")->suppressed);
    ck_assert(td001_of(f, "Worker", "php")->suppressed);
    ck_assert(!td001_of(f, "Web", "nginx")->suppressed);
    td_file_free(f);
    td_config_free(cfg);
}
END_TEST

START_TEST(test_filter_rule_must_match)
{
    td_config *cfg = parse_ok("exceptions: [{rule: TD002, reason: r}]\n", NULL);
    td_file *f = lint_template(cfg, "t.yaml");
    for (size_t i = 0; i < td_file_finding_count(f); i++)
        ck_assert(!td_file_finding(f, i)->suppressed);
    td_file_free(f);
    td_config_free(cfg);
}
END_TEST

START_TEST(test_filter_expiry)
{
    td_config *cfg = parse_ok("exceptions:\n"
                              "  - {rule: TD001, container: nginx, reason: old, expires: "
                              "2024-12-31}\n"
                              "  - {rule: TD001, container: nginx, reason: older, expires: "
                              "2024-06-30}\n"
                              "  - {rule: TD001, task: Worker, reason: until, expires: "
                              "2025-01-01}\n",
                              NULL);
    ck_assert_int_eq(td_config_set_today(cfg, "2025-01-01"), TD_OK);
    td_file *f = lint_template(cfg, "t.yaml");
    /* expired: not suppressed, and the message says when the latest one ended */
    const td_finding *x = td001_of(f, "Web", "nginx");
    ck_assert(!x->suppressed);
    const char *tail = "; an exception for it expired on 2024-12-31";
    ck_assert_uint_gt(strlen(x->message), strlen(tail));
    ck_assert_str_eq(x->message + strlen(x->message) - strlen(tail), tail);
    /* the expiry day itself still counts */
    x = td001_of(f, "Worker", "php");
    ck_assert(x->suppressed);
    ck_assert_ptr_null(strstr(x->message, "expired"));
    td_file_free(f);
    ck_assert_int_eq(td_config_set_today(cfg, "2025-01-02"), TD_OK);
    f = lint_template(cfg, "t.yaml");
    x = td001_of(f, "Worker", "php");
    ck_assert(!x->suppressed);
    ck_assert_ptr_nonnull(strstr(x->message, "; an exception for it expired on 2025-01-01"));
    td_file_free(f);
    td_config_free(cfg);
}
END_TEST

START_TEST(test_filter_expired_and_valid)
{
    /* a valid exception wins over an expired one, and no note is added */
    td_config *cfg = parse_ok("exceptions:\n"
                              "  - {rule: TD001, reason: old, expires: 2020-01-01}\n"
                              "  - {rule: TD001, reason: current}\n",
                              NULL);
    td_file *f = lint_template(cfg, "t.yaml");
    const td_finding *x = td001_of(f, "Web", "php");
    ck_assert(x->suppressed);
    ck_assert_str_eq(x->justification, "current");
    ck_assert_ptr_null(strstr(x->message, "expired"));
    td_file_free(f);
    td_config_free(cfg);
}
END_TEST

START_TEST(test_filter_disable)
{
    td_config *cfg = parse_ok("disable: [TD001]\n", NULL);
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(cfg, "t.yaml", TEMPLATE, strlen(TEMPLATE), &f), TD_OK);
    ck_assert_uint_eq(count_rule(f, "TD001"), 0);
    td_file_free(f);
    /* input errors are reported whatever is disabled */
    ck_assert_int_eq(td_lint_buffer(cfg, "t.json", "{", 1, &f), TD_OK);
    ck_assert_uint_eq(count_rule(f, "TD000"), 1);
    td_file_free(f);
    td_config_free(cfg);
}
END_TEST

/* Adds an inline exception by hand, as the model fills it from a resource's
 * Metadata: {tdlint: {ignore: [...]}}. */
static void add_ignore(td_file *f, const char *task, const char *rule, const char **containers,
                       size_t ncontainers, const char *reason, tdi_span span)
{
    ck_assert_int_eq(
        tdi_grow((void **)&f->ignores, &f->ignores_cap, f->nignores + 1, sizeof *f->ignores),
        TD_OK);
    tdi_file_ignore *ig = &f->ignores[f->nignores++];
    memset(ig, 0, sizeof *ig);
    ig->task = task;
    ig->ignore.rule = rule;
    ig->ignore.containers = containers;
    ig->ignore.ncontainers = ncontainers;
    ig->ignore.reason = reason;
    ig->ignore.span = span;
}

/* Lints TEMPLATE without configuration (nothing suppressed), then applies the
 * filter again with the inline exceptions that add() puts in. */
static td_file *lint_plain(void)
{
    td_file *f = lint_template(NULL, "t.yaml");
    for (size_t i = 0; i < td_file_finding_count(f); i++)
        ck_assert(!td_file_finding(f, i)->suppressed);
    ck_assert_uint_eq(f->nignores, 0);
    return f;
}

START_TEST(test_filter_inline)
{
    static const char *php[] = {"php"};
    tdi_source src;
    ck_assert_int_eq(tdi_source_init(&src, TEMPLATE, strlen(TEMPLATE)), TD_OK);
    td_file *f = lint_plain();
    tdi_span s1 = {10, 20}, s2 = {30, 40};
    add_ignore(f, "Web", "td001", php, 1, "sessions in /tmp", s1);
    add_ignore(f, "Worker", "TD001", NULL, 0, "whole task", s2);
    td_config *cfg = parse_ok("exceptions: [{rule: TD001, reason: from the file}]\n", NULL);
    ck_assert_int_eq(tdi_filter_apply(f, cfg), TD_OK);
    ck_assert_int_eq(tdi_file_finish(f, &src, NULL, SIZE_MAX), TD_OK);
    const td_finding *x = td001_of(f, "Web", "php");
    ck_assert(x->suppressed);
    ck_assert_str_eq(x->suppression_kind, "inSource"); /* inline first */
    ck_assert_str_eq(x->justification, "sessions in /tmp");
    x = td001_of(f, "Worker", "php"); /* no containers: every container of the task */
    ck_assert(x->suppressed);
    ck_assert_str_eq(x->suppression_kind, "inSource");
    ck_assert_str_eq(x->justification, "whole task");
    x = td001_of(f, "Web", "nginx"); /* not in the list: the configuration's exception */
    ck_assert(x->suppressed);
    ck_assert_str_eq(x->suppression_kind, "external");
    ck_assert_str_eq(x->justification, "from the file");
    ck_assert_uint_eq(count_rule(f, "TD000"), 0);
    td_file_free(f);
    td_config_free(cfg);
    tdi_source_free(&src);
}
END_TEST

START_TEST(test_filter_inline_needs_reason)
{
    tdi_source src;
    ck_assert_int_eq(tdi_source_init(&src, TEMPLATE, strlen(TEMPLATE)), TD_OK);
    td_file *f = lint_plain();
    /* the entry "spans" line 6, "- Name: php" */
    const char *at = strstr(TEMPLATE, "- Name: php");
    tdi_span span = {(size_t)(at - TEMPLATE), (size_t)(at - TEMPLATE) + 11};
    add_ignore(f, "Web", "TD001", NULL, 0, NULL, span);
    add_ignore(f, "Worker", "TD001", NULL, 0, " \n", span); /* blank is no reason either */
    ck_assert_int_eq(tdi_filter_apply(f, NULL), TD_OK);
    ck_assert_int_eq(tdi_file_finish(f, &src, NULL, SIZE_MAX), TD_OK);
    ck_assert(!td001_of(f, "Web", "php")->suppressed);
    ck_assert(!td001_of(f, "Worker", "php")->suppressed);
    ck_assert_uint_eq(count_rule(f, "TD000"), 2);
    ck_assert_int_eq(td_file_get_status(f), TD_FILE_OK);
    for (size_t i = 0; i < td_file_finding_count(f); i++) {
        const td_finding *x = td_file_finding(f, i);
        if (strcmp(x->rule_id, "TD000") != 0)
            continue;
        ck_assert_int_eq(x->level, TD_LEVEL_ERROR);
        ck_assert_str_eq(x->message,
                         "tdlint ignore entry for TD001 needs a reason: add reason: \"...\"");
        ck_assert_uint_eq(x->start.line, 6);
        ck_assert_uint_eq(x->start.column, 9);
        ck_assert_uint_eq(x->end.line, 6);
        ck_assert_uint_eq(x->end.column, 20);
        ck_assert(!x->suppressed);
    }
    /* two entries, same rule: told apart by their fingerprints */
    const char *fp = NULL;
    for (size_t i = 0; i < td_file_finding_count(f); i++)
        if (strcmp(td_file_finding(f, i)->rule_id, "TD000") == 0) {
            if (fp)
                ck_assert_str_ne(fp, td_file_finding(f, i)->fingerprint);
            fp = td_file_finding(f, i)->fingerprint;
        }
    td_file_free(f);
    tdi_source_free(&src);
}
END_TEST

typedef struct {
    const char *rule;
    const char *reason;
    const char *messages; /* the TD000 messages, each ending in \n */
} bad_ignore_case;

static const bad_ignore_case BAD_IGNORES[] = {
    {NULL, "r",
     "tdlint ignore entry needs a rule: add rule: TD001 (tdlint --list-rules lists the "
     "IDs)\n"},
    {NULL, NULL,
     "tdlint ignore entry needs a reason: add reason: \"...\"\n"
     "tdlint ignore entry needs a rule: add rule: TD001 (tdlint --list-rules lists the IDs)\n"},
    {"TD999", "r",
     "tdlint ignore entry for \"TD999\" names an unknown rule: tdlint --list-rules lists the "
     "rules\n"},
    {"TD000", "r",
     "tdlint ignore entry for TD000 cannot apply: input errors cannot be ignored; fix the "
     "file\n"},
    {"td001", "", "tdlint ignore entry for TD001 needs a reason: add reason: \"...\"\n"},
    {"TD001", "ok", ""},
};

START_TEST(test_filter_bad_ignores)
{
    const bad_ignore_case *c = &BAD_IGNORES[_i];
    tdi_source src;
    ck_assert_int_eq(tdi_source_init(&src, TEMPLATE, strlen(TEMPLATE)), TD_OK);
    td_file *f = lint_plain();
    tdi_span span = {13, 16}; /* "Web" */
    add_ignore(f, "Web", c->rule, NULL, 0, c->reason, span);
    ck_assert_int_eq(tdi_filter_apply(f, NULL), TD_OK);
    ck_assert_int_eq(tdi_file_finish(f, &src, NULL, SIZE_MAX), TD_OK);
    tdi_buf b;
    tdi_buf_init(&b);
    for (size_t i = 0; i < td_file_finding_count(f); i++) {
        const td_finding *x = td_file_finding(f, i);
        if (strcmp(x->rule_id, "TD000") != 0)
            continue;
        ck_assert_uint_eq(x->start.line, 2);
        ck_assert_uint_eq(x->start.column, 3);
        tdi_buf_printf(&b, "%s\n", x->message);
    }
    ck_assert_str_eq(b.data ? b.data : "", c->messages);
    /* only a usable entry suppresses */
    ck_assert_int_eq(td001_of(f, "Web", "php")->suppressed, c->messages[0] == '\0');
    tdi_buf_free(&b);
    td_file_free(f);
    tdi_source_free(&src);
}
END_TEST

START_TEST(test_filter_inline_task_must_match)
{
    static const char *nginx[] = {"nginx"};
    tdi_source src;
    ck_assert_int_eq(tdi_source_init(&src, TEMPLATE, strlen(TEMPLATE)), TD_OK);
    td_file *f = lint_plain();
    tdi_span span = {0, 1};
    add_ignore(f, "Worker", "TD001", nginx, 1, "r", span); /* Worker has no nginx */
    add_ignore(f, "Other", "TD001", NULL, 0, "r", span);
    add_ignore(f, "Web", "TD003", NULL, 0, "r", span);
    ck_assert_int_eq(tdi_filter_apply(f, NULL), TD_OK);
    for (size_t i = 0; i < td_file_finding_count(f); i++)
        ck_assert(!td_file_finding(f, i)->suppressed);
    td_file_free(f);
    tdi_source_free(&src);
}
END_TEST

/* ---- suppressed findings in the emitters ---- */

/* The file with Web/php suppressed inline, Web/nginx by the configuration
 * (its reason a block scalar) and Worker/php not at all. */
static td_file *lint_mixed(void)
{
    static const char *php[] = {"php"};
    tdi_source src;
    ck_assert_int_eq(tdi_source_init(&src, TEMPLATE, strlen(TEMPLATE)), TD_OK);
    td_file *f = lint_plain();
    tdi_span span = {13, 16};
    add_ignore(f, "Web", "TD001", php, 1, "inline reason", span);
    td_config *cfg = parse_ok("exceptions:\n"
                              "  - rule: TD001\n"
                              "    container: nginx\n"
                              "    reason: |\n"
                              "      two\n"
                              "      lines\n",
                              NULL);
    ck_assert_int_eq(tdi_filter_apply(f, cfg), TD_OK);
    td_config_free(cfg); /* the findings keep their own copy of the reason */
    ck_assert_int_eq(tdi_file_finish(f, &src, NULL, SIZE_MAX), TD_OK);
    tdi_source_free(&src);
    return f;
}

static char *emit_text(td_file *f, int show)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(m);
    td_text_options o = {.min_level = TD_LEVEL_NOTE, .show_suppressed = show};
    ck_assert_int_eq(td_emit_text(m, &f, 1, &o), TD_OK);
    fclose(m);
    return buf;
}

START_TEST(test_emit_text_suppressed)
{
    td_file *f = lint_mixed();
    char *out = emit_text(f, 0);
    ck_assert_ptr_null(strstr(out, "\"php\" in task definition \"Web\""));
    ck_assert_ptr_null(strstr(out, "\"nginx\""));
    ck_assert_ptr_nonnull(strstr(out, "\"php\" in task definition \"Worker\""));
    ck_assert_ptr_null(strstr(out, "suppressed"));
    free(out);
    out = emit_text(f, 1);
    ck_assert_ptr_nonnull(strstr(out, "[TD001] (suppressed: inline reason)\n"));
    /* one line per finding: the reason's line break is escaped, the last one dropped */
    ck_assert_ptr_nonnull(strstr(out, "[TD001] (suppressed: two\\nlines)\n"));
    size_t lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    ck_assert_uint_eq(lines, 3);
    free(out);
    td_file_free(f);
}
END_TEST

START_TEST(test_emit_sarif_suppressed)
{
    td_file *f = lint_mixed();
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(td_emit_sarif(m, &f, 1, TD_LEVEL_NOTE, NULL), TD_OK);
    fclose(m);
    json_error_t e;
    json_t *log = json_loads(buf, 0, &e);
    ck_assert_msg(log != NULL, "SARIF is not JSON: %s", e.text);
    json_t *results = json_object_get(json_array_get(json_object_get(log, "runs"), 0), "results");
    ck_assert_uint_eq(json_array_size(results), 3); /* suppressed findings stay results */
    size_t seen = 0;
    for (size_t i = 0; i < json_array_size(results); i++) {
        json_t *r = json_array_get(results, i);
        const char *text =
            json_string_value(json_object_get(json_object_get(r, "message"), "text"));
        json_t *sup = json_object_get(r, "suppressions");
        const char *want_kind = NULL, *want_why = NULL;
        if (strstr(text, "\"php\" in task definition \"Web\"")) {
            want_kind = "inSource";
            want_why = "inline reason";
        } else if (strstr(text, "\"nginx\"")) {
            want_kind = "external";
            want_why = "two\nlines";
        }
        if (!want_kind) {
            ck_assert_ptr_null(sup);
            continue;
        }
        seen++;
        ck_assert_uint_eq(json_array_size(sup), 1);
        json_t *s = json_array_get(sup, 0);
        /* no "status": optional, and named differently by the spec and its schema */
        ck_assert_uint_eq(json_object_size(s), 2);
        ck_assert_str_eq(json_string_value(json_object_get(s, "kind")), want_kind);
        ck_assert_str_eq(json_string_value(json_object_get(s, "justification")), want_why);
    }
    ck_assert_uint_eq(seen, 2);
    json_decref(log);
    free(buf);
    td_file_free(f);
}
END_TEST

/* ---- files: loading and discovery ---- */

static char tmp_root[PATH_MAX];

/* tmp_root/rel, in a static buffer (one of four, rotating). */
static const char *in_tmp(const char *rel)
{
    static char bufs[4][PATH_MAX + 64];
    static int k;
    char *b = bufs[k++ & 3];
    snprintf(b, PATH_MAX + 64, "%s/%s", tmp_root, rel);
    return b;
}

static void make_dir(const char *rel)
{
    ck_assert_msg(mkdir(in_tmp(rel), 0700) == 0, "mkdir %s", rel);
}

static void write_file(const char *rel, const char *text)
{
    FILE *f = fopen(in_tmp(rel), "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static void remove_tree(const char *path)
{
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    ck_assert_int_eq(system(cmd), 0);
}

/*   tmp/
 *     .tdlint.yaml          outside every repository: never found from inside
 *     repo/.git/            the repository root
 *     repo/.tdlint.yaml
 *     repo/a/b/
 *     repo/n/.tdlint.yaml   nearer than the root's
 *     repo/n/m/
 *     repo/d/.tdlint.yaml/  a folder of that name is not a configuration
 *     wt/.git               a file: a worktree's or submodule's root
 *     wt/src/
 *     bare/x/ */
static void setup_tree(void)
{
    char t[] = "/tmp/tdlint-config-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(t));
    ck_assert_ptr_nonnull(realpath(t, tmp_root));
    write_file(".tdlint.yaml", "fail-level: note\n");
    make_dir("repo");
    make_dir("repo/.git");
    write_file("repo/.tdlint.yaml", "fail-level: error\n");
    make_dir("repo/a");
    make_dir("repo/a/b");
    make_dir("repo/n");
    write_file("repo/n/.tdlint.yaml", "disable: [TD002]\n");
    make_dir("repo/n/m");
    make_dir("repo/d");
    make_dir("repo/d/.tdlint.yaml");
    make_dir("wt");
    write_file("wt/.git", "gitdir: /elsewhere\n");
    make_dir("wt/src");
}

static void teardown_tree(void)
{
    remove_tree(tmp_root);
}

static void expect_found(const char *start, const char *want)
{
    char *path = (char *)"unset";
    ck_assert_int_eq(td_config_discover(start, &path), TD_OK);
    if (!want) {
        ck_assert_msg(path == NULL, "from %s found %s", start, path ? path : "");
        return;
    }
    ck_assert_msg(path && strcmp(path, want) == 0, "from %s: got %s, want %s", start,
                  path ? path : "(none)", want);
    free(path);
}

START_TEST(test_discover)
{
    char want[PATH_MAX + 64];
    snprintf(want, sizeof want, "%s", in_tmp("repo/.tdlint.yaml"));
    expect_found(in_tmp("repo/a/b"), want); /* two folders up */
    expect_found(in_tmp("repo"), want);     /* in the folder itself */
    expect_found(in_tmp("repo/d"), want);   /* d/.tdlint.yaml is a folder */
    snprintf(want, sizeof want, "%s", in_tmp("repo/n/.tdlint.yaml"));
    expect_found(in_tmp("repo/n/m"), want); /* the nearest wins */
    /* the walk stops at the folder holding .git: tmp/.tdlint.yaml is outside */
    ck_assert_int_eq(unlink(in_tmp("repo/.tdlint.yaml")), 0);
    expect_found(in_tmp("repo/a/b"), NULL);
    expect_found(in_tmp("wt/src"), NULL); /* .git may be a file */
    expect_found(in_tmp("no/such/dir"), NULL);
    /* without a repository around it, the walk goes on up */
    make_dir("bare");
    make_dir("bare/x");
    expect_found(in_tmp("bare/x"), in_tmp(".tdlint.yaml"));
}
END_TEST

START_TEST(test_discover_relative)
{
    char cwd[PATH_MAX];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(chdir(in_tmp("repo/a")), 0);
    expect_found(".", "../.tdlint.yaml");
    expect_found("b", "b/../../.tdlint.yaml");
    ck_assert_int_eq(chdir(in_tmp("repo")), 0);
    expect_found(".", ".tdlint.yaml");
    ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

START_TEST(test_load_file)
{
    write_file("repo/a/.tdlint.yaml", "exceptions:\n"
                                      "  - rule: TD001\n"
                                      "    path: b/*.yaml\n"
                                      "    reason: r\n");
    td_config *cfg;
    char *error = NULL;
    ck_assert_int_eq(td_config_load(in_tmp("repo/a/.tdlint.yaml"), &cfg, &error), TD_OK);
    ck_assert_ptr_null(error);
    ck_assert_str_eq(cfg->dir, in_tmp("repo/a"));
    ck_assert_str_eq(cfg->file, in_tmp("repo/a/.tdlint.yaml"));
    /* paths relative to the configuration's folder, whatever the current directory */
    td_file *f = lint_template(cfg, in_tmp("repo/a/b/t.yaml"));
    ck_assert(td001_of(f, "Web", "php")->suppressed);
    td_file_free(f);
    f = lint_template(cfg, in_tmp("repo/b/t.yaml"));
    ck_assert(!td001_of(f, "Web", "php")->suppressed);
    td_file_free(f);
    td_config_free(cfg);

    /* a relative name: the folder is still made absolute */
    char cwd[PATH_MAX];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    ck_assert_int_eq(chdir(in_tmp("repo/a/b")), 0);
    ck_assert_int_eq(td_config_load("../.tdlint.yaml", &cfg, &error), TD_OK);
    ck_assert_str_eq(cfg->dir, in_tmp("repo/a"));
    f = lint_template(cfg, "t.yaml");
    ck_assert(td001_of(f, "Web", "php")->suppressed);
    td_file_free(f);
    td_config_free(cfg);
    ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

START_TEST(test_load_errors)
{
    td_config *cfg = (td_config *)&cfg;
    char *error = NULL;
    char want[2 * PATH_MAX];
    const char *path = in_tmp("missing.yaml");
    ck_assert_int_eq(td_config_load(path, &cfg, &error), TD_EINVAL);
    ck_assert_ptr_null(cfg);
    snprintf(want, sizeof want,
             "%s: cannot read the configuration file: No such file or directory: check the "
             "path and its permissions, or pass --no-config",
             path);
    ck_assert_str_eq(error, want);
    free(error);
    path = in_tmp("repo/d/.tdlint.yaml");
    ck_assert_int_eq(td_config_load(path, &cfg, &error), TD_EINVAL);
    snprintf(want, sizeof want,
             "%s: cannot read the configuration file: Is a directory: check the path and its "
             "permissions, or pass --no-config",
             path);
    ck_assert_str_eq(error, want);
    free(error);
    /* errors in the file carry the path as given */
    write_file("bad.yaml", "exceptions:\n  - rule: TD001\n");
    path = in_tmp("bad.yaml");
    ck_assert_int_eq(td_config_load(path, &cfg, &error), TD_EINVAL);
    snprintf(want, sizeof want,
             "%s:2:5: exception for TD001 has no reason: add reason: \"...\" saying why the "
             "finding is acceptable",
             path);
    ck_assert_str_eq(error, want);
    free(error);
    /* an empty file is an empty configuration */
    write_file("empty.yaml", "");
    ck_assert_int_eq(td_config_load(in_tmp("empty.yaml"), &cfg, &error), TD_OK);
    ck_assert_uint_eq(cfg->nexceptions, 0);
    td_config_free(cfg);
}
END_TEST

static Suite *config_suite(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, test_every_key);
    tcase_add_loop_test(tc, test_empty, 0, sizeof EMPTY_CONFIGS / sizeof EMPTY_CONFIGS[0]);
    tcase_add_test(tc, test_json);
    tcase_add_test(tc, test_set_rule);
    tcase_add_loop_test(tc, test_errors, 0, sizeof ERRORS / sizeof ERRORS[0]);
    suite_add_tcase(s, tc);

    tc = tcase_create("dates-globs");
    tcase_add_loop_test(tc, test_dates, 0, sizeof DATES / sizeof DATES[0]);
    tcase_add_test(tc, test_today);
    tcase_add_loop_test(tc, test_globs, 0, sizeof GLOBS / sizeof GLOBS[0]);
    tcase_add_loop_test(tc, test_patterns, 0, sizeof PATTERNS / sizeof PATTERNS[0]);
    tcase_add_test(tc, test_path_within);
    suite_add_tcase(s, tc);

    tc = tcase_create("filter");
    tcase_add_test(tc, test_filter_exceptions);
    tcase_add_test(tc, test_filter_globs_in_names);
    tcase_add_test(tc, test_filter_rule_must_match);
    tcase_add_test(tc, test_filter_expiry);
    tcase_add_test(tc, test_filter_expired_and_valid);
    tcase_add_test(tc, test_filter_disable);
    tcase_add_test(tc, test_filter_inline);
    tcase_add_test(tc, test_filter_inline_needs_reason);
    tcase_add_loop_test(tc, test_filter_bad_ignores, 0, sizeof BAD_IGNORES / sizeof BAD_IGNORES[0]);
    tcase_add_test(tc, test_filter_inline_task_must_match);
    tcase_add_test(tc, test_emit_text_suppressed);
    tcase_add_test(tc, test_emit_sarif_suppressed);
    suite_add_tcase(s, tc);

    tc = tcase_create("files");
    tcase_add_checked_fixture(tc, setup_tree, teardown_tree);
    tcase_add_test(tc, test_discover);
    tcase_add_test(tc, test_discover_relative);
    tcase_add_test(tc, test_load_file);
    tcase_add_test(tc, test_load_errors);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(config_suite)
