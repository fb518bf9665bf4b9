// The pruning tier (opt-in): every kind of one-off approval is removed with its evidence, the
// look-alikes that recur are kept, nothing is ever widened, no deny or ask decision changes, and it
// works together with the generalizing tier under the risk policy.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { consolidate } from '../../../src/core/permissions/consolidate';
import { decide } from '../../../src/core/permissions/matcher';
import { oneOffEvidence } from '../../../src/core/permissions/oneOffs';
import { DEFAULT_RISK_POLICY, normalizedWords, riskyWidening } from '../../../src/core/permissions/riskPolicy';
import { parseRule } from '../../../src/core/permissions/ruleParser';
import type { RuleLists } from '../../../src/core/permissions/types';
import { bash, corpusFiles, decisionsOf, lists, probesFor } from '../../support/permissions/helpers';
import { oneOffHeavy } from './fixtures/oneOffHeavy';
import { wild206 } from './fixtures/wild206';

function prune(allow: string[], opts: Parameters<typeof consolidate>[1] = {}): ReturnType<typeof consolidate> {
  const r = consolidate(lists({ allow }), { prune: true, ...opts });
  assert.deepEqual(r.verification.mismatches, []);
  return r;
}

describe('one-off evidence, kind by kind', () => {
  const cases: [string, string, string][] = [
    ['processId', 'kill 33668', '33668'],
    ['processId', 'kill -9 4312', '4312'],
    ['processId', 'taskkill //F //PID 18624', '18624'],
    ['processId', 'Stop-Process -Id 7321', '7321'],
    ['processId', 'ps -p 4321 -o pid,cmd', '4321'],
    ['commitHash', 'git show 951f5df', '951f5df'],
    ['commitHash', 'git diff a1b2c3d..e4f5a6b', 'a1b2c3d'],
    ['tempPath', 'cat /tmp/out.log/354', '/tmp/out.log/354'],
    ['tempPath', 'python scripts/export.py --out=/tmp/out.csv', '/tmp/out.csv'],
    ['tempPath', 'type C:\\Users\\ana\\AppData\\Local\\Temp\\build.txt', 'C:\\Users\\ana\\AppData\\Local\\Temp\\build.txt'],
    ['numericSuffix', 'rm build/Release/612', '612'],
    ['numericSuffix', 'tail -f logs/run-17123.log', 'run-17123.log'],
    ['date', 'git log --since=2024-05-01', '2024-05-01'],
    ['date', 'mv report.md report-20240501.md', '20240501'],
    ['timestamp', 'echo 1712345678', '1712345678'],
    ['timestamp', 'grep "2024-05-01T12:30:00" app.log', '2024-05-01T12:30:00'],
    ['ephemeralPort', 'curl -s http://localhost:3011/api/health', 'localhost:3011'],
    ['ephemeralPort', 'open http://127.0.0.1:5173', '127.0.0.1:5173'],
    ['ephemeralPort', 'lsof -i :3000', ':3000'],
    ['uuid', 'docker logs 3f2a9c1e-1b2c-4d5e-8f90-123456789abc', '3f2a9c1e-1b2c-4d5e-8f90-123456789abc'],
  ];
  for (const [kind, command, text] of cases) {
    test(`${kind}: ${command}`, () => {
      const ev = oneOffEvidence(command);
      assert.ok(
        ev.some((e) => e.kind === kind && e.text === text),
        JSON.stringify(ev),
      );
      const r = prune([`Bash(${command})`, 'Bash(npm test)']);
      assert.deepEqual(r.rules.allow, ['Bash(npm test)']);
      const c = r.changes.find((x) => x.tier === 'prune');
      assert.equal(c?.kind, 'oneOff');
      assert.ok(c?.evidence?.some((e) => e.kind === kind && e.text === text && e.why.length > 0));
      assert.ok(c?.reason.includes(`\`${text}\` is `), c?.reason);
      assert.match(c?.reason ?? '', /asked for again/);
    });
  }
  test('the reason reads like the evidence: `kill 33668`: a process id; it will not recur', () => {
    const c = prune(['Bash(kill 33668)']).changes[0];
    assert.equal(c?.reason, '`kill 33668`: `33668` is a process id; it will not recur; the command will be asked for again');
  });
});

