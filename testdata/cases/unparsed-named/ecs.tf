resource "aws_ecs_task_definition" "web" {
  family = "web"
  container_definitions = file("web.json")
}
