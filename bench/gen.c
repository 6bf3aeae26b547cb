/* bench/gen: deterministic (seeded) inputs for the tdlint benchmarks.
 *
 *   gen cfn-json  [options] OUT      CloudFormation template, JSON
 *   gen cfn-yaml  [options] OUT      CloudFormation template, YAML
 *   gen taskdef   [options] OUT      register-task-definition input (JSON)
 *   gen tree      [-n FILES] [--seed S] DIR
 *                                    a tree of small files: task definitions and
 *                                    templates mixed with non-template JSON/YAML
 *   gen containers -n N OUT          a bare array of N small container
 *                                    definitions on one line, none with
 *                                    readonlyRootFilesystem (N TD001 findings)
 * options:
 *   --size BYTES     stop adding containers once the output reaches BYTES
 *                    (suffixes K, M: 1024-based); the file ends a little over it
 *   --taskdefs T     number of task definitions (count mode; with --size: a cap)
 *   --containers C   containers per task definition (default 4)
 *   --findings F     exactly F containers, spread evenly, lack
 *                    ReadonlyRootFilesystem (each one TD001 finding); the bytes
 *                    it saves are padded back, so the size does not depend on F
 *   --intrinsics K   intrinsic functions per container (default 4; 0 = none)
 *   --form short|long|mixed   YAML intrinsic syntax (default short)
 *   --seed S         PRNG seed (default 1)
 *   --minify         JSON on one line: no white space outside strings, as
 *                    jq -c and terraform show -json write it
 * Prints "BYTES CONTAINERS FINDINGS" on standard output.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    char *p;
    size_t n, cap;
} buf;

static void bput(buf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        if (k < 0)
            abort();
        if (b->p && b->n + (size_t)k < b->cap) {
            b->n += (size_t)k;
            return;
        }
        size_t ncap = b->cap ? b->cap * 2 : 1 << 16;
        while (ncap < b->n + (size_t)k + 1)
            ncap *= 2;
        b->p = realloc(b->p, ncap);
        if (!b->p) {
            perror("gen");
            exit(2);
        }
        b->cap = ncap;
    }
}

static uint64_t rng_state;
static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}
static void rword(char *out, size_t len)
{
    static const char a[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (size_t i = 0; i < len; i++)
        out[i] = a[rnd() % (sizeof a - 1)];
    out[len] = 0;
}

enum { F_JSON, F_YAML, F_TASKDEF };
enum { FORM_SHORT, FORM_LONG, FORM_MIXED };

typedef struct {
    int fmt, form;
    size_t max_bytes;       /* 0: none */
    unsigned long max_td;   /* 0: none */
    unsigned long per_td;   /* containers per task definition */
    unsigned long max_cont; /* 0: none (pass 2 of size mode) */
    unsigned long findings; /* spread over total */
    unsigned long total;    /* containers in the file, for spreading findings */
    unsigned intrinsics;
    uint64_t seed;
} params;

/* is global container i (of total) one of the findings? */
static int is_finding(const params *p, unsigned long i)
{
    if (!p->findings || !p->total)
        return 0;
    unsigned long long f = p->findings, n = p->total;
    return (i + 1) * f / n > i * f / n;
}

/* ---- intrinsic values (CloudFormation only) ---- */

static int use_long(const params *p, unsigned long k)
{
    return p->form == FORM_LONG || (p->form == FORM_MIXED && (k & 1));
}

/* Writes "key": value / key: value for the k-th intrinsic of a container.
 * ind: indentation for YAML. */
