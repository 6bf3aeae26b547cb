" tdlint for ALE (https://github.com/dense-analysis/ale): the command and the
" handler that ale_linters/{json,yaml}/tdlint.vim define the linter with.

" ALE writes the buffer to tdlint's standard input (the command has no %t);
" %s, the buffer's file, names it, so that .tdlint.yaml exceptions match.
" Byte columns: ALE's columns are Vim's.
function! tdlint#AleCommand(buffer) abort
  return '%e --column-unit=byte --stdin-filename %s -'
endfunction

" Turns tdlint's text output, PATH:LINE:COL: LEVEL: MESSAGE [ID], into ALE's
" items; an error in .tdlint.yaml ("tdlint: PATH:LINE:COL: error: ...") is an
" item in that file; other lines (a summary, a note) are skipped.
function! tdlint#AleHandle(buffer, lines) abort
  let l:items = []
  for l:line in a:lines
    if l:line =~# '^tdlint: note: '
      continue
    endif
    let l:m = matchlist(l:line, '\v^tdlint: (.{-}):(\d+):(\d+): (error|warning|note): (.*)$')
    if !empty(l:m)
      call add(l:items, {'filename': l:m[1], 'lnum': str2nr(l:m[2]), 'col': str2nr(l:m[3]),
      \   'type': 'E', 'text': l:m[5]})
      continue
    endif
    let l:m = matchlist(l:line, '\v^.{-}:(\d+):(\d+): (error|warning|note): (.{-})( \[(TD\d+)\])?$')
    if empty(l:m)
      continue
    endif
    let l:item = {
    \   'lnum': str2nr(l:m[1]),
    \   'col': str2nr(l:m[2]),
    \   'type': l:m[3] is# 'error' ? 'E' : l:m[3] is# 'warning' ? 'W' : 'I',
    \   'text': l:m[4],
    \}
    if l:m[6] isnot# ''
      let l:item.code = l:m[6]
    endif
    call add(l:items, l:item)
  endfor
  return l:items
endfunction
