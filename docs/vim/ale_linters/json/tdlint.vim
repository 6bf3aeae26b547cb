" tdlint as an ALE linter for json buffers (see autoload/tdlint.vim).
call ale#linter#Define('json', {
\   'name': 'tdlint',
\   'executable': 'tdlint',
\   'command': function('tdlint#AleCommand'),
\   'callback': 'tdlint#AleHandle',
\})
