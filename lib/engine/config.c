/* The configuration object: defaults, rule selection, limits, the date that
 * exceptions expire against, and finding .tdlint.yaml from a folder up. */
#include "engine.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

int td_config_new(td_config **out)
{
    td_config *c = tdi_calloc(1, sizeof *c);
    *out = NULL;
    if (!c)
        return TD_ENOMEM;
    tdi_arena_init(&c->arena);
    c->fail_level = TD_LEVEL_NONE;
    *out = c;
    return TD_OK;
}

void td_config_free(td_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->ndisabled; i++)
        tdi_free(cfg->disabled[i]);
    tdi_free(cfg->disabled);
    tdi_free(cfg->file);
    tdi_free(cfg->dir);
    tdi_arena_free(&cfg->arena);
    tdi_free(cfg);
}

int td_config_set_rule(td_config *cfg, const char *id, int enabled)
{
    const td_rule_info *r = td_rule_find(id);
    if (!r || !cfg || (!enabled && strcmp(r->id, "TD000") == 0))
        return TD_EINVAL;
    for (size_t i = 0; i < cfg->ndisabled; i++) {
        if (strcmp(cfg->disabled[i], r->id) == 0) {
            if (enabled) {
                tdi_free(cfg->disabled[i]);
                cfg->disabled[i] = cfg->disabled[--cfg->ndisabled];
            }
            return TD_OK;
        }
    }
    if (enabled)
        return TD_OK;
    if (tdi_grow((void **)&cfg->disabled, &cfg->disabled_cap, cfg->ndisabled + 1,
                 sizeof *cfg->disabled) < 0)
        return TD_ENOMEM;
    if (!(cfg->disabled[cfg->ndisabled] = tdi_strdup(r->id)))
        return TD_ENOMEM;
    cfg->ndisabled++;
    return TD_OK;
}

int td_config_rule_enabled(const td_config *cfg, const char *id)
{
    if (!cfg)
        return 1;
    for (size_t i = 0; i < cfg->ndisabled; i++)
        if (strcasecmp(cfg->disabled[i], id) == 0)
            return 0;
    return 1;
}

td_level td_config_fail_level(const td_config *cfg)
{
    return cfg ? cfg->fail_level : TD_LEVEL_NONE;
}

int td_config_set_today(td_config *cfg, const char *date)
{
    if (!cfg || !date || !tdi_date_valid(date))
        return TD_EINVAL;
    memcpy(cfg->today, date, sizeof cfg->today);
    return TD_OK;
}

void td_config_set_limits(td_config *cfg, const td_limits *limits)
{
    if (cfg && limits)
        cfg->limits = *limits;
}

/* Replaces the 0 fields of l by their defaults. */
static void limits_fill(td_limits *l)
{
    if (!l->max_file_size)
        l->max_file_size = TD_DEFAULT_MAX_FILE_SIZE;
    if (!l->max_depth)
        l->max_depth = TD_DEFAULT_MAX_DEPTH;
    if (!l->max_aliases)
        l->max_aliases = TD_DEFAULT_MAX_ALIASES;
    if (!l->max_findings)
        l->max_findings = TD_DEFAULT_MAX_FINDINGS;
}

void td_config_get_limits(const td_config *cfg, td_limits *out)
{
    static const td_limits none;
    *out = cfg ? cfg->limits : none;
    limits_fill(out);
}

/* ---- dates ---- */

int tdi_date_valid(const char *s)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

void tdi_today(const td_config *cfg, char out[11])
{
    if (cfg && cfg->today[0]) {
        memcpy(out, cfg->today, 11);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    if (now == (time_t)-1 || !gmtime_r(&now, &tm) ||
        snprintf(out, 11, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) != 10)
        memcpy(out, "0000-00-00", 11); /* no clock: nothing has expired */
}

/* ---- finding the file ---- */

/* Whether dir/name exists; regular files only when reg is set. */
static int has_entry(const char *dir, const char *name, int reg)
{
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_printf(&b, "%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", name);
    struct stat st;
    int found = !b.failed && stat(b.data, &st) == 0 && (!reg || S_ISREG(st.st_mode));
    tdi_buf_free(&b);
    return found;
}

int td_config_discover(const char *start_dir, char **path)
{
    *path = NULL;
    char real[PATH_MAX];
    if (!start_dir || !realpath(start_dir, real))
        return TD_OK; /* no such folder: nothing to find */
    int relative = start_dir[0] != '/';
    size_t ups = 0;
    for (;;) {
        if (has_entry(real, ".tdlint.yaml", 1)) {
            tdi_buf b;
            tdi_buf_init(&b);
            if (relative) {
                if (strcmp(start_dir, ".") != 0)
                    tdi_buf_printf(&b, "%s/", start_dir);
                for (size_t i = 0; i < ups; i++)
                    tdi_buf_puts(&b, "../");
            } else {
                tdi_buf_printf(&b, "%s%s", real, strcmp(real, "/") == 0 ? "" : "/");
            }
            tdi_buf_puts(&b, ".tdlint.yaml");
            return (*path = tdi_buf_steal(&b)) ? TD_OK : TD_ENOMEM;
        }
        char *slash = strrchr(real, '/');
        if (has_entry(real, ".git", 0) || !slash || strcmp(real, "/") == 0)
            return TD_OK;
        if (slash == real)
            slash[1] = '\0';
        else
            *slash = '\0';
        ups++;
    }
}

/* ---- what the command needs to know of a configuration ---- */

const char *td_config_file(const td_config *cfg)
{
    return cfg ? cfg->file : NULL;
}

const char *td_config_dir(const td_config *cfg)
{
    return cfg ? cfg->dir : NULL;
}

size_t td_config_exclude_count(const td_config *cfg)
{
    return cfg ? cfg->nexcludes : 0;
}

const char *td_config_exclude(const td_config *cfg, size_t i)
{
    return cfg && i < cfg->nexcludes ? cfg->excludes[i] : NULL;
}

int td_pattern_match(const char *pattern, const char *path, int is_dir)
{
    return pattern && path && tdi_pattern_match(pattern, path, is_dir);
}

int td_path_relative(const char *dir, const char *file, char **rel)
{
    int oom = 0;
    *rel = dir && file ? tdi_path_within(dir, file, &oom) : NULL;
    return oom ? TD_ENOMEM : TD_OK;
}
