// The public API as the integrator will call it, through the index module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChanges, consolidate } from '../../../src/core/permissions/consolidate';
import { decide } from '../../../src/core/permissions/matcher';
import { parseRule } from '../../../src/core/permissions/ruleParser';
import { renderSettingsFile } from '../../../src/core/permissions/settingsFile';

test('parse, decide, consolidate, render through the index', () => {
  assert.equal(parseRule('Bash(git add:*)').form.kind, 'command');
  const rules = { allow: ['Bash(git add:*)', 'Bash(git add .)', 'Bash(do)'], ask: [], deny: ['Bash(rm *)'] };
  assert.equal(decide(rules, { tool: 'Bash', command: 'git add . && rm -rf x' }), 'deny');
  const r = consolidate(rules);
  assert.deepEqual(r.rules.allow, ['Bash(git add *)']);
  assert.deepEqual(applyChanges(rules, r.changes), r.rules);
  assert.ok(r.changes.every((c) => c.reason.length > 0));
  const text = renderSettingsFile(
    '{\n  "permissions": {\n    "allow": ["Bash(git add:*)", "Bash(git add .)", "Bash(do)"],\n    "deny": ["Bash(rm *)"]\n  }\n}\n',
    r.rules,
  );
  assert.equal(text, '{\n  "permissions": {\n    "allow": ["Bash(git add *)"],\n    "deny": ["Bash(rm *)"]\n  }\n}\n');
});
