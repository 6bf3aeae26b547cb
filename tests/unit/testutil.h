/* Helpers shared by the unit tests. */
#ifndef TDLINT_TESTUTIL_H
#define TDLINT_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* "LINE:COL" of a byte offset, in a static buffer (one of four, rotating). */
static inline const char *pos_at(const tdi_source *src, size_t off)
{
    static char bufs[4][32];
    static int k;
    char *b = bufs[k++ & 3];
    td_position p = tdi_source_position(src, off);
    snprintf(b, 32, "%lu:%lu", p.line, p.column);
    return b;
}

/* Follows a JSON Pointer from the root of doc; returns the member record of
 * the last step (NULL for the root or when a step is missing). */
static inline const tdi_member *member_at(const tdi_doc *doc, const char *pointer,
                                          const json_t **node)
{
    const json_t *cur = doc->root;
    const tdi_member *m = NULL;
    const char *p = pointer;
    while (cur && *p == '/') {
        p++;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char tok[256];
        snprintf(tok, sizeof tok, "%.*s", (int)len, p);
        p += len;
        if (json_is_object(cur)) {
            m = tdi_doc_member(doc, cur, tok);
            cur = json_object_get(cur, tok);
        } else if (json_is_array(cur)) {
            size_t i = (size_t)strtoul(tok, NULL, 10);
            m = tdi_doc_element(doc, cur, i);
            cur = json_array_get(cur, i);
        } else {
            cur = NULL;
            m = NULL;
        }
    }
    if (node)
        *node = cur;
    return m;
}

#define RUN_SUITE(make)                                                                            \
    int main(void)                                                                                 \
    {                                                                                              \
        SRunner *sr = srunner_create(make());                                                      \
        srunner_run_all(sr, CK_NORMAL);                                                            \
        int failed = srunner_ntests_failed(sr);                                                    \
        srunner_free(sr);                                                                          \
        return failed ? EXIT_FAILURE : EXIT_SUCCESS;                                               \
    }

#endif
