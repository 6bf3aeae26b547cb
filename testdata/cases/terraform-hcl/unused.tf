# tdlint:ignore TD001 not needed any more
resource "aws_ecs_task_definition" "ok" {
  family = "ok"
  container_definitions = jsonencode([{ name = "a", image = "b", readonlyRootFilesystem = true }])
}