static void intrinsic(buf *b, const params *p, const char *ind, const char *key, unsigned kind,
                      unsigned long td, unsigned long k)
{
    int lf = use_long(p, k);
    switch (kind % 5) {
    case 0:
        if (p->fmt == F_JSON)
            bput(b,
                 "%s\"%s\": {\"Fn::Sub\": "
                 "\"${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/svc-%lu:${ImageTag}\"}",
                 ind, key, td);
        else if (lf)
            bput(b,
                 "%s%s:\n%s  Fn::Sub: "
                 "\"${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/svc-%lu:${ImageTag}\"\n",
                 ind, key, ind, td);
        else
            bput(b,
                 "%s%s: !Sub "
                 "\"${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/svc-%lu:${ImageTag}\"\n",
                 ind, key, td);
        break;
    case 1:
        if (p->fmt == F_JSON)
            bput(b, "%s\"%s\": {\"Ref\": \"LogGroup%lu\"}", ind, key, td);
        else if (lf)
            bput(b, "%s%s:\n%s  Ref: LogGroup%lu\n", ind, key, ind, td);
        else
            bput(b, "%s%s: !Ref LogGroup%lu\n", ind, key, td);
        break;
    case 2:
        if (p->fmt == F_JSON)
            bput(b, "%s\"%s\": {\"Fn::GetAtt\": [\"Queue%lu\", \"Arn\"]}", ind, key, td);
        else if (lf)
            bput(b, "%s%s:\n%s  Fn::GetAtt: [Queue%lu, Arn]\n", ind, key, ind, td);
        else
            bput(b, "%s%s: !GetAtt Queue%lu.Arn\n", ind, key, td);
        break;
    case 3:
        if (p->fmt == F_JSON)
            bput(b,
                 "%s\"%s\": {\"Fn::Join\": [\":\", [\"svc-%lu\", {\"Ref\": \"AWS::Region\"}, "
                 "{\"Ref\": \"Stage\"}]]}",
                 ind, key, td);
        else if (lf)
            bput(b, "%s%s:\n%s  Fn::Join: [\":\", [svc-%lu, {Ref: AWS::Region}, {Ref: Stage}]]\n",
                 ind, key, ind, td);
        else
            bput(b, "%s%s: !Join [\":\", [svc-%lu, !Ref AWS::Region, !Ref Stage]]\n", ind, key, td);
        break;
    default:
        if (p->fmt == F_JSON)
            bput(b,
                 "%s\"%s\": {\"Fn::If\": [\"IsProd\", \"info\", {\"Fn::Select\": [0, [\"debug\", "
                 "\"trace\"]]}]}",
                 ind, key);
        else if (lf)
            bput(b, "%s%s:\n%s  Fn::If: [IsProd, info, {Fn::Select: [0, [debug, trace]]}]\n", ind,
                 key, ind);
        else
            bput(b, "%s%s: !If [IsProd, info, !Select [0, [debug, trace]]]\n", ind, key);
        break;
    }
}

/* ---- one container ---- */

