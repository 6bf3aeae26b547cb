/*
 * Checks a report that tdlint wrote, for the tests:
 *
 *   check_report json SCHEMA FILE   validates FILE against the JSON Schema SCHEMA
 *                                   (docs/tdlint-json.schema.json), then checks
 *                                   what a schema cannot say (summary counts, a
 *                                   suppression exactly when suppressed, ...)
 *   check_report gitlab FILE        a GitLab Code Quality report
 *   check_report junit FILE         JUnit XML: well-formed XML 1.0 (a small parser
 *                                   of its own), the JUnit structure, the counts
 *   check_report github FILE        GitHub Actions workflow commands, escaped
 *
 * FILE "-" is standard input. Prints each problem and exits 1 when there is
 * one, 0 otherwise, 2 on a usage or read error.
 *
 * The schema validator knows the keywords the schema uses (type, enum, const,
 * required, properties, additionalProperties, items, minItems, pattern,
 * minLength, minimum, $ref to #/$defs/NAME, and the annotations) and fails on any other,
 * so that the schema cannot grow a rule this test silently ignores.
 */
#include <jansson.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int problems;

static void problem(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    problems++;
}

static char *read_input(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0) {
            char *g = realloc(buf, cap *= 2);
            if (!g)
                free(buf);
            buf = g;
        }
    }
    if (f != stdin)
        fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

/* ---------------------------------------------------------------- JSON Schema */

static json_t *schema_root;

static const char *value_type(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
        return "integer";
    case JSON_REAL:
        return "number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    default:
        return "null";
    }
}

static int type_is(const json_t *v, const char *type)
{
    const char *t = value_type(v);
    return strcmp(t, type) == 0 || (strcmp(type, "number") == 0 && strcmp(t, "integer") == 0);
}

