#!/usr/bin/env bash
# The language server in a real client: Neovim's built-in LSP client
# (vim.lsp, Neovim 0.7 or later), headless, as docs/editors.md sets it up.
# It opens a task definition with a 🐳 and an é before the finding on its
# line, must get the diagnostic at the right place (Neovim converts the
# server's UTF-16 positions to byte columns), asks for the quick fix and
# applies it, saves, sees the diagnostic cleared. Then, in a CloudFormation
# template, it picks "ignore TD001 in the Metadata of resource Web" as a user
# does (vim.lsp.buf.code_action, the choice made through vim.ui.select): the
# edit applied, the server reports the entry without a reason (TD000); a
# reason written and saved, the diagnostic clears and the command finds the
# finding suppressed with that reason. (Neovim 0.7 does not take
# window/showDocument: the action comes without its command.) Last it stops
# the server, which must exit with status 0.
#
# usage: tests/nvim_lsp.sh TDLINT SOURCE_DIR
# Exits 77 (skipped) when nvim is not installed.
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if ! command -v nvim > /dev/null; then
    echo "nvim is not installed: skipping the Neovim LSP test (./build.sh deps installs it)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
printf '%s\n' 'family: web' 'containerDefinitions:' \
    '  - {name: "🐳é", image: x, readonlyRootFilesystem: false}' > task.yaml
printf '%s\n' 'Resources:' '  Web:' '    Type: AWS::ECS::TaskDefinition' '    Properties:' \
    '      ContainerDefinitions:' '        - Name: "🐳é"' '          Image: x' \
    '          ReadonlyRootFilesystem: false' > stack.yaml

cat > run.lua << EOF
local out = {}
local function log(...) table.insert(out, table.concat({ ... }, '|')) end
local exited = nil
local client_id = vim.lsp.start_client({
  name = 'tdlint', cmd = { '$tdlint', 'lsp' }, root_dir = '$work',
  on_exit = function(code) exited = code end,
})
vim.cmd('edit task.yaml')
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 10)
local client = vim.lsp.get_client_by_id(client_id)
log('encoding', client.offset_encoding)
-- each diagnostic: start and end (1-based, byte columns), severity, code, source, the span
local function dump(how)
  local ds = vim.diagnostic.get(buf)
  if #ds == 0 then log(how, 'no diagnostics') end
  for _, d in ipairs(ds) do
    local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
    log(how, d.lnum + 1, d.col + 1, d.end_lnum + 1, d.end_col + 1, d.severity, d.code, d.source,
        line:sub(d.col + 1, d.end_col))
  end
end
dump('opened')
-- the quick fix for the diagnostic on its line, applied
local lnum = vim.diagnostic.get(buf)[1].lnum
local params = vim.lsp.util.make_range_params()
params.range = { start = { line = lnum, character = 0 }, ['end'] = { line = lnum + 1, character = 0 } }
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, lnum) }
local res = client.request_sync('textDocument/codeAction', params, 10000, buf)
local actions = res and res.result or {}
log('actions', #actions)
for _, a in ipairs(actions) do
  log('action', a.title, a.kind, tostring(a.isPreferred), #a.diagnostics)
  vim.lsp.util.apply_workspace_edit(a.edit, client.offset_encoding)
end
log('fixed', vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1])
vim.cmd('write')
vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 10)
dump('saved')
-- the inline ignore in a template, picked as a user picks it
vim.cmd('edit stack.yaml')
buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 10)
dump('template')
local d = vim.diagnostic.get(buf)[1]
vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
local picked = false
vim.ui.select = function(items, _, on_choice)
  for i, item in ipairs(items) do
    log('offered', item[2].title, tostring(item[2].command ~= nil))
    if item[2].title:find('^ignore ') then
      picked = true
      on_choice(item, i)
    end
  end
end
vim.lsp.buf.code_action()
vim.wait(10000, function() return picked end, 10)
for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do log('line', i, line) end
vim.wait(10000, function() return #vim.diagnostic.get(buf) == 2 end, 10)
dump('edited')
-- the reason written between its quotes
for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  local at = line:find('reason: ""', 1, true)
  if at then
    vim.api.nvim_buf_set_text(buf, i - 1, at + 8, i - 1, at + 8, { 'cache on the root filesystem' })
  end
end
vim.cmd('write')
vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 10)
dump('reason written')
client.stop()
vim.wait(10000, function() return exited ~= nil end, 10)
log('server exit', tostring(exited))
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
cat > expected << 'EOF'
encoding|utf-16
opened|3|32|3|61|1|TD001|tdlint|readonlyRootFilesystem: false
actions|1
action|set readonlyRootFilesystem to true|quickfix|true|1
fixed|  - {name: "🐳é", image: x, readonlyRootFilesystem: true}
saved|no diagnostics
template|8|11|8|40|1|TD001|tdlint|ReadonlyRootFilesystem: false
offered|set ReadonlyRootFilesystem to true|false
offered|ignore TD001 in the Metadata of resource Web (then write its reason)|false
line|1|Resources:
line|2|  Web:
line|3|    Type: AWS::ECS::TaskDefinition
line|4|    Metadata:
line|5|      tdlint:
line|6|        ignore:
line|7|          - rule: TD001
line|8|            containers: ["🐳é"]
line|9|            reason: ""
line|10|    Properties:
line|11|      ContainerDefinitions:
line|12|        - Name: "🐳é"
line|13|          Image: x
line|14|          ReadonlyRootFilesystem: false
edited|7|13|9|23|1|TD000|tdlint|rule: TD00
edited|14|11|14|40|1|TD001|tdlint|ReadonlyRootFilesystem: false
reason written|no diagnostics
server exit|0
EOF
if ! diff -u expected actual; then
    cat nvim.log
    echo "Neovim's LSP client did not get what was expected"
    exit 1
fi
if ! grep -q 'readonlyRootFilesystem: true}' task.yaml; then
    echo "the fixed buffer was not saved"
    exit 1
fi
# the command reads the template as saved: the finding suppressed, with its reason
out=$("$tdlint" --no-config --format json stack.yaml 2> /dev/null |
    grep -o '"suppressed": [a-z][a-z]*\|"justification": "[^"]*"' | tr '\n' ' ')
if [ "$out" != '"suppressed": true "justification": "cache on the root filesystem" ' ]; then
    echo "the template as saved: $out"
    cat stack.yaml
    exit 1
fi
echo "ok: diagnostics, the quick fix applied and saved, an inline ignore with its reason, the server stopped"
