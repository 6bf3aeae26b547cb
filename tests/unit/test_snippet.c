/* Snippets: the source lines a td_file keeps, the renderer (tabs, non-ASCII,
 * control characters, multi-line spans, long lines, colour) and the text
 * emitter's terminal form and byte columns. */
#include "testutil.h"

#define RED "\033[1;31m"
#define OFF "\033[0m"

typedef struct {
    const char *name;
    unsigned long no;
    const char *text;
    size_t len; /* 0: strlen(text) */
    size_t start, end;
    const char *sgr;
    unsigned width;
    const char *expected;
} snippet_case;

/* before, c repeated n times, after, in a static buffer (one of 16, rotating: a
 * case's text must outlive the calls that make the expected output). */
static const char *rep(const char *before, char c, size_t n, const char *after)
{
    static char bufs[16][512];
    static int k;
    char *b = bufs[k++ & 15];
    size_t i = strlen(before);
    memcpy(b, before, i);
    memset(b + i, c, n);
    strcpy(b + i + n, after);
    return b;
}

static const char *long_middle(void)
{
    static char b[256];
    snprintf(b, sizeof b, "%s", rep("", 'a', 100, ""));
    snprintf(b + 100, sizeof b - 100, "KEY%s", rep("", 'b', 100, ""));
    return b;
}

static char wide_line[256];

