/* Writable volumes: tdi_read_volumes (volumes, launch type, platform, mounts,
 * volumesFrom inheritance), path matching, the rules TD101-TD104 and the
 * per-container summary behind --verbose. */
#include "testutil.h"

/* ---- path matching ---- */

typedef struct {
    const char *path;
    const char *dirs[4];
    const char *want; /* the dir matched, or NULL */
} path_case;

static const path_case PATHS[] = {
    {"/usr/local/bin", {"/etc", "/usr"}, "/usr"},
    {"/usrdata", {"/usr"}, NULL},
    {"/usr", {"/usr"}, "/usr"},
    {"/usr/", {"/usr"}, "/usr"},
    {"//usr//lib/", {"/usr"}, "/usr"},
    {"/etcetera", {"/etc"}, NULL},
    {"/", {"/"}, "/"},
    {"//", {"/"}, "/"},
    {"/tmp", {"/"}, NULL}, /* "/" matches only itself */
    {"/tmp/../etc/x", {"/etc"}, "/etc"},
    {"/./etc/.", {"/etc"}, "/etc"},
    {"/../../etc", {"/etc"}, "/etc"},
    {"/usr/..", {"/usr", "/"}, "/"},
    {"etc/passwd", {"/etc"}, NULL}, /* relative: not a container path Docker takes */
    {"", {"/etc"}, NULL},
    {"/opt/app/x", {"opt/app", "/opt/app/"}, "/opt/app/"}, /* relative dirs never match */
    {"/var/lib/docker/overlay2", {"/var/lib/docker"}, "/var/lib/docker"},
    {"/var/lib/dockerd", {"/var/lib/docker"}, NULL},
    /* directories not clean are cleaned first; clean ones are compared as they are */
    {"/etc/x", {"//etc"}, "//etc"},
    {"/usr/lib/x", {"/usr/./lib"}, "/usr/./lib"},
    {"/etc", {"/a/../etc"}, "/a/../etc"},
    {"/usr/lib", {"/usr/lib/.."}, "/usr/lib/.."},
    {"/usr", {"/usr/lib/.."}, "/usr/lib/.."},
    {"/us", {"/usr/lib/.."}, NULL},
};

START_TEST(test_path_in)
{
    const path_case *c = &PATHS[_i];
    size_t n = 0;
    while (n < 4 && c->dirs[n])
        n++;
    int oom = 0;
    const char *got = tdi_path_in(c->path, c->dirs, n, &oom);
    ck_assert_int_eq(oom, 0);
    if (c->want)
        ck_assert_msg(got && strcmp(got, c->want) == 0, "%s: got %s, want %s", c->path,
                      got ? got : "NULL", c->want);
    else
        ck_assert_msg(got == NULL, "%s: got %s, want NULL", c->path, got);
}
END_TEST

/* ---- the model ---- */

static void dump_mount(tdi_buf *b, const tdi_mount *m)
{
    static const char *const KIND[] = {"point", "from", "tmpfs"};
    tdi_buf_printf(b, " %s", KIND[m->kind]);
    if (m->index == TDI_WHOLE_LIST)
        tdi_buf_puts(b, "[*]");
    else
        tdi_buf_printf(b, "[%zu]", m->index);
    tdi_buf_printf(b, " %s %s %s", m->path ? m->path : "-", m->source ? m->source : "-",
                   m->writable ? "rw" : "ro");
    if (m->computed)
        tdi_buf_printf(b, " ?%s", m->computed);
    if (m->unknown)
        tdi_buf_puts(b, " unknown");
    if (m->kind == TDI_MOUNT_POINT && m->source)
        tdi_buf_printf(b, " vol=%s", m->volume ? m->volume->name : "none");
    if (m->kind == TDI_MOUNT_FROM && m->source)
        tdi_buf_printf(b, " n=%zu", m->nsources);
    tdi_buf_putc(b, ';');
}

/* "fargate windows known | volumes | containers: mounts => writable places" per task. */
static char *volumes_of(const char *text)
{
    static const char *const VKIND[] = {"scratch", "host", "efs", "docker", "ebs", "other"};
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(text, strlen(text), NULL, &l), TD_OK);
    ck_assert_msg(l.status == TDI_LOAD_OK, "%s", l.error ? l.error : "");
    tdi_buf b;
    tdi_buf_init(&b);
    for (size_t d = 0; d < l.ndocs; d++) {
        tdi_model m;
        ck_assert_int_eq(tdi_recognize(&l, d, NULL, &m), TD_OK);
        for (size_t t = 0; t < m.ntasks; t++) {
            const tdi_task *task = &m.tasks[t];
            tdi_buf_printf(&b, "fargate=%d windows=%d known=%d |", task->fargate, task->windows,
                           task->volumes_known);
            for (size_t v = 0; v < task->nvolumes; v++) {
                const tdi_volume *vol = &task->volumes[v];
                tdi_buf_printf(&b, " %s:%s", vol->name ? vol->name : "-", VKIND[vol->kind]);
                if (vol->kind == TDI_VOLUME_HOST)
                    tdi_buf_printf(&b, ":%s", vol->host_path ? vol->host_path : "?");
            }
            tdi_buf_puts(&b, " |");
            for (size_t c = 0; c < task->ncontainers; c++) {
                const tdi_container *ct = &task->containers[c];
                tdi_buf_printf(&b, " %s:", ct->name ? ct->name : "-");
                for (size_t k = 0; k < ct->nmounts; k++)
                    dump_mount(&b, &ct->mounts[k]);
                tdi_buf_puts(&b, " =>");
                for (size_t k = 0; k < ct->nwritable; k++) {
                    const tdi_writable *w = &ct->writable[k];
                    tdi_buf_printf(&b, " %s", w->mount->path ? w->mount->path : "?");
                    if (w->via)
                        tdi_buf_printf(&b, "<%s", w->owner->name);
                    if (w->computed)
                        tdi_buf_printf(&b, "?%s", w->computed);
                }
                tdi_buf_putc(&b, '.');
            }
            tdi_buf_puts(&b, "\n");
        }
        tdi_model_free(&m);
    }
    tdi_loaded_free(&l);
    char *s = tdi_buf_steal(&b);
    return s ? s : strdup("");
}

