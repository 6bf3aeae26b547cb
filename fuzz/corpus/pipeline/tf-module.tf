resource "aws_ecs_task_definition" "a" {
  container_definitions = file("containers.json")
}
resource "aws_ecs_task_definition" "b" {
  container_definitions = templatefile("${path.module}/app.json.tpl", { name = "x", ro = true })
}
resource "aws_ecs_task_definition" "c" {
  container_definitions = jsonencode(concat(local.web, [local.proxy]))
}
resource "aws_ecs_task_definition" "d" {
  container_definitions = var.defs
}
