// Each exact-tier rewrite, with the matcher's decisions on probe calls before and after.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { consolidate } from '../../../src/core/permissions/consolidate';
import type { RuleLists } from '../../../src/core/permissions/types';
import { assertSameDecisions, bash, lists } from '../../support/permissions/helpers';

function run(input: Partial<RuleLists<string>>): { out: RuleLists<string>; kinds: string[]; reasons: string[] } {
  const before = lists(input);
  const r = consolidate(before);
  assert.deepEqual(r.verification.mismatches, []);
  assert.equal(r.verification.reverted, 0);
  assertSameDecisions(before, r.rules);
  return { out: r.rules, kinds: r.changes.map((c) => c.kind), reasons: r.changes.map((c) => c.reason) };
}

describe('exact tier', () => {
  test('exact duplicates', () => {
    const { out, kinds } = run({ allow: ['Bash(ls *)', 'Bash(ls *)', 'WebSearch', 'WebSearch'] });
    assert.deepEqual(out.allow, ['Bash(ls *)', 'WebSearch']);
    assert.deepEqual(kinds, ['duplicate', 'duplicate']);
  });
  test('legacy :* normalised to " *" (and then a duplicate)', () => {
    const { out, kinds } = run({ allow: ['Bash(git add:*)', 'Bash(npm test:*)', 'Bash(npm test *)'], deny: ['Bash(rm -rf:*)'] });
    assert.deepEqual(out.allow, ['Bash(git add *)', 'Bash(npm test *)']);
    assert.deepEqual(out.deny, ['Bash(rm -rf *)']);
    assert.deepEqual(kinds.sort(), ['duplicate', 'normalizeLegacy', 'normalizeLegacy']);
  });
  test('a middle :* is left alone', () => {
    assert.deepEqual(run({ allow: ['Bash(git:* push)'] }).out.allow, ['Bash(git:* push)']);
  });
  test('subsumed: prefix, bare sibling, wildcard, tool-wide', () => {
    const { out } = run({
      allow: [
        'Bash(git stash push:*)',
        'Bash(git stash:*)',
        'Bash(uname)',
        'Bash(uname *)',
        'Bash(npx astro add:*)',
        'Bash(npx:*)',
        'Bash(gh pr list --json x)',
        'Bash(gh * list *)',
        'Read',
        'Read(//tmp/**)',
        'Bash(python -c ":*)',
        'Bash(python:*)',
      ],
    });
    assert.deepEqual(out.allow, ['Bash(git stash *)', 'Bash(uname *)', 'Bash(npx *)', 'Bash(gh * list *)', 'Read', 'Bash(python *)']);
  });
  test('subsumed: paths, domains, MCP server over tools', () => {
    const { out } = run({
      allow: [
        'Read(//c/Users/X/AppData/Local/**)',
        'Read(//c/Users/X/**)',
        'Edit(src/a.ts)',
        'Edit(src/**)',
        'WebFetch(domain:api.example.com)',
        'WebFetch(domain:*.example.com)',
        'WebFetch(domain:example.com)',
        'mcp__playwright__browser_navigate',
        'mcp__playwright__*',
        'mcp__idea__get_file',
        'mcp__idea__get_*',
      ],
    });
    assert.deepEqual(out.allow, [
      'Read(//c/Users/X/**)',
      'Edit(src/**)',
      'WebFetch(domain:*.example.com)',
      'WebFetch(domain:example.com)',
      'mcp__playwright__*',
      'mcp__idea__get_*',
    ]);
  });
  test('bare WebFetch does not replace domain rules (they feed the sandbox network list)', () => {
    assert.deepEqual(run({ allow: ['WebFetch', 'WebFetch(domain:github.com)'] }).out.allow, ['WebFetch', 'WebFetch(domain:github.com)']);
  });
  test('anchors are never mixed', () => {
    assert.deepEqual(run({ allow: ['Read(/src/**)', 'Read(src/**)', 'Read(~/x/**)', 'Read(//home/user/x/**)'] }).out.allow.length, 4);
  });
  test('allows shadowed by a deny or ask', () => {
    const { out, kinds } = run({
      allow: ['Bash(git push origin main)', 'Bash(git status)', 'Edit(.env)', 'mcp__gh__delete'],
      ask: ['Bash(git push *)'],
      deny: ['Read(**/.env)', 'mcp__gh'],
    });
    assert.deepEqual(out.allow, ['Bash(git status)']);
    assert.deepEqual(kinds, ['shadowed', 'shadowed', 'shadowed']);
  });
  test('dead allow rules: fragments, compound, never-consulted paths, non-canonical names', () => {
    const { out, reasons } = run({
      allow: [
        'Bash(do)',
        'Bash(done)',
        'Bash(for f in a b)',
        'Bash(cd x && npm test)',
        'Bash(ls | wc)',
        'Write(//tmp/**)',
        'MultiEdit(x)',
        'Fetch(*)',
        'Web Search(*)',
        'mcp__x(y)',
        'Bash(# note ls)',
        'Bash(npm test)',
      ],
    });
    assert.deepEqual(out.allow, ['Bash(npm test)']);
    assert.ok(reasons.every((r) => r.startsWith('never matches')));
  });
  test('deny and ask are never dropped unless covered in their own list', () => {
    const input = {
      deny: ['Write(.env)', 'Bash(do)', 'Bash(git push --force *)', 'Bash(git push *--force*)', 'Fetch(*)'],
      ask: ['Bash(cd x && rm y)'],
    };
    const { out } = run(input);
    assert.deepEqual(out.deny, ['Write(.env)', 'Bash(do)', 'Bash(git push *--force*)', 'Fetch(*)']);
    assert.deepEqual(out.ask, input.ask);
  });
  test('exec wrappers: an exact allow is not replaced by a prefix rule', () => {
    assert.deepEqual(run({ allow: ['Bash(watch date)', 'Bash(watch *)'] }).out.allow, ['Bash(watch date)', 'Bash(watch *)']);
  });
  test('env-prefixed rules are not covered by the bare program rule', () => {
    assert.deepEqual(run({ allow: ['Bash(AWS_PROFILE=x aws *)', 'Bash(aws *)'] }).out.allow.length, 2);
    const { out } = run({ allow: ['Bash(NODE_ENV=test npm test)', 'Bash(npm test)'] });
    assert.equal(out.allow.length, 2);
  });
  test('unparsed rules are kept verbatim and reported', () => {
    const r = consolidate(lists({ allow: ['WebFetch(https://x.y/z)', 'Bash(unclosed'] }));
    assert.deepEqual(r.rules.allow, ['WebFetch(https://x.y/z)', 'Bash(unclosed']);
    assert.ok(r.findings.filter((f) => f.kind === 'unparsed').length === 2);
  });
  test('extra probes agree for a mixed file', () => {
    const before = lists({
      allow: ['Bash(git *)', 'Bash(git worktree remove *)', 'Bash(ls:*)', 'Bash(ls)'],
      deny: ['Bash(git push --force *)'],
    });
    const r = consolidate(before);
    assertSameDecisions(before, r.rules, [bash('git worktree remove x'), bash('git push --force'), bash('ls -R')]);
    assert.deepEqual(r.rules.allow, ['Bash(git *)', 'Bash(ls *)']);
  });
});
