resource "aws_ecs_task_definition" "from_file" {
  family                = "from-file"
  container_definitions = file("${path.module}/defs/containers.json")
}

resource "aws_ecs_task_definition" "from_local" {
  family                = "from-local"
  container_definitions = local.containers
}
