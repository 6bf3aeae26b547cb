resource "x" {
  a = 
