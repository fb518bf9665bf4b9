// Context budgets inside a real VS Code: the real Claude Code CLI answers from the mock API with
// known usage figures; the status bar and the dashboard state show exactly the fill they imply
// (input + cache creation + cache read of the last main-chain message over the window) within a
// second of the answer; crossing the critical threshold raises one notification; an existing
// Claude Code transcript is imported as a stopped, resumable session with its totals.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SessionBudgetSummary } from '../../../src/protocol/budget';
import type { SessionSummary } from '../../../src/protocol/sessions';
import { claudeTestEnv, type ClaudeTestEnv } from '../../support/mockAnthropic/claudeEnv';
import { MockAnthropicServer } from '../../support/mockAnthropic/mockServer';
import { usageResponder } from '../../support/mockAnthropic/usageResponder';
import { getApi, getExtension, waitFor } from './support';
import { formatTokens } from '../../../src/extension/budget/budgetPresentation';

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('agentAffinity');

describe('context budgets', function () {
  this.timeout(180_000);
  let api: MockAnthropicServer;
  let env: ClaudeTestEnv;
  let folder: string;
  const replies: { at: number; used: number }[] = [];

  before(async () => {
    api = new MockAnthropicServer(usageResponder({ onReply: (r) => void replies.push(r) }));
    await api.start();
    env = claudeTestEnv(api.url);
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the test workspace has a folder');
    folder = ws.uri.fsPath;
    const claude = join(getExtension().extensionPath, 'node_modules', '.bin', 'claude');
    assert.ok(existsSync(claude), `the real Claude Code CLI is installed at ${claude}`);
    await config().update('claude.path', claude, vscode.ConfigurationTarget.Global);
    await config().update('claude.permissionMode', 'acceptEdits', vscode.ConfigurationTarget.Global);
    await config().update('agentEnvironment', { claude: env.env }, vscode.ConfigurationTarget.Global);
    const affinity = await getApi();
    await waitFor('the orchestrator', () => affinity.orchestratorPid() !== undefined, 30_000);
  });

  after(async () => {
    await api.stop();
    env.cleanup();
  });

  it('shows the fill the mock usage implies within a second, and notifies once at critical', async () => {
    const affinity = await getApi();
    const name = `budget-${Date.now() % 100000}`;
    const s = await vscode.commands.executeCommand<SessionSummary | undefined>('agentAffinity.createSession', {
      name,
      agent: 'claude',
      folder,
      specialty: { label: 'backend', globs: ['src/**'] },
    });
    assert.ok(s, 'session created');
    const seen: { at: number; b: SessionBudgetSummary }[] = [];
    const sub = affinity.onDidChangeBudgets(() => {
      const b = affinity.budgets().find((x) => x.sessionId === s.id);
      if (b) seen.push({ at: Date.now(), b });
    });
    try {
      await vscode.commands.executeCommand('agentAffinity.sendTaskToSession', s.id, 'USAGE 50000 10000 24000 please');
      const budget = (): SessionBudgetSummary | undefined => affinity.budgets().find((x) => x.sessionId === s.id);
      await waitFor('the budget of the first answer', () => budget()?.usedTokens === 84_000, 60_000);
      const first = seen.find((x) => x.b.usedTokens === 84_000);
      const reply = replies.find((r) => r.used === 84_000);
      assert.ok(first && reply);
      const b = budget();
      assert.ok(b);
      assert.equal(b.source, 'usage');
      assert.equal(b.fraction, 84_000 / b.window, `fill ${b.usedTokens}/${b.window}`);
      const latency = first.at - reply.at;
      console.log(
        `      budget: fill ${b.usedTokens}/${b.window} shown ${latency} ms after the mock answered (window from ${b.model ?? '?'})`,
      );
      assert.ok(latency < 1000, `shown ${latency} ms after the answer`);
      // The window may switch from the model table's figure to the agent's own (modelUsage) when
      // the run ends: the status bar is checked against the budget's current window.
      const shown = (): RegExp => {
        const w = budget()?.window ?? b.window;
        return new RegExp(`${Math.round((84_000 / w) * 100)}% · 84k/${formatTokens(w).replace('.', '\\.')}`);
      };
      await waitFor('the status bar', () => affinity.statusBarText().includes(name) && shown().test(affinity.statusBarText()), 5000);
      assert.match(affinity.statusBarText(), shown());
      await waitFor('the first task to finish', () => affinity.sessions().find((x) => x.id === s.id)?.state === 'idle', 60_000);
      // The run's end may report the model's window (modelUsage); the fill stays the same figure over it.
      const window = budget()?.window ?? b.window;
      assert.equal(budget()?.fraction, 84_000 / window);

      // Past the critical threshold (90 % of the window): red, and exactly one notification.
      const critical = Math.ceil(window * 0.93);
      await vscode.commands.executeCommand('agentAffinity.sendTaskToSession', s.id, `USAGE ${critical - 30000} 10000 20000`);
      await waitFor(`the critical level (budget ${JSON.stringify(budget())})`, () => budget()?.level === 'critical', 60_000);
      await waitFor('the second task to finish', () => affinity.sessions().find((x) => x.id === s.id)?.state === 'idle', 60_000);
      assert.equal(budget()?.usedTokens, critical);
      const notes = affinity.budgetNotifications().filter((n) => n.sessionId === s.id);
      assert.deepEqual(
        notes.map((n) => n.level),
        ['critical'],
      );
      assert.ok((budget()?.trend.length ?? 0) >= 2, `trend ${JSON.stringify(budget()?.trend)}`);
      assert.ok((budget()?.totals.cacheReadTokens ?? 0) >= 44_000, 'totals add every request');
    } finally {
      sub.dispose();
    }
  });

  it('imports a Claude Code transcript of the workspace as a stopped, resumable session with its totals', async () => {
    const affinity = await getApi();
    const claudeDir = mkdtempSync(join(tmpdir(), 'aa-claude-import-'));
    const project = join(claudeDir, 'projects', folder.replace(/[^a-zA-Z0-9]/g, '-'));
    mkdirSync(project, { recursive: true });
    const conversation = '0b6c3a52-3f7e-4a57-9d1c-5f1e2d3c4b5a';
    const line = (o: object): string => JSON.stringify(o);
    const base = { sessionId: conversation, cwd: folder, isSidechain: false, version: '2.0.0' };
    writeFileSync(
      join(project, `${conversation}.jsonl`),
      [
        line({ type: 'summary', summary: 'Fix the login redirect', leafUuid: 'x' }),
        line({
          ...base,
          type: 'user',
          uuid: 'u1',
          timestamp: '2026-11-20T10:00:00.000Z',
          message: { role: 'user', content: 'fix the login redirect' },
        }),
        line({
          ...base,
          type: 'assistant',
          uuid: 'a1',
          timestamp: '2026-11-20T10:00:05.000Z',
          requestId: 'req_1',
          message: {
            id: 'msg_1',
            model: 'claude-sonnet-4-5-20250929',
            role: 'assistant',
            content: [{ type: 'text', text: 'Done.' }],
            stop_reason: 'end_turn',
            usage: { input_tokens: 1200, output_tokens: 300, cache_creation_input_tokens: 5000, cache_read_input_tokens: 20000 },
          },
        }),
      ].join('\n') + '\n',
    );
    const r = await vscode.commands.executeCommand<{ imported: number; sessionIds: string[] } | undefined>(
      'agentAffinity.importClaudeSessions',
      claudeDir,
    );
    assert.equal(r?.imported, 1, JSON.stringify(r));
    const id = r.sessionIds[0] ?? '';
    await waitFor('the imported session', () => affinity.sessions().some((x) => x.id === id), 5000);
    const s = affinity.sessions().find((x) => x.id === id);
    assert.equal(s?.conversationId, conversation);
    assert.equal(s?.state, 'stopped');
    assert.equal(s?.name, 'Fix the login redirect');
    await waitFor('its budget', () => affinity.budgets().some((b) => b.sessionId === id), 5000);
    const b = affinity.budgets().find((x) => x.sessionId === id);
    assert.equal(b?.usedTokens, 26_200);
    assert.deepEqual(b?.totals, { inputTokens: 1200, outputTokens: 300, cacheCreationTokens: 5000, cacheReadTokens: 20000 });
    assert.equal(b?.imported, true);
    // A second import finds nothing new.
    const again = await vscode.commands.executeCommand<{ imported: number } | undefined>('agentAffinity.importClaudeSessions', claudeDir);
    assert.equal(again?.imported, 0);
  });
});
