// The matcher check of the exact tier: each change's claim (a cover matches every probe the
// removed rule matched, a dead rule matches none, `x:*` means `x *`) is checked on its probes, and
// a change whose claim is false is caught and reverted, whatever tier produced it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChanges, consolidate } from '../../../src/core/permissions/consolidate';
import type { Change } from '../../../src/core/permissions/consolidationTypes';
import { verifyChanges } from '../../../src/core/permissions/verify';
import type { RuleLists } from '../../../src/core/permissions/types';
import { lists } from '../../support/permissions/helpers';

/** The lists with the changes' rules removed and added, cover or not (as a buggy tier would have produced them). */
function applied(before: RuleLists<string>, changes: Change[]): RuleLists<string> {
  const out: RuleLists<string> = { allow: [...before.allow], ask: [...before.ask], deny: [...before.deny] };
  for (const c of changes) {
    out[c.list] = out[c.list].filter((r) => !c.removed.includes(r));
    for (const a of c.added) if (!out[c.list].includes(a)) out[c.list].push(a);
  }
  return out;
}

function check(before: RuleLists<string>, changes: Change[], buggy = false): ReturnType<typeof verifyChanges> {
  return verifyChanges(before, buggy ? applied(before, changes) : applyChanges(before, changes), changes);
}

const exact = (c: Omit<Change, 'tier' | 'added' | 'reason'> & { added?: string[] }): Change => ({
  tier: 'exact',
  added: [],
  reason: 'test',
  ...c,
});

describe('the exact tier check', () => {
  test('a true claim passes: subsumed, duplicate, legacy rename, dead, shadowed', () => {
    const before = lists({
      allow: ['Bash(git add .)', 'Bash(git add *)', 'Bash(ls)', 'Bash(ls)', 'Bash(npm test:*)', 'Bash(done)', 'Bash(rm -rf x)'],
      deny: ['Bash(rm *)'],
    });
    const changes = [
      exact({ kind: 'subsumed', list: 'allow', removed: ['Bash(git add .)'], coveredBy: 'Bash(git add *)' }),
      exact({ kind: 'duplicate', list: 'allow', removed: ['Bash(ls)'], coveredBy: 'Bash(ls)' }),
      exact({ kind: 'normalizeLegacy', list: 'allow', removed: ['Bash(npm test:*)'], added: ['Bash(npm test *)'] }),
      exact({ kind: 'dead', list: 'allow', removed: ['Bash(done)'] }),
      exact({ kind: 'shadowed', list: 'allow', removed: ['Bash(rm -rf x)'], coveredBy: 'Bash(rm *)', coveredByList: 'deny' }),
    ];
    const r = check(before, changes);
    assert.deepEqual(r.mismatches, []);
    assert.equal(r.bad.size, 0);
    assert.ok(r.probes > 0);
  });

  const falseClaims: [string, RuleLists<string>, Change][] = [
    [
      'a cover that does not cover',
      lists({ allow: ['Bash(git push origin main)', 'Bash(git add *)'] }),
      exact({ kind: 'subsumed', list: 'allow', removed: ['Bash(git push origin main)'], coveredBy: 'Bash(git add *)' }),
    ],
    [
      'a "dead" rule that matches',
      lists({ allow: ['Bash(npm test)'] }),
      exact({ kind: 'dead', list: 'allow', removed: ['Bash(npm test)'] }),
    ],
    [
      'a rename that changes the meaning',
      lists({ allow: ['Bash(npm test:*)'] }),
      exact({ kind: 'normalizeLegacy', list: 'allow', removed: ['Bash(npm test:*)'], added: ['Bash(npm *)'] }),
    ],
    [
      'a deny "covered" by an allow rule',
      lists({ allow: ['Bash(rm *)'], deny: ['Bash(rm -rf /)'] }),
      exact({ kind: 'subsumed', list: 'deny', removed: ['Bash(rm -rf /)'], coveredBy: 'Bash(rm *)' }),
    ],
    [
      'a shadowed allow whose deny does not match it',
      lists({ allow: ['Bash(curl x)'], deny: ['Bash(rm *)'] }),
      exact({ kind: 'shadowed', list: 'allow', removed: ['Bash(curl x)'], coveredBy: 'Bash(rm *)', coveredByList: 'deny' }),
    ],
    [
      'a Read deny removed under an unrelated path',
      lists({ deny: ['Read(**/.env)', 'Read(//tmp/**)'] }),
      exact({ kind: 'subsumed', list: 'deny', removed: ['Read(**/.env)'], coveredBy: 'Read(//tmp/**)' }),
    ],
  ];
  for (const [why, before, change] of falseClaims) {
    test(`a false claim is caught: ${why}`, () => {
      const r = check(before, [change], true);
      assert.ok(r.mismatches.length > 0, why);
      assert.ok(r.bad.has(change));
    });
  }

  test('a removed cover is followed to the rule that stands for it (renamed, then subsumed)', () => {
    const before = lists({ allow: ['Bash(git add .)', 'Bash(git add:*)', 'Bash(git *)'] });
    const changes = [
      exact({ kind: 'normalizeLegacy', list: 'allow', removed: ['Bash(git add:*)'], added: ['Bash(git add *)'] }),
      exact({ kind: 'subsumed', list: 'allow', removed: ['Bash(git add .)'], coveredBy: 'Bash(git add *)' }),
      exact({ kind: 'subsumed', list: 'allow', removed: ['Bash(git add *)'], coveredBy: 'Bash(git *)' }),
    ];
    assert.deepEqual(check(before, changes).mismatches, []);
  });

  test('with pruning on, only a pruned rule may turn an allow into a prompt', () => {
    const before = lists({ allow: ['Bash(kill 33668)', 'Bash(npm test)', 'Bash(git status --short)'] });
    const prune: Change = { tier: 'prune', kind: 'oneOff', list: 'allow', removed: ['Bash(kill 33668)'], added: [], reason: 'test' };
    const bogus = exact({ kind: 'subsumed', list: 'allow', removed: ['Bash(npm test)'], coveredBy: 'Bash(git status --short)' });
    const r = verifyChanges(before, applied(before, [prune, bogus]), [prune, bogus]);
    assert.ok(r.bad.has(bogus), 'the wrong removal is caught');
    assert.ok(!r.bad.has(prune), 'the pruned one-off is accepted');
  });

  test('consolidate reverts a change the check rejects and still applies the others', () => {
    // A real run has no false claim; the check is the net under the tiers: the rules it keeps decide alike.
    const r = consolidate(lists({ allow: ['Bash(ls)', 'Bash(ls)', 'Bash(git add .)', 'Bash(git add *)'] }));
    assert.deepEqual(applyChanges(lists({ allow: ['Bash(ls)', 'Bash(ls)', 'Bash(git add .)', 'Bash(git add *)'] }), r.changes), r.rules);
    assert.deepEqual(r.rules.allow, ['Bash(ls)', 'Bash(git add *)']);
    assert.equal(r.verification.reverted, 0);
    assert.ok(r.verification.probes > 0);
  });
});
