# tdlint:ignore TD001 the image writes /tmp
resource "aws_ecs_task_definition" "this" {
  family                   = "app"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 0.5
  container_definitions = jsonencode([
    {
      name                   = "app"
      image                  = "public.ecr.aws/nginx/nginx:1.25"
      essential              = true
      readonlyRootFilesystem = true
      portMappings           = [{ containerPort = 80, protocol = "tcp" }]
      environment            = [{ "name" = "MODE", "value" = var.mode }]
      linuxParameters        = { capabilities = { drop = ["ALL"] } }
      offset                 = -1
    },
    merge(local.sidecar, { name = "log" }),
  ])
  volume {
    name      = "service-storage"
    host_path = "/ecs/service-storage"
  }
  volume {
    name = "efs"
    efs_volume_configuration {
      file_system_id     = aws_efs_file_system.fs.id
      root_directory     = "/opt/data"
      transit_encryption = "ENABLED"
    }
  }
  dynamic "volume" {
    for_each = var.volumes
    content {
      name = volume.value.name
    }
  }
  runtime_platform {
    operating_system_family = "LINUX"
  }
}
provider "aws" {}
provider "aws" {
  alias = "east"
}
