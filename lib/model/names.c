/* Intrinsic functions as messages show them: where a name is computed
 * (a container named !Sub "${Env}-web"), the expression itself names it,
 * written in a template's short form whatever the input (JSON's
 * {"Fn::Sub": "${Env}-web"} and YAML's !Sub "${Env}-web" read the same). */
#include "build.h"

#include <string.h>

/* Past this many bytes the text ends with "...": a name stays one short line. */
#define TEXT_MAX TDI_QUOTE_MAX
#define DEPTH_MAX 8

static void put_value(tdi_buf *b, const json_t *v, int depth);

static void put_string(tdi_buf *b, const json_t *v)
{
    tdi_buf_quoted(b, json_string_value(v), json_string_length(v), TDI_QUOTE_MAX);
}

/* Ref's and GetAtt's names are written bare, as in !Ref Env and !GetAtt Db.Endpoint. */
static void put_bare(tdi_buf *b, const json_t *v, int depth)
{
    if (json_is_string(v))
        tdi_buf_escaped(b, json_string_value(v), json_string_length(v), TDI_QUOTE_MAX);
    else
        put_value(b, v, depth);
}

static void put_function(tdi_buf *b, const char *fn, const json_t *arg, int depth)
{
    const char *shortname = strncmp(fn, "Fn::", 4) == 0 ? fn + 4 : fn;
    tdi_buf_printf(b, "!%s ", shortname);
    if (strcmp(fn, "Ref") == 0 || strcmp(fn, "Condition") == 0) {
        put_bare(b, arg, depth);
    } else if (strcmp(fn, "Fn::GetAtt") == 0 && json_is_array(arg) && json_array_size(arg) == 2 &&
               json_is_string(json_array_get(arg, 0)) && json_is_string(json_array_get(arg, 1))) {
        put_bare(b, json_array_get(arg, 0), depth);
        tdi_buf_putc(b, '.');
        put_bare(b, json_array_get(arg, 1), depth);
    } else if (strcmp(fn, "Fn::GetAtt") == 0) {
        put_bare(b, arg, depth);
    } else {
        put_value(b, arg, depth);
    }
}

static void put_value(tdi_buf *b, const json_t *v, int depth)
{
    if (b->len > TEXT_MAX || depth > DEPTH_MAX) {
        tdi_buf_puts(b, "...");
        return;
    }
    const char *fn = tdi_intrinsic_name(v);
    if (fn) {
        put_function(b, fn, json_object_get(v, fn), depth + 1);
        return;
    }
    switch (json_typeof(v)) {
    case JSON_STRING:
        put_string(b, v);
        break;
    case JSON_ARRAY:
        tdi_buf_putc(b, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                tdi_buf_puts(b, ", ");
            if (b->len > TEXT_MAX) {
                tdi_buf_puts(b, "...");
                break;
            }
            put_value(b, json_array_get(v, i), depth + 1);
        }
        tdi_buf_putc(b, ']');
        break;
    case JSON_OBJECT: {
        const char *k;
        json_t *m;
        int first = 1;
        tdi_buf_putc(b, '{');
        json_object_foreach((json_t *)v, k, m)
        {
            if (!first)
                tdi_buf_puts(b, ", ");
            first = 0;
            if (b->len > TEXT_MAX) {
                tdi_buf_puts(b, "...");
                break;
            }
            tdi_buf_escaped(b, k, strlen(k), TDI_QUOTE_MAX);
            tdi_buf_puts(b, ": ");
            put_value(b, m, depth + 1);
        }
        tdi_buf_putc(b, '}');
        break;
    }
    case JSON_INTEGER:
        tdi_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        tdi_buf_printf(b, "%.17g", json_real_value(v));
        break;
    case JSON_TRUE:
        tdi_buf_puts(b, "true");
        break;
    case JSON_FALSE:
        tdi_buf_puts(b, "false");
        break;
    default:
        tdi_buf_puts(b, "null");
    }
}

void tdi_intrinsic_text(tdi_buf *b, const json_t *v)
{
    tdi_buf base; /* its own buffer: TEXT_MAX counts from the expression's start */
    tdi_buf_init(&base);
    put_value(&base, v, 0);
    if (base.failed)
        b->failed = 1;
    else
        tdi_buf_add(b, base.data, base.len);
    tdi_buf_free(&base);
}
