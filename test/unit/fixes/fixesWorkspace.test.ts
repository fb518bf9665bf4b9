// The learned-fixes workspace as the orchestrator runs it, without the orchestrator: documents
// synced as VS Code's client sends them (test/support/lspDocuments), diagnostics forwarded, its
// own timer learning cleared errors once their window passed (on a test clock), and finished agent
// tasks of a real session manager whose agent the test plays.
// - Fixes come from source files, not from the editor's own settings: an error cleared by an edit
//   of VS Code's user settings.json ("End of file expected", jsonc) is not learned, while the same
//   in a source file is; agentAffinity.fixes.exclude leaves out more, and applies at once.
// - A fix is learned from an agent's own run: a failing type check, the agent's edit, a clean check.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AgentEvent } from '../../../src/core/agents/agentEvents';
import { FixesWorkspace, type FinishedTask, type FixesSettings } from '../../../src/core/fixes/fixesWorkspace';
import type { FixRecord } from '../../../src/core/fixes/fixRecord';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import { lspDocuments, type LspDocumentsDriver } from '../../support/lspDocuments';
import { manualSessions } from '../../support/sessions/manualSessions';

const roots: string[] = [];
after(() => {
  for (const d of roots) rmSync(d, { recursive: true, force: true });
});

interface Fixes {
  root: string;
  fixes: FixesWorkspace;
  docs: LspDocumentsDriver;
  settings: { current: FixesSettings };
  /** Moves the workspace's clock on (its timer learns what waited a capture window by then). */
  advance(ms: number): void;
  /** The learned fixes once there are `n` (polled while the workspace's timer runs), oldest first. */
  learned(n: number): Promise<FixRecord[]>;
  close(): Promise<void>;
}

/** A fixes workspace whose global storage lies where VS Code keeps it (…/Code/User/globalStorage/…). */
function start(): Fixes {
  const root = mkdtempSync(join(tmpdir(), 'aa-fixes-ws-'));
  roots.push(root);
  const storage = join(root, 'Code', 'User', 'globalStorage', 'agent-affinity.agent-affinity');
  mkdirSync(storage, { recursive: true });
  mkdirSync(join(root, 'ws', 'src'), { recursive: true });
  const docs = lspDocuments();
  const settings = { current: DEFAULT_SETTINGS.fixes };
  let clock = 1_700_000_000_000;
  const fixes = new FixesWorkspace({
    globalStorageDir: storage,
    folders: [join(root, 'ws')],
    documents: docs.port,
    settings: () => settings.current,
    log: () => undefined,
    storeProblem: (p) => assert.fail(p.message),
    unavailable: (m) => assert.fail(m),
    now: () => clock,
  });
  return {
    root,
    fixes,
    docs,
    settings,
    advance: (ms) => {
      clock += ms;
    },
    learned: async (n) => {
      const store = await fixes.required();
      const end = Date.now() + 15_000;
      while (store.size < n && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
      return store.all().sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    },
    close: () => fixes.close(),
  };
}

describe('learned fixes: which files they come from', () => {
  const FIXED = '{\n  "editor.fontSize": 14\n}\n';
  let version = 1;

  /** Opens `uri` with a stray closing line, reports `message` on it, edits it away, reports no error:
   *  what the editor sends when a user fixes it. */
  function clearError(w: Fixes, uri: string, stray = '}', message = 'End of file expected.'): void {
    const v = version++;
    w.docs.open(uri, `${FIXED}${stray}\n`, v * 10, 'jsonc');
    const range = { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } };
    w.fixes.diagnostics(uri, [{ message, source: 'jsonc', code: 0, severity: 'error', range }]);
    w.docs.change(uri, v * 10 + 1, [{ text: FIXED }]);
    w.fixes.diagnostics(uri, []);
  }

  /** A cleared error in a source file: learned in the same tick as anything cleared before it. */
  const canary = (w: Fixes, name: string, message: string): void =>
    clearError(w, pathToFileURL(join(w.root, 'ws', 'src', `${name}.json`)).href, '}', message);

  test("VS Code's own files, workspace files and non-file documents teach nothing; a source file does", async () => {
    const w = start();
    try {
      const user = join(w.root, 'Code', 'User');
      for (const file of [
        join(user, 'settings.json'),
        join(user, 'keybindings.json'),
        join(user, 'profiles', 'a1b2c3', 'settings.json'),
        join(user, 'tasks.json'),
        join(w.root, 'ws', 'project.code-workspace'),
        join(w.root, 'ws', '.vscode', 'launch.json'),
        join(w.root, 'ws', 'node_modules', 'pkg', 'package.json'),
      ])
        clearError(w, pathToFileURL(file).href);
      clearError(w, 'untitled:Untitled-1');
      clearError(w, 'vscode-userdata:/User/settings.json');
      canary(w, 'canary', 'Property expected.');
      w.advance(3_000);
      assert.deepEqual(
        (await w.learned(1)).map((f) => f.message),
        ['Property expected.'],
        'nothing learned from settings, workspace files or excluded folders (only the canary cleared after them)',
      );
      const config = join(w.root, 'ws', 'src', 'config.json');
      clearError(w, pathToFileURL(config).href);
      w.advance(3_000);
      const all = await w.learned(2);
      assert.deepEqual(
        all.map((f) => [f.message, f.file]),
        [
          ['Property expected.', join(w.root, 'ws', 'src', 'canary.json')],
          ['End of file expected.', config],
        ],
        'the same edit in a source file is learned',
      );
    } finally {
      await w.close();
    }
  });

  test('agentAffinity.fixes.exclude: a glob relative to the workspace folder applies from the next settings change', async () => {
    const w = start();
    try {
      w.settings.current = { ...DEFAULT_SETTINGS.fixes, exclude: ['generated/**'] };
      w.fixes.settingsChanged();
      clearError(w, pathToFileURL(join(w.root, 'ws', 'generated', 'schema.json')).href, ')');
      canary(w, 'canary', 'Property expected.');
      w.advance(3_000);
      assert.deepEqual(
        (await w.learned(1)).map((f) => f.message),
        ['Property expected.'],
      );
      // node_modules is no longer excluded once the setting leaves it out.
      const other = join(w.root, 'ws', 'node_modules', 'pkg', 'other.json');
      clearError(w, pathToFileURL(other).href, ']');
      w.advance(3_000);
      assert.deepEqual(
        (await w.learned(2)).map((f) => f.file),
        [join(w.root, 'ws', 'src', 'canary.json'), other],
      );
    } finally {
      await w.close();
    }
  });
});

