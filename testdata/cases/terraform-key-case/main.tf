# Terraform's AWS provider decodes container_definitions with Go's encoding/json:
# every key matches ignoring case, and of several, the last one wins, also
# inside mount points, volumesFrom entries and linuxParameters.
resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  requires_compatibilities = ["EC2"]
  volume {
    name      = "host-etc"
    host_path = "/etc"
  }
  volume {
    name = "shared"
  }
  container_definitions = jsonencode([
    {
      name                   = "web"
      readonlyRootFilesystem = true
      MountPoints = [
        { SourceVolume = "host-etc", ContainerPath = "/etc/app", readOnly = false, ReadOnly = true },
        { sourcevolume = "shared", containerpath = "/usr/share/app" },
        { SOURCEVOLUME = "nowhere", containerPath = "/scratch" },
      ]
      LinuxParameters = { Tmpfs = [{ ContainerPath = "/etc/cache", mountoptions = ["ro"], MountOptions = ["rw"] }] }
    },
    {
      name                   = "sidecar"
      readonlyRootFilesystem = true
      VolumesFrom            = [{ SourceContainer = "web", readOnly = true, READONLY = false }]
    },
  ])
}

resource "aws_ecs_task_definition" "heredoc" {
  family                = "heredoc"
  container_definitions = <<-EOT
    [
      {
        "name": "api",
        "readonlyRootFilesystem": true,
        "mountPoints": [{"sourceVolume": "host-etc", "containerPath": "/etc/api", "readOnly": false, "READONLY": true}],
        "readonlyRootFilesystem": true
      }
    ]
  EOT
  volume {
    name      = "host-etc"
    host_path = "/etc"
  }
}