static void container(buf *b, const params *p, unsigned long td, unsigned long ci,
                      unsigned long global, int first)
{
    int fnd = is_finding(p, global);
    char w1[24], w2[24];
    rword(w1, 6 + rnd() % 10);
    rword(w2, 8 + rnd() % 16);
    int pascal = p->fmt != F_TASKDEF;
    const char *K_ro = pascal ? "ReadonlyRootFilesystem" : "readonlyRootFilesystem";
    /* the ReadonlyRootFilesystem member, whose length a finding pads back */
    char ro[80];
    if (p->fmt == F_YAML)
        snprintf(ro, sizeof ro, "          %s: true\n", K_ro);
    else
        snprintf(ro, sizeof ro, "\n          \"%s\": true,", K_ro);
    char pad[80];
    size_t padlen = fnd ? strlen(ro) : 0;
    memset(pad, 'x', padlen);
    pad[padlen] = 0;
    unsigned nin = p->fmt == F_TASKDEF ? 0 : p->intrinsics;
    unsigned long k = global * 7;

    if (p->fmt == F_YAML) {
        bput(b, "        - Name: c%lu-%s\n", ci, w1);
        if (nin > 0)
            intrinsic(b, p, "          ", "Image", 0, td, k++);
        else
            bput(b,
                 "          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/svc-%lu:1.0.%lu\n",
                 td, ci);
        bput(b, "          Essential: %s\n", ci == 0 ? "true" : "false");
        if (!fnd)
            bput(b, "%s", ro);
        bput(b, "          User: \"1000\"\n          Cpu: 256\n          Memory: 512\n");
        bput(b,
             "          PortMappings:\n            - ContainerPort: %lu\n              Protocol: "
             "tcp\n",
             8080 + ci);
        bput(b, "          MountPoints:\n            - SourceVolume: tmp\n              "
                "ContainerPath: /tmp\n              ReadOnly: false\n");
        bput(b, "          Environment:\n");
        bput(b, "            - Name: APP_NAME\n              Value: %s\n", w1);
        bput(b, "            - Name: APP_TOKEN_ID\n              Value: \"%s\"\n", w2);
        for (unsigned i = 3; i < nin; i++) {
            bput(b, "            - Name: VAR_%u\n", i);
            intrinsic(b, p, "              ", "Value", i, td, k++);
        }
        bput(b, "          DockerLabels:\n            bench.pad: \"p%s\"\n", pad);
        bput(b,
             "          LogConfiguration:\n            LogDriver: awslogs\n            Options:\n");
        if (nin > 1)
            intrinsic(b, p, "              ", "awslogs-group", 1, td, k++);
        else
            bput(b, "              awslogs-group: /ecs/svc-%lu\n", td);
        if (nin > 2)
            intrinsic(b, p, "              ", "awslogs-region", 3, td, k++);
        else
            bput(b, "              awslogs-region: eu-west-1\n");
        bput(b, "              awslogs-stream-prefix: c%lu\n", ci);
        return;
    }
    /* JSON (CloudFormation or task definition) */
    const char *N = pascal ? "Name" : "name", *V = pascal ? "Value" : "value";
    bput(b, "%s\n        {\n          \"%s\": \"c%lu-%s\",\n", first ? "" : ",", N, ci, w1);
    if (nin > 0)
        intrinsic(b, p, "          ", "Image", 0, td, k++);
    else
        bput(b,
             "          \"%s\": \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/svc-%lu:1.0.%lu\"",
             pascal ? "Image" : "image", td, ci);
    bput(b, ",\n          \"%s\": %s,", pascal ? "Essential" : "essential",
         ci == 0 ? "true" : "false");
    if (!fnd)
        bput(b, "%s", ro);
    bput(b, "\n          \"%s\": \"1000\",\n          \"%s\": 256,\n          \"%s\": 512,\n",
         pascal ? "User" : "user", pascal ? "Cpu" : "cpu", pascal ? "Memory" : "memory");
    bput(b, "          \"%s\": [{\"%s\": %lu, \"%s\": \"tcp\"}],\n",
         pascal ? "PortMappings" : "portMappings", pascal ? "ContainerPort" : "containerPort",
         8080 + ci, pascal ? "Protocol" : "protocol");
    bput(b, "          \"%s\": [{\"%s\": \"tmp\", \"%s\": \"/tmp\", \"%s\": false}],\n",
         pascal ? "MountPoints" : "mountPoints", pascal ? "SourceVolume" : "sourceVolume",
         pascal ? "ContainerPath" : "containerPath", pascal ? "ReadOnly" : "readOnly");
    bput(b,
         "          \"%s\": [\n            {\"%s\": \"APP_NAME\", \"%s\": \"%s\"},\n            "
         "{\"%s\": \"APP_TOKEN_ID\", \"%s\": \"%s\"}",
         pascal ? "Environment" : "environment", N, V, w1, N, V, w2);
    for (unsigned i = 3; i < nin; i++) {
        bput(b, ",\n            {\"%s\": \"VAR_%u\",", N, i);
        intrinsic(b, p, " ", V, i, td, k++);
        bput(b, "}");
    }
    bput(b, "\n          ],\n          \"%s\": {\"bench.pad\": \"p%s\"},\n",
         pascal ? "DockerLabels" : "dockerLabels", pad);
    bput(b, "          \"%s\": {\n            \"%s\": \"awslogs\",\n            \"%s\": {\n",
         pascal ? "LogConfiguration" : "logConfiguration", pascal ? "LogDriver" : "logDriver",
         pascal ? "Options" : "options");
    if (nin > 1)
        intrinsic(b, p, "              ", "awslogs-group", 1, td, k++);
    else
        bput(b, "              \"awslogs-group\": \"/ecs/svc-%lu\"", td);
    bput(b, ",\n");
    if (nin > 2)
        intrinsic(b, p, "              ", "awslogs-region", 3, td, k++);
    else
        bput(b, "              \"awslogs-region\": \"eu-west-1\"");
    bput(b,
         ",\n              \"awslogs-stream-prefix\": \"c%lu\"\n            }\n          }\n       "
         " }",
         ci);
}