typedef struct {
    const char *name, *text, *want;
} text_case;

static const text_case MODELS[] = {
    {"ecs json: nested keys in another case are not read",
     "{\"volumes\": [{\"name\": \"s\"}],\n"
     " \"containerDefinitions\": [{\"name\": \"a\", \"mountPoints\": [\n"
     "  {\"sourceVolume\": \"s\", \"containerPath\": \"/p\", \"ReadOnly\": true},\n"
     "  {\"SourceVolume\": \"s\", \"ContainerPath\": \"/q\", \"readOnly\": true}],\n"
     "  \"linuxParameters\": {\"Tmpfs\": [{\"containerPath\": \"/t\"}]}},\n"
     " {\"name\": \"b\", \"volumesFrom\": [{\"SourceContainer\": \"a\"}]}]}",
     "fargate=0 windows=0 known=1 | s:scratch | a: point[0] /p s rw vol=s; point[1] - - ro; => "
     "/p. b: from[0] - - rw; =>.\n"},
    {"terraform: nested keys in any case, the last winning",
     "{\"resource\": {\"aws_ecs_task_definition\": {\"t\": {\"volume\": [{\"name\": "
     "\"s\"}],\n"
     " \"container_definitions\": \"[{\\\"name\\\": \\\"a\\\", \\\"mountPoints\\\": "
     "[{\\\"sourceVolume\\\": \\\"s\\\", \\\"containerPath\\\": \\\"/p\\\", "
     "\\\"ReadOnly\\\": true}, {\\\"SourceVolume\\\": \\\"s\\\", "
     "\\\"CONTAINERPATH\\\": \\\"/q\\\", \\\"READONLY\\\": true, \\\"readOnly\\\": "
     "false}], \\\"LinuxParameters\\\": {\\\"TMPFS\\\": [{\\\"containerpath\\\": "
     "\\\"/t\\\", \\\"mountoptions\\\": [\\\"ro\\\"]}]}}, {\\\"name\\\": \\\"b\\\", "
     "\\\"VolumesFrom\\\": [{\\\"sourcecontainer\\\": \\\"a\\\", \\\"ReadOnly\\\": "
     "false}]}]\"}}}}",
     "fargate=0 windows=0 known=1 | s:scratch | a: point[0] /p s ro vol=s; point[1] /q s rw "
     "vol=s; tmpfs[0] /t - ro; => /q. b: from[0] - a rw n=1; => /q<a.\n"},
    {"ecs volumes of every kind, fargate",
     "{\"family\": \"f\", \"requiresCompatibilities\": [\"EC2\", \"FARGATE\"],\n"
     " \"volumes\": [{\"name\": \"s\"}, {\"name\": \"h\", \"host\": {\"sourcePath\": \"/etc\"}},\n"
     "  {\"name\": \"d\", \"host\": {}}, {\"name\": \"e\", \"efsVolumeConfiguration\": {}},\n"
     "  {\"name\": \"k\", \"dockerVolumeConfiguration\": {}},\n"
     "  {\"name\": \"x\", \"fsxWindowsFileServerVolumeConfiguration\": {}},\n"
     "  {\"name\": \"l\", \"configuredAtLaunch\": true}, {\"name\": \"n\", \"configuredAtLaunch\": "
     "false}, 7],\n"
     " \"containerDefinitions\": [{\"name\": \"a\", \"mountPoints\": [\n"
     "  {\"sourceVolume\": \"s\", \"containerPath\": \"/tmp\"},\n"
     "  {\"sourceVolume\": \"h\", \"containerPath\": \"/h\", \"readOnly\": true},\n"
     "  {\"sourceVolume\": \"zz\", \"containerPath\": \"/z\", \"readOnly\": \"true\"}, \"junk\"],\n"
     "  \"linuxParameters\": {\"tmpfs\": [{\"containerPath\": \"/run\", \"size\": 1},\n"
     "   {\"containerPath\": \"/ro\", \"mountOptions\": [\"rw\", \"ro\"]},\n"
     "   {\"containerPath\": \"/rw\", \"mountOptions\": [\"ro\", \"noexec\", \"rw\"]}]}}]}",
     "fargate=1 windows=0 known=1 | s:scratch h:host:/etc d:scratch e:efs k:docker x:other "
     "l:ebs n:scratch | a: point[0] /tmp s rw vol=s; point[1] /h h ro vol=h; point[2] /z zz "
     "rw vol=none; tmpfs[0] /run - rw; tmpfs[1] /ro - ro; tmpfs[2] /rw - rw; => /tmp /z /run "
     "/rw.\n"},
    {"ecs windows, no volumes key: known and empty",
     "{\"runtimePlatform\": {\"operatingSystemFamily\": \"WINDOWS_SERVER_2022_CORE\"},\n"
     " \"requiresCompatibilities\": [\"EC2\"], \"containerDefinitions\": [{\"name\": \"a\"}]}",
     "fargate=0 windows=1 known=1 | | a: =>.\n"},
    {"linux platform, compatibilities not a list",
     "{\"runtimePlatform\": {\"operatingSystemFamily\": \"LINUX\"}, \"requiresCompatibilities\": "
     "\"FARGATE\", \"volumes\": \"x\", \"containerDefinitions\": [{\"name\": \"a\", "
     "\"mountPoints\": {\"sourceVolume\": \"s\"}}]}",
     "fargate=0 windows=0 known=0 | | a: =>.\n"},
    {"missing fields",
     "{\"volumes\": [{}], \"containerDefinitions\": [{\"name\": \"a\", \"mountPoints\": [{}],\n"
     " \"volumesFrom\": [{}], \"linuxParameters\": {\"tmpfs\": [{}]}}]}",
     "fargate=0 windows=0 known=1 | -:scratch | a: point[0] - - rw; from[0] - - rw; tmpfs[0] - "
     "- rw; => ? ?.\n"},
    {"cfn spelling and string booleans",
     "Resources:\n"
     "  T:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      RequiresCompatibilities: [FARGATE]\n"
     "      RuntimePlatform: {OperatingSystemFamily: WINDOWS_SERVER_2019_FULL}\n"
     "      Volumes: [{Name: s}, {Name: h, Host: {SourcePath: /var/run/docker.sock}},\n"
     "                {Name: e, EFSVolumeConfiguration: {FilesystemId: fs}}]\n"
     "      ContainerDefinitions:\n"
     "        - Name: a\n"
     "          MountPoints:\n"
     "            - {SourceVolume: s, ContainerPath: /tmp, ReadOnly: 'TRUE'}\n"
     "            - {SourceVolume: e, ContainerPath: /data, ReadOnly: 'false'}\n"
     "          VolumesFrom: [{SourceContainer: b, ReadOnly: true}]\n"
     "          LinuxParameters: {Tmpfs: [{ContainerPath: /cache, Size: 8}]}\n"
     "        - Name: b\n"
     "          MountPoints: [{SourceVolume: h, ContainerPath: /var/run/docker.sock}]\n",
     "fargate=1 windows=1 known=1 | s:scratch h:host:/var/run/docker.sock e:efs | a: point[0] "
     "/tmp s ro vol=s; point[1] /data e rw vol=e; from[0] - b ro n=1; tmpfs[0] /cache - rw; => "
     "/data /cache. b: point[0] /var/run/docker.sock h rw vol=h; => /var/run/docker.sock.\n"},
    {"cfn intrinsics: unknown names and paths, maybe writable",
     "Resources:\n"
     "  T:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      RequiresCompatibilities: !Ref Compat\n"
     "      Volumes:\n"
     "        - Name: !Ref VolName\n"
     "        - Name: h\n"
     "          Host: {SourcePath: !Ref HostDir}\n"
     "        - Name: g\n"
     "          Host: !If [C, {SourcePath: /etc}, !Ref AWS::NoValue]\n"
     "      ContainerDefinitions:\n"
     "        - Name: a\n"
     "          MountPoints:\n"
     "            - {SourceVolume: !Ref V, ContainerPath: !Ref P, ReadOnly: !If [C, true, false]}\n"
     "            - !If [C, {SourceVolume: h, ContainerPath: /etc}, !Ref AWS::NoValue]\n"
     "          VolumesFrom: [{SourceContainer: !Ref Other}]\n"
     "          LinuxParameters: {Tmpfs: [{ContainerPath: /t, MountOptions: [ro, !Ref Opt]},\n"
     "                                    {ContainerPath: /u, MountOptions: !Ref Opts}]}\n"
     "        - Name: b\n"
     "          MountPoints: !Ref Mounts\n"
     "          LinuxParameters: !If [C, {Tmpfs: []}, {}]\n"
     "  U:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      Volumes: !If [C, [{Name: a}], []]\n"
     "      ContainerDefinitions: [{Name: a, VolumesFrom: !Ref VF}]\n"
     "  W:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      Volumes: [!If [C, {Name: a}, !Ref AWS::NoValue]]\n",
     "fargate=0 windows=0 known=0 | -:scratch h:host:? g:host:? | a: point[0] - - rw ?Fn::If "
     "C; point[1] - - rw ?Fn::If C unknown; from[0] - - rw unknown; tmpfs[0] /t - rw ?Ref Opt; "
     "tmpfs[1] /u - rw ?Ref Opts; => ??Fn::If C ??Fn::If C ? /t?Ref Opt /u?Ref Opts. b: "
     "point[*] - - rw ?Ref Mounts unknown; tmpfs[*] - - rw ?Fn::If C unknown; => ??Ref Mounts "
     "??Fn::If C.\n"
     "fargate=0 windows=0 known=0 | | a: from[*] - - rw ?Ref VF unknown; => ??Ref VF.\n"
     "fargate=0 windows=0 known=0 | |\n"},
    {"volumesFrom chain, readOnly, no tmpfs inherited",
     "{\"volumes\": [{\"name\": \"v\"}], \"containerDefinitions\": [\n"
     " {\"name\": \"a\", \"volumesFrom\": [{\"sourceContainer\": \"b\"}]},\n"
     " {\"name\": \"b\", \"volumesFrom\": [{\"sourceContainer\": \"c\"}, {\"sourceContainer\": "
     "\"d\", \"readOnly\": true}],\n"
     "  \"mountPoints\": [{\"sourceVolume\": \"v\", \"containerPath\": \"/b\"}]},\n"
     " {\"name\": \"c\", \"mountPoints\": [{\"sourceVolume\": \"v\", \"containerPath\": \"/c\"},\n"
     "  {\"sourceVolume\": \"v\", \"containerPath\": \"/cro\", \"readOnly\": true}],\n"
     "  \"linuxParameters\": {\"tmpfs\": [{\"containerPath\": \"/ct\"}]}},\n"
     " {\"name\": \"d\", \"mountPoints\": [{\"sourceVolume\": \"v\", \"containerPath\": "
     "\"/d\"}]}]}",
     "fargate=0 windows=0 known=1 | v:scratch | a: from[0] - b rw n=1; => /b<b /c<c. b: "
     "point[0] /b v rw vol=v; from[0] - c rw n=1; from[1] - d ro n=1; => /b /c<c. c: point[0] "
     "/c v rw vol=v; point[1] /cro v ro vol=v; tmpfs[0] /ct - rw; => /c /ct. d: point[0] /d v "
     "rw vol=v; => /d.\n"},
    {"volumesFrom cycles and self-reference end",
     "[{\"name\": \"a\", \"image\": \"i\", \"volumesFrom\": [{\"sourceContainer\": \"b\"}],\n"
     "  \"mountPoints\": [{\"sourceVolume\": \"v\", \"containerPath\": \"/a\"}]},\n"
     " {\"name\": \"b\", \"image\": \"i\", \"volumesFrom\": [{\"sourceContainer\": \"a\"}, "
     "{\"sourceContainer\": \"b\"}],\n"
     "  \"mountPoints\": [{\"sourceVolume\": \"v\", \"containerPath\": \"/b\"}]}]",
     "fargate=0 windows=0 known=0 | | a: point[0] /a v rw vol=none; from[0] - b rw n=1; => /a "
     "/b<b. b: point[0] /b v rw vol=none; from[0] - a rw n=1; from[1] - b rw n=1; => /b "
     "/a<a.\n"},
    {"Fn::If alternatives of one container: both are sources, neither takes from itself",
     "Resources:\n"
     "  T:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      Volumes: [{Name: v}]\n"
     "      ContainerDefinitions:\n"
     "        - !If\n"
     "          - C\n"
     "          - {Name: a, MountPoints: [{SourceVolume: v, ContainerPath: /one}],\n"
     "             VolumesFrom: [{SourceContainer: a}]}\n"
     "          - {Name: a, MountPoints: [{SourceVolume: v, ContainerPath: /two}]}\n"
     "        - {Name: b, VolumesFrom: [{SourceContainer: a}]}\n",
     "fargate=0 windows=0 known=1 | v:scratch | a: point[0] /one v rw vol=v; from[0] - a rw "
     "n=2; => /one. a: point[0] /two v rw vol=v; => /two. b: from[0] - a rw n=2; => /one<a "
     "/two<a.\n"},
};

