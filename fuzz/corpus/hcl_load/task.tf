resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  requires_compatibilities = ["FARGATE"]
  container_definitions = jsonencode([
    {
      name                   = "web"
      image                  = "nginx:1.27"
      readonlyRootFilesystem = true
      mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp" }]
    }
  ])
  volume {
    name = "tmp"
  }
  runtime_platform {
    operating_system_family = "LINUX"
  }
}
