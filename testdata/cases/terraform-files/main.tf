# Container definitions written in other files: file(), templatefile(), and
# locals and variables in the module's other .tf files.

resource "aws_ecs_task_definition" "from_file" {
  family                = "from-file"
  container_definitions = file("${path.module}/defs/containers.json")
}

resource "aws_ecs_task_definition" "from_template" {
  family = "from-template"
  container_definitions = templatefile("${path.module}/defs/app.json.tpl", {
    image = var.image
  })
}

resource "aws_ecs_task_definition" "broken_template" {
  family                = "broken-template"
  container_definitions = templatefile("defs/flag.json.tpl", { read_only = true })
}

resource "aws_ecs_task_definition" "from_local" {
  family                = "from-local"
  container_definitions = local.web_containers
}

resource "aws_ecs_task_definition" "from_variable" {
  family                = "from-variable"
  container_definitions = var.containers_json
}

resource "aws_ecs_task_definition" "joined" {
  family                = "joined"
  container_definitions = jsonencode(concat(local.sidecars, local.workers))
}

resource "aws_ecs_task_definition" "mixed" {
  family = "mixed"
  container_definitions = jsonencode([
    local.proxy,
    {
      name                   = "main"
      image                  = "main:1"
      readonlyRootFilesystem = true
    },
  ])
}

resource "aws_ecs_task_definition" "not_json" {
  family                = "not-json"
  container_definitions = file("${path.module}/defs/broken.json")
}

resource "aws_ecs_task_definition" "a_folder" {
  family                = "a-folder"
  container_definitions = file("${path.module}/adir")
}

resource "aws_ecs_task_definition" "computed_path" {
  family                = "computed-path"
  container_definitions = file("${path.module}/defs/${var.env}.json")
}

resource "awscc_ecs_task_definition" "cc" {
  family                = "cc"
  container_definitions = jsondecode(file("${path.module}/defs/cc.json"))
}

resource "aws_ecs_task_definition" "duplicate_key" {
  family                = "duplicate-key"
  container_definitions = file("defs/dup.json")
}

resource "aws_ecs_task_definition" "looped" {
  family = "looped"
  container_definitions = templatefile("${path.module}/defs/loop.json.tpl", {
    names = ["a", "b"]
  })
}

resource "aws_ecs_task_definition" "for_expression" {
  family = "for-expression"
  container_definitions = jsonencode([
    for name in var.names : {
      name  = name
      image = "${name}:1"
    }
  ])
}
