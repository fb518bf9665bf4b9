import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { changedLineCount, diffLines, makeUnifiedDiff, parseUnifiedDiff, splitLines } from '../../../src/core/fixes/unifiedDiff';

const lines = (n: number): string[] => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('unified diff', () => {
  test('one changed line with three lines of context', () => {
    const before = lines(10).join('\n') + '\n';
    const after = before.replace('line 5\n', 'line five\n');
    assert.equal(
      makeUnifiedDiff(before, after, { fromFile: 'a/x', toFile: 'b/x' }),
      [
        '--- a/x',
        '+++ b/x',
        '@@ -2,7 +2,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+line five',
        ' line 6',
        ' line 7',
        ' line 8',
        '',
      ].join('\n'),
    );
  });

  test('identical texts give an empty diff', () => {
    assert.equal(makeUnifiedDiff('a\nb\n', 'a\nb\n'), '');
  });

  test('separate changes make separate hunks, close ones merge', () => {
    const before = lines(30).join('\n');
    const far = before.replace('line 2\n', 'line 2!\n').replace('line 25\n', 'line 25!\n');
    assert.equal((parseUnifiedDiff(makeUnifiedDiff(before, far)) as { hunks: unknown[] }).hunks.length, 2);
    const near = before.replace('line 2\n', 'line 2!\n').replace('line 7\n', 'line 7!\n');
    assert.equal((parseUnifiedDiff(makeUnifiedDiff(before, near)) as { hunks: unknown[] }).hunks.length, 1);
  });

  test('insertion and deletion at the edges, and empty texts', () => {
    const ins = parseUnifiedDiff(makeUnifiedDiff('b\n', 'a\nb\n'));
    assert.ok(ins.ok);
    assert.deepEqual(ins.hunks[0]?.lines, [
      { op: '+', text: 'a' },
      { op: ' ', text: 'b' },
    ]);
    const all = parseUnifiedDiff(makeUnifiedDiff('', 'x\ny\n'));
    assert.ok(all.ok);
    assert.equal(all.hunks[0]?.oldStart, 0);
    assert.equal(changedLineCount(all.hunks), 2);
    assert.equal(makeUnifiedDiff('x\n', ''), '--- a\n+++ b\n@@ -1,1 +0,0 @@\n-x\n');
  });

  test('LCS keeps moved-around common lines', () => {
    const ops = diffLines(['a', 'b', 'c', 'd'], ['a', 'c', 'b', 'd']);
    assert.equal(ops.filter((o) => o.op === ' ').length, 3);
  });

  test('CRLF and a missing final newline split alike', () => {
    assert.deepEqual(splitLines('a\r\nb\r\n'), ['a', 'b']);
    assert.deepEqual(splitLines('a\nb'), ['a', 'b']);
    assert.deepEqual(splitLines(''), []);
  });

  test('round trip: parse what was made', () => {
    const before = lines(50).join('\n');
    const after = before.replace('line 10', 'x').replace('line 40\n', '');
    const parsed = parseUnifiedDiff(makeUnifiedDiff(before, after));
    assert.ok(parsed.ok);
    assert.equal(changedLineCount(parsed.hunks), 3);
  });

  test('rejects text without hunks and truncated hunks', () => {
    assert.deepEqual(parseUnifiedDiff('just text'), { ok: false, error: 'no @@ hunk found' });
    const t = parseUnifiedDiff('@@ -1,3 +1,3 @@\n a\n-b\n');
    assert.equal(t.ok, false);
    const bad = parseUnifiedDiff('@@ -1,2 +1,2 @@\n a\n*b\n');
    assert.equal(bad.ok, false);
  });

  test('a large rewrite does not blow up', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 5000 }, (_, i) => `b${i}`);
    assert.equal(diffLines(a, b).length, 10_000);
  });
});
