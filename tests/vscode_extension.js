// The VS Code extension of editors/vscode, without VS Code:
//   - package.json is JSON with what VS Code and vsce need: name, publisher,
//     version, engines.vscode, main (a file that is there), activation on
//     JSON, JSON with comments, YAML and Terraform, the tdlint.path setting,
//     vscode-languageclient pinned to one version; README.md and
//     .vscodeignore are there;
//   - extension.js is valid JavaScript (node --check);
//   - loaded with stand-ins for the vscode and vscode-languageclient modules,
//     activate() starts "TDLINT lsp" (tdlint.path) for those languages with
//     .tdlint.yaml and the files a .tf can read watched, a change of tdlint.path restarts it with the new
//     path, a server that cannot start is said in an error message, and
//     deactivate() stops it.
// usage: node tests/vscode_extension.js SOURCE_DIR
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const Module = require('module');
const { spawnSync } = require('child_process');

const dir = path.resolve(process.argv[2], 'editors', 'vscode');
const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));

assert.strictEqual(pkg.name, 'tdlint');
assert.match(pkg.publisher, /^[a-z0-9][a-z0-9-]*$/);
assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
assert.match(pkg.engines.vscode, /^\^1\.\d+\.\d+$/);
assert.strictEqual(pkg.main, './extension.js');
assert.ok(fs.existsSync(path.join(dir, pkg.main)), 'main is not there');
const LANGUAGES = ['json', 'jsonc', 'yaml', 'terraform'];
assert.deepStrictEqual(pkg.activationEvents, LANGUAGES.map((l) => `onLanguage:${l}`));
const setting = pkg.contributes.configuration.properties['tdlint.path'];
assert.strictEqual(setting.type, 'string');
assert.strictEqual(setting.default, 'tdlint');
// a user setting only: a workspace cannot name the program the extension runs
assert.strictEqual(setting.scope, 'machine');
assert.deepStrictEqual(Object.keys(pkg.dependencies), ['vscode-languageclient']);
assert.match(pkg.dependencies['vscode-languageclient'], /^\d+\.\d+\.\d+$/, 'not pinned');
// vscode-languageclient 9 needs VS Code 1.82 (its own engines.vscode)
if (pkg.dependencies['vscode-languageclient'].startsWith('9.')) {
  assert.strictEqual(pkg.engines.vscode, '^1.82.0');
}
for (const f of ['README.md', '.vscodeignore']) {
  assert.ok(fs.existsSync(path.join(dir, f)), `${f} is not there`);
}

const check = spawnSync(process.execPath, ['--check', path.join(dir, pkg.main)], {
  encoding: 'utf8',
});
assert.strictEqual(check.status, 0, `node --check extension.js: ${check.stderr}`);

// stand-ins for what VS Code gives the extension
const log = [];
let setting_path = '/opt/tdlint/bin/tdlint';
let fail_start = false;
const listeners = [];
const vscode = {
  workspace: {
    getConfiguration: (section) => ({ get: (key) => (section === 'tdlint' && key === 'path' ? setting_path : undefined) }),
    createFileSystemWatcher: (glob) => ({ glob }),
    onDidChangeConfiguration: (fn) => {
      listeners.push(fn);
      return { dispose() {} };
    },
  },
  window: { showErrorMessage: (m) => log.push(['error', m]) },
};
class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    this.running = false;
    log.push(['new', id, name, serverOptions, clientOptions]);
  }
  async start() {
    log.push(['start', this.constructor.name]);
    if (fail_start) throw new Error('spawn /nowhere/tdlint ENOENT');
    this.running = true;
  }
  isRunning() {
    return this.running;
  }
  async stop() {
    log.push(['stop']);
    this.running = false;
  }
}
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscode;
  if (request === 'vscode-languageclient/node') return { LanguageClient };
  return load.call(this, request, parent, isMain);
};

const selector = LANGUAGES.flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);
const created = (p) => [
  'new',
  'tdlint',
  'tdlint',
  { command: p, args: ['lsp'] },
  { documentSelector: selector, synchronize: { fileEvents: { glob: '**/{.tdlint.yaml,*.tf,*.tf.json,*.json,*.tpl}' } } },
];

(async () => {
  const ext = require(path.join(dir, pkg.main));
  const context = { subscriptions: [] };
  await ext.activate(context);
  assert.deepStrictEqual(log, [created('/opt/tdlint/bin/tdlint'), ['start', 'LanguageClient']]);
  assert.strictEqual(context.subscriptions.length, 1);
  assert.strictEqual(listeners.length, 1);

  // another setting changed: nothing; tdlint.path changed: a restart
  log.length = 0;
  await listeners[0]({ affectsConfiguration: (s) => s === 'editor.tabSize' });
  assert.deepStrictEqual(log, []);
  setting_path = '';
  await listeners[0]({ affectsConfiguration: (s) => s === 'tdlint.path' });
  assert.deepStrictEqual(log, [['stop'], created('tdlint'), ['start', 'LanguageClient']]);

  // a server that cannot start: said, and nothing left to stop
  log.length = 0;
  setting_path = '/nowhere/tdlint';
  fail_start = true;
  await listeners[0]({ affectsConfiguration: (s) => s === 'tdlint.path' });
  assert.deepStrictEqual(log.slice(0, 3), [['stop'], created('/nowhere/tdlint'), ['start', 'LanguageClient']]);
  assert.deepStrictEqual(log.slice(3), [
    ['error', 'tdlint: could not start "/nowhere/tdlint lsp" (is tdlint installed? set tdlint.path): spawn /nowhere/tdlint ENOENT'],
  ]);
  log.length = 0;
  await ext.deactivate();
  assert.deepStrictEqual(log, []);

  // deactivate stops a running server
  fail_start = false;
  await listeners[0]({ affectsConfiguration: (s) => s === 'tdlint.path' });
  log.length = 0;
  await ext.deactivate();
  assert.deepStrictEqual(log, [['stop']]);
  console.log('ok: package.json, extension.js checked, activation, restart, errors, deactivation');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
