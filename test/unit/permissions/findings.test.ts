// Findings as the user reads them: the right list named in conflicts, one truth per rule (a rule
// is either removed or kept, never both), ambiguous rules kept with the reason, and secrets masked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { consolidate } from '../../../src/core/permissions/consolidate';
import { lists } from '../../support/permissions/helpers';

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

describe('one truth per rule', () => {
  test('Fetch(*) in allow is removed as never matching and not also reported as kept verbatim', () => {
    const r = consolidate(lists({ allow: ['Fetch(*)', 'Bash(ls *)'] }));
    assert.ok(!r.rules.allow.includes('Fetch(*)'));
    assert.match(r.changes.find((c) => c.removed.includes('Fetch(*)'))?.reason ?? '', /never matches.*WebFetch/);
    const about = r.findings.filter((f) => f.rule === 'Fetch(*)');
    assert.deepEqual(
      about.filter((f) => /kept/.test(f.message)),
      [],
      JSON.stringify(about),
    );
  });
  test('Fetch(*) in deny is kept and said to be kept', () => {
    const r = consolidate(lists({ deny: ['Fetch(*)'] }));
    assert.deepEqual(r.rules.deny, ['Fetch(*)']);
    assert.match(r.findings.find((f) => f.rule === 'Fetch(*)')?.message ?? '', /kept/);
  });
  test('a finding about a rule that is removed says so', () => {
    const r = consolidate(lists({ allow: ['Bash(python -c ":*)', 'Bash(python *)'] }));
    assert.ok(!r.rules.allow.some((x) => x.startsWith('Bash(python -c')));
    const open = r.findings.find((f) => f.kind === 'openQuote');
    assert.match(open?.message ?? '', /this consolidation removes the rule: already covered by Bash\(python \*\)/);
  });
});

describe('ambiguous rules', () => {
  test('Bash(timeout:*) is kept verbatim in every tier, with a finding that says why', () => {
    for (const generalize of [false, true]) {
      const r = consolidate(lists({ allow: ['Bash(timeout:*)', 'Bash(npm test)'] }), { generalize });
      assert.ok(r.rules.allow.includes('Bash(timeout:*)'), JSON.stringify(r.changes));
      assert.ok(!r.changes.some((c) => c.removed.includes('Bash(timeout:*)')));
      const f = r.findings.find((x) => x.rule === 'Bash(timeout:*)');
      assert.equal(f?.kind, 'ambiguous');
      assert.match(f?.message ?? '', /legacy prefix form of the `timeout` command.*`timeout` parameter/);
      assert.match(f?.message ?? '', /kept verbatim/);
    }
  });
  test('Bash(timeout:*) neither covers nor is covered by other rules', () => {
    const r = consolidate(lists({ allow: ['Bash(timeout:*)', 'Bash(timeout 5 npm test)', 'Bash(timeout *)'] }));
    assert.ok(r.rules.allow.includes('Bash(timeout:*)'));
    assert.ok(r.rules.allow.includes('Bash(timeout *)'));
  });
  test('an unambiguous parameter rule stays a parameter rule', () => {
    const r = consolidate(lists({ deny: ['Bash(run_in_background:true)'] }));
    assert.deepEqual(r.rules.deny, ['Bash(run_in_background:true)']);
    assert.ok(!r.findings.some((f) => f.kind === 'ambiguous'));
  });
});
