-- tdlint in Neovim (0.7 or later) without plugins: lints JSON, YAML and
-- CloudFormation .template buffers into vim.diagnostic when they are read,
-- written, and when insert mode is left. The buffer goes to tdlint on
-- standard input, named by --stdin-filename, so unsaved text is linted and
-- .tdlint.yaml exceptions match the file's path.
--
-- Put docs/nvim of the tdlint checkout on 'runtimepath' (or copy this file to
-- ~/.config/nvim/lua/tdlint.lua) and, in init.lua:
--
--   require('tdlint').setup()            -- or setup({ command = '/path/to/tdlint' })
--
-- Columns: --column-unit=byte, since vim.diagnostic columns are byte indexes.
local M = {}

local ns = vim.api.nvim_create_namespace('tdlint')

-- The errorformat of compiler/tdlint.vim without its %-G (invalid entries are skipped).
M.errorformat = '%f:%l:%c: %t%*[a-z]: %m'

local severity = {
  E = vim.diagnostic.severity.ERROR,
  W = vim.diagnostic.severity.WARN,
  I = vim.diagnostic.severity.INFO,
  N = vim.diagnostic.severity.HINT,
}

-- Turns tdlint's output lines into diagnostics (0-based lines and byte columns).
function M.parse(lines)
  local items = vim.fn.getqflist({ lines = lines, efm = M.errorformat }).items
  local diagnostics = {}
  for _, item in ipairs(items) do
    if item.valid == 1 then
      table.insert(diagnostics, {
        lnum = math.max(item.lnum - 1, 0),
        col = math.max(item.col - 1, 0),
        severity = severity[item.type:upper()] or vim.diagnostic.severity.ERROR,
        message = item.text,
        source = 'tdlint',
      })
    end
  end
  return diagnostics
end

-- Lints buffer buf (default: the current one); done, calls on_done(diagnostics) if given.
function M.lint(buf, on_done)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  local cmd = { M.command or 'tdlint', '--column-unit=byte' }
  local name = vim.api.nvim_buf_get_name(buf)
  if name ~= '' then
    vim.list_extend(cmd, { '--stdin-filename', name })
  end
  table.insert(cmd, '-')
  local job = vim.fn.jobstart(cmd, {
    stdout_buffered = true,
    on_stdout = function(_, data)
      local diagnostics = M.parse(data)
      if vim.api.nvim_buf_is_valid(buf) then
        vim.diagnostic.set(ns, buf, diagnostics)
      end
      if on_done then
        on_done(diagnostics)
      end
    end,
  })
  if job <= 0 then
    vim.notify('tdlint: cannot run ' .. cmd[1], vim.log.levels.WARN)
    return
  end
  local text = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  table.insert(text, '') -- the last line's newline
  vim.fn.chansend(job, text)
  vim.fn.chanclose(job, 'stdin')
end

function M.setup(opts)
  opts = opts or {}
  M.command = opts.command
  local group = vim.api.nvim_create_augroup('tdlint', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufWritePost', 'InsertLeave' }, {
    group = group,
    pattern = opts.pattern or { '*.json', '*.yaml', '*.yml', '*.template' },
    callback = function(ev)
      M.lint(ev.buf)
    end,
  })
end

return M
