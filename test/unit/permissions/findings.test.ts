// Findings as the user reads them: the right list named in conflicts, one truth per rule (a rule
// is either removed or kept, never both), ambiguous rules kept with the reason, and secrets masked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { consolidate } from '../../../src/core/permissions/consolidate';
import { lists } from './fixtures/helpers';

describe('conflict findings', () => {
  test('a legacy rule in both allow and deny is reported as allow and deny (deny wins), not ask', () => {
    const r = consolidate(lists({ allow: ['Bash(git diff:*)'], deny: ['Bash(git diff:*)'] }));
    const conflicts = r.findings.filter((f) => f.kind === 'conflict');
    assert.equal(conflicts.length, 1);
    assert.equal(conflicts[0]?.message, 'the same rule is in allow and deny; deny wins');
    assert.equal(conflicts[0]?.rule, 'Bash(git diff:*)', 'the rule as the file spells it');
    const shadowed = r.changes.find((c) => c.kind === 'shadowed');
    assert.match(shadowed?.reason ?? '', /the deny rule/);
  });
  test('covered by an ask rule names ask; by a legacy deny rule names deny with its text', () => {
    const ask = consolidate(lists({ allow: ['Bash(git push origin main)'], ask: ['Bash(git push:*)'] }));
    assert.match(ask.findings.find((f) => f.kind === 'conflict')?.message ?? '', /covered by the ask rule Bash\(git push:\*\)/);
    const deny = consolidate(lists({ allow: ['Bash(git push origin main)'], deny: ['Bash(git push:*)'], ask: ['Bash(git push *)'] }));
    assert.match(deny.findings.find((f) => f.kind === 'conflict')?.message ?? '', /covered by the deny rule Bash\(git push:\*\)/);
  });
});