START_TEST(test_model)
{
    const text_case *c = &MODELS[_i];
    char *got = volumes_of(c->text);
    ck_assert_msg(strcmp(got, c->want) == 0, "%s:\n--- got\n%s\n--- want\n%s", c->name, got,
                  c->want);
    free(got);
}
END_TEST

/* Spans and pointers of what tdi_read_volumes records. */
START_TEST(test_spans)
{
    const char *text = "{\"volumes\": [{\"name\": \"h\", \"host\": {\"sourcePath\": \"/etc\"}}],\n"
                       " \"containerDefinitions\": [{\"name\": \"a\", \"mountPoints\": [\n"
                       "   {\"sourceVolume\": \"h\", \"containerPath\": \"/x\"}],\n"
                       "   \"linuxParameters\": {\"tmpfs\": [{\"size\": 1}]}}]}";
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(text, strlen(text), NULL, &l), TD_OK);
    tdi_model m;
    ck_assert_int_eq(tdi_recognize(&l, 0, NULL, &m), TD_OK);
    ck_assert_uint_eq(m.ntasks, 1);
    const tdi_task *t = &m.tasks[0];
    ck_assert_uint_eq(t->nvolumes, 1);
    ck_assert_str_eq(t->volumes[0].pointer, "/volumes/0");
    ck_assert_str_eq(pos_at(&l.src, t->volumes[0].span.start), "1:14");
    ck_assert_str_eq(pos_at(&l.src, t->volumes[0].host_path_span.start), "1:37");
    ck_assert_str_eq(pos_at(&l.src, t->volumes[0].host_path_span.end), "1:57");
    const tdi_container *c = &t->containers[0];
    ck_assert_uint_eq(c->nmounts, 2);
    ck_assert_str_eq(c->mounts[0].pointer, "/containerDefinitions/0/mountPoints/0");
    ck_assert_str_eq(pos_at(&l.src, c->mounts[0].span.start), "3:4");
    ck_assert_str_eq(pos_at(&l.src, c->mounts[0].source_span.start), "3:5");
    ck_assert_str_eq(pos_at(&l.src, c->mounts[0].source_span.end), "3:24");
    ck_assert_str_eq(pos_at(&l.src, c->mounts[0].path_span.start), "3:26");
    ck_assert_str_eq(pos_at(&l.src, c->mounts[0].path_span.end), "3:47");
    ck_assert_str_eq(c->mounts[1].pointer, "/containerDefinitions/0/linuxParameters/tmpfs/0");
    /* no containerPath: the entry */
    ck_assert_uint_eq(c->mounts[1].path_span.start, c->mounts[1].span.start);
    ck_assert_uint_eq(c->mounts[1].path_span.end, c->mounts[1].span.end);
    tdi_model_free(&m);
    tdi_loaded_free(&l);
}
END_TEST

