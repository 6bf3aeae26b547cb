[
  {
    "name": "flagged",
    "image": "flagged:1",
    "readonlyRootFilesystem": ${read_only}
  }
]
