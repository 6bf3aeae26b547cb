/* Loading Terraform's HCL (tdi_load with hcl set): the tree in Terraform's
 * JSON syntax, exact spans of keys and values, strings and heredocs decoded
 * and loaded as JSON located in the .tf, duplicates, comments, errors and
 * limits. The inputs have the shapes of the AWS provider's documented
 * examples and of terraform-aws-modules/ecs. */
#include "testutil.h"

static void load_hcl(const char *text, size_t max_depth, tdi_loaded *l)
{
    tdi_load_options opt = {max_depth, 0, NULL, 1, NULL};
    ck_assert_int_eq(tdi_load(text, strlen(text), &opt, l), TD_OK);
}

/* The whole tree, compact with sorted keys (caller frees). */
static char *tree(const tdi_loaded *l)
{
    ck_assert_uint_eq(l->ndocs, 1);
    ck_assert_int_eq(l->docs[0].format, TDI_FORMAT_HCL);
    return json_dumps(l->docs[0].root, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

static void tree_is(const tdi_loaded *l, const char *want)
{
    ck_assert_msg(l->status == TDI_LOAD_OK, "status %d: %s", l->status, l->error ? l->error : "");
    char *got = tree(l);
    ck_assert_str_eq(got, want);
    free(got);
}

/* The bytes of span in l's text. */
static const char *text_of(const tdi_loaded *l, tdi_span s)
{
    static char bufs[4][512];
    static int k;
    char *b = bufs[k++ & 3];
    ck_assert_uint_le(s.start, s.end);
    ck_assert_uint_le(s.end, l->src.len);
    snprintf(b, 512, "%.*s", (int)(s.end - s.start), l->src.data + s.start);
    return b;
}

/* The member at pointer: its key is key_text starting at key_at ("L:C"),
 * its value is value_text exactly. */
static void span_is(const tdi_loaded *l, const char *pointer, const char *key_text,
                    const char *key_at, const char *value_text)
{
    const tdi_member *m = member_at(&l->docs[0], pointer, NULL);
    ck_assert_msg(m != NULL, "%s: no member", pointer);
    ck_assert_str_eq(text_of(l, m->key_span), key_text);
    ck_assert_str_eq(pos_at(&l->src, m->key_span.start), key_at);
    ck_assert_str_eq(text_of(l, m->value_span), value_text);
}

/* ---- values ---- */

START_TEST(test_attributes)
{
    static const char text[] = "family = \"web\" # the service\n"
                               "cpu    = 256\n"
                               "memory = 0.5\n"
                               "offset = -1\n"
                               "tiny   = -2.5\n"
                               "big    = 1.5e3\n"
                               "huge   = 123456789012345678901234567890\n"
                               "essential = true\n"
                               "privileged = false\n"
                               "user   = null\n"
                               "paren  = ((8))\n"
                               "compat = [\"FARGATE\", \"EC2\",]\n"
                               "empty  = []\n"
                               "tags   = { Name = \"web\", \"team\" = \"a\", env: \"prod\" }\n"
                               "nested = { a = [{ b = {} }] }\n";
    tdi_loaded l;
    load_hcl(text, 0, &l);
    tree_is(&l, "{\"big\":1500.0,\"compat\":[\"FARGATE\",\"EC2\"],\"cpu\":256,\"empty\":[],"
                "\"essential\":true,\"family\":\"web\",\"huge\":1.2345678901234568e29,"
                "\"memory\":0.5,\"nested\":{\"a\":[{\"b\":{}}]},\"offset\":-1,\"paren\":8,"
                "\"privileged\":false,\"tags\":{\"Name\":\"web\",\"env\":\"prod\",\"team\":\"a\"},"
                "\"tiny\":-2.5,\"user\":null}");
    span_is(&l, "/family", "family", "1:1", "\"web\"");
    span_is(&l, "/offset", "offset", "4:1", "-1");
    span_is(&l, "/paren", "paren", "11:1", "8");
    span_is(&l, "/compat", "compat", "12:1", "[\"FARGATE\", \"EC2\",]");
    span_is(&l, "/compat/1", "\"EC2\"", "12:22", "\"EC2\"");
    span_is(&l, "/tags/team", "\"team\"", "14:26", "\"a\"");
    span_is(&l, "/tags/env", "env", "14:40", "\"prod\"");
    span_is(&l, "/nested/a/0/b", "b", "15:19", "{}");
    /* the root spans the file, blanks after it left out */
    ck_assert_uint_eq(l.docs[0].root_span.start, 0);
    ck_assert_uint_eq(l.docs[0].root_span.end, strlen(text) - 1);
    /* every object and array has its record, the whole of it */
    const json_t *tags;
    member_at(&l.docs[0], "/tags", &tags);
    ck_assert_str_eq(text_of(&l, tdi_doc_node(&l.docs[0], tags)->span),
                     "{ Name = \"web\", \"team\" = \"a\", env: \"prod\" }");
    tdi_loaded_free(&l);
}
END_TEST

/* HCL's numerals with an exponent and no fraction, which the grammar's
 * numeral lacks (hcl.c reads them as HCL does); names that look like them
 * are names */
START_TEST(test_exponents)
{
    static const char text[] = "a = 1e5\n"
                               "b = -2E+2\n"
                               "c = [1e-5, 12e0,-1e1]\n"
                               "d = 3e5-1e5\n"
                               "e = \"x-1e5 1e5 ${1e5}\" # 1e5\n"
                               "f = <<EOT\n1e5\nEOT\n"
                               "id-1e5 = 1\n"
                               "g = id-1e+5\n"
                               "h = { m = 1e999, n = 1e5 }\n";
    tdi_loaded l;
    load_hcl(text, 0, &l);
    tree_is(&l, "{\"a\":100000.0,\"b\":-200.0,\"c\":[1.0000000000000001e-5,12.0,-10.0],"
                "\"d\":\"${3e5-1e5}\",\"e\":\"x-1e5 1e5 ${1e5}\",\"f\":\"1e5\\n\","
                "\"g\":\"${id-1e+5}\",\"h\":{\"m\":\"${1e999}\",\"n\":100000.0},"
                "\"id-1e5\":1}");
    span_is(&l, "/a", "a", "1:1", "1e5");
    span_is(&l, "/b", "b", "2:1", "-2E+2");
    span_is(&l, "/c/2", "-1e1", "3:17", "-1e1");
    span_is(&l, "/h/n", "n", "11:18", "1e5");
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_labeled_blocks_merge)
{
    static const char text[] = "resource \"aws_ecs_task_definition\" \"web\" {\n"
                               "  family = \"web\"\n"
                               "}\n"
                               "\n"
                               "data \"aws_iam_role\" \"exec\" {\n"
                               "  name = \"exec\"\n"
                               "}\n"
                               "\n"
                               "resource \"aws_ecs_task_definition\" \"worker\" {\n"
                               "  family = \"worker\"\n"
                               "}\n"
                               "resource \"aws_ecs_service\" \"web\" {\n"
                               "  name = \"web\"\n"
                               "}\n"
                               "variable image {}\n";
    tdi_loaded l;
    load_hcl(text, 0, &l);
    tree_is(&l, "{\"data\":{\"aws_iam_role\":{\"exec\":{\"name\":\"exec\"}}},"
                "\"resource\":{\"aws_ecs_service\":{\"web\":{\"name\":\"web\"}},"
                "\"aws_ecs_task_definition\":{\"web\":{\"family\":\"web\"},"
                "\"worker\":{\"family\":\"worker\"}}},\"variable\":{\"image\":{}}}");
    ck_assert_uint_eq(l.nissues, 0);
    /* the levels: the first block's type word and label, the block */
    const char *first = "resource \"aws_ecs_task_definition\" \"web\" {\n"
                        "  family = \"web\"\n"
                        "}";
    span_is(&l, "/resource", "resource", "1:1", first);
    /* (a value starts at its key or after: the block from the label on) */
    span_is(&l, "/resource/aws_ecs_task_definition", "\"aws_ecs_task_definition\"", "1:10",
            first + 9);
    /* the innermost: the label, and the body in its braces */
    span_is(&l, "/resource/aws_ecs_task_definition/web", "\"web\"", "1:36",
            "{\n  family = \"web\"\n}");
    span_is(&l, "/resource/aws_ecs_task_definition/worker", "\"worker\"", "9:36",
            "{\n  family = \"worker\"\n}");
    span_is(&l, "/resource/aws_ecs_task_definition/worker/family", "family", "10:3", "\"worker\"");
    span_is(&l, "/variable/image", "image", "15:10", "{}");
    /* members in the order written */
    const json_t *res;
    member_at(&l.docs[0], "/resource", &res);
    const tdi_nodeloc *rec = tdi_doc_node(&l.docs[0], res);
    ck_assert_uint_eq(rec->n, 2);
    ck_assert_str_eq(rec->members[0].key, "aws_ecs_task_definition");
    ck_assert_str_eq(rec->members[1].key, "aws_ecs_service");
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_nested_blocks_are_arrays)
{
    /* the provider's documented example, volumes and platform */
    static const char text[] = "resource \"aws_ecs_task_definition\" \"service\" {\n"
                               "  family = \"service\"\n"
                               "  volume {\n"
                               "    name      = \"service-storage\"\n"
                               "    host_path = \"/ecs/service-storage\"\n"
                               "  }\n"
                               "  volume {\n"
                               "    name = \"efs\"\n"
                               "    efs_volume_configuration {\n"
                               "      file_system_id     = aws_efs_file_system.fs.id\n"
                               "      root_directory     = \"/opt/data\"\n"
                               "      transit_encryption = \"ENABLED\"\n"
                               "    }\n"
                               "  }\n"
                               "  runtime_platform {\n"
                               "    operating_system_family = \"LINUX\"\n"
                               "  }\n"
                               "}\n";
    tdi_loaded l;
    load_hcl(text, 0, &l);
    tree_is(&l,
            "{\"resource\":{\"aws_ecs_task_definition\":{\"service\":{\"family\":\"service\","
            "\"runtime_platform\":[{\"operating_system_family\":\"LINUX\"}],"
            "\"volume\":[{\"host_path\":\"/ecs/service-storage\",\"name\":\"service-storage\"},"
            "{\"efs_volume_configuration\":[{\"file_system_id\":\"${aws_efs_file_system.fs.id}\","
            "\"root_directory\":\"/opt/data\",\"transit_encryption\":\"ENABLED\"}],"
            "\"name\":\"efs\"}]}}}}");
    const char *p = "/resource/aws_ecs_task_definition/service";
    char ptr[256];
    /* the array: the first block's type word; its value, first block to last */
    snprintf(ptr, sizeof ptr, "%s/volume", p);
    const tdi_member *m = member_at(&l.docs[0], ptr, NULL);
    ck_assert_str_eq(text_of(&l, m->key_span), "volume");
    ck_assert_str_eq(pos_at(&l.src, m->key_span.start), "3:3");
    ck_assert_str_eq(pos_at(&l.src, m->value_span.start), "3:3");
    ck_assert_str_eq(pos_at(&l.src, m->value_span.end), "14:4");
    /* each element: its block */
    snprintf(ptr, sizeof ptr, "%s/volume/0", p);
    span_is(&l, ptr,
            "volume {\n    name      = \"service-storage\"\n"
            "    host_path = \"/ecs/service-storage\"\n  }",
            "3:3",
            "volume {\n    name      = \"service-storage\"\n"
            "    host_path = \"/ecs/service-storage\"\n  }");
    snprintf(ptr, sizeof ptr, "%s/volume/0/host_path", p);
    span_is(&l, ptr, "host_path", "5:5", "\"/ecs/service-storage\"");
    snprintf(ptr, sizeof ptr, "%s/volume/1/efs_volume_configuration/0/file_system_id", p);
    span_is(&l, ptr, "file_system_id", "10:7", "aws_efs_file_system.fs.id");
    snprintf(ptr, sizeof ptr, "%s/runtime_platform/0/operating_system_family", p);
    span_is(&l, ptr, "operating_system_family", "16:5", "\"LINUX\"");
    /* an element's own record: the body in its braces */
    const json_t *v0;
    snprintf(ptr, sizeof ptr, "%s/volume/0", p);
    member_at(&l.docs[0], ptr, &v0);
    ck_assert_str_eq(pos_at(&l.src, tdi_doc_node(&l.docs[0], v0)->span.start), "3:10");
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_jsonencode)
{
    /* terraform-aws-modules/ecs's shape: jsonencode of a list of maps */
    static const char text[] =
        "resource \"aws_ecs_task_definition\" \"this\" {\n"
        "  family = \"app\"\n"
        "  container_definitions = jsonencode([\n"
        "    {\n"
        "      name      = \"app\"\n"
        "      image     = \"public.ecr.aws/nginx/nginx:1.25\"\n"
        "      essential = true\n"
        "      readonlyRootFilesystem = true\n"
        "      portMappings = [{ containerPort = 80, protocol = \"tcp\" }]\n"
        "      mountPoints  = []\n"
        "      environment  = [{ \"name\" = \"MODE\", \"value\" = var.mode }]\n"
        "      linuxParameters = { capabilities = { drop = [\"ALL\"] } }\n"
        "    },\n"
        "    merge(local.sidecar, { name = \"log\" }),\n"
        "  ])\n"
        "  policy = jsonencode(jsonencode({}))\n"
        "  other  = (jsonencode({ a = 1 }))\n"
        "}\n";
    tdi_loaded l;
    load_hcl(text, 0, &l);
    tree_is(&l, "{\"resource\":{\"aws_ecs_task_definition\":{\"this\":{\"container_definitions\":"
                "[{\"environment\":[{\"name\":\"MODE\",\"value\":\"${var.mode}\"}],"
                "\"essential\":true,\"image\":\"public.ecr.aws/nginx/nginx:1.25\","
                "\"linuxParameters\":{\"capabilities\":{\"drop\":[\"ALL\"]}},\"mountPoints\":[],"
                "\"name\":\"app\",\"portMappings\":[{\"containerPort\":80,\"protocol\":\"tcp\"}],"
                "\"readonlyRootFilesystem\":true},"
                "\"${merge(local.sidecar, { name = \\\"log\\\" })}\"],"
                "\"family\":\"app\",\"other\":{\"a\":1},\"policy\":\"${jsonencode({})}\"}}}}");
    const char *p = "/resource/aws_ecs_task_definition/this/container_definitions";
    char ptr[256];
    /* the call disappears: the value is its argument, where it is written */
    const tdi_member *m = member_at(&l.docs[0], p, NULL);
    ck_assert_str_eq(text_of(&l, m->key_span), "container_definitions");
    ck_assert_str_eq(pos_at(&l.src, m->value_span.start), "3:38");
    ck_assert_str_eq(pos_at(&l.src, m->value_span.end), "15:4");
    snprintf(ptr, sizeof ptr, "%s/0/readonlyRootFilesystem", p);
    span_is(&l, ptr, "readonlyRootFilesystem", "8:7", "true");
    snprintf(ptr, sizeof ptr, "%s/0", p);
    m = member_at(&l.docs[0], ptr, NULL);
    ck_assert_str_eq(pos_at(&l.src, m->value_span.start), "4:5");
    ck_assert_str_eq(pos_at(&l.src, m->value_span.end), "13:6");
    snprintf(ptr, sizeof ptr, "%s/0/environment/0/name", p);
    span_is(&l, ptr, "\"name\"", "11:25", "\"MODE\"");
    snprintf(ptr, sizeof ptr, "%s/1", p);
    span_is(&l, ptr, "merge(local.sidecar, { name = \"log\" })", "14:5",
            "merge(local.sidecar, { name = \"log\" })");
    span_is(&l, "/resource/aws_ecs_task_definition/this/other/a", "a", "17:26", "1");
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_expressions)
{
    static const char text[] = "a = var.image\n"
                               "b = local.defs\n"
                               "c = module.svc.task_arn\n"
                               "d = data.aws_ecr_image.app.image_uri\n"
                               "e = file(\"${path.module}/containers.json\")\n"
                               "f = templatefile(\"task.json.tpl\", { image = var.image })\n"
                               "g = concat(local.a, [for c in var.c : c])\n"
                               "h = var.ro ? true : false\n"
                               "i = var.list[*].name\n"
                               "j = 1 + 2\n"
                               "k = { (var.key) = 1 }\n"
                               "l = [\"a\", var.b]\n"
                               "m = !true\n";
    tdi_loaded l;
    load_hcl(text, 0, &l);
    tree_is(&l, "{\"a\":\"${var.image}\",\"b\":\"${local.defs}\",\"c\":\"${module.svc.task_arn}\","
                "\"d\":\"${data.aws_ecr_image.app.image_uri}\","
                "\"e\":\"${file(\\\"${path.module}/containers.json\\\")}\","
                "\"f\":\"${templatefile(\\\"task.json.tpl\\\", { image = var.image })}\","
                "\"g\":\"${concat(local.a, [for c in var.c : c])}\","
                "\"h\":\"${var.ro ? true : false}\",\"i\":\"${var.list[*].name}\","
                "\"j\":\"${1 + 2}\",\"k\":\"${{ (var.key) = 1 }}\",\"l\":[\"a\",\"${var.b}\"],"
                "\"m\":\"${!true}\"}");
    span_is(&l, "/d", "d", "4:1", "data.aws_ecr_image.app.image_uri");
    span_is(&l, "/k", "k", "11:1", "{ (var.key) = 1 }");
    span_is(&l, "/l/1", "var.b", "12:11", "var.b");
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_templates)
{
    static const char text[] = "a = \"web-${var.env}\"\n"
                               "b = \"$${literal} %%{also}\"\n"
                               "c = \"$${kept} ${var.x}\"\n"
                               "d = \"%{ if var.ro }true%{ else }false%{ endif }\"\n"
                               "e = \"tab\\tquote\\\" \\u00e9\\U0001F600 back\\\\\"\n"
                               "f = \"x${\"}\"}y\"\n";
    tdi_loaded l;
    load_hcl(text, 0, &l);
    tree_is(&l, "{\"a\":\"web-${var.env}\",\"b\":\"${literal} %{also}\","
                "\"c\":\"$${kept} ${var.x}\","
                "\"d\":\"%{ if var.ro }true%{ else }false%{ endif }\","
                "\"e\":\"tab\\tquote\\\" \xC3\xA9\xF0\x9F\x98\x80 back\\\\\","
                "\"f\":\"x${\\\"}\\\"}y\"}");
    span_is(&l, "/a", "a", "1:1", "\"web-${var.env}\"");
    span_is(&l, "/f", "f", "6:1", "\"x${\"}\"}y\"");
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_dynamic_blocks)
{
    static const char text[] = "resource \"aws_ecs_task_definition\" \"t\" {\n"
                               "  volume {\n"
                               "    name = \"a\"\n"
                               "  }\n"
                               "  dynamic \"volume\" {\n"
                               "    for_each = var.volumes\n"
                               "    content {\n"
                               "      name = volume.value.name\n"
                               "    }\n"
                               "  }\n"
                               "}\n"
                               "provider \"aws\" {}\n"
                               "provider \"aws\" {\n"
                               "  alias = \"east\"\n"
                               "}\n";
    tdi_loaded l;
    load_hcl(text, 0, &l);
    tree_is(&l, "{\"provider\":{\"aws\":[{},{\"alias\":\"east\"}]},"
                "\"resource\":{\"aws_ecs_task_definition\":{\"t\":{\"volume\":[{\"name\":\"a\"},"
                "\"${dynamic \\\"volume\\\" {\\n    for_each = var.volumes\\n    content {\\n"
                "      name = volume.value.name\\n    }\\n  }}\"]}}}}");
    ck_assert_uint_eq(l.nissues, 0);
    const tdi_member *m =
        member_at(&l.docs[0], "/resource/aws_ecs_task_definition/t/volume/1", NULL);
    ck_assert_str_eq(pos_at(&l.src, m->value_span.start), "5:3");
    ck_assert_str_eq(pos_at(&l.src, m->value_span.end), "10:4");
    span_is(&l, "/provider/aws/1/alias", "alias", "14:3", "\"east\"");
    tdi_loaded_free(&l);
}
END_TEST

/* ---- heredocs and strings that hold JSON ---- */

/* Loads the JSON of the string at pointer, located in l's text. */
static void load_string(const tdi_loaded *l, const char *pointer, tdi_loaded *e)
{
    const tdi_member *m = member_at(&l->docs[0], pointer, NULL);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(tdi_doc_load_string(&l->docs[0], &l->src, m->value_span, NULL, e), TD_OK);
}

/* The member at pointer of e (a string's JSON): its key is key_text at
 * key_at in the outer text, its value value_text. */
static void inner_is(const tdi_loaded *l, const tdi_loaded *e, const char *pointer,
                     const char *key_text, const char *key_at, const char *value_text)
{
    const tdi_member *m = member_at(&e->docs[0], pointer, NULL);
    ck_assert_msg(m != NULL, "%s: no member", pointer);
    ck_assert_str_eq(text_of(l, m->key_span), key_text);
    ck_assert_str_eq(pos_at(&l->src, m->key_span.start), key_at);
    ck_assert_str_eq(text_of(l, m->value_span), value_text);
}

START_TEST(test_heredoc)
{
    /* the provider's documented form */
    static const char text[] = "resource \"aws_ecs_task_definition\" \"service\" {\n"
                               "  container_definitions = <<TASK_DEFINITION\n"
                               "[\n"
                               "  {\n"
                               "    \"name\": \"first\",\n"
                               "    \"readonlyRootFilesystem\": false\n"
                               "  }\n"
                               "]\n"
                               "TASK_DEFINITION\n"
                               "}\n";
    tdi_loaded l, e;
    load_hcl(text, 0, &l);
    tree_is(&l,
            "{\"resource\":{\"aws_ecs_task_definition\":{\"service\":{\"container_definitions\":"
            "\"[\\n  {\\n    \\\"name\\\": \\\"first\\\",\\n    \\\"readonlyRootFilesystem\\\": "
            "false\\n  }\\n]\\n\"}}}}");
    const char *p = "/resource/aws_ecs_task_definition/service/container_definitions";
    const tdi_member *m = member_at(&l.docs[0], p, NULL);
    ck_assert_str_eq(pos_at(&l.src, m->value_span.start), "2:27");
    ck_assert_str_eq(pos_at(&l.src, m->value_span.end), "9:16");
    load_string(&l, p, &e);
    ck_assert_int_eq(e.status, TDI_LOAD_OK);
    inner_is(&l, &e, "/0/readonlyRootFilesystem", "\"readonlyRootFilesystem\"", "6:5", "false");
    inner_is(&l, &e, "/0/name", "\"name\"", "5:5", "\"first\"");
    tdi_loaded_free(&e);
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_heredoc_indented)
{
    /* <<-: the indentation every line shares goes (a blank line does not count) */
    static const char text[] = "locals {\n"
                               "  defs = <<-EOT\n"
                               "    [\n"
                               "\n"
                               "      {\"name\": \"a\", \"image\": \"${var.image}\",\n"
                               "       \"name\": \"b\"}\n"
                               "    ]\n"
                               "    EOT\n"
                               "  tabs = <<-X\n"
                               "\t\tone\n"
                               "\t  two\n"
                               "\tX\n"
                               "}\n";
    tdi_loaded l, e;
    load_hcl(text, 0, &l);
    tree_is(&l, "{\"locals\":[{\"defs\":\"[\\n\\n  {\\\"name\\\": \\\"a\\\", \\\"image\\\": "
                "\\\"${var.image}\\\",\\n   \\\"name\\\": \\\"b\\\"}\\n]\\n\","
                "\"tabs\":\"one\\n two\\n\"}]}");
    load_string(&l, "/locals/0/defs", &e);
    ck_assert_int_eq(e.status, TDI_LOAD_OK);
    /* the duplicate key inside is an issue located in the .tf */
    ck_assert_uint_eq(e.nissues, 1);
    ck_assert_str_eq(pos_at(&l.src, e.issues[0].start), "6:8");
    ck_assert_str_eq(text_of(&l, (tdi_span){e.issues[0].start, e.issues[0].end}), "\"name\"");
    ck_assert_str_eq(e.issues[0].message,
                     "duplicate key \"name\" (also at line 5)" TDI_DUPLICATE_TAIL);
    inner_is(&l, &e, "/0/image", "\"image\"", "5:21", "\"${var.image}\"");
    inner_is(&l, &e, "/0/name", "\"name\"", "6:8", "\"b\"");
    tdi_loaded_free(&e);
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_quoted_json)
{
    static const char text[] = "container_definitions = \"[{\\\"name\\\": \\\"w\\u00e9b\\\", "
                               "\\\"readonlyRootFilesystem\\\": true}]\"\n";
    tdi_loaded l, e;
    load_hcl(text, 0, &l);
    tree_is(&l, "{\"container_definitions\":\"[{\\\"name\\\": \\\"w\xC3\xA9"
                "b\\\", \\\"readonlyRootFilesystem\\\": true}]\"}");
    load_string(&l, "/container_definitions", &e);
    ck_assert_int_eq(e.status, TDI_LOAD_OK);
    inner_is(&l, &e, "/0/name", "\\\"name\\\"", "1:28", "\\\"w\\u00e9b\\\"");
    inner_is(&l, &e, "/0/readonlyRootFilesystem", "\\\"readonlyRootFilesystem\\\"", "1:52", "true");
    tdi_loaded_free(&e);
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_string_text)
{
    static const char text[] = "a = 1\n"
                               "b = \"x\\ty\"\n"
                               "c = <<-E\n"
                               "    k\n"
                               "  E\n"
                               "d = <<E\r\n"
                               "crlf\r\n"
                               "E\r\n";
    tdi_loaded l, e;
    load_hcl(text, 0, &l);
    tree_is(&l, "{\"a\":1,\"b\":\"x\\ty\",\"c\":\"k\\n\",\"d\":\"crlf\\r\\n\"}");
    const tdi_doc *doc = &l.docs[0];
    char *t;
    size_t *map, n;
    /* each decoded byte mapped to where it is written, then the end */
    ck_assert_int_eq(
        doc->string_text(doc, l.src.data, member_at(doc, "/b", NULL)->value_span, &t, &map, &n),
        TD_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(map[0], 11);
    ck_assert_uint_eq(map[1], 12); /* \t: where the escape starts */
    ck_assert_uint_eq(map[2], 14);
    ck_assert_uint_eq(map[3], 15);
    free(t);
    free(map);
    ck_assert_int_eq(
        doc->string_text(doc, l.src.data, member_at(doc, "/c", NULL)->value_span, &t, &map, &n),
        TD_OK);
    /* the indentation of the content left out (the closing marker's does not count) */
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(t, "k\n");
    ck_assert_uint_eq(map[0], 30);
    ck_assert_uint_eq(map[1], 31);
    ck_assert_uint_eq(map[2], 32);
    free(t);
    free(map);
    /* a value that is not a string */
    ck_assert_int_eq(
        doc->string_text(doc, l.src.data, member_at(doc, "/a", NULL)->value_span, &t, &map, &n),
        TD_EINVAL);
    load_string(&l, "/a", &e);
    ck_assert_int_eq(e.status, TDI_LOAD_SYNTAX);
    ck_assert_str_eq(e.error, "not a string written in quotes or as a heredoc");
    tdi_loaded_free(&e);
    tdi_loaded_free(&l);
}
END_TEST

/* ---- duplicates, comments, errors, limits ---- */

START_TEST(test_duplicates)
{
    static const char text[] = "resource \"aws_ecs_task_definition\" \"web\" {\n"
                               "  cpu = 256\n"
                               "  cpu = 512\n"
                               "  env = { a = 1, \"a\" = 2 }\n"
                               "}\n"
                               "resource \"aws_ecs_task_definition\" \"web\" {\n"
                               "  family = \"second\"\n"
                               "}\n";
    tdi_loaded l;
    load_hcl(text, 0, &l);
    tree_is(&l, "{\"resource\":{\"aws_ecs_task_definition\":{\"web\":{\"family\":\"second\"}}}}");
    ck_assert_uint_eq(l.nissues, 3);
    ck_assert_str_eq(pos_at(&l.src, l.issues[0].start), "3:3");
    ck_assert_str_eq(l.issues[0].message,
                     "duplicate attribute \"cpu\" (also at line 2): Terraform rejects a name "
                     "defined twice in one body; tdlint checks the last one, while a reviewer may "
                     "read the other; remove one");
    ck_assert_str_eq(pos_at(&l.src, l.issues[1].start), "4:18");
    ck_assert_str_eq(l.issues[1].message,
                     "duplicate key \"a\" (also at line 4): Terraform keeps the last value, which "
                     "tdlint checks, while a reviewer may read the other; remove one");
    ck_assert_str_eq(pos_at(&l.src, l.issues[2].start), "6:36");
    ck_assert_str_eq(text_of(&l, (tdi_span){l.issues[2].start, l.issues[2].end}), "\"web\"");
    ck_assert_str_eq(l.issues[2].message,
                     "duplicate block resource \"aws_ecs_task_definition\" \"web\" (also at line "
                     "1): Terraform rejects a name defined twice in one body; tdlint checks the "
                     "last one, while a reviewer may read the other; remove one");
    /* the index holds the one kept */
    span_is(&l, "/resource/aws_ecs_task_definition/web", "\"web\"", "6:36",
            "{\n  family = \"second\"\n}");
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_comments)
{
    static const char text[] = "# tdlint:ignore TD001 the image writes /tmp\n"
                               "resource \"aws_ecs_task_definition\" \"w\" {\n"
                               "  // a line comment\n"
                               "  container_definitions = jsonencode([ /* inline */\n"
                               "    # tdlint:ignore TD001 sidecar\n"
                               "    { name = \"a\" },\n"
                               "  ])\n"
                               "}\n";
    tdi_loaded l;
    load_hcl(text, 0, &l);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    ck_assert_uint_eq(l.ncomments, 4);
    ck_assert_str_eq(text_of(&l, l.comments[0]), "# tdlint:ignore TD001 the image writes /tmp");
    ck_assert_str_eq(text_of(&l, l.comments[1]), "// a line comment");
    ck_assert_str_eq(text_of(&l, l.comments[2]), "/* inline */");
    ck_assert_str_eq(text_of(&l, l.comments[3]), "# tdlint:ignore TD001 sidecar");
    ck_assert_str_eq(pos_at(&l.src, l.comments[3].start), "5:5");
    tree_is(&l, "{\"resource\":{\"aws_ecs_task_definition\":{\"w\":{\"container_definitions\":"
                "[{\"name\":\"a\"}]}}}}");
    tdi_loaded_free(&l);
}
END_TEST

typedef struct {
    const char *name;
    const char *text;
    tdi_load_status status;
    const char *at;
    const char *message;
} err_case;

static const err_case ERRORS[] = {
    {"unclosed block", "resource \"x\" \"y\" {\n  a = 1\n", TDI_LOAD_SYNTAX, "3:1",
     "HCL syntax error: missing '}'"},
    {"value missing at the end", "resource \"x\" {\n  a = \n", TDI_LOAD_SYNTAX, "2:6",
     "HCL syntax error: unexpected end of file: the '{' at line 1, column 14 is not closed"},
    {"two values", "a = 1 2\n", TDI_LOAD_SYNTAX, "1:7", "HCL syntax error: unexpected '2'"},
    {"unclosed tuple", "a = [1, 2\n", TDI_LOAD_SYNTAX, "2:1", "HCL syntax error: missing ']'"},
    {"unclosed string", "a = \"abc\n", TDI_LOAD_SYNTAX, "2:1",
     "HCL syntax error: missing the closing '\"' of a string"},
    {"unclosed heredoc", "a = <<EOF\nabc\n", TDI_LOAD_SYNTAX, "3:1",
     "HCL syntax error: missing the closing marker of a heredoc"},
    {"bad escape", "a = \"\\q\"\n", TDI_LOAD_SYNTAX, "1:6",
     "HCL syntax error: an invalid escape sequence \\q in a string (HCL knows \\n \\r \\t \\\" "
     "\\\\ \\uNNNN \\UNNNNNNNN)"},
    {"stray character", "a = \"x\" @\n", TDI_LOAD_SYNTAX, "1:9",
     "HCL syntax error: unexpected '@'"},
    {"exponent without digits", "a = 1e\n", TDI_LOAD_SYNTAX, "1:6",
     "HCL syntax error: unexpected 'e'"},
    {"exponent then a name", "a = 1e5x\n", TDI_LOAD_SYNTAX, "1:6",
     "HCL syntax error: unexpected 'e5x'"},
    {"exponent then a fraction", "a = 1e5.5\n", TDI_LOAD_SYNTAX, "1:6",
     "HCL syntax error: unexpected 'e5'"},
    {"no name", "= 1\n", TDI_LOAD_SYNTAX, "1:1", "HCL syntax error: unexpected '='"},
    {"not utf-8", "a = \"\xC3\x28\"\n", TDI_LOAD_SYNTAX, "1:6",
     "HCL syntax error: unable to decode byte 0xc3: the file is not UTF-8"},
};

START_TEST(test_errors)
{
    const err_case *c = &ERRORS[_i];
    tdi_loaded l;
    load_hcl(c->text, 0, &l);
    ck_assert_msg(l.status == c->status, "%s: status %d (%s)", c->name, l.status,
                  l.error ? l.error : "");
    ck_assert_uint_eq(l.ndocs, 0);
    ck_assert_str_eq(l.error, c->message);
    ck_assert_str_eq(pos_at(&l.src, l.error_start), c->at);
    tdi_loaded_free(&l);
}
END_TEST

START_TEST(test_depth)
{
    /* resource -> type -> name -> body -> [ -> {: six levels */
    static const char text[] = "resource \"t\" \"n\" {\n"
                               "  c = [{ a = [1] }]\n"
                               "}\n";
    tdi_loaded l;
    load_hcl(text, 6, &l);
    ck_assert_int_eq(l.status, TDI_LOAD_INVALID);
    ck_assert_uint_eq(l.ndocs, 0);
    ck_assert_str_eq(l.error, "nesting deeper than 6 levels (--max-depth)");
    ck_assert_str_eq(pos_at(&l.src, l.error_start), "2:14");
    tdi_loaded_free(&l);
    load_hcl(text, 7, &l);
    ck_assert_int_eq(l.status, TDI_LOAD_OK);
    tdi_loaded_free(&l);
    /* deeper than any limit: refused, not a crash */
    size_t n = 100000;
    char *deep = malloc(2 * n + 8);
    memcpy(deep, "a = ", 4);
    memset(deep + 4, '[', n);
    memset(deep + 4 + n, ']', n);
    strcpy(deep + 4 + 2 * n, "\n");
    tdi_load_options opt = {(size_t)1 << 30, 0, NULL, 1, NULL};
    ck_assert_int_eq(tdi_load(deep, strlen(deep), &opt, &l), TD_OK);
    ck_assert_int_eq(l.status, TDI_LOAD_INVALID);
    ck_assert_str_eq(l.error, "nesting deeper than 2048 levels, the most tdlint reads in HCL");
    ck_assert_uint_eq(l.error_start, 4 + 2047); /* the root is the first level */
    tdi_loaded_free(&l);
    free(deep);
}
END_TEST

START_TEST(test_empty_and_bom)
{
    tdi_loaded l;
    load_hcl("", 0, &l);
    tree_is(&l, "{}");
    tdi_loaded_free(&l);
    load_hcl("  # nothing but a comment\n", 0, &l);
    tree_is(&l, "{}");
    ck_assert_uint_eq(l.ncomments, 1);
    tdi_loaded_free(&l);
    /* whatever the content looks like: HCL */
    load_hcl("{\"a\": 1}", 0, &l);
    ck_assert_int_eq(l.status, TDI_LOAD_SYNTAX);
    ck_assert_str_eq(l.error, "HCL syntax error: unexpected '{': a .tf file holds attributes and "
                              "blocks (JSON goes in a .tf.json file)");
    ck_assert_uint_eq(l.error_start, 0);
    tdi_loaded_free(&l);
    load_hcl("\xEF\xBB\xBF"
             "cpu = 1\n",
             0, &l);
    tree_is(&l, "{\"cpu\":1}");
    const tdi_member *m = member_at(&l.docs[0], "/cpu", NULL);
    ck_assert_uint_eq(m->key_span.start, 3);
    ck_assert_uint_eq(m->value_span.start, 9);
    tdi_loaded_free(&l);
}
END_TEST

/* The error td_lint_buffer reports for text shown as path (NULL: none),
 * which tells which parser read it. */
static void error_is(const char *path, const char *text, const char *error)
{
    td_config *cfg;
    ck_assert_int_eq(td_config_new(&cfg), TD_OK);
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(cfg, path, text, strlen(text), &f), TD_OK);
    const char *got = td_file_error(f);
    ck_assert_msg(error ? got && strcmp(got, error) == 0 : !got, "%s, %s: error \"%s\", not \"%s\"",
                  path, text, got ? got : "(none)", error ? error : "(none)");
    td_file_free(f);
    td_config_free(cfg);
}

/* A name without a JSON or YAML extension (standard input without a name, a
 * file named on the command line) is read as HCL when the text starts, after
 * blanks and comments, with a block's header: TYPE, labels on its line, {. */
START_TEST(test_sniff)
{
    const char *unclosed = "HCL syntax error: missing '}'";
    error_is("<stdin>", "locals   {", unclosed);
    error_is("deploy", "locals   {", unclosed);
    error_is("main.TF", "locals   {", unclosed);
    error_is("<stdin>", "# a\n// b\n/* c\n */ resource \"x\" y_2-z {", unclosed);
    error_is("<stdin>", "locals {}\n", NULL);
    error_is("<stdin>", "\xEF\xBB\xBFlocals{", unclosed);
    /* no block's header: YAML (a flow mapping, or a string) */
    error_is("<stdin>", "key: {",
             "invalid YAML: did not find expected node content while "
             "parsing a flow node");
    error_is("<stdin>", "a \"b\nc\" {", NULL);
    error_is("<stdin>", "a \"b\" = {", NULL);
    error_is("<stdin>", "/* c", NULL);
    /* a JSON or YAML name wins: there "locals {" is a YAML string */
    error_is("x.json", "locals {", NULL);
    error_is("x.Yml", "locals {", NULL);
    error_is("x.template", "locals {", NULL);
}
END_TEST

static Suite *hcl_load_suite(void)
{
    Suite *s = suite_create("hcl_load");
    TCase *tc = tcase_create("values");
    tcase_add_test(tc, test_attributes);
    tcase_add_test(tc, test_exponents);
    tcase_add_test(tc, test_labeled_blocks_merge);
    tcase_add_test(tc, test_nested_blocks_are_arrays);
    tcase_add_test(tc, test_jsonencode);
    tcase_add_test(tc, test_expressions);
    tcase_add_test(tc, test_templates);
    tcase_add_test(tc, test_dynamic_blocks);
    suite_add_tcase(s, tc);
    tc = tcase_create("strings");
    tcase_add_test(tc, test_heredoc);
    tcase_add_test(tc, test_heredoc_indented);
    tcase_add_test(tc, test_quoted_json);
    tcase_add_test(tc, test_string_text);
    suite_add_tcase(s, tc);
    tc = tcase_create("problems");
    tcase_add_test(tc, test_duplicates);
    tcase_add_test(tc, test_comments);
    tcase_add_loop_test(tc, test_errors, 0, sizeof ERRORS / sizeof ERRORS[0]);
    tcase_add_test(tc, test_depth);
    tcase_add_test(tc, test_empty_and_bom);
    tcase_add_test(tc, test_sniff);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(hcl_load_suite)