/* The cases; a NULL expected output is made by expected_long(name). */
static void cases(snippet_case *c, size_t *n)
{
    size_t k = 0;
    /* clang-format off: one case per paragraph */
    c[k++] = (snippet_case){"ascii",
                            7,
                            "    \"readonlyRootFilesystem\": false,",
                            0,
                            4,
                            35,
                            NULL,
                            0,
                            "    7 |     \"readonlyRootFilesystem\": false,\n"
                            "      |     ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"};
    /* a tab is 8 columns from the start, then up to the next multiple of 8; the
     * underline line has blanks where the tabs were */
    c[k++] = (snippet_case){"tabs",
                            3,
                            "\t\"k\":\tx",
                            0,
                            6,
                            7,
                            NULL,
                            0,
                            "    3 |         \"k\":    x\n"
                            "      |                 ^\n"};
    c[k++] = (snippet_case){"tab in span",
                            3,
                            "a\tb",
                            0,
                            0,
                            3,
                            NULL,
                            0,
                            "    3 | a       b\n"
                            "      | ^~~~~~~~~\n"};
    /* e-acute is one column, CJK characters two, a combining mark none */
    c[k++] = (snippet_case){"non-ascii",
                            1,
                            "\xC3\xA9\xE6\x97\xA5\xE6\x9C\xAC k",
                            0,
                            9,
                            10,
                            NULL,
                            0,
                            "    1 | \xC3\xA9\xE6\x97\xA5\xE6\x9C\xAC k\n"
                            "      |       ^\n"};
    c[k++] = (snippet_case){"combining",
                            1,
                            "e\xCC\x81x: \xF0\x9F\x90\xB3y",
                            0,
                            10,
                            11,
                            NULL,
                            0,
                            "    1 | e\xCC\x81x: \xF0\x9F\x90\xB3y\n"
                            "      |       ^\n"};
    c[k++] = (snippet_case){"span over non-ascii",
                            1,
                            "n: \"caf\xC3\xA9\"",
                            0,
                            3,
                            10,
                            NULL,
                            0,
                            "    1 | n: \"caf\xC3\xA9\"\n"
                            "      |    ^~~~~~\n"};
    /* escape sequences, bidirectional controls and invalid UTF-8 never reach the terminal */
    c[k++] = (snippet_case){"controls",
                            2,
                            "a\033[31mb\xE2\x80\xAE\xFF"
                            "c",
                            0,
                            11,
                            12,
                            NULL,
                            0,
                            "    2 | a\xEF\xBF\xBD[31mb\xEF\xBF\xBD\xEF\xBF\xBD"
                            "c\n"
                            "      |          ^\n"};
    c[k++] = (snippet_case){"nul byte",
                            2,
                            "a\0b",
                            3,
                            2,
                            3,
                            NULL,
                            0,
                            "    2 | a\xEF\xBF\xBD"
                            "b\n"
                            "      |   ^\n"};
    /* a span that goes on below: underlined to the last non-blank character */
    c[k++] = (snippet_case){"multi-line",
                            12,
                            "  - Name: web   ",
                            0,
                            4,
                            17,
                            NULL,
                            0,
                            "   12 |   - Name: web   \n"
                            "      |     ^~~~~~~~~\n"};
    c[k++] = (snippet_case){"multi-line at brace",
                            4,
                            "  web: {",
                            0,
                            7,
                            9,
                            NULL,
                            0,
                            "    4 |   web: {\n"
                            "      |        ^\n"};
    c[k++] = (snippet_case){"empty span",
                            1,
                            "abc",
                            0,
                            1,
                            1,
                            NULL,
                            0,
                            "    1 | abc\n"
                            "      |  ^\n"};
    c[k++] = (snippet_case){"past the end",
                            1,
                            "abc",
                            0,
                            3,
                            3,
                            NULL,
                            0,
                            "    1 | abc\n"
                            "      |    ^\n"};
    c[k++] = (snippet_case){"empty line",
                            9,
                            "",
                            0,
                            0,
                            0,
                            NULL,
                            0,
                            "    9 |\n"
                            "      | ^\n"};
    c[k++] = (snippet_case){"wide gutter",
                            123456,
                            "x",
                            0,
                            0,
                            1,
                            NULL,
                            0,
                            " 123456 | x\n"
                            "        | ^\n"};
    c[k++] = (snippet_case){"colour",
                            1,
                            "x: true",
                            0,
                            3,
                            7,
                            "1;31",
                            0,
                            "    1 | x: " RED "true" OFF "\n"
                            "      |    " RED "^~~~" OFF "\n"};
    /* width 60 leaves 52 columns after the gutter: the span in the middle,
     * "..." at each cut */
    c[k++] = (snippet_case){"long, cut both sides", 1, long_middle(), 0, 100, 103, NULL, 60, NULL};
    c[k++] = (snippet_case){
        "long, span at the start", 1, rep("KEY", 'b', 200, ""), 0, 0, 3, NULL, 60, NULL};
    c[k++] = (snippet_case){
        "long, span at the end", 1, rep("", 'a', 200, "KEY"), 0, 200, 203, NULL, 60, NULL};
    c[k++] = (snippet_case){
        "long span", 1, rep("aaaaaaaaaa", 'X', 100, "bbbbbbbbbb"), 0, 10, 110, NULL, 60, NULL};
    /* indentation is cut before any text, and without "..." */
    c[k++] = (snippet_case){"long, indented",
                            1,
                            rep("", ' ', 40, "KEYxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
                            0,
                            40,
                            43,
                            NULL,
                            60,
                            NULL};
    c[k++] = (snippet_case){"long, indented, cut right",
                            1,
                            rep("", ' ', 40, long_middle() + 97),
                            0,
                            43,
                            46,
                            NULL,
                            60,
                            NULL};
    /* 50 CJK characters then K: the window starts in the middle of one, shown as a blank */
    for (int i = 0; i < 50; i++)
        memcpy(wide_line + 3 * i, "\xE6\x97\xA5", 3);
    strcpy(wide_line + 150, "K");
    c[k++] = (snippet_case){"long, wide characters", 1, wide_line, 0, 150, 151, NULL, 61, NULL};
    /* clang-format on */
    *n = k;
}

static const char *expected_long(const char *name)
{
    static char b[1024];
    char s[300];
    if (strcmp(name, "long, cut both sides") == 0) {
        snprintf(s, sizeof s, "%s", rep("...", 'a', 21, "KEY"));
        snprintf(b, sizeof b, "    1 | %s%s\n      | %s\n", s, rep("", 'b', 22, "..."),
                 rep("", ' ', 24, "^~~"));
    } else if (strcmp(name, "long, span at the start") == 0) {
        snprintf(b, sizeof b, "    1 | %s\n      | ^~~\n", rep("KEY", 'b', 46, "..."));
    } else if (strcmp(name, "long, span at the end") == 0) {
        snprintf(b, sizeof b, "    1 | %s\n      | %s\n", rep("...", 'a', 46, "KEY"),
                 rep("", ' ', 49, "^~~"));
    } else if (strcmp(name, "long span") == 0) {
        snprintf(s, sizeof s, "%s", rep("...", 'a', 8, ""));
        snprintf(b, sizeof b, "    1 | %s%s\n      | %s%s\n", s, rep("", 'X', 38, "..."),
                 rep("", ' ', 11, "^"), rep("", '~', 37, ""));
    } else if (strcmp(name, "long, indented") == 0) {
        snprintf(b, sizeof b, "    1 | %s\n      | %s\n",
                 rep("", ' ', 19, "KEYxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), rep("", ' ', 19, "^~~"));
    } else if (strcmp(name, "long, indented, cut right") == 0) {
        snprintf(b, sizeof b, "    1 | %s\n      |    ^~~\n", rep("aaaKEY", 'b', 43, "..."));
    } else if (strcmp(name, "long, wide characters") == 0) {
        char line[200] = "... ";
        for (int i = 0; i < 24; i++)
            strcat(line, "\xE6\x97\xA5");
        strcat(line, "K");
        snprintf(b, sizeof b, "    1 | %s\n      | %s\n", line, rep("", ' ', 52, "^"));
    } else {
        return NULL;
    }
    return b;
}

START_TEST(test_render)
{
    snippet_case c[32];
    size_t n;
    cases(c, &n);
    ck_assert_uint_lt((size_t)_i, n);
    const snippet_case *t = &c[_i];
    const char *expected = t->expected ? t->expected : expected_long(t->name);
    ck_assert_ptr_nonnull(expected);
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_snippet_style style = {t->sgr, t->width};
    tdi_snippet(&b, t->no, t->text, t->len ? t->len : strlen(t->text), t->start, t->end, &style);
    ck_assert_int_eq(b.failed, 0);
    ck_assert_msg(strcmp(b.data, expected) == 0, "case %s:\n%s\nexpected:\n%s", t->name, b.data,
                  expected);
    tdi_buf_free(&b);
}
END_TEST

START_TEST(test_widths)
{
    ck_assert_int_eq(tdi_cp_width('a'), 1);
    ck_assert_int_eq(tdi_cp_width(0xE9), 1);     /* e-acute */
    ck_assert_int_eq(tdi_cp_width(0x301), 0);    /* combining acute accent */
    ck_assert_int_eq(tdi_cp_width(0x200B), 0);   /* zero-width space */
    ck_assert_int_eq(tdi_cp_width(0x65E5), 2);   /* CJK */
    ck_assert_int_eq(tdi_cp_width(0xAC00), 2);   /* Hangul syllable */
    ck_assert_int_eq(tdi_cp_width(0xFF21), 2);   /* fullwidth A */
    ck_assert_int_eq(tdi_cp_width(0x1F433), 2);  /* emoji */
    ck_assert_int_eq(tdi_cp_width(0x2FFFD), 2);  /* plane 2 */
    ck_assert_int_eq(tdi_cp_width(0x10FFFD), 1); /* private use */
}
END_TEST

/* The lines a file keeps: those of its findings, without line ends or BOM. */
START_TEST(test_kept_lines)
{
    static const char crlf[] = "{\r\n  \"containerDefinitions\": [\r\n"
                               "    {\"name\": \"a\", \"image\": \"x\"}\r\n  ]\r\n}\r\n";
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(NULL, "crlf.json", crlf, strlen(crlf), &f), TD_OK);
    ck_assert_uint_eq(td_file_finding_count(f), 1);
    size_t len = 99;
    const char *l = td_file_line(f, 3, &len);
    ck_assert_str_eq(l, "    {\"name\": \"a\", \"image\": \"x\"}");
    ck_assert_uint_eq(len, strlen(l));
    ck_assert_ptr_null(td_file_line(f, 1, &len));
    ck_assert_uint_eq(len, 0);
    ck_assert_ptr_null(td_file_line(f, 0, NULL));
    ck_assert_ptr_null(td_file_line(f, 99, NULL));
    td_file_free(f);

    static const char cr[] = "- name: a\r  image: x\r- name: b\r";
    ck_assert_int_eq(td_lint_buffer(NULL, "cr.yaml", cr, strlen(cr), &f), TD_OK);
    ck_assert_uint_eq(td_file_finding_count(f), 2);
    ck_assert_str_eq(td_file_line(f, 1, NULL), "- name: a");
    ck_assert_str_eq(td_file_line(f, 3, NULL), "- name: b");
    ck_assert_ptr_null(td_file_line(f, 2, NULL));
    td_file_free(f);

    /* the byte-order mark is not part of line 1, as it is not counted in columns */
    static const char bom[] = "\xEF\xBB\xBF[{\"name\": \"a\", \"image\": \"x\"}]";
    ck_assert_int_eq(td_lint_buffer(NULL, "bom.json", bom, strlen(bom), &f), TD_OK);
    ck_assert_str_eq(td_file_line(f, 1, &len), bom + 3);
    ck_assert_uint_eq(len, strlen(bom) - 3);
    td_file_free(f);

    /* a syntax error keeps its line; a file that could not be read keeps none */
    ck_assert_int_eq(td_lint_buffer(NULL, "bad.json", "{\n  \"a\": [}\n", 12, &f), TD_OK);
    ck_assert_str_eq(td_file_line(f, 2, NULL), "  \"a\": [}");
    td_file_free(f);
    ck_assert_int_eq(td_file_new_read_error("gone.json", "No such file or directory", &f), TD_OK);
    ck_assert_ptr_null(td_file_line(f, 1, NULL));
    td_file_free(f);
    ck_assert_ptr_null(td_file_line(NULL, 1, NULL));
}
END_TEST

static char *emit(td_file **f, size_t n, const td_text_options *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(td_emit_text(m, f, n, o), TD_OK);
    fclose(m);
    return buf;
}

/* The terminal form: the finding, its snippet, each related location as a
 * note with its own snippet; colour; byte columns. */
START_TEST(test_emit_terminal)
{
    static const char tpl[] =
        "Parameters:\r\n"
        "  Ro:\r\n"
        "    Type: String\r\n"
        "    Default: \"false\"\r\n"
        "Resources:\r\n"
        "  T:\r\n"
        "    Type: AWS::ECS::TaskDefinition\r\n"
        "    Properties:\r\n"
        "      ContainerDefinitions:\r\n"
        "        - {Name: \"caf\xC3\xA9\", ReadonlyRootFilesystem: !Ref Ro}\r\n";
    td_file *f[2];
    ck_assert_int_eq(td_lint_buffer(NULL, "t.yaml", tpl, strlen(tpl), &f[0]), TD_OK);
    ck_assert_int_eq(td_file_new_read_error("gone.json", "No such file or directory", &f[1]),
                     TD_OK);
    td_text_options o = {.min_level = TD_LEVEL_NOTE, .snippets = 1};
    char *out = emit(f, 2, &o);
    ck_assert_str_eq(out,
                     "t.yaml:10:26: error: container \"caf\xC3\xA9\" in task definition \"T\" has "
                     "a writable root filesystem when parameter Ro is \"false\" "
                     "(ReadonlyRootFilesystem is \"false\"): set ReadonlyRootFilesystem to true "
                     "and mount a volume on each path it writes "
                     "[TD001]\n"
                     "   10 |         - {Name: \"caf\xC3\xA9\", ReadonlyRootFilesystem: !Ref Ro}\n"
                     "      |                          ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
                     "t.yaml:4:14: note: parameter Ro defaults to this value\n"
                     "    4 |     Default: \"false\"\n"
                     "      |              ^~~~~~~\n"
                     "gone.json:1:1: error: cannot read the file: No such file or directory; "
                     "check the path and its permissions [TD000]\n");
    free(out);

    /* byte columns: the e-acute before the key is two bytes */
    o.snippets = 0;
    o.byte_columns = 1;
    out = emit(f, 1, &o);
    ck_assert_ptr_nonnull(strstr(out, "t.yaml:10:27: error: "));
    free(out);

    o.color = 1;
    o.byte_columns = 0;
    out = emit(f + 1, 1, &o);
    ck_assert_str_eq(
        out, "\033[1mgone.json:1:1:\033[0m \033[1;31merror:\033[0m cannot read the "
             "file: No such file or directory; check the path and its permissions [TD000]\n");
    free(out);
    td_file_free(f[0]);
    td_file_free(f[1]);
}
END_TEST

/* A line of any length costs the same per snippet: past 8 KiB only the
 * bytes around the span are looked at, and what is shown is what a shorter
 * line with the span as far from both ends shows. */
START_TEST(test_long_line)
{
    static const char *const fill[] = {"x", "\xC3\xA9", "a b"};
    const char *f = fill[_i];
    size_t fl = strlen(f);
    tdi_buf longer, shorter;
    tdi_buf_init(&longer);
    tdi_buf_init(&shorter);
    for (int k = 0; k < 2; k++) {
        size_t n = k ? 30000 : 2600; /* characters; the span in the middle */
        char *line = malloc(n * fl + 1);
        for (size_t i = 0; i < n; i++)
            memcpy(line + i * fl, f, fl);
        size_t at = n / 2 * fl;
        tdi_snippet(k ? &longer : &shorter, 1, line, n * fl, at, at + 10 * fl, NULL);
        free(line);
    }
    ck_assert_str_eq(longer.data, shorter.data);
    ck_assert_ptr_nonnull(strstr(longer.data, "..."));
    tdi_buf_free(&longer);
    tdi_buf_free(&shorter);
}
END_TEST

static Suite *snippet_suite(void)
{
    Suite *s = suite_create("snippet");
    TCase *tc = tcase_create("snippet");
    snippet_case c[32];
    size_t n;
    cases(c, &n);
    tcase_add_loop_test(tc, test_render, 0, (int)n);
    tcase_add_test(tc, test_widths);
    tcase_add_test(tc, test_kept_lines);
    tcase_add_test(tc, test_emit_terminal);
    tcase_add_loop_test(tc, test_long_line, 0, 3);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(snippet_suite)
