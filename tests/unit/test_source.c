/* Source positions (lib/parse/source.c): byte offsets to lines and columns,
 * one at a time and all at once, against a plain reading of the bytes; and
 * the text of a line. */
#include "testutil.h"

/* The position of offset o as the definition says: lines end at LF, CR LF or
 * CR; the column counts code points from the line's start, a byte-order mark
 * on the first line not counted; offsets past the end are the end. */
static td_position reference(const char *d, size_t len, size_t o)
{
    size_t bom = len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (o > len)
        o = len;
    size_t line = 0, start = 0;
    for (size_t i = 0; i < o; i++) {
        size_t end = 0;
        if (d[i] == '\n')
            end = i + 1;
        else if (d[i] == '\r')
            end = i + 1 < len && d[i + 1] == '\n' ? i + 2 : i + 1;
        if (end && end <= o) {
            line++;
            start = end;
            i = end - 1;
        }
    }
    if (line == 0 && start < bom)
        start = o >= bom ? bom : o;
    unsigned long col = 1;
    for (size_t i = start; i < o; i++)
        col += ((unsigned char)d[i] & 0xC0) != 0x80;
    td_position p = {line + 1, col, o};
    return p;
}

/* A random text of n bytes from pieces that matter: line ends of the three
 * kinds, multi-byte characters, tabs, a byte-order mark at the start. */
static void random_text(char *out, size_t n, unsigned *seed)
{
    static const char *const pieces[] = {
        "\n", "\r\n",  "\r", "a", "bc", "\t", "\xC3\xA9", "\xE6\xBC\xA2", "\xF0\x9F\x99\x82",
        " ",  "\r\r\n"};
    size_t k = 0;
    if (rand_r(seed) % 4 == 0 && n >= 3) {
        memcpy(out, "\xEF\xBB\xBF", 3);
        k = 3;
    }
    while (k < n) {
        const char *p = pieces[(size_t)rand_r(seed) % (sizeof pieces / sizeof *pieces)];
        size_t pl = strlen(p);
        if (k + pl > n)
            pl = n - k;
        memcpy(out + k, p, pl);
        k += pl;
    }
}

static void assert_same(const td_position *got, const td_position *want, const char *text)
{
    ck_assert_msg(got->line == want->line && got->column == want->column &&
                      got->offset == want->offset,
                  "offset %zu: got %lu:%lu, want %lu:%lu (text of %zu bytes)", want->offset,
                  got->line, got->column, want->line, want->column, strlen(text));
}

/* Every offset of many random texts, one at a time and all at once in a
 * shuffled order: both as the reference says. */
START_TEST(test_positions_random)
{
    unsigned seed = 7;
    for (int round = 0; round < 300; round++) {
        char text[160];
        size_t len = (size_t)rand_r(&seed) % (sizeof text - 1);
        /* long lines too: a few rounds without line ends */
        random_text(text, len, &seed);
        if (round % 10 == 0)
            for (size_t i = 0; i < len; i++)
                if (text[i] == '\n' || text[i] == '\r')
                    text[i] = 'x';
        text[len] = '\0';
        tdi_source src;
        ck_assert_int_eq(tdi_source_init(&src, text, len), TD_OK);
        size_t n = len + 3; /* offsets past the end are clamped */
        td_position *all = calloc(n, sizeof *all);
        td_position **ptrs = calloc(n, sizeof *ptrs);
        for (size_t o = 0; o < n; o++) {
            td_position one = tdi_source_position(&src, o);
            td_position want = reference(text, len, o);
            assert_same(&one, &want, text);
            all[o].offset = o;
        }
        for (size_t o = 0; o < n; o++)
            ptrs[o] = &all[o];
        for (size_t i = n; i > 1; i--) { /* shuffled: the sweep sorts them */
            size_t j = (size_t)rand_r(&seed) % i;
            td_position *t = ptrs[i - 1];
            ptrs[i - 1] = ptrs[j];
            ptrs[j] = t;
        }
        tdi_source_positions(&src, ptrs, n);
        for (size_t o = 0; o < n; o++) {
            td_position want = reference(text, len, o);
            assert_same(&all[o], &want, text);
        }
        free(all);
        free(ptrs);
        tdi_source_free(&src);
    }
}
END_TEST

/* A few positions spread over a text with many long lines and lines between
 * them that are never asked about: the sweep jumps through the line table. */
START_TEST(test_positions_sparse)
{
    size_t len = 200000;
    char *text = malloc(len + 1);
    unsigned seed = 11;
    random_text(text, len, &seed);
    text[len] = '\0';
    tdi_source src;
    ck_assert_int_eq(tdi_source_init(&src, text, len), TD_OK);
    td_position ps[64];
    td_position *ptrs[64];
    for (size_t i = 0; i < 64; i++) {
        ps[i].offset = (size_t)rand_r(&seed) % (len + 1);
        ptrs[i] = &ps[i];
    }
    tdi_source_positions(&src, ptrs, 64);
    for (size_t i = 0; i < 64; i++) {
        td_position want = reference(text, len, ps[i].offset);
        assert_same(&ps[i], &want, text);
    }
    tdi_source_free(&src);
    free(text);
}
END_TEST

typedef struct {
    const char *text;
    size_t line; /* 0-based */
    const char *want;
} line_case;

static const line_case LINE_CASES[] = {
    {"a\nbc\n", 1, "bc"},    {"a\r\nbc\r\n", 1, "bc"},
    {"a\rbc\r", 1, "bc"},    {"a\nbc", 1, "bc"},
    {"a\n", 1, ""},          {"\xEF\xBB\xBFxy\nz", 0, "xy"},
    {"\xEF\xBB\xBF", 0, ""}, {"", 0, ""},
    {"a\r\r\nb", 1, ""},     {"a\r\r\nb", 2, "b"},
};

START_TEST(test_line_text)
{
    const line_case *c = &LINE_CASES[_i];
    tdi_source src;
    ck_assert_int_eq(tdi_source_init(&src, c->text, strlen(c->text)), TD_OK);
    size_t start, len;
    tdi_source_line(&src, c->line, &start, &len);
    ck_assert_int_eq((int)len, (int)strlen(c->want));
    ck_assert(memcmp(c->text + start, c->want, len) == 0);
    tdi_source_free(&src);
}
END_TEST

static Suite *source_suite(void)
{
    Suite *s = suite_create("source");
    TCase *tc = tcase_create("source");
    tcase_add_test(tc, test_positions_random);
    tcase_add_test(tc, test_positions_sparse);
    tcase_add_loop_test(tc, test_line_text, 0, (int)(sizeof LINE_CASES / sizeof *LINE_CASES));
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(source_suite)
