// The whole flow at the core level: an error cleared by an edit is learned, the same error in
// another file (other names) finds the fix, it adapts and applies, and verification counts it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticCaptureTracker } from '../../../src/core/fixes/diagnosticCapture';
import { adaptLearnedFix } from '../../../src/core/fixes/fixAdaptation';
import { FixStore } from '../../../src/core/fixes/fixStore';
import { InMemoryFixRepository } from '../../../src/core/fixes/fixRepository';
import { FixVerificationTracker } from '../../../src/core/fixes/fixVerification';
import { findKnownFixes, formatKnownFixes } from '../../../src/core/fixes/knownFixes';
import { newFixFromCandidate, newManualFix } from '../../../src/core/fixes/manualFix';
import { applyTextEdits } from '../../../src/core/fixes/textEdits';
import { T0, diag } from '../../support/fixes/builders';

const A = 'file:///w/src/a.ts';
const B = 'file:///w/src/b.ts';

describe('learned fix flow', () => {
  test('learn in one file, offer, adapt and verify in another', async () => {
    const store = await FixStore.open(new InMemoryFixRepository());
    const capture = new DiagnosticCaptureTracker({ windowMs: 100 });
    const aBefore = 'export function total(items: Item[]) {\n  const sum: number = items.length.toString();\n  return sum;\n}\n';
    const aAfter = 'export function total(items: Item[]) {\n  const sum: number = Number(items.length.toString());\n  return sum;\n}\n';
    capture.opened(A, 'typescript', aBefore);
    capture.diagnostics(A, [diag("Type 'string' is not assignable to type 'number'.", 1)], T0);
    capture.changed(A, aAfter);
    capture.diagnostics(A, [], T0 + 50);
    const [candidate] = capture.takeCandidates(T0 + 200);
    assert.ok(candidate);
    const learned = await store.learn(newFixFromCandidate(candidate, 'src/a.ts'));
    assert.equal(learned.origin, 'diagnostic');

    // The same error in b.ts, with other names around it.
    const bText =
      'import { Item } from "./item";\n\nexport function total(items: Item[]) {\n  const sum: number = items.length.toString();\n  return sum;\n}\n';
    const bDiag = diag("Type 'string' is not assignable to type 'number'.", 3);
    const [match] = store.lookup({ message: bDiag.message, source: 'ts', code: 2322, languageId: 'typescript', file: B });
    assert.equal(match?.record.id, learned.id);
    store.offered([learned.id]);
    const adapted = adaptLearnedFix(learned, { documentText: bText, diagnostic: bDiag, languageId: 'typescript' });
    assert.ok(adapted.ok);
    const fixed = applyTextEdits(bText, adapted.edits);
    assert.match(fixed, /const sum: number = Number\(items\.length\.toString\(\)\);/);
    await store.applied(learned.id, T0 + 1000);

    const verify = new FixVerificationTracker({ settleMs: 500, clearTimeoutMs: 500 });
    verify.applied({ fixId: learned.id, uri: B, languageId: 'typescript', signatureKey: learned.signature.key, line: 3 }, T0 + 1000);
    verify.diagnostics(B, [], T0 + 1100);
    for (const o of verify.takeOutcomes(T0 + 1700)) await store.outcome(o.fixId, o.outcome, T0 + 1700);
    await store.flush(T0 + 1800);
    assert.deepEqual(store.get(learned.id)?.counts, { offered: 1, applied: 1, succeeded: 1, failed: 0 });

    const known = findKnownFixes(store, [{ message: bDiag.message, source: 'ts', code: 2322, languageId: 'typescript', file: 'src/b.ts' }]);
    assert.equal(known.length, 1);
    const brief = formatKnownFixes(known);
    assert.match(brief, /Known fixes/);
    assert.match(brief, /\+  const sum: number = Number/);
    assert.match(brief, /src\/b\.ts/);
    assert.equal(formatKnownFixes([]), '');
    assert.ok(formatKnownFixes(known, 60).length <= 60);
  });

  test('a fix remembered by hand', async () => {
    const fix = newManualFix({
      error: { message: "Cannot find name 'z'.", source: 'ts', code: 2304, file: 'src/c.ts' },
      before: 'use(z);\n',
      after: 'const z = 1;\nuse(z);\n',
      line: 0,
      title: 'Declare it',
      now: T0,
    });
    assert.ok(fix);
    const store = await FixStore.open(new InMemoryFixRepository());
    const r = await store.learn(fix);
    assert.deepEqual([r.origin, r.title, r.anchorLine, r.signature.language], ['manual', 'Declare it', 0, 'typescript']);
    assert.equal(newManualFix({ error: { message: 'x' }, before: 'a', after: 'a', now: T0 }), undefined);
  });
});