describe('learned fix from an agent run (scripted agent)', () => {
  const BROKEN = "export function total(prices: number[]): number {\n  const sum: number = prices.join('+');\n  return sum;\n}\n";
  const FIXED =
    'export function total(prices: number[]): number {\n  const sum: number = prices.reduce((a, b) => a + b, 0);\n  return sum;\n}\n';

  test("a failing check, the agent's edit, a clean check: the error and the diff become a fix", async () => {
    const w = start();
    const { manager, drivers } = manualSessions();
    w.fixes.attachSessions(manager);
    const finished: FinishedTask[] = [];
    w.fixes.onTaskFinished((t) => void finished.push(t));
    try {
      const folder = join(w.root, 'ws');
      const file = join(folder, 'src', 'total.ts');
      writeFileSync(file, BROKEN);
      const s = manager.createSession({ name: 'backend', agent: 'claude', folder });
      const task = manager.sendTask(s.id, { text: `FIXLOOP ${file}` });
      const run = await drivers.run((r) => r.sessionId === s.id);
      const check = (id: string): AgentEvent => ({
        type: 'tool_use',
        toolId: id,
        toolName: 'Bash',
        input: { command: 'node check.mjs src/total.ts', description: 'Type-check' },
        files: [],
        isSidechain: false,
      });
      run.emit(check('toolu_check_0'));
      run.emit({
        type: 'tool_result',
        toolId: 'toolu_check_0',
        isError: true,
        text: "Exit code 2\nsrc/total.ts(2,9): error TS2322: Type 'string' is not assignable to type 'number'.",
      });
      run.emit({
        type: 'tool_use',
        toolId: 'toolu_write',
        toolName: 'Write',
        input: { file_path: file, content: FIXED },
        files: [{ path: file, access: 'edit' }],
        isSidechain: false,
      });
      writeFileSync(file, FIXED); // the agent's tool ran
      run.emit({
        type: 'tool_result',
        toolId: 'toolu_write',
        isError: false,
        text: 'File written',
        originalFile: { path: file, text: BROKEN },
      });
      run.emit(check('toolu_check_2'));
      run.emit({ type: 'tool_result', toolId: 'toolu_check_2', isError: false, text: 'no errors' });
      run.emit({
        type: 'usage',
        messageId: 'msg_1',
        model: 'claude-sonnet-4-5',
        input_tokens: 1000,
        output_tokens: 50,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        isSidechain: false,
      });
      run.finish({ ok: true, resultText: 'Fixed: the type check is clean.' });
      assert.equal((await manager.waitForTask(task.id)).status, 'succeeded');

      const [fix, ...more] = await w.learned(1);
      assert.deepEqual(more, []);
      assert.equal(fix?.origin, 'agent');
      assert.equal(fix?.signature.code, '2322');
      assert.deepEqual([fix?.sessionId, fix?.taskId], [s.id, task.id]);
      assert.match(fix?.title ?? '', /not assignable to type/);
      assert.match(fix?.diff ?? '', /-\s+const sum: number = prices\.join\('\+'\);/);
      assert.match(fix?.diff ?? '', /\+\s+const sum: number = prices\.reduce\(\(a, b\) => a \+ b, 0\);/);
      assert.deepEqual(
        finished.map((t) => [t.taskId, t.status, t.tokens]),
        [[task.id, 'succeeded', 1050]],
        'the finished task is reported for the metrics, with its tokens',
      );
    } finally {
      await manager.dispose();
      await w.close();
    }
  });
});
