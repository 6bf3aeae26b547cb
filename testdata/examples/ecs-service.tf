# An ECS service's task definition as Terraform configurations write it.

variable "image" {
  type    = string
  default = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:3.2.0"
}

resource "aws_ecs_task_definition" "shop" {
  family                   = "shop"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024

  container_definitions = jsonencode([
    {
      name                   = "shop"
      image                  = var.image
      essential              = true
      readonlyRootFilesystem = true
      portMappings           = [{ containerPort = 8080 }]
      mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp" }]
    },
    {
      name      = "datadog-agent"
      image     = "public.ecr.aws/datadog/agent:7"
      essential = false
    },
  ])

  volume {
    name = "tmp"
  }
}