describe('not one-offs: kept by the pruning tier', () => {
  const kept: [string, string][] = [
    ['a version in a package name', 'Bash(npm i lodash@4.17.21)'],
    ['port 443 in a real API URL', 'Bash(curl -s https://api.github.com:443/repos/x/y)'],
    ['a hash inside a path glob (Bash)', 'Bash(cat dist/assets/index-4f3a9c2b/*.js)'],
    ['a hash inside a path glob (Read)', 'Read(//home/ana/.cache/pip/wheels/ab/4f3a9c2b71/**)'],
    ['a version directory', 'Bash(ls ~/.nvm/versions/node/v18.17.0/bin)'],
    ['a test id', 'Bash(python -m pytest tests/test_orders.py::test_case_1 -v)'],
    ['a configured port option', 'Bash(npm run dev -- --port 3001)'],
    ['an issue number', 'Bash(gh issue view 3)'],
    ['a signal number alone', 'Bash(kill -9 %1)'],
    ['a prefix rule', 'Bash(kill *)'],
    ['a plain command', 'Bash(git status)'],
  ];
  for (const [why, rule] of kept) {
    test(why, () => {
      const r = prune([rule]);
      assert.deepEqual(r.rules.allow, [rule], JSON.stringify(r.changes));
    });
  }
  test('deny and ask rules are never pruned', () => {
    const r = consolidate(lists({ allow: ['Bash(npm test)'], deny: ['Bash(kill 1234)'], ask: ['Bash(git show 951f5df)'] }), {
      prune: true,
    });
    assert.deepEqual(r.rules.deny, ['Bash(kill 1234)']);
    assert.deepEqual(r.rules.ask, ['Bash(git show 951f5df)']);
  });
  test('off by default: nothing is pruned without the option', () => {
    const r = consolidate(lists({ allow: ['Bash(kill 33668)'] }));
    assert.deepEqual(r.rules.allow, ['Bash(kill 33668)']);
  });
});

describe('pruning with generalizing', () => {
  const ports = [3011, 3012, 3013, 3011, 3014].map((p, i) => `Bash(curl -s http://localhost:${p}/api/health${i})`);
  test('the risk policy decides: with the default, curl is not widened and the one-offs are pruned', () => {
    const r = consolidate(lists({ allow: ports }), { prune: true, generalize: true });
    assert.deepEqual(r.rules.allow, []);
    assert.ok(r.changes.every((c) => c.tier !== 'generalize' || c.added.length === 0));
  });
  test('with a policy that lets curl widen past a fixed URL, the ports of the moment collapse to Bash(curl -s http://localhost:*/*)', () => {
    // Not `…localhost:*)`: a rule ending in `:*` is the legacy prefix form (`curl -s http://localhost *`).
    // `curl +`: risky unless a fixed word follows, so `curl *` stays forbidden but `curl -s http://localhost:*` is not.
    const policy = { risky: [...DEFAULT_RISK_POLICY.risky.filter((x) => !x.startsWith('curl')), 'curl +'] };
    const r = consolidate(lists({ allow: ports }), { prune: true, generalize: true, riskPolicy: policy });
    assert.deepEqual(r.rules.allow, ['Bash(curl -s http://localhost:*/*)']);
    assert.equal(decide(lists({ allow: ['Bash(curl -s http://localhost:*)'] }), bash('curl -s http://localhost:4000/x')), 'none');
    const c = r.changes.find((x) => x.tier === 'generalize');
    assert.match(c?.extraCoverage ?? '', /also allows/);
    assert.equal(decide(r.rules, bash('curl -s http://localhost:4000/x')), 'allow');
    assert.equal(decide(r.rules, bash('curl -s https://evil.example/x')), 'none');
  });
  test('rm, sudo, kill and interpreters with -c are never widened, even with a permissive policy for curl', () => {
    const allow = [
      ...[1, 2, 3].map((i) => `Bash(rm build/Release/${600 + i})`),
      ...[1, 2, 3].map((i) => `Bash(sudo kill ${3000 + i})`),
      ...[1, 2, 3].map((i) => `Bash(kill ${4000 + i})`),
      ...[1, 2, 3].map((i) => `Bash(python -c "print(${i})")`),
    ];
    const r = consolidate(lists({ allow }), { prune: true, generalize: true });
    assert.deepEqual(
      r.changes.filter((c) => c.added.length > 0),
      [],
    );
  });
});

