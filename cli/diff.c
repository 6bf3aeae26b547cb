/* Unified diffs of two texts, for --diff: what --fix would change in a file.
 *
 * Lines end at LF only (a CR stays inside its line, as diff and patch see
 * it). The common first and last lines are set aside first; of the lines
 * between, those whose text appears on one side only are changed for sure
 * and set aside too (they belong to no common subsequence, so this keeps the
 * diff minimal); what is left is compared with Myers's O(ND) algorithm in
 * its linear-space form (the middle snake, recursively). When a comparison
 * costs more than MAX_COST edits, it is split at the furthest point reached
 * instead of the middle snake, as xdiff does: the diff stays exact (it turns
 * one text into the other) though perhaps not the shortest, and the time
 * stays linear in the lines times MAX_COST at worst (two unrelated texts of
 * a million lines each: under 2 s), and near linear for the sparse changes
 * of fixes (58 MiB with a change every 25 lines: 0.4 s). Memory: a few words
 * per line. */
#include "cli.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CONTEXT 3    /* lines of context around a change */
#define MAX_COST 256 /* edits in one comparison before it is split where it got furthest */

typedef struct {
    const char *text;
    size_t n;    /* lines */
    size_t *off; /* n + 1 line starts; off[n] is the text's length */
    char *chg;   /* per line: deleted (the old side) or inserted (the new side) */
} diff_side;

static int side_init(diff_side *s, const char *text, size_t len)
{
    size_t n = 0;
    for (const char *p = text, *end = text + len; p < end; p++) {
        p = memchr(p, '\n', (size_t)(end - p));
        if (!p)
            break;
        n++;
    }
    if (len > 0 && text[len - 1] != '\n')
        n++;
    s->text = text;
    s->n = n;
    s->off = malloc((n + 1) * sizeof *s->off);
    s->chg = calloc(n + 1, 1);
    if (!s->off || !s->chg)
        return -1;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        s->off[i] = at;
        const char *nl = memchr(text + at, '\n', len - at);
        at = nl ? (size_t)(nl - text) + 1 : len;
    }
    s->off[n] = len;
    return 0;
}

static int same_line(const diff_side *a, size_t i, const diff_side *b, size_t j)
{
    size_t la = a->off[i + 1] - a->off[i], lb = b->off[j + 1] - b->off[j];
    return la == lb && memcmp(a->text + a->off[i], b->text + b->off[j], la) == 0;
}

static uint64_t line_hash(const diff_side *s, size_t i)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t k = s->off[i]; k < s->off[i + 1]; k++) {
        h ^= (unsigned char)s->text[k];
        h *= 1099511628211ULL;
    }
    return h;
}

/* ---- Myers's algorithm on the lines left, as class numbers ---- */

typedef struct {
    const uint32_t *a, *b;  /* the class of each line left */
    char *ca, *cb;          /* changed, per line left */
    ptrdiff_t *kvdf, *kvdb; /* furthest x on each diagonal x - y, forward and backward */
    ptrdiff_t mxcost;
} myers;

typedef struct {
    ptrdiff_t x, y;
    int min_lo, min_hi; /* the halves must be compared exactly */
} diff_split;

/* After mxcost edits: the point furthest from either end. */
static void split_best(const myers *m, ptrdiff_t off1, ptrdiff_t lim1, ptrdiff_t off2,
                       ptrdiff_t lim2, const ptrdiff_t r[4], diff_split *s)
{
    ptrdiff_t fbest = -1, fbest1 = off1, bbest = PTRDIFF_MAX, bbest1 = lim1;
    for (ptrdiff_t d = r[1]; d >= r[0]; d -= 2) {
        ptrdiff_t i1 = m->kvdf[d] < lim1 ? m->kvdf[d] : lim1, i2 = i1 - d;
        if (i2 > lim2)
            i1 = lim2 + d, i2 = lim2;
        if (fbest < i1 + i2)
            fbest = i1 + i2, fbest1 = i1;
    }
    for (ptrdiff_t d = r[3]; d >= r[2]; d -= 2) {
        ptrdiff_t i1 = m->kvdb[d] > off1 ? m->kvdb[d] : off1, i2 = i1 - d;
        if (i2 < off2)
            i1 = off2 + d, i2 = off2;
        if (i1 + i2 < bbest)
            bbest = i1 + i2, bbest1 = i1;
    }
    if ((lim1 + lim2) - bbest < fbest - (off1 + off2))
        *s = (diff_split){fbest1, fbest - fbest1, 1, 0};
    else
        *s = (diff_split){bbest1, bbest - bbest1, 0, 1};
}

