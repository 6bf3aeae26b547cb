/* Questions asked of a file's name and text only: is it HCL (before it is
 * parsed)? And once it could not be parsed, could it hold a task definition
 * (then its error matters), and does it look like a template, whose rendered
 * output is what should be linted (for the message and for the caller's
 * choice to skip the file)? */
#include "engine.h"

#include <string.h>

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether needle (lower case) is in s[0..n), in any letter case. */
static int has_nocase(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; m <= n && i <= n - m; i++) {
        if (lower((unsigned char)s[i]) != needle[0])
            continue;
        size_t k = 1;
        while (k < m && lower((unsigned char)s[i + k]) == needle[k])
            k++;
        if (k == m)
            return 1;
    }
    return 0;
}

/* The base name of path, where it starts. */
static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static int starts_nocase(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (lower((unsigned char)*s) != *prefix)
            return 0;
    return 1;
}

/* Whether s ends with suffix (lower case), in any letter case. */
static int ends_nocase(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && starts_nocase(s + n - m, suffix);
}

/* Whether path names a file tdlint reads as JSON or YAML whatever its text. */
static int json_or_yaml_name(const char *path)
{
    static const char *const exts[] = {".json", ".yaml", ".yml", ".template"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (ends_nocase(path, exts[i]))
            return 1;
    return 0;
}

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_word(int c)
{
    return is_alpha(c) || (c >= '0' && c <= '9') || c == '_';
}

/* HCL's identifiers: a letter or _, then letters, digits, _ and -. */
static int is_ident(int c)
{
    return is_word(c) || c == '-';
}

/* The first byte at or after i that is not blank or in a comment (#, //,
 * block comments). */
static size_t skip_hcl_space(const char *s, size_t n, size_t i)
{
    while (i < n) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
            i++;
        } else if (s[i] == '#' || (s[i] == '/' && i + 1 < n && s[i + 1] == '/')) {
            while (i < n && s[i] != '\n')
                i++;
        } else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
            for (i += 2; i < n && !(s[i] == '*' && i + 1 < n && s[i + 1] == '/'); i++)
                ;
            i = i < n ? i + 2 : n;
        } else {
            break;
        }
    }
    return i;
}

int tdi_is_hcl(const char *path, const char *data, size_t len)
{
    path = path ? path : "";
    if (ends_nocase(path, ".tf"))
        return 1;
    if (json_or_yaml_name(path) || !data)
        return 0;
    /* a block's header: TYPE, then labels ("quoted" or names) on the same line, then { */
    size_t bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t i = skip_hcl_space(data, len, bom);
    if (i >= len || !(is_alpha((unsigned char)data[i]) || data[i] == '_'))
        return 0;
    while (i < len && is_ident((unsigned char)data[i]))
        i++;
    for (;;) {
        size_t before = i;
        while (i < len && (data[i] == ' ' || data[i] == '\t'))
            i++;
        if (i < len && data[i] == '{')
            return 1;
        if (i == before || i >= len)
            return 0;
        if (data[i] == '"') {
            for (i++; i < len && data[i] != '"' && data[i] != '\n'; i++)
                ;
            if (i >= len || data[i] != '"')
                return 0;
            i++;
        } else if (is_alpha((unsigned char)data[i]) || data[i] == '_') {
            while (i < len && is_ident((unsigned char)data[i]))
                i++;
        } else {
            return 0;
        }
    }
}

int tdi_may_hold_task(const char *path, int hcl, const char *data, size_t len)
{
    static const char *const words[] = {"containerdefinitions", "aws::ecs::taskdefinition"};
    static const char *const tf_words[] = {"aws_ecs_task_definition", "container_definitions"};
    const char *base = base_name(path ? path : "");
    if (starts_nocase(base, "taskdef") || starts_nocase(base, "task-definition"))
        return 1;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (has_nocase(data, len, words[i]))
            return 1;
    for (size_t i = 0; hcl && i < sizeof tf_words / sizeof tf_words[0]; i++)
        if (has_nocase(data, len, tf_words[i]))
            return 1;
    return 0;
}

