" Vim compiler plugin for tdlint, the ECS task definition linter.
" Copy it to ~/.vim/compiler/tdlint.vim (Neovim: ~/.config/nvim/compiler/),
" then `:compiler tdlint` and `:make` lint the current file into the quickfix
" list. docs/editors.md shows lint-on-save and linting the unsaved buffer.
"
" --column-unit=byte: Vim's %c reads a byte index, while tdlint counts code
" points unless told otherwise. %t takes the first letter of the level
" (e: error, w: warning, n: note). So that a failed run does not look clean,
" an error in .tdlint.yaml ("tdlint: PATH:LINE:COL: error: ...") is an entry
" at its place there, and the shell's "not found" stays in the list as text;
" %-G drops every other line (notes, the summary).

if exists('current_compiler')
  finish
endif
let current_compiler = 'tdlint'

if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

if !executable('tdlint')
  echohl WarningMsg
  echomsg 'tdlint: "tdlint" is not on the PATH: :make will fail until it is installed'
  echohl None
endif

CompilerSet makeprg=tdlint\ --column-unit=byte\ --\ %:S
CompilerSet errorformat=%-Gtdlint:\ note:\ %.%#,tdlint:\ %f:%l:%c:\ %t%*[a-z]:\ %m,
      \%f:%l:%c:\ %t%*[a-z]:\ %m,%+G%.%#:\ not\ found,%+G%.%#:\ command\ not\ found,%-G%.%#
