// "Always Allow…" support: the rule proposed for one call at a sensible generality (under the risk
// policy), what it newly allows, and adding it to a settings file so the file stays consolidated.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addRuleConsolidated, proposeRuleFor } from '../../../src/core/permissions/alwaysAllow';
import { decide } from '../../../src/core/permissions/matcher';
import { parseSettingsText } from '../../../src/core/permissions/settingsFile';
import { bash, lists } from '../../support/permissions/helpers';

describe('proposeRuleFor', () => {
  test('npm test -- --watch → Bash(npm test *), with what it newly allows', () => {
    const p = proposeRuleFor(bash('npm test -- --watch'));
    assert.deepEqual(p.rules, ['Bash(npm test *)']);
    assert.match(p.extraCoverage, /Bash\(npm test \*\) also allows the test script with any arguments/);
    assert.equal(decide(lists({ allow: p.rules }), bash('npm test -- --watch')), 'allow');
  });
  test('the risk policy keeps risky commands exact: git push, rm, sudo, kill, python -c, npm install', () => {
    for (const command of [
      'git push origin main',
      'rm -rf build',
      'sudo apt update',
      'kill 4312',
      'python -c "print(1)"',
      'npm install zod',
    ]) {
      const p = proposeRuleFor(bash(command));
      assert.deepEqual(p.rules, [`Bash(${command})`], command);
      assert.equal(p.extraCoverage, '', command);
    }
    assert.match(proposeRuleFor(bash('git push origin main')).reasons[0] ?? '', /risk policy never widens "git push/);
  });
  test('a compound command: one rule per command, wrappers stripped, read-only commands left out', () => {
    const p = proposeRuleFor(bash('timeout 60 npm run build && cargo test -p core | grep ok'));
    assert.deepEqual(p.rules, ['Bash(npm run build *)', 'Bash(cargo test *)']);
    assert.ok(p.reasons.some((r) => /grep ok.*no rule needed/.test(r)));
    assert.equal(
      decide(lists({ allow: p.rules }), bash('timeout 60 npm run build && cargo test -p core | grep ok'), undefined, {
        builtinReadOnly: true,
      }),
      'allow',
    );
  });
  test("other tools: a file's folder for Read, the file for Edit, the host for WebFetch, the tool for MCP", () => {
    assert.deepEqual(proposeRuleFor({ tool: 'Read', path: '/home/ana/notes/a.md' }).rules, ['Read(//home/ana/notes/**)']);
    assert.deepEqual(proposeRuleFor({ tool: 'Write', path: '/w/src/a.ts' }).rules, ['Edit(//w/src/a.ts)']);
    assert.deepEqual(proposeRuleFor({ tool: 'WebFetch', url: 'https://Docs.Example.com/x?y' }).rules, [
      'WebFetch(domain:docs.example.com)',
    ]);
    assert.deepEqual(proposeRuleFor({ tool: 'mcp__github__get_issue' }).rules, ['mcp__github__get_issue']);
  });
  test('an unparseable command gets no rule (no allow rule approves it)', () => {
    assert.deepEqual(proposeRuleFor(bash('npm test &&')).rules, []);
  });
});

describe('addRuleConsolidated', () => {
  const file = `{
  // mine
  "permissions": {
    "allow": [
      "Bash(npm test)",
      "Bash(npm test --watch)",
      "Bash(git status)"
    ],
    "deny": ["Bash(rm *)"]
  },
  "model": "opus"
}
`;
  test('adds the rule and removes the rules it covers; the rest of the file is untouched', () => {
    const r = addRuleConsolidated(file, 'allow', 'Bash(npm test *)');
    assert.ok(r.added);
    assert.deepEqual(
      r.changes.map((c) => c.removed[0]),
      ['Bash(npm test)', 'Bash(npm test --watch)'],
    );
    const read = parseSettingsText(r.newText, 'x');
    assert.ok(read.ok);
    assert.deepEqual(read.lists.allow, ['Bash(git status)', 'Bash(npm test *)']);
    assert.match(r.newText, /\/\/ mine/);
    assert.match(r.newText, /"model": "opus"/);
  });
  test('a rule already covered is not added again', () => {
    const once = addRuleConsolidated(file, 'allow', 'Bash(npm test *)').newText;
    const twice = addRuleConsolidated(once, 'allow', 'Bash(npm test -- --coverage)');
    assert.equal(twice.added, false);
    assert.equal(twice.newText, once);
    assert.match(twice.reason, /already covered by Bash\(npm test \*\)/);
  });
  test('an allow a deny rule would decide first is not added', () => {
    const r = addRuleConsolidated(file, 'allow', 'Bash(rm -rf build)');
    assert.equal(r.added, false);
    assert.match(r.reason, /deny rule Bash\(rm \*\) is checked first/);
  });
  test('an empty file gets a permissions object', () => {
    const r = addRuleConsolidated('', 'allow', 'Bash(npm test *)');
    assert.deepEqual(JSON.parse(r.newText), { permissions: { allow: ['Bash(npm test *)'] } });
  });
});
