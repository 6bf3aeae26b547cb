# Writes OUT, a C source that defines `const char tdi_doc_<NAME>[]` for each
# markdown file in INPUTS (a |-separated list), NUL-terminated.
# Usage: cmake -DOUT=file.c "-DINPUTS=a.md|b.md" -P embed.cmake
string(REPLACE "|" ";" INPUTS "${INPUTS}")
set(content "/* Generated from the rule documentation (rules/TDnnn.md) by cmake/embed.cmake; do not edit. */\n")
foreach(input IN LISTS INPUTS)
  get_filename_component(name "${input}" NAME_WE)
  file(READ "${input}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
  string(APPEND content "const char tdi_doc_${name}[] = {\n${bytes}0x00};\n")
endforeach()
file(WRITE "${OUT}.tmp" "${content}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
