a = "\q"
b = <<EOF
abc
