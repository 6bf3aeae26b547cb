;;; tdlint.el --- tdlint, the ECS task definition linter, in Emacs -*- lexical-binding: t -*-

;;; Commentary:

;; Flymake: tdlint checks the buffer, saved or not, as you edit it.  Put this
;; file on the `load-path' (or copy it there), then in your init file:
;;
;;   (require 'tdlint)
;;   (add-hook 'json-mode-hook #'tdlint-flymake-setup)   ; or js-json-mode-hook
;;   (add-hook 'yaml-mode-hook #'tdlint-flymake-setup)   ; or yaml-ts-mode-hook
;;
;; `tdlint-flymake-setup' adds the backend to the buffer and turns Flymake on.
;;
;; Compilation: M-x compile RET tdlint --color=never . RET lists every finding
;; in a *compilation* buffer; the built-in `gnu' rule reads tdlint's lines.
;; tdlint counts a column in characters, a tab as one: set
;; `compilation-error-screen-columns' to nil for the cursor to land on the
;; right character after a tab:
;;
;;   ;;; Code:

(require 'flymake)

(defgroup tdlint nil
  "tdlint, the linter for Amazon ECS task definitions."
  :group 'tools)

(defcustom tdlint-program "tdlint"
  "The tdlint program."
  :type 'string)

(defvar-local tdlint--process nil
  "The tdlint process of the buffer's latest Flymake check.")

(defconst tdlint--line-regexp
  "^.+?:\\([0-9]+\\):\\([0-9]+\\): \\(error\\|warning\\|note\\): \\(.*\\)$"
  "A line of tdlint's text output: PATH:LINE:COL: LEVEL: MESSAGE [ID].")

(defun tdlint--diagnostics (source)
  "Flymake diagnostics for buffer SOURCE from tdlint's output in this buffer."
  (let (diagnostics)
    (goto-char (point-min))
    (while (re-search-forward tdlint--line-regexp nil t)
      (let* ((line (string-to-number (match-string 1)))
             (column (string-to-number (match-string 2)))
             (level (match-string 3))
             (message (match-string 4))
             (region (flymake-diag-region source line column)))
        (when region
          (push (flymake-make-diagnostic
                 source (car region) (cdr region)
                 (pcase level ("error" :error) ("warning" :warning) (_ :note))
                 message)
                diagnostics))))
    (nreverse diagnostics)))

(defun tdlint-flymake (report-fn &rest _args)
  "Flymake backend: run tdlint on the buffer and call REPORT-FN with its findings.
Columns are characters, as tdlint counts them by default."
  (unless (executable-find tdlint-program)
    (error "Cannot find %s" tdlint-program))
  (when (process-live-p tdlint--process)
    (kill-process tdlint--process))
  (let ((source (current-buffer))
        (name (or (buffer-file-name) (buffer-name))))
    (save-restriction
      (widen)
      (setq tdlint--process
            (make-process
             :name "tdlint-flymake" :noquery t :connection-type 'pipe
             :coding 'utf-8-unix
             :buffer (generate-new-buffer " *tdlint-flymake*")
             :command (list tdlint-program "--color=never" "--stdin-filename" name "-")
             :sentinel
             (lambda (process _event)
               (when (memq (process-status process) '(exit signal))
                 (unwind-protect
                     (if (with-current-buffer source (eq process tdlint--process))
                         (with-current-buffer (process-buffer process)
                           (funcall report-fn (tdlint--diagnostics source)))
                       (flymake-log :warning "Canceling obsolete check %s" process))
                   (kill-buffer (process-buffer process)))))))
      (process-send-region tdlint--process (point-min) (point-max))
      (process-send-eof tdlint--process))))

(defun tdlint-flymake-setup ()
  "Check this buffer with tdlint through Flymake."
  (add-hook 'flymake-diagnostic-functions #'tdlint-flymake nil t)
  (flymake-mode 1))

(provide 'tdlint)
;;; tdlint.el ends here
