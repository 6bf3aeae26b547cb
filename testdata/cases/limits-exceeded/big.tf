# 1K is --max-file-size here: an HCL file may be a tenth of it, 102 bytes, and this one is larger
resource "aws_ecs_task_definition" "web" {
  container_definitions = jsonencode([{ name = "web", image = "web:1" }])
}
