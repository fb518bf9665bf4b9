// Splitting command lines into the simple commands rules are matched against.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchForms, splitCommand } from '../../../src/core/permissions/shellSplit';

describe('splitCommand', () => {
  const cases: [string, string[], boolean?][] = [
    ['a && b || c | d; e & f 2>&1', ['a', 'b', 'c', 'd', 'e', 'f 2>&1']],
    ['echo "a && b" \'c;d\'', ['echo "a && b" \'c;d\'']],
    ['for x in a b; do echo $x; done', ['echo $x']],
    ['while read line; do echo "$line"; done < f', ['read line', 'echo "$line"']],
    ['if test -f x; then cat x; else echo no; fi', ['test -f x', 'cat x', 'echo no']],
    ['(cd a && make)', ['cd a', 'make']],
    ['echo $(git rev-parse HEAD) `date`', ['echo $(git rev-parse HEAD) `date`', 'git rev-parse HEAD', 'date']],
    ['echo $((1+2))', ['echo $((1+2))']],
    ['cat <<EOF\nhi; there\nEOF\nls', ['cat <<EOF\nhi; there\nEOF', 'ls']],
    ['# comment\nls -la', ['ls -la']],
    ['ls \\\n  -la', ['ls   -la']],
    ['x &&', ['x'], true],
    ['echo "unclosed', ['echo "unclosed'], true],
    ['a |& b', ['a', 'b']],
  ];
  for (const [cmd, parts, bad] of cases) {
    test(JSON.stringify(cmd), () => {
      const r = splitCommand(cmd);
      assert.deepEqual(r.parts, parts);
      assert.equal(r.unparseable, bad ?? false);
    });
  }
  test('PowerShell splits on | ; && ||', () => {
    assert.deepEqual(splitCommand('Get-Process | Stop-Process; ls', 'powershell').parts, ['Get-Process', 'Stop-Process', 'ls']);
  });
});

describe('matchForms', () => {
  test('wrappers and assignments', () => {
    assert.deepEqual(matchForms('timeout 5 nice -n 2 npm test', 'allow'), [
      'timeout 5 nice -n 2 npm test',
      'nice -n 2 npm test',
      'npm test',
    ]);
    assert.deepEqual(matchForms('SECRET=1 rm x', 'allow'), ['SECRET=1 rm x']);
    assert.deepEqual(matchForms('SECRET=1 rm x', 'deny'), ['SECRET=1 rm x', 'rm x']);
    assert.deepEqual(matchForms('command -v git', 'allow'), ['command -v git']);
    assert.deepEqual(matchForms('xargs -0 rm', 'allow'), ['xargs -0 rm']);
    assert.deepEqual(matchForms('xargs rm', 'allow'), ['xargs rm', 'rm']);
    assert.deepEqual(matchForms('timeout 5 done', 'allow'), ['timeout 5 done']);
  });
});
