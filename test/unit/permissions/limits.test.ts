// Bounds of one consolidation run: too many rules (the file is not consolidated), over-long rules
// (kept verbatim where they are, the rest consolidated), and the time limit (the run stops and
// changes nothing). Each case says so in a finding that names the file; nothing is dropped.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSOLIDATION_LIMITS, consolidate } from '../../../src/core/permissions/consolidate';
import { parseCodexRules } from '../../../src/core/permissions/codexPolicy';
import { planFile } from '../../../src/core/permissions/planFile';
import { lists } from '../../support/permissions/helpers';

describe('consolidation limits', () => {
  test('more rules than the limit: nothing changes, and the finding names the file', () => {
    const allow = Array.from({ length: 30 }, (_, i) => `Bash(git add f${i % 10}.ts)`);
    const r = consolidate(lists({ allow }), { maxRules: 20, source: '/x/.claude/settings.json' });
    assert.deepEqual(r.rules.allow, allow);
    assert.deepEqual(r.changes, []);
    const f = r.findings.find((x) => x.kind === 'limit');
    assert.equal(f?.severity, 'error');
    assert.match(f?.message ?? '', /^\/x\/\.claude\/settings\.json: 30 rules, more than the 20 .*nothing was changed/);
  });

  test('the default limit is far above real files (312 rules at most) and at least the 10,000 of the benchmark', () => {
    assert.ok(CONSOLIDATION_LIMITS.maxRules >= 10_000);
    assert.ok(CONSOLIDATION_LIMITS.maxRuleChars >= 2_239 * 4);
  });

  test('an over-long rule is kept verbatim in its place, the others are consolidated', () => {
    const long = `Bash(python -c "${'x'.repeat(200)}")`;
    const r = consolidate(lists({ allow: ['Bash(ls:*)', long, 'Bash(ls -la)', long], deny: [long] }), {
      maxRuleChars: 100,
      source: 'settings.local.json',
    });
    assert.deepEqual(r.rules.allow, ['Bash(ls *)', long, long], 'duplicates of an unanalysed rule are not judged either');
    assert.deepEqual(r.rules.deny, [long]);
    const f = r.findings.filter((x) => x.kind === 'limit');
    assert.equal(f.length, 3);
    assert.ok(
      f.every((x) => x.severity === 'warning' && /^settings\.local\.json: (allow|deny) rule #\d+ is \d+ characters long/.test(x.message)),
    );
    assert.deepEqual(
      f.map((x) => [x.list, x.index]),
      [
        ['deny', 0],
        ['allow', 1],
        ['allow', 3],
      ],
    );
  });

  test('a run past its time limit stops cleanly: nothing changes, and it says so', () => {
    let now = 0;
    const clock = (): number => (now += 10);
    const allow = Array.from({ length: 400 }, (_, i) => `Bash(git add f${i}.ts)`).concat('Bash(git add *)');
    const r = consolidate(lists({ allow }), { deadlineMs: 50, clock, source: 'big.json', generalize: true });
    assert.deepEqual(r.rules.allow, allow);
    assert.deepEqual(r.changes, []);
    assert.equal(r.after, r.before);
    const f = r.findings.find((x) => x.kind === 'limit');
    assert.equal(f?.severity, 'error');
    assert.match(f?.message ?? '', /^big\.json: the consolidation took longer than its 50 ms limit and was stopped; nothing was changed/);
  });

  test('planFile: a file past a limit is planned with no new text, the finding naming its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aa-limits-'));
    try {
      const file = join(dir, 'settings.json');
      const allow = Array.from({ length: 30 }, () => 'Bash(ls)');
      writeFileSync(file, JSON.stringify({ permissions: { allow } }));
      const plan = planFile(file, { maxRules: 20 });
      assert.ok(plan.ok);
      assert.equal(plan.newText, plan.originalText);
      assert.ok(plan.findings.some((f) => f.kind === 'limit' && f.message.startsWith(`${file}: 30 rules`)));
      let now = 0;
      const slow = planFile(file, { deadlineMs: 1, clock: () => (now += 5) });
      assert.ok(slow.ok);
      assert.equal(slow.newText, slow.originalText, 'nothing to write');
      assert.ok(slow.findings.some((f) => f.kind === 'limit' && f.message.startsWith(`${file}: the consolidation took longer`)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("other agents' files stay linear", () => {
  test('a Gemini list of nearly 20,000 entries is consolidated in linear time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aa-limits-'));
    try {
      const file = join(dir, 'settings.json');
      const allowed = Array.from({ length: 19_990 }, (_, i) => `run_shell_command(tool${i} sub)`).concat('run_shell_command(tool1)');
      writeFileSync(file, JSON.stringify({ tools: { allowed, exclude: ['run_shell_command(tool2)'] } }));
      const t0 = performance.now();
      const plan = planFile(file);
      assert.ok(performance.now() - t0 < 5_000, 'no pairwise comparison of 20,000 entries');
      assert.ok(plan.ok);
      // tool1 sub is covered by tool1; tool2 sub is excluded.
      assert.equal(plan.after, 19_990 + 1 + 1 - 2);
      const over = join(dir, 'over.json');
      writeFileSync(over, JSON.stringify({ tools: { allowed: Array.from({ length: 20_001 }, (_, i) => `x${i}`) } }));
      const refused = planFile(over);
      assert.ok(refused.ok && refused.newText === refused.originalText);
      assert.ok(refused.findings.some((f) => f.kind === 'limit' && f.message.startsWith(`${over}: 20001 entries`)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('a Codex rules file with many (or unclosed) prefix_rule calls is read in linear time, and bounded', () => {
    const many = Array.from({ length: 30_000 }, (_, i) => `prefix_rule(pattern=["t${i % 50}", "x${i}"], decision="allow")`).join('\n');
    let t0 = performance.now();
    const r = parseCodexRules(many);
    assert.ok(performance.now() - t0 < 5_000);
    assert.equal(r.rules.length, 20_000);
    assert.ok(r.findings.some((f) => f.kind === 'limit'));
    t0 = performance.now();
    parseCodexRules('prefix_rule('.repeat(100_000));
    assert.ok(performance.now() - t0 < 5_000, 'unclosed calls are not rescanned');
  });
});
