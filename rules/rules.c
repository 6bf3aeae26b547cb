/* The one table of rules: IDs, names, levels, summaries and documentation
 * (rules/TDnnn.md, embedded at build time). --list-rules, --explain, the
 * SARIF rule metadata and the README table all come from here; so do the
 * levels' names. */
#include "rules.h"

#include <string.h>
#include <strings.h>

extern const char tdi_doc_TD000[];
extern const char tdi_doc_TD001[];
extern const char tdi_doc_TD002[];
extern const char tdi_doc_TD003[];
extern const char tdi_doc_TD004[];
extern const char tdi_doc_TD005[];
extern const char tdi_doc_TD006[];
extern const char tdi_doc_TD101[];
extern const char tdi_doc_TD102[];
extern const char tdi_doc_TD103[];
extern const char tdi_doc_TD104[];

const tdi_rule tdi_rules[] = {
    {{"TD000", "input-error", TD_LEVEL_ERROR,
      "A file could not be read or parsed, or holds duplicate keys", tdi_doc_TD000, NULL},
     NULL},
    {{"TD001", "writable-root-filesystem", TD_LEVEL_ERROR,
      "A container's root filesystem is writable: readonlyRootFilesystem is not true",
      tdi_doc_TD001, "7.5"},
     tdi_check_td001},
    {{"TD002", "unverifiable-root-filesystem", TD_LEVEL_WARNING,
      "A container's root-filesystem setting cannot be verified statically", tdi_doc_TD002, "5.0"},
     tdi_check_td002},
    {{"TD003", "invalid-root-filesystem-value", TD_LEVEL_ERROR,
      "readonlyRootFilesystem, or the list holding it, has a value of the wrong type",
      tdi_doc_TD003, "5.0"},
     tdi_check_td003},
    {{"TD004", "windows-root-filesystem", TD_LEVEL_WARNING,
      "readonlyRootFilesystem is set in a Windows task definition, which does not support it",
      tdi_doc_TD004, NULL},
     tdi_check_td004},
    {{"TD005", "unread-task-definition", TD_LEVEL_ERROR,
      "A near-miss of a task definition (containerDefinition, AWS::ECS::TaskDefintion, ...): "
      "nothing in it was checked",
      tdi_doc_TD005, "7.5"},
     tdi_check_td005},
    {{"TD006", "unused-exception", TD_LEVEL_NOTE,
      "An exception or inline ignore entry suppressed nothing in the files it applies to",
      tdi_doc_TD006, NULL},
     NULL},
    {{"TD101", "writable-system-path", TD_LEVEL_ERROR,
      "A container can write at / or in a system directory (/etc, /usr, ...) through a "
      "writable mount",
      tdi_doc_TD101, "7.5"},
     tdi_check_td101},
    {{"TD102", "unknown-volume-source", TD_LEVEL_ERROR,
      "A mount point names no volume of the task, or volumesFrom names no container of it",
      tdi_doc_TD102, "5.0"},
     tdi_check_td102},
    {{"TD103", "writable-host-mount", TD_LEVEL_ERROR,
      "A sensitive host path (/, /etc, /proc, the Docker socket, ...) is mounted writable into "
      "a container",
      tdi_doc_TD103, "8.8"},
     tdi_check_td103},
    {{"TD104", "tmpfs-on-fargate", TD_LEVEL_ERROR,
      "A container of a task that requires FARGATE mounts a tmpfs, which Fargate does not "
      "support",
      tdi_doc_TD104, "5.0"},
     tdi_check_td104},
};

const size_t tdi_nrules = sizeof tdi_rules / sizeof tdi_rules[0];

const char *td_level_name(td_level level)
{
    switch (level) {
    case TD_LEVEL_ERROR:
        return "error";
    case TD_LEVEL_WARNING:
        return "warning";
    case TD_LEVEL_NOTE:
        return "note";
    default:
        return "none";
    }
}

td_level td_level_parse(const char *name)
{
    if (!name)
        return TD_LEVEL_NONE;
    if (strcmp(name, "error") == 0)
        return TD_LEVEL_ERROR;
    if (strcmp(name, "warning") == 0)
        return TD_LEVEL_WARNING;
    if (strcmp(name, "note") == 0)
        return TD_LEVEL_NOTE;
    return TD_LEVEL_NONE;
}

size_t td_rule_count(void)
{
    return tdi_nrules;
}

const td_rule_info *td_rule_at(size_t i)
{
    return i < tdi_nrules ? &tdi_rules[i].info : NULL;
}

const td_rule_info *td_rule_find(const char *id_or_name)
{
    for (size_t i = 0; id_or_name && i < tdi_nrules; i++)
        if (strcasecmp(tdi_rules[i].info.id, id_or_name) == 0 ||
            strcasecmp(tdi_rules[i].info.name, id_or_name) == 0)
            return &tdi_rules[i].info;
    return NULL;
}
