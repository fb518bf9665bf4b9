// Handoff summary from a transcript (requests, files, commands, decisions, open problems) and the
// memory files found up a folder chain.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractHandoffSummary, extractHandoffSummaryFromFile, formatHandoffSummary } from '../../../src/core/budget/handoffSummary';
import { findMemoryFiles, memoryTokens } from '../../../src/core/budget/memoryFiles';
import { TokenCounter } from '../../../src/core/budget/tokenCounter';

const cwd = '/repo';
const base = { cwd, sessionId: 's1', isSidechain: false, timestamp: '2026-01-01T00:00:00.000Z' };
const user = (content: unknown, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ ...base, type: 'user', message: { role: 'user', content }, ...extra });
const assistant = (content: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    ...base,
    type: 'assistant',
    message: { id: 'm', model: 'claude-sonnet-4-5', role: 'assistant', content, usage: { input_tokens: 1, output_tokens: 1 } },
    ...extra,
  });

const TRANSCRIPT = [
  JSON.stringify({ type: 'custom-title', customTitle: 'Fix auth flow' }),
  user('Fix the login redirect loop in the auth middleware'),
  assistant([
    {
      type: 'text',
      text: 'Looking at it. I decided to keep the session cookie and change the redirect check instead of adding a new flag.',
    },
    { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: '/repo/src/auth/middleware.ts' } },
  ]),
  user([{ type: 'tool_result', tool_use_id: 't1', content: 'file body' }]),
  assistant([
    { type: 'tool_use', id: 't2', name: 'Edit', input: { file_path: '/repo/src/auth/middleware.ts', old_string: 'a', new_string: 'b' } },
  ]),
  assistant([{ type: 'tool_use', id: 't3', name: 'Bash', input: { command: 'npm test -- auth' } }]),
  user([{ type: 'tool_result', tool_use_id: 't3', is_error: true, content: 'FAIL test/auth.test.ts: expected 302 got 200' }]),
  assistant([{ type: 'tool_use', id: 'x', name: 'Edit', input: { file_path: '/repo/src/secret.ts' } }], { isSidechain: true }),
  'garbage line {',
  user('<command-name>/cost</command-name>'),
  user('Also handle the logout path'),
  assistant([{ type: 'text', text: 'The logout test is still failing because the mock clock is not advanced. Next step: fake timers.' }]),
];

describe('handoff summary', () => {
  test('extracts requests, files, commands, decisions and open problems from the main chain', () => {
    const s = extractHandoffSummary(TRANSCRIPT);
    assert.equal(s.title, 'Fix auth flow');
    assert.equal(s.cwd, '/repo');
    assert.deepEqual(s.requests, ['Fix the login redirect loop in the auth middleware', 'Also handle the logout path']);
    assert.deepEqual(s.filesEdited, ['src/auth/middleware.ts']);
    assert.deepEqual(s.filesRead, [], 'read then edited files are listed as edited');
    assert.deepEqual(s.commands, ['npm test -- auth']);
    assert.equal(s.decisions.length, 1);
    assert.match(s.decisions[0] ?? '', /decided to keep the session cookie/);
    assert.ok(s.openProblems.some((p) => p.startsWith('Bash failed: FAIL test/auth.test.ts')));
    assert.ok(s.openProblems.some((p) => /still failing/.test(p)));
    assert.match(s.lastAnswer ?? '', /fake timers/);
    assert.ok(!s.filesEdited.includes('src/secret.ts'), "sidechain tool uses are not the session's work");
  });

  test('compaction summaries become earlier context; formatting is Markdown', () => {
    const s = extractHandoffSummary([
      user([{ type: 'text', text: 'Earlier we built the router.' }], { isCompactSummary: true }),
      ...TRANSCRIPT,
    ]);
    assert.equal(s.earlierSummary, 'Earlier we built the router.');
    const md = formatHandoffSummary(s);
    assert.match(md, /^# Handoff from a previous session/);
    assert.match(md, /## Files edited\n- src\/auth\/middleware.ts/);
    assert.match(md, /## Open problems/);
    assert.match(md, /`npm test -- auth`/);
  });

  test('an empty or garbage transcript yields an empty summary', () => {
    const s = extractHandoffSummary(['', 'nope', '[]']);
    assert.deepEqual(s.requests, []);
    assert.equal(s.lastAnswer, null);
    assert.equal(formatHandoffSummary(s), '# Handoff from a previous session');
  });

  describe('from a file', () => {
    let dir = '';
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'aa-handoff-'));
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    test('streams the file', async () => {
      const p = join(dir, 't.jsonl');
      await writeFile(p, TRANSCRIPT.join('\n'));
      assert.deepEqual(await extractHandoffSummaryFromFile(p), extractHandoffSummary(TRANSCRIPT));
    });
  });
});

describe('memory files', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aa-memory-'));
    await mkdir(join(dir, 'repo', 'pkg', '.claude'), { recursive: true });
    await writeFile(join(dir, 'CLAUDE.md'), 'Top level rules for every project.');
    await writeFile(join(dir, 'repo', 'AGENTS.md'), 'Use npm. Run tests before committing.');
    await writeFile(join(dir, 'repo', 'pkg', 'CLAUDE.md'), 'Package rules.');
    await writeFile(join(dir, 'repo', 'pkg', '.claude', 'CLAUDE.md'), 'Hidden rules.');
    await writeFile(join(dir, 'repo', 'pkg', 'GEMINI.md'), 'Gemini rules.');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('found nearest first up to the stop folder, per agent, with token counts', async () => {
    const counter = new TokenCounter();
    try {
      const claude = await findMemoryFiles(join(dir, 'repo', 'pkg'), counter, { agent: 'claude', stopAt: dir });
      assert.deepEqual(
        claude.map((f) => f.path.slice(dir.length)),
        ['/repo/pkg/CLAUDE.md', '/repo/pkg/.claude/CLAUDE.md', '/CLAUDE.md'],
      );
      assert.ok(claude.every((f) => f.tokens > 0 && f.bytes > 0));
      const codex = await findMemoryFiles(join(dir, 'repo', 'pkg'), counter, { agent: 'codex', stopAt: dir });
      assert.deepEqual(
        codex.map((f) => f.path.slice(dir.length)),
        ['/repo/AGENTS.md'],
      );
      const all = await findMemoryFiles(join(dir, 'repo', 'pkg'), counter, { stopAt: dir });
      assert.equal(all.length, 5);
      assert.equal(
        memoryTokens(all),
        all.reduce((n, f) => n + f.tokens, 0),
      );
      const tiny = await findMemoryFiles(join(dir, 'repo'), counter, { agent: 'codex', stopAt: dir, maxBytes: 4 });
      assert.equal(tiny[0]?.tokens, Math.ceil(tiny[0]!.bytes / 4), 'oversized files are estimated by size');
    } finally {
      counter.dispose();
    }
  });
});
