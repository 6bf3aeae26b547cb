resource "aws_ecs_task_definition" "svc" {
  family = "svc"
  container_definitions = jsonencode([{ name = "svc", image = "svc:1" }])
}
