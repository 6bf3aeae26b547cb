/* Findings as the rules make them: located by byte spans, with a
 * fingerprint that does not depend on where they are. */
#include "rules.h"

#include <stdio.h>
#include <string.h>

/* The fingerprints given out in a file: an open-addressing set, so that a
 * file with many findings does not compare each with all before it. */
static int fp_seen(const tdi_findings *fs, uint64_t h)
{
    if (!fs->fps_cap)
        return 0;
    h |= 1;
    for (size_t i = (size_t)(h ^ (h >> 29)) & (fs->fps_cap - 1); fs->fps[i];
         i = (i + 1) & (fs->fps_cap - 1))
        if (fs->fps[i] == h)
            return 1;
    return 0;
}

static int fp_add(tdi_findings *fs, uint64_t h)
{
    if ((fs->fps_len + 1) * 2 > fs->fps_cap) {
        size_t ncap = fs->fps_cap ? fs->fps_cap * 2 : 64;
        uint64_t *nt = tdi_calloc(ncap, sizeof *nt);
        if (!nt)
            return TD_ENOMEM;
        for (size_t i = 0; i < fs->fps_cap; i++) {
            if (!fs->fps[i])
                continue;
            size_t k = (size_t)(fs->fps[i] ^ (fs->fps[i] >> 29)) & (ncap - 1);
            while (nt[k])
                k = (k + 1) & (ncap - 1);
            nt[k] = fs->fps[i];
        }
        tdi_free(fs->fps);
        fs->fps = nt;
        fs->fps_cap = ncap;
    }
    /* stored with the low bit set so that 0 marks an empty slot (h and h ^ 1
     * count as one: a counter then tells them apart) */
    h |= 1;
    size_t k = (size_t)(h ^ (h >> 29)) & (fs->fps_cap - 1);
    while (fs->fps[k])
        k = (k + 1) & (fs->fps_cap - 1);
    fs->fps[k] = h;
    fs->fps_len++;
    return TD_OK;
}

struct tdi_fp_next {
    uint64_t h; /* the hash of a rule and fingerprint key */
    unsigned n; /* its counter to try next; 0 for an empty slot */
};

static struct tdi_fp_next *next_slot(struct tdi_fp_next *t, size_t cap, uint64_t h)
{
    size_t k = (size_t)(h ^ (h >> 29)) & (cap - 1);
    while (t[k].n && t[k].h != h)
        k = (k + 1) & (cap - 1);
    return &t[k];
}

/* The counter to try first for key hash h: the ones before it are given out. */
static unsigned next_get(const tdi_findings *fs, uint64_t h)
{
    return fs->next_cap ? next_slot(fs->next, fs->next_cap, h)->n : 0;
}

static int next_set(tdi_findings *fs, uint64_t h, unsigned n)
{
    if ((fs->next_len + 1) * 2 > fs->next_cap) {
        size_t ncap = fs->next_cap ? fs->next_cap * 2 : 64;
        struct tdi_fp_next *nt = tdi_calloc(ncap, sizeof *nt);
        if (!nt)
            return TD_ENOMEM;
        for (size_t i = 0; i < fs->next_cap; i++)
            if (fs->next[i].n)
                *next_slot(nt, ncap, fs->next[i].h) = fs->next[i];
        tdi_free(fs->next);
        fs->next = nt;
        fs->next_cap = ncap;
    }
    struct tdi_fp_next *e = next_slot(fs->next, fs->next_cap, h);
    if (!e->n)
        fs->next_len++;
    *e = (struct tdi_fp_next){h, n};
    return TD_OK;
}

