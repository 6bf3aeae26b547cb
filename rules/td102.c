/* TD102 unknown-volume-source: a mount point's sourceVolume names no volume
 * of the task, or a volumesFrom entry's sourceContainer names no container of
 * the task. ECS refuses such a task definition; a writable volume that was
 * meant to be there is missing.
 *
 * Only names that are known are checked: no finding when the task's volumes
 * (or, for volumesFrom, its containers) are computed by an intrinsic function
 * somewhere. A bare container array has its volumes declared elsewhere (the
 * --volumes option, Terraform's volume blocks), so only its volumesFrom
 * entries are checked, against the array, which is the whole container list. */
#include "rules.h"

#include <string.h>
#include <strings.h>

/* At most this many names are suggested. */
#define MAX_SUGGESTED 5

/* Whether every container name of the task is known statically. */
static int container_names_known(const tdi_task *t)
{
    for (size_t i = 0; i < t->nopaque; i++)
        if (!t->opaque[i].invalid)
            return 0; /* a container definition computed by an intrinsic function */
    for (size_t i = 0; i < t->ncontainers; i++)
        if (t->containers[i].name_computed)
            return 0; /* a name computed by an intrinsic function (or not a string) */
    return 1;
}

typedef const char *(*name_at)(const tdi_task *t, size_t i);

static const char *volume_name(const tdi_task *t, size_t i)
{
    return t->volumes[i].name;
}

static const char *container_name(const tdi_task *t, size_t i)
{
    return t->containers[i].name;
}

/* Appends `"a", "b", ...`: the distinct names of the first SCAN_MAX entries
 * (skipping skip); returns how many it named. */
#define SCAN_MAX 256
static size_t suggest(tdi_buf *b, const tdi_task *t, name_at at, size_t n, const char *skip)
{
    const char *shown[MAX_SUGGESTED];
    size_t nshown = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = at(t, i);
        if (!name || (skip && strcmp(name, skip) == 0))
            continue;
        size_t k = 0;
        while (k < nshown && strcmp(shown[k], name) != 0)
            k++;
        if (k < nshown)
            continue;
        if (nshown == MAX_SUGGESTED || i >= SCAN_MAX) {
            if (nshown)
                tdi_buf_puts(b, ", ...");
            break;
        }
        if (nshown)
            tdi_buf_puts(b, ", ");
        tdi_buf_quoted(b, name, strlen(name), TDI_QUOTE_MAX);
        shown[nshown++] = name;
    }
    return nshown;
}

static void report(tdi_ctx *ctx, const tdi_task *t, const tdi_container *c, const tdi_mount *m,
                   tdi_buf *msg, const char *what)
{
    tdi_buf ptr, fp;
    tdi_buf_init(&ptr);
    tdi_buf_init(&fp);
    tdi_buf_puts(&ptr, m->pointer);
    tdi_buf_pointer_token(&ptr, m->source_key);
    tdi_buf_printf(&fp, "%s\n%s", what, m->source);
    if (msg->failed || ptr.failed || fp.failed) {
        ctx->out->failed = 1;
    } else {
        size_t before = ctx->out->n;
        tdi_report_at_container(ctx, t, c, m->source_span, ptr.data, fp.data, "%s", msg->data);
        if (ctx->out->n > before)
            tdi_relate_path(ctx, c->when, c->nwhen, NULL, 0);
    }
    tdi_buf_free(&ptr);
    tdi_buf_free(&fp);
}

/* A key of the task spelled like the volumes key in another letter case
 * ("volumes" in a template), which the deployer does not read; or NULL. */
static const char *miscased_volumes_key(const tdi_task *t, const char *want)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)t->node, key, v)
    {
        (void)v;
        if (strcasecmp(key, want) == 0 && strcmp(key, want) != 0)
            return key;
    }
    return NULL;
}

static void unknown_volume(tdi_ctx *ctx, const tdi_task *t, const tdi_container *c,
                           const tdi_mount *m)
{
    const tdi_volume_keys *k = tdi_volume_keys_of(t);
    tdi_buf msg;
    tdi_buf_init(&msg);
    tdi_buf_puts(&msg, " mounts volume ");
    tdi_buf_quoted(&msg, m->source, strlen(m->source), TDI_QUOTE_MAX);
    tdi_buf_puts(&msg, ", which the task definition does not declare: ");
    const char *miscased = t->nvolumes == 0 ? miscased_volumes_key(t, k->volumes) : NULL;
    if (miscased) {
        tdi_buf_puts(&msg, "its key ");
        tdi_buf_quoted(&msg, miscased, strlen(miscased), TDI_QUOTE_MAX);
        tdi_buf_printf(&msg, " is not read by %s; write %s",
                       t->flavor == TDI_FLAVOR_CFN ? "CloudFormation" : "the ECS API", k->volumes);
        report(ctx, t, c, m, &msg, "volume");
        tdi_buf_free(&msg);
        return;
    }
    tdi_buf_puts(&msg, "add a volume named ");
    tdi_buf_quoted(&msg, m->source, strlen(m->source), TDI_QUOTE_MAX);
    if (t->terraform && t->flavor == TDI_FLAVOR_ECS)
        tdi_buf_puts(&msg, " (a volume block)");
    else
        tdi_buf_printf(&msg, " to %s", k->volumes);
    tdi_buf printed;
    tdi_buf_init(&printed);
    if (suggest(&printed, t, volume_name, t->nvolumes, NULL) > 0) {
        tdi_buf_puts(&msg, ", or mount one of its volumes: ");
        tdi_buf_add(&msg, printed.data, printed.len);
    }
    if (printed.failed)
        msg.failed = 1;
    tdi_buf_free(&printed);
    report(ctx, t, c, m, &msg, "volume");
    tdi_buf_free(&msg);
}

static void unknown_container(tdi_ctx *ctx, const tdi_task *t, const tdi_container *c,
                              const tdi_mount *m)
{
    tdi_buf msg;
    tdi_buf_init(&msg);
    tdi_buf_puts(&msg, " takes volumes from container ");
    tdi_buf_quoted(&msg, m->source, strlen(m->source), TDI_QUOTE_MAX);
    /* a bare container array is the whole container list, not a task definition */
    tdi_buf_printf(&msg,
                   ", which is not in the %s: ", t->node ? "task definition" : "container list");
    tdi_buf printed;
    tdi_buf_init(&printed);
    if (suggest(&printed, t, container_name, t->ncontainers, c->name) > 0) {
        tdi_buf_puts(&msg, "name one of its other containers: ");
        tdi_buf_add(&msg, printed.data, printed.len);
    } else {
        tdi_buf_puts(&msg, "remove the entry, or add that container");
    }
    if (printed.failed)
        msg.failed = 1;
    tdi_buf_free(&printed);
    report(ctx, t, c, m, &msg, "container");
    tdi_buf_free(&msg);
}

void tdi_check_td102(tdi_ctx *ctx, const tdi_task *task)
{
    int containers_known = -1; /* worked out on first need */
    for (size_t i = 0; i < task->ncontainers; i++) {
        const tdi_container *c = &task->containers[i];
        for (size_t k = 0; k < c->nmounts; k++) {
            const tdi_mount *m = &c->mounts[k];
            if (!m->source)
                continue;
            if (m->kind == TDI_MOUNT_POINT && !m->volume && task->volumes_known) {
                unknown_volume(ctx, task, c, m);
            } else if (m->kind == TDI_MOUNT_FROM && m->nsources == 0) {
                if (containers_known < 0)
                    containers_known = container_names_known(task);
                if (containers_known)
                    unknown_container(ctx, task, c, m);
            }
        }
    }
}
