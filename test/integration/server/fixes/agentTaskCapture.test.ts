// A fix learned from an agent's own run, end to end: the real Claude Code CLI (answering from the
// mock API) runs a type check that fails with a TypeScript error, rewrites the file, runs the check
// again and it passes; the orchestrator pairs the error with the agent's diff and stores the fix.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HealthRequest } from '../../../../src/protocol/orchestrator';
import { GetFixRequest, ListFixesRequest } from '../../../../src/protocol/fixes';
import { CreateSessionRequest, SendTaskRequest, TaskFinishedNotification, type TaskSummary } from '../../../../src/protocol/sessions';
import { DEFAULT_SETTINGS as defaultSettings } from '../../../../src/protocol/settings';
import { realClaudePath } from '../../../support/mockAnthropic/claudeEnv';
import { directiveResponder, messagesOf, userTexts } from '../../../support/mockAnthropic/directiveResponder';
import type { MockReply, MockRequest } from '../../../support/mockAnthropic/mockServer';
import { startOrchestratorProcess } from '../../../support/orchestratorProcess';
import { claudeServerSuite } from '../../../support/mockAnthropic/claudeServerSuite';

const BROKEN = "export function total(prices: number[]): number {\n  const sum: number = prices.join('+');\n  return sum;\n}\n";
const FIXED =
  'export function total(prices: number[]): number {\n  const sum: number = prices.reduce((a, b) => a + b, 0);\n  return sum;\n}\n';
/** A stand-in for `tsc --noEmit`: the real compiler's message for this file, and its exit code. */
const CHECKER = `import { readFileSync } from 'node:fs';
const text = readFileSync(process.argv[2], 'utf8');
if (text.includes("prices.join('+')")) {
  console.log("src/total.ts(2,9): error TS2322: Type 'string' is not assignable to type 'number'.");
  process.exit(2);
}
console.log('no errors');
`;

/** FIXLOOP <file> <checker>: check (fails), rewrite the file, check again (passes), report. */
function fixLoopResponder(req: MockRequest): Promise<MockReply> | MockReply {
  const task = userTexts(req).find((t) => t.startsWith('FIXLOOP '));
  const m = task ? /^FIXLOOP (\S+) (\S+)/.exec(task) : null;
  if (!m) return directiveResponder(req);
  const [, file = '', checker = ''] = m;
  const results = messagesOf(req)
    .filter((x) => x.role === 'user' && Array.isArray(x.content))
    .flatMap((x) => x.content as { type?: unknown }[])
    .filter((b) => b.type === 'tool_result').length;
  const check = {
    type: 'tool_use' as const,
    id: `toolu_check_${results}`,
    name: 'Bash',
    input: { command: `node ${checker} ${file}`, description: 'Type-check' },
  };
  switch (results) {
    case 0:
      return { kind: 'message', blocks: [{ type: 'text', text: 'Checking the types.' }, check] };
    case 1:
      return {
        kind: 'message',
        blocks: [
          { type: 'text', text: 'join gives a string; summing instead.' },
          { type: 'tool_use', id: 'toolu_write', name: 'Write', input: { file_path: file, content: FIXED } },
        ],
      };
    case 2:
      return { kind: 'message', blocks: [{ type: 'text', text: 'Checking again.' }, check] };
    default:
      return { kind: 'message', blocks: [{ type: 'text', text: 'Fixed: the type check is clean.' }] };
  }
}

describe('learned fix from an agent run (real Claude Code CLI, mock API)', () => {
  const claude = claudeServerSuite(fixLoopResponder);

  test("a failing check, the agent's edit, a clean check: the error and the diff become a fix", async () => {
    const folder = claude.env.folder('workspace');
    const storage = claude.env.folder('storage');
    mkdirSync(join(folder, 'src'));
    mkdirSync(join(claude.env.home, '.claude'), { recursive: true });
    const file = join(folder, 'src', 'total.ts');
    const checker = join(folder, 'check.mjs');
    writeFileSync(file, BROKEN);
    writeFileSync(checker, CHECKER);
    // The user allows the check in their Claude Code settings (in -p mode a project's own allow
    // rules are not honoured in a folder whose trust dialog was never accepted; deny rules are).
    writeFileSync(
      join(claude.env.home, '.claude', 'settings.json'),
      JSON.stringify({ permissions: { allow: [`Bash(node ${checker} ${file})`] } }, null, 2),
    );

    const o = startOrchestratorProcess();
    claude.started.push(o);
    const finished: TaskSummary[] = [];
    o.connection.onNotification(TaskFinishedNotification.method, (p: { task: TaskSummary }) => void finished.push(p.task));
    o.connection.onNotification(() => undefined);
    await o.initialize({
      extensionVersion: 'test',
      globalStorageDir: storage,
      workspaceStorageDir: storage,
      trusted: true,
      workspaceFolders: [folder],
      settings: {
        ...defaultSettings,
        executables: { ...defaultSettings.executables, claude: realClaudePath },
        environment: { claude: claude.env.env },
        claudePermissionMode: 'acceptEdits',
      },
    });
    await o.request(HealthRequest, undefined);
    const s = (await o.request(CreateSessionRequest, { name: 'backend', agent: 'claude', folder })).session;
    const t = await o.request(SendTaskRequest, { sessionId: s.id, text: `FIXLOOP ${file} ${checker}` });
    const deadline = Date.now() + 60_000;
    while (!finished.some((x) => x.id === t.id)) {
      if (Date.now() > deadline) throw new Error('the task did not finish');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(finished.find((x) => x.id === t.id)?.status, 'succeeded', JSON.stringify(finished));

    let list = await o.request(ListFixesRequest, {});
    const until = Date.now() + 10_000;
    while (list.total === 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      list = await o.request(ListFixesRequest, {});
    }
    assert.equal(list.total, 1, JSON.stringify(list));
    const fix = list.items[0];
    assert.equal(fix?.origin, 'agent');
    assert.equal(fix?.code, '2322');
    assert.match(fix?.title ?? '', /not assignable to type/);
    const detail = await o.request(GetFixRequest, { id: fix?.id ?? '' });
    assert.match(detail?.diff ?? '', /-\s+const sum: number = prices\.join\('\+'\);/);
    assert.match(detail?.diff ?? '', /\+\s+const sum: number = prices\.reduce\(\(a, b\) => a \+ b, 0\);/);
    assert.equal(await o.close(), 0);
  });
});
