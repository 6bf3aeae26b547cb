#!/usr/bin/env bash
# The Vim set-up of docs/editors.md, in real Vim: docs/vim/compiler/tdlint.vim
# with :make, :Tdlint of docs/vim/plugin/tdlint.vim on an unsaved buffer, and
# the ALE handler of docs/vim/autoload/tdlint.vim.
# For files with non-ASCII text and tabs before the findings (and a byte-order
# mark), each quickfix entry must have the right file, line, byte column, type
# and text, and :cc must put the cursor on the key the finding is about. A
# control run without --column-unit=byte shows that the files do need it.
# A broken .tdlint.yaml is an entry at its error; a missing tdlint is said
# (an error from :Tdlint, a warning from :compiler, the shell's message in
# :make's list), never an empty list.
#
# usage: tests/vim.sh TDLINT SOURCE_DIR
# Exits 77 (skipped) when vim is not installed.
set -u
# Vim reads the files as UTF-8 (its byte columns and the text of each entry)
# only in a UTF-8 locale: C.UTF-8 ships with every Debian, and a container or
# CI image often has no LANG at all.
export LC_ALL=C.UTF-8
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
vim=$(command -v vim || true)
if [ -z "$vim" ]; then
    echo "vim is not installed: skipping the Vim test (./build.sh deps installs it)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
mkdir bin
ln -s "$tdlint" bin/tdlint # the set-up runs "tdlint" from the PATH

printf '%s\n' \
    'Resources:' \
    '  Web:' \
    '    Type: AWS::ECS::TaskDefinition' \
    '    Properties:' \
    '      ContainerDefinitions:' \
    '        - {Name: "café-日本", Image: nginx, ReadonlyRootFilesystem: false}' \
    '        - {Name: "ü", Image: x, ReadonlyRootFilesystem: !GetAtt A.B}' > task.yaml
printf '[\n\t{"name": "🐳",\t"image": "x", "readonlyRootFilesystem": "true"},\n' > tabs.json
printf '\t{"name": "éé", "image": "x"}\n]\n' >> tabs.json
printf '\xEF\xBB\xBF[{"name": "ü", "image": "x", "readonlyRootFilesystem": false}]\n' > bom.json

cat > run.vim << EOF
set nomore hidden shell=/bin/sh
let &runtimepath = '$src/docs/vim,' . &runtimepath
runtime plugin/tdlint.vim
let \$PATH = '$work/bin:' . \$PATH
let g:out = []
" each entry: how, file, line, column, type, text, then the 24 bytes at the
" cursor that :cc puts on it
function! Dump(how) abort
  let l:qf = getqflist()
  for l:i in range(1, len(l:qf))
    let l:e = l:qf[l:i - 1]
    execute 'silent cc' l:i
    call add(g:out, join([a:how, bufname(l:e.bufnr), l:e.lnum, l:e.col, l:e.type, l:e.valid,
          \ l:e.text, strpart(getline('.'), col('.') - 1, 24)], '|'))
  endfor
endfunction
for f in ['task.yaml', 'tabs.json', 'bom.json']
  execute 'edit' f
  compiler tdlint
  silent make!
  call Dump('make')
