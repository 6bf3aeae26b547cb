" tdlint as an ALE linter for yaml buffers (see autoload/tdlint.vim).
call ale#linter#Define('yaml', {
\   'name': 'tdlint',
\   'executable': 'tdlint',
\   'command': function('tdlint#AleCommand'),
\   'callback': 'tdlint#AleHandle',
\})
