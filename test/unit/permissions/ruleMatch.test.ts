// matchesRule (one rule, no index) answers exactly as findMatch does for a list holding that rule
// alone, on seeded random rules and the probe calls derived from them: the exact tier's check
// relies on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileRuleSet, findMatch } from '../../../src/core/permissions/matcher';
import { FIXED_PROBES, describeCall, probesForRule } from '../../../src/core/permissions/probes';
import { matchesRule } from '../../../src/core/permissions/ruleMatch';
import { parseRule } from '../../../src/core/permissions/ruleParser';
import type { ListName } from '../../../src/core/permissions/types';

const WORDS = [
  'git',
  'add',
  'push',
  '--force',
  'npm',
  'run',
  'ls',
  '-la',
  'x',
  'src/a.ts',
  'rm',
  'timeout',
  '5',
  'FOO=1',
  'do',
  'echo',
  '"a b"',
  '&&',
  '|',
  'find',
  '-delete',
  'watch',
  'Get-ChildItem',
  'gci',
];
const OTHER = [
  'Read(src/**)',
  'Read(.env)',
  'Edit(src/**)',
  'Edit(//tmp/**)',
  'Read(//tmp/**)',
  'Read(**/*.ts)',
  'Edit(*.ts)',
  'Write(x)',
  'Read(~/x/**)',
  'Edit(/src/**)',
  'WebFetch(domain:*.a.com)',
  'WebFetch(domain:b.a.com)',
  'WebFetch(domain:a*.com)',
  'WebFetch',
  'WebFetch(domain:*)',
  'mcp__s',
  'mcp__s__t',
  'mcp__s__g_*',
  'mcp__*',
  '*',
  'Bash',
  'Bash(*)',
  'Read',
  'Edit',
  'Skill(x)',
  'Skill(x *)',
  'Agent(P)',
  'Task(P)',
  'Bash(run_in_background:true)',
  'Agent(model:opus)',
  'Fetch(*)',
  'PowerShell(Get-ChildItem *)',
  'PowerShell(gci)',
];
const ruleArb = fc.oneof(
  fc.constantFrom(...OTHER),
  fc
    .tuple(
      fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }),
      fc.constantFrom('', ' *', ':*', '*', ' * x'),
      fc.constantFrom('Bash', 'PowerShell'),
    )
    .map(([w, tail, tool]) => `${tool}(${w.join(' ')}${tail})`),
);

test('matchesRule agrees with findMatch on a one-rule list', () => {
  fc.assert(
    fc.property(ruleArb, ruleArb, fc.constantFrom<ListName>('allow', 'ask', 'deny'), (raw, other, list) => {
      const rule = parseRule(raw, list);
      const compiled = compileRuleSet({ [list]: [rule] })[list];
      const calls = [...probesForRule(rule), ...probesForRule(parseRule(other, list)), ...FIXED_PROBES];
      for (const call of calls) {
        assert.equal(matchesRule(rule, list, call), findMatch(compiled, call) !== undefined, `${list} ${raw} on ${describeCall(call)}`);
      }
    }),
    { numRuns: 600 },
  );
});
