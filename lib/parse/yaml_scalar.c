/* YAML scalars: typed by YAML 1.1 as CloudFormation reads them (yes/no/on/off
 * are booleans; quoted and block scalars stay strings; a YAML tag decides
 * where there is one), and CloudFormation's short-form tags turned into their
 * long forms: !Ref x -> {"Ref": "x"}, !GetAtt a.b.c -> {"Fn::GetAtt": ["a",
 * "b.c"]}, !If [...] -> {"Fn::If": [...]}. */
#include "yaml.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int eq_any(const char *v, size_t n, const char *const *words)
{
    for (; *words; words++)
        if (strlen(*words) == n && memcmp(*words, v, n) == 0)
            return 1;
    return 0;
}

static const char *const TRUE_WORDS[] = {"true", "True", "TRUE", "yes", "Yes",
                                         "YES",  "on",   "On",   "ON",  NULL};
static const char *const FALSE_WORDS[] = {"false", "False", "FALSE", "no",  "No",
                                          "NO",    "off",   "Off",   "OFF", NULL};
static const char *const NULL_WORDS[] = {"", "~", "null", "Null", "NULL", NULL};

/* YAML 1.1 integer (decimal, 0x hex, 0 octal, 0b binary, '_' separators). */
static json_t *parse_int(const char *v, size_t n)
{
    char buf[80];
    size_t k = 0, i = 0;
    if (n == 0 || n >= sizeof buf)
        return NULL;
    int neg = 0;
    if (v[0] == '+' || v[0] == '-') {
        neg = v[0] == '-';
        i++;
    }
    if (i >= n)
        return NULL;
    int base = 10;
    if (n - i > 2 && v[i] == '0' && (v[i + 1] == 'x' || v[i + 1] == 'b')) {
        base = v[i + 1] == 'x' ? 16 : 2;
        i += 2;
    } else if (n - i > 1 && v[i] == '0') {
        base = 8;
        i++;
    }
    for (; i < n; i++) {
        char c = v[i];
        if (c == '_')
            continue;
        int ok = base == 16
                     ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
                 : base == 2 ? (c == '0' || c == '1')
                 : base == 8 ? (c >= '0' && c <= '7')
                             : (c >= '0' && c <= '9');
        if (!ok)
            return NULL;
        buf[k++] = c;
    }
    if (k == 0)
        return base == 8 ? json_integer(0) : NULL;
    buf[k] = '\0';
    errno = 0;
    char *end;
    long long x = strtoll(buf, &end, base);
    if (errno == ERANGE) {
        if (base != 10)
            return NULL;
        double d = strtod(buf, NULL);
        return isfinite(d) ? json_real(neg ? -d : d) : NULL;
    }
    return json_integer(neg ? -x : x);
}

/* YAML 1.1 float: [-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)? and 1e5-like forms. */
static json_t *parse_float(const char *v, size_t n)
{
    char buf[80];
    size_t k = 0;
    int digits = 0, dot = 0;
    if (n == 0 || n >= sizeof buf)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c == '_')
            continue;
        if (c >= '0' && c <= '9')
            digits = 1;
        else if (c == '.')
            dot = 1;
        else if (!(c == '+' || c == '-' || c == 'e' || c == 'E'))
            return NULL;
        buf[k++] = c;
    }
    buf[k] = '\0';
    if (!digits || (!dot && !strchr(buf, 'e') && !strchr(buf, 'E')))
        return NULL;
    char *end;
    double d = strtod(buf, &end);
    if (*end != '\0' || !isfinite(d))
        return NULL;
    return json_real(d);
}

static json_t *plain_scalar(const char *v, size_t n)
{
    if (n <= 5) { /* the longest of the words */
        if (eq_any(v, n, NULL_WORDS))
            return json_null();
        if (eq_any(v, n, TRUE_WORDS))
            return json_true();
        if (eq_any(v, n, FALSE_WORDS))
            return json_false();
    }
    if (n > 0 && ((v[0] >= '0' && v[0] <= '9') || v[0] == '-' || v[0] == '+' || v[0] == '.')) {
        json_t *x = parse_int(v, n);
        if (!x)
            x = parse_float(v, n);
        if (x)
            return x;
    }
    return json_stringn(v, n);
}

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

