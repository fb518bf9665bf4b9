import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FixVerificationTracker } from '../../../src/core/fixes/fixVerification';
import { errorSignature } from '../../../src/core/fixes/signature';
import { diag } from '../../support/fixes/builders';

const URI = 'file:///w/a.ts';
const MESSAGE = "Type 'string' is not assignable to type 'number'.";
const KEY = errorSignature({ message: MESSAGE, source: 'ts', code: 2322, languageId: 'typescript' }).key;
const applied = { fixId: 'f1', uri: URI, languageId: 'typescript', signatureKey: KEY, line: 4 };

function tracker(): FixVerificationTracker {
  const t = new FixVerificationTracker({ settleMs: 1000, clearTimeoutMs: 500 });
  t.applied(applied, 0);
  return t;
}

describe('fix verification', () => {
  test('gone and staying gone for the settle time: succeeded, once', () => {
    const t = tracker();
    t.diagnostics(URI, [diag(MESSAGE, 4)], 10);
    t.diagnostics(URI, [], 50);
    assert.deepEqual(t.takeOutcomes(900), []);
    assert.deepEqual(t.takeOutcomes(1050), [{ fixId: 'f1', uri: URI, outcome: 'succeeded' }]);
    assert.deepEqual(t.takeOutcomes(5000), []);
    assert.equal(t.watching, 0);
  });

  test('coming back before it settled: failed', () => {
    const t = tracker();
    t.diagnostics(URI, [], 50);
    t.diagnostics(URI, [diag("Type 'Foo' is not assignable to type 'number'.", 5)], 300);
    assert.deepEqual(t.takeOutcomes(301), [{ fixId: 'f1', uri: URI, outcome: 'failed' }]);
  });

  test('never clearing within the timeout: failed', () => {
    const t = tracker();
    t.diagnostics(URI, [diag(MESSAGE, 4)], 10);
    assert.deepEqual(t.takeOutcomes(400), []);
    assert.deepEqual(t.takeOutcomes(600), [{ fixId: 'f1', uri: URI, outcome: 'failed' }]);
  });

  test('another error, or the same error far away, does not count against it', () => {
    const t = tracker();
    t.diagnostics(URI, [diag("Cannot find name 'x'.", 4, { code: 2304 }), diag(MESSAGE, 40)], 20);
    assert.deepEqual(t.takeOutcomes(1100), [{ fixId: 'f1', uri: URI, outcome: 'succeeded' }]);
  });

  test('closing the file before it cleared drops the watch; after it cleared keeps it', () => {
    const t = tracker();
    t.closed(URI);
    assert.deepEqual(t.takeOutcomes(10_000), []);
    const u = tracker();
    u.diagnostics(URI, [], 5);
    u.closed(URI);
    assert.deepEqual(
      u.takeOutcomes(2000).map((o) => o.outcome),
      ['succeeded'],
    );
  });
});
