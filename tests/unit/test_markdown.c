/* The markdown renderer behind --explain (cli/markdown.c): exact output for
 * each construct, plain and styled, and every rule's documentation rendered
 * without markdown syntax left over. */
#include "testutil.h"

#include "markdown.h"

static char *render(const char *md, int width, int styled)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    cli_md_options o = {width, styled};
    ck_assert_int_eq(cli_md_render(f, md, &o), 0);
    fclose(f);
    return buf;
}

#define B "\033[1m"
#define U "\033[4m"
#define BU "\033[1;4m"
#define R "\033[0m"

static const struct {
    const char *name, *md;
    int width, styled;
    const char *want;
} CASES[] = {
    {"empty", "", 80, 0, ""},
    {"headings plain", "# Title `x`\n\nSome *text* and **bold**.\n## Sub\nMore.\n### Third\n", 80,
     0, "Title `x`\n=========\n\nSome text and bold.\n\nSub\n---\n\nMore.\n\nThird\n"},
    {"headings styled", "# Title `x`\n\nSome *text* and **bold** `c`.\n## Sub\n", 80, 1,
     BU "Title x" R "\n\nSome " U "text" R " and " B "bold c" R ".\n\n" B "Sub" R "\n"},
    {"paragraph wrapped", "one two three four\nfive six seven eight nine ten\n", 20, 0,
     "one two three four\nfive six seven eight\nnine ten\n"},
    {"width at least 20", "one two three four five\n", 5, 0, "one two three four\nfive\n"},
    {"lists",
     "- item one is long enough to wrap\n  continued\n- two\n  - nested item\n\n  para in two\n"
     "\n1. first\n2. second\nlazy\n",
     24, 0,
     "- item one is long\n  enough to wrap\n  continued\n- two\n  - nested item\n\n"
     "  para in two\n\n1. first\n2. second lazy\n"},
    {"ordered item interrupts no plain paragraph", "in\n2. here\n", 80, 0, "in 2. here\n"},
    {"code fence", "Text:\n\n```json\n{\"a\": 1}\n\n  x   y\n```\nafter\n", 10, 0,
     "Text:\n\n    {\"a\": 1}\n\n      x   y\nafter\n"},
    {"code fence in a list item", "- a\n\n  ~~~\n  run it\n   more\n  ~~~\n\n  b\n", 80, 1,
     "- a\n\n      run it\n       more\n\n  b\n"},
    {"unclosed fence runs to the end", "```\n# not a heading\n", 80, 0, "    # not a heading\n"},
    {"table", "| a | b |\n| --- | :-: |\n| `x` | long cell |\n| y |\n", 80, 0,
     "a    b\n---  ---------\n`x`  long cell\ny\n"},
    {"table styled", "| a | b |\n|---|---|\n| `x` | c |\n", 80, 1,
     B "a" R "  " B "b" R "\n-  -\n" B "x" R "  c\n"},
    {"table wrapped",
     "| key | value |\n|---|---|\n| k | one two three four five six |\n| k2 | v |\n", 20, 0,
     "key  value\n---  ---------------\nk    one two three\n     four five six\n\nk2   v\n"},
    {"table as records",
     "| name | description | more |\n|---|---|---|\n| averyveryverylongname | "
     "alsoaverylongdescription | x |\n| two | | y |\n",
     20, 0,
     "averyveryverylongname\n  description:\n    alsoaverylongdescription\n  more: x\n\ntwo\n"
     "  more: y\n"},
    {"pipes in code spans and escaped", "| a | b |\n|---|---|\n| `x|y` | c \\| d |\n", 80, 0,
     "a      b\n-----  -----\n`x|y`  c | d\n"},
    {"links", "See [the docs](https://x.example/a) and [below](#below), [not a link].\n", 80, 0,
     "See the docs (https://x.example/a) and below, [not a link].\n"},
    {"literals plain", "a \\* b, 2 * 3, snake_case, `` a`b ``, a*b*, unclosed `tick and **\n", 80,
     0, "a * b, 2 * 3, snake_case, `` a`b ``, a*b*, unclosed `tick and **\n"},
    {"literals styled", "`` a`b `` and `x  y` stays one word\n", 10, 1,
     B "a`b" R " and " B "x  y" R " stays\none word\n"},
    {"CRLF line ends", "# T\r\n\r\ntext\r\n", 80, 0, "T\n=\n\ntext\n"},
    {"non-ASCII width", "\xC3\xA9\xC3\xA9 aa\n\n| \xC3\xA9 | b |\n|---|---|\n", 20, 0,
     "\xC3\xA9\xC3\xA9 aa\n\n\xC3\xA9  b\n-  -\n"},
};

START_TEST(test_case)
{
    char *got = render(CASES[_i].md, CASES[_i].width, CASES[_i].styled);
    if (strcmp(got, CASES[_i].want) != 0)
        ck_abort_msg("%s: got\n%s\nwant\n%s", CASES[_i].name, got, CASES[_i].want);
    free(got);
}
END_TEST

/* Every rule's documentation, as --explain prints it to a file or a pipe:
 * no heading marks, fences, table pipes or strong emphasis marks outside
 * code blocks (lines indented by 4 or more), nothing lost. */
START_TEST(test_rule_docs)
{
    for (size_t i = 0; i < td_rule_count(); i++) {
        const td_rule_info *r = td_rule_at(i);
        char *got = render(r->doc, 80, 0);
        char head[64];
        snprintf(head, sizeof head, "%s: %s\n", r->id, r->name);
        ck_assert_msg(strncmp(got, head, strlen(head)) == 0, "%s: starts %.40s", r->id, got);
        for (char *line = got; *line;) {
            char *eol = strchr(line, '\n');
            ck_assert_ptr_nonnull(eol);
            *eol = '\0';
            size_t ind = strspn(line, " ");
            if (ind < 4) {
                const char *t = line + ind;
                ck_assert_msg(t[0] != '#' && t[0] != '|' && !strstr(t, "```") && !strstr(t, "**"),
                              "%s: markdown left in \"%s\"", r->id, line);
            }
            line = eol + 1;
        }
        free(got);
        /* styled output has the same words */
        char *styled = render(r->doc, 80, 1);
        ck_assert_ptr_nonnull(strstr(styled, "\033[1;4m"));
        free(styled);
    }
}
END_TEST

START_TEST(test_wrap)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    cli_wrap(f, "aa bb cc dd", 4, 2, 10);
    cli_wrap(f, "  averylongword x", 0, 3, 5);
    fclose(f);
    ck_assert_str_eq(buf, "aa bb\n  cc dd\naverylongword\n   x\n");
    free(buf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("markdown");
    TCase *tc = tcase_create("render");
    tcase_add_loop_test(tc, test_case, 0, (int)(sizeof CASES / sizeof CASES[0]));
    tcase_add_test(tc, test_rule_docs);
    tcase_add_test(tc, test_wrap);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
