/* Loading JSON and YAML: the location index, scalar typing, short-form tags,
 * errors and their positions. */
#include "testutil.h"

/* ---- positions: a node's key start, value start and value end ---- */

typedef struct {
    const char *name;
    const char *text;
    const char *pointer;
    const char *key;       /* key start, "L:C" */
    const char *value;     /* value start */
    const char *value_end; /* value end (exclusive) */
} loc_case;

static const loc_case LOC_CASES[] = {
    {"json tab", "{\n\t\"a\": {\"b\": true}\n}", "/a/b", "2:8", "2:13", "2:17"},
    {"json tab object", "{\n\t\"a\": {\"b\": true}\n}", "/a", "2:2", "2:7", "2:18"},
    {"json crlf", "{\r\n  \"a\": 1,\r\n  \"b\": [true]\r\n}", "/b/0", "3:9", "3:9", "3:13"},
    {"json cr", "{\r  \"a\": 1,\r  \"b\": 22\r}", "/b", "3:3", "3:8", "3:10"},
    {"json bom", "\xEF\xBB\xBF{\"a\": 1}", "/a", "1:2", "1:7", "1:8"},
    {"json bom line 2", "\xEF\xBB\xBF{\n\"a\": 1}", "/a", "2:1", "2:6", "2:7"},
    {"json non-ascii", "{\"\xC3\xA9\xF0\x9F\x99\x82\": \"na\xC3\xAFve\", \"b\": 1}", "/b", "1:17",
     "1:22", "1:23"},
    {"json cjk value", "{\"n\": \"\xE6\xBC\xA2\xE5\xAD\x97\", \"k\": false}", "/k", "1:13", "1:18",
     "1:23"},
    {"json escaped key", "{\"a\\\"b\": 1, \"c\": 2}", "/c", "1:13", "1:18", "1:19"},
    {"json unicode escape", "{\"\\u00e9\": \"\\ud83d\\ude42\", \"x\": null}", "/x", "1:28", "1:33",
     "1:37"},
    {"json nested array", "[1, [2, {\"z\": [3]}]]", "/1/1/z/0", "1:16", "1:16", "1:17"},
    {"json string value", "{\"a\": \"x,y}\"}", "/a", "1:2", "1:7", "1:13"},
    {"json number", "{\"a\": -1.5e3 }", "/a", "1:2", "1:7", "1:13"},
    {"yaml block", "a:\n  b: true\n", "/a/b", "2:3", "2:6", "2:10"},
    {"yaml block mapping starts at first key", "a:\n  b: true\n", "/a", "1:1", "2:3", "2:10"},
    {"yaml flow mapping starts at brace", "a: {b: true, c: [1, 2]}\n", "/a", "1:1", "1:4", "1:24"},
    {"yaml flow sequence element", "a: {b: true, c: [1, 2]}\n", "/a/c/1", "1:21", "1:21", "1:22"},
    {"yaml sequence of mappings", "- name: web\n  image: x\n", "/0", "1:3", "1:3", "2:11"},
    {"yaml sequence item key", "- name: web\n  image: x\n", "/0/image", "2:3", "2:10", "2:11"},
    {"yaml single-quoted key", "'a b': 1\n\"c\": 2\n", "/c", "2:1", "2:6", "2:7"},
    {"yaml double-quoted value", "c: \"x y\"\n", "/c", "1:1", "1:4", "1:9"},
    {"yaml tab in flow", "a: {\tb: 1}\n", "/a/b", "1:6", "1:9", "1:10"},
    {"yaml crlf", "a:\r\n  b: 1\r\n  c: 2\r\n", "/a/c", "3:3", "3:6", "3:7"},
    {"yaml cr", "a:\r  b: 1\r  c: 2\r", "/a/c", "3:3", "3:6", "3:7"},
    {"yaml bom",
     "\xEF\xBB\xBF"
     "a: 1\nb: 2\n",
     "/a", "1:1", "1:4", "1:5"},
    {"yaml non-ascii", "x: {\xC3\xA9: \xF0\x9F\x99\x82, b: 1}", "/x/b", "1:11", "1:14", "1:15"},
    {"yaml non-ascii block", "n: '\xC3\xAF\xC3\xA9'\nk: 1\n", "/k", "2:1", "2:4", "2:5"},
    {"yaml block scalar ends at its text", "a: |\n  foo\n  bar\n\nb: 1\n", "/a", "1:1", "1:4",
     "3:6"},
    {"yaml comment after value", "a: 1 # note\nb: 2\n", "/a", "1:1", "1:4", "1:5"},
    {"yaml short tag", "a: !Ref X\n", "/a", "1:1", "1:4", "1:10"},
    {"yaml short tag inner", "a: !Ref X\n", "/a/Ref", "1:4", "1:4", "1:10"},
    {"yaml tag on sequence", "a: !If [c, 1, 2]\n", "/a/Fn::If/2", "1:15", "1:15", "1:16"},
    {"yaml merged member is at the merge key", "b: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n", "/m/x",
     "3:3", "3:7", "3:9"},
    {"yaml block mapping with merge starts at <<", "b: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n", "/m",
     "2:1", "3:3", "4:7"},
    {"yaml explicit key beats merged", "b: &b {y: 1}\nm:\n  <<: *b\n  y: 2\n", "/m/y", "4:3", "4:6",
     "4:7"},
    {"yaml anchored block mapping starts at first key", "a: &x\n  b: 1\n", "/a", "1:1", "2:3",
     "2:7"},
    {"yaml document marker", "---\na: 1\n", "/a", "2:1", "2:4", "2:5"},
};

