[
  {
    "name": "app",
    "image": "${image}",
    "readonlyRootFilesystem": false
  }
]
