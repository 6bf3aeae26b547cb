/* The unified diffs of --diff (cli/diff.c): exact output for the cases a
 * fix makes (an insertion in the middle, at the start, at the end of a file
 * without a last newline; CRLF and CR-only files; a change on line 1; hunks
 * merged or kept apart by their distance; empty files), and on random texts
 * a diff that patches the old text into the new one exactly and is as short
 * as a longest common subsequence allows. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The diff of old into new, as a string the caller frees. */
static char *diff_of(const char *old_text, size_t old_len, const char *new_text, size_t new_len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&buf, &size);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(cli_diff(m, "f.json", old_text, old_len, new_text, new_len), 0);
    ck_assert_int_eq(fclose(m), 0);
    return buf;
}

static void expect_diff(const char *old_text, const char *new_text, const char *expected)
{
    char *got = diff_of(old_text, strlen(old_text), new_text, strlen(new_text));
    ck_assert_str_eq(got, expected);
    free(got);
}

START_TEST(insert_in_middle)
{
    expect_diff("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nX\n5\n6\n7\n8\n",
                "--- f.json\n+++ f.json\n"
                "@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+X\n 5\n 6\n 7\n");
}
END_TEST

START_TEST(insert_at_start)
{
    expect_diff("1\n2\n3\n4\n5\n", "0\n1\n2\n3\n4\n5\n",
                "--- f.json\n+++ f.json\n"
                "@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n");
}
END_TEST

START_TEST(insert_at_end_no_newline)
{
    expect_diff("1\n2\n3\n4", "1\n2\n3\n4\n5",
                "--- f.json\n+++ f.json\n"
                "@@ -1,4 +1,5 @@\n 1\n 2\n 3\n-4\n\\ No newline at end of file\n+4\n+5\n"
                "\\ No newline at end of file\n");
    /* the last line unchanged and without its newline on both sides */
    expect_diff("1\n2\n3", "0\n1\n2\n3",
                "--- f.json\n+++ f.json\n"
                "@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n\\ No newline at end of file\n");
    /* only the newline at the end added */
    expect_diff("a\nb", "a\nb\n",
                "--- f.json\n+++ f.json\n"
                "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}
END_TEST

START_TEST(crlf_lines)
{
    expect_diff("{\r\n  \"a\": 1\r\n}\r\n", "{\r\n  \"a\": 1,\r\n  \"b\": true\r\n}\r\n",
                "--- f.json\n+++ f.json\n"
                "@@ -1,3 +1,4 @@\n {\r\n-  \"a\": 1\r\n+  \"a\": 1,\r\n+  \"b\": true\r\n }\r\n");
}
END_TEST

START_TEST(cr_only_is_one_line)
{
    expect_diff("a: 1\rb: 2\r", "a: 1\rb: 2\rc: true\r",
                "--- f.json\n+++ f.json\n"
                "@@ -1,1 +1,1 @@\n-a: 1\rb: 2\r\n\\ No newline at end of file\n"
                "+a: 1\rb: 2\rc: true\r\n\\ No newline at end of file\n");
}
END_TEST

START_TEST(change_on_line_one)
{
    expect_diff("false\n2\n3\n4\n5\n", "true\n2\n3\n4\n5\n",
                "--- f.json\n+++ f.json\n"
                "@@ -1,4 +1,4 @@\n-false\n+true\n 2\n 3\n 4\n");
    /* a one-line (minified) file */
    expect_diff("{\"a\":false}", "{\"a\":true}",
                "--- f.json\n+++ f.json\n"
                "@@ -1,1 +1,1 @@\n-{\"a\":false}\n\\ No newline at end of file\n"
                "+{\"a\":true}\n\\ No newline at end of file\n");
}
END_TEST

static const char TEN[] = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n";

START_TEST(close_hunks_merge)
{
    /* six unchanged lines between two changes: one hunk */
    expect_diff(TEN, "1\nA\n3\n4\n5\n6\n7\n8\nB\n10\n11\n12\n13\n14\n",
                "--- f.json\n+++ f.json\n"
                "@@ -1,12 +1,12 @@\n 1\n-2\n+A\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+B\n 10\n 11\n"
                " 12\n");
}
END_TEST

START_TEST(far_hunks_apart)
{
    /* seven unchanged lines between two changes: two hunks */
    expect_diff(TEN, "1\nA\n3\n4\n5\n6\n7\n8\n9\nB\n11\n12\n13\n14\n",
                "--- f.json\n+++ f.json\n"
                "@@ -1,5 +1,5 @@\n 1\n-2\n+A\n 3\n 4\n 5\n"
                "@@ -7,7 +7,7 @@\n 7\n 8\n 9\n-10\n+B\n 11\n 12\n 13\n");
}
END_TEST

START_TEST(empty_files)
{
    expect_diff("", "", "");
    expect_diff("same\n", "same\n", "");
    expect_diff("", "x\ny\n", "--- f.json\n+++ f.json\n@@ -0,0 +1,2 @@\n+x\n+y\n");
    expect_diff("x\n", "", "--- f.json\n+++ f.json\n@@ -1,1 +0,0 @@\n-x\n");
    expect_diff("", "x",
                "--- f.json\n+++ f.json\n@@ -0,0 +1,1 @@\n+x\n\\ No newline at end of file\n");
}
END_TEST

/* The header's path as git apply and patch read it back. */
static void expect_header(const char *path, const char *expected)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&buf, &size);
    ck_assert_int_eq(cli_diff(m, path, "a\n", 2, "b\n", 2), 0);
    ck_assert_int_eq(fclose(m), 0);
    char *hunk = strstr(buf, "@@");
    ck_assert_ptr_nonnull(hunk);
    *hunk = '\0';
    ck_assert_str_eq(buf, expected);
    free(buf);
}