void tdi_finding_add(tdi_findings *fs, const td_rule_info *rule, tdi_span span, const char *pointer,
                     const char *fp_key, const char *message)
{
    if (fs->failed)
        return;
    if (tdi_grow((void **)&fs->v, &fs->cap, fs->n + 1, sizeof *fs->v) < 0) {
        fs->failed = 1;
        return;
    }
    td_finding *f = &fs->v[fs->n];
    memset(f, 0, sizeof *f);
    f->rule_id = rule->id;
    f->level = rule->level;
    f->message = tdi_arena_strdup(fs->strings, message);
    f->pointer = tdi_arena_strdup(fs->strings, pointer ? pointer : "");
    f->start.offset = span.start;
    f->end.offset = span.end < span.start ? span.start : span.end;

    /* The fingerprint ignores positions so that edits elsewhere keep it; two
     * findings with the same key in one file are told apart by a counter. */
    uint64_t h = tdi_hash64(f->rule_id, strlen(f->rule_id) + 1, 0);
    h = tdi_hash64(fp_key ? fp_key : "", fp_key ? strlen(fp_key) : 0, h);
    /* the first of h, then h's counters 1, 2, ... that is not given out;
     * those tried before for h still are, so the search resumes after them */
    unsigned n = next_get(fs, h);
    n = n ? n - 1 : 0; /* stored plus one: 0 marks an empty slot */
    uint64_t hn = n ? tdi_hash64(&n, sizeof n, h) : h;
    while (fp_seen(fs, hn)) {
        n++;
        hn = tdi_hash64(&n, sizeof n, h);
    }
    if (fp_add(fs, hn) < 0 || next_set(fs, h, n + 2) < 0) {
        fs->failed = 1;
        return;
    }
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)hn);
    f->fingerprint = tdi_arena_strdup(fs->strings, hex);
    if (!f->message || !f->pointer || !f->fingerprint) {
        fs->failed = 1;
        return;
    }
    fs->n++;
}

void tdi_finding_relate(tdi_findings *fs, tdi_span span, const char *message)
{
    if (fs->n)
        tdi_finding_relate_at(fs, fs->n - 1, span, message);
}

void tdi_finding_relate_at(tdi_findings *fs, size_t i, tdi_span span, const char *message)
{
    if (fs->failed || i >= fs->n)
        return;
    td_finding *f = &fs->v[i];
    td_related *r = tdi_arena_alloc(fs->strings, (f->nrelated + 1) * sizeof *r);
    if (!r || !(r[f->nrelated].message = tdi_arena_strdup(fs->strings, message))) {
        fs->failed = 1;
        return;
    }
    if (f->nrelated)
        memcpy(r, f->related, f->nrelated * sizeof *r);
    r[f->nrelated].start.offset = span.start;
    r[f->nrelated].end.offset = span.end < span.start ? span.start : span.end;
    f->related = r;
    f->nrelated++;
}

void tdi_finding_fix(tdi_findings *fs, tdi_span span, const char *text, const char *what)
{
    if (fs->failed || fs->n == 0)
        return;
    td_finding *f = &fs->v[fs->n - 1];
    td_edit *e = tdi_arena_alloc(fs->strings, sizeof *e);
    if (e && fs->last_text && strcmp(fs->last_text, text) == 0)
        e->text = fs->last_text;
    else if (e)
        e->text = fs->last_text = tdi_arena_strdup(fs->strings, text);
    if (fs->last_fix && strcmp(fs->last_fix, what) == 0)
        f->fix = fs->last_fix;
    else
        f->fix = fs->last_fix = tdi_arena_strdup(fs->strings, what);
    if (!e || !e->text || !f->fix) {
        fs->failed = 1;
        return;
    }
    e->start.offset = span.start;
    e->end.offset = span.end < span.start ? span.start : span.end;
    f->edits = e;
    f->nedits = 1;
    f->unfixable = NULL;
}

void tdi_finding_unfixable(tdi_findings *fs, const char *why)
{
    if (fs->failed || fs->n == 0)
        return;
    td_finding *f = &fs->v[fs->n - 1];
    if (!(f->unfixable = tdi_arena_strdup(fs->strings, why)))
        fs->failed = 1;
}

void tdi_finding_about(tdi_findings *fs, const char *task, const char *container, int resource)
{
    if (fs->failed || fs->n == 0)
        return;
    td_finding *f = &fs->v[fs->n - 1];
    if (resource && task && !(f->resource = tdi_arena_strdup(fs->strings, task)))
        fs->failed = 1;
    if (task && !(f->task = tdi_arena_strdup(fs->strings, task)))
        fs->failed = 1;
    if (container && !(f->container = tdi_arena_strdup(fs->strings, container)))
        fs->failed = 1;
}

void tdi_findings_free(tdi_findings *fs)
{
    tdi_free(fs->v);
    tdi_free(fs->fps);
    tdi_free(fs->next);
    fs->v = NULL;
    fs->fps = NULL;
    fs->next = NULL;
    fs->n = fs->cap = fs->fps_len = fs->fps_cap = fs->next_len = fs->next_cap = 0;
}