/* Hostile input: a long volumesFrom chain stays bounded in time and memory. */
START_TEST(test_long_chain)
{
    const size_t n = 3000;
    tdi_buf b;
    tdi_buf_init(&b);
    tdi_buf_puts(&b, "{\"volumes\": [{\"name\": \"v\"}], \"containerDefinitions\": [");
    for (size_t i = 0; i < n; i++)
        tdi_buf_printf(
            &b,
            "%s{\"name\": \"c%zu\", \"volumesFrom\": [{\"sourceContainer\": \"c%zu\"}], "
            "\"mountPoints\": [{\"sourceVolume\": \"v\", \"containerPath\": \"/p%zu\"}]}",
            i ? "," : "", i, (i + 1) % n, i);
    tdi_buf_puts(&b, "]}");
    ck_assert(!b.failed);
    tdi_loaded l;
    ck_assert_int_eq(tdi_load(b.data, b.len, NULL, &l), TD_OK);
    tdi_model m;
    ck_assert_int_eq(tdi_recognize(&l, 0, NULL, &m), TD_OK);
    size_t total = 0;
    for (size_t i = 0; i < m.tasks[0].ncontainers; i++)
        total += m.tasks[0].containers[i].nwritable;
    /* its own mount each, plus at most TDI_MAX_INHERITED inherited places */
    ck_assert_uint_ge(total, n + 1);
    ck_assert_uint_le(total, n + TDI_MAX_INHERITED);
    /* the first container still sees the whole ring up to the budget */
    ck_assert_uint_eq(m.tasks[0].containers[0].nwritable, n);
    tdi_model_free(&m);
    tdi_loaded_free(&l);
    tdi_buf_free(&b);
}
END_TEST

/* ---- rules ---- */

/* Every finding of rules TD1nn as "L:C-L:C ID message" plus its related
 * locations as "  @L:C message". */
static char *findings_of(const td_config *cfg, const char *text)
{
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(cfg, "t", text, strlen(text), &f), TD_OK);
    tdi_buf b;
    tdi_buf_init(&b);
    for (size_t i = 0; i < td_file_finding_count(f); i++) {
        const td_finding *x = td_file_finding(f, i);
        if (strncmp(x->rule_id, "TD1", 3) != 0)
            continue;
        tdi_buf_printf(&b, "%lu:%lu-%lu:%lu %s %s\n", x->start.line, x->start.column, x->end.line,
                       x->end.column, x->rule_id, x->message);
        for (size_t r = 0; r < x->nrelated; r++)
            tdi_buf_printf(&b, "  @%lu:%lu %s\n", x->related[r].start.line,
                           x->related[r].start.column, x->related[r].message);
    }
    td_file_free(f);
    char *s = tdi_buf_steal(&b);
    return s ? s : strdup("");
}