endfor
" an unsaved change: :Tdlint lints the buffer, not the file
edit tabs.json
call setline(3, "\t{\"name\": \"ééé\", \"image\": \"x\", \"readonlyRootFilesystem\": 0}")
Tdlint
call Dump('Tdlint')
" ALE's handler (autoload/tdlint.vim) on the command's output; ALE itself is
" not needed to call it
let s:cmd = substitute(tdlint#AleCommand(0), '%e', 'tdlint', '')
let s:cmd = substitute(s:cmd, '%s', 'task.yaml', '')
for s:it in tdlint#AleHandle(0, systemlist(s:cmd . ' < task.yaml') + ['tdlint: a summary'])
  call add(g:out, join(['ale', s:it.lnum, s:it.col, s:it.type, s:it.text, get(s:it, 'code', '')], '|'))
endfor
" control: code point columns, read with the same errorformat
let &g:errorformat = g:tdlint_errorformat
cgetexpr system('tdlint task.yaml')
call Dump('codepoint')
" a broken .tdlint.yaml: an error, not a clean list
call writefile(['fail-level: loud'], '.tdlint.yaml')
try
  Tdlint
catch
  call add(g:out, 'broken config|' . len(getqflist()) . '|' . v:exception)
endtry
call Dump('Tdlint, broken config')
for s:it in tdlint#AleHandle(0, systemlist(s:cmd . ' < task.yaml'))
  call add(g:out, join(['ale, broken config', s:it.filename, s:it.lnum, s:it.col, s:it.type, s:it.text], '|'))
endfor
compiler tdlint
silent make!
call Dump('make, broken config')
call delete('.tdlint.yaml')
" tdlint not installed
let g:tdlint_command = 'no-such-tdlint'
try
  Tdlint
catch
  call add(g:out, 'missing|' . len(getqflist()) . '|' . v:exception)
endtry
let \$PATH = '/usr/bin:/bin'
call add(g:out, 'compiler|' . trim(execute('compiler tdlint')))
silent make!
call Dump('make, missing')
call writefile(g:out, 'actual')
qa!
EOF
"$vim" -N -u NONE -i NONE -es -S run.vim < /dev/null > vim.log 2>&1
rc=$?
if [ $rc -ne 0 ] || [ ! -f actual ]; then
    cat vim.log
    echo "vim failed (status $rc)"
    exit 1
fi

cat > expected << 'EOF'
make|task.yaml|6|48|e|1|container "café-日本" in task definition "Web" has a writable root filesystem (ReadonlyRootFilesystem is false): set ReadonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix) [TD001]|ReadonlyRootFilesystem: 
make|task.yaml|7|34|w|1|container "ü" in task definition "Web": ReadonlyRootFilesystem cannot be verified statically: it is computed by Fn::GetAtt; write true [TD002]|ReadonlyRootFilesystem: 
make|tabs.json|2|33|e|1|container "🐳": readonlyRootFilesystem is the string "true", but the ECS API accepts only a boolean: write true without quotes (fixable with --fix) [TD003]|"readonlyRootFilesystem"
make|tabs.json|3|2|e|1|container "éé" has a writable root filesystem (readonlyRootFilesystem is not set): set readonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix) [TD001]|{"name": "éé", "image"
make|bom.json|1|31|e|1|container "ü" has a writable root filesystem (readonlyRootFilesystem is false): set readonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix) [TD001]|"readonlyRootFilesystem"
Tdlint|tabs.json|2|33|e|1|container "🐳": readonlyRootFilesystem is the string "true", but the ECS API accepts only a boolean: write true without quotes (fixable with --fix) [TD003]|"readonlyRootFilesystem"
Tdlint|tabs.json|3|35|e|1|container "ééé": readonlyRootFilesystem is a number, not a boolean: set it to true [TD003]|"readonlyRootFilesystem"
ale|6|48|E|container "café-日本" in task definition "Web" has a writable root filesystem (ReadonlyRootFilesystem is false): set ReadonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix)|TD001
ale|7|34|W|container "ü" in task definition "Web": ReadonlyRootFilesystem cannot be verified statically: it is computed by Fn::GetAtt; write true|TD002
codepoint|task.yaml|6|43|e|1|container "café-日本" in task definition "Web" has a writable root filesystem (ReadonlyRootFilesystem is false): set ReadonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix) [TD001]|inx, ReadonlyRootFilesys
codepoint|task.yaml|7|33|w|1|container "ü" in task definition "Web": ReadonlyRootFilesystem cannot be verified statically: it is computed by Fn::GetAtt; write true [TD002]| ReadonlyRootFilesystem:
Tdlint, broken config|.tdlint.yaml|1|13|e|1|unknown fail-level "loud": use error, warning or note|loud
ale, broken config|.tdlint.yaml|1|13|E|unknown fail-level "loud": use error, warning or note
make, broken config|.tdlint.yaml|1|13|e|1|unknown fail-level "loud": use error, warning or note|loud
missing|0|Vim(echoerr):tdlint: cannot run "no-such-tdlint": it is not on the PATH or not executable; install tdlint, or set g:tdlint_command to its path
compiler|tdlint: "tdlint" is not on the PATH: :make will fail until it is installed
make, missing|task.yaml|0|0||1|/bin/sh: 1: tdlint: not found|fail-level: loud
EOF
if ! diff -u expected actual; then
    echo "the quickfix list differs from expected"
    exit 1
fi
echo "ok: $(grep -c . actual) quickfix entries as expected"
