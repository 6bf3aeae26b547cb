/* Fuzz target: the configuration loader, from memory (tdi_config_parse, what
 * td_config_load runs on the file's bytes). A configuration that loads is
 * then used: its rule selection and fail level are read, and a fixed task
 * definition is linted under it, so that its exceptions (globs, dates,
 * task and container names) are matched. */
#include "fuzz.h"

#include "engine/engine.h"

#include <string.h>

static const char task[] =
    "{\"family\": \"web\", \"containerDefinitions\": [\n"
    "  {\"name\": \"app\", \"readonlyRootFilesystem\": false,\n"
    "   \"mountPoints\": [{\"sourceVolume\": \"v\", \"containerPath\": \"/etc\"}]},\n"
    "  {\"name\": \"side\", \"linuxParameters\": {\"tmpfs\": [{\"containerPath\": \"/tmp\"}]}}],\n"
    " \"volumes\": [{\"name\": \"v\", \"host\": {\"sourcePath\": \"/var/run\"}}],\n"
    " \"requiresCompatibilities\": [\"FARGATE\"]}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td_config *cfg = NULL;
    char *error = NULL;
    int err =
        tdi_config_parse(".tdlint.yaml", "/work/repo", (const char *)data, size, &cfg, &error);
    if (err == TD_ENOMEM) {
        FUZZ_CHECK(cfg == NULL);
        free(error);
        return 0;
    }
    if (err == TD_EINVAL) {
        FUZZ_CHECK(cfg == NULL);
        FUZZ_CHECK(error != NULL);
        FUZZ_CHECK(strncmp(error, ".tdlint.yaml:", 13) == 0);
        free(error);
        return 0;
    }
    FUZZ_CHECK(err == TD_OK && cfg != NULL && error == NULL);
    FUZZ_CHECK(td_config_rule_enabled(cfg, "TD000"));
    for (size_t i = 0; i < td_rule_count(); i++)
        (void)td_config_rule_enabled(cfg, td_rule_at(i)->id);
    td_level fail = td_config_fail_level(cfg);
    FUZZ_CHECK(fail >= TD_LEVEL_NONE && fail <= TD_LEVEL_ERROR);
    FUZZ_CHECK(td_config_set_today(cfg, "2025-06-01") == TD_OK);
    td_file *file = NULL;
    if (td_lint_buffer(cfg, "services/web/taskdef.json", task, sizeof task - 1, &file) == TD_OK) {
        for (size_t i = 0; i < td_file_finding_count(file); i++) {
            const td_finding *f = td_file_finding(file, i);
            FUZZ_CHECK(td_config_rule_enabled(cfg, f->rule_id));
            FUZZ_CHECK(!f->suppressed || (f->suppression_kind && f->justification));
        }
        td_file_free(file);
    }
    td_config_free(cfg);
    return 0;
}