/** The guarantees of "done": nothing risky widened, no deny/ask decision changed, nothing new allowed outside the policy. */
function assertSafe(
  name: string,
  before: RuleLists<string>,
  after: RuleLists<string>,
  changes: ReturnType<typeof consolidate>['changes'],
): void {
  const widened = changes.filter((c) => c.tier === 'generalize').flatMap((c) => c.added);
  for (const raw of widened) {
    const rule = parseRule(raw, 'allow');
    if (rule.form.kind !== 'command') continue;
    const prefix = rule.form.pattern.literalPrefix.replace(/\s+$/, '');
    assert.equal(riskyWidening(normalizedWords(prefix), DEFAULT_RISK_POLICY), undefined, `${name}: ${raw} widens a risky command`);
    assert.ok(!/^(rm|sudo|kill|taskkill|bash -c|sh -c|python3? -c|node -e)\b/.test(prefix), `${name}: ${raw}`);
  }
  const calls = probesFor(before, after);
  const a = decisionsOf(before, calls, true);
  const b = decisionsOf(after, calls, true);
  const widenedSet = new Set(widened);
  const bad: string[] = [];
  for (const [call, d] of a) {
    const e = b.get(call);
    if ((d === 'deny' || d === 'ask') && e !== d) bad.push(`${call}: ${d} -> ${e ?? '?'}`);
    if (d !== 'deny' && d !== 'ask' && (e === 'deny' || e === 'ask')) bad.push(`${call}: ${d} -> ${e}`);
  }
  assert.deepEqual(bad, [], `${name}: a deny or ask decision changed`);
  // Newly allowed calls are allowed by a widened rule only (never by anything else).
  const newlyAllowed = [...a].filter(([call, d]) => d === 'none' && b.get(call) === 'allow').map(([call]) => call);
  if (newlyAllowed.length > 0)
    assert.ok(widenedSet.size > 0, `${name}: ${newlyAllowed.slice(0, 3).join(', ')} newly allowed without a widening`);
}

describe('done: sample lists through --generalize --prune', () => {
  const samples: [string, RuleLists<string>][] = [
    ['wild206', wild206()],
    ['wild206 seed 1', wild206(1)],
    ['wild206 seed 2', wild206(2)],
    ['wild206 seed 3', wild206(3)],
    ['one-off heavy seed 1', oneOffHeavy(1)],
    ['one-off heavy seed 2', oneOffHeavy(2)],
    ['one-off heavy seed 3', oneOffHeavy(3)],
  ];
  for (const [name, input] of samples) {
    test(name, () => {
      assert.equal(input.allow.length, 206);
      const r = consolidate(input, { generalize: true, prune: true });
      assert.deepEqual(r.verification.mismatches, []);
      assert.deepEqual(r.rules.deny, input.deny);
      assert.deepEqual(r.rules.ask, input.ask);
      assertSafe(name, input, r.rules, r.changes);
      const pruned = r.changes.filter((c) => c.tier === 'prune').length;
      process.stdout.write(
        `# ${name}: allow ${input.allow.length} -> ${r.rules.allow.length} (all lists ${r.before} -> ${r.after}), ${pruned} pruned\n`,
      );
      // Every `kill <pid>`, `rm build/Release/<n>`, `rm /tmp/…/<n>` and local-port curl is gone.
      for (const raw of r.rules.allow)
        assert.ok(!/^Bash\((kill( -\w+)? \d+|rm (build\/Release|\/tmp)\/|curl -s http:\/\/localhost:\d+)/.test(raw), raw);
      // What remains is what the risk policy and the evidence leave: see the report for the figures.
      assert.ok(r.rules.allow.length <= (name.startsWith('wild206') ? 56 : 62), `${r.rules.allow.length} allow rules left`);
    });
  }
  test('the real corpus: no deny or ask decision changes, nothing newly allowed outside the risk policy', () => {
    let before = 0;
    let after = 0;
    let pruned = 0;
    for (const f of corpusFiles()) {
      const r = consolidate(f.lists, { generalize: true, prune: true });
      assert.deepEqual(r.verification.mismatches, [], f.name);
      assertSafe(f.name, f.lists, r.rules, r.changes);
      before += r.before;
      after += r.after;
      pruned += r.changes.filter((c) => c.tier === 'prune').length;
    }
    process.stdout.write(`# generalize + prune on the real corpus: ${before} -> ${after} rules, ${pruned} one-offs pruned\n`);
  });
});
