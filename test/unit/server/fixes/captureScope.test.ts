// Learned fixes come from source files, not from the editor's own settings: through the orchestrator
// process (document sync and forwarded diagnostics, as VS Code drives it), an error cleared by an
// edit of VS Code's user settings.json ("End of file expected", jsonc) is not learned, while the
// same in a source file is; agentAffinity.fixes.exclude leaves out more, and applies at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HealthRequest } from '../../../../src/protocol/orchestrator';
import { FileDiagnosticsNotification, ListFixesRequest, type FixList } from '../../../../src/protocol/fixes';
import { SettingsNotification } from '../../../../src/protocol/settings';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../../src/protocol/settings';
import { closeLeftRunning, startOrchestratorProcess, type OrchestratorUnderTest } from '../../../support/orchestratorProcess';

const FIXED = '{\n  "editor.fontSize": 14\n}\n';
const eof = {
  message: 'End of file expected.',
  source: 'jsonc',
  code: 0,
  severity: 'error' as const,
  range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } },
};

describe('learned fixes: which files they come from (orchestrator process)', () => {
  let root = '';
  let o: OrchestratorUnderTest;
  const started: OrchestratorUnderTest[] = [];
  let version = 1;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'aa-fix-scope-'));
    const userDir = join(root, 'Code', 'User');
    const storage = join(userDir, 'globalStorage', 'agent-affinity.agent-affinity');
    mkdirSync(storage, { recursive: true });
    mkdirSync(join(root, 'ws', 'src'), { recursive: true });
    o = startOrchestratorProcess();
    started.push(o);
    o.connection.onNotification(() => undefined);
    await o.initialize({
      extensionVersion: 'test',
      globalStorageDir: storage,
      workspaceStorageDir: join(root, 'wsStorage'),
      trusted: true,
      workspaceFolders: [join(root, 'ws')],
      settings: defaultSettings,
    });
    await o.request(HealthRequest, undefined);
  });
  after(async () => {
    await closeLeftRunning(started);
    rmSync(root, { recursive: true, force: true });
  });

  /** Opens `uri` with a stray closing line, reports "End of file expected", edits it away, reports no error:
   *  what the editor sends when a user fixes it. */
  async function clearError(uri: string, stray = '}'): Promise<void> {
    const v = version++;
    const broken = `${FIXED}${stray}\n`;
    await o.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'jsonc', version: v * 10, text: broken },
    });
    await o.connection.sendNotification(FileDiagnosticsNotification.method, { uri, diagnostics: [eof] });
    await o.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v * 10 + 1 },
      contentChanges: [{ text: FIXED }],
    });
    await o.connection.sendNotification(FileDiagnosticsNotification.method, { uri, diagnostics: [] });
  }

  /** The store's total once the capture window (2 s) and a tick have passed. */
  async function totalAfterWindow(): Promise<number> {
    await new Promise((r) => setTimeout(r, 3_500));
    const list: FixList = await o.request(ListFixesRequest, {});
    return list.total;
  }

  test("VS Code's own files, workspace files and non-file documents teach nothing; a source file does", { timeout: 60_000 }, async () => {
    const user = join(root, 'Code', 'User');
    for (const file of [
      join(user, 'settings.json'),
      join(user, 'keybindings.json'),
      join(user, 'profiles', 'a1b2c3', 'settings.json'),
      join(user, 'tasks.json'),
      join(root, 'ws', 'project.code-workspace'),
      join(root, 'ws', '.vscode', 'launch.json'),
      join(root, 'ws', 'node_modules', 'pkg', 'package.json'),
    ])
      await clearError(pathToFileURL(file).href);
    await clearError('untitled:Untitled-1');
    await clearError('vscode-userdata:/User/settings.json');
    assert.equal(await totalAfterWindow(), 0, 'nothing learned from settings, workspace files or excluded folders');
    await clearError(pathToFileURL(join(root, 'ws', 'src', 'config.json')).href);
    assert.equal(await totalAfterWindow(), 1, 'the same edit in a source file is learned');
  });

  test(
    'agentAffinity.fixes.exclude: a glob relative to the workspace folder applies from the next notification',
    { timeout: 60_000 },
    async () => {
      await o.connection.sendNotification(SettingsNotification.method, {
        ...defaultSettings,
        fixes: { ...defaultSettings.fixes, exclude: ['generated/**'] },
      });
      const before = (await o.request(ListFixesRequest, {})).total;
      await clearError(pathToFileURL(join(root, 'ws', 'generated', 'schema.json')).href, ')');
      assert.equal(await totalAfterWindow(), before);
      // node_modules is no longer excluded once the setting leaves it out.
      await clearError(pathToFileURL(join(root, 'ws', 'node_modules', 'pkg', 'other.json')).href, ']');
      assert.equal(await totalAfterWindow(), before + 1);
    },
  );
});