static const text_case RULES[] = {
    {"TD101 mount points, tmpfs, trailing slashes, /usrdata",
     "{\"family\": \"f\", \"volumes\": [{\"name\": \"v\"}], \"containerDefinitions\": [{\n"
     "\"name\": \"a\", \"readonlyRootFilesystem\": true, \"mountPoints\": [\n"
     "{\"sourceVolume\": \"v\", \"containerPath\": \"/etc/app/\"},\n"
     "{\"sourceVolume\": \"v\", \"containerPath\": \"/usrdata\"},\n"
     "{\"sourceVolume\": \"v\", \"containerPath\": \"/usr/local/bin\", \"readOnly\": true},\n"
     "{\"sourceVolume\": \"v\", \"containerPath\": \"//\"}],\n"
     "\"linuxParameters\": {\"tmpfs\": [{\"containerPath\": \"/lib64/\"}, {\"containerPath\": "
     "\"/sbin\", \"mountOptions\": [\"ro\"]}]}}]}\n",
     "3:23-3:51 TD101 container \"a\" in task definition \"f\" mounts volume \"v\" writable at "
     "\"/etc/app/\" (system directory \"/etc\"): set readOnly to true, or mount it outside the "
     "system directories\n"
     "6:23-6:44 TD101 container \"a\" in task definition \"f\" mounts volume \"v\" writable at "
     "\"//\" (the root directory): set readOnly to true, or mount it outside the system "
     "directories\n"
     "7:32-7:58 TD101 container \"a\" in task definition \"f\" mounts a writable tmpfs at "
     "\"/lib64/\" (system directory \"/lib64\"): mount it outside the system directories, or add "
     "\"ro\" to its mountOptions\n"},
    {"TD101 through volumesFrom: at the entry, related at the containerPath",
     "[{\"name\": \"cfg\", \"image\": \"i\", \"mountPoints\": [{\"sourceVolume\": \"v\", "
     "\"containerPath\": \"/etc/x\"}]},\n"
     " {\"name\": \"app\", \"image\": \"i\", \"volumesFrom\": [{\"sourceContainer\": \"cfg\"}]},\n"
     " {\"name\": \"ro\", \"image\": \"i\", \"volumesFrom\": [{\"sourceContainer\": \"cfg\", "
     "\"readOnly\": true}]}]\n",
     "1:70-1:95 TD101 container \"cfg\" mounts volume \"v\" writable at \"/etc/x\" (system "
     "directory \"/etc\"): set readOnly to true, or mount it outside the system directories\n"
     "2:48-2:74 TD101 container \"app\" can write to \"/etc/x\" (system directory \"/etc\") "
     "through volumesFrom[0] from \"cfg\": set readOnly to true in this volumesFrom entry\n"
     "  @1:70 the mount point is declared here\n"},
    {"TD101 cfn: intrinsic readOnly may be writable; unknown paths are not reported",
     "Resources:\n"
     "  T:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      Volumes: [{Name: v}]\n"
     "      ContainerDefinitions:\n"
     "        - Name: a\n"
     "          ReadonlyRootFilesystem: true\n"
     "          MountPoints:\n"
     "            - {SourceVolume: v, ContainerPath: /usr/share/x, ReadOnly: !Ref RO}\n"
     "            - {SourceVolume: v, ContainerPath: !Ref Path}\n"
     "            - !If [C, {SourceVolume: v, ContainerPath: /etc}, !Ref AWS::NoValue]\n"
     "        - Name: b\n"
     "          ReadonlyRootFilesystem: true\n"
     "          VolumesFrom: [{SourceContainer: a, ReadOnly: !If [C, true, false]}]\n",
     "10:33-10:60 TD101 container \"a\" in task definition \"T\" mounts volume \"v\" at "
     "\"/usr/share/x\" (system directory \"/usr\"), writable depending on Ref RO: set ReadOnly "
     "to true, or mount it outside the system directories\n"
     "15:25-15:77 TD101 container \"b\" in task definition \"T\" may write to \"/usr/share/x\" "
     "(system directory \"/usr\") through VolumesFrom[0] from \"a\", depending on Fn::If C: "
     "set ReadOnly to true in this VolumesFrom entry\n"
     "  @10:33 the mount point is declared here\n"},
    {"TD102 unknown volume and container; bare arrays check containers only",
     "{\"family\": \"f\", \"volumes\": [{\"name\": \"tmp\"}, {\"name\": \"data\"}],\n"
     " \"containerDefinitions\": [\n"
     "  {\"name\": \"a\", \"readonlyRootFilesystem\": true,\n"
     "   \"mountPoints\": [{\"sourceVolume\": \"cache\", \"containerPath\": \"/c\", "
     "\"readOnly\": true}, {\"containerPath\": \"/n\"}],\n"
     "   \"volumesFrom\": [{\"sourceContainer\": \"b\"}, {\"sourceContainer\": \"ghost\"}, "
     "{\"sourceContainer\": \"a\"}]},\n"
     "  {\"name\": \"b\", \"readonlyRootFilesystem\": true}]}\n",
     "4:21-4:44 TD102 container \"a\" in task definition \"f\" mounts volume \"cache\", which the "
     "task definition does not declare: add a volume named \"cache\" to volumes, or mount one of "
     "its volumes: \"tmp\", \"data\"\n"
     "5:47-5:73 TD102 container \"a\" in task definition \"f\" takes volumes from container "
     "\"ghost\", which is not in the task definition: name one of its other containers: \"b\"\n"},
    {"TD102 bare array: volumes are declared elsewhere",
     "[{\"name\": \"a\", \"image\": \"i\", \"readonlyRootFilesystem\": true,\n"
     "  \"mountPoints\": [{\"sourceVolume\": \"anything\", \"containerPath\": \"/x\"}],\n"
     "  \"volumesFrom\": [{\"sourceContainer\": \"nobody\", \"readOnly\": true}]}]\n",
     "3:20-3:47 TD102 container \"a\" takes volumes from container \"nobody\", which is not in the "
     "container list: remove the entry, or add that container\n"},
    {"TD102 no volumes declared; Fn::If containers are known; unknown names are not reported",
     "Resources:\n"
     "  T:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      ContainerDefinitions:\n"
     "        - Name: a\n"
     "          ReadonlyRootFilesystem: true\n"
     "          MountPoints: [{SourceVolume: tmp, ContainerPath: /tmp}]\n"
     "          VolumesFrom: [{SourceContainer: zz, ReadOnly: true}]\n"
     "        - Name: !Sub '${AWS::StackName}-b'\n"
     "  U:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      Volumes: !If [C, [{Name: tmp}], []]\n"
     "      ContainerDefinitions:\n"
     "        - Name: a\n"
     "          ReadonlyRootFilesystem: true\n"
     "          MountPoints: [{SourceVolume: x, ContainerPath: /x, ReadOnly: true}]\n"
     "          VolumesFrom: [{SourceContainer: zz, ReadOnly: true}]\n"
     "        - !If [C, {Name: b}, !Ref AWS::NoValue]\n"
     "  V:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      ContainerDefinitions:\n"
     "        - Name: a\n"
     "          ReadonlyRootFilesystem: true\n"
     "          VolumesFrom: [{SourceContainer: zz, ReadOnly: true}]\n"
     "        - !GetAtt Some.Container\n",
     "8:26-8:43 TD102 container \"a\" in task definition \"T\" mounts volume \"tmp\", which the "
     "task definition does not declare: add a volume named \"tmp\" to Volumes\n"
     "19:26-19:45 TD102 container \"a\" in task definition \"U\" takes volumes from container "
     "\"zz\", which is not in the task definition: name one of its other containers: \"b\"\n"},
    {"TD102 a volumes key in the other spelling is not read",
     "{\"Volumes\": [{\"Name\": \"v\"}], \"containerDefinitions\": [{\"name\": \"a\", "
     "\"readonlyRootFilesystem\": true,\n"
     " \"mountPoints\": [{\"sourceVolume\": \"v\", \"containerPath\": \"/v\"}]}]}\n",
     "2:19-2:38 TD102 container \"a\" mounts volume \"v\", which the task definition does not "
     "declare: its key \"Volumes\" is not read by the ECS API; write volumes\n"},
    {"TD103 host paths: own, inherited, ancestors, sockets, read-only",
     "{\"family\": \"f\", \"volumes\": [\n"
     "  {\"name\": \"etc\", \"host\": {\"sourcePath\": \"/etc/\"}},\n"
     "  {\"name\": \"sock\", \"host\": {\"sourcePath\": \"/var/run/docker.sock\"}},\n"
     "  {\"name\": \"var\", \"host\": {\"sourcePath\": \"/var\"}},\n"
     "  {\"name\": \"logs\", \"host\": {\"sourcePath\": \"/var/log/app\"}},\n"
     "  {\"name\": \"procro\", \"host\": {\"sourcePath\": \"/proc\"}}],\n"
     " \"containerDefinitions\": [\n"
     "  {\"name\": \"a\", \"readonlyRootFilesystem\": true, \"mountPoints\": [\n"
     "   {\"sourceVolume\": \"etc\", \"containerPath\": \"/host/etc\"},\n"
     "   {\"sourceVolume\": \"sock\", \"containerPath\": \"/var/run/docker.sock\"},\n"
     "   {\"sourceVolume\": \"var\", \"containerPath\": \"/host/var\"},\n"
     "   {\"sourceVolume\": \"logs\", \"containerPath\": \"/logs\"},\n"
     "   {\"sourceVolume\": \"procro\", \"containerPath\": \"/host/proc\", \"readOnly\": true}]},\n"
     "  {\"name\": \"b\", \"readonlyRootFilesystem\": true, \"volumesFrom\": "
     "[{\"sourceContainer\": "
     "\"a\"}]}]}\n",
     "9:4-9:57 TD103 container \"a\" in task definition \"f\" mounts host path \"/etc/\" (volume "
     "\"etc\") writable at \"/host/etc\": the container can modify the host; set readOnly to "
     "true, or remove the mount\n"
     "  @2:28 the host path is mounted from here\n"
     "10:4-10:69 TD103 container \"a\" in task definition \"f\" mounts host path "
     "\"/var/run/docker.sock\" (volume \"sock\") writable at \"/var/run/docker.sock\": the "
     "container can control the host's container runtime, and readOnly does not restrict the "
     "use of a socket; remove the mount\n"
     "  @3:29 the host path is mounted from here\n"
     "11:4-11:57 TD103 container \"a\" in task definition \"f\" mounts host path \"/var\" (volume "
     "\"var\", which holds \"/var/lib/docker\") writable at \"/host/var\": the container can "
     "modify the host; set readOnly to true, or remove the mount\n"
     "  @4:28 the host path is mounted from here\n"
     "14:65-14:89 TD103 container \"b\" in task definition \"f\" can write to host path \"/etc/\" "
     "(volume \"etc\") at \"/host/etc\" through volumesFrom[0] from \"a\": the container can "
     "modify the host; set readOnly to true in this volumesFrom entry\n"
     "  @2:28 the host path is mounted from here\n"
     "  @9:4 the mount point is declared here\n"
     "14:65-14:89 TD103 container \"b\" in task definition \"f\" can write to host path \"/var\" "
     "(volume \"var\", which holds \"/var/lib/docker\") at \"/host/var\" through volumesFrom[0] "
     "from \"a\": the container can modify the host; set readOnly to true in this volumesFrom "
     "entry\n"
     "  @4:28 the host path is mounted from here\n"
     "  @11:4 the mount point is declared here\n"
     "14:65-14:89 TD103 container \"b\" in task definition \"f\" can write to host path "
     "\"/var/run/docker.sock\" (volume \"sock\") at \"/var/run/docker.sock\" through "
     "volumesFrom[0] from \"a\": the container can control the host's container runtime, and "
     "readOnly does not restrict the use of a socket; remove this entry\n"
     "  @3:29 the host path is mounted from here\n"
     "  @10:4 the mount point is declared here\n"},
    {"TD103 cfn: unknown host path is not reported, maybe-writable is",
     "Resources:\n"
     "  T:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      Volumes:\n"
     "        - {Name: a, Host: {SourcePath: !Ref Dir}}\n"
     "        - {Name: b, Host: {SourcePath: /sys/fs/cgroup}}\n"
     "      ContainerDefinitions:\n"
     "        - Name: c\n"
     "          ReadonlyRootFilesystem: true\n"
     "          MountPoints:\n"
     "            - {SourceVolume: a, ContainerPath: /a}\n"
     "            - {SourceVolume: b, ContainerPath: /b, ReadOnly: !If [C, true, false]}\n",
     "13:15-13:83 TD103 container \"c\" in task definition \"T\" mounts host path "
     "\"/sys/fs/cgroup\" (volume \"b\") at \"/b\", writable depending on Fn::If C: the "
     "container can modify the host; set ReadOnly to true, or remove the mount\n"
     "  @7:28 the host path is mounted from here\n"},
    {"TD104 tmpfs on fargate, read-only too; not on EC2; not for computed entries",
     "Resources:\n"
     "  T:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      RequiresCompatibilities: [FARGATE]\n"
     "      ContainerDefinitions:\n"
     "        - Name: a\n"
     "          ReadonlyRootFilesystem: true\n"
     "          LinuxParameters:\n"
     "            Tmpfs:\n"
     "              - {ContainerPath: /tmp, Size: 64, MountOptions: [ro]}\n"
     "              - {Size: 8}\n"
     "              - !If [C, {ContainerPath: /x, Size: 1}, !Ref AWS::NoValue]\n"
     "  U:\n"
     "    Type: AWS::ECS::TaskDefinition\n"
     "    Properties:\n"
     "      RequiresCompatibilities: [EC2]\n"
     "      ContainerDefinitions:\n"
     "        - Name: a\n"
     "          ReadonlyRootFilesystem: true\n"
     "          LinuxParameters: {Tmpfs: [{ContainerPath: /tmp, Size: 64}]}\n",
     "11:17-11:68 TD104 container \"a\" in task definition \"T\" mounts a tmpfs at \"/tmp\", but "
     "the task requires FARGATE, which does not support tmpfs: declare a volume with only a Name "
     "in Volumes and mount it at \"/tmp\" with MountPoints instead\n"
     "  @5:7 the task requires FARGATE here\n"
     "12:17-12:26 TD104 container \"a\" in task definition \"T\" mounts a tmpfs, but the task "
     "requires FARGATE, which does not support tmpfs: declare a volume with only a Name in "
     "Volumes and mount it with MountPoints instead\n"
     "  @5:7 the task requires FARGATE here\n"},
};

