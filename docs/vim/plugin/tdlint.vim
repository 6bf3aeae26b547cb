" tdlint in Vim and Neovim: :Tdlint lints the current buffer, saved or not,
" into the quickfix list (:TdlintLocal into the window's location list). The
" buffer goes to tdlint on standard input, named by --stdin-filename so that
" the entries point at it and .tdlint.yaml exceptions match its path.
"
" Put this folder (docs/vim of the tdlint checkout) on 'runtimepath', or copy
" plugin/tdlint.vim and compiler/tdlint.vim to ~/.vim/. g:tdlint_command names
" the program (default "tdlint"). Lint on save, in your vimrc:
"
"   autocmd BufWritePost *.json,*.yaml,*.yml,*.template silent Tdlint | cwindow

if exists('g:loaded_tdlint')
  finish
endif
let g:loaded_tdlint = 1

" The errorformat of compiler/tdlint.vim: %t is the level's first letter.
let g:tdlint_errorformat = '%f:%l:%c: %t%*[a-z]: %m,%-G%.%#'

function! s:Lint(loclist) abort
  let l:cmd = get(g:, 'tdlint_command', 'tdlint') . ' --column-unit=byte'
  if expand('%') !=# ''
    let l:cmd .= ' --stdin-filename ' . shellescape(expand('%'))
  endif
  let l:lines = systemlist(l:cmd . ' -', getline(1, '$'))
  " the errorformat is given here: :cgetexpr would read the global one
  let l:what = {'title': 'tdlint', 'lines': l:lines, 'efm': g:tdlint_errorformat}
  if a:loclist
    call setloclist(0, [], ' ', l:what)
  else
    call setqflist([], ' ', l:what)
  endif
endfunction

command! -bar Tdlint call s:Lint(0)
command! -bar TdlintLocal call s:Lint(1)
