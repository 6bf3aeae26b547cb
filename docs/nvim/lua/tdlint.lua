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
-- tdlint's JSON report (--format json) gives each diagnostic its start and
-- end, its rule ID as the diagnostic's code, and its level. Its columns count
-- code points; vim.diagnostic wants byte indexes, converted here from the
-- buffer's own lines. When the program cannot be run, or fails without a
-- report (a broken .tdlint.yaml), the error is shown, not an empty list.
local M = {}

local ns = vim.api.nvim_create_namespace('tdlint')

local severity = {
  error = vim.diagnostic.severity.ERROR,
  warning = vim.diagnostic.severity.WARN,
  note = vim.diagnostic.severity.HINT,
}

-- The 0-based byte index of 1-based code-point column col in text (the end of
-- the line when col is past it).
local function byte_col(text, col)
  if not text then
    return 0
  end
  local ok, b = pcall(vim.str_byteindex, text, math.max(col - 1, 0))
  return ok and b or #text
end

-- Turns tdlint's JSON report (a string) into diagnostics for a buffer whose
-- lines are lines; nil and a message when it is not a report.
function M.parse(report, lines)
  local ok, doc = pcall(vim.fn.json_decode, report)
  if not ok or type(doc) ~= 'table' or type(doc.files) ~= 'table' then
    return nil, 'tdlint did not write a report'
  end
  local diagnostics = {}
  for _, file in ipairs(doc.files) do
    for _, f in ipairs(file.findings or {}) do
      if not f.suppressed then
        local lnum = math.max(f.start.line - 1, 0)
        local end_lnum = math.max(f['end'].line - 1, lnum)
        table.insert(diagnostics, {
          lnum = lnum,
          col = byte_col(lines[lnum + 1], f.start.column),
          end_lnum = end_lnum,
          end_col = byte_col(lines[end_lnum + 1], f['end'].column),
          severity = severity[f.level] or vim.diagnostic.severity.ERROR,
          message = f.message,
          code = f.rule,
          source = 'tdlint',
        })
      end
    end
  end
  return diagnostics
end

-- Says once per session that the program cannot be run, instead of showing
-- an empty, clean-looking list.
local function missing(cmd)
  if not M.warned then
    M.warned = true
    vim.notify('tdlint: cannot run "' .. cmd .. '": it is not on the PATH or not executable;'
      .. ' install tdlint, or give its path: require("tdlint").setup({ command = "/path/to/tdlint" })',
      vim.log.levels.ERROR)
  end
end

-- Lints buffer buf (default: the current one); done, calls on_done(diagnostics) if given.
function M.lint(buf, on_done)
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  local cmd = { M.command or 'tdlint', '--format', 'json' }
  if vim.fn.executable(cmd[1]) ~= 1 then
    vim.diagnostic.reset(ns, buf)
    missing(cmd[1])
    return
  end
  local name = vim.api.nvim_buf_get_name(buf)
  if name ~= '' then
    vim.list_extend(cmd, { '--stdin-filename', name })
  end
  table.insert(cmd, '-')
  local text = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local out, err = {}, {}
  local job = vim.fn.jobstart(cmd, {
    stdout_buffered = true,
    stderr_buffered = true,
    on_stdout = function(_, data)
      out = data
    end,
    on_stderr = function(_, data)
      err = data
    end,
    on_exit = function(_, status)
      local diagnostics, problem = M.parse(table.concat(out, '\n'), text)
      if not diagnostics then
        local why = vim.trim(table.concat(err, '\n'))
        vim.notify(why ~= '' and why or ('tdlint: ' .. problem .. ' (exit status ' .. status .. ')'),
          vim.log.levels.ERROR)
        diagnostics = {}
      end
      if vim.api.nvim_buf_is_valid(buf) then
        vim.diagnostic.set(ns, buf, diagnostics)
      end
      if on_done then
        on_done(diagnostics)
      end
    end,
  })
  if job <= 0 then
    missing(cmd[1])
    return
  end
  local input = vim.list_extend({}, text)
  table.insert(input, '') -- the last line's newline
  vim.fn.chansend(job, input)
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
