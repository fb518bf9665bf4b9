// The real corpus (../shared/data/permissions/real, 72 files) through the exact tier: the new file
// parses back to the consolidated lists, no deny/ask rule is lost, and every probe (each Bash
// command of the file's own rules, generated variants, fixed risky calls) keeps its decision.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { credentialsIn } from '../../../src/core/permissions/credentials';
import { findingsFor } from '../../../src/core/permissions/findings';
import { memberOf, parseJsonc } from '../../../src/core/permissions/jsonc';
import { planFile } from '../../../src/core/permissions/planFile';
import { parseSettingsText } from '../../../src/core/permissions/settingsFile';
import { ruleCovers } from '../../../src/core/permissions/containment';
import { parseRule } from '../../../src/core/permissions/ruleParser';
import type { RuleLists } from '../../../src/core/permissions/types';
import { CORPUS_DIR, assertSameDecisions, corpusFiles } from '../../support/permissions/helpers';

/** The text with the permission arrays cut out (to compare everything else byte for byte). */
function withoutArrays(text: string): string {
  const root = parseJsonc(text);
  const perms = memberOf(root, 'permissions')?.value;
  const spans = (['allow', 'ask', 'deny'] as const)
    .map((l) => memberOf(perms, l)?.value)
    .filter((n) => n !== undefined)
    .map((n) => [n.start, n.end] as const)
    .sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [a, b] of spans) out = `${out.slice(0, a)}[]${out.slice(b)}`;
  return out;
}

describe('real corpus, exact tier', () => {
  const files = corpusFiles();
  const rows: string[] = [];
  let before = 0;
  let after = 0;
  let probes = 0;
  test('there are 72 files with 1,710 rules', () => {
    assert.equal(files.length, 72);
    assert.equal(
      files.reduce((n, f) => n + f.lists.allow.length + f.lists.ask.length + f.lists.deny.length, 0),
      1710,
    );
  });
  for (const file of files) {
    test(file.name, () => {
      const read = parseSettingsText(file.text, file.name);
      assert.ok(read.ok, 'the JSONC reader reads the file');
      assert.deepEqual(read.lists, file.lists, 'the JSONC reader agrees with JSON.parse');
      const plan = planFile(join(CORPUS_DIR, file.name));
      assert.ok(plan.ok, plan.ok ? '' : plan.error);
      const lists = plan.lists?.after as RuleLists<string>;
      const reread = parseSettingsText(plan.newText, file.name);
      assert.ok(reread.ok, 'the new text parses');
      assert.deepEqual(reread.lists, lists, 'the new text holds the consolidated lists');
      assert.equal(withoutArrays(plan.newText), withoutArrays(file.text), 'every byte outside the permission arrays is unchanged');
      assert.equal(plan.verification?.mismatches, 0);
      assert.equal(plan.verification?.reverted, 0);
      for (const list of ['deny', 'ask'] as const) {
        for (const raw of file.lists[list]) {
          if (lists[list].includes(raw)) continue;
          const rule = parseRule(raw, list);
          const kept = lists[list].some((k) => k === raw.replace(/:\*\)$/, ' *)') || ruleCovers(parseRule(k, list), list, rule, list));
          assert.ok(kept, `${list} rule ${raw} lost`);
        }
      }
      probes += assertSameDecisions(file.lists, lists);
      if (plan.before !== plan.after) rows.push(`${file.name}: ${plan.before} -> ${plan.after} (-${plan.before - plan.after})`);
      before += plan.before;
      after += plan.after;
    });
  }
  test('credentials: the 9 rules in 5 files the reference counts (plus placeholder values as warnings)', () => {
    const errors = files.flatMap((f) =>
      findingsFor(f.lists)
        .filter((x) => x.kind === 'credential' && x.severity === 'error')
        .map((x) => ({ file: f.name, rule: x.rule, index: x.index, list: x.list })),
    );
    assert.equal(errors.length, 9);
    assert.equal(new Set(errors.map((e) => e.file)).size, 5);
    for (const e of errors) {
      // The finding locates the rule by its list and index, and shows it with the secret masked.
      const raw = files.find((f) => f.name === e.file)?.lists[e.list ?? 'allow'][e.index ?? -1] ?? '';
      assert.ok(credentialsIn(raw).length > 0, `${e.file} #${e.index ?? '?'} is the rule that carries the credential`);
      assert.deepEqual(credentialsIn(e.rule ?? ''), [], `no secret left in ${e.rule ?? ''}`);
      assert.ok((e.rule ?? '').includes('[secret: '), 'the masked place is marked');
    }
  });
  test('totals', () => {
    process.stdout.write(
      `\n# exact tier on the real corpus: ${before} -> ${after} rules (-${before - after}), ${probes} probe decisions unchanged\n`,
    );
    for (const r of rows) process.stdout.write(`#   ${r}\n`);
    assert.ok(after < before);
  });
});