START_TEST(header_paths)
{
    expect_header("infra/task.json", "--- infra/task.json\n+++ infra/task.json\n");
    /* a space: a tab ends the name */
    expect_header("my dir/task def.json",
                  "--- my dir/task def.json\t\n+++ my dir/task def.json\t\n");
    /* a quote, a backslash, a tab, a control character: C-quoted */
    expect_header("a\"b\\c\td\001.json",
                  "--- \"a\\\"b\\\\c\\td\\001.json\"\n+++ \"a\\\"b\\\\c\\td\\001.json\"\n");
    /* UTF-8 as it is */
    expect_header("t\xc3\xa2"
                  "che.json",
                  "--- t\xc3\xa2"
                  "che.json\n+++ t\xc3\xa2"
                  "che.json\n");
}
END_TEST

/* ---- random texts: the diff patches exactly, and is minimal ---- */

typedef struct {
    const char **s;
    size_t *len;
    size_t n;
} lines;

static lines split_lines(const char *t, size_t len)
{
    lines l = {calloc(len + 1, sizeof *l.s), calloc(len + 1, sizeof *l.len), 0};
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(t + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - t) + 1 : len;
        l.s[l.n] = t + at;
        l.len[l.n++] = end - at;
        at = end;
    }
    return l;
}

static void free_lines(lines *l)
{
    free(l->s);
    free(l->len);
}

/* Applies the diff d to old text a as patch does; the result, or NULL when
 * the diff does not apply. Counts the lines it deletes and inserts. */
