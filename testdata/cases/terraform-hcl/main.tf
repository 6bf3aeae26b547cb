# A module's task definitions, in the shapes real modules write them.

variable "image" {
  type    = string
  default = "registry.example.com/web:1.4"
}

variable "containers_json" {
  type    = string
  default = <<-EOT
    [{"name": "from-default", "image": "app:1", "readonlyRootFilesystem": false}]
  EOT
}

locals {
  read_only = true
  worker = {
    name                   = "worker"
    image                  = "worker:2"
    readonlyRootFilesystem = local.read_only
  }
}

# tdlint:ignore TD001 the legacy image writes under /var/www until OPS-12 lands
resource "aws_ecs_task_definition" "legacy" {
  family = "legacy"
  container_definitions = jsonencode([
    {
      name  = "www"
      image = var.image
    }
  ])
}

resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  requires_compatibilities = ["FARGATE"]
  container_definitions = jsonencode([
    {
      name                   = "app"
      image                  = var.image
      readonlyRootFilesystem = true
      mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp" }]
      linuxParameters        = { tmpfs = [{ containerPath = "/run", size = 16 }] }
    },
    // tdlint:ignore TD001
    {
      name  = "envoy"
      image = "envoy:1.30"
    },
    local.worker,
    {
      name                   = "flagged"
      image                  = "flagged:1"
      readonlyRootFilesystem = var.read_only_flag
    },
  ])

  volume {
    name = "tmp"
  }

  volume {
    name      = "docker-sock"
    host_path = "/var/run/docker.sock"
  }
}

resource "aws_ecs_task_definition" "heredoc" {
  family                = "heredoc"
  container_definitions = <<EOF
[
  {
    "name": "api",
    "image": "${var.image}",
    "readonlyRootFilesystem": false,
    "mountPoints": [{"sourceVolume": "sock", "containerPath": "/var/run/docker.sock"}]
  }
]
EOF

  volume {
    name      = "sock"
    host_path = "/var/run/docker.sock"
  }
}

resource "aws_ecs_task_definition" "quoted" {
  family                = "quoted"
  container_definitions = "[{\"name\": \"q\", \"image\": \"q:1\", \"ReadOnlyRootFilesystem\": true}]"
}

resource "aws_ecs_task_definition" "default" {
  family                = "default"
  container_definitions = var.containers_json
}

resource "aws_ecs_task_definition" "from_file" {
  family                = "from-file"
  container_definitions = file("${path.module}/containers.json")
}

resource "aws_ecs_task_definition" "from_module" {
  family                = "from-module"
  container_definitions = module.defs.json
}

resource "aws_ecs_task_definition" "windows" {
  family                = "windows"
  container_definitions = jsonencode([{ name = "iis", image = "mcr.microsoft.com/windows/servercore/iis", readonlyRootFilesystem = true }])

  runtime_platform {
    operating_system_family = "WINDOWS_SERVER_2022_CORE"
  }
}

resource "awscc_ecs_task_definition" "cc" {
  family = "cc"
  container_definitions = [
    {
      name                      = "cc-web"
      image                     = "nginx"
      read_only_root_filesystem = false
    }
  ]
}
