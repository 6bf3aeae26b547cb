#!/usr/bin/env bash
# bench/terraform.sh TDLINT [RUNS]: Terraform input at the sizes real
# repositories reach. Prints the fastest of RUNS (default 5) runs of:
#   - a 5 MB plan (`terraform show -json` writes one line): 2,000 task
#     definitions in 40 modules among 3,000 other resources, every
#     container_definitions a JSON string, as planned_values and
#     resource_changes both hold them;
#   - a tree of 1,000 .tf files (100 module folders of 10 files, one
#     aws_ecs_task_definition in each file, containers written with
#     jsonencode, a heredoc or a local), with -j 1 and -j 2;
#   - the same tree where every task definition's containers are
#     concat() of two locals of the module's locals.tf, one of them reading
#     a variable of its variables.tf: each file's lint looks in the other
#     files of its folder (it reads them all, and parses only those that
#     can define the name);
# and, for scale, a bare jansson load of the plan is what bench/run.sh
# measures for JSON templates.
set -eu
export LC_ALL=C
tdlint=$1
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'EOF'
import json, os, sys
work = sys.argv[1]
res, changes = [], []
for i in range(2000):
    cds = [{"name": f"c{j}", "image": f"registry.example.com/app{j}:1.{i}", "essential": True,
            "cpu": 128, "memory": 256, "portMappings": [{"containerPort": 8080 + j}],
            "environment": [{"name": "MODE", "value": "production"}],
            "readonlyRootFilesystem": j != 2} for j in range(3)]
    addr = f"module.svc{i % 40}.aws_ecs_task_definition.t{i}"
    v = {"family": f"t{i}", "container_definitions": json.dumps(cds, separators=(",", ":")),
         "requires_compatibilities": ["FARGATE"], "runtime_platform": [], "volume": []}
    res.append({"address": addr, "mode": "managed", "type": "aws_ecs_task_definition",
                "name": f"t{i}", "values": v})
    changes.append({"address": addr, "mode": "managed", "type": "aws_ecs_task_definition",
                    "name": f"t{i}", "change": {"actions": ["create"], "before": None,
                                                "after": v, "after_unknown": {"arn": True}}})
for i in range(3000):
    res.append({"address": f"aws_s3_bucket.b{i}", "mode": "managed", "type": "aws_s3_bucket",
                "name": f"b{i}", "values": {"bucket": f"bucket-{i}", "tags": {"team": "web"}}})
plan = {"format_version": "1.2", "terraform_version": "1.9.5",
        "planned_values": {"root_module": {"resources": res}}, "resource_changes": changes}
with open(os.path.join(work, "plan.json"), "w") as f:
    json.dump(plan, f, separators=(",", ":"))
forms = [
    '''  container_definitions = jsonencode([
    {{
      name                   = "app"
      image                  = "app:{i}"
      readonlyRootFilesystem = true
      mountPoints            = [{{ sourceVolume = "tmp", containerPath = "/tmp" }}]
    }},
    {{
      name  = "sidecar"
      image = "envoy:{i}"
    }},
  ])
''',
    '''  container_definitions = <<-EOT
    [
      {{"name": "app", "image": "app:{i}", "readonlyRootFilesystem": true}}
    ]
  EOT
''',
    '''  container_definitions = jsonencode(local.containers_{i})
''']
for m in range(100):
    d = os.path.join(work, "tree", f"module{m}")
    os.makedirs(d)
    for k in range(10):
        i = m * 10 + k
        body = forms[i % 3].format(i=i)
        local = ""
        if i % 3 == 2:
            local = ('locals {\n  containers_%d = [{ name = "job", image = "job:%d", '
                     'readonlyRootFilesystem = false }]\n}\n\n' % (i, i))
        with open(os.path.join(d, f"task{k}.tf"), "w") as f:
            f.write(f'{local}resource "aws_ecs_task_definition" "t{i}" {{\n'
                    f'  family = "t{i}"\n{body}  volume {{\n    name = "tmp"\n  }}\n}}\n')
for m in range(100):
    d = os.path.join(work, "mods", f"module{m}")
    os.makedirs(d)
    with open(os.path.join(d, "variables.tf"), "w") as f:
        f.write('variable "read_only" {\n  type    = bool\n  default = false\n}\n')
    with open(os.path.join(d, "locals.tf"), "w") as f:
        f.write('locals {\n  sidecars = [{ name = "log", image = "fluent-bit:2", '
                'readonlyRootFilesystem = true }]\n'
                '  apps = [{ name = "app", image = "app:1", readonlyRootFilesystem = var.read_only }]\n}\n')
    for k in range(10):
        i = m * 10 + k
        with open(os.path.join(d, f"service{k}.tf"), "w") as f:
            f.write(f'resource "aws_ecs_task_definition" "s{i}" {{\n  family = "s{i}"\n'
                    f'  container_definitions = jsonencode(concat(local.sidecars, local.apps))\n}}\n')
EOF

best() {
    local b=""
    for _ in $(seq "$runs"); do
        local s e
        s=$(date +%s%N)
        "$@" > /dev/null 2>&1 || true
        e=$(date +%s%N)
        local t=$(((e - s) / 1000000))
        if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
    done
    echo "$b"
}

size=$(wc -c < "$work/plan.json")
echo "plan: $((size / 1000)) kB, one line: $(best "$tdlint" --no-config "$work/plan.json") ms"
echo "  findings: $("$tdlint" --no-config "$work/plan.json" | wc -l)"
for j in 1 2; do
    echo "1,000 .tf files, -j $j: $(best "$tdlint" --no-config -j "$j" "$work/tree") ms"
done
echo "  findings: $("$tdlint" --no-config "$work/tree" | wc -l)"
for j in 1 2; do
    echo "1,000 .tf files reading their modules' locals.tf and variables.tf, -j $j: $(best "$tdlint" --no-config -j "$j" "$work/mods") ms"
done
echo "  findings: $("$tdlint" --no-config "$work/mods" | wc -l)"
