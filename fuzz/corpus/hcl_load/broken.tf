resource "x" {
  a = [1, 2,
  b = {c = "d
