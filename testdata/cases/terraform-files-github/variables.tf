variable "image" {
  type    = string
  default = "registry.example.com/app:2"
}

variable "env" {
  type = string
}

variable "containers_json" {
  type    = string
  default = <<-EOT
    [
      {"name": "from-default", "image": "app:1", "readonlyRootFilesystem": false}
    ]
  EOT
}