static void check_loc(const loc_case *c)
{
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(c->text, strlen(c->text), NULL, &l), TD_OK);
    ck_assert_msg(l.status == TDI_LOAD_OK, "%s: %s", c->name, l.error ? l.error : "");
    ck_assert_uint_ge(l.ndocs, 1);
    const json_t *node;
    const tdi_member *m = member_at(&l.docs[0], c->pointer, &node);
    ck_assert_msg(m != NULL, "%s: no member at %s", c->name, c->pointer);
    ck_assert_str_eq(pos_at(&l.src, m->key_span.start), c->key);
    ck_assert_str_eq(pos_at(&l.src, m->value_span.start), c->value);
    ck_assert_str_eq(pos_at(&l.src, m->value_span.end), c->value_end);
    /* a container's own record agrees with its member record */
    if (json_is_object(node) || json_is_array(node)) {
        const tdi_nodeloc *n = tdi_doc_node(&l.docs[0], node);
        ck_assert_ptr_nonnull(n);
        ck_assert_uint_eq(n->span.start, m->value_span.start);
        ck_assert_uint_eq(n->span.end, m->value_span.end);
    }
    tdi_loaded_free(&l);
}

START_TEST(test_locations)
{
    check_loc(&LOC_CASES[_i]);
}
END_TEST

/* 500 levels of nesting, JSON and YAML flow and block: the innermost value
 * is where it is. */