/* The middle snake of a[off1, lim1) and b[off2, lim2), both non-empty. */
static void split(const myers *m, ptrdiff_t off1, ptrdiff_t lim1, ptrdiff_t off2, ptrdiff_t lim2,
                  int need_min, diff_split *s)
{
    ptrdiff_t *kf = m->kvdf, *kb = m->kvdb;
    ptrdiff_t dmin = off1 - lim2, dmax = lim1 - off2;
    ptrdiff_t fmid = off1 - off2, bmid = lim1 - lim2;
    int odd = (int)((fmid - bmid) & 1);
    ptrdiff_t r[4] = {fmid, fmid, bmid, bmid}; /* fmin, fmax, bmin, bmax */
    kf[fmid] = off1;
    kb[bmid] = lim1;
    for (ptrdiff_t ec = 1;; ec++) {
        if (r[0] > dmin)
            kf[--r[0] - 1] = -1;
        else
            ++r[0];
        if (r[1] < dmax)
            kf[++r[1] + 1] = -1;
        else
            --r[1];
        for (ptrdiff_t d = r[1]; d >= r[0]; d -= 2) {
            ptrdiff_t i1 = kf[d - 1] >= kf[d + 1] ? kf[d - 1] + 1 : kf[d + 1], i2 = i1 - d;
            while (i1 < lim1 && i2 < lim2 && m->a[i1] == m->b[i2])
                i1++, i2++;
            kf[d] = i1;
            if (odd && r[2] <= d && d <= r[3] && kb[d] <= i1) {
                *s = (diff_split){i1, i2, 1, 1};
                return;
            }
        }
        if (r[2] > dmin)
            kb[--r[2] - 1] = PTRDIFF_MAX;
        else
            ++r[2];
        if (r[3] < dmax)
            kb[++r[3] + 1] = PTRDIFF_MAX;
        else
            --r[3];
        for (ptrdiff_t d = r[3]; d >= r[2]; d -= 2) {
            ptrdiff_t i1 = kb[d - 1] < kb[d + 1] ? kb[d - 1] : kb[d + 1] - 1, i2 = i1 - d;
            while (i1 > off1 && i2 > off2 && m->a[i1 - 1] == m->b[i2 - 1])
                i1--, i2--;
            kb[d] = i1;
            if (!odd && r[0] <= d && d <= r[1] && i1 <= kf[d]) {
                *s = (diff_split){i1, i2, 1, 1};
                return;
            }
        }
        if (!need_min && ec >= m->mxcost) {
            split_best(m, off1, lim1, off2, lim2, r, s);
            return;
        }
    }
}

/* Marks what changes between a[off1, lim1) and b[off2, lim2): recursion
 * into the smaller half of each split, a loop over the larger, so that the
 * depth stays logarithmic. */
static void compare(const myers *m, ptrdiff_t off1, ptrdiff_t lim1, ptrdiff_t off2, ptrdiff_t lim2,
                    int need_min)
{
    for (;;) {
        while (off1 < lim1 && off2 < lim2 && m->a[off1] == m->b[off2])
            off1++, off2++;
        while (off1 < lim1 && off2 < lim2 && m->a[lim1 - 1] == m->b[lim2 - 1])
            lim1--, lim2--;
        if (off1 == lim1 || off2 == lim2) {
            memset(m->ca + off1, 1, (size_t)(lim1 - off1));
            memset(m->cb + off2, 1, (size_t)(lim2 - off2));
            return;
        }
        diff_split s;
        split(m, off1, lim1, off2, lim2, need_min, &s);
        s.x = s.x < off1 ? off1 : s.x > lim1 ? lim1 : s.x;
        s.y = s.y < off2 ? off2 : s.y > lim2 ? lim2 : s.y;
        if ((s.x == off1 && s.y == off2) || (s.x == lim1 && s.y == lim2)) {
            /* no progress (cannot happen with an exact split): all of it changes */
            memset(m->ca + off1, 1, (size_t)(lim1 - off1));
            memset(m->cb + off2, 1, (size_t)(lim2 - off2));
            return;
        }
        if ((s.x - off1) + (s.y - off2) <= (lim1 - s.x) + (lim2 - s.y)) {
            compare(m, off1, s.x, off2, s.y, s.min_lo);
            off1 = s.x, off2 = s.y, need_min = s.min_hi;
        } else {
            compare(m, s.x, lim1, s.y, lim2, s.min_hi);
            lim1 = s.x, lim2 = s.y, need_min = s.min_lo;
        }
    }
}

/* ---- the lines between the common first and last ones ---- */

typedef struct {
    size_t p;              /* first line of the middle, on both sides */
    size_t ma, mb;         /* lines of the middle on each side */
    uint32_t *cls;         /* class of each middle line: a's, then b's */
    uint32_t *left_a, *ia; /* the lines left of a: class, and line in the middle */
    uint32_t *left_b, *ib;
    size_t na, nb; /* lines left */
} diff_mid;