START_TEST(test_rules)
{
    const text_case *c = &RULES[_i];
    char *got = findings_of(NULL, c->text);
    ck_assert_msg(strcmp(got, c->want) == 0, "%s:\n--- got\n%s--- want\n%s", c->name, got, c->want);
    free(got);
}
END_TEST

/* The configuration's system-paths extend TD101's list; rules can be turned off. */
START_TEST(test_config)
{
    const char *text = "[{\"name\": \"a\", \"image\": \"i\", \"readonlyRootFilesystem\": true,\n"
                       " \"mountPoints\": [{\"sourceVolume\": \"v\", \"containerPath\": "
                       "\"/opt/app/bin\"},\n"
                       "  {\"sourceVolume\": \"v\", \"containerPath\": \"/opt/application\"}]}]";
    td_config *cfg;
    ck_assert_int_eq(td_config_new(&cfg), TD_OK);
    char *none = findings_of(cfg, text);
    ck_assert_str_eq(none, "");
    free(none);
    static const char *paths[] = {"opt", "/opt/app/"};
    cfg->system_paths = paths;
    cfg->nsystem_paths = 2;
    char *got = findings_of(cfg, text);
    ck_assert_str_eq(got, "2:40-2:71 TD101 container \"a\" mounts volume \"v\" writable at "
                          "\"/opt/app/bin\" (system directory \"/opt/app/\"): set readOnly to "
                          "true, or mount it outside the system directories\n");
    free(got);
    ck_assert_int_eq(td_config_set_rule(cfg, "TD101", 0), TD_OK);
    got = findings_of(cfg, text);
    ck_assert_str_eq(got, "");
    free(got);
    cfg->system_paths = NULL;
    cfg->nsystem_paths = 0;
    td_config_free(cfg);
}
END_TEST

