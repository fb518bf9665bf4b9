import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importedName } from '../../../src/core/budget/claudeImport';
import { buildContextPack, mentionedPaths } from '../../../src/core/budget/contextPack';
import { claudeTranscriptCandidates, rolloverName, seedTaskText, summaryFromSessionTranscript } from '../../../src/core/budget/rollover';
import type { TranscriptEntry } from '../../../src/core/sessions/transcriptStore';

describe('rollover', () => {
  test('names: backend → backend (2) → backend (3), skipping names in use', () => {
    assert.equal(rolloverName('backend', new Set()), 'backend (2)');
    assert.equal(rolloverName('backend (2)', new Set()), 'backend (3)');
    assert.equal(rolloverName('backend', new Set(['backend (2)'])), 'backend (3)');
  });

  test("the agent's own transcript is looked for under the HOME or CLAUDE_CONFIG_DIR it ran with", () => {
    const rec = { folder: '/work/app', conversationId: 'c1' };
    assert.deepEqual(claudeTranscriptCandidates(rec, { HOME: '/h' }, {}, '/real'), ['/h/.claude/projects/-work-app/c1.jsonl']);
    assert.deepEqual(claudeTranscriptCandidates(rec, { CLAUDE_CONFIG_DIR: '/cfg' }, {}, '/real'), ['/cfg/projects/-work-app/c1.jsonl']);
    assert.ok(claudeTranscriptCandidates(rec, {}, {}, '/real').includes('/real/.claude/projects/-work-app/c1.jsonl'));
    assert.deepEqual(claudeTranscriptCandidates({ folder: '/w' }, {}, {}, '/real'), []);
  });

  test('the fallback summary comes from the session transcript: requests, files, commands, problems, last answer', () => {
    const e = (item: TranscriptEntry['item']): TranscriptEntry => ({ at: 0, taskId: 't', item });
    const s = summaryFromSessionTranscript(
      [
        e({ type: 'task_start', text: 'fix the login redirect', attempt: 1 }),
        e({
          type: 'tool_use',
          toolId: 'a',
          toolName: 'Read',
          input: {},
          files: [{ path: 'src/auth.ts', access: 'read' }],
          isSidechain: false,
        }),
        e({
          type: 'tool_use',
          toolId: 'b',
          toolName: 'Edit',
          input: {},
          files: [{ path: 'src/login.ts', access: 'edit' }],
          isSidechain: false,
        }),
        e({ type: 'tool_use', toolId: 'c', toolName: 'Bash', input: { command: 'npm test' }, files: [], isSidechain: false }),
        e({ type: 'tool_result', toolId: 'c', isError: true, text: '1 test failing' }),
        e({ type: 'text', text: 'The redirect now keeps the query string.', isSidechain: false }),
        e({ type: 'task_end', status: 'succeeded' }),
      ],
      '/w',
    );
    assert.deepEqual(s.requests, ['fix the login redirect']);
    assert.deepEqual(s.filesRead, ['src/auth.ts']);
    assert.deepEqual(s.filesEdited, ['src/login.ts']);
    assert.deepEqual(s.commands, ['npm test']);
    assert.deepEqual(s.openProblems, ['1 test failing']);
    assert.match(seedTaskText('# Handoff', 'backend'), /taking over from the session "backend"/);
  });

  test('imported session names come from the title, else the date', () => {
    assert.equal(importedName({ title: 'Fix  the\nlogin', firstTimestamp: null, sessionId: 'abc' }), 'Fix the login');
    assert.equal(
      importedName({ title: null, firstTimestamp: '2026-11-20T10:00:00.000Z', sessionId: 'abc' }),
      'Claude Code 2026-11-20 10:00',
    );
  });
});

describe('context pack', () => {
  test('paths named in a task', () => {
    assert.deepEqual(mentionedPaths('fix src/auth/login.ts and `README.md`, not v1.2'), ['src/auth/login.ts', 'README.md']);
  });

  test('the most relevant files that fit the headroom, with counts and reasons', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aa-pack-'));
    try {
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'auth.ts'), 'a'.repeat(400));
      writeFileSync(join(dir, 'src', 'big.ts'), 'b'.repeat(40_000));
      writeFileSync(join(dir, 'src', 'util.ts'), 'u'.repeat(200));
      writeFileSync(join(dir, 'notes.md'), 'n'.repeat(100));
      const pack = await buildContextPack({
        record: {
          id: 's',
          folder: dir,
          specialty: { label: 'src', globs: ['src/**'] },
          workingSet: [
            { path: 'src/util.ts', reads: 2, edits: 1, firstAt: 0, lastAt: 1000, lastAccess: 'edit' },
            { path: 'src/big.ts', reads: 1, edits: 0, firstAt: 0, lastAt: 1000, lastAccess: 'read' },
          ],
        },
        task: 'fix src/auth.ts and src/missing.ts',
        taskTokens: 50,
        headroomTokens: 1000,
        openFiles: [join(dir, 'notes.md'), '/elsewhere/x.ts'],
        now: 1000,
        countFile: async (p) => (await import('node:fs')).statSync(p).size / 4,
        allowedFolders: [dir],
      });
      assert.equal(pack.budgetTokens, 950);
      assert.deepEqual(
        pack.files.map((f) => f.path),
        [join(dir, 'src', 'auth.ts'), join(dir, 'src', 'util.ts'), join(dir, 'notes.md')],
      );
      assert.equal(pack.totalTokens, 100 + 50 + 25);
      assert.match(pack.files[0]?.why ?? '', /named in the task/);
      assert.ok(pack.skipped.some((s) => s.path.endsWith('big.ts') && /larger than the headroom/.test(s.reason)));
      assert.ok(pack.skipped.some((s) => s.path.endsWith('missing.ts') && s.reason === 'not found'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reads only workspace files: a path outside it named in the task, and a link out of it, are skipped unread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aa-pack-out-'));
    const outside = mkdtempSync(join(tmpdir(), 'aa-pack-secret-'));
    try {
      mkdirSync(join(dir, 'src'), { recursive: true });
      writeFileSync(join(dir, 'src', 'ok.ts'), 'o'.repeat(40));
      writeFileSync(join(outside, 'secret.env'), 'TOKEN=x');
      symlinkSync(join(outside, 'secret.env'), join(dir, 'src', 'link.ts'));
      const read: string[] = [];
      const pack = await buildContextPack({
        record: { id: 's', folder: dir, specialty: { label: 'src', globs: ['src/**'] }, workingSet: [] },
        task: `compare ${join(outside, 'secret.env')} with src/link.ts, /etc/hostname and src/ok.ts`,
        taskTokens: 10,
        headroomTokens: 10_000,
        openFiles: [],
        now: 1,
        countFile: async (p) => {
          read.push(p);
          return (await import('node:fs')).statSync(p).size / 4;
        },
        allowedFolders: [dir],
      });
      assert.deepEqual(
        pack.files.map((f) => f.path),
        [join(dir, 'src', 'ok.ts')],
      );
      assert.deepEqual(read, [join(dir, 'src', 'ok.ts')], 'nothing outside the workspace was read');
      for (const p of [join(outside, 'secret.env'), join(dir, 'src', 'link.ts')])
        assert.ok(
          pack.skipped.some((s) => s.path === p && /outside the workspace/.test(s.reason)),
          `${p} skipped: ${JSON.stringify(pack.skipped)}`,
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
