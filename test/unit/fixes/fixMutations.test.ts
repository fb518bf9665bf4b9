import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixMutation, applyFixMutations } from '../../../src/core/fixes/fixMutations';
import { HISTORY_LIMIT, fixId } from '../../../src/core/fixes/fixRecord';
import { T0, makeFix, numberedDiff } from '../../support/fixes/builders';

describe('fix mutations', () => {
  test('do not modify their input', () => {
    const records = [makeFix()];
    const frozen = JSON.stringify(records);
    applyFixMutations(records, [
      { kind: 'count', deltas: [{ id: records[0]?.id ?? '', applied: 1 }], at: T0 },
      { kind: 'delete', ids: [records[0]?.id ?? ''] },
    ]);
    assert.equal(JSON.stringify(records), frozen);
  });

  test('counts ignore unknown ids and negative deltas; rev increases', () => {
    const r = makeFix();
    const [next] = applyFixMutation([r], {
      kind: 'count',
      deltas: [
        { id: r.id, offered: 2, failed: -5 },
        { id: 'nope', applied: 1 },
      ],
      at: T0 + 1,
    });
    assert.deepEqual(next?.counts, { offered: 2, applied: 0, succeeded: 0, failed: 0 });
    assert.equal(next?.rev, r.rev + 1);
    assert.equal(next?.lastUsedAt, r.lastUsedAt, 'offering is not using');
  });

  test('history is capped', () => {
    let records = [makeFix()];
    for (let i = 0; i < 50; i++)
      records = applyFixMutation(records, { kind: 'count', deltas: [{ id: records[0]?.id ?? '', applied: 1 }], at: T0 + i });
    assert.equal(records[0]?.history.length, HISTORY_LIMIT);
    assert.equal(records[0]?.counts.applied, 50);
  });

  test('fix ids ignore whitespace changes of the diff, not content', () => {
    assert.equal(fixId('k', '@@ -1 +1 @@\n-a  \n+b\n'), fixId('k', '@@ -1 +1 @@\n-  a\n+b\n'));
    assert.notEqual(fixId('k', numberedDiff(1)), fixId('k', numberedDiff(2)));
    assert.notEqual(fixId('k1', numberedDiff(1)), fixId('k2', numberedDiff(1)));
  });
});
