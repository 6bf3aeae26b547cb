/* The one table of rules: IDs, names, levels, summaries and documentation
 * (rules/TDnnn.md, embedded at build time). --list-rules, --explain, the
 * SARIF rule metadata and the README table all come from here. */
#include "internal.h"

extern const char tdi_doc_TD000[];
extern const char tdi_doc_TD001[];
extern const char tdi_doc_TD002[];
extern const char tdi_doc_TD003[];

const tdi_rule tdi_rules[] = {
    {{"TD000", "input-error", TD_LEVEL_ERROR,
      "A file could not be read or parsed, or holds duplicate keys", tdi_doc_TD000, NULL},
     NULL},
    {{"TD001", "writable-root-filesystem", TD_LEVEL_ERROR,
      "A container's root filesystem is writable: readonlyRootFilesystem is not true",
      tdi_doc_TD001, "7.5"},
     tdi_check_td001},
    {{"TD002", "unverifiable-root-filesystem", TD_LEVEL_WARNING,
      "A container's root-filesystem setting cannot be verified statically", tdi_doc_TD002,
      "5.0"},
     tdi_check_td002},
    {{"TD003", "invalid-root-filesystem-value", TD_LEVEL_ERROR,
      "readonlyRootFilesystem, or the list holding it, has a value of the wrong type",
      tdi_doc_TD003, "5.0"},
     tdi_check_td003},
};

const size_t tdi_nrules = sizeof tdi_rules / sizeof tdi_rules[0];
