// tdlint for VS Code: starts tdlint's language server (`tdlint lsp`,
// docs/editors.md) for JSON, YAML and Terraform files through
// vscode-languageclient. Everything else (diagnostics, quick fixes, the
// reason of an exception selected) comes from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

// the files tdlint reads: task definitions, CloudFormation and SAM templates,
// Terraform; the server says nothing about files that hold no task definition
const LANGUAGES = ['json', 'jsonc', 'yaml', 'terraform'];

let client;

function createClient(command) {
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    // a .tdlint.yaml changed on disk relints the open documents; a file a .tf
    // can read (a .tf of its module, what file() names), the open .tf files
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{.tdlint.yaml,*.tf,*.tf.json,*.json,*.tpl}'),
    },
  };
  return new LanguageClient('tdlint', 'tdlint', serverOptions, clientOptions);
}

async function start() {
  const command = vscode.workspace.getConfiguration('tdlint').get('path') || 'tdlint';
  client = createClient(command);
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `tdlint: could not start "${command} lsp" ` +
        `(is tdlint installed? set tdlint.path): ${err && err.message ? err.message : err}`,
    );
  }
}

async function stop() {
  const c = client;
  client = undefined;
  if (c && c.isRunning()) {
    await c.stop();
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('tdlint.path')) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
