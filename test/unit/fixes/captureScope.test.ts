// Which files learned fixes come from: never VS Code's own settings (its user folder, told by the
// global storage folder or by its layout), `*.code-workspace` files or non-file documents, nor what
// agentAffinity.fixes.exclude names; both capture paths (editor diagnostics, agent tasks) ask it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type { AgentTaskEvent } from '../../../src/core/fixes/agentCapture';
import { captureFromAgentTask } from '../../../src/core/fixes/agentCapture';
import { DEFAULT_FIX_EXCLUDES, FixCaptureScope } from '../../../src/core/fixes/captureScope';
import { DiagnosticCaptureTracker } from '../../../src/core/fixes/diagnosticCapture';
import type { DiagnosticInfo } from '../../../src/core/fixes/textTypes';
import { makeUnifiedDiff } from '../../../src/core/fixes/unifiedDiff';

const storage = '/home/u/.config/Code/User/globalStorage/agent-affinity.agent-affinity';

describe('FixCaptureScope', () => {
  const scope = new FixCaptureScope({ globalStorageDir: storage, workspaceFolders: ['/w'] });

  test("VS Code's user folder, workspace files and non-file documents are always out, with the reason", () => {
    assert.match(scope.excludedPath('/home/u/.config/Code/User/settings.json') ?? '', /VS Code's own settings/);
    assert.match(scope.excludedPath('/home/u/.config/Code/User/profiles/7a1/keybindings.json') ?? '', /VS Code's own settings/);
    assert.match(scope.excludedPath('/home/u/.config/Code/User/snippets/ts.code-snippets') ?? '', /VS Code's own settings/);
    // Another VS Code's user folder (Insiders, code-server), recognised by its layout.
    assert.match(scope.excludedPath('/home/u/.local/share/code-server/User/settings.json') ?? '', /VS Code's own settings/);
    assert.match(scope.excludedPath('/home/u/Library/Application Support/Code - Insiders/User/tasks.json') ?? '', /VS Code's own settings/);
    assert.match(scope.excludedPath('/w/team.code-workspace') ?? '', /workspace file/);
    assert.equal(scope.excludedUri('untitled:Untitled-1'), 'not a file on disk');
    assert.equal(scope.excludedUri('vscode-userdata:/User/settings.json'), 'not a file on disk');
    assert.equal(scope.excludedPath('relative/a.ts'), 'not an absolute path');
  });

  test('source files are in, settings-like names elsewhere included', () => {
    for (const p of ['/w/src/a.ts', '/w/config/settings.json', '/w/tasks.json', '/w/User/settings.ts'])
      assert.equal(scope.excludedPath(p), undefined, p);
    assert.equal(scope.acceptsUri(pathToFileURL('/w/src/a b.ts').href), true);
  });

  test('exclude globs: the defaults, globs relative to a workspace folder, and a change applies at once', () => {
    assert.deepEqual([...DEFAULT_FIX_EXCLUDES], ['**/node_modules/**', '**/.git/**', '**/.vscode/**']);
    assert.match(scope.excludedPath('/w/node_modules/x/index.js') ?? '', /agentAffinity\.fixes\.exclude \(\*\*\/node_modules\/\*\*\)/);
    assert.match(scope.excludedPath('/w/.vscode/settings.json') ?? '', /exclude/);
    const own = new FixCaptureScope({ workspaceFolders: ['/w'], exclude: ['gen/**', ' '] });
    assert.match(own.excludedPath('/w/gen/schema.ts') ?? '', /\(gen\/\*\*\)/);
    assert.equal(own.excludedPath('/other/gen/schema.ts'), undefined, 'relative globs match inside the workspace folders only');
    assert.equal(own.excludedPath('/w/node_modules/x/index.js'), undefined);
    own.setExclude(['**/*.generated.ts']);
    assert.equal(own.excludedPath('/w/gen/schema.ts'), undefined);
    assert.match(own.excludedPath('/w/src/api.generated.ts') ?? '', /exclude/);
  });
});

describe('both capture paths ask the scope', () => {
  const scope = new FixCaptureScope({ globalStorageDir: storage, workspaceFolders: ['/w'] });

  test('editor diagnostics: an error cleared in the user settings.json is not a candidate; in a source file it is', () => {
    const eof: DiagnosticInfo = {
      message: 'End of file expected.',
      source: 'jsonc',
      severity: 'error',
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } },
    };
    const tracker = new DiagnosticCaptureTracker({ windowMs: 10, isSource: (uri) => scope.acceptsUri(uri) });
    const uris = [pathToFileURL('/home/u/.config/Code/User/settings.json').href, pathToFileURL('/w/src/config.json').href];
    for (const uri of uris) {
      tracker.opened(uri, 'jsonc', '{}\n}\n');
      tracker.diagnostics(uri, [eof], 0);
      tracker.changed(uri, '{}\n');
      tracker.diagnostics(uri, [], 1);
    }
    assert.deepEqual(
      tracker.takeCandidates(100).map((c) => c.uri),
      [uris[1]],
    );
  });

  test('agent tasks: an error in an excluded file, and the diffs of excluded files, teach nothing', () => {
    const settingsError: AgentTaskEvent = {
      kind: 'toolResult',
      text: '/home/u/.config/Code/User/settings.json:4:1: error: End of file expected',
      isError: true,
    };
    const tsError: AgentTaskEvent = {
      kind: 'toolResult',
      text: "src/a.ts(1,7): error TS2588: Cannot assign to 'limit' because it is a constant.",
      isError: true,
    };
    const clean: AgentTaskEvent = { kind: 'toolResult', text: 'all checks passed', isError: false };
    const settingsDiff = { path: '/home/u/.config/Code/User/settings.json', diff: makeUnifiedDiff('{}\n}\n', '{}\n') };
    const vendorDiff = { path: 'node_modules/x/a.ts', diff: makeUnifiedDiff('const limit = 1;\n', 'let limit = 1;\n') };
    const sourceDiff = { path: 'src/a.ts', diff: makeUnifiedDiff('const limit = 1;\n', 'let limit = 1;\n') };
    const isSource = (p: string): boolean => scope.acceptsPath(p.startsWith('/') ? p : `/w/${p}`);
    const run = (fileDiffs: { path: string; diff: string }[], events: AgentTaskEvent[]): string[] =>
      captureFromAgentTask(
        { sessionId: 's', taskId: 't', now: 1, events: [...events, clean, { kind: 'outcome', success: true }], fileDiffs },
        { isSource },
      ).map((f) => `${f.file} ${f.diff.includes('node_modules') ? 'vendor' : 'source'}`);
    assert.deepEqual(run([settingsDiff], [settingsError]), [], 'the settings error and its diff teach nothing');
    assert.deepEqual(run([vendorDiff], [tsError]), [], 'only an excluded file changed: nothing to learn');
    assert.deepEqual(run([vendorDiff, sourceDiff, settingsDiff], [settingsError, tsError]), ['src/a.ts source']);
  });
});