/* A template marker at s[i]: its length (0: none) and what it is. */
static size_t marker_at(const char *s, size_t n, size_t i, int cfn_sub, const char **kind)
{
    unsigned char c = (unsigned char)s[i], d = i + 1 < n ? (unsigned char)s[i + 1] : 0;
    unsigned char prev = i > 0 ? (unsigned char)s[i - 1] : 0;
    size_t j;
    if (c == '{' && d == '{') {
        *kind = "Jinja/Go/Helm";
        return 2;
    }
    if (c == '{' && d == '%') {
        *kind = "Jinja";
        return 2;
    }
    if (c == '$' && d == '$' && prev == '$') /* inside a run of $: its first one decided */
        return 0;
    if (c == '$' && d == '$') { /* $$NAME$$ (and $$$$NAME$$$$) */
        size_t a = i;
        while (a < n && s[a] == '$')
            a++;
        j = a;
        while (j < n && is_word((unsigned char)s[j]))
            j++;
        if (j > a && is_alpha((unsigned char)s[a]) && j + 1 < n && s[j] == '$' && s[j + 1] == '$') {
            while (j < n && s[j] == '$')
                j++;
            *kind = "placeholder";
            return j - i;
        }
        return 0;
    }
    if (c == '$' && d == '{' && !cfn_sub) { /* ${NAME}: CloudFormation's Fn::Sub writes it too */
        j = i + 2;
        while (j < n && (is_word((unsigned char)s[j]) || s[j] == '.' || s[j] == ':'))
            j++;
        if (j > i + 2 && j < n && s[j] == '}') {
            *kind = "placeholder";
            return j + 1 - i;
        }
        return 0;
    }
    if (c == '$' && prev != '$' && !is_word(prev)) { /* $NAME, in capitals as variables are */
        j = i + 1;
        while (j < n &&
               ((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9') || s[j] == '_'))
            j++;
        if (j > i + 2 && !(s[i + 1] >= '0' && s[i + 1] <= '9') &&
            !(j < n && is_word((unsigned char)s[j]))) {
            *kind = "placeholder";
            return j - i;
        }
        return 0;
    }
    if (c == '<' && is_alpha(d) && !is_word(prev)) { /* <PLACEHOLDER>, <your-account-id> */
        int marked = 0;
        j = i + 1;
        while (j < n && (is_word((unsigned char)s[j]) || s[j] == '-' || s[j] == '.')) {
            marked |= (s[j] >= 'A' && s[j] <= 'Z') || s[j] == '_' || s[j] == '-';
            j++;
        }
        if (j < n && s[j] == '>' && j > i + 2 && marked && j - i <= 64) {
            *kind = "placeholder";
            return j + 1 - i;
        }
    }
    return 0;
}

/* Appends "; this looks like a template (...): lint the rendered output" to
 * msg when the text has a template marker: the first on the line of the
 * error at err_at, else the first in the text. */
int tdi_template_note(const tdi_source *src, size_t err_at, tdi_buf *msg)
{
    const char *s = src->data;
    size_t n = src->len;
    int cfn_sub = has_nocase(s, n, "fn::sub") || has_nocase(s, n, "!sub");
    td_position ep = tdi_source_position(src, err_at);
    size_t line_start = 0, line_len = 0;
    tdi_source_line(src, ep.line - 1, &line_start, &line_len);
    size_t best = SIZE_MAX, best_len = 0;
    const char *best_kind = NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '{' && s[i] != '$' && s[i] != '<')
            continue;
        const char *kind;
        size_t len = marker_at(s, n, i, cfn_sub, &kind);
        if (!len)
            continue;
        if (best == SIZE_MAX) {
            best = i;
            best_len = len;
            best_kind = kind;
        }
        if (i >= line_start && i <= line_start + line_len) { /* on the error's line */
            best = i;
            best_len = len;
            best_kind = kind;
            break;
        }
        if (i > line_start + line_len)
            break;
        i += len - 1;
    }
    if (best == SIZE_MAX)
        return TD_OK;
    td_position p = tdi_source_position(src, best);
    tdi_buf_printf(msg, "; this looks like a template (%s ", best_kind);
    if (s[best] == '{')
        tdi_buf_puts(msg, s[best + 1] == '{' ? "\"{{ }}\"" : "\"{% %}\"");
    else
        tdi_buf_quoted(msg, s + best, best_len > 40 ? 40 : best_len, TDI_QUOTE_MAX);
    tdi_buf_printf(msg, " at %lu:%lu): lint the rendered output", p.line, p.column);
    return msg->failed ? TD_ENOMEM : TD_OK;
}
