locals {
  web_containers = jsonencode([
    {
      name  = "web"
      image = "web:3"
    }
  ])
  sidecars = [
    {
      name                   = "log-router"
      image                  = "fluent-bit:2"
      readonlyRootFilesystem = true
    }
  ]
  workers = [
    {
      name                   = "worker"
      image                  = "worker:1"
      readonlyRootFilesystem = false
    }
  ]
  proxy = {
    name  = "proxy"
    image = "envoy:1.30"
  }
}
