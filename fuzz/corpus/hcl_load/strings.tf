locals {
  defs = <<-EOT
    [

      {"name": "a", "image": "${var.image}",
       "name": "b"}
    ]
    EOT
  tabs = <<-X
		one
	  two
	X
  plain = <<TASK_DEFINITION
[{"name": "first", "readonlyRootFilesystem": false}]
TASK_DEFINITION
  quoted = "[{\"name\": \"w\u00e9b\", \"readonlyRootFilesystem\": true}]"
  tmpl   = "web-${var.env}-%{ if var.x }x%{ endif } $${lit} %%{lit}"
  esc    = "tab\tquote\" \U0001F600 back\\"
  nested = "x${"}"}y"
}
a = 1
a = 2
b = { x = 1, "x" = 2 }
c = file("${path.module}/containers.json")
d = templatefile("task.json.tpl", { image = var.image })
