// Import Claude Code Sessions on a transcript folder with a symlink loop: the real conversation is
// imported once, no phantom session is made of the files seen through the loop, and the result the
// orchestrator reports names the link it did not follow.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClaudeAdapter } from '../../../src/core/agents/claudeAdapter';
import { encodeProjectDir } from '../../../src/core/budget/claudeDirs';
import { SessionManager } from '../../../src/core/sessions/sessionManager';
import { InMemorySessionRepository } from '../../../src/core/sessions/sessionRepository';
import { BudgetTracker } from '../../../src/core/budget/budgetTracker';
import { importClaudeSessions } from '../../../src/core/budget/claudeImport';

const ID = '55555555-5555-4555-8555-555555555555';

describe('importClaudeSessions with a symlink loop in the transcripts', () => {
  let root = '';
  let workspace = '';
  let claude = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'aa-import-loop-'));
    workspace = join(root, 'ws');
    claude = join(root, 'claude');
    await mkdir(workspace);
    const project = join(claude, 'projects', encodeProjectDir(workspace));
    await mkdir(project, { recursive: true });
    const line = (i: number): string =>
      JSON.stringify({
        type: 'assistant',
        sessionId: ID,
        cwd: workspace,
        timestamp: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
        requestId: `req_${i}`,
        message: {
          id: `msg_${i}`,
          model: 'claude-sonnet-4-20250514',
          content: [{ type: 'text', text: 'ok' }],
          usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        },
      });
    await writeFile(join(project, `${ID}.jsonl`), `${line(0)}\n${line(1)}\n`);
    await symlink('.', join(project, 'a'));
  });
  after(async () => rm(root, { recursive: true, force: true }));

  test('one session imported, none named after the link; the loop is in skippedPaths', async () => {
    const manager = new SessionManager({ repository: new InMemorySessionRepository(), adapters: { claude: new ClaudeAdapter() } });
    const result = await importClaudeSessions({
      manager,
      tracker: new BudgetTracker(),
      claudeDirs: [claude],
      workspaceFolders: [workspace],
      publish: () => undefined,
    });
    assert.deepEqual(result.errors, []);
    assert.equal(result.imported, 1, JSON.stringify(result));
    assert.deepEqual(
      manager.list().map((s) => s.conversationId),
      [ID],
    );
    assert.equal(result.skippedPaths.length, 1);
    assert.match(result.skippedPaths[0] ?? '', /\/a: a link back to .*, which contains it \(a loop\); not followed$/);
    await manager.dispose();
  });
});
