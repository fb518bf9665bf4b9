// The editor signals: an error cleared by an edit is learned after the capture window (not when
// the file closes); Remember Fix learns the edit that clears the chosen error; an applied fix is
// verified from later diagnostics.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DiagnosticInfo } from '../../../src/core/fixes/textTypes';
import { errorSignature } from '../../../src/core/fixes/signature';
import { EditorFixSignals } from '../../../src/core/fixes/editorFixSignals';

const URI = 'file:///w/a.ts';
const BROKEN = 'const limit = 1;\nlimit = 2;\nexport { limit };\n';
const FIXED = 'let limit = 1;\nlimit = 2;\nexport { limit };\n';
const error: DiagnosticInfo = {
  message: "Cannot assign to 'limit' because it is a constant.",
  source: 'ts',
  code: 2588,
  severity: 'error',
  range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } },
};

function opened(): EditorFixSignals {
  const s = new EditorFixSignals({ captureWindowMs: 100, settleMs: 50 });
  s.opened(URI, 'typescript', BROKEN);
  s.diagnostics(URI, [error], 0);
  return s;
}

describe('EditorFixSignals', () => {
  test('an error cleared by an edit is learned once the window passed', () => {
    const s = opened();
    s.changed(URI, FIXED);
    s.diagnostics(URI, [], 10);
    assert.equal(s.tick(50).learn.length, 0, 'still inside the window');
    const { learn } = s.tick(200);
    assert.equal(learn.length, 1);
    assert.equal(learn[0]?.manual, false);
    assert.equal(learn[0]?.fix.origin, 'diagnostic');
    assert.match(learn[0]?.fix.diff ?? '', /-const limit = 1;\n\+let limit = 1;/);
    assert.equal(learn[0]?.fix.file, '/w/a.ts');
  });

  test('an error that vanished because the file closed teaches nothing', () => {
    const s = opened();
    s.changed(URI, FIXED);
    s.diagnostics(URI, [], 10);
    s.closed(URI);
    assert.equal(s.tick(500).learn.length, 0);
    assert.deepEqual(s.currentErrors(), []);
  });

  test('Remember Fix learns the edit that clears the chosen error, as a manual fix (and not twice)', () => {
    const s = opened();
    assert.equal(s.remember(URI, error, 5), undefined);
    assert.equal(s.remember('file:///w/closed.ts', error, 5), 'the file is not open in the editor');
    s.changed(URI, FIXED);
    s.diagnostics(URI, [], 10);
    const { learn } = s.tick(500);
    assert.equal(learn.length, 1);
    assert.equal(learn[0]?.manual, true);
    assert.equal(learn[0]?.fix.origin, 'manual');
    assert.equal(learn[0]?.fix.anchorLine, 1);
    assert.equal(s.watching, 0);
    assert.equal(s.tick(2000).learn.length, 0, 'the automatic capture of the same change is skipped');
  });

  test('an edit that leaves the chosen error keeps watching', () => {
    const s = opened();
    s.remember(URI, error, 5);
    s.changed(URI, `${BROKEN}// comment\n`);
    s.diagnostics(URI, [error], 10);
    assert.equal(s.watching, 1);
    assert.equal(s.tick(20).learn.filter((l) => l.manual).length, 0);
  });

  test('an applied fix whose error goes away succeeds; one whose error stays fails', () => {
    const s = opened();
    const signatureKey = errorSignature({ message: error.message, source: 'ts', code: 2588, languageId: 'typescript', file: URI }).key;
    s.applied({ fixId: 'f1', uri: URI, languageId: 'typescript', signatureKey, line: 1 }, 100);
    s.changed(URI, FIXED);
    s.diagnostics(URI, [], 110);
    const first = s.tick(200);
    assert.deepEqual(first.outcomes, [{ fixId: 'f1', uri: URI, outcome: 'succeeded' }]);
    assert.deepEqual(first.learn, [], 'the applied fix is not learned again as a new fix');
    s.applied({ fixId: 'f2', uri: URI, languageId: 'typescript', signatureKey, line: 1 }, 300);
    s.diagnostics(URI, [], 310);
    s.diagnostics(URI, [error], 320);
    assert.deepEqual(s.tick(400).outcomes, [{ fixId: 'f2', uri: URI, outcome: 'failed' }]);
  });

  test('current errors carry the open file language and path', () => {
    const s = opened();
    assert.deepEqual(
      s.currentErrors().map((e) => [e.path, e.languageId, e.diagnostics.length]),
      [['/w/a.ts', 'typescript', 1]],
    );
  });
});
