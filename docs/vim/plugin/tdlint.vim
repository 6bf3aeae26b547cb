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

" The errorformat of compiler/tdlint.vim: %t is the level's first letter; an
" error in .tdlint.yaml is an entry there.
let g:tdlint_errorformat = '%-Gtdlint: note: %.%#,tdlint: %f:%l:%c: %t%*[a-z]: %m,'
      \ . '%f:%l:%c: %t%*[a-z]: %m,%-G%.%#'

function! s:Set(loclist, what) abort
  if a:loclist
    call setloclist(0, [], ' ', a:what)
  else
    call setqflist([], ' ', a:what)
  endif
endfunction

" An empty list would read as a clean file: when tdlint cannot be run, or
" fails without an entry to show, the list is emptied and the reason is an
" error message (which :silent does not hide).
function! s:Lint(loclist) abort
  let l:prog = get(g:, 'tdlint_command', 'tdlint')
  if !executable(l:prog)
    call s:Set(a:loclist, {'title': 'tdlint', 'items': []})
    echoerr 'tdlint: cannot run "' . l:prog . '": it is not on the PATH or not executable;'
          \ . ' install tdlint, or set g:tdlint_command to its path'
    return
  endif
  let l:cmd = shellescape(l:prog) . ' --column-unit=byte'
  if expand('%') !=# ''
    let l:cmd .= ' --stdin-filename ' . shellescape(expand('%'))
  endif
  let l:lines = systemlist(l:cmd . ' -', getline(1, '$'))
  let l:status = v:shell_error
  " the errorformat is given here: :cgetexpr would read the global one
  call s:Set(a:loclist, {'title': 'tdlint', 'lines': l:lines, 'efm': g:tdlint_errorformat})
  let l:list = a:loclist ? getloclist(0) : getqflist()
  if l:status >= 2 && empty(filter(l:list, 'v:val.valid'))
    let l:why = filter(copy(l:lines), 'v:val =~# ''^tdlint: ''')
    echoerr empty(l:why) ? 'tdlint failed (exit status ' . l:status . ')' : l:why[0]
  endif
endfunction

command! -bar Tdlint call s:Lint(0)
command! -bar TdlintLocal call s:Lint(1)