static int utf8_length(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void validate(const json_t *v, const json_t *schema, const char *where);

static void validate_keyword(const json_t *v, const json_t *schema, const char *key,
                             const json_t *arg, const char *where)
{
    char sub[1024];
    if (strcmp(key, "$schema") == 0 || strcmp(key, "$id") == 0 || strcmp(key, "title") == 0 ||
        strcmp(key, "description") == 0 || strcmp(key, "$comment") == 0 ||
        strcmp(key, "$defs") == 0) {
        return;
    } else if (strcmp(key, "$ref") == 0) {
        const char *ref = json_string_value(arg);
        if (!ref || strncmp(ref, "#/$defs/", 8) != 0) {
            problem("schema: unsupported $ref %s", ref ? ref : "?");
            return;
        }
        const json_t *target = json_object_get(json_object_get(schema_root, "$defs"), ref + 8);
        if (!target)
            problem("schema: $ref %s names nothing", ref);
        else
            validate(v, target, where);
    } else if (strcmp(key, "type") == 0) {
        int ok = 0;
        if (json_is_string(arg)) {
            ok = type_is(v, json_string_value(arg));
        } else {
            size_t i;
            const json_t *t;
            json_array_foreach(arg, i, t) ok |= type_is(v, json_string_value(t));
        }
        if (!ok)
            problem("%s: is %s, not of the type the schema wants", where, value_type(v));
    } else if (strcmp(key, "const") == 0) {
        if (!json_equal((json_t *)v, (json_t *)arg))
            problem("%s: not the constant the schema wants", where);
    } else if (strcmp(key, "enum") == 0) {
        size_t i;
        const json_t *e;
        int ok = 0;
        json_array_foreach(arg, i, e) ok |= json_equal((json_t *)v, (json_t *)e);
        if (!ok)
            problem("%s: %s is not one of the values the schema allows", where,
                    json_is_string(v) ? json_string_value(v) : value_type(v));
    } else if (strcmp(key, "required") == 0) {
        size_t i;
        const json_t *name;
        if (json_is_object(v))
            json_array_foreach(arg, i, name) if (!json_object_get(v, json_string_value(name)))
                problem("%s: lacks the required member \"%s\"", where, json_string_value(name));
    } else if (strcmp(key, "properties") == 0) {
        const char *k;
        const json_t *m;
        if (json_is_object(v))
            json_object_foreach((json_t *)v, k, m)
            {
                const json_t *ps = json_object_get(arg, k);
                snprintf(sub, sizeof sub, "%s/%s", where, k);
                if (ps)
                    validate(m, ps, sub);
            }
    } else if (strcmp(key, "additionalProperties") == 0) {
        const char *k;
        const json_t *m;
        if (!json_is_false(arg)) {
            problem("schema: only additionalProperties false is supported");
        } else if (json_is_object(v)) {
            const json_t *props = json_object_get(schema, "properties");
            json_object_foreach((json_t *)v, k, m) if (!json_object_get(props, k))
                problem("%s: member \"%s\" is not in the schema", where, k);
        }
    } else if (strcmp(key, "items") == 0) {
        size_t i;
        const json_t *e;
        if (json_is_array(v))
            json_array_foreach(v, i, e)
            {
                snprintf(sub, sizeof sub, "%s/%zu", where, i);
                validate(e, arg, sub);
            }
    } else if (strcmp(key, "pattern") == 0) {
        if (json_is_string(v)) {
            regex_t re;
            if (regcomp(&re, json_string_value(arg), REG_EXTENDED | REG_NOSUB) != 0) {
                problem("schema: pattern %s does not compile", json_string_value(arg));
                return;
            }
            if (regexec(&re, json_string_value(v), 0, NULL, 0) != 0)
                problem("%s: \"%s\" does not match %s", where, json_string_value(v),
                        json_string_value(arg));
            regfree(&re);
        }
    } else if (strcmp(key, "minLength") == 0) {
        if (json_is_string(v) && utf8_length(json_string_value(v)) < json_integer_value(arg))
            problem("%s: shorter than %lld", where, (long long)json_integer_value(arg));
    } else if (strcmp(key, "minItems") == 0) {
        if (json_is_array(v) && (long long)json_array_size(v) < json_integer_value(arg))
            problem("%s: fewer than %lld items", where, (long long)json_integer_value(arg));
    } else if (strcmp(key, "minimum") == 0) {
        if (json_is_number(v) && json_number_value(v) < json_number_value(arg))
            problem("%s: less than the minimum", where);
    } else {
        problem("schema: keyword \"%s\" is not supported by this checker", key);
    }
}

static void validate(const json_t *v, const json_t *schema, const char *where)
{
    const char *key;
    const json_t *arg;
    json_object_foreach((json_t *)schema, key, arg) validate_keyword(v, schema, key, arg, where);
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static long long num(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static int before(const json_t *a, const json_t *b)
{
    return num(a, "line") < num(b, "line") ||
           (num(a, "line") == num(b, "line") && num(a, "column") <= num(b, "column"));
}

/* What the schema cannot say. */
static void check_json_semantics(const json_t *doc)
{
    long long count[3] = {0, 0, 0}, suppressed = 0;
    const json_t *files = json_object_get(doc, "files"), *file;
    size_t i;
    const char *prev_path = NULL;
    json_array_foreach(files, i, file)
    {
        const char *path = str(file, "path");
        if (prev_path && strcmp(prev_path, path) > 0)
            problem("files/%zu: not sorted by path", i);
        prev_path = path;
        int ok = strcmp(str(file, "status"), "ok") == 0;
        if (ok != json_is_null(json_object_get(file, "error")))
            problem("files/%zu: error must be null exactly when status is ok", i);
        /* "invalid" with tasks: parsed with duplicate keys, and linted */
        if (!ok && strcmp(str(file, "status"), "invalid") != 0 &&
            json_array_size(json_object_get(file, "tasks")) != 0)
            problem("files/%zu: a file that was not parsed has no tasks", i);
        const json_t *findings = json_object_get(file, "findings"), *f, *prev = NULL;
        size_t k;
        json_array_foreach(findings, k, f)
        {
            const json_t *start = json_object_get(f, "start"), *end = json_object_get(f, "end");
            if (!before(start, end))
                problem("files/%zu/findings/%zu: ends before it starts", i, k);
            /* the file's own findings first, then those in files it reads
             * (Terraform's file(), a module's other .tf files) by path; each
             * file's by position */
            const char *fpath = str(f, "path"), *ppath = prev ? str(prev, "path") : path;
            int own = strcmp(fpath, path) == 0, pown = strcmp(ppath, path) == 0;
            if (prev && (own && !pown))
                problem("files/%zu/findings/%zu: the file's own finding after another file's", i,
                        k);
            else if (prev && !own && !pown && strcmp(ppath, fpath) > 0)
                problem("files/%zu/findings/%zu: other files not sorted by path", i, k);
            else if (prev && strcmp(ppath, fpath) == 0 &&
                     !before(json_object_get(prev, "start"), start))
                problem("files/%zu/findings/%zu: not sorted by position", i, k);
            int sup = json_is_true(json_object_get(f, "suppressed"));
            if (sup != json_is_object(json_object_get(f, "suppression")))
                problem("files/%zu/findings/%zu: suppression must be set exactly when suppressed",
                        i, k);
            for (size_t j = 0; j < k; j++)
                if (strcmp(str(json_array_get(findings, j), "fingerprint"),
                           str(f, "fingerprint")) == 0)
                    problem("files/%zu/findings/%zu: fingerprint repeats finding %zu", i, k, j);
            const char *level = str(f, "level");
            if (sup)
                suppressed++;
            else
                count[strcmp(level, "error") == 0 ? 0 : strcmp(level, "warning") == 0 ? 1 : 2]++;
            prev = f;
        }
    }
    const json_t *s = json_object_get(doc, "summary");
    if (num(s, "files") != (long long)json_array_size(files) || num(s, "errors") != count[0] ||
        num(s, "warnings") != count[1] || num(s, "notes") != count[2] ||
        num(s, "suppressed") != suppressed)
        problem("summary: counts do not match the findings");
}

static int check_json(const char *schema_path, const char *data)
{
    json_error_t e;
    schema_root = json_load_file(schema_path, 0, &e);
    if (!schema_root) {
        fprintf(stderr, "%s:%d: %s\n", schema_path, e.line, e.text);
        return 2;
    }
    json_t *doc = json_loads(data, JSON_REJECT_DUPLICATES, &e);
    if (!doc) {
        problem("not JSON: %d:%d: %s", e.line, e.column, e.text);
    } else {
        validate(doc, schema_root, "");
        if (problems == 0)
            check_json_semantics(doc);
    }
    json_decref(doc);
    json_decref(schema_root);
    return problems ? 1 : 0;
}

/* ---------------------------------------------------------------- GitLab */

static int is_hex(const char *s, size_t n)
{
    if (strlen(s) != n)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

static int check_gitlab(const char *data)
{
    static const char *const severities[] = {"info", "minor", "major", "critical", "blocker"};
    static const char *const categories[] = {"Bug Risk",   "Clarity",     "Compatibility",
                                             "Complexity", "Duplication", "Performance",
                                             "Security",   "Style"};
    json_error_t e;
    json_t *doc = json_loads(data, JSON_REJECT_DUPLICATES, &e);
    if (!json_is_array(doc)) {
        problem("not a JSON array: %s", doc ? "another value" : e.text);
        json_decref(doc);
        return 1;
    }
    size_t i;
    json_t *issue;
    json_array_foreach(doc, i, issue)
    {
        if (!json_is_object(issue)) {
            problem("%zu: not an object", i);
            continue;
        }
        if (!json_is_string(json_object_get(issue, "description")) || !*str(issue, "description"))
            problem("%zu: no description", i);
        regex_t re;
        regcomp(&re, "^TD[0-9]{3}$", REG_EXTENDED | REG_NOSUB);
        if (regexec(&re, str(issue, "check_name"), 0, NULL, 0) != 0)
            problem("%zu: check_name \"%s\" is not a rule ID", i, str(issue, "check_name"));
        regfree(&re);
        if (strcmp(str(issue, "type"), "issue") != 0)
            problem("%zu: type is not \"issue\"", i);
        size_t k, ok = 0;
        for (k = 0; k < sizeof severities / sizeof *severities; k++)
            ok |= strcmp(str(issue, "severity"), severities[k]) == 0;
        if (!ok)
            problem("%zu: severity \"%s\" is not one GitLab knows", i, str(issue, "severity"));
        const char *fp = str(issue, "fingerprint");
        if (!is_hex(fp, 32))
            problem("%zu: fingerprint \"%s\" is not 32 hex digits", i, fp);
        for (k = 0; k < i; k++)
            if (strcmp(str(json_array_get(doc, k), "fingerprint"), fp) == 0)
                problem("%zu: fingerprint repeats issue %zu", i, k);
        json_t *cats = json_object_get(issue, "categories"), *c;
        size_t j;
        if (cats && !json_is_array(cats))
            problem("%zu: categories is not an array", i);
        json_array_foreach(cats, j, c)
        {
            ok = 0;
            for (k = 0; k < sizeof categories / sizeof *categories; k++)
                ok |= json_is_string(c) && strcmp(json_string_value(c), categories[k]) == 0;
            if (!ok)
                problem("%zu: category %zu is not a Code Climate category", i, j);
        }
        json_t *loc = json_object_get(issue, "location");
        json_t *lines = json_object_get(loc, "lines");
        if (!json_is_string(json_object_get(loc, "path")) || !*str(loc, "path"))
            problem("%zu: no location.path", i);
        else if (str(loc, "path")[0] == '/' || strncmp(str(loc, "path"), "./", 2) == 0)
            problem("%zu: location.path \"%s\" is not relative", i, str(loc, "path"));
        if (!json_is_integer(json_object_get(lines, "begin")) || num(lines, "begin") < 1)
            problem("%zu: location.lines.begin is not a line number", i);
        if (json_object_get(lines, "end") && num(lines, "end") < num(lines, "begin"))
            problem("%zu: location.lines.end is before begin", i);
    }
    json_decref(doc);
    return problems ? 1 : 0;
}

/* ---------------------------------------------------------------- XML */

typedef struct xnode {
    char *name;
    char **attrs; /* name, value, name, value, ... */
    size_t nattrs;
    struct xnode **kids;
    size_t nkids;
    char *text; /* the character data directly inside, decoded */
    size_t line;
} xnode;

typedef struct {
    const char *p, *end;
    size_t line;
    int failed;
} xparser;

static void xfail(xparser *x, const char *what)
{
    if (!x->failed)
        problem("XML line %zu: %s", x->line, what);
    x->failed = 1;
}

static void append(char **s, size_t *len, const char *add, size_t n)
{
    *s = realloc(*s, *len + n + 1);
    memcpy(*s + *len, add, n);
    *len += n;
    (*s)[*len] = '\0';
}

/* Decodes one UTF-8 character at x->p that XML 1.0's Char production allows;
 * returns its length or 0. */
static size_t xchar(xparser *x)
{
    const unsigned char *p = (const unsigned char *)x->p;
    size_t avail = (size_t)(x->end - x->p), n;
    unsigned long cp;
    if (p[0] < 0x80)
        n = 1, cp = p[0];
    else if (p[0] >= 0xC2 && p[0] <= 0xDF)
        n = 2, cp = p[0] & 0x1F;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        n = 3, cp = p[0] & 0x0F;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        n = 4, cp = p[0] & 0x07;
    else
        return 0;
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    static const unsigned long min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n])
        return 0;
    int ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
             (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    return ok ? n : 0;
}

/* Reads character data up to '<' (text) or the quote (attribute), decoding references. */
static char *xdata(xparser *x, char stop)
{
    char *out = NULL;
    size_t len = 0;
    append(&out, &len, "", 0);
    while (x->p < x->end && *x->p != stop && !x->failed) {
        if (stop != '<' && *x->p == '<') {
            xfail(x, "'<' in an attribute value");
        } else if (*x->p == '&') {
            const char *semi = memchr(x->p, ';', (size_t)(x->end - x->p));
            if (!semi || semi - x->p > 12) {
                xfail(x, "'&' that starts no reference");
                break;
            }
            size_t n = (size_t)(semi - x->p) + 1;
            static const char *const ents[][2] = {
                {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
            size_t e;
            for (e = 0; e < 5; e++)
                if (strlen(ents[e][0]) == n && strncmp(x->p, ents[e][0], n) == 0)
                    break;
            if (e < 5) {
                append(&out, &len, ents[e][1], 1);
            } else if (x->p[1] == '#') {
                char *endp;
                int hex = x->p[2] == 'x';
                unsigned long cp = strtoul(x->p + 2 + hex, &endp, hex ? 16 : 10);
                int ok = endp == semi && endp > x->p + 2 + hex &&
                         (cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0x7F));
                if (!ok) {
                    xfail(x, "a character reference this checker does not accept");
                    break;
                }
                char c = (char)cp;
                append(&out, &len, &c, 1);
            } else {
                xfail(x, "an unknown entity");
                break;
            }
            x->p += n;
            continue;
        } else if (stop == '<' && x->end - x->p >= 3 && strncmp(x->p, "]]>", 3) == 0) {
            xfail(x, "']]>' in text");
        } else {
            size_t n = xchar(x);
            if (!n) {
                xfail(x, "a character XML 1.0 does not allow, or bytes that are not UTF-8");
                break;
            }
            if (*x->p == '\n')
                x->line++;
            append(&out, &len, x->p, n);
            x->p += n;
            continue;
        }
        break;
    }
    return out;
}

static void skip_space(xparser *x)
{
    while (x->p < x->end && (*x->p == ' ' || *x->p == '\t' || *x->p == '\n' || *x->p == '\r')) {
        if (*x->p == '\n')
            x->line++;
        x->p++;
    }
}

static char *xname(xparser *x)
{
    const char *s = x->p;
    while (x->p < x->end &&
           ((*x->p >= 'a' && *x->p <= 'z') || (*x->p >= 'A' && *x->p <= 'Z') || *x->p == '_' ||
            *x->p == ':' ||
            (x->p > s && ((*x->p >= '0' && *x->p <= '9') || *x->p == '-' || *x->p == '.'))))
        x->p++;
    if (x->p == s) {
        xfail(x, "a name was expected");
        return NULL;
    }
    char *n = malloc((size_t)(x->p - s) + 1);
    memcpy(n, s, (size_t)(x->p - s));
    n[x->p - s] = '\0';
    return n;
}

static void xfree(xnode *n)
{
    if (!n)
        return;
    free(n->name);
    for (size_t i = 0; i < n->nattrs * 2; i++)
        free(n->attrs[i]);
    free(n->attrs);
    for (size_t i = 0; i < n->nkids; i++)
        xfree(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n);
}

static xnode *xelement(xparser *x, int depth)
{
    if (depth > 16) {
        xfail(x, "nested too deep");
        return NULL;
    }
    xnode *n = calloc(1, sizeof *n);
    size_t tlen = 0;
    append(&n->text, &tlen, "", 0);
    n->line = x->line;
    x->p++; /* '<' */
    n->name = xname(x);
    while (!x->failed) {
        const char *before_space = x->p;
        skip_space(x);
        if (x->p >= x->end) {
            xfail(x, "end of input in a tag");
            break;
        }
        if (*x->p == '/' || *x->p == '>')
            break;
        if (x->p == before_space)
            xfail(x, "attributes must be separated by white space");
        char *an = xname(x);
        if (x->failed) {
            free(an);
            break;
        }
        for (size_t i = 0; i < n->nattrs; i++)
            if (strcmp(n->attrs[2 * i], an) == 0)
                xfail(x, "an attribute repeats");
        skip_space(x);
        if (x->p >= x->end || *x->p != '=')
            xfail(x, "'=' expected after an attribute name");
        else
            x->p++;
        skip_space(x);
        char q = x->p < x->end ? *x->p : 0;
        if (q != '"' && q != '\'') {
            xfail(x, "a quoted attribute value expected");
            free(an);
            break;
        }
        x->p++;
        char *av = xdata(x, q);
        if (x->p >= x->end)
            xfail(x, "an unclosed attribute value");
        else
            x->p++;
        n->attrs = realloc(n->attrs, (n->nattrs + 1) * 2 * sizeof *n->attrs);
        n->attrs[2 * n->nattrs] = an;
        n->attrs[2 * n->nattrs + 1] = av;
        n->nattrs++;
    }
    if (x->failed)
        return n;
    if (*x->p == '/') {
        if (x->end - x->p < 2 || x->p[1] != '>')
            xfail(x, "'/>' expected");
        x->p += 2;
        return n;
    }
    x->p++; /* '>' */
    for (;;) {
        char *t = xdata(x, '<');
        append(&n->text, &tlen, t, strlen(t));
        free(t);
        if (x->failed)
            return n;
        if (x->p >= x->end) {
            xfail(x, "end of input inside an element");
            return n;
        }
        if (x->end - x->p >= 4 && strncmp(x->p, "<!--", 4) == 0) {
            const char *e = strstr(x->p + 4, "-->");
            if (!e) {
                xfail(x, "an unclosed comment");
                return n;
            }
            x->p = e + 3;
            continue;
        }
        if (x->end - x->p >= 2 && x->p[1] == '/') {
            x->p += 2;
            char *close = xname(x);
            if (close && n->name && strcmp(close, n->name) != 0)
                xfail(x, "a closing tag does not match its opening tag");
            free(close);
            skip_space(x);
            if (x->p >= x->end || *x->p != '>')
                xfail(x, "'>' expected");
            else
                x->p++;
            return n;
        }
        xnode *kid = xelement(x, depth + 1);
        n->kids = realloc(n->kids, (n->nkids + 1) * sizeof *n->kids);
        n->kids[n->nkids++] = kid;
        if (x->failed)
            return n;
    }
}

static xnode *xparse(const char *data, size_t len)
{
    xparser x = {data, data + len, 1, 0};
    static const char decl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    if (strncmp(x.p, decl, sizeof decl - 1) != 0) {
        xfail(&x, "no XML declaration <?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        return NULL;
    }
    x.p += sizeof decl - 1;
    skip_space(&x);
    if (x.p >= x.end || *x.p != '<') {
        xfail(&x, "no root element");
        return NULL;
    }
    xnode *root = xelement(&x, 0);
    skip_space(&x);
    if (!x.failed && x.p != x.end)
        xfail(&x, "content after the root element");
    if (x.failed) {
        xfree(root);
        return NULL;
    }
    return root;
}

static const char *xattr(const xnode *n, const char *name)
{
    for (size_t i = 0; i < n->nattrs; i++)
        if (strcmp(n->attrs[2 * i], name) == 0)
            return n->attrs[2 * i + 1];
    return NULL;
}

/* The attribute as a count, or -1 (after reporting) when missing or not a number. */
static long xcount(const xnode *n, const char *name)
{
    const char *v = xattr(n, name);
    char *end;
    long c = v && *v ? strtol(v, &end, 10) : -1;
    if (!v || !*v || *end || c < 0) {
        problem("<%s> line %zu: attribute %s is not a count", n->name, n->line, name);
        return -1;
    }
    return c;
}

static int check_junit(const char *data, size_t len)
{
    xnode *root = xparse(data, len);
    if (!root)
        return 1;
    if (strcmp(root->name, "testsuites") != 0)
        problem("the root element is <%s>, not <testsuites>", root->name);
    long tests = 0, failures = 0, errors = 0;
    for (size_t s = 0; s < root->nkids; s++) {
        const xnode *suite = root->kids[s];
        if (strcmp(suite->name, "testsuite") != 0) {
            problem("line %zu: <%s> in <testsuites>", suite->line, suite->name);
            continue;
        }
        const char *sname = xattr(suite, "name");
        if (!sname)
            problem("line %zu: a testsuite without a name", suite->line);
        long t = 0, f = 0, e = 0;
        for (size_t c = 0; c < suite->nkids; c++) {
            const xnode *tc = suite->kids[c];
            if (strcmp(tc->name, "testcase") != 0) {
                problem("line %zu: <%s> in <testsuite>", tc->line, tc->name);
                continue;
            }
            t++;
            const char *cls = xattr(tc, "classname"), *name = xattr(tc, "name");
            if (!cls || !name || !*name)
                problem("line %zu: a testcase needs classname and name", tc->line);
            else if (sname && strcmp(cls, sname) != 0)
                problem("line %zu: classname is not the file's path", tc->line);
            if (c == 0 && (!name || strcmp(name, "(file)") != 0))
                problem("line %zu: the first testcase is not \"(file)\"", tc->line);
            int verdicts = 0, outs = 0;
            for (size_t k = 0; k < tc->nkids; k++) {
                const xnode *v = tc->kids[k];
                if (strcmp(v->name, "failure") == 0 || strcmp(v->name, "error") == 0) {
                    verdicts++;
                    *(strcmp(v->name, "failure") == 0 ? &f : &e) += 1;
                    if (!xattr(v, "message") || !*xattr(v, "message") || !xattr(v, "type"))
                        problem("line %zu: <%s> needs message and type", v->line, v->name);
                    if (!*v->text)
                        problem("line %zu: <%s> holds no diagnostics", v->line, v->name);
                } else if (strcmp(v->name, "system-out") == 0) {
                    outs++;
                    if (!*v->text)
                        problem("line %zu: an empty <system-out>", v->line);
                } else {
                    problem("line %zu: <%s> in <testcase>", v->line, v->name);
                }
                if (v->nkids)
                    problem("line %zu: <%s> holds elements", v->line, v->name);
            }
            if (verdicts > 1 || outs > 1)
                problem("line %zu: more than one failure, error or system-out", tc->line);
        }
        if (xcount(suite, "tests") != t || xcount(suite, "failures") != f ||
            xcount(suite, "errors") != e)
            problem("line %zu: testsuite counts are not %ld tests, %ld failures, %ld errors",
                    suite->line, t, f, e);
        tests += t;
        failures += f;
        errors += e;
    }
    if (xcount(root, "tests") != tests || xcount(root, "failures") != failures ||
        xcount(root, "errors") != errors)
        problem("testsuites counts are not %ld tests, %ld failures, %ld errors", tests, failures,
                errors);
    xfree(root);
    return problems ? 1 : 0;
}

/* ---------------------------------------------------------------- GitHub */

/* Whether s[0..n) holds no character the runner would misread: no CR or LF,
 * '%' only in %25 %0D %0A (and %3A %2C in a property), no ':' or ',' in a property. */
static int escaped_ok(const char *s, size_t n, int property)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r' || s[i] == '\n' || (property && (s[i] == ':' || s[i] == ',')))
            return 0;
        if (s[i] == '%') {
            if (i + 2 >= n)
                return 0;
            const char *e = s + i + 1;
            int ok = strncmp(e, "25", 2) == 0 || strncmp(e, "0D", 2) == 0 ||
                     strncmp(e, "0A", 2) == 0 ||
                     (property && (strncmp(e, "3A", 2) == 0 || strncmp(e, "2C", 2) == 0));
            if (!ok)
                return 0;
        }
    }
    return 1;
}

static int check_github(const char *data)
{
    regex_t re;
    /* ::LEVEL file=F,line=L[,col=C],endLine=L2[,endColumn=C2],title=T::MESSAGE */
    regcomp(&re,
            "^::(error|warning|notice) file=([^,:]+),line=([1-9][0-9]*)(,col=([1-9][0-9]*))?,"
            "endLine=([1-9][0-9]*)(,endColumn=([1-9][0-9]*))?,title=(TD[0-9]{3} [a-z0-9-]+)::(.+)$",
            REG_EXTENDED);
    size_t lineno = 0;
    const char *p = data;
    while (*p) {
        const char *nl = strchr(p, '\n');
        if (!nl) {
            problem("the last line does not end in a newline");
            break;
        }
        lineno++;
        size_t n = (size_t)(nl - p);
        char *line = malloc(n + 1);
        memcpy(line, p, n);
        line[n] = '\0';
        regmatch_t m[11];
        if (regexec(&re, line, 11, m, 0) != 0) {
            problem("line %zu: not a workflow command tdlint writes: %s", lineno, line);
        } else {
            int has_col = m[5].rm_so >= 0, has_end_col = m[8].rm_so >= 0;
            long l1 = strtol(line + m[3].rm_so, NULL, 10), l2 = strtol(line + m[6].rm_so, NULL, 10);
            if (has_col != has_end_col)
                problem("line %zu: col and endColumn go together", lineno);
            if (has_col && l1 != l2)
                problem("line %zu: columns on an annotation of several lines", lineno);
            if (l2 < l1)
                problem("line %zu: endLine before line", lineno);
            if (!escaped_ok(line + m[2].rm_so, (size_t)(m[2].rm_eo - m[2].rm_so), 1))
                problem("line %zu: the file property is not escaped", lineno);
            if (!escaped_ok(line + m[10].rm_so, (size_t)(m[10].rm_eo - m[10].rm_so), 0))
                problem("line %zu: the message is not escaped", lineno);
        }
        free(line);
        p = nl + 1;
    }
    regfree(&re);
    return problems ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "json") == 0 && argc < 4)) {
        fprintf(stderr, "usage: check_report json SCHEMA FILE | gitlab|junit|github FILE\n");
        return 2;
    }
    const char *path = argv[argc - 1];
    size_t len = 0;
    char *data = read_input(path, &len);
    if (!data) {
        fprintf(stderr, "check_report: cannot read %s\n", path);
        return 2;
    }
    int rc;
    if (strlen(data) != len) {
        problem("the report holds a NUL byte");
        rc = 1;
    } else if (strcmp(argv[1], "json") == 0) {
        rc = check_json(argv[2], data);
    } else if (strcmp(argv[1], "gitlab") == 0) {
        rc = check_gitlab(data);
    } else if (strcmp(argv[1], "junit") == 0) {
        rc = check_junit(data, len);
    } else if (strcmp(argv[1], "github") == 0) {
        rc = check_github(data);
    } else {
        fprintf(stderr, "check_report: unknown kind %s\n", argv[1]);
        rc = 2;
    }
    free(data);
    return rc;
}
