import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticCaptureTracker } from '../../../src/core/fixes/diagnosticCapture';
import { parseUnifiedDiff } from '../../../src/core/fixes/unifiedDiff';
import { diag } from '../../support/fixes/builders';

const URI = 'file:///w/src/app.ts';
const OTHER = 'file:///w/src/other.ts';
const BEFORE = 'import { a } from "./a";\n\nconst n: number = "x";\nexport { n };\n';
const AFTER = 'import { a } from "./a";\n\nconst n: number = Number("x");\nexport { n };\n';
const ERR = diag("Type 'string' is not assignable to type 'number'.", 2);

function tracker(): DiagnosticCaptureTracker {
  const t = new DiagnosticCaptureTracker({ windowMs: 1000 });
  t.opened(URI, 'typescript', BEFORE);
  return t;
}

describe('capture from diagnostics', () => {
  test('an error cleared by an edit in its file is learned with a small diff around it', () => {
    const t = tracker();
    t.diagnostics(URI, [ERR], 0);
    t.changed(URI, AFTER);
    t.diagnostics(URI, [], 100);
    assert.deepEqual(t.takeCandidates(500), [], 'waits for the window');
    const [c] = t.takeCandidates(1100);
    assert.ok(c);
    assert.equal(c.signature.code, '2322');
    assert.equal(c.anchorLine, 2);
    assert.deepEqual(c.identifiers, ['string', 'number']);
    assert.match(c.diff, /^-const n: number = "x";$/m);
    assert.match(c.diff, /^\+const n: number = Number\("x"\);$/m);
    assert.ok(parseUnifiedDiff(c.diff).ok);
    assert.deepEqual(t.takeCandidates(5000), [], 'yielded once');
  });

  test('an error cleared by closing the file is not learned', () => {
    const t = tracker();
    t.diagnostics(URI, [ERR], 0);
    t.changed(URI, AFTER);
    t.closed(URI);
    t.diagnostics(URI, [], 100);
    assert.deepEqual(t.takeCandidates(5000), []);
  });

  test('diagnostics emptied just before the close event are not learned either', () => {
    const t = tracker();
    t.diagnostics(URI, [ERR], 0);
    t.changed(URI, AFTER);
    t.diagnostics(URI, [], 100);
    t.closed(URI);
    assert.deepEqual(t.takeCandidates(5000), []);
  });

  test('an error that vanished without an edit in its file is not learned', () => {
    const t = tracker();
    t.diagnostics(URI, [ERR], 0);
    t.diagnostics(URI, [], 100);
    assert.deepEqual(t.takeCandidates(5000), []);
  });

  test('a source restart (explicit) discards what vanished around it', () => {
    const t = tracker();
    t.diagnostics(URI, [ERR], 0);
    t.changed(URI, AFTER);
    t.diagnostics(URI, [], 100);
    t.sourceRestarted('ts', 200);
    assert.deepEqual(t.takeCandidates(5000), []);
  });

  test('all diagnostics of a source vanishing in every file at once reads as a restart', () => {
    const t = tracker();
    t.opened(OTHER, 'typescript', 'let x: string = 1;\n');
    t.diagnostics(URI, [ERR], 0);
    t.diagnostics(OTHER, [diag("Type 'number' is not assignable to type 'string'.", 0)], 0);
    t.changed(URI, AFTER);
    t.diagnostics(URI, [], 100);
    t.diagnostics(OTHER, [], 120);
    assert.deepEqual(t.takeCandidates(5000), []);
  });

  test('when only the edited file clears, other files keeping their errors, it is learned', () => {
    const t = tracker();
    t.opened(OTHER, 'typescript', 'let x: string = 1;\n');
    t.diagnostics(URI, [ERR], 0);
    t.diagnostics(OTHER, [diag("Type 'number' is not assignable to type 'string'.", 0)], 0);
    t.changed(URI, AFTER);
    t.diagnostics(URI, [], 100);
    t.diagnostics(OTHER, [diag("Type 'number' is not assignable to type 'string'.", 0)], 150);
    assert.equal(t.takeCandidates(5000).length, 1);
  });

  test('an edit that trades the error for another one on the edited line is not learned', () => {
    const t = tracker();
    t.diagnostics(URI, [ERR], 0);
    t.changed(URI, AFTER);
    t.diagnostics(URI, [diag("Cannot find name 'Number2'.", 2, { code: 2304 })], 100);
    assert.deepEqual(t.takeCandidates(5000), []);
  });

  test('an error that comes back within the window is not learned', () => {
    const t = tracker();
    t.diagnostics(URI, [ERR], 0);
    t.changed(URI, AFTER);
    t.diagnostics(URI, [], 100);
    t.changed(URI, BEFORE);
    t.diagnostics(URI, [ERR], 300);
    assert.deepEqual(t.takeCandidates(5000), []);
  });

  test('one of two identical errors cleared: the one that vanished is learned', () => {
    const text = 'const a: number = "x";\nconst b: number = "y";\n';
    const t = new DiagnosticCaptureTracker({ windowMs: 10 });
    t.opened(URI, 'typescript', text);
    t.diagnostics(
      URI,
      [diag("Type 'string' is not assignable to type 'number'.", 0), diag("Type 'string' is not assignable to type 'number'.", 1)],
      0,
    );
    t.changed(URI, text.replace('"y"', '2'));
    t.diagnostics(URI, [diag("Type 'string' is not assignable to type 'number'.", 0)], 5);
    const [c] = t.takeCandidates(100);
    assert.equal(c?.anchorLine, 1);
  });

  test('huge edits are not learned; warnings are ignored', () => {
    const t = new DiagnosticCaptureTracker({ windowMs: 10, maxChangedLines: 5 });
    t.opened(URI, 'typescript', BEFORE);
    t.diagnostics(URI, [ERR, diag('unused', 0, { severity: 'warning' })], 0);
    t.changed(URI, Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n'));
    t.diagnostics(URI, [], 5);
    assert.deepEqual(t.takeCandidates(100), []);
  });

  test('unknown files are ignored', () => {
    const t = new DiagnosticCaptureTracker();
    t.diagnostics('file:///nowhere.ts', [ERR], 0);
    t.changed('file:///nowhere.ts', 'x');
    assert.deepEqual(t.takeCandidates(10_000), []);
  });
});
