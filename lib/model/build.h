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

/* ---- building tasks (model/task.c), for the shapes (recognize.c, terraform.c) ---- */

typedef struct {
    const tdi_doc *doc;       /* the document the containers being read are in */
    const tdi_loaded *loaded; /* the file it is in: its source, the limits of its load */
    tdi_model *model;
    tdi_mb mb;   /* the model's arena; mb.err: out of memory */
    tdi_eval ev; /* CloudFormation: the template, for parameters, conditions, mappings */
    /* Terraform */
    tdi_files *files;      /* the other files a configuration reads, or NULL */
    const tdi_loaded *top; /* the linted file */
    int json_text;         /* the containers being read are JSON text (a string, a file): its
                              "${...}" are placeholders, not references to follow */
} tdi_recog;

/* A new task of the model (its strings copied), or NULL when out of memory. */
tdi_task *tdi_rec_task(tdi_recog *r, tdi_flavor flavor, const char *name, const char *pointer);
/* Makes room for one more element in a task's growable array (containers,
 * opaque entries): on the heap, freed by tdi_model_free. -1 when out of memory. */
int tdi_rec_reserve(tdi_recog *r, void **arr, size_t *cap, size_t n, size_t size);
/* Adds an opaque entry: what (unknown, or a wrong type when invalid) stands
 * where the containers (subject, or element index of the list) should be. */
void tdi_rec_opaque(tdi_recog *r, tdi_task *t, int invalid, const char *what, const char *subject,
                    size_t index, const tdi_val *v);
/* Reads one value of the container list into task t: a list of container
 * definitions (each possibly an Fn::If), or something that is not a list. */
void tdi_rec_list(tdi_recog *r, tdi_task *t, const tdi_val *lv, const char *what_key);
/* Reads the container list held by owner[key] (owner at owner_ptr) into t. */
void tdi_rec_containers(tdi_recog *r, tdi_task *t, const json_t *owner, const char *owner_ptr,
                        const char *key);
/* The other flavor's identity key (name or image) that container definition
 * el of a flavor-f list uses when it has neither of f's own; else NULL. */
const char *tdi_rec_other_spelling(tdi_flavor f, const json_t *el);
/* Makes t unread (TD005): got, where meant belongs, at span; c is the
 * container in the other spelling, or NULL. */
void tdi_rec_unread(tdi_recog *r, tdi_task *t, tdi_unread_kind kind, const char *got,
                    const char *meant, tdi_span span, const char *pointer, const tdi_container *c);
/* After a task's containers are read: a container in the other spelling
 * makes the task unread; else its volumes and platform are read. */
void tdi_rec_finish(tdi_recog *r, tdi_task *t);
/* Adds the note b holds (text, then the position of at if given, then tail);
 * frees b. */
void tdi_rec_note_at(tdi_recog *r, tdi_buf *b, const tdi_span *at, const char *tail);
void tdi_rec_note(tdi_recog *r, const char *fmt, ...) TDI_PRINTF(2, 3);
/* Appends s quoted, for notes. */
void tdi_rec_quoted(tdi_buf *b, const char *s);

/* ---- Terraform (model/terraform.c, model/tf_task.c) ---- */

/* Whether root is Terraform's JSON output (`terraform show -json`: a plan or
 * a state) or a configuration in Terraform's JSON syntax (.tf.json). */
int tdi_tf_shape(const json_t *root);
/* Finds the task definitions of that Terraform document, of shape kind
 * (tdi_tf_shape's answer). */
void tdi_recognize_tf(tdi_recog *r, const json_t *root, int kind);
/* The expression a configuration's string is, without "${" and "}", when
 * it is one interpolation and nothing else ("${var.x}": "var.x"); NULL
 * otherwise (or out of memory: mb->err). (model/tf_task.c) */
const char *tdi_tf_expression(tdi_mb *mb, const char *s);
/* Expression e as a message shows it: at most 2 TDI_QUOTE_MAX bytes, then
 * "..." (NULL when out of memory: mb->err). */
const char *tdi_tf_shown(tdi_mb *mb, const char *e);
/* Where a Terraform value is written: a document and the file it is in. */
typedef struct {
    const tdi_doc *doc;
    const tdi_loaded *loaded;
} tdi_tf_at;
/* The value expression e (tdi_tf_expression) stands for when the module
 * says: local.NAME (a locals block's), var.NAME (the variable's default),
 * jsonencode of either, looked up in at's document, then in the linted
 * file, then in the other files of its module folder; its span in *span
 * and *at where it is. NULL otherwise: what a module, a function or the plan
 * gives. (model/tf_task.c) */
const json_t *tdi_tf_resolve(tdi_recog *r, const char *e, tdi_span *span, tdi_tf_at *at);
/* Follows value v (written at *span in *at) of a Terraform configuration
 * through the references the module resolves (tdi_tf_resolve): the value
 * they lead to, *span and *at where it is written; or NULL, *unknown the
 * expression known only when Terraform plans. */
const json_t *tdi_tf_follow(tdi_recog *r, const json_t *v, tdi_span *span, tdi_tf_at *at,
                            const char **unknown);
/* Reads the `# tdlint:ignore` comments above a Terraform resource (its block
 * at block) and above each of its containers (HCL only). */
void tdi_tf_ignores(tdi_recog *r, tdi_task *t, tdi_span block);
/* Reads a Terraform task's volume blocks, requires_compatibilities and
 * runtime_platform (t->node: the resource's values). */
void tdi_read_tf_task(const tdi_doc *doc, tdi_mb *mb, tdi_task *t);

#endif
