# HCL reads 1e5 as the number 100000 (the grammar tdlint vendors needs 1.0e5):
# the configuration is read, and its containers are checked.
resource "aws_ecs_task_definition" "x" { container_definitions = jsonencode([{ name = "a", memory = 1e5, readonlyRootFilesystem = true }]) }

resource "aws_ecs_task_definition" "y" {
  family = "y"
  cpu    = 2E+2
  container_definitions = jsonencode([
    { name = "b", memory = 1e5, cpu = -1e-1, readonlyRootFilesystem = false },
    { name = "c", memoryReservation = 5e1, readonlyRootFilesystem = 1e0 },
  ])
}