static int more(const params *p, const buf *b, unsigned long containers)
{
    if (p->max_cont && containers >= p->max_cont)
        return 0;
    if (p->max_bytes && b->n >= p->max_bytes)
        return 0;
    return 1;
}

/* Generates the whole file; returns the number of containers written. */
static unsigned long generate(buf *b, const params *p)
{
    rng_state = p->seed * 0x9E3779B97F4A7C15ull + 1;
    unsigned long g = 0; /* containers so far */
    if (p->fmt == F_TASKDEF) {
        bput(b, "{\n  \"family\": \"bench-svc\",\n  \"networkMode\": \"awsvpc\",\n"
                "  \"requiresCompatibilities\": [\"FARGATE\"],\n  \"cpu\": \"1024\",\n  "
                "\"memory\": \"2048\",\n"
                "  \"executionRoleArn\": \"arn:aws:iam::123456789012:role/ecsTaskExecutionRole\",\n"
                "  \"volumes\": [{\"name\": \"tmp\"}],\n  \"containerDefinitions\": [");
        do
            container(b, p, 0, g, g, g == 0);
        while (++g, more(p, b, g));
        bput(b, "\n  ]\n}\n");
        return g;
    }
    int y = p->fmt == F_YAML;
    if (y)
        bput(b, "AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: tdlint benchmark stack\n"
                "Parameters:\n  ImageTag:\n    Type: String\n    Default: \"1.0.0\"\n"
                "  Stage:\n    Type: String\n    AllowedValues: [dev, prod]\n"
                "Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\nResources:\n");
    else
        bput(b,
             "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Description\": \"tdlint "
             "benchmark stack\",\n"
             "  \"Parameters\": {\n    \"ImageTag\": {\"Type\": \"String\", \"Default\": "
             "\"1.0.0\"},\n"
             "    \"Stage\": {\"Type\": \"String\", \"AllowedValues\": [\"dev\", \"prod\"]}\n  },\n"
             "  \"Conditions\": {\"IsProd\": {\"Fn::Equals\": [{\"Ref\": \"Stage\"}, \"prod\"]}},\n"
             "  \"Resources\": {");
    unsigned long td = 0;
    int go = 1;
    while (go) {
        if (y)
            bput(b,
                 "  LogGroup%lu:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      "
                 "RetentionInDays: 14\n"
                 "  Queue%lu:\n    Type: AWS::SQS::Queue\n"
                 "  TaskDef%lu:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n"
                 "      Family: svc-%lu\n      Cpu: \"1024\"\n      Memory: \"2048\"\n      "
                 "NetworkMode: awsvpc\n"
                 "      RequiresCompatibilities: [FARGATE]\n      Volumes:\n        - Name: tmp\n"
                 "      ContainerDefinitions:\n",
                 td, td, td, td);
        else
            bput(b,
                 "%s\n    \"LogGroup%lu\": {\"Type\": \"AWS::Logs::LogGroup\", \"Properties\": "
                 "{\"RetentionInDays\": 14}},\n"
                 "    \"Queue%lu\": {\"Type\": \"AWS::SQS::Queue\"},\n"
                 "    \"TaskDef%lu\": {\n      \"Type\": \"AWS::ECS::TaskDefinition\",\n      "
                 "\"Properties\": {\n"
                 "        \"Family\": \"svc-%lu\",\n        \"Cpu\": \"1024\",\n        "
                 "\"Memory\": \"2048\",\n"
                 "        \"NetworkMode\": \"awsvpc\",\n        \"RequiresCompatibilities\": "
                 "[\"FARGATE\"],\n"
                 "        \"Volumes\": [{\"Name\": \"tmp\"}],\n        \"ContainerDefinitions\": [",
                 td == 0 ? "" : ",", td, td, td, td);
        for (unsigned long ci = 0; ci < p->per_td; ci++) {
            container(b, p, td, ci, g, ci == 0);
            g++;
            if (!more(p, b, g)) {
                go = 0;
                break;
            }
        }
        if (!y)
            bput(b, "\n      ]\n      }\n    }");
        td++;
        if (p->max_td && td >= p->max_td)
            go = 0;
    }
    if (!y)
        bput(b, "\n  }\n}\n");
    return g;
}

