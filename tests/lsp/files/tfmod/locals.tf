locals {
  containers = jsonencode([{ name = "naïve", image = "app:1", readonlyRootFilesystem = false }])
}
