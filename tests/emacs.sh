#!/usr/bin/env bash
# The Emacs set-up of docs/editors.md in real Emacs (batch): the Flymake
# backend of docs/emacs/tdlint.el on a buffer (also after an unsaved change),
# and compilation mode over tdlint's output with
# compilation-error-screen-columns nil. Each diagnostic or error must put
# point on the key the finding is about, after non-ASCII text and tabs.
#
# usage: tests/emacs.sh TDLINT SOURCE_DIR
# Exits 77 (skipped) when emacs is not installed.
set -u
tdlint=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
if ! command -v emacs > /dev/null; then
    echo "emacs is not installed: skipping the Emacs test (./build.sh deps installs emacs-nox)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
printf '%s\n' \
    'Resources:' \
    '  Web:' \
    '    Type: AWS::ECS::TaskDefinition' \
    '    Properties:' \
    '      ContainerDefinitions:' \
    '        - {Name: "café-日本", Image: nginx, ReadonlyRootFilesystem: false}' \
    '        - {Name: "ü", Image: x, ReadonlyRootFilesystem: !GetAtt A.B}' > task.yaml
printf '[\n\t{"name": "🐳",\t"image": "x", "readonlyRootFilesystem": "true"}\n]\n' > tabs.json

cat > run.el << EOF
(require 'tdlint)
(setq tdlint-program "$tdlint")
(defvar out nil)
(defun show (how)
  "Records HOW, the buffer, line and the 24 characters at point."
  (push (format "%s|%s|%d|%s" how (buffer-name) (line-number-at-pos)
                (buffer-substring-no-properties (point) (min (line-end-position) (+ (point) 24))))
        out))
(defun check (how)
  (let ((done 'waiting))
    (tdlint-flymake (lambda (diags &rest _) (setq done diags)))
    (with-timeout (20 (error "tdlint-flymake did not report"))
      (while (eq done 'waiting) (accept-process-output nil 0.05)))
    (dolist (d done)
      (goto-char (flymake-diagnostic-beg d))
      (show (format "%s %s %s" how (flymake-diagnostic-type d) (flymake-diagnostic-text d))))))
(dolist (f '("task.yaml" "tabs.json"))
  (with-current-buffer (find-file-noselect f)
    (check "flymake")))
(with-current-buffer "tabs.json"
  (goto-char (point-min))
  (forward-line 1)
  (delete-region (point) (line-end-position))
  (insert "\t{\"name\": \"ééé\", \"image\": \"x\", \"readonlyRootFilesystem\": 0}")
  (check "unsaved"))
(with-current-buffer "tabs.json" ; back to the file on disk
  (set-buffer-modified-p nil)
  (kill-buffer))
(setq compilation-error-screen-columns nil)
(let ((buf (get-buffer-create "*compilation*")))
  (with-current-buffer buf
    (insert "tdlint --color=never task.yaml tabs.json\n")
    (insert (shell-command-to-string "'$tdlint' --color=never task.yaml tabs.json"))
    (compilation-mode)
    (goto-char (point-min)))
  (dotimes (_ 3)
    (set-buffer buf)
    (compilation-next-error 1)
    (let ((line (buffer-substring-no-properties (line-beginning-position) (line-end-position))))
      (compile-goto-error)
      (show (concat "compile " (car (split-string line ": ")))))))
(with-temp-file "actual" (insert (mapconcat #'identity (nreverse out) "\n") "\n"))
EOF
timeout 60 emacs --batch -Q -L "$src/docs/emacs" -l run.el > emacs.log 2>&1
rc=$?
if [ $rc -ne 0 ] || [ ! -f actual ]; then
    cat emacs.log
    echo "emacs failed (status $rc)"
    exit 1
fi
cat > expected << 'EOF'
flymake :error container "café-日本" in task definition "Web" has a writable root filesystem (ReadonlyRootFilesystem is false): set ReadonlyRootFilesystem to true and mount a volume on each path it writes (fixable with --fix) [TD001]|task.yaml|6|ReadonlyRootFilesystem: 
flymake :warning container "ü" in task definition "Web": ReadonlyRootFilesystem cannot be verified statically: it is computed by Fn::GetAtt; write true [TD002]|task.yaml|7|ReadonlyRootFilesystem: 
flymake :error container "🐳": readonlyRootFilesystem is the string "true", but the ECS API accepts only a boolean: write true without quotes (fixable with --fix) [TD003]|tabs.json|2|"readonlyRootFilesystem"
unsaved :error container "ééé": readonlyRootFilesystem is a number, not a boolean: set it to true [TD003]|tabs.json|2|"readonlyRootFilesystem"
compile tabs.json:2:30|tabs.json|2|"readonlyRootFilesystem"
compile task.yaml:6:43|task.yaml|6|ReadonlyRootFilesystem: 
compile task.yaml:7:33|task.yaml|7|ReadonlyRootFilesystem: 
EOF
if ! diff -u expected actual; then
    echo "what Emacs shows differs from expected"
    exit 1
fi
echo "ok: $(grep -c . actual) places as expected"
