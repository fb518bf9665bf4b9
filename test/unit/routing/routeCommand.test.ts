// Tests: The agent-affinity route CLI command, through run() with a captured io.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { routeCommand } from '../../../src/cli/commands/route';
import { captureIo, fixturesDir } from '../../support/routing/builders';

const SMALL = join(fixturesDir(), 'smallTrace.jsonl');

describe('agent-affinity route', () => {
  test('prints one {"task","session"} JSON line per task', async () => {
    const io = captureIo();
    assert.equal(await routeCommand.run(['--trace', SMALL], io), 0);
    assert.deepEqual(
      io.outLines.map((l) => JSON.parse(l) as unknown),
      [
        { task: 't1', session: 's1' },
        { task: 't2', session: 's2' },
        { task: 't3', session: 's2' },
        { task: 't4', session: 'new' },
      ],
    );
    assert.deepEqual(io.errLines, []);
  });

  test('--strategy selects a baseline; --explain adds the reasons', async () => {
    const io = captureIo();
    assert.equal(await routeCommand.run(['--trace', SMALL, '--strategy', 'round-robin'], io), 0);
    assert.deepEqual(
      io.outLines.map((l) => (JSON.parse(l) as { session: string }).session),
      ['s1', 's2', 's1', 's2'],
    );
    const explained = captureIo();
    assert.equal(await routeCommand.run([`--trace=${SMALL}`, '--explain'], explained), 0);
    const first = JSON.parse(explained.outLines[0] ?? '{}') as { ranked: { reasons: string[] }[] };
    assert.ok(first.ranked[0]?.reasons.some((r) => r.includes('session3.ts')));
  });

  test('history events are learned: a task that names no file goes where its words went before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'route-cli-'));
    try {
      const file = join(dir, 'history.jsonl');
      const lines = [
        { t: 1, type: 'session', id: 'render', folder: '', specialty: 'render', globs: ['src/render/**'] },
        { t: 2, type: 'session', id: 'forms', folder: '', specialty: 'forms', globs: ['src/forms/**'] },
        { t: 3, type: 'history', text: 'fix: zoom jitter when panning', files: ['src/render/viewport.ts'] },
        { t: 4, type: 'history', text: 'feat: required marker on inputs', files: ['src/forms/field.ts'] },
        { t: 5, type: 'touch', session: 'forms', file: 'src/forms/field.ts', kind: 'edit' },
        { t: 6, type: 'task', id: 't1', text: 'Zoom stutters while panning', load: {} },
      ];
      writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      const io = captureIo();
      assert.equal(await routeCommand.run(['--trace', file, '--explain'], io), 0);
      assert.deepEqual(io.errLines, [], 'history lines are events, not errors');
      const d = JSON.parse(io.outLines[0] ?? '{}') as { session: string; ranked: { reasons: string[] }[]; confidence?: { value: number } };
      assert.equal(d.session, 'render');
      assert.ok(d.ranked[0]?.reasons.some((r) => r.includes('src/render/viewport.ts')));
      assert.ok((d.confidence?.value ?? 0) > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad arguments and unreadable files give clear messages and a non-zero code', async () => {
    const noTrace = captureIo();
    assert.equal(await routeCommand.run([], noTrace), 2);
    assert.match(noTrace.errLines.join('\n'), /missing --trace FILE/);
    const badStrategy = captureIo();
    assert.equal(await routeCommand.run(['--trace', SMALL, '--strategy', 'random'], badStrategy), 2);
    assert.match(badStrategy.errLines[0] ?? '', /unknown strategy "random"/);
    const missing = captureIo();
    assert.equal(await routeCommand.run(['--trace', '/nonexistent/trace.jsonl'], missing), 1);
    assert.match(missing.errLines[0] ?? '', /cannot read trace \/nonexistent\/trace\.jsonl/);
  });

  test('bad lines are reported with the file and line and skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'route-cli-'));
    try {
      const file = join(dir, 'bad.jsonl');
      writeFileSync(
        file,
        '{"t":1,"type":"session","id":"s1","folder":"api","specialty":"x","globs":[]}\n{oops\n{"t":2,"type":"task","id":"t1","text":"Fix x","load":{}}\n',
      );
      const io = captureIo();
      assert.equal(await routeCommand.run(['--trace', file], io), 0);
      assert.deepEqual(io.outLines, ['{"task":"t1","session":"s1"}']);
      assert.match(io.errLines[0] ?? '', /bad\.jsonl line 2: not JSON .*\(skipped\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