START_TEST(test_deep_nesting)
{
    enum { D = 500 };
    char *json = malloc(4 * D + 16), *ptr = malloc(3 * D + 4);
    size_t k = 0, p = 0;
    for (int i = 0; i < D; i++) {
        json[k++] = '[';
        ptr[p++] = '/';
        ptr[p++] = '0';
    }
    json[k++] = '7';
    for (int i = 0; i < D; i++)
        json[k++] = ']';
    json[k] = '\0';
    ptr[p] = '\0';
    for (int flavour = 0; flavour < 2; flavour++) {
        /* flavour 1: the same text preceded by "x: " makes it YAML flow */
        char *text = malloc(k + 8);
        sprintf(text, "%s%s", flavour ? "x: " : "", json);
        char *pointer = malloc(p + 4);
        sprintf(pointer, "%s%s", flavour ? "/x" : "", ptr);
        tdi_loaded l;
        ck_assert_int_eq(tdi_load(text, strlen(text), NULL, &l), TD_OK);
        ck_assert_int_eq(l.status, TDI_LOAD_OK);
        ck_assert_int_eq(l.docs[0].format, flavour ? TDI_FORMAT_YAML : TDI_FORMAT_JSON);
        const json_t *node;
        const tdi_member *m = member_at(&l.docs[0], pointer, &node);
        ck_assert_ptr_nonnull(m);
        ck_assert_int_eq(json_integer_value(node), 7);
        char want[32];
        snprintf(want, sizeof want, "1:%d", D + 1 + (flavour ? 3 : 0));
        ck_assert_str_eq(pos_at(&l.src, m->value_span.start), want);
        tdi_loaded_free(&l);
        free(text);
        free(pointer);
    }
    free(json);
    free(ptr);

    /* block mappings nested 60 deep, two spaces per level */
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf pb;
    tdi_buf_init(&pb);
    for (int i = 0; i < 60; i++) {
        tdi_buf_printf(&b, "%*sk%d:\n", 2 * i, "", i);
        tdi_buf_printf(&pb, "/k%d", i);
    }
    tdi_buf_printf(&b, "%*sleaf: true\n", 120, "");
    tdi_buf_puts(&pb, "/leaf");
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(b.data, b.len, NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    const tdi_member *m = member_at(&l.docs[0], pb.data, NULL);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(pos_at(&l.src, m->key_span.start), "61:121");
    ck_assert_str_eq(pos_at(&l.src, m->value_span.end), "61:131");
    tdi_loaded_free(&l);
    tdi_buf_free(&b);
    tdi_buf_free(&pb);
}
END_TEST

/* ---- YAML scalar typing as CloudFormation does it (YAML 1.1) ---- */

typedef struct {
    const char *text; /* the value of key v */
    const char *json; /* compact JSON of the loaded value */
} scalar_case;

static const scalar_case SCALAR_CASES[] = {
    {"true", "true"},       {"True", "true"},       {"TRUE", "true"},
    {"yes", "true"},        {"Yes", "true"},        {"YES", "true"},
    {"on", "true"},         {"On", "true"},         {"ON", "true"},
    {"false", "false"},     {"False", "false"},     {"FALSE", "false"},
    {"no", "false"},        {"No", "false"},        {"NO", "false"},
    {"off", "false"},       {"Off", "false"},       {"OFF", "false"},
    {"tRUE", "\"tRUE\""},   {"y", "\"y\""},         {"n", "\"n\""},
    {"'true'", "\"true\""}, {"\"yes\"", "\"yes\""}, {"'off'", "\"off\""},
    {"~", "null"},          {"null", "null"},       {"NULL", "null"},
    {"", "null"},           {"12", "12"},           {"-3", "-3"},
    {"0x1F", "31"},         {"017", "15"},          {"1_000", "1000"},
    {"1.5", "1.5"},         {"'12'", "\"12\""},     {"!!str true", "\"true\""},
    {"!!bool yes", "true"}, {"!!int '7'", "7"},     {"|\n  true\n", "\"true\\n\""},
    {"1.2.3", "\"1.2.3\""}, {"web", "\"web\""},     {"!Custom x", "\"x\""},
};

START_TEST(test_scalar_typing)
{
    const scalar_case *c = &SCALAR_CASES[_i];
    char text[128];
    snprintf(text, sizeof text, "v: %s\n", c->text);
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(text, strlen(text), NULL, &l), TD_OK);
    ck_assert_msg(l.status == TDI_LOAD_OK, "%s: %s", c->text, l.error ? l.error : "");
    char *got = json_dumps(json_object_get(l.docs[0].root, "v"), JSON_ENCODE_ANY | JSON_COMPACT);
    ck_assert_msg(strcmp(got, c->json) == 0, "v: %s loaded as %s, want %s", c->text, got, c->json);
    free(got);
    tdi_loaded_free(&l);
}
END_TEST

/* ---- CloudFormation short-form tags ---- */