static char *apply(const char *d, const char *a, size_t alen, size_t *changes)
{
    lines al = split_lines(a, alen), dl = split_lines(d, strlen(d));
    char *out = NULL;
    size_t size = 0, pos = 0, k = 2;
    FILE *m = open_memstream(&out, &size);
    int ok = dl.n == 0 || (dl.n >= 2 && strncmp(dl.s[0], "--- ", 4) == 0);
    *changes = 0;
    while (ok && k < dl.n) {
        unsigned long as, ac, bs, bc;
        ok = sscanf(dl.s[k++], "@@ -%lu,%lu +%lu,%lu @@", &as, &ac, &bs, &bc) == 4;
        size_t first = ac ? as - 1 : as;
        for (; ok && pos < first; pos++)
            fwrite(al.s[pos], 1, al.len[pos], m);
        while (ok && k < dl.n && dl.s[k][0] != '@') {
            const char *t = dl.s[k] + 1;
            size_t tl = dl.len[k] - 1;
            if (k + 1 < dl.n && dl.s[k + 1][0] == '\\')
                tl--; /* no newline at the end of this one */
            char mark = dl.s[k][0];
            k += 1 + (k + 1 < dl.n && dl.s[k + 1][0] == '\\');
            if (mark != '+')
                ok = pos < al.n && al.len[pos] == tl && memcmp(al.s[pos], t, tl) == 0;
            if (mark != '+')
                pos++;
            if (mark != '-')
                fwrite(t, 1, tl, m);
            *changes += mark != ' ';
        }
    }
    for (; ok && pos < al.n; pos++)
        fwrite(al.s[pos], 1, al.len[pos], m);
    fclose(m);
    free_lines(&al);
    free_lines(&dl);
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

static size_t lcs(const lines *a, const lines *b)
{
    size_t *t = calloc((a->n + 1) * (b->n + 1), sizeof *t);
    for (size_t i = 1; i <= a->n; i++)
        for (size_t j = 1; j <= b->n; j++) {
            size_t *c = &t[i * (b->n + 1) + j];
            if (a->len[i - 1] == b->len[j - 1] &&
                memcmp(a->s[i - 1], b->s[j - 1], a->len[i - 1]) == 0)
                *c = t[(i - 1) * (b->n + 1) + j - 1] + 1;
            else
                *c = t[(i - 1) * (b->n + 1) + j] > t[i * (b->n + 1) + j - 1]
                         ? t[(i - 1) * (b->n + 1) + j]
                         : t[i * (b->n + 1) + j - 1];
        }
    size_t r = t[a->n * (b->n + 1) + b->n];
    free(t);
    return r;
}

static size_t random_text(char *buf, size_t max_lines, unsigned *seed)
{
    static const char *const words[] = {"a", "b", "c", "  \"x\": true,", "a\r", ""};
    size_t n = (size_t)rand_r(seed) % (max_lines + 1), len = 0;
    for (size_t i = 0; i < n; i++) {
        const char *w = words[rand_r(seed) % 6];
        len += (size_t)sprintf(buf + len, "%s\n", w);
    }
    if (len > 0 && rand_r(seed) % 4 == 0)
        len--; /* no newline at the end */
    return len;
}

START_TEST(random_texts)
{
    unsigned seed = 16;
    char a[4096], b[4096];
    for (int round = 0; round < 3000; round++) {
        size_t alen = random_text(a, 30, &seed), blen = random_text(b, 30, &seed);
        if (round % 2) { /* b: a few edits of a */
            memcpy(b, a, alen);
            blen = alen;
            size_t at = alen ? (size_t)rand_r(&seed) % alen : 0;
            while (at > 0 && a[at - 1] != '\n')
                at--;
            memmove(b + at + 4, b + at, blen - at);
            memcpy(b + at, "new\n", 4);
            blen += 4;
        }
        char *d = diff_of(a, alen, b, blen);
        size_t changes;
        char *patched = apply(d, a, alen, &changes);
        ck_assert_msg(patched != NULL, "round %d: the diff does not apply:\n%s", round, d);
        ck_assert_msg(strlen(patched) == blen && memcmp(patched, b, blen) == 0,
                      "round %d: patched text differs:\n%s", round, d);
        lines al = split_lines(a, alen), bl = split_lines(b, blen);
        ck_assert_uint_eq(changes, al.n + bl.n - 2 * lcs(&al, &bl));
        free_lines(&al);
        free_lines(&bl);
        free(patched);
        free(d);
    }
}
END_TEST

/* A large file with thousands of scattered changes, on lines that occur
 * everywhere: exact, and quick (ctest's timeout would catch a quadratic
 * blow-up). */
START_TEST(large_many_changes)
{
    enum { LINES = 200000, EDITS = 5000 };
    unsigned seed = 7;
    char *a = malloc(LINES * 2), *b = malloc(LINES * 2 + EDITS * 2);
    size_t alen = 0, blen = 0;
    for (size_t i = 0; i < LINES; i++) {
        char c = (char)('a' + rand_r(&seed) % 3);
        a[alen++] = c, a[alen++] = '\n';
        b[blen++] = c, b[blen++] = '\n';
        if (i % (LINES / EDITS) == 7)
            b[blen++] = (char)('a' + rand_r(&seed) % 3), b[blen++] = '\n';
    }
    char *d = diff_of(a, alen, b, blen);
    size_t changes;
    char *patched = apply(d, a, alen, &changes);
    ck_assert_ptr_nonnull(patched);
    ck_assert(strlen(patched) == blen && memcmp(patched, b, blen) == 0);
    ck_assert_uint_ge(changes, EDITS);
    free(patched);
    free(d);
    free(a);
    free(b);
}
END_TEST

/* Two unrelated texts of lines that occur everywhere, the worst case for
 * Myers's algorithm: still exact, and quick (the cost limit). */
START_TEST(large_unrelated)
{
    enum { LINES = 300000 };
    unsigned seed = 11;
    char *a = malloc(LINES * 2), *b = malloc(LINES * 2);
    for (size_t i = 0; i < LINES; i++) {
        a[2 * i] = (char)('x' + rand_r(&seed) % 2), a[2 * i + 1] = '\n';
        b[2 * i] = (char)('x' + rand_r(&seed) % 2), b[2 * i + 1] = '\n';
    }
    char *d = diff_of(a, LINES * 2, b, LINES * 2);
    size_t changes;
    char *patched = apply(d, a, LINES * 2, &changes);
    ck_assert_ptr_nonnull(patched);
    ck_assert(strlen(patched) == LINES * 2 && memcmp(patched, b, LINES * 2) == 0);
    free(patched);
    free(d);
    free(a);
    free(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("diff");
    TCase *tc = tcase_create("diff");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, insert_in_middle);
    tcase_add_test(tc, insert_at_start);
    tcase_add_test(tc, insert_at_end_no_newline);
    tcase_add_test(tc, crlf_lines);
    tcase_add_test(tc, cr_only_is_one_line);
    tcase_add_test(tc, change_on_line_one);
    tcase_add_test(tc, close_hunks_merge);
    tcase_add_test(tc, far_hunks_apart);
    tcase_add_test(tc, empty_files);
    tcase_add_test(tc, header_paths);
    tcase_add_test(tc, random_texts);
    tcase_add_test(tc, large_many_changes);
    tcase_add_test(tc, large_unrelated);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