/* Findings carry the JSON Pointer of the node they are about. */
START_TEST(test_pointers)
{
    const char *text =
        "{\"requiresCompatibilities\": [\"FARGATE\"], \"volumes\": [{\"name\": \"h\", "
        "\"host\": {\"sourcePath\": \"/etc\"}}],\n"
        " \"containerDefinitions\": [{\"name\": \"a\", \"readonlyRootFilesystem\": true,\n"
        "  \"mountPoints\": [{\"sourceVolume\": \"h\", \"containerPath\": \"/usr/x\"},\n"
        "                  {\"sourceVolume\": \"nope\", \"containerPath\": \"/n\"}],\n"
        "  \"linuxParameters\": {\"tmpfs\": [{\"containerPath\": \"/t\"}]}},\n"
        " {\"name\": \"b\", \"readonlyRootFilesystem\": true,\n"
        "  \"volumesFrom\": [{\"sourceContainer\": \"a\"}]}]}";
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(NULL, "t", text, strlen(text), &f), TD_OK);
    tdi_buf b;
    tdi_buf_init(&b);
    for (size_t i = 0; i < td_file_finding_count(f); i++) {
        const td_finding *x = td_file_finding(f, i);
        tdi_buf_printf(&b, "%s %s %s %s|", x->rule_id, x->pointer, x->task ? x->task : "-",
                       x->container ? x->container : "-");
    }
    ck_assert_str_eq(b.data, "TD103 /containerDefinitions/0/mountPoints/0 - a|"
                             "TD101 /containerDefinitions/0/mountPoints/0/containerPath - a|"
                             "TD102 /containerDefinitions/0/mountPoints/1/sourceVolume - a|"
                             "TD104 /containerDefinitions/0/linuxParameters/tmpfs/0 - a|"
                             "TD101 /containerDefinitions/1/volumesFrom/0 - b|"
                             "TD103 /containerDefinitions/1/volumesFrom/0 - b|");
    /* fingerprints are distinct */
    for (size_t i = 0; i < td_file_finding_count(f); i++)
        for (size_t k = i + 1; k < td_file_finding_count(f); k++)
            ck_assert_str_ne(td_file_finding(f, i)->fingerprint,
                             td_file_finding(f, k)->fingerprint);
    tdi_buf_free(&b);
    td_file_free(f);

    /* Terraform's AWS provider: the keys as written, in any case */
    const char *tf =
        "{\"resource\": {\"aws_ecs_task_definition\": {\"t\": {\"volume\": [{\"name\": "
        "\"h\"}], \"container_definitions\": \"[{\\\"name\\\": \\\"a\\\", "
        "\\\"readonlyRootFilesystem\\\": true, \\\"MountPoints\\\": "
        "[{\\\"SOURCEVOLUME\\\": \\\"nope\\\", \\\"ContainerPath\\\": "
        "\\\"/usr/x\\\"}]}]\"}}}}";
    ck_assert_int_eq(td_lint_buffer(NULL, "t", tf, strlen(tf), &f), TD_OK);
    tdi_buf_init(&b);
    for (size_t i = 0; i < td_file_finding_count(f); i++) {
        const td_finding *x = td_file_finding(f, i);
        tdi_buf_printf(&b, "%s %s|", x->rule_id, x->pointer);
    }
    ck_assert_str_eq(b.data, "TD102 /resource/aws_ecs_task_definition/t/container_definitions/0/"
                             "MountPoints/0/SOURCEVOLUME|"
                             "TD101 /resource/aws_ecs_task_definition/t/container_definitions/0/"
                             "MountPoints/0/ContainerPath|");
    tdi_buf_free(&b);
    td_file_free(f);
}
END_TEST