const char *tdi_yaml_function(const char *tag)
{
    static const char *const fns[] = {
        "Fn::Base64", "Fn::Cidr",         "Fn::Equals", "Fn::FindInMap",
        "Fn::GetAZs", "Fn::GetAtt",       "Fn::If",     "Fn::ImportValue",
        "Fn::Join",   "Fn::Not",          "Fn::And",    "Fn::Or",
        "Fn::Select", "Fn::Split",        "Fn::Sub",    "Fn::Transform",
        "Fn::Length", "Fn::ToJsonString", NULL};
    if (!tag || tag[0] != '!' || tag[1] == '!' || tag[1] == '\0')
        return NULL;
    if (strcmp(tag, "!Ref") == 0)
        return "Ref";
    if (strcmp(tag, "!Condition") == 0)
        return "Condition";
    for (size_t i = 0; fns[i]; i++)
        if (strcmp(fns[i] + 4, tag + 1) == 0)
            return fns[i];
    return NULL;
}

static json_t *tagged_scalar(const char *tag, const char *v, size_t n, int plain)
{
    if (tag && strncmp(tag, YAML_TAG_PREFIX, strlen(YAML_TAG_PREFIX)) == 0) {
        const char *t = tag + strlen(YAML_TAG_PREFIX);
        json_t *x = NULL;
        if (strcmp(t, "str") == 0)
            return json_stringn(v, n);
        if (strcmp(t, "null") == 0)
            return json_null();
        if (strcmp(t, "bool") == 0)
            x = eq_any(v, n, TRUE_WORDS)    ? json_true()
                : eq_any(v, n, FALSE_WORDS) ? json_false()
                                            : NULL;
        else if (strcmp(t, "int") == 0)
            x = parse_int(v, n);
        else if (strcmp(t, "float") == 0) {
            x = parse_float(v, n);
            if (!x)
                x = parse_int(v, n);
        }
        return x ? x : json_stringn(v, n);
    }
    if (tag && tag[0] == '!')
        return json_stringn(v, n); /* a local tag makes the scalar a string */
    return plain ? plain_scalar(v, n) : json_stringn(v, n);
}

json_t *tdi_yaml_wrap(tdi_doc *doc, const char *fn, json_t *v, tdi_span span)
{
    json_t *obj = json_object();
    if (!obj) {
        json_decref(v);
        return NULL;
    }
    if (strcmp(fn, "Fn::GetAtt") == 0 && json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        const char *dot = memchr(s, '.', len);
        json_t *arr = json_array();
        tdi_nodeloc *al = arr ? tdi_doc_add(doc, arr, span, dot ? 2 : 1) : NULL;
        if (!al || json_array_append_new(arr, json_stringn(s, dot ? (size_t)(dot - s) : len)) ||
            (dot &&
             json_array_append_new(arr, json_stringn(dot + 1, len - (size_t)(dot - s) - 1)))) {
            json_decref(arr);
            json_decref(v);
            json_decref(obj);
            return NULL;
        }
        for (size_t i = 0; i < al->n; i++)
            al->members[i].key_span = al->members[i].value_span = span;
        json_decref(v);
        v = arr;
    }
    tdi_nodeloc *ol = tdi_doc_add(doc, obj, span, 1);
    if (!ol || json_object_set_new(obj, fn, v)) {
        json_decref(obj);
        return NULL;
    }
    ol->members[0].key = fn;
    ol->members[0].key_span = span;
    ol->members[0].value_span = span;
    return obj;
}

json_t *tdi_yaml_scalar(tdi_doc *doc, const yaml_event_t *e, tdi_span span)
{
    const char *tag = (const char *)e->data.scalar.tag;
    json_t *x = tagged_scalar(tag, (const char *)e->data.scalar.value, e->data.scalar.length,
                              e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
    const char *fn = tdi_yaml_function(tag);
    if (x && fn)
        x = tdi_yaml_wrap(doc, fn, x, span);
    return x;
}
