/* The filter: rule selection and exceptions applied to a file's findings. */
#include "internal.h"

#include <string.h>

int tdi_filter_apply(td_file *file, const td_config *cfg)
{
    size_t k = 0;
    for (size_t i = 0; i < file->nfindings; i++) {
        td_finding *f = &file->findings[i];
        /* input errors cannot be turned off */
        if (strcmp(f->rule_id, "TD000") != 0 && !td_config_rule_enabled(cfg, f->rule_id))
            continue;
        file->findings[k++] = *f;
    }
    file->nfindings = k;
    return TD_OK;
}
