#!/usr/bin/env bash
# The Neovim set-up of docs/editors.md in real Neovim: docs/nvim/lua/tdlint.lua
# lints a buffer into vim.diagnostic when it is read and when insert mode is
# left (unsaved text); each diagnostic must have the right start and end
# (line, byte column), severity, rule ID and message, and point at the key the
# finding is about. A program that is not there, and a broken .tdlint.yaml,
# are said, not shown as a clean buffer.
#
# usage: tests/nvim.sh TDLINT SOURCE_DIR
# Exits 77 (skipped) when nvim is not installed.
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
if ! command -v nvim > /dev/null; then
    echo "nvim is not installed: skipping the Neovim test (./build.sh deps installs it)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
printf '%s\n' \
    'Resources:' \
    '  Web:' \
    '    Type: AWS::ECS::TaskDefinition' \
    '    Properties:' \
    '      ContainerDefinitions:' \
    '        - {Name: "café-日本", Image: nginx, ReadonlyRootFilesystem: false}' \
    '        - {Name: "ü", Image: x, ReadonlyRootFilesystem: !GetAtt A.B}' > task.yaml
printf '[\n\t{"name": "🐳",\t"image": "x", "readonlyRootFilesystem": "true"}\n]\n' > tabs.json

cat > run.lua << EOF
vim.opt.runtimepath:prepend('$src/docs/nvim')
local tdlint = require('tdlint')
tdlint.setup({ command = '$tdlint' })
local out = {}
local notified = {}
vim.notify = function(msg, level) table.insert(notified, level .. '|' .. msg) end
-- each diagnostic: how, start line and column, end line and column, severity,
-- code, message, then the bytes of the span (on its first line)
local function dump(how, buf)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
    local last = d.end_lnum == d.lnum and d.end_col or #line
    table.insert(out, table.concat({ how, d.lnum + 1, d.col + 1, d.end_lnum + 1, d.end_col + 1,
                                     d.severity, d.code, d.message, line:sub(d.col + 1, last) },
                                   '|'))
  end
end
for _, f in ipairs({ 'task.yaml', 'tabs.json' }) do
  vim.cmd('edit ' .. f) -- BufReadPost lints it
  local buf = vim.api.nvim_get_current_buf()
  vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 10)
  dump('read ' .. f, buf)
end
-- an unsaved change, then leaving insert mode
local buf = vim.api.nvim_get_current_buf()
vim.api.nvim_buf_set_lines(buf, 1, 2, false,
  { '\t{"name": "ééé", "image": "x", "readonlyRootFilesystem": 0}' })
vim.cmd('doautocmd InsertLeave')
vim.wait(10000, function()
  local d = vim.diagnostic.get(buf)
  return #d > 0 and d[1].message:find('ééé') ~= nil
end, 10)
dump('edit', buf)
-- a broken configuration: its error, no diagnostics
vim.fn.writefile({ 'fail-level: loud' }, '.tdlint.yaml')
local done = false
tdlint.lint(buf, function() done = true end)
vim.wait(10000, function() return done end, 10)
dump('bad config', buf)
os.remove('.tdlint.yaml')
-- tdlint not installed: said once, no diagnostics
tdlint.setup({ command = '$work/no-such-tdlint' })
tdlint.lint(buf)
tdlint.lint(buf)
dump('missing', buf)
for _, n in ipairs(notified) do
  table.insert(out, 'notify|' .. n)
end
vim.fn.writefile(out, 'actual')
vim.cmd('qa!')
EOF
timeout 60 nvim --headless -u NONE -i NONE -n -c 'luafile run.lua' > nvim.log 2>&1
rc=$?
if [ $rc -ne 0 ] || [ ! -f actual ]; then
    cat nvim.log
    echo "nvim failed (status $rc)"
    exit 1
fi
cat > expected << EOF
read task.yaml|6|48|6|77|1|TD001|container "café-日本" in task definition "Web" has a writable root filesystem (ReadonlyRootFilesystem is false): set ReadonlyRootFilesystem to true and mount a volume on each path it writes|ReadonlyRootFilesystem: false
read task.yaml|7|34|7|69|2|TD002|container "ü" in task definition "Web": ReadonlyRootFilesystem cannot be verified statically: it is computed by Fn::GetAtt; write true|ReadonlyRootFilesystem: !GetAtt A.B
read tabs.json|2|33|2|65|1|TD003|container "🐳": readonlyRootFilesystem is the string "true", but the ECS API accepts only a boolean: write true without quotes|"readonlyRootFilesystem": "true"
edit|2|35|2|62|1|TD003|container "ééé": readonlyRootFilesystem is a number, not a boolean: set it to true|"readonlyRootFilesystem": 0
notify|4|tdlint: $work/.tdlint.yaml:1:13: error: unknown fail-level "loud": use error, warning or note
notify|4|tdlint: cannot run "$work/no-such-tdlint": it is not on the PATH or not executable; install tdlint, or give its path: require("tdlint").setup({ command = "/path/to/tdlint" })
EOF
if ! diff -u expected actual; then
    echo "the diagnostics differ from expected"
    exit 1
fi
echo "ok: $(grep -c . actual) diagnostics as expected"