/* Numbers the middle lines by their text: equal lines, equal classes; 0 ok. */
static int classify(const diff_side *a, const diff_side *b, diff_mid *mid)
{
    size_t total = mid->ma + mid->mb, cap = 16;
    while (cap < 2 * total)
        cap *= 2;
    uint32_t *table = calloc(cap, sizeof *table); /* a line + 1, 0 empty */
    mid->cls = malloc(total * sizeof *mid->cls);
    if (!table || !mid->cls) {
        free(table);
        return -1;
    }
    uint32_t next = 0;
    for (size_t k = 0; k < total; k++) {
        const diff_side *s = k < mid->ma ? a : b;
        size_t line = mid->p + (k < mid->ma ? k : k - mid->ma);
        size_t h = (size_t)line_hash(s, line) & (cap - 1);
        for (;; h = (h + 1) & (cap - 1)) {
            uint32_t e = table[h];
            if (e == 0) {
                table[h] = (uint32_t)k + 1;
                mid->cls[k] = next++;
                break;
            }
            size_t o = e - 1;
            const diff_side *os = o < mid->ma ? a : b;
            size_t oline = mid->p + (o < mid->ma ? o : o - mid->ma);
            if (same_line(s, line, os, oline)) {
                mid->cls[k] = mid->cls[o];
                break;
            }
        }
    }
    free(table);
    return 0;
}

/* The lines whose text is on both sides, for Myers; the others change. */
static int keep_common(diff_side *a, diff_side *b, diff_mid *mid)
{
    size_t total = mid->ma + mid->mb;
    unsigned char *where = calloc(total ? total : 1, 1); /* per class: 1 in a, 2 in b */
    mid->left_a = malloc((mid->ma + 1) * sizeof *mid->left_a);
    mid->ia = malloc((mid->ma + 1) * sizeof *mid->ia);
    mid->left_b = malloc((mid->mb + 1) * sizeof *mid->left_b);
    mid->ib = malloc((mid->mb + 1) * sizeof *mid->ib);
    if (!where || !mid->left_a || !mid->ia || !mid->left_b || !mid->ib) {
        free(where);
        return -1;
    }
    for (size_t k = 0; k < total; k++)
        where[mid->cls[k]] |= k < mid->ma ? 1 : 2;
    mid->na = mid->nb = 0;
    for (size_t k = 0; k < mid->ma; k++) {
        if (where[mid->cls[k]] == 3) {
            mid->left_a[mid->na] = mid->cls[k];
            mid->ia[mid->na++] = (uint32_t)k;
        } else {
            a->chg[mid->p + k] = 1;
        }
    }
    for (size_t k = 0; k < mid->mb; k++) {
        if (where[mid->cls[mid->ma + k]] == 3) {
            mid->left_b[mid->nb] = mid->cls[mid->ma + k];
            mid->ib[mid->nb++] = (uint32_t)k;
        } else {
            b->chg[mid->p + k] = 1;
        }
    }
    free(where);
    return 0;
}

/* Sets a->chg and b->chg: the lines a deletes and b inserts. 0, or -1 when
 * out of memory. */
static int mark_changes(diff_side *a, diff_side *b)
{
    diff_mid mid = {0};
    size_t na = a->n, nb = b->n;
    while (mid.p < na && mid.p < nb && same_line(a, mid.p, b, mid.p))
        mid.p++;
    size_t s = 0;
    while (s < na - mid.p && s < nb - mid.p && same_line(a, na - 1 - s, b, nb - 1 - s))
        s++;
    mid.ma = na - mid.p - s;
    mid.mb = nb - mid.p - s;
    if (mid.ma + mid.mb >= UINT32_MAX) { /* too many to number: all of it changes */
        memset(a->chg + mid.p, 1, mid.ma);
        memset(b->chg + mid.p, 1, mid.mb);
        return 0;
    }
    int rc = -1;
    ptrdiff_t *kvd = NULL;
    char *ca = NULL, *cb = NULL;
    if (classify(a, b, &mid) < 0 || keep_common(a, b, &mid) < 0)
        goto done;
    free(mid.cls);
    mid.cls = NULL;
    size_t nd = mid.na + mid.nb + 3;
    kvd = malloc(2 * nd * sizeof *kvd);
    ca = calloc(mid.na + 1, 1);
    cb = calloc(mid.nb + 1, 1);
    if (!kvd || !ca || !cb)
        goto done;
    myers m = {mid.left_a, mid.left_b, ca, cb, kvd + mid.nb + 1, kvd + nd + mid.nb + 1, MAX_COST};
    compare(&m, 0, (ptrdiff_t)mid.na, 0, (ptrdiff_t)mid.nb, 0);
    for (size_t k = 0; k < mid.na; k++)
        a->chg[mid.p + mid.ia[k]] |= ca[k];
    for (size_t k = 0; k < mid.nb; k++)
        b->chg[mid.p + mid.ib[k]] |= cb[k];
    rc = 0;
done:
    free(kvd);
    free(ca);
    free(cb);
    free(mid.cls);
    free(mid.left_a);
    free(mid.ia);
    free(mid.left_b);
    free(mid.ib);
    return rc;
}

