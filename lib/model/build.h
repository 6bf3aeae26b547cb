/* What the model stage's files share among themselves (not for later stages). */
#ifndef TDLINT_MODEL_BUILD_H
#define TDLINT_MODEL_BUILD_H

#include "model.h"

/* Allocations into the model's arena that remember the first failure: a
 * reader goes on (getting NULL) and checks err once, where it can stop. */
typedef struct {
    tdi_arena *arena;
    int err; /* TD_ENOMEM once an allocation failed */
} tdi_mb;

/* base + "/" + key, or + "/" + i: JSON Pointers. */
char *tdi_mb_key(tdi_mb *mb, const char *base, const char *key);
char *tdi_mb_index(tdi_mb *mb, const char *base, size_t i);
char *tdi_mb_str(tdi_mb *mb, const char *s);
/* n zeroed elements of size bytes; NULL when n is 0 (no failure then). */
void *tdi_mb_array(tdi_mb *mb, size_t n, size_t size);

/* Reads task t's volumes, launch types and platform, and each container's
 * mounts (t->node set), then where each container can write. Returns TD_OK
 * or TD_ENOMEM. (volumes.c) */
int tdi_read_volumes(const tdi_doc *doc, tdi_mb *mb, tdi_task *t);
/* Works out every place each container of t can write besides its root
 * (c->writable), its mounts read. Returns TD_OK or TD_ENOMEM. (writable.c) */
int tdi_resolve_writable(tdi_mb *mb, tdi_task *t);

#endif
