#!/usr/bin/env bash
# The language server in a real client: Emacs with Eglot (Debian's
# elpa-eglot), in batch mode, as docs/editors.md sets it up. It opens a task
# definition with a 🐳 and an é before the finding on its line, must get the
# diagnostic at the right place (Emacs counts characters: the server's UTF-16
# positions converted back), asks for the quick fix and applies it, saves,
# sees the diagnostic cleared. Then, in a CloudFormation template, it applies
# the action "ignore TD001 in the Metadata of resource Web" (Eglot 1.9 does not
# take window/showDocument: the action comes without its command), sees the
# entry reported until its reason is written, writes one and saves: the
# diagnostic clears, and the command finds the finding suppressed with that
# reason. Last it sends shutdown and exit as Eglot does and waits for the
# server to end by itself, with status 0.
#
# usage: tests/emacs_lsp.sh TDLINT
# Exits 77 (skipped) when emacs or Eglot is not installed.
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if ! command -v emacs > /dev/null ||
    ! emacs --batch --eval '(require (quote eglot))' > /dev/null 2>&1; then
    echo "emacs with Eglot is not installed: skipping (./build.sh deps installs emacs-nox and elpa-eglot)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
printf '%s\n' 'family: web' 'containerDefinitions:' \
    '  - {name: "🐳é", image: x, readonlyRootFilesystem: false}' > task.yaml
printf '%s\n' '{' '	"Resources": {' '		"Web": {' '			"Type": "AWS::ECS::TaskDefinition",' \
    '			"Properties": {"ContainerDefinitions": [{"Name": "🐳é", "Image": "x"}]}' \
    '		}' '	}' '}' | sed 's/\\t/\t/g' > stack.json

