/* Loading a file: encoding checks, then JSON or YAML as the content says:
 * text whose first non-blank character is { or [ is JSON (or a YAML flow
 * collection when its keys are unquoted), the rest YAML. */
#include "load.h"

#include <yaml.h>

#include <stdio.h>
#include <string.h>

/* UTF-16 and UTF-32, with or without a byte-order mark, by the BOM or by the
 * zero bytes around the first (ASCII) character. NULL for anything else. */
static const char *wide_encoding(const unsigned char *d, size_t n)
{
    if (n >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0xFE && d[3] == 0xFF)
        return "UTF-32BE";
    if (n >= 4 && d[0] == 0xFF && d[1] == 0xFE && d[2] == 0 && d[3] == 0)
        return "UTF-32LE";
    if (n >= 2 && d[0] == 0xFE && d[1] == 0xFF)
        return "UTF-16BE";
    if (n >= 2 && d[0] == 0xFF && d[1] == 0xFE)
        return "UTF-16LE";
    if (n >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] != 0)
        return "UTF-32BE";
    if (n >= 4 && d[0] != 0 && d[1] == 0 && d[2] == 0 && d[3] == 0)
        return "UTF-32LE";
    if (n >= 2 && d[0] == 0 && d[1] != 0)
        return "UTF-16BE";
    if (n >= 2 && d[0] != 0 && d[1] == 0)
        return "UTF-16LE";
    return NULL;
}

static int load(const char *data, size_t len, const tdi_load_options *opt, tdi_loaded *out)
{
    memset(out, 0, sizeof *out);
    if (opt)
        out->opt = *opt;
    if (!out->opt.max_depth)
        out->opt.max_depth = TD_DEFAULT_MAX_DEPTH;
    if (!out->opt.max_aliases)
        out->opt.max_aliases = TD_DEFAULT_MAX_ALIASES;
    if (tdi_source_init(&out->src, data, len) < 0)
        return TD_ENOMEM;
    const char *wide = wide_encoding((const unsigned char *)data, len);
    if (wide)
        return tdi_loaded_fail(out, TDI_LOAD_INVALID, 0, 0,
                               "the file is encoded in %s; tdlint reads UTF-8: convert it, for "
                               "example with iconv -f %.6s -t UTF-8, or in PowerShell (whose "
                               "> and Out-File write UTF-16 in Windows PowerShell 5) with "
                               "Get-Content FILE | Out-File -Encoding utf8 NEWFILE",
                               wide, wide);
    size_t base = out->src.bom;
    const char *text = data + base;
    size_t n = len - base;
    size_t i = 0;
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
        i++;
    if (i == n) /* empty, or blanks only: no document */
        return TD_OK;
    if (text[i] == '{' || text[i] == '[') {
        /* JSON, strictly (CloudFormation too reads such a template as JSON only),
         * unless a key is unquoted: then it is a YAML flow collection. */
        int err = tdi_load_json(text, n, base, out);
        if (err < 0 || out->status != TDI_LOAD_SYNTAX || !out->unquoted_key)
            return err;
        tdi_loaded y;
        memset(&y, 0, sizeof y);
        y.src = out->src;
        y.opt = out->opt;
        err = tdi_load_yaml(text, n, base, &y);
        if (err == TD_OK && y.status == TDI_LOAD_OK) {
            tdi_loaded_drop_docs(out);
            tdi_free(out->error);
            out->error = NULL;
            out->status = TDI_LOAD_OK;
            out->docs = y.docs;
            out->ndocs = y.ndocs;
            out->issues = y.issues;
            out->nissues = y.nissues;
            out->issues_cap = y.issues_cap;
            return TD_OK;
        }
        tdi_loaded_drop_docs(&y);
        tdi_free(y.error);
        return err;
    }
    return tdi_load_yaml(text, n, base, out);
}

int tdi_load(const char *data, size_t len, const tdi_load_options *opt, tdi_loaded *out)
{
    int err = load(data, len, opt, out);
    return err < 0 ? err : tdi_loaded_finish_issues(out);
}

const char *td_jansson_version(void)
{
    return jansson_version_str();
}

const char *td_libyaml_version(void)
{
    return yaml_get_version_string();
}
