/* Configuration: defaults, rule selection. Loading .tdlint.yaml and finding
 * it are below the defaults. */
#include "internal.h"

#include <string.h>
#include <strings.h>

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
    if (!r || !cfg)
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