static const scalar_case TAG_CASES[] = {
    {"!Ref P", "{\"Ref\":\"P\"}"},
    {"!Condition C", "{\"Condition\":\"C\"}"},
    {"!Sub 'a-${X}'", "{\"Fn::Sub\":\"a-${X}\"}"},
    {"!Sub [x, {X: 1}]", "{\"Fn::Sub\":[\"x\",{\"X\":1}]}"},
    {"!GetAtt a.b.c", "{\"Fn::GetAtt\":[\"a\",\"b.c\"]}"},
    {"!GetAtt [a, b]", "{\"Fn::GetAtt\":[\"a\",\"b\"]}"},
    {"!If [C, true, !Ref AWS::NoValue]", "{\"Fn::If\":[\"C\",true,{\"Ref\":\"AWS::NoValue\"}]}"},
    {"!Equals [a, b]", "{\"Fn::Equals\":[\"a\",\"b\"]}"},
    {"!Not [!Condition C]", "{\"Fn::Not\":[{\"Condition\":\"C\"}]}"},
    {"!And [!Condition A, !Condition B]",
     "{\"Fn::And\":[{\"Condition\":\"A\"},{\"Condition\":\"B\"}]}"},
    {"!Or [!Condition A, !Condition B]",
     "{\"Fn::Or\":[{\"Condition\":\"A\"},{\"Condition\":\"B\"}]}"},
    {"!FindInMap [M, !Ref K, ro]", "{\"Fn::FindInMap\":[\"M\",{\"Ref\":\"K\"},\"ro\"]}"},
    {"!Join ['', [a, b]]", "{\"Fn::Join\":[\"\",[\"a\",\"b\"]]}"},
    {"!Select [0, !GetAZs '']", "{\"Fn::Select\":[0,{\"Fn::GetAZs\":\"\"}]}"},
    {"!Split [',', 'a,b']", "{\"Fn::Split\":[\",\",\"a,b\"]}"},
    {"!Base64 abc", "{\"Fn::Base64\":\"abc\"}"},
    {"!Cidr [10.0.0.0/16, 2, 8]", "{\"Fn::Cidr\":[\"10.0.0.0/16\",2,8]}"},
    {"!ImportValue Out", "{\"Fn::ImportValue\":\"Out\"}"},
    {"!GetAZs ''", "{\"Fn::GetAZs\":\"\"}"},
    {"!Transform {Name: M, Parameters: {}}",
     "{\"Fn::Transform\":{\"Name\":\"M\",\"Parameters\":{}}}"},
    {"!Ref true", "{\"Ref\":\"true\"}"},
};

START_TEST(test_short_tags)
{
    const scalar_case *c = &TAG_CASES[_i];
    char text[128];
    snprintf(text, sizeof text, "v: %s\n", c->text);
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(text, strlen(text), NULL, &l), TD_OK);
    ck_assert_msg(l.status == TDI_LOAD_OK, "%s: %s", c->text, l.error ? l.error : "");
    char *got = json_dumps(json_object_get(l.docs[0].root, "v"), JSON_COMPACT);
    ck_assert_msg(strcmp(got, c->json) == 0, "v: %s loaded as %s, want %s", c->text, got, c->json);
    free(got);
    tdi_loaded_free(&l);
}
END_TEST

/* ---- errors ---- */

typedef struct {
    const char *name;
    const char *text;
    tdi_load_status status;
    const char *at;      /* "L:C" of the error's start */
    const char *message; /* the start of the message */
} err_case;

static const err_case ERR_CASES[] = {
    {"json bad token", "{\"a\": [1, 2}", TDI_LOAD_SYNTAX, "1:12", "invalid JSON: ']' expected"},
    {"json missing colon", "{\n  \"a\": 1,\n  \"b\" 2}", TDI_LOAD_SYNTAX, "3:7",
     "invalid JSON: ':' expected"},
    {"json duplicate key", "{\n  \"a\": 1,\n  \"\xC3\xA9\": 2, \"a\": 3}", TDI_LOAD_OK, "3:11",
     "duplicate key \"a\""},
    {"json truncated", "{\"a\": [1, 2", TDI_LOAD_SYNTAX, "1:12", "invalid JSON:"},
    {"json string where a comma belongs", "{\n  \"a\": \"x\"\n  \"b\": 1}", TDI_LOAD_SYNTAX, "3:3",
     "invalid JSON: '}' expected near '\"b\"'"},
    {"json duplicate key on its own line", "{\n  \"k\": 1,\n  \"k\": 2\n}", TDI_LOAD_OK, "3:3",
     "duplicate key \"k\" (also at line 2): CloudFormation"},
    {"yaml duplicate key", "a: 1\nb:\n  c: 1\n  c: 2\n", TDI_LOAD_OK, "4:3",
     "duplicate key \"c\" (also at line 3)"},
    {"yaml duplicate quoted key", "a: 1\n'a': 2\n", TDI_LOAD_OK, "2:1",
     "duplicate key \"a\" (also at line 1)"},
    {"yaml bad indentation", "a:\n  b: 1\n c: 2\n", TDI_LOAD_SYNTAX, "3:2", "invalid YAML:"},
    {"yaml unclosed flow", "a: [1, 2\n", TDI_LOAD_SYNTAX, "2:1", "invalid YAML:"},
    {"yaml undefined alias", "a: *nope\n", TDI_LOAD_INVALID, "1:4", "alias *nope"},
    {"yaml collection key", "? [a]\n: 1\n", TDI_LOAD_SYNTAX, "1:3", "a mapping key that is"},
    {"utf-16le bom", "\xFF\xFE{\0}\0", TDI_LOAD_INVALID, "1:1", "the file is encoded in UTF-16LE"},
    {"utf-16be no bom", "\0{\0}", TDI_LOAD_INVALID, "1:1", "the file is encoded in UTF-16BE"},
    {"utf-32le bom", "\xFF\xFE\0\0{\0\0\0", TDI_LOAD_INVALID, "1:1",
     "the file is encoded in UTF-32LE"},
    {"invalid utf-8 in yaml", "a: \xFF\n", TDI_LOAD_SYNTAX, "1:4", "invalid YAML:"},
};