/* Removes the white space outside strings: the same JSON on one line. */
static void minify(buf *b)
{
    size_t k = 0;
    int in_string = 0;
    for (size_t i = 0; i < b->n; i++) {
        char c = b->p[i];
        if (in_string) {
            if (c == '\\') {
                b->p[k++] = c;
                c = b->p[++i];
            } else if (c == '"') {
                in_string = 0;
            }
        } else if (c == '"') {
            in_string = 1;
        } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            continue;
        }
        b->p[k++] = c;
    }
    b->n = k;
}

/* A bare array of n container definitions on one line, each without the setting. */
static void containers_line(buf *b, unsigned long n)
{
    bput(b, "[");
    for (unsigned long i = 0; i < n; i++)
        bput(b, "%s{\"name\":\"c%lu\",\"image\":\"app\"}", i ? "," : "", i);
    bput(b, "]\n");
}

/* ---- the tree of small files ---- */

static void write_file(const char *path, const buf *b)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->p, 1, b->n, f) != b->n || fclose(f) != 0) {
        fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
        exit(2);
    }
}

static int tree(const char *dir, unsigned long n, uint64_t seed)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gen: %s: %s\n", dir, strerror(errno));
        return 2;
    }
    char path[4096];
    unsigned long findings = 0;
    for (unsigned long i = 0; i < n; i++) {
        if (i % 100 == 0) {
            snprintf(path, sizeof path, "%s/d%04lu", dir, i / 100);
            mkdir(path, 0777);
        }
        buf b = {0};
        const char *ext;
        unsigned kind = i % 10;
        params p = {0};
        p.seed = seed + i;
        p.per_td = 1 + i % 2;
        p.max_td = 1;
        p.intrinsics = 3;
        p.total = p.per_td;
        p.findings = i % 7 == 0; /* one in seven templates has one finding */
        if (kind < 3) {          /* task definition */
            p.fmt = F_TASKDEF;
            p.max_cont = p.per_td;
            generate(&b, &p);
            ext = "json";
        } else if (kind < 5) { /* small template, YAML or JSON */
            p.fmt = kind == 3 ? F_YAML : F_JSON;
            generate(&b, &p);
            ext = kind == 3 ? "yaml" : "template.json";
        } else if (kind < 7) { /* package.json-like */
            rng_state = seed + i + 1;
            char w[16];
            rword(w, 8);
            bput(&b,
                 "{\n  \"name\": \"pkg-%s\",\n  \"version\": \"1.%lu.0\",\n  \"private\": true,\n"
                 "  \"scripts\": {\"build\": \"tsc -p .\", \"test\": \"vitest run\"},\n"
                 "  \"dependencies\": {\"left-pad\": \"^1.3.0\", \"lodash\": \"^4.17.21\"},\n"
                 "  \"devDependencies\": {\"typescript\": \"^5.4.0\"}\n}\n",
                 w, i);
            p.findings = 0;
            ext = "json";
        } else if (kind < 9) { /* Kubernetes manifest / workflow */
            if (kind == 7)
                bput(&b,
                     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-%lu\n  labels: "
                     "{app: web}\n"
                     "spec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n"
                     "    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n"
                     "        - name: web\n          image: nginx:1.27\n          ports:\n"
                     "            - containerPort: 80\n          securityContext:\n"
                     "            readOnlyRootFilesystem: true\n",
                     i);
            else
                bput(&b,
                     "name: ci-%lu\non:\n  push:\n    branches: [main]\njobs:\n  build:\n"
                     "    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
                     "      - run: make test\n",
                     i);
            p.findings = 0;
            ext = kind == 7 ? "yaml" : "yml";
        } else { /* docker-compose */
            bput(&b,
                 "services:\n  app%lu:\n    image: postgres:16\n    environment:\n"
                 "      POSTGRES_PASSWORD: example\n    read_only: true\n",
                 i);
            p.findings = 0;
            ext = "yaml";
        }
        findings += p.findings;
        snprintf(path, sizeof path, "%s/d%04lu/f%06lu.%s", dir, i / 100, i, ext);
        write_file(path, &b);
        free(b.p);
    }
    printf("%lu files, %lu findings\n", n, findings);
    return 0;
}