/* ---- writing the hunks ---- */

typedef struct {
    size_t i1, i2, j1, j2; /* a's lines [i1, i2) become b's [j1, j2) */
} diff_change;

/* The next change from (*i, *j) on: 1, or 0 when there is none. */
static int next_change(const diff_side *a, const diff_side *b, size_t *i, size_t *j, diff_change *c)
{
    size_t x = *i, y = *j;
    while (x < a->n && y < b->n && !a->chg[x] && !b->chg[y])
        x++, y++;
    c->i1 = x, c->j1 = y;
    while (x < a->n && a->chg[x])
        x++;
    while (y < b->n && b->chg[y])
        y++;
    c->i2 = x, c->j2 = y;
    *i = x, *j = y;
    return c->i1 < c->i2 || c->j1 < c->j2;
}

static void put_line(FILE *out, char mark, const diff_side *s, size_t i)
{
    size_t len = s->off[i + 1] - s->off[i];
    fputc(mark, out);
    fwrite(s->text + s->off[i], 1, len, out);
    if (len == 0 || s->text[s->off[i] + len - 1] != '\n')
        fputs("\n\\ No newline at end of file\n", out);
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* One hunk: the changes from first to last and the context around them. */
static void put_hunk(FILE *out, const diff_side *a, const diff_side *b, const diff_change *first,
                     const diff_change *last)
{
    size_t before = min3(CONTEXT, first->i1, first->j1);
    size_t after = min3(CONTEXT, a->n - last->i2, b->n - last->j2);
    size_t x = first->i1 - before, y = first->j1 - before;
    size_t xend = last->i2 + after, yend = last->j2 + after;
    size_t alen = xend - x, blen = yend - y;
    fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", alen ? x + 1 : x, alen, blen ? y + 1 : y, blen);
    while (x < xend || y < yend) {
        if (x < xend && y < yend && !a->chg[x] && !b->chg[y]) {
            put_line(out, ' ', a, x);
            x++, y++;
            continue;
        }
        size_t x0 = x, y0 = y;
        for (; x < xend && a->chg[x]; x++)
            put_line(out, '-', a, x);
        for (; y < yend && b->chg[y]; y++)
            put_line(out, '+', b, y);
        if (x == x0 && y == y0)
            break; /* cannot happen: the unchanged lines pair up */
    }
}

/* A header's path as git and patch read it: C-quoted when it holds a
 * control character, a quote or a backslash; followed by a tab when it holds
 * a space, which would otherwise be taken for the end of the name. */
static void put_path(FILE *out, const char *mark, const char *path)
{
    int quote = 0, space = 0;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        quote |= *p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\';
        space |= *p == ' ';
    }
    fputs(mark, out);
    if (!quote) {
        fprintf(out, "%s%s\n", path, space ? "\t" : "");
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\t' || *p == '\n')
            fprintf(out, "\\%c", *p == '\t' ? 't' : 'n');
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\%03o", *p);
        else
            fputc(*p, out);
    }
    fputs("\"\n", out);
}

int cli_diff(FILE *out, const char *path, const char *old_text, size_t old_len,
             const char *new_text, size_t new_len)
{
    diff_side a = {0}, b = {0};
    int rc = -1;
    if (side_init(&a, old_text, old_len) < 0 || side_init(&b, new_text, new_len) < 0 ||
        mark_changes(&a, &b) < 0)
        goto done;
    size_t i = 0, j = 0;
    diff_change c, next;
    int have = next_change(&a, &b, &i, &j, &c);
    if (have) {
        put_path(out, "--- ", path);
        put_path(out, "+++ ", path);
    }
    while (have) {
        diff_change last = c;
        while ((have = next_change(&a, &b, &i, &j, &next)) != 0 && next.i1 - last.i2 <= 2 * CONTEXT)
            last = next;
        put_hunk(out, &a, &b, &c, &last);
        c = next;
    }
    rc = ferror(out) ? -1 : 0;
done:
    free(a.off);
    free(a.chg);
    free(b.off);
    free(b.chg);
    return rc;
}
