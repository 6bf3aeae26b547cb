[
%{ for n in names ~}
  {"name": "${n}", "image": "${n}:1"},
%{ endfor ~}
  {"name": "last", "image": "last:1", "readonlyRootFilesystem": true}
]