static size_t parse_size(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (*end == 'K' || *end == 'k')
        v *= 1024;
    else if (*end == 'M' || *end == 'm')
        v *= 1024 * 1024;
    return (size_t)v;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gen cfn-json|cfn-yaml|taskdef|tree [options] OUT\n");
        return 2;
    }
    params p = {0};
    p.per_td = 4;
    p.intrinsics = 4;
    p.seed = 1;
    unsigned long nfiles = 10000;
    int minified = 0;
    const char *mode = argv[1], *out = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--size") && v)
            p.max_bytes = parse_size(v), i++;
        else if (!strcmp(a, "--taskdefs") && v)
            p.max_td = strtoul(v, NULL, 10), i++;
        else if (!strcmp(a, "--containers") && v)
            p.per_td = strtoul(v, NULL, 10), i++;
        else if (!strcmp(a, "--findings") && v)
            p.findings = strtoul(v, NULL, 10), i++;
        else if (!strcmp(a, "--intrinsics") && v)
            p.intrinsics = (unsigned)strtoul(v, NULL, 10), i++;
        else if (!strcmp(a, "--seed") && v)
            p.seed = strtoull(v, NULL, 10), i++;
        else if (!strcmp(a, "-n") && v)
            nfiles = strtoul(v, NULL, 10), i++;
        else if (!strcmp(a, "--minify"))
            minified = 1;
        else if (!strcmp(a, "--form") && v) {
            p.form = !strcmp(v, "long") ? FORM_LONG : !strcmp(v, "mixed") ? FORM_MIXED : FORM_SHORT;
            i++;
        } else if (a[0] != '-' && !out)
            out = a;
        else {
            fprintf(stderr, "gen: bad argument '%s'\n", a);
            return 2;
        }
    }
    if (!out || p.per_td == 0) {
        fprintf(stderr, "gen: no output given\n");
        return 2;
    }
    if (!strcmp(mode, "tree"))
        return tree(out, nfiles, p.seed);
    if (!strcmp(mode, "containers")) {
        buf b = {0};
        containers_line(&b, nfiles);
        write_file(out, &b);
        printf("%zu %lu %lu\n", b.n, nfiles, nfiles);
        free(b.p);
        return 0;
    }
    if (!strcmp(mode, "cfn-json"))
        p.fmt = F_JSON;
    else if (!strcmp(mode, "cfn-yaml"))
        p.fmt = F_YAML;
    else if (!strcmp(mode, "taskdef"))
        p.fmt = F_TASKDEF;
    else {
        fprintf(stderr, "gen: unknown mode '%s'\n", mode);
        return 2;
    }
    if (!p.max_bytes && !p.max_td)
        p.max_td = 1;
    if (p.fmt == F_TASKDEF && !p.max_bytes)
        p.max_cont = p.per_td;
    /* pass 1 counts the containers (the size does not depend on the findings:
     * they are padded back), pass 2 spreads the findings over them */
    buf b = {0};
    unsigned long n = generate(&b, &p);
    if (p.findings) {
        if (p.findings > n) {
            fprintf(stderr, "gen: %lu findings asked for but only %lu containers\n", p.findings, n);
            return 2;
        }
        size_t n1 = b.n;
        b.n = 0;
        p.total = n;
        p.max_cont = n;
        p.max_bytes = 0;
        generate(&b, &p);
        if (b.n != n1)
            fprintf(stderr, "gen: warning: size %zu differs from %zu\n", b.n, n1);
    }
    if (minified) {
        if (p.fmt == F_YAML) {
            fprintf(stderr, "gen: --minify is for JSON\n");
            return 2;
        }
        minify(&b);
    }
    write_file(out, &b);
    printf("%zu %lu %lu\n", b.n, n, p.findings);
    free(b.p);
    return 0;
}