static const size_t ERR_LENS[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 4, 8, 0};

START_TEST(test_errors)
{
    const err_case *c = &ERR_CASES[_i];
    size_t len = ERR_LENS[_i] ? ERR_LENS[_i] : strlen(c->text);
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(c->text, len, NULL, &l), TD_OK);
    ck_assert_msg(l.status == c->status, "%s: status %d, want %d (%s)", c->name, l.status,
                  c->status, l.error ? l.error : "");
    /* a load that goes on (duplicate keys) has one issue instead of an error */
    ck_assert_uint_eq(l.nissues, c->status == TDI_LOAD_OK);
    const char *msg = l.nissues ? l.issues[0].message : l.error;
    ck_assert_str_eq(pos_at(&l.src, l.nissues ? l.issues[0].start : l.error_start), c->at);
    ck_assert_msg(strncmp(msg, c->message, strlen(c->message)) == 0, "%s: message '%s'", c->name,
                  msg);
    tdi_loaded_free(&l);
}
END_TEST

/* ---- documents and formats ---- */

START_TEST(test_format_by_content)
{
    tdi_loaded l;
    /* text that starts like JSON is JSON, even where YAML would accept it... */
    ck_assert_int_eq(tdi_load("[1, 2,]", 7, NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_SYNTAX);
    tdi_loaded_free(&l);
    ck_assert_int_eq(tdi_load("{\"a\": <IMAGE1_NAME>}", 20, NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_SYNTAX);
    ck_assert_str_eq(pos_at(&l.src, l.error_start), "1:7");
    tdi_loaded_free(&l);
    /* ...unless its keys are unquoted: a YAML flow collection */
    ck_assert_int_eq(tdi_load("{a: 1}", 6, NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    ck_assert_int_eq(l.docs[0].format, TDI_FORMAT_YAML);
    tdi_loaded_free(&l);
    /* however long the unquoted key (jansson names a long token cut short) */
    static const char longkey[] = "[{readonlyRootFilesystem: true}, {x: 1}]";
    ck_assert_int_eq(tdi_load(longkey, strlen(longkey), NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    ck_assert_int_eq(l.docs[0].format, TDI_FORMAT_YAML);
    tdi_loaded_free(&l);
    ck_assert_int_eq(tdi_load("[{name: a, x: [}]", 17, NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_SYNTAX);
    ck_assert(strncmp(l.error, "invalid JSON", 12) == 0);
    tdi_loaded_free(&l);
    /* blanks only: no document */
    ck_assert_int_eq(tdi_load(" \t\r\n\t", 5, NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    ck_assert_uint_eq(l.ndocs, 0);
    tdi_loaded_free(&l);
    /* JSON */
    ck_assert_int_eq(tdi_load(" \n{\"a\": 1}", 10, NULL, &l), TD_OK);
    ck_assert_int_eq(l.docs[0].format, TDI_FORMAT_JSON);
    ck_assert_str_eq(pos_at(&l.src, l.docs[0].root_span.start), "2:1");
    tdi_loaded_free(&l);
    /* YAML */
    ck_assert_int_eq(tdi_load("a: {\"b\": 1}", 11, NULL, &l), TD_OK);
    ck_assert_int_eq(l.docs[0].format, TDI_FORMAT_YAML);
    tdi_loaded_free(&l);
    /* broken JSON that is not YAML either keeps the JSON error */
    ck_assert_int_eq(tdi_load("{\"a\": [}", 8, NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_SYNTAX);
    ck_assert(strncmp(l.error, "invalid JSON", 12) == 0);
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_documents)
{
    tdi_loaded l;
    const char *t = "a: 1\n---\nb: 2\n";
    ck_assert_int_eq(tdi_load(t, strlen(t), NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    ck_assert_uint_eq(l.ndocs, 2);
    const tdi_member *m = member_at(&l.docs[1], "/b", NULL);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(pos_at(&l.src, m->key_span.start), "3:1");
    tdi_loaded_free(&l);

    ck_assert_int_eq(tdi_load("", 0, NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    ck_assert_uint_eq(l.ndocs, 0);
    tdi_loaded_free(&l);

    ck_assert_int_eq(tdi_load("  \n# only a comment\n", 20, NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    ck_assert_uint_eq(l.ndocs, 0);
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_alias_shares_anchor)
{
    tdi_loaded l;
    const char *t = "a: &x {b: 1}\nc: *x\n";
    ck_assert_int_eq(tdi_load(t, strlen(t), NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    json_t *a = json_object_get(l.docs[0].root, "a");
    json_t *c = json_object_get(l.docs[0].root, "c");
    ck_assert_ptr_eq(a, c);
    const tdi_member *m = member_at(&l.docs[0], "/c/b", NULL);
    ck_assert_str_eq(pos_at(&l.src, m->key_span.start), "1:8");
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_positions_clamp)
{
    tdi_source src;
    ck_assert_int_eq(tdi_source_init(&src, "ab\ncd", 5), TD_OK);
    ck_assert_str_eq(pos_at(&src, 0), "1:1");
    ck_assert_str_eq(pos_at(&src, 2), "1:3");
    ck_assert_str_eq(pos_at(&src, 3), "2:1");
    ck_assert_str_eq(pos_at(&src, 5), "2:3");
    ck_assert_str_eq(pos_at(&src, 99), "2:3");
    tdi_source_free(&src);
}
END_TEST

/* Lines ended by LF, CRLF and CR, more than TDI_LINE_STEP of them: every
 * line's start and every offset's position agree with a count from the
 * start of the text. */
START_TEST(test_positions_many_lines)
{
    char text[400];
    size_t n = 0;
    static const char *const ENDS[] = {"\n", "\r\n", "\r", "\n\n", "\r\r\n"};
    for (int i = 0; i < 45; i++)
        n +=
            (size_t)snprintf(text + n, sizeof text - n, "%.*s%s", i % 4, "x\xC3\xA9y", ENDS[i % 5]);
    tdi_source src;
    ck_assert_int_eq(tdi_source_init(&src, text, n), TD_OK);
    unsigned long line = 1, col = 1;
    size_t line_start = 0;
    for (size_t i = 0; i <= n; i++) {
        td_position p = tdi_source_position(&src, i);
        ck_assert_msg(p.line == line && p.column == col, "offset %zu: %lu:%lu, want %lu:%lu", i,
                      p.line, p.column, line, col);
        if (col == 1)
            ck_assert_uint_eq(tdi_source_line_start(&src, line - 1), line_start);
        if (i == n)
            break;
        if (text[i] == '\n' || (text[i] == '\r' && !(i + 1 < n && text[i + 1] == '\n'))) {
            line++;
            col = 1;
            line_start = i + 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) { /* one per code point */
            col++;
        }
    }
    ck_assert_uint_eq(src.nlines, line);
    ck_assert_uint_eq(tdi_source_line_start(&src, line), n); /* past the last line */
    tdi_source_free(&src);
}
END_TEST

/* JSON members are scanned when asked for: a node deep in the tree is found
 * without asking about the levels above it first, in any order, and a node
 * of another tree is not found. */
START_TEST(test_json_index_on_demand)
{
    const char *text = "{\"a\": {\"b\": [1, {\"c\": {\"d\": [true]}}]},\n"
                       " \"e\": [[], {\"f\": {}}]}";
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(text, strlen(text), NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    const tdi_doc *doc = &l.docs[0];
    json_t *root = doc->root;
    const json_t *d = json_object_get(
        json_object_get(json_array_get(json_object_get(json_object_get(root, "a"), "b"), 1), "c"),
        "d");
    const json_t *f = json_object_get(json_array_get(json_object_get(root, "e"), 1), "f");
    const tdi_nodeloc *nd = tdi_doc_node(doc, d);
    ck_assert_ptr_nonnull(nd);
    ck_assert_str_eq(pos_at(&l.src, nd->span.start), "1:29");
    ck_assert_uint_eq(nd->span.end - nd->span.start, 6);
    ck_assert_uint_eq(nd->n, 1);
    ck_assert_str_eq(pos_at(&l.src, nd->members[0].value_span.start), "1:30");
    const tdi_nodeloc *nf = tdi_doc_node(doc, f);
    ck_assert_ptr_nonnull(nf);
    ck_assert_str_eq(pos_at(&l.src, nf->span.start), "2:18");
    ck_assert_uint_eq(nf->n, 0);
    const tdi_member *m = tdi_doc_member(doc, json_object_get(root, "a"), "b");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(pos_at(&l.src, m->key_span.start), "1:8");
    json_t *other = json_object();
    ck_assert_ptr_null(tdi_doc_node(doc, other));
    json_decref(other);
    ck_assert_int_eq(doc->index_err, 0);
    tdi_loaded_free(&l);
}
END_TEST

/* A program that sets jansson's allocation functions after tdlint set its
 * own: trees are then jansson's, made and freed with the program's functions. */
static size_t prog_mallocs, prog_frees;
static void *prog_malloc(size_t n)
{
    prog_mallocs++;
    return malloc(n);
}
static void prog_free(void *p)
{
    if (p)
        prog_frees++;
    free(p);
}

START_TEST(test_program_allocators)
{
    const char *text = "{\"Resources\": {\"T\": {\"Type\": \"x\", \"List\": [1, \"two\"]}}}";
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(text, strlen(text), NULL, &l),
                     TD_OK); /* tdlint's functions in place */
    ck_assert_int_eq(l.docs[0].tree_in_arena, 1);
    tdi_loaded_free(&l);
    json_set_alloc_funcs(prog_malloc, prog_free);
    for (int yaml = 0; yaml < 2; yaml++) {
        const char *t = yaml ? "Resources:\n  T: {Type: x, List: [1, two]}\n" : text;
        prog_mallocs = prog_frees = 0;
        ck_assert_int_eq(tdi_load(t, strlen(t), NULL, &l), TD_OK);
        ck_assert_int_eq(l.status, TDI_LOAD_OK);
        ck_assert_int_eq(l.docs[0].tree_in_arena, 0);
        ck_assert_uint_gt(prog_mallocs, 0);
        const tdi_member *m = tdi_doc_member(&l.docs[0], l.docs[0].root, "Resources");
        ck_assert_ptr_nonnull(m);
        ck_assert_str_eq(pos_at(&l.src, m->key_span.start), yaml ? "1:1" : "1:2");
        tdi_loaded_free(&l);
        ck_assert_uint_eq(prog_frees, prog_mallocs);
    }
}
END_TEST

/* JSON in a JSON string (Terraform's container_definitions): every span is
 * in the outer text, an escape spanning what it is written as. */
START_TEST(test_embedded)
{
    /* outer offsets: the string's contents start at 7 */
    static const char outer[] = "{\"s\": \"[{\\\"name\\\": \\\"w\\u00e9b\\ud83d\\udc33\\\",\\n"
                                " \\\"readonlyRootFilesystem\\\": false}]\"}";
    tdi_source src;
    ck_assert_int_eq(tdi_source_init(&src, outer, strlen(outer)), TD_OK);
    const char *q = strchr(outer + 6, '"');
    size_t start = (size_t)(q - outer) + 1, end = strlen(outer) - 2;
    ck_assert_int_eq(outer[end], '"');
    tdi_loaded l;
    ck_assert_int_eq(tdi_load_embedded(&src, start, end, NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    ck_assert_uint_eq(l.ndocs, 1);
    const tdi_doc *doc = &l.docs[0];
    ck_assert_uint_eq(doc->root_span.start, start);
    ck_assert_uint_eq(doc->root_span.end, end);
    const json_t *c = json_array_get(doc->root, 0);
    ck_assert_str_eq(json_string_value(json_object_get(c, "name")), "w\xC3\xA9"
                                                                    "b\xF0\x9F\x90\xB3");
    const tdi_member *name = tdi_doc_member(doc, c, "name");
    const tdi_member *ro = tdi_doc_member(doc, c, "readonlyRootFilesystem");
    ck_assert_ptr_nonnull(name);
    ck_assert_ptr_nonnull(ro);
    /* \"name\" and \"w\u00e9b\ud83d\udc33\" as written */
    ck_assert_uint_eq(name->key_span.start, start + 2);
    ck_assert_uint_eq(name->key_span.end, start + 10);
    ck_assert_int_eq(memcmp(outer + name->value_span.start, "\\\"w\\u00e9b", 10), 0);
    ck_assert_int_eq(memcmp(outer + name->value_span.end - 2, "\\\"", 2), 0);
    ck_assert_int_eq(memcmp(outer + ro->key_span.start, "\\\"readonly", 10), 0);
    ck_assert_int_eq(memcmp(outer + ro->value_span.start, "false}", 6), 0);
    ck_assert_uint_eq(ro->value_span.end - ro->value_span.start, 5);
    tdi_loaded_free(&l);

    /* an error inside the string is located in the outer text */
    static const char bad[] = "{\"s\": \"[{\\\"a\\\": 1,,}]\"}";
    tdi_source bsrc;
    ck_assert_int_eq(tdi_source_init(&bsrc, bad, strlen(bad)), TD_OK);
    ck_assert_int_eq(tdi_load_embedded(&bsrc, 7, strlen(bad) - 2, NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_SYNTAX);
    ck_assert_int_eq(bad[l.error_start], ',');
    ck_assert_uint_eq(l.error_start, 18);
    tdi_loaded_free(&l);
    tdi_source_free(&bsrc);

    /* a duplicate key names the outer line of the first */
    static const char dup[] = "{\n\"s\": \"{\\\"a\\\": 1, \\\"a\\\": 2}\"}";
    ck_assert_int_eq(tdi_source_init(&bsrc, dup, strlen(dup)), TD_OK);
    ck_assert_int_eq(tdi_load_embedded(&bsrc, 8, strlen(dup) - 2, NULL, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    ck_assert_uint_eq(l.nissues, 1);
    ck_assert_int_eq(memcmp(dup + l.issues[0].start, "\\\"a\\\": 2", 8), 0);
    ck_assert_str_eq(l.issues[0].message,
                     "duplicate key \"a\" (also at line 2)" TDI_DUPLICATE_TAIL);
    tdi_loaded_free(&l);

    /* with the tail its caller gives (the reader of the text is not the ECS API) */
    tdi_load_options opt = {0, 0, NULL, 0, ": the tail"};
    ck_assert_int_eq(tdi_load_embedded(&bsrc, 8, strlen(dup) - 2, &opt, &l), TD_OK);
    ck_assert_uint_eq(l.nissues, 1);
    ck_assert_str_eq(l.issues[0].message, "duplicate key \"a\" (also at line 2): the tail");
    tdi_loaded_free(&l);
    tdi_source_free(&bsrc);
    tdi_source_free(&src);
}
END_TEST

static Suite *load_suite(void)
{
    Suite *s = suite_create("load");
    TCase *tc = tcase_create("locations");
    tcase_add_loop_test(tc, test_locations, 0, (int)(sizeof LOC_CASES / sizeof LOC_CASES[0]));
    tcase_add_test(tc, test_deep_nesting);
    tcase_add_test(tc, test_positions_clamp);
    tcase_add_test(tc, test_positions_many_lines);
    tcase_add_test(tc, test_json_index_on_demand);
    tcase_add_test(tc, test_program_allocators);
    suite_add_tcase(s, tc);
    tc = tcase_create("yaml");
    tcase_add_loop_test(tc, test_scalar_typing, 0,
                        (int)(sizeof SCALAR_CASES / sizeof SCALAR_CASES[0]));
    tcase_add_loop_test(tc, test_short_tags, 0, (int)(sizeof TAG_CASES / sizeof TAG_CASES[0]));
    tcase_add_test(tc, test_documents);
    tcase_add_test(tc, test_alias_shares_anchor);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_loop_test(tc, test_errors, 0, (int)(sizeof ERR_CASES / sizeof ERR_CASES[0]));
    tcase_add_test(tc, test_format_by_content);
    tcase_add_test(tc, test_embedded);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(load_suite)
