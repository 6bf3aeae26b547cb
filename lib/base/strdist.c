/* String distance: how tdlint decides that one name is near another. */
#include "base.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

size_t tdi_edit_distance(const char *a, const char *b, size_t limit, int fold_case)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > TDI_DISTANCE_MAX || lb > TDI_DISTANCE_MAX || (la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    size_t row[TDI_DISTANCE_MAX + 1]; /* one row of the table, updated in place */
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0]; /* the cell above and to the left */
        row[0] = i;
        size_t best = i;
        int ca = fold_case ? tolower((unsigned char)a[i - 1]) : (unsigned char)a[i - 1];
        for (size_t j = 1; j <= lb; j++) {
            int cb = fold_case ? tolower((unsigned char)b[j - 1]) : (unsigned char)b[j - 1];
            size_t up = row[j];
            size_t d = diag + (ca != cb);
            if (up + 1 < d)
                d = up + 1;
            if (row[j - 1] + 1 < d)
                d = row[j - 1] + 1;
            row[j] = d;
            diag = up;
            if (d < best)
                best = d;
        }
        if (best > limit)
            return limit + 1; /* every later row is at least this */
    }
    return row[lb] > limit ? limit + 1 : row[lb];
}

/* Near enough to suggest: one edit in a short word, two from five letters,
 * a third of the letters beyond. */
static size_t suggest_limit(size_t len)
{
    return len < 5 ? 1 : len < 9 ? 2 : len / 3;
}

const char *td_suggest(const char *word, const char *const *candidates, size_t n)
{
    if (!word || !candidates)
        return NULL;
    size_t limit = suggest_limit(strlen(word));
    const char *best = NULL;
    size_t best_d = limit + 1;
    int tie = 0;
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i])
            continue;
        size_t d = tdi_edit_distance(word, candidates[i], limit, 1);
        if (d < best_d) {
            best = candidates[i];
            best_d = d;
            tie = 0;
        } else if (d == best_d && best && d <= limit && strcasecmp(best, candidates[i]) != 0)
            tie = 1;
    }
    return best_d <= limit && !tie ? best : NULL;
}
