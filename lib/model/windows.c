/* Windows images: a task whose runtimePlatform names no operating system, or
 * one computed by an intrinsic function, is
 * a Windows task when its containers' images say so. ECS on EC2 does not need
 * runtimePlatform for Windows, so many Windows task definitions never set it;
 * without this, TD001 would ask them for a setting Windows does not support.
 *
 * The one table of what counts as a Windows image is windows_images below.
 * An image reference is matched letter case ignored, after taking off a
 * digest (@sha256:...) and the Docker Hub prefixes docker.io/ and
 * index.docker.io/; its tag is what follows the last ':' after the last '/'.
 *
 * A task is one operating system: ECS places all its containers on one
 * instance. The task counts as Windows when at least one container's image
 * is in the table and no container's image is a string outside it (an image
 * computed by an intrinsic function, or missing, says nothing either way).
 * When literal images disagree (a Windows image beside, say, nginx), tdlint
 * cannot tell which one is wrong; it fails closed and checks the task as
 * Linux, and --verbose says why. */
#include "build.h"

#include <string.h>
#include <strings.h>

typedef enum {
    MATCH_TREE, /* the repository, or any repository below it ("x" or "x/...") */
    MATCH_REPO, /* exactly this repository */
    MATCH_TAG   /* the tag contains this */
} match_kind;

static const struct {
    match_kind kind;
    const char *text;
    const char *shown; /* how --verbose names the entry */
} windows_images[] = {
    /* Microsoft's Windows base images: windows/servercore, windows/nanoserver,
     * windows/server, windows itself, and those built on them (servercore/iis,
     * servercore/insider) */
    {MATCH_TREE, "mcr.microsoft.com/windows", "mcr.microsoft.com/windows/*"},
    /* .NET Framework runs on Windows only: dotnet/framework/runtime, sdk,
     * aspnet, wcf, samples */
    {MATCH_TREE, "mcr.microsoft.com/dotnet/framework", "mcr.microsoft.com/dotnet/framework/*"},
    /* the Docker Hub names Microsoft used before MCR */
    {MATCH_REPO, "microsoft/windowsservercore", "microsoft/windowsservercore"},
    {MATCH_REPO, "microsoft/nanoserver", "microsoft/nanoserver"},
    {MATCH_REPO, "microsoft/iis", "microsoft/iis"},
    {MATCH_REPO, "microsoft/aspnet", "microsoft/aspnet"},
    {MATCH_REPO, "microsoft/dotnet-framework", "microsoft/dotnet-framework"},
    /* multi-OS images tag their Windows variants so: powershell:lts-windowsservercore-ltsc2022,
     * dotnet/aspnet:8.0-nanoserver-ltsc2022, aws-for-fluent-bit:windowsservercore-latest */
    {MATCH_TAG, "windowsservercore", "a tag with windowsservercore"},
    {MATCH_TAG, "nanoserver", "a tag with nanoserver"},
    {MATCH_TAG, "ltsc20", "a tag with ltsc20xx (a Windows Server release)"},
};

static int contains_nocase(const char *s, size_t len, const char *what)
{
    size_t n = strlen(what);
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(s + i, what, n) == 0)
            return 1;
    return 0;
}

const char *tdi_windows_image(const char *image)
{
    const char *repo = image;
    if (strncasecmp(repo, "docker.io/", 10) == 0)
        repo += 10;
    else if (strncasecmp(repo, "index.docker.io/", 16) == 0)
        repo += 16;
    size_t len = strcspn(repo, "@"); /* the digest goes */
    const char *slash = NULL;
    for (size_t i = 0; i < len; i++)
        if (repo[i] == '/')
            slash = repo + i;
    const char *colon =
        memchr(slash ? slash : repo, ':', len - (size_t)((slash ? slash : repo) - repo));
    size_t repo_len = colon ? (size_t)(colon - repo) : len;
    const char *tag = colon ? colon + 1 : "";
    size_t tag_len = colon ? len - repo_len - 1 : 0;
    for (size_t i = 0; i < sizeof windows_images / sizeof windows_images[0]; i++) {
        const char *t = windows_images[i].text;
        size_t n = strlen(t);
        switch (windows_images[i].kind) {
        case MATCH_TREE:
            if (repo_len >= n && strncasecmp(repo, t, n) == 0 && (repo_len == n || repo[n] == '/'))
                return windows_images[i].shown;
            break;
        case MATCH_REPO:
            if (repo_len == n && strncasecmp(repo, t, n) == 0)
                return windows_images[i].shown;
            break;
        case MATCH_TAG:
            if (contains_nocase(tag, tag_len, t))
                return windows_images[i].shown;
            break;
        }
    }
    return NULL;
}

static void name_container(tdi_buf *b, const tdi_container *c)
{
    if (c->name) {
        tdi_buf_puts(b, "container ");
        tdi_buf_quoted(b, c->name, strlen(c->name), TDI_QUOTE_MAX);
    } else if (c->name_expr) {
        tdi_buf_printf(b, "container %s", c->name_expr);
    } else {
        tdi_buf_printf(b, "container #%zu", c->index + 1);
    }
}

static void put_image(tdi_buf *b, const char *image)
{
    tdi_buf_escaped(b, image, strlen(image), TDI_QUOTE_MAX);
}

void tdi_windows_by_images(tdi_mb *mb, tdi_task *t)
{
    const tdi_container *win = NULL, *other = NULL;
    const char *win_image = NULL, *other_image = NULL;
    for (size_t i = 0; i < t->ncontainers; i++) {
        const tdi_container *c = &t->containers[i];
        const json_t *img = tdi_container_value(t, c, TDI_CKEY_IMAGE);
        if (!json_is_string(img) || strlen(json_string_value(img)) != json_string_length(img))
            continue; /* computed, missing or odd: says nothing */
        const char *s = json_string_value(img);
        if (tdi_windows_image(s)) {
            if (!win) {
                win = c;
                win_image = s;
            }
        } else if (!other) {
            other = c;
            other_image = s;
        }
    }
    if (!win)
        return;
    tdi_buf b;
    tdi_buf_init(&b);
    name_container(&b, win);
    tdi_buf_puts(&b, " uses image ");
    put_image(&b, win_image);
    if (other) {
        tdi_buf_puts(&b, " but ");
        name_container(&b, other);
        tdi_buf_puts(&b, " uses ");
        put_image(&b, other_image);
        tdi_buf_printf(&b, ", not a Windows image (a task runs on one operating system): set %s",
                       t->flavor == TDI_FLAVOR_CFN ? "RuntimePlatform.OperatingSystemFamily"
                                                   : "runtimePlatform.operatingSystemFamily");
    } else {
        t->windows = 1;
    }
    t->os_why = b.failed ? NULL : tdi_mb_str(mb, b.data);
    if (b.failed)
        mb->err = TD_ENOMEM;
    tdi_buf_free(&b);
}