/* td_file_container: what --verbose prints. */
START_TEST(test_container_info)
{
    const char *text =
        "Resources:\n"
        "  T:\n"
        "    Type: AWS::ECS::TaskDefinition\n"
        "    Properties:\n"
        "      Volumes: [{Name: tmp}, {Name: logs, Host: {SourcePath: /var/log}}]\n"
        "      ContainerDefinitions:\n"
        "        - Name: web\n"
        "          ReadonlyRootFilesystem: true\n"
        "          MountPoints:\n"
        "            - {SourceVolume: tmp, ContainerPath: /tmp}\n"
        "            - {SourceVolume: logs, ContainerPath: /logs, ReadOnly: !Ref R}\n"
        "          LinuxParameters: {Tmpfs: [{ContainerPath: /cache, Size: 1}]}\n"
        "        - Name: side\n"
        "          VolumesFrom: [{SourceContainer: web}]\n"
        "        - !If [C, {Name: opt, ReadonlyRootFilesystem: !Ref X}, !Ref "
        "AWS::NoValue]\n";
    td_file *f;
    ck_assert_int_eq(td_lint_buffer(NULL, "t.yaml", text, strlen(text), &f), TD_OK);
    ck_assert_uint_eq(td_file_container_count(f), 3);
    ck_assert_ptr_null(td_file_container(f, 3));
    const td_container_info *web = td_file_container(f, 0);
    ck_assert_str_eq(web->task, "T");
    ck_assert_str_eq(web->container, "web");
    ck_assert_ptr_null(web->condition);
    ck_assert_int_eq(web->root_writable, 0);
    ck_assert_uint_eq(web->nwritable, 3);
    ck_assert_str_eq(web->writable[0].path, "/tmp");
    ck_assert_str_eq(web->writable[0].how, "MountPoints[0]");
    ck_assert_str_eq(web->writable[0].volume, "tmp");
    ck_assert_int_eq(web->writable[0].kind, TD_VOLUME_SCRATCH);
    ck_assert_ptr_null(web->writable[0].computed);
    ck_assert_str_eq(web->writable[1].path, "/logs");
    ck_assert_int_eq(web->writable[1].kind, TD_VOLUME_HOST);
    ck_assert_str_eq(web->writable[1].host_path, "/var/log");
    ck_assert_str_eq(web->writable[1].computed, "Ref R");
    ck_assert_str_eq(web->writable[2].path, "/cache");
    ck_assert_str_eq(web->writable[2].how, "LinuxParameters.Tmpfs[0]");
    ck_assert_ptr_null(web->writable[2].volume);
    ck_assert_int_eq(web->writable[2].kind, TD_VOLUME_TMPFS);
    const td_container_info *side = td_file_container(f, 1);
    ck_assert_int_eq(side->root_writable, 1);
    ck_assert_uint_eq(side->nwritable, 2); /* tmpfs is not shared */
    ck_assert_str_eq(side->writable[0].how, "VolumesFrom[0] from \"web\"");
    ck_assert_str_eq(side->writable[1].path, "/logs");
    const td_container_info *opt = td_file_container(f, 2);
    ck_assert_str_eq(opt->container, "opt");
    ck_assert_str_eq(opt->condition, "condition C is true");
    ck_assert_int_eq(opt->root_writable, -1);
    ck_assert_uint_eq(opt->nwritable, 0);
    ck_assert_str_eq(td_volume_kind_name(TD_VOLUME_EFS), "efs");
    ck_assert_str_eq(td_volume_kind_name((td_volume_kind)99), "unknown");
    td_file_free(f);
}
END_TEST

static Suite *volumes_suite(void)
{
    Suite *s = suite_create("volumes");
    TCase *tc = tcase_create("volumes");
    tcase_add_loop_test(tc, test_path_in, 0, (int)(sizeof PATHS / sizeof PATHS[0]));
    tcase_add_loop_test(tc, test_model, 0, (int)(sizeof MODELS / sizeof MODELS[0]));
    tcase_add_test(tc, test_spans);
    tcase_add_test(tc, test_long_chain);
    tcase_add_loop_test(tc, test_rules, 0, (int)(sizeof RULES / sizeof RULES[0]));
    tcase_add_test(tc, test_config);
    tcase_add_test(tc, test_pointers);
    tcase_add_test(tc, test_container_info);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(volumes_suite)