cat > run.el << 'EOF'
(require 'eglot)
(require 'flymake)
(defvar out nil)
(defun log* (&rest xs) (push (mapconcat (lambda (x) (format "%s" x)) xs "|") out))
(defun wait-for (pred)
  (let ((deadline (+ (float-time) 10)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))
(setq eglot-sync-connect t)
(find-file "task.yaml")
(fundamental-mode)
(defvar server (eglot '(fundamental-mode) (cons 'transient default-directory) 'eglot-lsp-server
                      (list (getenv "TDLINT") "lsp") "yaml"))
(wait-for (lambda () (flymake-diagnostics)))
;; each diagnostic: start and end as line and character (1-based), type, the
;; span (its first line), in the buffer's order
(defun col (p) (1+ (- p (save-excursion (goto-char p) (line-beginning-position)))))
(defun dump (how)
  (let ((ds (sort (flymake-diagnostics)
                  (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))
    (unless ds (log* how "no diagnostics"))
    (dolist (d ds)
      (let ((b (flymake-diagnostic-beg d)) (e (flymake-diagnostic-end d)))
        (log* how (line-number-at-pos b) (col b) (line-number-at-pos e) (col e)
              (flymake-diagnostic-type d)
              (car (split-string (buffer-substring-no-properties b e) "\n")))))))
(dump "opened")
;; the code actions for the diagnostic's range, the quick fix applied
(let* ((d (car (flymake-diagnostics)))
       (actions (jsonrpc-request
                 server :textDocument/codeAction
                 (list :textDocument (eglot--TextDocumentIdentifier)
                       :range (list :start (eglot--pos-to-lsp-position (flymake-diagnostic-beg d))
                                    :end (eglot--pos-to-lsp-position (flymake-diagnostic-end d)))
                       :context (list :diagnostics [])))))
  (seq-doseq (a actions)
    (log* "action" (plist-get a :title) (plist-get a :kind))
    (when (equal (plist-get a :kind) "quickfix")
      (eglot--apply-workspace-edit (plist-get a :edit)))))
(log* "fixed" (save-excursion (goto-char (point-min)) (forward-line 2)
                              (buffer-substring-no-properties (point) (line-end-position))))
(save-buffer)
(wait-for (lambda () (null (flymake-diagnostics))))
(dump "saved")
;; the inline ignore in a template (JSON, indented with tabs)
(find-file "stack.json")
(fundamental-mode)
(eglot--maybe-activate-editing-mode)
(wait-for (lambda () (flymake-diagnostics)))
(dump "template")
(let* ((d (car (flymake-diagnostics)))
       (actions (jsonrpc-request
                 server :textDocument/codeAction
                 (list :textDocument (eglot--TextDocumentIdentifier)
                       :range (list :start (eglot--pos-to-lsp-position (flymake-diagnostic-beg d))
                                    :end (eglot--pos-to-lsp-position (flymake-diagnostic-end d)))
                       :context (list :diagnostics [])))))
  (seq-doseq (a actions)
    (log* "action" (plist-get a :title) (plist-get a :kind) (if (plist-get a :command) "command" "edit only"))
    (when (string-prefix-p "ignore " (plist-get a :title))
      (eglot--apply-workspace-edit (plist-get a :edit)))))
(dolist (line (split-string (buffer-string) "\n")) (log* "line" line))
(save-buffer) ; Eglot sends changes when Emacs is idle, never in batch mode: on saving
(wait-for (lambda () (= (length (flymake-diagnostics)) 2)))
(dump "edited")
(goto-char (point-min))
(search-forward "\"reason\": \"")
(insert "cache on the root filesystem")
(save-buffer)
(wait-for (lambda () (null (flymake-diagnostics))))
(dump "reason written")
;; shutdown and exit as Eglot sends them, then the server must end by itself
;; (eglot-shutdown does not wait: it deletes the process at once)
(let ((proc (jsonrpc--process server)))
  (log* "shutdown" (jsonrpc-request server :shutdown nil))
  (jsonrpc-notify server :exit nil)
  (wait-for (lambda () (not (process-live-p proc))))
  (log* "server exit" (process-status proc) (process-exit-status proc)))
(with-temp-file "actual" (insert (mapconcat #'identity (reverse out) "\n") "\n"))
EOF
TDLINT=$tdlint timeout 60 emacs --batch -l run.el > emacs.log 2>&1
rc=$?
if [ $rc -ne 0 ] || [ ! -f actual ]; then
    cat emacs.log
    echo "emacs failed (status $rc)"
    exit 1
fi
cat > expected << 'EOF'
opened|3|28|3|57|eglot-error|readonlyRootFilesystem: false
action|set readonlyRootFilesystem to true|quickfix
fixed|  - {name: "🐳é", image: x, readonlyRootFilesystem: true}
saved|no diagnostics
template|5|44|5|72|eglot-error|{"Name": "🐳é", "Image": "x"}
action|set ReadonlyRootFilesystem to true|quickfix|edit only
action|ignore TD001 in the Metadata of resource Web (then write its reason)|quickfix|edit only
line|{
line|	"Resources": {
line|		"Web": {
line|			"Type": "AWS::ECS::TaskDefinition",
line|			"Metadata": {
line|				"tdlint": {
line|					"ignore": [
line|						{
line|							"rule": "TD001",
line|							"containers": ["🐳é"],
line|							"reason": ""
line|						}
line|					]
line|				}
line|			},
line|			"Properties": {"ContainerDefinitions": [{"Name": "🐳é", "Image": "x"}]}
line|		}
line|	}
line|}
line|
edited|8|7|12|8|eglot-error|{
edited|16|44|16|72|eglot-error|{"Name": "🐳é", "Image": "x"}
reason written|no diagnostics
shutdown|nil
server exit|exit|0
EOF
if ! diff -u expected actual; then
    cat emacs.log
    echo "Eglot did not get what was expected"
    exit 1
fi
if ! grep -q 'readonlyRootFilesystem: true}' task.yaml; then
    echo "the fixed buffer was not saved"
    exit 1
fi
# the command reads the template as saved: the finding suppressed, with its reason
out=$("$tdlint" --no-config --format json stack.json 2> /dev/null |
    grep -o '"suppressed": [a-z][a-z]*\|"justification": "[^"]*"' | tr '\n' ' ')
if [ "$out" != '"suppressed": true "justification": "cache on the root filesystem" ' ]; then
    echo "the template as saved: $out"
    cat stack.json
    exit 1
fi
echo "ok: diagnostics, the quick fix applied and saved, an inline ignore with its reason, the server exited by itself"
