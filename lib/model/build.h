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

/* Writes intrinsic function v as a template's short form would spell it,
 * the same for JSON and YAML input: !Ref Name, !Sub "${Env}-web",
 * !GetAtt Res.Attr, !Join ["-", [!Ref Env, "web"]]; at most about
 * TDI_QUOTE_MAX characters, then "...". (model/names.c) */
void tdi_intrinsic_text(tdi_buf *b, const json_t *v);

/* ---- Windows images (model/windows.c) ---- */

/* The entry of the Windows image table that image matches ("mcr.microsoft.com/windows/...",
 * "tag *nanoserver*"), or NULL when it is not known as a Windows image. */
const char *tdi_windows_image(const char *image);
/* Decides, for a task whose runtimePlatform names no operating system,
 * whether its containers' images make it a Windows task; sets t->windows and
 * t->os_why (in mb's arena). */
void tdi_windows_by_images(tdi_mb *mb, tdi_task *t);

#endif
