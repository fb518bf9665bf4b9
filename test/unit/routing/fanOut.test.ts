// Tests: Fan-out planning of context-independent tasks and the combined report.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { combineFanOut, idleSessionIds, planFanOut } from '../../../src/core/routing/fanOut';
import { at, threeSessions } from '../../support/routing/builders';
import { NEW_SESSION } from '../../../src/core/routing/types';

const FILES = [
  'src/a/one.ts',
  'src/a/two.ts',
  'src/a/three.ts',
  'src/b/one.ts',
  'src/b/two.ts',
  'src/c/one.ts',
  'src/c/readme.md',
  'test/a/one.test.ts',
];

describe('fan-out planning', () => {
  test('files matching the glob are split per directory over idle sessions', () => {
    const plan = planFanOut({
      taskId: 't1',
      text: 'Add the license header',
      files: FILES,
      glob: 'src/**/*.ts',
      idleSessions: ['s1', 's2', 's3'],
      parallelLimit: 4,
    });
    assert.equal(plan.matchedFiles, 6);
    assert.deepEqual(
      plan.subtasks.map((s) => [s.id, s.session, s.groups]),
      [
        ['t1.1', 's1', ['src/a']],
        ['t1.2', 's2', ['src/b']],
        ['t1.3', 's3', ['src/c']],
      ],
    );
    assert.equal(plan.newSessions, 0);
    assert.match(plan.subtasks[0]?.text ?? '', /Add the license header\n\nOnly these files \(part 1 of 3\):\n- src\/a\/one\.ts/);
  });

  test('new sessions make up for missing idle ones, up to the parallel limit', () => {
    const plan = planFanOut({ taskId: 't1', text: 'x', files: FILES, glob: 'src/**/*.ts', idleSessions: ['s1'], parallelLimit: 2 });
    assert.deepEqual(
      plan.subtasks.map((s) => s.session),
      ['s1', NEW_SESSION],
    );
    assert.equal(plan.newSessions, 1);
    assert.equal(
      plan.subtasks.reduce((n, s) => n + s.files.length, 0),
      6,
      'every file is in exactly one subtask',
    );
    assert.match(plan.note ?? '', /3 groups packed into 2 subtasks/);
  });

  test('a large directory is split into several groups', () => {
    const many = Array.from({ length: 10 }, (_, i) => `src/big/f${i}.ts`);
    const plan = planFanOut({
      taskId: 't',
      text: 'x',
      files: many,
      glob: '**/*.ts',
      idleSessions: ['a', 'b', 'c'],
      parallelLimit: 3,
      maxFilesPerGroup: 4,
    });
    assert.deepEqual(plan.subtasks.map((s) => s.files.length).sort(), [2, 4, 4]);
  });

  test('nothing matching gives an empty plan with a note', () => {
    const plan = planFanOut({ taskId: 't', text: 'x', files: FILES, glob: '**/*.py', idleSessions: ['a'], parallelLimit: 2 });
    assert.deepEqual(plan.subtasks, []);
    assert.equal(plan.note, 'no file matches **/*.py');
  });

  test('idle sessions, least context first', () => {
    const t = threeSessions();
    t.touch('auth', 'api/auth/session.ts', 'edit', at(1));
    t.setLoad('billing', { running: 1, queued: 0 });
    assert.deepEqual(idleSessionIds(t), ['web', 'auth']);
  });

  test('results combine into one report', () => {
    const plan = planFanOut({
      taskId: 't1',
      text: 'x',
      files: FILES,
      glob: 'src/**/*.ts',
      idleSessions: ['s1', 's2', 's3'],
      parallelLimit: 3,
    });
    const partial = combineFanOut(plan, [{ subtaskId: 't1.1', ok: true, summary: 'added 3 headers' }]);
    assert.equal(partial.done, false);
    assert.deepEqual(partial.pending, ['t1.2', 't1.3']);
    const all = combineFanOut(plan, [
      { subtaskId: 't1.1', ok: true },
      { subtaskId: 't1.2', ok: true },
      { subtaskId: 't1.3', ok: false, summary: 'file locked' },
    ]);
    assert.equal(all.done, true);
    assert.equal(all.succeeded, 2);
    assert.equal(all.failed, 1);
    assert.match(all.text, /^t1: 2 of 3 subtasks done, 1 failed/);
    assert.match(all.text, /t1\.3 \(1 files\): failed - file locked/);
  });

  test("the Markdown report keeps every subtask's files and whole result; its text line is clipped", () => {
    const plan = planFanOut({
      taskId: 't1',
      text: 'x',
      files: FILES,
      glob: 'src/**/*.ts',
      idleSessions: ['s1', 's2', 's3'],
      parallelLimit: 3,
    });
    const long = `Added headers.\n\n- ${'detail '.repeat(80)}\n- last line`;
    const report = combineFanOut(plan, [
      { subtaskId: 't1.1', ok: true, summary: long },
      { subtaskId: 't1.2', ok: false, summary: 'file locked' },
    ]);
    assert.match(report.markdown, /^# Fan-out t1: 1 of 3 subtasks done, 1 failed, 1 pending\n/);
    assert.ok(report.markdown.includes(long), 'the whole result, line breaks kept');
    assert.match(report.markdown, /## t1\.2: failed \(\d+ files?\)\n\n- `src\/[^`]+`/);
    assert.match(report.markdown, /## t1\.3: pending/);
    const line = report.text.split('\n')[1] ?? '';
    assert.ok(line.length < 360 && line.endsWith('…'), `one clipped line (${line.length} chars)`);
  });
});
