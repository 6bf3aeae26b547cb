" Vim compiler plugin for tdlint, the ECS task definition linter.
" Copy it to ~/.vim/compiler/tdlint.vim (Neovim: ~/.config/nvim/compiler/),
" then `:compiler tdlint` and `:make` lint the current file into the quickfix
" list. docs/editors.md shows lint-on-save and linting the unsaved buffer.
"
" --column-unit=byte: Vim's %c reads a byte index, while tdlint counts code
" points unless told otherwise. %t takes the first letter of the level
" (e: error, w: warning, n: note); %-G drops every other line (the summary).

if exists('current_compiler')
  finish
endif
let current_compiler = 'tdlint'

if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

CompilerSet makeprg=tdlint\ --column-unit=byte\ --\ %:S
CompilerSet errorformat=%f:%l:%c:\ %t%*[a-z]:\ %m,%-G%.%#
